/* The fetch address policy: classifying addresses and matching allow_hosts.
 *
 * Why a table of ranges rather than "is it loopback or RFC 1918": the
 * addresses that reach something an outsider should not reach are many
 * (CGNAT, link-local with the cloud metadata service, "this network" 0/8
 * that Linux routes to the local host, multicast, broadcast) and IPv6 adds
 * ways to write an IPv4 address inside another (mapped, compatible, NAT64,
 * 6to4, Teredo). So the rule is stated positively where it can be: IPv6 is
 * global only inside 2000::/3 (minus documentation and benchmarking), and
 * any embedded IPv4 address is judged as IPv4. The ranges follow IANA's
 * special-purpose address registries. */
#include "addrpolicy.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- addresses ------------------------------------------------------------- */

int pith_addr_from_sockaddr(const struct sockaddr *sa, size_t len, pith_addr_t *out, unsigned *port)
{
    memset(out, 0, sizeof *out);
    if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        out->family = AF_INET;
        memcpy(out->b, &in->sin_addr, 4);
        if (port)
            *port = ntohs(in->sin_port);
        return 0;
    }
    if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        out->family = AF_INET6;
        memcpy(out->b, &in6->sin6_addr, 16);
        if (port)
            *port = ntohs(in6->sin6_port);
        return 0;
    }
    return PITH_EINPUT;
}

int pith_addr_parse(const char *s, pith_addr_t *out)
{
    memset(out, 0, sizeof *out);
    if (inet_pton(AF_INET, s, out->b) == 1) {
        out->family = AF_INET;
        return 0;
    }
    if (inet_pton(AF_INET6, s, out->b) == 1) {
        out->family = AF_INET6;
        return 0;
    }
    return PITH_EINPUT;
}

const char *pith_addr_format(const pith_addr_t *a, char *buf, size_t size)
{
    if (!inet_ntop(a->family, a->b, buf, (socklen_t)size))
        snprintf(buf, size, "(bad address)");
    return buf;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int zeros(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static pith_addr_class_t classify4(uint32_t a)
{
    if (a >> 24 == 0)
        return PITH_ADDR_UNSPECIFIED;
    if (a >> 24 == 10 || (a & 0xFFF00000u) == 0xAC100000u || (a & 0xFFFF0000u) == 0xC0A80000u)
        return PITH_ADDR_PRIVATE;
    if ((a & 0xFFC00000u) == 0x64400000u)
        return PITH_ADDR_SHARED;
    if (a >> 24 == 127)
        return PITH_ADDR_LOOPBACK;
    if ((a & 0xFFFF0000u) == 0xA9FE0000u)
        return PITH_ADDR_LINK_LOCAL;
    if (a == 0xFFFFFFFFu)
        return PITH_ADDR_BROADCAST;
    if (a >> 28 == 0xE)
        return PITH_ADDR_MULTICAST;
    if (a >> 28 == 0xF)
        return PITH_ADDR_RESERVED; /* 240.0.0.0/4, "future use" */
    static const struct {
        uint32_t net, mask;
    } reserved[] = {
        {0xC0000000u, 0xFFFFFF00u}, /* 192.0.0.0/24 IETF protocol assignments */
        {0xC0000200u, 0xFFFFFF00u}, /* 192.0.2.0/24 TEST-NET-1 */
        {0xC0586300u, 0xFFFFFF00u}, /* 192.88.99.0/24 6to4 relay anycast (deprecated) */
        {0xC6120000u, 0xFFFE0000u}, /* 198.18.0.0/15 benchmarking */
        {0xC6336400u, 0xFFFFFF00u}, /* 198.51.100.0/24 TEST-NET-2 */
        {0xCB007100u, 0xFFFFFF00u}, /* 203.0.113.0/24 TEST-NET-3 */
    };
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if ((a & reserved[i].mask) == reserved[i].net)
            return PITH_ADDR_RESERVED;
    return PITH_ADDR_GLOBAL;
}

/* An IPv4 address written inside an IPv6 one that reaches that IPv4 host:
 * mapped ::ffff:a.b.c.d and SIIT ::ffff:0:a.b.c.d. Returns 1 and *v4. */
static int mapped_v4(const uint8_t *b, uint32_t *v4)
{
    if (zeros(b, 10) && b[10] == 0xFF && b[11] == 0xFF) {
        *v4 = be32(b + 12);
        return 1;
    }
    if (zeros(b, 8) && b[8] == 0xFF && b[9] == 0xFF && b[10] == 0 && b[11] == 0) {
        *v4 = be32(b + 12);
        return 1;
    }
    return 0;
}

static pith_addr_class_t classify6(const uint8_t *b)
{
    uint32_t v4;
    if (zeros(b, 16))
        return PITH_ADDR_UNSPECIFIED;
    if (zeros(b, 15) && b[15] == 1)
        return PITH_ADDR_LOOPBACK;
    if (mapped_v4(b, &v4))
        return classify4(v4);
    if (zeros(b, 12)) { /* IPv4-compatible (deprecated): never routed as such */
        pith_addr_class_t c = classify4(be32(b + 12));
        return c == PITH_ADDR_GLOBAL ? PITH_ADDR_RESERVED : c;
    }
    static const uint8_t nat64[12] = {0x00, 0x64, 0xFF, 0x9B};
    if (!memcmp(b, nat64, 12))
        return classify4(be32(b + 12)); /* 64:ff9b::/96: a translator reaches the IPv4 host */
    if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4] == 0 && b[5] == 1)
        return PITH_ADDR_PRIVATE;       /* 64:ff9b:1::/48, local-use NAT64 */
    if (b[0] == 0x20 && b[1] == 0x02) { /* 2002::/16, 6to4: the IPv4 host follows */
        pith_addr_class_t c = classify4(be32(b + 2));
        return c;
    }
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
        /* 2001::/32, Teredo: the server's IPv4 address, then the client's
         * inverted in the last 32 bits. */
        pith_addr_class_t c = classify4(be32(b + 4));
        if (c == PITH_ADDR_GLOBAL)
            c = classify4(~be32(b + 12));
        return c;
    }
    if ((b[0] & 0xFE) == 0xFC)
        return PITH_ADDR_UNIQUE_LOCAL;
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)
        return PITH_ADDR_LINK_LOCAL;
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)
        return PITH_ADDR_PRIVATE; /* fec0::/10, site-local (deprecated) */
    if (b[0] == 0xFF)
        return PITH_ADDR_MULTICAST;
    if ((b[0] & 0xE0) != 0x20)
        return PITH_ADDR_RESERVED; /* outside 2000::/3, the global unicast space */
    if (b[0] == 0x20 && b[1] == 0x01 &&
        ((b[2] == 0x0D && b[3] == 0xB8) ||                        /* 2001:db8::/32 documentation */
         (b[2] == 0 && b[3] == 0x02 && b[4] == 0 && b[5] == 0) || /* 2001:2::/48 benchmarking */
         (b[2] == 0 && (b[3] & 0xF0) == 0x10)))                   /* 2001:10::/28 ORCHID */
        return PITH_ADDR_RESERVED;
    if (b[0] == 0x3F && b[1] == 0xFF && (b[2] & 0xF0) == 0)
        return PITH_ADDR_RESERVED; /* 3fff::/20 documentation */
    return PITH_ADDR_GLOBAL;
}

pith_addr_class_t pith_addr_classify(const pith_addr_t *a)
{
    if (a->family == AF_INET)
        return classify4(be32(a->b));
    if (a->family == AF_INET6)
        return classify6(a->b);
    return PITH_ADDR_RESERVED;
}

const char *pith_addr_class_name(pith_addr_class_t c)
{
    switch (c) {
    case PITH_ADDR_GLOBAL:
        return "a global address";
    case PITH_ADDR_UNSPECIFIED:
        return "an unspecified ('this network') address";
    case PITH_ADDR_LOOPBACK:
        return "a loopback address";
    case PITH_ADDR_PRIVATE:
        return "a private address";
    case PITH_ADDR_SHARED:
        return "a shared (carrier-grade NAT) address";
    case PITH_ADDR_LINK_LOCAL:
        return "a link-local address";
    case PITH_ADDR_UNIQUE_LOCAL:
        return "a unique-local address";
    case PITH_ADDR_MULTICAST:
        return "a multicast address";
    case PITH_ADDR_BROADCAST:
        return "a broadcast address";
    case PITH_ADDR_RESERVED:
        return "a reserved address";
    }
    return "a reserved address";
}

/* ::ffff:a.b.c.d becomes a.b.c.d, so IPv4 entries match it. */
static pith_addr_t normalized(const pith_addr_t *a)
{
    pith_addr_t out = *a;
    uint32_t v4;
    if (a->family == AF_INET6 && zeros(a->b, 10) && a->b[10] == 0xFF && a->b[11] == 0xFF &&
        mapped_v4(a->b, &v4)) {
        memset(&out, 0, sizeof out);
        out.family = AF_INET;
        memcpy(out.b, a->b + 12, 4);
    }
    return out;
}

static void clear_host_bits(pith_addr_t *a, unsigned prefix)
{
    size_t len = a->family == AF_INET ? 4 : 16;
    for (size_t i = 0; i < len; i++) {
        unsigned bit = (unsigned)i * 8;
        if (bit >= prefix)
            a->b[i] = 0;
        else if (bit + 8 > prefix)
            a->b[i] &= (uint8_t)(0xFF << (8 - (prefix - bit)));
    }
}

/* ---- allow_hosts --------------------------------------------------------------- */

/* A port, 1..65535. 0, or PITH_ECONFIG (the caller names the entry). */
static int parse_port(const char *s, unsigned *port)
{
    if (!*s || strlen(s) > 5)
        return PITH_ECONFIG;
    unsigned v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return PITH_ECONFIG;
        v = v * 10 + (unsigned)(*s - '0');
    }
    if (v < 1 || v > 65535)
        return PITH_ECONFIG;
    *port = v;
    return 0;
}

static int valid_name(char *s)
{
    size_t n = strlen(s);
    if (n && s[n - 1] == '.')
        s[--n] = '\0';
    if (!n || n > 253)
        return 0;
    for (char *p = s; *p; p++) {
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.' && *p != '_')
            return 0;
        *p = (char)tolower((unsigned char)*p);
    }
    return 1;
}

/* Parses one entry (NUL-terminated, trimmed, non-empty) into *e. */
static int parse_entry(char *s, pith_allow_entry_t *e, pith_err_t *err)
{
    memset(e, 0, sizeof *e);
    char *slash = strchr(s, '/');
    if (slash) {
        *slash = '\0';
        unsigned prefix = 0;
        const char *p = slash + 1;
        int digits = 0;
        for (; *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
            prefix = prefix * 10 + (unsigned)(*p - '0');
        if (pith_addr_parse(s, &e->addr) || !digits || *p)
            return pith_err_set(err, PITH_ECONFIG,
                                "'%s/%s' is not a network such as 10.0.0.0/8 or fd00::/8", s,
                                slash + 1);
        unsigned max = e->addr.family == AF_INET ? 32 : 128;
        if (prefix > max)
            return pith_err_set(err, PITH_ECONFIG, "'%s/%s': prefix length over %u", s, slash + 1,
                                max);
        e->addr = normalized(&e->addr);
        if (e->addr.family == AF_INET && max == 128) {
            /* ::ffff:10.0.0.0/104 is the IPv4 network 10.0.0.0/8. */
            if (prefix < 96)
                return pith_err_set(err, PITH_ECONFIG,
                                    "'%s/%s': write IPv4 networks as IPv4 (a.b.c.d/N)", s,
                                    slash + 1);
            prefix -= 96;
        }
        e->kind = PITH_ALLOW_NET;
        e->prefix = prefix;
        clear_host_bits(&e->addr, prefix);
        return 0;
    }
    if (s[0] == '[') {
        char *close = strchr(s, ']');
        if (close)
            *close = '\0';
        if (!close || pith_addr_parse(s + 1, &e->addr) || e->addr.family != AF_INET6 ||
            (close[1] && (close[1] != ':' || parse_port(close + 2, &e->port))))
            return pith_err_set(err, PITH_ECONFIG,
                                "'%s' is not an IPv6 address such as [::1] or [::1]:8080", s);
        e->kind = PITH_ALLOW_ADDR;
        e->addr = normalized(&e->addr);
        return 0;
    }
    if (pith_addr_parse(s, &e->addr) == 0) {
        e->kind = PITH_ALLOW_ADDR;
        e->addr = normalized(&e->addr);
        return 0;
    }
    char *colon = strrchr(s, ':');
    if (colon) {
        if (strchr(s, ':') != colon || parse_port(colon + 1, &e->port))
            return pith_err_set(err, PITH_ECONFIG,
                                "'%s' is not host, host:port, address or network (a port is "
                                "1 to 65535; IPv6 with a port is [addr]:port)",
                                s);
        *colon = '\0';
        if (pith_addr_parse(s, &e->addr) == 0) {
            if (e->addr.family != AF_INET)
                return pith_err_set(err, PITH_ECONFIG, "'%s': write [addr]:port for IPv6", s);
            e->kind = PITH_ALLOW_ADDR;
            return 0;
        }
    }
    if (!valid_name(s))
        return pith_err_set(err, PITH_ECONFIG,
                            "'%s' is not a host name, address or network such as 10.0.0.0/8", s);
    e->kind = PITH_ALLOW_NAME;
    snprintf(e->name, sizeof e->name, "%s", s);
    return 0;
}

int pith_allowlist_parse(const char *value, pith_allowlist_t *out, pith_err_t *err)
{
    memset(out, 0, sizeof *out);
    if (!value || !*value)
        return 0;
    char *copy = strdup(value);
    if (!copy)
        return pith_err_set(err, PITH_ENOMEM, "out of memory");
    int rc = 0;
    char *save = NULL;
    for (char *tok = strtok_r(copy, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
        if (out->n >= PITH_ALLOW_MAX) {
            rc = pith_err_set(err, PITH_ECONFIG, "more than %d entries", PITH_ALLOW_MAX);
            break;
        }
        if ((out->n & (out->n - 1)) == 0) { /* grow at powers of two */
            size_t cap = out->n ? out->n * 2 : 4;
            pith_allow_entry_t *items = realloc(out->items, cap * sizeof *items);
            if (!items) {
                rc = pith_err_set(err, PITH_ENOMEM, "out of memory");
                break;
            }
            out->items = items;
        }
        if ((rc = parse_entry(tok, &out->items[out->n], err)) != 0)
            break;
        out->n++;
    }
    free(copy);
    if (rc)
        pith_allowlist_free(out);
    return rc;
}

void pith_allowlist_free(pith_allowlist_t *l)
{
    if (!l)
        return;
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

static int in_net(const pith_allow_entry_t *e, const pith_addr_t *a)
{
    if (a->family != e->addr.family)
        return 0;
    pith_addr_t masked = *a;
    clear_host_bits(&masked, e->prefix);
    return !memcmp(masked.b, e->addr.b, a->family == AF_INET ? 4 : 16);
}

static int same_name(const char *entry, const char *host)
{
    size_t n = strlen(host);
    if (n && host[n - 1] == '.')
        n--; /* "example.org." is example.org */
    return strlen(entry) == n && !strncasecmp(entry, host, n);
}

int pith_allowlist_match(const pith_allowlist_t *l, const char *host, const pith_addr_t *addr,
                         unsigned port)
{
    if (!l)
        return 0;
    pith_addr_t a = normalized(addr);
    for (size_t i = 0; i < l->n; i++) {
        const pith_allow_entry_t *e = &l->items[i];
        if (e->port && e->port != port)
            continue;
        switch (e->kind) {
        case PITH_ALLOW_NAME:
            if (host && same_name(e->name, host))
                return 1;
            break;
        case PITH_ALLOW_ADDR:
            if (a.family == e->addr.family && !memcmp(a.b, e->addr.b, a.family == AF_INET ? 4 : 16))
                return 1;
            break;
        case PITH_ALLOW_NET:
            if (in_net(e, &a))
                return 1;
            break;
        }
    }
    return 0;
}

int pith_addr_check(const pith_allowlist_t *l, int allow_private, const char *host,
                    const pith_addr_t *addr, unsigned port, char *why, size_t size)
{
    pith_addr_class_t c = pith_addr_classify(addr);
    if (c == PITH_ADDR_GLOBAL || allow_private || pith_allowlist_match(l, host, addr, port))
        return 0;
    char text[64];
    snprintf(why, size, "refused: %s is %s (see allow_private)",
             pith_addr_format(addr, text, sizeof text), pith_addr_class_name(c));
    return PITH_EFETCH;
}
