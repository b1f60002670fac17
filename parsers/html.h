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

int pith_html_extract(const char *utf8, size_t len, const pith_hints_t *hints, pith_doc_t *doc,
                      pith_err_t *err);

#endif
