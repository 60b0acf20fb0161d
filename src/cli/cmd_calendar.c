/*
 * cmd_calendar.c - `zhiqian calendar add-workdays|workdays|import`.
 *
 * Results go to stdout alone (scripts read them); a result that depends on a
 * year without an official holiday notice is flagged on stderr as provisional.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "core/date.h"
#include "svc/app.h"
#include "svc/refdata.h"

static void
note_provisional(bool provisional)
{
    if (provisional)
        fputs("zhiqian: 注意：涉及尚未公布国务院放假安排的年份，按《全国年节及纪念日放假办法》"
              "推算，结果为暂定（provisional）\n",
              stderr);
}

static int
parse_date_arg(const char *s, zq_date *d)
{
    struct zq_err err;

    zq_err_clear(&err);
    if (date_parse(str_from(s), d, &err) < 0) {
        err.code = ZQ_EUSAGE;
        return cli_fail(&err);
    }
    return 0;
}

static int
add_workdays(const struct calendar *cal, int argc, char **argv)
{
    zq_date d;
    int64_t n;
    bool prov = false;
    char buf[DATE_STR_LEN];
    int rc;

    if (argc != 4)
        return cli_usage(&cmd_calendar, "用法: zhiqian calendar add-workdays DATE N");
    if ((rc = parse_date_arg(argv[2], &d)) != 0)
        return rc;
    if (str_to_i64(str_from(argv[3]), &n) < 0 || n < 0 || n > 100000)
        return cli_usage(&cmd_calendar, "工作日数“%s”无效：应为 0 到 100000 之间的整数", argv[3]);
    d = calendar_add_workdays(cal, d, (int)n, &prov);
    printf("%s\n", date_format(d, buf));
    note_provisional(prov);
    return CLI_OK;
}

static int
workdays(const struct calendar *cal, int argc, char **argv)
{
    zq_date a, b;
    bool prov = false;
    int rc, n;

    if (argc != 4)
        return cli_usage(&cmd_calendar, "用法: zhiqian calendar workdays DATE1 DATE2");
    if ((rc = parse_date_arg(argv[2], &a)) != 0 || (rc = parse_date_arg(argv[3], &b)) != 0)
        return rc;
    if (b < a)
        return cli_usage(&cmd_calendar, "DATE2（%s）早于 DATE1（%s）", argv[3], argv[2]);
    n = calendar_workdays(cal, a, b, &prov);
    printf("%d\n", n);
    note_provisional(prov);
    return CLI_OK;
}

static int
run_calendar(struct cli_ctx *ctx, int argc, char **argv)
{
    struct zq_err err;
    struct app *app = NULL;
    const struct calendar *cal;
    int rc;

    zq_err_clear(&err);
    if (argc < 2)
        return cli_usage(&cmd_calendar, "缺少子命令（add-workdays、workdays、import）");
    if (strcmp(argv[1], "import") == 0) {
        int added = 0;

        if (argc != 3)
            return cli_usage(&cmd_calendar, "用法: zhiqian calendar import FILE");
        if (app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err) < 0 ||
            svc_calendar_import(app, argv[2], &added, &err) < 0) {
            app_free(app);
            return cli_fail(&err);
        }
        printf("已导入 %d 个日期\n", added);
        app_free(app);
        return CLI_OK;
    }
    if (strcmp(argv[1], "add-workdays") != 0 && strcmp(argv[1], "workdays") != 0)
        return cli_usage(&cmd_calendar, "未知的子命令“%s”", argv[1]);
    if (app_open(ctx->cfg, APP_DB_IF_EXISTS, &app, &err) < 0 || app_calendar(app, &cal, &err) < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    rc = argv[1][0] == 'a' ? add_workdays(cal, argc, argv) : workdays(cal, argc, argv);
    app_free(app);
    return rc;
}

const struct cli_command cmd_calendar = {
    .name = "calendar",
    .summary = "工作日计算与节假日安排导入",
    .usage = "用法:\n"
             "  zhiqian calendar add-workdays DATE N   输出 DATE 之后第 N 个工作日\n"
             "  zhiqian calendar workdays DATE1 DATE2  输出 (DATE1, DATE2] 内的工作日数\n"
             "  zhiqian calendar import FILE           导入放假与调休安排（CSV：date,kind,name；\n"
             "                                         kind 为 off 放假 或 work 调休上班）\n"
             "\n"
             "工作日依据国务院办公厅公布的放假安排（含调休上班日）计算，周末默认休息。\n"
             "尚未公布安排的年份按《全国年节及纪念日放假办法》的法定节假日推算，并在标准错误\n"
             "输出“暂定”提示。日期格式 YYYY-MM-DD。\n"
             "\n"
             "示例:\n"
             "  zhiqian calendar add-workdays 2026-09-28 5    # 2026-10-10（调休上班的星期六）\n"
             "  zhiqian calendar workdays 2026-09-30 2026-10-11\n",
    .run = run_calendar,
};
