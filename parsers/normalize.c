/* Paragraph normalization, glued-paragraph repair and entity decoding.
 *
 * pith_norm_para runs on every paragraph of every document, so it is one
 * pass over the bytes into a buffer reserved once: runs of printable ASCII
 * are copied with memcpy, white space is remembered as "a space is pending"
 * or "a line break is pending" and only written when something visible
 * follows (which is what collapses runs, trims lines and drops blank lines
 * without a second pass). Non-ASCII code points are classified with
 * utf8proc's tables. NFC composition is the expensive part, so the pass
 * notes where a code point could be changed by NFC (combining marks,
 * second halves of compositions, singletons, exclusions) and hands only that
 * span, from the last stable code point before it to the next one, to
 * utf8proc; ordinary text in any script, accented or not, never pays for it.
 *
 * pith_split_glued looks for "end.Start" seams left by scrapers that dropped
 * the paragraph break. A false split is worse than a missed one (it breaks
 * a sentence in two), so every doubt (initials, known abbreviations, dotted
 * abbreviations, URLs, domains, decimals) means "do not split". Known
 * abbreviations are data (data/abbrev/abbrev.txt). */
#include "normalize.h"

#include "blobs.h"
#include "pith_blob_names.h"
#include "entities.h"
#include "pith/error.h"
#include "simd.h"
#include "sniff.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* ---- normalization ------------------------------------------------------ */

enum { K_VISIBLE, K_SPACE, K_NEWLINE, K_DROP };

static int classify(int32_t cp)
{
    if (cp < 0xA0)
        return cp == 0x85 ? K_NEWLINE : K_DROP; /* C1 controls */
    if (cp == 0xA0)
        return K_SPACE;
    if (cp == 0xAD)
        return K_DROP;
    if (cp < 0x300)
        return K_VISIBLE; /* Latin-1 and Latin Extended: no spaces, no format */
    /* Hangul fillers are invisible letters (default ignorable). */
    if (cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0)
        return K_DROP;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ZS:
        return K_SPACE;
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return K_NEWLINE;
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_CS:
        return K_DROP;
    default:
        return K_VISIBLE;
    }
}

/* The ASCII spelling of a typographic character, or NULL. */
static const char *ascii_fold(int32_t cp)
{
    switch (cp) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x2035:
    case 0x2039:
    case 0x203A:
    case 0x02BC:
    case 0x00B4:
    case 0x02B9:
    case 0xFF07:
        return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x2036:
    case 0x00AB:
    case 0x00BB:
    case 0x02BA:
    case 0xFF02:
    case 0x301D:
    case 0x301E:
        return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2212:
    case 0xFE63:
    case 0xFF0D:
    case 0x2043:
    case 0x2014:
    case 0x2015:
    case 0x2E3A:
    case 0x2E3B:
        return "-";
    case 0x2026:
        return "...";
    case 0x2024:
        return ".";
    case 0x2025:
        return "..";
    case 0x2022:
    case 0x2023:
    case 0x2219:
        return "*";
    case 0x2044:
    case 0x2215:
        return "/";
    default:
        return NULL;
    }
}

static int is_pictographic(int32_t cp)
{
    return cp >= 0x2100 && utf8proc_category(cp) == UTF8PROC_CATEGORY_SO;
}

/* True when NFC can only leave cp as it is, whatever surrounds it, except
 * for a following code point that is itself not NFC-safe. */
static int nfc_safe(int32_t cp, int32_t cache[4])
{
    if (cp < 0x300)
        return 1;
    if ((cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11A8 && cp <= 0x11C2))
        return 0; /* Hangul vowel and trailing jamo compose algorithmically */
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    if (p->combining_class || p->comp_exclusion)
        return 0;
    if (p->comb_index != UINT16_MAX && (p->comb_index & 0x8000))
        return 0; /* can be the second half of a composition */
    if (p->decomp_seqindex == UINT16_MAX || p->decomp_type != 0)
        return 1; /* no canonical decomposition */
    /* A canonical composite: safe when it recomposes to itself (not a
     * singleton or a non-starter decomposition). */
    for (int i = 0; i < 4; i++)
        if (cache[i] == cp)
            return 1;
    utf8proc_int32_t buf[8];
    int bc = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(cp, buf, 8, UTF8PROC_DECOMPOSE, &bc);
    if (k <= 0 || k > 8)
        return 0;
    k = utf8proc_normalize_utf32(buf, k, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (k != 1 || buf[0] != cp)
        return 0;
    memmove(cache + 1, cache, 3 * sizeof *cache);
    cache[0] = cp;
    return 1;
}

static char *put_utf8(char *o, int32_t cp)
{
    if (cp < 0x80) {
        *o++ = (char)cp;
    } else if (cp < 0x800) {
        *o++ = (char)(0xC0 | (cp >> 6));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (char)(0xE0 | (cp >> 12));
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (char)(0xF0 | (cp >> 18));
        *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    }
    return o;
}

/* Composes out->data[from..to) to NFC in place. The span starts at a
 * stable code point and ends before one, so composing it alone is the same
 * as composing the whole text. NFC may lengthen a span (composition
 * exclusions decompose), so room for `extra` more bytes is kept after it.
 * Returns the new end of the text, or (size_t)-1 when out of memory. */
static size_t nfc_span(pith_buf_t *out, size_t from, size_t to, size_t extra)
{
    utf8proc_uint8_t *res = NULL;
    utf8proc_ssize_t k =
        utf8proc_map((const utf8proc_uint8_t *)out->data + from, (utf8proc_ssize_t)(to - from),
                     &res, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (k < 0)
        return k == UTF8PROC_ERROR_NOMEM ? (size_t)-1 : to; /* keep the text as is */
    if ((size_t)k > to - from) {
        out->len = to;
        if (pith_buf_reserve(out, (size_t)k - (to - from) + extra)) {
            free(res);
            return (size_t)-1;
        }
    }
    memcpy(out->data + from, res, (size_t)k);
    free(res);
    return from + (size_t)k;
}

#define NO_SPAN ((size_t)-1)

#define ONES 0x0101010101010101ULL
#define HIGH 0x8080808080808080ULL

/* Bit 7 set in each byte of x that equals b; exact (no borrow tricks). */
static inline uint64_t bytes_eq(uint64_t x, unsigned char b)
{
    uint64_t y = x ^ (ONES * b);
    return ~(((y & ~HIGH) + ~HIGH) | y) & HIGH;
}

/* Whether the eight bytes at s continue a printable-ASCII run as the run
 * loop of pith_norm_para would take them: all in 0x20..0x7E, no two spaces
 * side by side, and no space last (its successor is in the next word). */
static inline int plain_word(const char *s)
{
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
    (void)s;
    return 0; /* "last" below means the most significant byte */
#endif
    uint64_t x;
    memcpy(&x, s, 8);
    /* For 7-bit bytes, b + 0x60 sets bit 7 exactly when b >= 0x20. */
    uint64_t ok = (x & HIGH) == 0 ? ((x + ONES * 0x60) & HIGH) & ~bytes_eq(x, 0x7F) : 0;
    if (ok != HIGH)
        return 0;
    uint64_t sp = bytes_eq(x, ' ');
    return (sp & (sp >> 8)) == 0 && !(sp >> 63);
}

/* Where pith_norm_para's output goes and what is pending while it copies a
 * paragraph. Output offsets, not pointers, are kept across calls that may
 * grow the buffer (composing a span). */
typedef struct {
    pith_buf_t *out;
    char *o;          /* the next output byte */
    int content;      /* the current output line has something visible */
    int sp, nl;       /* a space / a line break is pending */
    int pict;         /* the last visible code point was an emoji */
    size_t stable;    /* output offset of the last NFC-stable code point */
    size_t span;      /* start of output that still needs composing */
    int32_t cache[4]; /* nfc_safe's recent composites */
} para_t;

/* Composes the pending span before a stable code point is written, keeping
 * room for `left` more bytes (what the rest of the input may still need). */
static inline int end_span(para_t *w, size_t left)
{
    if (w->span != NO_SPAN) {
        size_t end = nfc_span(w->out, w->span, (size_t)(w->o - w->out->data), left);
        if (end == (size_t)-1)
            return PITH_ENOMEM;
        w->o = w->out->data + end;
        w->span = NO_SPAN;
    }
    return 0;
}

/* Writes the pending line break or space (both stable). */
static inline int put_sep(para_t *w, size_t left)
{
    if (w->nl || w->sp) {
        if (end_span(w, left))
            return PITH_ENOMEM;
        w->stable = (size_t)(w->o - w->out->data);
        *w->o++ = w->nl ? '\n' : ' ';
    }
    w->nl = w->sp = 0;
    return 0;
}

/* White space and invisible characters only change what is pending: a
 * space between visible text, a line break after it; K_DROP nothing. */
static inline void blank(para_t *w, int kind)
{
    if (kind == K_SPACE) {
        w->sp = w->content;
    } else if (kind == K_NEWLINE) {
        w->nl |= w->content;
        w->content = w->sp = 0;
    }
}

/* The kind of an ASCII byte that is not printable (0x00..0x20, 0x7F). */
static inline int ascii_blank_kind(unsigned char c)
{
    if (c == ' ' || c == '\t')
        return K_SPACE;
    if (c == '\n' || c == '\r' || c == '\v' || c == '\f')
        return K_NEWLINE;
    return K_DROP; /* other C0 controls and DEL */
}

/* Writes b[0..len), visible text that NFC leaves as it is and that is no
 * emoji, after what is pending; its last code point starts at b[last]. */
static inline int put_stable(para_t *w, const char *b, size_t len, size_t last, size_t left)
{
    if (end_span(w, left) || put_sep(w, left))
        return PITH_ENOMEM;
    w->stable = (size_t)(w->o - w->out->data) + last;
    memcpy(w->o, b, len);
    w->o += len;
    w->content = 1;
    w->pict = 0;
    return 0;
}

/* The end of the run of printable ASCII starting at s[i] (a printable
 * byte), single spaces between words included: it is copied as it is. */
static inline size_t ascii_run_end(const char *s, size_t n, size_t i)
{
    size_t j = i + 1;
    while (j < n) {
#if PITH_SIMD
        /* plain_word for sixteen bytes: a run taken in chunks of sixteen
         * ends where one of eight would. */
        if (j + 16 <= n && pith_simd16_plain(s + j)) {
            j += 16;
            continue;
        }
#endif
        if (j + 8 <= n && plain_word(s + j)) {
            j += 8;
            continue;
        }
        unsigned char d = (unsigned char)s[j];
        if (d > 0x20 && d < 0x7F)
            j++;
        else if (d == ' ' && j + 1 < n && (unsigned char)s[j + 1] > 0x20 &&
                 (unsigned char)s[j + 1] < 0x7F)
            j += 2;
        else
            break;
    }
    return j;
}

/* Basic Cyrillic letters (U+0400..U+045F: D0 80..D0 BF, D1 80..D1 9F) are
 * visible, have no ASCII fold, are no emoji and are NFC-stable (the
 * composites among them, like U+0439, recompose to themselves), so they take
 * the general path's outcome without its utf8proc lookups: they are copied
 * as they are. */
static inline int basic_cyrillic(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    return (c == 0xD0 || c == 0xD1) && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80 &&
           (c == 0xD0 || (unsigned char)s[i + 1] < 0xA0);
}

/* A zero-width joiner (dropped as invisible) is kept inside an emoji
 * sequence only: after an emoji, before another (s[i..n) follows it). */
static inline int keep_joiner(para_t *w, int32_t cp, const char *s, size_t n, size_t i, size_t left)
{
    if (cp == 0x200D && w->pict && !w->sp && !w->nl && i < n) {
        size_t a2;
        int32_t next = pith_utf8_next(s + i, n - i, &a2);
        if (next > 0 && is_pictographic(next)) {
            if (end_span(w, left))
                return PITH_ENOMEM;
            w->stable = (size_t)(w->o - w->out->data);
            w->o = put_utf8(w->o, cp);
        }
    }
    return 0;
}

/* Writes one decoded code point (s[i..n) follows it): white space becomes
 * pending, invisible characters go, typographic ones are folded to ASCII
 * when asked, and a code point NFC might change opens (or extends) the span
 * composed once the next stable one comes. */
static inline int put_cp(para_t *w, int32_t cp, int ascii, const char *s, size_t n, size_t i,
                         size_t left)
{
    int k = classify(cp);
    if (k == K_SPACE || k == K_NEWLINE) {
        blank(w, k);
        return 0;
    }
    if (k == K_DROP)
        return keep_joiner(w, cp, s, n, i, left);
    w->content = 1;
    const char *f = ascii ? ascii_fold(cp) : NULL;
    if (f) {
        size_t fl = strlen(f);
        return put_stable(w, f, fl, fl - 1, left);
    }
    if (nfc_safe(cp, w->cache)) {
        if (end_span(w, left) || put_sep(w, left))
            return PITH_ENOMEM;
        w->stable = (size_t)(w->o - w->out->data);
    } else {
        if (put_sep(w, left))
            return PITH_ENOMEM;
        if (w->span == NO_SPAN)
            w->span = w->stable;
    }
    w->pict =
        is_pictographic(cp) || (w->pict && (cp == 0xFE0F || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
                                            (cp >= 0xE0020 && cp <= 0xE007F)));
    w->o = put_utf8(w->o, cp);
    return 0;
}

int pith_norm_para(const char *s, size_t n, int ascii, pith_buf_t *out)
{
    pith_buf_reset(out);
    if (n > (PITH_BUF_MAX - 8) / 3)
        return PITH_ETOOBIG;
    /* Worst case: every byte an invalid sequence, each becoming U+FFFD. */
    int rc = pith_buf_reserve(out, 3 * n + 4);
    if (rc)
        return rc;
    para_t w = {.out = out, .o = out->data, .span = NO_SPAN, .cache = {-1, -1, -1, -1}};
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c > 0x20 && c < 0x7F) {
            size_t j = ascii_run_end(s, n, i);
            if (put_stable(&w, s + i, j - i, j - i - 1, 3 * (n - i) + 8))
                return PITH_ENOMEM;
            i = j;
        } else if (c < 0x80) {
            blank(&w, ascii_blank_kind(c));
            i++;
        } else if (basic_cyrillic(s, n, i)) {
            i += 2;
            if (put_stable(&w, s + i - 2, 2, 0, 3 * (n - i) + 8))
                return PITH_ENOMEM;
        } else {
            size_t adv;
            int32_t cp = pith_utf8_next(s + i, n - i, &adv);
            i += adv;
            if (put_cp(&w, cp < 0 ? 0xFFFD : cp, ascii, s, n, i, 3 * (n - i) + 8))
                return PITH_ENOMEM;
        }
    }
    if (end_span(&w, 8))
        return PITH_ENOMEM;
    out->len = (size_t)(w.o - out->data);
    out->data[out->len] = '\0';
    return 0;
}

/* ---- glued paragraphs ---------------------------------------------------- */

static int is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* The code point starting at s[i], or -1. */
static int32_t cp_at(const char *s, size_t n, size_t i, size_t *adv)
{
    size_t a = 1;
    int32_t cp = i < n ? pith_utf8_next(s + i, n - i, &a) : -1;
    if (adv)
        *adv = a;
    return cp;
}

/* The code point ending just before s[i], and where it starts. */
static int32_t cp_before(const char *s, size_t i, size_t *start)
{
    if (i == 0)
        return -1;
    size_t b = i - 1;
    while (b > 0 && i - b < 4 && is_cont((unsigned char)s[b]))
        b--;
    size_t adv;
    int32_t cp = pith_utf8_next(s + b, i - b, &adv);
    if (cp < 0 || b + adv != i) {
        b = i - 1;
        cp = -1;
    }
    *start = b;
    return cp;
}

static int is_upper(int32_t cp)
{
    if (cp < 0)
        return 0;
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static int is_alnum_cp(int32_t cp)
{
    if (cp < 0)
        return 0;
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static int is_space_cp(int32_t cp)
{
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v')
        return 1;
    if (cp < 0x80)
        return 0;
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

/* Opening punctuation that may stand before a word: quotes and brackets. */
static int is_opener(int32_t cp)
{
    return cp == '"' || cp == '(' || cp == '[' || cp == '{' || cp == 0x201C || cp == 0x201E ||
           cp == 0x00AB || cp == 0x2018 || cp == 0x201A || cp == 0x2039;
}

static int is_close_quote(int32_t cp)
{
    return cp == 0x201D || cp == 0x2019 || cp == 0x00BB || cp == 0x203A;
}

static int is_open_quote(int32_t cp)
{
    return cp == 0x201C || cp == 0x201E || cp == 0x00AB || cp == 0x2018 || cp == 0x2039;
}

/* True when word (lowercased here) is listed in data/abbrev/abbrev.txt. */
static int is_abbrev(const char *w, size_t n)
{
    char low[64];
    size_t m = 0;
    for (size_t i = 0; i < n;) {
        size_t adv;
        int32_t cp = pith_utf8_next(w + i, n - i, &adv);
        if (cp < 0)
            return 0;
        cp = utf8proc_tolower(cp);
        if (m + 4 >= sizeof low)
            return 0;
        m = (size_t)(put_utf8(low + m, cp) - low);
        i += adv;
    }
    const pith_blob_t *b = &pith_blob_abbrev_abbrev_txt; /* a symbol: see blobs.h */
    if (m == 0)
        return 0;
    const char *p = b->data, *end = b->data + b->len, *line;
    size_t len;
    while ((line = pith_blob_line(&p, end, &len)))
        if (len == m && memcmp(line, low, m) == 0)
            return 1;
    return 0;
}

static size_t count_cps(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += !is_cont((unsigned char)s[i]);
    return k;
}

/* May the '.' at s[dot] end a sentence, judging by the word before it? */
static int word_before_ends(const char *s, size_t dot)
{
    size_t b;
    int32_t prev = cp_before(s, dot, &b);
    if (prev < 0 || is_space_cp(prev))
        return 0;
    if (!is_alnum_cp(prev))
        return 1; /* "(AFP).", "said\".", "5%." */
    /* The word: back to white space or an opening quote or bracket. */
    size_t w = dot;
    for (;;) {
        size_t pb;
        int32_t cp = cp_before(s, w, &pb);
        if (cp < 0 || is_space_cp(cp) || is_opener(cp))
            break;
        w = pb;
        if (dot - w > 256)
            return 0;
    }
    const char *word = s + w;
    size_t wn = dot - w;
    while (wn && (word[0] == '\'' || word[0] == '.')) {
        word++;
        wn--;
    }
    if (wn == 0)
        return 0;
    if (memmem(word, wn, "://", 3) || memchr(word, '/', wn) || memchr(word, '@', wn) ||
        memchr(word, '\\', wn) || (wn >= 4 && strncasecmp(word, "www.", 4) == 0))
        return 0;
    /* The last dot-separated piece: an initial ("J.", "U.S.") is no end. */
    const char *seg = word;
    size_t segs = 1, longest = 0, cur = 0;
    for (size_t i = 0; i < wn; i++) {
        if (word[i] == '.') {
            segs++;
            longest = cur > longest ? cur : longest;
            cur = 0;
            seg = word + i + 1;
        } else if (!is_cont((unsigned char)word[i])) {
            cur++;
        }
    }
    longest = cur > longest ? cur : longest;
    size_t segn = (size_t)(word + wn - seg);
    if (count_cps(seg, segn) <= 1)
        return 0;
    if (segs > 1 && longest <= 3)
        return 0; /* "e.g", "Ph.D", "i.e" */
    if (is_abbrev(seg, segn) || (segs > 1 && is_abbrev(word, wn)))
        return 0;
    return 1;
}

/* Does the word starting at s[at] look like the start of a sentence, and
 * not like the rest of a domain, URL or dotted abbreviation? */
static int word_after_starts(const char *s, size_t n, size_t at)
{
    for (size_t i = at; i < n && i - at < 256; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            break;
        if (c == '@' || c == '/' || c == '\\')
            return 0;
        if (c == '.' && i + 1 < n) {
            size_t adv;
            if (is_alnum_cp(cp_at(s, n, i + 1, &adv)))
                return 0; /* "Example.org", "U.S." */
        }
    }
    return 1;
}

/* Most of a paragraph is none of '"', '.', '?', '!': the index of the next
 * byte that may be one of them, from i, skipping sixteen bytes at a time
 * with SSE2 (straight to the first such byte), else eight. */
static inline size_t skip_plain(const char *s, size_t n, size_t i)
{
#if PITH_SIMD
    while (i + 16 <= n) {
        unsigned m = pith_simd16_eq4(s + i, '"', '.', '?', '!');
        if (m)
            return i + (size_t)__builtin_ctz(m);
        i += 16;
    }
#endif
    while (i + 8 <= n) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (bytes_eq(x, '"') | bytes_eq(x, '.') | bytes_eq(x, '?') | bytes_eq(x, '!'))
            break;
        i += 8;
    }
    return i;
}

int pith_split_glued(const char *s, size_t n, pith_buf_t *out)
{
    pith_buf_reset(out);
    int rc = pith_buf_reserve(out, n + 16);
    if (rc)
        return rc;
    /* Bytes that need a look: '"' (for quote parity) and sentence ends. */
    static const unsigned char special[256] = {['"'] = 1, ['.'] = 2, ['?'] = 2, ['!'] = 2};
    size_t start = 0, quotes = 0;
    for (size_t i = 0; i < n; i++) {
        i = skip_plain(s, n, i);
        if (i >= n)
            break;
        unsigned char k = special[(unsigned char)s[i]];
        if (!k)
            continue;
        char c = s[i];
        if (k == 1) {
            quotes++;
            continue;
        }
        size_t e = i;
        while (e + 1 < n && (s[e + 1] == '.' || s[e + 1] == '?' || s[e + 1] == '!'))
            e++;
        size_t j = e + 1, adv;
        size_t q = quotes;
        if (j < n && s[j] == '"' && (q & 1)) {
            j++; /* a closing ASCII quote */
            q++;
        } else {
            int32_t cp = cp_at(s, n, j, &adv);
            if (is_close_quote(cp))
                j += adv;
        }
        size_t cut = 0;
        int32_t next = cp_at(s, n, j, &adv);
        if ((next == '"' && !(q & 1)) || is_open_quote(next)) {
            if (is_alnum_cp(cp_at(s, n, j + adv, NULL)))
                cut = j;
        } else if (is_upper(next)) {
            cut = j;
        }
        int ok = cut > 0;
        if (ok && c == '.' && e == i)
            ok = word_before_ends(s, i);
        else if (ok) {
            size_t b;
            int32_t prev = cp_before(s, i, &b);
            ok = prev >= 0 && !is_space_cp(prev);
        }
        if (ok) {
            size_t w = cut;
            if (s[w] == '"' || is_open_quote(cp_at(s, n, w, &adv)))
                w += s[w] == '"' ? 1 : adv;
            ok = word_after_starts(s, n, w);
        }
        if (ok) {
            if ((rc = pith_buf_append(out, s + start, cut - start)) ||
                (rc = pith_buf_append(out, "\n\n", 2)))
                return rc;
            start = cut;
        }
        i = e;
    }
    return pith_buf_append(out, s + start, n - start);
}

/* ---- character references ------------------------------------------------ */

static int32_t numeric_ref(int32_t v)
{
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0xFFFD;
    if (v >= 0x80 && v <= 0x9F)
        return pith_cp1252((uint8_t)v);
    return v;
}

static int is_alnum_ascii(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int pith_decode_entities(const char *s, size_t n, pith_buf_t *out)
{
    pith_buf_reset(out);
    int rc = pith_buf_reserve(out, n);
    size_t i = 0;
    while (rc == 0 && i < n) {
        const char *amp = memchr(s + i, '&', n - i);
        size_t run = amp ? (size_t)(amp - (s + i)) : n - i;
        if (run && (rc = pith_buf_append(out, s + i, run)))
            break;
        i += run;
        if (i >= n)
            break;
        size_t j = i + 1;
        if (j < n && s[j] == '#') {
            int hex = j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X');
            size_t d = j + 1 + (size_t)hex, k = d;
            int32_t v = 0;
            for (; k < n; k++) {
                char ch = s[k];
                int dv = ch >= '0' && ch <= '9'          ? ch - '0'
                         : hex && ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                         : hex && ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                                         : -1;
                if (dv < 0)
                    break;
                if (v <= 0x10FFFF)
                    v = v * (hex ? 16 : 10) + dv;
            }
            if (k == d) { /* "&#" without digits stays as it is */
                rc = pith_buf_putc(out, '&');
                i++;
                continue;
            }
            if (k < n && s[k] == ';')
                k++;
            rc = pith_buf_put_cp(out, numeric_ref(v));
            i = k;
            continue;
        }
        size_t k = j;
        while (k < n && k - j <= 40 && is_alnum_ascii(s[k]))
            k++;
        int32_t cps[2];
        int m = 0;
        size_t end = k;
        if (k > j && k - j <= 40) {
            if (k < n && s[k] == ';') {
                m = pith_entity_lookup(s + j, k - j + 1, cps);
                end = k + 1;
            } else {
                m = pith_entity_lookup(s + j, k - j, cps); /* legacy bare form */
            }
        }
        if (m == 0) {
            rc = pith_buf_putc(out, '&');
            i++;
            continue;
        }
        for (int t = 0; t < m && rc == 0; t++)
            rc = pith_buf_put_cp(out, cps[t]);
        i = end;
    }
    return rc;
}

int pith_text_same(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0, seen = 0;
    for (;;) {
        while (i < an && !isalnum((unsigned char)a[i]) && (unsigned char)a[i] < 0x80)
            i++;
        while (j < bn && !isalnum((unsigned char)b[j]) && (unsigned char)b[j] < 0x80)
            j++;
        if (i == an || j == bn)
            return i == an && j == bn && seen > 0;
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[j];
        if ((x >= 'A' && x <= 'Z' ? x + 32 : x) != (y >= 'A' && y <= 'Z' ? y + 32 : y))
            return 0;
        i++, j++, seen++;
    }
}
