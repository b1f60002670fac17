/* The fetch address policy: every class of address in each form it can be
 * written in (IPv4, IPv6, IPv4 inside IPv6), allow_hosts parsing with its
 * errors, and matching by name, address, port and network. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "addrpolicy.h"

static pith_addr_class_t cls(const char *s)
{
    pith_addr_t a;
    if (pith_addr_parse(s, &a) != 0)
        fail_msg("cannot parse %s", s);
    return pith_addr_classify(&a);
}

#define CLASS(addr, want) assert_int_equal(cls(addr), (want))

static void test_ipv4_classes(void **ctx)
{
    CLASS("0.0.0.0", PITH_ADDR_UNSPECIFIED);
    CLASS("0.1.2.3", PITH_ADDR_UNSPECIFIED);
    CLASS("127.0.0.1", PITH_ADDR_LOOPBACK);
    CLASS("127.255.255.254", PITH_ADDR_LOOPBACK);
    CLASS("10.0.0.1", PITH_ADDR_PRIVATE);
    CLASS("10.255.255.1", PITH_ADDR_PRIVATE);
    CLASS("172.16.0.1", PITH_ADDR_PRIVATE);
    CLASS("172.31.255.255", PITH_ADDR_PRIVATE);
    CLASS("192.168.1.1", PITH_ADDR_PRIVATE);
    CLASS("100.64.0.1", PITH_ADDR_SHARED);
    CLASS("100.127.255.254", PITH_ADDR_SHARED);
    CLASS("169.254.169.254", PITH_ADDR_LINK_LOCAL);
    CLASS("224.0.0.1", PITH_ADDR_MULTICAST);
    CLASS("239.255.255.250", PITH_ADDR_MULTICAST);
    CLASS("255.255.255.255", PITH_ADDR_BROADCAST);
    CLASS("240.0.0.1", PITH_ADDR_RESERVED);
    CLASS("192.0.0.8", PITH_ADDR_RESERVED);
    CLASS("192.0.2.10", PITH_ADDR_RESERVED);
    CLASS("198.18.0.1", PITH_ADDR_RESERVED);
    CLASS("198.19.255.1", PITH_ADDR_RESERVED);
    CLASS("198.51.100.7", PITH_ADDR_RESERVED);
    CLASS("203.0.113.9", PITH_ADDR_RESERVED);
    /* The neighbours of each range are global. */
    CLASS("1.1.1.1", PITH_ADDR_GLOBAL);
    CLASS("8.8.8.8", PITH_ADDR_GLOBAL);
    CLASS("11.0.0.1", PITH_ADDR_GLOBAL);
    CLASS("9.255.255.255", PITH_ADDR_GLOBAL);
    CLASS("172.15.255.255", PITH_ADDR_GLOBAL);
    CLASS("172.32.0.0", PITH_ADDR_GLOBAL);
    CLASS("100.63.255.255", PITH_ADDR_GLOBAL);
    CLASS("100.128.0.0", PITH_ADDR_GLOBAL);
    CLASS("169.253.0.1", PITH_ADDR_GLOBAL);
    CLASS("192.169.0.1", PITH_ADDR_GLOBAL);
    CLASS("128.0.0.1", PITH_ADDR_GLOBAL);
    CLASS("223.255.255.255", PITH_ADDR_GLOBAL);
    CLASS("198.20.0.1", PITH_ADDR_GLOBAL);
}

static void test_ipv6_classes(void **ctx)
{
    CLASS("::", PITH_ADDR_UNSPECIFIED);
    CLASS("::1", PITH_ADDR_LOOPBACK);
    CLASS("fe80::1", PITH_ADDR_LINK_LOCAL);
    CLASS("febf::1", PITH_ADDR_LINK_LOCAL);
    CLASS("fc00::1", PITH_ADDR_UNIQUE_LOCAL);
    CLASS("fd12:3456::1", PITH_ADDR_UNIQUE_LOCAL);
    CLASS("fec0::1", PITH_ADDR_PRIVATE);
    CLASS("ff02::1", PITH_ADDR_MULTICAST);
    CLASS("ff0e::1", PITH_ADDR_MULTICAST);
    CLASS("2001:db8::1", PITH_ADDR_RESERVED);
    CLASS("2001:2::1", PITH_ADDR_RESERVED);
    CLASS("2001:10::1", PITH_ADDR_RESERVED);
    CLASS("3fff::1", PITH_ADDR_RESERVED);
    CLASS("100::1", PITH_ADDR_RESERVED);
    CLASS("4000::1", PITH_ADDR_RESERVED);
    CLASS("::2", PITH_ADDR_UNSPECIFIED); /* compatible form of 0.0.0.2 */
    CLASS("2a00:1450:4001::1", PITH_ADDR_GLOBAL);
    CLASS("2606:4700::1111", PITH_ADDR_GLOBAL);
    CLASS("2001:4860::8888", PITH_ADDR_GLOBAL);
}

static void test_ipv4_inside_ipv6(void **ctx)
{
    /* mapped */
    CLASS("::ffff:127.0.0.1", PITH_ADDR_LOOPBACK);
    CLASS("::ffff:7f00:1", PITH_ADDR_LOOPBACK);
    CLASS("::ffff:10.1.2.3", PITH_ADDR_PRIVATE);
    CLASS("::ffff:169.254.169.254", PITH_ADDR_LINK_LOCAL);
    CLASS("::ffff:100.64.1.1", PITH_ADDR_SHARED);
    CLASS("::ffff:0.0.0.0", PITH_ADDR_UNSPECIFIED);
    CLASS("::ffff:8.8.8.8", PITH_ADDR_GLOBAL);
    /* SIIT ::ffff:0:a.b.c.d */
    CLASS("::ffff:0:127.0.0.1", PITH_ADDR_LOOPBACK);
    /* compatible (deprecated): never global */
    CLASS("::127.0.0.1", PITH_ADDR_LOOPBACK);
    CLASS("::192.168.0.1", PITH_ADDR_PRIVATE);
    CLASS("::8.8.8.8", PITH_ADDR_RESERVED);
    /* NAT64 well-known prefix, local-use NAT64 */
    CLASS("64:ff9b::127.0.0.1", PITH_ADDR_LOOPBACK);
    CLASS("64:ff9b::a9fe:a9fe", PITH_ADDR_LINK_LOCAL);
    CLASS("64:ff9b::8.8.8.8", PITH_ADDR_GLOBAL);
    CLASS("64:ff9b:1::8.8.8.8", PITH_ADDR_PRIVATE);
    /* 6to4 */
    CLASS("2002:7f00:1::1", PITH_ADDR_LOOPBACK);
    CLASS("2002:a00:1::1", PITH_ADDR_PRIVATE);
    CLASS("2002:808:808::1", PITH_ADDR_GLOBAL);
    /* Teredo: the client address is inverted in the last 32 bits */
    CLASS("2001:0:808:808::80ff:fffe", PITH_ADDR_LOOPBACK);
    CLASS("2001:0:a00:1::f7f7:f7f7", PITH_ADDR_PRIVATE);
    CLASS("2001:0:808:808::f7f7:f7f7", PITH_ADDR_GLOBAL);
}

static void test_sockaddr(void **ctx)
{
    struct sockaddr_in in = {.sin_family = AF_INET, .sin_port = htons(8080)};
    inet_pton(AF_INET, "10.255.255.1", &in.sin_addr);
    pith_addr_t a;
    unsigned port = 0;
    assert_int_equal(pith_addr_from_sockaddr((struct sockaddr *)&in, sizeof in, &a, &port), 0);
    assert_int_equal(port, 8080);
    assert_int_equal(pith_addr_classify(&a), PITH_ADDR_PRIVATE);
    char buf[64];
    assert_string_equal(pith_addr_format(&a, buf, sizeof buf), "10.255.255.1");
    struct sockaddr_in6 in6 = {.sin6_family = AF_INET6, .sin6_port = htons(443)};
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &in6.sin6_addr);
    assert_int_equal(pith_addr_from_sockaddr((struct sockaddr *)&in6, sizeof in6, &a, &port), 0);
    assert_int_equal(port, 443);
    assert_int_equal(pith_addr_classify(&a), PITH_ADDR_LOOPBACK);
    assert_int_equal(pith_addr_parse("10.255.255", &a), PITH_EINPUT);
    assert_int_equal(pith_addr_parse("example.org", &a), PITH_EINPUT);
    assert_int_equal(pith_addr_from_sockaddr((struct sockaddr *)&in6, 8, &a, &port),
                     PITH_EINPUT); /* not -1, which reads as PITH_ENOMEM */
}

static void test_check_message(void **ctx)
{
    pith_addr_t a;
    char why[256] = "";
    assert_int_equal(pith_addr_parse("10.255.255.1", &a), 0);
    assert_int_equal(pith_addr_check(NULL, 0, "example.org", &a, 80, why, sizeof why), PITH_EFETCH);
    assert_string_equal(why, "refused: 10.255.255.1 is a private address (see allow_private)");
    assert_int_equal(pith_addr_check(NULL, 1, "example.org", &a, 80, why, sizeof why), 0);
    assert_int_equal(pith_addr_parse("93.184.216.34", &a), 0);
    assert_int_equal(pith_addr_check(NULL, 0, "example.org", &a, 80, why, sizeof why), 0);
}

static int allowed(const pith_allowlist_t *l, const char *host, const char *addr, unsigned port)
{
    pith_addr_t a;
    if (pith_addr_parse(addr, &a) != 0)
        fail_msg("cannot parse %s", addr);
    return pith_allowlist_match(l, host, &a, port);
}

static void test_allowlist_parse_errors(void **ctx)
{
    static const char *const bad[] = {
        "10.0.0.0/33", "fd00::/129", "10.0.0.0/",    "10.0.0.0/x",
        "nothost/8",   "host:0",     "host:65536",   "host:http",
        "a:b:c",       "[::1",       "[::1]8080",    "[10.0.0.1]",
        "::1:8080x",   "bad host!",  "fe80::1%eth0", "::ffff:10.0.0.0/64",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pith_allowlist_t l;
        pith_err_t err = {0};
        if (pith_allowlist_parse(bad[i], &l, &err) != PITH_ECONFIG)
            fail_msg("'%s' was accepted", bad[i]);
        assert_non_null(strstr(err.reason, "'"));
        assert_null(l.items);
    }
    pith_allowlist_t l;
    assert_int_equal(pith_allowlist_parse("", &l, NULL), 0);
    assert_int_equal(l.n, 0);
    assert_int_equal(pith_allowlist_parse(" , ", &l, NULL), 0);
    assert_int_equal(l.n, 0);
}

static void test_allowlist_match(void **ctx)
{
    pith_allowlist_t l;
    pith_err_t err = {0};
    assert_int_equal(pith_allowlist_parse("Intranet.Example., localhost:8080, 127.0.0.2, "
                                          "127.0.0.3:9000, 10.1.0.0/16, fd00::/8, [::1]:7000, "
                                          "::ffff:192.168.7.7, ::ffff:172.16.0.0/108",
                                          &l, &err),
                     0);
    assert_int_equal(l.n, 9);
    /* names: any port unless one is given; case and a final dot do not matter */
    assert_true(allowed(&l, "intranet.example", "10.9.9.9", 80));
    assert_true(allowed(&l, "INTRANET.example.", "10.9.9.9", 443));
    assert_false(allowed(&l, "other.example", "10.9.9.9", 80));
    assert_false(allowed(&l, "x.intranet.example", "10.9.9.9", 80));
    assert_true(allowed(&l, "localhost", "127.0.0.1", 8080));
    assert_false(allowed(&l, "localhost", "127.0.0.1", 8081));
    assert_false(allowed(&l, NULL, "127.0.0.1", 8080));
    /* addresses, with and without port, and their mapped forms */
    assert_true(allowed(&l, "a.example", "127.0.0.2", 1));
    assert_true(allowed(&l, "a.example", "::ffff:127.0.0.2", 1));
    assert_false(allowed(&l, "a.example", "127.0.0.4", 1));
    assert_true(allowed(&l, NULL, "127.0.0.3", 9000));
    assert_false(allowed(&l, NULL, "127.0.0.3", 9001));
    assert_true(allowed(&l, NULL, "::1", 7000));
    assert_false(allowed(&l, NULL, "::1", 7001));
    assert_true(allowed(&l, NULL, "192.168.7.7", 80));
    /* networks, IPv4 and IPv6 */
    assert_true(allowed(&l, NULL, "10.1.0.0", 80));
    assert_true(allowed(&l, NULL, "10.1.255.255", 80));
    assert_true(allowed(&l, NULL, "::ffff:10.1.2.3", 80));
    assert_false(allowed(&l, NULL, "10.2.0.0", 80));
    assert_false(allowed(&l, NULL, "10.0.255.255", 80));
    assert_true(allowed(&l, NULL, "fd12::1", 80));
    assert_false(allowed(&l, NULL, "fc00::1", 80));
    assert_true(allowed(&l, NULL, "172.16.3.4", 80));
    assert_false(allowed(&l, NULL, "172.32.0.1", 80));
    pith_allowlist_free(&l);

    /* Host bits in a network are ignored; /0 and /32 work. */
    assert_int_equal(pith_allowlist_parse("10.1.2.3/8 192.168.1.1/32", &l, &err), 0);
    assert_true(allowed(&l, NULL, "10.200.0.1", 80));
    assert_true(allowed(&l, NULL, "192.168.1.1", 80));
    assert_false(allowed(&l, NULL, "192.168.1.2", 80));
    pith_allowlist_free(&l);
    assert_int_equal(pith_allowlist_parse("0.0.0.0/0", &l, &err), 0);
    assert_true(allowed(&l, NULL, "127.0.0.1", 80));
    assert_false(allowed(&l, NULL, "::1", 80));
    pith_allowlist_free(&l);
    assert_int_equal(pith_allowlist_parse("fe80::/10", &l, &err), 0);
    assert_true(allowed(&l, NULL, "febf:ffff::1", 80));
    assert_false(allowed(&l, NULL, "fec0::1", 80));
    pith_allowlist_free(&l);
}

static void test_check_with_list(void **ctx)
{
    pith_allowlist_t l;
    assert_int_equal(pith_allowlist_parse("127.0.0.1:18081", &l, NULL), 0);
    pith_addr_t a;
    char why[256];
    assert_int_equal(pith_addr_parse("127.0.0.1", &a), 0);
    assert_int_equal(pith_addr_check(&l, 0, "127.0.0.1", &a, 18081, why, sizeof why), 0);
    assert_int_equal(pith_addr_check(&l, 0, "127.0.0.1", &a, 18082, why, sizeof why), PITH_EFETCH);
    assert_string_equal(why, "refused: 127.0.0.1 is a loopback address (see allow_private)");
    assert_int_equal(pith_addr_parse("169.254.169.254", &a), 0);
    assert_int_equal(pith_addr_check(&l, 0, NULL, &a, 80, why, sizeof why), PITH_EFETCH);
    assert_string_equal(why,
                        "refused: 169.254.169.254 is a link-local address (see allow_private)");
    pith_allowlist_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipv4_classes),     cmocka_unit_test(test_ipv6_classes),
        cmocka_unit_test(test_ipv4_inside_ipv6), cmocka_unit_test(test_sockaddr),
        cmocka_unit_test(test_check_message),    cmocka_unit_test(test_allowlist_parse_errors),
        cmocka_unit_test(test_allowlist_match),  cmocka_unit_test(test_check_with_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
