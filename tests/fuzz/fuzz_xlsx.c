/*
 * Fuzz target: tabular input read as XLSX (tbl_open_mem).
 *
 * An input that starts with "PK" is read as the zip it is, so the fuzzer
 * works on the zip structure.  Any other input is a list of XML parts
 * separated by lines "@@"; they become, in order, the sheet, shared strings,
 * styles, workbook, workbook relationships and package relationships of a
 * stored zip built here with correct checksums, so that the fuzzer edits the
 * XML itself (an empty section leaves its part out).
 *
 * Checks: every field is valid UTF-8, sheet rows increase, no row is wider
 * than XFD, and the reader stops.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/alloc.h"
#include "core/str.h"
#include "core/table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const part_names[] = {
    "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",       "xl/styles.xml",
    "xl/workbook.xml",          "xl/_rels/workbook.xml.rels", "_rels/.rels",
};
#define NPARTS (sizeof(part_names) / sizeof(part_names[0]))

static void
put(struct buf *b, const void *p, size_t n)
{
    if (buf_append(b, p, n) < 0)
        abort();
}

static void
le(struct buf *b, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++) {
        unsigned char c = (unsigned char)(v >> (8 * i));
        put(b, &c, 1);
    }
}

/* The zip headers before a stored part's name: local (central = false) or
 * central directory entry. */
static void
zip_header(struct buf *b, bool central, uint32_t crc, uint32_t len, uint32_t name_len,
           uint32_t offset)
{
    le(b, central ? 0x02014b50 : 0x04034b50, 4);
    if (central)
        le(b, 20, 2); /* made by */
    le(b, 20, 2);     /* needed */
    le(b, 0, 2);      /* flags */
    le(b, 0, 2);      /* stored */
    le(b, 0, 4);      /* time, date */
    le(b, crc, 4);
    le(b, len, 4);
    le(b, len, 4);
    le(b, name_len, 2);
    le(b, 0, 2); /* extra */
    if (central) {
        le(b, 0, 2); /* comment */
        le(b, 0, 2); /* disk */
        le(b, 0, 2); /* internal attributes */
        le(b, 0, 4); /* external attributes */
        le(b, offset, 4);
    }
}

static void
build_zip(const uint8_t *data, size_t size, struct buf *zip)
{
    struct str sec[NPARTS] = { { 0 } };
    uint32_t offs[NPARTS], crcs[NPARTS], cd, n = 0;
    size_t k = 0, start = 0;

    for (size_t i = 0; i <= size && k < NPARTS; i++) {
        if (i == size || (i + 3 <= size && memcmp(data + i, "\n@@", 3) == 0 &&
                          (i + 3 == size || data[i + 3] == '\n'))) {
            sec[k].p = (const char *)data + start;
            sec[k++].len = i - start;
            start = i + 4;
            i += 3;
        }
    }
    for (size_t i = 0; i < NPARTS; i++) {
        uint32_t nl = (uint32_t)strlen(part_names[i]);

        if (sec[i].len == 0)
            continue;
        offs[i] = (uint32_t)zip->len;
        crcs[i] = (uint32_t)crc32(0, (const Bytef *)sec[i].p, (uInt)sec[i].len);
        zip_header(zip, false, crcs[i], (uint32_t)sec[i].len, nl, 0);
        put(zip, part_names[i], nl);
        put(zip, sec[i].p, sec[i].len);
    }
    cd = (uint32_t)zip->len;
    for (size_t i = 0; i < NPARTS; i++) {
        uint32_t nl = (uint32_t)strlen(part_names[i]);

        if (sec[i].len == 0)
            continue;
        zip_header(zip, true, crcs[i], (uint32_t)sec[i].len, nl, offs[i]);
        put(zip, part_names[i], nl);
        n++;
    }
    le(zip, 0x06054b50, 4);
    le(zip, 0, 4); /* disks */
    le(zip, n, 2);
    le(zip, n, 2);
    le(zip, (uint32_t)zip->len - cd, 4);
    le(zip, cd, 4);
    le(zip, 0, 2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tbl_opts o = { .max_part = 16 << 20, .max_sst = 1 << 20, .max_record = 1 << 16 };
    struct tbl_reader *r;
    struct zq_err e;
    struct buf zip;
    long last = 0;
    size_t calls = 0;

    if (size > 1 << 20)
        return 0;
    buf_init(&zip, 4 << 20);
    if (size >= 2 && data[0] == 'P' && data[1] == 'K')
        put(&zip, data, size);
    else
        build_zip(data, size, &zip);
    if (tbl_open_mem(zip.p, zip.len, "fuzz.xlsx", &o, &r, &e) == 0) {
        for (;;) {
            struct tbl_row row;
            int rc = tbl_next(r, &row, &e);

            if (rc == 0 || (rc < 0 && rc != ZQ_EINVAL))
                break;
            if (++calls > 50000000)
                abort();
            if (rc < 0)
                continue;
            if (row.line <= last || row.n == 0 || row.n > TBL_MAX_COLUMNS)
                abort();
            last = row.line;
            for (size_t i = 0; i < row.n; i++)
                if (!utf8_valid(row.f[i].p, row.f[i].len))
                    abort();
        }
        tbl_close(r);
    }
    buf_fini(&zip);
    return 0;
}
