/* The spool: complete files only in new/, duplicates refused, stale tmp/
 * files removed at open, unwritable spools reported as transient. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

static void test_unwritable_is_transient(void **state)
{
    if (geteuid() == 0)
        skip(); /* root writes through permissions; the daemon tests cover this */
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/spool4", root);
    pith_spool_t *s;
    assert_int_equal(pith_spool_open(dir, &s, NULL), 0);
    snprintf(path, sizeof path, "%s/tmp", dir);
    chmod(path, 0555);
    pith_err_t err = {0};
    assert_int_equal(pith_spool_deliver(s, "aaaaaaaaaaaaaaaa", "txt", "x\n", 2, &err), PITH_EAGAIN);
    chmod(path, 0755);
    assert_int_equal(pith_spool_deliver(s, "aaaaaaaaaaaaaaaa", "txt", "x\n", 2, &err), 0);
    pith_spool_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deliver_and_duplicate),
        cmocka_unit_test(test_stale_tmp_removed),
        cmocka_unit_test(test_concurrent_same_id_delivered_once),
        cmocka_unit_test(test_unwritable_is_transient),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
