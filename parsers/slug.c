/* URL slug words and their match with a line of text (see slug.h). */
#include "slug.h"

#include <ctype.h>
#include <string.h>
#include <utf8proc.h>

#define LINE_MAX_BYTES 2000
#define PATH_MAX_BYTES 2000

typedef struct {
    char a[PITH_SLUG_TOKLEN]; /* folded: lower case, marks stripped */
    char b[PITH_SLUG_TOKLEN]; /* the same with ä ö ü ß as ae oe ue ss */
    char c[PITH_SLUG_TOKLEN]; /* its ASCII letters and digits only, lower case */
    size_t na, nb, nc;
    int digits_only;
    int has_digit; /* one digit at least: a number or an id ("bb19duqk") */
} word_t;

static void put(char *dst, size_t *n, const char *s, size_t k)
{
    if (*n + k < PITH_SLUG_TOKLEN) {
        memcpy(dst + *n, s, k);
        *n += k;
        dst[*n] = '\0';
    }
}

static void put_cp(char *dst, size_t *n, utf8proc_int32_t cp)
{
    utf8proc_uint8_t e[4];
    utf8proc_ssize_t k = utf8proc_encode_char(cp, e);
    put(dst, n, (const char *)e, (size_t)k);
}

static int is_word_cp(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO) || c == UTF8PROC_CATEGORY_MN;
}

/* Reads the next word of s[*i..n) into w; returns 0 at the end. */
static int next_word(const char *s, size_t n, size_t *i, word_t *w)
{
    memset(w, 0, sizeof *w);
    w->digits_only = 1;
    int in = 0;
    while (*i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + *i, (utf8proc_ssize_t)(n - *i), &cp);
        if (k <= 0) {
            (*i)++;
            if (in)
                return 1;
            continue;
        }
        if (!is_word_cp(cp)) {
            *i += (size_t)k;
            if (in)
                return 1;
            continue;
        }
        *i += (size_t)k;
        in = 1;
        if (cp < '0' || cp > '9')
            w->digits_only = 0;
        else
            w->has_digit = 1;
        utf8proc_int32_t low = utf8proc_tolower(cp);
        if (low < 0x80) {
            char ch = (char)low;
            put(w->c, &w->nc, &ch, 1);
        }
        switch (low) {
        case 0xE4:
            put(w->b, &w->nb, "ae", 2);
            break;
        case 0xF6:
            put(w->b, &w->nb, "oe", 2);
            break;
        case 0xFC:
            put(w->b, &w->nb, "ue", 2);
            break;
        case 0xDF:
            put(w->b, &w->nb, "ss", 2);
            break;
        default:
            break;
        }
        utf8proc_int32_t dec[8];
        int last = 0;
        utf8proc_ssize_t m = utf8proc_decompose_char(
            low, dec, 8, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &last);
        if (m <= 0 || m > 8) {
            dec[0] = low;
            m = 1;
        }
        for (utf8proc_ssize_t j = 0; j < m; j++) {
            put_cp(w->a, &w->na, dec[j]);
            if (low != 0xE4 && low != 0xF6 && low != 0xFC && low != 0xDF)
                put_cp(w->b, &w->nb, dec[j]);
        }
    }
    return in;
}

static int pct_val(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The one reader of a URL's path for both slugs: the path of url (after
 * the host, up to '?' or '#') into *len; NULL when url has none. */
static const char *url_path(const char *url, size_t *len)
{
    const char *p = url ? strstr(url, "://") : NULL;
    p = p ? strchr(p + 3, '/') : NULL;
    if (p)
        *len = strcspn(p, "?#");
    return p;
}

/* The next segment of path[0..len) from *i on (the slashes before it
 * skipped) into *seg and its length; returns 0 when no segment is left. */
static int next_segment(const char *path, size_t len, size_t *i, const char **seg, size_t *n)
{
    while (*i < len && path[*i] == '/')
        (*i)++;
    size_t j = *i;
    while (j < len && path[j] != '/')
        j++;
    *seg = path + *i;
    *n = j - *i;
    *i = j;
    return *n > 0;
}

static void slug_read(pith_slug_t *sl, const char *url, int page)
{
    sl->n = 0;
    int named = 0;
    size_t len = 0, i = 0, sn;
    const char *p = url_path(url, &len), *sp;
    if (!p)
        return;
    if (len > PATH_MAX_BYTES)
        len = PATH_MAX_BYTES;
    while (next_segment(p, len, &i, &sp, &sn)) {
        /* One segment, percent-decoded, its extension dropped. */
        char seg[PATH_MAX_BYTES + 1];
        size_t m = 0;
        for (size_t k = 0; k < sn; k++) {
            int h, l;
            if (sp[k] == '%' && k + 2 < sn && (h = pct_val(sp[k + 1])) >= 0 &&
                (l = pct_val(sp[k + 2])) >= 0) {
                seg[m++] = (char)(h * 16 + l);
                k += 2;
            } else {
                seg[m++] = sp[k];
            }
        }
        seg[m] = '\0';
        char *dot = strrchr(seg, '.');
        if (dot && strlen(dot) <= 6)
            m = (size_t)(dot - seg);
        pith_slug_t cur = {0};
        size_t at = 0, letters = 0;
        word_t w;
        while (cur.n < PITH_SLUG_MAXTOK && next_word(seg, m, &at, &w))
            if (!w.digits_only && w.na) {
                memcpy(cur.tok[cur.n++], w.a, w.na + 1);
                letters += !w.has_digit;
            }
        /* For the page's slug, the last segment of two words or more (ids
         * such as "c4d3321d-fad9-41cb" or "ar-BB19DUqK" are not words);
         * else, and without one, the longest segment, ids and all. */
        if (page && letters >= 2) {
            *sl = cur;
            named = 1;
        } else if (!named && cur.n >= 2 && cur.n > sl->n) {
            *sl = cur;
        }
    }
}

void pith_slug_from_url(pith_slug_t *sl, const char *url)
{
    slug_read(sl, url, 0);
}

void pith_slug_from_page(pith_slug_t *sl, const char *url)
{
    slug_read(sl, url, 1);
}

size_t pith_slug_squash(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++)
        if (isalnum((unsigned char)s[i]))
            out[o++] = (char)tolower((unsigned char)s[i]);
    out[o] = '\0';
    return o;
}

size_t pith_slug_squash_last(const char *url, char *out, size_t cap)
{
    size_t len = 0, i = 0, n, last_n = 0;
    const char *p = url_path(url, &len), *seg, *last = NULL;
    out[0] = '\0';
    if (!p)
        return 0;
    while (next_segment(p, len, &i, &seg, &n)) {
        last = seg;
        last_n = n;
    }
    if (!last)
        return 0;
    /* Up to the first dot: an extension's letters ("...-mai.html") go. */
    const char *dot = memchr(last, '.', last_n);
    return pith_slug_squash(last, dot ? (size_t)(dot - last) : last_n, out, cap);
}

void pith_slug_match(const pith_slug_t *sl, const char *s, size_t n, unsigned *words,
                     unsigned *hits)
{
    *words = *hits = 0;
    if (n > LINE_MAX_BYTES)
        n = LINE_MAX_BYTES;
    size_t at = 0;
    word_t w;
    while (next_word(s, n, &at, &w)) {
        if (w.digits_only)
            continue;
        (*words)++;
        for (size_t k = 0; k < sl->n; k++)
            if (strcmp(sl->tok[k], w.a) == 0 || (w.nb && strcmp(sl->tok[k], w.b) == 0)) {
                (*hits)++;
                break;
            }
    }
}

void pith_slug_inside(const char *last, const char *s, size_t n, unsigned *words, unsigned *hits)
{
    *words = *hits = 0;
    if (n > LINE_MAX_BYTES)
        n = LINE_MAX_BYTES;
    size_t at = 0;
    word_t w;
    while (next_word(s, n, &at, &w)) {
        if (w.digits_only || w.na < 3)
            continue;
        (*words)++;
        if (strstr(last, w.a) || (w.nb && strstr(last, w.b)) ||
            (w.nc >= 3 && w.nc < w.na && strstr(last, w.c)))
            (*hits)++;
    }
}
