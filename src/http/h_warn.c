/*
 * h_warn.c - warnings and their lifecycle, the risk ledger with 包保 and
 * 回头看, the deposit calculation of a project and the calendar.  Scope is
 * applied by the store queries the services call (svc/warn_api.c).
 */
#include <string.h>
#include <strings.h>

#include "http/handlers.h"
#include "svc/warn_api.h"

static int
id_param(struct hreq *r, int i, int64_t *id, const char *what)
{
    if (str_to_i64(str_from(r->params[i]), id) < 0 || *id < 1)
        return http_fail(r, ZQ_ENOTFOUND, NULL, NULL, "%s不存在或不在您的管辖范围内", what);
    return 0;
}

/* The body of an action route: a JSON object, or nothing at all for steps
 * without fields (ack, notice, resolve). */
static int
optional_json(struct hreq *r)
{
    const char *ct = http_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    json_error_t je;

    if (r->body.len == 0) {
        r->json = json_object();
        return 0;
    }
    if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0)
        return http_fail(r, ZQ_ESYNTAX, "unsupported_media_type", NULL,
                         "请求体应为 JSON（Content-Type: application/json）");
    if (!utf8_valid(r->body.p, r->body.len))
        return http_fail(r, ZQ_ESYNTAX, "invalid_utf8", NULL, "请求体不是有效的 UTF-8");
    r->json = json_loadb(r->body.p, r->body.len, JSON_REJECT_DUPLICATES, &je);
    if (r->json == NULL)
        return http_fail(r, ZQ_ESYNTAX, "malformed_json", NULL, "JSON 格式错误（第 %d 行第 %d 列）",
                         je.line, je.column);
    if (!json_is_object(r->json))
        return http_fail(r, ZQ_EINVAL, "invalid", NULL, "请求体应为 JSON 对象");
    return 0;
}

/* ---------------------------------------------------------------- warnings */

int
h_warnings(struct hreq *r)
{
    struct warn_list_args f = {
        .status = http_query(r, "status"),
        .level = http_query(r, "level"),
        .code = http_query(r, "code"),
        .region = http_query(r, "region"),
        .project = http_query(r, "project"),
        .month = http_query(r, "month"),
    };
    struct query_page pg;
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = http_page(r, &pg.limit, &pg.cursor)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    rc = warn_api_list(a, &r->who, &f, &pg, &out, &r->err);
    return http_answer(r, rc, 200, &out);
}

int
h_warning(struct hreq *r)
{
    struct app *a;
    json_t *out = NULL;
    int64_t id;
    int rc;

    if ((rc = id_param(r, 0, &id, "预警")) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    return http_answer(r, warn_api_get(a, &r->who, id, &out, &r->err), 200, &out);
}

/* POST /api/v1/warnings/{id}/<action>: the action is the last segment. */
static int
act(struct hreq *r, const char *action)
{
    struct warn_act_args x = { .action = action };
    struct {
        const char *key;
        const char **dst;
        size_t max;
    } fields[] = {
        { "dept", &x.dept, 16 },   { "officer", &x.officer, 64 }, { "deadline", &x.deadline, 16 },
        { "text", &x.text, 4000 }, { "result", &x.result, 16 },   { "reason", &x.reason, 1000 },
        { "note", &x.note, 1000 },
    };
    struct app *a;
    json_t *out = NULL;
    int64_t id;
    int rc;

    if ((rc = id_param(r, 0, &id, "预警")) < 0 || (rc = optional_json(r)) < 0)
        return rc;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if ((rc = http_json_str(r, fields[i].key, false, fields[i].max, fields[i].dst)) < 0)
            return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    return http_answer(r, warn_api_act(a, &r->who, id, &x, &out, &r->err), 200, &out);
}

int
h_warning_ack(struct hreq *r)
{
    return act(r, "ack");
}

int
h_warning_assign(struct hreq *r)
{
    return act(r, "assign");
}

int
h_warning_notice(struct hreq *r)
{
    return act(r, "notice");
}

int
h_warning_reply(struct hreq *r)
{
    return act(r, "reply");
}

int
h_warning_review(struct hreq *r)
{
    return act(r, "review");
}

int
h_warning_resolve(struct hreq *r)
{
    return act(r, "resolve");
}

int
h_warning_dismiss(struct hreq *r)
{
    return act(r, "dismiss");
}

/* ---------------------------------------------------------------- ledger */

int
h_ledger(struct hreq *r)
{
    struct ledger_list_args f = {
        .kind = http_query(r, "kind"),
        .klass = http_query(r, "class"),
        .region = http_query(r, "region"),
    };
    struct query_page pg;
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = http_page(r, &pg.limit, &pg.cursor)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    return http_answer(r, warn_api_ledger(a, &r->who, &f, &pg, &out, &r->err), 200, &out);
}

int
h_followups(struct hreq *r)
{
    struct app *a = http_app(r);
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    return http_answer(r, warn_api_followups(a, &r->who, r->params[0], r->params[1], &out, &r->err),
                       200, &out);
}

int
h_followup_add(struct hreq *r)
{
    const char *officer, *plan, *deadline;
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = http_json_str(r, "officer", false, 64, &officer)) < 0 ||
        (rc = http_json_str(r, "plan", false, 4000, &plan)) < 0 ||
        (rc = http_json_str(r, "deadline", false, 16, &deadline)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    rc = warn_api_followup_add(a, &r->who, r->params[0], r->params[1], officer, plan, deadline,
                               &out, &r->err);
    return http_answer(r, rc, 201, &out);
}

int
h_followup_feedback(struct hreq *r)
{
    const char *text;
    struct app *a;
    json_t *out = NULL;
    int64_t id;
    int done, rc;

    if ((rc = id_param(r, 0, &id, "包保处置")) < 0 ||
        (rc = http_json_str(r, "text", false, 4000, &text)) < 0 ||
        (rc = http_json_bool(r, "done", &done)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    rc = warn_api_followup_feedback(a, &r->who, id, text, done, &out, &r->err);
    return http_answer(r, rc, 200, &out);
}

int
h_rechecks(struct hreq *r)
{
    struct query_page pg;
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = http_page(r, &pg.limit, &pg.cursor)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    return http_answer(r, warn_api_rechecks(a, &r->who, &pg, &out, &r->err), 200, &out);
}

int
h_recheck_done(struct hreq *r)
{
    const char *result, *on;
    struct app *a;
    json_t *out = NULL;
    int64_t id;
    int rc;

    if ((rc = id_param(r, 0, &id, "回头看记录")) < 0 ||
        (rc = http_json_str(r, "result", false, 4000, &result)) < 0 ||
        (rc = http_json_str(r, "on", false, 16, &on)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    return http_answer(r, warn_api_recheck_done(a, &r->who, id, result, on, &out, &r->err), 200,
                       &out);
}

/* ---------------------------------------------------------------- deposit, calendar */

int
h_project_deposit(struct hreq *r)
{
    struct app *a = http_app(r);
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    return http_answer(
        r, warn_api_deposit(a, &r->who, r->params[0], http_query(r, "as_of"), &out, &r->err), 200,
        &out);
}

int
h_calendar(struct hreq *r)
{
    struct app *a = http_app(r);
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    return http_answer(
        r, warn_api_calendar(a, http_query(r, "from"), http_query(r, "to"), &out, &r->err), 200,
        &out);
}

int
h_calendar_add(struct hreq *r)
{
    struct app *a = http_app(r);
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    return http_answer(
        r, warn_api_add_workdays(a, http_query(r, "date"), http_query(r, "n"), &out, &r->err), 200,
        &out);
}
