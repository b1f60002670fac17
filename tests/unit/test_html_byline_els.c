/* The byline elements of an HTML page (html_shown.c, html_author.c): a
 * definition list's author value, a picture's credit or a control that is
 * no byline, a box of lines read through the author element it holds, and
 * a declared author that opens with the publisher's name. Each case a
 * small hand-written page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "html_names.h"
#include "pith/buf.h"
#include "pith/pith.h"
#include "test_article.h"

static pith_doc_t *extract(const char *html)
{
    pith_hints_t hints = {0};
    hints.type = PITH_TYPE_HTML;
    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    int rc = pith_extract((const uint8_t *)html, strlen(html), &hints, &doc, &err);
    assert_int_equal(rc, 0);
    assert_non_null(doc);
    return doc;
}

/* A page of head whose article holds byline right below its headline. */
static pith_doc_t *byline_page(const char *head, const char *byline)
{
    pith_buf_t before = {0}, b = {0};
    pith_buf_printf(&before, "<article><h1>Council approves budget</h1>%s", byline);
    test_article_page(&b, head, before.data, "body", 0, "</article>");
    pith_doc_t *doc = extract(b.data);
    pith_buf_free(&before);
    pith_buf_free(&b);
    return doc;
}

static void expect_author(pith_doc_t *doc, const char *author)
{
    if (author) {
        assert_non_null(doc->author);
        assert_string_equal(doc->author, author);
    } else {
        assert_null(doc->author);
    }
    pith_doc_destroy(doc);
}

/* A facts box as a definition list: the value of a term that labels an
 * author ("Auteur", "Author:", indented as templates write it) is the
 * byline; the values of other terms are not, nor a term's value in a
 * sidebar. */
static void test_author_definition_list(void **state)
{
    (void)state;
    expect_author(byline_page("", "<dl class=facts><dt class=k>\n      Auteur     \n</dt>"
                                  "<dd class=v>\n <a href=/staff/ml>Marie Laval</a>\n</dd>"
                                  "<dt>Date</dt><dd>3 March 2021</dd></dl>"),
                  "Marie Laval");
    expect_author(byline_page("", "<dl><dt><span>Author:</span></dt><dd>Tom Reed</dd></dl>"),
                  "Tom Reed");
    expect_author(byline_page("", "<dl><dt>Venue</dt><dd>Tom Reed</dd></dl>"), NULL);
    pith_buf_t b = {0};
    test_article_page(&b, "<title>Council approves budget</title>",
                      "<h1>Council approves budget</h1>", "body", 12,
                      "<div class=sidebar><dl><dt>Autor</dt><dd>Forum Member</dd></dl></div>");
    expect_author(extract(b.data), NULL);
    pith_buf_free(&b);
}

/* A picture's credit is no byline, however its element is named: one in
 * a <figure> or <figcaption>, or named for the picture ("img-author",
 * "photo-byline") or its caption ("cutline-byline"). The author's own
 * picture box ("author-image") still holds the author. */
static void test_author_picture_credit(void **state)
{
    (void)state;
    expect_author(byline_page("", "<figure><img src=/p.jpg alt=x><figcaption><span "
                                  "class=article-author itemprop=author>Foto: Anna Lenz</span>"
                                  "</figcaption></figure><p class=byline>By Jane Doe</p>"),
                  "Jane Doe");
    expect_author(
        byline_page("", "<div><img src=/p.jpg><span class=img-author>Maria Lopez</span></div>"),
        NULL);
    expect_author(byline_page("", "<div class=cutline-byline-container><span>Juan Perez (left) and "
                                  "Pedro Ruiz</span></div>"),
                  NULL);
    expect_author(byline_page("", "<div class=photo_byline>Maria Lopez</div>"), NULL);
    /* The caption's name may stand alone beside the byline's. */
    expect_author(byline_page("", "<div class=\"byline cutline\">Maria Lopez</div>"), NULL);
    expect_author(byline_page("", "<div class=author-image-box>Jane Doe</div>"), "Jane Doe");
}

/* A declared author that opens with the publisher's name goes on with its
 * address ("Daily Planet, Metropolis, USA"), not with co-authors: the
 * shown byline wins, and without one the publisher's name alone stands
 * when the page shows it. */
static void test_author_publisher_address(void **state)
{
    (void)state;
    const char *head = "<meta property=og:site_name content=\"Daily Planet\">"
                       "<meta name=author content=\"Daily Planet, Metropolis, USA\">";
    expect_author(byline_page(head, "<div class=place>Metropolis</div>"), NULL);
    expect_author(byline_page(head, "<div class=place>Metropolis</div><p>Von Lois Lane</p>"),
                  "Lois Lane");
    expect_author(byline_page(head, "<div class=brand>Daily Planet</div><div class=place>Metropolis"
                                    "</div>"),
                  "Daily Planet");
}

/* A box of lines that holds an author element (a date line and an
 * "author" line in "created_and_author") is read through that element: its
 * first line is the date's and a section's. A box of one line is read
 * whole, and a "follow" control in a box is no byline. */
static void test_author_box_holds_author(void **state)
{
    (void)state;
    expect_author(byline_page("",
                              "<div class=created_and_author><div class=created_at>Business - 2 "
                              "March 2021 10:21</div><div class=author>Jane Doe</div></div>"),
                  "Jane Doe");
    expect_author(
        byline_page("", "<p class=byline>By <span class=author>Jane Doe</span> and Bob Roe</p>"),
        "Jane Doe, Bob Roe");
    expect_author(byline_page("", "<div class=author-wrap><p>Jane Doe</p><p "
                                  "class=author-wrap__follow-button>Follow</p></div>"),
                  "Jane Doe");
}

/* The class names html_author.c reads: hiding ones, a picture's credit
 * (a picture word as a whole part, then an author word opening a part) and
 * a caption's or a control's words opening any part. */
static void test_author_reads_names(void **state)
{
    (void)state;
#define READS(s) pith_html_author_reads(s, sizeof s - 1)
    assert_true(READS("hidden"));
    assert_true(READS("D-None"));
    assert_true(READS("photo-credit"));
    assert_true(READS("img_Authorbox"));
    assert_true(READS("picture--byline"));
    assert_true(READS("wp-caption-text"));
    assert_true(READS("cutlines"));
    assert_true(READS("follow-us"));
    assert_false(READS("credit-photo"));  /* the author word before the picture */
    assert_false(READS("photos-credit")); /* "photos" is no picture word */
    assert_false(READS("credit"));
    assert_false(READS("entry-author"));
    assert_false(READS("hiddenx"));
    assert_false(READS("captio"));
    assert_false(READS(""));
#undef READS
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_author_definition_list),
        cmocka_unit_test(test_author_picture_credit),
        cmocka_unit_test(test_author_publisher_address),
        cmocka_unit_test(test_author_box_holds_author),
        cmocka_unit_test(test_author_reads_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
