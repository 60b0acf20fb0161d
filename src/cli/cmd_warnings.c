/*
 * cmd_warnings.c - `zhiqian warnings`: list warnings (table, CSV or JSON
 * with the fields of SPEC §10), show one with its history, and the disposal
 * steps ack, assign, notify, reply, review, resolve, dismiss.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "cli/cli_out.h"
#include "rules/rules.h"
#include "svc/app.h"
#include "svc/warnings.h"

extern const struct cli_command cmd_warnings;

static const char *const fields[] = { "id",           "code",   "level",  "subject_type",
                                      "subject_code", "month",  "status", "first_seen",
                                      "last_seen",    "message" };

struct list_ctx {
    int format;
    long n;
};

static int
print_row(void *ctx, const struct sw_row *r)
{
    struct list_ctx *l = ctx;
    char id[24];
    const char *v[10];

    snprintf(id, sizeof id, "%lld", (long long)r->id);
    v[0] = id, v[1] = r->rule, v[2] = r->level, v[3] = r->subject_type;
    v[4] = r->subject_code, v[5] = r->month, v[6] = r->status, v[7] = r->first_seen;
    v[8] = r->last_seen, v[9] = r->message;
    if (l->format == CLI_CSV) {
        for (int i = 0; i < 10; i++) {
            if (i)
                fputc(',', stdout);
            cli_csv_field(stdout, v[i]);
        }
        fputc('\n', stdout);
    } else if (l->format == CLI_JSON) {
        fputs(l->n ? ",\n  {" : "\n  {", stdout);
        for (int i = 0; i < 10; i++) {
            printf("%s\"%s\":", i ? "," : "", fields[i]);
            if (i == 0)
                fputs(id, stdout);
            else
                cli_json_str(stdout, v[i]);
        }
        fputc('}', stdout);
    } else {
        char subj[120];
        snprintf(subj, sizeof subj, "%s %s", r->subject_type, r->subject_code);
        cli_pad(stdout, id, 7);
        cli_pad(stdout, r->rule, 5);
        cli_pad(stdout, rule_level_zh((enum rule_level)rule_level_parse(r->level)), 5);
        cli_pad(stdout, subj, 36);
        cli_pad(stdout, r->month[0] ? r->month : "-", 8);
        cli_pad(stdout, warn_status_zh(r->status), 13);
        cli_pad(stdout, r->first_seen, 11);
        printf("%s\n", r->message);
    }
    l->n++;
    return 0;
}

static void
table_header(void)
{
    static const char *const h[] = { "编号", "规则", "等级", "对象", "月份", "状态", "首次发现" };
    static const int w[] = { 7, 5, 5, 36, 8, 13, 11 };

    for (int i = 0; i < 7; i++)
        cli_pad(stdout, h[i], w[i]);
    puts("说明");
}

static int
list(struct cli_ctx *ctx, int argc, char **argv)
{
    struct sw_filter f = { .status = "open" };
    struct list_ctx l = { .format = CLI_TABLE };
    struct app *app = NULL;
    struct zq_err err;
    int rc;

    zq_err_clear(&err);
    for (int i = 1; i < argc; i += 2) { /* option, value */
        const char *opt = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v == NULL)
            return cli_usage(&cmd_warnings, "选项“%s”缺少参数（或未知）", opt);
        if (strcmp(opt, "--status") == 0)
            f.status = v;
        else if (strcmp(opt, "--region") == 0)
            f.region = v;
        else if (strcmp(opt, "--code") == 0 || strcmp(opt, "--rule") == 0)
            f.rule = v;
        else if (strcmp(opt, "--level") == 0)
            f.level = v;
        else if (strcmp(opt, "--subject") == 0)
            f.subject_code = v;
        else if (strcmp(opt, "--format") == 0 && (l.format = cli_format_parse(v)) < 0)
            return cli_usage(&cmd_warnings, "--format 应为 table、csv 或 json");
        else if (strcmp(opt, "--format") != 0)
            return cli_usage(&cmd_warnings, "未知的参数“%s”", opt);
    }
    if (f.level != NULL && rule_level_parse(f.level) < 0)
        return cli_usage(&cmd_warnings, "--level 应为 red、orange 或 yellow");
    if (app_open(ctx->cfg, APP_DB_IF_EXISTS | APP_SCHEMA, &app, &err) < 0)
        goto fail;
    if (app->st == NULL) {
        zq_err_set(&err, ZQ_EINVAL, "数据库 %s 不存在，请先运行“zhiqian init”",
                   config_get(ctx->cfg, "db"));
        goto fail;
    }
    if (l.format == CLI_CSV)
        puts("id,code,level,subject_type,subject_code,month,status,first_seen,last_seen,message");
    else if (l.format == CLI_JSON)
        fputs("[", stdout);
    else
        table_header();
    rc = store_warn_each(app->st, &f, print_row, &l, &err);
    if (l.format == CLI_JSON)
        fputs(l.n ? "\n]\n" : "]\n", stdout);
    else if (l.format == CLI_TABLE)
        printf("共 %ld 条\n", l.n);
    if (rc < 0)
        goto fail;
    app_free(app);
    return CLI_OK;
fail:
    app_free(app);
    return cli_fail(&err);
}

/* ------------------------------------------------------------ show */

static int
show_row(void *ctx, const struct sw_row *r)
{
    (void)ctx;
    printf("预警 %lld  %s %s  %s级\n", (long long)r->id, r->rule,
           rule_defs[rule_by_code(r->rule) ? rule_by_code(r->rule)->id : 0].name,
           rule_level_zh((enum rule_level)rule_level_parse(r->level)));
    printf("对象：%s %s%s%s\n", r->subject_type, r->subject_code, r->month[0] ? "  月份 " : "",
           r->month);
    printf("地区：%s  部门：%s\n", r->region, r->dept);
    printf("状态：%s  首次发现 %s  最近发现 %s  重新打开 %lld 次\n", warn_status_zh(r->status),
           r->first_seen, r->last_seen, (long long)r->reopen_count);
    printf("说明：%s\n依据：%s\n证据：%s\n", r->message, r->basis, r->evidence);
    if (r->assigned_dept[0])
        printf("交办：%s  承办人 %s  期限 %s\n", r->assigned_dept, r->assignee, r->deadline_on);
    if (r->reply[0])
        printf("企业回复：%s\n", r->reply);
    if (r->dismiss_reason[0])
        printf("排除理由：%s\n", r->dismiss_reason);
    return 0;
}

static int
show_event(void *ctx, const struct sw_event *e)
{
    char ts[TS_STR_LEN];

    (void)ctx;
    printf("  %s  %-13s %s → %s  %s%s%s\n", ts_format(e->at, ts), e->action,
           e->from_status[0] ? warn_status_zh(e->from_status) : "-", warn_status_zh(e->to_status),
           e->actor[0] ? e->actor : "", e->actor[0] ? " " : "", e->note);
    return 0;
}

static int
parse_id(const char *s, int64_t *id)
{
    return str_to_i64(str_from(s), id) < 0 || *id <= 0 ? -1 : 0;
}

static int
show(struct cli_ctx *ctx, int argc, char **argv)
{
    struct app *app = NULL;
    struct zq_err err;
    int64_t id;
    bool found;

    zq_err_clear(&err);
    if (argc != 3 || parse_id(argv[2], &id) < 0)
        return cli_usage(&cmd_warnings, "用法：warnings show 编号");
    if (app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err) < 0 ||
        store_warn_get(app->st, id, show_row, NULL, &found, &err) < 0)
        goto fail;
    if (!found) {
        zq_err_set(&err, ZQ_ENOTFOUND, "没有编号为 %lld 的预警", (long long)id);
        goto fail;
    }
    puts("处置记录：");
    if (store_warn_events(app->st, id, show_event, NULL, &err) < 0)
        goto fail;
    app_free(app);
    return CLI_OK;
fail:
    app_free(app);
    return cli_fail(&err);
}

/* ------------------------------------------------------------ steps */

static const struct {
    const char *name;
    enum warn_action action;
} step_names[] = {
    { "ack", WARN_ACK },         { "assign", WARN_ASSIGN },      { "notify", WARN_NOTIFY },
    { "reply", WARN_REPLY },     { "review", WARN_REVIEW_PASS }, { "resolve", WARN_RESOLVE },
    { "dismiss", WARN_DISMISS },
};

static int
step(struct cli_ctx *ctx, enum warn_action action, int argc, char **argv)
{
    struct warn_step s = { .action = action };
    const struct passwd *pw = getpwuid(getuid());
    char actor[96];
    const char *to = NULL;
    struct app *app = NULL;
    struct zq_err err;
    int64_t id;

    zq_err_clear(&err);
    if (argc < 3 || parse_id(argv[2], &id) < 0)
        return cli_usage(&cmd_warnings, "缺少预警编号：warnings %s 编号 …", argv[1]);
    for (int i = 3; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(o, "--reject") == 0 && action == WARN_REVIEW_PASS) {
            s.action = WARN_REVIEW_REJECT;
            continue;
        }
        if (strcmp(o, "--pass") == 0 && action == WARN_REVIEW_PASS)
            continue;
        if (v == NULL)
            return cli_usage(&cmd_warnings, "选项“%s”缺少参数（或未知）", o);
        if (strcmp(o, "--dept") == 0)
            s.dept = v;
        else if (strcmp(o, "--officer") == 0)
            s.officer = v;
        else if (strcmp(o, "--deadline") == 0)
            s.deadline = v;
        else if (strcmp(o, "--reason") == 0 || strcmp(o, "--text") == 0 || strcmp(o, "--note") == 0)
            s.text = v;
        else
            return cli_usage(&cmd_warnings, "未知的参数“%s”", o);
        i++;
    }
    if (action == WARN_DISMISS && (s.text == NULL || s.text[0] == '\0'))
        return cli_usage(&cmd_warnings, "排除预警须说明理由：warnings dismiss 编号 --reason 理由");
    snprintf(actor, sizeof actor, "cli:%s", pw && pw->pw_name ? pw->pw_name : "unknown");
    s.actor = actor;
    if (app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err) < 0 ||
        warn_apply(app, id, &s, &to, &err) < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    printf("预警 %lld：%s\n", (long long)id, warn_status_zh(to));
    app_free(app);
    return CLI_OK;
}

static int
run_warnings(struct cli_ctx *ctx, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "show") == 0)
        return show(ctx, argc, argv);
    for (size_t i = 0; argc >= 2 && i < sizeof(step_names) / sizeof(step_names[0]); i++)
        if (strcmp(argv[1], step_names[i].name) == 0)
            return step(ctx, step_names[i].action, argc, argv);
    if (argc >= 2 && argv[1][0] != '-')
        return cli_usage(&cmd_warnings, "未知的子命令“%s”", argv[1]);
    return list(ctx, argc, argv);
}

const struct cli_command cmd_warnings = {
    .name = "warnings",
    .summary = "查看和处置预警（签收、交办、整改通知、回复、复核、解除、排除）",
    .usage =
        "用法: zhiqian warnings [--status open|all|状态] [--region CODE] [--code Wnn]\n"
        "                       [--level red|orange|yellow] [--format table|csv|json]\n"
        "       zhiqian warnings show ID\n"
        "       zhiqian warnings ack ID\n"
        "       zhiqian warnings assign ID --dept DEPT --officer 用户名 --deadline YYYY-MM-DD\n"
        "       zhiqian warnings notify ID [--note 文字]\n"
        "       zhiqian warnings reply ID --text 企业回复及佐证\n"
        "       zhiqian warnings review ID [--pass | --reject] [--note 文字]\n"
        "       zhiqian warnings resolve ID [--note 文字]\n"
        "       zhiqian warnings dismiss ID --reason 理由\n"
        "\n"
        "列表默认只列未解除、未排除的预警（--status open），--status all 列出全部，也可指定\n"
        "open、acknowledged、assigned、notified、replied、reviewed、resolved、dismissed。\n"
        "--region 包含下级地区。csv/json 的字段：\n"
        "id,code,level,subject_type,subject_code,month,status,first_seen,last_seen,message\n"
        "\n"
        "处置流程（见方案、限时间、有反馈）：待处置 → 签收（ack）→ 交办到部门和承办人并限期\n"
        "（assign）→ 向责任企业发整改通知（notify）→ 企业回复并附佐证（reply）→ 承办人复核\n"
        "（review，--reject 退回重新整改）→ 解除（resolve）。扫描不再发现时自动解除，解除后\n"
        "再次发现时重新打开；也可说明理由后排除（dismiss）。交办期限逾期未解除的，由 W17 预警。\n"
        "每一步都记入处置记录（warnings show）和审计日志。\n",
    .run = run_warnings,
};
