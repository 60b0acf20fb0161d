/*
 * ledger.c - 包保 follow-ups and 回头看 re-checks over the risk ledger.
 */
#include "svc/ledger.h"

#include <stdio.h>
#include <string.h>

#include "svc/audit.h"

/* The same day n months later (the 31st becomes the month's last day). */
static zq_date
months_after(zq_date d, int n)
{
    int y, m, day;
    zq_month mm;

    date_to_ymd(d, &y, &m, &day);
    mm = y * 12 + (m - 1) + n;
    y = month_year(mm);
    m = month_num(mm);
    if (day > date_days_in_month(y, m))
        day = date_days_in_month(y, m);
    return date_from_ymd(y, m, day);
}

int
ledger_followup(struct app *a, const char *actor, const char *subject_type,
                const char *subject_code, const char *officer, const char *plan,
                const char *deadline, int64_t *id, struct zq_err *err)
{
    char klass[8], after[256], idtxt[24];
    int64_t officer_id = 0;
    zq_date d;
    int rc;

    if (strcmp(subject_type, "project") != 0 && strcmp(subject_type, "enterprise") != 0)
        return zq_err_set(err, ZQ_EINVAL, "对象类型应为 project 或 enterprise");
    if (plan == NULL || plan[0] == '\0')
        return zq_err_set(err, ZQ_EINVAL, "请填写处置方案（--plan）");
    if (deadline == NULL || date_parse(str_from(deadline), &d, err) < 0)
        return zq_err_set(err, ZQ_EINVAL, "请给出处置期限（--deadline YYYY-MM-DD）");
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = store_ledger_class(a->st, subject_type, subject_code, klass, err)) < 0)
        goto fail;
    if (klass[0] == '\0') {
        rc = zq_err_set(err, ZQ_ENOTFOUND, "风险台账中没有 %s %s（先运行 zhiqian scan）",
                        subject_type, subject_code);
        goto fail;
    }
    if (strcmp(klass, "高") != 0) {
        rc = zq_err_set(err, ZQ_ECONFLICT, "%s %s 为%s风险，包保只用于高风险对象", subject_type,
                        subject_code, klass);
        goto fail;
    }
    if ((rc = store_warn_user_id(a->st, officer ? officer : "", &officer_id, err)) < 0)
        goto fail;
    if (officer_id == 0) {
        rc = zq_err_set(err, ZQ_EINVAL, "没有用户名为“%s”的用户", officer ? officer : "");
        goto fail;
    }
    if ((rc = store_followup_add(a->st, subject_type, subject_code, officer_id, plan, deadline,
                                 ts_now(), id, err)) < 0)
        goto fail;
    snprintf(idtxt, sizeof idtxt, "%lld", (long long)*id);
    snprintf(after, sizeof after,
             "{\"subject_type\":\"%s\",\"officer_id\":%lld,\"deadline\":\"%s\"}", subject_type,
             (long long)officer_id, deadline);
    if ((rc = audit_append(a, actor, "create", "followup", idtxt, NULL, after, err)) < 0)
        goto fail;
    return store_commit(a->st, err);
fail:
    store_rollback(a->st);
    return rc;
}

int
ledger_feedback(struct app *a, const char *actor, int64_t id, const char *text, bool done,
                struct zq_err *err)
{
    char idtxt[24];
    int rc;

    if (text == NULL || text[0] == '\0')
        return zq_err_set(err, ZQ_EINVAL, "请填写处置反馈（--text）");
    snprintf(idtxt, sizeof idtxt, "%lld", (long long)id);
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = store_followup_feedback(a->st, id, text, done, ts_now(), err)) < 0 ||
        (rc = audit_append(a, actor, "feedback", "followup", idtxt, NULL,
                           done ? "{\"status\":\"已完成\"}" : "{\"status\":\"进行中\"}", err)) <
            0) {
        store_rollback(a->st);
        return rc;
    }
    return store_commit(a->st, err);
}

struct sched {
    struct store *st;
    struct zq_err *err;
};

static int
schedule_case(void *ctx, int64_t case_id, int64_t enterprise_id, const char *province,
              const char *filed_on, const char *closed_on)
{
    struct sched *s = ctx;
    zq_date filed = 0, base = 0, end;
    char d[DATE_STR_LEN];
    int rc;

    if (date_parse(str_from(filed_on), &filed, NULL) < 0)
        return 0;
    base = filed;
    if (closed_on[0] && date_parse(str_from(closed_on), &base, NULL) < 0)
        base = filed;
    end = months_after(filed, LEDGER_RECHECK_WINDOW);
    for (int k = 1;; k++) {
        zq_date due = months_after(base, k * LEDGER_RECHECK_MONTHS);
        if (due > end)
            break;
        if ((rc = store_recheck_add(s->st, case_id, enterprise_id, province, date_format(due, d),
                                    s->err)) < 0)
            return rc;
    }
    return 0;
}

int
ledger_rechecks(struct app *a, zq_date today, const char *region, sr_row_fn fn, void *ctx,
                struct zq_err *err)
{
    struct sched s = { a->st, err };
    char since[DATE_STR_LEN];
    int rc;

    date_format(months_after(today, -LEDGER_RECHECK_WINDOW), since);
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = store_recheck_cases(a->st, since, schedule_case, &s, err)) < 0) {
        store_rollback(a->st);
        return rc;
    }
    if ((rc = store_commit(a->st, err)) < 0)
        return rc;
    return store_recheck_each(a->st, since, region, fn, ctx, err);
}

int
ledger_recheck_done(struct app *a, const char *actor, int64_t id, zq_date on, const char *result,
                    struct zq_err *err)
{
    char d[DATE_STR_LEN], idtxt[24], after[64];
    int rc;

    if (result == NULL || result[0] == '\0')
        return zq_err_set(err, ZQ_EINVAL, "请填写回头看的结果（--result）");
    snprintf(idtxt, sizeof idtxt, "%lld", (long long)id);
    snprintf(after, sizeof after, "{\"done_on\":\"%s\"}", date_format(on, d));
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = store_recheck_done(a->st, id, d, result, 0, err)) < 0 ||
        (rc = audit_append(a, actor, "done", "recheck", idtxt, NULL, after, err)) < 0) {
        store_rollback(a->st);
        return rc;
    }
    return store_commit(a->st, err);
}
