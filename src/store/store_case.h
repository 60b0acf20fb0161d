/*
 * store_case.h - storage of case handling (SPEC §7): cases made from
 * verified clues or inspections, their parties (the liable chain), workers
 * and amounts owed, handlers, documents, settlements, events; 保证金 draws;
 * the per-region emergency fund; the 两清零 view.
 *
 * Reads that find a case or list cases take the caller's scope (struct
 * store_scope, applied in the SQL as for projects: region range, industry
 * of the case's project, enterprise taking part).  Once a case has been
 * found in scope, its parts and the writes go by its id.
 *
 * Writes are one table of statements (enum sc_write), each documenting its
 * parameters; the caller (svc/cases.c) holds the transaction and writes the
 * audit entry.  No statement here checks business rules beyond what the
 * schema enforces, except store_fund_take, which never lets a balance go
 * below zero whatever runs beside it.
 */
#ifndef ZQ_STORE_STORE_CASE_H
#define ZQ_STORE_STORE_CASE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"
#include "store/store_query.h"

/* The facts of one case the service decides on. */
struct sc_case {
    int64_t id, project_id, debtor_id, contractor_id, builder_id, leader_id;
    char case_no[48], province[8], region[10], status[16], origin[16];
    char filed_on[11], deadline_on[11], police_on[11], court_on[11], closed_on[11];
    char supervision[12], funding[20], project_code[64], debtor_uscc[20];
    char debtor_name[256];
    bool verified, extended, illegal_sub, has_plan;
    int64_t amount, people, handlers, paid, workers;
};

/* The case with that number if the scope sees it (*found false otherwise). */
/* Inside a transaction: wait for and hold, until it ends, the lock of one
 * case (key "case:AJ…"), so that actions on it that
 * read, check and then write (a settlement against what is still owed, the
 * one extension) run one at a time across server processes.  PostgreSQL: a
 * transaction-scoped advisory lock (class 31345003, hashtext(key)); SQLite:
 * nothing, BEGIN IMMEDIATE already serialises writers. */
int store_case_lock(struct store *st, const char *key, struct zq_err *err) ZQ_WUR;
int store_case_find(struct store *st, const struct store_scope *sc, const char *case_no,
                    struct sc_case *out, bool *found, struct zq_err *err) ZQ_WUR;
/* The same by id, without scope (after a write). */
int store_case_by_id(struct store *st, int64_t id, struct sc_case *out, bool *found,
                     struct zq_err *err) ZQ_WUR;
/* Whether a case number is taken. */
int store_case_no_taken(struct store *st, const char *case_no, bool *taken,
                        struct zq_err *err) ZQ_WUR;

/* A clue a case may be made from, found by ticket in scope (the clue's
 * region in range; industry and enterprise as for its project). */
struct sc_clue {
    int64_t id, project_id, respondent_id, case_id;
    char ticket[48], status[24], province[8], region[10], nature[16], period_from[8];
    char respondent[256], respondent_uscc[20], dept[16];
    int64_t people, amount;
};
int store_case_clue(struct store *st, const struct store_scope *sc, const char *ticket,
                    struct sc_clue *out, bool *found, struct zq_err *err) ZQ_WUR;

/* The parties of a project (0 ids when the project does not exist). */
int store_case_project(struct store *st, int64_t project_id, int64_t *builder_id,
                       int64_t *contractor_id, struct zq_err *err) ZQ_WUR;
/* The project's id, region and province by code (no scope: the caller has
 * checked the case's scope); *id 0 when unknown. */
int store_case_project_by_code(struct store *st, const char *code, int64_t *id, char region[10],
                               struct zq_err *err) ZQ_WUR;
/* An enterprise by USCC: id and name (0 when unknown). */
int store_case_enterprise(struct store *st, const char *uscc, int64_t *id, char name[256],
                          struct zq_err *err) ZQ_WUR;
/* A subcontract of enterprise e on project p exists. */
int store_case_is_sub(struct store *st, int64_t project_id, int64_t enterprise_id, bool *yes,
                      struct zq_err *err) ZQ_WUR;

/* Per worker of a case: owed and settled so far. */
struct sc_worker {
    int64_t worker_id, owed, paid;
    char name[64];
};
typedef int (*sc_worker_fn)(void *ctx, const struct sc_worker *w);
int store_case_workers(struct store *st, int64_t case_id, sc_worker_fn fn, void *ctx,
                       struct zq_err *err) ZQ_WUR;

/* The builder's 工程款 still unpaid on the project (payments with no
 * paid_on, payer the builder), and what builders already advanced on the
 * project's cases (settlements 建设单位垫付). */
int store_case_builder_cap(struct store *st, int64_t project_id, int64_t builder_id,
                           int64_t *unpaid, int64_t *advanced, struct zq_err *err) ZQ_WUR;

/* Orders (限期整改指令书, 责令支付通知) of a case whose deadline is before
 * `date` and that were not complied with: count and the earliest deadline. */
int store_case_orders_overdue(struct store *st, int64_t case_id, const char *date, int64_t *n,
                              char first[11], struct zq_err *err) ZQ_WUR;

/* The cash deposit a 保证金 draw on `date` comes from, and what is left in
 * the project's cash deposits on that date (cash - draws + top-ups). */
int store_case_deposit(struct store *st, int64_t project_id, const char *date, int64_t *deposit_id,
                       int64_t *available, struct zq_err *err) ZQ_WUR;

/* For the demo: a project in region `prefix`* with a subcontractor, and up
 * to 4 of its registered workers (ids).  *code "" when there is none. */
int store_case_demo_pick(struct store *st, const char *prefix, char code[64], char sub_uscc[20],
                         int64_t workers[4], int *nworkers, struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- writes */

enum sc_write {
    /* $1 case_no $2 province $3 region $4 origin $5 debtor_id $6 debtor_uscc
     * $7 debtor_name $8 project_id $9 filed_on $10 deadline_on $11 people
     * $12 amount $13 period_from $14 plan $15 leader_id $16 illegal_sub
     * $17 now $18 dept → id */
    SCW_CASE_INSERT,
    /* $1 case $2 enterprise $3 role $4 liability $5 seq */
    SCW_PARTY,
    /* $1 case $2 worker $3 owed (insert or replace the amount) */
    SCW_WORKER,
    /* $1 case: people and amount from the listed workers; $2 now */
    SCW_TOTALS,
    /* $1 case: drop the handlers */
    SCW_HANDLERS_CLEAR,
    /* $1 case $2 user $3 role (承办/协办) */
    SCW_HANDLER,
    /* $1 case $2 plan (NULL keeps) $3 leader_id (NULL keeps) $4 now */
    SCW_PLAN,
    /* $1 case $2 kind $3 doc_no $4 issued_on $5 deadline_on $6 now → id */
    SCW_DOCUMENT,
    /* $1 case $2 doc_no $3 complied_on; changes 0 when no such open document */
    SCW_COMPLY,
    /* $1 case $2 closed_on: every open document complied on that date */
    SCW_COMPLY_ALL,
    /* $1 case $2 new deadline $3 approver $4 approved_on $5 now */
    SCW_EXTEND,
    /* $1 case $2 level $3 now */
    SCW_SUPERVISE,
    /* $1 case $2 region $3 now */
    SCW_REGION,
    /* $1 case $2 police_on $3 now */
    SCW_POLICE,
    /* $1 case $2 court_on $3 now */
    SCW_COURT,
    /* $1 case $2 closed_on $3 close_kind $4 result $5 now; changes 0 when not open */
    SCW_CLOSE,
    /* $1 case $2 province $3 payer_role $4 payer_id $5 worker $6 amount $7 paid_on
     * $8 fund_advance_id $9 deposit_event_id $10 note $11 now $12 user → id */
    SCW_SETTLE,
    /* $1 case $2 at $3 user $4 action $5 note $6 detail (JSON) */
    SCW_EVENT,
    /* $1 clue $2 case: link a 查实 clue; changes 0 when it is not 查实 and free */
    SCW_CLUE_LINK,
    /* $1 case $2 closed_on $3 result $4 now: the case's 查实 clues → 办结 */
    SCW_CLUES_CLOSE,
    /* $1 case $2 at $3 user $4 note: clue_events rows for what SCW_CLUES_CLOSE changes */
    SCW_CLUES_EVENT,
    /* $1 deposit $2 amount $3 on_date $4 case $5 note $6 now $7 user → id (动用) */
    SCW_DEPOSIT_DRAW,
    /* $1 region $2 province $3 now: the region's fund, created empty → id */
    SCW_FUND_ENSURE,
    /* $1 fund $2 amount $3 now: balance + amount */
    SCW_FUND_ADD,
    /* $1 fund $2 case $3 debtor $4 amount $5 advanced_on $6 now → id */
    SCW_ADVANCE,
    /* $1 fund $2 kind $3 amount (signed) $4 on_date $5 advance $6 note $7 now $8 user → id */
    SCW_MOVEMENT,
    /* $1 advance $2 amount: recovered + amount, status follows; changes 0
     * when it would exceed the advance */
    SCW_RECOVER,
    SCW__N
};

/* Run write w with params[0..n); *id (may be NULL) gets the RETURNING id
 * (0 when none), *changes (may be NULL) the rows changed. */
int store_case_write(struct store *st, enum sc_write w, const struct store_val *params, int n,
                     int64_t *id, int64_t *changes, struct zq_err *err) ZQ_WUR;

/* Take amount from fund `fund_id` only if the balance covers it, in one
 * conditional UPDATE (so concurrent advances cannot overdraw it: the
 * database serialises the row); *ok false and nothing changed otherwise.
 * *balance gets the balance after (or as it stands when refused). */
int store_fund_take(struct store *st, int64_t fund_id, int64_t amount, int64_t now, bool *ok,
                    int64_t *balance, struct zq_err *err) ZQ_WUR;
/* The fund of a region: id and balance (0, 0 when there is none). */
int store_fund_get(struct store *st, const char *region, int64_t *id, int64_t *balance,
                   struct zq_err *err) ZQ_WUR;
/* A fund advance: fund, case, amount, recovered (0 id when unknown). */
struct sc_advance {
    int64_t id, fund_id, case_id, amount, recovered;
    char region[10], case_no[48];
};
int store_fund_advance(struct store *st, int64_t id, struct sc_advance *out,
                       struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- views */

struct sc_filter {
    const char *region_lo, *region_hi; /* "" for any */
    const char *q;                     /* case no, debtor, project, worker or complainant */
    const char *status;                /* "" any, 办理中, 已结案 */
    const char *supervision;           /* "" any */
};
/* Cases in scope, newest first, paged by id (CURSOR_ID on column 0). */
int store_case_list(struct store *st, const struct store_scope *sc, const struct sc_filter *f,
                    const struct sq_page *pg, sq_row_fn fn, void *ctx, struct zq_err *err) ZQ_WUR;
/* One case's detail row (column 0: id, hidden). */
int store_case_row(struct store *st, int64_t id, sq_row_fn fn, void *ctx,
                   struct zq_err *err) ZQ_WUR;

enum sc_part {
    SC_PART_PARTIES,
    SC_PART_WORKERS,
    SC_PART_HANDLERS,
    SC_PART_DOCUMENTS,
    SC_PART_SETTLEMENTS,
    SC_PART_EVENTS,
    SC_PART_CLUES,
    SC_PART_ADVANCES,
    SC_PART_DRAWS,
    SC_PART__N
};
int store_case_part(struct store *st, enum sc_part part, int64_t case_id, sq_row_fn fn, void *ctx,
                    struct zq_err *err) ZQ_WUR;

/* Funds whose region lies in [lo, hi], by region. */
int store_fund_list(struct store *st, const char *lo, const char *hi, sq_row_fn fn, void *ctx,
                    struct zq_err *err) ZQ_WUR;
/* A fund's movements (newest first, up to 200) and advances. */
int store_fund_movements(struct store *st, int64_t fund_id, sq_row_fn fn, void *ctx,
                         struct zq_err *err) ZQ_WUR;
int store_fund_advances(struct store *st, int64_t fund_id, sq_row_fn fn, void *ctx,
                        struct zq_err *err) ZQ_WUR;

/* The 两清零 rows: open cases in scope filed by as_of with something still
 * unpaid, one row per case: region, funding ('' without a project), case
 * no, amount owed, settled, workers still owed something, people. */
struct sc_open {
    char region[10], funding[20], case_no[48];
    int64_t owed, paid, workers_owed, people;
};
typedef int (*sc_open_fn)(void *ctx, const struct sc_open *o);
int store_case_open_arrears(struct store *st, const struct store_scope *sc, const char *as_of,
                            sc_open_fn fn, void *ctx, struct zq_err *err) ZQ_WUR;

#endif
