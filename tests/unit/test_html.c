/* HTML extraction: main-content selection and cleaning, the declared
 * metadata (Open Graph, JSON-LD, the page's fallbacks, itemprop), and
 * hostile pages (deep nesting, huge attributes, broken markup) that must
 * neither crash nor stall. The pre-pass, the hint tables and the shown
 * metadata have their own tests (test_html_prescan.c, test_html_hints.c,
 * test_html_meta.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "html_hints.h"
#include "pith/buf.h"
#include "pith/pith.h"
#include "test_article.h"
#include "pith/render.h"
#include "pith/rules.h"

/* ---- helpers ------------------------------------------------------------- */

/* A page with the article (with an <h1> headline) between typical chrome. */
static void article_page(pith_buf_t *b, const char *head, const char *extra_body)
{
    pith_buf_printf(b,
                    "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=utf-8>%s</head>"
                    "<body><header class=site-header><nav class=menu><ul>"
                    "<li><a href=/>Home</a></li><li><a href=/news>News</a></li>"
                    "<li><a href=/sport>Sport</a></li><li><a href=/weather>Weather</a></li>"
                    "</ul></nav></header><div id=main><article class=post>"
                    "<h1>Council approves budget</h1>"
                    "<div class=share><a href=#>Share on Facebook</a> <a href=#>Tweet</a></div>"
                    "<div class=entry-content>",
                    head);
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(b, "<p>%s</p>", PARAS[i]);
    pith_buf_printf(b,
                    "<p>Advertisement</p>%s</div></article>"
                    "<aside class=sidebar><h3>Most read</h3><ul>"
                    "<li><a href=/a>Something else happened today in the town</a></li>"
                    "<li><a href=/b>Another story that people clicked on a lot</a></li>"
                    "</ul></aside><div id=comments class=comments-area><h3>Leave a Reply</h3>"
                    "<p>I think this is a terrible idea and the council should resign, all of "
                    "them, right now, without delay.</p></div></div>"
                    "<footer><p>Copyright 2019 Example Media. All rights reserved.</p>"
                    "</footer></body></html>",
                    extra_body);
}

static pith_doc_t *extract_with(const char *html, size_t n, const char *url, int *rc)
{
    pith_hints_t h = {0};
    h.type = PITH_TYPE_HTML;
    h.url = url;
    pith_doc_t *doc = NULL;
    pith_err_t err;
    *rc = pith_extract((const uint8_t *)html, n, &h, &doc, &err);
    return doc;
}

static pith_doc_t *extract(const char *html, const char *url)
{
    int rc;
    pith_doc_t *doc = extract_with(html, strlen(html), url, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(doc);
    return doc;
}

static char *body_of(const pith_doc_t *doc)
{
    pith_buf_t b = {0};
    assert_int_equal(pith_doc_body(doc, &b), 0);
    return pith_buf_steal(&b);
}

/* ---- content selection ---------------------------------------------------- */

static void test_article_selected_chrome_dropped(void **state)
{
    pith_buf_t b = {0};
    article_page(&b, "", "");
    pith_doc_t *doc = extract(b.data, NULL);
    assert_int_equal(doc->nparas, 4);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(doc->paras[i], PARAS[i]);
    char *body = body_of(doc);
    assert_null(strstr(body, "Sport"));
    assert_null(strstr(body, "terrible idea"));
    assert_null(strstr(body, "Advertisement"));
    assert_null(strstr(body, "Share on"));
    assert_null(strstr(body, "Copyright"));
    assert_null(strstr(body, "Council approves budget")); /* the headline */
    free(body);
    pith_doc_destroy(doc);
    pith_buf_free(&b);
}

static void test_lists_tables_breaks(void **state)
{
    pith_buf_t b = {0};
    article_page(&b, "",
                 "<h2>What changes</h2><ul><li>Bus fares fall by a fifth</li>"
                 "<li>Parks open later</li></ul>"
                 "<table><tr><td>Schools</td><td>12%</td></tr><tr><td>Roads</td><td>8%</td></tr>"
                 "</table><p>First line<br>second line</p><blockquote>A quoted remark from a "
                 "resident who came to the meeting.</blockquote>");
    pith_doc_t *doc = extract(b.data, NULL);
    char *body = body_of(doc);
    assert_non_null(strstr(body, "\n\nWhat changes\n\n"));
    assert_non_null(strstr(body, "\n\n- Bus fares fall by a fifth\n- Parks open later\n\n"));
    assert_non_null(strstr(body, "Schools | 12%\nRoads | 8%"));
    assert_non_null(strstr(body, "First line\nsecond line"));
    assert_non_null(strstr(body, "A quoted remark"));
    free(body);
    pith_doc_destroy(doc);
    pith_buf_free(&b);
}

/* The article's structure stays in its paragraphs and their shapes:
 * headings alone, items with markers (nested ones after "- " per level,
 * numbered ones counted), one table row a line, quotes as paragraphs. */
static void test_structure_kept(void **state)
{
    pith_buf_t b = {0};
    article_page(&b, "",
                 "<h3>How it works</h3><ol><li>Apply online</li><li>Wait for the letter"
                 "<ul><li>It takes a week</li><li>Or two</li></ul>then call us</li>"
                 "<li>Pay the fee</li></ol>"
                 "<table><thead><tr><th>Zone</th><th>Fare</th></tr></thead>"
                 "<tbody><tr><td>A</td><td>2.10</td></tr></tbody></table>"
                 "<blockquote><p>First quoted paragraph from the mayor.</p>"
                 "<p>Second one.</p></blockquote>");
    pith_doc_t *doc = extract(b.data, NULL);
    char *body = body_of(doc);
    assert_non_null(strstr(body, "\n\nHow it works\n\n1. Apply online\n2. Wait for the letter\n"
                                 "- - It takes a week\n- - Or two\nthen call us\n3. Pay the fee\n\n"
                                 "Zone | Fare\nA | 2.10\n\nFirst quoted paragraph from the mayor."
                                 "\n\nSecond one.\n"));
    int seen = 0;
    for (size_t i = 0; i < doc->nparas; i++) {
        const char *s = doc->paras[i], *shape = doc->shapes[i];
        if (!strcmp(s, "How it works"))
            assert_string_equal(shape, "h3"), seen++;
        else if (!strncmp(s, "1. Apply", 8))
            assert_string_equal(shape, "laaBB1a"), seen++;
        else if (!strncmp(s, "Zone", 4))
            assert_string_equal(shape, "thr"), seen++;
        else if (!strncmp(s, "Second one", 10))
            assert_string_equal(shape, "q"), seen++;
    }
    assert_int_equal(seen, 4);
    free(body);
    pith_doc_destroy(doc);
    pith_buf_free(&b);
}

/* An article that sits in one list item or one layout cell is not a list
 * or a table: the structure counts only below the article's root. */
static void test_root_is_not_structure(void **state)
{
    pith_buf_t b = {0};
    pith_buf_printf(&b,
                    "<html><body><table><tr><td><a href=/>Home</a></td></tr><tr><td>"
                    "<ul><li><p>%s</p><p>%s</p><p>%s</p></li></ul></td></tr></table>"
                    "</body></html>",
                    PARAS[0], PARAS[1], PARAS[2]);
    pith_doc_t *doc = extract(b.data, NULL);
    for (size_t i = 0; i < doc->nparas; i++) {
        assert_null(doc->shapes[i]);
        assert_true(doc->paras[i][0] != '-');
    }
    assert_true(doc->nparas >= 3);
    pith_doc_destroy(doc);
    pith_buf_free(&b);
}

/* With links wanted, a paragraph's shape carries its links' texts and
 * absolute addresses, and the Markdown shows them; the text is the same. */
static void test_links_noted(void **state)
{
    const char *html =
        "<html><body><article><h1>T</h1><p>The council voted on <a "
        "href=\"/news/b.html\">the new budget</a>, which raises spending, said "
        "the mayor in a long speech at the town hall today.</p><p>Supporters said the plan, "
        "drafted over six months of hearings, would repair roads that have been "
        "neglected for decades, while critics warned that taxes would rise.</p><ul><li>Read "
        "<a href=\"x.html\">the plan</a> of the council first</li><li>Then "
        "write a <a href=\"#c\">comment</a> below it</li></ul></article></body></html>";
    pith_hints_t h = {0};
    h.type = PITH_TYPE_HTML;
    h.url = "https://example.com/d/page.html";
    pith_doc_t *plain = NULL, *doc = NULL;
    assert_int_equal(pith_extract((const uint8_t *)html, strlen(html), &h, &plain, NULL), 0);
    h.links = 1;
    assert_int_equal(pith_extract((const uint8_t *)html, strlen(html), &h, &doc, NULL), 0);
    assert_string_equal(doc->id, plain->id);
    assert_null(plain->shapes[0]);
    assert_string_equal(doc->shapes[0], "\nthe new budget\thttps://example.com/news/b.html\n");
    assert_int_equal(doc->nparas, 3);
    assert_string_equal(doc->shapes[2], "lAA\nthe plan\thttps://example.com/d/x.html\n");
    pith_buf_t md = {0};
    assert_int_equal(pith_render_markdown(doc, 1, &md, NULL), 0);
    assert_non_null(strstr(md.data, "voted on [the new budget](https://example.com/news/b.html),"));
    assert_non_null(strstr(md.data, "- Read [the plan](https://example.com/d/x.html) of the "
                                    "council first\n- Then write a comment below it\n"));
    pith_buf_free(&md);
    pith_doc_destroy(doc);
    pith_doc_destroy(plain);
}

static void test_hidden_and_captions_dropped(void **state)
{
    pith_buf_t b = {0};
    article_page(&b, "",
                 "<figure><img src=x.jpg><figcaption>The town hall at dusk. Photo by "
                 "somebody.</figcaption></figure><div style=\"display: none\">Secret text that "
                 "nobody sees, hidden away by the page.</div><p hidden>Also hidden, long enough "
                 "to count as a paragraph.</p>");
    pith_doc_t *doc = extract(b.data, NULL);
    char *body = body_of(doc);
    assert_null(strstr(body, "town hall at dusk"));
    assert_null(strstr(body, "Secret text"));
    assert_null(strstr(body, "Also hidden"));
    free(body);
    pith_doc_destroy(doc);
    pith_buf_free(&b);
}

static void test_no_article(void **state)
{
    const char *pages[] = {
        "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>"
        "<p>The page you requested was not found.</p></body></html>",
        "<html><body><nav><ul><li><a href=/a>Politics</a></li><li><a href=/b>Business and "
        "money</a></li><li><a href=/c>Culture</a></li></ul></nav><div class=teasers>"
        "<h2><a href=/1>A story about a thing that happened in a place</a></h2>"
        "<h2><a href=/2>Another story about another thing that happened</a></h2>"
        "<h2><a href=/3>The third story in a long list of linked headlines</a></h2>"
        "</div></body></html>",
    };
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        int rc;
        pith_doc_t *doc = extract_with(pages[i], strlen(pages[i]), NULL, &rc);
        assert_int_equal(rc, PITH_ENOTEXT);
        assert_null(doc);
    }
}

/* ---- generic cleaning ----------------------------------------------------- */

static void test_boilerplate_any_script(void **state)
{
    const char *yes[] = {"Поделиться",
                         "ЧИТАЙТЕ ТАКЖЕ:",
                         "Lesen Sie auch",
                         "Partager",
                         "Lire aussi :",
                         "Compartir",
                         "Leia também…",
                         "Teilen",
                         "The post Budget vote appeared first on Example News.",
                         "(Getty Images)",
                         "Image source, Reuters"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        assert_true(pith_html_boilerplate(yes[i], strlen(yes[i])));
    assert_true(pith_html_section_title("Você pode gostar...", strlen("Você pode gostar...")));
    assert_true(pith_html_section_title("Читайте также", strlen("Читайте также")));
    assert_false(pith_html_section_title("Advertisement", 13));
    const char *prose = "Поделиться мнением о бюджете пришли сотни жителей города, и заседание "
                        "продолжалось до поздней ночи.";
    assert_false(pith_html_boilerplate(prose, strlen(prose)));
}

/* A box opening with a "related" title, in any language and without any
 * class names, is not part of the article even when it holds more text
 * than the article; a Russian share prompt inside the article goes too. */
static void test_titled_related_section_dropped(void **state)
{
    const char *titles[] = {"Você pode gostar...", "Читайте также", "Related stories"};
    for (size_t t = 0; t < sizeof titles / sizeof *titles; t++) {
        pith_buf_t b = {0};
        pith_buf_printf(&b, "<html><body><div id=wrap><article><h1>Council approves budget</h1>");
        for (size_t i = 0; i < 4; i++)
            pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
        pith_buf_printf(&b, "<p>Поделиться</p></article><article><h3>%s</h3>", titles[t]);
        for (size_t i = 0; i < 6; i++)
            pith_buf_printf(&b,
                            "<article><p>Another story number %zu, which tells at length "
                            "of a festival, a fire, a football match and a storm that "
                            "closed the coastal road for two days last winter.</p></article>",
                            i);
        pith_buf_printf(&b, "</article></div></body></html>");
        pith_doc_t *doc = extract(b.data, NULL);
        char *body = body_of(doc);
        assert_non_null(strstr(body, PARAS[0]));
        assert_non_null(strstr(body, PARAS[3]));
        assert_null(strstr(body, "Another story"));
        assert_null(strstr(body, titles[t]));
        assert_null(strstr(body, "Поделиться"));
        free(body);
        pith_doc_destroy(doc);
        pith_buf_free(&b);
    }
}

/* A closing label ("Über den Autor", "Kontakt:") among the article's last
 * paragraphs ends it: the bio or address after it goes. The same label
 * early in the article, with most of the text still to come, is one of its
 * own headings and stays, with what follows it. */
static void test_closing_label_ends_article(void **state)
{
    const char *labels[] = {"Über den Autor", "Kontakt:", "Mehr Themen:", "Discover more stories",
                            "Découvrez aussi"};
    for (size_t t = 0; t < sizeof labels / sizeof *labels; t++) {
        for (int early = 0; early <= 1; early++) {
            pith_buf_t b = {0};
            pith_buf_printf(
                &b, "<html><body><div id=wrap><div class=content><h1>Council approves budget</h1>");
            for (size_t i = 0; i < 4; i++) {
                if (early && i == 1)
                    pith_buf_printf(&b, "<h2>%s</h2>", labels[t]);
                pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
            }
            if (!early)
                pith_buf_printf(&b,
                                "<h3>%s</h3><p>Jane Doe has written about city politics for "
                                "twenty years, lives by the river and keeps bees.</p>",
                                labels[t]);
            pith_buf_printf(&b, "</div></div></body></html>");
            pith_doc_t *doc = extract(b.data, NULL);
            char *body = body_of(doc);
            assert_non_null(strstr(body, PARAS[0]));
            assert_non_null(strstr(body, PARAS[3]));
            if (early) {
                assert_non_null(strstr(body, PARAS[1]));
                assert_non_null(strstr(body, labels[t]));
            } else {
                assert_null(strstr(body, "Jane Doe"));
                assert_null(strstr(body, labels[t]));
            }
            free(body);
            pith_doc_destroy(doc);
            pith_buf_free(&b);
        }
    }
}

/* A closing appeal to the reader, a long paragraph with no label before it
 * ("... delivered to your inbox ..."), goes where it ends the article, with
 * the sign-off after it; the same paragraph amid the article stays. */
static void test_closing_appeal_ends_article(void **state)
{
    const char *appeal = "Did you like this story about the council and its budget? Then "
                         "subscribe and get the best stories of the week delivered to your "
                         "inbox every Friday, free of charge and without any advertising.";
    for (int last = 0; last <= 1; last++) {
        pith_buf_t b = {0};
        pith_buf_printf(
            &b, "<html><body><div id=wrap><div class=content><h1>Council approves budget</h1>");
        for (size_t i = 0; i < 4; i++) {
            if (!last && i == 2)
                pith_buf_printf(&b, "<p>%s</p>", appeal);
            pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
        }
        if (last)
            pith_buf_printf(&b, "<p>%s</p><p>All the best, Jane Doe</p>", appeal);
        pith_buf_printf(&b, "</div></div></body></html>");
        pith_doc_t *doc = extract(b.data, NULL);
        char *body = body_of(doc);
        assert_non_null(strstr(body, PARAS[0]));
        assert_non_null(strstr(body, PARAS[3]));
        if (last) {
            assert_null(strstr(body, "to your inbox"));
            assert_null(strstr(body, "All the best"));
        } else
            assert_non_null(strstr(body, "to your inbox"));
        free(body);
        pith_doc_destroy(doc);
        pith_buf_free(&b);
    }
}

/* Page builders wrap each paragraph in the same "card" box; a run of them
 * is the story, not furniture. Rows of a table whose class names sound
 * like chrome ("player-...") are data. Feed footers and credits go. */
static void test_repeated_cards_and_table_rows_kept(void **state)
{
    pith_buf_t b = {0};
    pith_buf_printf(&b, "<html><body><nav><a href=/>Home</a> <a href=/n>News</a></nav>"
                        "<article><h1>Council approves budget</h1><div id=article-body>");
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&b,
                        "<div class=\"card collection-item\"><div class=card-content><p>%s"
                        "</p></div></div>",
                        PARAS[i]);
    pith_buf_printf(&b, "<table><tr class=\"oddrow player-12\"><td>1</td><td>Kyle Busch</td>"
                        "<td>5040</td></tr><tr class=\"evenrow player-13\"><td>2</td>"
                        "<td>Martin Truex</td><td>5035</td></tr></table>"
                        "<p>(Getty Images)</p><p>The post Council approves budget appeared "
                        "first on Example News.</p></div></article></body></html>");
    pith_doc_t *doc = extract(b.data, NULL);
    char *body = body_of(doc);
    for (size_t i = 0; i < 4; i++)
        assert_non_null(strstr(body, PARAS[i]));
    assert_non_null(strstr(body, "1 | Kyle Busch | 5040\n2 | Martin Truex | 5035"));
    assert_null(strstr(body, "Getty"));
    assert_null(strstr(body, "appeared first"));
    free(body);
    pith_doc_destroy(doc);
    pith_buf_free(&b);
}

/* Users' site profiles apply to HTML pages as to text dumps. */
static void test_site_rules_applied(void **state)
{
    pith_err_t err = {0};
    pith_rules_t *rules = pith_rules_create();
    assert_non_null(rules);
    const char *conf = "[profile example]\nhost = example.org\ndrop = ^Supporters said\n"
                       "cut_after = ^Opposition members\n";
    assert_int_equal(pith_rules_add_string(rules, conf, strlen(conf), "t.conf", &err), 0);
    pith_buf_t b = {0};
    article_page(&b, "", "");
    for (int match = 0; match < 2; match++) {
        pith_hints_t h = {0};
        h.type = PITH_TYPE_HTML;
        h.url = match ? "https://news.example.org/2019/budget" : "https://example.com/budget";
        h.rules = rules;
        pith_doc_t *doc = NULL;
        assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
        char *body = body_of(doc);
        assert_non_null(strstr(body, PARAS[0]));
        assert_non_null(strstr(body, PARAS[2]));
        if (match) {
            assert_null(strstr(body, "Supporters said"));
            assert_null(strstr(body, "Opposition members"));
        } else {
            assert_non_null(strstr(body, "Supporters said"));
            assert_non_null(strstr(body, "Opposition members"));
        }
        free(body);
        pith_doc_destroy(doc);
    }
    pith_buf_free(&b);
    pith_rules_destroy(rules);
}

/* ---- metadata ------------------------------------------------------------- */

static void test_meta_open_graph(void **state)
{
    pith_buf_t b = {0};
    article_page(&b,
                 "<title>Council approves budget | The Example Times</title>"
                 "<meta property=\"og:title\" content=\"Council approves budget - The Example "
                 "Times\"><meta property=\"og:site_name\" content=\"The Example Times\">"
                 "<meta property=\"article:published_time\" content=\"2019-11-19T14:03:00+00:00\">"
                 "<meta name=author content=\"Jane Doe\">"
                 "<meta property=\"article:tag\" content=\"budget\">"
                 "<meta property=\"article:tag\" content=\"council\">"
                 "<meta name=keywords content=\"ignored, because, tags exist\">"
                 "<meta property=\"og:description\" content=\"The &amp; budget passed.\">"
                 "<link rel=canonical href=\"/news/2019/11/19/budget.html\">",
                 "<p>Jane Doe</p>");
    pith_doc_t *doc = extract(b.data, "https://example.org/x?y=1");
    assert_string_equal(doc->title, "Council approves budget");
    /* site is the host of the caller's URL, the publisher's name goes to
     * sitename, and the caller's URL wins over the declared canonical. */
    assert_string_equal(doc->site, "example.org");
    assert_string_equal(doc->sitename, "The Example Times");
    assert_string_equal(doc->date, "2019-11-19T14:03:00+00:00");
    assert_string_equal(doc->author, "Jane Doe");
    assert_string_equal(doc->url, "https://example.org/x?y=1");
    assert_string_equal(doc->canonical, "https://example.org/news/2019/11/19/budget.html");
    assert_string_equal(doc->lang, "en");
    assert_int_equal(doc->ntags, 2);
    assert_string_equal(doc->tags[0], "budget");
    assert_string_equal(doc->tags[1], "council");
    assert_string_equal(doc->description, "The & budget passed.");
    pith_doc_destroy(doc);
    pith_buf_free(&b);
}

static void test_meta_json_ld(void **state)
{
    pith_buf_t b = {0};
    article_page(&b,
                 "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
                 "\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"Site\"},{\"@type\":\"NewsArticle\","
                 "\"headline\":\"Budget passes after long night\",\"datePublished\":"
                 "\"2020-02-03T09:30:00+01:00\",\"author\":[{\"@type\":\"Person\",\"name\":\"A. "
                 "Writer\"},{\"@type\":\"Person\",\"name\":\"B. Writer\"}],\"keywords\":"
                 "[\"budget\",\"city\"],\"inLanguage\":\"de-DE\"}]}</script>",
                 "<p>B. Writer</p>");
    pith_doc_t *doc = extract(b.data, NULL);
    assert_string_equal(doc->title, "Budget passes after long night");
    assert_string_equal(doc->date, "2020-02-03T09:30:00+01:00");
    assert_string_equal(doc->author, "A. Writer, B. Writer");
    assert_int_equal(doc->ntags, 2);
    assert_string_equal(doc->tags[1], "city");
    assert_string_equal(doc->lang, "en"); /* <html lang> comes first */
    pith_doc_destroy(doc);
    pith_buf_free(&b);
}

static void test_meta_page_fallbacks(void **state)
{
    /* No meta tags: the <h1> is the title, <time datetime> the date, the
     * host the site, and the <title>'s suffix is cut. */
    pith_buf_t b = {0};
    article_page(&b, "<title>Council approves budget - Example</title>",
                 "<p>Published <time datetime=\"2018-05-06\">6 May</time>.</p>");
    pith_doc_t *doc = extract(b.data, "https://www.example.com/a/b");
    assert_string_equal(doc->title, "Council approves budget");
    assert_string_equal(doc->date, "2018-05-06");
    assert_string_equal(doc->site, "example.com");
    pith_doc_destroy(doc);
    pith_buf_free(&b);

    /* Only a <title>; the date comes from the URL. */
    pith_buf_t c = {0};
    pith_buf_puts(&c, "<html><head><title>Rain expected all week | Weather Desk</title>"
                      "</head><body><div class=story>");
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&c, "<p>%s</p>", PARAS[i]);
    pith_buf_puts(&c, "</div></body></html>");
    doc = extract(c.data, "https://news.example.net/2017/03/09/rain-expected");
    assert_string_equal(doc->title, "Rain expected all week");
    assert_string_equal(doc->date, "2017-03-09");
    assert_string_equal(doc->url, "https://news.example.net/2017/03/09/rain-expected");
    pith_doc_destroy(doc);
    pith_buf_free(&c);
}

static void test_meta_itemprop(void **state)
{
    pith_buf_t b = {0};
    article_page(&b, "",
                 "<p><span itemprop=author>By Sam Reporter</span> "
                 "<meta itemprop=datePublished content=\"2016-01-02\"></p>");
    pith_doc_t *doc = extract(b.data, NULL);
    assert_string_equal(doc->author, "Sam Reporter");
    assert_string_equal(doc->date, "2016-01-02");
    pith_doc_destroy(doc);
    pith_buf_free(&b);
}

/* ---- hostile input ---------------------------------------------------------- */

static void test_deep_nesting(void **state)
{
    pith_buf_t b = {0};
    const char *tags[] = {"div", "span", "b", "table", "li"};
    for (size_t t = 0; t < sizeof tags / sizeof *tags; t++) {
        pith_buf_reset(&b);
        for (int i = 0; i < 100000; i++)
            pith_buf_printf(&b, "<%s>", tags[t]);
        pith_buf_printf(&b, "<p>%s</p><p>%s</p>", PARAS[0], PARAS[1]);
        for (int i = 0; i < 100000; i++)
            pith_buf_printf(&b, "</%s>", tags[t]);
        int rc;
        pith_doc_t *doc = extract_with(b.data, b.len, NULL, &rc);
        assert_true(rc == 0 || rc == PITH_ENOTEXT);
        if (rc == 0) {
            char *body = body_of(doc);
            assert_non_null(strstr(body, "city council voted"));
            free(body);
        }
        pith_doc_destroy(doc);
    }
    pith_buf_free(&b);
}

static void test_huge_attributes(void **state)
{
    pith_buf_t b = {0};
    pith_buf_puts(&b, "<html><body><div class=\"");
    for (int i = 0; i < 400000; i++)
        pith_buf_puts(&b, "content ");
    pith_buf_puts(&b, "\" data-x='");
    for (int i = 0; i < 500000; i++)
        pith_buf_puts(&b, "<>\"&amp;");
    pith_buf_puts(&b, "'>");
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&b, "<p>%s</p>", PARAS[i]);
    pith_buf_puts(&b, "</div></body></html>");
    pith_doc_t *doc = extract(b.data, NULL);
    assert_int_equal(doc->nparas, 4);
    pith_doc_destroy(doc);
    pith_buf_free(&b);
}

/* pith_extract_buf uses the caller's buffer as working memory and gives the
 * document pith_extract gives: an HTML page (the pre-pass in place, the
 * buffer shrunk to what it kept), the same page in windows-1252 (the
 * transcoded copy is the working memory) and a text dump (not copied). */
static void expect_same_from_buf(const char *in, size_t n, pith_type_t type, const char *charset,
                                 size_t max_cap_after)
{
    pith_hints_t h = {.type = type, .charset = charset, .url = "https://example.org/a/b.html"};
    pith_doc_t *a = NULL, *b = NULL;
    assert_int_equal(pith_extract((const uint8_t *)in, n, &h, &a, NULL), 0);
    pith_buf_t own = {0};
    assert_int_equal(pith_buf_append(&own, in, n), 0);
    assert_int_equal(pith_extract_buf(&own, &h, &b, NULL), 0);
    if (max_cap_after)
        assert_true(own.cap <= max_cap_after);
    pith_buf_t ja = {0}, jb = {0};
    assert_int_equal(pith_render_json(a, &ja, NULL), 0);
    assert_int_equal(pith_render_json(b, &jb, NULL), 0);
    assert_string_equal(ja.data, jb.data);
    pith_buf_free(&ja);
    pith_buf_free(&jb);
    pith_buf_free(&own);
    pith_doc_destroy(a);
    pith_doc_destroy(b);
}

/* A page with a run of stray NUL bytes past its head (a template's padding)
 * is cleaned, not refused as binary, and no NUL reaches the document, from
 * pith_extract (a copy) or pith_extract_buf (in place). */
static void test_stray_nul_bytes(void **state)
{
    (void)state;
    pith_buf_t head = {0}, page = {0};
    pith_buf_puts(&head, "<title>Council approves budget</title><style>");
    for (int i = 0; i < 40; i++)
        pith_buf_puts(&head, ".share a { margin: 0 4px; color: #333; }\n");
    pith_buf_puts(&head, "</style>");
    article_page(&page, head.data, "");
    pith_buf_free(&head);
    char *at = strstr(page.data, "Tweet"); /* in the share box before the body */
    assert_non_null(at);
    assert_true(at - page.data > 1024);
    memset(at + 1, 0, 3);
    int rc;
    pith_doc_t *doc = extract_with(page.data, page.len, NULL, &rc);
    assert_int_equal(rc, 0);
    char *body = body_of(doc);
    assert_non_null(strstr(body, PARAS[0]));
    free(body);
    pith_doc_destroy(doc);
    pith_hints_t h = {.type = PITH_TYPE_AUTO};
    assert_int_equal(pith_extract_buf(&page, &h, &doc, NULL), 0);
    body = body_of(doc);
    for (size_t i = 0; i < 4; i++)
        assert_non_null(strstr(body, PARAS[i]));
    free(body);
    pith_doc_destroy(doc);
    pith_buf_free(&page);
}

static void test_extract_buf(void **state)
{
    (void)state;
    pith_buf_t head = {0}, page = {0};
    pith_buf_puts(&head, "<title>Council approves budget</title><script>");
    for (int i = 0; i < 40000; i++) /* 1.6 MB: enough to be given back */
        pith_buf_puts(&head, "var tracking = window.dataLayer || [];\n");
    pith_buf_puts(&head, "</script>");
    article_page(&page, head.data, "");
    pith_buf_free(&head);
    /* The script was most of the page; the buffer keeps the rest. */
    expect_same_from_buf(page.data, page.len, PITH_TYPE_AUTO, NULL, page.len / 4);
    pith_buf_t latin = {0};
    article_page(&latin, "",
                 "<p>Caf\xe9"
                 " cr\xe8"
                 "me, na\xef"
                 "ve fa\xe7"
                 "ade: the council\x92"
                 "s plan.</p>");
    expect_same_from_buf(latin.data, latin.len, PITH_TYPE_HTML, "windows-1252", 0);
    pith_buf_t dump = {0};
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(&dump, "%s\n\n", PARAS[i]);
    expect_same_from_buf(dump.data, dump.len, PITH_TYPE_TEXT, NULL, 0);
    pith_buf_free(&page);
    pith_buf_free(&latin);
    pith_buf_free(&dump);
}

static void test_malformed(void **state)
{
    const char *pages[] = {
        "<p>unclosed <b>bold <i>italic <a href='x>text",
        "<html><body><p>"
        "</table></tr></td><li></ul>"
        "<<<>>><//><!--",
        "<script>never closed",
        "<svg><svg><svg>",
        "<title>only a title",
        "<html><head><script type=application/ld+json>{\"@graph\":[[[[[[[[[[[[{}]]]]]]]]]]]]}"
        "</script></head><body><div><p>Short.</p></div></body></html>",
        "<table><td><table><td><table><td><p>cells in cells in cells, with text that runs "
        "long enough to count as a paragraph of an article</p>",
        "\xef\xbb\xbf<html><body>\xff\xfe broken bytes <p>\xc3\x28 and more</p></body></html>",
    };
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        int rc;
        pith_doc_t *doc = extract_with(pages[i], strlen(pages[i]), NULL, &rc);
        assert_true(rc == 0 || rc == PITH_ENOTEXT || rc == PITH_EEMPTY);
        assert_true((rc == 0) == (doc != NULL));
        pith_doc_destroy(doc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_article_selected_chrome_dropped),
        cmocka_unit_test(test_lists_tables_breaks),
        cmocka_unit_test(test_structure_kept),
        cmocka_unit_test(test_root_is_not_structure),
        cmocka_unit_test(test_links_noted),
        cmocka_unit_test(test_hidden_and_captions_dropped),
        cmocka_unit_test(test_no_article),
        cmocka_unit_test(test_boilerplate_any_script),
        cmocka_unit_test(test_titled_related_section_dropped),
        cmocka_unit_test(test_closing_label_ends_article),
        cmocka_unit_test(test_closing_appeal_ends_article),
        cmocka_unit_test(test_repeated_cards_and_table_rows_kept),
        cmocka_unit_test(test_site_rules_applied),
        cmocka_unit_test(test_meta_open_graph),
        cmocka_unit_test(test_meta_json_ld),
        cmocka_unit_test(test_meta_page_fallbacks),
        cmocka_unit_test(test_meta_itemprop),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_huge_attributes),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_extract_buf),
        cmocka_unit_test(test_stray_nul_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
