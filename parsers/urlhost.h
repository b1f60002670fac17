/* The host part of an absolute URL, for matching site profiles and naming
 * the site. The core needs only this much of URL parsing (the daemon's
 * fetcher uses curl's parser for the rest), so it is kept to one small,
 * allocation-free function shared by every path. */
#ifndef PITH_URLHOST_H
#define PITH_URLHOST_H

#include <stddef.h>

/* Copies the host of url ("scheme://[user@]host[:port]/...") into buf, as
 * written (no case folding; an IPv6 literal with its brackets) and returns
 * buf; NULL when url is NULL, has no "://", an empty or unclosed-bracket
 * host, or a host that does not fit in cap bytes. */
const char *pith_urlhost_get(const char *url, char *buf, size_t cap);

#endif
