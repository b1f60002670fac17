/* Transcoding: how to read the bytes (what they are is sniff_type.c).
 *
 * Everything downstream works on valid UTF-8, so this is the one place that
 * looks at raw bytes. The order of evidence follows what browsers do, with
 * one deliberate exception: a BOM wins, then the charset the HTTP header
 * declared, then one declared in the document (<meta>, <?xml encoding>),
 * then the bytes themselves. The exception is that a declaration the bytes
 * contradict is not believed: text that is valid UTF-8 and holds non-ASCII
 * sequences is read as UTF-8 whatever a legacy charset label says, because
 * mislabelled UTF-8 is by far the most common charset bug on the web and
 * valid multi-byte UTF-8 almost never happens by chance in legacy text.
 *
 * UTF-8, UTF-16/32 and windows-1252 (which browsers use for iso-8859-1 and
 * ASCII labels too) are decoded here; every other encoding of the WHATWG
 * Encoding Standard goes through iconv (only its labels are honoured: see
 * charset_resolve) with a fresh descriptor per call (no shared state: the core is
 * re-entrant). Undecodable bytes become U+FFFD, one per maximal invalid
 * subpart, and each iconv error consumes input, so no input can make the
 * conversion loop forever. */
#include "sniff.h"

#include "simd.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---- UTF-8 ------------------------------------------------------------ */

int32_t pith_utf8_next(const char *s, size_t n, size_t *adv)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char b = u[0];
    if (b < 0x80) {
        *adv = 1;
        return b;
    }
    int need;
    unsigned char lo = 0x80, hi = 0xBF;
    int32_t cp;
    if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        cp = b & 0x0F;
        if (b == 0xE0)
            lo = 0xA0;
        else if (b == 0xED)
            hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        cp = b & 0x07;
        if (b == 0xF0)
            lo = 0x90;
        else if (b == 0xF4)
            hi = 0x8F;
    } else {
        *adv = 1;
        return -1;
    }
    size_t i = 1;
    for (; i <= (size_t)need; i++) {
        if (i >= n || u[i] < lo || u[i] > hi) {
            *adv = i;
            return -1;
        }
        cp = (cp << 6) | (u[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *adv = i;
    return cp;
}

/* How many ASCII bytes s[0..n) starts with: the run pith_utf8_valid skips. */
static size_t ascii_run(const char *s, size_t n)
{
#if PITH_SIMD
    return pith_simd_ascii_prefix(s, n);
#else
    size_t i = 0;
    /* 32 bytes at a time while it lasts, then eight, then one. */
    while (i + 32 <= n) {
        uint64_t w[4];
        memcpy(w, s + i, 32);
        if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ULL)
            break;
        i += 32;
    }
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ULL)
            break;
        i += 8;
    }
    while (i < n && (unsigned char)s[i] < 0x80)
        i++;
    return i;
#endif
}

int pith_utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            i += ascii_run(s + i, n - i);
            continue;
        }
        /* Two-byte sequences (Latin accents, Cyrillic, Greek) need no range
         * checks beyond the lead byte's. */
        if (b >= 0xC2 && b <= 0xDF && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        }
        size_t adv;
        if (pith_utf8_next(s + i, n - i, &adv) < 0)
            return 0;
        i += adv;
    }
    return 1;
}

/* Counts valid multi-byte sequences and invalid subparts. */
static void utf8_stats(const uint8_t *d, size_t n, size_t *multi, size_t *bad)
{
    size_t m = 0, x = 0;
    for (size_t i = 0; i < n;) {
        if (d[i] < 0x80) {
            i++;
            continue;
        }
        size_t adv;
        if (pith_utf8_next((const char *)d + i, n - i, &adv) < 0)
            x++;
        else
            m++;
        i += adv;
    }
    *multi = m;
    *bad = x;
}

/* Does the word hold a NUL or a byte with the high bit set? Either ends an
 * ASCII run; the zero test is the classic exact one (no false positives
 * because the high bits are tested on their own). */
static inline int word_not_plain_ascii(uint64_t w)
{
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7FULL, hi = 0x8080808080808080ULL;
    uint64_t zero = ~(((w & lo7) + lo7) | w) & hi;
    return ((w & hi) | zero) != 0;
}

/* Appends s[0..n) as UTF-8, replacing invalid subparts and NULs.
 *
 * Valid input (the usual case) is copied in runs as long as possible: ASCII
 * is skipped eight bytes at a time and valid multi-byte sequences extend the
 * run instead of being appended one by one, so only a NUL or an invalid
 * subpart costs an append of its own. */
static int put_utf8_repaired(pith_buf_t *out, const uint8_t *d, size_t n)
{
    if (n > (PITH_BUF_MAX - 8) / 3)
        return PITH_ETOOBIG;
    int rc = pith_buf_reserve(out, n);
    size_t i = 0, run = 0;
    while (rc == 0 && i < n) {
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, d + i, 8);
            if (word_not_plain_ascii(w))
                break;
            i += 8;
        }
        if (i >= n)
            break;
        uint8_t b = d[i];
        if (b > 0 && b < 0x80) {
            i++;
            continue;
        }
        size_t adv = 1;
        if (b && pith_utf8_next((const char *)d + i, n - i, &adv) >= 0) {
            i += adv;
            continue;
        }
        if (i > run && (rc = pith_buf_append(out, d + run, i - run)))
            break;
        rc = pith_buf_put_cp(out, 0xFFFD);
        i += adv;
        run = i;
    }
    if (rc == 0 && n > run)
        rc = pith_buf_append(out, d + run, n - run);
    return rc;
}

/* Appends input already known to be valid UTF-8: one copy unless it holds
 * NULs, which still have to become U+FFFD. With same set (d is the whole
 * input), nothing is copied when nothing would change: *same says so. */
static int put_valid_utf8(pith_buf_t *out, const uint8_t *d, size_t n, int *same)
{
    if (n > (PITH_BUF_MAX - 8) / 3)
        return PITH_ETOOBIG;
    if (memchr(d, 0, n))
        return put_utf8_repaired(out, d, n);
    if (same) {
        *same = 1;
        return 0;
    }
    return pith_buf_append(out, d, n);
}

/* ---- windows-1252 --------------------------------------------------------- */

int32_t pith_cp1252(uint8_t b)
{
    static const uint16_t c1[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
    return b >= 0x80 && b <= 0x9F ? c1[b - 0x80] : b;
}

static int put_cp1252(pith_buf_t *out, const uint8_t *d, size_t n)
{
    if (n > (PITH_BUF_MAX - 8) / 3)
        return PITH_ETOOBIG;
    int rc = pith_buf_reserve(out, n);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (d[i] == 0)
            rc = pith_buf_put_cp(out, 0xFFFD);
        else if (d[i] < 0x80)
            rc = pith_buf_putc(out, (char)d[i]);
        else
            rc = pith_buf_put_cp(out, pith_cp1252(d[i]));
    }
    return rc;
}

/* ---- UTF-16 / UTF-32 -------------------------------------------------------- */

static int put_utf16(pith_buf_t *out, const uint8_t *d, size_t n, int be)
{
    int rc = pith_buf_reserve(out, n + n / 2);
    size_t i = 0;
    while (rc == 0 && i + 1 < n) {
        uint32_t u = be ? (uint32_t)(d[i] << 8 | d[i + 1]) : (uint32_t)(d[i + 1] << 8 | d[i]);
        i += 2;
        int32_t cp = (int32_t)u;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n) {
            uint32_t v = be ? (uint32_t)(d[i] << 8 | d[i + 1]) : (uint32_t)(d[i + 1] << 8 | d[i]);
            if (v >= 0xDC00 && v <= 0xDFFF) {
                cp = 0x10000 + (int32_t)(((u - 0xD800) << 10) | (v - 0xDC00));
                i += 2;
            }
        }
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
            cp = 0xFFFD;
        rc = pith_buf_put_cp(out, cp);
    }
    if (rc == 0 && i < n)
        rc = pith_buf_put_cp(out, 0xFFFD); /* odd trailing byte */
    return rc;
}

static int put_utf32(pith_buf_t *out, const uint8_t *d, size_t n, int be)
{
    int rc = pith_buf_reserve(out, n);
    size_t i = 0;
    for (; rc == 0 && i + 3 < n; i += 4) {
        uint32_t u = be ? (uint32_t)d[i] << 24 | (uint32_t)d[i + 1] << 16 |
                              (uint32_t)d[i + 2] << 8 | d[i + 3]
                        : (uint32_t)d[i + 3] << 24 | (uint32_t)d[i + 2] << 16 |
                              (uint32_t)d[i + 1] << 8 | d[i];
        int32_t cp = u == 0 || u > 0x10FFFF ? 0xFFFD : (int32_t)u;
        rc = pith_buf_put_cp(out, cp); /* surrogates become U+FFFD there */
    }
    if (rc == 0 && i < n)
        rc = pith_buf_put_cp(out, 0xFFFD);
    return rc;
}

/* ---- iconv --------------------------------------------------------------- */

static int put_iconv(pith_buf_t *out, iconv_t cd, const uint8_t *d, size_t n)
{
    if (n > (PITH_BUF_MAX - 64) / 4)
        return PITH_ETOOBIG;
    int rc = pith_buf_reserve(out, n * 2 + 16);
    char *in = (char *)(uintptr_t)d;
    size_t inleft = n;
    /* Every round either converts, consumes a bad byte or grows the buffer,
     * and growth is bounded by the cap; the counter is a second guard. */
    size_t rounds = 4 * n + 64;
    while (rc == 0 && rounds--) {
        char *o = out->data + out->len;
        size_t oleft = out->cap - out->len - 1;
        if (inleft == 0)
            break;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        out->len = (size_t)(o - out->data);
        out->data[out->len] = '\0';
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG) {
            rc = pith_buf_reserve(out, inleft * 3 + 64);
        } else if (errno == EILSEQ || errno == EINVAL) {
            rc = pith_buf_put_cp(out, 0xFFFD);
            in++;
            inleft--;
            iconv(cd, NULL, NULL, NULL, NULL);
        } else {
            break;
        }
    }
    if (rc == 0) {
        /* Let stateful encodings (ISO-2022-*) return to their initial state. */
        rc = pith_buf_reserve(out, 16);
        if (rc == 0) {
            char *o = out->data + out->len;
            size_t oleft = out->cap - out->len - 1;
            iconv(cd, NULL, NULL, &o, &oleft);
            out->len = (size_t)(o - out->data);
            out->data[out->len] = '\0';
        }
    }
    return rc;
}

/* ---- charset names ------------------------------------------------------ */

typedef enum { CS_UNKNOWN, CS_UTF8, CS_UTF16LE, CS_UTF16BE, CS_CP1252, CS_ICONV } cs_kind_t;

typedef struct {
    cs_kind_t kind;
    char name[48]; /* for CS_ICONV: the name to give iconv */
} charset_t;

/* The labels of the WHATWG Encoding Standard (encoding.spec.whatwg.org,
 * "Encodings" table), grouped by the encoding they name, and how each
 * encoding is decoded here: built in, or by the iconv name given. Only these
 * labels are honoured. Anything else iconv would accept (UTF-7, which turns
 * "+ADw-script+AD4-" into "<script>", EBCDIC, UCS-4, ...) is an unknown
 * label and the bytes decide, as in a browser. The "replacement" labels
 * (ISO-2022-KR/CN, HZ: encodings that can smuggle ASCII) are unknown too:
 * a browser shows such a page as one U+FFFD, so no text of it can be
 * trusted to decode. Labels are compared after trimming and lower-casing. */
typedef struct {
    cs_kind_t kind;
    const char *iconv;  /* for CS_ICONV */
    const char *labels; /* space-separated */
} encoding_t;

static const encoding_t encodings[] = {
    {CS_UTF8, NULL, "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"},
    {CS_ICONV, "IBM866", "866 cp866 csibm866 ibm866"},
    {CS_ICONV, "ISO-8859-2",
     "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2"},
    {CS_ICONV, "ISO-8859-3",
     "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3"},
    {CS_ICONV, "ISO-8859-4",
     "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4"},
    {CS_ICONV, "ISO-8859-5",
     "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 "
     "iso_8859-5:1988"},
    {CS_ICONV, "ISO-8859-6",
     "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
     "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987"},
    {CS_ICONV, "ISO-8859-7",
     "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
     "iso_8859-7 iso_8859-7:1987 sun_eu_greek"},
    {CS_ICONV, "ISO-8859-8",
     "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 "
     "iso_8859-8 iso_8859-8:1988 visual"},
    {CS_ICONV, "ISO-8859-8", "csiso88598i iso-8859-8-i logical"}, /* ISO-8859-8-I: same bytes */
    {CS_ICONV, "ISO-8859-10", "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6"},
    {CS_ICONV, "ISO-8859-13", "iso-8859-13 iso8859-13 iso885913"},
    {CS_ICONV, "ISO-8859-14", "iso-8859-14 iso8859-14 iso885914"},
    {CS_ICONV, "ISO-8859-15", "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9"},
    {CS_ICONV, "ISO-8859-16", "iso-8859-16"},
    {CS_ICONV, "KOI8-R", "cskoi8r koi koi8 koi8-r koi8_r"},
    {CS_ICONV, "KOI8-U", "koi8-ru koi8-u"},
    {CS_ICONV, "MACINTOSH", "csmacintosh mac macintosh x-mac-roman"},
    {CS_ICONV, "CP874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"},
    {CS_ICONV, "CP1250", "cp1250 windows-1250 x-cp1250"},
    {CS_ICONV, "CP1251", "cp1251 windows-1251 x-cp1251"},
    {CS_CP1252, NULL,
     "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 "
     "iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252"},
    {CS_ICONV, "CP1253", "cp1253 windows-1253 x-cp1253"},
    {CS_ICONV, "CP1254",
     "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 "
     "latin5 windows-1254 x-cp1254"},
    {CS_ICONV, "CP1255", "cp1255 windows-1255 x-cp1255"},
    {CS_ICONV, "CP1256", "cp1256 windows-1256 x-cp1256"},
    {CS_ICONV, "CP1257", "cp1257 windows-1257 x-cp1257"},
    {CS_ICONV, "CP1258", "cp1258 windows-1258 x-cp1258"},
    {CS_ICONV, "MAC-CYRILLIC", "x-mac-cyrillic x-mac-ukrainian"},
    /* GBK is decoded as gb18030, its superset, as the standard does. */
    {CS_ICONV, "GB18030",
     "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030"},
    {CS_ICONV, "BIG5-HKSCS", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"},
    {CS_ICONV, "EUC-JP", "cseucpkdfmtjapanese euc-jp x-euc-jp"},
    {CS_ICONV, "ISO-2022-JP", "csiso2022jp iso-2022-jp"},
    {CS_ICONV, "WINDOWS-31J",
     "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis"},
    {CS_ICONV, "CP949",
     "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 "
     "ksc_5601 windows-949"},
    {CS_UTF16BE, NULL, "unicodefffe utf-16be"},
    {CS_UTF16LE, NULL, "csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le"},
    /* Bytes 0x80-0xFF as private-use characters: HTML reads a document so
     * labelled as windows-1252. */
    {CS_CP1252, NULL, "x-user-defined"},
};

/* Is name (NUL-terminated) one of the space-separated words of list? */
static int label_in(const char *name, size_t n, const char *list)
{
    for (const char *p = list; (p = strstr(p, name)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

/* Cleans a label (case, quotes, white space) and maps it onto what to do. */
static charset_t charset_resolve(const char *label, size_t n, int from_document)
{
    charset_t cs = {CS_UNKNOWN, ""};
    while (n && (*label == ' ' || *label == '\t' || *label == '\n' || *label == '\r' ||
                 *label == '\f' || *label == '"' || *label == '\'')) {
        label++;
        n--;
    }
    while (n && (label[n - 1] == ' ' || label[n - 1] == '\t' || label[n - 1] == '\n' ||
                 label[n - 1] == '\r' || label[n - 1] == '\f' || label[n - 1] == '"' ||
                 label[n - 1] == '\'' || label[n - 1] == ';'))
        n--;
    if (n == 0 || n >= 40)
        return cs;
    char name[48];
    for (size_t i = 0; i < n; i++) {
        char c = label[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c == ' ')
            return cs; /* no label has a space, and the table is space-separated */
        name[i] = c;
    }
    name[n] = '\0';
    for (size_t i = 0; i < sizeof encodings / sizeof *encodings; i++) {
        const encoding_t *e = &encodings[i];
        if (!label_in(name, n, e->labels))
            continue;
        cs.kind = e->kind;
        /* A document cannot declare UTF-16 about itself: if it could be
         * read to find the label, it is ASCII-compatible (WHATWG rule). */
        if (from_document && (cs.kind == CS_UTF16LE || cs.kind == CS_UTF16BE))
            cs.kind = CS_UTF8;
        if (e->iconv)
            snprintf(cs.name, sizeof cs.name, "%s", e->iconv);
        return cs;
    }
    return cs;
}

/* ---- in-document declarations ----------------------------------------- */

/* Candidates are found with memchr on the needle's first byte (both cases
 * for a letter), so a text dump with no '<' in it costs one memchr, not a
 * strncasecmp per byte. */
const char *pith_sniff_find_ci(const char *h, size_t hn, const char *needle)
{
    size_t nn = strlen(needle);
    if (nn == 0)
        return h;
    if (hn < nn)
        return NULL;
    unsigned char f = (unsigned char)needle[0];
    unsigned char lo = f, up = f;
    if (f >= 'A' && f <= 'Z')
        lo = (unsigned char)(f - 'A' + 'a');
    else if (f >= 'a' && f <= 'z')
        up = (unsigned char)(f - 'a' + 'A');
    const char *p = h, *last = h + (hn - nn); /* the last possible start */
    while (p <= last) {
        size_t span = (size_t)(last - p) + 1;
        const char *c = memchr(p, lo, span);
        if (up != lo) {
            const char *u = memchr(p, up, c ? (size_t)(c - p) : span);
            if (u)
                c = u;
        }
        if (!c)
            return NULL;
        if (strncasecmp(c, needle, nn) == 0)
            return c;
        p = c + 1;
    }
    return NULL;
}

/* Reads the value after "key" at p (spaces, '=', spaces, optional quote). */
static size_t label_after(const char *p, const char *end, const char **label)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    if (p >= end || *p != '=')
        return 0;
    p++;
    while (p < end &&
           (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '"' || *p == '\''))
        p++;
    const char *s = p;
    while (p < end && p - s < 40 &&
           ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == ':'))
        p++;
    *label = s;
    return (size_t)(p - s);
}

/* A charset declared by <meta charset>, <meta http-equiv ... charset=> or
 * <?xml encoding=> in the first 4 KiB, or 0. */
static size_t declared_in_document(const uint8_t *d, size_t n, const char **label)
{
    const char *s = (const char *)d;
    size_t hn = n < 4096 ? n : 4096;
    const char *end = s + hn;
    if (hn > 5 && strncmp(s, "<?xml", 5) == 0) {
        const char *close = memchr(s, '>', hn);
        const char *enc = pith_sniff_find_ci(s, close ? (size_t)(close - s) : hn, "encoding");
        if (enc) {
            size_t k = label_after(enc + 8, end, label);
            if (k)
                return k;
        }
    }
    const char *p = s;
    while (p < end) {
        const char *m = pith_sniff_find_ci(p, (size_t)(end - p), "<meta");
        if (!m)
            break;
        const char *gt = memchr(m, '>', (size_t)(end - m));
        const char *tend = gt ? gt : end;
        const char *q = m + 5;
        while (q < tend) {
            const char *cs = pith_sniff_find_ci(q, (size_t)(tend - q), "charset");
            if (!cs)
                break;
            size_t k = label_after(cs + 7, tend, label);
            if (k)
                return k;
            q = cs + 7;
        }
        p = tend;
    }
    return 0;
}

/* ---- guessing ------------------------------------------------------------- */

/* For undeclared text that is not UTF-8: Cyrillic text in a single-byte
 * charset is almost all high bytes, and lowercase letters (the majority)
 * sit in 0xE0..0xFF in windows-1251 but in 0xC0..0xDF in KOI8-R. Anything
 * else is read as windows-1252, the web's default. */
static const char *guess_legacy(const uint8_t *d, size_t n)
{
    size_t ascii_letters = 0, high = 0, c0df = 0, e0ff = 0;
    size_t lim = n < 65536 ? n : 65536;
    for (size_t i = 0; i < lim; i++) {
        uint8_t b = d[i];
        if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))
            ascii_letters++;
        else if (b >= 0xC0) {
            if (b >= 0xE0)
                e0ff++;
            else
                c0df++;
            high++;
        } else if (b >= 0x80)
            high++;
    }
    if (high >= 8 && high > ascii_letters)
        return e0ff >= c0df ? "CP1251" : "KOI8-R";
    return NULL;
}

/* Does non-UTF-8 text look like a legacy single-byte charset rather than
 * UTF-8 with stray bytes? In legacy text the high bytes are letters inside
 * words (next to other letters) or punctuation (quotes, dashes, symbols in
 * 0x80..0xBF); a lone letter-range byte between spaces or digits is noise. */
static int looks_legacy(const uint8_t *d, size_t n)
{
    size_t plausible = 0, noise = 0;
    size_t lim = n < 65536 ? n : 65536;
    for (size_t i = 0; i < lim; i++) {
        uint8_t b = d[i];
        if (b < 0x80)
            continue;
        if (b < 0xC0) {
            plausible++;
            continue;
        }
        int prev = i > 0 && (d[i - 1] >= 0x80 || (unsigned)((d[i - 1] | 0x20) - 'a') < 26u);
        int next = i + 1 < n && (d[i + 1] >= 0x80 || (unsigned)((d[i + 1] | 0x20) - 'a') < 26u);
        if (prev || next)
            plausible++;
        else
            noise++;
    }
    return plausible > 0 && plausible >= 2 * noise;
}

/* ---- public ----------------------------------------------------------------- */

static int has_non_ascii(const uint8_t *d, size_t n)
{
    return ascii_run((const char *)d, n) < n;
}

/* valid: d[0..n) is known to be valid UTF-8. */
static int decode_as(const uint8_t *d, size_t n, int valid, charset_t cs, pith_buf_t *out,
                     int *done, int *same)
{
    *done = 1;
    switch (cs.kind) {
    case CS_UTF8:
        return valid ? put_valid_utf8(out, d, n, same) : put_utf8_repaired(out, d, n);
    case CS_CP1252:
        return put_cp1252(out, d, n);
    case CS_UTF16LE:
        return put_utf16(out, d, n, 0);
    case CS_UTF16BE:
        return put_utf16(out, d, n, 1);
    case CS_ICONV: {
        iconv_t cd = iconv_open("UTF-8", cs.name);
        if (cd == (iconv_t)-1)
            break;
        int rc = put_iconv(out, cd, d, n);
        iconv_close(cd);
        if (rc)
            return rc;
        /* iconv output is valid UTF-8; only NULs need replacing. */
        if (out->len && memchr(out->data, 0, out->len)) {
            pith_buf_t tmp = {0};
            rc = put_utf8_repaired(&tmp, (const uint8_t *)out->data, out->len);
            if (rc == 0) {
                pith_buf_free(out);
                *out = tmp;
            } else {
                pith_buf_free(&tmp);
            }
        }
        return rc;
    }
    case CS_UNKNOWN:
        break;
    }
    *done = 0;
    return 0;
}

/* same: NULL to always fill out, else set when data needs no change (out
 * is then left empty). */
static int to_utf8(const uint8_t *data, size_t len, const char *declared, pith_buf_t *out,
                   pith_err_t *err, int *same)
{
    pith_buf_reset(out);
    int rc = 0, done = 0;
    const uint8_t *d = data;
    size_t n = len;

    /* 1. A byte order mark. */
    if (n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) {
        rc = put_utf8_repaired(out, d + 3, n - 3);
        goto done;
    }
    if (n >= 4 && d[0] == 0xFF && d[1] == 0xFE && d[2] == 0 && d[3] == 0) {
        rc = put_utf32(out, d + 4, n - 4, 0);
        goto done;
    }
    if (n >= 4 && d[0] == 0 && d[1] == 0 && d[2] == 0xFE && d[3] == 0xFF) {
        rc = put_utf32(out, d + 4, n - 4, 1);
        goto done;
    }
    if (n >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF))) {
        rc = put_utf16(out, d + 2, n - 2, d[0] == 0xFE);
        goto done;
    }

    int valid = pith_utf8_valid((const char *)d, n);
    int non_ascii = valid && has_non_ascii(d, n);

    /* 2. The HTTP header, then 3. the document's own declaration. */
    for (int from_doc = 0; from_doc < 2 && !done; from_doc++) {
        const char *label = from_doc ? NULL : declared;
        size_t ln = label ? strlen(label) : 0;
        if (from_doc)
            ln = declared_in_document(d, n, &label);
        if (!label || !ln)
            continue;
        charset_t cs = charset_resolve(label, ln, from_doc);
        if (cs.kind == CS_UNKNOWN)
            continue;
        /* Valid non-ASCII UTF-8 under a legacy label is mislabelled UTF-8. */
        if ((cs.kind == CS_CP1252 || cs.kind == CS_ICONV) && non_ascii)
            cs.kind = CS_UTF8;
        if ((rc = decode_as(d, n, valid, cs, out, &done, same)))
            goto done;
        if (!done)
            pith_buf_reset(out);
    }
    if (done)
        goto done;

    /* 4. The bytes: UTF-8 if valid or nearly so, else a legacy guess. */
    if (valid) {
        rc = put_valid_utf8(out, d, n, same);
        goto done;
    }
    size_t multi, bad;
    utf8_stats(d, n, &multi, &bad);
    if (multi > 0 && multi >= 2 * bad) {
        rc = put_utf8_repaired(out, d, n); /* UTF-8 with a few broken bytes */
        goto done;
    }
    if (!looks_legacy(d, n)) {
        rc = put_utf8_repaired(out, d, n); /* stray bytes, not a legacy charset */
        goto done;
    }
    const char *guess = guess_legacy(d, n);
    if (guess) {
        charset_t cs = {CS_ICONV, ""};
        snprintf(cs.name, sizeof cs.name, "%s", guess);
        if ((rc = decode_as(d, n, 0, cs, out, &done, NULL)))
            goto done;
        if (done)
            goto done;
        pith_buf_reset(out);
    }
    rc = put_cp1252(out, d, n);
done:
    if (rc == 0 && !out->data)
        rc = pith_buf_reserve(out, 0);
    if (rc)
        pith_err_set(err, rc,
                     rc == PITH_ENOMEM ? "out of memory while transcoding"
                                       : "input too large to transcode");
    return rc;
}

int pith_to_utf8(const uint8_t *data, size_t len, const char *declared, pith_buf_t *out,
                 pith_err_t *err)
{
    return to_utf8(data, len, declared, out, err, NULL);
}

int pith_to_utf8_view(const uint8_t *data, size_t len, const char *declared, pith_buf_t *out,
                      const char **text, size_t *n, pith_err_t *err)
{
    int same = 0;
    int rc = to_utf8(data, len, declared, out, err, &same);
    *text = same ? (const char *)data : out->data;
    *n = same ? len : out->len;
    return rc;
}
