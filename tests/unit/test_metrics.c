/* Unit tests for metrics.c: the exposition text Prometheus scrapes (one
 * HELP/TYPE header per name, series of a name together, cumulative
 * histogram buckets) and updates through handles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "metrics.h"

static void test_counter_gauge_text(void **state)
{
    pith_metrics_t *m = pith_metrics_create();
    assert_non_null(m);
    pith_metric_t *ok = pith_metrics_counter(m, "pith_docs_total", "Documents.", "result=\"ok\"");
    pith_metric_t *q = pith_metrics_gauge(m, "pith_queue", "Queued files.", NULL);
    pith_metric_t *bad = pith_metrics_counter(m, "pith_docs_total", "Documents.", "result=\"bad\"");
    pith_metric_add(ok, 2);
    pith_metric_add(ok, 1);
    pith_metric_add(bad, 1);
    pith_metric_set(q, 7);
    pith_metric_set(q, 4);
    assert_true(pith_metric_value(ok) == 3);
    assert_true(pith_metric_value(q) == 4);
    pith_buf_t out = {0};
    assert_int_equal(pith_metrics_render(m, &out), 0);
    /* The second series of pith_docs_total sits under the first's header,
     * before pith_queue, although it was registered after it. */
    assert_string_equal(out.data, "# HELP pith_docs_total Documents.\n"
                                  "# TYPE pith_docs_total counter\n"
                                  "pith_docs_total{result=\"ok\"} 3\n"
                                  "pith_docs_total{result=\"bad\"} 1\n"
                                  "# HELP pith_queue Queued files.\n"
                                  "# TYPE pith_queue gauge\n"
                                  "pith_queue 4\n");
    /* Rendering again replaces the text instead of appending. */
    assert_int_equal(pith_metrics_render(m, &out), 0);
    assert_non_null(strstr(out.data, "pith_queue 4\n"));
    assert_null(strstr(strstr(out.data, "pith_queue 4\n") + 1, "pith_queue 4\n"));
    pith_buf_free(&out);
    pith_metrics_destroy(m);
}

static void test_histogram_buckets(void **state)
{
    pith_metrics_t *m = pith_metrics_create();
    const double bounds[] = {0.01, 0.1, 1};
    pith_metric_t *h = pith_metrics_histogram(m, "pith_seconds", "Time.", bounds, 3);
    assert_non_null(h);
    pith_metric_observe(h, 0.005);
    pith_metric_observe(h, 0.1); /* on a bound: counts in that bucket (le) */
    pith_metric_observe(h, 0.5);
    pith_metric_observe(h, 30);
    pith_buf_t out = {0};
    assert_int_equal(pith_metrics_render(m, &out), 0);
    assert_string_equal(out.data, "# HELP pith_seconds Time.\n"
                                  "# TYPE pith_seconds histogram\n"
                                  "pith_seconds_bucket{le=\"0.01\"} 1\n"
                                  "pith_seconds_bucket{le=\"0.1\"} 2\n"
                                  "pith_seconds_bucket{le=\"1\"} 3\n"
                                  "pith_seconds_bucket{le=\"+Inf\"} 4\n"
                                  "pith_seconds_sum 30.605\n"
                                  "pith_seconds_count 4\n");
    pith_buf_free(&out);
    pith_metrics_destroy(m);
}

/* A NULL handle (registration out of memory) is a no-op, not a crash. */
static void test_null_handles(void **state)
{
    pith_metric_add(NULL, 1);
    pith_metric_set(NULL, 1);
    pith_metric_observe(NULL, 1);
    assert_true(pith_metric_value(NULL) == 0);
    assert_null(pith_metrics_counter(NULL, "x", "y", NULL));
    pith_metrics_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter_gauge_text),
        cmocka_unit_test(test_histogram_buckets),
        cmocka_unit_test(test_null_handles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
