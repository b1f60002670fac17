/* The HTML hint tables (html_hints.c): class/id words and their weights,
 * layout words, and the boilerplate phrases, built from data/html. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "html_hints.h"
#include "html_names.h"
#include "pith/error.h"

static void test_hints(void **state)
{
    (void)state;
    /* Every line of data/html/hints.txt and boilerplate.txt was kept. */
    pith_err_t err = {0};
    assert_int_equal(pith_html_hints_init(&err), 0);
    assert_string_equal(err.reason, "");
    assert_true(pith_html_hint("entry-content", NULL, NULL) > 0);
    assert_true(pith_html_hint(NULL, "articleBody", NULL) > 0);
    assert_true(pith_html_hint("comments-area", NULL, NULL) <= -2);
    assert_true(pith_html_hint("article__share", NULL, NULL) <= -2);
    assert_true(pith_html_hint("sidebar", "secondary", NULL) <= -2);
    /* Taxonomy labels on wrappers say nothing. */
    assert_int_equal(pith_html_hint("tag-sidebar category-comments", NULL, NULL), 0);
    assert_int_equal(pith_html_hint("clearfix row", NULL, NULL), 0);
    assert_int_equal(pith_html_hint(NULL, NULL, NULL), 0);
    (void)state;
}

/* How a name splits into words: at other bytes and at lowerUpper; a word
 * of 48 letters or more, and a compact form that long, are never hint
 * words, yet the words after them still count. */
static void test_hint_name_words(void **state)
{
    (void)state;
    assert_true(pith_html_hint("mainSidebar", NULL, NULL) <= -2);
    assert_int_equal(pith_html_hint("MAINSIDEBAR", NULL, NULL), 0); /* no lowerUpper: one word */
    assert_true(pith_html_hint("x1234567890123456789012345678901234567890123456789-sidebar", NULL,
                               NULL) <= -2);
    assert_true(pith_html_hint("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij_sidebar", NULL,
                               NULL) <= -2);
    assert_true(pith_html_hint("sidebar-tag", NULL, NULL) <= -2);
    assert_true(pith_html_hint("tag-", NULL, NULL) <= -2); /* compact: tag */
    assert_int_equal(pith_html_hint("--", "", NULL), 0);
    assert_int_equal(pith_html_hint("tagSidebar", NULL, NULL), 0); /* a label */
    assert_true(pith_html_hint("entry_content", NULL, NULL) > 0);  /* compact: entrycontent */
}

/* Layout words ("info", "title", "media") name where a box sits; chrome
 * words ("share", "comments") what it does. Only a hint made of layout
 * words alone is reported as such. */
static void test_hint_layout_words(void **state)
{
    int layout = -1;
    assert_true(pith_html_hint("product-info", NULL, &layout) <= -2);
    assert_int_equal(layout, 1);
    assert_true(pith_html_hint("legal-notice", NULL, &layout) <= -2);
    assert_int_equal(layout, 1);
    assert_true(pith_html_hint("media-box share-bar", NULL, &layout) <= -2);
    assert_int_equal(layout, 0);
    assert_true(pith_html_hint("comments-area", NULL, &layout) <= -2);
    assert_int_equal(layout, 0);
    assert_true(pith_html_hint("entry-content", NULL, &layout) > 0);
    assert_int_equal(layout, 0);
    (void)state;
}

/* A name's weight is kept once weighed (the names filter asks for each
 * name first): the value it stands in later, and the name asked again, get
 * the same weight and layout flag as when weighed for the first time. */
static void test_hint_names_kept(void **state)
{
    (void)state;
    int layout = -1;
    assert_true(pith_html_hint_reads("legal-notice", 12));
    assert_true(pith_html_hint("legal-notice", NULL, &layout) <= -2);
    assert_int_equal(layout, 1);
    assert_true(pith_html_hint("xyz legal-notice", NULL, &layout) <= -2);
    assert_int_equal(layout, 1);
    assert_true(pith_html_hint_reads("comments", 8));
    assert_true(pith_html_hint("comments legal-notice", NULL, &layout) <= -2);
    assert_int_equal(layout, 0);
    assert_false(pith_html_hint_reads("qqzzy", 5));
    assert_int_equal(pith_html_hint("qqzzy", "qqzzy", &layout), 0);
    assert_int_equal(layout, 0);
    assert_true(pith_html_hint_reads("tag-", 4)); /* a weight through the compact form */
    assert_true(pith_html_hint("qqzzy tag-", NULL, &layout) <= -2);
}

static void test_boilerplate_phrases(void **state)
{
    assert_true(pith_html_boilerplate("Advertisement", 13));
    assert_true(pith_html_boilerplate("  READ MORE: ", 13));
    assert_true(pith_html_boilerplate("Share this article", 18));
    assert_true(pith_html_boilerplate("Photo: Jane Doe/Reuters", 23));
    const char *prompts[] = {"War der Artikel hilfreich?", "Titelbild: Max Muster",
                             "Rezept drucken", "If you enjoyed this post, share it with a friend."};
    for (size_t i = 0; i < sizeof prompts / sizeof *prompts; i++)
        assert_true(pith_html_boilerplate(prompts[i], strlen(prompts[i])));
    /* A closing label is furniture only where it ends an article. */
    assert_false(pith_html_boilerplate("Über den Autor", strlen("Über den Autor")));
    assert_true(pith_html_closing_title("Über den Autor", strlen("Über den Autor")));
    assert_false(pith_html_closing_title("Related articles", 16));
    assert_false(pith_html_boilerplate("Advertisers left the platform in droves.", 40));
    const char *lng = "Read more about how the council spends its money: every year the city "
                      "publishes a report, and every year fewer people read it, officials say.";
    assert_false(pith_html_boilerplate(lng, strlen(lng)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hints),
        cmocka_unit_test(test_hint_name_words),
        cmocka_unit_test(test_hint_layout_words),
        cmocka_unit_test(test_hint_names_kept),
        cmocka_unit_test(test_boilerplate_phrases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
