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
#include "sniff.h"
#include "pith/error.h"

#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#define CARDS_AFTER 30    /* blocks after a closing byline checked for teaser cards */
#define MAX_OPEN_WORDS 24 /* words of a line that opens as a byline */
#define LABELLED_AFTER 12 /* blocks after the article where a labelled byline may stand */

/* A byline: "By Jane Doe", "Von Anna Beck", "Par Jean Dupont", "Автор:
 * ...", or a date line naming its author ("Posted on August 14, 2023 by
 * Margaret Ellison", "22. Dezember 2019 von Peter Addor"). Returns where
 * the names start (the cleaner drops the lead words) or NULL. */
static const char *byline_names(const block_t *b)
{
    static const char *const marks[] = {" by ", " von ", " par ", " por ", NULL};
    if (b->words < 2 || b->words > MAX_OPEN_WORDS || b->chars > 200 || b->s[b->n - 1] == '?' ||
        b->s[b->n - 1] == '!')
        return NULL;
    /* A line that opens as a byline may run on with its dates, times and
     * tags ("By Cat Lafuente/June 12, 2020 9:49 am EST/Updated: Aug. 18,
     * 2020 4:17 pm EST", "Posted by Jane Doe at 18:52 Tagged with: ..."):
     * the cleaner stops at the first of them. */
    if (pith_byline_opens(b->s, b->n) || (b->n > 7 && strncmp(b->s, "Posted ", 7) == 0))
        return b->s;
    if (b->words > 16)
        return NULL;
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
 * a trailing separator ("Marie Merlet |", "Christian Kahle,"); with double_names, a capital
 * after a hyphen ("Quibeldey-Cirkel": where the place says it is a name,
 * as headlines hold compounds such as "Loopstation-Battle"). Section names
 * written in capitals ("REISE-INFO") and lists ("Energie, Umwelt") are not
 * names. */
static int name_shaped(const char *s, size_t n, int double_names)
{
    while (n && (s[n - 1] == '|' || s[n - 1] == ' ' || s[n - 1] == '-' || s[n - 1] == ','))
        n--;
    int start = 1;
    utf8proc_int32_t prev = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0)
            return 0;
        i += (size_t)k;
        utf8proc_int32_t before = prev;
        prev = cp;
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
        } else if (double_names && c == UTF8PROC_CATEGORY_LU && before == '-') {
            /* a double name: "Quibeldey-Cirkel" */
        } else if (c != UTF8PROC_CATEGORY_LL && cp != '.' && cp != '-' && cp != '\'' &&
                   cp != 0x2019) {
            return 0;
        }
    }
    return !start;
}

/* Whether s[0..n) is a list of names ("Jane Doe, John Roe", "Jane Doe,
 * London, John Roe"): parts split at commas, each written as a name, two
 * of them of two words or more (a person's); "Energie, Umwelt" is a list
 * of sections. */
static int names_shaped(const char *s, size_t n)
{
    size_t persons = 0;
    for (size_t i = 0; i < n;) {
        const char *c = memchr(s + i, ',', n - i);
        size_t e = c ? (size_t)(c - s) : n;
        size_t a = i;
        while (a < e && s[a] == ' ')
            a++;
        if (a == e || !name_shaped(s + a, e - a, 1))
            return 0;
        persons += memchr(s + a, ' ', e - a) != NULL;
        i = e + 1;
    }
    return persons >= 2;
}

/* Words that lead into names inside a byline line: whole words, or glued
 * to the name's capital as flattening leaves them ("Veröffentlicht
 * vonChris Jung", "ByJ.R. Stone", "2022Author Redaktion"). */
static const char *const leads[] = {"by",
                                    "von",
                                    "par",
                                    "por",
                                    "door",
                                    "author",
                                    "autor",
                                    "autorin",
                                    "auteur",
                                    "autore",
                                    "\xd0\xbe\xd1\x82" /* от */,
                                    "\xd0\xb0\xd0\xb2\xd1\x82\xd0\xbe\xd1\x80" /* автор */,
                                    "\xd0\x90\xd0\xb2\xd1\x82\xd0\xbe\xd1\x80" /* Автор */,
                                    NULL};

/* Words that follow the names and go on to the date, the time or the
 * section: "Jake Goulding on January 20, 2020", "Cooper am 25.08.2015",
 * "Fatima in Gefühle, Popkultur". */
static const char *const afters[] = {" am ",  " on ",  " in ",         " le ",   " el ", " il ",
                                     " at ",  " um ",  " em ",         " en ",   " op ", " w ",
                                     " for ", " für ", " f\xc3\xbcr ", " dans ", " im ", NULL};

/* How long the names that start at s[0..n) are: up to a digit, a bracket,
 * a separator (| • · / or a spaced dash) or one of the words above. */
static size_t names_len(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= '0' && c <= '9') || c == '(' || c == '[' || c == '|' || c == '/')
            return i;
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xB7)
            return i; /* · */
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0xA2 || (unsigned char)s[i + 2] == 0x93 ||
             (unsigned char)s[i + 2] == 0x94))
            return i; /* • – — */
        if (c != ' ')
            continue;
        if (i + 2 < n && s[i + 1] == '-' && s[i + 2] == ' ')
            return i;
        for (size_t k = 0; afters[k]; k++) {
            size_t l = strlen(afters[k]);
            if (i + l <= n && strncasecmp(s + i, afters[k], l) == 0)
                return i;
        }
    }
    return n;
}

/* Words that may stand before the lead in a byline: "Veröffentlicht
 * vonChris Jung", "Erstellt von Fabian am ...", "Blog Beitrag von ...". */
static const char *const verbs[] = {"posted",
                                    "published",
                                    "written",
                                    "veröffentlicht",
                                    "geschrieben",
                                    "erstellt",
                                    "publiziert",
                                    "verfasst",
                                    "eingestellt",
                                    "gespeichert",
                                    "beitrag",
                                    "artikel",
                                    "ein",
                                    "blog",
                                    "publié",
                                    "écrit",
                                    "publicado",
                                    "escrito",
                                    "scritto",
                                    "pubblicato",
                                    "opublikowano",
                                    "napisany",
                                    "опубликовано",
                                    "story",
                                    "text",
                                    "texte",
                                    "interview",
                                    "reportage",
                                    "kolumne",
                                    "column",
                                    "on",
                                    "am",
                                    "le",
                                    "el",
                                    NULL};

static int in_words(const char *const *list, const char *w, size_t n)
{
    for (size_t k = 0; list[k]; k++)
        if (strlen(list[k]) == n && strncasecmp(w, list[k], n) == 0)
            return 1;
    return 0;
}

/* The names after a lead word in s[0..n): where they start and how long
 * they are, or 0 without a lead followed by a capital. The lead stands
 * after byline words only ("Veröffentlicht vonChris Jung"), or soon after
 * a date that ends at date_end (not (size_t)-1): "22. Dezember 2019 von
 * Peter Addor", "12/04/2020 by Kay 24 Comments". A lead after other words
 * is a preposition in a sentence or a heading ("Leasing von
 * Firmenfahrzeugen", "Photo by ..."). */
static int lead_names(const char *s, size_t n, size_t date_end, size_t *at, size_t *len)
{
    int only_verbs = 1;
    for (size_t i = 0; i < n; i++) {
        int start = i == 0 || s[i - 1] == ' ' || (s[i - 1] >= '0' && s[i - 1] <= '9');
        if (!start || s[i] == ' ')
            continue;
        int placed = only_verbs || (date_end != (size_t)-1 && i >= date_end && i <= date_end + 30);
        for (size_t k = 0; leads[k] && placed; k++) {
            size_t l = strlen(leads[k]);
            if (i + l >= n || strncasecmp(s + i, leads[k], l) != 0)
                continue;
            size_t j = i + l;
            unsigned char c = (unsigned char)s[j];
            if (c == ':' || c == ' ') {
                while (j < n && (s[j] == ':' || s[j] == ' '))
                    j++;
            } else if (!(c >= 'A' && c <= 'Z') || !(s[j - 1] >= 'a' && s[j - 1] <= 'z')) {
                continue; /* "Bycicle", "vonseiten", "PARA SUSCRIPTORES" */
            }
            if (j >= n)
                continue;
            int lower = s[j] >= 'a' && s[j] <= 'z';
            if (!lower && !((s[j] >= 'A' && s[j] <= 'Z') || (unsigned char)s[j] >= 0x80))
                continue;
            *at = j;
            *len = names_len(s + j, n - j);
            while (*len && (s[j + *len - 1] == ' ' || s[j + *len - 1] == ','))
                (*len)--;
            /* A user name in lower case ("von flerche", "by oz on December
             * 4, 2006"): one word after a spaced lead that opens the line
             * (byline words before it aside), the line's last word or the
             * one before the words that go on to the date. */
            if (lower && (!only_verbs || c != ' ' || memchr(s + j, ' ', *len) || *len < 2))
                continue;
            return *len > 0;
        }
        /* The word at i: byline words keep the lead allowed. */
        size_t e = i;
        while (e < n && s[e] != ' ' && !(e > i && s[e] >= '0' && s[e] <= '9'))
            e++;
        if (!in_words(verbs, s + i, e - i))
            only_verbs = 0;
    }
    return 0;
}

/* Where a date that does not parse ends: a date glued to its copy ("14.
 * März 202314. März 2023Author ...") leaves a run of four digits or more,
 * its year, at its end; a line that opens with a digit stands for one too
 * ("22. Dezember 201922. Dezember 2019 von ..."). (size_t)-1 without. */
static size_t glued_date_end(const char *s, size_t n)
{
    size_t end = (size_t)-1, run = 0;
    for (size_t i = 0; i < n; i++) {
        run = s[i] >= '0' && s[i] <= '9' ? run + 1 : 0;
        if (run >= 4)
            end = i + 1;
    }
    if (end == (size_t)-1 && s[0] >= '0' && s[0] <= '9')
        end = 1;
    return end;
}

/* Whether s[0..n) holds a run of five digits or more: a year glued to the
 * day of the date's copy ("202230"). */
static int glued_run(const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        run = s[i] >= '0' && s[i] <= '9' ? run + 1 : 0;
        if (run >= 5)
            return 1;
    }
    return 0;
}

/* A lone label that puts the names on the next line: "Von", "By",
 * "Autor:", "Auteur". */
static int is_label(const block_t *b)
{
    static const char *const labels[] = {
        "by", "von", "par", "por", "door", "author", "authors", "autor", "autorin", "autoren",
        "autor/in", "autor*in", "autor:in", "auteur", "auteurs", "autore", "autori", "text",
        "texte", "texto", "written by", "geschrieben von",
        "\xd0\x90\xd0\xb2\xd1\x82\xd0\xbe\xd1\x80", "\xd0\xb0\xd0\xb2\xd1\x82\xd0\xbe\xd1\x80",
        /* 责任编辑： (the editor in charge), 作者： */
        "\xe8\xb4\xa3\xe4\xbb\xbb\xe7\xbc\x96\xe8\xbe\x91\xef\xbc\x9a",
        "\xe4\xbd\x9c\xe8\x80\x85\xef\xbc\x9a", NULL};
    size_t n = b->n;
    if (b->words == 0 || b->words > 3 || n > 30)
        return 0;
    if (n && b->s[n - 1] == ':')
        n--;
    for (size_t k = 0; labels[k]; k++)
        if (strlen(labels[k]) == n && strncasecmp(b->s, labels[k], n) == 0)
            return 1;
    /* "Artikel von", "Eingestellt von", "Publié par", "words written by":
     * a few words that end with a lead. */
    static const char *const ends[] = {" von", " by", " par", " por", " door", NULL};
    /* Credits for the pictures: "Art by", "Photos by", "Bild von". */
    static const char *const credits[] = {"art",   "photo",  "photos",       "foto",   "fotos",
                                          "bild",  "bilder", "illustration", "image",  "images",
                                          "video", "grafik", "graphic",      "design", NULL};
    const char *sp = memchr(b->s, ' ', n);
    if (b->words > 3 || !sp || in_words(credits, b->s, (size_t)(sp - b->s)))
        return 0;
    for (size_t k = 0; ends[k]; k++) {
        size_t l = strlen(ends[k]);
        if (n > l && strncasecmp(b->s + n - l, ends[k], l) == 0)
            return 1;
    }
    return 0;
}

/* A line that only links a name to the date under it: "—", "-", "|", "am",
 * "on", "le". */
static int is_connector(const block_t *b)
{
    return b->chars <= 3 && !b->digits && b->words <= 1;
}

/* Whether b is a short line that dates the page relative to now: "vor
 * einer Stunde", "Publiziert vor 3 Stunden", "2 hours ago", "hace 5
 * minutos", "il y a 2 heures". */
static int relative_date(const block_t *b)
{
    static const char *const marks[] = {" ago", "vor ", "hace ", "il y a ", NULL};
    static const char *const units[] = {"min",    "stunde",  "hour",      "hora", "heure",
                                        "tag",    "day",     "d\xc3\xad", "jour", "sekunde",
                                        "second", "segundo", NULL};
    if (b->words > 6 || b->chars > 48)
        return 0;
    int mark = 0, unit = 0;
    for (size_t k = 0; marks[k] && !mark; k++)
        mark = pith_sniff_find_ci(b->s, b->n, marks[k]) != NULL;
    for (size_t k = 0; units[k] && !unit; k++)
        unit = pith_sniff_find_ci(b->s, b->n, units[k]) != NULL;
    return mark && unit;
}

/* How many of b's words after the first are the particles of a name
 * ("Ver\xc3\xb3nica De Vita", "Jan Van Dijk", "Anna Von Berg"), written
 * with a capital as the name's other words: the stop words a bare name may
 * hold. The last word is a name's own. */
static unsigned particles(const block_t *b)
{
    static const char *const words[] = {"De", "Da", "Del", "La",  "Van", "Von",
                                        "Di", "Du", "Le",  "Dos", NULL};
    unsigned count = 0;
    const char *sp = memchr(b->s, ' ', b->n);
    while (sp) {
        const char *w = sp + 1;
        const char *end = memchr(w, ' ', (size_t)(b->s + b->n - w));
        size_t wn = (size_t)((end ? end : b->s + b->n) - w);
        for (size_t k = 0; words[k]; k++)
            if (strlen(words[k]) == wn && memcmp(w, words[k], wn) == 0 && end)
                count++;
        sp = end;
    }
    return count;
}

/* A name standing alone under the headline ("Charlotte Elsen"), its date
 * right under it (perhaps after a connector line, or relative to now) or
 * right above it:
 * written as a name, two to four words, no stop words but a name's
 * particles, no digits or sentence end. */
static int bare_name(const dump_t *d, size_t i)
{
    const block_t *b = &d->b[i];
    if (b->words < 2 || b->words > 4 || b->caps != b->words || b->stops > particles(b) ||
        b->digits || b->punct_end || b->boiler || b->url || b->meta || !name_shaped(b->s, b->n, 0))
        return 0;
    if (i + 1 < d->n && dump_is_date_line(&d->b[i + 1]))
        return 1;
    /* The date first, then the name ("June 19, 2019" / "Andrea Middleton"). */
    if (i > d->head + 1 && dump_is_date_line(&d->b[i - 1]))
        return 1;
    /* The date, a connector, then the name ("04.02.2022 | 15:33 Uhr" / "|" /
     * "Dennis Steimels"). */
    if (i > d->head + 2 && is_connector(&d->b[i - 1]) && dump_is_date_line(&d->b[i - 2]))
        return 1;
    /* A date relative to now under the name ("Erstellt: vor 4 Stunden"). */
    if (i + 1 < d->n && relative_date(&d->b[i + 1]))
        return 1;
    return i + 2 < d->n && is_connector(&d->b[i + 1]) && dump_is_date_line(&d->b[i + 2]);
}

/* The names in a date line under the headline: "Janic Cathomen, 01.12.2021"
 * (the name first), "11.12.2019 - Amelie Loevenich" (after the date and a
 * separator). */
static int dated_name(const block_t *b, size_t *at, size_t *len)
{
    char iso[PITH_DATE_MAX];
    size_t da, dl;
    if (!b->digits || b->words > 12)
        return 0;
    if (pith_date_find(b->s, b->n, iso, &da, &dl) != 0) {
        /* "28. Juni 201914. Januar 2020 | Name": a date glued to another. */
        size_t e = glued_date_end(b->s, b->n);
        if (e == (size_t)-1 || e <= 1)
            return 0;
        /* A date glued to its copy starts at the line's first digit: "Arne
         * Sjöström | 29. Dezember 202230. Dezember 2022" has the name
         * before it. A year alone ("Mitte Januar 2022 hat") is no date. */
        da = 0;
        while (da < e && (b->s[da] < '0' || b->s[da] > '9'))
            da++;
        if (da > 0 && (e - da < 5 || !glued_run(b->s + da, e - da)))
            da = 0;
        dl = e - da;
    }
    if (da > 0) {
        size_t e = da;
        while (e && (b->s[e - 1] == ' ' || b->s[e - 1] == ',' || b->s[e - 1] == '-' ||
                     b->s[e - 1] == '|'))
            e--;
        *at = 0;
        *len = e;
        /* Two words at least: one is as often the place ("Lübeck, 31. März"). */
        if (e && e < da && memchr(b->s, ' ', e) &&
            (name_shaped(b->s, e, 0) || names_shaped(b->s, e)))
            return 1;
    }
    for (size_t i = da + dl; i + 3 <= b->n && i <= da + dl + 24; i++) {
        if (b->s[i] != ' ' || (b->s[i + 1] != '-' && b->s[i + 1] != '|') || b->s[i + 2] != ' ')
            continue;
        *at = i + 3;
        *len = names_len(b->s + i + 3, b->n - i - 3);
        while (*len && b->s[*at + *len - 1] == ' ')
            (*len)--;
        return *len && name_shaped(b->s + *at, *len, 1);
    }
    return 0;
}

/* The name in a blog's post line under the headline: the date, the
 * author's name (a user name too) and the link to the comments, nothing
 * else ("26. September 2019 Jane Doe Schreibe einen Kommentar", "January
 * 10, 2019 jdoe 1 Comment", "17. Februar 2020 Jane Doe Kommentare 4
 * Kommentare"). One to three words. */
static int commented_name(const block_t *b, size_t *at, size_t *len)
{
    static const char *const comments[] = {"schreibe einen kommentar",
                                           "hinterlasse einen kommentar",
                                           "leave a comment",
                                           "leave a reply",
                                           "kommentare",
                                           "kommentar",
                                           "comments",
                                           "comment",
                                           "keine kommentare",
                                           "no comments",
                                           NULL};
    char iso[PITH_DATE_MAX];
    size_t da, dl;
    if (!b->digits || b->words > 12 || pith_date_find(b->s, b->n, iso, &da, &dl) != 0 || da > 3)
        return 0;
    size_t i = da + dl, words = 0;
    while (i < b->n && b->s[i] == ' ')
        i++;
    *at = i;
    for (size_t w = i; w < b->n && words <= 3;) {
        /* The comments' link: its phrase, or a count before "Kommentare". */
        size_t dig = w;
        while (dig < b->n && b->s[dig] >= '0' && b->s[dig] <= '9')
            dig++;
        size_t p = dig > w && dig < b->n && b->s[dig] == ' ' ? dig + 1 : w;
        for (size_t k = 0; comments[k]; k++) {
            size_t l = strlen(comments[k]);
            if (b->n - p >= l && strncasecmp(b->s + p, comments[k], l) == 0 &&
                (p + l == b->n || b->s[p + l] == ' ')) {
                *len = w > i ? w - 1 - i : 0;
                return words >= 1 && words <= 3;
            }
        }
        while (w < b->n && b->s[w] != ' ')
            w++;
        while (w < b->n && b->s[w] == ' ')
            w++;
        words++;
    }
    return 0;
}

int dump_is_byline(const dump_t *d, size_t i)
{
    const block_t *b = &d->b[i];
    size_t at, len;
    if (b->words == 0 || b->words > 16 || b->chars > 200)
        return 0;
    if (byline_names(b) || (is_label(b) && i + 1 < d->n && d->b[i + 1].words <= 6))
        return 1;
    size_t date_end = (size_t)-1;
    if (b->digits) {
        char iso[PITH_DATE_MAX];
        size_t da, dl;
        date_end =
            pith_date_find(b->s, b->n, iso, &da, &dl) == 0 ? da + dl : glued_date_end(b->s, b->n);
    }
    return lead_names(b->s, b->n, date_end, &at, &len);
}

/* Whether block i stands a few lines under the headline at head, or under
 * a later copy of it (the page's title printed again over the byline). */
static int under_title(const dump_t *d, size_t i, size_t head, const pith_doc_t *doc)
{
    if (i > head && i <= head + 4)
        return 1;
    size_t tn = doc->title ? strlen(doc->title) : 0;
    for (size_t j = i > 4 ? i - 4 : 0; tn && j < i; j++)
        if (j > head && d->b[j].n == tn && memcmp(d->b[j].s, doc->title, tn) == 0)
            return 1;
    return 0;
}

/* Cleans s[0..n) into tmp and, when a name is left, takes it as the
 * document's author; *took says so. */
static int take_names(const char *s, size_t n, const char *host, pith_doc_t *doc, pith_buf_t *tmp,
                      int *took)
{
    *took = 0;
    int rc = pith_byline_clean(s, n, doc->sitename, host, tmp);
    if (rc || !tmp->len)
        return rc;
    *took = 1;
    return pith_doc_set(&doc->author, tmp->data, tmp->len);
}

/* An author's card under the article: "Über Luis Holuch" / "257 Artikel",
 * "About Jane Doe" / "12 posts": the name after "Über" or "About" (one to
 * four words written as a name) and, on the next line, the count of the
 * author's articles. The name's start into *at. */
static int counted_card(const block_t *b, const block_t *nb, size_t *at)
{
    static const char *const counts[] = {"artikel",
                                         "beitr\xc3\xa4ge",
                                         "articles",
                                         "posts",
                                         "art\xc3\xad"
                                         "culos",
                                         "articoli",
                                         NULL};
    size_t l = b->n > 7 && memcmp(b->s,
                                  "\xc3\x9c"
                                  "ber ",
                                  6) == 0
                   ? 6
               : b->n > 6 && memcmp(b->s, "About ", 6) == 0 ? 6
                                                            : 0;
    if (!l || b->words < 2 || b->words > 5 || b->digits || !name_shaped(b->s + l, b->n - l, 1))
        return 0;
    if (nb->words != 2 || !nb->digits || nb->s[0] < '0' || nb->s[0] > '9')
        return 0;
    const char *sp = memchr(nb->s, ' ', nb->n);
    for (size_t q = 0; sp && nb->s + q < sp; q++)
        if ((nb->s[q] < '0' || nb->s[q] > '9') && nb->s[q] != '.')
            return 0;
    if (!sp || !in_words(counts, sp + 1, (size_t)(nb->s + nb->n - sp - 1)))
        return 0;
    *at = l;
    return 1;
}

/* The author box under the article: a label ("Author", "Autorin", "Über
 * den Autor", "About the author") and the name on the next line, written
 * as a name, or an author's card with the count of their articles
 * (counted_card). Comments sign with names too, but not under such a
 * label. */
static int author_box(dump_t *d, const char *host, pith_doc_t *doc, pith_buf_t *tmp)
{
    static const char *const boxes[] = {"about the author",
                                        "\xc3\xbc"
                                        "ber den autor",
                                        "\xc3\xbc"
                                        "ber die autorin",
                                        "\xc3\xbc"
                                        "ber den autor/ die autorin",
                                        "\xc3\xa0 propos de l'auteur",
                                        "sobre el autor",
                                        "l'autore",
                                        "o autorze",
                                        "written by",
                                        "author",
                                        "authors",
                                        "autor",
                                        "autorin",
                                        "autoren",
                                        "autor/in",
                                        "autor*in",
                                        "autor:in",
                                        "auteur",
                                        "auteurs",
                                        "autore",
                                        "autori",
                                        "\xd0\xb0\xd0\xb2\xd1\x82\xd0\xbe\xd1\x80",
                                        "\xd0\x90\xd0\xb2\xd1\x82\xd0\xbe\xd1\x80",
                                        NULL};
    size_t lo = d->to > 2 ? d->to - 2 : 0, hi = d->to + 25;
    for (size_t i = lo; i + 1 < d->n && i <= hi; i++) {
        const block_t *b = &d->b[i], *nb = &d->b[i + 1];
        size_t n = b->n;
        if (n && b->s[n - 1] == ':')
            n--;
        /* A blog's post footer: "Eingestellt von" / "Weinlachgummi" / "um"
         * / "10:52" ("Posted by ... at ..."), the name as the writer chose
         * it. */
        int footer = i + 3 < d->n && is_label(b) && nb->words <= 3 && nb->chars <= 40 &&
                     !nb->digits && is_connector(&d->b[i + 2]) && d->b[i + 2].words == 1 &&
                     d->b[i + 3].digits && d->b[i + 3].words <= 3;
        size_t at;
        if (!footer && counted_card(b, nb, &at)) {
            int took = 0, rc = take_names(b->s + at, b->n - at, host, doc, tmp, &took);
            if (rc || took)
                return rc;
        }
        if (!footer && (b->words > 5 || !in_words(boxes, b->s, n)))
            continue;
        if (!footer &&
            (nb->words < 2 || nb->words > 4 || nb->digits || !name_shaped(nb->s, nb->n, 1)))
            continue;
        int took = 0, rc = take_names(nb->s, nb->n, host, doc, tmp, &took);
        if (rc || took)
            return rc;
    }
    return 0;
}

/* Whether a line within CARDS_AFTER blocks after block i opens like a
 * byline: the byline at i is then one of a list of teaser cards (headline,
 * lead, "von Ella Glover"), not the article's. */
static int more_bylines(const dump_t *d, size_t i)
{
    for (size_t k = i + 1; k < d->n && k <= i + CARDS_AFTER; k++)
        if (byline_names(&d->b[k]) == d->b[k].s)
            return 1;
    return 0;
}

/* Whether a line from block from on, within CARDS_AFTER blocks before
 * block i, opens like a byline of another name than name: the byline at i
 * closes a list of cards. 1 if so, 0 if not, PITH_ENOMEM. */
static int bylines_before(const dump_t *d, size_t from, size_t i, const char *name,
                          const char *host)
{
    pith_buf_t other = {0};
    int found = 0;
    for (size_t k = i > from + CARDS_AFTER ? i - CARDS_AFTER : from; k < i && !found; k++) {
        const block_t *b = &d->b[k];
        if (byline_names(b) != b->s)
            continue;
        if (pith_byline_clean(b->s, b->n, NULL, host, &other)) {
            found = PITH_ENOMEM;
            break;
        }
        found = other.len && strcmp(other.data, name) != 0;
    }
    pith_buf_free(&other);
    return found;
}

/* A closing byline: the article's last line, or one of the two lines
 * right after it, opens like a byline ("Von Cosima Künzel", "Author: Bo2man
 * am 29.12.2010, 13:36 Uhr"), and no such line follows it (more_bylines);
 * else a labelled one in the article from block from on. Further down,
 * bylines belong to related articles. */
static int closing_line(dump_t *d, size_t from, const char *host, pith_doc_t *doc, pith_buf_t *tmp)
{
    for (size_t i = d->to; i < d->n && i <= d->to + 2; i++) {
        block_t *b = &d->b[i];
        const char *s = b->words <= 10 && !more_bylines(d, i) ? byline_names(b) : NULL;
        int took = 0, rc = 0;
        if (s && s == b->s && (rc = take_names(s, b->n, host, doc, tmp, &took)))
            return rc;
        if (took) {
            b->meta = 1;
            return 0;
        }
    }
    /* Or a labelled byline anywhere in the article ("Text: Ursula Eggers"
     * between its sections, "Autorin: Uta Staschewski, Projektleiterin"
     * over its notes), as on the HTML path, or in the few lines after it
     * (sections a dump's article lost); not one of a list of cards. */
    for (size_t i = from; i <= d->to + LABELLED_AFTER && i < d->n; i++) {
        const block_t *b = &d->b[i];
        if (b->meta || b->chars > 120)
            continue;
        int rc = pith_byline_labelled(b->s, b->n, doc->sitename, host, tmp);
        if (rc)
            return rc;
        /* "Text: <the headline>" credits no one. */
        if (tmp->len && doc->title && strcasestr(doc->title, tmp->data))
            continue;
        if (!tmp->len || more_bylines(d, i))
            continue;
        if ((rc = bylines_before(d, from, i, tmp->data, host)) < 0)
            return rc;
        if (rc == 0)
            return pith_doc_set(&doc->author, tmp->data, tmp->len);
    }
    return 0;
}

/* The dump's links to an author's archive ("Alle Beiträge von Jane Doe",
 * "View all posts by Jane Doe"), as on the HTML path
 * (pith_html_archive_author): the name when they all name one person, a
 * one-word name after "Alles von" not (a brand). */
static int archive_line(const dump_t *d, const char *host, pith_doc_t *doc, pith_buf_t *tmp)
{
    pith_buf_t name = {0};
    int rc = 0, several = 0;
    pith_buf_reset(tmp);
    for (size_t i = 0; i < d->n && rc == 0 && !several; i++) {
        const block_t *b = &d->b[i];
        size_t a = b->chars <= 120 ? pith_byline_archive(b->s, b->n) : 0;
        if (!a || (rc = pith_byline_clean(b->s + a, b->n - a, doc->sitename, host, &name)) ||
            !name.len)
            continue;
        if (a >= 10 && strncasecmp(b->s + a - 10, "alles von ", 10) == 0 &&
            !memchr(name.data, ' ', name.len))
            continue;
        if (!tmp->len)
            rc = pith_buf_append(tmp, name.data, name.len);
        else
            several = strcmp(tmp->data, name.data) != 0;
    }
    pith_buf_free(&name);
    if (rc == 0 && tmp->len && !several)
        rc = pith_doc_set(&doc->author, tmp->data, tmp->len);
    return rc;
}

/* A press release's contact block in the lines after the article
 * ("Pressekontakt" / "Dr. Jane Doe" / "Pressesprecherin" / phone), as on
 * the HTML path (pith_byline_contact_block): the name after the label or on
 * the next line, when nothing else names the author. */
static int contact_line(dump_t *d, const char *host, pith_doc_t *doc, pith_buf_t *tmp)
{
    for (size_t i = d->to; i < d->n && i <= d->to + LABELLED_AFTER; i++) {
        const block_t *b = &d->b[i];
        size_t at = b->chars <= 120 ? pith_byline_contact(b->s, b->n) : 0;
        if (!at)
            continue;
        const char *s = b->s + at;
        size_t n = b->n - at;
        if (n == 0 && i + 1 < d->n && d->b[i + 1].words <= 6 && d->b[i + 1].chars <= 80)
            s = d->b[i + 1].s, n = d->b[i + 1].n;
        /* "Jane Doe Verband: presse@..., Tel. ..." lists contacts. */
        int took = 0, rc = n && !memchr(s, ':', n) ? take_names(s, n, host, doc, tmp, &took) : 0;
        if (rc || took)
            return rc;
    }
    return 0;
}

/* The first byline near the headline (from a few lines above it to the
 * article's first lines) wins: later bylines belong to related posts and
 * comments. A date in the byline line is the article's date and beats other
 * date lines (not a header block's). The shapes, each tried on a line in
 * turn: a byline that opens with its lead or names after a date ("By ...",
 * "Posted on ... by ..."), names after a lead further on ("Veröffentlicht
 * vonChris Jung 28. Februar 2016"), a label with the names on the next line,
 * a bare name under the headline with its date, and a date line with a
 * name. */
int dump_find_byline(dump_t *d, size_t head, size_t from, const char *host, pith_doc_t *doc,
                     pith_buf_t *tmp)
{
    if (doc->author || d->declared)
        return 0;
    size_t lo = head > 12 ? head - 12 : 0, hi = (head > from ? head : from) + 12;
    for (size_t i = lo; i < d->n && i <= hi; i++) {
        block_t *b = &d->b[i];
        /* Well above the headline, only a byline with its date (an
         * article's header repeated above it), not a lone "By ...": a
         * label, the name under it and a date line under that ("By" /
         * "Jane Doe" / "6 Oct 2020 21:22") is one too. */
        int above = i + 4 < head;
        int dated_label = is_label(b) && i + 2 < d->n && dump_is_date_line(&d->b[i + 2]);
        if (above && !b->digits && !dated_label)
            continue;
        int took = 0, rc = 0;
        size_t at, len;
        const char *s = byline_names(b);
        char iso[PITH_DATE_MAX];
        size_t da, dl, date_end = (size_t)-1;
        if (b->digits && pith_date_find(b->s, b->n, iso, &da, &dl) == 0)
            date_end = da + dl;
        else if (b->digits)
            date_end = glued_date_end(b->s, b->n);
        /* The names after the lead first: the cleaner would read on into
         * the section ("von Fatima in Gefühle, Popkultur"). */
        if (b->words <= 16 && b->chars <= 200 && b->s[b->n - 1] != '?' && b->s[b->n - 1] != '!' &&
            lead_names(b->s, b->n, date_end, &at, &len) &&
            (rc = take_names(b->s + at, len, host, doc, tmp, &took)))
            return rc;
        if (!took && s && (rc = take_names(s, (size_t)(b->s + b->n - s), host, doc, tmp, &took)))
            return rc;
        /* Without a headline, a name and a date on one line right above the
         * article ("11.12.2019 - Amelie Loevenich") stand where the byline
         * would under it; a lone name over a date line there is as often a
         * section ("Olympische Winterspiele" / "02 Feb. 2022"). The
         * article's first lines hold the byline as the headline's do
         * ("Jeanne Corriveau" / "19 février 2020" under the lead). */
        int under = (d->have_head && under_title(d, i, head, doc)) || (i >= from && i <= from + 3);
        int over = !d->have_head && i < head && i + 3 >= head;
        if (!took && (!above || dated_label) && is_label(b) && i + 1 < d->n &&
            d->b[i + 1].words <= 6 && d->b[i + 1].chars <= 80 && !d->b[i + 1].url &&
            !d->b[i + 1].meta) {
            if ((rc = take_names(d->b[i + 1].s, d->b[i + 1].n, host, doc, tmp, &took)))
                return rc;
            if (took)
                d->b[i + 1].meta = 1;
        }
        if (!took && under && bare_name(d, i) &&
            (rc = take_names(b->s, b->n, host, doc, tmp, &took)))
            return rc;
        if (!took && (under || over) &&
            (dated_name(b, &at, &len) || commented_name(b, &at, &len)) &&
            (rc = take_names(b->s + at, len, host, doc, tmp, &took)))
            return rc;
        if (!took)
            continue;
        b->meta = 1;
        if (!d->header && b->digits && pith_date_find(b->s, b->n, iso, NULL, NULL) == 0)
            return pith_doc_set(&doc->date, iso, (size_t)-1);
        return 0;
    }
    int rc = d->to ? author_box(d, host, doc, tmp) : 0;
    if (rc == 0 && d->to && !doc->author)
        rc = closing_line(d, from, host, doc, tmp);
    if (rc == 0 && !doc->author)
        rc = archive_line(d, host, doc, tmp);
    return rc == 0 && d->to && !doc->author ? contact_line(d, host, doc, tmp) : rc;
}
