/*
 * h_import.c - POST /api/v1/imports/{kind}: the body is a CSV or XLSX file
 * imported as one job (SPEC §4, §11); GET /api/v1/jobs[/{id}] reads jobs
 * with their progress, counts and row errors.
 *
 * Before the importer runs, auth_upload_check() makes sure every row lies
 * within what the caller may write (an enterprise's own projects, a bank's
 * accounts, an inspector's region); a file reaching outside is refused as
 * a whole with 403 and the offending rows.  The import then runs in this
 * request; its job record is found afterwards by a file name that carries
 * the request id, and its rejected rows are kept in import_errors.  A
 * `running` record made before the import lets clients follow it
 * (store_job.h), with the progress this process keeps in jobs_live.c.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "core/table.h"
#include "http/handlers.h"
#include "core/date.h"
#include "store/store_job.h"
#include "store/store_query.h"
#include "svc/import.h"
#include "svc/query.h"

#define ERRORS_SHOWN 1000  /* rows listed in the answer */
#define ERRORS_KEPT  10000 /* rows kept with the job */

struct rejects {
    json_t *rows;
    long total;
    struct jobs_live *live; /* where the progress of job goes */
    int64_t job;
};

static void
add_reject(struct rejects *j, long line, const char *col, const char *value, const char *reason)
{
    j->total++;
    if (json_array_size(j->rows) >= ERRORS_KEPT)
        return;
    json_array_append_new(j->rows, json_pack("{s:I, s:s, s:s, s:s}", "line", (json_int_t)line,
                                             "column", col, "value", value, "reason", reason));
}

static void
on_deny(void *ctx, long line, const char *col, const char *value, const char *reason)
{
    add_reject(ctx, line, col, value, reason);
}

static void
on_reject(void *ctx, const struct import_reject *rj)
{
    add_reject(ctx, rj->line, rj->column, rj->value, rj->reason);
}

static void
on_progress(void *ctx, uint64_t done, uint64_t total, int64_t rows)
{
    struct rejects *j = ctx;

    jobs_live_set(j->live, j->job, done, total, rows);
}

/* The first ERRORS_SHOWN rows of j (a new reference). */
static json_t *
shown(const struct rejects *j)
{
    json_t *a = json_array();

    for (size_t i = 0; i < json_array_size(j->rows) && i < ERRORS_SHOWN; i++)
        json_array_append(a, json_array_get(j->rows, i));
    return a;
}

static bool
flag(struct hreq *r, const char *key)
{
    const char *v = http_query(r, key);

    return v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static bool
type_ok(const char *ct)
{
    static const char *const types[] = {
        "text/csv",
        "application/csv",
        "text/plain",
        "application/octet-stream",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    for (size_t i = 0; ct != NULL && i < sizeof types / sizeof types[0]; i++)
        if (strncasecmp(ct, types[i], strlen(types[i])) == 0 &&
            (ct[strlen(types[i])] == '\0' || ct[strlen(types[i])] == ';'))
            return true;
    return false;
}

/* Sent as a workbook (by its type or its name) but not a zip archive: say
 * so, rather than read the bytes as CSV text and blame their encoding. */
static bool
fake_xlsx(struct hreq *r)
{
    static const char xlsx[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    const char *ct = http_header(r, MHD_HTTP_HEADER_CONTENT_TYPE), *name = http_query(r, "name");
    size_t n = name != NULL ? strlen(name) : 0;
    const char *p = r->body.p;

    if (!((ct != NULL && strncasecmp(ct, xlsx, sizeof xlsx - 1) == 0) ||
          (n >= 5 && strcasecmp(name + n - 5, ".xlsx") == 0)))
        return false;
    return !(r->body.len >= 4 && p[0] == 'P' && p[1] == 'K' &&
             ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6)));
}

/* Keep the rejected rows with the job, in a transaction of their own. */
static void
keep_errors(struct app *a, int64_t job, const struct rejects *j)
{
    struct zq_err e;
    int rc;

    zq_err_clear(&e);
    if (job <= 0 || json_array_size(j->rows) == 0 || store_begin(a->st, &e) < 0)
        return;
    rc = 0;
    for (size_t i = 0; i < json_array_size(j->rows) && rc == 0; i++) {
        json_t *o = json_array_get(j->rows, i);
        rc = store_q_job_error_add(a->st, job, (long)json_integer_value(json_object_get(o, "line")),
                                   json_string_value(json_object_get(o, "column")),
                                   json_string_value(json_object_get(o, "value")),
                                   json_string_value(json_object_get(o, "reason")), &e);
    }
    if (rc < 0 || store_commit(a->st, &e) < 0) {
        if (rc < 0)
            store_rollback(a->st);
        log_warn("保存导入任务 %lld 的错误行失败：%s", (long long)job, e.msg);
    }
}

static int
refused(struct hreq *r, int rc, struct rejects *j)
{
    r->extra = json_object();
    json_object_set_new(r->extra, "errors", shown(j));
    json_object_set_new(r->extra, "errors_total", json_integer(j->total));
    return rc;
}

static void
job_start(struct hreq *r, struct app *a, const char *kind, const char *source, const char *file,
          struct rejects *j)
{
    struct zq_err e;

    zq_err_clear(&e);
    j->live = r->srv->live;
    if (store_job_start(a->st, kind, source, r->who.actor, file, (int64_t)r->body.len, ts_now(),
                        &j->job, &e) < 0) {
        log_warn("登记导入任务失败（导入照常进行）：%s", e.msg);
        j->job = 0;
    }
}

/* The import failed (message) or applied nothing (NULL): the running record
 * says so, or goes. */
static void
job_unrecord(struct app *a, int64_t job, const char *message)
{
    struct zq_err e;
    int rc;

    zq_err_clear(&e);
    if (job <= 0)
        return;
    rc = message != NULL ? store_job_fail(a->st, job, message, ts_now(), &e)
                         : store_job_drop(a->st, job, &e);
    if (rc < 0)
        log_warn("更新导入任务 %lld 失败：%s", (long long)job, e.msg);
}

static int
run_import(struct hreq *r, struct app *a, const char *kind, struct rejects *j, json_t **out)
{
    struct import_opts o = {
        .actor = r->who.actor, .ctx = j, .on_reject = on_reject, .on_progress = on_progress
    };
    const char *name = http_query(r, "name");
    struct import_result res;
    struct tbl_reader *tr = NULL;
    char file[400];
    int64_t job = 0;
    int rc;

    o.strict = flag(r, "strict");
    o.dry_run = flag(r, "dry_run");
    o.ignore_unknown = flag(r, "ignore_unknown");
    o.source = r->who.via == AUTH_SESSION ? "ui" : "api";
    /* the request id makes the job's record findable, and ties it to the access log */
    snprintf(file, sizeof file, "%.200s（请求 %s）", name != NULL && name[0] ? name : "upload",
             r->id);
    o.file_name = file;
    if ((rc = tbl_open_mem(r->body.p, r->body.len, file, NULL, &tr, &r->err)) < 0)
        return rc;
    /* a `running` record to follow while the import runs (store_job.h) */
    if (!o.dry_run)
        job_start(r, a, kind, o.source, file, j);
    rc = import_run(a, kind, tr, &o, &res, &r->err);
    tbl_close(tr);
    if (rc < 0 || !res.applied)
        job_unrecord(a, j->job, rc < 0 ? r->err.msg : NULL);
    if (rc < 0)
        return rc;
    atomic_fetch_add(&r->srv->m.imports, 1);
    atomic_fetch_add(&r->srv->m.import_rows, (uint64_t)res.rows);
    atomic_fetch_add(&r->srv->m.import_rejected, (uint64_t)res.rejected);
    if (res.applied && (rc = store_q_job_find(a->st, r->who.actor, kind, file, &job, &r->err)) < 0)
        return rc;
    if (res.applied && j->job > 0 && job > j->job) {
        if ((rc = store_job_adopt(a->st, j->job, job, &r->err)) < 0)
            return rc;
        job = j->job;
    }
    keep_errors(a, job, j);
    *out = json_pack("{s:s, s:b, s:I, s:I, s:I, s:I, s:I}", "kind", kind, "applied", res.applied,
                     "rows", (json_int_t)res.rows, "new", (json_int_t)res.added, "updated",
                     (json_int_t)res.updated, "rejected", (json_int_t)res.rejected, "errors_total",
                     (json_int_t)j->total);
    json_object_set_new(*out, "job_id", job > 0 ? json_integer(job) : json_null());
    json_object_set_new(*out, "status", json_string(res.applied ? "done" : "not_applied"));
    json_object_set_new(*out, "errors", shown(j));
    return job > 0 ? 201 : 200;
}

/* The upload check and the import, on a thread of its own with its own
 * database connection, while the request's connection is suspended: a long
 * import never holds up the pool thread's other connections. */
static void *
import_thread(void *arg)
{
    struct hreq *r = arg;
    struct http_server *srv = r->srv;
    struct rejects j = { .rows = json_array() };
    const char *kind = r->params[0];
    struct app *a = NULL;
    json_t *out = NULL;
    long denied = 0;
    int rc;

    rc = app_open(srv->cfg, APP_DB | APP_SCHEMA, &a, &r->err);
    if (rc < 0) {
        rc = ZQ_EDB;
    } else {
        rc = auth_upload_check(a, &r->who, kind, r->body.p, r->body.len, on_deny, &j, &denied,
                               &r->err);
        if (rc < 0 && denied > 0)
            rc = refused(r, rc, &j);
        else if (rc == 0)
            rc = run_import(r, a, kind, &j, &out);
        /* only once the record says done (or failed): until then the row
         * reads running, with the counts from here */
        jobs_live_end(j.live, j.job);
    }
    if (rc == 201)
        snprintf(r->location, sizeof r->location, "/api/v1/jobs/%lld",
                 (long long)json_integer_value(json_object_get(out, "job_id")));
    r->async_rc = rc < 0 ? rc : 0;
    r->async_status = rc > 0 ? (unsigned)rc : 200;
    r->async_body = out;
    json_decref(j.rows);
    app_free(a);
    r->async_done = true;
    atomic_fetch_sub(&srv->m.import_slots, 1);
    MHD_resume_connection(r->conn);
    /* only now: shutdown waits for this count before stopping the daemon */
    atomic_fetch_sub(&srv->m.imports_running, 1);
    return NULL;
}

int
h_import(struct hreq *r)
{
    const char *kind = r->params[0];
    pthread_attr_t attr;
    pthread_t th;
    int rc;

    if (!import_kind_valid(kind))
        return http_fail(r, ZQ_ENOTFOUND, "unknown_kind", NULL, "不认识的导入类型“%s”", kind);
    if ((rc = auth_import_allowed(&r->who, kind, &r->err)) < 0)
        return rc;
    if (!type_ok(http_header(r, MHD_HTTP_HEADER_CONTENT_TYPE)))
        return http_fail(r, ZQ_ESYNTAX, "unsupported_media_type", NULL,
                         "请求体应为 CSV（text/csv）或 XLSX 文件");
    if (fake_xlsx(r))
        return http_fail(r, ZQ_ESYNTAX, NULL, NULL,
                         "上传的文件不是有效的 XLSX 文件（按 Excel 工作簿上传，内容却不是）");
    if (atomic_fetch_add(&r->srv->m.import_slots, 1) >= r->srv->max_imports) {
        atomic_fetch_sub(&r->srv->m.import_slots, 1);
        return http_fail(r, ZQ_ELIMIT, NULL, NULL, "正在进行的导入过多，请稍后再试");
    }
    atomic_fetch_add(&r->srv->m.imports_running, 1);
    r->async = true;
    MHD_suspend_connection(r->conn);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    rc = pthread_create(&th, &attr, import_thread, r);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        r->async_rc = http_fail(r, ZQ_EINTERNAL, NULL, NULL, "无法启动导入线程");
        r->async_done = true;
        atomic_fetch_sub(&r->srv->m.import_slots, 1);
        MHD_resume_connection(r->conn);
        atomic_fetch_sub(&r->srv->m.imports_running, 1);
    }
    return 0;
}

int
h_jobs(struct hreq *r)
{
    struct query_page pg;
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = http_page(r, &pg.limit, &pg.cursor)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    if ((rc = query_jobs(a, &r->who, &pg, &out, &r->err)) < 0)
        return rc;
    json_t *items = json_object_get(out, "items");
    for (size_t i = 0; i < json_array_size(items); i++)
        jobs_live_overlay(r->srv->live, json_array_get(items, i));
    return http_reply_json(r, 200, out);
}

int
h_job(struct hreq *r)
{
    struct query_page pg;
    struct app *a;
    json_t *out = NULL;
    int64_t id;
    int rc;

    if (str_to_i64(str_from(r->params[0]), &id) < 0 || id < 1)
        return http_fail(r, ZQ_ENOTFOUND, NULL, NULL, "导入任务不存在");
    if ((rc = http_page(r, &pg.limit, &pg.cursor)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    if ((rc = query_job(a, &r->who, id, &pg, &out, &r->err)) < 0)
        return rc;
    jobs_live_overlay(r->srv->live, out);
    return http_reply_json(r, 200, out);
}
