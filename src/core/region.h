/*
 * region.h - administrative divisions (GB/T 2260): an immutable table of
 * regions with look-ups by code and the "is X within Y" test that region
 * scopes are built on.
 *
 * Codes are 6 digits (province PP0000, prefecture-level city PPCC00, county
 * PPCCDD) or 9 digits for a town or street (乡镇/街道).  The built-in table is
 * data/regions.csv (see docs/regions.md); a table can also be parsed from CSV
 * bytes (code,name,parent,level) for `regions import` and tests.  A table is a
 * value owned by whoever created it: there is no global table.
 */
#ifndef ZQ_CORE_REGION_H
#define ZQ_CORE_REGION_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/str.h"

#define REGION_CODE_LEN     10 /* 9 digits + NUL */
#define REGION_PROVINCE_LEN 7  /* "PP0000" + NUL */

enum region_level {
    REGION_PROVINCE = 1, /* 省、自治区、直辖市、特别行政区 */
    REGION_CITY = 2,     /* 地级市、地区、自治州、盟; 直辖市的 市辖区/县 */
    REGION_COUNTY = 3,   /* 市辖区、县、县级市、旗 */
    REGION_TOWN = 4,     /* 乡、镇、街道 (9-digit code) */
};

struct region {
    char code[REGION_CODE_LEN];   /* 6 digits, 9 for a town */
    char parent[REGION_CODE_LEN]; /* "" for a province */
    int level;                    /* enum region_level */
    const char *name;             /* UTF-8, owned by the table */
};

struct region_table;

/* Parse the built-in data/regions.csv.  *out is owned by the caller
 * (region_table_free).  Fails only if the binary's data is broken. */
int region_table_load_builtin(struct region_table **out, struct zq_err *err) ZQ_WUR;

/*
 * Parse a regions CSV given as bytes (UTF-8, optional BOM, LF or CRLF):
 * header `code,name,parent,level`, one region a line, in any order.  Every
 * parent must be in the same file and have a lower level; codes must be
 * unique; levels 1-3 have 6-digit codes, level 4 9-digit codes.  `filename`
 * (may be NULL) is only used in messages.  On error *out is untouched and err
 * names the file, line and value; on success *out is owned by the caller.
 */
int region_table_parse(const char *data, size_t len, const char *filename,
                       struct region_table **out, struct zq_err *err) ZQ_WUR;

/* region_table_free(NULL) does nothing. */
void region_table_free(struct region_table *t);

/* Iteration in code order: region_table_at(t, i) for i < region_table_count(t).
 * The regions are owned by the table. */
size_t region_table_count(const struct region_table *t);
const struct region *region_table_at(const struct region_table *t, size_t i);

/*
 * The region with this code, or NULL.  A 9-digit town code not in the table
 * resolves to its county (first 6 digits), or to its city when the county is
 * not in the table either (cities without counties such as 东莞市 441900): the
 * result's code may then be shorter than the one asked for.  The result is
 * owned by the table.
 */
const struct region *region_find(const struct region_table *t, const char *code);
const struct region *region_find_str(const struct region_table *t, struct str code);

/* The parent of r (owned by the table), or NULL for a province. */
const struct region *region_parent(const struct region_table *t, const struct region *r);

/*
 * Is region X within region Y (or X itself)?  Follows the table's parents
 * where X and its ancestors are in the table and the codes' structure
 * (town -> first 6 digits -> PPCC00 -> PP0000) where they are not, so codes
 * from older or newer editions of GB/T 2260 still nest correctly.  False when
 * either code is not syntactically valid.  t may be NULL (structure only).
 */
bool region_within(const struct region_table *t, const char *x, const char *y);

/* Writes the province code ("33" + "0000") of a syntactically valid code;
 * returns false and writes "" otherwise. */
bool region_province_code(const char *code, char out[REGION_PROVINCE_LEN]);

/* 6 or 9 ASCII digits, the first one 1-8 (GB/T 2260 province codes 11-82). */
bool region_code_valid_syntax(const char *code);

#endif
