/* Byte tables: what a byte is to a loop that reads bytes one by one, in one
 * load instead of a chain of compares (a page has a tag every few dozen
 * bytes and a class name in most of them).
 *
 * Each table is written as its rule, a constant expression of the byte c,
 * which PITH_BYTES_ALL expands for every byte 0..255 at compile time: ISO
 * C11 (no GNU range initializers), read-only, and nothing to fill at run
 * time. The rules assume ASCII ('a'..'z' consecutive), as the bytes they
 * are read on are UTF-8. The prescan keeps its own small table of the
 * tokenizer's bytes (html_prescan.c's byte_kind). */
#ifndef PITH_BYTES_H
#define PITH_BYTES_H

/* F(c) for each byte c = 0..255, comma-separated: an initializer list. */
#define PITH_BYTES_16(F, h)                                                                        \
    F(16 * (h) + 0), F(16 * (h) + 1), F(16 * (h) + 2), F(16 * (h) + 3), F(16 * (h) + 4),           \
        F(16 * (h) + 5), F(16 * (h) + 6), F(16 * (h) + 7), F(16 * (h) + 8), F(16 * (h) + 9),       \
        F(16 * (h) + 10), F(16 * (h) + 11), F(16 * (h) + 12), F(16 * (h) + 13), F(16 * (h) + 14),  \
        F(16 * (h) + 15)
#define PITH_BYTES_ALL(F)                                                                          \
    PITH_BYTES_16(F, 0), PITH_BYTES_16(F, 1), PITH_BYTES_16(F, 2), PITH_BYTES_16(F, 3),            \
        PITH_BYTES_16(F, 4), PITH_BYTES_16(F, 5), PITH_BYTES_16(F, 6), PITH_BYTES_16(F, 7),        \
        PITH_BYTES_16(F, 8), PITH_BYTES_16(F, 9), PITH_BYTES_16(F, 10), PITH_BYTES_16(F, 11),      \
        PITH_BYTES_16(F, 12), PITH_BYTES_16(F, 13), PITH_BYTES_16(F, 14), PITH_BYTES_16(F, 15)

/* html_hints.c's name_weight, which splits a class name into words: a
 * digit, a lower or an upper case ASCII letter, or none of those (0). */
enum { NB_DIGIT = 1, NB_LOWER = 2, NB_UPPER = 4 };
extern const unsigned char pith_bytes_hint[256];

/* html_parts.c's pith_part_lists, which cuts a class or id value into tokens
 * and a token into parts: part of a word (CUT_UPPER: a capital), a dash
 * between a token's parts, a blank between tokens, or the end of the value
 * (NUL). */
enum { CUT_WORD = 0, CUT_DASH = 1, CUT_BLANK = 2, CUT_END = 4, CUT_UPPER = 8 };
extern const unsigned char pith_bytes_cut[256];

/* html_names.c's filter of a class or id value: part of a name the
 * tokenizer hands on as it is (printable ASCII), a blank, a byte that
 * keeps the value as it is ('&', NUL, CR, FF), or part of a name that
 * stays (other control characters and non-ASCII: the tokenizer replaces
 * control characters; the readers' tests see bytes, not what those
 * spell). */
enum { VALUE_PLAIN, VALUE_BLANK, VALUE_BAD, VALUE_OTHER };
extern const unsigned char pith_bytes_value[256];

/* html.c's add_text, which reads a text node word by word (and
 * html_hints.c's value_weight, which splits a value at the same blanks): a
 * byte that ends a word (a blank or the terminating NUL), a UTF-8
 * continuation byte (no character of its own), a comma, the lead byte of
 * U+FF0C and of 、 and 。 (TEXT_CJK, to be checked with the bytes after
 * it), or 0: any other character of a word. */
enum { TEXT_STOP = 1, TEXT_CONT = 2, TEXT_COMMA = 4, TEXT_CJK = 8 };
extern const unsigned char pith_bytes_text[256];

/* html_author.c's add_words, which reduces a text to its words: a byte of
 * a word (an ASCII letter or digit, or any byte >= 0x80) as it is added,
 * capitals lowercased; 0 for any other byte. */
extern const unsigned char pith_bytes_word[256];

/* stopwords.c's tokenizer (its ASCII path): a lower or an upper case ASCII
 * letter, a digit, a byte >= 0x80 (part of a character it reads with
 * utf8proc), or a separator (0). */
enum { STOP_SEP = 0, STOP_LOW = 1, STOP_UP = 2, STOP_DIG = 4, STOP_HIGH = 8 };
extern const unsigned char pith_bytes_stop[256];

#endif
