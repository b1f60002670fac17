/* Emission of the chosen article (SPEC §3): the kept blocks of the block
 * model become the document's paragraphs with their structure kept
 * (headings, list items with their markers, table rows, block quotes,
 * preformatted text), and links noted when wanted. Apart from the
 * extractor (html.c) because what it does is independent of how the
 * blocks were chosen: it reads the model and the keep mask only. */
#include "html_emit.h"

#include "html_meta.h"
#include "normalize.h"

#include <gumbo.h>
#include <stdio.h>
#include <string.h>

/* Where a kept block sits in the article's markup: the nearest structural
 * element above it (heading, list item, data cell, block quote, pre) below
 * the article's own root. Elements at or above the root do not count: an
 * article that lives inside one <li> or one layout <td> is not a list or a
 * table. A cell counts only when its text is one block: a cell holding
 * several paragraphs is page layout, not data. */
typedef struct place {
    char kind;   /* 0 running text, 'h', 'q', 'p', 'l', 't' (see doc.h) */
    int level;   /* heading level */
    int group;   /* list or table whose blocks make one paragraph */
    int item;    /* list item or table row */
    int depth;   /* list depth, 1 for a top-level list */
    int ordered; /* list item of an <ol> */
    int header;  /* table cell is a <th> */
} place_t;

static int is_list_tag(GumboTag t)
{
    return t == GUMBO_TAG_UL || t == GUMBO_TAG_OL || t == GUMBO_TAG_MENU || t == GUMBO_TAG_DIR;
}

static place_t place_of(const ctx_t *c, const block_t *b, int top)
{
    place_t p = {0};
    p.group = p.item = -1;
    for (int a = b->cont; a >= 0 && a != top; a = c->conts[a].parent) {
        const cont_t *k = &c->conts[a];
        GumboTag t = (GumboTag)k->tag;
        if (t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6) {
            p.kind = 'h';
            p.level = 1 + (int)(t - GUMBO_TAG_H1);
            return p;
        }
        if (t == GUMBO_TAG_PRE) {
            p.kind = 'p';
            return p;
        }
        if (t == GUMBO_TAG_BLOCKQUOTE) {
            p.kind = 'q';
            return p;
        }
        if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) {
            int row = k->parent;
            if (k->end_block != k->first_block + 1 || row < 0 || row == top ||
                c->conts[row].tag != GUMBO_TAG_TR)
                return p;
            int g = c->conts[row].parent;
            while (g >= 0 && g != top && c->conts[g].tag != GUMBO_TAG_TABLE)
                g = c->conts[g].parent;
            p.kind = 't';
            p.item = row;
            p.group = g >= 0 && g != top ? g : c->conts[row].parent;
            p.header = t == GUMBO_TAG_TH;
            return p;
        }
        if (t == GUMBO_TAG_LI) {
            p.kind = 'l';
            p.item = a;
            int up = k->parent;
            p.ordered = up >= 0 && c->conts[up].tag == GUMBO_TAG_OL;
            p.group = up;
            for (; up >= 0 && up != top; up = c->conts[up].parent)
                if (is_list_tag((GumboTag)c->conts[up].tag)) {
                    p.depth++;
                    p.group = up;
                }
            if (p.depth < 1)
                p.depth = 1;
            if (p.depth > PITH_LIST_DEPTH_MAX)
                p.depth = PITH_LIST_DEPTH_MAX;
            return p;
        }
    }
    return p;
}

/* The deepest container holding every kept block: the article's root. */
static int kept_root(const ctx_t *c, const pick_t *pk)
{
    int top = -1;
    for (size_t i = 0; i < c->nblocks; i++) {
        if (!pk->keep[i] || c->blocks[i].cont < 0)
            continue;
        int d = c->blocks[i].cont;
        if (top < 0)
            top = d;
        while (top >= 0 && !pith_cont_contains(c, top, d))
            top = c->conts[top].parent;
        if (top < 0)
            break;
    }
    return top;
}

/* The ordinal of list item li among the items of its list. Items come in
 * document order, so counting on from the last item seen in the same list
 * keeps this linear however long the list. */
typedef struct ordinals {
    int list, item;
    unsigned n;
} ordinals_t;

static unsigned ordinal(const ctx_t *c, ordinals_t *o, int depth, int li)
{
    ordinals_t *s = &o[depth];
    int list = c->conts[li].parent;
    unsigned from = (unsigned)list + 1;
    if (s->list == list && s->item >= 0 && s->item < li) {
        from = c->conts[s->item].end_cont;
    } else {
        s->list = list;
        s->n = 0;
    }
    for (unsigned i = from; i <= (unsigned)li; i = c->conts[i].end_cont)
        if (c->conts[i].tag == GUMBO_TAG_LI)
            s->n++;
    s->item = li;
    return s->n;
}

/* Appends s[0..n) line by line, dropping blank lines (they would not
 * survive normalization and the shape counts lines); each line after the
 * first that is written starts with sep and adds the shape byte more. */
static int put_lines(pith_buf_t *para, pith_buf_t *shape, const char *s, size_t n, char more,
                     int first_done)
{
    int rc = 0;
    const char *end = s + n;
    while (s < end && rc == 0) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        const char *a = s;
        while (a < e && *a == ' ')
            a++;
        if (a < e) {
            if (first_done) {
                if ((rc = pith_buf_putc(para, '\n')) == 0)
                    rc = pith_buf_putc(shape, more);
            }
            if (rc == 0)
                rc = pith_buf_append(para, a, (size_t)(e - a));
            first_done = 1;
        }
        s = e + 1;
    }
    return rc;
}

/* Notes the links inside block b (links are in document order; *next is the
 * first not yet passed) as "text\turl\n" records in lk: the text as in the
 * block, the address absolute, with the characters that would end a record
 * or a Markdown link destination percent-encoded. Links to the page itself
 * ("#top") and to other schemes are left as text. */
static int note_block_links(const ctx_t *c, const block_t *b, size_t *next, const char *base,
                            pith_buf_t *lk, pith_buf_t *tmp)
{
    int rc = 0;
    unsigned end = b->off + b->len;
    while (*next < c->nlinks && c->links[*next].start < b->off)
        (*next)++;
    for (; rc == 0 && *next < c->nlinks && c->links[*next].start < end; (*next)++) {
        const hlink_t *l = &c->links[*next];
        unsigned s = l->start, e = l->end < end ? l->end : end;
        while (s < e && (c->text[s] == ' ' || c->text[s] == '\n'))
            s++;
        while (e > s && (c->text[e - 1] == ' ' || c->text[e - 1] == '\n'))
            e--;
        const char *h = l->href;
        while (*h == ' ' || *h == '\t' || *h == '\n' || *h == '\r')
            h++;
        if (s == e || *h == '#' || *h == '\0')
            continue;
        if ((rc = pith_html_resolve_url(h, base, tmp)) || tmp->len == 0)
            continue;
        for (unsigned k = s; rc == 0 && k < e; k++)
            rc = pith_buf_putc(lk, c->text[k] == '\n' ? ' ' : c->text[k]);
        if (rc == 0)
            rc = pith_buf_putc(lk, '\t');
        for (size_t k = 0; rc == 0 && k < tmp->len; k++) {
            unsigned char ch = (unsigned char)tmp->data[k];
            if (ch <= ' ' || strchr("()<>\\\"", ch) || ch == 0x7F)
                rc = pith_buf_printf(lk, "%%%02X", ch);
            else
                rc = pith_buf_putc(lk, (char)ch);
        }
        if (rc == 0)
            rc = pith_buf_putc(lk, '\n');
    }
    return rc;
}

/* Adds the paragraph with its shape: the structure (none for running text)
 * and, when links were noted, a '\n' and their records (doc.h). */
static int add_para(pith_doc_t *doc, const pith_buf_t *para, pith_buf_t *shape, char kind,
                    const pith_buf_t *lk)
{
    if (!kind)
        pith_buf_reset(shape);
    int rc = 0;
    if (lk->len && (rc = pith_buf_putc(shape, '\n')) == 0)
        rc = pith_buf_append(shape, lk->data, lk->len);
    if (rc)
        return rc;
    return pith_doc_add_para_shaped(doc, para->data, para->len, shape->len ? shape->data : NULL);
}

int pith_html_emit(ctx_t *c, const pick_t *pk, pith_doc_t *doc)
{
    pith_buf_t para = {0}, shape = {0}, lk = {0}, tmp = {0};
    size_t next_link = 0;
    int rc = 0, top = kept_root(c, pk);
    size_t emitted = 0;
    place_t cur = {0};
    int open = 0;
    ordinals_t ords[PITH_LIST_DEPTH_MAX + 1];
    for (size_t d = 0; d <= PITH_LIST_DEPTH_MAX; d++)
        ords[d].list = ords[d].item = -1, ords[d].n = 0;
    for (size_t i = 0; i < c->nblocks && rc == 0; i++) {
        if (!pk->keep[i])
            continue;
        const block_t *b = &c->blocks[i];
        const char *s = c->text + b->off;
        GumboTag tag = (GumboTag)c->conts[b->cont].tag;
        /* The headline belongs to the title, not the body. */
        if (emitted < 3 &&
            ((tag == GUMBO_TAG_H1) ||
             (doc->title && pith_text_same(s, b->len, doc->title, strlen(doc->title))))) {
            continue;
        }
        emitted++;
        place_t p = place_of(c, b, top);
        int join =
            open && (p.kind == 'l' || p.kind == 't') && p.kind == cur.kind && p.group == cur.group;
        if (open && !join) {
            rc = add_para(doc, &para, &shape, cur.kind, &lk);
            pith_buf_reset(&para);
            pith_buf_reset(&shape);
            pith_buf_reset(&lk);
            open = 0;
        }
        if (rc)
            break;
        if (!open) {
            if (p.kind == 'h')
                rc = pith_buf_printf(&shape, "h%d", p.level);
            else if (p.kind)
                rc = pith_buf_putc(&shape, p.kind);
            open = 1;
        }
        if (rc == 0 && p.kind == 'l') {
            char mark[64];
            size_t m = 0;
            if (join && ords[p.depth].item == p.item) {
                /* A further block of the same item (after a nested list,
                 * or a second paragraph): its own line. */
                rc = put_lines(&para, &shape, s, b->len, (char)('0' + p.depth), 1);
            } else {
                for (int d = 1; d < p.depth; d++)
                    mark[m++] = '-', mark[m++] = ' ';
                unsigned n = ordinal(c, ords, p.depth, p.item);
                if (p.ordered)
                    m += (size_t)snprintf(mark + m, sizeof mark - m, "%u. ", n);
                else
                    mark[m++] = '-', mark[m++] = ' ';
                if (para.len)
                    rc = pith_buf_putc(&para, '\n');
                if (rc == 0)
                    rc = pith_buf_putc(&shape, (char)((p.ordered ? 'a' : 'A') + p.depth - 1));
                if (rc == 0)
                    rc = pith_buf_append(&para, mark, m);
                if (rc == 0)
                    rc = put_lines(&para, &shape, s, b->len, (char)('0' + p.depth), 0);
            }
        } else if (rc == 0 && p.kind == 't') {
            if (join && p.item == cur.item) {
                rc = pith_buf_puts(&para, " | ");
                if (rc == 0 && !p.header)
                    shape.data[shape.len - 1] = 'r';
            } else {
                if (para.len)
                    rc = pith_buf_putc(&para, '\n');
                if (rc == 0)
                    rc = pith_buf_putc(&shape, p.header ? 'h' : 'r');
            }
            /* A cell is one line of its row. */
            for (size_t k = 0; rc == 0 && k < b->len; k++)
                rc = pith_buf_putc(&para, s[k] == '\n' ? ' ' : s[k]);
        } else if (rc == 0) {
            rc = pith_buf_append(&para, s, b->len);
        }
        if (rc == 0 && c->nlinks)
            rc = note_block_links(c, b, &next_link, doc->url, &lk, &tmp);
        cur = p;
    }
    if (rc == 0 && open && para.len)
        rc = add_para(doc, &para, &shape, cur.kind, &lk);
    pith_buf_free(&para);
    pith_buf_free(&shape);
    pith_buf_free(&lk);
    pith_buf_free(&tmp);
    return rc;
}

/* Text that is the article as is (a JSON-LD articleBody): one paragraph a
 * line. */
int pith_html_emit_raw(const pith_buf_t *raw, pith_doc_t *doc)
{
    const char *p = raw->data, *end = raw->data + raw->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *s = p;
        while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
            s++;
        if (e > s) {
            int rc = pith_doc_add_para(doc, s, (size_t)(e - s));
            if (rc)
                return rc;
        }
        p = e + 1;
    }
    return 0;
}
