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
 * that a reload can swap in a new one while jobs finish on the old. */
#include "daemon.h"

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
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>
#include <xxhash.h>

#include "fileio.h"
#include "log.h"
#include "redis_stream.h"
#include "render.h"
#include "sources.h"
#include "spool.h"

#define PENDING_MAX 1024   /* names waiting in memory */
#define PENDING_LOW 256    /* ask the scan for more below this */
#define SCAN_BATCH 256     /* names per scan step */
#define SCAN_LOOK_MAX 4096 /* directory entries looked at per scan step */
#define SETTLE_MS 2000     /* a scanned file modified this recently may be still written */
#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS 30000
#define DROP_RETRY_MS 2000
#define SET_BUCKETS 4096
#define PRODUCERS_MAX 4
#define STAGED_MAX 512 /* staged documents waiting for a commit (names only) */
#define COMMIT_MAX 512 /* documents per commit */

/* ---- generation: config + spool + state ----------------------------------- */

typedef struct gen {
    atomic_int refs;
    pith_config_t *cfg;
    pith_spool_t *spool;
    pith_state_t *state;
} gen_t;

static void gen_unref(gen_t *g)
{
    if (!g || atomic_fetch_sub(&g->refs, 1) != 1)
        return;
    pith_state_close(g->state);
    pith_spool_close(g->spool);
    pith_config_destroy(g->cfg);
    free(g);
}

static gen_t *gen_ref(gen_t *g)
{
    atomic_fetch_add(&g->refs, 1);
    return g;
}

/* Takes cfg. Returns NULL with err set when the spool or state won't open. */
static gen_t *gen_create(pith_config_t *cfg, pith_err_t *err)
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
        gen_unref(g);
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
        gen_unref(g);
        return NULL;
    }
    return g;
}

/* ---- a set of names --------------------------------------------------------- */

typedef struct entry {
    struct entry *next;
    char name[];
} entry_t;

typedef struct nameset {
    entry_t *b[SET_BUCKETS];
    size_t n;
} nameset_t;

static size_t hash_name(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h % SET_BUCKETS;
}

static int set_has(nameset_t *s, const char *name)
{
    for (entry_t *e = s->b[hash_name(name)]; e; e = e->next)
        if (!strcmp(e->name, name))
            return 1;
    return 0;
}

static int set_add(nameset_t *s, const char *name)
{
    size_t n = strlen(name);
    entry_t *e = malloc(sizeof *e + n + 1);
    if (!e)
        return -1;
    memcpy(e->name, name, n + 1);
    size_t h = hash_name(name);
    e->next = s->b[h];
    s->b[h] = e;
    s->n++;
    return 0;
}

static void set_del(nameset_t *s, const char *name)
{
    for (entry_t **p = &s->b[hash_name(name)]; *p; p = &(*p)->next)
        if (!strcmp((*p)->name, name)) {
            entry_t *e = *p;
            *p = e->next;
            free(e);
            s->n--;
            return;
        }
}

static void set_clear(nameset_t *s)
{
    for (size_t i = 0; i < SET_BUCKETS; i++)
        while (s->b[i]) {
            entry_t *e = s->b[i];
            s->b[i] = e->next;
            free(e);
        }
    s->n = 0;
}

/* ---- the daemon -------------------------------------------------------------- */

/* RES_SEND: rendered for deliver = redis, waiting for the XADD. */
typedef enum { RES_OK, RES_DUP, RES_FAIL, RES_GONE, RES_RETRY, RES_STAGED, RES_SEND } result_t;
typedef enum { J_FILE, J_BYTES, J_DISPOSE } jobkind_t;

typedef struct job {
    uv_work_t req;
    struct job *next; /* in the submit queue */
    pith_daemon_t *d;
    gen_t *gen;
    jobkind_t kind;
    int dirfd;  /* dup of the drop folder, or -1 */
    char *name; /* drop file name (J_FILE, J_DISPOSE) */
    /* J_BYTES */
    pith_buf_t body;
    char *url, *charset, *fetched, *source;
    pith_type_t type;
    pith_submit_cb cb;
    void *cb_arg;
    /* J_DISPOSE: the producer's verdict */
    int given_rc;
    /* results */
    result_t result;
    int rc;
    pith_err_t err;
    char id[17];
    size_t bytes_in, bytes_out;
    uint64_t ns;
    int replaced;
    /* RES_STAGED: the document in tmp/ and the input as it was read */
    pith_spool_item_t item;
    struct stat st;
    /* deliver = redis or both: the JSON document for the output stream,
     * sent from the loop before the spool commit and before the input goes */
    pith_buf_t json;
    int finish_only; /* queued again only to delete or move its input */
} job_t;

/* The commit in progress: a batch of staged jobs of one generation. */
typedef struct commit {
    uv_work_t req;
    pith_daemon_t *d;
    job_t *head;
    size_t n;
    uint64_t ns;
    pith_spool_item_t *items[COMMIT_MAX];
    const char *ids[COMMIT_MAX], *sources[COMMIT_MAX];
} commit_t;

typedef struct scan {
    uv_work_t req;
    pith_daemon_t *d;
    char *names[SCAN_BATCH];
    size_t n;
    int dirfd; /* a dup of the drop folder for a scan's first step */
    int eof, error, recent;
} scan_t;

typedef struct producer_slot {
    const pith_producer_t *ops;
    void *ctx;
} producer_slot_t;

struct pith_daemon {
    uv_loop_t loop;
    gen_t *gen;
    char *config_path;

    /* drop folder */
    int dropfd;          /* O_DIRECTORY fd, -1 while missing */
    int inofd;           /* inotify */
    int wd;              /* watch descriptor, -1 while missing */
    int pwd;             /* watch on its parent, for its own name; -1 without */
    char drop_base[256]; /* the drop folder's last path component */
    dev_t drop_dev;      /* the folder held, to compare with the path */
    ino_t drop_ino;
    uv_poll_t ino_poll;
    int ino_polling;
    int ino_held;          /* polling stopped while the FIFO is full */
    size_t ev_off, ev_len; /* events read, not yet taken */
    char ev_buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    DIR *scan_dir; /* the directory stream of the scan in progress */

    /* queue */
    char *pending[PENDING_MAX];
    size_t phead, pn;
    nameset_t known; /* pending + in flight + claimed */
    job_t *submit_head, *submit_tail;
    size_t nsubmit;
    unsigned inflight;                /* cleaning jobs on the pool */
    unsigned side_jobs;               /* dispositions, metrics writes */
    unsigned sending;                 /* documents waiting for the Redis XADD */
    void *redis;                      /* the Redis producer's context */
    job_t *staged_head, *staged_tail; /* staged, waiting for a commit */
    size_t nstaged;
    int committing;
    commit_t commit;
    int scanning, scan_busy, rescan_owed;
    int scan_stale; /* the step in progress reads a folder since replaced */
    scan_t scan;

    /* state of the loop */
    int stopping, paused, drop_missing, finished;
    uint64_t backoff_ms;
    uv_signal_t sig_term, sig_int, sig_hup;
    uv_timer_t t_rescan, t_settle, t_backoff, t_drop, t_metrics, t_status, t_watchdog, t_stop;
    uint64_t watchdog_usec;
    int metrics_busy;
    pith_buf_t metrics_text;
    char status_last[256];

    /* counters */
    pith_metrics_t *metrics;
    pith_metric_t *m_ok, *m_dup, *m_failed, *m_bytes_in, *m_bytes_out, *m_queue, *m_inflight,
        *m_hist, *m_last_ok, *m_overflows, *m_rescans, *m_retries, *m_reloads, *m_batch;
    unsigned long n_ok, n_dup, n_failed;

    producer_slot_t producers[PRODUCERS_MAX];
    size_t nproducers;
};

static void dispatch(pith_daemon_t *d);
static void ino_take(pith_daemon_t *d);
static void ino_cb(uv_poll_t *h, int status, int events);
static void start_scan(pith_daemon_t *d);
static void maybe_finish(pith_daemon_t *d);
static void start_commit(pith_daemon_t *d);
static void job_done(pith_daemon_t *d, job_t *j);

static const pith_config_t *cfg_of(pith_daemon_t *d)
{
    return d->gen->cfg;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int ignored_name(const char *n)
{
    size_t len = strlen(n);
    if (!len || n[0] == '.' || n[len - 1] == '~')
        return 1;
    if (len >= 4 && !strcmp(n + len - 4, ".tmp"))
        return 1;
    if (len >= 5 && !strcmp(n + len - 5, ".part"))
        return 1;
    return 0;
}

/* ---- work on the pool: one drop file ------------------------------------------ */

/* A name in .done/ or .failed/ leaves room for a ".NNN" counter and the
 * ".error" note beside it within NAME_MAX (255): longer input names are
 * shortened, or the move (ENAMETOOLONG) would fail and the input be cleaned
 * again at every rescan. */
#define ASIDE_BASE_MAX (255 - 4 - 6)
#define ASIDE_EXT_MAX 16

/* Writes into base the name an input takes aside: its own when short
 * enough, else a prefix (cut on a UTF-8 boundary), "~", 16 hex digits of a
 * hash of the whole name (so two long names sharing a prefix stay apart)
 * and its extension when it has a short one. */
static void aside_base(const char *name, char *base, size_t size)
{
    size_t len = strlen(name);
    if (len <= ASIDE_BASE_MAX) {
        snprintf(base, size, "%s", name);
        return;
    }
    const char *dot = strrchr(name, '.');
    size_t ext = dot && dot != name && strlen(dot) <= ASIDE_EXT_MAX ? strlen(dot) : 0;
    size_t keep = ASIDE_BASE_MAX - 1 - 16 - ext;
    while (keep && ((unsigned char)name[keep] & 0xC0) == 0x80)
        keep--; /* not in the middle of a UTF-8 sequence */
    snprintf(base, size, "%.*s~%016llx%s", (int)keep, name,
             (unsigned long long)XXH3_64bits(name, len), ext ? name + len - ext : "");
}

/* Moves name into sub/ (".done" or ".failed") under a name that does not
 * exist there yet; writes sub/<final name> into out. 0 or -1 with errno. */
static int move_aside(int dirfd, const char *name, const char *sub, char *out, size_t size)
{
    char base[ASIDE_BASE_MAX + 1];
    if (mkdirat(dirfd, sub, 0750) != 0 && errno != EEXIST)
        return -1;
    aside_base(name, base, sizeof base);
    for (int i = 0; i < 1000; i++) {
        int n = i ? snprintf(out, size, "%s/%s.%d", sub, base, i)
                  : snprintf(out, size, "%s/%s", sub, base);
        if (n < 0 || (size_t)n >= size) {
            errno = ENAMETOOLONG;
            return -1;
        }
        if (pith_rename_noreplace(dirfd, name, dirfd, out) == 0)
            return 0;
        if (errno != EEXIST)
            return -1;
    }
    errno = EEXIST;
    return -1;
}

static int same_file(int dirfd, const char *name, const struct stat *was)
{
    struct stat now;
    return fstatat(dirfd, name, &now, AT_SYMLINK_NOFOLLOW) == 0 && now.st_ino == was->st_ino &&
           now.st_dev == was->st_dev;
}

/* After a delivery (or duplicate): delete the input or keep it in .done/. */
static void finish_input(job_t *j, const struct stat *st)
{
    if (st && !same_file(j->dirfd, j->name, st)) {
        j->replaced = 1; /* replaced while we worked: the new file is new work */
        return;
    }
    char to[4096];
    if (j->gen->cfg->keep_input) {
        if (move_aside(j->dirfd, j->name, ".done", to, sizeof to) != 0)
            pith_log(LOG_WARNING, "cannot move input to .done/: %s", strerror(errno));
    } else if (unlinkat(j->dirfd, j->name, 0) != 0 && errno != ENOENT) {
        pith_log(LOG_WARNING, "cannot delete input: %s", strerror(errno));
    }
}

/* After a failure: move the input to .failed/ with a note of the reason.
 * 0 when moved, -1 when not (gone, or the move failed). */
static int quarantine(job_t *j, const char *reason)
{
    char to[4096], note[4200];
    if (move_aside(j->dirfd, j->name, ".failed", to, sizeof to) != 0) {
        if (errno != ENOENT)
            pith_log(LOG_ERR, "cannot move input to .failed/: %s", strerror(errno));
        return -1;
    }
    snprintf(note, sizeof note, "%s.error", to);
    char text[700];
    int n = snprintf(text, sizeof text, "%s\n", reason);
    int fd = openat(j->dirfd, note, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0640);
    if (fd < 0) {
        pith_log(LOG_WARNING, "cannot write failure note: %s", strerror(errno));
        return 0;
    }
    if (pith_write_all(fd, text, (size_t)n) != 0)
        pith_log(LOG_WARNING, "cannot write failure note: %s", strerror(errno));
    close(fd);
    return 0;
}

/* Extracts, renders and stages data in the spool. Sets j->result (RES_STAGED
 * when the document waits in tmp/ for the commit), rc, err, id. */
static void clean_and_stage(job_t *j, const uint8_t *data, size_t len, const pith_hints_t *hints)
{
    pith_doc_t *doc = NULL;
    pith_buf_t out = {0};
    const pith_config_t *cfg = j->gen->cfg;
    /* Links' addresses are noted only where they are written. */
    pith_hints_t h = *hints;
    h.links = cfg->links && cfg->format == PITH_FORMAT_MARKDOWN;
    int rc = pith_extract(data, len, &h, &doc, &j->err);
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
    int known = pith_state_has_id(j->gen->state, doc->id);
    if (known == 1) {
        rc = pith_err_set(&j->err, PITH_EDUP, "already delivered (state)");
        j->result = RES_DUP;
        goto done;
    }
    rc = pith_spool_stage(j->gen->spool, doc->id, pith_render_ext((pith_format_t)cfg->format), out.data,
                          out.len, &j->item, &j->err);
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
        clean_and_stage(j, (const uint8_t *)data.data, data.len, &hints);
    }
    pith_buf_free(&data);
    j->st = st; /* the commit (or the finish after a Redis XADD) checks it */
    if ((j->result == RES_OK || j->result == RES_DUP) && !j->json.len)
        finish_input(j, &st);
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
        finish_input(j, &j->st);
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
        clean_and_stage(j, (const uint8_t *)(j->body.data ? j->body.data : ""), j->body.len,
                        &hints);
        pith_buf_free(&j->body);
        break;
    }
    case J_DISPOSE:
        j->result = RES_GONE;
        if (j->given_rc == 0 || j->given_rc == PITH_EDUP)
            finish_input(j, NULL);
        else if (j->given_rc != PITH_EAGAIN && quarantine(j, j->err.reason) == 0)
            j->result = RES_FAIL;
        break;
    }
    j->ns = now_ns() - t0;
}

static void job_free(job_t *j)
{
    if (j->dirfd >= 0)
        close(j->dirfd);
    gen_unref(j->gen);
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
        j->next = NULL;
        if (d->staged_tail)
            d->staged_tail->next = j;
        else
            d->staged_head = j;
        d->staged_tail = j;
        d->nstaged++;
        start_commit(d);
    } else {
        job_done(d, j);
    }
}

static void queue_job(pith_daemon_t *d, job_t *j);

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
        queue_job(d, j);
    } else {
        job_staged_or_done(d, j);
    }
    dispatch(d);
    maybe_finish(d);
}

static void send_to_redis(pith_daemon_t *d, job_t *j)
{
    d->sending++;
    if (pith_redis_deliver(d->redis, j->id, j->json.data, j->json.len, redis_sent, j) != 0)
        redis_sent(j, PITH_EAGAIN, "not connected");
}

static void after_work_cb(uv_work_t *req, int status)
{
    job_t *j = req->data;
    pith_daemon_t *d = j->d;
    if (j->finish_only) {
        d->side_jobs--;
        job_done(d, j);
        dispatch(d);
        maybe_finish(d);
        return;
    }
    if (j->kind == J_DISPOSE) {
        d->side_jobs--;
        set_del(&d->known, j->name);
        if (j->result == RES_FAIL) {
            /* A producer's input (a .url file) that went to .failed/: a
             * failed input like any other, in the summary and the metrics. */
            d->n_failed++;
            pith_metric_add(d->m_failed, 1);
        }
        if (j->given_rc == PITH_EAGAIN)
            d->rescan_owed = 1;
        job_free(j);
        dispatch(d);
        maybe_finish(d);
        return;
    }
    d->inflight--;
    if (j->json.len && (j->result == RES_STAGED || j->result == RES_DUP || j->result == RES_SEND))
        send_to_redis(d, j);
    else
        job_staged_or_done(d, j);
    dispatch(d);
    maybe_finish(d);
}

/* A job's end on the loop: counts, logs, the producer's callback, and the
 * input name forgotten. Frees j. */
static void job_done(pith_daemon_t *d, job_t *j)
{
    char shown[512];
    if (j->name)
        set_del(&d->known, j->name);
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
    job_free(j);
}

/* ---- group commit ---------------------------------------------------------------- */

static void commit_work_cb(uv_work_t *req)
{
    commit_t *c = req->data;
    uint64_t t0 = now_ns();
    gen_t *g = c->head->gen;
    size_t n = 0, k = 0;
    for (job_t *j = c->head; j; j = j->next)
        c->items[n++] = &j->item;
    pith_spool_commit(g->spool, c->items, n);
    for (job_t *j = c->head; j; j = j->next)
        if (j->item.rc == 0 || j->item.rc == PITH_EDUP) {
            c->ids[k] = j->id;
            c->sources[k++] = j->kind == J_FILE ? j->name : j->url ? j->url : j->source;
        }
    pith_err_t serr = {0};
    if (k && pith_state_add_ids(g->state, c->ids, c->sources, k, &serr) != 0)
        pith_log(LOG_WARNING, "state: %s", serr.reason);
    /* Only now, with the documents durable, the inputs go. */
    for (job_t *j = c->head; j; j = j->next) {
        j->rc = j->item.rc;
        if (j->rc == 0 || j->rc == PITH_EDUP) {
            j->result = j->rc ? RES_DUP : RES_OK;
            if (j->kind == J_FILE)
                finish_input(j, &j->st);
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
    pith_metric_observe(d->m_batch, (double)c->n);
    while (c->head) {
        job_t *j = c->head;
        c->head = j->next;
        j->ns += c->ns; /* processing time: its own work plus its commit */
        job_done(d, j);
    }
    c->n = 0;
    start_commit(d);
    dispatch(d);
    maybe_finish(d);
}

/* Starts a commit of what is staged, unless one is running (its end starts
 * the next, so batches grow while a commit takes its time). Runs while
 * stopping too: staged work is drained, not abandoned. */
static void start_commit(pith_daemon_t *d)
{
    commit_t *c = &d->commit;
    if (d->committing || !d->staged_head)
        return;
    gen_t *g = d->staged_head->gen;
    job_t **tail = &c->head;
    c->n = 0;
    /* One spool per commit: a reload may have staged later jobs elsewhere. */
    while (d->staged_head && d->staged_head->gen == g && c->n < COMMIT_MAX) {
        job_t *j = d->staged_head;
        d->staged_head = j->next;
        d->nstaged--;
        j->next = NULL;
        *tail = j;
        tail = &j->next;
        c->n++;
    }
    if (!d->staged_head)
        d->staged_tail = NULL;
    c->d = d;
    c->req.data = c;
    d->committing = 1;
    if (uv_queue_work(&d->loop, &c->req, commit_work_cb, commit_after_cb) != 0) {
        pith_log(LOG_ERR, "cannot queue work");
        d->committing = 0;
        while (c->head) {
            job_t *j = c->head;
            c->head = j->next;
            pith_spool_discard(g->spool, &j->item);
            j->result = RES_RETRY;
            j->rc = pith_err_set(&j->err, PITH_EAGAIN, "cannot queue the commit");
            job_done(d, j);
        }
    }
}

/* ---- dispatch ------------------------------------------------------------------ */

static void backoff_cb(uv_timer_t *t);

static void queue_job(pith_daemon_t *d, job_t *j)
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
            set_del(&d->known, j->name);
        job_free(j);
    }
}

static job_t *job_new(pith_daemon_t *d, jobkind_t kind)
{
    job_t *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->d = d;
    j->kind = kind;
    j->gen = gen_ref(d->gen);
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

static void dispatch(pith_daemon_t *d)
{
    if (d->stopping)
        return;
    if (d->paused) {
        if (!uv_is_active((uv_handle_t *)&d->t_backoff)) {
            pith_log(LOG_WARNING, "pausing for %llu ms before retrying the spool",
                     (unsigned long long)d->backoff_ms);
            uv_timer_start(&d->t_backoff, backoff_cb, d->backoff_ms, 0);
        }
        return;
    }
    if (d->ino_held && d->pn <= PENDING_MAX / 2)
        ino_take(d);
    unsigned limit = cfg_of(d)->workers ? cfg_of(d)->workers : 1;
    /* Staged documents wait for the commit (or the Redis XADD); while too
     * many do, no new work. */
    if (d->nstaged + d->sending >= STAGED_MAX)
        limit = 0;
    while (d->inflight < limit && d->submit_head) {
        job_t *j = d->submit_head;
        d->submit_head = j->next;
        if (!d->submit_head)
            d->submit_tail = NULL;
        d->nsubmit--;
        j->next = NULL;
        queue_job(d, j);
    }
    while (d->inflight < limit && d->pn && d->dropfd >= 0) {
        char *name = d->pending[d->phead];
        d->phead = (d->phead + 1) % PENDING_MAX;
        d->pn--;
        if (claimed_by_producer(d, name)) {
            free(name); /* stays in `known` until pith_daemon_input_done */
            continue;
        }
        job_t *j = job_new(d, J_FILE);
        if (j)
            j->dirfd = fcntl(d->dropfd, F_DUPFD_CLOEXEC, 0);
        if (!j || j->dirfd < 0) {
            if (j)
                job_free(j);
            set_del(&d->known, name);
            free(name);
            d->rescan_owed = 1;
            break;
        }
        j->name = name;
        queue_job(d, j);
    }
    pith_metric_set(d->m_queue, (double)(d->pn + d->nsubmit));
    pith_metric_set(d->m_inflight, (double)d->inflight);
    /* Feed the queue from the scan in progress, or start the rescan owed. */
    if (d->scanning && !d->scan_busy && d->pn < PENDING_LOW)
        start_scan(d);
    else if (!d->scanning && d->rescan_owed && d->pn < PENDING_LOW)
        start_scan(d);
}

/* Adds a name to the pending FIFO unless it is known. 0, or -1 when full. */
static int enqueue(pith_daemon_t *d, const char *name)
{
    if (set_has(&d->known, name))
        return 0;
    if (d->pn >= PENDING_MAX)
        return -1;
    char *copy = strdup(name);
    if (!copy || set_add(&d->known, name) != 0) {
        free(copy);
        return -1;
    }
    d->pending[(d->phead + d->pn) % PENDING_MAX] = copy;
    d->pn++;
    return 0;
}

/* ---- scanning (pool) ----------------------------------------------------------- */

static void scan_work_cb(uv_work_t *req)
{
    scan_t *s = req->data;
    pith_daemon_t *d = s->d;
    s->n = 0;
    s->eof = 0;
    s->error = 0;
    if (!d->scan_dir) {
        int fd = openat(s->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        close(s->dirfd);
        s->dirfd = -1;
        if (fd < 0 || !(d->scan_dir = fdopendir(fd))) {
            s->error = errno;
            if (fd >= 0)
                close(fd);
            s->eof = 1;
            return;
        }
    }
    int dfd = dirfd(d->scan_dir);
    struct timespec nowts;
    clock_gettime(CLOCK_REALTIME, &nowts);
    for (int looked = 0; s->n < SCAN_BATCH && looked < SCAN_LOOK_MAX; looked++) {
        errno = 0;
        struct dirent *e = readdir(d->scan_dir);
        if (!e) {
            s->error = errno;
            s->eof = 1;
            break;
        }
        if (ignored_name(e->d_name) || e->d_type == DT_DIR)
            continue;
        if (e->d_type == DT_REG || e->d_type == DT_UNKNOWN) {
            struct stat st;
            if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(st.st_mode))
                continue;
            int64_t age_ms = ((int64_t)nowts.tv_sec - st.st_mtim.tv_sec) * 1000 +
                             ((int64_t)nowts.tv_nsec - st.st_mtim.tv_nsec) / 1000000;
            if (S_ISREG(st.st_mode) && age_ms < SETTLE_MS) {
                s->recent++; /* may still be being written: a later look */
                continue;
            }
        }
        if (!(s->names[s->n] = strdup(e->d_name)))
            break;
        s->n++;
    }
}

static void drop_lost(pith_daemon_t *d, const char *why);
static int drop_check(pith_daemon_t *d);
static void want_rescan(pith_daemon_t *d);

static void settle_cb(uv_timer_t *t)
{
    want_rescan(t->data);
}

static void scan_after_cb(uv_work_t *req, int status)
{
    scan_t *s = req->data;
    pith_daemon_t *d = s->d;
    d->scan_busy = 0;
    d->side_jobs--;
    if (d->scan_stale) {
        /* The folder was replaced or lost meanwhile: names from the old one
         * are not this folder's; the rescan owed reads the new one. */
        d->scan_stale = 0;
        s->eof = 1;
        s->error = 0;
        s->recent = 0;
        for (size_t i = 0; i < s->n; i++)
            free(s->names[i]);
        s->n = 0;
    }
    for (size_t i = 0; i < s->n; i++) {
        if (!d->stopping && enqueue(d, s->names[i]) != 0)
            d->rescan_owed = 1;
        free(s->names[i]);
    }
    s->n = 0;
    if (s->eof) {
        if (d->scan_dir)
            closedir(d->scan_dir);
        d->scan_dir = NULL;
        d->scanning = 0;
        if (s->error) {
            char msg[128];
            snprintf(msg, sizeof msg, "cannot read the drop folder: %s", strerror(s->error));
            drop_lost(d, msg);
        } else if (s->recent && !d->stopping) {
            /* Files still settling: look again once they have. */
            uv_timer_start(&d->t_settle, settle_cb, SETTLE_MS + 200, 0);
        }
    }
    dispatch(d);
    maybe_finish(d);
}

static void start_scan(pith_daemon_t *d)
{
    if (d->stopping || d->dropfd < 0)
        return;
    if (d->scan_busy)
        return;
    if (!d->scanning) {
        if (!drop_check(d) || d->scan_busy || d->scanning)
            return;
        d->scanning = 1;
        d->rescan_owed = 0;
        /* Counted over the whole scan, not one step: a young file seen in
         * an early step must still arm the settle timer at the end. */
        d->scan.recent = 0;
        pith_metric_add(d->m_rescans, 1);
    }
    d->scan.d = d;
    if (!d->scan_dir) {
        d->scan.dirfd = fcntl(d->dropfd, F_DUPFD_CLOEXEC, 0);
        if (d->scan.dirfd < 0) {
            d->scanning = 0;
            d->rescan_owed = 1;
            return;
        }
    }
    d->scan.req.data = &d->scan;
    d->scan_busy = 1;
    d->side_jobs++;
    if (uv_queue_work(&d->loop, &d->scan.req, scan_work_cb, scan_after_cb) != 0) {
        d->scan_busy = 0;
        d->side_jobs--;
        d->scanning = 0;
        d->rescan_owed = 1;
    }
}

/* A full rescan is wanted (start, reload, overflow, timer, backoff). */
static void want_rescan(pith_daemon_t *d)
{
    d->rescan_owed = 1;
    dispatch(d);
}

/* ---- inotify -------------------------------------------------------------------- */

/* The drop folder is held by a descriptor (scans and jobs work relative to
 * it) and watched. A folder deleted while held sends nothing on its own
 * watch: its inode lives on until the last descriptor closes, so no
 * IN_DELETE_SELF comes, and a new folder at the same path is another inode
 * that nobody watches. Only the path tells, so the folder's parent is
 * watched for the folder's own name (IN_DELETE, IN_CREATE and renames
 * arrive at once), and the path is compared with the descriptor, by device
 * and inode, at every full rescan (for a parent we may not read). A replaced
 * folder is re-opened and re-watched; a missing one is retried on a timer. */

#define DROP_MASK                                                                                  \
    (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR |       \
     IN_EXCL_UNLINK)

/* Watches the parent of the drop folder for entries named like it. Best
 * effort: without it, the rescan's check still finds a replaced folder. */
static void watch_parent(pith_daemon_t *d)
{
    const char *dir = cfg_of(d)->drop_dir;
    size_t n = strlen(dir), slash;
    while (n > 1 && dir[n - 1] == '/')
        n--;
    for (slash = n; slash && dir[slash - 1] != '/'; slash--)
        ;
    size_t blen = n - slash;
    int wd = -1;
    char parent[4096];
    if (blen && blen < sizeof d->drop_base && slash < sizeof parent &&
        strncmp(dir + slash, ".", blen) && strncmp(dir + slash, "..", blen)) {
        memcpy(d->drop_base, dir + slash, blen);
        d->drop_base[blen] = '\0';
        if (slash)
            snprintf(parent, sizeof parent, "%.*s", (int)(slash > 1 ? slash - 1 : 1), dir);
        else
            snprintf(parent, sizeof parent, ".");
        wd = inotify_add_watch(d->inofd, parent,
                               IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_ONLYDIR);
    }
    if (d->pwd >= 0 && d->pwd != wd)
        inotify_rm_watch(d->inofd, d->pwd);
    d->pwd = wd;
}

static int open_drop(pith_daemon_t *d, pith_err_t *err)
{
    const char *dir = cfg_of(d)->drop_dir;
    int fd = -1, wd = -1;
    struct stat held, now;
    /* The path may change between the open and the watch: both must be of
     * one folder. */
    for (int tries = 0;; tries++) {
        fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            return pith_err_set(err, PITH_EMISSING, "drop folder %s: %s", dir, strerror(errno));
        wd = inotify_add_watch(d->inofd, dir, DROP_MASK);
        if (wd < 0) {
            int e = errno;
            close(fd);
            return pith_err_set(err, PITH_EMISSING, "drop folder %s: cannot watch: %s", dir,
                                strerror(e));
        }
        if (fstat(fd, &held) == 0 && stat(dir, &now) == 0 && held.st_dev == now.st_dev &&
            held.st_ino == now.st_ino)
            break;
        close(fd);
        if (wd != d->wd)
            inotify_rm_watch(d->inofd, wd);
        if (tries == 2)
            return pith_err_set(err, PITH_EMISSING, "drop folder %s: keeps changing", dir);
    }
    if (d->dropfd >= 0)
        close(d->dropfd);
    if (d->wd >= 0 && d->wd != wd)
        inotify_rm_watch(d->inofd, d->wd);
    d->dropfd = fd;
    d->wd = wd;
    d->drop_dev = held.st_dev;
    d->drop_ino = held.st_ino;
    d->drop_missing = 0;
    watch_parent(d);
    return 0;
}

static void status_cb(uv_timer_t *t);

/* Lets go of the folder held: its watch, its descriptor (so a deleted
 * folder's inode can go) and the scan of it; a rescan is owed. */
static void drop_forget(pith_daemon_t *d)
{
    if (d->wd >= 0)
        inotify_rm_watch(d->inofd, d->wd);
    d->wd = -1;
    if (d->dropfd >= 0)
        close(d->dropfd);
    d->dropfd = -1;
    if (d->scan_busy) {
        d->scan_stale = 1; /* its step ends in scan_after_cb */
    } else if (d->scanning) {
        if (d->scan_dir)
            closedir(d->scan_dir);
        d->scan_dir = NULL;
        d->scanning = 0;
    }
    d->rescan_owed = 1;
}

static void drop_retry_cb(uv_timer_t *t);

static void drop_lost(pith_daemon_t *d, const char *why)
{
    if (d->drop_missing)
        return;
    drop_forget(d);
    d->drop_missing = 1;
    pith_log(LOG_ERR, "drop folder %s: %s; retrying every %d ms", cfg_of(d)->drop_dir, why,
             DROP_RETRY_MS);
    if (!d->stopping)
        uv_timer_start(&d->t_drop, drop_retry_cb, DROP_RETRY_MS, DROP_RETRY_MS);
    status_cb(&d->t_status);
}

/* Re-opens a missing folder when it is back: 1 when it is. */
static int drop_back(pith_daemon_t *d)
{
    pith_err_t err = {0};
    if (d->stopping || open_drop(d, &err) != 0)
        return 0;
    uv_timer_stop(&d->t_drop);
    pith_log(LOG_NOTICE, "drop folder %s is back", cfg_of(d)->drop_dir);
    d->rescan_owed = 1;
    status_cb(&d->t_status);
    return 1;
}

static void drop_retry_cb(uv_timer_t *t)
{
    pith_daemon_t *d = t->data;
    if (d->drop_missing && drop_back(d))
        dispatch(d);
}

/* Is the folder at drop_dir still the one held? Re-opens a replaced one
 * (a rescan is then owed), declares a missing one lost. Returns 1 when a
 * current folder is held. The caller dispatches. */
static int drop_check(pith_daemon_t *d)
{
    if (d->stopping)
        return d->dropfd >= 0;
    if (d->drop_missing)
        return drop_back(d);
    const char *dir = cfg_of(d)->drop_dir;
    struct stat st;
    if (stat(dir, &st) == 0 && st.st_dev == d->drop_dev && st.st_ino == d->drop_ino)
        return 1;
    pith_err_t err = {0};
    drop_forget(d);
    if (open_drop(d, &err) == 0) {
        pith_log(LOG_WARNING, "drop folder %s was replaced by a new folder; watching the new one",
                 dir);
        return 1;
    }
    drop_lost(d, "disappeared");
    return 0;
}

/* Back-pressure instead of loss: events are taken from the kernel only while
 * the pending FIFO has room. When it is full, the poll handle stops; the rest
 * of the last read waits in ev_buf (one read at most) and later events in the
 * kernel's own queue (fs.inotify.max_queued_events, 16384 by default), and
 * reading resumes once the FIFO has drained to half. Only when the kernel's
 * queue overflows are names lost, and IN_Q_OVERFLOW owes a rescan. Dropping
 * names here instead would be costly: an event says the file is complete, a
 * rescan can only tell that by the file's age, so every young file of a
 * burst would wait out the settle time. */

/* Handles one event: 0, or -1 when its name needs room in the FIFO (the event
 * is then left for later). */
static int ino_event(pith_daemon_t *d, const struct inotify_event *ev)
{
    if (ev->mask & IN_Q_OVERFLOW) {
        pith_metric_add(d->m_overflows, 1);
        pith_log(LOG_WARNING, "inotify queue overflowed; rescanning the drop folder");
        d->rescan_owed = 1;
        return 0;
    }
    if (ev->wd == d->pwd && d->pwd >= 0) {
        if (ev->mask & IN_IGNORED)
            d->pwd = -1; /* the parent went: the rescan's check remains */
        else if (ev->len && !strcmp(ev->name, d->drop_base))
            drop_check(d);
        return 0;
    }
    if (ev->wd != d->wd || d->wd < 0)
        return 0;
    if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT)) {
        drop_check(d);
        return 0;
    }
    if (!ev->len || (ev->mask & IN_ISDIR) || ignored_name(ev->name) || d->stopping ||
        set_has(&d->known, ev->name))
        return 0;
    if (ev->mask & IN_CREATE) {
        /* A regular file just created is being written: its IN_CLOSE_WRITE
         * follows. A FIFO, symlink, socket or device never sends one, so it
         * is taken now (and quarantined by the job), not at the next rescan. */
        struct stat st;
        if (d->dropfd < 0 || fstatat(d->dropfd, ev->name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
            return 0;
    }
    if (d->pn >= PENDING_MAX)
        return -1;
    if (enqueue(d, ev->name) != 0)
        d->rescan_owed = 1; /* out of memory: the file waits for a rescan */
    return 0;
}

/* Takes events until the kernel has none or the FIFO is full; in the second
 * case stops polling (ino_held). */
static void ino_take(pith_daemon_t *d)
{
    for (int rounds = 0; rounds < 64;) {
        if (d->ev_off >= d->ev_len) {
            ssize_t n = read(d->inofd, d->ev_buf, sizeof d->ev_buf);
            d->ev_off = d->ev_len = 0;
            if (n <= 0)
                break;
            d->ev_len = (size_t)n;
            rounds++;
        }
        while (d->ev_off < d->ev_len) {
            const struct inotify_event *ev = (const void *)(d->ev_buf + d->ev_off);
            if (ino_event(d, ev) != 0) {
                if (!d->ino_held) {
                    d->ino_held = 1;
                    uv_poll_stop(&d->ino_poll);
                }
                return;
            }
            d->ev_off += sizeof *ev + ev->len;
        }
    }
    if (d->ino_held && !d->stopping) {
        d->ino_held = 0;
        uv_poll_start(&d->ino_poll, UV_READABLE, ino_cb);
    }
}

static void ino_cb(uv_poll_t *h, int status, int events)
{
    pith_daemon_t *d = h->data;
    ino_take(d);
    dispatch(d);
}

/* ---- timers, status, metrics ---------------------------------------------------- */

static void rescan_cb(uv_timer_t *t)
{
    want_rescan(t->data);
}

static void backoff_cb(uv_timer_t *t)
{
    pith_daemon_t *d = t->data;
    d->paused = 0;
    d->backoff_ms = d->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : d->backoff_ms * 2;
    want_rescan(d);
}

static void status_cb(uv_timer_t *t)
{
    pith_daemon_t *d = t->data;
    char s[256];
    snprintf(s, sizeof s, "%lu delivered, %lu duplicates, %lu failed; %zu queued, %u in flight%s",
             d->n_ok, d->n_dup, d->n_failed, d->pn + d->nsubmit,
             d->inflight + (unsigned)d->nstaged + (unsigned)(d->committing ? d->commit.n : 0),
             d->paused         ? "; spool not writable, retrying"
             : d->drop_missing ? "; drop folder missing"
                               : "");
    if (strcmp(s, d->status_last)) {
        sd_notifyf(0, "STATUS=%s", s);
        memcpy(d->status_last, s, sizeof s);
    }
}

static void watchdog_cb(uv_timer_t *t)
{
    sd_notify(0, "WATCHDOG=1");
}

typedef struct mwrite {
    uv_work_t req;
    pith_daemon_t *d;
    char *path;
    pith_buf_t text;
    int error;
} mwrite_t;

static int write_metrics_file(const char *path, const pith_buf_t *text)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
        return errno;
    int e = 0;
    if (pith_write_all(fd, text->data, text->len) != 0)
        e = errno;
    if (close(fd) != 0 && !e)
        e = errno;
    if (!e && rename(tmp, path) != 0)
        e = errno;
    if (e)
        unlink(tmp);
    return e;
}

static void metrics_work_cb(uv_work_t *req)
{
    mwrite_t *m = req->data;
    m->error = write_metrics_file(m->path, &m->text);
}

static void metrics_after_cb(uv_work_t *req, int status)
{
    mwrite_t *m = req->data;
    pith_daemon_t *d = m->d;
    d->metrics_busy = 0;
    d->side_jobs--;
    if (m->error)
        pith_log(LOG_WARNING, "metrics file %s: %s", m->path, strerror(m->error));
    free(m->path);
    pith_buf_free(&m->text);
    free(m);
    maybe_finish(d);
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

static void arm_timers(pith_daemon_t *d)
{
    const pith_config_t *c = cfg_of(d);
    uv_timer_start(&d->t_rescan, rescan_cb, c->rescan_interval_ms, c->rescan_interval_ms);
    if (c->metrics_file)
        uv_timer_start(&d->t_metrics, metrics_cb, 0, c->metrics_interval_ms);
    else
        uv_timer_stop(&d->t_metrics);
}

/* ---- stop and reload --------------------------------------------------------------- */

static void close_walk_cb(uv_handle_t *h, void *arg)
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
    if (path && !d->metrics_busy && pith_metrics_render(d->metrics, &text) == 0)
        write_metrics_file(path, &text);
    pith_buf_free(&text);
}

static void maybe_finish(pith_daemon_t *d)
{
    if (!d->stopping || d->finished || d->inflight || d->side_jobs || d->committing ||
        d->staged_head || d->sending || producers_busy(d))
        return;
    d->finished = 1;
    status_cb(&d->t_status);
    final_metrics(d);
    pith_log(LOG_NOTICE, "stopped: %lu delivered, %lu duplicates, %lu failed", d->n_ok, d->n_dup,
             d->n_failed);
    uv_walk(&d->loop, close_walk_cb, NULL);
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
    uv_timer_t *timers[] = {&d->t_rescan, &d->t_settle, &d->t_backoff, &d->t_drop};
    for (size_t i = 0; i < sizeof timers / sizeof *timers; i++)
        uv_timer_stop(timers[i]);
    /* Forget what was only queued: those files wait on disk for the next run. */
    while (d->pn) {
        char *name = d->pending[d->phead];
        d->phead = (d->phead + 1) % PENDING_MAX;
        d->pn--;
        set_del(&d->known, name);
        free(name);
    }
    while (d->submit_head) {
        job_t *j = d->submit_head;
        d->submit_head = j->next;
        d->nsubmit--;
        if (j->cb) {
            pith_err_t err = {0};
            pith_err_set(&err, PITH_EAGAIN, "daemon stopping");
            j->cb(j->cb_arg, PITH_EAGAIN, NULL, &err);
        }
        job_free(j);
    }
    d->submit_tail = NULL;
    for (size_t i = 0; i < d->nproducers; i++)
        if (d->producers[i].ops->stop)
            d->producers[i].ops->stop(d->producers[i].ctx);
    uv_timer_start(&d->t_stop, stop_timeout_cb, cfg_of(d)->stop_timeout_ms, 0);
    maybe_finish(d);
}

static void log_problems(const pith_config_problems_t *p)
{
    for (size_t i = 0; i < p->n; i++) {
        const pith_err_t *e = &p->items[i];
        if (e->line > 0)
            pith_log(LOG_ERR, "%s:%d: %s", e->file, e->line, e->reason);
        else
            pith_log(LOG_ERR, "%s: %s", e->file[0] ? e->file : "config", e->reason);
    }
}

static void reload(pith_daemon_t *d)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    sd_notifyf(0, "RELOADING=1\nMONOTONIC_USEC=%llu\nSTATUS=reloading %s",
               (unsigned long long)ts.tv_sec * 1000000ull + (unsigned long long)ts.tv_nsec / 1000,
               d->config_path);
    pith_log(LOG_NOTICE, "reloading %s", d->config_path);
    pith_config_t *cfg = NULL;
    pith_config_problems_t problems = {0};
    pith_err_t err = {0};
    gen_t *g = NULL;
    int rc = pith_config_load(d->config_path, PITH_CONFIG_CHECK_DIRS, &cfg, &problems);
    if (rc) {
        log_problems(&problems);
        pith_log(LOG_ERR, "reload failed (%zu problems); keeping the running configuration",
                 problems.n);
        goto done;
    }
    if (!(g = gen_create(cfg, &err))) {
        pith_log(LOG_ERR, "reload failed: %s; keeping the running configuration", err.reason);
        goto done;
    }
    int drop_changed = strcmp(g->cfg->drop_dir, cfg_of(d)->drop_dir) != 0;
    gen_t *old = d->gen;
    d->gen = g;
    if (drop_changed || d->drop_missing) {
        /* The scan in progress reads the old folder; a rescan follows. */
        drop_forget(d);
        d->drop_missing = 0;
        uv_timer_stop(&d->t_drop);
        if (open_drop(d, &err) != 0)
            drop_lost(d, err.reason);
    }
    gen_unref(old);
    arm_timers(d);
    for (size_t i = 0; i < d->nproducers; i++)
        if (d->producers[i].ops->reload)
            d->producers[i].ops->reload(d->producers[i].ctx);
    pith_metric_add(d->m_reloads, 1);
    pith_log(LOG_NOTICE, "reloaded %s: drop %s, spool %s, %u workers", d->config_path,
             cfg_of(d)->drop_dir, cfg_of(d)->spool_dir, cfg_of(d)->workers);
    want_rescan(d);
done:
    pith_config_problems_free(&problems);
    d->status_last[0] = '\0';
    sd_notify(0, "READY=1");
    status_cb(&d->t_status);
}

static void signal_cb(uv_signal_t *h, int signum)
{
    pith_daemon_t *d = h->data;
    if (signum == SIGHUP) {
        if (!d->stopping)
            reload(d);
        return;
    }
    begin_stop(d, signum == SIGTERM ? "SIGTERM" : "SIGINT");
}

/* ---- producers --------------------------------------------------------------------- */

/* The place where other producers of work join the daemon: the fetcher adds
 * its pith_producer_t here. */
static void register_producers(pith_daemon_t *d)
{
    d->producers[d->nproducers++].ops = &pith_fetch_producer; /* *.url files, [source] */
    d->producers[d->nproducers++].ops = &pith_redis_producer; /* [redis], deliver = redis */
}

void pith_daemon_producer_idle(pith_daemon_t *d)
{
    maybe_finish(d);
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
    gen_unref(sj->gen);
    free(sj);
    maybe_finish(d);
}

int pith_daemon_state_job(pith_daemon_t *d, void (*fn)(pith_state_t *, void *),
                          void (*done)(void *), void *arg)
{
    state_job_t *sj = calloc(1, sizeof *sj);
    if (!sj)
        return PITH_ENOMEM;
    *sj = (state_job_t){.d = d, .gen = gen_ref(d->gen), .fn = fn, .done = done, .arg = arg};
    sj->req.data = sj;
    d->side_jobs++;
    if (uv_queue_work(&d->loop, &sj->req, state_work_cb, state_after_cb) != 0) {
        d->side_jobs--;
        gen_unref(sj->gen);
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
    job_t *j = job_new(d, J_BYTES);
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
        job_free(j);
        return PITH_ENOMEM;
    }
    j->cb = cb;
    j->cb_arg = arg;
    if (d->submit_tail)
        d->submit_tail->next = j;
    else
        d->submit_head = j;
    d->submit_tail = j;
    d->nsubmit++;
    dispatch(d);
    return 0;
}

void pith_daemon_input_done(pith_daemon_t *d, const char *name, int rc, const char *reason)
{
    job_t *j = job_new(d, J_DISPOSE);
    if (!j || !(j->name = strdup(name)) ||
        (j->dirfd = d->dropfd >= 0 ? fcntl(d->dropfd, F_DUPFD_CLOEXEC, 0) : -1) < 0) {
        if (j)
            job_free(j);
        set_del(&d->known, name);
        d->rescan_owed = 1;
        return;
    }
    j->given_rc = rc;
    pith_err_set(&j->err, rc, "%s", reason ? reason : pith_err_name(rc));
    queue_job(d, j);
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

int pith_daemon_run(const char *config_path)
{
    pith_log_init();
    signal(SIGPIPE, SIG_IGN);
    pith_config_t *cfg = NULL;
    pith_config_problems_t problems = {0};
    pith_err_t err = {0};
    int status = EX_OK;

    int rc = pith_config_load(config_path, PITH_CONFIG_CHECK_DIRS, &cfg, &problems);
    if (rc) {
        log_problems(&problems);
        if (!problems.n)
            pith_log(LOG_ERR, "%s: %s", config_path, pith_err_name(rc));
        pith_config_problems_free(&problems);
        return EX_CONFIG;
    }
    /* Enough pool threads for the workers plus a commit, a scan and a
     * metrics write. */
    char threads[16];
    snprintf(threads, sizeof threads, "%u", cfg->workers + 3 < 4 ? 4 : cfg->workers + 3);
    setenv("UV_THREADPOOL_SIZE", threads, 1);

    pith_daemon_t *d = calloc(1, sizeof *d);
    if (!d) {
        pith_config_destroy(cfg);
        return EX_OSERR;
    }
    d->dropfd = d->inofd = d->wd = d->pwd = -1;
    d->backoff_ms = BACKOFF_MIN_MS;
    if (!(d->config_path = strdup(config_path)) || !(d->metrics = pith_metrics_create())) {
        pith_config_destroy(cfg);
        status = EX_OSERR;
        goto out;
    }
    register_metrics(d);
    if (!(d->gen = gen_create(cfg, &err))) {
        /* A lock held by another process or a full disk may pass: exit
         * EX_TEMPFAIL and let systemd restart us. Anything else (permissions,
         * a read-only or failing disk) needs the operator: EX_CANTCREAT, which
         * the unit lists in RestartPreventExitStatus= (see the README). */
        pith_log(LOG_ERR, "%s", err.reason);
        status = err.code == PITH_EAGAIN ? EX_TEMPFAIL : EX_CANTCREAT;
        goto out;
    }
    if (uv_loop_init(&d->loop) != 0) {
        status = EX_OSERR;
        goto out;
    }
    d->inofd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (d->inofd < 0) {
        pith_log(LOG_ERR, "inotify: %s", strerror(errno));
        status = EX_OSERR;
        goto loop_out;
    }
    if (open_drop(d, &err) != 0) {
        pith_log(LOG_ERR, "%s", err.reason);
        status = EX_NOINPUT;
        goto loop_out;
    }
    uv_poll_init(&d->loop, &d->ino_poll, d->inofd);
    d->ino_poll.data = d;
    uv_poll_start(&d->ino_poll, UV_READABLE, ino_cb);
    d->ino_polling = 1;
    uv_signal_t *sigs[] = {&d->sig_term, &d->sig_int, &d->sig_hup};
    int signums[] = {SIGTERM, SIGINT, SIGHUP};
    for (int i = 0; i < 3; i++) {
        uv_signal_init(&d->loop, sigs[i]);
        sigs[i]->data = d;
        uv_signal_start(sigs[i], signal_cb, signums[i]);
    }
    uv_timer_t *timers[] = {&d->t_rescan,  &d->t_settle, &d->t_backoff,  &d->t_drop,
                            &d->t_metrics, &d->t_status, &d->t_watchdog, &d->t_stop};
    for (size_t i = 0; i < sizeof timers / sizeof *timers; i++) {
        uv_timer_init(&d->loop, timers[i]);
        timers[i]->data = d;
    }
    arm_timers(d);
    uv_timer_start(&d->t_status, status_cb, 1000, 1000);
    if (sd_watchdog_enabled(0, &d->watchdog_usec) > 0 && d->watchdog_usec >= 2000) {
        uint64_t every = d->watchdog_usec / 2000;
        uv_timer_start(&d->t_watchdog, watchdog_cb, every, every);
    }

    register_producers(d);
    for (size_t i = 0; i < d->nproducers; i++) {
        producer_slot_t *p = &d->producers[i];
        if (p->ops->start && p->ops->start(d, &p->ctx, &err) != 0) {
            pith_log(LOG_ERR, "%s: %s", p->ops->name, err.reason);
            status = EX_CONFIG;
            goto loop_out;
        }
        if (p->ops == &pith_redis_producer)
            d->redis = p->ctx;
    }

    pith_log(LOG_NOTICE, "started: drop %s, spool %s, state %s, %u workers", cfg_of(d)->drop_dir,
             cfg_of(d)->spool_dir, cfg_of(d)->state_dir, cfg_of(d)->workers);
    want_rescan(d); /* the backlog */
    sd_notify(0, "READY=1\nSTATUS=started");
    /* t_settle is started by the scan when files were still settling. */
    uv_run(&d->loop, UV_RUN_DEFAULT);
    goto cleanup;

loop_out:
    uv_walk(&d->loop, close_walk_cb, NULL);
    uv_run(&d->loop, UV_RUN_DEFAULT);
cleanup:
    uv_loop_close(&d->loop);
out:
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
    set_clear(&d->known);
    gen_unref(d->gen);
    pith_metrics_destroy(d->metrics);
    free(d->config_path);
    free(d);
    return status;
}
