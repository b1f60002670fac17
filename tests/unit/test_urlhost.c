/* Unit tests for urlhost.c: the host a site profile is matched on and the
 * `site` key is named after. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "urlhost.h"

static const char *host(const char *url)
{
    static char buf[64];
    return pith_urlhost_get(url, buf, sizeof buf);
}

static void test_hosts(void **state)
{
    assert_string_equal(host("https://www.example.com/a/b?c=d"), "www.example.com");
    assert_string_equal(host("http://Example.COM"), "Example.COM"); /* as written */
    assert_string_equal(host("http://example.com:8080/x"), "example.com");
    assert_string_equal(host("http://user:pw@example.com/x"), "example.com");
    assert_string_equal(host("http://example.com?q=a@b.org"), "example.com");
    assert_string_equal(host("http://example.com/p@q"), "example.com");
    assert_string_equal(host("http://example.com#frag"), "example.com");
    assert_string_equal(host("http://[2001:db8::1]:8080/x"), "[2001:db8::1]");
    assert_string_equal(host("http://[::1]/"), "[::1]");
}

static void test_no_host(void **state)
{
    assert_null(host(NULL));
    assert_null(host("example.com/a"));
    assert_null(host("http:///path"));
    assert_null(host("http://:80/"));
    assert_null(host("http://user@/x"));
    assert_null(host("http://[::1/"));
    char small[4];
    assert_null(pith_urlhost_get("http://abcd/", small, sizeof small)); /* no room for NUL */
    assert_string_equal(pith_urlhost_get("http://abc/", small, sizeof small), "abc");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hosts),
        cmocka_unit_test(test_no_host),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
