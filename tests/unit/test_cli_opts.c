/* Unit tests for cli_opts.c: the flags `pith clean` and `pith fetch` share,
 * the combinations refused with EX_USAGE, and what prepare sets up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli_opts.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof *(a)) - 1)

/* Parses argv (NULL-terminated) with stderr silenced; returns the status. */
static int parse(char **argv, pith_cli_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->cmd = "clean";
    o->jobs = 1;
    int argc = 0;
    while (argv[argc])
        argc++;
    fflush(stderr);
    int saved = dup(2);
    FILE *null = fopen("/dev/null", "w");
    dup2(fileno(null), 2);
    int rc = pith_cli_parse(argc, argv, "usage\n", o);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    fclose(null);
    return rc;
}

static void test_flags(void **state)
{
    pith_cli_opts_t o;
    char *argv[] = {"clean",  "--format", "markdown", "--body-only",
                    "--type", "html",     "--url",    "https://e.com/a",
                    "-j",     "4",        "--ascii",  "--links",
                    "-o",     "out",      "-c",       "p.conf",
                    "in1",    "in2",      NULL};
    assert_int_equal(parse(argv, &o), 0);
    assert_string_equal(o.format, "markdown");
    assert_true(o.body_only && o.ascii && o.links);
    assert_int_equal(o.type, PITH_TYPE_HTML);
    assert_string_equal(o.url, "https://e.com/a");
    assert_int_equal(o.jobs, 4);
    assert_string_equal(o.out_dir, "out");
    assert_string_equal(o.config_path, "p.conf");
    assert_int_equal(ARGC(argv) - optind, 2);
    assert_string_equal(argv[optind], "in1");
}

static void test_refused(void **state)
{
    pith_cli_opts_t o;
    char *j0[] = {"clean", "-j", "0", NULL};
    char *j257[] = {"clean", "-j", "257", NULL};
    char *jx[] = {"clean", "-j", "2x", NULL};
    char *type[] = {"clean", "--type", "pdf", NULL};
    char *fmt[] = {"clean", "--format", "yaml", NULL};
    char *json_body[] = {"clean", "--format", "json", "--body-only", NULL};
    char *o_spool[] = {"clean", "-o", "d", "--spool", "s", NULL};
    char *unknown[] = {"clean", "--frobnicate", NULL};
    assert_int_equal(parse(j0, &o), PITH_EUSAGE);
    assert_int_equal(parse(j257, &o), PITH_EUSAGE);
    assert_int_equal(parse(jx, &o), PITH_EUSAGE);
    assert_int_equal(parse(type, &o), PITH_EUSAGE);
    assert_int_equal(parse(fmt, &o), PITH_EUSAGE);
    assert_int_equal(parse(json_body, &o), PITH_EUSAGE);
    assert_int_equal(parse(o_spool, &o), PITH_EUSAGE);
    assert_int_equal(parse(unknown, &o), PITH_EUSAGE);
    char *j256[] = {"clean", "-j", "256", NULL};
    assert_int_equal(parse(j256, &o), 0);
}

/* Parsing twice (clean, then fetch in one process) starts from the first
 * argument again. */
static void test_reparse(void **state)
{
    pith_cli_opts_t o;
    char *a[] = {"clean", "-j", "2", "x", NULL};
    char *b[] = {"fetch", "-j", "3", "y", NULL};
    assert_int_equal(parse(a, &o), 0);
    assert_int_equal(parse(b, &o), 0);
    assert_int_equal(o.jobs, 3);
    assert_string_equal(b[optind], "y");
    assert_false(o.help);
}

/* --help: 0 (a success, nothing to run) with o->help set; the refusals are
 * PITH_EUSAGE, never the old -1 for "go on". */
static void test_help(void **state)
{
    pith_cli_opts_t o;
    char *h[] = {"clean", "--help", NULL};
    int saved = dup(1);
    FILE *null = fopen("/dev/null", "w");
    fflush(stdout);
    dup2(fileno(null), 1);
    int rc = parse(h, &o);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    fclose(null);
    assert_int_equal(rc, 0);
    assert_true(o.help);
}

static void test_prepare(void **state)
{
    char dir[] = "/tmp/pith-cli-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char out_dir[300];
    snprintf(out_dir, sizeof out_dir, "%s/out", dir);
    pith_cli_opts_t o = {.cmd = "clean",
                         .jobs = 1,
                         .format = "markdown",
                         .links = 1,
                         .out_dir = out_dir,
                         .ascii = 1};
    pith_config_t *cfg;
    pith_hints_t hints = {0};
    pith_output_t out = {0};
    assert_int_equal(pith_cli_prepare(&o, &cfg, &hints, &out), 0);
    assert_int_equal(out.format, PITH_FORMAT_MARKDOWN);
    assert_true(hints.links && hints.ascii);
    assert_ptr_equal(hints.rules, cfg->rules);
    struct stat st;
    assert_int_equal(stat(out_dir, &st), 0); /* -o DIR created */
    assert_true(S_ISDIR(st.st_mode));
    pith_config_destroy(cfg);

    /* --links means nothing for text: not noted. */
    o.format = "text";
    memset(&hints, 0, sizeof hints);
    assert_int_equal(pith_cli_prepare(&o, &cfg, &hints, &out), 0);
    assert_int_equal(out.format, PITH_FORMAT_TEXT);
    assert_false(hints.links);
    pith_config_destroy(cfg);

    /* -o naming a file is refused. */
    char file[300];
    snprintf(file, sizeof file, "%s/f", dir);
    FILE *f = fopen(file, "w");
    fclose(f);
    o.out_dir = file;
    int saved = dup(2);
    FILE *null = fopen("/dev/null", "w");
    dup2(fileno(null), 2);
    int rc = pith_cli_prepare(&o, &cfg, &hints, &out);
    dup2(saved, 2);
    close(saved);
    fclose(null);
    assert_int_equal(rc, PITH_ECREATE); /* a code; the command maps it to EX_CANTCREAT */
    pith_config_destroy(cfg);
    unlink(file);
    rmdir(out_dir);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flags),   cmocka_unit_test(test_refused),
        cmocka_unit_test(test_reparse), cmocka_unit_test(test_help),
        cmocka_unit_test(test_prepare),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
