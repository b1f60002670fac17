/* Cleaning of flattened text dumps (SPEC §2 "Text dumps", §3).
 *
 * A dump is the visible text of a page as a scraper flattened it, chrome
 * included. pith_text_extract classifies its lines/blocks generically (length,
 * punctuation, stop words, capitalisation, link/number density, repetition,
 * position and neighbours), keeps the article, drops the chrome, finds
 * metadata (the " date YYYY-MM-DD [URL]" prefix, metadata-dump fields, a title
 * line), and appends raw paragraphs to doc (pith_extract normalizes them
 * afterwards). Site profiles in hints->rules are applied when one matches. */
#ifndef PITH_TEXTDUMP_H
#define PITH_TEXTDUMP_H

#include <stddef.h>

#include "pith/doc.h"
#include "pith/error.h"
#include "pith/pith.h"

int pith_text_extract(const char *utf8, size_t len, const pith_hints_t *hints, pith_doc_t *doc,
                      pith_err_t *err);

#endif
