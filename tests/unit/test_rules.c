/*
 * Unit tests for rules/: every rule W01-W23 on hand-built facts, table
 * driven where the rule has thresholds, with the boundaries SPEC §5 names
 * (exactly 30 days, exactly 10 %, exactly 10 workers, a due date on a
 * Saturday or inside the National Day holiday, a guarantee expiring in
 * exactly 30 days) and W20's raise.  The digest, its storage and the
 * deposit calculation are in test_digest.c; the fixtures in rules_fixture.h.
 */
#include "rules_fixture.h"

/* ------------------------------------------------------------ tests */

static void
test_table(void)
{
    for (int i = 1; i < RULE_COUNT; i++) {
        T_EQ_INT(rule_defs[i].id, i);
        T_CHECK(strlen(rule_defs[i].code) == 3 && rule_defs[i].name[0] && rule_defs[i].basis[0] &&
                rule_defs[i].levels[0]);
        T_CHECK(rule_by_code(rule_defs[i].code) == &rule_defs[i]);
    }
    T_CHECK(rule_by_code("W24") == NULL);
    T_EQ_STR(rule_level_name(LEVEL_RED), "red");
    T_EQ_INT(rule_level_parse("yellow"), LEVEL_YELLOW);
    T_EQ_INT(rule_level_parse("pink"), -1);
    T_EQ_STR(rule_subject_name(SUBJ_CASE), "case");
}

static void
test_config(void)
{
    struct config *c = config_new();
    struct rule_cfg r;
    struct zq_err err;

    zq_err_clear(&err);
    T_EQ_INT(rule_cfg_load(&r, c, &err), 0);
    T_EQ_INT(r.w01_days, 30);
    T_EQ_INT(r.w03_red_fen, YUAN(100000));
    T_EQ_INT(r.dep_ratio_bp, 200);
    T_EQ_INT(r.dep_cap_fen, YUAN(5000000));
    T_CHECK(config_set(c, "deposit.ratio", "1.5", &err) == 0);
    T_CHECK(config_set(c, "rules.w10_days", "45", &err) == 0);
    T_CHECK(config_set(c, "rules.chuxi", "2027-02-05, 2028-01-25", &err) == 0);
    T_EQ_INT(rule_cfg_load(&r, c, &err), 0);
    T_EQ_INT(r.dep_ratio_bp, 150);
    T_EQ_INT(r.w10_days, 45);
    T_EQ_INT(r.nchuxi, 2);
    T_CHECK(config_set(c, "deposit.ratio", "4", &err) == 0); /* allowed 1-3 % */
    T_CHECK(rule_cfg_load(&r, c, &err) < 0);
    T_CONTAINS(err.msg, "deposit.ratio");
    T_CHECK(config_set(c, "deposit.ratio", "2", &err) == 0);
    T_CHECK(config_set(c, "rules.w05_days", "two", &err) == 0);
    T_CHECK(rule_cfg_load(&r, c, &err) < 0);
    T_CONTAINS(err.msg, "rules.w05_days");
    config_free(c);
}

/* Due dates: the last day of M+1, brought forward to a working day. */
static void
test_due_dates(void)
{
    char b[DATE_STR_LEN];

    rule_cfg_default(&cfg);
    /* 2026-10-31 is a Saturday */
    T_EQ_STR(date_format(rule_due_date(&cfg, cal, M("2026-09")), b), "2026-10-30");
    /* 2026-09-30 is a Wednesday */
    T_EQ_STR(date_format(rule_due_date(&cfg, cal, M("2026-08")), b), "2026-09-30");
    /* 2026-05-31 is a Sunday */
    T_EQ_STR(date_format(rule_due_date(&cfg, cal, M("2026-04")), b), "2026-05-29");
    /* configured: the 5th of M+1; 2026-10-05 is inside the National Day holiday */
    cfg.due_day = 5;
    T_EQ_STR(date_format(rule_due_date(&cfg, cal, M("2026-09")), b), "2026-09-30");
    /* the 31st of a 30-day month is its last day */
    cfg.due_day = 31;
    T_EQ_STR(date_format(rule_due_date(&cfg, cal, M("2026-10")), b), "2026-11-30");
    rule_cfg_default(&cfg);
}

static void
test_clean_project(void)
{
    reset();
    register_workers(12);
    funded_until("2026-10");
    clean_month("2026-09", 12, "2026-10-15");
    clean_month("2026-10", 12, "2026-11-15");
    sort_disb();
    dep(true, YUAN(200000), "2026-01-03", NULL);
    run("2026-11-23");
    T_EQ_INT(nhits, 0);
    for (int i = 0; i < nhits && i < 64; i++)
        fprintf(stderr, "     unexpected %s %s\n", rule_defs[hits[i].rule].code, hits[i].msg);
}

/* W01: exactly 30 days after signing is still in time. */
static void
test_w01(void)
{
    static const struct {
        const char *as_of;
        enum rule_level want;
    } cases[] = {
        { "2026-01-31", LEVEL_NONE },   /* 30 days */
        { "2026-02-01", LEVEL_ORANGE }, /* 31 days */
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reset();
        P->account_on = SF_NO_DATE;
        run(cases[i].as_of);
        T_EQ_INT(level_of(W01, ""), cases[i].want);
    }
    reset();
    P->account_on = D("2026-02-10"); /* opened after the scan date: none on it */
    run("2026-02-05");
    T_EQ_INT(level_of(W01, ""), LEVEL_ORANGE);
    reset();
    P->account_on = SF_NO_DATE;
    P->signed_on = SF_NO_DATE; /* start date then */
    run("2026-02-04");
    T_EQ_INT(level_of(W01, ""), LEVEL_NONE);
    run("2026-02-05");
    T_EQ_INT(level_of(W01, ""), LEVEL_ORANGE);
    reset();
    P->account_on = SF_NO_DATE;
    P->status = SF_STOPPED;
    run("2026-06-01");
    T_EQ_INT(level_of(W01, ""), LEVEL_NONE);
}

/* W02: a month without 人工费; two in a row are red. */
static void
test_w02(void)
{
    reset();
    funded_until("2026-10");
    /* remove the inflow of September */
    for (size_t i = 0; i < C.ntxn; i++)
        if (date_month(C.txn[i].date) == M("2026-09"))
            C.txn[i].kind = SF_TX_OTHER;
    run("2026-11-23");
    T_EQ_INT(count_of(W02), 1);
    T_EQ_INT(level_of(W02, "2026-09"), LEVEL_ORANGE);
    for (size_t i = 0; i < C.ntxn; i++)
        if (date_month(C.txn[i].date) == M("2026-10"))
            C.txn[i].kind = SF_TX_OTHER;
    run("2026-11-23");
    T_EQ_INT(count_of(W02), 2);
    T_EQ_INT(level_of(W02, "2026-09"), LEVEL_RED);
    T_EQ_INT(level_of(W02, "2026-10"), LEVEL_RED);
    /* D's own month is not judged yet; an inflow after D does not count */
    reset();
    funded_until("2026-10");
    C.txn[C.ntxn - 1].date = D("2026-11-24");
    run("2026-11-23");
    T_EQ_INT(level_of(W02, "2026-10"), LEVEL_ORANGE);
}

/* W03: unpaid after the due date, levels by workers and amount; late only
 * is yellow; judged as of D (a payment after D is unpaid on D). */
static void
test_w03(void)
{
    static const struct {
        int unpaid;       /* workers unpaid */
        int64_t each_fen; /* wage of each */
        enum rule_level want;
    } cases[] = {
        { 9, YUAN(6000), LEVEL_ORANGE }, /* 9 workers, 54,000 */
        { 10, YUAN(6000), LEVEL_RED },   /* exactly 10 workers */
        { 2, YUAN(50000), LEVEL_RED },   /* exactly 100,000 yuan */
        { 1, 9999999, LEVEL_ORANGE },    /* 99,999.99 yuan */
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reset();
        register_workers(12);
        funded_until("2026-10");
        for (int w = 1; w <= 12; w++)
            att("2026-09", w, days(1, 20));
        for (int w = 1; w <= 12; w++)
            pay("2026-09", w, "工人", 20, cases[i].each_fen,
                w <= cases[i].unpaid ? 0 : cases[i].each_fen,
                w <= cases[i].unpaid ? NULL : "2026-10-15", SF_DAIFA);
        run("2026-11-23");
        T_EQ_INT(level_of(W03, "2026-09"), cases[i].want);
    }
    /* the due date of 2026-09 is Friday 2026-10-30: on it, nothing is late yet */
    reset();
    register_workers(2);
    funded_until("2026-09");
    att("2026-09", 1, days(1, 20));
    pay("2026-09", 1, "工人", 20, YUAN(6000), 0, NULL, SF_DAIFA);
    run("2026-10-30");
    T_EQ_INT(level_of(W03, ""), LEVEL_NONE);
    run("2026-10-31");
    T_EQ_INT(level_of(W03, "2026-09"), LEVEL_ORANGE);
    /* paid short */
    reset();
    register_workers(1);
    funded_until("2026-10");
    att("2026-09", 1, days(1, 20));
    pay("2026-09", 1, "工人", 20, YUAN(6000), YUAN(5999), "2026-10-15", SF_DAIFA);
    disb(1, YUAN(5999), "2026-10-15", true);
    run("2026-11-23");
    T_EQ_INT(level_of(W03, "2026-09"), LEVEL_ORANGE);
    T_CONTAINS(msg_of(W03), "欠发 1.00 元");
    /* paid in full after the due date: yellow; as of a date before the
     * payment: unpaid, orange */
    reset();
    register_workers(1);
    funded_until("2026-10");
    att("2026-09", 1, days(1, 20));
    pay("2026-09", 1, "工人", 20, YUAN(6000), YUAN(6000), "2026-11-04", SF_DAIFA);
    disb(1, YUAN(6000), "2026-11-04", true);
    run("2026-11-23");
    T_EQ_INT(level_of(W03, "2026-09"), LEVEL_YELLOW);
    run("2026-11-03");
    T_EQ_INT(level_of(W03, "2026-09"), LEVEL_ORANGE);
}

/* W04: attended, no line; red above 10 % of the month's attendees. */
static void
test_w04(void)
{
    static const struct {
        int attendees, without;
        enum rule_level want;
    } cases[] = {
        { 10, 1, LEVEL_ORANGE }, /* exactly 10 % */
        { 9, 1, LEVEL_RED },     /* 11 % */
        { 10, 0, LEVEL_NONE },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reset();
        register_workers(cases[i].attendees);
        funded_until("2026-10");
        for (int w = 1; w <= cases[i].attendees; w++)
            att("2026-09", w, days(1, 20));
        for (int w = cases[i].without + 1; w <= cases[i].attendees; w++) {
            pay("2026-09", w, "工人", 20, YUAN(6000), YUAN(6000), "2026-10-15", SF_DAIFA);
            disb(w, YUAN(6000), "2026-10-15", true);
        }
        run("2026-11-23");
        T_EQ_INT(level_of(W04, "2026-09"), cases[i].want);
        /* not due yet (the due date is 2026-10-30): nothing */
        run("2026-10-30");
        T_EQ_INT(level_of(W04, ""), LEVEL_NONE);
    }
}

/* W05: more than 2 days apart, where the project sends attendance. */
static void
test_w05(void)
{
    static const struct {
        int attended, declared;
        enum rule_level want;
    } cases[] = {
        { 20, 22, LEVEL_NONE },   /* exactly 2 */
        { 20, 23, LEVEL_YELLOW }, /* 3 */
        { 20, 17, LEVEL_YELLOW },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reset();
        register_workers(2);
        funded_until("2026-10");
        att("2026-09", 1, days(1, cases[i].attended));
        att("2026-09", 2, days(1, 20));
        pay("2026-09", 1, "张一", cases[i].declared, YUAN(6000), YUAN(6000), "2026-10-15",
            SF_DAIFA);
        pay("2026-09", 2, "李二", 20, YUAN(6000), YUAN(6000), "2026-10-15", SF_DAIFA);
        disb(1, YUAN(6000), "2026-10-15", true);
        disb(2, YUAN(6000), "2026-10-15", true);
        run("2026-11-23");
        T_EQ_INT(level_of(W05, "2026-09"), cases[i].want);
    }
    /* no attendance sent that month at all: not judged */
    reset();
    register_workers(1);
    funded_until("2026-10");
    pay("2026-09", 1, "张一", 22, YUAN(6000), YUAN(6000), "2026-10-15", SF_DAIFA);
    disb(1, YUAN(6000), "2026-10-15", true);
    run("2026-11-23");
    T_EQ_INT(level_of(W05, ""), LEVEL_NONE);
}

/* W06 and W23: channel and the bank's proof. */
static void
test_w06_w23(void)
{
    static const struct {
        enum sf_channel ch;
        int64_t disb_fen; /* 0: no bank line */
        const char *disb_on;
        bool ok;
        enum rule_level w06, w23;
    } cases[] = {
        { SF_DAIFA, YUAN(6000), "2026-10-15", true, LEVEL_NONE, LEVEL_NONE },
        { SF_CASH, 0, NULL, false, LEVEL_YELLOW, LEVEL_NONE },
        { SF_BANK, 0, NULL, false, LEVEL_YELLOW, LEVEL_NONE },
        { SF_DAIFA, YUAN(6000), "2026-10-15", false, LEVEL_NONE, LEVEL_ORANGE }, /* 失败 */
        { SF_DAIFA, YUAN(6000), "2026-10-25", true, LEVEL_NONE, LEVEL_NONE },    /* 10 days */
        { SF_DAIFA, YUAN(6000), "2026-10-26", true, LEVEL_NONE, LEVEL_ORANGE },  /* 11 days */
        { SF_DAIFA, YUAN(5999), "2026-10-15", true, LEVEL_NONE, LEVEL_NONE },    /* - 1 yuan */
        { SF_DAIFA, 599899, "2026-10-15", true, LEVEL_NONE, LEVEL_ORANGE },      /* - 1.01 */
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reset();
        register_workers(12);
        funded_until("2026-10");
        for (int w = 1; w <= 12; w++)
            att("2026-09", w, days(1, 20));
        for (int w = 1; w <= 12; w++) {
            pay("2026-09", w, "工人", 20, YUAN(6000), YUAN(6000), "2026-10-15",
                w == 1 ? cases[i].ch : SF_DAIFA);
            if (w > 1)
                disb(w, YUAN(6000), "2026-10-15", true);
        }
        if (cases[i].disb_fen > 0)
            disb(1, cases[i].disb_fen, cases[i].disb_on, cases[i].ok);
        sort_disb();
        run("2026-11-23");
        T_EQ_INT(level_of(W06, "2026-09"), cases[i].w06);
        T_EQ_INT(level_of(W23, "2026-09"), cases[i].w23);
    }
    /* W23 red above 10 % of the month's lines: 2 of 12 (16 %) */
    reset();
    register_workers(12);
    funded_until("2026-10");
    clean_month("2026-09", 12, "2026-10-15");
    C.disb[0].ok = false;
    C.disb[1].ok = false;
    run("2026-11-23");
    T_EQ_INT(level_of(W23, "2026-09"), LEVEL_RED);
    /* no bank lines for the account at all: W23 is not judged */
    reset();
    register_workers(1);
    funded_until("2026-10");
    att("2026-09", 1, days(1, 20));
    pay("2026-09", 1, "张一", 20, YUAN(6000), YUAN(6000), "2026-10-15", SF_DAIFA);
    run("2026-11-23");
    T_EQ_INT(level_of(W23, ""), LEVEL_NONE);
}

/* W07: attendance or payroll of someone not registered on the project. */
static void
test_w07(void)
{
    reset();
    register_workers(1);
    funded_until("2026-10");
    att("2026-09", 1, days(1, 20));
    att("2026-09", 2, days(1, 20));
    pay("2026-09", 1, "张一", 20, YUAN(6000), YUAN(6000), "2026-10-15", SF_DAIFA);
    pay("2026-09", 2, "周海涛", 20, YUAN(6000), YUAN(6000), "2026-10-15", SF_DAIFA);
    disb(1, YUAN(6000), "2026-10-15", true);
    disb(2, YUAN(6000), "2026-10-15", true);
    run("2026-11-23");
    T_EQ_INT(level_of(W07, "2026-09"), LEVEL_ORANGE);
    T_CONTAINS(msg_of(W07), "周海涛");
    T_EQ_INT(count_of(W07), 1);
}

/* W08: more than 10 % without a contract. */
static void
test_w08(void)
{
    static const struct {
        int workers, without;
        enum rule_level want;
    } cases[] = {
        { 10, 1, LEVEL_NONE },   /* exactly 10 % */
        { 9, 1, LEVEL_YELLOW },  /* 11 % */
        { 12, 4, LEVEL_YELLOW }, /* 4 of 12 */
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reset();
        funded_until("2026-10");
        for (int w = 1; w <= cases[i].workers; w++)
            emp(w, "工人", "2026-01-05", NULL, w > cases[i].without);
        run("2026-11-23");
        T_EQ_INT(level_of(W08, ""), cases[i].want);
    }
}

/* W09 and W10: deposits against the requirement; guarantees near expiry. */
static void
test_w09_w10(void)
{
    static const struct {
        int64_t cash_fen;
        const char *guarantee_expires; /* NULL: none */
        const char *as_of;
        enum rule_level w09, w10;
    } cases[] = {
        { YUAN(200000), NULL, "2026-11-23", LEVEL_NONE, LEVEL_NONE },       /* 2 %, exactly */
        { YUAN(200000) - 1, NULL, "2026-11-23", LEVEL_ORANGE, LEVEL_NONE }, /* 1 fen short */
        { 0, "2026-12-23", "2026-11-23", LEVEL_NONE, LEVEL_YELLOW },        /* 30 days */
        { 0, "2026-12-24", "2026-11-23", LEVEL_NONE, LEVEL_NONE },          /* 31 days */
        { 0, "2026-11-23", "2026-11-23", LEVEL_NONE, LEVEL_YELLOW },        /* expires on D */
        { 0, "2026-11-22", "2026-11-23", LEVEL_ORANGE, LEVEL_NONE },        /* expired */
        { 0, "2026-12-10", "2026-11-23", LEVEL_NONE, LEVEL_YELLOW },        /* 17 days */
        { 0, NULL, "2026-11-23", LEVEL_ORANGE, LEVEL_NONE },                /* nothing */
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reset();
        funded_until("2026-10");
        if (cases[i].cash_fen > 0)
            dep(true, cases[i].cash_fen, "2026-01-03", NULL);
        if (cases[i].guarantee_expires != NULL)
            dep(false, YUAN(200000), "2026-01-03", cases[i].guarantee_expires);
        run(cases[i].as_of);
        T_EQ_INT(level_of(W09, ""), cases[i].w09);
        T_EQ_INT(level_of(W10, ""), cases[i].w10);
    }
    /* not active: no deposit rules */
    reset();
    P->status = SF_DONE;
    run("2026-11-23");
    T_EQ_INT(level_of(W09, ""), LEVEL_NONE);
}

/* W16: the account balance below the wages due and unpaid. */
static void
test_w16(void)
{
    reset();
    register_workers(2);
    att("2026-09", 1, days(1, 20));
    att("2026-09", 2, days(1, 20));
    pay("2026-09", 1, "张一", 20, YUAN(6000), 0, NULL, SF_DAIFA);
    pay("2026-09", 2, "李二", 20, YUAN(6000), 0, NULL, SF_DAIFA);
    dep(true, YUAN(200000), "2026-01-03", NULL);
    for (zq_month m = M("2026-01"); m <= M("2026-10"); m++) {
        C.txn = zq_grow(C.txn, sizeof(*C.txn), C.ntxn + 1, &C.txn_cap);
        C.txn[C.ntxn++] = (struct sf_txn){ month_first_day(m) + 19, true, SF_TX_RG, YUAN(1200) };
    }
    P->ntxn = C.ntxn;
    run("2026-11-23"); /* balance 12,000 >= owed 12,000 */
    T_EQ_INT(level_of(W16, ""), LEVEL_NONE);
    txn("2026-11-02", false, SF_TX_OTHER, 1);
    run("2026-11-23"); /* 1 fen short */
    T_EQ_INT(level_of(W16, ""), LEVEL_ORANGE);
    T_EQ_INT(level_of(W03, "2026-09"), LEVEL_ORANGE);
}

/* W18: notice board or wage clerk missing on an active project. */
static void
test_w18(void)
{
    reset();
    P->notice_board = 0;
    funded_until("2026-10");
    dep(true, YUAN(200000), "2026-01-03", NULL);
    run("2026-11-23");
    T_EQ_INT(level_of(W18, ""), LEVEL_YELLOW);
    T_CONTAINS(msg_of(W18), "告示牌");
    P->notice_board = -1; /* not given: not a finding */
    run("2026-11-23");
    T_EQ_INT(level_of(W18, ""), LEVEL_NONE);
    P->has_clerk = false;
    run("2026-11-23");
    T_EQ_INT(level_of(W18, ""), LEVEL_YELLOW);
    T_CONTAINS(msg_of(W18), "劳资专管员");
}

/* W19: the month's average below the minimum wage, or one worker above
 * 50,000 yuan. */
static void
test_w19(void)
{
    static const struct {
        int64_t each_fen, top_fen;
        const char *regions;
        enum rule_level want;
    } cases[] = {
        { YUAN(2490), YUAN(2490), "", LEVEL_NONE },              /* exactly the minimum */
        { YUAN(2489), YUAN(2491), "", LEVEL_NONE },              /* average 2,490 */
        { YUAN(2000), YUAN(2000), "", LEVEL_YELLOW },            /* below */
        { YUAN(2600), YUAN(2600), "330282:2700", LEVEL_YELLOW }, /* county's own minimum */
        { YUAN(2600), YUAN(2600), "330200:2500", LEVEL_NONE },
        { YUAN(6000), YUAN(50000), "", LEVEL_NONE }, /* exactly 50,000 */
        { YUAN(6000), YUAN(50000) + 1, "", LEVEL_YELLOW },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reset();
        cfg.w19_min_wage_regions = cases[i].regions;
        register_workers(2);
        funded_until("2026-10");
        att("2026-09", 1, days(1, 20));
        att("2026-09", 2, days(1, 20));
        pay("2026-09", 1, "张一", 20, cases[i].each_fen, cases[i].each_fen, "2026-10-15", SF_DAIFA);
        pay("2026-09", 2, "李二", 20, cases[i].top_fen, cases[i].top_fen, "2026-10-15", SF_DAIFA);
        disb(1, cases[i].each_fen, "2026-10-15", true);
        disb(2, cases[i].top_fen, "2026-10-15", true);
        run("2026-11-23");
        T_EQ_INT(level_of(W19, "2026-09"), cases[i].want);
    }
}

/* W21: a draw replenished within 10 working days, or not. */
static void
test_w21(void)
{
    static const struct {
        const char *refill_on; /* NULL: none */
        const char *as_of;
        enum rule_level want;
    } cases[] = {
        /* draw on Monday 2026-11-02: 10 working days later is 2026-11-16 */
        { NULL, "2026-11-16", LEVEL_NONE },
        { NULL, "2026-11-17", LEVEL_ORANGE },
        { "2026-11-13", "2026-11-23", LEVEL_NONE },
        { "2026-11-20", "2026-11-23", LEVEL_NONE },   /* late, but replenished by D */
        { "2026-11-24", "2026-11-23", LEVEL_ORANGE }, /* after D: not yet */
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reset();
        funded_until("2026-10");
        dep(true, YUAN(200000), "2026-01-03", NULL);
        ev(SF_DEP_DRAW, YUAN(50000), "2026-11-02");
        if (cases[i].refill_on != NULL)
            dep(true, YUAN(50000), cases[i].refill_on, NULL);
        run(cases[i].as_of);
        T_EQ_INT(level_of(W21, ""), cases[i].want);
        /* W09 fires while the draw is not made good */
        T_EQ_INT(level_of(W09, ""),
                 cases[i].refill_on != NULL && D(cases[i].refill_on) <= D(cases[i].as_of)
                     ? LEVEL_NONE
                     : LEVEL_ORANGE);
    }
    /* a 补足 event counts too */
    reset();
    funded_until("2026-10");
    dep(true, YUAN(200000), "2026-01-03", NULL);
    ev(SF_DEP_DRAW, YUAN(50000), "2026-11-02");
    ev(SF_DEP_REFILL, YUAN(50000), "2026-11-05");
    run("2026-11-23");
    T_EQ_INT(level_of(W21, ""), LEVEL_NONE);
    T_EQ_INT(level_of(W09, ""), LEVEL_NONE);
}

/* W22: a leaver more than 3 working days ago with something owed. */
static void
test_w22(void)
{
    static const struct {
        const char *as_of;
        enum rule_level want;
    } cases[] = {
        /* left Monday 2026-11-02 */
        { "2026-11-05", LEVEL_NONE },   /* 3 working days */
        { "2026-11-06", LEVEL_ORANGE }, /* 4 */
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reset();
        funded_until("2026-10");
        dep(true, YUAN(200000), "2026-01-03", NULL);
        emp(1, "林才", "2026-01-05", "2026-11-02", true);
        emp(2, "李二", "2026-01-05", NULL, true);
        att("2026-10", 1, days(1, 20));
        att("2026-10", 2, days(1, 20));
        pay("2026-10", 2, "李二", 20, YUAN(6000), YUAN(6000), "2026-11-03", SF_DAIFA);
        att("2026-11", 1, days(1, 2));
        disb(2, YUAN(6000), "2026-11-03", true);
        run(cases[i].as_of);
        T_EQ_INT(level_of(W22, ""), cases[i].want);
    }
    /* 10 such leavers: red */
    reset();
    funded_until("2026-10");
    dep(true, YUAN(200000), "2026-01-03", NULL);
    for (int w = 1; w <= 10; w++)
        emp(w, "工人", "2026-01-05", "2026-10-20", true);
    for (int w = 1; w <= 10; w++)
        att("2026-10", w, days(1, 19));
    for (int w = 1; w <= 10; w++)
        pay("2026-10", w, "工人", 19, YUAN(6000), 0, NULL, SF_DAIFA);
    run("2026-11-23");
    T_EQ_INT(level_of(W22, ""), LEVEL_RED);
    T_CONTAINS(msg_of(W22), "工资未结清");
}

/* W14 on government and SOE projects; W15 with a blacklisted party. */
static void
test_w14_w15(void)
{
    reset();
    P->funding = SF_SOE;
    register_workers(2);
    funded_until("2026-10");
    dep(true, YUAN(200000), "2026-01-03", NULL);
    att("2026-09", 1, days(1, 20));
    att("2026-09", 2, days(1, 20));
    pay("2026-09", 1, "张一", 20, YUAN(6000), YUAN(6000), "2026-10-15", SF_DAIFA);
    disb(1, YUAN(6000), "2026-10-15", true);
    run("2026-11-23");
    T_EQ_INT(level_of(W04, "2026-09"), LEVEL_RED); /* 1 of 2 */
    T_EQ_INT(level_of(W14, "2026-09"), LEVEL_RED);
    P->funding = SF_PRIVATE;
    run("2026-11-23");
    T_EQ_INT(level_of(W14, ""), LEVEL_NONE);
    /* W15: a subcontractor on the statutory list */
    reset();
    funded_until("2026-10");
    dep(true, YUAN(200000), "2026-01-03", NULL);
    C.sub = zq_calloc(1, sizeof(int64_t));
    C.sub[0] = 300;
    C.nsub = P->nsub = 1;
    G.black = zq_calloc(2, sizeof(*G.black));
    G.black[0] =
        (struct sf_blacklisting){ 300,  "91330000000000000X", "某劳务公司",    true,
                                  true, D("2026-03-01"),      D("2029-03-01"), SF_NO_DATE };
    G.nblack = 1;
    run("2026-11-23");
    T_EQ_INT(level_of(W15, ""), LEVEL_ORANGE);
    T_CONTAINS(msg_of(W15), "分包单位");
    run("2026-02-28"); /* not yet listed */
    T_EQ_INT(level_of(W15, ""), LEVEL_NONE);
    G.black[0].statutory = false; /* 重点关注 only */
    run("2026-11-23");
    T_EQ_INT(level_of(W15, ""), LEVEL_NONE);
}

static void
test_w11(void)
{
    static const struct {
        const char *dates[6];
        enum rule_level want;
    } cases[] = {
        { { "2026-11-20", "2026-11-21", "2026-11-22" }, LEVEL_ORANGE },
        { { "2026-10-24", "2026-11-21", "2026-11-22" }, LEVEL_NONE },   /* 30 days before D */
        { { "2026-10-25", "2026-11-21", "2026-11-22" }, LEVEL_ORANGE }, /* 29 days before D */
        { { "2026-11-20", "2026-11-21", "2026-11-24" }, LEVEL_NONE },   /* one after D */
        { { "2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05" }, LEVEL_RED },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reset();
        C.np = 0;
        for (int k = 0; k < 6 && cases[i].dates[k]; k++)
            clue("XS1", cases[i].dates[k], 1, "某劳务公司", 2, YUAN(8000), "待受理", NULL);
        run_at("2026-11-23", true);
        T_EQ_INT(level_of(W11, ""), cases[i].want);
    }
    /* by respondent when there is no project */
    reset();
    C.np = 0;
    clue("XS1", "2026-11-20", 0, "某纺织有限公司", 2, YUAN(8000), "待受理", NULL);
    clue("XS2", "2026-11-21", 0, "某纺织有限公司", 2, YUAN(8000), "待受理", NULL);
    clue("XS3", "2026-11-22", 0, "某纺织有限公司", 2, YUAN(8000), "待受理", NULL);
    clue("XS4", "2026-11-22", 0, "另一公司", 2, YUAN(8000), "待受理", NULL);
    run_at("2026-11-23", true);
    T_EQ_INT(count_of(W11), 1);
    T_EQ_INT(level_of(W11, ""), LEVEL_ORANGE);
    T_EQ_STR(hits[0].code, "某纺织有限公司");
}

/* W12 on clues and cases; W13 on cases; W17 on deadlines. */
static void
test_w12_w13(void)
{
    static const struct {
        int64_t people, amount_fen;
        enum rule_level want;
    } cases[] = {
        { 9, YUAN(299999), LEVEL_NONE },   { 10, YUAN(1000), LEVEL_ORANGE }, /* exactly 10 people */
        { 1, YUAN(300000), LEVEL_ORANGE }, /* exactly 300,000 yuan */
        { 30, YUAN(1000), LEVEL_RED },     /* exactly 30 people */
        { 1, YUAN(1000000), LEVEL_RED },   /* 1,000,000 yuan */
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reset();
        C.np = 0;
        clue("XS9", "2026-11-22", 0, "某公司", cases[i].people, cases[i].amount_fen, "待受理",
             "2026-11-27");
        run_at("2026-11-23", true);
        T_EQ_INT(level_of(W12, ""), cases[i].want);
        /* closed clues do not count */
        G.clues[0].status = "办结";
        run_at("2026-11-23", true);
        T_EQ_INT(level_of(W12, ""), LEVEL_NONE);
    }
    /* W13: the arrears period started more than 12 months before D */
    reset();
    C.np = 0;
    kase("AJ-1", "2026-11-01", "2025-11", 3, YUAN(10000)); /* exactly 12 months */
    kase("AJ-2", "2026-11-01", "2025-10", 3, YUAN(10000)); /* 13 months */
    run_at("2026-11-23", true);
    T_EQ_INT(count_of(W13), 1);
    T_EQ_STR(hits[0].code, "AJ-2");
    /* a case closed before D is not open */
    G.cases[1].closed = D("2026-11-20");
    run_at("2026-11-23", true);
    T_EQ_INT(count_of(W13), 0);
    run_at("2026-11-19", true); /* as of a day when it was still open */
    T_EQ_INT(count_of(W13), 1);
}

static void
test_w17(void)
{
    static const struct {
        const char *accept_by, *as_of;
        enum rule_level want;
    } cases[] = {
        { "2026-11-16", "2026-11-16", LEVEL_NONE },   /* on the deadline */
        { "2026-11-16", "2026-11-17", LEVEL_ORANGE }, /* 1 working day late */
        { "2026-11-16", "2026-11-23", LEVEL_ORANGE }, /* 5 working days */
        { "2026-11-16", "2026-11-24", LEVEL_RED },    /* 6 working days */
    };
    struct sf_case *c;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        reset();
        C.np = 0;
        clue("XS5", "2026-11-09", 0, "某公司", 2, YUAN(1000), "待受理", cases[i].accept_by);
        run_at(cases[i].as_of, true);
        T_EQ_INT(level_of(W17, ""), cases[i].want);
    }
    /* accepted: no longer waiting */
    G.clues[0].status = "已受理";
    run_at("2026-11-24", true);
    T_EQ_INT(level_of(W17, ""), LEVEL_NONE);
    /* a case past its 限时办结 deadline (60 working days from filing) */
    reset();
    C.np = 0;
    c = kase("AJ-3", "2026-05-11", "2026-04", 5, YUAN(50000));
    run_at("2026-11-23", true);
    T_EQ_INT(level_of(W17, ""), LEVEL_RED);
    c->closed = D("2026-08-01");
    run_at("2026-11-23", true);
    T_EQ_INT(level_of(W17, ""), LEVEL_NONE);
    /* a rectification document past its deadline */
    reset();
    C.np = 0;
    kase("AJ-4", "2026-11-02", "2026-09", 5, YUAN(50000));
    G.docs = zq_calloc(1, sizeof(*G.docs));
    G.docs[0] = (struct sf_doc){ 1, "限期整改指令书", "RG-1", D("2026-11-20"), SF_NO_DATE };
    G.ndocs = 1;
    run_at("2026-11-23", true);
    T_EQ_INT(level_of(W17, ""), LEVEL_ORANGE);
    T_CONTAINS(msg_of(W17), "限期整改指令书");
    /* a handled warning whose assignment deadline passed */
    reset();
    C.np = 0;
    G.assigned = zq_calloc(1, sizeof(*G.assigned));
    G.assigned[0] =
        (struct sf_assigned){ 7,        "W03",    "project", "P-1", "2026-09",      "assigned",
                              "330000", "330282", "housing", 1,     D("2026-11-10") };
    G.nassigned = 1;
    run_at("2026-11-23", true);
    T_EQ_INT(level_of(W17, ""), LEVEL_RED);
    T_EQ_STR(hits[0].code, "P-1");
}

/* W20: from 30 days before 除夕 (2027-02-05) W03, W04, W12, W13 go up a level. */
static void
test_w20(void)
{
    char b[DATE_STR_LEN];

    reset();
    C.np = 0;
    kase("AJ-5", "2026-12-20", "2026-11", 12, YUAN(10000)); /* W12 orange */
    run_at("2027-01-05", true);                             /* 31 days before */
    T_EQ_INT(level_of(W12, ""), LEVEL_ORANGE);
    T_EQ_STR(date_format(env.chuxi, b), "2027-02-05");
    run_at("2027-01-06", true); /* 30 days before */
    T_EQ_INT(level_of(W12, ""), LEVEL_RED);
    T_EQ_INT(hits[0].base, LEVEL_ORANGE);
    run_at("2027-02-05", true); /* 除夕 itself */
    T_EQ_INT(level_of(W12, ""), LEVEL_RED);
    run_at("2027-02-06", true); /* after: the next 除夕 is a year away */
    T_EQ_INT(level_of(W12, ""), LEVEL_ORANGE);
    /* yellow goes to orange (a late payment, W03) and W09 is not raised */
    reset();
    register_workers(1);
    funded_until("2026-12");
    att("2026-11", 1, days(1, 20));
    pay("2026-11", 1, "张一", 20, YUAN(6000), YUAN(6000), "2027-01-04", SF_DAIFA);
    disb(1, YUAN(6000), "2027-01-04", true);
    run("2027-01-10");
    T_EQ_INT(level_of(W03, "2026-11"), LEVEL_ORANGE);
    T_EQ_INT(level_of(W09, ""), LEVEL_ORANGE);
    /* the built-in 除夕 dates agree with the statutory calendar (2027-2035) */
    for (size_t i = 0; rule_chuxi_builtin(i) != SF_NO_DATE; i++) {
        zq_date d = rule_chuxi_builtin(i);
        if (d < D("2027-01-01") || d > D("2035-12-31"))
            continue;
        T_EQ_STR(calendar_day_name(cal, d), "春节");
        T_CHECK(calendar_day_name(cal, d - 1) == NULL ||
                strcmp(calendar_day_name(cal, d - 1), "春节") != 0);
    }
    /* 2026: an official year whose holiday starts the day before 除夕 */
    run_at("2026-01-17", true);
    T_EQ_STR(date_format(env.chuxi, b), "2026-02-16");
    T_CHECK(env.festival);
    run_at("2026-01-16", true);
    T_CHECK(!env.festival);
    /* configured dates win */
    cfg.chuxi[0] = D("2027-03-01");
    cfg.nchuxi = 1;
    run("2027-01-10");
    T_EQ_INT(level_of(W03, "2026-11"), LEVEL_YELLOW);
}

static void
test_all(void)
{
    setup();
    test_table();
    test_config();
    test_due_dates();
    test_clean_project();
    test_w01();
    test_w02();
    test_w03();
    test_w04();
    test_w05();
    test_w06_w23();
    test_w07();
    test_w08();
    test_w09_w10();
    test_w16();
    test_w18();
    test_w19();
    test_w21();
    test_w22();
    test_w14_w15();
    test_w11();
    test_w12_w13();
    test_w17();
    test_w20();
    teardown();
}

static const struct t_case t_cases[] = {
    { "rules", test_all },
    { 0 },
};
T_MAIN(t_cases)
