/* Unit tests for html_arena.c: alignment, the byte limit that caps one
 * document's memory, in-place growth of the last block, and realloc keeping
 * the bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "html_arena.h"

static void test_alignment(void **state)
{
    pith_arena_t *a = pith_arena_create(0);
    assert_non_null(a);
    for (size_t n = 1; n < 100; n += 7) {
        char *p = pith_arena_alloc(a, n);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, 0xab, n);
    }
    /* A block bigger than any chunk still comes back. */
    char *big = pith_arena_alloc(a, 5u << 20);
    assert_non_null(big);
    memset(big, 1, 5u << 20);
    assert_true(pith_arena_used(a) >= (5u << 20));
    pith_arena_destroy(a);
    pith_arena_destroy(NULL);
}

static void test_limit(void **state)
{
    pith_arena_t *a = pith_arena_create(4096);
    assert_non_null(a);
    assert_non_null(pith_arena_alloc(a, 1000));
    assert_non_null(pith_arena_alloc(a, 1000));
    assert_null(pith_arena_alloc(a, 4096)); /* over the cap: refused */
    assert_true(pith_arena_used(a) <= 4096);
    assert_null(pith_arena_alloc(a, SIZE_MAX - 8)); /* no wrap-around */
    pith_arena_destroy(a);
}

static void test_grow(void **state)
{
    pith_arena_t *a = pith_arena_create(0);
    char *p = pith_arena_alloc(a, 16);
    memcpy(p, "0123456789abcde", 16);
    /* The last block grows in place. */
    char *q = pith_arena_realloc(a, p, 16, 64);
    assert_ptr_equal(q, p);
    assert_string_equal(q, "0123456789abcde");
    /* An earlier block moves, with its bytes. */
    char *r = pith_arena_alloc(a, 8);
    assert_non_null(r);
    char *s = pith_arena_realloc(a, q, 64, 200);
    assert_non_null(s);
    assert_ptr_not_equal(s, q);
    assert_string_equal(s, "0123456789abcde");
    assert_int_equal((uintptr_t)s % 16, 0);
    pith_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alignment),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_grow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
