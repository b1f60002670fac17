/* Unit tests for error.c: reasons, the system errno beside them, names and
 * exit statuses of the codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <errno.h>
#include <sysexits.h>

#include "pith/error.h"

static void test_err_sys(void **state)
{
    (void)state;
    pith_err_t err = {0};
    char want[600];
    snprintf(want, sizeof want, "spool: cannot write tmp/x: %s", strerror(ENOSPC));
    assert_int_equal(pith_err_sys(&err, PITH_EAGAIN, ENOSPC, "spool: cannot write tmp/%s", "x"),
                     PITH_EAGAIN);
    assert_int_equal(err.code, PITH_EAGAIN);
    assert_int_equal(err.sys, ENOSPC);
    assert_string_equal(err.reason, want);
    /* A reason that is not a system error has no errno. */
    pith_err_set(&err, PITH_EINPUT, "bad %s", "input");
    assert_int_equal(err.sys, 0);
    assert_string_equal(err.reason, "bad input");
    pith_err_sys(&err, PITH_EIO, EIO, "x");
    pith_err_set_at(&err, PITH_ECONFIG, "pith.conf", 3, "bad");
    assert_int_equal(err.sys, 0);
    assert_int_equal(pith_err_sys(NULL, PITH_EIO, EIO, "x"), PITH_EIO);
    /* A long reason is cut, never overrun. */
    char longer[600];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    pith_err_sys(&err, PITH_EIO, EIO, "%s", longer);
    assert_int_equal(strlen(err.reason), sizeof err.reason - 1);
}

/* A system error about a file: the file and line, the errno, strerror. */
static void test_err_sys_at(void **state)
{
    (void)state;
    pith_err_t err = {0};
    char want[600];
    snprintf(want, sizeof want, "cannot read: %s", strerror(EACCES));
    assert_int_equal(
        pith_err_sys_at(&err, PITH_EMISSING, EACCES, "/etc/pith.conf", 0, "cannot read"),
        PITH_EMISSING);
    assert_int_equal(err.code, PITH_EMISSING);
    assert_int_equal(err.sys, EACCES);
    assert_int_equal(err.line, 0);
    assert_string_equal(err.file, "/etc/pith.conf");
    assert_string_equal(err.reason, want);
    pith_err_sys_at(&err, PITH_ECONFIG, EIO, "a.conf", 7, "line %d", 7);
    assert_int_equal(err.line, 7);
    snprintf(want, sizeof want, "line 7: %s", strerror(EIO));
    assert_string_equal(err.reason, want);
    assert_int_equal(pith_err_sys_at(NULL, PITH_EIO, EIO, "f", 1, "x"), PITH_EIO);
}

static void test_codes(void **state)
{
    (void)state;
    assert_string_equal(pith_err_name(PITH_EEXIST), "name taken");
    assert_int_equal(pith_err_exit_code(PITH_EEXIST), EX_CANTCREAT);
    assert_int_equal(pith_err_exit_code(PITH_EAGAIN), EX_IOERR);
    assert_int_equal(pith_err_exit_code(PITH_EDUP), EX_OK);
    assert_int_equal(PITH_ENOMEM, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_err_sys),
        cmocka_unit_test(test_err_sys_at),
        cmocka_unit_test(test_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
