/*
 * users.h - staff and enterprise accounts: creation (`zhiqian user add`,
 * POST /api/v1/users), changes by an administrator, and a user's own
 * password change.  Every change is audited; passwords never are.
 */
#ifndef ZQ_SVC_USERS_H
#define ZQ_SVC_USERS_H

#include <stdint.h>

#include "core/err.h"
#include "svc/app.h"
#include "svc/auth.h"

/* A new account.  Strings are borrowed; dept, enterprise_uscc and
 * display_name may be NULL or "". */
struct user_spec {
    const char *username;
    const char *password;
    const char *role;            /* admin, leader, inspector, dept_officer, enterprise */
    const char *region;          /* a GB/T 2260 code known to zhiqian */
    const char *dept;            /* required for dept_officer */
    const char *enterprise_uscc; /* required for enterprise: an imported enterprise */
    const char *display_name;
};

/* Validate and create; *id gets the new id.  by: the administrator (NULL on
 * the command line, where the operating-system account is the actor named
 * in `actor`): a new account must lie within by's region.  ZQ_EINVAL with
 * the field in err->field; ZQ_ECONFLICT when the username is taken. */
int users_add(struct app *a, struct auth_gate *g, const struct user_spec *u,
              const struct principal *by, const char *actor, int64_t *id,
              struct zq_err *err) ZQ_WUR;

/* A change by an administrator; NULL members (and disabled < 0) are left
 * as they are.  Disabling an account or setting its password ends its
 * sessions. */
struct user_change {
    const char *display_name, *role, *region, *dept, *enterprise_uscc, *password;
    int disabled; /* -1 unchanged, 0, 1 */
};
/* by: the administrator (NULL on the command line: no region limit);
 * actor: who, for the audit log.  ZQ_ENOTFOUND when the user does not
 * exist or lies outside by's region. */
int users_update(struct app *a, struct auth_gate *g, int64_t id, const struct user_change *c,
                 const struct principal *by, const char *actor, struct zq_err *err) ZQ_WUR;
/* The id of the user called username; ZQ_ENOTFOUND when there is none. */
int users_id(struct app *a, const char *username, int64_t *id, struct zq_err *err) ZQ_WUR;

/* The caller changes its own password; its other sessions end. */
int users_change_password(struct app *a, struct auth_gate *g, const struct principal *who,
                          const char *current, const char *next, struct zq_err *err) ZQ_WUR;

/* Whether s is an acceptable username (1-64 of A-Z a-z 0-9 . _ - @). */
bool users_name_valid(const char *s);

#endif
