/* RSS/Atom parsing on libxml2's tree API.
 *
 * Feeds are small (capped at PITH_FEED_MAX_BYTES), so a tree is simpler and
 * no slower in practice than a streaming reader. The parser options are the
 * safety: XML_PARSE_NONET forbids fetching anything; leaving out
 * XML_PARSE_NOENT and XML_PARSE_DTDLOAD keeps external entities and DTDs
 * unread; and after parsing, any entity declaration in the internal subset
 * makes us refuse the document, since real feeds never need one. Elements are
 * matched by local name and namespace so prefixes do not matter. */
#include "feed.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "url.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_RSS1 "http://purl.org/rss/1.0/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
}

static int is(const xmlNode *n, const char *name, const char *ns)
{
    if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name))
        return 0;
    if (!ns)
        return 1;
    if (!strcmp(ns, "")) /* RSS 2.0: no namespace */
        return n->ns == NULL;
    return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, ns);
}

static const xmlNode *child(const xmlNode *n, const char *name, const char *ns)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (is(c, name, ns))
            return c;
    return NULL;
}

/* The trimmed text of an element, or NULL when empty. */
static char *text_of(const xmlNode *n)
{
    if (!n)
        return NULL;
    xmlChar *raw = xmlNodeGetContent(n);
    if (!raw)
        return NULL;
    const char *s = (const char *)raw;
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    char *out = len ? strndup(s, len) : NULL;
    xmlFree(raw);
    return out;
}

static void item_free(pith_feed_item_t *it)
{
    free(it->link);
    free(it->key);
    free(it->title);
}

void pith_feed_destroy(pith_feed_t *feed)
{
    if (!feed)
        return;
    for (size_t i = 0; i < feed->nitems; i++)
        item_free(&feed->items[i]);
    free(feed->items);
    free(feed->title);
    free(feed);
}

/* Resolves href against the element's xml:base chain (which libxml2 already
 * resolves against the document URL). */
static char *resolve(xmlDoc *doc, const xmlNode *n, const char *href, const char *base_url)
{
    xmlChar *base = xmlNodeGetBase(doc, n);
    char *out = NULL;
    const char *b = base ? (const char *)base : base_url;
    if (pith_url_resolve(b, href, &out, NULL) != 0 && b != base_url)
        pith_url_resolve(base_url, href, &out, NULL);
    if (base)
        xmlFree(base);
    return out;
}

/* What one parse keeps: the selection, resolved. */
typedef struct picker {
    size_t max;
    const pith_feed_select_t *sel;
} picker_t;

static int add_item(pith_feed_t *feed, const picker_t *pk, char *link, char *key, char *title)
{
    if (!link) {
        free(key);
        free(title);
        return 0; /* nothing to fetch */
    }
    if (!key) {
        key = strdup(link);
        if (!key) {
            free(link);
            free(title);
            return PITH_ENOMEM;
        }
    }
    int skip = pk->sel && pk->sel->want && !pk->sel->want(pk->sel->ctx, key);
    if (!skip && feed->nitems >= pk->max) {
        feed->nmore++;
        skip = 1;
    }
    if (skip) {
        free(link);
        free(key);
        free(title);
        return 0;
    }
    if ((feed->nitems & (feed->nitems - 1)) == 0) { /* grow at powers of two */
        size_t cap = feed->nitems ? feed->nitems * 2 : 16;
        pith_feed_item_t *items = realloc(feed->items, cap * sizeof *items);
        if (!items) {
            free(link);
            free(key);
            free(title);
            return PITH_ENOMEM;
        }
        feed->items = items;
    }
    feed->items[feed->nitems++] = (pith_feed_item_t){link, key, title};
    return 0;
}

static int rss_item(pith_feed_t *feed, const picker_t *pk, xmlDoc *doc, const xmlNode *item,
                    const char *ns, const char *base_url)
{
    char *link = NULL, *key = NULL, *title = text_of(child(item, "title", ns));
    char *href = text_of(child(item, "link", ns));
    const xmlNode *guid_node = child(item, "guid", ns);
    char *guid = text_of(guid_node);
    if (href)
        link = resolve(doc, item, href, base_url);
    if (!link && guid) {
        /* A guid is a permalink unless it says isPermaLink="false". */
        xmlChar *perma = xmlGetProp(guid_node, (const xmlChar *)"isPermaLink");
        if (!perma || strcasecmp((const char *)perma, "false"))
            link = resolve(doc, item, guid, base_url);
        if (perma)
            xmlFree(perma);
    }
    if (!link) {
        /* RSS 1.0 items name their link in rdf:about. */
        xmlChar *about = xmlGetNsProp(item, (const xmlChar *)"about", (const xmlChar *)NS_RDF);
        if (about) {
            link = resolve(doc, item, (const char *)about, base_url);
            xmlFree(about);
        }
    }
    key = guid;
    free(href);
    return add_item(feed, pk, link, key, title);
}

static int atom_entry(pith_feed_t *feed, const picker_t *pk, xmlDoc *doc, const xmlNode *entry,
                      const char *base_url)
{
    char *link = NULL, *title = text_of(child(entry, "title", NS_ATOM));
    char *key = text_of(child(entry, "id", NS_ATOM));
    const xmlNode *best = NULL;
    for (const xmlNode *c = entry->children; c; c = c->next) {
        if (!is(c, "link", NS_ATOM))
            continue;
        xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
        int alternate = !rel || !strcmp((const char *)rel, "alternate");
        if (rel)
            xmlFree(rel);
        if (alternate) {
            best = c;
            break;
        }
    }
    if (best) {
        xmlChar *href = xmlGetProp(best, (const xmlChar *)"href");
        if (href) {
            link = resolve(doc, best, (const char *)href, base_url);
            xmlFree(href);
        }
    }
    return add_item(feed, pk, link, key, title);
}

int pith_feed_parse(const uint8_t *data, size_t len, const char *base_url,
                    const pith_feed_select_t *sel, pith_feed_t **out, pith_err_t *err)
{
    *out = NULL;
    picker_t pk = {PITH_FEED_MAX_ITEMS, sel};
    if (sel && sel->max_items && sel->max_items < PITH_FEED_MAX_ITEMS)
        pk.max = sel->max_items;
    if (!len)
        return pith_err_set(err, PITH_EEMPTY, "empty feed");
    if (len > PITH_FEED_MAX_BYTES || len > (size_t)INT32_MAX)
        return pith_err_set(err, PITH_ETOOBIG, "feed larger than %zu bytes", PITH_FEED_MAX_BYTES);
    pthread_once(&xml_once, xml_init);

    int rc = 0;
    pith_feed_t *feed = NULL;
    xmlDoc *doc = NULL;
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return pith_err_set(err, PITH_ENOMEM, "out of memory");
    doc = xmlCtxtReadMemory(ctxt, (const char *)data, (int)len, base_url, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
    if (!doc || !ctxt->wellFormed) {
        const xmlError *e = &ctxt->lastError;
        char msg[200] = "";
        if (e->message) {
            snprintf(msg, sizeof msg, "%s", e->message);
            size_t n = strlen(msg);
            while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
                msg[--n] = '\0';
        }
        rc = pith_err_set(err, PITH_EINPUT, "malformed feed XML (line %d): %s", e->line,
                          msg[0] ? msg : "not well-formed");
        goto done;
    }
    if ((doc->intSubset && (doc->intSubset->entities || doc->intSubset->pentities)) ||
        (doc->extSubset && (doc->extSubset->entities || doc->extSubset->pentities))) {
        rc = pith_err_set(err, PITH_EINPUT, "feed declares XML entities; refused");
        goto done;
    }
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!root) {
        rc = pith_err_set(err, PITH_EINPUT, "not an RSS or Atom feed");
        goto done;
    }
    feed = calloc(1, sizeof *feed);
    if (!feed) {
        rc = pith_err_set(err, PITH_ENOMEM, "out of memory");
        goto done;
    }
    if (is(root, "rss", NULL)) {
        const xmlNode *channel = child(root, "channel", NULL);
        if (!channel) {
            rc = pith_err_set(err, PITH_EINPUT, "RSS feed without a channel");
            goto done;
        }
        const char *ns = channel->ns ? NULL : "";
        feed->title = text_of(child(channel, "title", ns));
        for (const xmlNode *c = channel->children; c && rc == 0; c = c->next)
            if (is(c, "item", ns))
                rc = rss_item(feed, &pk, doc, c, ns, base_url);
    } else if (is(root, "RDF", NS_RDF)) {
        const xmlNode *channel = child(root, "channel", NS_RSS1);
        if (!channel)
            channel = child(root, "channel", NULL);
        const char *ns = channel && channel->ns ? (const char *)channel->ns->href : NS_RSS1;
        if (channel)
            feed->title = text_of(child(channel, "title", ns));
        for (const xmlNode *c = root->children; c && rc == 0; c = c->next)
            if (is(c, "item", ns))
                rc = rss_item(feed, &pk, doc, c, ns, base_url);
    } else if (is(root, "feed", NS_ATOM)) {
        feed->title = text_of(child(root, "title", NS_ATOM));
        for (const xmlNode *c = root->children; c && rc == 0; c = c->next)
            if (is(c, "entry", NS_ATOM))
                rc = atom_entry(feed, &pk, doc, c, base_url);
    } else {
        rc = pith_err_set(err, PITH_EINPUT, "not an RSS or Atom feed (root element <%s>)",
                          (const char *)root->name);
        goto done;
    }
    if (rc)
        pith_err_set(err, rc, "out of memory");
done:
    if (rc) {
        pith_feed_destroy(feed);
        feed = NULL;
    }
    *out = feed;
    if (doc)
        xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return rc;
}

/* ---- sniffing ------------------------------------------------------------- */

#define SNIFF_BYTES 4096

/* Skips past the first occurrence of end in [p, stop), or returns stop. */
static const char *skip_past(const char *p, const char *stop, const char *end)
{
    size_t n = strlen(end);
    for (; p + n <= stop; p++)
        if (!memcmp(p, end, n))
            return p + n;
    return stop;
}

int pith_feed_sniff(const uint8_t *data, size_t len, const char *content_type)
{
    static const char *const types[] = {"application/rss+xml", "application/atom+xml",
                                        "application/rdf+xml"};
    if (content_type)
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (!strncasecmp(content_type, types[i], strlen(types[i])))
                return 1;
    const char *p = (const char *)data, *stop = p + (len < SNIFF_BYTES ? len : SNIFF_BYTES);
    if (stop - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    for (;;) {
        while (p < stop && isspace((unsigned char)*p))
            p++;
        if (stop - p < 2 || *p != '<')
            return 0;
        if (p[1] == '?')
            p = skip_past(p, stop, "?>");
        else if (stop - p >= 4 && !memcmp(p, "<!--", 4))
            p = skip_past(p + 4, stop, "-->");
        else if (p[1] == '!')
            p = skip_past(p, stop,
                          ">"); /* a doctype; feeds with an internal subset are refused anyway */
        else
            break;
    }
    p++;
    const char *name = p;
    while (p < stop &&
           (isalnum((unsigned char)*p) || *p == ':' || *p == '_' || *p == '-' || *p == '.'))
        p++;
    if (p >= stop || (!isspace((unsigned char)*p) && *p != '>' && *p != '/'))
        return 0;
    const char *colon = memchr(name, ':', (size_t)(p - name));
    const char *local = colon ? colon + 1 : name;
    size_t n = (size_t)(p - local);
    return (n == 3 && !memcmp(local, "rss", 3)) || (n == 4 && !memcmp(local, "feed", 4)) ||
           (n == 3 && !memcmp(local, "RDF", 3));
}
