/*
 * scan.h - the warning scan (SPEC §5): evaluate every rule over the data as
 * it stood on a date, write the warnings (new, refreshed, reopened, resolved)
 * and the risk ledger, in one transaction, with one audit entry.
 */
#ifndef ZQ_SVC_SCAN_H
#define ZQ_SVC_SCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "rules/rules.h"
#include "store/store_warn.h"
#include "svc/app.h"

enum scan_mode {
    SCAN_AUTO,        /* incremental when the last scan had the same date, else full */
    SCAN_FULL,        /* every project */
    SCAN_INCREMENTAL, /* only projects changed since the last scan (same date required) */
};

struct scan_opts {
    zq_date as_of;
    enum scan_mode mode;
    bool rebuild;      /* recompute every digest from the detail rows (implies full) */
    const char *actor; /* for the audit log: "cli:root", "user:zhang" */
};

struct scan_result {
    int64_t run_id;
    bool incremental;
    int64_t projects;                    /* projects evaluated */
    int64_t reused, refreshed, digested; /* their digests: kept, updated by month, made whole */
    int64_t counts[RULE_COUNT][4];       /* hits by rule and level (LEVEL_*) */
    int64_t risk[3];                     /* projects evaluated by default-risk band (RISK_*) */
    struct sw_counts c;
    double seconds;
    char note[160]; /* why an incremental scan ran in full, "" otherwise */
};

/* Run a scan.  a must have an open, current database. */
int scan_run(struct app *a, const struct scan_opts *o, struct scan_result *r,
             struct zq_err *err) ZQ_WUR;

#endif
