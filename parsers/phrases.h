/* Phrase lists: recognising page chrome by what it says, for both paths.
 *
 * "Leave a Reply", "All rights reserved", "Share on Facebook", "Читайте
 * также": chrome repeats a small vocabulary across sites, so lists of such
 * phrases (data files embedded as blobs) catch it whatever the site. The
 * text-dump path reads data/boilerplate/<lang>.txt (dump_boiler.h), the
 * HTML path data/html/boilerplate.txt (html_hints.h); both lists have this
 * one format, are compiled by pith_phrases_compile and matched by
 * pith_phrases_test.
 *
 * List format, one phrase a line, matched case-insensitively: "phrase"
 * (contained anywhere), "^phrase" (at the start), "$phrase" (at the end),
 * "=phrase" (the whole block, white space, punctuation, symbols and digits
 * around it aside), "~phrase" (at the start of a heading: followed by one to
 * four capitalised words and no sentence punctuation, "More Washington
 * Examiner"). A leading "!" makes the phrase an end marker instead of plain
 * chrome: it opens what follows an article or what is not the article
 * (comment threads, related lists: "Leave a Reply", "Related articles"); a
 * leading "@" a closing label, chrome only where it ends an article ("About
 * the author", "Kontakt"); a leading "%" the heading of a table of
 * contents, whose entries follow ("Inhaltsverzeichnis", "Table of
 * contents"). Blank lines and lines starting with '#' are
 * ignored; lines over 200 bytes too. */
#ifndef PITH_PHRASES_H
#define PITH_PHRASES_H

#include <stddef.h>

#include "blobs.h"
#include "pith/buf.h"
#include "pith/error.h"

typedef struct pith_phrases pith_phrases_t;

/* What a block is by its phrases; an end marker or a table of contents
 * settles it (the first found), chrome outranks a closing label. */
enum {
    PITH_PHRASE_NONE = 0,
    PITH_PHRASE_CHROME = 1,
    PITH_PHRASE_END = 2,
    PITH_PHRASE_CLOSING = 3,
    PITH_PHRASE_TOC = 4
};

/* The kinds of phrase a test looks at (a caller may leave some out, as the
 * HTML path does for long blocks). */
enum {
    PITH_PHRASE_WHOLE = 1, /* "=phrase" */
    PITH_PHRASE_START = 2, /* "^phrase" and "~phrase" */
    PITH_PHRASE_TAIL = 4,  /* "$phrase" */
    PITH_PHRASE_ANY = 8,   /* "phrase" */
    PITH_PHRASE_ALL = 15,
    /* With this bit, an "=phrase" must open the block (only white space
     * before it): the HTML path tests short blocks that may be a date and
     * a comment count ("28.01.22 / 0 Kommentare"), where a dump's line
     * "34 Comments" opens the comments. */
    PITH_PHRASE_STRICT = 16
};

/* Compiles the lists lists[0..n) into a read-only table in *out. Returns 0,
 * PITH_ENOMEM, or PITH_ECONFIG when the lists hold no phrase. */
int pith_phrases_compile(const pith_blob_t *const *lists, size_t n, pith_phrases_t **out,
                         pith_err_t *err);
void pith_phrases_destroy(pith_phrases_t *p); /* NULL is fine */

/* The best hit of block s[0..n) among the phrases of the given kinds:
 * PITH_PHRASE_END, _CHROME, _CLOSING or _NONE (also when p is NULL or out
 * of memory). The block is lowercased on the stack when it has at most
 * PITH_PHRASES_SHORT bytes (no allocation: never out of memory), else
 * into scratch, the caller's buffer kept from call to call, or with
 * scratch NULL into a buffer of the call's own. */
#define PITH_PHRASES_SHORT 1024
int pith_phrases_test(const pith_phrases_t *p, pith_buf_t *scratch, const char *s, size_t n,
                      unsigned kinds);

/* For blocks too long for pith_phrases_test: PITH_PHRASE_CHROME when
 * s[0..n) starts with a "^phrase" of twelve bytes or more that is plain
 * chrome ("we use cookies", "all rights reserved"), else PITH_PHRASE_NONE. */
int pith_phrases_test_lead(const pith_phrases_t *p, pith_buf_t *scratch, const char *s, size_t n);

#endif
