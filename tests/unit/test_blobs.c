/* Unit tests for blobs.c and the table cmake/embed.cmake generates: every
 * data file is embedded, byte for byte, once, NUL-terminated; lines read
 * without their line ends and trailing blanks. */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "blobs.h"
#include "pith_blob_names.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return s;
}

/* Each file under data/<dir>/ (.txt) and config/sites.d/ (.conf) is a blob named
 * "<dir>/<file>" and "sites.d/<file>", with the file's exact bytes. */
static void check_glob(const char *pattern, const char *strip, unsigned *seen)
{
    char pat[1024];
    snprintf(pat, sizeof pat, "%s/%s", PITH_SOURCE_DIR, pattern);
    glob_t g;
    assert_int_equal(glob(pat, 0, NULL, &g), 0);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        const char *name = g.gl_pathv[i] + strlen(PITH_SOURCE_DIR) + 1 + strlen(strip);
        const pith_blob_t *b = pith_blob_find(name);
        if (!b)
            fail_msg("%s is not embedded", name);
        size_t len;
        char *want = slurp(g.gl_pathv[i], &len);
        assert_int_equal(b->len, len);
        assert_memory_equal(b->data, want, len);
        assert_int_equal(b->data[b->len], '\0');
        free(want);
        (*seen)++;
    }
    globfree(&g);
}

static void test_every_file_embedded(void **state)
{
    unsigned seen = 0;
    check_glob("data/*/*.txt", "data/", &seen);
    check_glob("config/sites.d/*.conf", "config/", &seen);
    assert_int_equal(seen, pith_nblobs);
    assert_null(pith_blobs[pith_nblobs].name);
    for (unsigned i = 0; i < pith_nblobs; i++)
        for (unsigned j = i + 1; j < pith_nblobs; j++)
            assert_string_not_equal(pith_blobs[i].name, pith_blobs[j].name);
}

/* A family holds exactly the blobs of its folder, in table order, and ends
 * with NULL: code that reads a folder (phrase lists, stop words, built-in
 * profiles) takes its files from the family, not from a name prefix. */
static void check_family(const pith_blob_t *const *family, unsigned n, const char *prefix)
{
    unsigned k = 0;
    for (unsigned i = 0; i < pith_nblobs; i++) {
        if (strncmp(pith_blobs[i].name, prefix, strlen(prefix)) != 0)
            continue;
        assert_true(k < n);
        assert_ptr_equal(family[k]->data, pith_blobs[i].data);
        assert_string_equal(family[k]->name, pith_blobs[i].name);
        k++;
    }
    assert_int_equal(k, n);
    assert_null(family[n]);
}

static void test_families(void **state)
{
    check_family(pith_blobs_boilerplate, PITH_NBLOBS_BOILERPLATE, "boilerplate/");
    check_family(pith_blobs_stopwords, PITH_NBLOBS_STOPWORDS, "stopwords/");
    check_family(pith_blobs_sites_d, PITH_NBLOBS_SITES_D, "sites.d/");
    check_family(pith_blobs_html, PITH_NBLOBS_HTML, "html/");
    assert_true(PITH_NBLOBS_BOILERPLATE >= 1 && PITH_NBLOBS_STOPWORDS >= 1);
}

static void test_find(void **state)
{
    assert_non_null(pith_blob_find("stopwords/en.txt"));
    assert_non_null(pith_blob_find("entities/html5.txt"));
    assert_null(pith_blob_find("stopwords/en"));
    assert_null(pith_blob_find("data/stopwords/en.txt"));
    assert_null(pith_blob_find(""));
}

static void test_lines(void **state)
{
    const char text[] = "one\r\ntwo \t\n\nlast  ";
    const char *p = text, *end = text + sizeof text - 1;
    size_t n;
    const char *l = pith_blob_line(&p, end, &n);
    assert_int_equal(n, 3);
    assert_memory_equal(l, "one", 3);
    l = pith_blob_line(&p, end, &n);
    assert_int_equal(n, 3);
    assert_memory_equal(l, "two", 3);
    l = pith_blob_line(&p, end, &n);
    assert_non_null(l);
    assert_int_equal(n, 0);
    l = pith_blob_line(&p, end, &n);
    assert_int_equal(n, 4);
    assert_memory_equal(l, "last", 4);
    assert_null(pith_blob_line(&p, end, &n));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_file_embedded),
        cmocka_unit_test(test_families),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
