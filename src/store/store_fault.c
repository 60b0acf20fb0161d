/*
 * store_fault.c - a wrapper driver that fails on purpose, for tests.
 *
 * URI "fault:N:INNER" opens INNER as usual and forwards every call to it,
 * except that the N-th counted call fails with ZQ_EDB "注入的故障".  Counted
 * calls are the ones that reach the engine: exec (which also carries
 * BEGIN/COMMIT/ROLLBACK/SAVEPOINT), prepare, step, and the bulk-load calls
 * copy_begin, copy_row (each row) and copy_end.  Tests run a unit of
 * work for N = 1, 2, ... until it succeeds, and check after every failure
 * that the database holds exactly the state before it: no partial writes.
 *
 * The wrapper owns the inner store (closed with it) and wraps each inner
 * statement in one of its own, which it owns too.
 */
#include <string.h>

#include "core/alloc.h"
#include "core/str.h"
#include "store/store_int.h"

struct fault_impl {
    struct store *inner;
    long fail_at; /* the call that fails, 1-based */
    long calls;
};

struct fault_stmt {
    struct store_stmt base; /* first: see store_int.h */
    struct store_stmt *inner;
};

static struct fault_impl *
fi(struct store *st)
{
    return st->impl;
}

static struct store_stmt *
in(struct store_stmt *s)
{
    return ((struct fault_stmt *)s)->inner;
}

static const struct store_ops *
inner_ops(struct store_stmt *s)
{
    return in(s)->st->ops;
}

/* Count a call; non-zero when it is the one that must fail. */
static int
injected(struct store *st, struct zq_err *err)
{
    struct fault_impl *f = fi(st);

    if (++f->calls != f->fail_at)
        return 0;
    return zq_err_set(err, ZQ_EDB, "注入的故障（第 %ld 次调用）", f->calls);
}

long
store_fault_calls(const struct store *st)
{
    return st->ops == &store_fault_ops ? ((const struct fault_impl *)st->impl)->calls : 0;
}

static int
fault_open(struct store *st, const char *uri, struct zq_err *err)
{
    const char *n = uri + 6, *colon = strchr(n, ':');
    struct fault_impl *f;
    int64_t at;
    int rc;

    if (colon == NULL || str_to_i64((struct str){ n, (size_t)(colon - n) }, &at) < 0 || at < 1)
        return zq_err_set(err, ZQ_EINVAL, "故障注入地址应为 fault:N:数据库地址（N ≥ 1）：%s",
                          st->uri_safe);
    f = zq_calloc(1, sizeof(*f));
    f->fail_at = (long)at;
    rc = store_open(colon + 1, &f->inner, err);
    if (rc < 0) {
        zq_free(f);
        return rc;
    }
    st->impl = f;
    st->dialect = f->inner->dialect;
    return 0;
}

static void
fault_close(struct store *st)
{
    store_close(fi(st)->inner);
    zq_free(st->impl);
}

static int
fault_exec(struct store *st, const char *sql, struct zq_err *err)
{
    struct store *inner = fi(st)->inner;

    if (injected(st, err))
        return ZQ_EDB;
    return inner->ops->exec(inner, sql, err);
}

static int
fault_prepare(struct store *st, const char *sql, struct store_stmt **out, struct zq_err *err)
{
    struct store *inner = fi(st)->inner;
    struct store_stmt *is;
    int rc;

    if (injected(st, err))
        return ZQ_EDB;
    rc = inner->ops->prepare(inner, sql, &is, err);
    if (rc < 0)
        return rc;
    is->sql = sql;
    struct fault_stmt *s = zq_calloc(1, sizeof(*s));
    s->base.st = st;
    s->inner = is;
    *out = &s->base;
    return 0;
}

static int
fault_bind_null(struct store_stmt *s, int idx)
{
    return inner_ops(s)->bind_null(in(s), idx);
}

static int
fault_bind_int(struct store_stmt *s, int idx, int64_t v)
{
    return inner_ops(s)->bind_int(in(s), idx, v);
}

static int
fault_bind_text(struct store_stmt *s, int idx, const char *p, size_t len)
{
    return inner_ops(s)->bind_text(in(s), idx, p, len);
}

static int
fault_bind_blob(struct store_stmt *s, int idx, const void *p, size_t len)
{
    return inner_ops(s)->bind_blob(in(s), idx, p, len);
}

static int
fault_step(struct store_stmt *s, struct zq_err *err)
{
    if (injected(s->st, err))
        return ZQ_EDB;
    return inner_ops(s)->step(in(s), err);
}

static int
fault_column_count(struct store_stmt *s)
{
    return inner_ops(s)->column_count(in(s));
}

static enum store_type
fault_column_type(struct store_stmt *s, int col)
{
    return inner_ops(s)->column_type(in(s), col);
}

static int64_t
fault_column_int(struct store_stmt *s, int col)
{
    return inner_ops(s)->column_int(in(s), col);
}

static const char *
fault_column_text(struct store_stmt *s, int col, size_t *len)
{
    return inner_ops(s)->column_text(in(s), col, len);
}

static const void *
fault_column_blob(struct store_stmt *s, int col, size_t *len)
{
    return inner_ops(s)->column_blob(in(s), col, len);
}

static void
fault_reset(struct store_stmt *s)
{
    inner_ops(s)->reset(in(s));
}

static void
fault_finalize(struct store_stmt *s)
{
    struct store_stmt *is = in(s);

    is->st->closing = s->st->closing;
    is->st->ops->finalize(is);
    zq_free(s);
}

static int64_t
fault_changes(struct store *st)
{
    struct store *inner = fi(st)->inner;
    return inner->ops->changes(inner);
}

static int
fault_copy_begin(struct store *st, const char *table, const char *const *cols, int ncols,
                 struct zq_err *err)
{
    struct store *inner = fi(st)->inner;

    if (injected(st, err))
        return ZQ_EDB;
    return inner->ops->copy_begin(inner, table, cols, ncols, err);
}

/* A failed row leaves the load open: store.c then aborts it through us. */
static int
fault_copy_row(struct store *st, const struct store_val *vals, struct zq_err *err)
{
    struct store *inner = fi(st)->inner;

    if (injected(st, err))
        return ZQ_EDB;
    return inner->ops->copy_row(inner, vals, err);
}

static void
fault_copy_abort(struct store *st)
{
    struct store *inner = fi(st)->inner;

    inner->ops->copy_abort(inner);
}

/* copy_end closes the load whatever happens: a failed one is abandoned. */
static int
fault_copy_end(struct store *st, int64_t *rows, struct zq_err *err)
{
    struct store *inner = fi(st)->inner;

    if (injected(st, err)) {
        inner->ops->copy_abort(inner);
        *rows = 0;
        return ZQ_EDB;
    }
    return inner->ops->copy_end(inner, rows, err);
}

const struct store_ops store_fault_ops = {
    .name = "fault",
    .dialect = STORE_SQLITE, /* replaced by the inner store's at open */
    .open = fault_open,
    .close = fault_close,
    .exec = fault_exec,
    .prepare = fault_prepare,
    .bind_null = fault_bind_null,
    .bind_int = fault_bind_int,
    .bind_text = fault_bind_text,
    .bind_blob = fault_bind_blob,
    .step = fault_step,
    .column_count = fault_column_count,
    .column_type = fault_column_type,
    .column_int = fault_column_int,
    .column_text = fault_column_text,
    .column_blob = fault_column_blob,
    .reset = fault_reset,
    .finalize = fault_finalize,
    .changes = fault_changes,
    .copy_begin = fault_copy_begin,
    .copy_row = fault_copy_row,
    .copy_end = fault_copy_end,
    .copy_abort = fault_copy_abort,
};
