/*
 * store_job.h - the record of an API import while it runs.  An import
 * writes its own finished job row inside its transaction (store_simp_job);
 * the API records a `running` row before that transaction begins, so that
 * the job can be followed (GET /api/v1/jobs/{id}) while the import runs, then
 * takes over the finished row's counts (store_job_adopt) so that the job
 * keeps the id the client saw first.  Each call is its own statement or
 * transaction (never inside the import's).
 */
#ifndef ZQ_STORE_STORE_JOB_H
#define ZQ_STORE_STORE_JOB_H

#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

/* A `running` job; *id gets its id. */
int store_job_start(struct store *st, const char *kind, const char *source, const char *actor,
                    const char *file_name, int64_t bytes_total, int64_t now, int64_t *id,
                    struct zq_err *err) ZQ_WUR;
/* Give running job id the status, counts and times of the finished row
 * `done` (written by the import), and remove that row. */
int store_job_adopt(struct store *st, int64_t id, int64_t done, struct zq_err *err) ZQ_WUR;
/* The import failed: status failed with a message. */
int store_job_fail(struct store *st, int64_t id, const char *message, int64_t now,
                   struct zq_err *err) ZQ_WUR;
/* The import applied nothing (a dry run, a strict import with rejected
 * rows): no job is recorded, as on the command line. */
int store_job_drop(struct store *st, int64_t id, struct zq_err *err) ZQ_WUR;

/* What store_job_sweep() did. */
struct store_job_swept {
    int64_t failed;  /* running jobs whose import never committed: now failed */
    int64_t adopted; /* running jobs whose import committed: handed over, now done */
    int64_t live;    /* running jobs another server process is still running (PostgreSQL) */
};

/* Settle the `running` API jobs of server processes that stopped mid-import
 * (killed, crashed, power cut): the import's transaction was rolled back, so
 * the job is failed with message; or it had committed, and its finished row
 * is handed over as store_job_adopt() would have.  On PostgreSQL a job whose
 * lock another connection holds is left alone (store_job.c).  Run by `serve`
 * before it listens. */
int store_job_sweep(struct store *st, const char *message, int64_t now, struct store_job_swept *out,
                    struct zq_err *err) ZQ_WUR;

#endif
