/* Text-dump cleaning: a block classifier with context, in the spirit of
 * jusText, plus a search for the article's main region.
 *
 * A dump has no tags to go by, only lines. Each line (block) gets cheap
 * features: length, stop-word share, whether it ends a sentence, share of
 * capitalised words, digits and URLs, whether it is a known chrome phrase
 * (data/boilerplate), and whether it repeats. Blocks are classed as good
 * (prose), near-good, short or bad; metadata lines (dates, locale codes,
 * repeated titles, breadcrumbs; dump_meta.c finds them) are lifted into the
 * document and are neutral.
 * The article is then the contiguous run of blocks with the best total weight
 * (good prose counts for, chrome against, metadata not at all), so short
 * sub-headings and list items between paragraphs stay while runs of menus,
 * related links and comment sections around the article go. Everything that
 * is site-specific lives in site profiles (rules.c) and data files; nothing
 * here knows a particular site. */
#include "textdump.h"
#include "urlhost.h"

#include "dump_boiler.h"
#include "dump_model.h"
#include "pith/rules.h"
#include "pith/strset.h"
#include "simd.h"
#include "stopwords.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef PITH_TEXTDUMP_DEBUG
#include <stdio.h>
#endif

#define MAX_BLOCKS 100000 /* as many paragraphs as a document holds */
#ifndef END_SCALE
#define END_SCALE 0.3
#endif
#define TOC_MAX 40          /* entries of a table of contents, at most */
#define TOC_ENTRY_CHARS 100 /* an entry is shorter than a paragraph */
#define ANCHOR_SPAN 12      /* blocks between the headline and its article */
#define ANCHOR_SHARE 0.25   /* of the best run's weight, for the run under it */
#define ANCHOR_OWN 300      /* weight of a paragraph: the run's own text */
#ifndef SHORT_P
#define SHORT_P 20.0
#endif

/* ---- small text helpers ---------------------------------------------- */

/* Characters (not continuation bytes) in s[0..n): sixteen bytes at a time
 * with SSE2 where available, else eight. This runs on every line. */
static unsigned count_chars(const char *s, size_t n)
{
    size_t cont = 0, i = 0;
#if PITH_SIMD
    if (n >= 16)
        return (unsigned)(n - pith_simd_utf8_cont(s, n));
#else
    const uint64_t hi = 0x8080808080808080ull, ones = 0x0101010101010101ull;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        /* Continuation bytes are 10xxxxxx: bit 7 set, bit 6 clear. One
         * bit per such byte, moved to bit 0 and summed by a multiply. */
        uint64_t c = (x & ~(x << 1) & hi) >> 7;
        cont += (size_t)((c * ones) >> 56);
    }
#endif
    for (; i < n; i++)
        cont += ((unsigned char)s[i] & 0xC0) == 0x80;
    return (unsigned)(n - cont);
}

/* Whether the block ends like a sentence: . ! ? … : ; or one of them followed
 * by closing quotes/brackets, or CJK full stops. */
static int ends_sentence(const char *s, size_t n)
{
    while (n) {
        unsigned char c = (unsigned char)s[n - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']') {
            n--;
            continue;
        }
        /* ” ’ » (E2 80 9D, E2 80 99, C2 BB) */
        if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
            (c == 0x9D || c == 0x99)) {
            n -= 3;
            continue;
        }
        if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && c == 0xBB) {
            n -= 2;
            continue;
        }
        break;
    }
    if (!n)
        return 0;
    unsigned char c = (unsigned char)s[n - 1];
    if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';')
        return 1;
    /* … U+2026 (E2 80 A6), 。U+3002 (E3 80 82), ！U+FF01, ．U+FF0E, ？U+FF1F,
     * the Devanagari and Bengali danda । ॥ (E0 A5 A4/A5) */
    if (n >= 3) {
        const unsigned char *t = (const unsigned char *)s + n - 3;
        if ((t[0] == 0xE2 && t[1] == 0x80 && t[2] == 0xA6) ||
            (t[0] == 0xE3 && t[1] == 0x80 && t[2] == 0x82) ||
            (t[0] == 0xEF && t[1] == 0xBC && (t[2] == 0x81 || t[2] == 0x8E || t[2] == 0x9F)) ||
            (t[0] == 0xE0 && t[1] == 0xA5 && (t[2] == 0xA4 || t[2] == 0xA5)))
            return 1;
    }
    /* The Arabic question mark ؟ (D8 9F) and full stop ۔ (DB 94) */
    if (n >= 2) {
        const unsigned char *t = (const unsigned char *)s + n - 2;
        if ((t[0] == 0xD8 && t[1] == 0x9F) || (t[0] == 0xDB && t[1] == 0x94))
            return 1;
    }
    return 0;
}

static int has_space(const char *s, size_t n)
{
    return memchr(s, ' ', n) || memchr(s, '\t', n);
}

static int is_url_token(const char *s, size_t n);

/* A bare URL, e-mail address or path, or a line of nothing but those. */
static int is_url(const char *s, size_t n)
{
    if (!has_space(s, n))
        return is_url_token(s, n);
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\t')
            j++;
        if (j > i && !is_url_token(s + i, j - i))
            return 0;
        i = j;
    }
    return 1;
}

/* One token with ://, www., @ and a dot, or a leading '/'. */
static int is_url_token(const char *s, size_t n)
{
    if (n < 4)
        return 0;
    for (const char *c = memchr(s, ':', n); c; c = memchr(c + 1, ':', (size_t)(s + n - c - 1)))
        if (s + n - c >= 3 && c[1] == '/' && c[2] == '/')
            return 1;
    if (n > 4 && strncmp(s, "www.", 4) == 0)
        return 1;
    if (memchr(s, '@', n) && memchr(s, '.', n))
        return 1;
    if (s[0] == '/' && n > 1)
        return 1;
    return 0;
}

/* A bare URL of an image (SPEC §3: image URLs are chrome, links may be
 * part of an article, e.g. a list of products with their addresses). */
static int is_image_url(const char *s, size_t n)
{
    static const char *const ext[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"};
    size_t q = n;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '?' || s[i] == '#') {
            q = i;
            break;
        }
    for (size_t k = 0; k < sizeof ext / sizeof *ext; k++) {
        size_t el = strlen(ext[k]);
        if (q >= el && strncasecmp(s + q - el, ext[k], el) == 0)
            return 1;
    }
    return 0;
}

/* Numbers, sizes and flags only ("1920 1080 true", "3.409", "0", "12:30"),
 * and image addresses. */
static int is_junk(const block_t *b)
{
    if (b->words == 0)
        return 1;
    /* Image addresses, paths and XPath-like lines of metadata dumps. */
    if (b->url && (is_image_url(b->s, b->n) || b->s[0] == '/' || has_space(b->s, b->n)))
        return 1;
    if (b->words <= 6 && b->digits * 2 >= b->words + 1) {
        /* Lines made of numbers, possibly with true/false or a unit. */
        return 1;
    }
    return 0;
}

/* A link card flattened into one line: a Title Case headline glued to the
 * summary under it, "Customers Leave Without Paying $690 Bill At Troy
 * SteakhouseA party of six left ...". The seam is a lowercase run of four
 * letters or more (or '?', '!') straight followed by a capital and a
 * lowercase letter or a blank, or a digit followed by a capital and a
 * lowercase letter ("250,000The"), within the first 160 bytes; before it at
 * least four words, at least 80% of them capitalised (or digits, symbols);
 * after it a sentence of at least 50 bytes; and at most one of the first
 * five words in lowercase. Names such as "McKinley",
 * "MacBook" or "WeWork" have shorter lowercase runs before their capitals. */
static int is_glued_teaser(const char *s, size_t n)
{
    size_t lim = n < 160 ? n : 160, run = 0;
    /* Most lines are prose: two lowercase words among the first five end
     * the test before the byte scan. */
    unsigned seen = 0, low = 0;
    for (size_t i = 0; i < lim && seen < 5; i++) {
        if (i > 0 && s[i - 1] != ' ')
            continue;
        if (s[i] == ' ')
            continue;
        seen++;
        if ((unsigned char)s[i] >= 'a' && (unsigned char)s[i] <= 'z' && ++low >= 2)
            return 0;
    }
    for (size_t k = 1; k + 1 < lim; k++) {
        unsigned char p = (unsigned char)s[k - 1], c = (unsigned char)s[k];
        run = p >= 'a' && p <= 'z' ? run + 1 : 0;
        int digit = p >= '0' && p <= '9';
        if (!(c >= 'A' && c <= 'Z') || !(run >= 4 || p == '?' || p == '!' || digit))
            continue;
        unsigned char q = (unsigned char)s[k + 1];
        if (!((q >= 'a' && q <= 'z') || (q == ' ' && !digit)) || n - k < 50)
            continue;
        unsigned words = 0, lower = 0;
        for (size_t i = 0; i < k; i++) {
            if (s[i] == ' ' || (i > 0 && s[i - 1] != ' '))
                continue;
            words++;
            lower += (unsigned char)s[i] >= 'a' && (unsigned char)s[i] <= 'z';
        }
        if (words >= 4 && lower * 5 <= words)
            return 1;
    }
    return 0;
}

/* ---- the classifier --------------------------------------------------- */

static void features(block_t *b, pith_stopcount_t *c, pith_boiler_ctx_t *bctx)
{
    b->chars = count_chars(b->s, b->n);
    if (pith_stopwords_count(b->s, b->n, NULL, c) == 0) {
        b->words = c->words;
        b->caps = c->caps;
        b->digits = c->digits;
    }
    b->punct_end = (unsigned)ends_sentence(b->s, b->n);
    b->url = (unsigned)is_url(b->s, b->n);
    b->junk = (unsigned)is_junk(b);
    b->teaser = b->punct_end && b->n >= 65 && (unsigned)is_glued_teaser(b->s, b->n);
    /* Chrome phrases are short; long prose that quotes one is still prose. */
    if (b->words <= 30) {
        int k = pith_boiler_test(bctx, b->s, b->n);
        b->boiler = k != PITH_BOILER_NONE;
        b->end = k == PITH_BOILER_END;
        b->toc = k == PITH_BOILER_TOC;
    } else if (b->words <= 120) {
        /* A long cookie or copyright notice still starts like one. */
        b->boiler = pith_boiler_test_lead(bctx, b->s, b->n) != PITH_BOILER_NONE;
    }
    /* Bylines: "By Jane Doe", "By Reuters Staff". */
    if (b->n > 3 && b->words <= 8 && !b->punct_end && (b->s[0] == 'B' || b->s[0] == 'b') &&
        b->s[1] == 'y' && b->s[2] == ' ')
        b->boiler = 1;
}

/* Marks repeats: a later copy of a long block is a duplicate (the dump holds
 * the article twice); a short block seen twice or more is navigation. */
static int mark_repeats(dump_t *d)
{
    pith_strset_t seen; /* block text -> index of its first block */
    pith_strset_init(&seen, 0, 0);
    int rc = pith_strset_reserve(&seen, d->n);
    for (size_t i = 0; i < d->n && !rc; i++) {
        block_t *b = &d->b[i];
        pith_strset_slot_t *e;
        int added;
        rc = pith_strset_add(&seen, b->s, b->n, &e, &added);
        if (rc)
            break;
        if (added) {
            e->val = i;
            continue;
        }
        block_t *first = &d->b[e->val];
        if (b->words >= 12) {
            b->dup = 1;
        } else {
            first->rep = 1;
            b->rep = 1;
        }
    }
    pith_strset_free(&seen);
    return rc;
}

/* A table of contents (its heading found by a "%" phrase) lists the
 * article's sub-headings between the lead and the body: its entries, short
 * lines up to the first paragraph, neither count against the article nor go
 * into it, so the lead and the body stay one region. */
static void mark_toc(dump_t *d)
{
    for (size_t i = 0; i < d->n; i++) {
        if (!d->b[i].toc)
            continue;
        size_t j = i + 1;
        for (; j < d->n && j <= i + TOC_MAX && !d->b[j].end && d->b[j].chars < TOC_ENTRY_CHARS; j++)
            d->b[j].toc = 1;
        i = j - 1;
    }
}

/* Characters of scripts written without spaces (CJK ideographs and
 * punctuation, kana, Hangul: U+3000..U+D7FF, three-byte UTF-8 led by E3..ED).
 * One such character carries about what three Latin letters do. */
static unsigned count_cjk(const char *s, size_t n)
{
    unsigned k = 0;
    for (size_t i = 0; i + 2 < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0xE3 && c <= 0xED) {
            k++;
            i += 2;
        }
    }
    return k;
}

static void classify(dump_t *d)
{
    int have_lang = d->lang != NULL;
    /* Glued link cards are chrome where the page holds a list of them (one
     * alone may be a sub-heading glued to its paragraph). */
    size_t teasers = 0;
    for (size_t i = 0; i < d->n; i++)
        teasers += d->b[i].teaser;
    int drop_teasers = teasers >= 3;
    for (size_t i = 0; i < d->n; i++) {
        block_t *b = &d->b[i];
        double stop = b->words ? (double)b->stops / b->words : 0.0;
        double caps = b->words ? (double)b->caps / b->words : 0.0;
        /* Without a stop-word list, a CJK sentence is as long as its
         * meaning: its characters count thrice. */
        b->len = have_lang ? b->chars : b->chars + 2 * count_cjk(b->s, b->n);
        if (b->boiler || b->junk || b->url || b->rep || (b->teaser && drop_teasers)) {
            b->cls = CLS_BAD;
        } else if (b->len < 50) {
            b->cls = CLS_SHORT;
        } else if (!have_lang) {
            /* No stop-word list fits (CJK, Thai, an unlisted language):
             * sentence punctuation and length carry the decision. */
            b->cls = b->punct_end && b->len >= 60 ? CLS_GOOD : b->punct_end ? CLS_NEAR : CLS_SHORT;
        } else if (stop >= 0.22 && (b->chars >= 150 || (b->punct_end && b->chars >= 70))) {
            b->cls = CLS_GOOD;
        } else if (stop >= 0.14 || (b->punct_end && stop >= 0.08)) {
            b->cls = CLS_NEAR;
        } else {
            b->cls = CLS_BAD;
        }
        /* Title Case runs without punctuation are menus and headline lists. */
        if (b->cls == CLS_NEAR && !b->punct_end && caps > 0.7)
            b->cls = CLS_BAD;
    }
}

static void weigh(dump_t *d)
{
    for (size_t i = 0; i < d->n; i++) {
        block_t *b = &d->b[i];
        double len = b->len > 2000 ? 2000 : b->len;
        if (b->meta || b->dup || b->toc) {
            b->w = 0;
            continue;
        }
        switch (b->cls) {
        case CLS_GOOD:
            b->w = len;
            break;
        case CLS_NEAR:
            b->w = b->punct_end ? len * 0.3 : -5;
            break;
        case CLS_SHORT:
            /* Sub-headings and list items cost little; menu runs add up. */
            b->w = b->punct_end ? -SHORT_P / 3 : -SHORT_P;
            break;
        default:
            b->w = b->boiler ? -40 - len * 0.5 : -20 - len * 0.5;
            break;
        }
    }
}

/* The contiguous run of blocks with the largest total weight (Kadane). An
 * end marker ("Leave a Reply", "34 Comments") is a barrier the run cannot
 * cross, and once one has followed some article text, whatever comes after
 * counts for less: comment threads are prose too, but they come after. */
static int best_run(const dump_t *d, size_t *from, size_t *to)
{
    double best = 0, cur = 0, scale = 1.0, good = 0;
    size_t start = 0;
    int found = 0;
    for (size_t i = 0; i < d->n; i++) {
        const block_t *b = &d->b[i];
        if (b->end) {
            if (good >= 300)
                scale = END_SCALE;
            cur = 0;
            start = i + 1;
            continue;
        }
        if (b->cls == CLS_GOOD && !b->meta && !b->dup)
            good += b->chars;
        if (cur <= 0) {
            cur = 0;
            start = i;
        }
        cur += b->w > 0 ? b->w * scale : b->w;
        if (cur > best) {
            best = cur;
            *from = start;
            *to = i;
            found = 1;
        }
    }
    return found;
}

/* The article's own candidate: the best run that starts at the first block
 * of text within a few blocks under the headline, until chrome outweighs
 * it or an end marker comes. Returns its weight (0: none). */
static double anchored_run(const dump_t *d, size_t head, size_t *from, size_t *to)
{
    size_t s = head + 1;
    while (s < d->n && s <= head + ANCHOR_SPAN && !d->b[s].end && d->b[s].w <= 0)
        s++;
    if (s >= d->n || s > head + ANCHOR_SPAN || d->b[s].end)
        return 0;
    double best = 0, cur = 0;
    for (size_t i = s; i < d->n && !d->b[i].end && cur >= 0; i++) {
        cur += d->b[i].w;
        if (cur > best) {
            best = cur;
            *from = s;
            *to = i;
        }
    }
    return best;
}

/* The text's weight in blocks from..to: what counts for the article. */
static double run_weight(const dump_t *d, size_t from, size_t to)
{
    double w = 0;
    for (size_t i = from; i <= to; i++)
        w += d->b[i].w > 0 ? d->b[i].w : 0;
    return w;
}

/* Two candidates: the best run anywhere, and the run right under the
 * headline (found by the URL's slug). A long privacy notice, a sign-up form
 * or a comment thread further down can outweigh a short article; the run
 * under the headline wins when it holds a quarter of the other's weight and
 * either ends before it or holds a paragraph of its own before it (else the
 * best run is the article, and what precedes it is teasers). */
static int best_region(const dump_t *d, size_t *from, size_t *to)
{
    int found = best_run(d, from, to);
    if (!found || !d->have_head || *from <= d->head + ANCHOR_SPAN)
        return found;
    size_t af = 0, at = 0;
    double a = anchored_run(d, d->head, &af, &at);
    if (a <= 0 || a < ANCHOR_SHARE * run_weight(d, *from, *to))
        return found;
    if (at >= *from && run_weight(d, af, *from - 1) < ANCHOR_OWN)
        return found;
    *from = af;
    *to = at;
    return found;
}

/* ---- entry point -------------------------------------------------------- */

/* ---- the steps of pith_text_extract ----------------------------------- */

/* The dump's lines: pointers into the input, or into copies a site profile
 * made. */
typedef struct {
    const char **s;
    size_t *n;
    size_t count, cap;
    char **owned; /* lines copied into the document for site profiles */
    size_t nowned;
} lines_t;

static void lines_free(lines_t *l)
{
    for (size_t i = 0; i < l->nowned; i++)
        free(l->owned[i]);
    free(l->owned);
    free(l->s);
    free(l->n);
}

/* 1. The scraper's prefix, then one block per non-blank line. Blocks point
 * into the input; nothing is copied unless a profile applies. */
static int split_lines(const char *utf8, size_t len, pith_doc_t *doc, lines_t *l)
{
    int rc = 0;
    size_t skip = dump_prefix(utf8, len, doc, &rc);
    if (rc)
        return rc;
    const char *p = utf8 + skip, *end = utf8 + len;
    /* Transcoded text holds no NUL; one look spares a search per line. */
    const int has_nul = memchr(p, '\0', (size_t)(end - p)) != NULL;
    while (p < end && l->count < MAX_BLOCKS) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *s = p;
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        p += n + 1;
        /* A NUL byte ends a line's text, as it would in a C string. */
        const char *z = has_nul ? memchr(s, '\0', n) : NULL;
        if (z)
            n = (size_t)(z - s);
        dump_trim(&s, &n);
        if (!n)
            continue;
        if (l->count == l->cap) {
            size_t nc = l->cap ? l->cap * 2 : 256;
            const char **nv = realloc(l->s, nc * sizeof *nv);
            if (!nv)
                return PITH_ENOMEM;
            l->s = nv;
            size_t *nn = realloc(l->n, nc * sizeof *nn);
            if (!nn)
                return PITH_ENOMEM;
            l->n = nn;
            l->cap = nc;
        }
        l->s[l->count] = s;
        l->n[l->count++] = n;
    }
    return 0;
}

/* 2. Site profiles drop lines, cut and map metadata first. They work on the
 * document's paragraphs, so the lines become paragraphs for them, and the
 * paragraphs they leave become the lines. A profile's own error is returned
 * as it is (*own set); any other failure is PITH_ENOMEM. */
static int apply_profiles(const pith_hints_t *hints, const char *host, pith_doc_t *doc, lines_t *l,
                          int *own, pith_err_t *err)
{
    *own = 0;
    if (!hints || !hints->rules || !pith_rules_any_match(hints->rules, host, l->s, l->n, l->count))
        return 0;
    int rc;
    for (size_t i = 0; i < l->count; i++)
        if ((rc = pith_doc_add_para(doc, l->s[i], l->n[i])))
            return rc;
    rc = pith_rules_apply(hints->rules, host, doc, NULL, err);
    if (rc < 0) {
        *own = 1;
        return rc;
    }
    l->owned = doc->paras;
    l->nowned = doc->nparas;
    for (size_t i = 0; i < l->nowned; i++)
        free(doc->shapes[i]); /* dump lines have none; kept aligned */
    doc->paras = NULL;
    doc->nparas = 0;
    l->count = l->nowned;
    for (size_t i = 0; i < l->count; i++) {
        l->s[i] = l->owned[i];
        l->n[i] = strlen(l->owned[i]);
    }
    return 0;
}

/* 3. Features, and the document's language from the stop words of its
 * longer blocks (one tokenizing pass serves both). */
static int read_blocks(dump_t *d, const lines_t *l, pith_boiler_ctx_t *bctx, pith_doc_t *doc)
{
    pith_stopcount_t *hits = NULL;
    if (!(d->b = calloc(l->count, sizeof *d->b)) || !(hits = malloc(l->count * sizeof *hits)))
        return PITH_ENOMEM;
    d->n = l->count;
    unsigned long sum[PITH_STOP_MAXLANGS] = {0}, words = 0;
    for (size_t i = 0; i < d->n; i++) {
        d->b[i].s = l->s[i];
        d->b[i].n = l->n[i];
        features(&d->b[i], &hits[i], bctx);
        if (d->b[i].n >= 40) {
            words += d->b[i].words;
            for (int k = 0; k < PITH_STOP_MAXLANGS; k++)
                sum[k] += hits[i].hits[k];
        }
    }
    const char *const *langs = pith_stopwords_langs();
    int best = -1;
    for (int k = 0; k < PITH_STOP_MAXLANGS && langs[k]; k++)
        if (sum[k] && (best < 0 || sum[k] > sum[best]))
            best = k;
#ifdef PITH_TEXTDUMP_DEBUG
    fprintf(stderr, "LANG %s %lu/%lu = %.3f\n", best >= 0 ? langs[best] : "-",
            best >= 0 ? sum[best] : 0, words, best >= 0 && words ? (double)sum[best] / words : 0.0);
#endif
    /* Too few stop words of any list: a language we have no list for. Prose
     * in a listed language has a quarter or more of its words in the list;
     * under a tenth, the hits come from a few chrome lines in another
     * language (an Indonesian blog with English comment forms) and the
     * stop-word test would mark the whole article as chrome. */
    if (best >= 0 && sum[best] * 10 >= words) {
        d->lang = langs[best];
        for (size_t i = 0; i < d->n; i++)
            d->b[i].stops = hits[i].hits[best];
    }
    free(hits);
    return d->lang ? pith_doc_set_if_empty(&doc->lang, d->lang, (size_t)-1) : 0;
}

#ifdef PITH_TEXTDUMP_DEBUG
static void debug_blocks(const dump_t *d, int have_region, size_t from, size_t to)
{
    for (size_t i = 0; i < d->n; i++) {
        const block_t *b = &d->b[i];
        fprintf(stderr, "%c%4zu c%d w%7.1f ch%4u wd%3u st%3u cp%3u %s%s%s%s%s%s%s%s| %.*s\n",
                have_region && i >= from && i <= to ? '*' : ' ', i, b->cls, b->w, b->chars,
                b->words, b->stops, b->caps, b->boiler ? "B" : "", b->end ? "E" : "",
                b->rep ? "R" : "", b->dup ? "D" : "", b->meta ? "M" : "", b->junk ? "J" : "",
                b->toc ? "T" : "", b->punct_end ? "." : "", (int)(b->n > 90 ? 90 : b->n), b->s);
    }
}
#endif

/* 6. The article: inside the region, everything but chrome and the title. */
static int emit_region(const dump_t *d, size_t from, size_t to, pith_doc_t *doc)
{
    for (size_t i = from; i <= to; i++) {
        const block_t *b = &d->b[i];
        if (b->meta || b->dup || b->boiler || b->junk || b->rep || b->toc)
            continue;
        if (doc->title && b->n == strlen(doc->title) && memcmp(b->s, doc->title, b->n) == 0)
            continue;
        int rc = pith_doc_add_para(doc, b->s, b->n);
        if (rc)
            return rc;
    }
    return 0;
}

int pith_text_extract(const char *utf8, size_t len, const pith_hints_t *hints, pith_doc_t *doc,
                      pith_err_t *err)
{
    dump_t d = {0};
    lines_t l = {0};
    pith_boiler_ctx_t *bctx = NULL;
    pith_buf_t tmp = {0};
    char hb[256];
    int own = 0, rc = split_lines(utf8, len, doc, &l);
    const char *host =
        hints ? pith_urlhost_get(hints->url ? hints->url : doc->url, hb, sizeof hb) : NULL;
    if (rc || (rc = apply_profiles(hints, host, doc, &l, &own, err)) || l.count == 0)
        goto done;
    bctx = pith_boiler_ctx_create();
    /* 4. Repetition and metadata (dump_meta.c), then classes and weights. */
    if ((rc = read_blocks(&d, &l, bctx, doc)) || (rc = mark_repeats(&d)) ||
        (rc = dump_meta_read(&d, hints, doc)))
        goto done;
    mark_toc(&d);
    classify(&d);
    weigh(&d);
    /* 5. The article's region, then the metadata that depends on its place. */
    size_t from = 0, to = 0;
    int have_region = best_region(&d, &from, &to);
#ifdef PITH_TEXTDUMP_DEBUG
    debug_blocks(&d, have_region, from, to);
#endif
    d.to = to;
    if ((rc = dump_meta_finish(&d, have_region, from, hints, host, doc, &tmp)) == 0 && have_region)
        rc = emit_region(&d, from, to, doc); /* none: the caller reports PITH_ENOTEXT */
done:
    if (rc && !own)
        rc = pith_err_set(err, PITH_ENOMEM, "out of memory");
    pith_boiler_ctx_destroy(bctx);
    pith_buf_free(&tmp);
    free(d.b);
    lines_free(&l);
    return rc;
}
