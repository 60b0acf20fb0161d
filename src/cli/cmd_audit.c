/*
 * cmd_audit.c - `zhiqian audit verify [--expect-head HEX]`: check the audit
 * log's hash chain from the first entry to the last.
 *
 * An intact log prints "audit log ok: N entries" and "head: HEX" on stdout
 * (scripts read them; the head is what an operator records elsewhere as an
 * anchor) and exits 0.  A broken one names the first bad entry on stderr and
 * exits 1.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "svc/app.h"
#include "svc/audit.h"

/* Also declared in cli_int.h with the other commands of the table. */
extern const struct cli_command cmd_audit;

static int
report(const struct audit_verify_result *res)
{
    char hex[AUDIT_HEX_LEN];

    if (res->broken == AUDIT_INTACT) {
        printf("audit log ok: %lld entries\n", (long long)res->entries);
        printf("head: %s\n", audit_hex(res->head, hex));
        return CLI_OK;
    }
    if (res->broken == AUDIT_ANCHOR_MISSING)
        fprintf(stderr, "zhiqian: 审计日志与记录的链头不符：%s\n", res->reason);
    else
        fprintf(stderr, "zhiqian: 审计日志第 %lld 条被篡改：%s\n", (long long)res->broken_seq,
                res->reason);
    if (res->head_seq == 1)
        fprintf(stderr, "zhiqian: 第 1 条完好，其哈希为 %s\n", audit_hex(res->head, hex));
    else if (res->head_seq > 1)
        fprintf(stderr, "zhiqian: 第 1 至 %lld 条完好，第 %lld 条的哈希为 %s\n",
                (long long)res->head_seq, (long long)res->head_seq, audit_hex(res->head, hex));
    else
        fputs("zhiqian: 没有完好的条目\n", stderr);
    return CLI_FAIL;
}

static int
verify(struct cli_ctx *ctx, int argc, char **argv)
{
    unsigned char anchor[AUDIT_HASH_LEN];
    const char *expect = NULL;
    struct audit_verify_result res = { 0 };
    struct app *app = NULL;
    struct zq_err err;
    int rc;

    zq_err_clear(&err);
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--expect-head") == 0 && i + 1 < argc)
            expect = argv[++i];
        else if (strncmp(argv[i], "--expect-head=", 14) == 0)
            expect = argv[i] + 14;
        else
            return cli_usage(&cmd_audit, "未知的参数“%s”（或缺少参数）", argv[i]);
    }
    if (expect != NULL && audit_parse_hex(expect, anchor, &err) < 0)
        return cli_usage(&cmd_audit, "--expect-head 的%s", err.msg);
    /* APP_DB_IF_EXISTS: verifying must not create an empty database file */
    if (app_open(ctx->cfg, APP_DB_IF_EXISTS | APP_SCHEMA, &app, &err) < 0)
        goto fail;
    if (app->st == NULL) {
        zq_err_set(&err, ZQ_EINVAL, "数据库 %s 不存在，请先运行“zhiqian init”",
                   config_get(ctx->cfg, "db"));
        goto fail;
    }
    if (audit_verify_anchored(app, expect ? anchor : NULL, &res, &err) < 0)
        goto fail;
    rc = report(&res);
    app_free(app);
    return rc;
fail:
    app_free(app);
    return cli_fail(&err);
}

static int
run_audit(struct cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage(&cmd_audit, "缺少子命令（verify）");
    if (strcmp(argv[1], "verify") != 0)
        return cli_usage(&cmd_audit, "未知的子命令“%s”", argv[1]);
    return verify(ctx, argc, argv);
}

const struct cli_command cmd_audit = {
    .name = "audit",
    .summary = "核验审计日志的哈希链是否被篡改",
    .usage = "用法: zhiqian audit verify [--expect-head HEX]\n"
             "\n"
             "从第 1 条起逐条核验审计日志：每条的哈希须与其内容相符，并与前一条的哈希相连，\n"
             "序号连续。日志完好时输出条目数和链头哈希（head），退出状态 0；否则在标准错误\n"
             "输出第一条被修改、删除或伪造的条目及原因，退出状态 1。\n"
             "\n"
             "能改写数据库的人可以删除链尾或重算其后所有条目的哈希，仅凭链本身发现不了。\n"
             "请定期把输出的链头哈希记在数据库以外的地方（锚点），核验时用 --expect-head\n"
             "给出：链中没有该哈希的条目即视为被篡改。\n"
             "\n"
             "  --expect-head HEX  要求链中有哈希为 HEX（64 个十六进制数字）的条目\n"
             "\n"
             "示例:\n"
             "  zhiqian audit verify\n"
             "  zhiqian audit verify --expect-head 3f1c…（此前记下的 head）\n",
    .run = run_audit,
};
