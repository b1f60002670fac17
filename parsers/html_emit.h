/* Emission of the chosen article: kept blocks as the document's
 * paragraphs, structure kept (html_emit.c). Private to the HTML extractor. */
#ifndef PITH_HTML_EMIT_H
#define PITH_HTML_EMIT_H

#include "pith/buf.h"
#include "html_model.h"
#include "pith/doc.h"

/* Adds the blocks kept in pk->keep to doc, one paragraph per block or per
 * list, table or heading, with links when c->want_links. Returns 0 or a
 * negative PITH_E* (out of memory). */
int pith_html_emit(ctx_t *c, const pick_t *pk, pith_doc_t *doc);

/* Adds text that is the article as is (a JSON-LD articleBody), one
 * paragraph a line. Returns 0 or a negative PITH_E*. */
int pith_html_emit_raw(const pith_buf_t *raw, pith_doc_t *doc);

#endif
