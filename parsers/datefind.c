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

int pith_datefind_add(pith_datefind_t *f, pith_datesrc_t src, const char *s, size_t n)
{
    char out[PITH_DATE_MAX];
    if (src >= PITH_DATESRC_NSRC || f->cand[src][0] || !s || n == 0 || n > 200)
        return 0;
    if (pith_date_parse(s, n, out) != 0 || !acceptable(f, out))
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

void pith_datefind_url(pith_datefind_t *f, const char *url)
{
    if (!url || f->url_month[0])
        return;
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : url;
    for (; p && *p && *p != '?' && *p != '#'; p++) {
        if (*p != '/' && *p != '-' && *p != '_')
            continue;
        const char *s = p + 1;
        if (!(s[0] == '1' || s[0] == '2') || !isdigit((unsigned char)s[1]) ||
            !isdigit((unsigned char)s[2]) || !isdigit((unsigned char)s[3]))
            continue;
        int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        int mo = 0, d = 0;
        const char *q = s + 4;
        char sep = *q;
        if ((sep == '/' || sep == '-' || sep == '_') && isdigit((unsigned char)q[1]) &&
            isdigit((unsigned char)q[2]) && !isdigit((unsigned char)q[3])) {
            mo = (q[1] - '0') * 10 + (q[2] - '0');
            q += 3;
            if (*q == sep && isdigit((unsigned char)q[1]) && isdigit((unsigned char)q[2]) &&
                !isdigit((unsigned char)q[3])) {
                d = (q[1] - '0') * 10 + (q[2] - '0');
                q += 3;
            } else if (*q != '/') {
                /* A year and month must be a folder of their own: /2019/11/. */
                continue;
            }
        } else if (isdigit((unsigned char)q[0]) && isdigit((unsigned char)q[1]) &&
                   isdigit((unsigned char)q[2]) && isdigit((unsigned char)q[3]) &&
                   (q[4] == '/' || q[4] == '-' || q[4] == '_' || q[4] == '.' || q[4] == '\0') &&
                   p[0] == '/') {
            /* /20191119/ */
            mo = (q[0] - '0') * 10 + (q[1] - '0');
            d = (q[2] - '0') * 10 + (q[3] - '0');
        } else {
            continue;
        }
        if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12)
            continue;
        char buf[16], out[PITH_DATE_MAX];
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

/* Days since 1970-01-01 of a "YYYY-MM-DD" prefix (proleptic Gregorian). */
static long day_number(const char *d)
{
    int y = atoi_year(d), m = (d[5] - '0') * 10 + (d[6] - '0'), dd = (d[8] - '0') * 10 + (d[9] - '0');
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

const char *pith_datefind_pick(pith_datefind_t *f)
{
    /* A year-month path rules out a shown date from another month (a
     * related item, an event): the next source speaks instead. */
    const char *best = NULL;
    for (int i = 0; i < PITH_DATESRC_NSRC && !best; i++)
        if (f->cand[i][0] && !(f->url_month[0] && i <= PITH_DATESRC_SHOWN &&
                               strncmp(f->cand[i], f->url_month, 7) != 0))
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
