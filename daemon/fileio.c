/* File I/O with the checks every input from outside needs. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <xxhash.h>

static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m))
        return "a directory";
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "a device";
    if (S_ISSOCK(m))
        return "a socket";
    if (S_ISLNK(m))
        return "a symbolic link";
    return "not a regular file";
}

/* A pipe on stdin may have been left non-blocking by whoever set it up; we
 * read to the end, so block. True when fd was non-blocking and now blocks
 * (worth reading again); false when it already blocked or cannot be
 * changed. */
static int made_blocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fl >= 0 && (fl & O_NONBLOCK) && fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == 0;
}

int pith_fd_read_all(int fd, size_t cap, pith_buf_t *out, pith_err_t *err)
{
    if (cap == 0 || cap > PITH_BUF_MAX)
        cap = PITH_BUF_MAX;
    pith_buf_reset(out);
    for (;;) {
        if (out->len > cap)
            return pith_err_set(err, PITH_ETOOBIG, "input is over the limit of %zu bytes", cap);
        int rc = pith_buf_reserve(out, 65536);
        if (rc)
            return pith_err_set(err, rc, "out of memory reading input");
        ssize_t n = read(fd, out->data + out->len, 65536);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            if (e == EAGAIN && made_blocking(fd))
                continue;
            return pith_err_sys(err, PITH_EIO, e, "read error");
        }
        if (n == 0)
            break;
        out->len += (size_t)n;
        out->data[out->len] = '\0';
    }
    if (out->len > cap)
        return pith_err_set(err, PITH_ETOOBIG, "input is over the limit of %zu bytes", cap);
    return 0;
}

/* A system error told in our own words (no strerror after them), its errno
 * kept in sys all the same. */
static int sys_worded(pith_err_t *err, int code, int e, const char *reason)
{
    pith_err_set(err, code, "%s", reason);
    if (err)
        err->sys = e;
    return code;
}

int pith_file_read(int dirfd, const char *path, size_t cap, pith_buf_t *out, pith_err_t *err)
{
    int fd = openat(dirfd, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        struct stat st;
        if (e == ELOOP && fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISLNK(st.st_mode))
            return sys_worded(err, PITH_EMISSING, e, "is a symbolic link; not followed");
        if (e == ENOENT)
            return sys_worded(err, PITH_EMISSING, e, "no such file");
        if (e == EACCES || e == EPERM)
            return pith_err_sys(err, PITH_EMISSING, e, "cannot read");
        return pith_err_sys(err, PITH_EMISSING, e, "cannot open");
    }
    struct stat st;
    int rc;
    if (fstat(fd, &st) != 0) {
        rc = pith_err_sys(err, PITH_EIO, errno, "cannot stat");
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = pith_err_set(err, PITH_EMISSING, "is %s, not a regular file", kind_of(st.st_mode));
        goto done;
    }
    if (cap && (size_t)st.st_size > cap) {
        rc = pith_err_set(err, PITH_ETOOBIG, "file is %lld bytes, over the limit of %zu",
                          (long long)st.st_size, cap);
        goto done;
    }
    /* Regular files never block; drop O_NONBLOCK for clarity anyway. */
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    /* Room for the whole file and the last, empty read at once: growing by
     * doubling would hold up to twice a large page. */
    pith_buf_reset(out);
    if (pith_buf_reserve(out, (size_t)st.st_size + 65536) != 0) {
        rc = pith_err_set(err, PITH_ENOMEM, "out of memory reading input");
        goto done;
    }
    rc = pith_fd_read_all(fd, cap, out, err);
done:
    close(fd);
    return rc;
}

int pith_write_all(int fd, const void *data, size_t len, pith_err_t *err)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return pith_err_sys(err, PITH_EIO, errno, "cannot write");
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int pith_rename_noreplace(int fromdir, const char *from, int todir, const char *to, pith_err_t *err)
{
#ifdef SYS_renameat2
    if (syscall(SYS_renameat2, fromdir, from, todir, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        goto failed;
#endif
    if (linkat(fromdir, from, todir, to, 0) != 0)
        goto failed;
    unlinkat(fromdir, from, 0);
    return 0;
failed:;
    int e = errno;
    return pith_err_sys(err,
                        e == EEXIST   ? PITH_EEXIST
                        : e == ENOENT ? PITH_EMISSING
                                      : PITH_EIO,
                        e, "cannot rename %s to %s", from, to);
}

int pith_fsync_dir(const char *dir, pith_err_t *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return pith_err_sys(err, PITH_EIO, errno, "%s: cannot open the folder to sync it", dir);
    if (fsync(fd) != 0) {
        int e = errno;
        close(fd);
        return pith_err_sys(err, PITH_EIO, e, "%s: cannot sync the folder", dir);
    }
    close(fd);
    return 0;
}

int pith_file_write_atomic(const char *path, const void *data, size_t len, int durable,
                           pith_err_t *err)
{
    char tmp[4096];
    int n = snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof tmp)
        return pith_err_set(err, PITH_ECREATE, "%s: path too long", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
        return pith_err_sys(err, PITH_ECREATE, errno, "%s: cannot create", path);
    pith_err_t werr = {0};
    int e = 0;
    if (pith_write_all(fd, data, len, &werr) != 0)
        e = werr.sys;
    else if (durable && fsync(fd) != 0)
        e = errno;
    if (e) {
        close(fd);
        unlink(tmp);
        return pith_err_sys(err, PITH_EIO, e, "%s: write failed", path);
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        int rc = pith_err_sys(err, PITH_EIO, errno, "%s: cannot write", path);
        unlink(tmp);
        return rc;
    }
    if (durable) {
        /* The new file is in place, but until its folder is synced a crash
         * can still lose the rename: that is a failure too. */
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", path);
        return pith_fsync_dir(dirname(dir), err);
    }
    return 0;
}

/* A name in .done/ or .failed/ leaves room for a ".NNN" counter and the
 * ".error" note beside it within NAME_MAX (255): longer input names are
 * shortened, or the move (ENAMETOOLONG) would fail and the input be cleaned
 * again at every rescan. */
#define ASIDE_BASE_MAX (255 - 4 - 6)
#define ASIDE_EXT_MAX 16

/* Writes into base the name an input takes aside: its own when short
 * enough, else a prefix (cut on a UTF-8 boundary), "~", 16 hex digits of a
 * hash of the whole name (so two long names sharing a prefix stay apart)
 * and its extension when it has a short one. */
static void aside_base(const char *name, char *base, size_t size)
{
    size_t len = strlen(name);
    if (len <= ASIDE_BASE_MAX) {
        snprintf(base, size, "%s", name);
        return;
    }
    const char *dot = strrchr(name, '.');
    size_t ext = dot && dot != name && strlen(dot) <= ASIDE_EXT_MAX ? strlen(dot) : 0;
    size_t keep = ASIDE_BASE_MAX - 1 - 16 - ext;
    while (keep && ((unsigned char)name[keep] & 0xC0) == 0x80)
        keep--; /* not in the middle of a UTF-8 sequence */
    snprintf(base, size, "%.*s~%016llx%s", (int)keep, name,
             (unsigned long long)XXH3_64bits(name, len), ext ? name + len - ext : "");
}

int pith_file_move_aside(int dirfd, const char *name, const char *sub, char *out, size_t size,
                         pith_err_t *err)
{
    char base[ASIDE_BASE_MAX + 1];
    if (mkdirat(dirfd, sub, 0750) != 0 && errno != EEXIST)
        return pith_err_sys(err, PITH_EIO, errno, "%s: cannot create %s/", name, sub);
    aside_base(name, base, sizeof base);
    for (int i = 0; i < 1000; i++) {
        int n = i ? snprintf(out, size, "%s/%s.%d", sub, base, i)
                  : snprintf(out, size, "%s/%s", sub, base);
        if (n < 0 || (size_t)n >= size)
            return pith_err_set(err, PITH_EIO, "%s: the name in %s/ is too long", name, sub);
        pith_err_t rerr = {0};
        int rc = pith_rename_noreplace(dirfd, name, dirfd, out, &rerr);
        if (rc == 0)
            return 0;
        if (rc == PITH_EMISSING)
            return pith_err_sys(err, PITH_EMISSING, rerr.sys, "%s: gone before the move to %s/",
                                name, sub);
        if (rc != PITH_EEXIST)
            return pith_err_sys(err, PITH_EIO, rerr.sys, "%s: cannot move it to %s/", name, sub);
    }
    return pith_err_set(err, PITH_EIO, "%s: 1000 names taken in %s/", name, sub);
}
