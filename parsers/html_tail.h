/* Where an article ends (html_tail.c): once the blocks are chosen, the
 * furniture standing at the article's end goes. Private to the HTML
 * extractor. */
#ifndef PITH_HTML_TAIL_H
#define PITH_HTML_TAIL_H

#include "html_model.h"

/* Unmarks in keep (one flag per block of c) what follows the article's end
 * in its last part: a closing label and the blocks after it. Returns the
 * characters dropped. */
size_t pith_html_cut_tail(const ctx_t *c, char *keep);

/* Unmarks in keep an appeal to the reader (newsletter, support, membership:
 * pith_html_closing_appeal) among the last kept blocks and what follows it.
 * Returns the characters dropped. */
size_t pith_html_cut_appeals(const ctx_t *c, char *keep);

#endif
