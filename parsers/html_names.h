/* The class and id names the extractor reads, and the pre-pass's filter
 * that leaves out the others before Gumbo sees them.
 *
 * A page's class attributes are a third of what is left of it after the
 * pre-pass ("wp-block-group__inner-container is-layout-constrained"), and
 * Gumbo spends as much on an attribute's byte as on text. Every reader of
 * class and id splits the value at blanks (space, tab, newline) and asks
 * each name alone: html_hints.c weighs it, html_shown.c looks for its word
 * lists in it and for a post's name, html_author.c for a hiding name and
 * a picture credit's, html_meta.c for a screen-reader name inside it. A
 * name none of them reads adds nothing to any answer, so the value without
 * it gives the same answers, as long as no reader's cap on names
 * (html_hints.c reads 16) is reached. Each reader says here, through the function it answers with
 * itself, whether it reads a name: a new reader of class or id MUST add its
 * test to pith_html_name_read, or the names it reads are gone. */
#ifndef PITH_HTML_NAMES_H
#define PITH_HTML_NAMES_H

#include <stddef.h>

/* Whether some reader reads the class or id name s[0..n) (no blank in it):
 * the readers' own answers, memoized per thread. */
int pith_html_name_read(const char *s, size_t n);

/* The readers' tests of one name: html_hints.c's weight (not 0),
 * html_shown.c's word lists and post names, html_author.c's hiding
 * names and picture credits' names, html_meta.c's screen-reader names. */
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

#endif
