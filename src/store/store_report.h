/*
 * store_report.h - the figures of the dispatch table, the bulletin and the
 * assessment (SPEC §7), aggregated in SQL for one unit (a region range,
 * optionally one industry department) and one period of civil dates.
 */
#ifndef ZQ_STORE_STORE_REPORT_H
#define ZQ_STORE_STORE_REPORT_H

#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

/* A unit of a report.  Region codes in [lo, hi] (see auth_region_range);
 * dept "" any department, "-" records not yet assigned to one, else a
 * department code (clues, cases, warnings carry one); industry the project
 * industry of that department ("" any) for incidents, which carry none. */
struct srep_unit {
    const char *lo, *hi;
    const char *dept;
    const char *industry;
};

/* Indexes of the figures store_report_figures fills (all int64; money fen). */
enum srep_fig {
    SREP_CLUES_RECEIVED,
    SREP_CLUES_ACCEPTED,
    SREP_CLUES_CLOSED,
    SREP_CLUES_ON_TIME,
    SREP_CLUES_RATED,
    SREP_CLUES_SATISFIED,
    SREP_CLUES_OVERDUE,
    SREP_CASES_OPENED,
    SREP_CASES_CLOSED,
    SREP_CASES_OVERDUE,
    SREP_NEW_ARREARS,
    SREP_OPEN_ARREARS,
    SREP_OPEN_WORKERS,
    SREP_RECOVERED,
    SREP_PAID_EMPLOYER, /* settlements by payer role, in the order of the schema's CHECK */
    SREP_PAID_CONTRACTOR,
    SREP_PAID_BUILDER,
    SREP_PAID_DEPOSIT,
    SREP_PAID_FUND,
    SREP_PAID_OTHER,
    SREP_ADVANCES,
    SREP_ADVANCED,
    SREP_QLZ_OPEN, /* open arrears on 政府投资 / 国有企业投资 projects */
    SREP_WARN_RED,
    SREP_WARN_ORANGE,
    SREP_WARN_YELLOW,
    SREP_INCIDENTS,
    SREP_INCIDENT_PEOPLE,
    SREP_INCIDENT_MAX,
    SREP_ZERO_FILED,
    SREP__N
};

/* Fill out[SREP__N] for unit u over the civil dates [from, to]
 * ("YYYY-MM-DD"); ts_from and ts_to bound the same days as UTC seconds
 * [ts_from, ts_to).  "Open" figures are as at the end of `to`. */
int store_report_figures(struct store *st, const struct srep_unit *u, const char *from,
                         const char *to, int64_t ts_from, int64_t ts_to, int64_t out[SREP__N],
                         struct zq_err *err) ZQ_WUR;

/* The parties and facts of a project for its notice board: calls fn once per
 * row (kind, name, extra): kind "project" (name, region_code), "builder",
 * "contractor", "subcontractor" (name, kind), "clerk" (name, "").
 * ZQ_ENOTFOUND when no project in [lo, hi] has that code. */
typedef int (*srep_party_fn)(void *ctx, const char *kind, const char *name, const char *extra);
int store_report_project_parties(struct store *st, const char *lo, const char *hi, const char *code,
                                 srep_party_fn fn, void *ctx, struct zq_err *err) ZQ_WUR;

#endif
