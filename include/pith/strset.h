/* A set of byte strings, each with one value of the caller's: pith's one hash
 * table.
 *
 * Open addressing with linear probing over XXH3 hashes, a power-of-two slot
 * array that doubles when half full, and deletion by shifting the following
 * run back (no tombstones, so a set that sees many adds and deletes, like
 * the daemon's names in flight, never slows down). The set keeps each key's
 * hash, so probes compare lengths and hashes before bytes.
 *
 * Keys are borrowed by default: they must stay valid and unchanged while in
 * the set, which is what an arena or an array the set indexes gives for
 * free. With copy_keys the set copies each key on add and frees it on
 * delete. The count is capped (max): an add past it fails with PITH_ETOOBIG
 * and changes nothing. A zeroed set is not usable: call pith_strset_init.
 * Slot pointers stay valid until the next add or delete.
 *
 * Memory comes from malloc and free, or from the caller's allocator
 * (pith_strset_init_with): the slots and the copied keys of a set built
 * while a page is parsed come from the page's arena, as Gumbo's nodes do. */
#ifndef PITH_STRSET_H
#define PITH_STRSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct pith_strset_slot {
    const char *key; /* NULL: empty slot */
    size_t len;
    uint64_t hash;
    uintptr_t val; /* the caller's; 0 when the key was added */
} pith_strset_slot_t;

typedef struct pith_strset {
    pith_strset_slot_t *slots;
    size_t cap; /* slots: 0 or a power of two */
    size_t n;   /* keys in the set */
    size_t max; /* cap on n */
    int copy_keys;
    void *(*alloc)(void *ud, size_t n);
    void (*dealloc)(void *ud, void *p);
    void *ud;
} pith_strset_t;

/* An empty set of at most max keys (0: no cap but memory). Allocates
 * nothing until the first add. */
void pith_strset_init(pith_strset_t *s, size_t max, int copy_keys);
/* pith_strset_init with the set's memory from alloc(ud, n) (NULL when
 * out of memory) and back to dealloc(ud, p), the shape of Gumbo's
 * allocator; alloc NULL: malloc and free. */
void pith_strset_init_with(pith_strset_t *s, size_t max, int copy_keys,
                           void *(*alloc)(void *ud, size_t n), void (*dealloc)(void *ud, void *p),
                           void *ud);
/* Frees the slots (and the copied keys); s is empty and usable again. */
void pith_strset_free(pith_strset_t *s);
/* Removes every key, keeping the slots. */
void pith_strset_clear(pith_strset_t *s);

/* Makes room for n keys in all (past the cap: up to it), so that adding
 * them does not grow the slots step by step. Returns 0 or PITH_ENOMEM. */
int pith_strset_reserve(pith_strset_t *s, size_t n);
/* The slot of key[0..len), or NULL when absent. */
pith_strset_slot_t *pith_strset_find(const pith_strset_t *s, const char *key, size_t len);
/* Adds key[0..len) if absent. *slot (may be NULL) receives its slot, new
 * (val 0) or the existing one; *added (may be NULL) is 1 for a new key.
 * Returns 0, PITH_ENOMEM or PITH_ETOOBIG (set unchanged). */
int pith_strset_add(pith_strset_t *s, const char *key, size_t len, pith_strset_slot_t **slot,
                    int *added);
/* Removes key[0..len); nothing when absent. */
void pith_strset_del(pith_strset_t *s, const char *key, size_t len);

#endif
