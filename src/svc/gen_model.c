/*
 * gen_model.c - the generator's model: which project a plant slot falls on,
 * a project's parties, dates and money, its workers, their attended days and
 * payroll lines.  Each is a pure function of the generator (seed, as-of
 * date, calendar) and indices, so every writer derives the same facts.
 *
 * The planted violations are applied here, in one place, so that attendance,
 * payroll, transactions and disbursements agree about them (docs/gen.md).
 */
#include "core/calendar.h"
#include "svc/gen_int.h"

static zq_date
min_date(zq_date a, zq_date b)
{
    return a < b ? a : b;
}

static zq_date
max_date(zq_date a, zq_date b)
{
    return a > b ? a : b;
}

/* ---- calendar ---- */

bool
gen_site_day(const struct gen *g, zq_date d)
{
    /* sites work the official working days and the Saturdays of normal weeks */
    if (calendar_is_workday(g->cal, d, NULL))
        return true;
    return date_weekday(d) == 6 && calendar_is_workday(g->cal, d - 1, NULL);
}

zq_date
gen_pay_day(const struct gen *g, zq_month m)
{
    return calendar_last_workday_on_or_before(g->cal, month_first_day(m + 1) + 14, NULL);
}

zq_date
gen_due_day(const struct gen *g, zq_month m)
{
    return calendar_last_workday_on_or_before(g->cal, month_last_day(m + 1), NULL);
}

/* ---- plant slots ---- */

/* W01-W19 and W21-W23; W20 only changes levels. */
static const uint8_t rule_cycle[GEN_NRULES] = {
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23,
};

uint32_t
gen_slot_project(const struct gen *g, uint32_t slot)
{
    /* spread evenly: slot j takes project floor((2j+1) P / 2n) */
    return (uint32_t)(((2ULL * slot + 1) * g->nprojects) / (2ULL * g->nplants));
}

int
gen_slot_rule(uint32_t slot, int *variant)
{
    *variant = (int)(slot / GEN_NRULES);
    return rule_cycle[slot % GEN_NRULES];
}

static bool
project_slot(const struct gen *g, uint32_t idx, uint32_t *slot)
{
    uint64_t j;

    if (g->nplants == 0)
        return false;
    j = ((uint64_t)idx * g->nplants) / g->nprojects;
    for (uint64_t s = j > 0 ? j - 1 : 0; s <= j + 1 && s < g->nplants; s++) {
        if (gen_slot_project(g, (uint32_t)s) == idx) {
            *slot = (uint32_t)s;
            return true;
        }
    }
    return false;
}

/* ---- projects ---- */

static const uint8_t industry_w[] = { 72, 12, 8, 5, 3 };
static const uint8_t funding_w[][3] = {
    [IND_HOUSING] = { 12, 10, 78 }, [IND_TRANSPORT] = { 60, 30, 10 }, [IND_WATER] = { 65, 25, 10 },
    [IND_AGRI] = { 70, 15, 15 },    [IND_OTHER] = { 30, 20, 50 },
};
static const uint8_t status_w[] = { 84, 11, 5 };
static const char *const industry_code[] = { "04", "05", "03", "01", "99" };
static const char *const account_heads[] = { "1202", "1931", "3310", "3901",
                                             "3320", "7101", "3311", "9330" };

static int
worker_count(struct gen_rng *r)
{
    uint32_t c = rng_below(r, 100);

    if (c < 50)
        return (int)rng_range(r, 10, 40);
    if (c < 85)
        return (int)rng_range(r, 40, 100);
    return (int)rng_range(r, 100, 300);
}

/* A planted project is active, old enough for the plant month, big enough
 * for percentages, and socially funded unless the plant is W14. */
static void
plant_shape(struct gen_project *p)
{
    p->status = ST_ACTIVE;
    if (p->plant == 14)
        p->funding = p->variant % 2 == 0 ? FUND_GOV : FUND_SOE;
    else
        p->funding = FUND_SOCIAL;
    if (p->nworkers < 12)
        p->nworkers = 12 + p->nworkers;
}

/* Early in month m, leaving at least 15 site days in it, so that the first
 * month's average wage stays above any minimum wage (W19). */
static zq_date
start_day(const struct gen *g, zq_month m, struct gen_rng *r)
{
    zq_date first = month_first_day(m), last = month_last_day(m);
    zq_date d = first + (zq_date)rng_range(r, 0, 9);
    int n = 0;

    for (zq_date x = d; x <= last; x++)
        n += gen_site_day(g, x);
    return n >= 15 ? d : first;
}

static void
project_dates(const struct gen *g, struct gen_project *p, struct gen_rng *r)
{
    int y, m, dd;

    if (p->plant == 1) {
        /* W01: started this month, contract signed over 30 days ago, no account */
        date_to_ymd(g->as_of, &y, &m, &dd);
        p->start =
            dd >= 2 ? month_first_day(g->amonth) + (zq_date)rng_range(r, 0, dd - 2) : g->as_of - 1;
        p->signed_on = g->as_of - (zq_date)rng_range(r, 45, 70);
        p->planned_end = p->start + 540;
        p->last_day = g->as_of - 1;
        return;
    }
    if (p->status == ST_ACTIVE) {
        zq_month sm = g->amonth - (zq_month)rng_range(r, p->plant ? 4 : p->risk ? 8 : 1, 30);
        p->start = start_day(g, sm, r);
        p->planned_end = p->start + 30 * (zq_date)rng_range(r, 12, 36);
        p->last_day = g->as_of - 1;
    } else {
        /* ended late in a month, so that its last month's wages are not tiny (W19) */
        zq_month em = (zq_month)rng_range(r, g->m0 + 1, g->mpaid);
        p->last_day = month_first_day(em) + (zq_date)rng_range(r, 19, 27);
        p->start = start_day(g, date_month(p->last_day) - (zq_month)rng_range(r, 8, 30), r);
        p->planned_end = p->status == ST_DONE ? p->last_day + (zq_date)rng_range(r, -60, 30)
                                              : p->last_day + (zq_date)rng_range(r, 120, 600);
    }
    p->signed_on = p->start - (zq_date)rng_range(r, 10, 60);
}

static void
project_money(struct gen_project *p, struct gen_rng *r)
{
    int64_t months = (p->planned_end - p->start) / 30, yuan;

    if (months < 6)
        months = 6;
    p->ratio = (int)rng_range(r, 15, 30);
    /* labour cost ~ workers x 8,000 yuan a month over the planned duration */
    yuan = (int64_t)p->nworkers * 8000 * months * 100 / p->ratio;
    yuan = yuan * rng_range(r, 80, 120) / 100;
    yuan = (yuan + 999) / 1000 * 1000;
    p->contract = yuan * GEN_YUAN;
}

static uint32_t
pool_pick(const struct gen *g, int pool, struct gen_rng *r)
{
    uint32_t n = g->ent_base[pool + 1] - g->ent_base[pool];

    return g->ent_base[pool] + rng_below(r, n);
}

static void
project_builder(const struct gen *g, struct gen_project *p, struct gen_rng *r)
{
    uint32_t ci = (uint32_t)(p->county - g->sc->counties);

    if (p->funding == FUND_GOV)
        p->builder = g->ent_base[POOL_GOV] + ci * 5 + (uint32_t)p->industry;
    else if (p->funding == FUND_SOE)
        p->builder = g->ent_base[POOL_SOE] + ci * 3 + rng_below(r, 3);
    else
        p->builder = pool_pick(g, POOL_DEV, r);
    p->contractor = p->plant == 15 ? g->ent_base[POOL_DED] + p->slot : pool_pick(g, POOL_CON, r);
}

static void
add_sub(const struct gen *g, struct gen_project *p, uint32_t ent, int kind, int64_t amount,
        zq_date start)
{
    struct gen_sub *s = &p->subs[p->nsubs];
    struct gen_ent e;

    for (int i = 0; i < p->nsubs; i++)
        if (p->subs[i].ent == ent)
            return; /* drawn twice: one subcontract */
    gen_ent_make(g, ent, &e);
    s->ent = ent;
    s->kind = kind;
    s->amount = amount;
    s->start = start;
    memcpy(s->uscc, e.uscc, sizeof(s->uscc));
    memcpy(s->name, e.name, sizeof(s->name));
    p->nsubs++;
}

static void
project_subs(const struct gen *g, struct gen_project *p, struct gen_rng *r)
{
    int nlab = 1 + (p->nworkers > 40) + (p->nworkers > 150);
    int nspec = (int)rng_range(r, 0, 2);
    int64_t labour = p->contract * p->ratio / 100 * 9 / 10 / nlab;

    for (int i = 0; i < nlab; i++) {
        bool ded = i == 0 && (p->plant == 12 || p->plant == 13 || p->plant == 17);
        uint32_t ent = ded ? g->ent_base[POOL_DED] + p->slot : pool_pick(g, POOL_LAB, r);
        add_sub(g, p, ent, SUB_LABOUR, (labour + 99) / 100 * 100, p->start);
    }
    for (int i = 0; i < nspec && p->nsubs < GEN_MAX_SUBS; i++) {
        zq_date start = p->start + (zq_date)rng_range(r, 30, 240);
        int64_t amount = p->contract * rng_range(r, 4, 12) / 100;
        uint32_t ent = pool_pick(g, POOL_SPEC, r);

        if (start <= p->last_day)
            add_sub(g, p, ent, SUB_SPECIALTY, (amount + 99) / 100 * 100, start);
    }
}

static void
project_labels(struct gen_project *p, struct gen_rng *r)
{
    int y, m, d;
    struct sb b;

    date_to_ymd(p->signed_on, &y, &m, &d);
    sb_init(&b, p->code, sizeof(p->code));
    sb_num(&b, (uint64_t)(y % 100), 2);
    sb_num(&b, (uint64_t)m, 2);
    sb_put(&b, "-");
    sb_put(&b, p->county->code);
    sb_put(&b, "-");
    sb_put(&b, industry_code[p->industry]);
    sb_put(&b, rng_pct(r, 80) ? "-01-" : "-02-");
    sb_num(&b, p->serial, 6);
    gen_project_name(r, p->county, p->industry, p->funding != FUND_SOCIAL, (int)rng_below(r, 5),
                     p->name, sizeof(p->name));
    p->bank = (int)rng_below(r, (uint32_t)gen_nbanks);
    sb_init(&b, p->account, sizeof(p->account));
    sb_put(&b, account_heads[p->bank]);
    sb_put(&b, p->county->code);
    sb_num(&b, p->serial, 6);
    sb_num(&b, rng_below(r, 1000), 3);
    p->has_account = p->plant != 1;
    p->notice_board = !(p->plant == 18 && p->variant % 2 == 0);
    if (p->plant == 18 && p->variant % 2 == 1)
        p->clerk[0] = '\0';
    else
        gen_person_name(r, rng_pct(r, 60), p->clerk, sizeof(p->clerk));
}

void
gen_project_make(const struct gen *g, uint32_t idx, struct gen_project *p)
{
    struct gen_rng r;
    struct gen_ent e;

    memset(p, 0, sizeof(*p));
    p->idx = idx;
    p->seed = gen_hash(g->salt, (uint64_t)idx + 1);
    r.s = p->seed;
    /* a bijection of [0, 10^6): 7919 is prime to 10 */
    p->serial = (uint32_t)(((uint64_t)idx * 7919 + g->salt % 1000000) % 1000000);
    p->county = gen_pick_county(g->sc, &r);
    p->industry = gen_pick(&r, industry_w, 5);
    p->funding = gen_pick(&r, funding_w[p->industry], 3);
    p->status = gen_pick(&r, status_w, 3);
    p->nworkers = worker_count(&r);
    if (project_slot(g, idx, &p->slot)) {
        p->plant = gen_slot_rule(p->slot, &p->variant);
        plant_shape(p);
    }
    gen_risk_pick(g, p);
    p->ncore = (p->nworkers * 6 + 9) / 10;
    project_dates(g, p, &r);
    project_money(p, &r);
    project_builder(g, p, &r);
    gen_ent_make(g, p->builder, &e);
    memcpy(p->builder_uscc, e.uscc, sizeof(e.uscc));
    memcpy(p->builder_name, e.name, sizeof(e.name));
    gen_ent_make(g, p->contractor, &e);
    memcpy(p->con_uscc, e.uscc, sizeof(e.uscc));
    project_subs(g, p, &r);
    project_labels(p, &r);
}

int64_t
gen_required_deposit(const struct gen_project *p)
{
    int64_t v;

    /* SPEC §6: 2% of the contract, half up to the fen, capped at 5,000,000
     * yuan; a blacklisted contractor (W15) pays double and no cap */
    if (p->plant == 15)
        return (p->contract * 4 + 50) / 100;
    v = (p->contract * 2 + 50) / 100;
    return v > 500000000 ? 500000000 : v;
}

/* ---- workers ---- */

static void
worker_dates(const struct gen *g, const struct gen_project *p, int w, struct gen_worker *wk,
             struct gen_rng *r)
{
    bool active = p->status == ST_ACTIVE;
    zq_date lim = active ? month_last_day(g->mpaid) : p->last_day;

    wk->left = active ? GEN_NO_DATE : p->last_day;
    if (w < p->ncore) {
        wk->entered = min_date(p->start + (zq_date)rng_range(r, 0, 3), p->last_day);
    } else {
        zq_date lo = max_date(p->start, g->wstart - 60), hi = max_date(lo, p->last_day - 3);
        wk->entered = (zq_date)rng_range(r, lo, hi);
        lo = max_date(wk->entered + 20, g->wstart + 5);
        /* leavers leave in months whose payroll is paid before the as-of date */
        if (rng_pct(r, 45) && lo <= lim)
            wk->left = (zq_date)rng_range(r, lo, lim);
    }
    if (p->plant == 22 && w == 0)
        wk->left = g->as_of - 20; /* W22: left, last month never paid */
    if (w == p->nworkers) {
        /* W07: someone on the plant month's attendance and payroll, unregistered */
        wk->entered = max_date(month_first_day(g->mplant), p->start);
        wk->left = month_last_day(g->mplant);
    }
}

static void
worker_make(const struct gen *g, const struct gen_project *p, int w, int unsigned_from,
            struct gen_worker *wk)
{
    struct gen_rng r = { gen_hash(p->seed, 0x100 + (uint64_t)w) };
    const char *prefix;
    int y, nlab = 0, lab[GEN_MAX_SUBS];
    const struct gen_trade *t;

    wk->seed = r.s;
    wk->male = rng_pct(&r, 88);
    prefix = gen_id_prefix(g->sc, &r);
    y = 1960 + (int)(rng_below(&r, 45) + rng_below(&r, 45)) / 2;
    /* distinct sequence numbers keep a project's ID numbers distinct */
    gen_idcard(prefix, date_from_ymd(y, 1, 1) + (zq_date)rng_below(&r, 365),
               2 * (w % 500) + (wk->male ? 1 : 0), wk->id);
    gen_person_name(&r, wk->male, wk->name, sizeof(wk->name));
    gen_mobile(&r, wk->phone);
    gen_bankcard(&r, wk->card);
    wk->trade = gen_pick(&r, gen_trade_weights, TRADE_NCOUNT);
    t = &gen_trades[wk->trade];
    wk->daily = rng_range(&r, t->lo / 10, t->hi / 10) * 10 * GEN_YUAN;
    for (int i = 0; i < p->nsubs; i++)
        if (p->subs[i].kind == SUB_LABOUR)
            lab[nlab++] = i;
    wk->employer = nlab > 0 && rng_pct(&r, 80) ? lab[w % nlab] : -1;
    wk->signed_contract = w < unsigned_from;
    wk->registered = w < p->nworkers;
    wk->absent_ands = w < p->ncore ? 5 : 4;
    worker_dates(g, p, w, wk, &r);
}

int
gen_workers_make(struct gen *g, const struct gen_project *p)
{
    int n = p->nworkers, total = n + (p->plant == 7 ? 1 : 0);
    /* W08 plants 25% without a labour contract; clean projects have at most 5% */
    int unsigned_n = p->plant == 8 ? (n * 25 + 99) / 100 : n * 5 / 100;

    for (int w = 0; w < total; w++)
        worker_make(g, p, w, n - unsigned_n, &g->w[w]);
    return total;
}

uint32_t
gen_days(const struct gen *g, const struct gen_project *p, int w, int k, uint64_t *hours)
{
    const struct gen_worker *wk = &g->w[w];
    zq_month m = g->m0 + k;
    zq_date first = month_first_day(m), lo, hi;
    uint32_t present, absent;
    uint64_t a, b, c;
    struct gen_rng r;

    lo = max_date(max_date(wk->entered, p->start), first);
    hi = min_date(p->last_day, month_last_day(m));
    if (wk->left != GEN_NO_DATE)
        hi = min_date(hi, wk->left);
    if (hi < lo)
        return 0;
    present = (uint32_t)((2ULL << (hi - first)) - (1ULL << (lo - first)));
    present &= g->site[k];
    if (present == 0)
        return 0;
    r.s = gen_hash(wk->seed, (uint64_t)m);
    a = rng_next(&r);
    b = rng_next(&r);
    c = rng_next(&r);
    absent = (uint32_t)a & (uint32_t)(a >> 32) & (uint32_t)b & (uint32_t)(b >> 32);
    if (wk->absent_ands == 5)
        absent &= (uint32_t)c;
    if (hours != NULL)
        *hours = rng_next(&r);
    return present & ~absent;
}

zq_date
gen_batch_day(const struct gen *g, const struct gen_project *p, int k)
{
    if (g->pay[k] >= g->as_of)
        return GEN_NO_DATE;
    if (p->plant == 3 && p->variant % 2 == 1 && g->m0 + k == g->mplant)
        return g->due[k] + 5; /* W03, late: the whole month paid after its due date */
    return gen_risk_pay_day(g, p, k, g->pay[k]);
}

/* Workers of the plant month singled out by a payroll plant: the first few
 * core workers, who are on site the whole month and never leave. */
static int
plant_count(const struct gen_project *p)
{
    if (p->plant == 16)
        return p->nworkers / 3 > 2 ? p->nworkers / 3 : 2;
    return p->nworkers / 15 > 1 ? p->nworkers / 15 : 1;
}

/* Apply the plant of the plant month; false drops the line. */
static bool
plant_line(const struct gen_project *p, int w, const struct gen_worker *wk, struct gen_rng *r,
           struct gen_line *l)
{
    int rule = p->plant;

    if (rule == 14)
        rule = p->variant % 2 == 0 ? 3 : 4;
    if ((rule == 3 && (p->plant == 14 || p->variant % 2 == 0)) || rule == 16) {
        if (w < plant_count(p)) {
            l->paid = 0;
            l->paid_on = GEN_NO_DATE;
        }
    } else if (rule == 4) {
        return w >= plant_count(p);
    } else if (rule == 5 && w == 1) {
        l->days += 3;
        l->due = l->days * wk->daily;
        l->paid = l->due - l->ded;
    } else if (rule == 6 && w < plant_count(p)) {
        l->channel = p->variant % 2 == 0 ? CH_CASH : CH_BANK;
    } else if (rule == 19 && w == 3) {
        l->due = rng_range(r, 60000, 90000) * GEN_YUAN;
        l->ded = 0;
        l->paid = l->due;
    } else if (rule == 23 && w == 2) {
        l->disb_failed = true;
    }
    return true;
}

bool
gen_line(const struct gen *g, const struct gen_project *p, int w, int k, uint32_t days,
         struct gen_line *l)
{
    const struct gen_worker *wk = &g->w[w];
    zq_month m = g->m0 + k;
    struct gen_rng r;

    if (days == 0 || g->pay[k] >= g->as_of)
        return false;
    if (p->plant == 22 && w == 0 && m == date_month(wk->left))
        return false; /* W22: the exit month is never paid */
    r.s = gen_hash(wk->seed ^ 0x5A5A5A5AULL, (uint64_t)m);
    l->days = __builtin_popcount(days);
    l->due = l->days * wk->daily;
    l->ded = 0;
    if (rng_pct(&r, 8)) {
        l->ded = rng_range(&r, 1, 8) * 100 * GEN_YUAN; /* 代扣: advances, social insurance */
        if (l->ded > l->due / 2)
            l->ded = l->due / 2;
    }
    l->paid = l->due - l->ded;
    l->paid_on = gen_batch_day(g, p, k);
    l->channel = CH_ACCOUNT;
    l->disb_failed = false;
    if (gen_risk_unpaid(g, p, w, m)) { /* a planted future default comes due */
        l->paid = 0;
        l->paid_on = GEN_NO_DATE;
    }
    if (m != g->mplant || p->plant == 0)
        return true;
    return plant_line(p, w, wk, &r, l);
}
