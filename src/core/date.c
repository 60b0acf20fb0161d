/*
 * date.c - civil-date arithmetic (days-from-civil, after H. Hinnant's public
 * algorithms), parsing and formatting.  No time zone database is consulted:
 * China has used UTC+8 without daylight saving since 1991.
 */
#include "core/date.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SHANGHAI_OFFSET (8 * 3600)

bool
date_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_days_in_month(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    if (m < 1 || m > 12)
        return 0;
    return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

bool
date_valid_ymd(int y, int m, int d)
{
    return y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR && m >= 1 && m <= 12 && d >= 1 &&
           d <= date_days_in_month(y, m);
}

zq_date
date_from_ymd(int y, int m, int d)
{
    int era, yoe, doy, doe;

    assert(m >= 1 && m <= 12 && d >= 1 && d <= 31);
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (zq_date)(era * 146097 + doe - 719468);
}

void
date_to_ymd(zq_date z, int *y, int *m, int *d)
{
    int zz = z + 719468;
    int era = (zz >= 0 ? zz : zz - 146096) / 146097;
    int doe = zz - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;

    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

int
date_weekday(zq_date d)
{
    /* 1970-01-01 was a Thursday (4) */
    int w = (int)((d % 7 + 7) % 7);
    return (w + 3) % 7 + 1;
}

zq_month
date_month(zq_date d)
{
    int y, m, dd;

    date_to_ymd(d, &y, &m, &dd);
    return y * 12 + m - 1;
}

int
month_year(zq_month m)
{
    return m / 12;
}

int
month_num(zq_month m)
{
    return m % 12 + 1;
}

zq_date
month_first_day(zq_month m)
{
    return date_from_ymd(month_year(m), month_num(m), 1);
}

zq_date
month_last_day(zq_month m)
{
    return date_from_ymd(month_year(m), month_num(m),
                         date_days_in_month(month_year(m), month_num(m)));
}

/* Read 1..maxd ASCII digits at s[*i]; returns -1 if none. */
static int
digits(struct str s, size_t *i, int mind, int maxd)
{
    int v = 0, n = 0;

    while (*i < s.len && n < maxd && s.p[*i] >= '0' && s.p[*i] <= '9') {
        v = v * 10 + (s.p[*i] - '0');
        (*i)++;
        n++;
    }
    return n >= mind ? v : -1;
}

static int
bad_date(struct zq_err *err, struct str s, const char *why)
{
    char ex[STR_EXCERPT_LEN];

    return zq_err_set(err, ZQ_EINVAL, "日期“%s”%s", str_excerpt(s, ex), why);
}

/* Parses y, m and (when want_day) d; *sep gets the separator seen. */
static int
parse_ymd(struct str s, bool want_day, int *y, int *m, int *d, size_t *end)
{
    size_t i = 0;
    char sep;

    *y = digits(s, &i, 4, 4);
    if (*y < 0 || i >= s.len || (s.p[i] != '-' && s.p[i] != '/'))
        return -1;
    sep = s.p[i++];
    *m = digits(s, &i, sep == '/' ? 1 : 2, 2);
    if (*m < 0)
        return -1;
    if (want_day) {
        if (i >= s.len || s.p[i] != sep)
            return -1;
        i++;
        *d = digits(s, &i, sep == '/' ? 1 : 2, 2);
        if (*d < 0)
            return -1;
    }
    *end = i;
    return 0;
}

int
date_parse(struct str s, zq_date *out, struct zq_err *err)
{
    int y, m, d;
    size_t end;

    if (parse_ymd(s, true, &y, &m, &d, &end) < 0 || end != s.len)
        return bad_date(err, s, "格式不正确，应为 YYYY-MM-DD");
    if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
        return bad_date(err, s, "年份超出范围（1900–2199）");
    if (!date_valid_ymd(y, m, d))
        return bad_date(err, s, "不存在");
    *out = date_from_ymd(y, m, d);
    return 0;
}

int
date_from_excel_serial(double serial, zq_date *out, struct zq_err *err)
{
    long n;

    if (!(serial >= 1.0 && serial < 2958466.0))
        return zq_err_set(err, ZQ_EINVAL, "Excel 日期序号 %.0f 超出范围", serial);
    n = (long)serial;
    if (n == 60)
        return zq_err_set(err, ZQ_EINVAL, "Excel 日期序号 60（1900-02-29）不存在");
    /* serial 1 = 1900-01-01; Excel counts a fictitious 1900-02-29 */
    if (n > 60)
        n--;
    *out = date_from_ymd(1900, 1, 1) + (zq_date)(n - 1);
    {
        int y, m, d;
        date_to_ymd(*out, &y, &m, &d);
        if (y > DATE_MAX_YEAR)
            return zq_err_set(err, ZQ_EINVAL, "Excel 日期序号 %ld 超出范围", n);
    }
    return 0;
}

int
month_parse(struct str s, zq_month *out, struct zq_err *err)
{
    char ex[STR_EXCERPT_LEN];
    int y, m, d;
    size_t end;

    if (parse_ymd(s, false, &y, &m, &d, &end) < 0 || end != s.len || m < 1 || m > 12)
        return zq_err_set(err, ZQ_EINVAL, "月份“%s”格式不正确，应为 YYYY-MM", str_excerpt(s, ex));
    if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
        return zq_err_set(err, ZQ_EINVAL, "月份“%s”年份超出范围（1900–2199）", str_excerpt(s, ex));
    *out = y * 12 + m - 1;
    return 0;
}

static void
put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

static void
put4(char *p, int v)
{
    p[0] = (char)('0' + v / 1000 % 10);
    p[1] = (char)('0' + v / 100 % 10);
    p[2] = (char)('0' + v / 10 % 10);
    p[3] = (char)('0' + v % 10);
}

char *
date_format(zq_date z, char buf[DATE_STR_LEN])
{
    int y, m, d;

    date_to_ymd(z, &y, &m, &d);
    put4(buf, y);
    buf[4] = '-';
    put2(buf + 5, m);
    buf[7] = '-';
    put2(buf + 8, d);
    buf[10] = '\0';
    return buf;
}

char *
month_format(zq_month mo, char buf[MONTH_STR_LEN])
{
    put4(buf, month_year(mo));
    buf[4] = '-';
    put2(buf + 5, month_num(mo));
    buf[7] = '\0';
    return buf;
}

int64_t
ts_now(void)
{
    struct timespec now;

    clock_gettime(CLOCK_REALTIME, &now);
    return (int64_t)now.tv_sec;
}

zq_date
ts_date(int64_t ts)
{
    int64_t local = ts + SHANGHAI_OFFSET;
    int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);

    return (zq_date)days;
}

zq_date
date_today(void)
{
    const char *o = getenv("ZHIQIAN_TODAY");
    zq_date d;

    if (o != NULL && *o != '\0' && date_parse(str_from(o), &d, NULL) == 0)
        return d;
    return ts_date(ts_now());
}

int
ts_parse(struct str s, int64_t *out, struct zq_err *err)
{
    char ex[STR_EXCERPT_LEN];
    int y, m, d, hh, mm, ss = 0;
    size_t i;

    if (parse_ymd(s, true, &y, &m, &d, &i) < 0 || i >= s.len || s.p[i] != ' ')
        goto bad;
    while (i < s.len && s.p[i] == ' ')
        i++;
    hh = digits(s, &i, 1, 2);
    if (hh < 0 || i >= s.len || s.p[i] != ':')
        goto bad;
    i++;
    mm = digits(s, &i, 2, 2);
    if (mm < 0)
        goto bad;
    if (i < s.len && s.p[i] == ':') {
        i++;
        ss = digits(s, &i, 2, 2);
        if (ss < 0)
            goto bad;
    }
    if (i != s.len)
        goto bad;
    if (!date_valid_ymd(y, m, d))
        return zq_err_set(err, ZQ_EINVAL, "时间“%s”中的日期不存在", str_excerpt(s, ex));
    if (hh > 23 || mm > 59 || ss > 59)
        return zq_err_set(err, ZQ_EINVAL, "时间“%s”中的时刻不存在", str_excerpt(s, ex));
    *out = (int64_t)date_from_ymd(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss - SHANGHAI_OFFSET;
    return 0;
bad:
    return zq_err_set(err, ZQ_EINVAL, "时间“%s”格式不正确，应为 YYYY-MM-DD HH:MM[:SS]",
                      str_excerpt(s, ex));
}

char *
ts_format(int64_t ts, char buf[TS_STR_LEN])
{
    int64_t local = ts + SHANGHAI_OFFSET;
    zq_date d = ts_date(ts);
    int64_t sec = local - (int64_t)d * 86400;

    date_format(d, buf);
    buf[10] = ' ';
    put2(buf + 11, (int)(sec / 3600));
    buf[13] = ':';
    put2(buf + 14, (int)(sec / 60 % 60));
    buf[16] = ':';
    put2(buf + 17, (int)(sec % 60));
    buf[19] = '\0';
    return buf;
}
