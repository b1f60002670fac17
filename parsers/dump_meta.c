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
#include "sniff.h"
#include "urlhost.h"

#include <string.h>
#include <strings.h>
#include <utf8proc.h>

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

/* Kept apart from looks_like_title, which runs on many blocks: this runs on
 * the few that are about to be taken. */
int dump_is_date_line(const block_t *b)
{
    char iso[PITH_DATE_MAX];
    return b->digits && b->words <= 8 && pith_date_find(b->s, b->n, iso, NULL, NULL) == 0;
}

/* A date line with a word or two around its date: "03.11.2023 15:32 Uhr",
 * "Datum: 18.10.2021", "Stand - 12.11.2021", "14.01.2022 um 09:25", in a
 * line of 48 bytes or less; the date into iso. Outside the date, at most
 * two words with letters, not two capitalised ones (a byline: "11.12.2019 -
 * Amelie Loevenich"), and no number but a time ("Wochenbericht 14. - 20.
 * Januar 2022" is a range, "19 Jan, 2021. 3 min read" a teaser's card). */
static int short_dated(const block_t *b, char iso[PITH_DATE_MAX])
{
    size_t at, len;
    if (b->chars > 48 || b->words > 6 || pith_date_find(b->s, b->n, iso, &at, &len) != 0)
        return 0;
    unsigned words = 0, capitals = 0;
    size_t start = 0;
    for (size_t k = 0; k <= b->n; k++) {
        int cut = k == b->n || (k >= at && k < at + len) || b->s[k] == ' ';
        if (!cut)
            continue;
        if (k > start) {
            const char *w = b->s + start;
            size_t wn = k - start;
            int letters = 0, digits = 0;
            for (size_t q = 0; q < wn; q++) {
                unsigned char c = (unsigned char)w[q];
                letters |= (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
                digits |= c >= '0' && c <= '9';
            }
            if (digits && !memchr(w, ':', wn))
                return 0;
            if (letters && !digits) {
                words++;
                capitals += w[0] >= 'A' && w[0] <= 'Z' && w[wn - 1] != ':';
            }
        }
        start = k + 1;
    }
    return words <= 2 && capitals < 2;
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
        /* A date line is metadata; one with words around the date is a
         * candidate but stays where it is (the region search weighs it
         * as before). */
        int whole = b->digits && pith_date_parse(b->s, b->n, iso) == 0;
        if (whole || (b->digits && short_dated(b, iso))) {
            b->meta |= whole;
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

/* Whether a tagish block opens in lower case: beyond ASCII, with a
 * lower-case letter. A script without case (CJK, Arabic, Bengali) has no
 * lower-case lines: a run of its short lines is a menu as often as tags. */
static int lower_opening(const block_t *b)
{
    if ((unsigned char)b->s[0] < 0x80)
        return 1;
    utf8proc_int32_t cp;
    return utf8proc_iterate((const utf8proc_uint8_t *)b->s, (utf8proc_ssize_t)b->n, &cp) > 0 &&
           utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
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
            /* Such a run stays metadata (the article is not there) but
             * gives no tags. */
            int tags = !have;
            for (size_t k = i; k < j && tags; k++)
                tags = d->b[k].meta || lower_opening(&d->b[k]);
            for (size_t k = i; k < j; k++) {
                if (d->b[k].meta)
                    continue;
                d->b[k].meta = 1;
                if (tags) {
                    int rc = pith_doc_add_tag(doc, d->b[k].s, d->b[k].n);
                    if (rc)
                        return rc;
                }
            }
            have |= tags;
        }
        i = j > i ? j : i + 1;
    }
    return 0;
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

/* Whether s[0..n) (the words before a date) says the date is an update's:
 * "Article mis à jour le 7 janvier 2020", "Updated: ...", "Zuletzt
 * aktualisiert am ...". Letters are compared without case. */
static int names_update(const char *s, size_t n)
{
    static const char *const words[] = {
        "update",
        "aktualisiert",
        "mis \xc3\xa0 jour",
        "actualizado",
        "aggiornato",
        "modifi",
        "ge\xc3\xa4ndert",
        "bijgewerkt",
        "zaktualizowano",
        "\xd0\xbe\xd0\xb1\xd0\xbd\xd0\xbe\xd0\xb2\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xbe",
        NULL};
    for (size_t k = 0; words[k]; k++)
        if (pith_sniff_find_ci(s, n, words[k]))
            return 1;
    return 0;
}

/* Whether s[0..at) ends with the first day of a range: "14. - " before
 * "20. Januar 2022", "3-" before "5 May". */
static int ends_range(const char *s, size_t at)
{
    size_t i = at;
    while (i > 0 && s[i - 1] == ' ')
        i--;
    if (i >= 3 && memcmp(s + i - 3, "\xe2\x80\x93", 3) == 0)
        i -= 3;
    else if (i > 0 && s[i - 1] == '-')
        i--;
    else
        return 0;
    while (i > 0 && s[i - 1] == ' ')
        i--;
    if (i > 0 && s[i - 1] == '.')
        i--;
    return i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9';
}

/* The first of the lines anchor + order[k] that holds a date among a few
 * words (see date_by_head). Prose does not count: a sentence that names a
 * day is about the story; nor does a range ("Wochenbericht 14. - 20.
 * Januar 2022": no one day is the page's). A date that a line names an
 * update's ("Article mis à jour le ...") goes to updated: it is the
 * document's only when no other date is found. */
static int date_near(const dump_t *d, size_t anchor, const int *order, size_t norder, size_t last,
                     pith_doc_t *doc, char updated[PITH_DATE_MAX])
{
    for (size_t k = 0; k < norder; k++) {
        if ((order[k] < 0 && anchor < (size_t)-order[k]) || anchor + (size_t)order[k] >= d->n)
            continue;
        if (order[k] > 5 && anchor + (size_t)order[k] > last)
            continue;
        const block_t *b = &d->b[anchor + (size_t)order[k]];
        if (!b->digits || b->words > 16 || b->chars > 200 || b->cls == CLS_GOOD)
            continue;
        char iso[PITH_DATE_MAX];
        size_t at = 0;
        if (pith_date_find(b->s, b->n, iso, &at, NULL) != 0 || ends_range(b->s, at))
            continue;
        if (!names_update(b->s, at))
            return take_date(doc, iso);
        if (!updated[0])
            memcpy(updated, iso, sizeof iso);
    }
    return 0;
}

/* The date printed with the headline: the first line under it (or just
 * above it) that holds a date among a few words, "Am 13. November 2019 von
 * Henry in Aktuell", "25.01.2022, 10:29 Uhr | Lesezeit 3 Minuten". It is
 * the article's, where a standalone date line further down may belong to a
 * related post or a comment. Five lines under the headline come first,
 * then the two above it, then three more under it: a standfirst, a few
 * lines of byline (one for each author's initials and name) or a related
 * link may stand between the headline and its date ("postado em
 * 04/05/2022 05:49 / atualizado ..."), and a date just above the headline
 * is nearer than a "Released: ..." line inside a fact box under it. The
 * three further lines must be the article's (up to its last block, last):
 * under a short article they are a related post's. */
static int date_by_head(const dump_t *d, size_t last, pith_doc_t *doc, char updated[PITH_DATE_MAX])
{
    static const int order[] = {1, 2, 3, 4, 5, -1, -2, 6, 7, 8};
    return date_near(d, d->head, order, sizeof order / sizeof *order, last, doc, updated);
}

/* Without a headline, the lines just above the article's first block hold
 * what a headline's would: the date printed with the byline ("22. Januar
 * 2020 @ 18:13 // Autor: ..."), nearest first. So do they when the
 * headline stands more than eight lines above the article (share buttons,
 * a picture and its credit, a topic box between them) and no line around
 * it gave a date ("Amelie Siekmann," / "am Sonntag, 11.12.2022 - 05:00"
 * over the first paragraph). */
static int date_above(const dump_t *d, size_t from, pith_doc_t *doc, char updated[PITH_DATE_MAX])
{
    static const int order[] = {-1, -2, -3, -4};
    return date_near(d, from, order, sizeof order / sizeof *order, from, doc, updated);
}

/* Whether b is a short line that heads comments ("Kommentare", "Leave a
 * Reply", "Diskutieren Sie über diesen Artikel"). Letters are compared
 * without case. */
static int names_comments(const block_t *b)
{
    static const char *const words[] = {"comment", "kommentar", "comentario", "diskutieren",
                                        "reply",   "antworten", NULL};
    if (b->words > 6)
        return 0;
    for (size_t k = 0; words[k]; k++)
        if (pith_sniff_find_ci(b->s, b->n, words[k]))
            return 1;
    return 0;
}

/* When nothing else gave a date: the first date line at most eight lines
 * under the article's last block, where pages print their footer of
 * metadata ("Datum: / 19.11.2021 / Autor: ...", "Erscheinungsdatum:
 * 07.02.2022", "von Ulrike / 18.10.2019 16:06 Uhr", a date under the share
 * buttons). Not after a heading of comments (a comment's date). A bare
 * date must stand under a label, a name or a button (a line of at most
 * three words or one that ends with ':'), not under a related post's
 * headline, and have no other date line within six lines under it (a list
 * of dated teasers or comments); a labelled one may have its update under
 * it ("Pubblicato il: ... / Ultimo aggiornamento: ..."). */
static int date_below(const dump_t *d, pith_doc_t *doc)
{
    for (size_t k = 0; k < d->ndates; k++) {
        const date_cand_t *c = &d->dates[k];
        if (c->at <= d->to)
            continue;
        if (c->at > d->to + 8)
            return 0;
        for (size_t j = d->to + 1; j < c->at; j++)
            if (names_comments(&d->b[j]))
                return 0;
        const block_t *prev = &d->b[c->at - 1];
        if (d->b[c->at].meta && ((k + 1 < d->ndates && d->dates[k + 1].at <= c->at + 6) ||
                                 (prev->words > 3 && prev->s[prev->n - 1] != ':')))
            return 0;
        return take_date(doc, c->iso);
    }
    return 0;
}

/* When no line around the headline gave a date: the dateline that opens
 * one of the article's first three paragraphs, a date in its first 40
 * bytes with at most a place before it ("BERLIN, ", "(dpa) ") and a dash,
 * a period or a colon after it ("29.11.2022 – Mehrfach und vehement ...",
 * "31. Oktober 2023. Dragqueens sind ..."). A paragraph of fewer than
 * eight words is no lead. */
static int date_lead(const dump_t *d, size_t from, pith_doc_t *doc)
{
    for (size_t i = from; i < d->n && i <= from + 2 && i <= d->to; i++) {
        const block_t *b = &d->b[i];
        if (!b->digits || b->words < 8)
            continue;
        char iso[PITH_DATE_MAX];
        size_t at, len;
        size_t head = b->n < 40 ? b->n : 40;
        if (pith_date_find(b->s, head, iso, &at, &len) != 0)
            continue;
        unsigned words = 0;
        for (size_t k = 0; k < at; k++)
            words += b->s[k] == ' ';
        if (words > 2)
            continue;
        const char *e = b->s + at + len;
        size_t rest = b->n - at - len;
        if ((rest > 2 &&
             (memcmp(e, " -", 2) == 0 || memcmp(e, ". ", 2) == 0 || memcmp(e, ": ", 2) == 0)) ||
            (rest > 4 && memcmp(e, " \xe2\x80\x93", 4) == 0) ||
            (rest > 4 && memcmp(e, " \xe2\x80\x94", 4) == 0))
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
    const char *url = hints && hints->url ? hints->url : doc->url;
    d->nourl = !url || !*url;
    pith_slug_from_page(&d->slug, url);
    /* An id ends the path ("/news/76785"): the word before it is a section. */
    pith_slug_squash_last(hints && hints->url ? hints->url : doc->url, d->last, sizeof d->last);
    int letters = 0;
    for (const char *q = d->last; *q && !letters; q++)
        letters = *q >= 'a' && *q <= 'z';
    if (!letters)
        d->last[0] = '\0';
    if ((rc = find_meta_lines(d, doc, d->dates, &d->ndates)) || (rc = read_header_blocks(d, doc)) ||
        (rc = header_author(d, hints, doc)) || (rc = dump_title_read(d, doc)) ||
        (rc = find_tag_runs(d, doc)))
        return rc;
    return 0;
}

int dump_meta_finish(dump_t *d, int have_region, size_t from, const pith_hints_t *hints,
                     const char *host, pith_doc_t *doc, pith_buf_t *tmp)
{
    int rc;
    /* With a slug, the line before the article must share a word with it
     * (slug_agrees): else it would be a guess. */
    if (have_region && (rc = dump_title_finish(d, from, doc)))
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
    char updated[PITH_DATE_MAX] = "";
    if (d->have_head && !d->header && (rc = date_by_head(d, have_region ? d->to : 0, doc, updated)))
        return rc;
    int far = d->have_head && !doc->date && from > d->head + 8;
    if ((!d->have_head || far) && have_region && !d->header &&
        (rc = date_above(d, from, doc, updated)))
        return rc;
    if ((rc = pick_date(d, from, have_region, doc, d->dates, d->ndates)))
        return rc;
    if (!doc->date && have_region && (rc = date_lead(d, from, doc)))
        return rc;
    if (!doc->date && have_region && (rc = date_below(d, doc)))
        return rc;
    if (!doc->date && updated[0] && (rc = pith_doc_set(&doc->date, updated, (size_t)-1)))
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
