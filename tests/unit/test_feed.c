/* Feed parsing: RSS 2.0, RSS 1.0 and Atom give the article links in order,
 * resolved against xml:base and the feed URL; malformed XML, non-feeds and
 * any entity declaration (XXE, billion laughs) are refused with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"

static pith_feed_t *parse_ok(const char *xml, const char *base)
{
    pith_feed_t *feed = NULL;
    pith_err_t err = {0};
    int rc = pith_feed_parse((const uint8_t *)xml, strlen(xml), base, NULL, &feed, &err);
    if (rc)
        fail_msg("parse failed: %s", err.reason);
    assert_non_null(feed);
    return feed;
}

static int parse_err(const char *xml, pith_err_t *err)
{
    pith_feed_t *feed = NULL;
    int rc = pith_feed_parse((const uint8_t *)xml, strlen(xml), "https://example.org/rss", NULL,
                             &feed, err);
    assert_null(feed);
    return rc;
}

static void test_rss2(void **state)
{
    const char *xml =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
        "<title>News &amp; Views</title>"
        "<item><title>First</title><link>https://news.example.org/a/1.html</link>"
        "<guid isPermaLink=\"false\">id-1</guid></item>"
        "<item><title>Second</title><link>\n  /a/2.html  \n</link></item>"
        "<item><title>Only guid</title><guid>https://news.example.org/a/3.html</guid></item>"
        "<item><title>No link at all</title><description>x</description></item>"
        "<item><title>Mail</title><link>mailto:editor@example.org</link></item>"
        "<item><title><![CDATA[Cdata "
        "<b>title</b>]]></title><link>b/4.html?x=1&amp;y=2</link></item>"
        "</channel></rss>";
    pith_feed_t *feed = parse_ok(xml, "https://news.example.org/feeds/rss.xml");
    assert_string_equal(feed->title, "News & Views");
    assert_int_equal(feed->nitems, 4);
    assert_string_equal(feed->items[0].link, "https://news.example.org/a/1.html");
    assert_string_equal(feed->items[0].key, "id-1");
    assert_string_equal(feed->items[0].title, "First");
    assert_string_equal(feed->items[1].link, "https://news.example.org/a/2.html");
    assert_string_equal(feed->items[1].key, "https://news.example.org/a/2.html");
    assert_string_equal(feed->items[2].link, "https://news.example.org/a/3.html");
    assert_string_equal(feed->items[3].link, "https://news.example.org/feeds/b/4.html?x=1&y=2");
    assert_string_equal(feed->items[3].title, "Cdata <b>title</b>");
    pith_feed_destroy(feed);
}

static void test_rss1(void **state)
{
    const char *xml = "<?xml version=\"1.0\"?>"
                      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                      "xmlns=\"http://purl.org/rss/1.0/\">"
                      "<channel rdf:about=\"http://example.org/\"><title>RDF site</title></channel>"
                      "<item rdf:about=\"http://example.org/one\"><title>One</title>"
                      "<link>http://example.org/one</link></item>"
                      "<item rdf:about=\"http://example.org/two\"><title>Two</title></item>"
                      "</rdf:RDF>";
    pith_feed_t *feed = parse_ok(xml, "http://example.org/index.rdf");
    assert_string_equal(feed->title, "RDF site");
    assert_int_equal(feed->nitems, 2);
    assert_string_equal(feed->items[0].link, "http://example.org/one");
    assert_string_equal(feed->items[1].link, "http://example.org/two");
    pith_feed_destroy(feed);
}

static void test_atom(void **state)
{
    const char *xml =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        "<a:feed xmlns:a=\"http://www.w3.org/2005/Atom\" xml:base=\"https://blog.example.com/\">"
        "<a:title type=\"text\">A blog</a:title>"
        "<a:entry><a:id>tag:example.com,2024:1</a:id><a:title>Post one</a:title>"
        "<a:link rel=\"edit\" href=\"/api/1\"/>"
        "<a:link rel=\"alternate\" type=\"text/html\" href=\"posts/1\"/></a:entry>"
        "<a:entry xml:base=\"https://other.example.net/x/\"><a:id>urn:2</a:id>"
        "<a:link href=\"../y/2.html\"/></a:entry>"
        "<a:entry><a:id>urn:3</a:id><a:link rel=\"enclosure\" href=\"a.mp3\"/></a:entry>"
        "</a:feed>";
    pith_feed_t *feed = parse_ok(xml, "https://blog.example.com/feed.atom");
    assert_string_equal(feed->title, "A blog");
    assert_int_equal(feed->nitems, 2);
    assert_string_equal(feed->items[0].link, "https://blog.example.com/posts/1");
    assert_string_equal(feed->items[0].key, "tag:example.com,2024:1");
    assert_string_equal(feed->items[0].title, "Post one");
    assert_string_equal(feed->items[1].link, "https://other.example.net/y/2.html");
    assert_string_equal(feed->items[1].key, "urn:2");
    assert_null(feed->items[1].title);
    pith_feed_destroy(feed);
}

static void test_malformed(void **state)
{
    pith_err_t err = {0};
    assert_int_equal(parse_err("<rss><channel><item><link>x</link></channel></rss>", &err),
                     PITH_EINPUT);
    assert_non_null(strstr(err.reason, "malformed"));
    assert_int_equal(parse_err("<html><body>not a feed</body></html>", &err), PITH_EINPUT);
    assert_non_null(strstr(err.reason, "not an RSS or Atom feed"));
    assert_int_equal(parse_err("just text", &err), PITH_EINPUT);
    assert_int_equal(parse_err("", &err), PITH_EEMPTY);
    /* Truncated in the middle of an element. */
    assert_int_equal(parse_err("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><ti", &err),
                     PITH_EINPUT);
}

static void test_entities_refused(void **state)
{
    pith_err_t err = {0};
    const char *xxe = "<?xml version=\"1.0\"?>"
                      "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                      "<rss version=\"2.0\"><channel><title>&xxe;</title>"
                      "<item><link>https://example.org/&xxe;</link></item></channel></rss>";
    assert_int_equal(parse_err(xxe, &err), PITH_EINPUT);
    assert_non_null(strstr(err.reason, "entities"));

    const char *laughs = "<?xml version=\"1.0\"?><!DOCTYPE rss ["
                         "<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                         "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                         "<rss version=\"2.0\"><channel><title>&c;</title></channel></rss>";
    assert_int_equal(parse_err(laughs, &err), PITH_EINPUT);

    const char *param = "<?xml version=\"1.0\"?><!DOCTYPE rss ["
                        "<!ENTITY % remote SYSTEM \"http://127.0.0.1:1/evil.dtd\">]>"
                        "<rss version=\"2.0\"><channel></channel></rss>";
    assert_int_equal(parse_err(param, &err), PITH_EINPUT);
}

/* Items 0..9999 were taken by an earlier poll. */
static int taken_before(void *ctx, const char *key)
{
    const char *prefix = ctx;
    size_t n = strlen(prefix);
    return strncmp(key, prefix, n) || atoi(key + n) >= PITH_FEED_MAX_ITEMS;
}

static int odd_only(void *ctx, const char *key)
{
    const char *slash = strrchr(key, '/');
    return slash && atoi(slash + 1) % 2 == 1;
}

static void test_caps(void **state)
{
    pith_err_t err = {0};
    pith_feed_t *feed = NULL;
    static const char small[] = "<rss/>";
    assert_int_equal(
        pith_feed_parse((const uint8_t *)small, PITH_FEED_MAX_BYTES + 1, NULL, NULL, &feed, &err),
        PITH_ETOOBIG);
    assert_null(feed);

    /* More items than the cap: the first PITH_FEED_MAX_ITEMS are kept, the
     * rest counted. */
    size_t n = PITH_FEED_MAX_ITEMS + 50, cap = n * 64 + 128, len = 0;
    char *xml = malloc(cap);
    assert_non_null(xml);
    len += (size_t)snprintf(xml + len, cap - len, "<rss version=\"2.0\"><channel>");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(xml + len, cap - len, "<item><link>/p/%zu</link></item>", i);
    len += (size_t)snprintf(xml + len, cap - len, "</channel></rss>");
    assert_int_equal(
        pith_feed_parse((const uint8_t *)xml, len, "http://h.example/", NULL, &feed, &err), 0);
    assert_int_equal(feed->nitems, PITH_FEED_MAX_ITEMS);
    assert_int_equal(feed->nmore, 50);
    assert_string_equal(feed->items[PITH_FEED_MAX_ITEMS - 1].link, "http://h.example/p/9999");
    pith_feed_destroy(feed);

    /* A caller that passes over what it took before gets the rest: the
     * later items of a long feed are reachable on later parses. */
    pith_feed_select_t sel = {.want = taken_before, .ctx = "http://h.example/p/"};
    assert_int_equal(
        pith_feed_parse((const uint8_t *)xml, len, "http://h.example/", &sel, &feed, &err), 0);
    assert_int_equal(feed->nitems, 50);
    assert_int_equal(feed->nmore, 0);
    assert_string_equal(feed->items[0].link, "http://h.example/p/10000");
    assert_string_equal(feed->items[49].link, "http://h.example/p/10049");
    pith_feed_destroy(feed);

    /* A smaller cap, and a filter, together. */
    sel.max_items = 7;
    sel.want = odd_only;
    assert_int_equal(
        pith_feed_parse((const uint8_t *)xml, len, "http://h.example/", &sel, &feed, &err), 0);
    assert_int_equal(feed->nitems, 7);
    assert_int_equal(feed->nmore, n / 2 - 7);
    assert_string_equal(feed->items[0].link, "http://h.example/p/1");
    assert_string_equal(feed->items[6].link, "http://h.example/p/13");
    pith_feed_destroy(feed);
    free(xml);
    pith_feed_destroy(NULL);
}

static int sniff(const char *body, const char *type)
{
    return pith_feed_sniff((const uint8_t *)body, strlen(body), type);
}

static void test_sniff(void **state)
{
    assert_true(sniff("<rss version=\"2.0\"><channel/></rss>", NULL));
    assert_true(sniff("\xEF\xBB\xBF  <?xml version=\"1.0\"?>\n<!-- generated -->\n"
                      "<?xml-stylesheet href=\"s.xsl\"?><rss>",
                      "text/xml"));
    assert_true(sniff("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">",
                      "application/xml"));
    assert_true(sniff("<atom:feed xmlns:atom=\"http://www.w3.org/2005/Atom\">", NULL));
    assert_true(sniff("<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">", NULL));
    assert_true(sniff("<!DOCTYPE rss><rss>", NULL));
    assert_true(sniff("anything", "application/rss+xml; charset=utf-8"));
    assert_true(sniff("anything", "Application/Atom+XML"));
    assert_false(sniff("<!DOCTYPE html><html><body>rss</body></html>", "text/html"));
    assert_false(sniff("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">",
                       "application/xhtml+xml"));
    assert_false(sniff("<rsss>", NULL));
    assert_false(sniff("<feeds>", NULL));
    assert_false(sniff("The rss feed of the day", "text/plain"));
    assert_false(sniff("<?xml version=\"1.0\"?>", NULL));
    assert_false(sniff("", NULL));
    assert_false(sniff("<", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rss2),
        cmocka_unit_test(test_rss1),
        cmocka_unit_test(test_atom),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_entities_refused),
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_sniff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
