/*
 * credit_rating.c - the annual 守法诚信 rating of enterprises (SPEC §7):
 * the facts of a year per enterprise are counted by one query, graded here,
 * and stored with their reasons in enterprise_ratings (one row per
 * enterprise and year, replaced when the year is rated again).
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "store/store_credit.h"
#include "svc/audit.h"
#include "svc/credit.h"

#define PAGE 500

static void
reason(char *out, size_t cap, size_t *len, const char *fmt, long long n)
{
    int k;

    if (*len >= cap)
        return;
    if (*len > 0) {
        k = snprintf(out + *len, cap - *len, "；");
        *len += k > 0 ? (size_t)k : 0;
        if (*len >= cap)
            return;
    }
    k = snprintf(out + *len, cap - *len, fmt, n);
    *len += k > 0 ? (size_t)k : 0;
    if (*len >= cap)
        *len = cap - 1;
}

char
credit_grade(const struct credit_facts *f, char *reasons, size_t cap)
{
    size_t len = 0;
    char g = 'A';

    reasons[0] = '\0';
    if (f->ignored_orders > 0)
        reason(reasons, cap, &len, "逾期未履行责令支付指令 %lld 次", (long long)f->ignored_orders);
    if (f->police > 0)
        reason(reasons, cap, &len, "移送公安 %lld 件", (long long)f->police);
    if (f->penalties >= 3)
        reason(reasons, cap, &len, "受行政处罚 %lld 次（≥3）", (long long)f->penalties);
    if (f->mass > 0)
        reason(reasons, cap, &len, "引发群体性或造成严重影响的突发事件 %lld 起",
               (long long)f->mass);
    if (len > 0)
        return 'C';
    if (f->cases > 0)
        reason(reasons, cap, &len, "经核实的欠薪案件 %lld 件", (long long)f->cases), g = 'B';
    if (f->penalties > 0)
        reason(reasons, cap, &len, "受行政处罚 %lld 次", (long long)f->penalties), g = 'B';
    if (f->incidents > 0)
        reason(reasons, cap, &len, "关联突发事件 %lld 起", (long long)f->incidents), g = 'B';
    if (g == 'A')
        snprintf(reasons, cap, "无违法记录");
    return g;
}

struct rate_ctx {
    struct app *a;
    int year;
    int64_t last, n, rows;
    int64_t counts[3];
    struct zq_err *err;
};

static int
rate_row(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct rate_ctx *r = ctx;
    struct credit_facts f = { v[4].i, v[5].i, v[6].i, v[7].i, v[8].i, v[9].i };
    char reasons[512], grade[2] = { 0 };
    struct store_val p[5];
    int64_t id;

    (void)cols;
    (void)n;
    r->last = v[0].i;
    r->rows++;
    grade[0] = credit_grade(&f, reasons, sizeof reasons);
    r->counts[grade[0] - 'A']++;
    p[0] = (struct store_val){ .t = STORE_INT, .i = v[0].i };
    p[1] = (struct store_val){ .t = STORE_INT, .i = r->year };
    p[2] = (struct store_val){ .t = STORE_TEXT, .p = grade, .n = 1 };
    p[3] = (struct store_val){ .t = STORE_TEXT, .p = reasons, .n = strlen(reasons) };
    p[4] = (struct store_val){ .t = STORE_INT, .i = ts_now() };
    r->n++;
    return store_credit_id(r->a->st, SC_RT_UPSERT, p, 5, &id, r->err);
}

static struct store_val
txt(const char *s)
{
    return (struct store_val){ .t = STORE_TEXT, .p = s, .n = strlen(s) };
}

static struct store_val
num(int64_t i)
{
    return (struct store_val){ .t = STORE_INT, .i = i };
}

int
credit_rate(struct app *a, const struct credit_who *w, int year, int64_t *n, struct zq_err *err)
{
    char from[DATE_STR_LEN], to[DATE_STR_LEN], today[DATE_STR_LEN], after[160], key[16];
    struct rate_ctx r = { a, year, 0, 0, 0, { 0 }, err };
    int64_t mass = 10;
    struct zq_err ce;
    int rc;

    *n = 0;
    zq_err_clear(&ce);
    if (year < 2000 || year > 2199) {
        rc = zq_err_set(err, ZQ_EINVAL, "年度应在 2000–2199 之间");
        zq_err_field(err, "year");
        return rc;
    }
    if (config_get_int(a->cfg, "credit.mass_incident_people", &mass, &ce) < 0 || mass < 1)
        mass = 10;
    date_format(date_from_ymd(year, 1, 1), from);
    date_format(date_from_ymd(year, 12, 31), to);
    date_format(date_today(), today);
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    do {
        /* the year's bounds as +08:00 timestamps */
        int64_t t0 = (int64_t)date_from_ymd(year, 1, 1) * 86400 - 8 * 3600;
        int64_t t1 = (int64_t)date_from_ymd(year + 1, 1, 1) * 86400 - 8 * 3600 - 1;
        struct store_val p[10] = { txt(w->lo), txt(w->hi), txt(from),   txt(to),   num(t0),
                                   num(t1),    num(mass),  num(r.last), num(PAGE), txt(today) };
        r.rows = 0;
        if ((rc = store_credit_run(a->st, SC_RT_FACTS, p, 10, rate_row, &r, NULL, err)) < 0)
            break;
    } while (r.rows == PAGE);
    if (rc == 0) {
        snprintf(key, sizeof key, "%d", year);
        snprintf(after, sizeof after,
                 "{\"year\":%d,\"rated\":%lld,\"A\":%lld,\"B\":%lld,\"C\":%lld}", year,
                 (long long)r.n, (long long)r.counts[0], (long long)r.counts[1],
                 (long long)r.counts[2]);
        rc = audit_append(a, w->actor, "rate", "enterprise_ratings", key, NULL, after, err);
    }
    if (rc < 0) {
        store_rollback(a->st);
        return rc;
    }
    if ((rc = store_commit(a->st, err)) < 0)
        return rc;
    *n = r.n;
    return 0;
}

int
credit_ratings(struct app *a, const struct credit_who *w, int year, const char *grade,
               const char *after, int limit, json_t **out, struct zq_err *err)
{
    int lim = limit > 0 && limit <= 1000 ? limit : 100;
    struct store_val p[6] = {
        txt(w->lo),  txt(w->hi), num(year), txt(grade ? grade : ""), txt(after ? after : ""),
        num(lim + 1)
    };
    json_t *arr = json_array(), *res;
    int rc;

    if ((rc = credit_rows(a, SC_RT_LIST, p, 6, arr, err)) < 0) {
        json_decref(arr);
        return rc;
    }
    res = json_object();
    if ((int)json_array_size(arr) > lim) {
        json_array_remove(arr, (size_t)lim);
        json_object_set(res, "next_cursor",
                        json_object_get(json_array_get(arr, (size_t)lim - 1), "uscc"));
    } else {
        json_object_set_new(res, "next_cursor", json_null());
    }
    json_object_set_new(res, "items", arr);
    *out = res;
    return 0;
}
