/*
 * cmd_scan.c - `zhiqian scan [--as-of YYYY-MM-DD] [--full | --incremental]`:
 * run the warning rules over the data as it stood on the date and print the
 * hits by rule and level, then what changed in the warnings.
 */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "cli/cli_out.h"
#include "svc/app.h"
#include "svc/scan.h"

extern const struct cli_command cmd_scan;

/* "cli:<login name>" for the audit log. */
static void
cli_actor(char *out, size_t cap)
{
    const struct passwd *pw = getpwuid(getuid());

    snprintf(out, cap, "cli:%s", pw != NULL && pw->pw_name != NULL ? pw->pw_name : "unknown");
}

static void
count_row(const char *code, const char *name, const int64_t *c)
{
    cli_pad(stdout, code, 6);
    cli_pad(stdout, name, 30);
    printf("%6lld %6lld %6lld %6lld\n", (long long)c[LEVEL_RED], (long long)c[LEVEL_ORANGE],
           (long long)c[LEVEL_YELLOW], (long long)c[0]);
}

static void
print_counts(const struct scan_result *r, const char *asof)
{
    int64_t tot[4] = { 0 };

    printf("扫描日期 %s（%s），评估项目 %lld 个，用时 %.2f 秒\n", asof,
           r->incremental ? "增量" : "全量", (long long)r->projects, r->seconds);
    if (r->note[0])
        printf("%s\n", r->note);
    printf("项目摘要：沿用 %lld，按月更新 %lld，由明细重新计算 %lld\n", (long long)r->reused,
           (long long)r->refreshed, (long long)r->digested);
    cli_pad(stdout, "规则", 6);
    cli_pad(stdout, "名称", 30);
    printf("    红     橙     黄   合计\n"); /* right-aligned over the %6lld columns */
    for (int i = 1; i < RULE_COUNT; i++) {
        int64_t c[4];
        if (rule_defs[i].pass == PASS_MODIFIER)
            continue;
        memcpy(c, r->counts[i], sizeof c);
        c[0] = c[LEVEL_RED] + c[LEVEL_ORANGE] + c[LEVEL_YELLOW];
        count_row(rule_defs[i].code, rule_defs[i].name, c);
        for (int l = 0; l < 4; l++)
            tot[l] += c[l];
    }
    count_row("合计", "", tot);
    printf("预警 %lld 条：新增 %lld，重新打开 %lld，内容变化 %lld，自动解除 %lld\n",
           (long long)r->c.found, (long long)r->c.opened, (long long)r->c.reopened,
           (long long)r->c.changed, (long long)r->c.resolved);
    printf("违约风险（本次评估的在建项目）：高 %lld，中 %lld，低 %lld（zhiqian risk 查看）\n",
           (long long)r->risk[2], (long long)r->risk[1], (long long)r->risk[0]);
}

static int
run_scan(struct cli_ctx *ctx, int argc, char **argv)
{
    struct scan_opts o = { .as_of = date_today(), .mode = SCAN_AUTO };
    char actor[96], asof[DATE_STR_LEN];
    struct scan_result r;
    struct app *app = NULL;
    struct zq_err err;

    zq_err_clear(&err);
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--as-of") == 0 && i + 1 < argc)
            v = argv[++i];
        else if (strncmp(argv[i], "--as-of=", 8) == 0)
            v = argv[i] + 8;
        else if (strcmp(argv[i], "--full") == 0)
            o.mode = SCAN_FULL;
        else if (strcmp(argv[i], "--incremental") == 0)
            o.mode = SCAN_INCREMENTAL;
        else if (strcmp(argv[i], "--rebuild") == 0)
            o.rebuild = true;
        else
            return cli_usage(&cmd_scan, "未知的参数“%s”（或缺少参数）", argv[i]);
        if (v != NULL && date_parse(str_from(v), &o.as_of, &err) < 0)
            return cli_usage(&cmd_scan, "--as-of：%s", err.msg);
    }
    cli_actor(actor, sizeof actor);
    o.actor = actor;
    if (app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err) < 0 ||
        scan_run(app, &o, &r, &err) < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    print_counts(&r, date_format(o.as_of, asof));
    app_free(app);
    return CLI_OK;
}

const struct cli_command cmd_scan = {
    .name = "scan",
    .summary = "运行预警规则（W01–W23），按规则和等级输出结果",
    .usage = "用法: zhiqian scan [--as-of YYYY-MM-DD] [--full | --incremental] [--rebuild]\n"
             "\n"
             "按数据中的业务日期（考勤、发放、流水、接收、期限等日期），评估截至指定日期\n"
             "（默认今天）的全部预警规则：新发现的预警置为待处置，已解除的再次出现时重新打开，\n"
             "不再满足条件的预警自动解除；随后更新风险台账。每条预警按（规则、对象、月份）\n"
             "唯一。规则定义见 docs/rules.md。\n"
             "\n"
             "  --as-of DATE    扫描日期（任意过去或将来的日期）\n"
             "  --full          全量扫描：重新评估所有项目\n"
             "  --incremental   增量扫描：只评估上次扫描以来数据有变化的项目（扫描日期须与上次\n"
             "                  相同，否则自动改为全量）\n"
             "  --rebuild       全量扫描，并从考勤、工资等明细重新计算每个项目的摘要（平时只重新\n"
             "                  计算数据有变化的项目）\n"
             "  默认：与上次扫描日期和配置相同时增量，否则全量。几种方式结果相同。\n"
             "\n"
             "示例:\n"
             "  zhiqian scan\n"
             "  zhiqian scan --as-of 2026-11-23\n",
    .run = run_scan,
};
