/*
 * h_report.c - reports and printables over HTTP:
 *     GET /api/v1/reports/{kind}?region=&period=&format=json|csv|xlsx|pdf
 *     GET /api/v1/projects/{code}/notice-board.pdf
 *     GET /api/v1/public/projects/{code}   (the board as JSON, no account)
 * A staff member sees its own region and the regions under it (the region
 * defaults to its own); a department officer's report covers its department.
 * Files are rendered into a private temporary file and sent from memory.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "http/handlers.h"
#include "svc/auth.h"
#include "svc/notice.h"
#include "svc/report.h"

#define MAX_FILE ((off_t)64 * 1024 * 1024)

static const char *const ctypes[] = {
    [RF_TABLE] = "text/plain; charset=utf-8",
    [RF_CSV] = "text/csv; charset=utf-8",
    [RF_JSON] = "application/json",
    [RF_XLSX] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    [RF_PDF] = "application/pdf",
};

/* Send the file at path (then removed) as the answer. */
static int
send_file(struct hreq *r, const char *path, const char *ctype)
{
    struct stat sb;
    char *data = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC), rc;
    size_t got = 0;

    if (fd < 0 || fstat(fd, &sb) < 0 || sb.st_size > MAX_FILE) {
        if (fd >= 0)
            close(fd);
        unlink(path);
        return zq_err_set(&r->err, ZQ_EIO, "无法读取生成的文件");
    }
    data = zq_malloc((size_t)sb.st_size + 1);
    while (got < (size_t)sb.st_size) {
        ssize_t n = read(fd, data + got, (size_t)sb.st_size - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    unlink(path);
    rc = http_reply_text(r, 200, ctype, data, got);
    free(data);
    return rc;
}

/* A private temporary path for one answer. */
static int
temp_path(struct hreq *r, char *out, size_t cap)
{
    int fd;

    snprintf(out, cap, "/tmp/zhiqian-out-XXXXXX");
    if ((fd = mkstemp(out)) < 0)
        return zq_err_set(&r->err, ZQ_EIO, "无法创建临时文件");
    close(fd);
    return 0;
}

int
h_report(struct hreq *r)
{
    const char *fmt_s = http_query(r, "format");
    struct report_req req = { 0 };
    char lo[10], hi[10], path[64];
    struct report *rep = NULL;
    struct app *a;
    int kind, fmt, rc;

    if ((kind = report_kind_parse(r->params[0])) < 0)
        return http_fail(r, ZQ_ENOTFOUND, NULL, NULL, "没有这种报表：%s", r->params[0]);
    fmt = fmt_s == NULL ? RF_JSON : report_format_parse(fmt_s);
    if (fmt < 0 || fmt == RF_TABLE)
        return http_fail(r, ZQ_EINVAL, NULL, "format", "format 应为 json、csv、xlsx 或 pdf");
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    auth_region_range(r->who.region, lo, hi);
    req.kind = (enum report_kind)kind;
    req.region = http_query(r, "region");
    if (req.region == NULL || req.region[0] == '\0')
        req.region = r->who.region;
    req.period = http_query(r, "period");
    req.scope_lo = lo;
    req.scope_hi = hi;
    if (r->who.role == ROLE_DEPT_OFFICER)
        req.dept = r->who.dept;
    if ((rc = report_build(a, &req, date_today(), &rep, &r->err)) < 0)
        return rc;
    if ((rc = temp_path(r, path, sizeof path)) < 0 ||
        (rc = report_write(rep, (enum report_format)fmt, path, &r->err)) < 0) {
        report_free(rep);
        if (path[0])
            unlink(path);
        return rc;
    }
    report_free(rep);
    return send_file(r, path, ctypes[fmt]);
}

int
h_notice_board(struct hreq *r)
{
    struct store_scope sc;
    char path[64] = "";
    struct app *a;
    int rc;

    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    auth_scope(&r->who, &sc);
    if (sc.enterprise_id != 0 || sc.industry[0] != '\0')
        sc.region_lo[0] = '~'; /* narrower scopes: only staff with a plain region scope */
    if ((rc = temp_path(r, path, sizeof path)) < 0)
        return rc;
    if ((rc = notice_board_pdf(a, r->params[0], sc.region_lo, sc.region_hi, path, &r->err)) < 0) {
        unlink(path);
        return rc;
    }
    return send_file(r, path, ctypes[RF_PDF]);
}

/* The same board for anyone (the page the QR code on it leads to): what is
 * posted at the site, nothing more; limited per client like the other public
 * reads. */
int
h_public_project(struct hreq *r)
{
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = http_public_read(r)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    return http_answer(r, notice_board_json(a, r->params[0], &out, &r->err), 200, &out);
}
