/* Which network addresses pith may fetch from (SPEC §8, "[fetch]").
 *
 * A URL in a .url file, a feed item or a redirect is input from strangers;
 * left alone, it makes the daemon request loopback services, the cloud
 * metadata endpoint or the office LAN and deliver the answers into the
 * spool (server-side request forgery). So the fetcher checks the address it
 * is about to connect to — after DNS, for every hop of a redirect chain —
 * against this policy: an address that is not globally routable is refused
 * unless `allow_private = yes`, or `allow_hosts` lists its host name, its
 * address or a network (CIDR) that holds it.
 *
 * The classifier is pure (bytes in, class out) and lives here, beside the
 * configuration that parses the allow list, so that check-config and the
 * fetcher read allow_hosts with the same code. */
#ifndef PITH_ADDRPOLICY_H
#define PITH_ADDRPOLICY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "pith/error.h"

typedef enum {
    PITH_ADDR_GLOBAL = 0,   /* globally routable: fetched */
    PITH_ADDR_UNSPECIFIED,  /* 0.0.0.0/8 ("this network"), :: */
    PITH_ADDR_LOOPBACK,     /* 127.0.0.0/8, ::1 */
    PITH_ADDR_PRIVATE,      /* RFC 1918, 64:ff9b:1::/48, the deprecated site-local fec0::/10 */
    PITH_ADDR_SHARED,       /* 100.64.0.0/10, carrier-grade NAT */
    PITH_ADDR_LINK_LOCAL,   /* 169.254.0.0/16, fe80::/10 */
    PITH_ADDR_UNIQUE_LOCAL, /* fc00::/7 */
    PITH_ADDR_MULTICAST,    /* 224.0.0.0/4, ff00::/8 */
    PITH_ADDR_BROADCAST,    /* 255.255.255.255 */
    PITH_ADDR_RESERVED,     /* documentation, benchmarking, 240/4, IETF, outside 2000::/3 */
} pith_addr_class_t;

/* An IPv4 address is kept as 4 bytes, an IPv6 one as 16. */
typedef struct pith_addr {
    int family; /* AF_INET or AF_INET6 */
    uint8_t b[16];
} pith_addr_t;

/* Fills *out from a sockaddr_in or sockaddr_in6 (len bytes) and its port.
 * Returns 0, or PITH_EINPUT for another family or a short length. */
int pith_addr_from_sockaddr(const struct sockaddr *sa, size_t len, pith_addr_t *out,
                            unsigned *port);

/* Parses a numeric IPv4 (dotted quad) or IPv6 address. Returns 0, or
 * PITH_EINPUT for anything else. */
int pith_addr_parse(const char *s, pith_addr_t *out);

/* Writes the address in its usual text form. Returns buf. */
const char *pith_addr_format(const pith_addr_t *a, char *buf, size_t size);

/* The class of a. IPv6 forms that carry an IPv4 address — mapped
 * (::ffff:0:0/96), compatible (::/96), NAT64 (64:ff9b::/96), 6to4
 * (2002::/16) and Teredo's client (2001::/32) — take the class of the IPv4
 * address they carry when that is not global. */
pith_addr_class_t pith_addr_classify(const pith_addr_t *a);

/* "a private address", "a loopback address" ... for messages. */
const char *pith_addr_class_name(pith_addr_class_t c);

/* ---- allow_hosts ------------------------------------------------------------ */

typedef enum { PITH_ALLOW_NAME, PITH_ALLOW_ADDR, PITH_ALLOW_NET } pith_allow_kind_t;

typedef struct pith_allow_entry {
    pith_allow_kind_t kind;
    char name[256];   /* PITH_ALLOW_NAME: lowercase host name */
    pith_addr_t addr; /* PITH_ALLOW_ADDR, PITH_ALLOW_NET (host bits cleared) */
    unsigned prefix;  /* PITH_ALLOW_NET: prefix length */
    unsigned port;    /* 0: any port (NAME and ADDR only) */
} pith_allow_entry_t;

#define PITH_ALLOW_MAX 256 /* entries in one allow_hosts value */

typedef struct pith_allowlist {
    pith_allow_entry_t *items;
    size_t n;
} pith_allowlist_t;

/* Parses a comma-separated allow_hosts value: host names (`intranet.example`,
 * `localhost:8080`), addresses (`127.0.0.1`, `127.0.0.1:8080`, `::1`,
 * `[::1]:8080`) and networks (`10.0.0.0/8`, `fd00::/8`). An empty value is an
 * empty list. Returns 0 and *out (free with pith_allowlist_free), or
 * PITH_ECONFIG with the bad entry in err, or PITH_ENOMEM. */
int pith_allowlist_parse(const char *value, pith_allowlist_t *out, pith_err_t *err);
void pith_allowlist_free(pith_allowlist_t *l); /* frees the items, zeroes; NULL is fine */

/* 1 when the list allows connecting to addr:port for a URL whose host is
 * host (NULL when unknown): a name entry matches host (case-insensitively),
 * an address entry matches addr, a network entry any address in it; an
 * entry's port, when given, must equal port. IPv4-mapped IPv6 addresses
 * match IPv4 entries. 0 otherwise. */
int pith_allowlist_match(const pith_allowlist_t *l, const char *host, const pith_addr_t *addr,
                         unsigned port);

/* The policy as the fetcher applies it: 0 when addr may be connected to,
 * else PITH_EFETCH with "refused: ADDR is a private address (see
 * allow_private)" in why. */
int pith_addr_check(const pith_allowlist_t *l, int allow_private, const char *host,
                    const pith_addr_t *addr, unsigned port, char *why, size_t size);

#endif
