/*
 * store_report.c - report figures for one unit and one period, each a
 * scalar subquery of one statement (docs/reports.md defines every figure).
 * Parameters: $1..$2 the region range, $3 the department ("" any, "-"
 * unassigned), $4..$5 the civil dates of the period, $6..$7 the same period
 * as UTC seconds [from, to), $8 the project industry for incidents ("" any).  Every sum is cast to
 * BIGINT: PostgreSQL sums BIGINT into NUMERIC.
 */
#include "store/store_report.h"

#include <string.h>

#include "store/store_int.h"
#include "store/store_query_int.h"

/* clang-format off */
#define DEPT(a) "($3 = '' OR " a ".dept = $3 OR ($3 = '-' AND " a ".dept IS NULL))"
#define CLUES   "(SELECT count(*) FROM clues c WHERE c.region_code BETWEEN $1 AND $2 AND " DEPT("c")
#define CASES   "k.region_code BETWEEN $1 AND $2 AND " DEPT("k")
#define SUM(e)  "CAST(coalesce(sum(" e "), 0) AS BIGINT)"
#define IN_PERIOD(col) " AND " col " BETWEEN $4 AND $5"

/* Cases open at the end of the period with what was still owed on them. */
#define OWED_AT_END(extra)                                                              \
    "(SELECT k.amount_fen AS o, k.people AS n, (SELECT " SUM("s.amount_fen")             \
    " FROM settlements s WHERE s.case_id = k.id AND s.paid_on <= $5) AS p FROM cases k " \
    "WHERE " CASES " AND k.filed_on <= $5 AND (k.closed_on IS NULL OR k.closed_on > $5)" extra ") x"
#define OPEN_FEN(extra)                                                               \
    "(SELECT " SUM("CASE WHEN x.o > x.p THEN x.o - x.p ELSE 0 END") " FROM " OWED_AT_END( \
        extra) ")"
#define QLZ                                                                      \
    " AND EXISTS (SELECT 1 FROM projects pj WHERE pj.id = k.project_id AND pj.funding " \
    "IN ('政府投资', '国有企业投资'))"
#define PAID(role)                                                                   \
    "(SELECT " SUM("s.amount_fen") " FROM settlements s JOIN cases k ON k.id = s.case_id " \
    "WHERE " CASES IN_PERIOD("s.paid_on") role ")"
#define WARN(level)                                                                     \
    "(SELECT count(*) FROM warnings w WHERE w.region_code BETWEEN $1 AND $2 AND " DEPT("w") \
    " AND w.first_seen <= $5 AND (w.status NOT IN ('resolved', 'dismissed') OR "           \
    "w.updated_at >= $7) AND w.level = '" level "')"
#define INCIDENTS(e)                                                                          \
    "(SELECT " e " FROM incidents i WHERE i.region_code BETWEEN $1 AND $2 AND i.occurred_at " \
    ">= $6 AND i.occurred_at < $7 AND ($8 = '' OR EXISTS (SELECT 1 FROM projects pj WHERE "   \
    "pj.id = i.project_id AND pj.industry = $8)))"

/* Column order = enum srep_fig, in four statements (C99 caps a literal at
 * 4095 bytes); each uses $1..$n of its count in sql_n[]. */
static const char SQL_CLUES[] =
    "SELECT " CLUES " AND c.received_at >= $6 AND c.received_at < $7), "
    CLUES IN_PERIOD("c.accepted_on") "), "
    CLUES IN_PERIOD("c.closed_on") "), "
    CLUES IN_PERIOD("c.closed_on") " AND c.closed_on <= coalesce(c.close_by, c.closed_on)), "
    CLUES IN_PERIOD("c.closed_on") " AND c.satisfaction IS NOT NULL), "
    CLUES IN_PERIOD("c.closed_on") " AND c.satisfaction IN ('满意', '基本满意')), "
    CLUES " AND c.received_at < $7 AND ((c.close_by < $5 AND (c.closed_on IS NULL OR "
    "c.closed_on > $5)) OR (c.status = '待受理' AND c.accept_by < $5))), "
    "(SELECT count(*) FROM cases k WHERE " CASES IN_PERIOD("k.filed_on") "), "
    "(SELECT count(*) FROM cases k WHERE " CASES IN_PERIOD("k.closed_on") "), "
    "(SELECT count(*) FROM cases k WHERE " CASES " AND k.filed_on <= $5 AND k.deadline_on < $5 "
    "AND (k.closed_on IS NULL OR k.closed_on > $5))";

static const char SQL_ARREARS[] =
    "SELECT (SELECT " SUM("k.amount_fen") " FROM cases k WHERE " CASES IN_PERIOD("k.filed_on") "), "
    OPEN_FEN("") ", "
    "(SELECT " SUM("CASE WHEN x.o > x.p THEN x.n ELSE 0 END") " FROM " OWED_AT_END("") ")";

static const char SQL_PAID[] =
    "SELECT " PAID("") ", "
    PAID(" AND s.payer_role = '用人单位'") ", "
    PAID(" AND s.payer_role = '总包先行清偿'") ", "
    PAID(" AND s.payer_role = '建设单位垫付'") ", "
    PAID(" AND s.payer_role = '保证金'") ", "
    PAID(" AND s.payer_role = '应急周转金'") ", "
    PAID(" AND s.payer_role = '其他'") ", "
    "(SELECT count(*) FROM fund_advances f JOIN cases k ON k.id = f.case_id WHERE "
    CASES IN_PERIOD("f.advanced_on") "), "
    "(SELECT " SUM("f.amount_fen") " FROM fund_advances f JOIN cases k ON k.id = f.case_id "
    "WHERE " CASES IN_PERIOD("f.advanced_on") "), "
    OPEN_FEN(QLZ);

static const char SQL_EVENTS[] =
    "SELECT " WARN("red") ", " WARN("orange") ", " WARN("yellow") ", "
    INCIDENTS("count(*)") ", " INCIDENTS(SUM("i.people")) ", "
    INCIDENTS("CAST(coalesce(max(i.people), 0) AS BIGINT)") ", "
    "(SELECT count(*) FROM zero_reports z WHERE z.region_code BETWEEN $1 AND $2"
    IN_PERIOD("z.report_date") ")";

static const char *const sqls[] = { SQL_CLUES, SQL_ARREARS, SQL_PAID, SQL_EVENTS };
static const int sql_n[] = { 7, 5, 5, 8 };
/* clang-format on */

struct figs {
    int64_t *out;
    int at;
};

static int
take_figures(void *ctx, const struct store_val *v, int n)
{
    struct figs *f = ctx;

    for (int i = 0; i < n && f->at + i < SREP__N; i++)
        f->out[f->at + i] = v[i].t == STORE_INT ? v[i].i : 0;
    f->at += n;
    return 0;
}

int
store_report_figures(struct store *st, const struct srep_unit *u, const char *from, const char *to,
                     int64_t ts_from, int64_t ts_to, int64_t out[SREP__N], struct zq_err *err)
{
    struct store_val p[8];
    struct figs f = { out, 0 };
    int rc;

    memset(out, 0, sizeof(int64_t) * SREP__N);
    p[0] = sq_text(u->lo);
    p[1] = sq_text(u->hi);
    p[2] = sq_text(u->dept != NULL ? u->dept : "");
    p[3] = sq_text(from);
    p[4] = sq_text(to);
    p[5] = sq_int(ts_from);
    p[6] = sq_int(ts_to);
    p[7] = sq_text(u->industry != NULL ? u->industry : "");
    for (size_t i = 0; i < sizeof sqls / sizeof sqls[0]; i++)
        if ((rc = sq_run(st, sqls[i], p, sql_n[i], take_figures, &f, NULL, err)) < 0)
            return rc;
    if (f.at != SREP__N)
        return zq_err_set(err, ZQ_EINTERNAL, "报表指标数不符（%d）", f.at);
    return 0;
}

/* ------------------------------------------------------------ notice board */

static const char SQL_PARTIES[] =
    "SELECT 'project', p.name, p.region_code FROM projects p WHERE p.code = $3 AND "
    "p.region_code BETWEEN $1 AND $2 "
    "UNION ALL SELECT 'builder', e.name, e.uscc FROM projects p JOIN enterprises e ON e.id = "
    "p.builder_id WHERE p.code = $3 AND p.region_code BETWEEN $1 AND $2 "
    "UNION ALL SELECT 'contractor', e.name, e.uscc FROM projects p JOIN enterprises e ON e.id = "
    "p.contractor_id WHERE p.code = $3 AND p.region_code BETWEEN $1 AND $2 "
    "UNION ALL SELECT 'subcontractor', e.name, s.kind FROM projects p JOIN subcontracts s ON "
    "s.project_id = p.id JOIN enterprises e ON e.id = s.subcontractor_id WHERE p.code = $3 AND "
    "p.region_code BETWEEN $1 AND $2 "
    "UNION ALL SELECT 'clerk', coalesce(p.wage_clerk, ''), p.industry FROM projects p WHERE "
    "p.code = $3 AND p.region_code BETWEEN $1 AND $2";

struct parties {
    srep_party_fn fn;
    void *ctx;
    long n;
};

static const char *
text_of(const struct store_val *v, char *buf, size_t cap)
{
    sq_copy(buf, cap, v);
    return buf;
}

static int
take_party(void *ctx, const struct store_val *v, int n)
{
    struct parties *p = ctx;
    char a[32], b[512], c[128];

    if (n < 3)
        return 0;
    p->n++;
    return p->fn(p->ctx, text_of(&v[0], a, sizeof a), text_of(&v[1], b, sizeof b),
                 text_of(&v[2], c, sizeof c));
}

int
store_report_project_parties(struct store *st, const char *lo, const char *hi, const char *code,
                             srep_party_fn fn, void *ctx, struct zq_err *err)
{
    struct store_val p[3] = { sq_text(lo), sq_text(hi), sq_text(code) };
    struct parties x = { fn, ctx, 0 };
    int rc;

    if ((rc = sq_run(st, SQL_PARTIES, p, 3, take_party, &x, NULL, err)) < 0)
        return rc;
    if (x.n == 0)
        return zq_err_set(err, ZQ_ENOTFOUND, "项目 %s 不存在或不在权限范围内", code);
    return 0;
}
