/* What the bytes are: binary or text, HTML or a text dump.
 *
 * Kept apart from the transcoding in sniff.c because it is a different
 * question asked at a different time: binary sniffing looks at the raw
 * bytes before any decoding (magic numbers, NUL and control bytes) and
 * refuses early, while the HTML-or-text choice looks at the decoded UTF-8.
 * Both only read the first few KiB, so a large input costs nothing here. */
#include "sniff_type.h"

#include <string.h>
#include <strings.h>

#include "simd.h"
#include "sniff.h"

/* ---- binary sniffing --------------------------------------------------------- */

typedef struct {
    size_t off;
    const char *magic;
    size_t len;
    const char *what;
} magic_t;

static const char *binary_magic(const uint8_t *d, size_t n)
{
#define M(off, bytes, what)                                                                        \
    {                                                                                              \
        off, bytes, sizeof(bytes) - 1, what                                                        \
    }
    static const magic_t magics[] = {
        M(0, "\x89PNG\r\n\x1a\n", "PNG image"),
        M(0, "\xff\xd8\xff", "JPEG image"),
        M(0, "GIF87a", "GIF image"),
        M(0, "GIF89a", "GIF image"),
        M(0, "%PDF-", "PDF document"),
        M(0, "PK\x03\x04", "ZIP archive (or an office document)"),
        M(0, "PK\x05\x06", "ZIP archive"),
        M(0, "PK\x07\x08", "ZIP archive"),
        M(0, "\x1f\x8b", "gzip archive"),
        M(0,
          "\xfd"
          "7zXZ\x00",
          "xz archive"),
        M(0, "7z\xbc\xaf\x27\x1c", "7z archive"),
        M(0, "\x28\xb5\x2f\xfd", "zstd archive"),
        M(0, "Rar!\x1a\x07", "RAR archive"),
        M(0, "LZIP", "lzip archive"),
        M(0, "\x04\x22\x4d\x18", "LZ4 archive"),
        M(0, "!<arch>\n", "ar archive (or a Debian package)"),
        M(0,
          "\x7f"
          "ELF",
          "ELF executable"),
        M(0, "\xca\xfe\xba\xbe", "Mach-O or Java class file"),
        M(0, "\xcf\xfa\xed\xfe", "Mach-O executable"),
        M(0, "\xce\xfa\xed\xfe", "Mach-O executable"),
        M(0, "\xfe\xed\xfa\xcf", "Mach-O executable"),
        M(0, "\xfe\xed\xfa\xce", "Mach-O executable"),
        M(0,
          "\x00"
          "asm",
          "WebAssembly module"),
        M(0, "SQLite format 3\x00", "SQLite database"),
        M(0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (old Office format)"),
        M(0, "OggS", "Ogg media"),
        M(0, "fLaC", "FLAC audio"),
        M(0, "\x1a\x45\xdf\xa3", "Matroska/WebM video"),
        M(0, "wOFF", "WOFF font"),
        M(0, "wOF2", "WOFF2 font"),
        M(0, "II*\x00", "TIFF image"),
        M(0, "MM\x00*", "TIFF image"),
        M(0, "8BPS", "Photoshop image"),
        M(257, "ustar", "tar archive"),
    };
#undef M
    for (size_t i = 0; i < sizeof magics / sizeof *magics; i++) {
        const magic_t *m = &magics[i];
        if (n >= m->off + m->len && memcmp(d + m->off, m->magic, m->len) == 0)
            return m->what;
    }
    if (n >= 12 && memcmp(d, "RIFF", 4) == 0) {
        if (memcmp(d + 8, "WEBP", 4) == 0)
            return "WebP image";
        if (memcmp(d + 8, "WAVE", 4) == 0)
            return "WAV audio";
        if (memcmp(d + 8, "AVI ", 4) == 0)
            return "AVI video";
        return "RIFF media";
    }
    if (n >= 12 && memcmp(d + 4, "ftyp", 4) == 0)
        return "MP4/QuickTime media (or HEIF/AVIF image)";
    if (n >= 10 && memcmp(d, "BZh", 3) == 0 && d[3] >= '1' && d[3] <= '9' &&
        (memcmp(d + 4, "\x31\x41\x59\x26\x53\x59", 6) == 0 ||
         memcmp(d + 4, "\x17\x72\x45\x38\x50\x90", 6) == 0))
        return "bzip2 archive";
    if (n >= 10 && memcmp(d, "ID3", 3) == 0 && d[3] >= 2 && d[3] <= 4 && d[4] == 0)
        return "MP3 audio";
    if (n >= 64 && d[0] == 'M' && d[1] == 'Z') {
        uint32_t pe =
            (uint32_t)d[60] | (uint32_t)d[61] << 8 | (uint32_t)d[62] << 16 | (uint32_t)d[63] << 24;
        if (pe <= n - 4 && memcmp(d + pe, "PE\0\0", 4) == 0)
            return "Windows executable";
    }
    return NULL;
}

static int wide_bom(const uint8_t *data, size_t len)
{
    return (len >= 2 &&
            ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF))) ||
           (len >= 4 && data[0] == 0 && data[1] == 0 && data[2] == 0xFE && data[3] == 0xFF);
}

int pith_sniff_binary(const uint8_t *data, size_t len, size_t *strays, pith_err_t *err)
{
    if (strays)
        *strays = 0;
    if (len == 0)
        return pith_err_set(err, PITH_EEMPTY, "empty input");
    const char *what = binary_magic(data, len);
    if (what)
        return pith_err_set(err, PITH_EBINARY, "binary input: %s", what);
    /* UTF-16 and UTF-32 text legitimately holds NUL bytes. */
    if (wide_bom(data, len))
        return 0;
    size_t nuls = 0;
    for (const uint8_t *p = data, *end = data + len; (p = memchr(p, 0, (size_t)(end - p))); p++) {
        if (p - data < PITH_NUL_HEAD || ++nuls * PITH_NUL_SHARE > len)
            return pith_err_set(err, PITH_EBINARY, "binary input: NUL bytes");
    }
    if (strays)
        *strays = nuls;
    size_t lim = len < 65536 ? len : 65536, ctl = 0, i = 0;
#if PITH_SIMD
    /* Sixteen bytes at a time with the same test as below. */
    for (; i + 16 <= lim; i += 16)
        for (unsigned m = pith_simd16_ctl(data + i); m; m &= m - 1)
            ctl++;
#endif
    while (i < lim) {
        /* Eight bytes at a time, one flag bit (bit 7) per byte: for a byte
         * b without its high bit, b + 0x60 keeps bit 7 clear exactly when
         * b < 0x20, b + 0x77 sets it and b + 0x70 does not exactly when b
         * is in 0x09..0x0F, and no addition carries into the next byte. */
        if (i + 8 <= lim) {
            const uint64_t lo7 = 0x7F7F7F7F7F7F7F7FULL, hi = 0x8080808080808080ULL;
            uint64_t w;
            memcpy(&w, data + i, 8);
            uint64_t low = ~((w & lo7) + 0x6060606060606060ULL) & ~w & hi;
            uint64_t x = w ^ lo7;
            uint64_t del = ~(((x & lo7) + lo7) | x) & hi;
            /* Allowed below 0x20: 0x09..0x0F (\t \n \v \f \r SO SI) and ESC. */
            uint64_t tab =
                ((w & lo7) + 0x7777777777777777ULL) & ~((w & lo7) + 0x7070707070707070ULL);
            uint64_t e = w ^ 0x1B1B1B1B1B1B1B1BULL;
            uint64_t esc = ~(((e & lo7) + lo7) | e) & hi;
            uint64_t bad = ((low & ~(tab | esc)) | del) & hi;
            if (bad)
                ctl += (size_t)(((bad >> 7) * 0x0101010101010101ULL) >> 56);
            i += 8;
            continue;
        }
        for (; i < lim; i++) {
            uint8_t b = data[i];
            if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v' &&
                 b != 0x1B && b != 0x0E && b != 0x0F) ||
                b == 0x7F)
                ctl++;
        }
    }
    if (ctl * 20 > lim)
        return pith_err_set(err, PITH_EBINARY, "binary input: %zu control bytes in the first %zu",
                            ctl, lim);
    return 0;
}

/* ---- HTML or text ------------------------------------------------------------ */

/* Is s[0..n) an HTML element name that pages use a lot? */
static int html_element(const char *s, size_t n)
{
    static const char *const names[] = {
        "a",        "abbr",  "article", "aside",      "audio",    "b",     "base",   "blockquote",
        "body",     "br",    "button",  "caption",    "center",   "code",  "dd",     "div",
        "dl",       "dt",    "em",      "figcaption", "figure",   "font",  "footer", "form",
        "h1",       "h2",    "h3",      "h4",         "h5",       "h6",    "head",   "header",
        "hr",       "html",  "i",       "iframe",     "img",      "input", "label",  "li",
        "link",     "main",  "meta",    "nav",        "noscript", "ol",    "option", "p",
        "picture",  "pre",   "script",  "section",    "select",   "small", "source", "span",
        "strong",   "style", "sub",     "sup",        "svg",      "table", "tbody",  "td",
        "textarea", "th",    "thead",   "time",       "title",    "tr",    "u",      "ul",
        "video"};
    if (n == 0 || n > 10)
        return 0;
    char low[12];
    for (size_t i = 0; i < n; i++)
        low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
    low[n] = '\0';
    size_t lo = 0, hi = sizeof names / sizeof *names;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(low, names[mid]);
        if (c == 0)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

static int starts_ci(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(end - p) >= n && strncasecmp(p, lit, n) == 0;
}

pith_type_t pith_sniff_type(const char *utf8, size_t len)
{
    size_t lim = len < 8192 ? len : 8192;
    const char *p = utf8, *end = utf8 + lim;
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f'))
        p++;
    if (starts_ci(p, end, "<!doctype html") || starts_ci(p, end, "<html") ||
        starts_ci(p, end, "<head") || starts_ci(p, end, "<body") ||
        (starts_ci(p, end, "<?xml") && pith_sniff_find_ci(p, (size_t)(end - p), "<html")))
        return PITH_TYPE_HTML;
    size_t tags = 0, structural = 0;
    for (const char *q = p; q < end; q++) {
        q = memchr(q, '<', (size_t)(end - q));
        if (!q)
            break;
        const char *t = q + 1;
        if (t + 3 <= end && memcmp(t, "!--", 3) == 0) {
            tags++;
            continue;
        }
        if (t < end && *t == '/')
            t++;
        const char *name = t;
        while (t < end &&
               ((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') || (*t >= '1' && *t <= '6')))
            t++;
        if (t >= end ||
            !(*t == '>' || *t == ' ' || *t == '/' || *t == '\n' || *t == '\t' || *t == '\r'))
            continue;
        size_t nn = (size_t)(t - name);
        if (!html_element(name, nn))
            continue;
        tags++;
        if ((nn == 4 && (strncasecmp(name, "html", 4) == 0 || strncasecmp(name, "head", 4) == 0 ||
                         strncasecmp(name, "body", 4) == 0)))
            structural++;
    }
    size_t span = (size_t)(end - p);
    if (structural && tags >= 3)
        return PITH_TYPE_HTML;
    if (tags >= 2 && tags * 200 >= span)
        return PITH_TYPE_HTML; /* a fragment: at least a tag per 200 bytes */
    if (tags >= 24)
        return PITH_TYPE_HTML;
    return PITH_TYPE_TEXT;
}
