/* The fetcher's pure helpers: Retry-After in both forms, backoff growth,
 * jitter and caps, the charset parameter of Content-Type, and the URL helpers
 * (resolution, scheme checks, host, output stem). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "fetch.h"
#include "fetch_http.h"
#include "url.h"

static void test_retry_after(void **state)
{
    uint64_t ms = 1;
    time_t now = 1700000000; /* 2023-11-14T22:13:20Z */
    assert_int_equal(pith_fetch_retry_after("120", now, 300000, &ms), 0);
    assert_int_equal(ms, 120000);
    assert_int_equal(pith_fetch_retry_after(" 0 ", now, 300000, &ms), 0);
    assert_int_equal(ms, 0);
    /* Capped. */
    assert_int_equal(pith_fetch_retry_after("86400", now, 300000, &ms), 0);
    assert_int_equal(ms, 300000);
    assert_int_equal(pith_fetch_retry_after("99999999999999999999999", now, 300000, &ms), 0);
    assert_int_equal(ms, 300000);
    /* HTTP dates: 30 s ahead, in the past, far ahead. */
    assert_int_equal(pith_fetch_retry_after("Tue, 14 Nov 2023 22:13:50 GMT", now, 300000, &ms), 0);
    assert_int_equal(ms, 30000);
    assert_int_equal(pith_fetch_retry_after("Tue, 14 Nov 2023 20:00:00 GMT", now, 300000, &ms), 0);
    assert_int_equal(ms, 0);
    assert_int_equal(pith_fetch_retry_after("Wed, 15 Nov 2023 22:13:20 GMT", now, 300000, &ms), 0);
    assert_int_equal(ms, 300000);
    /* Obsolete RFC 850 form. */
    assert_int_equal(pith_fetch_retry_after("Tuesday, 14-Nov-23 22:14:20 GMT", now, 300000, &ms),
                     0);
    assert_int_equal(ms, 60000);
    /* Junk. */
    assert_int_equal(pith_fetch_retry_after("", now, 300000, &ms), PITH_EINPUT);
    assert_int_equal(pith_fetch_retry_after("soon", now, 300000, &ms), PITH_EINPUT);
    assert_int_equal(pith_fetch_retry_after("12abc", now, 300000, &ms), PITH_EINPUT);
    assert_int_equal(pith_fetch_retry_after("-5", now, 300000, &ms), PITH_EINPUT);
    assert_int_equal(pith_fetch_retry_after(NULL, now, 300000, &ms), PITH_EINPUT);
}

static void test_backoff(void **state)
{
    /* Equal jitter: within [d/2, d] where d = base·2^(attempt-1), capped. */
    for (uint32_t rnd = 0; rnd < 5000; rnd += 97) {
        for (unsigned a = 1; a <= 8; a++) {
            uint64_t d = 500ull << (a - 1);
            if (d > 10000)
                d = 10000;
            uint64_t w = pith_fetch_backoff(a, 500, 10000, rnd);
            assert_true(w >= d / 2);
            assert_true(w <= d);
        }
    }
    assert_int_equal(pith_fetch_backoff(1, 500, 10000, 0), 250);
    assert_int_equal(pith_fetch_backoff(3, 500, 10000, 0), 1000);
    /* Huge attempt numbers neither overflow nor exceed the cap. */
    assert_true(pith_fetch_backoff(1000, 500, 60000, 123456) <= 60000);
    assert_true(pith_fetch_backoff(1000, 500, 60000, 0) >= 30000);
    /* Different random draws give different waits (the point of jitter). */
    assert_int_not_equal(pith_fetch_backoff(4, 500, 60000, 1),
                         pith_fetch_backoff(4, 500, 60000, 2001));
}

static void test_charset(void **state)
{
    char cs[64];
    assert_int_equal(pith_fetch_charset("text/html; charset=UTF-8", cs, sizeof cs), 0);
    assert_string_equal(cs, "utf-8");
    assert_int_equal(
        pith_fetch_charset("text/html;charset=\"windows-1251\"; foo=bar", cs, sizeof cs), 0);
    assert_string_equal(cs, "windows-1251");
    assert_int_equal(
        pith_fetch_charset("text/plain; format=flowed; Charset = koi8-r", cs, sizeof cs), 0);
    assert_string_equal(cs, "koi8-r");
    assert_int_equal(pith_fetch_charset("text/html", cs, sizeof cs), PITH_EINPUT);
    assert_int_equal(pith_fetch_charset("text/html; charset=", cs, sizeof cs), PITH_EINPUT);
    assert_int_equal(pith_fetch_charset(NULL, cs, sizeof cs), PITH_EINPUT);
    char tiny[4];
    assert_int_equal(pith_fetch_charset("text/html; charset=iso-8859-1", tiny, sizeof tiny),
                     PITH_EINPUT); /* not -1, which reads as PITH_ENOMEM */
}

static void resolves(const char *base, const char *ref, const char *want)
{
    char *out = NULL;
    pith_err_t err = {0};
    int rc = pith_url_resolve(base, ref, &out, &err);
    if (rc)
        fail_msg("%s + %s: %s", base ? base : "(null)", ref ? ref : "(null)", err.reason);
    assert_string_equal(out, want);
    free(out);
}

static void test_url_resolve(void **state)
{
    const char *b = "http://a.example/b/c/d;p?q";
    resolves(b, "g", "http://a.example/b/c/g");
    resolves(b, "./g", "http://a.example/b/c/g");
    resolves(b, "g/", "http://a.example/b/c/g/");
    resolves(b, "/g", "http://a.example/g");
    resolves(b, "//g.example/x", "http://g.example/x");
    resolves(b, "?y", "http://a.example/b/c/d;p?y");
    resolves(b, "../g", "http://a.example/b/g");
    resolves(b, "../../../g", "http://a.example/g");
    resolves(b, "  https://other.example/z  ", "https://other.example/z");
    resolves(NULL, "https://x.example", "https://x.example/");

    char *out = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_url_resolve(b, "mailto:x@y.example", &out, &err), PITH_EINPUT);
    assert_null(out);
    assert_int_equal(pith_url_resolve(b, "javascript:alert(1)", &out, &err), PITH_EINPUT);
    assert_int_equal(pith_url_resolve(b, "ftp://files.example/x", &out, &err), PITH_EINPUT);
    assert_int_equal(pith_url_resolve(b, "   ", &out, &err), PITH_EINPUT);
    assert_int_equal(pith_url_resolve(NULL, "relative/only", &out, &err), PITH_EINPUT);
}

static void test_url_check_host_stem(void **state)
{
    pith_err_t err = {0};
    assert_int_equal(pith_url_check("https://example.org/x", &err), 0);
    assert_int_equal(pith_url_check("http://127.0.0.1:8080/", &err), 0);
    assert_int_equal(pith_url_check("file:///etc/passwd", &err), PITH_EINPUT);
    assert_int_equal(pith_url_check("ftp://example.org/", &err), PITH_EINPUT);
    assert_int_equal(pith_url_check("example.org/page", &err), PITH_EINPUT);
    assert_int_equal(pith_url_check("", &err), PITH_EINPUT);
    assert_int_equal(pith_url_check("http://exa\nmple.org/", &err), PITH_EINPUT);
    char *longurl = malloc(PITH_URL_MAX + 100);
    assert_non_null(longurl);
    memset(longurl, 'a', PITH_URL_MAX + 99);
    memcpy(longurl, "http://h/", 9);
    longurl[PITH_URL_MAX + 99] = '\0';
    assert_int_equal(pith_url_check(longurl, &err), PITH_EINPUT);
    free(longurl);

    char buf[256];
    assert_int_equal(pith_url_host("https://User@News.Example.ORG:8443/a", buf, sizeof buf), 0);
    assert_string_equal(buf, "news.example.org");
    assert_int_equal(pith_url_host("https://example.org/", buf, 4), PITH_EINPUT);

    assert_string_equal(
        pith_url_stem("https://h.example/news/2024/story.html?x=1", buf, sizeof buf), "story");
    assert_string_equal(pith_url_stem("https://h.example/news/section/", buf, sizeof buf),
                        "section");
    assert_string_equal(pith_url_stem("https://h.example/", buf, sizeof buf), "h.example");
    assert_string_equal(pith_url_stem("https://h.example/a%20b%2Fc.php", buf, sizeof buf),
                        "a_20b_2Fc");
    assert_string_equal(pith_url_stem("https://h.example/..", buf, sizeof buf), "h.example");
    assert_string_equal(pith_url_stem("https://h.example/.hidden", buf, sizeof buf), "_hidden");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retry_after),
        cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_charset),
        cmocka_unit_test(test_url_resolve),
        cmocka_unit_test(test_url_check_host_stem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
