/*
 * xlsx.h - a small writer of formatted XLSX workbooks over libxlsxwriter
 * (reports and any other export): a sheet starts with a title block and a
 * bold, shaded header row, frozen below it; cells are text, integers, money
 * or ratios.  Money arrives as int64 fen and becomes a number of yuan with
 * the format '#,##0.00' only at the cell: fen / 100 as a double is exact to
 * the cent for any |fen| < 2^53 (the spreadsheet shows the value rounded to
 * two decimals, which is the decimal-yuan string our own code prints).
 */
#ifndef ZQ_EXPORT_XLSX_H
#define ZQ_EXPORT_XLSX_H

#include <stdint.h>

#include "core/err.h"

struct xw_book;
struct xw_sheet;

enum xw_type { XW_TEXT, XW_INT, XW_YUAN, XW_PCT, XW_NUM };

struct xw_col {
    const char *title;
    double width; /* characters */
    enum xw_type type;
};

/* Create path.  *out owned by the caller: xw_close (which writes the file). */
int xw_open(const char *path, struct xw_book **out, struct zq_err *err) ZQ_WUR;
/* A new sheet: `title` in row 1 (merged across the columns, large, bold),
 * `sub` (may be NULL) in row 2, the header in row 3 (or 4 when there is a
 * group row: groups[ncols] names, equal neighbours merged; NULL none).
 * Returns the sheet, owned by the book; rows are then added from 0. */
struct xw_sheet *xw_sheet(struct xw_book *b, const char *name, const char *title, const char *sub,
                          const struct xw_col *cols, int ncols, const char *const *groups);
/* Cell of data row `row` (0-based under the header); bold for totals. */
void xw_text(struct xw_sheet *s, int row, int col, const char *v, int bold);
void xw_int(struct xw_sheet *s, int row, int col, int64_t v, int bold);
void xw_fen(struct xw_sheet *s, int row, int col, int64_t fen, int bold);
void xw_ratio(struct xw_sheet *s, int row, int col, double v, int bold); /* 0..1 as % */
void xw_num(struct xw_sheet *s, int row, int col, double v, int bold);   /* two decimals */
/* A note line after the data rows (row is a data row index). */
void xw_note(struct xw_sheet *s, int row, const char *text);
/* Write and free; b may be NULL. */
int xw_close(struct xw_book *b, struct zq_err *err) ZQ_WUR;

#endif
