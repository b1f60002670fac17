/* Boilerplate phrases: recognising page chrome by what it says.
 *
 * "Leave a Reply", "All rights reserved", "Share on Facebook", "Читайте
 * также": chrome repeats a small vocabulary across sites, so a list of such
 * phrases (data/boilerplate/<lang>.txt, embedded as blobs) catches it
 * whatever the site. All lists are compiled once (pthread_once) into one
 * caseless PCRE2 pattern with JIT; the pattern is read-only afterwards and each
 * caller brings its own match context, so matching is thread-safe.
 *
 * List format, one phrase a line: "phrase" (contained anywhere), "^phrase"
 * (at the start), "=phrase" (the whole block, trailing punctuation aside);
 * blank lines and lines starting with '#' are ignored. */
#ifndef PITH_DUMP_BOILER_H
#define PITH_DUMP_BOILER_H

#include <stddef.h>

typedef struct pith_boiler_ctx pith_boiler_ctx_t;

/* A per-caller match context; NULL when out of memory or when the lists could
 * not be compiled (then nothing is boilerplate). */
pith_boiler_ctx_t *pith_boiler_ctx_create(void);
void pith_boiler_ctx_destroy(pith_boiler_ctx_t *ctx); /* NULL is fine */

/* 1 when s[0..n) is (or starts with, or contains) a chrome phrase, else 0.
 * ctx may be NULL (then 0). */
int pith_boiler_test(pith_boiler_ctx_t *ctx, const char *s, size_t n);

#endif
