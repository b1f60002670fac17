/* HTML metadata choice (html_meta.c, html_title.c, html_shown.c): which
 * headline and which author a page gets when its sources disagree, each case
 * a small hand-written page shaped like the pages that went wrong (kicker
 * lines, screen-reader headings, a rewritten og:title, a <title> nothing
 * confirms), and the metadata a page only shows (date lines and bylines near
 * the headline, dates and names in related lists and comments), its site
 * keys, tags and language. */
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
    test_article_page(&b, head, before, "body", 0, "");
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
    expect_title(
        page("", "<h1><span class=mark>Trouble</span> in the house of the mayor</h1>", NULL),
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
                      "<h1>Spectators return to the clubs 02.02.2022 • Handball League</h1>", NULL),
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
    expect_title(
        page("<meta property=og:title content=\"Greener living\">", "<h1>Green living</h1>", NULL),
        NULL);
}

/* A <title> alone, which neither a heading nor the URL confirms, is as
 * often a section's name as the headline: no title; the slug confirms. */
static void test_title_lone_page_title(void **state)
{
    (void)state;
    expect_title(page("<title>History - Boys Choir Ulm</title>", "",
                      "https://choir.example/"
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
    expect_author(page("",
                       "<div class=content-with-sidebar><h1>Council approves budget</h1>"
                       "<p class=author>Sandra Arm</p>",
                       NULL),
                  "Sandra Arm");
    /* The same for a byline line without a class. */
    expect_author(page("",
                       "<div class=main-nav-wrap><h1>Council approves budget</h1>"
                       "<p>Von <a href=/a/x>Andreas Kurz</a></p>",
                       NULL),
                  "Andreas Kurz");
    /* A byline element just below the headline, in a box named like a
     * teaser that does not hold the headline. */
    expect_author(page("",
                       "<h1>Council approves budget</h1><div class=teaser-meta><p "
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

/* An author box's lines stay apart: the name, a "Follow" button, the bio;
 * a testimonial's author is a customer, not the article's. */
static void test_author_box_lines(void **state)
{
    (void)state;
    expect_author(page("",
                       "<h1>Council approves budget</h1><div class=author-info><h3>Inga "
                       "Hoeltmann</h3><p>Follow</p><p>Beraterin f\xc3\xbcr Neue Arbeit und "
                       "Neues Lernen. Schwerpunkte: Home-Office.</p></div>",
                       NULL),
                  "Inga Hoeltmann");
    pith_buf_t b = {0};
    pith_buf_puts(&b, "<h1>Council approves budget</h1><div>");
    for (int i = 0; i < 40; i++)
        pith_buf_puts(&b, "<p>Filler text of a page that goes on and on.</p>");
    pith_buf_puts(&b, "<div class=testimonial-author>Kundin Anna Keller</div></div>");
    expect_author(page("", b.data, NULL), NULL);
    pith_buf_free(&b);
}

/* The headline itself is no byline, whatever its class says. */
static void test_author_not_headline(void **state)
{
    (void)state;
    expect_author(page("<title>Council Approves Budget</title>",
                       "<h1 class=\"vcard author\">Council Approves Budget</h1>", NULL),
                  NULL);
}

/* A blog signs its post in the post's footer, far below the headline
 * ("Posted by Jane Roe at 21:11"): a footer box inside the post's box
 * (hentry, <article>) is the post's; the page's footer is not. */
static void test_author_post_footer(void **state)
{
    (void)state;
    const char *head = "<title>Council approves budget</title>";
    const char *top =
        "<div class=\"post hentry\"><h3 class=post-title>Council approves budget</h3>";
    pith_buf_t b = {0};
    test_article_page(
        &b, head, top, "post-body", 12,
        "<div class=post-footer><span class=\"post-author vcard\">Posted by <span "
        "class=fn>Jane Roe</span></span> <span class=post-timestamp>at 21:11</span></div></div>");
    expect_author(extract(b.data, NULL), "Jane Roe");
    pith_buf_reset(&b);
    test_article_page(&b, head, "<article><h1>Council approves budget</h1>", "entry", 12,
                      "<div class=entry-footer><span class=author>Jane Roe</span></div>"
                      "</article>");
    expect_author(extract(b.data, NULL), "Jane Roe");
    pith_buf_reset(&b);
    test_article_page(&b, head, top, "post-body", 12,
                      "</div><div class=footer><p class=author>Site Owner</p></div>");
    expect_author(extract(b.data, NULL), NULL);
    pith_buf_free(&b);
}

/* An article signed at its end ("Von Jane Doe" as its last paragraph,
 * "Autorin: ..." as the last line of one) names its author. */
static pith_doc_t *signed_page(const char *sign)
{
    pith_buf_t b = {0};
    pith_buf_puts(&b, "<!DOCTYPE html><html lang=de><head></head><body><h1>Council approves "
                      "budget</h1><div class=body>");
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
    pith_buf_printf(&b, "<p>%s</p></div></body></html>", sign);
    pith_doc_t *doc = extract(b.data, NULL);
    pith_buf_free(&b);
    return doc;
}

static void test_author_closing_byline(void **state)
{
    (void)state;
    expect_author(signed_page("<em>Von Cosima K\xc3\xbcnzel</em>"), "Cosima K\xc3\xbcnzel");
    expect_author(
        signed_page(
            "Die Stadt plant weitere Projekte.<br>Autorin: Uta Staschewski, Projektleiterin "
            "der Stiftung in Tunesien."),
        "Uta Staschewski");
    /* A sentence that opens with "Von" names no one. */
    expect_author(signed_page("Von Montag an gilt der neue Haushalt in der ganzen Stadt."), NULL);
    /* A byline the body kept at its start, under the headline. */
    pith_buf_t b = {0};
    pith_buf_puts(&b, "<!DOCTYPE html><html lang=de><head></head><body><div class=body><h5>"
                      "Energiepreise im Blick</h5><h5><em>Von Leonora Holling</em></h5>");
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
    pith_buf_puts(&b, "</div></body></html>");
    expect_author(extract(b.data, NULL), "Leonora Holling");
    pith_buf_reset(&b);
    pith_buf_puts(&b, "<!DOCTYPE html><html lang=de><head></head><body><div class=body><p>"
                      "Blog Beitrag von Margarita Koreneva</p>");
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
    pith_buf_puts(&b, "</div></body></html>");
    expect_author(extract(b.data, NULL), "Margarita Koreneva");
    pith_buf_free(&b);
}

/* A teaser card (one link around another article's headline, lead and
 * byline) names that article's author, not this one's. */
static void test_author_teaser_card(void **state)
{
    (void)state;
    expect_author(signed_page("</p></div><ul><li><a href=/other><h3>Students look for "
                              "rooms</h3><span>Not everyone who comes to study has found a "
                              "room yet.</span><span class=article-autor>Von Clara "
                              "M\xc3\xbcller</span></a></li></ul><div><p>"),
                  NULL);
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
                       "<p>Jacopo Cascioli</p>", NULL),
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
                       "<p>Kathrin Runge</p>", NULL),
                  "Kathrin Runge");
    expect_author(page("<script type=application/ld+json>{\"@type\": \"WebPage\", "
                       "\"comment\": [{\"@type\": \"Comment\", \"author\": {\"@type\": "
                       "\"Person\", \"name\": \"Troll McTroll\"}}]}</script>",
                       "", NULL),
                  NULL);
}

/* A page whose metadata is only shown: byline and date line under the
 * headline, dates and names elsewhere in related lists and comments. */
static pith_doc_t *shown_page(const char *head, const char *byline, const char *url)
{
    pith_buf_t b = {0};
    pith_buf_printf(&b,
                    "<!DOCTYPE html><html lang=en><head>%s</head><body>"
                    "<header><div class=today>Wednesday, January 19, 2022</div></header>"
                    "<div class=teaser-list><div class=teaser><span class=date>3 March 2021"
                    "</span><a href=/x>Another story</a></div></div>"
                    "<article><h1>Council approves budget</h1>%s<div class=body>",
                    head, byline);
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
    pith_buf_puts(&b, "</div></article><aside class=related><ul><li><time datetime=2020-01-01>"
                      "1 Jan 2020</time> <a href=/y>Older story</a></li></ul></aside>"
                      "<div class=comments><div class=comment-author>By Troll McTroll</div>"
                      "<div class=comment-date>5 May 2020</div><p>First!</p></div>"
                      "</body></html>");
    pith_doc_t *doc = extract(b.data, url);
    pith_buf_free(&b);
    return doc;
}

static void test_meta_date_sources(void **state)
{
    (void)state;
    /* A date line right below the headline; header, teaser, related and
     * comment dates never win. */
    pith_doc_t *doc = shown_page("", "<p>18 November 2019, 12:01</p>", NULL);
    assert_string_equal(doc->date, "2019-11-18T12:01:00");
    pith_doc_destroy(doc);
    /* A <time datetime> in the article's header. */
    doc = shown_page("",
                     "<div class=meta><time datetime=\"2019-11-17T08:00:00+01:00\">Sunday"
                     "</time></div>",
                     NULL);
    assert_string_equal(doc->date, "2019-11-17T08:00:00+01:00");
    pith_doc_destroy(doc);
    /* The publication date, not the modification date. */
    doc = shown_page("",
                     "<time class=updated datetime=2019-12-01>1 Dec</time>"
                     "<span class=\"entry-date published\">16.11.2019</span>",
                     NULL);
    assert_string_equal(doc->date, "2019-11-16");
    pith_doc_destroy(doc);
    /* Nothing near the headline: no date rather than a related item's. */
    doc = shown_page("", "", NULL);
    assert_null(doc->date);
    pith_doc_destroy(doc);
    /* The shown day first, then <meta name=date>, then
     * article:published_time (and JSON-LD, itemprop). */
    doc = shown_page("<meta name=date content=2019-11-10>"
                     "<meta property=article:published_time content=2019-11-11>",
                     "<p>18 November 2019</p>", NULL);
    assert_string_equal(doc->date, "2019-11-18");
    pith_doc_destroy(doc);
    doc = shown_page("<meta name=date content=2019-11-10>"
                     "<meta property=article:published_time content=2019-11-11>",
                     "", NULL);
    assert_string_equal(doc->date, "2019-11-10");
    pith_doc_destroy(doc);
    doc = shown_page("<meta property=article:published_time content=2019-11-11>", "", NULL);
    assert_string_equal(doc->date, "2019-11-11");
    pith_doc_destroy(doc);
    /* The URL's day settles a UTC timestamp a day away. */
    doc = shown_page("<meta property=article:published_time content=2019-01-01T03:00:00Z>", "",
                     "https://example.org/2018/12/31/party");
    assert_string_equal(doc->date, "2018-12-31");
    pith_doc_destroy(doc);
}

static void test_meta_author_sources(void **state)
{
    (void)state;
    /* The byline shown under the headline, cleaned; not a commenter. */
    pith_doc_t *doc = shown_page("",
                                 "<div class=byline>Madeline Fry | November 18, 2019 12:01 PM "
                                 "Print this article</div>",
                                 NULL);
    assert_string_equal(doc->author, "Madeline Fry");
    assert_string_equal(doc->date, "2019-11-18T12:01:00");
    pith_doc_destroy(doc);
    doc = shown_page("", "<p>By <a rel=author href=/a/jd>Jane Doe</a></p>", NULL);
    assert_string_equal(doc->author, "Jane Doe");
    pith_doc_destroy(doc);
    /* A line opening like a byline, without markup. */
    doc = shown_page("", "<p><em>Text von Christian Seiler</em></p>", NULL);
    assert_string_equal(doc->author, "Christian Seiler");
    pith_doc_destroy(doc);
    doc = shown_page("",
                     "<p>By <a href=/people/jd>Jane Doe</a> and <a href=/people/jr>John Roe"
                     "</a></p>",
                     NULL);
    assert_string_equal(doc->author, "Jane Doe, John Roe");
    pith_doc_destroy(doc);
    doc = shown_page("",
                     "<span class=author-name>JERUSALEM POST STAFF NOVEMBER 20, 2019 10:43"
                     "</span>",
                     NULL);
    assert_null(doc->author);
    pith_doc_destroy(doc);
    doc = shown_page("", "", NULL);
    assert_null(doc->author);
    pith_doc_destroy(doc);
    /* The publisher's name in meta author is no author: the byline is. */
    doc = shown_page("<meta name=author content=\"Example Times\">"
                     "<meta property=og:site_name content=\"Example Times\">",
                     "<div class=author>Von Max Mustermann</div>", NULL);
    assert_string_equal(doc->author, "Max Mustermann");
    pith_doc_destroy(doc);
    /* A byline that signs with the publisher's name names the author. */
    doc = shown_page("<meta property=og:site_name content=\"Example Times\">",
                     "<p class=meta>Von <a href=/author/et>Example Times</a></p>", NULL);
    assert_string_equal(doc->author, "Example Times");
    pith_doc_destroy(doc);
    /* JSON-LD names, several. */
    doc = shown_page("<script type=application/ld+json>{\"@type\":\"NewsArticle\",\"headline\":"
                     "\"Council approves budget\",\"author\":[{\"name\":\"Bryan DeArdo "
                     "@BryanDeArdo\"},{\"name\":\"Jane Doe\"}]}</script>",
                     "<p>Jane Doe</p>", NULL);
    assert_string_equal(doc->author, "Bryan DeArdo, Jane Doe");
    pith_doc_destroy(doc);
}

/* Other meta keys name the author too (Dublin Core's dcterms.creator,
 * cXense's), read after the usual ones: here meta author is the
 * publisher. */
static void test_author_more_meta_keys(void **state)
{
    (void)state;
    pith_doc_t *doc = shown_page("<meta name=author content=\"Example Times\">"
                                 "<meta property=og:site_name content=\"Example Times\">"
                                 "<meta property=cXenseParse:author content=\"Lisa Petrich\">",
                                 "<p class=credit>Lisa Petrich</p>", NULL);
    assert_string_equal(doc->author, "Lisa Petrich");
    pith_doc_destroy(doc);
    doc = shown_page("<meta name=dcterms.creator content=\"Jan Koch\">",
                     "<p class=credit>Jan Koch</p>", NULL);
    assert_string_equal(doc->author, "Jan Koch");
    pith_doc_destroy(doc);
}

/* An author field that names the publisher is the author when the page
 * names no one else (a club's news, a one-person blog), but the site's
 * name alone is not: og:site_name is no author field. */
static void test_author_publisher_named(void **state)
{
    (void)state;
    const char *site = "<meta property=og:site_name content=\"Tennis Club Ried\">";
    pith_buf_t head = {0};
    pith_buf_printf(&head, "%s<meta name=author content=\"Tennis Club Ried\">", site);
    const char *logo = "<div class=logo>Tennis Club Ried</div>";
    pith_doc_t *doc = shown_page(head.data, logo, "https://tc-ried.example/news/1");
    assert_string_equal(doc->author, "Tennis Club Ried");
    pith_doc_destroy(doc);
    doc = shown_page(site, logo, "https://tc-ried.example/news/1");
    assert_null(doc->author);
    pith_doc_destroy(doc);
    doc = shown_page(site, "<p>Posted by <a rel=author href=/u/1>Tennis Club Ried</a></p>",
                     "https://tc-ried.example/news/1");
    assert_string_equal(doc->author, "Tennis Club Ried");
    pith_doc_destroy(doc);
    /* A person's closing byline comes first. */
    pith_buf_puts(&head, "</head><body><h1>Council approves budget</h1><div class=body>");
    for (int i = 0; i < 4; i++)
        pith_buf_printf(&head, "<p>%s</p>", PARAS[i]);
    pith_buf_puts(&head, "<p>Von Cosima K\xc3\xbcnzel</p></div>Tennis Club Ried</body>");
    doc = extract(head.data, "https://tc-ried.example/news/1");
    assert_string_equal(doc->author, "Cosima K\xc3\xbcnzel");
    pith_doc_destroy(doc);
    pith_buf_free(&head);
}

/* A declared author the page never shows is the account that posted the
 * article, not its byline: the byline the page shows wins, and without one
 * there is no author. */
static void test_author_declared_not_shown(void **state)
{
    (void)state;
    const char *ld = "<script type=application/ld+json>{\"@type\":\"NewsArticle\",\"headline\":"
                     "\"Council approves budget\",\"author\":{\"name\":\"Kathleen Ditton\"}}"
                     "</script>";
    pith_doc_t *doc = shown_page(ld, "<p>By <a rel=author href=/a/jh>Jessica Holly</a></p>", NULL);
    assert_string_equal(doc->author, "Jessica Holly");
    pith_doc_destroy(doc);
    doc = shown_page(ld, "", NULL);
    assert_null(doc->author);
    pith_doc_destroy(doc);
    doc = shown_page("<meta name=author content=\"Paul Soldan\">", "", NULL);
    assert_null(doc->author);
    pith_doc_destroy(doc);
    /* Shown anywhere, in any case, the declared name stands. */
    doc = shown_page(ld, "<p class=credit>KATHLEEN DITTON</p>", NULL);
    assert_string_equal(doc->author, "Kathleen Ditton");
    pith_doc_destroy(doc);
    /* Hidden by a class, a style or an attribute, it is not shown (a
     * slider's structured data for another article). */
    const char *hidden[] = {"<span class=\"av-data hidden\"><span>Kathleen Ditton</span></span>",
                            "<span style=\"display: none\">Kathleen Ditton</span>",
                            "<span hidden>Kathleen Ditton</span>"};
    for (size_t i = 0; i < sizeof hidden / sizeof *hidden; i++) {
        doc = shown_page(ld, hidden[i], NULL);
        assert_null(doc->author);
        pith_doc_destroy(doc);
    }
}

/* A byline label in an element of its own ("By", "Von:", "Autor:") opens
 * the line that holds the name: the name stands in the next element, or
 * after the label's heading up to the line break; not past a block. */
static void test_meta_author_label_line(void **state)
{
    (void)state;
    pith_doc_t *doc = shown_page("",
                                 "<div class=info><span class=hd>Von: </span><span "
                                 "class=ct>Wolfgang Schmale</span></div>",
                                 NULL);
    assert_string_equal(doc->author, "Wolfgang Schmale");
    pith_doc_destroy(doc);
    doc =
        shown_page("", "<div><span>By</span><span><a href=/p/jr>J.R. Stone</a></span></div>", NULL);
    assert_string_equal(doc->author, "J.R. Stone");
    pith_doc_destroy(doc);
    doc = shown_page("", "<div><h5>Autor: </h5>Peter Maahn<br><h5>Lesezeit:</h5>4 min</div>", NULL);
    assert_string_equal(doc->author, "Peter Maahn");
    pith_doc_destroy(doc);
    /* Blanks around the label in the source do not hide it. */
    doc = shown_page("",
                     "<div class=att-publish-date>\n            Von <span>Jane Doe</span> "
                     "4. 2. 2022.</div>",
                     NULL);
    assert_string_equal(doc->author, "Jane Doe");
    pith_doc_destroy(doc);
    /* A date (and time) may open the line before its byline. */
    expect_author(shown_page("", "<h2><span>06.11.2023 13:30 von Olga Berg</span></h2>", NULL),
                  "Olga Berg");
    expect_author(shown_page("", "<p>March 3, 2021 - by <a href=/p/jd>Jane Doe</a></p>", NULL),
                  "Jane Doe");
    /* A date and a sentence are no byline. */
    doc = shown_page("", "<p>06.11.2023: Von Montag an gilt der Haushalt.</p>", NULL);
    assert_null(doc->author);
    pith_doc_destroy(doc);
    /* A date, a separator and a name alone: the name. Not a word alone
     * (a place, a section), nor a phrase. */
    expect_author(shown_page("", "<p class=muted>02.04.2020 - Lena Brandt</p>", NULL),
                  "Lena Brandt");
    expect_author(shown_page("", "<p>April 2, 2020 \xe2\x80\x93 Lena Brandt</p>", NULL),
                  "Lena Brandt");
    expect_author(shown_page("", "<p>02.04.2020 - Hamburg</p>", NULL), NULL);
    expect_author(shown_page("", "<p>02.04.2020 - Der Rat tagt am Montag.</p>", NULL), NULL);
    expect_author(shown_page("", "<p>02.04.2020 Lena Brandt</p>", NULL), NULL);
    /* The first text under the headline is the article's byline, whatever
     * box (a "teaser" caption under a video) holds it. */
    expect_author(shown_page("",
                             "<div class=player></div><div class=item-caption><span "
                             "class=teaser-cat>von Lena Brandt</span></div>",
                             NULL),
                  "Lena Brandt");
    /* Not past another text: that box is another article's. */
    expect_author(shown_page("",
                             "<p>Der Rat tagt.</p><div class=teaser><span>von Lena Brandt"
                             "</span></div>",
                             NULL),
                  NULL);
    /* The next block is another line: no name there. */
    doc = shown_page("", "<div><p>By</p><p>Senior Voices Of The City</p></div>", NULL);
    assert_null(doc->author);
    pith_doc_destroy(doc);
}

/* A byline line under the headline beats a meta tag's author naming someone
 * else (a theme's site-wide tag, shown elsewhere), but not JSON-LD's. */
static void test_author_line_over_meta(void **state)
{
    (void)state;
    const char *line = "<p>Erstellt von <a href=/a/fk>Fabian Kurz</a> am 6. Mai 2014</p>"
                       "<div class=links><a href=/ps>Paul Soldan</a></div>";
    expect_author(shown_page("<meta name=author content=\"Paul Soldan\">", line, NULL),
                  "Fabian Kurz");
    expect_author(shown_page("<script type=application/ld+json>{\"@type\":\"NewsArticle\","
                             "\"author\":{\"name\":\"Paul Soldan\"}}</script>",
                             line, NULL),
                  "Paul Soldan");
    expect_author(shown_page("<meta name=author content=\"Fabian Kurz\">", line, NULL),
                  "Fabian Kurz"); /* the same person in both */
}

/* A page whose author box under the article holds box. */
static pith_doc_t *boxed_page(const char *box)
{
    pith_buf_t b = {0};
    pith_buf_puts(&b, "<!DOCTYPE html><html lang=de><head><title>Rat tagt</title></head><body>"
                      "<article><h1>Council approves budget</h1><div class=body>");
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
    pith_buf_printf(&b, "</div><div class=box-end>%s</div></article></body></html>", box);
    pith_doc_t *doc = extract(b.data, "https://news.example/rat-tagt");
    pith_buf_free(&b);
    return doc;
}

/* The link to the author's archive in the author box names the author
 * ("Alle Beitr\xc3\xa4ge von Lena Brandt"), when all such links name one
 * person; "Alles von" and one word may be a brand. */
static void test_author_archive_link(void **state)
{
    (void)state;
    expect_author(boxed_page("<h3>Lena Brandt</h3><p><a href=/author/lb>Alle Beitr\xc3\xa4ge von "
                             "<span>Lena Brandt</span></a></p>"),
                  "Lena Brandt");
    expect_author(boxed_page("<a href=/author/lb>View all posts by Lena Brandt</a>"
                             "<a href=/author/lb>View all posts by Lena Brandt</a>"),
                  "Lena Brandt");
    expect_author(boxed_page("<a href=/author/lb>View all posts by Lena Brandt</a>"
                             "<a href=/author/jd>View all posts by Jane Doe</a>"),
                  NULL);
    expect_author(boxed_page("<a href=/shop/apple>Alles von Apple</a>"), NULL);
}

static void test_meta_title_sources(void **state)
{
    (void)state;
    /* og:title carries the site's name; the <h1> it contains is the title. */
    pith_doc_t *doc = shown_page("<meta property=og:title content=\"Council approves budget - "
                                 "Gala\">",
                                 "", NULL);
    assert_string_equal(doc->title, "Council approves budget");
    pith_doc_destroy(doc);
    /* No matching heading: a suffix naming the host goes. */
    pith_buf_t b = {0};
    pith_buf_puts(&b, "<html><head><meta property=og:title content=\"Polar air reaches the "
                      "south | La Stampa\"></head><body><h1>La Stampa</h1><div>");
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
    pith_buf_puts(&b, "</div></body></html>");
    doc = extract(b.data, "https://www.lastampa.it/cronaca/2020/02/19/news/polar");
    assert_string_equal(doc->title, "Polar air reaches the south");
    pith_doc_destroy(doc);
    pith_buf_free(&b);
    /* A blog's <h1> is its name; the post's <h2> matches <title>. */
    pith_buf_t c = {0};
    pith_buf_puts(&c, "<html><head><title>My Blog: Spring in the garden</title></head><body>"
                      "<h1>My Blog</h1><h2>Spring in the garden</h2><div class=date-header>"
                      "Dienstag, 28. April 2020</div><div>");
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&c, "<p>%s</p>", PARAS[i]);
    pith_buf_puts(&c, "</div></body></html>");
    doc = extract(c.data, NULL);
    assert_string_equal(doc->title, "Spring in the garden");
    assert_string_equal(doc->date, "2020-04-28");
    pith_doc_destroy(doc);
    pith_buf_free(&c);
    /* A blog whose every page declares the blog's name as title: the
     * heading the URL spells is the headline. */
    pith_buf_t d = {0};
    pith_buf_puts(&d, "<html><head><meta property=og:title content=\"Kleine Gruene Monster\">"
                      "</head><body><h1>Kleine Gruene Monster</h1><h2>Ein Blog</h2><div><h2>Ein "
                      "entspannter Start ins neue Jahr</h2>");
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&d, "<p>%s</p>", PARAS[i]);
    pith_buf_puts(&d, "</div></body></html>");
    doc = extract(d.data, "https://kleinegruenemonster.example.com/2016/01/01/"
                          "ein-entspannter-start-ins-neue-jahr/");
    assert_string_equal(doc->title, "Ein entspannter Start ins neue Jahr");
    pith_doc_destroy(doc);
    /* Without such a heading, no title rather than the site's name. */
    doc = extract(d.data, "https://kleinegruenemonster.example.com/2016/01/01/other-post/");
    assert_null(doc->title);
    pith_doc_destroy(doc);
    pith_buf_free(&d);
    /* A title that is the host name written out ("Disfunctions.de") names
     * the site, not the post: no title. (The <h1> repeats it: a <title>
     * alone that nothing confirms is no title anyway.) */
    pith_buf_t e = {0};
    pith_buf_puts(&e, "<html><head><title>Disfunctions.de</title></head><body>"
                      "<h1>Disfunctions.de</h1><div>");
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&e, "<p>%s</p>", PARAS[i]);
    pith_buf_puts(&e, "</div></body></html>");
    doc = extract(e.data, "https://www.disfunctions.de/2020/05/podcasts/");
    assert_null(doc->title);
    pith_doc_destroy(doc);
    /* A headline that merely mentions the host still is the title. */
    doc = extract(e.data, "https://www.disfunctions.example/2020/05/podcasts/");
    assert_string_equal(doc->title, "Disfunctions.de");
    pith_doc_destroy(doc);
    pith_buf_free(&e);
}

static void test_meta_site_keys(void **state)
{
    (void)state;
    /* Whatever the page calls itself, site is the URL's host. */
    const char *names[] = {"'@politifact'", "https://www.newsnation.in", "nj", "MSN", "Hosted"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char head[200];
        snprintf(head, sizeof head, "<meta property=og:site_name content=\"%s\">", names[i]);
        pith_doc_t *doc = shown_page(head, "", "https://WWW.Example.COM/a/b.html");
        assert_string_equal(doc->site, "example.com");
        assert_string_equal(doc->sitename, names[i]);
        assert_null(doc->canonical);
        pith_doc_destroy(doc);
    }
    /* Without a URL from the caller, the canonical one is the url. */
    pith_doc_t *doc =
        shown_page("<link rel=canonical href=https://news.example.net/c.html>", "", NULL);
    assert_string_equal(doc->url, "https://news.example.net/c.html");
    assert_string_equal(doc->site, "news.example.net");
    assert_null(doc->canonical);
    pith_doc_destroy(doc);
    /* The same canonical as the caller's URL is not repeated. */
    doc = shown_page("<link rel=canonical href=https://example.org/c.html>", "",
                     "https://example.org/c.html");
    assert_null(doc->canonical);
    pith_doc_destroy(doc);
}

static void test_meta_tags_and_lang(void **state)
{
    (void)state;
    /* CMS keywords for itself are no tags. */
    pith_doc_t *doc = shown_page("<meta name=keywords content=\"Retina MacBook Pro, No Autolink, "
                                 "digitimes.com, type_news, section:tech, 12345, Apple\">",
                                 "", NULL);
    assert_int_equal(doc->ntags, 2);
    assert_string_equal(doc->tags[0], "Retina MacBook Pro");
    assert_string_equal(doc->tags[1], "Apple");
    pith_doc_destroy(doc);
    /* No declared language: the body's stop words tell. */
    pith_buf_t b = {0};
    pith_buf_puts(&b, "<html><head><title>Haushalt</title></head><body><article><h1>Der Rat "
                      "stimmt zu</h1>");
    for (size_t i = 0; i < 3; i++)
        pith_buf_puts(&b, "<p>Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen, der "
                          "die Ausgaben f\xc3\xbcr Schulen und den Nahverkehr in den n\xc3\xa4"
                          "chsten zwei Jahren um fast ein Zehntel erh\xc3\xb6ht.</p>");
    pith_buf_puts(&b, "</article></body></html>");
    doc = extract(b.data, NULL);
    assert_string_equal(doc->lang, "de");
    pith_doc_destroy(doc);
    pith_buf_free(&b);
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
        cmocka_unit_test(test_author_box_lines),
        cmocka_unit_test(test_author_post_footer),
        cmocka_unit_test(test_author_not_headline),
        cmocka_unit_test(test_author_closing_byline),
        cmocka_unit_test(test_author_teaser_card),
        cmocka_unit_test(test_author_json_ld_raw_breaks),
        cmocka_unit_test(test_author_json_ld_other_types),
        cmocka_unit_test(test_meta_date_sources),
        cmocka_unit_test(test_meta_author_sources),
        cmocka_unit_test(test_author_declared_not_shown),
        cmocka_unit_test(test_meta_author_label_line),
        cmocka_unit_test(test_author_more_meta_keys),
        cmocka_unit_test(test_author_publisher_named),
        cmocka_unit_test(test_author_archive_link),
        cmocka_unit_test(test_author_line_over_meta),
        cmocka_unit_test(test_meta_title_sources),
        cmocka_unit_test(test_meta_site_keys),
        cmocka_unit_test(test_meta_tags_and_lang),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
