/* The word parts of class and id values (html_parts.h). */
#include "html_parts.h"

#include "bytes.h"
#include "html_names.h"

#include <string.h>

static int ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? c | 0x20 : (unsigned char)c;
}

/* Whether s[0..k) is w[0..k) (lower case) in any case; w holds no NUL, so
 * on a NUL-terminated s the compare stops at its end. */
static int lower_eq(const char *s, const char *w, size_t k)
{
    for (size_t j = 0; j < k; j++)
        if (ascii_lower(s[j]) != (unsigned char)w[j])
            return 0;
    return 1;
}

/* What a byte is to pith_part_lists (bytes.h). */
#define CUT(c) pith_bytes_cut[(unsigned char)(c)]

/* Whether the token at p starts with prefix w[0..k) (no blank in it) and
 * goes on. */
static int token_prefix(const char *p, const char *w, size_t k)
{
    return lower_eq(p, w, k) && !(CUT(p[k]) & (CUT_BLANK | CUT_END));
}

#define TOKEN_PREFIX(p, w) token_prefix(p, w, sizeof w - 1)

/* A class that states a box's layout or state, not what the box is:
 * Drupal's "with-navigation", "no-sidebars", "has-sidebar" on the page's
 * main column, WordPress's "status-publish" on every post. */
static int layout_token(const char *p)
{
    return TOKEN_PREFIX(p, "with-") || TOKEN_PREFIX(p, "has-") || TOKEN_PREFIX(p, "no-") ||
           TOKEN_PREFIX(p, "status-");
}

/* Whether a token starting with c may be one pith_part_lists skips: the first
 * letters of "category-", "tag-" and layout_token's prefixes, in any case. */
static int skip_first(char c)
{
    unsigned l = (unsigned char)((c | 0x20) - 'a'),
             set = 1u << 2 | 1u << 7 | 1u << 13 | 1u << 18 | 1u << 19 | 1u << 22; /* c h n s t w */
    return l < 26 && (set >> l) & 1;
}

/* The lists (bits) not in skip that have a word starting with q[i]'s letter
 * standing at q + i in the part q[0..pl): a word of the lists in start
 * anywhere, of the lists in end only where it ends the part. */
static inline unsigned words_at(const char *q, size_t pl, size_t i, const part_word_t *words,
                                const word_index_t *ix, unsigned skip, unsigned start, unsigned end)
{
    int c = ascii_lower(q[i]);
    if (c < 'a' || c > 'z')
        return 0;
    unsigned more = 0;
    for (int k = ix->head[c - 'a']; k >= 0; k = ix->next[k]) {
        const part_word_t *w = &words[k];
        unsigned bit = 1u << w->list;
        if (((skip | more) & bit) || i + w->len > pl)
            continue;
        if (((start & bit) || ((end & bit) && i + w->len == pl)) && lower_eq(q + i, w->w, w->len))
            more |= bit;
    }
    return more;
}

/* Which of word_index_t's lens a word ending in c has: its small letter's,
 * else the one of the other bytes. */
static int end_class(char c)
{
    int l = ascii_lower(c);
    return l >= 'a' && l <= 'z' ? l - 'a' : 26;
}

/* Whether q[i] starts a camelCase hump: a capital after a small letter. */
static int hump_at(const char *q, size_t i)
{
    return (unsigned char)(q[i] - 'A') < 26 && (unsigned char)(q[i - 1] - 'a') < 26;
}

/* The lists (bits) not in found that have a word standing in the part
 * q[0..pl) as pith_part_lists says: at its start, at its end for the lists in
 * suffix, after a camelCase hump for the lists in camel. Past the part's
 * start only the humps (for camel) and the places as far from the end as
 * a suffix word ending in the part's last letter is long (ix->lens) are
 * looked at. */
static unsigned part_at(const char *q, size_t pl, const part_word_t *words, const word_index_t *ix,
                        unsigned found, unsigned suffix, unsigned camel)
{
    if (pl == 0)
        return 0;
    unsigned more = words_at(q, pl, 0, words, ix, found, ~0u, 0);
    if (camel)
        for (size_t i = 1; i < pl; i++)
            if (hump_at(q, i))
                more |= words_at(q, pl, i, words, ix, found | more, camel, suffix);
    /* Suffix lengths 1 .. pl - 1 (below 64), each at its place once: the
     * lengths of the suffix words that end in the part's last letter. */
    unsigned long long lens = ix->lens[end_class(q[pl - 1])] & ~1ull;
    if (pl < 64)
        lens &= (1ull << pl) - 1;
    for (; lens; lens &= lens - 1) {
        size_t i = pl - (size_t)__builtin_ctzll(lens);
        if (!(camel && hump_at(q, i)))
            more |= words_at(q, pl, i, words, ix, found | more, 0, suffix);
    }
    return more;
}

unsigned pith_part_lists(const char *v, const part_word_t *words, const word_index_t *ix,
                         unsigned all, unsigned suffix, unsigned camel)
{
    unsigned found = 0;
    if (!v)
        return 0;
    const char *p = v;
    _Static_assert(PITH_NAMES_MAX <= 64, "html_names.c's filter keeps the names read here");
    for (int tokens = 0; *p && tokens < 64; tokens++) {
        while (CUT(*p) == CUT_BLANK)
            p++;
        if (skip_first(p[0]) &&
            (TOKEN_PREFIX(p, "category-") || TOKEN_PREFIX(p, "tag-") || layout_token(p))) {
            while (!(CUT(*p) & (CUT_BLANK | CUT_END)))
                p++;
            continue;
        }
        while (!(CUT(*p) & (CUT_BLANK | CUT_END))) {
            size_t pl = 0;
            unsigned kinds = 0, k;
            for (; !((k = CUT(p[pl])) & (CUT_DASH | CUT_BLANK | CUT_END)); pl++)
                kinds |= k;
            unsigned humps = kinds & CUT_UPPER ? camel : 0; /* without a capital, no hump */
            if (!(pl == 8 && lower_eq(p, "promoted", 8)) &&
                (found |= part_at(p, pl, words, ix, found, suffix, humps)) == all)
                return found;
            p += pl;
            while (CUT(*p) == CUT_DASH)
                p++;
        }
    }
    return found;
}

void pith_part_index(const part_word_t *words, size_t nwords, unsigned suffix, word_index_t *ix)
{
    memset(ix->head, -1, sizeof ix->head);
    memset(ix->lens, 0, sizeof ix->lens);
    for (size_t k = nwords; k-- > 0;) {
        int c = words[k].w[0] - 'a';
        ix->next[k] = ix->head[c];
        ix->head[c] = (signed char)k;
        if (suffix & (1u << words[k].list))
            ix->lens[end_class(words[k].w[words[k].len - 1])] |= 1ull << words[k].len;
    }
}
