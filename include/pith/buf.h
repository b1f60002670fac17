/* A growable byte buffer, always NUL-terminated.
 *
 * Used everywhere text is built up. It has a hard cap (PITH_BUF_MAX) so that
 * no input can make it grow without bound; appends past the cap fail with
 * PITH_ETOOBIG and leave the buffer as it was. A zeroed pith_buf_t is an
 * empty buffer; pith_buf_free releases it and leaves it empty again. */
#ifndef PITH_BUF_H
#define PITH_BUF_H

#include <stddef.h>
#include <stdint.h>

#define PITH_BUF_MAX ((size_t)1 << 30)

typedef struct pith_buf {
    char *data; /* NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
} pith_buf_t;

int pith_buf_reserve(pith_buf_t *b, size_t extra);
int pith_buf_append(pith_buf_t *b, const void *p, size_t n);
int pith_buf_puts(pith_buf_t *b, const char *s);
int pith_buf_putc(pith_buf_t *b, char c);
/* Appends one code point as UTF-8 (invalid ones as U+FFFD). */
int pith_buf_put_cp(pith_buf_t *b, int32_t cp);
int pith_buf_printf(pith_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pith_buf_reset(pith_buf_t *b); /* len = 0, keeps memory */
/* Gives back the memory past len + 1 (a large block returns its pages to
 * the system); the data may move. Never fails: on a refusal the buffer
 * stays as it was. */
void pith_buf_shrink(pith_buf_t *b);
void pith_buf_free(pith_buf_t *b);
/* Hands the data to the caller (who frees it) and leaves b empty. Never NULL
 * unless out of memory. */
char *pith_buf_steal(pith_buf_t *b);

#endif
