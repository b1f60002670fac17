/* Unit tests for output.c: distinct -o stems and the stem of a path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "output.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unique_stems),
        cmocka_unit_test(test_many_same),
        cmocka_unit_test(test_path_stem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
