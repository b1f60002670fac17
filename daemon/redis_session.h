/* A session with one Redis server: two connections on the daemon's libuv
 * loop (hiredis's asynchronous API), kept up for the stream producer and
 * the deliverer of redis_stream.c.
 *
 * `reader` only ever waits in a blocking read, so that commands on `cmd`
 * (acknowledgements, claims, document appends) never queue behind it: Redis
 * answers one connection's commands in order. The two are one session: when
 * either fails, both are dropped and connected again after a backoff (0.2 s
 * doubling to 30 s), logged once until the session is back. The session is
 * up once both have answered PING (and AUTH, SELECT), and `cmd` has loaded
 * the scripts it was given and made sure the consumer group exists.
 *
 * Deadlines stand in for errors hiredis 0.14's libuv adapter does not pass
 * on (it drops a poll error such as a refused connect or a reset) and for a
 * network that goes silent: a session must be up within 3 s, a blocked read
 * answer within 6 s, a command within 15 s, or it is dropped and retried.
 * Everything runs on the loop thread. */
#ifndef PITH_REDIS_SESSION_H
#define PITH_REDIS_SESSION_H

#include <hiredis/async.h>
#include <stddef.h>
#include <uv.h>

#include "metrics.h"
#include "redis_conn.h"

typedef struct pith_rsession pith_rsession_t;

typedef struct pith_rsession_hooks {
    void (*up)(void *arg);     /* the session is up (again) */
    void (*down)(void *arg);   /* it was lost: pending callbacks got NULL replies */
    void (*closed)(void *arg); /* a close asked for is done: no connection left */
} pith_rsession_hooks_t;

typedef struct pith_rsession_conf {
    const pith_redis_addr_t *addr; /* copied */
    const char *password;          /* copied; NULL: no AUTH */
    const char *const *scripts;    /* loaded at every connect; borrowed, static */
    size_t nscripts;
    const char *input, *group; /* copied; XGROUP CREATE ... 0 MKSTREAM when input is set */
    const char *label;         /* copied; for log lines, e.g. "consumer host-a" */
} pith_rsession_conf_t;

/* reconnects (may be NULL) counts every attempt after a loss. */
int pith_rsession_create(uv_loop_t *loop, const pith_rsession_hooks_t *hooks, void *arg,
                         pith_metric_t *reconnects, pith_rsession_t **out);
/* Frees the session; its connections must be gone (pith_rsession_open 0)
 * and its timers closed: the daemon closes every handle of the loop
 * (uv_walk) and runs it before it destroys the producers. NULL is fine. */
void pith_rsession_destroy(pith_rsession_t *s);

/* Takes conf as the settings and connects now (when no connection is
 * left; otherwise call pith_rsession_close first). 0 or PITH_ENOMEM. */
int pith_rsession_connect(pith_rsession_t *s, const pith_rsession_conf_t *conf);
int pith_rsession_up(const pith_rsession_t *s);
/* Some connection is still open or closing. */
int pith_rsession_open(const pith_rsession_t *s);
/* The SHA1 of script i, valid while up. */
const char *pith_rsession_sha(const pith_rsession_t *s, size_t i);

/* A command on `cmd`. Its callback must call pith_rsession_replied first.
 * Returns 0, or PITH_EAGAIN when not up or hiredis refuses it (cb not
 * called). */
int pith_rsession_command(pith_rsession_t *s, redisCallbackFn *cb, void *priv, int argc,
                          const char **argv, const size_t *lens);
void pith_rsession_replied(pith_rsession_t *s);
unsigned pith_rsession_pending(const pith_rsession_t *s);

/* A read on `reader` (one at a time). Its callback must call
 * pith_rsession_read_done first. 0, or PITH_EAGAIN when not up or a read is
 * already waiting (cb not called). */
int pith_rsession_read(pith_rsession_t *s, redisCallbackFn *cb, void *priv, int argc,
                       const char **argv);
void pith_rsession_read_done(pith_rsession_t *s);
int pith_rsession_reading(const pith_rsession_t *s);
/* Abandons the read in progress (its callback gets NULL) by closing the
 * reader: commands go on, reads stop, until the session is closed and
 * connected again (a reload, a stop). */
void pith_rsession_drop_reader(pith_rsession_t *s);
/* Something answered that the session cannot go on with (the group was
 * deleted, say): drop both connections and retry after a backoff. */
void pith_rsession_fail(pith_rsession_t *s, const char *why);

/* Closes both connections at once, without a retry; `closed` follows (maybe
 * before this returns). */
void pith_rsession_close(pith_rsession_t *s);
/* No more connecting: for a stop. A session still connecting is closed. */
void pith_rsession_stop(pith_rsession_t *s);
/* For the end of a stop, with nothing pending: `cmd` is let go gracefully. */
void pith_rsession_disconnect(pith_rsession_t *s);

#endif
