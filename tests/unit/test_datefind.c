/* Unit tests for datefind.c: ranking of date sources, validation, and the
 * URL's say on the day; then small hand-made pages through the whole HTML
 * path, one per source or rule of the date finder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pith/buf.h"
#include "datefind.h"
#include "pith/pith.h"
#include "test_article.h"

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
    /* The first candidate of a source stays, but of declared publication
     * dates the earliest day: the others are an update's. */
    add(&f, PITH_DATESRC_PUBLISHED, "2019-12-01");
    assert_string_equal(pith_datefind_pick(&f), "2019-11-19T14:03:00+00:00");
    add(&f, PITH_DATESRC_PUBLISHED, "2019-11-19T09:00:00+00:00");
    assert_string_equal(pith_datefind_pick(&f), "2019-11-19T14:03:00+00:00");
    add(&f, PITH_DATESRC_PUBLISHED, "2019-11-09T22:25:10Z");
    assert_string_equal(pith_datefind_pick(&f), "2019-11-09T22:25:10+00:00");
    add(&f, PITH_DATESRC_NAMED, "2019-11-20");
    add(&f, PITH_DATESRC_NAMED, "2019-11-02");
    assert_string_equal(pith_datefind_pick(&f), "2019-11-20");
    pith_datefind_init(&f, NULL);
    add(&f, PITH_DATESRC_PUBLISHED, "2019-11-19T14:03:00+00:00");
    /* The day shown under the headline beats a declared UTC timestamp. */
    add(&f, PITH_DATESRC_SHOWN, "2019-11-18");
    assert_string_equal(pith_datefind_pick(&f), "2019-11-18");
    add(&f, PITH_DATESRC_TIME, "2019-11-18T21:03:00-05:00");
    assert_string_equal(pith_datefind_pick(&f), "2019-11-18T21:03:00-05:00");
}

/* A page shows its own day or a later one: a shown date more than a week
 * before the declared publication is another text's (a related item, a
 * cited ruling); a later one (an update) or a day off still wins. */
static void test_shown_before_declared(void **state)
{
    (void)state;
    pith_datefind_t f;
    pith_datefind_init(&f, NULL);
    add(&f, PITH_DATESRC_SHOWN, "2020-01-24");
    add(&f, PITH_DATESRC_PUBLISHED, "2020-02-04T13:15:08+00:00");
    assert_string_equal(pith_datefind_pick(&f), "2020-02-04T13:15:08+00:00");
    pith_datefind_init(&f, NULL);
    add(&f, PITH_DATESRC_TIME, "2016-03-06");
    add(&f, PITH_DATESRC_NAMED, "2022-01-26T12:00:00Z");
    add(&f, PITH_DATESRC_PUBLISHED, "2022-01-26T12:00:00Z");
    assert_string_equal(pith_datefind_pick(&f), "2022-01-26T12:00:00+00:00");
    pith_datefind_init(&f, NULL);
    add(&f, PITH_DATESRC_SHOWN, "2020-06-04");
    add(&f, PITH_DATESRC_PUBLISHED, "2019-06-17");
    assert_string_equal(pith_datefind_pick(&f), "2020-06-04");
    pith_datefind_init(&f, NULL);
    add(&f, PITH_DATESRC_SHOWN, "2021-03-16");
    add(&f, PITH_DATESRC_PUBLISHED, "2021-03-20");
    assert_string_equal(pith_datefind_pick(&f), "2021-03-16");
}

static void test_validation(void **state)
{
    (void)state;
    pith_datefind_t f;
    pith_datefind_init(&f, "2020-05-01T10:00:00+00:00");
    add(&f, PITH_DATESRC_PUBLISHED, "1994-12-31"); /* before the web's news */
    add(&f, PITH_DATESRC_NAMED, "2020-05-02");     /* after the fetch */
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
    /* A year-month folder rules out a shown date from another month... */
    pith_datefind_init(&f, NULL);
    add(&f, PITH_DATESRC_SHOWN, "2019-10-04");
    pith_datefind_url(&f, "https://example.org/2020/01/ravenous-goats");
    assert_null(pith_datefind_pick(&f));
    /* ...and the next source speaks instead. */
    add(&f, PITH_DATESRC_PUBLISHED, "2020-01-12T10:00:00+00:00");
    assert_string_equal(pith_datefind_pick(&f), "2020-01-12T10:00:00+00:00");
    /* Folders without leading zeros, and a European date as a folder. */
    pith_datefind_init(&f, NULL);
    pith_datefind_url(&f, "https://www.example.de/home/2017/7/12/unter-uns");
    assert_string_equal(pith_datefind_pick(&f), "2017-07-12");
    pith_datefind_init(&f, NULL);
    pith_datefind_url(&f, "https://example.de/media-news/meldungen/29-10-2021");
    assert_string_equal(pith_datefind_pick(&f), "2021-10-29");
    pith_datefind_init(&f, NULL);
    pith_datefind_url(&f, "https://example.de/news/2021-7-12-x");
    pith_datefind_url(&f, "https://example.de/29-10-20211");
    assert_null(pith_datefind_pick(&f));
    pith_datefind_init(&f, NULL);
    pith_datefind_url(&f, "https://blog.example.de/2023/10/3-fragen-an-tina/");
    add(&f, PITH_DATESRC_PUBLISHED, "2023-10-31");
    assert_string_equal(pith_datefind_pick(&f), "2023-10-31");
    /* Numbers that are no dates. */
    pith_datefind_init(&f, NULL);
    pith_datefind_url(&f, "https://example.org/item/12345678/2019abc");
    pith_datefind_url(&f, "https://example.org/1700384");
    assert_null(pith_datefind_pick(&f));
}

/* ---- pages ---------------------------------------------------------------- */

/* The date of a page: head, then open (markup before the headline, which
 * may leave boxes open), the headline, after (right below it), the
 * article's paragraphs, tail (after them). NULL when none; the caller frees. */
static char *page_date(const char *head, const char *open, const char *after, const char *tail,
                       const char *url)
{
    pith_buf_t b = {0};
    pith_buf_printf(&b,
                    "<!DOCTYPE html><html lang=en><head><title>Council approves budget"
                    "</title>%s</head><body>%s<h1>Council approves budget</h1>%s"
                    "<div class=body>",
                    head, open, after);
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
    pith_buf_printf(&b, "</div>%s</body></html>", tail);
    pith_hints_t h = {0};
    h.type = PITH_TYPE_HTML;
    h.url = url;
    pith_doc_t *doc = NULL;
    pith_err_t err;
    assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
    pith_buf_free(&b);
    char *d = doc->date ? strdup(doc->date) : NULL;
    pith_doc_destroy(doc);
    return d;
}

static void assert_date(char *got, const char *want)
{
    if (want) {
        assert_non_null(got);
        assert_string_equal(got, want);
    } else {
        assert_null(got);
    }
    free(got);
}

/* A box whose class reads as chrome but holds the headline is the
 * article's: themes name the article column "sidebar", broken pages leave a
 * navigation box open around everything. Its far related list still is
 * not the article's. */
static void test_page_chrome_box_with_headline(void **state)
{
    (void)state;
    assert_date(page_date("", "<div id=sidebar class=content-area><header>",
                          "<span class=byline><time datetime=2020-04-09T07:59:57+02:00>Do 9 Apr "
                          "2020</time></span></header>",
                          "</div>", NULL),
                "2020-04-09T07:59:57+02:00");
    assert_date(page_date("",
                          "<div id=navigation-container><ul><li><a href=/>Home</a></li></ul>"
                          "<article><time datetime=2022-02-01>01.02.2022</time> | Meeting",
                          "<p class=author>Sandra Arm</p>", "</article>", NULL),
                "2022-02-01");
    char tail[4096];
    size_t n = (size_t)snprintf(tail, sizeof tail, "<div class=filler>");
    for (int i = 0; i < 12; i++)
        n += (size_t)snprintf(tail + n, sizeof tail - n, "<p>%s</p>", PARAS[i % 4]);
    snprintf(tail + n, sizeof tail - n,
             "</div><div class=related-posts><span class=date>"
             "18. Januar 2019</span></div></div>");
    assert_date(page_date("", "<div id=navigation-container>", "", tail, NULL), NULL);
}

/* JSON-LD graphs (Yoast and kin) put datePublished on the WebPage node,
 * with no article node that has a headline; a comment's date is not it. */
static void test_page_json_ld_graph(void **state)
{
    (void)state;
    assert_date(page_date("<script type=application/ld+json>{\"@context\":\"https://schema.org\","
                          "\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"Site\"},"
                          "{\"@type\":\"WebPage\",\"name\":\"Council\",\"datePublished\":"
                          "\"2014-03-17T01:44:37+00:00\",\"dateModified\":"
                          "\"2018-09-16T06:34:07+00:00\"}]}</script>",
                          "", "", "", NULL),
                "2014-03-17T01:44:37+00:00");
    assert_date(page_date("<script type=application/ld+json>{\"@type\":\"WebPage\","
                          "\"comment\":[{\"@type\":\"Comment\",\"datePublished\":"
                          "\"2015-01-01\"}]}</script>",
                          "", "", "", NULL),
                NULL);
}

/* Date classes in camelCase; Drupal's "node-promoted" is no promotion box. */
static void test_page_date_classes(void **state)
{
    (void)state;
    assert_date(page_date("", "", "",
                          "<article class=\"node node-promoted\"><p class=submitted>am <time "
                          "datetime=2019-07-07T18:44:31+0200>7. Juli 2019</time></p></article>",
                          NULL),
                "2019-07-07T18:44:31+02:00");
    char tail[4096];
    size_t n = (size_t)snprintf(tail, sizeof tail, "<div class=more>");
    for (int i = 0; i < 12; i++)
        n += (size_t)snprintf(tail + n, sizeof tail - n, "<p>%s</p>", PARAS[i % 4]);
    snprintf(tail + n, sizeof tail - n, "</div><div class=liveArticleDateBlock>19.11.2021</div>");
    assert_date(page_date("", "", "", tail, NULL), "2021-11-19");
}

/* Layout classes ("with-navigation" on Drupal's main column) do not make
 * the box that holds the headline chrome, and a far date block at the
 * article's end still speaks; a "publication" box is a date line; the
 * footer of the headline's own <article> is the article's even far below. */
static void test_page_layout_classes(void **state)
{
    (void)state;
    char tail[4096];
    size_t n = (size_t)snprintf(tail, sizeof tail, "<div class=more>");
    for (int i = 0; i < 12; i++)
        n += (size_t)snprintf(tail + n, sizeof tail - n, "<p>%s</p>", PARAS[i % 4]);
    snprintf(tail + n, sizeof tail - n,
             "</div><div class=liveArticleAuthorDateBlock>Datum: 19.11.2021</div></div>");
    assert_date(page_date("", "<div id=main class=\"clearfix with-navigation\">", "", tail, NULL),
                "2021-11-19");
    snprintf(tail + n, sizeof tail - n, "</div><div class=publication> jeudi 13 juin 2019</div>");
    assert_date(page_date("", "", "", tail, NULL), "2019-06-13");
    snprintf(tail + n, sizeof tail - n,
             "</div><footer class=entry-meta><time datetime=2020-02-04T14:15:08+01:00>"
             "04/02/2020</time></footer></article>");
    assert_date(
        page_date("<meta property=article:published_time content=2020-02-04T13:15:08+00:00>",
                  "<article class=\"post status-publish\">", "", tail, NULL),
        "2020-02-04T14:15:08+01:00");
}

/* A kicker right above the headline holds the date; a weekday line there is
 * the header's today. */
static void test_page_line_above(void **state)
{
    (void)state;
    assert_date(page_date("",
                          "<div class=intro><p class=subline>21. Jan 2022 // Dominik Ricker</p>",
                          "", "</div>", NULL),
                "2022-01-21");
    assert_date(
        page_date("", "<div class=intro><p>Wednesday, January 19, 2022</p>", "", "</div>", NULL),
        NULL);
}

/* A dateline opens the first paragraph; a date inside its first sentence
 * is an event's. */
static void test_page_dateline(void **state)
{
    (void)state;
    assert_date(page_date("", "",
                          "<p><strong>Karlsruhe, (12.11.2021). Traditionell gedenken "
                          "evangelische Christinnen und Christen am Ewigkeitssonntag der "
                          "Verstorbenen des zu Ende gehenden Kirchenjahres.</strong></p>",
                          "", NULL),
                "2021-11-12");
    assert_date(page_date("", "",
                          "<p>Seit dem 1. Januar 2022 ist das Kükentöten in Deutschland "
                          "verboten. Doch das heißt noch lange nicht, dass die männlichen "
                          "Küken nun alle aufgezogen werden.</p>",
                          "", NULL),
                NULL);
}

/* The footer of the article's own box says who wrote it and when; a page
 * footer does not. A byline may carry the day. */
static void test_page_article_footer_and_byline(void **state)
{
    (void)state;
    assert_date(page_date("", "", "<article class=node>",
                          "<footer class=node__meta><span "
                          "class=post-created>28.01.22</span> / 0 Kommentare</footer></article>"
                          "<footer><span class=date>01.02.2022</span></footer>",
                          NULL),
                "2022-01-28");
    assert_date(page_date("", "", "", "<footer><span class=date>01.02.2022</span></footer>", NULL),
                NULL);
    char tail[4096];
    size_t n = (size_t)snprintf(tail, sizeof tail, "<div class=more>");
    for (int i = 0; i < 12; i++)
        n += (size_t)snprintf(tail + n, sizeof tail - n, "<p>%s</p>", PARAS[i % 4]);
    snprintf(tail + n, sizeof tail - n,
             "</div><div class=\"left author\">Author: <a href=/p>"
             "Bo2man</a> am 29.12.2010, 13:36 Uhr</div>");
    assert_date(page_date("", "", "", tail, NULL), "2010-12-29T13:36:00");
}

/* Far below the headline, a date element the page does not mark as a list
 * yields to a declared date; alone, it still speaks. */
static void test_page_far_below(void **state)
{
    (void)state;
    char tail[16384];
    size_t n = (size_t)snprintf(tail, sizeof tail, "<div class=more>");
    for (int i = 0; i < 64; i++)
        n += (size_t)snprintf(tail + n, sizeof tail - n, "<p>%s</p>", PARAS[i % 4]);
    snprintf(tail + n, sizeof tail - n,
             "</div><div class=box><span class=datum>29.02.2020 18:00 "
             "Uhr</span></div>");
    assert_date(page_date("<meta name=date content=2020-02-11>", "", "", tail, NULL), "2020-02-11");
    assert_date(page_date("", "", "", tail, NULL), "2020-02-29T18:00:00");
}

/* A headline that carries its date line inside, after its text; a date in
 * the headline's own text is not the publication's. */
static void test_page_date_in_headline(void **state)
{
    (void)state;
    pith_buf_t b = {0};
    pith_buf_puts(&b, "<html><head><title>Fans return</title></head><body><div class=article><h1>"
                      "Fans return<br><small><span class=icon></span> 02.02.2022 &bull; <span>"
                      "Handball</span></small></h1>");
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
    pith_buf_puts(&b, "</div></body></html>");
    pith_hints_t h = {0};
    h.type = PITH_TYPE_HTML;
    pith_doc_t *doc = NULL;
    pith_err_t err;
    assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
    assert_non_null(doc->date);
    assert_string_equal(doc->date, "2022-02-02");
    pith_doc_destroy(doc);
    pith_buf_reset(&b);
    pith_buf_puts(&b, "<html><head><title>Review of 3 March 2020</title></head><body><div><h1>"
                      "<span>Review of 3 March 2020</span></h1>");
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
    pith_buf_puts(&b, "</div></body></html>");
    assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
    assert_null(doc->date);
    pith_doc_destroy(doc);
    pith_buf_free(&b);
}

/* An embedded post (a blockquote) carries its own date. */
static void test_page_embedded_post(void **state)
{
    (void)state;
    assert_date(
        page_date("<meta property=article:published_time content=2019-10-18T16:06:50+02:00>", "",
                  "<blockquote class=instagram-media><a href=/p>A post shared by "
                  "someone</a> on <time datetime=2019-04-21T23:47:18+00:00>Apr 21, 2019"
                  "</time></blockquote>",
                  "", NULL),
        "2019-10-18T16:06:50+02:00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rank),
        cmocka_unit_test(test_shown_before_declared),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_url),
        cmocka_unit_test(test_page_chrome_box_with_headline),
        cmocka_unit_test(test_page_json_ld_graph),
        cmocka_unit_test(test_page_embedded_post),
        cmocka_unit_test(test_page_date_classes),
        cmocka_unit_test(test_page_line_above),
        cmocka_unit_test(test_page_layout_classes),
        cmocka_unit_test(test_page_dateline),
        cmocka_unit_test(test_page_article_footer_and_byline),
        cmocka_unit_test(test_page_far_below),
        cmocka_unit_test(test_page_date_in_headline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
