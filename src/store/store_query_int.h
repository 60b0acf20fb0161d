/*
 * store_query_int.h - private to store_query*.c and store_auth.c: one
 * helper that runs a cached statement with an array of parameters and hands
 * each result row over as plain values.
 */
#ifndef ZQ_STORE_STORE_QUERY_INT_H
#define ZQ_STORE_STORE_QUERY_INT_H

#include "store/store.h"
#include "store/store_query.h"

#define SQ_MAX_COLS 48

/* A row callback without column descriptions. */
typedef int (*sq_raw_fn)(void *ctx, const struct store_val *v, int n);

/* Run sql (static storage: it keys the statement cache) with params[0..n)
 * bound to $1..$n; call fn (may be NULL) for every row.  fn's non-zero
 * return stops the walk: > 0 quietly (0 is returned), < 0 as the result.
 * *rows (may be NULL) gets the number of rows handed out. */
int sq_run(struct store *st, const char *sql, const struct store_val *params, int n, sq_raw_fn fn,
           void *ctx, long *rows, struct zq_err *err) ZQ_WUR;

/* As sq_run, handing the rows to a described callback. */
int sq_run_cols(struct store *st, const char *sql, const struct store_val *params, int n,
                const struct sq_col *cols, int ncols, sq_row_fn fn, void *ctx, long *rows,
                struct zq_err *err) ZQ_WUR;

/* Parameter values. */
struct store_val sq_text(const char *s); /* NULL gives SQL NULL */
struct store_val sq_int(int64_t v);
struct store_val sq_blob(const void *p, size_t n); /* p NULL gives SQL NULL */

/* Copy a text value into out[cap] (truncated at a character boundary). */
void sq_copy(char *out, size_t cap, const struct store_val *v);

/* The four scope parameters $1..$4 of every scoped query. */
void sq_scope_params(const struct store_scope *sc, struct store_val p[4]);

/* The scope over the projects aliased p: $1 and $2 bound the region code,
 * $3 the industry ("" any), $4 the enterprise taking part (0 any, -1 none).
 * CAST: PostgreSQL takes a parameter's type from its first use. */
#define SCOPE_P(p)                                                                       \
    p ".region_code BETWEEN $1 AND $2 AND ($3 = '' OR " p ".industry = $3) AND "         \
      "(CAST($4 AS BIGINT) = 0 OR " p ".builder_id = $4 OR " p ".contractor_id = $4 OR " \
      "EXISTS (SELECT 1 FROM subcontracts sx WHERE sx.project_id = " p ".id AND "        \
      "sx.subcontractor_id = $4))"

/* The scope as a set of projects p, for queries that read many (see the
 * variants in store_query.c): by walking an index with an unindexed region
 * test, by region_code, or by an enterprise's three roles. */
#define PJ_WHERE_WALK                                                               \
    "(p.region_code || '') BETWEEN $1 AND $2 AND ($3 = '' OR p.industry = $3) AND " \
    "CAST($4 AS BIGINT) = 0"
#define PJ_WHERE_RANGE                                                      \
    "p.region_code BETWEEN $1 AND $2 AND ($3 = '' OR p.industry = $3) AND " \
    "CAST($4 AS BIGINT) = 0"
#define PJ_WHERE_ENT                                                                       \
    "p.id IN (SELECT x.id FROM projects x WHERE x.builder_id = $4 UNION SELECT x.id FROM " \
    "projects x WHERE x.contractor_id = $4 UNION SELECT s.project_id FROM subcontracts s " \
    "WHERE s.subcontractor_id = $4) AND p.region_code BETWEEN $1 AND $2 AND ($3 = '' OR "  \
    "p.industry = $3)"
/* The projects whose names hold the bigram $14 (project_grams), in the region
 * range tested without its index, as the walk does. */
#define PJ_WHERE_GRAM                                                               \
    "p.id IN (SELECT g.project_id FROM project_grams g WHERE g.gram = $14) AND "    \
    "(p.region_code || '') BETWEEN $1 AND $2 AND ($3 = '' OR p.industry = $3) AND " \
    "CAST($4 AS BIGINT) = 0"
/* Room for a bigram of the search indexes and its NUL (SC_GRAM_MAX). */
#define SQ_GRAM_MAX 9
/* Whether a search word may be looked up by the bigram indexes: not when it
 * holds an ASCII letter, which LIKE matches in either case on SQLite and the
 * indexes keep as written. */
bool sq_gram_searchable(const char *q);
/* Of the bigrams grams[0..n), the one with the fewest postings by `sql_df`
 * (a statement counting the postings of $1 up to $2 rows): its index into
 * *best and its count, capped at cap + 1, into *df.  0 or a negative code. */
int sq_rarest_gram(struct store *st, const char *sql_df, const char (*grams)[SQ_GRAM_MAX], size_t n,
                   int64_t cap, size_t *best, int64_t *df, struct zq_err *err);
/* Whether [lo, hi] spans more than one county (the ends differ within their
 * first six digits). */
bool sq_range_broad(const char *lo, const char *hi);

/* "%q%" with LIKE's wildcards escaped (for ESCAPE '\\'), into out[cap]; "" when
 * q is NULL or "". */
void sq_like(const char *q, char *out, size_t cap);
/* s, or "" for NULL. */
const char *sq_nz(const char *s);

#define SQ_NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

#endif
