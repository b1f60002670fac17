/* The placeholders' proof, shared by the unit test and the fuzz target: a
 * page run through the pre-pass with placeholders (in place, as the
 * extractor runs it) and without them must give Gumbo trees that are the
 * same node for node once the placeholders' text is put back: types, tags,
 * attributes, texts, flags and source offsets (through each pass's map). */
#ifndef PITH_TESTS_PH_DIFF_H
#define PITH_TESTS_PH_DIFF_H

#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html_arena.h"
#include "html_placeholders.h"
#include "html_prescan.h"

typedef struct {
    pith_arena_t *arena;
    pith_prescan_map_t map;
    char *buf;
    GumboOutput *g;
} ph_parse_t;

static void *ph_alloc(void *ud, size_t n)
{
    return pith_arena_alloc(ud, n ? n : 1);
}

static void ph_free(void *ud, void *p)
{
    pith_arena_free(ud, p);
}

/* 0, or -1 when out of memory. */
static int ph_parse(const char *in, size_t n, unsigned flags, ph_parse_t *p)
{
    memset(p, 0, sizeof *p);
    p->arena = pith_arena_create(0);
    p->buf = malloc(n + 1);
    if (!p->arena || !p->buf)
        return -1;
    p->map.alloc = ph_alloc;
    p->map.dealloc = ph_free;
    p->map.ud = p->arena;
    memcpy(p->buf, in, n);
    p->buf[n] = '\0';
    size_t m = pith_html_prescan(p->buf, n, p->buf, &p->map, flags);
    GumboOptions opt = kGumboDefaultOptions;
    opt.allocator = ph_alloc;
    opt.deallocator = ph_free;
    opt.userdata = p->arena;
    opt.max_errors = 0;
    p->g = gumbo_parse_with_options(&opt, p->buf, m);
    if (!p->g || pith_html_unplace(&p->map, p->g->document, p->arena, 0))
        return -1;
    return 0;
}

static void ph_parse_free(ph_parse_t *p)
{
    pith_arena_destroy(p->arena);
    free(p->buf);
}

static const GumboVector *ph_kids(const GumboNode *n)
{
    if (n->type == GUMBO_NODE_DOCUMENT)
        return &n->v.document.children;
    if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)
        return &n->v.element.children;
    return NULL;
}

/* The node after n in preorder, or NULL. */
static const GumboNode *ph_next(const GumboNode *n)
{
    const GumboVector *v = ph_kids(n);
    if (v && v->length)
        return v->data[0];
    while (n->parent) {
        const GumboVector *pv = ph_kids(n->parent);
        if (n->index_within_parent + 1 < pv->length)
            return pv->data[n->index_within_parent + 1];
        n = n->parent;
    }
    return NULL;
}

static int ph_same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Why the nodes a (map ma) and b (map mb) differ, or NULL. */
static const char *ph_node_diff(const GumboNode *a, const pith_prescan_map_t *ma,
                                const GumboNode *b, const pith_prescan_map_t *mb)
{
    if (a->type != b->type)
        return "node type";
    if (a->parse_flags != b->parse_flags)
        return "parse flags";
    const GumboVector *ka = ph_kids(a), *kb = ph_kids(b);
    if (ka && ka->length != kb->length)
        return "number of children";
    if (a->type == GUMBO_NODE_DOCUMENT) {
        const GumboDocument *x = &a->v.document, *y = &b->v.document;
        if (x->has_doctype != y->has_doctype || !ph_same_str(x->name, y->name) ||
            !ph_same_str(x->public_identifier, y->public_identifier) ||
            !ph_same_str(x->system_identifier, y->system_identifier) ||
            x->doc_type_quirks_mode != y->doc_type_quirks_mode)
            return "doctype";
        return NULL;
    }
    if (a->type == GUMBO_NODE_ELEMENT || a->type == GUMBO_NODE_TEMPLATE) {
        const GumboElement *x = &a->v.element, *y = &b->v.element;
        if (x->tag != y->tag || x->tag_namespace != y->tag_namespace)
            return "tag";
        if (x->original_tag.length != y->original_tag.length ||
            (x->original_tag.length &&
             memcmp(x->original_tag.data, y->original_tag.data, x->original_tag.length)))
            return "tag name";
        if (pith_html_prescan_offset(ma, x->start_pos.offset) !=
                pith_html_prescan_offset(mb, y->start_pos.offset) ||
            pith_html_prescan_offset(ma, x->end_pos.offset) !=
                pith_html_prescan_offset(mb, y->end_pos.offset))
            return "element offsets";
        if (x->attributes.length != y->attributes.length)
            return "number of attributes";
        for (unsigned i = 0; i < x->attributes.length; i++) {
            const GumboAttribute *p = x->attributes.data[i], *q = y->attributes.data[i];
            if (strcmp(p->name, q->name) || strcmp(p->value, q->value))
                return "attribute";
        }
        return NULL;
    }
    if (!ph_same_str(a->v.text.text, b->v.text.text))
        return "text";
    if (pith_html_prescan_offset(ma, a->v.text.start_pos.offset) !=
        pith_html_prescan_offset(mb, b->v.text.start_pos.offset))
        return "text offset";
    return NULL;
}

/* NULL when in[0..n) gives the same tree with placeholders as without, else
 * what differs (printed with the input); *nsegs: the placeholders written. */
static const char *ph_diff(const char *in, size_t n, unsigned flags, size_t *nsegs)
{
    ph_parse_t on = {0}, off = {0};
    const char *why = NULL;
    if (ph_parse(in, n, flags, &on) || ph_parse(in, n, flags | PITH_PRESCAN_NO_PLACEHOLDERS, &off))
        why = "out of memory";
    if (nsegs)
        *nsegs = on.map.nsegs;
    if (!why && off.map.nsegs)
        why = "placeholders when off";
    const GumboNode *a = why ? NULL : on.g->document, *b = why ? NULL : off.g->document;
    while (a && b && !why) {
        why = ph_node_diff(a, &on.map, b, &off.map);
        if (why && (a->type == GUMBO_NODE_TEXT || a->type == GUMBO_NODE_WHITESPACE) &&
            a->type == b->type)
            fprintf(stderr, "text with placeholders [%s]\n       without [%s]\n", a->v.text.text,
                    b->v.text.text);
        a = ph_next(a);
        b = ph_next(b);
    }
    if (!why && (a || b))
        why = "number of nodes";
    if (why)
        fprintf(stderr, "placeholders change the tree (%s) of [%.*s]\n", why, (int)n, in);
    ph_parse_free(&on);
    ph_parse_free(&off);
    return why;
}

#endif
