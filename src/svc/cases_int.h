/*
 * cases_int.h - private to svc/cases*.c and svc/fund.c: reading request
 * fields, the facts of a case, events and audit entries.
 */
#ifndef ZQ_SVC_CASES_INT_H
#define ZQ_SVC_CASES_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "store/store_case.h"
#include "svc/cases.h"

/* The scope of w (the command line sees every region). */
void case_scope(const struct case_who *w, struct store_scope *sc);
void case_scope_p(const struct principal *p, struct store_scope *sc);

/* Request fields.  A missing optional field leaves the default; a present
 * one of the wrong form is ZQ_EINVAL naming it. */
const char *cj_str(const json_t *req, const char *key); /* NULL when absent or not text */
int cj_text(const json_t *req, const char *key, bool required, size_t max, const char **out,
            struct zq_err *err) ZQ_WUR;
int cj_money(const json_t *req, const char *key, bool required, int64_t *fen,
             struct zq_err *err) ZQ_WUR;
int cj_date(const json_t *req, const char *key, zq_date def, zq_date *out,
            struct zq_err *err) ZQ_WUR;
int cj_int(const json_t *req, const char *key, int64_t *out, struct zq_err *err) ZQ_WUR;
int cj_bad(struct zq_err *err, const char *field, const char *fmt, ...) ZQ_PRINTF(3, 4);

/* A case_events row and an audit entry (entity "case", id the case no),
 * before/after: the case's facts (see case_facts_json). */
int case_record(struct app *a, const struct case_who *w, const struct sc_case *before,
                int64_t case_id, const char *action, const char *note, const json_t *detail,
                struct zq_err *err) ZQ_WUR;
/* The facts of a case the audit log keeps (owned by the caller). */
json_t *case_facts_json(const struct sc_case *c);

/* Find or create the worker of {"worker_id"} or {"id_number", "name"}:
 * ZQ_EINVAL naming field when neither is usable. */
int case_worker_ref(struct app *a, const json_t *item, const char *field, int64_t *worker_id,
                    struct zq_err *err) ZQ_WUR;

/* A case's workers, for the settlement and closing checks. */
struct case_owed {
    struct sc_worker *w;
    size_t n, cap;
};
int case_owed_load(struct app *a, int64_t case_id, struct case_owed *o, struct zq_err *err) ZQ_WUR;
void case_owed_free(struct case_owed *o);
struct sc_worker *case_owed_find(struct case_owed *o, int64_t worker_id);

/* Per-worker payment lines {"lines": [{"worker_id"|"id_number", "amount"}]}
 * checked against what each worker is still owed.  *total the sum. */
struct case_line {
    int64_t worker_id, amount;
};
int case_lines(struct app *a, const json_t *req, struct case_owed *o, struct case_line **lines,
               size_t *n, int64_t *total, struct zq_err *err) ZQ_WUR;

/* Workers named in the request {"workers": [...]} (create and the
 * "workers" action): their amounts owed, then the case's totals. */
int case_set_workers(struct app *a, int64_t case_id, const json_t *arr, struct zq_err *err) ZQ_WUR;
/* Handlers (at least two when required or given), leader and plan.  Each
 * handler named is told of the case (case_no) in the inbox. */
int case_set_handlers(struct app *a, int64_t case_id, const char *case_no, const json_t *req,
                      bool required, struct zq_err *err) ZQ_WUR;

/* The emergency-fund advance action (fund.c). */
int case_advance(struct app *a, const struct case_who *w, const struct sc_case *c,
                 const json_t *req, json_t **detail, struct zq_err *err) ZQ_WUR;

/* Why case c may not close as 全额清偿 now: an array of reasons (empty
 * when it may).  Owned by the caller. */
int case_close_blockers(struct app *a, const struct sc_case *c, json_t **out,
                        struct zq_err *err) ZQ_WUR;

#endif
