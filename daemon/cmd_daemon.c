/* PLACEHOLDER: the daemon module replaces this file. */
#include <stdio.h>
#include <sysexits.h>

#include "cli.h"

int pith_cmd_daemon(int argc, char **argv)
{
    fputs("pith daemon: not built yet\n", stderr);
    return EX_UNAVAILABLE;
}

int pith_cmd_check_config(int argc, char **argv)
{
    fputs("pith check-config: not built yet\n", stderr);
    return EX_UNAVAILABLE;
}
