/* Unit tests for sitename.c: the three ways a text may name a site's host,
 * which titles (is / holds a label) and bylines (is a label or one word a
 * label holds) ask for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sitename.h"

static int named(const char *t, const char *site, const char *host, pith_site_how_t how)
{
    return pith_site_named(t, strlen(t), site, host, how);
}

static void test_declared_name(void **state)
{
    (void)state;
    /* The declared name counts in every way, whatever its length. */
    const char *site = "The Daily Example Gazette of the Northern Counties and Islands, Online";
    assert_true(named(site, site, "www.example.org", PITH_SITE_IS_LABEL));
    assert_true(named("the daily example gazette of the northern counties and islands online", site,
                      NULL, PITH_SITE_IN_LABEL));
    assert_false(named("Daily Example", site, NULL, PITH_SITE_HOLDS_LABEL));
}

static void test_is_label(void **state)
{
    (void)state;
    assert_true(named("La Stampa", NULL, "www.lastampa.it", PITH_SITE_IS_LABEL));
    assert_true(named("Disfunctions.de", NULL, "disfunctions.de", PITH_SITE_IS_LABEL));
    assert_false(named("La Stampa Online", NULL, "www.lastampa.it", PITH_SITE_IS_LABEL));
    /* Labels under four letters, "www..." and the top-level domain are no names. */
    assert_false(named("BBC", NULL, "www.bbc.co.uk", PITH_SITE_IS_LABEL));
    assert_false(named("www3", NULL, "www3.example.jp", PITH_SITE_IS_LABEL));
    assert_false(named("Example", NULL, NULL, PITH_SITE_IS_LABEL));
    assert_false(named("", NULL, "www.example.com", PITH_SITE_IS_LABEL));
}

static void test_holds_label(void **state)
{
    (void)state;
    assert_true(named("brand eins online", NULL, "www.brandeins.de", PITH_SITE_HOLDS_LABEL));
    assert_true(named("Teufel Blog Redaktion", NULL, "blog.teufel.de", PITH_SITE_HOLDS_LABEL));
    assert_false(named("Colombiano", NULL, "www.elcolombiano.com", PITH_SITE_HOLDS_LABEL));
    /* Over 60 bytes a text is no name. */
    assert_false(named("brand eins online: the long subtitle of a magazine that says a lot", NULL,
                       "www.brandeins.de", PITH_SITE_HOLDS_LABEL));
}

static void test_in_label(void **state)
{
    (void)state;
    assert_true(named("Colombiano", NULL, "www.elcolombiano.com", PITH_SITE_IN_LABEL));
    assert_true(named("TEUFEL", NULL, "blog.teufel.de", PITH_SITE_IN_LABEL));
    /* The site's team is an author: it only holds the label. */
    assert_false(named("Teufel Blog Redaktion", NULL, "blog.teufel.de", PITH_SITE_IN_LABEL));
    /* One word of six or more, no blank: "El Colombiano" is not one word,
     * "Colom" too short. */
    assert_false(named("El Colombian", NULL, "www.elcolombiano.com", PITH_SITE_IN_LABEL));
    assert_false(named("Colom", NULL, "www.elcolombiano.com", PITH_SITE_IN_LABEL));
    /* Not the label with its top-level domain. */
    assert_false(named("Disfunctions.de", NULL, "disfunctions.de", PITH_SITE_IN_LABEL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_declared_name),
        cmocka_unit_test(test_is_label),
        cmocka_unit_test(test_holds_label),
        cmocka_unit_test(test_in_label),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
