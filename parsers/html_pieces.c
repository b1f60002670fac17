/* A large page parsed in pieces: the plan (a strict scan), the skeleton,
 * and the walk that parses, walks and frees one piece at a time. See
 * html_pieces.h for why the trees come out as a whole parse's. */
#include "html_pieces.h"

#include "html_meta.h"
#include "html_model.h"
#include "html_placeholders.h"
#include "pith/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#define FRONT_VISITS 20480 /* more than html_shown's longest forward walk (20,000 visits) */
#define BACK_NODES 256     /* more than its longest backward walk (200 nodes) */
#define ISLAND_VISITS 4352 /* more than its walks from an element (4,096 nodes of text) */

/* ---- the scan ------------------------------------------------------------ */

enum { K_NO, K_VOID, K_PLAIN, K_BLOCK, K_LIST, K_HEAD, K_FMT };

/* How the scan treats a start tag: K_NO ends the scan; K_BLOCK closes an
 * open <p> (the scan stops instead), K_LIST also an open <li>, <dd> or
 * <dt>, K_HEAD an open heading, K_FMT is a formatting element. */
static int kind(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_BR:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_WBR:
        return K_VOID;
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_ABBR:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_MARK:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_VAR:
    case GUMBO_TAG_KBD:
    case GUMBO_TAG_SAMP:
    case GUMBO_TAG_DFN:
    case GUMBO_TAG_INS:
    case GUMBO_TAG_DEL:
    case GUMBO_TAG_TIME:
        return K_PLAIN;
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_P:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
        return K_BLOCK;
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
        return K_LIST;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
        return K_HEAD;
    case GUMBO_TAG_A:
    case GUMBO_TAG_B:
    case GUMBO_TAG_I:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_U:
    case GUMBO_TAG_S:
        return K_FMT;
    default:
        return K_NO;
    }
}

/* Boxes the container's path may run through: none closes on a piece's
 * start tag or takes part in its formatting. */
static int plain_box(GumboTag t)
{
    return t == GUMBO_TAG_BODY || t == GUMBO_TAG_DIV || t == GUMBO_TAG_ARTICLE ||
           t == GUMBO_TAG_SECTION || t == GUMBO_TAG_MAIN || t == GUMBO_TAG_ASIDE ||
           t == GUMBO_TAG_HEADER || t == GUMBO_TAG_FOOTER || t == GUMBO_TAG_NAV;
}

typedef struct {
    GumboTag tag;
    size_t at;
} open_t;

typedef struct {
    const char *s;
    size_t len, pos;
    open_t st[PITH_PIECES_DEPTH];
    int n;     /* open elements, st[0] the body */
    int plain; /* st[0..plain) are plain boxes */
} scan_t;

static int space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int alpha(char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Past a start or end tag's attributes to its '>': 0, or -1 at the end. */
static int skip_attrs(scan_t *sc)
{
    const char *s = sc->s;
    size_t i = sc->pos, n = sc->len;
    for (;;) {
        while (i < n && (space(s[i]) || s[i] == '/'))
            i++;
        if (i >= n)
            return -1;
        if (s[i] == '>') {
            sc->pos = i + 1;
            return 0;
        }
        i++; /* an attribute's name: its first byte may be anything, even '=' */
        while (i < n && !space(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=')
            i++;
        while (i < n && space(s[i]))
            i++;
        if (i < n && s[i] == '=') {
            i++;
            while (i < n && space(s[i]))
                i++;
            if (i < n && (s[i] == '"' || s[i] == '\'')) {
                const char *q = memchr(s + i + 1, s[i], n - i - 1);
                if (!q)
                    return -1;
                i = (size_t)(q - s) + 1;
            } else {
                while (i < n && !space(s[i]) && s[i] != '>')
                    i++;
            }
        }
    }
}

static int open_in(const scan_t *sc, GumboTag t)
{
    for (int i = sc->n - 1; i >= 0; i--)
        if (sc->st[i].tag == t)
            return 1;
    return 0;
}

/* Whether a start tag of tag t would make Gumbo close an element. */
static int closes(const scan_t *sc, GumboTag t, int k)
{
    if ((k == K_BLOCK || k == K_LIST || k == K_HEAD) && open_in(sc, GUMBO_TAG_P))
        return 1;
    if (k == K_HEAD && sc->n && kind(sc->st[sc->n - 1].tag) == K_HEAD)
        return 1;
    if (k == K_LIST) {
        /* Gumbo looks down the stack for an open item up to a special
         * element other than address, div and p. */
        for (int i = sc->n - 1; i >= 0; i--) {
            GumboTag o = sc->st[i].tag;
            if (kind(o) == K_LIST)
                return 1;
            if (o != GUMBO_TAG_ADDRESS && o != GUMBO_TAG_DIV && o != GUMBO_TAG_P &&
                kind(o) != K_FMT && kind(o) != K_PLAIN)
                return 0;
        }
    }
    return (t == GUMBO_TAG_A && open_in(sc, GUMBO_TAG_A));
}

/* Reads the next token at sc->pos: text up to a '<', a comment, a start or
 * an end tag. Returns 1 for a start tag (*t, *at), 2 for an end tag, 0 for
 * text or a comment, -1 where the scan must stop (the end, or anything it
 * cannot vouch for). */
static int next(scan_t *sc, GumboTag *t, size_t *at)
{
    const char *s = sc->s;
    size_t n = sc->len, i = sc->pos;
    if (i >= n)
        return -1;
    if (s[i] != '<') {
        const char *lt = memchr(s + i, '<', n - i);
        sc->pos = lt ? (size_t)(lt - s) : n;
        return 0;
    }
    *at = i;
    if (i + 4 <= n && memcmp(s + i, "<!--", 4) == 0) {
        const char *e = memmem(s + i + 4, n - i - 4, "-->", 3);
        const char *bang = memmem(s + i + 4, e ? (size_t)(e - s) - i - 4 : 0, "--!>", 4);
        if (!e || bang || e < s + i + 5 || s[i + 4] == '>' || s[i + 4] == '-')
            return -1; /* <!-->, <!--->, --!> end early */
        sc->pos = (size_t)(e - s) + 3;
        return 0;
    }
    int end = i + 1 < n && s[i + 1] == '/';
    size_t nb = i + 1 + (size_t)end;
    if (nb >= n || !alpha(s[nb]))
        return -1;
    size_t ne = nb;
    while (ne < n && !space(s[ne]) && s[ne] != '/' && s[ne] != '>')
        ne++;
    *t = gumbo_tagn_enum(s + nb, (unsigned)(ne - nb));
    sc->pos = ne;
    if (skip_attrs(sc))
        return -1;
    return end ? 2 : 1;
}

/* One token of the body's content: pushes and pops sc's stack. Returns the
 * token's kind as next does, -1 where the scan must stop. */
static int step(scan_t *sc, GumboTag *t, size_t *at)
{
    int r = next(sc, t, at);
    if (r == 1) {
        int k = kind(*t);
        if (k == K_NO || closes(sc, *t, k))
            return -1;
        if (k == K_VOID)
            return 1;
        if (sc->n == PITH_PIECES_DEPTH)
            return -1;
        if (sc->plain == sc->n && plain_box(*t))
            sc->plain++;
        sc->st[sc->n].tag = *t;
        sc->st[sc->n++].at = *at;
    } else if (r == 2) {
        if (sc->n <= 1 || sc->st[sc->n - 1].tag != *t)
            return -1; /* only the innermost element closes (the body never) */
        if (sc->plain == sc->n)
            sc->plain--;
        sc->n--;
    }
    return r;
}

/* Where the body's start tag is in s, or len. */
static size_t find_body(const char *s, size_t len)
{
    for (const char *p = s; (p = memchr(p, '<', len - (size_t)(p - s))); p++) {
        size_t left = len - (size_t)(p - s);
        if (left > 6 && strncasecmp(p + 1, "body", 4) == 0 && (space(p[5]) || p[5] == '>'))
            return (size_t)(p - s);
    }
    return len;
}

/* A frameset would see the parser's frameset-ok flag, which text sets. */
static int has_frameset(const char *s, size_t len)
{
    for (const char *p = s; (p = memchr(p, '<', len - (size_t)(p - s))); p++)
        if (len - (size_t)(p - s) > 9 && strncasecmp(p + 1, "frameset", 8) == 0)
            return 1;
    return 0;
}

static int start_scan(scan_t *sc, const char *s, size_t len, size_t body)
{
    memset(sc, 0, sizeof *sc);
    sc->s = s;
    sc->len = len;
    sc->pos = body + 5;
    if (skip_attrs(sc))
        return -1;
    sc->st[0].tag = GUMBO_TAG_BODY;
    sc->st[0].at = body;
    sc->n = sc->plain = 1;
    return 0;
}

/* The offset off of the pre-pass's output without its placeholders: the
 * plan measures the page as it was before them (html_placeholders.h). */
#define U(off) pith_html_prescan_unplaced(map, (off))

/* The container: the deepest element on a path of plain boxes that holds
 * more than half of what the scan read (popped elements are weighed as
 * they close, the open ones where the scan stopped). Its path into p. */
static int find_container(const char *s, size_t len, size_t body, const pith_prescan_map_t *map,
                          pith_pieces_t *p)
{
    scan_t sc;
    if (start_scan(&sc, s, len, body))
        return -1;
    GumboTag t;
    size_t at;
    /* The scan's stop, first: the share of an element is of what it read. */
    while (step(&sc, &t, &at) >= 0)
        ;
    size_t stop = sc.pos, span = U(stop) - U(body);
    if (start_scan(&sc, s, len, body))
        return -1;
    p->depth = -1;
    for (;;) {
        int n = sc.n, plain = sc.plain;
        int r = step(&sc, &t, &at);
        if (r == 2 && n == plain && n - 1 > p->depth && (U(at) - U(sc.st[n - 1].at)) * 2 > span) {
            /* a plain box that held more than half closed */
            p->depth = n - 1;
            for (int i = 0; i < n; i++) {
                p->path_tag[i] = sc.st[i].tag;
                p->path_at[i] = sc.st[i].at;
            }
        }
        if (r < 0)
            break;
    }
    /* Else the deepest open one (the body at least). */
    for (int i = 0; p->depth < 0 || i == p->depth + 1; i++) {
        if (i >= sc.plain || (U(stop) - U(sc.st[i].at)) * 2 <= span)
            break;
        p->path_tag[i] = sc.st[i].tag;
        p->path_at[i] = sc.st[i].at;
        p->depth = i;
    }
    return p->depth >= 0 ? 0 : -1;
}

static int add_cut(pith_pieces_t *p, size_t *cap, size_t at)
{
    if (p->ncuts == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        size_t *q = realloc(p->cuts, nc * sizeof *q);
        if (!q)
            return -1;
        p->cuts = q;
        *cap = nc;
    }
    p->cuts[p->ncuts++] = at;
    return 0;
}

int pith_pieces_plan(const char *pre, size_t len, const pith_prescan_map_t *map, pith_pieces_t *p)
{
    memset(p, 0, sizeof *p);
    if (U(len) < PITH_PIECES_MIN || has_frameset(pre, len))
        return 0;
    size_t body = find_body(pre, len);
    if (body == len || find_container(pre, len, body, map, p))
        return 0;
    /* The cuts: where the container is the innermost open element, before
     * a tag; the last one may be its end tag. */
    scan_t sc;
    if (start_scan(&sc, pre, len, body))
        return 0;
    int d = p->depth;
    size_t cap = 0, last = 0;
    GumboTag t;
    size_t at;
    for (;;) {
        int top = sc.n == d + 1 && sc.st[d].at == p->path_at[d];
        int r = step(&sc, &t, &at);
        if (r < 0)
            break;
        if (!top || r == 0)
            continue;
        last = at;
        if ((!p->ncuts || U(at) - U(p->cuts[p->ncuts - 1]) >= PITH_PIECE_BYTES) &&
            add_cut(p, &cap, at))
            goto fail;
        if (r == 2)
            break; /* the container's own end */
    }
    if (p->ncuts && last > p->cuts[p->ncuts - 1] && add_cut(p, &cap, last))
        goto fail;
    if (p->ncuts >= 2 && (U(p->cuts[p->ncuts - 1]) - U(p->cuts[0])) * 2 >= U(len))
        return 1;
    free(p->cuts);
    memset(p, 0, sizeof *p);
    return 0;
fail:
    free(p->cuts);
    memset(p, 0, sizeof *p);
    return -1;
}

#undef U

/* ---- the skeleton --------------------------------------------------------- */

char *pith_pieces_skeleton(const pith_pieces_t *p, const char *pre, size_t len, size_t *n)
{
    size_t a = p->cuts[0], b = p->cuts[p->ncuts - 1];
    *n = len - (b - a);
    char *s = malloc(*n + 1);
    if (!s)
        return NULL;
    memcpy(s, pre, a);
    memcpy(s + a, pre + b, len - b);
    s[*n] = '\0';
    return s;
}

static const GumboVector *kids_of(const GumboNode *n)
{
    return n->type == GUMBO_NODE_DOCUMENT ? &n->v.document.children : &n->v.element.children;
}

static int has_kids(const GumboNode *n)
{
    return (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE ||
            n->type == GUMBO_NODE_DOCUMENT) &&
           kids_of(n)->length;
}

/* The node after n in preorder within top's subtree (its children first
 * unless skip), or NULL. */
static GumboNode *after(const GumboNode *top, const GumboNode *n, int skip)
{
    if (!skip && has_kids(n))
        return kids_of(n)->data[0];
    while (n != top) {
        const GumboVector *v = kids_of(n->parent);
        if (n->index_within_parent + 1 < v->length)
            return v->data[n->index_within_parent + 1];
        n = n->parent;
    }
    return NULL;
}

/* Adds delta to the source offsets at or after from in top's subtree. */
static void shift(GumboNode *top, size_t from, size_t delta)
{
    for (GumboNode *n = top; n; n = after(top, n, 0)) {
        GumboSourcePosition *a = NULL, *b = NULL;
        if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
            a = &n->v.element.start_pos;
            b = &n->v.element.end_pos;
        } else if (n->type != GUMBO_NODE_DOCUMENT) {
            a = &n->v.text.start_pos;
        }
        if (a && a->offset >= from)
            a->offset += (unsigned)delta;
        if (b && b->offset >= from)
            b->offset += (unsigned)delta;
    }
}

int pith_pieces_attach(pith_pieces_t *p, GumboOutput *skel)
{
    /* Any quirks mode will do: it changes one step of the tree's building
     * (a <table> start tag closes an open <p> unless in quirks mode), and
     * the scan stops at tables. */
    /* The path, element by element: tags and start tags where the scan
     * saw them (an implied body has no start tag of its own). */
    GumboNode *n = skel->root;
    for (int d = 0; d <= p->depth; d++) {
        const GumboVector *v = &n->v.element.children;
        GumboNode *next = NULL;
        for (unsigned i = 0; i < v->length && !next; i++) {
            GumboNode *k = v->data[i];
            if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == p->path_tag[d] &&
                k->v.element.start_pos.offset == p->path_at[d] && k->v.element.original_tag.length)
                next = k;
        }
        if (!next)
            return -1;
        n = next;
    }
    size_t a = p->cuts[0], b = p->cuts[p->ncuts - 1];
    const GumboVector *v = &n->v.element.children;
    unsigned j = 0;
    while (j < v->length) {
        const GumboNode *k = v->data[j];
        size_t at = k->type == GUMBO_NODE_ELEMENT ? k->v.element.start_pos.offset
                                                  : k->v.text.start_pos.offset;
        if (at >= a)
            break;
        j++;
    }
    p->container = n;
    p->junction = j;
    shift(skel->document, a, b - a);
    return 0;
}

/* ---- the walk ------------------------------------------------------------- */

static int push(GumboNode ***list, size_t *n, size_t *cap, GumboNode *node)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 256;
        GumboNode **q = realloc(*list, nc * sizeof *q);
        if (!q)
            return -1;
        *list = q;
        *cap = nc;
    }
    (*list)[(*n)++] = node;
    return 0;
}

static int keep_arena(pith_pieces_t *p, pith_arena_t *a)
{
    if (p->narenas == p->caparenas) {
        size_t nc = p->caparenas ? p->caparenas * 2 : 16;
        pith_arena_t **q = realloc(p->arenas, nc * sizeof *q);
        if (!q)
            return -1;
        p->arenas = q;
        p->caparenas = nc;
    }
    p->arenas[p->narenas++] = a;
    return 0;
}

/* Visits html_shown's walks make in top's subtree at their most skipping
 * (pith_html_below_skips with links): a walk through it makes at least as
 * many. Counted up to cap. */
static size_t visits(const GumboNode *top, size_t cap)
{
    size_t k = 0;
    for (const GumboNode *n = top; n && k < cap; k++)
        n = after(top, n, n->type == GUMBO_NODE_ELEMENT && pith_html_below_skips(n, 1));
    return k;
}

static int has_text(const GumboNode *top)
{
    for (const GumboNode *n = top; n; n = after(top, n, 0))
        if (n->type == GUMBO_NODE_TEXT)
            return 1;
    return 0;
}

/* A piece whose fate waits for its successors: freed once the newer ones
 * hold BACK_NODES top nodes, kept if one of them records metadata. */
typedef struct {
    pith_arena_t *arena;
    GumboNode **top; /* its top nodes (in its tree) */
    unsigned n;
} held_t;

static int keep(pith_pieces_t *p, pith_arena_t *a, GumboNode **top, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        if (push(&p->kept, &p->nkept, &p->capkept, top[k]))
            return -1;
    return keep_arena(p, a);
}

/* Gives back the whole pages of pre[a, b), a piece's text once it is
 * parsed: nothing reads it again (the trees' original_* are unread), and
 * the pre-pass's output would otherwise be held whole until the walk ends. */
static void drop(pith_pieces_t *p, size_t a, size_t b)
{
    uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t s = ((uintptr_t)(p->pre + a) + pg - 1) & ~(pg - 1);
    uintptr_t e = (uintptr_t)(p->pre + b) & ~(pg - 1);
    if (e > s && madvise((void *)s, e - s, MADV_DONTNEED) == 0)
        p->dropped = 1;
}

/* Parses and walks piece i, then keeps, holds or frees it: kept are the
 * first pieces (more than FRONT_VISITS, then one with text: the walks
 * from the page's start end in them), a piece whose walk recorded
 * metadata with BACK_NODES top nodes before it and ISLAND_VISITS after it
 * (the walks from what it recorded), and the last ones (BACK_NODES, for
 * the walks from what follows). Returns 0, or -1 when out of memory. */
static int piece(pith_pieces_t *p, size_t i, void (*walk)(void *, const GumboNode *), void *ctx,
                 const void *meta, void *snap, size_t meta_size, held_t *held, size_t *nheld)
{
    pith_arena_t *a = pith_arena_create(0);
    if (!a)
        return -1;
    GumboOptions opt = kGumboDefaultOptions;
    opt.allocator = pith_arena_alloc_cb;
    opt.deallocator = pith_arena_free_cb;
    opt.userdata = a;
    opt.max_errors = 0;
    opt.fragment_context = p->container->v.element.tag;
    opt.fragment_namespace = GUMBO_NAMESPACE_HTML;
    size_t at = p->cuts[i];
    GumboOutput *g = gumbo_parse_with_options(&opt, p->pre + at, p->cuts[i + 1] - at);
    if (!g) {
        pith_arena_destroy(a);
        return -1;
    }
    drop(p, at, p->cuts[i + 1]);
    GumboNode *root = g->root;
    shift(root, 0, at);
    /* Its own copy of its text: the text aside goes too. */
    if (pith_html_unplace(p->map, root, a, 1))
        return pith_arena_destroy(a), -1;
    if (pith_html_unplace_drop(p->map, p->cuts[0],
                               p->cuts[i + 1])) /* the pages between pieces too */
        p->dropped = 1;
    GumboNode **top = (GumboNode **)root->v.element.children.data;
    unsigned n = root->v.element.children.length;
    memcpy(snap, meta, meta_size);
    for (unsigned k = 0; k < n; k++) {
        top[k]->parent = p->container;
        walk(ctx, top[k]);
    }
    if (p->want_words && pith_page_words_add(&p->words, top, n))
        return pith_arena_destroy(a), -1;
    int recorded = memcmp(snap, meta, meta_size) != 0;
    size_t seen = 0;
    int text = 0;
    for (unsigned k = 0; k < n; k++) {
        seen += visits(top[k], FRONT_VISITS);
        text = text || (!p->front_done && has_text(top[k]));
    }
    int kept = !p->front_done || recorded || p->island;
    if (!p->front_done) {
        p->visits += seen;
        /* Past the budget, pieces up to one with text: a walk's search
         * for the next text from inside the budget ends in it. */
        if (p->budget && text)
            p->front_done = 1;
        p->budget = p->visits >= FRONT_VISITS;
    }
    if (recorded) {
        /* The held pieces before it stay: walks go back from it. */
        while (*nheld) {
            if (keep(p, held[0].arena, held[0].top, held[0].n))
                return pith_arena_destroy(a), -1;
            memmove(held, held + 1, (*nheld - 1) * sizeof *held);
            (*nheld)--;
        }
        p->island = ISLAND_VISITS;
    } else if (p->island) {
        p->island = seen >= p->island ? 0 : p->island - seen;
    }
    if (kept)
        return keep(p, a, top, n) ? (pith_arena_destroy(a), -1) : 0;
    held[*nheld].arena = a;
    held[*nheld].top = top;
    held[(*nheld)++].n = n;
    /* The oldest held piece goes when the newer ones hold enough. */
    size_t newer = 0;
    for (size_t h = 1; h < *nheld; h++)
        newer += held[h].n;
    while (*nheld > 1 && newer >= BACK_NODES + held[1].n) {
        pith_arena_destroy(held[0].arena);
        newer -= held[1].n;
        memmove(held, held + 1, (*nheld - 1) * sizeof *held);
        (*nheld)--;
    }
    return 0;
}

/* The container's children: the skeleton's before the junction, the kept
 * pieces' top nodes, the skeleton's after it. */
static int graft(pith_pieces_t *p)
{
    GumboVector *v = &p->container->v.element.children;
    size_t n = v->length + p->nkept;
    if (n > (unsigned)-1)
        return -1;
    void **d = pith_arena_alloc(p->arenas[0], n * sizeof *d);
    if (!d)
        return -1;
    size_t k = 0;
    for (unsigned i = 0; i < p->junction; i++)
        d[k++] = v->data[i];
    for (size_t i = 0; i < p->nkept; i++)
        d[k++] = p->kept[i];
    for (unsigned i = p->junction; i < v->length; i++)
        d[k++] = v->data[i];
    for (size_t i = 0; i < n; i++)
        ((GumboNode *)d[i])->index_within_parent = (unsigned)i;
    v->data = d;
    v->length = v->capacity = (unsigned)n;
    return 0;
}

void pith_pieces_walk(pith_pieces_t *p, void (*walk)(void *ctx, const GumboNode *n), void *ctx,
                      const void *meta, size_t meta_size)
{
    const GumboVector *v = &p->container->v.element.children;
    void **skel = v->data; /* the graft replaces the vector */
    unsigned nskel = v->length;
    for (unsigned i = 0; i < p->junction; i++)
        walk(ctx, skel[i]);
    if (p->want_words && pith_page_words_begin(&p->words, p->container, p->junction))
        p->failed = 1;
    size_t npieces = p->ncuts - 1, nheld = 0;
    held_t *held = malloc(npieces * sizeof *held);
    void *snap = malloc(meta_size);
    for (size_t i = 0; i < npieces && held && snap && !p->failed; i++)
        p->failed = piece(p, i, walk, ctx, meta, snap, meta_size, held, &nheld) != 0;
    p->failed = p->failed || !held || !snap;
    /* The last pieces stay: walks go back from what follows them. */
    for (size_t h = 0; h < nheld; h++)
        if (p->failed || keep(p, held[h].arena, held[h].top, held[h].n)) {
            pith_arena_destroy(held[h].arena); /* not kept: it is not in p->arenas */
            p->failed = 1;
        }
    free(held);
    free(snap);
    /* The rest of the page's words, from the skeleton before the graft. */
    if (!p->failed && p->want_words && pith_page_words_end(&p->words))
        p->failed = 1;
    if (!p->failed && (!p->narenas || graft(p)))
        p->failed = 1;
    for (unsigned i = p->junction; i < nskel && !p->failed; i++)
        walk(ctx, skel[i]);
}

void pith_pieces_free(pith_pieces_t *p)
{
    pith_arena_destroy(p->skel);
    for (size_t i = 0; i < p->narenas; i++)
        pith_arena_destroy(p->arenas[i]);
    free(p->arenas);
    free(p->kept);
    free(p->cuts);
    pith_page_words_free(&p->words);
    memset(p, 0, sizeof *p);
}

/* ---- parsing -------------------------------------------------------------- */

#define SHRINK_MIN ((size_t)1 << 20) /* bytes a pre-pass must free to give them back */

/* Gumbo's tree of s[0..n) in tree, the placeholders' text put back when
 * map is given (the offsets are the pre-pass's). */
static GumboOutput *parse_in(pith_arena_t *tree, const char *s, size_t n,
                             const pith_prescan_map_t *map)
{
    GumboOptions opt = kGumboDefaultOptions;
    opt.allocator = pith_arena_alloc_cb;
    opt.deallocator = pith_arena_free_cb;
    opt.userdata = tree;
    opt.max_errors = 0;
    GumboOutput *g = gumbo_parse_with_options(&opt, s, n);
    return g && pith_html_unplace(map, g->document, tree, 0) ? NULL : g;
}

void pith_html_parse_done(pith_pieces_t *p)
{
    /* Only the trees' unread original_* point into pre (html.h). */
    if (p->work)
        pith_buf_free(p->work);
    else if (p->pre)
        pith_arena_free(p->arena, p->pre);
    p->pre = NULL;
    p->work = NULL;
}

GumboOutput *pith_html_parse(struct ctx *c, pith_arena_t *tree, const char *utf8, size_t len,
                             struct pith_buf *work, pith_pieces_t *p)
{
    memset(p, 0, sizeof *p);
    p->words.cuts = &c->cuts; /* class values (html_names.h) */
    char *pre = work ? work->data : pith_arena_alloc(c->arena, len + 1);
    if (!pre)
        return NULL;
    /* The pre-pass's map of cuts lives in the arena, for html_shown. */
    c->cuts.alloc = pith_arena_alloc_cb;
    c->cuts.dealloc = pith_arena_free_cb;
    c->cuts.ud = c->arena;
    c->meta.cuts = &c->cuts;
    size_t plen =
        pith_html_prescan(utf8, len, pre, &c->cuts, c->want_links ? PITH_PRESCAN_LINKS : 0);
    if (work) {
        /* Script and style are most of a page: on a large page what they
         * held goes back before the tree is built. Not on the usual page: the
         * next input would take those pages again, one fault each. */
        work->len = plen;
        if (work->cap - plen >= SHRINK_MIN)
            pith_buf_shrink(work);
        pre = work->data;
    }
    int plan = pith_pieces_plan(pre, plen, &c->cuts, p);
    p->pre = pre;
    p->plen = plen;
    p->work = work;
    p->arena = c->arena;
    p->map = &c->cuts;
    if (plan < 0)
        return NULL;
    if (plan > 0) {
        size_t n;
        char *skel = pith_pieces_skeleton(p, pre, plen, &n);
        p->skel = skel ? pith_arena_create(0) : NULL;
        GumboOutput *g = p->skel ? parse_in(p->skel, skel, n, NULL) : NULL;
        free(skel);
        if (g && pith_pieces_attach(p, g) == 0) {
            /* The offsets are the pre-pass's only now. */
            if (pith_html_unplace(p->map, g->document, p->skel, 0))
                return NULL;
            p->want_words = pith_html_may_declare_author(g->document);
            return g;
        }
        pith_arena_destroy(p->skel);
        p->skel = NULL;
        p->container = NULL;
        free(p->cuts);
        p->cuts = NULL;
    }
    GumboOutput *g = parse_in(tree, pre, plen, &c->cuts);
    pith_html_parse_done(p);
    return g;
}

GumboOutput *pith_html_parse_whole(pith_pieces_t *p, pith_arena_t *tree)
{
    GumboOutput *g = p->dropped ? NULL : parse_in(tree, p->pre, p->plen, p->map);
    pith_html_parse_done(p);
    pith_pieces_free(p);
    return g;
}
