/* Unit tests for simd.h: every SSE2 fast path gives what its scalar twin
 * gives, on every byte value at every lane, on random and edge inputs of
 * every length up to 200 at every alignment; and the scalar twins say what
 * their comments say on hand-picked inputs (the only part that runs in a
 * build without SSE2, cmake -DPITH_SIMD=OFF). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "simd.h"

static void test_scalar_twins(void **state)
{
    (void)state;
    uint32_t w, h;
    pith_scalar16_word_high("Ab9 _@[`{/:\xC3\xA9z-Z", &w, &h);
    assert_int_equal(w, 0x0007u | 1u << 13 | 1u << 15); /* A b 9, z, Z */
    assert_int_equal(h, 3u << 11);                      /* the two bytes of é */

    assert_int_equal(pith_scalar16_ctl("\t\n\v\f\r\x0e\x0f\x1b \x7f\x01\x08\x10\x1f~\x80"),
                     1u << 9 | 1u << 10 | 1u << 11 | 1u << 12 | 1u << 13);

    assert_true(pith_scalar16_plain("one two three ~x"));
    assert_false(pith_scalar16_plain("one two  three x")); /* two spaces */
    assert_false(pith_scalar16_plain("one two three x ")); /* a space last */
    assert_false(pith_scalar16_plain("one\ttwo three xy"));
    assert_false(pith_scalar16_plain("one two thr\177e xy"));
    assert_false(pith_scalar16_plain("caf\xC3\xA9 two threes"));

    assert_int_equal(pith_scalar16_eq4("a.b?c!d\"e,f;g:h'", '"', '.', '?', '!'), 0x00AAu);

    assert_int_equal(pith_scalar_utf8_cont("", 0), 0);
    assert_int_equal(pith_scalar_utf8_cont("caf\xC3\xA9 \xE2\x80\x9D", 9), 3);

    assert_int_equal(pith_scalar_ascii_prefix("", 0), 0);
    assert_int_equal(pith_scalar_ascii_prefix("plain\x7f\x01", 7), 7);
    assert_int_equal(pith_scalar_ascii_prefix("caf\xC3\xA9", 5), 3);
    assert_int_equal(pith_scalar_ascii_prefix("\x80", 1), 0);

    char o[17] = "................";
    assert_true(pith_scalar16_lower_ascii("ABC xyz @[`{ ZAz", o));
    assert_string_equal(o, "abc xyz @[`{ zaz");
    memcpy(o, "................", 16);
    assert_false(pith_scalar16_lower_ascii("ABC xyz @[`{ ZA\xC3", o));
    assert_string_equal(o, "................"); /* left alone */
}

#if PITH_SIMD
/* Compares all sixteen-byte functions on the sixteen bytes at p. */
static void same16(const unsigned char *p)
{
    uint32_t w1, h1, w2, h2;
    pith_simd16_word_high(p, &w1, &h1);
    pith_scalar16_word_high(p, &w2, &h2);
    assert_int_equal(w1, w2);
    assert_int_equal(h1, h2);
    assert_int_equal(pith_simd16_ctl(p), pith_scalar16_ctl(p));
    assert_int_equal(pith_simd16_plain(p), pith_scalar16_plain(p));
    assert_int_equal(pith_simd16_eq4(p, '"', '.', '?', '!'),
                     pith_scalar16_eq4(p, '"', '.', '?', '!'));
    assert_int_equal(pith_simd16_eq4(p, (char)0xC3, 0, ' ', (char)0x80),
                     pith_scalar16_eq4(p, (char)0xC3, 0, ' ', (char)0x80));
    unsigned char o1[16], o2[16];
    memset(o1, 0xAA, sizeof o1);
    memset(o2, 0xAA, sizeof o2);
    assert_int_equal(pith_simd16_lower_ascii(p, o1), pith_scalar16_lower_ascii(p, o2));
    assert_memory_equal(o1, o2, 16);
}

/* Every byte value in every lane, over fillers that sit next to the
 * boundaries the fast paths test (spaces, letters, controls, high bytes). */
static void test_every_byte_every_lane(void **state)
{
    (void)state;
    static const unsigned char fill[] = {'a', ' ', 'Z', 0x00, 0x7F, 0x80, 0xFF, '.'};
    unsigned char b[16];
    for (size_t f = 0; f < sizeof fill; f++)
        for (unsigned lane = 0; lane < 16; lane++)
            for (unsigned v = 0; v < 256; v++) {
                memset(b, fill[f], sizeof b);
                b[lane] = (unsigned char)v;
                same16(b);
                /* and its neighbour a space: the double-space rule */
                if (lane < 15)
                    b[lane + 1] = ' ';
                same16(b);
            }
}

/* A small deterministic generator: the tests must not depend on a seed the
 * run chose. */
static uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Random bytes, mostly from the values the fast paths classify near their
 * edges, so that runs of plain text and of each class are common. */
static void fill_random(unsigned char *b, size_t n, uint32_t *s, unsigned mode)
{
    static const unsigned char edge[] = {0x00, 0x08, 0x09, 0x0D, 0x0F, 0x10, 0x1A, 0x1B, 0x1C,
                                         0x1F, ' ',  '!',  '"',  '.',  '/',  '0',  '9',  ':',
                                         '?',  '@',  'A',  'Z',  '[',  '`',  'a',  'z',  '{',
                                         '~',  0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xF0, 0xFF};
    for (size_t i = 0; i < n; i++) {
        uint32_t r = next_rand(s);
        if (mode == 0)
            b[i] = (unsigned char)r;
        else if (mode == 1)
            b[i] = edge[r % sizeof edge];
        else /* mostly plain words */
            b[i] = r % 7 == 0 ? ' ' : r % 31 == 0 ? edge[(r >> 8) % sizeof edge] : 'a' + r % 26;
    }
}

static void test_random_lengths_alignments(void **state)
{
    (void)state;
    enum { MAXLEN = 200, ALIGN = 16 };
    unsigned char buf[MAXLEN + ALIGN + 16];
    uint32_t seed = 0x9E3779B9u;
    for (unsigned round = 0; round < 40; round++)
        for (size_t len = 0; len <= MAXLEN; len++)
            for (size_t off = 0; off < ALIGN; off++) {
                unsigned char *p = buf + off;
                fill_random(p, len, &seed, round % 3);
                assert_int_equal(pith_simd_utf8_cont(p, len), pith_scalar_utf8_cont(p, len));
                assert_int_equal(pith_simd_ascii_prefix(p, len), pith_scalar_ascii_prefix(p, len));
                if (len >= 16 && (len & 7) == off % 8)
                    for (size_t k = 0; k + 16 <= len; k++)
                        same16(p + k);
            }
}

/* Long ASCII runs with one high byte at every place: the sixty-four-byte
 * steps, the sixteen-byte ones and the tail each find it. */
static void test_ascii_prefix_long(void **state)
{
    (void)state;
    unsigned char b[300];
    for (size_t n = 0; n <= sizeof b; n += n < 140 ? 1 : 37) {
        memset(b, 'x', sizeof b);
        assert_int_equal(pith_simd_ascii_prefix(b, n), n);
        for (size_t at = 0; at < n; at++) {
            memset(b, 'x', sizeof b);
            b[at] = at % 2 ? 0x80 : 0xFF;
            assert_int_equal(pith_simd_ascii_prefix(b, n), at);
            if (at + 1 < n)
                b[at + 1] = 0xC3; /* a second one after it changes nothing */
            assert_int_equal(pith_simd_ascii_prefix(b, n), at);
        }
    }
}

/* The lane counters of pith_simd_utf8_cont are summed every 255 chunks:
 * texts longer than that, all continuation bytes or none. */
static void test_utf8_cont_long(void **state)
{
    (void)state;
    static unsigned char big[255 * 16 * 3 + 21];
    for (unsigned v = 0; v < 3; v++) {
        memset(big, v == 0 ? 0x80 : v == 1 ? 'a' : 0xBF, sizeof big);
        for (size_t n = 255 * 16 - 17; n <= sizeof big; n += 255 * 16 / 4 + 3)
            assert_int_equal(pith_simd_utf8_cont(big, n), pith_scalar_utf8_cont(big, n));
    }
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalar_twins),
#if PITH_SIMD
        cmocka_unit_test(test_every_byte_every_lane),
        cmocka_unit_test(test_random_lengths_alignments),
        cmocka_unit_test(test_utf8_cont_long),
        cmocka_unit_test(test_ascii_prefix_long),
#endif
    };
#if !PITH_SIMD
    printf("test_simd: SIMD off in this build; the scalar twins only\n");
#endif
    return cmocka_run_group_tests(tests, NULL, NULL);
}
