/*
 * Unit tests for the basic core modules: alloc (arena), err, str, date.
 */
#include "core/alloc.h"
#include "core/date.h"
#include "core/err.h"
#include "core/str.h"
#include "t.h"

static void
test_arena(void)
{
    struct arena *a = arena_new(64);
    char *s = arena_strdup(a, "治欠");
    void *big = arena_alloc(a, 1000);

    T_EQ_STR(s, "治欠");
    T_CHECK(big != NULL);
    T_CHECK(((uintptr_t)big & 15) == 0);
    memset(big, 1, 1000);
    for (int i = 0; i < 100; i++)
        T_CHECK(arena_alloc(a, 24) != NULL);
    T_CHECK(arena_used(a) >= 1000 + 100 * 24);
    arena_reset(a);
    T_EQ_INT(arena_used(a), 0);
    T_EQ_STR(arena_strndup(a, "abcdef", 3), "abc");
    arena_free(a);
    arena_free(NULL);
}

static void
test_buf_cap(void)
{
    struct buf b;

    buf_init(&b, 8);
    T_EQ_INT(buf_puts(&b, "1234"), 0);
    T_EQ_INT(buf_printf(&b, "%d", 5678), 0);
    T_EQ_STR(b.p, "12345678");
    T_EQ_INT(buf_putc(&b, 'x'), ZQ_ETOOBIG);
    T_EQ_STR(b.p, "12345678");
    buf_fini(&b);
}

static void
test_str(void)
{
    struct str h, r;
    int64_t v = 0;

    T_CHECK(str_eq_cstr(str_trim(str_from("\xE3\x80\x80 ab \t")), "ab"));
    T_CHECK(str_split(str_from("a,b,c"), ',', &h, &r));
    T_CHECK(str_eq_cstr(h, "a") && str_eq_cstr(r, "b,c"));
    T_EQ_INT(str_to_i64(str_from("-9223372036854775808"), &v), 0);
    T_CHECK(v == INT64_MIN);
    T_EQ_INT(str_to_i64(str_from("9223372036854775808"), &v), ZQ_EINVAL);
    T_EQ_INT(str_to_i64(str_from(""), &v), ZQ_EINVAL);
    T_EQ_INT(str_to_i64(str_from("1e3"), &v), ZQ_EINVAL);
    T_CHECK(utf8_valid("欠薪", strlen("欠薪")));
    T_CHECK(!utf8_valid("\xC0\xAF", 2));     /* overlong */
    T_CHECK(!utf8_valid("\xED\xA0\x80", 3)); /* surrogate */
    T_CHECK(!utf8_valid("\xE6\xAC", 2));     /* truncated */
}

static void
test_err(void)
{
    struct zq_err e;
    char longv[2000];

    zq_err_clear(&e);
    memset(longv, 0, sizeof(longv));
    for (int i = 0; i + 3 < (int)sizeof(longv); i += 3)
        memcpy(longv + i, "欠", 3);
    T_EQ_INT(zq_err_set(&e, ZQ_EINVAL, "%s", longv), ZQ_EINVAL);
    T_CHECK(utf8_valid(e.msg, strlen(e.msg)));
    T_EQ_STR(zq_err_code_name(ZQ_ENOTFOUND), "not_found");
    T_EQ_INT(zq_err_set(NULL, ZQ_EDB, "x"), ZQ_EDB);
}

static void
test_date_roundtrip(void)
{
    char buf[DATE_STR_LEN];
    zq_date d;

    T_EQ_INT(date_from_ymd(1970, 1, 1), 0);
    T_EQ_INT(date_weekday(0), 4); /* Thursday */
    T_EQ_INT(date_weekday(date_from_ymd(2026, 11, 23)), 1);
    for (d = date_from_ymd(1900, 1, 1); d < date_from_ymd(2200, 1, 1); d += 37) {
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        T_CHECK(date_from_ymd(y, m, dd) == d);
    }
    T_EQ_STR(date_format(date_from_ymd(2024, 2, 29), buf), "2024-02-29");
}

static void
test_date_parse(void)
{
    static const struct {
        const char *in;
        int ok;
        const char *want;
    } rows[] = {
        { "2026-10-10", 1, "2026-10-10" }, { "2026/1/5", 1, "2026-01-05" },
        { "2024-02-29", 1, "2024-02-29" }, { "2026-02-29", 0, "不存在" },
        { "2026-02-30", 0, "不存在" },     { "2100-02-29", 0, "不存在" },
        { "2000-02-29", 1, "2000-02-29" }, { "2026-1-05", 0, "格式" },
        { "26-01-05", 0, "格式" },         { "2026-01-05 ", 0, "格式" },
        { "1899-12-31", 0, "范围" },       { "", 0, "格式" },
        { "2026-13-01", 0, "不存在" },     { "2026-00-10", 0, "不存在" },
        { "２０２６-01-01", 0, "格式" },
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct zq_err e;
        zq_date d = 0;
        char buf[DATE_STR_LEN];
        int rc;

        zq_err_clear(&e);
        rc = date_parse(str_from(rows[i].in), &d, &e);
        if (rows[i].ok) {
            T_EQ_INT(rc, 0);
            T_EQ_STR(date_format(d, buf), rows[i].want);
        } else {
            T_EQ_INT(rc, ZQ_EINVAL);
            T_CONTAINS(e.msg, rows[i].want);
        }
    }
}

/* Regression: a message quoting bad input stays valid UTF-8 (it is sent as JSON). */
static void
test_date_message_utf8(void)
{
    static const char *const bad[] = { "2026-11-23\xff", "\xe6\xac\xa0\xe6\xac",
                                       "2026-02-30\xe6\xac\xa0\xe8\x96\xaa\xe8\x96\xaa\xe8"
                                       "\x96\xaa\xe8\x96\xaa\xe8\x96\xaa\xe8\x96\xaa\xe8\x96\xaa" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct zq_err e;
        zq_date d;
        zq_month m;
        int64_t ts;

        zq_err_clear(&e);
        T_EQ_INT(date_parse(str_from(bad[i]), &d, &e), ZQ_EINVAL);
        T_CHECK(utf8_valid(e.msg, strlen(e.msg)));
        T_EQ_INT(month_parse(str_from(bad[i]), &m, &e), ZQ_EINVAL);
        T_CHECK(utf8_valid(e.msg, strlen(e.msg)));
        T_EQ_INT(ts_parse(str_from(bad[i]), &ts, &e), ZQ_EINVAL);
        T_CHECK(utf8_valid(e.msg, strlen(e.msg)));
    }
}

static void
test_excel_serial(void)
{
    char buf[DATE_STR_LEN];
    zq_date d;

    T_EQ_INT(date_from_excel_serial(1, &d, NULL), 0);
    T_EQ_STR(date_format(d, buf), "1900-01-01");
    T_EQ_INT(date_from_excel_serial(59, &d, NULL), 0);
    T_EQ_STR(date_format(d, buf), "1900-02-28");
    T_EQ_INT(date_from_excel_serial(60, &d, NULL), ZQ_EINVAL);
    T_EQ_INT(date_from_excel_serial(61, &d, NULL), 0);
    T_EQ_STR(date_format(d, buf), "1900-03-01");
    T_EQ_INT(date_from_excel_serial(46023.75, &d, NULL), 0);
    T_EQ_STR(date_format(d, buf), "2026-01-01");
    T_EQ_INT(date_from_excel_serial(0, &d, NULL), ZQ_EINVAL);
    T_EQ_INT(date_from_excel_serial(-5, &d, NULL), ZQ_EINVAL);
}

static void
test_month_and_ts(void)
{
    char mb[MONTH_STR_LEN], tb[TS_STR_LEN];
    zq_month m;
    int64_t ts;

    T_EQ_INT(month_parse(str_from("2026-09"), &m, NULL), 0);
    T_EQ_STR(month_format(m, mb), "2026-09");
    T_EQ_INT(date_days_in_month(2026, 2), 28);
    T_EQ_STR(date_format(month_last_day(m), tb), "2026-09-30");
    T_EQ_INT(month_parse(str_from("2026-13"), &m, NULL), ZQ_EINVAL);
    T_EQ_INT(ts_parse(str_from("2026-11-23 08:00"), &ts, NULL), 0);
    T_EQ_INT(ts, 1795392000); /* 2026-11-23T00:00:00Z */
    T_EQ_STR(ts_format(ts, tb), "2026-11-23 08:00:00");
    T_EQ_INT(ts_parse(str_from("2026/11/23 23:59:59"), &ts, NULL), 0);
    T_EQ_STR(date_format(ts_date(ts), mb[0] ? tb : tb), "2026-11-23");
    T_EQ_INT(ts_parse(str_from("2026-11-23 24:00"), &ts, NULL), ZQ_EINVAL);
}

static const struct t_case t_cases[] = {
    { "arena", test_arena },
    { "buf cap", test_buf_cap },
    { "str", test_str },
    { "err", test_err },
    { "date roundtrip", test_date_roundtrip },
    { "date parse", test_date_parse },
    { "date messages are UTF-8", test_date_message_utf8 },
    { "excel serial", test_excel_serial },
    { "month and timestamps", test_month_and_ts },
    { 0 },
};
T_MAIN(t_cases)
