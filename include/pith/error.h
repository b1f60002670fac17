/* Errors of the core and the shell, and the conventions every module follows.
 * (Included as "pith/error.h": a flat "error.h" on the include path would
 * shadow glibc's <error.h> for every file that includes it.)
 *
 * 1. A fallible function returns 0 or a negative PITH_E* code, never -1 (that
 *    is PITH_ENOMEM) and never a positive count mixed with codes: counts,
 *    booleans and results are out-parameters (or the whole return value of
 *    a function that cannot fail).
 * 2. The reason goes into a caller's pith_err_t, in one line, naming what it
 *    is about (the file, the input, the setting); with file and line when
 *    it is about a line of a configuration file (pith_err_set_at). err may
 *    be NULL when the caller only needs the code.
 * 3. System errors become a code with strerror in the reason
 *    (pith_err_sys), and the errno itself in the pith_err_t's sys field, so
 *    a caller with its own policy (the spool: a full or read-only disk is
 *    PITH_EAGAIN) reads it there. errno never crosses a module boundary.
 *    The cases callers branch on have codes of their own: a name that is
 *    taken is PITH_EEXIST, a file that is gone PITH_EMISSING.
 * 4. A table or resource that cannot be built is an error returned once, at
 *    start-up (pith_core_init), not a silently empty table.
 * 5. The codes map onto sysexits.h in one place (pith_err_exit_code), so the
 *    CLI's exit status and the daemon's failure notes agree; only the
 *    daemon's start-up (cmd_daemon.c) exits 75 for PITH_EAGAIN, so that
 *    systemd restarts it. */
#ifndef PITH_ERROR_H
#define PITH_ERROR_H

#include <stddef.h>

enum {
    PITH_OK = 0,
    PITH_ENOMEM = -1,   /* allocation failed */
    PITH_EEMPTY = -2,   /* input has no bytes, or only whitespace */
    PITH_EBINARY = -3,  /* input is not text: NUL bytes, image, archive */
    PITH_ETOOBIG = -4,  /* input over the size cap */
    PITH_ENOTEXT = -5,  /* no article text found */
    PITH_ECHARSET = -6, /* charset unknown and bytes undecodable */
    PITH_EINPUT = -7,   /* other input that cannot be cleaned */
    PITH_EMISSING = -8, /* input missing or unreadable */
    PITH_EIO = -9,      /* I/O error while reading or writing */
    PITH_ECREATE = -10, /* cannot create output */
    PITH_ECONFIG = -11, /* bad configuration */
    PITH_EUSAGE = -12,  /* bad command line */
    PITH_EFETCH = -13,  /* fetch failed */
    PITH_EDUP = -14,    /* document already delivered (not a failure) */
    PITH_EAGAIN = -15,  /* transient: try again later (spool full, read-only) */
    PITH_EEXIST = -16,  /* the name is taken (a rename that must not replace) */
};

typedef struct pith_err {
    int code;
    int sys;        /* the errno behind a system error, else 0 */
    int line;       /* 0 when not about a line of a file */
    char file[256]; /* empty when not about a file */
    char reason[512];
} pith_err_t;

/* Sets code and reason (printf-style). err may be NULL. Returns code. */
int pith_err_set(pith_err_t *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Same for a system error: sys set to e, ": strerror(e)" after the reason. */
int pith_err_sys(pith_err_t *err, int code, int e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Same as pith_err_set, with the file and line the reason is about. */
int pith_err_set_at(pith_err_t *err, int code, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Same for a system error about a file: sys set to e, ": strerror(e)" after
 * the reason. */
int pith_err_sys_at(pith_err_t *err, int code, int e, const char *file, int line, const char *fmt,
                    ...) __attribute__((format(printf, 6, 7)));
void pith_err_clear(pith_err_t *err);
/* A short constant name for a code ("no article text", "binary input" ...). */
const char *pith_err_name(int code);
/* The sysexits.h exit status for a code (0 for PITH_OK and PITH_EDUP). */
int pith_err_exit_code(int code);

#endif
