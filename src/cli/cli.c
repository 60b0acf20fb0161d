/*
 * cli.c - global options and dispatch over the command table (SPEC §10).
 *
 *     zhiqian [--db PATH|postgresql://URI] [--config FILE] COMMAND [ARGS]
 *
 * The configuration is built here (defaults < --config file < environment <
 * command line) and owned by cli_main for the whole run.
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli_int.h"
#include "core/log.h"

/* One row per group of commands, kept by hand so that additions merge cleanly. */
/* clang-format off */
static const struct cli_command *const commands[] = {
    &cmd_init,     &cmd_check,  &cmd_calendar, &cmd_import, &cmd_gen,
    &cmd_audit,    &cmd_serve,  &cmd_user,     &cmd_token,  &cmd_scan,
    &cmd_warnings, &cmd_ledger, &cmd_deposit,  &cmd_demo,   &cmd_version,
    &cmd_risk,
    &cmd_case,     &cmd_fund,   &cmd_zero,
    &cmd_report,   &cmd_notice_board,
    &cmd_clue,
    &cmd_blacklist, &cmd_rating, &cmd_incident, &cmd_zero_report, &cmd_supervision,
    &cmd_backup,    &cmd_restore,
};
/* clang-format on */
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct cli_command *
find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

static void
print_main_help(FILE *out)
{
    fputs("用法: zhiqian [--db PATH|postgresql://URI] [--config FILE] 命令 [参数]\n"
          "\n"
          "治欠 —— 根治拖欠农民工工资监管平台\n"
          "\n"
          "命令:\n",
          out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fputs("\n"
          "全局选项:\n"
          "  --db URI       数据库：SQLite 文件路径（默认 zhiqian.db）或 postgresql://…\n"
          "  --config FILE  配置文件（INI）；环境变量 ZHIQIAN_* 优先于配置文件\n"
          "  -h, --help     显示帮助；“zhiqian 命令 --help”显示该命令的帮助\n"
          "\n"
          "退出状态: 0 成功，1 失败，2 用法错误，3 导入完成但有被拒绝的行\n",
          out);
}

int
cli_fail(const struct zq_err *err)
{
    if (err->line > 0 && strstr(err->msg, "行") == NULL)
        fprintf(stderr, "zhiqian: %s%s第 %ld 行：%s\n", err->file, err->file[0] ? " " : "",
                err->line, err->msg);
    else
        fprintf(stderr, "zhiqian: %s\n", err->msg[0] ? err->msg : "操作失败");
    switch (err->code) {
    case ZQ_EUSAGE:
        return CLI_USAGE;
    case ZQ_EREJECTED:
        return CLI_REJECTED;
    default:
        return CLI_FAIL;
    }
}

int
cli_usage(const struct cli_command *cmd, const char *fmt, ...)
{
    va_list ap;

    fputs("zhiqian: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n运行“zhiqian %s --help”查看用法。\n", cmd->name);
    return CLI_USAGE;
}

bool
cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return true;
    }
    return false;
}

int
cli_help(const struct cli_command *cmd)
{
    fputs(cmd->usage, stdout);
    return CLI_OK;
}

/* Consumes the global options; *first gets the index of the command. */
static int
parse_globals(int argc, char **argv, struct cli_ctx *ctx, int *first)
{
    const char *config_path = NULL, *db = NULL;
    struct zq_err err;
    int i;

    zq_err_clear(&err);
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            db = argv[++i];
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            db = argv[i] + 5;
        } else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            config_path = argv[++i];
        } else if (strncmp(argv[i], "--config=", 9) == 0) {
            config_path = argv[i] + 9;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            print_main_help(stdout);
            return 1;
        } else {
            fprintf(stderr, "zhiqian: 未知的全局选项“%s”（或缺少参数）\n", argv[i]);
            print_main_help(stderr);
            return -CLI_USAGE;
        }
    }
    if ((config_path && config_load_file(ctx->cfg, config_path, &err) < 0) ||
        config_load_env(ctx->cfg, &err) < 0 || (db && config_set(ctx->cfg, "db", db, &err) < 0))
        return -cli_fail(&err);
    {
        int lv = log_level_parse(config_get(ctx->cfg, "log_level"));
        if (lv < 0) {
            fprintf(stderr, "zhiqian: 配置项 log_level 的值“%s”无效\n",
                    config_get(ctx->cfg, "log_level"));
            return -CLI_FAIL;
        }
        log_set_level((enum log_level)lv);
    }
    *first = i;
    return 0;
}

int
cli_main(int argc, char **argv)
{
    struct cli_ctx ctx = { .cfg = config_new(), .prog = argv[0] };
    const struct cli_command *cmd;
    int first = 0, rc;

    rc = parse_globals(argc, argv, &ctx, &first);
    if (rc != 0) {
        config_free(ctx.cfg);
        return rc > 0 ? CLI_OK : -rc;
    }
    if (first >= argc) {
        print_main_help(stderr);
        config_free(ctx.cfg);
        return CLI_USAGE;
    }
    if (strcmp(argv[first], "help") == 0) {
        cmd = first + 1 < argc ? find_command(argv[first + 1]) : NULL;
        if (cmd != NULL)
            rc = cli_help(cmd);
        else
            print_main_help(stdout);
        config_free(ctx.cfg);
        return rc;
    }
    cmd = find_command(argv[first]);
    if (cmd == NULL) {
        fprintf(stderr, "zhiqian: 未知的命令“%s”\n\n", argv[first]);
        print_main_help(stderr);
        config_free(ctx.cfg);
        return CLI_USAGE;
    }
    if (cli_wants_help(argc - first, argv + first))
        rc = cli_help(cmd);
    else
        rc = cmd->run(&ctx, argc - first, argv + first);
    config_free(ctx.cfg);
    return rc;
}
