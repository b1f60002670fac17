/* The configuration loader.
 *
 * The file is read by the core's INI reader (ini_reader.h), the same one that
 * reads the sites.d profiles, so both share one syntax, comment rule and line
 * limit, and every event comes with its line. This file gives the events
 * their meaning: sections, keys, values and defaults. Problems are
 * collected, never fatal one by one, so `pith check-config` can list them
 * all, those of the site profiles included.
 *
 * Keys live in one table with their type and default (the default is text
 * parsed by the same code as a value from the file, so the table reads like
 * pith.conf.example). */
#include "config.h"
#include "pith/render.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "addrpolicy.h"
#include "config_value.h"
#include "pith/buf.h"
#include "pith/ini_reader.h"

#define CONFIG_MAX_BYTES (1u << 20) /* a config or site file */
#define PROBLEMS_MAX 1000
#define SOURCE_ITEMS_MAX 10000 /* url/feed lines per source */
#define SOURCES_MAX 10000
#define DURATION_MAX_MS (30ull * 24 * 3600 * 1000)

typedef enum {
    K_PATH,
    K_OPT_PATH,
    K_STRING,
    K_UINT,
    K_BOOL,
    K_SIZE,
    K_DURATION,
    K_FORMAT,
    K_HOSTS,
    K_DELIVER
} kind_t;

typedef struct key {
    const char *section;
    const char *name;
    kind_t kind;
    size_t off;
    const char *def;
    uint64_t min, max; /* for K_UINT, K_SIZE, K_DURATION (ms) */
} keydef_t;

#define OFF(f) offsetof(pith_config_t, f)
static const keydef_t keys[] = {
    {"daemon", "drop_dir", K_PATH, OFF(drop_dir), "/var/lib/pith/drop", 0, 0},
    {"daemon", "spool_dir", K_PATH, OFF(spool_dir), "/var/lib/pith/spool", 0, 0},
    {"daemon", "state_dir", K_PATH, OFF(state_dir), "/var/lib/pith/state", 0, 0},
    {"daemon", "workers", K_UINT, OFF(workers), "0", 0, 256},
    {"daemon", "keep_input", K_BOOL, OFF(keep_input), "no", 0, 0},
    {"daemon", "format", K_FORMAT, OFF(format), "text", 0, 0},
    {"daemon", "links", K_BOOL, OFF(links), "no", 0, 0},
    {"daemon", "max_input_bytes", K_SIZE, OFF(max_input_bytes), "16M", 1, PITH_BUF_MAX},
    {"daemon", "rescan_interval", K_DURATION, OFF(rescan_interval_ms), "60s", 100, DURATION_MAX_MS},
    {"daemon", "stop_timeout", K_DURATION, OFF(stop_timeout_ms), "30s", 0, DURATION_MAX_MS},
    {"daemon", "deliver", K_DELIVER, OFF(deliver), "spool", 0, 0},
    {"metrics", "file", K_OPT_PATH, OFF(metrics_file), "", 0, 0},
    {"metrics", "interval", K_DURATION, OFF(metrics_interval_ms), "15s", 1000, DURATION_MAX_MS},
    {"fetch", "user_agent", K_STRING, OFF(user_agent),
     "pith/" PITH_VERSION " (news text extractor)", 0, 0},
    {"fetch", "timeout", K_DURATION, OFF(fetch_timeout_ms), "30s", 100, 3600 * 1000},
    {"fetch", "max_bytes", K_SIZE, OFF(fetch_max_bytes), "8M", 1024, PITH_BUF_MAX},
    {"fetch", "max_redirects", K_UINT, OFF(max_redirects), "5", 0, 50},
    {"fetch", "per_host", K_UINT, OFF(per_host), "2", 1, 64},
    {"fetch", "delay", K_DURATION, OFF(delay_ms), "1s", 0, 3600 * 1000},
    {"fetch", "retries", K_UINT, OFF(retries), "3", 0, 20},
    {"fetch", "allow_private", K_BOOL, OFF(allow_private), "no", 0, 0},
    {"fetch", "allow_hosts", K_HOSTS, OFF(allow_hosts), "", 0, 0},
    {"fetch", "feed_items_per_poll", K_UINT, OFF(feed_items_per_poll), "10000", 1, 10000},
    {"redis", "url", K_STRING, OFF(redis_url), "redis://127.0.0.1:6379/0", 0, 0},
    {"redis", "password_file", K_OPT_PATH, OFF(redis_password_file), "", 0, 0},
    {"redis", "input_stream", K_STRING, OFF(redis_input_stream), "", 0, 0},
    {"redis", "output_stream", K_STRING, OFF(redis_output_stream), "", 0, 0},
    {"redis", "group", K_STRING, OFF(redis_group), "pith", 0, 0},
    {"redis", "consumer", K_STRING, OFF(redis_consumer), "", 0, 0},
    {"redis", "claim_after", K_DURATION, OFF(redis_claim_after_ms), "60s", 100, DURATION_MAX_MS},
    {"redis", "max_deliveries", K_UINT, OFF(redis_max_deliveries), "5", 1, 1000},
    {"redis", "dead_stream", K_STRING, OFF(redis_dead_stream), "pith:dead", 0, 0},
    {"redis", "output_maxlen", K_UINT, OFF(redis_output_maxlen), "0", 0, 2000000000},
};
#define NKEYS (sizeof keys / sizeof keys[0])
#define SOURCE_INTERVAL_DEFAULT "15m"
#define SOURCE_INTERVAL_MIN_MS 1000

static int valid_url(const char *s)
{
    if (strncasecmp(s, "http://", 7) && strncasecmp(s, "https://", 8))
        return 0;
    const char *host = strstr(s, "://") + 3;
    if (!*host || *host == '/')
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p == 0x7f)
            return 0;
    return 1;
}

/* ---- loading state --------------------------------------------------------- */

typedef struct source_acc {
    int line;          /* of its [source NAME] header */
    int interval_line; /* 0: not set */
    int has_items;     /* a url or feed line was seen, valid or not */
} source_acc_t;

typedef struct loader {
    pith_config_t *cfg;
    pith_config_problems_t *problems;
    size_t nproblems; /* counted even when problems is NULL */
    int nomem;
    const char *file; /* the file being read, for messages */
    char *base_dir;   /* folder of the config file, for relative paths */
    int key_line[NKEYS];
    source_acc_t *src_acc; /* parallel to cfg->sources */
    int lineno;            /* of the INI event being handled */
    enum { SEC_NONE, SEC_KNOWN, SEC_SOURCE, SEC_BAD } sec;
    char *section;   /* full name of the current section */
    size_t source_i; /* index of the current source when SEC_SOURCE */
} loader_t;

/* Adds a problem (code PITH_ECONFIG) about file:line (line 0: the whole
 * file); sys is the errno behind it, or 0. */
static void vproblem(loader_t *L, const char *file, int line, int sys, const char *fmt, va_list ap)
{
    L->nproblems++;
    pith_config_problems_t *p = L->problems;
    if (!p || p->n >= PROBLEMS_MAX)
        return;
    pith_err_t *items = realloc(p->items, (p->n + 1) * sizeof *items);
    if (!items) {
        L->nomem = 1;
        return;
    }
    p->items = items;
    pith_err_t *e = &items[p->n++];
    memset(e, 0, sizeof *e);
    e->code = PITH_ECONFIG;
    e->sys = sys;
    e->line = line;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    vsnprintf(e->reason, sizeof e->reason, fmt, ap);
}

static void problem(loader_t *L, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void problem_sys(loader_t *L, const char *file, int line, int sys, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void problem(loader_t *L, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vproblem(L, file, line, 0, fmt, ap);
    va_end(ap);
}

/* A problem caused by a system error: the reason says it in words (the
 * caller formats strerror or its own words for it), sys keeps the errno. */
static void problem_sys(loader_t *L, const char *file, int line, int sys, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vproblem(L, file, line, sys, fmt, ap);
    va_end(ap);
}

static void add_problem_err(loader_t *L, const pith_err_t *err, const char *file)
{
    problem_sys(L, err->file[0] ? err->file : file, err->line, err->sys, "%s",
                err->reason[0] ? err->reason : pith_err_name(err->code));
}

/* Joins a path from the file onto the config's folder when relative. */
static char *resolve_path(const loader_t *L, const char *v)
{
    if (v[0] == '/' || !L->base_dir)
        return strdup(v);
    size_t n = strlen(L->base_dir) + strlen(v) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", L->base_dir, v);
    return p;
}

/* The setters below return 0, PITH_ECONFIG with the reason in err (what is
 * wrong with the value, without the key: the caller names it), or
 * PITH_ENOMEM with L->nomem set. */
static int nomem(loader_t *L, pith_err_t *err)
{
    L->nomem = 1;
    return pith_err_set(err, PITH_ENOMEM, "out of memory");
}

static int bad(pith_err_t *err, const char *why)
{
    return pith_err_set(err, PITH_ECONFIG, "%s", why);
}

/* Takes s (NULL: out of memory) as the value of *field. */
static int str_set(loader_t *L, char **field, char *s, pith_err_t *err)
{
    if (!s)
        return nomem(L, err);
    free(*field);
    *field = s;
    return 0;
}

/* The allowed range of a numeric key, "0..256" or "100ms..720h"; "" for
 * other kinds. */
static void describe_range(const keydef_t *k, char *buf, size_t n)
{
    char lo[32], hi[32];
    switch (k->kind) {
    case K_UINT:
        snprintf(buf, n, "%llu..%llu", (unsigned long long)k->min, (unsigned long long)k->max);
        return;
    case K_SIZE:
        pith_format_size(k->min, lo, sizeof lo);
        pith_format_size(k->max, hi, sizeof hi);
        break;
    case K_DURATION:
        pith_format_duration(k->min, lo, sizeof lo);
        pith_format_duration(k->max, hi, sizeof hi);
        break;
    default:
        buf[0] = '\0';
        return;
    }
    snprintf(buf, n, "%s..%s", lo, hi);
}

/* [fetch] allow_hosts: parsed here only to validate (the fetcher parses its
 * own copy); an empty list clears the field. */
static int set_hosts(loader_t *L, char **field, const char *v, pith_err_t *err)
{
    pith_allowlist_t list;
    int rc = pith_allowlist_parse(v, &list, err); /* PITH_ECONFIG with the bad entry */
    if (rc == PITH_ENOMEM)
        return nomem(L, err);
    if (rc)
        return rc;
    size_t n = list.n;
    pith_allowlist_free(&list);
    if (!n) {
        free(*field);
        *field = NULL;
        return 0;
    }
    return str_set(L, field, strdup(v), err);
}

/* Parses v for key k into the config (a setter, as above); for a numeric
 * key the caller adds " in " and its range (describe_range), so a value out
 * of range reads "must be in 0..256". */
static int set_key(loader_t *L, const keydef_t *k, const char *v, int from_file, pith_err_t *err)
{
    char *base = (char *)L->cfg + k->off;
    uint64_t u;
    size_t sz;
    int b;
    switch (k->kind) {
    case K_PATH:
    case K_OPT_PATH:
        if (!*v) {
            if (k->kind == K_PATH)
                return bad(err, "a folder path is required");
            free(*(char **)base);
            *(char **)base = NULL;
            return 0;
        }
        if (strlen(v) >= PATH_MAX)
            return bad(err, "path too long");
        return str_set(L, (char **)base, from_file ? resolve_path(L, v) : strdup(v), err);
    case K_STRING:
        if (strlen(v) > 1024)
            return bad(err, "too long (at most 1024 bytes)");
        for (const unsigned char *p = (const unsigned char *)v; *p; p++)
            if (*p < ' ' || *p == 0x7f)
                return bad(err, "control characters are not allowed");
        return str_set(L, (char **)base, strdup(v), err);
    case K_UINT:
        if (pith_parse_uint(v, &u))
            return bad(err, "expected a whole number");
        if (u < k->min || u > k->max)
            return bad(err, "must be");
        *(unsigned *)base = (unsigned)u;
        return 0;
    case K_BOOL:
        if (pith_parse_bool(v, &b))
            return bad(err, "expected yes or no");
        *(int *)base = b;
        return 0;
    case K_SIZE:
        if (pith_parse_size(v, &sz))
            return bad(err, "expected a size such as 512K, 16M or 1G,");
        if (sz < k->min || sz > k->max)
            return bad(err, "must be");
        *(size_t *)base = sz;
        return 0;
    case K_DURATION:
        if (pith_parse_duration(v, &u))
            return bad(err, "expected a duration such as 500ms, 30s, 15m or 1h,");
        if (u < k->min || u > k->max)
            return bad(err, "must be");
        *(uint64_t *)base = u;
        return 0;
    case K_FORMAT: {
        pith_format_t f;
        if (pith_render_format_parse(v, &f))
            return bad(err, "expected text, json or markdown");
        *(int *)base = (int)f;
        return 0;
    }
    case K_HOSTS:
        return set_hosts(L, (char **)base, v, err);
    case K_DELIVER:
        if (!strcmp(v, "spool"))
            *(unsigned *)base = PITH_DELIVER_SPOOL;
        else if (!strcmp(v, "redis"))
            *(unsigned *)base = PITH_DELIVER_REDIS;
        else if (!strcmp(v, "both"))
            *(unsigned *)base = PITH_DELIVER_SPOOL | PITH_DELIVER_REDIS;
        else
            return bad(err, "expected spool, redis or both");
        return 0;
    }
    return bad(err, "invalid");
}

static int push_str(loader_t *L, char ***arr, size_t *n, const char *v)
{
    char **a = realloc(*arr, (*n + 1) * sizeof *a);
    if (!a)
        return nomem(L, NULL);
    *arr = a;
    if (!(a[*n] = strdup(v)))
        return nomem(L, NULL);
    (*n)++;
    return 0;
}

static void source_key(loader_t *L, const char *name, const char *v)
{
    pith_source_t *s = &L->cfg->sources[L->source_i];
    source_acc_t *acc = &L->src_acc[L->source_i];
    if (!strcmp(name, "url") || !strcmp(name, "feed")) {
        int is_url = name[0] == 'u';
        size_t *n = is_url ? &s->nurls : &s->nfeeds;
        acc->has_items = 1; /* an invalid one is reported here, not again as missing */
        if (!valid_url(v)) {
            problem(L, L->file, L->lineno, "%s: '%s' is not an http:// or https:// address", name,
                    v);
            return;
        }
        if (*n >= SOURCE_ITEMS_MAX) {
            problem(L, L->file, L->lineno, "too many %s lines in [source %s] (at most %d)", name,
                    s->name, SOURCE_ITEMS_MAX);
            return;
        }
        push_str(L, is_url ? &s->urls : &s->feeds, n, v);
    } else if (!strcmp(name, "interval")) {
        uint64_t ms;
        if (acc->interval_line) {
            problem(L, L->file, L->lineno, "interval set twice in [source %s] (first at line %d)",
                    s->name, acc->interval_line);
            return;
        }
        acc->interval_line = L->lineno;
        if (pith_parse_duration(v, &ms) || ms < SOURCE_INTERVAL_MIN_MS || ms > DURATION_MAX_MS) {
            char lo[32], hi[32];
            pith_format_duration(SOURCE_INTERVAL_MIN_MS, lo, sizeof lo);
            pith_format_duration(DURATION_MAX_MS, hi, sizeof hi);
            problem(L, L->file, L->lineno, "interval: bad value '%s': %s in %s..%s", v,
                    pith_parse_duration(v, &ms) ? "expected a duration such as 15m" : "must be", lo,
                    hi);
            return;
        }
        s->interval_ms = ms;
    } else {
        problem(L, L->file, L->lineno,
                "unknown key '%s' in [source %s] (known: url, feed, interval)", name, s->name);
    }
}

/* A key = value line (section is the current one, as the reader gives it). */
static void entry(loader_t *L, const char *name, const char *value)
{
    switch (L->sec) {
    case SEC_NONE:
        problem(L, L->file, L->lineno, "'%s' is outside any section", name);
        return;
    case SEC_BAD:
        return; /* already reported at the section header */
    case SEC_SOURCE:
        source_key(L, name, value);
        return;
    case SEC_KNOWN:
        break;
    }
    for (size_t i = 0; i < NKEYS; i++) {
        if (strcmp(keys[i].section, L->section) || strcmp(keys[i].name, name))
            continue;
        if (L->key_line[i]) {
            problem(L, L->file, L->lineno, "'%s' set twice in [%s] (first at line %d)", name,
                    L->section, L->key_line[i]);
            return;
        }
        L->key_line[i] = L->lineno;
        pith_err_t err = {0};
        if (set_key(L, &keys[i], value, 1, &err) == PITH_ECONFIG) {
            char range[80];
            describe_range(&keys[i], range, sizeof range);
            problem(L, L->file, L->lineno, "%s: bad value '%s': %s%s%s", name, value, err.reason,
                    range[0] ? " in " : "", range);
        }
        return;
    }
    problem(L, L->file, L->lineno, "unknown key '%s' in [%s]", name, L->section);
}

/* ---- sections and the reader's events ---------------------------------- */

static void start_section(loader_t *L, const char *name)
{
    free(L->section);
    L->section = strdup(name);
    if (!L->section) {
        L->nomem = 1;
        L->sec = SEC_BAD;
        return;
    }
    if (!strcmp(name, "daemon") || !strcmp(name, "metrics") || !strcmp(name, "fetch") ||
        !strcmp(name, "redis")) {
        L->sec = SEC_KNOWN;
        return;
    }
    if (!strncmp(name, "source", 6) && (name[6] == ' ' || name[6] == '\t' || !name[6])) {
        const char *n = name + 6;
        while (*n == ' ' || *n == '\t')
            n++;
        L->sec = SEC_BAD;
        if (!*n) {
            problem(L, L->file, L->lineno, "[source] needs a name: [source NAME]");
            return;
        }
        pith_config_t *c = L->cfg;
        for (size_t i = 0; i < c->nsources; i++)
            if (!strcmp(c->sources[i].name, n)) {
                problem(L, L->file, L->lineno, "[source %s] defined twice (first at line %d)", n,
                        L->src_acc[i].line);
                return;
            }
        if (c->nsources >= SOURCES_MAX) {
            problem(L, L->file, L->lineno, "too many sources (at most %d)", SOURCES_MAX);
            return;
        }
        pith_source_t *s = realloc(c->sources, (c->nsources + 1) * sizeof *s);
        if (s)
            c->sources = s;
        source_acc_t *a = realloc(L->src_acc, (c->nsources + 1) * sizeof *a);
        if (a)
            L->src_acc = a;
        if (!s || !a) {
            L->nomem = 1;
            return;
        }
        memset(&s[c->nsources], 0, sizeof *s);
        memset(&a[c->nsources], 0, sizeof *a);
        if (!(s[c->nsources].name = strdup(n))) {
            L->nomem = 1;
            return;
        }
        a[c->nsources].line = L->lineno;
        L->source_i = c->nsources++;
        L->sec = SEC_SOURCE;
        return;
    }
    L->sec = SEC_BAD;
    problem(L, L->file, L->lineno,
            "unknown section [%s] (known: [daemon], [metrics], [fetch], [redis], [source NAME])",
            name);
}

static int on_ini(void *user, const pith_ini_event_t *ev)
{
    loader_t *L = user;
    L->lineno = ev->line;
    switch (ev->kind) {
    case PITH_INI_ERROR:
        problem(L, L->file, ev->line, "%s", ev->reason);
        break;
    case PITH_INI_SECTION:
        start_section(L, ev->section);
        break;
    case PITH_INI_ENTRY:
        if (!ev->section)
            L->sec = SEC_BAD; /* after a malformed header, reported there */
        entry(L, ev->key, ev->value);
        break;
    }
    return L->nomem ? PITH_ENOMEM : 0;
}

/* ---- files ----------------------------------------------------------------- */

static int read_small_file(const char *path, pith_buf_t *out, pith_err_t *err)
{
    FILE *f = fopen(path, "rbe");
    if (!f)
        return pith_err_sys_at(err, PITH_EMISSING, errno, path, 0, "cannot read");
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && !S_ISREG(st.st_mode)) {
        fclose(f);
        return pith_err_set_at(err, PITH_EMISSING, path, 0, "not a regular file");
    }
    char chunk[8192];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (out->len + n > CONFIG_MAX_BYTES) {
            rc =
                pith_err_set_at(err, PITH_ECONFIG, path, 0, "file over %u bytes", CONFIG_MAX_BYTES);
            break;
        }
        if (pith_buf_append(out, chunk, n)) {
            rc = pith_err_set_at(err, PITH_ENOMEM, path, 0, "out of memory");
            break;
        }
    }
    if (!rc && ferror(f))
        rc = pith_err_sys_at(err, PITH_EMISSING, errno, path, 0, "read error");
    fclose(f);
    return rc;
}

static int conf_name(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return e->d_name[0] != '.' && n > 5 && !strcmp(e->d_name + n - 5, ".conf");
}

static void site_problem(void *user, const pith_err_t *e)
{
    loader_t *L = user;
    if (e->code == PITH_ENOMEM)
        L->nomem = 1;
    add_problem_err(L, e, e->file);
}

/* Site profiles from sites.d/NAME.conf beside the config file, in name order;
 * every problem of every file is reported. */
static void load_sites(loader_t *L)
{
    char dir[PATH_MAX + 16];
    snprintf(dir, sizeof dir, "%s/sites.d", L->base_dir ? L->base_dir : ".");
    struct dirent **list = NULL;
    int n = scandir(dir, &list, conf_name, alphasort);
    if (n < 0) {
        if (errno != ENOENT && errno != ENOTDIR)
            problem_sys(L, dir, 0, errno, "cannot read site profiles: %s", strerror(errno));
        return;
    }
    for (int i = 0; i < n; i++) {
        char path[PATH_MAX + 300];
        snprintf(path, sizeof path, "%s/%s", dir, list[i]->d_name);
        pith_buf_t text = {0};
        pith_err_t err = {0};
        if (read_small_file(path, &text, &err) == 0) {
            pith_rules_load(L->cfg->rules, text.data ? text.data : "", text.len, path, site_problem,
                            L);
        } else {
            add_problem_err(L, &err, path);
        }
        pith_buf_free(&text);
        free(list[i]);
    }
    free(list);
}

static void check_dir(loader_t *L, const char *what, const char *path, int line, int want_write)
{
    struct stat st;
    const char *file = L->file ? L->file : "(defaults)";
    if (stat(path, &st) != 0) {
        problem_sys(L, file, line, errno, "%s %s%s: %s", what, path, line ? "" : " (the default)",
                    errno == ENOENT ? "no such folder" : strerror(errno));
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        problem(L, file, line, "%s %s: not a folder", what, path);
        return;
    }
    if (want_write && access(path, W_OK | X_OK) != 0)
        problem_sys(L, file, line, errno, "%s %s: not writable: %s", what, path, strerror(errno));
}

static int key_line(const loader_t *L, const char *section, const char *name)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (!strcmp(keys[i].section, section) && !strcmp(keys[i].name, name))
            return L->key_line[i];
    return 0;
}

/* [redis] checks that need more than one key: where documents go needs an
 * output stream, a stream input needs a group and a dead-letter stream, and
 * the address names a server, never a password (that lives in
 * password_file, so pith.conf can be world-readable). */
static void check_redis(loader_t *L)
{
    const pith_config_t *c = L->cfg;
    const char *file = L->file ? L->file : "(defaults)";
    const char *u = c->redis_url;
    int uses = (c->deliver & PITH_DELIVER_REDIS) || c->redis_input_stream[0];
    if (strncmp(u, "redis://", 8) && strncmp(u, "unix://", 7))
        problem(L, file, key_line(L, "redis", "url"),
                "url: expected redis://HOST[:PORT][/DB] or unix:///PATH[?db=N]");
    else if (!strncmp(u, "redis://", 8) && strchr(u + 8, '@'))
        problem(L, file, key_line(L, "redis", "url"),
                "url: no credentials in the address; put the password in password_file");
    if ((c->deliver & PITH_DELIVER_REDIS) && !c->redis_output_stream[0])
        problem(L, file, key_line(L, "daemon", "deliver"),
                "deliver = redis or both needs [redis] output_stream");
    if (uses && !c->redis_group[0])
        problem(L, file, key_line(L, "redis", "group"), "group must not be empty");
    if (c->redis_input_stream[0] && !c->redis_dead_stream[0])
        problem(L, file, key_line(L, "redis", "dead_stream"),
                "dead_stream must not be empty when input_stream is set");
}

static unsigned cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (unsigned)n;
}

int pith_config_load(const char *path, int flags, pith_config_t **out,
                     pith_config_problems_t *problems)
{
    *out = NULL;
    loader_t L = {0};
    L.problems = problems;
    int rc = 0;
    pith_buf_t text = {0};
    pith_config_t *c = calloc(1, sizeof *c);
    if (!c)
        return PITH_ENOMEM;
    L.cfg = c;
    c->rules = pith_rules_create();
    if (!c->rules) {
        rc = PITH_ENOMEM;
        goto done;
    }
    pith_err_t err = {0};
    if (pith_rules_add_builtin(c->rules, &err))
        add_problem_err(&L, &err, "(built-in site profiles)");

    if (path) {
        if (!(c->path = strdup(path))) {
            rc = PITH_ENOMEM;
            goto done;
        }
        L.file = path;
        const char *slash = strrchr(path, '/');
        char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
        /* Absolute, so that logs and relative paths do not depend on the cwd. */
        L.base_dir = dir ? realpath(dir, NULL) : NULL;
        if (!L.base_dir)
            L.base_dir = dir;
        else
            free(dir);
        if (!L.base_dir) {
            rc = PITH_ENOMEM;
            goto done;
        }
        if (read_small_file(path, &text, &err)) {
            add_problem_err(&L, &err, path);
            rc = err.code == PITH_ECONFIG ? PITH_ECONFIG : PITH_EMISSING;
            goto done;
        }
        if (pith_ini_parse(text.data ? text.data : "", text.len, on_ini, &L) == PITH_ENOMEM)
            L.nomem = 1;
    }
    /* Defaults for every key the file did not set. */
    for (size_t i = 0; i < NKEYS; i++) {
        if (L.key_line[i])
            continue;
        pith_err_t kerr = {0};
        if (set_key(&L, &keys[i], keys[i].def, 0, &kerr) == PITH_ECONFIG)
            problem(&L, "(defaults)", 0, "%s: bad default: %s", keys[i].name, kerr.reason);
    }
    for (size_t i = 0; i < c->nsources; i++) {
        pith_source_t *s = &c->sources[i];
        if (!L.src_acc[i].has_items)
            problem(&L, L.file, L.src_acc[i].line, "[source %s] has no url or feed", s->name);
        if (!L.src_acc[i].interval_line)
            pith_parse_duration(SOURCE_INTERVAL_DEFAULT, &s->interval_ms);
    }
    if (c->workers == 0)
        c->workers = cores();
    check_redis(&L);
    if (path)
        load_sites(&L);
    if (flags & PITH_CONFIG_CHECK_DIRS) {
        check_dir(&L, "drop_dir", c->drop_dir, L.key_line[0], 1);
        check_dir(&L, "spool_dir", c->spool_dir, L.key_line[1], 1);
        check_dir(&L, "state_dir", c->state_dir, L.key_line[2], 1);
        /* The daemon reads the password at start and on reload; a file it
         * cannot read is a problem now, not a log line later. */
        if (c->redis_password_file &&
            ((c->deliver & PITH_DELIVER_REDIS) ||
             (c->redis_input_stream && c->redis_input_stream[0])) &&
            access(c->redis_password_file, R_OK) != 0)
            problem_sys(&L, L.file ? L.file : "(defaults)", key_line(&L, "redis", "password_file"),
                        errno, "password_file %s: %s", c->redis_password_file, strerror(errno));
        if (c->metrics_file) {
            char *d = strdup(c->metrics_file);
            if (d) {
                char *sl = strrchr(d, '/');
                if (sl)
                    *(sl == d ? sl + 1 : sl) = '\0';
                int line = 0;
                for (size_t i = 0; i < NKEYS; i++)
                    if (!strcmp(keys[i].name, "file"))
                        line = L.key_line[i];
                check_dir(&L, "metrics file folder", sl ? d : ".", line, 1);
                free(d);
            }
        }
    }
    if (L.nomem)
        rc = PITH_ENOMEM;
    else if (L.nproblems)
        rc = PITH_ECONFIG;
done:
    pith_buf_free(&text);
    free(L.section);
    free(L.src_acc);
    free(L.base_dir);
    if (rc) {
        pith_config_destroy(c);
        return rc;
    }
    *out = c;
    return 0;
}

static void free_strs(char **a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(a[i]);
    free(a);
}

static char **copy_strs(char *const *a, size_t n)
{
    char **out = calloc(n ? n : 1, sizeof *out);
    for (size_t i = 0; out && i < n; i++)
        if (!(out[i] = strdup(a[i]))) {
            free_strs(out, i);
            return NULL;
        }
    return out;
}

int pith_source_copy(const pith_source_t *src, pith_source_t *dst)
{
    memset(dst, 0, sizeof *dst);
    dst->name = strdup(src->name ? src->name : "");
    dst->urls = copy_strs(src->urls, src->nurls);
    dst->feeds = copy_strs(src->feeds, src->nfeeds);
    dst->nurls = dst->urls ? src->nurls : 0;
    dst->nfeeds = dst->feeds ? src->nfeeds : 0;
    dst->interval_ms = src->interval_ms;
    if (!dst->name || !dst->urls || !dst->feeds) {
        pith_source_clear(dst);
        return PITH_ENOMEM;
    }
    return 0;
}

void pith_source_clear(pith_source_t *s)
{
    free(s->name);
    free_strs(s->urls, s->nurls);
    free_strs(s->feeds, s->nfeeds);
    memset(s, 0, sizeof *s);
}

void pith_config_destroy(pith_config_t *cfg)
{
    if (!cfg)
        return;
    free(cfg->path);
    free(cfg->drop_dir);
    free(cfg->spool_dir);
    free(cfg->state_dir);
    free(cfg->metrics_file);
    free(cfg->user_agent);
    free(cfg->allow_hosts);
    free(cfg->redis_url);
    free(cfg->redis_password_file);
    free(cfg->redis_input_stream);
    free(cfg->redis_output_stream);
    free(cfg->redis_group);
    free(cfg->redis_consumer);
    free(cfg->redis_dead_stream);
    for (size_t i = 0; i < cfg->nsources; i++)
        pith_source_clear(&cfg->sources[i]);
    free(cfg->sources);
    pith_rules_destroy(cfg->rules);
    free(cfg);
}

void pith_config_problems_free(pith_config_problems_t *problems)
{
    if (!problems)
        return;
    free(problems->items);
    problems->items = NULL;
    problems->n = 0;
}
