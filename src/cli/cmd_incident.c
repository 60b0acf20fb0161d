/*
 * cmd_incident.c - `zhiqian incident` (突发事件), `zhiqian zero-report`
 * (零报告) and `zhiqian supervision` (督查督办, 久拖不决, and the daily
 * deadline notices).  The work is in svc/incident.c and svc/notify.c.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "cli/cli_json.h"
#include "cli/cli_out.h"
#include "core/money.h"
#include "core/str.h"
#include "svc/incident.h"
#include "svc/notify.h"

extern const struct cli_command cmd_incident;
extern const struct cli_command cmd_zero_report;
extern const struct cli_command cmd_supervision;

struct args {
    int argc;
    char **argv;
    int from;
    struct zq_err *err;
};

static const char *
opt(const struct args *x, const char *name)
{
    return cli_opt(x->argc, x->argv, x->from, name);
}

static int
date_of(const struct args *x, const char *name, zq_date def, zq_date *d)
{
    const char *v = opt(x, name);

    *d = def;
    return v == NULL ? 0 : date_parse(str_from(v), d, x->err);
}

static int
int_of(const struct args *x, const char *name, int64_t *v)
{
    const char *s = opt(x, name);

    *v = 0;
    if (s != NULL && str_to_i64(str_from(s), v) < 0)
        return zq_err_set(x->err, ZQ_EUSAGE, "%s 应为整数", name);
    return 0;
}

static int
format_of(const struct args *x)
{
    const char *f = opt(x, "--format");
    return f == NULL ? CLI_TABLE : cli_format_parse(f);
}

static int64_t
id_arg(const struct args *x)
{
    int64_t v;

    if (x->argc < 3 || str_to_i64(str_from(x->argv[2]), &v) < 0 || v <= 0)
        return 0;
    return v;
}

static int
done(struct app *app, int rc, const struct zq_err *err)
{
    app_free(app);
    return rc < 0 ? cli_fail(err) : CLI_OK;
}

static int
open_app(struct cli_ctx *ctx, struct app **app, struct zq_err *err)
{
    return app_open(ctx->cfg, APP_DB | APP_SCHEMA, app, err);
}

/* ---------------------------------------------------------------- incident */

static int
incident_new(struct app *app, const struct credit_who *w, const struct args *x)
{
    struct incident_in in = { 0 };
    const char *at = opt(x, "--at"), *amount = opt(x, "--amount");
    int64_t id;
    int rc;

    if (at == NULL)
        in.occurred_at = ts_now();
    else if ((rc = ts_parse(str_from(at), &in.occurred_at, x->err)) < 0)
        return rc;
    if (amount != NULL && (rc = money_parse(str_from(amount), &in.amount_fen, x->err)) < 0)
        return rc;
    if ((rc = int_of(x, "--people", &in.people)) < 0)
        return rc;
    in.region = opt(x, "--region"), in.place = opt(x, "--place");
    in.project_code = opt(x, "--project"), in.uscc = opt(x, "--uscc");
    in.nature = opt(x, "--nature"), in.form = opt(x, "--form");
    in.description = opt(x, "--desc"), in.serious = opt(x, "--serious") != NULL;
    if ((rc = incident_report(app, w, &in, &id, x->err)) < 0)
        return rc;
    printf("已报告突发事件 %lld，并已推送至上级地区\n", (long long)id);
    return 0;
}

static int
run_incident(struct cli_ctx *ctx, int argc, char **argv)
{
    struct zq_err err;
    struct args x = { argc, argv, 2, &err };
    const char *sub = argc > 1 ? argv[1] : "", *bad;
    struct app *app = NULL;
    struct credit_who w;
    json_t *o = NULL;
    int fmt, rc;

    zq_err_clear(&err);
    if (cli_wants_help(argc, argv))
        return cli_help(&cmd_incident);
    if ((bad = cli_opt_check_sub(argc, argv,
                                 "--region --place --people --nature --form --desc --at --amount "
                                 "--project --uscc --serious --note --status --format",
                                 strcmp(sub, "report") == 0 ? "--serious" : NULL)) != NULL)
        return cli_usage(&cmd_incident, "未知的参数或缺少取值：“%s”", bad);
    if ((fmt = format_of(&x)) < 0)
        return cli_usage(&cmd_incident, "--format 应为 table、csv 或 json");
    /* report's --region is the incident's; elsewhere it narrows the scope */
    cli_who(&w, strcmp(sub, "report") == 0 ? NULL : opt(&x, "--region"));
    if (strcmp(sub, "report") != 0 && strcmp(sub, "follow") != 0 && strcmp(sub, "list") != 0 &&
        strcmp(sub, "show") != 0)
        return cli_usage(&cmd_incident, "未知的子命令“%s”", sub);
    if ((rc = open_app(ctx, &app, &err)) < 0)
        return done(app, rc, &err);
    if (strcmp(sub, "report") == 0) {
        rc = incident_new(app, &w, &x);
    } else if (strcmp(sub, "follow") == 0) {
        const char *s;
        x.from = 3;
        s = opt(&x, "--serious");
        rc = incident_follow(app, &w, id_arg(&x), opt(&x, "--note"), opt(&x, "--status"),
                             s == NULL ? -1 : strcmp(s, "no") != 0, &err);
        if (rc == 0)
            puts("已记录处置进展");
    } else if (strcmp(sub, "show") == 0) {
        if ((rc = incident_get(app, &w, id_arg(&x), &o, &err)) == 0)
            cli_json_object(o, fmt == CLI_JSON ? CLI_JSON : CLI_TABLE);
    } else {
        static const char *const cols[] = { "id",     "occurred_at", "region_code", "place",
                                            "people", "amount",      "nature",      "form",
                                            "status", "serious",     NULL };
        if ((rc = incident_list(app, &w, opt(&x, "--status"), 0, 0, 0, 500, &o, &err)) == 0)
            cli_json_items(json_object_get(o, "items"), fmt, fmt == CLI_JSON ? NULL : cols);
    }
    json_decref(o);
    return done(app, rc, &err);
}

const struct cli_command cmd_incident = {
    .name = "incident",
    .summary = "突发事件：报告（即时推送上级）、处置进展、查询",
    .usage =
        "用法：zhiqian incident report --region 地区 --place 地点 --people 人数\n"
        "          --nature 工资|工程款|混合 --form 聚集|上访|越级上访|网络发帖|极端行为\n"
        "          --desc 经过 [--at \"YYYY-MM-DD HH:MM\"] [--amount 元] [--project 项目编号]\n"
        "          [--uscc 企业代码] [--serious]\n"
        "      zhiqian incident follow ID --note 进展 [--status 处置中|已平息|已办结]\n"
        "          [--serious yes|no]\n"
        "      zhiqian incident list [--region 地区] [--status 状态] [--format F]\n"
        "      zhiqian incident show ID [--format json]\n",
    .run = run_incident,
};

/* ---------------------------------------------------------------- zero reports */

static int
run_zero_report(struct cli_ctx *ctx, int argc, char **argv)
{
    struct zq_err err;
    struct args x = { argc, argv, 2, &err };
    const char *sub = argc > 1 ? argv[1] : "", *region = opt(&x, "--region"), *bad;
    zq_date today = date_today(), d, to;
    struct app *app = NULL;
    struct credit_who w;
    json_t *o = NULL;
    int fmt, rc;

    zq_err_clear(&err);
    if (cli_wants_help(argc, argv))
        return cli_help(&cmd_zero_report);
    if ((bad = cli_opt_check(argc, argv, 2,
                             "--region --date --events --note --from --to --now --format",
                             "--events")) != NULL)
        return cli_usage(&cmd_zero_report, "未知的参数或缺少取值：“%s”", bad);
    if ((fmt = format_of(&x)) < 0)
        return cli_usage(&cmd_zero_report, "--format 应为 table、csv 或 json");
    if (strcmp(sub, "file") != 0 && strcmp(sub, "list") != 0 && strcmp(sub, "missing") != 0)
        return cli_usage(&cmd_zero_report, "子命令应为 file、list 或 missing");
    cli_who(&w, strcmp(sub, "file") == 0 ? NULL : region);
    if ((rc = open_app(ctx, &app, &err)) < 0)
        return done(app, rc, &err);
    if (strcmp(sub, "file") == 0) {
        const char *note = opt(&x, "--note");
        if ((rc = date_of(&x, "--date", today, &d)) == 0 &&
            (rc = zero_report_file(app, &w, region, d, opt(&x, "--events") != NULL, note, &err)) ==
                0)
            puts("已报送");
    } else if (strcmp(sub, "list") == 0) {
        if ((rc = date_of(&x, "--from", today - 6, &d)) == 0 &&
            (rc = date_of(&x, "--to", today, &to)) == 0 &&
            (rc = zero_report_list(app, &w, d, to, &o, &err)) == 0)
            cli_json_items(json_object_get(o, "items"), fmt, NULL);
    } else {
        const char *now_s = opt(&x, "--now");
        int64_t now = ts_now();
        if (now_s != NULL && (rc = ts_parse(str_from(now_s), &now, &err)) < 0)
            return done(app, rc, &err);
        if ((rc = date_of(&x, "--date", today - 1, &d)) == 0 &&
            (rc = zero_report_missing(app, &w, region, d, now, &o, &err)) == 0) {
            if (fmt == CLI_JSON) {
                cli_json_object(o, CLI_JSON);
            } else {
                printf("%s 零报告：应报 %lld，按时 %lld，漏报 %zu，迟报 %zu\n",
                       json_string_value(json_object_get(o, "date")),
                       (long long)json_integer_value(json_object_get(o, "expected")),
                       (long long)json_integer_value(json_object_get(o, "filed_on_time")),
                       json_array_size(json_object_get(o, "missing")),
                       json_array_size(json_object_get(o, "late")));
                cli_json_items(json_object_get(o, "missing"), fmt, NULL);
            }
        }
    }
    json_decref(o);
    return done(app, rc, &err);
}

const struct cli_command cmd_zero_report = {
    .name = "zero-report",
    .summary = "零报告：每地区每日报送，次日 10 时未报列为漏报",
    .usage =
        "用法：zhiqian zero-report file --region 地区 [--date 日期] [--events --note 情况]\n"
        "      zhiqian zero-report list [--region 地区] [--from 日期] [--to 日期] [--format F]\n"
        "      zhiqian zero-report missing [--region 地区] [--date 日期（默认昨天）]\n"
        "          [--now \"YYYY-MM-DD HH:MM\"] [--format F]\n"
        "\n"
        "按自然日报送（行动期间休息日也须报送）；--events 表示有情况报告，须附 --note。\n",
    .run = run_zero_report,
};

/* ---------------------------------------------------------------- supervision */

static int
sv_write(struct app *app, const struct credit_who *w, const char *sub, struct args *x)
{
    zq_date today = date_today();
    int64_t id = 0, n;
    int rc;

    if (strcmp(sub, "round") == 0) {
        struct round_in in = {
            opt(x, "--region"), opt(x, "--title"), opt(x, "--team"), opt(x, "--targets"), 0, 0
        };
        if ((rc = date_of(x, "--start", today, &in.started)) < 0 ||
            (rc = date_of(x, "--end", 0, &in.ended)) < 0 ||
            (rc = supervision_round(app, w, &in, &id, x->err)) < 0)
            return rc;
        printf("督查轮次 %lld 已建立\n", (long long)id);
    } else if (strcmp(sub, "finding") == 0) {
        struct finding_in in = { 0 };
        if ((rc = int_of(x, "--round", &in.round_id)) < 0)
            return rc;
        in.region = opt(x, "--region"), in.case_no = opt(x, "--case");
        in.finding = opt(x, "--finding"), in.measure = opt(x, "--measure");
        in.target = opt(x, "--target");
        if ((rc = date_of(x, "--date", today, &in.measure_on)) < 0 ||
            (rc = date_of(x, "--deadline", 0, &in.deadline)) < 0 ||
            (rc = supervision_finding(app, w, &in, &id, x->err)) < 0)
            return rc;
        printf("督查发现 %lld 已记录\n", (long long)id);
    } else if (strcmp(sub, "follow") == 0) {
        zq_date r;
        x->from = 3;
        if ((rc = date_of(x, "--rectified", 0, &r)) < 0 ||
            (rc = supervision_follow(app, w, id_arg(x), opt(x, "--note"), r, x->err)) < 0)
            return rc;
        puts("已记录整改跟踪");
    } else {
        zq_date d;
        if ((rc = date_of(x, "--date", today, &d)) < 0 ||
            (rc = notify_deadlines(app, d, &n, x->err)) < 0)
            return rc;
        printf("到期提醒：%lld 条通知\n", (long long)n);
    }
    return 0;
}

static int
run_supervision(struct cli_ctx *ctx, int argc, char **argv)
{
    struct zq_err err;
    struct args x = { argc, argv, 2, &err };
    const char *sub = argc > 1 ? argv[1] : "", *bad;
    static const char *const subs[] = { "round", "finding", "follow", "notify-deadlines",
                                        "list",  "stalled", NULL };
    struct app *app = NULL;
    struct credit_who w;
    json_t *o = NULL;
    bool known = false;
    int fmt, rc;

    zq_err_clear(&err);
    if (cli_wants_help(argc, argv))
        return cli_help(&cmd_supervision);
    if ((bad = cli_opt_check_sub(argc, argv,
                                 "--title --region --team --targets --start --end --round "
                                 "--finding --measure --target --case --date --deadline --note "
                                 "--rectified --format",
                                 NULL)) != NULL)
        return cli_usage(&cmd_supervision, "未知的参数或缺少取值：“%s”", bad);
    for (int i = 0; subs[i] != NULL; i++)
        known |= strcmp(sub, subs[i]) == 0;
    if (!known)
        return cli_usage(&cmd_supervision, "未知的子命令“%s”", sub);
    if ((fmt = format_of(&x)) < 0)
        return cli_usage(&cmd_supervision, "--format 应为 table、csv 或 json");
    cli_who(&w,
            strcmp(sub, "list") == 0 || strcmp(sub, "stalled") == 0 ? opt(&x, "--region") : NULL);
    if ((rc = open_app(ctx, &app, &err)) < 0)
        return done(app, rc, &err);
    if (strcmp(sub, "list") == 0) {
        int64_t round;
        if ((rc = int_of(&x, "--round", &round)) == 0 &&
            (rc = supervision_list(app, &w, round, date_today(), &o, &err)) == 0)
            cli_json_items(json_object_get(o, round > 0 ? "findings" : "rounds"), fmt, NULL);
    } else if (strcmp(sub, "stalled") == 0) {
        zq_date d;
        if ((rc = date_of(&x, "--date", date_today(), &d)) == 0 &&
            (rc = supervision_stalled(app, &w, d, &o, &err)) == 0)
            cli_json_items(json_object_get(o, "items"), fmt, NULL);
    } else {
        rc = sv_write(app, &w, sub, &x);
    }
    json_decref(o);
    return done(app, rc, &err);
}

const struct cli_command cmd_supervision = {
    .name = "supervision",
    .summary = "督查督办：督查轮次、发现问题与督办措施、久拖不决案件、到期提醒",
    .usage = "用法：zhiqian supervision round --title 名称 [--region 督查地区] [--team 督查组]\n"
             "          [--targets 被督查地区] [--start 日期] [--end 日期]\n"
             "      zhiqian supervision finding --round N --region 被督查地区 --finding 问题\n"
             "          --measure 提醒函|约谈|通报|问责 [--target 对象] [--case 案件编号]\n"
             "          [--date 日期] [--deadline 整改期限]\n"
             "      zhiqian supervision follow ID --note 跟踪情况 [--rectified 整改日期]\n"
             "      zhiqian supervision list [--round N] [--region 地区] [--format F]\n"
             "      zhiqian supervision stalled [--date 日期] [--region 地区] [--format F]\n"
             "      zhiqian supervision notify-deadlines [--date 日期]\n"
             "\n"
             "久拖不决：办理中的案件超过限时办结期限 supervision.stalled_workdays 个工作日。\n"
             "notify-deadlines 向承办人发出 2 "
             "个工作日内到期的提醒（每日运行一次，重复运行不重复提醒）。\n",
    .run = run_supervision,
};
