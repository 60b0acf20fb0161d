/*
 * csv_speed - how fast the table readers hand out rows (no validation, no
 * storage: the reader alone, which the import target of SPEC.md §14 needs well
 * above 2,000,000 attendance rows/s).
 *
 *   csv_speed [ROWS]     (default 5,000,000)
 *
 * Generates attendance rows like "P3302822026001,330282199001011234,2026-09-01,8"
 * (about 45 bytes) in memory and times tbl_next over them: ASCII from memory,
 * the same through read(2) on a file, UTF-8 payroll-like rows with Chinese
 * names and a quoted field, and the same converted to GB18030.  Then an XLSX
 * workbook of ROWS/10 attendance rows written by libxlsxwriter.  Each line is
 * the median of 5 runs.  Build (from the repository root, after `make`):
 *
 *   cc -O2 -std=c11 -D_GNU_SOURCE -Isrc -o build/csv_speed bench/csv_speed.c \
 *      build/libzhiqian.a $(pkg-config --libs minizip expat xlsxwriter) -lm
 *   taskset -c 0 build/csv_speed
 */
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/alloc.h"
#include "core/str.h"
#include "core/table.h"

#define RUNS 5

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Read every row of an opened reader; returns rows, or 0 on error. */
static size_t
drain(struct tbl_reader *r)
{
    struct tbl_row row;
    struct zq_err e;
    size_t rows = 0, bytes = 0;
    int rc;

    while ((rc = tbl_next(r, &row, &e)) > 0) {
        rows++;
        bytes += row.f[row.n - 1].len; /* touch the row */
    }
    if (rc < 0) {
        fprintf(stderr, "csv_speed: %s\n", e.msg);
        return 0;
    }
    return bytes > 0 ? rows : 0;
}

/* Median time of RUNS readings of data (or of path when data is NULL). */
static void
measure(const char *label, const char *data, size_t len, const char *path)
{
    double t[RUNS];
    size_t rows = 0;

    for (int i = 0; i < RUNS; i++) {
        struct tbl_reader *r;
        struct zq_err e;
        double t0 = now();
        int rc = data != NULL ? tbl_open_mem(data, len, label, NULL, &r, &e)
                              : tbl_open_path(path, NULL, &r, &e);

        if (rc < 0) {
            fprintf(stderr, "csv_speed: %s\n", e.msg);
            exit(1);
        }
        rows = drain(r);
        tbl_close(r);
        t[i] = now() - t0;
    }
    qsort(t, RUNS, sizeof(t[0]), cmp_double);
    printf("%-28s %9zu rows %8.1f MB %7.3f s %7.2f M rows/s %6.0f MB/s\n", label, rows,
           (double)len / 1e6, t[RUNS / 2], (double)rows / t[RUNS / 2] / 1e6,
           (double)len / t[RUNS / 2] / 1e6);
}

static void
gen_attendance(struct buf *b, size_t n)
{
    if (buf_puts(b, "project_code,id_number,date,hours\n") < 0)
        abort();
    for (size_t i = 0; i < n; i++)
        if (buf_printf(b, "P33028220260%02zu,3302821990%08zu,2026-09-%02zu,%zu\n", i % 100, i,
                       i % 28 + 1, 4 + i % 5) < 0)
            abort();
}

static void
gen_payroll(struct buf *b, size_t n)
{
    static const char *const names[] = { "张三", "李四", "王五", "赵六", "欧阳修远" };

    if (buf_puts(b, "项目编号,身份证号,姓名,工资月份,应发工资,发放方式\n") < 0)
        abort();
    for (size_t i = 0; i < n; i++)
        if (buf_printf(b,
                       "P33028220260%02zu,3302821990%08zu,%s,2026-09,\"%zu,%03zu.50\",专户代发\n",
                       i % 100, i, names[i % 5], 3 + i % 9, i % 1000) < 0)
            abort();
}

static char *
to_gb18030(const struct buf *b, size_t *len)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    size_t inleft = b->len, outleft = b->len * 2;
    char *out = zq_malloc(outleft), *in = b->p, *o = out;

    if (cd == (iconv_t)-1 || iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1)
        abort();
    iconv_close(cd);
    *len = (size_t)(o - out);
    return out;
}

static void
bench_xlsx(size_t n)
{
    char path[] = "/tmp/csv_speed-XXXXXX";
    static char tmpdir[] = "/tmp";
    lxw_workbook_options opts = { .constant_memory = 1, .tmpdir = tmpdir };
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *date;
    char id[32], code[32];
    int fd = mkstemp(path);

    close(fd);
    wb = workbook_new_opt(path, &opts);
    ws = workbook_add_worksheet(wb, NULL);
    date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    worksheet_write_string(ws, 0, 0, "项目编号", NULL);
    worksheet_write_string(ws, 0, 1, "身份证号", NULL);
    worksheet_write_string(ws, 0, 2, "考勤日期", NULL);
    worksheet_write_string(ws, 0, 3, "工时", NULL);
    for (size_t i = 0; i < n; i++) {
        lxw_datetime d = { 2026, 9, (int)(i % 28 + 1), 0, 0, 0 };

        snprintf(code, sizeof(code), "P33028220260%02zu", i % 100);
        snprintf(id, sizeof(id), "3302821990%08zu", i);
        worksheet_write_string(ws, (lxw_row_t)i + 1, 0, code, NULL);
        worksheet_write_string(ws, (lxw_row_t)i + 1, 1, id, NULL);
        worksheet_write_datetime(ws, (lxw_row_t)i + 1, 2, &d, date);
        worksheet_write_number(ws, (lxw_row_t)i + 1, 3, (double)(4 + i % 5), NULL);
    }
    if (workbook_close(wb) != LXW_NO_ERROR)
        abort();
    fd = open(path, O_RDONLY);
    measure("xlsx attendance (file)", NULL, (size_t)lseek(fd, 0, SEEK_END), path);
    close(fd);
    unlink(path);
}

int
main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 5000000;
    char path[] = "/tmp/csv_speed-XXXXXX";
    struct buf b;
    size_t gblen;
    char *gb;
    int fd;

    buf_init(&b, (size_t)1 << 34);
    gen_attendance(&b, n);
    measure("csv attendance (memory)", b.p, b.len, NULL);
    fd = mkstemp(path);
    if (fd < 0 || write(fd, b.p, b.len) != (ssize_t)b.len)
        abort();
    close(fd);
    measure("csv attendance (file)", NULL, b.len, path);
    unlink(path);

    buf_reset(&b);
    gen_payroll(&b, n);
    measure("csv payroll UTF-8 (memory)", b.p, b.len, NULL);
    gb = to_gb18030(&b, &gblen);
    measure("csv payroll GB18030 (memory)", gb, gblen, NULL);
    zq_free(gb);
    buf_fini(&b);

    bench_xlsx(n / 10);
    return 0;
}
