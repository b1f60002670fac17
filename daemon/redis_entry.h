/* One input entry of the Redis input stream (SPEC §10): which fields it may
 * carry and what each must look like. Pure: no Redis, no loop, so the rules
 * are tested on their own (tests/unit/test_redis_entry.c).
 *
 * An entry carries `body` (the raw bytes of a page or dump, at most
 * max_input_bytes) or `url` (an http(s) address to fetch), optionally `name`
 * (becomes `source`), `type` (html or text) and `charset`; with `body`, a
 * `url` is the page's address. Anything else (another field, a field given
 * twice, neither body nor url) makes a bad entry: its reason goes to the dead
 * stream, and it never blocks the group. */
#ifndef PITH_REDIS_ENTRY_H
#define PITH_REDIS_ENTRY_H

#include <stddef.h>

#include "pith/buf.h"
#include "pith/pith.h"

#define PITH_RENTRY_FIELDS_MAX 32  /* field/value pairs looked at */
#define PITH_RENTRY_VALUE_MAX 4096 /* bytes of url, name, type, charset */

typedef struct pith_rentry {
    char *url, *name, *type, *charset; /* NULL when absent */
    pith_buf_t body;
    int has_body;
    char bad[256]; /* why the entry is malformed; empty when it is good */
} pith_rentry_t;

/* Reads the entry's field/value pairs: items[0..n) alternate field and
 * value, lens their lengths (n odd, or NULL items, make a bad entry). e is
 * cleared first; free it with pith_rentry_clear. Returns 0 (check e->bad),
 * or PITH_ENOMEM. */
int pith_rentry_parse(pith_rentry_t *e, size_t n, const char *const *items, const size_t *lens,
                      size_t max_body);
void pith_rentry_clear(pith_rentry_t *e);

/* The `type` field as the core's type (AUTO when absent). */
pith_type_t pith_rentry_type(const pith_rentry_t *e);

#endif
