/*
 * store_case_view.c - the read side of case handling: the scoped case list
 * with its search, one case and its parts, the emergency funds, and the
 * open arrears behind the 两清零 view.
 *
 * Search (q) is LIKE '%q%' over the debtor, the project name, the workers'
 * and complainants' names, plus exact case number, ticket, USCC and project
 * code.  Chinese names are often two characters, which an FTS5 trigram
 * index cannot match; a substring test over the cases in scope can, and
 * the cases of a province are few enough (thousands, not millions) for it.
 */
#include <string.h>

#include "store/store_case.h"
#include "store/store_case_int.h"
#include "store/store_query_int.h"

/* ---------------------------------------------------------------- list */

static const struct sq_col case_cols[] = {
    { "id", SQ_HIDDEN },
    { "case_no", SQ_TEXT },
    { "status", SQ_TEXT },
    { "region_code", SQ_REGION },
    { "origin", SQ_TEXT },
    { "debtor_name", SQ_TEXT },
    { "debtor_uscc", SQ_TEXT },
    { "project_code", SQ_TEXT },
    { "project_name", SQ_TEXT },
    { "funding", SQ_TEXT },
    { "filed_on", SQ_TEXT },
    { "deadline_on", SQ_TEXT },
    { "extended", SQ_BOOL },
    { "people", SQ_INT },
    { "amount", SQ_MONEY },
    { "paid", SQ_MONEY },
    { "supervision_level", SQ_TEXT },
    { "police_on", SQ_TEXT },
    { "court_on", SQ_TEXT },
    { "closed_on", SQ_TEXT },
    { "close_kind", SQ_TEXT },
    /* detail only */
    { "province", SQ_TEXT },
    { "verified", SQ_BOOL },
    { "illegal_sub", SQ_BOOL },
    { "period_from", SQ_TEXT },
    { "plan", SQ_TEXT },
    { "leader", SQ_TEXT },
    { "extension_approver", SQ_TEXT },
    { "extension_approved_on", SQ_TEXT },
    { "result", SQ_TEXT },
    { "created_at", SQ_TS },
    { "updated_at", SQ_TS },
};
#define CASE_LIST_NCOLS 21

#define CASE_COLS                                                                                \
    "c.id, c.case_no, c.status, c.region_code, c.origin, c.debtor_name, c.debtor_uscc, p.code, " \
    "p.name, p.funding, c.filed_on, c.deadline_on, c.extended, c.people, c.amount_fen, "         \
    "(SELECT coalesce(sum(s.amount_fen), 0) FROM settlements s WHERE s.case_id = c.id), "        \
    "c.supervision_level, c.police_on, c.court_on, c.closed_on, c.close_kind"

static const char SQL_CASE_LIST[] =
    "SELECT " CASE_COLS " FROM cases c LEFT JOIN projects p ON p.id = c.project_id WHERE " SCOPE_C(
        "c") " AND c.region_code BETWEEN $5 AND $6 AND ($7 = '' OR c.status = $7) AND "
             "($8 = '' OR c.supervision_level = $8) AND (CAST($9 AS BIGINT) = 0 OR c.id < $9) "
             "AND ($10 = '' OR c.case_no = $10 OR c.debtor_uscc = $10 OR p.code = $10 OR "
             "c.debtor_name LIKE $11 ESCAPE '\\' OR p.name LIKE $11 ESCAPE '\\' OR EXISTS "
             "(SELECT 1 FROM case_workers cw JOIN workers w ON w.id = cw.worker_id WHERE "
             "cw.case_id = c.id AND w.name LIKE $11 ESCAPE '\\') OR EXISTS (SELECT 1 FROM clues "
             "k WHERE k.case_id = c.id AND (k.ticket = $10 OR k.complainant LIKE $11 ESCAPE "
             "'\\'))) ORDER BY c.id DESC LIMIT $12";

int
store_case_list(struct store *st, const struct store_scope *sc, const struct sc_filter *f,
                const struct sq_page *pg, sq_row_fn fn, void *ctx, struct zq_err *err)
{
    struct store_val p[12];
    char like[260];
    const char *lo = f->region_lo != NULL && f->region_lo[0] ? f->region_lo : "0";
    const char *hi = f->region_hi != NULL && f->region_hi[0] ? f->region_hi : "999999999";

    sq_like(f->q, like, sizeof like);
    sq_scope_params(sc, p);
    p[4] = sq_text(lo);
    p[5] = sq_text(hi);
    p[6] = sq_text(sq_nz(f->status));
    p[7] = sq_text(sq_nz(f->supervision));
    p[8] = sq_int(pg->after ? pg->after_id : 0);
    p[9] = sq_text(sq_nz(f->q));
    p[10] = sq_text(like);
    p[11] = sq_int(pg->limit + 1);
    return sq_run_cols(st, SQL_CASE_LIST, p, 12, case_cols, CASE_LIST_NCOLS, fn, ctx, NULL, err);
}

static const char SQL_CASE_ROW[] =
    "SELECT " CASE_COLS ", c.province, c.verified, c.illegal_sub, c.period_from, c.plan, "
    "u.username, c.extension_approver, c.extension_approved_on, c.result, c.created_at, "
    "c.updated_at FROM cases c LEFT JOIN projects p ON p.id = c.project_id LEFT JOIN users u "
    "ON u.id = c.leader_id WHERE c.id = $1";

int
store_case_row(struct store *st, int64_t id, sq_row_fn fn, void *ctx, struct zq_err *err)
{
    struct store_val p[1] = { sq_int(id) };

    return sq_run_cols(st, SQL_CASE_ROW, p, 1, case_cols, SQ_NCOLS(case_cols), fn, ctx, NULL, err);
}

/* ---------------------------------------------------------------- parts */

static const struct sq_col party_cols[] = {
    { "seq", SQ_INT },   { "role", SQ_TEXT },      { "uscc", SQ_TEXT },
    { "name", SQ_TEXT }, { "liability", SQ_TEXT },
};
static const struct sq_col cworker_cols[] = {
    { "worker_id", SQ_INT }, { "name", SQ_TEXT },  { "id_number_masked", SQ_TEXT },
    { "owed", SQ_MONEY },    { "paid", SQ_MONEY }, { "remaining", SQ_MONEY },
};
static const struct sq_col handler_cols[] = {
    { "username", SQ_TEXT },
    { "display_name", SQ_TEXT },
    { "role", SQ_TEXT },
};
static const struct sq_col document_cols[] = {
    { "kind", SQ_TEXT },        { "doc_no", SQ_TEXT },      { "issued_on", SQ_TEXT },
    { "deadline_on", SQ_TEXT }, { "complied_on", SQ_TEXT },
};
static const struct sq_col settlement_cols[] = {
    { "id", SQ_INT },
    { "payer_role", SQ_TEXT },
    { "payer_uscc", SQ_TEXT },
    { "payer_name", SQ_TEXT },
    { "worker_id", SQ_INT },
    { "worker_name", SQ_TEXT },
    { "amount", SQ_MONEY },
    { "paid_on", SQ_TEXT },
    { "fund_advance_id", SQ_INT },
    { "deposit_event_id", SQ_INT },
    { "note", SQ_TEXT },
    { "created_at", SQ_TS },
};
static const struct sq_col event_cols[] = {
    { "at", SQ_TS },     { "actor", SQ_TEXT },  { "action", SQ_TEXT },
    { "note", SQ_TEXT }, { "detail", SQ_JSON },
};
static const struct sq_col clue_cols[] = {
    { "ticket", SQ_TEXT },    { "status", SQ_TEXT },      { "channel", SQ_TEXT },
    { "received_at", SQ_TS }, { "complainant", SQ_TEXT }, { "phone_masked", SQ_TEXT },
    { "people", SQ_INT },     { "amount", SQ_MONEY },
};
static const struct sq_col advance_cols[] = {
    { "id", SQ_INT },          { "fund_region_code", SQ_REGION }, { "amount", SQ_MONEY },
    { "recovered", SQ_MONEY }, { "outstanding", SQ_MONEY },       { "advanced_on", SQ_TEXT },
    { "status", SQ_TEXT },
};
static const struct sq_col draw_cols[] = {
    { "id", SQ_INT },       { "deposit_form", SQ_TEXT }, { "amount", SQ_MONEY },
    { "on_date", SQ_TEXT }, { "note", SQ_TEXT },
};

static const struct {
    const char *sql;
    const struct sq_col *cols;
    int ncols;
} parts[SC_PART__N] = {
    [SC_PART_PARTIES] = { "SELECT cp.seq, cp.role, e.uscc, e.name, cp.liability FROM case_parties "
                          "cp JOIN enterprises e ON e.id = cp.enterprise_id WHERE cp.case_id = $1 "
                          "ORDER BY cp.seq, cp.id",
                          party_cols, SQ_NCOLS(party_cols) },
    [SC_PART_WORKERS] = { "SELECT cw.worker_id, w.name, w.id_masked, cw.owed_fen, x.paid, "
                          "cw.owed_fen - x.paid FROM case_workers cw JOIN workers w ON w.id = "
                          "cw.worker_id JOIN (SELECT cw2.id, coalesce((SELECT sum(s.amount_fen) "
                          "FROM settlements s WHERE s.case_id = cw2.case_id AND s.worker_id = "
                          "cw2.worker_id), 0) AS paid FROM case_workers cw2 WHERE cw2.case_id = "
                          "$1) x ON x.id = cw.id ORDER BY cw.id",
                          cworker_cols, SQ_NCOLS(cworker_cols) },
    [SC_PART_HANDLERS] = { "SELECT u.username, u.display_name, h.role FROM case_handlers h JOIN "
                           "users u ON u.id = h.user_id WHERE h.case_id = $1 ORDER BY h.role, "
                           "u.username",
                           handler_cols, SQ_NCOLS(handler_cols) },
    [SC_PART_DOCUMENTS] = { "SELECT kind, doc_no, issued_on, deadline_on, complied_on FROM "
                            "case_documents WHERE case_id = $1 ORDER BY issued_on, id",
                            document_cols, SQ_NCOLS(document_cols) },
    [SC_PART_SETTLEMENTS] = { "SELECT s.id, s.payer_role, e.uscc, e.name, s.worker_id, w.name, "
                              "s.amount_fen, s.paid_on, s.fund_advance_id, s.deposit_event_id, "
                              "s.note, s.created_at FROM settlements s LEFT JOIN enterprises e "
                              "ON e.id = s.payer_id LEFT JOIN workers w ON w.id = s.worker_id "
                              "WHERE s.case_id = $1 ORDER BY s.id",
                              settlement_cols, SQ_NCOLS(settlement_cols) },
    [SC_PART_EVENTS] = { "SELECT v.at, coalesce(u.username, ''), v.action, v.note, v.detail FROM "
                         "case_events v LEFT JOIN users u ON u.id = v.actor_id WHERE v.case_id = "
                         "$1 ORDER BY v.id",
                         event_cols, SQ_NCOLS(event_cols) },
    [SC_PART_CLUES] = { "SELECT ticket, status, channel, received_at, complainant, phone_masked, "
                        "people, amount_fen FROM clues WHERE case_id = $1 ORDER BY id",
                        clue_cols, SQ_NCOLS(clue_cols) },
    [SC_PART_ADVANCES] = { "SELECT a.id, f.region_code, a.amount_fen, a.recovered_fen, "
                           "a.amount_fen - a.recovered_fen, a.advanced_on, a.status FROM "
                           "fund_advances a JOIN fund_accounts f ON f.id = a.fund_id WHERE "
                           "a.case_id = $1 ORDER BY a.id",
                           advance_cols, SQ_NCOLS(advance_cols) },
    [SC_PART_DRAWS] = { "SELECT v.id, d.form, v.amount_fen, v.on_date, v.note FROM deposit_events "
                        "v JOIN deposits d ON d.id = v.deposit_id WHERE v.case_id = $1 ORDER BY "
                        "v.id",
                        draw_cols, SQ_NCOLS(draw_cols) },
};

int
store_case_part(struct store *st, enum sc_part part, int64_t case_id, sq_row_fn fn, void *ctx,
                struct zq_err *err)
{
    struct store_val p[1] = { sq_int(case_id) };

    if (part < 0 || part >= SC_PART__N)
        return zq_err_set(err, ZQ_EINTERNAL, "未知的案件数据部分");
    return sq_run_cols(st, parts[part].sql, p, 1, parts[part].cols, parts[part].ncols, fn, ctx,
                       NULL, err);
}

/* ---------------------------------------------------------------- funds */

static const struct sq_col fund_cols[] = {
    { "id", SQ_HIDDEN },         { "region_code", SQ_REGION }, { "balance", SQ_MONEY },
    { "outstanding", SQ_MONEY }, { "advances", SQ_INT },       { "updated_at", SQ_TS },
};
static const char SQL_FUNDS[] =
    "SELECT f.id, f.region_code, f.balance_fen, coalesce((SELECT sum(a.amount_fen - "
    "a.recovered_fen) FROM fund_advances a WHERE a.fund_id = f.id), 0), (SELECT count(*) FROM "
    "fund_advances a WHERE a.fund_id = f.id), f.updated_at FROM fund_accounts f WHERE "
    "f.region_code BETWEEN $1 AND $2 ORDER BY f.region_code";

int
store_fund_list(struct store *st, const char *lo, const char *hi, sq_row_fn fn, void *ctx,
                struct zq_err *err)
{
    struct store_val p[2] = { sq_text(lo), sq_text(hi) };

    return sq_run_cols(st, SQL_FUNDS, p, 2, fund_cols, SQ_NCOLS(fund_cols), fn, ctx, NULL, err);
}

static const struct sq_col movement_cols[] = {
    { "id", SQ_INT },         { "kind", SQ_TEXT }, { "amount", SQ_MONEY },  { "on_date", SQ_TEXT },
    { "advance_id", SQ_INT }, { "note", SQ_TEXT }, { "created_at", SQ_TS },
};
static const char SQL_MOVEMENTS[] =
    "SELECT id, kind, amount_fen, on_date, advance_id, note, created_at FROM fund_movements "
    "WHERE fund_id = $1 ORDER BY id DESC LIMIT 200";

int
store_fund_movements(struct store *st, int64_t fund_id, sq_row_fn fn, void *ctx, struct zq_err *err)
{
    struct store_val p[1] = { sq_int(fund_id) };

    return sq_run_cols(st, SQL_MOVEMENTS, p, 1, movement_cols, SQ_NCOLS(movement_cols), fn, ctx,
                       NULL, err);
}

static const struct sq_col fund_advance_cols[] = {
    { "id", SQ_INT },           { "case_no", SQ_TEXT },    { "debtor_name", SQ_TEXT },
    { "amount", SQ_MONEY },     { "recovered", SQ_MONEY }, { "outstanding", SQ_MONEY },
    { "advanced_on", SQ_TEXT }, { "status", SQ_TEXT },
};
static const char SQL_FUND_ADVANCES[] =
    "SELECT a.id, c.case_no, c.debtor_name, a.amount_fen, a.recovered_fen, a.amount_fen - "
    "a.recovered_fen, a.advanced_on, a.status FROM fund_advances a JOIN cases c ON c.id = "
    "a.case_id WHERE a.fund_id = $1 ORDER BY a.id";

int
store_fund_advances(struct store *st, int64_t fund_id, sq_row_fn fn, void *ctx, struct zq_err *err)
{
    struct store_val p[1] = { sq_int(fund_id) };

    return sq_run_cols(st, SQL_FUND_ADVANCES, p, 1, fund_advance_cols, SQ_NCOLS(fund_advance_cols),
                       fn, ctx, NULL, err);
}

/* ---------------------------------------------------------------- 两清零 */

static const char SQL_OPEN_ARREARS[] =
    "SELECT c.region_code, coalesce(p.funding, ''), c.case_no, c.amount_fen, "
    "coalesce((SELECT sum(s.amount_fen) FROM settlements s WHERE s.case_id = c.id), 0), "
    "(SELECT count(*) FROM case_workers w WHERE w.case_id = c.id AND w.owed_fen > "
    "coalesce((SELECT sum(s.amount_fen) FROM settlements s WHERE s.case_id = c.id AND "
    "s.worker_id = w.worker_id), 0)), c.people, "
    "(SELECT count(*) FROM case_workers w WHERE w.case_id = c.id) "
    "FROM cases c LEFT JOIN projects p ON p.id = c.project_id WHERE " SCOPE_C(
        "c") " AND c.status = '办理中' AND c.verified = 1 AND c.filed_on <= $5 "
             "ORDER BY c.region_code, c.id";

struct open_walk {
    sc_open_fn fn;
    void *ctx;
};

static int
open_row(void *ctx, const struct store_val *v, int n)
{
    struct open_walk *w = ctx;
    struct sc_open o;

    if (n < 8)
        return 0;
    memset(&o, 0, sizeof o);
    sq_copy(o.region, sizeof o.region, &v[0]);
    sq_copy(o.funding, sizeof o.funding, &v[1]);
    sq_copy(o.case_no, sizeof o.case_no, &v[2]);
    o.owed = sc_iv(&v[3]);
    o.paid = sc_iv(&v[4]);
    /* cases listing no workers (imported history) count their people */
    o.workers_owed = sc_iv(&v[7]) > 0 ? sc_iv(&v[5]) : sc_iv(&v[6]);
    o.people = sc_iv(&v[6]);
    if (o.paid >= o.owed)
        return 0;
    return w->fn(w->ctx, &o);
}

int
store_case_open_arrears(struct store *st, const struct store_scope *sc, const char *as_of,
                        sc_open_fn fn, void *ctx, struct zq_err *err)
{
    struct store_val p[5];
    struct open_walk w = { fn, ctx };

    sq_scope_params(sc, p);
    p[4] = sq_text(as_of);
    return sq_run(st, SQL_OPEN_ARREARS, p, 5, open_row, &w, NULL, err);
}
