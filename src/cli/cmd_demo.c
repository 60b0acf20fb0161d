/*
 * cmd_demo.c - `zhiqian demo`: initialise the database and fill it with the
 * demo county as of today; print what was done and the accounts' logins.
 */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "svc/demo.h"
#include "svc/refdata.h"

extern const struct cli_command cmd_demo;

static int
run_demo(struct cli_ctx *ctx, int argc, char **argv)
{
    const struct passwd *pw = getpwuid(getuid());
    struct refdata_summary sum;
    struct demo_result r;
    struct app *app = NULL;
    struct zq_err err;
    char actor[96], d[DATE_STR_LEN];

    zq_err_clear(&err);
    if (argc > 1)
        return cli_usage(&cmd_demo, "demo 不接受参数（“%s”）", argv[1]);
    snprintf(actor, sizeof actor, "cli:%s", pw && pw->pw_name ? pw->pw_name : "unknown");
    if (app_open(ctx->cfg, APP_DB, &app, &err) < 0 || svc_init(app, &sum, &err) < 0 ||
        demo_run(app, date_today(), actor, &r, &err) < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    printf("演示数据已就绪（%s，数据截至 %s）：\n%s", config_get(ctx->cfg, "db"),
           date_format(r.as_of, d), r.steps);
    puts("登录账号（口令只显示这一次）：");
    for (int i = 0; i < r.nlogins; i++)
        printf("  %-11s %-14s %-13s %s\n", r.logins[i].username,
               r.logins[i].created ? r.logins[i].password : "（已存在）", r.logins[i].role,
               r.logins[i].what);
    puts("查看：zhiqian warnings、zhiqian ledger、zhiqian warnings show 编号");
    app_free(app);
    return CLI_OK;
}

const struct cli_command cmd_demo = {
    .name = "demo",
    .summary = "生成演示县的数据、扫描预警并创建各角色的演示账号",
    .usage = "用法: zhiqian demo\n"
             "\n"
             "在数据库中建立一个演示县（慈溪市及周边，约 200 个在建项目）：按今天的日期生成\n"
             "企业、项目、实名登记、考勤、工资、专户流水、保证金、线索、案件等数据（其中约 5%\n"
             "的项目预埋了违规），导入后扫描预警，为每个角色创建一个演示账号并打印口令，并让\n"
             "几条预警和一个高风险项目进入处置流程。请在空数据库上运行；再次运行不会重复导入。\n",
    .run = run_demo,
};
