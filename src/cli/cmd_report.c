/*
 * cmd_report.c - `zhiqian report weekly|monthly|assessment`: the dispatch
 * table, the bulletin and the yearly assessment of a region (SPEC §10), and
 * `zhiqian notice-board PROJECT_CODE --out F.pdf`: the printable 维权信息告示牌.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "svc/notice.h"
#include "svc/report.h"

extern const struct cli_command cmd_report;
extern const struct cli_command cmd_notice_board;

static int
run_report(struct cli_ctx *ctx, int argc, char **argv)
{
    struct report_req req = { 0 };
    const char *out = NULL;
    int fmt = RF_TABLE, kind;
    struct report *r = NULL;
    struct app *app = NULL;
    struct zq_err err;

    zq_err_clear(&err);
    if (argc < 2 || (kind = report_kind_parse(argv[1])) < 0)
        return cli_usage(&cmd_report, "请指定报表：weekly、monthly 或 assessment");
    req.kind = (enum report_kind)kind;
    for (int i = 2; i < argc; i += 2) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (v == NULL)
            return cli_usage(&cmd_report, "选项“%s”缺少参数（或未知）", o);
        if (strcmp(o, "--region") == 0)
            req.region = v;
        else if (strcmp(o, "--period") == 0)
            req.period = v;
        else if (strcmp(o, "--out") == 0)
            out = v;
        else if (strcmp(o, "--format") == 0) {
            if ((fmt = report_format_parse(v)) < 0)
                return cli_usage(&cmd_report, "--format 应为 table、csv、json、xlsx 或 pdf");
        } else
            return cli_usage(&cmd_report, "未知的参数“%s”", o);
    }
    if ((fmt == RF_XLSX || fmt == RF_PDF) && out == NULL)
        return cli_usage(&cmd_report, "xlsx 和 pdf 格式须用 --out 指定输出文件");
    if (app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err) < 0 ||
        report_build(app, &req, date_today(), &r, &err) < 0 ||
        report_write(r, (enum report_format)fmt, out, &err) < 0) {
        report_free(r);
        app_free(app);
        return cli_fail(&err);
    }
    if (out != NULL && strcmp(out, "-") != 0)
        fprintf(stderr, "已生成 %s：%s%s，%s\n", out, r->region_name, report_kind_title(r->kind),
                r->label);
    report_free(r);
    app_free(app);
    return CLI_OK;
}

const struct cli_command cmd_report = {
    .name = "report",
    .summary = "周调度表、月通报、年度考核（表格、CSV、JSON、XLSX、PDF）",
    .usage = "用法: zhiqian report weekly|monthly|assessment [--region CODE] [--period 期间]\n"
             "                     [--format table|csv|json|xlsx|pdf] [--out FILE]\n"
             "\n"
             "weekly 周调度表，monthly 月通报，assessment 年度考核（A/B/C 等级）。\n"
             "--region  地区代码；默认为本系统所属省份（配置项 province），即全库\n"
             "--period  weekly：2026-W47 或该周内任一日期；monthly：2026-10；assessment：2025\n"
             "          默认为最近一个完整的周、月或年度\n"
             "--format  默认 table；xlsx 和 pdf 须用 --out 指定文件，其余默认输出到标准输出\n"
             "\n"
             "各行为该地区的下级地区（县级地区没有下级时为各行业主管部门），末行为合计，\n"
             "按得分从高到低排名，并与上一期比较。指标口径与考核权重见 docs/reports.md，\n"
             "权重和等级线由 report.weights、report.grade_a、report.grade_c、\n"
             "report.incident_people 配置。\n"
             "\n"
             "示例: zhiqian report weekly --region 330282 --format pdf --out 周调度.pdf\n",
    .run = run_report,
};

static int
run_notice_board(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *out = NULL;
    struct app *app = NULL;
    struct zq_err err;

    zq_err_clear(&err);
    if (argc < 2 || argv[1][0] == '-')
        return cli_usage(&cmd_notice_board, "请指定项目编号");
    for (int i = 2; i < argc; i += 2) {
        if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            out = argv[i + 1];
        else
            return cli_usage(&cmd_notice_board, "未知的参数“%s”（或缺少参数）", argv[i]);
    }
    if (out == NULL)
        return cli_usage(&cmd_notice_board, "请用 --out 指定输出的 PDF 文件");
    if (app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err) < 0 ||
        notice_board_pdf(app, argv[1], NULL, NULL, out, &err) < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    fprintf(stderr, "已生成 %s：项目 %s 维权信息告示牌\n", out, argv[1]);
    app_free(app);
    return CLI_OK;
}

const struct cli_command cmd_notice_board = {
    .name = "notice-board",
    .summary = "打印项目的维权信息告示牌（PDF，含投诉二维码）",
    .usage = "用法: zhiqian notice-board PROJECT_CODE --out FILE.pdf\n"
             "\n"
             "按《保障农民工工资支付条例》第三十四条，列出建设单位、施工总承包单位及项目部、\n"
             "分包单位、行业主管部门、劳资专管员、当地最低工资标准、工资支付日、投诉电话和\n"
             "投诉渠道；二维码指向预先填好该项目的网上投诉页面\n"
             "（配置项 server.public_url + /public/complaint?project=编号）。\n",
    .run = run_notice_board,
};
