/*
 * gen_money.c - the generator's money flows: wage-account transactions
 * (monthly 人工费拨付 in, 工资代发 out on pay day), the bank's per-worker
 * disbursements of each 代发 batch, and 工程款 payments from the builder to
 * the contractor and from the contractor to its subcontractors.
 *
 * Inflows cover the month's payroll (owed wages plus a margin of 0-8%), so
 * a clean account never runs dry and its balance always covers what is
 * unpaid; the W02 and W16 plants change exactly that (docs/gen.md).
 */
#include "svc/gen_int.h"

struct month_sum {
    bool lines;     /* the month's payroll exists (paid before the as-of date) */
    int64_t est;    /* attended days x daily wages */
    int64_t owed;   /* wage_due - deductions over the lines */
    int64_t acct;   /* paid through the account */
    int64_t unpaid; /* owed - paid */
};

static int64_t
ceil_to(int64_t fen, int64_t step)
{
    return (fen + step - 1) / step * step;
}

static void
sum_month(struct gen *g, const struct gen_project *p, int n, int k, struct month_sum *s)
{
    struct gen_line l;

    memset(s, 0, sizeof(*s));
    s->lines = g->pay[k] < g->as_of;
    for (int w = 0; w < n; w++) {
        uint32_t days = gen_days(g, p, w, k, NULL);

        if (days == 0)
            continue;
        s->est += __builtin_popcount(days) * g->w[w].daily;
        if (!s->lines || !gen_line(g, p, w, k, days, &l))
            continue;
        s->owed += l.due - l.ded;
        s->unpaid += l.due - l.ded - l.paid;
        if (l.channel == CH_ACCOUNT && l.paid_on != GEN_NO_DATE)
            s->acct += l.paid;
    }
}

static void
make_ref(char out[32], const char *prefix, zq_date d, uint32_t serial)
{
    char ymd[10];
    struct sb b;

    gen_fmt_date(d, ymd);
    sb_init(&b, out, 32);
    sb_put(&b, prefix);
    sb_putn(&b, ymd, 4);
    sb_putn(&b, ymd + 5, 2);
    sb_putn(&b, ymd + 8, 2);
    sb_num(&b, serial, 6);
}

static void
txn_row(struct gen *g, const struct gen_project *p, zq_date d, bool in, int64_t amount)
{
    struct gen_out *o = &g->out;
    char ref[32];

    make_ref(ref, in ? "RG" : "DF", d, p->serial);
    out_str(o, p->code);
    out_c(o, ',');
    out_str(o, p->account);
    out_c(o, ',');
    out_date(g, o, d);
    out_str(o, in ? ",收入,人工费拨付," : ",支出,工资代发,");
    out_money(o, amount);
    out_c(o, ',');
    if (in)
        out_csv(o, p->builder_name);
    else
        out_str(o, "农民工工资批量代发");
    out_c(o, ',');
    out_str(o, ref);
    out_end_row(o);
}

/* Money the general contractor puts into the account when the builder's
 * 人工费 falls short (planted future defaults and decoys, gen_risk.c). */
static void
advance_row(struct gen *g, const struct gen_project *p, zq_date d, int64_t amount)
{
    struct gen_out *o = &g->out;
    char ref[32];

    make_ref(ref, "DZ", d, p->serial);
    out_str(o, p->code);
    out_c(o, ',');
    out_str(o, p->account);
    out_c(o, ',');
    out_date(g, o, d);
    out_str(o, ",收入,其他,");
    out_money(o, amount);
    out_str(o, ",施工总承包单位垫付,");
    out_str(o, ref);
    out_end_row(o);
}

/* Months before the window: flows only, sized from the roster. */
static void
txns_before(struct gen *g, const struct gen_project *p, int64_t nominal)
{
    zq_month me = date_month(p->last_day);

    for (zq_month m = date_month(p->start); m < g->m0 && m <= me; m++) {
        struct gen_rng r = { gen_hash(p->seed, 0x7100 + (uint64_t)m) };
        int64_t in = ceil_to(nominal * rng_range(&r, 90, 110) / 100, 10000);

        txn_row(g, p, month_first_day(m) + (zq_date)rng_range(&r, 17, 27), true, in);
        txn_row(g, p, gen_pay_day(g, m), false, p->plant == 16 ? in : in * 97 / 100);
    }
}

static void
project_txns(struct gen *g, const struct gen_project *p)
{
    int n = gen_workers_make(g, p), k0, k1;
    int64_t nominal = 0, carry = 0, token = 0, rcarry = 0;

    for (int w = 0; w < p->nworkers; w++)
        nominal += g->w[w].daily * 22;
    txns_before(g, p, nominal);
    k0 = gen_kidx(g, date_month(p->start));
    k0 = k0 < 0 ? 0 : k0;
    k1 = gen_kidx(g, date_month(p->last_day));
    for (int k = k0; k <= k1; k++) {
        zq_month m = g->m0 + k;
        struct gen_rng r = { gen_hash(p->seed, 0x7200 + (uint64_t)m) };
        zq_date day = month_first_day(m) + (zq_date)rng_range(&r, 17, 27), bd;
        struct month_sum s;
        int64_t base, amount;

        sum_month(g, p, n, k, &s);
        base = s.lines ? s.owed : s.est;
        amount = ceil_to((base > 0 ? base : nominal) * (100 + rng_range(&r, 0, 8)) / 100, 10000);
        if (p->plant == 16) { /* W16: no margin; the unpaid month never funded */
            if (m == g->mplant)
                token = s.unpaid / 8 < 200000 ? s.unpaid / 8 : 200000;
            amount = s.lines ? s.acct : token;
        }
        if (p->plant == 2 && m == g->mplant) { /* W02: nothing this month ... */
            carry = amount;
            amount = 0;
        } else if (p->plant == 2 && m == g->mplant + 1) { /* ... both early next month */
            day = month_first_day(m) + (zq_date)rng_range(&r, 2, 7);
            amount += carry;
        }
        if (p->risk != GEN_RISK_NONE)
            amount = gen_risk_inflow(g, p, m, amount, &rcarry);
        if (amount > 0 && day < g->as_of)
            txn_row(g, p, day, true, amount);
        bd = gen_batch_day(g, p, k);
        if (bd != GEN_NO_DATE && s.acct > 0 && p->risk != GEN_RISK_NONE && s.acct > amount)
            advance_row(g, p, bd, s.acct - amount);
        if (bd != GEN_NO_DATE && s.acct > 0)
            txn_row(g, p, bd, false, s.acct);
    }
}

void
gen_w_txns(struct gen *g)
{
    struct gen_project p;

    out_str(&g->out, "project_code,account_no,txn_date,direction,kind,amount,counterparty,ref\n");
    for (uint32_t i = 0; i < g->nprojects; i++) {
        gen_project_make(g, i, &p);
        if (p.has_account)
            project_txns(g, &p);
    }
}

static void
disbursement_row(struct gen *g, const struct gen_project *p, const char *ref,
                 const struct gen_worker *wk, const struct gen_line *l)
{
    struct gen_out *o = &g->out;

    out_str(o, p->account);
    out_c(o, ',');
    out_str(o, ref);
    out_c(o, ',');
    out_str(o, wk->id);
    out_c(o, ',');
    out_csv(o, wk->name);
    out_c(o, ',');
    out_str(o, wk->card);
    out_c(o, ',');
    out_money(o, l->paid);
    out_c(o, ',');
    out_date(g, o, l->paid_on);
    out_str(o, l->disb_failed ? ",失败" : ",成功");
    out_end_row(o);
}

void
gen_w_disbursements(struct gen *g)
{
    struct gen_project p;
    struct gen_line l;
    char ref[32];

    out_str(&g->out, "account_no,ref,id_number,name,card_no,amount,paid_on,status\n");
    for (uint32_t i = 0; i < g->nprojects; i++) {
        int n, k0, k1;

        gen_project_make(g, i, &p);
        if (!p.has_account)
            continue;
        n = gen_workers_make(g, &p);
        k0 = gen_kidx(g, date_month(p.start));
        k0 = k0 < 0 ? 0 : k0;
        k1 = gen_kidx(g, date_month(p.last_day));
        for (int k = k0; k <= k1; k++) {
            zq_date bd = gen_batch_day(g, &p, k);

            if (bd == GEN_NO_DATE)
                break;
            make_ref(ref, "DF", bd, p.serial);
            for (int w = 0; w < n; w++)
                if (gen_line(g, &p, w, k, gen_days(g, &p, w, k, NULL), &l) &&
                    l.channel == CH_ACCOUNT && l.paid_on != GEN_NO_DATE)
                    disbursement_row(g, &p, ref, &g->w[w], &l);
        }
    }
}

/* ---- 工程款 ---- */

static void
payment_row(struct gen *g, const struct gen_project *p, const char *payer, const char *payee,
            const char *kind, int64_t amount, zq_date due, struct gen_rng *r, const char *ref)
{
    struct gen_out *o = &g->out;
    zq_date paid = due + (zq_date)rng_range(r, 0, 20);

    if (due >= g->as_of)
        return;
    out_str(o, p->code);
    out_c(o, ',');
    out_str(o, payer);
    out_c(o, ',');
    out_str(o, payee);
    out_c(o, ',');
    out_str(o, kind);
    out_c(o, ',');
    out_money(o, amount);
    out_c(o, ',');
    out_date(g, o, due);
    out_c(o, ',');
    out_date(g, o, paid < g->as_of ? paid : GEN_NO_DATE);
    out_c(o, ',');
    out_str(o, ref);
    out_end_row(o);
}

static void
payment_ref(char out[32], const struct gen_project *p, const char *tail, zq_month m, int j)
{
    struct sb b;

    sb_init(&b, out, 32);
    sb_put(&b, "FK");
    sb_num(&b, p->serial, 6);
    sb_put(&b, "-");
    if (tail != NULL) {
        sb_put(&b, tail);
        return;
    }
    sb_num(&b, (uint64_t)month_year(m), 4);
    sb_num(&b, (uint64_t)month_num(m), 2);
    sb_put(&b, "-");
    sb_num(&b, (uint64_t)j, 1);
}

static void
project_payments(struct gen *g, const struct gen_project *p)
{
    struct gen_rng r = { gen_hash(p->seed, 0x9A00) };
    int64_t dur = (p->planned_end - p->start) / 30;
    zq_month m1 = date_month(p->last_day), m0 = date_month(p->start);
    char ref[32];

    dur = dur < 6 ? 6 : dur;
    if (p->start >= g->wstart) {
        payment_ref(ref, p, "YF", 0, 0);
        payment_row(g, p, p->builder_uscc, p->con_uscc, "预付款", p->contract / 10 / 100 * 100,
                    p->start + 7, &r, ref);
    }
    for (zq_month m = m0 > g->m0 ? m0 : g->m0; m <= m1 && m < g->amonth; m++) {
        int64_t v = p->contract * 70 / 100 / dur * rng_range(&r, 80, 120) / 100 / 10000 * 10000;

        payment_ref(ref, p, NULL, m, 0);
        payment_row(g, p, p->builder_uscc, p->con_uscc, "进度款", v, month_first_day(m) + 24, &r,
                    ref);
        for (int j = 0; j < p->nsubs; j++) {
            if (p->subs[j].start > month_last_day(m))
                continue;
            v = p->subs[j].amount * 80 / 100 / dur * rng_range(&r, 80, 120) / 100 / 100 * 100;
            payment_ref(ref, p, NULL, m, j + 1);
            payment_row(g, p, p->con_uscc, p->subs[j].uscc, "进度款", v, month_first_day(m) + 27,
                        &r, ref);
        }
    }
    if (p->status == ST_DONE) {
        payment_ref(ref, p, "JS", 0, 0);
        payment_row(g, p, p->builder_uscc, p->con_uscc, "结算款", p->contract * 15 / 100,
                    p->last_day + 60, &r, ref);
    }
}

void
gen_w_payments(struct gen *g)
{
    struct gen_project p;

    out_str(&g->out, "project_code,payer_uscc,payee_uscc,kind,amount,due_on,paid_on,ref\n");
    for (uint32_t i = 0; i < g->nprojects; i++) {
        gen_project_make(g, i, &p);
        project_payments(g, &p);
    }
}
