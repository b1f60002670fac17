/* The article every HTML unit test builds its pages around: four
 * paragraphs of plain news prose, long enough to be the page's text, and the
 * page that holds them. Header-only, included by the tests that need it. */
#ifndef PITH_TEST_ARTICLE_H
#define PITH_TEST_ARTICLE_H

#include <stddef.h>

#include "pith/buf.h"

static const char *const PARAS[] = {
    "The city council voted on Tuesday to approve the new budget, which raises spending on "
    "schools, parks and public transport by almost a tenth over the next two years.",
    "Supporters said the plan, drafted over six months of hearings, would repair roads that "
    "have been neglected for decades, while critics warned that taxes would have to rise.",
    "The mayor, speaking after the vote, said the city could not afford to wait any longer, "
    "and promised that the first projects would begin before the end of the summer.",
    "Opposition members said they would keep pressing for an audit of the spending, and "
    "several residents who attended the meeting asked for more money for the libraries.",
};

/* Into b: a page of head, then before (headings, bylines, date lines) over
 * the four paragraphs in <div class=cls>, then tail_paras more paragraphs
 * (to stand something well below the headline), then tail. */
static inline void test_article_page(pith_buf_t *b, const char *head, const char *before,
                                     const char *cls, size_t tail_paras, const char *tail)
{
    pith_buf_printf(b, "<!DOCTYPE html><html lang=en><head>%s</head><body>%s<div class=%s>", head,
                    before, cls);
    for (size_t i = 0; i < 4; i++)
        pith_buf_printf(b, "<p>%s</p>", PARAS[i]);
    pith_buf_puts(b, "</div>");
    for (size_t i = 0; i < tail_paras; i++)
        pith_buf_printf(b, "<p>%s</p>", PARAS[i % 4]);
    pith_buf_printf(b, "%s</body></html>", tail);
}

#endif
