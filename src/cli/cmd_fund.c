/*
 * cmd_fund.c - `zhiqian fund` (the per-region emergency fund: balances,
 * top-ups, recoveries) and `zhiqian zero` (the 两清零 view by region).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "cli/cli_out.h"
#include "svc/app.h"
#include "svc/cases.h"

extern const struct cli_command cmd_fund;
extern const struct cli_command cmd_zero;

static int
print_json(const json_t *o)
{
    char *t = json_dumps(o, JSON_INDENT(2));

    if (t != NULL)
        puts(t);
    free(t);
    return CLI_OK;
}

static const char *
js(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);

    return json_is_string(v) ? json_string_value(v) : "";
}

static int
run_fund(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *sub = argc >= 2 ? argv[1] : "list";
    struct case_who w = { NULL, NULL, 0 };
    char actor[96];
    struct app *app = NULL;
    struct zq_err err;
    json_t *req = NULL, *out = NULL, *it;
    bool json = false;
    size_t i;
    int rc = 0;

    zq_err_clear(&err);
    for (int k = 1; k + 1 < argc; k++)
        if (strcmp(argv[k], "--format") == 0)
            json = strcmp(argv[k + 1], "json") == 0;
    case_cli_actor(actor);
    w.actor = actor;
    if (app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err) < 0)
        return cli_fail(&err);
    if (strcmp(sub, "list") == 0 || sub[0] == '-') {
        rc = fund_list(app, NULL, &out, &err);
    } else if (strcmp(sub, "show") == 0 && argc >= 3) {
        rc = fund_get(app, NULL, argv[2], &out, &err);
    } else if ((strcmp(sub, "topup") == 0 && argc >= 4) ||
               (strcmp(sub, "recover") == 0 && argc >= 5)) {
        bool top = sub[0] == 't';
        req = json_object();
        json_object_set_new(req, "amount", json_string(argv[top ? 3 : 4]));
        if (!top)
            json_object_set_new(req, "advance_id", json_string(argv[3]));
        for (int k = top ? 4 : 5; k + 1 < argc; k += 2)
            if (strcmp(argv[k], "--on") == 0 || strcmp(argv[k], "--note") == 0)
                json_object_set_new(req, argv[k] + 2, json_string(argv[k + 1]));
        rc = top ? fund_topup(app, &w, argv[2], req, &out, &err)
                 : fund_recover(app, &w, argv[2], req, &out, &err);
    } else {
        app_free(app);
        return cli_usage(&cmd_fund, "未知的子命令或缺少参数");
    }
    json_decref(req);
    if (rc < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    if (json || strcmp(sub, "show") == 0 || sub[0] == 't' || sub[0] == 'r') {
        print_json(out);
    } else {
        for (i = 0; (it = json_array_get(json_object_get(out, "items"), i)) != NULL; i++)
            printf("%s %s  余额 %s 元  待追回 %s 元\n", js(it, "region_code"),
                   js(it, "region_name"), js(it, "balance"), js(it, "outstanding"));
    }
    json_decref(out);
    app_free(app);
    return CLI_OK;
}

const struct cli_command cmd_fund = {
    .name = "fund",
    .summary = "应急周转金：余额、注资、追回",
    .usage = "用法: zhiqian fund [list] [--format json]\n"
             "       zhiqian fund show 地区代码\n"
             "       zhiqian fund topup 地区代码 金额 [--on 日期] [--note 说明]\n"
             "       zhiqian fund recover 地区代码 垫付编号 金额 [--on 日期] [--note 说明]\n"
             "\n"
             "垫付在案件上操作：zhiqian case advance 案件编号 --worker 劳动者编号:金额。\n"
             "垫付不能超过周转金余额；每笔垫付形成对欠薪单位的应收款，追回后回到余额。\n",
    .run = run_fund,
};

static void
zero_row(const char *code, const char *name, const json_t *g, const json_t *o, int format)
{
    if (format == CLI_CSV) {
        printf("%s,", code);
        cli_csv_field(stdout, name);
        printf(",%lld,%s,%lld,%lld,%lld,%s,%lld,%lld\n",
               (long long)json_integer_value(json_object_get(g, "cases")), js(g, "amount"),
               (long long)json_integer_value(json_object_get(g, "workers")),
               (long long)json_integer_value(json_object_get(g, "days_left")),
               (long long)json_integer_value(json_object_get(o, "cases")), js(o, "amount"),
               (long long)json_integer_value(json_object_get(o, "workers")),
               (long long)json_integer_value(json_object_get(o, "days_left")));
        return;
    }
    cli_pad(stdout, code, 8);
    cli_pad(stdout, name, 12);
    printf("国企/政府 %lld 件 %s 元 %lld 人 剩 %lld 天 | 其他 %lld 件 %s 元 %lld 人 剩 %lld 天\n",
           (long long)json_integer_value(json_object_get(g, "cases")), js(g, "amount"),
           (long long)json_integer_value(json_object_get(g, "workers")),
           (long long)json_integer_value(json_object_get(g, "days_left")),
           (long long)json_integer_value(json_object_get(o, "cases")), js(o, "amount"),
           (long long)json_integer_value(json_object_get(o, "workers")),
           (long long)json_integer_value(json_object_get(o, "days_left")));
}

static int
run_zero(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *region = NULL, *as_of = NULL;
    int format = CLI_TABLE;
    struct app *app = NULL;
    struct zq_err err;
    json_t *out = NULL, *it, *t;
    size_t i;

    zq_err_clear(&err);
    for (int k = 1; k < argc; k += 2) {
        const char *v = k + 1 < argc ? argv[k + 1] : NULL;
        if (v == NULL)
            return cli_usage(&cmd_zero, "选项“%s”缺少参数（或未知）", argv[k]);
        if (strcmp(argv[k], "--region") == 0)
            region = v;
        else if (strcmp(argv[k], "--as-of") == 0)
            as_of = v;
        else if (strcmp(argv[k], "--format") != 0 || (format = cli_format_parse(v)) < 0)
            return cli_usage(&cmd_zero, "未知的参数“%s”", argv[k]);
    }
    if (app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err) < 0 ||
        case_zero(app, NULL, region, as_of, &out, &err) < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    if (format == CLI_JSON) {
        print_json(out);
    } else {
        if (format == CLI_CSV)
            puts("region_code,region_name,gov_soe_cases,gov_soe_amount,gov_soe_workers,"
                 "gov_soe_days_left,others_cases,others_amount,others_workers,others_days_left");
        else
            printf("两清零（截至 %s）\n", js(out, "as_of"));
        for (i = 0; (it = json_array_get(json_object_get(out, "regions"), i)) != NULL; i++)
            zero_row(js(it, "region_code"), js(it, "region_name"), json_object_get(it, "gov_soe"),
                     json_object_get(it, "others"), format);
        t = json_object_get(out, "total");
        zero_row("合计", "", json_object_get(t, "gov_soe"), json_object_get(t, "others"), format);
    }
    json_decref(out);
    app_free(app);
    return CLI_OK;
}

const struct cli_command cmd_zero = {
    .name = "zero",
    .summary = "两清零：政府投资和国企项目年底前、其他项目除夕前的未清欠薪",
    .usage = "用法: zhiqian zero [--region CODE] [--as-of YYYY-MM-DD] [--format table|csv|json]\n"
             "\n"
             "按县（市、区）列出未结清的查实欠薪案件：件数、尚欠金额、未结清人数、距清零时限\n"
             "的天数。政府投资和国有企业投资项目的时限为年底（zero.year_end，默认除夕前一年的\n"
             "12 月 31 日），其他为除夕（zero.chuxi，默认 2027-02-05）。\n",
    .run = run_zero,
};
