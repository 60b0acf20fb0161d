/*
 * date.h - civil dates, months and timestamps.
 *
 * A civil date is a day number: days since 1970-01-01 in the proleptic
 * Gregorian calendar (int32_t, so arithmetic is plain integer arithmetic).
 * A month is year*12 + (month-1).  Civil dates are Asia/Shanghai (UTC+8, no
 * daylight saving since 1991); timestamps are int64 seconds since the Unix
 * epoch in UTC and shown in +08:00.
 */
#ifndef ZQ_CORE_DATE_H
#define ZQ_CORE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

typedef int32_t zq_date;  /* days since 1970-01-01 */
typedef int32_t zq_month; /* year*12 + month-1 */

#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 2199
#define DATE_STR_LEN  11 /* "YYYY-MM-DD" + NUL */
#define MONTH_STR_LEN 8  /* "YYYY-MM" + NUL */
#define TS_STR_LEN    20 /* "YYYY-MM-DD HH:MM:SS" + NUL */

bool date_valid_ymd(int y, int m, int d);
int date_days_in_month(int y, int m);
bool date_is_leap(int y);
/* y/m/d must be valid (assert). */
zq_date date_from_ymd(int y, int m, int d);
void date_to_ymd(zq_date z, int *y, int *m, int *d);
/* 1 = Monday ... 7 = Sunday (ISO 8601). */
int date_weekday(zq_date d);
zq_month date_month(zq_date d);
zq_date month_first_day(zq_month m);
zq_date month_last_day(zq_month m);
int month_year(zq_month m);
int month_num(zq_month m); /* 1..12 */

/*
 * Parse "YYYY-MM-DD" or "YYYY/MM/DD" (month and day may have one digit in the
 * slash form, as Excel writes them), years DATE_MIN_YEAR..DATE_MAX_YEAR.
 * On error fills err with a Chinese reason ("日期 2026-02-30 不存在" ...).
 */
int date_parse(struct str s, zq_date *out, struct zq_err *err) ZQ_WUR;
/* Excel serial day number (1900 date system, 1 = 1900-01-01; the fictitious
 * 1900-02-29 = 60 is rejected); fractional part (time of day) ignored. */
int date_from_excel_serial(double serial, zq_date *out, struct zq_err *err) ZQ_WUR;
/* "YYYY-MM" or "YYYY/MM" (also "YYYY-M"). */
int month_parse(struct str s, zq_month *out, struct zq_err *err) ZQ_WUR;
/* Writes "YYYY-MM-DD"; buf must hold DATE_STR_LEN bytes.  Returns buf. */
char *date_format(zq_date d, char buf[DATE_STR_LEN]);
char *month_format(zq_month m, char buf[MONTH_STR_LEN]);

/* Today's civil date in Asia/Shanghai; ZHIQIAN_TODAY=YYYY-MM-DD overrides it
 * (for tests and for replaying a past day). */
zq_date date_today(void);

/* Timestamps: seconds since the epoch, UTC. */
int64_t ts_now(void);
/* "YYYY-MM-DD HH:MM[:SS]" (or with '/') read as +08:00. */
int ts_parse(struct str s, int64_t *out, struct zq_err *err) ZQ_WUR;
/* Writes "YYYY-MM-DD HH:MM:SS" in +08:00. */
char *ts_format(int64_t ts, char buf[TS_STR_LEN]);
/* Civil date (Asia/Shanghai) of a timestamp. */
zq_date ts_date(int64_t ts);

#endif
