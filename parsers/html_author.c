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
 * been looked for too.
 *
 * Below the headline, a short line that opens like a byline ("Text von
 * Christian Seiler", "By <a>Jane Doe</a>") names the author even without
 * markup, as does a line of a date and a name alone ("11.12.2019 - Jane
 * Doe"); the first text below the headline counts whatever box holds it.
 * The search walks the tree with html_shown.c's walks.
 *
 * A byline element (html_shown.c finds them) is read here too: not when
 * it credits a picture or is a control, nor in a teaser card; a
 * definition list's value is one when its term labels an author. */
#include "html_meta.h"

#include "byline.h"
#include "bytes.h"
#include "html_names.h"
#include "dates.h"
#include "pith/error.h"
#include "urlhost.h"

#include <string.h>
#include <strings.h>

#define MAX_TEXT (4u << 20) /* bytes of visible text kept: a page's text, not a book */
/* As for the elements html_shown.c reads: */
#define SHOWN_TEXT 300           /* a byline holds a line, not a text */
#define SHOWN_LINE 120           /* a line below the headline is short */
#define AFTER_TEXT 1500          /* how far below the headline it may stand */
#define MAX_ARCHIVE_VISITS 50000 /* nodes the search for archive links looks at */
#define CARD_DEPTH 6 /* levels above a byline element where a teaser card's link may be */
#define CARD_MORE 40 /* bytes of text a card's link holds beyond its byline */

/* Appends s[0..n) to out as words (out ends in a blank): bytes.h's word
 * bytes, lowercased, and a blank for each run of other bytes. */
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
        char w = (char)pith_bytes_word[(unsigned char)s[i]];
        if (w)
            *o++ = last = w;
        else if (last != ' ')
            *o++ = last = ' ';
    }
    *o = '\0';
    out->len = (size_t)(o - out->data);
    return 0;
}

/* Whether the class name p[0..tl) is "hidden" or "d-none": a box that
 * style sheets hide (structured data for machines, a copy of the byline
 * of another article in a slider). */
static int hidden_name(const char *p, size_t tl)
{
    return (tl == 6 && strncasecmp(p, "hidden", 6) == 0) ||
           (tl == 6 && strncasecmp(p, "d-none", 6) == 0);
}

static int credit_token(const char *p, size_t tl);

/* The names this file reads: hiding ones, and a picture credit's or a
 * control's. */
int pith_html_author_reads(const char *p, size_t tl)
{
    return hidden_name(p, tl) || credit_token(p, tl);
}

static int hidden_class(const char *c)
{
    for (const char *p = c; p && *p;) {
        p += strspn(p, " \t\n");
        size_t tl = strcspn(p, " \t\n");
        if (hidden_name(p, tl))
            return 1;
        p += tl;
    }
    return 0;
}

/* What readers do not see as text: scripts, styles, templates, and
 * boxes hidden by an attribute, a style or a class. */
static int unseen(const pith_prescan_map_t *cuts, const GumboNode *n)
{
    GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_TEMPLATE ||
        t == GUMBO_TAG_NOSCRIPT || t == GUMBO_TAG_HEAD || pith_html_attr(n, "hidden"))
        return 1;
    /* What html_names.c's pith_html_style_read keeps. */
    const char *style = pith_html_attr(n, "style");
    if (style && (strcasestr(style, "display:none") || strcasestr(style, "display: none")))
        return 1;
    return hidden_class(pith_html_names_value(cuts, n, 0));
}

/* The page's words are its text nodes' in document order, entering every
 * element readers see: a node reached as a next sibling (or an ancestor's)
 * that is an element adds a blank first (a block's text is no
 * continuation), the first child of an element does not. */
static int enters(const pith_page_words_t *w, const GumboNode *n)
{
    return n->type == GUMBO_NODE_ELEMENT && !unseen(w->cuts, n);
}

static int arrive(pith_buf_t *out, const GumboNode *n, int sib)
{
    int rc = 0;
    if (sib && n->type == GUMBO_NODE_ELEMENT && out->len && out->data[out->len - 1] != ' ')
        rc = pith_buf_putc(out, ' ');
    if (rc == 0 && (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA))
        rc = add_words(out, n->v.text.text, strlen(n->v.text.text));
    return rc;
}

/* Walks from n (arrived at as a sibling when sib; when up, n is done and
 * the walk goes on after it) to the end of root's subtree, or stops at
 * w's gap (before its gap_at-th child): w->state says which. */
static int run(pith_page_words_t *w, const GumboNode *root, const GumboNode *n, int sib, int up)
{
    int rc = 0;
    while (rc == 0) {
        if (!up) {
            if ((rc = arrive(&w->text, n, sib)))
                break;
            if (n == w->gap && enters(w, n) && w->gap_at == 0) {
                w->state = PITH_WORDS_AT_GAP;
                w->sib = 0;
                return 0;
            }
            if (enters(w, n) && n->v.element.children.length) {
                n = n->v.element.children.data[0];
                sib = 0;
                continue;
            }
        }
        up = 0;
        /* The next sibling, else an ancestor's, up to root. */
        for (;;) {
            if (n == root) {
                w->state = PITH_WORDS_DONE;
                return 0;
            }
            const GumboNode *p = n->parent;
            if (p == w->gap && n->index_within_parent + 1 == w->gap_at) {
                w->state = PITH_WORDS_AT_GAP;
                w->sib = 1;
                return 0;
            }
            if (n->index_within_parent + 1 < p->v.element.children.length) {
                n = p->v.element.children.data[n->index_within_parent + 1];
                sib = 1;
                break;
            }
            n = p;
        }
    }
    return rc;
}

/* The words of the text under root (the <html> element) into out, opened
 * and closed by a blank. */
static int page_words(const pith_prescan_map_t *cuts, const GumboNode *root, pith_buf_t *out)
{
    pith_page_words_t w = {.text = *out, .cuts = cuts};
    int rc = pith_buf_putc(&w.text, ' ');
    if (rc == 0)
        rc = run(&w, root, root, 0, 0);
    if (rc == 0 && w.text.len && w.text.data[w.text.len - 1] != ' ')
        rc = pith_buf_putc(&w.text, ' ');
    *out = w.text;
    return rc;
}

int pith_page_words_begin(pith_page_words_t *w, const GumboNode *gap, unsigned gap_at)
{
    const GumboNode *root = gap;
    while (root->parent && root->parent->type != GUMBO_NODE_DOCUMENT)
        root = root->parent;
    w->root = root;
    w->gap = gap;
    w->gap_at = gap_at;
    w->tops = 0;
    w->state = PITH_WORDS_WALKING;
    int rc = pith_buf_putc(&w->text, ' ');
    return rc ? rc : run(w, root, root, 0, 0);
}

int pith_page_words_add(pith_page_words_t *w, GumboNode *const *top, unsigned n)
{
    int rc = 0;
    if (w->state != PITH_WORDS_AT_GAP)
        return 0; /* the gap is in what readers do not see */
    const GumboNode *gap = w->gap;
    w->gap = NULL; /* no gap inside the pieces */
    for (unsigned k = 0; k < n && rc == 0; k++, w->tops++)
        rc = run(w, top[k], top[k], w->tops ? 1 : w->sib, 0);
    w->gap = gap;
    w->state = PITH_WORDS_AT_GAP;
    return rc;
}

int pith_page_words_end(pith_page_words_t *w)
{
    int rc = 0;
    if (w->state == PITH_WORDS_AT_GAP) {
        const GumboNode *gap = w->gap;
        w->gap = NULL;
        if (w->gap_at < gap->v.element.children.length)
            rc = run(w, w->root, gap->v.element.children.data[w->gap_at], w->tops ? 1 : w->sib, 0);
        else
            rc = run(w, w->root, gap, 0, 1);
    }
    if (rc == 0 && w->state != PITH_WORDS_DONE)
        rc = PITH_ENOMEM; /* cannot be: every walk ends at root */
    if (rc == 0 && w->text.len && w->text.data[w->text.len - 1] != ' ')
        rc = pith_buf_putc(&w->text, ' ');
    return rc;
}

void pith_page_words_free(pith_page_words_t *w)
{
    pith_buf_free(&w->text);
    memset(w, 0, sizeof *w);
}

/* Whether the element el may declare the page's author for
 * pith_html_declares_author: a JSON-LD script, a meta tag of an author
 * slot. */
static int may_declare(const GumboNode *el)
{
    GumboTag t = el->v.element.tag;
    if (t == GUMBO_TAG_SCRIPT) {
        const char *type = pith_html_attr(el, "type");
        return type && strstr(type, "ld+json");
    }
    if (t != GUMBO_TAG_META)
        return 0;
    const char *key = pith_html_attr(el, "property");
    if (!key)
        key = pith_html_attr(el, "name");
    int slot = key ? pith_html_meta_slot(key, strlen(key)) : -1;
    return slot == PITH_META_AUTHOR || slot == PITH_META_ART_AUTHOR ||
           slot == PITH_META_MORE_AUTHOR;
}

int pith_html_may_declare_author(const GumboNode *root)
{
    const GumboNode *n = root;
    while (n) {
        const GumboVector *kids = n->type == GUMBO_NODE_DOCUMENT  ? &n->v.document.children
                                  : n->type == GUMBO_NODE_ELEMENT ? &n->v.element.children
                                                                  : NULL;
        if (n->type == GUMBO_NODE_ELEMENT && may_declare(n))
            return 1;
        if (kids && kids->length) {
            n = kids->data[0];
            continue;
        }
        /* The next sibling, else an ancestor's, up to root. */
        for (; n != root; n = n->parent) {
            const GumboNode *p = n->parent;
            const GumboVector *v =
                p->type == GUMBO_NODE_DOCUMENT ? &p->v.document.children : &p->v.element.children;
            if (n->index_within_parent + 1 < v->length) {
                n = v->data[n->index_within_parent + 1];
                break;
            }
        }
        if (n == root)
            break;
    }
    return 0;
}

/* Appends the text nodes among el's children (and theirs) to s[0..*n),
 * blanks folded, at most cap - 1 bytes; 0 when they do not fit. */
static int short_text(const GumboNode *el, char *s, size_t *n, size_t cap, int depth)
{
    const GumboVector *kids = &el->v.element.children;
    for (size_t i = 0; i < kids->length; i++) {
        const GumboNode *k = kids->data[i];
        if (k->type == GUMBO_NODE_ELEMENT) {
            if (depth < 2 && !short_text(k, s, n, cap, depth + 1))
                return 0;
            continue;
        }
        if (k->type != GUMBO_NODE_TEXT && k->type != GUMBO_NODE_WHITESPACE)
            continue;
        /* Runs of blanks as one: templates indent a term's word. */
        for (const char *t = k->v.text.text; *t; t++) {
            int blank = *t == ' ' || *t == '\t' || *t == '\n' || *t == '\r';
            if (blank && (*n == 0 || s[*n - 1] == ' '))
                continue;
            if (*n + 1 >= cap)
                return 0;
            s[(*n)++] = blank ? ' ' : *t;
        }
    }
    return 1;
}

/* Whether el is a definition list's value whose term labels an author:
 * <dl><dt>Auteur</dt><dd><a>Jane Doe</a></dd> (a post's facts box, a
 * forum's article details). */
int pith_html_author_value(const GumboNode *el)
{
    const GumboNode *p = el->parent;
    if (!p || p->type != GUMBO_NODE_ELEMENT)
        return 0;
    const GumboVector *kids = &p->v.element.children;
    for (size_t i = el->index_within_parent; i-- > 0;) {
        const GumboNode *k = kids->data[i];
        if (k->type != GUMBO_NODE_ELEMENT)
            continue;
        char s[48];
        size_t n = 0;
        return k->v.element.tag == GUMBO_TAG_DT && short_text(k, s, &n, sizeof s, 0) &&
               pith_byline_label(s, n);
    }
    return 0;
}

/* Whether the class or id token p[0..tl) names a picture's credit or a
 * control: a picture's word before an author's ("img-author",
 * "photo_byline", "foto-autor"), or a caption's or a control's anywhere
 * ("cutline-byline-container", "author-info__follow-button"). */
/* A word of credit_token's lists, with its length. */
typedef struct {
    const char *w;
    size_t len;
} credit_word_t;

#define CW(s)                                                                                      \
    {                                                                                              \
        s, sizeof s - 1                                                                            \
    }

/* Whether the part p[0..pl), whose first letter in lower case is c, starts
 * with one of words (whole: the part is that word, when whole). */
static int credit_part(const char *p, size_t pl, unsigned c, const credit_word_t *words, size_t n,
                       int whole)
{
    for (size_t k = 0; k < n; k++)
        if (c == (unsigned char)words[k].w[0] &&
            (whole ? pl == words[k].len : pl >= words[k].len) &&
            strncasecmp(p, words[k].w, words[k].len) == 0)
            return 1;
    return 0;
}

static int credit_token(const char *p, size_t tl)
{
    static const credit_word_t pictures[] = {CW("img"),  CW("image"), CW("photo"),
                                             CW("foto"), CW("bild"),  CW("picture")};
    static const credit_word_t authors[] = {CW("author"), CW("autor"), CW("byline"), CW("credit")};
    static const credit_word_t captions[] = {CW("caption"), CW("cutline"), CW("follow")};
    int picture = 0;
    for (size_t i = 0; i < tl;) {
        size_t pl = 0;
        while (i + pl < tl && p[i + pl] != '-' && p[i + pl] != '_')
            pl++;
        /* The first letter first (c | 0x20 is a letter's lower case, and
         * no other byte's), then the word. */
        unsigned c = (unsigned char)p[i] | 0x20;
        if (credit_part(p + i, pl, c, captions, sizeof captions / sizeof *captions, 0))
            return 1;
        if (!picture)
            picture = credit_part(p + i, pl, c, pictures, sizeof pictures / sizeof *pictures, 1);
        if (picture && credit_part(p + i, pl, c, authors, sizeof authors / sizeof *authors, 0))
            return 1;
        i += pl;
        while (i < tl && (p[i] == '-' || p[i] == '_'))
            i++;
    }
    return 0;
}

int pith_html_picture_credit(const pith_html_meta_t *m, const GumboNode *el)
{
    const char *vals[2] = {pith_html_names_value(m->cuts, el, 0),
                           pith_html_names_value(m->cuts, el, 1)};
    for (int v = 0; v < 2; v++)
        for (const char *p = vals[v]; p && *p;) {
            p += strspn(p, " \t\n");
            size_t tl = strcspn(p, " \t\n");
            if (tl && credit_token(p, tl))
                return 1;
            p += tl;
        }
    if (el->v.element.tag == GUMBO_TAG_BUTTON)
        return 1;
    for (int d = 0; el && el->type == GUMBO_NODE_ELEMENT && d < 40; d++, el = el->parent)
        if (el->v.element.tag == GUMBO_TAG_FIGURE || el->v.element.tag == GUMBO_TAG_FIGCAPTION)
            return 1;
    return 0;
}

/* The byline text of an author element into out (cleaned, "" if none). */
static int author_of(const GumboNode *el, const char *site, const char *host, pith_buf_t *tmp,
                     pith_buf_t *out)
{
    const char *c = pith_html_attr(el, "content");
    int rc;
    pith_buf_reset(tmp);
    pith_buf_reset(out);
    if (c)
        rc = pith_buf_puts(tmp, c);
    else
        rc = pith_html_node_lines(el, SHOWN_TEXT + 1, tmp);
    if (rc == 0 && tmp->len && tmp->len <= SHOWN_TEXT)
        rc = pith_byline_clean(tmp->data, tmp->len, site, host, out);
    return rc;
}

/* Whether el sits in a teaser card: a link (not el itself) that holds
 * more than its byline, a headline or a lead too, and leads to another
 * article, whose author el names. 1 if so, 0 if not, -1 out of memory. */
static int in_card(const GumboNode *el, pith_buf_t *tmp)
{
    const GumboNode *a = el->parent;
    for (int d = 0; a && a->type == GUMBO_NODE_ELEMENT && d < CARD_DEPTH; d++, a = a->parent)
        if (a->v.element.tag == GUMBO_TAG_A)
            break;
    if (!a || a->type != GUMBO_NODE_ELEMENT || a->v.element.tag != GUMBO_TAG_A)
        return 0;
    if (pith_html_node_text(el, SHOWN_TEXT + 1, tmp))
        return -1;
    size_t own = tmp->len;
    if (pith_html_node_text(a, own + CARD_MORE + 1, tmp))
        return -1;
    return tmp->len > own + CARD_MORE;
}

int pith_html_lines_box(const GumboNode *el, pith_buf_t *tmp)
{
    pith_buf_reset(tmp);
    if (pith_html_node_lines(el, SHOWN_TEXT + 1, tmp))
        return PITH_ENOMEM;
    const char *nl = memchr(tmp->data ? tmp->data : "", '\n', tmp->len);
    return nl && nl + 1 < tmp->data + tmp->len;
}

int pith_html_offer_author(const pith_html_meta_t *m, size_t idx, const char *site,
                           const char *host, pith_buf_t *tmp, pith_buf_t *more, pith_buf_t *out)
{
    const GumboNode *el = m->author_els[idx];
    pith_buf_reset(out);
    if (el == m->anchor || pith_html_picture_credit(m, el))
        return 0;
    int rc = in_card(el, tmp);
    if (rc != 0)
        return rc < 0 ? PITH_ENOMEM : 0;
    rc = author_of(el, site, host, tmp, out);
    if (rc || out->len == 0)
        return rc;
    for (size_t j = idx + 1; j < m->nauthor_els && j < idx + 5 && rc == 0; j++) {
        if (m->author_els[j]->parent != el->parent)
            break;
        rc = author_of(m->author_els[j], site, host, tmp, more);
        if (rc == 0 && more->len && !memmem(out->data, out->len, more->data, more->len) &&
            !(rc = pith_buf_puts(out, ", ")))
            rc = pith_buf_append(out, more->data, more->len);
    }
    return rc;
}

int pith_html_publisher_first(const char *v, const char *site, const char *host, pith_buf_t *tmp)
{
    size_t n = strcspn(v, ",;|");
    if (!v[n])
        return 0; /* the publisher alone is dropped by the cleaner */
    int rc = pith_byline_clean(v, n, NULL, NULL, tmp);
    if (rc || !tmp->len)
        return rc;
    rc = pith_byline_clean(v, n, site, host, tmp);
    return rc ? rc : tmp->len == 0;
}

int pith_html_declares_author(const pith_html_meta_t *m)
{
    return m->njsonld || m->slot[PITH_META_AUTHOR] || m->slot[PITH_META_ART_AUTHOR] ||
           m->slot[PITH_META_MORE_AUTHOR];
}

int pith_html_shows_name(const pith_html_meta_t *m, const char *names, pith_buf_t *text,
                         pith_buf_t *tmp)
{
    if (!m->root)
        return 1; /* nothing to compare with: believe the declaration */
    /* The words built while the page was parsed in pieces, else now. */
    const pith_buf_t *words = m->words ? m->words : text;
    if (!m->words && text->len == 0 && page_words(m->cuts, m->root, text))
        return PITH_ENOMEM;
    /* Any of the names "A, B" will do: a co-author may be the one shown. */
    for (const char *p = names; *p;) {
        size_t len = strcspn(p, ",");
        pith_buf_reset(tmp);
        if (pith_buf_putc(tmp, ' ') || add_words(tmp, p, len) ||
            (tmp->data[tmp->len - 1] != ' ' && pith_buf_putc(tmp, ' ')))
            return PITH_ENOMEM;
        if (tmp->len > 2 && memmem(words->data, words->len, tmp->data, tmp->len))
            return 1;
        p += len;
        while (*p == ',' || *p == ' ')
            p++;
    }
    return 0;
}

int pith_html_author_publisher(pith_html_meta_t *m, const char *const *declared, size_t n,
                               const char *site, const char *host, pith_buf_t *words,
                               pith_buf_t *tmp)
{
    pith_buf_t name = {0};
    int rc = 0, shown = 0;
    m->publisher_author[0] = '\0';
    for (size_t i = 0; i < n && rc == 0 && !shown; i++) {
        if (!declared[i] || strstr(declared[i], "://"))
            continue;
        /* "SPIEGEL ONLINE, Hamburg, Germany": the publisher, not its address. */
        size_t len = strlen(declared[i]);
        if ((rc = pith_html_publisher_first(declared[i], site, host, &name)) > 0)
            len = strcspn(declared[i], ",;|");
        if (rc >= 0)
            rc = pith_byline_clean(declared[i], len, NULL, NULL, &name);
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

/* The line that a byline label standing in an element of its own opens
 * (<span>By</span><span><a>Jane Doe</a></span>, <h5>Autor: </h5>Peter
 * Maahn<br>): the label n's text and the text after it up to a line break
 * (a br, a block starting or ending; leaving the label's own element does
 * not count), at most SHOWN_TEXT bytes, into out. Returns 0 or
 * PITH_ENOMEM. */
static int label_line(const GumboNode *n, pith_buf_t *out)
{
    pith_buf_reset(out);
    int rc = pith_buf_puts(out, n->v.text.text);
    const GumboNode *at = n;
    int enter = 0;
    for (size_t visits = 0; rc == 0 && visits < 32 && out->len <= SHOWN_TEXT; visits++) {
        const GumboNode *next = NULL;
        if (enter && at->v.element.children.length) {
            next = at->v.element.children.data[0];
        } else {
            while (!next && at->parent && at->parent->type == GUMBO_NODE_ELEMENT) {
                const GumboNode *p = at->parent;
                if (at->index_within_parent + 1 < p->v.element.children.length)
                    next = p->v.element.children.data[at->index_within_parent + 1];
                else if ((at = p) != n->parent && pith_html_block_tag(p->v.element.tag))
                    return rc;
            }
        }
        if (!next)
            break;
        at = next;
        enter = 0;
        if (at->type == GUMBO_NODE_ELEMENT) {
            GumboTag t = at->v.element.tag;
            if (t == GUMBO_TAG_BR || pith_html_block_tag(t))
                break;
            enter = !pith_html_below_skips(at, 0);
        } else if (at->type == GUMBO_NODE_TEXT || at->type == GUMBO_NODE_WHITESPACE) {
            if ((rc = pith_buf_puts(out, " ")) == 0)
                rc = pith_buf_puts(out, at->v.text.text);
        }
    }
    return rc;
}

/* A short line below the headline that opens like a byline ("Text von
 * Christian Seiler", "By <a>Jane Doe</a>"): its element's text, cleaned;
 * or the line that a label in an element of its own opens (label_line). */
/* Where the line s[0..n) goes on after the date (and time) that opens
 * it ("06.11.2023 13:30 von Olga", "March 3, 2020 - by Jane Doe"), and
 * the separators after them; 0 when no date opens it. */
static size_t past_date(const char *s, size_t n)
{
    char day[PITH_DATE_MAX];
    size_t at, dl;
    if (pith_date_find(s, n, day, &at, &dl) != 0 || at > strspn(s, " \t\r\n"))
        return 0;
    size_t i = at + dl;
    for (int round = 0; round < 2; round++) {
        i += strspn(s + i, " \t\r\n,|-");
        /* A time: "13:30", "9.05 Uhr". */
        size_t d = strspn(s + i, "0123456789");
        if (d >= 1 && d <= 2 && i + d < n && (s[i + d] == ':' || s[i + d] == '.') &&
            strspn(s + i + d + 1, "0123456789") == 2) {
            i += d + 3;
            if (n - i >= 4 && strncmp(s + i, " Uhr", 4) == 0)
                i += 4;
        }
    }
    return i < n ? i : n;
}

/* Where a byline opens in the line s[0..n): at its start ("By Jane
 * Doe") or past the date that opens it; n when it opens none. */
static size_t byline_at(const char *s, size_t n)
{
    if (pith_byline_opens(s, n))
        return 0;
    size_t i = past_date(s, n);
    return i && i < n && pith_byline_opens(s + i, n - i) ? i : n;
}

/* Where the name starts in a line of a date, a separator and a name
 * alone ("11.12.2019 - Jane Doe", "3. März 2021 | Max Muster"): two to
 * four capitalised words, at most 40 bytes, nothing after them; n when
 * the line is no such thing. A one-word name may be a place or a section
 * ("12.03.2020 - Berlin"), so it does not count. */
static size_t dated_name(const char *s, size_t n)
{
    static const char *const seps[] = {
        "-", "|", "/", "\xe2\x80\x93", "\xe2\x80\x94", "\xc2\xb7", "\xe2\x80\xa2", NULL};
    char day[PITH_DATE_MAX];
    size_t at, dl, i = past_date(s, n);
    if (i == 0 || i >= n || pith_date_find(s, n, day, &at, &dl) != 0)
        return n;
    /* past_date skipped ASCII separators; others follow here. */
    int sep = memchr(s + at + dl, '-', i - at - dl) || memchr(s + at + dl, '|', i - at - dl);
    for (int again = 1; again;) {
        again = 0;
        for (size_t k = 0; seps[k]; k++) {
            size_t l = strlen(seps[k]);
            if (n - i > l && memcmp(s + i, seps[k], l) == 0 && s[i + l] == ' ') {
                i += l + strspn(s + i + l, " \t\r\n");
                sep = again = 1;
            }
        }
    }
    size_t e = n;
    while (e > i && strchr(" \t\r\n", s[e - 1]))
        e--;
    if (!sep || e - i > 40)
        return n;
    size_t words = 0;
    for (size_t k = i; k < e; k++) {
        unsigned char c = (unsigned char)s[k];
        if (k == i || s[k - 1] == ' ') {
            words++;
            if (!((c >= 'A' && c <= 'Z') || c >= 0xC3))
                return n;
        }
        if ((c >= '0' && c <= '9') || strchr(".,:;!?()\t\r\n", c))
            return n;
    }
    return words >= 2 && words <= 4 ? i : n;
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Whether the line s[0..n) is as short as a label ("By", "Autor:"), the
 * blanks and a date that opens it not counted. */
static int label_sized(const char *s, size_t n)
{
    size_t a = past_date(s, n), e = n;
    a += strspn(s + a, " \t\r\n");
    while (e > a && blank(s[e - 1]))
        e--;
    return e - a <= 12;
}

int pith_html_shown_byline_line(const pith_html_meta_t *m, const char *site, const char *host,
                                pith_buf_t *out)
{
    pith_buf_t tmp = {0};
    int rc = 0;
    size_t seen = 0, said = 0;
    pith_buf_reset(out);
    if (!m->anchor)
        return 0;
    const GumboNode *n = pith_html_next_node(m->anchor, 1);
    for (size_t visits = 0; n && visits < 400 && seen < AFTER_TEXT && rc == 0 && !out->len;
         visits++) {
        if (n->type == GUMBO_NODE_ELEMENT) {
            n = pith_html_next_node(n, pith_html_below_skips(n, 0));
            continue;
        }
        if (n->type == GUMBO_NODE_TEXT) {
            const char *s = n->v.text.text;
            size_t len = strlen(s);
            /* The first text below the headline is the article's whatever
             * box holds it (a "teaser" caption under a video): another
             * text's byline would come after that text's headline. */
            int first = said == 0;
            seen += len;
            for (size_t i = 0; i < len && !said; i++)
                said = !blank(s[i]);
            /* "By " alone is followed by the name in a link: the parent's
             * text is the line. */
            int card = 0;
            size_t at;
            if (len <= SHOWN_LINE &&
                (byline_at(s, len) < len || label_sized(s, len) || dated_name(s, len) < len) &&
                (first || !pith_html_in_chrome(m, n->parent, m->anchor)) &&
                (card = in_card(n->parent, &tmp)) == 0) {
                rc = pith_html_node_text(n->parent, SHOWN_TEXT + 1, &tmp);
                if (rc == 0 && tmp.len <= SHOWN_TEXT &&
                    ((at = byline_at(tmp.data, tmp.len)) < tmp.len ||
                     (at = dated_name(tmp.data, tmp.len)) < tmp.len))
                    rc = pith_byline_clean(tmp.data + at, tmp.len - at, site, host, out);
                if (rc == 0 && !out->len && pith_byline_label(s, len) &&
                    (rc = label_line(n, &tmp)) == 0 && tmp.len <= SHOWN_TEXT &&
                    pith_byline_opens(tmp.data, tmp.len))
                    rc = pith_byline_clean(tmp.data, tmp.len, site, host, out);
            }
            if (card < 0)
                rc = PITH_ENOMEM;
        }
        n = pith_html_next_node(n, 1);
    }
    pith_buf_free(&tmp);
    return rc;
}

/* The links to an author's archive in the page ("Alle Beiträge von Jane
 * Doe" in an author box under the article): when every one names the same
 * person, that person, cleaned, into m->archive_author; several people's
 * (a list of authors) name none. A one-word name after "Alles von" may be a
 * brand ("Alles von Apple"), so that one needs two words. */
int pith_html_archive_author(pith_html_meta_t *m, const char *site, const char *host)
{
    pith_buf_t tmp = {0}, name = {0};
    int rc = 0, several = 0;
    m->archive_author[0] = '\0';
    const GumboNode *root = m->body, *n = root;
    for (size_t visits = 0; n && rc == 0 && !several && visits < MAX_ARCHIVE_VISITS; visits++) {
        int enter =
            n->type == GUMBO_NODE_ELEMENT && !unseen(m->cuts, n) && n->v.element.children.length;
        size_t len = n->type == GUMBO_NODE_TEXT ? strlen(n->v.text.text) : 0;
        if (len && len <= SHOWN_LINE && pith_byline_archive(n->v.text.text, len)) {
            /* The link's text: the name may stand in an element of its own
             * ("Alle Beiträge von <span>Jane Doe</span>"). */
            const GumboNode *p = n->parent;
            pith_buf_reset(&tmp);
            if (p && p->type == GUMBO_NODE_ELEMENT && p->v.element.tag != GUMBO_TAG_BODY)
                rc = pith_html_node_text(p, SHOWN_LINE + 1, &tmp);
            else
                rc = pith_buf_puts(&tmp, n->v.text.text);
            size_t a = rc || tmp.len > SHOWN_LINE ? 0 : pith_byline_archive(tmp.data, tmp.len);
            int alles = a >= 10 && strncasecmp(tmp.data + a - 10, "alles von ", 10) == 0;
            if (a && (rc = pith_byline_clean(tmp.data + a, tmp.len - a, site, host, &name)) == 0 &&
                name.len && !(alles && !memchr(name.data, ' ', name.len))) {
                if (!m->archive_author[0] && name.len < sizeof m->archive_author)
                    memcpy(m->archive_author, name.data, name.len + 1);
                else if (strcmp(m->archive_author, name.data) != 0)
                    several = 1;
            }
        }
        if (enter) {
            n = n->v.element.children.data[0];
            continue;
        }
        while (n && n != root) {
            const GumboNode *p = n->parent;
            if (p && p->type == GUMBO_NODE_ELEMENT &&
                n->index_within_parent + 1 < p->v.element.children.length) {
                n = p->v.element.children.data[n->index_within_parent + 1];
                break;
            }
            n = p && p->type == GUMBO_NODE_ELEMENT ? p : NULL;
        }
        if (n == root)
            break;
    }
    if (several)
        m->archive_author[0] = '\0';
    pith_buf_free(&tmp);
    pith_buf_free(&name);
    return rc;
}

/* A page that names no author elsewhere may sign its article at the end
 * ("Von Cosima Künzel"); else a link to the author's archive names the
 * author ("Alle Beiträge von ..."); else a press release's contact block
 * ("Pressekontakt" / "Dr. Jane Doe"); else an author field naming the
 * publisher is it. */
int pith_html_closing_author(const pith_html_meta_t *m, const pith_hints_t *hints, pith_doc_t *doc)
{
    char hb[256];
    const char *host = pith_urlhost_get(hints && hints->url ? hints->url : doc->url, hb, sizeof hb);
    pith_buf_t name = {0};
    int rc = pith_byline_closing(doc->paras, doc->nparas, doc->sitename, host, &name);
    /* A press release's contact block signs it when nothing else does. */
    if (rc == 0 && !name.len && !*m->archive_author)
        rc = pith_byline_contact_block(doc->paras, doc->nparas, doc->sitename, host, &name);
    const char *other = *m->archive_author ? m->archive_author : m->publisher_author;
    if (rc == 0 && (name.len || *other))
        rc = pith_doc_set(&doc->author, name.len ? name.data : other, (size_t)-1);
    pith_buf_free(&name);
    return rc;
}
