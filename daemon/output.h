/* Where a cleaned document goes: stdout, a folder (-o DIR) or a spool.
 * Shared by `pith clean` and `pith fetch` so both behave alike. */
#ifndef PITH_OUTPUT_H
#define PITH_OUTPUT_H

#include <pthread.h>

#include "pith/doc.h"
#include "pith/error.h"
#include "pith/render.h"
#include "spool.h"

typedef struct pith_output {
    pith_format_t format; /* --format */
    int body_only;        /* --body-only */
    const char *out_dir;  /* -o DIR, or NULL */
    pith_spool_t *spool;  /* --spool DIR, or NULL */
    pthread_mutex_t lock; /* serialises stdout */
    unsigned long delivered, duplicates;
} pith_output_t;

/* Renders doc and writes it: to spool as new/<id>.txt|json|md, to out_dir
 * as <stem>.txt|json|md (atomically), else to stdout. Returns 0, PITH_EDUP for a
 * spool duplicate (not an error), or an error with the reason. */
int pith_output_write(pith_output_t *out, const pith_doc_t *doc, const char *stem, pith_err_t *err);

/* The stem of a path: its last component without the last extension
 * ("dir/a.b.txt" → "a.b"); "stdin" for "-". Writes into buf. */
const char *pith_output_stem(const char *path, char *buf, size_t size);

/* Makes stems[0..n) distinct, in input order: a stem an earlier entry has
 * taken gets "-2", "-3" ... ("x", "x" → "x", "x-2"), so that -o never writes
 * two results into one file. Each stems[i] is a malloc'd string owned by the
 * caller; a renamed one is replaced (the old string freed). Expected time is
 * linear in n, also when every input has the same name. Returns 0 or
 * PITH_ENOMEM (stems then still valid, possibly not yet distinct). */
int pith_output_unique_stems(char **stems, size_t n);

#endif
