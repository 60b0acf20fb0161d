/*
 * The `running` record of an API import whose server process was killed:
 * store_job_sweep() (run by `serve` before it listens) fails the job whose
 * import never committed, hands over the finished row of one that did, and
 * on PostgreSQL leaves alone a job whose import another server process is
 * still running (its connection holds the job's lock).  Before the sweep
 * such a job read `running` for ever.  Runs on SQLite in a temporary file
 * and, when ZHIQIAN_TEST_PG holds a URI, on PostgreSQL in a schema of its own
 * (zq_jobsweep_<pid>), as test_store does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "store/store.h"
#include "store/store_job.h"
#include "backends.h"
#include "t.h"

#define T_OK(call) T_CHECK((call) == 0)

static struct t_backends env;

static const char MSG[] = "导入未完成：服务在导入过程中停止";

/* A new, migrated database on backend b. */
static struct store *
fresh(const struct t_backend *b)
{
    return tb_fresh(&env, b, true);
}

/* The status of job id ("" when it is gone), and its message. */
static void
job_status(struct store *st, int64_t id, char *status, size_t n, char *msg, size_t mn)
{
    struct store_stmt *s = NULL;
    struct zq_err e;
    const char *p;

    zq_err_clear(&e);
    status[0] = msg[0] = '\0';
    if (store_prepare(st, "SELECT status, coalesce(message, '') FROM import_jobs WHERE id = $1", &s,
                      &e) < 0 ||
        store_bind_int(s, 1, id) < 0) {
        fprintf(stderr, "job_status: %s\n", e.msg);
        store_stmt_done(s);
        return;
    }
    if (store_step(s, &e) == STORE_ROW) {
        p = store_column_text(s, 0, NULL);
        snprintf(status, n, "%s", p ? p : "");
        p = store_column_text(s, 1, NULL);
        snprintf(msg, mn, "%s", p ? p : "");
    }
    store_stmt_done(s);
}

/* The finished row an import writes in its own transaction (store_simp_job). */
static void
finished_row(struct store *st, const char *file)
{
    char sql[512];
    struct zq_err e;

    zq_err_clear(&e);
    snprintf(sql, sizeof(sql),
             "INSERT INTO import_jobs (kind, status, source, actor, file_name, rows_total, "
             "rows_new, created_at, started_at, finished_at) VALUES ('payroll', 'done', 'api', "
             "'user:adm', '%s', 7, 7, 1, 1, 2)",
             file);
    T_OK(store_exec(st, sql, &e));
}

/* Sweep once the server has ended the sessions of closed connections: a
 * backend releases its locks when it exits, a moment after the client has
 * gone.  Counts of the last sweep in *sw. */
static int
sweep_after_close(struct store *st, struct store_job_swept *sw, struct zq_err *e)
{
    int64_t failed = 0, adopted = 0;
    int rc;

    for (int i = 0; i < 100; i++) {
        if ((rc = store_job_sweep(st, MSG, ts_now(), sw, e)) < 0)
            return rc;
        failed += sw->failed;
        adopted += sw->adopted;
        if (sw->live == 0)
            break;
        usleep(50000);
    }
    sw->failed = failed;
    sw->adopted = adopted;
    return 0;
}

static void
test_sweep(void)
{
    for (int i = 0; i < env.n; i++) {
        struct store *st = fresh(&env.b[i]);
        struct store_job_swept sw;
        struct zq_err e;
        int64_t killed = 0, committed = 0, settled = 0;
        char status[32], msg[256];

        fprintf(stderr, "  %s\n", env.b[i].name);
        zq_err_clear(&e);
        /* three API jobs: one whose import was killed before its commit, one killed
         * between the commit and the hand-over, one that ended normally */
        T_OK(store_job_start(st, "payroll", "api", "user:adm", "a.csv（请求 1）", 100, 1, &killed,
                             &e));
        T_OK(store_job_start(st, "payroll", "api", "user:adm", "b.csv（请求 2）", 100, 1,
                             &committed, &e));
        finished_row(st, "b.csv（请求 2）");
        T_OK(store_job_start(st, "payroll", "ui", "user:adm", "c.csv（请求 3）", 100, 1, &settled,
                             &e));
        T_OK(store_job_fail(st, settled, "文件格式错误", 2, &e));
        T_CHECK(killed > 0 && committed > killed && settled > committed);
        /* the server process is gone: on PostgreSQL with its connection */
        store_close(st);
        st = tb_open(env.b[i].uri);

        T_OK(sweep_after_close(st, &sw, &e));
        T_EQ_INT(sw.failed, 1);
        T_EQ_INT(sw.adopted, 1);
        T_EQ_INT(sw.live, 0);
        job_status(st, killed, status, sizeof status, msg, sizeof msg);
        T_EQ_STR(status, "failed");
        T_EQ_STR(msg, MSG);
        job_status(st, committed, status, sizeof status, msg, sizeof msg);
        T_EQ_STR(status, "done");
        job_status(st, committed + 1, status, sizeof status, msg, sizeof msg);
        T_EQ_STR(status, ""); /* the finished row was handed over and removed */
        job_status(st, settled, status, sizeof status, msg, sizeof msg);
        T_EQ_STR(status, "failed");
        T_EQ_STR(msg, "文件格式错误");
        /* a second sweep finds nothing */
        T_OK(store_job_sweep(st, MSG, ts_now(), &sw, &e));
        T_EQ_INT(sw.failed + sw.adopted + sw.live, 0);
        store_close(st);
    }
}

/* PostgreSQL: several server processes share the database; one starting up
 * leaves alone the import another one is running. */
static void
test_live_elsewhere(void)
{
    for (int i = 0; i < env.n; i++) {
        struct store *a, *b;
        struct store_job_swept sw;
        struct zq_err e;
        int64_t id = 0;
        char status[32], msg[256];

        if (env.b[i].schema[0] == '\0')
            continue; /* SQLite: the running import holds the write lock instead */
        fprintf(stderr, "  %s\n", env.b[i].name);
        zq_err_clear(&e);
        a = fresh(&env.b[i]);
        b = tb_open(env.b[i].uri);
        T_OK(store_job_start(a, "attendance", "api", "user:adm", "d.csv（请求 4）", 100, 1, &id,
                             &e));
        T_OK(store_job_sweep(b, MSG, ts_now(), &sw, &e));
        T_EQ_INT(sw.live, 1);
        T_EQ_INT(sw.failed, 0);
        job_status(b, id, status, sizeof status, msg, sizeof msg);
        T_EQ_STR(status, "running");
        /* settled by its own server: the lock goes with it, nothing left to sweep */
        T_OK(store_job_fail(a, id, "已取消", 2, &e));
        T_OK(store_job_start(a, "attendance", "api", "user:adm", "e.csv（请求 5）", 100, 1, &id,
                             &e));
        /* ... and the other server dies mid-import */
        store_close(a);
        T_OK(sweep_after_close(b, &sw, &e));
        T_EQ_INT(sw.live, 0);
        T_EQ_INT(sw.failed, 1);
        job_status(b, id, status, sizeof status, msg, sizeof msg);
        T_EQ_STR(status, "failed");
        store_close(b);
    }
}

static const struct t_case t_cases[] = {
    { "sweep", test_sweep },
    { "live elsewhere", test_live_elsewhere },
    { 0 },
};

int
main(int argc, char **argv)
{
    int rc;

    tb_setup(&env, "jobsweep");
    rc = t_main(t_cases, argc, argv);
    tb_teardown(&env);
    return rc;
}
