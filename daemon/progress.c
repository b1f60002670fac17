/* The progress line of the batch commands.
 *
 * It is drawn with "\r" and padded with spaces over the previous one rather
 * than with terminal escape codes, so it works on any terminal, and it is
 * redrawn at most every 100 ms so that a run of thousands of small inputs
 * spends its time cleaning, not writing to the terminal. */
#include "progress.h"

#include <stdarg.h>
#include <time.h>
#include <unistd.h>

#define REDRAW_NS 100000000ull

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void pith_progress_init(pith_progress_t *p, const char *cmd, size_t total, int want)
{
    p->tty = want && total > 1 && isatty(STDERR_FILENO) ? stderr : NULL;
    p->cmd = cmd;
    p->total = total;
    p->done = p->failed = 0;
    p->start_ns = p->drawn_ns = now_ns();
    p->width = 0;
    pthread_mutex_init(&p->lock, NULL);
}

/* With the lock held. */
static void draw(pith_progress_t *p, uint64_t t)
{
    char line[160];
    double secs = (double)(t - p->start_ns) / 1e9;
    int n = snprintf(line, sizeof line, "pith %s: %zu/%zu done, %.1f/s, %zu failed", p->cmd,
                     p->done, p->total, secs > 0.001 ? (double)p->done / secs : 0.0, p->failed);
    if (n < 0)
        return;
    size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    int pad = p->width > len ? (int)(p->width - len) : 0;
    fprintf(p->tty, "\r%s%*s", line, pad, "");
    fflush(p->tty);
    p->width = len;
    p->drawn_ns = t;
}

/* Takes the line off the screen (with the lock held). */
static void clear(pith_progress_t *p)
{
    if (p->tty && p->width) {
        fprintf(p->tty, "\r%*s\r", (int)p->width, "");
        p->width = 0;
    }
}

void pith_progress_step(pith_progress_t *p, int failed)
{
    pthread_mutex_lock(&p->lock);
    p->done++;
    if (failed)
        p->failed++;
    if (p->tty) {
        uint64_t t = now_ns();
        if (p->done == p->total || !p->width || t - p->drawn_ns >= REDRAW_NS)
            draw(p, t);
    }
    pthread_mutex_unlock(&p->lock);
}

void pith_progress_message(pith_progress_t *p, const char *fmt, ...)
{
    va_list ap;
    pthread_mutex_lock(&p->lock);
    clear(p);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
    pthread_mutex_unlock(&p->lock);
}

void pith_progress_finish(pith_progress_t *p)
{
    pthread_mutex_lock(&p->lock);
    if (p->tty && p->done) {
        draw(p, now_ns());
        fputc('\n', p->tty);
        fflush(p->tty);
    }
    p->tty = NULL;
    pthread_mutex_unlock(&p->lock);
    pthread_mutex_destroy(&p->lock);
}
