/*
 * store_query_ent.c - scoped read queries over enterprises and workers, and
 * the sealed personal values behind the reveal endpoint.
 *
 * An enterprise or a worker has no region of its own that settles who may
 * see it: it is visible through the projects it takes part in (SCOPE_P on
 * those projects), and staff also see the enterprises registered in their
 * region.  Worker look-ups by ID number or phone go through the keyed hash
 * columns; each filter has its own statement so that the index is used.
 */
#include <string.h>

#include "store/store_query.h"
#include "store/store_query_int.h"

/* An enterprise `e` visible to the scope $1..$4. */
#define ENT_VISIBLE                                                                           \
    "((CAST($4 AS BIGINT) = 0 AND e.region_code BETWEEN $1 AND $2) OR e.id = $4 "             \
    "OR EXISTS (SELECT 1 FROM projects p WHERE p.builder_id = e.id AND " SCOPE_P(             \
        "p") ") "                                                                             \
             "OR EXISTS (SELECT 1 FROM projects p WHERE p.contractor_id = e.id AND " SCOPE_P( \
                 "p") ") OR EXISTS (SELECT 1 FROM subcontracts s JOIN projects p ON p.id = "  \
                      "s.project_id "                                                         \
                      "WHERE s.subcontractor_id = e.id AND " SCOPE_P("p") "))"

/* A worker `w` visible to the scope $1..$4. */
#define WORKER_VISIBLE                                                                  \
    "(EXISTS (SELECT 1 FROM employment m JOIN projects p ON p.id = m.project_id WHERE " \
    "m.worker_id = w.id AND " SCOPE_P(                                                  \
        "p") ") OR EXISTS (SELECT 1 FROM payroll y JOIN "                               \
             "projects p ON p.id = y.project_id WHERE y.worker_id = w.id AND " SCOPE_P("p") "))"

/* ---------------------------------------------------------------- enterprises */

static const struct sq_col enterprise_cols[] = {
    { "uscc", SQ_TEXT },      { "name", SQ_TEXT },          { "kind", SQ_TEXT },
    { "legal_rep", SQ_TEXT }, { "region_code", SQ_REGION }, { "phone_masked", SQ_TEXT },
    { "updated_at", SQ_TS },
};
#define ENT_LIST_COLS                                                                          \
    "SELECT e.uscc, e.name, e.kind, e.legal_rep, e.region_code, e.phone_masked, e.updated_at " \
    "FROM enterprises e WHERE "
#define ENT_FILTERS                                                                             \
    " AND ($5 = '' OR e.uscc = $5 OR e.name LIKE $6 ESCAPE '\\') AND ($7 = '' OR e.kind = $7) " \
    "AND ($8 = '' OR e.region_code BETWEEN $8 AND $9) AND e.uscc > $10 ORDER BY e.uscc "        \
    "LIMIT $11"
/* From the set of visible projects vp: their parties, and (staff) the
 * enterprises of the region.  For a county or an enterprise the set is small
 * and computed once; for a province the per-row test below is cheaper,
 * since the region alone admits most enterprises. */
#define ENT_VIA_SET(where)                                                                      \
    "WITH vp AS (SELECT p.id, p.builder_id, p.contractor_id FROM projects p WHERE " where       \
    ") " ENT_LIST_COLS "((CAST($4 AS BIGINT) = 0 AND e.region_code BETWEEN $1 AND $2) OR "      \
    "e.id = $4 OR e.id IN (SELECT vp.builder_id FROM vp) OR e.id IN (SELECT vp.contractor_id "  \
    "FROM vp) OR e.id IN (SELECT s.subcontractor_id FROM subcontracts s WHERE s.project_id IN " \
    "(SELECT vp.id FROM vp)))" ENT_FILTERS

enum { EV_ROW, EV_RANGE, EV_ENT, EV__N };

static const char *const SQL_ENTERPRISES[EV__N] = {
    [EV_ROW] = ENT_LIST_COLS ENT_VISIBLE ENT_FILTERS,
    [EV_RANGE] = ENT_VIA_SET(PJ_WHERE_RANGE),
    [EV_ENT] = ENT_VIA_SET(PJ_WHERE_ENT),
};

int
store_q_enterprises(struct store *st, const struct store_scope *sc,
                    const struct sq_enterprise_filter *f, const struct sq_page *pg, sq_row_fn fn,
                    void *ctx, struct zq_err *err)
{
    struct store_val p[11];
    char like[260];
    int v = sc->enterprise_id > 0                          ? EV_ENT
            : sq_range_broad(sc->region_lo, sc->region_hi) ? EV_ROW
                                                           : EV_RANGE;

    sq_like(f->q, like, sizeof like);
    sq_scope_params(sc, p);
    p[4] = sq_text(sq_nz(f->q));
    p[5] = sq_text(like);
    p[6] = sq_text(sq_nz(f->kind));
    p[7] = sq_text(sq_nz(f->region_lo));
    p[8] = sq_text(sq_nz(f->region_hi));
    p[9] = sq_text(pg->after ? sq_nz(pg->key) : "");
    p[10] = sq_int(pg->limit + 1);
    return sq_run_cols(st, SQL_ENTERPRISES[v], p, 11, enterprise_cols, SQ_NCOLS(enterprise_cols),
                       fn, ctx, NULL, err);
}

static const struct sq_col enterprise_detail_cols[] = {
    { "id", SQ_HIDDEN },         { "uscc", SQ_TEXT },      { "name", SQ_TEXT },
    { "kind", SQ_TEXT },         { "legal_rep", SQ_TEXT }, { "region_code", SQ_REGION },
    { "phone_masked", SQ_TEXT }, { "created_at", SQ_TS },  { "updated_at", SQ_TS },
};
static const char SQL_ENTERPRISE[] =
    "SELECT e.id, e.uscc, e.name, e.kind, e.legal_rep, e.region_code, e.phone_masked, "
    "e.created_at, e.updated_at FROM enterprises e WHERE " ENT_VISIBLE " AND e.uscc = $5";

int
store_q_enterprise(struct store *st, const struct store_scope *sc, const char *uscc, sq_row_fn fn,
                   void *ctx, bool *found, struct zq_err *err)
{
    struct store_val p[5];
    long rows = 0;
    int rc;

    sq_scope_params(sc, p);
    p[4] = sq_text(uscc);
    rc = sq_run_cols(st, SQL_ENTERPRISE, p, 5, enterprise_detail_cols,
                     SQ_NCOLS(enterprise_detail_cols), fn, ctx, &rows, err);
    *found = rows > 0;
    return rc;
}

static const struct sq_col enterprise_project_cols[] = {
    { "code", SQ_TEXT },     { "name", SQ_TEXT },   { "region_code", SQ_REGION },
    { "industry", SQ_TEXT }, { "status", SQ_TEXT }, { "role", SQ_TEXT },
};
static const char SQL_ENTERPRISE_PROJECTS[] =
    "SELECT code, name, region_code, industry, status, role FROM ("
    "SELECT p.code, p.name, p.region_code, p.industry, p.status, '建设单位' AS role "
    "FROM projects p WHERE p.builder_id = $5 AND " SCOPE_P(
        "p") " UNION ALL "
             "SELECT p.code, p.name, p.region_code, p.industry, p.status, '施工总承包' AS role "
             "FROM projects p WHERE p.contractor_id = $5 AND " SCOPE_P(
                 "p") " UNION ALL "
                      "SELECT p.code, p.name, p.region_code, p.industry, p.status, s.kind AS role "
                      "FROM subcontracts s JOIN projects p ON p.id = s.project_id WHERE "
                      "s.subcontractor_id = $5 "
                      "AND " SCOPE_P("p") ") x ORDER BY code, role LIMIT 1000";

int
store_q_enterprise_projects(struct store *st, const struct store_scope *sc, int64_t enterprise_id,
                            sq_row_fn fn, void *ctx, struct zq_err *err)
{
    struct store_val p[5];

    sq_scope_params(sc, p);
    p[4] = sq_int(enterprise_id);
    return sq_run_cols(st, SQL_ENTERPRISE_PROJECTS, p, 5, enterprise_project_cols,
                       SQ_NCOLS(enterprise_project_cols), fn, ctx, NULL, err);
}

/* ---------------------------------------------------------------- workers */

static const struct sq_col worker_cols[] = {
    { "id", SQ_INT },
    { "name", SQ_TEXT },
    { "id_number_masked", SQ_TEXT },
    { "phone_masked", SQ_TEXT },
    { "updated_at", SQ_TS },
};
#define WK_SELECT \
    "SELECT w.id, w.name, w.id_masked, w.phone_masked, w.updated_at FROM workers w WHERE "
/* $5 filter value, $6 the last id seen, $7 limit. */
#define WK_LIST(filter) \
    WK_SELECT filter " AND " WORKER_VISIBLE " AND w.id > $6 ORDER BY w.id LIMIT $7"

enum { WK_ID_HASH, WK_PHONE_HASH, WK_NAME, WK_PROJECT, WK__N };

static const char *const SQL_WORKERS[WK__N] = {
    [WK_ID_HASH] = WK_LIST("w.id_hash = $5"),
    [WK_PHONE_HASH] = WK_LIST("w.phone_hash = $5"),
    [WK_NAME] = WK_LIST("w.name = $5"),
    [WK_PROJECT] = WK_LIST("w.id IN (SELECT m.worker_id FROM employment m WHERE m.project_id = "
                           "$5 UNION SELECT y.worker_id FROM payroll y WHERE y.project_id = $5)"),
};

int
store_q_workers(struct store *st, const struct store_scope *sc, const struct sq_worker_filter *f,
                const struct sq_page *pg, sq_row_fn fn, void *ctx, struct zq_err *err)
{
    struct store_val p[7];
    int which;

    sq_scope_params(sc, p);
    if (f->id_hash != NULL) {
        which = WK_ID_HASH;
        p[4] = sq_blob(f->id_hash, f->hash_len);
    } else if (f->phone_hash != NULL) {
        which = WK_PHONE_HASH;
        p[4] = sq_blob(f->phone_hash, f->hash_len);
    } else if (f->project_id > 0) {
        which = WK_PROJECT;
        p[4] = sq_int(f->project_id);
    } else if (f->name != NULL && f->name[0] != '\0') {
        which = WK_NAME;
        p[4] = sq_text(f->name);
    } else {
        return zq_err_set(err, ZQ_EINVAL, "查询劳动者须指定一个条件");
    }
    p[5] = sq_int(pg->after ? pg->after_id : 0);
    p[6] = sq_int(pg->limit + 1);
    return sq_run_cols(st, SQL_WORKERS[which], p, 7, worker_cols, SQ_NCOLS(worker_cols), fn, ctx,
                       NULL, err);
}

static const struct sq_col worker_detail_cols[] = {
    { "id", SQ_INT },
    { "name", SQ_TEXT },
    { "id_number_masked", SQ_TEXT },
    { "phone_masked", SQ_TEXT },
    { "created_at", SQ_TS },
    { "updated_at", SQ_TS },
};
static const char SQL_WORKER[] =
    "SELECT w.id, w.name, w.id_masked, w.phone_masked, w.created_at, w.updated_at "
    "FROM workers w WHERE w.id = $5 AND " WORKER_VISIBLE;

int
store_q_worker(struct store *st, const struct store_scope *sc, int64_t id, sq_row_fn fn, void *ctx,
               bool *found, struct zq_err *err)
{
    struct store_val p[5];
    long rows = 0;
    int rc;

    sq_scope_params(sc, p);
    p[4] = sq_int(id);
    rc = sq_run_cols(st, SQL_WORKER, p, 5, worker_detail_cols, SQ_NCOLS(worker_detail_cols), fn,
                     ctx, &rows, err);
    *found = rows > 0;
    return rc;
}

static const struct sq_col worker_job_cols[] = {
    { "project_code", SQ_TEXT },    { "project_name", SQ_TEXT }, { "employer_uscc", SQ_TEXT },
    { "employer_name", SQ_TEXT },   { "team", SQ_TEXT },         { "trade", SQ_TEXT },
    { "contract_signed", SQ_BOOL }, { "entered_on", SQ_TEXT },   { "left_on", SQ_TEXT },
};
static const char SQL_WORKER_JOBS[] =
    "SELECT p.code, p.name, e.uscc, e.name, m.team, m.trade, m.contract_signed, m.entered_on, "
    "m.left_on FROM employment m JOIN projects p ON p.id = m.project_id JOIN enterprises e "
    "ON e.id = m.employer_id WHERE m.worker_id = $5 AND " SCOPE_P(
        "p") " ORDER BY m.entered_on DESC, p.code LIMIT 200";

static const struct sq_col worker_pay_cols[] = {
    { "project_code", SQ_TEXT }, { "month", SQ_TEXT },     { "employer_uscc", SQ_TEXT },
    { "days_worked", SQ_INT },   { "wage_due", SQ_MONEY }, { "deductions", SQ_MONEY },
    { "wage_paid", SQ_MONEY },   { "paid_on", SQ_TEXT },   { "channel", SQ_TEXT },
    { "confirmed", SQ_BOOL },
};
static const char SQL_WORKER_PAYROLL[] =
    "SELECT p.code, y.month, e.uscc, y.days_worked, y.wage_due_fen, y.deductions_fen, "
    "y.wage_paid_fen, y.paid_on, y.channel, y.confirmed FROM payroll y JOIN projects p ON "
    "p.id = y.project_id JOIN enterprises e ON e.id = y.employer_id WHERE y.worker_id = $5 "
    "AND " SCOPE_P("p") " ORDER BY y.month DESC, p.code LIMIT 24";

int
store_q_worker_jobs(struct store *st, const struct store_scope *sc, int64_t id, sq_row_fn fn,
                    void *ctx, struct zq_err *err)
{
    struct store_val p[5];

    sq_scope_params(sc, p);
    p[4] = sq_int(id);
    return sq_run_cols(st, SQL_WORKER_JOBS, p, 5, worker_job_cols, SQ_NCOLS(worker_job_cols), fn,
                       ctx, NULL, err);
}

int
store_q_worker_payroll(struct store *st, const struct store_scope *sc, int64_t id, sq_row_fn fn,
                       void *ctx, struct zq_err *err)
{
    struct store_val p[5];

    sq_scope_params(sc, p);
    p[4] = sq_int(id);
    return sq_run_cols(st, SQL_WORKER_PAYROLL, p, 5, worker_pay_cols, SQ_NCOLS(worker_pay_cols), fn,
                       ctx, NULL, err);
}

/* ---------------------------------------------------------------- sealed values */

static const char *const SQL_SEALED[SQ_SEALED__N] = {
    [SQ_SEALED_WORKER_ID] =
        "SELECT w.id_enc, w.id_masked FROM workers w WHERE w.id = $5 AND " WORKER_VISIBLE,
    [SQ_SEALED_WORKER_PHONE] = "SELECT w.phone_enc, w.phone_masked FROM workers w WHERE "
                               "w.id = $5 AND " WORKER_VISIBLE,
    [SQ_SEALED_ENTERPRISE_PHONE] = "SELECT e.phone_enc, e.phone_masked FROM enterprises e "
                                   "WHERE e.uscc = $5 AND " ENT_VISIBLE,
    [SQ_SEALED_PROJECT_ACCOUNT] = "SELECT w.account_no_enc, w.account_no_masked FROM projects p "
                                  "LEFT JOIN wage_accounts w ON w.project_id = p.id WHERE "
                                  "p.code = $5 AND " SCOPE_P("p"),
};

struct sealed {
    unsigned char *out;
    size_t cap, *len;
    char *masked;
    bool found, toobig;
};

static int
sealed_row(void *ctx, const struct store_val *v, int n)
{
    struct sealed *s = ctx;

    s->found = true;
    if (n < 2)
        return 1;
    if (v[0].t == STORE_BLOB && v[0].n > 0) {
        if (v[0].n > s->cap) {
            s->toobig = true;
            return 1;
        }
        memcpy(s->out, v[0].p, v[0].n);
        *s->len = v[0].n;
    }
    sq_copy(s->masked, 48, &v[1]);
    return 1;
}

int
store_q_sealed(struct store *st, const struct store_scope *sc, enum sq_sealed what, int64_t key_id,
               const char *key_text, unsigned char *out, size_t cap, size_t *len, char masked[48],
               struct zq_err *err)
{
    struct sealed s = { out, cap, len, masked, false, false };
    struct store_val p[5];
    int rc;

    *len = 0;
    masked[0] = '\0';
    if (what < 0 || what >= SQ_SEALED__N)
        return zq_err_set(err, ZQ_EINTERNAL, "未知的个人信息字段");
    sq_scope_params(sc, p);
    p[4] = what == SQ_SEALED_WORKER_ID || what == SQ_SEALED_WORKER_PHONE ? sq_int(key_id)
                                                                         : sq_text(key_text);
    if ((rc = sq_run(st, SQL_SEALED[what], p, 5, sealed_row, &s, NULL, err)) < 0)
        return rc;
    if (!s.found)
        return zq_err_set(err, ZQ_ENOTFOUND, "对象不存在或不在您的管辖范围内");
    if (s.toobig)
        return zq_err_set(err, ZQ_EINTERNAL, "加密数据长度异常");
    return 0;
}
