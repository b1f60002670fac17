/* The drop-folder service.
 *
 * Shape: the loop thread decides, the pool works. The loop keeps a bounded
 * FIFO of pending file names (never file contents) plus a set of the names
 * pending, in flight or claimed by a producer, so one file is never handled
 * twice at once. Names come from inotify events and from directory scans.
 * A scan is itself pool work that reads the folder a batch at a time and is
 * only asked for the next batch when the FIFO runs low, so a backlog of a
 * hundred thousand files costs one open directory stream, not a hundred
 * thousand names in memory. When the FIFO is full, inotify is not read: its
 * events wait in the kernel's queue (back-pressure, see ino_take), and only
 * when that overflows is a rescan owed instead; the files wait on disk,
 * where they are safe.
 *
 * Delivery is a group commit. A worker reads, cleans and renders an input
 * and stages the document in the spool's tmp/ without syncing it; the job
 * then waits on the loop (names only, no document bytes) in a bounded list.
 * One commit job at a time takes whatever has been staged while the previous
 * one ran and makes it durable with one filesystem sync, the renames into
 * new/ and one sync of new/, records the ids in one state transaction, and
 * only then deletes or moves the inputs; the loop then counts, logs and
 * answers the producers. Two fsyncs per batch instead of two per document:
 * batches grow by themselves when work arrives faster than a commit takes,
 * and a lone file is committed at once.
 *
 * Crash safety comes from order: the document is delivered (durable in new/,
 * then recorded in the state store) before the input is deleted or moved, so
 * a kill at any instant leaves the input in the drop folder (a rerun gives
 * the same id, counted as a duplicate) or the document in new/; a staged
 * file a kill leaves in tmp/ is never seen by consumers and is removed a day
 * later. When the spool cannot be written (EAGAIN), the input stays, dispatch
 * pauses with exponential backoff, and a rescan after the pause picks it up
 * again.
 *
 * Configuration, spool and state form a "generation", reference-counted so
 * that a reload can swap in a new one while jobs finish on the old.
 *
 * This file holds the generations, the name set, start-up and the API the
 * producers use; the scan and inotify, the job pipeline, the group commit
 * and the lifecycle each have a file of their own (see daemon_int.h). */
#include "daemon_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>
#include <xxhash.h>

#include "fileio.h"
#include "log.h"
#include "pith/render.h"
#include "spool.h"

/* ---- generation: config + spool + state ----------------------------------- */

void daemon_gen_unref(gen_t *g)
{
    if (!g || atomic_fetch_sub(&g->refs, 1) != 1)
        return;
    pith_state_close(g->state);
    pith_spool_close(g->spool);
    pith_config_destroy(g->cfg);
    free(g);
}

gen_t *daemon_gen_ref(gen_t *g)
{
    atomic_fetch_add(&g->refs, 1);
    return g;
}

/* Takes cfg. Returns NULL with err set when the spool or state won't open. */
gen_t *daemon_gen_create(pith_config_t *cfg, pith_err_t *err)
{
    gen_t *g = calloc(1, sizeof *g);
    if (!g) {
        pith_config_destroy(cfg);
        pith_err_set(err, PITH_ENOMEM, "out of memory");
        return NULL;
    }
    atomic_init(&g->refs, 1);
    g->cfg = cfg;
    if (pith_spool_open(cfg->spool_dir, &g->spool, err)) {
        daemon_gen_unref(g);
        return NULL;
    }
    int rc = pith_state_open(cfg->state_dir, &g->state, err);
    if (rc == PITH_EIO) {
        /* A corrupt state file: refusing to start would only make systemd
         * restart us into the same error forever, while the state is a cache
         * of work done (SPEC 7): without it, inputs are cleaned again and a
         * document still in new/ is still not delivered twice. */
        char aside[4200];
        pith_err_t aerr = {0};
        if (pith_state_set_aside(cfg->state_dir, aside, sizeof aside, &aerr) != 0) {
            pith_log(LOG_CRIT, "%s; %s", err->reason, aerr.reason);
            *err = aerr;
            rc = aerr.code;
        } else {
            pith_log(LOG_CRIT,
                     "%s; moved it aside to %s and starting with an empty state (delivered ids, "
                     "URL validators and seen feed items are forgotten: costs re-work)",
                     err->reason, aside);
            rc = pith_state_open(cfg->state_dir, &g->state, err);
        }
    }
    if (rc) {
        daemon_gen_unref(g);
        return NULL;
    }
    return g;
}

/* ---- a set of names --------------------------------------------------------- */

int daemon_set_has(nameset_t *s, const char *name)
{
    return pith_strset_find(s, name, strlen(name)) != NULL;
}

int daemon_set_add(nameset_t *s, const char *name)
{
    return pith_strset_add(s, name, strlen(name), NULL, NULL);
}

void daemon_set_del(nameset_t *s, const char *name)
{
    pith_strset_del(s, name, strlen(name));
}

/* ---- producers --------------------------------------------------------------------- */

void pith_daemon_producer_idle(pith_daemon_t *d)
{
    daemon_maybe_finish(d);
}

uv_loop_t *pith_daemon_loop(pith_daemon_t *d)
{
    return &d->loop;
}

const pith_config_t *pith_daemon_config(pith_daemon_t *d)
{
    return cfg_of(d);
}

typedef struct state_job {
    uv_work_t req;
    pith_daemon_t *d;
    gen_t *gen;
    void (*fn)(pith_state_t *, void *);
    void (*done)(void *);
    void *arg;
} state_job_t;

static void state_work_cb(uv_work_t *req)
{
    state_job_t *sj = req->data;
    sj->fn(sj->gen->state, sj->arg);
}

static void state_after_cb(uv_work_t *req, int status)
{
    state_job_t *sj = req->data;
    pith_daemon_t *d = sj->d;
    d->side_jobs--;
    if (sj->done)
        sj->done(sj->arg);
    daemon_gen_unref(sj->gen);
    free(sj);
    daemon_maybe_finish(d);
}

int pith_daemon_state_job(pith_daemon_t *d, void (*fn)(pith_state_t *, void *),
                          void (*done)(void *), void *arg)
{
    state_job_t *sj = calloc(1, sizeof *sj);
    if (!sj)
        return PITH_ENOMEM;
    *sj = (state_job_t){.d = d, .gen = daemon_gen_ref(d->gen), .fn = fn, .done = done, .arg = arg};
    sj->req.data = sj;
    d->side_jobs++;
    if (uv_queue_work(&d->loop, &sj->req, state_work_cb, state_after_cb) != 0) {
        d->side_jobs--;
        daemon_gen_unref(sj->gen);
        free(sj);
        return PITH_ENOMEM;
    }
    return 0;
}

pith_metrics_t *pith_daemon_metrics(pith_daemon_t *d)
{
    return d->metrics;
}

int pith_daemon_stopping(pith_daemon_t *d)
{
    return d->stopping;
}

static char *dup_or_null(const char *s, int *nomem)
{
    if (!s)
        return NULL;
    char *c = strdup(s);
    if (!c)
        *nomem = 1;
    return c;
}

int pith_daemon_submit_bytes(pith_daemon_t *d, pith_buf_t *body, const pith_submit_t *hints,
                             pith_submit_cb cb, void *arg)
{
    if (d->stopping) {
        pith_buf_free(body);
        return PITH_EAGAIN;
    }
    job_t *j = daemon_job_new(d, J_BYTES);
    if (!j) {
        pith_buf_free(body);
        return PITH_ENOMEM;
    }
    int nomem = 0;
    j->body = *body;
    memset(body, 0, sizeof *body);
    if (hints) {
        j->type = hints->type;
        j->url = dup_or_null(hints->url, &nomem);
        j->charset = dup_or_null(hints->charset, &nomem);
        j->fetched = dup_or_null(hints->fetched, &nomem);
        j->source = dup_or_null(hints->source, &nomem);
    }
    if (nomem) {
        daemon_job_free(j);
        return PITH_ENOMEM;
    }
    j->cb = cb;
    j->cb_arg = arg;
    PITH_QUEUE_PUSH(&d->submit, j, next);
    daemon_dispatch(d);
    return 0;
}

void pith_daemon_input_done(pith_daemon_t *d, const char *name, int rc, const char *reason,
                            int counted)
{
    job_t *j = daemon_job_new(d, J_DISPOSE);
    if (!j || !(j->name = strdup(name)) ||
        (j->dirfd = d->dropfd >= 0 ? fcntl(d->dropfd, F_DUPFD_CLOEXEC, 0) : -1) < 0) {
        if (j)
            daemon_job_free(j);
        daemon_set_del(&d->known, name);
        d->rescan_owed = 1;
        return;
    }
    j->given_rc = rc;
    j->counted = counted;
    pith_err_set(&j->err, rc, "%s", reason ? reason : pith_err_name(rc));
    daemon_queue_job(d, j);
}

/* ---- start ------------------------------------------------------------------------ */

static void register_metrics(pith_daemon_t *d)
{
    static const double bounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                    0.1,   0.25,   0.5,   1,    2.5,   5};
    pith_metrics_t *m = d->metrics;
    const char *docs = "Documents processed, by result";
    d->m_ok = pith_metrics_counter(m, "pith_documents_total", docs, "result=\"ok\"");
    d->m_dup = pith_metrics_counter(m, "pith_documents_total", docs, "result=\"duplicate\"");
    d->m_failed = pith_metrics_counter(m, "pith_documents_total", docs, "result=\"failed\"");
    d->m_bytes_in = pith_metrics_counter(m, "pith_input_bytes_total", "Bytes of input read", NULL);
    d->m_bytes_out =
        pith_metrics_counter(m, "pith_output_bytes_total", "Bytes of documents delivered", NULL);
    d->m_queue = pith_metrics_gauge(m, "pith_queue_depth", "Inputs waiting in memory", NULL);
    d->m_inflight = pith_metrics_gauge(m, "pith_inflight", "Cleaning jobs running", NULL);
    d->m_hist = pith_metrics_histogram(m, "pith_processing_seconds",
                                       "Time to read, clean and deliver one input", bounds,
                                       sizeof bounds / sizeof *bounds);
    d->m_last_ok = pith_metrics_gauge(m, "pith_last_success_timestamp_seconds",
                                      "Unix time of the last delivery", NULL);
    d->m_overflows =
        pith_metrics_counter(m, "pith_inotify_overflows_total", "inotify queue overflows", NULL);
    d->m_rescans =
        pith_metrics_counter(m, "pith_rescans_total", "Full scans of the drop folder", NULL);
    d->m_retries =
        pith_metrics_counter(m, "pith_spool_retries_total",
                             "Deliveries postponed because the spool was not writable", NULL);
    d->m_reloads = pith_metrics_counter(m, "pith_reloads_total", "Successful reloads", NULL);
    static const double sizes[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
    d->m_batch = pith_metrics_histogram(m, "pith_commit_batch_size",
                                        "Documents made durable by one spool commit", sizes,
                                        sizeof sizes / sizeof *sizes);
}

/* Every handle the loop owns, initialised and started; a failure is the
 * loop's (PITH_EIO with the call that failed). */
static int start_handles(pith_daemon_t *d, pith_err_t *err)
{
    int rc;
    if ((rc = uv_poll_init(&d->loop, &d->ino_poll, d->inofd)) != 0)
        return pith_err_uv(err, PITH_EIO, rc, "inotify poll");
    d->ino_poll.data = d;
    if ((rc = uv_poll_start(&d->ino_poll, UV_READABLE, daemon_ino_cb)) != 0)
        return pith_err_uv(err, PITH_EIO, rc, "inotify poll");
    d->ino_polling = 1;
    uv_signal_t *sigs[] = {&d->sig_term, &d->sig_int, &d->sig_hup};
    int signums[] = {SIGTERM, SIGINT, SIGHUP};
    for (int i = 0; i < 3; i++) {
        if ((rc = uv_signal_init(&d->loop, sigs[i])) != 0)
            return pith_err_uv(err, PITH_EIO, rc, "signals");
        sigs[i]->data = d;
        if ((rc = uv_signal_start(sigs[i], daemon_signal_cb, signums[i])) != 0)
            return pith_err_uv(err, PITH_EIO, rc, "signals");
    }
    uv_timer_t *timers[] = {&d->t_rescan,  &d->t_settle, &d->t_young,    &d->t_backoff, &d->t_drop,
                            &d->t_metrics, &d->t_status, &d->t_watchdog, &d->t_stop};
    for (size_t i = 0; i < sizeof timers / sizeof *timers; i++) {
        PITH_UV_MUST(uv_timer_init(&d->loop, timers[i])); /* fails only by misuse */
        timers[i]->data = d;
    }
    daemon_arm_timers(d);
    PITH_UV_MUST(uv_timer_start(&d->t_status, daemon_status_cb, 1000, 1000));
    if (sd_watchdog_enabled(0, &d->watchdog_usec) > 0 && d->watchdog_usec >= 2000) {
        uint64_t every = d->watchdog_usec / 2000;
        PITH_UV_MUST(uv_timer_start(&d->t_watchdog, daemon_watchdog_cb, every, every));
    }
    return 0;
}

int pith_daemon_create(pith_config_t *cfg, const pith_producer_t *const *producers,
                       pith_daemon_t **out, pith_err_t *err)
{
    *out = NULL;
    /* Enough pool threads for the workers plus a commit, a scan and a
     * metrics write. */
    char threads[16];
    snprintf(threads, sizeof threads, "%u", cfg->workers + 3 < 4 ? 4 : cfg->workers + 3);
    setenv("UV_THREADPOOL_SIZE", threads, 1);

    pith_daemon_t *d = calloc(1, sizeof *d);
    if (!d) {
        pith_config_destroy(cfg);
        return pith_err_set(err, PITH_ENOMEM, "out of memory");
    }
    d->dropfd = d->inofd = d->wd = d->pwd = -1;
    pith_strset_init(&d->known, KNOWN_MAX, 1);
    d->backoff_ms = BACKOFF_MIN_MS;
    if ((cfg->path && !(d->config_path = strdup(cfg->path))) ||
        !(d->metrics = pith_metrics_create())) {
        pith_config_destroy(cfg);
        pith_daemon_destroy(d);
        return pith_err_set(err, PITH_ENOMEM, "out of memory");
    }
    register_metrics(d);
    if (!(d->gen = daemon_gen_create(cfg, err))) {
        /* A lock held by another process or a full disk may pass; anything
         * else (permissions, a read-only or failing disk) needs the
         * operator. */
        pith_daemon_destroy(d);
        return err->code = err->code == PITH_EAGAIN ? PITH_EAGAIN : PITH_ECREATE;
    }
    int rc = uv_loop_init(&d->loop);
    if (rc != 0) {
        pith_daemon_destroy(d);
        return pith_err_uv(err, PITH_EIO, rc, "event loop");
    }
    d->loop_ready = 1;
    d->inofd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (d->inofd < 0) {
        pith_err_sys(err, PITH_EIO, errno, "inotify");
        goto fail;
    }
    if (daemon_open_drop(d, err) != 0) {
        err->code = PITH_EMISSING;
        goto fail;
    }
    if (start_handles(d, err) != 0)
        goto fail;
    for (size_t i = 0; producers && producers[i]; i++) {
        if (d->nproducers == PRODUCERS_MAX) {
            pith_err_set(err, PITH_ECONFIG, "more than %d producers", PRODUCERS_MAX);
            goto fail;
        }
        producer_slot_t *p = &d->producers[d->nproducers++];
        p->ops = producers[i];
        if (p->ops->start && p->ops->start(d, &p->ctx, err) != 0) {
            char why[sizeof err->reason];
            snprintf(why, sizeof why, "%s", err->reason);
            pith_err_set(err, PITH_ECONFIG, "%s: %s", p->ops->name, why);
            goto fail;
        }
        if (p->ops->deliver && !d->sink)
            d->sink = p;
    }
    *out = d;
    return 0;
fail:
    rc = err->code;
    pith_daemon_destroy(d);
    return rc;
}

int pith_daemon_run(pith_daemon_t *d)
{
    pith_log(LOG_NOTICE, "started: drop %s, spool %s, state %s, %u workers", cfg_of(d)->drop_dir,
             cfg_of(d)->spool_dir, cfg_of(d)->state_dir, cfg_of(d)->workers);
    daemon_want_rescan(d); /* the backlog */
    sd_notify(0, "READY=1\nSTATUS=started");
    /* t_settle is started by the scan when files were still settling. */
    uv_run(&d->loop, UV_RUN_DEFAULT);
    return 0;
}

void pith_daemon_destroy(pith_daemon_t *d)
{
    if (!d)
        return;
    if (d->loop_ready) {
        /* After a run everything is closed already; after a failed create
         * or without a run, close what was opened. */
        uv_walk(&d->loop, daemon_close_walk_cb, NULL);
        uv_run(&d->loop, UV_RUN_DEFAULT);
        uv_loop_close(&d->loop);
    }
    for (size_t i = 0; i < d->nproducers; i++)
        if (d->producers[i].ops->destroy)
            d->producers[i].ops->destroy(d->producers[i].ctx);
    if (d->scan_dir)
        closedir(d->scan_dir);
    if (d->dropfd >= 0)
        close(d->dropfd);
    if (d->inofd >= 0)
        close(d->inofd);
    while (d->pn) {
        free(d->pending[d->phead]);
        d->phead = (d->phead + 1) % PENDING_MAX;
        d->pn--;
    }
    daemon_young_clear(d);
    pith_strset_free(&d->known);
    daemon_gen_unref(d->gen);
    pith_metrics_destroy(d->metrics);
    free(d->config_path);
    free(d);
}
