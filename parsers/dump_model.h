/* The block model of one text dump, shared by the cleaner (textdump.c),
 * which classifies the lines and chooses the article's region, and the
 * metadata finders (dump_meta.c), which read the title, author, date, tags
 * and header blocks from the same lines. Private to the dump path: nothing
 * outside parsers/textdump.c and parsers/dump_*.c includes it.
 *
 * Blocks are the dump's non-blank lines, trimmed, in order. The metadata
 * runs in two passes around the region search: before it (lines that are
 * plainly metadata become neutral, so the search does not weigh them) and
 * after it (what depends on where the article stands: the headline right
 * above it, the byline under the headline, the date among the candidates). */
#ifndef PITH_DUMP_MODEL_H
#define PITH_DUMP_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "pith/buf.h"
#include "dates.h"
#include "pith/doc.h"
#include "pith/pith.h"
#include "slug.h"

#define TITLE_MAX_CHARS 300
#define MAX_DATE_CANDS 64

enum { CLS_BAD = 0, CLS_SHORT, CLS_NEAR, CLS_GOOD };

typedef struct {
    const char *s; /* trimmed text, in the input or in the owned copies */
    size_t n;
    unsigned chars, words, stops, caps, digits;
    unsigned len;           /* length for weighing: chars, a CJK or Hangul character thrice */
    unsigned punct_end : 1; /* ends a sentence */
    unsigned url : 1;       /* a bare URL, e-mail or path */
    unsigned boiler : 1;    /* a known chrome phrase */
    unsigned end : 1;       /* an end marker: comments or related lists follow */
    unsigned dup : 1;       /* a later copy of an earlier long block */
    unsigned rep : 1;       /* a short block seen more than once */
    unsigned meta : 1;      /* lifted into metadata */
    unsigned junk : 1;      /* numbers-only, image sizes and the like */
    unsigned teaser : 1;    /* a Title Case headline glued to its summary */
    unsigned toc : 1;       /* a table of contents: its heading and entries */
    int cls;
    double w;
} block_t;

/* A standalone date line, kept until the article's place is known. */
typedef struct {
    size_t at;   /* block index */
    int weekday; /* written with a weekday name */
    char iso[PITH_DATE_MAX];
} date_cand_t;

typedef struct {
    block_t *b;
    size_t n;
    const char *lang;
    int header;   /* a "Key: value" header block was read */
    int declared; /* its author field was read (perhaps the publisher's, dropped) */
    size_t head;  /* the headline's block, when have_head */
    int have_head;
    pith_slug_t slug; /* the URL's slug words */
    char last[160];   /* the URL's last path segment, squashed; "" when it has no letters */
    int nourl;        /* no URL was given: no slug can back a headline found by place */
    size_t pair[2];   /* the blocks of a title printed twice, when have_pair */
    int have_pair;
    int pair_unsure; /* ... but without a URL, no title (dump_title_finish) */
    date_cand_t dates[MAX_DATE_CANDS];
    size_t ndates;
    size_t to; /* the article's last block, once known (dump_meta_finish) */
} dump_t;

/* Blanks at either end: ASCII blanks, NBSP and a byte-order mark in front,
 * ASCII blanks and NBSP behind. Inline: it runs on every line. */
static inline int dump_space_at(const char *s, size_t n, size_t i, size_t *w)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        *w = 1;
        return 1;
    }
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
        *w = 2;
        return 1;
    }
    if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBB &&
        (unsigned char)s[i + 2] == 0xBF) {
        *w = 3;
        return 1;
    }
    return 0;
}

static inline void dump_trim(const char **s, size_t *n)
{
    size_t w;
    while (*n && dump_space_at(*s, *n, 0, &w)) {
        *s += w;
        *n -= w;
    }
    /* Trailing: ASCII blanks and NBSP (C2 A0). */
    while (*n) {
        unsigned char c = (unsigned char)(*s)[*n - 1];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            (*n)--;
        } else if (c == 0xA0 && *n >= 2 && (unsigned char)(*s)[*n - 2] == 0xC2) {
            *n -= 2;
        } else {
            break;
        }
    }
}

/* " date 2021-12-31 [https://...] rest": the seed scraper's prefix on the
 * first line. Sets date/url (*rc: 0 or PITH_ENOMEM) and returns how many
 * bytes it spans, 0 without one. */
size_t dump_prefix(const char *s, size_t n, pith_doc_t *doc, int *rc);

/* A date line ("Tuesday, 14 March 2023"): a few words, a date among them. */
int dump_is_date_line(const block_t *b);

/* Whether block i is a byline in one of the shapes dump_find_byline reads
 * ("By ...", "Posted on ... by ...", "Veröffentlicht vonAnna Beck", a
 * "Von" label line): a headline stands above one. */
int dump_is_byline(const dump_t *d, size_t i);

/* The author from the byline near the headline at block head (the article
 * starts at block from), cleaned to names; a date in the byline's line
 * becomes the document's unless a header block gave one. host as for
 * dump_meta_finish. 0 or PITH_ENOMEM. */
int dump_find_byline(dump_t *d, size_t head, size_t from, const char *host, pith_doc_t *doc,
                     pith_buf_t *tmp);

/* The headline found before the article's place is known (dump_title.c):
 * the line the URL's slug spells, or one printed twice. The line taken is
 * marked meta, and for the slug's line d->head is set. 0 or PITH_ENOMEM. */
int dump_title_read(dump_t *d, pith_doc_t *doc);

/* Without a headline yet, the one right over the article that starts at
 * block from: signed by a byline or a date line, or spelt by the URL's
 * last path segment. 0 or PITH_ENOMEM. */
int dump_title_finish(dump_t *d, size_t from, pith_doc_t *doc);

/* The first pass, after features and repeats: date and locale lines,
 * "Key: value" header blocks, the title by the URL's slug or by repetition,
 * tag runs. The lines it takes are marked meta. 0 or PITH_ENOMEM. */
int dump_meta_read(dump_t *d, const pith_hints_t *hints, pith_doc_t *doc);

/* The second pass, once the article's region [from, ...] is known (or not:
 * have_region 0): the headline right above the article, the byline near
 * the headline, the date among the candidates, checked against the URL's
 * and the fetch time. host is the page's host name or NULL; tmp is scratch
 * space. 0 or PITH_ENOMEM. */
int dump_meta_finish(dump_t *d, int have_region, size_t from, const pith_hints_t *hints,
                     const char *host, pith_doc_t *doc, pith_buf_t *tmp);

#endif
