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

void pith_strset_init(pith_strset_t *s, size_t max, int copy_keys)
{
    memset(s, 0, sizeof *s);
    s->max = max;
    s->copy_keys = copy_keys;
}

/* Frees the copied keys. */
static void free_keys(pith_strset_t *s)
{
    if (s->copy_keys)
        for (size_t i = 0; i < s->cap; i++)
            free((void *)(uintptr_t)s->slots[i].key);
}

void pith_strset_clear(pith_strset_t *s)
{
    free_keys(s);
    if (s->cap)
        memset(s->slots, 0, s->cap * sizeof *s->slots);
    s->n = 0;
}

void pith_strset_free(pith_strset_t *s)
{
    free_keys(s);
    s->n = 0;
    free(s->slots);
    s->slots = NULL;
    s->cap = 0;
}

/* The slot holding the key, or the empty slot where it would go. */
static pith_strset_slot_t *probe(const pith_strset_t *s, const char *key, size_t len, uint64_t h)
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
    pith_strset_slot_t *old = s->slots, *t = calloc(cap, sizeof *t);
    if (!t)
        return PITH_ENOMEM;
    size_t oldcap = s->cap;
    s->slots = t;
    s->cap = cap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key)
            *probe(s, old[i].key, old[i].len, old[i].hash) = old[i];
    free(old);
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
    pith_strset_slot_t *e = NULL;
    if ((s->n + 1) * 2 > s->cap) {
        /* Full enough to grow for a new key: is it one? */
        if (s->n)
            e = probe(s, key, len, h);
        if (!e || !e->key) {
            if (s->max && s->n >= s->max)
                return PITH_ETOOBIG;
            int rc = resize(s, s->cap ? s->cap * 2 : MIN_CAP);
            if (rc)
                return rc;
            e = NULL;
        }
    }
    if (!e)
        e = probe(s, key, len, h);
    if (!e->key) {
        if (s->max && s->n >= s->max)
            return PITH_ETOOBIG;
        const char *k = key;
        if (s->copy_keys) {
            char *c = malloc(len + 1);
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
        free((void *)(uintptr_t)e->key);
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
