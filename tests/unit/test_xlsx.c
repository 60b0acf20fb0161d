/*
 * Unit tests for the XLSX reader behind table.h.  Workbooks are made here:
 * with libxlsxwriter (as Excel users' files look: shared or inline strings,
 * numbers, date formats, several sheets) and by hand with minizip's zip.h
 * (every cell type, escapes, styles, broken and hostile packages).  The same
 * small table as CSV, GB18030 CSV and XLSX must give identical rows.
 */
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>
#include <zlib.h>

#include "core/alloc.h"
#include "core/err.h"
#include "core/str.h"
#include "core/table.h"
#include "core/xlsx_int.h"
#include "t.h"

#define NS      "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS     "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define RELS_NS "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\""
#define REL_T   "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static void
put(struct buf *b, const char *p, size_t n)
{
    if (buf_append(b, p, n) < 0)
        abort();
}

/* Rows as text, as in test_csv.c: "LINE:f1|f2\n", "!code@LINE:COL\n". */
static char *
dump(struct tbl_reader *r)
{
    struct buf b;
    char tmp[64];

    buf_init(&b, 1 << 26);
    put(&b, "", 0);
    for (;;) {
        struct tbl_row row;
        struct zq_err e;
        int rc = tbl_next(r, &row, &e);

        if (rc == 0)
            break;
        if (rc < 0) {
            snprintf(tmp, sizeof(tmp), "!%s@%ld:%ld\n", zq_err_code_name(rc), e.line, e.col);
            put(&b, tmp, strlen(tmp));
            if (rc != ZQ_EINVAL)
                break;
            continue;
        }
        snprintf(tmp, sizeof(tmp), "%ld:", row.line);
        put(&b, tmp, strlen(tmp));
        for (size_t i = 0; i < row.n; i++) {
            T_CHECK(utf8_valid(row.f[i].p, row.f[i].len));
            if (i > 0)
                put(&b, "|", 1);
            for (size_t k = 0; k < row.f[i].len; k++) {
                char c = row.f[i].p[k];
                const char *esc = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '|' ? "\\|" : NULL;
                if (esc != NULL)
                    put(&b, esc, 2);
                else
                    put(&b, &c, 1);
            }
        }
        put(&b, "\n", 1);
    }
    return buf_steal(&b);
}

static char *
slurp(const char *path, size_t *len)
{
    struct buf b;
    char chunk[8192];
    ssize_t n;
    int fd = open(path, O_RDONLY);

    T_CHECK(fd >= 0);
    buf_init(&b, 1 << 28);
    while (fd >= 0 && (n = read(fd, chunk, sizeof(chunk))) > 0)
        put(&b, chunk, (size_t)n);
    if (fd >= 0)
        close(fd);
    *len = b.len;
    return buf_steal(&b);
}

static void
tmp_path(char *path, size_t n)
{
    int fd;

    snprintf(path, n, "/tmp/zq-test-xlsx-XXXXXX");
    fd = mkstemp(path);
    T_CHECK(fd >= 0);
    close(fd);
}

/* Open data in memory and dump it; an open failure gives "!open:code". */
static char *
read_data(const char *data, size_t len, const struct tbl_opts *o)
{
    struct tbl_reader *r;
    struct zq_err e;
    char *out;
    int rc = tbl_open_mem(data, len, "t.xlsx", o, &r, &e);

    if (rc < 0) {
        struct buf b;
        buf_init(&b, 64);
        put(&b, "!open:", 6);
        put(&b, zq_err_code_name(rc), strlen(zq_err_code_name(rc)));
        return buf_steal(&b);
    }
    out = dump(r);
    tbl_close(r);
    return out;
}

static char *
read_path(const char *path, const struct tbl_opts *o)
{
    size_t len;
    char *data = slurp(path, &len), *out = read_data(data, len, o);

    zq_free(data);
    return out;
}

struct part {
    const char *name;
    const char *data;
};

/* A zip of parts; method 0 stores, Z_DEFLATED compresses. */
static void
zip_write(const char *path, const struct part *parts, int method, const char *password)
{
    zipFile zf = zipOpen64(path, 0);

    T_CHECK(zf != NULL);
    for (const struct part *p = parts; p->name != NULL; p++) {
        zip_fileinfo zi;
        size_t len = strlen(p->data);
        uLong crc = crc32(0, (const Bytef *)p->data, (uInt)len);

        memset(&zi, 0, sizeof(zi));
        T_EQ_INT(zipOpenNewFileInZip3_64(zf, p->name, &zi, NULL, 0, NULL, 0, NULL, method,
                                         method != 0 ? Z_DEFAULT_COMPRESSION : 0, 0, -MAX_WBITS, 8,
                                         Z_DEFAULT_STRATEGY, password, crc, 0),
                 ZIP_OK);
        T_EQ_INT(zipWriteInFileInZip(zf, p->data, (unsigned)len), ZIP_OK);
        T_EQ_INT(zipCloseFileInZip(zf), ZIP_OK);
    }
    T_EQ_INT(zipClose(zf, NULL), ZIP_OK);
}

static const char ROOT_RELS[] =
    "<?xml version=\"1.0\"?><Relationships " RELS_NS "><Relationship Id=\"rId1\" Type=\"" REL_T
    "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

static const char WB_RELS[] =
    "<?xml version=\"1.0\"?><Relationships " RELS_NS "><Relationship Id=\"rId1\" Type=\"" REL_T
    "worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" REL_T
    "styles\" Target=\"styles.xml\"/><Relationship Id=\"rId3\" Type=\"" REL_T
    "sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";

static const char SST[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst " NS " count=\"6\" uniqueCount=\"6\">"
    "<si><t>项目编号</t></si>"
    "<si><r><rPr><b/></rPr><t>张</t></r><r><t>三</t></r><rPh sb=\"0\" eb=\"1\"><t>zhang</t></rPh>"
    "</si><si><t>a_x000D_b</t></si><si><t/></si>"
    "<si><t xml:space=\"preserve\">  x y  </t></si><si><t>A&amp;B &lt;c&gt;</t></si></sst>";

static const char STYLES[] =
    "<?xml version=\"1.0\"?><styleSheet " NS "><numFmts count=\"5\">"
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"[h]:mm:ss\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"0.00_);[Red]\\(0.00\\)\"/>"
    "<numFmt numFmtId=\"167\" formatCode=\"yyyy-mm-dd hh:mm\"/>"
    "<numFmt numFmtId=\"168\" formatCode=\"&quot;y&quot;0\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs count=\"11\">"
    "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
    "<xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"17\"/><xf numFmtId=\"168\"/>"
    "<xf numFmtId=\"22\"/><xf numFmtId=\"31\"/><xf numFmtId=\"49\"/></cellXfs></styleSheet>";

/* A workbook of one sheet whose <sheetData> holds rows; wbpr goes into
 * <workbookPr>.  Written to path. */
static void
make_book(const char *path, const char *rows, const char *wbpr, int method)
{
    struct buf sheet, wb;

    buf_init(&sheet, 1 << 26);
    buf_init(&wb, 1 << 16);
    T_EQ_INT(buf_puts(&sheet, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                              "<worksheet " NS " " RNS "><dimension ref=\"A1\"/><sheetData>"),
             0);
    put(&sheet, rows, strlen(rows));
    T_EQ_INT(buf_puts(&sheet, "</sheetData><pageMargins left=\"0.7\"/></worksheet>"), 0);
    T_EQ_INT(buf_printf(&wb,
                        "<?xml version=\"1.0\"?><workbook " NS " " RNS "><workbookPr%s/>"
                        "<sheets><sheet name=\"表1\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
                        "</workbook>",
                        wbpr != NULL ? wbpr : ""),
             0);
    {
        const struct part parts[] = {
            { "[Content_Types].xml", "<Types/>" },
            { "_rels/.rels", ROOT_RELS },
            { "xl/workbook.xml", wb.p },
            { "xl/_rels/workbook.xml.rels", WB_RELS },
            { "xl/styles.xml", STYLES },
            { "xl/sharedStrings.xml", SST },
            { "xl/worksheets/sheet1.xml", sheet.p },
            { 0 },
        };
        zip_write(path, parts, method, NULL);
    }
    buf_fini(&sheet);
    buf_fini(&wb);
}

struct xl_case {
    const char *name;
    const char *rows;
    const char *want;
    const char *wbpr;
    size_t max_record;
};

static const struct xl_case xl_cases[] = {
    { "shared strings",
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c>"
      "<c r=\"D1\" t=\"s\"><v>2</v></c><c r=\"E1\" t=\"s\"><v>4</v></c><c r=\"F1\" t=\"s\">"
      "<v>5</v></c></row>",
      "1:项目编号||张三|a\\rb|  x y  |A&B <c>\n", NULL, 0 },
    { "no r attributes",
      "<row><c t=\"inlineStr\"><is><t>x</t></is></c><c><v>1</v></c></row><row><c><v>2</v></c>"
      "</row>",
      "1:x|1\n2:2|\n", NULL, 0 },
    { "cell types",
      "<row r=\"1\"><c t=\"b\"><v>1</v></c><c t=\"b\"><v>0</v></c><c t=\"e\"><v>#N/A</v></c>"
      "<c t=\"str\"><f>A1</f><v>公式</v></c><c t=\"d\"><v>2026-09-01T00:00:00</v></c>"
      "<c t=\"d\"><v>2026-09-01T08:30:00Z</v></c><c t=\"n\"><v> 42 </v></c>"
      "<c t=\"weird\"><v>v</v></c><c><f>A1</f><v>3</v></c></row>",
      "1:TRUE|FALSE|#N/A|公式|2026-09-01|2026-09-01 08:30:00|42|v|3\n", NULL, 0 },
    { "date formats",
      "<row r=\"1\"><c s=\"1\"><v>46266</v></c><c s=\"2\"><v>46266</v></c><c s=\"3\"><v>1.5</v>"
      "</c><c s=\"4\"><v>12.5</v></c><c s=\"5\"><v>46266.5</v></c><c s=\"5\"><v>46266</v></c>"
      "<c s=\"6\"><v>46266</v></c><c s=\"7\"><v>46266</v></c><c s=\"8\"><v>46266.25</v></c>"
      "<c s=\"9\"><v>46266</v></c><c s=\"1\"><v>46266.75</v></c><c s=\"1\"><v>0.5</v></c>"
      "<c s=\"99\"><v>46266</v></c><c s=\"10\"><v>46266</v></c>"
      "<c s=\"1\"><v>46265.999999999</v></c><c s=\"1\"/></row>",
      "1:2026-09-01|2026-09-01|36:00:00|12.5|2026-09-01 12:00:00|2026-09-01|2026-09|46266|"
      "2026-09-01 06:00:00|2026-09-01|2026-09-01|12:00:00|46266|46266|2026-09-01\n",
      NULL, 0 },
    { "date1904", "<row r=\"1\"><c s=\"1\"><v>44804</v></c></row>", "1:2026-09-01\n",
      " date1904=\"1\"", 0 },
    { "float noise",
      "<row r=\"1\"><c><v>1234.5600000000001</v></c><c><v>0.30000000000000004</v></c>"
      "<c><v>1E-3</v></c><c><v>330282199001011234</v></c><c><v>12.199999999999999</v></c>"
      "<c><v>-99.99999999999999999</v></c><c><v>123456789012345.67</v></c>"
      "<c><v>0.1234567890123456789</v></c><c><v>1234</v></c>"
      "<c><v>0.000012345678901234567</v></c><c><v>-0.5</v></c></row>",
      "1:1234.56|0.3|1E-3|330282199001011234|12.2|-100|123456789012345.67|0.123456789012346|"
      "1234|0.0000123456789012346|-0.5\n",
      NULL, 0 },
    { "escapes and rich inline text",
      "<row r=\"1\"><c t=\"inlineStr\"><is><t>a_x000D_b_x005F_x0041_</t></is></c>"
      "<c t=\"inlineStr\"><is><r><t>富</t></r><r><t>文本</t></r><rPh><t>fu</t></rPh></is></c>"
      "<c t=\"inlineStr\"><is><t>_xD800__x0000_</t></is></c></row>",
      "1:a\\rb_x0041_|富文本|_xD800__x0000_\n", NULL, 0 },
    { "gaps and padding to the header",
      "<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"D1\"><v>2</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>x</t></is></c></row>"
      "<row r=\"4\"><c r=\"F4\"><v>6</v></c></row>",
      "1:|1||2\n3:x|||\n4:|||||6\n", NULL, 0 },
    { "blank rows skipped",
      "<row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c r=\"A2\" s=\"1\"/><c r=\"B2\" t=\"s\">"
      "<v>3</v></c></row><row r=\"3\" spans=\"1:2\"/><row r=\"4\"><c><v>4</v></c></row>",
      "1:1\n4:4\n", NULL, 0 },
    { "bad cells skip their row",
      "<row r=\"1\"><c><v>1</v></c><c><v>2</v></c></row><row r=\"2\"><c t=\"s\"><v>99</v></c>"
      "</row><row r=\"3\"><c r=\"B3\" t=\"b\"><v>2</v></c></row><row r=\"4\"><c r=\"C4\" "
      "s=\"1\"><v>99999999</v></c></row><row r=\"5\"><c s=\"1\"><v>60</v></c></row>"
      "<row r=\"6\"><c s=\"1\"><v>abc</v></c></row><row r=\"7\"><c t=\"s\"><v>-1</v></c>"
      "</row><row r=\"8\"><c t=\"d\"><v>2026-13-01</v></c></row><row r=\"9\"><c><v>9</v>"
      "</c></row>",
      "1:1|2\n!invalid@2:1\n!invalid@3:2\n!invalid@4:3\n!invalid@5:1\n!invalid@6:1\n"
      "!invalid@7:1\n!invalid@8:1\n9:9|\n",
      NULL, 0 },
    { "empty sheet", "", "", NULL, 0 },
    { "rows out of order", "<row r=\"3\"><c><v>1</v></c></row><row r=\"2\"><c><v>2</v></c></row>",
      "3:1\n!syntax@2:0\n", NULL, 0 },
    { "cells out of order", "<row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>",
      "!syntax@1:1\n", NULL, 0 },
    { "column past XFD", "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", "!syntax@1:0\n", NULL,
      0 },
    { "bad cell reference", "<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>", "!syntax@1:0\n", NULL,
      0 },
    { "malformed XML", "<row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c><v>1</v></row>",
      "1:1\n!syntax@2:0\n", NULL, 0 },
    { "too deep",
      "<row r=\"1\"><c><v>1</v></c></row><a><a><a><a><a><a><a><a><a><a><a><a><a>"
      "<a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a>"
      "<a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a>"
      "<a><a><a><a><a><a><a><a><a>",
      "1:1\n!syntax@0:0\n", NULL, 0 },
    { "cell over the cap", "<row r=\"1\"><c t=\"inlineStr\"><is><t>12345678901</t></is></c></row>",
      "!too_large@1:1\n", NULL, 10 },
    { "row over the cap",
      "<row r=\"1\"><c t=\"inlineStr\"><is><t>123456</t></is></c><c t=\"inlineStr\"><is>"
      "<t>123456</t></is></c></row>",
      "!too_large@1:0\n", NULL, 10 },
    { 0 },
};

static void
test_xlsx_cases(void)
{
    char path[64];

    tmp_path(path, sizeof(path));
    for (const struct xl_case *c = xl_cases; c->name != NULL; c++) {
        for (int method = 0; method <= Z_DEFLATED; method += Z_DEFLATED) {
            struct tbl_opts o = { .max_record = c->max_record };
            char *got;

            t_name = c->name;
            make_book(path, c->rows, c->wbpr, method);
            got = read_path(path, &o);
            T_EQ_STR(got, c->want);
            zq_free(got);
        }
    }
    unlink(path);
}

/* A workbook as libxlsxwriter writes it: shared strings, or inline strings in
 * constant-memory mode. */
static void
write_attendance(const char *path, bool constant_memory, bool hide_first)
{
    static char tmpdir[] = "/tmp";
    lxw_workbook_options opts = { .constant_memory = constant_memory, .tmpdir = tmpdir };
    lxw_workbook *wb = workbook_new_opt(path, &opts);
    lxw_worksheet *hidden = hide_first ? workbook_add_worksheet(wb, "隐藏") : NULL;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "考勤");
    lxw_worksheet *other = workbook_add_worksheet(wb, "其他");
    lxw_format *date = workbook_add_format(wb), *dt = workbook_add_format(wb);
    lxw_datetime d1 = { 2026, 9, 1, 0, 0, 0 }, d2 = { 2026, 9, 2, 0, 0, 0 };
    lxw_datetime d3 = { 2026, 9, 3, 8, 30, 0 };
    static const char *const head[] = { "项目编号", "身份证号", "考勤日期", "工时", "备注" };

    format_set_num_format(date, "yyyy-mm-dd");
    format_set_num_format(dt, "yyyy-mm-dd hh:mm:ss");
    if (hidden != NULL) {
        worksheet_write_string(hidden, 0, 0, "不应读取", NULL);
        worksheet_activate(ws);
        worksheet_hide(hidden);
    }
    for (int i = 0; i < 5; i++)
        worksheet_write_string(ws, 0, (lxw_col_t)i, head[i], NULL);
    worksheet_write_string(ws, 1, 0, "P3302822026001", NULL);
    worksheet_write_string(ws, 1, 1, "330282199001011234", NULL);
    worksheet_write_datetime(ws, 1, 2, &d1, date);
    worksheet_write_number(ws, 1, 3, 8, NULL);
    worksheet_write_string(ws, 1, 4, "张三", NULL);
    worksheet_write_string(ws, 2, 0, "P3302822026001", NULL);
    worksheet_write_string(ws, 2, 1, "330282199001011235", NULL);
    worksheet_write_datetime(ws, 2, 2, &d2, date);
    worksheet_write_number(ws, 2, 3, 7.5, NULL);
    worksheet_write_string(ws, 4, 0, "P2", NULL);
    worksheet_write_datetime(ws, 4, 2, &d3, dt);
    worksheet_write_formula_num(ws, 4, 3, "=4+4", NULL, 8);
    worksheet_write_boolean(ws, 4, 4, 1, NULL);
    worksheet_write_string(ws, 5, 4, "备注", NULL);
    worksheet_write_string(other, 0, 0, "不应读取", NULL);
    T_EQ_INT(workbook_close(wb), LXW_NO_ERROR);
}

static const char ATTENDANCE[] = "1:项目编号|身份证号|考勤日期|工时|备注\n"
                                 "2:P3302822026001|330282199001011234|2026-09-01|8|张三\n"
                                 "3:P3302822026001|330282199001011235|2026-09-02|7.5|\n"
                                 "5:P2||2026-09-03 08:30:00|8|TRUE\n"
                                 "6:||||备注\n";

static void
test_xlsx_writer(void)
{
    char path[64];

    tmp_path(path, sizeof(path));
    for (int mode = 0; mode < 4; mode++) {
        struct tbl_reader *r;
        struct zq_err e;
        char *got;

        write_attendance(path, mode & 1, mode & 2);
        T_EQ_INT(tbl_open_path(path, NULL, &r, &e), 0);
        T_EQ_INT(tbl_format(r), TBL_XLSX);
        T_EQ_STR(tbl_encoding(r), "XLSX");
        T_EQ_STR(tbl_sheet_name(r), "考勤");
        got = dump(r);
        T_EQ_STR(got, ATTENDANCE);
        zq_free(got);
        tbl_close(r);
    }
    unlink(path);
}

/* The same table as CSV (UTF-8 with BOM), GB18030 CSV and XLSX. */
static void
test_xlsx_same_as_csv(void)
{
    const char *csv = "\xEF\xBB\xBF项目编号,身份证号,考勤日期,工时\r\n"
                      "P1,330282199001011234,2026-09-01,8\r\n"
                      "P2,\"33028219900101123X\",2026-09-02,7.5\r\n"
                      ",,,\r\n"
                      "P3,,2026-09-03,\r\n"
                      "\"王\"\"五\",\"多\n行\",2026-09-04,1\r\n";
    lxw_datetime days[] = { { 2026, 9, 1, 0, 0, 0 },
                            { 2026, 9, 2, 0, 0, 0 },
                            { 2026, 9, 3, 0, 0, 0 },
                            { 2026, 9, 4, 0, 0, 0 } };
    static const lxw_row_t date_rows[] = { 1, 2, 4, 5 };
    char path[64], *a, *b, *c, *gb, *in = (char *)csv + 3, *out;
    size_t inleft = strlen(csv) - 3, cap = inleft * 2, outleft = cap;
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *f;

    a = read_data(csv, strlen(csv), NULL);
    gb = out = zq_malloc(cap);
    T_CHECK(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
    iconv_close(cd);
    b = read_data(gb, cap - outleft, NULL);

    tmp_path(path, sizeof(path));
    wb = workbook_new(path);
    ws = workbook_add_worksheet(wb, NULL);
    f = workbook_add_format(wb);
    format_set_num_format(f, "yyyy/m/d");
    worksheet_write_string(ws, 0, 0, "项目编号", NULL);
    worksheet_write_string(ws, 0, 1, "身份证号", NULL);
    worksheet_write_string(ws, 0, 2, "考勤日期", NULL);
    worksheet_write_string(ws, 0, 3, "工时", NULL);
    worksheet_write_string(ws, 1, 0, "P1", NULL);
    worksheet_write_string(ws, 1, 1, "330282199001011234", NULL);
    worksheet_write_number(ws, 1, 3, 8, NULL);
    worksheet_write_string(ws, 2, 0, "P2", NULL);
    worksheet_write_string(ws, 2, 1, "33028219900101123X", NULL);
    worksheet_write_number(ws, 2, 3, 7.5, NULL);
    worksheet_write_string(ws, 4, 0, "P3", NULL);
    worksheet_write_string(ws, 5, 0, "王\"五", NULL);
    worksheet_write_string(ws, 5, 1, "多\n行", NULL);
    worksheet_write_number(ws, 5, 3, 1, NULL);
    for (int i = 0; i < 4; i++)
        worksheet_write_datetime(ws, date_rows[i], 2, &days[i], f);
    T_EQ_INT(workbook_close(wb), LXW_NO_ERROR);
    c = read_path(path, NULL);

    T_EQ_STR(a, "1:项目编号|身份证号|考勤日期|工时\n2:P1|330282199001011234|2026-09-01|8\n"
                "3:P2|33028219900101123X|2026-09-02|7.5\n5:P3||2026-09-03|\n"
                "6:王\"五|多\\n行|2026-09-04|1\n");
    T_EQ_STR(b, a);
    T_EQ_STR(c, a);
    zq_free(a);
    zq_free(b);
    zq_free(c);
    zq_free(gb);
    unlink(path);
}

/* Where the parts are comes from the relationships, not from fixed names. */
static void
test_xlsx_package(void)
{
    static const char root[] = "<Relationships " RELS_NS "><Relationship Id=\"r9\" Type=\"" REL_T
                               "officeDocument\" Target=\"/book/wb.xml\"/></Relationships>";
    static const char wb[] =
        "<workbook " NS " " RNS "><sheets><sheet name=\"图表\" sheetId=\"1\" r:id=\"c1\"/>"
        "<sheet name=\"藏\" sheetId=\"2\" state=\"hidden\" r:id=\"s2\"/>"
        "<sheet name=\"数据\" sheetId=\"3\" r:id=\"s3\"/></sheets></workbook>";
    static const char rels[] =
        "<Relationships " RELS_NS "><Relationship Id=\"c1\" Type=\"" REL_T
        "chartsheet\" Target=\"charts/c.xml\"/><Relationship Id=\"s2\" Type=\"" REL_T
        "worksheet\" Target=\"hidden.xml\"/><Relationship Id=\"s3\" Type=\"" REL_T
        "worksheet\" Target=\"./x/../data/s.xml\"/><Relationship Id=\"st\" Type=\"" REL_T
        "styles\" Target=\"/book/st.xml\"/></Relationships>";
    static const char sheet[] = "<worksheet " NS "><sheetData><row r=\"2\"><c s=\"1\"><v>46266</v>"
                                "</c></row></sheetData></worksheet>";
    static const char hidden[] = "<worksheet " NS "><sheetData><row r=\"1\"><c><v>0</v></c></row>"
                                 "</sheetData></worksheet>";
    static const char st[] = "<styleSheet " NS "><cellXfs><xf/><xf numFmtId=\"14\"/></cellXfs>"
                             "</styleSheet>";
    const struct part parts[] = {
        { "_rels/.rels", root },
        { "book/wb.xml", wb },
        { "book/_rels/wb.xml.rels", rels },
        { "book/data/s.xml", sheet },
        { "book/hidden.xml", hidden },
        { "book/st.xml", st },
        { 0 },
    };
    const struct part only_sheet[] = {
        { "xl/worksheets/sheet1.xml", sheet },
        { 0 },
    };
    const struct part no_sheet[] = {
        { "word/document.xml", "<document/>" },
        { 0 },
    };
    char path[64], *got;
    struct tbl_reader *r;
    struct zq_err e;

    tmp_path(path, sizeof(path));
    zip_write(path, parts, Z_DEFLATED, NULL);
    T_EQ_INT(tbl_open_path(path, NULL, &r, &e), 0);
    T_EQ_STR(tbl_sheet_name(r), "数据");
    got = dump(r);
    T_EQ_STR(got, "2:2026-09-01\n");
    zq_free(got);
    tbl_close(r);

    /* no workbook: the conventional first sheet, no styles */
    zip_write(path, only_sheet, 0, NULL);
    got = read_path(path, NULL);
    T_EQ_STR(got, "2:46266\n");
    zq_free(got);

    /* a zip that is no workbook */
    zip_write(path, no_sheet, 0, NULL);
    T_EQ_INT(tbl_open_path(path, NULL, &r, &e), ZQ_ESYNTAX);
    T_CONTAINS(e.msg, "找不到工作表");
    unlink(path);
}

/* Damaged, hostile and oversized packages. */
static void
test_xlsx_broken(void)
{
    const struct part doctype[] = {
        { "xl/workbook.xml", "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><workbook>&a;</workbook>" },
        { 0 },
    };
    const struct part plain[] = {
        { "xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>" },
        { 0 },
    };
    char path[64], *got, *data, *hit;
    size_t len;

    tmp_path(path, sizeof(path));
    got = read_data("PK\3\4 this is not a zip", 23, NULL);
    T_EQ_STR(got, "!open:syntax");
    zq_free(got);

    zip_write(path, doctype, Z_DEFLATED, NULL);
    got = read_path(path, NULL);
    T_EQ_STR(got, "!open:syntax");
    zq_free(got);

    zip_write(path, plain, Z_DEFLATED, "secret");
    got = read_path(path, NULL);
    T_EQ_STR(got, "!open:invalid");
    zq_free(got);

    /* truncated file: the zip directory is at the end */
    make_book(path, "<row r=\"1\"><c><v>1</v></c></row>", NULL, Z_DEFLATED);
    data = slurp(path, &len);
    got = read_data(data, len / 2, NULL);
    T_EQ_STR(got, "!open:syntax");
    zq_free(got);
    zq_free(data);

    /* a stored sheet altered after its checksum: rows, then the error */
    make_book(path, "<row r=\"1\"><c><v>1</v></c></row>", NULL, 0);
    data = slurp(path, &len);
    hit = memmem(data, len, "left=\"0.7\"", 10);
    T_CHECK(hit != NULL);
    if (hit != NULL)
        hit[8] = '8';
    got = read_data(data, len, NULL);
    T_EQ_STR(got, "1:1\n!syntax@0:0\n");
    zq_free(got);
    zq_free(data);

    unlink(path);

    /* a file named .xlsx that is no zip: said so, not read as CSV text */
    {
        char named[80];
        struct tbl_reader *r = NULL;
        struct zq_err e;
        FILE *f;

        snprintf(named, sizeof named, "%s.XLSX", path);
        f = fopen(named, "wb");
        T_CHECK(f != NULL);
        if (f != NULL) {
            fputs("\x01\x02binary,not,a,workbook\n", f);
            fclose(f);
        }
        T_EQ_INT(tbl_open_path(named, NULL, &r, &e), ZQ_ESYNTAX);
        T_CONTAINS(e.msg, "不是有效的 XLSX 文件");
        T_CONTAINS(e.msg, named);
        T_CHECK(r == NULL);
        unlink(named);
    }
}

/* Caps: shared strings, and a sheet inflating past the part cap. */
static void
test_xlsx_caps(void)
{
    struct tbl_opts o = { 0 };
    struct buf rows;
    char path[64], *got;

    tmp_path(path, sizeof(path));
    /* shared strings over their cap */
    o.max_sst = 16;
    make_book(path, "", NULL, Z_DEFLATED);
    got = read_path(path, &o);
    T_EQ_STR(got, "!open:too_large");
    zq_free(got);

    /* a sheet that inflates past the part cap: rows until the cap */
    buf_init(&rows, 1 << 26);
    for (int i = 1; i <= 40000; i++)
        T_EQ_INT(buf_printf(&rows, "<row r=\"%d\"><c><v>%d</v></c></row>", i, i), 0);
    make_book(path, rows.p, NULL, Z_DEFLATED);
    o.max_sst = 0;
    o.max_part = 256 * 1024;
    got = read_path(path, &o);
    T_CHECK(strncmp(got, "1:1\n2:2\n", 8) == 0);
    T_CHECK(strstr(got, "!too_large@0:0\n") != NULL);
    zq_free(got);
    buf_fini(&rows);
    unlink(path);
}

static void
test_xlsx_fd_pipe_progress(void)
{
    char path[64], *data, *got;
    struct tbl_reader *r;
    struct tbl_row row;
    struct zq_err e;
    uint64_t done, total;
    size_t len;
    int p[2], fd;

    tmp_path(path, sizeof(path));
    write_attendance(path, false, false);
    data = slurp(path, &len);
    T_CHECK(len < 60000); /* fits in a pipe */

    T_EQ_INT(tbl_open_path(path, NULL, &r, &e), 0);
    tbl_progress(r, &done, &total);
    T_EQ_INT(done, 0);
    T_CHECK(total > 0);
    T_EQ_INT(tbl_next(r, &row, &e), 1);
    T_EQ_INT(row.n, 5);
    got = dump(r);
    tbl_progress(r, &done, &total);
    T_EQ_INT(done, total);
    zq_free(got);
    tbl_close(r);

    /* a descriptor positioned after a prefix: read with pread from there */
    fd = open(path, O_RDWR | O_TRUNC);
    T_CHECK(fd >= 0);
    T_EQ_INT(write(fd, "JUNK", 4), 4);
    T_EQ_INT(write(fd, data, len), (long)len);
    T_EQ_INT(lseek(fd, 4, SEEK_SET), 4);
    T_EQ_INT(tbl_open_fd(fd, "x.xlsx", NULL, &r, &e), 0);
    got = dump(r);
    T_EQ_STR(got, ATTENDANCE);
    zq_free(got);
    tbl_close(r);
    close(fd);

    /* a pipe: spooled to a temporary file */
    T_EQ_INT(pipe(p), 0);
    T_EQ_INT(write(p[1], data, len), (long)len);
    close(p[1]);
    T_EQ_INT(tbl_open_fd(p[0], "标准输入", NULL, &r, &e), 0);
    got = dump(r);
    T_EQ_STR(got, ATTENDANCE);
    zq_free(got);
    tbl_close(r);
    close(p[0]);
    zq_free(data);
    unlink(path);
}

static void
test_xlsx_messages(void)
{
    char path[64];
    size_t len;
    char *data;
    struct tbl_reader *r;
    struct tbl_row row;
    struct zq_err e;

    tmp_path(path, sizeof(path));
    make_book(path,
              "<row r=\"1\"><c><v>1</v></c></row><row r=\"12\"><c r=\"C12\" t=\"s\"><v>99</v>"
              "</c></row><row r=\"13\"><c r=\"AA13\" s=\"1\"><v>x</v></c></row>",
              NULL, Z_DEFLATED);
    data = slurp(path, &len);
    T_EQ_INT(tbl_open_mem(data, len, "工资.xlsx", NULL, &r, &e), 0);
    T_EQ_INT(tbl_next(r, &row, &e), 1);
    T_EQ_INT(tbl_next(r, &row, &e), ZQ_EINVAL);
    T_CONTAINS(e.msg, "文件 工资.xlsx 第 12 行 C12 单元格：");
    T_CONTAINS(e.msg, "共享字符串");
    T_EQ_INT(e.line, 12);
    T_EQ_INT(e.col, 3);
    T_EQ_STR(e.file, "工资.xlsx");
    T_EQ_INT(tbl_next(r, &row, &e), ZQ_EINVAL);
    T_CONTAINS(e.msg, "第 13 行 AA13 单元格：");
    T_EQ_INT(e.col, 27);
    T_EQ_INT(tbl_next(r, &row, &e), 0);
    T_EQ_INT(tbl_next(r, &row, &e), 0);
    tbl_close(r);
    zq_free(data);
    unlink(path);
}

static void
test_xlsx_formats(void)
{
    static const struct {
        const char *code;
        enum xlsx_kind kind;
    } codes[] = {
        { "General", XK_NUMBER },
        { "0.00", XK_NUMBER },
        { "#,##0.00_);[Red](#,##0.00)", XK_NUMBER },
        { "0.00E+00", XK_NUMBER },
        { "\"y\"0", XK_NUMBER },
        { "\\d0", XK_NUMBER },
        { "_d0*m", XK_NUMBER },
        { "@", XK_NUMBER },
        { "[$-804]G/通用格式", XK_NUMBER },
        { "yyyy-mm-dd", XK_DATE },
        { "yyyy/m/d;@", XK_DATE },
        { "m/d", XK_DATE },
        { "d-mmm", XK_DATE },
        { "[$-804]yyyy\"年\"m\"月\"d\"日\"", XK_DATE },
        { "yyyy\"年\"m\"月\"", XK_MONTH },
        { "mmm-yy", XK_MONTH },
        { "yyyy-mm-dd hh:mm:ss", XK_DATETIME },
        { "m/d/yy h:mm AM/PM", XK_DATETIME },
        { "h:mm AM/PM", XK_TIME },
        { "mm:ss", XK_TIME },
        { "[h]:mm:ss", XK_TIME },
        { "[mm]:ss", XK_TIME },
        { "[Red][h]", XK_TIME },
        { "[Red", XK_NUMBER },
        { "\"unclosed", XK_NUMBER },
        { "", XK_NUMBER },
    };
    char s1[] = "a_x000D_b_x005F_x0041__x4E2D_", s2[] = "_x00e9_ _xZZZZ_ _x0000_";

    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        if (xlsx_format_kind(codes[i].code) != codes[i].kind)
            fprintf(stderr, "format code %s\n", codes[i].code);
        T_EQ_INT(xlsx_format_kind(codes[i].code), codes[i].kind);
    }
    T_EQ_INT(xlsx_builtin_kind(0), XK_NUMBER);
    T_EQ_INT(xlsx_builtin_kind(14), XK_DATE);
    T_EQ_INT(xlsx_builtin_kind(22), XK_DATETIME);
    T_EQ_INT(xlsx_builtin_kind(23), XK_NUMBER);
    T_EQ_INT(xlsx_builtin_kind(31), XK_DATE);
    T_EQ_INT(xlsx_builtin_kind(46), XK_TIME);
    T_EQ_INT(xlsx_builtin_kind(49), XK_NUMBER);
    T_EQ_INT(xlsx_builtin_kind(58), XK_DATE);
    T_EQ_INT(xlsx_builtin_kind(164), XK_NUMBER);
    s1[xlsx_unescape(s1, strlen(s1))] = '\0';
    T_EQ_STR(s1, "a\rb_x0041_中");
    s2[xlsx_unescape(s2, strlen(s2))] = '\0';
    T_EQ_STR(s2, "é _xZZZZ_ _x0000_");
}

/* A number format defined twice: the later definition counts, also over a
 * built-in id. */
static void
test_xlsx_styles(void)
{
    static const char styles[] =
        "<styleSheet " NS "><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"
        "<numFmt numFmtId=\"165\" formatCode=\"0.00\"/><numFmt numFmtId=\"164\" "
        "formatCode=\"0.00\"/><numFmt numFmtId=\"165\" formatCode=\"yyyy-mm\"/>"
        "<numFmt numFmtId=\"14\" formatCode=\"0\"/></numFmts>"
        "<cellXfs><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"14\"/>"
        "<xf numFmtId=\"22\"/></cellXfs></styleSheet>";
    static const char sheet[] = "<worksheet " NS "><sheetData><row r=\"1\"><c><v>46266</v></c>"
                                "<c s=\"1\"><v>46266</v></c><c s=\"2\"><v>46266</v></c><c "
                                "s=\"3\"><v>46266.5</v></c></row></sheetData></worksheet>";
    const struct part parts[] = {
        { "xl/worksheets/sheet1.xml", sheet },
        { "xl/styles.xml", styles },
        { 0 },
    };
    char path[64], *got;

    tmp_path(path, sizeof(path));
    zip_write(path, parts, Z_DEFLATED, NULL);
    got = read_path(path, NULL);
    T_EQ_STR(got, "1:46266|2026-09|46266|2026-09-01 12:00:00\n");
    zq_free(got);
    unlink(path);
}

/* expat keeps an unfinished tag whole: one of 5 MiB is refused. */
static void
test_xlsx_huge_tag(void)
{
    struct buf rows;
    char path[64], *got;

    buf_init(&rows, 1 << 26);
    T_EQ_INT(buf_puts(&rows, "<row r=\"1\"><c><v>1</v></c></row><x a=\""), 0);
    for (int i = 0; i < 5 * 1024; i++)
        for (int k = 0; k < 1024; k++)
            put(&rows, "a", 1);
    put(&rows, "\"/>", 3);
    tmp_path(path, sizeof(path));
    make_book(path, rows.p, NULL, Z_DEFLATED);
    got = read_path(path, NULL);
    T_EQ_STR(got, "1:1\n!too_large@0:0\n");
    zq_free(got);
    buf_fini(&rows);
    unlink(path);
}

static const struct t_case t_cases[] = {
    { "xlsx formats", test_xlsx_formats },
    { "xlsx styles", test_xlsx_styles },
    { "xlsx huge tag", test_xlsx_huge_tag },
    { "xlsx cases", test_xlsx_cases },
    { "xlsx writer", test_xlsx_writer },
    { "xlsx same as csv", test_xlsx_same_as_csv },
    { "xlsx package", test_xlsx_package },
    { "xlsx broken", test_xlsx_broken },
    { "xlsx caps", test_xlsx_caps },
    { "xlsx fd pipe progress", test_xlsx_fd_pipe_progress },
    { "xlsx messages", test_xlsx_messages },
    { 0 },
};

T_MAIN(t_cases)
