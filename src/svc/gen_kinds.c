/*
 * gen_kinds.c - the generator's writers for projects, subcontracts, wage
 * accounts, deposits, employment, attendance and payroll.  Each streams over
 * the projects, deriving one project (and its workers) at a time into the
 * generator's scratch space; nothing is kept between projects.
 */
#include "svc/gen_int.h"

static const char *const deposit_forms[] = { "现金", "银行保函", "担保公司保函", "保证保险" };
static const uint8_t deposit_form_w[] = { 30, 45, 12, 13 };
static const char *const channel_names[] = { "专户代发", "银行代发", "现金" };

/* Window months a project has site days in: [*k0, *k1]. */
static void
active_months(const struct gen *g, const struct gen_project *p, int *k0, int *k1)
{
    int a = gen_kidx(g, date_month(p->start));

    *k0 = a < 0 ? 0 : a;
    *k1 = gen_kidx(g, date_month(p->last_day));
}

static void
sep(struct gen_out *o)
{
    out_c(o, ',');
}

static void
write_project(struct gen *g, const struct gen_project *p)
{
    struct gen_out *o = &g->out;

    out_str(o, p->code);
    sep(o);
    out_csv(o, p->name);
    sep(o);
    out_str(o, p->county->code);
    sep(o);
    out_str(o, gen_industry_names[p->industry]);
    sep(o);
    out_str(o, gen_funding_names[p->funding]);
    sep(o);
    out_str(o, p->builder_uscc);
    sep(o);
    out_str(o, p->con_uscc);
    sep(o);
    out_money(o, p->contract);
    sep(o);
    out_u64(o, (uint64_t)p->ratio);
    sep(o);
    out_date(g, o, p->signed_on);
    sep(o);
    out_date(g, o, p->start);
    sep(o);
    out_date(g, o, p->planned_end);
    sep(o);
    out_str(o, gen_status_names[p->status]);
    sep(o);
    out_csv(o, p->clerk);
    sep(o);
    out_str(o, p->notice_board ? "是" : "否");
    out_end_row(o);
}

void
gen_w_projects(struct gen *g)
{
    struct gen_project p;

    out_str(&g->out, "code,name,region_code,industry,funding,builder_uscc,contractor_uscc,"
                     "contract_amount,labor_cost_ratio,contract_signed_on,start_date,planned_end,"
                     "status,wage_clerk,notice_board\n");
    for (uint32_t i = 0; i < g->nprojects; i++) {
        gen_project_make(g, i, &p);
        write_project(g, &p);
    }
}

void
gen_w_subcontracts(struct gen *g)
{
    struct gen_out *o = &g->out;
    struct gen_project p;

    out_str(o, "project_code,subcontractor_uscc,kind,amount,start_date\n");
    for (uint32_t i = 0; i < g->nprojects; i++) {
        gen_project_make(g, i, &p);
        for (int s = 0; s < p.nsubs; s++) {
            out_str(o, p.code);
            sep(o);
            out_str(o, p.subs[s].uscc);
            sep(o);
            out_str(o, p.subs[s].kind == SUB_LABOUR ? "劳务分包" : "专业分包");
            sep(o);
            out_money(o, p.subs[s].amount);
            sep(o);
            out_date(g, o, p.subs[s].start);
            out_end_row(o);
        }
    }
}

void
gen_w_accounts(struct gen *g)
{
    struct gen_out *o = &g->out;
    struct gen_project p;

    out_str(o, "project_code,bank,account_no,opened_on\n");
    for (uint32_t i = 0; i < g->nprojects; i++) {
        struct gen_rng r;
        zq_date hi;

        gen_project_make(g, i, &p);
        if (!p.has_account)
            continue;
        r.s = gen_hash(p.seed, 0xACC);
        /* opened within 30 days of signing and before the first 人工费 */
        hi = p.start < p.signed_on + 28 ? p.start : p.signed_on + 28;
        out_str(o, p.code);
        sep(o);
        out_str(o, gen_banks[p.bank]);
        out_str(o, p.county->shortname);
        out_str(o, "支行");
        sep(o);
        out_str(o, p.account);
        sep(o);
        out_date(g, o, (zq_date)rng_range(&r, p.signed_on + 1, hi));
        out_end_row(o);
    }
}

static void
deposit_row(struct gen *g, const struct gen_project *p, const char *form, int64_t amount,
            zq_date on, zq_date expires)
{
    struct gen_out *o = &g->out;

    out_str(o, p->code);
    sep(o);
    out_str(o, p->con_uscc);
    sep(o);
    out_str(o, form);
    sep(o);
    out_money(o, amount);
    sep(o);
    out_date(g, o, on);
    sep(o);
    out_date(g, o, expires);
    out_end_row(o);
}

static void
project_deposits(struct gen *g, const struct gen_project *p)
{
    struct gen_rng r = { gen_hash(p->seed, 0xDE9) };
    int64_t req = gen_required_deposit(p), x;
    zq_date on = (zq_date)rng_range(&r, p->signed_on + 1, p->start), exp;
    int form;

    if (p->plant == 9) { /* W09: none, or too little cash */
        if (p->variant % 2 == 1)
            deposit_row(g, p, "现金", req * rng_range(&r, 50, 80) / 100 / 10000 * 10000, on,
                        GEN_NO_DATE);
        return;
    }
    if (p->plant == 10) { /* W10: a guarantee about to expire */
        deposit_row(g, p, "银行保函", req, on, g->as_of + (zq_date)rng_range(&r, 5, 25));
        return;
    }
    if (p->plant == 21) { /* W21 (and W09): drawn to pay wages, never replenished */
        x = req * rng_range(&r, 30, 60) / 100 / 10000 * 10000;
        deposit_row(g, p, "现金", req, on, GEN_NO_DATE);
        deposit_row(g, p, "现金", -(x > 0 ? x : 10000), g->as_of - (zq_date)rng_range(&r, 30, 45),
                    GEN_NO_DATE);
        return;
    }
    form = gen_pick(&r, deposit_form_w, 4);
    exp = GEN_NO_DATE;
    if (form != 0) {
        /* guarantees run two years; one near its end has been extended */
        exp = on + 730;
        if (exp < g->as_of + 60)
            exp = g->as_of + 60 + (zq_date)rng_range(&r, 0, 300);
    }
    deposit_row(g, p, deposit_forms[form], req, on, exp);
}

void
gen_w_deposits(struct gen *g)
{
    struct gen_project p;

    out_str(&g->out, "project_code,contractor_uscc,form,amount,deposited_on,expires_on\n");
    for (uint32_t i = 0; i < g->nprojects; i++) {
        gen_project_make(g, i, &p);
        project_deposits(g, &p);
    }
}

static const char *
employer_uscc(const struct gen_project *p, const struct gen_worker *wk)
{
    return wk->employer < 0 ? p->con_uscc : p->subs[wk->employer].uscc;
}

void
gen_w_employment(struct gen *g)
{
    struct gen_out *o = &g->out;
    struct gen_project p;

    out_str(o, "project_code,employer_uscc,id_number,name,phone,team,trade,contract_signed,"
               "entered_on,left_on\n");
    for (uint32_t i = 0; i < g->nprojects; i++) {
        gen_project_make(g, i, &p);
        gen_workers_make(g, &p);
        for (int w = 0; w < p.nworkers; w++) {
            const struct gen_worker *wk = &g->w[w];

            out_str(o, p.code);
            sep(o);
            out_str(o, employer_uscc(&p, wk));
            sep(o);
            out_str(o, wk->id);
            sep(o);
            out_csv(o, wk->name);
            sep(o);
            out_str(o, wk->phone);
            sep(o);
            out_str(o, gen_trades[wk->trade].team);
            sep(o);
            out_str(o, gen_trades[wk->trade].name);
            sep(o);
            out_str(o, wk->signed_contract ? "是" : "否");
            sep(o);
            out_date(g, o, wk->entered);
            sep(o);
            out_date(g, o, wk->left);
            out_end_row(o);
        }
    }
}

/* The hot loop: one row per attended day, copied from per-worker prefixes
 * and preformatted dates. */
static void
attendance_month(struct gen *g, const struct gen_project *p, int n, int k)
{
    struct gen_out *o = &g->out;
    char(*dates)[10] = &g->dates[month_first_day(g->m0 + k) - g->dfirst];

    for (int w = 0; w < n; w++) {
        uint64_t hours = 0;
        uint32_t days = gen_days(g, p, w, k, &hours);
        size_t plen = g->prefix_len[w];

        while (days != 0) {
            int d = __builtin_ctz(days);
            unsigned h = (unsigned)(hours >> (2 * d)) & 3;
            char *q = out_reserve(o, 64);

            days &= days - 1;
            memcpy(q, g->prefix[w], plen);
            memcpy(q + plen, dates[d], 10);
            q += plen + 10;
            q[0] = ',';
            if (h == 3) { /* 8, 8, 9 or 10 hours */
                memcpy(q + 1, "10\n", 3);
                o->len += plen + 14;
            } else {
                q[1] = (char)('8' + (h == 2));
                q[2] = '\n';
                o->len += plen + 13;
            }
            o->rows++;
        }
    }
}

void
gen_w_attendance(struct gen *g)
{
    struct gen_project p;

    out_str(&g->out, "project_code,id_number,date,hours\n");
    for (uint32_t i = 0; i < g->nprojects; i++) {
        int n, k0, k1;

        gen_project_make(g, i, &p);
        n = gen_workers_make(g, &p);
        for (int w = 0; w < n; w++) {
            struct sb b;

            sb_init(&b, g->prefix[w], sizeof(g->prefix[w]));
            sb_put(&b, p.code);
            sb_put(&b, ",");
            sb_put(&b, g->w[w].id);
            sb_put(&b, ",");
            g->prefix_len[w] = (uint8_t)b.len;
        }
        active_months(g, &p, &k0, &k1);
        for (int k = k0; k <= k1; k++)
            attendance_month(g, &p, n, k);
    }
}

static void
payroll_row(struct gen *g, const struct gen_project *p, const struct gen_worker *wk, zq_month m,
            const struct gen_line *l)
{
    struct gen_out *o = &g->out;

    out_str(o, p->code);
    sep(o);
    out_str(o, employer_uscc(p, wk));
    sep(o);
    out_month(o, m);
    sep(o);
    out_str(o, wk->id);
    sep(o);
    out_csv(o, wk->name);
    sep(o);
    out_u64(o, (uint64_t)l->days);
    sep(o);
    out_money(o, l->due);
    sep(o);
    out_money(o, l->ded);
    sep(o);
    out_money(o, l->paid);
    sep(o);
    out_date(g, o, l->paid_on);
    sep(o);
    out_str(o, channel_names[l->channel]);
    sep(o);
    out_str(o, l->paid_on != GEN_NO_DATE ? "是" : "否");
    out_end_row(o);
}

void
gen_w_payroll(struct gen *g)
{
    struct gen_project p;
    struct gen_line l;

    out_str(&g->out, "project_code,employer_uscc,month,id_number,name,days_worked,wage_due,"
                     "deductions,wage_paid,paid_on,channel,confirmed\n");
    for (uint32_t i = 0; i < g->nprojects; i++) {
        int n, k0, k1;

        gen_project_make(g, i, &p);
        n = gen_workers_make(g, &p);
        active_months(g, &p, &k0, &k1);
        for (int k = k0; k <= k1; k++) {
            if (g->pay[k] >= g->as_of)
                break; /* not paid yet as of the scan date: no payroll sheet */
            for (int w = 0; w < n; w++)
                if (gen_line(g, &p, w, k, gen_days(g, &p, w, k, NULL), &l))
                    payroll_row(g, &p, &g->w[w], g->m0 + k, &l);
        }
    }
}
