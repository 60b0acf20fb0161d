/*
 * store_sqlite.c - the embedded SQLite driver.
 *
 * One sqlite3 connection per struct store, opened in WAL mode with foreign
 * keys on and a 5 s busy timeout.  Statements are prepared persistent.  The
 * common dialect's $1..$n are SQLite named parameters, numbered by first
 * appearance: prepare() maps each $n to SQLite's index so binding follows the
 * number in the text.  The driver owns its connection and statements; the
 * generic layer decides when they are finalized.  A bulk load is one
 * INSERT prepared at copy_begin (its SQL is built at run time, so it stays
 * out of the statement cache), stepped once per row and finalized at the end;
 * the values are bound without copying since each row is stepped at once.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/alloc.h"
#include "core/log.h"
#include "store/store_int.h"

struct sqlite_impl {
    sqlite3 *db;
    sqlite3_stmt *copy; /* the open bulk load's INSERT, or NULL */
    int copy_ncols;
    int64_t copy_rows;
};

struct sqlite_stmt {
    struct store_stmt base; /* first: see store_int.h */
    sqlite3_stmt *h;
    int nmap;
    int *map; /* map[n] = SQLite's index of $n, 0 when absent; n in 1..nmap */
};

static sqlite3 *
db_of(struct store *st)
{
    return ((struct sqlite_impl *)st->impl)->db;
}

static struct sqlite_stmt *
ss(struct store_stmt *s)
{
    return (struct sqlite_stmt *)s;
}

/* Map an SQLite result code to ours, with the engine's message. */
static int
fail(struct store *st, int rc, const char *what, struct zq_err *err)
{
    const char *msg = sqlite3_errmsg(db_of(st));

    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return zq_err_set(err, ZQ_ECONFLICT, "数据重复（违反唯一约束）：%s", msg);
    return zq_err_set(err, ZQ_EDB, "数据库 %s %s失败：%s", st->uri_safe, what, msg);
}

static int
sq_open(struct store *st, const char *uri, struct zq_err *err)
{
    static const char setup[] = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                                "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; "
                                "PRAGMA temp_store = MEMORY;";
    const char *path = uri;
    sqlite3 *db = NULL;
    char *msg = NULL;
    int rc;

    rc = sqlite3_open_v2(
        path, &db,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        struct stat sb;
        /* SQLite's own words are English: lead with the likely reason */
        zq_err_set(err, ZQ_EDB, "无法打开数据库 %s：%s（%s）", st->uri_safe,
                   stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)
                       ? "这是一个目录，不是数据库文件"
                       : "无法创建或打开该文件，请检查路径是否存在、是否有写权限",
                   db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return ZQ_EDB;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 5000);
    rc = sqlite3_exec(db, setup, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        zq_err_set(err, ZQ_EDB, "无法打开数据库 %s：%s", st->uri_safe,
                   msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        sqlite3_close(db);
        return ZQ_EDB;
    }
    struct sqlite_impl *im = zq_calloc(1, sizeof(*im));
    im->db = db;
    st->impl = im;
    return 0;
}

static void
sq_close(struct store *st)
{
    struct sqlite_impl *im = st->impl;

    sqlite3_finalize(im->copy); /* store_close() aborted the load: NULL already */
    if (sqlite3_close(im->db) != SQLITE_OK)
        log_error("数据库 %s 关闭失败：%s", st->uri_safe, sqlite3_errmsg(im->db));
    zq_free(im);
}

static int
sq_exec(struct store *st, const char *sql, struct zq_err *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db_of(st), sql, NULL, NULL, &msg);

    sqlite3_free(msg); /* sqlite3_errmsg() still has it */
    if (rc != SQLITE_OK)
        return fail(st, sqlite3_extended_errcode(db_of(st)), "执行语句", err);
    return 0;
}

/* "$12" -> 12, or 0 when the name is not $n / ?n. */
static int
param_number(const char *name)
{
    long n = 0;

    if (name == NULL || (name[0] != '$' && name[0] != '?') || name[1] == '\0')
        return 0;
    for (const char *p = name + 1; *p != '\0'; p++) {
        if (*p < '0' || *p > '9' || n > 32766)
            return 0;
        n = n * 10 + (*p - '0');
    }
    return (int)n;
}

static int
build_map(struct sqlite_stmt *s)
{
    int count = sqlite3_bind_parameter_count(s->h);

    for (int i = 1; i <= count; i++) {
        const char *name = sqlite3_bind_parameter_name(s->h, i);
        int n = name == NULL ? i : param_number(name);
        if (n <= 0)
            return ZQ_EINTERNAL; /* :name or @name: not our dialect */
        if (n > s->nmap) {
            s->map = zq_realloc(s->map, ((size_t)n + 1) * sizeof(*s->map));
            memset(s->map + s->nmap + 1, 0, (size_t)(n - s->nmap) * sizeof(*s->map));
            s->nmap = n;
        }
        s->map[n] = i;
    }
    return 0;
}

static int
sq_prepare(struct store *st, const char *sql, struct store_stmt **out, struct zq_err *err)
{
    sqlite3_stmt *h = NULL;
    const char *tail = NULL;
    int rc = sqlite3_prepare_v3(db_of(st), sql, -1, SQLITE_PREPARE_PERSISTENT, &h, &tail);

    if (rc != SQLITE_OK)
        return fail(st, sqlite3_extended_errcode(db_of(st)), "准备语句", err);
    if (h == NULL || (tail != NULL && tail[strspn(tail, " \t\r\n;")] != '\0')) {
        sqlite3_finalize(h);
        return zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：一次只能准备一条语句：%.80s", st->uri_safe,
                          sql);
    }
    struct sqlite_stmt *s = zq_calloc(1, sizeof(*s));
    s->base.st = st;
    s->h = h;
    if (build_map(s) < 0) {
        sqlite3_finalize(h);
        zq_free(s->map);
        zq_free(s);
        return zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：参数须写作 $1..$n：%.80s", st->uri_safe,
                          sql);
    }
    *out = &s->base;
    return 0;
}

static int
index_of(struct store_stmt *s, int idx)
{
    struct sqlite_stmt *q = ss(s);

    if (idx < 1 || idx > q->nmap || q->map[idx] == 0) {
        log_error("语句没有参数 $%d：%.80s", idx, s->sql ? s->sql : "");
        return 0;
    }
    return q->map[idx];
}

static int
bound(int rc)
{
    return rc == SQLITE_OK ? 0 : rc == SQLITE_TOOBIG ? ZQ_ETOOBIG : ZQ_EINTERNAL;
}

static int
sq_bind_null(struct store_stmt *s, int idx)
{
    int i = index_of(s, idx);
    return i ? bound(sqlite3_bind_null(ss(s)->h, i)) : ZQ_EINTERNAL;
}

static int
sq_bind_int(struct store_stmt *s, int idx, int64_t v)
{
    int i = index_of(s, idx);
    return i ? bound(sqlite3_bind_int64(ss(s)->h, i, v)) : ZQ_EINTERNAL;
}

static int
sq_bind_text(struct store_stmt *s, int idx, const char *p, size_t len)
{
    int i = index_of(s, idx);
    return i ? bound(sqlite3_bind_text64(ss(s)->h, i, p, len, SQLITE_TRANSIENT, SQLITE_UTF8))
             : ZQ_EINTERNAL;
}

static int
sq_bind_blob(struct store_stmt *s, int idx, const void *p, size_t len)
{
    int i = index_of(s, idx);
    return i ? bound(sqlite3_bind_blob64(ss(s)->h, i, p, len, SQLITE_TRANSIENT)) : ZQ_EINTERNAL;
}

static int
sq_bind_text_ref(struct store_stmt *s, int idx, const char *p, size_t len)
{
    int i = index_of(s, idx);
    return i ? bound(sqlite3_bind_text64(ss(s)->h, i, p, len, SQLITE_STATIC, SQLITE_UTF8))
             : ZQ_EINTERNAL;
}

static int
sq_bind_blob_ref(struct store_stmt *s, int idx, const void *p, size_t len)
{
    int i = index_of(s, idx);
    return i ? bound(sqlite3_bind_blob64(ss(s)->h, i, p, len, SQLITE_STATIC)) : ZQ_EINTERNAL;
}

static int
sq_step(struct store_stmt *s, struct zq_err *err)
{
    int rc = sqlite3_step(ss(s)->h);

    if (rc == SQLITE_ROW)
        return STORE_ROW;
    if (rc == SQLITE_DONE)
        return STORE_DONE;
    return fail(s->st, sqlite3_extended_errcode(db_of(s->st)), "执行语句", err);
}

static int
sq_column_count(struct store_stmt *s)
{
    return sqlite3_column_count(ss(s)->h);
}

static enum store_type
sq_column_type(struct store_stmt *s, int col)
{
    switch (sqlite3_column_type(ss(s)->h, col)) {
    case SQLITE_NULL:
        return STORE_NULL;
    case SQLITE_INTEGER:
        return STORE_INT;
    case SQLITE_BLOB:
        return STORE_BLOB;
    default:
        return STORE_TEXT;
    }
}

static int64_t
sq_column_int(struct store_stmt *s, int col)
{
    return sqlite3_column_int64(ss(s)->h, col);
}

static const char *
sq_column_text(struct store_stmt *s, int col, size_t *len)
{
    const unsigned char *p = sqlite3_column_text(ss(s)->h, col);

    *len = p ? (size_t)sqlite3_column_bytes(ss(s)->h, col) : 0;
    return (const char *)p;
}

static const void *
sq_column_blob(struct store_stmt *s, int col, size_t *len)
{
    if (sqlite3_column_type(ss(s)->h, col) == SQLITE_NULL) {
        *len = 0;
        return NULL;
    }
    const void *p = sqlite3_column_blob(ss(s)->h, col);
    *len = (size_t)sqlite3_column_bytes(ss(s)->h, col);
    return p;
}

static void
sq_reset(struct store_stmt *s)
{
    sqlite3_reset(ss(s)->h); /* the error, if any, was reported by step */
    sqlite3_clear_bindings(ss(s)->h);
}

static void
sq_finalize(struct store_stmt *s)
{
    sqlite3_finalize(ss(s)->h);
    zq_free(ss(s)->map);
    zq_free(s);
}

static int64_t
sq_changes(struct store *st)
{
    return sqlite3_changes64(db_of(st));
}

/* ---- bulk load ---- */

static struct sqlite_impl *
im_of(struct store *st)
{
    return st->impl;
}

static int
sq_copy_begin(struct store *st, const char *table, const char *const *cols, int ncols,
              struct zq_err *err)
{
    struct sqlite_impl *im = im_of(st);
    struct buf sql;
    int rc;

    buf_init(&sql, 1 << 20);
    rc = buf_puts(&sql, "INSERT INTO ");
    if (rc == 0)
        rc = store_copy_target(&sql, table, cols, ncols);
    if (rc == 0)
        rc = buf_puts(&sql, " VALUES (");
    for (int i = 1; i <= ncols && rc == 0; i++) /* $i is SQLite's index i: first appearance */
        rc = buf_printf(&sql, "%s$%d", i > 1 ? ", " : "", i);
    if (rc == 0)
        rc = buf_putc(&sql, ')');
    if (rc < 0) {
        buf_fini(&sql);
        return zq_err_set(err, ZQ_ETOOBIG, "数据库 %s：批量写入的列名过长", st->uri_safe);
    }
    rc = sqlite3_prepare_v3(im->db, sql.p, (int)sql.len, 0, &im->copy, NULL);
    buf_fini(&sql);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(im->copy);
        im->copy = NULL;
        return fail(st, sqlite3_extended_errcode(im->db), "批量写入", err);
    }
    im->copy_ncols = ncols;
    im->copy_rows = 0;
    return 0;
}

static int
sq_copy_row(struct store *st, const struct store_val *vals, struct zq_err *err)
{
    struct sqlite_impl *im = im_of(st);
    int rc = SQLITE_OK;

    for (int c = 0; c < im->copy_ncols && rc == SQLITE_OK; c++) {
        const struct store_val *v = &vals[c];
        /* a NULL pointer would bind NULL: an empty value needs some address */
        const void *p = v->n > 0 ? v->p : "";
        switch (v->t) {
        case STORE_NULL:
            rc = sqlite3_bind_null(im->copy, c + 1);
            break;
        case STORE_INT:
            rc = sqlite3_bind_int64(im->copy, c + 1, v->i);
            break;
        case STORE_TEXT:
            rc = sqlite3_bind_text64(im->copy, c + 1, p, v->n, SQLITE_STATIC, SQLITE_UTF8);
            break;
        case STORE_BLOB:
            rc = sqlite3_bind_blob64(im->copy, c + 1, p, v->n, SQLITE_STATIC);
            break;
        }
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_step(im->copy);
    if (rc != SQLITE_DONE) {
        rc = fail(st, sqlite3_extended_errcode(im->db), "批量写入", err);
        sqlite3_reset(im->copy);
        return rc;
    }
    sqlite3_reset(im->copy);
    sqlite3_clear_bindings(im->copy); /* nothing may point at the caller's bytes */
    im->copy_rows++;
    return 0;
}

static void
sq_copy_abort(struct store *st)
{
    struct sqlite_impl *im = im_of(st);

    sqlite3_finalize(im->copy);
    im->copy = NULL;
    im->copy_ncols = 0;
}

static int
sq_copy_end(struct store *st, int64_t *rows, struct zq_err *err)
{
    (void)err;
    *rows = im_of(st)->copy_rows;
    sq_copy_abort(st);
    return 0;
}

const struct store_ops store_sqlite_ops = {
    .name = "sqlite",
    .dialect = STORE_SQLITE,
    .open = sq_open,
    .close = sq_close,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .bind_null = sq_bind_null,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_blob = sq_bind_blob,
    .bind_text_ref = sq_bind_text_ref,
    .bind_blob_ref = sq_bind_blob_ref,
    .step = sq_step,
    .column_count = sq_column_count,
    .column_type = sq_column_type,
    .column_int = sq_column_int,
    .column_text = sq_column_text,
    .column_blob = sq_column_blob,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .changes = sq_changes,
    .copy_begin = sq_copy_begin,
    .copy_row = sq_copy_row,
    .copy_end = sq_copy_end,
    .copy_abort = sq_copy_abort,
};

int
store_cache_limit(struct store *st, int64_t mib, struct zq_err *err)
{
    char sql[64];

    if (store_dialect(st) != STORE_SQLITE)
        return 0;
    snprintf(sql, sizeof sql, "PRAGMA cache_size = -%lld", (long long)mib * 1024);
    return store_exec(st, sql, err);
}

int64_t
store_sqlite_memory_used(void)
{
    return (int64_t)sqlite3_memory_used();
}
