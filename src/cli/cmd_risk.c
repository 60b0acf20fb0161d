/*
 * cmd_risk.c - `zhiqian risk`: the forward-looking default risk of projects
 * (违约风险) kept by the last scan, listed by score, and `risk show` with the
 * facts behind one project's score.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "cli/cli_out.h"
#include "rules/risk.h"
#include "svc/risk.h"

extern const struct cli_command cmd_risk;

static const char *const fields[] = {
    "code", "name",         "region_code",  "industry",     "funding", "as_of",        "score",
    "band", "ledger_score", "ledger_class", "coverage_pts", "lag_pts", "lag_rise_pts", "unpaid_pts",
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

struct list_ctx {
    int format;
    long n;
};

/* The points of each factor from the stored JSON ("" when absent). */
static void
factor_points(const char *factors, char pts[RISK_NFACTORS][16])
{
    json_t *a = json_loads(factors, 0, NULL);

    for (int i = 0; i < RISK_NFACTORS; i++) {
        json_t *f = json_array_get(a, (size_t)i);
        json_t *p = json_object_get(f, "points");
        if (json_is_integer(p) && json_is_true(json_object_get(f, "applies")))
            snprintf(pts[i], 16, "%lld", (long long)json_integer_value(p));
        else
            pts[i][0] = '\0';
    }
    json_decref(a);
}

static int
print_row(void *ctx, const struct pr_row *r)
{
    struct list_ctx *l = ctx;
    char score[24], ledger[24], pts[RISK_NFACTORS][16];
    const char *v[NFIELDS];

    snprintf(score, sizeof score, "%lld", (long long)r->score);
    if (r->ledger_score >= 0)
        snprintf(ledger, sizeof ledger, "%lld", (long long)r->ledger_score);
    else
        ledger[0] = '\0';
    factor_points(r->factors, pts);
    v[0] = r->code, v[1] = r->name, v[2] = r->region, v[3] = r->industry, v[4] = r->funding;
    v[5] = r->as_of, v[6] = score, v[7] = r->band, v[8] = ledger, v[9] = r->ledger_class;
    for (int i = 0; i < RISK_NFACTORS; i++)
        v[10 + i] = pts[i];
    if (l->format == CLI_CSV) {
        for (size_t i = 0; i < NFIELDS; i++) {
            if (i)
                fputc(',', stdout);
            cli_csv_field(stdout, v[i]);
        }
        fputc('\n', stdout);
    } else if (l->format == CLI_JSON) {
        fputs(l->n ? ",\n  {" : "\n  {", stdout);
        for (size_t i = 0; i < 10; i++) {
            printf("%s\"%s\":", i ? "," : "", fields[i]);
            if (i == 6 || (i == 8 && v[i][0]))
                fputs(v[i], stdout);
            else if (i == 8)
                fputs("null", stdout);
            else
                cli_json_str(stdout, v[i]);
        }
        printf(",\"factors\":%s}", r->factors[0] ? r->factors : "[]");
    } else {
        cli_pad(stdout, r->band, 5);
        cli_pad(stdout, score, 6);
        cli_pad(stdout, ledger[0] ? ledger : "-", 6);
        cli_pad(stdout, r->code, 26);
        cli_pad(stdout, r->region, 8);
        printf("%s\n", r->name);
    }
    l->n++;
    return 0;
}

static int
list(struct cli_ctx *ctx, int argc, char **argv)
{
    struct list_ctx l = { .format = CLI_TABLE };
    const char *region = NULL, *band = NULL;
    struct store_scope sc;
    struct app *app = NULL;
    struct zq_err err;
    int rc;

    zq_err_clear(&err);
    for (int i = 1; i < argc; i += 2) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v == NULL)
            return cli_usage(&cmd_risk, "选项“%s”缺少参数（或未知）", o);
        if (strcmp(o, "--region") == 0)
            region = v;
        else if (strcmp(o, "--band") == 0) {
            int b = risk_band_parse(v);
            if (b < 0)
                return cli_usage(&cmd_risk, "--band 应为 高、中 或 低");
            band = risk_band_zh((enum risk_band)b);
        } else if (strcmp(o, "--format") == 0) {
            if ((l.format = cli_format_parse(v)) < 0)
                return cli_usage(&cmd_risk, "--format 应为 table、csv 或 json");
        } else
            return cli_usage(&cmd_risk, "未知的参数“%s”", o);
    }
    risk_scope_all(&sc, region);
    if (app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err) < 0)
        goto fail;
    if (l.format == CLI_CSV) {
        for (size_t i = 0; i < NFIELDS; i++)
            printf("%s%s", i ? "," : "", fields[i]);
        fputc('\n', stdout);
    } else if (l.format == CLI_JSON) {
        fputs("[", stdout);
    } else {
        cli_pad(stdout, "风险", 5);
        cli_pad(stdout, "分值", 6);
        cli_pad(stdout, "台账", 6);
        cli_pad(stdout, "项目编号", 26);
        cli_pad(stdout, "地区", 8);
        puts("名称");
    }
    rc = risk_list(app, &sc, band, print_row, &l, &err);
    if (l.format == CLI_JSON)
        fputs(l.n ? "\n]\n" : "]\n", stdout);
    else if (l.format == CLI_TABLE)
        printf("共 %ld 个项目\n", l.n);
    if (rc < 0)
        goto fail;
    app_free(app);
    return CLI_OK;
fail:
    app_free(app);
    return cli_fail(&err);
}

static int
print_show(void *ctx, const struct pr_row *r)
{
    json_t *a = json_loads(r->factors, 0, NULL);
    size_t i;
    json_t *f;

    (void)ctx;
    printf("项目 %s %s（%s）\n", r->code, r->name, r->region);
    printf("违约风险 %lld 分（%s），截至 %s\n", (long long)r->score, r->band, r->as_of);
    puts("构成（得分/权重）：");
    json_array_foreach(a, i, f)
    {
        const char *name = json_string_value(json_object_get(f, "name"));
        const char *detail = json_string_value(json_object_get(f, "detail"));
        printf("  %s %lld/%lld：%s%s\n", name ? name : "?",
               (long long)json_integer_value(json_object_get(f, "points")),
               (long long)json_integer_value(json_object_get(f, "weight")), detail ? detail : "",
               json_is_true(json_object_get(f, "applies")) ? "" : "（不适用）");
    }
    json_decref(a);
    if (r->ledger_score >= 0)
        printf("风险台账：预警分值 %lld（%s）\n", (long long)r->ledger_score, r->ledger_class);
    else
        puts("风险台账：无未解除的预警");
    return 0;
}

static int
show(struct cli_ctx *ctx, int argc, char **argv)
{
    struct store_scope sc;
    struct app *app = NULL;
    struct zq_err err;

    zq_err_clear(&err);
    if (argc != 3)
        return cli_usage(&cmd_risk, "用法：risk show 项目编号");
    risk_scope_all(&sc, NULL);
    if (app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err) < 0 ||
        risk_show(app, &sc, argv[2], print_show, NULL, &err) < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    app_free(app);
    return CLI_OK;
}

static int
run_risk(struct cli_ctx *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv))
        return cli_help(&cmd_risk);
    if (argc >= 2 && strcmp(argv[1], "show") == 0)
        return show(ctx, argc, argv);
    return list(ctx, argc, argv);
}

const struct cli_command cmd_risk = {
    .name = "risk",
    .summary = "违约风险：按前瞻指标对在建项目评分（高/中/低）并说明依据",
    .usage =
        "用法: zhiqian risk [--region CODE] [--band 高|中|低] [--format table|csv|json]\n"
        "       zhiqian risk show 项目编号\n"
        "\n"
        "每次扫描（zhiqian scan）为扫描日在建的项目计算违约风险（0–100 分）：\n"
        "人工费拨付覆盖率、工资发放滞后、发放滞后上升、未付工资余额连增四项，\n"
        "各按阈值线性计分，合计为分值；50 分及以上为高，25 分及以上为中，其余为低\n"
        "（rules.risk_* 可配置，见 docs/rules.md）。它是对项目的评分，不是预警。\n"
        "列表按分值从高到低；“台账”为该项目在风险台账中的预警分值。\n"
        "show 列出各项指标的数值、得分和权重。\n"
        "csv 字段：code,name,region_code,industry,funding,as_of,score,band,ledger_score,\n"
        "ledger_class,coverage_pts,lag_pts,lag_rise_pts,unpaid_pts（json 另含 factors 数组）\n",
    .run = run_risk,
};
