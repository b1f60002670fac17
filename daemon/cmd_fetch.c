/* `pith fetch`: fetch pages over HTTP, clean them, write them like `pith clean`.
 *
 * The command runs its own libuv loop with one fetcher (daemon/fetch.h), so
 * it exercises exactly the code the daemon uses: the same politeness, retries
 * and safety limits, set from the [fetch] section of -c FILE. Cleaning runs
 * inline once a transfer has finished; in a one-shot command nothing else is
 * waiting on the loop but other transfers, and they keep going in curl's
 * socket buffers meanwhile. Results reach stdout in the order the URLs were
 * given (finished ones wait for those before them); with -o or --spool they
 * are written as they come. The exit code is the first non-zero one in input
 * order: 69 for a failed fetch, 65 for a page that cannot be cleaned. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include "cli.h"
#include "cli_opts.h"
#include "config.h"
#include "fetch.h"
#include "output.h"
#include "pith.h"
#include "progress.h"
#include "state.h"
#include "url.h"

static const char fetch_usage[] =
    "usage: pith fetch [OPTIONS] URL...\n"
    "\n"
    "Fetch pages over http or https, clean them into article text with metadata.\n"
    "\n"
    "  --format text|json   output format (default text: YAML front matter + body)\n"
    "  --body-only          text without front matter (text format only)\n"
    "  --type auto|html|text  page type (default auto: sniff)\n"
    "  --url URL            address to record instead of the fetched one\n"
    "  --ascii              fold typographic quotes and dashes to ASCII\n"
    "  -o DIR               write DIR/<stem>.txt or .json per URL (stem: the URL's\n"
    "                       last path segment, else its host)\n"
    "  -j N                 concurrent fetches (default 8; per-host limits still hold)\n"
    "  --spool DIR          deliver into a spool as the daemon does\n"
    "  -c FILE              [fetch] settings and site rules from a configuration file\n"
    "  -h, --help           this help\n"
    "\n"
    "exit: 0 ok, 64 usage, 65 page cannot be cleaned, 69 fetch failed,\n"
    "73 cannot create output, 74 I/O error, 78 bad configuration\n";

typedef struct item {
    const char *url;
    char *stem; /* -o file name without extension, distinct per URL */
    int status;
    int done;
    pith_doc_t *doc; /* waiting for its turn on stdout */
} item_t;

typedef struct run {
    uv_loop_t *loop;
    item_t *items;
    size_t n, remaining, next_print;
    pith_hints_t hints;
    const char *url_override;
    pith_output_t *out;
    pith_state_t *state; /* with --spool and a configured state_dir, else NULL */
    pith_progress_t progress;
} run_t;

typedef struct ticket {
    run_t *run;
    size_t index;
} ticket_t;

static void flush_in_order(run_t *run)
{
    while (run->next_print < run->n && run->items[run->next_print].done) {
        item_t *it = &run->items[run->next_print++];
        if (it->doc) {
            pith_err_t err = {0};
            int rc = pith_output_write(run->out, it->doc, it->stem, &err);
            if (rc && rc != PITH_EDUP) {
                pith_progress_message(&run->progress, "pith: %s: %s", it->url,
                                      err.reason[0] ? err.reason : pith_err_name(rc));
                it->status = pith_err_exit_code(rc);
            }
            pith_doc_destroy(it->doc);
            it->doc = NULL;
        }
    }
}

static int clean_page(run_t *run, item_t *it, pith_fetch_result_t *res)
{
    pith_hints_t hints = run->hints;
    pith_err_t err = {0};
    pith_doc_t *doc = NULL;
    hints.url = run->url_override ? run->url_override : res->final_url;
    hints.charset = res->charset;
    hints.fetched = res->fetched;
    int rc = pith_extract((const uint8_t *)res->body.data, res->body.len, &hints, &doc, &err);
    if (rc) {
        pith_progress_message(&run->progress, "pith: %s: %s", it->url,
                              err.reason[0] ? err.reason : pith_err_name(rc));
        return pith_err_exit_code(rc);
    }
    if (!run->out->out_dir && !run->out->spool) {
        it->doc = doc; /* stdout: printed in input order */
        return 0;
    }
    rc = pith_output_write(run->out, doc, it->stem, &err);
    if ((rc == 0 || rc == PITH_EDUP) && run->state) {
        /* As the daemon does: remember the validators so that the next fetch
         * of an unchanged page is a 304 and nothing is cleaned again. */
        pith_validators_t v = {.etag = (char *)res->etag,
                               .last_modified = (char *)res->last_modified,
                               .fetched_at = (int64_t)time(NULL)};
        snprintf(v.body_id, sizeof v.body_id, "%s", doc->id);
        pith_err_t serr = {0};
        if (pith_state_put_validators(run->state, it->url, &v, &serr) != 0)
            pith_progress_message(&run->progress, "pith: %s: cannot record validators: %s",
                                  it->url, serr.reason);
        pith_state_add_id(run->state, doc->id, it->url, NULL);
    }
    pith_doc_destroy(doc);
    if (rc && rc != PITH_EDUP) {
        pith_progress_message(&run->progress, "pith: %s: %s", it->url,
                              err.reason[0] ? err.reason : pith_err_name(rc));
        return pith_err_exit_code(rc);
    }
    return 0;
}

static void on_fetched(pith_fetcher_t *f, pith_fetch_result_t *res, void *udata)
{
    ticket_t *t = udata;
    run_t *run = t->run;
    item_t *it = &run->items[t->index];
    switch (res->status) {
    case PITH_FETCH_OK: it->status = clean_page(run, it, res); break;
    case PITH_FETCH_UNCHANGED:
        pith_progress_message(&run->progress, "pith: %s: not modified since the last fetch",
                              it->url);
        break;
    case PITH_FETCH_FAILED:
    case PITH_FETCH_CANCELLED:
        pith_progress_message(&run->progress, "pith: %s: %s", it->url, res->reason);
        it->status = EX_UNAVAILABLE;
        break;
    }
    it->done = 1;
    free(t);
    pith_progress_step(&run->progress, it->status != 0);
    flush_in_order(run);
    if (--run->remaining == 0)
        uv_stop(run->loop);
}


/* Gives each URL a distinct output stem (pith_output_unique_stems), so that
 * -o never overwrites one result with another. */
static int assign_stems(item_t *items, size_t n)
{
    char **stems = calloc(n ? n : 1, sizeof *stems);
    if (!stems)
        return PITH_ENOMEM;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        char base[200];
        if (!(stems[i] = strdup(pith_url_stem(items[i].url, base, sizeof base))))
            rc = PITH_ENOMEM;
    }
    if (!rc)
        rc = pith_output_unique_stems(stems, n);
    for (size_t i = 0; i < n; i++)
        items[i].stem = stems[i]; /* owned by the item from here, even on failure */
    free(stems);
    return rc;
}

int pith_cmd_fetch(int argc, char **argv)
{
    pith_cli_opts_t o = {.cmd = "fetch", .jobs = 8};
    run_t run = {0};
    pith_output_t out = {0};
    pith_config_t *cfg = NULL;
    pith_fetcher_t *fetcher = NULL;
    uv_loop_t loop;
    int loop_ready = 0;
    int progress = 0;

    pthread_mutex_init(&out.lock, NULL);
    int status = pith_cli_parse(argc, argv, fetch_usage, &o);
    if (status >= 0)
        goto done;
    status = 0;
    if (optind >= argc) {
        fputs(fetch_usage, stderr);
        status = EX_USAGE;
        goto done;
    }
    status = pith_cli_prepare(&o, &cfg, &run.hints, &out);
    if (status)
        goto done;
    run.url_override = o.url;
    run.out = &out;
    long jobs = o.jobs;
    if (o.spool_dir) {
        pith_err_t err = {0};
        /* Delivering "exactly as the daemon does" includes its memory:
         * conditional GET with the stored validators, when the configured
         * state_dir exists (a one-shot command never creates it). */
        struct stat st;
        if (o.config_path && cfg->state_dir && stat(cfg->state_dir, &st) == 0 &&
            S_ISDIR(st.st_mode) && pith_state_open(cfg->state_dir, &run.state, &err) != 0)
            fprintf(stderr, "pith fetch: %s (fetching without conditional GET)\n", err.reason);
    }

    run.n = (size_t)(argc - optind);
    run.items = calloc(run.n, sizeof *run.items);
    if (!run.items) {
        status = EX_OSERR;
        goto done;
    }
    for (size_t i = 0; i < run.n; i++)
        run.items[i].url = argv[optind + (int)i];
    if (assign_stems(run.items, run.n)) {
        status = EX_OSERR;
        goto done;
    }
    /* A progress line when someone watches stderr and the results are not
     * being printed on the same terminal. */
    pith_progress_init(&run.progress, "fetch", run.n,
                       o.out_dir || o.spool_dir || !isatty(STDOUT_FILENO));
    progress = 1;

    if (uv_loop_init(&loop) != 0) {
        fprintf(stderr, "pith fetch: cannot create an event loop\n");
        status = EX_OSERR;
        goto done;
    }
    loop_ready = 1;
    run.loop = &loop;
    pith_fetch_opts_t fo;
    pith_fetch_opts_from_config(&fo, cfg);
    fo.max_total = (unsigned)jobs;
    pith_err_t err = {0};
    if (pith_fetcher_create(&loop, &fo, &fetcher, &err) != 0) {
        fprintf(stderr, "pith fetch: %s\n", err.reason);
        status = EX_OSERR;
        goto done;
    }
    for (size_t i = 0; i < run.n; i++) {
        ticket_t *t = malloc(sizeof *t);
        item_t *it = &run.items[i];
        pith_err_clear(&err);
        pith_validators_t v = {0};
        if (run.state && pith_state_get_validators(run.state, it->url, &v, NULL) < 0)
            pith_validators_free(&v);
        int rc = t ? pith_fetcher_add(fetcher, it->url, v.etag, v.last_modified, on_fetched, t,
                                      &err)
                   : pith_err_set(&err, PITH_ENOMEM, "out of memory");
        pith_validators_free(&v);
        if (rc) {
            free(t);
            pith_progress_message(&run.progress, "pith: %s: %s", it->url, err.reason);
            it->status = rc == PITH_EINPUT ? EX_USAGE : EX_OSERR;
            it->done = 1;
            pith_progress_step(&run.progress, 1);
            continue;
        }
        t->run = &run;
        t->index = i;
        run.remaining++;
    }
    flush_in_order(&run);
    if (run.remaining)
        uv_run(&loop, UV_RUN_DEFAULT);
    for (size_t i = 0; i < run.n; i++)
        if (run.items[i].status) {
            status = run.items[i].status;
            break;
        }
done:
    if (progress)
        pith_progress_finish(&run.progress);
    pith_fetcher_destroy(fetcher);
    if (loop_ready) {
        uv_run(&loop, UV_RUN_DEFAULT); /* lets the fetcher's handles close */
        uv_loop_close(&loop);
    }
    if (run.items)
        for (size_t i = 0; i < run.n; i++) {
            pith_doc_destroy(run.items[i].doc);
            free(run.items[i].stem);
        }
    free(run.items);
    pith_spool_close(out.spool);
    pith_state_close(run.state);
    pith_config_destroy(cfg);
    pthread_mutex_destroy(&out.lock);
    return status;
}
