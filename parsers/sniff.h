/* Transcoding: how to read the bytes (what they are is sniff_type.h).
 *
 * Detects BOMs (UTF-8, UTF-16 LE/BE), finds a charset declared
 * in HTML (<meta charset>, http-equiv) and converts to UTF-8 with iconv.
 * A declared charset contradicted by the bytes (valid, non-ASCII UTF-8 while
 * iso-8859-1/windows-1252 is declared) is ignored: UTF-8 wins. Invalid bytes
 * become U+FFFD. Pure and re-entrant. */
#ifndef PITH_SNIFF_H
#define PITH_SNIFF_H

#include <stddef.h>
#include <stdint.h>

#include "pith/buf.h"
#include "pith/error.h"
#include "pith/pith.h"

/* Converts data to UTF-8 into out (replacing its contents): BOM first, then
 * the declared charset (may be NULL), then for HTML a <meta> charset in the
 * first 4 KiB, then UTF-8 validity, then windows-1252 as the last resort.
 * A legacy label on valid non-ASCII UTF-8 is ignored. Undeclared text that
 * is not valid UTF-8 is read as UTF-8 with U+FFFD for the bad bytes when it
 * is mostly UTF-8 or its high bytes look like noise, else as windows-1251 or
 * KOI8-R when it looks Cyrillic, else as windows-1252.
 * Invalid sequences become U+FFFD; the BOM is dropped. The result is always
 * valid UTF-8 and never holds a NUL byte (U+0000 becomes U+FFFD), so it can
 * be used as a C string. Returns 0, PITH_ENOMEM or PITH_ETOOBIG. */
int pith_to_utf8(const uint8_t *data, size_t len, const char *declared, pith_buf_t *out,
                 pith_err_t *err);

/* The same, without the copy when data is already what the conversion would
 * produce (valid UTF-8, no BOM, no NUL): *text and *n then point at data
 * itself (not NUL-terminated) and out stays empty; else at out's contents.
 * A large page is then not held twice. */
int pith_to_utf8_view(const uint8_t *data, size_t len, const char *declared, pith_buf_t *out,
                      const char **text, size_t *n, pith_err_t *err);

/* True when s[0..n) is valid UTF-8. */
int pith_utf8_valid(const char *s, size_t n);

/* Decodes the UTF-8 sequence at s[0..n) (n > 0). Returns its code point and
 * sets *adv to its length, or returns -1 and sets *adv to the length of the
 * maximal invalid subpart (at least 1), which a decoder replaces with one
 * U+FFFD (Unicode §3.9, as browsers do). */
int32_t pith_utf8_next(const char *s, size_t n, size_t *adv);

/* Case-insensitive search for the ASCII needle in h[0..hn): its first
 * occurrence, or NULL. */
const char *pith_sniff_find_ci(const char *h, size_t hn, const char *needle);

/* The code point of byte b in windows-1252 (what browsers use for
 * iso-8859-1 too): identity except 0x80..0x9F. */
int32_t pith_cp1252(uint8_t b);

#endif
