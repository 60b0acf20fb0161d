/*
 * store_import.h - persistence for bulk imports: idempotent upserts on the
 * natural keys of SPEC §4, the worker register, attendance bitmaps, deposit
 * draws, and the per project-month totals the scan reads.
 *
 * Callers pass plain values (struct store_val) in the column order of the
 * table's SIMP_* enumeration below, keys first.  Every function works inside
 * the caller's transaction; nothing here begins or commits.
 */
#ifndef ZQ_STORE_STORE_IMPORT_H
#define ZQ_STORE_STORE_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/bitset.h"
#include "core/err.h"
#include "store/store.h"

enum simp_table {
    SIMP_ENTERPRISES,
    SIMP_PROJECTS,
    SIMP_SUBCONTRACTS,
    SIMP_ACCOUNTS,
    SIMP_DEPOSITS,
    SIMP_EMPLOYMENT,
    SIMP_PAYROLL,
    SIMP_TXNS,
    SIMP_DISBURSEMENTS,
    SIMP_PAYMENTS,
    SIMP_CASES,
    SIMP_BLACKLIST,
    SIMP_CLUES,
    SIMP__TABLES
};

/* Column orders (keys first).  Columns marked "insert only" are written when
 * the row is created and never compared or updated; sealed personal data is
 * not compared either (its keyed hash is). */
enum {
    EN_USCC,
    EN_NAME,
    EN_KIND,
    EN_LEGAL_REP,
    EN_REGION,
    EN_PHONE_ENC,
    EN_PHONE_HASH,
    EN_PHONE_MASKED,
    EN__N
};
enum {
    PJ_CODE,
    PJ_NAME,
    PJ_PROVINCE,
    PJ_REGION,
    PJ_INDUSTRY,
    PJ_FUNDING,
    PJ_BUILDER,
    PJ_CONTRACTOR,
    PJ_AMOUNT,
    PJ_LABOR_BP,
    PJ_SIGNED_ON,
    PJ_START,
    PJ_PLANNED_END,
    PJ_STATUS,
    PJ_WAGE_CLERK,
    PJ_NOTICE_BOARD,
    PJ__N
};
enum { SC_PROJECT, SC_SUB, SC_PROVINCE, SC_KIND, SC_AMOUNT, SC_START, SC__N };
enum { AC_PROJECT, AC_PROVINCE, AC_BANK, AC_NO_ENC, AC_NO_HASH, AC_NO_MASKED, AC_OPENED_ON, AC__N };
enum { DP_PROJECT, DP_FORM, DP_ON, DP_CONTRACTOR, DP_PROVINCE, DP_AMOUNT, DP_EXPIRES, DP__N };
enum {
    EM_PROJECT,
    EM_WORKER,
    EM_EMPLOYER,
    EM_PROVINCE,
    EM_NAME,
    EM_TEAM,
    EM_TRADE,
    EM_CONTRACT,
    EM_ENTERED,
    EM_LEFT,
    EM__N
};
enum {
    PR_PROJECT,
    PR_MONTH,
    PR_EMPLOYER,
    PR_WORKER,
    PR_PROVINCE,
    PR_NAME,
    PR_DAYS,
    PR_DUE,
    PR_DEDUCT,
    PR_PAID,
    PR_PAID_ON,
    PR_CHANNEL,
    PR_CONFIRMED,
    PR__N
};
enum {
    TX_ACCOUNT,
    TX_REF,
    TX_PROJECT,
    TX_PROVINCE,
    TX_DATE,
    TX_DIRECTION,
    TX_KIND,
    TX_AMOUNT,
    TX_COUNTERPARTY,
    TX__N
};
enum {
    DB_ACCOUNT,
    DB_REF,
    DB_WORKER,
    DB_PROJECT,
    DB_PROVINCE,
    DB_NAME,
    DB_CARD_ENC,
    DB_CARD_HASH,
    DB_CARD_MASKED,
    DB_AMOUNT,
    DB_PAID_ON,
    DB_STATUS,
    DB__N
};
enum {
    PM_PROJECT,
    PM_REF,
    PM_PROVINCE,
    PM_PAYER,
    PM_PAYEE,
    PM_KIND,
    PM_AMOUNT,
    PM_DUE_ON,
    PM_PAID_ON,
    PM__N
};
enum {
    CS_CASE_NO,
    CS_ORIGIN /* insert only */,
    CS_DEADLINE /* insert only */,
    CS_PROVINCE,
    CS_REGION,
    CS_DEBTOR,
    CS_DEBTOR_USCC,
    CS_DEBTOR_NAME,
    CS_PROJECT,
    CS_STATUS,
    CS_FILED_ON,
    CS_PEOPLE,
    CS_AMOUNT,
    CS_PERIOD_FROM,
    CS_CLOSED_ON,
    CS_RESULT,
    CS__N
};
enum {
    BL_USCC,
    BL_LIST,
    BL_DECIDED_ON,
    BL_SOURCE /* insert only */,
    BL_STATUS /* insert only */,
    BL_ENTERPRISE,
    BL_NAME,
    BL_DECIDED_BY,
    BL_EXPIRES,
    BL_REASON,
    BL__N
};
enum {
    CL_CHANNEL,
    CL_EXTERNAL_ID,
    CL_TICKET /* insert only */,
    CL_FIRST_REGION /* insert only */,
    CL_STATUS /* insert only */,
    CL_ACCEPT_BY /* insert only */,
    CL_RECEIVED_AT,
    CL_PROVINCE,
    CL_REGION,
    CL_DEPT,
    CL_COMPLAINANT,
    CL_CID_ENC,
    CL_CID_HASH,
    CL_CID_MASKED,
    CL_PHONE_ENC,
    CL_PHONE_HASH,
    CL_PHONE_MASKED,
    CL_RESPONDENT,
    CL_RESPONDENT_USCC,
    CL_RESPONDENT_ID,
    CL_PROJECT,
    CL_PROJECT_CODE,
    CL_PROJECT_NAME,
    CL_NATURE,
    CL_PEOPLE,
    CL_AMOUNT,
    CL_PERIOD_FROM,
    CL_PERIOD_TO,
    CL_DESCRIPTION,
    CL__N
};

enum simp_outcome {
    SIMP_NEW,     /* inserted */
    SIMP_UPDATED, /* existed with other values: updated */
    SIMP_SAME,    /* existed with the same values: nothing written */
    SIMP_DUP,     /* its row was already written by this import (seen): nothing written */
};

/*
 * Enter or leave bulk mode, outside any transaction.  On SQLite, foreign keys
 * are not enforced in bulk mode: the importer resolves every reference itself
 * inside its write transaction (and SQLite has a single writer), and the
 * per-row parent look-ups would double the cost of a payroll line.  The tests
 * run `PRAGMA foreign_key_check` after imports.  PostgreSQL: nothing changes.
 */
int store_simp_bulk(struct store *st, bool on, struct zq_err *err) ZQ_WUR;

/* The rows an import has met so far, to recognise a second line with the
 * same natural key: rows above max_before (the largest id when the import
 * began) were inserted by it; older ones it has touched are in ids. */
struct simp_seen {
    int64_t max_before;
    struct bitset ids;
    int chunk_skip; /* store_simp_upsert_many: chunks to write row by row before trying again */
};
/* *max gets the largest id of the table (0 when empty). */
int store_simp_max_id(struct store *st, enum simp_table t, int64_t *max, struct zq_err *err) ZQ_WUR;

/* Number of columns of a table in the order above, and how many of the
 * first ones form the natural key. */
int store_simp_nkeys(enum simp_table t);
int store_simp_ncols(enum simp_table t);

/*
 * Insert or update the row whose natural key is in vals.  now: seconds for
 * created_at/updated_at.  seen (may be NULL): what this import has met; a row
 * it has met gives SIMP_DUP and is left alone.  *id gets the row id of an
 * existing row, 0 for a new one.
 */
int store_simp_upsert(struct store *st, enum simp_table t, const struct store_val *vals,
                      int64_t now, struct simp_seen *seen, int64_t *id, enum simp_outcome *out,
                      struct zq_err *err) ZQ_WUR;
/* Rows per multi-row insert of store_simp_upsert_many. */
#define SIMP_CHUNK 64
/* As store_simp_upsert for n rows (rows[i * ncols + c]), out[i] their
 * outcomes.  A full chunk of SIMP_CHUNK rows is first tried as one INSERT
 * inside a savepoint: when every row is new (a first import) that is all;
 * otherwise the savepoint is rolled back and the rows go one by one. */
int store_simp_upsert_many(struct store *st, enum simp_table t, const struct store_val *rows,
                           size_t n, int64_t now, struct simp_seen *seen, enum simp_outcome *out,
                           struct zq_err *err) ZQ_WUR;
/* *id gets the id of the row with the natural key in vals (only the key
 * columns are read), or 0 when there is none. */
int store_simp_find(struct store *st, enum simp_table t, const struct store_val *vals, int64_t *id,
                    struct zq_err *err) ZQ_WUR;

/* ------------------------------------------------------------ look-ups */

struct simp_project {
    int64_t id;
    char province[7];
    char region[10];
    char industry[16];
    char status[12];
    int64_t builder_id, contractor_id;
};
/* found false when there is no project with that code. */
int store_simp_project(struct store *st, const char *code, size_t len, struct simp_project *p,
                       bool *found, struct zq_err *err) ZQ_WUR;
/* *id 0 when no enterprise has that USCC. */
int store_simp_enterprise(struct store *st, const char *uscc, int64_t *id,
                          struct zq_err *err) ZQ_WUR;
struct simp_account {
    int64_t id; /* 0 when there is none */
    int64_t project_id;
    char province[7];
};
/* The wage account with that account-number hash. */
int store_simp_account(struct store *st, const unsigned char *hash, size_t hlen,
                       struct simp_account *a, struct zq_err *err) ZQ_WUR;
/* Whether the enterprise is builder, contractor or a subcontractor of the
 * project. */
int store_simp_party(struct store *st, int64_t project_id, int64_t enterprise_id, bool *yes,
                     struct zq_err *err) ZQ_WUR;

/* ------------------------------------------------------------ workers */

enum { WK_HASH, WK_ENC, WK_MASKED, WK_NAME, WK_PHONE_ENC, WK_PHONE_HASH, WK_PHONE_MASKED, WK__N };
/* Find the worker by WK_HASH, creating it from w if absent.  An existing
 * worker's name and phone are replaced when `authoritative` (the register,
 * employment) and they differ; otherwise only an empty name is filled in.
 * WK_NAME may be "" (attendance carries no name). */
int store_simp_worker(struct store *st, const struct store_val *w, bool authoritative, int64_t now,
                      int64_t *id, struct zq_err *err) ZQ_WUR;

/* ------------------------------------------------------------ attendance */

struct simp_att {
    int64_t project_id, worker_id;
    const char *month;    /* "YYYY-MM" */
    const char *province; /* 6 digits */
    uint32_t days;        /* bit d-1: present on day d */
    uint32_t hours_mask;  /* bit d-1: hours[d-1] was given */
    uint8_t hours[31];    /* tenths of an hour */
};
/* Merge one worker-month into the stored bitmap: days are added; hours given
 * replace the stored hours of those days.  *new_days gets the days that were
 * not present, *upd_days the present days whose hours changed. */
int store_simp_attendance(struct store *st, const struct simp_att *a, int *new_days, int *upd_days,
                          struct zq_err *err) ZQ_WUR;

/* ------------------------------------------------------------ deposits */

/* Record a draw of amount fen on date from the newest cash deposit of the
 * project made on or before date.  *found false when there is none; outcome
 * SIMP_SAME when the same draw is already recorded. */
int store_simp_deposit_draw(struct store *st, int64_t project_id, const char *date, int64_t amount,
                            int64_t now, bool *found, enum simp_outcome *out,
                            struct zq_err *err) ZQ_WUR;

/* ------------------------------------------------------------ counters */

/* Add one to the named counter (created at 0) and return the new value. */
int store_simp_counter_next(struct store *st, const char *name, int64_t *value,
                            struct zq_err *err) ZQ_WUR;

/* ------------------------------------------------------------ totals */

enum simp_totals { SIMP_TOT_ATTENDANCE, SIMP_TOT_PAYROLL, SIMP_TOT_TXNS };
/* Recompute one family of the project_months totals of (project, month)
 * from the rows; writes only when a value changed. */
int store_simp_totals(struct store *st, enum simp_totals which, int64_t project_id,
                      const char *month, int64_t now, struct zq_err *err) ZQ_WUR;

/* ------------------------------------------------------------ staged (PostgreSQL) */

/* Whether imports should stage batches (store_stage_*) rather than write
 * line by line: true on PostgreSQL, where every statement is a round trip. */
bool store_simp_staged(const struct store *st);
/* The largest ncols of a table (for callers' arrays). */
#define IMP_STAGE_MAXCOLS 32
/* Upsert n rows of table t (rows[i * ncols + c], column order as for
 * store_simp_upsert); out[i] gets each row's outcome.  seen as for
 * store_simp_upsert.  The rows' natural keys must be distinct (the caller
 * weeds out repeated lines: store_simp_nkeys). */
int store_stage_upsert(struct store *st, enum simp_table t, const struct store_val *rows, size_t n,
                       int64_t now, struct simp_seen *seen, enum simp_outcome *out,
                       struct zq_err *err) ZQ_WUR;
/* Find or create n workers (rows[i * WK__N + c]; distinct WK_HASH values),
 * with the name and phone rules of store_simp_worker (auth[i] =
 * authoritative); ids[i] gets each one's id. */
int store_stage_workers(struct store *st, const struct store_val *rows, const bool *auth, size_t n,
                        int64_t now, int64_t *ids, struct zq_err *err) ZQ_WUR;
/* Merge n distinct worker-months, as store_simp_attendance does one. */
int store_stage_attendance(struct store *st, const struct simp_att *a, size_t n, int64_t *new_days,
                           int64_t *upd_days, struct zq_err *err) ZQ_WUR;

struct simp_pair {
    int64_t project_id;
    char month[8];     /* "YYYY-MM" */
    unsigned families; /* bit (1 << enum simp_totals) for each family to recompute */
};
/* store_simp_totals for n (project, month) pairs at once. */
int store_stage_totals(struct store *st, const struct simp_pair *p, size_t n, int64_t now,
                       struct zq_err *err) ZQ_WUR;

/* ------------------------------------------------------------ jobs */

struct simp_job {
    const char *kind, *source, *actor, *file_name;
    bool strict;
    int64_t rows, added, updated, rejected;
    int64_t started_at, finished_at;
};
/* Record a finished import in import_jobs. */
int store_simp_job(struct store *st, const struct simp_job *j, struct zq_err *err) ZQ_WUR;

#endif
