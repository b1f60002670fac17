/* The service's commands in one dispatcher: fetch, daemon, push and
 * check-config, the commands that need the service libraries (libuv,
 * libcurl, libxml2, SQLite, libsystemd, hiredis). pith-service's main calls
 * it after `pith` exec'd it, and the build tree's all-in-one `pith` calls it
 * in-process, so both run the very same code for these commands. */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "cli.h"
#include "pith/pith.h"

int pith_cmd_service(int argc, char **argv)
{
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
