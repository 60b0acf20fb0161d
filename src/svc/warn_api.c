/*
 * warn_api.c - warnings, the risk ledger and its follow-through, deposits
 * and the calendar for the API: checks the client's parameters, passes the
 * caller's scope to the store and shapes the JSON.  The lifecycle itself
 * (allowed steps, events, audit) is warnings.c's and ledger.c's.
 */
#include "svc/warn_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/alloc.h"
#include "core/money.h"
#include "core/region.h"
#include "svc/deposit.h"
#include "svc/ledger.h"
#include "svc/query_int.h"
#include "svc/warnings.h"

static int
bad(struct zq_err *err, const char *field, const char *msg)
{
    zq_err_set(err, ZQ_EINVAL, "%s", msg);
    zq_err_field(err, field);
    return ZQ_EINVAL;
}

static bool
given(const char *s)
{
    return s != NULL && s[0] != '\0';
}

void
warn_api_scope(const struct principal *p, struct sw_scope *sc)
{
    memset(sc, 0, sizeof *sc);
    switch (p->role) {
    case ROLE_ADMIN:
    case ROLE_LEADER:
    case ROLE_INSPECTOR:
        auth_region_range(p->region, sc->region_lo, sc->region_hi);
        break;
    case ROLE_DEPT_OFFICER:
        auth_region_range(p->region, sc->region_lo, sc->region_hi);
        snprintf(sc->dept, sizeof sc->dept, "%s", p->dept[0] ? p->dept : "-");
        break;
    case ROLE_ENTERPRISE:
        /* the warnings of the projects it takes part in, and its own */
        snprintf(sc->region_lo, sizeof sc->region_lo, "0");
        snprintf(sc->region_hi, sizeof sc->region_hi, "999999999");
        sc->enterprise_id = p->enterprise_id > 0 ? p->enterprise_id : -1;
        break;
    default:
        sc->enterprise_id = -1;
        break;
    }
    if (sc->region_lo[0] == '\0')
        sc->enterprise_id = -1; /* a broken region sees nothing */
}

static int
region_arg(const char *region, char lo[10], char hi[10], struct zq_err *err)
{
    lo[0] = hi[0] = '\0';
    if (!given(region))
        return 0;
    auth_region_range(region, lo, hi);
    if (lo[0] == '\0')
        return bad(err, "region", "地区代码（region）应为 6 位或 9 位数字");
    return 0;
}

static const char *const statuses[] = { "open",     "all",      "acknowledged",
                                        "assigned", "notified", "replied",
                                        "reviewed", "resolved", "dismissed" };

static bool
one_of(const char *s, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, set[i]) == 0)
            return true;
    return false;
}

static int
check_list_args(const struct warn_list_args *f, struct zq_err *err)
{
    static const char *const levels[] = { "red", "orange", "yellow" };
    const char *c = f->code, *m = f->month;

    if (given(f->status) && !one_of(f->status, statuses, sizeof statuses / sizeof statuses[0]))
        return bad(err, "status",
                   "状态（status）应为 open、all 或 acknowledged、assigned、notified、replied、"
                   "reviewed、resolved、dismissed 之一");
    if (given(f->level) && !one_of(f->level, levels, 3))
        return bad(err, "level", "级别（level）应为 red、orange 或 yellow");
    if (given(c) && !(strlen(c) == 3 && c[0] == 'W' && c[1] >= '0' && c[1] <= '9' && c[2] >= '0' &&
                      c[2] <= '9'))
        return bad(err, "code", "规则编号（code）应形如 W01");
    if (given(m) && !(strlen(m) == 7 && m[4] == '-' && m[0] >= '1' && m[0] <= '2' && m[5] >= '0' &&
                      m[5] <= '1'))
        return bad(err, "month", "月份（month）应为 YYYY-MM");
    if (given(f->project) && strlen(f->project) > 80)
        return bad(err, "project", "项目编号（project）过长");
    return 0;
}

/* Chinese names beside the codes: the status, and a region subject's name. */
static void
decorate(json_t *o, const struct region_table *rt)
{
    const char *st = json_string_value(json_object_get(o, "status"));
    const char *type = json_string_value(json_object_get(o, "subject_type"));
    const char *code = json_string_value(json_object_get(o, "subject_code"));
    const struct region *r;

    if (st != NULL)
        json_object_set_new(o, "status_name", json_string(warn_status_zh(st)));
    if (type != NULL && code != NULL && strcmp(type, "region") == 0 && rt != NULL &&
        (r = region_find(rt, code)) != NULL)
        json_object_set_new(o, "subject_name", json_string(r->name));
}

int
warn_api_list(struct app *a, const struct principal *p, const struct warn_list_args *f,
              const struct query_page *pg, json_t **out, struct zq_err *err)
{
    struct sw_list_filter sf = {
        .status = f->status,
        .level = f->level,
        .rule = f->code,
        .month = f->month,
        .project = f->project,
    };
    char lo[10], hi[10];
    struct sw_scope sc;
    struct cursor_buf cb;
    struct collect c;
    struct sq_page sp;
    size_t i;
    int rc;

    if ((rc = check_list_args(f, err)) < 0 || (rc = region_arg(f->region, lo, hi, err)) < 0)
        return rc;
    sf.region_lo = lo;
    sf.region_hi = hi;
    if ((rc = page_from(pg, CURSOR_ID, false, &sp, &cb, err)) < 0)
        return rc;
    collect_init(&c, query_regions(a), sp.limit, CURSOR_ID, 18);
    warn_api_scope(p, &sc);
    rc = store_wq_warnings(a->st, &sc, &sf, &sp, collect_row, &c, err);
    if (rc == 0) {
        for (i = 0; i < json_array_size(c.items); i++)
            decorate(json_array_get(c.items, i), c.rt);
        *out = collect_page(&c);
    }
    collect_fini(&c);
    return rc;
}

struct obj {
    const struct region_table *rt;
    json_t *o;
};

static int
obj_row(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct obj *x = ctx;

    if (x->o == NULL)
        x->o = query_row_json(x->rt, cols, v, n);
    return 1;
}

static int
arr_row(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct obj *x = ctx;

    json_array_append_new(x->o, query_row_json(x->rt, cols, v, n));
    return 0;
}

/* The visible warning id into *out (NULL when out of scope). */
static int
load(struct app *a, const struct sw_scope *sc, int64_t id, json_t **out, struct zq_err *err)
{
    struct obj x = { query_regions(a), NULL };
    bool found = false;
    int rc;

    *out = NULL;
    if ((rc = store_wq_warning(a->st, sc, id, obj_row, &x, &found, err)) < 0) {
        json_decref(x.o);
        return rc;
    }
    if (!found || x.o == NULL)
        return zq_err_set(err, ZQ_ENOTFOUND, "预警不存在或不在您的管辖范围内");
    decorate(x.o, x.rt);
    *out = x.o;
    return 0;
}

int
warn_api_get(struct app *a, const struct principal *p, int64_t id, json_t **out, struct zq_err *err)
{
    struct sw_scope sc;
    struct obj h;
    json_t *o;
    int rc;

    warn_api_scope(p, &sc);
    if ((rc = load(a, &sc, id, &o, err)) < 0)
        return rc;
    h.rt = query_regions(a);
    h.o = json_array();
    if ((rc = store_wq_events(a->st, id, arr_row, &h, err)) < 0) {
        json_decref(h.o);
        json_decref(o);
        return rc;
    }
    json_object_set_new(o, "history", h.o);
    *out = o;
    return 0;
}

/* ---------------------------------------------------------------- steps */

static const struct {
    const char *name;
    enum warn_action action;
    const char *verb;
} acts[] = {
    { "ack", WARN_ACK, "签收" },
    { "assign", WARN_ASSIGN, "交办" },
    { "notice", WARN_NOTIFY, "发出整改通知" },
    { "reply", WARN_REPLY, "回复" },
    { "review", WARN_REVIEW_PASS, "复核" },
    { "resolve", WARN_RESOLVE, "解除" },
    { "dismiss", WARN_DISMISS, "排除" },
};

/* The fields of a step, after its status was found to allow it. */
static int
check_step(const struct warn_act_args *x, struct warn_step *s, struct zq_err *err)
{
    zq_date d;

    switch (s->action) {
    case WARN_ASSIGN:
        if (!given(x->dept) || !warn_dept_valid(x->dept))
            return bad(err, "dept",
                       "交办须指定部门（dept：hrss、housing、transport、water、agri 等）");
        if (!given(x->officer))
            return bad(err, "officer", "交办须指定承办人（officer：用户名）");
        if (!given(x->deadline) || date_parse(str_from(x->deadline), &d, err) < 0)
            return bad(err, "deadline", "交办须指定办理期限（deadline：YYYY-MM-DD）");
        s->dept = x->dept;
        s->officer = x->officer;
        s->deadline = x->deadline;
        s->text = x->note;
        return 0;
    case WARN_REPLY:
        if (!given(x->text))
            return bad(err, "text", "请填写整改回复（text）");
        s->text = x->text;
        return 0;
    case WARN_REVIEW_PASS:
        if (!given(x->result) ||
            (strcmp(x->result, "pass") != 0 && strcmp(x->result, "reject") != 0))
            return bad(err, "result", "复核结论（result）应为 pass（通过）或 reject（退回整改）");
        if (strcmp(x->result, "reject") == 0)
            s->action = WARN_REVIEW_REJECT;
        s->text = x->note;
        return 0;
    case WARN_DISMISS:
        if (!given(x->reason))
            return bad(err, "reason", "排除预警须说明理由（reason）");
        s->text = x->reason;
        return 0;
    default:
        s->text = x->note;
        return 0;
    }
}

int
warn_api_act(struct app *a, const struct principal *p, int64_t id, const struct warn_act_args *x,
             json_t **out, struct zq_err *err)
{
    struct warn_step s = { .actor = p->actor, .actor_id = p->via == AUTH_SESSION ? p->id : 0 };
    const char *status, *now;
    const char *verb = NULL;
    struct sw_scope sc;
    json_t *cur;
    int rc;

    for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++)
        if (strcmp(x->action, acts[i].name) == 0) {
            s.action = acts[i].action;
            verb = acts[i].verb;
        }
    if (verb == NULL)
        return zq_err_set(err, ZQ_ENOTFOUND, "没有这项操作");
    warn_api_scope(p, &sc);
    if ((rc = load(a, &sc, id, &cur, err)) < 0)
        return rc;
    status = json_string_value(json_object_get(cur, "status"));
    if (status == NULL || !warn_step_allowed(s.action, status)) {
        rc = zq_err_set(err, ZQ_ECONFLICT, "预警 %lld 当前状态为“%s”，不能%s", (long long)id,
                        warn_status_zh(status != NULL ? status : "?"), verb);
        json_decref(cur);
        return rc;
    }
    json_decref(cur);
    if ((rc = check_step(x, &s, err)) < 0)
        return rc;
    if ((rc = warn_apply(a, id, &s, &now, err)) < 0) {
        if (rc == ZQ_EINVAL && s.action == WARN_ASSIGN)
            zq_err_field(err, "officer");
        return rc;
    }
    return warn_api_get(a, p, id, out, err);
}

/* ---------------------------------------------------------------- ledger */

int
warn_api_ledger(struct app *a, const struct principal *p, const struct ledger_list_args *f,
                const struct query_page *pg, json_t **out, struct zq_err *err)
{
    static const char *const kinds[] = { "project", "enterprise" };
    static const char *const classes[] = { "高", "中", "低" };
    char lo[10], hi[10], today[DATE_STR_LEN];
    struct sl_list_filter sf = { .kind = f->kind, .klass = f->klass };
    struct sw_scope sc;
    struct cursor_buf cb;
    struct collect c;
    struct sq_page sp;
    int rc;

    if (given(f->kind) && !one_of(f->kind, kinds, 2))
        return bad(err, "kind", "对象类型（kind）应为 project 或 enterprise");
    if (given(f->klass) && !one_of(f->klass, classes, 3))
        return bad(err, "class", "风险等级（class）应为 高、中 或 低");
    if ((rc = region_arg(f->region, lo, hi, err)) < 0)
        return rc;
    sf.region_lo = lo;
    sf.region_hi = hi;
    sf.today = date_format(date_today(), today);
    if ((rc = page_from(pg, CURSOR_ID, false, &sp, &cb, err)) < 0)
        return rc;
    collect_init(&c, query_regions(a), sp.limit, CURSOR_ID, 19);
    warn_api_scope(p, &sc);
    rc = store_wq_ledger(a->st, &sc, &sf, &sp, collect_row, &c, err);
    if (rc == 0)
        *out = collect_page(&c);
    collect_fini(&c);
    return rc;
}

static int
ledger_visible(struct app *a, const struct principal *p, const char *type, const char *code,
               struct zq_err *err)
{
    struct sw_scope sc;
    bool found = false;
    int rc;

    if (strcmp(type, "project") != 0 && strcmp(type, "enterprise") != 0)
        return zq_err_set(err, ZQ_ENOTFOUND, "风险台账中没有此对象");
    warn_api_scope(p, &sc);
    if ((rc = store_wq_ledger_visible(a->st, &sc, type, code, &found, err)) < 0)
        return rc;
    if (!found)
        return zq_err_set(err, ZQ_ENOTFOUND, "风险台账中没有此对象，或不在您的管辖范围内");
    return 0;
}

int
warn_api_followups(struct app *a, const struct principal *p, const char *subject_type,
                   const char *subject_code, json_t **out, struct zq_err *err)
{
    struct obj x = { query_regions(a), NULL };
    int rc;

    if ((rc = ledger_visible(a, p, subject_type, subject_code, err)) < 0)
        return rc;
    x.o = json_array();
    if ((rc = store_wq_followups(a->st, subject_type, subject_code, arr_row, &x, err)) < 0) {
        json_decref(x.o);
        return rc;
    }
    *out = json_object();
    json_object_set_new(*out, "items", x.o);
    json_object_set_new(*out, "next_cursor", json_null());
    return 0;
}

int
warn_api_followup_add(struct app *a, const struct principal *p, const char *subject_type,
                      const char *subject_code, const char *officer, const char *plan,
                      const char *deadline, json_t **out, struct zq_err *err)
{
    char klass[8] = "";
    int64_t id = 0;
    zq_date d;
    int rc;

    if ((rc = ledger_visible(a, p, subject_type, subject_code, err)) < 0)
        return rc;
    /* the state (only 高 entries get 包保) before the fields */
    if ((rc = store_ledger_class(a->st, subject_type, subject_code, klass, err)) < 0)
        return rc;
    if (strcmp(klass, "高") != 0)
        return zq_err_set(err, ZQ_ECONFLICT, "只有高风险对象才安排包保（当前为“%s”）", klass);
    if (!given(officer))
        return bad(err, "officer", "请指定包保责任人（officer：用户名）");
    if (!given(plan))
        return bad(err, "plan", "请填写处置方案（plan）");
    if (!given(deadline) || date_parse(str_from(deadline), &d, err) < 0)
        return bad(err, "deadline", "请指定期限（deadline：YYYY-MM-DD）");
    if ((rc = ledger_followup(a, p->actor, subject_type, subject_code, officer, plan, deadline, &id,
                              err)) < 0) {
        if (rc == ZQ_EINVAL)
            zq_err_field(err, "officer");
        return rc;
    }
    *out = json_pack("{s:I}", "id", (json_int_t)id);
    return 0;
}

int
warn_api_followup_feedback(struct app *a, const struct principal *p, int64_t id, const char *text,
                           int done, json_t **out, struct zq_err *err)
{
    struct sw_scope sc;
    bool found = false;
    int rc;

    warn_api_scope(p, &sc);
    if ((rc = store_wq_followup_visible(a->st, &sc, id, &found, err)) < 0)
        return rc;
    if (!found)
        return zq_err_set(err, ZQ_ENOTFOUND, "包保处置不存在或不在您的管辖范围内");
    if (!given(text))
        return bad(err, "text", "请填写反馈（text）");
    if ((rc = ledger_feedback(a, p->actor, id, text, done == 1, err)) < 0)
        return rc;
    *out = json_pack("{s:I,s:s}", "id", (json_int_t)id, "status", done == 1 ? "已完成" : "进行中");
    return 0;
}

static zq_date
years_before(zq_date d, int years)
{
    int y, m, day, dim;

    date_to_ymd(d, &y, &m, &day);
    y -= years;
    dim = date_days_in_month(y, m);
    return date_from_ymd(y, m, day < dim ? day : dim);
}

int
warn_api_rechecks(struct app *a, const struct principal *p, const struct query_page *pg,
                  json_t **out, struct zq_err *err)
{
    char since[DATE_STR_LEN];
    struct sw_scope sc;
    struct cursor_buf cb;
    struct collect c;
    struct sq_page sp;
    int rc;

    date_format(years_before(date_today(), LEDGER_RECHECK_WINDOW / 12), since);
    if ((rc = page_from(pg, CURSOR_ID, false, &sp, &cb, err)) < 0)
        return rc;
    collect_init(&c, query_regions(a), sp.limit, CURSOR_ID, 0);
    warn_api_scope(p, &sc);
    rc = store_wq_rechecks(a->st, &sc, since, &sp, collect_row, &c, err);
    if (rc == 0)
        *out = collect_page(&c);
    collect_fini(&c);
    return rc;
}

int
warn_api_recheck_done(struct app *a, const struct principal *p, int64_t id, const char *result,
                      const char *on, json_t **out, struct zq_err *err)
{
    char day[DATE_STR_LEN];
    struct sw_scope sc;
    bool found = false;
    zq_date d = date_today();
    int rc;

    warn_api_scope(p, &sc);
    if ((rc = store_wq_recheck_visible(a->st, &sc, id, &found, err)) < 0)
        return rc;
    if (!found)
        return zq_err_set(err, ZQ_ENOTFOUND, "回头看记录不存在或不在您的管辖范围内");
    if (!given(result))
        return bad(err, "result", "请填写回头看结果（result）");
    if (given(on) && date_parse(str_from(on), &d, err) < 0)
        return bad(err, "on", "检查日期（on）应为 YYYY-MM-DD");
    if ((rc = ledger_recheck_done(a, p->actor, id, d, result, err)) < 0)
        return rc;
    *out = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "done_on", date_format(d, day),
                     "result", result);
    return 0;
}

/* ---------------------------------------------------------------- deposit */

static json_t *
money_json(int64_t fen)
{
    char b[MONEY_STR_LEN];

    return json_string(money_format(fen, b));
}

int
warn_api_deposit(struct app *a, const struct principal *p, const char *code, const char *as_of,
                 json_t **out, struct zq_err *err)
{
    struct deposit_report *r;
    struct store_scope sc;
    char day[DATE_STR_LEN], ratio[MONEY_STR_LEN];
    zq_date d = date_today();
    int64_t id;
    json_t *o, *steps, *v;
    int rc;

    if (given(as_of) && date_parse(str_from(as_of), &d, err) < 0)
        return bad(err, "as_of", "计算日期（as_of）应为 YYYY-MM-DD");
    auth_scope(p, &sc);
    if ((rc = store_q_project_id(a->st, &sc, code, &id, err)) < 0)
        return rc;
    r = zq_calloc(1, sizeof *r);
    if ((rc = deposit_calc(a, code, d, r, err)) < 0) {
        free(r);
        return rc;
    }
    o = json_object();
    json_object_set_new(o, "project_code", json_string(r->code));
    json_object_set_new(o, "project_name", json_string(r->name));
    json_object_set_new(o, "contractor_uscc", json_string(r->contractor_uscc));
    json_object_set_new(o, "contractor_name", json_string(r->contractor));
    json_object_set_new(o, "area_code", json_string(r->area));
    json_object_set_new(o, "as_of", json_string(date_format(d, day)));
    json_object_set_new(o, "contract_amount", money_json(r->contract_fen));
    json_object_set_new(o, "ratio", json_string(money_format(r->req.ratio_bp, ratio)));
    json_object_set_new(o, "factor_pct", json_integer(r->req.factor_pct));
    json_object_set_new(o, "exempt", json_boolean(r->req.exempt));
    json_object_set_new(o, "capped", json_boolean(r->req.capped));
    json_object_set_new(o, "uncapped", json_boolean(r->req.uncapped));
    json_object_set_new(o, "raw", money_json(r->req.raw_fen));
    json_object_set_new(o, "required", money_json(r->req.required_fen));
    steps = json_array();
    for (int i = 0; i < r->req.nsteps && i < DEP_MAX_STEPS; i++)
        json_array_append_new(steps, json_string(r->req.steps[i]));
    json_object_set_new(o, "steps", steps);
    v = json_object();
    json_object_set_new(v, "cash", money_json(r->valid.cash_fen));
    json_object_set_new(v, "drawn", money_json(r->valid.drawn_fen));
    json_object_set_new(v, "refilled", money_json(r->valid.refilled_fen));
    json_object_set_new(v, "guarantees", money_json(r->valid.guarantee_fen));
    json_object_set_new(v, "guarantee_count", json_integer(r->valid.guarantees));
    json_object_set_new(v, "expired_guarantees", money_json(r->valid.expired_fen));
    json_object_set_new(v, "total", money_json(r->valid.valid_fen));
    json_object_set_new(o, "valid", v);
    json_object_set_new(o, "shortfall", money_json(r->shortfall_fen));
    free(r);
    *out = o;
    return 0;
}

/* ---------------------------------------------------------------- calendar */

#define CALENDAR_MAX_DAYS 366

static int
date_arg(const char *s, const char *field, zq_date *d, struct zq_err *err)
{
    char msg[96];

    if (given(s) && date_parse(str_from(s), d, NULL) == 0)
        return 0;
    snprintf(msg, sizeof msg, "日期（%s）应为 YYYY-MM-DD", field);
    return bad(err, field, msg);
}

int
warn_api_calendar(struct app *a, const char *from, const char *to, json_t **out, struct zq_err *err)
{
    const struct calendar *cal;
    char day[DATE_STR_LEN];
    zq_date f, t;
    json_t *items;
    int rc;

    if ((rc = date_arg(from, "from", &f, err)) < 0 || (rc = date_arg(to, "to", &t, err)) < 0)
        return rc;
    if (t < f || t - f >= CALENDAR_MAX_DAYS)
        return bad(err, "to", "日期范围应为 1 到 366 天（from ≤ to）");
    if ((rc = app_calendar(a, &cal, err)) < 0)
        return rc;
    items = json_array();
    for (zq_date d = f; d <= t; d++) {
        bool prov = false, work = calendar_is_workday(cal, d, &prov);
        const char *name = calendar_day_name(cal, d);
        json_t *o = json_object();

        json_object_set_new(o, "date", json_string(date_format(d, day)));
        json_object_set_new(o, "weekday", json_integer(date_weekday(d)));
        json_object_set_new(o, "kind", json_string(work ? "work" : "off"));
        json_object_set_new(o, "name", name != NULL ? json_string(name) : json_null());
        json_object_set_new(o, "provisional", json_boolean(prov));
        json_array_append_new(items, o);
    }
    *out = json_object();
    json_object_set_new(*out, "items", items);
    json_object_set_new(*out, "next_cursor", json_null());
    return 0;
}

int
warn_api_add_workdays(struct app *a, const char *date, const char *n, json_t **out,
                      struct zq_err *err)
{
    const struct calendar *cal;
    char day[DATE_STR_LEN], res[DATE_STR_LEN];
    bool prov = false;
    int64_t k;
    zq_date d, r;
    int rc;

    if ((rc = date_arg(date, "date", &d, err)) < 0)
        return rc;
    if (!given(n) || str_to_i64(str_from(n), &k) < 0 || k < 0 || k > 1000)
        return bad(err, "n", "工作日数（n）应为 0 到 1000 的整数");
    if ((rc = app_calendar(a, &cal, err)) < 0)
        return rc;
    r = calendar_add_workdays(cal, d, (int)k, &prov);
    *out = json_object();
    json_object_set_new(*out, "date", json_string(date_format(d, day)));
    json_object_set_new(*out, "n", json_integer(k));
    json_object_set_new(*out, "result", json_string(date_format(r, res)));
    json_object_set_new(*out, "provisional", json_boolean(prov));
    return 0;
}
