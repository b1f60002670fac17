/* Article metadata from an HTML page (SPEC §5): title, author, date,
 * canonical URL, site name, language, tags and description.
 *
 * Sources are collected while the extractor walks the tree once: the walk
 * hands every element to pith_html_meta_visit, which keeps at most one
 * candidate per source (first wins) as pointers into the Gumbo tree, so
 * visiting is O(1) per element. pith_html_meta_finish then picks, per field,
 * the most reliable source that is present (meta tags and JSON-LD over page
 * text) and writes the document's fields. The Gumbo tree must outlive both
 * calls. */
#ifndef PITH_HTML_META_H
#define PITH_HTML_META_H

#include <gumbo.h>
#include <stddef.h>
#include <string.h>

#include "pith/doc.h"
#include "datefind.h"
#include "pith/pith.h"

enum {
    PITH_META_OG_TITLE,
    PITH_META_TW_TITLE,
    PITH_META_AUTHOR,
    PITH_META_ART_AUTHOR,
    PITH_META_MORE_AUTHOR, /* dcterms.creator, cXenseParse:author: after the others */
    PITH_META_DATE_ART,    /* article:published_time and kin */
    PITH_META_DATE_NAME,   /* <meta name=date|pubdate|dc.date...> */
    PITH_META_DATE_PROP,   /* itemprop=datePublished */
    PITH_META_DATE_MOD,    /* article:modified_time, itemprop=dateModified and kin */
    PITH_META_CANONICAL,
    PITH_META_OG_URL,
    PITH_META_SITE,
    PITH_META_LANG,
    PITH_META_CONTENT_LANG,
    PITH_META_ARTICLE_TAGS, /* first article:tag; the rest are counted on */
    PITH_META_NEWS_KEYWORDS,
    PITH_META_KEYWORDS,
    PITH_META_OG_DESC,
    PITH_META_TW_DESC,
    PITH_META_DESC,
    PITH_META_NSLOTS
};

#define PITH_META_MAX_JSONLD 8
#define PITH_META_MAX_TAGS 64
#define PITH_META_MAX_SHOWN 24
#define PITH_META_MAX_DATE_ELS 72 /* 24 outside chrome, 48 inside */

typedef struct pith_html_meta {
    const char *slot[PITH_META_NSLOTS];
    const char *article_tags[PITH_META_MAX_TAGS];
    size_t ntags;
    const GumboNode *root;      /* <html> */
    const pith_buf_t *words;    /* the page's words when built in pieces, else NULL */
    const GumboNode *title;     /* <title> */
    const GumboNode *h1;        /* the first <h1> */
    const GumboNode *heads[32]; /* the first <h1>, <h2> and <h3> headings */
    size_t nheads;
    const GumboNode *minor[8]; /* the first <h4>, <h5> and <h6> headings */
    size_t nminor;
    const GumboNode *anchor; /* the headline's element (set by finish) */
    const GumboNode *body;   /* <body> */
    /* What the page shows, in document order: <time> and elements whose
     * class, id or itemprop speak of a date, up to PITH_META_MAX_SHOWN
     * outside chrome (comments, related lists, sidebars, footers) and some
     * more inside it, judged again once the headline is known (a broken
     * page may wrap its article in a "sidebar" or an unclosed navigation
     * box); byline elements (itemprop or rel=author, class or id "author",
     * "byline" and kin) kept the same way. */
    const GumboNode *date_els[PITH_META_MAX_DATE_ELS];
    size_t ndate_els, ndate_chrome; /* of which in chrome as seen so far */
    const GumboNode *author_els[PITH_META_MAX_DATE_ELS];
    size_t nauthor_els, nauthor_chrome; /* of which in chrome as seen so far */
    const GumboNode *jsonld[PITH_META_MAX_JSONLD];
    size_t njsonld;
    /* What finish read of those scripts (ld_read[i] set), for the
     * selection's articleBody: the root as JSON reads the script, NULL
     * where it does not (finish may have read it with its control bytes
     * blanked). Held until pith_html_meta_release. */
    struct json_t *ld_root[PITH_META_MAX_JSONLD];
    unsigned char ld_read[PITH_META_MAX_JSONLD];
    /* The author when no person's byline is found, not even a closing one:
     * the publisher named by an explicit author field (set by finish,
     * "" when none; see pith_html_author_publisher). */
    char publisher_author[128];
    /* The author that links to its archive name (set by finish, "" when
     * none; see pith_html_archive_author): after a closing byline. */
    char archive_author[128];
    /* The pre-pass's cuts, which Gumbo's source offsets do not see. */
    const struct pith_prescan_map *cuts;
} pith_html_meta_t;

/* Looks at one element (any element of the page, in document order). */
void pith_html_meta_visit(pith_html_meta_t *m, const GumboNode *el);

/* Writes the fields of doc that sources were found for; doc->url, when set
 * from the hints, is the base for a relative canonical URL and is replaced
 * by the canonical one. Returns 0 or PITH_ENOMEM. */
int pith_html_meta_finish(pith_html_meta_t *m, const pith_hints_t *hints, pith_doc_t *doc);

/* Lets go of what finish kept for the selection (ld_root); again is fine. */
void pith_html_meta_release(pith_html_meta_t *m);

/* Records el when it shows a date or a byline (html_shown.c). */
void pith_html_shown_visit(pith_html_meta_t *m, const GumboNode *el);

/* Whether el is the value (<dd>) of a definition list's term that labels
 * an author ("Auteur", "Author:"): a byline element (html_author.c). */
int pith_html_author_value(const GumboNode *el);

/* Whether the byline element el credits a picture, not the article, or is
 * a control: it sits in a <figure> or <figcaption>, is a <button>, or its
 * class or id says so ("img-author", "photo-byline", "cutline-byline",
 * "author-follow-button") (html_author.c). */
int pith_html_picture_credit(const pith_html_meta_t *m, const GumboNode *el);

/* Whether the declared author v opens with the publisher's name (site,
 * host as for pith_byline_clean) before a comma: "SPIEGEL ONLINE, Hamburg,
 * Germany" goes on with the publisher's address, not with co-authors.
 * 1 if so, 0 if not, or PITH_ENOMEM; tmp is scratch. */
int pith_html_publisher_first(const char *v, const char *site, const char *host, pith_buf_t *tmp);

/* Offers the dates the page shows to f: <time> and date elements nearest
 * the headline, then short date lines right after it; when f has nothing
 * else, a line anywhere outside chrome that labels its date ("Datum:",
 * "Letzte Änderung:"). Returns 0 or PITH_ENOMEM. */
int pith_html_shown_date(const pith_html_meta_t *m, pith_datefind_t *f);

/* The first byline element nearest the headline that cleans to a name
 * (pith_byline_clean with site and host), into out ("" when none).
 * Returns 0 or PITH_ENOMEM. */
int pith_html_shown_author(const pith_html_meta_t *m, const char *site, const char *host,
                           pith_buf_t *out);

/* Whether finish may check a declared author (JSON-LD, meta tags) against
 * the page's every word (pith_html_shows_name). */
int pith_html_declares_author(const pith_html_meta_t *m);
/* Whether the tree under root holds an element that may declare one (a
 * JSON-LD script, an author's meta tag): if not, a page parsed in pieces
 * need not build its words. */
int pith_html_may_declare_author(const GumboNode *root);

/* The page's words (pith_html_shows_name's text) built while a page is
 * parsed in pieces (html_pieces.h), whose tree never exists whole: begin
 * walks the skeleton up to the gap where the pieces go (before the
 * gap_at-th child of the container gap), add takes each piece's top nodes
 * in turn before the piece is freed, end walks the rest of the skeleton.
 * The text is the very one a walk of the whole tree builds. Each returns
 * 0 or PITH_ENOMEM. */
enum { PITH_WORDS_WALKING, PITH_WORDS_AT_GAP, PITH_WORDS_DONE };
typedef struct pith_page_words {
    pith_buf_t text;
    const struct pith_prescan_map *cuts; /* the pre-pass's, for class values */
    const GumboNode *root, *gap;
    unsigned gap_at, tops; /* tops: the pieces' top nodes added */
    int state;             /* PITH_WORDS_* */
    int sib;               /* the first top node follows a sibling */
} pith_page_words_t;
int pith_page_words_begin(pith_page_words_t *w, const GumboNode *gap, unsigned gap_at);
int pith_page_words_add(pith_page_words_t *w, GumboNode *const *top, unsigned n);
int pith_page_words_end(pith_page_words_t *w);
void pith_page_words_free(pith_page_words_t *w);

/* Whether the page's visible text holds one of names ("A, B"), compared
 * as words (letters, digits and non-ASCII bytes, ASCII case folded): 1 if
 * so or when the page is unknown, 0 if not, or PITH_ENOMEM. text keeps
 * the page's words between calls (empty at first, freed by the caller;
 * unused when m->words holds them); tmp is scratch (html_author.c). */
int pith_html_shows_name(const pith_html_meta_t *m, const char *names, pith_buf_t *text,
                         pith_buf_t *tmp);

/* Fills m->publisher_author when the page names no author but its
 * explicit author fields do name the site or publisher (an organisation's
 * press release, a one-person blog named after its writer): the first of
 * declared[0..n) (JSON-LD and meta author values, NULLs skipped), else of
 * the byline elements, that cleans to a name the page shows, the site's
 * name allowed; of a declared value that opens with the publisher's name
 * (site, host), that name alone. The bare og:site_name is no author field. words and tmp as
 * for pith_html_shows_name. Returns 0 or PITH_ENOMEM. */
int pith_html_author_publisher(pith_html_meta_t *m, const char *const *declared, size_t n,
                               const char *site, const char *host, pith_buf_t *words,
                               pith_buf_t *tmp);

/* Fills m->archive_author from the page's links to an author's archive
 * ("Alle Beiträge von Jane Doe", "View all posts by Jane Doe"): the name
 * when they all name one person, cleaned with site and host, else "".
 * Returns 0 or PITH_ENOMEM. */
int pith_html_archive_author(pith_html_meta_t *m, const char *site, const char *host);

/* After the article is emitted, when no author was found: a closing byline
 * among doc's paragraphs (pith_byline_closing), else m->archive_author,
 * else m->publisher_author, into doc->author. Returns 0 or PITH_ENOMEM. */
int pith_html_closing_author(const pith_html_meta_t *m, const pith_hints_t *hints, pith_doc_t *doc);

/* Resolves href against base (an absolute http(s) URL, or NULL) into out
 * (replacing its contents); out is left empty unless the result is an
 * http(s) URL. Returns 0 or PITH_ENOMEM. */
int pith_html_resolve_url(const char *href, const char *base, pith_buf_t *out);

/* html_shown.c's walks, for the byline line's search (html_author.c):
 * the next node in document order (NULL at the end), whether a walk below
 * the headline skips n, whether el sits in chrome (a box that holds the
 * headline is none). */
const GumboNode *pith_html_next_node(const GumboNode *n, int skip_kids);
int pith_html_below_skips(const GumboNode *n, int skip_links);
int pith_html_in_chrome(const pith_html_meta_t *m, const GumboNode *el, const GumboNode *headline);

/* For pith_html_shown_author (html_author.c): whether el's text runs over
 * more than one line (1, 0 or PITH_ENOMEM; tmp is scratch); the byline of
 * author element idx of m into out, with the co-authors beside it ("<a
 * rel=author>A</a> and <a rel=author>B</a>"), "" when it names no one, is
 * the headline or a picture's credit (pith_html_picture_credit), or sits
 * in a teaser card (a link that holds more than the byline); 0 or
 * PITH_ENOMEM. */
int pith_html_lines_box(const GumboNode *el, pith_buf_t *tmp);
int pith_html_offer_author(const pith_html_meta_t *m, size_t idx, const char *site,
                           const char *host, pith_buf_t *tmp, pith_buf_t *more, pith_buf_t *out);

/* The first short line below the headline that opens like a byline ("By
 * ...", "Text von ..."), cleaned into out ("" when none). Returns 0 or
 * PITH_ENOMEM. */
int pith_html_shown_byline_line(const pith_html_meta_t *m, const char *site, const char *host,
                                pith_buf_t *out);

/* The value of el's attribute name (borrowed from the tree), or NULL: the
 * search is pith_html_attr_find. Only the attributes listed in
 * html_prescan.c's kept_attrs reach the tree: add any new name there (a
 * build with assertions checks each look-up against them, in
 * pith_html_attr_checked, before the search). Inline: the walks look up a few
 * attributes of every element. The tokenizer writes attribute names in
 * lower case, as name is: no case-blind compare (gumbo_get_attribute's
 * strcasecmp was a good part of the walk's time). */
static inline const char *pith_html_attr_find(const GumboNode *el, const char *name)
{
    const GumboVector *v = &el->v.element.attributes;
    for (unsigned i = 0; i < v->length; i++) {
        const GumboAttribute *a = v->data[i];
        if (a->name[0] == name[0] && strcmp(a->name, name) == 0)
            return a->value;
    }
    return NULL;
}
const char *pith_html_attr_checked(const GumboNode *el, const char *name);
static inline const char *pith_html_attr(const GumboNode *el, const char *name)
{
#ifndef NDEBUG
    return pith_html_attr_checked(el, name);
#else
    return pith_html_attr_find(el, name);
#endif
}

/* el's class (id 0) or id (id 1) value, NULL when it has none: from m's
 * values where the pre-pass numbered it, else the attribute's own
 * (html_names.h). Class and id are read with this alone. */
const char *pith_html_names_value(const struct pith_prescan_map *m, const GumboNode *el, int id);

/* The PITH_META_* slot a <meta> whose property (else name) is key[0..n)
 * (any case) fills, -2 for a tag, -1 when it is not read; reads: whether
 * it is read (the prescan drops the others from the head). */
int pith_html_meta_slot(const char *key, size_t n);
static inline int pith_html_meta_reads(const char *key, size_t n)
{
    return pith_html_meta_slot(key, n) != -1;
}

/* The visible text of el's subtree (blanks collapsed) into out, at most max
 * bytes; visits at most a few thousand nodes. Returns 0 or PITH_ENOMEM. */
int pith_html_node_text(const GumboNode *el, size_t max, pith_buf_t *out);

/* The same text with '\n' where a block (p, div, li, h1-h6, dt, dd, td,
 * ...) starts or ends: a byline box's lines stay apart ("Jane Doe" /
 * "Follow" / her bio). */
int pith_html_node_lines(const GumboNode *el, size_t max, pith_buf_t *out);

/* Whether an element of tag t is a block: it starts and ends a line of
 * text (p, div, li, headings, tables, sections...). One list, in html.c. */
int pith_html_block_tag(GumboTag t);

#endif
