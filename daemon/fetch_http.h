/* What an HTTP response says about the next attempt: Retry-After, the
 * backoff when it says nothing, the Content-Type's charset. Pure functions
 * of a value and a clock, used by fetch.c and tested on their own. */
#ifndef PITH_FETCH_HTTP_H
#define PITH_FETCH_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "pith/error.h"

/* Parses a Retry-After value: delta-seconds or an HTTP date (relative to
 * now). Returns 0 and the wait in *out_ms (a date in the past gives 0,
 * anything above cap_ms gives cap_ms), or PITH_EINPUT when it is neither. */
int pith_fetch_retry_after(const char *value, time_t now, uint64_t cap_ms, uint64_t *out_ms);

/* The wait before retry number `attempt` (1 for the first retry): base·2^(attempt-1),
 * capped at cap_ms, with "equal jitter": half fixed, half from rnd. */
uint64_t pith_fetch_backoff(unsigned attempt, uint64_t base_ms, uint64_t cap_ms, uint32_t rnd);

/* Copies the charset parameter of a Content-Type value (unquoted,
 * lowercased) into buf: 0, or PITH_EINPUT when there is none (or it does not
 * fit). */
int pith_fetch_charset(const char *content_type, char *buf, size_t size);

#endif
