/* The headline of an HTML page (SPEC §5 title), chosen among the page's
 * headings and its declared titles (og:title, twitter:title, JSON-LD
 * headline, <title>): which heading the declared titles confirm, which
 * site-name prefixes and suffixes go, what a kicker line is, and when the
 * sources disagree too much to emit any title. Private to the core. */
#ifndef PITH_HTML_TITLE_H
#define PITH_HTML_TITLE_H

#include <stddef.h>

#include "html_meta.h"
#include "pith/buf.h"
#include "pith/doc.h"

/* Sets doc->title (or leaves it unset when unsure) and m->anchor, the
 * headline's element, from the collected headings and the declared titles
 * (declared[k] may be NULL; the <title>'s text is page_title->data). url
 * is the page's address (its slug), host its host; heading and scratch are
 * scratch buffers. Returns 0 or PITH_ENOMEM. */
int pith_html_title_choose(pith_html_meta_t *m, const char *const *declared, size_t ndeclared,
                           const char *url, const char *host, pith_doc_t *doc, pith_buf_t *heading,
                           pith_buf_t *page_title, pith_buf_t *scratch);

#endif
