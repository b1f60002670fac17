/* The hint words live in a string set (pith/strset.h) keyed by the
 * lowercase word; boilerplate phrases in a flat array (there are about a
 * hundred, and only short blocks are tested against them). Both are built
 * once from the embedded data files. A line that cannot be read or kept (a
 * bad weight, a phrase too long, a full table, no memory) is an error,
 * reported once by pith_html_hints_init (pith_core_init calls it): the
 * extractor never runs on a table that silently lost entries. The build's
 * data check (cmake/check_data) refuses such files before they get here. */
#include "html_hints.h"

#include "blobs.h"
#include "pith/strset.h"
#include "pith_blob_names.h"

#include <pthread.h>
#include <utf8proc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 1024 /* well above the number of hint words */
#define MAX_WORD 48
#define MAX_PHRASES 512
#define MAX_INSIDE 32
#define PHRASE_MAX_BLOCK 300
#define PREFIX_MAX_BLOCK 100
#define TAXONOMY 100 /* weight marking a taxonomy prefix word */
#define LAYOUT 101   /* weight marking a layout word */

/* A hint word's value in tables.words: HAS_WEIGHT once a weight is read
 * (the weight + 8 from bit 3 on), IS_TAXONOMY for a first word that makes
 * the name a label, IS_LAYOUT for a word naming a box's place on the page,
 * not its job. */
#define HAS_WEIGHT 1u
#define IS_TAXONOMY 2u
#define IS_LAYOUT 4u

typedef struct {
    char text[80];
    unsigned char len;
    unsigned char prefix;  /* 1: "word*", 2: "word**" */
    unsigned char section; /* 1 "!": also a section title; 2 "^": a closing title */
} phrase_t;

static struct {
    pith_strset_t words;
    phrase_t phrases[MAX_PHRASES];
    size_t nphrases;
    unsigned first[256], end[256]; /* phrases starting with a byte: [first, end) */
    phrase_t inside[MAX_INSIDE];   /* "*words*": anywhere in the block */
    size_t ninside;
} tables;
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;
static pith_err_t tables_err; /* the first failure, written under tables_once */

/* Records the first failure of the build; the rest are its consequences. */
static void fail(int code, const char *file, const char *line, size_t n, const char *why)
{
    if (!tables_err.code)
        pith_err_set(&tables_err, code, "data/html/%s: %s: %.*s", file, why,
                     (int)(n > 60 ? 60 : n), line);
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

/* Lowercases s[0..n) into out (at most cap - 1 bytes, NUL-terminated) with
 * blanks collapsed and leading blanks dropped: ASCII by table, anything
 * else through utf8proc so that Cyrillic, Greek and accented capitals fold
 * too. Returns the length written. */
static size_t fold(const char *s, size_t n, char *out, size_t cap)
{
    size_t len = 0;
    int space = 0;
    for (size_t i = 0; i < n && len + 4 < cap;) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            space = len > 0;
            i++;
            continue;
        }
        if (space)
            out[len++] = ' ';
        space = 0;
        if (c < 0x80) {
            out[len++] = (char)lower(c);
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            out[len++] = (char)c;
            i++;
            continue;
        }
        cp = utf8proc_tolower(cp);
        len += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out + len);
        i += (size_t)k;
    }
    out[len] = '\0';
    return len;
}

static void add_phrase(const char *line, size_t n)
{
    const char *whole = line;
    size_t wn = n;
    if (tables.nphrases >= MAX_PHRASES) {
        fail(PITH_ETOOBIG, "boilerplate.txt", whole, wn, "more phrases than MAX_PHRASES");
        return;
    }
    phrase_t *p = &tables.phrases[tables.nphrases];
    int section = n > 1 && line[0] == '!' ? 1 : n > 1 && line[0] == '^' ? 2 : 0;
    if (section)
        line++, n--;
    int inside = n > 2 && line[0] == '*' && line[n - 1] == '*';
    if (inside) {
        line++, n -= 2;
        if (tables.ninside >= MAX_INSIDE) {
            fail(PITH_ETOOBIG, "boilerplate.txt", whole, wn, "more *inside* phrases than MAX_INSIDE");
            return;
        }
        phrase_t *q = &tables.inside[tables.ninside];
        size_t len = fold(line, n, q->text, sizeof q->text);
        if (len == 0 || n + 4 >= sizeof q->text) {
            fail(PITH_EINPUT, "boilerplate.txt", whole, wn, "phrase empty or too long");
            return;
        }
        q->len = (unsigned char)len;
        q->section = (unsigned char)section;
        tables.ninside++;
        return;
    }
    int prefix = n > 1 && line[n - 1] == '*';
    if (prefix)
        n--;
    if (prefix && n > 1 && line[n - 1] == '*')
        n--, prefix = 2; /* "**": a distinctive prefix, tested on longer blocks */
    size_t len = n == 0 || n + 4 >= sizeof p->text ? 0 : fold(line, n, p->text, sizeof p->text);
    if (len == 0 || len >= 256) {
        fail(PITH_EINPUT, "boilerplate.txt", whole, wn, "phrase empty or too long");
        return;
    }
    p->len = (unsigned char)len;
    p->prefix = (unsigned char)prefix;
    p->section = (unsigned char)section;
    tables.nphrases++;
}

static int by_first_byte(const void *a, const void *b)
{
    const phrase_t *x = a, *y = b;
    return (int)(unsigned char)x->text[0] - (int)(unsigned char)y->text[0];
}

static void build(void)
{
    pith_strset_init(&tables.words, MAX_WORDS, 1);
    each_line(&pith_blob_html_hints_txt, add_hint);
    each_line(&pith_blob_html_boilerplate_txt, add_phrase);
    if (!tables_err.code && (tables.words.n == 0 || tables.nphrases == 0))
        pith_err_set(&tables_err, PITH_EINPUT, "data/html: %s table empty",
                     tables.nphrases ? "hint word" : "boilerplate phrase");
    /* Phrases sorted by first byte, with an index, so that a block is only
     * compared with the few phrases that can match it. */
    qsort(tables.phrases, tables.nphrases, sizeof *tables.phrases, by_first_byte);
    for (size_t i = tables.nphrases; i-- > 0;)
        tables.first[(unsigned char)tables.phrases[i].text[0]] = (unsigned)i;
    for (unsigned c = 0; c < 256; c++) {
        unsigned e = tables.first[c];
        while (e < tables.nphrases && (unsigned char)tables.phrases[e].text[0] == c)
            e++;
        tables.end[c] = e;
    }
}

static int is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int word_weight(const char *w, size_t n, int *found, int *taxonomy, int *layout)
{
    const pith_strset_slot_t *s =
        n && n < MAX_WORD ? pith_strset_find(&tables.words, w, n) : NULL;
    uintptr_t v = s ? s->val : 0;
    *found = (v & HAS_WEIGHT) != 0;
    *taxonomy = (v & IS_TAXONOMY) != 0;
    *layout = *found && (v & IS_LAYOUT);
    return *found ? (int)(v >> 3) - 8 : 0;
}

/* The weight of one class name (or id) s[0..n); *layout says whether the
 * word that gave it is a layout word. */
static int name_weight(const char *s, size_t n, int *layout)
{
    char compact[MAX_WORD];
    size_t cl = 0;
    for (size_t i = 0; i < n && cl < MAX_WORD; i++)
        if (is_alnum((unsigned char)s[i]))
            compact[cl++] = (char)lower((unsigned char)s[i]);
    int found, taxonomy, lay;
    *layout = 0;
    if (cl < MAX_WORD) {
        int w = word_weight(compact, cl, &found, &taxonomy, &lay);
        if (found) {
            *layout = lay;
            return w;
        }
    }
    int last = 0;
    size_t i = 0;
    for (int nword = 0; i < n; nword++) {
        while (i < n && !is_alnum((unsigned char)s[i]))
            i++;
        char word[MAX_WORD];
        size_t wl = 0;
        while (i < n && is_alnum((unsigned char)s[i])) {
            if (wl && s[i] >= 'A' && s[i] <= 'Z' && s[i - 1] >= 'a' && s[i - 1] <= 'z')
                break; /* lowerUpper starts a new word */
            if (wl < MAX_WORD)
                word[wl] = (char)lower((unsigned char)s[i]);
            wl++;
            i++;
        }
        if (wl && wl < MAX_WORD) {
            int w = word_weight(word, wl, &found, &taxonomy, &lay);
            if (taxonomy && nword == 0 && i < n) {
                *layout = 0;
                return 0;
            }
            if (found) {
                last = w;
                *layout = lay;
            }
        }
    }
    return last;
}

int pith_html_hints_init(pith_err_t *err)
{
    pthread_once(&tables_once, build);
    if (tables_err.code && err)
        *err = tables_err;
    return tables_err.code;
}

int pith_html_hint(const char *cls, const char *id, int *layout)
{
    pthread_once(&tables_once, build);
    int sum = 0, chrome = 0, lay = 0;
    const char *vals[2] = {cls, id};
    for (int v = 0; v < 2; v++) {
        const char *p = vals[v];
        if (!p)
            continue;
        for (int names = 0; *p && names < 16; names++) {
            while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
                p++;
            const char *s = p;
            while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != '\f')
                p++;
            if (p > s) {
                int l, w = name_weight(s, (size_t)(p - s), &l);
                sum += w;
                if (w < 0 && !l)
                    chrome = 1;
                if (w < 0 && l)
                    lay = 1;
            }
        }
    }
    if (layout)
        *layout = sum < 0 && lay && !chrome;
    return sum < -3 ? -3 : sum > 3 ? 3 : sum;
}

/* Returns the matching phrase for block s[0..n), or NULL. */
static const phrase_t *match(const char *s, size_t n)
{
    pthread_once(&tables_once, build);
    if (n >= PHRASE_MAX_BLOCK)
        return NULL;
    char buf[PHRASE_MAX_BLOCK * 2 + 8];
    size_t len = fold(s, n, buf, sizeof buf);
    size_t full = len;
    for (size_t i = 0; i < tables.ninside; i++) {
        const phrase_t *p = &tables.inside[i];
        if (memmem(buf, full, p->text, p->len))
            return p;
    }
    if (n >= PREFIX_MAX_BLOCK && n > 0 && s[0] != '(' && s[0] != '[')
        return NULL; /* only "(Reporting by ...)" credit lines are tested when long */
    while (len && strchr(".:!?»›>|-–—… ", buf[len - 1]) && (unsigned char)buf[len - 1] < 0x80)
        len--;
    /* Trailing UTF-8 punctuation such as "…" or "»" is trimmed bytewise. */
    while (len >= 2 && ((unsigned char)buf[len - 1] & 0xC0) == 0x80) {
        size_t k = len - 1;
        while (k && ((unsigned char)buf[k] & 0xC0) == 0x80)
            k--;
        if (((unsigned char)buf[k] == 0xE2 && len - k == 3 && (unsigned char)buf[k + 1] == 0x80) ||
            ((unsigned char)buf[k] == 0xC2 && len - k == 2 && (unsigned char)buf[k + 1] == 0xBB)) {
            len = k;
            while (len && (buf[len - 1] == ' ' || buf[len - 1] == '.'))
                len--;
        } else {
            break;
        }
    }
    static const phrase_t blank = {{0}, 0, 0, 0};
    if (len == 0)
        return full > 0 ? &blank : NULL;
    /* A phrase may be listed both as furniture and as a section title; the
     * section entry wins. */
    const phrase_t *found = NULL;
    unsigned char c0 = (unsigned char)buf[0];
    for (size_t i = tables.first[c0]; i < tables.end[c0]; i++) {
        const phrase_t *p = &tables.phrases[i];
        size_t cap = p->prefix == 2 ? PHRASE_MAX_BLOCK : PREFIX_MAX_BLOCK;
        if (p->prefix ? (full >= p->len && full < cap && memcmp(buf, p->text, p->len) == 0)
                      : (len == p->len && memcmp(buf, p->text, p->len) == 0)) {
            found = p;
            if (p->section)
                break;
        }
    }
    return found;
}

int pith_html_boilerplate(const char *s, size_t n)
{
    /* A closing label is furniture only where it ends the article. */
    const phrase_t *p = match(s, n);
    return p != NULL && p->section != 2;
}

int pith_html_section_title(const char *s, size_t n)
{
    const phrase_t *p = match(s, n);
    return p && p->section == 1;
}

int pith_html_closing_title(const char *s, size_t n)
{
    const phrase_t *p = match(s, n);
    return p && p->section == 2;
}
