/* PLACEHOLDER: the real module replaces this file. */
#include "html.h"

int pith_html_extract(const char *utf8, size_t len, const pith_hints_t *hints, pith_doc_t *doc,
                      pith_err_t *err)
{
    return pith_err_set(err, PITH_ENOTEXT, "HTML extraction not built yet");
}
