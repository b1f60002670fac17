/* A small memo for pure functions of short strings: what a class or id
 * value gives the extractor's word lists (html_shown.c, html_hints.c).
 * Pages repeat the same class values hundreds of times ("menu-item
 * menu-item-type-post_type"), and every element's are read two or three
 * times, so most lookups find the answer of an earlier one.
 *
 * The table is direct-mapped by a hash of the key and its tag (which of
 * the caller's functions it memoizes): a key evicts the one in its slot.
 * Keys are compared byte for byte, so an answer is only ever the one the
 * function gave for that very string. Each thread has its own tables (the
 * callers declare them _Thread_local); answers hold across documents, as
 * the functions depend on the string alone. */
#ifndef PITH_MEMO_H
#define PITH_MEMO_H

#include <stddef.h>
#include <stdint.h>

#define PITH_MEMO_SLOTS 4096 /* a power of two */
#define PITH_MEMO_KEY 62     /* longer keys are not memoized */

typedef struct {
    uint32_t val; /* the answer, as the caller packs it */
    uint32_t tag; /* the caller's function; 0: empty slot */
    unsigned char len;
    char key[PITH_MEMO_KEY + 1];
} pith_memo_slot_t;

typedef struct {
    pith_memo_slot_t slot[PITH_MEMO_SLOTS];
} pith_memo_t;

/* The slot for s[0..n) under tag (not 0), or NULL when s is too long to
 * memoize. *hit says whether it holds the answer; else it now holds the key
 * (evicting another) and the caller stores the answer in val. */
pith_memo_slot_t *pith_memo_find(pith_memo_t *m, uint32_t tag, const char *s, size_t n, int *hit);

#endif
