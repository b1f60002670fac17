/* libcurl's multi interface on a libuv loop, with per-host politeness and
 * retries.
 *
 * The shape follows curl's own "multi-uv" pattern: curl tells us which
 * sockets to watch (CURLMOPT_SOCKETFUNCTION → one uv_poll_t each, closed
 * with uv_close before it is freed) and when to call it back
 * (CURLMOPT_TIMERFUNCTION → one uv_timer_t); readiness and timeouts go back
 * through curl_multi_socket_action, and finished transfers are drained with
 * curl_multi_info_read after every action.
 *
 * On top of that sits a small scheduler. A request waits in its host's FIFO
 * until the host has fewer than per_host transfers running, `delay` has
 * passed since the host's last start, and fewer than max_total transfers run
 * overall. A failed attempt that may succeed later sleeps in the "delayed"
 * list until its backoff has passed. One wake timer covers every such
 * deadline, so the number of libuv handles does not grow with the queue.
 * Easy handles exist only while a request is running or retrying, so a queue
 * of thousands of URLs costs a few hundred bytes each. */
#include "fetch.h"

#include <ctype.h>
#include <curl/curl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "addrpolicy.h"
#include "config.h"
#include "fetch_http.h"
#include "url.h"
#include "uvcheck.h"

#define DEFAULT_TIMEOUT_MS 30000u
#define DEFAULT_MAX_BYTES ((size_t)8 << 20)
#define DEFAULT_MAX_TOTAL 16u
#define DEFAULT_BACKOFF_MS 500u
#define DEFAULT_BACKOFF_MAX_MS 300000u
#define LOW_SPEED_BYTES 512L /* below this many bytes/s for a while: cut off */

typedef struct req req_t;
typedef struct host host_t;

typedef struct list {
    req_t *head, *tail;
} list_t;

struct req {
    req_t *prev, *next; /* in exactly one list: a host queue, delayed, active */
    pith_fetcher_t *f;
    host_t *host;
    char *url, *etag, *last_modified;
    pith_fetch_cb cb;
    void *udata;
    CURL *easy;
    struct curl_slist *headers;
    pith_buf_t body;
    int too_big;
    unsigned attempts;
    uint64_t bytes;
    uint64_t not_before; /* loop time (ms) before which a retry must not start */
    uint64_t started;    /* loop time of the first start */
    char errbuf[CURL_ERROR_SIZE];
    char refused[256]; /* why the policy refused an address in this attempt, or "" */
};

struct host {
    host_t *next;
    char name[256];
    unsigned active;
    uint64_t next_allowed; /* loop time of the earliest next start */
    list_t queue;
};

typedef struct sock {
    uv_poll_t poll;
    curl_socket_t fd;
    pith_fetcher_t *f;
    struct sock *prev, *next;
} sock_t;

struct pith_fetcher {
    uv_loop_t *loop;
    CURLM *multi;
    uv_timer_t curl_timer; /* curl's own timeouts */
    uv_timer_t wake;       /* politeness delays and retry backoff */
    pith_fetch_opts_t o;
    char *user_agent;
    pith_allowlist_t allow;
    host_t *hosts;
    list_t delayed, active, failed;
    size_t nactive, pending;
    sock_t *socks;
    int closing, in_pump, repump;
    unsigned open_handles;
    uint64_t rng;
    pith_fetch_attempt_cb on_attempt;
    void *attempt_udata;
};

/* ---- small helpers ------------------------------------------------------- */

static void list_push(list_t *l, req_t *r, int front)
{
    r->prev = r->next = NULL;
    if (!l->head) {
        l->head = l->tail = r;
    } else if (front) {
        r->next = l->head;
        l->head->prev = r;
        l->head = r;
    } else {
        r->prev = l->tail;
        l->tail->next = r;
        l->tail = r;
    }
}

static void list_remove(list_t *l, req_t *r)
{
    if (r->prev)
        r->prev->next = r->next;
    else
        l->head = r->next;
    if (r->next)
        r->next->prev = r->prev;
    else
        l->tail = r->prev;
    r->prev = r->next = NULL;
}

static uint32_t next_rand(pith_fetcher_t *f)
{
    /* xorshift64*: jitter only needs to differ between clients. */
    f->rng ^= f->rng >> 12;
    f->rng ^= f->rng << 25;
    f->rng ^= f->rng >> 27;
    return (uint32_t)((f->rng * 0x2545F4914F6CDD1DULL) >> 32);
}

static void iso_now(char *buf, size_t size)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
}

void pith_fetch_opts_from_config(pith_fetch_opts_t *opts, const pith_config_t *cfg)
{
    memset(opts, 0, sizeof *opts);
    opts->user_agent = cfg->user_agent;
    opts->timeout_ms = cfg->fetch_timeout_ms;
    opts->max_bytes = cfg->fetch_max_bytes;
    opts->max_redirects = cfg->max_redirects;
    opts->per_host = cfg->per_host;
    opts->delay_ms = cfg->delay_ms;
    opts->retries = cfg->retries;
    opts->allow_private = cfg->allow_private;
    opts->allow_hosts = cfg->allow_hosts;
}

/* ---- requests ------------------------------------------------------------ */

static void req_free(req_t *r)
{
    if (r->easy)
        curl_easy_cleanup(r->easy);
    curl_slist_free_all(r->headers);
    pith_buf_free(&r->body);
    free(r->url);
    free(r->etag);
    free(r->last_modified);
    free(r);
}

static size_t on_write(char *data, size_t size, size_t nmemb, void *userp)
{
    req_t *r = userp;
    size_t n = size * nmemb;
    r->bytes += n;
    /* The cap holds whatever Content-Length said, or whether it said
     * anything: returning short makes curl abort with CURLE_WRITE_ERROR. */
    if (r->body.len + n > r->f->o.max_bytes) {
        r->too_big = 1;
        return 0;
    }
    if (pith_buf_append(&r->body, data, n) != 0)
        return 0;
    return n;
}

/* curl's open-socket callback: called with the address it is about to
 * connect to, after DNS and on every redirect hop, before any byte leaves.
 * Refusing here is what makes numeric host forms (0x7f000001, 2130706433),
 * redirects and DNS answers that change between lookups all go through the
 * one check. */
static curl_socket_t on_open_socket(void *clientp, curlsocktype purpose, struct curl_sockaddr *sa)
{
    req_t *r = clientp;
    pith_fetcher_t *f = r->f;
    if (purpose != CURLSOCKTYPE_IPCXN)
        return CURL_SOCKET_BAD;
    if (!f->o.allow_private) {
        pith_addr_t addr;
        unsigned port = 0;
        if (pith_addr_from_sockaddr(&sa->addr, sa->addrlen, &addr, &port) != 0) {
            snprintf(r->refused, sizeof r->refused, "refused: not an IP address");
            return CURL_SOCKET_BAD;
        }
        /* The host of the hop being connected: curl moves the effective URL
         * to a redirect's target before it connects there. */
        char *eff = NULL, host[256];
        curl_easy_getinfo(r->easy, CURLINFO_EFFECTIVE_URL, &eff);
        if (!eff || pith_url_host(eff, host, sizeof host) != 0)
            host[0] = '\0';
        if (pith_addr_check(&f->allow, 0, host[0] ? host : NULL, &addr, port, r->refused,
                            sizeof r->refused) != 0)
            return CURL_SOCKET_BAD;
    }
    return socket(sa->family, sa->socktype | SOCK_CLOEXEC, sa->protocol);
}

static int setup_easy(req_t *r)
{
    pith_fetcher_t *f = r->f;
    CURL *e = r->easy = curl_easy_init();
    if (!e)
        return PITH_ENOMEM;
    char line[PITH_URL_MAX + 64];
    if (r->etag) {
        snprintf(line, sizeof line, "If-None-Match: %s", r->etag);
        struct curl_slist *h = curl_slist_append(r->headers, line);
        if (!h)
            return PITH_ENOMEM;
        r->headers = h;
    }
    if (r->last_modified) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", r->last_modified);
        struct curl_slist *h = curl_slist_append(r->headers, line);
        if (!h)
            return PITH_ENOMEM;
        r->headers = h;
    }
    struct curl_slist *h = curl_slist_append(
        r->headers, "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,"
                    "text/plain;q=0.8,*/*;q=0.5");
    if (!h)
        return PITH_ENOMEM;
    r->headers = h;

    long low_time = (long)(f->o.timeout_ms / 2000);
    if (low_time < 1)
        low_time = 1;
    if (low_time > 30)
        low_time = 30;
    uint64_t connect_ms = f->o.timeout_ms < 15000 ? f->o.timeout_ms : 15000;
    CURLcode c = CURLE_OK;
#define SET(opt, val)                                                                              \
    do {                                                                                           \
        if (c == CURLE_OK)                                                                         \
            c = curl_easy_setopt(e, opt, val);                                                     \
    } while (0)
    SET(CURLOPT_URL, r->url);
    SET(CURLOPT_PRIVATE, r);
    SET(CURLOPT_WRITEFUNCTION, on_write);
    SET(CURLOPT_WRITEDATA, r);
    SET(CURLOPT_ERRORBUFFER, r->errbuf);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    SET(CURLOPT_FOLLOWLOCATION, f->o.max_redirects > 0 ? 1L : 0L);
    SET(CURLOPT_MAXREDIRS, (long)f->o.max_redirects);
    SET(CURLOPT_AUTOREFERER, 1L);
    SET(CURLOPT_TIMEOUT_MS, (long)f->o.timeout_ms);
    SET(CURLOPT_CONNECTTIMEOUT_MS, (long)connect_ms);
    SET(CURLOPT_LOW_SPEED_LIMIT, LOW_SPEED_BYTES);
    SET(CURLOPT_LOW_SPEED_TIME, low_time);
    SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->o.max_bytes);
    SET(CURLOPT_ACCEPT_ENCODING, "");
    SET(CURLOPT_USERAGENT, f->user_agent);
    SET(CURLOPT_HTTPHEADER, r->headers);
    SET(CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
    SET(CURLOPT_OPENSOCKETDATA, r);
#undef SET
    return c == CURLE_OK ? 0 : PITH_ENOMEM;
}

static host_t *host_get(pith_fetcher_t *f, const char *name)
{
    for (host_t *h = f->hosts; h; h = h->next)
        if (!strcmp(h->name, name))
            return h;
    host_t *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    snprintf(h->name, sizeof h->name, "%s", name);
    h->next = f->hosts;
    f->hosts = h;
    return h;
}

static void deliver(pith_fetcher_t *f, req_t *r, pith_fetch_result_t *res)
{
    res->url = r->url;
    if (!res->final_url)
        res->final_url = r->url;
    res->attempts = r->attempts;
    res->bytes = r->bytes;
    if (r->attempts)
        res->seconds = (double)(uv_now(f->loop) - r->started) / 1000.0;
    if (!res->fetched[0])
        iso_now(res->fetched, sizeof res->fetched);
    f->pending--;
    r->cb(f, res, r->udata);
    pith_buf_free(&res->body);
    req_free(r);
}

static void fail_now(pith_fetcher_t *f, req_t *r, pith_fetch_status_t status, const char *reason)
{
    pith_fetch_result_t res = {0};
    res.status = status;
    snprintf(res.reason, sizeof res.reason, "%s", reason);
    deliver(f, r, &res);
}

/* ---- scheduling ---------------------------------------------------------- */

static void on_wake(uv_timer_t *t);

static void start(pith_fetcher_t *f, req_t *r, uint64_t now)
{
    if (!r->easy && setup_easy(r) != 0) {
        snprintf(r->errbuf, sizeof r->errbuf, "cannot set up the transfer");
        list_push(&f->failed, r, 0);
        return;
    }
    if (r->attempts == 0)
        r->started = now;
    r->too_big = 0;
    r->errbuf[0] = '\0';
    r->refused[0] = '\0';
    pith_buf_reset(&r->body);
    if (curl_multi_add_handle(f->multi, r->easy) != CURLM_OK) {
        snprintf(r->errbuf, sizeof r->errbuf, "cannot start the transfer");
        list_push(&f->failed, r, 0);
        return;
    }
    r->host->active++;
    f->nactive++;
    list_push(&f->active, r, 0);
}

static void pump(pith_fetcher_t *f)
{
    if (f->closing)
        return;
    if (f->in_pump) {
        f->repump = 1;
        return;
    }
    f->in_pump = 1;
    unsigned per_host = f->o.per_host ? f->o.per_host : 1;
    uint64_t now, next;
    do {
        f->repump = 0;
        now = uv_now(f->loop);
        next = UINT64_MAX;
        for (req_t *r = f->delayed.head, *nx; r; r = nx) {
            nx = r->next;
            if (r->not_before <= now) {
                list_remove(&f->delayed, r);
                list_push(&r->host->queue, r, 1); /* a retry goes first */
            } else if (r->not_before < next) {
                next = r->not_before;
            }
        }
        for (host_t **hp = &f->hosts; *hp;) {
            host_t *h = *hp;
            while (h->queue.head && h->active < per_host && f->nactive < f->o.max_total &&
                   now >= h->next_allowed) {
                req_t *r = h->queue.head;
                list_remove(&h->queue, r);
                h->next_allowed = now + f->o.delay_ms;
                start(f, r, now);
            }
            if (h->queue.head && h->active < per_host && f->nactive < f->o.max_total &&
                h->next_allowed > now && h->next_allowed < next)
                next = h->next_allowed;
            /* Forget idle hosts whose delay has passed; a host with a retry
             * sleeping in `delayed` is kept (the request points at it). */
            int sleeping = 0;
            if (!h->queue.head && !h->active && h->next_allowed <= now)
                for (req_t *r = f->delayed.head; r && !sleeping; r = r->next)
                    sleeping = r->host == h;
            if (!h->queue.head && !h->active && h->next_allowed <= now && !sleeping) {
                *hp = h->next;
                free(h);
            } else {
                hp = &h->next;
            }
        }
    } while (f->repump);
    if (next != UINT64_MAX)
        PITH_UV_MUST(uv_timer_start(&f->wake, on_wake, next - now, 0)); /* not closing: see above */
    else
        uv_timer_stop(&f->wake);
    f->in_pump = 0;
    /* Requests that could not even start fail outside the scheduling loop,
     * so their callbacks may add requests freely. */
    while (f->failed.head) {
        req_t *r = f->failed.head;
        list_remove(&f->failed, r);
        char reason[CURL_ERROR_SIZE];
        snprintf(reason, sizeof reason, "%s", r->errbuf);
        fail_now(f, r, PITH_FETCH_FAILED, reason);
    }
}

static void on_wake(uv_timer_t *t)
{
    pump(t->data);
}

/* ---- completion ---------------------------------------------------------- */

static int transient(CURLcode cc)
{
    switch (cc) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
        return 1;
    default:
        return 0;
    }
}

static const char *header(CURL *e, const char *name)
{
    struct curl_header *h = NULL;
    if (curl_easy_header(e, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || !h || !h->value ||
        !*h->value || strlen(h->value) > 1024)
        return NULL;
    return h->value;
}

static void finish_attempt(pith_fetcher_t *f, req_t *r, CURLcode cc)
{
    CURL *e = r->easy;
    long code = 0;
    char *eff = NULL, *ctype = NULL;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &eff);
    curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ctype);
    curl_multi_remove_handle(f->multi, e);
    list_remove(&f->active, r);
    f->nactive--;
    r->host->active--;
    r->attempts++;

    pith_fetch_result_t res = {0};
    res.url = r->url;
    res.final_url = eff ? eff : r->url;
    res.http_status = code;
    res.attempts = r->attempts;
    res.bytes = r->bytes;
    res.seconds = (double)(uv_now(f->loop) - r->started) / 1000.0;
    int retry = 0;
    uint64_t wait = 0, cap = f->o.backoff_max_ms;
    const char *redirected = eff && strcmp(eff, r->url) ? " (after redirects)" : "";

    if (cc == CURLE_OK) {
        if (code >= 200 && code < 300) {
            res.status = PITH_FETCH_OK;
        } else if (code == 304 && (r->etag || r->last_modified)) {
            res.status = PITH_FETCH_UNCHANGED;
        } else {
            res.status = PITH_FETCH_FAILED;
            if (code >= 300 && code < 400)
                snprintf(res.reason, sizeof res.reason, "HTTP %ld: redirect not followed%s", code,
                         f->o.max_redirects ? "" : " (max_redirects = 0)");
            else
                snprintf(res.reason, sizeof res.reason, "HTTP %ld%s", code, redirected);
            if (code == 429 || code >= 500) {
                retry = 1;
                const char *ra = header(e, "Retry-After");
                if (ra && pith_fetch_retry_after(ra, time(NULL), cap, &wait) == 0)
                    retry = 2; /* the server said when */
            }
        }
    } else {
        res.status = PITH_FETCH_FAILED;
        if (r->refused[0] && cc == CURLE_COULDNT_CONNECT) {
            /* Not transient: the same address would be refused again. */
            long hops = 0;
            curl_easy_getinfo(e, CURLINFO_REDIRECT_COUNT, &hops);
            if (hops > 0 && eff)
                snprintf(res.reason, sizeof res.reason, "%s, redirected to %s", r->refused, eff);
            else
                snprintf(res.reason, sizeof res.reason, "%s", r->refused);
        } else if (r->too_big || cc == CURLE_FILESIZE_EXCEEDED) {
            snprintf(res.reason, sizeof res.reason, "body larger than max_bytes (%zu bytes)",
                     f->o.max_bytes);
        } else if (cc == CURLE_UNSUPPORTED_PROTOCOL) {
            snprintf(res.reason, sizeof res.reason, "%s to a scheme other than http(s) refused: %s",
                     *redirected ? "redirect" : "URL",
                     r->errbuf[0] ? r->errbuf : curl_easy_strerror(cc));
        } else if (cc == CURLE_TOO_MANY_REDIRECTS) {
            snprintf(res.reason, sizeof res.reason, "too many redirects (max_redirects = %u)",
                     f->o.max_redirects);
        } else {
            snprintf(res.reason, sizeof res.reason, "%s",
                     r->errbuf[0] ? r->errbuf : curl_easy_strerror(cc));
            retry = transient(cc);
        }
    }

    if (retry && r->attempts <= f->o.retries) {
        if (retry == 1)
            wait = pith_fetch_backoff(r->attempts, f->o.backoff_ms, cap, next_rand(f));
        if (f->on_attempt)
            f->on_attempt(&res, 1, f->attempt_udata);
        r->not_before = uv_now(f->loop) + wait;
        list_push(&f->delayed, r, 0);
        pump(f);
        return;
    }
    if (res.status == PITH_FETCH_FAILED && r->attempts > 1) {
        size_t n = strlen(res.reason);
        snprintf(res.reason + n, sizeof res.reason - n, " (after %u attempts)", r->attempts);
    }

    char media[128] = "", charset[64] = "";
    if (res.status == PITH_FETCH_OK) {
        if (ctype) {
            size_t n = strcspn(ctype, ";");
            while (n && (ctype[n - 1] == ' ' || ctype[n - 1] == '\t'))
                n--;
            if (n < sizeof media) {
                for (size_t i = 0; i < n; i++)
                    media[i] = (char)tolower((unsigned char)ctype[i]);
                media[n] = '\0';
                res.content_type = media;
            }
            if (pith_fetch_charset(ctype, charset, sizeof charset) == 0)
                res.charset = charset;
        }
        res.body = r->body;
        r->body = (pith_buf_t){0};
    }
    if (res.status == PITH_FETCH_OK || res.status == PITH_FETCH_UNCHANGED) {
        res.etag = header(e, "ETag");
        res.last_modified = header(e, "Last-Modified");
        if (res.status == PITH_FETCH_UNCHANGED) {
            /* A 304 need not repeat the validators; the old ones still hold. */
            if (!res.etag)
                res.etag = r->etag;
            if (!res.last_modified)
                res.last_modified = r->last_modified;
        }
    }
    iso_now(res.fetched, sizeof res.fetched);
    if (f->on_attempt)
        f->on_attempt(&res, 0, f->attempt_udata);
    deliver(f, r, &res);
}

static void drain(pith_fetcher_t *f)
{
    CURLMsg *m;
    int left;
    while (!f->closing && (m = curl_multi_info_read(f->multi, &left))) {
        if (m->msg != CURLMSG_DONE)
            continue;
        req_t *r = NULL;
        CURLcode cc = m->data.result;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&r);
        if (r)
            finish_attempt(f, r, cc);
    }
    pump(f);
}

/* ---- curl ↔ libuv glue --------------------------------------------------- */

static void maybe_free(pith_fetcher_t *f)
{
    if (f->closing && f->open_handles == 0) {
        free(f->user_agent);
        pith_allowlist_free(&f->allow);
        free(f);
    }
}

static void on_handle_closed(uv_handle_t *h)
{
    pith_fetcher_t *f = h->data;
    f->open_handles--;
    maybe_free(f);
}

static void on_sock_closed(uv_handle_t *h)
{
    sock_t *sk = h->data;
    pith_fetcher_t *f = sk->f;
    free(sk);
    f->open_handles--;
    maybe_free(f);
}

static void sock_close(sock_t *sk)
{
    pith_fetcher_t *f = sk->f;
    if (sk->prev)
        sk->prev->next = sk->next;
    else
        f->socks = sk->next;
    if (sk->next)
        sk->next->prev = sk->prev;
    uv_poll_stop(&sk->poll);
    uv_close((uv_handle_t *)&sk->poll, on_sock_closed);
}

static void on_poll(uv_poll_t *p, int status, int events)
{
    sock_t *sk = p->data;
    pith_fetcher_t *f = sk->f;
    int flags = 0, running = 0;
    if (status < 0) {
        flags = CURL_CSELECT_ERR;
    } else {
        if (events & UV_READABLE)
            flags |= CURL_CSELECT_IN;
        if (events & UV_WRITABLE)
            flags |= CURL_CSELECT_OUT;
    }
    curl_multi_socket_action(f->multi, sk->fd, flags, &running);
    drain(f);
}

/* CURLMOPT_SOCKETFUNCTION: returns 0, or -1 as curl's contract wants it
 * (curl then fails the transfer), not a PITH_E* code. */
static int on_socket(CURL *e, curl_socket_t s, int what, void *userp, void *socketp)
{
    pith_fetcher_t *f = userp;
    sock_t *sk = socketp;
    if (what == CURL_POLL_REMOVE) {
        if (sk) {
            curl_multi_assign(f->multi, s, NULL);
            sock_close(sk);
        }
        return 0;
    }
    if (!sk) {
        sk = calloc(1, sizeof *sk);
        if (!sk)
            return -1;
        if (uv_poll_init_socket(f->loop, &sk->poll, s) != 0) {
            free(sk);
            return -1;
        }
        sk->fd = s;
        sk->f = f;
        sk->poll.data = sk;
        sk->next = f->socks;
        if (f->socks)
            f->socks->prev = sk;
        f->socks = sk;
        f->open_handles++;
        curl_multi_assign(f->multi, s, sk);
    }
    int ev = 0;
    if (what & CURL_POLL_IN)
        ev |= UV_READABLE;
    if (what & CURL_POLL_OUT)
        ev |= UV_WRITABLE;
    return uv_poll_start(&sk->poll, ev, on_poll) == 0 ? 0 : -1;
}

static void on_curl_timeout(uv_timer_t *t)
{
    pith_fetcher_t *f = t->data;
    int running = 0;
    curl_multi_socket_action(f->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    drain(f);
}

/* CURLMOPT_TIMERFUNCTION: 0, or -1 for curl (its contract), as above. */
static int on_timer_set(CURLM *m, long timeout_ms, void *userp)
{
    pith_fetcher_t *f = userp;
    if (f->closing)
        return 0;
    /* curl must not be called back from inside this function; a zero
     * timeout fires on the next loop iteration instead. */
    if (timeout_ms < 0)
        uv_timer_stop(&f->curl_timer);
    else if (uv_timer_start(&f->curl_timer, on_curl_timeout, (uint64_t)timeout_ms, 0) != 0)
        return -1; /* curl fails the transfers instead of waiting forever */
    return 0;
}

/* ---- public -------------------------------------------------------------- */

int pith_fetcher_create(uv_loop_t *loop, const pith_fetch_opts_t *opts, pith_fetcher_t **out,
                        pith_err_t *err)
{
    *out = NULL;
    static const char default_ua[] = "pith/" PITH_VERSION;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return pith_err_set(err, PITH_EFETCH, "cannot initialise libcurl");
    pith_fetcher_t *f = calloc(1, sizeof *f);
    if (!f)
        return pith_err_set(err, PITH_ENOMEM, "out of memory");
    int rc = pith_allowlist_parse(opts->allow_hosts, &f->allow, err);
    if (rc) {
        free(f);
        return rc;
    }
    f->loop = loop;
    f->o = *opts;
    if (!f->o.timeout_ms)
        f->o.timeout_ms = DEFAULT_TIMEOUT_MS;
    if (f->o.timeout_ms > 24u * 3600 * 1000)
        f->o.timeout_ms = 24u * 3600 * 1000;
    if (!f->o.max_bytes)
        f->o.max_bytes = DEFAULT_MAX_BYTES;
    if (f->o.max_bytes > PITH_BUF_MAX / 2)
        f->o.max_bytes = PITH_BUF_MAX / 2;
    if (f->o.max_redirects > 50)
        f->o.max_redirects = 50;
    if (!f->o.per_host)
        f->o.per_host = 1;
    if (!f->o.max_total)
        f->o.max_total = DEFAULT_MAX_TOTAL;
    if (f->o.retries > 20)
        f->o.retries = 20;
    if (!f->o.backoff_ms)
        f->o.backoff_ms = DEFAULT_BACKOFF_MS;
    if (!f->o.backoff_max_ms)
        f->o.backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
    f->user_agent = strdup(opts->user_agent && *opts->user_agent ? opts->user_agent : default_ua);
    f->multi = curl_multi_init();
    f->rng = uv_hrtime() ^ (uint64_t)(uintptr_t)f ^ 0x9E3779B97F4A7C15ULL;
    if (!f->rng)
        f->rng = 1;
    if (!f->user_agent || !f->multi) {
        if (f->multi)
            curl_multi_cleanup(f->multi);
        free(f->user_agent);
        pith_allowlist_free(&f->allow);
        free(f);
        return pith_err_set(err, PITH_ENOMEM, "out of memory");
    }
    curl_multi_setopt(f->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
    curl_multi_setopt(f->multi, CURLMOPT_SOCKETDATA, f);
    curl_multi_setopt(f->multi, CURLMOPT_TIMERFUNCTION, on_timer_set);
    curl_multi_setopt(f->multi, CURLMOPT_TIMERDATA, f);
    curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)f->o.max_total);
    curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)f->o.per_host);
    PITH_UV_MUST(uv_timer_init(loop, &f->curl_timer));
    PITH_UV_MUST(uv_timer_init(loop, &f->wake));
    f->curl_timer.data = f;
    f->wake.data = f;
    f->open_handles = 2;
    *out = f;
    return 0;
}

void pith_fetcher_on_attempt(pith_fetcher_t *f, pith_fetch_attempt_cb cb, void *udata)
{
    f->on_attempt = cb;
    f->attempt_udata = udata;
}

size_t pith_fetcher_pending(const pith_fetcher_t *f)
{
    return f ? f->pending : 0;
}

int pith_fetcher_add(pith_fetcher_t *f, const char *url, const char *etag,
                     const char *last_modified, pith_fetch_cb cb, void *udata, pith_err_t *err)
{
    if (f->closing)
        return pith_err_set(err, PITH_EFETCH, "fetcher is shutting down");
    int rc = pith_url_check(url, err);
    if (rc)
        return rc;
    char name[256];
    if (pith_url_host(url, name, sizeof name) != 0)
        return pith_err_set(err, PITH_EINPUT, "URL has no usable host");
    req_t *r = calloc(1, sizeof *r);
    if (!r)
        return pith_err_set(err, PITH_ENOMEM, "out of memory");
    r->f = f;
    r->cb = cb;
    r->udata = udata;
    r->url = strdup(url);
    /* Validators travel in request headers: refuse ones that could split a
     * header line. */
    int oom = !r->url;
    if (etag && *etag && strlen(etag) <= 1024 && !strpbrk(etag, "\r\n"))
        oom |= !(r->etag = strdup(etag));
    if (last_modified && *last_modified && strlen(last_modified) <= 1024 &&
        !strpbrk(last_modified, "\r\n"))
        oom |= !(r->last_modified = strdup(last_modified));
    host_t *h = oom ? NULL : host_get(f, name);
    if (!h) {
        req_free(r);
        return pith_err_set(err, PITH_ENOMEM, "out of memory");
    }
    r->host = h;
    list_push(&h->queue, r, 0);
    f->pending++;
    pump(f);
    return 0;
}

void pith_fetcher_destroy(pith_fetcher_t *f)
{
    if (!f || f->closing)
        return;
    f->closing = 1;
    uv_timer_stop(&f->curl_timer);
    uv_timer_stop(&f->wake);
    list_t cancelled = {0};
    while (f->active.head) {
        req_t *r = f->active.head;
        curl_multi_remove_handle(f->multi, r->easy);
        list_remove(&f->active, r);
        list_push(&cancelled, r, 0);
    }
    while (f->delayed.head) {
        req_t *r = f->delayed.head;
        list_remove(&f->delayed, r);
        list_push(&cancelled, r, 0);
    }
    while (f->failed.head) {
        req_t *r = f->failed.head;
        list_remove(&f->failed, r);
        list_push(&cancelled, r, 0);
    }
    while (f->hosts) {
        host_t *h = f->hosts;
        while (h->queue.head) {
            req_t *r = h->queue.head;
            list_remove(&h->queue, r);
            list_push(&cancelled, r, 0);
        }
        f->hosts = h->next;
        free(h);
    }
    while (cancelled.head) {
        req_t *r = cancelled.head;
        list_remove(&cancelled, r);
        fail_now(f, r, PITH_FETCH_CANCELLED, "cancelled: shutting down");
    }
    /* curl may report sockets it still holds (cached connections) through
     * the socket callback while cleaning up; close whatever is left after. */
    curl_multi_cleanup(f->multi);
    f->multi = NULL;
    while (f->socks)
        sock_close(f->socks);
    uv_close((uv_handle_t *)&f->curl_timer, on_handle_closed);
    uv_close((uv_handle_t *)&f->wake, on_handle_closed);
}
