/*
 * cmd_ledger.c - `zhiqian ledger`: the risk ledger (projects and
 * enterprises with open warnings, scored and classed), 包保 follow-ups on its
 * high-risk entries, and the 回头看 list of re-checks.
 */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "cli/cli_out.h"
#include "svc/ledger.h"

extern const struct cli_command cmd_ledger;

static const char *const fields[] = {
    "subject_type", "subject_code", "name",      "region_code", "dept",
    "funding",      "red",          "orange",    "yellow",      "score",
    "class",        "officer",      "plan",      "deadline",    "followup_status",
    "overdue",      "risk_score",   "risk_band",
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

struct list_ctx {
    int format;
    long n;
};

static void
actor_of(char *out, size_t cap)
{
    const struct passwd *pw = getpwuid(getuid());

    snprintf(out, cap, "cli:%s", pw != NULL && pw->pw_name != NULL ? pw->pw_name : "unknown");
}

static int
print_entry(void *ctx, const struct sl_row *r)
{
    struct list_ctx *l = ctx;
    char num[5][24];
    const char *v[NFIELDS];

    snprintf(num[0], sizeof num[0], "%lld", (long long)r->red);
    snprintf(num[1], sizeof num[1], "%lld", (long long)r->orange);
    snprintf(num[2], sizeof num[2], "%lld", (long long)r->yellow);
    snprintf(num[3], sizeof num[3], "%lld", (long long)r->score);
    v[0] = r->subject_type, v[1] = r->subject_code, v[2] = r->name, v[3] = r->region;
    v[4] = r->dept, v[5] = r->funding, v[6] = num[0], v[7] = num[1], v[8] = num[2];
    v[9] = num[3], v[10] = r->klass, v[11] = r->officer, v[12] = r->plan;
    v[13] = r->deadline_on, v[14] = r->fu_status, v[15] = r->overdue ? "true" : "false";
    /* the default risk (违约风险) of a project, when the scan computed one */
    if (r->predicted >= 0)
        snprintf(num[4], sizeof num[4], "%lld", (long long)r->predicted);
    else
        num[4][0] = '\0';
    v[16] = num[4], v[17] = r->predicted_band;
    if (l->format == CLI_CSV) {
        for (size_t i = 0; i < NFIELDS; i++) {
            if (i)
                fputc(',', stdout);
            cli_csv_field(stdout, v[i]);
        }
        fputc('\n', stdout);
    } else if (l->format == CLI_JSON) {
        fputs(l->n ? ",\n  {" : "\n  {", stdout);
        for (size_t i = 0; i < NFIELDS; i++) {
            printf("%s\"%s\":", i ? "," : "", fields[i]);
            if ((i >= 6 && i <= 9) || i == 15 || (i == 16 && v[i][0]))
                fputs(v[i], stdout);
            else if (i == 16)
                fputs("null", stdout);
            else
                cli_json_str(stdout, v[i]);
        }
        fputc('}', stdout);
    } else {
        char fu[200] = "";
        if (r->followup_id)
            snprintf(fu, sizeof fu, "包保 %s，期限 %s，%s%s", r->officer, r->deadline_on,
                     r->fu_status, r->overdue ? "（已逾期）" : "");
        cli_pad(stdout, r->klass, 5);
        cli_pad(stdout, num[3], 6);
        printf("%-4s%-4s%-4s", num[0], num[1], num[2]);
        char pred[32] = "-";
        if (r->predicted >= 0)
            snprintf(pred, sizeof pred, "%lld%s", (long long)r->predicted, r->predicted_band);
        cli_pad(stdout, pred, 7);
        cli_pad(stdout, strcmp(r->subject_type, "project") == 0 ? "项目" : "企业", 5);
        cli_pad(stdout, r->subject_code, 26);
        cli_pad(stdout, r->region, 8);
        printf("%s%s%s\n", r->name, fu[0] ? "  " : "", fu);
    }
    l->n++;
    return 0;
}

static int
open_db(struct cli_ctx *ctx, struct app **app, struct zq_err *err)
{
    return app_open(ctx->cfg, APP_DB | APP_SCHEMA, app, err);
}

static int
list(struct cli_ctx *ctx, int argc, char **argv)
{
    struct sl_filter f = { 0 };
    struct list_ctx l = { .format = CLI_TABLE };
    char today[DATE_STR_LEN];
    struct app *app = NULL;
    struct zq_err err;
    int rc;

    zq_err_clear(&err);
    for (int i = 1; i < argc; i += 2) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v == NULL)
            return cli_usage(&cmd_ledger, "选项“%s”缺少参数（或未知）", o);
        if (strcmp(o, "--region") == 0)
            f.region = v;
        else if (strcmp(o, "--type") == 0)
            f.subject_type = v;
        else if (strcmp(o, "--class") == 0)
            f.klass = v;
        else if (strcmp(o, "--dept") == 0)
            f.dept = v;
        else if (strcmp(o, "--funding") == 0)
            f.funding = v;
        else if (strcmp(o, "--format") == 0) {
            if ((l.format = cli_format_parse(v)) < 0)
                return cli_usage(&cmd_ledger, "--format 应为 table、csv 或 json");
        } else
            return cli_usage(&cmd_ledger, "未知的参数“%s”", o);
    }
    f.today = date_format(date_today(), today);
    if (open_db(ctx, &app, &err) < 0)
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
        printf("%-4s%-4s%-4s", "红", "橙", "黄");
        cli_pad(stdout, "违约", 7);
        cli_pad(stdout, "类型", 5);
        cli_pad(stdout, "对象", 26);
        cli_pad(stdout, "地区", 8);
        puts("名称、包保");
    }
    rc = store_ledger_each(app->st, &f, print_entry, &l, &err);
    if (l.format == CLI_JSON)
        fputs(l.n ? "\n]\n" : "]\n", stdout);
    else if (l.format == CLI_TABLE)
        printf("共 %ld 个对象\n", l.n);
    if (rc < 0)
        goto fail;
    app_free(app);
    return CLI_OK;
fail:
    app_free(app);
    return cli_fail(&err);
}

static int
followup(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *officer = NULL, *plan = NULL, *deadline = NULL;
    char actor[96];
    struct app *app = NULL;
    struct zq_err err;
    int64_t id = 0;

    zq_err_clear(&err);
    if (argc < 4)
        return cli_usage(&cmd_ledger, "用法：ledger followup project|enterprise 编号 --officer "
                                      "用户名 --plan 方案 --deadline 日期");
    for (int i = 4; i < argc; i += 2) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v == NULL)
            return cli_usage(&cmd_ledger, "选项“%s”缺少参数", o);
        if (strcmp(o, "--officer") == 0)
            officer = v;
        else if (strcmp(o, "--plan") == 0)
            plan = v;
        else if (strcmp(o, "--deadline") == 0)
            deadline = v;
        else
            return cli_usage(&cmd_ledger, "未知的参数“%s”", o);
    }
    actor_of(actor, sizeof actor);
    if (open_db(ctx, &app, &err) < 0 ||
        ledger_followup(app, actor, argv[2], argv[3], officer, plan, deadline, &id, &err) < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    printf("包保处置 %lld：%s %s，包保人 %s，期限 %s\n", (long long)id, argv[2], argv[3], officer,
           deadline);
    app_free(app);
    return CLI_OK;
}

static int
feedback(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *text = NULL;
    bool done = false;
    char actor[96];
    struct app *app = NULL;
    struct zq_err err;
    int64_t id;

    zq_err_clear(&err);
    if (argc < 3 || str_to_i64(str_from(argv[2]), &id) < 0)
        return cli_usage(&cmd_ledger, "用法：ledger feedback 编号 --text 反馈 [--done]");
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--done") == 0)
            done = true;
        else if (strcmp(argv[i], "--text") == 0 && i + 1 < argc)
            text = argv[++i];
        else
            return cli_usage(&cmd_ledger, "未知的参数“%s”（或缺少参数）", argv[i]);
    }
    actor_of(actor, sizeof actor);
    if (open_db(ctx, &app, &err) < 0 || ledger_feedback(app, actor, id, text, done, &err) < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    printf("包保处置 %lld：已记录反馈%s\n", (long long)id, done ? "，办结" : "");
    app_free(app);
    return CLI_OK;
}

struct recheck_ctx {
    int64_t last_case;
    long n;
    const char *today;
};

static int
print_recheck(void *ctx, const struct sr_row *r)
{
    struct recheck_ctx *x = ctx;

    if (r->case_id != x->last_case) {
        printf("%s（%s） 案件 %s 立案 %s%s%s，下次回头看 %s\n", r->name, r->uscc, r->case_no,
               r->filed_on, r->closed_on[0] ? " 结案 " : " 未结案", r->closed_on,
               r->next_due[0] ? r->next_due : "（均已完成）");
        x->last_case = r->case_id;
    }
    printf("  [%lld] %s 回头看：%s%s%s\n", (long long)r->id, r->due_on,
           r->done_on[0] ? r->done_on : "", r->done_on[0] ? " 已查，" : "",
           r->done_on[0] ? r->result : (strcmp(r->due_on, x->today) < 0 ? "逾期未查" : "待查"));
    x->n++;
    return 0;
}

static int
recheck(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *region = NULL;
    char today[DATE_STR_LEN];
    struct recheck_ctx x = { .last_case = -1 };
    struct app *app = NULL;
    struct zq_err err;

    zq_err_clear(&err);
    for (int i = 2; i < argc; i += 2) {
        if (strcmp(argv[i], "--region") == 0 && i + 1 < argc)
            region = argv[i + 1];
        else
            return cli_usage(&cmd_ledger, "未知的参数“%s”（或缺少参数）", argv[i]);
    }
    x.today = date_format(date_today(), today);
    puts("回头看：近 24 个月有查实欠薪案件的企业，每 6 个月复查一次");
    if (open_db(ctx, &app, &err) < 0 ||
        ledger_rechecks(app, date_today(), region, print_recheck, &x, &err) < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    printf("共 %ld 次回头看\n", x.n);
    app_free(app);
    return CLI_OK;
}

static int
recheck_done(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *result = NULL;
    zq_date on = date_today();
    char actor[96];
    struct app *app = NULL;
    struct zq_err err;
    int64_t id;

    zq_err_clear(&err);
    if (argc < 3 || str_to_i64(str_from(argv[2]), &id) < 0)
        return cli_usage(&cmd_ledger, "用法：ledger recheck-done 编号 --result 结果 [--on 日期]");
    for (int i = 3; i < argc; i += 2) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v != NULL && strcmp(o, "--result") == 0)
            result = v;
        else if (v != NULL && strcmp(o, "--on") == 0) {
            if (date_parse(str_from(v), &on, &err) < 0)
                return cli_usage(&cmd_ledger, "--on：%s", err.msg);
        } else
            return cli_usage(&cmd_ledger, "未知的参数“%s”（或缺少参数）", o);
    }
    actor_of(actor, sizeof actor);
    if (open_db(ctx, &app, &err) < 0 || ledger_recheck_done(app, actor, id, on, result, &err) < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    printf("回头看 %lld：已记录结果\n", (long long)id);
    app_free(app);
    return CLI_OK;
}

static int
run_ledger(struct cli_ctx *ctx, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "followup") == 0)
        return followup(ctx, argc, argv);
    if (argc >= 2 && strcmp(argv[1], "feedback") == 0)
        return feedback(ctx, argc, argv);
    if (argc >= 2 && strcmp(argv[1], "recheck") == 0)
        return recheck(ctx, argc, argv);
    if (argc >= 2 && strcmp(argv[1], "recheck-done") == 0)
        return recheck_done(ctx, argc, argv);
    if (argc >= 2 && argv[1][0] != '-')
        return cli_usage(&cmd_ledger, "未知的子命令“%s”", argv[1]);
    return list(ctx, argc, argv);
}

const struct cli_command cmd_ledger = {
    .name = "ledger",
    .summary = "风险台账：项目和企业的风险分值与分类，包保处置，回头看",
    .usage =
        "用法: zhiqian ledger [--region CODE] [--type project|enterprise] [--class 高|中|低]\n"
        "                     [--dept DEPT] [--funding 投资类型] [--format table|csv|json]\n"
        "       zhiqian ledger followup project|enterprise 编号 --officer 用户名 --plan 方案\n"
        "                     --deadline YYYY-MM-DD\n"
        "       zhiqian ledger feedback 包保编号 --text 反馈 [--done]\n"
        "       zhiqian ledger recheck [--region CODE]\n"
        "       zhiqian ledger recheck-done 回头看编号 --result 结果 [--on YYYY-MM-DD]\n"
        "\n"
        "风险台账由每次扫描根据未解除的预警重新计算：分值 = 10×红 + 4×橙 + 1×黄，\n"
        "10 分及以上为高风险，4 分及以上为中风险，其余为低风险（ledger.* 可配置）。\n"
        "项目的分值包括其本身及其线索、案件的预警；企业的分值包括其本身、其案件，\n"
        "以及其作为施工总承包单位的项目的预警。按分值从高到低列出。\n"
        "\n"
        "高风险对象须落实包保（见方案、限时间、有反馈）：followup 指定包保人、处置方案和\n"
        "期限，feedback 记录反馈，逾期未办结的在台账中标出。\n"
        "回头看：近 24 个月有查实欠薪案件的企业，自结案（未结案的自立案）起每 6 个月复查一次，\n"
        "recheck 列出各次复查的日期和结果，recheck-done 记录结果。\n"
        "csv/json 字段：subject_type,subject_code,name,region_code,dept,funding,red,orange,\n"
        "yellow,score,class,officer,plan,deadline,followup_status,overdue,risk_score,risk_band\n"
        "（risk_score、risk_band 为项目的违约风险，见 zhiqian risk；表格中的“违约”列）\n",
    .run = run_ledger,
};
