/* Placeholders: Gumbo parses the page's shape, not its text.
 *
 * Gumbo spends some 300 instructions on each character of text (decoding,
 * checking, one token each, the tree builder's mode for each), yet a stretch
 * of plain text builds the same tree as its first character would: after the
 * first character that is not white space every insertion mode treats the
 * rest alike (frameset modes aside). So the pre-pass (html_prescan.c) writes
 * one U+FFFC, the placeholder, for each such stretch of text in the data
 * state and keeps the stretch's text aside in its map; after each parse
 * pith_html_unplace puts the text back into the text nodes, and every reader
 * sees the text a parse of the page as it is gives.
 *
 * What stays as it is: white space before a stretch (modes before the body
 * and in tables treat it apart), character references ('&', then letters,
 * digits and '#', then a ';'), and whatever Gumbo changes or treats on its
 * own (NUL, controls, DEL, invalid UTF-8, the code points it replaces);
 * stretches shorter than the placeholder. A stretch's CR LF and lone CR
 * become LF, as Gumbo's input stream has them; a CR ending a stretch stays
 * (an LF after it may join it). A title's text follows the same rules
 * (Gumbo's RCDATA state reads references and '<' as its data state does), a
 * kept JSON-LD script's too, '&' being a plain character there. No
 * placeholders on a page that has a U+FFFC of its own, literal or as a
 * numeric reference: a U+FFFC in a text node is then always one. None after
 * a kept <frameset> (its modes drop characters other than white space), a
 * doctype without its '>', a literal '<' before '!', '/', '?' or a letter
 * (what a dropped tag or comment left: "<![CDATA[", or a tag the pre-pass did
 * not see) or a kept script holding "<!--" (Gumbo's escaped script data),
 * where Gumbo reads what follows otherwise than as text.
 *
 * Gumbo makes a text node of consecutive character tokens and never adds to
 * a node it made, so the placeholders of a node are consecutive ones, the
 * first at or after the node's start offset. */
#ifndef PITH_HTML_PLACEHOLDERS_H
#define PITH_HTML_PLACEHOLDERS_H

#include <gumbo.h>
#include <stddef.h>

#include "html_arena.h"
#include "html_prescan.h"

/* The pre-pass's writer of text. */
typedef struct {
    pith_prescan_map_t *map; /* NULL: off */
    char *out0;              /* the output's start */
    char *end;               /* output just past the last text written */
    int state;               /* where that text ended: in a reference, after '<' */
    size_t saved;            /* source bytes the placeholders saved, in all */
} pith_ph_t;

/* Turns placeholders on for the page in[0..n), written at out0 with map,
 * when it can have them (a map, no U+FFFC of its own, room for the text
 * aside). The map's cuts leave them out: pith_html_prescan_offset adds
 * what they saved. */
void pith_ph_begin(pith_ph_t *ph, pith_prescan_map_t *map, const char *in, size_t n, char *out0);

/* Writes the text in[0..n) at o (o <= in, or not overlapping), placeholders
 * for its stretches; returns the output's new end. */
char *pith_ph_text(pith_ph_t *ph, char *o, const char *in, size_t n);

/* Writes the content in[0..n) of a kept script (data up to its end tag,
 * which it does not hold) at o as pith_ph_text does, '&' being a character
 * like another there; none when it holds "<!--", after which Gumbo may read
 * on past its end tag. Returns the output's new end. */
char *pith_ph_script(pith_ph_t *ph, char *o, const char *in, size_t n);

/* Puts the text back in the text nodes of root's subtree (offsets those of
 * the pre-pass's output): a node that is one placeholder points at the
 * text aside, unless copy, else its new text comes from a. 0, or -1 when
 * out of memory. */
int pith_html_unplace(const pith_prescan_map_t *map, GumboNode *root, pith_arena_t *a, int copy);

/* Gives back the whole pages of the text aside for the placeholders at
 * output offsets [a, b), once no tree points at it (copy above): 1 when
 * some went, and it cannot be read again. */
int pith_html_unplace_drop(const pith_prescan_map_t *map, size_t a, size_t b);

/* Frees the text aside and the index once no tree is read again: offsets
 * then leave the placeholders out. */
void pith_html_unplace_free(pith_prescan_map_t *map);

#endif
