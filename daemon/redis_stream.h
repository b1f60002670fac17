/* Scale-out on Redis Streams (SPEC §10): many daemons share one stream of
 * inputs through a consumer group, and documents may go to an output stream.
 *
 * pith_redis_producer plugs into the daemon like the fetcher: it reads
 * [redis] input_stream with XREADGROUP (its own pending entries first, at
 * start and after every reconnect), hands each entry to the daemon (`body`
 * through pith_daemon_submit_bytes, `url` through its own fetcher first),
 * and acknowledges an entry only once the daemon reports its document
 * durable where [daemon] deliver says. Entries pending too long on another
 * consumer are claimed (XAUTOCLAIM after claim_after); malformed entries, and
 * entries that failed max_deliveries times, go to dead_stream with a reason,
 * the XADD and the XACK in one script.
 *
 * pith_redis_deliver (the producer's deliver hook) is the daemon's way to put a document into
 * output_stream when deliver is redis or both: one server-side script adds
 * the id to a set and appends the document only when the id was new, so a
 * crash between append and acknowledgement, a claim by another daemon or a
 * redelivery never duplicates a document. The set forgets ids whose
 * documents have left the stream, once they are a day old at least
 * (redis_scripts.h).
 *
 * Everything runs on the loop thread with hiredis's asynchronous API on the
 * daemon's libuv loop. Redis being away never stops the daemon: the drop
 * folder and sources go on, the connection is retried with backoff and one
 * log line, and entries not yet acknowledged wait in Redis. */
#ifndef PITH_REDIS_STREAM_H
#define PITH_REDIS_STREAM_H

#include <stddef.h>

#include "daemon.h"

extern const pith_producer_t pith_redis_producer;

/* rc: 0 (appended), PITH_EDUP (that id was delivered before) or PITH_EAGAIN
 * (not confirmed: the connection was lost or Redis refused; try later). */
typedef pith_deliver_cb pith_redis_sent_cb;

/* Appends document doc (len bytes, copied) with its id to output_stream
 * unless that id was delivered before. ctx is the producer's context.
 * Returns 0 (cb follows exactly once) or PITH_EAGAIN when Redis is not
 * reachable now (cb is not called). */
int pith_redis_deliver(void *ctx, const char *id, const char *doc, size_t len,
                       pith_redis_sent_cb cb, void *arg);

#endif
