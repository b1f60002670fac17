/* Unit tests for sniff.c: refusing binaries, telling HTML from text, and
 * transcoding to UTF-8 (BOMs, HTTP and <meta> declarations, iconv charsets,
 * mislabelled UTF-8, guesses, invalid bytes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sniff.h"
#include "sniff_type.h"

/* "Привет, мир" in several encodings. */
#define PRIVET_UTF8 "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82, \xD0\xBC\xD0\xB8\xD1\x80"
#define PRIVET_1251 "\xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0"
#define PRIVET_866 "\x8F\xE0\xA8\xA2\xA5\xE2, \xAC\xA8\xE0"
#define PRIVET_KOI8 "\xF0\xD2\xC9\xD7\xC5\xD4, \xCD\xC9\xD2"

static void expect_binary(const char *data, size_t n, const char *reason)
{
    pith_err_t err = {0};
    if (pith_sniff_binary((const uint8_t *)data, n, NULL, &err) != PITH_EBINARY)
        fail_msg("not refused as binary, expected \"%s\"", reason);
    assert_int_equal(err.code, PITH_EBINARY);
    if (!strstr(err.reason, reason))
        fail_msg("reason \"%s\" lacks \"%s\"", err.reason, reason);
}

static void test_binary_magic(void **state)
{
    char buf[600];
    memset(buf, 'x', sizeof buf);
#define MAGIC(bytes, reason)                                                                       \
    do {                                                                                           \
        memset(buf, 'x', sizeof buf);                                                              \
        memcpy(buf, bytes, sizeof(bytes) - 1);                                                     \
        expect_binary(buf, sizeof buf, reason);                                                    \
    } while (0)
    MAGIC("\x89PNG\r\n\x1a\n", "PNG");
    MAGIC("\xff\xd8\xff\xe0", "JPEG");
    MAGIC("GIF89a", "GIF");
    MAGIC("%PDF-1.7", "PDF");
    MAGIC("PK\x03\x04", "ZIP");
    MAGIC("\x1f\x8b\x08", "gzip");
    MAGIC("BZh91AY&SY", "bzip2");
    MAGIC("\xfd"
          "7zXZ\x00",
          "xz");
    MAGIC("7z\xbc\xaf\x27\x1c", "7z");
    MAGIC("\x7f"
          "ELF",
          "ELF");
    MAGIC("RIFF\x10\x00\x00\x00WEBPVP8 ", "WebP");
    MAGIC("\x00\x00\x00\x18"
          "ftypmp42",
          "MP4");
    MAGIC("SQLite format 3\x00", "SQLite");
    memset(buf, 'x', sizeof buf);
    memcpy(buf + 257, "ustar", 5);
    expect_binary(buf, sizeof buf, "tar");
}

static void test_binary_other(void **state)
{
    pith_err_t err = {0};
    assert_int_equal(pith_sniff_binary((const uint8_t *)"", 0, NULL, &err), PITH_EEMPTY);
    expect_binary("text\0more", 9, "NUL");
    /* A few stray NULs well into a text are a broken template's padding,
     * not a binary format; NULs near the start, or many, are. */
    static char page[5000];
    memset(page, 'a', sizeof page);
    for (size_t i = 0; i < 4; i++)
        page[3000 + i] = '\0';
    pith_err_t ok_err = {0};
    assert_int_equal(pith_sniff_binary((const uint8_t *)page, sizeof page, NULL, &ok_err), 0);
    page[PITH_NUL_HEAD - 1] = '\0';
    expect_binary(page, sizeof page, "NUL");
    page[PITH_NUL_HEAD - 1] = 'a';
    for (size_t i = 0; i < 8; i++)
        page[2000 + 100 * i] = '\0';
    expect_binary(page, sizeof page, "NUL"); /* 12 in 5,000 bytes */
    char ctl[200];
    for (size_t i = 0; i < sizeof ctl; i++)
        ctl[i] = (char)(i % 3 ? 'a' : 0x01);
    expect_binary(ctl, sizeof ctl, "control");
    /* Text, including legacy and stateful encodings, passes. */
    const char *ok[] = {"plain text\r\n\tindented\f",
                        PRIVET_1251,
                        PRIVET_KOI8,
                        "\x1b$B$3$s$K$A$O\x1b(B iso-2022-jp",
                        "BZh9 is not bzip2 without its block magic",
                        "MZ is not an executable",
                        "ID3 tags are a thing"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        assert_int_equal(pith_sniff_binary((const uint8_t *)ok[i], strlen(ok[i]), NULL, &err), 0);
    /* UTF-16 with a BOM has NUL bytes and is still text. */
    assert_int_equal(pith_sniff_binary((const uint8_t *)"\xFF\xFEh\0i\0", 6, NULL, &err), 0);
    assert_int_equal(pith_sniff_binary((const uint8_t *)"\xFE\xFF\0h\0i", 6, NULL, &err), 0);
}

static void test_sniff_type(void **state)
{
#define TYPE(s) pith_sniff_type(s, strlen(s))
    assert_int_equal(TYPE("<!DOCTYPE html><title>x</title>"), PITH_TYPE_HTML);
    assert_int_equal(TYPE("\n\n  <html lang=en><body>hi"), PITH_TYPE_HTML);
    assert_int_equal(TYPE("<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"),
                     PITH_TYPE_HTML);
    assert_int_equal(TYPE("<!-- saved page -->\n<div class=a><p>One</p><p>Two</p></div>"),
                     PITH_TYPE_HTML);
    assert_int_equal(TYPE("<p>Hello</p><p>World</p>"), PITH_TYPE_HTML);
    assert_int_equal(TYPE("Plain text about nothing.\n\nMore text."), PITH_TYPE_TEXT);
    assert_int_equal(TYPE("Use the <b> tag for bold text, as every tutorial says. And more prose "
                          "follows here so that this is clearly a text dump."),
                     PITH_TYPE_TEXT);
    assert_int_equal(TYPE("a < b and c > d, x<y"), PITH_TYPE_TEXT);
    char big[4000];
    memset(big, 'w', sizeof big);
    memcpy(big + 100, "<em>word</em>", 13);
    big[sizeof big - 1] = '\0';
    assert_int_equal(TYPE(big), PITH_TYPE_TEXT);
}

static char *conv(const char *data, size_t n, const char *declared)
{
    pith_buf_t out = {0};
    pith_err_t err = {0};
    assert_int_equal(pith_to_utf8((const uint8_t *)data, n, declared, &out, &err), 0);
    assert_true(pith_utf8_valid(out.data, out.len));
    assert_int_equal(strlen(out.data), out.len); /* never a NUL inside */
    return pith_buf_steal(&out);
}

#define CONV(data, n, decl, want)                                                                  \
    do {                                                                                           \
        char *got_ = conv(data, n, decl);                                                          \
        assert_string_equal(got_, want);                                                           \
        free(got_);                                                                                \
    } while (0)
#define CONVS(data, decl, want) CONV(data, strlen(data), decl, want)

static void test_utf8_boms(void **state)
{
    CONVS("\xEF\xBB\xBFhello", NULL, "hello");
    CONVS("\xEF\xBB\xBFhello", "windows-1251", "hello"); /* the BOM wins */
    CONV("\xFF\xFE\x1F\x04@\x04", 6, NULL, "\xD0\x9F\xD1\x80");
    CONV("\xFE\xFF\x04\x1F\x04@", 6, "iso-8859-1", "\xD0\x9F\xD1\x80");
    CONV("\xFF\xFE\x3D\xD8\x00\xDE", 6, NULL, "\xF0\x9F\x98\x80"); /* surrogate pair */
    CONV("\xFF\xFE\x3D\xD8"
         "a\x00",
         6, NULL,
         "\xEF\xBF\xBD"
         "a"); /* lone surrogate */
    CONV("\xFF\xFE"
         "a\x00\x00\x00"
         "b",
         7, NULL, "a\xEF\xBF\xBD\xEF\xBF\xBD"); /* U+0000, odd byte */
    CONV("\xFF\xFE\x00\x00"
         "a\x00\x00\x00",
         8, NULL, "a"); /* UTF-32LE */
    CONV("\x00\x00\xFE\xFF\x00\x00\x00"
         "a",
         8, NULL, "a"); /* UTF-32BE */
}

static void test_declared(void **state)
{
    CONVS(PRIVET_1251, "windows-1251", PRIVET_UTF8);
    CONVS(PRIVET_1251, " \"CP1251\" ", PRIVET_UTF8);
    CONVS(PRIVET_KOI8, "KOI8-R", PRIVET_UTF8);
    CONVS("caf\xE9 \x93quoted\x94", "iso-8859-1", "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D");
    CONVS("caf\xE9", "latin1", "caf\xC3\xA9");
    /* Shift_JIS and GB2312 (read as their browser supersets). */
    CONVS("\x93\xfa\x96\x7b", "shift_jis", "\xE6\x97\xA5\xE6\x9C\xAC");
    CONVS("\xd6\xd0\xce\xc4", "gb2312", "\xE4\xB8\xAD\xE6\x96\x87");
    /* Invalid bytes in a legacy charset become U+FFFD and do not stop it
     * (iconv rejects the lead byte, then the stray one). */
    CONVS("a\x82\xffz", "shift_jis", "a\xEF\xBF\xBD\xEF\xBF\xBDz");
}

static void test_meta(void **state)
{
    CONVS("<html><head><meta charset=\"koi8-r\"></head><body>" PRIVET_KOI8 "</body></html>", NULL,
          "<html><head><meta charset=\"koi8-r\"></head><body>" PRIVET_UTF8 "</body></html>");
    CONVS(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
        "</head><p>" PRIVET_1251,
        NULL,
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
        "</head><p>" PRIVET_UTF8);
    CONVS("<?xml version=\"1.0\" encoding='windows-1251'?><html>" PRIVET_1251, NULL,
          "<?xml version=\"1.0\" encoding='windows-1251'?><html>" PRIVET_UTF8);
    /* The HTTP header wins over <meta>. */
    CONVS("<meta charset=koi8-r>" PRIVET_1251, "windows-1251", "<meta charset=koi8-r>" PRIVET_UTF8);
    /* A document cannot declare itself UTF-16. */
    CONVS("<meta charset=utf-16><p>caf\xC3\xA9", NULL, "<meta charset=utf-16><p>caf\xC3\xA9");
}

static void test_mislabelled(void **state)
{
    /* Valid, non-ASCII UTF-8 under a legacy label stays UTF-8. */
    CONVS("caf\xC3\xA9 \xE2\x80\x94 " PRIVET_UTF8, "iso-8859-1",
          "caf\xC3\xA9 \xE2\x80\x94 " PRIVET_UTF8);
    CONVS(PRIVET_UTF8, "windows-1251", PRIVET_UTF8);
    CONVS("<meta charset=iso-8859-1><p>caf\xC3\xA9", NULL,
          "<meta charset=iso-8859-1><p>caf\xC3\xA9");
    /* Unknown labels fall back to the bytes. */
    CONVS("caf\xC3\xA9", "x-no-such-charset", "caf\xC3\xA9");
    CONVS("caf\xE9", "x-no-such-charset", "caf\xC3\xA9");
    CONVS("caf\xC3\xA9", "utf-8//TRANSLIT", "caf\xC3\xA9");
    CONVS("caf\xE9", "../../etc/passwd", "caf\xC3\xA9");
}

/* Only labels of the WHATWG Encoding Standard are honoured: other names
 * iconv knows (UTF-7, EBCDIC, UCS-4) and the "replacement" encodings that
 * can smuggle ASCII are unknown, so the bytes decide. */
static void test_whatwg_labels_only(void **state)
{
    /* UTF-7 would turn this into "<script>alert(1)</script>". */
    const char *u7 = "<meta charset=\"utf-7\"><p>+ADw-script+AD4-alert(1)+ADw-/script+AD4-</p>";
    CONVS(u7, NULL, u7);
    CONVS("+ADw-b+AD4-", "UTF-7", "+ADw-b+AD4-");
    CONVS("+ADw-b+AD4-", "csUnicode11UTF7", "+ADw-b+AD4-");
    /* EBCDIC would read ASCII letters as other characters. */
    CONVS("hello", "IBM037", "hello");
    CONVS("<meta charset=cp500><p>hello", NULL, "<meta charset=cp500><p>hello");
    CONVS("hello", "ucs-4", "hello");
    CONVS("hello", "utf-32", "hello");
    CONVS("~{<:Ky2;S{#,~}", "hz-gb-2312", "~{<:Ky2;S{#,~}");
    CONVS("\x1b$)Ca\x0e!!\x0f", "iso-2022-kr", "\x1b$)Ca\x0e!!\x0f");
    /* Names iconv takes that the standard does not list. */
    CONVS("caf\xE9", "ISO_8859-1:1987", "caf\xC3\xA9"); /* listed: honoured */
    CONVS(PRIVET_866, "cp866", PRIVET_UTF8);
    /* Unknown (not a label of the standard): the bytes look Cyrillic. */
    CONVS(PRIVET_1251 " " PRIVET_1251, "CP-1251", PRIVET_UTF8 " " PRIVET_UTF8);
    /* Labels of the standard, a few per encoding, case and spaces aside. */
    CONVS("\xa9", "ISO-8859-2", "\xC5\xA0");
    CONVS("\xa9", " l2 ", "\xC5\xA0");
    CONVS("\xa4", "iso-8859-15", "\xE2\x82\xAC");
    CONVS("\xe0", "iso-8859-8-i", "\xD7\x90");
    CONVS("\xe0", "logical", "\xD7\x90");
    CONVS("\x80", "x-mac-cyrillic", "\xD0\x90");
    CONVS("\x80", "x-user-defined", "\xE2\x82\xAC");
    CONVS("\xb0\xa1", "ks_c_5601-1987", "\xEA\xB0\x80");
    CONVS("\xa4\xa4", "x-euc-jp", "\xE3\x81\x84");
    CONVS("\x1b$B$\"\x1b(B", "csiso2022jp", "\xE3\x81\x82");
    CONVS("\xa4\x40", "csbig5", "\xE4\xB8\x80");
    CONVS("\xd6\xd0", "chinese", "\xE4\xB8\xAD");
    CONVS("\x87", "windows-1255", "\xE2\x80\xA1");
}

/* Valid UTF-8 that needs no change is read in place: a large page is not
 * held twice. Anything that changes bytes still yields a copy. */
static void test_view_without_copy(void **state)
{
    static const struct {
        const char *data, *label;
        int same;
    } cases[] = {
        {"<p>caf\xC3\xA9</p>", NULL, 1}, {"<meta charset=utf-8><p>caf\xC3\xA9</p>", NULL, 1},
        {"plain ascii", "utf-8", 1},     {"\xEF\xBB\xBFwith a BOM", NULL, 0},
        {"caf\xE9", "iso-8859-1", 0},    {"caf\xE9", NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pith_buf_t out = {0}, copy = {0};
        const char *text;
        size_t n;
        size_t len = strlen(cases[i].data);
        const uint8_t *d = (const uint8_t *)cases[i].data;
        assert_int_equal(pith_to_utf8_view(d, len, cases[i].label, &out, &text, &n, NULL), 0);
        assert_int_equal(pith_to_utf8(d, len, cases[i].label, &copy, NULL), 0);
        assert_int_equal(text == cases[i].data, cases[i].same);
        assert_int_equal(n, copy.len);
        assert_memory_equal(text, copy.data, n);
        pith_buf_free(&out);
        pith_buf_free(&copy);
    }
    /* A NUL still becomes U+FFFD, so that text is copied. */
    pith_buf_t out = {0};
    const char *text;
    size_t n;
    assert_int_equal(pith_to_utf8_view((const uint8_t *)"a\0b", 3, NULL, &out, &text, &n, NULL), 0);
    assert_ptr_equal(text, out.data);
    assert_string_equal(text, "a\xEF\xBF\xBD"
                              "b");
    pith_buf_free(&out);
}

static void test_undeclared(void **state)
{
    CONVS("plain ascii", NULL, "plain ascii");
    CONVS(PRIVET_UTF8, NULL, PRIVET_UTF8);
    /* Mostly UTF-8 with broken bytes: U+FFFD per maximal invalid subpart. */
    CONVS("caf\xC3\xA9 na\xC3\xAFve a\xF0\x9F\x98"
          "b \xC3\xA9t\xC3\xA9",
          NULL,
          "caf\xC3\xA9 na\xC3\xAFve a\xEF\xBF\xBD"
          "b \xC3\xA9t\xC3\xA9");
    CONVS("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 \xC0\xAF", NULL,
          "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBD");
    /* Legacy text: windows-1252 by default, Cyrillic recognised. */
    CONVS("fa\xE7"
          "ade na\xEFve \x96 ok",
          NULL,
          "fa\xC3\xA7"
          "ade na\xC3\xAFve \xE2\x80\x93 ok");
    CONVS(PRIVET_1251 " " PRIVET_1251, NULL, PRIVET_UTF8 " " PRIVET_UTF8);
    CONVS(PRIVET_KOI8 " " PRIVET_KOI8, NULL, PRIVET_UTF8 " " PRIVET_UTF8);
}

static void test_utf8_valid(void **state)
{
    assert_true(pith_utf8_valid("", 0));
    assert_true(pith_utf8_valid("ascii only, long enough for the word loop", 41));
    assert_true(pith_utf8_valid("\xF4\x8F\xBF\xBF", 4));
    assert_true(pith_utf8_valid(PRIVET_UTF8, strlen(PRIVET_UTF8)));
    assert_false(pith_utf8_valid("\xC0\x80", 2));          /* overlong */
    assert_false(pith_utf8_valid("\xE0\x80\xAF", 3));      /* overlong */
    assert_false(pith_utf8_valid("\xED\xA0\x80", 3));      /* surrogate */
    assert_false(pith_utf8_valid("\xF4\x90\x80\x80", 4));  /* over U+10FFFF */
    assert_false(pith_utf8_valid("abcdefgh\xE2\x80", 10)); /* truncated */
    assert_false(pith_utf8_valid("\x80", 1));
}

static void test_random_bytes(void **state)
{
    static const char *const labels[] = {
        NULL,   "utf-8",  "iso-8859-1",  "windows-1251", "koi8-r",   "shift_jis", "gb18030",
        "big5", "euc-jp", "iso-2022-jp", "utf-16",       "utf-16be", "x-bogus"};
    uint32_t s = 7;
    uint8_t buf[512];
    pith_buf_t out = {0};
    for (int iter = 0; iter < 3000; iter++) {
        size_t n = (s = s * 1103515245u + 12345u) >> 23;
        for (size_t i = 0; i < n; i++)
            buf[i] = (uint8_t)((s = s * 1103515245u + 12345u) >> 16);
        const char *label = labels[iter % (sizeof labels / sizeof *labels)];
        assert_int_equal(pith_to_utf8(buf, n, label, &out, NULL), 0);
        assert_true(pith_utf8_valid(out.data, out.len));
        assert_int_equal(strlen(out.data), out.len);
    }
    pith_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binary_magic),      cmocka_unit_test(test_binary_other),
        cmocka_unit_test(test_sniff_type),        cmocka_unit_test(test_utf8_boms),
        cmocka_unit_test(test_declared),          cmocka_unit_test(test_meta),
        cmocka_unit_test(test_mislabelled),       cmocka_unit_test(test_whatwg_labels_only),
        cmocka_unit_test(test_view_without_copy), cmocka_unit_test(test_undeclared),
        cmocka_unit_test(test_utf8_valid),        cmocka_unit_test(test_random_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
