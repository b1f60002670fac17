/* Unit tests for textdump.c through pith_extract: small hand-written dumps
 * with menus, footers, comment threads, a Cyrillic article, a glued article,
 * an article held twice, metadata prefixes, and a dump with no article. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pith/pith.h"
#include "dump_boiler.h"
#include "stopwords.h"

static const char *P1 =
    "The city council voted on Tuesday to expand the bus network, adding three new lines "
    "that will connect the northern suburbs with the central station by the end of next year.";
static const char *P2 =
    "Officials said the plan would cost about 40 million euros, most of which will come from "
    "a regional fund, and that fares would not rise as a result of the expansion.";
static const char *P3 =
    "Residents who spoke at the meeting welcomed the decision but asked for more frequent "
    "service in the evenings, when many of them return from work in the city.";

static pith_doc_t *clean(const char *text, int *rc)
{
    pith_hints_t h = {0};
    h.type = PITH_TYPE_TEXT;
    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    *rc = pith_extract((const uint8_t *)text, strlen(text), &h, &doc, &err);
    return doc;
}

/* The same with the page's address, as pith clean --url gives it. */
static pith_doc_t *clean_url(const char *text, const char *url, int *rc)
{
    pith_hints_t h = {0};
    h.type = PITH_TYPE_TEXT;
    h.url = url;
    pith_doc_t *doc = NULL;
    pith_err_t err = {0};
    *rc = pith_extract((const uint8_t *)text, strlen(text), &h, &doc, &err);
    return doc;
}

static char *body(const pith_doc_t *doc)
{
    pith_buf_t b = {0};
    assert_int_equal(pith_doc_body(doc, &b), 0);
    return pith_buf_steal(&b);
}

static char *join(const char *const *parts)
{
    pith_buf_t b = {0};
    for (size_t i = 0; parts[i]; i++) {
        assert_int_equal(pith_buf_puts(&b, parts[i]), 0);
        assert_int_equal(pith_buf_putc(&b, '\n'), 0);
    }
    return pith_buf_steal(&b);
}

static void test_menus_and_footer(void **state)
{
    const char *parts[] = {"Home",
                           "News",
                           "Sport",
                           "Business",
                           "Culture",
                           "Weather",
                           "Sign in",
                           "Council expands bus network",
                           "By Jane Doe",
                           P1,
                           "",
                           P2,
                           "What residents said",
                           P3,
                           "Share this article",
                           "Facebook",
                           "Twitter",
                           "Most Popular",
                           "Ten things to do this weekend",
                           "Why the river flooded again",
                           "Copyright 2024 The Daily Example. All rights reserved.",
                           "Privacy Policy",
                           "Contact us",
                           NULL};
    char *in = join(parts);
    int rc;
    pith_doc_t *doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    char *b = body(doc);
    char want[2048];
    snprintf(want, sizeof want, "%s\n\n%s\n\nWhat residents said\n\n%s\n", P1, P2, P3);
    assert_string_equal(b, want); /* sub-heading kept, chrome dropped */
    assert_string_equal(doc->title, "Council expands bus network");
    assert_string_equal(doc->lang, "en");
    free(b);
    free(in);
    pith_doc_destroy(doc);
}

static void test_comment_thread(void **state)
{
    const char *parts[] = {"Menu",
                           P1,
                           P2,
                           P3,
                           "12 Comments",
                           "Leave a Reply",
                           "bob on March 3, 2024 at 10:12 am said:",
                           "I think this is a great decision and the council should be praised for "
                           "it, since the buses have been overcrowded for years now and it shows.",
                           "alice says:",
                           "Not so sure about the costs, which always end up higher than what the "
                           "officials tell us at the start of every project of this kind.",
                           NULL};
    char *in = join(parts);
    int rc;
    pith_doc_t *doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(doc->nparas, 3);
    assert_string_equal(doc->paras[2], P3);
    free(in);
    pith_doc_destroy(doc);
}

static void test_cyrillic(void **state)
{
    const char *parts[] = {
        "Главная",
        "Новости",
        "Политика",
        "Экономика",
        "МОСКВА, 14 января. Министр иностранных дел заявил в пятницу, что Россия хочет получить "
        "именно юридические гарантии безопасности, так как политические обязательства не были "
        "выполнены.",
        "По его словам, проекты документов, которые были переданы в декабре, являются пакетом и "
        "направлены на то, чтобы исключить дальнейшее расширение блока на восток.",
        "Читайте также",
        "Все права защищены",
        NULL};
    char *in = join(parts);
    int rc;
    pith_doc_t *doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(doc->nparas, 2);
    assert_non_null(strstr(doc->paras[0], "МОСКВА, 14 января."));
    assert_string_equal(doc->lang, "ru");
    free(in);
    pith_doc_destroy(doc);
}

static void test_glued_and_prefix(void **state)
{
    char in[4096];
    snprintf(in, sizeof in,
             " date 2022-01-14 https://example.org/news/1.html The bus plan was approved.%s%s\n\n"
             "Subscribe to our newsletter\n",
             P1, P2);
    int rc;
    pith_doc_t *doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(doc->date, "2022-01-14");
    assert_string_equal(doc->url, "https://example.org/news/1.html");
    assert_string_equal(doc->site, "example.org");
    /* The glued paragraphs come apart (normalize's splitter). */
    assert_int_equal(doc->nparas, 3);
    assert_string_equal(doc->paras[0], "The bus plan was approved.");
    assert_string_equal(doc->paras[2], P2);
    pith_doc_destroy(doc);
}

/* Today's date in a page header, with menus before the headline, is the day
 * of the scrape: not the article's date. A weekday date under the headline
 * (with the byline) or one without a weekday is. */
static void test_header_date_widget(void **state)
{
    const char *widget[] = {"Wednesday, January 19, 2022",
                            "Home",
                            "News",
                            "Sport",
                            "Weather",
                            "Council expands bus network",
                            "Council expands bus network",
                            P1,
                            P2,
                            P3,
                            NULL};
    char *in = join(widget);
    int rc;
    pith_doc_t *doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(doc->title, "Council expands bus network");
    assert_null(doc->date);
    assert_int_equal(doc->nparas, 3);
    pith_doc_destroy(doc);
    free(in);

    const char *byline[] = {"Home",
                            "News",
                            "Council expands bus network",
                            "Council expands bus network",
                            "Tuesday, 18 January 2022 08:05 GMT",
                            "Share on:",
                            "Facebook",
                            "Twitter",
                            P1,
                            P2,
                            P3,
                            NULL};
    in = join(byline);
    doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(doc->date, "2022-01-18T08:05:00+00:00");
    pith_doc_destroy(doc);
    free(in);

    const char *plain[] = {
        "January 17, 2022", "Home", "News", "Sport", "Weather", P1, P2, P3, NULL};
    in = join(plain);
    doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(doc->date, "2022-01-17");
    pith_doc_destroy(doc);
    free(in);
}

/* An A-Z index of single letters is not a tag list. */
static void test_letter_index_not_tags(void **state)
{
    const char *parts[] = {
        "a", "b", "c", "d", "e", "Council expands bus network", "Council expands bus network",
        P1,  P2,  P3,  NULL};
    char *in = join(parts);
    int rc;
    pith_doc_t *doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(doc->ntags, 0);
    pith_doc_destroy(doc);
    free(in);
}

static void test_article_twice(void **state)
{
    const char *parts[] = {"Council expands bus network",
                           "Council expands bus network",
                           P1,
                           P2,
                           P3,
                           "Related",
                           P1,
                           P2,
                           P3,
                           NULL};
    char *in = join(parts);
    int rc;
    pith_doc_t *doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(doc->nparas, 3);
    assert_string_equal(doc->title, "Council expands bus network");
    free(in);
    pith_doc_destroy(doc);
}

static void test_metadata_dump(void **state)
{
    const char *parts[] = {"Lavrov says talks will go on",
                           "Lavrov says talks will go on",
                           P1,
                           "2021-12-31T07:52+0000",
                           "2021-12-31T07:52+0000",
                           "world",
                           "joe biden",
                           "russia",
                           "https://cdn.example.net/img/1.jpg",
                           P2,
                           P3,
                           "1920 1080 true",
                           "en_EN",
                           NULL};
    char *in = join(parts);
    int rc;
    pith_doc_t *doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(doc->nparas, 3);
    assert_string_equal(doc->title, "Lavrov says talks will go on");
    assert_string_equal(doc->date, "2021-12-31T07:52:00+00:00");
    assert_int_equal(doc->ntags, 3);
    assert_string_equal(doc->tags[1], "joe biden");
    assert_string_equal(doc->lang, "en");
    free(in);
    pith_doc_destroy(doc);
}

static void test_no_article(void **state)
{
    const char *parts[] = {"Home",
                           "News",
                           "Sport",
                           "Sign in",
                           "Privacy Policy",
                           "Contact us",
                           "Copyright 2024. All rights reserved.",
                           NULL};
    char *in = join(parts);
    int rc;
    pith_doc_t *doc = clean(in, &rc);
    assert_int_equal(rc, PITH_ENOTEXT);
    assert_null(doc);
    free(in);
}

static void test_stopwords(void **state)
{
    const char *lang = NULL;
    double r = pith_stopwords_ratio(P1, strlen(P1), &lang);
    assert_string_equal(lang, "en");
    assert_true(r > 0.25);
    const char *de =
        "Der Rat hat am Dienstag beschlossen, dass die Busse in der Stadt öfter fahren.";
    pith_stopwords_ratio(de, strlen(de), &lang);
    assert_string_equal(lang, "de");
    assert_true(pith_stopwords_ratio("Home News Sport", 15, &lang) < 0.01);
    assert_true(pith_stopwords_is("THE", 3, "en"));
    assert_false(pith_stopwords_is("council", 7, "en"));
    assert_non_null(pith_stopwords_langs()[0]);
}

/* Stop words are found whatever the case and script, long words and
 * digits are never stop words, and inner apostrophes stay in the word. */
static void test_stopwords_tokens(void **state)
{
    pith_stopcount_t c;
    const char *en = "THE Cat And tHe 1999 dog's extraordinarily-long-compound-word";
    assert_int_equal(pith_stopwords_count(en, strlen(en), "en", &c), 0);
    assert_int_equal(c.words,
                     10); /* the cat and the 1999 dog's extraordinarily long compound word */
    assert_int_equal(c.stops, 3);
    assert_int_equal(c.digits, 1);
    assert_int_equal(c.caps, 3);
    const char *ru = "ОН сказал, что ОТНОСИТЕЛЬНО этого они не знали";
    assert_int_equal(pith_stopwords_count(ru, strlen(ru), "ru", &c), 0);
    assert_int_equal(c.words, 8);
    assert_true(c.stops >= 4);
    const char *curly = "don\u2019t";
    assert_true(pith_stopwords_is(curly, strlen(curly), "en") ==
                pith_stopwords_is("don't", 5, "en"));
}

/* Chrome phrases match whole blocks (numbers and punctuation aside), starts,
 * ends and insides, caselessly in any script; end markers are told apart. */
static void test_boilerplate(void **state)
{
    pith_boiler_ctx_t *b = pith_boiler_ctx_create();
    assert_non_null(b);
#define T(s) pith_boiler_test(b, s, strlen(s))
    assert_int_equal(T("Share"), PITH_BOILER_CHROME);
#define L(s) pith_boiler_test_lead(b, s, strlen(s))
    /* Long blocks: only long start phrases count, never end markers. */
    assert_int_equal(L("We use cookies and other tracking technologies to improve your browsing "
                       "experience on our site, show personalized content and targeted ads."),
                     PITH_BOILER_CHROME);
    assert_int_equal(L("Подписаться на рассылку можно на сайте, где также опубликованы все "
                       "материалы конференции."),
                     PITH_BOILER_CHROME);
    assert_int_equal(L("Share this song with friends, said the singer, who had written it in a "
                       "single afternoon."),
                     PITH_BOILER_NONE);
    assert_int_equal(L("Leave a reply, the council told residents, if you want to be heard."),
                     PITH_BOILER_NONE);
#undef L
    assert_int_equal(T("  SHARE!! "), PITH_BOILER_CHROME);
    assert_int_equal(T("Share this song with friends"), PITH_BOILER_NONE);
    assert_int_equal(T("Search for:"), PITH_BOILER_CHROME);
    assert_int_equal(T("Search for"), PITH_BOILER_NONE);
    assert_int_equal(T("34 Comments"), PITH_BOILER_END);
    assert_int_equal(T("Comments (12)"), PITH_BOILER_END);
    assert_int_equal(T("Leave a Reply Cancel reply"), PITH_BOILER_END);
    assert_int_equal(T("jane doe says:"), PITH_BOILER_END);
    assert_int_equal(T("READ MORE: Prices rise again"), PITH_BOILER_CHROME);
    assert_int_equal(T("Nobody will read more of this"), PITH_BOILER_NONE);
    assert_int_equal(T("\u00a9 2024 Example Media. All Rights Reserved."), PITH_BOILER_CHROME);
    assert_int_equal(T("\u00a9 2024 \u0412\u0421\u0415 \u041f\u0420\u0410\u0412\u0410 "
                       "\u0417\u0410\u0429\u0418\u0429\u0415\u041d\u042b"),
                     PITH_BOILER_CHROME);
    assert_int_equal(T("\u041a\u043e\u043c\u043c\u0435\u043d\u0442\u0430\u0440\u0438\u0438 (3)"),
                     PITH_BOILER_END);
    assert_int_equal(T("The council voted to expand the bus network."), PITH_BOILER_NONE);
    /* "~more": a heading of capitalised words opens a related list. */
    assert_int_equal(T("More Washington Examiner"), PITH_BOILER_END);
    assert_int_equal(T("More than 200 people were evacuated"), PITH_BOILER_NONE);
    assert_int_equal(T("More Music Videos From Our Partners Online"), PITH_BOILER_NONE);
    assert_int_equal(T("Moreover, the plan is new"), PITH_BOILER_NONE);
    assert_int_equal(T("More from UK"), PITH_BOILER_CHROME);
    /* Related lists and comment forms in German, Spanish, French, Polish;
     * an inline teaser ("Das könnte Sie auch interessieren: ...") or an
     * inline "Zobacz także" box is chrome, not the end of the article. */
    assert_int_equal(T("\u00c4hnliche Beitr\u00e4ge"), PITH_BOILER_END);
    assert_int_equal(T("Schreibe einen Kommentar Antworten abbrechen"), PITH_BOILER_END);
    assert_int_equal(T("Das k\u00f6nnte Sie auch interessieren"), PITH_BOILER_END);
    assert_int_equal(T("Das k\u00f6nnte Sie auch interessieren: Moderne Seuchen"),
                     PITH_BOILER_CHROME);
    assert_int_equal(T("Deine E-Mail-Adresse wird nicht ver\u00f6ffentlicht."), PITH_BOILER_CHROME);
    assert_int_equal(T("NOTAS RELACIONADAS"), PITH_BOILER_END);
    assert_int_equal(T("Lea tambi\u00e9n: El consejo aprueba el plan"), PITH_BOILER_CHROME);
    assert_int_equal(T("Vos r\u00e9actions"), PITH_BOILER_END);
    assert_int_equal(T("Zobacz tak\u017ce"), PITH_BOILER_CHROME);
    assert_int_equal(T("Czytaj te\u017c: Rz\u0105d przyj\u0105\u0142 projekt"), PITH_BOILER_CHROME);
    assert_int_equal(T("Der Rat will die Beitr\u00e4ge senken."), PITH_BOILER_NONE);
    assert_int_equal(T(""), PITH_BOILER_NONE);
#undef T
    pith_boiler_ctx_destroy(b);
    pith_boiler_ctx_destroy(NULL);
}

/* Titles must look like headlines: never a chrome phrase ("Subscribe to the
 * newsletter"), a date, a line ending with ':' or a one-word menu item; when
 * nothing qualifies there is no title. */
static void test_title_not_chrome(void **state)
{
    const char *ru =
        "Главная\nНовости\nПолитика\nПодписаться на рассылку\n"
        "Москва, 14 января. Министр иностранных дел России Сергей Лавров заявил на "
        "пресс-конференции в пятницу, что Москва ожидает от США и НАТО юридически обязывающих "
        "гарантий безопасности.\n"
        "«Мы особо отметим, что нам нужны именно юридически обязывающие гарантии», — сказал "
        "министр.\n"
        "Поделиться\nЧитайте также\nВ Москве ожидается снегопад\n© 2022 Все права защищены\n";
    int rc;
    pith_doc_t *doc = clean(ru, &rc);
    assert_int_equal(rc, 0);
    assert_null(doc->title);
    char *b = body(doc);
    assert_non_null(strstr(b, "Министр иностранных дел"));
    assert_null(strstr(b, "Подписаться"));
    free(b);
    pith_doc_destroy(doc);

    /* The same with a headline that neither a byline, a date nor the URL
     * confirms: a line above the article is not trusted as its headline. */
    const char *ru2 =
        "Главная\nНовости\nПодписаться на рассылку\n"
        "Лавров потребовал от США юридических гарантий безопасности\n"
        "Москва, 14 января. Министр иностранных дел России Сергей Лавров заявил на "
        "пресс-конференции в пятницу, что Москва ожидает от США и НАТО юридически обязывающих "
        "гарантий безопасности.\n"
        "«Мы особо отметим, что нам нужны именно юридически обязывающие гарантии», — сказал "
        "министр.\n";
    doc = clean(ru2, &rc);
    assert_int_equal(rc, 0);
    assert_null(doc->title);
    pith_doc_destroy(doc);
    /* With the URL's slug naming it (transliterated), it is taken, and the
     * chrome line above is not. */
    doc = clean_url(ru2, "https://news.example.ru/2022/01/14/lavrov-potreboval-ot-ssha-garantij/",
                    &rc);
    assert_int_equal(rc, 0);
    assert_null(doc->title); /* a Latin slug does not name a Cyrillic line */
    pith_doc_destroy(doc);
    doc = clean_url(ru2,
                    "https://news.example.ru/"
                    "%D0%BB%D0%B0%D0%B2%D1%80%D0%BE%D0%B2-%D0%BF%D0%BE%D1%82%D1%80%D0%B5%D0%B"
                    "1%D0%BE%D0%B2%D0%B0%D0%BB-%D0%BE%D1%82-%D1%81%D1%88%D0%B0-%D0%B3%D0%B0%D"
                    "1%80%D0%B0%D0%BD%D1%82%D0%B8%D0%B9",
                    &rc);
    assert_int_equal(rc, 0);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Лавров потребовал от США юридических гарантий безопасности");
    pith_doc_destroy(doc);
}

static void test_title_english_german(void **state)
{
    /* English: chrome and a label ending with ':' above the headline. */
    const char *en_parts[] = {"Home",
                              "News",
                              "Sign up for our newsletter",
                              "Council expands bus network to northern suburbs",
                              "Published:",
                              P1,
                              P2,
                              P3,
                              "Share this article",
                              NULL};
    char *in = join(en_parts);
    int rc;
    pith_doc_t *doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    assert_null(doc->title); /* nothing confirms it */
    pith_doc_destroy(doc);
    doc =
        clean_url(in, "https://example.com/news/council-expands-bus-network-northern-suburbs", &rc);
    assert_int_equal(rc, 0);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Council expands bus network to northern suburbs");
    pith_doc_destroy(doc);
    free(in);

    /* A date line right above the article is no headline. */
    const char *en2_parts[] = {"Home", "News", "Tuesday, 14 March 2023", P1, P2, P3, NULL};
    in = join(en2_parts);
    doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    assert_null(doc->title);
    pith_doc_destroy(doc);
    free(in);

    /* German: a newsletter line is chrome; the headline stands under it. */
    const char *de =
        "Startseite\nPolitik\nNewsletter abonnieren\n"
        "Stadtrat beschließt neue Buslinien für den Norden\n"
        "Der Stadtrat hat am Dienstag beschlossen, das Busnetz zu erweitern und drei neue "
        "Linien einzurichten, die die nördlichen Vororte mit dem Hauptbahnhof verbinden.\n"
        "Die Kosten von rund 40 Millionen Euro sollen zum größten Teil aus einem regionalen "
        "Fonds kommen, und die Fahrpreise werden deshalb nicht steigen.\n"
        "Teilen\n";
    doc = clean_url(
        de, "https://example.de/politik/stadtrat-beschliesst-neue-buslinien-fuer-norden.html", &rc);
    assert_int_equal(rc, 0);
    assert_non_null(doc->title);
    assert_string_equal(doc->title, "Stadtrat beschließt neue Buslinien für den Norden");
    pith_doc_destroy(doc);

    /* Without a headline: menus, then the article; no title. */
    const char *none_parts[] = {"Home", "News", "Sport", "Weather", P1, P2, P3, NULL};
    in = join(none_parts);
    doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    assert_null(doc->title);
    pith_doc_destroy(doc);
    free(in);
}

/* Link cards flattened into lines (a Title Case headline glued to its
 * summary) are chrome where a page lists several, even though they read
 * like prose; an end-marker-like menu among them does not end the article. */
static void test_glued_teasers(void **state)
{
    const char *parts[] = {
        "News",
        "Police Arrest Two After Death Of Local Student-AthleteA 24-year-old woman and a "
        "28-year-old man have been arrested in connection with the death of a student.",
        "Customers Leave Without Paying Big Bill At Troy SteakhouseA party of six left the "
        "restaurant without paying a bill of almost seven hundred dollars on Saturday.",
        "State To Mail Redistricting Panel Applications To 250,000The state will mail a quarter "
        "of a million applications for its new redistricting commission this week.",
        "More Weather",
        "Council expands bus network",
        P1,
        P2,
        P3,
        "Comments",
        NULL};
    char *in = join(parts);
    int rc;
    pith_doc_t *doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    char *b = body(doc);
    char want[2048];
    snprintf(want, sizeof want, "%s\n\n%s\n\n%s\n", P1, P2, P3);
    assert_string_equal(b, want);
    free(b);
    free(in);
    pith_doc_destroy(doc);
}

/* Lines once taken for titles: gallery, read-time, share, live-stream and
 * comment-count lines, bylines and labels. Above an article, alone, twice
 * in a row (as <title> and <h1> are) or under a slug that does not name
 * them, none is a headline. */
static void test_title_not_label(void **state)
{
    static const char *const bad[] = {"Back to Gallery",
                                      "\xe2\x80\xa2 2 min read",
                                      "All sharing options",
                                      "Watch CBSN Live",
                                      "EKO 10 comments",
                                      "\xd0\x90\xd0\xb2\xd1\x82\xd0\xbe\xd1\x80: \xd0\x98\xd1\x80"
                                      "\xd0\xb8\xd0\xbd\xd0\xb0 \xd0\xa1\xd0\xbe\xd0\xba\xd0\xbe"
                                      "\xd0\xbb\xd0\xbe\xd0\xb2\xd0\xb0",
                                      "Source: Riverton Herald",
                                      NULL};
    for (size_t k = 0; bad[k]; k++) {
        for (int twice = 0; twice < 2; twice++) {
            const char *parts[] = {
                "Home", "News", bad[k], twice ? bad[k] : "Tuesday, 14 March 2023",
                P1,     P2,     P3,     NULL};
            char *in = join(parts);
            int rc;
            pith_doc_t *doc = clean_url(
                in, twice ? NULL : "https://example.com/news/council-votes-bus-plan", &rc);
            assert_int_equal(rc, 0);
            if (doc->title)
                fail_msg("title '%s' from '%s'", doc->title, bad[k]);
            pith_doc_destroy(doc);
            free(in);
        }
    }
}

/* Bylines under the headline give the author, cleaned to the name, and are
 * not part of the body; a date in the byline is the article's. */
static void test_dump_bylines(void **state)
{
    static const struct {
        const char *line, *author, *date;
    } cases[] = {
        {"By Jane Doe", "Jane Doe", NULL},
        {"Von Anna Beck", "Anna Beck", NULL},
        {"Par Marie Merlet", "Marie Merlet", NULL},
        {"\xd0\x90\xd0\xb2\xd1\x82\xd0\xbe\xd1\x80: \xd0\x98\xd1\x80\xd0\xb8\xd0\xbd\xd0\xb0 "
         "\xd0\xa1\xd0\xbe\xd0\xba\xd0\xbe\xd0\xbb\xd0\xbe\xd0\xb2\xd0\xb0",
         "\xd0\x98\xd1\x80\xd0\xb8\xd0\xbd\xd0\xb0 \xd0\xa1\xd0\xbe\xd0\xba\xd0\xbe\xd0\xbb\xd0\xbe"
         "\xd0\xb2\xd0\xb0",
         NULL},
        {"Posted on August 14, 2023 by Margaret Ellison", "Margaret Ellison", "2023-08-14"},
        {"22. Dezember 2019 von Peter Addor", "Peter Addor", "2019-12-22"},
        {"Jane Doe", NULL, NULL}, /* a bare name with no date under it: unsure */
        /* Names listed before the date, a place among them. */
        {"Anna Beck, Kleinstadt, Ole Berg 19.10.2019, 23:38 Uhr", "Anna Beck, Kleinstadt, Ole Berg",
         "2019-10-19T23:38:00"},
        {"Energie, Umwelt 19.10.2019", NULL, NULL}, /* sections, no names */
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const char *parts[] = {"Home",
                               "News",
                               "Council expands bus network to the north",
                               cases[k].line,
                               P1,
                               P2,
                               P3,
                               "Related stories",
                               "Ferry returns after repair",
                               "March 2, 2021",
                               NULL};
        char *in = join(parts);
        int rc;
        pith_doc_t *doc =
            clean_url(in, "https://example.com/news/council-expands-bus-network-north", &rc);
        assert_int_equal(rc, 0);
        assert_non_null(doc->title);
        if (cases[k].author) {
            assert_non_null(doc->author);
            assert_string_equal(doc->author, cases[k].author);
            char *b = body(doc);
            assert_null(strstr(b, cases[k].line));
            free(b);
        } else {
            assert_null(doc->author);
        }
        if (cases[k].date) {
            assert_non_null(doc->date);
            assert_string_equal(doc->date, cases[k].date);
        }
        pith_doc_destroy(doc);
        free(in);
    }
}

/* A byline right after the article's last paragraph, far below the
 * headline, signs it; bylines in a list of teaser cards after it do not.
 * A press release's contact block signs it; a list of contacts not. */
static void test_dump_closing_byline(void **state)
{
    (void)state;
    static const char *const after[4][10] = {
        {"Von Anna Beck", "Newsletter abonnieren", "Mehr aus der Stadt", NULL},
        {"Von Anna Beck", "Ferry returns after repair",
         "The ferry to the island runs again after three weeks in the yard.", "Von Jana Roth",
         "Library opens on Sundays", "From May the central library opens on Sundays as well.",
         "Von Ole Berg", NULL},
        {"Pressekontakt", "Dr. Anna Beck", "Pressesprecherin Stadtwerke Nord", "Tel. 030 1234567",
         NULL},
        {"Pressekontakte:", "Stadtwerke Nord: presse@example.org, Tel. 030 1234567", NULL}};
    const char *want[] = {"Anna Beck", NULL, "Dr. Anna Beck", NULL};
    char paras[15][300];
    for (size_t k = 0; k < 4; k++) {
        const char *parts[40] = {"Home", "News", "Council expands bus network to the north"};
        size_t n = 3;
        /* Fifteen paragraphs: the byline stands far below the headline. */
        for (size_t i = 0; i < 15; i++) {
            snprintf(paras[i], sizeof paras[i], "%zu. %s", i + 1,
                     i % 3 == 0   ? P1
                     : i % 3 == 1 ? P2
                                  : P3);
            parts[n++] = paras[i];
        }
        for (size_t i = 0; after[k][i]; i++)
            parts[n++] = after[k][i];
        parts[n] = NULL;
        char *in = join(parts);
        int rc;
        pith_doc_t *doc =
            clean_url(in, "https://example.com/news/council-expands-bus-network-north", &rc);
        assert_int_equal(rc, 0);
        if (want[k]) {
            assert_non_null(doc->author);
            assert_string_equal(doc->author, want[k]);
        } else {
            assert_null(doc->author);
        }
        pith_doc_destroy(doc);
        free(in);
    }
}

/* A "Key: value" header block is metadata, out of the body; one lone
 * "Key: value" line is not a block. */
static void test_header_block(void **state)
{
    const char *parts[] = {"Titel: Stadtrat beschließt neue Buslinien",
                           "Autor: Anna Beck",
                           "Veröffentlicht: 14.03.2023",
                           "Schlagwörter: Verkehr, Stadtrat",
                           P1,
                           P2,
                           P3,
                           NULL};
    char *in = join(parts);
    int rc;
    pith_doc_t *doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(doc->title, "Stadtrat beschließt neue Buslinien");
    assert_string_equal(doc->author, "Anna Beck");
    assert_string_equal(doc->date, "2023-03-14");
    assert_int_equal(doc->ntags, 2);
    assert_string_equal(doc->tags[1], "Stadtrat");
    char *b = body(doc);
    assert_null(strstr(b, "Autor"));
    assert_null(strstr(b, "Titel"));
    free(b);
    pith_doc_destroy(doc);
    free(in);
}

/* A short article under its headline outweighed by a long sign-up notice
 * further down: the run under the headline (found by the URL's slug) wins. */
static void test_article_under_headline(void **state)
{
    const char *parts[] = {
        "Home",
        "News",
        "Sport",
        "Council expands city bus network",
        "By Jane Doe",
        P1,
        "Related",
        "Weather",
        "Culture",
        "Travel",
        "Business",
        "Opinion",
        "Video",
        "Podcasts",
        "Events",
        "Jobs",
        "Shop",
        "Contact",
        "Account",
        "When you create an account with us we will ask for your e-mail address and a password "
        "of at least eight characters, which you can change at any time in your settings.",
        "If you forget your password, you can ask for a new one and we will send you a link "
        "that is valid for one day, after which you will have to ask for another one.",
        "We keep the data of your account for as long as you use it and delete it within a "
        "month when you close the account, unless the law asks us to keep it for longer.",
        NULL};
    char *in = join(parts);
    int rc;
    pith_doc_t *doc =
        clean_url(in, "https://news.example/local/2024/council-expands-city-bus-network", &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(doc->nparas, 1);
    assert_string_equal(doc->paras[0], P1);
    free(in);
    pith_doc_destroy(doc);
}

/* A table of contents between the lead and the body: its entries neither
 * split the article nor go into it. */
static void test_table_of_contents(void **state)
{
    const char *parts[] = {"Home",
                           "News",
                           P1,
                           "Table of contents",
                           "The plan",
                           "The costs",
                           "The new lines",
                           "The timetable",
                           "The stations",
                           "What residents said",
                           "What comes next",
                           "The vote",
                           "The funding",
                           "Questions",
                           P2,
                           P3,
                           NULL};
    char *in = join(parts);
    int rc;
    pith_doc_t *doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(doc->nparas, 3);
    assert_string_equal(doc->paras[0], P1);
    assert_string_equal(doc->paras[1], P2);
    free(in);
    pith_doc_destroy(doc);
}

/* Without a stop-word list: a Chinese article of short sentences (a CJK
 * character counts thrice) and a Bengali one ending with the danda. */
static void test_unlisted_scripts(void **state)
{
    static const char *const zh1 =
        "市政府周二决定扩建公交网络，新增三条线路连接北部郊区和中央车站。";
    static const char *const zh2 = "官员表示，这项计划将花费约四千万欧元，大部分来自地区基金。";
    static const char *const zh3 = "出席会议的居民欢迎这一决定，但希望晚上的班次更加频繁。";
    const char *zh[] = {"首页", "新闻", "体育",     "财经",     zh1,
                        zh2,    zh3,    "版权所有", "联系我们", NULL};
    char *in = join(zh);
    int rc;
    pith_doc_t *doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(doc->nparas, 3);
    assert_string_equal(doc->paras[0], zh1);
    free(in);
    pith_doc_destroy(doc);

    static const char *const bn =
        "আজ শনিবার সকালে শহরের পরিষদ নতুন বাস লাইন চালুর সিদ্ধান্ত নিয়েছে এবং আগামী বছরের মধ্যে উত্তরের "
        "এলাকাগুলোকে কেন্দ্রীয় স্টেশনের সঙ্গে যুক্ত করা হবে বলে জানিয়েছে।";
    const char *bnp[] = {"প্রচ্ছদ", "খবর", "খেলা", bn, "যোগাযোগ", NULL};
    in = join(bnp);
    doc = clean(in, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(doc->nparas, 1);
    assert_string_equal(doc->paras[0], bn);
    free(in);
    pith_doc_destroy(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_menus_and_footer),   cmocka_unit_test(test_comment_thread),
        cmocka_unit_test(test_cyrillic),           cmocka_unit_test(test_glued_and_prefix),
        cmocka_unit_test(test_article_twice),      cmocka_unit_test(test_metadata_dump),
        cmocka_unit_test(test_no_article),         cmocka_unit_test(test_stopwords),
        cmocka_unit_test(test_stopwords_tokens),   cmocka_unit_test(test_boilerplate),
        cmocka_unit_test(test_header_date_widget), cmocka_unit_test(test_letter_index_not_tags),
        cmocka_unit_test(test_title_not_chrome),   cmocka_unit_test(test_title_english_german),
        cmocka_unit_test(test_glued_teasers),      cmocka_unit_test(test_title_not_label),
        cmocka_unit_test(test_dump_bylines),       cmocka_unit_test(test_dump_closing_byline),
        cmocka_unit_test(test_header_block),       cmocka_unit_test(test_article_under_headline),
        cmocka_unit_test(test_table_of_contents),  cmocka_unit_test(test_unlisted_scripts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
