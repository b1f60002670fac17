/* The Redis Streams producer and deliverer (see redis_stream.h), on a
 * session (redis_session.h) that keeps two connections up: reads wait on
 * one, acknowledgements, claims and document appends go on the other.
 *
 * Bounded memory: at most `cap` entries are in memory (read, claimed,
 * fetching, cleaning or being acknowledged); a read asks for no more than
 * the room left, and the next read is only sent when an entry settles. The
 * rest waits in Redis. An entry in memory is never taken twice: a history
 * read or a claim that returns it again skips it.
 *
 * Delivery counts come from Redis (XPENDING), not from memory, so they
 * survive crashes: an entry read again after a restart or claimed from
 * another consumer is looked up first, and one delivered more than
 * max_deliveries times (a crash loop) goes to the dead stream before it is
 * tried again. A failed entry stays pending and is retried when claim_after
 * has passed (by whichever daemon claims it first).
 *
 * Stop: reads stop at once (the blocked read is abandoned; what it would
 * have returned stays in this consumer's pending list for the next start),
 * entries in flight finish and are acknowledged, and only then, when the
 * daemon asks whether we are busy and it is idle itself, the connection is
 * closed. */
#include "redis_stream.h"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fetch.h"
#include "log.h"
#include "redis_conn.h"
#include "redis_entry.h"
#include "redis_scripts.h"
#include "redis_session.h"
#include "redis_settings.h"
#include "uvcheck.h"

#define READ_BLOCK_MS "1000"
#define PENDING_EVERY_MS 2000
#define REREAD_MIN_MS 1000
#define REREAD_MAX_MS 30000
#define CAP_MIN 4
#define CAP_MAX 256
#define ARGV_MAX 24

typedef struct rs rs_t;

typedef struct entry {
    struct entry *prev, *next;
    rs_t *r;
    char id[64];
    unsigned deliveries; /* 0: unknown, ask XPENDING */
    pith_rentry_t f;     /* its fields (redis_entry.h) */
} entry_t;

typedef struct send {
    rs_t *r;
    pith_redis_sent_cb cb;
    void *arg;
    char id[17];
    char *doc; /* kept for an EVAL when the script is not loaded */
    size_t len;
    int evaled; /* sent as EVAL (the script's text): no second try */
} send_t;

struct rs {
    pith_daemon_t *d;
    pith_rset_t set;
    pith_rset_t next; /* settings of a reload, in force once in-flight work settles */
    pith_redis_addr_t addr;
    char *password;
    pith_rsession_t *sess;
    uv_timer_t t_claim, t_pending, t_reread;
    uint64_t reread_ms;
    int history, claiming, pending_asked;
    char cursor[64], claim_cursor[64];
    entry_t *head;
    unsigned nentries, cap;
    int stopping, restart_owed, in_busy;
    pith_fetcher_t *fetcher;
    pith_metric_t *m_read, *m_acked, *m_claimed, *m_dead, *m_pending, *m_reconnects, *m_appended,
        *m_dup;
};

static void start_session(rs_t *r);
static void read_more(rs_t *r);
static void entry_start(entry_t *e);

/* Parses the address and reads the password of r->set. */
static int load_login(rs_t *r, pith_err_t *err)
{
    pith_redis_addr_t addr;
    char *pw = NULL;
    if (pith_redis_addr_parse(r->set.url, &addr, err))
        return err->code;
    if (pith_redis_password_read(r->set.password_file, &pw, err)) {
        pith_redis_addr_clear(&addr);
        return err->code;
    }
    pith_redis_addr_clear(&r->addr);
    r->addr = addr;
    free(r->password);
    r->password = pw;
    return 0;
}

/* ---- entries --------------------------------------------------------------- */

static entry_t *entry_find(rs_t *r, const char *id)
{
    for (entry_t *e = r->head; e; e = e->next)
        if (!strcmp(e->id, id))
            return e;
    return NULL;
}

static void poke_stop(rs_t *r)
{
    if (r->stopping && !r->in_busy)
        pith_daemon_producer_idle(r->d);
}

static void maybe_restart(rs_t *r);

/* Forgets an entry (settled in Redis, or left pending there for later). */
static void entry_release(entry_t *e)
{
    rs_t *r = e->r;
    if (e->prev)
        e->prev->next = e->next;
    else
        r->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    r->nentries--;
    pith_rentry_clear(&e->f);
    free(e);
    read_more(r);
    maybe_restart(r);
    poke_stop(r);
}

/* A command on the session's `cmd`; every reply callback starts with
 * pith_rsession_replied. 0, or PITH_EAGAIN when the session is not up. */
static int cmd_send(rs_t *r, redisCallbackFn *cb, void *priv, int argc, const char **argv,
                    const size_t *lens)
{
    return pith_rsession_command(r->sess, cb, priv, argc, argv, lens);
}

static int up(const rs_t *r)
{
    return pith_rsession_up(r->sess);
}

static void on_acked(redisAsyncContext *ac, void *reply, void *priv)
{
    rs_t *r = ((entry_t *)priv)->r;
    pith_rsession_replied(r->sess);
    redisReply *rep = reply;
    if (rep && rep->type == REDIS_REPLY_INTEGER)
        pith_metric_add(r->m_acked, 1);
    else if (rep && rep->type == REDIS_REPLY_ERROR)
        pith_log(LOG_WARNING, "redis: XACK %s: %s", ((entry_t *)priv)->id, rep->str);
    entry_release(priv);
}

static void entry_ack(entry_t *e)
{
    rs_t *r = e->r;
    const char *argv[] = {"XACK", r->set.input, r->set.group, e->id};
    if (cmd_send(r, on_acked, e, 4, argv, NULL) != 0)
        entry_release(e); /* acknowledged after the next reconnect's history read */
}

static void on_dead(redisAsyncContext *ac, void *reply, void *priv)
{
    rs_t *r = ((entry_t *)priv)->r;
    pith_rsession_replied(r->sess);
    redisReply *rep = reply;
    entry_t *e = priv;
    if (rep && rep->type == REDIS_REPLY_INTEGER && rep->integer == 1)
        pith_metric_add(r->m_dead, 1);
    else if (rep && rep->type == REDIS_REPLY_ERROR)
        pith_log(LOG_WARNING, "redis: dead-lettering %s: %s", e->id, rep->str);
    entry_release(e);
}

/* Moves e to the dead stream with why, and acknowledges it, atomically. */
static void entry_dead(entry_t *e, const char *why)
{
    rs_t *r = e->r;
    char deliveries[16];
    snprintf(deliveries, sizeof deliveries, "%u", e->deliveries);
    pith_log(LOG_WARNING, "redis: entry %s to %s: %s", e->id, r->set.dead, why);
    const char *argv[ARGV_MAX] = {"EVALSHA",   pith_rsession_sha(r->sess, 1),
                                  "2",         r->set.input,
                                  r->set.dead, r->set.group,
                                  e->id,       r->set.consumer,
                                  why,         deliveries};
    size_t lens[ARGV_MAX];
    int argc = 10;
    const char *keep[][2] = {
        {"url", e->f.url}, {"name", e->f.name}, {"type", e->f.type}, {"charset", e->f.charset}};
    for (size_t i = 0; i < 4; i++)
        if (keep[i][1]) {
            argv[argc++] = keep[i][0];
            argv[argc++] = keep[i][1];
        }
    for (int i = 0; i < argc; i++)
        lens[i] = strlen(argv[i]);
    if (cmd_send(r, on_dead, e, argc, argv, lens) != 0)
        entry_release(e);
}

/* The entry's attempt failed for a reason of its own: dead after
 * max_deliveries attempts, else left pending for a later claim. */
static void entry_failed(entry_t *e, const char *why)
{
    rs_t *r = e->r;
    if (e->deliveries >= r->set.max_deliveries) {
        char note[600];
        snprintf(note, sizeof note, "%s (after %u deliveries)", why, e->deliveries);
        entry_dead(e, note);
        return;
    }
    pith_log(LOG_WARNING, "redis: entry %s failed (delivery %u of %u): %s", e->id, e->deliveries,
             r->set.max_deliveries, why);
    entry_release(e);
}

static void reread_cb(uv_timer_t *t)
{
    rs_t *r = t->data;
    r->history = 1;
    strcpy(r->cursor, "0");
    read_more(r);
}

/* Not now (spool full, Redis away, stopping): the entry waits in this
 * consumer's pending list and is read again after a backoff. */
static void entry_later(entry_t *e)
{
    rs_t *r = e->r;
    if (!r->stopping && !uv_is_active((uv_handle_t *)&r->t_reread)) {
        PITH_UV_MUST(uv_timer_start(&r->t_reread, reread_cb, r->reread_ms, 0));
        r->reread_ms = r->reread_ms * 2 > REREAD_MAX_MS ? REREAD_MAX_MS : r->reread_ms * 2;
    }
    entry_release(e);
}

static void on_submitted(void *arg, int rc, const char *id, const pith_err_t *err)
{
    entry_t *e = arg;
    if (rc == 0 || rc == PITH_EDUP) {
        e->r->reread_ms = REREAD_MIN_MS;
        entry_ack(e);
    } else if (rc == PITH_EAGAIN) {
        entry_later(e);
    } else {
        entry_failed(e, err && err->reason[0] ? err->reason : pith_err_name(rc));
    }
}

static void on_fetched(pith_fetcher_t *f, pith_fetch_result_t *res, void *udata)
{
    entry_t *e = udata;
    switch (res->status) {
    case PITH_FETCH_CANCELLED:
        entry_later(e);
        return;
    case PITH_FETCH_FAILED:
        entry_failed(e, res->reason);
        return;
    case PITH_FETCH_UNCHANGED:
        entry_failed(e, "unexpected 304");
        return;
    case PITH_FETCH_OK:
        break;
    }
    pith_submit_t hints = {.type = pith_rentry_type(&e->f),
                           .url = res->final_url,
                           .charset = e->f.charset ? e->f.charset : res->charset,
                           .fetched = res->fetched,
                           .source = e->f.name};
    int rc = pith_daemon_submit_bytes(e->r->d, &res->body, &hints, on_submitted, e);
    if (rc)
        entry_later(e);
}

static void entry_submit(entry_t *e)
{
    rs_t *r = e->r;
    if (e->f.has_body) {
        pith_submit_t hints = {.type = pith_rentry_type(&e->f),
                               .url = e->f.url,
                               .charset = e->f.charset,
                               .source = e->f.name};
        if (pith_daemon_submit_bytes(r->d, &e->f.body, &hints, on_submitted, e))
            entry_later(e);
        return;
    }
    pith_err_t err = {0};
    if (!r->fetcher) {
        pith_fetch_opts_t opts;
        pith_fetch_opts_from_config(&opts, pith_daemon_config(r->d));
        if (pith_fetcher_create(pith_daemon_loop(r->d), &opts, &r->fetcher, &err)) {
            entry_later(e);
            return;
        }
    }
    int rc = pith_fetcher_add(r->fetcher, e->f.url, NULL, NULL, on_fetched, e, &err);
    if (rc == PITH_EINPUT)
        entry_dead(e, err.reason);
    else if (rc)
        entry_later(e);
}

static void on_xpending(redisAsyncContext *ac, void *reply, void *priv)
{
    rs_t *r = ((entry_t *)priv)->r;
    pith_rsession_replied(r->sess);
    redisReply *rep = reply;
    entry_t *e = priv;
    if (!rep || rep->type != REDIS_REPLY_ARRAY) {
        entry_later(e);
        return;
    }
    if (rep->elements == 0) { /* settled by someone else meanwhile */
        entry_release(e);
        return;
    }
    redisReply *row = rep->element[0];
    if (row->type == REDIS_REPLY_ARRAY && row->elements >= 4 &&
        row->element[3]->type == REDIS_REPLY_INTEGER)
        e->deliveries = (unsigned)row->element[3]->integer;
    if (!e->deliveries)
        e->deliveries = 1;
    entry_start(e);
}

static void entry_start(entry_t *e)
{
    rs_t *r = e->r;
    if (r->stopping) {
        entry_release(e);
        return;
    }
    if (e->f.bad[0]) {
        entry_dead(e, e->f.bad);
        return;
    }
    if (!e->deliveries) {
        const char *argv[] = {"XPENDING", r->set.input, r->set.group, e->id, e->id, "1"};
        if (cmd_send(r, on_xpending, e, 6, argv, NULL) != 0)
            entry_release(e);
        return;
    }
    if (e->deliveries > r->set.max_deliveries) {
        char why[128];
        snprintf(why, sizeof why, "delivered %u times without being settled", e->deliveries);
        entry_dead(e, why);
        return;
    }
    entry_submit(e);
}

/* Builds an entry from [id, [field, value, ...]]; what is malformed is
 * recorded in e->f.bad, for the dead stream. NULL when out of memory. */
static entry_t *entry_parse(rs_t *r, const redisReply *item, unsigned deliveries)
{
    entry_t *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->r = r;
    e->deliveries = deliveries;
    const redisReply *id = item->element[0], *f = item->element[1];
    snprintf(e->id, sizeof e->id, "%.*s", (int)id->len, id->str);
    const char *items[2 * PITH_RENTRY_FIELDS_MAX + 2];
    size_t lens[2 * PITH_RENTRY_FIELDS_MAX + 2], n = 0;
    if (f->type == REDIS_REPLY_ARRAY)
        for (; n < f->elements && n < sizeof items / sizeof *items; n++) {
            const redisReply *x = f->element[n];
            items[n] = x->type == REDIS_REPLY_STRING ? x->str : NULL;
            lens[n] = x->type == REDIS_REPLY_STRING ? x->len : 0;
        }
    if (pith_rentry_parse(&e->f, n, items, lens, pith_daemon_config(r->d)->max_input_bytes)) {
        free(e);
        return NULL;
    }
    return e;
}

/* Takes the entries of an XREADGROUP/XAUTOCLAIM reply into memory and starts
 * them. Returns how many were in the reply. */
static size_t take_entries(rs_t *r, const redisReply *list, unsigned deliveries, int claimed)
{
    if (!list || list->type != REDIS_REPLY_ARRAY)
        return 0;
    for (size_t i = 0; i < list->elements; i++) {
        const redisReply *it = list->element[i];
        if (it->type != REDIS_REPLY_ARRAY || it->elements != 2 ||
            it->element[0]->type != REDIS_REPLY_STRING)
            continue;
        if (r->history)
            snprintf(r->cursor, sizeof r->cursor, "%.*s", (int)it->element[0]->len,
                     it->element[0]->str);
        char id[64];
        snprintf(id, sizeof id, "%.*s", (int)it->element[0]->len, it->element[0]->str);
        if (entry_find(r, id))
            continue; /* in memory already: never twice at once */
        if (it->element[1]->type == REDIS_REPLY_NIL) {
            /* Deleted from the stream while pending: nothing left to do. */
            const char *argv[] = {"XACK", r->set.input, r->set.group, id};
            entry_t *gone = calloc(1, sizeof *gone);
            if (gone) {
                gone->r = r;
                snprintf(gone->id, sizeof gone->id, "%s", id);
                gone->next = r->head;
                if (r->head)
                    r->head->prev = gone;
                r->head = gone;
                r->nentries++;
                if (cmd_send(r, on_acked, gone, 4, argv, NULL) != 0)
                    entry_release(gone);
            }
            continue;
        }
        entry_t *e = entry_parse(r, it, deliveries);
        if (!e)
            break;
        e->next = r->head;
        if (r->head)
            r->head->prev = e;
        r->head = e;
        r->nentries++;
        pith_metric_add(claimed ? r->m_claimed : r->m_read, 1);
        entry_start(e);
    }
    return list->elements;
}

/* ---- reading ----------------------------------------------------------------- */

static void on_read(redisAsyncContext *ac, void *reply, void *priv)
{
    rs_t *r = priv;
    pith_rsession_read_done(r->sess);
    redisReply *rep = reply;
    if (!rep || !up(r))
        return; /* the connection went: a reconnect reads history again */
    if (rep->type == REDIS_REPLY_ERROR) {
        pith_log(LOG_WARNING, "redis: XREADGROUP: %s", rep->str);
        /* NOGROUP (the group or stream was deleted): a new session creates
         * it again; reading in a loop against an error would spin. */
        pith_rsession_fail(r->sess, rep->str);
        return;
    }
    size_t n = 0;
    if (rep->type == REDIS_REPLY_ARRAY && rep->elements == 1 &&
        rep->element[0]->type == REDIS_REPLY_ARRAY && rep->element[0]->elements == 2)
        n = take_entries(r, rep->element[0]->element[1], r->history ? 0 : 1, 0);
    if (r->history && n == 0)
        r->history = 0; /* own pending entries all seen: new entries now */
    read_more(r);
}

static void read_more(rs_t *r)
{
    if (!up(r) || pith_rsession_reading(r->sess) || r->stopping || r->restart_owed ||
        !r->set.input[0])
        return;
    if (r->nentries >= r->cap)
        return; /* back-pressure: the next read waits until an entry settles */
    char count[16];
    snprintf(count, sizeof count, "%u", r->cap - r->nentries);
    const char *argv[12] = {"XREADGROUP", "GROUP", r->set.group, r->set.consumer, "COUNT", count};
    int argc = 6;
    if (!r->history) {
        argv[argc++] = "BLOCK";
        argv[argc++] = READ_BLOCK_MS;
    }
    argv[argc++] = "STREAMS";
    argv[argc++] = r->set.input;
    argv[argc++] = r->history ? r->cursor : ">";
    pith_rsession_read(r->sess, on_read, r, argc, argv);
}

static void on_claimed(redisAsyncContext *ac, void *reply, void *priv)
{
    rs_t *r = priv;
    pith_rsession_replied(r->sess);
    r->claiming = 0;
    redisReply *rep = reply;
    if (!rep || rep->type != REDIS_REPLY_ARRAY || rep->elements < 2)
        return;
    if (rep->element[0]->type == REDIS_REPLY_STRING)
        snprintf(r->claim_cursor, sizeof r->claim_cursor, "%.*s", (int)rep->element[0]->len,
                 rep->element[0]->str);
    int was = r->history;
    r->history = 0; /* the cursor is the reader's, not the claim's */
    take_entries(r, rep->element[1], 0, 1);
    r->history = was;
}

static void claim_cb(uv_timer_t *t)
{
    rs_t *r = t->data;
    if (!up(r) || r->claiming || r->stopping || r->restart_owed || !r->set.input[0] ||
        r->nentries >= r->cap)
        return;
    char idle[24], count[16];
    snprintf(idle, sizeof idle, "%llu", (unsigned long long)r->set.claim_after_ms);
    snprintf(count, sizeof count, "%u", r->cap - r->nentries);
    const char *argv[] = {"XAUTOCLAIM", r->set.input,    r->set.group, r->set.consumer,
                          idle,         r->claim_cursor, "COUNT",      count};
    if (cmd_send(r, on_claimed, r, 8, argv, NULL) == 0)
        r->claiming = 1;
}

static void on_pending(redisAsyncContext *ac, void *reply, void *priv)
{
    rs_t *r = priv;
    pith_rsession_replied(r->sess);
    r->pending_asked = 0;
    redisReply *rep = reply;
    if (rep && rep->type == REDIS_REPLY_ARRAY && rep->elements >= 1 &&
        rep->element[0]->type == REDIS_REPLY_INTEGER)
        pith_metric_set(r->m_pending, (double)rep->element[0]->integer);
}

static void pending_cb(uv_timer_t *t)
{
    rs_t *r = t->data;
    if (!up(r) || r->pending_asked || !r->set.input[0])
        return;
    const char *argv[] = {"XPENDING", r->set.input, r->set.group};
    if (cmd_send(r, on_pending, r, 3, argv, NULL) == 0)
        r->pending_asked = 1;
}

/* ---- the session's hooks ---------------------------------------------------------- */

static void on_up(void *arg)
{
    rs_t *r = arg;
    /* Own pending entries first: what a crash or a lost connection left. */
    r->history = 1;
    strcpy(r->cursor, "0");
    strcpy(r->claim_cursor, "0-0");
    if (r->set.input[0]) {
        uint64_t every = r->set.claim_after_ms / 2 < 100 ? 100 : r->set.claim_after_ms / 2;
        PITH_UV_MUST(uv_timer_start(&r->t_claim, claim_cb, every, every));
        PITH_UV_MUST(uv_timer_start(&r->t_pending, pending_cb, 0, PENDING_EVERY_MS));
    }
    read_more(r);
}

static void on_down(void *arg)
{
    rs_t *r = arg;
    r->claiming = r->pending_asked = 0;
    uv_timer_stop(&r->t_claim);
    uv_timer_stop(&r->t_pending);
    maybe_restart(r);
    poke_stop(r);
}

static void on_closed(void *arg)
{
    rs_t *r = arg;
    maybe_restart(r);
    poke_stop(r);
}

static void start_session(rs_t *r)
{
    static const char *const scripts[] = {pith_redis_script_out, pith_redis_script_dead};
    char label[400];
    snprintf(label, sizeof label, "consumer %s", r->set.consumer);
    pith_rsession_conf_t conf = {.addr = &r->addr,
                                 .password = r->password,
                                 .scripts = scripts,
                                 .nscripts = 2,
                                 .input = r->set.input,
                                 .group = r->set.group,
                                 .label = label};
    if (r->stopping || !r->set.used)
        return;
    if (pith_rsession_connect(r->sess, &conf))
        pith_log(LOG_ERR, "redis: out of memory; not connecting");
}

/* A reload changed the session's settings: once nothing is in flight, close
 * and connect with the new ones. */
static void maybe_restart(rs_t *r)
{
    if (!r->restart_owed || r->stopping || r->nentries || pith_rsession_pending(r->sess))
        return;
    if (pith_rsession_open(r->sess)) {
        pith_rsession_close(r->sess); /* on_closed calls back */
        return;
    }
    r->restart_owed = 0;
    pith_rset_free(&r->set);
    r->set = r->next;
    memset(&r->next, 0, sizeof r->next);
    pith_err_t err = {0};
    if (load_login(r, &err)) {
        pith_log(LOG_ERR, "redis: %s; not connecting", err.reason);
        return;
    }
    start_session(r);
}

/* ---- the deliverer ----------------------------------------------------------------- */

static void on_sent(redisAsyncContext *ac, void *reply, void *priv);

/* Sends the append script for s: by its SHA1, or (eval) its text. 0, or
 * PITH_EAGAIN when the session is not up. */
static int send_append(rs_t *r, send_t *s, int eval)
{
    char maxlen[16], keep[24];
    snprintf(maxlen, sizeof maxlen, "%u", r->set.maxlen);
    snprintf(
        keep, sizeof keep, "%llu",
        (unsigned long long)pith_redis_ids_keep_ms(r->set.claim_after_ms, r->set.max_deliveries));
    const char *argv[] = {eval ? "EVAL" : "EVALSHA",
                          eval ? pith_redis_script_out : pith_rsession_sha(r->sess, 0),
                          "2",
                          r->set.output,
                          r->set.ids_key,
                          s->id,
                          s->doc,
                          maxlen,
                          keep};
    size_t lens[9];
    for (int i = 0; i < 9; i++)
        lens[i] = i == 6 ? s->len : strlen(argv[i]);
    s->evaled = eval;
    return cmd_send(r, on_sent, s, 9, argv, lens);
}

static void on_sent(redisAsyncContext *ac, void *reply, void *priv)
{
    send_t *s = priv;
    rs_t *r = s->r;
    pith_rsession_replied(r->sess);
    redisReply *rep = reply;
    int rc = PITH_EAGAIN;
    const char *why = "connection to redis lost";
    if (rep && rep->type == REDIS_REPLY_ERROR && !strncmp(rep->str, "NOSCRIPT", 8) && !s->evaled) {
        /* The script cache was flushed: once more, with the script's text. */
        if (send_append(r, s, 1) == 0)
            return;
    } else if (rep && rep->type == REDIS_REPLY_INTEGER) {
        rc = rep->integer == 1 ? 0 : PITH_EDUP;
        pith_metric_add(rc ? r->m_dup : r->m_appended, 1);
    } else if (rep && rep->type == REDIS_REPLY_ERROR) {
        why = rep->str;
        pith_log(LOG_WARNING, "redis: appending %s to %s: %s", s->id, r->set.output, rep->str);
    }
    s->cb(s->arg, rc, rc ? why : NULL);
    free(s->doc);
    free(s);
    maybe_restart(r);
    poke_stop(r);
}

int pith_redis_deliver(void *ctx, const char *id, const char *doc, size_t len,
                       pith_redis_sent_cb cb, void *arg)
{
    rs_t *r = ctx;
    if (!r || !up(r) || r->restart_owed || !r->set.output[0])
        return PITH_EAGAIN;
    send_t *s = calloc(1, sizeof *s);
    if (!s || !(s->doc = malloc(len + 1))) {
        free(s);
        return PITH_EAGAIN;
    }
    memcpy(s->doc, doc, len);
    s->len = len;
    s->r = r;
    s->cb = cb;
    s->arg = arg;
    snprintf(s->id, sizeof s->id, "%s", id);
    if (send_append(r, s, 0) != 0) {
        free(s->doc);
        free(s);
        return PITH_EAGAIN;
    }
    return 0;
}

/* ---- the producer's hooks ----------------------------------------------------------- */

static int rs_start(pith_daemon_t *d, void **ctx, pith_err_t *err)
{
    rs_t *r = calloc(1, sizeof *r);
    if (!r)
        return pith_err_set(err, PITH_ENOMEM, "out of memory");
    r->d = d;
    r->reread_ms = REREAD_MIN_MS;
    const pith_config_t *c = pith_daemon_config(d);
    unsigned cap = c->workers * 4;
    r->cap = cap < CAP_MIN ? CAP_MIN : cap > CAP_MAX ? CAP_MAX : cap;
    uv_timer_t *timers[] = {&r->t_claim, &r->t_pending, &r->t_reread};
    for (size_t i = 0; i < sizeof timers / sizeof *timers; i++) {
        PITH_UV_MUST(uv_timer_init(pith_daemon_loop(d), timers[i]));
        timers[i]->data = r;
    }
    pith_metrics_t *m = pith_daemon_metrics(d);
    const char *h = "Redis stream entries, by what happened to them";
    r->m_read = pith_metrics_counter(m, "pith_redis_entries_total", h, "result=\"read\"");
    r->m_claimed = pith_metrics_counter(m, "pith_redis_entries_total", h, "result=\"claimed\"");
    r->m_acked = pith_metrics_counter(m, "pith_redis_entries_total", h, "result=\"acked\"");
    r->m_dead = pith_metrics_counter(m, "pith_redis_entries_total", h, "result=\"dead\"");
    r->m_pending = pith_metrics_gauge(
        m, "pith_redis_pending", "Entries pending in the consumer group (all consumers)", NULL);
    r->m_reconnects = pith_metrics_counter(m, "pith_redis_reconnects_total",
                                           "Connections to Redis retried", NULL);
    const char *o = "Documents sent to the Redis output stream, by result";
    r->m_appended = pith_metrics_counter(m, "pith_redis_documents_total", o, "result=\"appended\"");
    r->m_dup = pith_metrics_counter(m, "pith_redis_documents_total", o, "result=\"duplicate\"");
    *ctx = r;
    static const pith_rsession_hooks_t hooks = {.up = on_up, .down = on_down, .closed = on_closed};
    if (pith_rsession_create(pith_daemon_loop(d), &hooks, r, r->m_reconnects, &r->sess) ||
        pith_rset_from(&r->set, c))
        return pith_err_set(err, PITH_ENOMEM, "out of memory");
    if (!r->set.used)
        return 0;
    if (load_login(r, err))
        return err->code;
    start_session(r);
    return 0;
}

static void rs_reload(void *ctx)
{
    rs_t *r = ctx;
    pith_rset_t n;
    if (pith_rset_from(&n, pith_daemon_config(r->d)))
        return;
    const pith_rset_t *cur = r->restart_owed ? &r->next : &r->set;
    if (pith_rset_same_session(cur, &n)) {
        /* Counts, times and where documents go take effect at once. */
        pith_rset_t *dst = r->restart_owed ? &r->next : &r->set;
        dst->claim_after_ms = n.claim_after_ms;
        dst->max_deliveries = n.max_deliveries;
        dst->maxlen = n.maxlen;
        dst->deliver = n.deliver;
        pith_rset_free(&n);
        if (up(r) && r->set.input[0]) {
            uint64_t every = r->set.claim_after_ms / 2 < 100 ? 100 : r->set.claim_after_ms / 2;
            PITH_UV_MUST(uv_timer_start(&r->t_claim, claim_cb, every, every));
        }
        return;
    }
    /* Entries in flight belong to the old stream and group: they settle
     * with the old settings, then the session restarts with the new. */
    pith_rset_free(&r->next);
    r->next = n;
    pith_log(LOG_NOTICE, "redis: settings changed; reconnecting once entries in flight settle");
    r->restart_owed = 1;
    pith_rsession_drop_reader(r->sess); /* a blocked read would delay the restart */
    maybe_restart(r);
}

static void rs_stop(void *ctx)
{
    rs_t *r = ctx;
    r->stopping = 1;
    r->in_busy = 1; /* the daemon is inside begin_stop: no calls back into it */
    uv_timer_t *timers[] = {&r->t_claim, &r->t_pending, &r->t_reread};
    for (size_t i = 0; i < sizeof timers / sizeof *timers; i++)
        uv_timer_stop(timers[i]);
    pith_rsession_stop(r->sess); /* abandons the blocked read */
    if (r->fetcher) {
        pith_fetcher_destroy(r->fetcher); /* cancelled fetches wait in Redis */
        r->fetcher = NULL;
    }
    r->in_busy = 0;
}

/* Called by the daemon once it is idle itself: then no more documents come
 * for delivery, and the last connection can close. */
static unsigned rs_busy(void *ctx)
{
    rs_t *r = ctx;
    unsigned n = r->nentries + pith_rsession_pending(r->sess);
    if (!r->stopping || n)
        return n;
    r->in_busy = 1;
    pith_rsession_disconnect(r->sess); /* nothing pending: closes now */
    r->in_busy = 0;
    return pith_rsession_open(r->sess) ? 1 : 0;
}

static void rs_destroy(void *ctx)
{
    rs_t *r = ctx;
    if (!r)
        return;
    while (r->head) {
        entry_t *e = r->head;
        r->head = e->next;
        pith_rentry_clear(&e->f);
        free(e);
    }
    pith_rsession_destroy(r->sess);
    pith_rset_free(&r->set);
    pith_rset_free(&r->next);
    pith_redis_addr_clear(&r->addr);
    free(r->password);
    free(r);
}

const pith_producer_t pith_redis_producer = {
    .name = "redis",
    .start = rs_start,
    .reload = rs_reload,
    .stop = rs_stop,
    .busy = rs_busy,
    .destroy = rs_destroy,
    .deliver = pith_redis_deliver,
};
