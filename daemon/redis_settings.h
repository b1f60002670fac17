/* The [redis] settings in force for the stream producer (redis_stream.c):
 * a copy of the configuration's, with the output stream's set of delivered
 * ids and a default consumer name derived. */
#ifndef PITH_REDIS_SETTINGS_H
#define PITH_REDIS_SETTINGS_H

#include <stdint.h>

#include "config.h"

/* The [redis] settings in force: a copy, since a reload frees the config. */
typedef struct pith_rset {
    char *url, *password_file, *input, *output, *ids_key, *group, *consumer, *dead;
    uint64_t claim_after_ms;
    unsigned max_deliveries, maxlen, deliver;
    int used; /* some stream is configured */
} pith_rset_t;

/* Copies c's [redis] settings into *s. The consumer defaults to the host
 * name and a number derived from the state folder. Returns 0, or
 * PITH_ENOMEM with *s empty. */
int pith_rset_from(pith_rset_t *s, const pith_config_t *c);

/* Frees the strings and zeroes *s. */
void pith_rset_free(pith_rset_t *s);

/* True when a and b need the same connection and group (a change of any
 * other setting applies without a new session). */
int pith_rset_same_session(const pith_rset_t *a, const pith_rset_t *b);

#endif
