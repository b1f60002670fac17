/* The state store: ids, validators and seen items survive a reopen; the
 * "already there" answers are PITH_EDUP; concurrent writers do not corrupt
 * it; bad keys are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "state.h"

static char dir[256];

static int setup(void **ctx)
{
    snprintf(dir, sizeof dir, "/tmp/pith-test-state-XXXXXX");
    assert_non_null(mkdtemp(dir));
    return 0;
}

static int teardown(void **ctx)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Whether id is recorded, through the out-parameter (the call itself must
 * succeed: 0, not a 1/0 mixed with the PITH_E* codes). */
static int has(pith_state_t *st, const char *id)
{
    int found = -1;
    assert_int_equal(pith_state_has_id(st, id, &found), 0);
    return found;
}

static int seen(pith_state_t *st, const char *feed, const char *item)
{
    int found = -1;
    assert_int_equal(pith_state_seen(st, feed, item, &found), 0);
    return found;
}

static void test_ids_persist(void **ctx)
{
    pith_state_t *st = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_state_open(dir, &st, &err), 0);
    assert_int_equal(has(st, "9f2c4e1a7b3d5e60"), 0);
    assert_int_equal(pith_state_add_id(st, "9f2c4e1a7b3d5e60", "a.txt", &err), 0);
    assert_int_equal(pith_state_add_id(st, "9f2c4e1a7b3d5e60", "b.txt", &err), PITH_EDUP);
    assert_int_equal(has(st, "9f2c4e1a7b3d5e60"), 1);
    pith_state_close(st);

    assert_int_equal(pith_state_open(dir, &st, &err), 0);
    assert_int_equal(has(st, "9f2c4e1a7b3d5e60"), 1);
    assert_int_equal(has(st, "0000000000000000"), 0);
    pith_state_close(st);
}

static void test_ids_batch(void **ctx)
{
    pith_state_t *st = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_state_open(dir, &st, &err), 0);
    assert_int_equal(pith_state_add_id(st, "2222222222222222", "old.txt", &err), 0);
    /* One already there, one twice in the batch, a NULL source. */
    const char *ids[] = {"1111111111111111", "2222222222222222", "3333333333333333",
                         "1111111111111111"};
    const char *sources[] = {"a.txt", "b.txt", NULL, "c.txt"};
    assert_int_equal(pith_state_add_ids(st, ids, sources, 4, &err), 0);
    assert_int_equal(pith_state_add_ids(st, ids, NULL, 0, &err), 0);
    /* A bad id is reported, the good ones of its batch still recorded. */
    const char *mixed[] = {"4444444444444444", ""};
    assert_int_equal(pith_state_add_ids(st, mixed, NULL, 2, &err), PITH_EINPUT);
    pith_state_close(st);

    assert_int_equal(pith_state_open(dir, &st, &err), 0);
    assert_int_equal(has(st, "1111111111111111"), 1);
    assert_int_equal(has(st, "2222222222222222"), 1);
    assert_int_equal(has(st, "3333333333333333"), 1);
    assert_int_equal(has(st, "4444444444444444"), 1);
    assert_int_equal(has(st, "5555555555555555"), 0);
    assert_int_equal(pith_state_add_id(st, "3333333333333333", NULL, &err), PITH_EDUP);
    pith_state_close(st);
}

static void test_validators(void **ctx)
{
    pith_state_t *st = NULL;
    pith_err_t err = {0};
    pith_validators_t v = {0};
    int found = -1;
    assert_int_equal(pith_state_open(dir, &st, &err), 0);
    assert_int_equal(pith_state_get_validators(st, "https://example.org/a", &v, &found, &err), 0);
    assert_int_equal(found, 0);
    assert_null(v.etag);
    pith_validators_t in = {.etag = "\"abc\"", .last_modified = NULL, .fetched_at = 1700000000};
    strcpy(in.body_id, "0123456789abcdef");
    assert_int_equal(pith_state_put_validators(st, "https://example.org/a", &in, &err), 0);
    pith_state_close(st);

    assert_int_equal(pith_state_open(dir, &st, &err), 0);
    assert_int_equal(pith_state_get_validators(st, "https://example.org/a", &v, &found, &err), 0);
    assert_int_equal(found, 1);
    assert_string_equal(v.etag, "\"abc\"");
    assert_null(v.last_modified);
    assert_string_equal(v.body_id, "0123456789abcdef");
    assert_int_equal(v.fetched_at, 1700000000);
    pith_validators_free(&v);

    in.etag = NULL;
    in.last_modified = "Wed, 21 Oct 2015 07:28:00 GMT";
    in.body_id[0] = '\0';
    assert_int_equal(pith_state_put_validators(st, "https://example.org/a", &in, &err), 0);
    assert_int_equal(pith_state_get_validators(st, "https://example.org/a", &v, &found, &err), 0);
    assert_int_equal(found, 1);
    assert_null(v.etag);
    assert_string_equal(v.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
    assert_string_equal(v.body_id, "");
    pith_validators_free(&v);
    pith_validators_free(NULL);
    pith_state_close(st);
}

static void test_seen(void **ctx)
{
    pith_state_t *st = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_state_open(NULL, &st, &err), 0); /* in memory */
    assert_int_equal(seen(st, "news https://x/rss", "guid-1"), 0);
    assert_int_equal(pith_state_mark(st, "news https://x/rss", "guid-1", &err), 0);
    assert_int_equal(pith_state_mark(st, "news https://x/rss", "guid-1", &err), PITH_EDUP);
    assert_int_equal(seen(st, "news https://x/rss", "guid-1"), 1);
    /* the same item key under another feed is a different item */
    assert_int_equal(seen(st, "other https://y/rss", "guid-1"), 0);
    pith_state_close(st);
}

static void test_bad_keys(void **ctx)
{
    pith_state_t *st = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_state_open(NULL, &st, &err), 0);
    int found = 1;
    assert_int_equal(pith_state_has_id(st, "", &found), PITH_EINPUT);
    assert_int_equal(found, 0);
    char *big = malloc(10000);
    memset(big, 'a', 9999);
    big[9999] = '\0';
    found = 1;
    assert_int_equal(pith_state_seen(st, big, "x", &found), PITH_EINPUT);
    assert_int_equal(found, 0);
    assert_int_equal(pith_state_add_id(st, big, NULL, &err), PITH_EINPUT);
    free(big);
    pith_state_close(st);
    pith_state_close(NULL);
}

static void test_not_a_database(void **ctx)
{
    char path[300];
    snprintf(path, sizeof path, "%s/pith.db", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < 200; i++)
        fputs("this is not an sqlite database at all\n", f);
    fclose(f);
    pith_state_t *st = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_state_open(dir, &st, &err), PITH_EIO);
    assert_null(st);
    assert_true(err.reason[0] != '\0');
    unlink(path);
}

/* A corrupt file is the one error the daemon recovers from by itself: set
 * aside (with its write-ahead log, which must not be replayed into the new
 * file), a fresh state opens, and the old bytes are kept for the operator. */
static void test_set_aside(void **ctx)
{
    char path[300], wal[320];
    snprintf(path, sizeof path, "%s/pith.db", dir);
    snprintf(wal, sizeof wal, "%s/pith.db-wal", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("SQLite format 3", f); /* the magic, then garbage */
    fputc(0, f);
    for (int i = 0; i < 4096; i++)
        fputc(i * 7 & 0xff, f);
    fclose(f);
    f = fopen(wal, "w");
    assert_non_null(f);
    fputs("an old write-ahead log\n", f);
    fclose(f);
    pith_state_t *st = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_state_open(dir, &st, &err), PITH_EIO);
    char aside[512];
    assert_int_equal(pith_state_set_aside(dir, aside, sizeof aside, &err), 0);
    assert_non_null(strstr(aside, "/pith.db.corrupt-"));
    assert_int_equal(access(aside, F_OK), 0);
    /* SQLite may have dropped the log it could not use; if not, it went
     * with the file. Either way none is left for the new one. */
    assert_true(access(wal, F_OK) != 0);
    assert_int_equal(pith_state_open(dir, &st, &err), 0);
    assert_int_equal(pith_state_add_id(st, "9f2c4e1a7b3d5e60", "a.txt", &err), 0);
    pith_state_close(st);
    /* Twice in one second: a second name, the first one kept. */
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("garbage again\n", f);
    fclose(f);
    char second[512];
    assert_int_equal(pith_state_set_aside(dir, second, sizeof second, &err), 0);
    assert_string_not_equal(aside, second);
    assert_int_equal(access(aside, F_OK), 0);
    assert_int_equal(access(second, F_OK), 0);
}

static pith_state_t *shared;

static void *writer(void *arg)
{
    char id[32];
    for (int i = 0; i < 300; i++) {
        snprintf(id, sizeof id, "%016x", i);
        int rc = pith_state_add_id(shared, id, NULL, NULL);
        if (rc != 0 && rc != PITH_EDUP)
            return (void *)1;
    }
    return NULL;
}

static void test_threads(void **ctx)
{
    pith_err_t err = {0};
    assert_int_equal(pith_state_open(dir, &shared, &err), 0);
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, writer, NULL);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        assert_null(r);
    }
    assert_int_equal(has(shared, "000000000000012b"), 1);
    assert_int_equal(has(shared, "000000000000012c"), 0);
    pith_state_close(shared);
}

/* A database that cannot be opened: SQLite's words in the reason, the
 * errno of the system call under it in sys. */
static void test_open_error_sys(void **ctx)
{
    char db[400];
    snprintf(db, sizeof db, "%s/pith.db", dir);
    assert_int_equal(mkdir(db, 0755), 0); /* a folder where the file goes */
    pith_state_t *st = NULL;
    pith_err_t err = {0};
    int rc = pith_state_open(dir, &st, &err);
    assert_int_not_equal(rc, 0);
    assert_null(st);
    assert_non_null(strstr(err.reason, db));
    assert_int_equal(err.sys, EISDIR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_ids_persist, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ids_batch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validators, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_database, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_aside, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_error_sys, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
