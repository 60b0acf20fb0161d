/*
 * rules_project.c - the project set-up rules W01 (no wage account), W02 (no
 * 人工费 in a month), W08 (labour contracts), W18 (notice board, wage clerk),
 * and rules_project(), which runs every project-pass family on one project.
 */
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"

/* "Active project on D" (SPEC §5): status 在建 and started by D. */
static bool
active(const struct rule_env *env, const struct sf_project *p)
{
    return p->status == SF_ACTIVE && p->start != SF_NO_DATE && p->start <= env->as_of;
}

static void
emit(const struct rule_sink *out, const struct rule_hit *h)
{
    out->emit(out->ctx, h);
}

/* W01: 条例第二十六条 — the contractor opens the wage account after signing;
 * we allow w01_days days (default 30). */
static void
w01(const struct rule_env *env, const struct sf_project *p, const struct rule_sink *out)
{
    zq_date ref = p->signed_on != SF_NO_DATE ? p->signed_on : p->start;
    char d1[DATE_STR_LEN], d2[DATE_STR_LEN];
    struct rule_hit h;

    if (!active(env, p) || ref == SF_NO_DATE)
        return;
    if (p->account_on != SF_NO_DATE && p->account_on <= env->as_of)
        return;
    if (env->as_of - ref <= env->cfg->w01_days)
        return;
    rule_hit_init(&h, env, W01, LEVEL_ORANGE, SUBJ_PROJECT, p->code, SF_NO_MONTH);
    rule_hit_project(&h, p);
    rule_msg(&h, "项目于 %s %s，至 %s 已 %d 日（超过 %d 日）仍未开设农民工工资专用账户",
             date_format(ref, d1), p->signed_on != SF_NO_DATE ? "签订施工合同" : "开工",
             date_format(env->as_of, d2), (int)(env->as_of - ref), env->cfg->w01_days);
    rule_evid(&h, "{\"since\":\"%s\",\"days\":%d}", d1, (int)(env->as_of - ref));
    emit(out, &h);
}

static bool
no_inflow(const struct rf_project *r, zq_month m)
{
    const struct rf_month *x = rf_month_find(r, m);

    return x == NULL || x->rg_fen == 0;
}

/* W02: 条例第二十四条、第二十九条 — the builder funds labour costs monthly.
 * Every full month from the start month to the month before D must show a
 * 人工费拨付 receipt; a run of two or more missing months is red. */
static void
w02(const struct rule_env *env, const struct sf_project *p, const struct rf_project *r,
    const struct rule_sink *out)
{
    zq_month first, last = date_month(env->as_of) - 1;
    char mz[16];

    if (!active(env, p))
        return;
    first = date_month(p->start);
    if (env->cfg->w02_lookback > 0 && first < last + 1 - env->cfg->w02_lookback)
        first = last + 1 - (zq_month)env->cfg->w02_lookback;
    for (zq_month m = first; m <= last; m++) {
        struct rule_hit h;
        int run = 1;
        zq_month a = m, b = m;

        if (!no_inflow(r, m))
            continue;
        while (a > first && no_inflow(r, a - 1))
            a--;
        while (b < last && no_inflow(r, b + 1))
            b++;
        run = (int)(b - a) + 1;
        rule_hit_init(&h, env, W02, run >= 2 ? LEVEL_RED : LEVEL_ORANGE, SUBJ_PROJECT, p->code, m);
        rule_hit_project(&h, p);
        rule_msg(&h, "%s工资专户没有收到建设单位拨付的人工费", rule_month_zh(m, mz));
        if (run >= 2)
            rule_msg(&h, "（已连续 %d 个月未拨付）", run);
        rule_evid(&h, "{\"run_months\":%d}", run);
        emit(out, &h);
    }
}

/* W08: 条例第二十八条 — workers sign labour contracts; more than w08_pct of
 * the registered workers without one is a finding. */
static void
w08(const struct rule_env *env, const struct sf_project *p, const struct rf_project *r,
    const struct rule_sink *out)
{
    struct rule_hit h;

    if (r->registered == 0 || p->start == SF_NO_DATE || p->start > env->as_of)
        return;
    if ((int64_t)r->no_contract * 100 <= (int64_t)env->cfg->w08_pct * r->registered)
        return;
    rule_hit_init(&h, env, W08, LEVEL_YELLOW, SUBJ_PROJECT, p->code, SF_NO_MONTH);
    rule_hit_project(&h, p);
    rule_msg(&h, "已登记工人 %d 人中有 %d 人未签订劳动合同（%d%%，超过 %d%%）", r->registered,
             r->no_contract, (int)((int64_t)r->no_contract * 100 / r->registered),
             env->cfg->w08_pct);
    rule_evid(&h, "{\"registered\":%d,\"no_contract\":%d}", r->registered, r->no_contract);
    emit(out, &h);
}

/* W18: 条例第二十八条、第三十四条 — a rights notice board on site and a wage
 * clerk (劳资专管员).  An unknown notice board (not given) is not a finding. */
static void
w18(const struct rule_env *env, const struct sf_project *p, const struct rule_sink *out)
{
    struct rule_hit h;
    bool board = p->notice_board == 0, clerk = !p->has_clerk;

    if (!active(env, p) || (!board && !clerk))
        return;
    rule_hit_init(&h, env, W18, LEVEL_YELLOW, SUBJ_PROJECT, p->code, SF_NO_MONTH);
    rule_hit_project(&h, p);
    rule_msg(&h, "在建项目%s%s%s", board ? "未设置维权信息告示牌" : "", board && clerk ? "，" : "",
             clerk ? "未配备劳资专管员" : "");
    rule_evid(&h, "{\"notice_board\":%s,\"wage_clerk\":%s}", board ? "false" : "true",
              clerk ? "false" : "true");
    emit(out, &h);
}

void
rules_setup(const struct rule_env *env, const struct sf_project *p, const struct rf_project *r,
            const struct rule_sink *out)
{
    w01(env, p, out);
    w02(env, p, r, out);
    w08(env, p, r, out);
    w18(env, p, out);
}

void
rules_project(const struct rule_env *env, const struct sf_chunk *c, const struct sf_project *p,
              const struct rf_project *r, const struct rule_sink *out)
{
    if (p->start == SF_NO_DATE || p->start > env->as_of)
        return; /* not begun on the scan date: nothing to judge yet */
    rules_setup(env, p, r, out);
    rules_wages(env, p, r, out);
    rules_money(env, c, p, r, out);
    rules_blacklist(env, c, p, out);
}
