/* The memo of short strings (memo.c): a key finds its answer again, only
 * under its own tag and only for the very same bytes; a key of another
 * length or one byte apart misses; keys too long are not memoized. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "memo.h"

static void test_memo_finds_answers(void **state)
{
    (void)state;
    pith_memo_t *m = calloc(1, sizeof *m);
    assert_non_null(m);
    int hit;
    pith_memo_slot_t *e = pith_memo_find(m, 1, "menu-item", 9, &hit);
    assert_non_null(e);
    assert_false(hit);
    e->val = 42;
    e = pith_memo_find(m, 1, "menu-item", 9, &hit);
    assert_true(hit);
    assert_int_equal(e->val, 42);
    /* Another tag, a prefix, one byte apart: not the same key. */
    assert_false((pith_memo_find(m, 2, "menu-item", 9, &hit), hit));
    assert_false((pith_memo_find(m, 1, "menu-ite", 8, &hit), hit));
    assert_false((pith_memo_find(m, 1, "menu-itex", 9, &hit), hit));
    /* The empty value is a key like any other. */
    e = pith_memo_find(m, 1, "", 0, &hit);
    assert_false(hit);
    e->val = 7;
    assert_int_equal(pith_memo_find(m, 1, "", 0, &hit)->val, 7);
    assert_true(hit);
    /* Too long to memoize. */
    char big[PITH_MEMO_KEY + 2];
    memset(big, 'a', sizeof big);
    assert_null(pith_memo_find(m, 1, big, sizeof big, &hit));
    assert_false(hit);
    assert_non_null(pith_memo_find(m, 1, big, PITH_MEMO_KEY, &hit));
    free(m);
}

/* Many keys: each answer found is the one stored for that key (slots are
 * shared, so some are evicted and miss, never answer for another). */
static void test_memo_never_mixes_keys(void **state)
{
    (void)state;
    pith_memo_t *m = calloc(1, sizeof *m);
    assert_non_null(m);
    char key[16];
    for (int round = 0; round < 2; round++)
        for (uint32_t i = 0; i < 4 * PITH_MEMO_SLOTS; i++) {
            int n = snprintf(key, sizeof key, "c%u", i), hit;
            pith_memo_slot_t *e = pith_memo_find(m, 1 + (i & 1), key, (size_t)n, &hit);
            assert_non_null(e);
            if (hit)
                assert_int_equal(e->val, i);
            else
                e->val = i;
        }
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memo_finds_answers),
        cmocka_unit_test(test_memo_never_mixes_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
