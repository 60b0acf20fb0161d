/*
 * cases.h - case handling (SPEC §7 "Cases", docs/cases.md): cases made
 * from verified clues (查实) or from an inspection, the liable chain,
 * workers and amounts owed, 一案一策, handlers, the 限时办结 deadline and
 * its one approved extension, 督办 and 提级, documents, settlements by payer
 * role (a 保证金 draw among them), the police and court transfers, the
 * closing rule (三不放过), the per-region emergency fund, and the 两清零
 * view.
 *
 * Requests and answers are JSON objects (jansson) so that the HTTP API and
 * the command line share one parser: the caller owns what it passes, the
 * answer *out belongs to the caller.  Money is a decimal-yuan string (an
 * integer number of yuan is accepted too), dates YYYY-MM-DD.
 *
 * Every call runs in one transaction and writes a case_events row and an
 * audit entry.  The order of checks is the API's: the case must exist in
 * the caller's scope (ZQ_ENOTFOUND), the action must be allowed in the
 * case's state (ZQ_ECONFLICT, 409), then the fields are checked (ZQ_EINVAL
 * naming the field, 422), then the rules that depend on them (ZQ_ECONFLICT
 * with the reason: not fully paid, over the fund's balance, ...).
 */
#ifndef ZQ_SVC_CASES_H
#define ZQ_SVC_CASES_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "svc/app.h"
#include "svc/auth.h"

/* Who acts. */
struct case_who {
    const struct principal *p; /* NULL: the command line (every region) */
    const char *actor;         /* audit actor: "user:zhang", "cli:root" */
    int64_t user_id;           /* users.id, 0 when not a user */
};

/*
 * Open a case.  From clues: {"clues": ["XS…", …]} (each 查实 and in no
 * case yet; they are linked to it and stay 查实 until it closes).  From an
 * inspection: {"origin": "检查", "region_code", "debtor_uscc" and/or
 * "debtor_name", "project_code"?}.  Either way optional: "filed_on"
 * (today), "workers": [{"id_number", "name", "owed"} | {"worker_id",
 * "owed"}], "people", "amount" (without workers), "period_from", "plan",
 * "leader", "handlers": [usernames], "illegal_sub": bool.
 */
int case_create(struct app *a, const struct case_who *w, const json_t *req, json_t **out,
                struct zq_err *err) ZQ_WUR;

/* One action on a case: {"action": NAME, …} with NAME one of assign, plan,
 * workers, document, comply, extend, supervise, escalate, settle, advance,
 * police, court, join, close (docs/cases.md lists their fields).  *out:
 * the case after it. */
int case_act(struct app *a, const struct case_who *w, const char *case_no, const json_t *req,
             json_t **out, struct zq_err *err) ZQ_WUR;

/* A case with its parts, the liable chain, what is still owed and whether
 * it may close. */
int case_get(struct app *a, const struct principal *p, const char *case_no, json_t **out,
             struct zq_err *err) ZQ_WUR;

struct case_list_args {
    const char *q, *status, *region, *supervision;
    const char *cursor;
    int limit;
};
int case_list(struct app *a, const struct principal *p, const struct case_list_args *f,
              json_t **out, struct zq_err *err) ZQ_WUR;

/* The 两清零 view as of a date ("" today) within region ("" the caller's). */
int case_zero(struct app *a, const struct principal *p, const char *region, const char *as_of,
              json_t **out, struct zq_err *err) ZQ_WUR;

/* Emergency funds in the caller's region, one fund with its movements and
 * advances, a top-up {"amount", "on"?, "note"?} and a recovery
 * {"advance_id", "amount", "on"?, "note"?}. */
int fund_list(struct app *a, const struct principal *p, json_t **out, struct zq_err *err) ZQ_WUR;
int fund_get(struct app *a, const struct principal *p, const char *region, json_t **out,
             struct zq_err *err) ZQ_WUR;
int fund_topup(struct app *a, const struct case_who *w, const char *region, const json_t *req,
               json_t **out, struct zq_err *err) ZQ_WUR;
int fund_recover(struct app *a, const struct case_who *w, const char *region, const json_t *req,
                 json_t **out, struct zq_err *err) ZQ_WUR;

/* The demo county's cases (zhiqian demo): one at every stage — just opened,
 * an order past its deadline, partly settled by the general contractor,
 * closed after an emergency-fund advance, transferred to the police and
 * closed by that exception.  note (cap bytes) gets a line for the demo's
 * summary.  Nothing is done when the region has no suitable project. */
int case_demo(struct app *a, const char *region, zq_date today, const char *actor, char *note,
              size_t cap, struct zq_err *err) ZQ_WUR;

/* The 限时办结 deadline of a case filed on `filed`: the configured number
 * of working days after it (60 by default), and after an approved
 * extension the configured number more (30). */
zq_date case_deadline(const struct calendar *cal, const struct config *cfg, zq_date filed);
zq_date case_extended_deadline(const struct calendar *cal, const struct config *cfg,
                               zq_date deadline);

#endif
