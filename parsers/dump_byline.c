/* Bylines in text dumps: the author's name from the lines around the
 * headline (dump_model.h).
 *
 * A dump prints the byline as the page showed it: "By Jane Doe", "Posted on
 * August 14, 2023 by Margaret Ellison", "22. Dezember 2019 von Peter
 * Addor", or a bare name under the headline with the date under it. The
 * names are cut out of such a line here and cleaned by the one byline
 * cleaner (byline.c), which drops dates, handles, roles and the publisher.
 * Only lines near the headline count: the same shapes further down belong
 * to related posts, comments and author boxes. */
#include "dump_model.h"

#include "byline.h"
#include "dates.h"

#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* A byline: "By Jane Doe", "Von Anna Beck", "Par Jean Dupont", "Автор:
 * ...", or a date line naming its author ("Posted on August 14, 2023 by
 * Margaret Ellison", "22. Dezember 2019 von Peter Addor"). Returns where
 * the names start (the cleaner drops the lead words) or NULL. */
static const char *byline_names(const block_t *b)
{
    static const char *const marks[] = {" by ", " von ", " par ", " por ", NULL};
    if (b->words < 2 || b->words > 16 || b->chars > 200 || b->s[b->n - 1] == '?' ||
        b->s[b->n - 1] == '!')
        return NULL;
    if (pith_byline_opens(b->s, b->n) || (b->n > 7 && strncmp(b->s, "Posted ", 7) == 0))
        return b->s;
    /* A name after a date: the date first, then the mark soon after it.
     * A date glued to its copy ("22. Dezember 201922. Dezember 2019 von
     * ...") does not parse; a line that opens with a digit stands for it. */
    char iso[PITH_DATE_MAX];
    size_t at = 0, len = 0;
    if (!b->digits)
        return NULL;
    if (pith_date_find(b->s, b->n, iso, &at, &len) != 0) {
        at = 0;
        if (b->s[0] < '0' || b->s[0] > '9')
            return NULL;
        len = 1;
    }
    for (size_t k = 0; marks[k]; k++) {
        size_t n = strlen(marks[k]);
        for (size_t i = at + len; i + n < b->n && i <= at + len + 30; i++)
            if (strncasecmp(b->s + i, marks[k], n) == 0)
                return b->s + i + 1;
    }
    return NULL;
}

/* Whether s[0..n) is written as a name: words of an upper-case letter
 * followed by lower-case letters (and . - '), one space apart, perhaps with
 * a trailing separator ("Marie Merlet |"). Section names written in capitals
 * ("REISE-INFO") and lists ("Energie, Umwelt") are not names. */
static int name_shaped(const char *s, size_t n)
{
    while (n && (s[n - 1] == '|' || s[n - 1] == ' ' || s[n - 1] == '-'))
        n--;
    int start = 1;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            return 0;
        i += (size_t)k;
        if (cp == ' ') {
            if (start)
                return 0;
            start = 1;
            continue;
        }
        utf8proc_category_t c = utf8proc_category(cp);
        if (start) {
            if (c != UTF8PROC_CATEGORY_LU)
                return 0;
            start = 0;
        } else if (c != UTF8PROC_CATEGORY_LL && cp != '.' && cp != '-' && cp != '\'' &&
                   cp != 0x2019) {
            return 0;
        }
    }
    return !start;
}

/* The first byline near the headline (from a few lines above it to the
 * article's first lines) wins: later bylines belong to related posts and
 * comments. A date in the byline line is the article's date and beats other
 * date lines (not a header block's). */
int dump_find_byline(dump_t *d, size_t head, size_t from, const char *host, pith_doc_t *doc,
                     pith_buf_t *tmp)
{
    if (doc->author)
        return 0;
    size_t lo = head > 12 ? head - 12 : 0, hi = (head > from ? head : from) + 12;
    for (size_t i = lo; i < d->n && i <= hi; i++) {
        block_t *b = &d->b[i];
        const char *s = byline_names(b);
        /* Well above the headline, only a byline with its date (an
         * article's header repeated above it), not a lone "By ...". */
        if (s && i + 4 < head && !b->digits)
            s = NULL;
        /* Under the headline, a line of two to four capitalised words
         * without stop words or digits, a date line under it, is its
         * author's name. */
        if (!s && d->have_head && i > head && i <= head + 4 && b->words >= 2 && b->words <= 4 &&
            b->caps == b->words && !b->stops && !b->digits && !b->punct_end && !b->boiler &&
            !b->url && !b->meta && name_shaped(b->s, b->n) && i + 1 < d->n &&
            dump_is_date_line(&d->b[i + 1]))
            s = b->s;
        if (!s)
            continue;
        int rc = pith_byline_clean(s, (size_t)(b->s + b->n - s), doc->sitename, host, tmp);
        if (rc)
            return rc;
        if (!tmp->len)
            continue;
        if ((rc = pith_doc_set(&doc->author, tmp->data, tmp->len)))
            return rc;
        b->meta = 1;
        char iso[PITH_DATE_MAX];
        if (!d->header && b->digits && pith_date_find(b->s, b->n, iso, NULL, NULL) == 0)
            return pith_doc_set(&doc->date, iso, (size_t)-1);
        return 0;
    }
    return 0;
}
