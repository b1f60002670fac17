/* Where the Redis server is and how to log in (SPEC §10).
 *
 * Shared by the daemon's stream producer (redis_stream.c, asynchronous on
 * the loop) and `pith push` (cmd_push.c, blocking): both parse [redis] url
 * the same way and read the password from password_file, never from
 * pith.conf, so the configuration may stay world-readable. */
#ifndef PITH_REDIS_CONN_H
#define PITH_REDIS_CONN_H

#include "pith/error.h"

#define PITH_REDIS_PASSWORD_MAX 1024

typedef struct pith_redis_addr {
    char *host; /* redis://HOST[:PORT][/DB], or NULL for a unix socket */
    int port;
    char *path; /* unix:///PATH[?db=N], or NULL */
    int db;
} pith_redis_addr_t;

/* Parses url into *out (cleared first; free with pith_redis_addr_clear).
 * 0, or PITH_ECONFIG with the reason in err. */
int pith_redis_addr_parse(const char *url, pith_redis_addr_t *out, pith_err_t *err);
void pith_redis_addr_clear(pith_redis_addr_t *a);

/* Reads the first line of path (at most PITH_REDIS_PASSWORD_MAX bytes) into
 * *out (caller frees). path NULL or empty: *out NULL, 0. Else 0, or
 * PITH_EMISSING / PITH_ECONFIG with the reason in err. */
int pith_redis_password_read(const char *path, char **out, pith_err_t *err);

#endif
