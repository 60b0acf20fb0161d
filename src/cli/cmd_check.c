/*
 * cmd_check.c - `zhiqian check idcard|uscc|phone VALUE`: validate one value,
 * print its normalised form (exit 0) or the reason it is invalid (exit 1).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "core/idcard.h"
#include "core/phone.h"
#include "core/uscc.h"

static int
run_check(struct cli_ctx *ctx, int argc, char **argv)
{
    struct zq_err err;
    char out[64];
    int rc;

    (void)ctx;
    zq_err_clear(&err);
    if (argc != 3)
        return cli_usage(&cmd_check, "用法: zhiqian check idcard|uscc|phone VALUE");
    if (strcmp(argv[1], "idcard") == 0)
        rc = idcard_parse(str_from(argv[2]), out, &err);
    else if (strcmp(argv[1], "uscc") == 0)
        rc = uscc_parse(str_from(argv[2]), out, &err);
    else if (strcmp(argv[1], "phone") == 0)
        rc = phone_parse(str_from(argv[2]), out, &err);
    else
        return cli_usage(&cmd_check, "未知的检查类型“%s”（可用：idcard、uscc、phone）", argv[1]);
    if (rc < 0)
        return cli_fail(&err);
    printf("%s\n", out);
    return CLI_OK;
}

const struct cli_command cmd_check = {
    .name = "check",
    .summary = "校验身份证号码、统一社会信用代码或电话号码",
    .usage = "用法: zhiqian check idcard|uscc|phone VALUE\n"
             "\n"
             "校验一个值：有效时输出规范化后的值并以 0 退出；无效时在标准错误输出原因并以 1 "
             "退出。\n"
             "  idcard  居民身份证号码（GB 11643-1999，18 位，校验位 ISO 7064 MOD 11-2）\n"
             "  uscc    统一社会信用代码（GB 32100-2015，18 位，含校验位）\n"
             "  phone   手机或固定电话号码\n"
             "\n"
             "示例:\n"
             "  zhiqian check idcard 11010519491231002X\n"
             "  zhiqian check uscc 91350100M000100Y43\n",
    .run = run_check,
};
