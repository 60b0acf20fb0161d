/*
 * store_case.c - finding cases and clues in scope, the facts the case
 * service decides on, and the table of case writes (see store_case.h).
 * The lists and detail parts are in store_case_view.c.
 *
 * Sums are read through iv(): PostgreSQL gives sum(bigint) as numeric,
 * which the driver hands over as text.
 */
#include "store/store_case.h"

#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "store/store_case_int.h"
#include "store/store_query_int.h"

int64_t
sc_iv(const struct store_val *v)
{
    int64_t x = 0;

    if (v->t == STORE_INT)
        return v->i;
    if (v->t == STORE_TEXT && str_to_i64((struct str){ v->p, v->n }, &x) == 0)
        return x;
    return 0;
}

/* ---------------------------------------------------------------- cases */

#define CASE_FACTS                                                                               \
    "SELECT c.id, coalesce(c.project_id, 0), coalesce(c.debtor_id, 0), "                         \
    "coalesce(p.contractor_id, 0), coalesce(p.builder_id, 0), coalesce(c.leader_id, 0), "        \
    "c.case_no, c.province, c.region_code, c.status, c.origin, c.filed_on, "                     \
    "coalesce(c.deadline_on, ''), coalesce(c.police_on, ''), coalesce(c.court_on, ''), "         \
    "coalesce(c.closed_on, ''), c.supervision_level, coalesce(p.funding, ''), "                  \
    "coalesce(p.code, ''), coalesce(c.debtor_uscc, ''), c.debtor_name, c.verified, c.extended, " \
    "c.illegal_sub, CASE WHEN c.plan IS NULL OR c.plan = '' THEN 0 ELSE 1 END, c.amount_fen, "   \
    "c.people, (SELECT count(*) FROM case_handlers h WHERE h.case_id = c.id), "                  \
    "(SELECT coalesce(sum(s.amount_fen), 0) FROM settlements s WHERE s.case_id = c.id), "        \
    "(SELECT count(*) FROM case_workers w WHERE w.case_id = c.id) "                              \
    "FROM cases c LEFT JOIN projects p ON p.id = c.project_id WHERE "

static const char SQL_CASE_FIND[] = CASE_FACTS SCOPE_C("c") " AND c.case_no = $5";
static const char SQL_CASE_BY_ID[] = CASE_FACTS "c.id = $1";

static int
case_row(void *ctx, const struct store_val *v, int n)
{
    struct sc_case *c = ctx;

    if (n < 30)
        return 1;
    c->id = sc_iv(&v[0]);
    c->project_id = sc_iv(&v[1]);
    c->debtor_id = sc_iv(&v[2]);
    c->contractor_id = sc_iv(&v[3]);
    c->builder_id = sc_iv(&v[4]);
    c->leader_id = sc_iv(&v[5]);
    sq_copy(c->case_no, sizeof c->case_no, &v[6]);
    sq_copy(c->province, sizeof c->province, &v[7]);
    sq_copy(c->region, sizeof c->region, &v[8]);
    sq_copy(c->status, sizeof c->status, &v[9]);
    sq_copy(c->origin, sizeof c->origin, &v[10]);
    sq_copy(c->filed_on, sizeof c->filed_on, &v[11]);
    sq_copy(c->deadline_on, sizeof c->deadline_on, &v[12]);
    sq_copy(c->police_on, sizeof c->police_on, &v[13]);
    sq_copy(c->court_on, sizeof c->court_on, &v[14]);
    sq_copy(c->closed_on, sizeof c->closed_on, &v[15]);
    sq_copy(c->supervision, sizeof c->supervision, &v[16]);
    sq_copy(c->funding, sizeof c->funding, &v[17]);
    sq_copy(c->project_code, sizeof c->project_code, &v[18]);
    sq_copy(c->debtor_uscc, sizeof c->debtor_uscc, &v[19]);
    sq_copy(c->debtor_name, sizeof c->debtor_name, &v[20]);
    c->verified = sc_iv(&v[21]) != 0;
    c->extended = sc_iv(&v[22]) != 0;
    c->illegal_sub = sc_iv(&v[23]) != 0;
    c->has_plan = sc_iv(&v[24]) != 0;
    c->amount = sc_iv(&v[25]);
    c->people = sc_iv(&v[26]);
    c->handlers = sc_iv(&v[27]);
    c->paid = sc_iv(&v[28]);
    c->workers = sc_iv(&v[29]);
    return 1;
}

int
store_case_find(struct store *st, const struct store_scope *sc, const char *case_no,
                struct sc_case *out, bool *found, struct zq_err *err)
{
    struct store_val p[5];
    int rc;

    memset(out, 0, sizeof *out);
    sq_scope_params(sc, p);
    p[4] = sq_text(case_no);
    rc = sq_run(st, SQL_CASE_FIND, p, 5, case_row, out, NULL, err);
    *found = rc == 0 && out->id != 0;
    return rc;
}

int
store_case_by_id(struct store *st, int64_t id, struct sc_case *out, bool *found, struct zq_err *err)
{
    struct store_val p[1] = { sq_int(id) };
    int rc;

    memset(out, 0, sizeof *out);
    rc = sq_run(st, SQL_CASE_BY_ID, p, 1, case_row, out, NULL, err);
    *found = rc == 0 && out->id != 0;
    return rc;
}

static int
ints_row(void *ctx, const struct store_val *v, int n)
{
    int64_t *out = ctx;

    for (int i = 0; i < n && i < 4; i++)
        out[i] = sc_iv(&v[i]);
    return 1;
}

static const char SQL_CASE_NO_TAKEN[] = "SELECT count(*) FROM cases WHERE case_no = $1";

int
store_case_no_taken(struct store *st, const char *case_no, bool *taken, struct zq_err *err)
{
    struct store_val p[1] = { sq_text(case_no) };
    int64_t n[4] = { 0 };
    int rc = sq_run(st, SQL_CASE_NO_TAKEN, p, 1, ints_row, n, NULL, err);

    *taken = n[0] > 0;
    return rc;
}

/* ---------------------------------------------------------------- clues */

static const char SQL_CLUE[] =
    "SELECT k.id, coalesce(k.project_id, 0), coalesce(k.respondent_id, 0), "
    "coalesce(k.case_id, 0), k.ticket, k.status, k.province, k.region_code, k.nature, "
    "coalesce(k.period_from, ''), k.respondent, coalesce(k.respondent_uscc, ''), "
    "coalesce(k.dept, ''), k.people, k.amount_fen FROM clues k WHERE " SCOPE_K(
        "k") " AND k.ticket = $5";

static int
clue_row(void *ctx, const struct store_val *v, int n)
{
    struct sc_clue *c = ctx;

    if (n < 15)
        return 1;
    c->id = sc_iv(&v[0]);
    c->project_id = sc_iv(&v[1]);
    c->respondent_id = sc_iv(&v[2]);
    c->case_id = sc_iv(&v[3]);
    sq_copy(c->ticket, sizeof c->ticket, &v[4]);
    sq_copy(c->status, sizeof c->status, &v[5]);
    sq_copy(c->province, sizeof c->province, &v[6]);
    sq_copy(c->region, sizeof c->region, &v[7]);
    sq_copy(c->nature, sizeof c->nature, &v[8]);
    sq_copy(c->period_from, sizeof c->period_from, &v[9]);
    sq_copy(c->respondent, sizeof c->respondent, &v[10]);
    sq_copy(c->respondent_uscc, sizeof c->respondent_uscc, &v[11]);
    sq_copy(c->dept, sizeof c->dept, &v[12]);
    c->people = sc_iv(&v[13]);
    c->amount = sc_iv(&v[14]);
    return 1;
}

int
store_case_clue(struct store *st, const struct store_scope *sc, const char *ticket,
                struct sc_clue *out, bool *found, struct zq_err *err)
{
    struct store_val p[5];
    int rc;

    memset(out, 0, sizeof *out);
    sq_scope_params(sc, p);
    p[4] = sq_text(ticket);
    rc = sq_run(st, SQL_CLUE, p, 5, clue_row, out, NULL, err);
    *found = rc == 0 && out->id != 0;
    return rc;
}

/* ---------------------------------------------------------------- parties */

static const char SQL_PROJECT_PARTIES[] =
    "SELECT builder_id, contractor_id FROM projects WHERE id = $1";

int
store_case_project(struct store *st, int64_t project_id, int64_t *builder_id,
                   int64_t *contractor_id, struct zq_err *err)
{
    struct store_val p[1] = { sq_int(project_id) };
    int64_t n[4] = { 0 };
    int rc = sq_run(st, SQL_PROJECT_PARTIES, p, 1, ints_row, n, NULL, err);

    *builder_id = n[0];
    *contractor_id = n[1];
    return rc;
}

struct id_text {
    int64_t id;
    char *text;
    size_t cap;
};

static int
id_text_row(void *ctx, const struct store_val *v, int n)
{
    struct id_text *o = ctx;

    if (n >= 2) {
        o->id = sc_iv(&v[0]);
        sq_copy(o->text, o->cap, &v[1]);
    }
    return 1;
}

static const char SQL_PROJECT_BY_CODE[] = "SELECT id, region_code FROM projects WHERE code = $1";

int
store_case_project_by_code(struct store *st, const char *code, int64_t *id, char region[10],
                           struct zq_err *err)
{
    struct store_val p[1] = { sq_text(code) };
    struct id_text o = { 0, region, 10 };
    int rc;

    region[0] = '\0';
    rc = sq_run(st, SQL_PROJECT_BY_CODE, p, 1, id_text_row, &o, NULL, err);
    *id = o.id;
    return rc;
}

static const char SQL_ENTERPRISE[] = "SELECT id, name FROM enterprises WHERE uscc = $1";

int
store_case_enterprise(struct store *st, const char *uscc, int64_t *id, char name[256],
                      struct zq_err *err)
{
    struct store_val p[1] = { sq_text(uscc) };
    struct id_text o = { 0, name, 256 };
    int rc;

    name[0] = '\0';
    rc = sq_run(st, SQL_ENTERPRISE, p, 1, id_text_row, &o, NULL, err);
    *id = o.id;
    return rc;
}

static const char SQL_IS_SUB[] =
    "SELECT count(*) FROM subcontracts WHERE project_id = $1 AND subcontractor_id = $2";

int
store_case_is_sub(struct store *st, int64_t project_id, int64_t enterprise_id, bool *yes,
                  struct zq_err *err)
{
    struct store_val p[2] = { sq_int(project_id), sq_int(enterprise_id) };
    int64_t n[4] = { 0 };
    int rc = sq_run(st, SQL_IS_SUB, p, 2, ints_row, n, NULL, err);

    *yes = n[0] > 0;
    return rc;
}

/* ---------------------------------------------------------------- money owed */

static const char SQL_WORKERS[] =
    "SELECT cw.worker_id, cw.owed_fen, coalesce((SELECT sum(s.amount_fen) FROM settlements s "
    "WHERE s.case_id = cw.case_id AND s.worker_id = cw.worker_id), 0), w.name "
    "FROM case_workers cw JOIN workers w ON w.id = cw.worker_id WHERE cw.case_id = $1 "
    "ORDER BY cw.id";

struct workers_walk {
    sc_worker_fn fn;
    void *ctx;
};

static int
worker_row(void *ctx, const struct store_val *v, int n)
{
    struct workers_walk *w = ctx;
    struct sc_worker x;

    if (n < 4)
        return 0;
    memset(&x, 0, sizeof x);
    x.worker_id = sc_iv(&v[0]);
    x.owed = sc_iv(&v[1]);
    x.paid = sc_iv(&v[2]);
    sq_copy(x.name, sizeof x.name, &v[3]);
    return w->fn(w->ctx, &x);
}

int
store_case_workers(struct store *st, int64_t case_id, sc_worker_fn fn, void *ctx,
                   struct zq_err *err)
{
    struct store_val p[1] = { sq_int(case_id) };
    struct workers_walk w = { fn, ctx };

    return sq_run(st, SQL_WORKERS, p, 1, worker_row, &w, NULL, err);
}

static const char SQL_BUILDER_CAP[] =
    "SELECT (SELECT coalesce(sum(m.amount_fen), 0) FROM payments m WHERE m.project_id = $1 AND "
    "m.payer_id = $2 AND m.paid_on IS NULL), (SELECT coalesce(sum(s.amount_fen), 0) FROM "
    "settlements s JOIN cases c ON c.id = s.case_id WHERE c.project_id = $1 AND "
    "s.payer_role = '建设单位垫付')";

int
store_case_builder_cap(struct store *st, int64_t project_id, int64_t builder_id, int64_t *unpaid,
                       int64_t *advanced, struct zq_err *err)
{
    struct store_val p[2] = { sq_int(project_id), sq_int(builder_id) };
    int64_t n[4] = { 0 };
    int rc = sq_run(st, SQL_BUILDER_CAP, p, 2, ints_row, n, NULL, err);

    *unpaid = n[0];
    *advanced = n[1];
    return rc;
}

static const char SQL_ORDERS_OVERDUE[] =
    "SELECT count(*), coalesce(min(deadline_on), '') FROM case_documents WHERE case_id = $1 AND "
    "kind IN ('限期整改指令书', '责令支付通知') AND deadline_on < $2 AND complied_on IS NULL";

struct count_date {
    int64_t n;
    char *d;
};

static int
count_date_row(void *ctx, const struct store_val *v, int n)
{
    struct count_date *o = ctx;

    if (n >= 2) {
        o->n = sc_iv(&v[0]);
        sq_copy(o->d, 11, &v[1]);
    }
    return 1;
}

int
store_case_orders_overdue(struct store *st, int64_t case_id, const char *date, int64_t *n,
                          char first[11], struct zq_err *err)
{
    struct store_val p[2] = { sq_int(case_id), sq_text(date) };
    struct count_date o = { 0, first };
    int rc;

    first[0] = '\0';
    rc = sq_run(st, SQL_ORDERS_OVERDUE, p, 2, count_date_row, &o, NULL, err);
    *n = o.n;
    return rc;
}

static const char SQL_DEPOSIT_FOR_DRAW[] =
    "SELECT (SELECT d.id FROM deposits d WHERE d.project_id = $1 AND d.form = '现金' AND "
    "d.deposited_on <= $2 AND d.status = '有效' ORDER BY d.deposited_on DESC, d.id DESC LIMIT 1), "
    "(SELECT coalesce(sum(d.amount_fen), 0) FROM deposits d WHERE d.project_id = $1 AND "
    "d.form = '现金' AND d.deposited_on <= $2 AND d.status = '有效') - "
    "(SELECT coalesce(sum(v.amount_fen), 0) FROM deposit_events v JOIN deposits d ON "
    "d.id = v.deposit_id WHERE d.project_id = $1 AND v.kind = '动用') + "
    "(SELECT coalesce(sum(v.amount_fen), 0) FROM deposit_events v JOIN deposits d ON "
    "d.id = v.deposit_id WHERE d.project_id = $1 AND v.kind = '补足')";

int
store_case_deposit(struct store *st, int64_t project_id, const char *date, int64_t *deposit_id,
                   int64_t *available, struct zq_err *err)
{
    struct store_val p[2] = { sq_int(project_id), sq_text(date) };
    int64_t n[4] = { 0 };
    int rc = sq_run(st, SQL_DEPOSIT_FOR_DRAW, p, 2, ints_row, n, NULL, err);

    *deposit_id = n[0];
    *available = n[0] != 0 ? n[1] : 0;
    return rc;
}

/* ---------------------------------------------------------------- writes */

static const char *const SQL_WRITE[SCW__N] = {
    [SCW_CASE_INSERT] =
        "INSERT INTO cases (case_no, province, region_code, origin, debtor_id, debtor_uscc, "
        "debtor_name, project_id, status, verified, filed_on, deadline_on, people, amount_fen, "
        "period_from, plan, leader_id, illegal_sub, created_at, updated_at, dept) VALUES ($1, $2, "
        "$3, $4, $5, $6, $7, $8, '办理中', 1, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, "
        "$18) RETURNING id",
    [SCW_PARTY] = "INSERT INTO case_parties (case_id, enterprise_id, role, liability, seq) "
                  "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (case_id, enterprise_id, role) DO "
                  "UPDATE SET liability = excluded.liability, seq = excluded.seq",
    [SCW_WORKER] = "INSERT INTO case_workers (case_id, worker_id, owed_fen) VALUES ($1, $2, $3) "
                   "ON CONFLICT (case_id, worker_id) DO UPDATE SET owed_fen = excluded.owed_fen",
    [SCW_TOTALS] = "UPDATE cases SET people = (SELECT count(*) FROM case_workers w WHERE "
                   "w.case_id = $1), amount_fen = (SELECT coalesce(sum(w.owed_fen), 0) FROM "
                   "case_workers w WHERE w.case_id = $1), updated_at = $2 WHERE id = $1",
    [SCW_HANDLERS_CLEAR] = "DELETE FROM case_handlers WHERE case_id = $1",
    [SCW_HANDLER] = "INSERT INTO case_handlers (case_id, user_id, role) VALUES ($1, $2, $3) "
                    "ON CONFLICT (case_id, user_id) DO UPDATE SET role = excluded.role",
    [SCW_PLAN] = "UPDATE cases SET plan = coalesce($2, plan), leader_id = coalesce($3, "
                 "leader_id), updated_at = $4 WHERE id = $1",
    [SCW_DOCUMENT] = "INSERT INTO case_documents (case_id, kind, doc_no, issued_on, deadline_on, "
                     "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    [SCW_COMPLY] = "UPDATE case_documents SET complied_on = $3 WHERE case_id = $1 AND doc_no = "
                   "$2 AND complied_on IS NULL",
    [SCW_COMPLY_ALL] = "UPDATE case_documents SET complied_on = $2 WHERE case_id = $1 AND "
                       "complied_on IS NULL AND deadline_on IS NOT NULL",
    [SCW_EXTEND] = "UPDATE cases SET deadline_on = $2, extended = 1, extension_approver = $3, "
                   "extension_approved_on = $4, updated_at = $5 WHERE id = $1 AND extended = 0",
    [SCW_SUPERVISE] = "UPDATE cases SET supervision_level = $2, updated_at = $3 WHERE id = $1",
    [SCW_REGION] = "UPDATE cases SET region_code = $2, updated_at = $3 WHERE id = $1",
    [SCW_POLICE] =
        "UPDATE cases SET police_on = $2, updated_at = $3 WHERE id = $1 AND police_on IS NULL",
    [SCW_COURT] =
        "UPDATE cases SET court_on = $2, updated_at = $3 WHERE id = $1 AND court_on IS NULL",
    [SCW_CLOSE] = "UPDATE cases SET status = '已结案', closed_on = $2, close_kind = $3, result = "
                  "$4, updated_at = $5 WHERE id = $1 AND status = '办理中'",
    [SCW_SETTLE] = "INSERT INTO settlements (case_id, province, payer_role, payer_id, worker_id, "
                   "amount_fen, paid_on, fund_advance_id, deposit_event_id, note, created_at, "
                   "created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
                   "RETURNING id",
    [SCW_EVENT] = "INSERT INTO case_events (case_id, at, actor_id, action, note, detail) VALUES "
                  "($1, $2, $3, $4, $5, $6)",
    [SCW_CLUE_LINK] = "UPDATE clues SET case_id = $2, updated_at = $3 WHERE id = $1 AND status "
                      "= '查实' AND case_id IS NULL",
    [SCW_CLUES_CLOSE] = "UPDATE clues SET status = '办结', closed_on = $2, result = $3, "
                        "updated_at = $4 WHERE case_id = $1 AND status = '查实'",
    [SCW_CLUES_EVENT] = "INSERT INTO clue_events (clue_id, at, actor_id, action, from_status, "
                        "to_status, note) SELECT id, $2, $3, 'close', '查实', '办结', $4 FROM "
                        "clues WHERE case_id = $1 AND status = '查实'",
    [SCW_DEPOSIT_DRAW] = "INSERT INTO deposit_events (deposit_id, kind, amount_fen, on_date, "
                         "case_id, note, created_at, created_by) VALUES ($1, '动用', $2, $3, $4, "
                         "$5, $6, $7) RETURNING id",
    [SCW_FUND_ENSURE] = "INSERT INTO fund_accounts (region_code, province, balance_fen, "
                        "updated_at) VALUES ($1, $2, 0, $3) ON CONFLICT (region_code) DO UPDATE "
                        "SET updated_at = fund_accounts.updated_at RETURNING id",
    [SCW_FUND_ADD] = "UPDATE fund_accounts SET balance_fen = balance_fen + CAST($2 AS BIGINT), "
                     "updated_at = $3 WHERE id = $1",
    [SCW_ADVANCE] = "INSERT INTO fund_advances (fund_id, case_id, debtor_id, amount_fen, "
                    "advanced_on, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    [SCW_MOVEMENT] = "INSERT INTO fund_movements (fund_id, kind, amount_fen, on_date, "
                     "advance_id, note, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, "
                     "$7, $8) RETURNING id",
    [SCW_RECOVER] = "UPDATE fund_advances SET recovered_fen = recovered_fen + CAST($2 AS BIGINT), "
                    "status = CASE WHEN recovered_fen + CAST($2 AS BIGINT) >= amount_fen THEN "
                    "'已追回' ELSE '部分追回' END WHERE id = $1 AND recovered_fen + CAST($2 AS "
                    "BIGINT) <= amount_fen",
};

static int
first_id(void *ctx, const struct store_val *v, int n)
{
    int64_t *id = ctx;

    if (n > 0)
        *id = sc_iv(&v[0]);
    return 0;
}

static const char SQL_CASE_LOCK[] =
    "SELECT 1 FROM (SELECT pg_advisory_xact_lock(31345003, hashtext($1))) l";

int
store_case_lock(struct store *st, const char *key, struct zq_err *err)
{
    struct store_val p[1] = { sq_text(key) };

    if (store_dialect(st) != STORE_PG)
        return 0;
    return sq_run(st, SQL_CASE_LOCK, p, 1, NULL, NULL, NULL, err);
}

int
store_case_write(struct store *st, enum sc_write w, const struct store_val *params, int n,
                 int64_t *id, int64_t *changes, struct zq_err *err)
{
    int64_t got = 0;
    int rc;

    if (w < 0 || w >= SCW__N)
        return zq_err_set(err, ZQ_EINTERNAL, "未知的案件写操作");
    rc = sq_run(st, SQL_WRITE[w], params, n, first_id, &got, NULL, err);
    if (id != NULL)
        *id = got;
    if (changes != NULL)
        *changes = rc == 0 ? store_changes(st) : 0;
    return rc;
}

/* ---------------------------------------------------------------- fund */

static const char SQL_FUND_TAKE[] =
    "UPDATE fund_accounts SET balance_fen = balance_fen - CAST($2 AS BIGINT), updated_at = $3 "
    "WHERE id = $1 AND balance_fen >= CAST($2 AS BIGINT) RETURNING balance_fen";
static const char SQL_FUND_BALANCE[] = "SELECT id, balance_fen FROM fund_accounts WHERE id = $1";
static const char SQL_FUND_GET[] =
    "SELECT id, balance_fen FROM fund_accounts WHERE region_code = $1";

int
store_fund_take(struct store *st, int64_t fund_id, int64_t amount, int64_t now, bool *ok,
                int64_t *balance, struct zq_err *err)
{
    struct store_val p[3] = { sq_int(fund_id), sq_int(amount), sq_int(now) };
    int64_t n[4] = { -1, 0, 0, 0 };
    long rows = 0;
    int rc;

    *ok = false;
    *balance = 0;
    if ((rc = sq_run(st, SQL_FUND_TAKE, p, 3, ints_row, n, &rows, err)) < 0)
        return rc;
    if (rows > 0) {
        *ok = true;
        *balance = n[0];
        return 0;
    }
    n[1] = 0;
    if ((rc = sq_run(st, SQL_FUND_BALANCE, p, 1, ints_row, n, NULL, err)) < 0)
        return rc;
    *balance = n[1];
    return 0;
}

int
store_fund_get(struct store *st, const char *region, int64_t *id, int64_t *balance,
               struct zq_err *err)
{
    struct store_val p[1] = { sq_text(region) };
    int64_t n[4] = { 0 };
    int rc = sq_run(st, SQL_FUND_GET, p, 1, ints_row, n, NULL, err);

    *id = n[0];
    *balance = n[1];
    return rc;
}

static const char SQL_ADVANCE[] =
    "SELECT a.id, a.fund_id, a.case_id, a.amount_fen, a.recovered_fen, f.region_code, c.case_no "
    "FROM fund_advances a JOIN fund_accounts f ON f.id = a.fund_id JOIN cases c ON "
    "c.id = a.case_id WHERE a.id = $1";

static int
advance_row(void *ctx, const struct store_val *v, int n)
{
    struct sc_advance *a = ctx;

    if (n < 7)
        return 1;
    a->id = sc_iv(&v[0]);
    a->fund_id = sc_iv(&v[1]);
    a->case_id = sc_iv(&v[2]);
    a->amount = sc_iv(&v[3]);
    a->recovered = sc_iv(&v[4]);
    sq_copy(a->region, sizeof a->region, &v[5]);
    sq_copy(a->case_no, sizeof a->case_no, &v[6]);
    return 1;
}

int
store_fund_advance(struct store *st, int64_t id, struct sc_advance *out, struct zq_err *err)
{
    struct store_val p[1] = { sq_int(id) };

    memset(out, 0, sizeof *out);
    return sq_run(st, SQL_ADVANCE, p, 1, advance_row, out, NULL, err);
}

/* ---------------------------------------------------------------- demo */

/* The first fitting project, unless the demo's inspection cases are already
 * on it (a second demo run adds nothing). */
static const char SQL_DEMO_PROJECT[] =
    "SELECT x.id, x.code, x.uscc FROM (SELECT p.id, p.code, e.uscc FROM projects p "
    "JOIN subcontracts s ON s.project_id = p.id "
    "JOIN enterprises e ON e.id = s.subcontractor_id WHERE p.region_code LIKE $1 AND "
    "p.funding <> '社会投资' AND (SELECT count(*) FROM employment m WHERE m.project_id = p.id) "
    ">= 4 ORDER BY p.id LIMIT 1) x "
    "WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.project_id = x.id AND c.origin = '检查')";
static const char SQL_DEMO_WORKERS[] =
    "SELECT worker_id FROM employment WHERE project_id = $1 ORDER BY id LIMIT 4";

struct demo_pick {
    int64_t id;
    char *code, *uscc;
    int64_t *workers;
    int n;
};

static int
demo_project_row(void *ctx, const struct store_val *v, int n)
{
    struct demo_pick *d = ctx;

    if (n >= 3) {
        d->id = sc_iv(&v[0]);
        sq_copy(d->code, 64, &v[1]);
        sq_copy(d->uscc, 20, &v[2]);
    }
    return 1;
}

static int
demo_worker_row(void *ctx, const struct store_val *v, int n)
{
    struct demo_pick *d = ctx;

    if (n >= 1 && d->n < 4)
        d->workers[d->n++] = sc_iv(&v[0]);
    return 0;
}

int
store_case_demo_pick(struct store *st, const char *prefix, char code[64], char sub_uscc[20],
                     int64_t workers[4], int *nworkers, struct zq_err *err)
{
    struct demo_pick d = { 0, code, sub_uscc, workers, 0 };
    char like[16];
    struct store_val p[1];
    int rc;

    code[0] = sub_uscc[0] = '\0';
    snprintf(like, sizeof like, "%.9s%%", prefix);
    p[0] = sq_text(like);
    if ((rc = sq_run(st, SQL_DEMO_PROJECT, p, 1, demo_project_row, &d, NULL, err)) < 0)
        return rc;
    p[0] = sq_int(d.id);
    if (d.id != 0 && (rc = sq_run(st, SQL_DEMO_WORKERS, p, 1, demo_worker_row, &d, NULL, err)) < 0)
        return rc;
    *nworkers = d.n;
    return 0;
}
