/* Chunked bump allocation in 64 KiB chunks aligned to their size, so that
 * the chunk a block lives in is found by masking the block's address: no
 * block needs a header of its own. The last allocation can grow in place,
 * which is what vectors and string builders do most of the time.
 *
 * Gumbo frees small blocks all the time (a string buffer per token, a vector
 * each time one grows): on a 16 MB page, 680,000 frees of 8 MB, most of
 * them 16 bytes or less. Blocks of up to SLAB_MAX bytes therefore come from
 * chunks that each hold one size (16, 32, 48 or 64 bytes), and a freed one
 * goes on its size's free list for the next request.
 *
 * Requests of PITH_ARENA_LARGE bytes or more get a chunk of their own (its
 * header first, aligned the same way), freed at once when the block is:
 * a large page's big vectors and buffers (Gumbo's children lists and text
 * buffers, the block model, the prescan's copy) grow by doubling, and in a
 * pure bump arena every outgrown copy stayed until the end, doubling the
 * peak. Other small blocks are never freed alone. */
#include "html_arena.h"

#include "pith/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define CHUNK ((size_t)64 << 10) /* size and alignment of every chunk */
#define ALIGN 16
#define SLAB_MAX 64                   /* blocks of up to this many bytes are recycled */
#define NCLASS (SLAB_MAX / ALIGN + 1) /* class 0: the general chunks */
#define LARGE_CLS ((size_t)-1)

_Static_assert(PITH_ARENA_LARGE <= CHUNK / 2, "a small block must fit in a chunk");

typedef struct chunk {
    struct chunk *next, *prev; /* prev: large chunks only, for unlinking */
    size_t used;               /* bytes handed out after the header */
    size_t cls; /* 0: blocks of any size; LARGE_CLS: one large block; else blocks of cls * ALIGN */
} chunk_t;

struct pith_arena {
    chunk_t *chunks;        /* the small chunks, for destroy */
    chunk_t *large;         /* the large ones, doubly linked */
    chunk_t *cur[NCLASS];   /* the chunk each class carves from */
    void *freelist[NCLASS]; /* freed slab blocks, linked through their first word */
    size_t limit;
    /* limit less the bytes handed out (the total): a request is checked
     * before it is rounded up, so this may fall below 0, by less than
     * ALIGN. One compare then checks a request against the limit. */
    ptrdiff_t room;
    void *last; /* the most recent general allocation, for in-place growth */
};

#define HDR ((sizeof(chunk_t) + ALIGN - 1) & ~(size_t)(ALIGN - 1))
#define CAP (CHUNK - HDR)

pith_arena_t *pith_arena_create(size_t limit)
{
    pith_arena_t *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->limit = limit ? limit : (size_t)1 << 30;
    if (a->limit > PTRDIFF_MAX / 2)
        a->limit = PTRDIFF_MAX / 2; /* room holds it */
    a->room = (ptrdiff_t)a->limit;
    return a;
}

static void free_list(chunk_t *c)
{
    while (c) {
        chunk_t *next = c->next;
        free(c);
        c = next;
    }
}

void pith_arena_destroy(pith_arena_t *a)
{
    if (!a)
        return;
    free_list(a->chunks);
    free_list(a->large);
    free(a);
}

static chunk_t *chunk_of(const void *p)
{
    return (chunk_t *)((uintptr_t)p & ~(uintptr_t)(CHUNK - 1));
}

/* ---- large blocks ------------------------------------------------------- */

static void *alloc_large(pith_arena_t *a, size_t n)
{
    if (n > SIZE_MAX - HDR - CHUNK)
        return NULL;
    size_t size = (HDR + n + CHUNK - 1) & ~(CHUNK - 1); /* aligned_alloc wants a multiple */
    chunk_t *c = aligned_alloc(CHUNK, size);
    if (!c)
        return NULL;
    c->cls = LARGE_CLS;
    c->used = n;
    c->prev = NULL;
    c->next = a->large;
    if (a->large)
        a->large->prev = c;
    a->large = c;
    a->room -= (ptrdiff_t)n;
    return (char *)c + HDR;
}

static void free_large(pith_arena_t *a, chunk_t *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else
        a->large = c->next;
    if (c->next)
        c->next->prev = c->prev;
    a->room += (ptrdiff_t)c->used;
    free(c);
}

/* ---- small blocks ------------------------------------------------------- */

static chunk_t *new_chunk(pith_arena_t *a, size_t cls)
{
    chunk_t *c = aligned_alloc(CHUNK, CHUNK);
    if (!c)
        return NULL;
    c->used = 0;
    c->cls = cls;
    c->prev = NULL;
    c->next = a->chunks;
    a->chunks = c;
    a->cur[cls] = c;
    return c;
}

/* n is rounded to ALIGN; cls 0 for the general chunks. */
static void *alloc_small(pith_arena_t *a, size_t n, size_t cls)
{
    if (cls && a->freelist[cls]) {
        void *p = a->freelist[cls];
        memcpy(&a->freelist[cls], p, sizeof(void *));
        return p;
    }
    chunk_t *c = a->cur[cls];
    if (!c || CAP - c->used < n) {
        if (!(c = new_chunk(a, cls)))
            return NULL;
    }
    void *p = (char *)c + HDR + c->used;
    c->used += n;
    return p;
}

/* Everything but a slab block from a chunk with room or a free list: the
 * general and large blocks, a new chunk, the out-of-limit NULL. Kept out of
 * line so that the common path in pith_arena_alloc needs no frame. */
__attribute__((noinline)) static void *alloc_slow(pith_arena_t *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (n > a->limit || (ptrdiff_t)n > a->room)
        return NULL;
    if (n >= PITH_ARENA_LARGE)
        return alloc_large(a, n);
    n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    size_t cls = n <= SLAB_MAX ? n / ALIGN : 0;
    void *p = alloc_small(a, n, cls);
    if (!p)
        return NULL;
    a->room -= (ptrdiff_t)n;
    if (!cls)
        a->last = p;
    return p;
}

/* Most requests are Gumbo's small ones (500,000 on 60 pages): a slab block
 * from its class's free list or current chunk, or a general block from the
 * current general chunk (100,000), the same block alloc_slow would give, in
 * a few instructions. */
static inline void *arena_alloc(pith_arena_t *a, size_t n)
{
    if (n - 1 < SLAB_MAX && (ptrdiff_t)n <= a->room) { /* n in 1..SLAB_MAX */
        size_t cls = (n + ALIGN - 1) / ALIGN, size = cls * ALIGN;
        void *p = a->freelist[cls];
        if (p) {
            memcpy(&a->freelist[cls], p, sizeof(void *));
        } else {
            chunk_t *c = a->cur[cls];
            if (!c || CAP - c->used < size)
                return alloc_slow(a, n);
            p = (char *)c + HDR + c->used;
            c->used += size;
        }
        a->room -= (ptrdiff_t)size;
        return p;
    }
    if (n < PITH_ARENA_LARGE && (ptrdiff_t)n <= a->room) { /* a general block */
        size_t size = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
        chunk_t *c = a->cur[0];
        if (n && c && CAP - c->used >= size) {
            void *p = (char *)c + HDR + c->used;
            c->used += size;
            a->room -= (ptrdiff_t)size;
            a->last = p;
            return p;
        }
    }
    return alloc_slow(a, n);
}

void *pith_arena_alloc(pith_arena_t *a, size_t n)
{
    return arena_alloc(a, n);
}

void *pith_arena_alloc_cb(void *a, size_t n)
{
    return arena_alloc(a, n);
}

static inline void arena_free(pith_arena_t *a, void *p)
{
    if (!p)
        return;
    chunk_t *c = chunk_of(p);
    if (c->cls == LARGE_CLS) {
        free_large(a, c);
    } else if (c->cls) {
        memcpy(p, &a->freelist[c->cls], sizeof(void *));
        a->freelist[c->cls] = p;
        a->room += (ptrdiff_t)(c->cls * ALIGN);
    }
    /* else a general block: it goes with the arena */
}

void pith_arena_free(pith_arena_t *a, void *p)
{
    arena_free(a, p);
}

void pith_arena_free_cb(void *a, void *p)
{
    arena_free(a, p);
}

void *pith_arena_realloc(pith_arena_t *a, void *p, size_t old, size_t n)
{
    if (!p)
        return pith_arena_alloc(a, n);
    if (n <= old)
        return p;
    chunk_t *c = chunk_of(p);
    size_t olda = (old + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    size_t na = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (c->cls && c->cls != LARGE_CLS && na <= c->cls * ALIGN)
        return p; /* still fits its slab block */
    size_t total = pith_arena_used(a);
    if (n < PITH_ARENA_LARGE && !c->cls && p == a->last && c == a->cur[0] &&
        (char *)p + olda == (char *)c + HDR + c->used && CAP - c->used >= na - olda &&
        n <= a->limit && total <= a->limit - (na - olda)) {
        c->used += na - olda;
        a->room -= (ptrdiff_t)(na - olda);
        return p;
    }
    void *q = pith_arena_alloc(a, n);
    if (q) {
        memcpy(q, p, old);
        pith_arena_free(a, p);
    }
    return q;
}

size_t pith_arena_used(const pith_arena_t *a)
{
    return a->limit - (size_t)a->room; /* room below 0 wraps: still the total */
}

/* ---- growable arrays ----------------------------------------------------- */

int pith_grow(void **p, size_t *cap, size_t need, size_t elem, size_t max)
{
    if (need <= *cap)
        return 0;
    if (need > max || max > SIZE_MAX / 2 / elem)
        return PITH_ETOOBIG;
    size_t ncap = *cap ? *cap * 2 : 256;
    while (ncap < need)
        ncap *= 2;
    size_t old = *cap * elem, n = ncap * elem;
    void *q;
    if (n < PITH_GROW_MAPPED) {
        q = realloc(*p, n);
    } else if (old >= PITH_GROW_MAPPED) {
        q = mremap(*p, old, n, MREMAP_MAYMOVE);
        q = q == MAP_FAILED ? NULL : q;
    } else {
        q = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        q = q == MAP_FAILED ? NULL : q;
        if (q) {
            if (old)
                memcpy(q, *p, old);
            free(*p);
        }
    }
    if (!q)
        return PITH_ENOMEM;
    *p = q;
    *cap = ncap;
    return 0;
}

void pith_grow_free(void *p, size_t cap, size_t elem)
{
    if (p && cap * elem >= PITH_GROW_MAPPED)
        munmap(p, cap * elem);
    else
        free(p);
}
