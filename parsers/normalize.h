/* Text normalization (SPEC §4) and glued-paragraph repair (SPEC §3).
 *
 * Normalized text is valid UTF-8 in NFC; no control characters except '\n';
 * NBSP and other Unicode spaces become U+0020; zero-width characters and soft
 * hyphens are removed; runs of spaces collapse; no space at either end of a
 * line. With ascii, typographic quotes, dashes and ellipses fold to ASCII.
 * Pure and re-entrant. */
#ifndef PITH_NORMALIZE_H
#define PITH_NORMALIZE_H

#include <stddef.h>

#include "pith/buf.h"

/* Normalizes one paragraph s[0..n) into out (replacing its contents). Lines
 * inside it are kept (trimmed) but blank lines are dropped, so the result
 * holds no "\n\n"; it is "" when nothing visible is left. */
int pith_norm_para(const char *s, size_t n, int ascii, pith_buf_t *out);

/* Splits glued paragraphs: at a sentence end (., ?, !, optionally followed by
 * a closing quote) directly followed by an opening quote or a capital letter
 * that starts a word, e.g. "time frame.The foreign". Abbreviations, initials,
 * decimals, domain names and URLs are not split. Writes the pieces into out
 * separated by "\n\n" (replacing its contents) and returns 0. */
int pith_split_glued(const char *s, size_t n, pith_buf_t *out);

/* Decodes HTML character references (&amp; &#8217; &eacute; ...) in place
 * semantics: writes the decoded text of s[0..n) into out. */
int pith_decode_entities(const char *s, size_t n, pith_buf_t *out);

/* Whether two texts are the same words: case-insensitive (ASCII), blind to
 * everything but letters, digits and non-ASCII bytes (so "Foo: bar!" equals
 * "foo bar"). Texts with no such character are never the same. */
int pith_text_same(const char *a, size_t an, const char *b, size_t bn);

#endif
