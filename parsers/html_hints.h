/* Class/id hint words and boilerplate phrases for HTML extraction.
 *
 * Both tables are data (data/html/hints.txt, data/html/boilerplate.txt,
 * embedded as blobs), read once on first use under pthread_once into
 * read-only tables, so every function here is thread-safe and site
 * knowledge never becomes code. */
#ifndef PITH_HTML_HINTS_H
#define PITH_HTML_HINTS_H

#include <stddef.h>

#include "pith/error.h"

/* Builds the hint and phrase tables (once) and says whether every line of
 * the data files was kept: 0, or the first failure with its line. */
int pith_html_hints_init(pith_err_t *err);

/* The hint of an element from its class and id attribute values (either may
 * be NULL): the sum over class names and the id of their weights, clipped to
 * -3..+3 (see data/html/hints.txt for how names are split into words). When
 * layout is not NULL, *layout says whether a negative hint comes from layout
 * words alone ("title", "info", "media": the "~" entries), which name where
 * a box sits rather than what it does, so its content decides. */
int pith_html_hint(const char *cls, const char *id, int *layout);

/* True when the block text s[0..n) is page furniture by itself ("Read
 * more", "Advertisement", "Share this article" ...). Blocks of 300 bytes or
 * more are never furniture by this test; "=" and "^" entries (phrases.h)
 * only match blocks under 100 bytes, or under 300 that start with a bracket
 * ("(Reporting by ..."). */
int pith_html_boilerplate(const char *s, size_t n);

/* True when the block text s[0..n) titles a section that is not the
 * article ("Related articles", "Читайте также", "Comments"): the "!"
 * entries of data/html/boilerplate.txt, matched like the others. */
int pith_html_section_title(const char *s, size_t n);

/* True when the block text s[0..n) is a label after which an article has
 * ended ("Über den Autor", "Kontakt", "Mehr Themen"): the "@" entries (not
 * the "!" ones: "Read also" boxes sit inside articles too). Where such a label stands in the
 * article's last part, what follows it is the page's (html.c, cut_tail). */
int pith_html_closing_title(const char *s, size_t n);

/* True when the block text s[0..n) (under 1,000 bytes, any length else)
 * contains a contained "@" entry of data/html/boilerplate.txt: an appeal
 * to the reader that ends articles ("unseren Newsletter", "support our
 * work"). html_tail.c drops it only where it is the article's last block. */
int pith_html_closing_appeal(const char *s, size_t n);

#endif
