/*
 * store_ref.h - persistence of the reference data: regions (GB/T 2260),
 * calendar days (official rest and make-up working days) and the key/value
 * configuration kept in the database.
 *
 * Plain C types only, so that core/region and core/calendar stay independent
 * of the store.  Every function works on an open, migrated store and may run
 * inside the caller's transaction.
 */
#ifndef ZQ_STORE_STORE_REF_H
#define ZQ_STORE_STORE_REF_H

#include <stdbool.h>

#include "core/err.h"
#include "store/store.h"

/* Insert or update a region.  code: 6 or 9 digits; parent: the code of the
 * region above it, NULL for a province; level 1 province, 2 city, 3 county,
 * 4 town/street.  Rewriting identical values writes nothing. */
int store_region_upsert(struct store *st, const char *code, const char *name, const char *parent,
                        int level, struct zq_err *err) ZQ_WUR;
/* *count gets the number of stored regions. */
int store_region_count(struct store *st, int *count, struct zq_err *err) ZQ_WUR;

/* Insert or update one calendar day.  date: 'YYYY-MM-DD'; is_work: a make-up
 * working day (调休上班) when true, a rest day (放假) when false; name: the
 * holiday's name ("" allowed); source: "builtin" (shipped with zhiqian) or
 * "import" (zhiqian calendar import).  An imported day is never replaced by
 * a built-in one; an import replaces either. */
int store_calendar_upsert(struct store *st, const char *date, bool is_work, const char *name,
                          const char *source, struct zq_err *err) ZQ_WUR;

/* Called once per stored day in date order; the strings are valid during the
 * call only.  A negative return stops the walk and is returned by
 * store_calendar_each() as is (the callback fills the error itself). */
typedef int (*store_calendar_fn)(void *ctx, const char *date, bool is_work, const char *name,
                                 const char *source);
int store_calendar_each(struct store *st, store_calendar_fn fn, void *ctx,
                        struct zq_err *err) ZQ_WUR;

/* *value gets a copy of the stored value (the caller frees it with
 * zq_free), or NULL when the key is absent. */
int store_config_get(struct store *st, const char *key, char **value, struct zq_err *err) ZQ_WUR;
int store_config_set(struct store *st, const char *key, const char *value,
                     struct zq_err *err) ZQ_WUR;

#endif
