/*
 * demo_clues.c - clues for the demo county: one complaint left at each
 * state of SPEC §7 (待受理 … 已回访, a reopened one), a duplicate linked to
 * its first complaint, and the county's duty roster, all through the same
 * services as the API (so each step is in the history and the audit log).
 */
#include "svc/demo_clues.h"

#include <stdio.h>
#include <string.h>

#include "svc/clue.h"

struct step {
    const char *action;
    const char *key, *value; /* one field of the action, or NULL */
};

struct demo_clue {
    const char *ext, *complainant, *phone, *respondent, *nature;
    int64_t people, amount_yuan, days_ago;
    struct step steps[6];
};

static const struct demo_clue clues[] = {
    { "DEMO-01",
      "陈国强",
      "13805740101",
      "慈溪市宏达服装厂",
      "工资",
      12,
      186000,
      1,
      { { NULL, NULL, NULL } } },
    { "DEMO-02",
      "林小芳",
      "13805740102",
      "慈溪市美佳餐饮有限公司",
      "工资",
      3,
      21600,
      2,
      { { "accept", NULL, NULL } } },
    { "DEMO-03",
      "周建华",
      "13805740103",
      "宁波某物业服务公司",
      "待核实",
      1,
      4200,
      4,
      { { "reject", "reason", "已通过劳动争议仲裁受理，依法不予受理" } } },
    { "DEMO-04",
      "吴海",
      "13805740104",
      "余姚市某建材公司",
      "工资",
      6,
      54000,
      2,
      { { "transfer", "region_code", "330281" } } },
    { "DEMO-05",
      "郑丽",
      "13805740105",
      "慈溪市华联电器厂",
      "工资",
      8,
      96000,
      5,
      { { "accept", NULL, NULL }, { "verify", "handlers", "inspector" } } },
    { "DEMO-06",
      "王大伟",
      "13805740106",
      "慈溪市远航劳务有限公司",
      "混合",
      15,
      320000,
      8,
      { { "accept", NULL, NULL },
        { "verify", "handlers", "inspector" },
        { "confirm", NULL, NULL } } },
    { "DEMO-07",
      "刘敏",
      "13805740107",
      "慈溪市新星纺织厂",
      "待核实",
      2,
      9000,
      9,
      { { "accept", NULL, NULL },
        { "verify", "handlers", "inspector" },
        { "unfounded", "result", "经核查，工资已于本月发放到卡" } } },
    { "DEMO-08",
      "孙伟",
      "13805740108",
      "慈溪市安居建设有限公司",
      "待核实",
      20,
      850000,
      10,
      { { "accept", NULL, NULL },
        { "verify", "handlers", "inspector" },
        { "project_payment", "result", "系总包与分包之间工程款结算纠纷" } } },
    { "DEMO-09",
      "黄磊",
      "13805740109",
      "慈溪市顺发机械厂",
      "工资",
      4,
      32000,
      12,
      { { "accept", NULL, NULL },
        { "verify", "handlers", "inspector" },
        { "confirm", NULL, NULL },
        { "close", "result", "责令支付后用人单位已足额支付" } } },
    { "DEMO-10",
      "马丽娟",
      "13805740110",
      "慈溪市金辉照明厂",
      "工资",
      5,
      40000,
      14,
      { { "accept", NULL, NULL },
        { "verify", "handlers", "inspector" },
        { "confirm", NULL, NULL },
        { "close", "result", "已足额支付" },
        { "feedback", "satisfaction", "满意" } } },
    { "DEMO-11",
      "胡志明",
      "13805740111",
      "慈溪市长城模具厂",
      "工资",
      3,
      27000,
      15,
      { { "accept", NULL, NULL },
        { "verify", "handlers", "inspector" },
        { "confirm", NULL, NULL },
        { "close", "result", "已支付大部分工资" },
        { "feedback", "satisfaction", "不满意" } } },
    /* a second complaint of DEMO-06's complainant on the same employer */
    { "DEMO-12",
      "王大伟",
      "13805740106",
      "慈溪市远航劳务有限公司",
      "工资",
      15,
      320000,
      3,
      { { NULL, NULL, NULL } } },
};

static int
act(struct app *a, const char *actor, const char *ticket, const struct step *s, struct zq_err *err)
{
    const char *handlers[1] = { s->value };
    struct clue_act_args g = { .action = s->action, .people = -1 };
    char status[24];

    if (s->key != NULL && strcmp(s->key, "reason") == 0)
        g.reason = s->value;
    else if (s->key != NULL && strcmp(s->key, "result") == 0)
        g.result = s->value;
    else if (s->key != NULL && strcmp(s->key, "satisfaction") == 0)
        g.satisfaction = s->value;
    else if (s->key != NULL && strcmp(s->key, "handlers") == 0)
        g.handlers = handlers, g.nhandlers = 1;
    else if (s->key != NULL && strcmp(s->key, "region_code") == 0)
        g.region_code = s->value, g.reason = "用工单位注册地和用工地均在余姚市";
    if (strcmp(s->action, "confirm") == 0)
        g.nature = "工资", g.amount = "20000.00", g.people = 3;
    return clue_act(a, NULL, actor, ticket, &g, status, err);
}

static int
duty(struct app *a, const char *region, zq_date today, const char *actor, struct zq_err *err)
{
    char from[32], to[32], d1[DATE_STR_LEN], d2[DATE_STR_LEN];
    json_t *body, *out = NULL;
    int rc;

    snprintf(from, sizeof from, "%s 00:00", date_format(today, d1));
    snprintf(to, sizeof to, "%s 00:00", date_format(today + 60, d2));
    body = json_pack("{s:s, s:[{s:s, s:s, s:s}]}", "region_code", region, "entries", "username",
                     "inspector", "starts_at", from, "ends_at", to);
    rc = clue_duty_put(a, NULL, actor, body, &out, err);
    json_decref(body);
    json_decref(out);
    return rc;
}

int
demo_clues(struct app *a, const char *region, zq_date today, const char *actor, int *added,
           struct zq_err *err)
{
    int rc;

    *added = 0;
    for (size_t i = 0; i < sizeof clues / sizeof clues[0]; i++) {
        const struct demo_clue *c = &clues[i];
        struct clue_input in = {
            .channel = "来访",
            .external_id = c->ext,
            .complainant = c->complainant,
            .phone = c->phone,
            .respondent = c->respondent,
            .region_code = region,
            .nature = c->nature,
            .people = c->people,
            .amount = c->amount_yuan * 100,
            .description = "反映被拖欠工资，请求督促支付",
            .received_at = (int64_t)(today - c->days_ago) * 86400 + 2 * 3600, /* 10:00 +08:00 */
        };
        struct clue_receipt r;
        if ((rc = clue_receive(a, actor, 0, &in, false, &r, err)) == ZQ_ECONFLICT)
            return 0; /* made by an earlier run */
        if (rc < 0)
            return rc;
        (*added)++;
        for (size_t k = 0; k < sizeof c->steps / sizeof c->steps[0] && c->steps[k].action; k++)
            if ((rc = act(a, actor, r.ticket, &c->steps[k], err)) < 0)
                return rc;
    }
    return duty(a, region, today, actor, err);
}
