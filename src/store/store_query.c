/*
 * store_query.c - the scoped read queries of the API over projects, and the
 * small runner every query of this family goes through.
 *
 * Every query here carries the caller's scope as its first four parameters
 * (SCOPE_P below): the scope is applied by the database in the same
 * statement that reads the rows, so no code path can forget it.  A project
 * outside the scope does not exist for the caller.
 *
 * The SQL texts are literals (the statement cache is keyed by their
 * address); lists with several sort orders keep one literal per order.
 */
#include "store/store_query.h"

#include <stdio.h>
#include <string.h>

#include "store/store_clue.h"
#include "store/store_query_int.h"

/* ---------------------------------------------------------------- runner */

struct store_val
sq_text(const char *s)
{
    if (s == NULL)
        return (struct store_val){ .t = STORE_NULL };
    return (struct store_val){ .t = STORE_TEXT, .p = s, .n = strlen(s) };
}

struct store_val
sq_int(int64_t v)
{
    return (struct store_val){ .t = STORE_INT, .i = v };
}

struct store_val
sq_blob(const void *p, size_t n)
{
    if (p == NULL)
        return (struct store_val){ .t = STORE_NULL };
    return (struct store_val){ .t = STORE_BLOB, .p = p, .n = n };
}

void
sq_copy(char *out, size_t cap, const struct store_val *v)
{
    size_t n = 0;

    if (v->t == STORE_TEXT && v->p != NULL) {
        n = v->n < cap - 1 ? v->n : cap - 1;
        /* never cut a UTF-8 sequence in two */
        if (n < v->n)
            while (n > 0 && (((const unsigned char *)v->p)[n] & 0xC0) == 0x80)
                n--;
        memcpy(out, v->p, n);
    }
    out[n] = '\0';
}

void
sq_scope_params(const struct store_scope *sc, struct store_val p[4])
{
    p[0] = sq_text(sc->region_lo);
    p[1] = sq_text(sc->region_hi);
    p[2] = sq_text(sc->industry);
    p[3] = sq_int(sc->enterprise_id);
}

static void
read_row(struct store_stmt *s, struct store_val *v, int n)
{
    for (int i = 0; i < n; i++) {
        v[i] = (struct store_val){ .t = store_column_type(s, i) };
        switch (v[i].t) {
        case STORE_INT:
            v[i].i = store_column_int(s, i);
            break;
        case STORE_TEXT:
            v[i].p = store_column_text(s, i, &v[i].n);
            break;
        case STORE_BLOB:
            v[i].p = store_column_blob(s, i, &v[i].n);
            break;
        case STORE_NULL:
            break;
        }
    }
}

int
sq_run(struct store *st, const char *sql, const struct store_val *params, int n, sq_raw_fn fn,
       void *ctx, long *rows, struct zq_err *err)
{
    struct store_val v[SQ_MAX_COLS];
    struct store_stmt *s;
    long count = 0;
    int rc, ncols;

    if (rows != NULL)
        *rows = 0;
    if ((rc = store_prepare(st, sql, &s, err)) < 0)
        return rc;
    for (int i = 0; i < n; i++) {
        if (store_bind_val(s, i + 1, &params[i]) < 0) {
            store_stmt_done(s);
            return zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：绑定参数失败", store_uri_safe(st));
        }
    }
    while ((rc = store_step(s, err)) == STORE_ROW) {
        ncols = store_column_count(s);
        if (ncols > SQ_MAX_COLS)
            ncols = SQ_MAX_COLS;
        count++;
        if (fn == NULL)
            continue;
        read_row(s, v, ncols);
        if ((rc = fn(ctx, v, ncols)) != 0)
            break;
    }
    store_stmt_done(s);
    if (rows != NULL)
        *rows = count;
    return rc < 0 ? rc : 0;
}

struct described {
    const struct sq_col *cols;
    int ncols;
    sq_row_fn fn;
    void *ctx;
};

static int
described_row(void *ctx, const struct store_val *v, int n)
{
    const struct described *d = ctx;

    return d->fn(d->ctx, d->cols, v, n < d->ncols ? n : d->ncols);
}

int
sq_run_cols(struct store *st, const char *sql, const struct store_val *params, int n,
            const struct sq_col *cols, int ncols, sq_row_fn fn, void *ctx, long *rows,
            struct zq_err *err)
{
    struct described d = { cols, ncols, fn, ctx };

    return sq_run(st, sql, params, n, fn ? described_row : NULL, &d, rows, err);
}

const char *
sq_nz(const char *s)
{
    return s != NULL ? s : "";
}

void
sq_like(const char *q, char *out, size_t cap)
{
    size_t n = 0;

    if (q == NULL || q[0] == '\0' || cap < 3) {
        out[0] = '\0';
        return;
    }
    out[n++] = '%';
    for (; *q != '\0' && n + 3 < cap; q++) {
        if (*q == '%' || *q == '_' || *q == '\\')
            out[n++] = '\\';
        out[n++] = *q;
    }
    out[n++] = '%';
    out[n] = '\0';
}

/* ---------------------------------------------------------------- projects */

static const struct sq_col project_cols[] = {
    { "code", SQ_TEXT },
    { "name", SQ_TEXT },
    { "region_code", SQ_REGION },
    { "industry", SQ_TEXT },
    { "funding", SQ_TEXT },
    { "status", SQ_TEXT },
    { "builder_uscc", SQ_TEXT },
    { "builder_name", SQ_TEXT },
    { "contractor_uscc", SQ_TEXT },
    { "contractor_name", SQ_TEXT },
    { "contract_amount", SQ_MONEY },
    { "labor_cost_ratio", SQ_BP },
    { "start_date", SQ_TEXT },
    { "planned_end", SQ_TEXT },
    { "updated_at", SQ_TS },
};

#define PJ_COLS                                                                             \
    "p.code, p.name, p.region_code, p.industry, p.funding, p.status, b.uscc, b.name, "      \
    "c.uscc, c.name, p.contract_amount_fen, p.labor_cost_bp, p.start_date, p.planned_end, " \
    "p.updated_at"
#define PJ_FROM                                                   \
    " FROM projects p JOIN enterprises b ON b.id = p.builder_id " \
    "JOIN enterprises c ON c.id = p.contractor_id WHERE "
/* A project list reads its rows one of three ways, chosen from the range of
 * region codes it may see (the scope's, narrowed by a region filter):
 *   WALK   many regions (a province, a city): walk the index of the sort
 *          order and stop after limit + 1 rows; the region test is written
 *          so that no index is used for it (|| '' makes it an expression);
 *   RANGE  one county or town: read its projects by region_code, then sort;
 *   ENT    an enterprise: the projects it takes part in, by three look-ups;
 *   GRAM   a name search for a word that few names hold: the projects holding
 *          its rarest bigram (project_grams), then sort.
 * Every variant binds $1..$4 the same way (PostgreSQL types them on first
 * use).  Keysets compare row values, which both engines can turn into index
 * ranges; the first page has a statement of its own without one. */
enum { PV_WALK, PV_RANGE, PV_ENT, PV_GRAM, PV__N };

#define PJ_FILTERS                                                                    \
    " AND ($5 = '' OR p.code = $5 OR p.name LIKE $6 ESCAPE '\\')"                     \
    " AND ($7 = '' OR p.status = $7) AND ($8 = '' OR p.industry = $8)"                \
    " AND ($9 = '' OR p.funding = $9)"                                                \
    " AND ($10 = '' OR EXISTS (SELECT 1 FROM enterprises e2 WHERE e2.uscc = $10 AND " \
    "(e2.id = p.builder_id OR e2.id = p.contractor_id OR EXISTS (SELECT 1 FROM "      \
    "subcontracts s2 WHERE s2.project_id = p.id AND s2.subcontractor_id = e2.id))))"
/* The page is chosen first and only its rows are joined to their parties. */
#define PJ_LIST(where, keyset, order)                                                             \
    "SELECT " PJ_COLS " FROM (SELECT p.id FROM projects p WHERE " where PJ_FILTERS " AND " keyset \
    " ORDER BY " order " LIMIT $13) k JOIN projects p ON p.id = k.id JOIN enterprises b ON "      \
    "b.id = p.builder_id JOIN enterprises c ON c.id = p.contractor_id ORDER BY " order

#define KS_CODE      "p.code > $11 AND CAST($12 AS TEXT) IS NOT NULL"
#define KS_CODE_DESC "p.code < $11 AND CAST($12 AS TEXT) IS NOT NULL"
#define KS_START     "(p.start_date, p.code) > ($11, $12)"
#define KS_START_D   "(p.start_date, p.code) < ($11, $12)"
#define KS_AMOUNT    "(p.contract_amount_fen, p.code) > ($11, $12)"
#define KS_AMOUNT_D  "(p.contract_amount_fen, p.code) < ($11, $12)"
/* The first page: no keyset, but $11 and $12 still typed for PostgreSQL. */
#define KS_NONE     "CAST($11 AS TEXT) IS NOT NULL AND CAST($12 AS TEXT) IS NOT NULL"
#define KS_NONE_INT "CAST($11 AS BIGINT) IS NOT NULL AND CAST($12 AS TEXT) IS NOT NULL"
#define PJ_PAIR(where, keyset, none, order)                        \
    {                                                              \
        PJ_LIST(where, keyset, order), PJ_LIST(where, none, order) \
    }
#define PJ_SORTS(where)                                                                          \
    {                                                                                            \
        [SQ_PSORT_CODE] = PJ_PAIR(where, KS_CODE, KS_NONE, "p.code"),                            \
        [SQ_PSORT_CODE_DESC] = PJ_PAIR(where, KS_CODE_DESC, KS_NONE, "p.code DESC"),             \
        [SQ_PSORT_START] = PJ_PAIR(where, KS_START, KS_NONE, "p.start_date, p.code"),            \
        [SQ_PSORT_START_DESC] =                                                                  \
            PJ_PAIR(where, KS_START_D, KS_NONE, "p.start_date DESC, p.code DESC"),               \
        [SQ_PSORT_AMOUNT] =                                                                      \
            PJ_PAIR(where, KS_AMOUNT, KS_NONE_INT, "p.contract_amount_fen, p.code"),             \
        [SQ_PSORT_AMOUNT_DESC] =                                                                 \
            PJ_PAIR(where, KS_AMOUNT_D, KS_NONE_INT, "p.contract_amount_fen DESC, p.code DESC"), \
    }

/* [variant][sort][0: after a cursor, 1: first page] */
static const char *const SQL_PROJECTS[PV__N][SQ_PSORT__N][2] = {
    [PV_WALK] = PJ_SORTS(PJ_WHERE_WALK),
    [PV_RANGE] = PJ_SORTS(PJ_WHERE_RANGE),
    [PV_ENT] = PJ_SORTS(PJ_WHERE_ENT),
    [PV_GRAM] = PJ_SORTS(PJ_WHERE_GRAM),
};

/* A word whose rarest bigram is in at most this many names is looked up by
 * it; a commoner one is found sooner by walking the list in its order
 * (about limit x names / postings rows).  The two cost the same near
 * sqrt(51 x 50,000) ~ 1,600 postings on a province's projects. */
#define PJ_GRAM_CAP 2000
_Static_assert(SQ_GRAM_MAX == SC_GRAM_MAX, "one size of bigram");

static const char SQL_PROJECT_GRAM_DF[] =
    "SELECT count(*) FROM (SELECT 1 FROM project_grams WHERE gram = $1 LIMIT $2) x";

bool
sq_gram_searchable(const char *q)
{
    for (; *q != '\0'; q++)
        if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))
            return false;
    return true;
}

static int
first_int(void *ctx, const struct store_val *v, int n)
{
    int64_t *out = ctx;

    *out = n > 0 && v[0].t == STORE_INT ? v[0].i : 0;
    return 1;
}

int
sq_rarest_gram(struct store *st, const char *sql_df, const char (*grams)[SQ_GRAM_MAX], size_t n,
               int64_t cap, size_t *best, int64_t *df, struct zq_err *err)
{
    struct store_val p[2];
    int rc;

    *best = 0;
    *df = cap + 1;
    for (size_t i = 0; i < n; i++) {
        int64_t c = 0;
        p[0] = sq_text(grams[i]);
        p[1] = sq_int(*df);
        if ((rc = sq_run(st, sql_df, p, 2, first_int, &c, NULL, err)) < 0)
            return rc;
        if (c < *df) {
            *best = i;
            *df = c;
        }
    }
    return 0;
}

int
store_q_project_sort_col(enum sq_project_sort sort, bool *is_int)
{
    *is_int = sort == SQ_PSORT_AMOUNT || sort == SQ_PSORT_AMOUNT_DESC;
    switch (sort) {
    case SQ_PSORT_START:
    case SQ_PSORT_START_DESC:
        return 12;
    case SQ_PSORT_AMOUNT:
    case SQ_PSORT_AMOUNT_DESC:
        return 10;
    default:
        return SQ_PROJECT_CODE_COL;
    }
}

/* The intersection of [a_lo, a_hi] and [b_lo, b_hi] ("" b: no filter) into
 * lo and hi; false when it is empty. */
static bool
range_meet(const char *a_lo, const char *a_hi, const char *b_lo, const char *b_hi, char lo[10],
           char hi[10])
{
    bool filt = b_lo != NULL && b_lo[0] != '\0';

    snprintf(lo, 10, "%s", filt && strcmp(b_lo, a_lo) > 0 ? b_lo : a_lo);
    snprintf(hi, 10, "%s", filt && strcmp(b_hi, a_hi) < 0 ? b_hi : a_hi);
    return lo[0] != '\0' && strcmp(lo, hi) <= 0;
}

bool
sq_range_broad(const char *lo, const char *hi)
{
    return strncmp(lo, hi, 6) != 0;
}

int
store_q_projects(struct store *st, const struct store_scope *sc, const struct sq_project_filter *f,
                 const struct sq_page *pg, sq_row_fn fn, void *ctx, struct zq_err *err)
{
    struct store_val p[14];
    char like[260], lo[10], hi[10], grams[8][SC_GRAM_MAX];
    bool is_int;
    int sort = f->sort >= 0 && f->sort < SQ_PSORT__N ? (int)f->sort : SQ_PSORT_CODE, v, rc;
    size_t ng = 0, best = 0;
    int64_t df = 0;

    if (!range_meet(sc->region_lo, sc->region_hi, f->region_lo, f->region_hi, lo, hi))
        return 0; /* a filter outside the scope: nothing */
    v = sc->enterprise_id > 0 ? PV_ENT : sq_range_broad(lo, hi) ? PV_WALK : PV_RANGE;
    if (v == PV_WALK && f->q != NULL && f->q[0] != '\0' && sq_gram_searchable(f->q) &&
        (ng = store_clue_bigrams(f->q, strlen(f->q), grams, 0, 8)) > 0) {
        if ((rc = sq_rarest_gram(st, SQL_PROJECT_GRAM_DF, (const char(*)[SQ_GRAM_MAX])grams, ng,
                                 PJ_GRAM_CAP, &best, &df, err)) < 0)
            return rc;
        if (df <= PJ_GRAM_CAP)
            v = PV_GRAM;
    }
    (void)store_q_project_sort_col((enum sq_project_sort)sort, &is_int);
    sq_like(f->q, like, sizeof like);
    p[0] = sq_text(lo);
    p[1] = sq_text(hi);
    p[2] = sq_text(sc->industry);
    p[3] = sq_int(sc->enterprise_id);
    p[4] = sq_text(sq_nz(f->q));
    p[5] = sq_text(like);
    p[6] = sq_text(sq_nz(f->status));
    p[7] = sq_text(sq_nz(f->industry));
    p[8] = sq_text(sq_nz(f->funding));
    p[9] = sq_text(sq_nz(f->party_uscc));
    p[10] = is_int ? sq_int(pg->after ? pg->key_int : 0) : sq_text(pg->after ? sq_nz(pg->key) : "");
    p[11] = sq_text(pg->after ? sq_nz(pg->code) : "");
    p[12] = sq_int(pg->limit + 1);
    p[13] = sq_text(ng > 0 ? grams[best] : "");
    return sq_run_cols(st, SQL_PROJECTS[v][sort][pg->after ? 0 : 1], p, v == PV_GRAM ? 14 : 13,
                       project_cols, SQ_NCOLS(project_cols), fn, ctx, NULL, err);
}

static const struct sq_col project_detail_cols[] = {
    { "id", SQ_HIDDEN },
    { "code", SQ_TEXT },
    { "name", SQ_TEXT },
    { "province", SQ_TEXT },
    { "region_code", SQ_REGION },
    { "industry", SQ_TEXT },
    { "funding", SQ_TEXT },
    { "status", SQ_TEXT },
    { "builder_uscc", SQ_TEXT },
    { "builder_name", SQ_TEXT },
    { "contractor_uscc", SQ_TEXT },
    { "contractor_name", SQ_TEXT },
    { "contract_amount", SQ_MONEY },
    { "labor_cost_ratio", SQ_BP },
    { "contract_signed_on", SQ_TEXT },
    { "start_date", SQ_TEXT },
    { "planned_end", SQ_TEXT },
    { "wage_clerk", SQ_TEXT },
    { "notice_board", SQ_BOOL },
    { "registered_workers", SQ_INT },
    { "created_at", SQ_TS },
    { "updated_at", SQ_TS },
};

static const char SQL_PROJECT[] =
    "SELECT p.id, p.code, p.name, p.province, p.region_code, p.industry, p.funding, p.status, "
    "b.uscc, b.name, c.uscc, c.name, p.contract_amount_fen, p.labor_cost_bp, "
    "p.contract_signed_on, p.start_date, p.planned_end, p.wage_clerk, p.notice_board, "
    "(SELECT count(*) FROM employment m WHERE m.project_id = p.id), p.created_at, "
    "p.updated_at" PJ_FROM SCOPE_P("p") " AND p.code = $5";

static const char SQL_PROJECT_ID[] =
    "SELECT p.id FROM projects p WHERE " SCOPE_P("p") " AND "
                                                      "p.code = $5";

int
store_q_project(struct store *st, const struct store_scope *sc, const char *code, sq_row_fn fn,
                void *ctx, bool *found, struct zq_err *err)
{
    struct store_val p[5];
    long rows = 0;
    int rc;

    sq_scope_params(sc, p);
    p[4] = sq_text(code);
    rc = sq_run_cols(st, SQL_PROJECT, p, 5, project_detail_cols, SQ_NCOLS(project_detail_cols), fn,
                     ctx, &rows, err);
    *found = rows > 0;
    return rc;
}

int
store_q_project_id(struct store *st, const struct store_scope *sc, const char *code, int64_t *id,
                   struct zq_err *err)
{
    struct store_val p[5];
    int rc;

    *id = 0;
    sq_scope_params(sc, p);
    p[4] = sq_text(code);
    if ((rc = sq_run(st, SQL_PROJECT_ID, p, 5, first_int, id, NULL, err)) < 0)
        return rc;
    if (*id == 0)
        return zq_err_set(err, ZQ_ENOTFOUND, "项目不存在或不在您的管辖范围内");
    return 0;
}

/* ---------------------------------------------------------------- project parts */

static const struct sq_col subcontract_cols[] = {
    { "subcontractor_uscc", SQ_TEXT },
    { "subcontractor_name", SQ_TEXT },
    { "kind", SQ_TEXT },
    { "amount", SQ_MONEY },
    { "start_date", SQ_TEXT },
};
static const char SQL_SUBCONTRACTS[] =
    "SELECT e.uscc, e.name, s.kind, s.amount_fen, s.start_date FROM subcontracts s "
    "JOIN enterprises e ON e.id = s.subcontractor_id WHERE s.project_id = $1 "
    "ORDER BY s.start_date, e.uscc";

static const struct sq_col account_cols[] = {
    { "bank", SQ_TEXT },        { "account_no_masked", SQ_TEXT }, { "opened_on", SQ_TEXT },
    { "inflow", SQ_MONEY },     { "outflow", SQ_MONEY },          { "balance", SQ_MONEY },
    { "last_txn_on", SQ_TEXT },
};
static const char SQL_ACCOUNT[] =
    "SELECT w.bank, w.account_no_masked, w.opened_on, "
    "coalesce((SELECT sum(t.amount_fen) FROM account_txns t WHERE t.account_id = w.id AND "
    "t.direction = '收入'), 0), "
    "coalesce((SELECT sum(t.amount_fen) FROM account_txns t WHERE t.account_id = w.id AND "
    "t.direction = '支出'), 0), "
    "coalesce((SELECT sum(CASE WHEN t.direction = '收入' THEN t.amount_fen ELSE -t.amount_fen "
    "END) FROM account_txns t WHERE t.account_id = w.id), 0), "
    "(SELECT max(t.txn_date) FROM account_txns t WHERE t.account_id = w.id) "
    "FROM wage_accounts w WHERE w.project_id = $1";

static const struct sq_col deposit_cols[] = {
    { "form", SQ_TEXT },         { "contractor_uscc", SQ_TEXT }, { "amount", SQ_MONEY },
    { "deposited_on", SQ_TEXT }, { "expires_on", SQ_TEXT },      { "status", SQ_TEXT },
    { "returned_on", SQ_TEXT },
};
static const char SQL_DEPOSITS[] =
    "SELECT d.form, e.uscc, d.amount_fen, d.deposited_on, d.expires_on, d.status, "
    "d.returned_on FROM deposits d JOIN enterprises e ON e.id = d.contractor_id "
    "WHERE d.project_id = $1 ORDER BY d.deposited_on, d.id";

static const struct sq_col month_cols[] = {
    { "month", SQ_TEXT },        { "attendees", SQ_INT },        { "attendance_days", SQ_INT },
    { "payroll_lines", SQ_INT }, { "payroll_workers", SQ_INT },  { "wage_due", SQ_MONEY },
    { "deductions", SQ_MONEY },  { "wage_paid", SQ_MONEY },      { "unpaid_lines", SQ_INT },
    { "unpaid", SQ_MONEY },      { "offchannel_lines", SQ_INT }, { "inflow", SQ_MONEY },
    { "payout", SQ_MONEY },
};
static const char SQL_MONTHS[] =
    "SELECT month, attendees, attendance_days, payroll_lines, payroll_workers, wage_due_fen, "
    "deductions_fen, wage_paid_fen, unpaid_lines, unpaid_fen, offchannel_lines, inflow_fen, "
    "payout_fen FROM project_months WHERE project_id = $1 ORDER BY month DESC LIMIT 24";

static const struct sq_col roster_cols[] = {
    { "row_id", SQ_HIDDEN },         { "worker_id", SQ_INT },     { "name", SQ_TEXT },
    { "id_number_masked", SQ_TEXT }, { "phone_masked", SQ_TEXT }, { "employer_uscc", SQ_TEXT },
    { "employer_name", SQ_TEXT },    { "team", SQ_TEXT },         { "trade", SQ_TEXT },
    { "contract_signed", SQ_BOOL },  { "entered_on", SQ_TEXT },   { "left_on", SQ_TEXT },
};
static const char SQL_ROSTER[] =
    "SELECT m.id, w.id, m.name, w.id_masked, w.phone_masked, e.uscc, e.name, m.team, m.trade, "
    "m.contract_signed, m.entered_on, m.left_on FROM employment m "
    "JOIN workers w ON w.id = m.worker_id JOIN enterprises e ON e.id = m.employer_id "
    "WHERE m.project_id = $1 AND m.id > $2 ORDER BY m.id LIMIT $3";

static const struct sq_col txn_cols[] = {
    { "row_id", SQ_HIDDEN }, { "txn_date", SQ_TEXT }, { "direction", SQ_TEXT },
    { "kind", SQ_TEXT },     { "amount", SQ_MONEY },  { "counterparty", SQ_TEXT },
    { "ref", SQ_TEXT },
};
static const char SQL_TXNS[] =
    "SELECT t.id, t.txn_date, t.direction, t.kind, t.amount_fen, t.counterparty, t.ref "
    "FROM account_txns t WHERE t.project_id = $1 AND (CAST($2 AS BIGINT) = 0 OR t.id < $2) "
    "ORDER BY t.id DESC LIMIT $3";

static const struct sq_col payroll_cols[] = {
    { "row_id", SQ_HIDDEN },         { "month", SQ_TEXT },
    { "worker_id", SQ_INT },         { "name", SQ_TEXT },
    { "id_number_masked", SQ_TEXT }, { "employer_uscc", SQ_TEXT },
    { "days_worked", SQ_INT },       { "wage_due", SQ_MONEY },
    { "deductions", SQ_MONEY },      { "wage_paid", SQ_MONEY },
    { "paid_on", SQ_TEXT },          { "channel", SQ_TEXT },
    { "confirmed", SQ_BOOL },
};
static const char SQL_PAYROLL[] =
    "SELECT y.id, y.month, y.worker_id, y.name, w.id_masked, e.uscc, y.days_worked, "
    "y.wage_due_fen, y.deductions_fen, y.wage_paid_fen, y.paid_on, y.channel, y.confirmed "
    "FROM payroll y JOIN workers w ON w.id = y.worker_id JOIN enterprises e ON e.id = "
    "y.employer_id WHERE y.project_id = $1 AND ($2 = '' OR y.month = $2) AND y.id > $3 "
    "ORDER BY y.id LIMIT $4";

int
store_q_project_part(struct store *st, enum sq_project_part part, int64_t project_id,
                     const char *month, const struct sq_page *pg, sq_row_fn fn, void *ctx,
                     struct zq_err *err)
{
    struct store_val p[4] = { sq_int(project_id) };
    int64_t after = pg != NULL && pg->after ? pg->after_id : 0;
    int64_t limit = pg != NULL ? pg->limit + 1 : 1001;

    switch (part) {
    case SQ_PART_SUBCONTRACTS:
        return sq_run_cols(st, SQL_SUBCONTRACTS, p, 1, subcontract_cols, SQ_NCOLS(subcontract_cols),
                           fn, ctx, NULL, err);
    case SQ_PART_ACCOUNT:
        return sq_run_cols(st, SQL_ACCOUNT, p, 1, account_cols, SQ_NCOLS(account_cols), fn, ctx,
                           NULL, err);
    case SQ_PART_DEPOSITS:
        return sq_run_cols(st, SQL_DEPOSITS, p, 1, deposit_cols, SQ_NCOLS(deposit_cols), fn, ctx,
                           NULL, err);
    case SQ_PART_MONTHS:
        return sq_run_cols(st, SQL_MONTHS, p, 1, month_cols, SQ_NCOLS(month_cols), fn, ctx, NULL,
                           err);
    case SQ_PART_ROSTER:
        p[1] = sq_int(after);
        p[2] = sq_int(limit);
        return sq_run_cols(st, SQL_ROSTER, p, 3, roster_cols, SQ_NCOLS(roster_cols), fn, ctx, NULL,
                           err);
    case SQ_PART_TXNS:
        p[1] = sq_int(after);
        p[2] = sq_int(limit);
        return sq_run_cols(st, SQL_TXNS, p, 3, txn_cols, SQ_NCOLS(txn_cols), fn, ctx, NULL, err);
    case SQ_PART_PAYROLL:
        p[1] = sq_text(sq_nz(month));
        p[2] = sq_int(after);
        p[3] = sq_int(limit);
        return sq_run_cols(st, SQL_PAYROLL, p, 4, payroll_cols, SQ_NCOLS(payroll_cols), fn, ctx,
                           NULL, err);
    case SQ_PART__N:
        break;
    }
    return zq_err_set(err, ZQ_EINTERNAL, "未知的项目数据部分");
}

/* ---------------------------------------------------------------- health */

static const char SQL_PING[] = "SELECT 1";
static const char SQL_WARNING_LEVELS[] =
    "SELECT level, count(*) FROM warnings WHERE status NOT IN ('resolved', 'dismissed') "
    "GROUP BY level";

int
store_q_ping(struct store *st, struct zq_err *err)
{
    return sq_run(st, SQL_PING, NULL, 0, NULL, NULL, NULL, err);
}

static int
level_row(void *ctx, const struct store_val *v, int n)
{
    int64_t *counts = ctx;
    static const char *const levels[3] = { "red", "orange", "yellow" };

    if (n < 2 || v[0].t != STORE_TEXT)
        return 0;
    for (int i = 0; i < 3; i++)
        if (v[0].n == strlen(levels[i]) && memcmp(v[0].p, levels[i], v[0].n) == 0)
            counts[i] = v[1].i;
    return 0;
}

int
store_q_warning_levels(struct store *st, int64_t counts[3], struct zq_err *err)
{
    counts[0] = counts[1] = counts[2] = 0;
    return sq_run(st, SQL_WARNING_LEVELS, NULL, 0, level_row, counts, NULL, err);
}
