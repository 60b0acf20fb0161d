/*
 * xlsx.h - the streaming XLSX reader behind table.h: the first visible
 * worksheet of a workbook, one row at a time, with shared strings, inline
 * strings, booleans, errors, formulas' cached values and date cells turned
 * into text.  Callers outside the table module use table.h.
 */
#ifndef ZQ_CORE_XLSX_H
#define ZQ_CORE_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/table.h"

/* The zip file: mem[0..len) when mem is not NULL, else size bytes of fd from
 * offset base, read with pread(2).  The caller keeps either alive and
 * unchanged until xlsx_close. */
struct xlsx_src {
    const unsigned char *mem;
    size_t len;
    int fd;
    uint64_t base;
    uint64_t size;
};

struct xlsx_reader;

/* Opens the package, reads the workbook, relationships, styles and shared
 * strings, and positions at the first row of the sheet.  name is copied. */
int xlsx_open(const struct xlsx_src *src, const char *name, const struct tbl_opts *opts,
              struct xlsx_reader **out, struct zq_err *err) ZQ_WUR;
/* Same contract as tbl_next. */
int xlsx_next(struct xlsx_reader *x, struct tbl_row *row, struct zq_err *err) ZQ_WUR;
/* xlsx_close(NULL) does nothing. */
void xlsx_close(struct xlsx_reader *x);
/* The worksheet's name (owned by x). */
const char *xlsx_sheet_name(const struct xlsx_reader *x);
void xlsx_progress(const struct xlsx_reader *x, uint64_t *done, uint64_t *total);

#endif
