/*
 * report.h - the weekly dispatch table (周调度), the monthly bulletin (月通报)
 * and the yearly assessment (年度考核) of a region (SPEC §7): figures per
 * sub-region (or, for a region without sub-regions, per industry department),
 * a total, the same figures for the previous period, a weighted score, a rank
 * and, for the assessment, a grade.  docs/reports.md defines every figure.
 */
#ifndef ZQ_SVC_REPORT_H
#define ZQ_SVC_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "store/store_report.h"
#include "svc/app.h"

enum report_kind { REPORT_WEEKLY, REPORT_MONTHLY, REPORT_ASSESSMENT };

/* The scored indicators, in the order of report.weights. */
enum report_ind { RI_ONTIME, RI_RECOVERY, RI_SATISFACTION, RI_INCIDENTS, RI_ZERO, RI__N };

struct report_figs {
    int64_t f[SREP__N];
    int64_t zero_expected; /* -1: not applicable (department rows) */
    double rate[RI__N];    /* 0..1 */
    double score;          /* 0..100 */
    int rank;              /* 1 = best; 0 for the total */
};

struct report_row {
    char code[16]; /* region code, or department code for department rows */
    char name[64]; /* Chinese */
    struct report_figs cur, prev;
    char grade[4]; /* "A", "B", "C" (assessment) */
    char grade_reason[96];
};

struct report {
    enum report_kind kind;
    char region[10];      /* "" = the whole database */
    char region_name[64]; /* "全部地区" for the whole database */
    char unit[160];       /* the issuing office */
    char by[16];          /* "region" or "dept": what rows are */
    zq_date from, to, prev_from, prev_to, made_on;
    char label[96], prev_label[96]; /* "2026 年第 47 周（11 月 16 日—11 月 22 日）" */
    int weights[RI__N];
    int grade_a, grade_c, incident_people;
    struct report_row total;
    struct report_row *rows; /* ranked, best first */
    int nrows;
};

struct report_req {
    enum report_kind kind;
    const char *region; /* NULL or "": the whole database */
    const char *period; /* NULL: the last complete one; "2026-W47" or a date, "2026-10", "2025" */
    const char *dept;   /* NULL: all; a department user's own */
    const char *scope_lo, *scope_hi; /* the caller's region range; NULL: everything */
};

/* "weekly", "monthly", "assessment"; -1 otherwise. */
int report_kind_parse(const char *s);
const char *report_kind_title(enum report_kind k); /* "周调度表" ... */

/* Build a report.  *out owned by the caller: report_free().  A region
 * outside the caller's scope is ZQ_ENOTFOUND; a bad period ZQ_EINVAL. */
int report_build(struct app *a, const struct report_req *req, zq_date today, struct report **out,
                 struct zq_err *err) ZQ_WUR;
void report_free(struct report *r);

/* Output.  Money leaves as decimal yuan produced from fen by integer code;
 * XLSX cells get fen / 100 only at the cell (see docs/reports.md). */
enum report_format { RF_TABLE, RF_CSV, RF_JSON, RF_XLSX, RF_PDF };
int report_format_parse(const char *s); /* -1 if unknown */
/* Write the report to path (xlsx and pdf need a file; others may use "-"). */
int report_write(const struct report *r, enum report_format fmt, const char *path,
                 struct zq_err *err) ZQ_WUR;

#endif
