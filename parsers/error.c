/* One place that turns error codes into words and exit statuses. */
#include "pith/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

/* Fills every field of err: the code, the system errno behind it (0 when
 * none), where in a file (NULL, 0 when nowhere) and the formatted reason. */
static int vset(pith_err_t *err, int code, int sys, const char *file, int line, const char *fmt,
                va_list ap)
{
    err->code = code;
    err->sys = sys;
    err->line = line;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    vsnprintf(err->reason, sizeof err->reason, fmt, ap);
    return code;
}

int pith_err_set(pith_err_t *err, int code, const char *fmt, ...)
{
    if (!err)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vset(err, code, 0, NULL, 0, fmt, ap);
    va_end(ap);
    return code;
}

static void add_strerror(pith_err_t *err, int e)
{
    size_t n = strlen(err->reason);
    snprintf(err->reason + n, sizeof err->reason - n, ": %s", strerror(e));
}

int pith_err_sys(pith_err_t *err, int code, int e, const char *fmt, ...)
{
    if (!err)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vset(err, code, e, NULL, 0, fmt, ap);
    va_end(ap);
    add_strerror(err, e);
    return code;
}

int pith_err_sys_at(pith_err_t *err, int code, int e, const char *file, int line, const char *fmt,
                    ...)
{
    if (!err)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vset(err, code, e, file, line, fmt, ap);
    va_end(ap);
    add_strerror(err, e);
    return code;
}

int pith_err_set_at(pith_err_t *err, int code, const char *file, int line, const char *fmt, ...)
{
    if (!err)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vset(err, code, 0, file, line, fmt, ap);
    va_end(ap);
    return code;
}

void pith_err_clear(pith_err_t *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

const char *pith_err_name(int code)
{
    switch (code) {
    case PITH_OK:
        return "ok";
    case PITH_ENOMEM:
        return "out of memory";
    case PITH_EEMPTY:
        return "empty input";
    case PITH_EBINARY:
        return "binary input";
    case PITH_ETOOBIG:
        return "input too large";
    case PITH_ENOTEXT:
        return "no article text";
    case PITH_ECHARSET:
        return "bad charset";
    case PITH_EINPUT:
        return "bad input";
    case PITH_EMISSING:
        return "input missing";
    case PITH_EIO:
        return "I/O error";
    case PITH_ECREATE:
        return "cannot create output";
    case PITH_ECONFIG:
        return "bad configuration";
    case PITH_EUSAGE:
        return "usage";
    case PITH_EFETCH:
        return "fetch failed";
    case PITH_EDUP:
        return "duplicate";
    case PITH_EAGAIN:
        return "temporary failure";
    case PITH_EEXIST:
        return "name taken";
    default:
        return "error";
    }
}

int pith_err_exit_code(int code)
{
    switch (code) {
    case PITH_OK:
    case PITH_EDUP:
        return EX_OK;
    case PITH_EEMPTY:
    case PITH_EBINARY:
    case PITH_ETOOBIG:
    case PITH_ENOTEXT:
    case PITH_ECHARSET:
    case PITH_EINPUT:
        return EX_DATAERR;
    case PITH_EMISSING:
        return EX_NOINPUT;
    case PITH_ECREATE:
    case PITH_EEXIST:
        return EX_CANTCREAT;
    case PITH_EIO:
    case PITH_EAGAIN:
        return EX_IOERR;
    case PITH_ECONFIG:
        return EX_CONFIG;
    case PITH_EUSAGE:
        return EX_USAGE;
    case PITH_EFETCH:
        return EX_UNAVAILABLE;
    case PITH_ENOMEM:
        return EX_OSERR;
    default:
        return EX_SOFTWARE;
    }
}
