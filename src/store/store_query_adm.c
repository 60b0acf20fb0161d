/*
 * store_query_adm.c - read queries of the administration API (users, API
 * tokens, the audit log) and of import jobs with their row errors.
 *
 * Who may call these is decided above (svc/); users are still filtered by
 * the administrator's region here so that a county administrator never
 * lists the province's accounts.
 */
#include "store/store_query.h"
#include "store/store_query_int.h"

/* ---------------------------------------------------------------- users */

static const struct sq_col user_cols[] = {
    { "id", SQ_INT },
    { "username", SQ_TEXT },
    { "display_name", SQ_TEXT },
    { "role", SQ_TEXT },
    { "region_code", SQ_REGION },
    { "dept", SQ_TEXT },
    { "enterprise_uscc", SQ_TEXT },
    { "disabled", SQ_BOOL },
    { "last_login_at", SQ_TS },
    { "created_at", SQ_TS },
};
static const char SQL_USERS[] =
    "SELECT u.id, u.username, u.display_name, u.role, u.region_code, u.dept, e.uscc, "
    "u.disabled, u.last_login_at, u.created_at FROM users u LEFT JOIN enterprises e ON "
    "e.id = u.enterprise_id WHERE u.region_code BETWEEN $1 AND $2 AND u.id > $3 "
    "ORDER BY u.id LIMIT $4";

int
store_q_users(struct store *st, const char *lo, const char *hi, const struct sq_page *pg,
              sq_row_fn fn, void *ctx, struct zq_err *err)
{
    struct store_val p[4] = { sq_text(lo), sq_text(hi), sq_int(pg->after ? pg->after_id : 0),
                              sq_int(pg->limit + 1) };

    return sq_run_cols(st, SQL_USERS, p, 4, user_cols, SQ_NCOLS(user_cols), fn, ctx, NULL, err);
}

/* ---------------------------------------------------------------- tokens */

static const struct sq_col token_cols[] = {
    { "id", SQ_INT },          { "role", SQ_TEXT },     { "subject", SQ_TEXT },
    { "label", SQ_TEXT },      { "created_at", SQ_TS }, { "created_by", SQ_TEXT },
    { "last_used_at", SQ_TS }, { "revoked_at", SQ_TS },
};
static const char SQL_TOKENS[] =
    "SELECT t.id, t.role, t.subject, t.label, t.created_at, u.username, t.last_used_at, "
    "t.revoked_at FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by "
    "WHERE (CAST($1 AS BIGINT) = 0 OR t.id < $1) ORDER BY t.id DESC LIMIT $2";

int
store_q_tokens(struct store *st, const struct sq_page *pg, sq_row_fn fn, void *ctx,
               struct zq_err *err)
{
    struct store_val p[2] = { sq_int(pg->after ? pg->after_id : 0), sq_int(pg->limit + 1) };

    return sq_run_cols(st, SQL_TOKENS, p, 2, token_cols, SQ_NCOLS(token_cols), fn, ctx, NULL, err);
}

/* ---------------------------------------------------------------- audit log */

static const struct sq_col audit_cols[] = {
    { "seq", SQ_INT },     { "at", SQ_TS },          { "actor", SQ_TEXT },  { "action", SQ_TEXT },
    { "entity", SQ_TEXT }, { "entity_id", SQ_TEXT }, { "before", SQ_JSON }, { "after", SQ_JSON },
};
static const char SQL_AUDIT[] =
    "SELECT seq, at, actor, action, entity, entity_id, before_json, after_json FROM audit_log "
    "WHERE ($1 = '' OR entity = $1) AND ($2 = '' OR entity_id = $2) AND ($3 = '' OR actor = $3) "
    "AND (CAST($4 AS BIGINT) = 0 OR seq < $4) ORDER BY seq DESC LIMIT $5";

int
store_q_audit(struct store *st, const char *entity, const char *entity_id, const char *actor,
              const struct sq_page *pg, sq_row_fn fn, void *ctx, struct zq_err *err)
{
    struct store_val p[5] = { sq_text(sq_nz(entity)), sq_text(sq_nz(entity_id)),
                              sq_text(sq_nz(actor)), sq_int(pg->after ? pg->after_id : 0),
                              sq_int(pg->limit + 1) };

    return sq_run_cols(st, SQL_AUDIT, p, 5, audit_cols, SQ_NCOLS(audit_cols), fn, ctx, NULL, err);
}

/* ---------------------------------------------------------------- import jobs */

static const struct sq_col job_cols[] = {
    { "id", SQ_INT },
    { "kind", SQ_TEXT },
    { "status", SQ_TEXT },
    { "source", SQ_TEXT },
    { "actor", SQ_TEXT },
    { "file_name", SQ_TEXT },
    { "strict", SQ_BOOL },
    { "dry_run", SQ_BOOL },
    { "progress", SQ_INT },
    { "rows_total", SQ_INT },
    { "rows_new", SQ_INT },
    { "rows_updated", SQ_INT },
    { "rows_rejected", SQ_INT },
    { "message", SQ_TEXT },
    { "created_at", SQ_TS },
    { "started_at", SQ_TS },
    { "finished_at", SQ_TS },
};
#define JOB_COLS                                                                           \
    "SELECT id, kind, status, source, actor, file_name, strict, dry_run, progress, "       \
    "rows_total, rows_new, rows_updated, rows_rejected, message, created_at, started_at, " \
    "finished_at FROM import_jobs "
static const char SQL_JOB[] = JOB_COLS "WHERE id = $1 AND ($2 = '' OR actor = $2)";
static const char SQL_JOBS[] = JOB_COLS "WHERE ($1 = '' OR actor = $1) AND (CAST($2 AS BIGINT) "
                                        "= 0 OR id < $2) ORDER BY id DESC LIMIT $3";

int
store_q_job(struct store *st, int64_t id, const char *actor, sq_row_fn fn, void *ctx, bool *found,
            struct zq_err *err)
{
    struct store_val p[2] = { sq_int(id), sq_text(sq_nz(actor)) };
    long rows = 0;
    int rc = sq_run_cols(st, SQL_JOB, p, 2, job_cols, SQ_NCOLS(job_cols), fn, ctx, &rows, err);

    *found = rows > 0;
    return rc;
}

int
store_q_jobs(struct store *st, const char *actor, const struct sq_page *pg, sq_row_fn fn, void *ctx,
             struct zq_err *err)
{
    struct store_val p[3] = { sq_text(sq_nz(actor)), sq_int(pg->after ? pg->after_id : 0),
                              sq_int(pg->limit + 1) };

    return sq_run_cols(st, SQL_JOBS, p, 3, job_cols, SQ_NCOLS(job_cols), fn, ctx, NULL, err);
}

static const struct sq_col job_error_cols[] = {
    { "row_id", SQ_HIDDEN }, { "line", SQ_INT },    { "column", SQ_TEXT },
    { "value", SQ_TEXT },    { "reason", SQ_TEXT },
};
static const char SQL_JOB_ERRORS[] =
    "SELECT id, line, col, value, reason FROM import_errors WHERE job_id = $1 AND id > $2 "
    "ORDER BY id LIMIT $3";

int
store_q_job_errors(struct store *st, int64_t job_id, const struct sq_page *pg, sq_row_fn fn,
                   void *ctx, struct zq_err *err)
{
    struct store_val p[3] = { sq_int(job_id), sq_int(pg->after ? pg->after_id : 0),
                              sq_int(pg->limit + 1) };

    return sq_run_cols(st, SQL_JOB_ERRORS, p, 3, job_error_cols, SQ_NCOLS(job_error_cols), fn, ctx,
                       NULL, err);
}

static const char SQL_JOB_FIND[] = "SELECT id FROM import_jobs WHERE actor = $1 AND kind = $2 "
                                   "AND file_name = $3 ORDER BY id DESC LIMIT 1";
static const char SQL_JOB_ERROR_ADD[] =
    "INSERT INTO import_errors (job_id, line, col, value, reason) VALUES ($1, $2, $3, $4, $5)";

static int
first_id(void *ctx, const struct store_val *v, int n)
{
    int64_t *id = ctx;

    if (n > 0 && v[0].t == STORE_INT)
        *id = v[0].i;
    return 1;
}

int
store_q_job_find(struct store *st, const char *actor, const char *kind, const char *file_name,
                 int64_t *id, struct zq_err *err)
{
    struct store_val p[3] = { sq_text(actor), sq_text(kind), sq_text(file_name) };

    *id = 0;
    return sq_run(st, SQL_JOB_FIND, p, 3, first_id, id, NULL, err);
}

int
store_q_job_error_add(struct store *st, int64_t job_id, long line, const char *col,
                      const char *value, const char *reason, struct zq_err *err)
{
    struct store_val p[5] = { sq_int(job_id), sq_int(line), sq_text(sq_nz(col)),
                              sq_text(sq_nz(value)), sq_text(sq_nz(reason)) };

    return sq_run(st, SQL_JOB_ERROR_ADD, p, 5, NULL, NULL, NULL, err);
}
