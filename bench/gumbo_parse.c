/* The floor for HTML extraction speed: how fast Gumbo alone parses the same
 * pages (read, gumbo_parse, destroy), so bench/html.sh can report pith's
 * throughput as a ratio to a bare parse on this machine.
 *
 *   bench_gumbo_parse FILE...   prints files, MB, seconds, files/s, MB/s */
#include "benchfiles.h"

#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE...\n", argv[0]);
        return 64;
    }
    double total = 0, bytes = 0;
    int files = 0;
    for (int i = 1; i < argc; i++) {
        double t0 = bench_seconds(CLOCK_MONOTONIC);
        size_t len = 0;
        char *data = bench_slurp(argv[i], &len);
        if (!data) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            continue;
        }
        GumboOutput *out = gumbo_parse_with_options(&kGumboDefaultOptions, data, len);
        gumbo_destroy_output(&kGumboDefaultOptions, out);
        free(data);
        total += bench_seconds(CLOCK_MONOTONIC) - t0;
        bytes += (double)len;
        files++;
    }
    printf("files %d  MB %.2f  seconds %.3f  files/s %.1f  MB/s %.2f\n", files, bytes / 1e6, total,
           total > 0 ? files / total : 0, total > 0 ? bytes / 1e6 / total : 0);
    return 0;
}
