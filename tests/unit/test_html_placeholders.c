/* Placeholders (html_placeholders.h): the pre-pass writes one U+FFFC for
 * each stretch of plain text and the text goes back into the nodes after
 * the parse. The proof is differential: each page, hand-made around what
 * Gumbo treats apart (references, CR, white space in the modes before the
 * body and in tables, frameset, <pre>, raw text, odd bytes), and many pages
 * put together from such pieces, must give the very tree it gives without
 * placeholders (tests/ph_diff.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../ph_diff.h"
#include "html_model.h"
#include "html_pieces.h"
#include "pith/buf.h"

static size_t diff_of(const char *in)
{
    size_t nsegs = 0;
    const char *why = ph_diff(in, strlen(in), 0, &nsegs);
    if (why)
        fail_msg("%s: %s", why, in);
    return nsegs;
}

/* Pages whose trees must not change, each on its own. */
static const char *const pages[] = {
    "<p>Hello world, this is text.</p>",
    "plain text before any tag at all",
    "  leading white space, then words",
    "<html><head>  head text goes where?<title>T &amp; t</title></head><body>x</body></html>",
    "<html><head><title>The title</title>\r\n  text in the head</head></html>",
    "<p>&amp &notin &notit; &#x41 &#1; &#128; &#x; &# &ampersand; &amp;amp;</p>",
    "<p>a&amp;b and &copy2020 and &lt;tag&gt; and &#65;&#x42;C and &nbsp;words</p>",
    "<p>ends in a reference &amp</p><p>&notit</p><p>&</p>",
    "<p>line one\r\nline two\rline three\n\rline four\r</p>",
    "<p>a CR at the end\r<!-- c -->\nafter the comment</p>",
    "<p>word\r<img src=x>\nnext</p>",
    "<table>text in a table<tr><td>cell text</td>trailing row text</tr></table>",
    "<table>   <tr>  <td> x </td> </tr>  </table>",
    "<table><colgroup>  text in colgroup<col></colgroup></table>",
    "<table><caption>cap text</caption><tbody>tbody text<tr>row</tr></tbody></table>",
    "<select>option text<option>one</option>  two  </select>",
    "<table><tr><td><select>in select in table</select></td></tr></table>",
    "<body><p>body</p></body>after body text</html>after html text",
    "<body><p>body</p></body>   <!-- c --> </html>   ",
    "<pre>\nfirst line kept\nsecond</pre><listing>\n\nlisting text</listing>",
    "<pre><!-- x -->\nfirst line after a comment</pre>",
    "<p>before<plaintext>all of this is <b>text</b> &amp; more",
    "<title>a title with <b> and &amp; stays</title><p>body text</p>",
    "<p>nul \0 inside text</p>",
    "<p>controls \x01\x02\x0b\x1f\x7f and C1 \xc2\x80\xc2\x9f here</p>",
    "<p>invalid \xff\xfe utf-8 \xe2\x82 and \xed\xa0\x80 surrogate \xf4\x90\x80\x80 words</p>",
    "<p>non-characters \xef\xb7\x90 and \xef\xbf\xbe and \xf0\x9f\xbf\xbf here</p>",
    "<p>valid \xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 characters</p>",
    "<p>has its own \xef\xbf\xbc placeholder</p><p>and more text</p>",
    "<p>has &#65532; as a reference</p><p>and more text</p>",
    "<p>has &#xfffc as a reference</p>",
    "<p>has &#x000FFFC; as a reference</p>",
    "<p>wraps &#4295032828; to it</p>",
    "<frameset><frame src=a>  text in frameset  </frameset>  after frameset text",
    "<html><head></head>  text<frameset></frameset></html>",
    "<html>   <frameset>x y z</frameset>noframes text</html>",
    "<p>adjacent<!-- dropped -->text<script>x()</script>joined<style>p{}</style>again</p>",
    "<p>&am<!-- -->p;xyz and &no<img>tin and &#6<link rel=x>5; and &<b>amp;</b></p>",
    "<p>a < b and c <= d and x <1 and <!x> and <</p>",
    "<p>cdata <![CDATA[ in html ]]> after</p><p>more text</p>",
    "<p>cdata <![CDATA[ in <b>html</b> ]]> after</p><p>more text</p>",
    "<!DOCTYPE html <img src=x> then text after a broken doctype > more <p>text</p>",
    "<!DOCTYPE html><p>after a doctype</p>",
    "<p>text <b>bold <i>both</b> italic</i> after</p><p>more</p>",
    "<b><p>misnested formatting text</b> continues</p>",
    "<a href=x>one link<a href=y>second link</a></a>",
    "<ul><li>item one<li>item two</ul><dl><dt>term<dd>def</dl>",
    "<svg><text>svg text</text></svg><p>after svg</p><math><mi>x</mi></math>text",
    "<svg><p>breaks out of svg</p></svg>",
    "<textarea>text area</textarea><textarea/>after textarea<xmp>xmp <b>text</b></xmp>x",
    "<noscript>noscript text</noscript><iframe>frame</iframe><noembed>e</noembed>text",
    "<template>template text</template>text<script type=\"application/ld+json\">{}</script>x",
    "<p>tabs\tand\fform feeds\tand   spaces   </p>",
    "<p>   </p><p>\t\n</p><p>x</p>",
    "<p>\v vertical tab first</p><table>\v in a table</table>",
    "<table>\0   </table><table>&amp;   </table><table>\x01   text</table>",
    "<head>\0 nul in the head</head><body>x</body>",
    "<html>\0 before head</html>",
    "<p>one</p>\r\n\r\n<p>two</p>\r\n",
    "<div>a<div>b<div>c</div>d</div>e</div>",
    "text at the very end without a tag",
    "<p>ends with an open reference &",
    "<p>ends with a CR\r",
    "<p>ends with a truncated sequence \xe2\x82",
    "<p>x</p><p>xy</p><p>xyz</p><p>xyzw</p>",
    "<isindex prompt=\"find\">after isindex text",
    "<p>image <image src=x> after</p><p>table <table><tr><td>x</table> after</p>",
    "<body>body text<body class=x>second body</body>",
    "<html><head><meta charset=utf-8><base href=/>head <link rel=x>words</head></html>",
    "<h1>heading<h2>another heading</h2></h1><p>para<div>div in para</div></p>",
    "<script type=application/ld+json><!--<script>{}</script>--></script><p>text after</p>",
    "<script type=ld+json><!--<script/</script>>\n<meta name=\"</script\n<=\">\">.",
    "<script type=application/ld+json>{\"a\": \"x &amp; y < z\", \"b\": \"</div>\"}</script>x",
    "<script type=application/ld+json>\r\n  {\"a\":\r\"b\",\r\n\"c\": \"\0nul\x01\"}\r</script>",
    "<script type=application/ld+json>{\"a\": \"</scriptx> <!x> <!-x </ script\"}</script>after",
    "<script type=application/ld+json>{\"a\": \"\xc3\xa9\xe2\x82 \xef\xb7\x90 text\"}</script>",
    "<script type=application/ld+json>   {\"unterminated\": \"to the end of the page",
    "<head><script type=application/ld+json>{\"in\": \"head\"}</script></head><p>text</p>",
    "<table><script type=application/ld+json>{\"in\": \"a table\"}</script>text</table>",
    "<title>a &amp; b &notit; c &#x41; d</title><p>words</p>",
    "<title>x < y and <b>bold</b> words</title><p>words</p>",
    "<title>\r\n  spaced  title\r</title>\n<p>words</p>",
    "<table><title>title in a table</title>text</table>",
    "<p>body<title>title in the body</title>more</p>",
    "<title>unterminated title text",
    "<p>&#xffffffFf$fF abc and &#4294967295x words and &#xFFFFFFFF; more words</p>",
    "<p>&#xffffffff<b>bold words</b> &#xffffffff&amp; words &#xffffffff\xc3\xa9t\xc3\xa9 x</p>",
    "<p>Ünïcödé wörds and 中文字符 and العربية text</p>",
};

static void test_placeholders_pages(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
        diff_of(pages[i]);
}

static void test_placeholders_nul_inside(void **state)
{
    (void)state;
    static const char in[] =
        "<p>before a nul \0 and after it, words</p><table>\0 table text</table>";
    assert_null(ph_diff(in, sizeof in - 1, 0, NULL));
}

/* Placeholders are written where they should be, and only there. */
static void test_placeholders_written(void **state)
{
    (void)state;
    assert_int_equal(diff_of("<p>Hello world</p>"), 1);
    assert_int_equal(diff_of("<p>ab</p>"), 0); /* shorter than a placeholder */
    assert_int_equal(diff_of("<title>The title</title>"), 1);
    assert_int_equal(diff_of("<p>one &amp; two</p>"), 2);
    assert_int_equal(diff_of("<p>   </p>"), 0);
    /* A page with a U+FFFC of its own has none. */
    assert_int_equal(diff_of("<p>text \xef\xbf\xbc text</p>"), 0);
    assert_int_equal(diff_of("<p>text &#65532 text</p>"), 0);
    assert_int_equal(diff_of("<p>text &#XFFFC; text</p>"), 0);
    /* None after a frameset, a broken doctype or "<!" in text. */
    assert_int_equal(diff_of("<p>before</p><frameset>after</frameset>"), 1);
    assert_int_equal(diff_of("<!DOCTYPE x <p>text here</p>"), 0);
    assert_int_equal(diff_of("<p>before <![CDATA[ text ]]> after</p>"), 1);
    /* A kept script's content: '&' inside a stretch; none when it holds
     * "<!--". */
    assert_int_equal(diff_of("<script type=ld+json>{\"a\": \"b &amp; c\"}</script>"), 1);
    assert_int_equal(diff_of("<script type=ld+json><!-- {\"a\": 1} --></script><p>words</p>"), 0);
    /* Off by the flag. */
    size_t n = 0;
    assert_null(ph_diff("<p>Hello world</p>", 18, PITH_PRESCAN_NO_PLACEHOLDERS, &n));
    assert_int_equal(n, 0);
}

/* The text and offsets come back: a page's text node and the source
 * offset of what follows its placeholder. */
static void test_placeholders_text_back(void **state)
{
    (void)state;
    const char *in = "<p>one &amp; two\r\nthree</p><b>x</b>";
    ph_parse_t p;
    assert_int_equal(ph_parse(in, strlen(in), 0, &p), 0);
    assert_int_equal(p.map.nsegs, 2);
    const GumboNode *html = p.g->document->v.document.children.data[0];
    const GumboNode *body = html->v.element.children.data[1];
    const GumboNode *para = body->v.element.children.data[0];
    const GumboNode *text = para->v.element.children.data[0];
    assert_string_equal(text->v.text.text, "one & two\nthree");
    const GumboNode *b = body->v.element.children.data[1];
    assert_int_equal(pith_html_prescan_offset(&p.map, b->v.element.start_pos.offset),
                     strstr(in, "<b>") - in);
    ph_parse_free(&p);
}

/* Pieces that Gumbo treats apart, put together at random (a fixed seed):
 * every page of them must give the same tree. */
static const char *const bits[] = {
    "<p>",
    "</p>",
    "<table>",
    "</table>",
    "<tr>",
    "<td>",
    "</td>",
    "<colgroup>",
    "<select>",
    "</select>",
    "<pre>",
    "\n",
    "\r\n",
    "\r",
    "   ",
    "\t",
    "words here",
    "x",
    "xy",
    "&amp;",
    "&amp",
    "&no",
    "tin;",
    "&#x41",
    "&#",
    "&",
    "123",
    ";",
    "<!-- c -->",
    "<img src=x>",
    "<script>s</script>",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "</body>",
    "</html>",
    "<head>",
    "</head>",
    "<body>",
    "<title>t</title>",
    "\xc3\xa9t\xc3\xa9",
    "\xe2\x82",
    "\xac",
    "\x01",
    "<",
    " < ",
    "<li>",
    "<ul>",
    "</ul>",
    "<h1>",
    "</h1>",
    "<a href=y>",
    "</a>",
    "<div>",
    "</div>",
    "<caption>",
    "<tbody>",
    "<option>",
    "<br>",
    "<script type=ld+json>",
    "</script>",
    "{\"k\": \"v & w\"}",
    "<!--",
    "-->",
    "<listing>",
    "</pre>",
    "&lt;tag&gt;",
    "\xef\xb7\x90",
    "<svg>",
    "</svg>",
};

static void test_placeholders_mixed(void **state)
{
    (void)state;
    /* PITH_PH_ROUNDS and PITH_PH_SEED run more of them by hand. */
    const char *r = getenv("PITH_PH_ROUNDS"), *sd = getenv("PITH_PH_SEED");
    long rounds = r ? atol(r) : 4000;
    uint32_t seed = sd ? (uint32_t)atol(sd) : 12345;
    char page[2048];
    size_t nb = sizeof bits / sizeof bits[0];
    for (long round = 0; round < rounds; round++) {
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        int parts = 2 + (int)((seed >> 16) % 24);
        for (int k = 0; k < parts; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *b = bits[(seed >> 16) % nb];
            size_t l = strlen(b);
            memcpy(page + n, b, l);
            n += l;
        }
        page[n] = '\0';
        const char *why = ph_diff(page, n, 0, NULL);
        if (why)
            fail_msg("%s: [%s]", why, page);
    }
}

/* ---- a large page, parsed in pieces ------------------------------------ */

/* The texts of n's subtree, each with its source offset (map's). */
static void texts_of(const GumboNode *n, const pith_prescan_map_t *map, pith_buf_t *out)
{
    const GumboNode *top = n;
    while (n) {
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) {
            char at[32];
            snprintf(at, sizeof at,
                     "@%zu:", pith_html_prescan_offset(map, n->v.text.start_pos.offset));
            assert_int_equal(pith_buf_append(out, at, strlen(at)), 0);
            assert_int_equal(pith_buf_append(out, n->v.text.text, strlen(n->v.text.text)), 0);
        }
        const GumboVector *v = ph_kids(n);
        if (v && v->length) {
            n = v->data[0];
            continue;
        }
        for (;;) {
            if (n == top) {
                n = NULL;
                break;
            }
            const GumboVector *pv = ph_kids(n->parent);
            if (n->index_within_parent + 1 < pv->length) {
                n = pv->data[n->index_within_parent + 1];
                break;
            }
            n = n->parent;
        }
    }
}

typedef struct {
    const pith_prescan_map_t *map;
    pith_buf_t text;
} collect_t;

static void collect(void *ctx, const GumboNode *n)
{
    collect_t *c = ctx;
    texts_of(n, c->map, &c->text);
}

/* The container of the test page in a whole tree: the body's div. */
static const GumboNode *container_of(const GumboOutput *g)
{
    const GumboNode *body = g->root->v.element.children.data[1];
    for (unsigned i = 0; i < body->v.element.children.length; i++) {
        const GumboNode *k = body->v.element.children.data[i];
        if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == GUMBO_TAG_DIV)
            return k;
    }
    fail();
    return NULL;
}

/* A page past PITH_PIECES_MIN of paragraphs with references, CR LF, lone
 * CRs and odd bytes, and a table after them (the plan stops there): its
 * pieces' text is the text of a parse without placeholders, offsets and
 * all, the plan cuts where it cuts without them, and the whole parse gives
 * the same tree. */
static void test_placeholders_in_pieces(void **state)
{
    (void)state;
    pith_buf_t page = {0};
    const char *head = "<!DOCTYPE html><html><head><title>T &amp; t</title></head><body>"
                       "\r\n  lead text &amp; more\r\n<div>";
    assert_int_equal(pith_buf_append(&page, head, strlen(head)), 0);
    for (int i = 0; page.len < PITH_PIECES_MIN + 200000; i++) {
        char para[256];
        snprintf(para, sizeof para,
                 "<p>Words %d &amp; more &notit; &#x41;BC\r\nline\rtwo <b>bold\r</b>\n caf\xc3\xa9 "
                 "\x01 &copy</p>\r\n",
                 i);
        assert_int_equal(pith_buf_append(&page, para, strlen(para)), 0);
    }
    const char *tail = "<table><tr><td>tail \r\n cell</td></tr></table> end text\r\n</div>"
                       "<p>after &amp; all</p></body></html>";
    assert_int_equal(pith_buf_append(&page, tail, strlen(tail)), 0);

    /* Without placeholders, whole. */
    ph_parse_t off;
    assert_int_equal(ph_parse(page.data, page.len, PITH_PRESCAN_NO_PLACEHOLDERS, &off), 0);
    pith_buf_t want = {0};
    texts_of(container_of(off.g), &off.map, &want);
    pith_pieces_t plain;
    assert_int_equal(pith_pieces_plan(off.buf, strlen(off.buf), NULL, &plain), 1);

    /* With them, in pieces. */
    ctx_t c = {0};
    c.arena = pith_arena_create(0);
    pith_arena_t *tree = pith_arena_create(0);
    assert_non_null(c.arena);
    assert_non_null(tree);
    pith_pieces_t p;
    GumboOutput *g = pith_html_parse(&c, tree, page.data, page.len, NULL, &p);
    assert_non_null(g);
    assert_non_null(p.container);
    assert_true(c.cuts.nsegs > 1000);
    assert_int_equal(p.ncuts, plain.ncuts);
    for (size_t i = 0; i < p.ncuts; i++)
        assert_int_equal(pith_html_prescan_offset(&c.cuts, p.cuts[i]),
                         pith_html_prescan_offset(&off.map, plain.cuts[i]));
    collect_t col = {.map = &c.cuts};
    pith_pieces_walk(&p, collect, &col, &c.meta, sizeof c.meta);
    assert_false(p.failed);
    assert_int_equal(col.text.len, want.len);
    assert_memory_equal(col.text.data, want.data, want.len);

    /* And whole (the walk gave pre's pages back: parse it again). */
    assert_null(ph_diff(page.data, page.len, 0, NULL));

    pith_buf_free(&col.text);
    pith_buf_free(&want);
    pith_pieces_free(&plain);
    pith_html_parse_done(&p);
    pith_pieces_free(&p);
    pith_html_unplace_free(&c.cuts);
    pith_arena_destroy(tree);
    pith_arena_destroy(c.arena);
    ph_parse_free(&off);
    pith_buf_free(&page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placeholders_pages),   cmocka_unit_test(test_placeholders_nul_inside),
        cmocka_unit_test(test_placeholders_written), cmocka_unit_test(test_placeholders_text_back),
        cmocka_unit_test(test_placeholders_mixed),   cmocka_unit_test(test_placeholders_in_pieces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
