/* URL checks, resolution, host and stem extraction on top of curl_url.
 *
 * curl's URL parser is the one that will make the request, so using it here
 * keeps "what the fetcher thinks the URL is" and "what curl connects to" the
 * same thing; it also implements RFC 3986 reference resolution (dot segments,
 * query-only and fragment-only references, network-path references), which
 * is easy to get subtly wrong by hand. */
#include "url.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int scheme_ok(CURLU *u, pith_err_t *err)
{
    char *scheme = NULL, *host = NULL;
    int rc = 0;
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK || !scheme ||
        (strcasecmp(scheme, "http") && strcasecmp(scheme, "https"))) {
        rc = pith_err_set(err, PITH_EINPUT, "only http and https URLs are fetched");
        goto done;
    }
    if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host || !*host)
        rc = pith_err_set(err, PITH_EINPUT, "URL has no host");
done:
    curl_free(scheme);
    curl_free(host);
    return rc;
}

static int set_url(CURLU *u, const char *url, pith_err_t *err)
{
    if (strlen(url) > PITH_URL_MAX)
        return pith_err_set(err, PITH_EINPUT, "URL longer than %d bytes", PITH_URL_MAX);
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return pith_err_set(err, PITH_EINPUT, "URL contains control characters");
    CURLUcode uc = curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME);
    if (uc != CURLUE_OK)
        return pith_err_set(err, PITH_EINPUT, "bad URL: %s", curl_url_strerror(uc));
    return 0;
}

int pith_url_check(const char *url, pith_err_t *err)
{
    if (!url || !*url)
        return pith_err_set(err, PITH_EINPUT, "empty URL");
    CURLU *u = curl_url();
    if (!u)
        return pith_err_set(err, PITH_ENOMEM, "out of memory");
    int rc = set_url(u, url, err);
    if (rc == 0) {
        /* A relative reference parses only against a base; curl refuses it
         * here, but make the message plain. */
        rc = scheme_ok(u, err);
    }
    curl_url_cleanup(u);
    return rc;
}

int pith_url_resolve(const char *base, const char *ref, char **out, pith_err_t *err)
{
    *out = NULL;
    if (!ref)
        return pith_err_set(err, PITH_EINPUT, "empty URL");
    /* Links in feeds often carry surrounding whitespace. */
    while (*ref && isspace((unsigned char)*ref))
        ref++;
    size_t n = strlen(ref);
    while (n && isspace((unsigned char)ref[n - 1]))
        n--;
    if (!n)
        return pith_err_set(err, PITH_EINPUT, "empty URL");
    if (n > PITH_URL_MAX)
        return pith_err_set(err, PITH_EINPUT, "URL longer than %d bytes", PITH_URL_MAX);
    char *trimmed = strndup(ref, n);
    CURLU *u = curl_url();
    char *full = NULL;
    int rc;
    if (!trimmed || !u) {
        rc = pith_err_set(err, PITH_ENOMEM, "out of memory");
        goto done;
    }
    if (base && *base && (rc = set_url(u, base, err)) != 0)
        goto done;
    /* With a URL already in the handle, curl resolves trimmed against it. */
    if ((rc = set_url(u, trimmed, err)) != 0)
        goto done;
    if ((rc = scheme_ok(u, err)) != 0)
        goto done;
    if (curl_url_get(u, CURLUPART_URL, &full, 0) != CURLUE_OK || !full) {
        rc = pith_err_set(err, PITH_EINPUT, "bad URL");
        goto done;
    }
    if (strlen(full) > PITH_URL_MAX) {
        rc = pith_err_set(err, PITH_EINPUT, "URL longer than %d bytes", PITH_URL_MAX);
        goto done;
    }
    *out = strdup(full);
    if (!*out)
        rc = pith_err_set(err, PITH_ENOMEM, "out of memory");
done:
    curl_free(full);
    curl_url_cleanup(u);
    free(trimmed);
    return rc;
}

int pith_url_host(const char *url, char *buf, size_t size)
{
    CURLU *u = curl_url();
    char *host = NULL;
    int rc = PITH_EINPUT;
    if (!u || !size)
        goto done;
    if (set_url(u, url, NULL) || curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host ||
        !*host || strlen(host) >= size)
        goto done;
    for (size_t i = 0; host[i]; i++)
        buf[i] = (char)tolower((unsigned char)host[i]);
    buf[strlen(host)] = '\0';
    rc = 0;
done:
    curl_free(host);
    curl_url_cleanup(u);
    return rc;
}

static void sanitize(char *s)
{
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '.' && *s != '-' && *s != '_')
            *s = '_';
}

const char *pith_url_stem(const char *url, char *buf, size_t size)
{
    CURLU *u = curl_url();
    char *path = NULL;
    buf[0] = '\0';
    if (u && set_url(u, url, NULL) == 0 && curl_url_get(u, CURLUPART_PATH, &path, 0) == CURLUE_OK &&
        path) {
        size_t end = strlen(path);
        while (end && path[end - 1] == '/')
            end--;
        size_t start = end;
        while (start && path[start - 1] != '/')
            start--;
        size_t n = end - start;
        if (n >= size)
            n = size - 1;
        memcpy(buf, path + start, n);
        buf[n] = '\0';
        char *dot = strrchr(buf, '.');
        if (dot && dot != buf)
            *dot = '\0';
    }
    if (!buf[0] || !strcmp(buf, ".") || !strcmp(buf, "..")) {
        if (pith_url_host(url, buf, size) != 0)
            snprintf(buf, size, "page");
    }
    sanitize(buf);
    if (buf[0] == '.')
        buf[0] = '_';
    curl_free(path);
    curl_url_cleanup(u);
    return buf;
}
