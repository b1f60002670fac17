/* Large pages parsed in pieces (html_pieces.c): where the plan cuts, and
 * where its strict scan stops (an element Gumbo would close on its own, a
 * table, misnested formatting), so that the pieces parse as the whole page
 * would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "html_meta.h"
#include "html_pieces.h"

#define HEAD                                                                                       \
    "<!DOCTYPE html><html><head><title>T</title></head><body><nav><a href=/>Home</a></nav>"        \
    "<div id=main><article><h1>T</h1><div class=content>"
#define PARA "<p>Some words <a href=/x>a link</a>, <b>bold</b> and more words.</p>\n"

/* HEAD, paragraphs (with odd at paragraph at_para, if any) up to size
 * bytes, then the page's end. */
static char *page(size_t size, const char *odd, size_t at_para, size_t *len)
{
    char *s = malloc(size + 4096);
    assert_non_null(s);
    size_t n = 0;
    memcpy(s, HEAD, sizeof HEAD - 1);
    n += sizeof HEAD - 1;
    for (size_t i = 0; n < size; i++) {
        const char *u = odd && i == at_para ? odd : PARA;
        memcpy(s + n, u, strlen(u));
        n += strlen(u);
    }
    const char *tail = "</div></article></div><footer>F</footer></body></html>";
    memcpy(s + n, tail, strlen(tail) + 1);
    *len = n + strlen(tail);
    return s;
}

static void test_pieces_cut_the_article(void **state)
{
    (void)state;
    size_t len;
    char *s = page(PITH_PIECES_MIN + 100000, NULL, 0, &len);
    pith_pieces_t p;
    assert_int_equal(pith_pieces_plan(s, len, NULL, &p), 1);
    assert_int_equal(p.depth, 3); /* body, div#main, article, div.content */
    assert_int_equal(p.path_tag[3], GUMBO_TAG_DIV);
    assert_int_equal(p.cuts[0], sizeof HEAD - 1);
    assert_true(p.ncuts > 10);
    /* The last cut is the content's end tag. */
    assert_memory_equal(s + p.cuts[p.ncuts - 1], "</div></article>", 16);
    for (size_t i = 1; i < p.ncuts; i++)
        assert_int_equal(s[p.cuts[i]], '<');
    pith_pieces_free(&p);
    free(s);
}

static void test_pieces_small_page_whole(void **state)
{
    (void)state;
    size_t len;
    char *s = page(100000, NULL, 0, &len);
    pith_pieces_t p;
    assert_int_equal(pith_pieces_plan(s, len, NULL, &p), 0);
    free(s);
}

/* The scan stops where Gumbo would close an element itself (a div in a
 * p), at a table, and at misnested formatting: no cut after it. */
static void test_pieces_stop_where_gumbo_would_mend(void **state)
{
    (void)state;
    static const char *const odd[] = {"<p>a<div>b</div></p>\n",
                                      "<table><tr><td>x</td></tr></table>", "<p><b>a</p>\n",
                                      "<ul><li>a<li>b</ul>\n"};
    for (size_t k = 0; k < sizeof odd / sizeof *odd; k++) {
        size_t len;
        char *s = page(PITH_PIECES_MIN * 2, odd[k], 10000, &len);
        size_t at = (size_t)(strstr(s, odd[k]) - s);
        pith_pieces_t p;
        int r = pith_pieces_plan(s, len, NULL, &p);
        assert_true(r >= 0);
        for (size_t i = 0; r == 1 && i < p.ncuts; i++)
            assert_true(p.cuts[i] <= at);
        pith_pieces_free(&p);
        free(s);
    }
}

static void test_pieces_frameset_whole(void **state)
{
    (void)state;
    size_t len;
    char *s = page(PITH_PIECES_MIN + 100000, "<frameset></frameset>", 100, &len);
    pith_pieces_t p;
    assert_int_equal(pith_pieces_plan(s, len, NULL, &p), 0);
    free(s);
}

/* A page in quirks mode (no doctype) is parsed in pieces too: the
 * skeleton's tree takes the pieces, as a page with a doctype's does. */
static void test_pieces_quirks_mode(void **state)
{
    (void)state;
    for (int doctype = 0; doctype < 2; doctype++) {
        size_t len;
        char *s = page(PITH_PIECES_MIN + 100000, NULL, 0, &len);
        const char *at = doctype ? s : s + strlen("<!DOCTYPE html>");
        len -= (size_t)(at - s);
        pith_pieces_t p;
        assert_int_equal(pith_pieces_plan(at, len, NULL, &p), 1);
        size_t n;
        char *skel = pith_pieces_skeleton(&p, at, len, &n);
        assert_non_null(skel);
        GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions, skel, n);
        assert_int_equal(g->document->v.document.doc_type_quirks_mode,
                         doctype ? GUMBO_DOCTYPE_NO_QUIRKS : GUMBO_DOCTYPE_QUIRKS);
        assert_int_equal(pith_pieces_attach(&p, g), 0);
        assert_non_null(p.container);
        assert_int_equal(p.container->v.element.tag, GUMBO_TAG_DIV);
        gumbo_destroy_output(&kGumboDefaultOptions, g);
        free(skel);
        pith_pieces_free(&p);
        free(s);
    }
}

/* The page's words built in pieces (the skeleton up to the gap, the
 * pieces' top nodes, the rest) are the very words a walk of the whole tree
 * builds, wherever the gap is and however the pieces are split: at the
 * container's start or end, around text and hidden nodes, with no piece at
 * all, and in a hidden container (no words from it). */
static void words_in_pieces(const char *html)
{
    GumboOutput *g = gumbo_parse(html);
    GumboNode *body = g->root->v.element.children.data[1];
    GumboNode *c = body->v.element.children.data[0];
    pith_html_meta_t m = {0};
    m.root = g->root;
    pith_buf_t want = {0}, tmp = {0};
    assert_int_equal(pith_html_shows_name(&m, "nobody here", &want, &tmp), 0);
    GumboVector *v = &c->v.element.children;
    void **kids = v->data;
    unsigned n = v->length;
    assert_true(n < 32);
    for (unsigned a = 0; a <= n; a++)
        for (unsigned b = a; b <= n; b++) {
            void *skel[32];
            unsigned k = 0;
            for (unsigned i = 0; i < n; i++)
                if (i < a || i >= b)
                    skel[k++] = kids[i];
            for (unsigned i = 0; i < k; i++)
                ((GumboNode *)skel[i])->index_within_parent = i;
            v->data = skel;
            v->length = k;
            pith_page_words_t w = {0};
            unsigned mid = a + (b - a) / 2;
            assert_int_equal(pith_page_words_begin(&w, c, a), 0);
            assert_int_equal(pith_page_words_add(&w, (GumboNode **)kids + a, mid - a), 0);
            assert_int_equal(pith_page_words_add(&w, (GumboNode **)kids + mid, b - mid), 0);
            assert_int_equal(pith_page_words_end(&w), 0);
            assert_string_equal(w.text.data, want.data);
            pith_page_words_free(&w);
            v->data = kids;
            v->length = n;
            for (unsigned i = 0; i < n; i++)
                ((GumboNode *)kids[i])->index_within_parent = i;
        }
    pith_buf_free(&want);
    pith_buf_free(&tmp);
    gumbo_destroy_output(&kGumboDefaultOptions, g);
}

static void test_pieces_page_words(void **state)
{
    (void)state;
    words_in_pieces("<html><head><title>T</title></head><body><div>"
                    "<p>Alpha <b>beta</b></p>gamma<p>Delta</p><div hidden>no</div>"
                    "<p>Epsilon</p> <span>zeta</span>-eta<p></p><i>Theta</i></div>"
                    "<p>Iota</p><footer>Kappa</footer></body></html>");
    words_in_pieces("<html><body><div>lead text<p>One</p><p>Two</p></div></body></html>");
    words_in_pieces("<html><body><div><p>One</p><p>Two</p>tail</div></body></html>");
    words_in_pieces("<html><body><div class=hidden><p>One</p><p>Two</p></div><p>Three</p>"
                    "</body></html>");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pieces_cut_the_article),
        cmocka_unit_test(test_pieces_small_page_whole),
        cmocka_unit_test(test_pieces_stop_where_gumbo_would_mend),
        cmocka_unit_test(test_pieces_frameset_whole),
        cmocka_unit_test(test_pieces_quirks_mode),
        cmocka_unit_test(test_pieces_page_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
