/* Unit tests for phrases.c, the one phrase-list format and matcher of both
 * paths: each marker of the format on a small literal list, the ranking of
 * hits (end marker, chrome, closing label), the kinds a caller may leave
 * out, the strict "=" the HTML path asks for, and the converted HTML list
 * answering as the HTML matcher did. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "html_hints.h"
#include "phrases.h"

static const char list_text[] = "# a comment\n"
                                "\n"
                                "=share\n"
                                "^read more\n"
                                "$all rights reserved\n"
                                "appeared first on\n"
                                "~more from\n"
                                "!=comments\n"
                                "!^leave a reply\n"
                                "@=about the author\n"
                                "=kontakt\n";
static const pith_blob_t list_blob = {"test/list.txt", list_text, sizeof list_text - 1};
static pith_phrases_t *list;
static pith_buf_t scratch;

static int T(const char *s, unsigned kinds)
{
    return pith_phrases_test(list, &scratch, s, strlen(s), kinds);
}

static int setup(void **state)
{
    (void)state;
    const pith_blob_t *const lists[] = {&list_blob};
    pith_err_t err = {0};
    return pith_phrases_compile(lists, 1, &list, &err);
}

static int teardown(void **state)
{
    (void)state;
    pith_phrases_destroy(list);
    pith_buf_free(&scratch);
    return 0;
}

static void test_markers(void **state)
{
    (void)state;
    assert_int_equal(T("Share", PITH_PHRASE_ALL), PITH_PHRASE_CHROME);
    assert_int_equal(T("  SHARE:  12", PITH_PHRASE_ALL), PITH_PHRASE_CHROME);
    assert_int_equal(T("Share the load with your team", PITH_PHRASE_ALL), PITH_PHRASE_NONE);
    assert_int_equal(T("Read more about the budget", PITH_PHRASE_ALL), PITH_PHRASE_CHROME);
    assert_int_equal(T("We read more than ever", PITH_PHRASE_ALL), PITH_PHRASE_NONE);
    assert_int_equal(T("(c) 2024 Acme. All Rights Reserved", PITH_PHRASE_ALL), PITH_PHRASE_CHROME);
    assert_int_equal(T("The post Foo appeared first on Bar.", PITH_PHRASE_ALL), PITH_PHRASE_CHROME);
    assert_int_equal(T("More from Washington Examiner", PITH_PHRASE_ALL), PITH_PHRASE_CHROME);
    assert_int_equal(T("More from the minister, who said so.", PITH_PHRASE_ALL), PITH_PHRASE_NONE);
    assert_int_equal(T("34 Comments", PITH_PHRASE_ALL), PITH_PHRASE_END);
    assert_int_equal(T("Leave a Reply Cancel reply", PITH_PHRASE_ALL), PITH_PHRASE_END);
    assert_int_equal(T("About the Author", PITH_PHRASE_ALL), PITH_PHRASE_CLOSING);
    assert_int_equal(T("An ordinary sentence of the article.", PITH_PHRASE_ALL), PITH_PHRASE_NONE);
}

/* A caller may test some kinds only; "=" may be asked to open the block. */
static void test_kinds(void **state)
{
    (void)state;
    assert_int_equal(T("Read more about the budget", PITH_PHRASE_ANY), PITH_PHRASE_NONE);
    assert_int_equal(T("The post Foo appeared first on Bar.", PITH_PHRASE_ANY), PITH_PHRASE_CHROME);
    assert_int_equal(T("Share", PITH_PHRASE_START | PITH_PHRASE_ANY), PITH_PHRASE_NONE);
    assert_int_equal(T("28.01.22 / 0 Kommentare", PITH_PHRASE_ALL), PITH_PHRASE_NONE);
    assert_int_equal(T("34 Comments", PITH_PHRASE_ALL | PITH_PHRASE_STRICT), PITH_PHRASE_NONE);
    assert_int_equal(T("Comments (34)", PITH_PHRASE_ALL | PITH_PHRASE_STRICT), PITH_PHRASE_END);
    assert_int_equal(T("  Kontakt:", PITH_PHRASE_ALL | PITH_PHRASE_STRICT), PITH_PHRASE_CHROME);
}

/* A list that holds no phrase is an error, not an empty table. */
static void test_empty_list(void **state)
{
    (void)state;
    static const char text[] = "# only a comment\n\n";
    const pith_blob_t blob = {"test/empty.txt", text, sizeof text - 1};
    const pith_blob_t *const lists[] = {&blob};
    pith_phrases_t *p = (pith_phrases_t *)1;
    pith_err_t err = {0};
    assert_int_equal(pith_phrases_compile(lists, 1, &p, &err), PITH_ECONFIG);
    assert_null(p);
    assert_non_null(strstr(err.reason, "test/empty.txt"));
}

/* data/html/boilerplate.txt in the shared format answers as the HTML
 * matcher's own format did: exact, prefix under 100 bytes, credit lines in
 * brackets up to 300, contained phrases, section titles, closing labels,
 * divider-only blocks. */
/* Plain phrases found by the scan wherever they stand, also several
 * sharing the bytes that end the scan's window, and the stack buffer of a
 * short block, the caller's scratch and a buffer of the call's own (no
 * scratch) for a long one all giving the same answers. */
static void test_plain_scan(void **state)
{
    (void)state;
    static const char text[] = "gone to lunch\ngone to bed\nback to bed\nall at sea\n";
    static const pith_blob_t blob = {"test/plain.txt", text, sizeof text - 1};
    const pith_blob_t *const lists[] = {&blob};
    pith_err_t err = {0};
    pith_phrases_t *p = NULL;
    assert_int_equal(pith_phrases_compile(lists, 1, &p, &err), 0);
    const char *hits[] = {"We are Gone To Bed now", "back to bed", "x all at sea",
                          "they were all at sea and gone to lunch"};
    for (size_t i = 0; i < sizeof hits / sizeof hits[0]; i++)
        assert_int_equal(pith_phrases_test(p, NULL, hits[i], strlen(hits[i]), PITH_PHRASE_ANY),
                         PITH_PHRASE_CHROME);
    const char *misses[] = {"gone to be", "back to be", "all at se", "to bed"};
    for (size_t i = 0; i < sizeof misses / sizeof misses[0]; i++)
        assert_int_equal(pith_phrases_test(p, NULL, misses[i], strlen(misses[i]), PITH_PHRASE_ANY),
                         PITH_PHRASE_NONE);
    char big[3000];
    memset(big, 'x', sizeof big);
    memcpy(big + sizeof big - 11, "Back to Bed", 11);
    pith_buf_t b = {0};
    for (size_t n = PITH_PHRASES_SHORT - 20; n <= sizeof big; n += 7) {
        const char *s = big + sizeof big - n;
        assert_int_equal(pith_phrases_test(p, &b, s, n, PITH_PHRASE_ANY), PITH_PHRASE_CHROME);
        assert_int_equal(pith_phrases_test(p, NULL, s, n, PITH_PHRASE_ANY), PITH_PHRASE_CHROME);
        assert_int_equal(pith_phrases_test(p, NULL, s, n - 1, PITH_PHRASE_ANY), PITH_PHRASE_NONE);
    }
    /* A short block leaves the scratch alone: it is lowercased on the stack. */
    pith_buf_reset(&b);
    assert_int_equal(pith_phrases_test(p, &b, "Back to Bed", 11, PITH_PHRASE_ANY),
                     PITH_PHRASE_CHROME);
    assert_int_equal(b.len, 0);
    pith_buf_free(&b);
    pith_phrases_destroy(p);
}

static void test_html_list(void **state)
{
    (void)state;
#define B(s) pith_html_boilerplate(s, strlen(s))
#define S(s) pith_html_section_title(s, strlen(s))
#define C(s) pith_html_closing_title(s, strlen(s))
    assert_true(B("Advertisement"));
    assert_true(B("Read more: the budget"));
    assert_false(B("- Advertisement -"));
    assert_false(B("Advertising revenue fell by a third in the year to March, the company said."));
    char credit[200];
    snprintf(credit, sizeof credit, "(Reporting by %s; Editing by Someone Else)",
             "Jane Doe, John Roe, Max Mustermann, Erika Musterfrau and Juan Perez in Madrid");
    assert_true(strlen(credit) > 100 && B(credit));
    assert_true(B("The post Budget talks resume appeared first on Example News."));
    assert_true(S("Related articles") && B("Related articles"));
    assert_false(S("28.01.22 / 0 Kommentare"));
    assert_true(C("Über den Autor") && !B("Über den Autor"));
    assert_true(B("|") && B("» »") && !B("2024"));
#undef B
#undef S
#undef C
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markers),    cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_empty_list), cmocka_unit_test(test_plain_scan),
        cmocka_unit_test(test_html_list),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
