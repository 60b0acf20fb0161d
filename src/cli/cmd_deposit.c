/*
 * cmd_deposit.c - `zhiqian deposit calc PROJECT_CODE [--as-of DATE]`: the
 * required wage deposit and each step of its calculation (SPEC §6), the
 * deposits valid on the date and the shortfall.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "core/money.h"
#include "svc/deposit.h"

extern const struct cli_command cmd_deposit;

static void
print_report(const struct deposit_report *r, zq_date as_of)
{
    char a[MONEY_GROUPED_LEN], d[DATE_STR_LEN];

    printf("项目：%s %s\n", r->code, r->name);
    printf("施工总承包单位：%s（%s）\n", r->contractor, r->contractor_uscc);
    printf("管理地区：%s，计算日期：%s\n", r->area, date_format(as_of, d));
    puts("应存金额的计算：");
    for (int i = 0; i < r->req.nsteps; i++)
        printf("  %d. %s\n", i + 1, r->req.steps[i]);
    printf("有效保证金（截至 %s）：\n", d);
    printf("  现金存储 %s 元\n", money_format_grouped(r->valid.cash_fen, a));
    if (r->valid.drawn_fen > 0)
        printf("  减：已动用 %s 元\n", money_format_grouped(r->valid.drawn_fen, a));
    if (r->valid.refilled_fen > 0)
        printf("  加：已补足 %s 元\n", money_format_grouped(r->valid.refilled_fen, a));
    printf("  有效保函 %d 份 %s 元\n", r->valid.guarantees,
           money_format_grouped(r->valid.guarantee_fen, a));
    if (r->valid.expired_fen > 0)
        printf("  （已到期保函 %s 元不计）\n", money_format_grouped(r->valid.expired_fen, a));
    printf("  合计 %s 元\n", money_format_grouped(r->valid.valid_fen, a));
    printf("应存金额：%s 元\n", money_format_grouped(r->req.required_fen, a));
    printf("有效保证金：%s 元\n", money_format_grouped(r->valid.valid_fen, a));
    if (r->shortfall_fen > 0)
        printf("差额：%s 元（未足额存储，W09）\n", money_format_grouped(r->shortfall_fen, a));
    else
        puts("差额：0.00 元（已足额）");
}

static int
run_deposit(struct cli_ctx *ctx, int argc, char **argv)
{
    zq_date as_of = date_today();
    const char *code = NULL;
    struct deposit_report r;
    struct app *app = NULL;
    struct zq_err err;

    zq_err_clear(&err);
    if (argc < 2 || strcmp(argv[1], "calc") != 0)
        return cli_usage(&cmd_deposit, "缺少子命令（calc）");
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--as-of") == 0 && i + 1 < argc) {
            if (date_parse(str_from(argv[++i]), &as_of, &err) < 0)
                return cli_usage(&cmd_deposit, "--as-of：%s", err.msg);
        } else if (argv[i][0] != '-' && code == NULL) {
            code = argv[i];
        } else {
            return cli_usage(&cmd_deposit, "未知的参数“%s”", argv[i]);
        }
    }
    if (code == NULL)
        return cli_usage(&cmd_deposit, "缺少项目编号");
    if (app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err) < 0 ||
        deposit_calc(app, code, as_of, &r, &err) < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    print_report(&r, as_of);
    app_free(app);
    return CLI_OK;
}

const struct cli_command cmd_deposit = {
    .name = "deposit",
    .summary = "计算项目应存的农民工工资保证金并列出每一步",
    .usage =
        "用法: zhiqian deposit calc PROJECT_CODE [--as-of YYYY-MM-DD]\n"
        "\n"
        "按《工程建设领域农民工工资保证金规定》和本地配置（deposit.*）计算应存金额：基准比例、\n"
        "因施工总承包单位的记录而下浮、免存或上浮的理由、上限，以及截至计算日期（默认今天）\n"
        "的有效保证金（现金减动用加补足，保函到期前有效）和差额。\n"
        "\n"
        "示例:\n"
        "  zhiqian deposit calc XH-2025-0018\n",
    .run = run_deposit,
};
