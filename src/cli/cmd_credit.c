/*
 * cmd_credit.c - `zhiqian blacklist` (the 失信名单 workflow) and `zhiqian
 * rating` (the annual 守法诚信 rating).  The work is in svc/credit.c; this
 * file reads options and prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "cli/cli_json.h"
#include "cli/cli_out.h"
#include "core/str.h"
#include "svc/credit.h"

extern const struct cli_command cmd_blacklist;
extern const struct cli_command cmd_rating;

#define MAX_PERSONS 16

static int
fail(struct app *app, const struct zq_err *err)
{
    app_free(app);
    return cli_fail(err);
}

/* --date, or today. */
static int
date_opt(int argc, char **argv, int from, const char *name, zq_date *d, struct zq_err *err)
{
    const char *v = cli_opt(argc, argv, from, name);

    if (v == NULL) {
        *d = date_today();
        return 0;
    }
    return date_parse(str_from(v), d, err);
}

static int
format_of(int argc, char **argv, int from)
{
    const char *f = cli_opt(argc, argv, from, "--format");

    return f == NULL ? CLI_TABLE : cli_format_parse(f);
}

static int64_t
id_arg(const char *s)
{
    int64_t v;

    if (s == NULL || str_to_i64(str_from(s), &v) < 0 || v <= 0)
        return 0;
    return v;
}

/* "姓名:职务[:身份证号]" */
static int
parse_persons(int argc, char **argv, struct credit_person *p, char buf[][256], int *n)
{
    *n = 0;
    for (int i = 2; i + 1 < argc; i++) {
        char *c1, *c2;
        if (strcmp(argv[i], "--person") != 0)
            continue;
        if (*n >= MAX_PERSONS)
            return -1;
        snprintf(buf[*n], 256, "%s", argv[++i]);
        c1 = strchr(buf[*n], ':');
        if (c1 != NULL)
            *c1++ = '\0';
        c2 = c1 != NULL ? strchr(c1, ':') : NULL;
        if (c2 != NULL)
            *c2++ = '\0';
        p[*n] = (struct credit_person){ buf[*n], c1 != NULL ? c1 : "", c2 };
        (*n)++;
    }
    return 0;
}

static int
bl_propose(struct app *app, struct credit_who *w, int argc, char **argv, struct zq_err *err)
{
    struct credit_person persons[MAX_PERSONS];
    char pbuf[MAX_PERSONS][256];
    struct credit_proposal p = { 0 };
    zq_date today;
    int64_t id;
    int rc;

    if (parse_persons(argc, argv, persons, pbuf, &p.npersons) < 0)
        return zq_err_set(err, ZQ_EUSAGE, "责任人最多 %d 名", MAX_PERSONS);
    p.uscc = cli_opt(argc, argv, 2, "--uscc");
    p.list = cli_opt(argc, argv, 2, "--list");
    p.reason = cli_opt(argc, argv, 2, "--reason");
    p.incident_id = id_arg(cli_opt(argc, argv, 2, "--incident"));
    p.persons = persons;
    if (p.list == NULL)
        p.list = "失信联合惩戒";
    if (p.uscc == NULL)
        return zq_err_set(err, ZQ_EUSAGE, "须给出 --uscc");
    if ((rc = date_opt(argc, argv, 2, "--date", &today, err)) < 0 ||
        (rc = credit_propose(app, w, &p, today, &id, err)) < 0)
        return rc;
    printf("已拟列入：名单记录 %lld（%s）\n", (long long)id, p.list);
    return 0;
}

static const struct {
    const char *name;
    enum credit_step step;
} steps[] = {
    { "notice", CREDIT_NOTICE }, { "defense", CREDIT_DEFENSE }, { "decide", CREDIT_DECIDE },
    { "reject", CREDIT_REJECT }, { "repair", CREDIT_REPAIR },   { "revoke", CREDIT_REVOKE },
};

static int
bl_step(struct app *app, struct credit_who *w, enum credit_step step, int argc, char **argv,
        struct zq_err *err)
{
    struct credit_change c = { .step = step };
    const char *corr = cli_opt(argc, argv, 3, "--corrected");
    int64_t id = id_arg(argc > 2 ? argv[2] : NULL);
    int rc;

    if (id == 0)
        return zq_err_set(err, ZQ_EUSAGE, "须给出名单记录编号");
    if ((rc = date_opt(argc, argv, 3, "--date", &c.on, err)) < 0)
        return rc;
    if (corr != NULL && (rc = date_parse(str_from(corr), &c.corrected, err)) < 0)
        return rc;
    c.by = cli_opt(argc, argv, 3, "--by");
    c.text = cli_opt(argc, argv, 3, step == CREDIT_REPAIR ? "--pledge" : "--text");
    if ((rc = credit_step(app, w, id, &c, err)) < 0)
        return rc;
    printf("名单记录 %lld：%s 完成\n", (long long)id, argv[1]);
    return 0;
}

static int
bl_read(struct app *app, struct credit_who *w, const char *sub, int argc, char **argv,
        struct zq_err *err)
{
    int fmt = format_of(argc, argv, 2);
    json_t *o = NULL;
    zq_date today;
    int rc;

    if (fmt < 0)
        return zq_err_set(err, ZQ_EUSAGE, "--format 应为 table、csv 或 json");
    if (strcmp(sub, "check") == 0) {
        const char *u = cli_opt(argc, argv, 2, "--uscc");
        if (u == NULL)
            return zq_err_set(err, ZQ_EUSAGE, "须给出 --uscc");
        if ((rc = date_opt(argc, argv, 2, "--date", &today, err)) < 0 ||
            (rc = credit_eligibility(app, w, u, id_arg(cli_opt(argc, argv, 2, "--incident")), today,
                                     &o, err)) < 0)
            return rc;
        cli_json_object(o, fmt == CLI_JSON ? CLI_JSON : CLI_TABLE);
    } else if (strcmp(sub, "show") == 0) {
        if ((rc = credit_get(app, w, id_arg(argc > 2 ? argv[2] : NULL), &o, err)) < 0)
            return rc;
        cli_json_object(o, fmt == CLI_JSON ? CLI_JSON : CLI_TABLE);
    } else if (strcmp(sub, "public") == 0) {
        if ((rc = credit_public(app, argc > 2 ? argv[2] : NULL, date_today(), &o, err)) < 0)
            return rc;
        cli_json_items(json_object_get(o, "items"), fmt, NULL);
    } else {
        struct credit_filter f = { cli_opt(argc, argv, 2, "--status"),
                                   cli_opt(argc, argv, 2, "--list"), cli_opt(argc, argv, 2, "--q"),
                                   0, 500 };
        static const char *const cols[] = { "id",         "uscc",        "name",    "list",
                                            "status",     "region_code", "case_no", "decided_on",
                                            "expires_on", "removed_on",  NULL };
        if ((rc = credit_list(app, w, &f, &o, err)) < 0)
            return rc;
        cli_json_items(json_object_get(o, "items"), fmt, fmt == CLI_JSON ? NULL : cols);
    }
    json_decref(o);
    return 0;
}

#define BL_OPTS                                                                                    \
    "--uscc --list --reason --person --incident --date --by --text --corrected --pledge --status " \
    "--q --region --format"

static int
run_blacklist(struct cli_ctx *ctx, int argc, char **argv)
{
    struct app *app = NULL;
    struct credit_who w;
    struct zq_err err;
    const char *sub = argc > 1 ? argv[1] : "", *bad;
    int rc;

    zq_err_clear(&err);
    if (cli_wants_help(argc, argv) || argc < 2)
        return argc < 2 ? cli_usage(&cmd_blacklist, "缺少子命令") : cli_help(&cmd_blacklist);
    if ((bad = cli_opt_check_sub(argc, argv, BL_OPTS, NULL)) != NULL)
        return cli_usage(&cmd_blacklist, "未知的参数或缺少取值：“%s”", bad);
    cli_who(&w, cli_opt(argc, argv, 2, "--region"));
    if (app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err) < 0)
        return fail(app, &err);
    rc = ZQ_EUSAGE;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (strcmp(sub, steps[i].name) == 0)
            rc = bl_step(app, &w, steps[i].step, argc, argv, &err);
    if (strcmp(sub, "propose") == 0) {
        rc = bl_propose(app, &w, argc, argv, &err);
    } else if (strcmp(sub, "expire") == 0) {
        zq_date today;
        int64_t n;
        if ((rc = date_opt(argc, argv, 2, "--date", &today, &err)) == 0 &&
            (rc = credit_expire(app, &w, today, &n, &err)) == 0)
            printf("届满移出 %lld 条\n", (long long)n);
    } else if (strcmp(sub, "check") == 0 || strcmp(sub, "list") == 0 || strcmp(sub, "show") == 0 ||
               strcmp(sub, "public") == 0) {
        rc = bl_read(app, &w, sub, argc, argv, &err);
    } else if (rc == ZQ_EUSAGE) {
        app_free(app);
        return cli_usage(&cmd_blacklist, "未知的子命令“%s”", sub);
    }
    if (rc < 0)
        return fail(app, &err);
    app_free(app);
    return CLI_OK;
}

const struct cli_command cmd_blacklist = {
    .name = "blacklist",
    .summary = "失信名单：列入条件核查、告知、决定、公示、届满与信用修复",
    .usage =
        "用法：zhiqian blacklist 子命令 [选项]\n"
        "\n"
        "  check --uscc 代码 [--incident 事件编号] [--date 日期]   核查列入条件\n"
        "  propose --uscc 代码 [--list 失信联合惩戒|重点关注] --reason 事由\n"
        "          --person 姓名:职务[:身份证号] ... [--incident 编号] [--date 日期]\n"
        "  notice ID [--date 日期]            告知（陈述申辩期按 credit.defense_workdays 计）\n"
        "  defense ID --text 申辩意见         记录陈述申辩\n"
        "  decide ID --by 决定机关 [--date 日期]   作出列入决定（申辩期满后）\n"
        "  reject ID --by 机关 --text 理由 [--date 日期]   不予列入\n"
        "  repair ID --corrected 改正日期 --pledge 信用承诺 [--date 申请日期]   信用修复\n"
        "  revoke ID --text 理由 [--date 日期]   撤销列入\n"
        "  expire [--date 日期]               届满自动移出\n"
        "  list [--status 状态] [--list 名单] [--q 名称或代码] [--region 地区] [--format F]\n"
        "  show ID [--format json]\n"
        "  public 名称或代码                  公开查询（仅失信联合惩戒、有效期内）\n"
        "\n"
        "日期格式 YYYY-MM-DD，默认今天；--format 为 table、csv 或 json。\n",
    .run = run_blacklist,
};

/* ---------------------------------------------------------------- rating */

static int
run_rating(struct cli_ctx *ctx, int argc, char **argv)
{
    struct app *app = NULL;
    struct credit_who w;
    struct zq_err err;
    const char *sub = argc > 1 ? argv[1] : "", *y = cli_opt(argc, argv, 2, "--year");
    int64_t year = 0, n;
    int fmt = format_of(argc, argv, 2);
    json_t *o = NULL;

    zq_err_clear(&err);
    if (cli_wants_help(argc, argv))
        return cli_help(&cmd_rating);
    if (cli_opt_check(argc, argv, 2, "--year --region --grade --format", NULL) != NULL)
        return cli_usage(&cmd_rating, "未知的参数或缺少取值：“%s”",
                         cli_opt_check(argc, argv, 2, "--year --region --grade --format", NULL));
    if (fmt < 0)
        return cli_usage(&cmd_rating, "--format 应为 table、csv 或 json");
    if (y == NULL || str_to_i64(str_from(y), &year) < 0)
        return cli_usage(&cmd_rating, "须给出 --year 年度");
    if (strcmp(sub, "compute") != 0 && strcmp(sub, "list") != 0)
        return cli_usage(&cmd_rating, "子命令应为 compute 或 list");
    cli_who(&w, cli_opt(argc, argv, 2, "--region"));
    if (app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err) < 0)
        return fail(app, &err);
    if (strcmp(sub, "compute") == 0) {
        if (credit_rate(app, &w, (int)year, &n, &err) < 0)
            return fail(app, &err);
        printf("%lld 年度守法诚信评级：%lld 家企业\n", (long long)year, (long long)n);
    } else {
        if (credit_ratings(app, &w, (int)year, cli_opt(argc, argv, 2, "--grade"), NULL, 1000, &o,
                           &err) < 0)
            return fail(app, &err);
        cli_json_items(json_object_get(o, "items"), fmt, NULL);
        json_decref(o);
    }
    app_free(app);
    return CLI_OK;
}

const struct cli_command cmd_rating = {
    .name = "rating",
    .summary = "企业年度守法诚信评级（A/B/C）及理由",
    .usage = "用法：zhiqian rating compute --year 年度 [--region 地区]\n"
             "      zhiqian rating list --year 年度 [--grade A|B|C] [--region 地区] [--format F]\n"
             "\n"
             "A：无违法记录；C：逾期未履行支付指令、移送公安、受处罚 3 次以上或群体性事件；\n"
             "其余有违法记录的为 B。\n",
    .run = run_rating,
};
