/* Maildir-style delivery.
 *
 * Why RENAME_NOREPLACE: two workers may clean the same article at once (the
 * same page dropped twice). Checking for new/<id> and then renaming would let
 * both pass the check; an atomic no-replace rename lets exactly one win and
 * tells the other it is a duplicate. Filesystems without it fall back to
 * link()+unlink(), which has the same property. */
#include "spool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"

/* Staged files kept open between stage and commit, at most: enough for
 * the daemon's batches, far below any descriptor limit. */
#define HELD_MAX 256

struct pith_spool {
    char *dir;
    int tmp_fd;
    int new_fd;
    long pid;
    atomic_ulong counter;
    atomic_int held; /* staged files kept open */
};

static void release_fd(pith_spool_t *s, pith_spool_item_t *item)
{
    if (item->fd >= 0) {
        close(item->fd);
        atomic_fetch_sub(&s->held, 1);
    }
    item->fd = -1;
}

static int transient(int e)
{
    return e == ENOSPC || e == EROFS || e == EACCES || e == EPERM || e == EDQUOT || e == ENOENT;
}

/* Creates the folder path unless it is one already. 0, or PITH_ECREATE (a
 * cause a retry may cure: permission, read-only, full) or PITH_EIO (e.g. a
 * file of that name) with the path and strerror in err. */
static int ensure_dir(const char *path, pith_err_t *err)
{
    int e = 0;
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        e = errno;
    if (!e) {
        struct stat st;
        if (stat(path, &st) != 0)
            e = errno;
        else if (!S_ISDIR(st.st_mode))
            e = ENOTDIR;
        else
            return 0;
    }
    return pith_err_sys(err, transient(e) ? PITH_ECREATE : PITH_EIO, e, "spool %s: cannot create",
                        path);
}

static void remove_stale_tmp(int tmp_fd)
{
    int fd = dup(tmp_fd);
    if (fd < 0)
        return;
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return;
    }
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        struct stat st;
        if (fstatat(tmp_fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
            now - st.st_mtime > 24 * 3600)
            unlinkat(tmp_fd, e->d_name, 0);
    }
    closedir(d);
}

int pith_spool_open(const char *dir, pith_spool_t **out, pith_err_t *err)
{
    *out = NULL;
    char path[4096];
    pith_spool_t *s = calloc(1, sizeof *s);
    if (!s)
        return pith_err_set(err, PITH_ENOMEM, "out of memory");
    s->tmp_fd = s->new_fd = -1;
    s->pid = (long)getpid();
    s->dir = strdup(dir);
    if (!s->dir)
        goto nomem;
    const char *subs[] = {"", "/tmp", "/new"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s%s", dir, subs[i]);
        int rc = ensure_dir(path, err);
        if (rc != 0) {
            pith_spool_close(s);
            return rc;
        }
    }
    snprintf(path, sizeof path, "%s/tmp", dir);
    s->tmp_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    snprintf(path, sizeof path, "%s/new", dir);
    s->new_fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (s->tmp_fd < 0 || s->new_fd < 0) {
        int e = errno;
        pith_spool_close(s);
        return pith_err_sys(err, PITH_ECREATE, e, "spool %s: cannot open", dir);
    }
    remove_stale_tmp(s->tmp_fd);
    *out = s;
    return 0;
nomem:
    pith_spool_close(s);
    return pith_err_set(err, PITH_ENOMEM, "out of memory");
}

void pith_spool_close(pith_spool_t *s)
{
    if (!s)
        return;
    if (s->tmp_fd >= 0)
        close(s->tmp_fd);
    if (s->new_fd >= 0)
        close(s->new_fd);
    free(s->dir);
    free(s);
}

const char *pith_spool_dir(const pith_spool_t *s)
{
    return s->dir;
}

/* The id, not the file name, is what was delivered: the same article as
 * new/<id>.txt is a duplicate when it comes again as markdown or JSON (after
 * a change of `format`), so every format's name is looked for. */
int pith_spool_has(pith_spool_t *s, const char *id, const char *ext)
{
    static const char *const exts[] = {"txt", "json", "md"};
    char name[128];
    struct stat st;
    snprintf(name, sizeof name, "%s.%s", id, ext);
    if (fstatat(s->new_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
        return 1;
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        if (!strcmp(ext, exts[i]))
            continue;
        snprintf(name, sizeof name, "%s.%s", id, exts[i]);
        if (fstatat(s->new_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
            return 1;
    }
    return 0;
}

static int write_error_code(int e)
{
    return transient(e) || e == EIO ? PITH_EAGAIN : PITH_EIO;
}

int pith_spool_stage(pith_spool_t *s, const char *id, const char *ext, const void *data, size_t len,
                     pith_spool_item_t *item, pith_err_t *err)
{
    memset(item, 0, sizeof *item);
    item->fd = -1;
    int n = snprintf(item->name, sizeof item->name, "%s.%s", id, ext);
    if (n < 0 || (size_t)n >= sizeof item->name || strchr(item->name, '/'))
        return pith_err_set(err, PITH_EIO, "spool: bad document name %s.%s", id, ext);
    if (pith_spool_has(s, id, ext))
        return pith_err_set(err, PITH_EDUP, "duplicate of new/%s", item->name);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long c = atomic_fetch_add(&s->counter, 1);
    snprintf(item->tmp, sizeof item->tmp, "%lld.%ld_%lu.%s", (long long)ts.tv_sec, s->pid, c,
             item->name);

    int fd = openat(s->tmp_fd, item->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        int e = errno;
        int code = pith_err_sys(err, transient(e) ? PITH_EAGAIN : PITH_EIO, e,
                                "spool: cannot create tmp/%s", item->tmp);
        item->tmp[0] = '\0';
        return code;
    }
    pith_err_t werr = {0};
    if (pith_write_all(fd, data, len, &werr) != 0) {
        close(fd);
        unlinkat(s->tmp_fd, item->tmp, 0);
        int code = pith_err_sys(err, write_error_code(werr.sys), werr.sys,
                                "spool: cannot write tmp/%s", item->tmp);
        item->tmp[0] = '\0';
        return code;
    }
    /* Start the writeback now; the commit's fdatasync then mostly waits for
     * what is already under way. */
    sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    if (atomic_fetch_add(&s->held, 1) < HELD_MAX) {
        item->fd = fd;
    } else {
        atomic_fetch_sub(&s->held, 1);
        close(fd); /* errors surface at the commit's fdatasync */
    }
    return 0;
}

void pith_spool_discard(pith_spool_t *s, pith_spool_item_t *item)
{
    release_fd(s, item);
    if (item->tmp[0])
        unlinkat(s->tmp_fd, item->tmp, 0);
    item->tmp[0] = '\0';
}

#define SYNC_THREADS 8 /* fdatasyncs in flight at once in one commit */

typedef struct sync_slice {
    pith_spool_t *s;
    pith_spool_item_t *const *items;
    size_t from, n, step;
    int error;
} sync_slice_t;

/* fdatasyncs its share of the items, through the descriptor kept since
 * staging or a new one. */
static void *sync_slice_run(void *arg)
{
    sync_slice_t *sl = arg;
    for (size_t i = sl->from; i < sl->n && !sl->error; i += sl->step) {
        pith_spool_item_t *it = sl->items[i];
        if (!it->tmp[0])
            continue;
        int fd = it->fd >= 0 ? it->fd
                             : openat(sl->s->tmp_fd, it->tmp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) {
            sl->error = errno;
            break;
        }
        if (fdatasync(fd) != 0)
            sl->error = errno;
        if (fd != it->fd)
            close(fd);
    }
    return NULL;
}

/* Makes the data of every staged file durable: their writeback was started
 * at staging, so the fdatasyncs mostly wait, several at once on short-lived
 * threads (for the inode's block on a filesystem without a journal, for the
 * journal commit on one with), and waits overlap. Measured against one
 * syncfs() of the spool's filesystem, the batch costs about the same, but
 * syncfs also writes out everything else that is dirty there: other
 * programs' data and, above all, the inputs the daemon is about to delete,
 * which then cost a block free (and a discard) each instead of nothing. 0,
 * or PITH_EAGAIN / PITH_EIO with the first failure's errno in err->sys. */
static int sync_batch(pith_spool_t *s, pith_spool_item_t *const *items, size_t n, pith_err_t *err)
{
    sync_slice_t sl[SYNC_THREADS];
    pthread_t th[SYNC_THREADS];
    size_t k = n / 4 < 1 ? 1 : n / 4 > SYNC_THREADS ? SYNC_THREADS : n / 4;
    size_t started = 1;
    for (size_t t = 0; t < k; t++)
        sl[t] = (sync_slice_t){.s = s, .items = items, .from = t, .n = n, .step = k};
    /* Slice 0 runs here; a thread that cannot be created leaves its slice to
     * this thread too. */
    for (size_t t = 1; t < k; t++, started++)
        if (pthread_create(&th[t], NULL, sync_slice_run, &sl[t]) != 0)
            break;
    sync_slice_run(&sl[0]);
    for (size_t t = started; t < k; t++)
        sync_slice_run(&sl[t]);
    int e = sl[0].error;
    for (size_t t = 1; t < k; t++) {
        if (t < started)
            pthread_join(th[t], NULL);
        if (!e)
            e = sl[t].error;
    }
    return e ? pith_err_sys(err, write_error_code(e), e, "spool: cannot sync tmp/") : 0;
}

static void fail_item(pith_spool_t *s, pith_spool_item_t *it, int code, const char *what, int e)
{
    pith_spool_discard(s, it);
    it->rc = pith_err_sys(&it->err, code, e, "spool: %s", what);
}

size_t pith_spool_commit(pith_spool_t *s, pith_spool_item_t *const *items, size_t n)
{
    size_t failed = 0, moved = 0;
    for (size_t i = 0; i < n; i++) {
        items[i]->rc = 0;
        pith_err_clear(&items[i]->err);
    }
    pith_err_t serr = {0};
    int rc = n ? sync_batch(s, items, n, &serr) : 0;
    for (size_t i = 0; i < n; i++)
        release_fd(s, items[i]);
    if (rc) {
        for (size_t i = 0; i < n; i++)
            fail_item(s, items[i], rc, "cannot sync tmp/", serr.sys);
        return n;
    }
    for (size_t i = 0; i < n; i++) {
        pith_spool_item_t *it = items[i];
        pith_err_t rerr = {0};
        if (!it->tmp[0]) {
            it->rc = pith_err_set(&it->err, PITH_EIO, "spool: %s was not staged", it->name);
            failed++;
        } else if ((rc = pith_rename_noreplace(s->tmp_fd, it->tmp, s->new_fd, it->name, &rerr)) ==
                   0) {
            it->tmp[0] = '\0';
            moved++;
        } else if (rc == PITH_EEXIST) {
            pith_spool_discard(s, it);
            it->rc = pith_err_set(&it->err, PITH_EDUP, "duplicate of new/%s", it->name);
        } else {
            fail_item(s, it, transient(rerr.sys) ? PITH_EAGAIN : PITH_EIO, "cannot move into new/",
                      rerr.sys);
            failed++;
        }
    }
    if (moved && fsync(s->new_fd) != 0) {
        /* The files are in new/ but may not survive a power cut: the caller
         * keeps its inputs and retries, which then finds duplicates. */
        int e = errno;
        for (size_t i = 0; i < n; i++)
            if (items[i]->rc == 0) {
                items[i]->rc =
                    pith_err_sys(&items[i]->err, PITH_EAGAIN, e, "spool: cannot sync new/");
                failed++;
            }
    }
    return failed;
}

int pith_spool_deliver(pith_spool_t *s, const char *id, const char *ext, const void *data,
                       size_t len, pith_err_t *err)
{
    pith_spool_item_t item;
    int rc = pith_spool_stage(s, id, ext, data, len, &item, err);
    if (rc)
        return rc;
    pith_spool_item_t *one = &item;
    pith_spool_commit(s, &one, 1);
    if (item.rc && err)
        *err = item.err;
    return item.rc;
}
