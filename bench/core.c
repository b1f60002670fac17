/* The cleaning core's own speed, without the CLI's file and output I/O.
 *
 * Every file of a folder is read into memory first; then pith_extract runs
 * over all of them, round after round, until at least a second of CPU time
 * has gone by, with the built-in site profiles loaded as `pith clean` loads
 * them. Time is CPU time of the process (CLOCK_PROCESS_CPUTIME_ID), so other
 * work on a shared machine disturbs the figures less than wall time would.
 * A per-stage breakdown follows: sniffing and transcoding, the type's own
 * extractor (text dump or HTML) on the transcoded text, and the rest of
 * pith_extract (paragraph repair, normalization, metadata, id) as the
 * difference. Each figure is given for the mean round and the best round
 * (the stages for the best only): on a busy machine the best round is the
 * steadier one. Figures only; nothing is asserted.
 *
 *   bench_core [DIR] [MIN_SECONDS]
 *   DIR defaults to $PITH_SHARED_DIR/bench/scrapinghub/dumps, or to the
 *   shared/ folder beside the source tree when PITH_SHARED_DIR is unset. */
#include "benchfiles.h"
#include "html.h"
#include "pith/pith.h"
#include "pith/rules.h"
#include "sniff.h"
#include "sniff_type.h"
#include "textdump.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_FILES 100000

typedef struct {
    char *name;
    uint8_t *data;
    size_t len;
} input_t;

static double cpu_now(void)
{
    return bench_seconds(CLOCK_PROCESS_CPUTIME_ID);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const input_t *)a)->name, ((const input_t *)b)->name);
}

/* Reads every regular, non-hidden file of dir; returns how many. */
static size_t load(const char *dir, input_t **out, size_t *bytes)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    input_t *v = NULL;
    size_t n = 0, cap = 0;
    *bytes = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < MAX_FILES) {
        if (e->d_name[0] == '.')
            continue;
        size_t pl = strlen(dir) + strlen(e->d_name) + 2;
        char *path = malloc(pl);
        if (!path)
            break;
        snprintf(path, pl, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(path);
            continue;
        }
        size_t len = 0;
        uint8_t *data = (uint8_t *)bench_slurp(path, &len);
        if (!data) {
            free(path);
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            input_t *nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                free(path);
                free(data);
                break;
            }
            v = nv;
        }
        v[n].name = path;
        v[n].data = data;
        v[n].len = len;
        *bytes += len;
        n++;
    }
    closedir(d);
    if (n)
        qsort(v, n, sizeof *v, by_name);
    *out = v;
    return n;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* One round of whole pith_extract calls; counts the documents made. */
static size_t round_extract(const input_t *in, size_t n, const pith_rules_t *rules)
{
    size_t ok = 0;
    for (size_t i = 0; i < n; i++) {
        pith_hints_t hints = {.rules = rules, .source = base_name(in[i].name)};
        pith_doc_t *doc = NULL;
        pith_err_t err = {0};
        if (pith_extract(in[i].data, in[i].len, &hints, &doc, &err) == 0)
            ok++;
        pith_doc_destroy(doc);
    }
    return ok;
}

/* One round of sniffing and transcoding only. */
static void round_sniff(const input_t *in, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pith_err_t err = {0};
        pith_buf_t text = {0};
        if (pith_sniff_binary(in[i].data, in[i].len, NULL, &err) == 0)
            pith_to_utf8(in[i].data, in[i].len, NULL, &text, &err);
        pith_buf_free(&text);
    }
}

/* One round of the type's extractor on text transcoded beforehand. */
static void round_path(const input_t *in, pith_buf_t *texts, const pith_type_t *types, size_t n,
                       const pith_rules_t *rules)
{
    for (size_t i = 0; i < n; i++) {
        if (!texts[i].len)
            continue;
        pith_hints_t hints = {.rules = rules, .source = base_name(in[i].name)};
        pith_doc_t *doc = pith_doc_create();
        pith_err_t err = {0};
        if (!doc)
            continue;
        if (types[i] == PITH_TYPE_HTML)
            pith_html_extract(texts[i].data, texts[i].len, NULL, &hints, doc, &err);
        else
            pith_text_extract(texts[i].data, texts[i].len, &hints, doc, &err);
        pith_doc_destroy(doc);
    }
}

static void print_rate(const char *what, double secs, size_t rounds, double best, size_t files,
                       size_t bytes)
{
    double per = secs / (double)rounds;
    if (per <= 0)
        per = 1e-9;
    if (best <= 0)
        best = 1e-9;
    printf("%-10s CPU s/round %.4f  files/s %8.1f  MB/s %7.2f  (best round: MB/s %7.2f)\n", what,
           per, (double)files / per, (double)bytes / 1e6 / per, (double)bytes / 1e6 / best);
}

/* The ScrapingHub dumps under $PITH_SHARED_DIR, else under the shared/
 * folder beside the tree, written into def. */
static const char *default_dir(char *def, size_t size)
{
    const char *shared = getenv("PITH_SHARED_DIR");
    if (shared && *shared) {
        snprintf(def, size, "%s/bench/scrapinghub/dumps", shared);
    } else {
        /* __FILE__ is <tree>/bench/core.c; shared/ sits beside <tree>. */
        const char *f = __FILE__, *slash = strrchr(f, '/');
        int tree = slash ? (int)(slash - f) : 0;
        snprintf(def, size, "%.*s/../../shared/bench/scrapinghub/dumps", tree, f);
        if (!slash)
            snprintf(def, size, "../shared/bench/scrapinghub/dumps");
    }
    return def;
}

int main(int argc, char **argv)
{
    pith_err_t init_err = {0};
    if (pith_core_init(&init_err)) {
        fprintf(stderr, "bench_core: %s\n", init_err.reason);
        return 1;
    }
    char def[4096];
    const char *dir = argc > 1 && argv[1][0] ? argv[1] : default_dir(def, sizeof def);
    double min_secs = argc > 2 ? atof(argv[2]) : 1.0;
    if (min_secs <= 0)
        min_secs = 1.0;

    input_t *in = NULL;
    size_t bytes = 0, n = load(dir, &in, &bytes);
    if (n == 0) {
        fprintf(stderr, "bench_core: no readable files in %s\n", dir);
        free(in);
        return 66;
    }
    pith_err_t err = {0};
    pith_rules_t *rules = pith_rules_create();
    if (!rules || pith_rules_add_builtin(rules, &err) != 0) {
        fprintf(stderr, "bench_core: built-in rules: %s\n", err.reason);
        pith_rules_destroy(rules);
        return 78;
    }

    /* A warm-up round builds the lazily made tables (stop words, phrases). */
    size_t ok = round_extract(in, n, rules);
    printf("bench_core: %s\n", dir);
    printf("files %zu  MB %.2f  documents %zu  refused %zu\n", n, (double)bytes / 1e6, ok, n - ok);

    /* Mean and best round: on a shared machine the best round is the
     * steadier figure. */
    size_t rounds = 0;
    double t0 = cpu_now(), t = 0, best = 1e30;
    do {
        double r0 = cpu_now();
        round_extract(in, n, rules);
        double r1 = cpu_now();
        if (r1 - r0 < best)
            best = r1 - r0;
        rounds++;
        t = r1 - t0;
    } while (t < min_secs);
    print_rate("extract", t, rounds, best, n, bytes);
    double whole = best;

    /* The breakdown: a third of the time budget each is plenty. */
    double sniff = 1e30;
    t0 = cpu_now();
    do {
        double r0 = cpu_now();
        round_sniff(in, n);
        double r1 = cpu_now();
        if (r1 - r0 < sniff)
            sniff = r1 - r0;
        t = r1 - t0;
    } while (t < min_secs / 3);

    pith_buf_t *texts = calloc(n, sizeof *texts);
    pith_type_t *types = calloc(n, sizeof *types);
    size_t ntext = 0, nhtml = 0;
    if (texts && types) {
        for (size_t i = 0; i < n; i++) {
            pith_err_t e = {0};
            if (pith_sniff_binary(in[i].data, in[i].len, NULL, &e) == 0 &&
                pith_to_utf8(in[i].data, in[i].len, NULL, &texts[i], &e) == 0 && texts[i].len) {
                types[i] = pith_sniff_type(texts[i].data, texts[i].len);
                if (types[i] == PITH_TYPE_HTML)
                    nhtml++;
                else
                    ntext++;
            }
        }
        double path = 1e30;
        t0 = cpu_now();
        do {
            double r0 = cpu_now();
            round_path(in, texts, types, n, rules);
            double r1 = cpu_now();
            if (r1 - r0 < path)
                path = r1 - r0;
            t = r1 - t0;
        } while (t < min_secs / 3);
        printf("stages, best rounds (share of the best pith_extract round; %zu text, %zu html):\n",
               ntext, nhtml);
        printf("  sniff+utf8  %5.1f%%  (%.2f MB/s)\n", 100 * sniff / whole,
               (double)bytes / 1e6 / sniff);
        printf("  %-10s  %5.1f%%  (%.2f MB/s)\n", nhtml > ntext ? "html" : "text",
               100 * path / whole, (double)bytes / 1e6 / path);
        double rest = whole - sniff - path;
        printf("  rest        %5.1f%%  (repair, normalization, metadata, id)\n",
               100 * (rest > 0 ? rest : 0) / whole);
    }
    for (size_t i = 0; texts && i < n; i++)
        pith_buf_free(&texts[i]);
    free(texts);
    free(types);
    for (size_t i = 0; i < n; i++) {
        free(in[i].name);
        free(in[i].data);
    }
    free(in);
    pith_rules_destroy(rules);
    return 0;
}
