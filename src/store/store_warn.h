/*
 * store_warn.h - persistence of warnings (tables warnings, warning_events,
 * risk_ledger, scan_runs, followups, rechecks).
 *
 * A scan writes through a struct store_warn_scan: it loads the identity,
 * status and level of every stored warning once, then for each hit inserts a
 * new warning, refreshes a known one or reopens a resolved one, and at the
 * end resolves the warnings in scope that were not hit again.  Only changes
 * are written, and every status change gets a warning_events row.  A
 * warning's identity is (rule, subject_type, subject_code, month).
 *
 * Every function works inside the caller's transaction.  Strings passed in
 * are borrowed for the call; strings handed to callbacks are valid during
 * the call only.
 */
#ifndef ZQ_STORE_STORE_WARN_H
#define ZQ_STORE_STORE_WARN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

/* What the store needs of a hit; levels red|orange|yellow, subject types
 * project|enterprise|clue|case|region, month "" or YYYY-MM. */
struct sw_hit {
    const char *rule, *level, *base_level, *subject_type, *subject_code, *month;
    const char *province, *region, *dept;
    int64_t project_id; /* 0: none */
    const char *message, *basis, *evidence;
};

struct sw_counts {
    int64_t found;    /* hits (after merging repeated identities) */
    int64_t opened;   /* new warnings */
    int64_t reopened; /* resolved warnings hit again */
    int64_t changed;  /* known warnings whose level or text changed */
    int64_t resolved; /* resolved automatically */
};

struct store_warn_scan;

/* Start writing the results of a scan as of as_of ('YYYY-MM-DD') at time
 * now.  *out owned by the caller: store_warn_scan_free(). */
int store_warn_scan_begin(struct store *st, const char *as_of, int64_t now,
                          struct store_warn_scan **out, struct zq_err *err) ZQ_WUR;
/* Record one hit.  A second hit with the same identity in one scan keeps the
 * higher level (and its text). */
int store_warn_scan_hit(struct store_warn_scan *ws, const struct sw_hit *h,
                        struct zq_err *err) ZQ_WUR;
/* Resolve every open or handled warning that was not hit and for which
 * in_scope(ctx, rule, month, project_id) is true (NULL: all), then fill *c. */
typedef bool (*sw_scope_fn)(void *ctx, const char *rule, const char *month, int64_t project_id);
int store_warn_scan_finish(struct store_warn_scan *ws, sw_scope_fn in_scope, void *ctx,
                           struct sw_counts *c, struct zq_err *err) ZQ_WUR;
void store_warn_scan_free(struct store_warn_scan *ws);

/* ------------------------------------------------------------ scan runs */

int store_scan_run_begin(struct store *st, const char *as_of, bool incremental, int64_t now,
                         int64_t *id, struct zq_err *err) ZQ_WUR;
int store_scan_run_end(struct store *st, int64_t id, int64_t now, const struct sw_counts *c,
                       const char *counts_json, const char *settings, struct zq_err *err) ZQ_WUR;
/* The latest finished run: *found false when none. */
struct sw_run {
    int64_t id;
    char as_of[11];
    bool incremental;
    int64_t started_at, finished_at;
    char settings[40]; /* "" when not recorded */
};
int store_scan_run_last(struct store *st, struct sw_run *r, bool *found, struct zq_err *err) ZQ_WUR;

/* ------------------------------------------------------------ listing */

struct sw_filter {
    const char *status; /* "open" (not resolved or dismissed), "all", or one status */
    const char *region; /* region code: warnings of it and below; NULL all */
    const char *rule;   /* NULL all */
    const char *level;  /* NULL all */
    const char *subject_type, *subject_code; /* NULL all */
    int64_t project_id;                      /* 0 all */
};

struct sw_row {
    int64_t id;
    const char *rule, *level, *base_level, *subject_type, *subject_code, *month, *status;
    const char *first_seen, *last_seen, *message, *basis, *evidence, *province, *region, *dept;
    const char *assigned_dept, *assignee, *deadline_on, *reply, *dismiss_reason;
    int64_t project_id, notified_at, replied_at, reviewed_at, resolved_at, reopen_count;
    int64_t created_at, updated_at;
};

/* Called per row, red first then orange then yellow, each by id.  A
 * negative return stops the walk and is returned. */
typedef int (*sw_row_fn)(void *ctx, const struct sw_row *r);
int store_warn_each(struct store *st, const struct sw_filter *f, sw_row_fn fn, void *ctx,
                    struct zq_err *err) ZQ_WUR;
/* One warning by id: *found false when none. */
int store_warn_get(struct store *st, int64_t id, sw_row_fn fn, void *ctx, bool *found,
                   struct zq_err *err) ZQ_WUR;

/* ------------------------------------------------------------ lifecycle */

/* The fields a lifecycle step sets; unset pointers (NULL) and 0 keep the
 * stored value.  The caller has checked that the step is allowed. */
struct sw_change {
    const char *to_status;
    const char *assigned_dept;
    int64_t assignee_id; /* 0: keep */
    const char *deadline_on;
    const char *reply;
    const char *dismiss_reason;
    bool set_notified, set_replied, set_reviewed, set_resolved;
    int64_t actor_id;   /* 0: none (the CLI, the system) */
    const char *action; /* event: ack, assign, notify, reply, review, resolve, dismiss, reopen */
    const char *note;   /* event note ("" allowed) */
};
/* Apply c to warning id (whose current status is from_status) and record
 * the event.  ZQ_ECONFLICT when the status changed meanwhile. */
int store_warn_change(struct store *st, int64_t id, const char *from_status,
                      const struct sw_change *c, int64_t now, struct zq_err *err) ZQ_WUR;

struct sw_event {
    int64_t at;
    const char *action, *from_status, *to_status, *note, *actor;
};
typedef int (*sw_event_fn)(void *ctx, const struct sw_event *e);
int store_warn_events(struct store *st, int64_t id, sw_event_fn fn, void *ctx,
                      struct zq_err *err) ZQ_WUR;

/* The user id of a username; 0 when there is none. */
int store_warn_user_id(struct store *st, const char *username, int64_t *id,
                       struct zq_err *err) ZQ_WUR;

/* ------------------------------------------------------------ risk ledger */

/* Recompute the ledger from the open and handled warnings: per project and
 * per enterprise (its own warnings, its cases', and those of the projects it
 * is general contractor of); score 10·red + 4·orange + yellow; class 高 at
 * score >= high, 中 at >= mid, else 低. */
int store_ledger_refresh(struct store *st, int high, int mid, int64_t now,
                         struct zq_err *err) ZQ_WUR;

struct sl_filter {
    const char *region;         /* NULL all */
    const char *subject_type;   /* "project", "enterprise", NULL both */
    const char *klass;          /* 高, 中, 低, NULL all */
    const char *dept, *funding; /* NULL all */
    const char *today;          /* for the overdue flag of follow-ups */
};
struct sl_row {
    const char *subject_type, *subject_code, *name, *province, *region, *dept, *funding, *klass;
    int64_t red, orange, yellow, score, predicted; /* predicted -1: none */
    const char *predicted_band;                    /* its band (高, 中, 低), "" for none */
    /* the latest 包保 follow-up, if any */
    int64_t followup_id;
    const char *officer, *plan, *deadline_on, *fu_status, *feedback;
    bool overdue;
};
typedef int (*sl_row_fn)(void *ctx, const struct sl_row *r);
/* By score, highest first. */
int store_ledger_each(struct store *st, const struct sl_filter *f, sl_row_fn fn, void *ctx,
                      struct zq_err *err) ZQ_WUR;

/* The class of a ledger entry into out ("" when the subject is not in the
 * ledger). */
int store_ledger_class(struct store *st, const char *subject_type, const char *subject_code,
                       char out[8], struct zq_err *err) ZQ_WUR;

/* 包保: a follow-up on a ledger subject. */
int store_followup_add(struct store *st, const char *subject_type, const char *subject_code,
                       int64_t officer_id, const char *plan, const char *deadline_on, int64_t now,
                       int64_t *id, struct zq_err *err) ZQ_WUR;
/* Record feedback; done: status 已完成.  ZQ_ENOTFOUND when no such follow-up. */
int store_followup_feedback(struct store *st, int64_t id, const char *feedback, bool done,
                            int64_t now, struct zq_err *err) ZQ_WUR;

/* 回头看.  Verified cases with a registered debtor filed on or after since:
 * fn(ctx, case_id, enterprise_id, province, filed_on, closed_on ("" open)). */
typedef int (*sr_case_fn)(void *ctx, int64_t case_id, int64_t enterprise_id, const char *province,
                          const char *filed_on, const char *closed_on);
int store_recheck_cases(struct store *st, const char *since, sr_case_fn fn, void *ctx,
                        struct zq_err *err) ZQ_WUR;
/* Schedule a re-check (nothing when that case already has one due that day). */
int store_recheck_add(struct store *st, int64_t case_id, int64_t enterprise_id,
                      const char *province, const char *due_on, struct zq_err *err) ZQ_WUR;
struct sr_row {
    int64_t id, case_id;
    const char *uscc, *name, *case_no, *filed_on, *closed_on, *due_on, *done_on, *result;
    const char *next_due; /* the enterprise's earliest re-check not done, "" when none */
};
typedef int (*sr_row_fn)(void *ctx, const struct sr_row *r);
/* Re-checks of enterprises with a verified case filed since `since`, by
 * enterprise and due date; region filters by the case's region. */
int store_recheck_each(struct store *st, const char *since, const char *region, sr_row_fn fn,
                       void *ctx, struct zq_err *err) ZQ_WUR;
int store_recheck_done(struct store *st, int64_t id, const char *done_on, const char *result,
                       int64_t checked_by, struct zq_err *err) ZQ_WUR;

#endif
