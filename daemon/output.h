/* Where a cleaned document goes: stdout, a folder (-o DIR) or a spool.
 * Shared by `pith clean` and `pith fetch` so both behave alike. */
#ifndef PITH_OUTPUT_H
#define PITH_OUTPUT_H

#include <pthread.h>

#include "doc.h"
#include "error.h"
#include "spool.h"

typedef struct pith_output {
    int json;             /* --format json */
    int body_only;        /* --body-only */
    const char *out_dir;  /* -o DIR, or NULL */
    pith_spool_t *spool;  /* --spool DIR, or NULL */
    pthread_mutex_t lock; /* serialises stdout */
    unsigned long delivered, duplicates;
} pith_output_t;

/* Renders doc and writes it: to spool as new/<id>.txt|json, to out_dir as
 * <stem>.txt|json (atomically), else to stdout. Returns 0, PITH_EDUP for a
 * spool duplicate (not an error), or an error with the reason. */
int pith_output_write(pith_output_t *out, const pith_doc_t *doc, const char *stem, pith_err_t *err);

/* The stem of a path: its last component without the last extension
 * ("dir/a.b.txt" → "a.b"); "stdin" for "-". Writes into buf. */
const char *pith_output_stem(const char *path, char *buf, size_t size);

#endif
