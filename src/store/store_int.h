/*
 * store_int.h - private to store/: the parts of a statement every driver
 * shares, the driver tables, and helpers the drivers and tests use.
 *
 * A driver's statement struct embeds struct store_stmt as its first member,
 * so the generic code in store.c can reach the owning connection (and its
 * ops) from any statement.  The driver's prepare() fills `st`; store.c fills
 * the rest.
 */
#ifndef ZQ_STORE_STORE_INT_H
#define ZQ_STORE_STORE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"
#include "store/store.h"

struct store_stmt {
    struct store *st; /* the connection that prepared it (set by the driver) */
    const char *sql;  /* cache key: the caller's static SQL text */
    bool busy;        /* handed out by store_prepare(), not yet done */
    bool temp;        /* not in the cache: finalized by store_stmt_done() */
};

extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_pg_ops;
extern const struct store_ops store_fault_ops;

/* Copy `uri` into out[n] with the password of a user:password@host part
 * and any password=... parameter replaced by "***"; truncates to fit. */
void store_mask_uri(const char *uri, char *out, size_t n);

/* Driver calls made through the cache: how many statements were really
 * prepared by the driver since the store was opened (tests check reuse). */
long store_cache_prepares(const struct store *st);

/* Calls the fault wrapper has counted so far (exec, prepare, step and the
 * three copy calls begin, row, end); 0 for other drivers. */
long store_fault_calls(const struct store *st);

/* Append "table (col1, col2, ...)" to b, for a driver's bulk-load SQL; the
 * names were checked by store_copy_begin().  ZQ_ETOOBIG past b's cap. */
int store_copy_target(struct buf *b, const char *table, const char *const *cols, int ncols) ZQ_WUR;

/* Parse a strictly decimal int64 from NUL-terminated text, ignoring a
 * fractional part ("12.00" gives 12); t/f give 1/0; anything else gives 0. */
int64_t store_parse_int(const char *s);

#endif
