/* Unit tests for dates.c: the forms pith_date_parse accepts, what it refuses,
 * and pith_date_find on free text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "date_names.h"
#include "dates.h"
#include "pith/error.h"

#define PARSES(in, want)                                                                           \
    do {                                                                                           \
        char out_[PITH_DATE_MAX];                                                                  \
        assert_int_equal(pith_date_parse(in, strlen(in), out_), 0);                                \
        assert_string_equal(out_, want);                                                           \
    } while (0)

#define REFUSES(in)                                                                                \
    do {                                                                                           \
        char out_[PITH_DATE_MAX];                                                                  \
        assert_int_equal(pith_date_parse(in, strlen(in), out_), PITH_EINPUT);                      \
        assert_string_equal(out_, "");                                                             \
    } while (0)

static void test_iso(void **state)
{
    PARSES("2021-12-31", "2021-12-31");
    PARSES("2021-12-31T07:52+0000", "2021-12-31T07:52:00+00:00");
    PARSES("2021-12-31T07:52:00Z", "2021-12-31T07:52:00+00:00");
    PARSES("2019-11-19 14:03:00", "2019-11-19T14:03:00");
    PARSES("2021-12-31T07:52:00.123+03:00", "2021-12-31T07:52:00+03:00");
    PARSES("2021-06-01T23:59:59-0430", "2021-06-01T23:59:59-04:30");
    PARSES("  2020-02-29  ", "2020-02-29");
}

static void test_rfc2822_and_prose(void **state)
{
    PARSES("Tue, 19 Nov 2019 14:03:00 GMT", "2019-11-19T14:03:00+00:00");
    PARSES("Tue, 19 Nov 2019 14:03:00 +0300", "2019-11-19T14:03:00+03:00");
    PARSES("November 19, 2019", "2019-11-19");
    PARSES("19 November 2019", "2019-11-19");
    PARSES("Nov. 19, 2019", "2019-11-19");
    PARSES("Wednesday, January 19, 2022", "2022-01-19");
    PARSES("Jan 5th, 2020 at 3:04 pm EST", "2020-01-05T15:04:00-05:00");
    PARSES("November 18, 2019 11:03 PM", "2019-11-18T23:03:00");
    PARSES("19 ноября 2019 г.", "2019-11-19");
    PARSES("1 березня 2022", "2022-03-01");
    PARSES("19 de noviembre de 2019", "2019-11-19");
    PARSES("19. März 2021", "2021-03-19");
}

static void test_numeric(void **state)
{
    PARSES("2019/11/19", "2019-11-19");
    PARSES("19.11.2019", "2019-11-19");
    PARSES("19.11.2019 14:03", "2019-11-19T14:03:00");
    PARSES("11/19/2019", "2019-11-19"); /* only the US order is possible */
    /* Two-digit years: two-digit day and month with dots only. */
    PARSES("30.10.23", "2023-10-30");
}

/* Forms of other scripts and typesetting: Chinese, Japanese and Korean year-
 * month-day marks, Arabic and Bulgarian month names (an Arabic weekday with
 * its comma, evening mark), German spaced dots, Italian two-digit years after
 * a month name where nothing follows. */
static void test_more_forms(void **state)
{
    PARSES("2020年07月03日", "2020-07-03");
    PARSES("2020年7月3日 17:16", "2020-07-03T17:16:00");
    PARSES("2020년 7월 3일", "2020-07-03");
    PARSES("\u0627\u0644\u0623\u0631\u0628\u0639\u0627\u0621\u060c 07 "
           "\u0623\u0643\u062a\u0648\u0628\u0631 2020 - 12:09 \u0645",
           "2020-10-07T12:09:00");
    PARSES("19 ноември 2020", "2020-11-19");
    PARSES("4.\u20092.\u20092022.", "2022-02-04");
    PARSES("4. 2. 2022", "2022-02-04");
    PARSES("14 Gennaio 20", "2020-01-14");
    /* German and French month abbreviations. */
    PARSES("01. Dez. 2017", "2017-12-01");
    PARSES("3. Okt. 2021", "2021-10-03");
    PARSES("12 janv. 2020", "2020-01-12");
    REFUSES("2020年7月");
    REFUSES("14 January 20 people");
    char out[PITH_DATE_MAX];
    const char *s = "( Pescasseroli, 14 Gennaio 20 )";
    assert_int_equal(pith_date_find(s, strlen(s), out, NULL, NULL), 0);
    assert_string_equal(out, "2020-01-14");
    s = "Von Deutscher Tennis Bund 4.\u20092.\u20092022.";
    assert_int_equal(pith_date_find(s, strlen(s), out, NULL, NULL), 0);
    assert_string_equal(out, "2022-02-04");
    s = "On 14 January 20 people came.";
    assert_int_equal(pith_date_find(s, strlen(s), out, NULL, NULL), PITH_EINPUT);
}

static void test_refused(void **state)
{
    REFUSES("");
    REFUSES("foo");
    REFUSES("2019-02-29"); /* not a leap year */
    REFUSES("2021-13-01");
    REFUSES("2021-04-31");
    REFUSES("31.02.2020");
    REFUSES("12:00");
    REFUSES("2021-12-31T25:00");
    REFUSES("November 19, 2019 and more words");
    REFUSES("20191119");
    REFUSES("1.10.23"); /* a version number */
    REFUSES("30/10/23");
    REFUSES("30.10.23.4");
}

static void test_find(void **state)
{
    char out[PITH_DATE_MAX];
    size_t at = 0, len = 0;
    const char *s = "Published 19 Nov 2019, 14:03 GMT | Updated";
    assert_int_equal(pith_date_find(s, strlen(s), out, &at, &len), 0);
    assert_string_equal(out, "2019-11-19T14:03:00+00:00");
    assert_int_equal(at, 10);
    assert_int_equal(len, strlen("19 Nov 2019, 14:03 GMT"));
    s = "Reuters November 18, 2019 11:03 PM";
    assert_int_equal(pith_date_find(s, strlen(s), out, NULL, NULL), 0);
    assert_string_equal(out, "2019-11-18T23:03:00");
    /* A no-break space or a bullet ends a word; a letter does not. */
    s = "Handball Schweiz\u00a0\u00a0\u2022\u00a0\u00a002.02.2022";
    assert_int_equal(pith_date_find(s, strlen(s), out, NULL, NULL), 0);
    assert_string_equal(out, "2022-02-02");
    s = "Von: Björn Jahner | 31.10.23";
    assert_int_equal(pith_date_find(s, strlen(s), out, NULL, NULL), 0);
    assert_string_equal(out, "2023-10-31");
    s = "Größe\u00e902.02.2022";
    assert_int_equal(pith_date_find(s, strlen(s), out, NULL, NULL), PITH_EINPUT);
    s = "No date in 2019 here, only 12 numbers.";
    assert_int_equal(pith_date_find(s, strlen(s), out, NULL, NULL), PITH_EINPUT);
}

/* A post's published and updated dates flattened without a blank between
 * them: the first is found, and so is a date glued to its time; a year
 * glued to digits that start no date or time is none. */
static void test_find_glued(void **state)
{
    (void)state;
    char out[PITH_DATE_MAX];
    size_t at = 0, len = 0;
    const char *s = "Ver\xc3\xb6"
                    "ffentlicht am 19. Dezember 202219. Dezember 2022 von Redaktion";
    assert_int_equal(pith_date_find(s, strlen(s), out, &at, &len), 0);
    assert_string_equal(out, "2022-12-19");
    assert_int_equal(len, strlen("19. Dezember 2022"));
    s = "15/01/201614/01/2016";
    assert_int_equal(pith_date_find(s, strlen(s), out, NULL, NULL), 0);
    assert_string_equal(out, "2016-01-15");
    s = "Published on August 19, 2019August 20, 2019 \xe2\x80\xa2 319 Likes";
    assert_int_equal(pith_date_find(s, strlen(s), out, NULL, NULL), 0);
    assert_string_equal(out, "2019-08-19");
    s = "19. Dezember 201912345 Besucher";
    assert_int_equal(pith_date_find(s, strlen(s), out, NULL, NULL), PITH_EINPUT);
    s = "March 3, 2019Berlin";
    assert_int_equal(pith_date_find(s, strlen(s), out, NULL, NULL), PITH_EINPUT);
    /* A year glued to its time; not to a longer run of digits. */
    s = "mi\xc3\xa9rcoles, 4 de mayo de 202200:00 hs";
    assert_int_equal(pith_date_find(s, strlen(s), out, NULL, NULL), 0);
    assert_string_equal(out, "2022-05-04T00:00:00");
    s = "4 May 2022123:30";
    assert_int_equal(pith_date_find(s, strlen(s), out, NULL, NULL), PITH_EINPUT);
}

/* The name tables answer by the whole word, whatever shares its first bytes. */
static void test_names(void **state)
{
    (void)state;
    assert_int_equal(pith_date_month_named("mar"), 3);
    assert_int_equal(pith_date_month_named("mars"), 3);
    assert_int_equal(pith_date_month_named("mai"), 5);
    assert_int_equal(pith_date_month_named("märz"), 3);
    assert_int_equal(pith_date_month_named("ноября"), 11);
    assert_int_equal(pith_date_month_named("ma"), 0);
    assert_int_equal(pith_date_month_named("marz"), 0);
    assert_int_equal(pith_date_month_named(""), 0);
    assert_true(pith_date_weekday_named("mittwoch"));
    assert_true(pith_date_weekday_named("mi"));
    assert_true(pith_date_weekday_named("среда"));
    assert_false(pith_date_weekday_named("m"));
    assert_false(pith_date_weekday_named("mitt"));
    assert_false(pith_date_weekday_named(""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iso),        cmocka_unit_test(test_rfc2822_and_prose),
        cmocka_unit_test(test_numeric),    cmocka_unit_test(test_refused),
        cmocka_unit_test(test_find),       cmocka_unit_test(test_more_forms),
        cmocka_unit_test(test_find_glued), cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
