/* Site profiles: INI sections of PCRE2 patterns applied to a document's
 * paragraphs.
 *
 * Profiles are the place for what generic cleaning cannot know: that a site
 * prints its contact line under every article, or where its metadata dump
 * keeps the tags. They are read by the one INI reader (ini_reader.h) that
 * reads pith.conf too, and every problem of a file is reported with its file
 * and line, not just the first. Every pattern is compiled once at load
 * time; applying a profile only reads the compiled code, with match data
 * owned by the call, so one pith_rules_t can serve any number of threads.
 *
 * JIT compilation waits until a pattern has been tried JIT_AFTER times: it
 * was half the instructions of a one-shot `pith clean` on a small file
 * (2.2 of 4.1 million), for patterns that such a run tries a few times, while
 * a daemon or a batch reaches the threshold within its first documents. The
 * JIT code is a copy published atomically, so the code other threads are
 * matching with is never modified. */
#include "pith/rules.h"
#include "urlhost.h"

#include "blobs.h"
#include "pith_blob_names.h"
#include "dates.h"
#include "pith/ini_reader.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PROFILES 1024
#define MAX_PATTERNS 256 /* per key and profile */
#define JIT_AFTER 64     /* tries of a pattern before it is JIT-compiled */

enum { F_TITLE, F_AUTHOR, F_DATE, F_LANG, F_DESC, F_URL, F_TAGS, NFIELDS };
static const char *const field_keys[NFIELDS] = {"title",       "author", "date", "lang",
                                                "description", "url",    "tags"};

/* What a compiled pattern tells about its matches before any is tried:
 * when it is anchored, the bytes a subject may start with, and the shortest
 * subject it can match. Most lines of most pages fail these checks, which
 * costs a table lookup instead of a call into the matcher. */
typedef struct {
    uint32_t minlen;   /* characters, so a lower bound on bytes too */
    int first_known;   /* first[] is meaningful */
    uint8_t first[32]; /* bit set of possible first bytes */
} prefilter_t;

/* A pattern's JIT-compiled copy, made once it has been tried JIT_AFTER
 * times. Reached through a pointer, so that matching through a const
 * pith_rules_t can still count and publish. */
typedef struct {
    _Atomic(pcre2_code *) code; /* NULL until made */
    atomic_uint tries;
} lazyjit_t;

typedef struct {
    pcre2_code **v;
    prefilter_t *pf; /* one per v[i] */
    lazyjit_t *jit;  /* one per v[i] */
    size_t n;
    pcre2_code *any; /* all of v as one alternation (one call per line), or NULL */
    prefilter_t any_pf;
    lazyjit_t *any_jit; /* for any */
    char *src;          /* that alternation's source while loading */
} relist_t;

typedef struct {
    char *name;
    int line; /* of its [profile NAME] header, while loading */
    char **hosts;
    size_t nhosts;
    relist_t sig, drop, cut_after, cut_before;
    relist_t meta[NFIELDS];
    relist_t byline; /* patterns whose named groups fill several fields */
} profile_t;

struct pith_rules {
    profile_t *p;
    size_t n, cap;
};

/* ---- lifetime ----------------------------------------------------------- */

static void lazyjit_free(lazyjit_t *j)
{
    if (j)
        pcre2_code_free(atomic_load(&j->code));
}

static void relist_free(relist_t *l)
{
    for (size_t i = 0; i < l->n; i++) {
        pcre2_code_free(l->v[i]);
        lazyjit_free(l->jit ? &l->jit[i] : NULL);
    }
    free(l->v);
    free(l->pf);
    free(l->jit);
    l->pf = NULL;
    l->jit = NULL;
    pcre2_code_free(l->any);
    lazyjit_free(l->any_jit);
    free(l->any_jit);
    l->any_jit = NULL;
    free(l->src);
    l->v = NULL;
    l->n = 0;
    l->any = NULL;
    l->src = NULL;
}

static void set_bit(uint8_t *set, unsigned b)
{
    set[b >> 3] |= (uint8_t)(1u << (b & 7));
}

/* PCRE2 reports a fixed first code unit without saying whether it is
 * caseless, so the filter lets every case variant through: both ASCII cases,
 * the lead bytes of KELVIN SIGN and LONG S (which match k and s caselessly),
 * and any non-ASCII lead byte when the unit itself is not ASCII. A start
 * bitmap, when PCRE2 has one, is exact. */
static void prefilter_init(prefilter_t *pf, const pcre2_code *re)
{
    memset(pf, 0, sizeof *pf);
    uint32_t opts = 0, type = 0, unit = 0, minlen = 0;
    const uint8_t *bitmap = NULL;
    if (pcre2_pattern_info(re, PCRE2_INFO_MINLENGTH, &minlen) == 0)
        pf->minlen = minlen;
    if (pcre2_pattern_info(re, PCRE2_INFO_ALLOPTIONS, &opts) != 0 || !(opts & PCRE2_ANCHORED))
        return;
    if (pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODETYPE, &type) != 0)
        return;
    if (type == 1 && pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODEUNIT, &unit) == 0 && unit < 256) {
        set_bit(pf->first, unit);
        if (unit < 0x80) {
            unsigned lc = unit | 0x20;
            if (lc >= 'a' && lc <= 'z') {
                set_bit(pf->first, lc);
                set_bit(pf->first, lc & ~0x20u);
                if (lc == 'k')
                    set_bit(pf->first, 0xE2); /* U+212A */
                if (lc == 's')
                    set_bit(pf->first, 0xC5); /* U+017F */
            }
        } else {
            for (unsigned b = 0xC0; b < 256; b++)
                set_bit(pf->first, b);
        }
        pf->first_known = 1;
    } else if (type == 0 && pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &bitmap) == 0 &&
               bitmap) {
        memcpy(pf->first, bitmap, sizeof pf->first);
        pf->first_known = 1;
    }
}

/* Whether s[0..n) may match at all (1) or certainly does not (0). */
static int prefilter_pass(const prefilter_t *pf, const char *s, size_t n)
{
    if (n < pf->minlen)
        return 0;
    if (!pf->first_known || n == 0)
        return 1;
    unsigned char c = (unsigned char)s[0];
    return (pf->first[c >> 3] >> (c & 7)) & 1;
}

/* Compiles the alternation of a list's patterns so that "does any match" is
 * one call. If it does not compile (a back reference that the numbering
 * shift breaks, say), the patterns are simply tried one by one. */
static void relist_finish(relist_t *l)
{
    if (l->n > 1 && l->src && !l->any) {
        int errcode;
        PCRE2_SIZE off;
        l->any =
            pcre2_compile((PCRE2_SPTR)l->src, PCRE2_ZERO_TERMINATED,
                          PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &errcode, &off, NULL);
        if (l->any && !(l->any_jit = calloc(1, sizeof *l->any_jit))) {
            pcre2_code_free(l->any); /* the patterns one by one, then */
            l->any = NULL;
        }
        if (l->any)
            prefilter_init(&l->any_pf, l->any);
    }
    free(l->src);
    l->src = NULL;
}

static void profile_free(profile_t *p)
{
    free(p->name);
    for (size_t i = 0; i < p->nhosts; i++)
        free(p->hosts[i]);
    free(p->hosts);
    relist_free(&p->sig);
    relist_free(&p->drop);
    relist_free(&p->cut_after);
    relist_free(&p->cut_before);
    relist_free(&p->byline);
    for (int f = 0; f < NFIELDS; f++)
        relist_free(&p->meta[f]);
}

pith_rules_t *pith_rules_create(void)
{
    return calloc(1, sizeof(pith_rules_t));
}

void pith_rules_destroy(pith_rules_t *rules)
{
    if (!rules)
        return;
    for (size_t i = 0; i < rules->n; i++)
        profile_free(&rules->p[i]);
    free(rules->p);
    free(rules);
}

size_t pith_rules_count(const pith_rules_t *rules)
{
    return rules ? rules->n : 0;
}

static size_t relist_jitted(const relist_t *l)
{
    size_t n = l->any_jit && atomic_load(&l->any_jit->code) ? 1 : 0;
    for (size_t i = 0; i < l->n; i++)
        n += atomic_load(&l->jit[i].code) != NULL;
    return n;
}

size_t pith_rules_jit_count(const pith_rules_t *rules)
{
    size_t n = 0;
    for (size_t k = 0; rules && k < rules->n; k++) {
        const profile_t *p = &rules->p[k];
        n += relist_jitted(&p->sig) + relist_jitted(&p->drop) + relist_jitted(&p->cut_after) +
             relist_jitted(&p->cut_before) + relist_jitted(&p->byline);
        for (int f = 0; f < NFIELDS; f++)
            n += relist_jitted(&p->meta[f]);
    }
    return n;
}

/* ---- parsing -------------------------------------------------------------- */

typedef struct {
    pith_rules_t *rules;
    const char *file;
    int line;       /* of the event being handled */
    profile_t *cur; /* the profile being filled, or NULL */
    int skip;       /* inside a section that was reported as bad */
    pith_rules_problem_fn on_problem;
    void *user;
    int rc; /* the first problem's code */
} parse_t;

static int fail(parse_t *ps, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Reports one problem and goes on (every problem of a file is worth seeing),
 * except when memory ran out. Returns what the INI callback returns. */
static int fail(parse_t *ps, int code, const char *fmt, ...)
{
    pith_err_t e;
    pith_err_clear(&e);
    e.code = code;
    e.line = ps->line;
    snprintf(e.file, sizeof e.file, "%s", ps->file);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.reason, sizeof e.reason, fmt, ap);
    va_end(ap);
    if (!ps->rc)
        ps->rc = code;
    if (ps->on_problem)
        ps->on_problem(ps->user, &e);
    return code == PITH_ENOMEM ? code : 0;
}

static int add_re(parse_t *ps, relist_t *l, const char *key, const char *pat)
{
    if (!*pat)
        return fail(ps, PITH_ECONFIG, "empty pattern for %s", key);
    if (l->n >= MAX_PATTERNS)
        return fail(ps, PITH_ECONFIG, "too many %s patterns (at most %d per profile)", key,
                    MAX_PATTERNS);
    int errcode;
    PCRE2_SIZE off;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                      PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &errcode, &off, NULL);
    if (!re) {
        char msg[200];
        pcre2_get_error_message(errcode, (PCRE2_UCHAR *)msg, sizeof msg);
        return fail(ps, PITH_ECONFIG, "bad pattern for %s: %s", key, msg);
    }
    pcre2_code **v = realloc(l->v, (l->n + 1) * sizeof *v);
    if (!v) {
        pcre2_code_free(re);
        return fail(ps, PITH_ENOMEM, "out of memory");
    }
    l->v = v;
    prefilter_t *pf = realloc(l->pf, (l->n + 1) * sizeof *pf);
    if (!pf) {
        pcre2_code_free(re);
        return fail(ps, PITH_ENOMEM, "out of memory");
    }
    l->pf = pf;
    lazyjit_t *jit = realloc(l->jit, (l->n + 1) * sizeof *jit);
    if (!jit) {
        pcre2_code_free(re);
        return fail(ps, PITH_ENOMEM, "out of memory");
    }
    l->jit = jit;
    atomic_init(&jit[l->n].code, NULL);
    atomic_init(&jit[l->n].tries, 0);
    prefilter_init(&l->pf[l->n], re);
    l->v[l->n++] = re;
    /* Grow the alternation "(?:a)|(?:b)" alongside. */
    size_t old = l->src ? strlen(l->src) : 0, add = strlen(pat) + 6;
    char *src = realloc(l->src, old + add + 1);
    if (!src)
        return fail(ps, PITH_ENOMEM, "out of memory");
    snprintf(src + old, add + 1, "%s(?:%s)", old ? "|" : "", pat);
    l->src = src;
    return 0;
}

static int add_hosts(parse_t *ps, profile_t *p, const char *val)
{
    const char *s = val;
    while (*s) {
        s += strspn(s, " \t,");
        size_t n = strcspn(s, " \t,");
        if (!n)
            break;
        if (p->nhosts >= MAX_PATTERNS)
            return fail(ps, PITH_ECONFIG, "too many hosts (at most %d per profile)", MAX_PATTERNS);
        char **v = realloc(p->hosts, (p->nhosts + 1) * sizeof *v);
        if (!v)
            return fail(ps, PITH_ENOMEM, "out of memory");
        p->hosts = v;
        char *h = strndup(s[0] == '.' ? s + 1 : s, s[0] == '.' ? n - 1 : n);
        if (!h)
            return fail(ps, PITH_ENOMEM, "out of memory");
        for (char *c = h; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        p->hosts[p->nhosts++] = h;
        s += n;
    }
    return 0;
}

/* A "[profile NAME]" header starts a profile; anything else is reported and
 * its entries are skipped (they belong to no profile). */
static int on_section(parse_t *ps, const char *section)
{
    ps->cur = NULL;
    ps->skip = 1;
    if (strncmp(section, "profile", 7) != 0 ||
        (section[7] && section[7] != ' ' && section[7] != '\t'))
        return fail(ps, PITH_ECONFIG, "unknown section [%s] (expected [profile NAME])", section);
    const char *nm = section + 7;
    while (*nm == ' ' || *nm == '\t')
        nm++;
    if (!*nm)
        return fail(ps, PITH_ECONFIG, "profile without a name: expected [profile NAME]");
    if (ps->rules->n >= MAX_PROFILES)
        return fail(ps, PITH_ECONFIG, "too many profiles (at most %d)", MAX_PROFILES);
    if (ps->rules->n == ps->rules->cap) {
        size_t cap = ps->rules->cap ? ps->rules->cap * 2 : 8;
        profile_t *v = realloc(ps->rules->p, cap * sizeof *v);
        if (!v)
            return fail(ps, PITH_ENOMEM, "out of memory");
        ps->rules->p = v;
        ps->rules->cap = cap;
    }
    profile_t *p = &ps->rules->p[ps->rules->n++];
    memset(p, 0, sizeof *p);
    p->line = ps->line;
    if (!(p->name = strdup(nm)))
        return fail(ps, PITH_ENOMEM, "out of memory");
    ps->cur = p;
    ps->skip = 0;
    return 0;
}

static int on_entry(parse_t *ps, const char *name, const char *val)
{
    if (ps->skip)
        return 0;
    profile_t *p = ps->cur;
    if (!p)
        return fail(ps, PITH_ECONFIG, "'%s' is outside any [profile NAME] section", name);
    if (strcmp(name, "host") == 0)
        return add_hosts(ps, p, val);
    if (strcmp(name, "signature") == 0)
        return add_re(ps, &p->sig, name, val);
    if (strcmp(name, "drop") == 0)
        return add_re(ps, &p->drop, name, val);
    if (strcmp(name, "cut_after") == 0)
        return add_re(ps, &p->cut_after, name, val);
    if (strcmp(name, "cut_before") == 0)
        return add_re(ps, &p->cut_before, name, val);
    if (strcmp(name, "byline") == 0)
        return add_re(ps, &p->byline, name, val);
    for (int f = 0; f < NFIELDS; f++)
        if (strcmp(name, field_keys[f]) == 0)
            return add_re(ps, &p->meta[f], name, val);
    return fail(ps, PITH_ECONFIG, "unknown key '%s' in [profile %s]", name, p->name);
}

static int on_ini(void *user, const pith_ini_event_t *ev)
{
    parse_t *ps = user;
    ps->line = ev->line;
    switch (ev->kind) {
    case PITH_INI_ERROR:
        return fail(ps, PITH_ECONFIG, "%s", ev->reason);
    case PITH_INI_SECTION:
        return on_section(ps, ev->section);
    case PITH_INI_ENTRY:
        if (!ev->section) {
            ps->skip = 1; /* after a malformed header, reported there */
            return 0;
        }
        return on_entry(ps, ev->key, ev->value);
    }
    return 0;
}

int pith_rules_load(pith_rules_t *rules, const char *text, size_t len, const char *filename,
                    pith_rules_problem_fn on_problem, void *user)
{
    if (!filename)
        filename = "(string)";
    parse_t ps = {.rules = rules, .file = filename, .on_problem = on_problem, .user = user};
    size_t before = rules->n;
    if (pith_ini_parse(text, len, on_ini, &ps) == PITH_ENOMEM && !ps.rc) {
        ps.line = 0;
        fail(&ps, PITH_ENOMEM, "out of memory");
    }
    for (size_t i = before; i < rules->n; i++) {
        profile_t *p = &rules->p[i];
        relist_finish(&p->sig);
        relist_finish(&p->drop);
        relist_finish(&p->cut_after);
        relist_finish(&p->cut_before);
        for (int f = 0; f < NFIELDS; f++)
            free(p->meta[f].src), p->meta[f].src = NULL;
        free(p->byline.src), p->byline.src = NULL;
        if (p->nhosts == 0 && p->sig.n == 0 && ps.rc != PITH_ENOMEM) {
            ps.line = p->line;
            fail(&ps, PITH_ECONFIG, "profile '%s' has neither host nor signature", p->name);
        }
    }
    if (ps.rc) {
        /* A file is all or nothing: drop what this call added. */
        for (size_t i = before; i < rules->n; i++)
            profile_free(&rules->p[i]);
        rules->n = before;
        return ps.rc;
    }
    /* A profile named like one loaded before it replaces it: that is how a
     * user edits a built-in profile (a copy in sites.d/ beside the config
     * file), and how a later file overrides an earlier one. */
    for (size_t i = before; i < rules->n; i++) {
        for (size_t j = 0; j < i; j++) {
            if (strcmp(rules->p[j].name, rules->p[i].name) != 0)
                continue;
            profile_free(&rules->p[j]);
            memmove(&rules->p[j], &rules->p[j + 1], (rules->n - j - 1) * sizeof *rules->p);
            rules->n--;
            i--;
            break;
        }
    }
    return 0;
}

/* Keeps the first problem, for callers that show one. */
static void keep_first(void *user, const pith_err_t *e)
{
    pith_err_t *err = user;
    if (err && !err->code)
        *err = *e;
}

int pith_rules_add_string(pith_rules_t *rules, const char *text, size_t len, const char *filename,
                          pith_err_t *err)
{
    if (err)
        pith_err_clear(err);
    return pith_rules_load(rules, text, len, filename, keep_first, err);
}

int pith_rules_add_builtin(pith_rules_t *rules, pith_err_t *err)
{
    for (unsigned i = 0; i < PITH_NBLOBS_SITES_D; i++) {
        const pith_blob_t *b = pith_blobs_sites_d[i];
        int rc = pith_rules_add_string(rules, b->data, b->len, b->name, err);
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- applying ------------------------------------------------------------- */

static int host_matches(const profile_t *p, const char *host)
{
    if (!host)
        return 0;
    size_t hl = strlen(host);
    for (size_t i = 0; i < p->nhosts; i++) {
        size_t n = strlen(p->hosts[i]);
        if (n > hl || strncasecmp(host + hl - n, p->hosts[i], n) != 0)
            continue;
        if (n == hl || host[hl - n - 1] == '.')
            return 1;
    }
    return 0;
}

/* The code to match with: the JIT copy once there is one, else re, and the
 * JIT_AFTER-th try makes the copy. Where JIT is unavailable (no JIT in the
 * library, or a unit with MemoryDenyWriteExecute=) it is tried once and the
 * interpreter goes on. */
static const pcre2_code *jit_pick(const pcre2_code *re, lazyjit_t *j)
{
    pcre2_code *code = atomic_load_explicit(&j->code, memory_order_acquire);
    if (code)
        return code;
    if (atomic_load_explicit(&j->tries, memory_order_relaxed) >= JIT_AFTER ||
        atomic_fetch_add_explicit(&j->tries, 1, memory_order_relaxed) != JIT_AFTER - 1)
        return re;
    code = pcre2_code_copy(re);
    if (code && pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0) {
        atomic_store_explicit(&j->code, code, memory_order_release);
        return code;
    }
    pcre2_code_free(code);
    return re;
}

static int match(const pcre2_code *re, lazyjit_t *jit, const prefilter_t *pf, const char *s,
                 size_t n, pcre2_match_data *md)
{
    if (!prefilter_pass(pf, s, n))
        return 0;
    return pcre2_match(jit_pick(re, jit), (PCRE2_SPTR)s, n, 0, 0, md, NULL) >= 0;
}

static int match_any(const relist_t *l, const char *s, pcre2_match_data *md)
{
    size_t n = strlen(s);
    if (l->any)
        return match(l->any, l->any_jit, &l->any_pf, s, n, md);
    for (size_t i = 0; i < l->n; i++)
        if (match(l->v[i], &l->jit[i], &l->pf[i], s, n, md))
            return 1;
    return 0;
}

/* The first capture of the last match (or the whole match). */
static void capture(pcre2_match_data *md, const char *s, const char **out, size_t *n)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t pairs = pcre2_get_ovector_count(md);
    int g = pairs > 1 && ov[2] != PCRE2_UNSET ? 1 : 0;
    *out = s + ov[2 * g];
    *n = ov[2 * g + 1] - ov[2 * g];
}

static char **field_ptr(pith_doc_t *doc, int f)
{
    switch (f) {
    case F_TITLE:
        return &doc->title;
    case F_AUTHOR:
        return &doc->author;
    case F_DATE:
        return &doc->date;
    case F_LANG:
        return &doc->lang;
    case F_DESC:
        return &doc->description;
    case F_URL:
        return &doc->url;
    default:
        return NULL;
    }
}

static int set_meta(pith_doc_t *doc, int f, const char *v, size_t n)
{
    while (n && isspace((unsigned char)*v)) {
        v++;
        n--;
    }
    while (n && isspace((unsigned char)v[n - 1]))
        n--;
    if (!n)
        return 0;
    if (f == F_TAGS) {
        if (doc->ntags)
            return 0;
        const char *p = v, *end = v + n;
        while (p < end) {
            const char *c = memchr(p, ',', (size_t)(end - p));
            const char *e = c ? c : end;
            const char *a = p;
            while (a < e && isspace((unsigned char)*a))
                a++;
            const char *z = e;
            while (z > a && isspace((unsigned char)z[-1]))
                z--;
            if (z > a) {
                int rc = pith_doc_add_tag(doc, a, (size_t)(z - a));
                if (rc)
                    return rc;
            }
            p = e + 1;
        }
        return 0;
    }
    if (f == F_DATE) {
        char iso[PITH_DATE_MAX];
        if (pith_date_parse(v, n, iso) != 0 && pith_date_find(v, n, iso, NULL, NULL) != 0)
            return 0;
        /* A full timestamp of the same day is better than a bare date. */
        if (doc->date &&
            !(strlen(doc->date) == 10 && strlen(iso) > 10 && strncmp(doc->date, iso, 10) == 0))
            return 0;
        return pith_doc_set(&doc->date, iso, (size_t)-1);
    }
    return pith_doc_set_if_empty(field_ptr(doc, f), v, n);
}

/* Fills every field named by a group of re that took part in the match
 * ("(?<date>.+) by (?<author>.+)"); sets *any when there was such a group. */
static int set_named(pith_doc_t *doc, const pcre2_code *re, pcre2_match_data *md, const char *s,
                     int *any)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t pairs = pcre2_get_ovector_count(md);
    *any = 0;
    for (int f = 0; f < NFIELDS; f++) {
        int g = pcre2_substring_number_from_name(re, (PCRE2_SPTR)field_keys[f]);
        if (g <= 0 || (uint32_t)g >= pairs || ov[2 * g] == PCRE2_UNSET)
            continue;
        *any = 1;
        int rc = set_meta(doc, f, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
        if (rc)
            return rc;
    }
    return 0;
}

static int apply_one(const profile_t *p, pith_doc_t *doc, pcre2_match_data *md)
{
    int rc;
    /* A byline pattern: the first paragraph matching one fills the fields
     * its named groups name, and goes. */
    for (size_t i = 0; p->byline.n && i < doc->nparas; i++) {
        const char *s = doc->paras[i];
        size_t k, sl = strlen(s);
        for (k = 0; k < p->byline.n; k++)
            if (match(p->byline.v[k], &p->byline.jit[k], &p->byline.pf[k], s, sl, md))
                break;
        if (k == p->byline.n)
            continue;
        int any;
        if ((rc = set_named(doc, p->byline.v[k], md, s, &any)))
            return rc;
        pith_doc_remove_para(doc, i);
        break;
    }
    for (int f = 0; f < NFIELDS; f++) {
        if (!p->meta[f].n)
            continue;
        for (size_t i = 0; i < doc->nparas; i++) {
            const char *s = doc->paras[i];
            size_t k, sl = strlen(s);
            for (k = 0; k < p->meta[f].n; k++)
                if (match(p->meta[f].v[k], &p->meta[f].jit[k], &p->meta[f].pf[k], s, sl, md))
                    break;
            if (k == p->meta[f].n)
                continue;
            /* Named groups fill their fields; without any, the first
             * capture fills this one. */
            int any;
            if ((rc = set_named(doc, p->meta[f].v[k], md, s, &any)))
                return rc;
            const char *v;
            size_t n;
            capture(md, s, &v, &n);
            if (!any && (rc = set_meta(doc, f, v, n)))
                return rc;
            pith_doc_remove_para(doc, i);
            break;
        }
    }
    if (p->cut_before.n) {
        size_t last = (size_t)-1;
        for (size_t i = 0; i < doc->nparas; i++)
            if (match_any(&p->cut_before, doc->paras[i], md))
                last = i;
        for (size_t i = 0; last != (size_t)-1 && i <= last; i++)
            pith_doc_remove_para(doc, 0);
    }
    if (p->cut_after.n) {
        for (size_t i = 0; i < doc->nparas; i++) {
            if (match_any(&p->cut_after, doc->paras[i], md)) {
                while (doc->nparas > i)
                    pith_doc_remove_para(doc, doc->nparas - 1);
                break;
            }
        }
    }
    if (p->drop.n) {
        size_t o = 0;
        for (size_t i = 0; i < doc->nparas; i++) {
            if (match_any(&p->drop, doc->paras[i], md)) {
                free(doc->paras[i]);
                free(doc->shapes[i]);
            } else {
                doc->shapes[o] = doc->shapes[i];
                doc->paras[o++] = doc->paras[i];
            }
        }
        doc->nparas = o;
    }
    return 0;
}

int pith_rules_any_match(const pith_rules_t *rules, const char *host, const char *const *lines,
                         const size_t *lens, size_t n)
{
    if (!rules || !rules->n)
        return 0;
    for (size_t k = 0; k < rules->n; k++)
        if (host_matches(&rules->p[k], host))
            return 1;
    pcre2_match_data *md = NULL;
    int hit = 0;
    for (size_t k = 0; k < rules->n && !hit; k++) {
        const relist_t *l = &rules->p[k].sig;
        if (!l->n)
            continue;
        if (!md && !(md = pcre2_match_data_create(16, NULL)))
            return 1; /* cannot tell: let the caller take the full path */
        for (size_t i = 0; i < n && !hit; i++) {
            if (l->any) {
                hit = match(l->any, l->any_jit, &l->any_pf, lines[i], lens[i], md);
            } else {
                for (size_t j = 0; j < l->n && !hit; j++)
                    hit = match(l->v[j], &l->jit[j], &l->pf[j], lines[i], lens[i], md);
            }
        }
    }
    pcre2_match_data_free(md);
    return hit;
}

int pith_rules_apply(const pith_rules_t *rules, const char *host, pith_doc_t *doc, size_t *applied,
                     pith_err_t *err)
{
    if (applied)
        *applied = 0;
    if (!rules || !rules->n)
        return 0;
    char hb[256];
    if (!host)
        host = pith_urlhost_get(doc->url, hb, sizeof hb);
    pcre2_match_data *md = pcre2_match_data_create(16, NULL);
    if (!md)
        return pith_err_set(err, PITH_ENOMEM, "out of memory");
    size_t n = 0;
    int rc = 0;
    for (size_t k = 0; k < rules->n; k++) {
        const profile_t *p = &rules->p[k];
        int hit = host_matches(p, host);
        for (size_t i = 0; !hit && p->sig.n && i < doc->nparas; i++)
            hit = match_any(&p->sig, doc->paras[i], md);
        if (!hit)
            continue;
        if ((rc = apply_one(p, doc, md))) {
            rc = pith_err_set(err, rc, "out of memory");
            break;
        }
        n++;
    }
    pcre2_match_data_free(md);
    if (applied)
        *applied = n;
    return rc;
}
