/* Unit tests for slug.c: slug words from URLs and their match with lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "slug.h"

static void test_slug_words(void **state)
{
    (void)state;
    pith_slug_t sl;
    pith_slug_from_url(&sl, "https://example.com/2023/08/14/council-expands-bus-network/?ref=x");
    assert_int_equal(sl.n, 4);
    assert_string_equal(sl.tok[0], "council");
    assert_string_equal(sl.tok[3], "network");
    /* The segment with the most words, its extension and numbers left out. */
    pith_slug_from_url(&sl,
                       "https://example.de/politik/stadtrat-beschliesst-buslinien_id_9209161.html");
    assert_int_equal(sl.n, 4);
    assert_string_equal(sl.tok[3], "id");
    /* No slug: an id, one word, no path, no URL. */
    pith_slug_from_url(&sl, "https://example.com/article/123456");
    assert_int_equal(sl.n, 0);
    pith_slug_from_url(&sl, "https://example.com");
    assert_int_equal(sl.n, 0);
    pith_slug_from_url(&sl, NULL);
    assert_int_equal(sl.n, 0);
}

static void test_slug_match_folded(void **state)
{
    (void)state;
    pith_slug_t sl;
    unsigned words, hits;
    pith_slug_from_url(&sl, "https://example.de/stadtrat-beschliesst-neue-buslinien-fuer-norden");
    const char *line = "Stadtrat beschließt neue Buslinien für den Norden";
    pith_slug_match(&sl, line, strlen(line), &words, &hits);
    assert_int_equal(words, 7);
    assert_int_equal(hits, 6); /* ß as ss, ü as ue; "den" is not in the slug */
    /* Accents stripped as slugs strip them. */
    pith_slug_from_url(&sl, "https://example.fr/la-fin-des-trottinettes-a-montreal");
    line = "La fin des trottinettes à Montréal";
    pith_slug_match(&sl, line, strlen(line), &words, &hits);
    assert_int_equal(hits, words);
    /* Numbers count on neither side. */
    line = "Top 10 trottinettes 2023";
    pith_slug_match(&sl, line, strlen(line), &words, &hits);
    assert_int_equal(words, 2);
    assert_int_equal(hits, 1);
}

static void test_slug_squash_last(void **state)
{
    (void)state;
    char out[256];
    /* The last segment, trailing slashes, query and fragment left out. */
    assert_int_equal(
        pith_slug_squash_last("https://example.de/2024/01/ein-Entspannter-Start/?a=b#c", out,
                              sizeof out),
        19);
    assert_string_equal(out, "einentspannterstart");
    /* Up to the first dot; not decoded, ASCII only. */
    pith_slug_squash_last("http://example.com/news/big-rain.v2.html", out, sizeof out);
    assert_string_equal(out, "bigrain");
    pith_slug_squash_last("http://example.com/stra%C3%9Fe-frei", out, sizeof out);
    assert_string_equal(out, "strac39fefrei");
    /* The segment with the most words is another (pith_slug_from_url). */
    pith_slug_t sl;
    pith_slug_from_url(&sl, "https://example.com/council-expands-bus-network/id-1");
    assert_int_equal(sl.n, 4);
    pith_slug_squash_last("https://example.com/council-expands-bus-network/id-1", out, sizeof out);
    assert_string_equal(out, "id1");
    /* No path, no URL; a short buffer cuts. */
    assert_int_equal(pith_slug_squash_last("https://example.com", out, sizeof out), 0);
    assert_int_equal(pith_slug_squash_last("https://example.com/", out, sizeof out), 0);
    assert_int_equal(pith_slug_squash_last(NULL, out, sizeof out), 0);
    assert_int_equal(pith_slug_squash_last("https://example.com/abcdef", out, 4), 3);
    assert_string_equal(out, "abc");
}

/* Words inside a squashed last segment: one-word and glued slugs, parts of
 * compounds, a word whose non-ASCII letters the path dropped. */
static void test_slug_inside(void **state)
{
    (void)state;
    unsigned words, hits;
    pith_slug_inside("batteriespeicher", "Batteriespeicher", 16, &words, &hits);
    assert_int_equal(words, 1);
    assert_int_equal(hits, 1);
    pith_slug_inside("batteriespeicher", "Lexikon", 7, &words, &hits);
    assert_int_equal(hits, 0);
    const char *line = "TRANSFORMATIONSLABOR ERN\xc3\x84HRUNG";
    pith_slug_inside("transformationslaborernhrung", line, strlen(line), &words, &hits);
    assert_int_equal(words, 2);
    assert_int_equal(hits, 2);
    /* Short words and numbers count on neither side. */
    line = "Unser wahres Ich ab 2023";
    pith_slug_inside("unserwahresich", line, strlen(line), &words, &hits);
    assert_int_equal(words, 3);
    assert_int_equal(hits, 3);
}

/* The page's slug: the last segment of two words or more, not the longest
 * (a section's name); ids are no words; without such a segment, the
 * longest as pith_slug_from_url reads it. */
static void test_slug_page(void **state)
{
    (void)state;
    pith_slug_t sl;
    const char *url = "https://example.de/stadt-und-land-leben/neue-buslinien/";
    pith_slug_from_url(&sl, url);
    assert_int_equal(sl.n, 4);
    pith_slug_from_page(&sl, url);
    assert_int_equal(sl.n, 2);
    assert_string_equal(sl.tok[0], "neue");
    assert_string_equal(sl.tok[1], "buslinien");
    /* An id after the slug ("c4d3321d-fad9-41cb", "ar-BB19DUqK"). */
    pith_slug_from_page(&sl, "https://example.com/recipes/easy-plum-cake/c4d3321d-fad9-41cb");
    assert_int_equal(sl.n, 3);
    assert_string_equal(sl.tok[0], "easy");
    pith_slug_from_page(&sl, "https://example.com/news/uk-halls-too-full/ar-BB19DUqK");
    assert_int_equal(sl.n, 4);
    assert_string_equal(sl.tok[0], "uk");
    /* No segment of two words: the longest, ids and all. */
    pith_slug_from_page(&sl, "https://example.com/article/s11926-017-0626-z");
    assert_int_equal(sl.n, 2);
    pith_slug_from_page(&sl, "https://example.com/article/123456");
    assert_int_equal(sl.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slug_words),       cmocka_unit_test(test_slug_match_folded),
        cmocka_unit_test(test_slug_squash_last), cmocka_unit_test(test_slug_inside),
        cmocka_unit_test(test_slug_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
