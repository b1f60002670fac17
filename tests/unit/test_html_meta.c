/* HTML metadata choice (html_meta.c): which headline and which author a page
 * gets when its sources disagree, each case a small hand-written page shaped
 * like the pages that went wrong (kicker lines, screen-reader headings, a
 * rewritten og:title, a <title> nothing confirms). */
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

static const char *const PARAS[] = {
    "The city council voted on Tuesday to approve the new budget, which raises spending on "
    "schools, parks and public transport by almost a tenth over the next two years.",
    "Supporters said the plan, drafted over six months of hearings, would repair roads that "
    "have been neglected for decades, while critics warned that taxes would have to rise.",
    "The mayor, speaking after the vote, said the city could not afford to wait any longer, "
    "and promised that the first projects would begin before the end of the summer.",
    "Opposition members said they would keep pressing for an audit of the spending, and "
    "several residents who attended the meeting asked for more money for the libraries.",
};

static pith_doc_t *extract(const char *html, const char *url)
{
    pith_hints_t hints = {0};
    hints.type = PITH_TYPE_HTML;
    hints.url = url;
    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    int rc = pith_extract((const uint8_t *)html, strlen(html), &hints, &doc, &err);
    assert_int_equal(rc, 0);
    assert_non_null(doc);
    return doc;
}

/* A page: head, then before (headings, bylines) above the article's
 * paragraphs. */
static pith_doc_t *page(const char *head, const char *before, const char *url)
{
    pith_buf_t b = {0};
    pith_buf_printf(&b, "<!DOCTYPE html><html lang=en><head>%s</head><body>%s<div class=body>",
                    head, before);
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
    pith_buf_puts(&b, "</div></body></html>");
    pith_doc_t *doc = extract(b.data, url);
    pith_buf_free(&b);
    return doc;
}

static void expect_title(pith_doc_t *doc, const char *title)
{
    if (title) {
        assert_non_null(doc->title);
        assert_string_equal(doc->title, title);
    } else {
        assert_null(doc->title);
    }
    pith_doc_destroy(doc);
}

/* The blog's name in an <h1> and a dozen menu headings before the post's
 * <h1>, which og:title names: the post's headline, not "no title". */
static void test_title_past_many_headings(void **state)
{
    (void)state;
    pith_buf_t b = {0};
    pith_buf_puts(&b, "<h1 class=site-title>Quiet Thoughts</h1>");
    for (int i = 0; i < 12; i++)
        pith_buf_printf(&b, "<h3>Menu section %d</h3>", i);
    pith_buf_puts(&b, "<h1 class=entry-title>Need for speed</h1>");
    expect_title(page("<title>Need for speed – Quiet Thoughts</title>"
                      "<meta property=og:title content=\"Need for speed\">"
                      "<meta property=og:site_name content=\"Quiet Thoughts\">",
                      b.data, "https://quiet.example.com/2015/08/11/need-for-speed/"),
                 "Need for speed");
    pith_buf_free(&b);
}

/* A heading for screen readers repeats og:title with its suffix; the
 * visible <h1> inside it is the headline. */
static void test_title_screen_reader_heading(void **state)
{
    (void)state;
    expect_title(page("<meta property=og:title content=\"Dead bees under lime trees: the "
                      "answer | Bees\">",
                      "<h2 class=screen-reader-text>Dead bees under lime trees: the answer | "
                      "Bees</h2><h1 class=entry-title>Dead bees under lime trees</h1>",
                      NULL),
                 "Dead bees under lime trees");
}

/* A kicker in its own element opens the <h1>: the headline is the rest. */
static void test_title_kicker_dropped(void **state)
{
    (void)state;
    expect_title(page("<meta property=og:title content=\"Car dealers expect a slow start | "
                      "Regional News\">",
                      "<h1> <span class=kicker>After the lockdown</span> <span "
                      "class=headline>Car dealers expect a slow start</span> </h1>",
                      NULL),
                 "Car dealers expect a slow start");
    expect_title(page("", "<h1><small>Workout of the week</small><br>Medley pyramid</h1>", NULL),
                 "Medley pyramid");
    /* A styled first word of the sentence is no kicker. */
    expect_title(page("", "<h1><span class=mark>Trouble</span> in the house of the mayor</h1>",
                      NULL),
                 "Trouble in the house of the mayor");
}

/* og:title rewrites the visible headline (most of its words): the <h1>
 * is what readers see. A declared title inside the <h1> is the headline
 * without the <h1>'s extra line. */
static void test_title_rewritten_og(void **state)
{
    (void)state;
    expect_title(page("<meta property=og:title content=\"Company cars: lease or finance? What "
                      "pays off\">",
                      "<h1>Company cars: leasing or financing now?</h1>", NULL),
                 "Company cars: leasing or financing now?");
    expect_title(page("<meta property=og:title content=\"Spectators return to the clubs\">",
                      "<h1>Spectators return to the clubs 02.02.2022 • Handball League</h1>",
                      NULL),
                 "Spectators return to the clubs");
    /* An upper-case Latin-1 heading has the same words (not a half
     * agreement that leaves the page without a title). */
    expect_title(page("<meta property=og:title content=\"Transformationslabor Ernährung\">",
                      "<h1>TRANSFORMATIONSLABOR ERNÄHRUNG</h1>", NULL),
                 "Transformationslabor Ernährung");
}

/* The <h1> and og:title half agree: unsure, so no title. */
static void test_title_unsure_none(void **state)
{
    (void)state;
    expect_title(page("<meta property=og:title content=\"Greener living\">",
                      "<h1>Green living</h1>", NULL),
                 NULL);
}

/* A <title> alone, which neither a heading nor the URL confirms, is as
 * often a section's name as the headline: no title; the slug confirms. */
static void test_title_lone_page_title(void **state)
{
    (void)state;
    expect_title(page("<title>History - Boys Choir Ulm</title>", "", "https://choir.example/"
                                                                     "history.html"),
                 NULL);
    expect_title(page("<title>Rain expected all week | Weather Desk</title>", "",
                      "https://news.example.net/2017/03/09/rain-expected"),
                 "Rain expected all week");
}

/* A menu heading that is a few words of the headline is not the headline:
 * the longest heading inside the declared title is. */
static void test_title_longest_part(void **state)
{
    (void)state;
    expect_title(page("<title>Prime minister pushes back on the budget cuts - Daily Example"
                      "</title>",
                      "<h3>Prime minister</h3><h2>Prime minister pushes back on the budget "
                      "cuts</h2>",
                      NULL),
                 "Prime minister pushes back on the budget cuts");
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

/* The theme names the article's column "content-sidebar": the byline in
 * it, beside the headline, is the article's (chrome that holds the
 * headline is no chrome). */
static void test_author_in_box_named_chrome(void **state)
{
    (void)state;
    expect_author(page("", "<div class=content-with-sidebar><h1>Council approves budget</h1>"
                           "<p class=author>Sandra Arm</p>",
                       NULL),
                  "Sandra Arm");
    /* The same for a byline line without a class. */
    expect_author(page("", "<div class=main-nav-wrap><h1>Council approves budget</h1>"
                           "<p>Von <a href=/a/x>Andreas Kurz</a></p>",
                       NULL),
                  "Andreas Kurz");
    /* A byline element just below the headline, in a box named like a
     * teaser that does not hold the headline. */
    expect_author(page("", "<h1>Council approves budget</h1><div class=teaser-meta><p "
                           "class=authors>Von:<br><i><a class=author-name href=/a/m>Moritz "
                           "Pieczewski</a></i></p></div>",
                       NULL),
                  "Moritz Pieczewski");
    /* A byline in a related list far from the headline is not. */
    pith_buf_t b = {0};
    pith_buf_puts(&b, "<h1>Council approves budget</h1><div class=related>");
    for (int i = 0; i < 40; i++)
        pith_buf_puts(&b, "<p>Filler text of a related list that goes on and on.</p>");
    pith_buf_puts(&b, "<p class=author>Other Writer</p></div>");
    expect_author(page("", b.data, NULL), NULL);
    pith_buf_free(&b);
}

/* JSON-LD with raw line breaks inside strings (which JSON forbids and
 * pages write) is still read. */
static void test_author_json_ld_raw_breaks(void **state)
{
    (void)state;
    expect_author(page("<script type=application/ld+json>{\"@type\": \"BlogPosting\", "
                       "\"headline\": \"Performant Python\", \"articleBody\": \"one\n"
                       "two\", \"author\": {\"@type\": \"Person\", \"name\": \"Jacopo "
                       "Cascioli\"}}</script>",
                       "", NULL),
                  "Jacopo Cascioli");
}

/* A recipe (no article type, no headline) names its author too; a
 * comment's author is not the page's. */
static void test_author_json_ld_other_types(void **state)
{
    (void)state;
    expect_author(page("<script type=application/ld+json>{\"@type\": \"Recipe\", \"name\": "
                       "\"Lemon cake\", \"author\": {\"@type\": \"Person\", \"name\": "
                       "\"Kathrin Runge\"}}</script>",
                       "", NULL),
                  "Kathrin Runge");
    expect_author(page("<script type=application/ld+json>{\"@type\": \"WebPage\", "
                       "\"comment\": [{\"@type\": \"Comment\", \"author\": {\"@type\": "
                       "\"Person\", \"name\": \"Troll McTroll\"}}]}</script>",
                       "", NULL),
                  NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_title_past_many_headings),
        cmocka_unit_test(test_title_screen_reader_heading),
        cmocka_unit_test(test_title_kicker_dropped),
        cmocka_unit_test(test_title_rewritten_og),
        cmocka_unit_test(test_title_unsure_none),
        cmocka_unit_test(test_title_lone_page_title),
        cmocka_unit_test(test_title_longest_part),
        cmocka_unit_test(test_author_in_box_named_chrome),
        cmocka_unit_test(test_author_json_ld_raw_breaks),
        cmocka_unit_test(test_author_json_ld_other_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
