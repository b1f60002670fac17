/* Unit tests for strset.c: adds, finds and deletes agree with a plain model
 * over thousands of random operations (deleting shifts runs back, across
 * the end of the slot array too); keys are borrowed or copied; the cap
 * refuses an add and changes nothing; values stay with their keys through
 * growth; with the caller's allocator every block comes from it and goes
 * back to it, and a failed allocation changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pith/error.h"
#include "pith/strset.h"

static void test_add_find_del(void **state)
{
    (void)state;
    pith_strset_t s;
    pith_strset_init(&s, 0, 0);
    assert_null(pith_strset_find(&s, "a", 1));
    pith_strset_slot_t *e;
    int added;
    assert_int_equal(pith_strset_add(&s, "alpha", 5, &e, &added), 0);
    assert_int_equal(added, 1);
    assert_int_equal(e->val, 0);
    e->val = 7;
    assert_int_equal(pith_strset_add(&s, "alpha", 5, &e, &added), 0);
    assert_int_equal(added, 0);
    assert_int_equal(e->val, 7);
    /* A prefix and the empty key are other keys. */
    assert_null(pith_strset_find(&s, "alph", 4));
    assert_int_equal(pith_strset_add(&s, "", 0, NULL, &added), 0);
    assert_int_equal(added, 1);
    assert_non_null(pith_strset_find(&s, "x", 0));
    assert_int_equal(s.n, 2);
    pith_strset_del(&s, "alpha", 5);
    pith_strset_del(&s, "alpha", 5); /* absent: nothing */
    assert_null(pith_strset_find(&s, "alpha", 5));
    assert_int_equal(s.n, 1);
    pith_strset_free(&s);
    assert_int_equal(s.n, 0);
    assert_null(pith_strset_find(&s, "", 0));
}

static void test_copy_keys_and_cap(void **state)
{
    (void)state;
    pith_strset_t s;
    pith_strset_init(&s, 3, 1);
    char buf[16];
    for (int i = 0; i < 3; i++) {
        snprintf(buf, sizeof buf, "name-%d", i);
        assert_int_equal(pith_strset_add(&s, buf, strlen(buf), NULL, NULL), 0);
    }
    /* The caller's buffer changed; the set holds its own copies. */
    memset(buf, 'x', sizeof buf);
    pith_strset_slot_t *e = pith_strset_find(&s, "name-1", 6);
    assert_non_null(e);
    assert_string_equal(e->key, "name-1"); /* copies are NUL-terminated */
    int added = 1;
    assert_int_equal(pith_strset_add(&s, "name-3", 6, NULL, &added), PITH_ETOOBIG);
    assert_int_equal(added, 0);
    assert_null(pith_strset_find(&s, "name-3", 6));
    assert_int_equal(s.n, 3);
    /* An existing key is found even at the cap. */
    assert_int_equal(pith_strset_add(&s, "name-2", 6, NULL, &added), 0);
    assert_int_equal(added, 0);
    pith_strset_clear(&s);
    assert_int_equal(s.n, 0);
    assert_int_equal(pith_strset_add(&s, "name-3", 6, NULL, &added), 0);
    assert_int_equal(added, 1);
    pith_strset_free(&s);
}

/* After a reserve for n keys, adding them never moves the slots. */
static void test_reserve(void **state)
{
    (void)state;
    pith_strset_t s;
    pith_strset_init(&s, 0, 0);
    static char names[100][8];
    assert_int_equal(pith_strset_reserve(&s, 100), 0);
    size_t cap = s.cap;
    assert_true(cap >= 200);
    for (int i = 0; i < 100; i++) {
        snprintf(names[i], sizeof names[i], "n%d", i);
        assert_int_equal(pith_strset_add(&s, names[i], strlen(names[i]), NULL, NULL), 0);
    }
    assert_int_equal(s.cap, cap);
    assert_int_equal(pith_strset_reserve(&s, 10), 0); /* never shrinks */
    assert_int_equal(s.cap, cap);
    for (int i = 0; i < 100; i++)
        assert_non_null(pith_strset_find(&s, names[i], strlen(names[i])));
    pith_strset_free(&s);
}

/* A counting allocator: the blocks out, the bytes out, and a budget of
 * allocations after which it fails. */
typedef struct {
    size_t blocks, bytes, calls, fail_after;
} counter_t;

static void *count_alloc(void *ud, size_t n)
{
    counter_t *c = ud;
    if (c->calls++ >= c->fail_after)
        return NULL;
    size_t *p = malloc(sizeof(size_t) + n);
    if (!p)
        return NULL;
    *p = n;
    c->blocks++;
    c->bytes += n;
    return p + 1;
}

static void count_dealloc(void *ud, void *q)
{
    counter_t *c = ud;
    assert_non_null(q); /* the set never gives back NULL */
    size_t *p = (size_t *)q - 1;
    assert_true(c->blocks > 0);
    c->blocks--;
    c->bytes -= *p;
    free(p);
}

/* Slots and copied keys come from the caller's allocator and every block
 * goes back to it: through growth, deletes, clear and free. */
static void test_allocator(void **state)
{
    (void)state;
    counter_t c = {.fail_after = SIZE_MAX};
    pith_strset_t s;
    pith_strset_init_with(&s, 0, 1, count_alloc, count_dealloc, &c);
    assert_int_equal(c.calls, 0); /* nothing before the first add */
    char buf[16];
    for (int i = 0; i < 500; i++) {
        snprintf(buf, sizeof buf, "key-%d", i);
        assert_int_equal(pith_strset_add(&s, buf, strlen(buf), NULL, NULL), 0);
    }
    /* The slots and one copy a key, nothing else. */
    assert_int_equal(c.blocks, 1 + 500);
    /* "key-0".."key-499" and their NULs: 10 of 6 bytes, 90 of 7, 400 of 8. */
    assert_int_equal(c.bytes, s.cap * sizeof(pith_strset_slot_t) + 10 * 6 + 90 * 7 + 400 * 8);
    for (int i = 0; i < 500; i += 2) {
        snprintf(buf, sizeof buf, "key-%d", i);
        pith_strset_del(&s, buf, strlen(buf));
    }
    assert_int_equal(c.blocks, 1 + 250);
    assert_non_null(pith_strset_find(&s, "key-499", 7));
    pith_strset_clear(&s);
    assert_int_equal(c.blocks, 1); /* the slots stay */
    assert_int_equal(pith_strset_add(&s, "again", 5, NULL, NULL), 0);
    pith_strset_free(&s);
    assert_int_equal(c.blocks, 0);
    assert_int_equal(c.bytes, 0);

    /* Borrowed keys: only the slots come from the allocator. */
    pith_strset_init_with(&s, 0, 0, count_alloc, count_dealloc, &c);
    assert_int_equal(pith_strset_add(&s, "borrowed", 8, NULL, NULL), 0);
    assert_int_equal(c.blocks, 1);
    pith_strset_free(&s);
    assert_int_equal(c.blocks, 0);

    /* Out of memory while growing, then while copying a key: PITH_ENOMEM,
     * the set as it was, nothing kept. */
    pith_strset_init_with(&s, 0, 1, count_alloc, count_dealloc, &c);
    c.calls = 0;
    c.fail_after = 0;
    int added = 1;
    assert_int_equal(pith_strset_add(&s, "a", 1, NULL, &added), PITH_ENOMEM);
    assert_int_equal(added, 0);
    assert_int_equal(s.n, 0);
    c.calls = 0;
    c.fail_after = 1; /* the slots, not the copy */
    assert_int_equal(pith_strset_add(&s, "a", 1, NULL, &added), PITH_ENOMEM);
    assert_int_equal(s.n, 0);
    assert_null(pith_strset_find(&s, "a", 1));
    c.fail_after = SIZE_MAX;
    assert_int_equal(pith_strset_add(&s, "a", 1, NULL, &added), 0);
    assert_int_equal(added, 1);
    pith_strset_free(&s);
    assert_int_equal(c.blocks, 0);
    assert_int_equal(c.bytes, 0);

    /* No allocator: malloc and free (ASan's leak check sees the rest). */
    pith_strset_init_with(&s, 0, 1, NULL, NULL, &c);
    c.calls = 0;
    assert_int_equal(pith_strset_add(&s, "heap", 4, NULL, NULL), 0);
    assert_int_equal(c.calls, 0);
    pith_strset_free(&s);
}

static uint32_t next_rand(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

/* Random adds and deletes over a few hundred keys against an array of
 * flags and values; every key is looked up after each hundred steps. */
static void test_random_against_model(void **state)
{
    (void)state;
    enum { KEYS = 300, STEPS = 40000 };
    static char names[KEYS][12];
    static int in[KEYS];
    static uintptr_t val[KEYS];
    for (int i = 0; i < KEYS; i++)
        snprintf(names[i], sizeof names[i], "k%d", i * 7919);
    pith_strset_t s;
    pith_strset_init(&s, 0, 0);
    uint32_t r = 12345;
    for (int step = 0; step < STEPS; step++) {
        /* Phases that mostly add and mostly delete, so the set grows,
         * shrinks to a few keys and grows again. */
        int adding = (step / 3000) % 2 == 0;
        uint32_t k = next_rand(&r) % KEYS;
        if ((next_rand(&r) % 4 != 0) == adding) {
            pith_strset_slot_t *e;
            int added;
            assert_int_equal(pith_strset_add(&s, names[k], strlen(names[k]), &e, &added), 0);
            assert_int_equal(added, !in[k]);
            if (added) {
                e->val = (uintptr_t)step + 1;
                val[k] = e->val;
                in[k] = 1;
            }
            assert_int_equal(e->val, val[k]);
        } else {
            pith_strset_del(&s, names[k], strlen(names[k]));
            in[k] = 0;
        }
        if (step % 100 == 0) {
            size_t n = 0;
            for (int i = 0; i < KEYS; i++) {
                pith_strset_slot_t *e = pith_strset_find(&s, names[i], strlen(names[i]));
                assert_int_equal(e != NULL, in[i]);
                if (e)
                    assert_int_equal(e->val, val[i]);
                n += (size_t)in[i];
            }
            assert_int_equal(s.n, n);
        }
    }
    pith_strset_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_find_del),
        cmocka_unit_test(test_copy_keys_and_cap),
        cmocka_unit_test(test_reserve),
        cmocka_unit_test(test_allocator),
        cmocka_unit_test(test_random_against_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
