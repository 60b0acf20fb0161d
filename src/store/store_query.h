/*
 * store_query.h - the read side of the API: lists and details of projects,
 * enterprises and workers, always filtered by the caller's scope inside the
 * SQL (SPEC §9: "every query is filtered by scope in the store layer").
 *
 * Results come back a row at a time as plain values (struct store_val) with a
 * static description of each column (struct sq_col: output name and how to
 * present it); svc/query.c turns them into JSON.  Keeping the column list
 * beside the SQL means one place to change when a column is added.
 *
 * Lists use keyset pagination: the caller passes the sort key of the last row
 * it has seen (struct sq_page) and gets up to limit + 1 rows, the extra one
 * only telling that there is a next page.
 */
#ifndef ZQ_STORE_STORE_QUERY_H
#define ZQ_STORE_STORE_QUERY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

enum sq_type {
    SQ_TEXT,   /* text, NULL as null */
    SQ_INT,    /* integer */
    SQ_MONEY,  /* integer fen, shown as a decimal-yuan string */
    SQ_BOOL,   /* 0/1 */
    SQ_TS,     /* unix seconds, shown in +08:00 */
    SQ_BP,     /* basis points, shown as a percent string ("20.00") */
    SQ_REGION, /* a region code; the name is added beside it */
    SQ_JSON,   /* JSON text, shown as the value it encodes */
    SQ_HIDDEN, /* for the caller only (ids, sort keys): never shown */
};

struct sq_col {
    const char *name;
    enum sq_type type;
};

/* What a principal may see.  Projects are visible when their region_code
 * lies in [region_lo, region_hi] (6- and 9-digit codes compare as text, so
 * a prefix P is the range P000000.. P999999999 cut to length), their industry
 * equals `industry` unless that is "", and the enterprise enterprise_id takes
 * part in them (builder, contractor or subcontractor) unless it is 0; -1
 * matches no enterprise at all.  Everything else (enterprises, workers,
 * accounts) is visible through the projects it belongs to. */
struct store_scope {
    char region_lo[10], region_hi[10];
    char industry[16];
    int64_t enterprise_id;
};

/* Called once per row with the columns described by cols[0..n) (the same
 * array for every row).  Values are valid during the call only.  Return 0 to
 * go on, > 0 to stop quietly, < 0 to stop with that error (fill it). */
typedef int (*sq_row_fn)(void *ctx, const struct sq_col *cols, const struct store_val *v, int n);

/* Keyset pagination: rows after the one whose sort key was (key, code). */
struct sq_page {
    int limit;        /* rows wanted; limit + 1 are read */
    bool after;       /* false: from the first row */
    const char *key;  /* text sort key of the last row seen (or its code) */
    int64_t key_int;  /* integer sort key, for integer sorts */
    const char *code; /* tie-breaker: the last row's unique code */
    int64_t after_id; /* id-ordered lists: the last id seen */
};

/* ---------------------------------------------------------------- projects */

enum sq_project_sort {
    SQ_PSORT_CODE,
    SQ_PSORT_CODE_DESC,
    SQ_PSORT_START,
    SQ_PSORT_START_DESC,
    SQ_PSORT_AMOUNT,
    SQ_PSORT_AMOUNT_DESC,
    SQ_PSORT__N
};

struct sq_project_filter {
    const char *region_lo, *region_hi;       /* "" for any */
    const char *q;                           /* code (exact) or part of the name; "" for any */
    const char *status, *industry, *funding; /* "" for any */
    const char *party_uscc;                  /* builder, contractor or sub; "" for any */
    enum sq_project_sort sort;
};

/* The sort key of a row of store_q_projects for `sort`: the column index of
 * the key in the row (a text or integer column) and whether it is integer. */
int store_q_project_sort_col(enum sq_project_sort sort, bool *is_int);
/* Column index of the code in the rows of store_q_projects. */
#define SQ_PROJECT_CODE_COL 0

int store_q_projects(struct store *st, const struct store_scope *sc,
                     const struct sq_project_filter *f, const struct sq_page *pg, sq_row_fn fn,
                     void *ctx, struct zq_err *err) ZQ_WUR;
/* The project with that code if visible (*found false otherwise); its first
 * column is the project's id (hidden). */
int store_q_project(struct store *st, const struct store_scope *sc, const char *code, sq_row_fn fn,
                    void *ctx, bool *found, struct zq_err *err) ZQ_WUR;
/* The id of the visible project with that code; ZQ_ENOTFOUND (with a
 * message) when there is none or it is out of scope. */
int store_q_project_id(struct store *st, const struct store_scope *sc, const char *code,
                       int64_t *id, struct zq_err *err) ZQ_WUR;

/* Parts of a project the caller has found with store_q_project_id. */
enum sq_project_part {
    SQ_PART_SUBCONTRACTS, /* all */
    SQ_PART_ACCOUNT,      /* zero or one row, with the balance */
    SQ_PART_DEPOSITS,     /* all */
    SQ_PART_MONTHS,       /* the last 24 months of totals, newest first */
    SQ_PART_ROSTER,       /* employment, paged by id */
    SQ_PART_TXNS,         /* account transactions, newest first, paged by id */
    SQ_PART_PAYROLL,      /* payroll lines, paged by id; filter: month ("" any) */
    SQ_PART__N
};
/* pg NULL: no paging (parts that are not paged ignore it). */
int store_q_project_part(struct store *st, enum sq_project_part part, int64_t project_id,
                         const char *month, const struct sq_page *pg, sq_row_fn fn, void *ctx,
                         struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- enterprises */

struct sq_enterprise_filter {
    const char *q;    /* USCC (exact) or part of the name; "" for any */
    const char *kind; /* "" for any */
    const char *region_lo, *region_hi;
};
/* Visible enterprises: in the scope's region (staff without an enterprise
 * binding), the principal's own, and every party of a visible project.
 * Ordered by USCC. */
int store_q_enterprises(struct store *st, const struct store_scope *sc,
                        const struct sq_enterprise_filter *f, const struct sq_page *pg,
                        sq_row_fn fn, void *ctx, struct zq_err *err) ZQ_WUR;
/* First column: the id (hidden). */
int store_q_enterprise(struct store *st, const struct store_scope *sc, const char *uscc,
                       sq_row_fn fn, void *ctx, bool *found, struct zq_err *err) ZQ_WUR;
/* The visible projects the enterprise takes part in, with its role. */
int store_q_enterprise_projects(struct store *st, const struct store_scope *sc,
                                int64_t enterprise_id, sq_row_fn fn, void *ctx,
                                struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- workers */

struct sq_worker_filter {
    const char *name;             /* exact name; "" for any */
    const unsigned char *id_hash; /* keyed hash of an ID number, or NULL */
    const unsigned char *phone_hash;
    size_t hash_len;
    int64_t project_id; /* 0 for any (the caller checked its scope) */
};
/* Visible workers (registered on, or paid on, a visible project) matching
 * one filter: id_hash, else phone_hash, else project_id, else name; with
 * none, ZQ_EINVAL (a province has millions: a list is always a search).
 * Ordered by id. */
int store_q_workers(struct store *st, const struct store_scope *sc,
                    const struct sq_worker_filter *f, const struct sq_page *pg, sq_row_fn fn,
                    void *ctx, struct zq_err *err) ZQ_WUR;
int store_q_worker(struct store *st, const struct store_scope *sc, int64_t id, sq_row_fn fn,
                   void *ctx, bool *found, struct zq_err *err) ZQ_WUR;
/* The worker's employment on visible projects, and the last 24 payroll
 * lines on visible projects. */
int store_q_worker_jobs(struct store *st, const struct store_scope *sc, int64_t id, sq_row_fn fn,
                        void *ctx, struct zq_err *err) ZQ_WUR;
int store_q_worker_payroll(struct store *st, const struct store_scope *sc, int64_t id, sq_row_fn fn,
                           void *ctx, struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- sealed values */

enum sq_sealed {
    SQ_SEALED_WORKER_ID,        /* key: worker id */
    SQ_SEALED_WORKER_PHONE,     /* key: worker id */
    SQ_SEALED_ENTERPRISE_PHONE, /* key: USCC */
    SQ_SEALED_PROJECT_ACCOUNT,  /* key: project code */
    SQ_SEALED__N
};
/* The sealed bytes of a personal value of a visible object, copied into
 * out[cap]; *len 0 when the object has no such value; ZQ_ENOTFOUND when the
 * object does not exist or is out of scope.  masked gets the masked form
 * (cap MASK 48). */
int store_q_sealed(struct store *st, const struct store_scope *sc, enum sq_sealed what,
                   int64_t key_id, const char *key_text, unsigned char *out, size_t cap,
                   size_t *len, char masked[48], struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- administration */

/* Users whose region lies in [lo, hi], by id. */
int store_q_users(struct store *st, const char *lo, const char *hi, const struct sq_page *pg,
                  sq_row_fn fn, void *ctx, struct zq_err *err) ZQ_WUR;
/* API tokens, newest first (by id, descending). */
int store_q_tokens(struct store *st, const struct sq_page *pg, sq_row_fn fn, void *ctx,
                   struct zq_err *err) ZQ_WUR;
/* Audit entries, newest first (by seq, descending); entity and actor filter
 * when not "". */
int store_q_audit(struct store *st, const char *entity, const char *entity_id, const char *actor,
                  const struct sq_page *pg, sq_row_fn fn, void *ctx, struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- import jobs */

/* The job with that id; actor "" for any actor, else only that actor's. */
int store_q_job(struct store *st, int64_t id, const char *actor, sq_row_fn fn, void *ctx,
                bool *found, struct zq_err *err) ZQ_WUR;
/* Jobs newest first, of one actor ("" for all). */
int store_q_jobs(struct store *st, const char *actor, const struct sq_page *pg, sq_row_fn fn,
                 void *ctx, struct zq_err *err) ZQ_WUR;
/* Row errors of a job by line, paged by id. */
int store_q_job_errors(struct store *st, int64_t job_id, const struct sq_page *pg, sq_row_fn fn,
                       void *ctx, struct zq_err *err) ZQ_WUR;
/* The id of the job an import recorded under (actor, kind, file_name), the
 * newest one; 0 when there is none. */
int store_q_job_find(struct store *st, const char *actor, const char *kind, const char *file_name,
                     int64_t *id, struct zq_err *err) ZQ_WUR;
/* Record one rejected row of a job (import_errors). */
int store_q_job_error_add(struct store *st, int64_t job_id, long line, const char *col,
                          const char *value, const char *reason, struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- health */

/* A trivial query: the database answers. */
int store_q_ping(struct store *st, struct zq_err *err) ZQ_WUR;
/* Open warnings by level (red, orange, yellow) for the metrics. */
int store_q_warning_levels(struct store *st, int64_t counts[3], struct zq_err *err) ZQ_WUR;

#endif
