/* Boilerplate phrases: recognising page chrome by what it says.
 *
 * "Leave a Reply", "All rights reserved", "Share on Facebook", "Читайте
 * также": chrome repeats a small vocabulary across sites, so a list of such
 * phrases (data/boilerplate/<lang>.txt, embedded as blobs) catches it
 * whatever the site. All lists are compiled once (pthread_once) into
 * read-only lookup tables; each caller brings its own context, so matching
 * is thread-safe.
 *
 * List format, one phrase a line: "phrase" (contained anywhere), "^phrase"
 * (at the start), "$phrase" (at the end), "=phrase" (the whole block, numbers
 * and punctuation around it aside), "~phrase" (at the start of a heading:
 * followed by one to four capitalised words and no sentence punctuation,
 * "More Washington Examiner"); a leading "!" makes the phrase an end
 * marker instead of plain chrome: it opens what follows an article (comment
 * threads, related lists: "Leave a Reply", "34 Comments", "jane says:"),
 * and a leading "%" makes it the heading of a table of contents, whose
 * entries follow ("Inhaltsverzeichnis", "Table of contents").
 * Blank lines and lines starting with '#' are ignored. */
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
