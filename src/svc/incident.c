/*
 * incident.c - incidents, zero reports and supervision (see incident.h).
 *
 * Visibility up the region chain needs nothing special: every scope is a
 * range of region codes, and a city's range holds its counties'.  What is
 * special is that an incident is pushed: its report notifies the staff of
 * its region and of every region above it in the same transaction.
 */
#include "svc/incident.h"

#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/money.h"
#include "core/region.h"
#include "store/store_credit.h"
#include "svc/audit.h"
#include "svc/notify.h"
#include "svc/query.h"

static struct store_val
vt(const char *s)
{
    if (s == NULL)
        return (struct store_val){ .t = STORE_NULL };
    return (struct store_val){ .t = STORE_TEXT, .p = s, .n = strlen(s) };
}

static struct store_val
vi(int64_t i)
{
    return (struct store_val){ .t = STORE_INT, .i = i };
}

static struct store_val
vid(int64_t i)
{
    return i > 0 ? vi(i) : (struct store_val){ .t = STORE_NULL };
}

static int
ferr(struct zq_err *err, const char *field, const char *msg)
{
    int rc = zq_err_set(err, ZQ_EINVAL, "%s", msg);

    zq_err_field(err, field);
    return rc;
}

static bool
in_scope(const struct credit_who *w, const char *region)
{
    return w != NULL && region != NULL && strcmp(region, w->lo) >= 0 && strcmp(region, w->hi) <= 0;
}

static bool
one_of(const char *s, const char *const *set)
{
    for (; s != NULL && *set != NULL; set++)
        if (strcmp(s, *set) == 0)
            return true;
    return false;
}

static int
first(struct app *a, enum sc_stmt q, const struct store_val *p, int n, json_t **out,
      struct zq_err *err)
{
    json_t *arr = json_array();
    int rc = credit_rows(a, q, p, n, arr, err);

    *out = rc == 0 && json_array_size(arr) > 0 ? json_incref(json_array_get(arr, 0)) : NULL;
    json_decref(arr);
    return rc;
}

static int
audit_obj(struct app *a, const struct credit_who *w, const char *action, const char *entity,
          int64_t id, json_t *after, struct zq_err *err)
{
    char idbuf[24], *text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int rc;

    snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
    rc = audit_append(a, w->actor, action, entity, idbuf, NULL, text, err);
    free(text);
    return rc;
}

/* ---------------------------------------------------------------- incidents */

static const char *const natures[] = { "工资", "工程款", "混合", NULL };
static const char *const forms[] = { "聚集", "上访", "越级上访", "网络发帖", "极端行为", NULL };
static const char *const statuses[] = { "处置中", "已平息", "已办结", NULL };

static int
check_incident(struct app *a, const struct credit_who *w, const struct incident_in *in,
               struct zq_err *err)
{
    const struct region_table *rt;
    int rc;

    if (in->nature == NULL || in->nature[0] == '\0')
        return ferr(err, "nature", "须问明诉求性质：工资还是工程款");
    if (!one_of(in->nature, natures))
        return ferr(err, "nature", "诉求性质应为 工资、工程款 或 混合");
    if (!one_of(in->form, forms))
        return ferr(err, "form", "事件形式应为 聚集、上访、越级上访、网络发帖 或 极端行为");
    if (in->place == NULL || in->place[0] == '\0')
        return ferr(err, "place", "须写明事发地点");
    if (in->description == NULL || in->description[0] == '\0')
        return ferr(err, "description", "须写明事件经过");
    if (in->people < 0 || in->people > 1000000 || in->amount_fen < 0)
        return ferr(err, "people", "人数和金额不能为负");
    if (in->occurred_at <= 0 || in->occurred_at > ts_now() + 3600)
        return ferr(err, "occurred_at", "事发时间无效或晚于当前时间");
    if ((rc = app_regions(a, &rt, err)) < 0)
        return rc;
    if (in->region == NULL || region_find(rt, in->region) == NULL)
        return ferr(err, "region_code", "未知的地区代码");
    if (!in_scope(w, in->region))
        return zq_err_set(err, ZQ_ENOTFOUND, "地区 %s 不在本账号的管辖范围内", in->region);
    return 0;
}

/* The project and enterprise ids an incident refers to. */
static int
incident_refs(struct app *a, const struct credit_who *w, const struct incident_in *in, int64_t *pid,
              int64_t *eid, struct zq_err *err)
{
    json_t *o = NULL;
    int rc;

    *pid = *eid = 0;
    if (in->project_code != NULL && in->project_code[0] != '\0') {
        struct store_val p[3] = { vt(w->lo), vt(w->hi), vt(in->project_code) };
        if ((rc = first(a, SC_PJ_BY_CODE, p, 3, &o, err)) < 0)
            return rc;
        if (o == NULL)
            return zq_err_set(err, ZQ_ENOTFOUND, "项目 %s 不存在", in->project_code);
        *pid = json_integer_value(json_object_get(o, "id"));
        *eid = json_integer_value(json_object_get(o, "contractor_id"));
        json_decref(o);
    }
    if (in->uscc != NULL && in->uscc[0] != '\0') {
        struct store_val p[1] = { vt(in->uscc) };
        if ((rc = first(a, SC_ENT_BY_USCC, p, 1, &o, err)) < 0)
            return rc;
        if (o == NULL)
            return zq_err_set(err, ZQ_ENOTFOUND, "未找到统一社会信用代码为 %s 的企业", in->uscc);
        *eid = json_integer_value(json_object_get(o, "id"));
        json_decref(o);
    }
    return 0;
}

int
incident_report(struct app *a, const struct credit_who *w, const struct incident_in *in,
                int64_t *id, struct zq_err *err)
{
    char prov[REGION_PROVINCE_LEN], msg[512], amount[MONEY_STR_LEN], code[24];
    struct store_val p[14];
    struct notice n = { "incident", "incident", code, msg, NULL };
    int64_t pid, eid, told;
    json_t *row = NULL;
    int rc;

    *id = 0;
    if ((rc = check_incident(a, w, in, err)) < 0 ||
        (rc = incident_refs(a, w, in, &pid, &eid, err)) < 0)
        return rc;
    region_province_code(in->region, prov);
    p[0] = vt(prov), p[1] = vt(in->region), p[2] = vid(pid), p[3] = vid(eid);
    p[4] = vi(in->occurred_at), p[5] = vt(in->place), p[6] = vi(in->people);
    p[7] = vi(in->amount_fen), p[8] = vt(in->nature), p[9] = vt(in->form);
    p[10] = vi(in->serious), p[11] = vt(in->description), p[12] = vid(w->user_id);
    p[13] = vi(ts_now());
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = store_credit_id(a->st, SC_IN_INSERT, p, 14, id, err)) < 0)
        goto fail;
    snprintf(code, sizeof code, "%lld", (long long)*id);
    snprintf(msg, sizeof msg, "突发事件：%s %s，%s，%lld 人，涉及%s %s 元%s", in->region, in->place,
             in->form, (long long)in->people, in->nature, money_format(in->amount_fen, amount),
             in->serious ? "（造成严重影响）" : "");
    if ((rc = notify_up_chain(a, in->region, &n, &told, err)) < 0)
        goto fail;
    {
        struct store_val g[3] = { vt("0"), vt("999999999"), vi(*id) };
        if ((rc = first(a, SC_IN_GET, g, 3, &row, err)) < 0)
            goto fail;
    }
    if ((rc = audit_obj(a, w, "create", "incident", *id, row, err)) < 0)
        goto fail;
    json_decref(row);
    return store_commit(a->st, err);
fail:
    json_decref(row);
    store_rollback(a->st);
    return rc;
}

int
incident_follow(struct app *a, const struct credit_who *w, int64_t id, const char *note,
                const char *status, int serious, struct zq_err *err)
{
    struct store_val g[3] = { vt(w->lo), vt(w->hi), vi(id) };
    json_t *before = NULL, *after = NULL;
    char *bt = NULL, *at = NULL, idbuf[24];
    int64_t x;
    int rc;

    if (note == NULL || note[0] == '\0')
        return ferr(err, "note", "须写明处置进展");
    if (status != NULL && status[0] != '\0' && !one_of(status, statuses))
        return ferr(err, "status", "状态应为 处置中、已平息 或 已办结");
    if ((rc = first(a, SC_IN_GET, g, 3, &before, err)) < 0)
        return rc;
    if (before == NULL)
        return zq_err_set(err, ZQ_ENOTFOUND, "突发事件 %lld 不存在", (long long)id);
    if ((rc = store_begin(a->st, err)) < 0)
        goto out;
    {
        struct store_val f[4] = { vi(id), vi(ts_now()), vid(w->user_id), vt(note) };
        if ((rc = store_credit_id(a->st, SC_IN_FOLLOW, f, 4, &x, err)) < 0)
            goto fail;
    }
    if ((status != NULL && status[0] != '\0') || serious >= 0) {
        const char *cur = json_string_value(json_object_get(before, "status"));
        struct store_val s[4] = { vi(id), vt(status && status[0] ? status : cur), vi(serious),
                                  vi(ts_now()) };
        if ((rc = store_credit_id(a->st, SC_IN_STATUS, s, 4, &x, err)) < 0)
            goto fail;
    }
    if ((rc = first(a, SC_IN_GET, g, 3, &after, err)) < 0)
        goto fail;
    bt = json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS);
    at = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
    if ((rc = audit_append(a, w->actor, "followup", "incident", idbuf, bt, at, err)) < 0)
        goto fail;
    rc = store_commit(a->st, err);
    goto out;
fail:
    store_rollback(a->st);
out:
    free(bt);
    free(at);
    json_decref(before);
    json_decref(after);
    return rc;
}

int
incident_list(struct app *a, const struct credit_who *w, const char *status, int64_t from,
              int64_t to, int64_t before_id, int limit, json_t **out, struct zq_err *err)
{
    int lim = limit > 0 && limit <= 500 ? limit : 100;
    struct store_val p[7] = { vt(w->lo),
                              vt(w->hi),
                              vt(status ? status : ""),
                              vi(from),
                              vi(to > 0 ? to : INT64_MAX / 2),
                              vi(before_id),
                              vi(lim + 1) };
    json_t *arr = json_array(), *res;
    char cur[24];
    int rc;

    if ((rc = credit_rows(a, SC_IN_LIST, p, 7, arr, err)) < 0) {
        json_decref(arr);
        return rc;
    }
    res = json_object();
    if ((int)json_array_size(arr) > lim) {
        json_array_remove(arr, (size_t)lim);
        snprintf(cur, sizeof cur, "%lld",
                 (long long)json_integer_value(
                     json_object_get(json_array_get(arr, (size_t)lim - 1), "id")));
        json_object_set_new(res, "next_cursor", json_string(cur));
    } else {
        json_object_set_new(res, "next_cursor", json_null());
    }
    json_object_set_new(res, "items", arr);
    *out = res;
    return 0;
}

int
incident_get(struct app *a, const struct credit_who *w, int64_t id, json_t **out,
             struct zq_err *err)
{
    struct store_val p[3] = { vt(w->lo), vt(w->hi), vi(id) };
    json_t *follows;
    int rc;

    if ((rc = first(a, SC_IN_GET, p, 3, out, err)) < 0)
        return rc;
    if (*out == NULL)
        return zq_err_set(err, ZQ_ENOTFOUND, "突发事件 %lld 不存在", (long long)id);
    follows = json_array();
    p[0] = vi(id);
    if ((rc = credit_rows(a, SC_IN_FOLLOWS, p, 1, follows, err)) < 0) {
        json_decref(follows);
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    json_object_set_new(*out, "followups", follows);
    return 0;
}

/* ---------------------------------------------------------------- zero reports */

int64_t
zero_report_deadline(zq_date day, int hour)
{
    /* hour:00 +08:00 of the next day */
    return ((int64_t)day + 1) * 86400 + (int64_t)hour * 3600 - 8 * 3600;
}

static zq_date
today_cn(void)
{
    return date_today();
}

int
zero_report_file(struct app *a, const struct credit_who *w, const char *region, zq_date day,
                 bool has_events, const char *note, struct zq_err *err)
{
    const struct region_table *rt;
    char prov[REGION_PROVINCE_LEN], d[DATE_STR_LEN];
    struct store_val p[7];
    int64_t id;
    json_t *after;
    int rc;

    if ((rc = app_regions(a, &rt, err)) < 0)
        return rc;
    if (region == NULL || region_find(rt, region) == NULL)
        return ferr(err, "region_code", "未知的地区代码");
    if (!in_scope(w, region))
        return zq_err_set(err, ZQ_ENOTFOUND, "地区 %s 不在本账号的管辖范围内", region);
    if (day > today_cn())
        return ferr(err, "date", "不能提前报送以后日期的零报告");
    if (has_events && (note == NULL || note[0] == '\0'))
        return ferr(err, "note", "有情况报告时须写明情况");
    region_province_code(region, prov);
    p[0] = vt(region), p[1] = vt(prov), p[2] = vt(date_format(day, d)), p[3] = vi(has_events);
    p[4] = vt(note ? note : ""), p[5] = vi(ts_now()), p[6] = vid(w->user_id);
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = store_credit_id(a->st, SC_ZR_FILE, p, 7, &id, err)) < 0)
        goto fail;
    after = json_pack("{s:s,s:s,s:b,s:s}", "region_code", region, "report_date", d, "has_events",
                      has_events, "note", note ? note : "");
    rc = audit_obj(a, w, "file", "zero_report", id, after, err);
    json_decref(after);
    if (rc < 0)
        goto fail;
    return store_commit(a->st, err);
fail:
    store_rollback(a->st);
    return rc;
}

int
zero_report_list(struct app *a, const struct credit_who *w, zq_date from, zq_date to, json_t **out,
                 struct zq_err *err)
{
    char f[DATE_STR_LEN], t[DATE_STR_LEN];
    struct store_val p[4] = { vt(w->lo), vt(w->hi), vt(date_format(from, f)),
                              vt(date_format(to, t)) };
    json_t *arr = json_array();
    int rc = credit_rows(a, SC_ZR_LIST, p, 4, arr, err);

    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = json_pack("{s:o}", "items", arr);
    return 0;
}

static int64_t
filed_at(const json_t *filed, const char *code)
{
    for (size_t i = 0; i < json_array_size(filed); i++) {
        const json_t *r = json_array_get(filed, i);
        if (strcmp(json_string_value(json_object_get(r, "region_code")), code) == 0)
            return json_integer_value(json_object_get(r, "filed_at"));
    }
    return 0;
}

int
zero_report_missing(struct app *a, const struct credit_who *w, const char *region, zq_date day,
                    int64_t now, json_t **out, struct zq_err *err)
{
    const struct region_table *rt;
    char lo[10], hi[10], d[DATE_STR_LEN], dl[TS_STR_LEN];
    json_t *filed = json_array(), *missing = json_array(), *late = json_array();
    int64_t hour = 10, deadline, expected = 0, ontime = 0;
    struct zq_err ce;
    int rc;

    zq_err_clear(&ce);
    *out = NULL;
    if (config_get_int(a->cfg, "zero_report.deadline_hour", &hour, &ce) < 0 || hour < 0 ||
        hour > 23)
        hour = 10;
    deadline = zero_report_deadline(day, (int)hour);
    if ((rc = app_regions(a, &rt, err)) < 0)
        goto out;
    if (region == NULL || region[0] == '\0')
        region = w->region[0] ? w->region : config_get(a->cfg, "province");
    if (region_find(rt, region) == NULL || !in_scope(w, region)) {
        rc = zq_err_set(err, ZQ_ENOTFOUND, "地区 %s 不存在或不在本账号的管辖范围内", region);
        goto out;
    }
    auth_region_range(region, lo, hi);
    {
        struct store_val p[3] = { vt(lo), vt(hi), vt(date_format(day, d)) };
        if ((rc = credit_rows(a, SC_ZR_FILED, p, 3, filed, err)) < 0)
            goto out;
    }
    for (size_t i = 0; i < region_table_count(rt); i++) {
        const struct region *r = region_table_at(rt, i);
        int64_t at;
        if (r->level != REGION_COUNTY || strcmp(r->code, lo) < 0 || strcmp(r->code, hi) > 0)
            continue;
        expected++;
        at = filed_at(filed, r->code);
        if (at == 0 || at > now) {
            if (now >= deadline)
                json_array_append_new(missing, json_pack("{s:s,s:s}", "region_code", r->code,
                                                         "region_name", r->name));
        } else if (at > deadline) {
            json_array_append_new(late,
                                  json_pack("{s:s,s:s,s:o}", "region_code", r->code, "region_name",
                                            r->name, "filed_at", query_ts_json(at)));
        } else {
            ontime++;
        }
    }
    ts_format(deadline, dl);
    *out = json_pack("{s:s,s:s,s:o,s:b,s:I,s:I,s:o,s:o}", "region_code", region, "date", d,
                     "deadline", query_ts_json(deadline), "deadline_passed", now >= deadline,
                     "expected", (json_int_t)expected, "filed_on_time", (json_int_t)ontime,
                     "missing", missing, "late", late);
    missing = late = NULL;
out:
    json_decref(filed);
    json_decref(missing);
    json_decref(late);
    return rc;
}

/* ---------------------------------------------------------------- supervision */

static const char *const measures[] = { "提醒函", "约谈", "通报", "问责", NULL };

int
supervision_round(struct app *a, const struct credit_who *w, const struct round_in *in, int64_t *id,
                  struct zq_err *err)
{
    const char *region = in->region && in->region[0] ? in->region : w->region;
    char prov[REGION_PROVINCE_LEN], s[DATE_STR_LEN], e[DATE_STR_LEN];
    struct store_val p[9];
    json_t *after;
    int rc;

    if (region == NULL || region[0] == '\0')
        region = config_get(a->cfg, "province");
    if (!in_scope(w, region))
        return zq_err_set(err, ZQ_ENOTFOUND, "地区 %s 不在本账号的管辖范围内", region);
    if (in->title == NULL || in->title[0] == '\0')
        return ferr(err, "title", "须写明督查名称");
    if (in->started == 0 || (in->ended != 0 && in->ended < in->started))
        return ferr(err, "started_on", "督查起止日期无效");
    region_province_code(region, prov);
    p[0] = vt(region), p[1] = vt(prov), p[2] = vt(in->title), p[3] = vt(in->team ? in->team : "");
    p[4] = vt(in->targets ? in->targets : ""), p[5] = vt(date_format(in->started, s));
    p[6] = in->ended ? vt(date_format(in->ended, e)) : vt(NULL), p[7] = vi(ts_now());
    p[8] = vid(w->user_id);
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = store_credit_id(a->st, SC_SV_ROUND, p, 9, id, err)) < 0)
        goto fail;
    after = json_pack("{s:s,s:s,s:s,s:s,s:s}", "region_code", region, "title", in->title, "team",
                      in->team ? in->team : "", "targets", in->targets ? in->targets : "",
                      "started_on", s);
    rc = audit_obj(a, w, "create", "supervision_round", *id, after, err);
    json_decref(after);
    if (rc < 0)
        goto fail;
    return store_commit(a->st, err);
fail:
    store_rollback(a->st);
    return rc;
}

static int
case_id_of(struct app *a, const char *case_no, int64_t *id, struct zq_err *err)
{
    struct store_val p[1] = { vt(case_no) };
    json_t *arr = json_array();
    int rc;

    *id = 0;
    rc = credit_rows(a, SC_CASE_BY_NO, p, 1, arr, err);
    if (rc == 0 && json_array_size(arr) > 0)
        *id = json_integer_value(json_object_get(json_array_get(arr, 0), "id"));
    else if (rc == 0)
        rc = zq_err_set(err, ZQ_ENOTFOUND, "案件 %s 不存在", case_no);
    json_decref(arr);
    return rc;
}

int
supervision_finding(struct app *a, const struct credit_who *w, const struct finding_in *in,
                    int64_t *id, struct zq_err *err)
{
    char m[DATE_STR_LEN], d[DATE_STR_LEN], notice_msg[512], code[24];
    struct store_val p[9];
    int64_t case_id = 0, told;
    json_t *round = NULL, *after;
    int rc;

    {
        struct store_val g[3] = { vt(w->lo), vt(w->hi), vi(in->round_id) };
        if ((rc = first(a, SC_SV_ROUND_GET, g, 3, &round, err)) < 0)
            return rc;
    }
    if (round == NULL)
        return zq_err_set(err, ZQ_ENOTFOUND, "督查轮次 %lld 不存在", (long long)in->round_id);
    json_decref(round);
    if (!one_of(in->measure, measures))
        return ferr(err, "measure", "督办措施应为 提醒函、约谈、通报 或 问责");
    if (in->finding == NULL || in->finding[0] == '\0')
        return ferr(err, "finding", "须写明发现的问题");
    if (!in_scope(w, in->region))
        return zq_err_set(err, ZQ_ENOTFOUND, "地区 %s 不在本账号的管辖范围内",
                          in->region ? in->region : "");
    if (in->measure_on == 0 || (in->deadline != 0 && in->deadline < in->measure_on))
        return ferr(err, "deadline_on", "整改期限不能早于措施日期");
    if (in->case_no != NULL && in->case_no[0] != '\0' &&
        (rc = case_id_of(a, in->case_no, &case_id, err)) < 0)
        return rc;
    p[0] = vi(in->round_id), p[1] = vt(in->region), p[2] = vid(case_id), p[3] = vt(in->finding);
    p[4] = vt(in->measure), p[5] = vt(in->target ? in->target : "");
    p[6] = vt(date_format(in->measure_on, m));
    p[7] = in->deadline ? vt(date_format(in->deadline, d)) : vt(NULL), p[8] = vi(ts_now());
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = store_credit_id(a->st, SC_SV_FINDING, p, 9, id, err)) < 0)
        goto fail;
    snprintf(code, sizeof code, "%lld", (long long)*id);
    snprintf(notice_msg, sizeof notice_msg, "上级督查%s：%s%s%s", in->measure, in->finding,
             in->deadline ? "，整改期限 " : "", in->deadline ? d : "");
    {
        struct notice n = { "supervision", "supervision", code, notice_msg, NULL };
        if ((rc = notify_region_role(a, in->region, NULL, &n, &told, err)) < 0)
            goto fail;
    }
    after = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "round_id", (json_int_t)in->round_id,
                      "region_code", in->region, "finding", in->finding, "measure", in->measure,
                      "target", in->target ? in->target : "", "measure_on", m);
    rc = audit_obj(a, w, "create", "supervision_finding", *id, after, err);
    json_decref(after);
    if (rc < 0)
        goto fail;
    return store_commit(a->st, err);
fail:
    store_rollback(a->st);
    return rc;
}

int
supervision_follow(struct app *a, const struct credit_who *w, int64_t id, const char *note,
                   zq_date rectified, struct zq_err *err)
{
    char d[DATE_STR_LEN];
    struct store_val p[6] = { vt(w->lo),
                              vt(w->hi),
                              vi(id),
                              vt(note),
                              rectified ? vt(date_format(rectified, d)) : vt(NULL),
                              vi(ts_now()) };
    int64_t x;
    json_t *after;
    int rc;

    if (note == NULL || note[0] == '\0')
        return ferr(err, "followup", "须写明整改跟踪情况");
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = store_credit_id(a->st, SC_SV_FOLLOW, p, 6, &x, err)) < 0)
        goto fail;
    if (x == 0) {
        rc = zq_err_set(err, ZQ_ENOTFOUND, "督查发现 %lld 不存在", (long long)id);
        goto fail;
    }
    after = json_pack("{s:s,s:s}", "followup", note, "rectified_on", rectified ? d : "");
    rc = audit_obj(a, w, "followup", "supervision_finding", id, after, err);
    json_decref(after);
    if (rc < 0)
        goto fail;
    return store_commit(a->st, err);
fail:
    store_rollback(a->st);
    return rc;
}

int
supervision_list(struct app *a, const struct credit_who *w, int64_t round_id, zq_date today,
                 json_t **out, struct zq_err *err)
{
    char d[DATE_STR_LEN];
    struct store_val p[4] = { vt(w->lo), vt(w->hi), vi(round_id), vt(date_format(today, d)) };
    json_t *arr = json_array();
    int rc = round_id > 0 ? credit_rows(a, SC_SV_FINDINGS, p, 4, arr, err)
                          : credit_rows(a, SC_SV_ROUNDS, p, 2, arr, err);

    if (rc < 0) {
        json_decref(arr);
        return rc;
    }
    *out = json_pack("{s:o}", round_id > 0 ? "findings" : "rounds", arr);
    return 0;
}

zq_date
supervision_stalled_before(const struct calendar *cal, zq_date today, int workdays)
{
    zq_date d = today;
    bool prov;

    for (int c = 0; c < workdays; d--)
        if (calendar_is_workday(cal, d, &prov))
            c++;
    return d;
}

int
supervision_stalled(struct app *a, const struct credit_who *w, zq_date today, json_t **out,
                    struct zq_err *err)
{
    const struct calendar *cal;
    char d[DATE_STR_LEN];
    int64_t n = 10;
    struct zq_err ce;
    json_t *arr;
    int rc;

    zq_err_clear(&ce);
    if (config_get_int(a->cfg, "supervision.stalled_workdays", &n, &ce) < 0 || n < 0 || n > 1000)
        n = 10;
    if ((rc = app_calendar(a, &cal, err)) < 0)
        return rc;
    date_format(supervision_stalled_before(cal, today, (int)n), d);
    arr = json_array();
    {
        struct store_val p[3] = { vt(w->lo), vt(w->hi), vt(d) };
        if ((rc = credit_rows(a, SC_SV_STALLED, p, 3, arr, err)) < 0) {
            json_decref(arr);
            return rc;
        }
    }
    *out = json_pack("{s:s,s:I,s:o}", "deadline_on_or_before", d, "workdays", (json_int_t)n,
                     "items", arr);
    return 0;
}
