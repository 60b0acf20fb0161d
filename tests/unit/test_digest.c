/*
 * Unit tests for the rules' digests and calculations: the deposit required
 * by SPEC §6 step by step, a project digest through its codec, the month by
 * month refresh of a stored digest (rf_digest_merge gives the digest of all
 * the rows), and the risk ledger's score and class.
 */
#include "rules_fixture.h"

/* ------------------------------------------------------------ deposits */

static void
test_deposit_calc(void)
{
    struct dep_facts f;
    struct dep_result r;

    rule_cfg_default(&cfg);
    memset(&f, 0, sizeof(f));
    f.contract_fen = YUAN(12345678) + 90;
    f.ref = D("2026-06-01");
    f.first_start = SF_NO_DATE;
    f.last_arrears = f.last_arrears_before_ref = SF_NO_DATE;
    f.has_account = f.has_registered = true;
    /* new to the area: 2 % of 12,345,678.90, rounded half up: 246,913.578 -> 246,913.58 */
    dep_required(&cfg, D("2026-11-23"), &f, &r);
    T_EQ_INT(r.required_fen, 24691358);
    T_CHECK(r.nsteps >= 3);
    T_CONTAINS(r.steps[1], "不足 2 年");
    /* 2 clean years before the contract: x 50 % */
    f.first_start = D("2024-06-01");
    dep_required(&cfg, D("2026-11-23"), &f, &r);
    T_EQ_INT(r.factor_pct, 50);
    T_EQ_INT(r.required_fen, 12345679);
    /* a day short of 2 years: no reduction */
    f.first_start = D("2024-06-02");
    dep_required(&cfg, D("2026-11-23"), &f, &r);
    T_EQ_INT(r.factor_pct, 100);
    /* 3 clean years with 实名制 and a wage account: exempt */
    f.first_start = D("2023-06-01");
    dep_required(&cfg, D("2026-11-23"), &f, &r);
    T_CHECK(r.exempt);
    T_EQ_INT(r.required_fen, 0);
    f.has_account = false; /* without the account only x 50 % */
    dep_required(&cfg, D("2026-11-23"), &f, &r);
    T_CHECK(!r.exempt);
    T_EQ_INT(r.factor_pct, 50);
    f.has_account = true;
    /* arrears in the 2 years before D: x 150 % */
    f.last_arrears = f.last_arrears_before_ref = D("2025-03-01");
    dep_required(&cfg, D("2026-11-23"), &f, &r);
    T_EQ_INT(r.factor_pct, 150);
    /* a case older than 2 years before D but inside the 2 years before the
     * contract: no reduction, no increase */
    f.last_arrears = f.last_arrears_before_ref = D("2024-10-01");
    dep_required(&cfg, D("2026-11-23"), &f, &r);
    T_EQ_INT(r.factor_pct, 100);
    /* blacklisted: x 200 % and no cap */
    f.last_arrears = f.last_arrears_before_ref = SF_NO_DATE;
    f.first_start = SF_NO_DATE;
    f.black_name = "某建设公司";
    f.contract_fen = YUAN(500000000);
    dep_required(&cfg, D("2026-11-23"), &f, &r);
    T_CHECK(r.uncapped && !r.capped);
    T_EQ_INT(r.required_fen, YUAN(20000000));
    /* the cap of 5,000,000 yuan */
    f.black_name = NULL;
    dep_required(&cfg, D("2026-11-23"), &f, &r);
    T_CHECK(r.capped);
    T_EQ_INT(r.required_fen, YUAN(5000000));
    /* the optional small-contract exemption */
    cfg.dep_small_exempt = true;
    f.contract_fen = YUAN(2999999);
    dep_required(&cfg, D("2026-11-23"), &f, &r);
    T_CHECK(r.exempt);
    f.contract_fen = YUAN(3000000);
    dep_required(&cfg, D("2026-11-23"), &f, &r);
    T_CHECK(!r.exempt);
    /* another ratio when the contractor holds deposits elsewhere */
    rule_cfg_default(&cfg);
    cfg.dep_multi_ratio_bp = 50;
    f.other_deposits = true;
    dep_required(&cfg, D("2026-11-23"), &f, &r);
    T_EQ_INT(r.ratio_bp, 50);
    T_EQ_INT(r.required_fen, YUAN(15000));
}

/* A digest survives encoding; damaged bytes are refused; reuse follows the
 * dates. */
static void
test_codec(void)
{
    struct rf_project a, b;
    struct arena *names = arena_new(1024);
    struct buf enc;
    struct rule_sink none = { collect, NULL };

    reset();
    register_workers(3);
    funded_until("2026-10");
    clean_month("2026-09", 3, "2026-10-15");
    C.pay[0].paid = 0;
    C.pay[0].paid_on = SF_NO_DATE;
    C.emp[0].left = D("2026-10-05");
    run("2026-11-23");
    rf_project_init(&a);
    rf_project_init(&b);
    rf_digest(&env, &C, P, &a);
    T_CHECK(a.nm >= 2 && a.nlv == 1);
    buf_init(&enc, 1 << 20);
    T_EQ_INT(rf_encode(&a, &enc), 0);
    T_EQ_INT(rf_decode(enc.p, enc.len, &b, names), 0);
    T_EQ_INT(b.nm, a.nm);
    T_EQ_INT(b.nlv, a.nlv);
    T_EQ_INT(b.registered, a.registered);
    T_EQ_INT(b.max_date, a.max_date);
    T_CHECK(b.nm == a.nm && memcmp(b.m, a.m, a.nm * sizeof(*a.m)) == 0);
    T_EQ_STR(b.lv[0].name, a.lv[0].name);
    T_CHECK(b.lv[0].left == a.lv[0].left);
    T_EQ_INT(b.nlvm, a.nlvm);
    for (size_t i = 0; i < a.nlvm && i < b.nlvm; i++) /* field by field: padding is not data */
        T_CHECK(b.lvm[i].month == a.lvm[i].month && b.lvm[i].worker_id == a.lvm[i].worker_id &&
                b.lvm[i].unpaid == a.lvm[i].unpaid && b.lvm[i].noline == a.lvm[i].noline);
    /* the same hits from either */
    nhits = 0;
    b.p = P;
    rules_project(&env, &C, P, &b, &none);
    T_EQ_INT(level_of(W03, "2026-09"), LEVEL_ORANGE);
    T_EQ_INT(level_of(W22, ""), LEVEL_ORANGE);
    /* damaged or truncated bytes */
    T_CHECK(rf_decode(enc.p, enc.len - 1, &b, names) < 0);
    enc.p[0] = 99;
    T_CHECK(rf_decode(enc.p, enc.len, &b, names) < 0);
    T_CHECK(rf_decode(enc.p, 0, &b, names) < 0);
    /* reuse: made for 2026-11-23, its rows end on 2026-10-15 */
    T_CHECK(rf_digest_reusable(&env, &a, D("2026-11-23")));
    T_CHECK(rf_digest_reusable(&env, &a, D("2026-10-20")));  /* rows end before both */
    T_CHECK(!rf_digest_reusable(&env, &a, D("2026-10-10"))); /* made before the last row */
    env.as_of = D("2026-10-12");
    T_CHECK(!rf_digest_reusable(&env, &a, D("2026-11-23")));
    env.as_of = D("2026-11-23");
    cfg.due_day = 5; /* other due dates: not reusable */
    T_CHECK(!rf_digest_reusable(&env, &a, D("2026-11-23")));
    rule_cfg_default(&cfg);
    {
        uint64_t h0 = rf_settings_hash(&cfg);
        cfg.w05_days = 3; /* a setting the digest depends on */
        T_CHECK(rf_settings_hash(&cfg) != h0);
        rule_cfg_default(&cfg);
        cfg.w10_days = 45; /* one it does not */
        T_CHECK(rf_settings_hash(&cfg) == h0);
    }
    buf_fini(&enc);
    arena_free(names);
    rf_project_fini(&a);
    rf_project_fini(&b);
}

/* A chunk holding only month m of project P's rows (with every registration,
 * bank line and the transactions of the month), as an incremental scan loads
 * it: see rf_digest_merge. */
static bool
listed(const zq_month *ms, size_t n, zq_month m)
{
    for (size_t i = 0; i < n; i++)
        if (ms[i] == m)
            return true;
    return false;
}

static void
month_only(struct sf_chunk *dst, const zq_month *ms, size_t nm)
{
    sf_chunk_init(dst);
    dst->p = zq_calloc(1, sizeof(*dst->p));
    dst->np = dst->p_cap = 1;
    dst->p[0] = *P;
    dst->p[0].emp0 = dst->p[0].att0 = dst->p[0].pay0 = dst->p[0].disb0 = dst->p[0].txn0 = 0;
    dst->p[0].natt = dst->p[0].npay = dst->p[0].ntxn = 0;
    dst->emp = zq_malloc((C.nemp + 1) * sizeof(*C.emp));
    memcpy(dst->emp, C.emp, C.nemp * sizeof(*C.emp));
    dst->nemp = C.nemp;
    dst->disb = zq_malloc((C.ndisb + 1) * sizeof(*C.disb));
    memcpy(dst->disb, C.disb, C.ndisb * sizeof(*C.disb));
    dst->ndisb = C.ndisb;
    for (size_t i = 0; i < C.natt; i++)
        if (listed(ms, nm, C.att[i].month)) {
            dst->att = zq_grow(dst->att, sizeof(*dst->att), dst->natt + 1, &dst->att_cap);
            dst->att[dst->natt++] = C.att[i];
        }
    for (size_t i = 0; i < C.npay; i++)
        if (listed(ms, nm, C.pay[i].month)) {
            dst->pay = zq_grow(dst->pay, sizeof(*dst->pay), dst->npay + 1, &dst->pay_cap);
            dst->pay[dst->npay++] = C.pay[i];
        }
    for (size_t i = 0; i < C.ntxn; i++)
        if (listed(ms, nm, date_month(C.txn[i].date))) {
            dst->txn = zq_grow(dst->txn, sizeof(*dst->txn), dst->ntxn + 1, &dst->txn_cap);
            dst->txn[dst->ntxn++] = C.txn[i];
        }
    dst->p[0].natt = dst->natt;
    dst->p[0].npay = dst->npay;
    dst->p[0].ntxn = dst->ntxn;
}

static bool
same_digest(const struct rf_project *a, const struct rf_project *b)
{
    struct buf x, y;
    bool same;

    buf_init(&x, 1 << 20);
    buf_init(&y, 1 << 20);
    same = rf_encode(a, &x) == 0 && rf_encode(b, &y) == 0 && x.len == y.len &&
           memcmp(x.p, y.p, x.len) == 0;
    buf_fini(&x);
    buf_fini(&y);
    return same;
}

/* Replacing the changed month of a stored digest gives the digest of all the
 * rows: October arrives (attendance, payroll, transactions) on a project whose
 * September is digested, with leavers owed in both months. */
static void
test_merge(void)
{
    struct rf_project stored, fresh, full;
    struct sf_chunk part;
    zq_month both[2] = { M("2026-10"), M("2026-11") }, nov = M("2026-11");

    reset();
    emp(1, "林才", "2026-01-05", "2026-10-12", true); /* unpaid in September, left in October */
    emp(2, "李二", "2026-01-05", "2026-10-20", true); /* October attended, no line */
    emp(3, "王三", "2026-01-05", NULL, true);
    funded_until("2026-09");
    att("2026-09", 1, days(1, 20));
    att("2026-09", 2, days(1, 20));
    att("2026-09", 3, days(1, 20));
    pay("2026-09", 1, "林才", 20, YUAN(6000), 0, NULL, SF_DAIFA);
    pay("2026-09", 2, "李二", 20, YUAN(6000), YUAN(6000), "2026-10-15", SF_DAIFA);
    pay("2026-09", 3, "王三", 20, YUAN(6000), YUAN(6000), "2026-10-15", SF_DAIFA);
    disb(2, YUAN(6000), "2026-10-15", true);
    disb(3, YUAN(6000), "2026-10-15", true);
    run("2026-11-23");
    rf_project_init(&stored);
    rf_project_init(&fresh);
    rf_project_init(&full);
    rf_digest(&env, &C, P, &stored); /* before October's rows */
    /* October's rows arrive, and a payment in November: two months change */
    att("2026-10", 1, days(1, 10));
    att("2026-10", 2, days(1, 19));
    att("2026-10", 3, days(1, 20));
    pay("2026-10", 3, "王三", 20, YUAN(6000), YUAN(6000), "2026-11-16", SF_DAIFA);
    disb(3, YUAN(6000), "2026-11-16", true);
    txn("2026-10-20", true, SF_TX_RG, YUAN(1000000));
    txn("2026-11-16", false, SF_TX_DAIFA, YUAN(6000));
    sort_disb();
    rf_digest(&env, &C, P, &full);
    month_only(&part, both, 2);
    rf_digest(&env, &part, &part.p[0], &fresh);
    T_EQ_INT(fresh.nm, 2);
    rf_digest_merge(&stored, &fresh, both, 2);
    T_CHECK(same_digest(&stored, &full));
    T_EQ_INT(stored.nlv, 2);
    T_EQ_INT(stored.nlvm, 3); /* 林才 September and October, 李二 October */
    sf_chunk_fini(&part);
    /* then one more transaction in November: only November is replaced */
    txn("2026-11-20", true, SF_TX_RG, YUAN(5000));
    rf_project_fini(&full);
    rf_project_init(&full);
    rf_digest(&env, &C, P, &full);
    month_only(&part, &nov, 1);
    rf_project_fini(&fresh);
    rf_project_init(&fresh);
    rf_digest(&env, &part, &part.p[0], &fresh);
    rf_digest_merge(&stored, &fresh, &nov, 1);
    T_CHECK(same_digest(&stored, &full));
    sf_chunk_fini(&part);
    rf_project_fini(&stored);
    rf_project_fini(&fresh);
    rf_project_fini(&full);
}

static void
test_ledger_score(void)
{
    rule_cfg_default(&cfg);
    T_EQ_INT(rule_score(1, 0, 0), 10);
    T_EQ_INT(rule_score(0, 2, 1), 9);
    T_EQ_STR(rule_class(&cfg, 10), "高");
    T_EQ_STR(rule_class(&cfg, 9), "中");
    T_EQ_STR(rule_class(&cfg, 4), "中");
    T_EQ_STR(rule_class(&cfg, 3), "低");
    T_EQ_STR(rule_class(&cfg, 1), "低");
    T_EQ_STR(rule_class(&cfg, 0), "");
}

static void
test_all(void)
{
    setup();
    test_deposit_calc();
    test_codec();
    test_merge();
    test_ledger_score();
    teardown();
}

static const struct t_case t_cases[] = {
    { "digest", test_all },
    { 0 },
};
T_MAIN(t_cases)
