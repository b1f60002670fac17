/* A large page parsed in pieces (issue 12), so that Gumbo's tree (5-6 times
 * the page) never exists whole.
 *
 * The plan: a strict scan of the pre-pass's output from <body> finds the
 * element holding most of the page (the "container", reached through plain
 * boxes only) and cuts its content at the boundaries of its children into
 * pieces of about PITH_PIECE_BYTES. A piece qualifies only when it is made of
 * ordinary elements, each closed by its own end tag in order (no implied
 * end tags, no tables, forms, scripts, foreign content, misnested
 * formatting): Gumbo then builds for it, as a fragment in the container's
 * context, the very nodes a parse of the whole page would, and leaves the
 * parser's state as it found it. The scan stops at the first thing it
 * cannot vouch for; what follows stays in the "skeleton".
 *
 * The skeleton (the page without the pieces) is parsed whole; the walk
 * parses, walks and frees one piece at a time in the container. Pieces
 * whose walk records metadata (html_meta keeps pointers into them) are
 * kept too. The page's words, which the check of a declared author reads
 * all of, are built as the walk goes (pith_page_words_t). The first pieces (more than any walk
 * from the skeleton reads forward) and the last ones (more than any walk
 * reads backward) are kept and grafted into the container, so the
 * metadata readers, which never read past their bounds, see what they
 * would in the whole tree. Source offsets are those of the whole page. */
#ifndef PITH_HTML_PIECES_H
#define PITH_HTML_PIECES_H

#include <gumbo.h>
#include <stddef.h>

#include "html_arena.h"
#include "html_meta.h"

#define PITH_PIECES_MIN ((size_t)2 << 20)    /* smaller pages are parsed whole */
#define PITH_PIECE_BYTES ((size_t)128 << 10) /* bytes of a piece, about */
#define PITH_PIECES_DEPTH 64                 /* elements the scan follows in depth */

typedef struct pith_pieces {
    /* the plan: piece i is pre[cuts[i], cuts[i + 1]) */
    size_t *cuts;
    size_t ncuts;
    int depth;                         /* the container's path: path[0] is <body> */
    size_t path_at[PITH_PIECES_DEPTH]; /* where each start tag is in pre */
    GumboTag path_tag[PITH_PIECES_DEPTH];
    /* the walk */
    char *pre; /* the pre-pass's output, held while pieces are parsed */
    size_t plen;
    struct pith_buf *work;              /* pre's buffer, else it is in arena */
    pith_arena_t *arena, *skel;         /* skel: the skeleton's tree */
    const struct pith_prescan_map *map; /* the pre-pass's: its placeholders */
    GumboNode *container;               /* in the skeleton */
    unsigned junction;                  /* the container's children before the pieces */
    GumboNode **kept;                   /* the kept pieces' top nodes, in order */
    size_t nkept, capkept;
    pith_arena_t **arenas; /* the kept pieces' trees */
    size_t narenas, caparenas;
    size_t visits;           /* html_shown's visits into the first pieces */
    size_t island;           /* visits still to keep after a piece that recorded metadata */
    int budget;              /* the first pieces hold enough visits */
    int front_done;          /* and a piece with text after them */
    int failed;              /* memory ran out: parse whole */
    int dropped;             /* pages of pre were given back: it cannot be parsed whole */
    int want_words;          /* the page may declare an author: */
    pith_page_words_t words; /* its words, built during the walk */
} pith_pieces_t;

/* Plans pre[0..len), the pre-pass's output with map (NULL: none), measured
 * as it would be without placeholders: 1 when the page is worth parsing in
 * pieces and can be, 0 if not (nothing to free), -1 when out of memory. */
int pith_pieces_plan(const char *pre, size_t len, const struct pith_prescan_map *map,
                     pith_pieces_t *p);

/* The skeleton: pre without the pieces, into a new buffer of *n bytes
 * (malloc), or NULL. */
char *pith_pieces_skeleton(const pith_pieces_t *p, const char *pre, size_t len, size_t *n);

/* Finds the container in the skeleton's tree and moves the offsets after
 * the pieces back where they are in pre: 0, or -1 when the tree is not the
 * one the plan expects (parse the page whole). */
int pith_pieces_attach(pith_pieces_t *p, GumboOutput *skel);

/* Walks the container's children, the pieces among them: each piece is
 * parsed, walked with walk(ctx, node) for each of its top nodes, and
 * freed or kept; meta (of meta_size bytes) must not change in a piece's
 * walk. Then grafts the kept pieces into the container. */
void pith_pieces_walk(pith_pieces_t *p, void (*walk)(void *ctx, const GumboNode *n), void *ctx,
                      const void *meta, size_t meta_size);

/* Frees the plan, the skeleton and the kept pieces. */
void pith_pieces_free(pith_pieces_t *p);

struct ctx;
/* The pre-pass, then Gumbo's tree of what it kept: of the whole page (in
 * tree; pre is freed), or, when it is parsed in pieces (p->container set),
 * of the skeleton (pre is held for the pieces). NULL: out of memory. */
GumboOutput *pith_html_parse(struct ctx *c, pith_arena_t *tree, const char *utf8, size_t len,
                             struct pith_buf *work, pith_pieces_t *p);
/* The whole page's tree after all (in tree), from the held pre-pass; the
 * pieces are freed. NULL: out of memory, or the pre-pass's pages read by
 * the pieces were given back (only memory running out makes a walk fail
 * after its first piece). */
GumboOutput *pith_html_parse_whole(pith_pieces_t *p, pith_arena_t *tree);
/* Frees the held pre-pass output. */
void pith_html_parse_done(pith_pieces_t *p);

#endif
