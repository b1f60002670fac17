/* The daemon's life around the work: timers, status, the metrics file, the
 * systemd watchdog, stop and reload, and the signals that ask for them.
 *
 * These parts talk to the service manager and the operator rather than to
 * documents; keeping them apart keeps the work path (watch, job, commit) free
 * of sd_notify and signal handling. A stop forgets what is only queued (the
 * files wait on disk) and lets what runs finish, bounded by stop_timeout; a
 * reload builds a new generation first and keeps the running one when that
 * fails. */
#include "daemon_int.h"

#include <dirent.h>
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

/* ---- timers, status, metrics ---------------------------------------------------- */

static void rescan_cb(uv_timer_t *t)
{
    daemon_want_rescan(t->data);
}

void daemon_backoff_cb(uv_timer_t *t)
{
    pith_daemon_t *d = t->data;
    d->paused = 0;
    d->backoff_ms = d->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : d->backoff_ms * 2;
    daemon_want_rescan(d);
}

void daemon_status_cb(uv_timer_t *t)
{
    pith_daemon_t *d = t->data;
    char s[256];
    snprintf(s, sizeof s, "%lu delivered, %lu duplicates, %lu failed; %zu queued, %u in flight%s",
             d->n_ok, d->n_dup, d->n_failed, d->pn + d->submit.n,
             d->inflight + (unsigned)d->staged.n +
                 (unsigned)(d->committing ? d->commit.batch.n : 0),
             d->paused         ? "; spool not writable, retrying"
             : d->drop_missing ? "; drop folder missing"
                               : "");
    if (strcmp(s, d->status_last)) {
        sd_notifyf(0, "STATUS=%s", s);
        memcpy(d->status_last, s, sizeof s);
    }
}

void daemon_watchdog_cb(uv_timer_t *t)
{
    sd_notify(0, "WATCHDOG=1");
}

typedef struct mwrite {
    uv_work_t req;
    pith_daemon_t *d;
    char *path;
    pith_buf_t text;
    int rc;
    pith_err_t err;
} mwrite_t;

static void metrics_work_cb(uv_work_t *req)
{
    mwrite_t *m = req->data;
    /* Not synced: the file is rewritten every few seconds. */
    m->rc = pith_file_write_atomic(m->path, m->text.data, m->text.len, 0, &m->err);
}

static void metrics_after_cb(uv_work_t *req, int status)
{
    mwrite_t *m = req->data;
    pith_daemon_t *d = m->d;
    d->metrics_busy = 0;
    d->side_jobs--;
    if (m->rc)
        pith_log(LOG_WARNING, "metrics file %s", m->err.reason);
    free(m->path);
    pith_buf_free(&m->text);
    free(m);
    daemon_maybe_finish(d);
}

static void metrics_cb(uv_timer_t *t)
{
    pith_daemon_t *d = t->data;
    const char *path = cfg_of(d)->metrics_file;
    if (!path || d->metrics_busy)
        return;
    mwrite_t *m = calloc(1, sizeof *m);
    if (!m || !(m->path = strdup(path)) || pith_metrics_render(d->metrics, &m->text)) {
        if (m) {
            free(m->path);
            pith_buf_free(&m->text);
        }
        free(m);
        return;
    }
    m->d = d;
    m->req.data = m;
    d->metrics_busy = 1;
    d->side_jobs++;
    if (uv_queue_work(&d->loop, &m->req, metrics_work_cb, metrics_after_cb) != 0) {
        d->metrics_busy = 0;
        d->side_jobs--;
        free(m->path);
        pith_buf_free(&m->text);
        free(m);
    }
}

void daemon_arm_timers(pith_daemon_t *d)
{
    const pith_config_t *c = cfg_of(d);
    PITH_UV_MUST(
        uv_timer_start(&d->t_rescan, rescan_cb, c->rescan_interval_ms, c->rescan_interval_ms));
    if (c->metrics_file)
        PITH_UV_MUST(uv_timer_start(&d->t_metrics, metrics_cb, 0, c->metrics_interval_ms));
    else
        uv_timer_stop(&d->t_metrics);
}

/* ---- stop and reload --------------------------------------------------------------- */

void daemon_close_walk_cb(uv_handle_t *h, void *arg)
{
    if (!uv_is_closing(h))
        uv_close(h, NULL);
}

static unsigned producers_busy(pith_daemon_t *d)
{
    unsigned n = 0;
    for (size_t i = 0; i < d->nproducers; i++)
        if (d->producers[i].ops->busy)
            n += d->producers[i].ops->busy(d->producers[i].ctx);
    return n;
}

static void final_metrics(pith_daemon_t *d)
{
    const char *path = cfg_of(d)->metrics_file;
    pith_buf_t text = {0};
    pith_err_t err = {0};
    if (path && !d->metrics_busy && pith_metrics_render(d->metrics, &text) == 0 &&
        pith_file_write_atomic(path, text.data, text.len, 0, &err) != 0)
        pith_log(LOG_WARNING, "metrics file %s", err.reason);
    pith_buf_free(&text);
}

void daemon_maybe_finish(pith_daemon_t *d)
{
    if (!d->stopping || d->finished || d->inflight || d->side_jobs || d->committing ||
        !PITH_QUEUE_EMPTY(&d->staged) || d->sending || producers_busy(d))
        return;
    d->finished = 1;
    daemon_status_cb(&d->t_status);
    final_metrics(d);
    pith_log(LOG_NOTICE, "stopped: %lu delivered, %lu duplicates, %lu failed", d->n_ok, d->n_dup,
             d->n_failed);
    uv_walk(&d->loop, daemon_close_walk_cb, NULL);
}

static void stop_timeout_cb(uv_timer_t *t)
{
    pith_daemon_t *d = t->data;
    pith_log(LOG_WARNING,
             "stop_timeout reached with %u jobs in flight; exiting (their inputs stay in the drop "
             "folder)",
             d->inflight);
    final_metrics(d);
    _exit(0);
}

static void begin_stop(pith_daemon_t *d, const char *why)
{
    if (d->stopping)
        return;
    d->stopping = 1;
    sd_notify(0, "STOPPING=1");
    pith_log(LOG_NOTICE, "%s: stopping; %u jobs in flight", why, d->inflight);
    if (d->ino_polling)
        uv_poll_stop(&d->ino_poll);
    uv_timer_t *timers[] = {&d->t_rescan, &d->t_settle, &d->t_young, &d->t_backoff, &d->t_drop};
    for (size_t i = 0; i < sizeof timers / sizeof *timers; i++)
        uv_timer_stop(timers[i]);
    daemon_young_clear(d);
    /* Forget what was only queued: those files wait on disk for the next run. */
    while (d->pn) {
        char *name = d->pending[d->phead];
        d->phead = (d->phead + 1) % PENDING_MAX;
        d->pn--;
        daemon_set_del(&d->known, name);
        free(name);
    }
    while (!PITH_QUEUE_EMPTY(&d->submit)) {
        job_t *j;
        PITH_QUEUE_POP(&d->submit, j, next);
        if (j->cb) {
            pith_err_t err = {0};
            pith_err_set(&err, PITH_EAGAIN, "daemon stopping");
            j->cb(j->cb_arg, PITH_EAGAIN, NULL, &err);
        }
        daemon_job_free(j);
    }
    for (size_t i = 0; i < d->nproducers; i++)
        if (d->producers[i].ops->stop)
            d->producers[i].ops->stop(d->producers[i].ctx);
    PITH_UV_MUST(uv_timer_start(&d->t_stop, stop_timeout_cb, cfg_of(d)->stop_timeout_ms, 0));
    daemon_maybe_finish(d);
}

void pith_daemon_log_problems(const pith_config_problems_t *p)
{
    for (size_t i = 0; i < p->n; i++) {
        const pith_err_t *e = &p->items[i];
        if (e->line > 0)
            pith_log(LOG_ERR, "%s:%d: %s", e->file, e->line, e->reason);
        else
            pith_log(LOG_ERR, "%s: %s", e->file[0] ? e->file : "config", e->reason);
    }
}

void daemon_reload(pith_daemon_t *d)
{
    const char *name = d->config_path ? d->config_path : "built-in defaults";
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    sd_notifyf(0, "RELOADING=1\nMONOTONIC_USEC=%llu\nSTATUS=reloading %s",
               (unsigned long long)ts.tv_sec * 1000000ull + (unsigned long long)ts.tv_nsec / 1000,
               name);
    pith_log(LOG_NOTICE, "reloading %s", name);
    pith_config_t *cfg = NULL;
    pith_config_problems_t problems = {0};
    pith_err_t err = {0};
    gen_t *g = NULL;
    int rc = pith_config_load(d->config_path, PITH_CONFIG_CHECK_DIRS, &cfg, &problems);
    if (rc) {
        pith_daemon_log_problems(&problems);
        pith_log(LOG_ERR, "reload failed (%zu problems); keeping the running configuration",
                 problems.n);
        goto done;
    }
    if (!(g = daemon_gen_create(cfg, &err))) {
        pith_log(LOG_ERR, "reload failed: %s; keeping the running configuration", err.reason);
        goto done;
    }
    int drop_changed = strcmp(g->cfg->drop_dir, cfg_of(d)->drop_dir) != 0;
    gen_t *old = d->gen;
    d->gen = g;
    if (drop_changed || d->drop_missing) {
        /* The scan in progress reads the old folder; a rescan follows. */
        daemon_drop_forget(d);
        d->drop_missing = 0;
        uv_timer_stop(&d->t_drop);
        if (daemon_open_drop(d, &err) != 0)
            daemon_drop_lost(d, err.reason);
    }
    daemon_gen_unref(old);
    daemon_arm_timers(d);
    for (size_t i = 0; i < d->nproducers; i++)
        if (d->producers[i].ops->reload)
            d->producers[i].ops->reload(d->producers[i].ctx);
    pith_metric_add(d->m_reloads, 1);
    pith_log(LOG_NOTICE, "reloaded %s: drop %s, spool %s, %u workers", name, cfg_of(d)->drop_dir,
             cfg_of(d)->spool_dir, cfg_of(d)->workers);
    daemon_want_rescan(d);
done:
    pith_config_problems_free(&problems);
    d->status_last[0] = '\0';
    sd_notify(0, "READY=1");
    daemon_status_cb(&d->t_status);
}

void pith_daemon_stop(pith_daemon_t *d)
{
    begin_stop(d, "stop requested");
}

void daemon_signal_cb(uv_signal_t *h, int signum)
{
    pith_daemon_t *d = h->data;
    if (signum == SIGHUP) {
        if (!d->stopping)
            daemon_reload(d);
        return;
    }
    begin_stop(d, signum == SIGTERM ? "SIGTERM" : "SIGINT");
}
