/*
 * store_audit.c - the audit log's rows (table audit_log): the append lock,
 * the chain's tail, inserts and an ordered, paged walk.
 *
 * Appenders must take the previous hash and the next seq atomically with
 * their insert, or two of them would fork the chain.  On SQLite the
 * outermost store_begin() is BEGIN IMMEDIATE, which already holds the
 * database's single write lock for the whole transaction.  On PostgreSQL the
 * tail read is preceded by pg_advisory_xact_lock on a key of this schema:
 *
 *   - it is released by COMMIT or ROLLBACK and needs no cleanup path;
 *   - it needs no schema change and no privilege on any table, so a hardened
 *     deployment may grant the application role only INSERT and SELECT on
 *     audit_log (LOCK TABLE ... SHARE ROW EXCLUSIVE would need UPDATE or
 *     DELETE, and a one-row chain-head table would need UPDATE on every
 *     append, bloating that row);
 *   - SELECT ... ORDER BY seq DESC LIMIT 1 FOR UPDATE would not do: a waiter
 *     wakes up holding the row that *was* last, not the one just added, and
 *     an empty log has no row to lock at all.
 *
 * Under READ COMMITTED (the store's level) the tail SELECT runs after the
 * lock is granted and so sees the previous holder's committed entry.  Should
 * a caller ever run at REPEATABLE READ, its snapshot could predate that entry:
 * the insert then fails on the seq primary key (ZQ_ECONFLICT) instead of
 * forking the chain.
 *
 * The caller owns every string it passes; rows handed to callbacks are valid
 * for one call only.
 */
#include "store/store_audit.h"

#include <string.h>

#include "store/store_int.h"

/* Rows per page of store_audit_each(): bounded memory on PostgreSQL, whose
 * driver fetches a statement's whole result at once. */
#define AUDIT_PAGE 256

/* Two-key form: class 31345002 (the migration lock is the one-key 31345001)
 * and the schema, so that databases sharing a server but not a schema do not
 * wait for each other.  coalesce: a NULL key would make the (strict) lock
 * function return without locking. */
static const char SQL_LOCK_PG[] =
    "SELECT pg_advisory_xact_lock(31345002, hashtext(coalesce(current_schema(), '')))";
static const char SQL_TAIL[] = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
static const char SQL_INSERT[] =
    "INSERT INTO audit_log (seq, at, province, actor, action, entity, entity_id, before_json, "
    "after_json, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
static const char SQL_PAGE[] =
    "SELECT seq, at, province, actor, action, entity, entity_id, before_json, after_json, "
    "prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2";

static int
bind_failed(struct store *st, struct store_stmt *s, struct zq_err *err)
{
    store_stmt_done(s);
    return zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：绑定参数失败", store_uri_safe(st));
}

int
store_audit_tail(struct store *st, int64_t *seq, unsigned char hash[STORE_AUDIT_HASH_LEN],
                 struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    *seq = 0;
    memset(hash, 0, STORE_AUDIT_HASH_LEN);
    if (st->tx_depth == 0)
        return zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：追加审计日志须在事务中进行",
                          store_uri_safe(st));
    if (store_dialect(st) == STORE_PG && (rc = store_exec(st, SQL_LOCK_PG, err)) < 0)
        return rc;
    if ((rc = store_prepare(st, SQL_TAIL, &s, err)) < 0)
        return rc;
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
        size_t len = 0;
        const void *h = store_column_blob(s, 1, &len);

        *seq = store_column_int(s, 0);
        if (len == STORE_AUDIT_HASH_LEN && h != NULL)
            memcpy(hash, h, len);
        else
            rc = zq_err_set(err, ZQ_EINVAL,
                            "审计日志第 %lld 条的哈希长度异常（%zu 字节），日志已被篡改，"
                            "请运行“zhiqian audit verify”核查",
                            (long long)*seq, len);
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Bind a text field; p NULL binds NULL. */
static int
bind_str(struct store_stmt *s, int idx, struct str v)
{
    return v.p == NULL ? store_bind_null(s, idx) : store_bind_text(s, idx, v.p, v.len);
}

int
store_audit_insert(struct store *st, const struct store_audit_row *r, struct zq_err *err)
{
    struct store_stmt *s;
    int rc = store_prepare(st, SQL_INSERT, &s, err);

    if (rc < 0)
        return rc;
    if (store_bind_int(s, 1, r->seq) < 0 || store_bind_int(s, 2, r->at) < 0 ||
        bind_str(s, 3, r->province) < 0 || bind_str(s, 4, r->actor) < 0 ||
        bind_str(s, 5, r->action) < 0 || bind_str(s, 6, r->entity) < 0 ||
        bind_str(s, 7, r->entity_id) < 0 || bind_str(s, 8, r->before_json) < 0 ||
        bind_str(s, 9, r->after_json) < 0 ||
        store_bind_blob(s, 10, r->prev_hash, r->prev_len) < 0 ||
        store_bind_blob(s, 11, r->hash, r->hash_len) < 0)
        return bind_failed(st, s, err);
    return store_run(s, err);
}

/* A text column; NULL stays distinguishable from "". */
static struct str
col_str(struct store_stmt *s, int col)
{
    struct str v = { NULL, 0 };

    if (store_column_type(s, col) != STORE_NULL)
        v.p = store_column_text(s, col, &v.len);
    return v;
}

static void
read_row(struct store_stmt *s, struct store_audit_row *r)
{
    memset(r, 0, sizeof(*r));
    r->seq = store_column_int(s, 0);
    r->at = store_column_int(s, 1);
    r->province = col_str(s, 2);
    r->actor = col_str(s, 3);
    r->action = col_str(s, 4);
    r->entity = col_str(s, 5);
    r->entity_id = col_str(s, 6);
    r->before_json = col_str(s, 7);
    r->after_json = col_str(s, 8);
    r->prev_hash = store_column_blob(s, 9, &r->prev_len);
    r->hash = store_column_blob(s, 10, &r->hash_len);
}

/* One page after *after; *rows gets how many were read, *after the last seq. */
static int
walk_page(struct store *st, int64_t *after, int *rows, store_audit_fn fn, void *ctx,
          struct zq_err *err)
{
    struct store_stmt *s;
    struct store_audit_row r;
    int rc = store_prepare(st, SQL_PAGE, &s, err);

    *rows = 0;
    if (rc < 0)
        return rc;
    if (store_bind_int(s, 1, *after) < 0 || store_bind_int(s, 2, AUDIT_PAGE) < 0)
        return bind_failed(st, s, err);
    while ((rc = store_step(s, err)) == STORE_ROW) {
        read_row(s, &r);
        (*rows)++;
        *after = r.seq;
        if ((rc = fn(ctx, &r)) != 0)
            break;
    }
    store_stmt_done(s);
    return rc;
}

int
store_audit_each(struct store *st, int64_t after, store_audit_fn fn, void *ctx, struct zq_err *err)
{
    int rc, rows;

    do
        rc = walk_page(st, &after, &rows, fn, ctx, err);
    while (rc == STORE_DONE && rows == AUDIT_PAGE);
    return rc < 0 ? rc : 0;
}
