/* The HTML pre-pass (html_prescan.c): what it drops (script, style, svg,
 * comments, unread attributes), what it keeps (JSON-LD, titles, the
 * attributes the extractor reads), its depth cap, and that it gives the same
 * bytes in place as into a second buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "html_arena.h"
#include "html_meta.h"
#include "html_names.h"
#include "html_prescan.h"
#include "pith/buf.h"

/* The pass into a second buffer with flags, checked against the pass in
 * place. */
static char *prescan_with(const char *in, unsigned flags)
{
    size_t n = strlen(in);
    char *out = malloc(n + 1);
    assert_non_null(out);
    size_t m = pith_html_prescan(in, n, out, NULL, flags);
    assert_true(m <= n);
    assert_int_equal(strlen(out), m);
    /* In place, the pass gives the same bytes. */
    char *same = malloc(n + 1);
    assert_non_null(same);
    memcpy(same, in, n + 1);
    assert_int_equal(pith_html_prescan(same, n, same, NULL, flags), m);
    assert_memory_equal(same, out, m + 1);
    free(same);
    return out;
}

/* With links kept, as most tests expect. */
static char *prescan(const char *in)
{
    return prescan_with(in, PITH_PRESCAN_LINKS);
}

static void test_prescan_drops_scripts_and_styles(void **state)
{
    char *o = prescan("<p>a</p><script>var x = '<p>no</p>';</script><style>p{}</style><p>b</p>");
    assert_string_equal(o, "<p>a</p><p>b</p>");
    free(o);
    /* "</scriptx" does not end a script; "</SCRIPT >" does. */
    o = prescan("<script>a</scriptx>b</SCRIPT >c");
    assert_string_equal(o, "c");
    free(o);
}

static void test_prescan_keeps_json_ld(void **state)
{
    char *o = prescan("<script type=\"application/ld+json\">{\"a\":\"</b>\"}</script><p>x</p>");
    assert_string_equal(o,
                        "<script type=\"application/ld+json\">{\"a\":\"</b>\"}</script><p>x</p>");
    free(o);
}

static void test_prescan_comments_and_attributes(void **state)
{
    char *o = prescan("a<!-- <p>hidden</p> -->b<!---->c<!-->d<div title=\"x>y\" id=t>e</div>");
    assert_string_equal(o, "abcd<div id=t>e</div>");
    free(o);
    o = prescan("a<!-- never closed <p>x</p>");
    assert_string_equal(o, "a");
    free(o);
    o = prescan("1 < 2 and <3 <?php echo ?>ok");
    assert_string_equal(o, "1 < 2 and <3 ok");
    free(o);
}

static void test_prescan_nested_svg_and_title(void **state)
{
    char *o = prescan("<svg><g><svg><text>x</text></svg><text>y</text></svg>z");
    assert_string_equal(o, "z");
    free(o);
    o = prescan("<svg/><p>t</p>");
    assert_string_equal(o, "<p>t</p>");
    free(o);
    o = prescan("<title>a <script> b</title><p>c</p>");
    assert_string_equal(o, "<title>a <script> b</title><p>c</p>");
    free(o);
}

/* An <svg> left open ends where an HTML element does, as in a browser: the
 * rest of the page is not swallowed up to some later </svg>. Inside
 * <foreignObject>, HTML is the drawing's own. */
static void test_prescan_unclosed_svg(void **state)
{
    char *o = prescan("<div><span><svg><use href=x /></span></div><p>story</p><svg></svg>");
    assert_string_equal(o, "<div><span></span></div><p>story</p>");
    free(o);
    o = prescan("<svg><path d=1><p>story</p>");
    assert_string_equal(o, "<p>story</p>");
    free(o);
    o = prescan("<svg><foreignObject><div>label</div></foreignObject></svg><p>x</p>");
    assert_string_equal(o, "<p>x</p>");
    free(o);
    o = prescan("<svg><title>t</title><a><text>y</text></a></svg>z");
    assert_string_equal(o, "z");
    free(o);
}

/* An article body that is nothing but a template of markup (blog engines
 * render the post from it) is read as the page's; templates elsewhere are
 * dropped like any script. */
static void test_prescan_article_body_template(void **state)
{
    char *o = prescan("<div itemprop='articleBody'>\n<script type='text/template'><p>post</p>"
                      "</script></div><script type=\"text/template\"><p>menu</p></script>");
    assert_string_equal(o, "<div itemprop='articleBody'>\n<p>post</p></script></div>");
    free(o);
    o = prescan("<div itemprop=articleBody><p>x</p><script type=text/html><p>y</p></script></div>");
    assert_string_equal(o, "<div itemprop=articleBody><p>x</p></div>");
    free(o);
}

/* In place, the output catches up with the input right behind the reader:
 * a dropped script before a kept JSON-LD script with blanked attributes, a
 * title, nested svg, and end tags whose bytes the kept copy would cover. */
static void test_prescan_in_place(void **state)
{
    (void)state;
    char *o = prescan("<script>x</script><script data-a=1 type=\"application/ld+json\" "
                      "data-b=\"2\">{\"k\":1}</script  ><p>a</p><svg><svg></svg></svg>"
                      "<title>t</title><div onclick=x id=y>z</div><style>s</style>");
    assert_string_equal(o, "<script type=\"application/ld+json\">{\"k\":1}"
                           "</script><p>a</p><title>t</title><div id=y>z</div>");
    free(o);
    o = prescan("<script type=application/ld+json>{}</scrip");
    free(o);
    o = prescan("<img src=x><script type=ld+json>{}</script");
    free(o);
}

static void test_prescan_caps_depth(void **state)
{
    pith_buf_t b = {0};
    for (int i = 0; i < 1000; i++)
        pith_buf_puts(&b, "<div>");
    pith_buf_puts(&b, "deep");
    for (int i = 0; i < 1000; i++)
        pith_buf_puts(&b, "</div>");
    char *o = prescan(b.data);
    size_t opens = 0, closes = 0;
    for (const char *p = o; (p = strstr(p, "<div>")); p++)
        opens++;
    for (const char *p = o; (p = strstr(p, "</div>")); p++)
        closes++;
    assert_int_equal(opens, PITH_PRESCAN_MAX_DEPTH);
    assert_int_equal(closes, PITH_PRESCAN_MAX_DEPTH);
    assert_non_null(strstr(o, "deep"));
    free(o);
    pith_buf_free(&b);
}

/* Tags keep the attributes the extractor reads, the first of each name
 * only, at most PITH_PRESCAN_MAX_ATTRS, each after one space (none after a
 * quoted value); what Gumbo gets is linear to tokenize whatever the page. */
static void test_prescan_keeps_read_attributes(void **state)
{
    char *o = prescan("<div data-a=1 class=\"post y\" onclick='f()' id='sidebar' "
                      "style=display:none hidden>t</div>");
    assert_string_equal(o, "<div class=\"post\" id='sidebar' style=display:none hidden>t</div>");
    free(o);
    /* Names in any case; spaces around '='; a quoted value followed straight by
     * the next name; "/>" after an unquoted value. */
    o = prescan("<META NAME = \"Author\"CONTENT='b' x=1><A HREF=/x REL=author/><br x=\"1\"/>");
    assert_string_equal(o, "<META NAME = \"Author\"CONTENT='b'><A HREF=/x REL=author/><br/>");
    free(o);
    /* An unquoted value keeps its space before the next kept name, whatever
     * was dropped between; a '/' between attributes is a space. */
    o = prescan("<a href=x onclick=\"f\"id=\"nav\"/class=z / >t</a>");
    assert_string_equal(o, "<a href=x id=\"nav\" class=z>t</a>");
    free(o);
    /* The first of a name wins, as in the tokenizer; end tags lose all. */
    o = prescan("<p class=a class=b id=c ID=d>x</p class=e>");
    assert_string_equal(o, "<p class=a id=c>x</p>");
    free(o);
    /* At most PITH_PRESCAN_MAX_ATTRS of the kept names. */
    o = prescan(
        "<meta class=1 id=2 role=3 itemprop=4 style=Display:None hidden content=7 property=og:url "
        "name=9 rel=10 href=11>");
    assert_string_equal(o, "<meta class=1 id=2 role=3 itemprop=4 style=Display:None hidden "
                           "content=7 property=og:url>");
    free(o);
    /* Every read name, on a tag it is read on; in any case. */
    static const char *const read[][2] = {
        {"div", "c"},         {"a", "rel"},         {"div", "role"},      {"meta", "name"},
        {"link", "href"},     {"html", "lang"},     {"script", "type"},   {"div", "i"},
        {"div", "style"},     {"div", "hidden"},    {"meta", "content"},  {"div", "itemprop"},
        {"meta", "property"}, {"html", "xml:lang"}, {"time", "datetime"}, {"meta", "http-equiv"}};
    for (size_t i = 0; i < sizeof read / sizeof *read; i++)
        assert_true(pith_html_prescan_keeps(read[i][0], read[i][1]));
    o = prescan(
        "<DIV ID=1 ROLE=2 Class=3 STYLE=visibility:hidden HIDDEN ItemProp=5 DateTime=6 data-x=7>");
    assert_string_equal(
        o, "<DIV ID=1 ROLE=2 Class=3 STYLE=visibility:hidden HIDDEN ItemProp=5 DateTime=6>");
    free(o);
    assert_false(pith_html_prescan_keeps("div", "ids"));
    assert_false(pith_html_prescan_keeps("div", "datetimes"));
    /* Class and id are read with pith_html_names_value. */
    assert_false(pith_html_prescan_keeps("div", "class"));
    assert_false(pith_html_prescan_keeps("div", "id"));
    assert_true(pith_html_prescan_keeps("html", "xml:lang"));
    assert_false(pith_html_prescan_keeps("div", "onclick"));
}

/* Class and id keep the names some reader reads (html_names.h), one space
 * between two; a value left with none goes, and still counts towards
 * PITH_PRESCAN_MAX_ATTRS. Values the tokenizer would not hand on as they
 * are, or with more names than the readers read, stay whole. */
static void test_prescan_drops_unread_names(void **state)
{
    char *o = prescan("<div class=\" qqz-a  comment-list\tzzq\n\" id=\"zzq9\">t</div>"
                      "<p CLASS='hidden zzq' id=\"byline\">u</p><span class=\"zzq\">v</span>");
    assert_string_equal(o, "<div class=\"comment-list\">t</div>"
                           "<p class='hidden' id=\"byline\">u</p><span>v</span>");
    free(o);
    /* Each reader's names: a weight, a word list (also after a camelCase
     * hump), a post, a hiding class, a screen-reader heading. */
    static const char *const read[] = {"content",   "articleDate", "h-entry",      "d-none",
                                       "sr-only-x", "nav-main",    "entryContent", "authorBox"};
    for (size_t i = 0; i < sizeof read / sizeof *read; i++)
        assert_true(pith_html_name_read(read[i], strlen(read[i])));
    assert_false(pith_html_name_read("zzq", 3));
    assert_false(pith_html_name_read("qqz-a", 5));
    /* Stay: unquoted, a character reference, a carriage return, a NUL's
     * place, seventeen names; a name of other bytes stays among dropped
     * ones. */
    o = prescan(
        "<b class=zzq>a</b><b class=\"zzq &amp; x\">b</b><b id=\"zzq\rq\">c</b>"
        "<b class=\"a b c d e f g h i j k l m n o p q\">d</b><b class=\"zzq \xc3\xa9\">e</b>");
    assert_string_equal(o, "<b class=zzq>a</b><b class=\"zzq &amp; x\">b</b><b id=\"zzq\rq\">c</b>"
                           "<b class=\"a b c d e f g h i j k l m n o p q\">d</b>"
                           "<b class=\"\xc3\xa9\">e</b>");
    free(o);
    /* A dropped class still takes its place among the kept attributes. */
    o = prescan("<meta class=\"zzq\" id=2 role=3 itemprop=4 style=display:none hidden content=7 "
                "property=og:url name=9>");
    assert_string_equal(
        o, "<meta id=2 role=3 itemprop=4 style=display:none hidden content=7 property=og:url>");
    free(o);
    /* A style stays only when it hides (or may spell it otherwise), and
     * on <html> and <body>. */
    o = prescan("<p style=\"color:red\">a</p><p style=\"x; VISIBILITY: hidden\">b</p>"
                "<p style=\"display&#58;none\">c</p><p style>d</p><body style=\"x\">");
    assert_string_equal(o, "<p>a</p><p style=\"x; VISIBILITY: hidden\">b</p>"
                           "<p style=\"display&#58;none\">c</p><p>d</p><body style=\"x\">");
    free(o);
    assert_false(pith_html_style_read(NULL, 0));
    assert_false(pith_html_style_read("display:block", 13));
    assert_true(pith_html_style_read("a:b;display: none", 17));
    char v[] = "zzq post  qqz";
    assert_int_equal(pith_html_names_filter(v, strlen(v), v), 4);
    assert_memory_equal(v, "post", 4);
    assert_int_equal(pith_html_names_filter("a&b", 3, v), -1);
}

static void *arena_alloc(void *ud, size_t n)
{
    return pith_arena_alloc(ud, n);
}

static void arena_free(void *ud, void *p)
{
    pith_arena_free(ud, p);
}

/* With a map, the names a quoted class or id keeps become their number
 * there, each value once; the readers get the value back from the tree.
 * Not where the number would not be shorter, nor on <html> and <body>, nor
 * for a value the tokenizer would change. */
static void test_prescan_numbers_names(void **state)
{
    const char *in = "<html class=\"h\"><body id=\"b b\"><div class=\"zzq  menu\" id='x'>"
                     "<p class=\"menu\">t</p><p class=\"a&amp;\" id=\"nav-1\">u</p></div>"
                     "<p class=\"menu caf\xc3\xa9\">w</p>";
    size_t n = strlen(in);
    char *out = malloc(n + 1);
    assert_non_null(out);
    pith_arena_t *a = pith_arena_create(0);
    assert_non_null(a);
    pith_prescan_map_t map = {.alloc = arena_alloc, .dealloc = arena_free, .ud = a};
    pith_html_prescan(in, n, out, &map, 0);
    assert_string_equal(out, "<html class=\"h\"><body id=\"b b\"><div c=\"0\">"
                             "<p c=\"0\">t</p><p class=\"a&amp;\" i=\"1\">u</p></div>"
                             "<p class=\"menu caf\xc3\xa9\">w</p>");
    /* A name of other than printable ASCII keeps its value as it is. */
    assert_int_equal(pith_html_names_intern(&map, "menu caf\xc3\xa9", 10), -1);
    assert_int_equal(map.nnames, 2);
    assert_string_equal(map.names[0], "menu");
    assert_string_equal(map.names[1], "nav-1");
    GumboOutput *g = gumbo_parse(out);
    assert_non_null(g);
    const GumboNode *body = g->root->v.element.children.data[1];
    const GumboNode *div = body->v.element.children.data[0];
    const GumboNode *p2 = div->v.element.children.data[1];
    assert_string_equal(pith_html_names_value(&map, div, 0), "menu");
    assert_null(pith_html_names_value(&map, div, 1));
    assert_string_equal(pith_html_names_value(&map, p2, 0), "a&");
    assert_string_equal(pith_html_names_value(&map, p2, 1), "nav-1");
    assert_string_equal(pith_html_names_value(&map, body, 1), "b b");
    assert_null(pith_html_names_value(&map, body, 0));
    assert_null(pith_html_names_value(NULL, div, 0)); /* a number without its map */
    gumbo_destroy_output(&kGumboDefaultOptions, g);
    /* Many values: a number is written only where it is shorter. */
    pith_buf_t b = {0};
    for (int i = 0; i < 1000; i++) {
        char tag[64];
        snprintf(tag, sizeof tag, "<b id=\"nav%03d\">x</b>", i);
        assert_int_equal(pith_buf_append(&b, tag, strlen(tag)), 0);
    }
    const char *last = "<u id=\"nav\">y</u><s class=\"menu\">z</s>";
    assert_int_equal(pith_buf_append(&b, last, strlen(last)), 0);
    char *o2 = malloc(b.len + 1);
    assert_non_null(o2);
    size_t m2 = pith_html_prescan(b.data, b.len, o2, &map, 0);
    assert_true(m2 <= b.len);
    assert_int_equal(map.nnames, 1001);
    assert_non_null(strstr(o2, "<b i=\"999\">x</b><u id=\"nav\">y</u><s c=\"1000\">z</s>"));
    free(o2);
    pith_buf_free(&b);
    pith_arena_destroy(a);
    free(out);
}

/* Attributes read on one kind of tag only are dropped on the others; an
 * <a>'s href stays only when links are written. */
static void test_prescan_keeps_attributes_per_tag(void **state)
{
    const char *in = "<html lang=de><meta name=author content=X property=og:url http-equiv=h>"
                     "<link rel=canonical href=/c type=t><script type=a>x</script>"
                     "<a href=/x name=n class=c rel=author>t</a>"
                     "<input name=q type=text content=c datetime=d lang=en>";
    char *o = prescan_with(in, 0);
    assert_string_equal(o, "<html lang=de><meta name=author content=X property=og:url http-equiv=h>"
                           "<link rel=canonical href=/c><a class=c rel=author>t</a>"
                           "<input content=c datetime=d>");
    free(o);
    o = prescan_with(in, PITH_PRESCAN_LINKS);
    assert_string_equal(o, "<html lang=de><meta name=author content=X property=og:url http-equiv=h>"
                           "<link rel=canonical href=/c><a href=/x class=c rel=author>t</a>"
                           "<input content=c datetime=d>");
    free(o);
    assert_true(pith_html_prescan_keeps("meta", "name"));
    assert_false(pith_html_prescan_keeps("div", "name"));
    assert_true(pith_html_prescan_keeps("a", "href"));
    assert_false(pith_html_prescan_keeps("area", "href"));
    assert_false(pith_html_prescan_keeps("body", "lang"));
    assert_true(pith_html_prescan_keeps("span", "datetime"));
}

/* One tag with 100,000 distinct attribute names (quadratic in Gumbo's
 * duplicate check: minutes at 1 MB) reaches Gumbo with none of them. */
static void test_prescan_many_attributes(void **state)
{
    pith_buf_t b = {0};
    pith_buf_puts(&b, "<p>a</p><div");
    for (int i = 0; i < 100000; i++)
        pith_buf_printf(&b, " a%d=\"x\"", i);
    pith_buf_puts(&b, " class=k>text</div>");
    char *o = prescan(b.data);
    assert_string_equal(o, "<p>a</p><div class=k>text</div>"); /* all 100,000 gone */
    free(o);
    pith_buf_free(&b);
}

/* A tag the input ends inside is dropped, as the tokenizer drops it at EOF;
 * Gumbo fed such a tail with many repeated names (lines of "a <p") spent
 * its time comparing them. */
static void test_prescan_drops_unterminated_tag(void **state)
{
    char *o = prescan("<p>text <a href=x");
    assert_string_equal(o, "<p>text ");
    free(o);
    o = prescan("<p>x</p");
    assert_string_equal(o, "<p>x");
    free(o);
    o = prescan("<p>x <b title=\"never closed>y");
    assert_string_equal(o, "<p>x ");
    free(o);
    pith_buf_t b = {0};
    pith_buf_puts(&b, "<html><body><p>text ");
    for (int i = 0; i < 100000; i++)
        pith_buf_puts(&b, "a <p\n");
    o = prescan(b.data);
    assert_string_equal(o, "<html><body><p>text a ");
    free(o);
    pith_buf_free(&b);
}

/* A run of white space between two kept tags keeps its first byte; not in
 * <pre> or <listing>, nor next to text, a dropped tag or a title's text. */
static void test_prescan_cuts_white_space(void **state)
{
    char *o = prescan("<div>\n    <p>a  b</p>\n\n  <!-- x -->\n  <p> c </p>   </div>");
    assert_string_equal(o, "<div>\n<p>a  b</p>\n<p> c </p> </div>");
    free(o);
    o = prescan("<pre>\n  <b>x</b>\n  <b>y</b>\n</pre>  <p>z</p>");
    assert_string_equal(o, "<pre>\n  <b>x</b>\n  <b>y</b>\n</pre> <p>z</p>");
    free(o);
    o = prescan("<p>  <img src=x>  </p><title>   </title>  <b>");
    assert_string_equal(o, "<p> </p><title>   </title> <b>");
    free(o);
    o = prescan("<p>  <img src=x>t  <br>");
    assert_string_equal(o, "<p>  t  <br>");
    free(o);
}

/* The cuts are recorded: an offset in the output maps back to the offset
 * the same byte had with unread attributes blanked and white space kept. */
static void *map_alloc(void *ud, size_t n)
{
    (void)ud;
    return malloc(n);
}

static void map_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

static void test_prescan_offsets(void **state)
{
    const char *in = "<div   onclick=x class=a>\n\n  <p>one</p>  <!-- c -->  <p id=b\n>two</p>";
    const char *blanked = "<div             class=a>\n\n  <p>one</p>    <p id=b\n>two</p>";
    size_t n = strlen(in);
    char *out = malloc(n + 1);
    assert_non_null(out);
    pith_prescan_map_t map = {.alloc = map_alloc, .dealloc = map_free};
    size_t m =
        pith_html_prescan(in, n, out, &map, PITH_PRESCAN_LINKS | PITH_PRESCAN_NO_PLACEHOLDERS);
    assert_string_equal(out, "<div class=a>\n<p>one</p> <p id=b>two</p>");
    /* Every '<' and every text byte lands where it stood in the blanked copy. */
    const char *marks[] = {"<div", "<p>one", "one", "</p> ", "<p id", "two", "</p>", NULL};
    for (int i = 0; marks[i]; i++) {
        const char *at = strstr(i == 6 ? strstr(out, "two") : out, marks[i]);
        const char *was = strstr(i == 6 ? strstr(blanked, "two") : blanked, marks[i]);
        assert_non_null(at);
        assert_non_null(was);
        assert_int_equal(pith_html_prescan_offset(&map, (size_t)(at - out)),
                         (size_t)(was - blanked));
    }
    assert_int_equal(pith_html_prescan_offset(NULL, 7), 7);
    assert_true(m < n);
    free(map.cuts);
    free(out);
}

/* A <link> other than rel=canonical is dropped, with the white space
 * around it cut as around a kept tag; offsets count it as before. */
static void test_prescan_drops_unread_links(void **state)
{
    const char *in = "<div class=a>\n  <link rel=x href=y>\n  <p>one</p> <link rel=s> <p>two</p>";
    size_t n = strlen(in);
    char *out = malloc(n + 1);
    assert_non_null(out);
    pith_prescan_map_t map = {.alloc = map_alloc, .dealloc = map_free};
    pith_html_prescan(in, n, out, &map, PITH_PRESCAN_NO_PLACEHOLDERS); /* the cuts' test */
    assert_string_equal(out, "<div class=a>\n<p>one</p> <p>two</p>");
    const char *marks[] = {"<p>one", "one", "</p>", "<p>two", "two", NULL};
    for (int i = 0; marks[i]; i++)
        assert_int_equal(pith_html_prescan_offset(&map, (size_t)(strstr(out, marks[i]) - out)),
                         (size_t)(strstr(in, marks[i]) - in));
    free(map.cuts);
    free(out);
    char *o = prescan("<head><link rel=stylesheet href=/s.css><LINK REL=Canonical href=/c>"
                      "<link rel=\"&#99;anonical\" href=/d><link href=/e></head>");
    assert_string_equal(o, "<head><LINK REL=Canonical href=/c><link rel=\"&#99;anonical\" "
                           "href=/d></head>");
    free(o);
}

/* A <meta> in the head that html_meta.c would not read (no content, or a
 * property, else name, it does not know) is dropped like an unread <link>;
 * in the body it stays, as an element of the tree. */
static void test_prescan_drops_unread_metas(void **state)
{
    const char *in =
        "<!DOCTYPE html><html><head><meta charset=utf-8><meta name=viewport content=w>"
        "<meta property=og:title content=T><meta NAME=Description content=D><meta name=x content>"
        "<meta http-equiv=refresh content=5><meta name=\"&#97;uthor\" content=A>"
        "<meta property=fb:app name=author content=1><title>t</title><meta name=x content=1>"
        "</head><body><meta name=viewport content=v><p>x</p>";
    size_t n = strlen(in);
    char *out = malloc(n + 1);
    assert_non_null(out);
    pith_prescan_map_t map = {.alloc = map_alloc, .dealloc = map_free};
    pith_html_prescan(in, n, out, &map, PITH_PRESCAN_NO_PLACEHOLDERS); /* the cuts' test */
    assert_string_equal(out, "<!DOCTYPE html><html><head><meta property=og:title content=T>"
                             "<meta NAME=Description content=D><meta http-equiv=refresh content=5>"
                             "<meta name=\"&#97;uthor\" content=A><title>t</title></head><body>"
                             "<meta name=viewport content=v><p>x</p>");
    const char *marks[] = {"<meta property", "<title>", "</head>", "<p>", NULL};
    for (int i = 0; marks[i]; i++)
        assert_int_equal(pith_html_prescan_offset(&map, (size_t)(strstr(out, marks[i]) - out)),
                         (size_t)(strstr(in, marks[i]) - in));
    free(map.cuts);
    free(out);
    /* Text, or a tag that has no place in the head, starts the body. */
    char *o = prescan("<meta name=a content=1>t<meta name=b content=2>");
    assert_string_equal(o, "t<meta name=b content=2>");
    free(o);
    o = prescan("<meta name=a content=1><div></div><meta name=b content=2>");
    assert_string_equal(o, "<div></div><meta name=b content=2>");
    free(o);
    o = prescan("<meta name=a content=1></br><meta name=b content=2>");
    assert_string_equal(o, "</br><meta name=b content=2>");
    free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prescan_drops_scripts_and_styles),
        cmocka_unit_test(test_prescan_keeps_json_ld),
        cmocka_unit_test(test_prescan_comments_and_attributes),
        cmocka_unit_test(test_prescan_nested_svg_and_title),
        cmocka_unit_test(test_prescan_unclosed_svg),
        cmocka_unit_test(test_prescan_article_body_template),
        cmocka_unit_test(test_prescan_in_place),
        cmocka_unit_test(test_prescan_caps_depth),
        cmocka_unit_test(test_prescan_keeps_read_attributes),
        cmocka_unit_test(test_prescan_drops_unread_names),
        cmocka_unit_test(test_prescan_numbers_names),
        cmocka_unit_test(test_prescan_keeps_attributes_per_tag),
        cmocka_unit_test(test_prescan_many_attributes),
        cmocka_unit_test(test_prescan_drops_unterminated_tag),
        cmocka_unit_test(test_prescan_cuts_white_space),
        cmocka_unit_test(test_prescan_offsets),
        cmocka_unit_test(test_prescan_drops_unread_links),
        cmocka_unit_test(test_prescan_drops_unread_metas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
