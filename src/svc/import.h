/*
 * import.h - bulk import of the interchange formats of SPEC §4.
 *
 * One call imports one table (CSV or XLSX, already opened as a tbl_reader)
 * of one kind.  The header row is matched first (English or Chinese column
 * names, any order); every data row is then validated and applied with
 * idempotent upserts on the kind's natural key.  The whole import is one
 * transaction: a crash leaves the previous state, --strict rolls back when any
 * row was rejected, --dry-run always rolls back (so its counts are exact).
 */
#ifndef ZQ_SVC_IMPORT_H
#define ZQ_SVC_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "core/table.h"
#include "svc/app.h"

/* One rejected row.  All pointers are valid during the callback only. */
struct import_reject {
    long line;          /* physical line (CSV) or sheet row (XLSX) */
    const char *column; /* "id_number（身份证号）", or "" when the row as a whole */
    const char *value;  /* the offending value as read ("" when none) */
    const char *reason; /* Chinese */
    size_t nfields;     /* the row as read, for an errors file */
    const struct str *fields;
};

struct import_opts {
    bool strict;         /* apply nothing unless every row is valid */
    bool dry_run;        /* validate and count, then roll back */
    bool ignore_unknown; /* unknown columns are skipped instead of refused */
    const char *actor;   /* who, for the audit log and the job record */
    const char *source;  /* "cli", "api" or "ui" */
    const char *file_name;
    void *ctx;
    /* Each rejected row (may be NULL). */
    void (*on_reject)(void *ctx, const struct import_reject *r);
    /* Now and then while reading (may be NULL). */
    void (*on_progress)(void *ctx, uint64_t done, uint64_t total, int64_t rows);
    /* The header, once matched: the columns in file order (may be NULL). */
    void (*on_header)(void *ctx, size_t n, const struct str *names);
};

struct import_result {
    int64_t rows;     /* data rows read (attendance: punches) */
    int64_t added;    /* new rows (attendance: new worker-days) */
    int64_t updated;  /* changed rows (attendance: days whose hours changed) */
    int64_t rejected; /* rows refused */
    bool applied;     /* committed (false for dry runs and refused strict imports) */
};

/* The kinds of SPEC §4, in the order an initial load should follow. */
size_t import_kind_count(void);
const char *import_kind_name(size_t i);
/* The Chinese name of a kind ("考勤"), NULL when unknown. */
const char *import_kind_title(const char *kind);
bool import_kind_valid(const char *kind);

/* One column of a kind, for documentation and templates. */
struct import_column {
    const char *en, *zh;
    bool optional;
    const char *type_zh;       /* "日期 YYYY-MM-DD", "金额（元）", ... */
    const char *const *values; /* allowed values of an enumeration, NULL-terminated, or NULL */
};
size_t import_column_count(const char *kind);
const struct import_column *import_column_at(const char *kind, size_t i);

/*
 * Import everything r yields as `kind`.  Returns 0 when the file was read to
 * the end (res says how many rows were applied or rejected; rows rejected do
 * not make it fail), or a negative code when the file as a whole is refused
 * (unknown or missing columns: ZQ_EINVAL; unreadable: ZQ_ESYNTAX/ZQ_EIO;
 * database: ZQ_EDB) and nothing was applied.
 */
int import_run(struct app *a, const char *kind, struct tbl_reader *r, const struct import_opts *o,
               struct import_result *res, struct zq_err *err) ZQ_WUR;

#endif
