/* Unit tests for queue.h: first in, first out; the count and the tail stay
 * right when the last element leaves and the queue is used again; one
 * element moves from one queue to another through the same link. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "queue.h"

typedef struct item {
    int v;
    struct item *next;
} item_t;

static void test_fifo_and_empty(void **state)
{
    (void)state;
    PITH_QUEUE(item_t) q;
    memset(&q, 0, sizeof q); /* a zeroed queue is empty */
    item_t it[5], *out = &it[0];
    assert_true(PITH_QUEUE_EMPTY(&q));
    PITH_QUEUE_POP(&q, out, next);
    assert_null(out);
    for (int i = 0; i < 5; i++) {
        it[i].v = i;
        it[i].next = &it[0]; /* stale links are overwritten */
        PITH_QUEUE_PUSH(&q, &it[i], next);
        assert_int_equal(q.n, (size_t)i + 1);
    }
    for (int i = 0; i < 5; i++) {
        PITH_QUEUE_POP(&q, out, next);
        assert_ptr_equal(out, &it[i]);
        assert_null(out->next);
        assert_int_equal(q.n, (size_t)(4 - i));
    }
    assert_true(PITH_QUEUE_EMPTY(&q));
    assert_null(q.tail);
    /* Used again after the last element left: the tail was reset, so the
     * new head is not lost behind a stale tail. */
    PITH_QUEUE_PUSH(&q, &it[3], next);
    PITH_QUEUE_PUSH(&q, &it[1], next);
    PITH_QUEUE_POP(&q, out, next);
    assert_ptr_equal(out, &it[3]);
    PITH_QUEUE_PUSH(&q, &it[4], next);
    PITH_QUEUE_POP(&q, out, next);
    assert_ptr_equal(out, &it[1]);
    PITH_QUEUE_POP(&q, out, next);
    assert_ptr_equal(out, &it[4]);
    assert_true(PITH_QUEUE_EMPTY(&q));
    assert_int_equal(q.n, 0);
}

static void test_move_between_queues(void **state)
{
    (void)state;
    PITH_QUEUE(item_t) a = {0}, b = {0};
    item_t it[3] = {{0, NULL}, {1, NULL}, {2, NULL}}, *out;
    for (int i = 0; i < 3; i++)
        PITH_QUEUE_PUSH(&a, &it[i], next);
    /* Like a job going from "submitted" to "staged": one link, one queue at
     * a time. */
    while (!PITH_QUEUE_EMPTY(&a)) {
        PITH_QUEUE_POP(&a, out, next);
        PITH_QUEUE_PUSH(&b, out, next);
    }
    assert_int_equal(a.n, 0);
    assert_int_equal(b.n, 3);
    int want = 0;
    for (item_t *p = b.head; p; p = p->next)
        assert_int_equal(p->v, want++);
    assert_int_equal(want, 3);
    assert_ptr_equal(b.tail, &it[2]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifo_and_empty),
        cmocka_unit_test(test_move_between_queues),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
