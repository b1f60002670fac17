/* libuv failures as pith errors: libuv's words in the reason, the errno
 * behind the code in sys (none for libuv's own codes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "uvcheck.h"

static void test_err_uv(void **state)
{
    (void)state;
    pith_err_t err = {0};
    char want[300];
    snprintf(want, sizeof want, "signals: %s", uv_strerror(UV_EMFILE));
    assert_int_equal(pith_err_uv(&err, PITH_EIO, UV_EMFILE, "signals"), PITH_EIO);
    assert_int_equal(err.code, PITH_EIO);
    assert_int_equal(err.sys, EMFILE);
    assert_string_equal(err.reason, want);
    pith_err_uv(&err, PITH_EIO, UV_EOF, "read");
    assert_int_equal(err.sys, 0);
    pith_err_uv(&err, PITH_EFETCH, UV_EAI_NONAME, "resolve");
    assert_int_equal(err.sys, 0);
    assert_int_equal(pith_err_uv(NULL, PITH_EIO, UV_ENOMEM, "x"), PITH_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_err_uv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
