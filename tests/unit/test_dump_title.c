/* Unit tests for the dump headline and its date (dump_meta.c) through
 * pith_extract: small hand-written dumps where the headline is printed
 * twice, stands under or over a date line, or sits among lines that look
 * like one (a glued breadcrumb, a tag line, the lead's sentence), a date
 * line under the headline that names an update, and tag runs. */
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

/* The document of a dump of lines (menus first when menus > 0: that many
 * short menu lines), cleaned with url as its address. */
static pith_doc_t *doc_of(const char *const *lines, size_t menus, const char *url)
{
    static const char *const items[] = {"Home",   "Sport",   "Culture", "Travel",
                                        "Motors", "Weather", "Jobs",    "Shop"};
    pith_buf_t b = {0};
    for (size_t i = 0; i < menus; i++) {
        assert_int_equal(pith_buf_puts(&b, items[i % 8]), 0);
        assert_int_equal(pith_buf_putc(&b, '\n'), 0);
    }
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
    pith_buf_free(&b);
    return doc;
}

static void expect_title(const char *const *lines, size_t menus, const char *url, const char *title)
{
    pith_doc_t *doc = doc_of(lines, menus, url);
    if (title) {
        if (!doc->title)
            fail_msg("no title, '%s' expected", title);
        assert_string_equal(doc->title, title);
    } else if (doc->title) {
        fail_msg("title '%s'", doc->title);
    }
    pith_doc_destroy(doc);
}

/* A headline printed twice in a row may hold a number and a colon and
 * stand deep under the menus; a short menu item printed twice, a pair
 * under a paragraph (a live blog's entry) and a tag line are none. */
static void test_title_twice(void **state)
{
    (void)state;
    const char *url = "https://example.de/garten/topfpflanzen-giessen";
    const char *a[] = {"Topfpflanzen gie\xc3\x9f"
                       "en: 3 einfache Regeln",
                       "Topfpflanzen gie\xc3\x9f"
                       "en: 3 einfache Regeln",
                       "Anna Beck",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(a, 4, url,
                 "Topfpflanzen gie\xc3\x9f"
                 "en: 3 einfache Regeln");
    const char *b[] = {"Council expands bus network to the north",
                       "Council expands bus network to the north",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(b, 150, "https://example.com/news/12345",
                 "Council expands bus network to the north");
    const char *c[] = {"Wir \xc3\xbc"
                       "ber uns",
                       "Wir \xc3\xbc"
                       "ber uns",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(c, 4, url, NULL);
    const char *d[] = {P1,
                       "Ferry service returns after the repair",
                       "Ferry service returns after "
                       "the repair",
                       P2,
                       P3,
                       NULL};
    expect_title(d, 150, "https://example.com/news/12345", NULL);
    const char *e[] = {
        "yes we camp real democracy now", "yes we camp real democracy now", P1, P2, P3, NULL};
    expect_title(e, 4, "https://example.com/news/12345", NULL);
}

/* The headline right above the article under a date line, or over one
 * with teaser lines between the date and the article; a breadcrumb glued
 * together is no headline, and a long headline may name a day. A word of
 * the headline inside a compound of the path agrees with its slug
 * ("Wetter" in "unwetterlage"). */
static void test_title_by_date_line(void **state)
{
    (void)state;
    const char *url = "https://example.com/de/news";
    const char *a[] = {"Olympische Spiele",
                       "02 Feb. 2022",
                       "Peking 2022 \xe2\x80\x93 Eine gro\xc3\x9f"
                       "e Chance f\xc3\xbcr den Biathlon",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(a, 4, url,
                 "Peking 2022 \xe2\x80\x93 Eine gro\xc3\x9f"
                 "e Chance f\xc3\xbcr den Biathlon");
    const char *b[] = {"Variablen und ihr Zuhause im Speicher",
                       "11.12.2019 - Amelie Loevenich",
                       "Wie war das nochmal mit den Variablen?",
                       "Hier ein Auszug aus unseren Lehrmaterialien!",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(b, 4, url, "Variablen und ihr Zuhause im Speicher");
    const char *c[] = {"StartseiteNachrichtenWochenberichte Januar bis Mai",
                       "14.01.2022",
                       "Hauptinhalt",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(c, 4, url, NULL);
    const char *d[] = {
        "Artikel, Unsere Forschung, Veranstaltungen",
        "Tagung: Institutionen der Macht in den Revolutionen der ersten H\xc3\xa4lfte des 19. "
        "Jahrhunderts (26. und 27. 2. 2015, "
        "Eichst\xc3\xa4tt)",
        "28. Januar 2015 Schreibe einen Kommentar",
        P1,
        P2,
        P3,
        NULL};
    expect_title(
        d, 4, "https://example.org/822",
        "Tagung: Institutionen der Macht in den Revolutionen der ersten H\xc3\xa4lfte des 19. "
        "Jahrhunderts (26. und 27. 2. 2015, "
        "Eichst\xc3\xa4tt)");
    const char *e[] = {
        "Sturm an der K\xc3\xbcste: Wetter bleibt gef\xc3\xa4hrlich f\xc3\xbcr F\xc3\xa4hren",
        "10.11.2021",
        P1,
        P2,
        P3,
        NULL};
    expect_title(
        e, 4, "https://example.de/meldungen/2021/aktuelle_unwetterlage_nord.html",
        "Sturm an der K\xc3\xbcste: Wetter bleibt gef\xc3\xa4hrlich f\xc3\xbcr F\xc3\xa4hren");
    expect_title(e, 4, "https://example.de/meldungen/2021/aktuelle_hochwasserlage_nord.html", NULL);
}

/* Over a date line, a credit or a byline's name ("Charlie Wood, Business
 * Insider") is passed over for the headline above it. */
static void test_title_over_credit(void **state)
{
    (void)state;
    const char *a[] = {"Council expands bus network to the north",
                       "Charlie Wood, Business Insider",
                       "March 14, 2023",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(a, 4, "https://example.com/news/12345",
                 "Council expands bus network to the north");
    const char *b[] = {"Amy K. Dragoo/AIMMEDIA", "March 14, 2023", P1, P2, P3, NULL};
    expect_title(b, 4, NULL, NULL);
}

/* The slug is the page's (its last segment), not the section's; the
 * lead's long sentence that shares the slug's words is not the headline. */
static void test_title_page_slug(void **state)
{
    (void)state;
    const char *a[] = {"Council and bus network",
                       "Council and bus network news",
                       "Buses for the north",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(a, 4, "https://example.com/council-and-bus-network/buses-for-the-north/",
                 "Buses for the north");
    const char *b[] = {"Council expands bus network: vote due on Tuesday",
                       "The council will vote on Tuesday on a plan that expands the bus network to "
                       "the north.",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(b, 4,
                 "https://example.com/news/"
                 "council-will-vote-on-tuesday-on-plan-that-expands-the-bus-network-to-the-north",
                 "Council expands bus network: vote due on Tuesday");
}

/* Under the headline, a date line that names an update gives way to the
 * publication date over it. */
static void test_date_not_update(void **state)
{
    (void)state;
    const char *url = "https://example.com/news/council-expands-bus-network-north";
    const char *a[] = {"September 30, 2018",
                       "Council expands bus network to the north",
                       "Updated on January 7, 2020",
                       P1,
                       P2,
                       P3,
                       NULL};
    pith_doc_t *doc = doc_of(a, 4, url);
    assert_non_null(doc->date);
    assert_memory_equal(doc->date, "2018-09-30", 10);
    pith_doc_destroy(doc);
}

/* The date of a short line with a word or two around it ("Datum:
 * 18.10.2021", "03.11.2023 15:32 Uhr"); not of a range or a teaser's
 * card. The line stands above a few menu lines: right above the article's
 * first paragraph, on a page without a headline, even "19 Jan, 2021. 3 min
 * read" is the article's own date line (test_dump_dates). */
static void test_date_short_line(void **state)
{
    (void)state;
    static const struct {
        const char *line, *date;
    } cases[] = {
        {"Datum: 18.10.2021", "2021-10-18"},  {"03.11.2023 15:32 Uhr", "2023-11-03"},
        {"Stand - 12.11.2021", "2021-11-12"}, {"Wochenbericht 14. - 20. Januar 2022", NULL},
        {"19 Jan, 2021. 3 min read", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const char *a[] = {
            cases[k].line, "Politics and more", "Share", "Print", "Comments", P1, P2, P3, NULL};
        pith_doc_t *doc = doc_of(a, 4, "https://example.com/news/12345");
        if (cases[k].date) {
            if (!doc->date)
                fail_msg("no date from '%s'", cases[k].line);
            assert_memory_equal(doc->date, cases[k].date, 10);
        } else if (doc->date) {
            fail_msg("date '%s' from '%s'", doc->date, cases[k].line);
        }
        pith_doc_destroy(doc);
    }
}

/* A run of short lower-case lines is a tag list; a run in a script
 * without case (a CJK menu) is metadata too but gives no tags, and the
 * lower-case run after it does. */
static void test_tags_cased(void **state)
{
    (void)state;
    const char *url = "https://example.com/news/council-expands-bus-network-north";
    const char *a[] = {"\xe9\xa6\x96\xe9\xa1\xb5",
                       "\xe6\x96\xb0\xe9\x97\xbb",
                       "\xe8\xa7\x86\xe9\xa2\x91",
                       "\xe5\x9c\xb0\xe5\x9b\xbe",
                       "Council expands bus network to the north",
                       P1,
                       P2,
                       P3,
                       "buses",
                       "city council",
                       "northern suburbs",
                       NULL};
    pith_doc_t *doc = doc_of(a, 0, url);
    assert_int_equal(doc->ntags, 3);
    assert_string_equal(doc->tags[0], "buses");
    assert_string_equal(doc->tags[2], "northern suburbs");
    pith_doc_destroy(doc);
}

/* Without a URL no slug tells a headline from the line over or under it:
 * a kicker over the headline over a date line gives no title (with the
 * URL, the slug's line is the headline); a line printed again two lines on
 * is no headline (a menu's item, a teaser's); a line printed twice inside
 * the article is a quote or a section's name. One headline over a date
 * line, and one printed twice right over the article, stay titles. */
static void test_title_without_url(void **state)
{
    (void)state;
    const char *kicker[] = {"Regional transport plans for the north",
                            "Council expands the northern bus network",
                            "14 March 2023",
                            P1,
                            P2,
                            P3,
                            NULL};
    expect_title(kicker, 4, NULL, NULL);
    expect_title(kicker, 4, "https://example.com/news/council-expands-northern-bus-network",
                 "Council expands the northern bus network");
    /* Unsure of the headline, the byline under it is still read. */
    const char *signed_[] = {"Regional transport plans for the north",
                             "Council expands the northern bus network",
                             "By Jane Doe",
                             "14 March 2023",
                             P1,
                             P2,
                             P3,
                             NULL};
    pith_doc_t *doc = doc_of(signed_, 4, NULL);
    assert_null(doc->title);
    assert_non_null(doc->author);
    assert_string_equal(doc->author, "Jane Doe");
    pith_doc_destroy(doc);
    const char *alone[] = {
        "Council expands the northern bus network", "14 March 2023", P1, P2, P3, NULL};
    expect_title(alone, 4, NULL, "Council expands the northern bus network");
    const char *apart[] = {"Best walks in the old harbour district",
                           "Timetables and maps",
                           "Best walks in the old harbour district",
                           P1,
                           P2,
                           P3,
                           NULL};
    expect_title(apart, 4, NULL, NULL);
    const char *inside[] = {
        P1,  "What riders say about the new lines", "What riders say about the new lines", P2, P3,
        NULL};
    expect_title(inside, 4, NULL, NULL);
    const char *twice[] = {"Council expands the northern bus network",
                           "Council expands the northern bus network",
                           P1,
                           P2,
                           P3,
                           NULL};
    expect_title(twice, 4, NULL, "Council expands the northern bus network");
}

/* Soft hyphens (U+00AD) break no word: a headline printed twice, once
 * with them, is printed twice; a line of two words is no headline however
 * many soft hyphens it holds; the slug spells a headline that has them. */
static void test_title_soft_hyphens(void **state)
{
    (void)state;
    const char *a[] = {"Stadtrat plant neue Buslinien im Norden",
                       "Stadt\xc2\xadrat plant neue Bus\xc2\xadli\xc2\xadni\xc2\xad"
                       "en im Norden",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(a, 4, "https://example.de/presse/mitteilung-2023-14",
                 "Stadtrat plant neue Buslinien im Norden");
    const char *b[] = {"Un\xc2\xadse\xc2\xadre Leis\xc2\xadtun\xc2\xadgen",
                       "Un\xc2\xadse\xc2\xadre Leis\xc2\xadtun\xc2\xadgen",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(b, 4, "https://example.de/presse/mitteilung-2023-14", NULL);
    const char *c[] = {"Aktuelles aus der Region",
                       "Stadt\xc2\xadrat plant neue Bus\xc2\xadli\xc2\xadni\xc2\xad"
                       "en im Nor\xc2\xad"
                       "den",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(c, 4, "https://example.de/stadtrat-plant-neue-buslinien-im-norden",
                 "Stadtrat plant neue Buslinien im Norden");
}

/* A headline glued to a breadcrumb or a kicker ("\u00bb Headline",
 * "Transport: Headline") that the page prints alone nearby is that line
 * alone; a site's name after a headline, printed alone too, is the
 * shorter part and no headline. */
static void test_title_unglued(void **state)
{
    (void)state;
    const char *url = "https://example.com/2023/03/council-expands-bus-network-to-north.html";
    const char *a[] = {"You are here:Home",
                       "\xc2\xbb Transport",
                       "\xc2\xbb Council expands bus network to the north",
                       "Janedoe",
                       "Thursday, March 14, 2023",
                       "Council expands bus network to the north",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(a, 4, url, "Council expands bus network to the north");
    const char *b[] = {"Daily Planet News",
                       "Council expands bus network to the north | Daily Planet News",
                       "Thursday, March 14, 2023",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(b, 4, NULL, "Council expands bus network to the north | Daily Planet News");
    /* A breadcrumb printed without its separators, from its root. */
    const char *c[] = {"Home News Council expands bus network to the north",
                       "Back to overview",
                       "\xc2\xa9 Jane Roe",
                       "14 March 2023 | News",
                       "Council expands bus network to the north",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(c, 4, NULL, "Council expands bus network to the north");
}

/* Lines that stand where a headline does but are none: a dateline over a
 * byline ("Region 6 November 2023 15:00 Write a comment"), a picture's
 * credit over a date line, a PHP error printed twice. */
static void test_title_not_lines(void **state)
{
    (void)state;
    const char *a[] = {"Region",
                       "News from the region 6 November 2023 15:00 Write a comment",
                       "By Jane Doe",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(a, 4, NULL, NULL);
    const char *b[] = {"Content:", "Foto von Jane Doe von Pexels", "14.03.2023", P1, P2, P3, NULL};
    expect_title(b, 4, NULL, NULL);
    const char *c[] = {"Warning: Use of undefined constant comments - assumed comments in "
                       "/var/www/site/plugin.php on line 92",
                       "Warning: Use of undefined constant comments - assumed comments in "
                       "/var/www/site/plugin.php on line 92",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(c, 4, NULL, NULL);
    /* A long line of two sentences is a note or a lead. */
    const char *d[] = {"Letters",
                       "The letter below will appear in the letters section of the magazine next "
                       "month. We welcome responses from readers everywhere",
                       "14 March 2023",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(d, 4, NULL, NULL);
    /* A line with a page's hidden timestamp glued to it. */
    const char *e[] = {"Council expands bus network to the northen-GB2023-03-14T10:00:00+01:00",
                       "14 March 2023",
                       P1,
                       P2,
                       P3,
                       NULL};
    expect_title(e, 4, NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_title_twice),        cmocka_unit_test(test_title_by_date_line),
        cmocka_unit_test(test_title_page_slug),    cmocka_unit_test(test_date_not_update),
        cmocka_unit_test(test_tags_cased),         cmocka_unit_test(test_date_short_line),
        cmocka_unit_test(test_title_over_credit),  cmocka_unit_test(test_title_without_url),
        cmocka_unit_test(test_title_soft_hyphens), cmocka_unit_test(test_title_unglued),
        cmocka_unit_test(test_title_not_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
