/* Unit tests for normalize.c: paragraph normalization (SPEC §4), glued
 * paragraph repair (SPEC §3) and HTML character references. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "normalize.h"
#include "sniff.h"

static char *norm(const char *s, int ascii)
{
    pith_buf_t out = {0};
    assert_int_equal(pith_norm_para(s, strlen(s), ascii, &out), 0);
    return pith_buf_steal(&out);
}

#define NORM(in, ascii, want)                                                                      \
    do {                                                                                           \
        char *got_ = norm(in, ascii);                                                              \
        assert_string_equal(got_, want);                                                           \
        free(got_);                                                                                \
    } while (0)

static void test_norm_spaces(void **state)
{
    NORM("  hello   world  ", 0, "hello world");
    NORM("a\tb\t\tc", 0, "a b c");
    NORM("a\xC2\xA0\xC2\xA0"
         "b",
         0, "a b"); /* NBSP */
    NORM("a\xE3\x80\x80"
         "b\xE2\x80\x89"
         "c\xE2\x80\xAF"
         "d",
         0, "a b c d"); /* ideographic, thin, narrow nbsp */
    NORM("\xC2\xA0 lead and trail \xE2\x80\x83", 0, "lead and trail");
    NORM("   \t \xC2\xA0 ", 0, "");
    NORM("", 0, "");
}

static void test_norm_lines(void **state)
{
    NORM("line one  \r\n  line two\r\nthree", 0, "line one\nline two\nthree");
    NORM("a\n\n\nb", 0, "a\nb"); /* never a blank line inside a paragraph */
    NORM("a\n \t \nb", 0, "a\nb");
    NORM("\n\na\n\n", 0, "a");
    NORM("a\rb", 0, "a\nb");
    NORM("a\xE2\x80\xA8"
         "b\xE2\x80\xA9"
         "c",
         0, "a\nb\nc"); /* U+2028, U+2029 */
    NORM("a\xE2\x80\x8B\nb", 0, "a\nb");
    NORM("a\n\xE2\x80\x8B\nb", 0, "a\nb"); /* a line of invisible characters is blank */
}

static void test_norm_invisible(void **state)
{
    NORM("zero\xE2\x80\x8Bwidth", 0, "zerowidth");
    NORM("soft\xC2\xADhyphen", 0, "softhyphen");
    NORM("\xEF\xBB\xBF"
         "bom",
         0, "bom");
    NORM("a\xE2\x81\xA0"
         "b\xE2\x80\x8E"
         "c\xE2\x80\x8C"
         "d",
         0, "abcd"); /* WJ, LRM, ZWNJ */
    NORM("ctl\x01\x02\x7F"
         "chars\x1B",
         0, "ctlchars");
    NORM("c1\xC2\x80\xC2\x9F"
         "x",
         0, "c1x");
    NORM("a\x0B"
         "b\x0C"
         "c",
         0, "a\nb\nc");
    /* A space run broken only by invisible characters still collapses. */
    NORM("a \xE2\x80\x8B b", 0, "a b");
    /* ZWJ inside an emoji sequence stays, elsewhere it goes. */
    NORM("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x92\xBB", 0,
         "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x92\xBB");
    NORM("a\xE2\x80\x8D"
         "b",
         0, "ab");
}

static void test_norm_nfc(void **state)
{
    NORM("Cafe\xCC\x81", 0, "Caf\xC3\xA9");              /* e + combining acute */
    NORM("\xE2\x84\xAB", 0, "\xC3\x85");                 /* ANGSTROM SIGN singleton */
    NORM("\xD0\xB8\xCC\x86", 0, "\xD0\xB9");             /* и + breve = й */
    NORM("\xE1\x84\x80\xE1\x85\xA1", 0, "\xEA\xB0\x80"); /* Hangul jamo L+V */
    NORM("\xE0\xA4\x95\xE0\xA4\xBC", 0,
         "\xE0\xA4\x95\xE0\xA4\xBC"); /* excluded: stays decomposed */
    /* Already-NFC text in several scripts passes unchanged. */
    NORM("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xE4\xB8\xAD\xE6\x96\x87 "
         "\xC3\xA9t\xC3\xA9",
         0,
         "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xE4\xB8\xAD\xE6\x96\x87 "
         "\xC3\xA9t\xC3\xA9");
    /* Removing an invisible character between a letter and its mark must
     * still give NFC. */
    NORM("e\xE2\x80\x8B\xCC\x81", 0, "\xC3\xA9");
}

static void test_norm_invalid_utf8(void **state)
{
    NORM("bad\xFF"
         "byte",
         0,
         "bad\xEF\xBF\xBD"
         "byte");
    NORM("trunc\xE2\x80", 0, "trunc\xEF\xBF\xBD");
    NORM("\xC0\xAF", 0, "\xEF\xBF\xBD\xEF\xBF\xBD");
    NORM("sur\xED\xA0\x80"
         "x",
         0,
         "sur\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
         "x");
}

static void test_norm_ascii_fold(void **state)
{
    const char *typo =
        "\xE2\x80\x9CQuote\xE2\x80\x9D \xE2\x80\x98single\xE2\x80\x99 \xC2\xABru\xC2\xBB "
        "\xE2\x80\x9E"
        "de\xE2\x80\x9C a\xE2\x80\x93"
        "b c\xE2\x80\x94"
        "d wait\xE2\x80\xA6 \xE2\x88\x92"
        "5";
    NORM(typo, 1, "\"Quote\" 'single' \"ru\" \"de\" a-b c-d wait... -5");
    NORM(typo, 0, typo); /* kept without --ascii */
    NORM("it\xCA\xBCs \xE2\x80\xB9x\xE2\x80\xBA", 1, "it's 'x'");
}

/* Deterministic pseudo-random strings mixing the troublesome classes. */
static uint32_t rnd(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

static void test_norm_invariants(void **state)
{
    static const char *const atoms[] = {"a",
                                        "Z",
                                        " ",
                                        "  ",
                                        "\t",
                                        "\n",
                                        "\r\n",
                                        "\n\n",
                                        "\xC2\xA0",
                                        "\xE2\x80\x8B",
                                        "\xC2\xAD",
                                        "\xCC\x81",
                                        "\xCC\xA3",
                                        "e",
                                        "\xD0\xB8",
                                        "\xCC\x86",
                                        "\xE2\x84\xAB",
                                        "\xE1\x85\xA1",
                                        "\xE1\x84\x80",
                                        "\xFF",
                                        "\xE2\x80",
                                        "\x01",
                                        "\xE2\x80\x9C",
                                        "\xE2\x80\x94",
                                        "\xE2\x80\xA6",
                                        "\xF0\x9F\x91\xA8",
                                        "\xE2\x80\x8D",
                                        "\xEF\xBB\xBF",
                                        "\xE0\xA4\x95",
                                        "\xE0\xA4\xBC",
                                        "\xE3\x80\x80",
                                        "\xE2\x80\xA8",
                                        ".",
                                        "\"",
                                        "\xC3\xA9",
                                        "\xE0\xAD\x87",
                                        "\xE0\xAC\xBE"};
    uint32_t seed = 42;
    char in[256];
    pith_buf_t out = {0}, again = {0};
    for (int iter = 0; iter < 4000; iter++) {
        size_t n = 0;
        int k = (int)(rnd(&seed) % 24);
        for (int i = 0; i < k; i++) {
            const char *a = atoms[rnd(&seed) % (sizeof atoms / sizeof *atoms)];
            size_t l = strlen(a);
            if (n + l >= sizeof in)
                break;
            memcpy(in + n, a, l);
            n += l;
        }
        int ascii = (int)(rnd(&seed) & 1);
        assert_int_equal(pith_norm_para(in, n, ascii, &out), 0);
        assert_true(pith_utf8_valid(out.data, out.len));
        assert_null(strstr(out.data, "\n\n"));
        assert_int_equal(strlen(out.data), out.len);
        for (size_t i = 0; i < out.len; i++) {
            unsigned char c = (unsigned char)out.data[i];
            assert_true(c >= 0x20 || c == '\n');
            assert_true(c != 0x7F);
        }
        if (out.len) {
            assert_true(out.data[0] != ' ' && out.data[0] != '\n');
            assert_true(out.data[out.len - 1] != ' ' && out.data[out.len - 1] != '\n');
            assert_null(strstr(out.data, "  "));
            assert_null(strstr(out.data, " \n"));
            assert_null(strstr(out.data, "\n "));
            /* NFC, as utf8proc computes it from scratch. */
            utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)out.data);
            assert_non_null(nfc);
            assert_string_equal((char *)nfc, out.data);
            free(nfc);
        }
        /* Idempotent. */
        assert_int_equal(pith_norm_para(out.data, out.len, ascii, &again), 0);
        assert_string_equal(again.data, out.data);
    }
    pith_buf_free(&out);
    pith_buf_free(&again);
}

/* ---- glued paragraphs ---- */

static char *split(const char *s)
{
    pith_buf_t out = {0};
    assert_int_equal(pith_split_glued(s, strlen(s), &out), 0);
    return pith_buf_steal(&out);
}

#define SPLIT(in, want)                                                                            \
    do {                                                                                           \
        char *got_ = split(in);                                                                    \
        assert_string_equal(got_, want);                                                           \
        free(got_);                                                                                \
    } while (0)
#define NOSPLIT(in) SPLIT(in, in)

static void test_split_seeds(void **state)
{
    SPLIT("in an adequate time frame.The foreign minister's comments",
          "in an adequate time frame.\n\nThe foreign minister's comments");
    SPLIT(
        "should \"form those very reliable, legally binding security guarantees\".\"Participation "
        "of high-ranking military personnel",
        "should \"form those very reliable, legally binding security "
        "guarantees\".\n\n\"Participation "
        "of high-ranking military personnel");
    SPLIT("30 member states.What is Russia Proposing?In mid-December, the Russian",
          "30 member states.\n\nWhat is Russia Proposing?\n\nIn mid-December, the Russian");
    SPLIT("described as a \"red line\" for Moscow.\"Our actions will depend",
          "described as a \"red line\" for Moscow.\n\n\"Our actions will depend");
    NOSPLIT("\"How would Americans react if we were to deploy our missiles on the US border with "
            "Canada or Mexico?\", he wondered during his annual press conference");
}

static void test_split_more(void **state)
{
    /* A closing quote after the sentence end goes with the sentence. */
    SPLIT("He said: \"We are ready.\"The talks begin",
          "He said: \"We are ready.\"\n\nThe talks begin");
    SPLIT("\xE2\x80\x9CWe are ready.\xE2\x80\x9DThe talks",
          "\xE2\x80\x9CWe are ready.\xE2\x80\x9D\n\nThe talks");
    SPLIT("Stop!Now we go", "Stop!\n\nNow we go");
    SPLIT("Really?!Yes", "Really?!\n\nYes");
    SPLIT("(TASS).The minister", "(TASS).\n\nThe minister");
    /* Cyrillic capitals and Russian quotes. */
    SPLIT("\xD0\xB2 "
          "\xD0\xBA\xD0\xBE\xD0\xBD\xD1\x86\xD0\xB5.\xD0\x97\xD0\xB0\xD1\x82\xD0\xB5\xD0\xBC",
          "\xD0\xB2 "
          "\xD0\xBA\xD0\xBE\xD0\xBD\xD1\x86\xD0\xB5.\n\n\xD0\x97\xD0\xB0\xD1\x82\xD0\xB5\xD0\xBC");
    SPLIT("\xD1\x81\xD0\xBA\xD0\xB0\xD0\xB7\xD0\xB0\xD0\xBB.\xC2\xAB\xD0\x9C\xD1\x8B "
          "\xD0\xB3\xD0\xBE",
          "\xD1\x81\xD0\xBA\xD0\xB0\xD0\xB7\xD0\xB0\xD0\xBB.\n\n\xC2\xAB\xD0\x9C\xD1\x8B "
          "\xD0\xB3\xD0\xBE");
}

static void test_split_not(void **state)
{
    NOSPLIT("J.R.R. Tolkien wrote it");
    NOSPLIT("the U.S.Army said");
    NOSPLIT("grew 3.5 percent");
    NOSPLIT("according to sputniknews.com, the");
    NOSPLIT("visit www.Example.org today");
    NOSPLIT("see example.Org/News for more");
    NOSPLIT("e.g. This and i.e.That");
    NOSPLIT("a Ph.D from Oxford");
    NOSPLIT("item No.5 on the list");
    NOSPLIT("Mr.Smith and Dr.Jones met Gen.Miller");
    NOSPLIT("at https://example.com/Page.Html we read");
    NOSPLIT("mail john.Doe@example.com now");
    NOSPLIT("the file report.pdf is here");
    NOSPLIT("wait . Then");
    NOSPLIT("\xD1\x83\xD0\xBB.\xD0\x9B\xD0\xB5\xD0\xBD\xD0\xB8\xD0\xBD\xD0\xB0, 5"); /* ул.Ленина */
    NOSPLIT("sentence.lowercase follows");
    NOSPLIT("end.\"");
    NOSPLIT("");
}

/* ---- entities ---- */

static char *dec(const char *s)
{
    pith_buf_t out = {0};
    assert_int_equal(pith_decode_entities(s, strlen(s), &out), 0);
    return pith_buf_steal(&out);
}

#define DEC(in, want)                                                                              \
    do {                                                                                           \
        char *got_ = dec(in);                                                                      \
        assert_string_equal(got_, want);                                                           \
        free(got_);                                                                                \
    } while (0)

static void test_entities_named(void **state)
{
    DEC("a &amp; b &lt;p&gt; &quot;q&quot; &apos;", "a & b <p> \"q\" '");
    DEC("x&nbsp;y", "x\xC2\xA0y");
    DEC("&mdash;&hellip;&rsquo;&eacute;&AElig;&euro;",
        "\xE2\x80\x94\xE2\x80\xA6\xE2\x80\x99\xC3\xA9\xC3\x86\xE2\x82\xAC");
    DEC("&NotEqualTilde;", "\xE2\x89\x82\xCC\xB8"); /* two code points */
    DEC("&zwnj;&zwj;", "\xE2\x80\x8C\xE2\x80\x8D");
    /* Legacy forms without a semicolon. */
    DEC("AT&amp T, &copy 2020, &lt", "AT& T, \xC2\xA9 2020, <");
    /* Unknown or incomplete references stay as they are. */
    DEC("AT&T &bogus; &; & &copy2020 &mdash no", "AT&T &bogus; &; & &copy2020 &mdash no");
    DEC("?a=1&b=2", "?a=1&b=2");
}

static void test_entities_numeric(void **state)
{
    DEC("&#8217;&#x2019;&#X2019;&#65", "\xE2\x80\x99\xE2\x80\x99\xE2\x80\x99"
                                       "A");
    DEC("&#150;&#x93;&#x94;", "\xE2\x80\x93\xE2\x80\x9C\xE2\x80\x9D"); /* windows-1252 remapping */
    DEC("&#0;|&#xD800;|&#x110000;|&#99999999999999;",
        "\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD");
    DEC("&#;&#x;&#xZ", "&#;&#x;&#xZ");
    DEC("&#x1F600;", "\xF0\x9F\x98\x80");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_norm_spaces),       cmocka_unit_test(test_norm_lines),
        cmocka_unit_test(test_norm_invisible),    cmocka_unit_test(test_norm_nfc),
        cmocka_unit_test(test_norm_invalid_utf8), cmocka_unit_test(test_norm_ascii_fold),
        cmocka_unit_test(test_norm_invariants),   cmocka_unit_test(test_split_seeds),
        cmocka_unit_test(test_split_more),        cmocka_unit_test(test_split_not),
        cmocka_unit_test(test_entities_named),    cmocka_unit_test(test_entities_numeric),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
