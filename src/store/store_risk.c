/*
 * store_risk.c - project_risk: the scan's upserts and the scoped listings
 * (keyset-paged by score and project id, joined to the project and to its
 * entry in the risk ledger).
 */
#include "store/store_risk.h"

#include <assert.h>
#include <string.h>

#include "store/store_query_int.h"

#define PAGE 1000

static const char SQL_PUT[] =
    "INSERT INTO project_risk (project_id, province, as_of, score, factors, computed_at, band) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (project_id) DO UPDATE SET "
    "province = excluded.province, as_of = excluded.as_of, score = excluded.score, "
    "factors = excluded.factors, computed_at = excluded.computed_at, band = excluded.band";
static const char SQL_DELETE[] = "DELETE FROM project_risk WHERE project_id = $1";

#define COLS                                                                                  \
    "SELECT p.code, p.name, p.region_code, coalesce(p.industry, ''), "                        \
    "coalesce(p.funding, ''), r.as_of, r.band, r.factors, r.score, coalesce(l.score, -1), "   \
    "coalesce(l.class, ''), p.id FROM project_risk r JOIN projects p ON p.id = r.project_id " \
    "LEFT JOIN risk_ledger l ON l.subject_type = 'project' AND l.subject_code = p.code WHERE "

static const char SQL_LIST[] =
    COLS SCOPE_P("p") " AND (CAST($5 AS TEXT) IS NULL OR r.band = $5) "
                      "AND (r.score < CAST($6 AS BIGINT) OR (r.score = CAST($6 AS BIGINT) AND "
                      "p.id > $7)) ORDER BY r.score DESC, p.id LIMIT $8";
static const char SQL_GET[] = COLS SCOPE_P("p") " AND p.code = $5";

int
store_risk_put(struct store *st, int64_t project_id, const char *province, const char *as_of,
               int score, const char *band, const char *factors, int64_t now, struct zq_err *err)
{
    struct store_val p[7] = { sq_int(project_id), sq_text(province), sq_text(as_of), sq_int(score),
                              sq_text(factors),   sq_int(now),       sq_text(band) };

    return sq_run(st, SQL_PUT, p, 7, NULL, NULL, NULL, err);
}

int
store_risk_delete(struct store *st, int64_t project_id, struct zq_err *err)
{
    struct store_val p[1] = { sq_int(project_id) };

    return sq_run(st, SQL_DELETE, p, 1, NULL, NULL, NULL, err);
}

struct walk {
    pr_row_fn fn;
    void *ctx;
    int64_t last_score, last_id;
    long rows;
};

static const char *
txt(const struct store_val *v, char *buf, size_t cap)
{
    sq_copy(buf, cap, v);
    return buf;
}

static int
one_row(void *ctx, const struct store_val *v, int n)
{
    struct walk *w = ctx;
    char code[64], name[512], region[16], ind[32], fund[32], asof[16], band[8], klass[8];
    char factors[4096];
    struct pr_row r;

    assert(n >= 12);
    r.code = txt(&v[0], code, sizeof code);
    r.name = txt(&v[1], name, sizeof name);
    r.region = txt(&v[2], region, sizeof region);
    r.industry = txt(&v[3], ind, sizeof ind);
    r.funding = txt(&v[4], fund, sizeof fund);
    r.as_of = txt(&v[5], asof, sizeof asof);
    r.band = txt(&v[6], band, sizeof band);
    r.factors = txt(&v[7], factors, sizeof factors);
    r.score = v[8].i;
    r.ledger_score = v[9].i;
    r.ledger_class = txt(&v[10], klass, sizeof klass);
    w->last_score = r.score;
    w->last_id = v[11].i;
    w->rows++;
    return w->fn(w->ctx, &r);
}

int
store_risk_each(struct store *st, const struct store_scope *sc, const char *band, pr_row_fn fn,
                void *ctx, struct zq_err *err)
{
    struct walk w = { fn, ctx, INT64_MAX, 0, 0 };

    for (;;) {
        struct store_val p[8];
        int rc;

        sq_scope_params(sc, p);
        p[4] = sq_text(band);
        p[5] = sq_int(w.last_score);
        p[6] = sq_int(w.last_id);
        p[7] = sq_int(PAGE);
        w.rows = 0;
        if ((rc = sq_run(st, SQL_LIST, p, 8, one_row, &w, NULL, err)) < 0)
            return rc;
        if (w.rows < PAGE)
            return 0;
    }
}

int
store_risk_get(struct store *st, const struct store_scope *sc, const char *code, pr_row_fn fn,
               void *ctx, bool *found, struct zq_err *err)
{
    struct walk w = { fn, ctx, 0, 0, 0 };
    struct store_val p[5];
    int rc;

    sq_scope_params(sc, p);
    p[4] = sq_text(code);
    rc = sq_run(st, SQL_GET, p, 5, one_row, &w, NULL, err);
    *found = w.rows > 0;
    return rc;
}
