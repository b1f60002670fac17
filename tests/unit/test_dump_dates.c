/* Unit tests for where a dump's date is read (dump_meta.c) and the
 * bylines that go with a date line (dump_byline.c) through pith_extract:
 * small hand-written dumps with the date line in one of the places
 * flattened pages print it, and lines that hold a date that is not the
 * page's (a range, a related post under the article). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pith/pith.h"

static const char *P1 =
    "The harbour board agreed on Monday to rebuild the old ferry pier, which has been closed "
    "since a storm damaged its pillars two winters ago, and to open it again next summer.";
static const char *P2 =
    "The work will cost about twelve million euros, shared between the city and the regional "
    "transport fund, and will be done by a firm chosen after a public tender this spring.";
static const char *P3 =
    "Fishermen who use the pier welcomed the plan but asked the board to keep a part of it "
    "open for their boats while the builders are at work on the rest of the structure.";

static const char *URL = "https://example.org/local/harbour-board-rebuilds-ferry-pier";

/* A dump of the lines given, the article and a related post with its date
 * under it; cleaned with URL as its address. */
static pith_doc_t *clean_lines(const char *const *lines)
{
    pith_buf_t b = {0};
    const char *tail[] = {
        P1, P2, P3, "Related stories", "Lighthouse gets new lamp", "March 2, 2019", NULL};
    for (size_t i = 0; lines[i]; i++) {
        assert_int_equal(pith_buf_puts(&b, lines[i]), 0);
        assert_int_equal(pith_buf_putc(&b, '\n'), 0);
    }
    for (size_t i = 0; tail[i]; i++) {
        assert_int_equal(pith_buf_puts(&b, tail[i]), 0);
        assert_int_equal(pith_buf_putc(&b, '\n'), 0);
    }
    pith_hints_t h = {0};
    h.type = PITH_TYPE_TEXT;
    h.url = URL;
    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    int rc = pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err);
    pith_buf_free(&b);
    assert_int_equal(rc, 0);
    return doc;
}

static void expect_date(const char *const *lines, const char *date)
{
    pith_doc_t *doc = clean_lines(lines);
    if (date) {
        if (!doc->date)
            fail_msg("no date, expected %s", date);
        assert_string_equal(doc->date, date);
    } else if (doc->date) {
        fail_msg("date '%s', expected none", doc->date);
    }
    pith_doc_destroy(doc);
}

/* The date line six lines under the headline, after a standfirst and a
 * byline of two authors written as initials and name on lines of their
 * own. */
static void test_date_under_long_byline(void **state)
{
    (void)state;
    const char *a[] = {"Home",
                       "Local",
                       "Harbour board rebuilds the ferry pier",
                       "The pier has been closed since the storm of two winters ago.",
                       "AB",
                       "Anna Berg",
                       "CD",
                       "Carl Dorn",
                       "posted on 04/05/2021 05:49 / updated on 04/05/2021 05:50",
                       NULL};
    expect_date(a, "2021-05-04T05:49:00");
}

/* A range is no day of the page's: no date rather than its last day. */
static void test_date_range_not_taken(void **state)
{
    (void)state;
    const char *a[] = {"Home", "Local", "Harbour board rebuilds the ferry pier",
                       "Weekly report 14. - 20. January 2021", NULL};
    expect_date(a, NULL);
}

/* Without a headline found, the date printed with the byline just above
 * the article's first paragraph is the page's. */
static void test_date_above_article(void **state)
{
    (void)state;
    const char *a[] = {"Home",
                       "Local",
                       "\xc2\xab older post",
                       "newer post \xc2\xbb",
                       "22 January 2021 @ 18:13 // Author: c1ph4 // reading time: 1 minute",
                       NULL};
    expect_date(a, "2021-01-22");
    const char *b[] = {"Home", "Local", "Search",
                       "Harbour news 22 January 2021 tides, ferries 0 Comment", NULL};
    expect_date(b, "2021-01-22");
}

/* The dump of the lines given around the article (before, after);
 * cleaned with URL as its address. */
static pith_doc_t *clean_around(const char *const *before, const char *const *after)
{
    pith_buf_t b = {0};
    const char *body[] = {P1, P2, P3, NULL};
    const char *const *parts[] = {before, body, after};
    for (size_t p = 0; p < 3; p++)
        for (size_t i = 0; parts[p][i]; i++) {
            assert_int_equal(pith_buf_puts(&b, parts[p][i]), 0);
            assert_int_equal(pith_buf_putc(&b, '\n'), 0);
        }
    pith_hints_t h = {0};
    h.type = PITH_TYPE_TEXT;
    h.url = URL;
    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    int rc = pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err);
    pith_buf_free(&b);
    assert_int_equal(rc, 0);
    return doc;
}

/* A footer of metadata under the article gives its date when nothing
 * above did; a comment's date or a list of dated teasers does not. */
static void test_date_under_article(void **state)
{
    (void)state;
    const char *before[] = {"Home", "Local", "Harbour board rebuilds the ferry pier", NULL};
    static const struct {
        const char *after[8];
        const char *date;
    } cases[] = {
        {{"Share", "Print", "Published: 07.02.2021", "More from the coast",
          "Lighthouse gets a new lamp", NULL},
         "2021-02-07"},
        {{"Topics", "Harbour", "by Ulla", "18.10.2021 16:06", "More from the coast", NULL},
         "2021-10-18"},
        {{"Comments", "Join the discussion", "Marta", "02.12.2021, 15:57:32", "+3", NULL}, NULL},
        {{"Other news", "Oil price falls below 100 dollars", "22 Apr, 2021",
          "No rise in fuel prices this month", "22 Apr, 2021", NULL},
         NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        pith_doc_t *doc = clean_around(before, cases[k].after);
        if (cases[k].date) {
            if (!doc->date)
                fail_msg("no date from '%s'", cases[k].after[2]);
            assert_memory_equal(doc->date, cases[k].date, 10);
        } else if (doc->date) {
            fail_msg("date '%s' under '%s'", doc->date, cases[k].after[0]);
        }
        pith_doc_destroy(doc);
    }
}

/* The byline of a page without a headline found: a label, the name and a
 * date line well above the article. */
static void test_byline_label_above(void **state)
{
    (void)state;
    const char *before[] = {
        "Home",  "Subscriptions", "By",      "Anna Berg", "6 October 2020 21:22",
        "Local", "Sport",         "Weather", "Contact",   NULL};
    const char *after[] = {"Related stories", "Lighthouse gets a new lamp", NULL};
    pith_doc_t *doc = clean_around(before, after);
    if (!doc->author)
        fail_msg("no author from a label, a name and a date");
    assert_string_equal(doc->author, "Anna Berg");
    pith_doc_destroy(doc);
}

/* A name under the headline with a date relative to now under it; "vor
 * Ort" (on site) dates nothing. */
static void test_byline_relative_date(void **state)
{
    (void)state;
    static const struct {
        const char *line, *author;
    } cases[] = {
        {"Erstellt: vor 4 Stunden", "Anna Berg"},
        {"2 hours ago", "Anna Berg"},
        {"vor Ort", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const char *before[] = {"Home",      "Local",       "Harbour board rebuilds the ferry pier",
                                "Anna Berg", cases[k].line, NULL};
        const char *after[] = {"Related stories", "Lighthouse gets a new lamp", NULL};
        pith_doc_t *doc = clean_around(before, after);
        if (cases[k].author) {
            if (!doc->author)
                fail_msg("no author over '%s'", cases[k].line);
            assert_string_equal(doc->author, cases[k].author);
        } else if (doc->author) {
            fail_msg("author '%s' over '%s'", doc->author, cases[k].line);
        }
        pith_doc_destroy(doc);
    }
}

/* The dateline that opens the article's first paragraph gives the date
 * when no line near the headline did; a date inside a sentence does not. */
static void test_date_dateline(void **state)
{
    (void)state;
    static const struct {
        const char *lead, *date;
    } cases[] = {
        {"HARBOURTON, 14.03.2021 \xe2\x80\x93 The board met again on Monday evening to settle "
         "the last open questions of the plan.",
         "2021-03-14"},
        {"14 March 2021. The board met again on Monday evening to settle the last open "
         "questions of the plan.",
         "2021-03-14"},
        {"The board first talked about the pier on 14.03.2021 \xe2\x80\x93 and met again on "
         "Monday evening to settle the plan.",
         NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const char *before[] = {"Home", "Local", "Harbour board rebuilds the ferry pier",
                                cases[k].lead, NULL};
        const char *after[] = {"Related stories", "Lighthouse gets a new lamp", NULL};
        pith_doc_t *doc = clean_around(before, after);
        if (cases[k].date) {
            if (!doc->date)
                fail_msg("no date from '%s'", cases[k].lead);
            assert_memory_equal(doc->date, cases[k].date, 10);
        } else if (doc->date) {
            fail_msg("date '%s' from '%s'", doc->date, cases[k].lead);
        }
        pith_doc_destroy(doc);
    }
}

/* An author's card under the article, "Über Anna Berg" and the count of
 * her articles, names the author; "Über uns" (about us) does not. */
static void test_byline_counted_card(void **state)
{
    (void)state;
    const char *before[] = {"Home", "Local", "Harbour board rebuilds the ferry pier", NULL};
    const char *a[] = {"Share",
                       "\xc3\x9c"
                       "ber Anna Berg",
                       "57 Artikel", "Seit 2010 als Journalistin an der K\xc3\xbcste unterwegs.",
                       NULL};
    pith_doc_t *doc = clean_around(before, a);
    if (!doc->author)
        fail_msg("no author from an author's card");
    assert_string_equal(doc->author, "Anna Berg");
    pith_doc_destroy(doc);
    const char *b[] = {"Share",
                       "\xc3\x9c"
                       "ber uns",
                       "57 Artikel", NULL};
    doc = clean_around(before, b);
    if (doc->author)
        fail_msg("author '%s' from 'Über uns'", doc->author);
    pith_doc_destroy(doc);
}

/* A headline far above the article (share buttons, a picture's credit
 * between them): the byline's date just above the first paragraph is the
 * page's. */
static void test_date_above_far_article(void **state)
{
    (void)state;
    const char *before[] = {"Home",
                            "Local",
                            "Harbour board rebuilds the ferry pier",
                            "This is an article of the topic:",
                            "Harbours",
                            "Share",
                            "Mail",
                            "Pin",
                            "\xc2\xa9",
                            "city archive/harbour",
                            "Anna Berg,",
                            "on Sunday, 11.12.2022 - 05:00",
                            NULL};
    const char *after[] = {"Related stories", "Lighthouse gets a new lamp", NULL};
    pith_doc_t *doc = clean_around(before, after);
    if (!doc->date)
        fail_msg("no date above the article");
    assert_memory_equal(doc->date, "2022-12-11", 10);
    pith_doc_destroy(doc);
}

/* A bare name with a particle ("De", "Van") under the headline, its date
 * under it, is the byline: in a Spanish page, "De" is a stop word too. */
static void test_byline_name_particle(void **state)
{
    (void)state;
    const char *lines[] = {
        "Inicio",
        "Sociedad",
        "La junta del puerto reconstruye el muelle de los transbordadores",
        "Ver\xc3\xb3nica De Vita",
        "4 de mayo de 2021 10:00",
        "La junta del puerto acord\xc3\xb3 el lunes reconstruir el viejo muelle, que est\xc3\xa1 "
        "cerrado desde que una tormenta da\xc3\xb1\xc3\xb3 sus pilares hace dos inviernos, y "
        "abrirlo de nuevo el pr\xc3\xb3ximo verano.",
        "Las obras costar\xc3\xa1n unos doce millones de euros, que pagar\xc3\xa1n la ciudad y "
        "el fondo regional de transporte, y las har\xc3\xa1 una empresa elegida por concurso "
        "p\xc3\xba"
        "blico esta primavera.",
        "Los pescadores que usan el muelle celebraron el plan, pero pidieron a la junta que deje "
        "abierta una parte para sus barcos mientras se trabaja en el resto de la obra.",
        "Noticias relacionadas",
        NULL};
    pith_buf_t b = {0};
    for (size_t i = 0; lines[i]; i++) {
        assert_int_equal(pith_buf_puts(&b, lines[i]), 0);
        assert_int_equal(pith_buf_putc(&b, '\n'), 0);
    }
    pith_hints_t h = {0};
    h.type = PITH_TYPE_TEXT;
    h.url = "https://example.org/sociedad/la-junta-del-puerto-reconstruye-el-muelle";
    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
    pith_buf_free(&b);
    if (!doc->author)
        fail_msg("no author from a name with a particle");
    assert_string_equal(doc->author, "Ver\xc3\xb3nica De Vita");
    pith_doc_destroy(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_under_long_byline), cmocka_unit_test(test_date_range_not_taken),
        cmocka_unit_test(test_date_above_article),     cmocka_unit_test(test_date_under_article),
        cmocka_unit_test(test_byline_label_above),     cmocka_unit_test(test_byline_relative_date),
        cmocka_unit_test(test_date_dateline),          cmocka_unit_test(test_byline_counted_card),
        cmocka_unit_test(test_date_above_far_article), cmocka_unit_test(test_byline_name_particle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
