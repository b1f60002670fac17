/* RSS and Atom feeds: the list of article links a feed source yields.
 *
 * pith_feed_parse reads RSS 2.0 (and 0.9x), RSS 1.0 (RDF) and Atom 1.0 with
 * libxml2, with no network access, no DTD loading and no entity
 * substitution; a document that declares entities at all is refused, which
 * rules out XXE and "billion laughs" without trusting any particular libxml2
 * version's defences. Links are resolved against xml:base and the feed's own
 * URL; items whose link is not http(s) are skipped. Pure and re-entrant: it
 * may run on the thread pool. */
#ifndef PITH_FEED_H
#define PITH_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "pith/error.h"

#define PITH_FEED_MAX_BYTES ((size_t)16 << 20)
/* Items kept from one parse. A feed may hold more (a 16 MiB feed can list
 * hundreds of thousands of links); those past the cap are counted, not
 * kept, and a caller that filters out what it has already taken (see
 * pith_feed_select_t) gets the next ones on its next parse. */
#define PITH_FEED_MAX_ITEMS 10000

typedef struct pith_feed_item {
    char *link;  /* absolute http(s) URL of the article */
    char *key;   /* stable identity: guid / atom:id, else the link */
    char *title; /* or NULL */
} pith_feed_item_t;

typedef struct pith_feed {
    char *title;             /* the feed's title, or NULL */
    pith_feed_item_t *items; /* in document order */
    size_t nitems;
    size_t nmore; /* wanted items past the cap, not kept */
} pith_feed_t;

/* Which items a parse keeps: those `want` accepts (NULL: all), at most
 * max_items of them (0 or more than PITH_FEED_MAX_ITEMS: that cap), in
 * document order. want gets the item's key and returns 1 to keep it, 0 to
 * pass over it (not counted in nmore). */
typedef struct pith_feed_select {
    size_t max_items;
    int (*want)(void *ctx, const char *key);
    void *ctx;
} pith_feed_select_t;

/* Parses data (at most PITH_FEED_MAX_BYTES) fetched from base_url (used to
 * resolve relative links; may be NULL), keeping the items sel selects (NULL:
 * the first PITH_FEED_MAX_ITEMS). Returns 0 and *out (destroy with
 * pith_feed_destroy), or PITH_ETOOBIG, PITH_EINPUT (malformed XML with the
 * line, not a feed, entity declarations), PITH_ENOMEM, with *out NULL. */
int pith_feed_parse(const uint8_t *data, size_t len, const char *base_url,
                    const pith_feed_select_t *sel, pith_feed_t **out, pith_err_t *err);
void pith_feed_destroy(pith_feed_t *feed); /* NULL is fine */

/* 1 when a response looks like a feed: a feed media type (RSS, Atom, RDF),
 * or a document whose root element is <rss>, <feed> or <RDF> (any prefix),
 * found past a BOM, blanks, the XML declaration, comments and a doctype in
 * the first few KiB. content_type may be NULL. Cheap: no parsing. */
int pith_feed_sniff(const uint8_t *data, size_t len, const char *content_type);

#endif
