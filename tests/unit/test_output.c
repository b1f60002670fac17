/* Unit tests for output.c: distinct -o stems, the stem of a path, and where
 * a document lands (-o DIR as <stem>.<ext>; a spool once per id). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <unistd.h>

#include "output.h"
#include "pith/pith.h"

static void test_unique_stems(void **state)
{
    const char *in[] = {"x", "y", "x", "x-2", "x", "y"};
    const char *want[] = {"x", "y", "x-2", "x-2-2", "x-3", "y-2"};
    char *stems[6];
    for (int i = 0; i < 6; i++)
        stems[i] = strdup(in[i]);
    assert_int_equal(pith_output_unique_stems(stems, 6), 0);
    for (int i = 0; i < 6; i++) {
        assert_string_equal(stems[i], want[i]);
        free(stems[i]);
    }
    assert_int_equal(pith_output_unique_stems(NULL, 0), 0);
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Many inputs of one name (index.html from many folders) stay distinct. */
static void test_many_same(void **state)
{
    enum { N = 5000 };
    char **stems = calloc(N, sizeof *stems);
    assert_non_null(stems);
    for (int i = 0; i < N; i++)
        stems[i] = strdup(i % 2 ? "index" : "index-2");
    assert_int_equal(pith_output_unique_stems(stems, N), 0);
    char **sorted = malloc(N * sizeof *sorted);
    assert_non_null(sorted);
    memcpy(sorted, stems, N * sizeof *sorted);
    qsort(sorted, N, sizeof *sorted, cmp);
    for (int i = 1; i < N; i++)
        assert_string_not_equal(sorted[i - 1], sorted[i]);
    free(sorted);
    int seen_index = 0;
    for (int i = 0; i < N; i++) {
        seen_index += !strcmp(stems[i], "index");
        free(stems[i]);
    }
    assert_int_equal(seen_index, 1);
    free(stems);
}

static void test_path_stem(void **state)
{
    char buf[64];
    assert_string_equal(pith_output_stem("dir/a.b.txt", buf, sizeof buf), "a.b");
    assert_string_equal(pith_output_stem("-", buf, sizeof buf), "stdin");
    assert_string_equal(pith_output_stem(".hidden", buf, sizeof buf), ".hidden");
    assert_string_equal(pith_output_stem("dir/", buf, sizeof buf), "input");
}

static const char ARTICLE[] =
    "The city council approved the new budget on Tuesday after a long debate about "
    "public transport, schools and the maintenance of roads in the northern districts.\n\n"
    "The mayor said the plan would be reviewed again in the spring, when the first "
    "figures on tax revenue for the year are known and the council can adjust spending.\n";

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_write_dir_and_spool(void **state)
{
    pith_hints_t hints = {.type = PITH_TYPE_TEXT};
    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_core_init(&err), 0);
    assert_int_equal(pith_extract((const uint8_t *)ARTICLE, sizeof ARTICLE - 1, &hints, &doc, &err),
                     0);
    char dir[] = "/tmp/pith-output-XXXXXX";
    assert_non_null(mkdtemp(dir));
    pith_output_t out = {.format = PITH_FORMAT_TEXT, .body_only = 1, .out_dir = dir};
    pthread_mutex_init(&out.lock, NULL);
    assert_int_equal(pith_output_write(&out, doc, "a", &err), 0);
    char path[1100];
    snprintf(path, sizeof path, "%s/a.txt", dir);
    char *got = slurp(path);
    assert_non_null(got);
    assert_true(!strncmp(got, "The city council", 16)); /* body only: no front matter */
    unlink(path);
    out.format = PITH_FORMAT_JSON;
    out.body_only = 0;
    assert_int_equal(pith_output_write(&out, doc, "a", &err), 0);
    snprintf(path, sizeof path, "%s/a.json", dir);
    got = slurp(path);
    assert_non_null(got);
    assert_int_equal(got[0], '{');
    assert_non_null(strstr(got, doc->id));
    unlink(path);

    /* A spool takes an id once: the second delivery is a duplicate. */
    char spool_dir[512];
    snprintf(spool_dir, sizeof spool_dir, "%s/spool", dir);
    out.out_dir = NULL;
    out.format = PITH_FORMAT_TEXT;
    assert_int_equal(pith_spool_open(spool_dir, &out.spool, &err), 0);
    assert_int_equal(pith_output_write(&out, doc, "a", &err), 0);
    assert_int_equal(pith_output_write(&out, doc, "b", &err), PITH_EDUP);
    assert_int_equal(out.delivered, 1);
    assert_int_equal(out.duplicates, 1);
    snprintf(path, sizeof path, "%s/new/%s.txt", spool_dir, doc->id);
    assert_int_equal(access(path, F_OK), 0);
    pith_spool_close(out.spool);

    /* Standard output that cannot be written (a full disk here): the errno
     * in sys and strerror in the reason. */
    out.spool = NULL;
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    assert_non_null(freopen("/dev/full", "w", stdout));
    int rc = pith_output_write(&out, doc, "a", &err);
    fflush(stdout);
    assert_int_equal(dup2(saved, STDOUT_FILENO), STDOUT_FILENO);
    close(saved);
    clearerr(stdout);
    assert_int_equal(rc, PITH_EIO);
    assert_int_equal(err.sys, ENOSPC);
    char want[200];
    snprintf(want, sizeof want, "cannot write to standard output: %s", strerror(ENOSPC));
    assert_string_equal(err.reason, want);

    pthread_mutex_destroy(&out.lock);
    pith_doc_destroy(doc);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unique_stems),
        cmocka_unit_test(test_many_same),
        cmocka_unit_test(test_path_stem),
        cmocka_unit_test(test_write_dir_and_spool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
