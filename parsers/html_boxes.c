/* Second looks at the block model's boxes once the walk is done, before
 * scoring: class words and tags judge a box by its name, and some names
 * lie. Boxes that repeat to hold a story's paragraphs, a page-wide form,
 * are forgiven; boxes that open with a title such as "Related articles"
 * are chrome whatever their names say. Each pass is linear over the
 * containers (the repeated-box pass over each parent's children). */
#include "html_boxes.h"

#include "html_hints.h"

/* ---- repeated boxes ------------------------------------------------------ */

/* Page builders wrap every paragraph of a story in the same box ("card",
 * "list-item") whose class word alone would mark it as chrome. A run of at
 * least three such sibling boxes that hold little linked text and together
 * make up most of their parent is the parent's content, not furniture. Only
 * weak hints (-2) are forgiven: comments and share bars stay chrome however
 * many there are. */
static void forgive_repeated_boxes(ctx_t *c)
{
    for (size_t p = 0; p < c->nconts; p++) {
        const cont_t *par = &c->conts[p];
        if (par->end_cont == p + 1 || par->text < MIN_ARTICLE)
            continue;
        unsigned sum = 0, n = 0;
        for (unsigned i = (unsigned)p + 1; i < par->end_cont; i = c->conts[i].end_cont) {
            const cont_t *k = &c->conts[i];
            if ((k->flags & F_BADHINT) && k->hint == -2 && k->link * 4 < k->text) {
                sum += k->text;
                n++;
            }
        }
        if (n < 3 || sum * 2 < par->text)
            continue;
        for (unsigned i = (unsigned)p + 1; i < par->end_cont; i = c->conts[i].end_cont) {
            cont_t *k = &c->conts[i];
            if ((k->flags & F_BADHINT) && k->hint == -2 && k->link * 4 < k->text) {
                k->flags &= (unsigned char)~(F_BAD | F_BADHINT);
                k->hint = 0;
            }
        }
    }
}

/* Some page frameworks wrap the whole page in one <form> (ASP.NET's
 * "aspnetForm", shops around a product): a form that holds most of the
 * page's text is the page, not an input form to drop. */
static void forgive_page_forms(ctx_t *c)
{
    unsigned body_text = c->nconts ? c->conts[0].text : 0;
    for (size_t i = 1; i < c->nconts; i++) {
        cont_t *k = &c->conts[i];
        if (k->tag == GUMBO_TAG_FORM && (k->flags & F_BAD) && !(k->flags & F_BADHINT) &&
            k->hint >= 0 && (size_t)k->text * 2 >= body_text)
            k->flags &= (unsigned char)~F_BAD;
    }
}

/* ---- titled sections ----------------------------------------------------- */

/* A box that opens with a title such as "Related articles", "Leia também"
 * or "Comments" holds what follows an article, not the article, whatever
 * its class names say (many sites use none). The title must be the box's
 * first text, short, in a child of the box (or a child's only text), and
 * followed by more text in the box; a box with most of the page is never
 * marked. So a page wrapper whose first line is a "Latest news" ticker's
 * title is not chrome: the title belongs to the ticker's box. Nested boxes
 * that share the same first block are consecutive in document order, so
 * one test serves them. */
static void mark_titled_sections(ctx_t *c)
{
    if (c->nconts == 0)
        return;
    unsigned body_text = c->conts[0].text;
    unsigned tested = (unsigned)-1;
    int is_title = 0;
    for (size_t i = 1; i < c->nconts; i++) {
        cont_t *k = &c->conts[i];
        if (k->first_block >= k->end_block || k->tag == GUMBO_TAG_BODY ||
            ((k->flags & F_ARTICLE) && k->tag != GUMBO_TAG_ARTICLE))
            continue;
        const block_t *b = &c->blocks[k->first_block];
        if (b->chars >= 80 || k->text <= b->chars + MIN_PARA || k->text * 10 > body_text * 8)
            continue;
        /* The title is a child of the box, or the only text of a child. */
        int t = b->cont;
        if (t == (int)i || t < 0)
            continue;
        if (c->conts[t].parent != (int)i) {
            t = c->conts[t].parent;
            if (t < 0 || c->conts[t].parent != (int)i || c->conts[t].text != b->chars)
                continue;
        }
        if (tested != k->first_block) {
            tested = k->first_block;
            is_title = pith_html_section_title(c->text + b->off, b->len);
        }
        if (is_title)
            k->flags = (unsigned char)((k->flags | F_BAD | F_TITLED) & ~F_BADHINT);
    }
}

void pith_html_boxes_review(ctx_t *c)
{
    forgive_repeated_boxes(c);
    forgive_page_forms(c);
    mark_titled_sections(c);
}
