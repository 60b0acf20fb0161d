/*
 * warn_api.h - the API's use cases over warnings, the risk ledger and its
 * follow-through (包保, 回头看), the deposit calculation of a project and the
 * working-day calendar.  Results are JSON values owned by the caller, in the
 * conventions of query.h (lists as {"items": [...], "next_cursor": ...},
 * money as decimal-yuan strings, timestamps in +08:00).
 *
 * Scope is applied by the store (store_warn_api.h): an object out of scope
 * is ZQ_ENOTFOUND.  A lifecycle step checks the warning's status before its
 * fields: ZQ_ECONFLICT (409) first, then ZQ_EINVAL (422) naming the field.
 */
#ifndef ZQ_SVC_WARN_API_H
#define ZQ_SVC_WARN_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store_warn_api.h"
#include "svc/app.h"
#include "svc/auth.h"
#include "svc/query.h"

/* The scope of p over warnings, the ledger and re-checks. */
void warn_api_scope(const struct principal *p, struct sw_scope *sc);

/* Filters of the warning list; NULL or "" for none.  status: "open" (the
 * default: not resolved or dismissed), "all" or one status; level red,
 * orange or yellow; code a rule code (W01); region a region code; project a
 * project code; month YYYY-MM. */
struct warn_list_args {
    const char *status, *level, *code, *region, *project, *month;
};
int warn_api_list(struct app *a, const struct principal *p, const struct warn_list_args *f,
                  const struct query_page *pg, json_t **out, struct zq_err *err) ZQ_WUR;
/* One warning with its evidence and its history (events, oldest first). */
int warn_api_get(struct app *a, const struct principal *p, int64_t id, json_t **out,
                 struct zq_err *err) ZQ_WUR;

/* A lifecycle step: action is ack, assign, notice, reply, review, resolve
 * or dismiss; the fields each needs (assign: dept, officer, deadline; reply:
 * text; review: result pass|reject; dismiss: reason; note optional
 * elsewhere).  *out gets the warning as warn_api_get shows it. */
struct warn_act_args {
    const char *action;
    const char *dept, *officer, *deadline, *text, *result, *reason, *note;
};
int warn_api_act(struct app *a, const struct principal *p, int64_t id,
                 const struct warn_act_args *x, json_t **out, struct zq_err *err) ZQ_WUR;

/* The risk ledger: kind project|enterprise, class 高|中|低, region. */
struct ledger_list_args {
    const char *kind, *klass, *region;
};
int warn_api_ledger(struct app *a, const struct principal *p, const struct ledger_list_args *f,
                    const struct query_page *pg, json_t **out, struct zq_err *err) ZQ_WUR;
/* One ledger entry's follow-ups. */
int warn_api_followups(struct app *a, const struct principal *p, const char *subject_type,
                       const char *subject_code, json_t **out, struct zq_err *err) ZQ_WUR;
/* 包保 on a visible 高 entry; *out {"id": ...}. */
int warn_api_followup_add(struct app *a, const struct principal *p, const char *subject_type,
                          const char *subject_code, const char *officer, const char *plan,
                          const char *deadline, json_t **out, struct zq_err *err) ZQ_WUR;
/* Feedback on a visible follow-up; done (0/1, -1 absent) closes it. */
int warn_api_followup_feedback(struct app *a, const struct principal *p, int64_t id,
                               const char *text, int done, json_t **out, struct zq_err *err) ZQ_WUR;
/* 回头看: the re-checks of the last 24 months in scope; the outcome of one. */
int warn_api_rechecks(struct app *a, const struct principal *p, const struct query_page *pg,
                      json_t **out, struct zq_err *err) ZQ_WUR;
int warn_api_recheck_done(struct app *a, const struct principal *p, int64_t id, const char *result,
                          const char *on, json_t **out, struct zq_err *err) ZQ_WUR;

/* The required deposit of a visible project with every step (as_of NULL:
 * today). */
int warn_api_deposit(struct app *a, const struct principal *p, const char *code, const char *as_of,
                     json_t **out, struct zq_err *err) ZQ_WUR;

/* The days from..to (at most 366) with kind work|off and holiday name. */
int warn_api_calendar(struct app *a, const char *from, const char *to, json_t **out,
                      struct zq_err *err) ZQ_WUR;
/* The date n working days after date (0 <= n <= 1000). */
int warn_api_add_workdays(struct app *a, const char *date, const char *n, json_t **out,
                          struct zq_err *err) ZQ_WUR;

#endif
