/* PLACEHOLDER: the fetch module replaces this file. */
#include <stdio.h>
#include <sysexits.h>

#include "cli.h"

int pith_cmd_fetch(int argc, char **argv)
{
    fputs("pith fetch: not built yet\n", stderr);
    return EX_UNAVAILABLE;
}
