/*
 * Unit tests for core/calendar: the official 2025-2026 arrangements, the
 * statutory fallback (provisional) for later years, imports, and the
 * arithmetic (add_workdays, workdays, last working day) checked against a
 * day-by-day count.
 */
#include "core/calendar.h"
#include "core/date.h"
#include "core/err.h"
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
fmt(zq_date d, char buf[DATE_STR_LEN])
{
    return date_format(d, buf);
}

static struct calendar *
builtin(void)
{
    struct calendar *cal = NULL;
    struct zq_err err;

    zq_err_clear(&err);
    T_EQ_INT(calendar_new_builtin(&cal, &err), 0);
    if (cal == NULL) {
        fprintf(stderr, "calendar_new_builtin: %s\n", err.msg);
        abort();
    }
    return cal;
}

static void
test_required_results(void)
{
    struct calendar *cal = builtin();
    char b[DATE_STR_LEN];
    bool prov = false;

    T_EQ_STR(fmt(calendar_add_workdays(cal, D("2026-09-28"), 5, &prov), b), "2026-10-10");
    T_CHECK(!prov);
    T_EQ_INT(calendar_workdays(cal, D("2026-09-30"), D("2026-10-11"), &prov), 3);
    T_CHECK(!prov);
    T_EQ_STR(fmt(calendar_add_workdays(cal, D("2026-02-14"), 1, &prov), b), "2026-02-24");
    T_CHECK(!prov);
    T_EQ_STR(fmt(calendar_add_workdays(cal, D("2026-10-01"), 0, &prov), b), "2026-10-01");
    T_CHECK(!prov);
    /* 2027 has no official notice built in */
    T_CHECK(!calendar_is_workday(cal, D("2027-02-05"), &prov)); /* 除夕 */
    T_CHECK(prov);
    prov = false;
    T_EQ_STR(fmt(calendar_add_workdays(cal, D("2027-02-04"), 1, &prov), b), "2027-02-09");
    T_CHECK(prov);
    calendar_free(cal);
}

struct day_case {
    const char *date;
    bool workday;
};

static void
check_days(const struct calendar *cal, const struct day_case *c, size_t n, bool want_prov)
{
    for (size_t i = 0; i < n; i++) {
        bool prov = false;
        bool w = calendar_is_workday(cal, D(c[i].date), &prov);

        if (!T_CHECK(w == c[i].workday))
            fprintf(stderr, "     %s: got %s\n", c[i].date, w ? "work" : "rest");
        T_CHECK(prov == want_prov);
    }
}

static void
test_spring_festival_2025(void)
{
    static const struct day_case days[] = {
        { "2025-01-24", true },  { "2025-01-25", false }, { "2025-01-26", true }, /* Sunday */
        { "2025-01-27", true },  { "2025-01-28", false }, { "2025-01-29", false },
        { "2025-01-31", false }, { "2025-02-01", false }, { "2025-02-02", false },
        { "2025-02-03", false }, { "2025-02-04", false }, { "2025-02-05", true },
        { "2025-02-07", true },  { "2025-02-08", true }, /* Saturday */
        { "2025-02-09", false },
    };
    struct calendar *cal = builtin();
    char b[DATE_STR_LEN];
    bool prov = false;

    check_days(cal, days, sizeof(days) / sizeof(days[0]), false);
    T_EQ_STR(fmt(calendar_add_workdays(cal, D("2025-01-25"), 1, &prov), b), "2025-01-26");
    T_EQ_STR(fmt(calendar_add_workdays(cal, D("2025-01-27"), 1, &prov), b), "2025-02-05");
    T_EQ_INT(calendar_workdays(cal, D("2025-01-24"), D("2025-02-09"), &prov), 6);
    T_CHECK(!prov);
    T_EQ_STR(calendar_day_name(cal, D("2025-01-26")), "春节调休上班");
    T_EQ_STR(calendar_day_name(cal, D("2025-01-29")), "春节");
    calendar_free(cal);
}

static void
test_national_day_2026(void)
{
    static const struct day_case days[] = {
        { "2026-09-19", false }, { "2026-09-20", true }, /* Sunday, make-up */
        { "2026-09-24", true },  { "2026-09-25", false }, { "2026-09-26", false },
        { "2026-09-27", false }, { "2026-09-28", true },  { "2026-09-30", true },
        { "2026-10-01", false }, { "2026-10-02", false }, { "2026-10-03", false },
        { "2026-10-04", false }, { "2026-10-05", false }, { "2026-10-06", false },
        { "2026-10-07", false }, { "2026-10-08", true },  { "2026-10-09", true },
        { "2026-10-10", true }, /* Saturday, make-up */
        { "2026-10-11", false },
    };
    struct calendar *cal = builtin();
    char b[DATE_STR_LEN];
    bool prov = false;

    check_days(cal, days, sizeof(days) / sizeof(days[0]), false);
    T_EQ_STR(fmt(calendar_last_workday_on_or_before(cal, D("2026-10-05"), &prov), b), "2026-09-30");
    T_EQ_STR(fmt(calendar_last_workday_on_or_before(cal, D("2026-10-08"), &prov), b), "2026-10-08");
    T_EQ_STR(fmt(calendar_last_workday_on_or_before(cal, D("2026-10-11"), &prov), b), "2026-10-10");
    T_EQ_STR(fmt(calendar_last_workday_on_or_before(cal, D("2026-02-22"), &prov), b), "2026-02-14");
    T_CHECK(!prov);
    T_EQ_STR(calendar_day_name(cal, D("2026-10-01")), "国庆节");
    T_EQ_STR(calendar_day_name(cal, D("2026-10-10")), "国庆节调休上班");
    T_CHECK(calendar_day_name(cal, D("2026-10-08")) == NULL);
    calendar_free(cal);
}

static void
test_statutory_years(void)
{
    /* 正月初一 of 2027-2035: it and the day before (除夕) are rest days */
    static const char *const new_year[] = {
        "2027-02-06", "2028-01-26", "2029-02-13", "2030-02-03", "2031-01-23",
        "2032-02-11", "2033-01-31", "2034-02-19", "2035-02-08",
    };
    struct calendar *cal = builtin();
    bool prov = false;

    for (size_t i = 0; i < sizeof(new_year) / sizeof(new_year[0]); i++) {
        zq_date d = D(new_year[i]);

        for (int k = -1; k <= 2; k++) {
            T_CHECK(!calendar_is_workday(cal, d + k, &prov));
            T_EQ_STR(calendar_day_name(cal, d + k), "春节");
        }
        T_CHECK(!calendar_year_official(cal, 2027 + (int)i));
    }
    T_CHECK(prov);
    T_CHECK(calendar_year_official(cal, 2025) && calendar_year_official(cal, 2026));
    T_CHECK(!calendar_is_workday(cal, D("2027-01-01"), NULL));
    T_CHECK(!calendar_is_workday(cal, D("2027-04-05"), NULL)); /* 清明 (a Monday) */
    T_CHECK(!calendar_is_workday(cal, D("2027-06-09"), NULL)); /* 端午 */
    T_CHECK(!calendar_is_workday(cal, D("2027-09-15"), NULL)); /* 中秋 */
    T_CHECK(calendar_is_workday(cal, D("2027-10-04"), NULL));  /* only Oct 1-3 are statutory */
    T_EQ_STR(calendar_day_name(cal, D("2028-10-03")), "国庆节、中秋节");
    /* no make-up working days without a notice */
    T_CHECK(!calendar_is_workday(cal, D("2027-02-20"), NULL));
    calendar_free(cal);
}

static void
test_provisional_spans(void)
{
    struct calendar *cal = builtin();
    bool prov = false;

    /* 12-26, 12-29..31, 01-04 (a make-up Sunday), 01-05 */
    T_EQ_INT(calendar_workdays(cal, D("2025-12-25"), D("2026-01-05"), &prov), 6);
    T_CHECK(!prov);
    (void)calendar_workdays(cal, D("2026-12-25"), D("2027-01-05"), &prov);
    T_CHECK(prov);
    prov = false;
    T_EQ_INT(calendar_workdays(cal, D("2027-01-05"), D("2026-12-25"), &prov), 0);
    T_EQ_INT(calendar_workdays(cal, D("2027-01-05"), D("2027-01-05"), &prov), 0);
    T_CHECK(!prov);
    /* adding 0 working days looks at no day */
    (void)calendar_add_workdays(cal, D("2027-03-01"), 0, &prov);
    T_CHECK(!prov);
    /* the flag is only ever set: it collects several calls */
    (void)calendar_is_workday(cal, D("2027-03-01"), &prov);
    (void)calendar_is_workday(cal, D("2026-03-02"), &prov);
    T_CHECK(prov);
    T_CHECK(calendar_is_workday(cal, D("2026-03-02"), NULL));
    calendar_free(cal);
}

static void
test_add_makes_year_official(void)
{
    struct calendar *cal = builtin();
    struct zq_err err;
    char b[DATE_STR_LEN];
    bool prov = false;

    zq_err_clear(&err);
    T_EQ_INT(calendar_add(cal, D("2027-02-05"), false, "春节", &err), 0);
    T_CHECK(calendar_year_official(cal, 2027));
    T_CHECK(!calendar_is_workday(cal, D("2027-02-05"), &prov));
    T_CHECK(!prov);
    /* the statutory days no longer apply: only what the notice lists */
    T_CHECK(calendar_is_workday(cal, D("2027-02-08"), &prov));
    T_EQ_STR(fmt(calendar_add_workdays(cal, D("2027-02-04"), 1, &prov), b), "2027-02-08");
    T_CHECK(!prov);
    T_CHECK(calendar_day_name(cal, D("2027-02-06")) == NULL);
    /* a later entry for the same date replaces the earlier one */
    T_EQ_INT(calendar_add(cal, D("2027-02-05"), true, "调休", &err), 0);
    T_CHECK(calendar_is_workday(cal, D("2027-02-05"), NULL));
    T_EQ_STR(calendar_day_name(cal, D("2027-02-05")), "调休");
    /* imported entries override built-in ones */
    T_EQ_INT(calendar_add(cal, D("2026-10-08"), false, NULL, &err), 0);
    T_EQ_STR(fmt(calendar_add_workdays(cal, D("2026-09-28"), 5, &prov), b), "2026-10-12");
    /* errors leave the calendar unchanged */
    T_EQ_INT(calendar_add(cal, D("1900-01-01") - 1, false, "x", &err), ZQ_EINVAL);
    T_CONTAINS(err.msg, "超出范围");
    T_EQ_INT(calendar_add(cal, D("2030-01-02"), false, "\xFF", &err), ZQ_EINVAL);
    T_CHECK(!calendar_year_official(cal, 2030));
    calendar_free(cal);
}

static const char sample_2027[] = "date,kind,name\n"
                                  "2027-02-05,off,春节\n"
                                  "2027-02-06,off,春节\n"
                                  "2027-02-07,off,春节\n"
                                  "2027-02-08,off,春节\n"
                                  "2027-02-09,off,春节\n"
                                  "2027-02-10,off,春节\n"
                                  "2027-02-11,off,春节\n"
                                  "2027-02-20,work,春节调休上班\n";

static void
test_import(void)
{
    static const char variants[] = "\xEF\xBB\xBF日期,类型,名称\r\n"
                                   "2028-01-25,放假,\"春节, 除夕\"\r\n"
                                   "\r\n"
                                   "2028/2/5 , 上班 , \"春节\"\"调休\"\"\"\r\n"
                                   "2028-01-01,OFF,元旦";
    static const char two_col[] = "date,kind\n2029-01-01,off\n";
    struct calendar *cal = builtin();
    struct zq_err err;
    char b[DATE_STR_LEN];
    bool prov = false;
    int added = -1;

    zq_err_clear(&err);
    T_EQ_INT(calendar_parse_csv(cal, sample_2027, sizeof(sample_2027) - 1, "h.csv", &added, &err),
             0);
    T_EQ_INT(added, 8);
    T_EQ_STR(fmt(calendar_add_workdays(cal, D("2027-02-04"), 1, &prov), b), "2027-02-12");
    T_CHECK(!prov);
    T_CHECK(calendar_is_workday(cal, D("2027-02-20"), NULL));
    T_EQ_INT(calendar_parse_csv(cal, variants, sizeof(variants) - 1, "v.csv", &added, &err), 0);
    T_EQ_INT(added, 3);
    T_EQ_STR(calendar_day_name(cal, D("2028-01-25")), "春节, 除夕");
    T_EQ_STR(calendar_day_name(cal, D("2028-02-05")), "春节\"调休\"");
    T_CHECK(calendar_is_workday(cal, D("2028-02-05"), NULL)); /* a Saturday */
    /* a two-column file without names */
    T_EQ_INT(calendar_parse_csv(cal, two_col, strlen(two_col), NULL, &added, &err), 0);
    T_EQ_INT(added, 1);
    T_CHECK(calendar_year_official(cal, 2029));
    T_CHECK(calendar_day_name(cal, D("2029-01-01")) == NULL);
    /* a header alone adds nothing */
    T_EQ_INT(calendar_parse_csv(cal, "date,kind,name\n", 15, "e.csv", &added, &err), 0);
    T_EQ_INT(added, 0);
    calendar_free(cal);
}

struct bad_case {
    const char *csv;
    long line;
    const char *needle;
};

static void
test_import_errors(void)
{
    static const struct bad_case cases[] = {
        { "", 1, "文件为空" },
        { "day,kind,name\n", 1, "表头" },
        { "date,kind,name,extra\n", 1, "表头" },
        { "date,kind,name\n2027-05-01,off,劳动节\n2027-02-30,off,春节\n", 3, "不存在" },
        { "date,kind,name\n2027-5-1,off,x\n", 2, "格式不正确" },
        { "date,kind,name\n2027-05-01,rest,劳动节\n", 2, "类型“rest”无效" },
        { "date,kind,name\n2027-05-01,off\n", 2, "应有 3 列" },
        { "date,kind,name\n2027-05-01,off,a,b\n", 2, "多于" },
        { "date,kind,name\n2027-05-01,off,\"a\n", 2, "引号" },
        { "date,kind,name\n2027-05-01,off,a\"b\n", 2, "引号" },
        { "date,kind,name\n2027-05-01,off,\xC0\xAF\n", 2, "UTF-8" },
        { "date,kind,name\n2027-05-02,off,a\n2027-05-01,off,b\n2027-05-02,work,c\n", 4,
          "重复（第 2 行已出现）" },
        { "date,kind,name\n2200-01-01,off,x\n", 2, "超出范围" },
        { "date,kind,name\n2027-05-01,off,"
          "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一\n",
          2, "名称过长" },
    };
    struct calendar *cal = builtin();
    size_t before = calendar_entry_count(cal);

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct zq_err err;
        int added = -1;

        zq_err_clear(&err);
        T_CHECK(calendar_parse_csv(cal, cases[i].csv, strlen(cases[i].csv), "bad.csv", &added,
                                   &err) < 0);
        T_EQ_INT(err.line, cases[i].line);
        T_CONTAINS(err.msg, cases[i].needle);
        T_CONTAINS(err.msg, "bad.csv");
        T_EQ_STR(err.file, "bad.csv");
        T_EQ_INT(added, -1);
    }
    /* nothing was applied */
    T_EQ_INT(calendar_entry_count(cal), before);
    T_CHECK(!calendar_year_official(cal, 2027));
    {
        static const char bad[] = "date,kind,name\n2027-05-01,off,劳动节\n2027-02-30,off,春节\n";
        struct zq_err err;

        zq_err_clear(&err);
        T_CHECK(calendar_parse_csv(cal, bad, strlen(bad), "bad.csv", NULL, &err) < 0);
        T_EQ_STR(err.field, "date");
        T_EQ_INT(err.col, 1);
        T_CHECK(!calendar_year_official(cal, 2027));
        T_CHECK(calendar_parse_csv(cal, "x", 1, NULL, NULL, NULL) < 0); /* err may be NULL */
    }
    calendar_free(cal);
}

/* Day-by-day reference implementations. */
static zq_date
slow_add(const struct calendar *cal, zq_date d, int n)
{
    while (n > 0)
        if (calendar_is_workday(cal, ++d, NULL))
            n--;
    return d;
}

static int
slow_count(const struct calendar *cal, zq_date a, zq_date b)
{
    int n = 0;

    for (zq_date d = a + 1; d <= b; d++)
        n += calendar_is_workday(cal, d, NULL);
    return n;
}

static void
test_arithmetic_matches_day_by_day(void)
{
    struct calendar *cal = builtin();
    zq_date start = D("2024-12-01"), end = D("2028-02-01");
    int bad = 0;

    for (zq_date d = start; d < end; d += 3) {
        for (int n = 0; n <= 25; n += 4) {
            zq_date e = calendar_add_workdays(cal, d, n, NULL);

            bad += e != slow_add(cal, d, n);
            bad += calendar_workdays(cal, d, e, NULL) != n;
            bad += n > 0 && !calendar_is_workday(cal, e, NULL);
        }
        bad += calendar_workdays(cal, d, d + 40, NULL) != slow_count(cal, d, d + 40);
        {
            zq_date l = calendar_last_workday_on_or_before(cal, d, NULL);
            bad += !calendar_is_workday(cal, l, NULL) || slow_count(cal, l, d) != 0;
        }
    }
    T_EQ_INT(bad, 0);
    calendar_free(cal);
}

static void
test_edges_of_range(void)
{
    struct calendar *cal = builtin();
    zq_date last = D("2199-12-31"), first = D("1900-01-01");
    bool prov = false;
    zq_date e;

    /* 2199-12-31 is a Tuesday; past it only weekends are rest days */
    e = calendar_add_workdays(cal, last, 5, &prov);
    T_EQ_INT(e - last, 7);
    T_CHECK(prov);
    T_EQ_INT(calendar_workdays(cal, last - 7, last + 7, NULL), 10);
    prov = false;
    T_CHECK(calendar_is_workday(cal, first - 1, &prov) == (date_weekday(first - 1) <= 5));
    T_CHECK(prov);
    T_EQ_INT(calendar_workdays(cal, first - 14, first + 14, NULL), 20);
    e = calendar_last_workday_on_or_before(cal, first, NULL); /* 1900-01-01: a Monday */
    T_EQ_INT(e, first);
    T_EQ_INT(calendar_last_workday_on_or_before(cal, first - 1, NULL), first - 3);
    /* n is clamped, never negative */
    T_EQ_INT(calendar_add_workdays(cal, D("2026-05-06"), -5, NULL), D("2026-05-06"));
    T_CHECK(calendar_add_workdays(cal, first, CALENDAR_MAX_WORKDAYS + 10, NULL) ==
            calendar_add_workdays(cal, first, CALENDAR_MAX_WORKDAYS, NULL));
    T_CHECK(calendar_day_name(cal, first - 1) == NULL);
    calendar_free(cal);
}

static void
test_empty_and_entries(void)
{
    struct calendar *cal = calendar_new_empty(), *bi = builtin();
    size_t n = calendar_entry_count(bi), stat = 0, off = 0;
    bool prov = false;

    T_CHECK(!calendar_is_workday(cal, D("2026-10-03"), &prov)); /* Saturday */
    T_CHECK(prov);
    T_CHECK(calendar_is_workday(cal, D("2026-10-01"), NULL)); /* no holidays at all */
    T_EQ_INT(calendar_entry_count(cal), 0);
    T_CHECK(calendar_entry_at(cal, 0) == NULL);
    calendar_free(cal);
    calendar_free(NULL);

    for (size_t i = 0; i < n; i++) {
        const struct calendar_entry *e = calendar_entry_at(bi, i);

        stat += e->source == CALENDAR_STATUTORY;
        off += e->source == CALENDAR_OFFICIAL;
        if (i > 0)
            T_CHECK(calendar_entry_at(bi, i - 1)->date <= e->date);
    }
    T_EQ_INT(off, 72);   /* data/holidays.csv */
    T_EQ_INT(stat, 115); /* data/lunar-holidays.csv: 2027-2035 */
    T_EQ_INT(calendar_entry_at(bi, 0)->date, D("2025-01-01"));
    T_EQ_STR(calendar_entry_at(bi, 0)->name, "元旦");
    T_CHECK(!calendar_entry_at(bi, 0)->workday);
    T_CHECK(calendar_entry_at(bi, 1)->workday); /* 2025-01-26 春节调休上班 */
    calendar_free(bi);
}

static const struct t_case t_cases[] = {
    { "required results", test_required_results },
    { "spring festival 2025", test_spring_festival_2025 },
    { "national day 2026", test_national_day_2026 },
    { "statutory years", test_statutory_years },
    { "provisional spans", test_provisional_spans },
    { "add makes year official", test_add_makes_year_official },
    { "import", test_import },
    { "import errors", test_import_errors },
    { "arithmetic vs day by day", test_arithmetic_matches_day_by_day },
    { "edges of range", test_edges_of_range },
    { "empty calendar and entries", test_empty_and_entries },
    { 0 },
};

T_MAIN(t_cases)
