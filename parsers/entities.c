/* Binary search over the embedded, bytewise-sorted entity list.
 *
 * Each line is "name\tHEX[ HEX]". Comment lines start with '#', which sorts
 * before every name, so they need no special case beyond skipping them at
 * the start. A lookup costs about a dozen line comparisons over 2,231
 * entries and touches nothing but read-only memory. */
#include "entities.h"

#include "blobs.h"
#include "pith_blob_names.h"

#include <string.h>

/* Compares the name of the line at p (up to '\t') with key[0..n). */
static int cmp_line(const char *p, const char *end, const char *key, size_t n)
{
    size_t i = 0;
    for (; p + i < end && p[i] != '\t' && p[i] != '\n'; i++) {
        if (i == n)
            return 1; /* line name is longer */
        unsigned char a = (unsigned char)p[i], b = (unsigned char)key[i];
        if (a != b)
            return a < b ? -1 : 1;
    }
    return i == n ? 0 : -1;
}

static int parse_cps(const char *p, const char *end, int32_t cps[2])
{
    while (p < end && *p != '\t')
        p++;
    int k = 0;
    while (p < end && *p != '\n' && k < 2) {
        while (p < end && (*p == '\t' || *p == ' '))
            p++;
        int32_t v = 0;
        int digits = 0;
        for (; p < end && digits < 7; p++, digits++) {
            char c = *p;
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0)
                break;
            v = v * 16 + d;
        }
        if (!digits)
            break;
        cps[k++] = v;
    }
    return k;
}

int pith_entity_lookup(const char *s, size_t n, int32_t cps[2])
{
    /* A symbol, not a lookup by name: without the file the build fails
     * (its order is checked there too, by cmake/check_data.cmake). */
    const pith_blob_t *b = &pith_blob_entities_html5_txt;
    if (n == 0 || n > 40)
        return 0;
    const char *base = b->data, *end = b->data + b->len;
    const char *lo = base;
    while (lo < end && *lo == '#') {
        const char *nl = memchr(lo, '\n', (size_t)(end - lo));
        lo = nl ? nl + 1 : end;
    }
    const char *hi = end;
    while (lo < hi) {
        const char *p = lo + (hi - lo) / 2;
        while (p > lo && p[-1] != '\n')
            p--;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        int c = cmp_line(p, e, s, n);
        if (c == 0)
            return parse_cps(p, e, cps);
        if (c < 0)
            lo = nl ? nl + 1 : end;
        else
            hi = p;
    }
    return 0;
}
