/* Unit tests for datefind.c: ranking of date sources, validation, and the
 * URL's say on the day. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "datefind.h"

static void add(pith_datefind_t *f, pith_datesrc_t src, const char *s)
{
    pith_datefind_add(f, src, s, strlen(s));
}

static void test_rank(void **state)
{
    (void)state;
    pith_datefind_t f;
    pith_datefind_init(&f, NULL);
    assert_null(pith_datefind_pick(&f));
    add(&f, PITH_DATESRC_PUBLISHED, "2019-11-19T14:03:00+00:00");
    assert_string_equal(pith_datefind_pick(&f), "2019-11-19T14:03:00+00:00");
    add(&f, PITH_DATESRC_NAMED, "2019-11-20");
    assert_string_equal(pith_datefind_pick(&f), "2019-11-20");
    pith_datefind_init(&f, NULL);
    add(&f, PITH_DATESRC_PUBLISHED, "2019-11-19T14:03:00+00:00");
    assert_string_equal(pith_datefind_pick(&f), "2019-11-19T14:03:00+00:00");
    /* The first candidate of a source stays. */
    add(&f, PITH_DATESRC_PUBLISHED, "2018-01-01");
    assert_string_equal(pith_datefind_pick(&f), "2019-11-19T14:03:00+00:00");
    /* The day shown under the headline beats a declared UTC timestamp. */
    add(&f, PITH_DATESRC_SHOWN, "2019-11-18");
    assert_string_equal(pith_datefind_pick(&f), "2019-11-18");
    add(&f, PITH_DATESRC_TIME, "2019-11-18T21:03:00-05:00");
    assert_string_equal(pith_datefind_pick(&f), "2019-11-18T21:03:00-05:00");
}

static void test_validation(void **state)
{
    (void)state;
    pith_datefind_t f;
    pith_datefind_init(&f, "2020-05-01T10:00:00+00:00");
    add(&f, PITH_DATESRC_PUBLISHED, "1994-12-31");        /* before the web's news */
    add(&f, PITH_DATESRC_NAMED, "2020-05-02");            /* after the fetch */
    add(&f, PITH_DATESRC_TIME, "not a date");
    assert_null(pith_datefind_pick(&f));
    add(&f, PITH_DATESRC_TIME, "2020-04-30");
    assert_string_equal(pith_datefind_pick(&f), "2020-04-30");
}

static void test_text(void **state)
{
    (void)state;
    pith_datefind_t f;
    pith_datefind_init(&f, NULL);
    const char *header = "Wednesday, January 19, 2022";
    /* Strict: a weekday line is today's date in a header. */
    assert_int_equal(pith_datefind_add_text(&f, PITH_DATESRC_SHOWN, header, strlen(header), 1), 0);
    const char *line = "Posted on 19 Nov 2019, 14:03 GMT | Updated 20 Nov 2019";
    assert_int_equal(pith_datefind_add_text(&f, PITH_DATESRC_SHOWN, line, strlen(line), 1), 1);
    assert_string_equal(pith_datefind_pick(&f), "2019-11-19T14:03:00+00:00");
}

static void test_url(void **state)
{
    (void)state;
    pith_datefind_t f;
    /* A date in the URL alone is the date. */
    pith_datefind_init(&f, NULL);
    pith_datefind_url(&f, "https://example.org/news/2017/03/09/rain-expected");
    assert_string_equal(pith_datefind_pick(&f), "2017-03-09");
    pith_datefind_init(&f, NULL);
    pith_datefind_url(&f, "https://example.org/2019-01-01/new-year");
    assert_string_equal(pith_datefind_pick(&f), "2019-01-01");
    pith_datefind_init(&f, NULL);
    pith_datefind_url(&f, "https://example.org/a/20191119/b");
    assert_string_equal(pith_datefind_pick(&f), "2019-11-19");
    /* A UTC timestamp a day off the URL's day is the same moment seen from
     * another zone: the site's day wins. */
    pith_datefind_init(&f, NULL);
    add(&f, PITH_DATESRC_PUBLISHED, "2023-11-09T05:30:59+00:00");
    pith_datefind_url(&f, "https://www.example.com/2023/11/08/mayor-elected/");
    assert_string_equal(pith_datefind_pick(&f), "2023-11-08");
    /* The same day keeps its time. */
    pith_datefind_init(&f, NULL);
    add(&f, PITH_DATESRC_PUBLISHED, "2023-11-08T20:30:59-06:00");
    pith_datefind_url(&f, "https://www.example.com/2023/11/08/mayor-elected/");
    assert_string_equal(pith_datefind_pick(&f), "2023-11-08T20:30:59-06:00");
    /* A year-month folder rules out a shown date from another month. */
    pith_datefind_init(&f, NULL);
    add(&f, PITH_DATESRC_SHOWN, "2019-10-04");
    pith_datefind_url(&f, "https://example.org/2020/01/ravenous-goats");
    assert_null(pith_datefind_pick(&f));
    /* Numbers that are no dates. */
    pith_datefind_init(&f, NULL);
    pith_datefind_url(&f, "https://example.org/item/12345678/2019abc");
    pith_datefind_url(&f, "https://example.org/1700384");
    assert_null(pith_datefind_pick(&f));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rank),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_url),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
