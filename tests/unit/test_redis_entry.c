/* Input entries of the Redis stream: the fields a producer may send, and
 * every way an entry is bad (each with the reason the dead stream shows). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "redis_entry.h"

/* Parses NULL-terminated field/value strings. */
static void parse(pith_rentry_t *e, size_t max_body, const char *const *kv)
{
    size_t n = 0, lens[80];
    while (kv[n]) {
        lens[n] = strlen(kv[n]);
        n++;
    }
    assert_int_equal(pith_rentry_parse(e, n, kv, lens, max_body), 0);
}

static void test_good(void **ctx)
{
    pith_rentry_t e;
    parse(&e, 100,
          (const char *const[]){"body", "<p>x</p>", "name", "a.html", "type", "html", "url",
                                "https://example.org/a", "charset", "latin1", NULL});
    assert_string_equal(e.bad, "");
    assert_true(e.has_body);
    assert_int_equal(e.body.len, 8);
    assert_string_equal(e.name, "a.html");
    assert_string_equal(e.url, "https://example.org/a");
    assert_string_equal(e.charset, "latin1");
    assert_int_equal(pith_rentry_type(&e), PITH_TYPE_HTML);
    pith_rentry_clear(&e);
    parse(&e, 100, (const char *const[]){"url", "http://example.org/b", NULL});
    assert_string_equal(e.bad, "");
    assert_false(e.has_body);
    assert_int_equal(pith_rentry_type(&e), PITH_TYPE_AUTO);
    pith_rentry_clear(&e);
    /* An empty body is a body: cleaning it fails, the entry is not malformed. */
    parse(&e, 100, (const char *const[]){"body", "", NULL});
    assert_string_equal(e.bad, "");
    pith_rentry_clear(&e);
}

static void test_bad(void **ctx)
{
    static const struct {
        const char *kv[8];
        const char *why;
    } cases[] = {
        {{"foo", "bar", NULL}, "unknown field 'foo'"},
        {{"name", "x", NULL}, "neither url nor body"},
        {{"url", "ftp://example.org/", NULL}, "not an http"},
        {{"body", "x", "type", "pdf", NULL}, "html or text"},
        {{"body", "x", "body", "y", NULL}, "body given twice"},
        {{"url", "http://a/", "url", "http://b/", NULL}, "url given twice"},
        {{"body", "0123456789A", NULL}, "over max_input_bytes"},
        {{"body", NULL}, "no fields"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pith_rentry_t e;
        parse(&e, 10, cases[i].kv);
        if (!strstr(e.bad, cases[i].why))
            fail_msg("case %zu: '%s' lacks '%s'", i, e.bad, cases[i].why);
        pith_rentry_clear(&e);
    }
    /* A value with a NUL, and too many fields. */
    pith_rentry_t e;
    const char *kv[] = {"name", "a\0b", "body", "x"};
    size_t lens[] = {4, 3, 4, 1};
    assert_int_equal(pith_rentry_parse(&e, 4, kv, lens, 10), 0);
    assert_non_null(strstr(e.bad, "not text"));
    pith_rentry_clear(&e);
    const char *many[70];
    size_t ml[70];
    for (int i = 0; i < 70; i += 2) {
        many[i] = "name";
        many[i + 1] = "x";
        ml[i] = 4;
        ml[i + 1] = 1;
    }
    assert_int_equal(pith_rentry_parse(&e, 70, many, ml, 10), 0);
    assert_true(e.bad[0] != '\0');
    pith_rentry_clear(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
