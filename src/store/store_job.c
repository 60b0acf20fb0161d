/*
 * store_job.c - the `running` record of an API import and its hand-over to
 * the finished row the import writes (see store_job.h).
 */
#include "store/store_job.h"

#include <stdbool.h>
#include <string.h>

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

/* PostgreSQL: the connection running an import holds a session advisory
 * lock on its job (class 31345, key the job id) from before the `running`
 * row is visible until the row is settled.  A server process killed
 * mid-import loses its connection and with it the lock, which is how
 * store_job_sweep() tells a job left behind from one that another server
 * process is running.  (SQLite: an import holds the write lock for its whole
 * transaction, and the sweep runs in a write transaction of its own.) */
static const char SQL_LOCK[] =
    "SELECT 1 FROM (SELECT pg_advisory_lock(31345, CAST($1 AS integer))) l";
static const char SQL_TRYLOCK[] =
    "SELECT CASE WHEN pg_try_advisory_lock(31345, CAST($1 AS integer)) THEN 1 ELSE 0 END";
static const char SQL_UNLOCK[] =
    "SELECT CASE WHEN pg_advisory_unlock(31345, CAST($1 AS integer)) THEN 1 ELSE 0 END";

static bool
is_pg(struct store *st)
{
    return store_dialect(st) == STORE_PG;
}

static int
job_lock(struct store *st, const char *sql, int64_t id, int64_t *got, struct zq_err *err)
{
    struct store_val p[1] = { sq_int(id) };

    *got = 0;
    return sq_run(st, sql, p, 1, first_id, got, NULL, err);
}

int
store_job_start(struct store *st, const char *kind, const char *source, const char *actor,
                const char *file_name, int64_t bytes_total, int64_t now, int64_t *id,
                struct zq_err *err)
{
    struct store_val p[6] = { sq_text(kind),      sq_text(source),     sq_text(actor),
                              sq_text(file_name), sq_int(bytes_total), sq_int(now) };
    int64_t got;
    int rc;

    *id = 0;
    if ((rc = store_begin(st, err)) < 0)
        return rc;
    if ((rc = sq_run(st, SQL_START, p, 6, first_id, id, NULL, err)) < 0 ||
        (*id > 0 && is_pg(st) && (rc = job_lock(st, SQL_LOCK, *id, &got, err)) < 0) ||
        (rc = store_commit(st, err)) < 0) {
        store_rollback(st);
        *id = 0;
        return rc;
    }
    return *id > 0 ? 0 : zq_err_set(err, ZQ_EDB, "导入任务未能登记");
}

/* The job is settled: its lock goes (the connection may live on). */
static void
job_unlock(struct store *st, int64_t id)
{
    struct zq_err e;
    int64_t got;

    zq_err_clear(&e);
    if (is_pg(st))
        (void)job_lock(st, SQL_UNLOCK, id, &got, &e); /* else it goes with the connection */
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
    if ((rc = store_commit(st, err)) == 0)
        job_unlock(st, id);
    return rc;
}

static const char SQL_FAIL[] =
    "UPDATE import_jobs SET status = 'failed', message = $2, finished_at = $3 WHERE id = $1";

int
store_job_fail(struct store *st, int64_t id, const char *message, int64_t now, struct zq_err *err)
{
    struct store_val p[3] = { sq_int(id), sq_text(message), sq_int(now) };
    int rc;

    if ((rc = sq_run(st, SQL_FAIL, p, 3, NULL, NULL, NULL, err)) == 0)
        job_unlock(st, id);
    return rc;
}

int
store_job_drop(struct store *st, int64_t id, struct zq_err *err)
{
    struct store_val p[1] = { sq_int(id) };
    int rc;

    if ((rc = sq_run(st, SQL_DELETE, p, 1, NULL, NULL, NULL, err)) == 0)
        job_unlock(st, id);
    return rc;
}

/* ---------------------------------------------------------------- jobs left behind */

/* Running API jobs, each with the finished row its import wrote (0: none):
 * the file name carries the request id, so the pair is unambiguous. */
static const char SQL_RUNNING[] =
    "SELECT j.id, coalesce((SELECT max(d.id) FROM import_jobs d WHERE d.id > j.id "
    "AND d.kind = j.kind AND d.actor = j.actor AND d.file_name = j.file_name "
    "AND d.status <> 'running'), 0) FROM import_jobs j WHERE j.status = 'running' "
    "AND j.source IN ('api', 'ui') ORDER BY j.id";

#define SWEEP_MAX 256

struct running {
    int64_t id[SWEEP_MAX], done[SWEEP_MAX];
    int n;
};

static int
running_add(void *ctx, const struct store_val *v, int n)
{
    struct running *r = ctx;

    if (n < 2 || v[0].t != STORE_INT || r->n == SWEEP_MAX)
        return r->n == SWEEP_MAX ? 1 : 0;
    r->id[r->n] = v[0].i;
    r->done[r->n] = v[1].t == STORE_INT ? v[1].i : 0;
    r->n++;
    return 0;
}

static int
sweep_one(struct store *st, int64_t id, int64_t done, const char *message, int64_t now,
          struct store_job_swept *out, struct zq_err *err)
{
    struct store_val p[2] = { sq_int(id), sq_int(done) };
    struct store_val d[1] = { sq_int(done) };
    struct store_val f[3] = { sq_int(id), sq_text(message), sq_int(now) };
    int rc;

    if (done > 0) {
        /* killed between the import's commit and the hand-over: finish the hand-over */
        if ((rc = sq_run(st, SQL_ADOPT, p, 2, NULL, NULL, NULL, err)) < 0 ||
            (rc = sq_run(st, SQL_DELETE, d, 1, NULL, NULL, NULL, err)) < 0)
            return rc;
        out->adopted++;
        return 0;
    }
    if ((rc = sq_run(st, SQL_FAIL, f, 3, NULL, NULL, NULL, err)) < 0)
        return rc;
    out->failed++;
    return 0;
}

int
store_job_sweep(struct store *st, const char *message, int64_t now, struct store_job_swept *out,
                struct zq_err *err)
{
    struct running r = { .n = 0 };
    int64_t got;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = store_begin(st, err)) < 0)
        return rc;
    if ((rc = sq_run(st, SQL_RUNNING, NULL, 0, running_add, &r, NULL, err)) < 0)
        goto fail;
    for (int i = 0; i < r.n; i++) {
        if (is_pg(st)) {
            /* held: another server process is running this import */
            if ((rc = job_lock(st, SQL_TRYLOCK, r.id[i], &got, err)) < 0)
                goto fail;
            if (got != 1) {
                out->live++;
                continue;
            }
        }
        rc = sweep_one(st, r.id[i], r.done[i], message, now, out, err);
        if (is_pg(st) && rc == 0)
            rc = job_lock(st, SQL_UNLOCK, r.id[i], &got, err);
        if (rc < 0)
            goto fail;
    }
    return store_commit(st, err);
fail:
    store_rollback(st);
    return rc;
}
