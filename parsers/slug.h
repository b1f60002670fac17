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

/* Reads the page's own slug: a path goes from the section to the page
 * ("/lernen-und-vermitteln/der-hollaenderholzhandel/"), so the last
 * segment of two words or more wins, words with digits (ids:
 * "c4d3321d-fad9-41cb", "ar-BB19DUqK") not counted; without one, as
 * pith_slug_from_url. */
void pith_slug_from_page(pith_slug_t *sl, const char *url);

/* Writes the letters and digits of s[0..n), ASCII only, lowercased, into
 * out (cap bytes, at least 1); returns their count. */
size_t pith_slug_squash(const char *s, size_t n, char *out, size_t cap);

/* The slug as one squashed string: the letters and digits (as
 * pith_slug_squash) of url's last path segment up to its first dot, into
 * out (cap bytes, at least 1); returns their count, 0 when url (may be
 * NULL) has no path. Both readers take the path and its segments the same
 * way; they differ in the segment chosen and in how it is read. */
size_t pith_slug_squash_last(const char *url, char *out, size_t cap);

/* Counts the words of s[0..n) (at most 2,000 bytes are read; numbers left
 * out) into *words and those found in the slug into *hits. */
void pith_slug_match(const pith_slug_t *sl, const char *s, size_t n, unsigned *words,
                     unsigned *hits);

/* Counts the words of s[0..n) of three letters or more (numbers left out)
 * into *words and those found inside last, a squashed last segment
 * (pith_slug_squash_last), into *hits: parts of a compound count
 * ("Batteriespeicher" in "solarbatteriespeicher"), and so does a word whose
 * non-ASCII letters the path dropped ("Ernährung" in "...ernhrung"). */
void pith_slug_inside(const char *last, const char *s, size_t n, unsigned *words, unsigned *hits);

#endif
