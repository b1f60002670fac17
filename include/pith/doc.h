/* The document model: an article's metadata and its body as paragraphs.
 *
 * Every string is owned by the document, UTF-8, and freed by
 * pith_doc_destroy. Metadata fields are NULL when unknown. Paragraphs are
 * kept in order; after pith_extract they are normalized (SPEC §4) and never
 * empty; a paragraph may hold single '\n' line breaks (lists, <br>), never a
 * blank line. The id is the lowercase hex XXH3-64 of the rendered body. */
#ifndef PITH_DOC_H
#define PITH_DOC_H

#include <stddef.h>

#include "pith/buf.h"

typedef struct pith_doc {
    char *title;
    char *author;
    char *date;      /* ISO 8601: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+HH:MM */
    char *url;       /* the caller's address (--url, the fetched URL), else the page's own */
    char *canonical; /* the page's declared address, only when it differs from url */
    char *site;      /* always the host of url: lowercase, no "www." */
    char *sitename;  /* the publisher's name (og:site_name, JSON-LD publisher) */
    char *lang;
    char *description;
    char *source;
    char *fetched;
    char **tags;
    size_t ntags;
    char **paras;
    char **shapes; /* per paragraph: its block structure (below), or NULL */
    size_t nparas;
    char id[17]; /* "" until pith_doc_finish */
} pith_doc_t;

pith_doc_t *pith_doc_create(void);
void pith_doc_destroy(pith_doc_t *doc); /* NULL is fine */

/* Replaces a string field (e.g. &doc->title) with a copy of s[0..n). A NULL s
 * clears it. n may be (size_t)-1 for strlen. Returns 0 or PITH_ENOMEM. */
int pith_doc_set(char **field, const char *s, size_t n);
/* Sets the field only when it is still NULL (first source wins). */
int pith_doc_set_if_empty(char **field, const char *s, size_t n);
/* Adds a tag (copied); duplicates (exact) are ignored. Capped at 64 tags. */
int pith_doc_add_tag(pith_doc_t *doc, const char *s, size_t n);
void pith_doc_clear_tags(pith_doc_t *doc);
/* A paragraph's shape says what block it came from, so that renderers
 * other than plain text (Markdown) can show the structure. The text itself
 * already carries it in plain form (list markers, " | " between cells); the
 * shape only tells a renderer how to read that text. NULL: running text.
 * Otherwise a string whose first byte is the kind:
 *   "h1".."h6"  a heading of that level
 *   "q"         a paragraph of a block quote
 *   "p"         preformatted text
 *   "t" + one byte per line: 'h' a header row, 'r' a row (cells " | ")
 *   "l" + one byte per line: 'A'+d-1 an unordered item at depth d,
 *       'a'+d-1 an ordered item at depth d, '0'+d a further line of the
 *       item above at depth d (d from 1 to PITH_LIST_DEPTH_MAX)
 * The text of a list line at depth d starts with (d-1) "- " then its own
 * marker, "- " or "N. ". A shape whose lines no longer match the text (a
 * site rule or normalization changed it) is ignored by renderers.
 * With pith_hints_t.links, the structure part (empty for running text) may
 * be followed by '\n' and one "text\turl\n" record per link of the
 * paragraph, in order: the link's text as it appears in the paragraph and
 * its absolute address. A record whose text is not found is ignored. */
#define PITH_LIST_DEPTH_MAX 9

/* Appends a paragraph (copied). Capped at 100,000 paragraphs. */
int pith_doc_add_para(pith_doc_t *doc, const char *s, size_t n);
/* Appends a paragraph (copied) with its shape (copied; NULL for none). */
int pith_doc_add_para_shaped(pith_doc_t *doc, const char *s, size_t n, const char *shape);
/* Appends a paragraph, taking ownership of a malloc'd string. */
int pith_doc_add_para_owned(pith_doc_t *doc, char *s);
/* Removes paragraph i (frees it). */
void pith_doc_remove_para(pith_doc_t *doc, size_t i);
void pith_doc_clear_paras(pith_doc_t *doc);

/* Writes the body (paragraphs joined by one blank line, ending in '\n', or ""
 * when there are no paragraphs) into out, replacing its contents. */
int pith_doc_body(const pith_doc_t *doc, pith_buf_t *out);
/* The same bytes appended to out, after what it holds, in one allocation. */
int pith_doc_body_append(const pith_doc_t *doc, pith_buf_t *out);
/* Computes doc->id from the body. */
int pith_doc_finish(pith_doc_t *doc);

#endif
