/* The spool: crash-safe delivery by the maildir protocol (SPEC §6).
 *
 * A document is written to tmp/ under a unique name, fsync'd, renamed into
 * new/<id>.<ext> without replacing anything (RENAME_NOREPLACE), and new/ is
 * fsync'd. Consumers only ever see complete files in new/. A document whose
 * id already exists in new/ (as .txt, .json or .md) is a duplicate and is
 * not written again.
 * Errors that a retry may cure (disk full, read-only, permission) come back as
 * PITH_EAGAIN so the caller keeps the input. Thread-safe: one spool may be
 * shared by many workers.
 *
 * Group commit: the two fsyncs per document (the file, then new/) cost far
 * more than cleaning it, so a busy caller splits delivery in two.
 * pith_spool_stage writes a document into tmp/ without syncing it (any
 * number of threads at once); pith_spool_commit then makes a whole batch
 * durable (writeback of every file started together, then an fdatasync of
 * each, which mostly finds the work done), renames each file into new/, and
 * syncs new/ once. Nothing is visible in new/ before its bytes are on disk, and a
 * crash between the two leaves only tmp/ files, removed a day later.
 * pith_spool_deliver is stage + commit of one. */
#ifndef PITH_SPOOL_H
#define PITH_SPOOL_H

#include <stddef.h>

#include "pith/error.h"

typedef struct pith_spool pith_spool_t;

/* Creates dir, dir/tmp and dir/new as needed and removes files in tmp/ older
 * than a day. */
int pith_spool_open(const char *dir, pith_spool_t **out, pith_err_t *err);
void pith_spool_close(pith_spool_t *spool); /* NULL is fine */

/* Delivers data as new/<id>.<ext>. Returns 0, PITH_EDUP when it is already
 * there, PITH_EAGAIN (transient) or PITH_EIO with the reason. */
int pith_spool_deliver(pith_spool_t *spool, const char *id, const char *ext, const void *data,
                       size_t len, pith_err_t *err);
/* One staged document. The caller owns the struct (it holds names only, no
 * document bytes); stage fills it, commit reads and updates it. */
typedef struct pith_spool_item {
    char name[80];  /* <id>.<ext> in new/ */
    char tmp[176];  /* its file in tmp/; "" once moved into new/ or removed */
    int fd;         /* the tmp/ file kept open for the commit's sync, or -1 */
    int rc;         /* after commit: 0, PITH_EDUP, PITH_EAGAIN or PITH_EIO */
    pith_err_t err; /* the reason when rc is not 0 */
} pith_spool_item_t;

/* Writes data into tmp/ (not synced, its writeback started) and fills *item;
 * the file usually stays open until the commit syncs it (a bounded number per
 * spool), so the commit need not look it up again. Returns 0 (staged: the
 * caller must pass item to pith_spool_commit, or pith_spool_discard it),
 * PITH_EDUP when new/<id>.<ext> already exists (nothing written), or
 * PITH_EAGAIN / PITH_EIO with the reason (nothing left behind). */
int pith_spool_stage(pith_spool_t *spool, const char *id, const char *ext, const void *data,
                     size_t len, pith_spool_item_t *item, pith_err_t *err);
/* Makes the n staged items durable in new/: their data synced as one batch,
 * then the no-replace rename of each, then one fsync of new/. Sets each
 * item's rc: 0 (delivered), PITH_EDUP (new/ already had that name, including
 * an earlier item of the same batch), PITH_EAGAIN (transient, e.g. new/ not
 * writable, disk full; retry later) or PITH_EIO, with the reason in its err.
 * A failed data sync fails the whole batch (PITH_EAGAIN, or PITH_EIO).
 * Afterwards no item has a file left in tmp/. Returns the number of items
 * whose rc is neither 0 nor PITH_EDUP. Items are borrowed for the call;
 * concurrent commits on one spool are safe. */
size_t pith_spool_commit(pith_spool_t *spool, pith_spool_item_t *const *items, size_t n);
/* Removes a staged item's tmp/ file without delivering it. */
void pith_spool_discard(pith_spool_t *spool, pith_spool_item_t *item);

/* True when new/<id>.<ext> exists, or the id under another format's
 * extension (txt, json, md): an id is delivered once whatever the format. */
int pith_spool_has(pith_spool_t *spool, const char *id, const char *ext);
const char *pith_spool_dir(const pith_spool_t *spool);

#endif
