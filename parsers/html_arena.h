/* A bump allocator for the life of one HTML document.
 *
 * Extraction allocates many small things (Gumbo's nodes and strings, the
 * selection's scratch) that all die together: the tree's arena when the
 * metadata has been read, the model's when the document is done. An
 * arena makes each allocation a pointer bump and the teardown one walk over
 * a short chunk list, instead of a free() per node (Gumbo's own teardown is
 * also recursive, which deep trees must not pay for). Not thread-shared: one
 * arena per document, so the core stays re-entrant. */
#ifndef PITH_HTML_ARENA_H
#define PITH_HTML_ARENA_H

#include <stddef.h>

typedef struct pith_arena pith_arena_t;

/* Blocks of this many bytes or more get memory of their own, returned to
 * the system when they are freed. */
#define PITH_ARENA_LARGE ((size_t)32 << 10)

/* limit caps the total bytes the arena may hand out (0: 1 GiB; at most
 * PTRDIFF_MAX / 2). */
pith_arena_t *pith_arena_create(size_t limit);
void pith_arena_destroy(pith_arena_t *a); /* NULL is fine */
/* 16-byte aligned memory, or NULL when out of memory or over the limit. */
void *pith_arena_alloc(pith_arena_t *a, size_t n);
/* Returns a large block to the system at once and a block of up to 64 bytes
 * to its size's free list; a no-op for other blocks (and NULL), which live
 * until the arena is destroyed. */
void pith_arena_free(pith_arena_t *a, void *p);
/* The same two for an allocator's callbacks that pass the arena as a
 * void * (Gumbo's options, the pre-pass's map): no call in between. */
void *pith_arena_alloc_cb(void *arena, size_t n);
void pith_arena_free_cb(void *arena, void *p);
/* Grows *p (of old bytes, from this arena) to n bytes: in place when it is
 * the last block handed out, else by copying into a new block and freeing
 * the old one as pith_arena_free does. NULL on failure (p still valid). */
void *pith_arena_realloc(pith_arena_t *a, void *p, size_t old, size_t n);
/* Bytes handed out so far, less those freed. */
size_t pith_arena_used(const pith_arena_t *a);

/* Arrays that grow by doubling for the whole document (the block model's
 * text, blocks and containers), outside any arena: an arena grows a block
 * by copying it, holding the old and the new at once. Once an array
 * reaches PITH_GROW_MAPPED bytes it has pages of its own, grown by
 * remapping them (mremap) and given back at once when freed, whatever
 * malloc's threshold for mapping is (freeing a page-sized buffer raises
 * it). */
#define PITH_GROW_MAPPED ((size_t)256 << 10)
/* Grows *p, an array of *cap elements of elem bytes (NULL and 0 at first),
 * to hold at least need, doubling from 256 elements. Returns 0,
 * PITH_ETOOBIG when need is over max, or PITH_ENOMEM (*p and *cap
 * unchanged). */
int pith_grow(void **p, size_t *cap, size_t need, size_t elem, size_t max);
/* Frees an array pith_grow gave, of cap elements of elem bytes. */
void pith_grow_free(void *p, size_t cap, size_t elem);

#endif
