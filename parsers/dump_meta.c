/* The metadata of a text dump: title, author, date, tags, language code
 * and "Key: value" header blocks, read from the same lines the cleaner
 * classifies (dump_model.h).
 *
 * A dump has no <title>, <h1> or meta tags; what it has is the headline as
 * a line near the top (often twice: the page's title and its heading, or
 * the last part of a breadcrumb), a slug in the URL that spells it, a
 * byline and a date line under it, and sometimes a block of "Key: value"
 * lines printed by a metadata scraper. Each finder looks for one of those
 * shapes and takes a value only when the shape is clear: a wrong title or
 * author is worse than none. Dates in related-post lists and comments lose
 * to the one near the headline. */
#include "dump_model.h"

#include "byline.h"
#include "datefind.h"
#include "dates.h"
#include "urlhost.h"

#include <string.h>
#include <strings.h>

/* The seed scraper's " date 2021-12-31 [https://...] rest" prefix. */
size_t dump_prefix(const char *s, size_t n, pith_doc_t *doc, int *rc)
{
    const char *p = s;
    size_t m = n;
    dump_trim(&p, &m);
    if (m < 15 || strncmp(p, "date ", 5) != 0)
        return 0;
    char out[PITH_DATE_MAX];
    if (pith_date_parse(p + 5, 10, out) != 0)
        return 0;
    if (m > 15 && p[15] != ' ' && p[15] != '\t' && p[15] != '\n')
        return 0;
    *rc = pith_doc_set_if_empty(&doc->date, out, (size_t)-1);
    size_t i = 15;
    while (i < m && (p[i] == ' ' || p[i] == '\t'))
        i++;
    if (*rc == 0 && i + 8 < m &&
        (strncmp(p + i, "http://", 7) == 0 || strncmp(p + i, "https://", 8) == 0)) {
        size_t j = i;
        while (j < m && p[j] != ' ' && p[j] != '\t' && p[j] != '\n')
            j++;
        *rc = pith_doc_set_if_empty(&doc->url, p + i, j - i);
        i = j;
    }
    return (size_t)(p - s) + i;
}

/* A locale code such as en_EN, en-US, ru_RU. */
static int is_locale(const char *s, size_t n)
{
    if (n != 5 || (s[2] != '_' && s[2] != '-'))
        return 0;
    return s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z' &&
           ((s[3] >= 'A' && s[3] <= 'Z') || (s[3] >= 'a' && s[3] <= 'z')) &&
           ((s[4] >= 'A' && s[4] <= 'Z') || (s[4] >= 'a' && s[4] <= 'z'));
}

/* Prefers a full timestamp on the same day over a bare date. */
static int take_date(pith_doc_t *doc, const char *iso)
{
    if (!doc->date)
        return pith_doc_set(&doc->date, iso, (size_t)-1);
    if (strlen(doc->date) == 10 && strlen(iso) > 10 && strncmp(doc->date, iso, 10) == 0)
        return pith_doc_set(&doc->date, iso, (size_t)-1);
    return 0;
}

static int looks_like_title(const block_t *b)
{
    if (b->meta || b->url || b->boiler || b->junk || b->dup)
        return 0;
    if (b->words < 3 || b->words > 40 || b->chars > TITLE_MAX_CHARS)
        return 0;
    /* Headlines do not end with a full stop (they may with ? or !), nor
     * with a colon (a label: "Published:", "Related stories:"). */
    if (b->n && (b->s[b->n - 1] == '.' || b->s[b->n - 1] == ':'))
        return 0;
    return 1;
}

/* Kept apart from looks_like_title, which runs on many blocks: this runs on
 * the few that are about to be taken. */
int dump_is_date_line(const block_t *b)
{
    char iso[PITH_DATE_MAX];
    return b->digits && b->words <= 8 && pith_date_find(b->s, b->n, iso, NULL, NULL) == 0;
}

/* Whether a line could be a headline when only its place or its repetition
 * speaks for it (no slug agrees): four words or more (menus and buttons are
 * shorter: "Back to Gallery", "All sharing options"), no byline or label
 * lead ("By ...", "Von ...", "Автор: ...", "Source: ..."), no bullet, and not
 * a short line with a count ("EKO 10 comments", "2 min read"). */
static int headline_shaped(const block_t *b)
{
    static const char *const leads[] = {"By ",          "by ",     "Von ",  "von ",   "Par ",
                                        "par ",         "Posted ", "Автор", "Author", "Autor",
                                        "\xE2\x80\xA2", "|",       "-",     NULL};
    if (!looks_like_title(b) || b->words < 4)
        return 0;
    for (size_t k = 0; leads[k]; k++)
        if (b->n >= strlen(leads[k]) && memcmp(b->s, leads[k], strlen(leads[k])) == 0)
            return 0;
    /* A label: one word before a colon that is followed by a short value. */
    const char *colon = memchr(b->s, ':', b->n);
    if (colon && !memchr(b->s, ' ', (size_t)(colon - b->s)) && b->words <= 6)
        return 0;
    if (b->digits && b->words <= 6)
        return 0;
    /* A credit: "Medically reviewed by Daniel Murrell, MD", "Photo by ...". */
    if (b->words <= 8)
        for (const char *q = b->s; (q = memmem(q, (size_t)(b->s + b->n - q), " by ", 4)); q += 4)
            if (q + 4 < b->s + b->n && q[4] >= 'A' && q[4] <= 'Z')
                return 0;
    return 1;
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
        if (b->url || b->dup || b->junk || b->words == 0 || b->words > 60 || b->chars > 600)
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
            pith_slug_match(sl, s, n, &words, &hits);
            if (hits < 2 || words > 30)
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
            pith_slug_match(sl, bs + at + tn, bn - at - tn, &words, &hits);
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
    pith_slug_match(&d->slug, b->s, b->n, &words, &hits);
    return hits >= SLUG_MIN;
}

/* Title signals that need no scoring: a short block repeated right away or
 * soon (the page's <title> and <h1>), or a breadcrumb line that ends with the
 * next block's text ("HomeNewsRussia NewsRussian lawmakers ..." followed by
 * "Russian lawmakers ..."). Only the first part of the dump is searched. */
static int find_title(dump_t *d, pith_doc_t *doc)
{
    size_t limit = d->n < 60 ? d->n : 60;
    for (size_t i = 0; i + 1 < limit; i++) {
        block_t *b = &d->b[i];
        if (!headline_shaped(b) || !slug_agrees(d, b))
            continue;
        /* The next non-metadata block, or one a few blocks on, repeats it. */
        for (size_t j = i + 1; j < limit && j <= i + 4; j++) {
            block_t *o = &d->b[j];
            if (o->n == b->n && memcmp(o->s, b->s, b->n) == 0 && !dump_is_date_line(b)) {
                int rc = pith_doc_set_if_empty(&doc->title, b->s, b->n);
                if (rc)
                    return rc;
                b->meta = o->meta = 1;
                return 0;
            }
        }
    }
    for (size_t i = 0; i + 1 < limit; i++) {
        block_t *b = &d->b[i], *t = &d->b[i + 1];
        if (b->n <= t->n + 2 || !headline_shaped(t) || !slug_agrees(d, t))
            continue;
        if (memcmp(b->s + b->n - t->n, t->s, t->n) == 0 && b->words < t->words + 12 &&
            !dump_is_date_line(t)) {
            int rc = pith_doc_set_if_empty(&doc->title, t->s, t->n);
            if (rc)
                return rc;
            b->meta = t->meta = 1;
            /* A later copy of the title is the same heading again. */
            for (size_t j = i + 2; j < limit && j <= i + 5; j++)
                if (d->b[j].n == t->n && memcmp(d->b[j].s, t->s, t->n) == 0)
                    d->b[j].meta = 1;
            return 0;
        }
    }
    return 0;
}

/* Lifts standalone metadata lines: dates (as candidates, see pick_date) and
 * locale codes. */
static int find_meta_lines(dump_t *d, pith_doc_t *doc, date_cand_t *cands, size_t *ncands)
{
    *ncands = 0;
    for (size_t i = 0; i < d->n; i++) {
        block_t *b = &d->b[i];
        if (b->words > 12 || b->chars > 80)
            continue;
        char iso[PITH_DATE_MAX];
        if (b->digits && pith_date_parse(b->s, b->n, iso) == 0) {
            b->meta = 1;
            if (*ncands < MAX_DATE_CANDS) {
                date_cand_t *c = &cands[(*ncands)++];
                c->at = i;
                c->weekday = pith_date_has_weekday(b->s, b->n);
                memcpy(c->iso, iso, sizeof iso);
            }
            continue;
        }
        if (is_locale(b->s, b->n)) {
            b->meta = 1;
            int rc = pith_doc_set_if_empty(&doc->lang, b->s, 2);
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* Whether block i is the headline (the same text as the title). */
static int is_title_block(const block_t *b, const pith_doc_t *doc)
{
    return doc->title && b->n == strlen(doc->title) && memcmp(b->s, doc->title, b->n) == 0;
}

/* Picks the document's date among the standalone date lines. A page header
 * often prints today's date with its weekday ("Wednesday, January 19,
 * 2022"): the day of the scrape, not of the article. Such a line that stands
 * before the headline (or, without one, before the article) with other page
 * furniture (navigation, breadcrumbs, menus) between them is not trusted; a
 * weekday date right above the headline, under it (with the byline) or
 * inside the article is, and so is every date written without a weekday.
 * The first trusted date wins, and a full timestamp of the same day refines
 * a bare date, as before. */
static int pick_date(const dump_t *d, size_t from, int have_region, pith_doc_t *doc,
                     const date_cand_t *cands, size_t ncands)
{
    for (size_t k = 0; k < ncands; k++) {
        const date_cand_t *c = &cands[k];
        /* Under the article: comments and related posts. */
        if (have_region && c->at > d->to)
            continue;
        if (have_region && c->weekday && c->at < from) {
            /* Where the article starts: its headline, or its first block.
             * A date under the headline is the article's. */
            size_t head = from;
            int under = 0;
            for (size_t j = c->at > 12 ? c->at - 12 : 0; j < c->at && !under; j++)
                under = is_title_block(&d->b[j], doc);
            for (size_t j = c->at + 1; j < from && !under; j++)
                if (is_title_block(&d->b[j], doc)) {
                    head = j;
                    break;
                }
            int furniture = 0;
            if (under)
                head = c->at;
            for (size_t j = c->at + 1; j < head && !furniture; j++) {
                int is_date = 0;
                for (size_t q = 0; q < ncands && !is_date; q++)
                    is_date = cands[q].at == j;
                furniture = !is_date;
            }
            if (furniture)
                continue;
        }
        int rc = take_date(doc, c->iso);
        if (rc)
            return rc;
    }
    return 0;
}

/* A tag list: a run of at least three short, lower-case, unpunctuated blocks
 * ("world", "joe biden", "russia" ...), as metadata dumps print them. The
 * first such run gives the tags when none are known yet; all are metadata. */
static int is_tagish(const block_t *b)
{
    /* Single characters are an A-Z index or list markers, not tags. */
    if (b->words == 0 || b->words > 4 || b->chars < 2 || b->chars > 40 || b->caps || b->punct_end ||
        b->url || b->digits == b->words)
        return 0;
    unsigned char c = (unsigned char)b->s[0];
    return !(c >= 'A' && c <= 'Z') && c != '(' && c != '"';
}

static int find_tag_runs(dump_t *d, pith_doc_t *doc)
{
    int have = doc->ntags > 0;
    for (size_t i = 0; i < d->n;) {
        size_t j = i;
        while (j < d->n && (is_tagish(&d->b[j]) || (j > i && d->b[j].meta)))
            j++;
        size_t run = 0;
        for (size_t k = i; k < j; k++)
            run += !d->b[k].meta;
        if (run >= 3) {
            for (size_t k = i; k < j; k++) {
                if (d->b[k].meta)
                    continue;
                d->b[k].meta = 1;
                if (!have) {
                    int rc = pith_doc_add_tag(doc, d->b[k].s, d->b[k].n);
                    if (rc)
                        return rc;
                }
            }
            have = 1;
        }
        i = j > i ? j : i + 1;
    }
    return 0;
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
        if (b->meta || !headline_shaped(b))
            continue;
        char iso[PITH_DATE_MAX];
        if (b->digits && pith_date_find(b->s, b->n, iso, NULL, NULL) == 0)
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
        int signed_off = 0, byline = 0;
        for (size_t j = i + 1; j < d->n && j <= i + 3 && !signed_off; j++) {
            byline = dump_is_byline(d, j);
            signed_off = byline || dump_is_date_line(&d->b[j]);
        }
        /* Right above the article, a line that shares words with the slug
         * is its headline without a byline. */
        if (!signed_off && i + 1 == from && d->slug.n >= 2) {
            unsigned words, hits;
            pith_slug_match(&d->slug, b->s, b->n, &words, &hits);
            signed_off = hits >= 2;
        }
        if (!signed_off || (!byline && !slug_agrees(d, b)))
            break;
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
    pith_slug_inside(d->last, b->s, b->n, &words, &hits);
    return words > 0 && 2 * hits > words;
}

/* A short headline (one to three words: "Unbefriedigt", "Solidarität =
 * Nachbarschaftshilfe") right over a byline: most of its words stand in the
 * URL's last path segment, and it is no label, sentence, date or short
 * word ("Über", whose letters a path holds by chance). */
static int short_in_path(const dump_t *d, const block_t *b)
{
    if (!d->last[0] || b->meta || b->url || b->boiler || b->junk || b->words == 0 || b->words > 3 ||
        b->digits || b->chars < 6 || b->chars > 80)
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
    if (doc->title)
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
            if (b->meta || !headline_shaped(b) || dump_is_date_line(b) || dump_is_byline(d, j))
                continue;
            unsigned words = 0, hits = 0;
            if (d->slug.n >= 2)
                pith_slug_match(&d->slug, b->s, b->n, &words, &hits);
            if (!slug_agrees(d, b) || (skipped && hits < 2)) {
                if (skipped++ || d->slug.n < 2)
                    return 0;
                continue;
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
    if (doc->title || !d->last[0])
        return 0;
    size_t i = from;
    while (i > 0 && (d->b[i - 1].meta || d->b[i - 1].junk))
        i--;
    if (i == 0)
        return 0;
    const block_t *b = &d->b[i - 1];
    if (b->url || b->boiler || b->dup || b->words == 0 || b->words > 24 ||
        b->chars > TITLE_MAX_CHARS || !mostly_in_path(d, b))
        return 0;
    return pith_doc_set(&doc->title, b->s, b->n);
}

/* ---- header blocks and bylines ----------------------------------------- */

enum {
    KEY_NONE = 0,
    KEY_TITLE,
    KEY_AUTHOR,
    KEY_PUBLISHED,
    KEY_UPDATED,
    KEY_URL,
    KEY_SOURCE,
    KEY_TAGS
};

/* The keys of a "Key: value" header, in the stop-word languages. Compared
 * without regard to ASCII case; non-ASCII keys are listed as written. */
static const struct {
    const char *k;
    int f;
} header_keys[] = {
    {"title", KEY_TITLE},
    {"titel", KEY_TITLE},
    {"titre", KEY_TITLE},
    {"titolo", KEY_TITLE},
    {"t\xc3\xadtulo", KEY_TITLE},
    {"tytu\xc5\x82", KEY_TITLE},
    {"headline", KEY_TITLE},
    {"\xd0\x97\xd0\xb0\xd0\xb3\xd0\xbe\xd0\xbb\xd0\xbe\xd0\xb2\xd0\xbe\xd0\xba", KEY_TITLE},
    {"author", KEY_AUTHOR},
    {"authors", KEY_AUTHOR},
    {"autor", KEY_AUTHOR},
    {"autoren", KEY_AUTHOR},
    {"auteur", KEY_AUTHOR},
    {"autore", KEY_AUTHOR},
    {"auteur(s)", KEY_AUTHOR},
    {"by", KEY_AUTHOR},
    {"auteurs", KEY_AUTHOR},
    {"\xd0\x90\xd0\xb2\xd1\x82\xd0\xbe\xd1\x80", KEY_AUTHOR},
    {"published", KEY_PUBLISHED},
    {"date", KEY_PUBLISHED},
    {"datum", KEY_PUBLISHED},
    {"posted", KEY_PUBLISHED},
    {"published on", KEY_PUBLISHED},
    {"ver\xc3\xb6"
     "ffentlicht",
     KEY_PUBLISHED},
    {"publi\xc3\xa9", KEY_PUBLISHED},
    {"publi\xc3\xa9 le", KEY_PUBLISHED},
    {"publicado", KEY_PUBLISHED},
    {"fecha", KEY_PUBLISHED},
    {"data", KEY_PUBLISHED},
    {"pubblicato", KEY_PUBLISHED},
    {"opublikowano", KEY_PUBLISHED},
    {"gepubliceerd", KEY_PUBLISHED},
    {"\xd0\x94\xd0\xb0\xd1\x82\xd0\xb0", KEY_PUBLISHED},
    {"\xd0\x9e\xd0\xbf\xd1\x83\xd0\xb1\xd0\xbb\xd0\xb8\xd0\xba\xd0\xbe\xd0\xb2\xd0\xb0\xd0\xbd\xd0"
     "\xbe",
     KEY_PUBLISHED},
    {"updated", KEY_UPDATED},
    {"modified", KEY_UPDATED},
    {"last updated", KEY_UPDATED},
    {"aktualisiert", KEY_UPDATED},
    {"mis \xc3\xa0 jour", KEY_UPDATED},
    {"actualizado", KEY_UPDATED},
    {"aggiornato", KEY_UPDATED},
    {"\xd0\x9e\xd0\xb1\xd0\xbd\xd0\xbe\xd0\xb2\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xbe", KEY_UPDATED},
    {"url", KEY_URL},
    {"link", KEY_URL},
    {"source url", KEY_URL},
    {"source", KEY_SOURCE},
    {"quelle", KEY_SOURCE},
    {"fuente", KEY_SOURCE},
    {"fonte", KEY_SOURCE},
    {"\xc5\xba\xc3\xb3"
     "d\xc5\x82o",
     KEY_SOURCE},
    {"publisher", KEY_SOURCE},
    {"\xd0\x98\xd1\x81\xd1\x82\xd0\xbe\xd1\x87\xd0\xbd\xd0\xb8\xd0\xba", KEY_SOURCE},
    {"tags", KEY_TAGS},
    {"tag", KEY_TAGS},
    {"keywords", KEY_TAGS},
    {"category", KEY_TAGS},
    {"categories", KEY_TAGS},
    {"kategorie", KEY_TAGS},
    {"schlagw\xc3\xb6rter", KEY_TAGS},
    {"cat\xc3\xa9gorie", KEY_TAGS},
    {"mots-cl\xc3\xa9s", KEY_TAGS},
    {"etiquetas", KEY_TAGS},
    {"categor\xc3\xad"
     "a",
     KEY_TAGS},
    {"categoria", KEY_TAGS},
    {"tagi", KEY_TAGS},
    {"kategoria", KEY_TAGS},
    {"\xd0\xa2\xd0\xb5\xd0\xb3\xd0\xb8", KEY_TAGS},
    {"\xd0\xa0\xd1\x83\xd0\xb1\xd1\x80\xd0\xb8\xd0\xba\xd0\xb0", KEY_TAGS},
};

/* Whether b is "Key: value" with a known key; sets the value's span. */
static int header_line(const block_t *b, const char **v, size_t *vn)
{
    const char *colon = memchr(b->s, ':', b->n < 40 ? b->n : 40);
    if (!colon || colon == b->s)
        return KEY_NONE;
    size_t kn = (size_t)(colon - b->s);
    for (size_t k = 0; k < sizeof header_keys / sizeof *header_keys; k++) {
        if (strlen(header_keys[k].k) != kn || strncasecmp(b->s, header_keys[k].k, kn) != 0)
            continue;
        const char *s = colon + 1;
        size_t n = (size_t)(b->s + b->n - s);
        dump_trim(&s, &n);
        if (!n)
            return KEY_NONE;
        *v = s;
        *vn = n;
        return header_keys[k].f;
    }
    return KEY_NONE;
}

/* A "Key: value" header block (Title, Author, Published, URL, Tags ...):
 * two lines or more in a row with known keys are the page's metadata, read
 * and kept out of the body. Its values come before what the text suggests;
 * the caller's URL stays the URL, and a publication date beats an update. */
static int read_header_blocks(dump_t *d, pith_doc_t *doc)
{
    for (size_t i = 0; i < d->n;) {
        const char *v;
        size_t vn, j = i;
        while (j < d->n && j - i < 32 && header_line(&d->b[j], &v, &vn) != KEY_NONE)
            j++;
        if (j - i < 2) {
            i = j + 1;
            continue;
        }
        char updated[PITH_DATE_MAX] = "";
        int dated = 0, rc = 0;
        for (size_t k = i; k < j && !rc; k++) {
            block_t *b = &d->b[k];
            int f = header_line(b, &v, &vn);
            b->meta = 1;
            char iso[PITH_DATE_MAX];
            switch (f) {
            case KEY_TITLE:
                rc = pith_doc_set(&doc->title, v, vn);
                break;
            case KEY_AUTHOR:
                rc = pith_doc_set(&doc->author, v, vn);
                break;
            case KEY_PUBLISHED:
                if (!dated && (pith_date_parse(v, vn, iso) == 0 ||
                               pith_date_find(v, vn, iso, NULL, NULL) == 0)) {
                    rc = pith_doc_set(&doc->date, iso, (size_t)-1);
                    dated = 1;
                }
                break;
            case KEY_UPDATED:
                if (!updated[0] && pith_date_parse(v, vn, iso) != 0 &&
                    pith_date_find(v, vn, iso, NULL, NULL) != 0)
                    break;
                if (!updated[0])
                    memcpy(updated, iso, sizeof iso);
                break;
            case KEY_URL:
                rc = pith_doc_set_if_empty(&doc->url, v, vn);
                break;
            case KEY_SOURCE:
                rc = pith_doc_set_if_empty(&doc->sitename, v, vn);
                break;
            case KEY_TAGS:
                for (size_t a = 0; a < vn && !rc;) {
                    size_t e = a;
                    while (e < vn && v[e] != ',' && v[e] != ';')
                        e++;
                    const char *t = v + a;
                    size_t tn = e - a;
                    dump_trim(&t, &tn);
                    if (tn)
                        rc = pith_doc_add_tag(doc, t, tn);
                    a = e + 1;
                }
                break;
            default:
                break;
            }
        }
        if (!rc && !dated && updated[0])
            rc = pith_doc_set(&doc->date, updated, (size_t)-1);
        if (rc)
            return rc;
        d->header = 1;
        i = j;
    }
    return 0;
}

/* The date printed with the headline: the first line under it (or just
 * above it) that holds a date among a few words, "Am 13. November 2019 von
 * Henry in Aktuell", "25.01.2022, 10:29 Uhr | Lesezeit 3 Minuten". It is
 * the article's, where a standalone date line further down may belong to a
 * related post or a comment. Prose does not count: a sentence that names a
 * day is about the story. */
static int date_by_head(const dump_t *d, pith_doc_t *doc)
{
    static const int order[] = {1, 2, 3, 4, 5, -1, -2};
    for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
        if ((order[k] < 0 && d->head < (size_t)-order[k]) || d->head + (size_t)order[k] >= d->n)
            continue;
        const block_t *b = &d->b[d->head + (size_t)order[k]];
        if (!b->digits || b->words > 16 || b->chars > 200 || b->cls == CLS_GOOD)
            continue;
        char iso[PITH_DATE_MAX];
        if (pith_date_find(b->s, b->n, iso, NULL, NULL) == 0)
            return take_date(doc, iso);
    }
    return 0;
}

/* A header's author field ("Author: Example Times") is a declared name:
 * the publisher's name there is no author (pith_byline_clean with the site
 * and host), as a meta tag's is not on the HTML path, and the dump's lines
 * are not searched for another (d->declared). Bylines found in the text
 * are checked so where they are found (dump_byline.c). */
static int header_author(dump_t *d, const pith_hints_t *hints, pith_doc_t *doc)
{
    if (!doc->author)
        return 0;
    d->declared = 1;
    char hb[256];
    const char *host = pith_urlhost_get(hints && hints->url ? hints->url : doc->url, hb, sizeof hb);
    pith_buf_t tmp = {0};
    int rc = pith_byline_clean(doc->author, strlen(doc->author), doc->sitename, host, &tmp);
    if (rc == 0)
        rc = pith_doc_set(&doc->author, tmp.len ? tmp.data : NULL, tmp.len);
    pith_buf_free(&tmp);
    return rc;
}

/* ---- the two passes ----------------------------------------------------- */

int dump_meta_read(dump_t *d, const pith_hints_t *hints, pith_doc_t *doc)
{
    int rc;
    pith_slug_from_url(&d->slug, hints && hints->url ? hints->url : doc->url);
    /* An id ends the path ("/news/76785"): the word before it is a section. */
    pith_slug_squash_last(hints && hints->url ? hints->url : doc->url, d->last, sizeof d->last);
    int letters = 0;
    for (const char *q = d->last; *q && !letters; q++)
        letters = *q >= 'a' && *q <= 'z';
    if (!letters)
        d->last[0] = '\0';
    if ((rc = find_meta_lines(d, doc, d->dates, &d->ndates)) || (rc = read_header_blocks(d, doc)) ||
        (rc = header_author(d, hints, doc)) || (rc = title_by_slug(d, &d->slug, doc)) ||
        (rc = find_title(d, doc)) || (rc = find_tag_runs(d, doc)))
        return rc;
    return 0;
}

int dump_meta_finish(dump_t *d, int have_region, size_t from, const pith_hints_t *hints,
                     const char *host, pith_doc_t *doc, pith_buf_t *tmp)
{
    int rc;
    /* With a slug, the line before the article must share a word with it
     * (slug_agrees): else it would be a guess. */
    if (have_region && ((rc = title_before(d, from, doc)) || (rc = title_in_path(d, from, doc)) ||
                        (rc = title_over_byline(d, from, doc))))
        return rc;
    if (!d->have_head && doc->title)
        for (size_t i = 0; i < d->n && !d->have_head; i++)
            if (is_title_block(&d->b[i], doc)) {
                d->head = i;
                d->have_head = 1;
            }
    if (have_region || d->have_head) {
        if ((rc = dump_find_byline(d, d->have_head ? d->head : from, have_region ? from : d->head,
                                   host, doc, tmp)))
            return rc;
    }
    if (d->have_head && !d->header && (rc = date_by_head(d, doc)))
        return rc;
    if ((rc = pick_date(d, from, have_region, doc, d->dates, d->ndates)))
        return rc;
    /* The shared date finder checks the dump's date against the URL's
     * (its day wins, a date of another month than the URL's is dropped)
     * and the fetch time, and takes the URL's day when the text has no
     * date. */
    pith_datefind_t df;
    pith_datefind_init(&df, hints ? hints->fetched : NULL);
    pith_datefind_url(&df, hints && hints->url ? hints->url : doc->url);
    if (doc->date)
        pith_datefind_add(&df, d->header ? PITH_DATESRC_NAMED : PITH_DATESRC_SHOWN, doc->date,
                          strlen(doc->date));
    const char *day = pith_datefind_pick(&df);
    return pith_doc_set(&doc->date, day, day ? strlen(day) : 0);
}
