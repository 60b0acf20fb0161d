/*
 * rules_deposit.c - the required wage deposit (SPEC §6) step by step, and
 * the deposits valid on a date.  See deposit.h for the rules.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "rules/deposit.h"

/* The same day n years earlier (29 February becomes the 28th). */
static zq_date
years_before(zq_date d, int n)
{
    int y, m, day;

    date_to_ymd(d, &y, &m, &day);
    y -= n;
    if (day > date_days_in_month(y, m))
        day = date_days_in_month(y, m);
    return date_from_ymd(y, m, day);
}

/* The first case record of the enterprise (sorted by enterprise). */
static size_t
arrears_first(const struct rf_history *h, int64_t id)
{
    size_t lo = 0, hi = h->narr;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->arr[mid].enterprise_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void
dep_facts_of(const struct rule_env *env, const struct sf_chunk *c, const struct sf_project *p,
             const struct rf_project *r, struct dep_facts *f)
{
    const struct rf_history *h = env->hist;
    const struct rf_black *b;

    memset(f, 0, sizeof(*f));
    f->contract_fen = p->contract_fen;
    f->ref = p->signed_on != SF_NO_DATE ? p->signed_on : p->start;
    f->first_start = SF_NO_DATE;
    f->last_arrears = f->last_arrears_before_ref = SF_NO_DATE;
    f->has_account = p->account_on != SF_NO_DATE && p->account_on <= env->as_of;
    f->has_registered = r->registered > 0;
    rf_area_of(p->region, env->cfg->dep_city_area, f->area);
    if (env->g != NULL) {
        const struct sf_ent_area *a = sf_ent_area_find(env->g, p->contractor_id, f->area);
        if (a != NULL) {
            bool own = false;
            f->first_start = a->first_start;
            for (size_t i = p->dep0; i < p->dep0 + p->ndep && !own; i++)
                own = c->dep[i].amount > 0 && c->dep[i].on <= env->as_of;
            f->other_deposits = a->with_deposit > (own ? 1 : 0);
        }
    }
    if (h == NULL)
        return;
    for (size_t i = arrears_first(h, p->contractor_id);
         i < h->narr && h->arr[i].enterprise_id == p->contractor_id; i++) {
        const struct rf_arrears *x = &h->arr[i];
        if (strcmp(x->area, f->area) != 0)
            continue;
        if (x->filed <= f->ref)
            f->last_arrears_before_ref = x->filed;
        if (x->filed <= env->as_of)
            f->last_arrears = x->filed;
    }
    b = rf_blacklisted(h, p->contractor_id, env->as_of);
    f->black_name = b != NULL ? (b->name[0] ? b->name : "（名单）") : NULL;
}

static void step(struct dep_result *r, const char *fmt, ...) ZQ_PRINTF(2, 3);

static void
step(struct dep_result *r, const char *fmt, ...)
{
    va_list ap;

    if (r->nsteps >= DEP_MAX_STEPS)
        return;
    va_start(ap, fmt);
    vsnprintf(r->steps[r->nsteps++], DEP_STEP_LEN, fmt, ap);
    va_end(ap);
}

/* "2%", "1.5%", "0.75%" from basis points. */
static const char *
pct(int bp, char out[16])
{
    if (bp % 100 == 0)
        snprintf(out, 16, "%d%%", bp / 100);
    else if (bp % 10 == 0)
        snprintf(out, 16, "%d.%d%%", bp / 100, (bp % 100) / 10);
    else
        snprintf(out, 16, "%d.%02d%%", bp / 100, bp % 100);
    return out;
}

/* Clean for n years before ref: recorded in the area since then, no case. */
static bool
clean_years(const struct dep_facts *f, int n)
{
    zq_date since = years_before(f->ref, n);

    return f->first_start != SF_NO_DATE && f->first_start <= since &&
           (f->last_arrears_before_ref == SF_NO_DATE || f->last_arrears_before_ref <= since);
}

static void
adjustments(const struct rule_cfg *cfg, zq_date as_of, const struct dep_facts *f,
            struct dep_result *r)
{
    char d1[DATE_STR_LEN], d2[DATE_STR_LEN];
    bool arrears2 = f->last_arrears != SF_NO_DATE && f->last_arrears > years_before(as_of, 2);

    if (arrears2) {
        r->factor_pct = r->factor_pct * cfg->dep_arrears_pct / 100;
        step(r, "施工总承包单位近 2 年在本地区有欠薪案件（最近一件立案于 %s）：比例上浮至 %d%%",
             date_format(f->last_arrears, d1), cfg->dep_arrears_pct);
    } else if (f->first_start == SF_NO_DATE || f->first_start > years_before(f->ref, 2)) {
        step(r, "施工总承包单位在本地区的记录不足 2 年（首个项目开工于 %s），不享受下浮或免存",
             f->first_start == SF_NO_DATE ? "（无）" : date_format(f->first_start, d1));
    } else if (clean_years(f, 3) && f->has_account && f->has_registered) {
        r->exempt = true;
        step(r,
             "施工总承包单位自 %s 起在本地区有记录，至合同签订日 %s 连续 3 年无欠薪，且已落实实名制"
             "和工资专户：免于存储",
             date_format(f->first_start, d1), date_format(f->ref, d2));
    } else if (clean_years(f, 2)) {
        r->factor_pct = r->factor_pct * cfg->dep_clean2_pct / 100;
        step(r, "施工总承包单位至合同签订日 %s 在本地区连续 2 年无欠薪：比例下调为 %d%%",
             date_format(f->ref, d1), cfg->dep_clean2_pct);
    } else {
        step(r, "施工总承包单位在合同签订日 %s 前 2 年内有欠薪案件（%s）：不下浮",
             date_format(f->ref, d1), date_format(f->last_arrears_before_ref, d2));
    }
    if (!r->exempt && cfg->dep_small_exempt && f->contract_fen < cfg->dep_small_fen &&
        (f->last_arrears == SF_NO_DATE || f->last_arrears <= years_before(as_of, 1))) {
        char y[MONEY_GROUPED_LEN];
        r->exempt = true;
        step(r, "合同金额低于 %s 元且上一年无欠薪，按本地规定免于存储",
             money_format_grouped(cfg->dep_small_fen, y));
    }
    if (f->black_name != NULL) {
        r->factor_pct = r->factor_pct * cfg->dep_black_pct / 100;
        r->uncapped = true;
        r->exempt = false;
        step(r, "施工总承包单位在失信联合惩戒名单上（%s）：比例提高至 %d%%，且不设上限",
             f->black_name, cfg->dep_black_pct);
    }
}

void
dep_required(const struct rule_cfg *cfg, zq_date as_of, const struct dep_facts *f,
             struct dep_result *r)
{
    char a[MONEY_GROUPED_LEN], b[MONEY_GROUPED_LEN], p1[16], p2[16];
    int64_t raw = 0;

    memset(r, 0, sizeof(*r));
    r->factor_pct = 100;
    r->ratio_bp = f->other_deposits ? cfg->dep_multi_ratio_bp : cfg->dep_ratio_bp;
    if (f->other_deposits && cfg->dep_multi_ratio_bp != cfg->dep_ratio_bp)
        step(r, "基准比例 %s：施工总承包单位在本地区其他项目已存有保证金（基本比例 %s）",
             pct(r->ratio_bp, p1), pct(cfg->dep_ratio_bp, p2));
    else
        step(r, "基准比例 %s（本省规定）", pct(r->ratio_bp, p1));
    adjustments(cfg, as_of, f, r);
    if (r->exempt) {
        step(r, "应存金额：0.00 元");
        return;
    }
    /* contract x bp / 10000 x factor / 100, rounded half up once */
    if (money_mul_ratio(f->contract_fen, (int64_t)r->ratio_bp * r->factor_pct, 1000000, &raw) < 0)
        raw = INT64_MAX;
    r->raw_fen = raw;
    step(r, "合同金额 %s 元 × %s × %d%% = %s 元（四舍五入到分）",
         money_format_grouped(f->contract_fen, a), pct(r->ratio_bp, p1), r->factor_pct,
         money_format_grouped(raw, b));
    r->required_fen = raw;
    if (!r->uncapped && raw > cfg->dep_cap_fen) {
        r->capped = true;
        r->required_fen = cfg->dep_cap_fen;
        step(r, "超过单个项目上限 %s 元，按上限计", money_format_grouped(cfg->dep_cap_fen, a));
    }
    step(r, "应存金额：%s 元", money_format_grouped(r->required_fen, a));
}

void
dep_valid_on(const struct sf_chunk *c, const struct sf_project *p, zq_date d, struct dep_valid *v)
{
    memset(v, 0, sizeof(*v));
    for (size_t i = p->dep0; i < p->dep0 + p->ndep; i++) {
        const struct sf_deposit *x = &c->dep[i];
        if (x->on > d || x->amount <= 0 || (x->returned != SF_NO_DATE && x->returned <= d))
            continue;
        if (x->cash) {
            v->cash_fen += x->amount;
        } else if (x->expires != SF_NO_DATE && x->expires >= d) {
            v->guarantee_fen += x->amount;
            v->guarantees++;
        } else {
            v->expired_fen += x->amount;
        }
    }
    for (size_t i = p->ev0; i < p->ev0 + p->nev; i++) {
        const struct sf_dep_event *e = &c->ev[i];
        if (e->on > d)
            continue;
        if (e->kind == SF_DEP_DRAW)
            v->drawn_fen += e->amount;
        else if (e->kind == SF_DEP_REFILL)
            v->refilled_fen += e->amount;
    }
    v->valid_fen = v->cash_fen - v->drawn_fen + v->refilled_fen + v->guarantee_fen;
}
