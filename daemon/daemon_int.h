/* The daemon's insides, shared by its parts and by nobody else.
 *
 * daemon.c (generations, the name set, start and the producers' API),
 * daemon_watch.c (scan, inotify, the drop folder lost and found),
 * daemon_job.c (one input on the pool, dispatch), daemon_commit.c (group
 * commit into the spool) and daemon_life.c (timers, metrics file, stop,
 * reload, signals) work on one struct pith_daemon on the loop thread. It is
 * one struct, not one per part, because the parts decide on the same few
 * numbers (pending, in flight, staged, stopping): splitting it would mean
 * accessors for every one of them and no gain in safety, since all of it
 * lives on one thread. The functions declared at the end are the seams
 * between the parts; everything else stays static in its file. */
#ifndef PITH_DAEMON_INT_H
#define PITH_DAEMON_INT_H

#include <dirent.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>

#include "daemon.h"
#include "pith/strset.h"
#include "queue.h"
#include "spool.h"
#include "uvcheck.h"

#define PENDING_MAX 1024   /* names waiting in memory */
#define PENDING_LOW 256    /* ask the scan for more below this */
#define SCAN_BATCH 256     /* names per scan step */
#define SCAN_LOOK_MAX 4096 /* directory entries looked at per scan step */
#define SETTLE_MS 2000     /* a scanned file modified this recently may be still written */
#define YOUNG_MAX 256      /* files created in place, waiting to settle */
#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS 30000
#define DROP_RETRY_MS 2000
#define KNOWN_MAX (1u << 20) /* names pending, in flight or claimed; more wait for a rescan */
#define PRODUCERS_MAX 4
#define STAGED_MAX 512 /* staged documents waiting for a commit (names only) */
#define COMMIT_MAX 512 /* documents per commit */

/* Configuration, spool and state: reference-counted so that a reload can
 * swap in a new one while jobs finish on the old. */
typedef struct gen {
    atomic_int refs;
    pith_config_t *cfg;
    pith_spool_t *spool;
    pith_state_t *state;
} gen_t;

/* A set of names: pending, in flight or claimed (keys copied). */
typedef pith_strset_t nameset_t;

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
    int counted; /* its failures were counted as failed documents already */
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
    PITH_QUEUE(job_t) batch;
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
    DIR *scan_dir;          /* the directory stream of the scan in progress */
    char *young[YOUNG_MAX]; /* created in place, not yet closed (daemon_watch.c) */
    size_t nyoung;

    /* queue */
    char *pending[PENDING_MAX];
    size_t phead, pn;
    nameset_t known;          /* pending + in flight + claimed */
    PITH_QUEUE(job_t) submit; /* from producers, waiting for a worker */
    unsigned inflight;        /* cleaning jobs on the pool */
    unsigned side_jobs;       /* dispositions, metrics writes */
    unsigned sending;         /* documents waiting for the Redis XADD */
    PITH_QUEUE(job_t) staged; /* staged, waiting for a commit */
    int committing;
    commit_t commit;
    int scanning, scan_busy, rescan_owed;
    int scan_stale; /* the step in progress reads a folder since replaced */
    scan_t scan;

    /* state of the loop */
    int stopping, paused, drop_missing, finished;
    uint64_t backoff_ms;
    uv_signal_t sig_term, sig_int, sig_hup;
    uv_timer_t t_rescan, t_settle, t_young, t_backoff, t_drop, t_metrics, t_status, t_watchdog,
        t_stop;
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
    producer_slot_t *sink; /* the producer with a deliver hook (deliver = redis) */
    int loop_ready;        /* the loop is initialised (create got that far) */
};
static inline const pith_config_t *cfg_of(pith_daemon_t *d)
{
    return d->gen->cfg;
}

static inline uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* daemon.c */
void daemon_gen_unref(gen_t *g);
gen_t *daemon_gen_ref(gen_t *g);
gen_t *daemon_gen_create(pith_config_t *cfg, pith_err_t *err);
int daemon_set_has(nameset_t *s, const char *name);
int daemon_set_add(nameset_t *s, const char *name);
void daemon_set_del(nameset_t *s, const char *name);

/* daemon_job.c */
void daemon_finish_input(job_t *j, const struct stat *st);
void daemon_job_free(job_t *j);
void daemon_job_done(pith_daemon_t *d, job_t *j);
void daemon_queue_job(pith_daemon_t *d, job_t *j);
job_t *daemon_job_new(pith_daemon_t *d, jobkind_t kind);
void daemon_dispatch(pith_daemon_t *d);
int daemon_enqueue(pith_daemon_t *d, const char *name);

/* daemon_commit.c */
void daemon_start_commit(pith_daemon_t *d);

/* daemon_watch.c */
void daemon_start_scan(pith_daemon_t *d);
void daemon_want_rescan(pith_daemon_t *d);
int daemon_open_drop(pith_daemon_t *d, pith_err_t *err);
void daemon_drop_forget(pith_daemon_t *d);
void daemon_drop_lost(pith_daemon_t *d, const char *why);
void daemon_ino_take(pith_daemon_t *d);
void daemon_young_clear(pith_daemon_t *d);
void daemon_ino_cb(uv_poll_t *h, int status, int events);

/* daemon_life.c */
void daemon_backoff_cb(uv_timer_t *t);
void daemon_status_cb(uv_timer_t *t);
void daemon_watchdog_cb(uv_timer_t *t);
void daemon_arm_timers(pith_daemon_t *d);
void daemon_close_walk_cb(uv_handle_t *h, void *arg);
void daemon_maybe_finish(pith_daemon_t *d);
void daemon_reload(pith_daemon_t *d);
void daemon_signal_cb(uv_signal_t *h, int signum);

#endif
