/* The spool: complete files only in new/, duplicates refused, stale tmp/
 * files removed at open, unwritable spools reported as transient; group
 * commit of staged batches, with duplicates inside a batch and against new/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "fileio.h"
#include "spool.h"

static char root[256];

static int setup(void **state)
{
    snprintf(root, sizeof root, "/tmp/pith-test-spool-XXXXXX");
    assert_non_null(mkdtemp(root));
    return 0;
}

static int teardown(void **state)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s'; rm -rf '%s'", root, root);
    return system(cmd) == 0 ? 0 : -1;
}

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

static void test_deliver_and_duplicate(void **state)
{
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/spool", root);
    pith_spool_t *s;
    pith_err_t err = {0};
    assert_int_equal(pith_spool_open(dir, &s, &err), 0);
    assert_int_equal(pith_spool_deliver(s, "0123456789abcdef", "txt", "hello\n", 6, &err), 0);
    assert_true(pith_spool_has(s, "0123456789abcdef", "txt"));
    assert_int_equal(pith_spool_deliver(s, "0123456789abcdef", "txt", "hello\n", 6, &err),
                     PITH_EDUP);
    /* The id was delivered: in another format it is still a duplicate. */
    assert_int_equal(pith_spool_deliver(s, "0123456789abcdef", "md", "hello\n", 6, &err),
                     PITH_EDUP);
    assert_true(pith_spool_has(s, "0123456789abcdef", "json"));
    snprintf(path, sizeof path, "%s/new", dir);
    assert_int_equal(count_files(path), 1);
    snprintf(path, sizeof path, "%s/tmp", dir);
    assert_int_equal(count_files(path), 0);
    pith_buf_t b = {0};
    snprintf(path, sizeof path, "%s/new/0123456789abcdef.txt", dir);
    assert_int_equal(pith_file_read(AT_FDCWD, path, 0, &b, &err), 0);
    assert_string_equal(b.data, "hello\n");
    pith_buf_free(&b);
    pith_spool_close(s);
    pith_spool_close(NULL);
}

static void test_stale_tmp_removed(void **state)
{
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/spool2", root);
    pith_spool_t *s;
    assert_int_equal(pith_spool_open(dir, &s, NULL), 0);
    pith_spool_close(s);
    snprintf(path, sizeof path, "%s/tmp/old.partial", dir);
    FILE *f = fopen(path, "w");
    fputs("half", f);
    fclose(f);
    struct utimbuf old = {time(NULL) - 2 * 86400, time(NULL) - 2 * 86400};
    utime(path, &old);
    snprintf(path, sizeof path, "%s/tmp/young.partial", dir);
    f = fopen(path, "w");
    fputs("in progress", f);
    fclose(f);
    assert_int_equal(pith_spool_open(dir, &s, NULL), 0);
    snprintf(path, sizeof path, "%s/tmp", dir);
    assert_int_equal(count_files(path), 1); /* only the young one is left */
    pith_spool_close(s);
}

typedef struct {
    pith_spool_t *s;
    int ok, dup;
} race_t;

static void *racer(void *arg)
{
    race_t *r = arg;
    int rc = pith_spool_deliver(r->s, "ffffffffffffffff", "json", "{}\n", 3, NULL);
    if (rc == 0)
        __atomic_add_fetch(&r->ok, 1, __ATOMIC_SEQ_CST);
    else if (rc == PITH_EDUP)
        __atomic_add_fetch(&r->dup, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void test_concurrent_same_id_delivered_once(void **state)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/spool3", root);
    race_t r = {0};
    assert_int_equal(pith_spool_open(dir, &r.s, NULL), 0);
    pthread_t th[8];
    for (int i = 0; i < 8; i++)
        pthread_create(&th[i], NULL, racer, &r);
    for (int i = 0; i < 8; i++)
        pthread_join(th[i], NULL);
    assert_int_equal(r.ok, 1);
    assert_int_equal(r.dup, 7);
    pith_spool_close(r.s);
}

static void read_into(const char *path, char *out, size_t size)
{
    pith_buf_t b = {0};
    assert_int_equal(pith_file_read(AT_FDCWD, path, 0, &b, NULL), 0);
    snprintf(out, size, "%s", b.data ? (const char *)b.data : "");
    pith_buf_free(&b);
}

static void test_batch_commit(void **state)
{
    char dir[512], path[700], text[64];
    snprintf(dir, sizeof dir, "%s/spool5", root);
    pith_spool_t *s;
    assert_int_equal(pith_spool_open(dir, &s, NULL), 0);
    static const char *ids[] = {"1111111111111111", "2222222222222222", "3333333333333333",
                                "4444444444444444", "5555555555555555"};
    pith_spool_item_t items[5], *p[5];
    for (int i = 0; i < 5; i++) {
        snprintf(text, sizeof text, "document %d\n", i);
        assert_int_equal(pith_spool_stage(s, ids[i], "txt", text, strlen(text), &items[i], NULL),
                         0);
        p[i] = &items[i];
    }
    /* Staged documents are not visible to consumers yet. */
    snprintf(path, sizeof path, "%s/new", dir);
    assert_int_equal(count_files(path), 0);
    snprintf(path, sizeof path, "%s/tmp", dir);
    assert_int_equal(count_files(path), 5);
    assert_int_equal(pith_spool_commit(s, p, 5), 0);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(items[i].rc, 0);
        assert_string_equal(items[i].tmp, "");
        snprintf(path, sizeof path, "%s/new/%s.txt", dir, ids[i]);
        read_into(path, text, sizeof text);
        char want[64];
        snprintf(want, sizeof want, "document %d\n", i);
        assert_string_equal(text, want);
    }
    snprintf(path, sizeof path, "%s/tmp", dir);
    assert_int_equal(count_files(path), 0);
    /* An empty batch is fine. */
    assert_int_equal(pith_spool_commit(s, p, 0), 0);
    pith_spool_close(s);
}

static int open_fds(void)
{
    return count_files("/proc/self/fd");
}

/* More staged documents than the spool keeps open: the rest are reopened by
 * name for the sync. Every document arrives and no descriptor is left. */
static void test_batch_many(void **state)
{
    enum { N = 300 };
    char dir[512], path[700], text[64];
    snprintf(dir, sizeof dir, "%s/spool8", root);
    pith_spool_t *s;
    assert_int_equal(pith_spool_open(dir, &s, NULL), 0);
    int fds = open_fds();
    static pith_spool_item_t items[N];
    pith_spool_item_t *p[N];
    for (int i = 0; i < N; i++) {
        char id[17];
        snprintf(id, sizeof id, "%016x", 0xabc000 + i);
        snprintf(text, sizeof text, "document %d\n", i);
        assert_int_equal(pith_spool_stage(s, id, "txt", text, strlen(text), &items[i], NULL), 0);
        p[i] = &items[i];
    }
    assert_true(open_fds() > fds);
    assert_int_equal(pith_spool_commit(s, p, N), 0);
    assert_int_equal(open_fds(), fds);
    snprintf(path, sizeof path, "%s/new", dir);
    assert_int_equal(count_files(path), N);
    snprintf(path, sizeof path, "%s/new/%016x.txt", dir, 0xabc000 + N - 1);
    read_into(path, text, sizeof text);
    assert_string_equal(text, "document 299\n");
    /* Discarded items give their descriptors back too. */
    for (int i = 0; i < 3; i++) {
        char id[17];
        snprintf(id, sizeof id, "%016x", 0xdef000 + i);
        assert_int_equal(pith_spool_stage(s, id, "txt", "x\n", 2, &items[i], NULL), 0);
        pith_spool_discard(s, &items[i]);
    }
    assert_int_equal(open_fds(), fds);
    pith_spool_close(s);
}

static void test_batch_duplicates(void **state)
{
    char dir[512], path[700], text[64];
    snprintf(dir, sizeof dir, "%s/spool6", root);
    pith_spool_t *s;
    pith_err_t err = {0};
    assert_int_equal(pith_spool_open(dir, &s, NULL), 0);
    assert_int_equal(pith_spool_deliver(s, "aaaaaaaaaaaaaaaa", "json", "{\"old\":1}\n", 10, NULL),
                     0);
    /* Already in new/: refused at once, nothing written. */
    pith_spool_item_t early;
    assert_int_equal(pith_spool_stage(s, "aaaaaaaaaaaaaaaa", "json", "{}\n", 3, &early, &err),
                     PITH_EDUP);
    /* The same id twice in one batch, and one that reaches new/ (another
     * writer) between its staging and the commit. */
    pith_spool_item_t it[4], *p[4];
    assert_int_equal(
        pith_spool_stage(s, "bbbbbbbbbbbbbbbb", "json", "{\"n\":1}\n", 8, &it[0], NULL), 0);
    assert_int_equal(
        pith_spool_stage(s, "cccccccccccccccc", "json", "{\"n\":2}\n", 8, &it[1], NULL), 0);
    assert_int_equal(
        pith_spool_stage(s, "bbbbbbbbbbbbbbbb", "json", "{\"n\":3}\n", 8, &it[2], NULL), 0);
    assert_int_equal(
        pith_spool_stage(s, "dddddddddddddddd", "json", "{\"n\":4}\n", 8, &it[3], NULL), 0);
    assert_int_equal(pith_spool_deliver(s, "dddddddddddddddd", "json", "{\"other\":1}\n", 12, NULL),
                     0);
    for (int i = 0; i < 4; i++)
        p[i] = &it[i];
    assert_int_equal(pith_spool_commit(s, p, 4), 0); /* duplicates are not failures */
    assert_int_equal(it[0].rc, 0);
    assert_int_equal(it[1].rc, 0);
    assert_int_equal(it[2].rc, PITH_EDUP);
    assert_int_equal(it[2].err.code, PITH_EDUP);
    assert_int_equal(it[3].rc, PITH_EDUP);
    /* The first of a batch wins; what was there stays untouched. */
    snprintf(path, sizeof path, "%s/new/bbbbbbbbbbbbbbbb.json", dir);
    read_into(path, text, sizeof text);
    assert_string_equal(text, "{\"n\":1}\n");
    snprintf(path, sizeof path, "%s/new/dddddddddddddddd.json", dir);
    read_into(path, text, sizeof text);
    assert_string_equal(text, "{\"other\":1}\n");
    snprintf(path, sizeof path, "%s/new", dir);
    assert_int_equal(count_files(path), 4);
    snprintf(path, sizeof path, "%s/tmp", dir);
    assert_int_equal(count_files(path), 0);
    /* Discarding a staged item leaves nothing behind. */
    pith_spool_item_t gone;
    assert_int_equal(pith_spool_stage(s, "eeeeeeeeeeeeeeee", "json", "{}\n", 3, &gone, NULL), 0);
    assert_int_equal(count_files(path), 1);
    pith_spool_discard(s, &gone);
    assert_int_equal(count_files(path), 0);
    pith_spool_close(s);
}

/* Runs fn(dir) in a child that cannot write through permissions: as root the
 * child becomes nobody (owning dir), since root ignores a read-only mode. fn
 * returns 0, or 1 after printing the check that failed. */
static void run_unprivileged(int (*fn)(const char *), const char *dir)
{
    char cmd[2048];
    chmod(root, 0755);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && chown -R 65534:65534 '%s'", dir, dir);
    if (geteuid() == 0)
        assert_int_equal(system(cmd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (geteuid() == 0 && (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0))
            _exit(1);
        _exit(fn(dir) ? 1 : 0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0); /* the child printed the failed check */
}

#define CHECK(c)                                                                                   \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c);                  \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

static int unwritable_deliver(const char *dir)
{
    char path[600];
    pith_spool_t *s;
    CHECK(pith_spool_open(dir, &s, NULL) == 0);
    snprintf(path, sizeof path, "%s/tmp", dir);
    chmod(path, 0555);
    pith_err_t err = {0};
    int rc = pith_spool_deliver(s, "aaaaaaaaaaaaaaaa", "txt", "x\n", 2, &err);
    chmod(path, 0755);
    CHECK(rc == PITH_EAGAIN);
    CHECK(pith_spool_deliver(s, "aaaaaaaaaaaaaaaa", "txt", "x\n", 2, &err) == 0);
    pith_spool_close(s);
    return 0;
}

static void test_unwritable_is_transient(void **state)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/spool4", root);
    run_unprivileged(unwritable_deliver, dir);
}

/* new/ read-only at commit time: every staged item is kept back as
 * transient, tmp/ is left clean, and a later commit delivers. */
static int unwritable_commit(const char *dir)
{
    char path[600], newdir[600];
    pith_spool_t *s;
    CHECK(pith_spool_open(dir, &s, NULL) == 0);
    pith_spool_item_t it[3], *p[3];
    const char *ids[] = {"1000000000000000", "2000000000000000", "3000000000000000"};
    for (int i = 0; i < 3; i++) {
        CHECK(pith_spool_stage(s, ids[i], "txt", "x\n", 2, &it[i], NULL) == 0);
        p[i] = &it[i];
    }
    snprintf(newdir, sizeof newdir, "%s/new", dir);
    chmod(newdir, 0555);
    size_t failed = pith_spool_commit(s, p, 3);
    chmod(newdir, 0755);
    CHECK(failed == 3);
    for (int i = 0; i < 3; i++) {
        CHECK(it[i].rc == PITH_EAGAIN);
        CHECK(strstr(it[i].err.reason, "new/") != NULL);
    }
    snprintf(path, sizeof path, "%s/tmp", dir);
    CHECK(count_files(path) == 0);
    CHECK(count_files(newdir) == 0);
    for (int i = 0; i < 3; i++)
        CHECK(pith_spool_stage(s, ids[i], "txt", "x\n", 2, &it[i], NULL) == 0);
    CHECK(pith_spool_commit(s, p, 3) == 0);
    CHECK(count_files(newdir) == 3);
    pith_spool_close(s);
    return 0;
}

static void test_commit_unwritable_is_transient(void **state)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/spool7", root);
    run_unprivileged(unwritable_commit, dir);
}

/* A spool that cannot be created says which folder and why, with the
 * errno in sys: a file in the way is an I/O error, a parent without write
 * permission a cause a retry may cure (PITH_ECREATE). */
static void test_open_file_in_the_way(void **state)
{
    char dir[512], want[600];
    snprintf(dir, sizeof dir, "%s/plainfile", root);
    FILE *f = fopen(dir, "w");
    assert_non_null(f);
    fclose(f);
    pith_spool_t *s = (pith_spool_t *)1;
    pith_err_t err = {0};
    assert_int_equal(pith_spool_open(dir, &s, &err), PITH_EIO);
    assert_null(s);
    assert_int_equal(err.code, PITH_EIO);
    assert_int_equal(err.sys, ENOTDIR);
    snprintf(want, sizeof want, "spool %s: cannot create: %s", dir, strerror(ENOTDIR));
    assert_string_equal(err.reason, want);
    /* Below it, mkdir fails with ENOTDIR itself. */
    snprintf(dir, sizeof dir, "%s/plainfile/spool", root);
    assert_int_equal(pith_spool_open(dir, &s, &err), PITH_EIO);
    assert_int_equal(err.sys, ENOTDIR);
    assert_non_null(strstr(err.reason, dir));
}

static int unwritable_parent(const char *dir)
{
    char parent[600], sub[700];
    snprintf(parent, sizeof parent, "%s", dir); /* made by run_unprivileged */
    CHECK(chmod(parent, 0555) == 0);
    snprintf(sub, sizeof sub, "%s/spool", parent);
    pith_spool_t *s = NULL;
    pith_err_t err = {0};
    int rc = pith_spool_open(sub, &s, &err);
    CHECK(rc == PITH_ECREATE);
    CHECK(s == NULL);
    CHECK(err.sys == EACCES);
    CHECK(strstr(err.reason, sub) != NULL);
    CHECK(strstr(err.reason, strerror(EACCES)) != NULL);
    /* tmp/ cannot be made inside an existing spool folder without write
     * permission either: the message names tmp. */
    CHECK(chmod(parent, 0755) == 0);
    CHECK(mkdir(sub, 0555) == 0);
    rc = pith_spool_open(sub, &s, &err);
    CHECK(rc == PITH_ECREATE);
    CHECK(strstr(err.reason, "/spool/tmp: cannot create") != NULL);
    return 0;
}

static void test_open_unwritable_parent(void **state)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/ro", root);
    run_unprivileged(unwritable_parent, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deliver_and_duplicate),
        cmocka_unit_test(test_batch_many),
        cmocka_unit_test(test_stale_tmp_removed),
        cmocka_unit_test(test_concurrent_same_id_delivered_once),
        cmocka_unit_test(test_unwritable_is_transient),
        cmocka_unit_test(test_batch_commit),
        cmocka_unit_test(test_batch_duplicates),
        cmocka_unit_test(test_commit_unwritable_is_transient),
        cmocka_unit_test(test_open_file_in_the_way),
        cmocka_unit_test(test_open_unwritable_parent),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
