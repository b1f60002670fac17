/* The append script against a real redis-server (started by the test on a
 * unix socket in a temporary folder, like the integration tests' harness;
 * the test is skipped, saying so, when redis-server is not installed): an id
 * is appended once; the set of delivered ids forgets an id only when its
 * document has left the output stream and keep_ms has passed; a plain set
 * of an earlier version is converted and still refuses its ids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hiredis/hiredis.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "redis_scripts.h"

static char dir[256], sock[300];
static pid_t server = -1;
static redisContext *rc;

static int have_redis_server(void)
{
    return system("command -v redis-server >/dev/null 2>&1") == 0;
}

static int setup(void **state)
{
    if (!have_redis_server())
        return 0;
    snprintf(dir, sizeof dir, "/tmp/pith-test-rscripts-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(sock, sizeof sock, "%s/redis.sock", dir);
    server = fork();
    if (server < 0)
        return -1;
    if (server == 0) {
        execlp("redis-server", "redis-server", "--port", "0", "--unixsocket", sock, "--dir", dir,
               "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "redis.log",
               (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 400 && !rc; i++) {
        redisContext *c = redisConnectUnix(sock);
        if (c && !c->err)
            rc = c;
        else {
            redisFree(c);
            usleep(25000);
        }
    }
    return rc ? 0 : -1;
}

static int teardown(void **state)
{
    redisFree(rc);
    if (server > 0) {
        kill(server, SIGTERM);
        waitpid(server, NULL, 0);
    }
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return dir[0] && system(cmd) != 0 ? -1 : 0;
}

/* EVAL of the append script; the integer it returns. */
static long long append(const char *id, unsigned maxlen, unsigned long long keep_ms)
{
    char m[16], k[24];
    snprintf(m, sizeof m, "%u", maxlen);
    snprintf(k, sizeof k, "%llu", keep_ms);
    const char *argv[] = {"EVAL", pith_redis_script_out, "2", "t:docs", "t:docs:ids", id, "{}", m,
                          k};
    redisReply *r = redisCommandArgv(rc, 9, argv, NULL);
    assert_non_null(r);
    if (r->type == REDIS_REPLY_ERROR)
        fail_msg("script error: %s", r->str);
    assert_int_equal(r->type, REDIS_REPLY_INTEGER);
    long long v = r->integer;
    freeReplyObject(r);
    usleep(3000); /* the next entry gets a later millisecond */
    return v;
}

static long long integer(const char *fmt, const char *arg)
{
    redisReply *r = redisCommand(rc, fmt, arg);
    assert_non_null(r);
    long long v = r->type == REDIS_REPLY_INTEGER ? r->integer
                  : r->type == REDIS_REPLY_NIL   ? -1
                                                 : -2;
    freeReplyObject(r);
    return v;
}

static void command(const char *fmt)
{
    redisReply *r = redisCommand(rc, fmt);
    assert_non_null(r);
    assert_int_not_equal(r->type, REDIS_REPLY_ERROR);
    freeReplyObject(r);
}

static int skipped(void)
{
    if (rc)
        return 0;
    printf("SKIP: redis-server is not installed (make deps installs it)\n");
    return 1;
}

static void test_once(void **state)
{
    if (skipped())
        return;
    command("DEL t:docs t:docs:ids");
    assert_int_equal(append("aaaa", 0, 86400000), 1);
    assert_int_equal(append("aaaa", 0, 86400000), 0);
    assert_int_equal(append("bbbb", 0, 86400000), 1);
    assert_int_equal(integer("XLEN %s", "t:docs"), 2);
    assert_int_equal(integer("ZCARD %s", "t:docs:ids"), 2);
}

/* With keep_ms 0 an id lives as long as its document is in the stream: a
 * trimmed one is forgotten at the next append, and appended again. */
static void test_forgotten_after_trim(void **state)
{
    if (skipped())
        return;
    command("DEL t:docs t:docs:ids");
    assert_int_equal(append("aaaa", 0, 0), 1);
    assert_int_equal(append("bbbb", 0, 0), 1);
    command("XTRIM t:docs MAXLEN 1"); /* aaaa's document is gone */
    assert_int_equal(append("cccc", 0, 0), 1);
    assert_int_equal(integer("ZCARD %s", "t:docs:ids"), 2);
    assert_int_equal(integer("ZRANK t:docs:ids %s", "aaaa"), -1);
    assert_int_equal(append("bbbb", 0, 0), 0); /* still in the stream */
    assert_int_equal(append("aaaa", 0, 0), 1);
    /* output_maxlen bounds the set with the stream: 200 appends, MAXLEN ~ 10
     * keeps a node or so of entries, and the set no more ids than that. */
    char id[32];
    for (int i = 0; i < 200; i++) {
        snprintf(id, sizeof id, "m%04d", i);
        assert_int_equal(append(id, 10, 0), 1);
    }
    long long len = integer("XLEN %s", "t:docs");
    long long ids = integer("ZCARD %s", "t:docs:ids");
    assert_true(len < 200);
    assert_true(ids <= len);
}

/* A day of keep_ms keeps the id of a trimmed document. */
static void test_kept_for_keep_ms(void **state)
{
    if (skipped())
        return;
    command("DEL t:docs t:docs:ids");
    assert_int_equal(append("aaaa", 0, 86400000), 1);
    command("XTRIM t:docs MAXLEN 0");
    assert_int_equal(append("bbbb", 0, 86400000), 1);
    assert_int_equal(append("aaaa", 0, 86400000), 0);
}

/* The plain set of an earlier version: converted at the first append, its
 * ids still refused. */
static void test_legacy_set(void **state)
{
    if (skipped())
        return;
    command("DEL t:docs t:docs:ids");
    redisReply *r = redisCommand(rc, "SADD t:docs:ids old1 old2");
    assert_non_null(r);
    freeReplyObject(r);
    for (int i = 0; i < 2500; i++) { /* more than one slice of the conversion */
        r = redisCommand(rc, "SADD t:docs:ids x%d", i);
        freeReplyObject(r);
    }
    assert_int_equal(append("old1", 0, 0), 0);
    r = redisCommand(rc, "TYPE t:docs:ids");
    assert_non_null(r);
    assert_string_equal(r->str, "zset");
    freeReplyObject(r);
    assert_int_equal(integer("ZCARD %s", "t:docs:ids"), 2502);
    assert_int_equal(append("x2499", 0, 86400000), 0);
    assert_int_equal(append("new1", 0, 86400000), 1);
}

static void test_keep_ms(void **state)
{
    assert_int_equal(pith_redis_ids_keep_ms(60000, 5), 24ull * 3600 * 1000);
    assert_int_equal(pith_redis_ids_keep_ms(6ull * 3600 * 1000, 5), 36ull * 3600 * 1000);
    assert_int_equal(pith_redis_ids_keep_ms(UINT64_MAX / 2, 5), UINT64_MAX);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_once),
        cmocka_unit_test(test_forgotten_after_trim),
        cmocka_unit_test(test_kept_for_keep_ms),
        cmocka_unit_test(test_legacy_set),
        cmocka_unit_test(test_keep_ms),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
