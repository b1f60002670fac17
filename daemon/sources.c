/* URL drop files and polled sources, on top of the fetcher (the producer
 * sources.h describes).
 *
 * Everything here runs on the loop thread and only bookkeeps: reading a
 * claimed .url file runs on the thread pool, transfers run in curl, and
 * cleaning runs in the daemon's workers via pith_daemon_submit_bytes. The
 * state store is only touched through pith_daemon_state_job, on the pool,
 * so the loop never waits for SQLite: a conditional fetch reads its URL's
 * validators there first, a feed is parsed there (it needs the seen items
 * to keep only new ones, at most feed_items_per_poll a poll, the rest left
 * for the next polls), and validators and seen items are written there once
 * the outcome is known (a page's validators only once its document is
 * settled, so a page whose delivery must be retried is fetched in full
 * again, not answered with a 304).
 *
 * Memory: every URL, from a file or a source, waits in one FIFO and starts
 * only while fewer than WINDOW URLs are between "handed to the fetcher" and
 * "cleaned and delivered", so a long URL list costs a few hundred bytes per
 * URL and at most WINDOW bodies exist at once.
 *
 * Lifetimes: every asynchronous operation holds a count on the producer
 * (`busy`), and a .url file's record lives until its last URL is settled,
 * when the file is handed back with pith_daemon_input_done: deleted when all
 * went well, left for a retry when the spool was unavailable or the daemon
 * stopped, moved to .failed/ with the failed URLs and reasons otherwise. A
 * source keeps its own count so that a poll never starts while the previous
 * one is still busy (which would fetch the same new feed items twice).
 *
 * Reload: new [source] sections take over at once; new [fetch] settings need
 * a new fetcher, swapped in (never from inside the fetcher's own callback)
 * once no URL holds the window, and nothing new starts meanwhile.
 * On stop the fetcher is destroyed at once: in-flight transfers are
 * abandoned and waiting URLs settled as "again", so their .url files stay in
 * the drop folder for the next start. */
#include "sources.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feed.h"
#include "fetch.h"
#include "fileio.h"
#include "log.h"
#include "queue.h"
#include "url.h"
#include "uvcheck.h"

#define URL_FILE_MAX_BYTES ((size_t)1 << 20)
#define URL_FILE_MAX_URLS 10000
#define FAIL_NOTE_MAX 16384 /* bytes of failure reasons kept per .url file */
/* URLs between "handed to the fetcher" and "cleaned and delivered". Fetching
 * is faster than cleaning; without this window every fetched body would wait
 * in memory for a worker. With it, at most WINDOW bodies exist at once and
 * the rest of a long URL list waits as a few hundred bytes per URL. */
#define WINDOW 32

typedef struct fp fp_t;

typedef struct url_file {
    fp_t *fp;
    char *name;
    char *path;
    pith_buf_t data;
    pith_err_t err;
    int read_rc;
    unsigned remaining; /* URLs not settled yet */
    int again;          /* some URL must be retried later: keep the file */
    pith_buf_t failed;  /* "URL: reason" lines */
    unsigned uncounted; /* failed URLs whose page the daemon did not count as failed */
    uv_work_t work;
} url_file_t;

typedef struct source {
    fp_t *fp;
    pith_source_t cfg;       /* a copy: a reload frees the configuration */
    unsigned items_per_poll; /* [fetch] feed_items_per_poll when it started */
    unsigned busy;           /* operations of the current poll */
    int retired;             /* removed by a reload: freed once closed and idle */
    int closed;
    uv_timer_t timer;
    struct source *next;
} source_t;

typedef enum { OP_FILE_URL, OP_PAGE, OP_FEED, OP_ITEM } op_kind_t;

/* One URL being fetched (and then cleaned) for a file or a source. */
typedef struct op {
    fp_t *fp;
    op_kind_t kind;
    url_file_t *file; /* OP_FILE_URL */
    source_t *src;    /* OP_PAGE, OP_FEED, OP_ITEM */
    char *url;
    char *feed_key;             /* OP_ITEM: "NAME feed-URL"; OP_FEED: the same */
    char *item_key;             /* OP_ITEM */
    char *etag, *last_modified; /* new validators, stored after delivery */
    int conditional;            /* send the stored validators */
    int doc_failed;             /* its page was cleaned and failed (counted by the daemon) */
    int started;                /* holds a slot of the window */
    struct op *next_wait;
    pith_validators_t v; /* stored validators, read on the pool for the fetch */
    /* OP_FEED: parsing on the pool */
    pith_buf_t body;
    pith_feed_t *feed; /* the items not seen before, at most items_per_poll */
    pith_state_t *st;  /* while parsing, for the seen lookups */
    pith_err_t err;
    int rc;
} op_t;

struct fp {
    pith_daemon_t *d;
    pith_fetcher_t *fetcher;
    source_t *sources;
    unsigned busy;
    int stopping;
    unsigned window_used;
    int pumping;
    int want_new_fetcher; /* a reload changed the configuration */
    int in_fetch_cb;
    uv_timer_t renew_timer;        /* renews the fetcher outside its own callbacks */
    PITH_QUEUE(struct op) waiting; /* for room in the fetch window */
    pith_metric_t *m_ok, *m_unchanged, *m_failed, *m_bytes, *m_retries, *m_seconds;
    pith_metric_t *m_class[6]; /* none, 1xx..5xx */
    pith_metric_t *m_items_new;
};

static void op_free(op_t *op)
{
    if (!op)
        return;
    free(op->url);
    free(op->feed_key);
    free(op->item_key);
    free(op->etag);
    free(op->last_modified);
    pith_buf_free(&op->body);
    pith_feed_destroy(op->feed);
    pith_validators_free(&op->v);
    free(op);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* ---- metrics ------------------------------------------------------------- */

static void register_metrics(fp_t *fp)
{
    pith_metrics_t *m = pith_daemon_metrics(fp->d);
    static const char fetches[] = "Fetches by final result";
    static const char classes[] = "HTTP responses (every attempt) by status class";
    fp->m_ok = pith_metrics_counter(m, "pith_fetches_total", fetches, "result=\"ok\"");
    fp->m_unchanged =
        pith_metrics_counter(m, "pith_fetches_total", fetches, "result=\"unchanged\"");
    fp->m_failed = pith_metrics_counter(m, "pith_fetches_total", fetches, "result=\"failed\"");
    static const char *labels[6] = {"class=\"none\"", "class=\"1xx\"", "class=\"2xx\"",
                                    "class=\"3xx\"",  "class=\"4xx\"", "class=\"5xx\""};
    for (int i = 0; i < 6; i++)
        fp->m_class[i] = pith_metrics_counter(m, "pith_fetch_responses_total", classes, labels[i]);
    fp->m_bytes =
        pith_metrics_counter(m, "pith_fetch_bytes_total", "Body bytes received over HTTP", NULL);
    fp->m_retries = pith_metrics_counter(m, "pith_fetch_retries_total",
                                         "Fetch attempts that were retried", NULL);
    static const double bounds[] = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    fp->m_seconds = pith_metrics_histogram(m, "pith_fetch_seconds",
                                           "Time from a fetch's first attempt to its result",
                                           bounds, sizeof bounds / sizeof bounds[0]);
    fp->m_items_new =
        pith_metrics_counter(m, "pith_feed_items_total", "New feed items found", NULL);
}

static void on_attempt(const pith_fetch_result_t *res, int will_retry, void *udata)
{
    fp_t *fp = udata;
    long cls = res->http_status / 100;
    if (res->status != PITH_FETCH_CANCELLED)
        pith_metric_add(fp->m_class[cls >= 1 && cls <= 5 ? cls : 0], 1);
    if (will_retry) {
        pith_metric_add(fp->m_retries, 1);
        return;
    }
    pith_metric_add(fp->m_bytes, (double)res->bytes);
    switch (res->status) {
    case PITH_FETCH_OK:
        pith_metric_add(fp->m_ok, 1);
        break;
    case PITH_FETCH_UNCHANGED:
        pith_metric_add(fp->m_unchanged, 1);
        break;
    case PITH_FETCH_FAILED:
        pith_metric_add(fp->m_failed, 1);
        break;
    case PITH_FETCH_CANCELLED:
        return;
    }
    pith_metric_observe(fp->m_seconds, res->seconds);
}

/* ---- settling an operation ----------------------------------------------- */

static void source_maybe_free(source_t *s);

/* Settles one URL of uf (or the file itself when url is its name). doc_failed:
 * rc is the failure of the URL's page, submitted to the daemon and counted
 * there as a failed document, so the file does not count it again. */
static void file_settle(url_file_t *uf, const char *url, int rc, const char *reason, int doc_failed)
{
    fp_t *fp = uf->fp;
    if (rc == PITH_EAGAIN) {
        uf->again = 1;
    } else if (rc && rc != PITH_EDUP) {
        if (!doc_failed)
            uf->uncounted++;
        if (uf->failed.len < FAIL_NOTE_MAX)
            pith_buf_printf(&uf->failed, "%s%s: %s", uf->failed.len ? "\n" : "", url,
                            reason && *reason ? reason : pith_err_name(rc));
    }
    if (--uf->remaining)
        return;
    if (uf->again)
        pith_daemon_input_done(fp->d, uf->name, PITH_EAGAIN, "some URLs must be retried", 0);
    else if (uf->failed.len)
        pith_daemon_input_done(fp->d, uf->name, PITH_EFETCH, uf->failed.data, !uf->uncounted);
    else
        pith_daemon_input_done(fp->d, uf->name, 0, NULL, 0);
    char shown[512];
    pith_log(uf->failed.len ? LOG_WARNING : LOG_INFO, "%s: URL list done%s",
             pith_log_name(uf->name, shown, sizeof shown),
             uf->again        ? ", kept for a retry"
             : uf->failed.len ? " with failures"
                              : "");
    pith_buf_free(&uf->failed);
    pith_buf_free(&uf->data);
    free(uf->name);
    free(uf->path);
    free(uf);
    fp->busy--;
}

/* ---- the state store, on the pool -------------------------------------------- */

/* A write the loop hands to the pool and forgets: validators for a URL, or a
 * feed item marked seen. */
typedef struct state_write {
    char *url;
    pith_validators_t v;
    char *feed_key, *item_key;
} state_write_t;

static void state_write_free(void *arg)
{
    state_write_t *w = arg;
    free(w->url);
    pith_validators_free(&w->v);
    free(w->feed_key);
    free(w->item_key);
    free(w);
}

static void state_write_run(pith_state_t *st, void *arg)
{
    state_write_t *w = arg;
    pith_err_t err = {0};
    if (w->url && pith_state_put_validators(st, w->url, &w->v, &err) != 0)
        pith_log(LOG_WARNING, "%s: cannot store validators: %s", w->url, err.reason);
    if (w->feed_key && pith_state_mark(st, w->feed_key, w->item_key, &err) != 0)
        pith_log(LOG_WARNING, "cannot mark a feed item seen: %s", err.reason);
}

static void state_write(fp_t *fp, state_write_t *w)
{
    if (pith_daemon_state_job(fp->d, state_write_run, state_write_free, w) != 0) {
        pith_log(LOG_WARNING, "out of memory: a state write is lost");
        state_write_free(w);
    }
}

static void store_validators(fp_t *fp, const char *url, const char *etag, const char *lm,
                             const char *id)
{
    if (!etag && !lm && !id)
        return;
    state_write_t *w = calloc(1, sizeof *w);
    if (!w || !(w->url = strdup(url)) || (etag && !(w->v.etag = strdup(etag))) ||
        (lm && !(w->v.last_modified = strdup(lm)))) {
        if (w)
            state_write_free(w);
        pith_log(LOG_WARNING, "%s: out of memory storing validators", url);
        return;
    }
    w->v.fetched_at = (int64_t)time(NULL);
    if (id)
        snprintf(w->v.body_id, sizeof w->v.body_id, "%s", id);
    state_write(fp, w);
}

/* Stores a URL's row without validators, so that its next fetch is not
 * conditional. */
static void forget_validators(fp_t *fp, const char *url)
{
    state_write_t *w = calloc(1, sizeof *w);
    if (!w || !(w->url = strdup(url))) {
        free(w);
        pith_log(LOG_WARNING, "%s: out of memory storing validators", url);
        return;
    }
    w->v.fetched_at = (int64_t)time(NULL);
    state_write(fp, w);
}

static void mark_seen(fp_t *fp, const char *feed_key, const char *item_key)
{
    state_write_t *w = calloc(1, sizeof *w);
    if (!w || !(w->feed_key = strdup(feed_key)) || !(w->item_key = strdup(item_key))) {
        if (w)
            state_write_free(w);
        pith_log(LOG_WARNING, "out of memory marking a feed item seen");
        return;
    }
    state_write(fp, w);
}

static void pump_waiting(fp_t *fp);

/* An operation is over: whatever it was for learns the outcome. */
static void maybe_renew_fetcher(fp_t *fp);

static void op_done(op_t *op, int rc, const char *reason)
{
    fp_t *fp = op->fp;
    source_t *src = op->src;
    int renew_pending = 0;
    if (op->started && --fp->window_used == 0 && fp->want_new_fetcher)
        renew_pending = 1;
    if (op->kind == OP_FILE_URL) {
        file_settle(op->file, op->url, rc, reason, op->doc_failed);
    } else {
        if (rc && rc != PITH_EDUP && rc != PITH_EAGAIN)
            pith_log(LOG_WARNING, "source %s: %s: %s", src->cfg.name, op->url,
                     reason && *reason ? reason : pith_err_name(rc));
        /* An item is seen once it is delivered, or known to be unusable:
         * only transient trouble (spool full, server down) brings it back. */
        if (op->kind == OP_ITEM && rc != PITH_EAGAIN && rc != PITH_EFETCH)
            mark_seen(fp, op->feed_key, op->item_key);
        src->busy--;
        source_maybe_free(src);
    }
    op_free(op);
    fp->busy--;
    if (renew_pending)
        maybe_renew_fetcher(fp);
    pump_waiting(fp);
}

static void on_submitted(void *arg, int rc, const char *id, const pith_err_t *err)
{
    op_t *op = arg;
    if (rc == 0 || rc == PITH_EDUP || (rc != PITH_EAGAIN && op->kind != OP_FEED))
        store_validators(op->fp, op->url, op->etag, op->last_modified, id);
    op->doc_failed = rc && rc != PITH_EDUP && rc != PITH_EAGAIN;
    op_done(op, rc, err ? err->reason : NULL);
}

/* ---- feeds --------------------------------------------------------------- */

static int fetch_op(fp_t *fp, op_t *op, int conditional);

static int not_seen(void *ctx, const char *key)
{
    op_t *op = ctx;
    int seen = 0;
    return pith_state_seen(op->st, op->feed_key, key, &seen) != 0 || !seen;
}

/* On the pool: parses the feed, keeping only items not seen before, so
 * that a feed longer than one poll's share gives its later items to the
 * following polls. */
static void parse_feed_work(pith_state_t *st, void *arg)
{
    op_t *op = arg;
    op->st = st;
    pith_feed_select_t sel = {.max_items = op->src->items_per_poll, .want = not_seen, .ctx = op};
    op->rc = pith_feed_parse((const uint8_t *)op->body.data, op->body.len, op->url, &sel, &op->feed,
                             &op->err);
    op->st = NULL;
    pith_buf_free(&op->body);
}

static void parse_feed_done(void *arg)
{
    op_t *op = arg;
    fp_t *fp = op->fp;
    source_t *src = op->src;
    if (op->rc) {
        op_done(op, op->rc, op->err.reason);
        return;
    }
    if (op->feed->nmore)
        forget_validators(fp, op->url); /* the next poll must not get a 304 */
    else
        store_validators(fp, op->url, op->etag, op->last_modified, NULL);
    size_t fresh = 0;
    for (size_t i = 0; i < op->feed->nitems && !fp->stopping && !src->retired; i++) {
        const pith_feed_item_t *it = &op->feed->items[i];
        op_t *item = calloc(1, sizeof *item);
        if (!item)
            break;
        item->fp = fp;
        item->kind = OP_ITEM;
        item->src = src;
        item->url = strdup(it->link);
        item->feed_key = strdup(op->feed_key);
        item->item_key = strdup(it->key);
        if (!item->url || !item->feed_key || !item->item_key) {
            op_free(item);
            break;
        }
        src->busy++;
        fp->busy++;
        if (fetch_op(fp, item, 0) == 0)
            fresh++;
    }
    if (fresh) {
        pith_metric_add(fp->m_items_new, (double)fresh);
        pith_log(LOG_INFO, "source %s: %s: %zu new items", src->cfg.name, op->url, fresh);
    }
    if (op->feed->nmore)
        pith_log(LOG_NOTICE,
                 "source %s: %s: %zu more new items left for the next polls "
                 "(feed_items_per_poll = %u)",
                 src->cfg.name, op->url, op->feed->nmore, src->items_per_poll);
    op_done(op, 0, NULL);
}

/* ---- fetching ------------------------------------------------------------ */

static void fetched(pith_fetch_result_t *res, op_t *op)
{
    fp_t *fp = op->fp;
    switch (res->status) {
    case PITH_FETCH_CANCELLED:
        op_done(op, PITH_EAGAIN, res->reason);
        return;
    case PITH_FETCH_FAILED:
        op_done(op, PITH_EFETCH, res->reason);
        return;
    case PITH_FETCH_UNCHANGED:
        store_validators(fp, op->url, res->etag, res->last_modified, NULL);
        op_done(op, 0, NULL);
        return;
    case PITH_FETCH_OK:
        break;
    }
    op->etag = dup_or_null(res->etag);
    op->last_modified = dup_or_null(res->last_modified);
    if (op->kind == OP_FEED) {
        op->body = res->body;
        res->body = (pith_buf_t){0};
        if (pith_daemon_state_job(fp->d, parse_feed_work, parse_feed_done, op))
            op_done(op, PITH_ENOMEM, "cannot queue feed parsing");
        return;
    }
    if (pith_feed_sniff((const uint8_t *)res->body.data, res->body.len, res->content_type)) {
        /* Cleaned as a page, a feed's XML would be delivered as an article.
         * Following a feed needs its seen items: that is a source's job. */
        op_done(op, PITH_EINPUT,
                op->kind == OP_ITEM ? "a feed inside a feed; not followed"
                                    : "an RSS/Atom feed, not a page: follow it with "
                                      "[source NAME] feed = URL");
        return;
    }
    pith_submit_t hints = {.url = res->final_url, .charset = res->charset, .fetched = res->fetched};
    int rc = pith_daemon_submit_bytes(fp->d, &res->body, &hints, on_submitted, op);
    if (rc)
        op_done(op, rc, pith_err_name(rc));
}

static void on_fetched(pith_fetcher_t *f, pith_fetch_result_t *res, void *udata)
{
    op_t *op = udata;
    fp_t *fp = op->fp;
    /* The fetcher must not be replaced from inside its own callback. */
    fp->in_fetch_cb++;
    fetched(res, op);
    fp->in_fetch_cb--;
}

/* Hands op to the fetcher with the validators in op->v (if any). On failure
 * the op is settled here. */
static void add_to_fetcher(void *arg)
{
    op_t *op = arg;
    fp_t *fp = op->fp;
    pith_err_t err = {0};
    int rc = fp->fetcher && !fp->stopping
                 ? pith_fetcher_add(fp->fetcher, op->url, op->v.etag, op->v.last_modified,
                                    on_fetched, op, &err)
                 : pith_err_set(&err, PITH_EAGAIN, "stopping");
    pith_validators_free(&op->v);
    if (rc)
        op_done(op, rc == PITH_EINPUT ? PITH_EFETCH : rc, err.reason);
}

static void load_validators(pith_state_t *st, void *arg)
{
    op_t *op = arg;
    if (pith_state_get_validators(st, op->url, &op->v, NULL, NULL) < 0)
        pith_validators_free(&op->v);
}

/* Starts op's fetch: conditional when asked, with the validators read from
 * the state store on the pool first. */
static void start_op(fp_t *fp, op_t *op)
{
    op->started = 1;
    fp->window_used++;
    if (op->conditional && pith_daemon_state_job(fp->d, load_validators, add_to_fetcher, op) == 0)
        return;
    add_to_fetcher(op); /* unconditional (or out of memory: then unconditional too) */
}

/* Starts waiting operations while the window has room. Flattened with a
 * flag: a start that fails at once settles its op, which calls back here. */
static void pump_waiting(fp_t *fp)
{
    if (fp->pumping)
        return;
    fp->pumping = 1;
    /* While new [fetch] settings wait for the fetcher to go idle, nothing new
     * starts: work queued after a reload runs with the new settings. */
    while (!PITH_QUEUE_EMPTY(&fp->waiting) &&
           (fp->stopping || (fp->window_used < WINDOW && !fp->want_new_fetcher))) {
        op_t *op;
        PITH_QUEUE_POP(&fp->waiting, op, next_wait);
        if (fp->stopping)
            op_done(op, PITH_EAGAIN, "stopping");
        else
            start_op(fp, op);
    }
    fp->pumping = 0;
}

/* Queues op for fetching; it starts when the window has room. */
static int fetch_op(fp_t *fp, op_t *op, int conditional)
{
    op->conditional = conditional;
    PITH_QUEUE_PUSH(&fp->waiting, op, next_wait);
    pump_waiting(fp);
    return 0;
}

/* ---- .url files ---------------------------------------------------------- */

static void read_file_work(uv_work_t *w)
{
    url_file_t *uf = w->data;
    uf->read_rc = pith_file_read(AT_FDCWD, uf->path, URL_FILE_MAX_BYTES, &uf->data, &uf->err);
}

static void read_file_done(uv_work_t *w, int status)
{
    url_file_t *uf = w->data;
    fp_t *fp = uf->fp;
    /* One extra count keeps the record alive while URLs are queued. */
    uf->remaining = 1;
    if (uf->read_rc) {
        file_settle(uf, uf->name, uf->read_rc == PITH_EMISSING ? PITH_EMISSING : uf->read_rc,
                    uf->err.reason, 0);
        return;
    }
    size_t count = 0;
    char *p = uf->data.data ? uf->data.data : "";
    while (*p) {
        char *line = p, *nl = strchr(p, '\n');
        p = nl ? nl + 1 : p + strlen(p);
        if (nl)
            *nl = '\0';
        while (*line == ' ' || *line == '\t')
            line++;
        size_t n = strlen(line);
        while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (!n || line[0] == '#')
            continue;
        if (++count > URL_FILE_MAX_URLS) {
            uf->remaining++;
            file_settle(uf, "(rest of file)", PITH_ETOOBIG, "more than 10000 URLs in one file", 0);
            break;
        }
        uf->remaining++;
        if (fp->stopping) {
            file_settle(uf, line, PITH_EAGAIN, NULL, 0);
            continue;
        }
        op_t *op = calloc(1, sizeof *op);
        if (!op || !(op->url = strdup(line))) {
            free(op);
            file_settle(uf, line, PITH_EAGAIN, "out of memory", 0);
            continue;
        }
        op->fp = fp;
        op->kind = OP_FILE_URL;
        op->file = uf;
        fp->busy++;
        fetch_op(fp, op, 1);
    }
    if (count == 0 && uf->failed.len == 0) {
        pith_buf_puts(&uf->failed, "no URLs in the file");
        uf->uncounted++;
    }
    file_settle(uf, NULL, 0, NULL, 0); /* drops the extra count */
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && !strcmp(s + n - m, suffix);
}

static int fp_claim(void *ctx, const char *name)
{
    fp_t *fp = ctx;
    if (!has_suffix(name, ".url") || fp->stopping)
        return 0;
    const pith_config_t *cfg = pith_daemon_config(fp->d);
    url_file_t *uf = calloc(1, sizeof *uf);
    if (!uf)
        return 0;
    uf->fp = fp;
    uf->name = strdup(name);
    size_t len = strlen(cfg->drop_dir) + strlen(name) + 2;
    uf->path = malloc(len);
    if (!uf->name || !uf->path) {
        free(uf->name);
        free(uf->path);
        free(uf);
        return 0;
    }
    snprintf(uf->path, len, "%s/%s", cfg->drop_dir, name);
    uf->work.data = uf;
    if (uv_queue_work(pith_daemon_loop(fp->d), &uf->work, read_file_work, read_file_done)) {
        free(uf->name);
        free(uf->path);
        free(uf);
        return 0;
    }
    fp->busy++;
    return 1;
}

/* ---- sources ------------------------------------------------------------- */

static void source_free(source_t *s)
{
    pith_source_clear(&s->cfg);
    free(s);
}

static void on_source_closed(uv_handle_t *h)
{
    source_t *s = h->data;
    s->closed = 1;
    source_maybe_free(s);
}

static void source_maybe_free(source_t *s)
{
    if (s->retired && s->closed && !s->busy)
        source_free(s);
}

static void poll_source(uv_timer_t *t)
{
    source_t *s = t->data;
    fp_t *fp = s->fp;
    if (fp->stopping || s->retired)
        return;
    if (s->busy) {
        pith_log(LOG_INFO, "source %s: previous poll still busy; skipping this one", s->cfg.name);
        return;
    }
    maybe_renew_fetcher(fp);
    for (size_t i = 0; i < s->cfg.nurls + s->cfg.nfeeds; i++) {
        int is_feed = i >= s->cfg.nurls;
        const char *url = is_feed ? s->cfg.feeds[i - s->cfg.nurls] : s->cfg.urls[i];
        op_t *op = calloc(1, sizeof *op);
        if (!op)
            break;
        op->fp = fp;
        op->kind = is_feed ? OP_FEED : OP_PAGE;
        op->src = s;
        op->url = strdup(url);
        size_t klen = strlen(s->cfg.name) + strlen(url) + 2;
        op->feed_key = malloc(klen);
        if (!op->url || !op->feed_key) {
            op_free(op);
            break;
        }
        snprintf(op->feed_key, klen, "%s %s", s->cfg.name, url);
        s->busy++;
        fp->busy++;
        fetch_op(fp, op, 1);
    }
}

static void sources_retire(fp_t *fp)
{
    while (fp->sources) {
        source_t *s = fp->sources;
        fp->sources = s->next;
        s->retired = 1;
        uv_close((uv_handle_t *)&s->timer, on_source_closed);
    }
}

static void sources_start(fp_t *fp)
{
    const pith_config_t *cfg = pith_daemon_config(fp->d);
    for (size_t i = 0; i < cfg->nsources; i++) {
        const pith_source_t *cs = &cfg->sources[i];
        source_t *s = calloc(1, sizeof *s);
        if (!s)
            break;
        s->fp = fp;
        if (pith_source_copy(cs, &s->cfg) != 0) {
            free(s);
            break;
        }
        if (!s->cfg.interval_ms)
            s->cfg.interval_ms = 15 * 60 * 1000;
        s->items_per_poll = cfg->feed_items_per_poll;
        PITH_UV_MUST(uv_timer_init(pith_daemon_loop(fp->d), &s->timer));
        s->timer.data = s;
        PITH_UV_MUST(uv_timer_start(&s->timer, poll_source, 0, s->cfg.interval_ms));
        s->next = fp->sources;
        fp->sources = s;
        pith_log(LOG_INFO, "source %s: %zu pages, %zu feeds every %llu ms", s->cfg.name,
                 s->cfg.nurls, s->cfg.nfeeds, (unsigned long long)s->cfg.interval_ms);
    }
}

/* ---- producer hooks ------------------------------------------------------ */

static int make_fetcher(fp_t *fp, pith_err_t *err)
{
    pith_fetch_opts_t o;
    pith_fetch_opts_from_config(&o, pith_daemon_config(fp->d));
    int rc = pith_fetcher_create(pith_daemon_loop(fp->d), &o, &fp->fetcher, err);
    if (rc == 0)
        pith_fetcher_on_attempt(fp->fetcher, on_attempt, fp);
    return rc;
}

static void on_renew_timer(uv_timer_t *t)
{
    fp_t *fp = t->data;
    maybe_renew_fetcher(fp);
    pump_waiting(fp);
}

static void maybe_renew_fetcher(fp_t *fp)
{
    if (!fp->want_new_fetcher || fp->window_used || fp->stopping)
        return;
    if (fp->in_fetch_cb) {
        /* The fetcher is on the stack: renew on the next loop turn. */
        PITH_UV_MUST(uv_timer_start(&fp->renew_timer, on_renew_timer, 0, 0)); /* not stopping */
        return;
    }
    pith_err_t err = {0};
    pith_fetcher_t *old = fp->fetcher;
    fp->want_new_fetcher = 0;
    if (make_fetcher(fp, &err) != 0) {
        pith_log(LOG_ERR, "fetch: cannot apply the new [fetch] settings: %s", err.reason);
        fp->fetcher = old;
        return;
    }
    pith_fetcher_destroy(old); /* idle: nothing to cancel */
}

static int fp_start(pith_daemon_t *d, void **ctx, pith_err_t *err)
{
    fp_t *fp = calloc(1, sizeof *fp);
    if (!fp)
        return pith_err_set(err, PITH_ENOMEM, "out of memory");
    fp->d = d;
    int rc = make_fetcher(fp, err);
    if (rc) {
        free(fp);
        return rc;
    }
    PITH_UV_MUST(uv_timer_init(pith_daemon_loop(d), &fp->renew_timer));
    fp->renew_timer.data = fp;
    register_metrics(fp);
    sources_start(fp);
    *ctx = fp;
    return 0;
}

static void fp_reload(void *ctx)
{
    fp_t *fp = ctx;
    /* New [source] sections take over at once. New [fetch] settings need a
     * new fetcher; it is swapped in when no transfer is running (transfers
     * in flight keep the settings they started with until then). */
    sources_retire(fp);
    fp->want_new_fetcher = 1;
    maybe_renew_fetcher(fp);
    sources_start(fp);
}

static void fp_stop(void *ctx)
{
    fp_t *fp = ctx;
    fp->stopping = 1;
    uv_timer_stop(&fp->renew_timer);
    uv_close((uv_handle_t *)&fp->renew_timer, NULL);
    sources_retire(fp);
    /* Abandon transfers: each is settled as "again", so .url files stay in
     * the drop folder and are fetched at the next start. */
    pith_fetcher_t *f = fp->fetcher;
    fp->fetcher = NULL;
    pith_fetcher_destroy(f);
    pump_waiting(fp); /* settles what never started */
}

static unsigned fp_busy(void *ctx)
{
    fp_t *fp = ctx;
    return fp->busy;
}

static void fp_destroy(void *ctx)
{
    fp_t *fp = ctx;
    if (!fp)
        return;
    /* stop() ran (the daemon stops producers before its loop ends), so the
     * fetcher and the source timers are already closed. */
    free(fp);
}

const pith_producer_t pith_fetch_producer = {
    .name = "fetch",
    .start = fp_start,
    .reload = fp_reload,
    .claim = fp_claim,
    .stop = fp_stop,
    .busy = fp_busy,
    .destroy = fp_destroy,
};
