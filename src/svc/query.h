/*
 * query.h - the read use cases of the API: lists and details of projects,
 * enterprises and workers in the caller's scope, the audited reveal of a
 * personal value, and the administration lists (users, tokens, audit log,
 * import jobs).  Results are JSON values (jansson) owned by the caller:
 * money as decimal-yuan strings, timestamps in +08:00, personal data
 * masked, lists as {"items": [...], "next_cursor": ...}.
 *
 * Scope is never checked here: it is passed to the store, whose queries
 * apply it (an object out of scope is simply not found: ZQ_ENOTFOUND).
 */
#ifndef ZQ_SVC_QUERY_H
#define ZQ_SVC_QUERY_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store_query.h"
#include "svc/app.h"
#include "svc/auth.h"

#define QUERY_LIMIT_DEFAULT 50
#define QUERY_LIMIT_MAX     500

/* Paging as the client sends it: an opaque cursor ("" or NULL: the first
 * page) and a limit (0: the default). */
struct query_page {
    const char *cursor;
    int limit;
};

/* Who is calling, as JSON ({"auth": "session"|"token", "user"|"token": {...}}). */
int query_me(struct app *a, const struct principal *p, json_t **out, struct zq_err *err) ZQ_WUR;
/* The user object of p alone (for the login answer). */
json_t *query_user_json(struct app *a, const struct principal *p);

/* Projects: filters as for struct sq_project_filter, with region as a
 * region code (the projects within it) and sort as "code", "-code",
 * "start_date", "-start_date", "contract_amount" or "-contract_amount". */
struct query_projects_args {
    const char *region, *q, *status, *industry, *funding, *enterprise, *sort;
};
int query_projects(struct app *a, const struct principal *p, const struct query_projects_args *f,
                   const struct query_page *pg, json_t **out, struct zq_err *err) ZQ_WUR;
/* One project with its subcontracts, wage account (balance and flows),
 * deposits and monthly attendance against payroll. */
int query_project(struct app *a, const struct principal *p, const char *code, json_t **out,
                  struct zq_err *err) ZQ_WUR;
/* A paged part of a visible project: SQ_PART_ROSTER, SQ_PART_TXNS or
 * SQ_PART_PAYROLL (month "" for all). */
int query_project_part(struct app *a, const struct principal *p, const char *code,
                       enum sq_project_part part, const char *month, const struct query_page *pg,
                       json_t **out, struct zq_err *err) ZQ_WUR;

struct query_enterprises_args {
    const char *q, *kind, *region;
};
int query_enterprises(struct app *a, const struct principal *p,
                      const struct query_enterprises_args *f, const struct query_page *pg,
                      json_t **out, struct zq_err *err) ZQ_WUR;
int query_enterprise(struct app *a, const struct principal *p, const char *uscc, json_t **out,
                     struct zq_err *err) ZQ_WUR;

/* Workers: by exact name, ID number or phone (looked up by keyed hash,
 * never stored in clear), or project code; one of them is required
 * (ZQ_EINVAL naming "name" otherwise). */
struct query_workers_args {
    const char *name, *id_number, *phone, *project;
};
int query_workers(struct app *a, const struct principal *p, const struct query_workers_args *f,
                  const struct query_page *pg, json_t **out, struct zq_err *err) ZQ_WUR;
int query_worker(struct app *a, const struct principal *p, int64_t id, json_t **out,
                 struct zq_err *err) ZQ_WUR;

/* The clear value of one personal field of a visible object, for roles
 * allowed to see it (administrators and inspectors), with a reason; the
 * access is written to the audit log before the value is returned.
 * field: "id_number" or "phone" (workers), "phone" (enterprises),
 * "account_no" (projects). */
int query_reveal(struct app *a, const struct principal *p, const char *entity, const char *key,
                 const char *field, const char *reason, json_t **out, struct zq_err *err) ZQ_WUR;

/* Administration (the caller has checked the role). */
int query_users(struct app *a, const struct principal *p, const struct query_page *pg, json_t **out,
                struct zq_err *err) ZQ_WUR;
int query_tokens(struct app *a, const struct query_page *pg, json_t **out,
                 struct zq_err *err) ZQ_WUR;
int query_audit(struct app *a, const char *entity, const char *entity_id, const char *actor,
                const struct query_page *pg, json_t **out, struct zq_err *err) ZQ_WUR;

/* Import jobs: a principal sees its own, administrators all. */
int query_job(struct app *a, const struct principal *p, int64_t id, const struct query_page *pg,
              json_t **out, struct zq_err *err) ZQ_WUR;
int query_jobs(struct app *a, const struct principal *p, const struct query_page *pg, json_t **out,
               struct zq_err *err) ZQ_WUR;

/* A timestamp as the API shows it: "2026-11-23T10:00:00+08:00". */
json_t *query_ts_json(int64_t ts);

/* A row of a store query as a JSON object (see enum sq_type). */
json_t *query_row_json(const struct region_table *rt, const struct sq_col *cols,
                       const struct store_val *v, int n);

#endif
