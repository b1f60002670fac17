/* Group commit: many staged documents made durable by one sync.
 *
 * One commit job at a time takes whatever was staged while the previous one
 * ran: one filesystem sync of the staged files, the renames into new/, one
 * sync of new/, the ids recorded in one state transaction, and only then the
 * inputs deleted or moved. Two fsyncs per batch instead of two per document:
 * batches grow by themselves when work arrives faster than a commit takes,
 * and a lone file is committed at once. It is a file of its own because it
 * is the one place where durability is decided, and should read as such. */
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

/* ---- group commit ---------------------------------------------------------------- */

static void commit_work_cb(uv_work_t *req)
{
    commit_t *c = req->data;
    uint64_t t0 = now_ns();
    gen_t *g = c->batch.head->gen;
    size_t n = 0, k = 0;
    for (job_t *j = c->batch.head; j; j = j->next)
        c->items[n++] = &j->item;
    pith_spool_commit(g->spool, c->items, n);
    for (job_t *j = c->batch.head; j; j = j->next)
        if (j->item.rc == 0 || j->item.rc == PITH_EDUP) {
            c->ids[k] = j->id;
            c->sources[k++] = j->kind == J_FILE ? j->name : j->url ? j->url : j->source;
        }
    pith_err_t serr = {0};
    if (k && pith_state_add_ids(g->state, c->ids, c->sources, k, &serr) != 0)
        pith_log(LOG_WARNING, "state: %s", serr.reason);
    /* Only now, with the documents durable, the inputs go. */
    for (job_t *j = c->batch.head; j; j = j->next) {
        j->rc = j->item.rc;
        if (j->rc == 0 || j->rc == PITH_EDUP) {
            j->result = j->rc ? RES_DUP : RES_OK;
            if (j->kind == J_FILE)
                daemon_finish_input(j, &j->st);
        } else {
            j->result = RES_RETRY; /* the spool, not the input, is at fault */
        }
        if (j->rc)
            j->err = j->item.err;
    }
    c->ns = now_ns() - t0;
}

static void commit_after_cb(uv_work_t *req, int status)
{
    commit_t *c = req->data;
    pith_daemon_t *d = c->d;
    d->committing = 0;
    pith_metric_observe(d->m_batch, (double)c->batch.n);
    while (!PITH_QUEUE_EMPTY(&c->batch)) {
        job_t *j;
        PITH_QUEUE_POP(&c->batch, j, next);
        j->ns += c->ns; /* processing time: its own work plus its commit */
        daemon_job_done(d, j);
    }
    daemon_start_commit(d);
    daemon_dispatch(d);
    daemon_maybe_finish(d);
}

/* Starts a commit of what is staged, unless one is running (its end starts
 * the next, so batches grow while a commit takes its time). Runs while
 * stopping too: staged work is drained, not abandoned. */
void daemon_start_commit(pith_daemon_t *d)
{
    commit_t *c = &d->commit;
    if (d->committing || PITH_QUEUE_EMPTY(&d->staged))
        return;
    gen_t *g = d->staged.head->gen;
    /* One spool per commit: a reload may have staged later jobs elsewhere. */
    while (!PITH_QUEUE_EMPTY(&d->staged) && d->staged.head->gen == g && c->batch.n < COMMIT_MAX) {
        job_t *j;
        PITH_QUEUE_POP(&d->staged, j, next);
        PITH_QUEUE_PUSH(&c->batch, j, next);
    }
    c->d = d;
    c->req.data = c;
    d->committing = 1;
    if (uv_queue_work(&d->loop, &c->req, commit_work_cb, commit_after_cb) != 0) {
        pith_log(LOG_ERR, "cannot queue work");
        d->committing = 0;
        while (!PITH_QUEUE_EMPTY(&c->batch)) {
            job_t *j;
            PITH_QUEUE_POP(&c->batch, j, next);
            pith_spool_discard(g->spool, &j->item);
            j->result = RES_RETRY;
            j->rc = pith_err_set(&j->err, PITH_EAGAIN, "cannot queue the commit");
            daemon_job_done(d, j);
        }
    }
}
