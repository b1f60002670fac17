/* Where names come from: directory scans and inotify on the drop folder.
 *
 * A scan is pool work that reads the folder a batch at a time and is asked
 * for the next batch only when the FIFO runs low, so a backlog of a hundred
 * thousand files costs one open directory stream, not a hundred thousand
 * names in memory. When the FIFO is full inotify is not read: events wait in
 * the kernel's queue (back-pressure), and only an overflow owes a rescan. The
 * drop folder may vanish or be replaced under us; it is watched through its
 * parent, and a lost folder is retried until it is back. All of this is one
 * concept, "which files are waiting", and shares the folder's descriptors. */
#include "daemon_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>
#include <xxhash.h>

#include "fileio.h"
#include "log.h"
#include "pith/render.h"
#include "spool.h"

static int ignored_name(const char *n)
{
    size_t len = strlen(n);
    if (!len || n[0] == '.' || n[len - 1] == '~')
        return 1;
    if (len >= 4 && !strcmp(n + len - 4, ".tmp"))
        return 1;
    if (len >= 5 && !strcmp(n + len - 5, ".part"))
        return 1;
    return 0;
}

/* ---- scanning (pool) ----------------------------------------------------------- */

/* Whether a file was modified less than SETTLE_MS before now: it may still
 * be written (the scan's rule, and the watcher's for a file created in
 * place). */
static int written_lately(const struct stat *st, const struct timespec *now)
{
    int64_t age_ms = ((int64_t)now->tv_sec - st->st_mtim.tv_sec) * 1000 +
                     ((int64_t)now->tv_nsec - st->st_mtim.tv_nsec) / 1000000;
    return age_ms < SETTLE_MS;
}

static void scan_work_cb(uv_work_t *req)
{
    scan_t *s = req->data;
    pith_daemon_t *d = s->d;
    s->n = 0;
    s->eof = 0;
    s->error = 0;
    if (!d->scan_dir) {
        int fd = openat(s->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        close(s->dirfd);
        s->dirfd = -1;
        if (fd < 0 || !(d->scan_dir = fdopendir(fd))) {
            s->error = errno;
            if (fd >= 0)
                close(fd);
            s->eof = 1;
            return;
        }
    }
    int dfd = dirfd(d->scan_dir);
    struct timespec nowts;
    clock_gettime(CLOCK_REALTIME, &nowts);
    for (int looked = 0; s->n < SCAN_BATCH && looked < SCAN_LOOK_MAX; looked++) {
        errno = 0;
        struct dirent *e = readdir(d->scan_dir);
        if (!e) {
            s->error = errno;
            s->eof = 1;
            break;
        }
        if (ignored_name(e->d_name) || e->d_type == DT_DIR)
            continue;
        if (e->d_type == DT_REG || e->d_type == DT_UNKNOWN) {
            struct stat st;
            if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(st.st_mode))
                continue;
            if (S_ISREG(st.st_mode) && written_lately(&st, &nowts)) {
                s->recent++; /* may still be being written: a later look */
                continue;
            }
        }
        if (!(s->names[s->n] = strdup(e->d_name)))
            break;
        s->n++;
    }
}

static int drop_check(pith_daemon_t *d);

static void settle_cb(uv_timer_t *t)
{
    daemon_want_rescan(t->data);
}

static void scan_after_cb(uv_work_t *req, int status)
{
    scan_t *s = req->data;
    pith_daemon_t *d = s->d;
    d->scan_busy = 0;
    d->side_jobs--;
    if (d->scan_stale) {
        /* The folder was replaced or lost meanwhile: names from the old one
         * are not this folder's; the rescan owed reads the new one. */
        d->scan_stale = 0;
        s->eof = 1;
        s->error = 0;
        s->recent = 0;
        for (size_t i = 0; i < s->n; i++)
            free(s->names[i]);
        s->n = 0;
    }
    for (size_t i = 0; i < s->n; i++) {
        if (!d->stopping && daemon_enqueue(d, s->names[i]) != 0)
            d->rescan_owed = 1;
        free(s->names[i]);
    }
    s->n = 0;
    if (s->eof) {
        if (d->scan_dir)
            closedir(d->scan_dir);
        d->scan_dir = NULL;
        d->scanning = 0;
        if (s->error) {
            char msg[128];
            snprintf(msg, sizeof msg, "cannot read the drop folder: %s", strerror(s->error));
            daemon_drop_lost(d, msg);
        } else if (s->recent && !d->stopping) {
            /* Files still settling: look again once they have. */
            PITH_UV_MUST(uv_timer_start(&d->t_settle, settle_cb, SETTLE_MS + 200, 0));
        }
    }
    daemon_dispatch(d);
    daemon_maybe_finish(d);
}

void daemon_start_scan(pith_daemon_t *d)
{
    if (d->stopping || d->dropfd < 0)
        return;
    if (d->scan_busy)
        return;
    if (!d->scanning) {
        if (!drop_check(d) || d->scan_busy || d->scanning)
            return;
        d->scanning = 1;
        d->rescan_owed = 0;
        /* Counted over the whole scan, not one step: a young file seen in
         * an early step must still arm the settle timer at the end. */
        d->scan.recent = 0;
        pith_metric_add(d->m_rescans, 1);
    }
    d->scan.d = d;
    if (!d->scan_dir) {
        d->scan.dirfd = fcntl(d->dropfd, F_DUPFD_CLOEXEC, 0);
        if (d->scan.dirfd < 0) {
            d->scanning = 0;
            d->rescan_owed = 1;
            return;
        }
    }
    d->scan.req.data = &d->scan;
    d->scan_busy = 1;
    d->side_jobs++;
    if (uv_queue_work(&d->loop, &d->scan.req, scan_work_cb, scan_after_cb) != 0) {
        d->scan_busy = 0;
        d->side_jobs--;
        d->scanning = 0;
        d->rescan_owed = 1;
    }
}

/* A full rescan is wanted (start, reload, overflow, timer, backoff). */
void daemon_want_rescan(pith_daemon_t *d)
{
    d->rescan_owed = 1;
    daemon_dispatch(d);
}

/* ---- inotify -------------------------------------------------------------------- */

/* The drop folder is held by a descriptor (scans and jobs work relative to
 * it) and watched. A folder deleted while held sends nothing on its own
 * watch: its inode lives on until the last descriptor closes, so no
 * IN_DELETE_SELF comes, and a new folder at the same path is another inode
 * that nobody watches. Only the path tells, so the folder's parent is
 * watched for the folder's own name (IN_DELETE, IN_CREATE and renames
 * arrive at once), and the path is compared with the descriptor, by device
 * and inode, at every full rescan (for a parent we may not read). A replaced
 * folder is re-opened and re-watched; a missing one is retried on a timer. */

#define DROP_MASK                                                                                  \
    (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR |       \
     IN_EXCL_UNLINK)

/* Watches the parent of the drop folder for entries named like it. Best
 * effort: without it, the rescan's check still finds a replaced folder. */
static void watch_parent(pith_daemon_t *d)
{
    const char *dir = cfg_of(d)->drop_dir;
    size_t n = strlen(dir), slash;
    while (n > 1 && dir[n - 1] == '/')
        n--;
    for (slash = n; slash && dir[slash - 1] != '/'; slash--)
        ;
    size_t blen = n - slash;
    int wd = -1;
    char parent[4096];
    if (blen && blen < sizeof d->drop_base && slash < sizeof parent &&
        strncmp(dir + slash, ".", blen) && strncmp(dir + slash, "..", blen)) {
        memcpy(d->drop_base, dir + slash, blen);
        d->drop_base[blen] = '\0';
        if (slash)
            snprintf(parent, sizeof parent, "%.*s", (int)(slash > 1 ? slash - 1 : 1), dir);
        else
            snprintf(parent, sizeof parent, ".");
        wd = inotify_add_watch(d->inofd, parent,
                               IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_ONLYDIR);
    }
    if (d->pwd >= 0 && d->pwd != wd)
        inotify_rm_watch(d->inofd, d->pwd);
    d->pwd = wd;
}

int daemon_open_drop(pith_daemon_t *d, pith_err_t *err)
{
    const char *dir = cfg_of(d)->drop_dir;
    int fd = -1, wd = -1;
    struct stat held, now;
    /* The path may change between the open and the watch: both must be of
     * one folder. */
    for (int tries = 0;; tries++) {
        fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            return pith_err_sys(err, PITH_EMISSING, errno, "drop folder %s", dir);
        wd = inotify_add_watch(d->inofd, dir, DROP_MASK);
        if (wd < 0) {
            int e = errno;
            close(fd);
            return pith_err_sys(err, PITH_EMISSING, e, "drop folder %s: cannot watch", dir);
        }
        if (fstat(fd, &held) == 0 && stat(dir, &now) == 0 && held.st_dev == now.st_dev &&
            held.st_ino == now.st_ino)
            break;
        close(fd);
        if (wd != d->wd)
            inotify_rm_watch(d->inofd, wd);
        if (tries == 2)
            return pith_err_set(err, PITH_EMISSING, "drop folder %s: keeps changing", dir);
    }
    if (d->dropfd >= 0)
        close(d->dropfd);
    if (d->wd >= 0 && d->wd != wd)
        inotify_rm_watch(d->inofd, d->wd);
    d->dropfd = fd;
    d->wd = wd;
    d->drop_dev = held.st_dev;
    d->drop_ino = held.st_ino;
    d->drop_missing = 0;
    watch_parent(d);
    return 0;
}

/* Lets go of the folder held: its watch, its descriptor (so a deleted
 * folder's inode can go) and the scan of it; a rescan is owed. */
void daemon_drop_forget(pith_daemon_t *d)
{
    if (d->wd >= 0)
        inotify_rm_watch(d->inofd, d->wd);
    d->wd = -1;
    if (d->dropfd >= 0)
        close(d->dropfd);
    d->dropfd = -1;
    if (d->scan_busy) {
        d->scan_stale = 1; /* its step ends in scan_after_cb */
    } else if (d->scanning) {
        if (d->scan_dir)
            closedir(d->scan_dir);
        d->scan_dir = NULL;
        d->scanning = 0;
    }
    d->rescan_owed = 1;
}

static void drop_retry_cb(uv_timer_t *t);

void daemon_drop_lost(pith_daemon_t *d, const char *why)
{
    if (d->drop_missing)
        return;
    daemon_drop_forget(d);
    d->drop_missing = 1;
    pith_log(LOG_ERR, "drop folder %s: %s; retrying every %d ms", cfg_of(d)->drop_dir, why,
             DROP_RETRY_MS);
    if (!d->stopping)
        PITH_UV_MUST(uv_timer_start(&d->t_drop, drop_retry_cb, DROP_RETRY_MS, DROP_RETRY_MS));
    daemon_status_cb(&d->t_status);
}

/* Re-opens a missing folder when it is back: 1 when it is. */
static int drop_back(pith_daemon_t *d)
{
    pith_err_t err = {0};
    if (d->stopping || daemon_open_drop(d, &err) != 0)
        return 0;
    uv_timer_stop(&d->t_drop);
    pith_log(LOG_NOTICE, "drop folder %s is back", cfg_of(d)->drop_dir);
    d->rescan_owed = 1;
    daemon_status_cb(&d->t_status);
    return 1;
}

static void drop_retry_cb(uv_timer_t *t)
{
    pith_daemon_t *d = t->data;
    if (d->drop_missing && drop_back(d))
        daemon_dispatch(d);
}

/* Is the folder at drop_dir still the one held? Re-opens a replaced one
 * (a rescan is then owed), declares a missing one lost. Returns 1 when a
 * current folder is held. The caller dispatches. */
static int drop_check(pith_daemon_t *d)
{
    if (d->stopping)
        return d->dropfd >= 0;
    if (d->drop_missing)
        return drop_back(d);
    const char *dir = cfg_of(d)->drop_dir;
    struct stat st;
    if (stat(dir, &st) == 0 && st.st_dev == d->drop_dev && st.st_ino == d->drop_ino)
        return 1;
    pith_err_t err = {0};
    daemon_drop_forget(d);
    if (daemon_open_drop(d, &err) == 0) {
        pith_log(LOG_WARNING, "drop folder %s was replaced by a new folder; watching the new one",
                 dir);
        return 1;
    }
    daemon_drop_lost(d, "disappeared");
    return 0;
}

/* ---- files created in place ------------------------------------------------------- */

/* A file nobody is writing: a link (another name holds it; a file created
 * here has one name while it is written) or one modified longer than
 * SETTLE_MS ago (the scan's rule). */
static int settled(const struct stat *st)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return st->st_nlink > 1 || !written_lately(st, &now);
}

static void young_cb(uv_timer_t *t);

/* Remembers a regular file created in the folder, to look at once settled
 * if no IN_CLOSE_WRITE has brought it by then. When the list is full the
 * file waits for IN_CLOSE_WRITE or the periodic rescan, as before. */
static void young_add(pith_daemon_t *d, const char *name)
{
    if (d->nyoung >= YOUNG_MAX)
        return;
    char *copy = strdup(name);
    if (!copy)
        return;
    d->young[d->nyoung++] = copy;
    if (!uv_is_active((uv_handle_t *)&d->t_young))
        PITH_UV_MUST(uv_timer_start(&d->t_young, young_cb, SETTLE_MS + 200, 0));
}

/* Files created a while ago: one that came in the meantime (IN_CLOSE_WRITE,
 * a rescan) or went is forgotten; a settled one is taken; one still being
 * written is looked at again later. */
static void young_cb(uv_timer_t *t)
{
    pith_daemon_t *d = t->data;
    size_t keep = 0;
    for (size_t i = 0; i < d->nyoung; i++) {
        char *name = d->young[i];
        struct stat st;
        if (!d->stopping && d->dropfd >= 0 && !daemon_set_has(&d->known, name) &&
            fstatat(d->dropfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)) {
            if (!settled(&st)) {
                d->young[keep++] = name;
                continue;
            }
            if (daemon_enqueue(d, name) != 0)
                d->rescan_owed = 1;
        }
        free(name);
    }
    d->nyoung = keep;
    if (keep && !d->stopping)
        PITH_UV_MUST(uv_timer_start(&d->t_young, young_cb, SETTLE_MS, 0));
    daemon_dispatch(d);
}

void daemon_young_clear(pith_daemon_t *d)
{
    for (size_t i = 0; i < d->nyoung; i++)
        free(d->young[i]);
    d->nyoung = 0;
}

/* Back-pressure instead of loss: events are taken from the kernel only while
 * the pending FIFO has room. When it is full, the poll handle stops; the rest
 * of the last read waits in ev_buf (one read at most) and later events in the
 * kernel's own queue (fs.inotify.max_queued_events, 16384 by default), and
 * reading resumes once the FIFO has drained to half. Only when the kernel's
 * queue overflows are names lost, and IN_Q_OVERFLOW owes a rescan. Dropping
 * names here instead would be costly: an event says the file is complete, a
 * rescan can only tell that by the file's age, so every young file of a
 * burst would wait out the settle time. */

/* Handles one event: 0, or PITH_EAGAIN when its name needs room in the FIFO
 * (the event is then left for later). */
static int ino_event(pith_daemon_t *d, const struct inotify_event *ev)
{
    if (ev->mask & IN_Q_OVERFLOW) {
        pith_metric_add(d->m_overflows, 1);
        pith_log(LOG_WARNING, "inotify queue overflowed; rescanning the drop folder");
        d->rescan_owed = 1;
        return 0;
    }
    if (ev->wd == d->pwd && d->pwd >= 0) {
        if (ev->mask & IN_IGNORED)
            d->pwd = -1; /* the parent went: the rescan's check remains */
        else if (ev->len && !strcmp(ev->name, d->drop_base))
            drop_check(d);
        return 0;
    }
    if (ev->wd != d->wd || d->wd < 0)
        return 0;
    if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT)) {
        drop_check(d);
        return 0;
    }
    if (!ev->len || (ev->mask & IN_ISDIR) || ignored_name(ev->name) || d->stopping ||
        daemon_set_has(&d->known, ev->name))
        return 0;
    if (ev->mask & IN_CREATE) {
        /* A regular file just created is being written: its IN_CLOSE_WRITE
         * follows. A hard link to a file made elsewhere sends IN_CREATE
         * only: it is taken now, like a file moved in, when another name
         * still holds it or nobody wrote to it lately; otherwise (a link
         * whose first name is gone already) it is looked at once settled.
         * A FIFO, symlink, socket or device never sends IN_CLOSE_WRITE
         * either, so it is taken now (and quarantined by the job). */
        struct stat st;
        if (d->dropfd < 0 || fstatat(d->dropfd, ev->name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            S_ISDIR(st.st_mode))
            return 0;
        if (S_ISREG(st.st_mode) && !settled(&st)) {
            young_add(d, ev->name);
            return 0;
        }
    }
    if (d->pn >= PENDING_MAX)
        return PITH_EAGAIN;
    if (daemon_enqueue(d, ev->name) != 0)
        d->rescan_owed = 1; /* out of memory: the file waits for a rescan */
    return 0;
}

/* Takes events until the kernel has none or the FIFO is full; in the second
 * case stops polling (ino_held). */
void daemon_ino_take(pith_daemon_t *d)
{
    for (int rounds = 0; rounds < 64;) {
        if (d->ev_off >= d->ev_len) {
            ssize_t n = read(d->inofd, d->ev_buf, sizeof d->ev_buf);
            d->ev_off = d->ev_len = 0;
            if (n <= 0)
                break;
            d->ev_len = (size_t)n;
            rounds++;
        }
        while (d->ev_off < d->ev_len) {
            const struct inotify_event *ev = (const void *)(d->ev_buf + d->ev_off);
            if (ino_event(d, ev) != 0) {
                if (!d->ino_held) {
                    d->ino_held = 1;
                    uv_poll_stop(&d->ino_poll);
                }
                return;
            }
            d->ev_off += sizeof *ev + ev->len;
        }
    }
    if (d->ino_held && !d->stopping) {
        d->ino_held = 0;
        int rc = uv_poll_start(&d->ino_poll, UV_READABLE, daemon_ino_cb);
        if (rc != 0) {
            /* Without events the periodic rescan still finds every file. */
            pith_log(LOG_ERR, "inotify poll: %s; relying on rescans", uv_strerror(rc));
            d->ino_polling = 0;
            d->rescan_owed = 1;
        }
    }
}

void daemon_ino_cb(uv_poll_t *h, int status, int events)
{
    pith_daemon_t *d = h->data;
    daemon_ino_take(d);
    daemon_dispatch(d);
}
