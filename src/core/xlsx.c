/*
 * xlsx.c - streaming one worksheet of an XLSX workbook, a row per call.
 *
 * The sheet part is inflated 64 KiB at a time and fed to expat.  The handler
 * that sees </row> suspends the parser (XML_StopParser, resumable), so one row
 * is handed out while the rest of the chunk waits: memory does not grow with
 * the sheet.  The reader owns the row it hands out: shared strings are slices
 * of the book's string table, every other value is copied into the row's text
 * buffer; both stay valid until the next call.
 *
 * Values come out as Excel users expect to see them (docs/readers.md): text
 * as written, numbers as stored (fractions with float noise rounded to 15
 * significant digits), date cells as YYYY-MM-DD, booleans as TRUE/FALSE,
 * error cells as their code (#N/A).
 */
#include "core/xlsx.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/date.h"
#include "core/xlsx_int.h"

#define MAX_ROW_NUM 100000000L

enum cell_type { CT_NUMBER, CT_SHARED, CT_INLINE, CT_STR, CT_BOOL, CT_ERROR, CT_ISODATE };

struct fld {
    const char *ext; /* a shared string, or NULL: text.p + off */
    size_t off, len;
};

struct xlsx_reader {
    char *name;
    struct xlsx_zip zip;
    struct xlsx_book book;
    struct xlsx_part part;
    struct xml_ctx ctx;
    char *chunk;
    bool suspended, final_fed, done;
    size_t max_record;

    /* where the parser is */
    bool in_data, in_row, in_cell, in_v, in_is, in_t;
    int rph;
    long row, last_row, col, next_col;
    enum cell_type ctype;
    unsigned long style;
    struct buf cell; /* text of the current <v> or inline <t> runs */

    /* the row being assembled */
    struct buf text;
    struct fld *flds;
    size_t nflds, flds_cap, width, row_bytes, header_n;
    struct str *out;
    size_t out_n, out_cap;
    bool row_ready;
    int row_rc;
    struct zq_err row_err;

    int fatal;
    struct zq_err fatal_err;
};

/* "C12" for column index 2 of row 12. */
static void
cell_name(long col, long row, char out[24])
{
    char letters[4];
    int n = 0;

    for (long c = col + 1; c > 0 && n < 3; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    for (int i = 0; i < n; i++)
        out[i] = letters[n - 1 - i];
    snprintf(out + n, 24 - (size_t)n, "%ld", row);
}

static void where_msg(struct xlsx_reader *x, struct zq_err *e, int code, bool cell, const char *fmt,
                      va_list ap) ZQ_PRINTF(5, 0);

static void
where_msg(struct xlsx_reader *x, struct zq_err *e, int code, bool cell, const char *fmt, va_list ap)
{
    char why[400], ref[24];

    vsnprintf(why, sizeof(why), fmt, ap);
    zq_err_clear(e);
    if (cell) {
        cell_name(x->col, x->row, ref);
        zq_err_set(e, code, "文件 %s 第 %ld 行 %s 单元格：%s", x->name, x->row, ref, why);
    } else if (x->row > 0) {
        zq_err_set(e, code, "文件 %s 第 %ld 行：%s", x->name, x->row, why);
    } else {
        zq_err_set(e, code, "文件 %s 的工作表：%s", x->name, why);
    }
    zq_err_where(e, x->name, x->row, cell ? x->col + 1 : 0);
}

/* The sheet cannot be read further: stop the parser. */
static void sheet_fatal(struct xlsx_reader *x, int code, bool cell, const char *fmt, ...)
    ZQ_PRINTF(4, 5);

static void
sheet_fatal(struct xlsx_reader *x, int code, bool cell, const char *fmt, ...)
{
    va_list ap;

    if (x->ctx.rc != 0)
        return;
    va_start(ap, fmt);
    where_msg(x, &x->ctx.err, code, cell, fmt, ap);
    va_end(ap);
    x->ctx.rc = code;
    XML_StopParser(x->ctx.p, XML_FALSE);
}

/* This cell's value is bad: the row is reported instead of delivered. */
static int cell_error(struct xlsx_reader *x, const char *fmt, ...) ZQ_PRINTF(2, 3);

static int
cell_error(struct xlsx_reader *x, const char *fmt, ...)
{
    va_list ap;

    if (x->row_rc == 0) {
        va_start(ap, fmt);
        where_msg(x, &x->row_err, ZQ_EINVAL, true, fmt, ap);
        va_end(ap);
        x->row_rc = ZQ_EINVAL;
    }
    return ZQ_EINVAL;
}

static bool
parse_long(const char *s, long max, long *out)
{
    long v = 0;

    if (*s == '\0')
        return false;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9' || v > max / 10)
            return false;
        v = v * 10 + (*s - '0');
    }
    if (v > max)
        return false;
    *out = v;
    return true;
}

/* Column index of a reference like "C5" (0-based), up to XFD. */
static bool
parse_ref(const char *s, long *col)
{
    long c = 0, row;
    int n = 0;

    for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++, n++) {
        if (n == 3)
            return false;
        c = c * 26 + ((*s | 0x20) - 'a' + 1);
    }
    if (n == 0 || c > TBL_MAX_COLUMNS || !parse_long(s, MAX_ROW_NUM, &row))
        return false;
    *col = c - 1;
    return true;
}

static void
row_begin(struct xlsx_reader *x, const char **atts)
{
    const char *r = xml_attr(atts, "r");
    long n = x->last_row + 1;

    if (x->in_row) {
        sheet_fatal(x, ZQ_ESYNTAX, false, "行元素嵌套，工作表已损坏");
        return;
    }
    if (r != NULL && !parse_long(r, MAX_ROW_NUM, &n)) {
        sheet_fatal(x, ZQ_ESYNTAX, false, "行号“%.20s”无效", r);
        return;
    }
    x->row = n;
    if (n <= x->last_row || n < 1) {
        sheet_fatal(x, ZQ_ESYNTAX, false, "行号不是递增的（上一行是第 %ld 行）", x->last_row);
        return;
    }
    x->last_row = n;
    x->in_row = true;
    x->nflds = x->width = x->row_bytes = 0;
    x->next_col = 0;
    x->row_rc = 0;
    buf_reset(&x->text);
}

static enum cell_type
cell_type_of(const char *t)
{
    if (t == NULL || strcmp(t, "n") == 0)
        return CT_NUMBER;
    if (strcmp(t, "s") == 0)
        return CT_SHARED;
    if (strcmp(t, "inlineStr") == 0)
        return CT_INLINE;
    if (strcmp(t, "b") == 0)
        return CT_BOOL;
    if (strcmp(t, "e") == 0)
        return CT_ERROR;
    if (strcmp(t, "d") == 0)
        return CT_ISODATE;
    return CT_STR; /* "str" (a formula's text) and anything unknown: as written */
}

static void
cell_begin(struct xlsx_reader *x, const char **atts)
{
    const char *r = xml_attr(atts, "r"), *s = xml_attr(atts, "s");
    long col = x->next_col, style = 0;

    if (!x->in_row || x->in_cell) {
        sheet_fatal(x, ZQ_ESYNTAX, false, "单元格不在行内，工作表已损坏");
        return;
    }
    x->col = col;
    if (r != NULL && !parse_ref(r, &col)) {
        sheet_fatal(x, ZQ_ESYNTAX, false, "单元格位置“%.20s”无效", r);
        return;
    }
    x->col = col;
    if (col < x->next_col) {
        sheet_fatal(x, ZQ_ESYNTAX, true, "单元格不是按列递增排列的，工作表已损坏");
        return;
    }
    if (col >= TBL_MAX_COLUMNS) {
        sheet_fatal(x, ZQ_ETOOBIG, false, "超过 %d 列的上限", TBL_MAX_COLUMNS);
        return;
    }
    if (s == NULL || !parse_long(s, 1L << 30, &style))
        style = 0;
    x->style = (unsigned long)style;
    x->ctype = cell_type_of(xml_attr(atts, "t"));
    x->in_cell = true;
    x->in_v = x->in_is = x->in_t = false;
    x->rph = 0;
    buf_reset(&x->cell);
}

static int
put_text(struct xlsx_reader *x, const char *p, size_t n, struct fld *f)
{
    f->ext = NULL;
    f->off = x->text.len;
    f->len = n;
    if (buf_append(&x->text, p, n) < 0) {
        sheet_fatal(x, ZQ_ETOOBIG, false, "该行内容超过 %zu 字节的上限", x->max_record);
        return ZQ_ETOOBIG;
    }
    return 0;
}

static int
shared_value(struct xlsx_reader *x, struct str v, struct fld *f)
{
    char tmp[16];
    long i;

    snprintf(tmp, sizeof(tmp), "%.*s", (int)(v.len < 15 ? v.len : 15), v.p);
    if (v.len >= 15 || !parse_long(tmp, 1L << 30, &i) || (size_t)i >= x->book.nsst)
        return cell_error(x, "共享字符串编号“%s”无效，文件已损坏", tmp);
    f->ext = x->book.sst.p + x->book.sst_ent[i].off;
    f->off = 0;
    f->len = x->book.sst_ent[i].len;
    return 0;
}

/*
 * Excel stores the shortest text that reads back as the same double, so a
 * computed 1234.56 may be stored as "1234.5600000000001"; Excel itself shows
 * and exports 15 significant digits.  A number with a fraction, more than 15
 * significant digits and fewer than 15 before the point is rounded to 15
 * significant digits and loses its trailing zeros.  Returns the length
 * written to out (n + 2 bytes), or 0 to keep s[0, n) as written.
 */
static size_t
number_norm(const char *s, size_t n, char *out)
{
    size_t i = s[0] == '-', ip, total, fz, cut, o = 0, start, end;
    char *d;

    for (ip = i; ip < n && s[ip] >= '0' && s[ip] <= '9'; ip++)
        ;
    if (ip == i || ip + 1 >= n || s[ip] != '.')
        return 0;
    for (size_t k = ip + 1; k < n; k++)
        if (s[k] < '0' || s[k] > '9')
            return 0;
    total = n - i - 1; /* digits */
    ip -= i;           /* digits before the point */
    d = zq_malloc(total + 1);
    d[0] = '0'; /* room for a carry */
    memcpy(d + 1, s + i, ip);
    memcpy(d + 1 + ip, s + i + ip + 1, total - ip);
    for (fz = 1; fz <= total && d[fz] == '0'; fz++)
        ;
    cut = fz + 15;
    if (cut > total || cut <= ip + 1) {
        zq_free(d);
        return 0;
    }
    if (d[cut] >= '5') {
        size_t k = cut - 1;
        for (; d[k] == '9'; k--)
            d[k] = '0';
        d[k]++;
    }
    for (end = cut; end > ip + 1 && d[end - 1] == '0'; end--)
        ;
    start = d[0] == '0' ? 1 : 0;
    if (i == 1)
        out[o++] = '-';
    memcpy(out + o, d + start, ip + 1 - start);
    o += ip + 1 - start;
    if (end > ip + 1) {
        out[o++] = '.';
        memcpy(out + o, d + ip + 1, end - ip - 1);
        o += end - ip - 1;
    }
    zq_free(d);
    return o;
}

static int
number_value(struct xlsx_reader *x, struct str v, struct fld *f)
{
    char small[64], *out = v.len + 2 <= sizeof(small) ? small : zq_malloc(v.len + 2);
    size_t n = v.len > 16 ? number_norm(v.p, v.len, out) : 0;
    int rc = n > 0 ? put_text(x, out, n, f) : put_text(x, v.p, v.len, f);

    if (out != small)
        zq_free(out);
    return rc;
}

/* A number in a cell whose format shows a date or time. */
static int
date_value(struct xlsx_reader *x, struct str v, enum xlsx_kind kind, struct fld *f)
{
    uint64_t frac = 0, scale = 1;
    long days = 0, secs;
    size_t i = 0;
    char out[48], ds[DATE_STR_LEN];
    int n;

    for (; i < v.len && v.p[i] >= '0' && v.p[i] <= '9'; i++) {
        if (days > 100000000L)
            break;
        days = days * 10 + (v.p[i] - '0');
    }
    if (i == 0)
        goto bad;
    if (i < v.len && v.p[i] == '.')
        for (i++; i < v.len && v.p[i] >= '0' && v.p[i] <= '9'; i++)
            if (scale < 1000000000000ULL) {
                frac = frac * 10 + (uint64_t)(v.p[i] - '0');
                scale *= 10;
            }
    if (i != v.len)
        goto bad;
    secs = (long)((frac * 86400 + scale / 2) / scale);
    if (secs >= 86400) {
        days++;
        secs -= 86400;
    }
    if (kind == XK_TIME || days == 0) {
        n = snprintf(out, sizeof(out), "%02ld:%02ld:%02ld", days * 24 + secs / 3600, secs / 60 % 60,
                     secs % 60);
    } else {
        struct zq_err e;
        zq_date d;

        if (date_from_excel_serial((double)(days + (x->book.date1904 ? 1462 : 0)), &d, &e) < 0)
            return cell_error(x, "%s", e.msg);
        date_format(d, ds);
        if (kind == XK_MONTH)
            n = snprintf(out, sizeof(out), "%.7s", ds);
        else if (kind == XK_DATETIME && secs != 0)
            n = snprintf(out, sizeof(out), "%s %02ld:%02ld:%02ld", ds, secs / 3600, secs / 60 % 60,
                         secs % 60);
        else
            n = snprintf(out, sizeof(out), "%s", ds);
    }
    return put_text(x, out, (size_t)n, f);
bad:
    return cell_error(x, "日期格式单元格的值“%.*s”不是日期序号", (int)(v.len < 40 ? v.len : 40),
                      v.p);
}

/* t="d": an ISO 8601 date-time, as some programs write. */
static int
iso_value(struct xlsx_reader *x, struct str v, struct fld *f)
{
    char out[24];
    size_t n = 10, t = 0;
    zq_date d;

    if (v.len < 10 || date_parse((struct str){ v.p, 10 }, &d, NULL) < 0)
        return cell_error(x, "日期“%.*s”无效", (int)(v.len < 40 ? v.len : 40), v.p);
    date_format(d, out);
    if (v.len > 11 && v.p[10] == 'T') {
        bool zero = true;

        out[n++] = ' ';
        for (t = 11; t < v.len && t < 19 && strchr("0123456789:", v.p[t]) != NULL; t++) {
            zero = zero && (v.p[t] == '0' || v.p[t] == ':');
            out[n++] = v.p[t];
        }
        if (zero)
            n = 10;
    }
    return put_text(x, out, n, f);
}

static int
cell_value(struct xlsx_reader *x, struct fld *f)
{
    struct str v = { x->cell.p != NULL ? x->cell.p : "", x->cell.len };
    enum xlsx_kind kind;

    switch (x->ctype) {
    case CT_SHARED:
        return shared_value(x, v, f);
    case CT_INLINE:
    case CT_STR:
        if (x->cell.p != NULL)
            v.len = xlsx_unescape(x->cell.p, x->cell.len);
        return put_text(x, v.p, v.len, f);
    case CT_ERROR:
        return put_text(x, v.p, v.len, f);
    case CT_BOOL:
        if (v.len == 0)
            return put_text(x, "", 0, f);
        if (str_eq_cstr(v, "1") || str_eq_cstr(v, "0"))
            return v.p[0] == '1' ? put_text(x, "TRUE", 4, f) : put_text(x, "FALSE", 5, f);
        return cell_error(x, "逻辑值“%.*s”无效", (int)(v.len < 40 ? v.len : 40), v.p);
    case CT_ISODATE:
        return v.len == 0 ? put_text(x, "", 0, f) : iso_value(x, v, f);
    case CT_NUMBER:
        break;
    }
    v = str_trim(v);
    if (v.len == 0)
        return put_text(x, "", 0, f);
    kind = x->style < x->book.nxf ? (enum xlsx_kind)x->book.xf_kind[x->style] : XK_NUMBER;
    return kind != XK_NUMBER ? date_value(x, v, kind, f) : number_value(x, v, f);
}

static void
cell_end(struct xlsx_reader *x)
{
    struct fld f = { 0 };
    size_t col = (size_t)x->col;

    if (!x->in_cell)
        return;
    x->in_cell = false;
    if (cell_value(x, &f) < 0)
        return;
    x->row_bytes += f.len;
    if (x->row_bytes > x->max_record) {
        sheet_fatal(x, ZQ_ETOOBIG, false, "该行内容超过 %zu 字节的上限", x->max_record);
        return;
    }
    x->flds = zq_grow(x->flds, sizeof(*x->flds), col + 1, &x->flds_cap);
    for (size_t i = x->nflds; i < col; i++)
        x->flds[i] = (struct fld){ 0 };
    x->flds[col] = f;
    x->nflds = col + 1;
    x->next_col = x->col + 1;
    if (f.len > 0)
        x->width = col + 1;
}

/* A row is complete: hand it out (or its error) by suspending the parser. */
static void
row_end(struct xlsx_reader *x)
{
    size_t n = x->width;

    if (!x->in_row)
        return;
    x->in_row = false;
    if (x->row_rc != 0) {
        XML_StopParser(x->ctx.p, XML_TRUE);
        return;
    }
    if (n == 0)
        return; /* blank row */
    if (x->header_n == 0)
        x->header_n = n;
    if (n < x->header_n)
        n = x->header_n; /* as Excel's CSV export: empty cells up to the header's width */
    x->out = zq_grow(x->out, sizeof(*x->out), n, &x->out_cap);
    for (size_t i = 0; i < n; i++) {
        const struct fld *f = i < x->nflds ? &x->flds[i] : NULL;

        if (f == NULL || f->len == 0)
            x->out[i] = (struct str){ "", 0 };
        else
            x->out[i] = (struct str){ f->ext != NULL ? f->ext : x->text.p + f->off, f->len };
    }
    x->out_n = n;
    x->row_ready = true;
    XML_StopParser(x->ctx.p, XML_TRUE);
}

static void
sheet_start(struct xml_ctx *c, const char *name, const char **atts)
{
    struct xlsx_reader *x = c->user;

    if (!x->in_data)
        x->in_data = strcmp(name, "sheetData") == 0;
    else if (strcmp(name, "row") == 0)
        row_begin(x, atts);
    else if (strcmp(name, "c") == 0)
        cell_begin(x, atts);
    else if (!x->in_cell)
        return;
    else if (strcmp(name, "v") == 0)
        x->in_v = true;
    else if (strcmp(name, "is") == 0)
        x->in_is = true;
    else if (strcmp(name, "rPh") == 0)
        x->rph++;
    else if (strcmp(name, "t") == 0 && x->in_is && x->rph == 0)
        x->in_t = true;
}

static void
sheet_end(struct xml_ctx *c, const char *name)
{
    struct xlsx_reader *x = c->user;

    if (!x->in_data)
        return;
    if (strcmp(name, "v") == 0) {
        x->in_v = false;
    } else if (strcmp(name, "t") == 0) {
        x->in_t = false;
    } else if (strcmp(name, "is") == 0) {
        x->in_is = false;
    } else if (strcmp(name, "rPh") == 0) {
        x->rph -= x->rph > 0;
    } else if (strcmp(name, "c") == 0) {
        cell_end(x);
    } else if (strcmp(name, "row") == 0) {
        row_end(x);
    } else if (strcmp(name, "sheetData") == 0) {
        x->in_data = false;
        x->done = true;
        XML_StopParser(c->p, XML_FALSE);
    }
}

static void
sheet_text(struct xml_ctx *c, const char *s, int len)
{
    struct xlsx_reader *x = c->user;

    if ((x->in_v || x->in_t) && buf_append(&x->cell, s, (size_t)len) < 0)
        sheet_fatal(x, ZQ_ETOOBIG, true, "单元格内容超过 %zu 字节的上限", x->max_record);
}

static int
set_fatal(struct xlsx_reader *x, int rc, const struct zq_err *e, struct zq_err *err)
{
    x->fatal = rc;
    x->fatal_err = *e;
    if (err != NULL)
        *err = *e;
    return rc;
}

/* The sheet's rows are done: read what remains of the part so that its
 * checksum is verified, then close it. */
static int
finish(struct xlsx_reader *x, struct zq_err *err)
{
    struct zq_err e;
    size_t got = 1;

    zq_err_clear(&e);
    while (x->part.open && got > 0)
        if (xlsx_part_read(&x->part, x->chunk, XLSX_CHUNK, &got, &e) < 0)
            return set_fatal(x, e.code, &e, err);
    if (xlsx_part_close(&x->part, &e) < 0)
        return set_fatal(x, e.code, &e, err);
    return 0;
}

static int
parse_error(struct xlsx_reader *x, struct zq_err *err)
{
    struct zq_err e;

    if (x->ctx.rc != 0)
        return set_fatal(x, x->ctx.rc, &x->ctx.err, err);
    zq_err_clear(&e);
    zq_err_set(&e, ZQ_ESYNTAX,
               "文件 %s 的工作表不是有效的 XML（读到第 %ld 行时；XML 第 %lu 行第 %lu 列：%s）",
               x->name, x->last_row, (unsigned long)XML_GetCurrentLineNumber(x->ctx.p),
               (unsigned long)XML_GetCurrentColumnNumber(x->ctx.p),
               XML_ErrorString(XML_GetErrorCode(x->ctx.p)));
    zq_err_where(&e, x->name, x->last_row, 0);
    return set_fatal(x, ZQ_ESYNTAX, &e, err);
}

int
xlsx_next(struct xlsx_reader *x, struct tbl_row *row, struct zq_err *err)
{
    if (x->fatal != 0) {
        if (err != NULL)
            *err = x->fatal_err;
        return x->fatal;
    }
    for (;;) {
        enum XML_Status st;

        x->row_ready = false;
        x->row_rc = 0;
        if (x->done)
            return finish(x, err);
        if (x->suspended) {
            x->suspended = false;
            st = XML_ResumeParser(x->ctx.p);
        } else if (x->final_fed) {
            x->done = true;
            continue;
        } else {
            struct zq_err e;
            size_t got;

            zq_err_clear(&e);
            if (xlsx_part_read(&x->part, x->chunk, XLSX_CHUNK, &got, &e) < 0)
                return set_fatal(x, e.code, &e, err);
            x->final_fed = got == 0;
            st = XML_Parse(x->ctx.p, x->chunk, (int)got, got == 0);
            if (st != XML_STATUS_ERROR && xml_fed(&x->ctx, got, &e) < 0)
                return set_fatal(x, e.code, &e, err);
        }
        if (st == XML_STATUS_SUSPENDED) {
            x->suspended = true;
            if (x->row_ready) {
                row->n = x->out_n;
                row->f = x->out;
                row->line = x->row;
                return 1;
            }
            if (x->row_rc != 0) {
                if (err != NULL)
                    *err = x->row_err;
                return x->row_rc;
            }
        } else if (st == XML_STATUS_ERROR && !(x->done && x->ctx.rc == 0)) {
            return parse_error(x, err);
        }
    }
}

int
xlsx_open(const struct xlsx_src *src, const char *name, const struct tbl_opts *o,
          struct xlsx_reader **out, struct zq_err *err)
{
    struct xlsx_reader *x = zq_calloc(1, sizeof(*x));
    bool found;
    int rc;

    *out = NULL;
    x->name = zq_strdup(name != NULL ? name : "");
    x->zip.src = *src;
    x->zip.name = x->name;
    x->zip.max_part = o != NULL && o->max_part != 0 ? o->max_part : TBL_MAX_PART;
    x->max_record = o != NULL && o->max_record != 0 ? o->max_record : TBL_MAX_RECORD;
    buf_init(&x->cell, x->max_record);
    buf_init(&x->text, x->max_record);
    rc = xlsx_zip_open(&x->zip, err);
    if (rc < 0)
        goto fail;
    rc = xlsx_book_load(&x->zip, o, &x->book, err);
    if (rc < 0)
        goto fail;
    rc = xlsx_part_open(&x->zip, x->book.sheet_path, &x->part, &found, err);
    if (rc == 0 && !found) {
        rc = zq_err_set(err, ZQ_ESYNTAX, "文件 %s 不是有效的 Excel 工作簿：找不到工作表 %s",
                        x->name, x->book.sheet_path);
        zq_err_where(err, x->name, 0, 0);
    }
    if (rc < 0)
        goto fail;
    xml_ctx_init(&x->ctx, x->name, x->book.sheet_path, x);
    x->ctx.start = sheet_start;
    x->ctx.end = sheet_end;
    x->ctx.text = sheet_text;
    x->chunk = zq_malloc(XLSX_CHUNK);
    *out = x;
    return 0;
fail:
    xlsx_close(x);
    return rc;
}

void
xlsx_close(struct xlsx_reader *x)
{
    if (x == NULL)
        return;
    if (x->part.open)
        (void)unzCloseCurrentFile(x->zip.uf);
    xml_ctx_fini(&x->ctx);
    xlsx_book_fini(&x->book);
    xlsx_zip_close(&x->zip);
    buf_fini(&x->cell);
    buf_fini(&x->text);
    zq_free(x->flds);
    zq_free(x->out);
    zq_free(x->chunk);
    zq_free(x->name);
    zq_free(x);
}

const char *
xlsx_sheet_name(const struct xlsx_reader *x)
{
    return x->book.sheet_name;
}

void
xlsx_progress(const struct xlsx_reader *x, uint64_t *done, uint64_t *total)
{
    *done = x->part.read;
    *total = x->part.size;
}
