/*
 * cmd_backup.c - `zhiqian backup FILE [--no-key]` and `zhiqian restore FILE
 * [--force]` (SPEC §10, docs/backup.md).  The work is in svc/backup.c; this
 * file parses the arguments and prints the final line on stdout, notes about
 * the key on stderr.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "svc/backup.h"

/* Also declared in cli_int.h with the other commands of the table. */
extern const struct cli_command cmd_backup;
extern const struct cli_command cmd_restore;

static int
parse(const struct cli_command *cmd, int argc, char **argv, struct backup_opts *o)
{
    for (int i = 1; i < argc; i++) {
        if (cmd == &cmd_backup && strcmp(argv[i], "--no-key") == 0)
            o->no_key = true;
        else if (cmd == &cmd_restore && strcmp(argv[i], "--force") == 0)
            o->force = true;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage(cmd, "未知的选项“%s”", argv[i]);
        else if (o->file != NULL)
            return cli_usage(cmd, "多余的参数“%s”", argv[i]);
        else
            o->file = argv[i];
    }
    if (o->file == NULL || o->file[0] == '\0')
        return cli_usage(cmd, "缺少备份文件 FILE");
    return CLI_OK;
}

static int
finish(const char *what, int rc, const struct backup_opts *o, const struct backup_result *r,
       const struct zq_err *err)
{
    fputs(r->notes, stderr);
    if (rc < 0)
        return cli_fail(err);
    printf("%s: %s (%lld bytes, schema version %d, audit chain %s, %.1f s)\n", what, o->file,
           (long long)r->bytes, r->version, r->audit_ok ? "ok" : "BROKEN", r->seconds);
    if (!r->audit_ok) {
        fputs("zhiqian: 备份已写入，但数据库的审计日志未通过核验，请运行“zhiqian audit "
              "verify”查明\n",
              stderr);
        return CLI_FAIL;
    }
    return CLI_OK;
}

static int
run_backup(struct cli_ctx *ctx, int argc, char **argv)
{
    struct backup_opts o = { 0 };
    struct backup_result r;
    struct zq_err err;
    int rc;

    zq_err_clear(&err);
    memset(&r, 0, sizeof r);
    if ((rc = parse(&cmd_backup, argc, argv, &o)) != CLI_OK)
        return rc;
    rc = backup_run(ctx->cfg, &o, &r, &err);
    return finish("backup", rc, &o, &r, &err);
}

static int
run_restore(struct cli_ctx *ctx, int argc, char **argv)
{
    struct backup_opts o = { 0 };
    struct backup_result r;
    struct zq_err err;
    char actor[96];
    int rc;

    zq_err_clear(&err);
    memset(&r, 0, sizeof r);
    if ((rc = parse(&cmd_restore, argc, argv, &o)) != CLI_OK)
        return rc;
    case_cli_actor(actor);
    o.actor = actor;
    rc = backup_restore(ctx->cfg, &o, &r, &err);
    return finish("restore", rc, &o, &r, &err);
}

const struct cli_command cmd_backup = {
    .name = "backup",
    .summary = "在线备份数据库（服务运行时也可）",
    .usage =
        "用法: zhiqian backup FILE [--no-key]\n"
        "\n"
        "把数据库完整、一致地复制到 FILE。服务（zhiqian serve）可以照常运行：SQLite\n"
        "用在线备份接口分步复制；PostgreSQL 调用 pg_dump -Fc（需安装 postgresql-client）。\n"
        "先写 FILE.tmp，复制完成并通过完整性检查（integrity_check）和审计日志核验后才改名\n"
        "为 FILE；失败时不留下半个文件。完成后输出一行：\n"
        "  backup: FILE (N bytes, schema version V, audit chain ok, T s)\n"
        "\n"
        "个人信息（身份证号、手机号、银行卡号）加密存放，没有密钥备份无法解密：\n"
        "未配置 secret_key 时，密钥文件（数据库旁的 *.key）同时复制为 FILE.key（权限 0600）；\n"
        "配置了 secret_key 时，恢复须用同一个 secret_key。\n"
        "\n"
        "  --no-key  不复制密钥文件（密钥另行保管时用）\n"
        "\n"
        "审计日志未通过核验时仍写出备份，但退出状态为 1。详见 docs/backup.md。\n"
        "\n"
        "示例:\n"
        "  zhiqian backup /srv/backup/zhiqian-$(date +%F).db\n",
    .run = run_backup,
};

const struct cli_command cmd_restore = {
    .name = "restore",
    .summary = "从备份恢复数据库（须先停止服务）",
    .usage = "用法: zhiqian restore FILE [--force]\n"
             "\n"
             "用备份 FILE 替换数据库的全部内容。先检查 FILE：是 zhiqian 数据库、结构版本不比本\n"
             "程序新（较旧的会升级）、通过完整性检查和审计日志核验、密钥能解开其中的个人信息；\n"
             "然后在审计日志中记一条“restore”，再一次性替换（SQLite 为一个写事务；PostgreSQL\n"
             "为 pg_restore --single-transaction）。任何一步失败，数据库保持原样。\n"
             "\n"
             "服务（zhiqian serve）或其他进程正在使用数据库时拒绝恢复：请先停止服务。\n"
             "FILE 旁有 FILE.key 时，它将成为数据库的密钥文件。\n"
             "\n"
             "  --force  数据库已有数据时仍然覆盖（否则拒绝）\n"
             "\n"
             "示例:\n"
             "  zhiqian restore /srv/backup/zhiqian-2026-11-20.db --force\n",
    .run = run_restore,
};
