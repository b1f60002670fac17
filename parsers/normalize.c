/* PLACEHOLDER: the real module replaces this file. */
#include "normalize.h"

int pith_norm_para(const char *s, size_t n, int ascii, pith_buf_t *out)
{
    pith_buf_reset(out);
    while (n && (*s == ' ' || *s == '\n'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        n--;
    return pith_buf_append(out, s, n);
}

int pith_split_glued(const char *s, size_t n, pith_buf_t *out)
{
    pith_buf_reset(out);
    return pith_buf_append(out, s, n);
}

int pith_decode_entities(const char *s, size_t n, pith_buf_t *out)
{
    pith_buf_reset(out);
    return pith_buf_append(out, s, n);
}
