/* Choosing the publication date among candidates.
 *
 * Each source keeps its first valid candidate: callers offer candidates in
 * the order that makes the first one the best of its kind (nearest to the
 * headline, outside related lists and comments). Picking then walks the
 * ranks. The URL is consulted last because it is both very reliable and
 * coarse: a full day in the path is how the site itself files the article,
 * so it settles the one-day disagreements that time zones cause between a
 * UTC timestamp and the local day, and a year-month path rules out a shown
 * date from another month (a related item, an event). */
#include "datefind.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define MIN_YEAR 1995
#define MAX_YEAR 2100
#define SHOWN_BEFORE_DECLARED 7 /* days; see vetoed */

/* The year of a "YYYY-..." string the parser wrote. */
static int atoi_year(const char *d)
{
    return (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
}

void pith_datefind_init(pith_datefind_t *f, const char *reference)
{
    memset(f, 0, sizeof *f);
    char out[PITH_DATE_MAX];
    if (reference && pith_date_parse(reference, strlen(reference), out) == 0)
        memcpy(f->limit, out, 10);
}

static int acceptable(const pith_datefind_t *f, const char *d)
{
    int y = atoi_year(d);
    if (y < MIN_YEAR || y > MAX_YEAR)
        return 0;
    return !f->limit[0] || strncmp(d, f->limit, 10) <= 0;
}

/* Days since 1970-01-01 of a "YYYY-MM-DD" prefix (proleptic Gregorian). */
static long day_number(const char *d)
{
    int y = atoi_year(d), m = (d[5] - '0') * 10 + (d[6] - '0'),
        dd = (d[8] - '0') * 10 + (d[9] - '0');
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int pith_datefind_add(pith_datefind_t *f, pith_datesrc_t src, const char *s, size_t n)
{
    char out[PITH_DATE_MAX];
    /* Of declared publication dates that disagree, the earliest day is the
     * original publication; the others an update's. */
    int earliest = src == PITH_DATESRC_PUBLISHED;
    if (src >= PITH_DATESRC_NSRC || (f->cand[src][0] && !earliest) || !s || n == 0 || n > 200)
        return 0;
    if (pith_date_parse(s, n, out) != 0 || !acceptable(f, out))
        return 0;
    if (f->cand[src][0] && day_number(out) >= day_number(f->cand[src]))
        return 0;
    memcpy(f->cand[src], out, sizeof out);
    return 1;
}

int pith_datefind_add_text(pith_datefind_t *f, pith_datesrc_t src, const char *s, size_t n,
                           int strict)
{
    char out[PITH_DATE_MAX];
    size_t at, len;
    if (src >= PITH_DATESRC_NSRC || f->cand[src][0] || !s || n == 0)
        return 0;
    if (n > 4096)
        n = 4096;
    if (strict && pith_date_has_weekday(s, n))
        return 0;
    if (pith_date_find(s, n, out, &at, &len) != 0 || !acceptable(f, out))
        return 0;
    memcpy(f->cand[src], out, sizeof out);
    return 1;
}

/* Reads 1..2 digits at *q (exactly 2 unless one is allowed), not followed
 * by another digit; returns the value and advances *q, or -1. */
static int two_digits(const char **q, int one)
{
    const char *p = *q;
    if (!isdigit((unsigned char)p[0]))
        return -1;
    int n = isdigit((unsigned char)p[1]) ? 2 : 1;
    if ((n == 1 && !one) || isdigit((unsigned char)p[n]))
        return -1;
    *q = p + n;
    return n == 2 ? (p[0] - '0') * 10 + (p[1] - '0') : p[0] - '0';
}

static int four_digits(const char *q)
{
    return isdigit((unsigned char)q[0]) && isdigit((unsigned char)q[1]) &&
           isdigit((unsigned char)q[2]) && isdigit((unsigned char)q[3]);
}

/* Whether a URL path holds a date right after its separator p ('/', '-' or
 * '_'): sets *y, *mo and *d (0 when only a year and month). */
static int url_date_at(const char *p, int *y, int *mo, int *d)
{
    const char *q = p + 1;
    *d = 0;
    /* A folder of its own that is a European date: /29-10-2021. */
    if (p[0] == '/' && (*d = two_digits(&q, 0)) > 0 && *q++ == '-' &&
        (*mo = two_digits(&q, 0)) > 0 && *q++ == '-' && four_digits(q) && strchr("/?#.", q[4])) {
        *y = atoi_year(q);
        return 1;
    }
    q = p + 1;
    *d = 0;
    if (!(q[0] == '1' || q[0] == '2') || !four_digits(q))
        return 0;
    *y = atoi_year(q);
    q += 4;
    char sep = *q;
    if (p[0] == '/' && four_digits(q) && strchr("/-_.", q[4])) {
        /* /20191119/ (q[4] may be the terminating NUL: strchr finds it). */
        *mo = (q[0] - '0') * 10 + (q[1] - '0');
        *d = (q[2] - '0') * 10 + (q[3] - '0');
        return 1;
    }
    if (sep != '/' && sep != '-' && sep != '_')
        return 0;
    /* Folders may drop the leading zero: /2017/7/12/. */
    int one = sep == '/';
    q++;
    if ((*mo = two_digits(&q, one)) < 0)
        return 0;
    const char *r = q + 1;
    /* A one-digit day must be a folder: /2023/10/3-fragen-an is a title. */
    if (*q == sep && (*d = two_digits(&r, one)) >= 0 && (r - q == 3 || strchr("/?#", *r)))
        return 1;
    /* A year and month must be a folder of their own: /2019/11/. */
    *d = 0;
    return *q == '/';
}

void pith_datefind_url(pith_datefind_t *f, const char *url)
{
    if (!url || f->url_month[0])
        return;
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : url;
    for (; p && *p && *p != '?' && *p != '#'; p++) {
        int y, mo, d;
        if ((*p != '/' && *p != '-' && *p != '_') || !url_date_at(p, &y, &mo, &d))
            continue;
        if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12)
            continue;
        char buf[40], out[PITH_DATE_MAX];
        if (d) {
            snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
            if (pith_date_parse(buf, strlen(buf), out) != 0 || !acceptable(f, out))
                continue;
            memcpy(f->url_day, out, 10);
            f->url_day[10] = '\0';
        } else {
            snprintf(buf, sizeof buf, "%04d-%02d-01", y, mo);
            if (!acceptable(f, buf))
                continue;
        }
        memcpy(f->url_month, buf, 7);
        f->url_month[7] = '\0';
        return;
    }
}

int pith_datefind_has(const pith_datefind_t *f, pith_datesrc_t src)
{
    return src < PITH_DATESRC_NSRC && f->cand[src][0] != '\0';
}

/* A shown date (i <= PITH_DATESRC_SHOWN) the page's other evidence rules
 * out. A year-month path rules out one from another month (a related item,
 * an event). So does a declared publication date more than
 * SHOWN_BEFORE_DECLARED days after it: a page shows its own day or a later
 * update, never an earlier one, so an earlier date near the headline is
 * another text's (a related item, a cited ruling, a comment). */
static int vetoed(const pith_datefind_t *f, int i, const char *declared)
{
    if (i > PITH_DATESRC_SHOWN)
        return 0;
    if (f->url_month[0] && strncmp(f->cand[i], f->url_month, 7) != 0)
        return 1;
    return declared && day_number(declared) - day_number(f->cand[i]) > SHOWN_BEFORE_DECLARED;
}

const char *pith_datefind_pick(pith_datefind_t *f)
{
    /* Ruled-out shown dates leave the word to the next source. */
    const char *best = NULL;
    const char *declared = f->cand[PITH_DATESRC_NAMED][0]       ? f->cand[PITH_DATESRC_NAMED]
                           : f->cand[PITH_DATESRC_PUBLISHED][0] ? f->cand[PITH_DATESRC_PUBLISHED]
                                                                : NULL;
    for (int i = 0; i < PITH_DATESRC_NSRC && !best; i++)
        if (f->cand[i][0] && !vetoed(f, i, declared))
            best = f->cand[i];
    f->chosen[0] = '\0';
    if (f->url_day[0]) {
        /* The site files the article under this day: a candidate a day
         * away is the same moment in another zone, one further away another
         * event (an update, a related item); either way the URL's day wins,
         * and a candidate of the same day adds its time. */
        if (best && day_number(best) == day_number(f->url_day))
            snprintf(f->chosen, sizeof f->chosen, "%s", best);
        else
            snprintf(f->chosen, sizeof f->chosen, "%s", f->url_day);
        return f->chosen;
    }
    if (!best)
        return NULL;
    snprintf(f->chosen, sizeof f->chosen, "%s", best);
    return f->chosen;
}
