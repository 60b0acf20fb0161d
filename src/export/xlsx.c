/*
 * xlsx.c - the formatted XLSX writer (see xlsx.h).  The book owns its
 * formats and sheets; xw_close() writes the file and frees everything.
 */
#include "export/xlsx.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/alloc.h"

#define MAX_SHEETS 16

struct xw_sheet {
    struct xw_book *b;
    lxw_worksheet *ws;
    int first; /* worksheet row of data row 0 */
    int ncols;
    const struct xw_col *cols;
};

struct xw_book {
    lxw_workbook *wb;
    lxw_format *title, *sub, *head, *note;
    lxw_format *cell[2][5]; /* [bold][enum xw_type] */
    struct xw_sheet sheets[MAX_SHEETS];
    int nsheets;
};

static lxw_format *
fmt(lxw_workbook *wb, int bold, const char *num, int align)
{
    lxw_format *f = workbook_add_format(wb);

    format_set_font_name(f, "宋体");
    format_set_font_size(f, 10);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, (uint8_t)align);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (bold) {
        format_set_bold(f);
        format_set_bg_color(f, 0xF2F2F2);
    }
    if (num != NULL)
        format_set_num_format(f, num);
    return f;
}

int
xw_open(const char *path, struct xw_book **out, struct zq_err *err)
{
    struct xw_book *b;
    lxw_workbook *wb = workbook_new(path);

    *out = NULL;
    if (wb == NULL)
        return zq_err_set(err, ZQ_EIO, "无法创建文件 %s", path);
    b = zq_calloc(1, sizeof *b);
    b->wb = wb;
    b->title = workbook_add_format(wb);
    format_set_font_name(b->title, "黑体");
    format_set_font_size(b->title, 16);
    format_set_bold(b->title);
    format_set_align(b->title, LXW_ALIGN_CENTER);
    format_set_align(b->title, LXW_ALIGN_VERTICAL_CENTER);
    b->sub = workbook_add_format(wb);
    format_set_font_name(b->sub, "宋体");
    format_set_font_size(b->sub, 10);
    b->note = b->sub;
    b->head = workbook_add_format(wb);
    format_set_font_name(b->head, "黑体");
    format_set_font_size(b->head, 10);
    format_set_bold(b->head);
    format_set_text_wrap(b->head);
    format_set_border(b->head, LXW_BORDER_THIN);
    format_set_align(b->head, LXW_ALIGN_CENTER);
    format_set_align(b->head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(b->head, 0xDDEBF7);
    for (int bold = 0; bold < 2; bold++) {
        b->cell[bold][XW_TEXT] = fmt(wb, bold, NULL, LXW_ALIGN_LEFT);
        b->cell[bold][XW_INT] = fmt(wb, bold, "#,##0", LXW_ALIGN_RIGHT);
        b->cell[bold][XW_YUAN] = fmt(wb, bold, "#,##0.00", LXW_ALIGN_RIGHT);
        b->cell[bold][XW_PCT] = fmt(wb, bold, "0.0%", LXW_ALIGN_RIGHT);
        b->cell[bold][XW_NUM] = fmt(wb, bold, "0.00", LXW_ALIGN_RIGHT);
    }
    *out = b;
    return 0;
}

struct xw_sheet *
xw_sheet(struct xw_book *b, const char *name, const char *title, const char *sub,
         const struct xw_col *cols, int ncols, const char *const *groups)
{
    struct xw_sheet *s;
    int row = 0;

    if (b->nsheets == MAX_SHEETS || ncols < 1)
        return NULL;
    s = &b->sheets[b->nsheets++];
    s->b = b;
    s->ws = workbook_add_worksheet(b->wb, name);
    s->ncols = ncols;
    s->cols = cols;
    worksheet_set_landscape(s->ws);
    worksheet_set_paper(s->ws, 9); /* A4 */
    worksheet_fit_to_pages(s->ws, 1, 0);
    worksheet_set_row(s->ws, 0, 30, NULL);
    if (ncols > 1)
        worksheet_merge_range(s->ws, 0, 0, 0, (lxw_col_t)(ncols - 1), title, b->title);
    else
        worksheet_write_string(s->ws, 0, 0, title, b->title);
    row = 1;
    if (sub != NULL) {
        worksheet_write_string(s->ws, 1, 0, sub, b->sub);
        row = 2;
    }
    if (groups != NULL) {
        for (int c = 0; c < ncols;) {
            int e = c;
            while (e + 1 < ncols && strcmp(groups[e + 1], groups[c]) == 0)
                e++;
            if (e > c)
                worksheet_merge_range(s->ws, (lxw_row_t)row, (lxw_col_t)c, (lxw_row_t)row,
                                      (lxw_col_t)e, groups[c], b->head);
            else
                worksheet_write_string(s->ws, (lxw_row_t)row, (lxw_col_t)c, groups[c], b->head);
            c = e + 1;
        }
        row++;
    }
    worksheet_set_row(s->ws, (lxw_row_t)row, 32, NULL);
    for (int c = 0; c < ncols; c++) {
        worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width, NULL);
        worksheet_write_string(s->ws, (lxw_row_t)row, (lxw_col_t)c, cols[c].title, b->head);
    }
    s->first = row + 1;
    worksheet_freeze_panes(s->ws, (lxw_row_t)s->first, 2);
    worksheet_repeat_rows(s->ws, 0, (lxw_row_t)row);
    return s;
}

static void
put(struct xw_sheet *s, int row, int col, enum xw_type t, int bold, const char *text, double v)
{
    lxw_format *f;

    if (s == NULL || col < 0 || col >= s->ncols || row < 0)
        return;
    f = s->b->cell[bold ? 1 : 0][t];
    if (text != NULL)
        worksheet_write_string(s->ws, (lxw_row_t)(s->first + row), (lxw_col_t)col, text, f);
    else
        worksheet_write_number(s->ws, (lxw_row_t)(s->first + row), (lxw_col_t)col, v, f);
}

void
xw_text(struct xw_sheet *s, int row, int col, const char *v, int bold)
{
    put(s, row, col, XW_TEXT, bold, v != NULL ? v : "", 0);
}

void
xw_int(struct xw_sheet *s, int row, int col, int64_t v, int bold)
{
    put(s, row, col, XW_INT, bold, NULL, (double)v);
}

void
xw_fen(struct xw_sheet *s, int row, int col, int64_t fen, int bold)
{
    /* The one place fen becomes a floating yuan: exact to the cent below 2^53. */
    put(s, row, col, XW_YUAN, bold, NULL, (double)fen / 100.0);
}

void
xw_ratio(struct xw_sheet *s, int row, int col, double v, int bold)
{
    put(s, row, col, XW_PCT, bold, NULL, v);
}

void
xw_num(struct xw_sheet *s, int row, int col, double v, int bold)
{
    put(s, row, col, XW_NUM, bold, NULL, v);
}

void
xw_note(struct xw_sheet *s, int row, const char *text)
{
    if (s != NULL)
        worksheet_write_string(s->ws, (lxw_row_t)(s->first + row), 0, text, s->b->note);
}

int
xw_close(struct xw_book *b, struct zq_err *err)
{
    lxw_error e;

    if (b == NULL)
        return 0;
    e = workbook_close(b->wb);
    free(b);
    if (e != LXW_NO_ERROR)
        return zq_err_set(err, ZQ_EIO, "写入 XLSX 文件失败：%s", lxw_strerror(e));
    return 0;
}
