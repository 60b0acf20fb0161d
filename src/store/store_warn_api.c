/*
 * store_warn_api.c - scoped reads of warnings, the risk ledger, 包保
 * follow-ups and 回头看 re-checks for the API.  As in store_query.c, the
 * scope is bound as $1..$4 of every statement (W_SCOPE, L_SCOPE below), so
 * that the database applies it in the statement that reads the rows: an
 * object out of scope does not exist for the caller.
 */
#include "store/store_warn_api.h"

#include <string.h>

#include "store/store_query_int.h"

static void
scope_params(const struct sw_scope *sc, struct store_val p[4])
{
    p[0] = sq_text(sc->region_lo);
    p[1] = sq_text(sc->region_hi);
    p[2] = sq_text(sc->dept);
    p[3] = sq_int(sc->enterprise_id);
}

/* The warnings w the scope $1..$4 lets through.  The enterprise branch
 * names the three roles one by one so that each uses its index. */
#define W_SCOPE                                                                              \
    "w.region_code BETWEEN $1 AND $2 AND ($3 = '' OR w.dept = $3) AND "                      \
    "(CAST($4 AS BIGINT) = 0 OR w.project_id IN (SELECT x.id FROM projects x WHERE "         \
    "x.builder_id = $4 UNION SELECT x.id FROM projects x WHERE x.contractor_id = $4 UNION "  \
    "SELECT s.project_id FROM subcontracts s WHERE s.subcontractor_id = $4) OR "             \
    "(w.subject_type = 'enterprise' AND w.subject_code = (SELECT e.uscc FROM enterprises e " \
    "WHERE e.id = $4)))"

/* Ledger entries l (and follow-ups through them): region and dept; an
 * enterprise sees none. */
#define L_SCOPE                                                                    \
    "l.region_code BETWEEN $1 AND $2 AND ($3 = '' OR l.dept = $3) AND CAST($4 AS " \
    "BIGINT) = 0"

#define W_RANK "(CASE w.level WHEN 'red' THEN 0 WHEN 'orange' THEN 1 ELSE 2 END)"
/* rank * 10^12 + id: one integer that orders like (rank, id) */
#define W_SORT "(" W_RANK " * 1000000000000 + w.id)"

#define W_SUBJECT_NAME                                                                            \
    "CASE w.subject_type WHEN 'project' THEN (SELECT p2.name FROM projects p2 WHERE p2.code = "   \
    "w.subject_code) WHEN 'enterprise' THEN (SELECT e2.name FROM enterprises e2 WHERE e2.uscc = " \
    "w.subject_code) WHEN 'case' THEN (SELECT c2.debtor_name FROM cases c2 WHERE c2.case_no = "   \
    "w.subject_code) WHEN 'clue' THEN (SELECT k2.respondent FROM clues k2 WHERE k2.ticket = "     \
    "w.subject_code) ELSE NULL END"

static const struct sq_col warning_cols[] = {
    { "id", SQ_INT },
    { "code", SQ_TEXT },
    { "level", SQ_TEXT },
    { "subject_type", SQ_TEXT },
    { "subject_code", SQ_TEXT },
    { "subject_name", SQ_TEXT },
    { "month", SQ_TEXT },
    { "status", SQ_TEXT },
    { "first_seen", SQ_TEXT },
    { "last_seen", SQ_TEXT },
    { "message", SQ_TEXT },
    { "region_code", SQ_REGION },
    { "dept", SQ_TEXT },
    { "project_code", SQ_TEXT },
    { "assigned_dept", SQ_TEXT },
    { "assignee", SQ_TEXT },
    { "deadline_on", SQ_TEXT },
    { "updated_at", SQ_TS },
    { "sort", SQ_HIDDEN },
};

#define W_COLS                                                                                 \
    "w.id, w.rule, w.level, w.subject_type, w.subject_code, " W_SUBJECT_NAME ", "              \
    "CASE WHEN w.month = '' THEN NULL ELSE w.month END, w.status, w.first_seen, w.last_seen, " \
    "w.message, w.region_code, w.dept, (SELECT p.code FROM projects p WHERE p.id = "           \
    "w.project_id), w.assigned_dept, u.username, w.deadline_on, w.updated_at, " W_SORT

static const char SQL_WARNINGS[] =
    "SELECT " W_COLS " FROM warnings w LEFT JOIN users u ON u.id = w.assignee_id WHERE " W_SCOPE
    " AND (CAST($5 AS TEXT) = 'all' OR (CAST($5 AS TEXT) = 'open' AND w.status NOT IN "
    "('resolved', 'dismissed')) OR w.status = $5) "
    "AND (CAST($6 AS TEXT) = '' OR w.level = $6) AND (CAST($7 AS TEXT) = '' OR w.rule = $7) "
    "AND (CAST($8 AS TEXT) = '' OR w.month = $8) "
    "AND (CAST($9 AS TEXT) = '' OR w.region_code BETWEEN $9 AND $10) "
    "AND (CAST($11 AS TEXT) = '' OR w.project_id = (SELECT p3.id FROM projects p3 WHERE "
    "p3.code = $11)) AND " W_SORT " > CAST($12 AS BIGINT) ORDER BY " W_RANK ", w.id LIMIT $13";

int
store_wq_warnings(struct store *st, const struct sw_scope *sc, const struct sw_list_filter *f,
                  const struct sq_page *pg, sq_row_fn fn, void *ctx, struct zq_err *err)
{
    struct store_val p[13];

    scope_params(sc, p);
    p[4] = sq_text(f->status != NULL && f->status[0] != '\0' ? f->status : "open");
    p[5] = sq_text(sq_nz(f->level));
    p[6] = sq_text(sq_nz(f->rule));
    p[7] = sq_text(sq_nz(f->month));
    p[8] = sq_text(sq_nz(f->region_lo));
    p[9] = sq_text(sq_nz(f->region_hi));
    p[10] = sq_text(sq_nz(f->project));
    p[11] = sq_int(pg->after ? pg->after_id : -1);
    p[12] = sq_int(pg->limit + 1);
    return sq_run_cols(st, SQL_WARNINGS, p, 13, warning_cols, SQ_NCOLS(warning_cols), fn, ctx, NULL,
                       err);
}

static const struct sq_col warning_detail_cols[] = {
    { "id", SQ_INT },
    { "code", SQ_TEXT },
    { "level", SQ_TEXT },
    { "subject_type", SQ_TEXT },
    { "subject_code", SQ_TEXT },
    { "subject_name", SQ_TEXT },
    { "month", SQ_TEXT },
    { "status", SQ_TEXT },
    { "first_seen", SQ_TEXT },
    { "last_seen", SQ_TEXT },
    { "message", SQ_TEXT },
    { "region_code", SQ_REGION },
    { "dept", SQ_TEXT },
    { "project_code", SQ_TEXT },
    { "assigned_dept", SQ_TEXT },
    { "assignee", SQ_TEXT },
    { "deadline_on", SQ_TEXT },
    { "updated_at", SQ_TS },
    { "sort", SQ_HIDDEN },
    { "base_level", SQ_TEXT },
    { "basis", SQ_TEXT },
    { "evidence", SQ_JSON },
    { "reply", SQ_TEXT },
    { "dismiss_reason", SQ_TEXT },
    { "notified_at", SQ_TS },
    { "replied_at", SQ_TS },
    { "reviewed_at", SQ_TS },
    { "resolved_at", SQ_TS },
    { "reopen_count", SQ_INT },
    { "created_at", SQ_TS },
};

static const char SQL_WARNING[] =
    "SELECT " W_COLS ", w.base_level, w.basis, w.evidence, w.reply, w.dismiss_reason, "
    "w.notified_at, w.replied_at, w.reviewed_at, w.resolved_at, w.reopen_count, w.created_at "
    "FROM warnings w LEFT JOIN users u ON u.id = w.assignee_id WHERE " W_SCOPE " AND w.id = $5";

struct found {
    sq_row_fn fn;
    void *ctx;
    bool found;
};

static int
found_row(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct found *f = ctx;

    f->found = true;
    return f->fn != NULL ? f->fn(f->ctx, cols, v, n) : 1;
}

int
store_wq_warning(struct store *st, const struct sw_scope *sc, int64_t id, sq_row_fn fn, void *ctx,
                 bool *found, struct zq_err *err)
{
    struct store_val p[5];
    struct found f = { fn, ctx, false };
    int rc;

    scope_params(sc, p);
    p[4] = sq_int(id);
    rc = sq_run_cols(st, SQL_WARNING, p, 5, warning_detail_cols, SQ_NCOLS(warning_detail_cols),
                     found_row, &f, NULL, err);
    *found = f.found;
    return rc;
}

static const struct sq_col event_cols[] = {
    { "at", SQ_TS },          { "action", SQ_TEXT }, { "from_status", SQ_TEXT },
    { "to_status", SQ_TEXT }, { "note", SQ_TEXT },   { "actor", SQ_TEXT },
};
static const char SQL_EVENTS[] =
    "SELECT e.at, e.action, e.from_status, e.to_status, e.note, u.username "
    "FROM warning_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.warning_id = $1 "
    "ORDER BY e.at, e.id";

int
store_wq_events(struct store *st, int64_t id, sq_row_fn fn, void *ctx, struct zq_err *err)
{
    struct store_val p[1] = { sq_int(id) };

    return sq_run_cols(st, SQL_EVENTS, p, 1, event_cols, SQ_NCOLS(event_cols), fn, ctx, NULL, err);
}

/* ---------------------------------------------------------------- ledger */

static const struct sq_col ledger_cols[] = {
    { "subject_type", SQ_TEXT },
    { "subject_code", SQ_TEXT },
    { "name", SQ_TEXT },
    { "region_code", SQ_REGION },
    { "dept", SQ_TEXT },
    { "funding", SQ_TEXT },
    { "class", SQ_TEXT },
    { "red", SQ_INT },
    { "orange", SQ_INT },
    { "yellow", SQ_INT },
    { "score", SQ_INT },
    { "predicted", SQ_INT },
    { "followup_id", SQ_INT },
    { "officer", SQ_TEXT },
    { "plan", SQ_TEXT },
    { "deadline_on", SQ_TEXT },
    { "followup_status", SQ_TEXT },
    { "feedback", SQ_TEXT },
    { "overdue", SQ_BOOL },
    { "sort", SQ_HIDDEN },
};

/* score * 10^12 - id: one integer that orders like (score DESC, id) when
 * read descending */
#define L_SORT "(l.score * 1000000000000 - l.id)"

static const char SQL_LEDGER[] =
    "SELECT l.subject_type, l.subject_code, coalesce(p.name, e.name), l.region_code, l.dept, "
    "l.funding, l.class, l.red, l.orange, l.yellow, l.score, l.predicted, f.id, u.username, "
    "f.plan, f.deadline_on, f.status, f.feedback, CASE WHEN f.status = '进行中' AND "
    "f.deadline_on < $9 THEN 1 ELSE 0 END, " L_SORT " FROM risk_ledger l "
    "LEFT JOIN projects p ON l.subject_type = 'project' AND p.code = l.subject_code "
    "LEFT JOIN enterprises e ON l.subject_type = 'enterprise' AND e.uscc = l.subject_code "
    "LEFT JOIN followups f ON f.id = (SELECT max(g.id) FROM followups g WHERE "
    "g.subject_type = l.subject_type AND g.subject_code = l.subject_code) "
    "LEFT JOIN users u ON u.id = f.officer_id WHERE " L_SCOPE
    " AND (CAST($5 AS TEXT) = '' OR l.subject_type = $5) AND (CAST($6 AS TEXT) = '' OR "
    "l.class = $6) AND (CAST($7 AS TEXT) = '' OR l.region_code BETWEEN $7 AND $8) "
    "AND (CAST($10 AS INTEGER) = 0 OR " L_SORT " < CAST($11 AS BIGINT)) "
    "ORDER BY l.score DESC, l.id LIMIT $12";

int
store_wq_ledger(struct store *st, const struct sw_scope *sc, const struct sl_list_filter *f,
                const struct sq_page *pg, sq_row_fn fn, void *ctx, struct zq_err *err)
{
    struct store_val p[12];

    scope_params(sc, p);
    p[4] = sq_text(sq_nz(f->kind));
    p[5] = sq_text(sq_nz(f->klass));
    p[6] = sq_text(sq_nz(f->region_lo));
    p[7] = sq_text(sq_nz(f->region_hi));
    p[8] = sq_text(sq_nz(f->today));
    p[9] = sq_int(pg->after ? 1 : 0);
    p[10] = sq_int(pg->after_id);
    p[11] = sq_int(pg->limit + 1);
    return sq_run_cols(st, SQL_LEDGER, p, 12, ledger_cols, SQ_NCOLS(ledger_cols), fn, ctx, NULL,
                       err);
}

static int
any_row(void *ctx, const struct store_val *v, int n)
{
    (void)v;
    (void)n;
    *(bool *)ctx = true;
    return 1;
}

static const char SQL_LEDGER_VISIBLE[] =
    "SELECT 1 FROM risk_ledger l WHERE " L_SCOPE " AND l.subject_type = $5 AND "
    "l.subject_code = $6";

int
store_wq_ledger_visible(struct store *st, const struct sw_scope *sc, const char *subject_type,
                        const char *subject_code, bool *found, struct zq_err *err)
{
    struct store_val p[6];

    *found = false;
    scope_params(sc, p);
    p[4] = sq_text(subject_type);
    p[5] = sq_text(subject_code);
    return sq_run(st, SQL_LEDGER_VISIBLE, p, 6, any_row, found, NULL, err);
}

static const char SQL_FOLLOWUP_VISIBLE[] =
    "SELECT 1 FROM followups f JOIN risk_ledger l ON l.subject_type = f.subject_type AND "
    "l.subject_code = f.subject_code WHERE " L_SCOPE " AND f.id = $5";

int
store_wq_followup_visible(struct store *st, const struct sw_scope *sc, int64_t id, bool *found,
                          struct zq_err *err)
{
    struct store_val p[5];

    *found = false;
    scope_params(sc, p);
    p[4] = sq_int(id);
    return sq_run(st, SQL_FOLLOWUP_VISIBLE, p, 5, any_row, found, NULL, err);
}

static const struct sq_col followup_cols[] = {
    { "id", SQ_INT },           { "officer", SQ_TEXT },  { "plan", SQ_TEXT },
    { "deadline_on", SQ_TEXT }, { "status", SQ_TEXT },   { "feedback", SQ_TEXT },
    { "feedback_at", SQ_TS },   { "created_at", SQ_TS },
};
static const char SQL_FOLLOWUPS[] =
    "SELECT f.id, u.username, f.plan, f.deadline_on, f.status, f.feedback, f.feedback_at, "
    "f.created_at FROM followups f LEFT JOIN users u ON u.id = f.officer_id WHERE "
    "f.subject_type = $1 AND f.subject_code = $2 ORDER BY f.id DESC";

int
store_wq_followups(struct store *st, const char *subject_type, const char *subject_code,
                   sq_row_fn fn, void *ctx, struct zq_err *err)
{
    struct store_val p[2] = { sq_text(subject_type), sq_text(subject_code) };

    return sq_run_cols(st, SQL_FOLLOWUPS, p, 2, followup_cols, SQ_NCOLS(followup_cols), fn, ctx,
                       NULL, err);
}

/* ---------------------------------------------------------------- 回头看 */

#define R_SCOPE                                                                    \
    "c.region_code BETWEEN $1 AND $2 AND ($3 = '' OR c.dept = $3) AND CAST($4 AS " \
    "BIGINT) = 0"

static const struct sq_col recheck_cols[] = {
    { "id", SQ_INT },         { "uscc", SQ_TEXT },          { "name", SQ_TEXT },
    { "case_no", SQ_TEXT },   { "region_code", SQ_REGION }, { "filed_on", SQ_TEXT },
    { "closed_on", SQ_TEXT }, { "due_on", SQ_TEXT },        { "done_on", SQ_TEXT },
    { "result", SQ_TEXT },
};
static const char SQL_RECHECKS[] =
    "SELECT r.id, e.uscc, e.name, c.case_no, c.region_code, c.filed_on, c.closed_on, r.due_on, "
    "r.done_on, r.result FROM rechecks r JOIN enterprises e ON e.id = r.enterprise_id "
    "JOIN cases c ON c.id = r.case_id WHERE " R_SCOPE " AND c.filed_on >= $5 AND r.id > $6 "
    "ORDER BY r.id LIMIT $7";

int
store_wq_rechecks(struct store *st, const struct sw_scope *sc, const char *since,
                  const struct sq_page *pg, sq_row_fn fn, void *ctx, struct zq_err *err)
{
    struct store_val p[7];

    scope_params(sc, p);
    p[4] = sq_text(since);
    p[5] = sq_int(pg->after ? pg->after_id : 0);
    p[6] = sq_int(pg->limit + 1);
    return sq_run_cols(st, SQL_RECHECKS, p, 7, recheck_cols, SQ_NCOLS(recheck_cols), fn, ctx, NULL,
                       err);
}

static const char SQL_RECHECK_VISIBLE[] =
    "SELECT 1 FROM rechecks r JOIN cases c ON c.id = r.case_id WHERE " R_SCOPE " AND r.id = $5";

int
store_wq_recheck_visible(struct store *st, const struct sw_scope *sc, int64_t id, bool *found,
                         struct zq_err *err)
{
    struct store_val p[5];

    *found = false;
    scope_params(sc, p);
    p[4] = sq_int(id);
    return sq_run(st, SQL_RECHECK_VISIBLE, p, 5, any_row, found, NULL, err);
}
