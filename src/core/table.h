/*
 * table.h - streaming readers of tabular input files (CSV and XLSX).
 *
 * All bulk data enters zhiqian as a table: CSV written by Excel, smart-site
 * vendors or banks (UTF-8 with or without BOM, or GB18030/GBK), or an XLSX
 * workbook (its first visible worksheet).  A reader hands out one row at a
 * time; every field is valid UTF-8.  Memory stays bounded whatever the file
 * size: records, rows, fields and shared strings have hard caps.
 *
 * Usage:
 *
 *     struct tbl_reader *r;
 *     struct tbl_row row;
 *     int rc;
 *
 *     if (tbl_open_fd(fd, "考勤.csv", NULL, &r, &err) < 0)
 *         ...;
 *     while ((rc = tbl_next(r, &row, &err)) != 0) {
 *         if (rc < 0 && rc != ZQ_EINVAL)
 *             break;              // the file is unreadable from here on
 *         if (rc < 0)
 *             report(&err);       // one bad row, skipped; go on
 *         else
 *             use(row.f, row.n);  // valid until the next tbl_next
 *     }
 *     tbl_close(r);
 *
 * docs/readers.md describes the exact rules (encoding detection, quoting,
 * blank rows, how XLSX numbers, dates and booleans come out).
 */
#ifndef ZQ_CORE_TABLE_H
#define ZQ_CORE_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

#define TBL_MAX_RECORD  ((size_t)1024 * 1024)          /* bytes of one CSV record or XLSX row */
#define TBL_MAX_FIELDS  ((size_t)1024)                 /* fields of one CSV record */
#define TBL_MAX_COLUMNS 16384                          /* XLSX columns, A..XFD */
#define TBL_MAX_PART    ((uint64_t)1024 * 1024 * 1024) /* uncompressed bytes of one XLSX part */
#define TBL_MAX_SST     ((size_t)64 * 1024 * 1024)     /* bytes of XLSX shared strings */
#define TBL_BUF_SIZE    ((size_t)256 * 1024)           /* CSV read(2) size */

/* Limits and tuning; a zero member means its default.  Tests and fuzzers use
 * small values to reach the edges cheaply. */
struct tbl_opts {
    size_t max_record; /* TBL_MAX_RECORD */
    size_t max_fields; /* TBL_MAX_FIELDS (CSV) */
    size_t buf_size;   /* TBL_BUF_SIZE (CSV) */
    uint64_t max_part; /* TBL_MAX_PART (XLSX; also the cap on spooling standard input) */
    size_t max_sst;    /* TBL_MAX_SST (XLSX) */
};

enum tbl_format {
    TBL_CSV = 1,
    TBL_XLSX = 2,
};

/* One row.  f[0..n) are UTF-8 slices owned by the reader and valid until the
 * next tbl_next or tbl_close.  line is the 1-based physical line where a CSV
 * record starts, or the XLSX sheet row number. */
struct tbl_row {
    size_t n;
    const struct str *f;
    long line;
};

struct tbl_reader;

/*
 * Open a reader on fd (which stays the caller's: tbl_close does not close
 * it), reading from its current offset.  XLSX is recognised by the zip magic
 * "PK\3\4", anything else is read as CSV.  An XLSX file on a descriptor that
 * cannot be read at random offsets (a pipe: `zhiqian import attendance -`) is
 * first copied into an unlinked temporary file.  name (copied) is the file name
 * used in messages.  opts may be NULL.  On error *out is NULL and err says why
 * (ZQ_EIO, ZQ_ESYNTAX, ZQ_ETOOBIG, ZQ_EINVAL for an unsupported encoding).
 */
int tbl_open_fd(int fd, const char *name, const struct tbl_opts *opts, struct tbl_reader **out,
                struct zq_err *err) ZQ_WUR;
/* As tbl_open_fd on the file at path; "-" is standard input (named 标准输入 in
 * messages).  The reader owns the descriptor it opens. */
int tbl_open_path(const char *path, const struct tbl_opts *opts, struct tbl_reader **out,
                  struct zq_err *err) ZQ_WUR;
/* As tbl_open_fd on len bytes at p, which the caller keeps unchanged and alive
 * until tbl_close (uploads held in memory, tests, fuzzers). */
int tbl_open_mem(const void *p, size_t len, const char *name, const struct tbl_opts *opts,
                 struct tbl_reader **out, struct zq_err *err) ZQ_WUR;

/*
 * Read the next non-blank row (a row whose fields are all empty is skipped).
 * Returns 1 with *row filled, 0 at the end, or a negative ZQ_E* code with err
 * naming the file, line and column (err->line, err->col; for XLSX also the
 * cell, as in "文件 a.xlsx 第 12 行 C12 单元格：…").
 *   ZQ_EINVAL: that one row is bad (bytes that are not text in the detected
 *     encoding, an unreadable cell value); it has been skipped and tbl_next may
 *     be called again for the next row.
 *   Any other code (ZQ_ESYNTAX, ZQ_ETOOBIG, ZQ_EIO): the file cannot be read
 *     further; every later call returns the same error again.
 */
int tbl_next(struct tbl_reader *r, struct tbl_row *row, struct zq_err *err) ZQ_WUR;

/* tbl_close(NULL) does nothing. */
void tbl_close(struct tbl_reader *r);

enum tbl_format tbl_format(const struct tbl_reader *r);
/* CSV: "UTF-8" or "GB18030" (a file seen to be ASCII so far is "UTF-8");
 * XLSX: "XLSX". */
const char *tbl_encoding(const struct tbl_reader *r);
/* Name of the worksheet being read (XLSX), NULL for CSV.  Owned by r. */
const char *tbl_sheet_name(const struct tbl_reader *r);
/* Progress for a progress bar: *done bytes of the input consumed so far and
 * *total bytes in all (0 when unknown, as on a pipe).  For XLSX both count the
 * uncompressed worksheet. */
void tbl_progress(const struct tbl_reader *r, uint64_t *done, uint64_t *total);

#endif
