/*
 * deposit.h - `zhiqian deposit calc`: the required wage deposit of one
 * project (SPEC §6) with every step, and the deposits valid on the date.
 */
#ifndef ZQ_SVC_DEPOSIT_H
#define ZQ_SVC_DEPOSIT_H

#include "core/date.h"
#include "rules/deposit.h"
#include "svc/app.h"

struct deposit_report {
    char code[80], name[256], contractor[256], contractor_uscc[24], area[8];
    int64_t contract_fen;
    struct dep_facts facts;
    struct dep_result req;
    struct dep_valid valid;
    int64_t shortfall_fen; /* required - valid, 0 when covered */
};

/* ZQ_ENOTFOUND when there is no project with that code. */
int deposit_calc(struct app *a, const char *code, zq_date as_of, struct deposit_report *r,
                 struct zq_err *err) ZQ_WUR;

#endif
