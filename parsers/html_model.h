/* The block model of one HTML page, shared by the extractor (html.c), which
 * builds it, the scorer (html_score.c), and the selection (html_select.c),
 * which weighs other candidates for the article against the scorer's. Private to the
 * HTML extractor: nothing outside parsers/html*.c includes it.
 *
 * Containers are block-level elements in document order (preorder: a
 * parent comes before its descendants, which are the range (i, end_cont));
 * blocks are runs of inline text in document order, each in one container. */
#ifndef PITH_HTML_MODEL_H
#define PITH_HTML_MODEL_H

#include <gumbo.h>
#include <stddef.h>

#include "html_arena.h"
#include "html_meta.h"
#include "html_prescan.h"

#define MAX_CONTS (1u << 22)
#define MAX_BLOCKS (1u << 22)
#define MIN_PARA 25     /* characters for a block to count as a paragraph */
#define MIN_ARTICLE 120 /* characters of output below which there is no article */

enum {
    F_BAD = 1,       /* chrome: dropped when inside the article */
    F_ARTICLE = 2,   /* <article>, <main>, itemprop=articleBody */
    F_SCORED = 4,    /* has a candidate score */
    F_BADHINT = 8,   /* bad because of its class/id words only */
    F_TITLED = 16,   /* opens with a title such as "Related articles" */
    F_INTITLED = 32, /* has an F_TITLED ancestor */
    F_LAYOUT = 64,   /* its negative hint is from layout words alone ("title", "info") */
};

typedef struct cont {
    int parent;
    int depth;
    unsigned short tag;
    signed char hint;
    unsigned char flags;
    unsigned first_block, end_block; /* blocks [first, end) are inside */
    unsigned end_cont;               /* containers (this, end) are descendants */
    unsigned text, link;             /* characters inside, and inside links */
    int deepest_bad;                 /* depth of the deepest bad container on the path, -1 */
    float score;
} cont_t;

typedef struct block {
    unsigned off, len; /* in ctx.text */
    unsigned chars, link, commas, segs;
    int cont;
} block_t;

/* A link's text in ctx.text, noted only when links are wanted (--links):
 * outermost <a href> elements whose text stays inside one block. */
typedef struct hlink {
    unsigned start, end;
    const char *href; /* a copy: the tree is gone by the emit */
} hlink_t;

typedef struct ctx {
    pith_arena_t *arena;
    cont_t *conts;
    size_t nconts, capconts;
    block_t *blocks;
    size_t nblocks, capblocks;
    char *text;
    size_t tlen, tcap;
    int oom;
    /* the block being collected */
    size_t cur_off;
    unsigned cur_chars, cur_link, cur_commas, cur_segs, seg_chars;
    int space, link_depth, pre_depth, cur;
    pith_html_meta_t meta;
    pith_prescan_map_t cuts; /* the pre-pass's, for html_shown's distances */
    /* links, when wanted */
    int want_links;
    hlink_t *links;
    size_t nlinks, caplinks, link_at;
    const char *link_href;
    struct pith_pieces *pieces; /* a large page's pieces (html_pieces.h), or NULL */
} ctx_t;

typedef struct {
    char *sel;  /* per container: 1 when its subtree is part of the article */
    char *keep; /* per block */
} pick_t;

/* The best-scoring container (html_score.c), or -1; strict: text under
 * chrome or in a titled section ("Related articles") does not count. */
int pith_html_score(ctx_t *c, int strict);
/* best widened to an ancestor holding several strong candidates, or whose
 * score is better, or that it is the only child of. */
int pith_html_widen(ctx_t *c, int best);

/* Whether container d is anc or lies in its subtree. */
static inline int pith_cont_contains(const ctx_t *c, int anc, int d)
{
    return d >= anc && (unsigned)d < c->conts[anc].end_cont && (anc == d || d > anc);
}

#endif
