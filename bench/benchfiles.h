/* Small helpers the benchmarks share. Every C file in bench/ is built as its own
 * executable (CMake globs them), so shared code lives in this header as
 * static functions rather than in a .c of its own. */
#ifndef PITH_BENCH_BENCHFILES_H
#define PITH_BENCH_BENCHFILES_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Seconds on the given clock (CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID). */
static inline double bench_seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads a whole file into a malloc'd buffer with a NUL after the last byte
 * (not counted in *len); the caller frees it. NULL when it cannot be read. */
static inline char *bench_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1 << 16;
            char *p = realloc(data, cap + 1);
            if (!p) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = p;
        }
        size_t got = fread(data + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    data[n] = '\0';
    *len = n;
    return data;
}

#endif
