/*
 * ledger.h - follow-through on the risk ledger (SPEC §7 "见方案、限时间、有反馈"):
 * a 包保 officer with a plan and a deadline for a high-risk subject, and
 * the feedback on it; the 回头看 list of enterprises with a verified case in
 * the last 24 months, with their scheduled re-checks and outcomes.  Every
 * change writes an audit entry in the same transaction.
 */
#ifndef ZQ_SVC_LEDGER_H
#define ZQ_SVC_LEDGER_H

#include <stdint.h>

#include "core/date.h"
#include "store/store_warn.h"
#include "svc/app.h"

#define LEDGER_RECHECK_MONTHS 6  /* a re-check every 6 months ... */
#define LEDGER_RECHECK_WINDOW 24 /* ... for 24 months after the case */

/* 包保 on a 高 entry of the ledger: officer (a username), plan, deadline
 * (YYYY-MM-DD).  *id gets the follow-up's id.  ZQ_ENOTFOUND: not in the
 * ledger; ZQ_ECONFLICT: not high risk; ZQ_EINVAL: a bad field. */
int ledger_followup(struct app *a, const char *actor, const char *subject_type,
                    const char *subject_code, const char *officer, const char *plan,
                    const char *deadline, int64_t *id, struct zq_err *err) ZQ_WUR;
/* Feedback on a follow-up; done closes it (已完成). */
int ledger_feedback(struct app *a, const char *actor, int64_t id, const char *text, bool done,
                    struct zq_err *err) ZQ_WUR;

/* Schedule the re-checks due for cases filed in the 24 months up to today
 * (every LEDGER_RECHECK_MONTHS months after the closing, or the filing of an
 * open case), then call fn for each re-check of those enterprises. */
int ledger_rechecks(struct app *a, zq_date today, const char *region, sr_row_fn fn, void *ctx,
                    struct zq_err *err) ZQ_WUR;
/* Record the outcome of re-check id, done on `on`. */
int ledger_recheck_done(struct app *a, const char *actor, int64_t id, zq_date on,
                        const char *result, struct zq_err *err) ZQ_WUR;

#endif
