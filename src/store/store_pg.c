/*
 * store_pg.c - the PostgreSQL driver (libpq), the scale-out backend.
 *
 * One PGconn per struct store.  Statements are server-side prepared
 * statements named "zq1", "zq2", ... per connection; parameters travel as
 * text (integers in decimal), blobs in binary; the server infers each
 * parameter's type from its use.  The first step executes the statement and
 * fetches its whole result; further steps walk the rows, so one statement
 * can be read while others run on the same connection.  Results are text
 * and bytea is decoded on demand.  SQLSTATE 23505 (unique violation) maps to
 * ZQ_ECONFLICT, every other failure to ZQ_EDB with the server's message.
 * Bulk loads are COPY ... FROM STDIN in text format: rows are escaped into one
 * fixed 256 KiB buffer that is sent whenever it fills (COPY data need not
 * break at rows), so memory stays flat however large a row or a load is.
 * The driver owns the connection, the results, the parameter copies and the
 * copy buffer.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/log.h"
#include "store/store_int.h"

enum { PG_INT8 = 20, PG_INT2 = 21, PG_INT4 = 23, PG_BOOL = 16, PG_OID = 26, PG_BYTEA = 17 };
enum { PG_NUMERIC = 1700 };

struct pg_impl {
    PGconn *conn;
    unsigned next_name;
    int64_t changes;
    char **pending; /* names of statements to DEALLOCATE once the transaction allows */
    size_t npending, cap;
    char *copy_buf; /* non-NULL while a COPY is open: COPY_BUF bytes */
    size_t copy_len;
    int copy_ncols;
};

enum { COPY_BUF = 256 * 1024 };

struct pg_param {
    char *buf; /* owned copy of the value */
    size_t cap;
    bool set; /* false: NULL */
    int len, fmt;
};

struct pg_stmt {
    struct store_stmt base; /* first: see store_int.h */
    char name[24];
    int nparams;
    struct pg_param *params;
    const char **vals;
    int *lens, *fmts;
    PGresult *res;
    int row, nrows;
    int ncols;
    unsigned char **blobs; /* decoded bytea of the current row, per column */
    size_t *bloblen;
};

static struct pg_impl *
im_of(struct store *st)
{
    return st->impl;
}

static struct pg_stmt *
ps(struct store_stmt *s)
{
    return (struct pg_stmt *)s;
}

/* Record a failed result (res may be NULL) as ZQ_ECONFLICT or ZQ_EDB. */
static int
fail(struct store *st, const PGresult *res, const char *what, struct zq_err *err)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    char buf[384];

    if (msg == NULL)
        msg = PQerrorMessage(im_of(st)->conn);
    snprintf(buf, sizeof(buf), "%.*s%s%s", (int)strcspn(msg, "\n"), msg, detail ? "；" : "",
             detail ? detail : "");
    if (state != NULL && strcmp(state, "23505") == 0)
        return zq_err_set(err, ZQ_ECONFLICT, "数据重复（违反唯一约束）：%s", buf);
    if (PQstatus(im_of(st)->conn) == CONNECTION_BAD)
        return zq_err_set(err, ZQ_EDB, "数据库 %s 连接已断开（%s）：%s", st->uri_safe, what, buf);
    return zq_err_set(err, ZQ_EDB, "数据库 %s %s失败：%s", st->uri_safe, what, buf);
}

static void
quiet(void *arg, const char *message)
{
    (void)arg;
    log_debug("PostgreSQL: %.*s", (int)strcspn(message, "\n"), message);
}

static int
pg_open(struct store *st, const char *uri, struct zq_err *err)
{
    PGconn *conn = PQconnectdb(uri);

    if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
        const char *msg = conn ? PQerrorMessage(conn) : "内存不足";
        zq_err_set(err, ZQ_EDB, "无法连接数据库 %s：%.*s", st->uri_safe, (int)strcspn(msg, "\n"),
                   msg);
        PQfinish(conn);
        return ZQ_EDB;
    }
    if (PQsetClientEncoding(conn, "UTF8") != 0) {
        zq_err_set(err, ZQ_EDB, "数据库 %s 不支持 UTF8 客户端编码", st->uri_safe);
        PQfinish(conn);
        return ZQ_EDB;
    }
    PQsetNoticeProcessor(conn, quiet, NULL);
    struct pg_impl *im = zq_calloc(1, sizeof(*im));
    im->conn = conn;
    st->impl = im;
    return 0;
}

static void
pg_close(struct store *st)
{
    struct pg_impl *im = st->impl;

    PQfinish(im->conn);
    zq_free(im->copy_buf); /* store_close() aborted the COPY: freed already */
    for (size_t i = 0; i < im->npending; i++)
        zq_free(im->pending[i]);
    zq_free(im->pending);
    zq_free(im);
}

static void
note_changes(struct pg_impl *im, PGresult *res)
{
    const char *cmd = PQcmdStatus(res);

    if (strncmp(cmd, "INSERT", 6) == 0 || strncmp(cmd, "UPDATE", 6) == 0 ||
        strncmp(cmd, "DELETE", 6) == 0)
        im->changes = store_parse_int(PQcmdTuples(res));
}

/* Drop prepared statements released while the transaction was failed. */
static void
flush_pending(struct pg_impl *im)
{
    char sql[48];

    /* a statement sent during a COPY would end it */
    if (im->npending == 0 || im->copy_buf != NULL ||
        PQtransactionStatus(im->conn) == PQTRANS_INERROR)
        return;
    while (im->npending > 0) {
        char *name = im->pending[--im->npending];
        snprintf(sql, sizeof(sql), "DEALLOCATE %s", name);
        PQclear(PQexec(im->conn, sql));
        zq_free(name);
    }
}

static int
pg_exec(struct store *st, const char *sql, struct zq_err *err)
{
    struct pg_impl *im = im_of(st);
    PGresult *res;
    int rc = 0;

    flush_pending(im);
    res = PQexec(im->conn, sql);
    switch (PQresultStatus(res)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
        note_changes(im, res);
        break;
    case PGRES_EMPTY_QUERY:
        break;
    default:
        rc = fail(st, res, "执行语句", err);
    }
    PQclear(res);
    return rc;
}

static void
release(struct pg_stmt *q)
{
    for (int c = 0; c < q->ncols && q->blobs != NULL; c++) {
        PQfreemem(q->blobs[c]);
        q->blobs[c] = NULL;
    }
}

static int
pg_prepare(struct store *st, const char *sql, struct store_stmt **out, struct zq_err *err)
{
    struct pg_impl *im = im_of(st);
    struct pg_stmt *q;
    PGresult *res;
    char name[24];

    flush_pending(im);
    snprintf(name, sizeof(name), "zq%u", ++im->next_name);
    res = PQprepare(im->conn, name, sql, 0, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        int rc = fail(st, res, "准备语句", err);
        PQclear(res);
        return rc;
    }
    PQclear(res);
    res = PQdescribePrepared(im->conn, name);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        int rc = fail(st, res, "准备语句", err);
        PQclear(res);
        return rc;
    }
    q = zq_calloc(1, sizeof(*q));
    q->base.st = st;
    memcpy(q->name, name, sizeof(name));
    q->nparams = PQnparams(res);
    q->ncols = PQnfields(res);
    PQclear(res);
    if (q->nparams > 0) {
        q->params = zq_calloc((size_t)q->nparams, sizeof(*q->params));
        q->vals = zq_calloc((size_t)q->nparams, sizeof(*q->vals));
        q->lens = zq_calloc((size_t)q->nparams, sizeof(*q->lens));
        q->fmts = zq_calloc((size_t)q->nparams, sizeof(*q->fmts));
    }
    if (q->ncols > 0) {
        q->blobs = zq_calloc((size_t)q->ncols, sizeof(*q->blobs));
        q->bloblen = zq_calloc((size_t)q->ncols, sizeof(*q->bloblen));
    }
    *out = &q->base;
    return 0;
}

static struct pg_param *
param(struct store_stmt *s, int idx)
{
    struct pg_stmt *q = ps(s);

    if (idx < 1 || idx > q->nparams) {
        log_error("语句没有参数 $%d：%.80s", idx, s->sql ? s->sql : "");
        return NULL;
    }
    return &q->params[idx - 1];
}

/* Copy n bytes (plus a NUL) into the parameter's own buffer. */
static int
set_param(struct store_stmt *s, int idx, const void *p, size_t n, int fmt)
{
    struct pg_param *pa = param(s, idx);

    if (pa == NULL)
        return ZQ_EINTERNAL;
    if (n > 0x3fffffff)
        return ZQ_ETOOBIG;
    if (n + 1 > pa->cap) {
        pa->cap = n + 1 < 32 ? 32 : n + 1;
        pa->buf = zq_realloc(pa->buf, pa->cap);
    }
    if (n > 0)
        memcpy(pa->buf, p, n);
    pa->buf[n] = '\0';
    pa->len = (int)n;
    pa->fmt = fmt;
    pa->set = true;
    return 0;
}

static int
pg_bind_null(struct store_stmt *s, int idx)
{
    struct pg_param *pa = param(s, idx);

    if (pa == NULL)
        return ZQ_EINTERNAL;
    pa->set = false;
    return 0;
}

static int
pg_bind_int(struct store_stmt *s, int idx, int64_t v)
{
    char buf[24];
    int n = snprintf(buf, sizeof(buf), "%lld", (long long)v);

    return set_param(s, idx, buf, (size_t)n, 0);
}

static int
pg_bind_text(struct store_stmt *s, int idx, const char *p, size_t len)
{
    if (memchr(p, '\0', len) != NULL)
        return ZQ_EINVAL; /* PostgreSQL text cannot hold NUL */
    return set_param(s, idx, p, len, 0);
}

static int
pg_bind_blob(struct store_stmt *s, int idx, const void *p, size_t len)
{
    return set_param(s, idx, p, len, 1);
}

static int
execute(struct pg_stmt *q, struct zq_err *err)
{
    struct store *st = q->base.st;
    struct pg_impl *im = im_of(st);

    for (int i = 0; i < q->nparams; i++) {
        struct pg_param *pa = &q->params[i];
        q->vals[i] = pa->set ? pa->buf : NULL;
        q->lens[i] = pa->len;
        q->fmts[i] = pa->fmt;
    }
    q->res = PQexecPrepared(im->conn, q->name, q->nparams, q->vals, q->lens, q->fmts, 0);
    switch (PQresultStatus(q->res)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
        note_changes(im, q->res);
        q->nrows = PQntuples(q->res);
        q->row = 0;
        return q->nrows > 0 ? STORE_ROW : STORE_DONE;
    default: {
        int rc = fail(st, q->res, "执行语句", err);
        PQclear(q->res);
        q->res = NULL;
        q->nrows = q->row = 0;
        return rc;
    }
    }
}

static int
pg_step(struct store_stmt *s, struct zq_err *err)
{
    struct pg_stmt *q = ps(s);

    if (q->res == NULL)
        return execute(q, err);
    release(q);
    if (q->row + 1 < q->nrows) {
        q->row++;
        return STORE_ROW;
    }
    q->row = q->nrows;
    return STORE_DONE;
}

static int
pg_column_count(struct store_stmt *s)
{
    return ps(s)->ncols;
}

static bool
valid(struct pg_stmt *q, int col)
{
    return q->res != NULL && q->row < q->nrows && col >= 0 && col < q->ncols;
}

static enum store_type
pg_column_type(struct store_stmt *s, int col)
{
    struct pg_stmt *q = ps(s);

    if (!valid(q, col) || PQgetisnull(q->res, q->row, col))
        return STORE_NULL;
    switch (PQftype(q->res, col)) {
    case PG_INT8:
    case PG_INT4:
    case PG_INT2:
    case PG_BOOL:
    case PG_OID:
    case PG_NUMERIC:
        return STORE_INT;
    case PG_BYTEA:
        return STORE_BLOB;
    default:
        return STORE_TEXT;
    }
}

static int64_t
pg_column_int(struct store_stmt *s, int col)
{
    struct pg_stmt *q = ps(s);

    if (!valid(q, col) || PQgetisnull(q->res, q->row, col))
        return 0;
    return store_parse_int(PQgetvalue(q->res, q->row, col));
}

static const char *
pg_column_text(struct store_stmt *s, int col, size_t *len)
{
    struct pg_stmt *q = ps(s);

    if (!valid(q, col) || PQgetisnull(q->res, q->row, col)) {
        *len = 0;
        return NULL;
    }
    *len = (size_t)PQgetlength(q->res, q->row, col);
    return PQgetvalue(q->res, q->row, col);
}

static const void *
pg_column_blob(struct store_stmt *s, int col, size_t *len)
{
    struct pg_stmt *q = ps(s);

    *len = 0;
    if (!valid(q, col) || PQgetisnull(q->res, q->row, col))
        return NULL;
    if (PQftype(q->res, col) != PG_BYTEA) {
        *len = (size_t)PQgetlength(q->res, q->row, col);
        return PQgetvalue(q->res, q->row, col);
    }
    if (q->blobs[col] == NULL) {
        const unsigned char *text = (const unsigned char *)PQgetvalue(q->res, q->row, col);
        q->blobs[col] = PQunescapeBytea(text, &q->bloblen[col]);
        if (q->blobs[col] == NULL)
            log_fatal("PostgreSQL bytea 解码失败（内存不足）");
    }
    *len = q->bloblen[col];
    return q->blobs[col];
}

static void
pg_reset(struct store_stmt *s)
{
    struct pg_stmt *q = ps(s);

    release(q);
    PQclear(q->res);
    q->res = NULL;
    q->row = q->nrows = 0;
    for (int i = 0; i < q->nparams; i++)
        q->params[i].set = false;
}

static void
pg_finalize(struct store_stmt *s)
{
    struct pg_stmt *q = ps(s);
    struct store *st = s->st;
    struct pg_impl *im = im_of(st);

    pg_reset(s);
    if (!st->closing) { /* closing drops them all with the connection */
        im->pending = zq_grow(im->pending, sizeof(*im->pending), im->npending + 1, &im->cap);
        im->pending[im->npending++] = zq_strdup(q->name);
        flush_pending(im);
    }
    for (int i = 0; i < q->nparams; i++)
        zq_free(q->params[i].buf);
    zq_free(q->params);
    zq_free((void *)q->vals);
    zq_free(q->lens);
    zq_free(q->fmts);
    zq_free(q->blobs);
    zq_free(q->bloblen);
    zq_free(q);
}

static int64_t
pg_changes(struct store *st)
{
    return im_of(st)->changes;
}

/* ---- bulk load: COPY ... FROM STDIN ---- */

/* Read the results left after a COPY until the connection is idle again.  A
 * connection still in COPY state (libpq could not send the end) is broken:
 * stop rather than loop. */
static void
drain(PGconn *conn)
{
    PGresult *res;

    while ((res = PQgetResult(conn)) != NULL) {
        ExecStatusType status = PQresultStatus(res);
        PQclear(res);
        if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH)
            break;
    }
}

static void
copy_close(struct pg_impl *im)
{
    zq_free(im->copy_buf);
    im->copy_buf = NULL;
    im->copy_len = 0;
    im->copy_ncols = 0;
}

static int
pg_copy_begin(struct store *st, const char *table, const char *const *cols, int ncols,
              struct zq_err *err)
{
    struct pg_impl *im = im_of(st);
    PGresult *res;
    struct buf sql;
    int rc;

    flush_pending(im);
    buf_init(&sql, 1 << 20);
    rc = buf_puts(&sql, "COPY ");
    if (rc == 0)
        rc = store_copy_target(&sql, table, cols, ncols);
    if (rc == 0)
        rc = buf_puts(&sql, " FROM STDIN");
    if (rc < 0) {
        buf_fini(&sql);
        return zq_err_set(err, ZQ_ETOOBIG, "数据库 %s：批量写入的列名过长", st->uri_safe);
    }
    res = PQexec(im->conn, sql.p);
    buf_fini(&sql);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        rc = fail(st, res, "批量写入", err);
        PQclear(res);
        drain(im->conn);
        return rc;
    }
    PQclear(res);
    im->copy_buf = zq_malloc(COPY_BUF);
    im->copy_len = 0;
    im->copy_ncols = ncols;
    return 0;
}

/* Send the buffer as one CopyData message. */
static int
copy_flush(struct store *st, struct zq_err *err)
{
    struct pg_impl *im = im_of(st);

    if (im->copy_len == 0)
        return 0;
    if (PQputCopyData(im->conn, im->copy_buf, (int)im->copy_len) != 1)
        return fail(st, NULL, "批量写入", err);
    im->copy_len = 0;
    return 0;
}

static int
copy_put(struct store *st, const char *p, size_t n, struct zq_err *err)
{
    struct pg_impl *im = im_of(st);

    while (n > 0) {
        int rc;
        if (im->copy_len == COPY_BUF && (rc = copy_flush(st, err)) < 0)
            return rc;
        size_t k = COPY_BUF - im->copy_len < n ? COPY_BUF - im->copy_len : n;
        memcpy(im->copy_buf + im->copy_len, p, k);
        im->copy_len += k;
        p += k;
        n -= k;
    }
    return 0;
}

/* Text with the four characters text COPY gives a meaning escaped. */
static int
copy_put_text(struct store *st, const char *p, size_t n, struct zq_err *err)
{
    const char *end = p + n, *run = p;
    int rc = 0;

    for (; p < end && rc == 0; p++) {
        const char *esc;
        switch (*p) {
        case '\\':
            esc = "\\\\";
            break;
        case '\t':
            esc = "\\t";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        default:
            continue;
        }
        rc = copy_put(st, run, (size_t)(p - run), err);
        if (rc == 0)
            rc = copy_put(st, esc, 2, err);
        run = p + 1;
    }
    return rc < 0 ? rc : copy_put(st, run, (size_t)(end - run), err);
}

/* bytea in hex, its backslash escaped for text COPY: \\x0aff... */
static int
copy_put_blob(struct store *st, const void *bytes, size_t n, struct zq_err *err)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = bytes;
    struct pg_impl *im = im_of(st);
    int rc = copy_put(st, "\\\\x", 3, err);

    while (rc == 0 && n > 0) {
        size_t room = (COPY_BUF - im->copy_len) / 2;
        if (room == 0) {
            rc = copy_flush(st, err);
            continue;
        }
        size_t k = room < n ? room : n;
        char *o = im->copy_buf + im->copy_len;
        for (size_t i = 0; i < k; i++) {
            o[2 * i] = hex[p[i] >> 4];
            o[2 * i + 1] = hex[p[i] & 15];
        }
        im->copy_len += 2 * k;
        p += k;
        n -= k;
    }
    return rc;
}

static int
copy_put_int(struct store *st, int64_t v, struct zq_err *err)
{
    char digits[24], *o = digits + sizeof(digits);
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

    do {
        *--o = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (v < 0)
        *--o = '-';
    return copy_put(st, o, (size_t)(digits + sizeof(digits) - o), err);
}

static int
pg_copy_row(struct store *st, const struct store_val *vals, struct zq_err *err)
{
    struct pg_impl *im = im_of(st);
    int rc = 0;

    for (int c = 0; c < im->copy_ncols && rc == 0; c++) {
        const struct store_val *v = &vals[c];
        if (c > 0)
            rc = copy_put(st, "\t", 1, err);
        if (rc < 0)
            break;
        switch (v->t) {
        case STORE_NULL:
            rc = copy_put(st, "\\N", 2, err);
            break;
        case STORE_INT:
            rc = copy_put_int(st, v->i, err);
            break;
        case STORE_TEXT: /* p may be NULL when n is 0 */
            rc = v->n > 0 ? copy_put_text(st, v->p, v->n, err) : 0;
            break;
        case STORE_BLOB:
            rc = copy_put_blob(st, v->n > 0 ? v->p : "", v->n, err);
            break;
        }
    }
    return rc < 0 ? rc : copy_put(st, "\n", 1, err);
}

static int
pg_copy_end(struct store *st, int64_t *rows, struct zq_err *err)
{
    struct pg_impl *im = im_of(st);
    PGresult *res;
    int rc = copy_flush(st, err);

    *rows = 0;
    if (PQputCopyEnd(im->conn, rc < 0 ? "批量写入发送失败" : NULL) != 1 && rc == 0)
        rc = fail(st, NULL, "批量写入", err);
    res = PQgetResult(im->conn);
    if (rc == 0) {
        if (PQresultStatus(res) == PGRES_COMMAND_OK) {
            *rows = store_parse_int(PQcmdTuples(res));
            im->changes = *rows;
        } else {
            rc = fail(st, res, "批量写入", err);
        }
    }
    PQclear(res);
    drain(im->conn);
    copy_close(im);
    return rc;
}

/* CopyFail: the server discards the rows and fails the statement, and with
 * it the transaction (store.c rolls that back). */
static void
pg_copy_abort(struct store *st)
{
    struct pg_impl *im = im_of(st);

    if (PQputCopyEnd(im->conn, "批量写入已放弃") != 1)
        log_warn("数据库 %s：放弃批量写入失败：%.200s", st->uri_safe, PQerrorMessage(im->conn));
    drain(im->conn);
    copy_close(im);
}

const struct store_ops store_pg_ops = {
    .name = "postgresql",
    .dialect = STORE_PG,
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .bind_null = pg_bind_null,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .step = pg_step,
    .column_count = pg_column_count,
    .column_type = pg_column_type,
    .column_int = pg_column_int,
    .column_text = pg_column_text,
    .column_blob = pg_column_blob,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .changes = pg_changes,
    .copy_begin = pg_copy_begin,
    .copy_row = pg_copy_row,
    .copy_end = pg_copy_end,
    .copy_abort = pg_copy_abort,
};
