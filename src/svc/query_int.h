/*
 * query_int.h - private to svc/query*.c: collecting store rows into a JSON
 * list page and the opaque cursors of keyset pagination.
 */
#ifndef ZQ_SVC_QUERY_INT_H
#define ZQ_SVC_QUERY_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/region.h"
#include "store/store_query.h"
#include "svc/query.h"

/* How a list's cursor is made from its last row. */
enum cursor_kind {
    CURSOR_ID,  /* the integer column id_col */
    CURSOR_KEY, /* the sort key column key_col (text or integer) and the code column */
};

struct collect {
    const struct region_table *rt;
    json_t *items;
    int limit, count;
    bool more;
    enum cursor_kind kind;
    int id_col, key_col, code_col;
    bool key_int;
    /* from the last row taken */
    int64_t last_id, last_key_int;
    char last_key[256], last_code[256];
};

/* A collector for a page of `limit` rows; items is created (owned by c). */
void collect_init(struct collect *c, const struct region_table *rt, int limit,
                  enum cursor_kind kind, int id_col);
/* The row callback for store_q_* lists. */
int collect_row(void *ctx, const struct sq_col *cols, const struct store_val *v, int n);
/* {"items": ..., "next_cursor": ...}: takes c's items. */
json_t *collect_page(struct collect *c);
/* Release what collect_page did not take. */
void collect_fini(struct collect *c);

/* Decoded cursor, with room for the strings sq_page points into. */
struct cursor_buf {
    char key[256], code[256];
};
/* Check the client's paging and fill a store page.  ZQ_EINVAL (field
 * "cursor" or "limit") when they are malformed. */
int page_from(const struct query_page *in, enum cursor_kind kind, bool key_int, struct sq_page *out,
              struct cursor_buf *buf, struct zq_err *err) ZQ_WUR;

/* Reference data for rendering. */
const struct region_table *query_regions(struct app *a);

#endif
