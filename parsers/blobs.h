/* Data files compiled into the core (see cmake/embed.cmake): stop-word lists
 * under "stopwords/<lang>.txt" and the built-in site profiles under
 * "sites.d/<name>.conf". Each blob is NUL-terminated; len excludes the NUL.
 *
 * Code that needs one particular file uses its generated symbol from
 * "pith_blob_names.h" (core sources only), pith_blob_<path> with every
 * non-alphanumeric byte as '_', so that renaming the file is a build error;
 * code that reads every file of a folder uses the generated family
 * pith_blobs_<folder> (PITH_NBLOBS_<FOLDER> files); pith_blob_find and the
 * table are for names that come from outside (site profiles). */
#ifndef PITH_BLOBS_H
#define PITH_BLOBS_H

#include <stddef.h>

typedef struct pith_blob {
    const char *name;
    const char *data;
    unsigned len;
} pith_blob_t;

extern const pith_blob_t pith_blobs[]; /* ends with a {0,0,0} entry */
extern const unsigned pith_nblobs;

/* The blob with that exact name, or NULL. */
const pith_blob_t *pith_blob_find(const char *name);

/* The line of a blob's text that starts at *p (p < end), without its '\n'
 * and trailing '\r', blanks and tabs: returns its start, puts its length in
 * *n and moves *p past it. NULL when *p has reached end. */
const char *pith_blob_line(const char **p, const char *end, size_t *n);

#endif
