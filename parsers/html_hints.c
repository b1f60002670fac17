/* The hint words live in a string set (pith/strset.h) keyed by the
 * lowercase word; boilerplate phrases are a phrase list (phrases.h, the
 * format and matcher the text-dump path uses too), of which only short
 * blocks are tested. Both are built once from the embedded data files. A
 * line that cannot be read or kept (a bad weight, a word too long, a full
 * table, no memory) or a phrase list that cannot be compiled is an error,
 * reported once by pith_html_hints_init (pith_core_init calls it): the
 * extractor never runs on a table that silently lost entries. The build's
 * data check (cmake/check_data) refuses such files before they get here. */
#include "html_hints.h"

#include "blobs.h"
#include "bytes.h"
#include "html_names.h"
#include "memo.h"
#include "phrases.h"
#include "pith/strset.h"
#include "pith_blob_names.h"

#include <pthread.h>
#include <utf8proc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 1024 /* well above the number of hint words */
#define MAX_WORD 48
#define PHRASE_MAX_BLOCK 300
#define PREFIX_MAX_BLOCK 100
#define APPEAL_MAX_BLOCK 1000
#define TAXONOMY 100 /* weight marking a taxonomy prefix word */
#define LAYOUT 101   /* weight marking a layout word */

/* A hint word's value in tables.words: HAS_WEIGHT once a weight is read
 * (the weight + 8 from bit 3 on), IS_TAXONOMY for a first word that makes
 * the name a label, IS_LAYOUT for a word naming a box's place on the page,
 * not its job. */
#define HAS_WEIGHT 1u
#define IS_TAXONOMY 2u
#define IS_LAYOUT 4u

static struct {
    pith_strset_t words;
    /* A filter in front of words: bit seen_key(w, n) is set for every word
     * in the table, so a word whose bit is clear is not there (most of the
     * names a page's elements carry are none of ours). */
    uint64_t seen[64];
    pith_phrases_t *phrases; /* NULL when the list could not be compiled */
} tables;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;
static pith_err_t tables_err; /* the first failure, written under tables_once */

/* Records the first failure of the build; the rest are its consequences. */
static void fail(int code, const char *file, const char *line, size_t n, const char *why)
{
    if (!tables_err.code)
        pith_err_set(&tables_err, code, "data/html/%s: %s: %.*s", file, why, (int)(n > 60 ? 60 : n),
                     line);
}

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Calls fn for each line of a blob without comments and blank lines. */
static void each_line(const pith_blob_t *b, void (*fn)(const char *line, size_t n))
{
    const char *p = b->data, *end = b->data + b->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *s = p;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        const char *t = e;
        while (t > s && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r'))
            t--;
        if (t > s && *s != '#')
            fn(s, (size_t)(t - s));
        p = e + 1;
    }
}

/* The bit of the filter for the lowercase word w[0..n), n > 0. */
static unsigned seen_key(const char *w, size_t n)
{
    unsigned k = ((unsigned char)w[0] * 131u + (unsigned char)w[n - 1]) * 67u + (unsigned)n;
    return k & 4095u;
}

static void add_hint(const char *line, size_t n)
{
    char *end;
    char num[8];
    size_t i = 0;
    while (i < n && i < sizeof num - 1 && line[i] != ' ' && line[i] != '\t') {
        num[i] = line[i];
        i++;
    }
    num[i] = '\0';
    long w;
    if (strcmp(num, "!") == 0) {
        w = TAXONOMY;
    } else if (strcmp(num, "~") == 0) {
        w = LAYOUT;
    } else {
        w = strtol(num, &end, 10);
        if (*end || w < -3 || w > 3) {
            fail(PITH_EINPUT, "hints.txt", line, n, "weight not in -3..3, '!' or '~'");
            return;
        }
    }
    while (i < n && (line[i] == ' ' || line[i] == '\t'))
        i++;
    char word[MAX_WORD];
    size_t len = 0;
    for (; i < n && len < MAX_WORD - 1; i++)
        word[len++] = (char)lower((unsigned char)line[i]);
    pith_strset_slot_t *s;
    if (len == 0 || len == MAX_WORD - 1) {
        fail(PITH_EINPUT, "hints.txt", line, n, len ? "word too long" : "no word");
        return;
    }
    unsigned key = seen_key(word, len);
    tables.seen[key >> 6] |= 1ull << (key & 63);
    int rc = pith_strset_add(&tables.words, word, len, &s, NULL);
    if (rc) {
        fail(rc, "hints.txt", line, n, rc == PITH_ENOMEM ? "out of memory" : "too many words");
        return;
    }
    if (w == TAXONOMY)
        s->val |= IS_TAXONOMY;
    else if (w == LAYOUT)
        s->val |= IS_LAYOUT;
    else if (!(s->val & HAS_WEIGHT)) /* the first weight for a word wins */
        s->val |= HAS_WEIGHT | (uintptr_t)(w + 8) << 3;
}

static void build(void)
{
    pith_strset_init(&tables.words, MAX_WORDS, 1);
    each_line(&pith_blob_html_hints_txt, add_hint);
    static const pith_blob_t *const list[] = {&pith_blob_html_boilerplate_txt};
    pith_err_t err = {0};
    if (pith_phrases_compile(list, 1, &tables.phrases, &err) && !tables_err.code)
        tables_err = err;
    if (!tables_err.code && tables.words.n == 0)
        pith_err_set(&tables_err, PITH_EINPUT, "data/html: hint word table empty");
}

/* A hint word's value in tables.words (HAS_WEIGHT, IS_TAXONOMY, IS_LAYOUT
 * and the weight), 0 for a word not there; w[0..n), 0 < n < MAX_WORD, is
 * lowercase. Most words are turned away by the filter, here inline. */
static uintptr_t word_value(const char *w, size_t n)
{
    unsigned key = seen_key(w, n);
    if (!(tables.seen[key >> 6] >> (key & 63) & 1))
        return 0;
    const pith_strset_slot_t *s = pith_strset_find(&tables.words, w, n);
    return s ? s->val : 0;
}

/* The weight a word's value gives (0 without one). */
static int value_of(uintptr_t v)
{
    return (v & HAS_WEIGHT) ? (int)(v >> 3) - 8 : 0;
}

/* The weight of one class name (or id) s[0..n); *layout says whether the
 * word that gave it is a layout word. The name's letters and digits,
 * lowercased, are looked up together (the compact form: "main-nav" as
 * "mainnav"), and if that is no hint word, each word of the name (split at
 * other bytes and where a lower case letter meets an upper case one) is;
 * the last word found gives the weight. One pass finds the words and
 * lowercases them into compact[], where each is looked up in place; past
 * MAX_WORD bytes (a compact form too long to be a word) into word[]. */
static int name_weight(const char *s, size_t n, int *layout)
{
    char compact[MAX_WORD], word[MAX_WORD];
    size_t cl = 0;
    int last = 0, last_lay = 0, cut = 0; /* cut: a taxonomy first word, not the whole name */
    int nword = 0;
    for (size_t i = 0; i < n;) {
        unsigned k = pith_bytes_hint[(unsigned char)s[i]], pk;
        if (!k) {
            i++;
            continue;
        }
        size_t from = i;
        do {
            pk = k;
            i++;
        } while (i < n && (k = pith_bytes_hint[(unsigned char)s[i]]) &&
                 !(k == NB_UPPER && pk == NB_LOWER));
        size_t wl = i - from;
        const char *w = NULL;
        if (cl + wl <= MAX_WORD) {
            for (size_t j = 0; j < wl; j++)
                compact[cl + j] = (char)(s[from + j] | 0x20); /* a digit's bit 5 is set */
            w = compact + cl;
        } else if (wl < MAX_WORD) {
            for (size_t j = 0; j < wl; j++)
                word[j] = (char)(s[from + j] | 0x20);
            w = word;
        }
        cl += wl;
        if (w && wl < MAX_WORD) {
            uintptr_t v = word_value(w, wl);
            if ((v & IS_TAXONOMY) && nword == 0 && i < n)
                cut = 1;
            if (v & HAS_WEIGHT) {
                last = value_of(v);
                last_lay = (v & IS_LAYOUT) != 0;
            }
        }
        nword++;
    }
    if (cl && cl < MAX_WORD) { /* no letters or digits: no words either */
        uintptr_t v = word_value(compact, cl);
        if (v & HAS_WEIGHT) {
            *layout = (v & IS_LAYOUT) != 0;
            return value_of(v);
        }
    }
    *layout = cut ? 0 : last_lay;
    return cut ? 0 : last;
}

/* A name of weight 0 adds nothing to value_weight's sum and sets none of
 * its flags (html_names.h). */
/* Answers by value (memo.h): under tag 1 value_weight's, (sum + 128) |
 * chrome << 8 | lay << 9; under tag 2 match's, the PITH_PHRASE_* kind;
 * under tag 3 a name's weight, (weight + 8) | layout << 4. */
static _Thread_local pith_memo_t memo;

/* name_weight through the memo: the names filter asks for every name it
 * meets first, and a value's names are weighed again when the walk meets
 * the value. */
static int name_weight_kept(const char *s, size_t n, int *layout)
{
    int hit;
    pith_memo_slot_t *e = pith_memo_find(&memo, 3, s, n, &hit);
    if (hit) {
        *layout = (e->val >> 4) & 1;
        return (int)(e->val & 15) - 8;
    }
    int w = name_weight(s, n, layout);
    if (e)
        e->val = (uint32_t)(w + 8) | (uint32_t)(*layout != 0) << 4;
    return w;
}

int pith_html_hint_reads(const char *s, size_t n)
{
    pthread_once(&tables_once, build);
    int layout;
    return name_weight_kept(s, n, &layout) != 0;
}

int pith_html_hints_init(pith_err_t *err)
{
    pthread_once(&tables_once, build);
    if (tables_err.code && err)
        *err = tables_err;
    return tables_err.code;
}

/* The weights of one class or id value's names: their sum, whether one
 * of them is chrome (a negative weight not from a layout word), whether
 * one is a layout word with a negative weight. */
static void value_weight(const char *p, int *sum, int *chrome, int *lay)
{
    for (int names = 0; *p && names < PITH_NAMES_MAX; names++) {
        /* Blanks (bytes.h's text table: the NUL too, which ends the loop). */
        while (*p && (pith_bytes_text[(unsigned char)*p] & TEXT_STOP))
            p++;
        const char *s = p;
        while (!(pith_bytes_text[(unsigned char)*p] & TEXT_STOP))
            p++;
        if (p > s) {
            int l, w = name_weight_kept(s, (size_t)(p - s), &l);
            *sum += w;
            if (w < 0 && !l)
                *chrome = 1;
            if (w < 0 && l)
                *lay = 1;
        }
    }
}

int pith_html_hint(const char *cls, const char *id, int *layout)
{
    pthread_once(&tables_once, build);
    int sum = 0, chrome = 0, lay = 0;
    const char *vals[2] = {cls, id};
    for (int v = 0; v < 2; v++) {
        if (!vals[v])
            continue;
        int hit, vs = 0, vc = 0, vl = 0;
        pith_memo_slot_t *e = pith_memo_find(&memo, 1, vals[v], strlen(vals[v]), &hit);
        if (hit) {
            vs = (int)(e->val & 0xff) - 128;
            vc = (e->val >> 8) & 1;
            vl = (e->val >> 9) & 1;
        } else {
            value_weight(vals[v], &vs, &vc, &vl);
            if (e)
                e->val = (uint32_t)(vs + 128) | (uint32_t)vc << 8 | (uint32_t)vl << 9;
        }
        sum += vs;
        chrome |= vc;
        lay |= vl;
    }
    if (layout)
        *layout = sum < 0 && lay && !chrome;
    return sum < -3 ? -3 : sum > 3 ? 3 : sum;
}

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

/* Whether block s[0..n) is dividers only: nothing is left once trailing
 * ASCII dividers (". : ! ? > | -") and blanks are trimmed, then, from the
 * end, general punctuation (U+2000..U+203F: dashes, bullets, "…", "›") and
 * "»" each with the blanks and dots before it. */
static int only_dividers(const char *s, size_t n)
{
    size_t b = 0, len = n;
    while (b < n && is_blank((unsigned char)s[b]))
        b++;
    if (b == n)
        return 0;
    while (len > b && (is_blank((unsigned char)s[len - 1]) || strchr(".:!?>|-", s[len - 1])) &&
           s[len - 1])
        len--;
    while (len - b >= 2 && ((unsigned char)s[len - 1] & 0xC0) == 0x80) {
        size_t k = len - 1;
        while (k > b && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        if (((unsigned char)s[k] == 0xE2 && len - k == 3 && (unsigned char)s[k + 1] == 0x80) ||
            ((unsigned char)s[k] == 0xC2 && len - k == 2 && (unsigned char)s[k + 1] == 0xBB)) {
            len = k;
            while (len > b && (is_blank((unsigned char)s[len - 1]) || s[len - 1] == '.'))
                len--;
        } else {
            break;
        }
    }
    return len == b;
}

/* What block s[0..n) is by the phrase list (PITH_PHRASE_*). Blocks of 300
 * bytes or more are not tested; of 100 or more only against contained
 * phrases, unless they start with a bracket (credit lines). */
static int match(const char *s, size_t n)
{
    pthread_once(&tables_once, build);
    if (n >= PHRASE_MAX_BLOCK)
        return PITH_PHRASE_NONE;
    /* Short blocks repeat (menu entries, labels): their answers are kept. */
    int hit;
    pith_memo_slot_t *e = pith_memo_find(&memo, 2, s, n, &hit);
    if (hit)
        return (int)e->val;
    unsigned kinds = PITH_PHRASE_ALL;
    if (n >= PREFIX_MAX_BLOCK && s[0] != '(' && s[0] != '[')
        kinds = PITH_PHRASE_ANY;
    /* A block this short is tested without allocating, so the answer is
     * always one to keep. */
    _Static_assert(PHRASE_MAX_BLOCK <= PITH_PHRASES_SHORT, "short blocks, a stack buffer");
    int r = pith_phrases_test(tables.phrases, NULL, s, n, kinds | PITH_PHRASE_STRICT);
    if (r == PITH_PHRASE_NONE && kinds == PITH_PHRASE_ALL && only_dividers(s, n))
        r = PITH_PHRASE_CHROME;
    if (e && r >= 0)
        e->val = (uint32_t)r;
    else if (e)
        e->tag = 0; /* no answer to keep */
    return r;
}

int pith_html_boilerplate(const char *s, size_t n)
{
    /* A closing label is furniture only where it ends the article. */
    int r = match(s, n);
    return r != PITH_PHRASE_NONE && r != PITH_PHRASE_CLOSING;
}

int pith_html_section_title(const char *s, size_t n)
{
    return match(s, n) == PITH_PHRASE_END;
}

int pith_html_closing_title(const char *s, size_t n)
{
    return match(s, n) == PITH_PHRASE_CLOSING;
}

int pith_html_closing_appeal(const char *s, size_t n)
{
    pthread_once(&tables_once, build);
    if (n >= APPEAL_MAX_BLOCK)
        return 0;
    int r = pith_phrases_test(tables.phrases, NULL, s, n, PITH_PHRASE_ANY);
    return r == PITH_PHRASE_CLOSING;
}
