/*
 * store_warn_api.h - the read side of the API over warnings, the risk
 * ledger, 包保 follow-ups and 回头看 re-checks, always filtered by the
 * caller's scope inside the SQL (SPEC §9), in the style of store_query.h:
 * rows come back as plain values with a static description of each column.
 *
 * A warning is visible when its region_code lies in [region_lo, region_hi],
 * its dept equals `dept` unless that is "" (a department officer sees the
 * warnings routed to his department), and, when enterprise_id is not 0, it
 * concerns a project that enterprise takes part in (builder, contractor or
 * subcontractor) or the enterprise itself; -1 matches nothing.  The ledger
 * and follow-ups use the same region and dept tests; an enterprise sees no
 * ledger (it is the supervisors' risk assessment).
 */
#ifndef ZQ_STORE_STORE_WARN_API_H
#define ZQ_STORE_STORE_WARN_API_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"
#include "store/store_query.h"

struct sw_scope {
    char region_lo[10], region_hi[10];
    char dept[16];         /* "" any */
    int64_t enterprise_id; /* 0 any, > 0 that enterprise's, -1 none */
};

struct sw_list_filter {
    const char *status;                /* "open" (not resolved or dismissed), "all", or one */
    const char *level, *rule, *month;  /* "" any */
    const char *region_lo, *region_hi; /* "" any */
    const char *project;               /* project code, "" any */
};

/* Warnings by level (red first) then id; pg->after_id is the hidden sort
 * key (last column) of the last row seen. */
int store_wq_warnings(struct store *st, const struct sw_scope *sc, const struct sw_list_filter *f,
                      const struct sq_page *pg, sq_row_fn fn, void *ctx, struct zq_err *err) ZQ_WUR;
/* One visible warning (*found false when none or out of scope). */
int store_wq_warning(struct store *st, const struct sw_scope *sc, int64_t id, sq_row_fn fn,
                     void *ctx, bool *found, struct zq_err *err) ZQ_WUR;
/* The events of a warning (the caller has checked that it is visible). */
int store_wq_events(struct store *st, int64_t id, sq_row_fn fn, void *ctx,
                    struct zq_err *err) ZQ_WUR;

struct sl_list_filter {
    const char *kind;                  /* "project", "enterprise", "" both */
    const char *klass;                 /* 高, 中, 低, "" all */
    const char *region_lo, *region_hi; /* "" any */
    const char *today;                 /* YYYY-MM-DD, for the overdue flag */
};
/* Ledger entries by score (highest first) then id; pg->after_id is the
 * hidden sort key (last column) of the last row seen. */
int store_wq_ledger(struct store *st, const struct sw_scope *sc, const struct sl_list_filter *f,
                    const struct sq_page *pg, sq_row_fn fn, void *ctx, struct zq_err *err) ZQ_WUR;
/* Whether a ledger entry is visible. */
int store_wq_ledger_visible(struct store *st, const struct sw_scope *sc, const char *subject_type,
                            const char *subject_code, bool *found, struct zq_err *err) ZQ_WUR;
/* Whether follow-up id is visible (its ledger entry in scope). */
int store_wq_followup_visible(struct store *st, const struct sw_scope *sc, int64_t id, bool *found,
                              struct zq_err *err) ZQ_WUR;
/* The follow-ups of a ledger entry, newest first. */
int store_wq_followups(struct store *st, const char *subject_type, const char *subject_code,
                       sq_row_fn fn, void *ctx, struct zq_err *err) ZQ_WUR;

/* Re-checks (回头看) of cases in the scope's region filed since `since`,
 * by id; pg->after_id the last id seen. */
int store_wq_rechecks(struct store *st, const struct sw_scope *sc, const char *since,
                      const struct sq_page *pg, sq_row_fn fn, void *ctx, struct zq_err *err) ZQ_WUR;
/* Whether re-check id is visible. */
int store_wq_recheck_visible(struct store *st, const struct sw_scope *sc, int64_t id, bool *found,
                             struct zq_err *err) ZQ_WUR;

#endif
