/* One input on the pool, and the loop's choice of what runs next.
 *
 * A job is a drop file (J_FILE), a body a producer submitted (J_BYTES) or a
 * claimed drop file the producer has settled (J_DISPOSE). Its work on the
 * pool reads, cleans, renders and stages the document in the spool's tmp/
 * without syncing; the loop then hands it to the group commit
 * (daemon_commit.c), for deliver = redis to the output stream first. The
 * input is deleted or moved only after its document is durable: that order
 * is the crash safety. Dispatch lives here too because it is the one place
 * that decides how many jobs run (workers, backoff, stopping), and it needs
 * nothing but the queue and the job constructors beside it. */
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

#include "fileio.h"
#include "log.h"
#include "pith/render.h"
#include "spool.h"

/* ---- work on the pool: one drop file ------------------------------------------ */

static int same_file(int dirfd, const char *name, const struct stat *was)
{
    struct stat now;
    return fstatat(dirfd, name, &now, AT_SYMLINK_NOFOLLOW) == 0 && now.st_ino == was->st_ino &&
           now.st_dev == was->st_dev;
}

/* After a delivery (or duplicate): delete the input or keep it in .done/. */
void daemon_finish_input(job_t *j, const struct stat *st)
{
    if (st && !same_file(j->dirfd, j->name, st)) {
        j->replaced = 1; /* replaced while we worked: the new file is new work */
        return;
    }
    char to[4096];
    if (j->gen->cfg->keep_input) {
        pith_err_t err = {0};
        if (pith_file_move_aside(j->dirfd, j->name, ".done", to, sizeof to, &err) != 0)
            pith_log(LOG_WARNING, "cannot move input to .done/: %s", err.reason);
    } else if (unlinkat(j->dirfd, j->name, 0) != 0 && errno != ENOENT) {
        pith_log(LOG_WARNING, "cannot delete input: %s", strerror(errno));
    }
}

/* After a failure: move the input to .failed/ with a note of the reason.
 * 0 when moved, else the move's code: PITH_EMISSING when the input is gone,
 * another PITH_E* (logged here) when the move failed. */
static int quarantine(job_t *j, const char *reason)
{
    char to[4096], note[4200];
    pith_err_t err = {0};
    int rc = pith_file_move_aside(j->dirfd, j->name, ".failed", to, sizeof to, &err);
    if (rc != 0) {
        if (rc != PITH_EMISSING)
            pith_log(LOG_ERR, "cannot move input to .failed/: %s", err.reason);
        return rc;
    }
    snprintf(note, sizeof note, "%s.error", to);
    char text[700];
    int n = snprintf(text, sizeof text, "%s\n", reason);
    int fd = openat(j->dirfd, note, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0640);
    if (fd < 0) {
        pith_log(LOG_WARNING, "cannot write failure note: %s", strerror(errno));
        return 0;
    }
    pith_err_t werr = {0};
    if (pith_write_all(fd, text, (size_t)n, &werr) != 0)
        pith_log(LOG_WARNING, "cannot write failure note: %s", strerror(werr.sys));
    close(fd);
    return 0;
}

/* Extracts, renders and stages data in the spool. Sets j->result (RES_STAGED
 * when the document waits in tmp/ for the commit), rc, err, id. data is the
 * job's own buffer, given up to the extraction as working memory. */
static void clean_and_stage(job_t *j, pith_buf_t *data, const pith_hints_t *hints)
{
    pith_doc_t *doc = NULL;
    pith_buf_t out = {0};
    const pith_config_t *cfg = j->gen->cfg;
    /* Links' addresses are noted only where they are written. */
    pith_hints_t h = *hints;
    h.links = cfg->links && cfg->format == PITH_FORMAT_MARKDOWN;
    int rc = pith_extract_buf(data, &h, &doc, &j->err);
    if (rc) {
        j->result = RES_FAIL;
        goto done;
    }
    memcpy(j->id, doc->id, sizeof j->id);
    rc = pith_render(doc, (pith_format_t)cfg->format, 0, &out, &j->err);
    if (rc) {
        j->result = RES_FAIL;
        goto done;
    }
    j->bytes_out = out.len;
    if (cfg->deliver & PITH_DELIVER_REDIS) {
        rc = cfg->format == PITH_FORMAT_JSON ? pith_buf_append(&j->json, out.data, out.len)
                                             : pith_render_json(doc, &j->json, &j->err);
        if (rc) {
            j->result = RES_FAIL;
            goto done;
        }
        if (!(cfg->deliver & PITH_DELIVER_SPOOL)) {
            j->result = RES_SEND; /* the output stream's script tells duplicates */
            goto done;
        }
    }
    int known = 0;
    if (pith_state_has_id(j->gen->state, doc->id, &known) == 0 && known) {
        rc = pith_err_set(&j->err, PITH_EDUP, "already delivered (state)");
        j->result = RES_DUP;
        goto done;
    }
    rc = pith_spool_stage(j->gen->spool, doc->id, pith_render_ext((pith_format_t)cfg->format),
                          out.data, out.len, &j->item, &j->err);
    if (rc == 0) {
        j->result = RES_STAGED;
    } else if (rc == PITH_EDUP) {
        j->result = RES_DUP;
        pith_err_t serr = {0};
        int src = pith_state_add_id(j->gen->state, doc->id, hints->url ? hints->url : hints->source,
                                    &serr);
        if (src < 0 && src != PITH_EDUP)
            pith_log(LOG_WARNING, "state: %s", serr.reason);
    } else {
        /* The spool, not the input, is at fault: keep the input, retry. */
        j->result = RES_RETRY;
    }
done:
    j->rc = rc;
    pith_doc_destroy(doc);
    pith_buf_free(&out);
}

static void work_file(job_t *j)
{
    struct stat st;
    pith_buf_t data = {0};
    const pith_config_t *cfg = j->gen->cfg;
    if (fstatat(j->dirfd, j->name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        j->result = RES_GONE;
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        j->result = RES_GONE; /* sub-folders are not entered */
        return;
    }
    int rc = pith_file_read(j->dirfd, j->name, cfg->max_input_bytes, &data, &j->err);
    if (rc) {
        if (faccessat(j->dirfd, j->name, F_OK, AT_SYMLINK_NOFOLLOW) != 0) {
            j->result = RES_GONE;
        } else {
            j->result = RES_FAIL;
            j->rc = rc;
        }
    } else {
        j->bytes_in = data.len;
        pith_hints_t hints = {
            .source = j->name, .rules = cfg->rules, .max_bytes = cfg->max_input_bytes};
        clean_and_stage(j, &data, &hints);
    }
    pith_buf_free(&data);
    j->st = st; /* the commit (or the finish after a Redis XADD) checks it */
    if ((j->result == RES_OK || j->result == RES_DUP) && !j->json.len)
        daemon_finish_input(j, &st);
    else if (j->result == RES_FAIL) {
        char note[700];
        const char *name = pith_err_name(j->rc), *why = j->err.reason;
        if (!why[0] || !strncmp(why, name, strlen(name)))
            snprintf(note, sizeof note, "%s", why[0] ? why : name);
        else
            snprintf(note, sizeof note, "%s: %s", name, why);
        quarantine(j, note);
    }
}

static void work_cb(uv_work_t *req)
{
    job_t *j = req->data;
    uint64_t t0 = now_ns();
    if (j->finish_only) {
        daemon_finish_input(j, &j->st);
        return;
    }
    switch (j->kind) {
    case J_FILE:
        work_file(j);
        break;
    case J_BYTES: {
        pith_hints_t hints = {.type = j->type,
                              .url = j->url,
                              .charset = j->charset,
                              .fetched = j->fetched,
                              .source = j->source,
                              .rules = j->gen->cfg->rules,
                              .max_bytes = j->gen->cfg->fetch_max_bytes};
        j->bytes_in = j->body.len;
        clean_and_stage(j, &j->body, &hints);
        pith_buf_free(&j->body);
        break;
    }
    case J_DISPOSE:
        j->result = RES_GONE;
        if (j->given_rc == 0 || j->given_rc == PITH_EDUP)
            daemon_finish_input(j, NULL);
        else if (j->given_rc != PITH_EAGAIN && quarantine(j, j->err.reason) == 0)
            j->result = RES_FAIL;
        break;
    }
    j->ns = now_ns() - t0;
}

void daemon_job_free(job_t *j)
{
    if (j->dirfd >= 0)
        close(j->dirfd);
    daemon_gen_unref(j->gen);
    free(j->name);
    pith_buf_free(&j->body);
    pith_buf_free(&j->json);
    free(j->url);
    free(j->charset);
    free(j->fetched);
    free(j->source);
    free(j);
}

static void job_staged_or_done(pith_daemon_t *d, job_t *j)
{
    if (j->result == RES_STAGED) {
        /* Its input stays known (not picked up again) until committed. */
        PITH_QUEUE_PUSH(&d->staged, j, next);
        daemon_start_commit(d);
    } else {
        daemon_job_done(d, j);
    }
}

/* deliver = redis or both: the document is in the output stream (or was
 * before); next the spool commit (both), then the input goes. */
static void redis_sent(void *arg, int rc, const char *reason)
{
    job_t *j = arg;
    pith_daemon_t *d = j->d;
    d->sending--;
    pith_buf_free(&j->json);
    if (rc != 0 && rc != PITH_EDUP) {
        if (j->result == RES_STAGED)
            pith_spool_discard(j->gen->spool, &j->item);
        j->result = RES_RETRY; /* the input stays; dispatch pauses and retries */
        j->rc = pith_err_set(&j->err, PITH_EAGAIN, "redis: %s", reason ? reason : "not reachable");
    } else if (j->result == RES_SEND) {
        j->result = rc ? RES_DUP : RES_OK;
        j->rc = rc;
        if (rc)
            pith_err_set(&j->err, PITH_EDUP, "already in the output stream");
    }
    if (j->kind == J_FILE && (j->result == RES_OK || j->result == RES_DUP)) {
        j->finish_only = 1; /* the input goes only now, on the pool */
        daemon_queue_job(d, j);
    } else {
        job_staged_or_done(d, j);
    }
    daemon_dispatch(d);
    daemon_maybe_finish(d);
}

static void send_to_redis(pith_daemon_t *d, job_t *j)
{
    d->sending++;
    producer_slot_t *p = d->sink;
    if (!p || p->ops->deliver(p->ctx, j->id, j->json.data, j->json.len, redis_sent, j) != 0)
        redis_sent(j, PITH_EAGAIN, "not connected");
}

static void after_work_cb(uv_work_t *req, int status)
{
    job_t *j = req->data;
    pith_daemon_t *d = j->d;
    if (j->finish_only) {
        d->side_jobs--;
        daemon_job_done(d, j);
        daemon_dispatch(d);
        daemon_maybe_finish(d);
        return;
    }
    if (j->kind == J_DISPOSE) {
        d->side_jobs--;
        daemon_set_del(&d->known, j->name);
        if (j->result == RES_FAIL && !j->counted) {
            /* A producer's input (a .url file) that went to .failed/: a
             * failed input like any other, in the summary and the metrics,
             * unless its failures were its documents, each counted already
             * (a page that fetched but did not clean). */
            d->n_failed++;
            pith_metric_add(d->m_failed, 1);
        }
        if (j->given_rc == PITH_EAGAIN)
            d->rescan_owed = 1;
        daemon_job_free(j);
        daemon_dispatch(d);
        daemon_maybe_finish(d);
        return;
    }
    d->inflight--;
    if (j->json.len && (j->result == RES_STAGED || j->result == RES_DUP || j->result == RES_SEND))
        send_to_redis(d, j);
    else
        job_staged_or_done(d, j);
    daemon_dispatch(d);
    daemon_maybe_finish(d);
}

/* A job's end on the loop: counts, logs, the producer's callback, and the
 * input name forgotten. Frees j. */
void daemon_job_done(pith_daemon_t *d, job_t *j)
{
    char shown[512];
    if (j->name)
        daemon_set_del(&d->known, j->name);
    if (j->replaced)
        d->rescan_owed = 1;
    const char *what = j->name     ? pith_log_name(j->name, shown, sizeof shown)
                       : j->url    ? j->url
                       : j->source ? pith_log_name(j->source, shown, sizeof shown)
                                   : "(submitted)";
    switch (j->result) {
    case RES_OK:
        d->n_ok++;
        pith_metric_add(d->m_ok, 1);
        pith_metric_set(d->m_last_ok, (double)time(NULL));
        d->backoff_ms = BACKOFF_MIN_MS;
        pith_log(LOG_INFO, "delivered %s from %s", j->id, what);
        break;
    case RES_DUP:
        d->n_dup++;
        pith_metric_add(d->m_dup, 1);
        d->backoff_ms = BACKOFF_MIN_MS;
        pith_log(LOG_INFO, "duplicate %s from %s", j->id, what);
        break;
    case RES_FAIL:
        d->n_failed++;
        pith_metric_add(d->m_failed, 1);
        pith_log(LOG_WARNING, "failed %s: %s", what,
                 j->err.reason[0] ? j->err.reason : pith_err_name(j->rc));
        break;
    case RES_RETRY:
        pith_metric_add(d->m_retries, 1);
        pith_log(LOG_WARNING, "cannot deliver %s: %s", what, j->err.reason);
        d->paused = 1; /* dispatch arms the backoff timer */
        break;
    case RES_GONE:
    case RES_STAGED:
    case RES_SEND:
        break;
    }
    if (j->result != RES_GONE) {
        pith_metric_add(d->m_bytes_in, (double)j->bytes_in);
        if (j->result == RES_OK)
            pith_metric_add(d->m_bytes_out, (double)j->bytes_out);
        pith_metric_observe(d->m_hist, (double)j->ns / 1e9);
    }
    if (j->kind == J_BYTES && j->cb)
        j->cb(j->cb_arg, j->result == RES_RETRY ? PITH_EAGAIN : j->rc, j->id[0] ? j->id : NULL,
              &j->err);
    daemon_job_free(j);
}

/* ---- dispatch ------------------------------------------------------------------ */

void daemon_queue_job(pith_daemon_t *d, job_t *j)
{
    j->req.data = j;
    int side = j->kind == J_DISPOSE || j->finish_only;
    if (side)
        d->side_jobs++;
    else
        d->inflight++;
    if (uv_queue_work(&d->loop, &j->req, work_cb, after_work_cb) != 0) {
        pith_log(LOG_ERR, "cannot queue work");
        if (side)
            d->side_jobs--;
        else
            d->inflight--;
        if (j->name)
            daemon_set_del(&d->known, j->name);
        daemon_job_free(j);
    }
}

job_t *daemon_job_new(pith_daemon_t *d, jobkind_t kind)
{
    job_t *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->d = d;
    j->kind = kind;
    j->gen = daemon_gen_ref(d->gen);
    j->dirfd = -1;
    j->item.fd = -1;
    return j;
}

static int claimed_by_producer(pith_daemon_t *d, const char *name)
{
    for (size_t i = 0; i < d->nproducers; i++) {
        producer_slot_t *p = &d->producers[i];
        if (p->ops->claim && p->ops->claim(p->ctx, name))
            return 1;
    }
    return 0;
}

void daemon_dispatch(pith_daemon_t *d)
{
    if (d->stopping)
        return;
    if (d->paused) {
        if (!uv_is_active((uv_handle_t *)&d->t_backoff)) {
            pith_log(LOG_WARNING, "pausing for %llu ms before retrying the spool",
                     (unsigned long long)d->backoff_ms);
            PITH_UV_MUST(uv_timer_start(&d->t_backoff, daemon_backoff_cb, d->backoff_ms, 0));
        }
        return;
    }
    if (d->ino_held && d->pn <= PENDING_MAX / 2)
        daemon_ino_take(d);
    unsigned limit = cfg_of(d)->workers ? cfg_of(d)->workers : 1;
    /* Staged documents wait for the commit (or the Redis XADD); while too
     * many do, no new work. */
    if (d->staged.n + d->sending >= STAGED_MAX)
        limit = 0;
    while (d->inflight < limit && !PITH_QUEUE_EMPTY(&d->submit)) {
        job_t *j;
        PITH_QUEUE_POP(&d->submit, j, next);
        daemon_queue_job(d, j);
    }
    while (d->inflight < limit && d->pn && d->dropfd >= 0) {
        char *name = d->pending[d->phead];
        d->phead = (d->phead + 1) % PENDING_MAX;
        d->pn--;
        if (claimed_by_producer(d, name)) {
            free(name); /* stays in `known` until pith_daemon_input_done */
            continue;
        }
        job_t *j = daemon_job_new(d, J_FILE);
        if (j)
            j->dirfd = fcntl(d->dropfd, F_DUPFD_CLOEXEC, 0);
        if (!j || j->dirfd < 0) {
            if (j)
                daemon_job_free(j);
            daemon_set_del(&d->known, name);
            free(name);
            d->rescan_owed = 1;
            break;
        }
        j->name = name;
        daemon_queue_job(d, j);
    }
    pith_metric_set(d->m_queue, (double)(d->pn + d->submit.n));
    pith_metric_set(d->m_inflight, (double)d->inflight);
    /* Feed the queue from the scan in progress, or start the rescan owed. */
    if (d->scanning && !d->scan_busy && d->pn < PENDING_LOW)
        daemon_start_scan(d);
    else if (!d->scanning && d->rescan_owed && d->pn < PENDING_LOW)
        daemon_start_scan(d);
}

/* Adds a name to the pending FIFO unless it is known. 0, PITH_EAGAIN when
 * the FIFO is full or PITH_ENOMEM: either way the name waits for a rescan. */
int daemon_enqueue(pith_daemon_t *d, const char *name)
{
    if (daemon_set_has(&d->known, name))
        return 0;
    if (d->pn >= PENDING_MAX)
        return PITH_EAGAIN;
    char *copy = strdup(name);
    if (!copy || daemon_set_add(&d->known, name) != 0) {
        free(copy);
        return PITH_ENOMEM;
    }
    d->pending[(d->phead + d->pn) % PENDING_MAX] = copy;
    d->pn++;
    return 0;
}
