/*
 * demo_cases.c - the demo county's cases (`zhiqian demo`): one case at each
 * stage of handling, made through the same service calls as the API, on
 * the first public (政府投资 or 国有企业投资) project of the county that
 * has a subcontractor and registered workers.
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "store/store_case.h"
#include "svc/cases.h"

struct demo_ctx {
    struct app *a;
    struct case_who w;
    char code[64], sub[20];
    int64_t workers[4];
    int nworkers;
    zq_date today;
};

static const char *
day(zq_date d, char buf[DATE_STR_LEN])
{
    return date_format(d, buf);
}

/* Open a case on the project for workers [from, from + n) owing `owed`
 * yuan each; no[48] gets its number. */
static int
open_one(struct demo_ctx *c, int from, int n, const char *owed, zq_date filed, char no[48],
         struct zq_err *err)
{
    char d[DATE_STR_LEN];
    json_t *req, *out = NULL, *ws = json_array();
    int rc;

    for (int i = from; i < from + n && i < c->nworkers; i++)
        json_array_append_new(
            ws, json_pack("{s:I, s:s}", "worker_id", (json_int_t)c->workers[i], "owed", owed));
    req = json_pack("{s:s, s:s, s:s, s:s, s:o, s:[s,s], s:s, s:s}", "origin", "检查",
                    "project_code", c->code, "debtor_uscc", c->sub, "filed_on", day(filed, d),
                    "workers", ws, "handlers", "inspector", "leader", "leader", "leader", "plan",
                    "约谈施工总承包单位和劳务分包单位，限期 5 个工作日内清偿；逾期由总包先行清偿，"
                    "仍不足的启用应急周转金垫付并向用人单位追偿");
    rc = case_create(c->a, &c->w, req, &out, err);
    if (rc == 0)
        snprintf(no, 48, "%s", json_string_value(json_object_get(out, "case_no")));
    json_decref(req);
    json_decref(out);
    return rc;
}

static int
step(struct demo_ctx *c, const char *no, json_t *req, struct zq_err *err)
{
    json_t *out = NULL;
    int rc = case_act(c->a, &c->w, no, req, &out, err);

    json_decref(req);
    json_decref(out);
    return rc;
}

static json_t *
line(const struct demo_ctx *c, int i, const char *amount)
{
    return json_pack("[{s:I, s:s}]", "worker_id", (json_int_t)c->workers[i], "amount", amount);
}

int
case_demo(struct app *a, const char *region, zq_date today, const char *actor, char *note,
          size_t cap, struct zq_err *err)
{
    struct demo_ctx c = { .a = a, .w = { NULL, actor, 0 }, .today = today };
    char no[4][48], d1[DATE_STR_LEN], d2[DATE_STR_LEN];
    json_t *top, *fund = NULL;
    int rc;

    note[0] = '\0';
    if ((rc = store_case_demo_pick(a->st, region, c.code, c.sub, c.workers, &c.nworkers, err)) < 0)
        return rc;
    if (c.code[0] == '\0' || c.nworkers < 4)
        return 0;
    /* 1: just opened; 2: a 限期整改指令书 past its deadline */
    if ((rc = open_one(&c, 0, 1, "8600.00", today - 3, no[0], err)) < 0 ||
        (rc = open_one(&c, 1, 1, "12400.00", today - 40, no[1], err)) < 0 ||
        (rc = step(&c, no[1],
                   json_pack("{s:s, s:s, s:s, s:s}", "action", "document", "kind", "限期整改指令书",
                             "issued_on", day(today - 35, d1), "deadline_on", day(today - 28, d2)),
                   err)) < 0)
        return rc;
    /* 3: partly settled by the general contractor, then closed after an
     * emergency-fund advance */
    top = json_pack("{s:s, s:s}", "amount", "200000.00", "note", "市财政拨付应急周转金");
    rc = fund_topup(a, &c.w, region, top, &fund, err);
    json_decref(top);
    json_decref(fund);
    if (rc < 0 || (rc = open_one(&c, 2, 1, "15000.00", today - 20, no[2], err)) < 0 ||
        (rc = step(&c, no[2],
                   json_pack("{s:s, s:s, s:s, s:o}", "action", "settle", "payer_role",
                             "总包先行清偿", "paid_on", day(today - 10, d1), "lines",
                             line(&c, 2, "9000.00")),
                   err)) < 0 ||
        (rc = step(&c, no[2],
                   json_pack("{s:s, s:s, s:o}", "action", "advance", "advanced_on",
                             day(today - 5, d1), "lines", line(&c, 2, "6000.00")),
                   err)) < 0 ||
        (rc = step(&c, no[2],
                   json_pack("{s:s, s:s, s:s}", "action", "close", "closed_on", day(today - 5, d1),
                             "result",
                             "总包先行清偿 9000 元，应急周转金垫付 6000 元，已向用人单位追偿"),
                   err)) < 0)
        return rc;
    /* 4: an order ignored, above the criminal threshold: police, closed so */
    if ((rc = open_one(&c, 3, 1, "36000.00", today - 50, no[3], err)) < 0 ||
        (rc = step(&c, no[3],
                   json_pack("{s:s, s:s, s:s, s:s}", "action", "document", "kind", "责令支付通知",
                             "issued_on", day(today - 45, d1), "deadline_on", day(today - 38, d2)),
                   err)) < 0 ||
        (rc = step(&c, no[3],
                   json_pack("{s:s, s:s}", "action", "police", "on", day(today - 30, d1)), err)) <
            0 ||
        (rc = step(&c, no[3],
                   json_pack("{s:s, s:s, s:s, s:s}", "action", "close", "kind", "移送公安",
                             "closed_on", day(today - 20, d1), "result", "公安机关已立案侦查"),
                   err)) < 0)
        return rc;
    snprintf(note, cap,
             "案件 4 件（项目 %s）：%s 新立案，%s 整改逾期，%s 已结案（总包清偿+周转金垫付），%s "
             "移送公安\n",
             c.code, no[0], no[1], no[2], no[3]);
    return 0;
}
