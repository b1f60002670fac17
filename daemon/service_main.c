/* pith-service: the commands that need the service libraries (libuv,
 * libcurl, libxml2, SQLite, libsystemd, hiredis). Not run by hand: the
 * installed `pith` execs it with its own argv for fetch, daemon, push and
 * check-config (see main.c), so argv[1] is the command and messages, exit
 * codes and the pid are the ones `pith` would have had. */
#include <sys/prctl.h>

#include "cli.h"

int main(int argc, char **argv)
{
    /* The kernel names the process after the file run; ps, top and the
     * journal's _COMM keep saying pith. */
    prctl(PR_SET_NAME, "pith", 0, 0, 0);
    return pith_cmd_service(argc, argv);
}
