/*
 * store_warn_list.c - reading warnings (filtered lists in keyset pages, one
 * warning, its history) and applying a lifecycle step to one warning.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_int.h"
#include "store/store_warn.h"

#define PAGE 1000

#define ROW_COLS                                                                               \
    "w.id, w.rule, w.level, w.base_level, w.subject_type, w.subject_code, w.month, w.status, " \
    "w.first_seen, w.last_seen, w.message, w.basis, coalesce(w.evidence, ''), w.province, "    \
    "w.region_code, coalesce(w.dept, ''), coalesce(w.assigned_dept, ''), "                     \
    "coalesce(u.username, ''), coalesce(w.deadline_on, ''), coalesce(w.reply, ''), "           \
    "coalesce(w.dismiss_reason, ''), coalesce(w.project_id, 0), coalesce(w.notified_at, 0), "  \
    "coalesce(w.replied_at, 0), coalesce(w.reviewed_at, 0), coalesce(w.resolved_at, 0), "      \
    "w.reopen_count, w.created_at, w.updated_at, "                                             \
    "CASE w.level WHEN 'red' THEN 0 WHEN 'orange' THEN 1 ELSE 2 END"

static const char SQL_LIST[] =
    "SELECT " ROW_COLS " FROM warnings w LEFT JOIN users u ON u.id = w.assignee_id WHERE "
    "(CAST($1 AS TEXT) = 'all' OR (CAST($1 AS TEXT) = 'open' AND w.status NOT IN ('resolved', "
    "'dismissed')) OR w.status = $1) "
    "AND (CAST($2 AS TEXT) IS NULL OR w.region_code LIKE $2) "
    "AND (CAST($3 AS TEXT) IS NULL OR w.rule = $3) "
    "AND (CAST($4 AS TEXT) IS NULL OR w.level = $4) "
    "AND (CAST($5 AS TEXT) IS NULL OR w.subject_type = $5) "
    "AND (CAST($6 AS TEXT) IS NULL OR w.subject_code = $6) "
    "AND (CAST($7 AS BIGINT) = 0 OR w.project_id = $7) "
    "AND (CASE w.level WHEN 'red' THEN 0 WHEN 'orange' THEN 1 ELSE 2 END > $8 OR "
    "(CASE w.level WHEN 'red' THEN 0 WHEN 'orange' THEN 1 ELSE 2 END = $8 AND w.id > $9)) "
    "ORDER BY CASE w.level WHEN 'red' THEN 0 WHEN 'orange' THEN 1 ELSE 2 END, w.id LIMIT $10";

static const char SQL_GET[] =
    "SELECT " ROW_COLS " FROM warnings w LEFT JOIN users u ON u.id = w.assignee_id "
    "WHERE w.id = $1";

static void
read_row(struct store_stmt *s, struct sw_row *r)
{
    const char **t[] = { &r->rule,         &r->level,       &r->base_level, &r->subject_type,
                         &r->subject_code, &r->month,       &r->status,     &r->first_seen,
                         &r->last_seen,    &r->message,     &r->basis,      &r->evidence,
                         &r->province,     &r->region,      &r->dept,       &r->assigned_dept,
                         &r->assignee,     &r->deadline_on, &r->reply,      &r->dismiss_reason };
    int64_t *n[] = { &r->project_id,  &r->notified_at,  &r->replied_at, &r->reviewed_at,
                     &r->resolved_at, &r->reopen_count, &r->created_at, &r->updated_at };

    r->id = store_column_int(s, 0);
    for (int i = 0; i < 20; i++)
        *t[i] = store_column_text(s, 1 + i, NULL);
    for (int i = 0; i < 8; i++)
        *n[i] = store_column_int(s, 21 + i);
}

static int
bind_opt(struct store_stmt *s, int idx, const char *v)
{
    return v ? store_bind_text(s, idx, v, (size_t)-1) : store_bind_null(s, idx);
}

int
store_warn_each(struct store *st, const struct sw_filter *f, sw_row_fn fn, void *ctx,
                struct zq_err *err)
{
    char region[16];
    int64_t last_rank = -1, last_id = 0;

    if (f->region != NULL) {
        size_t n = strlen(f->region);
        /* 330000 covers 33xxxx, 330200 covers 3302xx */
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
        if (store_bind_text(s, 1, f->status ? f->status : "open", (size_t)-1) < 0 ||
            bind_opt(s, 2, f->region ? region : NULL) < 0 || bind_opt(s, 3, f->rule) < 0 ||
            bind_opt(s, 4, f->level) < 0 || bind_opt(s, 5, f->subject_type) < 0 ||
            bind_opt(s, 6, f->subject_code) < 0 || store_bind_int(s, 7, f->project_id) < 0 ||
            store_bind_int(s, 8, last_rank) < 0 || store_bind_int(s, 9, last_id) < 0 ||
            store_bind_int(s, 10, PAGE) < 0) {
            store_stmt_done(s);
            return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
        }
        while ((rc = store_step(s, err)) == STORE_ROW) {
            struct sw_row r;
            read_row(s, &r);
            last_id = r.id;
            last_rank = store_column_int(s, 29);
            rows++;
            if ((rc = fn(ctx, &r)) < 0)
                break;
        }
        store_stmt_done(s);
        if (rc < 0)
            return rc;
        if (rows < PAGE)
            return 0;
        /* the next page starts after (last_rank, last_id) */
    }
}

int
store_warn_get(struct store *st, int64_t id, sw_row_fn fn, void *ctx, bool *found,
               struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    *found = false;
    if ((rc = store_prepare(st, SQL_GET, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, id) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
        struct sw_row r;
        *found = true;
        read_row(s, &r);
        rc = fn(ctx, &r);
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------ lifecycle */

static const char SQL_CHANGE[] =
    "UPDATE warnings SET status = $3, assigned_dept = coalesce($4, assigned_dept), "
    "assignee_id = coalesce($5, assignee_id), deadline_on = coalesce($6, deadline_on), "
    "reply = coalesce($7, reply), dismiss_reason = coalesce($8, dismiss_reason), "
    "notified_at = CASE WHEN CAST($9 AS INTEGER) = 1 THEN $13 ELSE notified_at END, "
    "replied_at = CASE WHEN CAST($10 AS INTEGER) = 1 THEN $13 ELSE replied_at END, "
    "reviewed_at = CASE WHEN CAST($11 AS INTEGER) = 1 THEN $13 ELSE reviewed_at END, "
    "resolved_at = CASE WHEN CAST($12 AS INTEGER) = 1 THEN $13 ELSE resolved_at END, "
    "updated_at = $13 WHERE id = $1 AND status = $2";
static const char SQL_EVENT[] =
    "INSERT INTO warning_events (warning_id, at, actor_id, action, from_status, to_status, note) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";

int
store_warn_change(struct store *st, int64_t id, const char *from_status, const struct sw_change *c,
                  int64_t now, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, SQL_CHANGE, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, id) < 0 || store_bind_text(s, 2, from_status, (size_t)-1) < 0 ||
        store_bind_text(s, 3, c->to_status, (size_t)-1) < 0 ||
        bind_opt(s, 4, c->assigned_dept) < 0 ||
        (c->assignee_id ? store_bind_int(s, 5, c->assignee_id) : store_bind_null(s, 5)) < 0 ||
        bind_opt(s, 6, c->deadline_on) < 0 || bind_opt(s, 7, c->reply) < 0 ||
        bind_opt(s, 8, c->dismiss_reason) < 0 || store_bind_int(s, 9, c->set_notified) < 0 ||
        store_bind_int(s, 10, c->set_replied) < 0 || store_bind_int(s, 11, c->set_reviewed) < 0 ||
        store_bind_int(s, 12, c->set_resolved) < 0 || store_bind_int(s, 13, now) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    if ((rc = store_run(s, err)) < 0)
        return rc;
    if (store_changes(st) != 1)
        return zq_err_set(err, ZQ_ECONFLICT, "预警 %lld 的状态已被他人改变，请刷新后重试",
                          (long long)id);
    if ((rc = store_prepare(st, SQL_EVENT, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, id) < 0 || store_bind_int(s, 2, now) < 0 ||
        (c->actor_id ? store_bind_int(s, 3, c->actor_id) : store_bind_null(s, 3)) < 0 ||
        store_bind_text(s, 4, c->action, (size_t)-1) < 0 ||
        store_bind_text(s, 5, from_status, (size_t)-1) < 0 ||
        store_bind_text(s, 6, c->to_status, (size_t)-1) < 0 ||
        store_bind_text(s, 7, c->note ? c->note : "", (size_t)-1) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    return store_run(s, err);
}

static const char SQL_EVENTS[] =
    "SELECT e.at, e.action, coalesce(e.from_status, ''), coalesce(e.to_status, ''), e.note, "
    "coalesce(u.username, '') FROM warning_events e LEFT JOIN users u ON u.id = e.actor_id "
    "WHERE e.warning_id = $1 ORDER BY e.at, e.id";

int
store_warn_events(struct store *st, int64_t id, sw_event_fn fn, void *ctx, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, SQL_EVENTS, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, id) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    while ((rc = store_step(s, err)) == STORE_ROW) {
        struct sw_event e = {
            .at = store_column_int(s, 0),
            .action = store_column_text(s, 1, NULL),
            .from_status = store_column_text(s, 2, NULL),
            .to_status = store_column_text(s, 3, NULL),
            .note = store_column_text(s, 4, NULL),
            .actor = store_column_text(s, 5, NULL),
        };
        if ((rc = fn(ctx, &e)) < 0)
            break;
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

static const char SQL_USER[] = "SELECT id FROM users WHERE username = $1";

int
store_warn_user_id(struct store *st, const char *username, int64_t *id, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    *id = 0;
    if ((rc = store_prepare(st, SQL_USER, &s, err)) < 0)
        return rc;
    if (store_bind_text(s, 1, username, (size_t)-1) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    rc = store_step(s, err);
    if (rc == STORE_ROW)
        *id = store_column_int(s, 0);
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}
