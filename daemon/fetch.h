/* The fetcher: libcurl's multi interface driven by a libuv loop.
 *
 * One pith_fetcher_t owns one curl multi handle, one uv_timer_t for curl's
 * timeouts, one uv_poll_t per socket curl asks to watch, and one uv_timer_t
 * of its own that wakes it when a host's politeness delay or a retry's
 * backoff has passed. Nothing here blocks the loop thread: DNS runs in
 * curl's resolver thread, and bodies are handed to the caller, who cleans
 * them elsewhere (the thread pool in the daemon).
 *
 * Requests wait in a queue per host: at most per_host transfers run against
 * one host, `delay` apart, and at most max_total overall. A transfer that
 * times out, cannot connect, is cut mid-body, or gets 429 or 5xx is retried
 * up to `retries` times with exponential backoff and jitter, honouring
 * Retry-After (capped); other 4xx and safety refusals (non-http scheme,
 * redirect loop, body over max_bytes, an address the policy refuses) fail
 * at once. Each request ends in exactly one call of its callback.
 *
 * Every address is checked just before curl connects to it (its open-socket
 * callback), after DNS and for each hop of a redirect chain: unless
 * allow_private is set, an address that is not globally routable is refused
 * unless allow_hosts lists it (config/addrpolicy.h), and the request fails
 * with "refused: ADDR is a private address (see allow_private)". Nothing is
 * sent to a refused address; not even a connection is opened.
 *
 * Conditional GET: the caller passes the stored ETag/Last-Modified in and
 * gets the new ones out in the result; persistence is the caller's business
 * (daemon/state.h). Everything runs on the loop's thread; no locking. */
#ifndef PITH_FETCH_H
#define PITH_FETCH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <uv.h>

#include "pith/buf.h"
#include "pith/error.h"

struct pith_config;

typedef struct pith_fetch_opts {
    const char *user_agent;  /* copied; NULL: "pith/VERSION" */
    uint64_t timeout_ms;     /* whole transfer, per attempt; 0: 30 s */
    size_t max_bytes;        /* body cap (decoded); 0: 8 MiB */
    unsigned max_redirects;  /* 0: redirects are errors */
    unsigned per_host;       /* concurrent transfers per host; 0 counts as 1 */
    uint64_t delay_ms;       /* between request starts to one host */
    unsigned retries;        /* extra attempts after the first */
    unsigned max_total;      /* concurrent transfers overall; 0: 16 */
    uint64_t backoff_ms;     /* first retry's base delay; 0: 500 ms */
    uint64_t backoff_max_ms; /* cap of backoff and of Retry-After; 0: 5 min */
    int allow_private;       /* connect to non-global addresses too */
    const char *allow_hosts; /* allow list (config/addrpolicy.h), parsed at create; may be NULL */
} pith_fetch_opts_t;

/* Fills opts from the [fetch] section of cfg (strings borrowed from cfg). */
void pith_fetch_opts_from_config(pith_fetch_opts_t *opts, const struct pith_config *cfg);

typedef enum {
    PITH_FETCH_OK = 0,    /* 2xx, body in result */
    PITH_FETCH_UNCHANGED, /* 304 for a conditional GET: nothing new */
    PITH_FETCH_FAILED,    /* final failure, reason set */
    PITH_FETCH_CANCELLED, /* the fetcher was destroyed first */
} pith_fetch_status_t;

typedef struct pith_fetch_result {
    pith_fetch_status_t status;
    const char *url;          /* as requested */
    const char *final_url;    /* after redirects (== url when none) */
    long http_status;         /* last HTTP status, 0 when none was received */
    pith_buf_t body;          /* the decoded body; the callback may steal it */
    const char *content_type; /* media type without parameters, or NULL */
    const char *charset;      /* charset parameter of Content-Type, or NULL */
    const char *etag;         /* validators to store for next time, or NULL */
    const char *last_modified;
    char fetched[32];  /* ISO 8601 UTC time the response arrived */
    unsigned attempts; /* transfers made (1 + retries used) */
    uint64_t bytes;    /* body bytes received over all attempts */
    double seconds;    /* from the first start to the end */
    char reason[512];  /* why it failed, for PITH_FETCH_FAILED */
} pith_fetch_result_t;

typedef struct pith_fetcher pith_fetcher_t;

/* Called once per request on the loop thread. res and its strings are
 * borrowed for the call; res->body may be taken with pith_buf_steal. The
 * callback may add new requests; it must not destroy the fetcher. */
typedef void (*pith_fetch_cb)(pith_fetcher_t *f, pith_fetch_result_t *res, void *udata);

/* Observes every finished attempt (for metrics): the result so far and
 * whether a retry follows. May be NULL. */
typedef void (*pith_fetch_attempt_cb)(const pith_fetch_result_t *res, int will_retry, void *udata);

int pith_fetcher_create(uv_loop_t *loop, const pith_fetch_opts_t *opts, pith_fetcher_t **out,
                        pith_err_t *err);
/* Cancels what is queued or running (their callbacks get
 * PITH_FETCH_CANCELLED), closes every handle and frees the fetcher once the
 * handles are closed: the caller must run the loop afterwards (uv_run until
 * it has nothing left) before closing it. NULL is fine. */
void pith_fetcher_destroy(pith_fetcher_t *f);

void pith_fetcher_on_attempt(pith_fetcher_t *f, pith_fetch_attempt_cb cb, void *udata);

/* Queues a GET of url (copied). etag and last_modified (copied, may be NULL)
 * make it conditional. Returns 0, or PITH_EINPUT for a URL that is not
 * absolute http(s), PITH_ENOMEM; on error cb is not called. */
int pith_fetcher_add(pith_fetcher_t *f, const char *url, const char *etag,
                     const char *last_modified, pith_fetch_cb cb, void *udata, pith_err_t *err);

/* Requests queued, waiting or running. */
size_t pith_fetcher_pending(const pith_fetcher_t *f);

#endif
