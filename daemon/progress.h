/* One self-updating progress line on stderr for long batch runs of `pith
 * clean` and `pith fetch`: "pith clean: 120/1000 done, 35.2/s, 3 failed".
 *
 * Shown only where a person is watching: when stderr is a terminal, and the
 * results are not being printed to that terminal too (the caller decides
 * that part). Otherwise nothing is printed, so scripts and logs see exactly
 * what they saw before. Messages about single inputs go through
 * pith_progress_message so that they do not land in the middle of the line.
 * Safe from several threads (clean -j). */
#ifndef PITH_PROGRESS_H
#define PITH_PROGRESS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct pith_progress {
    FILE *tty; /* stderr while the line is shown, else NULL */
    const char *cmd;
    size_t total, done, failed;
    uint64_t start_ns, drawn_ns;
    size_t width; /* length of the line on screen, 0: none */
    pthread_mutex_t lock;
} pith_progress_t;

/* Sets p up for total inputs. The line is shown when want is non-zero,
 * total > 1 and stderr is a terminal. */
void pith_progress_init(pith_progress_t *p, const char *cmd, size_t total, int want);
/* One input finished (failed: it did not give a result). Redraws the line
 * at most ten times a second, and always for the last input. */
void pith_progress_step(pith_progress_t *p, int failed);
/* Prints a message line on stderr (a newline is added), moving the progress
 * line out of its way. Works whether or not the line is shown. */
void pith_progress_message(pith_progress_t *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Ends the line (it stays on screen with the final counts) and frees p's
 * lock. */
void pith_progress_finish(pith_progress_t *p);

#endif
