/* Unit tests for html_parts.c: which lists have a word standing in the
 * word parts of a class or id value, at a part's start, at its end (suffix
 * lists) and after a camelCase hump (camel lists), on a small vocabulary
 * made for the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "html_parts.h"

enum { DATE = 1, NAME = 2, EDIT = 4, ALL = 7 };
static const part_word_t words[] = {PW("date", 0),  PW("time", 0), PW("author", 1),
                                    PW("autor", 1), PW("edit", 2), PW("update", 2)};
static word_index_t ix_all, ix_date;

static int setup(void **state)
{
    (void)state;
    pith_part_index(words, sizeof words / sizeof *words, ALL, &ix_all);   /* all suffix lists */
    pith_part_index(words, sizeof words / sizeof *words, DATE, &ix_date); /* only list 0 */
    return 0;
}

static unsigned lists(const char *v, const word_index_t *ix, unsigned suffix, unsigned camel)
{
    return pith_part_lists(v, words, ix, ALL, suffix, camel);
}

static void test_part_start(void **state)
{
    (void)state;
    assert_int_equal(lists(NULL, &ix_all, 0, 0), 0);
    assert_int_equal(lists("", &ix_all, 0, 0), 0);
    assert_int_equal(lists("post-date", &ix_all, 0, 0), DATE);
    assert_int_equal(lists("DateLine", &ix_all, 0, 0), DATE);      /* any case */
    assert_int_equal(lists("x  Author_box", &ix_all, 0, 0), NAME); /* blanks, '_' */
    assert_int_equal(lists("dat", &ix_all, 0, 0), 0);              /* too short */
    assert_int_equal(lists("mandate", &ix_all, 0, 0), 0);          /* not at a start */
}

static void test_part_end(void **state)
{
    (void)state;
    /* Suffix lists: a word ending the part. */
    assert_int_equal(lists("artikeldate", &ix_all, ALL, 0), DATE);
    assert_int_equal(lists("lastupdate x", &ix_all, ALL, 0), DATE | EDIT); /* and "date" */
    assert_int_equal(lists("coautor", &ix_all, ALL, 0), NAME);
    assert_int_equal(lists("coauthor-x", &ix_all, ALL, 0), NAME);
    assert_int_equal(lists("mandates", &ix_all, ALL, 0), 0); /* not at its end */
    assert_int_equal(lists("xdatum", &ix_all, ALL, 0), 0);
    /* Only the lists in suffix, only with the index built for them. */
    assert_int_equal(lists("artikeldate coautor", &ix_all, DATE, 0), DATE);
    assert_int_equal(lists("artikeldate coautor", &ix_date, DATE, 0), DATE);
    assert_int_equal(lists("pubtime preedit", &ix_all, ALL, 0), DATE | EDIT);
    /* The part's last letter in upper case, and a last byte no word ends in. */
    assert_int_equal(lists("ARTIKELDATE", &ix_all, ALL, 0), DATE);
    assert_int_equal(lists("artikeldate9", &ix_all, ALL, 0), 0);
}

static void test_part_hump(void **state)
{
    (void)state;
    assert_int_equal(lists("liveArticleDateBlock", &ix_all, 0, DATE), DATE);
    assert_int_equal(lists("liveArticleDateBlock", &ix_all, 0, 0), 0);
    assert_int_equal(lists("postAuthorBox", &ix_all, 0, DATE), 0); /* NAME is no camel list */
    assert_int_equal(lists("postAuthorBox", &ix_all, 0, ALL), NAME);
    /* A hump word that also ends the part counts for a suffix list. */
    assert_int_equal(lists("lastUpdate", &ix_all, EDIT, DATE), EDIT);
}

static void test_part_skipped(void **state)
{
    (void)state;
    /* Topics and states, not parts of the page. */
    assert_int_equal(lists("category-date tag-author", &ix_all, ALL, ALL), 0);
    assert_int_equal(lists("has-date no-author with-time status-edit", &ix_all, ALL, ALL), 0);
    assert_int_equal(lists("category-date entry-time", &ix_all, ALL, ALL), DATE);
    assert_int_equal(lists("tag- date", &ix_all, 0, 0), DATE); /* the prefix alone is no tag */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_part_start),
        cmocka_unit_test(test_part_end),
        cmocka_unit_test(test_part_hump),
        cmocka_unit_test(test_part_skipped),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
