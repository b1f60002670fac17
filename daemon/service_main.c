/* pith-service: the commands that need the service libraries (libuv,
 * libcurl, libxml2, SQLite, libsystemd, hiredis). Not run by hand: `pith`
 * execs it with its own argv for fetch, daemon, push and check-config (see
 * main.c), so argv[1] is the command and messages, exit codes and the pid
 * are the ones `pith` would have had. */
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sysexits.h>

#include "cli.h"
#include "pith.h"

int main(int argc, char **argv)
{
    /* The kernel names the process after the file run; ps, top and the
     * journal's _COMM keep saying pith. */
    prctl(PR_SET_NAME, "pith", 0, 0, 0);
    const char *cmd = argc > 1 ? argv[1] : "";
    /* The commands that clean build the core's tables first (see main.c). */
    if (!strcmp(cmd, "fetch") || !strcmp(cmd, "daemon")) {
        pith_err_t err = {0};
        if (pith_core_init(&err)) {
            fprintf(stderr, "pith %s: %s\n", cmd, err.reason);
            return pith_err_exit_code(err.code);
        }
    }
    if (!strcmp(cmd, "fetch"))
        return pith_cmd_fetch(argc - 1, argv + 1);
    if (!strcmp(cmd, "daemon"))
        return pith_cmd_daemon(argc - 1, argv + 1);
    if (!strcmp(cmd, "push"))
        return pith_cmd_push(argc - 1, argv + 1);
    if (!strcmp(cmd, "check-config"))
        return pith_cmd_check_config(argc - 1, argv + 1);
    fprintf(stderr, "pith-service: run by pith for fetch, daemon, push and check-config; "
                    "use pith COMMAND\n");
    return EX_USAGE;
}
