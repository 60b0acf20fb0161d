/*
 * cli.h - the command-line front door (SPEC §10): global options, the command
 * table, exit codes 0 ok, 1 failure, 2 usage, 3 import with rejected rows.
 */
#ifndef ZQ_CLI_CLI_H
#define ZQ_CLI_CLI_H

enum cli_exit { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2, CLI_REJECTED = 3 };

int cli_main(int argc, char **argv);

#endif
