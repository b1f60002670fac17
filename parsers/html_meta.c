/* Metadata sources, most reliable first: Open Graph and article:* meta tags
 * (written for machines, rarely wrong), JSON-LD (the same, but often a
 * graph of several objects of which one is the article), then what the page
 * shows (<h1>, <time>, itemprop) and last the <title> (which carries the
 * site's name) and the URL (which often carries the date). Values are only
 * pointers until finish, so the walk pays nothing for sources it never
 * needs. */
#include "html_meta.h"
#include "html_names.h"
#include "html_title.h"
#include "normalize.h"

#include "byline.h"
#include "dates.h"
#include "urlhost.h"
#include "html_prescan.h"
#include "pith/error.h"

#include <assert.h>
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *pith_html_attr_checked(const GumboNode *el, const char *name)
{
    /* Else the prescan dropped it (or numbered it: class, id): see there. */
    assert(pith_html_prescan_keeps(gumbo_normalized_tagname(el->v.element.tag), name));
    return pith_html_attr_find(el, name);
}

static void set(pith_html_meta_t *m, int slot, const char *v)
{
    if (v && *v && !m->slot[slot])
        m->slot[slot] = v;
}

static int eq(const char *a, const char *b)
{
    return a && strcasecmp(a, b) == 0;
}

static int is_url(const char *s)
{
    return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0 ||
           strncmp(s, "//", 2) == 0;
}

/* The meta names (property, else name) read, and the slot each fills;
 * META_TAG: the article's tags. */
#define META_TAG (-2)
static const struct {
    const char *key;
    unsigned char len;
    signed char slot;
} meta_keys[] = {
#define MK(s, slot)                                                                                \
    {                                                                                              \
        s, sizeof s - 1, slot                                                                      \
    }
    MK("og:title", PITH_META_OG_TITLE),
    MK("twitter:title", PITH_META_TW_TITLE),
    MK("author", PITH_META_AUTHOR),
    MK("dc.creator", PITH_META_AUTHOR),
    MK("parsely-author", PITH_META_AUTHOR),
    MK("sailthru.author", PITH_META_AUTHOR),
    MK("byl", PITH_META_AUTHOR),
    MK("article:author", PITH_META_ART_AUTHOR), /* unless a URL */
    MK("dcterms.creator", PITH_META_MORE_AUTHOR),
    MK("cxenseparse:author", PITH_META_MORE_AUTHOR),
    MK("article:published_time", PITH_META_DATE_ART),
    MK("og:article:published_time", PITH_META_DATE_ART),
    MK("article:published", PITH_META_DATE_ART),
    MK("article:modified_time", PITH_META_DATE_MOD),
    MK("og:updated_time", PITH_META_DATE_MOD),
    MK("article:modified", PITH_META_DATE_MOD),
    MK("dcterms.modified", PITH_META_DATE_MOD),
    MK("dc.date.modified", PITH_META_DATE_MOD),
    MK("last-modified", PITH_META_DATE_MOD),
    MK("og:url", PITH_META_OG_URL),
    MK("og:site_name", PITH_META_SITE),
    MK("article:tag", META_TAG),
    MK("og:article:tag", META_TAG),
    MK("news_keywords", PITH_META_NEWS_KEYWORDS),
    MK("keywords", PITH_META_KEYWORDS),
    MK("og:description", PITH_META_OG_DESC),
    MK("twitter:description", PITH_META_TW_DESC),
    MK("description", PITH_META_DESC),
    MK("content-language", PITH_META_CONTENT_LANG),
    MK("language", PITH_META_CONTENT_LANG),
    MK("dc.language", PITH_META_CONTENT_LANG),
    MK("date", PITH_META_DATE_NAME),
    MK("pubdate", PITH_META_DATE_NAME),
    MK("publishdate", PITH_META_DATE_NAME),
    MK("publish-date", PITH_META_DATE_NAME),
    MK("publish_date", PITH_META_DATE_NAME),
    MK("publication_date", PITH_META_DATE_NAME),
    MK("dc.date", PITH_META_DATE_NAME),
    MK("dc.date.issued", PITH_META_DATE_NAME),
    MK("dc.date.created", PITH_META_DATE_NAME),
    MK("dcterms.created", PITH_META_DATE_NAME),
    MK("dcterms.date", PITH_META_DATE_NAME),
    MK("dcterms.issued", PITH_META_DATE_NAME),
    MK("sailthru.date", PITH_META_DATE_NAME),
    MK("parsely-pub-date", PITH_META_DATE_NAME),
    MK("article.published", PITH_META_DATE_NAME),
    MK("datepublished", PITH_META_DATE_NAME),
    MK("originalpublicationdate", PITH_META_DATE_NAME),
    MK("og:published_time", PITH_META_DATE_NAME),
    MK("published_time", PITH_META_DATE_NAME),
    MK("article_date_original", PITH_META_DATE_NAME),
    MK("cxenseparse:recs:publishtime", PITH_META_DATE_NAME),
    MK("displaydate", PITH_META_DATE_NAME),
};

/* The slot (or META_TAG) the meta name key[0..n) (any case) fills, or -1. */
static int meta_key_slot(const char *key, size_t n)
{
    for (size_t i = 0; i < sizeof meta_keys / sizeof *meta_keys; i++)
        if (meta_keys[i].len == n && strncasecmp(meta_keys[i].key, key, n) == 0)
            return meta_keys[i].slot;
    return -1;
}

int pith_html_meta_slot(const char *key, size_t n)
{
    return meta_key_slot(key, n);
}

static void visit_meta(pith_html_meta_t *m, const GumboNode *el)
{
    const char *content = pith_html_attr(el, "content");
    if (!content || !*content)
        return;
    const char *key = pith_html_attr(el, "property");
    if (!key)
        key = pith_html_attr(el, "name");
    if (!key) {
        const char *he = pith_html_attr(el, "http-equiv");
        if (eq(he, "content-language"))
            set(m, PITH_META_CONTENT_LANG, content);
        const char *ip = pith_html_attr(el, "itemprop");
        if (eq(ip, "datePublished"))
            set(m, PITH_META_DATE_PROP, content);
        else if (eq(ip, "dateModified"))
            set(m, PITH_META_DATE_MOD, content);
        return;
    }
    int slot = meta_key_slot(key, strlen(key));
    if (slot == PITH_META_ART_AUTHOR && is_url(content))
        return;
    if (slot == META_TAG) {
        if (m->ntags < PITH_META_MAX_TAGS)
            m->article_tags[m->ntags++] = content;
    } else if (slot >= 0) {
        set(m, slot, content);
    }
}

/* Whether a heading's class says it is written for screen readers only
 * ("Beitragsnavigation", the page's title again): no reader sees it as the
 * headline. */
static int unseen_class(const char *cls, size_t n)
{
    static const char *const words[] = {"screen-reader", "sr-only", "visually-hidden", "assistive"};
    static const unsigned char lens[] = {13, 7, 15, 9};
    for (size_t i = 0; cls && i + 7 <= n; i++) {
        unsigned char c = (unsigned char)cls[i] | 0x20;
        if (c != 's' && c != 'v' && c != 'a')
            continue;
        for (size_t w = 0; w < sizeof lens; w++)
            if (words[w][0] == c && lens[w] <= n - i &&
                strncasecmp(cls + i, words[w], lens[w]) == 0)
                return 1;
    }
    return 0;
}

/* Whether the heading el is so, or hidden. */
static int unseen_heading(const pith_html_meta_t *m, const GumboNode *el)
{
    const char *cls = pith_html_names_value(m->cuts, el, 0);
    return pith_html_attr(el, "hidden") || unseen_class(cls, cls ? strlen(cls) : 0);
}

int pith_html_heading_reads(const char *s, size_t n)
{
    return unseen_class(s, n);
}

void pith_html_meta_visit(pith_html_meta_t *m, const GumboNode *el)
{
    if (el->type != GUMBO_NODE_ELEMENT)
        return;
    GumboTag tag = el->v.element.tag;
    switch (tag) {
    case GUMBO_TAG_META:
        visit_meta(m, el);
        return;
    case GUMBO_TAG_LINK: {
        const char *rel = pith_html_attr(el, "rel");
        if (eq(rel, "canonical"))
            set(m, PITH_META_CANONICAL, pith_html_attr(el, "href"));
        return;
    }
    case GUMBO_TAG_HTML:
        if (!m->root)
            m->root = el;
        set(m, PITH_META_LANG, pith_html_attr(el, "lang"));
        if (!m->slot[PITH_META_LANG])
            set(m, PITH_META_LANG, pith_html_attr(el, "xml:lang"));
        return;
    case GUMBO_TAG_TITLE:
        if (!m->title && el->parent && el->parent->type == GUMBO_NODE_ELEMENT &&
            el->parent->v.element.tag == GUMBO_TAG_HEAD)
            m->title = el;
        return;
    case GUMBO_TAG_H1:
        if (unseen_heading(m, el))
            break;
        if (!m->h1)
            m->h1 = el;
        /* fall through */
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
        if (m->nheads < sizeof m->heads / sizeof *m->heads && !unseen_heading(m, el))
            m->heads[m->nheads++] = el;
        break;
    case GUMBO_TAG_BODY:
        m->body = el;
        break;
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
        if (m->nminor < sizeof m->minor / sizeof *m->minor && !unseen_heading(m, el))
            m->minor[m->nminor++] = el;
        break;
    case GUMBO_TAG_SCRIPT: {
        const char *type = pith_html_attr(el, "type");
        if (type && strstr(type, "ld+json") && m->njsonld < PITH_META_MAX_JSONLD &&
            el->v.element.children.length == 1)
            m->jsonld[m->njsonld++] = el;
        return;
    }
    default:
        break;
    }
    const char *ip = pith_html_attr(el, "itemprop");
    if (ip && strcasecmp(ip, "datePublished") == 0) {
        const char *v = pith_html_attr(el, "content");
        if (!v)
            v = pith_html_attr(el, "datetime");
        set(m, PITH_META_DATE_PROP, v);
    }
    pith_html_shown_visit(m, el);
}

/* ---- JSON-LD ------------------------------------------------------------ */

typedef struct {
    const char *headline, *date, *modified, *desc, *lang, *keywords_str, *publisher;
    json_t *author;   /* string, object or array */
    json_t *keywords; /* array */
} ld_t;

static int is_article_type(json_t *type)
{
    if (json_is_array(type)) {
        size_t i;
        json_t *v;
        json_array_foreach(type, i, v) if (is_article_type(v)) return 1;
        return 0;
    }
    const char *t = json_string_value(type);
    return t && (strstr(t, "Article") || strstr(t, "BlogPosting") || strstr(t, "Report") ||
                 strcmp(t, "WebPage") == 0 || strcmp(t, "LiveBlogPosting") == 0);
}

/* Finds the article object (depth-first, depth-capped); the first object
 * with an article type wins, else the first one with a headline. */
static json_t *find_article(json_t *j, int depth, json_t **with_headline)
{
    if (depth > 8)
        return NULL;
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v)
        {
            json_t *r = find_article(v, depth + 1, with_headline);
            if (r)
                return r;
        }
        return NULL;
    }
    if (!json_is_object(j))
        return NULL;
    json_t *type = json_object_get(j, "@type");
    if (is_article_type(type) && json_object_get(j, "headline")) {
        const char *t = json_string_value(type);
        if (!t || strcmp(t, "WebPage") != 0)
            return j;
    }
    if (!*with_headline && json_is_string(json_object_get(j, "headline")))
        *with_headline = j;
    json_t *g = json_object_get(j, "@graph");
    if (g) {
        json_t *r = find_article(g, depth + 1, with_headline);
        if (r)
            return r;
    }
    json_t *main = json_object_get(j, "mainEntity");
    if (main)
        return find_article(main, depth + 1, with_headline);
    return NULL;
}

static void read_article(json_t *a, ld_t *ld)
{
    ld->headline = json_string_value(json_object_get(a, "headline"));
    if (!ld->headline)
        ld->headline = json_string_value(json_object_get(a, "name"));
    ld->date = json_string_value(json_object_get(a, "datePublished"));
    if (!ld->date)
        ld->date = json_string_value(json_object_get(a, "dateCreated"));
    ld->modified = json_string_value(json_object_get(a, "dateModified"));
    ld->desc = json_string_value(json_object_get(a, "description"));
    ld->lang = json_string_value(json_object_get(a, "inLanguage"));
    ld->author = json_object_get(a, "author");
    if (!ld->author)
        ld->author = json_object_get(a, "creator");
    json_t *k = json_object_get(a, "keywords");
    if (json_is_string(k))
        ld->keywords_str = json_string_value(k);
    else if (json_is_array(k))
        ld->keywords = k;
    json_t *pub = json_object_get(a, "publisher");
    if (json_is_object(pub))
        ld->publisher = json_string_value(json_object_get(pub, "name"));
}

/* The first value of key that ok accepts in any object of j (depth-first,
 * depth-capped), for graphs whose article object is not found or lacks it:
 * Yoast and kin put datePublished on the WebPage node, recipes and other
 * creative works than articles carry an author. Lists of other items
 * (comments, reviews, item lists) are not the page's. */
static json_t *ld_any(json_t *j, const char *key, int (*ok)(const json_t *), int depth)
{
    if (depth > 8)
        return NULL;
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v)
        {
            json_t *r = ld_any(v, key, ok, depth + 1);
            if (r)
                return r;
        }
        return NULL;
    }
    if (!json_is_object(j))
        return NULL;
    json_t *d = json_object_get(j, key);
    if (d && ok(d))
        return d;
    const char *k;
    json_t *v;
    json_object_foreach(j, k, v)
    {
        if (strcmp(k, "comment") == 0 || strcmp(k, "review") == 0 ||
            strcmp(k, "itemListElement") == 0 || strcmp(k, "subjectOf") == 0)
            continue;
        json_t *r = ld_any(v, key, ok, depth + 1);
        if (r)
            return r;
    }
    return NULL;
}

static int ld_is_string(const json_t *v)
{
    return json_is_string(v);
}

static int ld_is_value(const json_t *v)
{
    return json_is_string(v) || json_is_object(v) || json_is_array(v);
}

static const char *ld_any_date(json_t *j, int depth)
{
    return json_string_value(ld_any(j, "datePublished", ld_is_string, depth));
}

/* A JSON-LD script's root, or NULL. Raw line breaks and tabs inside
 * strings (which JSON forbids and pages write) are read as blanks. */
static json_t *ld_load(const char *text, int *as_is)
{
    size_t n = strlen(text);
    json_t *root = json_loadb(text, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    *as_is = root != NULL;
    if (root)
        return root;
    char *copy = malloc(n + 1);
    if (!copy)
        return NULL;
    int changed = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        changed |= c < 0x20;
        copy[i] = c < 0x20 ? ' ' : (char)c;
    }
    root = changed ? json_loadb(copy, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL) : NULL;
    free(copy);
    return root;
}

/* The object of root's graph whose "@id" is id (Yoast and kin write the
 * article's author as a reference to a Person node), or NULL. */
static json_t *ld_by_id(json_t *j, const char *id, int depth)
{
    if (!j || depth > 4)
        return NULL;
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v)
        {
            json_t *r = ld_by_id(v, id, depth + 1);
            if (r)
                return r;
        }
        return NULL;
    }
    if (!json_is_object(j))
        return NULL;
    const char *own = json_string_value(json_object_get(j, "@id"));
    if (own && strcmp(own, id) == 0 && json_object_get(j, "name"))
        return j;
    return ld_by_id(json_object_get(j, "@graph"), id, depth + 1);
}

static int ld_is_org(json_t *v)
{
    json_t *t = json_object_get(v, "@type");
    const char *ts = json_string_value(t);
    if (!ts && json_is_array(t))
        ts = json_string_value(json_array_get(t, 0));
    return ts && strstr(ts, "Organization") != NULL;
}

/* Appends the author name(s) of a JSON-LD author value, joined by ", ".
 * Organizations are publishers, not authors; references are resolved in
 * the roots. */
static int ld_authors(json_t *v, json_t *const *roots, size_t nroots, pith_buf_t *out, int depth)
{
    if (!v || depth > 3)
        return 0;
    const char *name = NULL;
    if (json_is_string(v))
        name = json_string_value(v);
    else if (json_is_object(v)) {
        name = json_string_value(json_object_get(v, "name"));
        const char *id = json_string_value(json_object_get(v, "@id"));
        if (!name && id) {
            for (size_t i = 0; i < nroots && !name; i++) {
                json_t *r = ld_by_id(roots[i], id, 0);
                if (r) {
                    v = r;
                    name = json_string_value(json_object_get(r, "name"));
                }
            }
        }
        if (ld_is_org(v))
            return 0;
    } else if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e)
        {
            if (i >= 8)
                break;
            int rc = ld_authors(e, roots, nroots, out, depth + 1);
            if (rc)
                return rc;
        }
        return 0;
    }
    if (!name || !*name || is_url(name) || strlen(name) > 200)
        return 0;
    if (out->len && pith_buf_puts(out, ", "))
        return PITH_ENOMEM;
    return pith_buf_puts(out, name);
}

/* ---- choosing ----------------------------------------------------------- */

int pith_html_resolve_url(const char *href, const char *base, pith_buf_t *out)
{
    pith_buf_reset(out);
    while (*href == ' ' || *href == '\t' || *href == '\n')
        href++;
    size_t hl = strlen(href);
    while (hl && isspace((unsigned char)href[hl - 1]))
        hl--;
    if (hl == 0 || hl > 4096)
        return 0;
    if (strncasecmp(href, "http://", 7) == 0 || strncasecmp(href, "https://", 8) == 0)
        return pith_buf_append(out, href, hl);
    if (!base || !(strncasecmp(base, "http://", 7) == 0 || strncasecmp(base, "https://", 8) == 0))
        return 0;
    const char *scheme_end = strstr(base, "://");
    const char *host = scheme_end + 3;
    size_t hostlen = strcspn(host, "/?#");
    int rc;
    if (href[0] == '/' && href[1] == '/') {
        rc = pith_buf_append(out, base, (size_t)(scheme_end - base) + 1);
        return rc ? rc : pith_buf_append(out, href, hl);
    }
    for (const char *c = href; c < href + hl && *c != '/' && *c != '?' && *c != '#'; c++)
        if (*c == ':')
            return 0; /* another scheme (mailto:, javascript:) */
    if ((rc = pith_buf_append(out, base, (size_t)(host - base) + hostlen)))
        return rc;
    if (href[0] == '/')
        return pith_buf_append(out, href, hl);
    const char *path = host + hostlen;
    size_t pathlen = strcspn(path, "?#");
    const char *slash = NULL;
    for (const char *c = path; c < path + pathlen; c++)
        if (*c == '/')
            slash = c;
    if (slash)
        rc = pith_buf_append(out, path, (size_t)(slash - path) + 1);
    else
        rc = pith_buf_putc(out, '/');
    if (!rc && hl >= 2 && href[0] == '.' && href[1] == '/')
        href += 2, hl -= 2;
    return rc ? rc : pith_buf_append(out, href, hl);
}

static int add_tag_list(pith_doc_t *doc, const char *s)
{
    int rc = 0;
    while (s && *s && rc == 0) {
        size_t len = strcspn(s, ",;");
        const char *t = s;
        size_t tl = len;
        while (tl && isspace((unsigned char)*t))
            t++, tl--;
        while (tl && isspace((unsigned char)t[tl - 1]))
            tl--;
        if (tl && tl <= 100)
            rc = pith_doc_add_tag(doc, t, tl);
        s += len;
        if (*s)
            s++;
    }
    return rc;
}

/* ---- finishing: one step per field ------------------------------------- */

/* What the steps of pith_html_meta_finish share: the collected sources, the
 * parsed JSON-LD (ld points into roots until the end) and scratch buffers. */
typedef struct {
    pith_html_meta_t *m;
    const pith_hints_t *hints;
    pith_doc_t *doc;
    const char **s;   /* m->slot */
    const char *page; /* the caller's URL, else the document's */
    const char *host;
    char hostbuf[256];
    ld_t ld;
    json_t *roots[PITH_META_MAX_JSONLD];
    size_t nroots;
    pith_buf_t tmp, h1, url, name;
    pith_buf_t words, scratch; /* the page's visible words, for pith_html_shows_name */
} fin_t;

/* JSON-LD: the article object of the first script that has one; a date
 * and an author from any node when it lacks them. */
static int fin_jsonld(fin_t *f)
{
    pith_html_meta_t *m = f->m;
    for (size_t i = 0; i < m->njsonld && !f->ld.headline; i++) {
        const GumboNode *t = m->jsonld[i]->v.element.children.data[0];
        if (t->type != GUMBO_NODE_TEXT && t->type != GUMBO_NODE_CDATA &&
            t->type != GUMBO_NODE_WHITESPACE)
            continue;
        int as_is;
        json_t *root = ld_load(t->v.text.text, &as_is);
        m->ld_read[i] = 1;
        m->ld_root[i] = as_is ? json_incref(root) : NULL;
        if (!root)
            continue;
        f->roots[f->nroots++] = root;
        json_t *with_headline = NULL;
        json_t *a = find_article(root, 0, &with_headline);
        if (!a)
            a = with_headline;
        if (a)
            read_article(a, &f->ld);
    }
    for (size_t i = 0; i < f->nroots && !f->ld.date; i++)
        f->ld.date = ld_any_date(f->roots[i], 0);
    for (size_t i = 0; i < f->nroots && !f->ld.author; i++)
        f->ld.author = ld_any(f->roots[i], "author", ld_is_value, 0);
    return 0;
}

/* The site's name first: the title's suffix is compared with it. */
static int fin_sitename(fin_t *f)
{
    const char *site = f->s[PITH_META_SITE];
    int rc = 0;
    if (site && strlen(site) < 100)
        rc = pith_doc_set_if_empty(&f->doc->sitename, site, (size_t)-1);
    if (!rc && !f->doc->sitename && f->ld.publisher && strlen(f->ld.publisher) < 100)
        rc = pith_doc_set(&f->doc->sitename, f->ld.publisher, (size_t)-1);
    return rc;
}

static int fin_title(fin_t *f)
{
    int rc = 0;
    if (f->m->title && (rc = pith_html_node_text(f->m->title, 1024, &f->tmp)))
        return rc;
    const char *declared[] = {f->s[PITH_META_OG_TITLE], f->s[PITH_META_TW_TITLE], f->ld.headline,
                              f->tmp.len ? f->tmp.data : NULL};
    return pith_html_title_choose(f->m, declared, sizeof declared / sizeof *declared, f->page,
                                  f->host, f->doc, &f->h1, &f->tmp, &f->url);
}

/* Author: the first source that cleans to a name that is not the
 * publisher's (JSON-LD, meta tags, then the byline the page shows). A
 * declared name (JSON-LD, meta) that the page never shows is the account
 * that posted the article or the site's owner, not its byline: on the dev
 * pages such names were wrong eleven times and right twice. A meta tag's
 * name yields to a byline line under the headline that names someone else. */
static int fin_author(fin_t *f)
{
    const char **s = f->s;
    const char *site = f->doc->sitename;
    int rc = 0;
    pith_buf_reset(&f->tmp);
    if (f->ld.author && (rc = ld_authors(f->ld.author, f->roots, f->nroots, &f->tmp, 0)))
        return rc;
    const char *metas[] = {f->tmp.data, s[PITH_META_AUTHOR], s[PITH_META_ART_AUTHOR],
                           s[PITH_META_MORE_AUTHOR]};
    size_t from = 0;
    for (size_t i = 0; i < sizeof metas / sizeof *metas && !rc && !f->name.len; i++) {
        from = i;
        if (!metas[i] || is_url(metas[i]) ||
            (rc = pith_html_publisher_first(metas[i], site, f->host, &f->scratch)) != 0) {
            rc = rc < 0 ? rc : 0;
            continue;
        }
        rc = pith_byline_clean(metas[i], strlen(metas[i]), site, f->host, &f->name);
        int shown = rc || !f->name.len
                        ? 1
                        : pith_html_shows_name(f->m, f->name.data, &f->words, &f->scratch);
        if (shown < 0)
            rc = shown;
        else if (!shown)
            pith_buf_reset(&f->name);
    }
    /* A meta tag's name (not JSON-LD's) against the byline line under the
     * headline that names someone else: themes fill the tag site-wide. */
    if (!rc && f->name.len && from >= 1 &&
        (rc = pith_html_shown_byline_line(f->m, site, f->host, &f->scratch)) == 0 &&
        f->scratch.len && !strcasestr(f->scratch.data, f->name.data) &&
        !strcasestr(f->name.data, f->scratch.data)) {
        pith_buf_reset(&f->name);
        rc = pith_buf_append(&f->name, f->scratch.data, f->scratch.len);
    }
    if (!rc && !f->name.len)
        rc = pith_html_shown_author(f->m, site, f->host, &f->name);
    if (!rc && !f->name.len)
        rc = pith_html_shown_byline_line(f->m, site, f->host, &f->name);
    if (!rc && f->name.len)
        rc = pith_doc_set(&f->doc->author, f->name.data, f->name.len);
    else if (!rc && !(rc = pith_html_archive_author(f->m, site, f->host)))
        rc = pith_html_author_publisher(f->m, metas, sizeof metas / sizeof *metas, site, f->host,
                                        &f->words, &f->scratch);
    return rc;
}

/* Canonical URL. The caller's address wins (it is where the page was
 * found); a different declared one is kept as canonical. */
static int fin_canonical(fin_t *f)
{
    const char *href =
        f->s[PITH_META_CANONICAL] ? f->s[PITH_META_CANONICAL] : f->s[PITH_META_OG_URL];
    const char *given = f->hints->url;
    int rc = 0;
    if (!href || (rc = pith_html_resolve_url(href, given, &f->url)) || !f->url.len)
        return rc;
    if (!given)
        return pith_doc_set(&f->doc->url, f->url.data, f->url.len);
    if (strcmp(f->url.data, given) != 0)
        return pith_doc_set(&f->doc->canonical, f->url.data, f->url.len);
    return 0;
}

/* Date: the ranked sources of the date finder. */
static int fin_date(fin_t *f)
{
    const char **s = f->s;
    if (f->doc->date)
        return 0;
    pith_datefind_t df;
    pith_datefind_init(&df, f->hints->fetched);
    const char *published[] = {s[PITH_META_DATE_ART], f->ld.date, s[PITH_META_DATE_PROP]};
    for (size_t i = 0; i < sizeof published / sizeof *published; i++)
        if (published[i])
            pith_datefind_add(&df, PITH_DATESRC_PUBLISHED, published[i], strlen(published[i]));
    if (s[PITH_META_DATE_NAME])
        pith_datefind_add(&df, PITH_DATESRC_NAMED, s[PITH_META_DATE_NAME],
                          strlen(s[PITH_META_DATE_NAME]));
    /* The last modification is the page's date when nothing else is. */
    const char *modified[] = {s[PITH_META_DATE_MOD], f->ld.modified};
    for (size_t i = 0; i < sizeof modified / sizeof *modified; i++)
        if (modified[i])
            pith_datefind_add(&df, PITH_DATESRC_MODIFIED, modified[i], strlen(modified[i]));
    int rc = pith_html_shown_date(f->m, &df);
    if (rc)
        return rc;
    pith_datefind_url(&df, f->hints->url);
    pith_datefind_url(&df, f->doc->url);
    const char *d = pith_datefind_pick(&df);
    return d ? pith_doc_set(&f->doc->date, d, (size_t)-1) : 0;
}

/* Language: the primary subtag, lowercase. */
static int fin_lang(fin_t *f)
{
    const char **s = f->s;
    const char *lang = s[PITH_META_LANG]           ? s[PITH_META_LANG]
                       : s[PITH_META_CONTENT_LANG] ? s[PITH_META_CONTENT_LANG]
                                                   : f->ld.lang;
    if (!lang)
        return 0;
    while (isspace((unsigned char)*lang))
        lang++;
    size_t ln = 0;
    while (ln < 8 && isalpha((unsigned char)lang[ln]))
        ln++;
    if (ln < 2 || ln > 3 || isalpha((unsigned char)lang[ln]))
        return 0;
    char code[4];
    for (size_t i = 0; i < ln; i++)
        code[i] = (char)tolower((unsigned char)lang[i]);
    return pith_doc_set(&f->doc->lang, code, ln);
}

/* Tags: the first source that has any. */
static int fin_tags(fin_t *f)
{
    pith_doc_t *doc = f->doc;
    int rc = 0;
    if (doc->ntags)
        return 0;
    for (size_t i = 0; i < f->m->ntags && !rc; i++)
        rc = add_tag_list(doc, f->m->article_tags[i]);
    if (!rc && doc->ntags == 0 && f->ld.keywords) {
        size_t i;
        json_t *v;
        json_array_foreach(f->ld.keywords, i, v)
        {
            const char *k = json_string_value(v);
            if (k && (rc = add_tag_list(doc, k)))
                break;
        }
    }
    if (!rc && doc->ntags == 0 && f->ld.keywords_str)
        rc = add_tag_list(doc, f->ld.keywords_str);
    if (!rc && doc->ntags == 0)
        rc = add_tag_list(doc, f->s[PITH_META_NEWS_KEYWORDS]);
    if (!rc && doc->ntags == 0)
        rc = add_tag_list(doc, f->s[PITH_META_KEYWORDS]);
    return rc;
}

static int fin_description(fin_t *f)
{
    const char **s = f->s;
    const char *desc = s[PITH_META_OG_DESC]   ? s[PITH_META_OG_DESC]
                       : s[PITH_META_TW_DESC] ? s[PITH_META_TW_DESC]
                       : s[PITH_META_DESC]    ? s[PITH_META_DESC]
                                              : f->ld.desc;
    if (desc && strlen(desc) <= 4000)
        return pith_doc_set_if_empty(&f->doc->description, desc, (size_t)-1);
    return 0;
}

void pith_html_meta_release(pith_html_meta_t *m)
{
    for (size_t i = 0; i < PITH_META_MAX_JSONLD; i++) {
        json_decref(m->ld_root[i]);
        m->ld_root[i] = NULL;
    }
}

int pith_html_meta_finish(pith_html_meta_t *m, const pith_hints_t *hints, pith_doc_t *doc)
{
    /* In this order: the site's name before the title (its suffix), the
     * title before the author and the date (the headline anchors the
     * bylines and date lines the page shows). */
    static int (*const steps[])(fin_t *) = {fin_jsonld, fin_sitename,  fin_title,
                                            fin_author, fin_canonical, fin_date,
                                            fin_lang,   fin_tags,      fin_description};
    fin_t fin = {0}, *f = &fin;
    f->m = m;
    f->hints = hints;
    f->doc = doc;
    f->s = m->slot;
    f->page = hints->url ? hints->url : doc->url;
    f->host = pith_urlhost_get(f->page, f->hostbuf, sizeof f->hostbuf);
    int rc = 0;
    for (size_t i = 0; i < sizeof steps / sizeof *steps && !rc; i++)
        rc = steps[i](f);
    for (size_t i = 0; i < f->nroots; i++)
        json_decref(f->roots[i]);
    pith_buf_free(&f->tmp);
    pith_buf_free(&f->h1);
    pith_buf_free(&f->name);
    pith_buf_free(&f->url);
    pith_buf_free(&f->words);
    pith_buf_free(&f->scratch);
    return rc;
}
