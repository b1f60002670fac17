/* Site profiles: site knowledge as data (SPEC §3).
 *
 * A profile is an INI section in a sites.d/NAME.conf file. It matches by host
 * (the page's URL host, or one found in the text) or by a text signature
 * (PCRE2), and can drop lines/blocks matching patterns, cut everything after a
 * marker, and map metadata (e.g. a line pattern whose capture is the title).
 * Built-in profiles are compiled in from config/sites.d; users add their own.
 * A pith_rules_t is built once, then read-only and shared between threads. */
#ifndef PITH_RULES_H
#define PITH_RULES_H

#include <stddef.h>

#include "pith/doc.h"
#include "pith/error.h"
#include "pith/pith.h"

pith_rules_t *pith_rules_create(void);
void pith_rules_destroy(pith_rules_t *rules); /* NULL is fine */

/* Adds the built-in profiles (embedded config/sites.d/NAME.conf). */
int pith_rules_add_builtin(pith_rules_t *rules, pith_err_t *err);
/* Called once per problem found while loading; e is borrowed for the call. */
typedef void (*pith_rules_problem_fn)(void *user, const pith_err_t *e);

/* Parses profiles from INI text (the syntax of ini_reader.h) and reports
 * every problem through on_problem (may be NULL), each naming `filename` and
 * the line. A text is all or nothing: when it has any problem none of its
 * profiles is added. Returns 0, or the first problem's code (PITH_ECONFIG,
 * PITH_ENOMEM). */
int pith_rules_load(pith_rules_t *rules, const char *text, size_t len, const char *filename,
                    pith_rules_problem_fn on_problem, void *user);
/* The same, keeping only the first problem in err. */
int pith_rules_add_string(pith_rules_t *rules, const char *text, size_t len, const char *filename,
                          pith_err_t *err);
/* Number of profiles loaded. */
size_t pith_rules_count(const pith_rules_t *rules);
/* Number of patterns JIT-compiled so far: none at load, a pattern once it
 * has been tried often enough to be worth it (for tests and benchmarks). */
size_t pith_rules_jit_count(const pith_rules_t *rules);

/* Applies every profile that matches to doc, in load order. A profile matches
 * when its host is a suffix (on a label boundary) of `host` (may be NULL; the
 * host of doc->url is used then), or when its signature pattern matches one
 * of doc's paragraphs. Each paragraph is treated as one line/block of text:
 *   drop = RE        paragraphs matching RE are removed (repeatable)
 *   cut_after = RE   the first paragraph matching RE and all after it go
 *   cut_before = RE  the last paragraph matching RE and all before it go
 *   title/author/date/lang/description/url = RE
 *                    the first paragraph matching RE gives the field its
 *                    first capture group (or the whole match); dates go
 *                    through pith_date_parse; the paragraph is removed
 *   tags = RE        like the above, the capture is split at commas
 *   byline = RE      the first paragraph matching RE fills each field that
 *                    one of its named groups names ((?<date>...),
 *                    (?<author>...)); the paragraph is removed. Named
 *                    groups work in the field keys above too.
 * Metadata fields already set are kept (a profile fills what is missing).
 * Returns 0 with the number of profiles applied in *applied (may be NULL),
 * or PITH_ENOMEM. rules may be NULL (nothing applies). Read-only on rules:
 * safe from many threads. */
int pith_rules_apply(const pith_rules_t *rules, const char *host, pith_doc_t *doc, size_t *applied,
                     pith_err_t *err);

/* Whether pith_rules_apply would apply any profile to a document whose
 * paragraphs are lines[i][0..lens[i]) (not NUL-terminated) and whose host is
 * `host` (may be NULL: then only signatures can match). Lets a caller keep
 * its lines where they are and build a document only when a profile
 * matches. Read-only on rules; returns 1 or 0 (0 too when rules is NULL). */
int pith_rules_any_match(const pith_rules_t *rules, const char *host, const char *const *lines,
                         const size_t *lens, size_t n);

#endif
