/* Chunked bump allocation. Chunks double in size up to 1 MiB so a small page
 * costs one or two mallocs; requests bigger than a chunk get a chunk of their
 * own. The last allocation can grow in place, which is what vectors and
 * string builders do most of the time. */
#include "html_arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CHUNK ((size_t)64 << 10)
#define MAX_CHUNK ((size_t)1 << 20)
#define ALIGN 16

typedef struct chunk {
    struct chunk *next;
    size_t size; /* usable bytes after the header */
    size_t used;
} chunk_t;

struct pith_arena {
    chunk_t *head;
    size_t next_size;
    size_t limit;
    size_t total;
    void *last; /* the most recent allocation, for in-place growth */
};

#define HDR ((sizeof(chunk_t) + ALIGN - 1) & ~(size_t)(ALIGN - 1))

pith_arena_t *pith_arena_create(size_t limit)
{
    pith_arena_t *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->next_size = FIRST_CHUNK;
    a->limit = limit ? limit : (size_t)1 << 30;
    return a;
}

void pith_arena_destroy(pith_arena_t *a)
{
    if (!a)
        return;
    chunk_t *c = a->head;
    while (c) {
        chunk_t *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

static chunk_t *new_chunk(pith_arena_t *a, size_t need)
{
    size_t size = a->next_size;
    if (size < need)
        size = need;
    chunk_t *c = malloc(HDR + size);
    if (!c)
        return NULL;
    c->size = size;
    c->used = 0;
    if (need > a->next_size && a->head) {
        /* An oversized block: keep the current chunk in front so that its
         * free space is still used by the small requests that follow. */
        c->next = a->head->next;
        a->head->next = c;
    } else {
        c->next = a->head;
        a->head = c;
        if (a->next_size < MAX_CHUNK)
            a->next_size *= 2;
    }
    return c;
}

void *pith_arena_alloc(pith_arena_t *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (n > a->limit || a->total > a->limit - n)
        return NULL;
    n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    chunk_t *c = a->head;
    if (!c || c->size - c->used < n) {
        if (!(c = new_chunk(a, n)))
            return NULL;
    }
    void *p = (char *)c + HDR + c->used;
    c->used += n;
    a->total += n;
    a->last = p;
    return p;
}

void *pith_arena_realloc(pith_arena_t *a, void *p, size_t old, size_t n)
{
    if (!p)
        return pith_arena_alloc(a, n);
    if (n <= old)
        return p;
    chunk_t *c = a->head;
    size_t olda = (old + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    size_t na = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (p == a->last && c && (char *)p + olda == (char *)c + HDR + c->used &&
        c->size - c->used >= na - olda && n <= a->limit && a->total <= a->limit - (na - olda)) {
        c->used += na - olda;
        a->total += na - olda;
        return p;
    }
    void *q = pith_arena_alloc(a, n);
    if (q)
        memcpy(q, p, old);
    return q;
}

size_t pith_arena_used(const pith_arena_t *a)
{
    return a->total;
}
