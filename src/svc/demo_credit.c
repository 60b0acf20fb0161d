/*
 * demo_credit.c - see demo_credit.h.  Everything goes through the services
 * (and so the audit log), except the payment order the blacklist needs,
 * which stands in for what a case officer issues, and the zero reports of
 * past days, which are filed with the time of that day.
 */
#include "svc/demo_credit.h"

#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/region.h"
#include "store/store_credit.h"
#include "svc/audit.h"
#include "svc/credit.h"
#include "svc/incident.h"

#define DEMO_REGION "330282" /* 慈溪市, the county gen builds */
#define DEMO_CITY   "330200"

static struct store_val
vt(const char *s)
{
    return (struct store_val){ .t = STORE_TEXT, .p = s, .n = strlen(s) };
}

static struct store_val
vi(int64_t i)
{
    return (struct store_val){ .t = STORE_INT, .i = i };
}

/* An enterprise owing more than the threshold, ordered to pay, proposed,
 * told, heard and listed; *listed false when there was none to list. */
static int
demo_blacklist(struct app *a, const struct credit_who *w, zq_date today, bool *listed,
               struct zq_err *err)
{
    struct store_val p[5] = { vt(DEMO_REGION), vi(3000000) };
    char issued[DATE_STR_LEN], deadline[DATE_STR_LEN], uscc[19], rep[64], doc[64];
    const struct calendar *cal;
    json_t *arr = json_array(), *row;
    int64_t id, case_id;
    bool prov;
    int rc;

    *listed = false;
    if ((rc = credit_rows(a, SC_DEMO_CASE, p, 2, arr, err)) < 0 || json_array_size(arr) == 0) {
        json_decref(arr);
        return rc;
    }
    row = json_array_get(arr, 0);
    case_id = json_integer_value(json_object_get(row, "id"));
    snprintf(uscc, sizeof uscc, "%s", json_string_value(json_object_get(row, "uscc")));
    snprintf(rep, sizeof rep, "%s", json_string_value(json_object_get(row, "legal_rep")));
    snprintf(doc, sizeof doc, "慈人社监令〔%d〕%lld号", 2026, (long long)case_id);
    json_decref(arr);
    p[0] = vi(case_id), p[1] = vt(doc), p[2] = vt(date_format(today - 60, issued));
    p[3] = vt(date_format(today - 45, deadline)), p[4] = vi(ts_now());
    if ((rc = store_credit_id(a->st, SC_DEMO_ORDER, p, 5, &id, err)) < 0 ||
        (rc = app_calendar(a, &cal, err)) < 0)
        return rc;
    {
        struct credit_person person = { rep[0] ? rep : "法定代表人", "法定代表人", NULL };
        struct credit_proposal pr = { uscc,
                                      "失信联合惩戒",
                                      "拖欠农民工工资，经责令限期支付逾期仍未支付，数额达到"
                                      "拒不支付劳动报酬罪数额标准",
                                      0,
                                      &person,
                                      1 };
        zq_date noticed = today - 30;
        zq_date decided = calendar_add_workdays(cal, noticed, 6, &prov);
        struct credit_change steps[] = {
            { .step = CREDIT_NOTICE, .on = noticed },
            { .step = CREDIT_DEFENSE, .on = noticed + 2, .text = "称资金周转困难，未提供证据" },
            { .step = CREDIT_DECIDE, .on = decided, .by = "慈溪市人力资源和社会保障局" },
        };
        if ((rc = credit_propose(a, w, &pr, noticed, &id, err)) < 0)
            return rc;
        for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
            if ((rc = credit_step(a, w, id, &steps[i], err)) < 0)
                return rc;
    }
    *listed = true;
    return 0;
}

static int
demo_incidents(struct app *a, const struct credit_who *w, zq_date today, int *n, struct zq_err *err)
{
    struct store_val p[2] = { vt(DEMO_REGION), vt(DEMO_REGION) };
    int64_t any, id;
    int rc;

    *n = 0;
    if ((rc = store_credit_id(a->st, SC_IN_COUNT, p, 2, &any, err)) < 0 || any > 0)
        return rc;
    {
        /* yesterday 9:30 +08:00, and an hour ago */
        int64_t y = ((int64_t)today - 1) * 86400 + 90 * 60;
        int64_t t = ts_now() - 3600;
        struct incident_in in[] = {
            { y, "慈溪市白沙路街道某在建项目工地门口", DEMO_REGION, NULL, NULL, 35, 126000000,
              "工资", "聚集", false, "35 名农民工聚集讨要 2026 年 9—10 月工资，现场情绪平稳" },
            { t, "微博、抖音", DEMO_REGION, NULL, NULL, 1, 3800000, "工程款", "网络发帖", false,
              "分包负责人发帖称总包拖欠工程款，舆情部门已转交" },
        };
        for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
            if ((rc = incident_report(a, w, &in[i], &id, err)) < 0)
                return rc;
            (*n)++;
            if (i == 0 && (rc = incident_follow(a, w, id, "总包单位已先行垫付，工人已散去",
                                                "已平息", -1, err)) < 0)
                return rc;
        }
    }
    return 0;
}

/* The counties of the city file each of the last 7 days at 17:00, but
 * 余姚市 (330281) missed yesterday. */
static int
demo_zero_reports(struct app *a, zq_date today, int *n, struct zq_err *err)
{
    const struct region_table *rt;
    char d[DATE_STR_LEN];
    int64_t id;
    int rc;

    *n = 0;
    if ((rc = app_regions(a, &rt, err)) < 0 || (rc = store_begin(a->st, err)) < 0)
        return rc;
    for (size_t i = 0; i < region_table_count(rt); i++) {
        const struct region *r = region_table_at(rt, i);
        if (r->level != REGION_COUNTY || strncmp(r->code, "3302", 4) != 0)
            continue;
        for (zq_date day = today - 7; day < today; day++) {
            struct store_val p[7] = { vt(r->code),
                                      vt("330000"),
                                      vt(date_format(day, d)),
                                      vi(day == today - 3 && strcmp(r->code, DEMO_REGION) == 0),
                                      vt(day == today - 3 && strcmp(r->code, DEMO_REGION) == 0
                                             ? "发生 1 起欠薪聚集，已处置"
                                             : ""),
                                      vi((int64_t)day * 86400 + 9 * 3600),
                                      { .t = STORE_NULL } };
            if (day == today - 1 && strcmp(r->code, "330281") == 0)
                continue;
            if ((rc = store_credit_id(a->st, SC_ZR_FILE, p, 7, &id, err)) < 0)
                goto fail;
            (*n)++;
        }
    }
    if ((rc = audit_append(a, "system", "demo", "zero_report", NULL, NULL,
                           "{\"days\":7,\"region\":\"330200\"}", err)) < 0)
        goto fail;
    return store_commit(a->st, err);
fail:
    store_rollback(a->st);
    return rc;
}

static int
demo_supervision(struct app *a, const struct credit_who *w, zq_date today, struct zq_err *err)
{
    json_t *o = NULL;
    int64_t id, fid;
    int rc;

    if ((rc = supervision_list(a, w, 0, today, &o, err)) < 0)
        return rc;
    if (json_array_size(json_object_get(o, "rounds")) > 0) {
        json_decref(o);
        return 0;
    }
    json_decref(o);
    {
        struct round_in r = { DEMO_CITY,
                              "冬季根治欠薪专项行动第一轮督查",
                              "宁波市治欠办第一督查组",
                              "330282,330281",
                              today - 5,
                              0 };
        struct finding_in f = { 0,         DEMO_REGION,
                                NULL,      "部分欠薪案件超过限时办结期限，未见一案一策",
                                "提醒函",  "慈溪市治欠办",
                                today - 4, today + 2 };
        if ((rc = supervision_round(a, w, &r, &id, err)) < 0)
            return rc;
        f.round_id = id;
        return supervision_finding(a, w, &f, &fid, err);
    }
}

int
demo_credit(struct app *a, zq_date today, const char *actor, char *note, size_t cap,
            struct zq_err *err)
{
    struct credit_who w;
    bool listed;
    int ninc, nzr, rc;

    credit_who_all(&w, actor);
    if ((rc = demo_blacklist(a, &w, today, &listed, err)) < 0 ||
        (rc = demo_incidents(a, &w, today, &ninc, err)) < 0 ||
        (rc = demo_zero_reports(a, today, &nzr, err)) < 0 ||
        (rc = demo_supervision(a, &w, today, err)) < 0)
        return rc;
    if (note != NULL)
        snprintf(note, cap, "信用与督办：%s，突发事件 %d 起，零报告 %d 份\n",
                 listed ? "1 家企业列入失信联合惩戒名单" : "失信名单无新增", ninc, nzr);
    return 0;
}
