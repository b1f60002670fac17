/* URL helpers for the fetcher and the feed reader, built on libcurl's URL
 * API (curl_url) so that parsing and RFC 3986 resolution are curl's, not
 * ours: the same parser that will later make the request decides what a URL
 * means. Only absolute http and https URLs are accepted anywhere in pith, and
 * every URL is capped at PITH_URL_MAX bytes. */
#ifndef PITH_URL_H
#define PITH_URL_H

#include <stddef.h>

#include "pith/error.h"

#define PITH_URL_MAX 8192

/* 0 when url is an absolute http or https URL with a host and at most
 * PITH_URL_MAX bytes; otherwise PITH_EINPUT with the reason. */
int pith_url_check(const char *url, pith_err_t *err);

/* Resolves ref (absolute or relative) against base and returns the
 * normalized absolute URL in *out (malloc'd, the caller frees it). The result
 * must be http or https: a "mailto:" or "javascript:" ref is PITH_EINPUT. */
int pith_url_resolve(const char *base, const char *ref, char **out, pith_err_t *err);

/* Writes the lowercase host of url (without port or credentials) into buf.
 * Returns 0, or PITH_EINPUT when url has no host or buf is too small. */
int pith_url_host(const char *url, char *buf, size_t size);

/* A file stem for url: its last non-empty path segment without the
 * extension, else the host; characters other than letters, digits, '.', '-'
 * and '_' become '_'. Never empty, never "." or "..". Returns buf. */
const char *pith_url_stem(const char *url, char *buf, size_t size);

#endif
