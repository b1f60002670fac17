/* The spool: crash-safe delivery by the maildir protocol (SPEC §6).
 *
 * A document is written to tmp/ under a unique name, fsync'd, renamed into
 * new/<id>.<ext> without replacing anything (RENAME_NOREPLACE), and new/ is
 * fsync'd. Consumers only ever see complete files in new/. A document whose
 * name already exists in new/ is a duplicate and is not written again.
 * Errors that a retry may cure (disk full, read-only, permission) come back as
 * PITH_EAGAIN so the caller keeps the input. Thread-safe: one spool may be
 * shared by many workers. */
#ifndef PITH_SPOOL_H
#define PITH_SPOOL_H

#include <stddef.h>

#include "error.h"

typedef struct pith_spool pith_spool_t;

/* Creates dir, dir/tmp and dir/new as needed and removes files in tmp/ older
 * than a day. */
int pith_spool_open(const char *dir, pith_spool_t **out, pith_err_t *err);
void pith_spool_close(pith_spool_t *spool); /* NULL is fine */

/* Delivers data as new/<id>.<ext>. Returns 0, PITH_EDUP when it is already
 * there, PITH_EAGAIN (transient) or PITH_EIO with the reason. */
int pith_spool_deliver(pith_spool_t *spool, const char *id, const char *ext, const void *data,
                       size_t len, pith_err_t *err);
/* True when new/<id>.<ext> exists. */
int pith_spool_has(pith_spool_t *spool, const char *id, const char *ext);
const char *pith_spool_dir(const pith_spool_t *spool);

#endif
