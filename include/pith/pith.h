/* The cleaning core's single entry point: bytes in, document out.
 *
 * pith_extract is pure and re-entrant: no globals, no I/O, no locale. Many
 * threads may call it at once, sharing one read-only pith_rules_t. Everything
 * the caller knows about the input (its address, its name, a charset from an
 * HTTP header) comes in through pith_hints_t; everything the core finds comes
 * back in the document. */
#ifndef PITH_H
#define PITH_H

#include <stddef.h>
#include <stdint.h>

#include "pith/buf.h"
#include "pith/doc.h"
#include "pith/error.h"

typedef struct pith_rules pith_rules_t; /* site profiles, see rules.h */

typedef enum { PITH_TYPE_AUTO = 0, PITH_TYPE_HTML, PITH_TYPE_TEXT } pith_type_t;

typedef struct pith_hints {
    pith_type_t type;          /* AUTO: sniff */
    const char *url;           /* the page's address, or NULL */
    const char *source;        /* input name for the `source` key, or NULL */
    const char *charset;       /* declared by HTTP Content-Type, or NULL */
    const char *fetched;       /* ISO 8601 time of the fetch, or NULL */
    const pith_rules_t *rules; /* site profiles, or NULL for none */
    size_t max_bytes;          /* 0: no cap besides PITH_BUF_MAX */
    int ascii;                 /* fold typographic quotes and dashes */
    int links;                 /* keep links' addresses for Markdown (doc.h shapes) */
} pith_hints_t;

/* Builds the core's tables (stop words, phrase lists, entities) once and
 * says whether they are usable: 0, or a negative PITH_E* with the reason.
 * Call it before the first pith_extract (the CLI, the daemon, tests,
 * fuzzers and benchmarks do); later calls return the first result. */
int pith_core_init(pith_err_t *err);

/* Cleans one input. On success *out is a finished document (normalized
 * paragraphs, id set) that the caller destroys. On failure returns a negative
 * PITH_E* code (PITH_EEMPTY, PITH_EBINARY, PITH_ETOOBIG, PITH_ENOTEXT,
 * PITH_ENOMEM ...) with a one-line reason in err, and *out is NULL. */
int pith_extract(const uint8_t *data, size_t len, const pith_hints_t *hints, pith_doc_t **out,
                 pith_err_t *err);

/* pith_extract of in's bytes, using in itself as working memory: its
 * contents are undefined afterwards and it may have been shrunk or freed
 * (left empty; the caller still frees it). The HTML pre-pass filters the
 * page where it lies and gives back what it dropped before Gumbo builds its
 * tree, instead of filtering into a second buffer of the page's size, and
 * the rest once the tree is built; a text dump is not copied. The document never points into in.
 * `pith clean`, the daemon and `pith fetch` read each input into a buffer of their own and pass it
 * here. */
int pith_extract_buf(pith_buf_t *in, const pith_hints_t *hints, pith_doc_t **out, pith_err_t *err);

#endif
