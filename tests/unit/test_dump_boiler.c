/* Unit tests for dump_boiler.c's phrase lists (the files in data/boilerplate):
 * each kind of chrome line the lists name, in the languages they cover, and
 * prose that merely resembles it. The matcher's mechanics (=, ^, $, ~, !)
 * are tested in test_textdump.c's test_boilerplate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dump_boiler.h"
#include "pith/pith.h"

static pith_boiler_ctx_t *ctx;

static int T(const char *s)
{
    return pith_boiler_test(ctx, s, strlen(s));
}

/* Photo credits, alone or ending a caption, in any language. */
static void test_credits(void **state)
{
    (void)state;
    assert_int_equal(T("Erdölpumpen im Abendrot. Bild: Max Muster/Shutterstock.com"),
                     PITH_BOILER_CHROME);
    assert_int_equal(T("Photo by Jane Doe on Unsplash"), PITH_BOILER_CHROME);
    assert_int_equal(T("picture alliance | John Smith"), PITH_BOILER_CHROME);
    assert_int_equal(T("Der Hafen am Morgen. Foto: Archiv"), PITH_BOILER_CHROME);
    assert_int_equal(T("Fot. Jan Kowalski / Agencja Foto"), PITH_BOILER_CHROME);
    assert_int_equal(T("Vista del puerto (crédito: Ana Pérez/Diario)"), PITH_BOILER_CHROME);
    assert_int_equal(T("Kuva: Matti Meikäläinen"), PITH_BOILER_CHROME);
    assert_int_equal(T("Stau \u00a9 Max Muster"), PITH_BOILER_CHROME);
    assert_int_equal(T("Leonhard Foeger / Reuters file"), PITH_BOILER_CHROME);
    assert_int_equal(T("Michael Conroy, AP"), PITH_BOILER_CHROME);
    assert_int_equal(T("Jane Doe Submitted photo"), PITH_BOILER_CHROME);
    assert_int_equal(T("In this March 28, 2017, file photo, the harbour at dawn"),
                     PITH_BOILER_CHROME);
    assert_int_equal(T("The photo shows the harbour at dawn"), PITH_BOILER_NONE);
    assert_int_equal(T("Reuters reported the deal on Monday"), PITH_BOILER_NONE);
    assert_int_equal(T("Ein Bild sagt mehr als tausend Worte"), PITH_BOILER_NONE);
}

/* What follows the article (its author's box, reading lists, comments) in
 * every language with a stop-word list; inline boxes stay mere chrome. */
static void test_end_markers(void **state)
{
    (void)state;
    static const char *const ends[] = {"Über den Autor",
                                       "Meist gelesen",
                                       "Zum Weiterlesen",
                                       "About the author",
                                       "More from",
                                       "Further reading",
                                       "Sur le même sujet",
                                       "Les plus lus",
                                       "Temas relacionados",
                                       "Lo más leído",
                                       "Articoli correlati",
                                       "I più letti",
                                       "Podobne artykuły",
                                       "Najczęściej czytane",
                                       "Похожие новости",
                                       "Об авторе",
                                       "Gerelateerde artikelen",
                                       "Meest gelezen",
                                       "Mais lidas",
                                       "Sobre o autor",
                                       "Relaterade artiklar",
                                       "Mest lästa",
                                       "ilgili haberler",
                                       "Yorumlar",
                                       "Související články",
                                       "Nejčtenější",
                                       "Схожі новини",
                                       "Коментарі",
                                       "Was denkst du?",
                                       "Ezek is érdekelhetnek",
                                       NULL};
    for (size_t i = 0; ends[i]; i++) {
        if (T(ends[i]) != PITH_BOILER_END)
            fail_msg("not an end marker: %s", ends[i]);
    }
    /* Boxes inside an article: chrome, but the article goes on after them. */
    assert_int_equal(T("Mehr zum Thema Gesundheit:"), PITH_BOILER_CHROME);
    assert_int_equal(T("Zur Person"), PITH_BOILER_CHROME);
    /* Headings of a table of contents, whose entries follow. */
    assert_int_equal(T("Inhaltsverzeichnis"), PITH_BOILER_TOC);
    assert_int_equal(T("Table of contents"), PITH_BOILER_TOC);
    assert_int_equal(T("Spis treści"), PITH_BOILER_TOC);
    assert_int_equal(T("Содержание"), PITH_BOILER_TOC);
    assert_int_equal(T("Lees ook: het nieuwe plan"), PITH_BOILER_CHROME);
    assert_int_equal(T("Sdílet"), PITH_BOILER_CHROME);
    /* Sign-up forms and comment notes. */
    assert_int_equal(T("No thanks"), PITH_BOILER_CHROME);
    assert_int_equal(T("Stay up to date with Example Corp."), PITH_BOILER_CHROME);
    assert_int_equal(T("blog comments powered by Disqus"), PITH_BOILER_END);
    assert_int_equal(T("More in Minnesota Wild"), PITH_BOILER_END);
    assert_int_equal(T("Comment by Jane Doe \u2014 17.07, 2011 @ 13:04"), PITH_BOILER_END);
    assert_int_equal(T("E-Mail (wird benötigt und nicht veröffentlicht)"), PITH_BOILER_CHROME);
    assert_int_equal(T("Erstellt am Dienstag 6. Mai 2014 um 23:30"), PITH_BOILER_CHROME);
    assert_int_equal(T("Ultima modifica"), PITH_BOILER_CHROME);
    assert_int_equal(T("2023 nichts mehr verpassen!"), PITH_BOILER_CHROME);
    assert_int_equal(T("Get the Daily Example by email and never miss our top stories"),
                     PITH_BOILER_CHROME);
    assert_int_equal(T("12.05.2016 um 16:14 Uhr - Anna Muster - 91 Ergänzungen"),
                     PITH_BOILER_CHROME);
    assert_int_equal(T("Über den Autor dieses Buches wissen wir wenig"), PITH_BOILER_NONE);
    /* Headings of boxes beside the article: contacts, further reading,
     * figures; "Über" only before a name. */
    assert_int_equal(T("Weitere Informationen"), PITH_BOILER_CHROME);
    assert_int_equal(T("Ansprechpartnerin Presse"), PITH_BOILER_CHROME);
    assert_int_equal(T("Über Anna Muster"), PITH_BOILER_CHROME);
    assert_int_equal(T("Abbildung 4: Der Hafen bei Nacht"), PITH_BOILER_CHROME);
    assert_int_equal(T("Über die Brücke fahren täglich tausend Autos."), PITH_BOILER_NONE);
}

/* An author's box under the article: the article ends there. */
static void test_author_box_ends_article(void **state)
{
    (void)state;
    static const char *const para =
        "Der Stadtrat hat am Dienstag beschlossen, das Busnetz zu erweitern. Drei neue Linien "
        "sollen bis zum Ende des nächsten Jahres die nördlichen Vororte mit dem Bahnhof verbinden.";
    static const char *const bio =
        "Anna Muster ist seit zehn Jahren Redakteurin für Stadtpolitik und schreibt über Verkehr, "
        "Wohnen und die Arbeit des Stadtrats, am liebsten mit vielen Zahlen und Karten.";
    char in[1024];
    snprintf(in, sizeof in, "Startseite\n%s\nÜber die Autorin\n%s\n", para, bio);
    pith_hints_t h = {0};
    h.type = PITH_TYPE_TEXT;
    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_extract((const uint8_t *)in, strlen(in), &h, &doc, &err), 0);
    assert_int_equal(doc->nparas, 1);
    assert_string_equal(doc->paras[0], para);
    pith_doc_destroy(doc);
}

/* Notes and appeals around an article mark even long blocks that start with
 * them; prose that mentions the same words later does not. */
static void test_long_notes(void **state)
{
    (void)state;
#define L(s) pith_boiler_test_lead(ctx, s, strlen(s))
    assert_int_equal(L("Dieser Beitrag gibt die Meinung des Autors wieder, nicht notwendigerweise "
                       "die der Redaktion, die ihn gleichwohl gern veröffentlicht hat."),
                     PITH_BOILER_CHROME);
    assert_int_equal(L("This post contains affiliate links, which means we may receive a small "
                       "commission if you buy something through them, at no cost to you."),
                     PITH_BOILER_CHROME);
    assert_int_equal(L("Les opinions exprimées dans ce blog n'engagent que leurs auteurs et non "
                       "la rédaction du journal qui les publie."),
                     PITH_BOILER_CHROME);
    assert_int_equal(L("Мнение редакции может не совпадать с мнением автора статьи, которую мы "
                       "публикуем в рамках дискуссии."),
                     PITH_BOILER_CHROME);
    assert_int_equal(L("The minister said the views expressed by the committee were not shared "
                       "by the government, which would reply in writing."),
                     PITH_BOILER_NONE);
#undef L
}

static int setup(void **state)
{
    (void)state;
    ctx = pith_boiler_ctx_create();
    return ctx ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pith_boiler_ctx_destroy(ctx);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_credits),
        cmocka_unit_test(test_end_markers),
        cmocka_unit_test(test_author_box_ends_article),
        cmocka_unit_test(test_long_notes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
