/*
 * rules_fixture.h - the facts the rule tests build by hand: one project with
 * its registrations, attendance, payroll, bank lines, transactions and
 * deposits (a struct sf_chunk), the global facts (clues, cases), and a sink
 * that keeps the hits.  Included by test_rules.c and test_digest.c; every
 * function is static inline so that a file uses what it needs.
 */
#ifndef ZQ_TESTS_RULES_FIXTURE_H
#define ZQ_TESTS_RULES_FIXTURE_H

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "rules/deposit.h"
#include "rules/rules.h"
#include "t.h"

/* ------------------------------------------------------------ fixtures */

static inline zq_date
D(const char *s)
{
    zq_date d = 0;

    if (date_parse(str_from(s), &d, NULL) != 0) {
        fprintf(stderr, "bad test date %s\n", s);
        abort();
    }
    return d;
}

static inline zq_month
M(const char *s)
{
    zq_month m = 0;

    if (month_parse(str_from(s), &m, NULL) != 0)
        abort();
    return m;
}

#define YUAN(y) ((int64_t)(y)*100)
/* bits for days a..b of a month */
static inline uint32_t
days(int a, int b)
{
    uint32_t v = 0;

    for (int d = a; d <= b; d++)
        v |= 1u << (d - 1);
    return v;
}

static struct calendar *cal;
static struct rule_cfg cfg;
static struct sf_chunk C;
static struct sf_project *P;
static struct sf_globals G;
static struct rf_history H;

/* One project, active since 2026-01-05, signed 2026-01-01, account opened,
 * notice board and wage clerk present, 社会投资, 10,000,000 yuan. */
static inline void
reset(void)
{
    sf_chunk_fini(&C);
    sf_chunk_init(&C);
    C.p = zq_calloc(1, sizeof(*C.p));
    C.np = 1;
    C.p_cap = 1;
    P = &C.p[0];
    P->id = 1;
    P->code = "P-1";
    P->name = "测试工程";
    P->province = "330000";
    P->region = "330282";
    P->industry = "住建";
    P->funding = SF_PRIVATE;
    P->status = SF_ACTIVE;
    P->builder_id = 100;
    P->contractor_id = 200;
    P->contract_fen = YUAN(10000000);
    P->signed_on = D("2026-01-01");
    P->start = D("2026-01-05");
    P->planned_end = D("2027-12-31");
    P->has_clerk = true;
    P->notice_board = 1;
    P->account_on = D("2026-01-02");
    rule_cfg_default(&cfg);
    store_scan_globals_free(&G);
    memset(&G, 0, sizeof(G));
    G.text = arena_new(4096);
    rf_history_fini(&H);
}

static inline void
emp(int64_t w, const char *name, const char *entered, const char *left, bool contract)
{
    C.emp = zq_grow(C.emp, sizeof(*C.emp), C.nemp + 1, &C.emp_cap);
    C.emp[C.nemp++] = (struct sf_emp){ w, D(entered), left ? D(left) : SF_NO_DATE, contract, name };
    P->nemp = C.nemp;
}

/* rows must be added in (month, worker) order */
static inline void
att(const char *month, int64_t w, uint32_t bits)
{
    C.att = zq_grow(C.att, sizeof(*C.att), C.natt + 1, &C.att_cap);
    C.att[C.natt++] = (struct sf_att){ M(month), w, bits };
    P->natt = C.natt;
}

static inline void
pay(const char *month, int64_t w, const char *name, int d, int64_t due, int64_t paid,
    const char *paid_on, enum sf_channel ch)
{
    C.pay = zq_grow(C.pay, sizeof(*C.pay), C.npay + 1, &C.pay_cap);
    C.pay[C.npay++] =
        (struct sf_pay){ M(month), w,   300, d, due, 0, paid, paid_on ? D(paid_on) : SF_NO_DATE,
                         ch,       name };
    P->npay = C.npay;
}

static inline void
disb(int64_t w, int64_t amount, const char *on, bool ok)
{
    C.disb = zq_grow(C.disb, sizeof(*C.disb), C.ndisb + 1, &C.disb_cap);
    C.disb[C.ndisb++] = (struct sf_disb){ w, amount, D(on), ok };
    P->ndisb = C.ndisb;
}

static inline void
txn(const char *on, bool in, enum sf_txn_kind k, int64_t amount)
{
    C.txn = zq_grow(C.txn, sizeof(*C.txn), C.ntxn + 1, &C.txn_cap);
    C.txn[C.ntxn++] = (struct sf_txn){ D(on), in, k, amount };
    P->ntxn = C.ntxn;
}

static inline void
dep(bool cash, int64_t amount, const char *on, const char *expires)
{
    C.dep = zq_grow(C.dep, sizeof(*C.dep), C.ndep + 1, &C.dep_cap);
    C.dep[C.ndep++] = (struct sf_deposit){ (int64_t)C.ndep + 1,
                                           cash,
                                           cash ? "现金" : "银行保函",
                                           amount,
                                           D(on),
                                           expires ? D(expires) : SF_NO_DATE,
                                           SF_NO_DATE };
    P->ndep = C.ndep;
}

static inline void
ev(enum sf_dep_kind k, int64_t amount, const char *on)
{
    C.ev = zq_grow(C.ev, sizeof(*C.ev), C.nev + 1, &C.ev_cap);
    C.ev[C.nev++] = (struct sf_dep_event){ 1, k, amount, D(on) };
    P->nev = C.nev;
}

/* Inflows every month from January to the month before as_of, so that W02
 * stays quiet unless a test wants it. */
static inline void
funded_until(const char *month)
{
    for (zq_month m = M("2026-01"); m <= M(month); m++) {
        C.txn = zq_grow(C.txn, sizeof(*C.txn), C.ntxn + 1, &C.txn_cap);
        C.txn[C.ntxn++] = (struct sf_txn){ month_first_day(m) + 19, true, SF_TX_RG, YUAN(1000000) };
    }
    P->ntxn = C.ntxn;
}

/* ------------------------------------------------------------ running */

struct got {
    enum rule_id rule;
    enum rule_level level, base;
    char code[RULE_CODE_MAX];
    char month[8];
    char msg[RULE_MSG_MAX];
};
static struct got hits[64];
static int nhits;

static inline void
collect(void *ctx, const struct rule_hit *h)
{
    (void)ctx;
    if (nhits < 64) {
        hits[nhits].rule = h->rule;
        hits[nhits].level = h->level;
        hits[nhits].base = h->base_level;
        snprintf(hits[nhits].code, sizeof hits[nhits].code, "%s", h->code);
        snprintf(hits[nhits].month, sizeof hits[nhits].month, "%s", h->month);
        snprintf(hits[nhits].msg, sizeof hits[nhits].msg, "%s", h->message);
    }
    nhits++;
}

static struct rule_env env;

static inline void
run_at(const char *as_of, bool globals)
{
    struct rule_sink out = { collect, NULL };
    struct rf_project r;

    nhits = 0;
    memset(&env, 0, sizeof(env));
    env.cfg = &cfg;
    env.cal = cal;
    env.as_of = D(as_of);
    rule_env_festival(&env);
    rf_history_fini(&H);
    rf_history_build(&H, &G, cfg.dep_city_area);
    env.g = &G;
    env.hist = &H;
    rf_project_init(&r);
    if (C.np > 0) {
        rf_digest(&env, &C, P, &r);
        rules_project(&env, &C, P, &r, &out);
    }
    if (globals)
        rules_global(&env, &out);
    rf_project_fini(&r);
}

static inline void
run(const char *as_of)
{
    run_at(as_of, false);
}

/* The level of the hit of rule id (with month, "" for any), LEVEL_NONE when
 * there is none. */
static inline enum rule_level
level_of(enum rule_id id, const char *month)
{
    for (int i = 0; i < nhits && i < 64; i++)
        if (hits[i].rule == id && (month[0] == '\0' || strcmp(hits[i].month, month) == 0))
            return hits[i].level;
    return LEVEL_NONE;
}

static inline int
count_of(enum rule_id id)
{
    int n = 0;

    for (int i = 0; i < nhits && i < 64; i++)
        n += hits[i].rule == id;
    return n;
}

static inline const char *
msg_of(enum rule_id id)
{
    for (int i = 0; i < nhits && i < 64; i++)
        if (hits[i].rule == id)
            return hits[i].msg;
    return "";
}

/* A month of 20 attended days for workers 1..n, each paid 6,000 yuan in
 * full through the account on the 15th of the next month, with the bank's
 * line, registered since January. */
static inline void
clean_month(const char *month, int n, const char *paid_on)
{
    for (int w = 1; w <= n; w++)
        att(month, w, days(1, 20));
    for (int w = 1; w <= n; w++) {
        pay(month, w, "工人", 20, YUAN(6000), YUAN(6000), paid_on, SF_DAIFA);
        if (paid_on != NULL)
            disb(w, YUAN(6000), paid_on, true);
    }
}

static inline void
register_workers(int n)
{
    static const char *const names[] = { "张一", "李二", "王三", "赵四", "钱五",   "孙六",
                                         "周七", "吴八", "郑九", "冯十", "陈十一", "褚十二" };
    for (int w = 1; w <= n; w++)
        emp(w, names[(w - 1) % 12], "2026-01-05", NULL, true);
}

/* disbursements must be sorted by (worker, date) */
static inline int
cmp_disb(const void *a, const void *b)
{
    const struct sf_disb *x = a, *y = b;

    if (x->worker_id != y->worker_id)
        return x->worker_id < y->worker_id ? -1 : 1;
    return (x->paid_on > y->paid_on) - (x->paid_on < y->paid_on);
}

static inline void
sort_disb(void)
{
    qsort(C.disb, C.ndisb, sizeof(*C.disb), cmp_disb);
}

/* ------------------------------------------------------------ globals */

static inline void
clue(const char *ticket, const char *received, int64_t project_id, const char *respondent,
     int64_t people, int64_t amount_fen, const char *status, const char *accept_by)
{
    struct sf_clue *c;

    G.clues = zq_grow(G.clues, sizeof(*G.clues), G.nclues + 1, &G.clues_cap);
    c = &G.clues[G.nclues++];
    memset(c, 0, sizeof(*c));
    c->id = (int64_t)G.nclues;
    c->ticket = ticket;
    c->external_id = "";
    c->province = "330000";
    c->region = "330282";
    c->dept = "hrss";
    c->respondent = respondent;
    c->respondent_uscc = "";
    c->project_code = project_id ? "P-1" : "";
    c->status = status;
    c->project_id = project_id;
    c->received = D(received);
    c->people = people;
    c->amount = amount_fen;
    c->accept_by = accept_by ? D(accept_by) : SF_NO_DATE;
    c->accepted = c->close_by = c->closed = SF_NO_DATE;
}

static inline struct sf_case *
kase(const char *no, const char *filed, const char *period, int64_t people, int64_t amount_fen)
{
    struct sf_case *c;

    G.cases = zq_grow(G.cases, sizeof(*G.cases), G.ncases + 1, &G.cases_cap);
    c = &G.cases[G.ncases++];
    memset(c, 0, sizeof(*c));
    c->id = (int64_t)G.ncases;
    c->case_no = no;
    c->province = "330000";
    c->region = "330282";
    c->dept = "hrss";
    c->debtor_uscc = "";
    c->debtor_name = "某公司";
    c->project_code = "";
    c->funding = -1;
    c->verified = true;
    c->filed = D(filed);
    c->deadline = calendar_add_workdays(cal, c->filed, 60, NULL);
    c->closed = SF_NO_DATE;
    c->people = people;
    c->amount = amount_fen;
    c->period_from = period ? M(period) : SF_NO_MONTH;
    return c;
}

/* W11: ≥ 3 clues in the 30 days up to D on one project (or respondent). */
static inline void
setup(void)
{
    struct zq_err err;

    if (calendar_new_builtin(&cal, &err) < 0)
        abort();
    sf_chunk_init(&C);
    memset(&G, 0, sizeof(G));
    G.text = arena_new(4096);
}

static inline void
teardown(void)
{
    sf_chunk_fini(&C);
    store_scan_globals_free(&G);
    rf_history_fini(&H);
    calendar_free(cal);
}

#endif
