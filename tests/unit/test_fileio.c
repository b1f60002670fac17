/* Unit tests for fileio.c: inputs refused for what they are, atomic writes,
 * the no-replace rename, and the error convention of the I/O helpers (0 or
 * a negative PITH_E*, never -1, which would read as PITH_ENOMEM). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"

static char dir[64];

static int setup(void **state)
{
    snprintf(dir, sizeof dir, "/tmp/pith-fileio-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *at(const char *name)
{
    static char path[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "%s/%s", dir, name);
    return path[k];
}

static void put(const char *name, const char *text)
{
    FILE *f = fopen(at(name), "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_write_all(void **state)
{
    int p[2];
    assert_int_equal(pipe(p), 0);
    pith_err_t err = {0};
    assert_int_equal(pith_write_all(p[1], "hello", 5, &err), 0);
    char buf[8] = {0};
    assert_int_equal(read(p[0], buf, sizeof buf), 5);
    assert_string_equal(buf, "hello");
    close(p[0]);
    close(p[1]);
    /* Closed: PITH_EIO (not -1), the errno in err, not left in errno. */
    assert_int_equal(pith_write_all(p[1], "x", 1, &err), PITH_EIO);
    assert_int_equal(err.code, PITH_EIO);
    assert_int_equal(err.sys, EBADF);
    assert_non_null(strstr(err.reason, strerror(EBADF)));
    assert_int_equal(pith_write_all(p[1], "x", 1, NULL), PITH_EIO);
}

static void test_fsync_dir(void **state)
{
    pith_err_t err = {0};
    assert_int_equal(pith_fsync_dir(dir, &err), 0);
    assert_int_equal(pith_fsync_dir(at("missing"), &err), PITH_EIO);
    assert_int_equal(err.code, PITH_EIO);
    assert_non_null(strstr(err.reason, "missing"));
    assert_int_equal(err.sys, ENOENT);
    assert_int_equal(pith_fsync_dir(at("missing"), NULL), PITH_EIO);
}

static void test_rename_noreplace(void **state)
{
    put("a", "A");
    put("b", "B");
    pith_err_t err = {0};
    /* A taken name and a missing file have codes of their own. */
    assert_int_equal(pith_rename_noreplace(AT_FDCWD, at("a"), AT_FDCWD, at("b"), &err),
                     PITH_EEXIST);
    assert_int_equal(err.code, PITH_EEXIST);
    assert_int_equal(err.sys, EEXIST);
    assert_non_null(strstr(err.reason, strerror(EEXIST)));
    pith_buf_t got = {0};
    assert_int_equal(pith_file_read(AT_FDCWD, at("b"), 0, &got, &err), 0);
    assert_string_equal(got.data, "B"); /* not replaced */
    assert_int_equal(pith_rename_noreplace(AT_FDCWD, at("a"), AT_FDCWD, at("c"), NULL), 0);
    assert_int_equal(access(at("a"), F_OK), -1);
    assert_int_equal(pith_file_read(AT_FDCWD, at("c"), 0, &got, &err), 0);
    assert_string_equal(got.data, "A");
    assert_int_equal(pith_rename_noreplace(AT_FDCWD, at("gone"), AT_FDCWD, at("d"), &err),
                     PITH_EMISSING);
    assert_int_equal(err.sys, ENOENT);
    /* Anything else is PITH_EIO: a folder onto its own subfolder. */
    assert_int_equal(mkdir(at("sub"), 0700), 0);
    assert_int_equal(pith_rename_noreplace(AT_FDCWD, at("sub"), AT_FDCWD, at("sub/x"), &err),
                     PITH_EIO);
    assert_true(err.sys != 0 && err.sys != EEXIST && err.sys != ENOENT);
    rmdir(at("sub"));
    pith_buf_free(&got);
}

static void test_write_atomic(void **state)
{
    pith_err_t err = {0};
    for (int durable = 0; durable < 2; durable++) {
        assert_int_equal(pith_file_write_atomic(at("out.txt"), "one\n", 4, durable, &err), 0);
        assert_int_equal(pith_file_write_atomic(at("out.txt"), "two\n", 4, durable, &err), 0);
    }
    pith_buf_t got = {0};
    assert_int_equal(pith_file_read(AT_FDCWD, at("out.txt"), 0, &got, &err), 0);
    assert_string_equal(got.data, "two\n");
    pith_buf_free(&got);
    /* No temporary file is left behind. */
    DIR *d = opendir(dir);
    struct dirent *e;
    while ((e = readdir(d)))
        assert_null(strstr(e->d_name, ".tmp"));
    closedir(d);
    assert_int_equal(pith_file_write_atomic(at("no/such/dir/x"), "x", 1, 1, &err), PITH_ECREATE);
    assert_int_equal(err.sys, ENOENT);
}

static void test_read_refuses(void **state)
{
    pith_buf_t got = {0};
    pith_err_t err = {0};
    put("big", "0123456789");
    assert_int_equal(pith_file_read(AT_FDCWD, at("big"), 5, &got, &err), PITH_ETOOBIG);
    assert_int_equal(symlink(at("big"), at("link")), 0);
    assert_int_equal(pith_file_read(AT_FDCWD, at("link"), 0, &got, &err), PITH_EMISSING);
    assert_non_null(strstr(err.reason, "symbolic link"));
    assert_int_equal(err.sys, ELOOP); /* the errno behind our words */
    assert_int_equal(mkfifo(at("fifo"), 0600), 0);
    assert_int_equal(pith_file_read(AT_FDCWD, at("fifo"), 0, &got, &err), PITH_EMISSING);
    assert_non_null(strstr(err.reason, "FIFO"));
    assert_int_equal(pith_file_read(AT_FDCWD, dir, 0, &got, &err), PITH_EMISSING);
    assert_int_equal(pith_file_read(AT_FDCWD, at("nothing"), 0, &got, &err), PITH_EMISSING);
    assert_string_equal(err.reason, "no such file");
    assert_int_equal(err.sys, ENOENT);
    pith_buf_free(&got);
}

/* The drop folder's move into .done/ or .failed/: the folder created, a
 * taken name counted on, a long name shortened, and the convention: a gone
 * input is PITH_EMISSING and a failure PITH_EIO, each with the reason (it
 * was -1 with errno). */
static void test_move_aside(void **state)
{
    char out[4096];
    pith_err_t err = {0};
    assert_int_equal(mkdir(at("drop"), 0700), 0);
    int dfd = open(at("drop"), O_RDONLY | O_DIRECTORY);
    assert_true(dfd >= 0);
    put("drop/a.txt", "1");
    assert_int_equal(pith_file_move_aside(dfd, "a.txt", ".done", out, sizeof out, &err), 0);
    assert_string_equal(out, ".done/a.txt");
    put("drop/a.txt", "2");
    assert_int_equal(pith_file_move_aside(dfd, "a.txt", ".done", out, sizeof out, &err), 0);
    assert_string_equal(out, ".done/a.txt.1");
    assert_int_equal(access(at("drop/.done/a.txt"), F_OK), 0);

    char name[256];
    memset(name, 'x', 245); /* 250 with ".html": fits NAME_MAX, not the counter */
    strcpy(name + 245, ".html");
    int fd = openat(dfd, name, O_WRONLY | O_CREAT, 0600);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(pith_file_move_aside(dfd, name, ".done", out, sizeof out, &err), 0);
    assert_true(strlen(out) - strlen(".done/") <= 255 - 4 - 6);
    assert_non_null(strstr(out, "~"));
    assert_string_equal(out + strlen(out) - 5, ".html");

    assert_int_equal(pith_file_move_aside(dfd, "gone", ".done", out, sizeof out, &err),
                     PITH_EMISSING);
    assert_int_equal(err.code, PITH_EMISSING);
    assert_non_null(strstr(err.reason, "gone"));
    put("drop/.failed", "a file where the folder goes");
    put("drop/b.txt", "3");
    assert_int_equal(pith_file_move_aside(dfd, "b.txt", ".failed", out, sizeof out, &err),
                     PITH_EIO);
    assert_non_null(strstr(err.reason, ".failed"));
    assert_int_equal(pith_file_move_aside(dfd, "b.txt", ".done", out, 8, NULL), PITH_EIO);
    assert_int_equal(access(at("drop/b.txt"), F_OK), 0); /* still there */
    close(dfd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_all),        cmocka_unit_test(test_fsync_dir),
        cmocka_unit_test(test_rename_noreplace), cmocka_unit_test(test_write_atomic),
        cmocka_unit_test(test_read_refuses),     cmocka_unit_test(test_move_aside),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
