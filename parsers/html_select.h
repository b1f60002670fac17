/* Choosing the article among several candidates (SPEC §3).
 *
 * The scorer in html.c makes one guess: the best-scoring container and its
 * qualifying siblings. A single guess fails in recognisable ways: content
 * whose boxes carry chrome-sounding class names, an article split by
 * headings, figures or FAQ boxes into sibling sections the scorer does not
 * all take, pages with few <p>. So the scorer's pick is one candidate among
 * others built on different evidence, and a rule compares them:
 *
 *  - "ldjson": the blocks that occur in the page's JSON-LD articleBody, when
 *    the page declares one and it is long (the publisher's own statement of
 *    what the article is); it also serves as the judge of the others;
 *  - "region": the densest run of consecutive text blocks in document order
 *    (running text counts for, link lists and fragments against), ignoring
 *    class names;
 *  - "union": every paragraph-like block under the deepest element that
 *    holds most of the page's running text.
 *
 * The scorer's pick stands unless another candidate has clearly more running
 * text while reading like an article (low link density, few fragments, what
 * it adds not in boxes the class words call chrome) and extending what the
 * scorer took, or the scorer found nothing. With PITH_HTML_DEBUG set in the
 * environment, the candidates and the reason for the choice are printed on
 * stderr. */
#ifndef PITH_HTML_SELECT_H
#define PITH_HTML_SELECT_H

#include <stddef.h>

#include "pith/buf.h"
#include "html_model.h"

/* Candidate statistics, in characters of kept blocks. */
typedef struct pith_html_cand {
    const char *name;
    char *keep;          /* per block: 1 when kept (arena memory); NULL when absent */
    size_t chars;        /* kept characters */
    size_t run;          /* in running-text blocks (long, few links) */
    size_t link;         /* inside links */
    size_t frag;         /* in blocks shorter than a paragraph */
    size_t common;       /* also kept by the scorer */
    size_t inld;         /* in blocks found in the JSON-LD articleBody */
    size_t added_chrome; /* not kept by the scorer, under boxes its class words call chrome
                          * (layout words only when the box does not read like an article) */
    size_t added_link;   /* not kept by the scorer, inside links */
} pith_html_cand_t;

enum { PITH_CAND_SCORER, PITH_CAND_LDJSON, PITH_CAND_REGION, PITH_CAND_UNION, PITH_CAND_N };

/* The choice rule on candidate statistics alone (cands[PITH_CAND_N], a
 * candidate with keep == NULL is absent; ld_chars is the length of the
 * JSON-LD articleBody, 0 when there is none). Returns the index of the
 * chosen candidate and points *why at a short static reason. Pure, so
 * tests can drive it with figures. */
int pith_html_choose(const pith_html_cand_t *cands, size_t ld_chars, const char **why);

/* Builds the candidates for model c, given the scorer's block mask (NULL
 * when it found nothing), chooses, and copies the winner's mask into keep
 * (c->nblocks bytes). When no candidate holds an article but the JSON-LD
 * articleBody is long plain text, that text goes into *raw (caller frees)
 * for the caller to emit as is. Sets *kept to the kept characters (0:
 * nothing). Returns 0, or PITH_ENOMEM. */
int pith_html_select(ctx_t *c, const char *scorer_keep, char *keep, pith_buf_t *raw, long *kept);

#endif
