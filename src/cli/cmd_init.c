/*
 * cmd_init.c - `zhiqian init`: create or upgrade the schema and load the
 * reference data (regions, holiday calendar).  Safe to run again.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "svc/app.h"
#include "svc/refdata.h"

static int
run_init(struct cli_ctx *ctx, int argc, char **argv)
{
    struct zq_err err;
    struct app *app = NULL;
    struct refdata_summary sum;

    (void)argv;
    zq_err_clear(&err);
    if (argc != 1)
        return cli_usage(&cmd_init, "init 不接受参数");
    if (app_open(ctx->cfg, APP_DB, &app, &err) < 0 || svc_init(app, &sum, &err) < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    printf("数据库已就绪：%s（%s），结构版本 %d（本次升级 %d 步），行政区划 %d 个，"
           "节假日安排 %d 天\n",
           store_uri_safe(app->st), store_driver_name(app->st), sum.schema_version,
           sum.migrations_applied, sum.regions, sum.calendar_days);
    app_free(app);
    return CLI_OK;
}

const struct cli_command cmd_init = {
    .name = "init",
    .summary = "创建或升级数据库结构，载入行政区划与节假日数据",
    .usage = "用法: zhiqian [--db PATH|postgresql://URI] init\n"
             "\n"
             "创建数据库（SQLite 文件不存在时新建）或升级到本程序的结构版本，\n"
             "并载入内置的 GB/T 2260 行政区划与节假日安排。可重复运行。\n",
    .run = run_init,
};
