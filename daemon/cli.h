/* The subcommands of the `pith` tool. Each takes the arguments after the
 * subcommand name (argv[0] is the subcommand) and returns a sysexits.h
 * status. */
#ifndef PITH_CLI_H
#define PITH_CLI_H

int pith_cmd_clean(int argc, char **argv);
int pith_cmd_fetch(int argc, char **argv);
int pith_cmd_daemon(int argc, char **argv);
int pith_cmd_check_config(int argc, char **argv);
int pith_cmd_push(int argc, char **argv);
/* fetch, daemon, push or check-config as argv[1] says (argv as main's). */
int pith_cmd_service(int argc, char **argv);

#endif
