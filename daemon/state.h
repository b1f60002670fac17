/* The daemon's memory between runs (SPEC §7 "State"): an embedded SQLite
 * database, state_dir/pith.db.
 *
 * It holds three small tables: the ids of delivered documents (so a document
 * whose file was consumed from new/ is still not delivered twice), the HTTP
 * validators of each fetched URL (ETag, Last-Modified and the id of the last
 * cleaned body, for conditional GET and "unchanged" detection), and the feed
 * items already seen per source/feed. Losing the file costs only re-work, so
 * the database runs in WAL mode with synchronous=NORMAL: a commit is durable
 * against a process crash, and at worst the last few commits are lost on
 * power failure (the spool's own fsyncs keep delivery itself safe).
 *
 * Threads: one pith_state_t holds one SQLite connection guarded by a mutex,
 * so every function below may be called from any thread (the loop thread and
 * the libuv pool workers) at the same time; calls are serialised. Each call is
 * one short statement (microseconds for lookups, a WAL append for writes) and
 * a busy timeout of 5 s covers another process holding the file. Because a
 * write may still touch the disk, the daemon makes writes from pool workers
 * and keeps loop-thread calls to lookups.
 *
 * Strings are copied in; nothing returned is borrowed from SQLite. Keys are
 * capped: ids at 64 bytes, URLs, feed names and item keys at 8 KiB (longer
 * ones are refused with PITH_EINPUT). */
#ifndef PITH_STATE_H
#define PITH_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "pith/error.h"

typedef struct pith_state pith_state_t;

/* Opens (creating as needed, mode 0750 for the folder) dir/pith.db and its
 * tables. dir NULL opens a private in-memory database (tests, one-shot
 * commands). Errors: PITH_EIO (the file is corrupt or not a database: see
 * pith_state_set_aside), PITH_EAGAIN (locked by another process past the
 * busy timeout, or the disk is full: may pass), PITH_ECREATE (cannot
 * create or open it otherwise: permissions, read-only, I/O error), each
 * with the reason. */
int pith_state_open(const char *dir, pith_state_t **out, pith_err_t *err);
/* Moves dir/pith.db aside to dir/pith.db.corrupt-<UTC time> (its -wal file
 * beside it, its -shm removed) so that the next open starts an empty one;
 * the path taken is written to aside. For a file pith_state_open called
 * corrupt: losing the state costs only re-work. 0 or PITH_ECREATE. */
int pith_state_set_aside(const char *dir, char *aside, size_t size, pith_err_t *err);
void pith_state_close(pith_state_t *st); /* NULL is fine */

/* ---- delivered document ids ---------------------------------------------- */

/* Sets *found to 1 when id was recorded as delivered, else 0. Returns 0 or
 * a negative PITH_E* code (then *found is 0). */
int pith_state_has_id(pith_state_t *st, const char *id, int *found);
/* Records id as delivered (source: the input name or URL, may be NULL; kept
 * for the operator's curiosity). Returns 0 when newly recorded, PITH_EDUP when
 * it was already there (not an error), or a negative PITH_E* code. */
int pith_state_add_id(pith_state_t *st, const char *id, const char *source, pith_err_t *err);
/* Records n ids (sources[i] may be NULL, or sources itself NULL) in one
 * transaction: the daemon's group commit writes a batch with one WAL append
 * instead of n. Ids already there are skipped; a bad id is skipped and
 * reported (PITH_EINPUT) after the others are recorded. Returns 0, or a
 * negative PITH_E* code (then none of the batch may be recorded). */
int pith_state_add_ids(pith_state_t *st, const char *const *ids, const char *const *sources,
                       size_t n, pith_err_t *err);

/* ---- URL validators ------------------------------------------------------ */

typedef struct pith_validators {
    char *etag;          /* ETag as received, or NULL */
    char *last_modified; /* Last-Modified as received, or NULL */
    char body_id[17];    /* id (XXH3 hex) of the last cleaned body, or "" */
    int64_t fetched_at;  /* Unix seconds of the last successful fetch, 0: never */
} pith_validators_t;

/* Fills *out for url (zeroed when the URL is unknown) and sets *found (may
 * be NULL) to 1 when it was known, else 0. Returns 0 or a negative PITH_E*
 * code. The caller frees *out's strings with pith_validators_free. */
int pith_state_get_validators(pith_state_t *st, const char *url, pith_validators_t *out, int *found,
                              pith_err_t *err);
/* Replaces url's validators with *v (NULL strings and "" body_id are stored
 * as absent). Returns 0 or a negative PITH_E* code. */
int pith_state_put_validators(pith_state_t *st, const char *url, const pith_validators_t *v,
                              pith_err_t *err);
void pith_validators_free(pith_validators_t *v); /* frees the strings, zeroes; NULL is fine */

/* ---- seen feed items ----------------------------------------------------- */

/* feed: the source/feed identity (e.g. "NAME feed-URL"); item: the item's
 * key (guid, else link). Sets *seen to 1 when the item was marked seen, else
 * 0. Returns 0 or a negative PITH_E* code (then *seen is 0). */
int pith_state_seen(pith_state_t *st, const char *feed, const char *item, int *seen);
/* Marks the item seen. Returns 0 when newly marked, PITH_EDUP when it was
 * already, or a negative PITH_E* code. */
int pith_state_mark(pith_state_t *st, const char *feed, const char *item, pith_err_t *err);

#endif
