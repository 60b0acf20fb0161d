/*
 * Fuzz target: tabular input read as CSV (tbl_open_mem), UTF-8 or GB18030.
 *
 * Checks beyond "no crash, no leak": every field is valid UTF-8, line
 * numbers never go back, every call makes progress, and reading with a
 * one-to-seven-byte buffer gives exactly the rows and errors (code, line,
 * column) of reading with the default 256 KiB buffer.  The input's length
 * picks small caps, so that the record and field limits are reached too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/str.h"
#include "core/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
put(struct buf *b, const void *p, size_t n)
{
    if (buf_append(b, p, n) < 0)
        abort();
}

/* Everything the reader hands out, as bytes, to compare two readings. */
static void
transcript(const uint8_t *data, size_t size, const struct tbl_opts *o, struct buf *out)
{
    struct tbl_reader *r;
    struct zq_err e;
    long last = 0;
    size_t calls = 0;
    int rc = tbl_open_mem(data, size, "fuzz.csv", o, &r, &e);

    if (rc < 0) {
        put(out, &rc, sizeof(rc));
        return;
    }
    for (;;) {
        struct tbl_row row;

        rc = tbl_next(r, &row, &e);
        if (++calls > size + 2)
            abort(); /* every row or row error consumes input */
        put(out, &rc, sizeof(rc));
        if (rc == 0)
            break;
        if (rc < 0) {
            put(out, &e.line, sizeof(e.line));
            put(out, &e.col, sizeof(e.col));
            if (rc != ZQ_EINVAL)
                break;
            continue;
        }
        if (row.line <= last || row.n == 0)
            abort();
        last = row.line;
        put(out, &row.line, sizeof(row.line));
        for (size_t i = 0; i < row.n; i++) {
            if (!utf8_valid(row.f[i].p, row.f[i].len))
                abort();
            put(out, &row.f[i].len, sizeof(row.f[i].len));
            put(out, row.f[i].p, row.f[i].len);
        }
    }
    tbl_close(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t records[] = { 0, 16, 300 };
    struct tbl_opts big = { .max_record = records[size % 3], .max_fields = size / 3 % 2 ? 5 : 0 };
    struct tbl_opts small = big;
    struct buf a, b;

    if (size > 1 << 20)
        return 0;
    small.buf_size = 1 + size / 6 % 7;
    buf_init(&a, SIZE_MAX / 2);
    buf_init(&b, SIZE_MAX / 2);
    transcript(data, size, &big, &a);
    transcript(data, size, &small, &b);
    if (a.len != b.len || memcmp(a.p, b.p, a.len) != 0)
        abort(); /* the read size changed what was read */
    buf_fini(&a);
    buf_fini(&b);
    return 0;
}
