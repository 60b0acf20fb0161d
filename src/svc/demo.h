/*
 * demo.h - `zhiqian demo`: a living demo county.  The steps are a table that
 * later features extend: the synthetic county of `gen` imported as of today,
 * a scan, an account of each role (logins returned once, to be printed), and
 * a few warnings and high-risk entries already being handled.
 */
#ifndef ZQ_SVC_DEMO_H
#define ZQ_SVC_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "svc/app.h"
#include "svc/scan.h"

#define DEMO_MAX_LOGINS 8

struct demo_login {
    char username[32], password[24], role[16], what[96];
    bool created; /* false: the account existed; its password is unchanged */
};

struct demo_result {
    zq_date as_of;
    int64_t projects, rows_imported;
    struct scan_result scan;
    struct demo_login logins[DEMO_MAX_LOGINS];
    int nlogins;
    char steps[4096]; /* what was done, one Chinese line per step */
};

/* Fill the database of a (schema initialised) app as of today.  Running it
 * again on the same day changes nothing but the scan's dates. */
int demo_run(struct app *a, zq_date today, const char *actor, struct demo_result *r,
             struct zq_err *err) ZQ_WUR;

#endif
