/*
 * store_risk.h - the default risk of projects (project_risk): written by the
 * scan for every project it evaluates, read scoped by the caller's
 * role x region x department (struct store_scope, store_query.h).
 */
#ifndef ZQ_STORE_STORE_RISK_H
#define ZQ_STORE_STORE_RISK_H

#include <stdint.h>

#include "core/err.h"
#include "store/store.h"
#include "store/store_query.h"

/* Keep the risk of a project (insert or replace).  Text is copied. */
int store_risk_put(struct store *st, int64_t project_id, const char *province, const char *as_of,
                   int score, const char *band, const char *factors, int64_t now,
                   struct zq_err *err) ZQ_WUR;
/* Forget it (a project no longer judged: not active on the scan date). */
int store_risk_delete(struct store *st, int64_t project_id, struct zq_err *err) ZQ_WUR;

/* One project's risk; text valid during the callback only. */
struct pr_row {
    const char *code, *name, *region, *industry, *funding, *as_of, *band;
    const char *factors; /* JSON array (rules/risk.h) */
    int64_t score;
    int64_t ledger_score; /* the warnings' score in the risk ledger, -1 when not listed */
    const char *ledger_class;
};
typedef int (*pr_row_fn)(void *ctx, const struct pr_row *r);

/* Every project in scope with a computed risk, band (高, 中, 低) or NULL for
 * all, by score (highest first), then code.  fn's < 0 stops with that error. */
int store_risk_each(struct store *st, const struct store_scope *sc, const char *band, pr_row_fn fn,
                    void *ctx, struct zq_err *err) ZQ_WUR;
/* The risk of one project by code; *found false when it has none or is out of
 * scope. */
int store_risk_get(struct store *st, const struct store_scope *sc, const char *code, pr_row_fn fn,
                   void *ctx, bool *found, struct zq_err *err) ZQ_WUR;

#endif
