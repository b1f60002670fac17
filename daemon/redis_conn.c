/* Redis addresses and passwords: parsing only, no connection here. The
 * address takes no credentials on purpose (see redis_conn.h); a database
 * number other than 0 is selected after connecting. */
#include "redis_conn.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pith/buf.h"
#include "fileio.h"

void pith_redis_addr_clear(pith_redis_addr_t *a)
{
    free(a->host);
    free(a->path);
    memset(a, 0, sizeof *a);
}

/* The database number after "/" or "?db=" ("" keeps 0). 0, or PITH_ECONFIG
 * (the caller says what is wrong with the whole address). */
static int parse_db(const char *s, int *db)
{
    if (!*s)
        return 0;
    int v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 1000000)
            return PITH_ECONFIG;
        v = v * 10 + (*s - '0');
    }
    *db = v;
    return 0;
}

int pith_redis_addr_parse(const char *url, pith_redis_addr_t *out, pith_err_t *err)
{
    memset(out, 0, sizeof *out);
    out->port = 6379;
    if (!url || strlen(url) > 1024)
        goto bad;
    if (!strncmp(url, "unix://", 7)) {
        const char *p = url + 7, *q = strchr(p, '?');
        if (*p != '/')
            goto bad;
        out->path = q ? strndup(p, (size_t)(q - p)) : strdup(p);
        if (!out->path)
            return pith_err_set(err, PITH_ENOMEM, "out of memory");
        if (q && (strncmp(q, "?db=", 4) || parse_db(q + 4, &out->db)))
            goto bad;
        return 0;
    }
    if (strncmp(url, "redis://", 8))
        goto bad;
    const char *h = url + 8, *end = h + strcspn(h, "/");
    if (memchr(h, '@', (size_t)(end - h)))
        return pith_err_set(err, PITH_ECONFIG,
                            "redis url: no credentials in the address; use password_file");
    const char *colon = memchr(h, ':', (size_t)(end - h));
    const char *hend = colon ? colon : end;
    if (hend == h)
        goto bad;
    if (colon) {
        int port = 0;
        for (const char *p = colon + 1; p < end; p++) {
            if (*p < '0' || *p > '9' || port > 65535)
                goto bad;
            port = port * 10 + (*p - '0');
        }
        if (port < 1 || port > 65535)
            goto bad;
        out->port = port;
    }
    if (*end == '/' && parse_db(end + 1, &out->db))
        goto bad;
    if (!(out->host = strndup(h, (size_t)(hend - h))))
        return pith_err_set(err, PITH_ENOMEM, "out of memory");
    return 0;
bad:
    pith_redis_addr_clear(out);
    return pith_err_set(err, PITH_ECONFIG,
                        "redis url: expected redis://HOST[:PORT][/DB] or unix:///PATH[?db=N]");
}

int pith_redis_password_read(const char *path, char **out, pith_err_t *err)
{
    *out = NULL;
    if (!path || !*path)
        return 0;
    pith_buf_t b = {0};
    int rc = pith_file_read(AT_FDCWD, path, PITH_REDIS_PASSWORD_MAX, &b, err);
    if (rc) {
        char why[sizeof err->reason];
        snprintf(why, sizeof why, "%s", err->reason);
        int sys = err->sys; /* the errno behind it stays with the new reason */
        pith_buf_free(&b);
        rc = pith_err_set(err, rc == PITH_ETOOBIG ? PITH_ECONFIG : PITH_EMISSING,
                          "password_file %s: %s", path, why);
        err->sys = sys;
        return rc;
    }
    char *s = b.data ? b.data : "";
    s[strcspn(s, "\r\n")] = '\0';
    if (!*s) {
        pith_buf_free(&b);
        return pith_err_set(err, PITH_ECONFIG, "password_file %s: empty", path);
    }
    *out = strdup(s);
    pith_buf_free(&b);
    return *out ? 0 : pith_err_set(err, PITH_ENOMEM, "out of memory");
}
