/*
 * store.c - the generic half of the storage layer: choosing a driver by URI,
 * nested transactions over savepoints, the per-connection statement cache,
 * the thin dispatch of every call to the driver, and the migration runner.
 *
 * The store owns its cached statements (finalized by store_close()); callers
 * borrow them between store_prepare() and store_stmt_done().  The cache is
 * keyed by the address of the SQL text, which therefore must be static.
 *
 * Bulk loads (store_copy_*) are checked and sequenced here (names, values,
 * the transaction they run in, abandoning on error); the drivers only move
 * the rows.
 */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/embed.h"
#include "core/log.h"
#include "core/str.h"
#include "store/store_int.h"

struct stmt_cache {
    struct store_stmt **slots; /* open addressing, NULL = empty */
    size_t cap;                /* a power of two, or 0 */
    size_t n;
    long prepares; /* statements the driver prepared, cached or not */
};

/* ---- statement cache ---- */

static size_t
slot_of(const char *sql, size_t cap)
{
    uint64_t h = (uint64_t)(uintptr_t)sql;

    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return (size_t)h & (cap - 1);
}

static struct store_stmt *
cache_find(const struct stmt_cache *c, const char *sql)
{
    if (c->cap == 0)
        return NULL;
    for (size_t i = slot_of(sql, c->cap);; i = (i + 1) & (c->cap - 1)) {
        if (c->slots[i] == NULL)
            return NULL;
        if (c->slots[i]->sql == sql)
            return c->slots[i];
    }
}

static void
cache_put(struct stmt_cache *c, struct store_stmt *s)
{
    if ((c->n + 1) * 2 > c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 64;
        struct store_stmt **old = c->slots;
        size_t ocap = c->cap;

        c->slots = zq_calloc(ncap, sizeof(struct store_stmt *));
        c->cap = ncap;
        for (size_t i = 0; i < ocap; i++) {
            if (old[i] == NULL)
                continue;
            size_t j = slot_of(old[i]->sql, ncap);
            while (c->slots[j] != NULL)
                j = (j + 1) & (ncap - 1);
            c->slots[j] = old[i];
        }
        zq_free(old);
    }
    size_t i = slot_of(s->sql, c->cap);
    while (c->slots[i] != NULL)
        i = (i + 1) & (c->cap - 1);
    c->slots[i] = s;
    c->n++;
}

long
store_cache_prepares(const struct store *st)
{
    return st->cache->prepares;
}

/* ---- opening and closing ---- */

static const struct store_ops *
driver_for(const char *uri)
{
    if (strncmp(uri, "fault:", 6) == 0)
        return &store_fault_ops;
    if (strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0)
        return &store_pg_ops;
    return &store_sqlite_ops;
}

int
store_open(const char *uri, struct store **out, struct zq_err *err)
{
    struct store *st;
    int rc;

    *out = NULL;
    if (uri == NULL || *uri == '\0')
        return zq_err_set(err, ZQ_EINVAL, "未指定数据库（--db 路径或 postgresql:// 地址）");
    st = zq_calloc(1, sizeof(*st));
    st->ops = driver_for(uri);
    st->dialect = st->ops->dialect;
    st->cache = zq_calloc(1, sizeof(*st->cache));
    store_mask_uri(uri, st->uri_safe, sizeof(st->uri_safe));
    rc = st->ops->open(st, uri, err);
    if (rc < 0) {
        zq_free(st->cache);
        zq_free(st);
        return rc;
    }
    *out = st;
    return 0;
}

void
store_close(struct store *st)
{
    if (st == NULL)
        return;
    store_copy_abort(st);
    while (st->tx_depth > 0)
        store_rollback(st);
    st->closing = true;
    for (size_t i = 0; i < st->cache->cap; i++)
        if (st->cache->slots[i] != NULL)
            st->ops->finalize(st->cache->slots[i]);
    zq_free(st->cache->slots);
    zq_free(st->cache);
    st->ops->close(st);
    zq_free(st);
}

enum store_dialect
store_dialect(const struct store *st)
{
    return st->dialect;
}

const char *
store_driver_name(const struct store *st)
{
    return st->ops->name;
}

const char *
store_uri_safe(const struct store *st)
{
    return st->uri_safe;
}

/* ---- calls that reach the engine ---- */

/* A failed engine call inside a transaction poisons the current level. */
static int
noted(struct store *st, int rc)
{
    if (rc < 0 && st->tx_depth > 0)
        st->tx_failed = true;
    return rc;
}

static int
refuse_failed(struct store *st, struct zq_err *err)
{
    zq_err_set(err, ZQ_EDB, "数据库 %s：本事务中已有语句失败，须先回滚", st->uri_safe);
    return ZQ_EDB;
}

/* A call made while a bulk load holds the connection: a bug in the caller,
 * which does not touch the load or the transaction. */
static int
refuse_copying(struct store *st, struct zq_err *err)
{
    zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：批量写入尚未结束，不能执行其他语句", st->uri_safe);
    return ZQ_EINTERNAL;
}

int
store_exec(struct store *st, const char *sql, struct zq_err *err)
{
    if (st->copy_ncols > 0)
        return refuse_copying(st, err);
    if (st->tx_failed)
        return refuse_failed(st, err);
    return noted(st, st->ops->exec(st, sql, err));
}

int
store_prepare(struct store *st, const char *sql, struct store_stmt **out, struct zq_err *err)
{
    struct store_stmt *s, *cached;
    int rc;

    *out = NULL;
    if (st->copy_ncols > 0)
        return refuse_copying(st, err);
    if (st->tx_failed)
        return refuse_failed(st, err);
    cached = cache_find(st->cache, sql);
    if (cached != NULL && !cached->busy) {
        cached->busy = true;
        *out = cached;
        return 0;
    }
    s = NULL;
    rc = noted(st, st->ops->prepare(st, sql, &s, err));
    if (rc < 0)
        return rc;
    if (s == NULL) {
        zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：驱动没有返回语句", st->uri_safe);
        return ZQ_EINTERNAL;
    }
    st->cache->prepares++;
    s->sql = sql;
    s->busy = true;
    s->temp = cached != NULL;
    if (!s->temp)
        cache_put(st->cache, s);
    *out = s;
    return 0;
}

void
store_stmt_done(struct store_stmt *s)
{
    if (s == NULL)
        return;
    s->st->ops->reset(s);
    s->busy = false;
    if (s->temp)
        s->st->ops->finalize(s);
}

int
store_bind_null(struct store_stmt *s, int idx)
{
    return s->st->ops->bind_null(s, idx);
}

int
store_bind_int(struct store_stmt *s, int idx, int64_t v)
{
    return s->st->ops->bind_int(s, idx, v);
}

int
store_bind_text(struct store_stmt *s, int idx, const char *p, size_t len)
{
    if (p == NULL)
        return s->st->ops->bind_null(s, idx);
    if (len == (size_t)-1)
        len = strlen(p);
    return s->st->ops->bind_text(s, idx, p, len);
}

int
store_bind_blob(struct store_stmt *s, int idx, const void *p, size_t len)
{
    if (p == NULL)
        return s->st->ops->bind_null(s, idx);
    return s->st->ops->bind_blob(s, idx, p, len);
}

int
store_step(struct store_stmt *s, struct zq_err *err)
{
    if (s->st->copy_ncols > 0)
        return refuse_copying(s->st, err);
    if (s->st->tx_failed)
        return refuse_failed(s->st, err);
    return noted(s->st, s->st->ops->step(s, err));
}

int
store_column_count(struct store_stmt *s)
{
    return s->st->ops->column_count(s);
}

enum store_type
store_column_type(struct store_stmt *s, int col)
{
    return s->st->ops->column_type(s, col);
}

int64_t
store_column_int(struct store_stmt *s, int col)
{
    return s->st->ops->column_int(s, col);
}

const char *
store_column_text(struct store_stmt *s, int col, size_t *len)
{
    size_t n = 0;
    const char *p = s->st->ops->column_text(s, col, &n);

    if (p == NULL) {
        p = "";
        n = 0;
    }
    if (len != NULL)
        *len = n;
    /* p points into the statement's row, not at n */
    /* cppcheck-suppress returnDanglingLifetime */
    return p;
}

const void *
store_column_blob(struct store_stmt *s, int col, size_t *len)
{
    size_t n = 0;
    const void *p = s->st->ops->column_blob(s, col, &n);

    if (len != NULL)
        *len = p == NULL ? 0 : n;
    /* cppcheck-suppress returnDanglingLifetime */
    return p;
}

int64_t
store_changes(struct store *st)
{
    return st->ops->changes(st);
}

int
store_run(struct store_stmt *s, struct zq_err *err)
{
    int rc;

    while ((rc = store_step(s, err)) == STORE_ROW)
        ;
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

int
store_bind_val(struct store_stmt *s, int idx, const struct store_val *v)
{
    const struct store_ops *ops = s->st->ops;

    switch (v->t) {
    case STORE_NULL:
        return ops->bind_null(s, idx);
    case STORE_INT:
        return ops->bind_int(s, idx, v->i);
    case STORE_TEXT: /* an empty value, never NULL: the drivers bind NULL for a NULL p */
        return ops->bind_text(s, idx, v->n > 0 ? v->p : "", v->n);
    case STORE_BLOB:
        return ops->bind_blob(s, idx, v->n > 0 ? v->p : "", v->n);
    }
    return ZQ_EINTERNAL;
}

int
store_bind_val_ref(struct store_stmt *s, int idx, const struct store_val *v)
{
    const struct store_ops *ops = s->st->ops;

    if (v->t == STORE_TEXT && ops->bind_text_ref != NULL)
        return ops->bind_text_ref(s, idx, v->n > 0 ? v->p : "", v->n);
    if (v->t == STORE_BLOB && ops->bind_blob_ref != NULL)
        return ops->bind_blob_ref(s, idx, v->n > 0 ? v->p : "", v->n);
    return store_bind_val(s, idx, v);
}

/* ---- transactions ---- */

int
store_begin(struct store *st, struct zq_err *err)
{
    char sql[64];
    int rc;

    if (st->copy_ncols > 0)
        return refuse_copying(st, err);
    if (st->tx_failed)
        return refuse_failed(st, err);
    if (st->tx_depth == 0)
        rc = st->ops->exec(st, st->dialect == STORE_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN", err);
    else {
        snprintf(sql, sizeof(sql), "SAVEPOINT zq_sp%d", st->tx_depth + 1);
        rc = noted(st, st->ops->exec(st, sql, err));
    }
    if (rc < 0)
        return rc;
    st->tx_depth++;
    return 0;
}

int
store_commit(struct store *st, struct zq_err *err)
{
    char sql[64];
    int rc;

    if (st->copy_ncols > 0) {
        /* committing half a load is never meant: abandon it and the level */
        store_copy_abort(st);
        if (st->tx_depth > 0)
            store_rollback(st);
        return zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：批量写入尚未结束就提交，已回滚",
                          st->uri_safe);
    }
    if (st->tx_depth == 0)
        return zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：没有进行中的事务可提交", st->uri_safe);
    if (st->tx_failed) {
        store_rollback(st);
        return zq_err_set(err, ZQ_EDB, "数据库 %s：本事务中有语句失败，已回滚", st->uri_safe);
    }
    if (st->tx_depth == 1)
        rc = st->ops->exec(st, "COMMIT", err);
    else {
        snprintf(sql, sizeof(sql), "RELEASE SAVEPOINT zq_sp%d", st->tx_depth);
        rc = st->ops->exec(st, sql, err);
    }
    if (rc < 0) {
        store_rollback(st);
        return rc;
    }
    st->tx_depth--;
    return 0;
}

void
store_rollback(struct store *st)
{
    struct zq_err e;
    char sql[96];

    if (st->copy_ncols > 0) {
        bool own = st->copy_own_tx;
        store_copy_abort(st);
        if (own) /* the load's own transaction was the one open: rolled back */
            return;
    }
    if (st->tx_depth == 0) {
        log_warn("数据库 %s：没有进行中的事务可回滚", st->uri_safe);
        return;
    }
    zq_err_clear(&e);
    if (st->tx_depth == 1)
        snprintf(sql, sizeof(sql), "ROLLBACK");
    else
        snprintf(sql, sizeof(sql), "ROLLBACK TO SAVEPOINT zq_sp%d; RELEASE SAVEPOINT zq_sp%d",
                 st->tx_depth, st->tx_depth);
    st->tx_depth--;
    st->tx_failed = false;
    if (st->ops->exec(st, sql, &e) < 0) {
        log_error("数据库 %s：回滚失败：%s", st->uri_safe, e.msg);
        /* the engine may have dropped the whole transaction: never commit what is left */
        st->tx_failed = st->tx_depth > 0;
    }
}

/* ---- bulk load ---- */

enum { COPY_MAX_COLS = 1000, COPY_MAX_NAME = 127, COPY_MAX_VALUE = 0x3fffffff };

static bool
name_start(unsigned char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A name as the caller's code writes it (`qualified`: schema.table allowed):
 * letters, digits and _, so it can be spliced into SQL without quoting and
 * nothing in it can quote, comment or end a statement. */
static bool
sql_name(const char *s, bool qualified)
{
    size_t n = 0;
    bool dot = false;

    if (s == NULL || !name_start((unsigned char)s[0]))
        return false;
    for (const char *p = s; *p != '\0'; p++, n++) {
        unsigned char c = (unsigned char)*p;
        if (c == '.' && qualified && !dot && name_start((unsigned char)p[1]))
            dot = true;
        else if (!name_start(c) && !(c >= '0' && c <= '9'))
            return false;
    }
    return n <= COPY_MAX_NAME;
}

int
store_copy_target(struct buf *b, const char *table, const char *const *cols, int ncols)
{
    int rc = buf_printf(b, "%s (", table);

    for (int i = 0; i < ncols && rc == 0; i++)
        rc = buf_printf(b, "%s%s", i > 0 ? ", " : "", cols[i]);
    return rc < 0 ? rc : buf_putc(b, ')');
}

/* The load is gone (the driver closed it): undo its own transaction, or fail
 * the caller's level as a failed statement would. */
static void
copy_failed(struct store *st)
{
    st->copy_ncols = 0;
    if (st->copy_own_tx) {
        st->copy_own_tx = false;
        store_rollback(st);
    } else if (st->tx_depth > 0) {
        st->tx_failed = true;
    }
}

int
store_copy_begin(struct store *st, const char *table, const char *const *cols, int ncols,
                 struct zq_err *err)
{
    bool own;
    int rc;

    if (st->copy_ncols > 0)
        return refuse_copying(st, err);
    if (st->tx_failed)
        return refuse_failed(st, err);
    if (!sql_name(table, true) || cols == NULL || ncols < 1 || ncols > COPY_MAX_COLS)
        return zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：批量写入的表名或列数无效：%.64s",
                          st->uri_safe, table ? table : "");
    for (int i = 0; i < ncols; i++)
        if (!sql_name(cols[i], false))
            return zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：批量写入 %s 的第 %d 个列名无效",
                              st->uri_safe, table, i + 1);
    own = st->tx_depth == 0;
    if (own && (rc = store_begin(st, err)) < 0)
        return rc;
    st->copy_own_tx = own;
    rc = st->ops->copy_begin(st, table, cols, ncols, err);
    if (rc < 0) {
        copy_failed(st);
        return rc;
    }
    st->copy_ncols = ncols;
    return 0;
}

/* Checks the driver may rely on: known types, bytes present, sizes. */
static int
check_row(struct store *st, const struct store_val *vals, struct zq_err *err)
{
    for (int c = 0; c < st->copy_ncols; c++) {
        const struct store_val *v = &vals[c];
        if (v->t != STORE_NULL && v->t != STORE_INT && v->t != STORE_TEXT && v->t != STORE_BLOB)
            return zq_err_set(err, ZQ_EINTERNAL, "批量写入：第 %d 列的类型无效", c + 1);
        if (v->t != STORE_TEXT && v->t != STORE_BLOB)
            continue;
        if (v->n > 0 && v->p == NULL)
            return zq_err_set(err, ZQ_EINTERNAL, "批量写入：第 %d 列缺少数据", c + 1);
        if (v->n > COPY_MAX_VALUE)
            return zq_err_set(err, ZQ_ETOOBIG, "批量写入：第 %d 列超过 1 GiB", c + 1);
        if (v->t == STORE_TEXT && v->n > 0 && memchr(v->p, '\0', v->n) != NULL)
            return zq_err_set(err, ZQ_EINVAL, "批量写入：第 %d 列文本含 NUL 字符", c + 1);
    }
    return 0;
}

int
store_copy_row(struct store *st, const struct store_val *vals, struct zq_err *err)
{
    int rc;

    if (st->copy_ncols == 0)
        return zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：没有进行中的批量写入", st->uri_safe);
    if ((rc = check_row(st, vals, err)) == 0)
        rc = st->ops->copy_row(st, vals, err);
    if (rc < 0)
        store_copy_abort(st);
    return rc;
}

int
store_copy_end(struct store *st, int64_t *rows, struct zq_err *err)
{
    int64_t n = 0;
    int rc;

    if (rows != NULL)
        *rows = 0;
    if (st->copy_ncols == 0)
        return zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：没有进行中的批量写入", st->uri_safe);
    rc = st->ops->copy_end(st, &n, err);
    if (rc < 0) {
        copy_failed(st);
        return rc;
    }
    st->copy_ncols = 0;
    if (st->copy_own_tx) {
        st->copy_own_tx = false;
        if ((rc = store_commit(st, err)) < 0)
            return rc;
    }
    if (rows != NULL)
        *rows = n;
    return 0;
}

void
store_copy_abort(struct store *st)
{
    if (st->copy_ncols == 0)
        return;
    st->ops->copy_abort(st);
    copy_failed(st);
}

/* ---- URIs ---- */

struct out {
    char *p;
    size_t n, len;
};

static void
put(struct out *o, const char *p, size_t len)
{
    while (len-- > 0 && o->len + 1 < o->n)
        o->p[o->len++] = *p++;
    o->p[o->len] = '\0';
}

void
store_mask_uri(const char *uri, char *out, size_t n)
{
    struct out o = { out, n, 0 };
    const char *p = uri, *auth = strstr(uri, "://");

    if (n == 0)
        return;
    out[0] = '\0';
    if (auth != NULL) {
        const char *host = auth + 3, *end = host + strcspn(host, "/?#"), *at = NULL;

        for (const char *q = host; q < end; q++)
            if (*q == '@')
                at = q;
        const char *colon = at ? memchr(host, ':', (size_t)(at - host)) : NULL;
        if (colon != NULL) {
            put(&o, uri, (size_t)(colon + 1 - uri));
            put(&o, "***", 3);
            p = at;
        }
    }
    while (*p != '\0') {
        const char *pw = strstr(p, "password=");
        if (pw == NULL) {
            put(&o, p, strlen(p));
            break;
        }
        put(&o, p, (size_t)(pw + 9 - p));
        put(&o, "***", 3);
        p = pw + 9 + strcspn(pw + 9, "& \t");
    }
}

/* ---- integers in text ---- */

int64_t
store_parse_int(const char *s)
{
    bool neg = false;
    int64_t v = 0;

    if (s == NULL)
        return 0;
    if (s[0] == 't' && s[1] == '\0')
        return 1;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    for (; *s >= '0' && *s <= '9'; s++) {
        int d = *s - '0';
        if (neg ? v < (INT64_MIN + d) / 10 : v > (INT64_MAX - d) / 10)
            return neg ? INT64_MIN : INT64_MAX;
        v = neg ? v * 10 - d : v * 10 + d;
    }
    return v;
}

/* ---- migrations ---- */

static const char SQL_SCHEMA_TABLE_SQLITE[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT";
static const char SQL_SCHEMA_TABLE_PG[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
    "name text NOT NULL, applied_at bigint NOT NULL)";
static const char SQL_HAS_SCHEMA_SQLITE[] =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
static const char SQL_HAS_SCHEMA_PG[] =
    "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 ELSE 1 END";
static const char SQL_MAX_VERSION[] = "SELECT coalesce(max(version), 0) FROM schema_migrations";
static const char SQL_IS_APPLIED[] = "SELECT count(*) FROM schema_migrations WHERE version = $1";
static const char SQL_RECORD[] =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";
/* any constant: 0x7a71 is "zq" in ASCII, 001 the schema lock */
static const char SQL_LOCK_PG[] = "SELECT pg_advisory_lock(31345001)";
static const char SQL_UNLOCK_PG[] = "SELECT pg_advisory_unlock(31345001)";

struct migration {
    const struct embedded_file *file;
    const char *base; /* "0001_init.sql" */
    int version;
};

static const char *
dialect_prefix(enum store_dialect d)
{
    return d == STORE_SQLITE ? "migrations/sqlite/" : "migrations/pg/";
}

/* The migrations built in for a dialect, sorted by version; *out is owned by
 * the caller (zq_free).  Returns the count, or a negative code for a file
 * whose name does not start with its version. */
static int
list_migrations(enum store_dialect d, struct migration **out, struct zq_err *err)
{
    const char *prefix = dialect_prefix(d);
    size_t plen = strlen(prefix), cap = 0;
    int n = 0;

    *out = NULL;
    for (const struct embedded_file *f = embedded_files; f->name != NULL; f++) {
        if (strncmp(f->name, prefix, plen) != 0)
            continue;
        const char *base = f->name + plen;
        struct str digits = { base, strspn(base, "0123456789") };
        int64_t v;
        if (digits.len == 0 || str_to_i64(digits, &v) < 0 || v <= 0 || v > 1000000) {
            zq_free(*out);
            *out = NULL;
            return zq_err_set(err, ZQ_EINTERNAL, "迁移文件名 %s 未以版本号开头", f->name);
        }
        *out = zq_grow(*out, sizeof(**out), (size_t)n + 1, &cap);
        (*out)[n++] = (struct migration){ f, base, (int)v };
    }
    for (int i = 1; i < n; i++) /* insertion sort: a handful of files */
        for (int j = i; j > 0 && (*out)[j - 1].version > (*out)[j].version; j--) {
            struct migration t = (*out)[j];
            (*out)[j] = (*out)[j - 1];
            (*out)[j - 1] = t;
        }
    return n;
}

int
store_schema_latest(void)
{
    struct migration *m;
    int n = list_migrations(STORE_SQLITE, &m, NULL), latest = 0;

    for (int i = 0; i < n; i++)
        if (m[i].version > latest)
            latest = m[i].version;
    zq_free(m);
    return latest;
}

/* One integer from a one-row query with at most one int parameter (< 0 = none). */
static int
query_int(struct store *st, const char *sql, int64_t param, int64_t *out, struct zq_err *err)
{
    struct store_stmt *s;
    int rc = store_prepare(st, sql, &s, err);

    if (rc < 0)
        return rc;
    if (param >= 0 && (rc = store_bind_int(s, 1, param)) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, rc, "数据库 %s：绑定参数失败", st->uri_safe);
    }
    rc = store_step(s, err);
    if (rc == STORE_ROW)
        *out = store_column_int(s, 0);
    else if (rc == STORE_DONE)
        rc = zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：查询没有返回结果", st->uri_safe);
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

int
store_schema_version(struct store *st, int *version, struct zq_err *err)
{
    int64_t has = 0, v = 0;
    int rc;

    *version = 0;
    rc = query_int(st, st->dialect == STORE_SQLITE ? SQL_HAS_SCHEMA_SQLITE : SQL_HAS_SCHEMA_PG, -1,
                   &has, err);
    if (rc < 0 || has == 0)
        return rc;
    rc = query_int(st, SQL_MAX_VERSION, -1, &v, err);
    if (rc == 0)
        *version = (int)v;
    return rc;
}

/* Apply one migration in its own transaction unless it is recorded already;
 * checking inside the transaction makes concurrent runners safe on SQLite
 * (BEGIN IMMEDIATE serialises them). */
static int
apply_one(struct store *st, const struct migration *m, struct zq_err *err)
{
    struct store_stmt *s;
    int64_t applied = 0;
    char name[128];
    int rc;

    if ((rc = store_begin(st, err)) < 0)
        return rc;
    rc = query_int(st, SQL_IS_APPLIED, m->version, &applied, err);
    if (rc < 0 || applied > 0)
        goto out;
    rc = store_exec(st, (const char *)m->file->data, err);
    if (rc < 0) {
        char msg[sizeof(err->msg)];
        if (err != NULL) {
            snprintf(msg, sizeof(msg), "%s", err->msg);
            zq_err_set(err, rc, "迁移 %s 失败：%s", m->file->name, msg);
        }
        goto out;
    }
    snprintf(name, sizeof(name), "%.*s", (int)strcspn(m->base, "."), m->base);
    if ((rc = store_prepare(st, SQL_RECORD, &s, err)) < 0)
        goto out;
    if (store_bind_int(s, 1, m->version) < 0 || store_bind_text(s, 2, name, (size_t)-1) < 0 ||
        store_bind_int(s, 3, (int64_t)time(NULL)) < 0) {
        store_stmt_done(s);
        rc = zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：绑定参数失败", st->uri_safe);
        goto out;
    }
    rc = store_run(s, err);
    if (rc == 0)
        log_info("数据库 %s：已应用迁移 %s", st->uri_safe, m->file->name);
out:
    if (rc < 0) {
        store_rollback(st);
        return rc;
    }
    return store_commit(st, err);
}

static int
migrate_locked(struct store *st, int *version, struct zq_err *err)
{
    struct migration *m = NULL;
    int n, rc;

    rc = store_exec(st, st->dialect == STORE_SQLITE ? SQL_SCHEMA_TABLE_SQLITE : SQL_SCHEMA_TABLE_PG,
                    err);
    if (rc < 0)
        return rc;
    n = list_migrations(st->dialect, &m, err);
    if (n < 0)
        return n;
    for (int i = 0; m != NULL && i < n && rc == 0; i++)
        rc = apply_one(st, &m[i], err);
    zq_free(m);
    if (rc < 0)
        return rc;
    return store_schema_version(st, version, err);
}

int
store_migrate(struct store *st, int *version, struct zq_err *err)
{
    int rc, v = 0;

    *version = 0;
    if (st->tx_depth > 0)
        return zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：不能在事务中迁移", st->uri_safe);
    if (st->dialect == STORE_PG && (rc = store_exec(st, SQL_LOCK_PG, err)) < 0)
        return rc;
    rc = migrate_locked(st, &v, err);
    if (st->dialect == STORE_PG) {
        struct zq_err e;
        zq_err_clear(&e);
        if (store_exec(st, SQL_UNLOCK_PG, &e) < 0)
            log_warn("数据库 %s：释放迁移锁失败：%s", st->uri_safe, e.msg);
    }
    if (rc == 0)
        *version = v;
    return rc;
}
