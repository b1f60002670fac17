/* Boilerplate phrases: recognising page chrome by what it says.
 *
 * "Leave a Reply", "All rights reserved", "Share on Facebook", "Читайте
 * также": chrome repeats a small vocabulary across sites, so a list of such
 * phrases (data/boilerplate/<lang>.txt, embedded as blobs) catches it
 * whatever the site. All lists are compiled once (pthread_once) into one
 * read-only table; each caller brings its own context, so matching is
 * thread-safe.
 *
 * The list format and the matcher are the phrase-list module's (phrases.h),
 * shared with the HTML path. */
#ifndef PITH_DUMP_BOILER_H
#define PITH_DUMP_BOILER_H

#include <stddef.h>

typedef struct pith_boiler_ctx pith_boiler_ctx_t;

/* A per-caller match context; NULL when out of memory or when the lists could
 * not be compiled (then nothing is boilerplate). */
pith_boiler_ctx_t *pith_boiler_ctx_create(void);
void pith_boiler_ctx_destroy(pith_boiler_ctx_t *ctx); /* NULL is fine */

enum { PITH_BOILER_NONE = 0, PITH_BOILER_CHROME = 1, PITH_BOILER_END = 2, PITH_BOILER_TOC = 3 };

/* PITH_BOILER_END when s[0..n) is an end marker, PITH_BOILER_TOC when it is
 * the heading of a table of contents, PITH_BOILER_CHROME when it
 * is (or starts with, ends with, contains) a chrome phrase, else
 * PITH_BOILER_NONE. ctx may be NULL (then NONE). */
int pith_boiler_test(pith_boiler_ctx_t *ctx, const char *s, size_t n);

/* For blocks too long for pith_boiler_test: PITH_BOILER_CHROME when s[0..n)
 * starts with a "^phrase" of twelve bytes or more that is plain chrome (not
 * an end marker or a contents heading)
 * ("we use cookies", "all rights reserved"), else PITH_BOILER_NONE. */
int pith_boiler_test_lead(pith_boiler_ctx_t *ctx, const char *s, size_t n);

#endif
