/* Redis addresses and password files: what `pith push` and the daemon's
 * stream producer connect to, and what they refuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "redis_conn.h"

static void test_addr(void **ctx)
{
    pith_redis_addr_t a;
    pith_err_t err = {0};
    assert_int_equal(pith_redis_addr_parse("redis://127.0.0.1:6380/3", &a, &err), 0);
    assert_string_equal(a.host, "127.0.0.1");
    assert_int_equal(a.port, 6380);
    assert_int_equal(a.db, 3);
    assert_null(a.path);
    pith_redis_addr_clear(&a);
    assert_int_equal(pith_redis_addr_parse("redis://cache.internal", &a, &err), 0);
    assert_string_equal(a.host, "cache.internal");
    assert_int_equal(a.port, 6379);
    assert_int_equal(a.db, 0);
    pith_redis_addr_clear(&a);
    assert_int_equal(pith_redis_addr_parse("unix:///run/redis/redis.sock?db=1", &a, &err), 0);
    assert_string_equal(a.path, "/run/redis/redis.sock");
    assert_int_equal(a.db, 1);
    assert_null(a.host);
    pith_redis_addr_clear(&a);

    const char *bad[] = {"http://127.0.0.1/",    "redis://",
                         "redis://:6379",        "redis://h:0",
                         "redis://h:65536",      "redis://h:12x",
                         "redis://h/x",          "unix://relative",
                         "unix:///s?database=1", NULL};
    for (int i = 0; bad[i]; i++) {
        assert_int_equal(pith_redis_addr_parse(bad[i], &a, &err), PITH_ECONFIG);
        assert_null(a.host);
        assert_null(a.path);
    }
    assert_int_equal(pith_redis_addr_parse("redis://u:secret@h:6379/0", &a, &err), PITH_ECONFIG);
    assert_non_null(strstr(err.reason, "password_file"));
}

static void test_password(void **ctx)
{
    char path[] = "/tmp/pith-test-redis-pw-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "s3cret pass\nsecond line\n", 24), 24);
    close(fd);
    char *pw = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_redis_password_read(path, &pw, &err), 0);
    assert_string_equal(pw, "s3cret pass");
    free(pw);
    assert_int_equal(pith_redis_password_read(NULL, &pw, &err), 0);
    assert_null(pw);
    fd = open(path, O_WRONLY | O_TRUNC);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "\n", 1), 1);
    close(fd);
    assert_int_equal(pith_redis_password_read(path, &pw, &err), PITH_ECONFIG);
    assert_null(pw);
    unlink(path);
    assert_int_equal(pith_redis_password_read(path, &pw, &err), PITH_EMISSING);
    assert_non_null(strstr(err.reason, path));
    char want[200];
    snprintf(want, sizeof want, "password_file %s: no such file", path);
    assert_string_equal(err.reason, want);
    assert_int_equal(err.sys, ENOENT); /* the errno survives the new reason */
    /* A folder: not a regular file, no errno behind that. */
    assert_int_equal(pith_redis_password_read("/", &pw, &err), PITH_EMISSING);
    assert_string_equal(err.reason, "password_file /: is a directory, not a regular file");
    assert_int_equal(err.sys, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_addr),
        cmocka_unit_test(test_password),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
