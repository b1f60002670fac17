/* The visible text of an element's subtree, for the metadata that pages
 * show (headlines, bylines, date lines): blanks collapsed, soft hyphens
 * gone, blocks set apart by a blank or by line breaks; see html_meta.h. */
#include "html_meta.h"

#include "pith/error.h"

#include <ctype.h>

/* Whether an element sets its text on lines of its own: a block (the one
 * list, html.c's) or a line break. */
static int block_tag(GumboTag t)
{
    return t == GUMBO_TAG_BR || pith_html_block_tag(t);
}

/* The text of el's subtree; with lines, blocks are set apart by '\n'
 * (where they start and end), else by a blank where br, p, div and li
 * start. */
static int node_text(const GumboNode *el, size_t max, int lines, pith_buf_t *out)
{
    pith_buf_reset(out);
    if (!el)
        return 0;
    const GumboNode *n = el;
    int space = 0; /* 1: a blank is due, 2: a line break */
    for (size_t visits = 0; visits < 4096 && out->len < max; visits++) {
        int down = 0;
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
            n->type == GUMBO_NODE_WHITESPACE) {
            for (const char *p = n->v.text.text; *p && out->len < max; p++) {
                /* A soft hyphen (U+00AD) is not shown unless a line breaks
                 * there: "Mes&shy;sen&shy;ger" reads "Messenger". */
                if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xAD) {
                    p++;
                    continue;
                }
                if (isspace((unsigned char)*p)) {
                    if (out->len > 0 && !space)
                        space = 1;
                    continue;
                }
                if (space && pith_buf_putc(out, space == 2 ? '\n' : ' '))
                    return PITH_ENOMEM;
                space = 0;
                if (pith_buf_putc(out, *p))
                    return PITH_ENOMEM;
            }
        } else if (n->type == GUMBO_NODE_ELEMENT) {
            GumboTag t = n->v.element.tag;
            down = t != GUMBO_TAG_SCRIPT && t != GUMBO_TAG_STYLE && n->v.element.children.length;
            if (lines ? block_tag(t)
                      : t == GUMBO_TAG_BR || t == GUMBO_TAG_P || t == GUMBO_TAG_DIV ||
                            t == GUMBO_TAG_LI)
                space = out->len > 0 ? 1 + lines : 0;
        }
        if (down) {
            n = n->v.element.children.data[0];
            continue;
        }
        for (;;) {
            if (n == el)
                return 0;
            const GumboNode *parent = n->parent;
            const GumboVector *kids = parent->type == GUMBO_NODE_ELEMENT
                                          ? &parent->v.element.children
                                          : &parent->v.document.children;
            if (lines && n->type == GUMBO_NODE_ELEMENT && block_tag(n->v.element.tag) &&
                out->len > 0)
                space = 2;
            if (n->index_within_parent + 1 < kids->length) {
                n = kids->data[n->index_within_parent + 1];
                break;
            }
            n = parent;
        }
    }
    return 0;
}

int pith_html_node_text(const GumboNode *el, size_t max, pith_buf_t *out)
{
    return node_text(el, max, 0, out);
}

int pith_html_node_lines(const GumboNode *el, size_t max, pith_buf_t *out)
{
    return node_text(el, max, 1, out);
}
