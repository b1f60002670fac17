/* pith: the command-line tool. Only dispatch lives here; each subcommand is
 * its own module built on the core's public API. */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"

static const char usage[] =
    "usage: pith COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "Turn raw news material into clean, normalized article text with metadata.\n"
    "\n"
    "commands:\n"
    "  clean [OPTIONS] [FILE|-]...   clean files (or stdin), print or write results\n"
    "  fetch [OPTIONS] URL...        fetch pages, clean them, print or write results\n"
    "  daemon [-c FILE]              run the service in the foreground\n"
    "  check-config [-c FILE]        validate a configuration\n"
    "  push [OPTIONS] FILE|URL|-...  add inputs to the Redis input stream\n"
    "\n"
    "  pith --version | --help       (every command has --help too)\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EX_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("pith %s\n", PITH_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "clean"))
        return pith_cmd_clean(argc - 1, argv + 1);
    if (!strcmp(cmd, "fetch"))
        return pith_cmd_fetch(argc - 1, argv + 1);
    if (!strcmp(cmd, "daemon"))
        return pith_cmd_daemon(argc - 1, argv + 1);
    if (!strcmp(cmd, "push"))
        return pith_cmd_push(argc - 1, argv + 1);
    if (!strcmp(cmd, "check-config"))
        return pith_cmd_check_config(argc - 1, argv + 1);
    fprintf(stderr, "pith: unknown command '%s'\n%s", cmd, usage);
    return EX_USAGE;
}
