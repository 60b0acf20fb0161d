/*
 * The store contract suite: the same cases run against every backend
 * available — SQLite in a temporary file always, PostgreSQL when
 * ZHIQIAN_TEST_PG holds a URI (scripts/pg-cluster start prints one).
 *
 * On PostgreSQL each run works in a schema of its own, zq_test_<pid>, that
 * every case drops and recreates (the store's URI selects it with
 * options=-csearch_path=...); the schema is dropped at the end.  On SQLite
 * every case starts from a new file in a temporary directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/str.h"
#include "store/store.h"
#include "store/store_int.h"
#include "store/store_ref.h"
#include "backends.h"
#include "t.h"

static struct t_backends env; /* the suite's fixture, set up by main */

/* An empty database (not migrated: these cases test the store itself). */
static struct store *
fresh(const struct t_backend *b)
{
    return tb_fresh(&env, b, false);
}

/* ---- helpers ---- */

static const char SQL_KV_SQLITE[] =
    "CREATE TABLE kv (k TEXT PRIMARY KEY, i INTEGER, t TEXT, b BLOB) STRICT";
static const char SQL_KV_PG[] = "CREATE TABLE kv (k text PRIMARY KEY, i bigint, t text, b bytea)";
static const char SQL_KV_PUT[] = "INSERT INTO kv (k, i) VALUES ($1, $2)";
static const char SQL_KV_ALL[] = "SELECT k, i FROM kv ORDER BY k";
static const char SQL_KV_COUNT[] = "SELECT count(*) FROM kv";

static void
make_kv(struct store *st)
{
    struct zq_err e;

    zq_err_clear(&e);
    T_EQ_INT(store_exec(st, store_dialect(st) == STORE_SQLITE ? SQL_KV_SQLITE : SQL_KV_PG, &e), 0);
}

static int
kv_put(struct store *st, const char *k, int64_t i, struct zq_err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(st, SQL_KV_PUT, &s, e);

    if (rc < 0)
        return rc;
    if (store_bind_text(s, 1, k, (size_t)-1) < 0 || store_bind_int(s, 2, i) < 0) {
        store_stmt_done(s);
        return ZQ_EINTERNAL;
    }
    return store_run(s, e);
}

/* The first column of a one-row query as an integer; -999 on failure. */
static int64_t
scalar(struct store *st, const char *sql)
{
    struct store_stmt *s;
    struct zq_err e;
    int64_t v = -999;

    zq_err_clear(&e);
    if (store_prepare(st, sql, &s, &e) < 0) {
        fprintf(stderr, "     %s: %s\n", sql, e.msg);
        return v;
    }
    if (store_step(s, &e) == STORE_ROW)
        v = store_column_int(s, 0);
    store_stmt_done(s);
    return v;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every row of the query as "col0|col1|...\n", rows sorted; owned by the caller. */
static char *
rows_sorted(struct store *st, const char *sql)
{
    struct store_stmt *s;
    struct zq_err e;
    char **lines = NULL;
    size_t n = 0, cap = 0;
    struct buf out;
    int rc;

    buf_init(&out, 1 << 20);
    zq_err_clear(&e);
    if (store_prepare(st, sql, &s, &e) < 0) {
        fprintf(stderr, "     %s\n", e.msg);
        return buf_steal(&out);
    }
    while ((rc = store_step(s, &e)) == STORE_ROW) {
        struct buf line;
        buf_init(&line, 4096);
        for (int c = 0; c < store_column_count(s); c++)
            if (buf_printf(&line, "%s%s", c ? "|" : "", store_column_text(s, c, NULL)) < 0)
                break;
        lines = zq_grow(lines, sizeof(*lines), n + 1, &cap);
        lines[n++] = buf_steal(&line);
    }
    if (rc < 0)
        fprintf(stderr, "     %s\n", e.msg);
    store_stmt_done(s);
    if (n > 0)
        qsort(lines, n, sizeof(*lines), cmp_str);
    for (size_t i = 0; i < n; i++) {
        T_CHECK(buf_printf(&out, "%s\n", lines[i]) == 0);
        zq_free(lines[i]);
    }
    zq_free(lines);
    return buf_steal(&out);
}

/* ---- migrations ---- */

static const char SQL_MIGRATIONS[] = "SELECT count(*) FROM schema_migrations";

static void
test_migrate(void)
{
    for (int i = 0; i < env.n; i++) {
        const struct t_backend *b = &env.b[i];
        struct store *st = fresh(b);
        struct zq_err e;
        int v = -1, v2 = -1, n = -1;

        t_name = b->name;
        zq_err_clear(&e);
        T_EQ_STR(store_driver_name(st), b->name);
        T_EQ_INT(store_dialect(st), b->schema[0] ? STORE_PG : STORE_SQLITE);
        T_CHECK(store_schema_latest() >= 1);
        T_EQ_INT(store_schema_version(st, &v, &e), 0);
        T_EQ_INT(v, 0);
        T_EQ_INT(store_migrate(st, &v, &e), 0);
        T_EQ_INT(v, store_schema_latest());
        T_EQ_INT(store_migrate(st, &v2, &e), 0); /* idempotent */
        T_EQ_INT(v2, v);
        T_EQ_INT(store_schema_version(st, &v2, &e), 0);
        T_EQ_INT(v2, store_schema_latest());
        T_EQ_INT(scalar(st, SQL_MIGRATIONS), store_schema_latest());
        T_EQ_INT(store_region_count(st, &n, &e), 0);
        T_EQ_INT(n, 0);
        store_close(st);
    }
}

/* ---- values ---- */

static const char SQL_RT_PUT[] = "INSERT INTO kv (k, i, t, b) VALUES ($2, $1, $4, $3)";
static const char SQL_RT_GET[] = "SELECT i, t, b FROM kv WHERE k = $1";
static const char SQL_RT_TWICE[] = "SELECT count(*) FROM kv WHERE k = $1 OR t = $1";

struct rt_case {
    const char *k;
    int null_i, null_t, null_b;
    int64_t i;
    const char *t;
    size_t tlen; /* 0: strlen(t) */
    const unsigned char *b;
    size_t blen;
};

static size_t
rt_tlen(const struct rt_case *c)
{
    return c->tlen ? c->tlen : c->t ? strlen(c->t) : 0;
}

static void
rt_check(struct store *st, const struct rt_case *c)
{
    struct store_stmt *s;
    struct zq_err e;
    size_t len = 99, tlen = rt_tlen(c);

    zq_err_clear(&e);
    T_EQ_INT(store_prepare(st, SQL_RT_GET, &s, &e), 0);
    T_EQ_INT(store_bind_text(s, 1, c->k, (size_t)-1), 0);
    T_EQ_INT(store_step(s, &e), STORE_ROW);
    T_EQ_INT(store_column_count(s), 3);
    T_EQ_INT(store_column_type(s, 0), c->null_i ? STORE_NULL : STORE_INT);
    T_EQ_INT(store_column_int(s, 0), c->null_i ? 0 : c->i);
    T_EQ_INT(store_column_type(s, 1), c->null_t ? STORE_NULL : STORE_TEXT);
    const char *t = store_column_text(s, 1, &len);
    T_EQ_INT(len, c->null_t ? 0 : tlen);
    T_CHECK(t != NULL && (c->null_t ? *t == '\0' : memcmp(t, c->t, tlen) == 0));
    T_CHECK(t != NULL && t[len] == '\0');
    T_EQ_INT(store_column_type(s, 2), c->null_b ? STORE_NULL : STORE_BLOB);
    const void *blob = store_column_blob(s, 2, &len);
    T_EQ_INT(len, c->null_b ? 0 : c->blen);
    if (c->null_b)
        T_CHECK(blob == NULL);
    else if (c->blen > 0)
        T_CHECK(blob != NULL && memcmp(blob, c->b, c->blen) == 0);
    T_EQ_INT(store_step(s, &e), STORE_DONE);
    store_stmt_done(s);
}

static void
test_round_trip(void)
{
    static unsigned char all[256];
    static const unsigned char zeros[] = { 0, 0, 'a', 0, 0xff };
    static const char cn[] = "保障农民工工资支付条例（国务院令第724号）🏗";
    const struct rt_case cases[] = {
        { "max", 0, 0, 0, INT64_MAX, "x", 1, all, sizeof(all) },
        { "min", 0, 0, 0, INT64_MIN, cn, sizeof(cn) - 1, zeros, sizeof(zeros) },
        { "zero", 0, 0, 0, 0, "", 0, (const unsigned char *)"", 0 },
        { "neg", 0, 0, 1, -1, "引号 ' \" \\ ; --", 0, NULL, 0 },
        { "nulls", 1, 1, 1, 0, NULL, 0, NULL, 0 },
        { "slice", 0, 0, 1, 42, "abcdef", 3, NULL, 0 },
        { "中文键", 0, 0, 1, 1234567890123LL, "治欠", 0, NULL, 0 },
    };

    for (int j = 0; j < 256; j++)
        all[j] = (unsigned char)j;
    for (int i = 0; i < env.n; i++) {
        struct store *st = fresh(&env.b[i]);
        struct zq_err e;

        t_name = env.b[i].name;
        zq_err_clear(&e);
        make_kv(st);
        for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
            const struct rt_case *rc = &cases[c];
            struct store_stmt *s;
            T_EQ_INT(store_prepare(st, SQL_RT_PUT, &s, &e), 0);
            T_EQ_INT(store_bind_text(s, 2, rc->k, (size_t)-1), 0);
            T_EQ_INT(rc->null_i ? store_bind_null(s, 1) : store_bind_int(s, 1, rc->i), 0);
            T_EQ_INT(store_bind_text(s, 4, rc->null_t ? NULL : rc->t, rt_tlen(rc)), 0);
            T_EQ_INT(store_bind_blob(s, 3, rc->null_b ? NULL : rc->b, rc->blen), 0);
            T_EQ_INT(store_run(s, &e), 0);
            T_EQ_INT(store_changes(st), 1);
        }
        for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
            rt_check(st, &cases[c]);
        /* one parameter used twice */
        struct store_stmt *s;
        T_EQ_INT(store_prepare(st, SQL_RT_TWICE, &s, &e), 0);
        T_EQ_INT(store_bind_text(s, 1, "治欠", (size_t)-1), 0);
        T_EQ_INT(store_step(s, &e), STORE_ROW);
        T_EQ_INT(store_column_int(s, 0), 1);
        store_stmt_done(s);
        /* binding a parameter the statement does not have is refused */
        T_EQ_INT(store_prepare(st, SQL_RT_TWICE, &s, &e), 0);
        T_CHECK(store_bind_int(s, 2, 1) < 0);
        store_stmt_done(s);
        store_close(st);
    }
}

/* ---- upserts and errors ---- */

static const char SQL_UPSERT[] = "INSERT INTO kv (k, i) VALUES ($1, $2) "
                                 "ON CONFLICT (k) DO UPDATE SET i = excluded.i RETURNING i";
static const char SQL_NOTHING[] =
    "INSERT INTO kv (k, i) VALUES ($1, $2) ON CONFLICT (k) DO NOTHING";
static const char SQL_GET_A[] = "SELECT i FROM kv WHERE k = 'a'";
static const char SQL_BAD[] = "SELEC nonsense FROM";
static const char SQL_NO_TABLE[] = "SELECT x FROM no_such_table";

static void
test_upsert_and_errors(void)
{
    for (int i = 0; i < env.n; i++) {
        struct store *st = fresh(&env.b[i]);
        struct store_stmt *s;
        struct zq_err e;

        t_name = env.b[i].name;
        zq_err_clear(&e);
        make_kv(st);
        for (int64_t v = 1; v <= 2; v++) {
            T_EQ_INT(store_prepare(st, SQL_UPSERT, &s, &e), 0);
            T_EQ_INT(store_bind_text(s, 1, "a", 1), 0);
            T_EQ_INT(store_bind_int(s, 2, v * 100), 0);
            T_EQ_INT(store_step(s, &e), STORE_ROW);
            T_EQ_INT(store_column_int(s, 0), v * 100);
            T_EQ_INT(store_step(s, &e), STORE_DONE);
            store_stmt_done(s);
            T_EQ_INT(store_changes(st), 1);
        }
        T_EQ_INT(scalar(st, SQL_KV_COUNT), 1);
        T_EQ_INT(scalar(st, SQL_GET_A), 200);
        T_EQ_INT(store_prepare(st, SQL_NOTHING, &s, &e), 0);
        T_EQ_INT(store_bind_text(s, 1, "a", 1), 0);
        T_EQ_INT(store_bind_int(s, 2, 7), 0);
        T_EQ_INT(store_run(s, &e), 0);
        T_EQ_INT(store_changes(st), 0);
        T_EQ_INT(scalar(st, SQL_GET_A), 200);

        /* a duplicate key is a conflict, with the engine's words */
        T_EQ_INT(kv_put(st, "a", 1, &e), ZQ_ECONFLICT);
        T_EQ_INT(e.code, ZQ_ECONFLICT);
        T_CONTAINS(e.msg, "唯一约束");
        /* a syntax error or a missing table is a database error at prepare */
        zq_err_clear(&e);
        T_EQ_INT(store_prepare(st, SQL_BAD, &s, &e), ZQ_EDB);
        T_CHECK(s == NULL);
        T_CONTAINS(e.msg, "准备语句失败");
        T_EQ_INT(store_prepare(st, SQL_NO_TABLE, &s, &e), ZQ_EDB);
        T_CONTAINS(e.msg, "no_such_table");
        T_EQ_INT(store_exec(st, SQL_NO_TABLE, &e), ZQ_EDB);
        /* the connection is still fine afterwards */
        T_EQ_INT(kv_put(st, "b", 2, &e), 0);
        T_EQ_INT(scalar(st, SQL_KV_COUNT), 2);
        store_close(st);
    }
}

/* ---- the real schema's constraints ---- */

static const char SQL_ENT[] =
    "INSERT INTO enterprises (uscc, name, kind, legal_rep, region_code, created_at, updated_at) "
    "VALUES ($1, $2, $3, '张三', '110105', 0, 0) RETURNING id";
static const char SQL_PROJECT[] =
    "INSERT INTO projects (code, name, province, region_code, industry, funding, builder_id, "
    "contractor_id, contract_amount_fen, labor_cost_bp, start_date, planned_end, status, "
    "created_at, updated_at) VALUES ($1, '某安置房项目', '110000', '110105', '住建', $2, $3, $3, "
    "$4, 2000, '2026-03-01', '2027-06-30', '在建', 0, 0)";
static const char SQL_WORKER[] =
    "INSERT INTO workers (id_hash, id_enc, id_masked, name, created_at, updated_at) "
    "VALUES ($1, $1, '110105********0021', '王五', 0, 0) RETURNING id";
/* A payroll line of project P1 paid by channel $1 (schema 9 writes the
 * allowed channels as an OR chain on SQLite; the same values pass). */
static const char SQL_PAYROLL[] =
    "INSERT INTO payroll (project_id, employer_id, month, worker_id, province, name, days_worked, "
    "wage_due_fen, wage_paid_fen, channel, confirmed) SELECT p.id, p.builder_id, $2, $3, "
    "'110000', '王五', 20, 500000, 500000, $1, 1 FROM projects p WHERE p.code = 'P1'";
static const char SQL_CHECK_TEXT[] =
    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('payroll', "
    "'account_txns', 'disbursements') AND (instr(sql, 'channel IN (') > 0 OR "
    "instr(sql, 'kind IN (') > 0 OR instr(sql, 'status IN (') > 0)";
static const char SQL_AUDIT[] =
    "INSERT INTO audit_log (seq, at, province, actor, action, entity, entity_id, prev_hash, hash) "
    "VALUES (1, 1767225600, '110000', 'admin', 'create', 'project', 'P1', $1, $2)";
static const char SQL_AUDIT_EDIT[] = "UPDATE audit_log SET actor = 'mallory' WHERE seq = 1";
static const char SQL_AUDIT_DELETE[] = "DELETE FROM audit_log WHERE seq = 1";
static const char SQL_WARNING[] =
    "INSERT INTO warnings (rule, level, base_level, subject_type, subject_code, month, "
    "province, region_code, first_seen, last_seen, message, basis, created_at, updated_at) "
    "VALUES ('W03', 'orange', 'orange', 'project', 'P1', $1, '110000', '110105', '2026-11-23', "
    "'2026-11-23', '未按时足额支付工资', '条例 12–15', 0, 0) "
    "ON CONFLICT (rule, subject_type, subject_code, month) DO UPDATE SET "
    "last_seen = excluded.last_seen";
static const char SQL_WARNINGS[] = "SELECT count(*) FROM warnings";

static int
put_project(struct store *st, const char *code, const char *funding, int64_t ent,
            int64_t amount_fen, struct zq_err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(st, SQL_PROJECT, &s, e);

    if (rc < 0)
        return rc;
    T_EQ_INT(store_bind_text(s, 1, code, (size_t)-1), 0);
    T_EQ_INT(store_bind_text(s, 2, funding, (size_t)-1), 0);
    T_EQ_INT(store_bind_int(s, 3, ent), 0);
    T_EQ_INT(store_bind_int(s, 4, amount_fen), 0);
    return store_run(s, e);
}

static int
exec_warning(struct store *st, const char *month, struct zq_err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(st, SQL_WARNING, &s, e);

    if (rc < 0)
        return rc;
    T_EQ_INT(store_bind_text(s, 1, month, (size_t)-1), 0);
    return store_run(s, e);
}

static void
test_schema_constraints(void)
{
    for (int i = 0; i < env.n; i++) {
        struct store *st = fresh(&env.b[i]);
        struct store_stmt *s;
        struct zq_err e;
        int v;
        int64_t ent = 0;

        t_name = env.b[i].name;
        zq_err_clear(&e);
        T_EQ_INT(store_migrate(st, &v, &e), 0);
        T_EQ_INT(store_prepare(st, SQL_ENT, &s, &e), 0);
        T_EQ_INT(store_bind_text(s, 1, "91110105MA01ABCD2X", (size_t)-1), 0);
        T_EQ_INT(store_bind_text(s, 2, "北京某建设集团有限公司", (size_t)-1), 0);
        T_EQ_INT(store_bind_text(s, 3, "施工总承包", (size_t)-1), 0);
        T_EQ_INT(store_step(s, &e), STORE_ROW);
        ent = store_column_int(s, 0);
        store_stmt_done(s);
        T_CHECK(ent > 0);
        T_EQ_INT(put_project(st, "P1", "政府投资", ent, INT64_MAX, &e), 0);
        T_EQ_INT(put_project(st, "P2", "外资", ent, 1, &e), ZQ_EDB); /* not an enumerated value */
        T_EQ_INT(put_project(st, "P3", "社会投资", ent, -1, &e), ZQ_EDB);     /* negative money */
        T_EQ_INT(put_project(st, "P4", "社会投资", ent + 99, 1, &e), ZQ_EDB); /* no such builder */
        T_EQ_INT(put_project(st, "P1", "社会投资", ent, 1, &e), ZQ_ECONFLICT);
        /* payroll channels: the four of the schema, nothing else */
        {
            static const char *const ok[] = { "专户代发", "银行代发", "现金", "其他" };
            int64_t wid = 0;
            char month[24];

            T_EQ_INT(store_prepare(st, SQL_WORKER, &s, &e), 0);
            T_EQ_INT(store_bind_blob(s, 1, "\x01\x02", 2), 0);
            T_EQ_INT(store_step(s, &e), STORE_ROW);
            wid = store_column_int(s, 0);
            store_stmt_done(s);
            for (int k = 0; k < 6; k++) {
                const char *ch = k < 4 ? ok[k] : k == 4 ? "微信" : "";
                snprintf(month, sizeof month, "2026-0%d", k + 1);
                T_EQ_INT(store_prepare(st, SQL_PAYROLL, &s, &e), 0);
                T_EQ_INT(store_bind_text(s, 1, ch, (size_t)-1), 0);
                T_EQ_INT(store_bind_text(s, 2, month, (size_t)-1), 0);
                T_EQ_INT(store_bind_int(s, 3, wid), 0);
                T_EQ_INT(store_run(s, &e), k < 4 ? 0 : ZQ_EDB);
            }
            if (store_dialect(st) == STORE_SQLITE)
                T_EQ_INT(scalar(st, SQL_CHECK_TEXT), 0);
        }
        /* warnings: one per (rule, subject, month); '' stands for "no month" */
        T_EQ_INT(exec_warning(st, "2026-09", &e), 0);
        T_EQ_INT(exec_warning(st, "2026-09", &e), 0);
        T_EQ_INT(exec_warning(st, "", &e), 0);
        T_EQ_INT(exec_warning(st, "", &e), 0);
        T_EQ_INT(exec_warning(st, "2026-9", &e), ZQ_EDB);
        T_EQ_INT(scalar(st, SQL_WARNINGS), 2);
        /* the audit log is append-only */
        T_EQ_INT(store_prepare(st, SQL_AUDIT, &s, &e), 0);
        T_EQ_INT(store_bind_blob(s, 1, "\0\0\0\0", 4), 0);
        T_EQ_INT(store_bind_blob(s, 2, "\x01\x02\x03\x04", 4), 0);
        T_EQ_INT(store_run(s, &e), 0);
        T_EQ_INT(store_exec(st, SQL_AUDIT_EDIT, &e), ZQ_EDB);
        T_CONTAINS(e.msg, "审计日志只能追加");
        T_EQ_INT(store_exec(st, SQL_AUDIT_DELETE, &e), ZQ_EDB);
        T_CONTAINS(e.msg, "审计日志只能追加");
        store_close(st);
    }
}

/* ---- transactions ---- */

static const char SQL_KV_KEYS[] = "SELECT k FROM kv ORDER BY k";

/* The keys of kv, comma-separated, in a caller's buffer. */
static const char *
keys(struct store *st, char *out, size_t n)
{
    char *rows = rows_sorted(st, SQL_KV_KEYS);
    size_t len = strlen(rows);

    for (size_t i = 0; i < len; i++)
        if (rows[i] == '\n')
            rows[i] = i + 1 == len ? '\0' : ',';
    snprintf(out, n, "%s", rows);
    zq_free(rows);
    return out;
}

static void
test_transactions(void)
{
    for (int i = 0; i < env.n; i++) {
        struct store *st = fresh(&env.b[i]);
        struct zq_err e;
        char k[256];

        t_name = env.b[i].name;
        zq_err_clear(&e);
        make_kv(st);
        /* an inner rollback keeps the outer work */
        T_EQ_INT(store_begin(st, &e), 0);
        T_EQ_INT(kv_put(st, "a", 1, &e), 0);
        T_EQ_INT(store_begin(st, &e), 0);
        T_EQ_INT(kv_put(st, "b", 2, &e), 0);
        T_EQ_INT(st->tx_depth, 2);
        store_rollback(st);
        T_EQ_INT(store_begin(st, &e), 0);
        T_EQ_INT(kv_put(st, "c", 3, &e), 0);
        T_EQ_INT(store_begin(st, &e), 0); /* three levels deep */
        T_EQ_INT(kv_put(st, "d", 4, &e), 0);
        T_EQ_INT(store_commit(st, &e), 0);
        T_EQ_INT(store_commit(st, &e), 0);
        T_EQ_INT(store_commit(st, &e), 0);
        T_EQ_INT(st->tx_depth, 0);
        T_EQ_STR(keys(st, k, sizeof(k)), "a,c,d");
        /* an outer rollback undoes committed inner levels too */
        T_EQ_INT(store_begin(st, &e), 0);
        T_EQ_INT(kv_put(st, "e", 5, &e), 0);
        T_EQ_INT(store_begin(st, &e), 0);
        T_EQ_INT(kv_put(st, "f", 6, &e), 0);
        T_EQ_INT(store_commit(st, &e), 0);
        store_rollback(st);
        T_EQ_STR(keys(st, k, sizeof(k)), "a,c,d");
        /* a failed statement poisons its level until that level is rolled back */
        T_EQ_INT(store_begin(st, &e), 0);
        T_EQ_INT(kv_put(st, "g", 7, &e), 0);
        T_EQ_INT(store_begin(st, &e), 0);
        T_EQ_INT(kv_put(st, "a", 8, &e), ZQ_ECONFLICT);
        T_EQ_INT(kv_put(st, "h", 9, &e), ZQ_EDB);
        T_CONTAINS(e.msg, "须先回滚");
        store_rollback(st);
        T_EQ_INT(kv_put(st, "i", 10, &e), 0);
        T_EQ_INT(store_commit(st, &e), 0);
        T_EQ_STR(keys(st, k, sizeof(k)), "a,c,d,g,i");
        /* committing a failed level rolls it back and says so */
        T_EQ_INT(store_begin(st, &e), 0);
        T_EQ_INT(kv_put(st, "j", 11, &e), 0);
        T_EQ_INT(kv_put(st, "a", 12, &e), ZQ_ECONFLICT);
        T_EQ_INT(store_commit(st, &e), ZQ_EDB);
        T_EQ_INT(st->tx_depth, 0);
        T_EQ_STR(keys(st, k, sizeof(k)), "a,c,d,g,i");
        T_EQ_INT(store_commit(st, &e), ZQ_EINTERNAL); /* nothing to commit */
        store_rollback(st);                           /* nothing to roll back: logged */
        /* closing with an open transaction rolls it back */
        T_EQ_INT(store_begin(st, &e), 0);
        T_EQ_INT(kv_put(st, "k", 13, &e), 0);
        store_close(st);
        st = tb_open(env.b[i].uri);
        T_EQ_STR(keys(st, k, sizeof(k)), "a,c,d,g,i");
        store_close(st);
    }
}

/* ---- the statement cache ---- */

static const char SQL_Q1[] = "SELECT i FROM kv WHERE k = $1";
static const char SQL_Q2[] = "SELECT i FROM kv WHERE k = $1"; /* same text, other address */

static void
test_statement_cache(void)
{
    for (int i = 0; i < env.n; i++) {
        struct store *st = fresh(&env.b[i]);
        struct store_stmt *s1, *s2, *s3, *outer, *inner;
        struct zq_err e;
        long base;
        int pairs = 0;

        t_name = env.b[i].name;
        zq_err_clear(&e);
        make_kv(st);
        T_EQ_INT(kv_put(st, "a", 1, &e), 0);
        T_EQ_INT(kv_put(st, "b", 2, &e), 0);
        T_EQ_INT(kv_put(st, "c", 3, &e), 0);
        base = store_cache_prepares(st);
        T_EQ_INT(store_prepare(st, SQL_Q1, &s1, &e), 0);
        store_stmt_done(s1);
        T_EQ_INT(store_prepare(st, SQL_Q1, &s2, &e), 0);
        T_CHECK(s1 == s2); /* reused, not prepared again */
        T_EQ_INT(store_cache_prepares(st), base + 1);
        /* bindings were cleared: an unbound $1 is NULL and matches nothing */
        T_EQ_INT(store_step(s2, &e), STORE_DONE);
        /* the same SQL while the cached statement is busy gets a private copy */
        T_EQ_INT(store_prepare(st, SQL_Q1, &s3, &e), 0);
        T_CHECK(s3 != s2);
        T_EQ_INT(store_bind_text(s3, 1, "b", 1), 0);
        T_EQ_INT(store_step(s3, &e), STORE_ROW);
        T_EQ_INT(store_column_int(s3, 0), 2);
        store_stmt_done(s3);
        store_stmt_done(s2);
        T_EQ_INT(store_prepare(st, SQL_Q2, &s3, &e), 0);
        T_CHECK(s3 != s1); /* keyed by address */
        store_stmt_done(s3);
        T_EQ_INT(store_cache_prepares(st), base + 3);
        /* nested loops over one query: each level reads its own rows */
        T_EQ_INT(store_prepare(st, SQL_KV_ALL, &outer, &e), 0);
        while (store_step(outer, &e) == STORE_ROW) {
            char ok[8];
            snprintf(ok, sizeof(ok), "%s", store_column_text(outer, 0, NULL));
            T_EQ_INT(store_prepare(st, SQL_KV_ALL, &inner, &e), 0);
            while (store_step(inner, &e) == STORE_ROW)
                pairs++;
            store_stmt_done(inner);
            T_EQ_STR(store_column_text(outer, 0, NULL), ok); /* outer row untouched */
        }
        store_stmt_done(outer);
        T_EQ_INT(pairs, 9);
        /* a statement left in use at close is still released */
        T_EQ_INT(store_prepare(st, SQL_KV_ALL, &outer, &e), 0);
        T_EQ_INT(store_step(outer, &e), STORE_ROW);
        store_close(st);
    }
}

/* ---- fault injection: no partial writes ---- */

static const char SQL_BUMP[] = "UPDATE kv SET i = i + 1 WHERE k = 'a'";
static const char SQL_DROP_B[] = "DELETE FROM kv WHERE k = 'b'";

/* A unit of work touching many rows across two transaction levels. */
static int
work(struct store *st, struct zq_err *e)
{
    char k[16];
    int rc = store_begin(st, e);

    if (rc < 0)
        return rc;
    for (int j = 0; j < 10; j++) {
        snprintf(k, sizeof(k), "n%02d", j);
        if ((rc = kv_put(st, k, j, e)) < 0)
            goto fail;
    }
    if ((rc = store_exec(st, SQL_BUMP, e)) < 0)
        goto fail;
    if ((rc = store_begin(st, e)) < 0)
        goto fail;
    if ((rc = store_exec(st, SQL_DROP_B, e)) < 0) {
        store_rollback(st);
        goto fail;
    }
    if ((rc = store_commit(st, e)) < 0) /* rolled back its level already */
        goto fail;
    return store_commit(st, e);
fail:
    store_rollback(st);
    return rc;
}

static char *
snapshot(const char *uri)
{
    struct store *st = tb_open(uri);
    char *rows = rows_sorted(st, SQL_KV_ALL);

    store_close(st);
    return rows;
}

static void
test_fault_no_partial_writes(void)
{
    for (int i = 0; i < env.n; i++) {
        const struct t_backend *b = &env.b[i];
        struct store *st = fresh(b);
        struct zq_err e;
        char uri[1100], *before, *after;
        int failures = 0, done = 0;

        t_name = b->name;
        zq_err_clear(&e);
        make_kv(st);
        T_EQ_INT(kv_put(st, "a", 1, &e), 0);
        T_EQ_INT(kv_put(st, "b", 2, &e), 0);
        T_EQ_INT(kv_put(st, "c", 3, &e), 0);
        store_close(st);
        before = snapshot(b->uri);
        for (int n = 1; n < 100 && !done; n++) {
            snprintf(uri, sizeof(uri), "fault:%d:%s", n, b->uri);
            st = tb_open(uri);
            T_EQ_STR(store_driver_name(st), "fault");
            T_EQ_INT(store_dialect(st), b->schema[0] ? STORE_PG : STORE_SQLITE);
            zq_err_clear(&e);
            int rc = work(st, &e);
            T_EQ_INT(st->tx_depth, 0);
            if (rc == 0)
                T_CHECK(store_fault_calls(st) < n); /* the fault was never reached */
            store_close(st);
            after = snapshot(b->uri);
            if (rc < 0) {
                failures++;
                T_EQ_INT(rc, ZQ_EDB);
                T_CONTAINS(e.msg, "注入的故障");
                if (!T_CHECK(strcmp(after, before) == 0))
                    fprintf(stderr, "     fault at call %d left:\n%s", n, after);
            } else {
                done = 1;
                T_EQ_STR(after, "a|2\nc|3\nn00|0\nn01|1\nn02|2\nn03|3\nn04|4\nn05|5\nn06|6\n"
                                "n07|7\nn08|8\nn09|9\n");
            }
            zq_free(after);
        }
        T_CHECK(done);
        T_EQ_INT(failures, 17); /* BEGIN, prepare, 10 steps, UPDATE, SAVEPOINT, DELETE,
                                   RELEASE, COMMIT */
        zq_free(before);
    }
}

static const char SQL_TABLES_SQLITE[] =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migrations'";
static const char SQL_TABLES_PG[] = "SELECT count(*) FROM information_schema.tables WHERE "
                                    "table_schema = current_schema() AND "
                                    "table_name <> 'schema_migrations'";

static void
test_fault_migrate(void)
{
    for (int i = 0; i < env.n; i++) {
        const struct t_backend *b = &env.b[i];
        int failures = 0, before_commit = 0, done = 0;
        char uri[1100];

        t_name = b->name;
        for (int n = 1; n < 200 && !done; n++) {
            struct store *st;
            struct zq_err e;
            int v = -1, rc;

            tb_reset(&env, b);
            snprintf(uri, sizeof(uri), "fault:%d:%s", n, b->uri);
            st = tb_open(uri);
            zq_err_clear(&e);
            rc = store_migrate(st, &v, &e);
            store_close(st);
            st = tb_open(b->uri);
            zq_err_clear(&e);
            int64_t tables = scalar(st, b->schema[0] ? SQL_TABLES_PG : SQL_TABLES_SQLITE);
            T_EQ_INT(store_schema_version(st, &v, &e), 0);
            if (rc < 0) {
                failures++;
                /* each migration is all or nothing: either no table half made, or
                 * whole migrations applied (a failure in a later one, or after the
                 * last commit, reading the version back) */
                T_CHECK((v == 0 && tables == 0) ||
                        (v >= 1 && v <= store_schema_latest() && tables > 50));
                if (v == 0)
                    before_commit++;
            } else {
                done = 1;
                T_EQ_INT(v, store_schema_latest()); /* ... or everything */
                T_CHECK(tables > 50);
            }
            store_close(st);
        }
        T_CHECK(done);
        T_CHECK(before_commit >= 6);
        T_CHECK(failures > before_commit);
    }
}

/* ---- URIs ---- */

static void
test_uri_mask(void)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        { "postgresql://zq:s3cret@127.0.0.1:5432/zhiqian",
          "postgresql://zq:***@127.0.0.1:5432/zhiqian" },
        { "postgres://zq@db/zhiqian", "postgres://zq@db/zhiqian" },
        { "postgresql://db/zhiqian?user=zq&password=pw&sslmode=require",
          "postgresql://db/zhiqian?user=zq&password=***&sslmode=require" },
        { "fault:3:postgresql://a:b@h/d", "fault:3:postgresql://a:***@h/d" },
        { "postgresql://u:p@ss@h/d", "postgresql://u:***@h/d" },
        { "postgresql://h/d?password=x", "postgresql://h/d?password=***" },
        { "/var/lib/zhiqian/zhiqian.db", "/var/lib/zhiqian/zhiqian.db" },
        { "file:data.db?mode=rwc", "file:data.db?mode=rwc" },
    };
    char out[256], small[12];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        store_mask_uri(cases[i].in, out, sizeof(out));
        T_EQ_STR(out, cases[i].want);
    }
    store_mask_uri("postgresql://zq:s3cret@h/d", small, sizeof(small));
    T_EQ_STR(small, "postgresql:"); /* truncated, never overflows */
    for (int i = 0; i < env.n; i++) {
        struct store *st = tb_open(env.b[i].uri);
        T_CHECK(strstr(store_uri_safe(st), env.b[i].schema[0] ? "127.0.0.1" : "store.db") ||
                strstr(store_uri_safe(st), "localhost") || strstr(store_uri_safe(st), "/"));
        store_close(st);
    }
    struct store *st = NULL;
    struct zq_err e;
    zq_err_clear(&e);
    T_EQ_INT(store_open("fault:x:/tmp/a.db", &st, &e), ZQ_EINVAL);
    T_CHECK(st == NULL);
    T_EQ_INT(store_open("", &st, &e), ZQ_EINVAL);
    T_EQ_INT(store_open("postgresql://nobody:pw@127.0.0.1:1/none?connect_timeout=2", &st, &e),
             ZQ_EDB);
    T_CHECK(strstr(e.msg, "pw@") == NULL); /* the password never reaches a message */
    T_CONTAINS(e.msg, "***");
    T_EQ_INT(store_open("/nonexistent-dir/sub/x.db", &st, &e), ZQ_EDB);
    T_CONTAINS(e.msg, "无法打开数据库");
}

/* ---- regions, calendar, configuration ---- */

struct cal_seen {
    char text[512];
    int calls, stop_after;
};

static int
collect_day(void *ctx, const char *date, bool is_work, const char *name, const char *source)
{
    struct cal_seen *c = ctx;
    size_t len = strlen(c->text);

    snprintf(c->text + len, sizeof(c->text) - len, "%s %s %s %s\n", date, is_work ? "work" : "off",
             name, source);
    if (++c->calls == c->stop_after)
        return ZQ_EINVAL;
    return 0;
}

static const char SQL_REGION_NAME[] = "SELECT count(*) FROM regions WHERE name = '东城区'";

static void
test_reference_data(void)
{
    for (int i = 0; i < env.n; i++) {
        struct store *st = fresh(&env.b[i]);
        struct cal_seen seen = { "", 0, 0 };
        struct zq_err e;
        char *val = NULL;
        int v, n = -1;

        t_name = env.b[i].name;
        zq_err_clear(&e);
        T_EQ_INT(store_migrate(st, &v, &e), 0);
        T_EQ_INT(store_region_upsert(st, "110000", "北京市", NULL, 1, &e), 0);
        T_EQ_INT(store_region_upsert(st, "110100", "市辖区", "110000", 2, &e), 0);
        T_EQ_INT(store_region_upsert(st, "110101", "东城区", "110100", 3, &e), 0);
        T_EQ_INT(store_region_upsert(st, "110101001", "东华门街道", "110101", 4, &e), 0);
        T_EQ_INT(store_region_upsert(st, "110101", "东城区", "110100", 3, &e), 0);
        T_EQ_INT(store_changes(st), 0); /* identical: nothing written */
        T_EQ_INT(store_region_upsert(st, "110000", "北京", NULL, 1, &e), 0);
        T_EQ_INT(store_changes(st), 1);
        T_EQ_INT(store_region_count(st, &n, &e), 0);
        T_EQ_INT(n, 4);
        T_EQ_INT(scalar(st, SQL_REGION_NAME), 1);
        T_EQ_INT(store_region_upsert(st, "11010", "坏代码", "110100", 3, &e), ZQ_EDB);
        T_EQ_INT(store_region_upsert(st, "110102", "西城区", "110100", 7, &e), ZQ_EDB);

        T_EQ_INT(store_calendar_upsert(st, "2026-10-01", false, "国庆节", "builtin", &e), 0);
        T_EQ_INT(store_calendar_upsert(st, "2026-09-27", true, "国庆节调休", "import", &e), 0);
        T_EQ_INT(store_calendar_upsert(st, "2026-09-27", false, "", "builtin", &e), 0);
        T_EQ_INT(store_changes(st), 0); /* a built-in day never replaces an imported one */
        T_EQ_INT(store_calendar_upsert(st, "2026-10-01", false, "国庆", "import", &e), 0);
        T_EQ_INT(store_changes(st), 1);
        T_EQ_INT(store_calendar_upsert(st, "2026-02-30x", false, "", "import", &e), ZQ_EDB);
        T_EQ_INT(store_calendar_upsert(st, "2026-03-01", false, "", "guess", &e), ZQ_EDB);
        T_EQ_INT(store_calendar_each(st, collect_day, &seen, &e), 0);
        T_EQ_STR(seen.text, "2026-09-27 work 国庆节调休 import\n2026-10-01 off 国庆 import\n");
        seen = (struct cal_seen){ "", 0, 1 };
        T_EQ_INT(store_calendar_each(st, collect_day, &seen, &e), ZQ_EINVAL);
        T_EQ_INT(seen.calls, 1);

        T_EQ_INT(store_config_get(st, "province", &val, &e), 0);
        T_CHECK(val == NULL);
        T_EQ_INT(store_config_set(st, "province", "110000", &e), 0);
        T_EQ_INT(store_config_set(st, "province", "330000", &e), 0);
        T_EQ_INT(store_config_get(st, "province", &val, &e), 0);
        T_EQ_STR(val, "330000");
        zq_free(val);
        store_close(st);
    }
}

/* ---- the two dialects describe the same schema ---- */

static const char SQL_COLS_SQLITE[] =
    "SELECT m.name || '.' || p.name, p.cid, lower(p.type), "
    "CASE WHEN p.\"notnull\" OR p.pk > 0 THEN 'not null' ELSE 'null' END "
    "FROM sqlite_master m JOIN pragma_table_info(m.name) p "
    "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'";
static const char SQL_COLS_PG[] =
    "SELECT table_name || '.' || column_name, ordinal_position - 1, "
    "CASE WHEN data_type IN ('bigint', 'integer', 'smallint') THEN 'integer' "
    "WHEN data_type = 'bytea' THEN 'blob' ELSE data_type END, "
    "CASE WHEN is_nullable = 'NO' THEN 'not null' ELSE 'null' END "
    "FROM information_schema.columns WHERE table_schema = current_schema()";
static const char SQL_KEYS_SQLITE[] =
    "SELECT m.name, 'pk', (SELECT group_concat(name, ',') FROM "
    "(SELECT name FROM pragma_table_info(m.name) WHERE pk > 0 ORDER BY pk)) "
    "FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' "
    "UNION ALL SELECT m.name, 'unique', (SELECT group_concat(name, ',') FROM "
    "(SELECT name FROM pragma_index_info(il.name) ORDER BY seqno)) "
    "FROM sqlite_master m JOIN pragma_index_list(m.name) il "
    "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND il.\"unique\" AND il.origin <> 'pk'";
static const char SQL_KEYS_PG[] =
    "SELECT t.relname, CASE WHEN i.indisprimary THEN 'pk' ELSE 'unique' END, "
    "(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(i.indkey::int2[]) "
    "WITH ORDINALITY AS k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid "
    "AND a.attnum = k.attnum) "
    "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
    "WHERE t.relnamespace = current_schema()::regnamespace AND i.indisunique";
static const char SQL_INDEXES_SQLITE[] =
    "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL";
static const char SQL_INDEXES_PG[] =
    "SELECT t.relname, c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
    "JOIN pg_class t ON t.oid = i.indrelid "
    "WHERE c.relnamespace = current_schema()::regnamespace "
    "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)";
/* CHECK constraints per table: counted (their text differs between the engines) */
static const char SQL_CHECKS_SQLITE[] =
    "SELECT name, (length(sql) - length(replace(sql, 'CHECK (', ''))) / 7 FROM sqlite_master "
    "WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
static const char SQL_CHECKS_PG[] =
    "SELECT t.relname, (SELECT count(*) FROM pg_constraint k WHERE k.conrelid = t.oid "
    "AND k.contype = 'c') FROM pg_class t "
    "WHERE t.relnamespace = current_schema()::regnamespace AND t.relkind = 'r'";

static void
compare(struct store *a, const char *sql_a, struct store *b, const char *sql_b, const char *what)
{
    char *ra = rows_sorted(a, sql_a), *rb = rows_sorted(b, sql_b);

    if (!T_CHECK(strcmp(ra, rb) == 0)) {
        /* print the first differing line of each */
        const char *pa = ra, *pb = rb;
        while (*pa && *pa == *pb)
            pa++, pb++;
        while (pa > ra && pa[-1] != '\n')
            pa--, pb--;
        fprintf(stderr, "     %s differ: sqlite \"%.*s\" vs postgresql \"%.*s\"\n", what,
                (int)strcspn(pa, "\n"), pa, (int)strcspn(pb, "\n"), pb);
    }
    T_CHECK(strlen(ra) > 100);
    zq_free(ra);
    zq_free(rb);
}

static void
test_dialect_parity(void)
{
    if (env.n < 2) {
        fprintf(stderr, "dialect parity: skipped (set ZHIQIAN_TEST_PG to run it)\n");
        return;
    }
    struct store *sq = fresh(&env.b[0]), *pg = fresh(&env.b[1]);
    struct zq_err e;
    int v1, v2;

    zq_err_clear(&e);
    T_EQ_INT(store_migrate(sq, &v1, &e), 0);
    T_EQ_INT(store_migrate(pg, &v2, &e), 0);
    T_EQ_INT(v1, v2);
    compare(sq, SQL_COLS_SQLITE, pg, SQL_COLS_PG, "columns");
    compare(sq, SQL_KEYS_SQLITE, pg, SQL_KEYS_PG, "keys");
    compare(sq, SQL_INDEXES_SQLITE, pg, SQL_INDEXES_PG, "indexes");
    compare(sq, SQL_CHECKS_SQLITE, pg, SQL_CHECKS_PG, "CHECK constraints");
    store_close(sq);
    store_close(pg);
}

/* ---- bulk load ---- */

static const char SQL_STAGE_SQLITE[] =
    "CREATE TEMP TABLE stage (k INTEGER NOT NULL, n INTEGER, t TEXT, b BLOB) STRICT";
static const char SQL_STAGE_PG[] =
    "CREATE TEMP TABLE stage (k bigint NOT NULL, n bigint, t text, b bytea)";
static const char SQL_STAGE_COUNT[] = "SELECT count(*) FROM stage";
static const char SQL_STAGE_ALL[] = "SELECT k, n, t, b FROM stage ORDER BY k";
static const char SQL_STAGE_MERGE[] =
    "INSERT INTO kv (k, i) SELECT 'k' || CAST(k AS TEXT), n FROM stage";
static const char *const stage_cols[] = { "k", "n", "t", "b" };
static const char *const kv_cols[] = { "k", "i" };

static int
make_stage(struct store *st, struct zq_err *e)
{
    return store_exec(st, store_dialect(st) == STORE_SQLITE ? SQL_STAGE_SQLITE : SQL_STAGE_PG, e);
}

struct gen_row {
    struct store_val v[4];
    char text[128];
    unsigned char blob[300];
};

/* Row j of the test loads: every kind of value, text that text COPY must
 * escape, Chinese, and blobs that together hold every byte value. */
static const struct store_val *
gen_row(struct gen_row *r, int64_t j)
{
    static const char *const texts[] = {
        "plain", "tab\there", "line\nbreak", "cr\r\ncr\r", "back\\slash\\",       "\\N",
        "\\.",   "\t\n\\\r",  "end\\",       "\\x00ff",    "农民工工资🏗", "姓名\t张三\n。"
    };
    size_t nb = j == 4 ? 256 : (size_t)(j % 300);

    r->v[0] = (struct store_val){ .t = STORE_INT, .i = j };
    r->v[1] = (struct store_val){ .t = j % 7 == 3 ? STORE_NULL : STORE_INT,
                                  .i = j == 1   ? INT64_MAX
                                       : j == 2 ? INT64_MIN
                                                : j * 1000003 - 5 };
    r->v[2] = (struct store_val){ .t = j % 5 == 0 ? STORE_NULL : STORE_TEXT }; /* %11: empty */
    if (j % 5 != 0 && j % 11 != 0) {
        int n = snprintf(r->text, sizeof(r->text), "%s#%lld", texts[j % 12], (long long)j);
        r->v[2].p = r->text;
        r->v[2].n = (size_t)n;
    }
    for (size_t x = 0; x < nb; x++)
        r->blob[x] = (unsigned char)(j == 4 ? x : (size_t)j * 31 + x * 7);
    r->v[3] = (struct store_val){ .t = j % 13 == 0 ? STORE_NULL : STORE_BLOB,
                                  .p = r->blob,
                                  .n = j % 17 == 0 ? 0 : nb };
    return r->v;
}

/* Load gen_row [from, to) into `table`; returns the first error. */
static int
copy_rows(struct store *st, const char *table, int64_t from, int64_t to, int64_t *rows,
          struct zq_err *e)
{
    struct gen_row r;
    int rc = store_copy_begin(st, table, stage_cols, 4, e);

    for (int64_t j = from; j < to && rc == 0; j++)
        rc = store_copy_row(st, gen_row(&r, j), e);
    return rc < 0 ? rc : store_copy_end(st, rows, e);
}

static bool
same_val(struct store_stmt *s, int col, const struct store_val *v)
{
    size_t len = 0;
    const void *p = v->t == STORE_TEXT   ? (const void *)store_column_text(s, col, &len)
                    : v->t == STORE_BLOB ? store_column_blob(s, col, &len)
                                         : NULL;

    if (store_column_type(s, col) != v->t || v->t == STORE_NULL)
        return store_column_type(s, col) == v->t;
    if (v->t == STORE_INT)
        return store_column_int(s, col) == v->i;
    return len == v->n && (len == 0 || memcmp(p, v->p, len) == 0);
}

/* Rows of stage that differ from gen_row 0..n-1; -1 for a wrong count. */
static int64_t
copy_compare(struct store *st, int64_t n)
{
    struct store_stmt *s;
    struct gen_row r;
    struct zq_err e;
    int64_t j = 0, bad = 0;
    int rc;

    zq_err_clear(&e);
    if (store_prepare(st, SQL_STAGE_ALL, &s, &e) < 0)
        return -1;
    for (; (rc = store_step(s, &e)) == STORE_ROW; j++) {
        const struct store_val *v = gen_row(&r, j);
        for (int c = 0; c < 4; c++)
            if (!same_val(s, c, &v[c])) {
                if (bad++ < 5)
                    fprintf(stderr, "     row %lld column %d differs\n", (long long)j, c);
                break;
            }
    }
    store_stmt_done(s);
    return rc < 0 || j != n ? -1 : bad;
}

static const char SQL_BV_GET[] = "SELECT i, t, b FROM kv WHERE k = 'bv'";

static void
test_copy_load(void)
{
    static const unsigned char bytes[] = { 0, 1, 0xfe, 0xff };
    const struct store_val bv[] = {
        { .t = STORE_INT, .i = -42 },
        { .t = STORE_TEXT, .p = "bv", .n = 2 },
        { .t = STORE_BLOB, .p = bytes, .n = sizeof(bytes) },
        { .t = STORE_TEXT }, /* empty, not NULL */
    };
    const struct store_val badtype = { .t = (enum store_type)9 };

    for (int i = 0; i < env.n; i++) {
        struct store *st = fresh(&env.b[i]);
        bool pg = env.b[i].schema[0] != '\0';
        struct store_stmt *s;
        struct zq_err e;
        int64_t rows = -1;

        t_name = env.b[i].name;
        zq_err_clear(&e);
        T_EQ_INT(make_stage(st, &e), 0);
        /* 100k rows in a transaction read back exactly; a rollback discards them */
        T_EQ_INT(store_begin(st, &e), 0);
        T_EQ_INT(copy_rows(st, "stage", 0, 100000, &rows, &e), 0);
        T_EQ_INT(rows, 100000);
        T_EQ_INT(copy_compare(st, 100000), 0);
        store_rollback(st);
        T_EQ_INT(scalar(st, SQL_STAGE_COUNT), 0);
        /* loads follow savepoints */
        T_EQ_INT(store_begin(st, &e), 0);
        T_EQ_INT(copy_rows(st, "stage", 0, 10, &rows, &e), 0);
        T_EQ_INT(store_begin(st, &e), 0);
        T_EQ_INT(copy_rows(st, "stage", 10, 15, &rows, &e), 0);
        T_EQ_INT(rows, 5);
        T_EQ_INT(scalar(st, SQL_STAGE_COUNT), 15);
        store_rollback(st);
        T_EQ_INT(store_commit(st, &e), 0);
        T_EQ_INT(scalar(st, SQL_STAGE_COUNT), 10);
        /* outside a transaction a load commits in one of its own */
        T_EQ_INT(copy_rows(st, pg ? "pg_temp.stage" : "temp.stage", 10, 13, &rows, &e), 0);
        T_EQ_INT(rows, 3);
        T_EQ_INT(st->tx_depth, 0);
        T_EQ_INT(copy_compare(st, 13), 0);
        T_EQ_INT(copy_rows(st, "stage", 13, 13, &rows, &e), 0); /* no rows */
        T_EQ_INT(rows, 0);
        /* the merge loads are for */
        make_kv(st);
        T_EQ_INT(store_exec(st, SQL_STAGE_MERGE, &e), 0);
        T_EQ_INT(scalar(st, SQL_KV_COUNT), 13);
        /* store_bind_val: (k, i, t, b) = ($2, $1, $4, $3) */
        T_EQ_INT(store_prepare(st, SQL_RT_PUT, &s, &e), 0);
        for (int p = 0; p < 4; p++)
            T_EQ_INT(store_bind_val(s, p + 1, &bv[p]), 0);
        T_CHECK(store_bind_val(s, 5, &bv[0]) < 0);
        T_CHECK(store_bind_val(s, 1, &badtype) < 0);
        T_EQ_INT(store_run(s, &e), 0);
        T_EQ_INT(store_prepare(st, SQL_BV_GET, &s, &e), 0);
        T_EQ_INT(store_step(s, &e), STORE_ROW);
        T_CHECK(same_val(s, 0, &bv[0]) && same_val(s, 1, &bv[3]) && same_val(s, 2, &bv[2]));
        store_stmt_done(s);
        store_close(st);
    }
}

/* Load 100 rows of which row `bad` has a NULL key; returns the row that
 * failed, or 100 for the end, and the outcome in *rc. */
static int
copy_bad(struct store *st, int bad, int *rc, struct zq_err *e)
{
    struct gen_row r;
    int64_t rows = -1;

    if ((*rc = store_copy_begin(st, "stage", stage_cols, 4, e)) < 0)
        return -1;
    for (int j = 0; j < 100; j++) {
        struct store_val v[4];
        memcpy(v, gen_row(&r, j), sizeof(v));
        if (j == bad)
            v[0].t = STORE_NULL;
        if ((*rc = store_copy_row(st, v, e)) < 0)
            return j;
    }
    *rc = store_copy_end(st, &rows, e);
    T_EQ_INT(rows, *rc < 0 ? 0 : 100);
    return 100;
}

static void
test_copy_errors(void)
{
    static const char *const bad_names[] = { "stage; DROP TABLE kv", "a.b.c", "stage.", "1stage",
                                             "" };
    static const char *const bad_col[] = { "k", "k--" }, *const no_col[] = { "k", "nope" };
    const struct store_val one[4] = { { .t = STORE_INT, .i = 1 } };
    const struct store_val nul[4] = { [2] = { .t = STORE_TEXT, .p = "a\0b", .n = 3 } };
    const struct store_val dup[2] = { { .t = STORE_TEXT, .p = "a", .n = 1 }, { .t = STORE_INT } };

    for (int i = 0; i < env.n; i++) {
        struct store *st = fresh(&env.b[i]);
        struct store_stmt *s;
        struct zq_err e;
        int64_t rows = -1;
        char k[256];
        int rc;

        t_name = env.b[i].name;
        zq_err_clear(&e);
        T_EQ_INT(make_stage(st, &e), 0);
        make_kv(st);
        /* a NOT NULL violation fails the load at the row (SQLite) or at the
         * end (PostgreSQL) and fails the level; the connection goes on */
        T_EQ_INT(store_begin(st, &e), 0);
        T_EQ_INT(kv_put(st, "a", 1, &e), 0);
        T_EQ_INT(store_begin(st, &e), 0);
        T_EQ_INT(copy_bad(st, 50, &rc, &e), env.b[i].schema[0] ? 100 : 50);
        T_EQ_INT(rc, ZQ_EDB);
        T_CONTAINS(e.msg, "批量写入失败");
        T_CHECK(st->tx_failed);
        T_EQ_INT(store_copy_row(st, one, &e), ZQ_EINTERNAL); /* the load is gone */
        T_EQ_INT(store_copy_end(st, &rows, &e), ZQ_EINTERNAL);
        T_EQ_INT(store_exec(st, SQL_STAGE_MERGE, &e), ZQ_EDB);
        store_rollback(st);
        T_EQ_INT(kv_put(st, "b", 2, &e), 0);
        T_EQ_INT(store_commit(st, &e), 0);
        T_EQ_STR(keys(st, k, sizeof(k)), "a,b");
        /* outside a transaction a failed load leaves nothing, on SQLite too */
        T_EQ_INT(copy_bad(st, 99, &rc, &e), env.b[i].schema[0] ? 100 : 99);
        T_EQ_INT(rc, ZQ_EDB);
        T_CHECK(st->tx_depth == 0 && !st->tx_failed);
        T_EQ_INT(scalar(st, SQL_STAGE_COUNT), 0);
        T_EQ_INT(copy_bad(st, -1, &rc, &e), 100);
        T_EQ_INT(rc, 0);
        /* a duplicate key is a conflict, as for one INSERT */
        rc = store_copy_begin(st, "kv", kv_cols, 2, &e);
        if (rc == 0 && (rc = store_copy_row(st, dup, &e)) == 0)
            rc = store_copy_end(st, &rows, &e);
        T_EQ_INT(rc, ZQ_ECONFLICT);
        /* names unknown to the engine, or refused before reaching it */
        T_EQ_INT(store_copy_begin(st, "stage", no_col, 2, &e), ZQ_EDB);
        T_EQ_INT(store_copy_begin(st, "no_such_table", stage_cols, 4, &e), ZQ_EDB);
        for (size_t n = 0; n < sizeof(bad_names) / sizeof(bad_names[0]); n++)
            T_EQ_INT(store_copy_begin(st, bad_names[n], stage_cols, 4, &e), ZQ_EINTERNAL);
        T_EQ_INT(store_copy_begin(st, "stage", bad_col, 2, &e), ZQ_EINTERNAL);
        T_EQ_INT(store_copy_begin(st, "stage", stage_cols, 0, &e), ZQ_EINTERNAL);
        T_EQ_INT(st->tx_depth, 0);
        T_EQ_INT(store_begin(st, &e), 0);
        T_EQ_INT(store_copy_begin(st, "no_such_table", stage_cols, 4, &e), ZQ_EDB);
        T_CHECK(st->tx_failed);
        store_rollback(st);
        /* calls out of order */
        T_EQ_INT(store_copy_row(st, one, &e), ZQ_EINTERNAL);
        T_EQ_INT(store_copy_end(st, &rows, &e), ZQ_EINTERNAL);
        store_copy_abort(st); /* nothing open: nothing happens */
        /* during a load the connection does nothing else; the refusals leave it be */
        T_EQ_INT(store_copy_begin(st, "stage", stage_cols, 4, &e), 0);
        T_EQ_INT(store_copy_row(st, one, &e), 0);
        T_EQ_INT(store_copy_begin(st, "stage", stage_cols, 4, &e), ZQ_EINTERNAL);
        T_EQ_INT(store_exec(st, SQL_STAGE_MERGE, &e), ZQ_EINTERNAL);
        T_CONTAINS(e.msg, "批量写入尚未结束");
        T_EQ_INT(store_prepare(st, SQL_STAGE_COUNT, &s, &e), ZQ_EINTERNAL);
        T_EQ_INT(store_begin(st, &e), ZQ_EINTERNAL);
        T_EQ_INT(store_copy_row(st, one, &e), 0);
        T_EQ_INT(store_copy_end(st, &rows, &e), 0);
        T_EQ_INT(rows, 2);
        T_EQ_INT(scalar(st, SQL_STAGE_COUNT), 102);
        /* text with a NUL byte is refused and abandons the load */
        T_EQ_INT(store_copy_begin(st, "stage", stage_cols, 4, &e), 0);
        T_EQ_INT(store_copy_row(st, nul, &e), ZQ_EINVAL);
        T_EQ_INT(store_copy_end(st, &rows, &e), ZQ_EINTERNAL);
        /* abandoned by the caller, by a rollback, by a commit, by closing */
        for (int how = 0; how < 5; how++) {
            T_EQ_INT(how < 3 ? store_begin(st, &e) : 0, 0);
            T_EQ_INT(store_copy_begin(st, "stage", stage_cols, 4, &e), 0);
            T_EQ_INT(store_copy_row(st, one, &e), 0);
            if (how == 0) {
                store_copy_abort(st);
                T_CHECK(st->tx_failed);
                store_rollback(st);
            } else if (how == 1 || how == 3) {
                store_rollback(st);
            } else if (how == 2) {
                T_EQ_INT(store_commit(st, &e), ZQ_EINTERNAL);
            } else {
                store_close(st);
                st = tb_open(env.b[i].uri);
                T_EQ_INT(make_stage(st, &e), 0);
                T_EQ_INT(copy_bad(st, -1, &rc, &e), 100);
            }
            T_CHECK(st->tx_depth == 0 && !st->tx_failed && st->copy_ncols == 0);
            T_EQ_INT(scalar(st, SQL_STAGE_COUNT), how < 4 ? 102 : 100);
        }
        store_close(st);
    }
}

/* Five rows loaded straight into kv (the load's own transaction), or, in
 * `merge`, into a staging table merged into kv in a transaction. */
static int
copy_work(struct store *st, bool merge, struct zq_err *e)
{
    struct gen_row r;
    int64_t rows = 0;
    char k[8];
    int rc;

    if (merge && ((rc = store_begin(st, e)) < 0 || (rc = make_stage(st, e)) < 0))
        goto out;
    rc = merge ? store_copy_begin(st, "stage", stage_cols, 4, e)
               : store_copy_begin(st, "kv", kv_cols, 2, e);
    for (int j = 1; j <= 5 && rc == 0; j++) {
        int n = snprintf(k, sizeof(k), "f%d", j);
        const struct store_val v[2] = { { .t = STORE_TEXT, .p = k, .n = (size_t)n },
                                        { .t = STORE_INT, .i = j } };
        rc = store_copy_row(st, merge ? gen_row(&r, j) : v, e);
    }
    if (rc == 0 && (rc = store_copy_end(st, &rows, e)) == 0)
        T_EQ_INT(rows, 5);
    if (rc == 0 && merge)
        rc = store_exec(st, SQL_STAGE_MERGE, e);
out:
    if (!merge || st->tx_depth == 0)
        return rc;
    if (rc < 0) {
        store_rollback(st);
        return rc;
    }
    return store_commit(st, e);
}

static void
test_fault_copy(void)
{
    for (int i = 0; i < env.n * 2; i++) {
        const struct t_backend *b = &env.b[i / 2];
        bool merge = i % 2;
        struct store *st = fresh(b);
        struct zq_err e;
        char uri[1100], *before, *after;
        int failures = 0, done = 0;

        t_name = b->name;
        zq_err_clear(&e);
        make_kv(st);
        T_EQ_INT(kv_put(st, "a", 1, &e), 0);
        store_close(st);
        before = snapshot(b->uri);
        for (int n = 1; n < 200 && !done; n++) {
            snprintf(uri, sizeof(uri), "fault:%d:%s", n, b->uri);
            st = tb_open(uri);
            zq_err_clear(&e);
            int rc = copy_work(st, merge, &e);
            T_CHECK(st->tx_depth == 0 && st->copy_ncols == 0);
            if (rc == 0)
                T_CHECK(store_fault_calls(st) < n);
            store_close(st);
            after = snapshot(b->uri);
            if (rc < 0) {
                failures++;
                T_EQ_INT(rc, ZQ_EDB);
                T_CONTAINS(e.msg, "注入的故障");
                if (!T_CHECK(strcmp(after, before) == 0))
                    fprintf(stderr, "     fault at call %d left:\n%s", n, after);
            } else {
                done = 1;
                T_CONTAINS(after, merge ? "k5|" : "f5|5");
            }
            zq_free(after);
        }
        T_CHECK(done);
        /* BEGIN, copy begin, 5 rows, copy end, COMMIT; merge adds CREATE and INSERT */
        T_EQ_INT(failures, merge ? 11 : 9);
        zq_free(before);
    }
}

static const struct t_case t_cases[] = {
    { "migrate", test_migrate },
    { "round trip", test_round_trip },
    { "upsert and errors", test_upsert_and_errors },
    { "schema constraints", test_schema_constraints },
    { "transactions", test_transactions },
    { "statement cache", test_statement_cache },
    { "fault: no partial writes", test_fault_no_partial_writes },
    { "fault: migrate", test_fault_migrate },
    { "uri mask", test_uri_mask },
    { "reference data", test_reference_data },
    { "dialect parity", test_dialect_parity },
    { "copy: load", test_copy_load },
    { "copy: errors", test_copy_errors },
    { "fault: copy", test_fault_copy },
    { 0 },
};

int
main(int argc, char **argv)
{
    int rc;

    tb_setup(&env, "store");
    rc = t_main(t_cases, argc, argv);
    tb_teardown(&env);
    return rc;
}
