/*
 * store_backup.h - whole-database copies and the checks around them, for
 * `zhiqian backup` and `zhiqian restore` (svc/backup.c).
 *
 * SQLite copies go through the sqlite3 backup API, page by page, so a copy
 * of a live database is consistent (one snapshot) without stopping the
 * server.  The files are named by path; these functions open their own
 * connections and never touch a struct store.  The few queries that work on
 * an open store (is there data, a sealed sample, other sessions) run on both
 * engines.
 */
#ifndef ZQ_STORE_STORE_BACKUP_H
#define ZQ_STORE_STORE_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

struct store_copy_stats {
    int64_t pages; /* pages copied (of the final snapshot) */
    int steps;     /* backup steps taken */
    int restarts;  /* times a write by another connection restarted the copy */
    int64_t bytes; /* size of the copy */
};

/* Copy the SQLite database at src into dst with the backup API, step_pages
 * pages per step (0 or less: all in one step, one read transaction).  src is
 * opened read-only when src_ro, else read-write without creating it (a WAL
 * database needs that to be read while a server writes).  dst is created if
 * needed; an existing dst is replaced in one write transaction, so readers
 * of dst see the old or the new content, never a mix.  When another
 * connection writes src between steps the copy starts over; after three
 * restarts the rest is copied in one step (in WAL mode that does not block
 * writers).  Paths are borrowed.  ZQ_EIO when a file cannot be opened or
 * written (message names the file), ZQ_EDB for other engine errors. */
int store_sqlite_copy(const char *src, bool src_ro, const char *dst, int step_pages,
                      struct store_copy_stats *stats, struct zq_err *err) ZQ_WUR;

/* Make the SQLite file at path a self-contained file (rollback journal, no
 * -wal beside it), run PRAGMA integrity_check on it and fsync it; *bytes
 * gets its size.  ZQ_EINVAL when the check finds a fault. */
int store_sqlite_finish_file(const char *path, int64_t *bytes, struct zq_err *err) ZQ_WUR;

/* What a file claims to be, read without writing to it. */
struct store_file_info {
    int version;   /* highest schema_migrations version */
    int64_t bytes; /* file size */
};

/* Check that path is an intact SQLite database with a zhiqian schema:
 * the SQLite header, PRAGMA integrity_check, a schema_migrations table.
 * Opened read-only.  ZQ_EINVAL (Chinese reason) when it is not. */
int store_sqlite_inspect(const char *path, struct store_file_info *info, struct zq_err *err) ZQ_WUR;

/* Advisory lock (flock) on the SQLite file at path, which must exist:
 * shared for `serve`, exclusive for `restore`; never waits.  *fd gets the
 * descriptor holding it: keep it open while the lock is needed and close it
 * only after every SQLite connection of this process to that file is closed
 * (closing a descriptor of the file drops SQLite's own POSIX locks).
 * ZQ_ECONFLICT when the other kind is held by another process. */
int store_sqlite_flock(const char *path, bool exclusive, int *fd, struct zq_err *err) ZQ_WUR;

/* Whether another process has the WAL database at path open: every WAL
 * connection holds a read lock on the "DMS" byte of the -shm file (see
 * SQLite's walformat.html); F_GETLK reports it without taking it.  Call
 * before this process opens the file with SQLite. */
int store_sqlite_in_use(const char *path, bool *in_use, struct zq_err *err) ZQ_WUR;

/* True when any of the business tables (enterprises, projects, workers,
 * users, clues, cases) has a row. */
int store_backup_has_data(struct store *st, bool *has, struct zq_err *err) ZQ_WUR;

/* One sealed personal-data value (a worker's ID number, else a clue's
 * phone), copied into buf[cap]; *len 0 when the database holds none. */
int store_backup_sealed_sample(struct store *st, unsigned char *buf, size_t cap, size_t *len,
                               struct zq_err *err) ZQ_WUR;

/* PostgreSQL: the number of other client sessions on this database. */
int store_pg_other_sessions(struct store *st, int64_t *n, struct zq_err *err) ZQ_WUR;

#endif
