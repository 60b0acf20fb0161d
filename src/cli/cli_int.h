/*
 * cli_int.h - private to cli/: the command table and the context every
 * command receives.
 */
#ifndef ZQ_CLI_CLI_INT_H
#define ZQ_CLI_CLI_INT_H

#include <stdbool.h>

#include "core/config.h"
#include "core/err.h"

struct cli_ctx {
    struct config *cfg; /* owned by cli_main; "db" holds the --db value */
    const char *prog;   /* argv[0] */
};

struct cli_command {
    const char *name;
    const char *summary; /* one line, Chinese */
    const char *usage;   /* full help: synopsis, arguments, examples */
    /* argv[0] is the command name; returns an enum cli_exit value */
    int (*run)(struct cli_ctx *ctx, int argc, char **argv);
};

/* Print "zhiqian: MESSAGE" (and position, if any) on stderr; returns the exit
 * status matching err->code (usage 2, rejected rows 3, anything else 1). */
int cli_fail(const struct zq_err *err);
/* Print a usage error for `cmd` and return CLI_USAGE. */
int cli_usage(const struct cli_command *cmd, const char *fmt, ...) ZQ_PRINTF(2, 3);
/* True when argv has -h or --help. */
bool cli_wants_help(int argc, char **argv);
/* Print a command's help text on stdout; returns CLI_OK. */
int cli_help(const struct cli_command *cmd);

extern const struct cli_command cmd_init;
extern const struct cli_command cmd_check;
extern const struct cli_command cmd_calendar;
extern const struct cli_command cmd_import;
extern const struct cli_command cmd_risk;
extern const struct cli_command cmd_gen;
extern const struct cli_command cmd_audit;
extern const struct cli_command cmd_serve;
extern const struct cli_command cmd_user;
extern const struct cli_command cmd_token;
extern const struct cli_command cmd_scan;
extern const struct cli_command cmd_warnings;
extern const struct cli_command cmd_ledger;
extern const struct cli_command cmd_deposit;
extern const struct cli_command cmd_demo;
extern const struct cli_command cmd_version;
extern const struct cli_command cmd_case;
/* "cli:USER", the audit actor of a command (cmd_case.c). */
void case_cli_actor(char out[96]);
extern const struct cli_command cmd_fund;
extern const struct cli_command cmd_zero;
extern const struct cli_command cmd_report;
extern const struct cli_command cmd_notice_board;
extern const struct cli_command cmd_clue;
extern const struct cli_command cmd_blacklist;
extern const struct cli_command cmd_rating;
extern const struct cli_command cmd_incident;
extern const struct cli_command cmd_zero_report;
extern const struct cli_command cmd_supervision;
extern const struct cli_command cmd_backup;
extern const struct cli_command cmd_restore;

#endif
