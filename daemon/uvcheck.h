/* Checked libuv calls that can fail only through a bug in pith.
 *
 * uv_timer_init on an initialised loop and uv_timer_start on a handle that
 * is not closing, with a callback, return 0: libuv reports only misuse.
 * Ignoring their result would turn such a bug into a timer that silently
 * never fires (a source never polled, a fetch never retried), so a failure
 * is reported with where it happened and stops the process, like a failed
 * assertion. Calls that can fail for outside reasons (uv_loop_init,
 * uv_poll_start, uv_signal_start ...) are handled as errors by their callers
 * instead (pith_err_uv). */
#ifndef PITH_UVCHECK_H
#define PITH_UVCHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "pith/error.h"

#define PITH_UV_MUST(call) pith_uv_must((call), #call, __FILE__, __LINE__)

static inline void pith_uv_must(int rc, const char *what, const char *file, int line)
{
    if (rc == 0)
        return;
    fprintf(stderr, "pith: %s:%d: %s failed: %s\n", file, line, what, uv_strerror(rc));
    abort();
}

/* A libuv failure that can have an outside cause, as a pith error: the
 * reason is what failed and libuv's words ("signals: too many open files"),
 * and sys the errno behind rc (on Unix libuv's codes are negated errnos;
 * its own codes, such as UV_EOF or the getaddrinfo ones from -3000 down,
 * leave sys 0). err may be NULL. Returns code. */
static inline int pith_err_uv(pith_err_t *err, int code, int rc, const char *what)
{
    pith_err_set(err, code, "%s: %s", what, uv_strerror(rc));
    if (err)
        err->sys = rc < 0 && rc > -3000 ? -rc : 0;
    return code;
}

#endif
