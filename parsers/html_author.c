/* Whether a declared author is the page's byline.
 *
 * A page declares its author for machines (JSON-LD, <meta name=author>)
 * and shows it to readers. Where the two disagree, the declared name is
 * most often not the article's writer but the account that posted it (a
 * WordPress user, a CMS editor, the site's owner): the page never shows it,
 * and shows another byline or none. So a declared name counts only when
 * the page's visible text holds it. The text is built once per page, only
 * when a declared author needs checking, as words: letters, digits and
 * non-ASCII bytes, ASCII case folded, one blank between words.
 *
 * The site's own name is no author as long as a person may be found, but
 * an explicit author field that names the site or publisher (a press
 * office, a club, a blog named after its writer) is the author when the
 * page names no one else: that choice waits until the closing byline has
 * been looked for too. */
#include "html_meta.h"

#include "byline.h"
#include "pith/error.h"

#include <string.h>

#define MAX_TEXT (4u << 20) /* bytes of visible text kept: a page's text, not a book */

static int word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Appends s[0..n) to out as words (out ends in a blank). */
static int add_words(pith_buf_t *out, const char *s, size_t n)
{
    if (out->len + n > MAX_TEXT)
        n = out->len < MAX_TEXT ? MAX_TEXT - out->len : 0;
    int rc = pith_buf_reserve(out, n + 1);
    if (rc)
        return rc;
    char *o = out->data + out->len;
    char last = out->len ? out->data[out->len - 1] : ' ';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (word_byte(c))
            *o++ = last = c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : (char)c;
        else if (last != ' ')
            *o++ = last = ' ';
    }
    *o = '\0';
    out->len = (size_t)(o - out->data);
    return 0;
}

/* What readers do not see as text: scripts, styles, templates. */
static int unseen(const GumboNode *n)
{
    GumboTag t = n->v.element.tag;
    return t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_TEMPLATE ||
           t == GUMBO_TAG_NOSCRIPT || t == GUMBO_TAG_HEAD;
}

/* The words of the text under root (the <html> element) into out, opened
 * and closed by a blank. */
static int page_words(const GumboNode *root, pith_buf_t *out)
{
    int rc = pith_buf_putc(out, ' ');
    const GumboNode *n = root;
    while (n && rc == 0) {
        int enter = n->type == GUMBO_NODE_ELEMENT && !unseen(n) && n->v.element.children.length;
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA)
            rc = add_words(out, n->v.text.text, strlen(n->v.text.text));
        if (enter) {
            n = n->v.element.children.data[0];
            continue;
        }
        /* The next sibling, else an ancestor's, up to root. */
        while (n != root) {
            const GumboNode *p = n->parent;
            if (n->index_within_parent + 1 < p->v.element.children.length) {
                n = p->v.element.children.data[n->index_within_parent + 1];
                break;
            }
            n = p;
        }
        if (n == root)
            break;
        if (n->type == GUMBO_NODE_ELEMENT && out->len && out->data[out->len - 1] != ' ')
            rc = pith_buf_putc(out, ' '); /* a block's text is no continuation */
    }
    if (rc == 0 && out->len && out->data[out->len - 1] != ' ')
        rc = pith_buf_putc(out, ' ');
    return rc;
}

int pith_html_shows_name(const pith_html_meta_t *m, const char *names, pith_buf_t *text,
                         pith_buf_t *tmp)
{
    if (!m->root)
        return 1; /* nothing to compare with: believe the declaration */
    if (text->len == 0 && page_words(m->root, text))
        return PITH_ENOMEM;
    /* Any of the names "A, B" will do: a co-author may be the one shown. */
    for (const char *p = names; *p;) {
        size_t len = strcspn(p, ",");
        pith_buf_reset(tmp);
        if (pith_buf_putc(tmp, ' ') || add_words(tmp, p, len) ||
            (tmp->data[tmp->len - 1] != ' ' && pith_buf_putc(tmp, ' ')))
            return PITH_ENOMEM;
        if (tmp->len > 2 && memmem(text->data, text->len, tmp->data, tmp->len))
            return 1;
        p += len;
        while (*p == ',' || *p == ' ')
            p++;
    }
    return 0;
}

int pith_html_author_publisher(pith_html_meta_t *m, const char *const *declared, size_t n,
                               pith_buf_t *words, pith_buf_t *tmp)
{
    pith_buf_t name = {0};
    int rc = 0, shown = 0;
    m->publisher_author[0] = '\0';
    for (size_t i = 0; i < n && rc == 0 && !shown; i++) {
        if (!declared[i] || strstr(declared[i], "://"))
            continue;
        rc = pith_byline_clean(declared[i], strlen(declared[i]), NULL, NULL, &name);
        if (rc == 0 && name.len)
            shown = pith_html_shows_name(m, name.data, words, tmp);
    }
    if (rc == 0 && !shown) {
        rc = pith_html_shown_author(m, NULL, NULL, &name);
        shown = name.len > 0;
    }
    if (shown < 0)
        rc = shown;
    if (rc == 0 && shown > 0 && name.len < sizeof m->publisher_author)
        memcpy(m->publisher_author, name.data, name.len + 1);
    pith_buf_free(&name);
    return rc;
}
