/*
 * pdf.h - a small writer of print-ready A4 PDF documents over cairo and
 * pango (Chinese text through fontconfig: Noto Sans CJK SC from Debian's
 * fonts-noto-cjk): a title block (title, issuing unit, date), paragraphs,
 * tables that break across pages with their header repeated, a bar chart
 * with one or two series, a QR code, and "第 N 页" in every page footer.
 * Content flows down the page from a cursor; a block that does not fit
 * starts a new page.
 */
#ifndef ZQ_EXPORT_PDF_H
#define ZQ_EXPORT_PDF_H

#include <stdbool.h>

#include "core/err.h"

struct pdf_doc;

/* Create path (A4, portrait or landscape).  *out owned by the caller:
 * pdf_close (which finishes and writes the file). */
int pdf_open(const char *path, bool landscape, struct pdf_doc **out, struct zq_err *err) ZQ_WUR;
/* The title block: title (large, centred), then `left` and `right` (may be
 * NULL) on one line under it, e.g. the unit and the date. */
void pdf_title(struct pdf_doc *d, const char *title, const char *sub, const char *left,
               const char *right);
/* A heading (bold) or a paragraph (wrapped to the width); size in points. */
void pdf_heading(struct pdf_doc *d, const char *text, double size);
void pdf_text(struct pdf_doc *d, const char *text, double size);
/* Vertical space in points. */
void pdf_space(struct pdf_doc *d, double pt);

/* A table: ncols columns with relative widths (any scale), header texts,
 * right-aligned columns (numbers), and nrows rows of cells[row * ncols + col]
 * (NULL is empty).  Rows listed in bold[] (may be NULL) are totals. */
struct pdf_table {
    int ncols, nrows;
    const double *widths;
    const char *const *head;
    const bool *right;
    const char *const *cells;
    const bool *bold;
    double size; /* font size; 0 = 8 */
};
void pdf_table(struct pdf_doc *d, const struct pdf_table *t);

/* A vertical bar chart, height in points: n categories, one or two series
 * (v2 may be NULL), their names for the legend, and the value axis unit. */
struct pdf_chart {
    const char *title;
    int n;
    const char *const *labels;
    const double *v1, *v2;
    const char *name1, *name2, *unit;
    double height;
};
void pdf_bar_chart(struct pdf_doc *d, const struct pdf_chart *c);

/* A QR code of text (UTF-8, error correction level M), `size` points wide,
 * at the cursor's x offset `x` from the left margin, with a caption below. */
int pdf_qrcode(struct pdf_doc *d, const char *text, double x, double size, const char *caption,
               struct zq_err *err) ZQ_WUR;

/* Page box in points (for callers that lay out by hand). */
double pdf_width(const struct pdf_doc *d); /* between the margins */

/* Finish and free; d may be NULL. */
int pdf_close(struct pdf_doc *d, struct zq_err *err) ZQ_WUR;

#endif
