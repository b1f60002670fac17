/* Unit tests for rules.c: parsing profiles (errors name file and line),
 * matching by host and signature, drop/cut/metadata, the built-in profiles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "pith/doc.h"
#include "pith/error.h"
#include "pith/rules.h"

/* How many profiles the last pith_rules_apply applied (an out-parameter:
 * the return value is 0 or a PITH_E* code). */
static size_t applied;

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

    assert_int_equal(load(r, "# c\n[profile b]\nhost = x.org\n\ndrop = ^(unclosed\n", &err),
                     PITH_ECONFIG);
    assert_int_equal(err.line, 5);
    assert_non_null(strstr(err.reason, "drop"));

    /* The header's own line, not the next one. */
    assert_int_equal(load(r, "[sources]\nurl = x\n", &err), PITH_ECONFIG);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.reason, "[sources]"));

    assert_int_equal(load(r, "\n[profile c]\ndrop = ^x$\n", &err), PITH_ECONFIG);
    assert_non_null(strstr(err.reason, "neither host nor signature"));
    assert_int_equal(err.line, 2);

    assert_int_equal(load(r, "[profile d]\nhost = d.org  # inline comment\n", &err), 0);
    assert_int_equal(pith_rules_count(r), 1);
    pith_rules_destroy(r);
    pith_rules_destroy(NULL);
}

typedef struct {
    pith_err_t items[16];
    int n;
} problems_t;

static void collect(void *user, const pith_err_t *e)
{
    problems_t *p = user;
    if (p->n < 16)
        p->items[p->n++] = *e;
}

/* Every problem of a file is reported, each at its own line. */
static void test_all_problems(void **state)
{
    static const char text[] = "[profile a]\n"    /* 1 */
                               "host = a.org\n"   /* 2 */
                               "drop = ^(x\n"     /* 3 */
                               "colour = blue\n"  /* 4 */
                               "not a key line\n" /* 5 */
                               "[profile]\n"      /* 6 */
                               "[profile b]\n"    /* 7 */
                               "drop = ^y$\n"     /* 8 */
                               "[oops\n"          /* 9 */
                               "drop = ^(z\n";    /* 10: under a bad header, not reported */
    problems_t p = {0};
    pith_rules_t *r = pith_rules_create();
    assert_int_equal(pith_rules_load(r, text, sizeof text - 1, "t.conf", collect, &p),
                     PITH_ECONFIG);
    assert_int_equal(pith_rules_count(r), 0);
    assert_int_equal(p.n, 6);
    static const int lines[] = {3, 4, 5, 6, 9, 7};
    static const char *const words[] = {"bad pattern for drop", "unknown key 'colour'",
                                        "key = value",          "profile without a name",
                                        "section header",       "'b' has neither host"};
    for (int i = 0; i < 6; i++) {
        assert_int_equal(p.items[i].line, lines[i]);
        assert_string_equal(p.items[i].file, "t.conf");
        assert_non_null(strstr(p.items[i].reason, words[i]));
    }
    pith_rules_destroy(r);
}

/* Long lines are read whole (the old reader cut them at 200 bytes and the
 * pattern silently lost its tail); lines over the limit are an error, never
 * cut; comments follow the same rule as pith.conf. */
static void test_long_lines_and_comments(void **state)
{
    char pat[400];
    memset(pat, 'a', 270);
    memcpy(pat + 270, "XYZ$", 5); /* a 275-byte pattern */
    char text[600];
    snprintf(text, sizeof text, "[profile long]\nhost = long.org ; a comment too\ndrop = %s\n",
             pat);
    pith_err_t err = {0};
    pith_rules_t *r = pith_rules_create();
    assert_int_equal(load(r, text, &err), 0);
    char line[300];
    memset(line, 'a', 270);
    memcpy(line + 270, "XYZ", 4);
    const char *const lines[] = {"keep", line, NULL};
    pith_doc_t *doc = doc_of(lines);
    assert_int_equal(pith_rules_apply(r, "long.org", doc, &applied, &err), 0);
    assert_int_equal(applied, 1);
    assert_int_equal(doc->nparas, 1); /* the whole pattern matched: the line went */
    pith_doc_destroy(doc);
    memcpy(line + 270, "XY", 3); /* a cut-short pattern would match this too */
    const char *const lines2[] = {"keep", line, NULL};
    doc = doc_of(lines2);
    assert_int_equal(pith_rules_apply(r, "long.org", doc, &applied, &err), 0);
    assert_int_equal(applied, 1);
    assert_int_equal(doc->nparas, 2);
    pith_doc_destroy(doc);

    size_t big = 20000;
    char *huge = malloc(big + 64);
    assert_non_null(huge);
    int n = snprintf(huge, 64, "[profile huge]\nhost = h.org\ndrop = ");
    memset(huge + n, 'b', big);
    strcpy(huge + n + big, "\n");
    assert_int_equal(load(r, huge, &err), PITH_ECONFIG);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.reason, "line too long"));
    free(huge);
    pith_rules_destroy(r);
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
    static const char *const lines[] = {"Menu",
                                        "Skip nav",
                                        "Headline: Big news",
                                        "Posted 19 Nov 2019",
                                        "First paragraph.",
                                        "Advert here",
                                        "Second paragraph.",
                                        "Tags: a, b ,c",
                                        "Comments",
                                        "Great post!",
                                        NULL};
    pith_doc_t *doc = doc_of(lines);
    /* Host suffix on a label boundary only. */
    assert_int_equal(pith_rules_apply(r, "badexample.org", doc, &applied, &err), 0);
    assert_int_equal(applied, 0);
    assert_int_equal(doc->nparas, 10);
    assert_int_equal(pith_rules_apply(r, "news.example.org", doc, &applied, &err), 0);
    assert_int_equal(applied, 1);
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
    static const char *const lines[] = {"An article paragraph that stays.", "Leave a Reply",
                                        "You must be logged in to post a comment.", "Nice one",
                                        NULL};
    pith_doc_t *doc = doc_of(lines);
    assert_int_equal(pith_rules_apply(r, NULL, doc, &applied, &err), 0);
    assert_int_equal(applied, 1); /* wordpress, by signature */
    assert_int_equal(doc->nparas, 1);
    assert_string_equal(doc->paras[0], "An article paragraph that stays.");
    pith_doc_destroy(doc);

    static const char *const sputnik[] = {"Body text.",
                                          "2021-12-31T07:52+0000",
                                          "/html/head/meta[@name='og:title']/@content",
                                          "1920 1080 true",
                                          "en_EN",
                                          "world, joe biden, russia",
                                          NULL};
    doc = doc_of(sputnik);
    assert_int_equal(pith_doc_set(&doc->date, "2021-12-31", (size_t)-1), 0);
    assert_int_equal(pith_rules_apply(r, "sputniknews.com", doc, &applied, &err), 0);
    assert_int_equal(applied, 1);
    assert_int_equal(doc->nparas, 1);
    assert_string_equal(doc->date, "2021-12-31T07:52:00+00:00");
    assert_string_equal(doc->lang, "en");
    assert_int_equal(doc->ntags, 3);
    assert_string_equal(doc->tags[1], "joe biden");
    pith_doc_destroy(doc);
    pith_rules_destroy(r);
}

/* One pattern fills several fields with named groups; without named groups a
 * field key keeps its first capture. */
static void test_named_groups(void **state)
{
    pith_err_t err = {0};
    pith_rules_t *r = pith_rules_create();
    assert_int_equal(load(r,
                          "[profile ex]\n"
                          "host = example.org\n"
                          "byline = ^Posted on (?<date>.+) by (?<author>.+)$\n"
                          "title = ^Story: (?<title>.+) \\((?<lang>[a-z]{2})\\)$\n",
                          &err),
                     0);
    static const char *const lines[] = {"Story: Big news (en)",
                                        "Posted on August 14, 2023 by Margaret Ellison",
                                        "First paragraph.", NULL};
    pith_doc_t *doc = doc_of(lines);
    assert_int_equal(pith_rules_apply(r, "example.org", doc, &applied, &err), 0);
    assert_int_equal(applied, 1);
    assert_int_equal(doc->nparas, 1);
    assert_string_equal(doc->paras[0], "First paragraph.");
    assert_string_equal(doc->author, "Margaret Ellison");
    assert_string_equal(doc->date, "2023-08-14");
    assert_string_equal(doc->title, "Big news");
    assert_string_equal(doc->lang, "en");
    pith_doc_destroy(doc);
    pith_rules_destroy(r);
}

/* The built-in WordPress profile reads its byline (it used to drop it), so
 * a date in a "Related posts" list further down cannot win. */
static void test_wordpress_byline(void **state)
{
    pith_err_t err = {0};
    pith_rules_t *r = pith_rules_create();
    assert_int_equal(pith_rules_add_builtin(r, &err), 0);
    static const char *const lines[] = {"Posted on August 14, 2023 by Margaret Ellison",
                                        "An article paragraph that stays.",
                                        "Related Posts",
                                        "Another story",
                                        "March 2, 2021",
                                        "Leave a Reply",
                                        NULL};
    pith_doc_t *doc = doc_of(lines);
    assert_int_equal(pith_rules_apply(r, NULL, doc, &applied, &err), 0);
    assert_int_equal(applied, 1);
    assert_string_equal(doc->author, "Margaret Ellison");
    assert_string_equal(doc->date, "2023-08-14");
    assert_string_equal(doc->paras[0], "An article paragraph that stays.");
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
    assert_int_equal(pith_rules_apply(r, NULL, doc, &applied, &err), 0);
    assert_int_equal(applied, 1);
    /* the user's rules apply (drop "Nice one"), the built-in cut_after at
     * "Leave a Reply" no longer does */
    assert_int_equal(doc->nparas, 2);
    assert_string_equal(doc->paras[1], "Leave a Reply");
    pith_doc_destroy(doc);
    pith_rules_destroy(r);
}

/* Loading compiles no JIT code (it was half of a one-shot clean's start);
 * a pattern tried often enough gets it, and matches the same before and
 * after. */
static void test_lazy_jit(void **state)
{
    pith_err_t err = {0};
    pith_rules_t *r = pith_rules_create();
    assert_int_equal(pith_rules_add_builtin(r, &err), 0);
    assert_int_equal(pith_rules_jit_count(r), 0);
    static const char *const lines[] = {"An article paragraph that stays.", "Leave a Reply",
                                        "Nice one", NULL};
    for (int round = 0; round < 200; round++) {
        pith_doc_t *doc = doc_of(lines);
        assert_int_equal(pith_rules_apply(r, NULL, doc, &applied, &err), 0);
        assert_int_equal(applied, 1);
        assert_int_equal(doc->nparas, 1);
        assert_string_equal(doc->paras[0], "An article paragraph that stays.");
        pith_doc_destroy(doc);
    }
    uint32_t jit = 0;
    pcre2_config(PCRE2_CONFIG_JIT, &jit);
    if (jit)
        assert_true(pith_rules_jit_count(r) > 0);
    pith_rules_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_all_problems),
        cmocka_unit_test(test_long_lines_and_comments),
        cmocka_unit_test(test_host_and_actions),
        cmocka_unit_test(test_signature_and_builtin),
        cmocka_unit_test(test_same_name_replaces),
        cmocka_unit_test(test_named_groups),
        cmocka_unit_test(test_wordpress_byline),
        cmocka_unit_test(test_lazy_jit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
