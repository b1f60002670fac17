/* Unit tests for bytes.c: every byte 0..255 has, in each table, the class
 * it had in the tables these replaced (html_hints.c's name_byte,
 * html_shown.c's cut_kind, both written with GNU range initializers,
 * html_names.c's kinds and stopwords.c's byte_class, filled at run time).
 * The expected classes are those tables as they were, printed one hex
 * digit a byte, sixteen bytes a line. The text and word tables, new with
 * this module, are checked against their rules written again as loops. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "bytes.h"

static const char was_hint[] = "0000000000000000"
                               "0000000000000000"
                               "0000000000000000"
                               "1111111111000000"
                               "0444444444444444"
                               "4444444444400000"
                               "0222222222222222"
                               "2222222222200000"
                               "0000000000000000"
                               "0000000000000000"
                               "0000000000000000"
                               "0000000000000000"
                               "0000000000000000"
                               "0000000000000000"
                               "0000000000000000"
                               "0000000000000000";

static const char was_cut[] = "4000000002200000"
                              "0000000000000000"
                              "2000000000000100"
                              "0000000000000000"
                              "0888888888888888"
                              "8888888888800001"
                              "0000000000000000"
                              "0000000000000000"
                              "0000000000000000"
                              "0000000000000000"
                              "0000000000000000"
                              "0000000000000000"
                              "0000000000000000"
                              "0000000000000000"
                              "0000000000000000"
                              "0000000000000000";

static const char was_value[] = "2333333331132233"
                                "3333333333333333"
                                "1000002000000000"
                                "0000000000000000"
                                "0000000000000000"
                                "0000000000000000"
                                "0000000000000000"
                                "0000000000000003"
                                "3333333333333333"
                                "3333333333333333"
                                "3333333333333333"
                                "3333333333333333"
                                "3333333333333333"
                                "3333333333333333"
                                "3333333333333333"
                                "3333333333333333";

static const char was_stop[] = "0000000000000000"
                               "0000000000000000"
                               "0000000000000000"
                               "4444444444000000"
                               "0222222222222222"
                               "2222222222200000"
                               "0111111111111111"
                               "1111111111100000"
                               "8888888888888888"
                               "8888888888888888"
                               "8888888888888888"
                               "8888888888888888"
                               "8888888888888888"
                               "8888888888888888"
                               "8888888888888888"
                               "8888888888888888";

/* Every byte's class in t is the hex digit at its place in was. */
static void check(const unsigned char *t, const char *was)
{
    for (unsigned c = 0; c < 256; c++) {
        unsigned want = was[c] <= '9' ? (unsigned)(was[c] - '0') : (unsigned)(was[c] - 'a' + 10);
        if (t[c] != want)
            fail_msg("byte 0x%02x: class %u, was %u", c, t[c], want);
    }
}

static void test_hint(void **state)
{
    (void)state;
    check(pith_bytes_hint, was_hint);
    assert_int_equal(pith_bytes_hint['7'], NB_DIGIT);
    assert_int_equal(pith_bytes_hint['q'], NB_LOWER);
    assert_int_equal(pith_bytes_hint['Q'], NB_UPPER);
    assert_int_equal(pith_bytes_hint['-'], 0);
    assert_int_equal(pith_bytes_hint[0xC3], 0);
}

static void test_cut(void **state)
{
    (void)state;
    check(pith_bytes_cut, was_cut);
    assert_int_equal(pith_bytes_cut[0], CUT_END);
    assert_int_equal(pith_bytes_cut['\t'], CUT_BLANK);
    assert_int_equal(pith_bytes_cut['_'], CUT_DASH);
    assert_int_equal(pith_bytes_cut['Z'], CUT_UPPER);
    assert_int_equal(pith_bytes_cut['z'], CUT_WORD);
    assert_int_equal(pith_bytes_cut['\r'], CUT_WORD);
}

static void test_value(void **state)
{
    (void)state;
    check(pith_bytes_value, was_value);
    assert_int_equal(pith_bytes_value['a'], VALUE_PLAIN);
    assert_int_equal(pith_bytes_value['~'], VALUE_PLAIN);
    assert_int_equal(pith_bytes_value['\n'], VALUE_BLANK);
    assert_int_equal(pith_bytes_value['&'], VALUE_BAD);
    assert_int_equal(pith_bytes_value['\f'], VALUE_BAD);
    assert_int_equal(pith_bytes_value[0x7f], VALUE_OTHER);
    assert_int_equal(pith_bytes_value[0x0b], VALUE_OTHER);
    assert_int_equal(pith_bytes_value[0xff], VALUE_OTHER);
}

static void test_text(void **state)
{
    (void)state;
    static const char blanks[] = {0, ' ', '\t', '\n', '\r', '\f'};
    for (unsigned c = 0; c < 256; c++) {
        unsigned want = memchr(blanks, (int)c, sizeof blanks) ? TEXT_STOP
                        : c >= 0x80 && c <= 0xBF              ? TEXT_CONT
                        : c == ','                            ? TEXT_COMMA
                        : c == 0xE3 || c == 0xEF              ? TEXT_CJK
                                                              : 0;
        if (pith_bytes_text[c] != want)
            fail_msg("byte 0x%02x: class %u, want %u", c, pith_bytes_text[c], want);
    }
    assert_int_equal(pith_bytes_text['a'], 0);
    assert_int_equal(pith_bytes_text[0xC3], 0); /* a lead byte is a character */
    assert_int_equal(pith_bytes_text[0xA9], TEXT_CONT);
    assert_int_equal(pith_bytes_text[0x0B], 0); /* VT is no blank to the walk */
    assert_int_equal(pith_bytes_text[0xA0], TEXT_CONT);
}

static void test_word(void **state)
{
    (void)state;
    for (unsigned c = 0; c < 256; c++) {
        unsigned want = c >= 'A' && c <= 'Z'                                            ? c + 32
                        : (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 ? c
                                                                                        : 0;
        if (pith_bytes_word[c] != want)
            fail_msg("byte 0x%02x: %u, want %u", c, pith_bytes_word[c], want);
    }
    assert_int_equal(pith_bytes_word['Q'], 'q');
    assert_int_equal(pith_bytes_word['-'], 0);
    assert_int_equal(pith_bytes_word[0xC3], 0xC3);
}

/* stopwords.c's classes, filled at run time before (build_classes). */
static void test_stop(void **state)
{
    (void)state;
    check(pith_bytes_stop, was_stop);
    assert_int_equal(pith_bytes_stop['k'], STOP_LOW);
    assert_int_equal(pith_bytes_stop['K'], STOP_UP);
    assert_int_equal(pith_bytes_stop['0'], STOP_DIG);
    assert_int_equal(pith_bytes_stop['\''], STOP_SEP);
    assert_int_equal(pith_bytes_stop[0x80], STOP_HIGH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hint), cmocka_unit_test(test_cut),  cmocka_unit_test(test_value),
        cmocka_unit_test(test_text), cmocka_unit_test(test_word), cmocka_unit_test(test_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
