/* The SQLite state store.
 *
 * One connection, one mutex: SQLite connections are not meant to be used by
 * two threads at once without its own serialized mode, and our statements are
 * so short that a plain mutex around a prepared statement is both simpler and
 * faster than a pool of connections. Statements are prepared once at open and
 * reset after each use. WAL mode lets an operator read the file (sqlite3
 * pith.db) while the daemon writes; synchronous=NORMAL is enough because the
 * state is a cache of work done, not the work itself. */
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"

#define KEY_MAX 8192
#define ID_MAX 64

enum { S_HAS_ID, S_ADD_ID, S_GET_VAL, S_PUT_VAL, S_SEEN, S_MARK, S_COUNT };

static const char *const sql_text[S_COUNT] = {
    [S_HAS_ID] = "SELECT 1 FROM delivered WHERE id = ?1",
    [S_ADD_ID] = "INSERT OR IGNORE INTO delivered(id, source, at) VALUES (?1, ?2, ?3)",
    [S_GET_VAL] = "SELECT etag, last_modified, body_id, fetched_at FROM validators WHERE url = ?1",
    [S_PUT_VAL] = ("INSERT OR REPLACE INTO validators(url, etag, last_modified, body_id, "
                   "fetched_at) VALUES (?1, ?2, ?3, ?4, ?5)"),
    [S_SEEN] = "SELECT 1 FROM seen WHERE feed = ?1 AND item = ?2",
    [S_MARK] = "INSERT OR IGNORE INTO seen(feed, item, at) VALUES (?1, ?2, ?3)",
};

static const char schema[] =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = NORMAL;"
    "CREATE TABLE IF NOT EXISTS delivered (id TEXT PRIMARY KEY, source TEXT, at INTEGER)"
    " WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS validators (url TEXT PRIMARY KEY, etag TEXT,"
    " last_modified TEXT, body_id TEXT, fetched_at INTEGER);"
    "CREATE TABLE IF NOT EXISTS seen (feed TEXT NOT NULL, item TEXT NOT NULL, at INTEGER,"
    " PRIMARY KEY (feed, item)) WITHOUT ROWID;";

struct pith_state {
    sqlite3 *db;
    sqlite3_stmt *stmt[S_COUNT];
    pthread_mutex_t lock;
};

/* After a failed SQLite call: the errno of the system call that failed
 * under it (0 when none did) into err's sys. Returns code. */
static int with_sys(pith_err_t *err, sqlite3 *db, int code)
{
    if (err)
        err->sys = db ? sqlite3_system_errno(db) : 0;
    return code;
}

static int db_error(pith_state_t *st, pith_err_t *err, const char *what)
{
    int rc = sqlite3_errcode(st->db);
    int code = (rc == SQLITE_FULL || rc == SQLITE_READONLY || rc == SQLITE_BUSY ||
                rc == SQLITE_LOCKED || rc == SQLITE_CANTOPEN)
                   ? PITH_EAGAIN
                   : PITH_EIO;
    return with_sys(err, st->db,
                    pith_err_set(err, code, "state: %s: %s", what, sqlite3_errmsg(st->db)));
}

int pith_state_open(const char *dir, pith_state_t **out, pith_err_t *err)
{
    *out = NULL;
    char path[4096];
    pith_state_t *st = calloc(1, sizeof *st);
    if (!st)
        return pith_err_set(err, PITH_ENOMEM, "out of memory");
    pthread_mutex_init(&st->lock, NULL);
    int rc = 0;
    if (dir) {
        if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
            rc = pith_err_sys(err, PITH_ECREATE, errno, "state %s: cannot create", dir);
            goto fail;
        }
        if ((size_t)snprintf(path, sizeof path, "%s/pith.db", dir) >= sizeof path) {
            rc = pith_err_set(err, PITH_ECREATE, "state %s: path too long", dir);
            goto fail;
        }
    } else {
        snprintf(path, sizeof path, ":memory:");
    }
    if (sqlite3_open_v2(path, &st->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        rc = with_sys(err, st->db,
                      pith_err_set(err, PITH_ECREATE, "state %s: cannot open: %s", path,
                                   st->db ? sqlite3_errmsg(st->db) : "out of memory"));
        goto fail;
    }
    sqlite3_busy_timeout(st->db, 5000);
    char *msg = NULL;
    if (sqlite3_exec(st->db, schema, NULL, NULL, &msg) != SQLITE_OK) {
        /* Three classes, because the daemon answers each differently: a
         * damaged file (set aside, start afresh), another process holding
         * it or a full disk (try again later), and anything else (the
         * operator must act: permissions, read-only, I/O errors). */
        int e = sqlite3_errcode(st->db);
        int code = e == SQLITE_NOTADB || e == SQLITE_CORRUPT                    ? PITH_EIO
                   : e == SQLITE_BUSY || e == SQLITE_LOCKED || e == SQLITE_FULL ? PITH_EAGAIN
                                                                                : PITH_ECREATE;
        rc = with_sys(
            err, st->db,
            pith_err_set(err, code, "state %s: %s", path, msg ? msg : "cannot create tables"));
        sqlite3_free(msg);
        goto fail;
    }
    for (int i = 0; i < S_COUNT; i++) {
        if (sqlite3_prepare_v3(st->db, sql_text[i], -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[i],
                               NULL) != SQLITE_OK) {
            db_error(st, err, "prepare");
            rc = err ? (err->code = PITH_EIO) : PITH_EIO;
            goto fail;
        }
    }
    *out = st;
    return 0;
fail:
    pith_state_close(st);
    return rc;
}

int pith_state_set_aside(const char *dir, char *aside, size_t size, pith_err_t *err)
{
    char db[4096], from[4200], to[4200];
    if ((size_t)snprintf(db, sizeof db, "%s/pith.db", dir) >= sizeof db)
        return pith_err_set(err, PITH_ECREATE, "state %s: path too long", dir);
    time_t now = time(NULL);
    struct tm tm;
    char stamp[32];
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    int moved = -1;
    pith_err_t rerr = {0};
    for (int i = 0; i < 100 && moved != 0; i++) {
        int n = i ? snprintf(aside, size, "%s.corrupt-%s.%d", db, stamp, i)
                  : snprintf(aside, size, "%s.corrupt-%s", db, stamp);
        if (n < 0 || (size_t)n >= size)
            return pith_err_set(err, PITH_ECREATE, "state %s: path too long", dir);
        moved = pith_rename_noreplace(AT_FDCWD, db, AT_FDCWD, aside, &rerr);
        if (moved != 0 && moved != PITH_EEXIST)
            break;
    }
    if (moved != 0)
        return pith_err_sys(err, PITH_ECREATE, rerr.sys, "state %s: cannot move it aside", db);
    /* The write-ahead log belongs to the old file: kept beside it, never
     * replayed into the new one. The shared-memory index is rebuilt. */
    snprintf(from, sizeof from, "%s-wal", db);
    snprintf(to, sizeof to, "%s-wal", aside);
    int rc = pith_rename_noreplace(AT_FDCWD, from, AT_FDCWD, to, NULL);
    if (rc != 0 && rc != PITH_EMISSING)
        unlink(from);
    snprintf(from, sizeof from, "%s-shm", db);
    unlink(from);
    return 0;
}

void pith_state_close(pith_state_t *st)
{
    if (!st)
        return;
    for (int i = 0; i < S_COUNT; i++)
        sqlite3_finalize(st->stmt[i]);
    sqlite3_close(st->db);
    pthread_mutex_destroy(&st->lock);
    free(st);
}

static int key_ok(const char *s, size_t max)
{
    return s && *s && strlen(s) <= max;
}

/* Runs a prepared statement with up to two text keys; returns 1 when it
 * yields a row, 0 when it does not (or changed nothing, for writes: see
 * changes), or a negative code. Caller holds the lock. */
static int step(pith_state_t *st, sqlite3_stmt *s, pith_err_t *err)
{
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return db_error(st, err, "query");
}

/* Whether the statement which, bound to k1 (and k2 if given), yields a row:
 * *found 1 or 0; returns 0 or a negative code. Keys are already checked by
 * the caller. */
static int exists(pith_state_t *st, int which, const char *k1, const char *k2, int *found)
{
    pthread_mutex_lock(&st->lock);
    sqlite3_stmt *s = st->stmt[which];
    sqlite3_bind_text(s, 1, k1, -1, SQLITE_STATIC);
    if (k2)
        sqlite3_bind_text(s, 2, k2, -1, SQLITE_STATIC);
    int rc = step(st, s, NULL);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    pthread_mutex_unlock(&st->lock);
    *found = rc == 1;
    return rc < 0 ? rc : 0;
}

/* Runs the insert-or-ignore statement which with k1, k2 (left NULL when
 * absent or over KEY_MAX) and the current time: 0 when a row was added,
 * PITH_EDUP when it was already there, or a negative code. */
static int insert_once(pith_state_t *st, int which, const char *k1, const char *k2, pith_err_t *err)
{
    pthread_mutex_lock(&st->lock);
    sqlite3_stmt *s = st->stmt[which];
    sqlite3_bind_text(s, 1, k1, -1, SQLITE_STATIC);
    if (k2 && strlen(k2) <= KEY_MAX)
        sqlite3_bind_text(s, 2, k2, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)time(NULL));
    int rc = step(st, s, err);
    if (rc == 0 && sqlite3_changes(st->db) == 0)
        rc = PITH_EDUP;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    pthread_mutex_unlock(&st->lock);
    return rc;
}

int pith_state_has_id(pith_state_t *st, const char *id, int *found)
{
    *found = 0;
    if (!key_ok(id, ID_MAX))
        return PITH_EINPUT;
    return exists(st, S_HAS_ID, id, NULL, found);
}

int pith_state_add_id(pith_state_t *st, const char *id, const char *source, pith_err_t *err)
{
    if (!key_ok(id, ID_MAX))
        return pith_err_set(err, PITH_EINPUT, "state: bad document id");
    return insert_once(st, S_ADD_ID, id, source, err);
}

int pith_state_add_ids(pith_state_t *st, const char *const *ids, const char *const *sources,
                       size_t n, pith_err_t *err)
{
    int rc = 0, bad = 0;
    if (!n)
        return 0;
    pthread_mutex_lock(&st->lock);
    if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        rc = db_error(st, err, "begin");
        goto out;
    }
    sqlite3_stmt *s = st->stmt[S_ADD_ID];
    sqlite3_int64 now = (sqlite3_int64)time(NULL);
    for (size_t i = 0; i < n && !rc; i++) {
        if (!key_ok(ids[i], ID_MAX)) {
            bad = 1;
            continue;
        }
        sqlite3_bind_text(s, 1, ids[i], -1, SQLITE_STATIC);
        if (sources && sources[i] && strlen(sources[i]) <= KEY_MAX)
            sqlite3_bind_text(s, 2, sources[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, now);
        int r = step(st, s, err);
        if (r < 0)
            rc = r;
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
    }
    if (!rc && sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = db_error(st, err, "commit");
    if (rc)
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
out:
    pthread_mutex_unlock(&st->lock);
    if (!rc && bad)
        rc = pith_err_set(err, PITH_EINPUT, "state: bad document id skipped");
    return rc;
}

static char *dup_col(sqlite3_stmt *s, int col, int *nomem)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    if (!t)
        return NULL;
    char *c = strdup((const char *)t);
    if (!c)
        *nomem = 1;
    return c;
}

int pith_state_get_validators(pith_state_t *st, const char *url, pith_validators_t *out, int *found,
                              pith_err_t *err)
{
    memset(out, 0, sizeof *out);
    if (found)
        *found = 0;
    if (!key_ok(url, KEY_MAX))
        return pith_err_set(err, PITH_EINPUT, "state: bad URL key");
    pthread_mutex_lock(&st->lock);
    sqlite3_stmt *s = st->stmt[S_GET_VAL];
    sqlite3_bind_text(s, 1, url, -1, SQLITE_STATIC);
    int rc = step(st, s, err);
    if (rc == 1) {
        int nomem = 0;
        out->etag = dup_col(s, 0, &nomem);
        out->last_modified = dup_col(s, 1, &nomem);
        const unsigned char *b = sqlite3_column_text(s, 2);
        if (b)
            snprintf(out->body_id, sizeof out->body_id, "%s", (const char *)b);
        out->fetched_at = sqlite3_column_int64(s, 3);
        if (nomem) {
            pith_validators_free(out);
            rc = pith_err_set(err, PITH_ENOMEM, "out of memory");
        }
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    pthread_mutex_unlock(&st->lock);
    if (found)
        *found = rc == 1;
    return rc < 0 ? rc : 0;
}

int pith_state_put_validators(pith_state_t *st, const char *url, const pith_validators_t *v,
                              pith_err_t *err)
{
    if (!key_ok(url, KEY_MAX))
        return pith_err_set(err, PITH_EINPUT, "state: bad URL key");
    pthread_mutex_lock(&st->lock);
    sqlite3_stmt *s = st->stmt[S_PUT_VAL];
    sqlite3_bind_text(s, 1, url, -1, SQLITE_STATIC);
    if (v->etag && strlen(v->etag) <= KEY_MAX)
        sqlite3_bind_text(s, 2, v->etag, -1, SQLITE_STATIC);
    if (v->last_modified && strlen(v->last_modified) <= KEY_MAX)
        sqlite3_bind_text(s, 3, v->last_modified, -1, SQLITE_STATIC);
    if (v->body_id[0])
        sqlite3_bind_text(s, 4, v->body_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)v->fetched_at);
    int rc = step(st, s, err);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    pthread_mutex_unlock(&st->lock);
    return rc < 0 ? rc : 0;
}

void pith_validators_free(pith_validators_t *v)
{
    if (!v)
        return;
    free(v->etag);
    free(v->last_modified);
    memset(v, 0, sizeof *v);
}

int pith_state_seen(pith_state_t *st, const char *feed, const char *item, int *seen)
{
    *seen = 0;
    if (!key_ok(feed, KEY_MAX) || !key_ok(item, KEY_MAX))
        return PITH_EINPUT;
    return exists(st, S_SEEN, feed, item, seen);
}

int pith_state_mark(pith_state_t *st, const char *feed, const char *item, pith_err_t *err)
{
    if (!key_ok(feed, KEY_MAX) || !key_ok(item, KEY_MAX))
        return pith_err_set(err, PITH_EINPUT, "state: bad feed or item key");
    return insert_once(st, S_MARK, feed, item, err);
}
