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

#include "doc.h"
#include "error.h"
#include "pith.h"

pith_rules_t *pith_rules_create(void);
void pith_rules_destroy(pith_rules_t *rules); /* NULL is fine */

/* Adds the built-in profiles (embedded config/sites.d/NAME.conf). */
int pith_rules_add_builtin(pith_rules_t *rules, pith_err_t *err);
/* Parses profiles from INI text; errors name `filename` and the line. */
int pith_rules_add_string(pith_rules_t *rules, const char *text, size_t len, const char *filename,
                          pith_err_t *err);
/* Number of profiles loaded. */
size_t pith_rules_count(const pith_rules_t *rules);

#endif
