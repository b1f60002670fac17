/* Careful file reading and writing for inputs and outputs.
 *
 * Inputs are opened with O_NOFOLLOW|O_NONBLOCK so that a symlink is refused
 * and a FIFO cannot hang us, then checked to be a regular file, and read with
 * a hard cap. Outputs are written to a temporary name beside the target,
 * fsync'd and renamed, so a reader never sees half a file. */
#ifndef PITH_FILEIO_H
#define PITH_FILEIO_H

#include <stddef.h>

#include "pith/buf.h"
#include "pith/error.h"

/* Reads path (relative to dirfd, or AT_FDCWD) into out. Refuses symlinks,
 * directories, FIFOs, devices and sockets (PITH_EMISSING with a reason), files
 * over cap bytes (PITH_ETOOBIG; cap 0 means PITH_BUF_MAX). */
int pith_file_read(int dirfd, const char *path, size_t cap, pith_buf_t *out, pith_err_t *err);
/* Reads a whole stream (stdin) with the same cap. */
int pith_fd_read_all(int fd, size_t cap, pith_buf_t *out, pith_err_t *err);
/* Writes data to path atomically (tmp + rename), so a reader sees the old
 * file or the new one, never half of one. With durable, the file and its
 * directory are also fsync'd (slow: a few ms per file; the spool and the
 * daemon's own files need it, `pith clean -o` does not). Errors are
 * PITH_ECREATE (cannot create) or PITH_EIO, with the reason; with durable, a
 * folder that cannot be synced is PITH_EIO too (the new file is in place,
 * but a crash could still lose the rename). */
int pith_file_write_atomic(const char *path, const void *data, size_t len, int durable,
                           pith_err_t *err);
/* write(2) all of it, retrying on EINTR and short writes: 0, or PITH_EIO
 * with the cause in err (err->sys the errno, for callers with a policy of
 * their own: the spool makes a full disk PITH_EAGAIN). */
int pith_write_all(int fd, const void *data, size_t len, pith_err_t *err);
/* fsync a directory by path, so that a rename in it survives a crash: 0, or
 * PITH_EIO with the folder and the cause in err. */
int pith_fsync_dir(const char *dir, pith_err_t *err);
/* Renames fromdir/from to todir/to unless todir/to exists: 0; PITH_EEXIST
 * when it does; PITH_EMISSING when from (or to's folder) is missing
 * (ENOENT); else PITH_EIO; the cause in err, err->sys the errno.
 * RENAME_NOREPLACE where the filesystem has it, else link()+unlink(), which
 * refuses an existing name just as atomically. The one no-replace rename:
 * the spool's delivery into new/, the drop folder's moves into .done/ and
 * .failed/ and the state's move aside of a corrupt database all use it. */
int pith_rename_noreplace(int fromdir, const char *from, int todir, const char *to,
                          pith_err_t *err);
/* Moves dirfd's name into its subfolder sub (".done", ".failed"; created when
 * missing) under a name not taken there yet: name itself, shortened with a
 * hash when too long to leave room for a counter and an ".error" note,
 * then NAME.1, NAME.2 ... Writes "sub/<final name>" into out. 0;
 * PITH_EMISSING when name is gone (another process took it); else PITH_EIO;
 * the reason in err either way. */
int pith_file_move_aside(int dirfd, const char *name, const char *sub, char *out, size_t size,
                         pith_err_t *err);

#endif
