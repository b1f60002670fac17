/* The syntax of configuration values: reading sizes, durations, booleans
 * and plain numbers, and writing sizes and durations back as an operator
 * would. Each parser returns 0, or PITH_ECONFIG with *out untouched. */
#ifndef PITH_CONFIG_VALUE_H
#define PITH_CONFIG_VALUE_H

#include <stddef.h>
#include <stdint.h>

/* "16M", "512K", "1.5K", "100" → bytes (K, M, G are powers of 1024). */
int pith_parse_size(const char *s, size_t *out);
/* "250ms", "1.5s", "15m", "2h", "30" (seconds) → milliseconds. */
int pith_parse_duration(const char *s, uint64_t *out_ms);
/* yes/true/on/1 and no/false/off/0, any case. */
int pith_parse_bool(const char *s, int *out);
/* Decimal digits only, no sign, no overflow. */
int pith_parse_uint(const char *s, uint64_t *out);

/* "1K", "16M", "1024" into buf[0..n). */
void pith_format_size(uint64_t v, char *buf, size_t n);
/* "100ms", "30s", "15m", "720h" into buf[0..n). */
void pith_format_duration(uint64_t ms, char *buf, size_t n);

#endif
