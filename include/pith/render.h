/* Rendering a finished document (SPEC §5).
 *
 * Text: YAML front matter emitted with libyaml (keys in the order id, title,
 * author, date, url, site, lang, tags, description, source, fetched; each
 * only when known) between "---" lines, a blank line, then the body. JSON: one
 * object with the same keys plus "text" (jansson), ending in '\n'. Markdown:
 * see pith_render_markdown. */
#ifndef PITH_RENDER_H
#define PITH_RENDER_H

#include "pith/buf.h"
#include "pith/doc.h"
#include "pith/error.h"

typedef enum { PITH_FORMAT_TEXT = 0, PITH_FORMAT_JSON, PITH_FORMAT_MARKDOWN } pith_format_t;

int pith_render_text(const pith_doc_t *doc, int body_only, pith_buf_t *out, pith_err_t *err);
int pith_render_json(const pith_doc_t *doc, pith_buf_t *out, pith_err_t *err);
/* Markdown (markdown.c): the same front matter as text, then the body with
 * headings, lists, tables, quotes and preformatted text as CommonMark/GFM,
 * text escaped where it would read as markup. Its words are the text
 * body's words, in the same order. */
int pith_render_markdown(const pith_doc_t *doc, int body_only, pith_buf_t *out, pith_err_t *err);
/* Appends the front matter ("---\n", the YAML, "---\n\n") to out. */
int pith_render_front_matter(const pith_doc_t *doc, pith_buf_t *out, pith_err_t *err);

/* Renders doc in format into out (replacing its contents); body_only is for
 * text and markdown. */
int pith_render(const pith_doc_t *doc, pith_format_t format, int body_only, pith_buf_t *out,
                pith_err_t *err);
/* The file extension of a format: "txt", "json", "md". */
const char *pith_render_ext(pith_format_t format);
/* Parses "text", "json" or "markdown": 0, or PITH_EINPUT for anything else
 * (the caller names the setting, as PITH_ECONFIG or PITH_EUSAGE). */
int pith_render_format_parse(const char *s, pith_format_t *format);

#endif
