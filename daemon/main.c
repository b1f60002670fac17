/* pith: the command-line tool. Only dispatch lives here.
 *
 * `clean` runs in this process, which links only the cleaning core and the
 * clean side of the shell (options, output, spool). Every other command is
 * the service's: this process replaces itself (execv, same pid, same argv)
 * with pith-service, installed beside it in libexec, which links libuv,
 * libcurl, libxml2, SQLite, libsystemd and hiredis. So a one-shot clean
 * does not pay the dynamic loader for libraries it never calls (8.8 ms ->
 * about 1 ms on a tiny file), and the user still types `pith fetch`.
 *
 * Built with PITH_ALL_IN_ONE (the build tree's `pith`), the same dispatch
 * runs the service's commands in this process instead: one binary that links
 * everything, which the tests drive and whose libraries are the whole
 * product's (what a packager or the systemd harness reads with ldd). `make
 * install` installs the split pair: this file built without it as bin/pith,
 * and pith-service in libexec. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "cli.h"
#include "pith/pith.h"

#ifndef PITH_SERVICE_REL
#define PITH_SERVICE_REL "../libexec/pith/pith-service"
#endif

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

/* Runs pith-service with our argv. It is looked for where `make install`
 * puts it relative to this binary (PITH_SERVICE_REL, from bindir to
 * libexecdir), then beside this binary (the build tree), so an installed
 * tree can be moved and the build tree runs without installing. The path
 * comes from /proc/self/exe, never from PATH or argv[0]. Returns only on
 * failure. */
#ifndef PITH_ALL_IN_ONE
static int exec_service(char **argv)
{
    char self[PATH_MAX], path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        fprintf(stderr, "pith: cannot find its own binary: %s\n", strerror(errno));
        return EX_OSERR;
    }
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    *(slash ? slash : self) = '\0';
    const char *tries[] = {PITH_SERVICE_REL, "pith-service"};
    int saved = ENOENT;
    for (size_t i = 0; i < sizeof tries / sizeof *tries; i++) {
        if (snprintf(path, sizeof path, "%s/%s", self, tries[i]) >= (int)sizeof path)
            continue;
        execv(path, argv);
        if (errno != ENOENT || i == 0)
            saved = errno;
    }
    fprintf(stderr, "pith: cannot run %s/%s: %s\n", self, PITH_SERVICE_REL, strerror(saved));
    return EX_UNAVAILABLE;
}
#endif

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
    if (!strcmp(cmd, "clean")) {
        /* The core's tables first, so that one that cannot be built stops
         * the command with its reason instead of cleaning worse without it
         * (pith-service does the same for fetch and daemon). */
        pith_err_t err = {0};
        if (pith_core_init(&err)) {
            fprintf(stderr, "pith clean: %s\n", err.reason);
            return pith_err_exit_code(err.code);
        }
        return pith_cmd_clean(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "fetch") || !strcmp(cmd, "daemon") || !strcmp(cmd, "push") ||
        !strcmp(cmd, "check-config")) {
#ifdef PITH_ALL_IN_ONE
        return pith_cmd_service(argc, argv);
#else
        return exec_service(argv);
#endif
    }
    fprintf(stderr, "pith: unknown command '%s'\n%s", cmd, usage);
    return EX_USAGE;
}
