/* The words of a URL's slug ("/2023/08/14/council-expands-bus-network/"),
 * and how well a line of text matches them.
 *
 * A dump has no <h1>: the headline is one line among menus, teasers and
 * labels. Most article URLs spell their headline in the path, so a line
 * whose words are the slug's words is the headline, whatever its place in
 * the dump. Words are compared folded (case, accents; German ä, ö, ü, ß also
 * as ae, oe, ue, ss, as slugs write them); numbers are left out on both
 * sides (ids and years in paths). Pure and re-entrant. */
#ifndef PITH_SLUG_H
#define PITH_SLUG_H

#include <stddef.h>

#define PITH_SLUG_MAXTOK 32
#define PITH_SLUG_TOKLEN 40

typedef struct pith_slug {
    size_t n; /* words; 0 when the URL has no slug of two words or more */
    char tok[PITH_SLUG_MAXTOK][PITH_SLUG_TOKLEN];
} pith_slug_t;

/* Reads the slug of url (may be NULL): the path segment with the most
 * words, its extension (.html, .php ...) left out. */
void pith_slug_from_url(pith_slug_t *sl, const char *url);

/* Counts the words of s[0..n) (at most 2,000 bytes are read; numbers left
 * out) into *words and those found in the slug into *hits. */
void pith_slug_match(const pith_slug_t *sl, const char *s, size_t n, unsigned *words,
                     unsigned *hits);

#endif
