/*
 * rules_money.c - the deposit and wage-account rules: W09 (deposit short of
 * the requirement of SPEC §6), W10 (guarantee about to expire), W16 (account
 * balance below the wages due and unpaid), W21 (a draw not replenished).
 */
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "rules/deposit.h"
#include "rules/rules.h"

static bool
active(const struct rule_env *env, const struct sf_project *p)
{
    return p->status == SF_ACTIVE && p->start != SF_NO_DATE && p->start <= env->as_of;
}

static void
start(struct rule_hit *h, const struct rule_env *env, enum rule_id id, enum rule_level l,
      const struct sf_project *p)
{
    rule_hit_init(h, env, id, l, SUBJ_PROJECT, p->code, SF_NO_MONTH);
    rule_hit_project(h, p);
}

/* W09: 保证金规定第十一、十二条 — valid deposits (cash less draws plus
 * replenishments, and guarantees until they expire) below the requirement,
 * strictly, in fen. */
static void
w09(const struct rule_env *env, const struct sf_chunk *c, const struct sf_project *p,
    const struct rf_project *r, const struct rule_sink *out)
{
    char a[MONEY_GROUPED_LEN], b[MONEY_GROUPED_LEN], s[MONEY_GROUPED_LEN];
    struct dep_facts f;
    struct dep_result q;
    struct dep_valid v;
    struct rule_hit h;

    if (!active(env, p))
        return;
    dep_facts_of(env, c, p, r, &f);
    dep_required(env->cfg, env->as_of, &f, &q);
    dep_valid_on(c, p, env->as_of, &v);
    if (v.valid_fen >= q.required_fen)
        return;
    start(&h, env, W09, LEVEL_ORANGE, p);
    rule_msg(&h, "应存工资保证金 %s 元，有效保证金 %s 元，差额 %s 元",
             money_format_grouped(q.required_fen, a), money_format_grouped(v.valid_fen, b),
             money_format_grouped(q.required_fen - v.valid_fen, s));
    if (v.drawn_fen > 0)
        rule_msg(&h, "（含动用 %s 元）", money_format_grouped(v.drawn_fen, a));
    if (v.expired_fen > 0)
        rule_msg(&h, "（另有已到期保函 %s 元不计）", money_format_grouped(v.expired_fen, a));
    rule_evid(&h, "{\"required_fen\":%lld,\"valid_fen\":%lld,\"ratio_bp\":%d,\"factor_pct\":%d}",
              (long long)q.required_fen, (long long)v.valid_fen, q.ratio_bp, q.factor_pct);
    out->emit(out->ctx, &h);
}

/* W10: 保证金规定第十七条 — a guarantee in force on D that expires within
 * w10_days days (D <= expires_on <= D + w10_days). */
static void
w10(const struct rule_env *env, const struct sf_chunk *c, const struct sf_project *p,
    const struct rule_sink *out)
{
    const struct sf_deposit *first = NULL;
    char d[DATE_STR_LEN], a[MONEY_GROUPED_LEN];
    struct rule_hit h;
    int n = 0;

    if (!active(env, p))
        return;
    for (size_t i = p->dep0; i < p->dep0 + p->ndep; i++) {
        const struct sf_deposit *x = &c->dep[i];
        if (x->cash || x->on > env->as_of || x->expires == SF_NO_DATE ||
            (x->returned != SF_NO_DATE && x->returned <= env->as_of))
            continue;
        if (x->expires < env->as_of || x->expires - env->as_of > env->cfg->w10_days)
            continue;
        n++;
        if (first == NULL || x->expires < first->expires)
            first = x;
    }
    if (first == NULL)
        return;
    start(&h, env, W10, LEVEL_YELLOW, p);
    rule_msg(&h, "%s %s 元将于 %s 到期（%d 日后）", first->form,
             money_format_grouped(first->amount, a), date_format(first->expires, d),
             (int)(first->expires - env->as_of));
    if (n > 1)
        rule_msg(&h, "，另有 %d 份保函 %d 日内到期", n - 1, env->cfg->w10_days);
    rule_evid(&h, "{\"expires_on\":\"%s\",\"days\":%d,\"guarantees\":%d}", d,
              (int)(first->expires - env->as_of), n);
    out->emit(out->ctx, &h);
}

/* W16: 条例第二十七条 — the account must hold the wages that are due and
 * unpaid.  Balance: every receipt less every payment dated by D. */
static void
w16(const struct rule_env *env, const struct sf_project *p, const struct rf_project *r,
    const struct rule_sink *out)
{
    char a[MONEY_GROUPED_LEN], b[MONEY_GROUPED_LEN];
    int64_t balance = 0, owed = 0;
    struct rule_hit h;

    if (p->account_on == SF_NO_DATE || p->account_on > env->as_of)
        return;
    for (size_t i = 0; i < r->nm; i++) {
        balance += r->m[i].in_fen - r->m[i].out_fen;
        if (r->m[i].due_on < env->as_of)
            owed += r->m[i].unpaid_fen;
    }
    if (balance >= owed)
        return;
    start(&h, env, W16, LEVEL_ORANGE, p);
    rule_msg(&h, "工资专户余额 %s 元，低于已到期未发放的工资 %s 元",
             money_format_grouped(balance, a), money_format_grouped(owed, b));
    rule_evid(&h, "{\"balance_fen\":%lld,\"owed_fen\":%lld}", (long long)balance, (long long)owed);
    out->emit(out->ctx, &h);
}

/* W21: 保证金规定第十九条 — a draw on the deposit is replenished within
 * w21_workdays working days.  Replenishments (补足 events, or new cash
 * deposits) dated after a draw and by D pay off the draws in date order; a
 * draw whose deadline has passed and that is not paid off is a finding. */
static void
w21(const struct rule_env *env, const struct sf_chunk *c, const struct sf_project *p,
    const struct rule_sink *out)
{
    char d[DATE_STR_LEN], dl[DATE_STR_LEN], asof[DATE_STR_LEN], a[MONEY_GROUPED_LEN];
    int64_t short_fen = 0;
    zq_date first = SF_NO_DATE, deadline = SF_NO_DATE;
    size_t used_dep = p->dep0, used_ev = p->ev0;
    int64_t left_dep = 0, left_ev = 0; /* unused part of the current replenishment */
    struct rule_hit h;
    int n = 0;

    for (size_t i = p->ev0; i < p->ev0 + p->nev; i++) {
        const struct sf_dep_event *e = &c->ev[i];
        int64_t need;
        zq_date due;

        if (e->kind != SF_DEP_DRAW || e->on > env->as_of)
            continue;
        need = e->amount;
        /* replenishments after this draw, in date order: events, then deposits */
        while (need > 0) {
            if (left_ev == 0) {
                while (used_ev < p->ev0 + p->nev &&
                       (c->ev[used_ev].kind != SF_DEP_REFILL || c->ev[used_ev].on <= e->on ||
                        c->ev[used_ev].on > env->as_of))
                    used_ev++;
                if (used_ev < p->ev0 + p->nev)
                    left_ev = c->ev[used_ev++].amount;
            }
            if (left_ev == 0 && left_dep == 0) {
                while (used_dep < p->dep0 + p->ndep &&
                       (!c->dep[used_dep].cash || c->dep[used_dep].amount <= 0 ||
                        c->dep[used_dep].on <= e->on || c->dep[used_dep].on > env->as_of))
                    used_dep++;
                if (used_dep < p->dep0 + p->ndep)
                    left_dep = c->dep[used_dep++].amount;
            }
            if (left_ev == 0 && left_dep == 0)
                break;
            if (left_ev > 0) {
                int64_t t = left_ev < need ? left_ev : need;
                left_ev -= t;
                need -= t;
            } else {
                int64_t t = left_dep < need ? left_dep : need;
                left_dep -= t;
                need -= t;
            }
        }
        due = calendar_add_workdays(env->cal, e->on, env->cfg->w21_workdays, NULL);
        if (need == 0 || env->as_of <= due)
            continue;
        n++;
        short_fen += need;
        if (first == SF_NO_DATE) {
            first = e->on;
            deadline = due;
        }
    }
    if (n == 0)
        return;
    start(&h, env, W21, LEVEL_ORANGE, p);
    rule_msg(&h, "%s 动用工资保证金后，应于 %s 前补足，截至 %s 尚差 %s 元", date_format(first, d),
             date_format(deadline, dl), date_format(env->as_of, asof),
             money_format_grouped(short_fen, a));
    rule_evid(&h, "{\"draws\":%d,\"short_fen\":%lld,\"first_draw\":\"%s\"}", n,
              (long long)short_fen, d);
    out->emit(out->ctx, &h);
}

void
rules_money(const struct rule_env *env, const struct sf_chunk *c, const struct sf_project *p,
            const struct rf_project *r, const struct rule_sink *out)
{
    w09(env, c, p, r, out);
    w10(env, c, p, out);
    w16(env, p, r, out);
    w21(env, c, p, out);
}
