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
 * order: 69 for a failed fetch, 65 for a page that cannot be cleaned.
 *
 * A URL that turns out to be an RSS or Atom feed stands for its articles: a
 * user who fetches a feed wants the news in it, not its XML as an "article".
 * Its items (at most [fetch] feed_items_per_poll, in feed order) are fetched
 * with the same fetcher, so the same limits hold, and take the feed's place
 * in the output order; the feed itself yields no document. Feeds found
 * inside a feed are not followed. */
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
#include "feed.h"
#include "fetch.h"
#include "output.h"
#include "pith/pith.h"
#include "progress.h"
#include "state.h"
#include "url.h"

static const char fetch_usage[] =
    "usage: pith fetch [OPTIONS] URL...\n"
    "\n"
    "Fetch pages over http or https, clean them into article text with metadata.\n"
    "\n"
    "  --format text|json|markdown  output format (default text: YAML front\n"
    "                       matter + body; markdown: the same front matter, then\n"
    "                       headings, lists, tables and quotes as Markdown)\n"
    "  --body-only          the body without front matter (text and markdown)\n"
    "  --links              markdown: links as [text](absolute URL), not text only\n"
    "  --type auto|html|text  page type (default auto: sniff)\n"
    "  --url URL            address to record instead of the fetched one (not for\n"
    "                       the items of a feed)\n"
    "  --ascii              fold typographic quotes and dashes to ASCII\n"
    "  -o DIR               write DIR/<stem>.txt, .json or .md (stem: the URL's\n"
    "                       last path segment, else its host)\n"
    "  -j N                 concurrent fetches (default 8; per-host limits still hold)\n"
    "  --spool DIR          deliver into a spool as the daemon does\n"
    "  -c FILE              [fetch] settings and site rules from a configuration file\n"
    "  -h, --help           this help\n"
    "\n"
    "A URL that is an RSS or Atom feed fetches and cleans the feed's items, in\n"
    "feed order (at most [fetch] feed_items_per_poll of them).\n"
    "\n"
    "exit: 0 ok, 64 usage, 65 page cannot be cleaned, 69 fetch failed,\n"
    "73 cannot create output, 74 I/O error, 78 bad configuration\n";

#define ORDER_END SIZE_MAX

typedef struct item {
    char *url;  /* owned */
    char *stem; /* -o file name without extension, distinct per URL */
    int status;
    int done;
    int from_feed;   /* an item of a feed: no --url override, no feeds in feeds */
    size_t next;     /* the item after this one in output order, or ORDER_END */
    pith_doc_t *doc; /* waiting for its turn on stdout */
} item_t;

typedef struct run {
    uv_loop_t *loop;
    pith_fetcher_t *fetcher;
    item_t *items; /* grows as feeds add their items: refer to items by index */
    size_t n, cap, remaining;
    size_t head, cursor; /* the first item in output order; the next to print */
    pith_hints_t hints;
    const char *url_override;
    unsigned feed_items; /* [fetch] feed_items_per_poll */
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
    while (run->cursor != ORDER_END && run->items[run->cursor].done) {
        item_t *it = &run->items[run->cursor];
        run->cursor = it->next;
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

/* Appends items for urls[0..n) (copied), each with its URL's stem, and makes
 * every stem distinct (pith_output_unique_stems: earlier items keep theirs),
 * so that -o never overwrites one result with another. Returns the index of
 * the first new item, or ORDER_END when out of memory (then none is added).
 * Linking them into the output order is the caller's job. */
static size_t add_items(run_t *run, const char *const *urls, size_t n, int from_feed)
{
    if (run->n + n > run->cap) {
        size_t cap = run->cap ? run->cap : 16;
        while (cap < run->n + n)
            cap *= 2;
        item_t *items = realloc(run->items, cap * sizeof *items);
        if (!items)
            return ORDER_END;
        run->items = items;
        run->cap = cap;
    }
    size_t first = run->n;
    char **stems = calloc(first + n ? first + n : 1, sizeof *stems);
    if (!stems)
        return ORDER_END;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        item_t *it = &run->items[first + i];
        char base[200];
        memset(it, 0, sizeof *it);
        it->from_feed = from_feed;
        it->next = ORDER_END;
        if (!(it->url = strdup(urls[i])) ||
            !(it->stem = strdup(pith_url_stem(urls[i], base, sizeof base))))
            rc = PITH_ENOMEM;
    }
    for (size_t i = 0; i < first + n; i++)
        stems[i] = run->items[i].stem;
    if (!rc)
        rc = pith_output_unique_stems(stems, first + n);
    for (size_t i = 0; i < first + n; i++)
        run->items[i].stem = stems[i]; /* a renamed stem was replaced */
    free(stems);
    if (rc) {
        for (size_t i = first; i < first + n; i++) {
            free(run->items[i].url);
            free(run->items[i].stem);
        }
        return ORDER_END;
    }
    run->n += n;
    return first;
}

static void on_fetched(pith_fetcher_t *f, pith_fetch_result_t *res, void *udata);

/* Hands item i to the fetcher, with the stored validators when there is a
 * state store. On failure the item is settled at once. */
static void start_fetch(run_t *run, size_t i)
{
    pith_err_t err = {0};
    ticket_t *t = malloc(sizeof *t);
    pith_validators_t v = {0};
    if (run->state && pith_state_get_validators(run->state, run->items[i].url, &v, NULL, NULL) < 0)
        pith_validators_free(&v);
    /* Counted first: the fetcher may settle a request from inside the add. */
    if (t)
        *t = (ticket_t){run, i};
    run->remaining++;
    int rc = t ? pith_fetcher_add(run->fetcher, run->items[i].url, v.etag, v.last_modified,
                                  on_fetched, t, &err)
               : pith_err_set(&err, PITH_ENOMEM, "out of memory");
    pith_validators_free(&v);
    if (rc) {
        free(t);
        run->remaining--;
        pith_progress_message(&run->progress, "pith: %s: %s", run->items[i].url, err.reason);
        run->items[i].status =
            rc == PITH_EINPUT ? (run->items[i].from_feed ? EX_DATAERR : EX_USAGE) : EX_OSERR;
        run->items[i].done = 1;
        pith_progress_step(&run->progress, 1);
    }
}

/* The feed at index i is fetched: its items take its place in the output
 * order and are fetched in turn. Returns the feed's own exit status. */
static int expand_feed(run_t *run, size_t i, pith_fetch_result_t *res)
{
    pith_feed_select_t sel = {.max_items = run->feed_items};
    pith_feed_t *feed = NULL;
    pith_err_t err = {0};
    const char *url = run->items[i].url;
    int rc = pith_feed_parse((const uint8_t *)res->body.data, res->body.len, res->final_url, &sel,
                             &feed, &err);
    if (rc) {
        pith_progress_message(&run->progress, "pith: %s: %s", url, err.reason);
        return pith_err_exit_code(rc);
    }
    if (!feed->nitems) {
        pith_progress_message(&run->progress, "pith: %s: feed with no items", url);
        pith_feed_destroy(feed);
        return EX_DATAERR;
    }
    if (feed->nmore)
        pith_progress_message(&run->progress,
                              "pith: %s: %zu more items not fetched (feed_items_per_poll = %u)",
                              url, feed->nmore, run->feed_items);
    const char **links = malloc(feed->nitems * sizeof *links);
    size_t first = ORDER_END;
    if (links) {
        for (size_t k = 0; k < feed->nitems; k++)
            links[k] = feed->items[k].link;
        first = add_items(run, links, feed->nitems, 1); /* may move run->items */
        free(links);
    }
    size_t n = feed->nitems;
    pith_feed_destroy(feed);
    if (first == ORDER_END) {
        pith_progress_message(&run->progress, "pith: %s: out of memory", run->items[i].url);
        return EX_OSERR;
    }
    run->progress.total += n; /* the feed counts as one more input done */
    size_t prev = i;
    for (size_t j = first; j < first + n; j++) {
        run->items[j].next = run->items[prev].next;
        run->items[prev].next = j;
        prev = j;
    }
    /* Started once all are linked: a start may settle an item at once. */
    for (size_t j = first; j < first + n; j++)
        start_fetch(run, j);
    return 0;
}

static int clean_page(run_t *run, item_t *it, pith_fetch_result_t *res)
{
    pith_hints_t hints = run->hints;
    pith_err_t err = {0};
    pith_doc_t *doc = NULL;
    hints.url = run->url_override && !it->from_feed ? run->url_override : res->final_url;
    hints.charset = res->charset;
    hints.fetched = res->fetched;
    /* The body is not read again: the extraction may use it as scratch. */
    int rc = pith_extract_buf(&res->body, &hints, &doc, &err);
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
            pith_progress_message(&run->progress, "pith: %s: cannot record validators: %s", it->url,
                                  serr.reason);
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
    size_t i = t->index;
    item_t *it = &run->items[i];
    int status = 0;
    switch (res->status) {
    case PITH_FETCH_OK:
        if (!pith_feed_sniff((const uint8_t *)res->body.data, res->body.len, res->content_type)) {
            status = clean_page(run, it, res);
        } else if (it->from_feed) {
            pith_progress_message(&run->progress, "pith: %s: a feed inside a feed; not followed",
                                  it->url);
            status = EX_DATAERR;
        } else {
            status = expand_feed(run, i, res); /* may move run->items */
        }
        break;
    case PITH_FETCH_UNCHANGED:
        pith_progress_message(&run->progress, "pith: %s: not modified since the last fetch",
                              it->url);
        break;
    case PITH_FETCH_FAILED:
    case PITH_FETCH_CANCELLED:
        pith_progress_message(&run->progress, "pith: %s: %s", it->url, res->reason);
        status = EX_UNAVAILABLE;
        break;
    }
    it = &run->items[i];
    it->status = status;
    it->done = 1;
    free(t);
    pith_progress_step(&run->progress, status != 0);
    flush_in_order(run);
    if (--run->remaining == 0)
        uv_stop(run->loop);
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
    if (status || o.help) {
        status = pith_err_exit_code(status);
        goto done;
    }
    status = 0;
    if (optind >= argc) {
        fputs(fetch_usage, stderr);
        status = EX_USAGE;
        goto done;
    }
    status = pith_err_exit_code(pith_cli_prepare(&o, &cfg, &run.hints, &out));
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

    run.feed_items = cfg->feed_items_per_poll;
    size_t given = (size_t)(argc - optind);
    if (add_items(&run, (const char *const *)argv + optind, given, 0) == ORDER_END) {
        status = EX_OSERR;
        goto done;
    }
    for (size_t i = 0; i + 1 < given; i++)
        run.items[i].next = i + 1;
    run.head = run.cursor = 0;
    /* A progress line when someone watches stderr and the results are not
     * being printed on the same terminal. */
    pith_progress_init(&run.progress, "fetch", given,
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
    run.fetcher = fetcher;
    run.remaining++; /* held while the URLs are handed out */
    for (size_t i = 0; i < given; i++)
        start_fetch(&run, i);
    run.remaining--;
    flush_in_order(&run);
    if (run.remaining)
        uv_run(&loop, UV_RUN_DEFAULT);
    for (size_t i = run.head; i != ORDER_END; i = run.items[i].next)
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
    for (size_t i = 0; i < run.n; i++) {
        pith_doc_destroy(run.items[i].doc);
        free(run.items[i].url);
        free(run.items[i].stem);
    }
    free(run.items);
    pith_spool_close(out.spool);
    pith_state_close(run.state);
    pith_config_destroy(cfg);
    pthread_mutex_destroy(&out.lock);
    return status;
}
