/* PLACEHOLDER: minimal sniffing; the real module replaces this file. */
#include "sniff.h"

#include <string.h>

int pith_sniff_binary(const uint8_t *data, size_t len, pith_err_t *err)
{
    if (len == 0)
        return pith_err_set(err, PITH_EEMPTY, "empty input");
    if (memchr(data, 0, len))
        return pith_err_set(err, PITH_EBINARY, "binary input: NUL bytes");
    return 0;
}

pith_type_t pith_sniff_type(const char *utf8, size_t len)
{
    return (len > 5 && (strstr(utf8, "<html") || strstr(utf8, "<!DOCTYPE") || strstr(utf8, "<!doctype")))
               ? PITH_TYPE_HTML
               : PITH_TYPE_TEXT;
}

int pith_to_utf8(const uint8_t *data, size_t len, const char *declared, pith_buf_t *out,
                 pith_err_t *err)
{
    pith_buf_reset(out);
    return pith_buf_append(out, data, len);
}

int pith_utf8_valid(const char *s, size_t n)
{
    return 1;
}
