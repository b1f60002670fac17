/* The daemon's log: one line per event on stderr.
 *
 * Under systemd (JOURNAL_STREAM set) each line starts with a <N> syslog
 * priority prefix that journald turns into the entry's priority; otherwise
 * lines are plain with a level word. A line is formatted whole and written
 * with one write(2), so lines from worker threads never interleave. Bytes
 * that could break the one-line rule (control characters, invalid UTF-8 in a
 * file name) are shown escaped: use pith_log_name for names from outside. */
#ifndef PITH_LOG_H
#define PITH_LOG_H

#include <stddef.h>
#include <syslog.h>

/* Reads JOURNAL_STREAM once; call before threads start. */
void pith_log_init(void);
/* prio: LOG_ERR, LOG_WARNING, LOG_NOTICE, LOG_INFO, LOG_DEBUG. */
void pith_log(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes name into buf (size bytes) with control bytes, backslashes and
 * invalid UTF-8 escaped as \xHH, cut with "..." when too long; returns buf. */
const char *pith_log_name(const char *name, char *buf, size_t size);

#endif
