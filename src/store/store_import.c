/*
 * store_import.c - SQL of the bulk imports (see store_import.h).
 *
 * The generic upsert is table-driven: each table lists its columns with
 * flags, and the three statements it needs (insert-if-absent, select by
 * natural key, update by id) are built once per process from that list into
 * static buffers (store_prepare caches statements by the address of their
 * text).  The insert comes first because a first import is the common case:
 * one statement per line; a re-import costs a select and, only when a value
 * changed, an update.
 */
#include "store/store_import.h"
#include "store/store_import_int.h"

#include <assert.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"

#define COLS(...)        \
    (const struct col[]) \
    {                    \
        __VA_ARGS__      \
    }
#define NC(...) ((int)(sizeof((const struct col[]){ __VA_ARGS__ }) / sizeof(struct col)))
#define TABLE(t, conf, has_ts, ...)                                                  \
    {                                                                                \
        .table = (t), .conflict = (conf), .ts = (has_ts), .cols = COLS(__VA_ARGS__), \
        .ncols = NC(__VA_ARGS__)                                                     \
    }

static struct tdef tdefs[SIMP__TABLES] = {
    [SIMP_ENTERPRISES] = TABLE("enterprises", "uscc", true, { "uscc", K }, { "name", 0 },
                               { "kind", 0 }, { "legal_rep", 0 }, { "region_code", 0 },
                               { "phone_enc", E }, { "phone_hash", 0 }, { "phone_masked", 0 }),
    [SIMP_PROJECTS] =
        TABLE("projects", "code", true, { "code", K }, { "name", 0 }, { "province", 0 },
              { "region_code", 0 }, { "industry", 0 }, { "funding", 0 }, { "builder_id", 0 },
              { "contractor_id", 0 }, { "contract_amount_fen", 0 }, { "labor_cost_bp", 0 },
              { "contract_signed_on", 0 }, { "start_date", 0 }, { "planned_end", 0 },
              { "status", 0 }, { "wage_clerk", 0 }, { "notice_board", 0 }),
    [SIMP_SUBCONTRACTS] = TABLE("subcontracts", "project_id, subcontractor_id", true,
                                { "project_id", K }, { "subcontractor_id", K }, { "province", 0 },
                                { "kind", 0 }, { "amount_fen", 0 }, { "start_date", 0 }),
    [SIMP_ACCOUNTS] =
        TABLE("wage_accounts", "project_id", true, { "project_id", K }, { "province", 0 },
              { "bank", 0 }, { "account_no_enc", E }, { "account_no_hash", 0 },
              { "account_no_masked", 0 }, { "opened_on", 0 }),
    [SIMP_DEPOSITS] = TABLE("deposits", "project_id, form, deposited_on", true, { "project_id", K },
                            { "form", K }, { "deposited_on", K }, { "contractor_id", 0 },
                            { "province", 0 }, { "amount_fen", 0 }, { "expires_on", 0 }),
    [SIMP_EMPLOYMENT] =
        TABLE("employment", "project_id, worker_id", true, { "project_id", K }, { "worker_id", K },
              { "employer_id", 0 }, { "province", 0 }, { "name", 0 }, { "team", 0 }, { "trade", 0 },
              { "contract_signed", 0 }, { "entered_on", 0 }, { "left_on", 0 }),
    [SIMP_PAYROLL] =
        TABLE("payroll", "project_id, month, employer_id, worker_id", false, { "project_id", K },
              { "month", K }, { "employer_id", K }, { "worker_id", K }, { "province", 0 },
              { "name", 0 }, { "days_worked", 0 }, { "wage_due_fen", 0 }, { "deductions_fen", 0 },
              { "wage_paid_fen", 0 }, { "paid_on", 0 }, { "channel", 0 }, { "confirmed", 0 }),
    [SIMP_TXNS] =
        TABLE("account_txns", "account_id, ref", false, { "account_id", K }, { "ref", K },
              { "project_id", 0 }, { "province", 0 }, { "txn_date", 0 }, { "direction", 0 },
              { "kind", 0 }, { "amount_fen", 0 }, { "counterparty", 0 }),
    [SIMP_DISBURSEMENTS] =
        TABLE("disbursements", "account_id, ref, worker_id", false, { "account_id", K },
              { "ref", K }, { "worker_id", K }, { "project_id", 0 }, { "province", 0 },
              { "name", 0 }, { "card_no_enc", E }, { "card_no_hash", 0 }, { "card_no_masked", 0 },
              { "amount_fen", 0 }, { "paid_on", 0 }, { "status", 0 }),
    [SIMP_PAYMENTS] = TABLE("payments", "project_id, ref", false, { "project_id", K }, { "ref", K },
                            { "province", 0 }, { "payer_id", 0 }, { "payee_id", 0 }, { "kind", 0 },
                            { "amount_fen", 0 }, { "due_on", 0 }, { "paid_on", 0 }),
    [SIMP_CASES] =
        TABLE("cases", "case_no", true, { "case_no", K }, { "origin", I }, { "deadline_on", I },
              { "province", 0 }, { "region_code", 0 }, { "debtor_id", 0 }, { "debtor_uscc", 0 },
              { "debtor_name", 0 }, { "project_id", 0 }, { "status", 0 }, { "filed_on", 0 },
              { "people", 0 }, { "amount_fen", 0 }, { "period_from", 0 }, { "closed_on", 0 },
              { "result", 0 }),
    [SIMP_BLACKLIST] =
        TABLE("blacklist", "uscc, list, decided_on", true, { "uscc", K }, { "list", K },
              { "decided_on", K }, { "source", I }, { "status", I }, { "enterprise_id", 0 },
              { "name", 0 }, { "decided_by", 0 }, { "expires_on", 0 }, { "reason", 0 }),
    [SIMP_CLUES] =
        TABLE("clues", "channel, external_id", true, { "channel", K }, { "external_id", K },
              { "ticket", I }, { "first_region_code", I }, { "status", I }, { "accept_by", I },
              { "received_at", 0 }, { "province", 0 }, { "region_code", I }, { "dept", I },
              { "complainant", 0 }, { "complainant_id_enc", E }, { "complainant_id_hash", 0 },
              { "complainant_id_masked", 0 }, { "phone_enc", E }, { "phone_hash", 0 },
              { "phone_masked", 0 }, { "respondent", 0 }, { "respondent_uscc", 0 },
              { "respondent_id", 0 }, { "project_id", 0 }, { "project_code", 0 },
              { "project_name", 0 }, { "nature", 0 }, { "people", 0 }, { "amount_fen", 0 },
              { "period_from", 0 }, { "period_to", 0 }, { "description", 0 }),
};

/* The enumerations in store_import.h must match the tables above. */
static const int tdef_ncols[SIMP__TABLES] = {
    [SIMP_ENTERPRISES] = EN__N, [SIMP_PROJECTS] = PJ__N, [SIMP_SUBCONTRACTS] = SC__N,
    [SIMP_ACCOUNTS] = AC__N,    [SIMP_DEPOSITS] = DP__N, [SIMP_EMPLOYMENT] = EM__N,
    [SIMP_PAYROLL] = PR__N,     [SIMP_TXNS] = TX__N,     [SIMP_DISBURSEMENTS] = DB__N,
    [SIMP_PAYMENTS] = PM__N,    [SIMP_CASES] = CS__N,    [SIMP_BLACKLIST] = BL__N,
    [SIMP_CLUES] = CL__N,
};

static pthread_once_t tdefs_once = PTHREAD_ONCE_INIT;

/* Append printf output to the fixed buffer; the buffers are sized for the
 * widest table with room to spare, so truncation is a bug. */
void
simp_cat(char *buf, size_t cap, const char *fmt, ...)
{
    size_t len = strlen(buf);
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf + len, cap - len, fmt, ap);
    va_end(ap);
    assert(n >= 0 && (size_t)n < cap - len);
    (void)n;
}

static void
build_one(struct tdef *d)
{
    int p = 0;

    d->nkeys = 0;
    while (d->nkeys < d->ncols && (d->cols[d->nkeys].flags & K))
        d->nkeys++;

    simp_cat(d->ins, sizeof d->ins, "INSERT INTO %s (", d->table);
    for (int c = 0; c < d->ncols; c++)
        simp_cat(d->ins, sizeof d->ins, "%s%s", c ? ", " : "", d->cols[c].name);
    if (d->ts)
        simp_cat(d->ins, sizeof d->ins, ", created_at, updated_at");
    simp_cat(d->ins, sizeof d->ins, ") VALUES (");
    for (int c = 0; c < d->ncols; c++)
        simp_cat(d->ins, sizeof d->ins, "%s$%d", c ? ", " : "", c + 1);
    if (d->ts)
        simp_cat(d->ins, sizeof d->ins, ", $%d, $%d", d->ncols + 1, d->ncols + 1);
    simp_cat(d->ins, sizeof d->ins, ") ON CONFLICT (%s) DO NOTHING", d->conflict);

    simp_cat(d->many, sizeof d->many, "INSERT INTO %s (", d->table);
    for (int c = 0; c < d->ncols; c++)
        simp_cat(d->many, sizeof d->many, "%s%s", c ? ", " : "", d->cols[c].name);
    simp_cat(d->many, sizeof d->many, "%s) VALUES ", d->ts ? ", created_at, updated_at" : "");
    for (int r = 0, pn = 1; r < SIMP_CHUNK; r++) {
        simp_cat(d->many, sizeof d->many, "%s(", r ? ", " : "");
        for (int c = 0; c < d->ncols; c++, pn++)
            simp_cat(d->many, sizeof d->many, "%s$%d", c ? ", " : "", pn);
        if (d->ts)
            simp_cat(d->many, sizeof d->many, ", $%d, $%d", SIMP_CHUNK * d->ncols + 1,
                     SIMP_CHUNK * d->ncols + 1);
        simp_cat(d->many, sizeof d->many, ")");
    }
    simp_cat(d->many, sizeof d->many, " ON CONFLICT (%s) DO NOTHING", d->conflict);

    simp_cat(d->sel, sizeof d->sel, "SELECT id");
    for (int c = d->nkeys; c < d->ncols; c++)
        if (!(d->cols[c].flags & (I | E)))
            simp_cat(d->sel, sizeof d->sel, ", %s", d->cols[c].name);
    simp_cat(d->sel, sizeof d->sel, " FROM %s WHERE ", d->table);
    simp_cat(d->max, sizeof d->max, "SELECT coalesce(max(id), 0) FROM %s", d->table);
    for (int c = 0; c < d->nkeys; c++)
        simp_cat(d->sel, sizeof d->sel, "%s%s = $%d", c ? " AND " : "", d->cols[c].name, c + 1);

    simp_cat(d->upd, sizeof d->upd, "UPDATE %s SET ", d->table);
    p = 2;
    for (int c = d->nkeys; c < d->ncols; c++)
        if (!(d->cols[c].flags & I)) {
            simp_cat(d->upd, sizeof d->upd, "%s%s = $%d", p > 2 ? ", " : "", d->cols[c].name, p);
            p++;
        }
    if (d->ts)
        simp_cat(d->upd, sizeof d->upd, ", updated_at = $%d", p);
    simp_cat(d->upd, sizeof d->upd, " WHERE id = $1");
}

static void
build_all(void)
{
    for (int t = 0; t < SIMP__TABLES; t++) {
        assert(tdefs[t].ncols == tdef_ncols[t]);
        build_one(&tdefs[t]);
        simp_stage_build(&tdefs[t]);
    }
}

struct tdef *
simp_tdef(enum simp_table t)
{
    pthread_once(&tdefs_once, build_all);
    return &tdefs[t];
}

int
store_simp_nkeys(enum simp_table t)
{
    return simp_tdef(t)->nkeys;
}

int
store_simp_ncols(enum simp_table t)
{
    return simp_tdef(t)->ncols;
}

/* Whether column col of the current row equals v. */
static bool
same_value(struct store_stmt *s, int col, const struct store_val *v)
{
    enum store_type ct = store_column_type(s, col);
    const void *p;
    size_t n = 0;

    switch (v->t) {
    case STORE_NULL:
        return ct == STORE_NULL;
    case STORE_INT:
        return ct != STORE_NULL && store_column_int(s, col) == v->i;
    case STORE_TEXT:
        if (ct == STORE_NULL)
            return false;
        p = store_column_text(s, col, &n);
        return n == v->n && (n == 0 || memcmp(p, v->p, n) == 0);
    case STORE_BLOB:
        if (ct == STORE_NULL)
            return false;
        p = store_column_blob(s, col, &n);
        return n == v->n && (n == 0 || memcmp(p, v->p, n) == 0);
    }
    return false;
}

static int
bind_range(struct store_stmt *s, int first_param, const struct store_val *vals, int from, int to)
{
    /* every caller runs the statement before vals goes: borrow, do not copy */
    for (int c = from; c < to; c++)
        if (store_bind_val_ref(s, first_param + (c - from), &vals[c]) < 0)
            return ZQ_EDB;
    return 0;
}

/* Select by key: *id (0 when absent) and whether every compared column
 * equals vals. */
static int
select_key(struct store *st, struct tdef *d, const struct store_val *vals, int64_t *id, bool *same,
           struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    *id = 0;
    *same = true;
    if ((rc = store_prepare(st, d->sel, &s, err)) < 0)
        return rc;
    if (bind_range(s, 1, vals, 0, d->nkeys) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
        int col = 1;
        *id = store_column_int(s, 0);
        for (int c = d->nkeys; c < d->ncols; c++) {
            if (d->cols[c].flags & (I | E))
                continue;
            if (!same_value(s, col++, &vals[c])) {
                *same = false;
                break;
            }
        }
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

static int
update_row(struct store *st, struct tdef *d, int64_t id, const struct store_val *vals, int64_t now,
           struct zq_err *err)
{
    struct store_stmt *s;
    int p = 2;
    int rc;

    if ((rc = store_prepare(st, d->upd, &s, err)) < 0)
        return rc;
    rc = store_bind_int(s, 1, id);
    for (int c = d->nkeys; c < d->ncols && rc == 0; c++)
        if (!(d->cols[c].flags & I))
            rc = store_bind_val(s, p++, &vals[c]);
    if (rc == 0 && d->ts)
        rc = store_bind_int(s, p, now);
    if (rc < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    return store_run(s, err);
}

int
store_simp_bulk(struct store *st, bool on, struct zq_err *err)
{
    if (store_dialect(st) != STORE_SQLITE)
        return 0;
    return store_exec(st, on ? "PRAGMA foreign_keys = OFF" : "PRAGMA foreign_keys = ON", err);
}

int
store_simp_max_id(struct store *st, enum simp_table t, int64_t *max, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    *max = 0;
    if ((rc = store_prepare(st, simp_tdef(t)->max, &s, err)) < 0)
        return rc;
    rc = store_step(s, err);
    if (rc == STORE_ROW)
        *max = store_column_int(s, 0);
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

int
store_simp_upsert(struct store *st, enum simp_table t, const struct store_val *vals, int64_t now,
                  struct simp_seen *seen, int64_t *id, enum simp_outcome *out, struct zq_err *err)
{
    struct tdef *d = simp_tdef(t);
    struct store_stmt *s;
    bool same;
    int rc;

    /* No RETURNING: in SQLite it costs as much as the insert itself.  A new
     * row's id is not needed: any id above seen->max_before was inserted by
     * this import, so meeting it again means a duplicate line. */
    *id = 0;
    if ((rc = store_prepare(st, d->ins, &s, err)) < 0)
        return rc;
    rc = bind_range(s, 1, vals, 0, d->ncols);
    if (rc == 0 && d->ts)
        rc = store_bind_int(s, d->ncols + 1, now);
    if (rc < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    if ((rc = store_run(s, err)) < 0)
        return rc;
    if (store_changes(st) > 0) {
        *out = SIMP_NEW;
        return 0;
    }
    if ((rc = select_key(st, d, vals, id, &same, err)) < 0)
        return rc;
    if (*id == 0)
        return zq_err_set(err, ZQ_EINTERNAL, "%s：插入冲突但按业务主键查不到该行", d->table);
    if (seen != NULL && (*id > seen->max_before || bitset_test_set(&seen->ids, (uint64_t)*id))) {
        *out = SIMP_DUP;
        return 0;
    }
    if (same) {
        *out = SIMP_SAME;
        return 0;
    }
    if ((rc = update_row(st, d, *id, vals, now, err)) < 0)
        return rc;
    *out = SIMP_UPDATED;
    return 0;
}

/* One INSERT of a full chunk; *all_new tells whether every row went in. */
static int
insert_chunk(struct store *st, struct tdef *d, const struct store_val *rows, int64_t now,
             bool *all_new, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, d->many, &s, err)) < 0)
        return rc;
    rc = bind_range(s, 1, rows, 0, SIMP_CHUNK * d->ncols);
    if (rc == 0 && d->ts)
        rc = store_bind_int(s, SIMP_CHUNK * d->ncols + 1, now);
    if (rc < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    if ((rc = store_run(s, err)) < 0)
        return rc;
    *all_new = store_changes(st) == SIMP_CHUNK;
    return 0;
}

int
store_simp_upsert_many(struct store *st, enum simp_table t, const struct store_val *rows, size_t n,
                       int64_t now, struct simp_seen *seen, enum simp_outcome *out,
                       struct zq_err *err)
{
    struct tdef *d = simp_tdef(t);
    bool all_new = false;
    int64_t id;
    int rc;

    /* After a chunk that was not all new (a re-import), the next ones are
     * most likely not either: go row by row for a while. */
    if (n == SIMP_CHUNK && seen != NULL && seen->chunk_skip > 0)
        seen->chunk_skip--;
    else if (n == SIMP_CHUNK) {
        if ((rc = store_begin(st, err)) < 0)
            return rc;
        rc = insert_chunk(st, d, rows, now, &all_new, err);
        if (rc < 0 || !all_new) {
            store_rollback(st);
            if (rc < 0)
                return rc;
            if (seen != NULL)
                seen->chunk_skip = 16;
        } else if ((rc = store_commit(st, err)) < 0) {
            return rc;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (all_new) {
            out[i] = SIMP_NEW;
            continue;
        }
        rc = store_simp_upsert(st, t, rows + i * (size_t)d->ncols, now, seen, &id, &out[i], err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int
store_simp_find(struct store *st, enum simp_table t, const struct store_val *vals, int64_t *id,
                struct zq_err *err)
{
    struct tdef *d = simp_tdef(t);
    struct store_stmt *s;
    int rc;

    *id = 0;
    if ((rc = store_prepare(st, d->sel, &s, err)) < 0)
        return rc;
    if (bind_range(s, 1, vals, 0, d->nkeys) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    rc = store_step(s, err);
    if (rc == STORE_ROW)
        *id = store_column_int(s, 0);
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------ look-ups */

static const char sql_project[] =
    "SELECT id, province, region_code, industry, status, builder_id, contractor_id "
    "FROM projects WHERE code = $1";
static const char sql_enterprise[] = "SELECT id FROM enterprises WHERE uscc = $1";
static const char sql_account[] =
    "SELECT id, project_id, province FROM wage_accounts WHERE account_no_hash = $1";
static const char sql_party[] =
    "SELECT 1 FROM projects WHERE id = $1 AND (builder_id = $2 OR contractor_id = $2) "
    "UNION ALL SELECT 1 FROM subcontracts WHERE project_id = $1 AND subcontractor_id = $2";

static void
copy_col(struct store_stmt *s, int col, char *out, size_t cap)
{
    size_t n = 0;
    const char *p = store_column_text(s, col, &n);

    if (n >= cap)
        n = cap - 1;
    memcpy(out, p, n);
    out[n] = '\0';
}

int
store_simp_project(struct store *st, const char *code, size_t len, struct simp_project *p,
                   bool *found, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    *found = false;
    if ((rc = store_prepare(st, sql_project, &s, err)) < 0)
        return rc;
    if (store_bind_text(s, 1, code, len) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
        *found = true;
        p->id = store_column_int(s, 0);
        copy_col(s, 1, p->province, sizeof p->province);
        copy_col(s, 2, p->region, sizeof p->region);
        copy_col(s, 3, p->industry, sizeof p->industry);
        copy_col(s, 4, p->status, sizeof p->status);
        p->builder_id = store_column_int(s, 5);
        p->contractor_id = store_column_int(s, 6);
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Run a one-parameter query and take the first two integer columns. */
static int
lookup2(struct store *st, const char *sql, const struct store_val *key, int64_t *a, int64_t *b,
        struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    *a = 0;
    if (b != NULL)
        *b = 0;
    if ((rc = store_prepare(st, sql, &s, err)) < 0)
        return rc;
    if (store_bind_val(s, 1, key) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
        *a = store_column_int(s, 0);
        if (b != NULL)
            *b = store_column_int(s, 1);
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

int
store_simp_enterprise(struct store *st, const char *uscc, int64_t *id, struct zq_err *err)
{
    struct store_val v = { .t = STORE_TEXT, .p = uscc, .n = strlen(uscc) };
    return lookup2(st, sql_enterprise, &v, id, NULL, err);
}

int
store_simp_account(struct store *st, const unsigned char *hash, size_t hlen, struct simp_account *a,
                   struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    memset(a, 0, sizeof *a);
    if ((rc = store_prepare(st, sql_account, &s, err)) < 0)
        return rc;
    if (store_bind_blob(s, 1, hash, hlen) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
        a->id = store_column_int(s, 0);
        a->project_id = store_column_int(s, 1);
        copy_col(s, 2, a->province, sizeof a->province);
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

int
store_simp_party(struct store *st, int64_t project_id, int64_t enterprise_id, bool *yes,
                 struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    *yes = false;
    if ((rc = store_prepare(st, sql_party, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, project_id) < 0 || store_bind_int(s, 2, enterprise_id) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    rc = store_step(s, err);
    *yes = rc == STORE_ROW;
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------ workers */

static const char sql_worker_get[] = "SELECT id, name, phone_hash FROM workers WHERE id_hash = $1";
#define SQL_WORKER_INS                                                                             \
    "INSERT INTO workers (id_hash, id_enc, id_masked, name, phone_enc, phone_hash, phone_masked, " \
    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)"
static const char sql_worker_ins[] = SQL_WORKER_INS " RETURNING id";
/* SQLite: RETURNING keeps its rows in a temporary table built afresh for
 * every run, which costs about as much as the insert; the new row's id is
 * the connection's last rowid. */
static const char sql_worker_ins_sqlite[] = SQL_WORKER_INS;
static const char sql_last_rowid[] = "SELECT last_insert_rowid()";
static const char sql_worker_upd[] =
    "UPDATE workers SET name = $2, phone_enc = COALESCE($3, phone_enc), "
    "phone_hash = COALESCE($4, phone_hash), phone_masked = COALESCE($5, phone_masked), "
    "updated_at = $6 WHERE id = $1";

static int
worker_update(struct store *st, int64_t id, const struct store_val *w, const char *name,
              size_t nlen, bool phone, int64_t now, struct zq_err *err)
{
    struct store_val none = { .t = STORE_NULL };
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, sql_worker_upd, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, id) < 0 || store_bind_text(s, 2, name, nlen) < 0 ||
        store_bind_val(s, 3, phone ? &w[WK_PHONE_ENC] : &none) < 0 ||
        store_bind_val(s, 4, phone ? &w[WK_PHONE_HASH] : &none) < 0 ||
        store_bind_val(s, 5, phone ? &w[WK_PHONE_MASKED] : &none) < 0 ||
        store_bind_int(s, 6, now) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    return store_run(s, err);
}

int
store_simp_worker(struct store *st, const struct store_val *w, bool authoritative, int64_t now,
                  int64_t *id, struct zq_err *err)
{
    struct store_stmt *s;
    char name[256];
    bool found = false, name_differs = false, phone_differs = false, sqlite;
    int rc;

    if ((rc = store_prepare(st, sql_worker_get, &s, err)) < 0)
        return rc;
    if (store_bind_val(s, 1, &w[WK_HASH]) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
        found = true;
        *id = store_column_int(s, 0);
        copy_col(s, 1, name, sizeof name);
        name_differs = strlen(name) != w[WK_NAME].n ||
                       (w[WK_NAME].n > 0 && memcmp(name, w[WK_NAME].p, w[WK_NAME].n) != 0);
        phone_differs = w[WK_PHONE_HASH].t != STORE_NULL && !same_value(s, 2, &w[WK_PHONE_HASH]);
    }
    store_stmt_done(s);
    if (rc < 0)
        return rc;
    if (found) {
        if (authoritative && w[WK_NAME].n > 0 && (name_differs || phone_differs))
            return worker_update(st, *id, w, w[WK_NAME].p, w[WK_NAME].n, phone_differs, now, err);
        if (!authoritative && name[0] == '\0' && w[WK_NAME].n > 0)
            return worker_update(st, *id, w, w[WK_NAME].p, w[WK_NAME].n, false, now, err);
        return 0;
    }
    sqlite = store_dialect(st) == STORE_SQLITE;
    if ((rc = store_prepare(st, sqlite ? sql_worker_ins_sqlite : sql_worker_ins, &s, err)) < 0)
        return rc;
    rc = bind_range(s, 1, w, 0, WK__N);
    if (rc == 0)
        rc = store_bind_int(s, WK__N + 1, now);
    if (rc < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    if (sqlite) {
        if ((rc = store_run(s, err)) < 0 || (rc = store_prepare(st, sql_last_rowid, &s, err)) < 0)
            return rc;
    }
    rc = store_step(s, err);
    if (rc == STORE_ROW)
        *id = store_column_int(s, 0);
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------ attendance */

static const char sql_att_ins[] =
    "INSERT INTO attendance (project_id, month, worker_id, province, days, ndays, hours_x10) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) "
    "ON CONFLICT (project_id, month, worker_id) DO NOTHING";
static const char sql_att_get[] = "SELECT days, hours_x10 FROM attendance WHERE project_id = $1 "
                                  "AND month = $2 AND worker_id = $3";
static const char sql_att_upd[] = "UPDATE attendance SET days = $4, ndays = $5, hours_x10 = $6 "
                                  "WHERE project_id = $1 AND month = $2 AND worker_id = $3";

static int
popcount32(uint32_t v)
{
    return __builtin_popcount(v);
}

bool
simp_att_merge(const struct simp_att *a, uint32_t days0, uint8_t hours[31], bool had_hours,
               uint32_t *days, int *new_days, int *upd_days)
{
    bool changed;

    *days = days0 | a->days;
    changed = *days != days0;
    *new_days = popcount32(a->days & ~days0);
    *upd_days = 0;
    for (int d = 0; d < 31; d++) {
        if (!(a->hours_mask & (1u << d)) || hours[d] == a->hours[d])
            continue;
        if (days0 & (1u << d))
            (*upd_days)++;
        hours[d] = a->hours[d];
        changed = true;
    }
    return changed || (a->hours_mask && !had_hours);
}

static int
bind_att_key(struct store_stmt *s, const struct simp_att *a)
{
    if (store_bind_int(s, 1, a->project_id) < 0 || store_bind_text(s, 2, a->month, 7) < 0 ||
        store_bind_int(s, 3, a->worker_id) < 0)
        return ZQ_EDB;
    return 0;
}

int
store_simp_attendance(struct store *st, const struct simp_att *a, int *new_days, int *upd_days,
                      struct zq_err *err)
{
    struct store_stmt *s;
    uint32_t days0 = 0, days;
    uint8_t hours[31];
    bool had_hours = false, changed;
    int rc;

    *new_days = *upd_days = 0;
    if ((rc = store_prepare(st, sql_att_ins, &s, err)) < 0)
        return rc;
    if (bind_att_key(s, a) < 0 || store_bind_text(s, 4, a->province, 6) < 0 ||
        store_bind_int(s, 5, a->days) < 0 || store_bind_int(s, 6, popcount32(a->days)) < 0 ||
        (a->hours_mask ? store_bind_blob(s, 7, a->hours, 31) : store_bind_null(s, 7)) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    if ((rc = store_run(s, err)) < 0)
        return rc;
    if (store_changes(st) > 0) {
        *new_days = popcount32(a->days);
        return 0;
    }

    memset(hours, 0, sizeof hours);
    if ((rc = store_prepare(st, sql_att_get, &s, err)) < 0)
        return rc;
    if (bind_att_key(s, a) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
        size_t n = 0;
        const void *h = store_column_blob(s, 1, &n);
        days0 = (uint32_t)store_column_int(s, 0);
        if (h != NULL && n == sizeof hours) {
            memcpy(hours, h, sizeof hours);
            had_hours = true;
        }
    }
    store_stmt_done(s);
    if (rc < 0)
        return rc;
    if (rc != STORE_ROW)
        return zq_err_set(err, ZQ_EINTERNAL, "attendance：插入冲突但查不到该行");

    changed = simp_att_merge(a, days0, hours, had_hours, &days, new_days, upd_days);
    if (!changed)
        return 0;
    if ((rc = store_prepare(st, sql_att_upd, &s, err)) < 0)
        return rc;
    if (bind_att_key(s, a) < 0 || store_bind_int(s, 4, days) < 0 ||
        store_bind_int(s, 5, popcount32(days)) < 0 ||
        ((had_hours || a->hours_mask) ? store_bind_blob(s, 6, hours, 31) : store_bind_null(s, 6)) <
            0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    return store_run(s, err);
}

/* ------------------------------------------------------------ deposits */

static const char sql_draw_deposit[] =
    "SELECT id FROM deposits WHERE project_id = $1 AND form = '现金' AND deposited_on <= $2 "
    "ORDER BY deposited_on DESC, id DESC LIMIT 1";
static const char sql_draw_get[] =
    "SELECT id, amount_fen FROM deposit_events WHERE deposit_id = $1 AND kind = '动用' "
    "AND on_date = $2";
static const char sql_draw_ins[] =
    "INSERT INTO deposit_events (deposit_id, kind, amount_fen, on_date, note, created_at) "
    "VALUES ($1, '动用', $3, $2, '导入', $4)";
static const char sql_draw_upd[] = "UPDATE deposit_events SET amount_fen = $2 WHERE id = $1";

static int
query_ii(struct store *st, const char *sql, int64_t a, const char *b, int64_t *r0, int64_t *r1,
         struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    *r0 = *r1 = 0;
    if ((rc = store_prepare(st, sql, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, a) < 0 || store_bind_text(s, 2, b, (size_t)-1) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
        *r0 = store_column_int(s, 0);
        if (store_column_count(s) > 1)
            *r1 = store_column_int(s, 1);
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

int
store_simp_deposit_draw(struct store *st, int64_t project_id, const char *date, int64_t amount,
                        int64_t now, bool *found, enum simp_outcome *out, struct zq_err *err)
{
    struct store_stmt *s;
    int64_t dep, ev, old, unused;
    int rc;

    *found = false;
    if ((rc = query_ii(st, sql_draw_deposit, project_id, date, &dep, &unused, err)) < 0)
        return rc;
    if (dep == 0)
        return 0;
    *found = true;
    if ((rc = query_ii(st, sql_draw_get, dep, date, &ev, &old, err)) < 0)
        return rc;
    if (ev != 0) {
        *out = old == amount ? SIMP_SAME : SIMP_UPDATED;
        if (old == amount)
            return 0;
        if ((rc = store_prepare(st, sql_draw_upd, &s, err)) < 0)
            return rc;
        if (store_bind_int(s, 1, ev) < 0 || store_bind_int(s, 2, amount) < 0) {
            store_stmt_done(s);
            return zq_err_set(err, ZQ_EDB, "绑定参数失败");
        }
        return store_run(s, err);
    }
    *out = SIMP_NEW;
    if ((rc = store_prepare(st, sql_draw_ins, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, dep) < 0 || store_bind_text(s, 2, date, (size_t)-1) < 0 ||
        store_bind_int(s, 3, amount) < 0 || store_bind_int(s, 4, now) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    return store_run(s, err);
}

/* ------------------------------------------------------------ counters */

static const char sql_counter[] =
    "INSERT INTO counters (name, value) VALUES ($1, 1) "
    "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value";

int
store_simp_counter_next(struct store *st, const char *name, int64_t *value, struct zq_err *err)
{
    struct store_val v = { .t = STORE_TEXT, .p = name, .n = strlen(name) };
    return lookup2(st, sql_counter, &v, value, NULL, err);
}

/* ------------------------------------------------------------ totals */

/* Each totals statement comes in two forms: for one (project, month) given as
 * $1/$2 with now in $3, and for every pair staged in zq_stage_pm with now in
 * $1 (PostgreSQL, where a statement per pair is a round trip). */
#define ONE_PAIR(tbl, alias, cond)                                             \
    "CAST($3 AS BIGINT) FROM projects p LEFT JOIN " tbl " " alias " ON " alias \
    ".project_id = p.id AND " cond "$2 WHERE p.id = $1 GROUP BY p.id, p.province "
#define STAGED_PAIRS(tbl, alias, cond)                                                            \
    "CAST($1 AS BIGINT) FROM zq_stage_pm x JOIN projects p ON p.id = x.project_id LEFT JOIN " tbl \
    " " alias " ON " alias ".project_id = p.id AND " cond "x.month WHERE true "                   \
    "GROUP BY p.id, x.month, p.province "

#define TOT_ATT_HEAD(month)                                                                 \
    "INSERT INTO project_months (project_id, month, province, attendees, attendance_days, " \
    "updated_at) SELECT p.id, " month ", p.province, count(a.worker_id), "                  \
    "coalesce(sum(a.ndays), 0), "
#define TOT_ATT_TAIL                                                                 \
    "ON CONFLICT (project_id, month) DO UPDATE SET attendees = excluded.attendees, " \
    "attendance_days = excluded.attendance_days, updated_at = excluded.updated_at "  \
    "WHERE project_months.attendees <> excluded.attendees "                          \
    "OR project_months.attendance_days <> excluded.attendance_days"

#define PR_OWED "(r.wage_due_fen - r.deductions_fen - r.wage_paid_fen)"
#define TOT_PAY_HEAD(month)                                                                      \
    "INSERT INTO project_months (project_id, month, province, payroll_lines, payroll_workers, "  \
    "wage_due_fen, deductions_fen, wage_paid_fen, unpaid_lines, unpaid_fen, offchannel_lines, "  \
    "updated_at) SELECT p.id, " month ", p.province, count(r.id), count(DISTINCT r.worker_id), " \
    "coalesce(sum(r.wage_due_fen), 0), coalesce(sum(r.deductions_fen), 0), "                     \
    "coalesce(sum(r.wage_paid_fen), 0), "                                                        \
    "coalesce(sum(CASE WHEN r.paid_on IS NULL OR " PR_OWED " > 0 THEN 1 ELSE 0 END), 0), "       \
    "coalesce(sum(CASE WHEN " PR_OWED " > 0 THEN " PR_OWED " ELSE 0 END), 0), "                  \
    "coalesce(sum(CASE WHEN r.channel <> '专户代发' THEN 1 ELSE 0 END), 0), "
#define TOT_PAY_TAIL                                                                         \
    "ON CONFLICT (project_id, month) DO UPDATE SET payroll_lines = excluded.payroll_lines, " \
    "payroll_workers = excluded.payroll_workers, wage_due_fen = excluded.wage_due_fen, "     \
    "deductions_fen = excluded.deductions_fen, wage_paid_fen = excluded.wage_paid_fen, "     \
    "unpaid_lines = excluded.unpaid_lines, unpaid_fen = excluded.unpaid_fen, "               \
    "offchannel_lines = excluded.offchannel_lines, updated_at = excluded.updated_at "        \
    "WHERE project_months.payroll_lines <> excluded.payroll_lines "                          \
    "OR project_months.payroll_workers <> excluded.payroll_workers "                         \
    "OR project_months.wage_due_fen <> excluded.wage_due_fen "                               \
    "OR project_months.deductions_fen <> excluded.deductions_fen "                           \
    "OR project_months.wage_paid_fen <> excluded.wage_paid_fen "                             \
    "OR project_months.unpaid_lines <> excluded.unpaid_lines "                               \
    "OR project_months.unpaid_fen <> excluded.unpaid_fen "                                   \
    "OR project_months.offchannel_lines <> excluded.offchannel_lines"

#define TOT_TXN_HEAD(month)                                                                        \
    "INSERT INTO project_months (project_id, month, province, inflow_fen, payout_fen, "            \
    "updated_at) SELECT p.id, " month ", p.province, "                                             \
    "coalesce(sum(CASE WHEN t.direction = '收入' THEN t.amount_fen ELSE 0 END), 0), "            \
    "coalesce(sum(CASE WHEN t.direction = '支出' AND t.kind = '工资代发' THEN t.amount_fen " \
    "ELSE 0 END), 0), "
#define TOT_TXN_TAIL                                                                   \
    "ON CONFLICT (project_id, month) DO UPDATE SET inflow_fen = excluded.inflow_fen, " \
    "payout_fen = excluded.payout_fen, updated_at = excluded.updated_at "              \
    "WHERE project_months.inflow_fen <> excluded.inflow_fen "                          \
    "OR project_months.payout_fen <> excluded.payout_fen"

static const char sql_tot_att[] =
    TOT_ATT_HEAD("CAST($2 AS TEXT)") ONE_PAIR("attendance", "a", "a.month = ") TOT_ATT_TAIL;
static const char sql_tot_pay[] =
    TOT_PAY_HEAD("CAST($2 AS TEXT)") ONE_PAIR("payroll", "r", "r.month = ") TOT_PAY_TAIL;
static const char sql_tot_txn[] = TOT_TXN_HEAD("CAST($2 AS TEXT)")
    ONE_PAIR("account_txns", "t", "substr(t.txn_date, 1, 7) = ") TOT_TXN_TAIL;
const char simp_sql_tot_att_staged[] =
    TOT_ATT_HEAD("x.month") STAGED_PAIRS("attendance", "a", "a.month = ") TOT_ATT_TAIL;
const char simp_sql_tot_pay_staged[] =
    TOT_PAY_HEAD("x.month") STAGED_PAIRS("payroll", "r", "r.month = ") TOT_PAY_TAIL;
const char simp_sql_tot_txn_staged[] = TOT_TXN_HEAD("x.month")
    STAGED_PAIRS("account_txns", "t", "substr(t.txn_date, 1, 7) = ") TOT_TXN_TAIL;

int
store_simp_totals(struct store *st, enum simp_totals which, int64_t project_id, const char *month,
                  int64_t now, struct zq_err *err)
{
    static const char *const sqls[] = {
        [SIMP_TOT_ATTENDANCE] = sql_tot_att,
        [SIMP_TOT_PAYROLL] = sql_tot_pay,
        [SIMP_TOT_TXNS] = sql_tot_txn,
    };
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, sqls[which], &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, project_id) < 0 || store_bind_text(s, 2, month, 7) < 0 ||
        store_bind_int(s, 3, now) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    return store_run(s, err);
}

/* ------------------------------------------------------------ jobs */

static const char sql_job[] =
    "INSERT INTO import_jobs (kind, status, source, actor, file_name, strict, dry_run, "
    "bytes_done, progress, rows_total, rows_new, rows_updated, rows_rejected, created_at, "
    "started_at, finished_at) VALUES ($1, 'done', $2, $3, $4, $5, 0, 0, 100, $6, $7, $8, $9, "
    "$10, $10, $11)";

int
store_simp_job(struct store *st, const struct simp_job *j, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, sql_job, &s, err)) < 0)
        return rc;
    if (store_bind_text(s, 1, j->kind, (size_t)-1) < 0 ||
        store_bind_text(s, 2, j->source, (size_t)-1) < 0 ||
        store_bind_text(s, 3, j->actor, (size_t)-1) < 0 ||
        store_bind_text(s, 4, j->file_name, (size_t)-1) < 0 ||
        store_bind_int(s, 5, j->strict) < 0 || store_bind_int(s, 6, j->rows) < 0 ||
        store_bind_int(s, 7, j->added) < 0 || store_bind_int(s, 8, j->updated) < 0 ||
        store_bind_int(s, 9, j->rejected) < 0 || store_bind_int(s, 10, j->started_at) < 0 ||
        store_bind_int(s, 11, j->finished_at) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EDB, "绑定参数失败");
    }
    return store_run(s, err);
}
