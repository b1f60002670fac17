/* The service behind `pith daemon` (SPEC §7).
 *
 * One libuv loop owns everything that waits: the inotify descriptor of the
 * drop folder (on a uv_poll_t), signals, timers (rescan, metrics, status,
 * watchdog, retry backoff) and the bookkeeping of what is queued and in
 * flight. Everything that may take time (reading, cleaning, rendering,
 * fsync'd delivery, moving inputs, directory scans, the metrics file) runs
 * on libuv's thread pool, at most `workers` cleaning jobs at a time.
 *
 * Other producers of work plug in here. The fetcher (SPEC §7 "URL inputs",
 * "Sources") is one: a pith_producer_t that `pith daemon` (cmd_daemon.c)
 * passes to pith_daemon_create, it receives the drop files it claims (e.g.
 * "*.url") and hands fetched bodies to pith_daemon_submit_bytes, which runs the same
 * extraction and delivery as a dropped file. All functions below are for the
 * loop thread only. */
#ifndef PITH_DAEMON_H
#define PITH_DAEMON_H

#include <uv.h>

#include "pith/buf.h"
#include "config.h"
#include "pith/error.h"
#include "metrics.h"
#include "pith/pith.h"
#include "state.h"

typedef struct pith_daemon pith_daemon_t;

typedef struct pith_producer pith_producer_t;

/* Makes a service of cfg (taken, also on failure): opens its spool and
 * state, the drop folder and its inotify watch, signals and timers on a loop
 * of its own, and starts the producers, a NULL-terminated list borrowed for
 * the daemon's life (the command registers them: cmd_daemon.c). A reload
 * (SIGHUP) reads cfg->path again. Nothing is processed before
 * pith_daemon_run. Returns 0, or with the reason in err: PITH_ECONFIG (a
 * producer refused the configuration), PITH_EAGAIN (state locked by another
 * process or disk full: may pass), PITH_ECREATE (spool or state cannot be
 * opened: permissions, a read-only or failing disk), PITH_EMISSING (the drop
 * folder vanished), PITH_ENOMEM or PITH_EIO (the loop, inotify). A corrupt
 * state database is no failure: it is set aside and a fresh one started. */
int pith_daemon_create(pith_config_t *cfg, const pith_producer_t *const *producers,
                       pith_daemon_t **out, pith_err_t *err);

/* Runs the loop until a stop (SIGTERM, SIGINT, pith_daemon_stop) has
 * finished the work in flight. Returns 0. */
int pith_daemon_run(pith_daemon_t *d);

/* Asks for a stop as SIGTERM does: take no new work, finish what runs. */
void pith_daemon_stop(pith_daemon_t *d);

/* Closes what is left and frees d (NULL: nothing). */
void pith_daemon_destroy(pith_daemon_t *d);

/* Logs configuration problems, one line each with file:line. */
void pith_daemon_log_problems(const pith_config_problems_t *p);

/* ---- for producers (loop thread only) ------------------------------------ */

uv_loop_t *pith_daemon_loop(pith_daemon_t *d);
/* The configuration in force; borrowed until the next reload (producers are
 * told through their reload hook). */
const pith_config_t *pith_daemon_config(pith_daemon_t *d);
/* Runs fn(state, arg) on the thread pool with the state store in force (kept
 * open until fn returns, across a reload), then done(arg) on the loop (done
 * may be NULL). The loop thread never waits for SQLite: a write may wait for
 * a checkpoint's fsync, and the commit holds the store while it records a
 * batch. A stop waits for queued jobs. 0, or PITH_ENOMEM (nothing queued). */
int pith_daemon_state_job(pith_daemon_t *d, void (*fn)(pith_state_t *st, void *arg),
                          void (*done)(void *arg), void *arg);
/* The metrics registry, for the producer's own series; lives as long as d. */
pith_metrics_t *pith_daemon_metrics(pith_daemon_t *d);
/* True once a stop was requested: take no new work. */
int pith_daemon_stopping(pith_daemon_t *d);

typedef struct pith_submit {
    pith_type_t type;    /* AUTO: sniff */
    const char *url;     /* the page's address, or NULL (copied) */
    const char *charset; /* from Content-Type, or NULL (copied) */
    const char *fetched; /* ISO 8601 fetch time, or NULL (copied) */
    const char *source;  /* for the `source` key, or NULL (copied) */
} pith_submit_t;

/* Called on the loop thread when a submitted body is done: rc is 0
 * (delivered, id set), PITH_EDUP (already delivered, id set), PITH_EAGAIN
 * (the spool cannot be written now: submit again later) or another error with
 * the reason in err. */
typedef void (*pith_submit_cb)(void *arg, int rc, const char *id, const pith_err_t *err);

/* Queues body for extraction and delivery on the pool; takes ownership of
 * body's memory (left empty). Returns 0, or PITH_EAGAIN when stopping (body
 * is freed, cb not called). */
int pith_daemon_submit_bytes(pith_daemon_t *d, pith_buf_t *body, const pith_submit_t *hints,
                             pith_submit_cb cb, void *arg);

/* rc: 0 (appended), PITH_EDUP (that id was delivered before) or PITH_EAGAIN
 * (not confirmed: try later), with reason or NULL. */
typedef void (*pith_deliver_cb)(void *arg, int rc, const char *reason);

/* A producer of work. Every hook is optional and runs on the loop thread. */
struct pith_producer {
    const char *name;
    /* After the daemon is ready. *ctx is the producer's own state. */
    int (*start)(pith_daemon_t *d, void **ctx, pith_err_t *err);
    /* After a reload put a new configuration in force. */
    void (*reload)(void *ctx);
    /* A drop file is about to be processed: return 1 to take it (the
     * producer then owns it until it calls pith_daemon_input_done), 0 to let
     * the daemon clean it as a document. */
    int (*claim)(void *ctx, const char *name);
    /* Stop requested: start no new work, finish or abandon in-flight work. */
    void (*stop)(void *ctx);
    /* Number of operations still in flight (the daemon waits for 0, bounded
     * by stop_timeout). */
    unsigned (*busy)(void *ctx);
    void (*destroy)(void *ctx);
    /* An output besides the spool, for deliver = redis or both (the daemon
     * uses the first producer that has one): appends document doc (len
     * bytes, copied) under id unless that id was delivered before. Returns 0
     * (cb follows exactly once) or PITH_EAGAIN when the output is not
     * reachable now (cb is not called). */
    int (*deliver)(void *ctx, const char *id, const char *doc, size_t len, pith_deliver_cb cb,
                   void *arg);
};

/* A producer's own work settled outside the daemon's jobs (a reply from a
 * server, say): while stopping, look again whether the stop can finish. */
void pith_daemon_producer_idle(pith_daemon_t *d);

/* Finishes a claimed drop file: rc 0 or PITH_EDUP deletes it (or moves it to
 * .done/ with keep_input), PITH_EAGAIN leaves it for a later retry, any other
 * code moves it to .failed/ with reason in <name>.error. A file moved there
 * counts as one failed input, unless `counted`: every failure in it was a
 * document submitted to this daemon, already counted as failed on its own. */
void pith_daemon_input_done(pith_daemon_t *d, const char *name, int rc, const char *reason,
                            int counted);

#endif
