/* Title choice for HTML pages: the page's headings against its declared
 * titles. A declared title (og:title and kin) is written for machines and
 * often carries the site's name or a rewrite for search engines; a heading
 * is what readers see but may be the site's logo, a menu or a kicker. The
 * headline is the heading a declared title confirms; without one, the
 * first <h1> and the declared title are weighed, and nothing is emitted
 * when they half agree (a wrong title costs more than a missing one). */
#include "html_title.h"

#include "normalize.h"
#include "sitename.h"
#include "slug.h"
#include "pith/error.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static int keep_char(unsigned char c)
{
    return c >= 0x80 || isalnum(c);
}

static size_t alnum_len(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += keep_char((unsigned char)s[i]) != 0;
    return k;
}

/* Whether part names the site: its name, or a text that holds a label of
 * its host ("La Stampa" for lastampa.it, "brand eins online" for
 * brandeins.de), when it is short enough to be a name. */
static int same_site(const char *part, size_t n, const char *site, const char *host)
{
    return pith_site_named(part, n, site, host, PITH_SITE_HOLDS_LABEL);
}

/* Whether part is the site's name itself (not a text that mentions it). */
static int is_site_name(const char *part, size_t n, const char *site, const char *host)
{
    return pith_site_named(part, n, site, host, PITH_SITE_IS_LABEL);
}

/* Whether a declared title only names the site: it is the name, or a few
 * words holding it ("Literaturgefluester", "Ein Hundetagebuch" on
 * 1hundetagebuch...), not a headline followed by " | Site". */
static int names_site(const char *t, const char *site, const char *host)
{
    size_t n = strlen(t), words = 1;
    if (is_site_name(t, n, site, host))
        return 1;
    for (size_t i = 0; i < n; i++)
        words += t[i] == ' ';
    return words <= 4 && same_site(t, n, site, host);
}

/* Sets m->anchor to the first h1-h3 whose text the URL's last path segment
 * spells (".../ein-entspannter-start-ins-neue-jahr/"): the headline when
 * the page's declared titles only name the site. */
static int slug_heading(pith_html_meta_t *m, const char *url, pith_buf_t *tmp)
{
    char slug[256], head[256];
    size_t sl = pith_slug_squash_last(url, slug, sizeof slug);
    if (sl < 10)
        return 0;
    for (size_t i = 0; i < m->nheads; i++) {
        int rc = pith_html_node_text(m->heads[i], 1024, tmp);
        if (rc)
            return rc;
        size_t hl = pith_slug_squash(tmp->data ? tmp->data : "", tmp->len, head, sizeof head);
        size_t k = hl < sl ? hl : sl;
        if (hl >= 10 && strncmp(head, slug, k) == 0) {
            m->anchor = m->heads[i];
            return 0;
        }
    }
    return 0;
}

/* Cuts a trailing (or leading) " | Site Name" from a title. from_title says
 * the text came from <title>, where a suffix is the rule rather than the
 * exception; h1 is the page's first <h1> text when there is one. */
static void strip_site(const char **s, size_t *n, const char *site, const char *host,
                       int from_title, const char *h1)
{
    static const char *const seps[] = {
        " | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / ", " : ", NULL};
    if (from_title && h1 && *h1) {
        /* The <h1> is the headline whenever the <title> contains it. */
        size_t hl = strlen(h1);
        if (hl >= 10 && hl < *n && memmem(*s, *n, h1, hl)) {
            *s = h1;
            *n = hl;
            return;
        }
    }
    for (size_t k = 0; seps[k]; k++) {
        size_t sl = strlen(seps[k]);
        /* The last separator splits head | suffix. */
        const char *last = NULL;
        for (const char *p = *s; p + sl <= *s + *n; p++) {
            p = memmem(p, (size_t)(*s + *n - p), seps[k], sl);
            if (!p)
                break;
            last = p;
        }
        if (last) {
            const char *tail = last + sl;
            size_t tl = (size_t)(*s + *n - tail), hl = (size_t)(last - *s);
            if (same_site(tail, tl, site, host) ||
                (from_title && k < 8 && alnum_len(tail, tl) < alnum_len(*s, hl) &&
                 alnum_len(*s, hl) >= 10)) {
                *n = hl;
                return;
            }
        }
        /* A leading "Site Name | " is rarer but happens. */
        const char *first = memmem(*s, *n, seps[k], sl);
        if (first && same_site(*s, (size_t)(first - *s), site, host)) {
            *n -= (size_t)(first - *s) + sl;
            *s = first + sl;
            return;
        }
    }
}

/* s[i] with ASCII and Latin-1 letters lowercased ("ERNÄHRUNG" and
 * "Ernährung" compare the same: À-Þ are the bytes 0x80-0x9e after 0xc3,
 * their small letters 0x20 above, × at 0x97 has none). */
static char fold_at(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (i > 0 && (unsigned char)s[i - 1] == 0xc3 && c >= 0x80 && c <= 0x9e && c != 0x97)
        return (char)(c + 0x20);
    return (char)fold(c);
}

/* Letters and digits of s, folded, into out (cap bytes): texts compared
 * whatever their spacing, punctuation and quotes. */
static size_t squash(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++)
        if (keep_char((unsigned char)s[i]))
            out[o++] = fold_at(s, i);
    out[o] = '\0';
    return o;
}

/* Whether the words of inner stand, in order, inside outer. */
static int text_within(const char *inner, size_t in, const char *outer, size_t on)
{
    char a[1024], b[1024];
    size_t al = squash(inner, in, a, sizeof a), bl = squash(outer, on, b, sizeof b);
    return al >= 4 && al < sizeof a - 1 && bl < sizeof b - 1 && strstr(b, a) != NULL;
}

/* How many of the words of a (at most 64) also stand in b, and of how
 * many: a rewritten headline shares most of its words with the other. */
static void shared_words(const char *a, size_t an, const char *b, size_t bn, size_t *shared,
                         size_t *total)
{
    char bs[1024];
    size_t bl = 0;
    /* b as " w1 w2 ... " so that a word is found whole. */
    bs[bl++] = ' ';
    for (size_t i = 0; i < bn && bl + 2 < sizeof bs; i++) {
        if (keep_char((unsigned char)b[i]))
            bs[bl++] = fold_at(b, i);
        else if (bs[bl - 1] != ' ')
            bs[bl++] = ' ';
    }
    if (bs[bl - 1] != ' ')
        bs[bl++] = ' ';
    bs[bl] = '\0';
    *shared = *total = 0;
    for (size_t i = 0; i < an && *total < 64;) {
        while (i < an && !keep_char((unsigned char)a[i]))
            i++;
        char w[66];
        size_t wl = 1;
        w[0] = ' ';
        while (i < an && keep_char((unsigned char)a[i])) {
            if (wl < sizeof w - 2)
                w[wl++] = fold_at(a, i);
            i++;
        }
        if (wl == 1)
            break;
        w[wl++] = ' ';
        w[wl] = '\0';
        (*total)++;
        *shared += strstr(bs, w) != NULL;
    }
}

static int is_space_text(const GumboNode *n)
{
    if (n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_COMMENT)
        return 1;
    if (n->type != GUMBO_NODE_TEXT)
        return 0;
    for (const char *p = n->v.text.text; *p; p++)
        if (!isspace((unsigned char)*p))
            return 0;
    return 1;
}

/* A heading's text without its kicker: a headline often opens with a topic
 * line in its own element ("<span class=dachzeile>Nach Corona-Lockerungen
 * </span> Autohäuser rechnen ...", "<small>Einheit der Woche</small><br>
 * Lagen-Pyramide mit GA2"), which the page styles apart and readers do not
 * read as part of the headline. */
static int heading_text(const GumboNode *el, pith_buf_t *out, pith_buf_t *tmp)
{
    int rc = pith_html_node_text(el, 1024, out);
    if (rc || !out->len)
        return rc;
    /* Down through wrappers: an element that is the only child. */
    const GumboNode *n = el, *first = NULL;
    size_t rest = 0;
    for (int depth = 0; depth < 4; depth++) {
        const GumboVector *kids = &n->v.element.children;
        first = NULL;
        rest = 0;
        for (size_t i = 0; i < kids->length; i++) {
            const GumboNode *k = kids->data[i];
            if (is_space_text(k))
                continue;
            if (!first)
                first = k;
            else if (!(k->type == GUMBO_NODE_ELEMENT && k->v.element.tag == GUMBO_TAG_BR))
                rest++;
        }
        if (!first || first->type != GUMBO_NODE_ELEMENT || rest)
            break;
        n = first;
    }
    if (!first || first->type != GUMBO_NODE_ELEMENT || !rest)
        return 0;
    GumboTag t = first->v.element.tag;
    if (t != GUMBO_TAG_SPAN && t != GUMBO_TAG_DIV && t != GUMBO_TAG_SMALL && t != GUMBO_TAG_P)
        return 0;
    if ((rc = pith_html_node_text(first, 1024, tmp)))
        return rc;
    if (!tmp->len || tmp->len >= out->len || memcmp(out->data, tmp->data, tmp->len) != 0)
        return 0;
    size_t k = tmp->len;
    while (k < out->len && (isspace((unsigned char)out->data[k]) || out->data[k] == ':' ||
                            out->data[k] == '|' || out->data[k] == '-'))
        k++;
    /* "<span>Ehezoff</span> der Pochers eskaliert": a word of the line. */
    if (alnum_len(out->data + k, out->len - k) < 4 || islower((unsigned char)out->data[k]))
        return 0;
    memmove(out->data, out->data + k, out->len - k);
    out->len -= k;
    out->data[out->len] = '\0';
    return 0;
}

/* Whether a heading's text is the declared title d: the same words, or
 * (when long enough to say something) a part of it. */
static int heading_in(const pith_buf_t *h, const char *d, int part)
{
    if (!d)
        return 0;
    if (!part)
        return pith_text_same(h->data, h->len, d, strlen(d));
    return h->len >= 12 && strstr(d, h->data) != NULL;
}

/* Whether the URL's slug spells most of a title and the title most of the
 * slug ("/2017/03/09/rain-expected" for "Rain expected all week"). */
static int slug_agrees(const char *url, const char *t, size_t n)
{
    pith_slug_t sl;
    unsigned words = 0, hits = 0;
    pith_slug_from_url(&sl, url);
    if (sl.n < 2)
        return 0;
    pith_slug_match(&sl, t, n, &words, &hits);
    return hits >= 2 && hits * 2 >= words && hits * 2 >= sl.n;
}

/* Title. The headline's element (m->anchor) is the first h1-h3 that a
 * declared title (og:title, twitter:title, JSON-LD headline, <title>)
 * equals, else the first that it contains: its text is the headline
 * without the site's name. Without one, the first <h1> that is not the
 * site's name stands against the declared title: a declared title inside
 * it is the headline without a kicker or date, a rewrite of it (most of
 * the <h1>'s words) leaves the <h1> as what the reader sees, and an
 * unrelated declared title wins with a site-name prefix or suffix cut.
 * Headings and declared titles that only name the site are never one. */
int pith_html_title_choose(pith_html_meta_t *m, const char *const *declared_in, size_t ndeclared,
                           const char *url, const char *host, pith_doc_t *doc, pith_buf_t *heading,
                           pith_buf_t *page_title, pith_buf_t *scratch)
{
    const char *declared[4] = {0};
    int site_titles = 0, rc = 0;
    for (size_t k = 0; k < ndeclared && k < 4; k++) {
        declared[k] = declared_in[k];
        /* A blog's pages often declare the blog's name as their title. */
        if (declared[k] && names_site(declared[k], doc->sitename, host)) {
            declared[k] = NULL;
            site_titles++;
        }
    }
    if (site_titles && (rc = slug_heading(m, url, heading)))
        return rc;
    /* An equal heading first; else the longest heading inside a declared
     * title ("Alberto Fernández", an h3 of a menu, is inside the headline
     * too), an h2/h3 only when it is a good part of the title. */
    const GumboNode *lead = NULL;
    size_t best = 0;
    for (int part = 0; part < 2 && !m->anchor; part++)
        for (size_t i = 0; i < m->nheads && (part || !m->anchor); i++) {
            if ((rc = heading_text(m->heads[i], heading, scratch)))
                return rc;
            if (heading->len < 4 || heading->len > 1000 ||
                is_site_name(heading->data, heading->len, doc->sitename, host))
                continue;
            int is_h1 = m->heads[i]->v.element.tag == GUMBO_TAG_H1;
            if (!lead && is_h1)
                lead = m->heads[i];
            for (size_t k = 0; k < ndeclared; k++)
                if (heading_in(heading, declared[k], part) && heading->len > best &&
                    (!part || is_h1 || heading->len * 3 >= strlen(declared[k]))) {
                    m->anchor = m->heads[i];
                    best = heading->len;
                }
        }
    /* Some pages set their headline in an <h4> (a press release's): one
     * whose text is a declared title is the headline. */
    for (size_t i = 0; i < m->nminor && !m->anchor; i++) {
        if ((rc = heading_text(m->minor[i], heading, scratch)))
            return rc;
        if (heading->len < 10 || is_site_name(heading->data, heading->len, doc->sitename, host))
            continue;
        for (size_t k = 0; k < ndeclared && !m->anchor; k++)
            if (heading_in(heading, declared[k], 0))
                m->anchor = m->minor[i];
    }
    const char *title = NULL;
    size_t tn = 0;
    if (m->anchor) {
        if ((rc = heading_text(m->anchor, heading, scratch)))
            return rc;
        title = heading->data;
        tn = heading->len;
    } else {
        const char *d = NULL;
        int from_title = 0;
        for (size_t k = 0; k < ndeclared && !d; k++)
            if (declared[k] && *declared[k]) {
                d = declared[k];
                from_title = declared[k] == page_title->data;
            }
        pith_buf_reset(heading);
        if (lead && (rc = heading_text(lead, heading, scratch)))
            return rc;
        m->anchor = lead;
        if (d) {
            title = d;
            tn = strlen(d);
            while (tn && isspace((unsigned char)*title))
                title++, tn--;
            strip_site(&title, &tn, doc->sitename, host, from_title,
                       heading->len ? heading->data : NULL);
        }
        if (heading->len && title != heading->data) {
            size_t shared, total;
            shared_words(heading->data, heading->len, title, tn, &shared, &total);
            int within = text_within(title, tn, heading->data, heading->len);
            /* The <title> alone names pages of a site as much as the
             * article: the <h1> is the headline over it. */
            if (!title || from_title || (!within && shared >= 2 && shared * 5 >= total * 2)) {
                title = heading->data;
                tn = heading->len;
            } else if (!within && shared * 3 > total) {
                /* Half agreeing ("Nachhaltiger leben" over "Nachhaltig
                 * leben"): unsure which the reader sees, so no title. */
                title = NULL;
            }
        } else if (!heading->len && from_title && !slug_agrees(url, title, tn)) {
            /* Only the <title>, which no heading and no slug confirms: as
             * often a section's or the site's name as the headline. */
            title = NULL;
        }
    }
    if (!title)
        return 0;
    while (tn && isspace((unsigned char)*title))
        title++, tn--;
    /* The site's name is no headline: no title rather than that. */
    if (tn && tn <= 2000 && !is_site_name(title, tn, doc->sitename, host))
        rc = pith_doc_set(&doc->title, title, tn);
    return rc;
}
