/* The Redis session before it is up: commands and reads are refused with a
 * PITH_E* code (PITH_EAGAIN: try again once up), never -1, and their
 * callbacks are not called. No server is needed: a session that was never
 * connected is not up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "redis_session.h"

static int called;

static void never(redisAsyncContext *ac, void *reply, void *priv)
{
    called++;
}

static void close_handle(uv_handle_t *h, void *arg)
{
    if (!uv_is_closing(h))
        uv_close(h, NULL);
}

static void test_not_up(void **ctx)
{
    uv_loop_t loop;
    assert_int_equal(uv_loop_init(&loop), 0);
    pith_rsession_hooks_t hooks = {0};
    pith_rsession_t *s = NULL;
    assert_int_equal(pith_rsession_create(&loop, &hooks, NULL, NULL, &s), 0);
    assert_int_equal(pith_rsession_up(s), 0);
    const char *argv[] = {"PING"};
    assert_int_equal(pith_rsession_command(s, never, NULL, 1, argv, NULL), PITH_EAGAIN);
    assert_int_equal(pith_rsession_read(s, never, NULL, 1, argv), PITH_EAGAIN);
    assert_int_equal(pith_rsession_pending(s), 0);
    uv_walk(&loop, close_handle, NULL); /* as the daemon does before destroying */
    assert_int_equal(uv_run(&loop, UV_RUN_DEFAULT), 0);
    pith_rsession_destroy(s);
    assert_int_equal(uv_loop_close(&loop), 0);
    assert_int_equal(called, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_not_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
