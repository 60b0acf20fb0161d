/*
 * xlsx_int.h - private interface between xlsx.c (the worksheet stream) and
 * xlsx_book.c (the zip package, expat glue, and the workbook, relationships,
 * styles and shared strings read before the first row).
 */
#ifndef ZQ_CORE_XLSX_INT_H
#define ZQ_CORE_XLSX_INT_H

#include <expat.h>
#include <stdbool.h>
#include <stdint.h>
#include <unzip.h>

#include "core/err.h"
#include "core/str.h"
#include "core/table.h"
#include "core/xlsx.h"

/* Caps: XML nesting; workbook, relationships and styles parts; what one
 * unfinished tag may make expat hold.  XLSX_CHUNK is how much inflated data
 * expat gets at once. */
#define XLSX_MAX_DEPTH 64
#define XLSX_MAX_META  ((uint64_t)64 * 1024 * 1024)
#define XLSX_MAX_TOKEN ((uint64_t)4 * 1024 * 1024)
#define XLSX_CHUNK     ((size_t)64 * 1024)

/* How a number format shows a numeric cell (and so how we deliver it). */
enum xlsx_kind {
    XK_NUMBER = 0,
    XK_DATE,     /* YYYY-MM-DD */
    XK_MONTH,    /* YYYY-MM: year and month only, like yyyy"年"m"月" */
    XK_DATETIME, /* YYYY-MM-DD HH:MM:SS, or YYYY-MM-DD at midnight */
    XK_TIME,     /* HH:MM:SS (hours may pass 24, as in [h]:mm:ss) */
};

/* The package.  The minizip handle reads src through our own I/O functions. */
struct xlsx_zip {
    struct xlsx_src src;
    uint64_t pos;
    int io_errno; /* last pread failure, 0 none */
    unzFile uf;
    const char *name; /* file name for messages (owned by the reader) */
    uint64_t max_part;
};

/* One part being inflated, with the running count that enforces the cap. */
struct xlsx_part {
    struct xlsx_zip *z;
    const char *path;
    uint64_t size; /* declared uncompressed size (for progress only) */
    uint64_t read;
    uint64_t cap;
    bool open;
};

/* expat glue shared by every part: element depth cap, DTDs refused, the
 * first error kept.  Handlers receive local names (prefix stripped). */
struct xml_ctx {
    XML_Parser p;
    int depth;
    uint64_t fed;  /* bytes given to the parser */
    uint64_t mark; /* end of the last tag or text it reported */
    int rc;        /* first error recorded by a handler, 0 none */
    struct zq_err err;
    const char *file, *part;
    void (*start)(struct xml_ctx *c, const char *name, const char **atts);
    void (*end)(struct xml_ctx *c, const char *name);
    void (*text)(struct xml_ctx *c, const char *s, int len);
    void *user;
};

struct xlsx_sst_ent {
    uint32_t off, len;
};

/* What the worksheet stream needs from the rest of the package. */
struct xlsx_book {
    bool date1904;
    char *sheet_name;
    char *sheet_path;
    unsigned char *xf_kind; /* enum xlsx_kind per cellXfs index */
    size_t nxf;
    struct buf sst; /* shared strings, back to back */
    struct xlsx_sst_ent *sst_ent;
    size_t nsst, sst_cap;
};

int xlsx_zip_open(struct xlsx_zip *z, struct zq_err *err) ZQ_WUR;
void xlsx_zip_close(struct xlsx_zip *z);
/* *found is false (and 0 returned) when the package has no such part. */
int xlsx_part_open(struct xlsx_zip *z, const char *path, struct xlsx_part *pt, bool *found,
                   struct zq_err *err) ZQ_WUR;
/* *got == 0 at the end of the part. */
int xlsx_part_read(struct xlsx_part *pt, char *dst, size_t cap, size_t *got,
                   struct zq_err *err) ZQ_WUR;
/* Closes the part; ZQ_ESYNTAX when it was read to the end and its CRC is
 * wrong.  Safe on a part that is not open. */
int xlsx_part_close(struct xlsx_part *pt, struct zq_err *err) ZQ_WUR;

void xml_ctx_init(struct xml_ctx *c, const char *file, const char *part, void *user);
void xml_ctx_fini(struct xml_ctx *c);
/* Record the first error (message prefixed with file and part) and abort
 * the parse. */
void xml_fail(struct xml_ctx *c, int code, const char *fmt, ...) ZQ_PRINTF(3, 4);
/* After feeding n more bytes: expat keeps an unfinished tag, comment or
 * declaration whole, so one longer than XLSX_MAX_TOKEN is refused (ZQ_ETOOBIG)
 * before it can take memory or time. */
int xml_fed(struct xml_ctx *c, size_t n, struct zq_err *err) ZQ_WUR;
/* After XML_Parse failed: the handler's error, or expat's. */
int xml_error(struct xml_ctx *c, struct zq_err *err);
const char *xml_attr(const char **atts, const char *local);
/* Stream a whole part (at most cap bytes) through c's parser; *found is
 * false when the package has no such part. */
int xlsx_parse_part(struct xlsx_zip *z, const char *path, struct xml_ctx *c, uint64_t cap,
                    bool *found, struct zq_err *err) ZQ_WUR;

/* Read workbook, relationships, styles and shared strings. */
int xlsx_book_load(struct xlsx_zip *z, const struct tbl_opts *opts, struct xlsx_book *b,
                   struct zq_err *err) ZQ_WUR;
void xlsx_book_fini(struct xlsx_book *b);
/* The kind of a number format code or built-in id. */
enum xlsx_kind xlsx_format_kind(const char *code);
enum xlsx_kind xlsx_builtin_kind(unsigned long id);
/* Decode Excel's _xHHHH_ escapes in s[0, n) in place; returns the new length. */
size_t xlsx_unescape(char *s, size_t n);

#endif
