/*
 * Fuzz target: date_parse, month_parse and ts_parse on the same input, and
 * the round trips of what they accept: the formatted value parses back to the
 * same day, month or second.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_failure(const struct zq_err *e)
{
    /* messages reach JSON and logs: they must stay valid UTF-8 whatever the input */
    if (e->code != ZQ_EINVAL || e->msg[0] == '\0' || !utf8_valid(e->msg, strlen(e->msg)))
        abort();
}

static void
check_date(struct str s)
{
    struct zq_err e;
    zq_date d, back;
    char buf[DATE_STR_LEN];
    int y, m, dd, wd;

    zq_err_clear(&e);
    if (date_parse(s, &d, &e) != 0) {
        check_failure(&e);
        return;
    }
    date_to_ymd(d, &y, &m, &dd);
    if (!date_valid_ymd(y, m, dd) || date_from_ymd(y, m, dd) != d)
        abort();
    wd = date_weekday(d);
    if (wd < 1 || wd > 7)
        abort();
    if (date_parse(str_from(date_format(d, buf)), &back, NULL) != 0 || back != d)
        abort();
    if (date_month(d) != y * 12 + m - 1 || month_first_day(date_month(d)) > d ||
        month_last_day(date_month(d)) < d)
        abort();
}

static void
check_month(struct str s)
{
    struct zq_err e;
    zq_month mo, back;
    char buf[MONTH_STR_LEN];

    zq_err_clear(&e);
    if (month_parse(s, &mo, &e) != 0) {
        check_failure(&e);
        return;
    }
    if (month_num(mo) < 1 || month_num(mo) > 12)
        abort();
    if (month_parse(str_from(month_format(mo, buf)), &back, NULL) != 0 || back != mo)
        abort();
}

static void
check_ts(struct str s)
{
    struct zq_err e;
    int64_t ts, back;
    char buf[TS_STR_LEN];

    zq_err_clear(&e);
    if (ts_parse(s, &ts, &e) != 0) {
        check_failure(&e);
        return;
    }
    if (ts_parse(str_from(ts_format(ts, buf)), &back, NULL) != 0 || back != ts)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct str s = { (const char *)data, size };

    check_date(s);
    check_month(s);
    check_ts(s);
    return 0;
}
