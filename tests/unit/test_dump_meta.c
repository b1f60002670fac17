/* Unit tests for the dump metadata finders (dump_meta.c, dump_byline.c)
 * through pith_extract: small hand-written dumps with a headline, a byline
 * or date in one of the shapes flattened pages print, and lines that look
 * like them but are not (a heading with "von", a subscribers' button). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pith/pith.h"

static const char *P1 =
    "The city council voted on Tuesday to expand the bus network, adding three new lines "
    "that will connect the northern suburbs with the central station by the end of next year.";
static const char *P2 =
    "Officials said the plan would cost about 40 million euros, most of which will come from "
    "a regional fund, and that fares would not rise as a result of the expansion.";
static const char *P3 =
    "Residents who spoke at the meeting welcomed the decision but asked for more frequent "
    "service in the evenings, when many of them return from work in the city.";

static const char *URL = "https://example.com/news/council-expands-bus-network-north";

/* A dump of menus, the headline, the lines given (a byline in some shape),
 * the article and a related list; cleaned with URL as its address. */
static pith_doc_t *clean_with(const char *const *lines, int *rc)
{
    pith_buf_t b = {0};
    const char *head[] = {"Home", "News", "Council expands bus network to the north", NULL};
    const char *tail[] = {
        P1, P2, P3, "Related stories", "Ferry returns after repair", "March 2, 2021", NULL};
    for (size_t i = 0; head[i]; i++) {
        assert_int_equal(pith_buf_puts(&b, head[i]), 0);
        assert_int_equal(pith_buf_putc(&b, '\n'), 0);
    }
    for (size_t i = 0; lines[i]; i++) {
        assert_int_equal(pith_buf_puts(&b, lines[i]), 0);
        assert_int_equal(pith_buf_putc(&b, '\n'), 0);
    }
    for (size_t i = 0; tail[i]; i++) {
        assert_int_equal(pith_buf_puts(&b, tail[i]), 0);
        assert_int_equal(pith_buf_putc(&b, '\n'), 0);
    }
    pith_hints_t h = {0};
    h.type = PITH_TYPE_TEXT;
    h.url = URL;
    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    *rc = pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err);
    pith_buf_free(&b);
    return doc;
}

static void expect(const char *const *lines, const char *author, const char *date)
{
    int rc;
    pith_doc_t *doc = clean_with(lines, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(doc->title);
    if (author) {
        if (!doc->author)
            fail_msg("no author from '%s'", lines[0]);
        assert_string_equal(doc->author, author);
    } else if (doc->author) {
        fail_msg("author '%s' from '%s'", doc->author, lines[0]);
    }
    if (date) {
        assert_non_null(doc->date);
        assert_string_equal(doc->date, date);
    }
    pith_doc_destroy(doc);
}

/* Bylines whose names the lead word starts and a date, a time, a separator
 * or a section ends; the lead may be glued to the name by the flattening. */
static void test_byline_lead_words(void **state)
{
    (void)state;
    const char *a[] = {"Veröffentlicht vonAnna Beck 14. März 2023", NULL};
    expect(a, "Anna Beck", "2023-03-14");
    const char *b[] = {"by Jane Doe on March 14, 2023", NULL};
    expect(b, "Jane Doe", "2023-03-14");
    const char *c[] = {"von Anna Beck in Politik, Kultur", NULL};
    expect(c, "Anna Beck", NULL);
    const char *d[] = {"Geschrieben von Peter Addor am 14.03.2023 10:30 (1599 x gelesen)", NULL};
    expect(d, "Peter Addor", "2023-03-14T10:30:00");
    const char *e[] = {"14/03/2023 by Kay Miller 24 Comments", NULL};
    expect(e, "Kay Miller", "2023-03-14");
    const char *f[] = {"Posted on 14. März 202314. März 2023Author Anna Beck", NULL};
    expect(f, "Anna Beck", NULL);
    /* A long line that opens as a byline, dates and updates after the name. */
    const char *g[] = {
        "By Kay Miller/March 14, 2023 9:49 am EST/Updated: Apr. 18, 2023 4:17 pm EST", NULL};
    expect(g, "Kay Miller", NULL);
}

/* A label on its own line with the names on the next; a bare name under
 * the headline with its date under it (after a dash line); a name and a
 * date on one line. */
static void test_byline_split_lines(void **state)
{
    (void)state;
    const char *a[] = {"Von", "Anna Beck", "14. März 2023", NULL};
    expect(a, "Anna Beck", "2023-03-14");
    const char *b[] = {"Auteur", "Marie Merlet", NULL};
    expect(b, "Marie Merlet", NULL);
    const char *c[] = {"Charlotte Elsen", "\xe2\x80\x94", "14. März 2023", NULL};
    expect(c, "Charlotte Elsen", "2023-03-14");
    const char *d[] = {"Janic Cathomen, 14.03.2023", NULL};
    expect(d, "Janic Cathomen", "2023-03-14");
    const char *e[] = {"14.03.2023 - Amelie Loevenich", NULL};
    expect(e, "Amelie Loevenich", "2023-03-14");
}

/* Lines with a lead word that are no bylines: a preposition in a heading,
 * a photo credit, a button in capitals, a one-word section over a date. */
static void test_byline_not_names(void **state)
{
    (void)state;
    const char *a[] = {"Leasing von Firmenfahrzeugen", NULL};
    expect(a, NULL, NULL);
    const char *b[] = {"Photo by Jane Doe", NULL};
    expect(b, NULL, NULL);
    const char *c[] = {"PARA SUSCRIPTORES", NULL};
    expect(c, NULL, NULL);
    const char *d[] = {"Erscheinungsdatum", "14.03.2023", NULL};
    expect(d, NULL, "2023-03-14");
}

/* A slug that matches no line strongly (the headline reworded in the URL)
 * still lets the line over the date or the repeated line be the title when
 * it shares a word with the slug; a line sharing none is a section or a
 * motto, and no title is better (unless a byline vouches for it). */
static void test_title_weak_slug(void **state)
{
    (void)state;
    static const struct {
        const char *headline, *url, *title;
    } cases[] = {
        {"Council expands bus network to the north",
         "https://example.com/news/2023/northern-suburbs-get-buses-council",
         "Council expands bus network to the north"},
        {"Good news for everyone in our town today",
         "https://example.com/news/2023/northern-suburbs-get-buses-council", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        pith_buf_t b = {0};
        const char *lines[] = {"Home", "News", cases[k].headline, "March 14, 2023", P1, P2,
                               P3,     NULL};
        for (size_t i = 0; lines[i]; i++) {
            assert_int_equal(pith_buf_puts(&b, lines[i]), 0);
            assert_int_equal(pith_buf_putc(&b, '\n'), 0);
        }
        pith_hints_t h = {0};
        h.type = PITH_TYPE_TEXT;
        h.url = cases[k].url;
        pith_doc_t *doc = NULL;
        pith_err_t err = {0};
        assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
        if (cases[k].title) {
            assert_non_null(doc->title);
            assert_string_equal(doc->title, cases[k].title);
        } else if (doc->title) {
            fail_msg("title '%s'", doc->title);
        }
        pith_doc_destroy(doc);
        pith_buf_free(&b);
    }
}

/* The line right above the article is its headline when it shares two
 * words with the slug, byline or not; a link label ("Im neuen Tab öffnen")
 * or a reviewer's credit over a date line is not a headline. */
static void test_title_above_article(void **state)
{
    (void)state;
    static const struct {
        const char *line, *title;
    } cases[] = {
        {"Council expands bus network to the north", "Council expands bus network to the north"},
        {"Im neuen Tab \xc3\xb6"
         "ffnen",
         NULL},
        {"Medically reviewed by Daniel Murrell, MD", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        pith_buf_t b = {0};
        const char *lines[] = {
            "Home", "Politics and more", cases[k].line, k ? "March 14, 2023" : P1, P1, P2, P3,
            NULL};
        for (size_t i = 0; lines[i]; i++) {
            assert_int_equal(pith_buf_puts(&b, lines[i]), 0);
            assert_int_equal(pith_buf_putc(&b, '\n'), 0);
        }
        pith_hints_t h = {0};
        h.type = PITH_TYPE_TEXT;
        h.url = k ? "https://example.com/news/reviewed-open-tab"
                  : "https://example.com/news/2023/bus-network-grows-council";
        pith_doc_t *doc = NULL;
        pith_err_t err = {0};
        assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
        if (cases[k].title) {
            assert_non_null(doc->title);
            assert_string_equal(doc->title, cases[k].title);
        } else if (doc->title) {
            fail_msg("title '%s'", doc->title);
        }
        pith_doc_destroy(doc);
        pith_buf_free(&b);
    }
}

/* Over the article, a line whose words stand in the path's last segment is
 * the headline, a one-word slug or glued words included; a section name
 * there whose word the path does not end with is not. */
static void test_title_in_path(void **state)
{
    (void)state;
    static const struct {
        const char *line, *url, *title;
    } cases[] = {
        {"Batteriespeicher", "https://example.de/lexikon/batteriespeicher/", "Batteriespeicher"},
        {"Unstillbares Heimweh", "https://example.de/unstillbaresheimweh", "Unstillbares Heimweh"},
        {"Lexikon", "https://example.de/lexikon/batteriespeicher/", NULL},
        {"News", "https://example.de/news/76785", NULL},
        {"Batteriespeicher,", "https://example.de/lexikon/batteriespeicher/", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        pith_buf_t b = {0};
        const char *lines[] = {"Home", "Kontakt und Impressum", cases[k].line, P1, P2, P3, NULL};
        for (size_t i = 0; lines[i]; i++) {
            assert_int_equal(pith_buf_puts(&b, lines[i]), 0);
            assert_int_equal(pith_buf_putc(&b, '\n'), 0);
        }
        pith_hints_t h = {0};
        h.type = PITH_TYPE_TEXT;
        h.url = cases[k].url;
        pith_doc_t *doc = NULL;
        pith_err_t err = {0};
        assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
        if (cases[k].title) {
            if (!doc->title)
                fail_msg("no title from '%s'", cases[k].line);
            assert_string_equal(doc->title, cases[k].title);
        } else if (doc->title) {
            fail_msg("title '%s'", doc->title);
        }
        pith_doc_destroy(doc);
        pith_buf_free(&b);
    }
}

/* The date printed under the headline among other words is the
 * article's; a date line under the article (a related post, a comment) is
 * not, and no date is better than that one. */
static void test_date_by_headline(void **state)
{
    (void)state;
    int rc;
    const char *a[] = {"14.03.2023, 10:29 Uhr | Lesezeit 3 Minuten", NULL};
    pith_doc_t *doc = clean_with(a, &rc);
    assert_int_equal(rc, 0);
    assert_non_null(doc->date);
    assert_memory_equal(doc->date, "2023-03-14", 10);
    pith_doc_destroy(doc);
    const char *b[] = {NULL};
    doc = clean_with(b, &rc);
    assert_int_equal(rc, 0);
    if (doc->date)
        fail_msg("date '%s' from a related post", doc->date);
    pith_doc_destroy(doc);
}

/* More byline shapes: a label of a few words ending with the lead, the
 * date line first and the name under it, a name under a second copy of
 * the headline, a glued date before "| Name"; a picture credit is none. */
static void test_byline_more_shapes(void **state)
{
    (void)state;
    const char *a[] = {"Artikel von", "Alexa von Heyden", "19. Juni 2019", NULL};
    expect(a, "Alexa von Heyden", NULL);
    const char *b[] = {"June 19, 2019", "Andrea Middleton", NULL};
    expect(b, "Andrea Middleton", NULL);
    const char *c[] = {"Picture: city archive",
                       "Holzenergie",
                       "Heating news",
                       "Council expands bus network to the north",
                       "Amelie Siekmann",
                       "04. Dezember 2022",
                       NULL};
    expect(c, "Amelie Siekmann", NULL);
    const char *d[] = {"28. Juni 201914. Januar 2020 | Klaus Quibeldey-Cirkel", NULL};
    expect(d, "Klaus Quibeldey-Cirkel", NULL);
    const char *e[] = {"Art by", "Koichi", NULL};
    expect(e, NULL, NULL);
    const char *f[] = {"L\xc3\xbc"
                       "beck, 31. M\xc3\xa4rz 2003",
                       NULL};
    expect(f, NULL, NULL); /* a place, not a name */
    const char *g[] = {"14.03.2023 | 10:30 Uhr", "|", "Dennis Steimels", NULL};
    expect(g, "Dennis Steimels", NULL);
    const char *h[] = {"Arne Sj\xc3\xb6str\xc3\xb6m | 29. Dezember 202230. Dezember 2022 | HR-Welt",
                       NULL};
    expect(h, "Arne Sj\xc3\xb6str\xc3\xb6m", NULL);
    const char *i[] = {"Mitte Januar 2022 hat", NULL};
    expect(i, NULL, NULL); /* a year alone is no glued date */
    const char *j[] = {"Christian Kahle,", "03.11.2023 15:32 Uhr", NULL};
    expect(j, "Christian Kahle", "2023-11-03T15:32:00");
}

/* A user name in lower case after a lead that opens the line; after a lead
 * further on (a heading's "von") it is none. */
static void test_byline_user_names(void **state)
{
    (void)state;
    const char *a[] = {"von flerche", "14. M\xc3\xa4rz 2023", NULL};
    expect(a, "flerche", "2023-03-14");
    const char *b[] = {"by oz on March 14, 2023", NULL};
    expect(b, "oz", "2023-03-14");
    const char *c[] = {"Gamescom 2010 aus Sicht von dzs", NULL};
    expect(c, NULL, NULL);
    const char *d[] = {"by the council", NULL};
    expect(d, NULL, NULL);
    /* A blog's post line: the date, the name and the comments' link. */
    const char *f[] = {"14. M\xc3\xa4rz 2023 Lena Brandt Schreibe einen Kommentar", NULL};
    expect(f, "Lena Brandt", "2023-03-14");
    const char *g[] = {"March 14, 2023 jdoe 3 Comments", NULL};
    expect(g, "jdoe", "2023-03-14");
    const char *h[] = {"14. M\xc3\xa4rz 2023 Stadtrat beschließt neue Linien 3 Kommentare", NULL};
    expect(h, NULL, NULL);
    /* "vom" (von dem) before a handle, in lower case. */
    const char *e[] = {"vom Stadtschreiber", NULL};
    expect(e, "Stadtschreiber", NULL);
}

/* The dump of test_byline_labelled: the headline, sixteen paragraphs (the
 * line stands far below the headline), line, five more. */
static char *labelled_author(const char *line)
{
    pith_buf_t b = {0};
    const char *paras[] = {P1, P2, P3};
    assert_int_equal(pith_buf_puts(&b, "Home\nNews\nCouncil expands bus network to the north\n"),
                     0);
    for (int i = 0; i < 21; i++) {
        assert_int_equal(pith_buf_printf(&b, "%d. %s\n", i + 1, paras[i % 3]), 0);
        if (i == 15)
            assert_int_equal(pith_buf_printf(&b, "%s\n", line), 0);
    }
    assert_int_equal(pith_buf_puts(&b, "Related stories\nFerry returns after repair\n"), 0);
    pith_hints_t h = {0};
    h.type = PITH_TYPE_TEXT;
    h.url = URL;
    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
    char *author = doc->author ? strdup(doc->author) : NULL;
    pith_doc_destroy(doc);
    pith_buf_free(&b);
    return author;
}

/* A labelled byline inside the article ("Text: Jane Doe" between its
 * sections) signs it, as on the HTML path; not a label over the headline
 * ("Text: <the headline>" credits no one), nor a sentence. */
static void test_byline_labelled(void **state)
{
    (void)state;
    char *a = labelled_author("Text: Lena Brandt");
    assert_non_null(a);
    assert_string_equal(a, "Lena Brandt");
    free(a);
    a = labelled_author("von Lena Brandt");
    assert_non_null(a);
    assert_string_equal(a, "Lena Brandt");
    free(a);
    a = labelled_author("Text: Council expands bus network");
    assert_null(a);
    a = labelled_author("Text und Bilder sind urheberrechtlich gesch\xc3\xbctzt.");
    assert_null(a);
}

/* Without a byline, the dump's link to the author's archive names the
 * author, when all such links name one person. */
static void test_byline_archive_link(void **state)
{
    (void)state;
    char *a = labelled_author("Alle Artikel von Lena Brandt");
    assert_non_null(a);
    assert_string_equal(a, "Lena Brandt");
    free(a);
    a = labelled_author("Alles von Apple");
    assert_null(a);
}

/* A byline that signs with the publisher's name (the host's: the dump is
 * example.com's) names the author; a header's bare author field with that
 * name is the publisher's. */
static void test_byline_signed_by_publisher(void **state)
{
    (void)state;
    const char *a[] = {"Von: Example", NULL};
    expect(a, "Example", NULL);
    pith_buf_t b = {0};
    assert_int_equal(pith_buf_printf(&b,
                                     "Title: Council expands bus network to the north\n"
                                     "Author: Example\nDate: 2023-03-14\n\n%s\n%s\n%s\n",
                                     P1, P2, P3),
                     0);
    pith_hints_t h = {0};
    h.type = PITH_TYPE_TEXT;
    h.url = URL;
    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
    assert_null(doc->author);
    pith_doc_destroy(doc);
    pith_buf_free(&b);
}

/* A headline that the page prints again in a list further down (most read,
 * related) is still the headline over its byline. */
static void test_title_repeated_below(void **state)
{
    (void)state;
    pith_buf_t b = {0};
    const char *lines[] = {"Home",
                           "News",
                           "Council expands bus network to the north",
                           "By Anna Beck",
                           P1,
                           P2,
                           P3,
                           "Most read",
                           "Council expands bus network to the north",
                           "Ferry returns after repair",
                           NULL};
    for (size_t i = 0; lines[i]; i++) {
        assert_int_equal(pith_buf_puts(&b, lines[i]), 0);
        assert_int_equal(pith_buf_putc(&b, '\n'), 0);
    }
    pith_hints_t h = {0};
    h.type = PITH_TYPE_TEXT;
    h.url = "https://example.com/?p=2895";
    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Council expands bus network to the north");
    assert_non_null(doc->author);
    assert_string_equal(doc->author, "Anna Beck");
    pith_doc_destroy(doc);
    pith_buf_free(&b);
}

/* A byline three lines under the headline (a teaser and a section name
 * between) vouches for it, even when the slug words it differently. */
static void test_title_over_byline(void **state)
{
    (void)state;
    pith_buf_t b = {0};
    const char *lines[] = {"Home",
                           "News",
                           "Council expands bus network to the north",
                           "A look at what the plan means for the northern suburbs.",
                           "Politik",
                           "By Anna Beck",
                           P1,
                           P2,
                           P3,
                           NULL};
    for (size_t i = 0; lines[i]; i++) {
        assert_int_equal(pith_buf_puts(&b, lines[i]), 0);
        assert_int_equal(pith_buf_putc(&b, '\n'), 0);
    }
    pith_hints_t h = {0};
    h.type = PITH_TYPE_TEXT;
    h.url = "https://example.com/magazin/staerkenorientierte-fuehrung";
    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Council expands bus network to the north");
    pith_doc_destroy(doc);
    pith_buf_free(&b);
}

/* A byline before the article vouches for the headline up to three lines
 * over it (a slug word in it), a long dek between them; with no byline
 * there is no headline. */
static void test_title_over_far_byline(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        pith_buf_t b = {0};
        const char *lines[] = {"Home",
                               "News",
                               "Council expands bus network to the north",
                               "The city council voted to expand the bus network on Tuesday, and "
                               "three new lines will link the northern suburbs with the centre.",
                               k ? "Share" : "By",
                               k ? "Print" : "Anna Beck",
                               "Transport",
                               "Buses",
                               "Photo: City archive",
                               "Share",
                               "Print",
                               P1,
                               P2,
                               P3,
                               NULL};
        for (size_t i = 0; lines[i]; i++) {
            assert_int_equal(pith_buf_puts(&b, lines[i]), 0);
            assert_int_equal(pith_buf_putc(&b, '\n'), 0);
        }
        pith_hints_t h = {0};
        h.type = PITH_TYPE_TEXT;
        h.url = "https://example.com/news/2023/council-buses-north";
        pith_doc_t *doc = NULL;
        pith_err_t err = {0};
        assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
        if (k == 0) {
            if (!doc->title)
                fail_msg("no title over a byline");
            assert_string_equal(doc->title, "Council expands bus network to the north");
        } else if (doc->title) {
            fail_msg("title '%s' without a byline", doc->title);
        }
        pith_doc_destroy(doc);
        pith_buf_free(&b);
    }
}

/* Without a headline, a name and a date on one line right above the article
 * are the byline; a lone name-like line over a date line there is not. */
static void test_byline_without_headline(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        pith_buf_t b = {0};
        const char *lines[] = {"Home",
                               "Team",
                               "Variablen",
                               k ? "Olympische Winterspiele" : "11.12.2019 - Amelie Loevenich",
                               k ? "02 Feb. 2022" : P1,
                               P1,
                               P2,
                               P3,
                               NULL};
        for (size_t i = 0; lines[i]; i++) {
            assert_int_equal(pith_buf_puts(&b, lines[i]), 0);
            assert_int_equal(pith_buf_putc(&b, '\n'), 0);
        }
        pith_hints_t h = {0};
        h.type = PITH_TYPE_TEXT;
        h.url = "https://example.com/blog/191211_variables/";
        pith_doc_t *doc = NULL;
        pith_err_t err = {0};
        assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
        if (doc->title)
            fail_msg("title '%s'", doc->title);
        if (k == 0) {
            if (!doc->author)
                fail_msg("no author from a dated name over the article");
            assert_string_equal(doc->author, "Amelie Loevenich");
        } else if (doc->author) {
            fail_msg("author '%s' from a section over a date", doc->author);
        }
        pith_doc_destroy(doc);
        pith_buf_free(&b);
    }
}

/* Without a headline, a name with its date in the article's first lines
 * is the byline ("Jeanne Corriveau" / "19 février 2020" under the lead
 * paragraph); a name-like line without a date there is not. */
static void test_byline_article_top(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        pith_buf_t b = {0};
        const char *lines[] = {"Home",
                               "Team",
                               "Variablen",
                               P1,
                               "Jeanne Corriveau",
                               k ? "Politique municipale" : "19 f\xc3\xa9vrier 2020",
                               P2,
                               P3,
                               NULL};
        for (size_t i = 0; lines[i]; i++) {
            assert_int_equal(pith_buf_puts(&b, lines[i]), 0);
            assert_int_equal(pith_buf_putc(&b, '\n'), 0);
        }
        pith_hints_t h = {0};
        h.type = PITH_TYPE_TEXT;
        h.url = "https://example.com/blog/191211_variables/";
        pith_doc_t *doc = NULL;
        pith_err_t err = {0};
        assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
        if (k == 0) {
            if (!doc->author)
                fail_msg("no author from a dated name at the article's top");
            assert_string_equal(doc->author, "Jeanne Corriveau");
        } else if (doc->author) {
            fail_msg("author '%s' from a name without a date", doc->author);
        }
        pith_doc_destroy(doc);
        pith_buf_free(&b);
    }
}

/* Without a byline at the top, the author box under the article names the
 * author: a label and the name on the next line; a name under the article
 * without the label (a comment's signature) does not. */
static void test_author_box(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        pith_buf_t b = {0};
        const char *lines[] = {"Home",
                               "News",
                               "Council expands bus network to the north",
                               P1,
                               P2,
                               P3,
                               k ? "Comments" : "About the author",
                               "Jake Goulding",
                               "Jake writes about transport and the city.",
                               NULL};
        for (size_t i = 0; lines[i]; i++) {
            assert_int_equal(pith_buf_puts(&b, lines[i]), 0);
            assert_int_equal(pith_buf_putc(&b, '\n'), 0);
        }
        pith_hints_t h = {0};
        h.type = PITH_TYPE_TEXT;
        h.url = URL;
        pith_doc_t *doc = NULL;
        pith_err_t err = {0};
        assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
        if (!k) {
            assert_non_null(doc->author);
            assert_string_equal(doc->author, "Jake Goulding");
        } else if (doc->author) {
            fail_msg("author '%s' from a comment", doc->author);
        }
        pith_doc_destroy(doc);
        pith_buf_free(&b);
    }
}

/* The author box's label in the forms written for both genders and in the
 * plural; a blog's post footer names its writer as chosen ("Eingestellt
 * von" / "Weinlachgummi" / "um" / "10:52"), but the label and one word
 * without the time are not taken. */
static void test_author_footer(void **state)
{
    (void)state;
    const char *const cases[][5] = {
        {"Autor*in", "Jake Goulding", "Jake writes about transport.", NULL, "Jake Goulding"},
        {"Autoren", "Jake Goulding", "Jake writes about transport.", NULL, "Jake Goulding"},
        {"Eingestellt von", "Weinlachgummi", "um", "10:52", "Weinlachgummi"},
        {"Eingestellt von", "Weinlachgummi", "Labels", "Rezension", NULL},
    };
    /* Enough article that the footer stands far under the headline. */
    static const char *const more[] = {
        "The first of the new lines will run every ten minutes during the day and every "
        "twenty minutes in the evening, the transport department said on Wednesday.",
        "Drivers for the new routes will be hired over the winter, and the company that runs "
        "the network expects to train about sixty of them before the service begins.",
        "Shop owners along the planned routes said they hoped the buses would bring more "
        "customers, while some residents worried about noise on narrow streets.",
        "The council also asked the operator to study night buses on weekends, which students "
        "at the university have been requesting for several years now.",
        "A public consultation on the exact position of the stops will open next month and "
        "run for six weeks, with meetings in each of the districts concerned.",
        "Cyclists' groups welcomed the plan as well, provided that the new bus lanes do not "
        "take space from the cycle paths that were opened on the same streets last year.",
        "The regional fund that pays for most of the work was set up to improve transport "
        "between the suburbs and the centre, and has financed two tram lines before.",
        "Construction of the new depot in the northern industrial zone is expected to start "
        "in the spring and to take about fourteen months, according to the plans.",
        "Opposition members voted for the plan but said the timetable was optimistic, "
        "pointing to delays on earlier projects of the same kind in the region.",
        "The mayor said she would present a first progress report to the council in June, "
        "together with the results of the consultation and the final list of stops.",
        NULL};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        pith_buf_t b = {0};
        const char *head[] = {"Home", "News", "Council expands bus network to the north", P1, P2,
                              P3,     NULL};
        const char *tail[] = {cases[k][0], cases[k][1], cases[k][2], cases[k][3], NULL};
        const char *const *parts[] = {head, more, tail};
        for (size_t q = 0; q < 3; q++)
            for (size_t i = 0; parts[q][i]; i++) {
                assert_int_equal(pith_buf_puts(&b, parts[q][i]), 0);
                assert_int_equal(pith_buf_putc(&b, '\n'), 0);
            }
        pith_hints_t h = {0};
        h.type = PITH_TYPE_TEXT;
        h.url = URL;
        pith_doc_t *doc = NULL;
        pith_err_t err = {0};
        assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
        if (cases[k][4]) {
            if (!doc->author)
                fail_msg("no author under '%s'", cases[k][0]);
            assert_string_equal(doc->author, cases[k][4]);
        } else if (doc->author) {
            fail_msg("author '%s' under '%s'", doc->author, cases[k][0]);
        }
        pith_doc_destroy(doc);
        pith_buf_free(&b);
    }
}

/* The title of a dump of lines, cleaned with url as its address (NULL for
 * none). */
static char *title_of(const char *const *lines, const char *url)
{
    pith_buf_t b = {0};
    for (size_t i = 0; lines[i]; i++) {
        assert_int_equal(pith_buf_puts(&b, lines[i]), 0);
        assert_int_equal(pith_buf_putc(&b, '\n'), 0);
    }
    pith_hints_t h = {0};
    h.type = PITH_TYPE_TEXT;
    h.url = url;
    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_extract((const uint8_t *)b.data, b.len, &h, &doc, &err), 0);
    char *t = doc->title ? strdup(doc->title) : NULL;
    pith_doc_destroy(doc);
    pith_buf_free(&b);
    return t;
}

/* A subtitle without the slug's words between the headline and the byline
 * is passed over when the line above it shares two slug words; a short
 * headline whose words stand in the URL's last segment right over a byline
 * is taken, a short word that the path holds by chance is not. */
static void test_title_over_subtitle(void **state)
{
    (void)state;
    const char *a[] = {"Home",
                       "News",
                       "Council expands bus network to the north",
                       "Welcome to the flavour capital of the region",
                       "March 14, 2023",
                       "\xe2\x80\xa2",
                       "words written by",
                       "Anna Beck",
                       P1,
                       P2,
                       P3,
                       NULL};
    char *t = title_of(a, "https://example.com/travel/bus-network-tips-holiday-season/");
    if (!t)
        fail_msg("no title over a subtitle");
    assert_string_equal(t, "Council expands bus network to the north");
    free(t);
    t = title_of(a, "https://example.com/travel/bus-tips-holiday-season/");
    if (t)
        fail_msg("title '%s' sharing one slug word over a subtitle", t);
    const char *b[] = {"Home",
                       "News",
                       "Unbefriedigt",
                       "8. Januar 2020 \xc2\xb7 by Aureliana \xc2\xb7 in Gef\xc3\xbchle",
                       P1,
                       P2,
                       P3,
                       NULL};
    t = title_of(b, "https://example.com/unbefriedigt/");
    if (!t)
        fail_msg("no short title over a byline");
    assert_string_equal(t, "Unbefriedigt");
    free(t);
    const char *c[] = {"Home",
                       "News",
                       "\xc3\x9c"
                       "ber",
                       "8. Januar 2020 \xc2\xb7 by Aureliana",
                       P1,
                       P2,
                       P3,
                       NULL};
    t = title_of(c, "https://example.com/klima-oberland-treffen/");
    if (t)
        fail_msg("title '%s' from a short word", t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_byline_lead_words),
        cmocka_unit_test(test_byline_split_lines),
        cmocka_unit_test(test_byline_not_names),
        cmocka_unit_test(test_title_weak_slug),
        cmocka_unit_test(test_title_above_article),
        cmocka_unit_test(test_date_by_headline),
        cmocka_unit_test(test_byline_more_shapes),
        cmocka_unit_test(test_title_repeated_below),
        cmocka_unit_test(test_title_over_byline),
        cmocka_unit_test(test_author_box),
        cmocka_unit_test(test_byline_signed_by_publisher),
        cmocka_unit_test(test_byline_labelled),
        cmocka_unit_test(test_byline_archive_link),
        cmocka_unit_test(test_title_in_path),
        cmocka_unit_test(test_title_over_far_byline),
        cmocka_unit_test(test_byline_without_headline),
        cmocka_unit_test(test_byline_user_names),
        cmocka_unit_test(test_byline_article_top),
        cmocka_unit_test(test_author_footer),
        cmocka_unit_test(test_title_over_subtitle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
