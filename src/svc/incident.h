/*
 * incident.h - 突发事件, 零报告 and 督查督办 (SPEC §7):
 *
 *   incidents: reported with time, place, region, project, people, amount,
 *   nature (工资 or 工程款: must be asked) and form; visible at once to every
 *   region above (scopes are region ranges), and announced to the staff of
 *   the region chain through the inbox; follow-ups and status changes.
 *
 *   zero reports: one per region per calendar day, "nothing to report" is a
 *   report; the regions under a city that have not filed by 10:00 (config
 *   zero_report.deadline_hour) of the next day are listed as missing, and
 *   those that filed after it as late.
 *
 *   supervision: rounds of a higher region over lower ones, findings with a
 *   measure (提醒函, 约谈, 通报, 问责), its target, date, rectification deadline
 *   and follow-up; cases past their 限时办结 deadline by
 *   supervision.stalled_workdays working days are 久拖不决 and listed for
 *   the next round.
 *
 * Every change is audited.  JSON results are owned by the caller.
 */
#ifndef ZQ_SVC_INCIDENT_H
#define ZQ_SVC_INCIDENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "svc/app.h"
#include "svc/credit.h"

struct incident_in {
    int64_t occurred_at; /* unix seconds */
    const char *place, *region;
    const char *project_code; /* NULL: none */
    const char *uscc;         /* the enterprise concerned; NULL: the project's contractor */
    int64_t people, amount_fen;
    const char *nature; /* 工资, 工程款, 混合 (required) */
    const char *form;   /* 聚集, 上访, 越级上访, 网络发帖, 极端行为 */
    bool serious;
    const char *description;
};
/* *id: the new incident. */
int incident_report(struct app *a, const struct credit_who *w, const struct incident_in *in,
                    int64_t *id, struct zq_err *err) ZQ_WUR;
/* A follow-up note, and a new status when status is not NULL (处置中, 已平息,
 * 已办结); serious -1 keeps it. */
int incident_follow(struct app *a, const struct credit_who *w, int64_t id, const char *note,
                    const char *status, int serious, struct zq_err *err) ZQ_WUR;
/* Newest first; from/to bound occurred_at (0: open). */
int incident_list(struct app *a, const struct credit_who *w, const char *status, int64_t from,
                  int64_t to, int64_t before_id, int limit, json_t **out,
                  struct zq_err *err) ZQ_WUR;
int incident_get(struct app *a, const struct credit_who *w, int64_t id, json_t **out,
                 struct zq_err *err) ZQ_WUR;

/* File region's report for day.  A region outside the caller's scope is
 * ZQ_ENOTFOUND; a day after today ZQ_EINVAL. */
int zero_report_file(struct app *a, const struct credit_who *w, const char *region, zq_date day,
                     bool has_events, const char *note, struct zq_err *err) ZQ_WUR;
/* The reports of [from, to] in scope. */
int zero_report_list(struct app *a, const struct credit_who *w, zq_date from, zq_date to,
                     json_t **out, struct zq_err *err) ZQ_WUR;
/* For day, the counties (and county-level districts) under `region` (a city
 * or province within the caller's scope): {"date", "deadline", "expected",
 * "filed", "missing": [...], "late": [...]} as of now. */
int zero_report_missing(struct app *a, const struct credit_who *w, const char *region, zq_date day,
                        int64_t now, json_t **out, struct zq_err *err) ZQ_WUR;
/* The moment a day's report is due: 10:00 (+08:00) of the next day. */
int64_t zero_report_deadline(zq_date day, int hour);

struct round_in {
    const char *region; /* the supervising region (the caller's when NULL) */
    const char *title, *team, *targets;
    zq_date started, ended; /* ended 0: open */
};
int supervision_round(struct app *a, const struct credit_who *w, const struct round_in *in,
                      int64_t *id, struct zq_err *err) ZQ_WUR;
struct finding_in {
    int64_t round_id;
    const char *region;  /* the supervised region */
    const char *case_no; /* NULL: none */
    const char *finding, *measure, *target;
    zq_date measure_on, deadline; /* deadline 0: none */
};
int supervision_finding(struct app *a, const struct credit_who *w, const struct finding_in *in,
                        int64_t *id, struct zq_err *err) ZQ_WUR;
/* Record a follow-up; rectified 0 keeps the rectification date. */
int supervision_follow(struct app *a, const struct credit_who *w, int64_t id, const char *note,
                       zq_date rectified, struct zq_err *err) ZQ_WUR;
/* {"rounds": [...]} or, with round_id, that round's findings. */
int supervision_list(struct app *a, const struct credit_who *w, int64_t round_id, zq_date today,
                     json_t **out, struct zq_err *err) ZQ_WUR;
/* 久拖不决 as of today: open cases whose deadline lies N working days back or
 * more. */
int supervision_stalled(struct app *a, const struct credit_who *w, zq_date today, json_t **out,
                        struct zq_err *err) ZQ_WUR;
/* The last deadline that makes a case stalled on today. */
zq_date supervision_stalled_before(const struct calendar *cal, zq_date today, int workdays);

#endif
