/* The Redis session of redis_session.h: connecting, the setup of each
 * connection, backoff, deadlines, and closing on purpose.
 *
 * hiredis owns each redisAsyncContext: it frees one after a failed connect
 * or a disconnect, calling every pending callback with a NULL reply first.
 * So `conn.ac` is cleared in those callbacks, and a connection closed on
 * purpose is marked `quiet` so that its disconnect is not taken for a
 * failure. */
#include "redis_session.h"

#include <hiredis/adapters/libuv.h>
#include <hiredis/hiredis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "log.h"
#include "uvcheck.h"

#define RETRY_MIN_MS 200
#define RETRY_MAX_MS 30000
#define CONNECT_TIMEOUT_MS 3000
#define READ_DEADLINE_MS 6000
#define REPLY_DEADLINE_MS 15000
#define WATCH_EVERY_MS 1000
#define SCRIPTS_MAX 4

typedef struct conn {
    pith_rsession_t *s;
    redisAsyncContext *ac;
    int setup_left; /* setup replies still awaited */
    int quiet;      /* closed on purpose: its disconnect is not a failure */
} conn_t;

enum { S_IDLE, S_CONNECTING, S_UP };

struct pith_rsession {
    uv_loop_t *loop;
    pith_rsession_hooks_t hooks;
    void *arg;
    pith_metric_t *m_reconnects;
    /* settings */
    pith_redis_addr_t addr;
    char *password, *input, *group, *label;
    const char *const *scripts;
    size_t nscripts;
    char sha[SCRIPTS_MAX][48];
    /* state */
    conn_t rd, cmd;
    int state, stopping, closing, logged_down, ever_up, reading;
    unsigned pending;
    uint64_t retry_ms, connect_since, read_since, cmd_since;
    uv_timer_t t_retry, t_connect, t_watch;
};

static void connect_now(pith_rsession_t *s);

static const char *where(const pith_rsession_t *s, char *buf, size_t n)
{
    if (s->addr.path)
        snprintf(buf, n, "unix:%s", s->addr.path);
    else
        snprintf(buf, n, "%s:%d", s->addr.host ? s->addr.host : "?", s->addr.port);
    return buf;
}

static void close_conn(conn_t *c)
{
    redisAsyncContext *ac = c->ac;
    if (!ac)
        return;
    c->quiet = 1;
    /* hiredis calls the disconnect callback only for a connected context;
     * one still connecting is simply freed. */
    if (!(ac->c.flags & REDIS_CONNECTED))
        c->ac = NULL;
    redisAsyncFree(ac); /* pending callbacks get NULL; deferred inside a callback */
}

static void retry_cb(uv_timer_t *t)
{
    connect_now(t->data);
}

/* Either connection failed: drop both, retry later (unless stopping or
 * closing), logged once until the session is up again. */
static void session_down(pith_rsession_t *s, const char *why)
{
    if (s->state == S_IDLE)
        return;
    s->state = S_IDLE;
    s->reading = 0; /* pending stays: the callbacks, called with NULL, count down */
    uv_timer_stop(&s->t_connect);
    uv_timer_stop(&s->t_watch);
    close_conn(&s->rd);
    close_conn(&s->cmd);
    if (!s->stopping && !s->closing) {
        if (!s->logged_down) {
            char w[300];
            pith_log(LOG_WARNING, "redis %s: %s; retrying with backoff (logged once until back)",
                     where(s, w, sizeof w), why && *why ? why : "connection lost");
            s->logged_down = 1;
        }
        PITH_UV_MUST(uv_timer_start(&s->t_retry, retry_cb, s->retry_ms, 0));
        s->retry_ms = s->retry_ms * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : s->retry_ms * 2;
    }
    if (s->hooks.down)
        s->hooks.down(s->arg);
}

static void watch_cb(uv_timer_t *t)
{
    pith_rsession_t *s = t->data;
    uint64_t now = uv_now(s->loop);
    if (s->state != S_UP)
        return;
    if (s->reading && now - s->read_since > READ_DEADLINE_MS)
        session_down(s, "no answer to a read");
    else if (s->pending && now - s->cmd_since > REPLY_DEADLINE_MS)
        session_down(s, "no answer to a command");
}

static void session_up(pith_rsession_t *s)
{
    char w[300];
    s->state = S_UP;
    uv_timer_stop(&s->t_connect);
    s->retry_ms = RETRY_MIN_MS;
    pith_log(LOG_NOTICE, "redis %s: connected%s (%s)", where(s, w, sizeof w),
             s->logged_down || s->ever_up ? " again" : "", s->label ? s->label : "");
    s->logged_down = 0;
    s->ever_up = 1;
    PITH_UV_MUST(uv_timer_start(&s->t_watch, watch_cb, WATCH_EVERY_MS, WATCH_EVERY_MS));
    if (s->hooks.up)
        s->hooks.up(s->arg);
}

/* Both connections gone after a close asked for. */
static void maybe_closed(pith_rsession_t *s)
{
    if (s->rd.ac || s->cmd.ac)
        return;
    s->closing = 0;
    if (s->hooks.closed)
        s->hooks.closed(s->arg);
}

static void on_disconnect(const redisAsyncContext *ac, int status)
{
    conn_t *c = ac->data;
    pith_rsession_t *s = c->s;
    if (c->ac != ac)
        return;
    c->ac = NULL;
    if (c->quiet) {
        c->quiet = 0;
        maybe_closed(s);
        return;
    }
    session_down(s, ac->errstr);
}

static void on_connect(const redisAsyncContext *ac, int status)
{
    conn_t *c = ac->data;
    if (status == REDIS_OK || c->ac != ac)
        return;
    c->ac = NULL; /* hiredis frees it after this callback */
    session_down(c->s, ac->errstr);
}

static void on_setup(redisAsyncContext *ac, void *reply, void *priv)
{
    conn_t *c = ac->data;
    pith_rsession_t *s = c->s;
    redisReply *rep = reply;
    if (!rep || s->state != S_CONNECTING)
        return;
    if (rep->type == REDIS_REPLY_ERROR && strncmp(rep->str, "BUSYGROUP", 9)) {
        char why[300];
        snprintf(why, sizeof why, "%s", rep->str);
        session_down(s, why);
        return;
    }
    if (priv && rep->type == REDIS_REPLY_STRING)
        snprintf(priv, sizeof s->sha[0], "%s", rep->str); /* a script's SHA1 */
    if (--c->setup_left == 0 && s->rd.setup_left == 0 && s->cmd.setup_left == 0)
        session_up(s);
}

/* While connecting: the socket's own error (which the adapter does not pass
 * on), or the deadline. */
static void connect_check_cb(uv_timer_t *t)
{
    pith_rsession_t *s = t->data;
    conn_t *cs[] = {&s->cmd, &s->rd};
    for (int i = 0; i < 2; i++) {
        int e = 0;
        socklen_t n = sizeof e;
        if (cs[i]->ac && cs[i]->ac->c.fd >= 0 &&
            getsockopt(cs[i]->ac->c.fd, SOL_SOCKET, SO_ERROR, &e, &n) == 0 && e) {
            session_down(s, strerror(e));
            return;
        }
    }
    if (uv_now(s->loop) - s->connect_since > CONNECT_TIMEOUT_MS)
        session_down(s, "no answer (unreachable or too slow)");
}

static int conn_open(pith_rsession_t *s, conn_t *c, const char **why)
{
    static char errbuf[256];
    redisAsyncContext *ac = s->addr.path ? redisAsyncConnectUnix(s->addr.path)
                                         : redisAsyncConnect(s->addr.host, s->addr.port);
    if (!ac || ac->err) {
        snprintf(errbuf, sizeof errbuf, "%s", ac ? ac->errstr : "out of memory");
        if (ac)
            redisAsyncFree(ac);
        *why = errbuf;
        return PITH_EAGAIN;
    }
    ac->data = c;
    if (redisLibuvAttach(ac, s->loop) != REDIS_OK) {
        redisAsyncFree(ac);
        *why = "cannot attach to the loop";
        return PITH_EAGAIN;
    }
    redisAsyncSetConnectCallback(ac, on_connect);
    redisAsyncSetDisconnectCallback(ac, on_disconnect);
    c->ac = ac;
    c->quiet = 0;
    c->setup_left = 1;
    redisAsyncCommand(ac, on_setup, NULL, "PING");
    if (s->password) {
        c->setup_left++;
        redisAsyncCommand(ac, on_setup, NULL, "AUTH %s", s->password);
    }
    if (s->addr.db) {
        c->setup_left++;
        redisAsyncCommand(ac, on_setup, NULL, "SELECT %d", s->addr.db);
    }
    return 0;
}

static void connect_now(pith_rsession_t *s)
{
    if (s->stopping || s->state != S_IDLE || s->rd.ac || s->cmd.ac)
        return;
    if ((s->ever_up || s->logged_down) && s->m_reconnects)
        pith_metric_add(s->m_reconnects, 1);
    s->state = S_CONNECTING;
    s->connect_since = uv_now(s->loop);
    PITH_UV_MUST(uv_timer_start(&s->t_connect, connect_check_cb, 100, 250));
    const char *why = NULL;
    if (conn_open(s, &s->cmd, &why) || conn_open(s, &s->rd, &why)) {
        session_down(s, why);
        return;
    }
    conn_t *c = &s->cmd;
    for (size_t i = 0; i < s->nscripts; i++) {
        c->setup_left++;
        redisAsyncCommand(c->ac, on_setup, s->sha[i], "SCRIPT LOAD %s", s->scripts[i]);
    }
    if (s->input && s->input[0]) {
        /* From the start of the stream: inputs pushed before any daemon ran
         * are not skipped. BUSYGROUP (it exists) is fine. */
        c->setup_left++;
        redisAsyncCommand(c->ac, on_setup, NULL, "XGROUP CREATE %s %s 0 MKSTREAM", s->input,
                          s->group);
    }
}

/* ---- the interface ----------------------------------------------------------- */

int pith_rsession_create(uv_loop_t *loop, const pith_rsession_hooks_t *hooks, void *arg,
                         pith_metric_t *reconnects, pith_rsession_t **out)
{
    pith_rsession_t *s = calloc(1, sizeof *s);
    if (!s)
        return PITH_ENOMEM;
    s->loop = loop;
    s->hooks = *hooks;
    s->arg = arg;
    s->m_reconnects = reconnects;
    s->rd.s = s->cmd.s = s;
    s->retry_ms = RETRY_MIN_MS;
    uv_timer_t *timers[] = {&s->t_retry, &s->t_connect, &s->t_watch};
    for (size_t i = 0; i < 3; i++) {
        PITH_UV_MUST(uv_timer_init(loop, timers[i]));
        timers[i]->data = s;
    }
    *out = s;
    return 0;
}

void pith_rsession_destroy(pith_rsession_t *s)
{
    if (!s)
        return;
    pith_redis_addr_clear(&s->addr);
    free(s->password);
    free(s->input);
    free(s->group);
    free(s->label);
    free(s);
}

static int dup_into(char **dst, const char *src)
{
    free(*dst);
    *dst = src ? strdup(src) : NULL;
    return src && !*dst ? -1 : 0;
}

int pith_rsession_connect(pith_rsession_t *s, const pith_rsession_conf_t *conf)
{
    pith_redis_addr_clear(&s->addr);
    if (dup_into(&s->addr.host, conf->addr->host) || dup_into(&s->addr.path, conf->addr->path) ||
        dup_into(&s->password, conf->password) || dup_into(&s->input, conf->input) ||
        dup_into(&s->group, conf->group) || dup_into(&s->label, conf->label))
        return PITH_ENOMEM;
    s->addr.port = conf->addr->port;
    s->addr.db = conf->addr->db;
    s->scripts = conf->scripts;
    s->nscripts = conf->nscripts < SCRIPTS_MAX ? conf->nscripts : SCRIPTS_MAX;
    s->retry_ms = RETRY_MIN_MS;
    s->logged_down = 0;
    uv_timer_stop(&s->t_retry);
    connect_now(s);
    return 0;
}

int pith_rsession_up(const pith_rsession_t *s)
{
    return s->state == S_UP && s->cmd.ac && s->rd.ac;
}

int pith_rsession_open(const pith_rsession_t *s)
{
    return s->rd.ac || s->cmd.ac;
}

const char *pith_rsession_sha(const pith_rsession_t *s, size_t i)
{
    return i < SCRIPTS_MAX ? s->sha[i] : "";
}

int pith_rsession_command(pith_rsession_t *s, redisCallbackFn *cb, void *priv, int argc,
                          const char **argv, const size_t *lens)
{
    if (s->state != S_UP || !s->cmd.ac)
        return PITH_EAGAIN;
    if (redisAsyncCommandArgv(s->cmd.ac, cb, priv, argc, argv, lens) != REDIS_OK)
        return PITH_EAGAIN;
    if (s->pending++ == 0)
        s->cmd_since = uv_now(s->loop);
    return 0;
}

void pith_rsession_replied(pith_rsession_t *s)
{
    if (s->pending)
        s->pending--;
    s->cmd_since = uv_now(s->loop);
}

unsigned pith_rsession_pending(const pith_rsession_t *s)
{
    return s->pending;
}

int pith_rsession_read(pith_rsession_t *s, redisCallbackFn *cb, void *priv, int argc,
                       const char **argv)
{
    if (s->state != S_UP || !s->rd.ac || s->reading)
        return PITH_EAGAIN;
    if (redisAsyncCommandArgv(s->rd.ac, cb, priv, argc, argv, NULL) != REDIS_OK)
        return PITH_EAGAIN;
    s->reading = 1;
    s->read_since = uv_now(s->loop);
    return 0;
}

void pith_rsession_read_done(pith_rsession_t *s)
{
    s->reading = 0;
}

int pith_rsession_reading(const pith_rsession_t *s)
{
    return s->reading;
}

void pith_rsession_drop_reader(pith_rsession_t *s)
{
    close_conn(&s->rd);
}

void pith_rsession_fail(pith_rsession_t *s, const char *why)
{
    session_down(s, why);
}

void pith_rsession_close(pith_rsession_t *s)
{
    s->closing = 1;
    uv_timer_stop(&s->t_retry);
    if (s->state != S_IDLE)
        session_down(s, NULL);
    maybe_closed(s);
}

void pith_rsession_stop(pith_rsession_t *s)
{
    s->stopping = 1;
    uv_timer_stop(&s->t_retry);
    uv_timer_stop(&s->t_connect);
    uv_timer_stop(&s->t_watch);
    close_conn(&s->rd); /* abandon the blocked read */
    if (s->state == S_CONNECTING)
        session_down(s, "stopping");
}

void pith_rsession_disconnect(pith_rsession_t *s)
{
    s->stopping = 1;
    s->state = S_IDLE;
    if (s->cmd.ac) {
        s->cmd.quiet = 1;
        redisAsyncDisconnect(s->cmd.ac); /* after the replies pending, if any */
    }
    close_conn(&s->rd);
}
