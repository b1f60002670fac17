/* Growable, capped, NUL-terminated buffer. Doubling growth keeps appends
 * amortised O(1); the cap keeps hostile input from exhausting memory. */
#include "pith/buf.h"

#include "pith/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pith_buf_reserve(pith_buf_t *b, size_t extra)
{
    if (extra > PITH_BUF_MAX || b->len > PITH_BUF_MAX - extra)
        return PITH_ETOOBIG;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return PITH_ENOMEM;
    b->data = p;
    b->cap = cap;
    return 0;
}

int pith_buf_append(pith_buf_t *b, const void *p, size_t n)
{
    int rc = pith_buf_reserve(b, n);
    if (rc)
        return rc;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int pith_buf_puts(pith_buf_t *b, const char *s)
{
    return pith_buf_append(b, s, strlen(s));
}

int pith_buf_putc(pith_buf_t *b, char c)
{
    return pith_buf_append(b, &c, 1);
}

int pith_buf_put_cp(pith_buf_t *b, int32_t cp)
{
    unsigned char u[4];
    size_t n;
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        u[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (unsigned char)(0xC0 | (cp >> 6));
        u[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (unsigned char)(0xE0 | (cp >> 12));
        u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (unsigned char)(0xF0 | (cp >> 18));
        u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return pith_buf_append(b, u, n);
}

int pith_buf_printf(pith_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return PITH_EINPUT;
    int rc = pith_buf_reserve(b, (size_t)n);
    if (rc)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void pith_buf_reset(pith_buf_t *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void pith_buf_free(pith_buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *pith_buf_steal(pith_buf_t *b)
{
    if (!b->data && pith_buf_reserve(b, 0))
        return NULL;
    char *p = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void pith_buf_shrink(pith_buf_t *b)
{
    if (!b->data || b->cap <= b->len + 1)
        return;
    char *p = realloc(b->data, b->len + 1);
    if (!p)
        return;
    b->data = p;
    b->cap = b->len + 1;
}
