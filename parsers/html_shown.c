/* Metadata a page shows rather than declares: the date line and the byline.
 *
 * Many pages declare no date or author for machines, but every article
 * shows them to readers, next to its headline. Elements are recorded while
 * the extractor walks the tree: <time>, and elements whose class, id or
 * itemprop speak of a date or an author, unless they sit in chrome (a
 * comment thread, a related-articles list, a sidebar, a footer, an embedded
 * post), where the dates and names belong to other texts; a box that holds
 * the headline is the article's whatever its class says. At the end the ones nearest the
 * headline are read first: below it, then above it. When nothing is marked
 * up, a short line holding a date right below the headline is the date
 * line. Positions come from Gumbo's source offsets, so ordering costs
 * nothing. */
#include "html_meta.h"

#include "byline.h"
#include "bytes.h"
#include "html_names.h"
#include "html_parts.h"
#include "html_prescan.h"
#include "memo.h"
#include "pith/error.h"

#include <string.h>
#include <strings.h>

#define MAX_DEPTH 40
#define NEAR_BEFORE 4000    /* bytes of source above the headline still "near" */
#define NEAR_WEEKDAY 1000   /* closer than this above it, a weekday date is the post's */
#define MAX_SHOWN_TEXT 300  /* a date or byline element holds a line, not a text */
#define MAX_LINE 120        /* a date line below the headline is short */
#define MAX_AFTER_TEXT 1500 /* how far below the headline a date line may stand */
#define MAX_BEFORE_TEXT 200 /* how far above the headline a date line may stand */
#define DATELINE 40         /* bytes of a paragraph's opening that may hold its dateline */
#define FAR_AFTER 10000     /* bytes of source below the headline where date elements yield */
#define NEAR_BYLINE 800     /* bytes of source below the headline: a byline there, chrome or not */
#define NEAR_CHROME 1500    /* bytes of source from the headline for a date in a chrome box */
#define LABEL_GAP 12        /* bytes between a date's label and the date ("am", "le") */
#define MAX_LABEL_VISITS 20000 /* nodes a search for a labelled date line looks at */

/* The answers of pith_part_lists, by value and list (memo.h). */
static _Thread_local pith_memo_t memo;

/* pith_part_lists of the element's class and id together; all: every list's bit.
 * tag names the list with its flags in the memo: one per list. */
static unsigned attr_lists(const pith_html_meta_t *m, const GumboNode *el, const part_word_t *words,
                           const word_index_t *ix, unsigned all, unsigned suffix, unsigned camel,
                           uint32_t tag)
{
    const char *vals[2] = {pith_html_names_value(m->cuts, el, 0),
                           pith_html_names_value(m->cuts, el, 1)};
    unsigned found = 0;
    for (int i = 0; i < 2 && found != all; i++) {
        if (!vals[i])
            continue;
        int hit;
        pith_memo_slot_t *e = pith_memo_find(&memo, tag, vals[i], strlen(vals[i]), &hit);
        if (hit) {
            found |= e->val;
            continue;
        }
        unsigned bits = pith_part_lists(vals[i], words, ix, all, suffix, camel);
        if (e)
            e->val = bits;
        found |= bits;
    }
    return found;
}

#define NWORDS(a) (sizeof(a) / sizeof(a)[0])

/* The chrome words (chrome_walk) and their lists. */
enum { CHROME = 1, FOOTER = 2 };
static const part_word_t chrome_words[] = {
    PW("comment", 0),    PW("related", 0),    PW("sidebar", 0),   PW("recommend", 0),
    PW("teaser", 0),     PW("popular", 0),    PW("trending", 0),  PW("footer", 1),
    PW("breadcrumb", 0), PW("newsletter", 0), PW("promo", 0),     PW("reply", 0),
    PW("more-from", 0),  PW("readmore", 0),   PW("read-more", 0), PW("carousel", 0),
    PW("slider", 0),     PW("nav", 0),        PW("menu", 0),      PW("testimonial", 0)};
_Static_assert(NWORDS(chrome_words) <= 32, "pith_part_lists indexes at most 32 words");

/* The words of date and byline elements (pith_html_shown_visit), in lists
 * all matched at a part's start or end: a date, an author, a modification
 * (not the publication date) and a publication. */
enum { DATE = 1, AUTHOR = 2, UPDATED = 4, PUBLISHED = 8, ALL = 15 };
static const part_word_t date_words[] = {
    PW("date", 0),    PW("time", 0),        PW("publish", 0),    PW("posted", 0),
    PW("datum", 0),   PW("fecha", 0),       PW("data", 0),       PW("dateline", 0),
    PW("byline", 0),  PW("meta", 0),        PW("author", 1),     PW("byline", 1),
    PW("autor", 1),   PW("writer", 1),      PW("creator", 1),    PW("verfasser", 1),
    PW("update", 2),  PW("modif", 2),       PW("edit", 2),       PW("aktualisiert", 2),
    PW("publish", 3), PW("publication", 0), PW("publication", 3)};
_Static_assert(NWORDS(date_words) <= 32, "pith_part_lists indexes at most 32 words");

/* The indexes of chrome_words (no suffix list) and date_words (all lists
 * suffix lists), built on a thread's first use. */
static _Thread_local word_index_t chrome_ix, date_ix;
static _Thread_local int indexed;

static void index_lists(void)
{
    if (indexed)
        return;
    pith_part_index(chrome_words, NWORDS(chrome_words), 0, &chrome_ix);
    pith_part_index(date_words, NWORDS(date_words), ALL, &date_ix);
    indexed = 1;
}

/* Whether a is el or one of its ancestors. */
static int contains(const GumboNode *a, const GumboNode *el)
{
    for (int d = 0; el && d < MAX_DEPTH + 20; d++, el = el->parent)
        if (el == a)
            return 1;
    return 0;
}

/* Whether el sits in an <article> that holds the headline, or follows it
 * (a page title above the article's box). */
static int in_article_of(const GumboNode *el, const GumboNode *headline)
{
    for (int d = 0; el && el->type == GUMBO_NODE_ELEMENT && d < MAX_DEPTH; d++, el = el->parent)
        if (el->v.element.tag == GUMBO_TAG_ARTICLE)
            return contains(el, headline) ||
                   el->v.element.start_pos.offset > headline->v.element.start_pos.offset;
    return 0;
}

/* Chrome: where dates and names belong to other texts than the article. An
 * ancestor that holds the headline (when known) is the article's own box,
 * whatever its class says: broken pages wrap everything in an unclosed
 * navigation box, themes name the article's column "sidebar". A footer
 * box inside the post's box that holds the headline is the post's own
 * (post_footer). */
static int chrome_walk(const pith_html_meta_t *m, const GumboNode *el, const GumboNode *hl, int);

static int in_chrome(const pith_html_meta_t *m, const GumboNode *el, const GumboNode *headline)
{
    return chrome_walk(m, el, headline, 0);
}

/* Whether el sits in chrome, counting boxes that hold the headline too (they
 * may hold a related list as well), but not the footer of the headline's
 * own <article>. */
static int in_any_chrome(const pith_html_meta_t *m, const GumboNode *el, const GumboNode *headline)
{
    return chrome_walk(m, el, headline, 1);
}

/* Whether the class name p[0..tl) is a post's: "hentry", "h-entry", "post". */
static int post_name(const char *p, size_t tl)
{
    return (tl == 6 && strncasecmp(p, "hentry", 6) == 0) ||
           (tl == 7 && strncasecmp(p, "h-entry", 7) == 0) ||
           (tl == 4 && strncasecmp(p, "post", 4) == 0);
}

/* Whether el's class names the box a post: a blog's or a CMS's entry
 * ("hentry", "h-entry", "post"), as an <article> is. */
static int post_box(const pith_html_meta_t *m, const GumboNode *el)
{
    if (el->v.element.tag == GUMBO_TAG_ARTICLE)
        return 1;
    const char *c = pith_html_names_value(m->cuts, el, 0);
    for (const char *p = c; p && *p;) {
        p += strspn(p, " \t\n");
        size_t tl = strcspn(p, " \t\n");
        if (post_name(p, tl))
            return 1;
        p += tl;
    }
    return 0;
}

/* Whether the footer box el (a class says so) is a post's own: the
 * nearest post box above it holds the headline. Blogs sign their posts
 * there, far below the headline ("Posted by Jane at 21:11"). */
static int post_footer(const pith_html_meta_t *m, const GumboNode *el, const GumboNode *headline)
{
    if (!headline)
        return 0;
    for (int d = 0; el && el->type == GUMBO_NODE_ELEMENT && d < MAX_DEPTH; d++, el = el->parent)
        if (post_box(m, el))
            return contains(el, headline);
    return 0;
}

static int chrome_walk(const pith_html_meta_t *m, const GumboNode *el, const GumboNode *headline,
                       int holders)
{
    for (int d = 0; el && el->type == GUMBO_NODE_ELEMENT && d < MAX_DEPTH; d++, el = el->parent) {
        GumboTag t = el->v.element.tag;
        if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML)
            return 0;
        if (headline && !holders && contains(el, headline))
            return 0;
        /* A blockquote holds another text: an embedded post, a quoted mail.
         * A footer inside the headline's <article>, or an <article> below
         * the headline, is the article's own (who wrote it and when, as
         * HTML means it). */
        if (t == GUMBO_TAG_FOOTER && headline && in_article_of(el, headline))
            continue;
        if (t == GUMBO_TAG_FOOTER || t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_NAV ||
            t == GUMBO_TAG_BLOCKQUOTE)
            return 1;
        index_lists();
        unsigned has = attr_lists(m, el, chrome_words, &chrome_ix, CHROME | FOOTER, 0, 0, 1);
        if (has == FOOTER && post_footer(m, el->parent, headline))
            continue;
        if (has)
            return 1;
    }
    return 0;
}

int pith_html_shown_reads(const char *s, size_t n)
{
    char tok[256]; /* pith_part_lists reads a string */
    if (n >= sizeof tok || memchr(s, '\0', n))
        return 1;
    memcpy(tok, s, n);
    tok[n] = '\0';
    index_lists();
    return pith_part_lists(tok, chrome_words, &chrome_ix, CHROME | FOOTER, 0, 0) ||
           pith_part_lists(tok, date_words, &date_ix, ALL, ALL, DATE) || post_name(s, n);
}

/* Elements in chrome have places of their own, so that a page's related
 * lists and comment threads cannot crowd out its article's date line or
 * byline; whether chrome holds the article is decided once the headline
 * is known. */
static void add_split(const pith_html_meta_t *m, const GumboNode **list, size_t *n, size_t *nchrome,
                      const GumboNode *el)
{
    int chrome = in_chrome(m, el, NULL);
    size_t clean = *n - *nchrome;
    if (*n < PITH_META_MAX_DATE_ELS &&
        (chrome ? *nchrome < PITH_META_MAX_DATE_ELS - PITH_META_MAX_SHOWN
                : clean < PITH_META_MAX_SHOWN)) {
        list[(*n)++] = el;
        *nchrome += (size_t)chrome;
    }
}

void pith_html_shown_visit(pith_html_meta_t *m, const GumboNode *el)
{
    GumboTag t = el->v.element.tag;
    if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_META ||
        t == GUMBO_TAG_LINK || t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML)
        return;
    const char *ip = pith_html_attr(el, "itemprop");
    const char *rel = pith_html_attr(el, "rel");
    /* Date words after a camelCase hump too: the text must still read as a
     * date. */
    index_lists();
    unsigned has = attr_lists(m, el, date_words, &date_ix, ALL, ALL, DATE, 2);
    if (t == GUMBO_TAG_TIME || (ip && strcasecmp(ip, "datePublished") == 0) || (has & DATE)) {
        /* Modification dates are not the publication date. */
        if (!((has & UPDATED) && !(has & PUBLISHED)) &&
            !(ip && strcasecmp(ip, "dateModified") == 0))
            add_split(m, m->date_els, &m->ndate_els, &m->ndate_chrome, el);
    }
    if ((ip && strcasecmp(ip, "author") == 0) || (rel && strcasecmp(rel, "author") == 0) ||
        (has & AUTHOR) || (t == GUMBO_TAG_DD && pith_html_author_value(el)))
        add_split(m, m->author_els, &m->nauthor_els, &m->nauthor_chrome, el);
}

/* Where el starts in the pre-pass's output as if it had cut nothing, so
 * that distances count what they did when unread attributes were blanked. */
static size_t offset_of(const pith_html_meta_t *m, const GumboNode *el)
{
    return pith_html_prescan_offset(m->cuts, el->v.element.start_pos.offset);
}

/* The order in which shown elements are read: nearest the headline first,
 * by distance in the source, where a distance above the headline counts
 * double (date lines sit below headlines more often than above, and the
 * header's widgets sit above); nothing further above than NEAR_BEFORE.
 * Without a headline, document order. Writes indexes into order. */
static size_t near_order(const pith_html_meta_t *m, const GumboNode *const *els, size_t n,
                         size_t *order)
{
    size_t k = 0, key[PITH_META_MAX_DATE_ELS];
    size_t h = m->anchor ? offset_of(m, m->anchor) : 0;
    for (size_t i = 0; i < n; i++) {
        size_t o = offset_of(m, els[i]);
        if (o < h && h - o > NEAR_BEFORE)
            continue;
        size_t d = o >= h ? o - h : 2 * (h - o);
        /* Insertion by key; n is at most PITH_META_MAX_SHOWN. */
        size_t j = k++;
        while (j > 0 && key[j - 1] > d) {
            key[j] = key[j - 1];
            order[j] = order[j - 1];
            j--;
        }
        key[j] = d;
        order[j] = i;
    }
    return k;
}

/* The next node after n in document order, not entering n's children when
 * skip_kids; NULL at the end of the document. */
static const GumboNode *next_node(const GumboNode *n, int skip_kids)
{
    if (!skip_kids && n->type == GUMBO_NODE_ELEMENT && n->v.element.children.length)
        return n->v.element.children.data[0];
    while (n->parent) {
        const GumboNode *p = n->parent;
        const GumboVector *kids =
            p->type == GUMBO_NODE_ELEMENT ? &p->v.element.children : &p->v.document.children;
        if (n->index_within_parent + 1 < kids->length)
            return kids->data[n->index_within_parent + 1];
        n = p;
    }
    return NULL;
}

/* The text nodes of el's subtree joined by blanks, at most max bytes: a
 * calendar badge's parts read as a date ("<span>Apr</span> <span>04</span>
 * <span>2013</span>", which as shown runs "Apr 042013"). */
static int spaced_text(const GumboNode *el, size_t max, pith_buf_t *out)
{
    pith_buf_reset(out);
    const GumboNode *end = next_node(el, 1);
    const GumboNode *n = next_node(el, 0);
    for (size_t visits = 0; n && n != end && visits < 64 && out->len <= max; visits++) {
        if (n->type == GUMBO_NODE_ELEMENT &&
            (n->v.element.tag == GUMBO_TAG_SCRIPT || n->v.element.tag == GUMBO_TAG_STYLE)) {
            n = next_node(n, 1);
            continue;
        }
        if (n->type == GUMBO_NODE_TEXT &&
            ((out->len && pith_buf_putc(out, ' ')) || pith_buf_puts(out, n->v.text.text)))
            return PITH_ENOMEM;
        n = next_node(n, 0);
    }
    return 0;
}

static int offer_element(const GumboNode *el, pith_datefind_t *f, pith_buf_t *tmp, int strict)
{
    const char *v = pith_html_attr(el, "datetime");
    if (!v)
        v = pith_html_attr(el, "content");
    if (v && pith_datefind_add(f, PITH_DATESRC_TIME, v, strlen(v)))
        return 0;
    if (pith_datefind_has(f, PITH_DATESRC_SHOWN))
        return 0;
    int rc = pith_html_node_text(el, MAX_SHOWN_TEXT + 1, tmp);
    if (rc || tmp->len == 0 || tmp->len > MAX_SHOWN_TEXT)
        return rc;
    if (pith_datefind_add_text(f, PITH_DATESRC_SHOWN, tmp->data, tmp->len, strict) ||
        el->v.element.children.length < 2)
        return 0;
    if ((rc = spaced_text(el, MAX_SHOWN_TEXT, tmp)) == 0 && tmp->len <= MAX_SHOWN_TEXT)
        pith_datefind_add_text(f, PITH_DATESRC_SHOWN, tmp->data, tmp->len, strict);
    return rc;
}

/* The one rule of the walks below the headline: what they do not enter
 * (scripts, templates, navigation, asides, footers; links too when
 * skip_links, for date lines, while a byline's name is often a link). */
static int below_skips(const GumboNode *n, int skip_links)
{
    GumboTag t = n->v.element.tag;
    return t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || (skip_links && t == GUMBO_TAG_A) ||
           t == GUMBO_TAG_NAV || t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_FOOTER ||
           t == GUMBO_TAG_NOSCRIPT || t == GUMBO_TAG_TEMPLATE;
}

static int inside_link(const GumboNode *n)
{
    for (int d = 0; n && d < MAX_DEPTH; d++, n = n->parent)
        if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_A)
            return 1;
    return 0;
}

/* A paragraph that opens with a dateline, a place and the day ("Karlsruhe,
 * (12.11.2021). Traditionell ...", "BERLIN - 3 May 2021 -"): the date within
 * its first DATELINE bytes, after capitalised words and a separator, not
 * inside a sentence ("Seit dem 1. Januar 2022 ist ..."). Offers it to f;
 * returns 1 when it was kept. */
static int dateline(pith_datefind_t *f, const char *s, size_t len)
{
    char out[PITH_DATE_MAX];
    size_t at, dl;
    if (len > DATELINE)
        len = DATELINE;
    if (pith_date_find(s, len, out, &at, &dl) != 0)
        return 0;
    size_t e = at;
    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n'))
        e--;
    if (e == 0 || !strchr(",(-|/:", s[e - 1]))
        return 0;
    int word_start = 1, words = 0;
    for (size_t i = 0; i < e; i++) {
        unsigned char c = (unsigned char)s[i];
        int letter = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
        if (letter) {
            if (word_start && c >= 'a' && c <= 'z')
                return 0;
            words += word_start;
            word_start = 0;
        } else {
            word_start = 1;
        }
    }
    return words > 0 && words <= 3 && pith_datefind_add(f, PITH_DATESRC_SHOWN, s + at, dl);
}

/* Short text lines right below the headline, outside links and chrome. */
static void lines_after_h1(const pith_html_meta_t *m, pith_datefind_t *f)
{
    /* Some headlines carry their date line inside, after their text:
     * <h1>Title<br><small>02.02.2022 ...</small></h1>. */
    const GumboNode *end = next_node(m->anchor, 1);
    const GumboNode *in = next_node(m->anchor, 0);
    int titled = 0;
    for (size_t visits = 0; in && in != end && visits < 64; visits++, in = next_node(in, 0)) {
        if (in->type != GUMBO_NODE_TEXT)
            continue;
        size_t len = strlen(in->v.text.text);
        if (titled && in->parent != m->anchor && len <= MAX_LINE &&
            pith_datefind_add_text(f, PITH_DATESRC_SHOWN, in->v.text.text, len, 0))
            return;
        titled = 1;
    }
    size_t seen = 0;
    const GumboNode *n = next_node(m->anchor, 1);
    for (size_t visits = 0; n && visits < 400 && seen < MAX_AFTER_TEXT; visits++) {
        if (n->type == GUMBO_NODE_ELEMENT) {
            n = next_node(n, below_skips(n, 1));
            continue;
        }
        if (n->type == GUMBO_NODE_TEXT) {
            const char *s = n->v.text.text;
            size_t len = strlen(s);
            seen += len;
            if (!inside_link(n) && !in_chrome(m, n->parent, m->anchor) &&
                (len <= MAX_LINE ? pith_datefind_add_text(f, PITH_DATESRC_SHOWN, s, len, 0)
                                 : dateline(f, s, len)))
                return;
        }
        n = next_node(n, 1);
    }
}

/* The node before n in document order (the deepest last descendant of its
 * previous sibling, else its parent); NULL at the start. */
static const GumboNode *prev_node(const GumboNode *n)
{
    const GumboNode *p = n->parent;
    if (!p)
        return NULL;
    if (n->index_within_parent == 0)
        return p->type == GUMBO_NODE_ELEMENT ? p : NULL;
    const GumboVector *kids =
        p->type == GUMBO_NODE_ELEMENT ? &p->v.element.children : &p->v.document.children;
    n = kids->data[n->index_within_parent - 1];
    for (int d = 0; d < MAX_DEPTH && n->type == GUMBO_NODE_ELEMENT && n->v.element.children.length;
         d++)
        n = n->v.element.children.data[n->v.element.children.length - 1];
    return n;
}

/* Short text lines right above the headline (a kicker with the date: "21.
 * Jan 2022 // Dominik Ricker"), outside links and chrome, within
 * MAX_BEFORE_TEXT characters of text, links and menus included; a weekday
 * line there is the header's today. */
static void lines_before_h1(const pith_html_meta_t *m, pith_datefind_t *f)
{
    size_t seen = 0;
    const GumboNode *n = prev_node(m->anchor);
    for (size_t visits = 0; n && visits < 200 && seen < MAX_BEFORE_TEXT; visits++) {
        if (n->type == GUMBO_NODE_ELEMENT) {
            GumboTag t = n->v.element.tag;
            if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_NAV || t == GUMBO_TAG_HEADER)
                return;
        } else if (n->type == GUMBO_NODE_TEXT) {
            const char *s = n->v.text.text;
            size_t len = strlen(s);
            seen += len;
            if (len <= MAX_LINE && !inside_link(n) && !in_chrome(m, n->parent, m->anchor) &&
                pith_datefind_add_text(f, PITH_DATESRC_SHOWN, s, len, 1))
                return;
        }
        n = prev_node(n);
    }
}

/* Labels that say a date follows: a publication's ("Veröffentlicht am",
 * "Publié le") or a modification's ("Letzte Änderung:", "Last updated").
 * Short ones that are words of prose too need their colon. */
typedef struct {
    const char *w;
    unsigned char colon, modified;
} date_label_t;

static const date_label_t LABELS[] = {
    {"veröffentlicht", 0, 0},
    {"erschienen am", 0, 0},
    {"published", 0, 0},
    {"publication date", 0, 0},
    {"publié le", 0, 0},
    {"publicado", 0, 0},
    {"pubblicato", 0, 0},
    {"gepubliceerd", 0, 0},
    {"opublikowano", 0, 0},
    {"опубликовано", 0, 0},
    {"datum", 1, 0},
    {"date", 1, 0},
    {"fecha", 1, 0},
    {"data", 1, 0},
    {"aktualisiert", 0, 1},
    {"zuletzt aktualisiert", 0, 1},
    {"letzte änderung", 0, 1},
    {"letzte Änderung", 0, 1},
    {"letzte aktualisierung", 0, 1},
    {"zuletzt geändert", 0, 1},
    {"stand", 1, 1},
    {"last updated", 0, 1},
    {"last modified", 0, 1},
    {"updated", 0, 1},
    {"page last updated", 0, 1},
    {"dernière mise à jour", 0, 1},
    {"mis à jour", 0, 1},
    {"última actualización", 0, 1},
    {"actualizado", 0, 1},
    {"ultimo aggiornamento", 0, 1},
    {"aggiornato", 0, 1},
    {"laatst bijgewerkt", 0, 1},
    {"bijgewerkt", 0, 1},
    {"ostatnia aktualizacja", 0, 1},
    {"zaktualizowano", 0, 1},
    {"обновлено", 0, 1},
};

/* The label s[0..n) opens with (after blanks), or NULL; *rest is where
 * its value starts (past the colon and blanks). */
static const date_label_t *label_of(const char *s, size_t n, size_t *rest)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
        i++;
    for (size_t k = 0; k < sizeof LABELS / sizeof *LABELS; k++) {
        size_t l = strlen(LABELS[k].w), j = i + l;
        if (n - i < l || strncasecmp(s + i, LABELS[k].w, l) != 0)
            continue;
        if (j < n && s[j] != ':' && s[j] != ' ' && s[j] != '\t' && s[j] != '\n')
            continue;
        while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n'))
            j++;
        if (j < n && s[j] == ':')
            j++;
        else if (LABELS[k].colon)
            continue;
        while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n'))
            j++;
        *rest = j;
        return &LABELS[k];
    }
    return NULL;
}

/* A date right at the start of s[0..n) (a word or two before it, "am",
 * "le", at most): its span, else 0. */
static int date_opens(const char *s, size_t n, size_t *at, size_t *len)
{
    char out[PITH_DATE_MAX];
    if (n > MAX_LINE)
        n = MAX_LINE;
    return pith_date_find(s, n, out, at, len) == 0 && *at <= LABEL_GAP;
}

/* Far from the headline, or on a page without one, a line that labels
 * its date ("Datum: 26. Januar 2022", "Letzte Änderung: 14.01.2022"),
 * outside chrome, the label and its date in one text or two: publication
 * labels as PITH_DATESRC_LABELLED, modification ones as
 * PITH_DATESRC_MODIFIED. Runs only when nothing else gave a date. */
static void labelled_lines(const pith_html_meta_t *m, pith_datefind_t *f)
{
    const GumboNode *n = m->body;
    for (size_t visits = 0; n && visits < MAX_LABEL_VISITS; visits++) {
        if (n->type == GUMBO_NODE_ELEMENT) {
            n = next_node(n, below_skips(n, 0));
            continue;
        }
        const char *s = n->type == GUMBO_NODE_TEXT ? n->v.text.text : NULL;
        size_t len = s ? strlen(s) : 0, rest, at, dl;
        const date_label_t *lab = len && len <= MAX_LINE ? label_of(s, len, &rest) : NULL;
        if (!lab) {
            n = next_node(n, 1);
            continue;
        }
        pith_datesrc_t src = lab->modified ? PITH_DATESRC_MODIFIED : PITH_DATESRC_LABELLED;
        const GumboNode *v = n;
        if (rest == len) {
            /* "<span>Datum:</span> 26. Januar 2022": the next text. */
            for (v = next_node(n, 1); v && v->type != GUMBO_NODE_TEXT; v = next_node(v, 0))
                ;
            s = v ? v->v.text.text : "";
            len = strlen(s);
            for (rest = 0; rest < len && (s[rest] == ' ' || s[rest] == '\t' || s[rest] == '\n');)
                rest++;
        }
        if (!pith_datefind_has(f, src) && date_opens(s + rest, len - rest, &at, &dl) &&
            !in_chrome(m, n->parent, m->anchor))
            pith_datefind_add(f, src, s + rest + at, dl);
        n = next_node(n, 1);
    }
}

int pith_html_shown_date(const pith_html_meta_t *m, pith_datefind_t *f)
{
    size_t order[PITH_META_MAX_DATE_ELS];
    size_t k = near_order(m, m->date_els, m->ndate_els, order);
    pith_buf_t tmp = {0};
    int rc = 0;
    for (size_t i = 0; i < k && rc == 0; i++) {
        /* Well above the headline a weekday marks today's date in the
         * header; right above it, a blog's date header. */
        const GumboNode *el = m->date_els[order[i]];
        /* An element in a box that reads as chrome but holds the headline
         * counts only right beside the headline: such a box may hold a
         * related list too. */
        size_t o = offset_of(m, el), h = m->anchor ? offset_of(m, m->anchor) : 0;
        if (in_chrome(m, el, m->anchor) ||
            ((o > h ? o - h : h - o) > NEAR_CHROME && in_any_chrome(m, el, m->anchor)))
            continue;
        /* Far below the headline a date element is most likely another
         * text's (a list the page does not mark): a declared date beats it. */
        if (m->anchor && o > h + FAR_AFTER &&
            (pith_datefind_has(f, PITH_DATESRC_NAMED) ||
             pith_datefind_has(f, PITH_DATESRC_PUBLISHED)))
            continue;
        int strict = !m->anchor || offset_of(m, el) + NEAR_WEEKDAY < offset_of(m, m->anchor);
        rc = offer_element(el, f, &tmp, strict);
    }
    if (rc == 0 && m->anchor && !pith_datefind_has(f, PITH_DATESRC_SHOWN))
        lines_after_h1(m, f);
    if (rc == 0 && m->anchor && !pith_datefind_has(f, PITH_DATESRC_SHOWN))
        lines_before_h1(m, f);
    /* A byline may carry the day: "Author: Bo2man am 29.12.2010, 13:36 Uhr". */
    k = near_order(m, m->author_els, m->nauthor_els, order);
    for (size_t i = 0; i < k && rc == 0 && !pith_datefind_has(f, PITH_DATESRC_SHOWN); i++) {
        const GumboNode *el = m->author_els[order[i]];
        int strict = !m->anchor || offset_of(m, el) + NEAR_WEEKDAY < offset_of(m, m->anchor);
        rc = offer_element(el, f, &tmp, strict);
    }
    pith_buf_free(&tmp);
    if (rc == 0 && !pith_datefind_has(f, PITH_DATESRC_TIME) &&
        !pith_datefind_has(f, PITH_DATESRC_SHOWN) && !pith_datefind_has(f, PITH_DATESRC_NAMED) &&
        !pith_datefind_has(f, PITH_DATESRC_PUBLISHED))
        labelled_lines(m, f);
    return rc;
}

int pith_html_shown_author(const pith_html_meta_t *m, const char *site, const char *host,
                           pith_buf_t *out)
{
    size_t order[PITH_META_MAX_DATE_ELS];
    size_t k = near_order(m, m->author_els, m->nauthor_els, order);
    pith_buf_t tmp = {0}, more = {0};
    int rc = 0;
    pith_buf_reset(out);
    for (size_t i = 0; i < k && rc == 0 && out->len == 0; i++) {
        /* As for dates: chrome that holds the headline is the article's,
         * other chrome counts only right beside the headline, and a
         * byline element just below the headline whatever box holds it
         * (a "teaser-meta" line under the headline). */
        const GumboNode *el = m->author_els[order[i]];
        size_t o = offset_of(m, el), h = m->anchor ? offset_of(m, m->anchor) : 0;
        int below = m->anchor && o > h && o - h <= NEAR_BYLINE;
        if (!below && (in_chrome(m, el, m->anchor) ||
                       ((o > h ? o - h : h - o) > NEAR_CHROME && in_any_chrome(m, el, m->anchor))))
            continue;
        /* A box of lines that holds author elements ("created_and_author"
         * around its date line and its "author" line) is read after them:
         * its first line may be the date's or a section's. One line is
         * read whole ("By <span class=author>Jane</span>"). The headline
         * is no byline (a blog's name in <h1 class="vcard author">, taken
         * for the headline), nor a picture's credit (pith_html_offer_author). */
        for (size_t j = 0; j < m->nauthor_els && rc == 0 && out->len == 0; j++)
            if (j != order[i] && contains(el, m->author_els[j]) &&
                (rc = pith_html_lines_box(el, &tmp)) > 0)
                rc = pith_html_offer_author(m, j, site, host, &tmp, &more, out);
        if (rc == 0 && out->len == 0)
            rc = pith_html_offer_author(m, order[i], site, host, &tmp, &more, out);
    }
    pith_buf_free(&tmp);
    pith_buf_free(&more);
    return rc;
}

/* ---- for the byline line's search (html_author.c) ---------------------- */

const GumboNode *pith_html_next_node(const GumboNode *n, int skip_kids)
{
    return next_node(n, skip_kids);
}

int pith_html_below_skips(const GumboNode *n, int skip_links)
{
    return below_skips(n, skip_links);
}

int pith_html_in_chrome(const pith_html_meta_t *m, const GumboNode *el, const GumboNode *headline)
{
    return in_chrome(m, el, headline);
}
