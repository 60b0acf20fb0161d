/*
 * import_int.h - private to the import module (import.c, import_cols.c,
 * import_kinds.c, import_att.c): column specifications, parsed cells and the
 * state of one running import.
 */
#ifndef ZQ_SVC_IMPORT_INT_H
#define ZQ_SVC_IMPORT_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/bitset.h"
#include "core/crypto.h"
#include "core/date.h"
#include "core/strmap.h"
#include "store/store_import.h"
#include "svc/import.h"

enum imp_type {
    IT_TEXT,     /* free text (names, descriptions) */
    IT_CODE,     /* an identifier: printable ASCII without spaces */
    IT_USCC,     /* 统一社会信用代码, normalised */
    IT_IDCARD,   /* 身份证号, normalised */
    IT_PHONE,    /* mobile or fixed line, normalised */
    IT_REGION,   /* a known GB/T 2260 code */
    IT_DATE,     /* i = zq_date */
    IT_PASTDATE, /* a date that has happened: not after today */
    IT_MONTH,    /* i = zq_month */
    IT_DATETIME, /* i = unix seconds */
    IT_MONEY,    /* i = fen, >= 0 */
    IT_SMONEY,   /* i = fen, any sign */
    IT_COUNT,    /* i = integer >= 0, <= max */
    IT_PERCENT,  /* i = basis points (percent x 100), 0..10000 */
    IT_BOOL,     /* i = 0/1 */
    IT_ENUM,     /* i = index into values; s = the canonical value */
    IT_HOURS,    /* i = tenths of an hour, 0..240 */
    IT_CARD,     /* bank account or card number: digits */
};

struct imp_col {
    const char *en, *zh;
    enum imp_type type;
    bool opt;
    int64_t max;               /* IT_TEXT/IT_CODE: characters; IT_COUNT: largest value */
    const char *const *values; /* IT_ENUM */
};

/* A parsed cell.  s points into the row being read or into norm. */
struct imp_cell {
    bool present; /* column in the file and not empty */
    int64_t i;
    struct str s;
    char norm[40];
};

#define IMP_MAX_COLS 32
#define IMP_ID_LEN   20 /* an ID number and a NUL, with room */

struct imp;

struct imp_kind {
    const char *name, *title;
    const char *key_title; /* the natural key, for duplicate messages */
    int table;             /* enum simp_table of the upserts, -1 for none */
    int worker_col;        /* column of that table holding a worker id, -1 for none */
    bool batch;            /* stage rows in batches where the store prefers it */
    const struct imp_col *cols;
    int ncols;
    /* Apply one valid row.  Returns 0 (applied or counted), 1 when the row is
     * rejected (reason filled through imp_reject), < 0 on a fatal error. */
    int (*apply)(struct imp *im, struct imp_cell *c, struct zq_err *err);
    /* After the last row, inside the transaction (may be NULL). */
    int (*finish)(struct imp *im, struct zq_err *err);
};

/* The row error being built: column index into the kind's cols, or -1. */
struct imp_rowerr {
    int col;
    char reason[512];
};

struct att_agg;
struct imp_batch;

/* The row being read, for reports made later (batches). */
struct imp_row_ref {
    long line;
    size_t n;
    const struct str *f;
};

struct imp {
    struct app *a;
    struct store *st;
    const struct imp_kind *k;
    const struct import_opts *o;
    const struct pii_keys *pii;
    const struct region_table *regions;
    const struct calendar *cal;
    struct import_result *res;
    int64_t now;
    zq_date today;
    struct imp_rowerr re;
    struct imp_row_ref cur;  /* the row being applied */
    struct strmap *projects; /* code -> index into proj[] + 1, 0 = absent */
    struct simp_project *proj;
    size_t nproj, capproj;
    struct strmap *enterprises; /* uscc -> id, 0 = absent */
    struct strmap *workers;     /* id number -> id */
    struct strmap *accounts;    /* account number -> index into acct[] + 1, 0 = absent */
    struct simp_account *acct;
    size_t nacct, capacct;
    struct strmap *touched; /* (project id, month) -> index into touched_list + 1 */
    struct touched *touched_list;
    struct simp_seen seen; /* rows of the kind's table met by this import */
    struct att_agg *att;
    bool staged;             /* batches instead of a statement per line (PostgreSQL) */
    bool chunked;            /* several lines per statement (SQLite) */
    struct imp_batch *batch; /* rows and unresolved workers waiting for a flush */
    /* The last ID number parsed and the last project code looked up: files
     * come grouped by project and worker, so most lines repeat both. */
    char last_id_raw[40];
    size_t last_id_len;
    char last_id_norm[20];
    char last_code[72];
    size_t last_code_len;
    const struct simp_project *last_proj;
    char last_wid_num[20]; /* the last worker met and its id (0: none) */
    int64_t last_wid;
    unsigned char seal[256]; /* scratch for sealed personal data */
    unsigned char seal2[256];
    unsigned char seal3[256];
};

extern const struct imp_col imp_cols_enterprises[6];
extern const struct imp_col imp_cols_projects[15];
extern const struct imp_col imp_cols_subcontracts[5];
extern const struct imp_col imp_cols_accounts[4];
extern const struct imp_col imp_cols_deposits[6];
extern const struct imp_col imp_cols_employment[10];
extern const struct imp_col imp_cols_attendance[4];
extern const struct imp_col imp_cols_payroll[12];
extern const struct imp_col imp_cols_txns[8];
extern const struct imp_col imp_cols_disbursements[8];
extern const struct imp_col imp_cols_payments[8];
extern const struct imp_col imp_cols_cases[11];
extern const struct imp_col imp_cols_blacklist[7];
extern const struct imp_col imp_cols_clues[17];

extern const struct imp_kind *const imp_kinds[];
extern const size_t imp_nkinds;

/* Record why the current row is rejected; returns 1 (the apply result). */
int imp_reject(struct imp *im, int col, const char *fmt, ...) ZQ_PRINTF(3, 4);

/* Parse the raw text of column spec c into cell; on error fills reason and
 * returns ZQ_EINVAL. */
int imp_parse_cell(struct imp *im, const struct imp_col *c, struct str raw, struct imp_cell *cell,
                   char *reason, size_t cap);

/* Look-ups with caches; each returns 0 when found, 1 (rejected, naming col)
 * when not, < 0 on a database error. */
int imp_project(struct imp *im, int col, struct str code, const struct simp_project **p,
                struct zq_err *err);
/* As imp_project, but *p NULL (and 0 returned) when unknown. */
int imp_project_opt(struct imp *im, struct str code, const struct simp_project **p,
                    struct zq_err *err);
int imp_enterprise(struct imp *im, int col, struct str uscc, int64_t *id, struct zq_err *err);
/* As imp_enterprise, but *id 0 (and 0 returned) when unknown. */
int imp_enterprise_opt(struct imp *im, struct str uscc, int64_t *id, struct zq_err *err);
/* The worker with that (normalised) ID number, created when unknown. */
int imp_worker(struct imp *im, struct str idnum, struct str name, const struct imp_cell *phone,
               bool authoritative, int64_t *id, struct zq_err *err);
/* Seal + hash + mask a personal value into vals[enc], vals[hash], vals[masked]
 * using scratch (256 bytes) for the sealed bytes; hashbuf keeps the hash. */
void imp_protect(struct imp *im, struct str v, const char *masked, unsigned char *scratch,
                 unsigned char hashbuf[PII_HASH_LEN], struct store_val *enc, struct store_val *hash,
                 struct store_val *mask);
/* Note that totals family `which` of (project, month) must be recomputed. */
void imp_touch(struct imp *im, int64_t project_id, zq_month month, enum simp_totals which);
/* Recompute the project-month totals touched so far and forget them (an
 * attendance import does it at every flush, so that memory stays bounded). */
int imp_refresh_totals(struct imp *im, struct zq_err *err);
/* Count one outcome. */
void imp_count(struct imp *im, enum simp_outcome out);

/* Attendance aggregation (import_att.c). */
struct att_agg *att_agg_new(void);
void att_agg_free(struct att_agg *g);
/* Add one punch; flushes to the store when the map is full. */
int att_agg_add(struct imp *im, int64_t project_id, const char *province, int64_t worker_id,
                zq_date day, int hours_x10, struct zq_err *err);
int att_agg_flush(struct imp *im, struct zq_err *err);

/* Staged imports (import_batch.c). */
struct imp_batch *imp_batch_new(void);
void imp_batch_free(struct imp_batch *b);
/* Queue one row of the kind's table (values copied), flushing when full. */
int imp_batch_add(struct imp *im, const struct store_val *vals, struct zq_err *err);
/* Write what is queued: resolve new workers, merge the rows, report
 * duplicates. */
int imp_batch_flush(struct imp *im, struct zq_err *err);
/* A placeholder id (< 0) for a worker to be created or found at the next
 * flush; *id gets it. */
void imp_batch_worker(struct imp *im, struct str idnum, const struct store_val *w, bool auth,
                      int64_t *id);
/* Whether the worker is queued already; *id gets its placeholder. */
bool imp_batch_pending(struct imp *im, struct str idnum, int64_t *id);
/* Resolve the queued workers; *ids (owned by the batch, valid until the next
 * flush) maps placeholder -1-k to a real id. */
int imp_batch_resolve(struct imp *im, const int64_t **ids, size_t *n, struct zq_err *err);

/* Report a rejected row from a batch (import.c). */
void imp_report_saved(struct imp *im, const struct imp_row_ref *row, const char *reason);

/* Store values from cells. */
struct store_val imp_text(const struct imp_cell *c); /* NULL when absent */
struct store_val imp_int(const struct imp_cell *c);  /* NULL when absent */
struct store_val imp_date(const struct imp_cell *c, char buf[DATE_STR_LEN]);
struct store_val imp_month(const struct imp_cell *c, char buf[MONTH_STR_LEN]);
struct store_val imp_cstr(const char *s);
struct store_val imp_i64(int64_t v);
struct store_val imp_null(void);

#endif
