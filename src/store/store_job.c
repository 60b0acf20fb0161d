/*
 * store_job.c - the `running` record of an API import and its hand-over to
 * the finished row the import writes (see store_job.h).
 */
#include "store/store_job.h"

#include "store/store_query_int.h"

static const char SQL_START[] =
    "INSERT INTO import_jobs (kind, status, source, actor, file_name, bytes_total, created_at, "
    "started_at) VALUES ($1, 'running', $2, $3, $4, $5, $6, $6) RETURNING id";

static int
first_id(void *ctx, const struct store_val *v, int n)
{
    *(int64_t *)ctx = n > 0 && v[0].t == STORE_INT ? v[0].i : 0;
    return 1;
}

int
store_job_start(struct store *st, const char *kind, const char *source, const char *actor,
                const char *file_name, int64_t bytes_total, int64_t now, int64_t *id,
                struct zq_err *err)
{
    struct store_val p[6] = { sq_text(kind),      sq_text(source),     sq_text(actor),
                              sq_text(file_name), sq_int(bytes_total), sq_int(now) };
    int rc;

    *id = 0;
    if ((rc = sq_run(st, SQL_START, p, 6, first_id, id, NULL, err)) < 0)
        return rc;
    return *id > 0 ? 0 : zq_err_set(err, ZQ_EDB, "导入任务未能登记");
}

/* The finished row $2's status, counts and end time, one column at a time
 * (UPDATE ... FROM is not in SQLite before 3.33). */
static const char SQL_ADOPT[] =
    "UPDATE import_jobs SET "
    "status = (SELECT d.status FROM import_jobs d WHERE d.id = $2), "
    "strict = (SELECT d.strict FROM import_jobs d WHERE d.id = $2), "
    "dry_run = (SELECT d.dry_run FROM import_jobs d WHERE d.id = $2), "
    "rows_total = (SELECT d.rows_total FROM import_jobs d WHERE d.id = $2), "
    "rows_new = (SELECT d.rows_new FROM import_jobs d WHERE d.id = $2), "
    "rows_updated = (SELECT d.rows_updated FROM import_jobs d WHERE d.id = $2), "
    "rows_rejected = (SELECT d.rows_rejected FROM import_jobs d WHERE d.id = $2), "
    "message = (SELECT d.message FROM import_jobs d WHERE d.id = $2), "
    "finished_at = (SELECT d.finished_at FROM import_jobs d WHERE d.id = $2), "
    "progress = 100, bytes_done = bytes_total WHERE id = $1";
static const char SQL_DELETE[] = "DELETE FROM import_jobs WHERE id = $1";

int
store_job_adopt(struct store *st, int64_t id, int64_t done, struct zq_err *err)
{
    struct store_val p[2] = { sq_int(id), sq_int(done) };
    struct store_val d[1] = { sq_int(done) };
    int rc;

    if ((rc = store_begin(st, err)) < 0)
        return rc;
    if ((rc = sq_run(st, SQL_ADOPT, p, 2, NULL, NULL, NULL, err)) < 0 ||
        (rc = sq_run(st, SQL_DELETE, d, 1, NULL, NULL, NULL, err)) < 0) {
        store_rollback(st);
        return rc;
    }
    return store_commit(st, err);
}

static const char SQL_FAIL[] =
    "UPDATE import_jobs SET status = 'failed', message = $2, finished_at = $3 WHERE id = $1";

int
store_job_fail(struct store *st, int64_t id, const char *message, int64_t now, struct zq_err *err)
{
    struct store_val p[3] = { sq_int(id), sq_text(message), sq_int(now) };

    return sq_run(st, SQL_FAIL, p, 3, NULL, NULL, NULL, err);
}

int
store_job_drop(struct store *st, int64_t id, struct zq_err *err)
{
    struct store_val p[1] = { sq_int(id) };

    return sq_run(st, SQL_DELETE, p, 1, NULL, NULL, NULL, err);
}
