/*
 * warnings.h - the disposal of a warning (SPEC §5, "见方案、限时间、有反馈"):
 *
 *   open --ack--> acknowledged --assign--> assigned --notify--> notified
 *        --reply--> replied --review(pass)--> reviewed --resolve--> resolved
 *   review(reject): replied --> notified (the enterprise must rectify again)
 *   dismiss (with a reason): from any state before resolved
 *   a scan resolves a warning it no longer finds and reopens a resolved one
 *   that reappears (store_warn_scan).
 *
 * assign may also be done from open (acknowledging implicitly) and repeated
 * on an assigned warning (re-assignment).  Every step checks the current
 * status (ZQ_ECONFLICT otherwise), writes a warning_events row and an audit
 * entry in the same transaction.
 */
#ifndef ZQ_SVC_WARNINGS_H
#define ZQ_SVC_WARNINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store_warn.h"
#include "svc/app.h"

enum warn_action {
    WARN_ACK,
    WARN_ASSIGN,
    WARN_NOTIFY,
    WARN_REPLY,
    WARN_REVIEW_PASS,
    WARN_REVIEW_REJECT,
    WARN_RESOLVE,
    WARN_DISMISS,
};

struct warn_step {
    enum warn_action action;
    const char *actor;    /* audit actor: "cli:root", "user:zhang" */
    int64_t actor_id;     /* users.id of the actor; 0 when not a user */
    const char *dept;     /* assign: department code (hrss, housing, ...) */
    const char *officer;  /* assign: username of the officer (must exist) */
    const char *deadline; /* assign: YYYY-MM-DD */
    const char *text;     /* reply: the enterprise's reply; dismiss: the reason; other: note */
};

/* Apply one step to warning id.  *new_status gets the resulting status
 * (static string).  ZQ_ENOTFOUND: no such warning; ZQ_ECONFLICT: not allowed
 * in its status; ZQ_EINVAL: a missing or bad field. */
int warn_apply(struct app *a, int64_t id, const struct warn_step *s, const char **new_status,
               struct zq_err *err) ZQ_WUR;

/* Whether action is allowed on a warning in status (checked again, under
 * the transaction, by warn_apply). */
bool warn_step_allowed(enum warn_action action, const char *status);

/* Chinese name of a status ("open" -> "待处置"); the input when unknown. */
const char *warn_status_zh(const char *status);
/* Whether a department code is one of SPEC §2's. */
bool warn_dept_valid(const char *dept);

#endif
