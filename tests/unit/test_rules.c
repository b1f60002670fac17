/* Unit tests for rules.c: parsing profiles (errors name file and line),
 * matching by host and signature, drop/cut/metadata, the built-in profiles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "doc.h"
#include "error.h"
#include "rules.h"

static pith_doc_t *doc_of(const char *const *lines)
{
    pith_doc_t *doc = pith_doc_create();
    assert_non_null(doc);
    for (size_t i = 0; lines[i]; i++)
        assert_int_equal(pith_doc_add_para(doc, lines[i], (size_t)-1), 0);
    return doc;
}

static int load(pith_rules_t *r, const char *text, pith_err_t *err)
{
    return pith_rules_add_string(r, text, strlen(text), "test.conf", err);
}

static void test_parse_errors(void **state)
{
    pith_err_t err = {0};
    pith_rules_t *r = pith_rules_create();
    assert_int_equal(load(r, "[profile a]\nhost = example.org\nbogus = 1\n", &err), PITH_ECONFIG);
    assert_string_equal(err.file, "test.conf");
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.reason, "bogus"));
    assert_int_equal(pith_rules_count(r), 0); /* all or nothing */

    assert_int_equal(load(r, "# c\n[profile b]\nhost = x.org\n\ndrop = ^(unclosed\n", &err), PITH_ECONFIG);
    assert_int_equal(err.line, 5);
    assert_non_null(strstr(err.reason, "drop"));

    assert_int_equal(load(r, "[sources]\nurl = x\n", &err), PITH_ECONFIG);
    assert_int_equal(err.line, 2);

    assert_int_equal(load(r, "[profile c]\ndrop = ^x$\n", &err), PITH_ECONFIG);
    assert_non_null(strstr(err.reason, "neither host nor signature"));

    assert_int_equal(load(r, "[profile d]\nhost = d.org  # inline comment\n", &err), 0);
    assert_int_equal(pith_rules_count(r), 1);
    pith_rules_destroy(r);
    pith_rules_destroy(NULL);
}

static void test_host_and_actions(void **state)
{
    pith_err_t err = {0};
    pith_rules_t *r = pith_rules_create();
    assert_int_equal(load(r,
                          "[profile ex]\n"
                          "host = example.org\n"
                          "drop = ^Advert\n"
                          "cut_after = ^Comments$\n"
                          "cut_before = ^Skip nav$\n"
                          "title = ^Headline: (.+)$\n"
                          "date = ^Posted (.+)$\n"
                          "tags = ^Tags: (.+)$\n",
                          &err),
                     0);
    static const char *const lines[] = {"Menu", "Skip nav", "Headline: Big news", "Posted 19 Nov 2019",
                                        "First paragraph.", "Advert here", "Second paragraph.",
                                        "Tags: a, b ,c", "Comments", "Great post!", NULL};
    pith_doc_t *doc = doc_of(lines);
    /* Host suffix on a label boundary only. */
    assert_int_equal(pith_rules_apply(r, "badexample.org", doc, &err), 0);
    assert_int_equal(doc->nparas, 10);
    assert_int_equal(pith_rules_apply(r, "news.example.org", doc, &err), 1);
    assert_int_equal(doc->nparas, 2);
    assert_string_equal(doc->paras[0], "First paragraph.");
    assert_string_equal(doc->paras[1], "Second paragraph.");
    assert_string_equal(doc->title, "Big news");
    assert_string_equal(doc->date, "2019-11-19");
    assert_int_equal(doc->ntags, 3);
    assert_string_equal(doc->tags[1], "b");
    pith_doc_destroy(doc);
    pith_rules_destroy(r);
}

static void test_signature_and_builtin(void **state)
{
    pith_err_t err = {0};
    pith_rules_t *r = pith_rules_create();
    assert_int_equal(pith_rules_add_builtin(r, &err), 0);
    assert_true(pith_rules_count(r) >= 2);
    static const char *const lines[] = {"An article paragraph that stays.",
                                        "Leave a Reply",
                                        "You must be logged in to post a comment.",
                                        "Nice one",
                                        NULL};
    pith_doc_t *doc = doc_of(lines);
    assert_int_equal(pith_rules_apply(r, NULL, doc, &err), 1); /* wordpress, by signature */
    assert_int_equal(doc->nparas, 1);
    assert_string_equal(doc->paras[0], "An article paragraph that stays.");
    pith_doc_destroy(doc);

    static const char *const sputnik[] = {"Body text.", "2021-12-31T07:52+0000",
                                          "/html/head/meta[@name='og:title']/@content",
                                          "1920 1080 true", "en_EN", "world, joe biden, russia", NULL};
    doc = doc_of(sputnik);
    assert_int_equal(pith_doc_set(&doc->date, "2021-12-31", (size_t)-1), 0);
    assert_int_equal(pith_rules_apply(r, "sputniknews.com", doc, &err), 1);
    assert_int_equal(doc->nparas, 1);
    assert_string_equal(doc->date, "2021-12-31T07:52:00+00:00");
    assert_string_equal(doc->lang, "en");
    assert_int_equal(doc->ntags, 3);
    assert_string_equal(doc->tags[1], "joe biden");
    pith_doc_destroy(doc);
    pith_rules_destroy(r);
}

/* A user's profile named like a built-in one replaces it (sites.d/ beside
 * the config file is loaded after the built-ins). */
static void test_same_name_replaces(void **state)
{
    pith_err_t err = {0};
    pith_rules_t *r = pith_rules_create();
    assert_int_equal(pith_rules_add_builtin(r, &err), 0);
    size_t n = pith_rules_count(r);
    static const char user[] = "[profile wordpress]\n"
                               "signature = ^Leave a Reply$\n"
                               "drop = ^Nice one$\n";
    assert_int_equal(pith_rules_add_string(r, user, sizeof user - 1, "user.conf", &err), 0);
    assert_int_equal(pith_rules_count(r), n);
    static const char *const lines[] = {"An article paragraph that stays.", "Leave a Reply",
                                        "Nice one", NULL};
    pith_doc_t *doc = doc_of(lines);
    assert_int_equal(pith_rules_apply(r, NULL, doc, &err), 1);
    /* the user's rules apply (drop "Nice one"), the built-in cut_after at
     * "Leave a Reply" no longer does */
    assert_int_equal(doc->nparas, 2);
    assert_string_equal(doc->paras[1], "Leave a Reply");
    pith_doc_destroy(doc);
    pith_rules_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_host_and_actions),
        cmocka_unit_test(test_signature_and_builtin),
        cmocka_unit_test(test_same_name_replaces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
