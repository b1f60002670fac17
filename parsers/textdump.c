/* PLACEHOLDER: the real module replaces this file. */
#include "textdump.h"

#include <string.h>

int pith_text_extract(const char *utf8, size_t len, const pith_hints_t *hints, pith_doc_t *doc,
                      pith_err_t *err)
{
    const char *p = utf8, *end = utf8 + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n && pith_doc_add_para(doc, p, n))
            return PITH_ENOMEM;
        p += n + 1;
    }
    return 0;
}
