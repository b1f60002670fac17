/* The syntax of configuration values: sizes ("16M"), durations ("1.5s",
 * "15m"), booleans and plain numbers, read from text and written back as an
 * operator would write them (for the messages that give a key's range).
 *
 * Kept apart from config.c, which gives sections and keys their meaning:
 * the syntax of a value is the same whatever key holds it, and it is tested
 * on its own (test_config). */
#include "config_value.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "pith/error.h"

/* A decimal number with an optional fraction: "16", "1.5". Returns the
 * number scaled by 1000 (milli-units) so "1.5" → 1500, and the end; or
 * PITH_ECONFIG (no digits, too large). */
static int parse_milli(const char *s, uint64_t *out, const char **end)
{
    uint64_t whole = 0, frac = 0;
    int digits = 0, fdigits = 0;
    const char *p = s;
    while (*p >= '0' && *p <= '9') {
        if (whole > UINT64_MAX / 10 - 10)
            return PITH_ECONFIG;
        whole = whole * 10 + (uint64_t)(*p++ - '0');
        digits++;
    }
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            if (fdigits < 3) {
                frac = frac * 10 + (uint64_t)(*p - '0');
                fdigits++;
            }
            p++;
            digits++;
        }
    }
    if (!digits)
        return PITH_ECONFIG;
    for (; fdigits < 3; fdigits++)
        frac *= 10;
    if (whole > UINT64_MAX / 1000 - 1)
        return PITH_ECONFIG;
    *out = whole * 1000 + frac;
    *end = p;
    return 0;
}

/* *out = a * b, or PITH_ECONFIG when that overflows. */
static int mul_ok(uint64_t a, uint64_t b, uint64_t *out)
{
    if (b && a > UINT64_MAX / b)
        return PITH_ECONFIG;
    *out = a * b;
    return 0;
}

int pith_parse_size(const char *s, size_t *out)
{
    uint64_t milli, v;
    const char *end;
    if (!s || parse_milli(s, &milli, &end))
        return PITH_ECONFIG;
    while (*end == ' ')
        end++;
    uint64_t unit = 1;
    switch (*end) {
    case 'k':
    case 'K':
        unit = 1ull << 10;
        end++;
        break;
    case 'm':
    case 'M':
        unit = 1ull << 20;
        end++;
        break;
    case 'g':
    case 'G':
        unit = 1ull << 30;
        end++;
        break;
    default:
        break;
    }
    if (unit > 1 && (*end == 'i'))
        end++;
    if (*end == 'b' || *end == 'B')
        end++;
    if (*end || mul_ok(milli, unit, &v))
        return PITH_ECONFIG;
    v /= 1000;
    if (v > SIZE_MAX)
        return PITH_ECONFIG;
    *out = (size_t)v;
    return 0;
}

int pith_parse_duration(const char *s, uint64_t *out_ms)
{
    uint64_t milli, v;
    const char *end;
    if (!s || parse_milli(s, &milli, &end))
        return PITH_ECONFIG;
    while (*end == ' ')
        end++;
    uint64_t unit; /* in ms; the number is in milli-units */
    if (!strcmp(end, "ms"))
        unit = 1;
    else if (!strcmp(end, "s") || !*end)
        unit = 1000;
    else if (!strcmp(end, "m") || !strcmp(end, "min"))
        unit = 60 * 1000;
    else if (!strcmp(end, "h"))
        unit = 3600 * 1000;
    else
        return PITH_ECONFIG;
    if (mul_ok(milli, unit, &v))
        return PITH_ECONFIG;
    *out_ms = v / 1000;
    return 0;
}

int pith_parse_bool(const char *s, int *out)
{
    static const char *const yes[] = {"yes", "true", "on", "1"};
    static const char *const no[] = {"no", "false", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (!strcasecmp(s, yes[i])) {
            *out = 1;
            return 0;
        }
        if (!strcasecmp(s, no[i])) {
            *out = 0;
            return 0;
        }
    }
    return PITH_ECONFIG;
}

int pith_parse_uint(const char *s, uint64_t *out)
{
    if (!*s)
        return PITH_ECONFIG;
    uint64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9' || v > UINT64_MAX / 10 - 10)
            return PITH_ECONFIG;
        v = v * 10 + (uint64_t)(*p - '0');
    }
    *out = v;
    return 0;
}

/* "1K", "16M", "1024": a size as an operator would write it. */
void pith_format_size(uint64_t v, char *buf, size_t n)
{
    static const char units[] = "GMK";
    for (int i = 0; i < 3; i++) {
        uint64_t u = 1ull << (10 * (3 - i));
        if (v && v % u == 0) {
            snprintf(buf, n, "%llu%c", (unsigned long long)(v / u), units[i]);
            return;
        }
    }
    snprintf(buf, n, "%llu", (unsigned long long)v);
}

/* "100ms", "30s", "15m", "720h". */
void pith_format_duration(uint64_t ms, char *buf, size_t n)
{
    if (ms && ms % 3600000 == 0)
        snprintf(buf, n, "%lluh", (unsigned long long)(ms / 3600000));
    else if (ms && ms % 60000 == 0)
        snprintf(buf, n, "%llum", (unsigned long long)(ms / 60000));
    else if (ms % 1000 == 0)
        snprintf(buf, n, "%llus", (unsigned long long)(ms / 1000));
    else
        snprintf(buf, n, "%llums", (unsigned long long)ms);
}
