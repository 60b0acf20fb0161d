/*
 * store_stage.c - staged imports for PostgreSQL.  A statement per line costs
 * a network round trip; instead the importer hands over batches of validated
 * rows, which are streamed with COPY into a temporary table and merged into
 * the real one with a few set-based statements:
 *
 *   1. (the caller has already weeded out lines repeating a key of the batch)
 *   2. rows whose key exists: compared in SQL; a row this import has met
 *      before (an id above seen->max_before, or in seen->ids) is a duplicate
 *      of an earlier line and dropped; the others are SIMP_SAME/SIMP_UPDATED;
 *   3. INSERT ... SELECT ... ON CONFLICT DO NOTHING for the new ones;
 *   4. UPDATE ... FROM for the changed ones.
 * The temporary tables are created on first use and dropped at commit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/str.h"
#include "store/store_import.h"
#include "store/store_import_int.h"

void
simp_stage_build(struct tdef *d)
{
    char join[512] = "", differs[2048] = "";
    int ncmp = 0;

    snprintf(d->st_name, sizeof d->st_name, "zq_stage_%s", d->table);
    for (int c = 0; c < d->nkeys; c++) {
        simp_cat(join, sizeof join, "%st.%s = s.%s", c ? " AND " : "", d->cols[c].name,
                 d->cols[c].name);
    }
    for (int c = d->nkeys; c < d->ncols; c++)
        if (!(d->cols[c].flags & (I | E)))
            simp_cat(differs, sizeof differs, "%st.%s IS DISTINCT FROM s.%s", ncmp++ ? " OR " : "",
                     d->cols[c].name, d->cols[c].name);

    simp_cat(d->st_create, sizeof d->st_create,
             "CREATE TEMP TABLE IF NOT EXISTS %s ON COMMIT DROP AS SELECT CAST(0 AS BIGINT) AS seq",
             d->st_name);
    for (int c = 0; c < d->ncols; c++)
        simp_cat(d->st_create, sizeof d->st_create, ", %s", d->cols[c].name);
    simp_cat(d->st_create, sizeof d->st_create, " FROM %s WITH NO DATA", d->table);

    simp_cat(d->st_existing, sizeof d->st_existing,
             "SELECT s.seq, t.id, CASE WHEN %s THEN 1 ELSE 0 END FROM %s s JOIN %s t ON %s",
             ncmp ? differs : "false", d->st_name, d->table, join);

    simp_cat(d->st_drop, sizeof d->st_drop, "DELETE FROM %s WHERE seq = ANY(CAST($1 AS BIGINT[]))",
             d->st_name);

    simp_cat(d->st_insert, sizeof d->st_insert, "INSERT INTO %s (", d->table);
    for (int c = 0; c < d->ncols; c++)
        simp_cat(d->st_insert, sizeof d->st_insert, "%s%s", c ? ", " : "", d->cols[c].name);
    simp_cat(d->st_insert, sizeof d->st_insert, "%s) SELECT ",
             d->ts ? ", created_at, updated_at" : "");
    for (int c = 0; c < d->ncols; c++)
        simp_cat(d->st_insert, sizeof d->st_insert, "%s%s", c ? ", " : "", d->cols[c].name);
    simp_cat(d->st_insert, sizeof d->st_insert, "%s FROM %s ON CONFLICT (%s) DO NOTHING",
             d->ts ? ", CAST($1 AS BIGINT), CAST($1 AS BIGINT)" : "", d->st_name, d->conflict);

    simp_cat(d->st_update, sizeof d->st_update, "UPDATE %s t SET ", d->table);
    for (int c = d->nkeys, n = 0; c < d->ncols; c++)
        if (!(d->cols[c].flags & I))
            simp_cat(d->st_update, sizeof d->st_update, "%s%s = s.%s", n++ ? ", " : "",
                     d->cols[c].name, d->cols[c].name);
    simp_cat(d->st_update, sizeof d->st_update, "%s FROM %s s WHERE %s AND (%s)",
             d->ts ? ", updated_at = CAST($1 AS BIGINT)" : "", d->st_name, join,
             ncmp ? differs : "false");

    simp_cat(d->st_truncate, sizeof d->st_truncate, "TRUNCATE %s", d->st_name);
}

bool
store_simp_staged(const struct store *st)
{
    return store_dialect(st) == STORE_PG;
}

/* Run a prepared statement with an optional BIGINT $1. */
static int
run1(struct store *st, const char *sql, bool has_now, int64_t now, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, sql, &s, err)) < 0)
        return rc;
    if (has_now && store_bind_int(s, 1, now) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    return store_run(s, err);
}

/* Drop the rows of the given seqs from the staging table. */
static int
drop_seqs(struct store *st, struct tdef *d, const int64_t *seqs, size_t n, struct zq_err *err)
{
    struct store_stmt *s;
    struct buf b;
    int rc = 0;

    if (n == 0)
        return 0;
    buf_init(&b, (size_t)64 * 1024 * 1024);
    rc = buf_putc(&b, '{');
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = buf_printf(&b, "%s%lld", i ? "," : "", (long long)seqs[i]);
    if (rc == 0)
        rc = buf_putc(&b, '}');
    if (rc < 0) {
        buf_fini(&b);
        return zq_err_set(err, ZQ_ETOOBIG, "重复行太多");
    }
    if ((rc = store_prepare(st, d->st_drop, &s, err)) < 0) {
        buf_fini(&b);
        return rc;
    }
    if (store_bind_text(s, 1, b.p, b.len) < 0) {
        store_stmt_done(s);
        buf_fini(&b);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    rc = store_run(s, err);
    buf_fini(&b);
    return rc;
}

static int
load_rows(struct store *st, struct tdef *d, const struct store_val *rows, size_t n,
          struct zq_err *err)
{
    const char *cols[IMP_STAGE_MAXCOLS + 1];
    struct store_val v[IMP_STAGE_MAXCOLS + 1];
    int64_t loaded;
    int rc;

    cols[0] = "seq";
    for (int c = 0; c < d->ncols; c++)
        cols[c + 1] = d->cols[c].name;
    if ((rc = store_exec(st, d->st_create, err)) < 0 ||
        (rc = store_copy_begin(st, d->st_name, cols, d->ncols + 1, err)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        v[0] = (struct store_val){ .t = STORE_INT, .i = (int64_t)i };
        memcpy(v + 1, rows + i * (size_t)d->ncols, (size_t)d->ncols * sizeof(*v));
        if ((rc = store_copy_row(st, v, err)) < 0)
            return rc;
    }
    return store_copy_end(st, &loaded, err);
}

int
store_stage_upsert(struct store *st, enum simp_table t, const struct store_val *rows, size_t n,
                   int64_t now, struct simp_seen *seen, enum simp_outcome *out, struct zq_err *err)
{
    struct tdef *d = simp_tdef(t);
    struct store_stmt *s;
    int64_t *drop = NULL;
    size_t ndrop = 0, capdrop = 0, nexist, ndiffer;
    int rc;

    for (size_t i = 0; i < n; i++)
        out[i] = SIMP_NEW;
    if (n == 0)
        return 0;
    if ((rc = load_rows(st, d, rows, n, err)) < 0)
        return rc;

    /* Keys that exist. */
    if ((rc = store_prepare(st, d->st_existing, &s, err)) < 0)
        return rc;
    nexist = ndiffer = 0;
    while ((rc = store_step(s, err)) == STORE_ROW) {
        int64_t seq = store_column_int(s, 0), id = store_column_int(s, 1);
        bool differs = store_column_int(s, 2) != 0;
        if (seq < 0 || (size_t)seq >= n)
            continue;
        if (seen != NULL && (id > seen->max_before || bitset_test_set(&seen->ids, (uint64_t)id))) {
            out[seq] = SIMP_DUP;
            drop = zq_grow(drop, sizeof(*drop), ndrop + 1, &capdrop);
            drop[ndrop++] = seq;
        } else {
            out[seq] = differs ? SIMP_UPDATED : SIMP_SAME;
            ndiffer += differs;
        }
        nexist++;
    }
    store_stmt_done(s);
    if (rc >= 0)
        rc = drop_seqs(st, d, drop, ndrop, err);
    zq_free(drop);
    if (rc < 0)
        return rc;

    /* The new rows, then the changed ones; a re-import of unchanged data
     * runs neither. */
    if (nexist < n && (rc = run1(st, d->st_insert, d->ts, now, err)) < 0)
        return rc;
    if (ndiffer > 0 && (rc = run1(st, d->st_update, d->ts, now, err)) < 0)
        return rc;
    return run1(st, d->st_truncate, false, 0, err);
}

/* ------------------------------------------------------------ workers */

static const char sql_w_create[] =
    "CREATE TEMP TABLE IF NOT EXISTS zq_stage_workers ON COMMIT DROP AS SELECT "
    "CAST(0 AS BIGINT) AS seq, id_hash, id_enc, id_masked, name, phone_enc, phone_hash, "
    "phone_masked, CAST(0 AS INTEGER) AS auth FROM workers WITH NO DATA";
static const char sql_w_insert[] =
    "INSERT INTO workers (id_hash, id_enc, id_masked, name, phone_enc, phone_hash, phone_masked, "
    "created_at, updated_at) SELECT id_hash, id_enc, id_masked, name, phone_enc, phone_hash, "
    "phone_masked, CAST($1 AS BIGINT), CAST($1 AS BIGINT) FROM zq_stage_workers "
    "ON CONFLICT (id_hash) DO NOTHING";
static const char sql_w_auth[] =
    "UPDATE workers w SET name = s.name, phone_enc = COALESCE(s.phone_enc, w.phone_enc), "
    "phone_hash = COALESCE(s.phone_hash, w.phone_hash), "
    "phone_masked = COALESCE(s.phone_masked, w.phone_masked), updated_at = CAST($1 AS BIGINT) "
    "FROM zq_stage_workers s WHERE w.id_hash = s.id_hash AND s.auth = 1 AND s.name <> '' "
    "AND (w.name <> s.name OR (s.phone_hash IS NOT NULL AND "
    "w.phone_hash IS DISTINCT FROM s.phone_hash))";
static const char sql_w_fill[] =
    "UPDATE workers w SET name = s.name, updated_at = CAST($1 AS BIGINT) FROM zq_stage_workers s "
    "WHERE w.id_hash = s.id_hash AND s.auth = 0 AND w.name = '' AND s.name <> ''";
static const char sql_w_ids[] =
    "SELECT s.seq, w.id FROM zq_stage_workers s JOIN workers w ON w.id_hash = s.id_hash";
static const char sql_w_truncate[] = "TRUNCATE zq_stage_workers";

int
store_stage_workers(struct store *st, const struct store_val *rows, const bool *auth, size_t n,
                    int64_t now, int64_t *ids, struct zq_err *err)
{
    static const char *const cols[] = { "seq",        "id_hash",      "id_enc",
                                        "id_masked",  "name",         "phone_enc",
                                        "phone_hash", "phone_masked", "auth" };
    struct store_val v[WK__N + 2];
    struct store_stmt *s;
    int64_t loaded;
    int rc;

    if (n == 0)
        return 0;
    if ((rc = store_exec(st, sql_w_create, err)) < 0 ||
        (rc = store_copy_begin(st, "zq_stage_workers", cols, WK__N + 2, err)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        v[0] = (struct store_val){ .t = STORE_INT, .i = (int64_t)i };
        memcpy(v + 1, rows + i * WK__N, WK__N * sizeof(*v));
        v[WK__N + 1] = (struct store_val){ .t = STORE_INT, .i = auth[i] ? 1 : 0 };
        if ((rc = store_copy_row(st, v, err)) < 0)
            return rc;
    }
    if ((rc = store_copy_end(st, &loaded, err)) < 0 ||
        (rc = run1(st, sql_w_insert, true, now, err)) < 0 ||
        (rc = run1(st, sql_w_auth, true, now, err)) < 0 ||
        (rc = run1(st, sql_w_fill, true, now, err)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        ids[i] = 0;
    if ((rc = store_prepare(st, sql_w_ids, &s, err)) < 0)
        return rc;
    while ((rc = store_step(s, err)) == STORE_ROW) {
        int64_t seq = store_column_int(s, 0);
        if (seq >= 0 && (size_t)seq < n)
            ids[seq] = store_column_int(s, 1);
    }
    store_stmt_done(s);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (ids[i] == 0)
            return zq_err_set(err, ZQ_EINTERNAL, "workers：暂存后查不到工人");
    return run1(st, sql_w_truncate, false, 0, err);
}

/* ------------------------------------------------------------ attendance */

static const char sql_a_create[] =
    "CREATE TEMP TABLE IF NOT EXISTS zq_stage_att ON COMMIT DROP AS SELECT CAST(0 AS BIGINT) AS "
    "seq, project_id, month, worker_id, province, days, ndays, hours_x10 FROM attendance WITH NO "
    "DATA";
static const char sql_a_create2[] =
    "CREATE TEMP TABLE IF NOT EXISTS zq_stage_att2 ON COMMIT DROP AS SELECT project_id, month, "
    "worker_id, days, ndays, hours_x10 FROM attendance WITH NO DATA";
static const char sql_a_existing[] =
    "SELECT s.seq, a.days, a.hours_x10 FROM zq_stage_att s JOIN attendance a "
    "ON a.project_id = s.project_id AND a.month = s.month AND a.worker_id = s.worker_id";
static const char sql_a_update[] =
    "UPDATE attendance a SET days = s.days, ndays = s.ndays, hours_x10 = s.hours_x10 "
    "FROM zq_stage_att2 s WHERE a.project_id = s.project_id AND a.month = s.month "
    "AND a.worker_id = s.worker_id";
static const char sql_a_insert[] =
    "INSERT INTO attendance (project_id, month, worker_id, province, days, ndays, hours_x10) "
    "SELECT project_id, month, worker_id, province, days, ndays, hours_x10 FROM zq_stage_att "
    "ON CONFLICT (project_id, month, worker_id) DO NOTHING";
static const char sql_a_truncate[] = "TRUNCATE zq_stage_att, zq_stage_att2";

static struct store_val
hours_val(const uint8_t *h, bool present)
{
    if (!present)
        return (struct store_val){ .t = STORE_NULL };
    return (struct store_val){ .t = STORE_BLOB, .p = h, .n = 31 };
}

/* Stage and apply the merged rows of worker-months that exist. */
static int
update_existing(struct store *st, const struct simp_att *a, size_t n, int64_t *upd_days,
                int64_t *new_days, bool *exists, struct zq_err *err)
{
    static const char *const cols2[] = { "project_id", "month", "worker_id",
                                         "days",       "ndays", "hours_x10" };
    struct store_stmt *s;
    bool loading = false;
    int64_t loaded;
    int rc;

    if ((rc = store_exec(st, sql_a_create2, err)) < 0)
        return rc;
    /* The existing rows are read in full first: no statement may run while
     * a bulk load is open. */
    struct existing {
        int64_t seq;
        uint32_t days;
        bool had;
        uint8_t hours[31];
    } *ex = NULL;
    size_t nex = 0, capex = 0;

    if ((rc = store_prepare(st, sql_a_existing, &s, err)) < 0)
        return rc;
    while ((rc = store_step(s, err)) == STORE_ROW) {
        size_t hn = 0;
        const void *h = store_column_blob(s, 2, &hn);
        ex = zq_grow(ex, sizeof(*ex), nex + 1, &capex);
        ex[nex].seq = store_column_int(s, 0);
        ex[nex].days = (uint32_t)store_column_int(s, 1);
        ex[nex].had = h != NULL && hn == 31;
        memset(ex[nex].hours, 0, 31);
        if (ex[nex].had)
            memcpy(ex[nex].hours, h, 31);
        nex++;
    }
    store_stmt_done(s);
    for (size_t i = 0; i < nex && rc >= 0; i++) {
        const struct simp_att *e;
        uint32_t days;
        int nd, ud;
        if (ex[i].seq < 0 || (size_t)ex[i].seq >= n)
            continue;
        e = &a[ex[i].seq];
        exists[ex[i].seq] = true;
        if (!simp_att_merge(e, ex[i].days, ex[i].hours, ex[i].had, &days, &nd, &ud))
            continue;
        *new_days += nd;
        *upd_days += ud;
        if (!loading) {
            if ((rc = store_copy_begin(st, "zq_stage_att2", cols2, 6, err)) < 0)
                break;
            loading = true;
        }
        struct store_val v[6] = {
            { .t = STORE_INT, .i = e->project_id },
            { .t = STORE_TEXT, .p = e->month, .n = 7 },
            { .t = STORE_INT, .i = e->worker_id },
            { .t = STORE_INT, .i = days },
            { .t = STORE_INT, .i = __builtin_popcount(days) },
            hours_val(ex[i].hours, ex[i].had || e->hours_mask),
        };
        rc = store_copy_row(st, v, err);
    }
    zq_free(ex);
    if (rc < 0)
        return rc;
    if (loading && ((rc = store_copy_end(st, &loaded, err)) < 0 ||
                    (rc = run1(st, sql_a_update, false, 0, err)) < 0))
        return rc;
    return 0;
}

int
store_stage_attendance(struct store *st, const struct simp_att *a, size_t n, int64_t *new_days,
                       int64_t *upd_days, struct zq_err *err)
{
    static const char *const cols[] = { "seq",      "project_id", "month", "worker_id",
                                        "province", "days",       "ndays", "hours_x10" };
    bool *exists;
    int64_t loaded;
    int rc;

    *new_days = *upd_days = 0;
    if (n == 0)
        return 0;
    if ((rc = store_exec(st, sql_a_create, err)) < 0 ||
        (rc = store_copy_begin(st, "zq_stage_att", cols, 8, err)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        struct store_val v[8] = {
            { .t = STORE_INT, .i = (int64_t)i },
            { .t = STORE_INT, .i = a[i].project_id },
            { .t = STORE_TEXT, .p = a[i].month, .n = 7 },
            { .t = STORE_INT, .i = a[i].worker_id },
            { .t = STORE_TEXT, .p = a[i].province, .n = 6 },
            { .t = STORE_INT, .i = a[i].days },
            { .t = STORE_INT, .i = __builtin_popcount(a[i].days) },
            hours_val(a[i].hours, a[i].hours_mask != 0),
        };
        if ((rc = store_copy_row(st, v, err)) < 0)
            return rc;
    }
    if ((rc = store_copy_end(st, &loaded, err)) < 0)
        return rc;
    exists = zq_calloc(n, sizeof(*exists));
    rc = update_existing(st, a, n, upd_days, new_days, exists, err);
    for (size_t i = 0; i < n && rc >= 0; i++)
        if (!exists[i])
            *new_days += __builtin_popcount(a[i].days);
    zq_free(exists);
    if (rc < 0 || (rc = run1(st, sql_a_insert, false, 0, err)) < 0)
        return rc;
    return run1(st, sql_a_truncate, false, 0, err);
}

/* ------------------------------------------------------------ totals */

static const char sql_pm_create[] =
    "CREATE TEMP TABLE IF NOT EXISTS zq_stage_pm (project_id BIGINT, month TEXT) ON COMMIT DROP";
static const char sql_pm_truncate[] = "TRUNCATE zq_stage_pm";

int
store_stage_totals(struct store *st, const struct simp_pair *p, size_t n, int64_t now,
                   struct zq_err *err)
{
    static const char *const cols[] = { "project_id", "month" };
    static const char *const sqls[] = {
        [SIMP_TOT_ATTENDANCE] = simp_sql_tot_att_staged,
        [SIMP_TOT_PAYROLL] = simp_sql_tot_pay_staged,
        [SIMP_TOT_TXNS] = simp_sql_tot_txn_staged,
    };
    int64_t loaded;
    int rc;

    if (!store_simp_staged(st)) {
        for (size_t i = 0; i < n; i++)
            for (int f = 0; f <= SIMP_TOT_TXNS; f++)
                if ((p[i].families & (1u << f)) &&
                    (rc = store_simp_totals(st, (enum simp_totals)f, p[i].project_id, p[i].month,
                                            now, err)) < 0)
                    return rc;
        return 0;
    }
    for (int f = 0; f <= SIMP_TOT_TXNS; f++) {
        size_t k = 0;
        if ((rc = store_exec(st, sql_pm_create, err)) < 0)
            return rc;
        for (size_t i = 0; i < n; i++) {
            struct store_val v[2] = { { .t = STORE_INT, .i = p[i].project_id },
                                      { .t = STORE_TEXT, .p = p[i].month, .n = 7 } };
            if (!(p[i].families & (1u << f)))
                continue;
            if (k++ == 0 && (rc = store_copy_begin(st, "zq_stage_pm", cols, 2, err)) < 0)
                return rc;
            if ((rc = store_copy_row(st, v, err)) < 0)
                return rc;
        }
        if (k == 0)
            continue;
        if ((rc = store_copy_end(st, &loaded, err)) < 0 ||
            (rc = run1(st, sqls[f], true, now, err)) < 0 ||
            (rc = run1(st, sql_pm_truncate, false, 0, err)) < 0)
            return rc;
    }
    return 0;
}
