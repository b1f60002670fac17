/* The pith configuration (SPEC §8): an INI file read with ini_reader.h.
 *
 * Keys are declared in one table with their types and defaults; an unknown
 * section or key, a bad value (size with K/M/G, duration with ms/s/m/h,
 * yes/no, number) or a missing folder is a problem with file and line.
 * Relative paths are relative to the config file. Site profiles come from
 * the built-in set plus sites.d/NAME.conf beside the config file. A loaded
 * configuration is immutable and may be shared between threads. */
#ifndef PITH_CONFIG_H
#define PITH_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "pith/error.h"
#include "pith/rules.h"

#define PITH_DEFAULT_CONFIG "/etc/pith/pith.conf"

typedef struct pith_source {
    char *name;
    char **urls;
    size_t nurls;
    char **feeds;
    size_t nfeeds;
    uint64_t interval_ms;
} pith_source_t;

enum {
    PITH_DELIVER_SPOOL = 1, /* deliver = spool (the default) or both */
    PITH_DELIVER_REDIS = 2, /* deliver = redis or both: XADD to [redis] output_stream */
};

typedef struct pith_config {
    char *path; /* the file read, or NULL for built-in defaults */
    /* [daemon] */
    char *drop_dir;
    char *spool_dir;
    char *state_dir;
    unsigned workers; /* resolved: 0 in the file means one per core */
    int keep_input;
    int format; /* pith_format_t: text, json or markdown */
    int links;  /* markdown: links as [text](url) */
    size_t max_input_bytes;
    uint64_t rescan_interval_ms;
    uint64_t stop_timeout_ms;
    unsigned deliver; /* PITH_DELIVER_* bits: where documents go */
    /* [metrics] */
    char *metrics_file; /* NULL: none */
    uint64_t metrics_interval_ms;
    /* [fetch] */
    char *user_agent;
    uint64_t fetch_timeout_ms;
    size_t fetch_max_bytes;
    unsigned max_redirects;
    unsigned per_host;
    uint64_t delay_ms;
    unsigned retries;
    int allow_private;            /* yes: fetch loopback/private/link-local addresses too */
    char *allow_hosts;            /* validated allow list (config/addrpolicy.h), NULL: none */
    unsigned feed_items_per_poll; /* new items taken from one feed per poll */
    /* [redis] (SPEC §10); empty strings mean "not set" */
    char *redis_url;
    char *redis_password_file; /* NULL: no AUTH */
    char *redis_input_stream;
    char *redis_output_stream;
    char *redis_group;
    char *redis_consumer; /* "": host name + instance */
    uint64_t redis_claim_after_ms;
    unsigned redis_max_deliveries;
    char *redis_dead_stream;
    unsigned redis_output_maxlen; /* 0: unbounded */
    /* [source NAME] */
    pith_source_t *sources;
    size_t nsources;
    /* built-in profiles + sites.d/NAME.conf beside the file */
    pith_rules_t *rules;
} pith_config_t;

/* A list of problems found while loading, each with file and line. */
typedef struct pith_config_problems {
    pith_err_t *items;
    size_t n;
} pith_config_problems_t;

enum {
    PITH_CONFIG_CHECK_DIRS = 1, /* missing drop/spool/state folders are problems */
};

/* Loads path (NULL: built-in defaults, no file). On success returns 0 and
 * *out. On failure returns PITH_ECONFIG (or PITH_EMISSING when the file
 * cannot be read), *out is NULL, and every problem found is in problems
 * (when non-NULL; the caller frees it with pith_config_problems_free). */
int pith_config_load(const char *path, int flags, pith_config_t **out,
                     pith_config_problems_t *problems);
void pith_config_destroy(pith_config_t *cfg);

/* A deep copy of src in *dst, for holders that outlive the configuration (a
 * reload frees it while a source's fetches are still in flight). Returns 0,
 * or PITH_ENOMEM with *dst empty. Free the copy with pith_source_clear. */
int pith_source_copy(const pith_source_t *src, pith_source_t *dst);
void pith_source_clear(pith_source_t *s); /* frees the members, not s */
void pith_config_problems_free(pith_config_problems_t *problems);

#endif
