/* What the bytes are: binary or text (refused early, before decoding), and
 * HTML or a text dump (decided on the decoded UTF-8). How to read them is
 * sniff.h. Pure and re-entrant. */
#ifndef PITH_SNIFF_TYPE_H
#define PITH_SNIFF_TYPE_H

#include <stddef.h>
#include <stdint.h>

#include "pith/error.h"
#include "pith/pith.h"

/* 0 when data looks like text in some encoding, else PITH_EBINARY (reason in
 * err: "NUL bytes", "PNG image", "gzip archive" ...) or PITH_EEMPTY. Text
 * with a UTF-16 or UTF-32 BOM may hold NUL bytes; other text only a few
 * strays (none in its first PITH_NUL_HEAD bytes, at most one in
 * PITH_NUL_SHARE bytes: a page that a broken template padded with a run of
 * NULs is still a page, a file in a binary format has them from its header
 * on), nor more than 5% of C0 control bytes besides white space, ESC, SO
 * and SI. *strays (may be NULL) is the number of NUL bytes text let through
 * (0 with a wide BOM), for the caller to blank: the scan is done once. */
#define PITH_NUL_HEAD 1024
#define PITH_NUL_SHARE 1000
int pith_sniff_binary(const uint8_t *data, size_t len, size_t *strays, pith_err_t *err);

/* PITH_TYPE_HTML or PITH_TYPE_TEXT for UTF-8 text (doctype, <html, <head,
 * <body, density of tags in the first 8 KiB). A text that mentions a tag or
 * two is still text. */
pith_type_t pith_sniff_type(const char *utf8, size_t len);

#endif
