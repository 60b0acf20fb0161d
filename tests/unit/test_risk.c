/*
 * test_risk.c - the default risk (rules/rules_risk.c): each factor at and
 * around its thresholds, table-driven over hand-made digests; the sum, the
 * bands, who is judged; the JSON of the factors; the digest's new fields
 * through the codec.
 */
#include <string.h>

#include "core/alloc.h"
#include "core/str.h"
#include "rules/risk.h"
#include "t.h"

static struct rule_cfg cfg;
static struct sf_project proj;

/* One month of a hand-made digest. */
struct mrow {
    int month; /* 1..12 of 2026 */
    int64_t due, rg;
    int64_t lag_days;
    int lag_lines;
    int64_t unpaid;
    bool due_passed; /* its due date lies before the scan date */
};

#define AS_OF date_from_ymd(2026, 10, 8) /* window 07-09, baseline 04-06 */

static void
build(struct rf_project *r, const struct mrow *rows, size_t n)
{
    rf_project_init(r);
    r->p = &proj;
    for (size_t i = 0; i < n; i++) {
        struct rf_month *m;
        r->m = zq_grow(r->m, sizeof(*r->m), r->nm + 1, &r->m_cap);
        m = &r->m[r->nm++];
        memset(m, 0, sizeof(*m));
        m->month = date_month(date_from_ymd(2026, rows[i].month, 1));
        m->due_on = rows[i].due_passed ? AS_OF - 1 : AS_OF + 20;
        m->due_fen = rows[i].due;
        m->pay_lines = rows[i].due > 0 ? 10 : 0;
        m->rg_fen = rows[i].rg;
        m->lag_days = rows[i].lag_days;
        m->lag_lines = rows[i].lag_lines;
        m->unpaid_fen = rows[i].unpaid;
        m->unpaid_lines = rows[i].unpaid > 0;
    }
}

static void
eval(const struct mrow *rows, size_t n, struct risk_result *out)
{
    struct rule_env env = { .cfg = &cfg, .as_of = AS_OF };
    struct rf_project r;

    build(&r, rows, n);
    rule_risk(&env, &r, out);
    rf_project_fini(&r);
}

static void
setup(void)
{
    rule_cfg_default(&cfg);
    memset(&proj, 0, sizeof proj);
    proj.code = "P1";
    proj.status = SF_ACTIVE;
    proj.start = date_from_ymd(2025, 1, 1);
}

/* 人工费 coverage over 07-09: 100,000 yuan due in all, rg given in per-mille. */
static void
test_coverage(void)
{
    static const struct {
        int64_t permille;
        int points;
    } cases[] = {
        { 2000, 0 }, { 900, 0 },  { 899, 0 },  { 800, 7 }, { 650, 17 },
        { 401, 34 }, { 400, 35 }, { 399, 35 }, { 0, 35 },
    };

    setup();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct mrow rows[] = {
            { 7, 3000000, 0, 0, 0, 0, true },
            { 8, 3000000, 0, 0, 0, 0, true },
            { 9, 4000000, cases[i].permille * 10000, 0, 0, 0, false },
        };
        struct risk_result r;
        eval(rows, 3, &r);
        T_CHECK(r.judged);
        T_CHECK(r.f[RISK_COVERAGE].applies);
        T_EQ_INT(r.f[RISK_COVERAGE].value, cases[i].permille);
        T_EQ_INT(r.f[RISK_COVERAGE].points, cases[i].points);
    }
    {
        /* no payroll in the window: the factor does not apply */
        struct mrow rows[] = { { 5, 3000000, 3000000, 0, 0, 0, true } };
        struct risk_result r;
        eval(rows, 1, &r);
        T_CHECK(!r.f[RISK_COVERAGE].applies);
        T_EQ_INT(r.f[RISK_COVERAGE].points, 0);
        T_CONTAINS(r.f[RISK_COVERAGE].detail, "没有工资表");
    }
    {
        /* inflows outside the window do not count */
        struct mrow rows[] = { { 6, 0, 9000000, 0, 0, 0, true },
                               { 8, 3000000, 0, 0, 0, 0, true },
                               { 10, 0, 9000000, 0, 0, 0, false } };
        struct risk_result r;
        eval(rows, 3, &r);
        T_EQ_INT(r.f[RISK_COVERAGE].points, 35);
        T_CONTAINS(r.f[RISK_COVERAGE].detail, "近3个月 0%");
    }
}

/* Average lag in tenths of a day over the window's paid lines. */
static void
test_lag(void)
{
    static const struct {
        int64_t days; /* over 10 lines */
        int points;
        const char *shown;
    } cases[] = {
        { 150, 0, "15.0 天" },  { 200, 0, "20.0 天" },  { 201, 0, "20.1 天" },
        { 204, 1, "20.4 天" },  { 250, 12, "25.0 天" }, { 299, 24, "29.9 天" },
        { 300, 25, "30.0 天" }, { 900, 25, "90.0 天" },
    };

    setup();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct mrow rows[] = { { 8, 3000000, 3000000, cases[i].days, 10, 0, true } };
        struct risk_result r;
        eval(rows, 1, &r);
        T_CHECK(r.f[RISK_LAG].applies);
        T_EQ_INT(r.f[RISK_LAG].value, cases[i].days);
        T_EQ_INT(r.f[RISK_LAG].points, cases[i].points);
        T_CONTAINS(r.f[RISK_LAG].detail, cases[i].shown);
    }
    {
        struct mrow rows[] = { { 8, 3000000, 3000000, 0, 0, 0, true } };
        struct risk_result r;
        eval(rows, 1, &r);
        T_CHECK(!r.f[RISK_LAG].applies);
    }
}

/* The latest paid month of the window against the three months before. */
static void
test_lag_rise(void)
{
    static const struct {
        int64_t latest; /* days over 10 lines in 09 */
        int64_t value;
        int points;
    } cases[] = {
        { 100, -50, 0 }, { 150, 0, 0 },   { 185, 35, 7 },
        { 219, 69, 14 }, { 220, 70, 15 }, { 400, 250, 15 },
    };

    setup();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct mrow rows[] = {
            { 4, 3000000, 3000000, 150, 10, 0, true },
            { 6, 3000000, 3000000, 150, 10, 0, true },
            { 8, 3000000, 3000000, 400, 10, 0, true }, /* not the latest: ignored */
            { 9, 3000000, 3000000, cases[i].latest, 10, 0, false },
        };
        struct risk_result r;
        eval(rows, 4, &r);
        T_CHECK(r.f[RISK_LAG_RISE].applies);
        T_EQ_INT(r.f[RISK_LAG_RISE].value, cases[i].value);
        T_EQ_INT(r.f[RISK_LAG_RISE].points, cases[i].points);
    }
    {
        /* no baseline: does not apply */
        struct mrow rows[] = { { 9, 3000000, 3000000, 400, 10, 0, false } };
        struct risk_result r;
        eval(rows, 1, &r);
        T_CHECK(!r.f[RISK_LAG_RISE].applies);
        T_EQ_INT(r.f[RISK_LAG_RISE].points, 0);
    }
}

/* Consecutive recent due months with unpaid wages. */
static void
test_unpaid(void)
{
    static const struct {
        int64_t u6, u7, u8;
        int run, points;
    } cases[] = {
        { 0, 0, 0, 0, 0 },      { 100, 0, 0, 0, 0 },      { 0, 0, 100, 1, 8 },
        { 0, 100, 100, 2, 16 }, { 100, 100, 100, 3, 25 }, { 100, 0, 100, 1, 8 },
    };

    setup();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct mrow rows[] = {
            { 5, 3000000, 3000000, 0, 0, 0, true },
            { 6, 3000000, 3000000, 0, 0, cases[i].u6, true },
            { 7, 3000000, 3000000, 0, 0, cases[i].u7, true },
            { 8, 3000000, 3000000, 0, 0, cases[i].u8, true },
            { 9, 3000000, 3000000, 0, 0, 500, false }, /* not due yet: ignored */
        };
        struct risk_result r;
        eval(rows, 5, &r);
        T_CHECK(r.f[RISK_UNPAID].applies);
        T_EQ_INT(r.f[RISK_UNPAID].value, cases[i].run);
        T_EQ_INT(r.f[RISK_UNPAID].points, cases[i].points);
    }
    {
        struct mrow rows[] = { { 9, 3000000, 3000000, 0, 0, 500, false } };
        struct risk_result r;
        eval(rows, 1, &r);
        T_CHECK(!r.f[RISK_UNPAID].applies);
    }
}

/* The sum, the cap, the bands; only active projects that started are judged. */
static void
test_score_band(void)
{
    struct mrow bad[] = {
        { 4, 3000000, 3000000, 150, 10, 0, true },
        { 7, 3000000, 0, 400, 10, 100, true },
        { 8, 3000000, 0, 400, 10, 100, true },
        { 9, 3000000, 0, 400, 10, 100, true },
    };
    struct risk_result r;

    setup();
    eval(bad, 4, &r);
    T_EQ_INT(r.score, 100);
    T_EQ_INT(r.band, RISK_HIGH);
    T_EQ_STR(risk_band_zh(r.band), "高");
    T_EQ_INT(risk_band_of(&cfg, 50), RISK_HIGH);
    T_EQ_INT(risk_band_of(&cfg, 49), RISK_MID);
    T_EQ_INT(risk_band_of(&cfg, 25), RISK_MID);
    T_EQ_INT(risk_band_of(&cfg, 24), RISK_LOW);
    T_EQ_INT(risk_band_of(&cfg, 0), RISK_LOW);
    T_EQ_INT(risk_band_parse("高"), RISK_HIGH);
    T_EQ_INT(risk_band_parse("low"), RISK_LOW);
    T_EQ_INT(risk_band_parse("很高"), -1);
    proj.status = SF_STOPPED;
    eval(bad, 4, &r);
    T_CHECK(!r.judged);
    T_EQ_INT(r.score, 0);
    proj.status = SF_ACTIVE;
    proj.start = AS_OF + 1;
    eval(bad, 4, &r);
    T_CHECK(!r.judged);
    /* weights are configuration */
    setup();
    cfg.risk_w_coverage = 0;
    cfg.risk_w_unpaid = 0;
    eval(bad, 4, &r);
    T_EQ_INT(r.score, 40);
    T_EQ_INT(r.band, RISK_MID);
}

static void
test_json(void)
{
    struct mrow rows[] = { { 8, 3000000, 1200000, 250, 10, 0, true } };
    struct risk_result r;
    char out[4096], tiny[16], line[400];

    setup();
    eval(rows, 1, &r);
    T_EQ_INT(risk_factors_json(&r, out, sizeof out), 0);
    T_CONTAINS(out, "[{\"code\":\"coverage\",\"name\":\"人工费拨付覆盖率\",\"applies\":true,");
    T_CONTAINS(out, "\"code\":\"unpaid\"");
    T_CONTAINS(out, "近3个月 40%（人工费拨付 12,000.00 元，应发工资 30,000.00 元）");
    T_EQ_INT(risk_factors_json(&r, tiny, sizeof tiny), ZQ_ETOOBIG);
    T_EQ_INT(strlen(tiny), sizeof tiny - 1);
    risk_factor_line(&r.f[RISK_COVERAGE], line, sizeof line);
    T_CONTAINS(line, "人工费拨付覆盖率 35/35：近3个月 40%");
    proj.status = SF_DONE;
    eval(rows, 1, &r);
    T_EQ_INT(risk_factors_json(&r, out, sizeof out), 0);
    T_EQ_STR(out, "[]");
}

/* lag_days and lag_lines survive the codec. */
static void
test_codec(void)
{
    struct mrow rows[] = { { 8, 3000000, 1200000, 251, 11, 0, true } };
    struct rf_project r, back;
    struct buf b;
    struct arena *a = arena_new(4096);

    setup();
    build(&r, rows, 1);
    buf_init(&b, 1 << 20);
    T_EQ_INT(rf_encode(&r, &b), 0);
    rf_project_init(&back);
    T_EQ_INT(rf_decode(b.p, b.len, &back, a), 0);
    T_EQ_INT(back.nm, 1);
    T_EQ_INT(back.m[0].lag_days, 251);
    T_EQ_INT(back.m[0].lag_lines, 11);
    /* a digest of the previous version is not read (the scan rebuilds it) */
    ((unsigned char *)b.p)[0] = 2;
    T_EQ_INT(rf_decode(b.p, b.len, &back, a), ZQ_EINVAL);
    rf_project_fini(&back);
    rf_project_fini(&r);
    buf_fini(&b);
    arena_free(a);
}

static const struct t_case t_cases[] = {
    { "coverage", test_coverage },
    { "lag", test_lag },
    { "lag rise", test_lag_rise },
    { "unpaid", test_unpaid },
    { "score and band", test_score_band },
    { "json", test_json },
    { "codec", test_codec },
    { 0 },
};
T_MAIN(t_cases)
