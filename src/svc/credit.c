/*
 * credit.c - the blacklist workflow and its dates (see credit.h and
 * docs/credit.md).  The rating lives in credit_rating.c.
 *
 * A statutory entry moves 拟列入 → 已告知 → 已列入 → 已移出, or ends 不予列入;
 * each step is one UPDATE guarded by the state it needs, so two officers
 * acting at once cannot both succeed.  The rule W15 reads entries that are
 * 已列入 with their decided_on and expires_on, so a listing made here is in
 * force for the warning scan from its decision day.
 */
#include "svc/credit.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/calendar.h"
#include "core/idcard.h"
#include "core/money.h"
#include "store/store_credit.h"
#include "svc/audit.h"
#include "svc/query.h"

/* ---------------------------------------------------------------- values */

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
vid(int64_t i) /* 0 as NULL, for optional references */
{
    return i > 0 ? vi(i) : (struct store_val){ .t = STORE_NULL };
}

/* An input error naming its field. */
static int
ferr(struct zq_err *err, const char *field, const char *msg)
{
    int rc = zq_err_set(err, ZQ_EINVAL, "%s", msg);

    zq_err_field(err, field);
    return rc;
}

/* ---------------------------------------------------------------- who */

void
credit_who_all(struct credit_who *w, const char *actor)
{
    memset(w, 0, sizeof *w);
    snprintf(w->actor, sizeof w->actor, "%s", actor);
    snprintf(w->lo, sizeof w->lo, "0");
    snprintf(w->hi, sizeof w->hi, "999999999");
}

void
credit_who_principal(struct credit_who *w, const struct principal *p)
{
    struct store_scope sc;

    memset(w, 0, sizeof *w);
    snprintf(w->actor, sizeof w->actor, "%s", p->actor);
    w->user_id = p->via == AUTH_SESSION ? p->id : 0;
    snprintf(w->region, sizeof w->region, "%s", p->region);
    auth_scope(p, &sc);
    if (sc.enterprise_id != 0 || sc.region_lo[0] == '\0') {
        /* enterprises and banks see none of these records: an empty range */
        snprintf(w->lo, sizeof w->lo, "1");
        snprintf(w->hi, sizeof w->hi, "0");
        return;
    }
    snprintf(w->lo, sizeof w->lo, "%s", sc.region_lo);
    snprintf(w->hi, sizeof w->hi, "%s", sc.region_hi);
}

/* ---------------------------------------------------------------- dates */

zq_date
credit_add_months(zq_date d, int n)
{
    int y, m, day, mi;

    date_to_ymd(d, &y, &m, &day);
    mi = y * 12 + (m - 1) + n;
    y = mi / 12;
    m = mi % 12 + 1;
    if (day > date_days_in_month(y, m))
        day = date_days_in_month(y, m);
    return date_from_ymd(y, m, day);
}

zq_date
credit_add_years(zq_date d, int n)
{
    return credit_add_months(d, 12 * n);
}

zq_date
credit_listing_expires(zq_date decided, int years)
{
    return credit_add_years(decided, years);
}

bool
credit_repair_due(zq_date corrected, zq_date applied)
{
    return applied >= credit_add_months(corrected, 6);
}

/* ---------------------------------------------------------------- rows */

struct rows_ctx {
    const struct region_table *rt;
    json_t *arr;
};

static int
row_json(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct rows_ctx *r = ctx;

    json_array_append_new(r->arr, query_row_json(r->rt, cols, v, n));
    return 0;
}

int
credit_rows(struct app *a, int q, const struct store_val *params, int n, json_t *arr,
            struct zq_err *err)
{
    struct rows_ctx r = { NULL, arr };
    int rc;

    if ((rc = app_regions(a, &r.rt, err)) < 0)
        return rc;
    return store_credit_run(a->st, (enum sc_stmt)q, params, n, row_json, &r, NULL, err);
}

/* One row as an object (NULL when none). */
static int
one_row(struct app *a, int q, const struct store_val *params, int n, json_t **out,
        struct zq_err *err)
{
    json_t *arr = json_array();
    int rc = credit_rows(a, q, params, n, arr, err);

    *out = NULL;
    if (rc == 0 && json_array_size(arr) > 0)
        *out = json_incref(json_array_get(arr, 0));
    json_decref(arr);
    return rc;
}

static int64_t
jint(const json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

static const char *
jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s != NULL ? s : "";
}

/* ---------------------------------------------------------------- config */

static int64_t
cfg_int(struct app *a, const char *key, int64_t def)
{
    struct zq_err e;
    int64_t v;

    zq_err_clear(&e);
    if (config_get_int(a->cfg, key, &v, &e) < 0 || v < 0)
        return def;
    return v;
}

/* ---------------------------------------------------------------- eligibility */

struct orders_ctx {
    json_t *arr;
    const struct region_table *rt;
    int64_t unpaid;
};

static int
order_row(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct orders_ctx *o = ctx;

    if (n > 6 && v[6].t == STORE_INT && v[6].i > 0)
        o->unpaid += v[6].i;
    json_array_append_new(o->arr, query_row_json(o->rt, cols, v, n));
    return 0;
}

static json_t *
money_json(int64_t fen)
{
    char buf[MONEY_STR_LEN];

    money_format(fen, buf);
    return json_string(buf);
}

int
credit_eligibility(struct app *a, const struct credit_who *w, const char *uscc, int64_t incident_id,
                   zq_date today, json_t **out, struct zq_err *err)
{
    struct store_val p[4] = { vt(uscc), vt(""), vt(w ? w->lo : "0"), vt(w ? w->hi : "999999999") };
    struct orders_ctx o = { json_array(), NULL, 0 };
    json_t *ent = NULL, *inc = NULL, *reasons = json_array(), *res;
    char day[DATE_STR_LEN];
    int64_t threshold = cfg_int(a, "credit.criminal_threshold_yuan", 30000) * 100;
    bool serious = false;
    int rc;

    *out = NULL;
    if ((rc = one_row(a, SC_ENT_BY_USCC, p, 1, &ent, err)) < 0)
        goto out;
    if (ent == NULL) {
        rc = zq_err_set(err, ZQ_ENOTFOUND, "未找到统一社会信用代码为 %s 的企业", uscc);
        goto out;
    }
    if ((rc = app_regions(a, &o.rt, err)) < 0)
        goto out;
    p[0] = vi(jint(ent, "id"));
    p[1] = vt(date_format(today, day));
    if ((rc = store_credit_run(a->st, SC_EL_ORDERS, p, 4, order_row, &o, NULL, err)) < 0)
        goto out;
    if (incident_id > 0) {
        p[1] = vi(incident_id);
        if ((rc = one_row(a, SC_EL_INCIDENT, p, 2, &inc, err)) < 0)
            goto out;
        if (inc == NULL) {
            rc = zq_err_set(err, ZQ_EINVAL, "突发事件 %lld 与该企业无关联", (long long)incident_id);
            zq_err_field(err, "incident_id");
            goto out;
        }
        serious = json_is_true(json_object_get(inc, "serious"));
    }
    if (json_array_size(o.arr) == 0)
        json_array_append_new(reasons, json_string("无逾期未履行的责令限期支付指令"));
    else if (o.unpaid >= threshold)
        json_array_append_new(reasons, json_string("逾期未支付金额达到拒不支付劳动报酬罪数额标准"));
    else if (serious)
        json_array_append_new(reasons, json_string("逾期未履行且关联突发事件造成严重不良社会影响"));
    else
        json_array_append_new(reasons,
                              json_string("逾期未付金额未达数额标准，且无造成严重影响的关联事件"));
    res = json_object();
    json_object_set_new(res, "uscc", json_string(uscc));
    json_object_set_new(res, "name", json_string(jstr(ent, "name")));
    json_object_set_new(
        res, "eligible",
        json_boolean(json_array_size(o.arr) > 0 && (o.unpaid >= threshold || serious)));
    json_object_set_new(res, "watch_eligible", json_boolean(json_array_size(o.arr) > 0));
    json_object_set_new(res, "threshold", money_json(threshold));
    json_object_set_new(res, "unpaid", money_json(o.unpaid));
    json_object_set_new(res, "orders", o.arr);
    json_object_set_new(res, "incident", inc != NULL ? json_incref(inc) : json_null());
    json_object_set_new(res, "reasons", reasons);
    json_object_set_new(res, "as_of", json_string(date_format(today, day)));
    o.arr = NULL;
    reasons = NULL;
    *out = res;
out:
    json_decref(o.arr);
    json_decref(reasons);
    json_decref(ent);
    json_decref(inc);
    return rc;
}

/* ---------------------------------------------------------------- changes */

static int
event(struct app *a, const struct credit_who *w, int64_t id, const char *action, const char *note,
      struct zq_err *err)
{
    struct store_val p[5] = { vi(id), vi(ts_now()), vid(w->user_id), vt(action),
                              vt(note ? note : "") };
    int64_t eid;

    return store_credit_id(a->st, SC_BL_EVENT, p, 5, &eid, err);
}

/* The entry as JSON text for the audit log (owned by the caller: free()). */
static char *
entry_text(struct app *a, const struct credit_who *w, int64_t id)
{
    struct store_val p[3] = { vt(w->lo), vt(w->hi), vi(id) };
    struct zq_err e;
    json_t *o = NULL;
    char *s;

    zq_err_clear(&e);
    if (one_row(a, SC_BL_GET, p, 3, &o, &e) < 0 || o == NULL)
        return NULL;
    s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return s;
}

/* Commit the change with its event and audit entry; before is freed. */
static int
finish(struct app *a, const struct credit_who *w, int64_t id, const char *action, const char *note,
       char *before, struct zq_err *err)
{
    char idbuf[24], *after = NULL;
    int rc;

    snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
    if ((rc = event(a, w, id, action, note, err)) < 0)
        goto out;
    after = entry_text(a, w, id);
    if ((rc = audit_append(a, w->actor, action, "blacklist", idbuf, before, after, err)) < 0)
        goto out;
    rc = store_commit(a->st, err);
    free(after);
    free(before);
    return rc;
out:
    free(after);
    free(before);
    store_rollback(a->st);
    return rc;
}

static int
add_person(struct app *a, int64_t id, const struct credit_person *cp, struct zq_err *err)
{
    const struct pii_keys *k;
    unsigned char hash[PII_HASH_LEN], *sealed = NULL;
    char idn[IDCARD_LEN + 1], masked[IDCARD_LEN + 1];
    struct store_val p[6] = { vi(id),
                              vt(cp->name),
                              vt(cp->role ? cp->role : ""),
                              { .t = STORE_NULL },
                              { .t = STORE_NULL },
                              { .t = STORE_NULL } };
    int64_t pid;
    int rc;

    if (cp->name == NULL || cp->name[0] == '\0')
        return zq_err_set(err, ZQ_EINVAL, "责任人姓名不能为空");
    if (cp->idcard != NULL && cp->idcard[0] != '\0') {
        size_t n;
        if ((rc = idcard_parse(str_from(cp->idcard), idn, err)) < 0)
            return rc;
        if ((rc = app_pii(a, &k, err)) < 0)
            return rc;
        sealed = zq_malloc(strlen(idn) + PII_SEAL_OVERHEAD);
        n = pii_seal(k, idn, strlen(idn), sealed);
        pii_hash(k, idn, strlen(idn), hash);
        idcard_mask(idn, masked);
        p[3] = (struct store_val){ .t = STORE_BLOB, .p = sealed, .n = n };
        p[4] = (struct store_val){ .t = STORE_BLOB, .p = hash, .n = PII_HASH_LEN };
        p[5] = vt(masked);
    }
    rc = store_credit_id(a->st, SC_BL_PERSON, p, 6, &pid, err);
    zq_free(sealed);
    return rc;
}

static bool
watch_enabled(struct app *a)
{
    const char *v = config_get(a->cfg, "credit.watch_list");

    return v == NULL || strcmp(v, "off") != 0;
}

/* Check what a proposal needs before anything is written. */
static int
check_proposal(struct app *a, const struct credit_who *w, const struct credit_proposal *cp,
               zq_date today, json_t **el, struct zq_err *err)
{
    bool statutory;
    int rc;

    *el = NULL;
    if (cp->uscc == NULL || cp->uscc[0] == '\0')
        return ferr(err, "uscc", "须给出企业的统一社会信用代码");
    if (cp->list == NULL ||
        (strcmp(cp->list, "失信联合惩戒") != 0 && strcmp(cp->list, "重点关注") != 0))
        return ferr(err, "list", "名单类型应为“失信联合惩戒”或“重点关注”");
    statutory = strcmp(cp->list, "失信联合惩戒") == 0;
    if (!statutory && !watch_enabled(a))
        return ferr(err, "list", "本地区未启用重点关注名单");
    if (cp->reason == NULL || cp->reason[0] == '\0')
        return ferr(err, "reason", "列入事由不能为空");
    if (statutory && cp->npersons < 1)
        return ferr(err, "persons", "失信联合惩戒须列明至少一名责任人");
    if ((rc = credit_eligibility(a, w, cp->uscc, cp->incident_id, today, el, err)) < 0)
        return rc;
    if (!json_is_true(json_object_get(*el, statutory ? "eligible" : "watch_eligible"))) {
        const char *why = json_string_value(json_array_get(json_object_get(*el, "reasons"), 0));
        rc = zq_err_set(err, ZQ_EINVAL, "不符合列入条件：%s", why ? why : "");
        json_decref(*el);
        *el = NULL;
    }
    return rc;
}

int
credit_propose(struct app *a, const struct credit_who *w, const struct credit_proposal *cp,
               zq_date today, int64_t *id, struct zq_err *err)
{
    struct store_val p[10];
    char day[DATE_STR_LEN], region[10];
    json_t *el = NULL, *ent = NULL;
    int64_t dup, case_id;
    int rc;

    *id = 0;
    if ((rc = check_proposal(a, w, cp, today, &el, err)) < 0)
        return rc;
    case_id = jint(json_array_get(json_object_get(el, "orders"), 0), "case_id");
    p[0] = vt(cp->uscc);
    if ((rc = one_row(a, SC_ENT_BY_USCC, p, 1, &ent, err)) < 0)
        goto done;
    /* the region of the order's case: the office that proposes it */
    snprintf(region, sizeof region, "%s",
             jstr(json_array_get(json_object_get(el, "orders"), 0), "region_code"));
    /* (eligibility counted only the orders in w's scope, so region is in it) */
    if ((rc = store_begin(a->st, err)) < 0)
        goto done;
    p[1] = vt(cp->list);
    if ((rc = store_credit_id(a->st, SC_BL_OPEN_FOR, p, 2, &dup, err)) < 0)
        goto fail;
    if (dup > 0) {
        rc = zq_err_set(err, ZQ_ECONFLICT, "该企业已有办理中或有效的%s记录（编号 %lld）", cp->list,
                        (long long)dup);
        goto fail;
    }
    p[0] = vi(jint(ent, "id")), p[1] = vt(cp->uscc), p[2] = vt(jstr(ent, "name"));
    p[3] = vt(cp->list), p[4] = vt(region), p[5] = vid(case_id), p[6] = vid(cp->incident_id);
    p[7] = vt(date_format(today, day)), p[8] = vt(cp->reason), p[9] = vi(ts_now());
    if ((rc = store_credit_id(a->st, SC_BL_INSERT, p, 10, id, err)) < 0)
        goto fail;
    for (int i = 0; i < cp->npersons; i++)
        if ((rc = add_person(a, *id, &cp->persons[i], err)) < 0)
            goto fail;
    rc = finish(a, w, *id, "propose", cp->reason, NULL, err);
    goto done;
fail:
    store_rollback(a->st);
done:
    json_decref(el);
    json_decref(ent);
    return rc;
}

/* ---------------------------------------------------------------- steps */

static const char *const step_action[] = {
    [CREDIT_NOTICE] = "notice", [CREDIT_DEFENSE] = "defense", [CREDIT_DECIDE] = "decide",
    [CREDIT_REJECT] = "reject", [CREDIT_REPAIR] = "repair",   [CREDIT_REVOKE] = "revoke",
};

/* Dates and facts a step needs beyond the entry's state. */
static int
check_step(struct app *a, const json_t *e, const struct credit_change *c, struct zq_err *err)
{
    struct zq_err pe;
    zq_date d;

    zq_err_clear(&pe);
    {
        /* a step is dated on or after the step it follows */
        const char *prev =
            jstr(e, c->step == CREDIT_REPAIR || c->step == CREDIT_REVOKE ? "decided_on"
                    : c->step == CREDIT_DECIDE                           ? "noticed_on"
                                                                         : "proposed_on");
        if (prev[0] != '\0' && date_parse(str_from(prev), &d, &pe) == 0 && c->on < d)
            return ferr(err, "on", "日期早于上一步骤的日期");
    }
    switch (c->step) {
    case CREDIT_DECIDE: {
        const char *until = jstr(e, "defense_until");
        if (until[0] != '\0' && date_parse(str_from(until), &d, &pe) == 0 && c->on <= d)
            return zq_err_set(err, ZQ_EINVAL, "陈述申辩期至 %s 止，期满后方可作出列入决定", until);
        if (c->by == NULL || c->by[0] == '\0')
            return ferr(err, "by", "须写明作出决定的机关");
        return 0;
    }
    case CREDIT_REPAIR: {
        struct store_val p[2] = { vt(jstr(e, "uscc")) };
        json_t *ent = NULL, *el = NULL;
        int rc;
        if (c->text == NULL || c->text[0] == '\0')
            return ferr(err, "pledge", "信用修复须提交书面信用承诺");
        if (c->corrected == 0 || c->corrected > c->on)
            return ferr(err, "corrected_on", "须写明改正日期（不晚于申请日）");
        if (!credit_repair_due(c->corrected, c->on)) {
            char due[DATE_STR_LEN];
            return zq_err_set(err, ZQ_EINVAL, "改正后满 6 个月（%s）方可申请信用修复",
                              date_format(credit_add_months(c->corrected, 6), due));
        }
        if ((rc = one_row(a, SC_ENT_BY_USCC, p, 1, &ent, err)) < 0)
            return rc;
        if (ent != NULL) {
            rc = credit_eligibility(a, NULL, jstr(e, "uscc"), 0, c->on, &el, err);
            if (rc == 0 && json_array_size(json_object_get(el, "orders")) > 0)
                rc = zq_err_set(err, ZQ_EINVAL,
                                "仍有逾期未履行的支付指令，欠薪未清偿，不能信用修复");
        }
        json_decref(ent);
        json_decref(el);
        return rc;
    }
    default:
        return 0;
    }
}

static int
apply_step(struct app *a, int64_t id, const struct credit_change *c, const struct config *cfg,
           const json_t *e, int64_t *changed, struct zq_err *err)
{
    struct store_val p[5];
    char d1[DATE_STR_LEN], d2[DATE_STR_LEN];
    int64_t now = ts_now(), years;
    const struct calendar *cal;
    struct zq_err ce;
    int rc;

    zq_err_clear(&ce);
    p[0] = vi(id);
    p[1] = vt(date_format(c->on, d1));
    switch (c->step) {
    case CREDIT_NOTICE: {
        int64_t days = 5;
        bool prov;
        if (config_get_int(cfg, "credit.defense_workdays", &days, &ce) < 0 || days < 1)
            days = 5;
        if ((rc = app_calendar(a, &cal, err)) < 0)
            return rc;
        p[2] = vt(date_format(calendar_add_workdays(cal, c->on, (int)days, &prov), d2));
        p[3] = vi(now);
        return store_credit_id(a->st, SC_BL_NOTICE, p, 4, changed, err);
    }
    case CREDIT_DEFENSE:
        p[1] = vt(c->text ? c->text : ""), p[2] = vi(now);
        return store_credit_id(a->st, SC_BL_DEFENSE, p, 3, changed, err);
    case CREDIT_DECIDE:
        years = strcmp(jstr(e, "list"), "重点关注") == 0 ? 1 : 3;
        if (config_get_int(cfg, years == 1 ? "credit.watch_years" : "credit.list_years", &years,
                           &ce) < 0 ||
            years < 1)
            years = strcmp(jstr(e, "list"), "重点关注") == 0 ? 1 : 3;
        p[2] = vt(c->by);
        p[3] = vt(date_format(credit_listing_expires(c->on, (int)years), d2));
        p[4] = vi(now);
        return store_credit_id(a->st, SC_BL_DECIDE, p, 5, changed, err);
    case CREDIT_REJECT:
        p[2] = vt(c->by ? c->by : ""), p[3] = vi(now);
        return store_credit_id(a->st, SC_BL_REJECT, p, 4, changed, err);
    case CREDIT_REPAIR:
        p[1] = vt(date_format(c->corrected, d1)), p[2] = vt(date_format(c->on, d2));
        p[3] = vt(c->text), p[4] = vi(now);
        if ((rc = store_credit_id(a->st, SC_BL_REPAIR, p, 5, changed, err)) < 0 || *changed == 0)
            return rc;
        p[1] = vt(d2), p[2] = vt("信用修复"), p[3] = vi(now);
        return store_credit_id(a->st, SC_BL_REMOVE, p, 4, changed, err);
    case CREDIT_REVOKE:
        p[2] = vt("撤销"), p[3] = vi(now);
        return store_credit_id(a->st, SC_BL_REMOVE, p, 4, changed, err);
    }
    return zq_err_set(err, ZQ_EINTERNAL, "未知的名单操作");
}

int
credit_step(struct app *a, const struct credit_who *w, int64_t id, const struct credit_change *c,
            struct zq_err *err)
{
    struct store_val p[3] = { vt(w->lo), vt(w->hi), vi(id) };
    json_t *e = NULL;
    char *before = NULL;
    int64_t changed = 0;
    int rc;

    if ((unsigned)c->step > CREDIT_REVOKE || c->on == 0)
        return ferr(err, "on", "须写明日期");
    if ((rc = one_row(a, SC_BL_GET, p, 3, &e, err)) < 0)
        return rc;
    if (e == NULL)
        return zq_err_set(err, ZQ_ENOTFOUND, "名单记录 %lld 不存在", (long long)id);
    if ((rc = check_step(a, e, c, err)) < 0)
        goto out;
    before = json_dumps(e, JSON_COMPACT | JSON_SORT_KEYS);
    if ((rc = store_begin(a->st, err)) < 0)
        goto out;
    if ((rc = apply_step(a, id, c, a->cfg, e, &changed, err)) < 0 || changed == 0) {
        store_rollback(a->st);
        if (rc == 0)
            rc = zq_err_set(err, ZQ_ECONFLICT, "名单记录当前状态为“%s”，不能执行此操作",
                            jstr(e, "status"));
        goto out;
    }
    rc = finish(a, w, id, step_action[c->step], c->text, before, err);
    before = NULL;
out:
    free(before);
    json_decref(e);
    return rc;
}

struct expire_ctx {
    int64_t ids[256];
    int n;
};

static int
expired_row(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct expire_ctx *x = ctx;

    (void)cols;
    if (n > 0 && x->n < 256)
        x->ids[x->n++] = v[0].i;
    return 0;
}

int
credit_expire(struct app *a, const struct credit_who *w, zq_date today, int64_t *n,
              struct zq_err *err)
{
    char day[DATE_STR_LEN], idbuf[24];
    struct store_val p[2] = { vt(date_format(today, day)), vi(ts_now()) };
    struct expire_ctx *x = zq_calloc(1, sizeof *x);
    int rc;

    *n = 0;
    if ((rc = store_begin(a->st, err)) < 0)
        goto out;
    if ((rc = store_credit_run(a->st, SC_BL_EXPIRE, p, 2, expired_row, x, NULL, err)) < 0)
        goto fail;
    for (int i = 0; i < x->n; i++)
        if ((rc = event(a, w, x->ids[i], "expire", "列入期限届满，自动移出", err)) < 0)
            goto fail;
    for (int i = 0; i < x->n; i++) {
        snprintf(idbuf, sizeof idbuf, "%lld", (long long)x->ids[i]);
        if ((rc = audit_append(a, w->actor, "expire", "blacklist", idbuf, NULL,
                               "{\"status\":\"已移出\",\"removal_kind\":\"届满\"}", err)) < 0)
            goto fail;
    }
    if ((rc = store_commit(a->st, err)) < 0)
        goto out;
    *n = x->n;
    goto out;
fail:
    store_rollback(a->st);
out:
    zq_free(x);
    return rc;
}

/* ---------------------------------------------------------------- reading */

/* "%q%" for LIKE ... ESCAPE '\\': the user's % and _ stay literal. */
static void
like_pattern(const char *q, char *out, size_t cap)
{
    size_t n = 0;

    if (cap < 3)
        return;
    out[n++] = '%';
    while (*q != '\0') {
        unsigned char c = (unsigned char)*q;
        size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;

        /* whole characters only: a cut one would not be valid UTF-8 */
        if (n + len + 3 > cap || strnlen(q, len) < len)
            break;
        if (c == '%' || c == '_' || c == '\\')
            out[n++] = '\\';
        memcpy(out + n, q, len);
        n += len, q += len;
    }
    out[n++] = '%';
    out[n] = '\0';
}

int
credit_list(struct app *a, const struct credit_who *w, const struct credit_filter *f, json_t **out,
            struct zq_err *err)
{
    char like[300] = "";
    int limit = f->limit > 0 && f->limit <= 500 ? f->limit : 100;
    struct store_val p[7] = { vt(w->lo),
                              vt(w->hi),
                              vt(f->status ? f->status : ""),
                              vt(f->list ? f->list : ""),
                              vt(""),
                              vi(f->after_id),
                              vi(limit + 1) };
    json_t *arr = json_array(), *res;
    char cur[24];
    int rc;

    if (f->q != NULL && f->q[0] != '\0') {
        /* a USCC matches exactly; anything else as part of the name */
        if (strlen(f->q) == 18 && strspn(f->q, "0123456789ABCDEFGHJKLMNPQRTUWXY") == 18)
            snprintf(like, sizeof like, "%s", f->q);
        else
            like_pattern(f->q, like, sizeof like);
        p[4] = vt(like);
    }
    if ((rc = credit_rows(a, SC_BL_LIST, p, 7, arr, err)) < 0) {
        json_decref(arr);
        return rc;
    }
    res = json_object();
    if ((int)json_array_size(arr) > limit) {
        json_array_remove(arr, (size_t)limit);
        snprintf(cur, sizeof cur, "%lld",
                 (long long)jint(json_array_get(arr, (size_t)limit - 1), "id"));
        json_object_set_new(res, "next_cursor", json_string(cur));
    } else {
        json_object_set_new(res, "next_cursor", json_null());
    }
    json_object_set_new(res, "items", arr);
    *out = res;
    return 0;
}

int
credit_get(struct app *a, const struct credit_who *w, int64_t id, json_t **out, struct zq_err *err)
{
    struct store_val p[3] = { vt(w->lo), vt(w->hi), vi(id) };
    json_t *e = NULL, *persons = json_array(), *events = json_array();
    int rc;

    *out = NULL;
    if ((rc = one_row(a, SC_BL_GET, p, 3, &e, err)) < 0)
        goto out;
    if (e == NULL) {
        rc = zq_err_set(err, ZQ_ENOTFOUND, "名单记录 %lld 不存在", (long long)id);
        goto out;
    }
    p[0] = vi(id);
    if ((rc = credit_rows(a, SC_BL_PERSONS, p, 1, persons, err)) < 0 ||
        (rc = credit_rows(a, SC_BL_EVENTS, p, 1, events, err)) < 0)
        goto out;
    json_object_set(e, "persons", persons);
    json_object_set(e, "events", events);
    *out = e;
    e = NULL;
out:
    json_decref(e);
    json_decref(persons);
    json_decref(events);
    return rc;
}

/* Characters of UTF-8 text. */
static size_t
chars(const char *s)
{
    size_t n = 0;

    for (; *s != '\0'; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

bool
credit_public_query_ok(const char *q)
{
    return q != NULL && chars(q) >= 2 && strlen(q) <= 100 && strpbrk(q, "%_\\") == NULL;
}

struct pub_ctx {
    struct app *a;
    const struct region_table *rt;
    json_t *arr;
    struct zq_err *err;
};

static int
pub_row(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct pub_ctx *x = ctx;
    json_t *e = query_row_json(x->rt, cols, v, n), *persons = json_array();
    struct store_val p[1] = { vi(v[0].i) };
    int rc = credit_rows(x->a, SC_BL_PUB_PERS, p, 1, persons, x->err);

    json_object_set_new(e, "persons", persons);
    json_array_append_new(x->arr, e);
    return rc;
}

int
credit_public(struct app *a, const char *q, zq_date today, json_t **out, struct zq_err *err)
{
    char like[300], day[DATE_STR_LEN];
    struct store_val p[3];
    struct pub_ctx x = { a, NULL, json_array(), err };
    json_t *res;
    int rc;

    *out = NULL;
    if (!credit_public_query_ok(q)) {
        json_decref(x.arr);
        return ferr(err, "q", "请输入单位名称（至少 2 个字）或统一社会信用代码");
    }
    snprintf(like, sizeof like, "%%%s%%", q);
    p[0] = vt(q), p[1] = vt(like), p[2] = vt(date_format(today, day));
    if ((rc = app_regions(a, &x.rt, err)) < 0 ||
        (rc = store_credit_run(a->st, SC_BL_PUBLIC, p, 3, pub_row, &x, NULL, err)) < 0) {
        json_decref(x.arr);
        return rc;
    }
    res = json_object();
    json_object_set_new(res, "items", x.arr);
    *out = res;
    return 0;
}
