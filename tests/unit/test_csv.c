/*
 * Unit tests for the CSV reader behind table.h: RFC 4180 quoting, line
 * endings, BOM, blank rows, caps, error positions, UTF-8 / GB18030 detection
 * (GB18030 input made with iconv), descriptors, pipes and progress.
 *
 * Every table case is read with several read sizes, down to one byte, so
 * that each record boundary also falls across buffer refills.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/err.h"
#include "core/str.h"
#include "core/table.h"
#include "t.h"

static void
put(struct buf *b, const char *p, size_t n)
{
    if (buf_append(b, p, n) < 0)
        abort();
}

/* The rows of r as text: "LINE:f1|f2\n" per row (newline, CR, | and \ in a
 * field escaped), "!code@LINE:COL\n" per error. */
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

/* Open in memory and dump; an open error gives "!open:code". */
static char *
read_mem(const char *in, size_t len, const struct tbl_opts *o)
{
    struct tbl_reader *r;
    struct zq_err e;
    char *out;
    int rc = tbl_open_mem(in, len, "t.csv", o, &r, &e);

    if (rc < 0) {
        struct buf b;
        buf_init(&b, 256);
        put(&b, "!open:", 6);
        put(&b, zq_err_code_name(rc), strlen(zq_err_code_name(rc)));
        return buf_steal(&b);
    }
    T_EQ_INT(tbl_format(r), TBL_CSV);
    out = dump(r);
    tbl_close(r);
    return out;
}

struct csv_case {
    const char *name;
    const char *in;
    const char *want;
    size_t max_record, max_fields;
};

static const struct csv_case csv_cases[] = {
    { "simple", "a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3\n", 0, 0 },
    { "no final newline", "a,b\n1,2", "1:a|b\n2:1|2\n", 0, 0 },
    { "CRLF", "a,b\r\n1,2\r\n", "1:a|b\n2:1|2\n", 0, 0 },
    { "CR at end of file", "a,b\r", "1:a|b\n", 0, 0 },
    { "lone CR is data", "a\rb,c\n", "1:a\\rb|c\n", 0, 0 },
    { "BOM stripped", "\xEF\xBB\xBF项目编号,工时\nP1,8\n", "1:项目编号|工时\n2:P1|8\n", 0, 0 },
    { "BOM only", "\xEF\xBB\xBF", "", 0, 0 },
    { "empty input", "", "", 0, 0 },
    { "empty fields", ",a,\n", "1:|a|\n", 0, 0 },
    { "single column", "a\nb\n", "1:a\n2:b\n", 0, 0 },
    { "quoted fields", "\"a,b\",\"c\"\"d\",\"\"\n", "1:a,b|c\"d|\n", 0, 0 },
    { "escaped quotes only", "\"\"\"\"\"\",x\n", "1:\"\"|x\n", 0, 0 },
    { "quoted at end of file", "\"a\"", "1:a\n", 0, 0 },
    { "quoted then CR at end", "\"a\"\r", "1:a\n", 0, 0 },
    { "quoted then CRLF", "\"a\"\r\n\"b\"\r\n", "1:a\n2:b\n", 0, 0 },
    { "embedded newlines", "x,\"l1\nl2\r\nl3\",y\nz,1,2\n", "1:x|l1\\nl2\\r\\nl3|y\n4:z|1|2\n", 0,
      0 },
    { "embedded newline in first field", "\"a\nb\"\nc\n", "1:a\\nb\n3:c\n", 0, 0 },
    { "blank lines skipped", "a\n\n\r\n,,\n\"\",\"\"\nb\n\n", "1:a\n6:b\n", 0, 0 },
    { "only blank lines", "\n\n,\n", "", 0, 0 },
    { "quote inside unquoted field is literal", "ab\"c,d\n5\"\n", "1:ab\"c|d\n2:5\"\n", 0, 0 },
    { "space before quote is literal", "a, \"b\"\n", "1:a| \"b\"\n", 0, 0 },
    { "Chinese with quotes", "\"张三\",\"李\"\"四\"\r\n王五,\"\"\r\n", "1:张三|李\"四\n2:王五|\n",
      0, 0 },
    { "text after closing quote", "a,\"b\"x,c\n", "!syntax@1:6\n", 0, 0 },
    { "space after closing quote", "ok\n\"a\nb\" ,c\n", "1:ok\n!syntax@3:3\n", 0, 0 },
    { "error column counts characters", "名字,\"张三\"李\n", "!syntax@1:8\n", 0, 0 },
    { "unterminated quote", "a\n\"abc\n", "1:a\n!syntax@2:1\n", 0, 0 },
    { "unterminated after escape", "\"a\"\"", "!syntax@1:1\n", 0, 0 },
    { "errors are sticky", "\"a\"b\nc\n", "!syntax@1:4\n", 0, 0 },
    { "fields at the cap", "a,b,c\n", "1:a|b|c\n", 0, 3 },
    { "too many fields", "a,b\na,b,c,d\n", "1:a|b\n!too_large@2:0\n", 0, 3 },
    { "too many quoted fields", "\"a\",b,c,d\n", "!too_large@1:0\n", 0, 3 },
    { "record at the cap", "12345678\r\n", "1:12345678\n", 8, 0 },
    { "record over the cap", "12345678\n123456789\n", "1:12345678\n!too_large@2:0\n", 8, 0 },
    { "quoted record over the cap", "\"12\n345678\"\n", "!too_large@1:0\n", 8, 0 },
    { "unclosed quote hits the cap", "\"1234\n5678\n9012\n", "!too_large@1:0\n", 8, 0 },
    /* found by fuzz_csv: a small read size reported the size cap first */
    { "syntax error before the cap on a long line", "a,\"b \"c\"\"\" d\",\"\",\"\"\"\"\n\"a\n",
      "!syntax@1:7\n", 16, 5 },
    { "unterminated quote past the cap", "a,b,c,d,e,f,g,h,\"unterminated", "!too_large@1:0\n", 16,
      0 },
    { "record of cap plus one", "123456789\r\n", "!too_large@1:0\n", 8, 0 },
    { "quoted record of cap plus CRLF", "\"123456\"\r\n", "1:123456\n", 8, 0 },
    { "quoted record of cap plus one", "\"1234567\"\r\n", "!too_large@1:0\n", 8, 0 },
    { "UTF-16 refused",
      "\xFF\xFE"
      "a",
      "!open:invalid", 0, 0 },
    { "xls refused", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "!open:invalid", 0, 0 },
    { "invalid UTF-8 row skipped", "姓名姓名姓名姓名姓名,x\n\xE5\xBC,y\n好,z\n",
      "1:姓名姓名姓名姓名姓名|x\n!invalid@2:1\n3:好|z\n", 0, 0 },
    { "invalid UTF-8 inside a quoted field", "姓名姓名姓名姓名姓名\n\"a\nb\xC0\xAF\"\nc\n",
      "1:姓名姓名姓名姓名姓名\n!invalid@3:2\n4:c\n", 0, 0 },
    { "surrogate is invalid", "姓名姓名姓名姓名姓名\n\xED\xA0\x80\n",
      "1:姓名姓名姓名姓名姓名\n!invalid@2:1\n", 0, 0 },
    { 0 },
};

static void
test_csv_table(void)
{
    static const size_t sizes[] = { 0, 1, 2, 3, 5, 64 };

    for (const struct csv_case *c = csv_cases; c->name != NULL; c++) {
        for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
            struct tbl_opts o = { .buf_size = sizes[k],
                                  .max_record = c->max_record,
                                  .max_fields = c->max_fields };
            char *got = read_mem(c->in, strlen(c->in), &o);

            t_name = c->name;
            if (strcmp(got, c->want) != 0)
                fprintf(stderr, "case \"%s\" read size %zu:\n", c->name, sizes[k]);
            T_EQ_STR(got, c->want);
            zq_free(got);
        }
    }
}

static void
test_csv_error_message(void)
{
    struct tbl_reader *r;
    struct tbl_row row;
    struct zq_err e;
    const char *in = "项目编号,身份证号\nP1,\"33\"0\n";

    T_EQ_INT(tbl_open_mem(in, strlen(in), "考勤.csv", NULL, &r, &e), 0);
    T_EQ_INT(tbl_next(r, &row, &e), 1);
    T_EQ_INT(tbl_next(r, &row, &e), ZQ_ESYNTAX);
    T_CONTAINS(e.msg, "文件 考勤.csv 第 2 行第 8 个字符处");
    T_CONTAINS(e.msg, "右引号后");
    T_EQ_STR(e.file, "考勤.csv");
    T_EQ_INT(e.line, 2);
    T_EQ_INT(e.col, 8);
    /* sticky */
    zq_err_clear(&e);
    T_EQ_INT(tbl_next(r, &row, &e), ZQ_ESYNTAX);
    T_EQ_INT(e.line, 2);
    tbl_close(r);
    tbl_close(NULL);
}

/* UTF-8 to GB18030 with the iconv API. */
static char *
to_gb18030(const char *utf8, size_t *outlen)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    size_t inleft = strlen(utf8), cap = inleft * 2 + 16, outleft = cap;
    char *out = zq_malloc(cap), *in = (char *)utf8, *o = out;

    T_CHECK(cd != (iconv_t)-1);
    T_CHECK(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
    iconv_close(cd);
    *outlen = cap - outleft;
    return out;
}

static void
test_csv_gb18030(void)
{
    /* 𠀀 (U+20000) and 㐀 are four-byte GB18030 sequences */
    const char *text = "项目编号,姓名,备注\r\nP1,张三,\"工资\"\"未付\"\"\"\r\nP2,李𠀀,㐀\r\n"
                       "P3,\"王\n五\",€\r\n";
    const char *want = "1:项目编号|姓名|备注\n2:P1|张三|工资\"未付\"\n3:P2|李𠀀|㐀\n"
                       "4:P3|王\\n五|€\n";
    static const size_t sizes[] = { 0, 1, 2, 3, 7 };
    struct tbl_reader *r;
    struct zq_err e;
    size_t n;
    char *gb = to_gb18030(text, &n);

    T_CHECK(memcmp(gb, text, 8) != 0);
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        struct tbl_opts o = { .buf_size = sizes[k] };
        char *got;

        T_EQ_INT(tbl_open_mem(gb, n, "gb.csv", &o, &r, &e), 0);
        got = dump(r);
        T_EQ_STR(got, want);
        T_EQ_STR(tbl_encoding(r), "GB18030");
        zq_free(got);
        tbl_close(r);
    }
    zq_free(gb);

    /* the UTF-8 original reads the same */
    T_EQ_INT(tbl_open_mem(text, strlen(text), "u.csv", NULL, &r, &e), 0);
    {
        char *got = dump(r);
        T_EQ_STR(got, want);
        zq_free(got);
    }
    T_EQ_STR(tbl_encoding(r), "UTF-8");
    tbl_close(r);
}

/* The first Chinese character comes after 100 KB of ASCII: the decision is
 * taken there, and every earlier row was read as ASCII. */
static void
test_csv_gb18030_late(void)
{
    struct buf b;
    struct tbl_reader *r;
    struct tbl_row row;
    struct zq_err e;
    size_t n, rows = 0;
    char *gb;
    int rc;

    buf_init(&b, 1 << 22);
    for (int i = 0; i < 3000; i++)
        T_EQ_INT(buf_printf(&b, "P%08d,330282199001011234,2026-09-01,8\n", i), 0);
    T_EQ_INT(buf_puts(&b, "P9,张三丰,2026-09-02,8\nP10,\"赵\"\"六\",2026-09-03,4\n"), 0);
    gb = to_gb18030(b.p, &n);
    /* an invalid byte (0x80 is not GB18030) in the last row */
    memcpy(gb + n - 1, "\x80\n", 2);
    T_EQ_INT(tbl_open_mem(gb, n + 1, "late.csv", NULL, &r, &e), 0);
    while ((rc = tbl_next(r, &row, &e)) > 0) {
        rows++;
        if (row.line == 3001) {
            T_CHECK(str_eq_cstr(row.f[1], "张三丰"));
        }
    }
    T_EQ_INT(rows, 3001);
    T_EQ_INT(rc, ZQ_EINVAL);
    T_EQ_INT(e.line, 3002);
    T_CONTAINS(e.msg, "GB18030");
    T_EQ_INT(tbl_next(r, &row, &e), 0);
    T_EQ_STR(tbl_encoding(r), "GB18030");
    tbl_close(r);
    zq_free(gb);
    buf_fini(&b);
}

/* A UTF-8 file with one damaged byte stays UTF-8: only that row is refused. */
static void
test_csv_damaged_utf8(void)
{
    struct buf b;
    struct tbl_reader *r;
    char *got;
    struct zq_err e;

    buf_init(&b, 1 << 20);
    for (int i = 1; i <= 20; i++)
        T_EQ_INT(buf_printf(&b, "%s,张三%d\n", i == 7 ? "\xE5" : "P", i), 0);
    T_EQ_INT(tbl_open_mem(b.p, b.len, "d.csv", NULL, &r, &e), 0);
    got = dump(r);
    T_CHECK(strstr(got, "6:P|张三6\n!invalid@7:1\n8:P|张三8\n") != NULL);
    T_EQ_STR(tbl_encoding(r), "UTF-8");
    zq_free(got);
    tbl_close(r);
    buf_fini(&b);
}

static void
test_csv_fd_and_progress(void)
{
    char path[] = "/tmp/zq-test-csv-XXXXXX";
    const char *in = "a,b\n1,2\n3,4\n";
    int fd = mkstemp(path), p[2];
    struct tbl_reader *r;
    struct zq_err e;
    uint64_t done, total;
    char *got;

    T_CHECK(fd >= 0);
    T_EQ_INT(write(fd, in, strlen(in)), (long)strlen(in));
    close(fd);

    T_EQ_INT(tbl_open_path(path, NULL, &r, &e), 0);
    tbl_progress(r, &done, &total);
    T_EQ_INT(total, strlen(in));
    got = dump(r);
    T_EQ_STR(got, "1:a|b\n2:1|2\n3:3|4\n");
    zq_free(got);
    tbl_progress(r, &done, &total);
    T_EQ_INT(done, total);
    T_CHECK(tbl_sheet_name(r) == NULL);
    tbl_close(r);

    /* from a descriptor not at offset 0 */
    fd = open(path, O_RDONLY);
    T_EQ_INT(lseek(fd, 4, SEEK_SET), 4);
    T_EQ_INT(tbl_open_fd(fd, "x.csv", NULL, &r, &e), 0);
    got = dump(r);
    T_EQ_STR(got, "1:1|2\n2:3|4\n");
    zq_free(got);
    tbl_progress(r, &done, &total);
    T_EQ_INT(total, strlen(in) - 4);
    tbl_close(r);
    close(fd);
    unlink(path);

    /* a pipe: total unknown */
    T_EQ_INT(pipe(p), 0);
    T_EQ_INT(write(p[1], in, strlen(in)), (long)strlen(in));
    close(p[1]);
    T_EQ_INT(tbl_open_fd(p[0], "-", NULL, &r, &e), 0);
    got = dump(r);
    T_EQ_STR(got, "1:a|b\n2:1|2\n3:3|4\n");
    zq_free(got);
    tbl_progress(r, &done, &total);
    T_EQ_INT(total, 0);
    T_EQ_INT(done, strlen(in));
    tbl_close(r);
    close(p[0]);

    T_EQ_INT(tbl_open_path("/nonexistent/zq.csv", NULL, &r, &e), ZQ_EIO);
    T_CHECK(r == NULL);
    T_CONTAINS(e.msg, "/nonexistent/zq.csv");
}

/* Many rows across many refills: line numbers and fields stay exact. */
static void
test_csv_many_rows(void)
{
    struct buf b;
    struct tbl_reader *r;
    struct tbl_row row;
    struct zq_err e;
    struct tbl_opts o = { .buf_size = 1000 };
    long line = 1, i = 1;
    int rc;
    char want[32];

    buf_init(&b, 1 << 24);
    for (int k = 1; k <= 50000; k++) {
        if (k % 1000 == 0)
            T_EQ_INT(buf_printf(&b, "\"P%d\",\"a\"\"\n\"\r\n", k), 0);
        else
            T_EQ_INT(buf_printf(&b, "P%d,%d\n", k, k * 7), 0);
    }
    T_EQ_INT(tbl_open_mem(b.p, b.len, "m.csv", &o, &r, &e), 0);
    while ((rc = tbl_next(r, &row, &e)) > 0) {
        snprintf(want, sizeof(want), "P%ld", i);
        if (!str_eq_cstr(row.f[0], want) || row.line != line || row.n != 2) {
            T_CHECK(!"row out of step");
            break;
        }
        line += i % 1000 == 0 ? 2 : 1;
        i++;
    }
    T_EQ_INT(rc, 0);
    T_EQ_INT(i, 50001);
    tbl_close(r);
    buf_fini(&b);
}

static const struct t_case t_cases[] = {
    { "csv table", test_csv_table },
    { "csv error message", test_csv_error_message },
    { "csv gb18030", test_csv_gb18030 },
    { "csv gb18030 late", test_csv_gb18030_late },
    { "csv damaged utf-8", test_csv_damaged_utf8 },
    { "csv fd and progress", test_csv_fd_and_progress },
    { "csv many rows", test_csv_many_rows },
    { 0 },
};

T_MAIN(t_cases)
