/* HTML named character references.
 *
 * The table is data, not code: data/entities/html5.txt (the WHATWG list,
 * sorted) is embedded into the core and searched in place, so there is no
 * start-up parsing and no global state. Numeric references are handled by
 * pith_decode_entities in normalize.c. */
#ifndef PITH_ENTITIES_H
#define PITH_ENTITIES_H

#include <stddef.h>
#include <stdint.h>

/* Looks up the name s[0..n) (without the '&', with the ';' when the text has
 * one: "amp;", or "amp" for the legacy forms browsers accept bare). Writes
 * its one or two code points into cps and returns how many, or 0 when the
 * name is unknown. */
int pith_entity_lookup(const char *s, size_t n, int32_t cps[2]);

#endif
