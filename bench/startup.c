/* Start-up cost of `pith clean` on a tiny file, as a ratio to /bin/true.
 *
 * Most of a one-shot clean of a small file is the process start: exec, the
 * dynamic loader binding libraries, the built-in profiles. Each round runs
 * every command once, in the same loop (posix_spawn, waitpid, wall clock
 * around both), interleaved so that load on a shared machine hits them
 * alike; the medians and their ratio to /bin/true are printed. Ratios in one
 * run are comparable across machines, the milliseconds are not. Figures
 * only; nothing is asserted.
 *
 *   bench_startup PITH [ROUNDS]   (ROUNDS defaults to 300) */
#include "benchfiles.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

enum { NCMD = 4, MAX_ROUNDS = 100000 };

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Runs argv once with stdout and stderr on /dev/null; seconds, or -1 when it
 * could not be started or did not exit 0. */
static double run_once(char *const argv[], int devnull)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, devnull, 1);
    posix_spawn_file_actions_adddup2(&fa, devnull, 2);
    double t0 = bench_seconds(CLOCK_MONOTONIC);
    pid_t pid;
    int st = -1;
    if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) == 0)
        waitpid(pid, &st, 0);
    double t = bench_seconds(CLOCK_MONOTONIC) - t0;
    posix_spawn_file_actions_destroy(&fa);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? t : -1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_startup PITH [ROUNDS]\n");
        return 64;
    }
    char *pith = argv[1];
    long rounds = argc > 2 ? strtol(argv[2], NULL, 10) : 300;
    if (rounds < 1 || rounds > MAX_ROUNDS)
        rounds = 300;
    char tiny[] = "/tmp/pith-startup-XXXXXX";
    int fd = mkstemp(tiny);
    static const char text[] = "A short headline\n\n"
                               "One paragraph of running text, long enough to be an article body "
                               "for the cleaner, with a few words more to make it a sentence.\n";
    if (fd < 0 || write(fd, text, sizeof text - 1) != (ssize_t)(sizeof text - 1)) {
        perror("bench_startup: tiny file");
        return 74;
    }
    close(fd);
    char *cmds[NCMD][5] = {{"/bin/true", NULL},
                           {pith, "--version", NULL},
                           {pith, "clean", tiny, NULL},
                           {pith, "check-config", "--help", NULL}};
    const char *names[NCMD] = {"/bin/true", "pith --version", "pith clean (tiny file)",
                               "pith check-config --help (via pith-service)"};
    double *t[NCMD];
    int devnull = open("/dev/null", O_WRONLY);
    int status = 0;
    for (int c = 0; c < NCMD; c++)
        if (!(t[c] = calloc((size_t)rounds, sizeof *t[c])))
            return 71;
    for (long r = 0; r < rounds && !status; r++)
        for (int c = 0; c < NCMD; c++)
            if ((t[c][r] = run_once(cmds[c], devnull)) < 0) {
                fprintf(stderr, "bench_startup: %s failed\n", names[c]);
                status = 1;
                break;
            }
    unlink(tiny);
    if (status)
        return status;
    double base = 0;
    printf("%ld rounds, median wall time per run:\n", rounds);
    for (int c = 0; c < NCMD; c++) {
        qsort(t[c], (size_t)rounds, sizeof *t[c], cmp_double);
        double med = t[c][rounds / 2];
        if (c == 0)
            base = med;
        printf("  %-44s %7.3f ms  %5.2fx /bin/true\n", names[c], med * 1e3, med / base);
        free(t[c]);
    }
    return 0;
}
