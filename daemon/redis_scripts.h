/* The server-side scripts of the Redis stream producer (redis_stream.c),
 * apart from it so that a test can run them against a real redis-server
 * (test_redis_scripts) without a daemon.
 *
 * The set of delivered ids. An id is remembered, so a document with that id
 * is not appended again, while its document is still in the output stream
 * (not trimmed away by output_maxlen, or by a consumer's XTRIM / XDEL of the
 * oldest entries) and, whatever the trimming, for keep_ms after its append.
 * The set is a sorted set at <output_stream>:ids, each id scored by
 * the time part (ms) of its stream entry's id; every append drops the ids
 * older than both the stream's first entry and keep_ms. So the set holds the
 * ids of the documents in the stream plus those of the last keep_ms: with
 * output_maxlen set it stays bounded, with output_maxlen = 0 it grows with
 * the stream itself (an id costs a few dozen bytes, its document kilobytes).
 * A crash between append and acknowledgement, a claim or a redelivery
 * within keep_ms never duplicates a document, whatever the trimming.
 *
 * A plain set left at that key by an earlier version is turned into the
 * sorted set by the first append, in one go (its ids scored with the time
 * of the conversion, so they are kept at least keep_ms from then). */
#ifndef PITH_REDIS_SCRIPTS_H
#define PITH_REDIS_SCRIPTS_H

#include <stdint.h>

/* KEYS: output stream, ids. ARGV: id, document, maxlen (0: no MAXLEN),
 * keep_ms. Returns 1 (appended) or 0 (the id was delivered before). */
extern const char pith_redis_script_out[];

/* KEYS: input stream, dead stream. ARGV: group, entry id, consumer, reason,
 * deliveries, then field/value pairs kept from the entry. Acknowledges the
 * entry and appends it to the dead stream, only if it is still pending
 * (returns 1; 0 when another consumer settled it meanwhile). */
extern const char pith_redis_script_dead[];

/* How long an id is remembered at least (keep_ms above): a day, or longer
 * when an entry may be redelivered later than that (claim_after times
 * max_deliveries + 1). */
uint64_t pith_redis_ids_keep_ms(uint64_t claim_after_ms, unsigned max_deliveries);

#endif
