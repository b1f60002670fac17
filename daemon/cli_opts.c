/* Shared option handling for the one-shot commands. */
#include "cli_opts.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int parse_type(const char *s, pith_type_t *t)
{
    if (!strcmp(s, "auto"))
        *t = PITH_TYPE_AUTO;
    else if (!strcmp(s, "html"))
        *t = PITH_TYPE_HTML;
    else if (!strcmp(s, "text"))
        *t = PITH_TYPE_TEXT;
    else
        return PITH_EUSAGE;
    return 0;
}

int pith_cli_parse(int argc, char **argv, const char *usage, pith_cli_opts_t *o)
{
    enum { O_FORMAT = 256, O_BODY, O_TYPE, O_URL, O_SPOOL, O_ASCII, O_LINKS };
    static const struct option opts[] = {{"format", required_argument, 0, O_FORMAT},
                                         {"body-only", no_argument, 0, O_BODY},
                                         {"type", required_argument, 0, O_TYPE},
                                         {"url", required_argument, 0, O_URL},
                                         {"spool", required_argument, 0, O_SPOOL},
                                         {"ascii", no_argument, 0, O_ASCII},
                                         {"links", no_argument, 0, O_LINKS},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:j:c:h", opts, NULL)) != -1) {
        switch (c) {
        case O_FORMAT:
            o->format = optarg;
            break;
        case O_BODY:
            o->body_only = 1;
            break;
        case O_TYPE:
            if (parse_type(optarg, &o->type)) {
                fprintf(stderr, "pith %s: --type must be auto, html or text\n", o->cmd);
                return PITH_EUSAGE;
            }
            break;
        case O_URL:
            o->url = optarg;
            break;
        case O_SPOOL:
            o->spool_dir = optarg;
            break;
        case O_ASCII:
            o->ascii = 1;
            break;
        case O_LINKS:
            o->links = 1;
            break;
        case 'o':
            o->out_dir = optarg;
            break;
        case 'c':
            o->config_path = optarg;
            break;
        case 'j':
            errno = 0;
            o->jobs = strtol(optarg, &end, 10);
            if (errno || *end || o->jobs < 1 || o->jobs > 256) {
                fprintf(stderr, "pith %s: -j needs a number from 1 to 256\n", o->cmd);
                return PITH_EUSAGE;
            }
            break;
        case 'h':
            fputs(usage, stdout);
            o->help = 1;
            return 0;
        default:
            fputs(usage, stderr);
            return PITH_EUSAGE;
        }
    }
    pith_format_t f;
    if (o->format && pith_render_format_parse(o->format, &f)) {
        fprintf(stderr, "pith %s: --format must be text, json or markdown\n", o->cmd);
        return PITH_EUSAGE;
    }
    /* JSON always carries the metadata: --body-only would be silently
     * ignored, so the pair is refused rather than guessed at. */
    if (o->body_only && o->format && !strcmp(o->format, "json")) {
        fprintf(stderr,
                "pith %s: --body-only is for text and markdown output; --format json always "
                "includes the metadata\n",
                o->cmd);
        return PITH_EUSAGE;
    }
    if (o->out_dir && o->spool_dir) {
        fprintf(stderr, "pith %s: -o and --spool cannot be used together\n", o->cmd);
        return PITH_EUSAGE;
    }
    return 0;
}

int pith_cli_prepare(const pith_cli_opts_t *o, pith_config_t **cfg, pith_hints_t *hints,
                     pith_output_t *out)
{
    pith_config_problems_t problems = {0};
    *cfg = NULL;
    if (pith_config_load(o->config_path, 0, cfg, &problems) != 0) {
        for (size_t i = 0; i < problems.n; i++)
            fprintf(stderr, "%s:%d: %s\n", problems.items[i].file, problems.items[i].line,
                    problems.items[i].reason);
        if (!problems.n)
            fprintf(stderr, "pith %s: %s: cannot load configuration\n", o->cmd,
                    o->config_path ? o->config_path : "(defaults)");
        pith_config_problems_free(&problems);
        return PITH_ECONFIG;
    }
    pith_config_problems_free(&problems);
    hints->rules = (*cfg)->rules;
    hints->max_bytes = (*cfg)->max_input_bytes;
    hints->type = o->type;
    hints->ascii = o->ascii;
    /* Without --format, a configuration's `format` applies; else text. */
    out->format = PITH_FORMAT_TEXT;
    if (o->format)
        pith_render_format_parse(o->format, &out->format);
    else if (o->config_path)
        out->format = (pith_format_t)(*cfg)->format;
    if (o->body_only && out->format == PITH_FORMAT_JSON) {
        fprintf(stderr,
                "pith %s: --body-only is for text and markdown output, and %s sets format = json; "
                "add --format text\n",
                o->cmd, o->config_path);
        return PITH_EUSAGE;
    }
    out->body_only = o->body_only;
    /* Links are written by the Markdown format only; elsewhere there is
     * nothing to note them for. */
    hints->links =
        out->format == PITH_FORMAT_MARKDOWN && (o->links || (o->config_path && (*cfg)->links));
    out->out_dir = o->out_dir;

    if (o->out_dir) {
        struct stat st;
        if (mkdir(o->out_dir, 0755) != 0 && errno != EEXIST) {
            fprintf(stderr, "pith %s: %s: cannot create: %s\n", o->cmd, o->out_dir,
                    strerror(errno));
            return PITH_ECREATE;
        }
        if (stat(o->out_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            fprintf(stderr, "pith %s: %s: not a directory\n", o->cmd, o->out_dir);
            return PITH_ECREATE;
        }
    }
    if (o->spool_dir) {
        pith_err_t err = {0};
        if (pith_spool_open(o->spool_dir, &out->spool, &err)) {
            fprintf(stderr, "pith %s: %s\n", o->cmd, err.reason);
            return PITH_ECREATE;
        }
    }
    return 0;
}
