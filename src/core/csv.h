/*
 * csv.h - the streaming CSV reader behind table.h (RFC 4180, UTF-8 or
 * GB18030 detected automatically).  Callers outside the table module use
 * table.h; this interface exists for table.c and the CSV tests.
 */
#ifndef ZQ_CORE_CSV_H
#define ZQ_CORE_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/table.h"

/* Where the bytes come from: fd >= 0 is read with read(2) (the caller keeps
 * it open until csv_close), otherwise mem[0..mem_len) (kept alive likewise).
 * prefix[0..prefix_len) are bytes already taken from fd by format detection
 * and are read first.  total is the expected size for progress (0 unknown). */
struct csv_src {
    int fd;
    const char *mem;
    size_t mem_len;
    const char *prefix;
    size_t prefix_len;
    uint64_t total;
};

struct csv_reader;

/* Opens a reader (name and prefix are copied).  Reads enough to check for a
 * BOM; fails with ZQ_EINVAL on UTF-16 or on an Excel 97-2003 (.xls) file. */
int csv_open(const struct csv_src *src, const char *name, const struct tbl_opts *opts,
             struct csv_reader **out, struct zq_err *err) ZQ_WUR;
/* Same contract as tbl_next. */
int csv_next(struct csv_reader *r, struct tbl_row *row, struct zq_err *err) ZQ_WUR;
/* csv_close(NULL) does nothing. */
void csv_close(struct csv_reader *r);
const char *csv_encoding(const struct csv_reader *r);
void csv_progress(const struct csv_reader *r, uint64_t *done, uint64_t *total);

#endif
