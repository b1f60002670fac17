/* The memo's lookup: one hash, one slot, one compare. */
#include "memo.h"

#include <string.h>

/* The hash inline: keys are short (a class value) and the lookup runs for
 * most elements of a page, so a call into the library costs as much as
 * the hashing. */
#define XXH_INLINE_ALL
#include <xxhash.h>

pith_memo_slot_t *pith_memo_find(pith_memo_t *m, uint32_t tag, const char *s, size_t n, int *hit)
{
    *hit = 0;
    if (n > PITH_MEMO_KEY)
        return NULL;
    XXH64_hash_t h = XXH3_64bits_withSeed(s, n, tag);
    pith_memo_slot_t *e = &m->slot[h & (PITH_MEMO_SLOTS - 1)];
    if (e->tag == tag && e->len == n && memcmp(e->key, s, n) == 0) {
        *hit = 1;
        return e;
    }
    e->tag = tag;
    e->len = (unsigned char)n;
    memcpy(e->key, s, n);
    e->val = 0;
    return e;
}
