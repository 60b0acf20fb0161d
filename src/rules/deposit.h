/*
 * deposit.h - the wage deposit of SPEC §6 (保证金规定 第十一、十二条): the
 * required amount of a project, computed step by step so that `zhiqian
 * deposit calc` can show every step, and the valid deposits on a date.
 * Pure functions over loaded facts; the steps are Chinese text.
 *
 *   required = contract x ratio, where
 *     ratio     = deposit.ratio (default 2%), or deposit.multi_ratio when the
 *                 contractor already has deposits on other projects in the area
 *     x 50%     when the contractor had no arrears in the area for the 2 years
 *               before the contract (新增工程: judged on the signing date)
 *     exempt    when 3 such years, with 实名制 and a wage account in place
 *     x 150%    when it had arrears in the area in the 2 years before D
 *     x 200%    on the statutory blacklist on D, and then no cap
 *     exempt    (optional, deposit.small_exempt) contract < 3,000,000 yuan
 *               and no arrears in the year before
 *   capped at deposit.cap_yuan; rounded to the fen, half up.
 *
 * Clean years count only from the contractor's first recorded project in the
 * area: a contractor new to the area gets neither reduction nor exemption.
 */
#ifndef ZQ_RULES_DEPOSIT_H
#define ZQ_RULES_DEPOSIT_H

#include <stdbool.h>
#include <stdint.h>

#include "rules/rules.h"

#define DEP_MAX_STEPS 12
#define DEP_STEP_LEN  360

struct dep_facts {
    int64_t contract_fen;
    zq_date ref;                     /* contract signing (else start) date */
    zq_date first_start;             /* contractor's first project in the area; SF_NO_DATE: none */
    zq_date last_arrears_before_ref; /* latest verified case filed on or before ref */
    zq_date last_arrears;            /* latest verified case filed on or before D */
    const char *black_name;          /* on the statutory list on D: the entry's name */
    bool other_deposits;             /* contractor holds deposits on other projects in the area */
    bool has_account, has_registered;
    char area[7];
};

struct dep_result {
    int ratio_bp;   /* the base ratio used */
    int factor_pct; /* product of the adjustments, percent (100 = none) */
    bool exempt, capped, uncapped;
    int64_t raw_fen; /* contract x ratio x factor, rounded */
    int64_t required_fen;
    char steps[DEP_MAX_STEPS][DEP_STEP_LEN];
    int nsteps;
};

/* The facts of project p from env's history, its rows (deposits) and its
 * digest r (registrations). */
void dep_facts_of(const struct rule_env *env, const struct sf_chunk *c, const struct sf_project *p,
                  const struct rf_project *r, struct dep_facts *f);
/* The required amount with its steps. */
void dep_required(const struct rule_cfg *cfg, zq_date as_of, const struct dep_facts *f,
                  struct dep_result *r);

/* The deposits of a project as they stood on D. */
struct dep_valid {
    int64_t cash_fen;      /* cash deposited on or before D, not returned */
    int64_t drawn_fen;     /* draws (动用) on or before D */
    int64_t refilled_fen;  /* replenishments (补足 events) on or before D */
    int64_t guarantee_fen; /* guarantees in force on D (D <= expires_on) */
    int64_t expired_fen;   /* guarantees that expired before D */
    int64_t valid_fen;     /* cash - drawn + refilled + guarantees */
    int guarantees;
};
void dep_valid_on(const struct sf_chunk *c, const struct sf_project *p, zq_date d,
                  struct dep_valid *v);

#endif
