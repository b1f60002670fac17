/* Phrase lists: the one format, parser and matcher for boilerplate phrases,
 * used by the text-dump path (data/boilerplate/<lang>.txt, dump_boiler.c) and the
 * HTML path (data/html/boilerplate.txt, html_hints.c); the format is in
 * phrases.h.
 *
 * Literal lookups on a lowercased block.
 *
 * Chrome phrases are tested on every short block of every dump, so they must
 * be cheap. They are literal text, tested caselessly in one of four places
 * (the whole block, its start, its end, anywhere), and nearly all of them are
 * "whole block" or "start" phrases. That shape needs no regex engine: the
 * block is lowercased once (ASCII through a table, the rest through utf8proc's
 * simple case mapping, the same mapping the phrases got when loaded), and then
 *   - "=phrase": the block's core (the block without leading and trailing
 *     blanks, punctuation, symbols and digits) is looked up in a hash table of
 *     the phrases' cores, and the phrase's own stripped ends are checked
 *     against the text around the core;
 *   - "^phrase": the phrases sharing the block's first two bytes are compared;
 *   - "$phrase": the few there are are compared at the end;
 *   - plain phrases (a handful, all long): a Wu-Manber scan, which looks at
 *     the two bytes ending a window as long as the shortest phrase and
 *     jumps ahead by as much as no phrase can end there, so most of a block
 *     is skipped rather than tested byte by byte.
 * A phrase list compiles once into a read-only table; each caller brings its
 * own scratch buffer (for the lowercase block), so matching is thread-safe.
 * Keeping the phrases as data lets a new language be added by adding a
 * file. */
#include "phrases.h"

#include "blobs.h"
#include "pith/buf.h"
#include "simd.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#define MAX_PHRASE 200 /* bytes; longer list lines are ignored */
#define EQ_BITS 10     /* hash table of "=" phrase cores */
#define PRE_BITS 12    /* buckets of "^" phrases by their first two bytes */
#define SHIFT_BITS 12  /* Wu-Manber shift table of plain phrases, by byte pair */

enum { K_EQ, K_PRE, K_SUF, K_SUB, K_HEAD };

typedef struct {
    uint32_t off, len;    /* the lowercased phrase in pool */
    uint32_t lead, trail; /* "=": bytes of strip characters at either end */
    uint64_t core_hash;   /* "=": hash of the phrase without them */
    int32_t next;         /* next phrase in the same bucket, or -1 */
    int32_t pair_next;    /* plain: next one in the same pair bucket, or -1 */
    uint8_t kind, end;    /* end: PITH_PHRASE_CHROME, _END or _CLOSING */
    uint8_t words;        /* "~": words in the phrase */
} phrase_t;

struct pith_phrases {
    phrase_t *v;
    size_t n;
    char *pool;
    int32_t eq[1u << EQ_BITS];       /* first phrase of each bucket, or -1 */
    int32_t pre[1u << PRE_BITS];     /* likewise */
    int32_t other;                   /* "$" and plain phrases, chained */
    int32_t bare;                    /* "=" phrases that are all strip characters */
    int32_t sub;                     /* plain phrases of two bytes or more, chained */
    uint8_t shift[1u << SHIFT_BITS]; /* by hashed byte pair: a safe jump for plain phrases */
    int32_t pair[1u << SHIFT_BITS];  /* by hashed byte pair: the plain phrases whose
                                      * bytes sub_min - 2 and sub_min - 1 are one */
    size_t sub_min;                  /* bytes in the shortest plain phrase */
};

/* Writes the simple lowercase of s[0..n) to o, which has room for 2 * n + 8
 * bytes (a lowercase character takes at most 3/2 of the bytes of its
 * uppercase: U+023A, 2 bytes, lowercases to U+2C65, 3 bytes), and returns
 * the bytes written. Bytes that are not valid UTF-8 are kept as they are. */
static size_t lower_to(const char *s, size_t n, char *o)
{
    char *start = o;
    size_t i = 0;
    while (i < n) {
#if PITH_SIMD
        /* Sixteen ASCII bytes at a time. */
        if (i + 16 <= n && pith_simd16_lower_ascii(s + i, o)) {
            o += 16;
            i += 16;
            continue;
        }
#endif
        /* Eight ASCII bytes at a time: bit 7 of each byte of (x + 0x3F) is
         * set for bytes >= 'A' and of (x + 0x25) for bytes > 'Z'; no carry
         * crosses a byte since every byte is below 0x80. */
        if (i + 8 <= n) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (!(x & 0x8080808080808080ull)) {
                uint64_t up = (x + 0x3F3F3F3F3F3F3F3Full) & ~(x + 0x2525252525252525ull) &
                              0x8080808080808080ull;
                x |= up >> 2;
                memcpy(o, &x, 8);
                o += 8;
                i += 8;
                continue;
            }
        }
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            *o++ = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        /* Latin-1 (U+00C0..U+00DE but U+00D7 lowercase by +0x20) and basic
         * Cyrillic (U+0400..U+042F by +0x50 / +0x20) without utf8proc; the
         * rest of U+00C0..U+00FF and U+0430..U+045F is already lowercase.
         * These are utf8proc's simple mappings for those ranges. */
        if ((c == 0xC3 || c == 0xD0 || c == 0xD1) && i + 1 < n &&
            ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
            int32_t u = (int32_t)((c & 0x1F) << 6 | ((unsigned char)s[i + 1] & 0x3F));
            if (u < 0x460) {
                if (c == 0xC3 && u < 0xDF && u != 0xD7)
                    u += 0x20;
                else if (c != 0xC3 && u < 0x410)
                    u += 0x50;
                else if (c != 0xC3 && u < 0x430)
                    u += 0x20;
                *o++ = (char)(0xC0 | (u >> 6));
                *o++ = (char)(0x80 | (u & 0x3F));
                i += 2;
                continue;
            }
        }
        int32_t cp;
        utf8proc_ssize_t r =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (r <= 0) {
            *o++ = (char)c;
            i++;
            continue;
        }
        o += utf8proc_encode_char(utf8proc_tolower(cp), (utf8proc_uint8_t *)o);
        i += (size_t)r;
    }
    return (size_t)(o - start);
}

/* Writes the simple lowercase of s[0..n) into out (replacing it). 0, or
 * PITH_ENOMEM. */
static int lower(const char *s, size_t n, pith_buf_t *out)
{
    pith_buf_reset(out);
    if (pith_buf_reserve(out, 2 * n + 8))
        return PITH_ENOMEM;
    out->len = lower_to(s, n, out->data);
    out->data[out->len] = '\0';
    return 0;
}

/* Characters that the "=" form lets stand around a phrase: white space,
 * punctuation, symbols and decimal digits (as \s, \p{P}, \p{S} and \d are in
 * Unicode regex dialects). Returns the byte length of the character at s[i]
 * when it is one, else 0. */
static size_t strip_len_at(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= '0' && c <= '9'))
            return 1;
        return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
                       (c >= 0x7B && c <= 0x7E)
                   ? 1
                   : 0;
    }
    int32_t cp;
    utf8proc_ssize_t r =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (r <= 0)
        return 0;
    if (cp == 0x85 || cp == 0x180E)
        return (size_t)r;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
        return (size_t)r;
    default:
        return 0;
    }
}

/* Whether s[0..n) is white space only (ASCII). */
static int all_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && (s[i] < '\t' || s[i] > '\r'))
            return 0;
    return 1;
}

/* Bytes of strip characters at the start of s[0..n). */
static size_t lead_strip(const char *s, size_t n)
{
    size_t i = 0, k;
    while (i < n && (k = strip_len_at(s, n, i)))
        i += k;
    return i;
}

/* Bytes of strip characters at the end of s[0..n), not reaching before from. */
static size_t trail_strip(const char *s, size_t n, size_t from)
{
    size_t e = n;
    while (e > from) {
        size_t b = e - 1;
        while (b > from && ((unsigned char)s[b] & 0xC0) == 0x80)
            b--;
        size_t k = strip_len_at(s, e, b);
        if (k != e - b)
            break;
        e = b;
    }
    return n - e;
}

static uint32_t pre_bucket(const char *s)
{
    return (((uint32_t)(unsigned char)s[0] << 8 | (unsigned char)s[1]) * 2654435761u) >>
           (32 - PRE_BITS);
}

static uint32_t shift_bucket(const char *s)
{
    return (((uint32_t)(unsigned char)s[0] << 8 | (unsigned char)s[1]) * 2654435761u) >>
           (32 - SHIFT_BITS);
}

/* The Wu-Manber table of the plain phrases: for each byte pair, how far a
 * window of sub_min bytes ending in that pair may move on without skipping
 * a phrase's start. Hash collisions only make jumps shorter. */
static void build_shifts(pith_phrases_t *tab)
{
    size_t lmin = 0;
    for (int32_t k = tab->sub; k >= 0; k = tab->v[k].next)
        if (lmin == 0 || tab->v[k].len < lmin)
            lmin = tab->v[k].len;
    tab->sub_min = lmin;
    if (lmin < 2)
        return;
    memset(tab->shift, (int)(lmin - 1), sizeof tab->shift);
    memset(tab->pair, 0xFF, sizeof tab->pair);
    size_t nsub = 0;
    for (int32_t k = tab->sub; k >= 0; k = tab->v[k].next) {
        const char *ph = tab->pool + tab->v[k].off;
        for (size_t j = 0; j + 1 < lmin; j++) {
            uint8_t *sh = &tab->shift[shift_bucket(ph + j)];
            if (*sh > lmin - 2 - j)
                *sh = (uint8_t)(lmin - 2 - j);
        }
        nsub++;
    }
    /* Each pair bucket chains its phrases in the sub chain's order (the
     * order they are tried in), so they are prepended from the chain's
     * end; the chain is short and this runs once. */
    for (size_t r = nsub; r-- > 0;) {
        int32_t k = tab->sub;
        for (size_t j = 0; j < r; j++)
            k = tab->v[k].next;
        uint32_t b = shift_bucket(tab->pool + tab->v[k].off + lmin - 2);
        tab->v[k].pair_next = tab->pair[b];
        tab->pair[b] = k;
    }
}

static int add_phrase(pith_phrases_t *tab, pith_buf_t *pool, size_t *cap, int kind, int end,
                      const char *w, size_t n)
{
    pith_buf_t low = {0};
    if (lower(w, n, &low)) {
        pith_buf_free(&low);
        return PITH_ENOMEM;
    }
    if (tab->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 256;
        phrase_t *v = realloc(tab->v, nc * sizeof *v);
        if (!v) {
            pith_buf_free(&low);
            return PITH_ENOMEM;
        }
        tab->v = v;
        *cap = nc;
    }
    phrase_t *p = &tab->v[tab->n];
    memset(p, 0, sizeof *p);
    p->off = (uint32_t)pool->len;
    p->len = (uint32_t)low.len;
    p->kind = (uint8_t)kind;
    p->end = (uint8_t)end;
    int rc = pith_buf_append(pool, low.data, low.len);
    int32_t idx = (int32_t)tab->n;
    if (rc == 0) {
        if (kind == K_EQ) {
            p->lead = (uint32_t)lead_strip(low.data, low.len);
            p->trail = p->lead == low.len ? 0 : (uint32_t)trail_strip(low.data, low.len, p->lead);
            size_t cl = low.len - p->lead - p->trail;
            if (cl == 0) {
                p->next = tab->bare;
                tab->bare = idx;
            } else {
                p->core_hash = XXH3_64bits(low.data + p->lead, cl);
                uint32_t b = (uint32_t)p->core_hash & ((1u << EQ_BITS) - 1);
                p->next = tab->eq[b];
                tab->eq[b] = idx;
            }
        } else if ((kind == K_PRE || kind == K_HEAD) && low.len >= 2) {
            if (kind == K_HEAD) {
                unsigned wc = 1;
                for (size_t q = 0; q < low.len; q++)
                    wc += low.data[q] == ' ';
                p->words = (uint8_t)(wc > 255 ? 255 : wc);
            }
            uint32_t b = pre_bucket(low.data);
            p->next = tab->pre[b];
            tab->pre[b] = idx;
        } else if (kind == K_SUB && low.len >= 2) {
            p->next = tab->sub;
            tab->sub = idx;
        } else {
            /* One-byte prefixes are rare enough to go with the others. */
            p->next = tab->other;
            tab->other = idx;
        }
        tab->n++;
    }
    pith_buf_free(&low);
    return rc;
}

int pith_phrases_compile(const pith_blob_t *const *lists, size_t nlists, pith_phrases_t **out,
                         pith_err_t *err)
{
    *out = NULL;
    pith_phrases_t *tab = calloc(1, sizeof *tab);
    if (!tab)
        return pith_err_set(err, PITH_ENOMEM, "phrase list: out of memory");
    pith_buf_t pool = {0};
    size_t cap = 0;
    int rc = 0;
    memset(tab->eq, 0xFF, sizeof tab->eq);
    memset(tab->pre, 0xFF, sizeof tab->pre);
    tab->other = tab->bare = tab->sub = -1;
    for (size_t i = 0; i < nlists && rc == 0; i++) {
        const pith_blob_t *blob = lists[i];
        const char *p = blob->data, *stop = blob->data + blob->len, *w;
        size_t n;
        while (rc == 0 && (w = pith_blob_line(&p, stop, &n))) {
            if (n == 0 || *w == '#' || n > MAX_PHRASE)
                continue;
            int end = PITH_PHRASE_CHROME, kind = K_SUB;
            if ((*w == '!' || *w == '@' || *w == '%') && n > 1) {
                end = *w == '!'   ? PITH_PHRASE_END
                      : *w == '@' ? PITH_PHRASE_CLOSING
                                  : PITH_PHRASE_TOC;
                w++;
                n--;
            }
            if ((*w == '=' || *w == '^' || *w == '$' || *w == '~') && n > 1) {
                kind = *w == '=' ? K_EQ : *w == '^' ? K_PRE : *w == '$' ? K_SUF : K_HEAD;
                w++;
                n--;
            }
            rc = add_phrase(tab, &pool, &cap, kind, end, w, n);
        }
    }
    if (rc == 0 && tab->n) {
        tab->pool = pith_buf_steal(&pool);
        if (!tab->pool)
            rc = PITH_ENOMEM;
        else
            build_shifts(tab);
    }
    pith_buf_free(&pool);
    if (rc) {
        pith_phrases_destroy(tab);
        return pith_err_set(err, PITH_ENOMEM, "phrase list: out of memory");
    }
    if (!tab->n) {
        pith_phrases_destroy(tab);
        return pith_err_set(err, PITH_ECONFIG, "phrase list %s: no phrases",
                            nlists ? lists[0]->name : "(none)");
    }
    *out = tab;
    return 0;
}

void pith_phrases_destroy(pith_phrases_t *tab)
{
    if (!tab)
        return;
    free(tab->v);
    free(tab->pool);
    free(tab);
}

/* Whether s[0..n), past its first `skip` words, is one to four more words
 * that each start with a capital letter or a digit, with no sentence
 * punctuation at the end: a heading such as "More Washington Examiner". */
static int heading_tail(const char *s, size_t n, unsigned skip)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (!n || strchr(".!?:;,", s[n - 1]))
        return 0;
    unsigned word = 0, tail = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= n)
            break;
        if (word++ >= skip) {
            unsigned char c = (unsigned char)s[i];
            int cap = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (c >= 0x80) {
                int32_t cp;
                if (utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i),
                                     &cp) > 0) {
                    utf8proc_category_t cat = utf8proc_category(cp);
                    cap = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
                }
            }
            if (!cap || ++tail > 4)
                return 0;
        }
        while (i < n && s[i] != ' ' && s[i] != '\t')
            i++;
    }
    return tail >= 1;
}

/* Records a hit: an end marker or a table of contents settles it; chrome
 * outranks a closing label and may still be outranked by an end marker
 * found later. */
static int hit(const phrase_t *p, int *best)
{
    if (p->end == PITH_PHRASE_END || p->end == PITH_PHRASE_TOC) {
        *best = p->end;
        return 1;
    }
    if (*best != PITH_PHRASE_CHROME)
        *best = p->end;
    return 0;
}

/* pith_phrases_test on t[0..m), the lowercase of s[0..n). */
static int test_lowered(const pith_phrases_t *tab, const char *t, size_t m, const char *s, size_t n,
                        unsigned kinds)
{
    int best = PITH_PHRASE_NONE;

    /* "=phrase": the block's core against the phrases' cores. */
    if (kinds & PITH_PHRASE_WHOLE) {
        size_t lead = lead_strip(t, m);
        if (lead < m) {
            size_t trail = trail_strip(t, m, lead), cl = m - lead - trail;
            uint64_t h = XXH3_64bits(t + lead, cl);
            for (int32_t k = tab->eq[(uint32_t)h & ((1u << EQ_BITS) - 1)]; k >= 0;
                 k = tab->v[k].next) {
                const phrase_t *p = &tab->v[k];
                if (p->core_hash != h || p->len - p->lead - p->trail != cl || p->lead > lead ||
                    p->trail > trail)
                    continue;
                /* The phrase's own stripped ends must be there around the core. */
                const char *ph = tab->pool + p->off;
                if (memcmp(t + lead - p->lead, ph, p->len) != 0)
                    continue;
                if ((kinds & PITH_PHRASE_STRICT) && !all_blank(t, lead - p->lead))
                    continue;
                if (hit(p, &best))
                    return best;
            }
        } else {
            for (int32_t k = tab->bare; k >= 0; k = tab->v[k].next) {
                const phrase_t *p = &tab->v[k];
                if (memmem(t, m, tab->pool + p->off, p->len) && hit(p, &best))
                    return best;
            }
        }
    }

    /* "^phrase": those sharing the first two bytes. */
    if (m >= 2 && (kinds & PITH_PHRASE_START)) {
        for (int32_t k = tab->pre[pre_bucket(t)]; k >= 0; k = tab->v[k].next) {
            const phrase_t *p = &tab->v[k];
            if (p->len > m || memcmp(t, tab->pool + p->off, p->len) != 0)
                continue;
            if (p->kind == K_HEAD &&
                !(p->len < m && t[p->len] == ' ' && heading_tail(s, n, p->words)))
                continue;
            if (hit(p, &best))
                return best;
        }
    }

    /* Plain phrases: a Wu-Manber scan. pos is the first byte of the pair
     * that ends the window t[pos + 2 - L .. pos + 2); only where the table
     * allows no jump is a phrase compared at the window's start. */
    const size_t lmin = tab->sub_min;
    if (tab->sub >= 0 && lmin >= 2 && m >= lmin && (kinds & PITH_PHRASE_ANY)) {
        size_t pos = lmin - 2;
        while (pos + 1 < m) {
            uint8_t sh = tab->shift[shift_bucket(t + pos)];
            if (sh) {
                pos += sh;
                continue;
            }
            /* Only the phrases whose pair at the window's end is this one
             * can start at the window's start. */
            size_t i = pos - (lmin - 2);
            for (int32_t k = tab->pair[shift_bucket(t + pos)]; k >= 0; k = tab->v[k].pair_next) {
                const phrase_t *p = &tab->v[k];
                if (p->len <= m - i && memcmp(t + i, tab->pool + p->off, p->len) == 0 &&
                    hit(p, &best))
                    return best;
            }
            pos++;
        }
    }

    /* "$phrase" and one-byte phrases: few, tried one by one. */
    for (int32_t k = tab->other; k >= 0; k = tab->v[k].next) {
        const phrase_t *p = &tab->v[k];
        const char *ph = tab->pool + p->off;
        int found;
        if (p->len > m || !(kinds & (p->kind == K_SUF   ? PITH_PHRASE_TAIL
                                     : p->kind == K_PRE ? PITH_PHRASE_START
                                                        : PITH_PHRASE_ANY)))
            continue;
        if (p->kind == K_SUF) /* the last byte first: most blocks fail there */
            found = t[m - 1] == ph[p->len - 1] && memcmp(t + m - p->len, ph, p->len) == 0;
        else if (p->kind == K_PRE)
            found = memcmp(t, ph, p->len) == 0;
        else
            found = memmem(t, m, ph, p->len) != NULL;
        if (found && hit(p, &best))
            return best;
    }
    return best;
}

/* pith_phrases_test of a long block, lowercased into scratch or a buffer
 * of its own; out of line, so the short blocks' path (most) stays light. */
__attribute__((noinline)) static int test_long(const pith_phrases_t *tab, pith_buf_t *scratch,
                                               const char *s, size_t n, unsigned kinds)
{
    pith_buf_t own = {0}, *b = scratch ? scratch : &own;
    int r = lower(s, n, b) ? PITH_PHRASE_NONE : test_lowered(tab, b->data, b->len, s, n, kinds);
    pith_buf_free(&own);
    return r;
}

int pith_phrases_test(const pith_phrases_t *tab, pith_buf_t *scratch, const char *s, size_t n,
                      unsigned kinds)
{
    if (!tab)
        return PITH_PHRASE_NONE;
    if (n > PITH_PHRASES_SHORT)
        return test_long(tab, scratch, s, n, kinds);
    char t[2 * PITH_PHRASES_SHORT + 9];
    size_t m = lower_to(s, n, t);
    t[m] = '\0';
    return test_lowered(tab, t, m, s, n, kinds);
}

/* Long blocks: only "^phrase" chrome of twelve bytes or more at the start
 * ("We use cookies and other tracking technologies to improve ..."), never
 * an end marker. Only the first bytes are lowercased. */
int pith_phrases_test_lead(const pith_phrases_t *tab, pith_buf_t *scratch, const char *s, size_t n)
{
    size_t cut = n < 96 ? n : 96;
    if (!tab || cut < 12 || lower(s, cut, scratch))
        return PITH_PHRASE_NONE;
    const char *t = scratch->data;
    size_t m = scratch->len;
    for (int32_t k = tab->pre[pre_bucket(t)]; k >= 0; k = tab->v[k].next) {
        const phrase_t *p = &tab->v[k];
        if (p->kind != K_PRE || p->end != PITH_PHRASE_CHROME || p->len < 12 || p->len > m ||
            memcmp(t, tab->pool + p->off, p->len) != 0)
            continue;
        return PITH_PHRASE_CHROME;
    }
    return PITH_PHRASE_NONE;
}
