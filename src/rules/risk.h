/*
 * risk.h - the forward-looking default risk of a project (违约风险, SPEC §5):
 * a 0-100 score and a band (高/中/低) computed from a project's digest
 * (rules.h, struct rf_project), with the facts behind it.  It is a score on
 * the project and in the ledger, not a warning.
 *
 * Four factors over the window of the rules.risk_months months before the
 * scan date's month (docs/rules.md, "Default risk"):
 *   coverage   人工费拨付覆盖率: 人工费 received / wages due on the payroll
 *   lag        工资发放滞后: average days from a month's end to its pay day
 *   lag_rise   发放滞后上升: the latest month's lag against the months before
 *   unpaid     未付工资余额连增: consecutive recent months, already due, with
 *              wages still unpaid
 * Each gives points from 0 to its weight, linear between two thresholds;
 * the score is their sum (at most 100).  Integer arithmetic only: ratios in
 * per-mille, days in tenths.  Pure: no I/O.
 */
#ifndef ZQ_RULES_RISK_H
#define ZQ_RULES_RISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/rules.h"

enum risk_band { RISK_LOW, RISK_MID, RISK_HIGH };

enum risk_factor_id { RISK_COVERAGE, RISK_LAG, RISK_LAG_RISE, RISK_UNPAID, RISK_NFACTORS };

#define RISK_DETAIL_MAX 200

struct risk_factor {
    enum risk_factor_id id;
    bool applies; /* the project has the facts this factor needs */
    int points;   /* 0..weight */
    int weight;
    int64_t value; /* coverage: per-mille; lag, lag_rise: tenths of a day; unpaid: months */
    char detail[RISK_DETAIL_MAX]; /* Chinese: "近3个月 42%（拨付 …，应发 …）" */
};

struct risk_result {
    bool judged; /* an active project on the scan date (else score 0, no factors) */
    int score;   /* 0..100 */
    enum risk_band band;
    struct risk_factor f[RISK_NFACTORS];
};

/* The default risk of the project of digest r on env->as_of (r->p must be
 * set).  Fills *out completely. */
void rule_risk(const struct rule_env *env, const struct rf_project *r, struct risk_result *out);

/* Band from a score under the configuration (高 >= risk_high, 中 >= risk_mid). */
enum risk_band risk_band_of(const struct rule_cfg *c, int score);
const char *risk_band_zh(enum risk_band b); /* 高, 中, 低 */
int risk_band_parse(const char *s);         /* RISK_* or -1; accepts 高/中/低 and high/mid/low */
const char *risk_factor_code(enum risk_factor_id id); /* "coverage" ... */
const char *risk_factor_name(enum risk_factor_id id); /* "人工费拨付覆盖率" ... */

/* The factors as a JSON array, in factor order, for project_risk.factors:
 * [{"code":"coverage","name":"人工费拨付覆盖率","applies":true,"points":28,
 *   "weight":35,"value":420,"detail":"…"},…].  0, or ZQ_ETOOBIG when cap is
 * too small (out is then truncated but terminated). */
int risk_factors_json(const struct risk_result *r, char *out, size_t cap) ZQ_WUR;

/* One line per factor for people: "人工费拨付覆盖率 28/35：近3个月 42%（…）". */
void risk_factor_line(const struct risk_factor *f, char *out, size_t cap);

#endif
