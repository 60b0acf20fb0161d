/*
 * money.h - amounts of money as int64 fen (分), parsed from and printed as
 * yuan text with integer code only.
 *
 * Every amount in zhiqian is an int64_t count of fen: 12345.67 yuan is 1234567.
 * No floating point touches money anywhere: binary fractions cannot hold 0.1
 * exactly, and a wage must add up to the fen.
 */
#ifndef ZQ_CORE_MONEY_H
#define ZQ_CORE_MONEY_H

#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

/* "-92233720368547758.08" + NUL */
#define MONEY_STR_LEN 22
/* "-92,233,720,368,547,758.08" + NUL */
#define MONEY_GROUPED_LEN 27

/*
 * Parse yuan text into fen.  Accepted: surrounding ASCII white space (trimmed),
 * an optional leading '-', one or more ASCII digits, then optionally '.' and one
 * or two digits ("12", "12.5", "-0.05", "007.10").  Everything else is refused
 * with a Chinese message naming the value and the reason: empty text, '+',
 * exponents, thousands separators (',' and '，'), spaces inside, leading or
 * trailing '.', more than two decimals, full-width digits, currency signs and
 * units, and amounts beyond the int64 range of fen.  Whether a negative amount
 * is allowed is for the caller to decide.  s is only read; *fen is written
 * only on success.  Returns 0 or ZQ_EINVAL.
 */
int money_parse(struct str s, int64_t *fen, struct zq_err *err) ZQ_WUR;

/* Write fen as yuan with exactly two decimals: "12345.67", "-0.50", "0.00".
 * Every int64 value works, INT64_MIN included.  Returns buf. */
char *money_format(int64_t fen, char buf[MONEY_STR_LEN]);

/* As money_format with ',' between groups of three integer digits, for
 * reports: "1,234,567.89", "-1,000.00".  Returns buf. */
char *money_format_grouped(int64_t fen, char buf[MONEY_GROUPED_LEN]);

/*
 * *out = fen * num / den, rounded to the nearest fen with halves rounded away
 * from zero (四舍五入: 0.5 fen -> 1 fen, -0.5 fen -> -1 fen).  The product is
 * computed in 128 bits, so only the result can overflow.  Used for ratios such
 * as a deposit of 2% of the contract amount: money_mul_ratio(c, 2, 100, &d).
 * Returns 0, or ZQ_EINVAL when den is 0 or the result does not fit in int64
 * (then *out is not written).
 */
int money_mul_ratio(int64_t fen, int64_t num, int64_t den, int64_t *out) ZQ_WUR;

#endif
