/* The configuration loader: values and defaults, units, relative paths,
 * long lines, inline comments, and every problem reported with its line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "pith/render.h"

#include "config.h"
#include "config_value.h"

static char dir[256];
static char path[400];

static int setup(void **ctx)
{
    snprintf(dir, sizeof dir, "/tmp/pith-test-config-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char *real = realpath(dir, NULL);
    snprintf(dir, sizeof dir, "%s", real);
    free(real);
    snprintf(path, sizeof path, "%s/pith.conf", dir);
    return 0;
}

static int teardown(void **ctx)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_conf(const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* True when some problem is at line and its reason contains needle. */
static int has_problem(const pith_config_problems_t *p, int line, const char *needle)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].line == line && strstr(p->items[i].reason, needle))
            return 1;
    return 0;
}

static void test_parsers(void **ctx)
{
    size_t sz;
    uint64_t ms;
    assert_int_equal(pith_parse_size("16M", &sz), 0);
    assert_int_equal(sz, 16u << 20);
    assert_int_equal(pith_parse_size("512K", &sz), 0);
    assert_int_equal(sz, 512u << 10);
    assert_int_equal(pith_parse_size("1G", &sz), 0);
    assert_int_equal(sz, 1u << 30);
    assert_int_equal(pith_parse_size("1.5K", &sz), 0);
    assert_int_equal(sz, 1536);
    assert_int_equal(pith_parse_size("100", &sz), 0);
    assert_int_equal(sz, 100);
    assert_int_not_equal(pith_parse_size("16Q", &sz), 0);
    assert_int_not_equal(pith_parse_size("", &sz), 0);
    assert_int_not_equal(pith_parse_size("-1M", &sz), 0);
    assert_int_not_equal(pith_parse_size("99999999999999999999999G", &sz), 0);
    assert_int_equal(pith_parse_duration("250ms", &ms), 0);
    assert_int_equal(ms, 250);
    assert_int_equal(pith_parse_duration("1.5s", &ms), 0);
    assert_int_equal(ms, 1500);
    assert_int_equal(pith_parse_duration("15m", &ms), 0);
    assert_int_equal(ms, 15 * 60 * 1000);
    assert_int_equal(pith_parse_duration("2h", &ms), 0);
    assert_int_equal(ms, 2 * 3600 * 1000);
    assert_int_equal(pith_parse_duration("30", &ms), 0);
    assert_int_equal(ms, 30000);
    assert_int_not_equal(pith_parse_duration("5x", &ms), 0);
    assert_int_not_equal(pith_parse_duration("s", &ms), 0);
}

static void test_defaults(void **ctx)
{
    pith_config_t *c = NULL;
    assert_int_equal(pith_config_load(NULL, 0, &c, NULL), 0);
    assert_string_equal(c->drop_dir, "/var/lib/pith/drop");
    assert_int_equal(c->max_input_bytes, 16u << 20);
    assert_int_equal(c->rescan_interval_ms, 60000);
    assert_int_equal(c->stop_timeout_ms, 30000);
    assert_null(c->metrics_file);
    assert_int_equal(c->fetch_max_bytes, 8u << 20);
    assert_int_equal(c->max_redirects, 5);
    assert_int_equal(c->per_host, 2);
    assert_int_equal(c->retries, 3);
    assert_true(c->workers >= 1);
    assert_non_null(c->rules);
    pith_config_destroy(c);
    pith_config_destroy(NULL);
}

static void test_values(void **ctx)
{
    char url[600];
    memset(url, 0, sizeof url);
    strcpy(url, "https://example.org/");
    memset(url + strlen(url), 'a', 400); /* longer than inih's line buffer */
    char text[2000];
    snprintf(text, sizeof text,
             "; comment\n"
             "[daemon]\n"
             "drop_dir = in            # relative to the config file\n"
             "  spool_dir = /srv/spool ; indented key, inline comment\n"
             "workers = 3\n"
             "keep_input = yes\n"
             "format = json\n"
             "max_input_bytes = 2M\n"
             "\n"
             "[metrics]\n"
             "file = m/pith.prom\n"
             "interval = 5s\n"
             "[fetch]\n"
             "user_agent = test-agent/1.0 (+https://example.org/#about)\n"
             "[source a-very-long-source-name-that-is-longer-than-fifty-bytes-for-sure]\n"
             "url = %s\n"
             "url = https://example.org/two\n"
             "feed = https://example.org/rss.xml\n"
             "interval = 90s\n",
             url);
    write_conf(text);
    pith_config_t *c = NULL;
    pith_config_problems_t p = {0};
    int rc = pith_config_load(path, 0, &c, &p);
    for (size_t i = 0; i < p.n; i++)
        fprintf(stderr, "%s:%d: %s\n", p.items[i].file, p.items[i].line, p.items[i].reason);
    assert_int_equal(rc, 0);
    char want[400];
    snprintf(want, sizeof want, "%s/in", dir);
    assert_string_equal(c->drop_dir, want);
    assert_string_equal(c->spool_dir, "/srv/spool");
    snprintf(want, sizeof want, "%s/m/pith.prom", dir);
    assert_string_equal(c->metrics_file, want);
    assert_int_equal(c->workers, 3);
    assert_int_equal(c->keep_input, 1);
    assert_int_equal(c->format, PITH_FORMAT_JSON);
    assert_int_equal(c->max_input_bytes, 2u << 20);
    assert_int_equal(c->metrics_interval_ms, 5000);
    assert_string_equal(c->user_agent, "test-agent/1.0 (+https://example.org/#about)");
    assert_int_equal(c->deliver, PITH_DELIVER_SPOOL); /* the default: nothing changes */
    assert_int_equal(c->nsources, 1);
    assert_string_equal(c->sources[0].name,
                        "a-very-long-source-name-that-is-longer-than-fifty-bytes-for-sure");
    assert_int_equal(c->sources[0].nurls, 2);
    assert_string_equal(c->sources[0].urls[0], url);
    assert_int_equal(c->sources[0].nfeeds, 1);
    assert_int_equal(c->sources[0].interval_ms, 90000);
    pith_config_destroy(c);
}

static void test_problems(void **ctx)
{
    write_conf("[daemon]\n"                    /* 1 */
               "workers = many\n"              /* 2 */
               "bogus = 1\n"                   /* 3 */
               "rescan_interval = 5 parsecs\n" /* 4 */
               "workers = 2\n"                 /* 5 */
               "[nope]\n"                      /* 6 */
               "x = y\n"                       /* 7 */
               "[source s]\n"                  /* 8 */
               "url = ftp://example.org/\n"    /* 9 */
               "this line has no equals\n"     /* 10 */
               "[source empty]\n"              /* 11 */
               "[fetch\n"                      /* 12 */
               "[metrics]\n"                   /* 13 */
               "interval = 10ms\n");           /* 14 */
    pith_config_t *c = NULL;
    pith_config_problems_t p = {0};
    assert_int_equal(pith_config_load(path, 0, &c, &p), PITH_ECONFIG);
    assert_null(c);
    assert_true(has_problem(&p, 2, "workers"));
    assert_true(has_problem(&p, 3, "unknown key 'bogus'"));
    assert_true(has_problem(&p, 4, "rescan_interval"));
    assert_true(has_problem(&p, 5, "set twice"));
    assert_true(has_problem(&p, 6, "unknown section [nope]"));
    assert_false(has_problem(&p, 7, "")); /* reported once, at the header */
    assert_true(has_problem(&p, 9, "not an http"));
    assert_true(has_problem(&p, 10, "key = value"));
    assert_true(has_problem(&p, 11, "no url or feed"));
    assert_true(has_problem(&p, 12, "section header"));
    assert_true(has_problem(&p, 14, "interval"));
    for (size_t i = 0; i < p.n; i++)
        assert_string_equal(p.items[i].file, path);
    pith_config_problems_free(&p);
    assert_int_equal(p.n, 0);
}

/* Out-of-range values name the range; an invalid url line is the only
 * problem of its source (no "has no url or feed" after it). */
static void test_ranges_and_sources(void **ctx)
{
    write_conf("[daemon]\n"               /* 1 */
               "workers = 300\n"          /* 2 */
               "max_input_bytes = 2G\n"   /* 3 */
               "rescan_interval = 10ms\n" /* 4 */
               "stop_timeout = soon\n"    /* 5 */
               "[source b]\n"             /* 6 */
               "url = not-a-url\n"        /* 7 */
               "interval = 100ms\n"       /* 8 */
               "[source c]\n");           /* 9 */
    pith_config_t *c = NULL;
    pith_config_problems_t p = {0};
    assert_int_equal(pith_config_load(path, 0, &c, &p), PITH_ECONFIG);
    for (size_t i = 0; i < p.n; i++)
        fprintf(stderr, "%s:%d: %s\n", p.items[i].file, p.items[i].line, p.items[i].reason);
    assert_true(has_problem(&p, 2, "workers: bad value '300': must be in 0..256"));
    assert_true(has_problem(&p, 3, "must be in 1..1G"));
    assert_true(has_problem(&p, 4, "must be in 100ms..720h"));
    assert_true(
        has_problem(&p, 5, "expected a duration such as 500ms, 30s, 15m or 1h, in 0s..720h"));
    assert_true(has_problem(&p, 7, "not an http"));
    assert_true(has_problem(&p, 8, "must be in 1s..720h"));
    assert_false(has_problem(&p, 6, "no url or feed"));
    assert_true(has_problem(&p, 9, "no url or feed"));
    assert_int_equal(p.n, 7);
    pith_config_problems_free(&p);
}

static void write_site(const char *name, const char *text)
{
    char sd[500], f[600];
    snprintf(sd, sizeof sd, "%s/sites.d", dir);
    mkdir(sd, 0755);
    snprintf(f, sizeof f, "%s/%s", sd, name);
    FILE *fp = fopen(f, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* pith.conf and sites.d go through one reader: every problem of a profile
 * file is listed at its own line, long lines are read whole in both, and a
 * line over the limit is an error in both. */
static void test_site_profiles(void **ctx)
{
    write_conf("[daemon]\nworkers = 1\n");
    write_site("a.conf", "[profile]\n"     /* 1 */
                         "[profile a]\n"   /* 2 */
                         "host = a.org\n"  /* 3 */
                         "colour = blue\n" /* 4 */
                         "drop = ^(x\n");  /* 5 */
    char pat[300];
    memset(pat, 'p', 275);
    pat[275] = '\0';
    char text[600];
    snprintf(text, sizeof text, "[profile b]\nhost = b.org\ndrop = %s\n", pat);
    write_site("b.conf", text);
    pith_config_t *c = NULL;
    pith_config_problems_t p = {0};
    assert_int_equal(pith_config_load(path, 0, &c, &p), PITH_ECONFIG);
    for (size_t i = 0; i < p.n; i++)
        fprintf(stderr, "%s:%d: %s\n", p.items[i].file, p.items[i].line, p.items[i].reason);
    assert_int_equal(p.n, 3);
    char want[600];
    snprintf(want, sizeof want, "%s/sites.d/a.conf", dir);
    for (size_t i = 0; i < p.n; i++)
        assert_string_equal(p.items[i].file, want);
    assert_true(has_problem(&p, 1, "profile without a name"));
    assert_true(has_problem(&p, 4, "unknown key 'colour'"));
    assert_true(has_problem(&p, 5, "bad pattern for drop"));
    pith_config_problems_free(&p);

    write_site("a.conf", "[profile a]\nhost = a.org\n");
    assert_int_equal(pith_config_load(path, 0, &c, &p), 0);
    assert_int_equal(p.n, 0);
    pith_config_destroy(c);

    /* Over the documented limit: an error at its line, not a cut value. */
    size_t big = 17000;
    char *huge = malloc(big + 100);
    assert_non_null(huge);
    int n = snprintf(huge, 100, "[daemon]\nworkers = 1\n[fetch]\nuser_agent = ");
    memset(huge + n, 'u', big);
    strcpy(huge + n + big, "\n");
    write_conf(huge);
    free(huge);
    assert_int_equal(pith_config_load(path, 0, &c, &p), PITH_ECONFIG);
    assert_int_equal(p.n, 1);
    assert_true(has_problem(&p, 4, "line too long (at most 16384 bytes)"));
    pith_config_problems_free(&p);
}

/* [redis] and deliver: values, defaults, and the checks across keys. */
static void test_redis(void **ctx)
{
    write_conf("[daemon]\n"
               "deliver = both\n"
               "[redis]\n"
               "url = unix:///run/redis/redis.sock?db=2\n"
               "password_file = secret\n"
               "input_stream = pith:in\n"
               "output_stream = pith:docs\n"
               "claim_after = 90s\n"
               "max_deliveries = 7\n"
               "output_maxlen = 100000\n");
    pith_config_t *c = NULL;
    pith_config_problems_t p = {0};
    assert_int_equal(pith_config_load(path, 0, &c, &p), 0);
    assert_int_equal(c->deliver, PITH_DELIVER_SPOOL | PITH_DELIVER_REDIS);
    assert_string_equal(c->redis_input_stream, "pith:in");
    assert_string_equal(c->redis_group, "pith");
    assert_string_equal(c->redis_dead_stream, "pith:dead");
    assert_string_equal(c->redis_consumer, "");
    assert_int_equal(c->redis_claim_after_ms, 90000);
    assert_int_equal(c->redis_max_deliveries, 7);
    assert_int_equal(c->redis_output_maxlen, 100000);
    char want[400];
    snprintf(want, sizeof want, "%s/secret", dir);
    assert_string_equal(c->redis_password_file, want);
    pith_config_destroy(c);

    write_conf("[daemon]\n"                              /* 1 */
               "deliver = redis\n"                       /* 2 */
               "[redis]\n"                               /* 3 */
               "url = redis://user:pw@10.0.0.1:6379/0\n" /* 4 */
               "max_deliveries = 0\n");                  /* 5 */
    assert_int_equal(pith_config_load(path, 0, &c, &p), PITH_ECONFIG);
    assert_true(has_problem(&p, 2, "output_stream"));
    assert_true(has_problem(&p, 4, "password_file"));
    assert_true(has_problem(&p, 5, "max_deliveries"));
    pith_config_problems_free(&p);

    /* With the folders checked, an unreadable password file is a problem. */
    char dirs[1200];
    snprintf(dirs, sizeof dirs,
             "[daemon]\ndrop_dir = %s\nspool_dir = %s\nstate_dir = %s\n"
             "[redis]\ninput_stream = in\npassword_file = nowhere\n",
             dir, dir, dir);
    write_conf(dirs);
    assert_int_equal(pith_config_load(path, PITH_CONFIG_CHECK_DIRS, &c, &p), PITH_ECONFIG);
    assert_true(has_problem(&p, 7, "password_file"));
    pith_config_problems_free(&p);

    write_conf("[daemon]\ndeliver = kafka\n[redis]\nurl = http://x/\n");
    assert_int_equal(pith_config_load(path, 0, &c, &p), PITH_ECONFIG);
    assert_true(has_problem(&p, 2, "spool, redis or both"));
    assert_true(has_problem(&p, 4, "redis://"));
    pith_config_problems_free(&p);
}

static void test_missing_dirs(void **ctx)
{
    write_conf("[daemon]\ndrop_dir = drop\nspool_dir = spool\nstate_dir = state\n");
    pith_config_t *c = NULL;
    pith_config_problems_t p = {0};
    /* Without the flag, folders need not exist (pith clean -c). */
    assert_int_equal(pith_config_load(path, 0, &c, &p), 0);
    pith_config_destroy(c);
    assert_int_equal(pith_config_load(path, PITH_CONFIG_CHECK_DIRS, &c, &p), PITH_ECONFIG);
    assert_true(has_problem(&p, 2, "no such folder"));
    assert_true(has_problem(&p, 3, "no such folder"));
    assert_true(has_problem(&p, 4, "no such folder"));
    for (size_t i = 0; i < p.n; i++) /* the errno behind each, for callers */
        assert_int_equal(p.items[i].sys, ENOENT);
    pith_config_problems_free(&p);
    char sub[400];
    const char *names[] = {"drop", "spool", "state"};
    for (int i = 0; i < 3; i++) {
        snprintf(sub, sizeof sub, "%s/%s", dir, names[i]);
        assert_int_equal(mkdir(sub, 0755), 0);
    }
    assert_int_equal(pith_config_load(path, PITH_CONFIG_CHECK_DIRS, &c, &p), 0);
    assert_int_equal(p.n, 0);
    pith_config_destroy(c);
}

static void test_missing_file(void **ctx)
{
    pith_config_t *c = NULL;
    pith_config_problems_t p = {0};
    assert_int_equal(pith_config_load("/nonexistent/pith.conf", 0, &c, &p), PITH_EMISSING);
    assert_null(c);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.items[0].code, PITH_ECONFIG);
    assert_int_equal(p.items[0].sys, ENOENT);
    assert_string_equal(p.items[0].file, "/nonexistent/pith.conf");
    char want[200];
    snprintf(want, sizeof want, "cannot read: %s", strerror(ENOENT));
    assert_string_equal(p.items[0].reason, want);
    pith_config_problems_free(&p);
    /* A folder is not a configuration file. */
    assert_int_equal(pith_config_load("/", 0, &c, &p), PITH_EMISSING);
    assert_int_equal(p.n, 1);
    assert_string_equal(p.items[0].reason, "not a regular file");
    assert_int_equal(p.items[0].sys, 0);
    pith_config_problems_free(&p);
}

/* A bad value's problem names the key, the value and what is wrong, from
 * the setter's reason: the allow_hosts parser's own words included. */
static void test_setter_reasons(void **ctx)
{
    write_conf("[daemon]\n"                  /* 1 */
               "keep_input = maybe\n"        /* 2 */
               "drop_dir =\n"                /* 3 */
               "deliver = carrier pigeon\n"  /* 4 */
               "[fetch]\n"                   /* 5 */
               "allow_hosts = 10.0.0.0/99\n" /* 6 */
               "user_agent = fine\n"         /* 7 */
               "max_bytes = 1000\n");        /* 8 */
    pith_config_t *c = NULL;
    pith_config_problems_t p = {0};
    assert_int_equal(pith_config_load(path, 0, &c, &p), PITH_ECONFIG);
    assert_true(has_problem(&p, 2, "keep_input: bad value 'maybe': expected yes or no"));
    assert_true(has_problem(&p, 3, "drop_dir: bad value '': a folder path is required"));
    assert_true(has_problem(&p, 4, "deliver: bad value 'carrier pigeon': expected spool, redis"));
    assert_true(has_problem(&p, 6, "allow_hosts: bad value '10.0.0.0/99': '10.0.0.0/99'"));
    assert_true(has_problem(&p, 8, "max_bytes: bad value '1000': must be in 1K.."));
    assert_false(has_problem(&p, 7, ""));
    for (size_t i = 0; i < p.n; i++) {
        assert_int_equal(p.items[i].code, PITH_ECONFIG);
        assert_int_equal(p.items[i].sys, 0);
    }
    pith_config_problems_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parsers),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test_setup_teardown(test_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_problems, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ranges_and_sources, setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_profiles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_redis, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_dirs, setup, teardown),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test_setup_teardown(test_setter_reasons, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
