/* Unit tests for html_arena.c: alignment, the byte limit that caps one
 * document's memory, in-place growth of the last block, realloc keeping
 * the bytes, large blocks that are freed and grown at once, and small freed
 * blocks recycled by size, which is what keeps a large page's peak memory
 * near its live size (Gumbo frees a block for almost every token); and the
 * growable arrays outside the arena (pith_grow), across the size where they
 * get pages of their own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "html_arena.h"
#include "pith/error.h"

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
    char *p = pith_arena_alloc(a, 80); /* above the recycled sizes */
    memcpy(p, "0123456789abcde", 16);
    /* The last block grows in place. */
    char *q = pith_arena_realloc(a, p, 80, 120);
    assert_ptr_equal(q, p);
    assert_string_equal(q, "0123456789abcde");
    /* An earlier block moves, with its bytes. */
    char *r = pith_arena_alloc(a, 100);
    assert_non_null(r);
    char *s = pith_arena_realloc(a, q, 120, 200);
    assert_non_null(s);
    assert_ptr_not_equal(s, q);
    assert_string_equal(s, "0123456789abcde");
    assert_int_equal((uintptr_t)s % 16, 0);
    pith_arena_destroy(a);
}

static void test_small_blocks(void **state)
{
    pith_arena_t *a = pith_arena_create(0);
    assert_non_null(a);
    char *prev = NULL;
    for (int i = 0; i < 20000; i++) { /* many chunks' worth */
        size_t n = 1 + (size_t)(i * 37) % 500;
        char *p = pith_arena_alloc(a, n);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, i & 0xff, n);
        assert_true(p != prev);
        prev = p;
    }
    pith_arena_destroy(a);
    pith_arena_destroy(NULL);
}

/* A freed block of up to 64 bytes is handed out again for the next request
 * of its size; larger small blocks live until the arena goes. */
static void test_small_blocks_recycled(void **state)
{
    pith_arena_t *a = pith_arena_create(0);
    void *p = pith_arena_alloc(a, 10);
    size_t used = pith_arena_used(a);
    pith_arena_free(a, p);
    assert_int_equal(pith_arena_used(a), used - 16);
    assert_ptr_equal(pith_arena_alloc(a, 16), p);
    void *q = pith_arena_alloc(a, 40), *r = pith_arena_alloc(a, 40);
    pith_arena_free(a, q);
    pith_arena_free(a, r);
    assert_ptr_equal(pith_arena_alloc(a, 33), r); /* last freed, first reused */
    assert_ptr_equal(pith_arena_alloc(a, 48), q);
    void *big = pith_arena_alloc(a, 200);
    pith_arena_free(a, big);
    assert_ptr_not_equal(pith_arena_alloc(a, 200), big);
    /* Gumbo's pattern, a string buffer per token: live bytes stay flat. */
    used = pith_arena_used(a);
    for (int i = 0; i < 100000; i++)
        pith_arena_free(a, pith_arena_alloc(a, 1 + (size_t)i % 64));
    assert_int_equal(pith_arena_used(a), used);
    pith_arena_destroy(a);
}

static void test_growth(void **state)
{
    pith_arena_t *a = pith_arena_create(0);
    /* The last general block grows in place. */
    char *p = pith_arena_alloc(a, 100);
    memset(p, 'x', 100);
    assert_ptr_equal(pith_arena_realloc(a, p, 100, 400), p);
    /* A slab block that still fits stays; one that outgrows it moves, and
     * its old block is recycled. */
    char *s = pith_arena_alloc(a, 20);
    strcpy(s, "abc");
    assert_ptr_equal(pith_arena_realloc(a, s, 20, 32), s);
    char *t = pith_arena_realloc(a, s, 32, 50);
    assert_ptr_not_equal(t, s);
    assert_string_equal(t, "abc");
    assert_ptr_equal(pith_arena_alloc(a, 30), s);
    pith_arena_destroy(a);
}

/* Large blocks are malloc'ed alone: freed at once, grown with realloc
 * (no outgrown copy left behind), and still released by destroy. */
static void test_large_blocks(void **state)
{
    pith_arena_t *a = pith_arena_create(0);
    size_t base = pith_arena_used(a);
    char *blocks[100];
    for (int i = 0; i < 100; i++) {
        blocks[i] = pith_arena_alloc(a, PITH_ARENA_LARGE + (size_t)i);
        assert_non_null(blocks[i]);
        memset(blocks[i], i, PITH_ARENA_LARGE);
    }
    for (int i = 0; i < 100; i += 2)
        pith_arena_free(a, blocks[i]);
    for (int i = 1; i < 100; i += 2)
        assert_int_equal((unsigned char)blocks[i][PITH_ARENA_LARGE - 1], i);
    char *g = blocks[1];
    for (size_t n = PITH_ARENA_LARGE + 1; n < ((size_t)8 << 20); n *= 2) {
        g = pith_arena_realloc(a, g, n / 2 > PITH_ARENA_LARGE ? n / 2 : PITH_ARENA_LARGE + 1, n);
        assert_non_null(g);
    }
    assert_int_equal((unsigned char)g[0], 1);
    size_t live = pith_arena_used(a);
    assert_true(live < base + ((size_t)8 << 20) + 60 * (PITH_ARENA_LARGE + 100));
    pith_arena_free(a, g);
    assert_true(pith_arena_used(a) < live - ((size_t)4 << 20));
    pith_arena_free(a, NULL);
    pith_arena_destroy(a); /* the odd blocks left: ASan reports a leak if kept */
}

static void test_limit_after_free(void **state)
{
    pith_arena_t *a = pith_arena_create(1 << 20);
    assert_null(pith_arena_alloc(a, (1 << 20) + 1));
    void *p = pith_arena_alloc(a, 600 << 10);
    assert_non_null(p);
    assert_null(pith_arena_alloc(a, 600 << 10));
    pith_arena_free(a, p);
    assert_non_null(pith_arena_alloc(a, 600 << 10)); /* freed bytes count no more */
    pith_arena_destroy(a);
}

/* An array grown from nothing past PITH_GROW_MAPPED keeps its elements at
 * every step (realloc, the copy into pages of its own, mremap), doubles
 * from 256, refuses more than max, and is freed by pith_grow_free (ASan
 * and valgrind see a mapping leak or a bad free). */
static void test_grow_arrays(void **state)
{
    unsigned *v = NULL;
    size_t cap = 0, n = 0, max = (size_t)4 * PITH_GROW_MAPPED;
    assert_int_equal(pith_grow((void **)&v, &cap, 1, sizeof *v, max), 0);
    assert_int_equal(cap, 256);
    for (; n < max; n++) {
        assert_int_equal(pith_grow((void **)&v, &cap, n + 1, sizeof *v, max), 0);
        v[n] = (unsigned)n * 2654435761u;
    }
    assert_true(cap * sizeof *v >= PITH_GROW_MAPPED);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(v[i], (unsigned)i * 2654435761u);
    unsigned *keep = v;
    size_t kcap = cap;
    /* Over max is PITH_ETOOBIG, not -1 (PITH_ENOMEM: memory ran out). */
    assert_int_equal(pith_grow((void **)&v, &cap, max + 1, sizeof *v, max), PITH_ETOOBIG);
    assert_ptr_equal(v, keep);
    assert_int_equal(cap, kcap);
    pith_grow_free(v, cap, sizeof *v);
    char *small = NULL;
    size_t scap = 0;
    assert_int_equal(pith_grow((void **)&small, &scap, 300, 1, 1000), 0);
    assert_int_equal(scap, 512);
    pith_grow_free(small, scap, 1);
    pith_grow_free(NULL, 0, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alignment),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_grow),
        cmocka_unit_test(test_small_blocks),
        cmocka_unit_test(test_small_blocks_recycled),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_large_blocks),
        cmocka_unit_test(test_limit_after_free),
        cmocka_unit_test(test_grow_arrays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
