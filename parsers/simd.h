/* SIMD fast paths, all in one place, each with a scalar twin.
 *
 * The core looks at sixteen bytes at a time in a few hot loops (tokenizing,
 * binary sniffing, UTF-8 validation, paragraph copying, sentence-end
 * search, character counting, lowercasing). The SSE2 code for those lives here and nowhere
 * else, so a reader meets intrinsics in one file and a test can hold each
 * function against its twin: pith_simd16_X is the SSE2 version and
 * pith_scalar16_X says the same thing byte by byte (tests/unit/test_simd.c
 * compares the two on random and edge inputs of every length and
 * alignment). PITH_SIMD is 1 when the compiler targets SSE2 and the build
 * did not turn the fast paths off (cmake -DPITH_SIMD=OFF defines
 * PITH_NO_SIMD; `make test-nosimd` builds and runs the unit tests so); the
 * callers then keep their portable eight-byte paths, which are what a
 * machine without SSE2 runs.
 *
 * Every function reads exactly the bytes it is given (sixteen, or n) and
 * has no alignment requirement. Masks give bit k for byte k. Header-only
 * and static inline: the callers run these per sixteen bytes, and a call
 * across files per chunk would cost more than the work. */
#ifndef PITH_SIMD_H
#define PITH_SIMD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__) && !defined(PITH_NO_SIMD)
#define PITH_SIMD 1
#include <emmintrin.h>
#else
#define PITH_SIMD 0
#endif

/* ---- scalar twins: the definitions ----------------------------------------- */

/* word: ASCII letters and digits; high: bytes >= 0x80. */
static inline void pith_scalar16_word_high(const void *p, uint32_t *word, uint32_t *high)
{
    const unsigned char *s = p;
    uint32_t w = 0, h = 0;
    for (unsigned k = 0; k < 16; k++) {
        unsigned c = s[k], l = c | 0x20;
        w |= (uint32_t)((l >= 'a' && l <= 'z') || (c >= '0' && c <= '9')) << k;
        h |= (uint32_t)(c >= 0x80) << k;
    }
    *word = w;
    *high = h;
}

/* Control bytes that mark binary input: below 0x20 except 0x09..0x0F
 * (\t \n \v \f \r SO SI) and ESC, and DEL. */
static inline unsigned pith_scalar16_ctl(const void *p)
{
    const unsigned char *s = p;
    unsigned m = 0;
    for (unsigned k = 0; k < 16; k++) {
        unsigned c = s[k];
        m |= (unsigned)((c < 0x20 && !(c >= 0x09 && c <= 0x0F) && c != 0x1B) || c == 0x7F) << k;
    }
    return m;
}

/* Whether all sixteen bytes are printable ASCII (0x20..0x7E) with no two
 * spaces in a row and no space last: plain words a paragraph copies as
 * they are. */
static inline int pith_scalar16_plain(const void *p)
{
    const unsigned char *s = p;
    for (unsigned k = 0; k < 16; k++) {
        if (s[k] < 0x20 || s[k] > 0x7E)
            return 0;
        if (s[k] == ' ' && (k == 15 || s[k + 1] == ' '))
            return 0;
    }
    return 1;
}

/* Bytes equal to a, b, c or d. */
static inline unsigned pith_scalar16_eq4(const void *p, char a, char b, char c, char d)
{
    const char *s = p;
    unsigned m = 0;
    for (unsigned k = 0; k < 16; k++)
        m |= (unsigned)(s[k] == a || s[k] == b || s[k] == c || s[k] == d) << k;
    return m;
}

/* UTF-8 continuation bytes (0x80..0xBF) in s[0..n), any n. */
static inline size_t pith_scalar_utf8_cont(const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t cont = 0;
    for (size_t i = 0; i < n; i++)
        cont += (s[i] & 0xC0) == 0x80;
    return cont;
}

/* How many bytes s[0..n) starts with that are below 0x80 (n when all are). */
static inline size_t pith_scalar_ascii_prefix(const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i = 0;
    while (i < n && s[i] < 0x80)
        i++;
    return i;
}

/* When all sixteen bytes are ASCII: writes them to o with 'A'..'Z'
 * lowercased and returns 1. Otherwise returns 0 and leaves o alone. */
static inline int pith_scalar16_lower_ascii(const void *p, void *o)
{
    const unsigned char *s = p;
    unsigned char t[16];
    for (unsigned k = 0; k < 16; k++) {
        if (s[k] >= 0x80)
            return 0;
        t[k] = s[k] >= 'A' && s[k] <= 'Z' ? (unsigned char)(s[k] | 0x20) : s[k];
    }
    memcpy(o, t, 16);
    return 1;
}

/* ---- SSE2 ------------------------------------------------------------------ */

#if PITH_SIMD
static inline __m128i pith_simd16_load(const void *p)
{
    return _mm_loadu_si128((const __m128i *)p);
}

/* y = x | 0x20 is a letter when y + 0x1F, taken as a signed byte, falls in
 * -128..-103 ('a'..'z' map to 0x80..0x99; no other byte value does), and x
 * is a digit when x + 0x50 falls in -128..-119. */
static inline void pith_simd16_word_high(const void *p, uint32_t *word, uint32_t *high)
{
    __m128i x = pith_simd16_load(p);
    __m128i y = _mm_or_si128(x, _mm_set1_epi8(0x20));
    __m128i let = _mm_cmplt_epi8(_mm_add_epi8(y, _mm_set1_epi8(0x1F)), _mm_set1_epi8(-102));
    __m128i dig = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8(0x50)), _mm_set1_epi8(-118));
    *word = (uint32_t)_mm_movemask_epi8(_mm_or_si128(let, dig));
    *high = (uint32_t)_mm_movemask_epi8(x);
}

/* Unsigned comparisons are done as "min(b, k) == b". */
static inline unsigned pith_simd16_ctl(const void *p)
{
    const __m128i k1f = _mm_set1_epi8(0x1F), k09 = _mm_set1_epi8(0x09), k06 = _mm_set1_epi8(6),
                  kesc = _mm_set1_epi8(0x1B), kdel = _mm_set1_epi8(0x7F);
    __m128i x = pith_simd16_load(p);
    __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(x, k1f), x);
    __m128i t = _mm_sub_epi8(x, k09);
    __m128i allowed =
        _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(t, k06), t), _mm_cmpeq_epi8(x, kesc));
    __m128i bad = _mm_or_si128(_mm_andnot_si128(allowed, low), _mm_cmpeq_epi8(x, kdel));
    return (unsigned)_mm_movemask_epi8(bad);
}

/* Signed, the bytes 0x20..0x7E are exactly those above 0x1F and below 0x7F
 * (bytes >= 0x80 are negative). */
static inline int pith_simd16_plain(const void *p)
{
    __m128i x = pith_simd16_load(p);
    __m128i ok = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(0x1F)),
                               _mm_cmplt_epi8(x, _mm_set1_epi8(0x7F)));
    if (_mm_movemask_epi8(ok) != 0xFFFF)
        return 0;
    unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
    return (sp & (sp >> 1)) == 0 && !(sp >> 15);
}

static inline unsigned pith_simd16_eq4(const void *p, char a, char b, char c, char d)
{
    __m128i x = pith_simd16_load(p);
    __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(a)), _mm_cmpeq_epi8(x, _mm_set1_epi8(b))),
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(c)), _mm_cmpeq_epi8(x, _mm_set1_epi8(d))));
    return (unsigned)_mm_movemask_epi8(hit);
}

/* Continuation bytes are 0x80..0xBF, as signed bytes -128..-65. Each lane
 * counts them down from zero (a compare gives -1), at most 255 times before
 * the lanes are summed; the rest is the sixteen bytes that end the text,
 * less those already counted. Texts under sixteen bytes are counted byte by
 * byte. */
static inline size_t pith_simd_utf8_cont(const void *p, size_t n)
{
    const char *s = p;
    if (n < 16)
        return pith_scalar_utf8_cont(s, n);
    const __m128i lim = _mm_set1_epi8(-64);
    size_t cont = 0, i = 0;
    while (i + 16 <= n) {
        __m128i acc = _mm_setzero_si128();
        for (unsigned k = 0; k < 255 && i + 16 <= n; k++, i += 16)
            acc = _mm_sub_epi8(acc, _mm_cmplt_epi8(pith_simd16_load(s + i), lim));
        __m128i sum = _mm_sad_epu8(acc, _mm_setzero_si128());
        cont += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_extract_epi16(sum, 4);
    }
    if (i < n) {
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(pith_simd16_load(s + n - 16), lim));
        m >>= 16 - (n - i);
        for (; m; m &= m - 1)
            cont++;
    }
    return cont;
}

/* A byte >= 0x80 is a set sign bit: sixty-four bytes are tested with one
 * mask while all are ASCII, then sixteen, and the last sixteen bytes of the
 * text (less those already seen) end it. Texts under sixteen bytes go byte
 * by byte. */
static inline size_t pith_simd_ascii_prefix(const void *p, size_t n)
{
    const char *s = p;
    if (n < 16)
        return pith_scalar_ascii_prefix(s, n);
    size_t i = 0;
    while (i + 64 <= n) {
        __m128i x =
            _mm_or_si128(_mm_or_si128(pith_simd16_load(s + i), pith_simd16_load(s + i + 16)),
                         _mm_or_si128(pith_simd16_load(s + i + 32), pith_simd16_load(s + i + 48)));
        if (_mm_movemask_epi8(x))
            break;
        i += 64;
    }
    for (; i + 16 <= n; i += 16) {
        unsigned m = (unsigned)_mm_movemask_epi8(pith_simd16_load(s + i));
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
    if (i < n) {
        unsigned m = (unsigned)_mm_movemask_epi8(pith_simd16_load(s + n - 16)) >> (16 - (n - i));
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
    return n;
}

/* x + 0x3F, as a signed byte, is below -102 exactly for 'A'..'Z'
 * (0x80..0x99), whose bit 5 is then set. */
static inline int pith_simd16_lower_ascii(const void *p, void *o)
{
    __m128i x = pith_simd16_load(p);
    if (_mm_movemask_epi8(x))
        return 0;
    __m128i up = _mm_cmplt_epi8(_mm_add_epi8(x, _mm_set1_epi8(0x3F)), _mm_set1_epi8(-102));
    x = _mm_or_si128(x, _mm_and_si128(up, _mm_set1_epi8(0x20)));
    _mm_storeu_si128((__m128i *)o, x);
    return 1;
}
#endif /* PITH_SIMD */

#endif
