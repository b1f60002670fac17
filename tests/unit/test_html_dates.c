/* The date a page shows (html_shown.c, with html_title.c's headline as its
 * anchor): each case a small hand-written page shaped like a kind of page
 * whose date went missing or wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pith/buf.h"
#include "pith/pith.h"
#include "test_article.h"

/* The document of head and body (the article's paragraphs follow body,
 * then tail). */
static pith_doc_t *page_tail(const char *head, const char *body, const char *tail, const char *url)
{
    pith_buf_t b = {0};
    /* A tail stands well below the headline: the text's length again
     * three times (date lines right below the headline are another rule). */
    test_article_page(&b, head, body, "text", *tail ? 12 : 0, tail);
    pith_hints_t hints = {0};
    hints.type = PITH_TYPE_HTML;
    hints.url = url;
    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    int rc = pith_extract((const uint8_t *)b.data, b.len, &hints, &doc, &err);
    assert_int_equal(rc, 0);
    assert_non_null(doc);
    pith_buf_free(&b);
    return doc;
}

static pith_doc_t *page(const char *head, const char *body, const char *url)
{
    return page_tail(head, body, "", url);
}

static void expect(pith_doc_t *doc, const char *title, const char *date)
{
    if (title) {
        assert_non_null(doc->title);
        assert_string_equal(doc->title, title);
    }
    if (date) {
        assert_non_null(doc->date);
        assert_string_equal(doc->date, date);
    } else {
        assert_null(doc->date);
    }
    pith_doc_destroy(doc);
}

/* A headline hyphenated with &shy; is the <title>'s headline: its date line
 * below it is the date, while the agency's name in an <h1> above, a long
 * lead away, anchors nothing. */
static void test_date_soft_hyphen_headline(void **state)
{
    (void)state;
    pith_buf_t b = {0};
    pith_buf_puts(&b, "<h1>Federal Criminal Office</h1><div class=intro>");
    for (size_t r = 0; r < 3; r++)
        for (size_t i = 0; i < 4; i++)
            pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
    pith_buf_puts(&b, "</div><h1>Mes&shy;sen&shy;gers are no law&shy;less space</h1>"
                      "<ul class=info><li><span>Date:</span>26 January 2022</li></ul>");
    expect(page("<title>Messengers are no lawless space</title>", b.data, NULL),
           "Messengers are no lawless space", "2022-01-26");
    pith_buf_free(&b);
}

/* A press release whose headline is an <h4> that the <title> names: the
 * headline, and the date line right above it the date. */
static void test_date_h4_headline(void **state)
{
    (void)state;
    expect(page("<title>Efficient hybrid battery</title>",
                "<h2 class=hide>Science news service</h2><p><em>01.11.2023 11:35</em></p>"
                "<h4>Efficient hybrid battery</h4><h5>Dr. Karin Schmitz</h5>",
                NULL),
           "Efficient hybrid battery", "2023-11-01T11:35:00");
    /* An <h4> that is not the <title>'s text anchors nothing. */
    expect(page("<title>Efficient hybrid battery</title>",
                "<p><em>01.11.2023 11:35</em></p><h4>Latest releases</h4>", NULL),
           NULL, NULL);
}

/* A calendar badge: month, day and year in spans of their own, which as
 * shown run together ("Apr 042013"). */
static void test_date_badge_parts(void **state)
{
    (void)state;
    expect(page("<title>Council approves budget</title>",
                "<h1>Council approves budget</h1><div class=date><span class=month>Apr</span> "
                "<span class=day>04</span><span class=year>2013</span></div>",
                NULL),
           "Council approves budget", "2013-04-04");
}

/* Nothing near the headline, but a line that labels its date below the
 * text: a publication's, else the last modification's (label and date in
 * one text or two); not in a comment, not a word of prose. */
static void test_date_labelled_lines(void **state)
{
    (void)state;
    const char *head = "<title>Council approves budget</title>";
    const char *h1 = "<h1>Council approves budget</h1>";
    expect(page_tail(head, h1, "<p class=info>Aktualisiert: 30.12.2016</p>", NULL), NULL,
           "2016-12-30");
    expect(page_tail(head, h1,
                     "<div><label>Letzte &Auml;nderung:</label><div>\n  14.01.2022 um 09:25 "
                     "</div></div>",
                     NULL),
           NULL, "2022-01-14T09:25:00");
    expect(page_tail(head, h1,
                     "<p>Last updated: 2 May 2021</p><div class=meta-box><span>Published:"
                     "</span> <span>1 May 2021</span></div>",
                     NULL),
           NULL, "2021-05-01");
    expect(page_tail(head, h1,
                     "<div class=comments><p>Updated: 3 May 2020</p></div>"
                     "<p>Stand 2020 ist der Plan fertig. Datum 12.03.2021 egal.</p>",
                     NULL),
           NULL, NULL);
}

/* A declared modification date is the date when nothing else is. */
static void test_date_modified_last(void **state)
{
    (void)state;
    const char *h1 = "<h1>Council approves budget</h1>";
    expect(page("<title>Council approves budget</title>"
                "<meta property=article:modified_time content=2020-05-01T10:00:00Z>",
                h1, NULL),
           NULL, "2020-05-01T10:00:00+00:00");
    expect(page("<title>Council approves budget</title>"
                "<meta property=article:modified_time content=2020-05-01T10:00:00Z>"
                "<meta property=article:published_time content=2020-04-03>",
                h1, NULL),
           NULL, "2020-04-03");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_soft_hyphen_headline),
        cmocka_unit_test(test_date_h4_headline),
        cmocka_unit_test(test_date_badge_parts),
        cmocka_unit_test(test_date_labelled_lines),
        cmocka_unit_test(test_date_modified_last),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
