/* Rendering a finished document (SPEC §5).
 *
 * Text: YAML front matter emitted with libyaml (keys in the order id, title,
 * author, date, url, site, lang, tags, description, source, fetched; each
 * only when known) between "---" lines, a blank line, then the body. JSON: one
 * object with the same keys plus "text" (jansson), ending in '\n'. */
#ifndef PITH_RENDER_H
#define PITH_RENDER_H

#include "buf.h"
#include "doc.h"
#include "error.h"

int pith_render_text(const pith_doc_t *doc, int body_only, pith_buf_t *out, pith_err_t *err);
int pith_render_json(const pith_doc_t *doc, pith_buf_t *out, pith_err_t *err);

#endif
