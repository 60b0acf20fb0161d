/*
 * fund.c - the per-region emergency fund (应急周转金, 条例 63): top-ups,
 * advances that pay listed workers of a case (each a settlement on the
 * case, the whole a receivable against the debtor), recoveries, and the
 * fund views.
 *
 * The balance never goes below zero: an advance takes its amount with one
 * conditional UPDATE (store_fund_take), so two advances racing for the
 * last yuan cannot both succeed, and the schema's CHECK (balance_fen >= 0)
 * stands behind it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/money.h"
#include "core/str.h"
#include "svc/audit.h"
#include "svc/cases_int.h"
#include "svc/query.h"

#define V_INT(x)  ((struct store_val){ .t = STORE_INT, .i = (x) })
#define V_TXT(s)  ((struct store_val){ .t = STORE_TEXT, .p = (s), .n = strlen(s) })
#define V_NULL    ((struct store_val){ .t = STORE_NULL })
#define V_INTN(x) ((x) != 0 ? V_INT(x) : V_NULL)

/* The fund serving a region: its own, else the nearest above it with one
 * (a town's county, a county's city, a city's province). */
static int
fund_for(struct app *a, const char *region, int64_t *id, int64_t *balance, char found[10],
         struct zq_err *err)
{
    char code[10];
    int rc;

    snprintf(code, sizeof code, "%s", region);
    *id = 0;
    for (int step = 0; step < 4 && *id == 0; step++) {
        if ((rc = store_fund_get(a->st, code, id, balance, err)) < 0)
            return rc;
        if (*id != 0)
            break;
        if (strlen(code) == 9)
            code[6] = '\0';
        else if (strcmp(code + 4, "00") != 0)
            memcpy(code + 4, "00", 2);
        else if (strcmp(code + 2, "0000") != 0)
            memcpy(code + 2, "0000", 4);
        else
            break;
    }
    snprintf(found, 10, "%s", code);
    return 0;
}

int
case_advance(struct app *a, const struct case_who *w, const struct sc_case *c, const json_t *req,
             json_t **detail, struct zq_err *err)
{
    struct case_line *lines = NULL;
    struct case_owed o = { 0 };
    char d[DATE_STR_LEN], m1[MONEY_STR_LEN], m2[MONEY_STR_LEN], region[10];
    const char *note = NULL;
    int64_t total = 0, fund = 0, balance = 0, adv = 0;
    size_t n = 0;
    zq_date on;
    bool ok = false;
    int rc;

    if (c->workers == 0)
        return zq_err_set(err, ZQ_ECONFLICT, "案件%s尚未列明劳动者及欠薪金额，不能垫付",
                          c->case_no);
    if ((rc = cj_date(req, "advanced_on", date_today(), &on, err)) < 0 ||
        (rc = cj_text(req, "note", false, 2000, &note, err)) < 0 ||
        (rc = case_owed_load(a, c->id, &o, err)) < 0 ||
        (rc = case_lines(a, req, &o, &lines, &n, &total, err)) < 0)
        goto out;
    if ((rc = fund_for(a, c->region, &fund, &balance, region, err)) < 0)
        goto out;
    if (fund == 0) {
        rc = zq_err_set(err, ZQ_ECONFLICT, "案件所在地区及其上级都没有设立应急周转金");
        goto out;
    }
    if ((rc = store_fund_take(a->st, fund, total, ts_now(), &ok, &balance, err)) < 0)
        goto out;
    if (!ok) {
        rc = zq_err_set(err, ZQ_ECONFLICT, "应急周转金（%s）余额 %s 元，不足以垫付 %s 元", region,
                        money_format(balance, m1), money_format(total, m2));
        goto out;
    }
    date_format(on, d);
    struct store_val pa[6] = { V_INT(fund),  V_INT(c->id), V_INTN(c->debtor_id),
                               V_INT(total), V_TXT(d),     V_INT(ts_now()) };
    if ((rc = store_case_write(a->st, SCW_ADVANCE, pa, 6, &adv, NULL, err)) < 0)
        goto out;
    struct store_val pm[8] = {
        V_INT(fund), V_TXT("垫付"),     V_INT(-total),   V_TXT(d),
        V_INT(adv),  V_TXT(c->case_no), V_INT(ts_now()), V_INTN(w->user_id)
    };
    if ((rc = store_case_write(a->st, SCW_MOVEMENT, pm, 8, NULL, NULL, err)) < 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        struct store_val p[12] = { V_INT(c->id),
                                   V_TXT(c->province),
                                   V_TXT("应急周转金"),
                                   V_NULL,
                                   V_INT(lines[i].worker_id),
                                   V_INT(lines[i].amount),
                                   V_TXT(d),
                                   V_INT(adv),
                                   V_NULL,
                                   V_TXT(note ? note : ""),
                                   V_INT(ts_now()),
                                   V_INTN(w->user_id) };
        if ((rc = store_case_write(a->st, SCW_SETTLE, p, 12, NULL, NULL, err)) < 0)
            goto out;
    }
    *detail = json_pack("{s:I, s:s, s:s, s:s, s:s}", "advance_id", (json_int_t)adv,
                        "fund_region_code", region, "amount", money_format(total, m1),
                        "balance_after", money_format(balance, m2), "advanced_on", d);
out:
    zq_free(lines);
    case_owed_free(&o);
    return rc;
}

/* ---------------------------------------------------------------- fund writes */

static int
in_scope(const struct case_who *w, const char *region, struct zq_err *err)
{
    struct store_scope sc;

    case_scope(w, &sc);
    if ((strlen(region) != 6 && strlen(region) != 9) ||
        strspn(region, "0123456789") != strlen(region) || strcmp(region, sc.region_lo) < 0 ||
        strcmp(region, sc.region_hi) > 0 || sc.enterprise_id != 0 || sc.industry[0])
        return zq_err_set(err, ZQ_ENOTFOUND, "地区 %s 的应急周转金不存在或不在您的管辖范围内",
                          region);
    return 0;
}

static int
fund_audit(struct app *a, const struct case_who *w, const char *action, const char *region,
           json_t *after, struct zq_err *err)
{
    char *t = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
    int rc = audit_append(a, w->actor, action, "fund", region, NULL, t, err);

    free(t);
    return rc;
}

static int
topup_in_tx(struct app *a, const struct case_who *w, const char *region, const json_t *req,
            struct zq_err *err)
{
    char d[DATE_STR_LEN], province[8], m[MONEY_STR_LEN];
    const char *note = NULL;
    int64_t amount = 0, fund = 0;
    json_t *after;
    zq_date on;
    int rc;

    if ((rc = cj_money(req, "amount", true, &amount, err)) < 0 ||
        (rc = cj_date(req, "on", date_today(), &on, err)) < 0 ||
        (rc = cj_text(req, "note", false, 2000, &note, err)) < 0)
        return rc;
    if (amount <= 0)
        return cj_bad(err, "amount", "注资金额应大于零");
    snprintf(province, sizeof province, "%.2s0000", region);
    date_format(on, d);
    struct store_val pe[3] = { V_TXT(region), V_TXT(province), V_INT(ts_now()) };
    if ((rc = store_case_write(a->st, SCW_FUND_ENSURE, pe, 3, &fund, NULL, err)) < 0)
        return rc;
    struct store_val pa[3] = { V_INT(fund), V_INT(amount), V_INT(ts_now()) };
    struct store_val pm[8] = { V_INT(fund),     V_TXT("注资"),
                               V_INT(amount),   V_TXT(d),
                               V_NULL,          V_TXT(note ? note : ""),
                               V_INT(ts_now()), V_INTN(w->user_id) };
    if ((rc = store_case_write(a->st, SCW_FUND_ADD, pa, 3, NULL, NULL, err)) < 0 ||
        (rc = store_case_write(a->st, SCW_MOVEMENT, pm, 8, NULL, NULL, err)) < 0)
        return rc;
    after =
        json_pack("{s:s, s:s, s:s}", "kind", "注资", "amount", money_format(amount, m), "on", d);
    rc = fund_audit(a, w, "fund.topup", region, after, err);
    json_decref(after);
    return rc;
}

static int
recover_in_tx(struct app *a, const struct case_who *w, const char *region, const json_t *req,
              struct zq_err *err)
{
    char d[DATE_STR_LEN], m[MONEY_STR_LEN], m2[MONEY_STR_LEN];
    const char *note = NULL;
    int64_t id = 0, amount = 0, changes = 0;
    struct sc_advance adv;
    json_t *after;
    zq_date on;
    int rc;

    if ((rc = cj_int(req, "advance_id", &id, err)) < 0 ||
        (rc = cj_money(req, "amount", true, &amount, err)) < 0 ||
        (rc = cj_date(req, "on", date_today(), &on, err)) < 0 ||
        (rc = cj_text(req, "note", false, 2000, &note, err)) < 0)
        return rc;
    if (id <= 0)
        return cj_bad(err, "advance_id", "请指定追回的垫付编号 advance_id");
    if (amount <= 0)
        return cj_bad(err, "amount", "追回金额应大于零");
    if ((rc = store_fund_advance(a->st, id, &adv, err)) < 0)
        return rc;
    if (adv.id == 0 || strcmp(adv.region, region) != 0)
        return zq_err_set(err, ZQ_ENOTFOUND, "地区 %s 的应急周转金没有编号为 %lld 的垫付", region,
                          (long long)id);
    date_format(on, d);
    struct store_val pr[2] = { V_INT(id), V_INT(amount) };
    if ((rc = store_case_write(a->st, SCW_RECOVER, pr, 2, NULL, &changes, err)) < 0)
        return rc;
    if (changes != 1)
        return zq_err_set(err, ZQ_ECONFLICT, "追回金额超过该笔垫付尚未追回的 %s 元",
                          money_format(adv.amount - adv.recovered, m2));
    struct store_val pa[3] = { V_INT(adv.fund_id), V_INT(amount), V_INT(ts_now()) };
    struct store_val pm[8] = { V_INT(adv.fund_id), V_TXT("追回"),
                               V_INT(amount),      V_TXT(d),
                               V_INT(id),          V_TXT(note ? note : adv.case_no),
                               V_INT(ts_now()),    V_INTN(w->user_id) };
    if ((rc = store_case_write(a->st, SCW_FUND_ADD, pa, 3, NULL, NULL, err)) < 0 ||
        (rc = store_case_write(a->st, SCW_MOVEMENT, pm, 8, NULL, NULL, err)) < 0)
        return rc;
    after = json_pack("{s:s, s:I, s:s, s:s, s:s}", "kind", "追回", "advance_id", (json_int_t)id,
                      "case_no", adv.case_no, "amount", money_format(amount, m), "on", d);
    rc = fund_audit(a, w, "fund.recover", region, after, err);
    json_decref(after);
    return rc;
}

typedef int (*fund_tx_fn)(struct app *a, const struct case_who *w, const char *region,
                          const json_t *req, struct zq_err *err);

static int
fund_tx(struct app *a, const struct case_who *w, const char *region, const json_t *req,
        fund_tx_fn fn, json_t **out, struct zq_err *err)
{
    int rc;

    *out = NULL;
    if ((rc = in_scope(w, region, err)) < 0)
        return rc;
    if (!json_is_object(req))
        return cj_bad(err, NULL, "请求体应为 JSON 对象");
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = fn(a, w, region, req, err)) < 0) {
        store_rollback(a->st);
        return rc;
    }
    if ((rc = store_commit(a->st, err)) < 0)
        return rc;
    return fund_get(a, w->p, region, out, err);
}

int
fund_topup(struct app *a, const struct case_who *w, const char *region, const json_t *req,
           json_t **out, struct zq_err *err)
{
    return fund_tx(a, w, region, req, topup_in_tx, out, err);
}

int
fund_recover(struct app *a, const struct case_who *w, const char *region, const json_t *req,
             json_t **out, struct zq_err *err)
{
    return fund_tx(a, w, region, req, recover_in_tx, out, err);
}

/* ---------------------------------------------------------------- fund reads */

struct rows {
    const struct region_table *rt;
    json_t *arr;
    int64_t first_id;
};

static int
rows_add(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct rows *r = ctx;

    if (r->first_id == 0 && n > 0 && v[0].t == STORE_INT)
        r->first_id = v[0].i;
    json_array_append_new(r->arr, query_row_json(r->rt, cols, v, n));
    return 0;
}

static const struct region_table *
regions_of(struct app *a)
{
    const struct region_table *rt = NULL;

    return app_regions(a, &rt, NULL) < 0 ? NULL : rt;
}

int
fund_list(struct app *a, const struct principal *p, json_t **out, struct zq_err *err)
{
    struct rows r = { regions_of(a), json_array(), 0 };
    struct store_scope sc;
    int rc;

    case_scope_p(p, &sc);
    if (sc.enterprise_id != 0 || sc.industry[0]) {
        *out = json_pack("{s:o, s:n}", "items", r.arr, "next_cursor");
        return 0;
    }
    if ((rc = store_fund_list(a->st, sc.region_lo, sc.region_hi, rows_add, &r, err)) < 0) {
        json_decref(r.arr);
        return rc;
    }
    *out = json_pack("{s:o, s:n}", "items", r.arr, "next_cursor");
    return 0;
}

int
fund_get(struct app *a, const struct principal *p, const char *region, json_t **out,
         struct zq_err *err)
{
    struct case_who w = { p, "", 0 };
    struct rows r = { regions_of(a), json_array(), 0 };
    struct rows mv = { r.rt, json_array(), 0 }, ad = { r.rt, json_array(), 0 };
    json_t *o = NULL;
    int rc;

    *out = NULL;
    if ((rc = in_scope(&w, region, err)) < 0 ||
        (rc = store_fund_list(a->st, region, region, rows_add, &r, err)) < 0)
        goto out;
    if (json_array_size(r.arr) == 0) {
        rc = zq_err_set(err, ZQ_ENOTFOUND, "地区 %s 尚未设立应急周转金", region);
        goto out;
    }
    if ((rc = store_fund_movements(a->st, r.first_id, rows_add, &mv, err)) < 0 ||
        (rc = store_fund_advances(a->st, r.first_id, rows_add, &ad, err)) < 0)
        goto out;
    o = json_deep_copy(json_array_get(r.arr, 0));
    json_object_set(o, "movements", mv.arr);
    json_object_set(o, "advances", ad.arr);
    *out = o;
out:
    json_decref(r.arr);
    json_decref(mv.arr);
    json_decref(ad.arr);
    return rc;
}
