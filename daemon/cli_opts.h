/* The options `pith clean` and `pith fetch` share (SPEC §1), parsed and
 * prepared in one place so the two commands cannot drift apart: the same
 * flags, the same checks, the same messages, the same output set-up. */
#ifndef PITH_CLI_OPTS_H
#define PITH_CLI_OPTS_H

#include "config.h"
#include "output.h"
#include "pith/pith.h"

typedef struct pith_cli_opts {
    const char *cmd;    /* "clean" or "fetch", for messages */
    const char *format; /* NULL: from the config, else text */
    const char *spool_dir;
    const char *config_path;
    const char *out_dir;
    const char *url;  /* --url */
    long jobs;        /* -j */
    pith_type_t type; /* --type */
    int help;         /* --help: usage printed, nothing to run */
    int ascii;        /* --ascii */
    int body_only;    /* --body-only */
    int links;        /* --links */
} pith_cli_opts_t;

/* Parses argv (argv[0] is the command name). Returns 0 with optind at the
 * first operand (o->help set after --help printed the usage: exit 0), or
 * PITH_EUSAGE with a message on stderr (exit pith_err_exit_code: EX_USAGE). */
int pith_cli_parse(int argc, char **argv, const char *usage, pith_cli_opts_t *o);

/* Loads the configuration (-c, or built-in defaults), fills hints (rules,
 * size cap, type, ascii) and out (format, body-only, -o folder created,
 * spool opened). Returns 0, or with the reason on stderr PITH_ECONFIG,
 * PITH_EUSAGE or PITH_ECREATE (pith_err_exit_code gives the exit status).
 * The caller destroys *cfg and closes out->spool. */
int pith_cli_prepare(const pith_cli_opts_t *o, pith_config_t **cfg, pith_hints_t *hints,
                     pith_output_t *out);

#endif
