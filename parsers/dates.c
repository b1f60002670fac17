/* Date parsing: a small scanner rather than a pile of regexes.
 *
 * Dates arrive in a handful of shapes (ISO 8601, RFC 2822, prose with month
 * names, numeric with slashes or dots). One prefix parser walks the string
 * once, recognising a date part, then an optional time and zone, and reports
 * how much it consumed; pith_date_parse demands that it consumed everything,
 * pith_date_find tries it at each word start of free text. Month and weekday
 * names are part of the grammar here (they are few and closed), unlike the
 * open-ended word lists that live under data/. Days are checked against the
 * month's length, leap years included, so "2019-02-30" is refused. */
#include "dates.h"

#include "date_names.h"

#include "pith/error.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

typedef struct {
    int y, mo, d;
    int has_time, h, mi, s;
    int has_zone, zone_min; /* offset in minutes east of UTC */
} dt_t;

static const struct {
    const char *name;
    int minutes;
} zones[] = {
    {"z", 0},      {"utc", 0},    {"gmt", 0},    {"ut", 0},     {"est", -300},
    {"edt", -240}, {"cst", -360}, {"cdt", -300}, {"mst", -420}, {"mdt", -360},
    {"pst", -480}, {"pdt", -420}, {"bst", 60},   {"cet", 60},   {"cest", 120},
    {"eet", 120},  {"eest", 180}, {"msk", 180},  {"ist", 330},  {"jst", 540},
};

typedef struct {
    const char *s;
    size_t n, i;
} scan_t;

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_blank_at(const scan_t *sc, size_t i, size_t *w)
{
    unsigned char c = (unsigned char)sc->s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        *w = 1;
        return 1;
    }
    if (c == 0xC2 && i + 1 < sc->n && (unsigned char)sc->s[i + 1] == 0xA0) {
        *w = 2;
        return 1;
    }
    /* U+2009 thin space, U+202F narrow no-break space. */
    if (c == 0xE2 && i + 2 < sc->n && (unsigned char)sc->s[i + 1] == 0x80 &&
        ((unsigned char)sc->s[i + 2] == 0x89 || (unsigned char)sc->s[i + 2] == 0xAF)) {
        *w = 3;
        return 1;
    }
    return 0;
}

static void skip_blanks(scan_t *sc)
{
    size_t w;
    while (sc->i < sc->n && is_blank_at(sc, sc->i, &w))
        sc->i += w;
}

/* Reads 1..maxd digits; returns the count read (0: none) and the value. */
static int read_num(scan_t *sc, int maxd, int *val)
{
    int v = 0, k = 0;
    while (sc->i < sc->n && k < maxd && is_digit(sc->s[sc->i])) {
        v = v * 10 + (sc->s[sc->i] - '0');
        sc->i++;
        k++;
    }
    /* A number longer than allowed is not this field. */
    if (k == maxd && sc->i < sc->n && is_digit(sc->s[sc->i]))
        return 0;
    *val = v;
    return k;
}

static int accept(scan_t *sc, char c)
{
    if (sc->i < sc->n && sc->s[sc->i] == c) {
        sc->i++;
        return 1;
    }
    return 0;
}

/* A comma, Latin or Arabic (U+060C). */
static int accept_comma(scan_t *sc)
{
    if (accept(sc, ','))
        return 1;
    if (sc->i + 1 < sc->n && sc->s[sc->i] == '\xd8' && sc->s[sc->i + 1] == '\x8c') {
        sc->i += 2;
        return 1;
    }
    return 0;
}

/* Reads a word of letters, lowercased into buf (UTF-8). Returns its length
 * in the source (0 when no letter is there). */
static size_t read_word(const scan_t *sc, size_t at, char *buf, size_t cap)
{
    size_t i = at, o = 0;
    while (i < sc->n) {
        unsigned char c = (unsigned char)sc->s[i];
        if (c < 0x80) {
            /* ASCII: letters only, lowercased without a table lookup. */
            if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
                break;
            if (o + 2 > cap)
                return 0;
            buf[o++] = (char)(c | 0x20);
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)sc->s + i,
                                              (utf8proc_ssize_t)(sc->n - i), &cp);
        if (k <= 0)
            break;
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_LO)
            break;
        cp = utf8proc_tolower(cp);
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t el = utf8proc_encode_char(cp, enc);
        if (o + (size_t)el + 1 > cap)
            return 0;
        memcpy(buf + o, enc, (size_t)el);
        o += (size_t)el;
        i += (size_t)k;
    }
    buf[o] = '\0';
    return i - at;
}

/* Reads a month name (optionally abbreviated with a trailing '.'). */
static int read_month(scan_t *sc)
{
    char w[64];
    size_t k = read_word(sc, sc->i, w, sizeof w);
    if (!k)
        return 0;
    int m = pith_date_month_named(w);
    if (!m)
        return 0;
    sc->i += k;
    accept(sc, '.');
    return m;
}

static void skip_weekday(scan_t *sc)
{
    char w[64];
    size_t k = read_word(sc, sc->i, w, sizeof w);
    if (!k)
        return;
    if (pith_date_weekday_named(w)) {
        sc->i += k;
        accept(sc, '.');
        skip_blanks(sc);
        accept_comma(sc);
        skip_blanks(sc);
    }
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int valid_date(const dt_t *t)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (t->y < 1000 || t->y > 2999 || t->mo < 1 || t->mo > 12 || t->d < 1)
        return 0;
    int md = mdays[t->mo - 1] + (t->mo == 2 && leap(t->y));
    return t->d <= md;
}

/* Reads a zone: Z, +HH, +HHMM, +HH:MM, GMT/UTC optionally followed by an
 * offset, or a known abbreviation. Leaves sc untouched when none is there. */
static void read_zone(scan_t *sc, dt_t *t)
{
    scan_t save = *sc;
    size_t w;
    if (sc->i < sc->n && is_blank_at(sc, sc->i, &w))
        skip_blanks(sc);
    char word[16];
    size_t k = read_word(sc, sc->i, word, sizeof word);
    if (k) {
        for (size_t i = 0; i < sizeof zones / sizeof *zones; i++) {
            if (strcmp(zones[i].name, word) == 0) {
                /* "Z" must be glued to the time; words must end there. */
                if (strcmp(word, "z") == 0 && save.i != sc->i)
                    break;
                sc->i += k;
                t->has_zone = 1;
                t->zone_min = zones[i].minutes;
                if (zones[i].minutes == 0 && sc->i < sc->n &&
                    (sc->s[sc->i] == '+' || sc->s[sc->i] == '-')) {
                    scan_t again = *sc;
                    dt_t t2 = *t;
                    read_zone(&again, &t2);
                    if (t2.has_zone) {
                        *sc = again;
                        *t = t2;
                    }
                }
                return;
            }
        }
        *sc = save;
        return;
    }
    if (sc->i < sc->n && (sc->s[sc->i] == '+' || sc->s[sc->i] == '-' ||
                          (sc->s[sc->i] == '\xe2' && sc->i + 2 < sc->n &&
                           sc->s[sc->i + 1] == '\x88' && sc->s[sc->i + 2] == '\x92'))) {
        int sign = sc->s[sc->i] == '+' ? 1 : -1;
        sc->i += sc->s[sc->i] == '\xe2' ? 3 : 1;
        int hh = 0, mm = 0;
        int d = read_num(sc, 4, &hh);
        if (d == 4) {
            mm = hh % 100;
            hh /= 100;
        } else if (d == 1 || d == 2) {
            if (accept(sc, ':') && read_num(sc, 2, &mm) != 2) {
                *sc = save;
                return;
            }
        } else {
            *sc = save;
            return;
        }
        if (hh > 14 || mm > 59) {
            *sc = save;
            return;
        }
        t->has_zone = 1;
        t->zone_min = sign * (hh * 60 + mm);
        return;
    }
    *sc = save;
}

/* Reads HH:MM[:SS[.fff]] [am|pm] [zone]. Leaves sc untouched when no time. */
static void read_time(scan_t *sc, dt_t *t)
{
    scan_t save = *sc;
    int h, mi, s = 0;
    if (!read_num(sc, 2, &h) || !accept(sc, ':') || read_num(sc, 2, &mi) != 2) {
        *sc = save;
        return;
    }
    if (accept(sc, ':')) {
        if (read_num(sc, 2, &s) != 2) {
            *sc = save;
            return;
        }
        if (accept(sc, '.') || accept(sc, ','))
            while (sc->i < sc->n && is_digit(sc->s[sc->i]))
                sc->i++;
    }
    /* am/pm, with or without a blank and dots. */
    scan_t ap = *sc;
    skip_blanks(&ap);
    char w[8];
    size_t k = read_word(&ap, ap.i, w, sizeof w);
    /* Arabic: ص (morning) and م (evening). */
    if (k && (strcmp(w, "\xd8\xb5") == 0 || strcmp(w, "\xd9\x85") == 0))
        strcpy(w, w[1] == '\xb5' ? "am" : "pm");
    if (k && (strcmp(w, "am") == 0 || strcmp(w, "pm") == 0 || strcmp(w, "a") == 0 ||
              strcmp(w, "p") == 0)) {
        ap.i += k;
        if (w[1] != 'm') {
            if (!accept(&ap, '.') || ap.i >= ap.n || (ap.s[ap.i] != 'm' && ap.s[ap.i] != 'M')) {
                goto no_ampm;
            }
            ap.i++;
            accept(&ap, '.');
        }
        if (h < 1 || h > 12) {
            *sc = save;
            return;
        }
        if (w[0] == 'p' && h != 12)
            h += 12;
        if (w[0] == 'a' && h == 12)
            h = 0;
        *sc = ap;
    }
no_ampm:
    if (h > 23 || mi > 59 || s > 60) {
        *sc = save;
        return;
    }
    t->has_time = 1;
    t->h = h;
    t->mi = mi;
    t->s = s > 59 ? 59 : s;
    read_zone(sc, t);
}

/* After a date: an optional separator (T, blank, ",", "at", "-", "|", "в")
 * and a time. */
static void read_time_after(scan_t *sc, dt_t *t)
{
    scan_t save = *sc;
    if (accept(sc, 'T') || accept(sc, 't')) {
        read_time(sc, t);
        if (!t->has_time)
            *sc = save;
        return;
    }
    skip_blanks(sc);
    if (accept(sc, ',') || accept(sc, '|') || accept(sc, '-') || accept(sc, '/'))
        skip_blanks(sc);
    char w[16];
    size_t k = read_word(sc, sc->i, w, sizeof w);
    if (k && (strcmp(w, "at") == 0 || strcmp(w, "в") == 0 || strcmp(w, "um") == 0 ||
              strcmp(w, "à") == 0)) {
        sc->i += k;
        skip_blanks(sc);
    }
    read_time(sc, t);
    if (!t->has_time)
        *sc = save;
}

/* After a prose date: "г.", "года", "р." (Russian/Ukrainian "year"). */
static void skip_year_word(scan_t *sc)
{
    scan_t save = *sc;
    skip_blanks(sc);
    char w[16];
    size_t k = read_word(sc, sc->i, w, sizeof w);
    if (k && (strcmp(w, "г") == 0 || strcmp(w, "года") == 0 || strcmp(w, "р") == 0 ||
              strcmp(w, "року") == 0)) {
        sc->i += k;
        accept(sc, '.');
        return;
    }
    *sc = save;
}

/* Skips "de" / "del" (Spanish and Portuguese "19 de noviembre de 2019"). */
static void skip_de(scan_t *sc)
{
    scan_t save = *sc;
    skip_blanks(sc);
    char w[8];
    size_t k = read_word(sc, sc->i, w, sizeof w);
    if (k && (strcmp(w, "de") == 0 || strcmp(w, "del") == 0)) {
        sc->i += k;
        skip_blanks(sc);
        return;
    }
    *sc = save;
}

/* Sets t to y-mo-d and, when that is a real date, reads what may follow it
 * (a "year" word when year_word, then a time); 0 when it is no date. */
static int finish_date(scan_t *sc, dt_t *t, int y, int mo, int d, int year_word)
{
    t->y = y;
    t->mo = mo;
    t->d = d;
    if (!valid_date(t))
        return 0;
    if (year_word)
        skip_year_word(sc);
    read_time_after(sc, t);
    return 1;
}

/* Accepts one of the UTF-8 marks at sc->i (blanks around it allowed). */
static int accept_mark(scan_t *sc, const char *a, const char *b)
{
    scan_t q = *sc;
    skip_blanks(&q);
    for (const char *m = a; m; m = m == a ? b : NULL) {
        size_t k = strlen(m);
        if (q.i + k <= q.n && memcmp(q.s + q.i, m, k) == 0) {
            q.i += k;
            skip_blanks(&q);
            *sc = q;
            return 1;
        }
    }
    return 0;
}

/* After a year y: Chinese and Japanese 2020年7月3日, Korean 2020년 7월 3일. */
static int cjk_date(scan_t *sc, dt_t *t, int y)
{
    scan_t q = *sc;
    int mo, d;
    if (!accept_mark(&q, "\xe5\xb9\xb4", "\xeb\x85\x84") || !read_num(&q, 2, &mo) ||
        !accept_mark(&q, "\xe6\x9c\x88", "\xec\x9b\x94") || !read_num(&q, 2, &d))
        return 0;
    scan_t e = q;
    if (!accept_mark(&e, "\xe6\x97\xa5", "\xec\x9d\xbc"))
        return 0;
    /* The day mark ends the date: blanks after it belong to what follows. */
    q.i = e.i;
    while (q.i > 0 && q.s[q.i - 1] != '\xa5' && q.s[q.i - 1] != '\xbc')
        q.i--;
    if (!finish_date(&q, t, y, mo, d, 0))
        return 0;
    *sc = q;
    return 1;
}

/* After a day d and its dot: "4. 2. 2022", German typesetting with (thin)
 * spaces after the dots. */
static int spaced_dots(scan_t *sc, dt_t *t, int d)
{
    scan_t q = *sc;
    size_t w;
    int mo, y;
    if (!accept(&q, '.') || q.i >= q.n || !is_blank_at(&q, q.i, &w))
        return 0;
    skip_blanks(&q);
    if (!read_num(&q, 2, &mo) || !accept(&q, '.'))
        return 0;
    skip_blanks(&q);
    if (read_num(&q, 4, &y) != 4 || !finish_date(&q, t, y, mo, d, 0))
        return 0;
    *sc = q;
    return 1;
}

/* After a month name: "14 Gennaio 20", a year in two digits, which Italian
 * pages print; only where nothing but a closing mark or the end follows, so
 * that "14 January 20 people" is no date. */
static int short_year_ends(const scan_t *sc)
{
    scan_t q = *sc;
    skip_blanks(&q);
    return q.i >= q.n || strchr(")]|", q.s[q.i]);
}

static int parse_prefix(scan_t *sc, dt_t *t);

/* Reads a year of up to four digits as read_num does, and a year of four
 * glued to the day of a second date ("19. Dezember 202219. Dezember 2022",
 * "15/01/201614/01/2016": a post's published and updated dates, flattened
 * without a blank) or to its time ("202200:00"): the four digits, when a
 * date or HH:MM (no third digit) starts right after them. */
static int read_year(scan_t *sc, int *y)
{
    size_t at = sc->i;
    int k = read_num(sc, 4, y);
    if (k)
        return k;
    sc->i = at;
    if (sc->n - sc->i < 6)
        return 0;
    for (int j = 0; j < 4; j++)
        if (!is_digit(sc->s[sc->i + (size_t)j]))
            return 0;
    scan_t next = {sc->s, sc->n, sc->i + 4};
    dt_t t;
    /* ... or a time ("4 de mayo de 202200:00 hs"): two digits and ':'. */
    const char *tm = sc->s + sc->i + 4;
    int timed = sc->n - sc->i >= 9 && is_digit(tm[0]) && is_digit(tm[1]) && tm[2] == ':' &&
                is_digit(tm[3]) && is_digit(tm[4]) && !(sc->n - sc->i > 9 && is_digit(tm[5]));
    if (!timed && !parse_prefix(&next, &t))
        return 0;
    scan_t q = *sc;
    q.n = sc->i + 4;
    k = read_num(&q, 4, y);
    sc->i = q.i;
    return k;
}

/* Whether a date starts at s[i..n): the second of two glued dates. */
static int date_at(const char *s, size_t n, size_t i)
{
    scan_t sc = {s, n, i};
    dt_t t;
    return parse_prefix(&sc, &t);
}

/* Parses a date at sc->i; on success fills t and advances sc. */
static int parse_prefix(scan_t *sc, dt_t *t)
{
    memset(t, 0, sizeof *t);
    size_t start = sc->i;
    skip_weekday(sc);
    scan_t save = *sc;
    int a;
    int da = read_num(sc, 4, &a);
    if (da == 4) {
        if (cjk_date(sc, t, a))
            return 1;
        /* 2019-11-19, 2019/11/19, 2019.11.19, 20191119 is not accepted. */
        char sep = sc->i < sc->n ? sc->s[sc->i] : 0;
        if (sep == '-' || sep == '/' || sep == '.') {
            sc->i++;
            int mo, d;
            if (read_num(sc, 2, &mo) && accept(sc, sep) && read_num(sc, 2, &d)) {
                if (!finish_date(sc, t, a, mo, d, 0))
                    goto fail;
                return 1;
            }
        }
        goto fail;
    }
    if (da == 1 || da == 2) {
        char sep = sc->i < sc->n ? sc->s[sc->i] : 0;
        if (sep == '.' || sep == '/' || sep == '-') {
            /* 19.11.2019 (day first; slashes too, as most of the world writes). */
            scan_t num = *sc;
            num.i++;
            int mo, y;
            int dm = read_num(&num, 2, &mo);
            int dy = dm && accept(&num, sep) ? read_year(&num, &y) : 0;
            if (dy == 4) {
                /* 11/19/2019 can only be US order. */
                int us = sep == '/' && mo > 12 && a <= 12;
                if (!finish_date(&num, t, y, us ? a : mo, us ? mo : a, 1))
                    goto fail;
                *sc = num;
                return 1;
            }
            /* 30.10.23: German-speaking sites print the year in two digits;
             * only with two-digit day and month and dots, the one shape
             * that is not a version number or a score. */
            if (dy == 2 && da == 2 && dm == 2 && sep == '.' &&
                !(num.i + 1 < num.n && num.s[num.i] == '.' && is_digit(num.s[num.i + 1]))) {
                if (!finish_date(&num, t, 2000 + y, mo, a, 0))
                    goto fail;
                *sc = num;
                return 1;
            }
            if (sep == '.' && spaced_dots(sc, t, a))
                return 1;
            if (sep == '.') {
                /* "19. November 2019" (German). */
                sc->i++;
            }
        }
        /* 19 November 2019, 19 ноября 2019 г. */
        skip_blanks(sc);
        skip_de(sc);
        int mo = read_month(sc);
        if (!mo)
            goto fail;
        skip_blanks(sc);
        skip_de(sc);
        accept(sc, ',');
        skip_blanks(sc);
        int y, dy = read_year(sc, &y);
        if (dy == 2 && short_year_ends(sc))
            y += 2000;
        else if (dy != 4)
            goto fail;
        if (!finish_date(sc, t, y, mo, a, 1))
            goto fail;
        return 1;
    }
    *sc = save;
    {
        /* November 19, 2019; Nov. 19 2019 */
        int mo = read_month(sc);
        if (!mo)
            goto fail;
        skip_blanks(sc);
        int d, y;
        if (!read_num(sc, 2, &d))
            goto fail;
        /* English ordinal suffixes: 1st, 2nd, 3rd, 19th. */
        char w[8];
        size_t k = read_word(sc, sc->i, w, sizeof w);
        if (k && (strcmp(w, "st") == 0 || strcmp(w, "nd") == 0 || strcmp(w, "rd") == 0 ||
                  strcmp(w, "th") == 0))
            sc->i += k;
        accept(sc, ',');
        skip_blanks(sc);
        if (read_year(sc, &y) != 4 || !finish_date(sc, t, y, mo, d, 0))
            goto fail;
        return 1;
    }
fail:
    sc->i = start;
    return 0;
}

static void format(const dt_t *t, char out[PITH_DATE_MAX])
{
    if (!t->has_time) {
        snprintf(out, PITH_DATE_MAX, "%04d-%02d-%02d", t->y, t->mo, t->d);
        return;
    }
    if (!t->has_zone) {
        snprintf(out, PITH_DATE_MAX, "%04d-%02d-%02dT%02d:%02d:%02d", t->y, t->mo, t->d, t->h,
                 t->mi, t->s);
        return;
    }
    int z = t->zone_min < 0 ? -t->zone_min : t->zone_min;
    snprintf(out, PITH_DATE_MAX, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", t->y, t->mo, t->d,
             t->h, t->mi, t->s, t->zone_min < 0 ? '-' : '+', z / 60, z % 60);
}

int pith_date_parse(const char *s, size_t n, char out[PITH_DATE_MAX])
{
    out[0] = '\0';
    if (!s || n == 0 || n > 200)
        return PITH_EINPUT;
    scan_t sc = {s, n, 0};
    skip_blanks(&sc);
    dt_t t;
    if (!parse_prefix(&sc, &t))
        return PITH_EINPUT;
    skip_blanks(&sc);
    accept(&sc, '.');
    skip_blanks(&sc);
    if (sc.i != sc.n)
        return PITH_EINPUT;
    format(&t, out);
    return 0;
}

int pith_date_find(const char *s, size_t n, char out[PITH_DATE_MAX], size_t *at, size_t *len)
{
    out[0] = '\0';
    if (!s)
        return PITH_EINPUT;
    if (n > 1 << 20)
        n = 1 << 20;
    int prev_word = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int word = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        if (c >= 0xC0) {
            /* A letter or digit outside ASCII is part of a word; a no-break
             * space or a bullet ("Handball Schweiz\u00a0\u2022\u00a002.02.2022")
             * is not. */
            utf8proc_int32_t cp;
            utf8proc_ssize_t k =
                utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
            utf8proc_category_t cat = k > 0 ? utf8proc_category(cp) : UTF8PROC_CATEGORY_CN;
            word = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
        } else if (c >= 0x80) {
            word = prev_word;
        }
        if (word && !prev_word) {
            scan_t sc = {s, n, i};
            dt_t t;
            if (parse_prefix(&sc, &t)) {
                /* The match must end at a word boundary, or where a second
                 * date is glued to it ("August 19, 2019August 20, 2019"). */
                unsigned char e = sc.i < n ? (unsigned char)s[sc.i] : ' ';
                if (!((e >= '0' && e <= '9') || (e >= 'A' && e <= 'Z') || (e >= 'a' && e <= 'z')) ||
                    date_at(s, n, sc.i)) {
                    format(&t, out);
                    if (at)
                        *at = i;
                    if (len)
                        *len = sc.i - i;
                    return 0;
                }
            }
        }
        /* Continuation bytes do not start a word. */
        prev_word = word;
    }
    return PITH_EINPUT;
}

int pith_date_has_weekday(const char *s, size_t n)
{
    if (!s || n == 0)
        return 0;
    scan_t sc = {s, n, 0};
    skip_blanks(&sc);
    size_t start = sc.i;
    skip_weekday(&sc);
    return sc.i != start;
}
