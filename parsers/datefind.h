/* The publication date of a page or a dump, chosen among ranked sources.
 *
 * A page carries many dates: when it was published and modified, today's
 * date in its header, dates of related articles, comments and events, the
 * copyright year. The finder is told candidates by the source they come
 * from (the callers know where they found them), keeps the first valid one
 * per source, and picks by rank: what the page shows near its headline,
 * then machine-written publication dates. The URL's date, when the path
 * has one, settles a day that time zones blur (a 23:30 local publication is
 * the next day in UTC) and vetoes visible dates from another month; a
 * declared publication date vetoes a visible date more than a week before
 * it (another text's: a page shows its own day or a later one). A date
 * before 1995 or after the reference day (the fetch time) is refused. When
 * no source is trusted, there is no date: a missing date is better than a
 * wrong one. Pure and re-entrant; the HTML and text-dump paths share it. */
#ifndef PITH_DATEFIND_H
#define PITH_DATEFIND_H

#include <stddef.h>

#include "dates.h"

/* Sources, most reliable first. What the page shows next to its headline
 * comes first: it is the day readers see, while declared timestamps are
 * often converted to UTC or rewritten on every update. Of the declared
 * ones, <meta name=date> and kin, which sites write by hand, beat the Open
 * Graph and JSON-LD timestamps their CMS fills in. (Measured on the htmldate
 * and trafilatura corpora: this order gets more days right and fewer wrong
 * than declared-first.) */
typedef enum {
    PITH_DATESRC_TIME,      /* <time datetime> near the headline, not in chrome */
    PITH_DATESRC_SHOWN,     /* a date element or line near the headline or byline */
    PITH_DATESRC_NAMED,     /* <meta name=date|pubdate|dc.date...>, a dump's "Published:" */
    PITH_DATESRC_PUBLISHED, /* article:published_time, JSON-LD/itemprop datePublished */
    PITH_DATESRC_LABELLED,  /* a "Published:" line far from the headline */
    PITH_DATESRC_MODIFIED,  /* the last modification, when nothing says more */
    PITH_DATESRC_NSRC
} pith_datesrc_t;

typedef struct pith_datefind {
    char cand[PITH_DATESRC_NSRC][PITH_DATE_MAX]; /* "" when none */
    char url_day[11];                            /* YYYY-MM-DD from the URL path, or "" */
    char url_month[8]; /* YYYY-MM from the URL path (also set with url_day), or "" */
    char limit[11];    /* the latest acceptable day, or "" */
    char chosen[PITH_DATE_MAX];
} pith_datefind_t;

/* Starts a search. reference is an ISO 8601 time (the fetch time) after
 * which no date is accepted, or NULL. */
void pith_datefind_init(pith_datefind_t *f, const char *reference);

/* Offers s[0..n) as a whole date from src (pith_date_parse). Returns 1 when
 * it was kept (first valid one of its source; for PITH_DATESRC_PUBLISHED
 * the one of the earliest day), else 0. */
int pith_datefind_add(pith_datefind_t *f, pith_datesrc_t src, const char *s, size_t n);

/* Offers the first date inside free text s[0..n) (pith_date_find), such as
 * "Posted on 19 Nov 2019 by ..."; returns 1 when one was kept. A line that
 * opens with a weekday ("Wednesday, January 19, 2022") is refused when
 * strict is set: headers print today's date that way. */
int pith_datefind_add_text(pith_datefind_t *f, pith_datesrc_t src, const char *s, size_t n,
                           int strict);

/* Reads a date from a URL's path: /2019/11/19/, /2017/7/12/, /2019-11-19,
 * /20191119/, /29-10-2021, or a year and month /2019/11/. */
void pith_datefind_url(pith_datefind_t *f, const char *url);

/* Whether src already has a candidate. */
int pith_datefind_has(const pith_datefind_t *f, pith_datesrc_t src);

/* The chosen date (owned by f, valid until the next call on f), or NULL. */
const char *pith_datefind_pick(pith_datefind_t *f);

#endif
