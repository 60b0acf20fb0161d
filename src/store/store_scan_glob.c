/*
 * store_scan_glob.c - the scan's global facts: cases, the clues that can
 * matter on the scan date, the blacklist, case documents with deadlines,
 * warnings being handled with a deadline, the enterprises and their history
 * per area.  Read in keyset pages (PAGE rows per statement) so that the
 * PostgreSQL driver never holds a whole table; owned by struct sf_globals.
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/store_int.h"
#include "store/store_scan.h"

#define PAGE 4096

static const char *
txt(struct store_stmt *s, int c, struct arena *a)
{
    size_t n = 0;
    const char *p = store_column_text(s, c, &n);

    return arena_strndup(a, p, n);
}

static zq_date
dt(struct store_stmt *s, int c)
{
    if (store_column_type(s, c) == STORE_NULL)
        return SF_NO_DATE;
    return sf_parse_date(store_column_text(s, c, NULL));
}

static int
funding_of(struct store_stmt *s, int c)
{
    const char *f;

    if (store_column_type(s, c) == STORE_NULL)
        return -1;
    f = store_column_text(s, c, NULL);
    return strcmp(f, "政府投资") == 0       ? SF_GOV
           : strcmp(f, "国有企业投资") == 0 ? SF_SOE
                                            : SF_PRIVATE;
}

/* Read the current row into g; returns the row's paging key. */
typedef int64_t (*row_fn)(struct store_stmt *s, struct sf_globals *g);

/* Run sql page by page ($1 the last key, $2 the page size, $3... extra)
 * until a short page. */
static int
paged(struct store *st, const char *sql, const struct store_val *extra, int nextra, row_fn fn,
      struct sf_globals *g, struct zq_err *err)
{
    int64_t last = -1;

    for (;;) {
        struct store_stmt *s;
        int64_t rows = 0;
        int rc;

        if ((rc = store_prepare(st, sql, &s, err)) < 0)
            return rc;
        rc = store_bind_int(s, 1, last) < 0 || store_bind_int(s, 2, PAGE) < 0 ? ZQ_EDB : 0;
        for (int i = 0; i < nextra && rc == 0; i++)
            rc = store_bind_val(s, 3 + i, &extra[i]);
        if (rc < 0) {
            store_stmt_done(s);
            return zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：绑定参数失败", store_uri_safe(st));
        }
        while ((rc = store_step(s, err)) == STORE_ROW) {
            last = fn(s, g);
            rows++;
        }
        store_stmt_done(s);
        if (rc < 0)
            return rc;
        if (rows < PAGE)
            return 0;
    }
}

/* ------------------------------------------------------------ cases */

static const char SQL_CASES[] =
    "SELECT c.id, c.case_no, c.province, c.region_code, coalesce(c.dept, 'hrss'), "
    "coalesce(c.debtor_id, 0), coalesce(c.debtor_uscc, ''), c.debtor_name, "
    "coalesce(c.project_id, 0), coalesce(p.code, ''), p.funding, c.verified, c.filed_on, "
    "c.deadline_on, c.closed_on, c.people, c.amount_fen, c.period_from "
    "FROM cases c LEFT JOIN projects p ON p.id = c.project_id "
    "WHERE c.id > $1 ORDER BY c.id LIMIT $2";

static int64_t
row_case(struct store_stmt *s, struct sf_globals *g)
{
    struct sf_case *c;

    g->cases = zq_grow(g->cases, sizeof(*g->cases), g->ncases + 1, &g->cases_cap);
    c = &g->cases[g->ncases++];
    c->id = store_column_int(s, 0);
    c->case_no = txt(s, 1, g->text);
    c->province = txt(s, 2, g->text);
    c->region = txt(s, 3, g->text);
    c->dept = txt(s, 4, g->text);
    c->debtor_id = store_column_int(s, 5);
    c->debtor_uscc = txt(s, 6, g->text);
    c->debtor_name = txt(s, 7, g->text);
    c->project_id = store_column_int(s, 8);
    c->project_code = txt(s, 9, g->text);
    c->funding = funding_of(s, 10);
    c->verified = store_column_int(s, 11) != 0;
    c->filed = dt(s, 12);
    c->deadline = dt(s, 13);
    c->closed = dt(s, 14);
    c->people = store_column_int(s, 15);
    c->amount = store_column_int(s, 16);
    c->period_from = store_column_type(s, 17) == STORE_NULL
                         ? SF_NO_MONTH
                         : sf_parse_month(store_column_text(s, 17, NULL));
    return c->id;
}

/* ------------------------------------------------------------ clues */

/* Clues received since $3 (a timestamp), or not closed on $4: the others
 * cannot count for any rule on the scan date. */
static const char SQL_CLUES[] =
    "SELECT c.id, c.ticket, coalesce(c.external_id, ''), c.province, c.region_code, "
    "coalesce(c.dept, 'hrss'), c.respondent, coalesce(c.respondent_uscc, ''), "
    "coalesce(c.respondent_id, 0), coalesce(c.project_id, 0), "
    "coalesce(p.code, c.project_code, ''), c.status, c.received_at, c.people, c.amount_fen, "
    "c.accept_by, c.accepted_on, c.close_by, c.closed_on, coalesce(c.case_id, 0) "
    "FROM clues c LEFT JOIN projects p ON p.id = c.project_id "
    "WHERE c.id > $1 AND (c.received_at >= $3 OR c.closed_on IS NULL OR c.closed_on > $4) "
    "ORDER BY c.id LIMIT $2";

static int64_t
row_clue(struct store_stmt *s, struct sf_globals *g)
{
    struct sf_clue *c;

    g->clues = zq_grow(g->clues, sizeof(*g->clues), g->nclues + 1, &g->clues_cap);
    c = &g->clues[g->nclues++];
    c->id = store_column_int(s, 0);
    c->ticket = txt(s, 1, g->text);
    c->external_id = txt(s, 2, g->text);
    c->province = txt(s, 3, g->text);
    c->region = txt(s, 4, g->text);
    c->dept = txt(s, 5, g->text);
    c->respondent = txt(s, 6, g->text);
    c->respondent_uscc = txt(s, 7, g->text);
    c->respondent_id = store_column_int(s, 8);
    c->project_id = store_column_int(s, 9);
    c->project_code = txt(s, 10, g->text);
    c->status = txt(s, 11, g->text);
    c->received = ts_date(store_column_int(s, 12));
    c->people = store_column_int(s, 13);
    c->amount = store_column_int(s, 14);
    c->accept_by = dt(s, 15);
    c->accepted = dt(s, 16);
    c->close_by = dt(s, 17);
    c->closed = dt(s, 18);
    c->case_id = store_column_int(s, 19);
    return c->id;
}

/* ------------------------------------------------------------ blacklist */

static const char SQL_BLACK[] =
    "SELECT id, coalesce(enterprise_id, 0), uscc, name, list, status, decided_on, expires_on, "
    "removed_on FROM blacklist WHERE id > $1 ORDER BY id LIMIT $2";

static int64_t
row_black(struct store_stmt *s, struct sf_globals *g)
{
    struct sf_blacklisting *b;

    g->black = zq_grow(g->black, sizeof(*g->black), g->nblack + 1, &g->black_cap);
    b = &g->black[g->nblack++];
    b->enterprise_id = store_column_int(s, 1);
    b->uscc = txt(s, 2, g->text);
    b->name = txt(s, 3, g->text);
    b->statutory = strcmp(store_column_text(s, 4, NULL), "失信联合惩戒") == 0;
    b->listed = strcmp(store_column_text(s, 5, NULL), "已列入") == 0;
    b->decided = dt(s, 6);
    b->expires = dt(s, 7);
    b->removed = dt(s, 8);
    return store_column_int(s, 0);
}

/* ------------------------------------------------------------ case documents */

static const char SQL_DOCS[] =
    "SELECT id, case_id, kind, doc_no, deadline_on, complied_on FROM case_documents "
    "WHERE id > $1 AND deadline_on IS NOT NULL ORDER BY id LIMIT $2";

static int64_t
row_doc(struct store_stmt *s, struct sf_globals *g)
{
    struct sf_doc *d;

    g->docs = zq_grow(g->docs, sizeof(*g->docs), g->ndocs + 1, &g->docs_cap);
    d = &g->docs[g->ndocs++];
    d->case_id = store_column_int(s, 1);
    d->kind = txt(s, 2, g->text);
    d->doc_no = txt(s, 3, g->text);
    d->deadline = dt(s, 4);
    d->complied = dt(s, 5);
    return store_column_int(s, 0);
}

static int
cmp_doc(const void *a, const void *b)
{
    const struct sf_doc *x = a, *y = b;

    return (x->case_id > y->case_id) - (x->case_id < y->case_id);
}

/* ------------------------------------------------------------ assigned warnings */

static const char SQL_ASSIGNED[] =
    "SELECT id, rule, subject_type, subject_code, month, status, province, region_code, "
    "coalesce(assigned_dept, dept, 'hrss'), coalesce(project_id, 0), deadline_on FROM warnings "
    "WHERE id > $1 AND deadline_on IS NOT NULL "
    "AND status IN ('assigned', 'notified', 'replied', 'reviewed') ORDER BY id LIMIT $2";

static int64_t
row_assigned(struct store_stmt *s, struct sf_globals *g)
{
    struct sf_assigned *w;

    g->assigned = zq_grow(g->assigned, sizeof(*g->assigned), g->nassigned + 1, &g->assigned_cap);
    w = &g->assigned[g->nassigned++];
    w->id = store_column_int(s, 0);
    w->rule = txt(s, 1, g->text);
    w->subject_type = txt(s, 2, g->text);
    w->subject_code = txt(s, 3, g->text);
    w->month = txt(s, 4, g->text);
    w->status = txt(s, 5, g->text);
    w->province = txt(s, 6, g->text);
    w->region = txt(s, 7, g->text);
    w->dept = txt(s, 8, g->text);
    w->project_id = store_column_int(s, 9);
    w->deadline = dt(s, 10);
    return w->id;
}

/* ------------------------------------------------------------ enterprises */

static const char SQL_ENTS[] = "SELECT id, uscc, name, region_code FROM enterprises "
                               "WHERE id > $1 ORDER BY id LIMIT $2";

static int64_t
row_ent(struct store_stmt *s, struct sf_globals *g)
{
    struct sf_enterprise *e;

    g->ents = zq_grow(g->ents, sizeof(*g->ents), g->nents + 1, &g->ents_cap);
    e = &g->ents[g->nents++];
    e->id = store_column_int(s, 0);
    e->uscc = txt(s, 1, g->text);
    e->name = txt(s, 2, g->text);
    e->region = txt(s, 3, g->text);
    return e->id;
}

/* Each contractor's projects per area: the first start date and how many
 * hold a deposit row dated by $1.  One GROUP BY over projects (tens of
 * thousands of rows), not paged by a key: ordered by the group instead.  The
 * _OF forms take only the contractor of project $2 (through the index on
 * contractor_id): an incremental scan needs the contractors of the projects
 * it evaluates only. */
#define AREA_COLS(area)                                                                          \
    "SELECT p.contractor_id, " area ", min(p.start_date), count(*), "                            \
    "sum(CASE WHEN EXISTS (SELECT 1 FROM deposits d WHERE d.project_id = p.id AND d.amount_fen " \
    "> 0 AND d.deposited_on <= $1) THEN 1 ELSE 0 END) FROM projects p "
#define BY_AREA(area) "GROUP BY p.contractor_id, " area " ORDER BY 1, 2"
#define AREA_CITY     "substr(p.region_code, 1, 4) || '00'"
#define OF_PROJECT \
    "WHERE p.contractor_id = (SELECT q.contractor_id FROM projects q WHERE q.id = $2) "
static const char SQL_AREAS_PROVINCE[] = AREA_COLS("p.province") BY_AREA("p.province");
static const char SQL_AREAS_CITY[] = AREA_COLS(AREA_CITY) BY_AREA(AREA_CITY);
static const char SQL_AREAS_OF_PROVINCE[] =
    AREA_COLS("p.province") OF_PROJECT BY_AREA("p.province");
static const char SQL_AREAS_OF_CITY[] = AREA_COLS(AREA_CITY) OF_PROJECT BY_AREA(AREA_CITY);

static int
cmp_area(const void *a, const void *b)
{
    const struct sf_ent_area *x = a, *y = b;

    if (x->enterprise_id != y->enterprise_id)
        return x->enterprise_id < y->enterprise_id ? -1 : 1;
    return strcmp(x->area, y->area);
}

/* Run one areas statement (project 0: all contractors) and append its rows. */
static int
areas_of(struct store *st, const char *sql, const char *asof, int64_t project, struct sf_globals *g,
         struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, sql, &s, err)) < 0)
        return rc;
    if (store_bind_text(s, 1, asof, (size_t)-1) < 0 ||
        (project != 0 && store_bind_int(s, 2, project) < 0)) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    while ((rc = store_step(s, err)) == STORE_ROW) {
        struct sf_ent_area *a;
        g->areas = zq_grow(g->areas, sizeof(*g->areas), g->nareas + 1, &g->areas_cap);
        a = &g->areas[g->nareas++];
        a->enterprise_id = store_column_int(s, 0);
        a->area = txt(s, 1, g->text);
        a->first_start = dt(s, 2);
        a->projects = store_column_int(s, 3);
        a->with_deposit = store_column_int(s, 4);
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

static int
load_areas(struct store *st, zq_date as_of, bool city, const int64_t *only, size_t nonly,
           struct sf_globals *g, struct zq_err *err)
{
    char d[DATE_STR_LEN];
    size_t k = 0;
    int rc;

    date_format(as_of, d);
    if (only == NULL)
        return areas_of(st, city ? SQL_AREAS_CITY : SQL_AREAS_PROVINCE, d, 0, g, err);
    for (size_t i = 0; i < nonly; i++)
        if ((rc = areas_of(st, city ? SQL_AREAS_OF_CITY : SQL_AREAS_OF_PROVINCE, d, only[i], g,
                           err)) < 0)
            return rc;
    /* several projects of one contractor: keep each row once, sorted */
    if (g->nareas > 1)
        qsort(g->areas, g->nareas, sizeof(*g->areas), cmp_area);
    for (size_t i = 0; i < g->nareas; i++)
        if (k == 0 || cmp_area(&g->areas[k - 1], &g->areas[i]) != 0)
            g->areas[k++] = g->areas[i];
    g->nareas = k;
    return 0;
}

/* ------------------------------------------------------------ entry points */

int
store_scan_globals(struct store *st, zq_date as_of, int clue_days, bool city_area,
                   const int64_t *only, size_t nonly, struct sf_globals *g, struct zq_err *err)
{
    char d[DATE_STR_LEN];
    struct store_val clue_args[2];
    int64_t since;
    int rc;

    memset(g, 0, sizeof(*g));
    g->text = arena_new(256 * 1024);
    /* clues received on or after 00:00 (+08:00) clue_days days before as_of */
    since = ((int64_t)(as_of - clue_days) * 86400) - 8 * 3600;
    clue_args[0] = (struct store_val){ .t = STORE_INT, .i = since };
    clue_args[1] = (struct store_val){ .t = STORE_TEXT, .p = date_format(as_of, d), .n = 10 };
    if ((rc = paged(st, SQL_CASES, NULL, 0, row_case, g, err)) < 0 ||
        (rc = paged(st, SQL_CLUES, clue_args, 2, row_clue, g, err)) < 0 ||
        (rc = paged(st, SQL_BLACK, NULL, 0, row_black, g, err)) < 0 ||
        (rc = paged(st, SQL_DOCS, NULL, 0, row_doc, g, err)) < 0 ||
        (rc = paged(st, SQL_ASSIGNED, NULL, 0, row_assigned, g, err)) < 0 ||
        (rc = paged(st, SQL_ENTS, NULL, 0, row_ent, g, err)) < 0 ||
        (rc = load_areas(st, as_of, city_area, only, nonly, g, err)) < 0) {
        store_scan_globals_free(g);
        return rc;
    }
    if (g->ndocs > 1)
        qsort(g->docs, g->ndocs, sizeof(*g->docs), cmp_doc);
    return 0;
}

void
store_scan_globals_free(struct sf_globals *g)
{
    if (g == NULL)
        return;
    zq_free(g->cases);
    zq_free(g->clues);
    zq_free(g->black);
    zq_free(g->docs);
    zq_free(g->assigned);
    zq_free(g->areas);
    zq_free(g->ents);
    arena_free(g->text);
    memset(g, 0, sizeof(*g));
}

const struct sf_enterprise *
sf_enterprise_find(const struct sf_globals *g, int64_t id)
{
    size_t lo = 0, hi = g->nents;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->ents[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < g->nents && g->ents[lo].id == id ? &g->ents[lo] : NULL;
}

const struct sf_ent_area *
sf_ent_area_find(const struct sf_globals *g, int64_t id, const char *area)
{
    size_t lo = 0, hi = g->nareas;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct sf_ent_area *a = &g->areas[mid];
        if (a->enterprise_id < id || (a->enterprise_id == id && strcmp(a->area, area) < 0))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < g->nareas && g->areas[lo].enterprise_id == id && strcmp(g->areas[lo].area, area) == 0)
        return &g->areas[lo];
    return NULL;
}
