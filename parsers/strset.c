/* The one hash table (include/pith/strset.h). Linear probing keeps a probe
 * in one or two cache lines; the table stays at most half full, so runs are
 * short, and deleting shifts the rest of a run back instead of leaving
 * tombstones that would lengthen every later probe. */
#include "pith/strset.h"

#include "pith/error.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define MIN_CAP 16

/* The allocator of a set initialized without one. */
static void *heap_alloc(void *ud, size_t n)
{
    (void)ud;
    return malloc(n);
}

static void heap_dealloc(void *ud, void *p)
{
    (void)ud;
    free(p);
}

void pith_strset_init_with(pith_strset_t *s, size_t max, int copy_keys,
                           void *(*alloc)(void *ud, size_t n), void (*dealloc)(void *ud, void *p),
                           void *ud)
{
    memset(s, 0, sizeof *s);
    s->max = max;
    s->copy_keys = copy_keys;
    s->alloc = alloc ? alloc : heap_alloc;
    s->dealloc = alloc ? dealloc : heap_dealloc;
    s->ud = alloc ? ud : NULL;
}

void pith_strset_init(pith_strset_t *s, size_t max, int copy_keys)
{
    pith_strset_init_with(s, max, copy_keys, NULL, NULL, NULL);
}

/* Frees the copied keys. */
static void free_keys(pith_strset_t *s)
{
    if (s->copy_keys)
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i].key)
                s->dealloc(s->ud, (void *)(uintptr_t)s->slots[i].key);
}

void pith_strset_clear(pith_strset_t *s)
{
    free_keys(s);
    for (size_t i = 0; i < s->cap; i++)
        s->slots[i].key = NULL;
    s->n = 0;
}

void pith_strset_free(pith_strset_t *s)
{
    free_keys(s);
    s->n = 0;
    if (s->slots)
        s->dealloc(s->ud, s->slots);
    s->slots = NULL;
    s->cap = 0;
}

/* The first empty slot from hash h's home: where resize puts a key, which
 * no other key in the set equals. */
static pith_strset_slot_t *empty_slot(const pith_strset_t *s, uint64_t h)
{
    size_t m = s->cap - 1, i = (size_t)h & m;
    while (s->slots[i].key)
        i = (i + 1) & m;
    return &s->slots[i];
}

/* The slot holding the key, or the empty slot where it would go. */
static inline pith_strset_slot_t *probe(const pith_strset_t *s, const char *key, size_t len,
                                        uint64_t h)
{
    size_t m = s->cap - 1;
    for (size_t i = (size_t)h & m;; i = (i + 1) & m) {
        pith_strset_slot_t *e = &s->slots[i];
        if (!e->key || (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0))
            return e;
    }
}

pith_strset_slot_t *pith_strset_find(const pith_strset_t *s, const char *key, size_t len)
{
    if (!s->n)
        return NULL;
    if (!key)
        key = "";
    pith_strset_slot_t *e = probe(s, key, len, XXH3_64bits(key, len));
    return e->key ? e : NULL;
}

/* Moves the keys into cap slots (a power of two over twice the count). */
static int resize(pith_strset_t *s, size_t cap)
{
    if (cap > SIZE_MAX / sizeof(pith_strset_slot_t))
        return PITH_ENOMEM;
    pith_strset_slot_t *old = s->slots, *t = s->alloc(s->ud, cap * sizeof *t);
    if (!t)
        return PITH_ENOMEM;
    /* An empty slot is a NULL key; the rest of it is never read. (A memset
     * of whole slots writes four times the bytes.) */
    for (size_t i = 0; i < cap; i++)
        t[i].key = NULL;
    size_t oldcap = s->cap;
    s->slots = t;
    s->cap = cap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key)
            *empty_slot(s, old[i].hash) = old[i];
    if (old)
        s->dealloc(s->ud, old);
    return 0;
}

int pith_strset_reserve(pith_strset_t *s, size_t n)
{
    if (s->max && n > s->max)
        n = s->max;
    if (n > SIZE_MAX / 4)
        return PITH_ENOMEM;
    size_t cap = s->cap ? s->cap : MIN_CAP;
    while (n * 2 > cap)
        cap *= 2;
    return cap > s->cap ? resize(s, cap) : 0;
}

int pith_strset_add(pith_strset_t *s, const char *key, size_t len, pith_strset_slot_t **slot,
                    int *added)
{
    if (added)
        *added = 0;
    if (!key)
        key = "";
    uint64_t h = XXH3_64bits(key, len);
    pith_strset_slot_t *e = s->cap ? probe(s, key, len, h) : NULL;
    if (!e || !e->key) {
        /* A new key: past the cap, or into slots grown for it when they
         * would be over half full. */
        if (s->max && s->n >= s->max)
            return PITH_ETOOBIG;
        if ((s->n + 1) * 2 > s->cap) {
            int rc = resize(s, s->cap ? s->cap * 2 : MIN_CAP);
            if (rc)
                return rc;
            e = empty_slot(s, h);
        }
        const char *k = key;
        if (s->copy_keys) {
            char *c = s->alloc(s->ud, len + 1);
            if (!c)
                return PITH_ENOMEM;
            memcpy(c, key, len);
            c[len] = '\0';
            k = c;
        }
        e->key = k;
        e->len = len;
        e->hash = h;
        e->val = 0;
        s->n++;
        if (added)
            *added = 1;
    }
    if (slot)
        *slot = e;
    return 0;
}

void pith_strset_del(pith_strset_t *s, const char *key, size_t len)
{
    pith_strset_slot_t *e = pith_strset_find(s, key, len);
    if (!e)
        return;
    if (s->copy_keys)
        s->dealloc(s->ud, (void *)(uintptr_t)e->key);
    /* Shift back each later key of the run whose home slot is not in the
     * cyclic range (i, j]: it was placed past the hole and must not be cut
     * off from its home by it. */
    size_t m = s->cap - 1, i = (size_t)(e - s->slots);
    for (size_t j = (i + 1) & m; s->slots[j].key; j = (j + 1) & m) {
        size_t k = (size_t)s->slots[j].hash & m;
        int stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
        if (!stays) {
            s->slots[i] = s->slots[j];
            i = j;
        }
    }
    s->slots[i].key = NULL;
    s->n--;
}
