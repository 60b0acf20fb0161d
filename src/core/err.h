/*
 * err.h - error codes and the caller-supplied error record.
 *
 * Fallible functions return 0 or a negative ZQ_E* code and, when the caller
 * passes a struct zq_err, fill it with a Chinese message for people and, where
 * known, the field, file, line and column of the offending input.  A NULL
 * struct zq_err * is always allowed: the detail is then dropped.
 *
 * The table that maps codes to HTTP status and stable JSON codes lives in
 * http/; zq_err_code_name() gives the stable name used there and in logs.
 */
#ifndef ZQ_CORE_ERR_H
#define ZQ_CORE_ERR_H

#include <stdarg.h>

#define ZQ_WUR          __attribute__((warn_unused_result))
#define ZQ_PRINTF(f, a) __attribute__((format(printf, f, a)))

enum zq_errcode {
    ZQ_OK = 0,
    ZQ_EINVAL = -1,     /* bad input value (422 over HTTP) */
    ZQ_ESYNTAX = -2,    /* malformed input: JSON, CSV, XML (400) */
    ZQ_ENOTFOUND = -3,  /* no such object, or not in the caller's scope (404) */
    ZQ_ECONFLICT = -4,  /* state does not allow it, or duplicate key (409) */
    ZQ_EAUTH = -5,      /* not authenticated (401) */
    ZQ_EFORBIDDEN = -6, /* authenticated but not allowed (403) */
    ZQ_ETOOBIG = -7,    /* over a size cap (413) */
    ZQ_ELIMIT = -8,     /* rate limit (429) */
    ZQ_EIO = -9,        /* file or network I/O */
    ZQ_EDB = -10,       /* database failure */
    ZQ_EUSAGE = -11,    /* command-line usage (exit 2) */
    ZQ_EINTERNAL = -12, /* a bug or an impossible state */
    ZQ_EREJECTED = -13, /* import finished but rejected rows (exit 3) */
};

struct zq_err {
    int code;       /* enum zq_errcode, 0 when no error was recorded */
    char msg[512];  /* Chinese, for people; UTF-8 */
    char field[64]; /* input field or column name, "" when none */
    char file[256]; /* input file, "" when none */
    long line;      /* 1-based input line, 0 when none */
    long col;       /* 1-based input column, 0 when none */
};

void zq_err_clear(struct zq_err *e);
/* Record code and message; returns code so callers can `return zq_err_set(...)`.
 * Leaves field/file/line/col as they were. */
int zq_err_set(struct zq_err *e, int code, const char *fmt, ...) ZQ_PRINTF(3, 4);
int zq_err_vset(struct zq_err *e, int code, const char *fmt, va_list ap) ZQ_PRINTF(3, 0);
/* Record the offending field (may be NULL). */
void zq_err_field(struct zq_err *e, const char *field);
/* Record the input position (file may be NULL). */
void zq_err_where(struct zq_err *e, const char *file, long line, long col);
/* Stable lower-case name of a code ("invalid", "not_found", ...). */
const char *zq_err_code_name(int code);

#endif
