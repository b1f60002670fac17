/* Stop-word lookup: one open-addressing hash table over every embedded list.
 *
 * Each entry maps a lowercase word to a bit mask of the languages whose list
 * holds it, so one pass over a text counts stop words for all languages at
 * once and the best language falls out for free. The table is built on first
 * use under pthread_once from the stopwords/<lang>.txt family of blobs and is
 * never written again, which is what makes concurrent readers safe without
 * locks. Tokenizing has an ASCII fast path because the classifier runs it on
 * every line of every dump; other scripts go through utf8proc. */
#include "stopwords.h"

#include "blobs.h"
#include "bytes.h"
#include "pith_blob_names.h"
#include "pith/error.h"
#include "simd.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_LANGS PITH_STOP_MAXLANGS
_Static_assert(PITH_NBLOBS_STOPWORDS <= MAX_LANGS, "more stop-word lists than PITH_STOP_MAXLANGS");
#define MAX_WORD 40 /* bytes; longer tokens are never stop words */
#define TABLE_BITS 13

/* 32 bytes a slot. Lookups look at the one-byte tags first (8 KiB, which
 * stay in the first-level cache): most words are not stop words and end at
 * an empty tag without touching a slot. A word is keyed by its first 16
 * bytes as two 64-bit numbers (zero-padded) and its length, so that hashing
 * and comparing an ASCII token costs a few loads, not a loop over bytes. */
typedef struct {
    uint64_t a, b; /* the lowercase word's first 16 bytes, zero-padded */
    uint32_t hash;
    uint32_t off; /* into pool */
    uint32_t len;
    uint32_t mask;
} entry_t;

static struct {
    entry_t slots[1u << TABLE_BITS];
    uint8_t tags[1u << TABLE_BITS]; /* 0: empty slot, else tag_of(hash) */
    char *pool;
    size_t pool_len;
    char codes[MAX_LANGS][8];
    size_t maxlen; /* longest word in any list */
    const char *langs[MAX_LANGS + 1];
    int nlangs;
    int ok;
    char why[160]; /* why the table could not be built, when !ok */
} table;

static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static inline uint8_t tag_of(uint32_t h)
{
    return (uint8_t)((h >> 24) | 1u);
}

static inline uint32_t word_hash(uint64_t a, uint64_t b, size_t n)
{
    /* Two independent multiplies and no xor-shift rounds: this runs once
     * per token. The upper half of the product mixes every key bit into the
     * slot index (its low bits) and the tag (its top byte). */
    uint64_t h = ((a ^ (uint64_t)n) + b * 0xC2B2AE3D27D4EB4Full) * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(h >> 32);
}

/* The first 16 bytes of w[0..n), zero-padded, as two numbers. */
static inline void load_word(const char *w, size_t n, uint64_t *a, uint64_t *b)
{
    char buf[16] = {0};
    memcpy(buf, w, n < 16 ? n : 16);
    memcpy(a, buf, 8);
    memcpy(b, buf + 8, 8);
}

/* The slot holding the word, or the empty slot where it would go (NULL
 * when the table is full). w is the whole lowercase word (read only past
 * its first 16 bytes, so it may be NULL for shorter words). */
static inline entry_t *slot_for(uint64_t a, uint64_t b, uint32_t h, const char *w, size_t n,
                                int *found)
{
    const size_t mask = (1u << TABLE_BITS) - 1;
    const uint8_t tag = tag_of(h);
    for (size_t i = (size_t)h & mask, k = 0; k <= mask; i = (i + 1) & mask, k++) {
        if (!table.tags[i]) {
            *found = 0;
            return &table.slots[i];
        }
        if (table.tags[i] != tag)
            continue;
        entry_t *e = &table.slots[i];
        if (e->hash == h && e->len == n && e->a == a && e->b == b &&
            (n <= 16 || memcmp(table.pool + e->off + 16, w + 16, n - 16) == 0)) {
            *found = 1;
            return e;
        }
    }
    *found = 0;
    return NULL;
}

/* A list the table cannot hold is a failed build, not a table that silently
 * lacks words: cmake/check_data.cmake refuses such lists at build time, and
 * pith_stopwords_init reports it at start-up should one get through. */
static void fail(const char *name, const char *what)
{
    snprintf(table.why, sizeof table.why, "%s: %s", name, what);
}

static void build(void)
{
    size_t total = 0;
    for (unsigned b = 0; b < PITH_NBLOBS_STOPWORDS; b++)
        total += pith_blobs_stopwords[b]->len + 1;
    table.pool = malloc(total + 1);
    if (!table.pool) {
        fail("stop-word table", "out of memory");
        return;
    }
    size_t used = 0, entries = 0;
    for (unsigned b = 0; b < PITH_NBLOBS_STOPWORDS; b++) {
        const pith_blob_t *blob = pith_blobs_stopwords[b];
        const char *code = blob->name + 10;
        size_t cl = strcspn(code, ".");
        if (cl == 0 || cl >= sizeof table.codes[0]) {
            fail(blob->name, "language code empty or over 7 bytes");
            return;
        }
        if (table.nlangs >= MAX_LANGS) {
            fail(blob->name, "more lists than PITH_STOP_MAXLANGS");
            return;
        }
        int li = table.nlangs++;
        memcpy(table.codes[li], code, cl);
        table.codes[li][cl] = '\0';
        table.langs[li] = table.codes[li];
        const char *p = blob->data, *end = blob->data + blob->len, *w;
        size_t n;
        while ((w = pith_blob_line(&p, end, &n))) {
            while (n && (*w == ' ' || *w == '\t')) {
                w++;
                n--;
            }
            if (n == 0 || *w == '#')
                continue;
            if (n > MAX_WORD) {
                fail(blob->name, "a word over MAX_WORD bytes");
                return;
            }
            uint64_t ka, kb;
            load_word(w, n, &ka, &kb);
            uint32_t h = word_hash(ka, kb, n);
            int found;
            entry_t *e = slot_for(ka, kb, h, w, n, &found);
            if (!e) {
                fail(blob->name, "stop-word table full (TABLE_BITS)");
                return;
            }
            if (!found) {
                /* Keep the table at most three quarters full. */
                if (entries >= (3u << TABLE_BITS) / 4) {
                    fail(blob->name, "stop-word table full (TABLE_BITS)");
                    return;
                }
                memcpy(table.pool + used, w, n);
                e->hash = h;
                e->a = ka;
                e->b = kb;
                table.tags[e - table.slots] = tag_of(h);
                e->off = (uint32_t)used;
                e->len = (uint32_t)n;
                used += n;
                if (n > table.maxlen)
                    table.maxlen = n;
                entries++;
            }
            e->mask |= 1u << li;
        }
    }
    table.langs[table.nlangs] = NULL;
    table.ok = 1;
}

static int ready(void)
{
    pthread_once(&table_once, build);
    return table.ok;
}

int pith_stopwords_init(pith_err_t *err)
{
    if (ready())
        return 0;
    return pith_err_set(err, PITH_ENOMEM, "stop words: %s",
                        table.why[0] ? table.why : "table not built");
}

static int lang_index(const char *lang)
{
    if (!lang)
        return -1;
    for (int i = 0; i < table.nlangs; i++)
        if (strcmp(table.codes[i], lang) == 0)
            return i;
    return -1;
}

/* The language mask of a lowercase word keyed by a, b (see entry_t); w is
 * the word itself, needed only past 16 bytes. */
static inline uint32_t lookup(uint64_t a, uint64_t b, const char *w, size_t n)
{
    if (n == 0 || n > table.maxlen)
        return 0;
    int found;
    entry_t *e = slot_for(a, b, word_hash(a, b, n), w, n, &found);
    return found ? e->mask : 0;
}

/* Whether a code point continues a word: letters, marks, digits, and the
 * apostrophes inside words ("don't", "l'homme"). */
static int is_word_cp(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ND);
}

/* Appends bytes to the token w[0..*wl) while it has room (a token longer
 * than a stop word is still scanned to its end, not kept). */
static inline void token_put(char *w, size_t *wl, const char *b, size_t len)
{
    if (*wl + len <= MAX_WORD + 4) {
        memcpy(w + *wl, b, len);
        *wl += len;
    }
}

/* Runs of lowercase basic Cyrillic (U+0430..U+045F: D0 B0..D0 BF, D1 80..
 * D1 9F), most of a Russian or Ukrainian word, copied as they are in a tight
 * loop (the general steps would give the same bytes). Returns the index
 * after the run (i when there is none). */
static inline size_t cyrillic_run(const char *s, size_t n, size_t i, char *w, size_t *wl)
{
    while (i + 1 < n) {
        unsigned char a = (unsigned char)s[i], b = (unsigned char)s[i + 1];
        if (!((a == 0xD0 && b >= 0xB0 && b <= 0xBF) || (a == 0xD1 && b >= 0x80 && b <= 0x9F)))
            break;
        token_put(w, wl, s + i, 2);
        i += 2;
    }
    return i;
}

/* Latin-1 letters (U+00C0..U+00FF) and basic Cyrillic (U+0400..U+045F) make
 * up most non-ASCII words in the dumps; their case and category are simple
 * enough to settle here, with the same answers utf8proc gives: all are
 * letters except U+00D7 and U+00F7, capitals are U+00C0..U+00DE and
 * U+0400..U+042F, and they lowercase by +0x20 (+0x50 for U+0400..U+040F).
 * Returns the lowercase of the two-byte letter at s[i] and whether it is a
 * capital, or -1 when s[i] is not one of them. */
static inline int32_t two_byte_letter(const char *s, size_t n, size_t i, int *cap)
{
    unsigned char c = (unsigned char)s[i];
    if (!((c == 0xC3 || c == 0xD0 || c == 0xD1) && i + 1 < n &&
          ((unsigned char)s[i + 1] & 0xC0) == 0x80))
        return -1;
    int32_t u = (int32_t)((c & 0x1F) << 6 | ((unsigned char)s[i + 1] & 0x3F));
    if (c == 0xC3) {
        if (u == 0xD7 || u == 0xF7)
            return -1;
        *cap = u < 0xDF;
        return *cap ? u + 0x20 : u;
    }
    if (u >= 0x460)
        return -1;
    *cap = u < 0x430;
    return u < 0x410 ? u + 0x50 : *cap ? u + 0x20 : u;
}

/* Scans one token from s[i] (a word character) in the general way: any
 * script, lowercased through utf8proc, into w[0..*wl). Returns
 * the index after it; *first stays 1 when s[i] was no word character. */
static size_t slow_token(const char *s, size_t n, size_t i, char *w, size_t *wlp, int *firstp,
                         int *upperp, int *alldigp)
{
    size_t wl = 0;
    int first = 1, upper = 0, alldig = 1;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xD0 || c == 0xD1) {
            size_t e = cyrillic_run(s, n, i, w, &wl);
            if (e != i) {
                i = e;
                first = 0;
                alldig = 0;
                continue;
            }
        }
        if (c < 0x80) {
            int alpha = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
            int digit = c >= '0' && c <= '9';
            if (c == '\'' && wl && i + 1 < n &&
                ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z')) {
                token_put(w, &wl, "'", 1);
                i++;
                continue;
            }
            if (!alpha && !digit)
                break;
            if (first && c >= 'A' && c <= 'Z')
                upper = 1;
            if (!digit)
                alldig = 0;
            char low = (char)(alpha ? (c | 0x20) : c);
            token_put(w, &wl, &low, 1);
            i++;
            first = 0;
            continue;
        }
        int cap = 0;
        int32_t low = two_byte_letter(s, n, i, &cap);
        if (low >= 0) {
            if (first && cap)
                upper = 1;
            alldig = 0;
            char enc[2] = {(char)(0xC0 | (low >> 6)), (char)(0x80 | (low & 0x3F))};
            token_put(w, &wl, enc, 2);
            i += 2;
            first = 0;
            continue;
        }
        int32_t cp;
        utf8proc_ssize_t r =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (r <= 0)
            break;
        size_t k = (size_t)r;
        if (cp == 0x2019 && wl && i + k < n) {
            /* Typographic apostrophe inside a word counts as '. */
            token_put(w, &wl, "'", 1);
            i += k;
            continue;
        }
        if (!is_word_cp(cp))
            break;
        utf8proc_category_t cat = utf8proc_category(cp);
        if (first && (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT))
            upper = 1;
        if (cat != UTF8PROC_CATEGORY_ND)
            alldig = 0;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t el = utf8proc_encode_char(utf8proc_tolower(cp), enc);
        token_put(w, &wl, (const char *)enc, (size_t)el);
        i += k;
        first = 0;
    }
    while (wl && w[wl - 1] == '\'')
        wl--;
    *wlp = wl;
    *firstp = first;
    *upperp = upper;
    *alldigp = alldig;
    return i;
}

/* Word and high-byte masks of s[wb..wb+64) (bit k for byte wb + k; bytes at
 * or past n give zero bits). Tokenizing looks for word starts and ends in
 * these with bit scans instead of classifying byte after byte: most lines
 * are a few dozen bytes, and one window holds several tokens. */
typedef struct {
    uint64_t word; /* ASCII letters and digits */
    uint64_t high; /* bytes >= 0x80 */
} window_t;

static void window_at(const char *s, size_t n, size_t wb, window_t *win)
{
    uint64_t word = 0, high = 0;
    size_t o = wb;
#if PITH_SIMD
    if (wb < n && n - wb >= 64) {
        /* A whole window: four chunks, no bounds to test. */
        for (unsigned k = 0; k < 64; k += 16) {
            uint32_t w, h;
            pith_simd16_word_high(s + wb + k, &w, &h);
            word |= (uint64_t)w << k;
            high |= (uint64_t)h << k;
        }
        win->word = word;
        win->high = high;
        return;
    }
    for (unsigned k = 0; k < 64 && o < n; k += 16, o += 16) {
        uint32_t w, h;
        if (o + 16 <= n) {
            pith_simd16_word_high(s + o, &w, &h);
        } else if (n >= 16) {
            /* The last, partial chunk: load the sixteen bytes that end the
             * text and shift the bytes before o out of the masks. */
            pith_simd16_word_high(s + n - 16, &w, &h);
            w >>= 16 - (n - o);
            h >>= 16 - (n - o);
        } else {
            /* A text shorter than sixteen bytes: a zero-padded copy. */
            char buf[16] = {0};
            memcpy(buf, s + o, n - o);
            pith_simd16_word_high(buf, &w, &h);
        }
        word |= (uint64_t)w << k;
        high |= (uint64_t)h << k;
    }
#else
    for (unsigned k = 0; k < 64 && o < n; k++, o++) {
        unsigned c = pith_bytes_stop[(unsigned char)s[o]];
        word |= (uint64_t)((c & (STOP_LOW | STOP_UP | STOP_DIG)) != 0) << k;
        high |= (uint64_t)(c == STOP_HIGH) << k;
    }
#endif
    win->word = word;
    win->high = high;
}

/* The key (see entry_t) of the ASCII token s[i..i+wl), wl <= 16 or not
 * needed past 16 bytes: letters, digits and the apostrophe all lowercase by
 * setting bit 5, so the key is the token's bytes | 0x20. w receives the
 * lowercase token when it is built byte by byte. */
static inline void ascii_key(const char *s, size_t n, size_t i, size_t wl, char *w, uint64_t *ka,
                             uint64_t *kb)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t low = 0x2020202020202020ull;
    if (wl <= 16 && i + 16 <= n) {
        uint64_t a, b;
        memcpy(&a, s + i, 8);
        memcpy(&b, s + i + 8, 8);
        if (wl < 8) {
            *ka = (a | low) & ((1ull << (8 * wl)) - 1);
            *kb = 0;
        } else {
            *ka = a | low;
            *kb = (b | low) & (wl == 16 ? ~0ull : (1ull << (8 * (wl - 8))) - 1);
        }
        return;
    }
    if (wl <= 16 && wl && i + wl >= 8) {
        /* Near the end of the text: load the eight bytes that end the
         * token (or its second half) and shift the bytes before it out. */
        uint64_t x;
        memcpy(&x, s + i + wl - 8, 8);
        if (wl <= 8) {
            *ka = (x | low) >> (8 * (8 - wl));
            *kb = 0;
        } else {
            memcpy(ka, s + i, 8);
            *ka |= low;
            *kb = (x | low) >> (8 * (16 - wl));
        }
        return;
    }
#endif
    for (size_t q = 0; q < wl; q++)
        w[q] = (char)(s[i + q] | 0x20);
    load_word(w, wl, ka, kb);
}

/* Bytes of general punctuation (U+2000..U+203F: quotes, dashes, ellipsis,
 * spaces) or NBSP at s[i], which never start a word; 0 for anything else. */
static inline size_t nonword_at(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80)
        return 3;
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)
        return 2;
    return 0;
}

/* Whether an ASCII token ending at s[j] goes on in another script: closing
 * quotes, dashes and NBSP end a word like ASCII punctuation does; U+2019
 * may be an apostrophe inside it, and other scripts continue it. */
static inline int continues_past_ascii(const char *s, size_t n, size_t j)
{
    unsigned char e = j < n ? (unsigned char)s[j] : 0;
    return e >= 0x80 &&
           !(e == 0xE2 && j + 2 < n && (unsigned char)s[j + 1] == 0x80 &&
             (unsigned char)s[j + 2] != 0x99) &&
           !(e == 0xC2 && j + 1 < n && (unsigned char)s[j + 1] == 0xA0);
}

/* Long: the tokenizer's hot loop, which every line of every dump goes
 * through. The window (wb, win) and the counts stay in registers only while
 * the loop is one function: moving the token scans into inline helpers that
 * take them by pointer cost 11% more instructions here (callgrind, SH
 * dumps); the pure pieces (nonword_at, continues_past_ascii, slow_token's
 * helpers) are functions. */
int pith_stopwords_count(const char *s, size_t n, const char *lang, pith_stopcount_t *out)
{
    /* A copy of a zero struct compiles to vector stores; a memset of this
     * size to "rep stos", whose start-up cost shows on short lines. */
    static const pith_stopcount_t zero;
    *out = zero;
    if (!ready())
        return PITH_ENOMEM;
    unsigned *hits = out->hits;
    /* The best language so far (most hits, the lowest index on a tie), kept
     * up as hits come so that no pass over all languages is needed. */
    unsigned bestv = 0;
    int bestl = -1;
    const size_t maxlen = table.maxlen;
    char w[MAX_WORD + 8];
    /* Kept in registers: stores through out would have to stay ordered
     * with the stores to hits. */
    unsigned words = 0, caps = 0, digits = 0;
    /* The window holds i (wb <= i; windows only move forward). */
    size_t wb = 0, i = 0;
    window_t win;
    window_at(s, n, 0, &win);
    while (i < n) {
        while (i - wb >= 64) {
            wb += 64;
            window_at(s, n, wb, &win);
        }
        /* Separators are skipped by a bit scan to the next word byte or
         * non-ASCII byte. */
        uint64_t m = (win.word | win.high) >> (i - wb);
        if (!m) {
            i = wb + 64;
            continue;
        }
        i += (size_t)__builtin_ctzll(m);
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        size_t wl = 0;
        uint64_t ka = 0, kb = 0;
        int upper, alldig, first;
        if (c >= 0x80) {
            size_t skip = nonword_at(s, n, i);
            if (skip) {
                i += skip;
                continue;
            }
            size_t t = i;
            i = slow_token(s, n, t, w, &wl, &first, &upper, &alldig);
            if (first) {
                /* Not a word character after all (invalid byte, symbol). */
                i = t + 1;
                continue;
            }
            if (!alldig && wl <= maxlen)
                load_word(w, wl, &ka, &kb);
        } else {
            /* An ASCII word byte: the token runs to the next byte that is
             * no letter or digit, past apostrophes before a letter. */
            size_t j = i;
            for (;;) {
                for (;;) {
                    while (j - wb >= 64) {
                        wb += 64;
                        window_at(s, n, wb, &win);
                    }
                    uint64_t e = ~win.word >> (j - wb);
                    if (e) {
                        j += (size_t)__builtin_ctzll(e);
                        break;
                    }
                    j = wb + 64;
                }
                if (j + 1 < n && s[j] == '\'' &&
                    (pith_bytes_stop[(unsigned char)s[j + 1]] & (STOP_LOW | STOP_UP))) {
                    j++;
                    continue;
                }
                break;
            }
            if (continues_past_ascii(s, n, j)) {
                i = slow_token(s, n, i, w, &wl, &first, &upper, &alldig);
                if (!alldig && wl <= maxlen)
                    load_word(w, wl, &ka, &kb);
            } else {
                upper = c >= 'A' && c <= 'Z';
                /* Digits only: apostrophes go on only before letters. */
                alldig = c <= '9';
                for (size_t q = i + 1; alldig && q < j; q++)
                    alldig = (unsigned char)s[q] <= '9';
                wl = j - i;
                if (!alldig && wl <= maxlen)
                    ascii_key(s, n, i, wl, w, &ka, &kb);
                i = j;
            }
        }
        words++;
        caps += (unsigned)upper;
        digits += (unsigned)alldig;
        uint32_t m2 = alldig ? 0 : lookup(ka, kb, w, wl);
        for (; m2; m2 &= m2 - 1) {
            int l = __builtin_ctz(m2);
            unsigned v = ++hits[l];
            if (v > bestv || (v == bestv && l < bestl)) {
                bestv = v;
                bestl = l;
            }
        }
    }
    out->words = words;
    out->caps = caps;
    out->digits = digits;
    int li = lang_index(lang);
    if (li < 0)
        li = bestl;
    if (li >= 0) {
        out->stops = hits[li];
        out->lang = hits[li] || lang ? table.codes[li] : NULL;
    }
    return 0;
}

double pith_stopwords_ratio(const char *s, size_t n, const char **lang)
{
    pith_stopcount_t c;
    if (lang)
        *lang = NULL;
    if (pith_stopwords_count(s, n, NULL, &c) || c.words == 0)
        return 0.0;
    if (lang)
        *lang = c.lang;
    return (double)c.stops / (double)c.words;
}

int pith_stopwords_is(const char *word, size_t n, const char *lang)
{
    pith_stopcount_t c;
    if (!word || n == 0 || n > MAX_WORD * 4)
        return 0;
    if (pith_stopwords_count(word, n, lang, &c))
        return 0;
    return c.words == 1 && c.stops == 1 && lang_index(lang) >= 0;
}

const char *const *pith_stopwords_langs(void)
{
    static const char *const none[] = {NULL};
    if (!ready())
        return none;
    return table.langs;
}
