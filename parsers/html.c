/* Main-content extraction from HTML (SPEC §3).
 *
 * The page goes through three passes, each linear:
 *
 *  1. html_prescan drops script, style, SVG, comments and the like before
 *     Gumbo tokenizes them (often most of a page's bytes) and caps nesting.
 *  2. One iterative walk of Gumbo's tree (parent pointers, no stack, so any
 *     depth is fine) builds a compact block model: a "container" per
 *     block-level element (tag, class/id hint, depth, text and link totals,
 *     subtree range) and a "block" per run of inline text (its container,
 *     length, link share, commas, sentence segments). Metadata sources are
 *     noted on the way (html_meta).
 *  3. Scoring in the manner of Readability, sharpened with the hints good
 *     extractors use: paragraphs score their parent and grandparent by
 *     length and commas; containers are weighted by tag and by class/id
 *     hint words (data/html/hints.txt) and discounted by link density; the
 *     best container is widened to an ancestor that holds several strong
 *     candidates, then merged with qualifying siblings. Inside the chosen
 *     subtrees, blocks under chrome (nav, aside, footer, figure, negative
 *     hints, link-heavy lists), link-heavy blocks and boilerplate phrases
 *     (data/html/boilerplate.txt) are dropped. The scoring is html_score.c.
 *
 * Before scoring, boxes whose names lie get a second look (html_boxes.c).
 * The scorer's pick is then one candidate among others (html_select.c), and
 * the chosen blocks become paragraphs with their structure (html_emit.c).
 *
 * Gumbo's tree lives in an arena of its own (html_arena.h; its recursive
 * teardown is never run), dropped once the selection has read the metadata:
 * on a large page the tree is most of the memory (128 bytes a node, 5-6
 * times the page), so the paragraphs are emitted after it is gone, and a
 * page of megabytes whose article is plain markup is parsed in pieces
 * freed as the walk goes (html_pieces.h). */
#include "html.h"
#include "urlhost.h"

#include "bytes.h"
#include "html_arena.h"
#include "html_boxes.h"
#include "html_emit.h"
#include "html_model.h"
#include "html_hints.h"
#include "html_meta.h"
#include "html_pieces.h"
#include "html_placeholders.h"
#include "html_prescan.h"
#include "html_select.h"
#include "html_tail.h"
#include "pith/rules.h"

#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- growable arrays (html_arena.h), freed at the end -------------------- */

/* 0, or PITH_ETOOBIG / PITH_ENOMEM (pith_grow) with c->oom set. */
static int grow(ctx_t *c, void **p, size_t *cap, size_t need, size_t elem, size_t max)
{
    int rc = need <= *cap ? 0 : pith_grow(p, cap, need, elem, max);
    c->oom = c->oom || rc;
    return rc;
}

static int put(ctx_t *c, const char *s, size_t n)
{
    int rc = grow(c, (void **)&c->text, &c->tcap, c->tlen + n + 1, 1, (size_t)1 << 30);
    if (rc)
        return rc;
    memcpy(c->text + c->tlen, s, n);
    c->tlen += n;
    return 0;
}

/* ---- tags ---------------------------------------------------------------- */

int pith_html_block_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_OPTGROUP:
        return 1;
    default:
        return 0;
    }
}

/* Elements whose content is never article text. */
static int is_skipped_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_METER:
    case GUMBO_TAG_PROGRESS:
    case GUMBO_TAG_OUTPUT:
        return 1;
    default:
        return 0;
    }
}

/* Structural chrome: dropped inside the article whatever its class says. */
static int is_chrome_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_ADDRESS:
        return 1;
    default:
        return 0;
    }
}

static int contains_ci(const char *hay, const char *needle)
{
    return hay && strcasestr(hay, needle) != NULL;
}

static int is_hidden(const GumboNode *el)
{
    if (pith_html_attr(el, "hidden"))
        return 1;
    /* What html_names.c's pith_html_style_read keeps. */
    const char *style = pith_html_attr(el, "style");
    if (style &&
        (strcasestr(style, "display:none") || strcasestr(style, "display: none") ||
         strcasestr(style, "visibility:hidden") || strcasestr(style, "visibility: hidden")))
        return 1;
    return 0;
}

/* ---- building the block model -------------------------------------------- */

static void flush(ctx_t *c)
{
    if (c->cur_chars == 0) {
        c->tlen = c->cur_off;
        goto reset;
    }
    /* Trailing blanks and line breaks are not part of the block. */
    while (c->tlen > c->cur_off && (c->text[c->tlen - 1] == ' ' || c->text[c->tlen - 1] == '\n'))
        c->tlen--;
    if (grow(c, (void **)&c->blocks, &c->capblocks, c->nblocks + 1, sizeof(block_t), MAX_BLOCKS))
        goto reset;
    block_t *b = &c->blocks[c->nblocks++];
    b->off = (unsigned)c->cur_off;
    b->len = (unsigned)(c->tlen - c->cur_off);
    b->chars = c->cur_chars;
    b->link = c->cur_link;
    b->commas = c->cur_commas;
    b->segs = c->cur_segs + (c->seg_chars >= MIN_PARA);
    if (b->segs == 0)
        b->segs = 1;
    b->cont = c->cur;
    if (c->cur >= 0) {
        c->conts[c->cur].text += b->chars;
        c->conts[c->cur].link += b->link;
    }
reset:
    c->cur_off = c->tlen;
    c->cur_chars = c->cur_link = c->cur_commas = c->cur_segs = c->seg_chars = 0;
    c->space = 0;
}

/* Appends a blank (when space is set) and s[0..n) with one check for room. */
static void put_word(ctx_t *c, int space, const unsigned char *s, size_t n)
{
    if (grow(c, (void **)&c->text, &c->tcap, c->tlen + space + n + 1, 1, (size_t)1 << 30))
        return;
    if (space)
        c->text[c->tlen++] = ' ';
    memcpy(c->text + c->tlen, s, n);
    c->tlen += n;
}

/* The words of a text node, blanks collapsed, each word's characters,
 * commas (',', U+FF0C, 、 and 。) and link characters counted: one look-up
 * a byte (bytes.h). */
static void add_text(ctx_t *c, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p && !c->oom;) {
        unsigned char ch = *p;
        if (pith_bytes_text[ch] & TEXT_STOP) {
            if (c->pre_depth && ch == '\n') {
                put(c, "\n", 1);
                c->space = 0;
            } else if (c->tlen > c->cur_off && c->text[c->tlen - 1] != '\n') {
                c->space = 1;
            }
            p++;
            continue;
        }
        const unsigned char *run = p;
        unsigned chars = 0, commas = 0;
        for (;; p++) {
            unsigned k = pith_bytes_text[*p];
            if (!k) {
                chars++;
                continue;
            }
            if (k & TEXT_STOP)
                break;
            if (k & TEXT_CONT)
                continue;
            chars++;
            if (k & TEXT_COMMA)
                commas++;
            else if ((p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) || /* U+FF0C fullwidth comma */
                     (p[0] == 0xE3 && p[1] == 0x80 && (p[2] == 0x81 || p[2] == 0x82))) /* 、 。 */
                commas++;
        }
        c->cur_chars += chars;
        c->seg_chars += chars;
        if (c->link_depth)
            c->cur_link += chars;
        c->cur_commas += commas;
        put_word(c, c->space, run, (size_t)(p - run));
        c->space = 0;
    }
}

static void line_break(ctx_t *c)
{
    if (c->seg_chars >= MIN_PARA)
        c->cur_segs++;
    c->seg_chars = 0;
    c->space = 0;
    if (c->tlen > c->cur_off)
        put(c, "\n", 1);
}

static int open_cont(ctx_t *c, const GumboNode *el)
{
    int rc = grow(c, (void **)&c->conts, &c->capconts, c->nconts + 1, sizeof(cont_t), MAX_CONTS);
    if (rc)
        return rc;
    int i = (int)c->nconts++;
    cont_t *k = &c->conts[i];
    memset(k, 0, sizeof *k);
    GumboTag tag = el->v.element.tag;
    k->parent = c->cur;
    k->depth = c->cur >= 0 ? c->conts[c->cur].depth + 1 : 0;
    k->tag = (unsigned short)tag;
    k->first_block = (unsigned)c->nblocks;
    k->deepest_bad = -1;
    if (tag != GUMBO_TAG_HTML && tag != GUMBO_TAG_BODY) {
        int layout = 0;
        k->hint = (signed char)pith_html_hint(pith_html_names_value(&c->cuts, el, 0),
                                              pith_html_names_value(&c->cuts, el, 1), &layout);
        if (layout)
            k->flags |= F_LAYOUT;
        /* Class names on table parts label data ("player-2020", "odd-row"),
         * not page furniture: a table is chrome as a whole or not at all. */
        if (k->hint < 0 &&
            (tag == GUMBO_TAG_TR || tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH ||
             tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TFOOT))
            k->hint = 0;
        const char *role = pith_html_attr(el, "role");
        const char *ip = pith_html_attr(el, "itemprop");
        if (tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN || contains_ci(ip, "articleBody") ||
            (role && strcasecmp(role, "main") == 0))
            k->flags |= F_ARTICLE;
        if (is_chrome_tag(tag))
            k->flags |= F_BAD;
        else if (k->hint <= -2)
            k->flags |= F_BAD | F_BADHINT;
        if (role &&
            (strcasecmp(role, "navigation") == 0 || strcasecmp(role, "complementary") == 0 ||
             strcasecmp(role, "contentinfo") == 0 || strcasecmp(role, "banner") == 0 ||
             strcasecmp(role, "dialog") == 0 || strcasecmp(role, "alert") == 0 ||
             strcasecmp(role, "menu") == 0))
            k->flags |= F_BAD;
        if (contains_ci(ip, "articleBody") && k->hint < 0)
            k->hint = 0, k->flags &= (unsigned char)~(F_BAD | F_BADHINT);
    }
    c->cur = i;
    return 0;
}

static void close_cont(ctx_t *c)
{
    cont_t *k = &c->conts[c->cur];
    k->end_block = (unsigned)c->nblocks;
    k->end_cont = (unsigned)c->nconts;
    /* Link-heavy lists and small link-heavy boxes are navigation. */
    if (k->text && k->link * 2 > k->text &&
        (k->tag == GUMBO_TAG_UL || k->tag == GUMBO_TAG_OL || k->tag == GUMBO_TAG_DL ||
         k->text < 1000))
        k->flags = (unsigned char)((k->flags | F_BAD) & ~F_BADHINT);
    if (k->parent >= 0) {
        c->conts[k->parent].text += k->text;
        c->conts[k->parent].link += k->link;
    }
    c->cur = k->parent;
}

/* Notes the link being left when its text stayed in the current block (a
 * flush in between moved cur_off past it). */
static void note_link(ctx_t *c)
{
    if (!c->link_href || c->link_at < c->cur_off || c->tlen <= c->link_at)
        return;
    size_t n = strlen(c->link_href) + 1;
    char *href = pith_arena_alloc(c->arena, n); /* the tree is gone by the emit */
    if (!href) {
        c->oom = 1;
        return;
    }
    if (grow(c, (void **)&c->links, &c->caplinks, c->nlinks + 1, sizeof(hlink_t), MAX_BLOCKS))
        return;
    hlink_t *l = &c->links[c->nlinks++];
    l->start = (unsigned)c->link_at;
    l->end = (unsigned)c->tlen;
    l->href = memcpy(href, c->link_href, n);
}

/* Returns 1 to descend into the node's children. */
static int enter(ctx_t *c, const GumboNode *n)
{
    switch (n->type) {
    case GUMBO_NODE_DOCUMENT:
        return 1;
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
    case GUMBO_NODE_WHITESPACE:
        add_text(c, n->v.text.text);
        return 0;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
        break;
    default:
        return 0;
    }
    pith_html_meta_visit(&c->meta, n);
    GumboTag t = n->v.element.tag;
    if (is_skipped_tag(t) || n->v.element.tag_namespace != GUMBO_NAMESPACE_HTML)
        return 0;
    if (t != GUMBO_TAG_HTML && t != GUMBO_TAG_BODY && is_hidden(n))
        return 0;
    if (t == GUMBO_TAG_BR) {
        line_break(c);
        return 0;
    }
    if (t == GUMBO_TAG_HR || t == GUMBO_TAG_IMG) {
        flush(c);
        return 0;
    }
    if (t == GUMBO_TAG_A) {
        if (c->want_links && c->link_depth == 0) {
            c->link_href = pith_html_attr(n, "href");
            c->link_at = c->tlen;
        }
        c->link_depth++;
    } else if (t == GUMBO_TAG_PRE)
        c->pre_depth++;
    if (pith_html_block_tag(t)) {
        flush(c);
        if (open_cont(c, n))
            return 0;
    }
    return 1;
}

static void leave(ctx_t *c, const GumboNode *n)
{
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE)
        return;
    GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_A && c->link_depth) {
        c->link_depth--;
        if (c->link_depth == 0 && c->want_links)
            note_link(c);
    } else if (t == GUMBO_TAG_PRE && c->pre_depth)
        c->pre_depth--;
    if (pith_html_block_tag(t)) {
        flush(c);
        if (c->cur >= 0)
            close_cont(c);
    } else if (c->cur_chars && (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH)) {
        flush(c);
    }
}

static void walk_fn(void *c, const GumboNode *top);

static const GumboVector *kids(const GumboNode *n)
{
    return n->type == GUMBO_NODE_DOCUMENT ? &n->v.document.children : &n->v.element.children;
}

static void walk(ctx_t *c, const GumboNode *top)
{
    const GumboNode *n = top;
    for (;;) {
        int down = enter(c, n);
        if (down && c->pieces && n == c->pieces->container) {
            pith_pieces_walk(c->pieces, walk_fn, c, &c->meta, sizeof c->meta);
            down = 0;
            leave(c, n);
        }
        if (down && kids(n)->length) {
            n = kids(n)->data[0];
            continue;
        }
        if (down)
            leave(c, n);
        for (;;) {
            if (n == top)
                return;
            const GumboNode *parent = n->parent;
            const GumboVector *v = kids(parent);
            if (n->index_within_parent + 1 < v->length) {
                n = v->data[n->index_within_parent + 1];
                break;
            }
            n = parent;
            leave(c, n);
        }
    }
}

/* ---- selection and output ------------------------------------------------ */

static int prose_like(const ctx_t *c, const char *s, size_t n, unsigned chars, unsigned link)
{
    float ld = chars ? (float)link / (float)chars : 1;
    if (chars > 80 && ld < 0.25f)
        return 1;
    if (chars > 0 && chars <= 80 && link == 0) {
        while (n && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == '\''))
            n--;
        return n && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?');
    }
    return 0;
}

static size_t select_article(ctx_t *c, int best, pick_t *pk)
{
    const cont_t *top = &c->conts[best];
    float threshold = top->score * 0.2f;
    if (threshold < 10)
        threshold = 10;
    pk->sel[best] = 1;
    int parent = top->parent;
    if (parent >= 0) {
        const cont_t *p = &c->conts[parent];
        for (unsigned i = (unsigned)parent + 1; i < p->end_cont; i = c->conts[i].end_cont) {
            const cont_t *s = &c->conts[i];
            if ((int)i == best || (s->flags & F_BAD))
                continue;
            if ((s->flags & F_SCORED) && s->score >= threshold) {
                pk->sel[i] = 1;
                continue;
            }
            if (s->tag == GUMBO_TAG_P || s->tag == GUMBO_TAG_BLOCKQUOTE ||
                s->tag == GUMBO_TAG_PRE || s->tag == GUMBO_TAG_UL || s->tag == GUMBO_TAG_OL ||
                (s->tag == GUMBO_TAG_DIV && s->end_cont == i + 1)) {
                if (s->end_block > s->first_block) {
                    const block_t *b = &c->blocks[s->first_block];
                    if (prose_like(c, c->text + b->off, b->len, s->text, s->link))
                        pk->sel[i] = 1;
                }
            }
        }
    }
    /* Chrome inside the article, judged relative to it: a wrapper whose
     * class words sound like chrome but that holds half the article's text
     * is not chrome (page builders call every box a "widget"). */
    unsigned lo = parent >= 0 ? (unsigned)parent : (unsigned)best;
    unsigned hi = c->conts[lo].end_cont;
    for (unsigned i = lo; i < hi; i++) {
        cont_t *k = &c->conts[i];
        int bad = (k->flags & F_BAD) && !((k->flags & F_BADHINT) && k->text * 2 >= top->text);
        int up = i > lo && k->parent >= (int)lo ? c->conts[k->parent].deepest_bad : -1;
        k->deepest_bad = bad && i > lo ? k->depth : up;
    }
    /* Mark the blocks: inside a selected subtree, not under chrome below the
     * article root, not link-heavy, not boilerplate. */
    size_t kept = 0;
    int root_depth = top->depth;
    for (size_t i = 0; i < c->nblocks; i++) {
        const block_t *b = &c->blocks[i];
        if (b->cont < 0)
            continue;
        int a = b->cont;
        int in = 0;
        /* Walk up at most to the article's depth: O(depth of the block
         * below the root), bounded by the prescan's nesting cap. */
        while (a >= 0 && c->conts[a].depth >= root_depth) {
            if (c->conts[a].depth == root_depth) {
                in = pk->sel[a];
                break;
            }
            a = c->conts[a].parent;
        }
        if (!in) {
            /* Text straight in the common parent, between selected siblings. */
            if (b->cont == parent && parent >= 0 &&
                prose_like(c, c->text + b->off, b->len, b->chars, b->link))
                in = 1;
            else
                continue;
        }
        const cont_t *own = &c->conts[b->cont];
        if (own->deepest_bad > root_depth)
            continue;
        if (b->link * 2 > b->chars && b->chars < 400)
            continue;
        if (pith_html_boilerplate(c->text + b->off, b->len))
            continue;
        pk->keep[i] = 1;
        kept += b->chars;
    }
    return kept;
}

/* ---- entry point --------------------------------------------------------- */

static void walk_fn(void *c, const GumboNode *top)
{
    walk(c, top);
}

/* Back to an empty model (after pieces that failed): the pre-pass's cuts
 * and the arena stay. */
static void reset(ctx_t *c)
{
    pith_grow_free(c->text, c->tcap, 1);
    pith_grow_free(c->blocks, c->capblocks, sizeof(block_t));
    pith_grow_free(c->conts, c->capconts, sizeof(cont_t));
    pith_grow_free(c->links, c->caplinks, sizeof(hlink_t));
    ctx_t fresh = {.arena = c->arena, .cuts = c->cuts, .want_links = c->want_links, .cur = -1};
    *c = fresh;
    c->meta.cuts = &c->cuts;
}

/* The block model of tree g; in pieces when c->pieces says so. */
static void build(ctx_t *c, GumboOutput *g)
{
    walk(c, g->document);
    flush(c);
    while (c->cur >= 0)
        close_cont(c);
}

/* Site profiles (users' drop and cut_after rules) see the article's
 * paragraphs, as on the text path. Returns 0 or a negative error (err
 * set). */
static int apply_profiles(const pith_hints_t *hints, pith_doc_t *doc, pith_err_t *err)
{
    if (!hints || !hints->rules)
        return 0;
    char hb[256];
    int rc = pith_rules_apply(hints->rules,
                              pith_urlhost_get(hints->url ? hints->url : doc->url, hb, sizeof hb),
                              doc, NULL, err);
    return rc < 0 ? rc : 0;
}

int pith_html_extract(const char *utf8, size_t len, pith_buf_t *work, const pith_hints_t *hints,
                      pith_doc_t *doc, pith_err_t *err)
{
    ctx_t c = {0};
    c.cur = -1;
    c.want_links = hints && hints->links;
    int rc = 0;
    pith_buf_t raw = {0};
    pith_pieces_t pieces = {0};
    c.arena = pith_arena_create(0);
    pith_arena_t *tree = pith_arena_create(0);
    if (!c.arena || !tree) {
        rc = pith_err_set(err, PITH_ENOMEM, "out of memory");
        goto done;
    }
    GumboOutput *g = pith_html_parse(&c, tree, utf8, len, work, &pieces);
    c.pieces = pieces.container ? &pieces : NULL;
    if (g)
        build(&c, g);
    if (g && c.pieces && pieces.words.state == PITH_WORDS_DONE)
        c.meta.words = &pieces.words.text; /* else the walk never reached the pieces */
    if (g && c.pieces && (pieces.failed || (!c.meta.words && pith_html_declares_author(&c.meta)))) {
        reset(&c);
        if ((g = pith_html_parse_whole(&pieces, tree)))
            build(&c, g);
    }
    pith_html_parse_done(&pieces);
    if (!g) {
        rc = pith_err_set(err, PITH_ENOMEM, "out of memory");
        goto done;
    }
    if (c.oom) {
        rc = pith_err_set(err, PITH_ENOMEM, "page too large to extract");
        goto done;
    }
    rc = pith_html_meta_finish(&c.meta, hints, doc);
    c.meta.words = NULL;
    pith_page_words_free(&pieces.words);
    if (rc) {
        pith_err_set(err, rc, "out of memory");
        goto done;
    }
    pith_html_boxes_review(&c);
    pick_t pk = {0};
    size_t kept = 0;
    for (int strict = 1; strict >= 0 && kept < MIN_ARTICLE; strict--) {
        int best = c.nconts ? pith_html_score(&c, strict) : -1;
        if (best < 0)
            continue;
        best = pith_html_widen(&c, best);
        pk.sel = pith_arena_alloc(c.arena, c.nconts + 1);
        pk.keep = pith_arena_alloc(c.arena, c.nblocks + 1);
        if (!pk.sel || !pk.keep) {
            rc = pith_err_set(err, PITH_ENOMEM, "out of memory");
            goto done;
        }
        memset(pk.sel, 0, c.nconts + 1);
        memset(pk.keep, 0, c.nblocks + 1);
        kept = select_article(&c, best, &pk);
    }
    /* The scorer's pick is one candidate; the selection weighs others. */
    char *keep = pith_arena_alloc(c.arena, c.nblocks + 1);
    if (!keep) {
        rc = pith_err_set(err, PITH_ENOMEM, "out of memory");
        goto done;
    }
    memset(keep, 0, c.nblocks + 1);
    long chosen = 0;
    if (pith_html_select(&c, kept >= MIN_ARTICLE ? pk.keep : NULL, keep, &raw, &chosen)) {
        rc = pith_err_set(err, PITH_ENOMEM, "out of memory");
        goto done;
    }
    /* The selection was the tree's last reader (JSON-LD, meta slots). */
    pith_html_meta_release(&c.meta);
    pith_arena_destroy(tree);
    pith_pieces_free(&pieces);
    pith_html_unplace_free(&c.cuts); /* the trees were its last readers */
    tree = NULL;
    if (chosen < MIN_ARTICLE) {
        rc = pith_err_set(err, PITH_ENOTEXT, "no article text found");
        goto done;
    }
    if (!raw.len) {
        chosen -= (long)pith_html_cut_tail(&c, keep);
        chosen -= (long)pith_html_cut_appeals(&c, keep);
    }
    pk.keep = keep;
    if (raw.len)
        rc = pith_html_emit_raw(&raw, doc);
    else
        rc = pith_html_emit(&c, &pk, doc);
    if (rc == 0 && !doc->author)
        rc = pith_html_closing_author(&c.meta, hints, doc);
    if (rc) {
        pith_err_set(err, rc, "out of memory");
        goto done;
    }
    rc = apply_profiles(hints, doc, err);
done:
    pith_html_meta_release(&c.meta);
    pith_buf_free(&raw);
    pith_html_parse_done(&pieces);
    pith_pieces_free(&pieces);
    pith_arena_destroy(tree);
    pith_grow_free(c.text, c.tcap, 1);
    pith_grow_free(c.blocks, c.capblocks, sizeof(block_t));
    pith_grow_free(c.conts, c.capconts, sizeof(cont_t));
    pith_grow_free(c.links, c.caplinks, sizeof(hlink_t));
    pith_arena_destroy(c.arena);
    return rc;
}
