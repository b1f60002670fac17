/* Choosing the article among candidates: the choice rule on figures, and
 * each candidate on small hand-written pages where the scorer alone goes
 * wrong (chrome-sounding class names on the content, text only inside
 * chrome, an article known only from its JSON-LD articleBody), plus the
 * guards (comments and teasers after an article are not taken). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pith/buf.h"
#include "html_select.h"
#include "pith/pith.h"

static const char *const PARAS[] = {
    "The city council voted on Tuesday to approve the new budget, which raises spending on "
    "schools, parks and public transport by almost a tenth over the next two years.",
    "Supporters said the plan, drafted over six months of hearings, would repair roads that "
    "have been neglected for decades, while critics warned that taxes would have to rise.",
    "The mayor, speaking after the vote, said the city could not afford to wait any longer, "
    "and promised that the first projects would begin before the end of the summer.",
    "Opposition members, who had proposed a smaller increase, said they would keep pressing "
    "for an independent audit of how the money is spent, year after year.",
    "Residents who attended the meeting were divided, with some applauding the decision and "
    "others leaving early in protest at what they called a rushed process.",
    "A second vote on the detailed spending plan is expected in the autumn, once the finance "
    "committee has reviewed every line of the proposal with the auditors.",
};
#define NPARAS (sizeof PARAS / sizeof *PARAS)

static char *clean(const char *html, int *rc)
{
    pith_hints_t h = {0};
    h.type = PITH_TYPE_HTML;
    pith_doc_t *doc = NULL;
    pith_err_t err;
    *rc = pith_extract((const uint8_t *)html, strlen(html), &h, &doc, &err);
    if (*rc)
        return NULL;
    pith_buf_t b = {0};
    assert_int_equal(pith_doc_body(doc, &b), 0);
    pith_doc_destroy(doc);
    return pith_buf_steal(&b);
}

static const char NAV[] = "<header><nav><ul><li><a href=/>Home</a></li><li><a href=/a>News</a>"
                          "</li><li><a href=/b>Sport</a></li><li><a href=/c>Culture</a></li>"
                          "</ul></nav></header>";

/* ---- the choice rule --------------------------------------------------- */

static char mask[1];

static pith_html_cand_t cand(size_t chars, size_t run, size_t common)
{
    pith_html_cand_t k = {0};
    k.keep = mask;
    k.chars = chars;
    k.run = run;
    k.common = common;
    return k;
}

static void test_choose_scorer_stands(void **state)
{
    (void)state;
    const char *why = NULL;
    pith_html_cand_t c[PITH_CAND_N] = {0};
    c[PITH_CAND_SCORER] = cand(3000, 2800, 3000);
    c[PITH_CAND_REGION] = cand(3400, 3200, 3000); /* a little more: not enough */
    c[PITH_CAND_UNION] = cand(3000, 2800, 3000);
    assert_int_equal(pith_html_choose(c, 0, &why), PITH_CAND_SCORER);
    assert_non_null(why);
}

static void test_choose_extension_with_more_text(void **state)
{
    (void)state;
    const char *why = NULL;
    pith_html_cand_t c[PITH_CAND_N] = {0};
    c[PITH_CAND_SCORER] = cand(800, 800, 800);
    c[PITH_CAND_REGION] = cand(4000, 3900, 800);
    c[PITH_CAND_UNION] = cand(3500, 3400, 800);
    assert_int_equal(pith_html_choose(c, 0, &why), PITH_CAND_REGION);
    /* The same figures, but what the region adds is linked text: no. */
    c[PITH_CAND_REGION].added_link = 1500;
    c[PITH_CAND_REGION].link = 1500;
    assert_int_equal(pith_html_choose(c, 0, &why), PITH_CAND_UNION);
    /* ... or in boxes whose class words say chrome (comments): no. */
    c[PITH_CAND_UNION].added_chrome = 2000;
    assert_int_equal(pith_html_choose(c, 0, &why), PITH_CAND_SCORER);
}

static void test_choose_unrelated_block_needs_to_dwarf(void **state)
{
    (void)state;
    const char *why = NULL;
    pith_html_cand_t c[PITH_CAND_N] = {0};
    c[PITH_CAND_SCORER] = cand(1500, 1500, 1500);
    c[PITH_CAND_REGION] = cand(4500, 4400, 0); /* elsewhere, three times as long */
    assert_int_equal(pith_html_choose(c, 0, &why), PITH_CAND_SCORER);
    c[PITH_CAND_REGION] = cand(9000, 8800, 0); /* elsewhere, six times as long */
    assert_int_equal(pith_html_choose(c, 0, &why), PITH_CAND_REGION);
}

static void test_choose_json_ld_judges(void **state)
{
    (void)state;
    const char *why = NULL;
    pith_html_cand_t c[PITH_CAND_N] = {0};
    c[PITH_CAND_SCORER] = cand(900, 900, 900);
    c[PITH_CAND_SCORER].inld = 900;
    c[PITH_CAND_LDJSON] = cand(2600, 2500, 900);
    c[PITH_CAND_LDJSON].inld = 2500;
    c[PITH_CAND_REGION] = cand(2800, 2700, 900);
    c[PITH_CAND_REGION].inld = 2500;
    /* The region covers the body as well and keeps little besides: it wins
     * over the bare matched blocks only when it covers more. */
    assert_int_equal(pith_html_choose(c, 2600, &why), PITH_CAND_LDJSON);
    c[PITH_CAND_REGION].inld = 2580;
    assert_int_equal(pith_html_choose(c, 2600, &why), PITH_CAND_REGION);
    /* A scorer that covers the body stays. */
    c[PITH_CAND_SCORER].inld = 2400;
    c[PITH_CAND_SCORER].chars = 2500;
    assert_int_equal(pith_html_choose(c, 2600, &why), PITH_CAND_SCORER);
}

static void test_choose_when_scorer_found_nothing(void **state)
{
    (void)state;
    const char *why = NULL;
    pith_html_cand_t c[PITH_CAND_N] = {0};
    c[PITH_CAND_REGION] = cand(700, 650, 0);
    c[PITH_CAND_UNION] = cand(900, 850, 0);
    assert_int_equal(pith_html_choose(c, 0, &why), PITH_CAND_UNION);
}

/* ---- candidates on pages --------------------------------------------------- */

/* Every paragraph of the story in its own box whose class sounds like a
 * gallery, the boxes split by subheadings: the scorer distrusts them all. */
static void test_content_in_chrome_named_sections(void **state)
{
    (void)state;
    pith_buf_t b = {0};
    pith_buf_printf(&b, "<html><body>%s<main><div class=gallery-wrap>", NAV);
    for (size_t i = 0; i < NPARAS; i++)
        pith_buf_printf(&b, "<div class=gallery-item><h2>Part %zu</h2><span>%s</span></div>", i + 1,
                        PARAS[i]);
    pith_buf_printf(&b, "</div></main><footer><p>Copyright Example Media</p></footer>"
                        "</body></html>");
    int rc;
    char *body = clean(b.data, &rc);
    assert_int_equal(rc, 0);
    for (size_t i = 0; i < NPARAS; i++)
        assert_non_null(strstr(body, PARAS[i]));
    assert_null(strstr(body, "Copyright"));
    free(body);
    pith_buf_free(&b);
}

/* A page builder's "text and image" sections, each box's last class word
 * "image" (a layout word): the scorer takes the one plain paragraph, but
 * what the sections hold reads like prose, so the densest region, which
 * extends that paragraph, wins; the share bar between them stays out. */
static void test_layout_named_sections_read_as_content(void **state)
{
    (void)state;
    for (int form = 0; form < 2; form++) {
        pith_buf_t b = {0};
        /* The same inside a <form> that wraps the whole page (ASP.NET). */
        pith_buf_printf(&b,
                        "<html><body>%s%s<main><h1>Our plan</h1><div class=intro><p>%s</p></div>",
                        form ? "<form id=aspnetForm method=post>" : "", NAV, PARAS[0]);
        for (size_t i = 1; i + 1 < NPARAS; i += 2)
            pith_buf_printf(
                &b,
                "<section class=ContentTextAndImage><div class=ContentTextAndImage__Text>"
                "<h2>Step %zu</h2><p>%s</p><p>%s</p></div></section>",
                i, PARAS[i], PARAS[i + 1]);
        pith_buf_printf(&b,
                        "<div class=share-bar><p>Share this page with your friends and family "
                        "on every network you like to use every day</p></div>"
                        "</main><footer><p>Copyright Example Shop</p></footer>%s</body></html>",
                        form ? "</form>" : "");
        int rc;
        char *body = clean(b.data, &rc);
        assert_int_equal(rc, 0);
        for (size_t i = 0; i + 1 < NPARAS; i++)
            assert_non_null(strstr(body, PARAS[i]));
        assert_null(strstr(body, "Share this page"));
        assert_null(strstr(body, "Copyright"));
        free(body);
        pith_buf_free(&b);
    }
}

/* The only running text of the page is inside an <aside>: not empty. */
static void test_text_only_inside_chrome(void **state)
{
    (void)state;
    pith_buf_t b = {0};
    pith_buf_printf(&b, "<html><body>%s<aside><div>", NAV);
    for (size_t i = 0; i < 3; i++)
        pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
    pith_buf_printf(&b, "</div></aside></body></html>");
    int rc;
    char *body = clean(b.data, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(body, PARAS[0]));
    assert_non_null(strstr(body, PARAS[2]));
    assert_null(strstr(body, "Sport"));
    free(body);
    pith_buf_free(&b);
}

/* A page that carries its article only in JSON-LD (the visible page is a
 * shell a script fills in). */
static void test_json_ld_article_body_as_text(void **state)
{
    (void)state;
    pith_buf_t b = {0};
    pith_buf_printf(&b,
                    "<html><head><script type=\"application/ld+json\">{\"@type\":"
                    "\"NewsArticle\",\"headline\":\"Council approves budget\","
                    "\"articleBody\":\"%s\\n%s\\n%s\"}</script></head><body>%s"
                    "<div id=app>Loading...</div></body></html>",
                    PARAS[0], PARAS[1], PARAS[2], NAV);
    int rc;
    char *body = clean(b.data, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(body, PARAS[0]));
    assert_non_null(strstr(body, PARAS[2]));
    assert_null(strstr(body, "Loading"));
    free(body);
    pith_buf_free(&b);
}

/* The selection reads the articleBody of every script: of a script after
 * the one that gave the headline too (the metadata stops reading there),
 * and never of one that JSON does not read as it is (a raw line break in a
 * string: the metadata reads such a script with its control bytes
 * blanked, the selection does not). */
static void test_json_ld_article_body_which_scripts(void **state)
{
    (void)state;
    pith_buf_t b = {0};
    pith_buf_printf(&b,
                    "<html><head><script type=\"application/ld+json\">{\"@type\":"
                    "\"NewsArticle\",\"headline\":\"Council approves budget\"}</script>"
                    "<script type=\"application/ld+json\">{\"@type\":\"WebPage\","
                    "\"articleBody\":\"%s\\n%s\\n%s\"}</script></head><body>%s"
                    "<div id=app>Loading...</div></body></html>",
                    PARAS[0], PARAS[1], PARAS[2], NAV);
    int rc;
    char *body = clean(b.data, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(body, PARAS[0]));
    assert_non_null(strstr(body, PARAS[2]));
    free(body);
    pith_buf_reset(&b);
    pith_buf_printf(&b,
                    "<html><head><script type=\"application/ld+json\">{\"@type\":"
                    "\"NewsArticle\",\"headline\":\"Council approves budget\","
                    "\"articleBody\":\"%s\n%s\n%s\"}</script></head><body>%s"
                    "<div id=app>Loading...</div></body></html>",
                    PARAS[0], PARAS[1], PARAS[2], NAV);
    body = clean(b.data, &rc);
    assert_true(rc != 0 || !strstr(body, PARAS[0]));
    free(body);
    pith_buf_free(&b);
}

/* The JSON-LD articleBody names the article when the markup splits it into
 * boxes the scorer does not all take. */
static void test_json_ld_article_body_selects_blocks(void **state)
{
    (void)state;
    pith_buf_t b = {0};
    pith_buf_printf(&b, "<html><head><script type=\"application/ld+json\">{\"@type\":"
                        "\"NewsArticle\",\"headline\":\"Council approves budget\","
                        "\"articleBody\":\"");
    for (size_t i = 0; i < NPARAS; i++)
        pith_buf_printf(&b, "%s ", PARAS[i]);
    pith_buf_printf(&b, "\"}</script></head><body>%s<div class=story>", NAV);
    for (size_t i = 0; i < NPARAS; i++)
        pith_buf_printf(&b,
                        "<div class=\"media-block\"><div class=text-box>%s</div></div>"
                        "<div class=\"teaser\"><a href=/x%zu>Another story %zu</a></div>",
                        PARAS[i], i, i);
    pith_buf_printf(&b, "</div></body></html>");
    int rc;
    char *body = clean(b.data, &rc);
    assert_int_equal(rc, 0);
    for (size_t i = 0; i < NPARAS; i++)
        assert_non_null(strstr(body, PARAS[i]));
    assert_null(strstr(body, "Another story"));
    free(body);
    pith_buf_free(&b);
}

/* The lead above the body, in its own box apart from the story, joins the
 * scorer's pick; a bio after the story, in the same stretch of text, does
 * not. */
static void test_lead_joins_bio_does_not(void **state)
{
    (void)state;
    static const char LEAD[] = "After months of argument the council has passed a budget that "
                               "puts schools and transport first and leaves taxes for next year.";
    static const char BIO[] = "Jane Doe has covered city hall for the paper since 2009 and "
                              "before that wrote about schools and housing in the suburbs.";
    pith_buf_t b = {0};
    pith_buf_printf(&b,
                    "<html><body>%s<div class=page><div class=col><h1>Council approves "
                    "budget</h1><div class=intro><div><p>%s</p></div></div>"
                    "<div class=meta-line>By Jane Doe, 3 May</div></div><div class=col>"
                    "<div class=story-body>",
                    NAV, LEAD);
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
    pith_buf_printf(&b,
                    "</div><div class=writer><div><p>%s</p></div></div></div></div>"
                    "<footer><p>Copyright Example Media</p></footer></body></html>",
                    BIO);
    int rc;
    char *body = clean(b.data, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(body, LEAD));
    assert_true(strstr(body, LEAD) < strstr(body, PARAS[0]));
    assert_non_null(strstr(body, PARAS[3]));
    assert_null(strstr(body, BIO));
    free(body);
    pith_buf_free(&b);
}

/* A paragraph of the story in a box whose class word is a layout word
 * ("info") is the story's; the same paragraph in a box with a chrome word
 * ("share") stays out. */
static void test_layout_named_box_inside_story(void **state)
{
    (void)state;
    static const char MID[] = "Engineers who inspected the bridges last winter found that nine "
                              "of them need new bearings before the heavy traffic of the fair, "
                              "and that two of the oldest may have to close for a month while "
                              "the work is done.";
    static const char *const BOX[] = {"info-box", "share-box"};
    for (int k = 0; k < 2; k++) {
        pith_buf_t b = {0};
        pith_buf_printf(&b,
                        "<html><body>%s<div class=story-body><p>%s</p><p>%s</p>"
                        "<div class=%s><p>%s</p></div><p>%s</p><p>%s</p></div>"
                        "<footer><p>Copyright Example Media</p></footer></body></html>",
                        NAV, PARAS[0], PARAS[1], BOX[k], MID, PARAS[2], PARAS[3]);
        int rc;
        char *body = clean(b.data, &rc);
        assert_int_equal(rc, 0);
        assert_non_null(strstr(body, PARAS[0]));
        assert_non_null(strstr(body, PARAS[3]));
        if (k == 0)
            assert_non_null(strstr(body, MID));
        else
            assert_null(strstr(body, MID));
        free(body);
        pith_buf_free(&b);
    }
}

/* A lead right above the body joins it though its box's class word reads
 * like chrome ("article-header"); the same summary inside the article's
 * <header> element, which news pages set apart from the text, does not. */
static char *lead_page(const char *open, const char *close)
{
    static const char LEAD[] = "After months of argument the council has passed a budget that "
                               "puts schools and transport first and leaves taxes for next year. "
                               "The vote came late at night after a long debate in which every "
                               "member of the council spoke at least once.";
    pith_buf_t b = {0};
    pith_buf_printf(&b,
                    "<html><body>%s<div class=page><article>%s<h1>Council approves "
                    "budget</h1><p>%s</p>%s<div class=story-body>",
                    NAV, open, LEAD, close);
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
    pith_buf_printf(&b, "</div></article></div><footer><p>Copyright Example Media</p></footer>"
                        "</body></html>");
    int rc;
    char *body = clean(b.data, &rc);
    assert_int_equal(rc, 0);
    pith_buf_free(&b);
    assert_non_null(strstr(body, PARAS[3]));
    if (!strstr(body, LEAD)) {
        free(body);
        return NULL;
    }
    assert_true(strstr(body, LEAD) < strstr(body, PARAS[0]));
    return body;
}

static void test_teaser_lead_joins_header_summary_does_not(void **state)
{
    (void)state;
    char *body = lead_page("<div class=article-header>", "</div>");
    assert_non_null(body);
    free(body);
    assert_null(lead_page("<header>", "</header>"));
}

/* Guard: comments after a well-found article are not added, however long. */
static void test_comments_not_added(void **state)
{
    (void)state;
    pith_buf_t b = {0};
    pith_buf_printf(&b, "<html><body>%s<article><div class=entry-content>", NAV);
    for (size_t i = 0; i < 3; i++)
        pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
    pith_buf_printf(&b, "</div></article><div class=comment-list>");
    for (size_t r = 0; r < 4; r++)
        for (size_t i = 0; i < NPARAS; i++)
            pith_buf_printf(&b, "<div class=comment-body><p>Reader %zu wrote: %s</p></div>", r,
                            PARAS[(i + 3) % NPARAS]);
    pith_buf_printf(&b, "</div></body></html>");
    int rc;
    char *body = clean(b.data, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(body, PARAS[0]));
    assert_null(strstr(body, "Reader"));
    free(body);
    pith_buf_free(&b);
}

/* A heading left last in the article titles what follows it (a teaser
 * list, a newsletter form) and goes with it; one that ends in a full stop
 * is a sentence of the article set large, and stays. */
static void test_trailing_heading_dropped(void **state)
{
    (void)state;
    static const char *const LAST[] = {"Keep reading about the city", "It was a long night."};
    for (int k = 0; k < 2; k++) {
        pith_buf_t b = {0};
        pith_buf_printf(&b, "<html><body>%s<article><div class=entry-content>", NAV);
        for (size_t i = 0; i < 4; i++)
            pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
        pith_buf_printf(&b,
                        "<h3>%s</h3><ul><li><a href=/1>Budget row grows</a></li>"
                        "<li><a href=/2>Mayor under fire</a></li><li><a href=/3>Parks "
                        "reopen</a></li></ul></div></article></body></html>",
                        LAST[k]);
        int rc;
        char *body = clean(b.data, &rc);
        assert_int_equal(rc, 0);
        assert_non_null(strstr(body, PARAS[3]));
        if (k == 0)
            assert_null(strstr(body, LAST[k]));
        else
            assert_non_null(strstr(body, LAST[k]));
        free(body);
        pith_buf_free(&b);
    }
}

/* A short page (a video, a product) shows its declared description in a
 * box whose class reads as chrome: the summary joins the short text, in
 * page order. On a long article the same box stays out. */
static void test_description_joins_short_page(void **state)
{
    (void)state;
    static const char DESC[] = "New York is the centre of the outbreak in the United States, and "
                               "sport has come to a standstill there while the leagues wait.";
    for (int k = 0; k < 2; k++) {
        pith_buf_t b = {0};
        pith_buf_printf(&b,
                        "<html><head><meta property=og:description content=\"%s\"></head>"
                        "<body>%s<div class=clip-info><p>%s</p></div><main>",
                        DESC, NAV, DESC);
        for (size_t i = 0; i < (k ? NPARAS : 1); i++)
            pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
        pith_buf_printf(&b, "</main></body></html>");
        int rc;
        char *body = clean(b.data, &rc);
        assert_int_equal(rc, 0);
        assert_non_null(strstr(body, PARAS[0]));
        if (k == 0) {
            assert_non_null(strstr(body, DESC));
            assert_true(strstr(body, DESC) < strstr(body, PARAS[0]));
        } else {
            assert_null(strstr(body, DESC));
        }
        free(body);
        pith_buf_free(&b);
    }
}

/* A menu-only page stays empty: no candidate invents an article. */
static void test_no_running_text_stays_empty(void **state)
{
    (void)state;
    pith_buf_t b = {0};
    pith_buf_printf(&b,
                    "<html><body>%s<div><h1>Welcome</h1><p>Choose a section.</p></div>"
                    "</body></html>",
                    NAV);
    int rc;
    char *body = clean(b.data, &rc);
    assert_int_equal(rc, PITH_ENOTEXT);
    assert_null(body);
    pith_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_choose_scorer_stands),
        cmocka_unit_test(test_choose_extension_with_more_text),
        cmocka_unit_test(test_choose_unrelated_block_needs_to_dwarf),
        cmocka_unit_test(test_choose_json_ld_judges),
        cmocka_unit_test(test_choose_when_scorer_found_nothing),
        cmocka_unit_test(test_content_in_chrome_named_sections),
        cmocka_unit_test(test_layout_named_sections_read_as_content),
        cmocka_unit_test(test_text_only_inside_chrome),
        cmocka_unit_test(test_json_ld_article_body_as_text),
        cmocka_unit_test(test_json_ld_article_body_selects_blocks),
        cmocka_unit_test(test_lead_joins_bio_does_not),
        cmocka_unit_test(test_layout_named_box_inside_story),
        cmocka_unit_test(test_teaser_lead_joins_header_summary_does_not),
        cmocka_unit_test(test_comments_not_added),
        cmocka_unit_test(test_trailing_heading_dropped),
        cmocka_unit_test(test_description_joins_short_page),
        cmocka_unit_test(test_no_running_text_stays_empty),
        cmocka_unit_test(test_json_ld_article_body_which_scripts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
