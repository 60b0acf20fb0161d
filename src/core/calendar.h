/*
 * calendar.h - the working-day calendar (SPEC §8): which civil dates are
 * working days, from the official holiday arrangements (rest days 放假 and
 * make-up working days 调休上班) and, for years without an official notice,
 * the statutory holidays of 《全国年节及纪念日放假办法》.
 *
 * A year is *official* when the calendar holds at least one official entry
 * for it (built-in data/holidays.csv, or added with calendar_add /
 * calendar_parse_csv).  In an official year a day is a working day iff it is
 * listed `work`, or it is Monday-Friday and not listed `off`.  In any other
 * year the statutory days of data/lunar-holidays.csv and the weekends are rest
 * days, and every result that looked at such a year is *provisional*; so is
 * every result outside 1900-2199, where only weekends are rest days.
 *
 * A struct calendar is a value owned by its creator (calendar_free); the
 * queries never change it, so one calendar may be read by many threads.
 * Queries are O(1) (is_workday, workdays) or O(log n) (add_workdays) over a
 * per-day table of 1900-2199.
 *
 * Every query takes `bool *provisional` (may be NULL): it is set to true when
 * the result depended on a non-official year and left unchanged otherwise, so
 * one flag can collect several calls.
 */
#ifndef ZQ_CORE_CALENDAR_H
#define ZQ_CORE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/err.h"

#define CALENDAR_MAX_NAME     120     /* bytes of a holiday name (40 Chinese characters) */
#define CALENDAR_MAX_WORKDAYS 1000000 /* largest n calendar_add_workdays honours */

enum calendar_source {
    CALENDAR_OFFICIAL = 1,  /* built-in data/holidays.csv (State Council notices) */
    CALENDAR_IMPORTED = 2,  /* added at run time: `calendar import`, or the database */
    CALENDAR_STATUTORY = 3, /* built-in data/lunar-holidays.csv, used in non-official years */
};

struct calendar_entry {
    zq_date date;
    bool workday;                /* true: 调休上班 (work); false: 放假 (off) */
    enum calendar_source source; /* official and imported entries are both "official" */
    const char *name;            /* owned by the calendar; "" when none */
};

struct calendar;

/* The built-in calendar (data/holidays.csv + data/lunar-holidays.csv).  *out
 * is owned by the caller.  Fails only if the binary's data is broken. */
int calendar_new_builtin(struct calendar **out, struct zq_err *err) ZQ_WUR;
/* A calendar without entries: weekends only, every year provisional. */
struct calendar *calendar_new_empty(void);
/* calendar_free(NULL) does nothing. */
void calendar_free(struct calendar *cal);

/*
 * Add an official entry (it replaces an earlier official entry for that date)
 * and make its year official.  name (UTF-8, may be NULL) is copied.  Errors:
 * ZQ_EINVAL for a date outside 1900-2199 or a bad name; cal is then unchanged.
 */
int calendar_add(struct calendar *cal, zq_date d, bool workday, const char *name,
                 struct zq_err *err) ZQ_WUR;

/*
 * Parse an arrangement CSV (`calendar import FILE`) and add its days as
 * imported official entries.  Header `date,kind,name` (name optional; also
 * 日期,类型,名称), kind off|work or 放假|上班, UTF-8 with optional BOM, LF or
 * CRLF, blank lines ignored, each date at most once.  `filename` (may be NULL)
 * is only used in messages.  On error nothing is added and err names the file,
 * line, column and value; on success *added (may be NULL) = rows added.
 */
int calendar_parse_csv(struct calendar *cal, const char *data, size_t len, const char *filename,
                       int *added, struct zq_err *err) ZQ_WUR;

bool calendar_is_workday(const struct calendar *cal, zq_date d, bool *provisional);

/* The n-th working day after d (n = 0: d itself).  n outside
 * 0..CALENDAR_MAX_WORKDAYS is clamped into it.  "Within n working days of d"
 * means by the end of this day. */
zq_date calendar_add_workdays(const struct calendar *cal, zq_date d, int n, bool *provisional);

/* The number of working days in (a, b]; 0 when b <= a. */
int calendar_workdays(const struct calendar *cal, zq_date a, zq_date b, bool *provisional);

/* d if it is a working day, else the last working day before it (a pay day
 * that falls on a rest day is brought forward). */
zq_date calendar_last_workday_on_or_before(const struct calendar *cal, zq_date d,
                                           bool *provisional);

/* Does the calendar hold an official entry for this year? */
bool calendar_year_official(const struct calendar *cal, int year);

/* The holiday name of d (owned by the calendar): its official entry's in an
 * official year, its statutory entry's otherwise; NULL when none or empty. */
const char *calendar_day_name(const struct calendar *cal, zq_date d);

/* All entries (official, imported, statutory) in date order, official before
 * statutory on the same date; owned by the calendar and valid until the next
 * calendar_add or calendar_parse_csv. */
size_t calendar_entry_count(const struct calendar *cal);
const struct calendar_entry *calendar_entry_at(const struct calendar *cal, size_t i);

#endif
