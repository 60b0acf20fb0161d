/*
 * store_ledger.c - the risk ledger (recomputed from the open and handled
 * warnings after each scan), its 包保 follow-ups and the 回头看 re-checks.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"
#include "store/store_warn.h"

#define PAGE 1000

#define ACTIVE "w.status NOT IN ('resolved', 'dismissed')"
#define LEVELS                                                   \
    "sum(CASE WHEN u.level = 'red' THEN 1 ELSE 0 END) AS r, "    \
    "sum(CASE WHEN u.level = 'orange' THEN 1 ELSE 0 END) AS o, " \
    "sum(CASE WHEN u.level = 'yellow' THEN 1 ELSE 0 END) AS y"
#define SCORE "(10 * x.r + 4 * x.o + x.y)"
#define KLASS                                                                \
    "CASE WHEN " SCORE " >= CAST($1 AS BIGINT) THEN '高' WHEN " SCORE " >= " \
    "CAST($2 AS BIGINT) THEN '中' ELSE '低' END"

static const char SQL_CLEAR[] = "DELETE FROM risk_ledger";

/* Projects: every active warning that belongs to the project (its own, and
 * those of its clues and cases). */
static const char SQL_PROJECTS[] =
    "INSERT INTO risk_ledger (subject_type, subject_code, province, region_code, dept, funding, "
    "red, orange, yellow, score, class, predicted, updated_at) "
    "SELECT 'project', p.code, p.province, p.region_code, CASE p.industry WHEN '住建' THEN "
    "'housing' WHEN '交通' THEN 'transport' WHEN '水利' THEN 'water' WHEN '农业农村' THEN 'agri' "
    "ELSE 'hrss' END, p.funding, x.r, x.o, x.y, " SCORE ", " KLASS ", "
    "(SELECT pr.score FROM project_risk pr WHERE pr.project_id = p.id), $3 "
    "FROM (SELECT u.project_id AS pid, " LEVELS " FROM warnings u WHERE u.project_id IS NOT NULL "
    "AND u.status NOT IN ('resolved', 'dismissed') GROUP BY u.project_id) x "
    "JOIN projects p ON p.id = x.pid";

/* Enterprises: their own warnings, their cases' and the warnings of the
 * projects they are general contractor of. */
static const char SQL_ENTERPRISES[] =
    "INSERT INTO risk_ledger (subject_type, subject_code, province, region_code, dept, funding, "
    "red, orange, yellow, score, class, predicted, updated_at) "
    "SELECT 'enterprise', e.uscc, substr(e.region_code, 1, 2) || '0000', e.region_code, NULL, "
    "NULL, x.r, x.o, x.y, " SCORE ", " KLASS ", NULL, $3 FROM (SELECT u.eid, " LEVELS " FROM ("
    "SELECT p.contractor_id AS eid, w.level FROM warnings w JOIN projects p ON p.id = "
    "w.project_id WHERE " ACTIVE " UNION ALL "
    "SELECT e2.id, w.level FROM warnings w JOIN enterprises e2 ON e2.uscc = w.subject_code "
    "WHERE w.subject_type = 'enterprise' AND " ACTIVE " UNION ALL "
    "SELECT c.debtor_id, w.level FROM warnings w JOIN cases c ON c.case_no = w.subject_code "
    "WHERE w.subject_type = 'case' AND c.debtor_id IS NOT NULL AND " ACTIVE
    ") u GROUP BY u.eid) x JOIN enterprises e ON e.id = x.eid";

int
store_ledger_refresh(struct store *st, int high, int mid, int64_t now, struct zq_err *err)
{
    const char *sqls[] = { SQL_PROJECTS, SQL_ENTERPRISES };
    int rc;

    if ((rc = store_exec(st, SQL_CLEAR, err)) < 0)
        return rc;
    for (int i = 0; i < 2; i++) {
        struct store_stmt *s;
        if ((rc = store_prepare(st, sqls[i], &s, err)) < 0)
            return rc;
        if (store_bind_int(s, 1, high) < 0 || store_bind_int(s, 2, mid) < 0 ||
            store_bind_int(s, 3, now) < 0) {
            store_stmt_done(s);
            return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
        }
        if ((rc = store_run(s, err)) < 0)
            return rc;
    }
    return 0;
}

/* ------------------------------------------------------------ listing */

static const char SQL_LIST[] =
    "SELECT l.subject_type, l.subject_code, coalesce(p.name, e.name, ''), l.province, "
    "l.region_code, coalesce(l.dept, ''), coalesce(l.funding, ''), l.class, l.red, l.orange, "
    "l.yellow, l.score, coalesce(l.predicted, -1), coalesce(f.id, 0), coalesce(u.username, ''), "
    "coalesce(f.plan, ''), coalesce(f.deadline_on, ''), coalesce(f.status, ''), "
    "coalesce(f.feedback, ''), l.id, coalesce(pr.band, '') FROM risk_ledger l "
    "LEFT JOIN projects p ON l.subject_type = 'project' AND p.code = l.subject_code "
    "LEFT JOIN project_risk pr ON pr.project_id = p.id "
    "LEFT JOIN enterprises e ON l.subject_type = 'enterprise' AND e.uscc = l.subject_code "
    "LEFT JOIN followups f ON f.id = (SELECT max(g.id) FROM followups g WHERE "
    "g.subject_type = l.subject_type AND g.subject_code = l.subject_code) "
    "LEFT JOIN users u ON u.id = f.officer_id WHERE "
    "(CAST($1 AS TEXT) IS NULL OR l.region_code LIKE $1) "
    "AND (CAST($2 AS TEXT) IS NULL OR l.subject_type = $2) "
    "AND (CAST($3 AS TEXT) IS NULL OR l.class = $3) "
    "AND (CAST($4 AS TEXT) IS NULL OR l.dept = $4) "
    "AND (CAST($5 AS TEXT) IS NULL OR l.funding = $5) "
    "AND (l.score < CAST($6 AS BIGINT) OR (l.score = CAST($6 AS BIGINT) AND l.id > $7)) "
    "ORDER BY l.score DESC, l.id LIMIT $8";

static int
bind_opt(struct store_stmt *s, int idx, const char *v)
{
    return v ? store_bind_text(s, idx, v, (size_t)-1) : store_bind_null(s, idx);
}

static void
read_ledger(struct store_stmt *s, const struct sl_filter *f, struct sl_row *r)
{
    r->subject_type = store_column_text(s, 0, NULL);
    r->subject_code = store_column_text(s, 1, NULL);
    r->name = store_column_text(s, 2, NULL);
    r->province = store_column_text(s, 3, NULL);
    r->region = store_column_text(s, 4, NULL);
    r->dept = store_column_text(s, 5, NULL);
    r->funding = store_column_text(s, 6, NULL);
    r->klass = store_column_text(s, 7, NULL);
    r->red = store_column_int(s, 8);
    r->orange = store_column_int(s, 9);
    r->yellow = store_column_int(s, 10);
    r->score = store_column_int(s, 11);
    r->predicted = store_column_int(s, 12);
    r->followup_id = store_column_int(s, 13);
    r->officer = store_column_text(s, 14, NULL);
    r->plan = store_column_text(s, 15, NULL);
    r->deadline_on = store_column_text(s, 16, NULL);
    r->fu_status = store_column_text(s, 17, NULL);
    r->feedback = store_column_text(s, 18, NULL);
    r->predicted_band = store_column_text(s, 20, NULL);
    r->overdue = r->followup_id != 0 && strcmp(r->fu_status, "进行中") == 0 && f->today != NULL &&
                 strcmp(r->deadline_on, f->today) < 0;
}

int
store_ledger_each(struct store *st, const struct sl_filter *f, sl_row_fn fn, void *ctx,
                  struct zq_err *err)
{
    char region[16];
    int64_t last_score = INT64_MAX, last_id = 0;

    if (f->region != NULL) {
        size_t n = strlen(f->region);
        while (n > 2 && f->region[n - 1] == '0' && f->region[n - 2] == '0')
            n -= 2;
        snprintf(region, sizeof region, "%.*s%%", (int)(n > 12 ? 12 : n), f->region);
    }
    for (;;) {
        struct store_stmt *s;
        int64_t rows = 0;
        int rc;

        if ((rc = store_prepare(st, SQL_LIST, &s, err)) < 0)
            return rc;
        if (bind_opt(s, 1, f->region ? region : NULL) < 0 || bind_opt(s, 2, f->subject_type) < 0 ||
            bind_opt(s, 3, f->klass) < 0 || bind_opt(s, 4, f->dept) < 0 ||
            bind_opt(s, 5, f->funding) < 0 || store_bind_int(s, 6, last_score) < 0 ||
            store_bind_int(s, 7, last_id) < 0 || store_bind_int(s, 8, PAGE) < 0) {
            store_stmt_done(s);
            return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
        }
        while ((rc = store_step(s, err)) == STORE_ROW) {
            struct sl_row r;
            read_ledger(s, f, &r);
            last_score = r.score;
            last_id = store_column_int(s, 19);
            rows++;
            if ((rc = fn(ctx, &r)) < 0)
                break;
        }
        store_stmt_done(s);
        if (rc < 0)
            return rc;
        if (rows < PAGE)
            return 0;
    }
}

/* ------------------------------------------------------------ follow-ups */

static const char SQL_FU_ADD[] =
    "INSERT INTO followups (subject_type, subject_code, province, region_code, officer_id, plan, "
    "deadline_on, status, created_at, updated_at) SELECT l.subject_type, l.subject_code, "
    "l.province, l.region_code, $3, $4, $5, '进行中', $6, $6 FROM risk_ledger l "
    "WHERE l.subject_type = $1 AND l.subject_code = $2 RETURNING id";
static const char SQL_FU_FEEDBACK[] =
    "UPDATE followups SET feedback = $2, feedback_at = $3, updated_at = $3, "
    "status = CASE WHEN CAST($4 AS INTEGER) = 1 THEN '已完成' ELSE status END WHERE id = $1";

int
store_followup_add(struct store *st, const char *subject_type, const char *subject_code,
                   int64_t officer_id, const char *plan, const char *deadline_on, int64_t now,
                   int64_t *id, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    *id = 0;
    if ((rc = store_prepare(st, SQL_FU_ADD, &s, err)) < 0)
        return rc;
    if (store_bind_text(s, 1, subject_type, (size_t)-1) < 0 ||
        store_bind_text(s, 2, subject_code, (size_t)-1) < 0 ||
        store_bind_int(s, 3, officer_id) < 0 || store_bind_text(s, 4, plan, (size_t)-1) < 0 ||
        store_bind_text(s, 5, deadline_on, (size_t)-1) < 0 || store_bind_int(s, 6, now) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    rc = store_step(s, err);
    if (rc == STORE_ROW)
        *id = store_column_int(s, 0);
    store_stmt_done(s);
    if (rc < 0)
        return rc;
    if (*id == 0)
        return zq_err_set(err, ZQ_ENOTFOUND, "风险台账中没有 %s %s（先运行 zhiqian scan）",
                          subject_type, subject_code);
    return 0;
}

int
store_followup_feedback(struct store *st, int64_t id, const char *feedback, bool done, int64_t now,
                        struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, SQL_FU_FEEDBACK, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, id) < 0 || store_bind_text(s, 2, feedback, (size_t)-1) < 0 ||
        store_bind_int(s, 3, now) < 0 || store_bind_int(s, 4, done) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    if ((rc = store_run(s, err)) < 0)
        return rc;
    if (store_changes(st) != 1)
        return zq_err_set(err, ZQ_ENOTFOUND, "没有编号为 %lld 的包保处置记录", (long long)id);
    return 0;
}

/* ------------------------------------------------------------ re-checks */

static const char SQL_RC_CASES[] =
    "SELECT c.id, c.debtor_id, c.province, c.filed_on, coalesce(c.closed_on, '') FROM cases c "
    "WHERE c.verified = 1 AND c.debtor_id IS NOT NULL AND c.filed_on >= $1 AND c.id > $2 "
    "ORDER BY c.id LIMIT $3";
static const char SQL_RC_ADD[] =
    "INSERT INTO rechecks (enterprise_id, case_id, province, due_on) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (case_id, due_on) DO NOTHING";
static const char SQL_RC_LIST[] =
    "SELECT r.id, r.case_id, e.uscc, e.name, c.case_no, c.filed_on, coalesce(c.closed_on, ''), "
    "r.due_on, coalesce(r.done_on, ''), coalesce(r.result, ''), coalesce((SELECT "
    "min(x.due_on) FROM rechecks x WHERE x.enterprise_id = r.enterprise_id AND x.done_on IS "
    "NULL), '') FROM rechecks r "
    "JOIN enterprises e ON e.id = r.enterprise_id JOIN cases c ON c.id = r.case_id "
    "WHERE c.filed_on >= $1 AND (CAST($2 AS TEXT) IS NULL OR c.region_code LIKE $2) "
    "AND r.id > $3 ORDER BY r.id LIMIT $4";
static const char SQL_RC_DONE[] =
    "UPDATE rechecks SET done_on = $2, result = $3, checked_by = $4 WHERE id = $1";

int
store_recheck_cases(struct store *st, const char *since, sr_case_fn fn, void *ctx,
                    struct zq_err *err)
{
    int64_t last = 0;

    for (;;) {
        struct store_stmt *s;
        int rc;

        if ((rc = store_prepare(st, SQL_RC_CASES, &s, err)) < 0)
            return rc;
        if (store_bind_text(s, 1, since, (size_t)-1) < 0 || store_bind_int(s, 2, last) < 0 ||
            store_bind_int(s, 3, 64) < 0) {
            store_stmt_done(s);
            return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
        }
        /* the callback may write: collect the page (64 rows) first */
        struct {
            int64_t id, eid;
            char province[8], filed[11], closed[11];
        } page[64];
        int np = 0;
        while (np < 64 && (rc = store_step(s, err)) == STORE_ROW) {
            page[np].id = store_column_int(s, 0);
            page[np].eid = store_column_int(s, 1);
            snprintf(page[np].province, sizeof page[np].province, "%s",
                     store_column_text(s, 2, NULL));
            snprintf(page[np].filed, sizeof page[np].filed, "%s", store_column_text(s, 3, NULL));
            snprintf(page[np].closed, sizeof page[np].closed, "%s", store_column_text(s, 4, NULL));
            np++;
        }
        store_stmt_done(s);
        if (rc < 0)
            return rc;
        for (int i = 0; i < np; i++) {
            last = page[i].id;
            if ((rc = fn(ctx, page[i].id, page[i].eid, page[i].province, page[i].filed,
                         page[i].closed)) < 0)
                return rc;
        }
        if (np < 64)
            return 0;
    }
}

int
store_recheck_add(struct store *st, int64_t case_id, int64_t enterprise_id, const char *province,
                  const char *due_on, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, SQL_RC_ADD, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, enterprise_id) < 0 || store_bind_int(s, 2, case_id) < 0 ||
        store_bind_text(s, 3, province, (size_t)-1) < 0 ||
        store_bind_text(s, 4, due_on, (size_t)-1) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    return store_run(s, err);
}

int
store_recheck_each(struct store *st, const char *since, const char *region, sr_row_fn fn, void *ctx,
                   struct zq_err *err)
{
    char prefix[16];
    int64_t last = 0;

    if (region != NULL) {
        size_t n = strlen(region);
        while (n > 2 && region[n - 1] == '0' && region[n - 2] == '0')
            n -= 2;
        snprintf(prefix, sizeof prefix, "%.*s%%", (int)(n > 12 ? 12 : n), region);
    }
    for (;;) {
        struct store_stmt *s;
        int64_t rows = 0;
        int rc;

        if ((rc = store_prepare(st, SQL_RC_LIST, &s, err)) < 0)
            return rc;
        if (store_bind_text(s, 1, since, (size_t)-1) < 0 ||
            bind_opt(s, 2, region ? prefix : NULL) < 0 || store_bind_int(s, 3, last) < 0 ||
            store_bind_int(s, 4, PAGE) < 0) {
            store_stmt_done(s);
            return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
        }
        while ((rc = store_step(s, err)) == STORE_ROW) {
            struct sr_row r = {
                .id = store_column_int(s, 0),
                .case_id = store_column_int(s, 1),
                .uscc = store_column_text(s, 2, NULL),
                .name = store_column_text(s, 3, NULL),
                .case_no = store_column_text(s, 4, NULL),
                .filed_on = store_column_text(s, 5, NULL),
                .closed_on = store_column_text(s, 6, NULL),
                .due_on = store_column_text(s, 7, NULL),
                .done_on = store_column_text(s, 8, NULL),
                .result = store_column_text(s, 9, NULL),
                .next_due = store_column_text(s, 10, NULL),
            };
            last = r.id;
            rows++;
            if ((rc = fn(ctx, &r)) < 0)
                break;
        }
        store_stmt_done(s);
        if (rc < 0)
            return rc;
        if (rows < PAGE)
            return 0;
    }
}

int
store_recheck_done(struct store *st, int64_t id, const char *done_on, const char *result,
                   int64_t checked_by, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, SQL_RC_DONE, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, id) < 0 || store_bind_text(s, 2, done_on, (size_t)-1) < 0 ||
        store_bind_text(s, 3, result, (size_t)-1) < 0 ||
        (checked_by ? store_bind_int(s, 4, checked_by) : store_bind_null(s, 4)) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    if ((rc = store_run(s, err)) < 0)
        return rc;
    if (store_changes(st) != 1)
        return zq_err_set(err, ZQ_ENOTFOUND, "没有编号为 %lld 的回头看记录", (long long)id);
    return 0;
}

static const char SQL_CLASS[] =
    "SELECT class FROM risk_ledger WHERE subject_type = $1 AND subject_code = $2";

int
store_ledger_class(struct store *st, const char *subject_type, const char *subject_code,
                   char out[8], struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    out[0] = '\0';
    if ((rc = store_prepare(st, SQL_CLASS, &s, err)) < 0)
        return rc;
    if (store_bind_text(s, 1, subject_type, (size_t)-1) < 0 ||
        store_bind_text(s, 2, subject_code, (size_t)-1) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    rc = store_step(s, err);
    if (rc == STORE_ROW)
        snprintf(out, 8, "%s", store_column_text(s, 0, NULL));
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}
