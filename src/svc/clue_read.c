/*
 * clue_read.c - reading clues: the caller's scope over clues, the list with
 * full-text search and the overdue filter, a clue's detail with handlers,
 * history and duplicates, the public progress view, and the duty roster.
 */
#include "svc/clue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/date.h"
#include "core/money.h"
#include "core/phone.h"
#include "core/region.h"
#include "store/store_auth.h"
#include "svc/audit.h"
#include "svc/query_int.h"

void
clue_scope(const struct principal *p, struct store_clue_scope *sc)
{
    memset(sc, 0, sizeof *sc);
    if (p == NULL) {
        snprintf(sc->region_lo, sizeof sc->region_lo, "0");
        snprintf(sc->region_hi, sizeof sc->region_hi, "999999999");
        return;
    }
    switch (p->role) {
    case ROLE_ADMIN:
    case ROLE_LEADER:
    case ROLE_INSPECTOR:
        auth_region_range(p->region, sc->region_lo, sc->region_hi);
        break;
    case ROLE_DEPT_OFFICER:
        auth_region_range(p->region, sc->region_lo, sc->region_hi);
        snprintf(sc->dept, sizeof sc->dept, "%s", p->dept);
        break;
    default:
        sc->none = true; /* enterprises and banks see no complaints */
        break;
    }
    if (sc->region_lo[0] == '\0')
        sc->none = true;
}

/* ---------------------------------------------------------------- list */

int
clue_list(struct app *a, const struct principal *p, const struct clue_list_args *f,
          const struct query_page *pg, json_t **out, struct zq_err *err)
{
    struct store_clue_filter sf = { 0 };
    struct store_clue_scope sc;
    struct cursor_buf cb;
    struct sq_page page;
    struct collect col;
    char lo[10] = "", hi[10] = "", today[DATE_STR_LEN], q[256];
    int rc;

    *out = NULL;
    if ((rc = page_from(pg, CURSOR_ID, false, &page, &cb, err)) < 0)
        return rc;
    if (f->q != NULL && strlen(f->q) > 200) {
        zq_err_set(err, ZQ_EINVAL, "检索词过长（最多 200 字节）");
        zq_err_field(err, "q");
        return ZQ_EINVAL;
    }
    if (f->region != NULL && f->region[0] != '\0') {
        auth_region_range(f->region, lo, hi);
        if (lo[0] == '\0') {
            zq_err_set(err, ZQ_EINVAL, "region 应为 6 位或 9 位行政区划代码");
            zq_err_field(err, "region");
            return ZQ_EINVAL;
        }
    }
    clue_scope(p, &sc);
    sf.region_lo = lo;
    sf.region_hi = hi;
    sf.status = f->status;
    sf.nature = f->nature;
    sf.channel = f->channel;
    sf.overdue = f->overdue;
    sf.today = date_format(date_today(), today);
    sf.after_id = page.after ? page.after_id : 0;
    sf.limit = page.limit;
    collect_init(&col, query_regions(a), page.limit, CURSOR_ID, SC_LIST_ID_COL);
    /* the query trimmed, in a copy: a slice is not NUL-terminated */
    struct str t = str_trim(str_from(f->q != NULL ? f->q : ""));
    snprintf(q, sizeof q, "%.*s", (int)t.len, t.p);
    sf.q = q;
    rc = store_clue_list(a->st, &sc, &sf, collect_row, &col, err);
    if (rc < 0) {
        collect_fini(&col);
        return rc;
    }
    *out = collect_page(&col);
    collect_fini(&col);
    return 0;
}

/* ---------------------------------------------------------------- detail */

struct arr_ctx {
    const struct region_table *rt;
    json_t *arr;
};

static int
arr_row(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct arr_ctx *x = ctx;

    json_array_append_new(x->arr, query_row_json(x->rt, cols, v, n));
    return 0;
}

static json_t *
nstr(const char *s)
{
    return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

static json_t *
clue_json(const struct region_table *rt, const struct store_clue *c)
{
    const struct region *r = rt ? region_find(rt, c->region) : NULL;
    char money[MONEY_STR_LEN];
    json_t *o = json_object();

    json_object_set_new(o, "ticket", json_string(c->ticket));
    json_object_set_new(o, "channel", json_string(c->channel));
    json_object_set_new(o, "external_id", nstr(c->external_id));
    json_object_set_new(o, "received_at", query_ts_json(c->received_at));
    json_object_set_new(o, "region_code", json_string(c->region));
    json_object_set_new(o, "region_name", r ? json_string(r->name) : json_null());
    json_object_set_new(o, "dept", nstr(c->dept));
    json_object_set_new(o, "first_region_code", json_string(c->first_region));
    json_object_set_new(o, "complainant", json_string(c->complainant));
    json_object_set_new(o, "complainant_id_masked", nstr(c->cid_masked));
    json_object_set_new(o, "phone_masked", json_string(c->phone_masked));
    json_object_set_new(o, "respondent", json_string(c->respondent));
    json_object_set_new(o, "respondent_uscc", nstr(c->respondent_uscc));
    json_object_set_new(o, "project_code", nstr(c->project_code));
    json_object_set_new(o, "project_name", nstr(c->project_name));
    json_object_set_new(o, "project_registered", json_boolean(c->project_id > 0));
    json_object_set_new(o, "nature", json_string(c->nature));
    json_object_set_new(o, "people", json_integer(c->people));
    json_object_set_new(o, "amount", json_string(money_format(c->amount, money)));
    json_object_set_new(o, "period_from", nstr(c->period_from));
    json_object_set_new(o, "period_to", nstr(c->period_to));
    json_object_set_new(o, "description", json_string(c->description));
    json_object_set_new(o, "status", json_string(c->status));
    json_object_set_new(o, "accept_by", json_string(c->accept_by));
    json_object_set_new(o, "accepted_on", nstr(c->accepted_on));
    json_object_set_new(o, "close_by", nstr(c->close_by));
    json_object_set_new(o, "closed_on", nstr(c->closed_on));
    json_object_set_new(o, "transfer_region_code", nstr(c->transfer_region));
    json_object_set_new(o, "transfer_dept", nstr(c->transfer_dept));
    json_object_set_new(o, "reason", nstr(c->reason));
    json_object_set_new(o, "result", nstr(c->result));
    json_object_set_new(o, "satisfaction", nstr(c->satisfaction));
    json_object_set_new(o, "reopened", json_boolean(c->reopened));
    json_object_set_new(o, "linked_to", nstr(c->linked_ticket));
    json_object_set_new(o, "case_id", c->case_id ? json_integer(c->case_id) : json_null());
    json_object_set_new(o, "updated_at", query_ts_json(c->updated_at));
    return o;
}

int
clue_get(struct app *a, const struct principal *p, const char *ticket, json_t **out,
         struct zq_err *err)
{
    static const char *const parts[] = { "history", "handlers", "duplicates" };
    struct store_clue *c = zq_calloc(1, sizeof *c);
    struct store_clue_scope sc;
    struct arr_ctx x = { query_regions(a), NULL };
    bool found;
    json_t *o = NULL;
    int rc;

    *out = NULL;
    clue_scope(p, &sc);
    if ((rc = store_clue_get(a->st, p ? &sc : NULL, ticket, c, &found, err)) < 0)
        goto out;
    if (!found) {
        rc = zq_err_set(err, ZQ_ENOTFOUND, "线索 %.60s 不存在或不在您的管辖范围内", ticket);
        goto out;
    }
    o = clue_json(x.rt, c);
    for (int i = 0; i < 3; i++) {
        x.arr = json_array();
        json_object_set_new(o, parts[i], x.arr);
        if ((rc = store_clue_part(a->st,
                                  (enum store_clue_part)(i == 0   ? SC_PART_EVENTS
                                                         : i == 1 ? SC_PART_HANDLERS
                                                                  : SC_PART_LINKED),
                                  c->id, arr_row, &x, err)) < 0)
            goto out;
    }
    *out = o;
    o = NULL;
out:
    json_decref(o);
    zq_free(c);
    return rc;
}

/* ---------------------------------------------------------------- public view */

int
clue_public_get(struct app *a, const char *ticket, const char *phone, const char *client,
                json_t **out, struct zq_err *err)
{
    struct store_clue *c = zq_calloc(1, sizeof *c);
    const struct pii_keys *k;
    struct clue_settings s;
    unsigned char h[PII_HASH_LEN];
    char norm[PHONE_MAX + 1], bucket[128], d[DATE_STR_LEN];
    int64_t hits;
    bool found = false, match = false;
    int rc;

    *out = NULL;
    snprintf(bucket, sizeof bucket, "clue-query:%.100s", client ? client : "");
    if ((rc = clue_settings_load(a->cfg, &s, err)) < 0 || (rc = app_pii(a, &k, err)) < 0 ||
        (rc = store_rate_hit(a->st, bucket, 3600, ts_now(), &hits, err)) < 0)
        goto out;
    if (hits > s.rate_query) {
        rc = zq_err_set(err, ZQ_ELIMIT, "查询过于频繁，请一小时后再试");
        goto out;
    }
    if ((rc = store_clue_get(a->st, NULL, ticket, c, &found, err)) < 0)
        goto out;
    if (found && phone != NULL && phone_parse(str_from(phone), norm, NULL) == 0) {
        pii_hash(k, norm, strlen(norm), h);
        match = c->phone_hash_len == PII_HASH_LEN && memcmp(h, c->phone_hash, PII_HASH_LEN) == 0;
    }
    if (!match) {
        rc = zq_err_set(err, ZQ_ENOTFOUND, "未找到该受理编号，或手机号不符");
        goto out;
    }
    /* status, dates and the result: never names, numbers or descriptions */
    *out = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "ticket", c->ticket, "status",
                     c->status, "received_on", date_format(ts_date(c->received_at), d), "accept_by",
                     nstr(c->accept_by), "accepted_on", nstr(c->accepted_on), "close_by",
                     nstr(c->close_by), "closed_on", nstr(c->closed_on), "result",
                     nstr(strcmp(c->status, CLUE_REJECTED) == 0 ? c->reason : c->result),
                     "satisfaction", nstr(c->satisfaction));
out:
    zq_free(c);
    return rc;
}

/* ---------------------------------------------------------------- duty roster */

int
clue_duty_list(struct app *a, const struct principal *p, const char *region, json_t **out,
               struct zq_err *err)
{
    struct store_clue_scope sc;
    struct arr_ctx x = { query_regions(a), json_array() };
    char lo[10], hi[10];
    int rc;

    *out = NULL;
    clue_scope(p, &sc);
    snprintf(lo, sizeof lo, "%s", sc.region_lo);
    snprintf(hi, sizeof hi, "%s", sc.region_hi);
    if (region != NULL && region[0] != '\0') {
        char flo[10], fhi[10];
        auth_region_range(region, flo, fhi);
        if (strcmp(flo, lo) > 0)
            snprintf(lo, sizeof lo, "%s", flo);
        if (strcmp(fhi, hi) < 0)
            snprintf(hi, sizeof hi, "%s", fhi);
    }
    if (!sc.none && lo[0] != '\0' && strcmp(lo, hi) <= 0 &&
        (rc = store_duty_list(a->st, lo, hi, ts_now(), arr_row, &x, err)) < 0) {
        json_decref(x.arr);
        return rc;
    }
    *out = json_pack("{s:o}", "items", x.arr);
    return 0;
}

static int
duty_entry(struct app *a, const char *region, const json_t *e, json_t *audit, struct zq_err *err)
{
    const char *user = json_string_value(json_object_get(e, "username"));
    const char *from = json_string_value(json_object_get(e, "starts_at"));
    const char *to = json_string_value(json_object_get(e, "ends_at"));
    struct store_user u = { 0 };
    int64_t t1, t2;
    bool found;
    int rc;

    if (user == NULL || from == NULL || to == NULL || ts_parse(str_from(from), &t1, NULL) < 0 ||
        ts_parse(str_from(to), &t2, NULL) < 0 || t2 <= t1) {
        zq_err_set(err, ZQ_EINVAL,
                   "值班安排应为 {\"username\",\"starts_at\",\"ends_at\"}，"
                   "时间形如 2026-11-28 17:30，结束晚于开始");
        zq_err_field(err, "entries");
        return ZQ_EINVAL;
    }
    if ((rc = store_user_by_name(a->st, user, &u, &found, err)) < 0)
        return rc;
    if (!found || u.disabled || strcmp(u.role, "enterprise") == 0 || strcmp(u.role, "bank") == 0) {
        zq_err_set(err, ZQ_EINVAL, "值班人员“%.60s”不存在或不是工作人员", user);
        zq_err_field(err, "entries");
        return ZQ_EINVAL;
    }
    json_array_append_new(
        audit, json_pack("{s:s, s:s, s:s}", "username", user, "starts_at", from, "ends_at", to));
    return store_duty_add(a->st, region, u.id, t1, t2, err);
}

int
clue_duty_put(struct app *a, const struct principal *p, const char *actor, const json_t *body,
              json_t **out, struct zq_err *err)
{
    const char *region = json_string_value(json_object_get(body, "region_code"));
    const json_t *entries = json_object_get(body, "entries"), *e;
    const struct region_table *rt;
    struct store_clue_scope sc;
    json_t *audit = json_array();
    char *after = NULL;
    size_t i;
    int rc;

    *out = NULL;
    clue_scope(p, &sc);
    if ((rc = app_regions(a, &rt, err)) < 0)
        goto done;
    if (region == NULL || region_find(rt, region) == NULL || sc.none ||
        strcmp(region, sc.region_lo) < 0 || strcmp(region, sc.region_hi) > 0) {
        rc = zq_err_set(err, ZQ_EINVAL, "region_code 应为您管辖范围内的行政区划代码");
        zq_err_field(err, "region_code");
        goto done;
    }
    if (!json_is_array(entries) || json_array_size(entries) > 500) {
        rc = zq_err_set(err, ZQ_EINVAL, "entries 应为值班安排数组（至多 500 条）");
        zq_err_field(err, "entries");
        goto done;
    }
    if ((rc = store_begin(a->st, err)) < 0)
        goto done;
    if ((rc = store_duty_clear(a->st, region, ts_now(), err)) < 0)
        goto fail;
    json_array_foreach(entries, i, e)
    {
        if ((rc = duty_entry(a, region, e, audit, err)) < 0)
            goto fail;
    }
    after = json_dumps(audit, JSON_COMPACT);
    if ((rc = audit_append(a, actor, "duty.replace", "duty_roster", region, NULL, after, err)) < 0)
        goto fail;
    if ((rc = store_commit(a->st, err)) < 0)
        goto done;
    rc = clue_duty_list(a, p, region, out, err);
    goto done;
fail:
    store_rollback(a->st);
done:
    free(after);
    json_decref(audit);
    return rc;
}

int
clue_principal(struct app *a, const char *username, struct principal *out, struct zq_err *err)
{
    struct store_user u = { 0 };
    bool found;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = store_user_by_name(a->st, username, &u, &found, err)) < 0)
        return rc;
    if (!found || u.disabled)
        return zq_err_set(err, ZQ_ENOTFOUND, "没有可用的用户“%.60s”", username);
    out->via = AUTH_SESSION;
    out->role = auth_role_parse(u.role);
    out->id = u.id;
    snprintf(out->name, sizeof out->name, "%s", u.username);
    snprintf(out->display_name, sizeof out->display_name, "%s", u.display_name);
    snprintf(out->region, sizeof out->region, "%s", u.region);
    snprintf(out->dept, sizeof out->dept, "%s", u.dept);
    out->enterprise_id = u.enterprise_id;
    snprintf(out->actor, sizeof out->actor, "user:%.80s", u.username);
    return 0;
}
