/* `pith clean`: the one-shot cleaner.
 *
 * Each input is read with a cap, cleaned by the core and written to stdout,
 * a folder or a spool. One bad input does not stop the others; the exit code
 * is the first non-zero one in the order the inputs were given, whatever
 * order -j workers finish them in. With -o, each input gets its own output
 * file even when two share a name. */
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "cli_opts.h"
#include "fileio.h"
#include "output.h"
#include "pith/pith.h"
#include "progress.h"

static const char clean_usage[] =
    "usage: pith clean [OPTIONS] [FILE|-]...\n"
    "\n"
    "Clean scraped text dumps or HTML pages into article text with metadata.\n"
    "With no FILE, or with -, read standard input.\n"
    "\n"
    "  --format text|json|markdown  output format (default text: YAML front\n"
    "                       matter + body; markdown: the same front matter, then\n"
    "                       headings, lists, tables and quotes as Markdown)\n"
    "  --body-only          the body without front matter (text and markdown)\n"
    "  --links              markdown: links as [text](absolute URL), not text only\n"
    "  --type auto|html|text  input type (default auto: sniff)\n"
    "  --url URL            the page's address: the output's url (a different\n"
    "                       canonical goes to canonical), site is its host\n"
    "  --ascii              fold typographic quotes and dashes to ASCII\n"
    "  -o DIR               write DIR/<input stem>.txt, .json or .md (a stem\n"
    "                       seen before gets -2, -3 ...)\n"
    "  -j N                 parallel workers with -o or --spool (default 1)\n"
    "  --spool DIR          deliver into a spool as the daemon does\n"
    "  -c FILE              site rules and settings from a configuration file\n"
    "  -h, --help           this help\n"
    "\n"
    "exit: 0 ok, 64 usage, 65 input cannot be cleaned, 66 input missing or\n"
    "unreadable, 73 cannot create output, 74 I/O error, 78 bad configuration\n";

typedef struct job {
    char **inputs;
    size_t n;
    int *status;
    char **stems; /* with -o: distinct output names, one per input */
    atomic_size_t next;
    pith_hints_t hints;
    pith_output_t *out;
    pith_progress_t progress;
} job_t;

static int clean_one(job_t *job, size_t index)
{
    const char *path = job->inputs[index];
    pith_buf_t data = {0};
    pith_err_t err = {0};
    pith_doc_t *doc = NULL;
    pith_hints_t hints = job->hints;
    char stem[1024];
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    int rc;

    if (!strcmp(path, "-"))
        rc = pith_fd_read_all(0, hints.max_bytes, &data, &err);
    else
        rc = pith_file_read(AT_FDCWD, path, hints.max_bytes, &data, &err);
    if (rc == 0) {
        if (strcmp(path, "-"))
            hints.source = base;
        rc = pith_extract_buf(&data, &hints, &doc, &err);
    }
    if (rc == 0)
        rc = pith_output_write(
            job->out, doc,
            job->stems ? job->stems[index] : pith_output_stem(path, stem, sizeof stem), &err);
    if (rc && rc != PITH_EDUP)
        pith_progress_message(&job->progress, "pith: %s: %s", path,
                              err.reason[0] ? err.reason : pith_err_name(rc));
    pith_doc_destroy(doc);
    pith_buf_free(&data);
    return pith_err_exit_code(rc);
}

/* With -o, inputs of one name from different folders ("a/x.html",
 * "b/x.txt") get distinct files (x, x-2), as `fetch -o` does for URLs. */
static int assign_stems(job_t *job)
{
    if (!(job->stems = calloc(job->n, sizeof *job->stems)))
        return EX_OSERR;
    for (size_t i = 0; i < job->n; i++) {
        char stem[1024];
        if (!(job->stems[i] = strdup(pith_output_stem(job->inputs[i], stem, sizeof stem))))
            return EX_OSERR;
    }
    return pith_output_unique_stems(job->stems, job->n) ? EX_OSERR : 0;
}

static void *worker(void *arg)
{
    job_t *job = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&job->next, 1);
        if (i >= job->n)
            break;
        job->status[i] = clean_one(job, i);
        pith_progress_step(&job->progress, job->status[i] != 0);
    }
    return NULL;
}

int pith_cmd_clean(int argc, char **argv)
{
    pith_cli_opts_t o = {.cmd = "clean", .jobs = 1};
    pith_config_t *cfg = NULL;
    job_t job = {0};
    int progress = 0;
    pith_output_t out = {0};
    pthread_mutex_init(&out.lock, NULL);
    int status = pith_cli_parse(argc, argv, clean_usage, &o);
    if (status || o.help) {
        status = pith_err_exit_code(status);
        goto done;
    }
    status = pith_err_exit_code(pith_cli_prepare(&o, &cfg, &job.hints, &out));
    if (status)
        goto done;
    job.hints.url = o.url;
    long workers = o.jobs;

    static char *stdin_only[] = {"-"};
    job.inputs = optind < argc ? argv + optind : stdin_only;
    job.n = optind < argc ? (size_t)(argc - optind) : 1;
    job.status = calloc(job.n, sizeof *job.status);
    job.out = &out;
    if (!job.status) {
        status = EX_OSERR;
        goto done;
    }
    if (o.out_dir && (status = assign_stems(&job)))
        goto done;
    /* A progress line when someone watches stderr and the results are not
     * being printed on the same terminal. */
    pith_progress_init(&job.progress, "clean", job.n,
                       o.out_dir || o.spool_dir || !isatty(STDOUT_FILENO));
    progress = 1;
    /* Parallel workers only where order cannot be seen: -o and --spool. */
    if (!o.out_dir && !o.spool_dir)
        workers = 1;
    if ((size_t)workers > job.n)
        workers = (long)job.n;
    if (workers <= 1) {
        worker(&job);
    } else {
        /* The main thread is one of the workers, so -j N starts N-1 more; it
         * also finishes alone if none could be started. */
        pthread_t *th = calloc((size_t)workers - 1, sizeof *th);
        long started = 0;
        for (long i = 0; th && i < workers - 1; i++, started++)
            if (pthread_create(&th[i], NULL, worker, &job) != 0)
                break;
        worker(&job);
        for (long i = 0; i < started; i++)
            pthread_join(th[i], NULL);
        free(th);
    }
    for (size_t i = 0; i < job.n; i++)
        if (job.status[i]) {
            status = job.status[i];
            break;
        }
done:
    if (progress)
        pith_progress_finish(&job.progress);
    for (size_t i = 0; job.stems && i < job.n; i++)
        free(job.stems[i]);
    free(job.stems);
    free(job.status);
    pith_spool_close(out.spool);
    pith_config_destroy(cfg);
    pthread_mutex_destroy(&out.lock);
    return status;
}
