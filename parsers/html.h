/* Main-content extraction from HTML with Gumbo (SPEC §3).
 *
 * pith_html_extract parses the page, builds a compact block model, scores and
 * selects the article, cleans inside it and appends raw paragraphs to doc,
 * with metadata (title, author, date, canonical URL, site, lang, tags,
 * description) from meta tags, JSON-LD and the page. Returns PITH_ENOTEXT
 * when the page has no article. */
#ifndef PITH_HTML_H
#define PITH_HTML_H

#include <stddef.h>

#include "pith/doc.h"
#include "pith/error.h"
#include "pith/pith.h"

/* work is NULL, or the buffer holding utf8[0..len] when the caller lets
 * the extraction use it: the pre-pass then filters the page in place and
 * shrinks the buffer to what it kept, instead of filtering into a copy of
 * the page's size, and the buffer is freed (left empty) once Gumbo has
 * built its tree. */
int pith_html_extract(const char *utf8, size_t len, pith_buf_t *work, const pith_hints_t *hints,
                      pith_doc_t *doc, pith_err_t *err);

#endif
