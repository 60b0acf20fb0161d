/*
 * store.h - the storage interface.
 *
 * struct store is opaque; a driver (store_sqlite.c, store_pg.c, or the
 * fault-injecting wrapper store_fault.c) supplies a struct store_ops and is
 * chosen by the URI given to store_open():
 *
 *     PATH or file:PATH            SQLite (WAL, foreign keys, busy timeout)
 *     postgresql://... postgres:// PostgreSQL through libpq
 *     fault:N:URI                  URI, with the N-th driver call failing
 *                                  (tests only: proves rollback paths)
 *
 * SQL is written once in a common dialect that both engines accept:
 * parameters are $1..$n, upserts are INSERT ... ON CONFLICT (...) DO UPDATE
 * SET col = excluded.col, dates are TEXT 'YYYY-MM-DD', months TEXT 'YYYY-MM',
 * timestamps INTEGER seconds since the epoch (UTC), money INTEGER fen,
 * booleans INTEGER 0/1.  Where the engines differ, the caller picks the text
 * with store_dialect().  No SQL lives outside store/.
 *
 * Statements are prepared once per connection and cached by the address of
 * their SQL text, so SQL passed to store_prepare() must be a string with
 * static storage duration (a literal or a const table entry).
 *
 * A struct store is one connection and is not thread-safe: the server keeps
 * one per worker thread.
 */
#ifndef ZQ_STORE_STORE_H
#define ZQ_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum store_dialect { STORE_SQLITE, STORE_PG };

enum store_type { STORE_NULL, STORE_INT, STORE_TEXT, STORE_BLOB };

enum store_step { STORE_DONE = 0, STORE_ROW = 1 }; /* step results; errors are < 0 */

struct store;
struct store_stmt;

/* One value of a generic row: a bulk-load row (store_copy_row) or a bound
 * parameter (store_bind_val).  The bytes of p are borrowed for the call only.
 * STORE_TEXT is UTF-8 without NUL bytes, n bytes long (no terminator needed);
 * STORE_BLOB is any n bytes.  p may be NULL when n is 0 (an empty text or
 * blob, not NULL); SQL NULL is STORE_NULL.  `i` is used by STORE_INT only. */
struct store_val {
    enum store_type t;
    int64_t i;
    const void *p;
    size_t n;
};

/* Driver interface.  Every fallible op returns 0 (or a step result) or a
 * negative ZQ_E* code with err filled.  Column getters are valid until the
 * next step/reset of that statement; text is NUL-terminated UTF-8. */
struct store_ops {
    const char *name; /* "sqlite", "postgresql", "fault" */
    enum store_dialect dialect;
    int (*open)(struct store *st, const char *uri, struct zq_err *err);
    void (*close)(struct store *st);
    /* Run a script of one or more statements without parameters or results. */
    int (*exec)(struct store *st, const char *sql, struct zq_err *err);
    int (*prepare)(struct store *st, const char *sql, struct store_stmt **out, struct zq_err *err);
    int (*bind_null)(struct store_stmt *s, int idx);
    int (*bind_int)(struct store_stmt *s, int idx, int64_t v);
    int (*bind_text)(struct store_stmt *s, int idx, const char *p, size_t len);
    int (*bind_blob)(struct store_stmt *s, int idx, const void *p, size_t len);
    /* Optional: bind without copying; the bytes must stay as they are until
     * the statement is reset (NULL: bind_text/bind_blob, which copy). */
    int (*bind_text_ref)(struct store_stmt *s, int idx, const char *p, size_t len);
    int (*bind_blob_ref)(struct store_stmt *s, int idx, const void *p, size_t len);
    int (*step)(struct store_stmt *s, struct zq_err *err);
    int (*column_count)(struct store_stmt *s);
    enum store_type (*column_type)(struct store_stmt *s, int col);
    int64_t (*column_int)(struct store_stmt *s, int col);
    const char *(*column_text)(struct store_stmt *s, int col, size_t *len);
    const void *(*column_blob)(struct store_stmt *s, int col, size_t *len);
    /* Ready the statement for new bindings; keeps it prepared. */
    void (*reset)(struct store_stmt *s);
    void (*finalize)(struct store_stmt *s);
    /* Rows changed by the last completed INSERT/UPDATE/DELETE statement. */
    int64_t (*changes)(struct store *st);
    /* Bulk load (see store_copy_begin).  store.c checks names, order and
     * values first.  copy_begin leaves no load open when it fails; after a
     * failed copy_row the load is still open and store.c calls copy_abort;
     * copy_end closes the load whatever its outcome. */
    int (*copy_begin)(struct store *st, const char *table, const char *const *cols, int ncols,
                      struct zq_err *err);
    int (*copy_row)(struct store *st, const struct store_val *vals, struct zq_err *err);
    int (*copy_end)(struct store *st, int64_t *rows, struct zq_err *err);
    void (*copy_abort)(struct store *st);
};

/* The generic part of a connection; drivers keep their state in `impl`.
 * Fields are private to store/. */
struct store {
    const struct store_ops *ops;
    void *impl;
    enum store_dialect dialect; /* of the engine underneath (the fault wrapper's inner one) */
    int tx_depth;               /* 0 = no transaction; >1 = savepoints */
    bool tx_failed;             /* a statement failed at the current level: roll it back */
    bool closing;               /* store_close() is finalizing the cache */
    struct stmt_cache *cache;   /* prepared statements keyed by SQL address */
    int copy_ncols;             /* > 0 while a bulk load is open: its column count */
    bool copy_own_tx;           /* the load opened the transaction it runs in */
    char uri_safe[256];         /* the URI with any password masked, for messages */
};

/* Open (creating an SQLite file if needed).  *out owned by the caller:
 * release with store_close().  Does not migrate: see store_migrate(). */
int store_open(const char *uri, struct store **out, struct zq_err *err) ZQ_WUR;
/* store_close(NULL) does nothing; rolls back an open transaction. */
void store_close(struct store *st);
enum store_dialect store_dialect(const struct store *st);
const char *store_driver_name(const struct store *st);
/* The URI with the password replaced by "***". */
const char *store_uri_safe(const struct store *st);

/* Transactions nest: the outermost begin/commit is a real transaction, inner
 * levels are savepoints.  A rollback at any level undoes that level only; a
 * commit of a level whose inner level failed without being handled is fine
 * (the inner rollback already undid its work).
 *
 * Both engines behave as PostgreSQL does: once a statement fails inside a
 * transaction, every further exec/prepare/step at that level fails with
 * ZQ_EDB until the level is rolled back, and committing it rolls it back and
 * returns ZQ_EDB.  A caller that expects a statement may fail (a duplicate,
 * say) and wants to go on wraps it in its own level.  When store_commit()
 * fails for any reason the level has been rolled back: do not roll it back
 * again.  SQLite's outermost BEGIN is BEGIN IMMEDIATE (takes the write lock
 * at once, so two writers never deadlock upgrading a read lock). */
int store_begin(struct store *st, struct zq_err *err) ZQ_WUR;
int store_commit(struct store *st, struct zq_err *err) ZQ_WUR;
/* Never fails from the caller's point of view; errors are logged. */
void store_rollback(struct store *st);

int store_exec(struct store *st, const char *sql, struct zq_err *err) ZQ_WUR;

/* Get the cached prepared statement for `sql` (static storage!), reset and
 * with bindings cleared.  The statement belongs to the store: do not finalize
 * it; call store_stmt_done() when finished reading so it can be reused.  If
 * the cached one is still in use (a nested loop over the same query), a
 * private copy is prepared and released by store_stmt_done(). */
int store_prepare(struct store *st, const char *sql, struct store_stmt **out,
                  struct zq_err *err) ZQ_WUR;
void store_stmt_done(struct store_stmt *s);

/* Parameter indexes are 1-based ($1 is 1) and name the $n of the SQL text,
 * whatever order the parameters appear in.  PostgreSQL infers a parameter's
 * type from its use: where it cannot (arithmetic on a bare parameter), write
 * CAST($n AS BIGINT). */
int store_bind_null(struct store_stmt *s, int idx) ZQ_WUR;
int store_bind_int(struct store_stmt *s, int idx, int64_t v) ZQ_WUR;
/* len = (size_t)-1 means strlen(p); p NULL binds NULL. */
int store_bind_text(struct store_stmt *s, int idx, const char *p, size_t len) ZQ_WUR;
/* p NULL binds NULL; an empty blob needs a non-NULL p with len 0. */
int store_bind_blob(struct store_stmt *s, int idx, const void *p, size_t len) ZQ_WUR;
/* Returns STORE_ROW, STORE_DONE or a negative error. */
int store_step(struct store_stmt *s, struct zq_err *err) ZQ_WUR;
int store_column_count(struct store_stmt *s);
enum store_type store_column_type(struct store_stmt *s, int col);
int64_t store_column_int(struct store_stmt *s, int col);
/* "" for NULL; len may be NULL. */
const char *store_column_text(struct store_stmt *s, int col, size_t *len);
/* NULL (len 0) for NULL; may be NULL for an empty blob too: check the type. */
const void *store_column_blob(struct store_stmt *s, int col, size_t *len);
int64_t store_changes(struct store *st);

/* Convenience: step a statement to DONE, discarding any rows, then call
 * store_stmt_done() on it whatever the outcome. */
int store_run(struct store_stmt *s, struct zq_err *err) ZQ_WUR;
/* Bind a struct store_val by its type (text and blob are copied). */
int store_bind_val(struct store_stmt *s, int idx, const struct store_val *v) ZQ_WUR;
/* The same, borrowing v's bytes until the statement is reset (its run ends:
 * store_run, store_stmt_done): for bulk writes whose values outlive the run,
 * where copying them is a cost of its own.  Drivers that cannot borrow copy. */
int store_bind_val_ref(struct store_stmt *s, int idx, const struct store_val *v) ZQ_WUR;

/*
 * Bulk load, for imports that put millions of rows into a staging table and
 * then merge them with one SQL statement.  PostgreSQL streams the rows with
 * COPY ... FROM STDIN (text format, 256 KiB per message); SQLite steps one
 * prepared INSERT per row.
 *
 *     store_exec(st, "CREATE TEMP TABLE stage_x (...)", err);
 *     store_copy_begin(st, "stage_x", cols, ncols, err);
 *     for each row: store_copy_row(st, vals, err);
 *     store_copy_end(st, &rows, err);
 *     store_exec(st, "INSERT INTO x SELECT ... FROM stage_x ON CONFLICT ...", err);
 *
 * The load is atomic: inside a transaction it belongs to the current level;
 * outside one it runs in a transaction of its own, committed by
 * store_copy_end().  On any error the load is abandoned: the rows sent are
 * discarded and the current level is failed as by a failed statement (roll it
 * back); a load that had its own transaction has rolled it back already.
 * Errors in the data may surface at any row (SQLite) or only at
 * store_copy_end() (PostgreSQL checks the rows at the end).  While a load is
 * open the connection does nothing else: exec, prepare, step and begin fail
 * with ZQ_EINTERNAL (the load goes on); store_commit() abandons the load,
 * rolls the level back and fails with ZQ_EINTERNAL; store_rollback() and
 * store_close() abandon the load first.
 */
/* Start loading into `table` the `ncols` (1..1000) columns named in cols[]
 * (borrowed for the call; identifiers the caller writes in code, the table
 * possibly schema-qualified: anything else is refused with ZQ_EINTERNAL). */
int store_copy_begin(struct store *st, const char *table, const char *const *cols, int ncols,
                     struct zq_err *err) ZQ_WUR;
/* One row: vals[ncols], borrowed for the call.  Text with a NUL byte is
 * refused with ZQ_EINVAL (and, like any error, abandons the load). */
int store_copy_row(struct store *st, const struct store_val *vals, struct zq_err *err) ZQ_WUR;
/* Finish: *rows gets the number of rows loaded (0 on failure); store_changes()
 * is not defined after a load. */
int store_copy_end(struct store *st, int64_t *rows, struct zq_err *err) ZQ_WUR;
/* Abandon an open load the caller cannot finish (its input failed, say), as
 * an error would; does nothing when no load is open. */
void store_copy_abort(struct store *st);

/*
 * Schema.  Migrations are numbered SQL files per dialect
 * (src/store/migrations/{sqlite,pg}/NNNN_name.sql), embedded at build time.
 * store_migrate() applies the missing ones in order, each in a transaction,
 * and records them in schema_migrations.  *version gets the resulting version.
 */
int store_migrate(struct store *st, int *version, struct zq_err *err) ZQ_WUR;
/* 0 when the schema does not exist yet. */
int store_schema_version(struct store *st, int *version, struct zq_err *err) ZQ_WUR;
/* The highest migration built into this binary. */
int store_schema_latest(void);
/* Bytes SQLite holds in this process (page caches, statements, schemas), for
 * the metrics; 0 when it does not count. */
int64_t store_sqlite_memory_used(void);
/* Caps this connection's SQLite page cache at mib MiB (db.cache_mib); nothing
 * on PostgreSQL, whose server keeps the cache. */
int store_cache_limit(struct store *st, int64_t mib, struct zq_err *err) ZQ_WUR;

#endif
