/* The one first-in first-out queue of the daemon: intrusive (an element is
 * linked through a pointer field of its own, so queueing never allocates
 * and cannot fail), with a head, a tail for O(1) appends and a count.
 *
 * The daemon queues work in several places (inputs submitted by producers,
 * documents staged for a commit, feed operations waiting for the fetch
 * window); each used to write the tail append by hand, and a forgotten
 * "tail = NULL" when the last element leaves is the kind of slip that
 * only shows under load. The macros are typed by the element (no casts,
 * no container_of) and an element may sit in different queues over its life
 * through the same field, one at a time. A zeroed queue is empty.
 *
 * Arguments are evaluated more than once: pass plain lvalues. */
#ifndef PITH_QUEUE_H
#define PITH_QUEUE_H

#include <stddef.h>

/* A queue of `type` (a struct type with a `type *` link field). */
#define PITH_QUEUE(type)                                                                           \
    struct {                                                                                       \
        type *head, *tail;                                                                         \
        size_t n;                                                                                  \
    }

#define PITH_QUEUE_EMPTY(q) ((q)->head == NULL)

/* Appends elm, linked through elm->field. */
#define PITH_QUEUE_PUSH(q, elm, field)                                                             \
    do {                                                                                           \
        (elm)->field = NULL;                                                                       \
        if ((q)->tail)                                                                             \
            (q)->tail->field = (elm);                                                              \
        else                                                                                       \
            (q)->head = (elm);                                                                     \
        (q)->tail = (elm);                                                                         \
        (q)->n++;                                                                                  \
    } while (0)

/* Takes the first element off into out (its link cleared), or sets out to
 * NULL when the queue is empty. */
#define PITH_QUEUE_POP(q, out, field)                                                              \
    do {                                                                                           \
        (out) = (q)->head;                                                                         \
        if (out) {                                                                                 \
            (q)->head = (out)->field;                                                              \
            if (!(q)->head)                                                                        \
                (q)->tail = NULL;                                                                  \
            (q)->n--;                                                                              \
            (out)->field = NULL;                                                                   \
        }                                                                                          \
    } while (0)

#endif
