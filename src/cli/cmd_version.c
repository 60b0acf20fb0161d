/*
 * cmd_version.c - `zhiqian version`.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "store/store.h"

static int
run_version(struct cli_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argv;
    if (argc > 1)
        return cli_usage(&cmd_version, "version 不接受参数");
    printf("zhiqian %s (%s), schema %d\n", ZQ_VERSION, ZQ_GITREV, store_schema_latest());
    return CLI_OK;
}

const struct cli_command cmd_version = {
    .name = "version",
    .summary = "显示版本",
    .usage = "用法: zhiqian version\n\n显示程序版本、源码修订号与数据库结构版本。\n",
    .run = run_version,
};
