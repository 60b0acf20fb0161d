/*
 * notify.h - the in-app notification inbox (table notifications): what a
 * user is told about assignments, transfers, deadlines due within 2
 * working days and incidents in the user's scope.
 *
 * Producers call notify_user() or notify_region_role() inside their own
 * transaction, so a notice is written with the change it announces.  A
 * notice with a once key is written at most once per user and key: a
 * producer that runs again (the daily deadline sweep) does not repeat
 * itself.  Messages are Chinese text for people; subject_type and
 * subject_code name what the notice is about ("case", "AJ-2026-001").
 */
#ifndef ZQ_SVC_NOTIFY_H
#define ZQ_SVC_NOTIFY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "svc/app.h"

/* Kinds in use: "assignment", "transfer", "deadline", "incident",
 * "blacklist", "supervision"; others may be added by their producers. */
struct notice {
    const char *kind;
    const char *subject_type, *subject_code; /* NULL: none */
    const char *message;
    const char *once_key; /* NULL: always written */
};

/* One user.  Borrowed arguments. */
int notify_user(struct app *a, int64_t user_id, const struct notice *n, struct zq_err *err) ZQ_WUR;
/* Every enabled user of exactly that region with that role (NULL or "": any
 * role); *count (may be NULL) gets how many were told. */
int notify_region_role(struct app *a, const char *region, const char *role, const struct notice *n,
                       int64_t *count, struct zq_err *err) ZQ_WUR;
/* Every enabled user of exactly that region with that role and department
 * (all three required): a notice for one department's officers that must
 * not reach another department's. */
int notify_region_role_dept(struct app *a, const char *region, const char *role, const char *dept,
                            const struct notice *n, int64_t *count, struct zq_err *err) ZQ_WUR;
/* Every enabled staff user (admin, leader, inspector) of the region and of
 * each region above it: what is reported up the chain at once. */
int notify_up_chain(struct app *a, const char *region, const struct notice *n, int64_t *count,
                    struct zq_err *err) ZQ_WUR;

/* The deadline sweep: every order, case, assigned warning and supervision
 * measure whose deadline falls between today and 2 working days later is
 * announced once to its leader or assignee, else to the staff of its
 * region.  *count: notices written. */
int notify_deadlines(struct app *a, zq_date today, int64_t *count, struct zq_err *err) ZQ_WUR;

/* A user's inbox, newest first: {"items": [...], "unread": N,
 * "next_cursor": "ID" or null}. */
int notify_list(struct app *a, int64_t user_id, bool unread_only, int64_t before_id, int limit,
                json_t **out, struct zq_err *err) ZQ_WUR;
/* Mark one notice (id) or all (id 0) read; *n: how many changed.  A notice
 * of another user is ZQ_ENOTFOUND. */
int notify_read(struct app *a, int64_t user_id, int64_t id, int64_t *n, struct zq_err *err) ZQ_WUR;

#endif
