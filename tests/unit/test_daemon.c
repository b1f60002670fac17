/* The daemon without a process: pith_daemon_create on temporary folders,
 * a file dropped, the loop run until the document is in new/, the input
 * gone, destroy; and the start-up failures create reports instead of an
 * exit status (a producer refusing its configuration, a missing drop
 * folder). No timing is asserted: the loop runs until the spool shows the
 * document, and ctest's timeout bounds a daemon that never delivers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "daemon.h"
#include "daemon_int.h"

static char root[256];

static int setup(void **state)
{
    snprintf(root, sizeof root, "/tmp/pith-test-daemon-XXXXXX");
    assert_non_null(mkdtemp(root));
    return 0;
}

static int teardown(void **state)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

static void path_of(char *out, size_t size, const char *rel)
{
    snprintf(out, size, "%s/%s", root, rel);
}

static void write_file(const char *rel, const char *text)
{
    char p[512];
    path_of(p, sizeof p, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* Folders and a configuration like the integration harness's; with_drop 0
 * leaves the drop folder out. */
static pith_config_t *make_config(int with_drop)
{
    char p[512];
    const char *dirs[] = {"drop", "spool", "state"};
    for (int i = with_drop ? 0 : 1; i < 3; i++) {
        path_of(p, sizeof p, dirs[i]);
        assert_int_equal(mkdir(p, 0755), 0);
    }
    write_file("pith.conf", "[daemon]\ndrop_dir = drop\nspool_dir = spool\nstate_dir = state\n"
                            "workers = 2\nrescan_interval = 60s\nstop_timeout = 20s\n");
    path_of(p, sizeof p, "pith.conf");
    pith_config_t *cfg = NULL;
    /* Without CHECK_DIRS, so that a missing drop folder is create's to find. */
    assert_int_equal(pith_config_load(p, 0, &cfg, NULL), 0);
    return cfg;
}

/* Entries of a folder under root that are not hidden. */
static int count_files(const char *rel)
{
    char p[512];
    path_of(p, sizeof p, rel);
    DIR *dir = opendir(p);
    if (!dir)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dir)))
        if (e->d_name[0] != '.')
            n++;
    closedir(dir);
    return n;
}

static const char article[] =
    "Harbour town votes to keep its ferry\n\n"
    "The council of the small harbour town decided on Tuesday evening to keep the ferry "
    "to the island running through the winter, after a long debate about its cost and about "
    "the families who depend on it to reach school, work and the doctor on the mainland.\n\n"
    "The ferry has crossed the strait every morning and every evening for more than forty "
    "years. Its engine was replaced last spring, and the operator says the boat can serve "
    "for another decade if the harbour wall is repaired before the storms of the coming "
    "season.\n\n"
    "Several residents spoke in favour of the service, and the mayor promised that the "
    "timetable would be published next week, together with the new fares for visitors and "
    "the reduced fares for people who live on the island all year round.\n";

typedef struct watch {
    uv_timer_t timer;
    pith_daemon_t *d;
    int delivered;
} watch_t;

/* Polls new/ on the daemon's own loop; once the document is there, asks for
 * a stop, which lets pith_daemon_run return after the commit settled. */
static void watch_cb(uv_timer_t *t)
{
    watch_t *w = t->data;
    if (count_files("spool/new") > 0) {
        w->delivered = 1;
        uv_timer_stop(t);
        pith_daemon_stop(w->d);
    }
}

static void test_drop_file_delivered(void **state)
{
    pith_config_t *cfg = make_config(1);
    pith_daemon_t *d = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_daemon_create(cfg, NULL, &d, &err), 0);
    assert_non_null(d);
    write_file("drop/ferry.txt", article);

    watch_t w = {.d = d};
    assert_int_equal(uv_timer_init(pith_daemon_loop(d), &w.timer), 0);
    w.timer.data = &w;
    assert_int_equal(uv_timer_start(&w.timer, watch_cb, 10, 10), 0);
    assert_int_equal(pith_daemon_run(d), 0);
    pith_daemon_destroy(d);

    assert_int_equal(w.delivered, 1);
    assert_int_equal(count_files("spool/new"), 1);
    assert_int_equal(count_files("drop"), 0); /* the input goes once delivered */
}

static int refuse_start(pith_daemon_t *d, void **ctx, pith_err_t *err)
{
    return pith_err_set(err, PITH_EINPUT, "refused");
}

static int destroyed;
static void count_destroy(void *ctx)
{
    destroyed++;
}

static void test_producer_refuses(void **state)
{
    static const pith_producer_t refusing = {
        .name = "refusing", .start = refuse_start, .destroy = count_destroy};
    const pith_producer_t *producers[] = {&refusing, NULL};
    pith_config_t *cfg = make_config(1);
    pith_daemon_t *d = NULL;
    pith_err_t err = {0};
    destroyed = 0;
    assert_int_equal(pith_daemon_create(cfg, producers, &d, &err), PITH_ECONFIG);
    assert_null(d);
    assert_string_equal(err.reason, "refusing: refused");
    assert_int_equal(destroyed, 1);
}

static void test_drop_missing(void **state)
{
    pith_config_t *cfg = make_config(0);
    pith_daemon_t *d = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_daemon_create(cfg, NULL, &d, &err), PITH_EMISSING);
    assert_null(d);
}

/* The pending FIFO: a name already known is not queued twice, a full FIFO
 * answers PITH_EAGAIN without marking the name known (so the rescan that
 * follows finds it again), and a freed slot takes it. */
static void test_enqueue_bounded(void **state)
{
    pith_config_t *cfg = make_config(1);
    pith_daemon_t *d = NULL;
    pith_err_t err = {0};
    assert_int_equal(pith_daemon_create(cfg, NULL, &d, &err), 0);
    size_t base = d->pn;
    assert_int_equal(daemon_enqueue(d, "first.txt"), 0);
    assert_int_equal(daemon_enqueue(d, "first.txt"), 0);
    assert_int_equal(d->pn, base + 1);
    char name[32];
    for (size_t i = d->pn; i < PENDING_MAX; i++) {
        snprintf(name, sizeof name, "n%zu.txt", i);
        assert_int_equal(daemon_enqueue(d, name), 0);
    }
    assert_int_equal(d->pn, PENDING_MAX);
    assert_int_equal(daemon_enqueue(d, "late.txt"), PITH_EAGAIN);
    assert_int_equal(d->pn, PENDING_MAX);
    /* Take the oldest name as the job feeder does; the late name now fits. */
    char *taken = d->pending[d->phead];
    d->phead = (d->phead + 1) % PENDING_MAX;
    d->pn--;
    assert_int_equal(daemon_enqueue(d, "late.txt"), 0);
    assert_int_equal(d->pn, PENDING_MAX);
    assert_string_equal(d->pending[(d->phead + d->pn - 1) % PENDING_MAX], "late.txt");
    free(taken);
    pith_daemon_destroy(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_drop_file_delivered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_producer_refuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drop_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enqueue_bounded, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
