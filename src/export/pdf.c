/*
 * pdf.c - the A4 PDF writer (see pdf.h).  One cairo PDF surface and one
 * pango layout per document; the cursor `y` runs down the page between the
 * margins.  Fonts come from fontconfig: FONT names the CJK family Debian's
 * fonts-noto-cjk installs, so the output does not depend on the locale.
 */
#include "export/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

#define FONT     "Noto Sans CJK SC"
#define MARGIN   42.0 /* points: about 15 mm */
#define FOOTER   24.0
#define PAD      3.0
#define MAX_COLS 64

struct pdf_doc {
    cairo_surface_t *surf;
    cairo_t *cr;
    PangoLayout *lay;
    double w, h; /* page size */
    double y;    /* cursor */
    int page;
    bool dirty; /* something drawn on the current page */
};

static void
set_font(struct pdf_doc *d, double size, bool bold)
{
    PangoFontDescription *fd = pango_font_description_new();

    pango_font_description_set_family(fd, FONT);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(d->lay, fd);
    pango_font_description_free(fd);
}

/* Lay out text in a box `width` wide (<= 0: no wrapping); returns its height. */
static double
layout(struct pdf_doc *d, const char *text, double size, bool bold, double width,
       PangoAlignment align)
{
    int pw, ph;

    set_font(d, size, bold);
    pango_layout_set_width(d->lay, width > 0 ? (int)(width * PANGO_SCALE) : -1);
    pango_layout_set_wrap(d->lay, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(d->lay, align);
    pango_layout_set_text(d->lay, text != NULL ? text : "", -1);
    pango_layout_get_size(d->lay, &pw, &ph);
    return (double)ph / PANGO_SCALE;
}

static void
draw_at(struct pdf_doc *d, double x, double y)
{
    cairo_move_to(d->cr, x, y);
    pango_cairo_show_layout(d->cr, d->lay);
}

static void
footer(struct pdf_doc *d)
{
    char buf[32];

    snprintf(buf, sizeof buf, "第 %d 页", d->page);
    cairo_set_source_rgb(d->cr, 0.3, 0.3, 0.3);
    layout(d, buf, 8, false, d->w - 2 * MARGIN, PANGO_ALIGN_CENTER);
    draw_at(d, MARGIN, d->h - MARGIN + 6);
    cairo_set_source_rgb(d->cr, 0, 0, 0);
}

static void
new_page(struct pdf_doc *d)
{
    footer(d);
    cairo_show_page(d->cr);
    d->page++;
    d->y = MARGIN;
    d->dirty = false;
}

/* Make room for h points, starting a new page when needed. */
static void
need(struct pdf_doc *d, double h)
{
    if (d->dirty && d->y + h > d->h - MARGIN - FOOTER)
        new_page(d);
    d->dirty = true;
}

int
pdf_open(const char *path, bool landscape, struct pdf_doc **out, struct zq_err *err)
{
    struct pdf_doc *d;
    double w = 595.276, h = 841.89; /* A4 in points */

    *out = NULL;
    d = zq_calloc(1, sizeof *d);
    d->w = landscape ? h : w;
    d->h = landscape ? w : h;
    d->surf = cairo_pdf_surface_create(path, d->w, d->h);
    if (cairo_surface_status(d->surf) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(d->surf);
        free(d);
        return zq_err_set(err, ZQ_EIO, "无法创建文件 %s", path);
    }
    cairo_pdf_surface_set_metadata(d->surf, CAIRO_PDF_METADATA_CREATOR, "zhiqian");
    d->cr = cairo_create(d->surf);
    d->lay = pango_cairo_create_layout(d->cr);
    d->page = 1;
    d->y = MARGIN;
    *out = d;
    return 0;
}

double
pdf_width(const struct pdf_doc *d)
{
    return d->w - 2 * MARGIN;
}

void
pdf_title(struct pdf_doc *d, const char *title, const char *sub, const char *left,
          const char *right)
{
    double w = pdf_width(d), h;

    h = layout(d, title, 18, true, w, PANGO_ALIGN_CENTER);
    need(d, h + 40);
    draw_at(d, MARGIN, d->y);
    d->y += h + 4;
    if (sub != NULL) {
        h = layout(d, sub, 11, false, w, PANGO_ALIGN_CENTER);
        draw_at(d, MARGIN, d->y);
        d->y += h + 6;
    }
    h = 0;
    if (left != NULL) {
        h = layout(d, left, 9, false, w, PANGO_ALIGN_LEFT);
        draw_at(d, MARGIN, d->y);
    }
    if (right != NULL) {
        double h2 = layout(d, right, 9, false, w, PANGO_ALIGN_RIGHT);
        draw_at(d, MARGIN, d->y);
        h = h2 > h ? h2 : h;
    }
    d->y += h + 2;
    cairo_set_line_width(d->cr, 1.2);
    cairo_move_to(d->cr, MARGIN, d->y);
    cairo_line_to(d->cr, d->w - MARGIN, d->y);
    cairo_stroke(d->cr);
    d->y += 8;
}

void
pdf_heading(struct pdf_doc *d, const char *text, double size)
{
    double h = layout(d, text, size, true, pdf_width(d), PANGO_ALIGN_LEFT);

    need(d, h + 60); /* keep a heading with what follows */
    layout(d, text, size, true, pdf_width(d), PANGO_ALIGN_LEFT);
    draw_at(d, MARGIN, d->y);
    d->y += h + 4;
}

void
pdf_text(struct pdf_doc *d, const char *text, double size)
{
    double h = layout(d, text, size, false, pdf_width(d), PANGO_ALIGN_LEFT);

    need(d, h);
    layout(d, text, size, false, pdf_width(d), PANGO_ALIGN_LEFT);
    draw_at(d, MARGIN, d->y);
    d->y += h + 3;
}

void
pdf_space(struct pdf_doc *d, double pt)
{
    d->y += pt;
}

/* One table row: cells at x[c], returns the row height drawn (or measured
 * when draw is false). */
static double
table_row(struct pdf_doc *d, const struct pdf_table *t, const double *x, const double *cw,
          const char *const *cells, bool head, bool bold, bool draw)
{
    double size = t->size > 0 ? t->size : 8, rh = 0;

    for (int c = 0; c < t->ncols; c++) {
        double h =
            layout(d, cells[c], size, head || bold, cw[c] - 2 * PAD,
                   head ? PANGO_ALIGN_CENTER
                        : (t->right != NULL && t->right[c] ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT));
        rh = h > rh ? h : rh;
    }
    rh += 2 * PAD;
    if (!draw)
        return rh;
    if (head || bold) {
        cairo_set_source_rgb(d->cr, head ? 0.87 : 0.95, head ? 0.92 : 0.95, head ? 0.97 : 0.95);
        cairo_rectangle(d->cr, x[0], d->y, x[t->ncols] - x[0], rh);
        cairo_fill(d->cr);
        cairo_set_source_rgb(d->cr, 0, 0, 0);
    }
    for (int c = 0; c < t->ncols; c++) {
        double h =
            layout(d, cells[c], size, head || bold, cw[c] - 2 * PAD,
                   head ? PANGO_ALIGN_CENTER
                        : (t->right != NULL && t->right[c] ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT));
        draw_at(d, x[c] + PAD, d->y + (head ? (rh - h) / 2 : PAD));
    }
    cairo_set_line_width(d->cr, 0.5);
    cairo_rectangle(d->cr, x[0], d->y, x[t->ncols] - x[0], rh);
    for (int c = 1; c < t->ncols; c++) {
        cairo_move_to(d->cr, x[c], d->y);
        cairo_line_to(d->cr, x[c], d->y + rh);
    }
    cairo_stroke(d->cr);
    d->y += rh;
    return rh;
}

void
pdf_table(struct pdf_doc *d, const struct pdf_table *t)
{
    double x[MAX_COLS + 1], cw[MAX_COLS], sum = 0, hh;
    const char *row[MAX_COLS];

    if (t->ncols < 1 || t->ncols > MAX_COLS)
        return;
    for (int c = 0; c < t->ncols; c++)
        sum += t->widths[c] > 0 ? t->widths[c] : 1;
    x[0] = MARGIN;
    for (int c = 0; c < t->ncols; c++) {
        cw[c] = pdf_width(d) * (t->widths[c] > 0 ? t->widths[c] : 1) / sum;
        x[c + 1] = x[c] + cw[c];
    }
    hh = table_row(d, t, x, cw, t->head, true, false, false);
    need(d, hh * 3);
    table_row(d, t, x, cw, t->head, true, false, true);
    for (int r = 0; r < t->nrows; r++) {
        bool bold = t->bold != NULL && t->bold[r];
        double rh;
        for (int c = 0; c < t->ncols; c++)
            row[c] = t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
        rh = table_row(d, t, x, cw, row, false, bold, false);
        if (d->y + rh > d->h - MARGIN - FOOTER) {
            new_page(d);
            d->dirty = true;
            table_row(d, t, x, cw, t->head, true, false, true);
        }
        table_row(d, t, x, cw, row, false, bold, true);
    }
    d->y += 8;
}

/* A round step for an axis reaching max: 1, 2 or 5 times a power of ten. */
static double
nice_step(double max)
{
    double raw = max / 5, p = 1;

    while (p * 10 <= raw)
        p *= 10;
    while (p > raw && p > 1e-9)
        p /= 10;
    if (raw <= p)
        return p;
    if (raw <= 2 * p)
        return 2 * p;
    if (raw <= 5 * p)
        return 5 * p;
    return 10 * p;
}

static void
fmt_axis(double v, char *buf, size_t cap)
{
    if (v == (double)(long long)v)
        snprintf(buf, cap, "%lld", (long long)v);
    else
        snprintf(buf, cap, "%.1f", v);
}

void
pdf_bar_chart(struct pdf_doc *d, const struct pdf_chart *c)
{
    double h = c->height > 0 ? c->height : 200, max = 0, step, top, x0, y0, pw, ph, gw;
    int series = c->v2 != NULL ? 2 : 1;
    char buf[48];

    need(d, h + 30);
    if (c->title != NULL) {
        double th = layout(d, c->title, 10, true, pdf_width(d), PANGO_ALIGN_CENTER);
        draw_at(d, MARGIN, d->y);
        d->y += th + 4;
    }
    for (int i = 0; i < c->n; i++) {
        max = c->v1[i] > max ? c->v1[i] : max;
        if (c->v2 != NULL)
            max = c->v2[i] > max ? c->v2[i] : max;
    }
    if (max <= 0)
        max = 1;
    step = nice_step(max);
    top = step * (double)(long long)((max + step - 1e-9) / step);
    if (top < max)
        top += step;
    x0 = MARGIN + 50;
    pw = pdf_width(d) - 60;
    ph = h - 40;
    y0 = d->y + ph; /* baseline */
    cairo_set_line_width(d->cr, 0.4);
    for (int k = 0; k <= (int)(top / step + 0.5) && k <= 20; k++) {
        double v = step * k, yy = y0 - ph * v / top;
        cairo_set_source_rgb(d->cr, 0.8, 0.8, 0.8);
        cairo_move_to(d->cr, x0, yy);
        cairo_line_to(d->cr, x0 + pw, yy);
        cairo_stroke(d->cr);
        cairo_set_source_rgb(d->cr, 0.2, 0.2, 0.2);
        fmt_axis(v, buf, sizeof buf);
        double lh = layout(d, buf, 7, false, 44, PANGO_ALIGN_RIGHT);
        draw_at(d, x0 - 48, yy - lh / 2);
    }
    if (c->unit != NULL) {
        layout(d, c->unit, 7, false, 60, PANGO_ALIGN_LEFT);
        draw_at(d, x0 - 48, d->y - 14);
    }
    gw = c->n > 0 ? pw / c->n : pw;
    for (int i = 0; i < c->n; i++) {
        double bw = gw * 0.7 / series, bx = x0 + gw * i + gw * 0.15;
        for (int s = 0; s < series; s++) {
            double v = s == 0 ? c->v1[i] : c->v2[i], bh = ph * (v > 0 ? v : 0) / top;
            if (s == 0)
                cairo_set_source_rgb(d->cr, 0.18, 0.42, 0.70);
            else
                cairo_set_source_rgb(d->cr, 0.75, 0.80, 0.86);
            cairo_rectangle(d->cr, bx + bw * s, y0 - bh, bw * 0.92, bh);
            cairo_fill(d->cr);
        }
        cairo_set_source_rgb(d->cr, 0, 0, 0);
        layout(d, c->labels[i], 7, false, gw, PANGO_ALIGN_CENTER);
        draw_at(d, x0 + gw * i, y0 + 3);
    }
    cairo_set_line_width(d->cr, 0.8);
    cairo_move_to(d->cr, x0, y0);
    cairo_line_to(d->cr, x0 + pw, y0);
    cairo_stroke(d->cr);
    /* legend, top right */
    for (int s = 0; s < series; s++) {
        const char *name = s == 0 ? c->name1 : c->name2;
        double lx = x0 + pw - 130 + 70 * s;
        if (name == NULL)
            continue;
        if (s == 0)
            cairo_set_source_rgb(d->cr, 0.18, 0.42, 0.70);
        else
            cairo_set_source_rgb(d->cr, 0.75, 0.80, 0.86);
        cairo_rectangle(d->cr, lx, d->y - 10, 8, 8);
        cairo_fill(d->cr);
        cairo_set_source_rgb(d->cr, 0, 0, 0);
        layout(d, name, 7, false, 60, PANGO_ALIGN_LEFT);
        draw_at(d, lx + 11, d->y - 12);
    }
    d->y += h + 4;
}

int
pdf_qrcode(struct pdf_doc *d, const char *text, double x, double size, const char *caption,
           struct zq_err *err)
{
    QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    double m, x0 = MARGIN + x, y0;

    if (q == NULL)
        return zq_err_set(err, ZQ_EINTERNAL, "无法生成二维码");
    need(d, size + 20);
    y0 = d->y;
    m = size / (q->width + 8); /* a quiet zone of 4 modules each side */
    cairo_set_source_rgb(d->cr, 1, 1, 1);
    cairo_rectangle(d->cr, x0, y0, size, size);
    cairo_fill(d->cr);
    cairo_set_source_rgb(d->cr, 0, 0, 0);
    for (int r = 0; r < q->width; r++)
        for (int c = 0; c < q->width; c++)
            if (q->data[r * q->width + c] & 1)
                cairo_rectangle(d->cr, x0 + (c + 4) * m, y0 + (r + 4) * m, m, m);
    cairo_fill(d->cr);
    QRcode_free(q);
    if (caption != NULL) {
        double h = layout(d, caption, 9, false, size + 60, PANGO_ALIGN_CENTER);
        draw_at(d, x0 - 30, y0 + size + 2);
        d->y = y0 + size + h + 6;
    } else {
        d->y = y0 + size + 4;
    }
    return 0;
}

int
pdf_close(struct pdf_doc *d, struct zq_err *err)
{
    cairo_status_t s;

    if (d == NULL)
        return 0;
    footer(d);
    cairo_show_page(d->cr);
    g_object_unref(d->lay);
    cairo_destroy(d->cr);
    cairo_surface_finish(d->surf);
    s = cairo_surface_status(d->surf);
    cairo_surface_destroy(d->surf);
    free(d);
    if (s != CAIRO_STATUS_SUCCESS)
        return zq_err_set(err, ZQ_EIO, "写入 PDF 文件失败：%s", cairo_status_to_string(s));
    return 0;
}
