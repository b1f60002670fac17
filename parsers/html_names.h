/* Class and id before Gumbo: the pre-pass's numbering of their values, and
 * the filter that leaves out the names no one reads where there is no
 * numbering.
 *
 * A page's class attributes were a third of what is left of it after the
 * pre-pass ("wp-block-group__inner-container is-layout-constrained"), and
 * Gumbo spends as much on an attribute's byte as on text. Where the
 * pre-pass has a map (the extractor always gives it one), a quoted value
 * goes into the map once and the tag keeps its number: c="12" for a class,
 * i="12" for an id. So every reader of class or id reads it with
 * pith_html_names_value, never with pith_html_attr (debug builds assert
 * it), and gets the very value.
 *
 * Without a map (or where a number would be longer than the attribute),
 * the names no reader reads are left out: every reader of class and id
 * splits the value at blanks (space, tab, newline) and asks each name
 * alone: html_hints.c weighs it, html_shown.c looks for its word lists in
 * it and for a post's name, html_author.c for a hiding name and a picture
 * credit's or a control's, html_meta.c for a screen-reader name inside it.
 * A name none of them reads adds nothing to any answer, so the value
 * without it gives the same answers, as long as no reader's cap on names
 * (html_hints.c reads 16) is reached. Each reader says here, through the
 * function it answers with itself, whether it reads a name: a new reader
 * of class or id MUST add its test to pith_html_name_read, or the names it
 * reads are gone. */
#ifndef PITH_HTML_NAMES_H
#define PITH_HTML_NAMES_H

#include "html_prescan.h"

#include <gumbo.h>
#include <stddef.h>

/* Whether some reader reads the class or id name s[0..n) (no blank in it):
 * the readers' own answers, memoized per thread. */
int pith_html_name_read(const char *s, size_t n);

/* The readers' tests of one name: html_hints.c's weight (not 0),
 * html_shown.c's word lists and post names, html_author.c's hiding
 * names and picture credits' and controls' names, html_meta.c's
 * screen-reader names. */
int pith_html_hint_reads(const char *s, size_t n);
int pith_html_shown_reads(const char *s, size_t n);
int pith_html_author_reads(const char *s, size_t n);
int pith_html_heading_reads(const char *s, size_t n);

/* Writes to out the names of the class or id value v[0..n) (as the
 * tokenizer reads it between quotes) that some reader reads, one space
 * between two, and returns their length; returns -1, writing nothing, when
 * the value must stay as it is: it holds a character reference ('&'), a
 * NUL, a carriage return or form feed (which the readers split on
 * differently), or more than PITH_NAMES_MAX names. A name of other than
 * printable ASCII stays. out may be v or lie before it (the pre-pass works
 * in place): each name is read before anything is written over it. */
long pith_html_names_filter(const char *v, size_t n, char *out);

#define PITH_NAMES_MAX 16 /* html_hints.c's value_weight reads 16 names */

/* Whether a style value v[0..n) (NULL: none) holds what its readers look
 * for, "display:none", "display: none", "visibility:hidden" or
 * "visibility: hidden" in any case (html.c's is_hidden, html_author.c's
 * unseen), or may spell it otherwise (a character reference, a NUL): the
 * pre-pass leaves out every other style, which answers as no style does.
 * A new reader of style MUST add what it looks for here. */
int pith_html_style_read(const char *v, size_t n);

/* The number of the value v[0..n) (as the tokenizer reads it between
 * quotes) in m's values, added when new; -1 when it cannot be kept there:
 * the tokenizer would hand on other bytes than v's (a character reference,
 * a control character, a carriage return, a NUL; only printable ASCII,
 * tabs and newlines are kept), or there is no memory. */
long pith_html_names_intern(pith_prescan_map_t *m, const char *v, size_t n);

/* Writes the class or id attribute attr (lower case) whose quoted value is
 * val[0..vallen) (quote its quote) at out, after a space when gap, with the
 * names no one reads left out (pith_html_names_filter), and those as c="N"
 * or i="N", N their number in map's values, when there is a map and that
 * is shorter. Returns the output's new end; out itself when no name is
 * left (no attribute: every reader takes it as one without names); NULL,
 * having written nothing, when the value must stay as it is. For the
 * pre-pass in place: out + gap may be the name's own place, and the value
 * lies past the name, '=' and the quote: nothing is written before it is
 * read. */
char *pith_html_names_put(char *out, int gap, const char *attr, char quote, const char *val,
                          size_t vallen, pith_prescan_map_t *map);

/* pith_html_names_value, el's class or id value, is declared in
 * html_meta.h with pith_html_attr. */

#endif
