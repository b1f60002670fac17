/* The headline of a text dump (see dump_model.h): a line that the URL's
 * slug spells, one printed twice, the last part of a breadcrumb, and once
 * the article's place is known, the line over it that a byline or a date
 * line signs, or whose words the URL's last segment holds. A line is taken
 * only when its shape is clear: menus, labels, bylines, tag lines, glued
 * breadcrumbs and the lead's sentence look like headlines too, and a wrong
 * title is worse than none. */
#include "dump_model.h"

#include <string.h>
#include <strings.h>

/* Soft hyphens (U+00AD) mark where a word may break; the page shows none
 * ("Mes\u00adsen\u00adger\u00addiens\u00adte" is one word), so they split no word,
 * no repetition and no slug match here. */
#define SHY "\xc2\xad"
#define PLAIN_MAX 1024

/* s[0..*n) without its soft hyphens: s itself when it has none (or is
 * longer than PLAIN_MAX), else a copy in buf (PLAIN_MAX bytes). */
static const char *plain(const char *s, size_t *n, char *buf)
{
    if (*n > PLAIN_MAX || !memmem(s, *n, SHY, 2))
        return s;
    size_t o = 0;
    for (size_t i = 0; i < *n; i++)
        if (i + 1 < *n && memcmp(s + i, SHY, 2) == 0)
            i++;
        else
            buf[o++] = s[i];
    *n = o;
    return buf;
}

/* b's words, a soft hyphen inside a word joining its parts again. */
static unsigned words_of(const block_t *b)
{
    unsigned w = b->words;
    for (const char *p = b->s, *e = b->s + b->n; w > 1 && (p = memmem(p, (size_t)(e - p), SHY, 2));
         p += 2)
        if (p > b->s && p + 2 < e && p[-1] != ' ' && p[2] != ' ')
            w--;
    return w;
}

/* Whether a[0..an) and b[0..bn) read the same, soft hyphens aside. */
static int same_text(const char *a, size_t an, const char *b, size_t bn)
{
    if (an == bn && memcmp(a, b, an) == 0)
        return 1;
    char ba[PLAIN_MAX], bb[PLAIN_MAX];
    a = plain(a, &an, ba);
    b = plain(b, &bn, bb);
    return an == bn && memcmp(a, b, an) == 0;
}

/* Whether b's text ends with t's (a breadcrumb line glued to the
 * headline under it), soft hyphens aside. */
static int ends_with(const block_t *b, const block_t *t)
{
    char bb[PLAIN_MAX], bt[PLAIN_MAX];
    size_t bn = b->n, tn = t->n;
    const char *sb = plain(b->s, &bn, bb), *st = plain(t->s, &tn, bt);
    return bn > tn && memcmp(sb + bn - tn, st, tn) == 0;
}

/* pith_slug_match and pith_slug_inside on s[0..n) without soft hyphens. */
static void match_slug(const pith_slug_t *sl, const char *s, size_t n, unsigned *words,
                       unsigned *hits)
{
    char buf[PLAIN_MAX];
    s = plain(s, &n, buf);
    pith_slug_match(sl, s, n, words, hits);
}

static void inside_path(const char *last, const char *s, size_t n, unsigned *words, unsigned *hits)
{
    char buf[PLAIN_MAX];
    s = plain(s, &n, buf);
    pith_slug_inside(last, s, n, words, hits);
}

/* A PHP error printed into the page ("Warning: Use of undefined constant
 * ... in /var/www/... on line 928"): a broken plugin's, no headline. */
static int php_notice(const block_t *b)
{
    static const char *const kinds[] = {
        "Warning: ", "Notice: ", "Deprecated: ", "Fatal error: ", "Parse error: ", NULL};
    for (size_t k = 0; kinds[k]; k++)
        if (b->n > strlen(kinds[k]) && memcmp(b->s, kinds[k], strlen(kinds[k])) == 0)
            return memmem(b->s, b->n, " on line ", 9) != NULL;
    return 0;
}

/* Whether b holds an ISO 8601 timestamp ("2021-10-27T20:35:36"): a page's
 * hidden metadata flattened into the line ("... angewiesende-DE2021-10-27T
 * 20:35:36+01:00"); no headline is written so. */
static int iso_stamp(const block_t *b)
{
    for (const char *p = b->s, *e = b->s + b->n; (p = memchr(p, 'T', (size_t)(e - p))); p++) {
        if (p - b->s < 10 || e - p < 3 || p[1] < '0' || p[1] > '9' || p[2] < '0' || p[2] > '9')
            continue;
        const char *d = p - 10;
        int ok = d[4] == '-' && d[7] == '-';
        for (int k = 0; ok && k < 10; k++)
            ok = k == 4 || k == 7 || (d[k] >= '0' && d[k] <= '9');
        if (ok)
            return 1;
    }
    return 0;
}

static int looks_like_title(const block_t *b)
{
    if (php_notice(b) || iso_stamp(b))
        return 0;
    if (b->meta || b->url || b->boiler || b->junk || b->dup)
        return 0;
    if (words_of(b) < 3 || words_of(b) > 40 || b->chars > TITLE_MAX_CHARS)
        return 0;
    /* Headlines do not end with a full stop (they may with ? or !), nor
     * with a colon (a label: "Published:", "Related stories:"). */
    if (b->n && (b->s[b->n - 1] == '.' || b->s[b->n - 1] == ':'))
        return 0;
    return 1;
}

/* Menu items or a breadcrumb printed without spaces ("Startseite
 * Lawinenbulletin" as "StartseiteLawinenbulletin"): two places or more where
 * a capital follows three lower-case letters. One is a name ("WordPress",
 * "PyeongChang"). */
static int glued(const block_t *b)
{
    unsigned seams = 0, lower = 0;
    for (size_t k = 0; k < b->n && seams < 2; k++) {
        char c = b->s[k];
        if (c >= 'A' && c <= 'Z' && lower >= 3)
            seams++;
        lower = c >= 'a' && c <= 'z' ? lower + 1 : 0;
    }
    return seams >= 2;
}

/* A line in lower case only ("yes we camp echte demokratie jetzt"): tags or
 * a motto; headlines have capitals. Only ASCII is read: a line with other
 * letters (which may be capitals, or of a script without case) passes. */
static int uncased(const block_t *b)
{
    int letters = 0;
    for (size_t k = 0; k < b->n; k++) {
        unsigned char c = (unsigned char)b->s[k];
        if ((c >= 'A' && c <= 'Z') || c >= 0x80)
            return 0;
        letters |= c >= 'a' && c <= 'z';
    }
    return letters;
}

/* A long line that holds two sentences is prose (a lead, an editor's
 * note: "... in the October issue. We welcome responses"), not a headline:
 * sixteen words or more, and a full stop, '?' or '!' after a lower-case word
 * of four letters or more, then a capital. Headlines of two sentences are
 * short ("Want to See a More Diverse Community? So Do We."). */
static int two_sentences(const block_t *b)
{
    if (words_of(b) < 16)
        return 0;
    size_t low = 0;
    for (size_t k = 0; k + 1 < b->n; k++) {
        unsigned char c = (unsigned char)b->s[k];
        if (c >= 'a' && c <= 'z') {
            low++;
            continue;
        }
        if (low >= 4 && strchr(".!?", c) && c) {
            size_t j = k + 1;
            while (j < b->n && b->s[j] == ' ')
                j++;
            if (j < b->n && b->s[j] >= 'A' && b->s[j] <= 'Z')
                return 1;
        }
        low = c >= 0x80 ? low : 0;
    }
    return 0;
}

/* Whether a line could be a headline when only its place or its repetition
 * speaks for it (no slug agrees): four words or more (menus and buttons are
 * shorter: "Back to Gallery", "All sharing options"), no byline or label
 * lead ("By ...", "Von ...", "Автор: ...", "Source: ...") or a picture's
 * credit ("Foto von ...", "Photo by ..."), no bullet, and not
 * a short line with a count ("EKO 10 comments", "2 min read"). */
static int headline_shaped(const block_t *b)
{
    static const char *const leads[] = {"By ", "by ", "Von ", "von ", "Par ", "par ", "Posted ",
                                        "Автор", "Author", "Autor", "\xE2\x80\xA2", "|", "-",
                                        /* A picture's credit ("Foto von Jane Doe von Pexels"). */
                                        "Foto von ", "Fotos von ", "Bild von ", "Photo by ",
                                        "Photos by ", "Image by ", NULL};
    if (!looks_like_title(b) || words_of(b) < 4 || glued(b) || uncased(b))
        return 0;
    for (size_t k = 0; leads[k]; k++)
        if (b->n >= strlen(leads[k]) && memcmp(b->s, leads[k], strlen(leads[k])) == 0)
            return 0;
    /* A label: one word before a colon that is followed by a short value. */
    const char *colon = memchr(b->s, ':', b->n);
    if (colon && !memchr(b->s, ' ', (size_t)(colon - b->s)) && words_of(b) <= 6)
        return 0;
    if (b->digits && words_of(b) <= 6)
        return 0;
    /* A credit: "Medically reviewed by Daniel Murrell, MD", "Photo by ...". */
    if (words_of(b) <= 8)
        for (const char *q = b->s; (q = memmem(q, (size_t)(b->s + b->n - q), " by ", 4)); q += 4)
            if (q + 4 < b->s + b->n && q[4] >= 'A' && q[4] <= 'Z')
                return 0;
    return !two_sentences(b);
}

/* The headline by the URL's slug: the line (or the last part of a
 * breadcrumb line, "Home » News » Headline") whose words are most of the
 * slug's words and mostly slug words themselves. Both shares must be a half
 * or more, with three words at least in common; the best 2*cover+precision
 * wins, the first one on a tie. */
static int title_by_slug(dump_t *d, const pith_slug_t *sl, pith_doc_t *doc)
{
    static const char *const seps[] = {" \xC2\xBB ", " > ", " / ", " | ", " \xE2\x80\xBA ", NULL};
    if (doc->title || sl->n < 2)
        return 0;
    size_t limit = d->n < 400 ? d->n : 400;
    double best = 0;
    const char *bs = NULL;
    size_t bn = 0, bi = 0;
    for (size_t i = 0; i < limit; i++) {
        block_t *b = &d->b[i];
        if (b->url || b->dup || b->junk || words_of(b) == 0 || words_of(b) > 60 || b->chars > 600)
            continue;
        for (int part = 0; part < 2; part++) {
            const char *s = b->s;
            size_t n = b->n;
            if (part == 1) {
                /* The text after the last breadcrumb separator. */
                const char *cut = NULL;
                for (size_t k = 0; seps[k]; k++) {
                    size_t sn = strlen(seps[k]);
                    for (const char *q = b->s; q + sn <= b->s + b->n; q++)
                        if (memcmp(q, seps[k], sn) == 0 && (!cut || q + sn > cut))
                            cut = q + sn;
                }
                if (!cut)
                    break;
                n = (size_t)(b->s + b->n - cut);
                s = cut;
            }
            if (n && (s[n - 1] == ':'))
                continue;
            unsigned words, hits;
            match_slug(sl, s, n, &words, &hits);
            if (hits < 2 || words > 30)
                continue;
            /* A long line with a full stop is the lead's sentence, which
             * tells the same story in the same words. */
            if (s[n - 1] == '.' && words >= 16)
                continue;
            double cover = (double)(hits > sl->n ? sl->n : hits) / (double)sl->n;
            double prec = (double)hits / (double)words;
            /* Two words in common are as often a name or a section ("US &
             * Canada", "Home Organizing") as the headline, even when the
             * slug has no more: three at least. */
            if (cover < 0.5 || prec < 0.5 || hits < 3)
                continue;
            double score = 2 * cover + prec;
            if (score > best + 1e-9) {
                best = score;
                bs = s;
                bn = n;
                bi = i;
            }
        }
    }
    if (!bs)
        return 0;
    /* A site's name after the headline ("Headline | Site", "Headline -
     * Site"): a short tail without slug words goes. */
    static const char *const tails[] = {" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", NULL};
    for (size_t k = 0; tails[k]; k++) {
        size_t tn = strlen(tails[k]);
        for (size_t at = bn > tn ? bn - tn : 0; at-- > 0;) {
            if (memcmp(bs + at, tails[k], tn) != 0)
                continue;
            unsigned words, hits;
            match_slug(sl, bs + at + tn, bn - at - tn, &words, &hits);
            if (hits == 0 && words <= 4)
                bn = at;
            break;
        }
    }
    d->b[bi].meta = 1;
    d->head = bi;
    d->have_head = 1;
    return pith_doc_set(&doc->title, bs, bn);
}

/* Whether a word of b of six letters or more stands inside the URL's last
 * path segment as part of a compound ("Migration" in
 * ".../staendige_aktualisierung_migrationslage.html"). */
static int part_in_path(const dump_t *d, const block_t *b)
{
    if (!d->last[0])
        return 0;
    size_t i = 0;
    while (i < b->n) {
        while (i < b->n && (b->s[i] == ' ' || b->s[i] == '-' || b->s[i] == '/'))
            i++;
        size_t j = i;
        while (j < b->n && b->s[j] != ' ' && b->s[j] != '-' && b->s[j] != '/')
            j++;
        unsigned words, hits;
        if (j - i >= 6) {
            inside_path(d->last, b->s + i, j - i, &words, &hits);
            if (hits && words == 1)
                return 1;
        }
        i = j;
    }
    return 0;
}

/* Whether b may be the headline as far as the URL's slug can tell: any line
 * without a slug, else one that shares SLUG_MIN words with it. The finders
 * below go by place and repetition; a slug that names nothing in the line
 * says it is a section name, a teaser or the site's motto. */
#define SLUG_MIN 1
#ifndef AFTER_TO
#define AFTER_TO 3
#endif
static int slug_agrees(const dump_t *d, const block_t *b)
{
    if (d->slug.n < 2)
        return 1;
    unsigned words, hits;
    match_slug(&d->slug, b->s, b->n, &words, &hits);
    return hits >= SLUG_MIN || part_in_path(d, b);
}

#define PARAGRAPH_WORDS 25

/* A headline printed twice in a row (the page's title and its heading) may
 * be shorter than headline_shaped asks and hold numbers or a colon
 * ("Topinambur ernten: 3 Profi-Tipps", "Gitarre & Bass 02/2022"): the
 * repetition speaks for it. Still no byline, bullet, label or sentence, and
 * four words at least: a menu's item or a section's name is printed twice
 * as well ("US & Canada", "Wir über uns"). */
static int twin_shaped(const dump_t *d, size_t i)
{
    const block_t *b = &d->b[i], *o = &d->b[i + 1];
    if (i + 1 >= d->n || !same_text(o->s, o->n, b->s, b->n))
        return 0;
    if (b->meta || b->url || b->boiler || b->junk || words_of(b) < 2 || words_of(b) > 40 ||
        b->chars > TITLE_MAX_CHARS || b->s[b->n - 1] == '.' || b->s[b->n - 1] == ':' || glued(b) ||
        uncased(b) || dump_is_date_line(b) || dump_is_byline(d, i) || php_notice(b))
        return 0;
    unsigned char c = (unsigned char)b->s[0];
    if (c == '|' || c == '-' || c == 0xE2)
        return 0;
    const char *colon = memchr(b->s, ':', b->n);
    if (colon && b->s + b->n - colon < 12)
        return 0;
    return words_of(b) >= 4;
}

/* Without a URL, whether a headline found by its place (over a byline or a
 * date line) is a guess: the nearest line above it (metadata and blank
 * lines aside) is headline-shaped as well. A headline over a dek and a dek
 * under a headline look alike; a slug would tell which, and without one no
 * title is better than the wrong one. The line still anchors the search
 * for the byline and the date (d->head), as the title would have. */
static int unsure_without_url(const dump_t *d, size_t i)
{
    if (!d->nourl)
        return 0;
    while (i > 0 && (d->b[i - 1].meta || d->b[i - 1].junk || d->b[i - 1].words == 0))
        i--;
    return i > 0 && headline_shaped(&d->b[i - 1]);
}

/* Whether the text of block i stands in an earlier block too. */
static int copied_before(const dump_t *d, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (same_text(d->b[k].s, d->b[k].n, d->b[i].s, d->b[i].n))
            return 1;
    return 0;
}

/* Title signals that need no scoring: a short block repeated right away or
 * soon (the page's <title> and <h1>), or a breadcrumb line that ends with the
 * next block's text ("HomeNewsRussia NewsRussian lawmakers ..." followed by
 * "Russian lawmakers ..."). Only the first part of the dump is searched. */
static int find_title(dump_t *d, pith_doc_t *doc)
{
    size_t limit = d->n < 60 ? d->n : 60, deep = d->n < 400 ? d->n : 400;
    for (size_t i = 0; i + 1 < deep; i++) {
        block_t *b = &d->b[i];
        /* Past the top, a headline comes before any paragraph: a pair
         * under one is a live blog's entry or a teaser. */
        if (i >= limit && words_of(b) >= PARAGRAPH_WORDS && b->punct_end)
            break;
        if (!(headline_shaped(b) || twin_shaped(d, i)) || !slug_agrees(d, b))
            continue;
        /* The next non-metadata block, or one a few blocks on, repeats it. */
        for (size_t j = i + 1; j < deep && j <= (i < limit ? i + 4 : i + 1); j++) {
            block_t *o = &d->b[j];
            if (same_text(o->s, o->n, b->s, b->n) && !dump_is_date_line(b) &&
                (i < limit || !copied_before(d, i))) {
                b->meta = o->meta = 1;
                d->pair[0] = i;
                d->pair[1] = j;
                d->have_pair = !doc->title || !*doc->title;
                /* Without a URL, only a copy right under it makes the line
                 * the title: one a few lines on is as often a menu's item
                 * or a teaser's (dump_title_finish anchors the byline's
                 * search on it all the same). */
                d->pair_unsure = d->have_pair && d->nourl && j > i + 1;
                return d->pair_unsure ? 0 : pith_doc_set_if_empty(&doc->title, b->s, b->n);
            }
        }
    }
    for (size_t i = 0; i + 1 < limit; i++) {
        block_t *b = &d->b[i], *t = &d->b[i + 1];
        if (b->n <= t->n + 2 || !headline_shaped(t) || !slug_agrees(d, t))
            continue;
        if (ends_with(b, t) && words_of(b) < words_of(t) + 12 && !dump_is_date_line(t)) {
            int rc = pith_doc_set_if_empty(&doc->title, t->s, t->n);
            if (rc)
                return rc;
            b->meta = t->meta = 1;
            /* A later copy of the title is the same heading again. */
            for (size_t j = i + 2; j < limit && j <= i + 5; j++)
                if (same_text(d->b[j].s, d->b[j].n, t->s, t->n))
                    d->b[j].meta = 1;
            return 0;
        }
    }
    return 0;
}

/* A credit or a byline's name: six words at most, each capitalised, with a
 * comma or a slash ("Charlie Wood, Business Insider", "Ilana Muhlstein, MS,
 * RDN", "Amy K. Dragoo/AIMMEDIA"). A date line stands by it as by a
 * headline. */
static int credit_shaped(const block_t *b)
{
    if (words_of(b) > 6 || (!memchr(b->s, ',', b->n) && !memchr(b->s, '/', b->n)))
        return 0;
    int start = 1;
    for (size_t k = 0; k < b->n; k++) {
        unsigned char c = (unsigned char)b->s[k];
        if (c == ' ' || c == ',' || c == '/') {
            start = 1;
            continue;
        }
        if (start && c >= 'a' && c <= 'z')
            return 0;
        start = 0;
    }
    return 1;
}

/* A line with a date among a dozen words is a dateline ("Aus der Region
 * 6. November 2023 15:00 Kommentar schreiben"); a long headline may name a
 * day ("Tagung: ... (26. und 27. 2. 2015)"). */
static int dateline(const block_t *b)
{
    char iso[PITH_DATE_MAX];
    return b->digits && words_of(b) <= 12 && pith_date_find(b->s, b->n, iso, NULL, NULL) == 0;
}

/* Without a repeated title, the headline is the last title-like block shortly
 * before the article. */
static int title_before(dump_t *d, size_t from, pith_doc_t *doc)
{
    if (doc->title)
        return 0;
    size_t stop = from > 8 ? from - 8 : 0;
    for (size_t i = from; i-- > stop;) {
        block_t *b = &d->b[i];
        if (b->meta || !headline_shaped(b) || credit_shaped(b))
            continue;
        if (dateline(b))
            continue;
        if (b->cls == CLS_GOOD)
            break;
        /* Bylines ("By Jane Doe") are not headlines. */
        if (b->n > 3 && (strncmp(b->s, "By ", 3) == 0 || strncmp(b->s, "by ", 3) == 0))
            continue;
        /* Only a line that a byline or a date follows within three lines
         * (a teaser or a section may stand between), as headlines are: a
         * line that merely precedes the article is as often a teaser, a
         * caption or a section name. A byline vouches for the line even
         * when the slug's words (compounds, another wording) are not in it. */
        /* A date line right above it signs it as well ("02 Feb. 2022" /
         * headline / article). */
        int signed_off = i > 0 && d->b[i - 1].meta && dump_is_date_line(&d->b[i - 1]), byline = 0;
        for (size_t j = i + 1; j < d->n && j <= i + 3 && !signed_off; j++) {
            byline = dump_is_byline(d, j);
            signed_off = byline || dump_is_date_line(&d->b[j]);
        }
        /* Right above the article, a line that shares words with the slug
         * is its headline without a byline. */
        if (!signed_off && i + 1 == from && d->slug.n >= 2) {
            unsigned words, hits;
            match_slug(&d->slug, b->s, b->n, &words, &hits);
            signed_off = hits >= 2;
        }
        if (!signed_off)
            continue;
        if (!byline && !slug_agrees(d, b))
            break;
        if (unsure_without_url(d, i)) {
            d->head = i;
            d->have_head = 1;
            return 0;
        }
        return pith_doc_set(&doc->title, b->s, b->n);
    }
    return 0;
}

/* A line that is no label or sentence (it does not end in '.', ':', ',' or
 * ';') and most of whose words stand inside the URL's last path segment,
 * written together: the headline test of short_in_path and title_in_path. */
static int mostly_in_path(const dump_t *d, const block_t *b)
{
    char last = b->s[b->n - 1];
    if (last == '.' || last == ':' || last == ',' || last == ';')
        return 0;
    unsigned words, hits;
    inside_path(d->last, b->s, b->n, &words, &hits);
    return words > 0 && 2 * hits > words;
}

/* A short headline (one to three words: "Unbefriedigt", "Solidarität =
 * Nachbarschaftshilfe") right over a byline: most of its words stand in the
 * URL's last path segment, and it is no label, sentence, date or short
 * word ("Über", whose letters a path holds by chance). */
static int short_in_path(const dump_t *d, const block_t *b)
{
    if (!d->last[0] || b->meta || b->url || b->boiler || b->junk || words_of(b) == 0 ||
        words_of(b) > 3 || b->digits || b->chars < 6 || b->chars > 80)
        return 0;
    return mostly_in_path(d, b);
}

/* Without a headline yet, a byline shortly before the article (or at its
 * top) vouches for the headline-shaped line at most three lines over it,
 * whatever stands between that line and the article: a dek ("The Sixers
 * captured their biggest win ..."), a date, a section name. The nearest
 * byline to the article is read. */
static int title_over_byline(dump_t *d, size_t from, pith_doc_t *doc)
{
    if (doc->title || d->have_head)
        return 0;
    size_t lo = from > 24 ? from - 24 : 0, hi = from + 3 < d->n ? from + 3 : d->n;
    for (size_t i = hi; i-- > lo + 1;) {
        if (!dump_is_byline(d, i))
            continue;
        /* With a slug, a subtitle that shares none of its words may stand
         * between the headline and the byline ("Dezuka Suisan: Deep-Fried
         * Fish Cakes" / "Welcome to the Flavor Capital of Northern Japan" /
         * date / byline): the line over it is tried, then up to five lines
         * over the byline, and taken when it shares two slug words. */
        int skipped = 0;
        for (size_t j = i; j-- > 0 && j + (skipped ? 5 : 3) >= i;) {
            block_t *b = &d->b[j];
            if (j + 1 == i && short_in_path(d, b))
                return pith_doc_set(&doc->title, b->s, b->n);
            if (b->meta || !headline_shaped(b) || dump_is_date_line(b) || dateline(b) ||
                dump_is_byline(d, j))
                continue;
            unsigned words = 0, hits = 0;
            if (d->slug.n >= 2)
                match_slug(&d->slug, b->s, b->n, &words, &hits);
            if (!slug_agrees(d, b) || (skipped && hits < 2)) {
                if (skipped++ || d->slug.n < 2)
                    return 0;
                continue;
            }
            if (unsure_without_url(d, j)) {
                d->head = j;
                d->have_head = 1;
                return 0;
            }
            return pith_doc_set(&doc->title, b->s, b->n);
        }
        return 0;
    }
    return 0;
}

/* Without a headline yet, the line right above the article (dates and other
 * metadata lines between them aside) is the headline when most of its words
 * stand in the URL's last path segment, compounds and one-word slugs
 * included ("Batteriespeicher" over the article at /lexikon/batteriespeicher/,
 * "Unstillbares Heimweh" at /unstillbares-heimweh/): pages whose slug is one
 * word or glued words, which pith_slug_match does not read. Labels (a colon,
 * a comma at the end) and sentences are not headlines. */
static int title_in_path(dump_t *d, size_t from, pith_doc_t *doc)
{
    if (doc->title || d->have_head || !d->last[0])
        return 0;
    size_t i = from;
    while (i > 0 && (d->b[i - 1].meta || d->b[i - 1].junk))
        i--;
    if (i == 0)
        return 0;
    const block_t *b = &d->b[i - 1];
    if (b->url || b->boiler || b->dup || words_of(b) == 0 || words_of(b) > 24 ||
        b->chars > TITLE_MAX_CHARS || !mostly_in_path(d, b))
        return 0;
    return pith_doc_set(&doc->title, b->s, b->n);
}

/* Whether s[0..n), blanks at its end aside, ends in a separator: a colon,
 * a slash, a bar, a dash, an angle quote, a closing quote. */
static int ends_in_separator(const char *s, size_t n)
{
    static const char *const seps[] = {
        "\xc2\xbb", "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\xba", "\xe2\x80\x9c", "\xe2\x80\x9d",
        NULL};
    while (n && s[n - 1] == ' ')
        n--;
    if (n && strchr(":/|->\"", s[n - 1]))
        return 1;
    for (size_t k = 0; seps[k]; k++)
        if (n >= strlen(seps[k]) && memcmp(s + n - strlen(seps[k]), seps[k], strlen(seps[k])) == 0)
            return 1;
    return 0;
}

/* Whether s[0..n) opens with a breadcrumb's first item ("Home News",
 * "Startseite Aktuelles"): a breadcrumb printed without its separators. */
static int breadcrumb_root(const char *s, size_t n)
{
    static const char *const roots[] = {"home ",
                                        "startseite ",
                                        "start ",
                                        "accueil ",
                                        "inicio ",
                                        "homepage ",
                                        "strona g\xc5\x82\xc3\xb3wna ",
                                        NULL};
    for (size_t k = 0; roots[k]; k++)
        if (n > strlen(roots[k]) && strncasecmp(s, roots[k], strlen(roots[k])) == 0)
            return 1;
    return 0;
}

/* A headline glued to a kicker or a breadcrumb ("Neues Auto: Headline",
 * "Home / Betrieb / Headline", "\u00bb Headline") that the page prints
 * alone as well, a few lines over or under it (its <title>, its heading):
 * the line alone is the headline. It must be the longer part: a site's
 * name after a headline ("Headline | Site") is printed alone too. The glued line stays the head
 * that the byline and the date are searched from, and stays in the text as it was. */
#define UNGLUE_SPAN 15
static int unglue_title(dump_t *d, pith_doc_t *doc)
{
    size_t tn = doc->title ? strlen(doc->title) : 0, limit = d->n < 400 ? d->n : 400;
    for (size_t i = 0; tn && i < limit; i++) {
        if (d->b[i].n != tn || memcmp(d->b[i].s, doc->title, tn) != 0)
            continue;
        size_t lo = i > UNGLUE_SPAN ? i - UNGLUE_SPAN : 0;
        for (size_t j = lo; j < d->n && j <= i + UNGLUE_SPAN; j++) {
            const block_t *h = &d->b[j];
            if (h->n + 2 > tn || 2 * h->n <= tn || h->url || h->junk || words_of(h) < 3 ||
                strchr(".:,;", h->s[h->n - 1]) || doc->title[tn - h->n - 1] != ' ' ||
                memcmp(doc->title + tn - h->n, h->s, h->n) != 0 ||
                !(ends_in_separator(doc->title, tn - h->n - 1) ||
                  breadcrumb_root(doc->title, tn - h->n - 1)))
                continue;
            if (!d->have_head) {
                d->head = i;
                d->have_head = 1;
            }
            return pith_doc_set(&doc->title, h->s, h->n);
        }
        return 0;
    }
    return 0;
}

int dump_title_read(dump_t *d, pith_doc_t *doc)
{
    int rc = title_by_slug(d, &d->slug, doc);
    return rc ? rc : find_title(d, doc);
}

int dump_title_finish(dump_t *d, size_t from, pith_doc_t *doc)
{
    int rc;
    /* Without a URL, a line printed twice inside the article is a quote or
     * a section's name repeated, not the headline over it: no title is
     * given; the text and the search for the byline and the date stay as
     * when it was the title. So for a line printed again a few lines on
     * (find_title). */
    if (d->nourl && d->have_pair && (d->pair_unsure || d->pair[0] >= from)) {
        d->head = d->pair[0];
        d->have_head = 1;
        return pith_doc_set(&doc->title, NULL, 0);
    }
    if ((rc = title_before(d, from, doc)) || (rc = title_in_path(d, from, doc)) ||
        (rc = title_over_byline(d, from, doc)))
        return rc;
    return unglue_title(d, doc);
}
