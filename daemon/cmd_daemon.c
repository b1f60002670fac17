/* `pith daemon` and `pith check-config`: the command-line faces of the
 * service. Both load the configuration the same way; check-config only
 * reports, the daemon runs (see daemon.h). They share this file because
 * they share their options and the way problems are printed.
 *
 * This is also where the daemon's producers are chosen: the fetcher
 * (*.url files, [source]) and Redis ([redis], deliver = redis). The daemon
 * knows them only as pith_producer_t, so it builds and tests without them,
 * and they include daemon.h, never the other way round. The daemon's errors
 * become sysexits.h statuses here, where the service manager reads them. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "config.h"
#include "daemon.h"
#include "log.h"
#include "redis_stream.h"
#include "sources.h"

static const char daemon_usage[] =
    "usage: pith daemon [-c FILE]\n"
    "\n"
    "Run the service in the foreground: watch the drop folder, clean what\n"
    "arrives and deliver it into the spool. Logs go to stderr.\n"
    "\n"
    "  -c, --config FILE   configuration (default " PITH_DEFAULT_CONFIG ")\n"
    "  -h, --help          this help\n"
    "\n"
    "signals: TERM/INT finish in-flight work and exit, HUP reloads the configuration\n";

static const char check_usage[] =
    "usage: pith check-config [-c FILE]\n"
    "\n"
    "Validate a configuration and its site profiles, including that the\n"
    "folders exist. Prints every problem as file:line: message.\n"
    "\n"
    "  -c, --config FILE   configuration (default " PITH_DEFAULT_CONFIG ")\n"
    "  -h, --help          this help\n"
    "\n"
    "exit: 0 valid, 64 usage, 78 problems found\n";

/* Parses [-c FILE] [-h]. True to go on; false when the command is over
 * (help printed, or bad usage), with its exit status in *status. */
static int parse_opts(int argc, char **argv, const char *usage, const char **config, int *status)
{
    static const struct option opts[] = {
        {"config", required_argument, 0, 'c'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            *config = optarg;
            break;
        case 'h':
            fputs(usage, stdout);
            *status = EX_OK;
            return 0;
        default:
            fputs(usage, stderr);
            *status = EX_USAGE;
            return 0;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "%s: unexpected argument '%s'\n%s", argv[0], argv[optind], usage);
        *status = EX_USAGE;
        return 0;
    }
    return 1;
}

static void print_problems(FILE *f, const pith_config_problems_t *p)
{
    for (size_t i = 0; i < p->n; i++) {
        const pith_err_t *e = &p->items[i];
        if (e->line > 0)
            fprintf(f, "%s:%d: %s\n", e->file, e->line, e->reason);
        else
            fprintf(f, "%s: %s\n", e->file[0] ? e->file : "pith", e->reason);
    }
}

int pith_cmd_check_config(int argc, char **argv)
{
    const char *path = PITH_DEFAULT_CONFIG;
    int rc = 0;
    if (!parse_opts(argc, argv, check_usage, &path, &rc))
        return rc;
    pith_config_t *cfg = NULL;
    pith_config_problems_t problems = {0};
    rc = pith_config_load(path, PITH_CONFIG_CHECK_DIRS, &cfg, &problems);
    if (rc) {
        print_problems(stdout, &problems);
        if (!problems.n)
            printf("%s: %s\n", path, pith_err_name(rc));
        printf("%s: %zu problem%s\n", path, problems.n, problems.n == 1 ? "" : "s");
        pith_config_problems_free(&problems);
        return EX_CONFIG;
    }
    size_t urls = 0, feeds = 0;
    for (size_t i = 0; i < cfg->nsources; i++) {
        urls += cfg->sources[i].nurls;
        feeds += cfg->sources[i].nfeeds;
    }
    printf("%s: ok: drop %s, spool %s, state %s, %u worker%s, %zu source%s (%zu url%s, "
           "%zu feed%s), %zu site profile%s\n",
           path, cfg->drop_dir, cfg->spool_dir, cfg->state_dir, cfg->workers,
           cfg->workers == 1 ? "" : "s", cfg->nsources, cfg->nsources == 1 ? "" : "s", urls,
           urls == 1 ? "" : "s", feeds, feeds == 1 ? "" : "s", pith_rules_count(cfg->rules),
           pith_rules_count(cfg->rules) == 1 ? "" : "s");
    pith_config_destroy(cfg);
    return 0;
}

/* Runs the service with the configuration at config_path until SIGTERM or
 * SIGINT. Returns a sysexits.h status: 0 after a clean stop, 78 for a bad
 * configuration, 73 when the spool or state cannot be opened (permissions,
 * read-only or failing disk: a restart would not help, and the unit says
 * so), 75 when the state is locked by another process or the disk is full
 * (may pass: systemd restarts), 66 when the drop folder vanished since the
 * configuration was checked, 71 for other start-up failures. */
static int run_daemon(const char *config_path)
{
    static const pith_producer_t *const producers[] = {
        &pith_fetch_producer, /* *.url files, [source] */
        &pith_redis_producer, /* [redis], deliver = redis */
        NULL,
    };
    pith_log_init();
    signal(SIGPIPE, SIG_IGN);
    pith_config_t *cfg = NULL;
    pith_config_problems_t problems = {0};
    int rc = pith_config_load(config_path, PITH_CONFIG_CHECK_DIRS, &cfg, &problems);
    if (rc) {
        pith_daemon_log_problems(&problems);
        if (!problems.n)
            pith_log(LOG_ERR, "%s: %s", config_path, pith_err_name(rc));
        pith_config_problems_free(&problems);
        return EX_CONFIG;
    }
    pith_daemon_t *d = NULL;
    pith_err_t err = {0};
    rc = pith_daemon_create(cfg, producers, &d, &err);
    if (rc) {
        pith_log(LOG_ERR, "%s", err.reason);
        switch (rc) {
        case PITH_ECONFIG:
            return EX_CONFIG;
        case PITH_EAGAIN:
            return EX_TEMPFAIL;
        case PITH_ECREATE:
            return EX_CANTCREAT;
        case PITH_EMISSING:
            return EX_NOINPUT;
        default:
            return EX_OSERR;
        }
    }
    pith_daemon_run(d);
    pith_daemon_destroy(d);
    return EX_OK;
}

int pith_cmd_daemon(int argc, char **argv)
{
    const char *path = PITH_DEFAULT_CONFIG;
    int status = 0;
    if (!parse_opts(argc, argv, daemon_usage, &path, &status))
        return status;
    return run_daemon(path);
}
