/*
 * cmd_import.c - `zhiqian import KIND FILE|- [--strict] [--errors OUT.csv]
 * [--dry-run] [--ignore-unknown]`.
 *
 * Rejected rows are printed on stderr (the first REJECTS_SHOWN of them) and,
 * with --errors, all written to a CSV file in UTF-8 with BOM so that Excel
 * opens it: the columns 行号, 错误列, 错误值, 错误原因 followed by the row
 * as it was read.  Such a file, once corrected, can be imported again as it
 * is (the importer skips the four error columns).  A progress bar is drawn
 * on stderr when it is a terminal.  The last line on stdout is the summary.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <pwd.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "core/table.h"
#include "svc/app.h"
#include "svc/import.h"

#define REJECTS_SHOWN 100

struct run {
    const char *file;
    FILE *errors;
    const char *errors_path;
    bool errors_failed;
    bool tty;
    long shown;
    struct timespec t0;
    size_t hdr_n;
    char **hdr; /* copy of the header for the errors file */
};

static int64_t
elapsed_ms(const struct run *r)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)(t.tv_sec - r->t0.tv_sec) * 1000 + (t.tv_nsec - r->t0.tv_nsec) / 1000000;
}

static void
csv_field(FILE *f, const char *p, size_t n)
{
    bool quote = false;

    for (size_t i = 0; i < n && !quote; i++)
        quote = p[i] == ',' || p[i] == '"' || p[i] == '\n' || p[i] == '\r';
    if (!quote) {
        fwrite(p, 1, n, f);
        return;
    }
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '"')
            fputc('"', f);
        fputc(p[i], f);
    }
    fputc('"', f);
}

static void
on_header(void *ctx, size_t n, const struct str *names)
{
    struct run *r = ctx;

    if (r->errors == NULL)
        return;
    fputs("\xEF\xBB\xBF行号,错误列,错误值,错误原因", r->errors);
    for (size_t i = 0; i < n; i++) {
        fputc(',', r->errors);
        csv_field(r->errors, names[i].p, names[i].len);
    }
    fputs("\r\n", r->errors);
    r->hdr_n = n;
}

static void
clear_bar(struct run *r)
{
    if (r->tty)
        fputs("\r\033[K", stderr);
}

static void
on_reject(void *ctx, const struct import_reject *j)
{
    struct run *r = ctx;

    if (r->shown < REJECTS_SHOWN) {
        clear_bar(r);
        if (j->column[0] != '\0')
            fprintf(stderr, "zhiqian: %s 第 %ld 行，%s 列，值“%s”：%s\n", r->file, j->line,
                    j->column, j->value, j->reason);
        else
            fprintf(stderr, "zhiqian: %s 第 %ld 行：%s\n", r->file, j->line, j->reason);
    } else if (r->shown == REJECTS_SHOWN) {
        fprintf(stderr, "zhiqian: 被拒绝的行较多，此后不再逐行显示%s\n",
                r->errors ? "，全部见 --errors 文件" : "（用 --errors 文件可得到全部）");
    }
    r->shown++;
    if (r->errors == NULL)
        return;
    fprintf(r->errors, "%ld,", j->line);
    csv_field(r->errors, j->column, strlen(j->column));
    fputc(',', r->errors);
    csv_field(r->errors, j->value, strlen(j->value));
    fputc(',', r->errors);
    csv_field(r->errors, j->reason, strlen(j->reason));
    for (size_t i = 0; i < j->nfields; i++) {
        fputc(',', r->errors);
        csv_field(r->errors, j->fields[i].p, j->fields[i].len);
    }
    fputs("\r\n", r->errors);
}

static void
on_progress(void *ctx, uint64_t done, uint64_t total, int64_t rows)
{
    struct run *r = ctx;
    int64_t ms = elapsed_ms(r);
    int64_t rate = ms > 0 ? rows * 1000 / ms : 0;

    if (!r->tty)
        return;
    if (total > 0)
        fprintf(stderr, "\r\033[K导入中 %3d%%  %lld 行  %lld 行/秒", (int)(done * 100 / total),
                (long long)rows, (long long)rate);
    else
        fprintf(stderr, "\r\033[K导入中  %lld 行  %lld 行/秒", (long long)rows, (long long)rate);
}

static int
parse_args(int argc, char **argv, const char **kind, const char **file, struct import_opts *o,
           const char **errors)
{
    int pos = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--strict") == 0)
            o->strict = true;
        else if (strcmp(argv[i], "--dry-run") == 0)
            o->dry_run = true;
        else if (strcmp(argv[i], "--ignore-unknown") == 0)
            o->ignore_unknown = true;
        else if (strcmp(argv[i], "--errors") == 0 && i + 1 < argc)
            *errors = argv[++i];
        else if (strcmp(argv[i], "--errors") == 0)
            return cli_usage(&cmd_import, "--errors 后面要跟错误文件名（如 --errors 错误.csv）");
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage(&cmd_import, "不认识的选项“%s”", argv[i]);
        else if (pos == 0 && ++pos)
            *kind = argv[i];
        else if (pos == 1 && ++pos)
            *file = argv[i];
        else
            return cli_usage(&cmd_import, "多余的参数“%s”", argv[i]);
    }
    if (*kind == NULL || *file == NULL)
        return cli_usage(&cmd_import, "用法: zhiqian import KIND FILE|- [--strict] [--errors "
                                      "OUT.csv] [--dry-run] [--ignore-unknown]");
    if (!import_kind_valid(*kind))
        return cli_usage(&cmd_import,
                         "不认识的导入类型“%s”（可用：enterprises projects "
                         "subcontracts accounts deposits employment attendance "
                         "payroll txns disbursements payments cases blacklist "
                         "clues）",
                         *kind);
    return 0;
}

static int
finish_run(struct run *r, const struct import_opts *o, const struct import_result *res)
{
    int64_t ms = elapsed_ms(r);

    clear_bar(r);
    if (r->errors != NULL && (ferror(r->errors) | fclose(r->errors)) != 0)
        fprintf(stderr, "zhiqian: 写错误文件 %s 失败\n", r->errors_path);
    if (o->dry_run)
        fputs("zhiqian: 试运行（--dry-run）：只做了校验，数据库没有改动\n", stderr);
    else if (o->strict && res->rejected > 0)
        fputs("zhiqian: 严格模式（--strict）：有被拒绝的行，本次没有导入任何数据\n", stderr);
    printf("imported %lld rows (%lld new, %lld updated, %lld rejected) in %lld.%02lld s\n",
           (long long)res->rows, (long long)res->added, (long long)res->updated,
           (long long)res->rejected, (long long)(ms / 1000), (long long)(ms % 1000 / 10));
    return res->rejected > 0 ? CLI_REJECTED : CLI_OK;
}

static int
run_import(struct cli_ctx *ctx, int argc, char **argv)
{
    struct import_opts o = { .source = "cli" };
    struct import_result res;
    struct run r = { 0 };
    const char *kind = NULL, *file = NULL, *errors = NULL;
    struct tbl_reader *tr = NULL;
    struct app *app = NULL;
    struct zq_err err;
    char actor[64];
    int rc;

    if ((rc = parse_args(argc, argv, &kind, &file, &o, &errors)) != 0)
        return rc;
    if (kind == NULL || file == NULL)
        return CLI_USAGE;
    zq_err_clear(&err);
    clock_gettime(CLOCK_MONOTONIC, &r.t0);
    r.file = strcmp(file, "-") == 0 ? "标准输入" : file;
    r.tty = isatty(STDERR_FILENO) == 1;
    /* The operating-system account: the CLI runs on the server by staff. */
    {
        const struct passwd *pw = getpwuid(geteuid());
        snprintf(actor, sizeof actor, "cli:%s", pw != NULL ? pw->pw_name : "?");
    }
    o.actor = actor;
    o.file_name = r.file;
    o.ctx = &r;
    o.on_reject = on_reject;
    o.on_progress = on_progress;
    o.on_header = on_header;
    if (app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err) < 0 ||
        tbl_open_path(file, NULL, &tr, &err) < 0) {
        rc = cli_fail(&err);
        goto out;
    }
    if (errors != NULL && (r.errors = fopen(errors, "w")) == NULL) {
        fprintf(stderr, "zhiqian: 无法创建错误文件 %s\n", errors);
        rc = CLI_FAIL;
        goto out;
    }
    r.errors_path = errors;
    if (import_run(app, kind, tr, &o, &res, &err) < 0) {
        clear_bar(&r);
        if (r.errors != NULL) {
            fclose(r.errors);
            r.errors = NULL;
        }
        rc = cli_fail(&err);
        goto out;
    }
    rc = finish_run(&r, &o, &res);
out:
    tbl_close(tr);
    app_free(app);
    return rc;
}

const struct cli_command cmd_import = {
    .name = "import",
    .summary = "导入数据文件（CSV 或 XLSX）",
    .usage = "用法: zhiqian import KIND FILE|- [--strict] [--errors OUT.csv] [--dry-run] "
             "[--ignore-unknown]\n"
             "\n"
             "把一个 CSV（UTF-8 或 GB18030）或 XLSX（第一个工作表）文件导入数据库。\n"
             "KIND: enterprises projects subcontracts accounts deposits employment attendance\n"
             "      payroll txns disbursements payments cases blacklist clues\n"
             "FILE 为 - 时从标准输入读取。各列见 docs/formats.md。\n"
             "\n"
             "  --strict          只要有一行不合格就什么都不导入\n"
             "  --errors OUT.csv  把被拒绝的行连同原因写入 OUT.csv（UTF-8 带 BOM）\n"
             "  --dry-run         只校验，不写入数据库\n"
             "  --ignore-unknown  忽略不认识的列（默认报错）\n"
             "\n"
             "合格的行被导入，不合格的行逐行报告（行号、列、值、原因）。重复导入同一文件不会\n"
             "改变数据。最后一行：imported N rows (M new, U updated, R rejected) in T s\n"
             "退出码：0 成功；1 失败（没有导入任何数据）；2 用法错误；3 有被拒绝的行。\n"
             "\n"
             "例: zhiqian import attendance 考勤.csv --errors 考勤错误.csv\n"
             "    zhiqian gen --scale county --kind attendance | zhiqian import attendance -\n",
    .run = run_import,
};
