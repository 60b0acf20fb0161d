/*
 * h_credit.c - the routes of the credit and follow-through records:
 * blacklist workflow and its public query, ratings, incidents, zero
 * reports, supervision and the notification inbox.  Each handler reads
 * its input, calls one service of svc/credit.c, svc/incident.c or
 * svc/notify.c with the caller's scope, and answers JSON.
 */
#include <string.h>

#include "core/money.h"
#include "core/str.h"
#include "core/uscc.h"
#include "http/handlers.h"
#include "svc/credit.h"
#include "svc/incident.h"
#include "svc/notify.h"

/* ---------------------------------------------------------------- input */

/* out is read after rc is computed: pass its address. */
static int
id_param(struct hreq *r, int i, int64_t *id)
{
    if (str_to_i64(str_from(r->params[i]), id) < 0 || *id < 1)
        return http_fail(r, ZQ_ENOTFOUND, NULL, NULL, "没有这条记录");
    return 0;
}

/* A non-negative integer member of the body (absent: def). */
static int
body_int(struct hreq *r, const char *key, int64_t def, int64_t *out)
{
    json_t *v = r->json != NULL ? json_object_get(r->json, key) : NULL;

    *out = def;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return http_fail(r, ZQ_EINVAL, "wrong_type", key, "字段“%s”应为非负整数", key);
    *out = json_integer_value(v);
    return 0;
}

/* A date member of the body or query (absent: def). */
static int
date_in(struct hreq *r, const char *s, const char *key, zq_date def, zq_date *out)
{
    struct zq_err e;

    *out = def;
    if (s == NULL || s[0] == '\0')
        return 0;
    zq_err_clear(&e);
    if (date_parse(str_from(s), out, &e) < 0)
        return http_fail(r, ZQ_EINVAL, "invalid", key, "字段“%s”应为 YYYY-MM-DD 日期", key);
    return 0;
}

static int
body_date(struct hreq *r, const char *key, zq_date def, zq_date *out)
{
    const char *s;
    int rc;

    if ((rc = http_json_str(r, key, false, 10, &s)) < 0)
        return rc;
    return date_in(r, s, key, def, out);
}

static int64_t
query_int(struct hreq *r, const char *key)
{
    const char *s = http_query(r, key);
    int64_t v;

    return s != NULL && str_to_i64(str_from(s), &v) == 0 && v > 0 ? v : 0;
}

/* ?limit= and an id ?cursor= (the last id of the previous page): a bad
 * value is 422 naming it, as on the other lists, never a silent first page. */
static int
page_id(struct hreq *r, int *limit, int64_t *cursor)
{
    const char *c;
    int rc;

    *cursor = 0;
    if ((rc = http_page(r, limit, &c)) < 0)
        return rc;
    if (c != NULL && c[0] != '\0' && (str_to_i64(str_from(c), cursor) < 0 || *cursor < 1))
        return http_fail(r, ZQ_EINVAL, NULL, "cursor", "分页游标（cursor）无效");
    return 0;
}

static zq_date
today(void)
{
    return date_today();
}

/* ---------------------------------------------------------------- blacklist */

int
h_blacklist(struct hreq *r)
{
    struct credit_filter f = { http_query(r, "status"), http_query(r, "list"), http_query(r, "q"),
                               0, 0 };
    struct credit_who w;
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = page_id(r, &f.limit, &f.after_id)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    return http_answer(r, credit_list(a, &w, &f, &out, &r->err), 200, &out);
}

int
h_blacklist_get(struct hreq *r)
{
    struct credit_who w;
    struct app *a;
    json_t *out = NULL;
    int64_t id;
    int rc;

    if ((rc = id_param(r, 0, &id)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    return http_answer(r, credit_get(a, &w, id, &out, &r->err), 200, &out);
}

int
h_blacklist_eligibility(struct hreq *r)
{
    const char *uscc = http_query(r, "uscc");
    struct credit_who w;
    struct app *a;
    json_t *out = NULL;
    zq_date d;
    int rc;

    if (uscc == NULL || uscc[0] == '\0')
        return http_fail(r, ZQ_EINVAL, "missing_field", "uscc", "缺少参数“uscc”");
    if ((rc = date_in(r, http_query(r, "date"), "date", today(), &d)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    rc = credit_eligibility(a, &w, uscc, query_int(r, "incident_id"), d, &out, &r->err);
    return http_answer(r, rc, 200, &out);
}

#define MAX_PERSONS 16

static int
persons_in(struct hreq *r, struct credit_person *p, int *n)
{
    json_t *arr = r->json != NULL ? json_object_get(r->json, "persons") : NULL, *v;
    size_t i;

    *n = 0;
    if (arr == NULL || json_is_null(arr))
        return 0;
    if (!json_is_array(arr) || json_array_size(arr) > MAX_PERSONS)
        return http_fail(r, ZQ_EINVAL, "wrong_type", "persons", "“persons”应为至多 %d 人的数组",
                         MAX_PERSONS);
    json_array_foreach(arr, i, v)
    {
        const char *name = json_string_value(json_object_get(v, "name"));
        if (name == NULL || strlen(name) > 128)
            return http_fail(r, ZQ_EINVAL, "invalid", "persons", "责任人须有姓名");
        p[*n].name = name;
        p[*n].role = json_string_value(json_object_get(v, "role"));
        p[*n].idcard = json_string_value(json_object_get(v, "id_number"));
        (*n)++;
    }
    return 0;
}

int
h_blacklist_propose(struct hreq *r)
{
    struct credit_person persons[MAX_PERSONS];
    struct credit_proposal p = { .persons = persons };
    struct credit_who w;
    struct app *a;
    json_t *out = NULL;
    zq_date d;
    int64_t id;
    int rc;

    if ((rc = http_json_str(r, "uscc", true, 18, &p.uscc)) < 0 ||
        (rc = http_json_str(r, "list", false, 32, &p.list)) < 0 ||
        (rc = http_json_str(r, "reason", true, 2000, &p.reason)) < 0 ||
        (rc = body_int(r, "incident_id", 0, &p.incident_id)) < 0 ||
        (rc = body_date(r, "date", today(), &d)) < 0 ||
        (rc = persons_in(r, persons, &p.npersons)) < 0)
        return rc;
    if (p.list == NULL)
        p.list = "失信联合惩戒";
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    if ((rc = credit_propose(a, &w, &p, d, &id, &r->err)) < 0)
        return rc;
    return http_answer(r, credit_get(a, &w, id, &out, &r->err), 201, &out);
}

static const struct {
    const char *name;
    enum credit_step step;
} steps[] = {
    { "notice", CREDIT_NOTICE }, { "defense", CREDIT_DEFENSE }, { "decide", CREDIT_DECIDE },
    { "reject", CREDIT_REJECT }, { "repair", CREDIT_REPAIR },   { "revoke", CREDIT_REVOKE },
};

int
h_blacklist_step(struct hreq *r)
{
    struct credit_change c = { 0 };
    struct credit_who w;
    struct app *a;
    json_t *out = NULL;
    size_t i;
    int64_t id;
    int rc;

    if ((rc = id_param(r, 0, &id)) < 0)
        return rc;
    for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (strcmp(r->params[1], steps[i].name) == 0)
            break;
    if (i == sizeof steps / sizeof steps[0])
        return http_fail(r, ZQ_ENOTFOUND, NULL, NULL, "没有这个操作");
    c.step = steps[i].step;
    if ((rc = body_date(r, "date", today(), &c.on)) < 0 ||
        (rc = body_date(r, "corrected_on", 0, &c.corrected)) < 0 ||
        (rc = http_json_str(r, "by", false, 200, &c.by)) < 0 ||
        (rc = http_json_str(r, c.step == CREDIT_REPAIR ? "pledge" : "text", false, 4000, &c.text)) <
            0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    if ((rc = credit_step(a, &w, id, &c, &r->err)) < 0)
        return rc;
    return http_answer(r, credit_get(a, &w, id, &out, &r->err), 200, &out);
}

int
h_blacklist_expire(struct hreq *r)
{
    struct credit_who w;
    struct app *a;
    zq_date d;
    int64_t n;
    int rc;

    if ((rc = body_date(r, "date", today(), &d)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    if ((rc = credit_expire(a, &w, d, &n, &r->err)) < 0)
        return rc;
    return http_reply_json(r, 200, json_pack("{s:I}", "expired", (json_int_t)n));
}

int
h_public_blacklist(struct hreq *r)
{
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = http_public_read(r)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    return http_answer(r, credit_public(a, http_query(r, "q"), today(), &out, &r->err), 200, &out);
}

/* ---------------------------------------------------------------- ratings */

int
h_ratings(struct hreq *r)
{
    int64_t year = query_int(r, "year");
    const char *ys = http_query(r, "year"), *cursor;
    char uscc[USCC_LEN + 1];
    struct credit_who w;
    struct app *a;
    json_t *out = NULL;
    int y, m, d, limit, rc;

    if (ys != NULL && ys[0] != '\0' && (year < 1990 || year > 2100))
        return http_fail(r, ZQ_EINVAL, NULL, "year", "年份（year）应为 1990 到 2100 之间的整数");
    /* the cursor is the last USCC of the previous page */
    if ((rc = http_page(r, &limit, &cursor)) < 0)
        return rc;
    if (cursor != NULL && cursor[0] != '\0' && uscc_parse(str_from(cursor), uscc, NULL) < 0)
        return http_fail(r, ZQ_EINVAL, NULL, "cursor", "分页游标（cursor）无效");
    if (year == 0) {
        date_to_ymd(today(), &y, &m, &d);
        year = y - 1; /* the last complete year */
    }
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    return http_answer(
        r, credit_ratings(a, &w, (int)year, http_query(r, "grade"), cursor, limit, &out, &r->err),
        200, &out);
}

int
h_ratings_compute(struct hreq *r)
{
    struct credit_who w;
    struct app *a;
    int64_t year, n;
    int rc;

    if ((rc = body_int(r, "year", 0, &year)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    if ((rc = credit_rate(a, &w, (int)year, &n, &r->err)) < 0)
        return rc;
    return http_reply_json(
        r, 200, json_pack("{s:I,s:I}", "year", (json_int_t)year, "rated", (json_int_t)n));
}

/* ---------------------------------------------------------------- incidents */

int
h_incidents(struct hreq *r)
{
    struct credit_who w;
    struct app *a;
    json_t *out = NULL;
    int64_t cursor;
    int limit, rc;

    if ((rc = page_id(r, &limit, &cursor)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    return http_answer(
        r, incident_list(a, &w, http_query(r, "status"), 0, 0, cursor, limit, &out, &r->err), 200,
        &out);
}

int
h_incident_get(struct hreq *r)
{
    struct credit_who w;
    struct app *a;
    json_t *out = NULL;
    int64_t id;
    int rc;

    if ((rc = id_param(r, 0, &id)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    return http_answer(r, incident_get(a, &w, id, &out, &r->err), 200, &out);
}

int
h_incident_add(struct hreq *r)
{
    struct incident_in in = { 0 };
    const char *at = NULL, *amount = NULL;
    struct credit_who w;
    struct app *a;
    json_t *out = NULL;
    int serious = -1;
    char iso[32];
    int64_t id;
    int rc;

    if ((rc = http_json_str(r, "occurred_at", true, 32, &at)) < 0 ||
        (rc = http_json_str(r, "place", true, 500, &in.place)) < 0 ||
        (rc = http_json_str(r, "region_code", true, 9, &in.region)) < 0 ||
        (rc = http_json_str(r, "project_code", false, 64, &in.project_code)) < 0 ||
        (rc = http_json_str(r, "uscc", false, 18, &in.uscc)) < 0 ||
        (rc = body_int(r, "people", 0, &in.people)) < 0 ||
        (rc = http_json_str(r, "amount", false, 24, &amount)) < 0 ||
        (rc = http_json_str(r, "nature", false, 16, &in.nature)) < 0 ||
        (rc = http_json_str(r, "form", true, 16, &in.form)) < 0 ||
        (rc = http_json_bool(r, "serious", &serious)) < 0 ||
        (rc = http_json_str(r, "description", true, 4000, &in.description)) < 0)
        return rc;
    /* the answers write ISO 8601 in +08:00; accept that form back as well */
    if (strlen(at) > 16 && at[10] == 'T') {
        size_t n = strlen(at);
        if (n > 6 && strcmp(at + n - 6, "+08:00") == 0)
            n -= 6;
        snprintf(iso, sizeof iso, "%.*s", (int)n, at);
        iso[10] = ' ';
        at = iso;
    }
    if (ts_parse(str_from(at), &in.occurred_at, &r->err) < 0)
        return http_fail(r, ZQ_EINVAL, "invalid", "occurred_at",
                         "事发时间应为 YYYY-MM-DD HH:MM（北京时间）");
    if (amount != NULL && money_parse(str_from(amount), &in.amount_fen, &r->err) < 0)
        return http_fail(r, ZQ_EINVAL, "invalid", "amount", "金额应为以元为单位的数字");
    in.serious = serious == 1;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    if ((rc = incident_report(a, &w, &in, &id, &r->err)) < 0)
        return rc;
    return http_answer(r, incident_get(a, &w, id, &out, &r->err), 201, &out);
}

int
h_incident_follow(struct hreq *r)
{
    const char *note, *status;
    struct credit_who w;
    struct app *a;
    json_t *out = NULL;
    int serious;
    int64_t id;
    int rc;

    if ((rc = id_param(r, 0, &id)) < 0 || (rc = http_json_str(r, "note", true, 4000, &note)) < 0 ||
        (rc = http_json_str(r, "status", false, 16, &status)) < 0 ||
        (rc = http_json_bool(r, "serious", &serious)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    if ((rc = incident_follow(a, &w, id, note, status, serious, &r->err)) < 0)
        return rc;
    return http_answer(r, incident_get(a, &w, id, &out, &r->err), 200, &out);
}

/* ---------------------------------------------------------------- zero reports */

int
h_zero_reports(struct hreq *r)
{
    struct credit_who w;
    struct app *a;
    json_t *out = NULL;
    zq_date from, to;
    int rc;

    if ((rc = date_in(r, http_query(r, "from"), "from", today() - 6, &from)) < 0 ||
        (rc = date_in(r, http_query(r, "to"), "to", today(), &to)) < 0)
        return rc;
    if (to - from > 366)
        return http_fail(r, ZQ_EINVAL, "invalid", "from", "查询区间不能超过一年");
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    return http_answer(r, zero_report_list(a, &w, from, to, &out, &r->err), 200, &out);
}

int
h_zero_report_file(struct hreq *r)
{
    const char *region, *note;
    struct credit_who w;
    struct app *a;
    int events;
    zq_date d;
    int rc;

    if ((rc = http_json_str(r, "region_code", true, 9, &region)) < 0 ||
        (rc = body_date(r, "date", today(), &d)) < 0 ||
        (rc = http_json_bool(r, "has_events", &events)) < 0 ||
        (rc = http_json_str(r, "note", false, 4000, &note)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    if ((rc = zero_report_file(a, &w, region, d, events == 1, note, &r->err)) < 0)
        return rc;
    return http_reply_json(
        r, 201, json_pack("{s:s,s:b}", "region_code", region, "has_events", events == 1));
}

int
h_zero_report_missing(struct hreq *r)
{
    struct credit_who w;
    struct app *a;
    json_t *out = NULL;
    zq_date d;
    int rc;

    if ((rc = date_in(r, http_query(r, "date"), "date", today() - 1, &d)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    rc = zero_report_missing(a, &w, http_query(r, "region"), d, ts_now(), &out, &r->err);
    return http_answer(r, rc, 200, &out);
}

/* ---------------------------------------------------------------- supervision */

int
h_sv_rounds(struct hreq *r)
{
    struct credit_who w;
    struct app *a;
    json_t *out = NULL;

    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    return http_answer(r, supervision_list(a, &w, 0, today(), &out, &r->err), 200, &out);
}

int
h_sv_round_add(struct hreq *r)
{
    struct round_in in = { 0 };
    struct credit_who w;
    struct app *a;
    int64_t id;
    int rc;

    if ((rc = http_json_str(r, "region_code", false, 9, &in.region)) < 0 ||
        (rc = http_json_str(r, "title", true, 500, &in.title)) < 0 ||
        (rc = http_json_str(r, "team", false, 500, &in.team)) < 0 ||
        (rc = http_json_str(r, "targets", false, 2000, &in.targets)) < 0 ||
        (rc = body_date(r, "started_on", today(), &in.started)) < 0 ||
        (rc = body_date(r, "ended_on", 0, &in.ended)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    if ((rc = supervision_round(a, &w, &in, &id, &r->err)) < 0)
        return rc;
    return http_reply_json(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

int
h_sv_findings(struct hreq *r)
{
    struct credit_who w;
    struct app *a;
    json_t *out = NULL;
    int64_t id;
    int rc;

    if ((rc = id_param(r, 0, &id)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    return http_answer(r, supervision_list(a, &w, id, today(), &out, &r->err), 200, &out);
}

int
h_sv_finding_add(struct hreq *r)
{
    struct finding_in in = { 0 };
    struct credit_who w;
    struct app *a;
    int64_t id;
    int rc;

    if ((rc = id_param(r, 0, &in.round_id)) < 0 ||
        (rc = http_json_str(r, "region_code", true, 9, &in.region)) < 0 ||
        (rc = http_json_str(r, "case_no", false, 64, &in.case_no)) < 0 ||
        (rc = http_json_str(r, "finding", true, 4000, &in.finding)) < 0 ||
        (rc = http_json_str(r, "measure", true, 16, &in.measure)) < 0 ||
        (rc = http_json_str(r, "target", false, 500, &in.target)) < 0 ||
        (rc = body_date(r, "measure_on", today(), &in.measure_on)) < 0 ||
        (rc = body_date(r, "deadline_on", 0, &in.deadline)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    if ((rc = supervision_finding(a, &w, &in, &id, &r->err)) < 0)
        return rc;
    return http_reply_json(r, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

int
h_sv_follow(struct hreq *r)
{
    struct credit_who w;
    const char *note;
    struct app *a;
    zq_date rect;
    int64_t id;
    int rc;

    if ((rc = id_param(r, 0, &id)) < 0 ||
        (rc = http_json_str(r, "followup", true, 4000, &note)) < 0 ||
        (rc = body_date(r, "rectified_on", 0, &rect)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    if ((rc = supervision_follow(a, &w, id, note, rect, &r->err)) < 0)
        return rc;
    return http_reply_empty(r, 204);
}

int
h_sv_stalled(struct hreq *r)
{
    struct credit_who w;
    struct app *a;
    json_t *out = NULL;
    zq_date d;
    int rc;

    if ((rc = date_in(r, http_query(r, "date"), "date", today(), &d)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    credit_who_principal(&w, &r->who);
    return http_answer(r, supervision_stalled(a, &w, d, &out, &r->err), 200, &out);
}

/* ---------------------------------------------------------------- notifications */

/* Tokens have no inbox: notices go to users. */
static int
inbox_user(struct hreq *r, int64_t *uid)
{
    if (r->who.via != AUTH_SESSION)
        return http_fail(r, ZQ_EFORBIDDEN, NULL, NULL, "通知属于登录用户，API 令牌没有通知");
    *uid = r->who.id;
    return 0;
}

int
h_notifications(struct hreq *r)
{
    const char *unread = http_query(r, "unread");
    struct app *a;
    json_t *out = NULL;
    int64_t uid = 0, cursor;
    int limit, rc;

    if ((rc = inbox_user(r, &uid)) < 0 || (rc = page_id(r, &limit, &cursor)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    rc = notify_list(a, uid, unread != NULL && strcmp(unread, "1") == 0, cursor, limit, &out,
                     &r->err);
    return http_answer(r, rc, 200, &out);
}

int
h_notification_read(struct hreq *r)
{
    struct app *a;
    int64_t uid = 0, id = 0, n = 0;
    int rc;

    if ((rc = inbox_user(r, &uid)) < 0 || (r->nparams > 0 && (rc = id_param(r, 0, &id)) < 0))
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    if ((rc = notify_read(a, uid, id, &n, &r->err)) < 0)
        return rc;
    return http_reply_json(r, 200, json_pack("{s:I}", "marked", (json_int_t)n));
}
