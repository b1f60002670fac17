/* Whether a text names the site a page belongs to: its declared name (the
 * `site` key, og:site_name ...) or one of its host's labels. Titles drop
 * such texts and bylines refuse them as authors; both ask here, each in
 * the way of matching its question needs. Pure and re-entrant. */
#ifndef PITH_SITENAME_H
#define PITH_SITENAME_H

#include <stddef.h>

/* How a text may name the host. A label is a name between the dots before
 * the top-level domain with four letters or digits or more, not starting
 * with "www" ("lastampa" in www.lastampa.it); text and label are compared
 * by their letters, digits and non-ASCII bytes, ASCII case folded. */
typedef enum {
    /* The text is a label ("La Stampa"), or the last label followed by the
     * top-level domain ("Disfunctions.de" on disfunctions.de). */
    PITH_SITE_IS_LABEL,
    /* The text holds a label ("brand eins online" on brandeins.de). */
    PITH_SITE_HOLDS_LABEL,
    /* The text is a label, or one word of six or more that a label holds
     * ("Colombiano" on elcolombiano.com); a text that only holds a label
     * ("Teufel Blog Redaktion" on blog.teufel.de) is not the site. */
    PITH_SITE_IN_LABEL,
} pith_site_how_t;

/* Whether text[0..n) names the site: it is site (may be NULL) by
 * pith_text_same, or, at most 60 bytes long, it names host (may be NULL)
 * as how says. */
int pith_site_named(const char *text, size_t n, const char *site, const char *host,
                    pith_site_how_t how);

#endif
