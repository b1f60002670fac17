/* Checked libuv calls that can fail only through a bug in pith.
 *
 * uv_timer_init on an initialised loop and uv_timer_start on a handle that
 * is not closing, with a callback, return 0: libuv reports only misuse.
 * Ignoring their result would turn such a bug into a timer that silently
 * never fires (a source never polled, a fetch never retried), so a failure
 * is reported with where it happened and stops the process, like a failed
 * assertion. Calls that can fail for outside reasons (uv_loop_init,
 * uv_poll_start, uv_signal_start ...) are handled as errors by their callers
 * instead. */
#ifndef PITH_UVCHECK_H
#define PITH_UVCHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#define PITH_UV_MUST(call) pith_uv_must((call), #call, __FILE__, __LINE__)

static inline void pith_uv_must(int rc, const char *what, const char *file, int line)
{
    if (rc == 0)
        return;
    fprintf(stderr, "pith: %s:%d: %s failed: %s\n", file, line, what, uv_strerror(rc));
    abort();
}

#endif
