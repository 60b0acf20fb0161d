/*
 * store_scan.c - loading the scan's facts: projects in chunks with their
 * detail rows (one range query per table and chunk, over indexes that start
 * with project_id), and the globals (cases, clues, blacklist, enterprises).
 *
 * The chunk and the globals own their arrays and their text (an arena);
 * everything is replaced by the next load.  Large global tables are read in
 * keyset pages so that the PostgreSQL driver, which fetches a statement's
 * whole result at once, never holds more than a page.
 */
#include "store/store_scan.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/store_int.h"

#define PAGE 4096 /* rows per page of the global tables */

zq_date
sf_parse_date(const char *s)
{
    int y, m, d;

    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return SF_NO_DATE;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return SF_NO_DATE;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (!date_valid_ymd(y, m, d))
        return SF_NO_DATE;
    return date_from_ymd(y, m, d);
}

zq_month
sf_parse_month(const char *s)
{
    int y, m;

    if (s == NULL || strlen(s) != 7 || s[4] != '-')
        return SF_NO_MONTH;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return SF_NO_MONTH;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    if (m < 1 || m > 12)
        return SF_NO_MONTH;
    return y * 12 + (m - 1);
}

/* ------------------------------------------------------------ helpers */

static const char *
col_text(struct store_stmt *s, int c, struct arena *a)
{
    size_t n = 0;
    const char *p = store_column_text(s, c, &n);

    return arena_strndup(a, p, n);
}

static zq_date
col_date(struct store_stmt *s, int c)
{
    if (store_column_type(s, c) == STORE_NULL)
        return SF_NO_DATE;
    return sf_parse_date(store_column_text(s, c, NULL));
}

static bool
col_is(struct store_stmt *s, int c, const char *v)
{
    return strcmp(store_column_text(s, c, NULL), v) == 0;
}

static int
bind_range(struct store *st, struct store_stmt *s, int64_t a, int64_t b, struct zq_err *err)
{
    if (store_bind_int(s, 1, a) < 0 || store_bind_int(s, 2, b) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：绑定参数失败", store_uri_safe(st));
    }
    return 0;
}

/* The index of the chunk project with this id (ids are loaded in order). */
static struct sf_project *
chunk_project(struct sf_chunk *c, int64_t id, size_t *hint)
{
    while (*hint < c->np && c->p[*hint].id < id)
        (*hint)++;
    return *hint < c->np && c->p[*hint].id == id ? &c->p[*hint] : NULL;
}

void
sf_chunk_init(struct sf_chunk *c)
{
    memset(c, 0, sizeof(*c));
    c->text = arena_new(256 * 1024);
}

void
sf_chunk_fini(struct sf_chunk *c)
{
    zq_free(c->p);
    zq_free(c->emp);
    zq_free(c->att);
    zq_free(c->pay);
    zq_free(c->disb);
    zq_free(c->txn);
    zq_free(c->dep);
    zq_free(c->ev);
    zq_free(c->sub);
    zq_free(c->names);
    arena_free(c->text);
    memset(c, 0, sizeof(*c));
}

/* ------------------------------------------------------------ projects */

static const char SQL_PROJECTS[] =
    "SELECT p.id, p.code, p.name, p.province, p.region_code, p.industry, p.funding, "
    "p.builder_id, p.contractor_id, p.contract_amount_fen, p.contract_signed_on, p.start_date, "
    "p.planned_end, p.status, p.wage_clerk, p.notice_board, a.opened_on "
    "FROM projects p LEFT JOIN wage_accounts a ON a.project_id = p.id "
    "WHERE p.id >= $1 AND p.id <= $2 ORDER BY p.id LIMIT $3";

static void
read_project(struct store_stmt *s, struct sf_project *p, struct arena *a)
{
    const char *f;

    memset(p, 0, sizeof(*p));
    p->id = store_column_int(s, 0);
    p->code = col_text(s, 1, a);
    p->name = col_text(s, 2, a);
    p->province = col_text(s, 3, a);
    p->region = col_text(s, 4, a);
    p->industry = col_text(s, 5, a);
    f = store_column_text(s, 6, NULL);
    p->funding = strcmp(f, "政府投资") == 0       ? SF_GOV
                 : strcmp(f, "国有企业投资") == 0 ? SF_SOE
                                                  : SF_PRIVATE;
    p->builder_id = store_column_int(s, 7);
    p->contractor_id = store_column_int(s, 8);
    p->contract_fen = store_column_int(s, 9);
    p->signed_on = col_date(s, 10);
    p->start = col_date(s, 11);
    p->planned_end = col_date(s, 12);
    p->status = col_is(s, 13, "在建") ? SF_ACTIVE : col_is(s, 13, "停工") ? SF_STOPPED : SF_DONE;
    p->has_clerk = store_column_type(s, 14) != STORE_NULL && store_column_text(s, 14, NULL)[0];
    p->notice_board = store_column_type(s, 15) == STORE_NULL ? -1 : (int)store_column_int(s, 15);
    p->account_on = col_date(s, 16);
}

static int
load_projects(struct store *st, int64_t from, int64_t to, size_t max, struct sf_chunk *c,
              struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, SQL_PROJECTS, &s, err)) < 0)
        return rc;
    if ((rc = bind_range(st, s, from, to, err)) < 0)
        return rc;
    if (store_bind_int(s, 3, (int64_t)max) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    while ((rc = store_step(s, err)) == STORE_ROW) {
        c->p = zq_grow(c->p, sizeof(*c->p), c->np + 1, &c->p_cap);
        read_project(s, &c->p[c->np++], c->text);
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------ detail tables */

static const char SQL_EMP[] =
    "SELECT project_id, worker_id, name, contract_signed, entered_on, left_on FROM employment "
    "WHERE project_id >= $1 AND project_id <= $2 ORDER BY project_id, worker_id";
static const char SQL_ATT[] =
    "SELECT project_id, month, worker_id, days FROM attendance "
    "WHERE project_id >= $1 AND project_id <= $2 ORDER BY project_id, month, worker_id";
static const char SQL_PAY[] =
    "SELECT project_id, month, worker_id, employer_id, name, days_worked, wage_due_fen, "
    "deductions_fen, wage_paid_fen, paid_on, channel FROM payroll "
    "WHERE project_id >= $1 AND project_id <= $2 ORDER BY project_id, month, employer_id, "
    "worker_id";
static const char SQL_DISB[] =
    "SELECT project_id, worker_id, amount_fen, paid_on, status FROM disbursements "
    "WHERE project_id >= $1 AND project_id <= $2 ORDER BY project_id, paid_on";
static const char SQL_TXN[] =
    "SELECT project_id, txn_date, direction, kind, amount_fen FROM account_txns "
    "WHERE project_id >= $1 AND project_id <= $2 ORDER BY project_id, txn_date";
static const char SQL_DEP[] =
    "SELECT project_id, id, form, amount_fen, deposited_on, expires_on, returned_on FROM deposits "
    "WHERE project_id >= $1 AND project_id <= $2 ORDER BY project_id, deposited_on, id";
static const char SQL_EV[] =
    "SELECT d.project_id, e.deposit_id, e.kind, e.amount_fen, e.on_date FROM deposit_events e "
    "JOIN deposits d ON d.id = e.deposit_id WHERE d.project_id >= $1 AND d.project_id <= $2 "
    "ORDER BY d.project_id, e.on_date, e.id";
static const char SQL_SUB[] =
    "SELECT project_id, subcontractor_id FROM subcontracts "
    "WHERE project_id >= $1 AND project_id <= $2 ORDER BY project_id, subcontractor_id";
static const char SQL_NAME[] = "SELECT name FROM workers WHERE id = $1";

enum detail { D_EMP, D_ATT, D_PAY, D_DISB, D_TXN, D_DEP, D_EV, D_SUB };

static enum sf_channel
channel_of(const char *s)
{
    if (strcmp(s, "专户代发") == 0)
        return SF_DAIFA;
    if (strcmp(s, "银行代发") == 0)
        return SF_BANK;
    if (strcmp(s, "现金") == 0)
        return SF_CASH;
    return SF_OTHER;
}

static enum sf_txn_kind
txn_kind_of(const char *s)
{
    if (strcmp(s, "人工费拨付") == 0)
        return SF_TX_RG;
    if (strcmp(s, "工资代发") == 0)
        return SF_TX_DAIFA;
    if (strcmp(s, "退回") == 0)
        return SF_TX_RETURN;
    return SF_TX_OTHER;
}

/* Append the current row of detail table d to the chunk; returns the index
 * it got, with *pid the project it belongs to. */
static void
read_detail(enum detail d, struct store_stmt *s, struct sf_chunk *c)
{
    switch (d) {
    case D_EMP: {
        struct sf_emp *e;
        c->emp = zq_grow(c->emp, sizeof(*c->emp), c->nemp + 1, &c->emp_cap);
        e = &c->emp[c->nemp++];
        e->worker_id = store_column_int(s, 1);
        e->name = col_text(s, 2, c->text);
        e->contract = store_column_int(s, 3) != 0;
        e->entered = col_date(s, 4);
        e->left = col_date(s, 5);
        break;
    }
    case D_ATT: {
        struct sf_att *a;
        c->att = zq_grow(c->att, sizeof(*c->att), c->natt + 1, &c->att_cap);
        a = &c->att[c->natt++];
        a->month = sf_parse_month(store_column_text(s, 1, NULL));
        a->worker_id = store_column_int(s, 2);
        a->days = (uint32_t)store_column_int(s, 3);
        break;
    }
    case D_PAY: {
        struct sf_pay *p;
        c->pay = zq_grow(c->pay, sizeof(*c->pay), c->npay + 1, &c->pay_cap);
        p = &c->pay[c->npay++];
        p->month = sf_parse_month(store_column_text(s, 1, NULL));
        p->worker_id = store_column_int(s, 2);
        p->employer_id = store_column_int(s, 3);
        p->name = col_text(s, 4, c->text);
        p->days = (int)store_column_int(s, 5);
        p->due = store_column_int(s, 6);
        p->deductions = store_column_int(s, 7);
        p->paid = store_column_int(s, 8);
        p->paid_on = col_date(s, 9);
        p->channel = channel_of(store_column_text(s, 10, NULL));
        break;
    }
    case D_DISB: {
        struct sf_disb *b;
        c->disb = zq_grow(c->disb, sizeof(*c->disb), c->ndisb + 1, &c->disb_cap);
        b = &c->disb[c->ndisb++];
        b->worker_id = store_column_int(s, 1);
        b->amount = store_column_int(s, 2);
        b->paid_on = col_date(s, 3);
        b->ok = col_is(s, 4, "成功");
        break;
    }
    case D_TXN: {
        struct sf_txn *t;
        c->txn = zq_grow(c->txn, sizeof(*c->txn), c->ntxn + 1, &c->txn_cap);
        t = &c->txn[c->ntxn++];
        t->date = col_date(s, 1);
        t->in = col_is(s, 2, "收入");
        t->kind = txn_kind_of(store_column_text(s, 3, NULL));
        t->amount = store_column_int(s, 4);
        break;
    }
    case D_DEP: {
        struct sf_deposit *p;
        c->dep = zq_grow(c->dep, sizeof(*c->dep), c->ndep + 1, &c->dep_cap);
        p = &c->dep[c->ndep++];
        p->id = store_column_int(s, 1);
        p->form = col_text(s, 2, c->text);
        p->cash = strcmp(p->form, "现金") == 0;
        p->amount = store_column_int(s, 3);
        p->on = col_date(s, 4);
        p->expires = col_date(s, 5);
        p->returned = col_date(s, 6);
        break;
    }
    case D_EV: {
        struct sf_dep_event *e;
        c->ev = zq_grow(c->ev, sizeof(*c->ev), c->nev + 1, &c->ev_cap);
        e = &c->ev[c->nev++];
        e->deposit_id = store_column_int(s, 1);
        e->kind = col_is(s, 2, "动用")   ? SF_DEP_DRAW
                  : col_is(s, 2, "补足") ? SF_DEP_REFILL
                                         : SF_DEP_RETURN;
        e->amount = store_column_int(s, 3);
        e->on = col_date(s, 4);
        break;
    }
    case D_SUB:
        c->sub = zq_grow(c->sub, sizeof(*c->sub), c->nsub + 1, &c->sub_cap);
        c->sub[c->nsub++] = store_column_int(s, 1);
        break;
    }
}

static size_t *
detail_count(enum detail d, struct sf_chunk *c)
{
    switch (d) {
    case D_EMP:
        return &c->nemp;
    case D_ATT:
        return &c->natt;
    case D_PAY:
        return &c->npay;
    case D_DISB:
        return &c->ndisb;
    case D_TXN:
        return &c->ntxn;
    case D_DEP:
        return &c->ndep;
    case D_EV:
        return &c->nev;
    case D_SUB:
        return &c->nsub;
    }
    return NULL;
}

/* The (start, count) pair of project p for detail table d. */
static void
detail_span(enum detail d, struct sf_project *p, size_t **x0, size_t **nx)
{
    switch (d) {
    case D_EMP:
        *x0 = &p->emp0, *nx = &p->nemp;
        break;
    case D_ATT:
        *x0 = &p->att0, *nx = &p->natt;
        break;
    case D_PAY:
        *x0 = &p->pay0, *nx = &p->npay;
        break;
    case D_DISB:
        *x0 = &p->disb0, *nx = &p->ndisb;
        break;
    case D_TXN:
        *x0 = &p->txn0, *nx = &p->ntxn;
        break;
    case D_DEP:
        *x0 = &p->dep0, *nx = &p->ndep;
        break;
    case D_EV:
        *x0 = &p->ev0, *nx = &p->nev;
        break;
    case D_SUB:
    default:
        *x0 = &p->sub0, *nx = &p->nsub;
        break;
    }
}

/* Rows of table d for the chunk's projects i..j. */
static int
load_detail(struct store *st, enum detail d, const char *sql, struct sf_chunk *c, size_t i,
            size_t j, struct zq_err *err)
{
    struct store_stmt *s;
    size_t hint = i, *x0, *nx, *count = detail_count(d, c);
    int rc;

    if ((rc = store_prepare(st, sql, &s, err)) < 0)
        return rc;
    if ((rc = bind_range(st, s, c->p[i].id, c->p[j].id, err)) < 0)
        return rc;
    while ((rc = store_step(s, err)) == STORE_ROW) {
        struct sf_project *p = chunk_project(c, store_column_int(s, 0), &hint);
        if (p == NULL)
            continue; /* cannot happen: every row names a project of the range */
        detail_span(d, p, &x0, &nx);
        if (*nx == 0)
            *x0 = *count;
        read_detail(d, s, c);
        (*nx)++;
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------ ordering */

static int
cmp_pay(const void *a, const void *b)
{
    const struct sf_pay *x = a, *y = b;

    if (x->month != y->month)
        return x->month < y->month ? -1 : 1;
    if (x->worker_id != y->worker_id)
        return x->worker_id < y->worker_id ? -1 : 1;
    return (x->employer_id > y->employer_id) - (x->employer_id < y->employer_id);
}

static int
cmp_disb(const void *a, const void *b)
{
    const struct sf_disb *x = a, *y = b;

    if (x->worker_id != y->worker_id)
        return x->worker_id < y->worker_id ? -1 : 1;
    return (x->paid_on > y->paid_on) - (x->paid_on < y->paid_on);
}

static int
cmp_name(const void *a, const void *b)
{
    const struct sf_name *x = a, *y = b;

    return (x->worker_id > y->worker_id) - (x->worker_id < y->worker_id);
}

static bool
emp_has(const struct sf_chunk *c, const struct sf_project *p, int64_t worker)
{
    size_t lo = p->emp0, hi = p->emp0 + p->nemp;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->emp[mid].worker_id < worker)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->emp0 + p->nemp && c->emp[lo].worker_id == worker;
}

static bool
pay_has(const struct sf_chunk *c, const struct sf_project *p, int64_t worker)
{
    for (size_t i = p->pay0; i < p->pay0 + p->npay; i++)
        if (c->pay[i].worker_id == worker)
            return true;
    return false;
}

static bool
names_has(const struct sf_chunk *c, const struct sf_project *p, int64_t worker)
{
    for (size_t i = p->name0; i < p->name0 + p->nname; i++)
        if (c->names[i].worker_id == worker)
            return true;
    return false;
}

/* Names from the worker register for attendees neither registered on the
 * project nor on its payroll: rare (rule W07), so looked up one by one. */
static int
load_names(struct store *st, struct sf_chunk *c, struct sf_project *p, struct zq_err *err)
{
    p->name0 = c->nnames;
    p->nname = 0;
    for (size_t i = p->att0; i < p->att0 + p->natt; i++) {
        int64_t w = c->att[i].worker_id;
        struct store_stmt *s;
        int rc;

        if (emp_has(c, p, w) || names_has(c, p, w) || pay_has(c, p, w))
            continue;
        if ((rc = store_prepare(st, SQL_NAME, &s, err)) < 0)
            return rc;
        if (store_bind_int(s, 1, w) < 0) {
            store_stmt_done(s);
            return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
        }
        rc = store_step(s, err);
        c->names = zq_grow(c->names, sizeof(*c->names), c->nnames + 1, &c->names_cap);
        c->names[c->nnames].worker_id = w;
        c->names[c->nnames].name = rc == STORE_ROW ? col_text(s, 0, c->text) : "";
        c->nnames++;
        p->nname++;
        store_stmt_done(s);
        if (rc < 0)
            return rc;
    }
    if (p->nname > 1)
        qsort(c->names + p->name0, p->nname, sizeof(*c->names), cmp_name);
    return 0;
}

static const struct {
    enum detail d;
    const char *sql;
} light[] = {
    { D_DEP, SQL_DEP },
    { D_EV, SQL_EV },
    { D_SUB, SQL_SUB },
},
  heavy[] = {
      { D_EMP, SQL_EMP }, { D_ATT, SQL_ATT }, { D_PAY, SQL_PAY }, { D_DISB, SQL_DISB }, { D_TXN, SQL_TXN },
  };

int
store_scan_detail(struct store *st, struct sf_chunk *c, size_t i, size_t j, struct zq_err *err)
{
    int rc;

    /* skip projects that have their rows: a range must not load them twice */
    while (i <= j && c->p[i].detail)
        i++;
    while (j > i && c->p[j].detail)
        j--;
    if (i > j || j >= c->np)
        return 0;
    for (size_t k = i; k <= j; k++)
        if (c->p[k].detail) /* a loaded one inside the range: split it */
            return (rc = store_scan_detail(st, c, i, k - 1, err)) < 0
                       ? rc
                       : store_scan_detail(st, c, k + 1, j, err);
    for (size_t k = 0; k < sizeof(heavy) / sizeof(heavy[0]); k++)
        if ((rc = load_detail(st, heavy[k].d, heavy[k].sql, c, i, j, err)) < 0)
            return rc;
    for (size_t k = i; k <= j; k++) {
        struct sf_project *p = &c->p[k];
        p->detail = true;
        if (p->npay > 1)
            qsort(c->pay + p->pay0, p->npay, sizeof(*c->pay), cmp_pay);
        if (p->ndisb > 1)
            qsort(c->disb + p->disb0, p->ndisb, sizeof(*c->disb), cmp_disb);
        if ((rc = load_names(st, c, p, err)) < 0)
            return rc;
    }
    return 0;
}

int
store_scan_chunk(struct store *st, int64_t from, int64_t to, size_t max, bool detail,
                 struct sf_chunk *c, int64_t *next, struct zq_err *err)
{
    int rc;

    c->np = c->nemp = c->natt = c->npay = c->ndisb = c->ntxn = 0;
    c->ndep = c->nev = c->nsub = c->nnames = 0;
    arena_reset(c->text);
    *next = to + 1;
    if (from > to)
        return 0;
    if ((rc = load_projects(st, from, to, max, c, err)) < 0)
        return rc;
    if (c->np == 0)
        return 0;
    if (c->np == max)
        *next = c->p[c->np - 1].id + 1;
    for (size_t i = 0; i < sizeof(light) / sizeof(light[0]); i++)
        if ((rc = load_detail(st, light[i].d, light[i].sql, c, 0, c->np - 1, err)) < 0)
            return rc;
    return detail ? store_scan_detail(st, c, 0, c->np - 1, err) : 0;
}

static const char SQL_PROJECT_ID[] = "SELECT id FROM projects WHERE code = $1";

int
store_scan_project_id(struct store *st, const char *code, int64_t *id, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    *id = 0;
    if ((rc = store_prepare(st, SQL_PROJECT_ID, &s, err)) < 0)
        return rc;
    if (store_bind_text(s, 1, code, (size_t)-1) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    rc = store_step(s, err);
    if (rc == STORE_ROW)
        *id = store_column_int(s, 0);
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------ digests and changes */

static const char SQL_DIGESTS[] =
    "SELECT project_id, as_of, settings, data, computed_at FROM scan_digests "
    "WHERE project_id >= $1 AND project_id <= $2 ORDER BY project_id";
static const char SQL_MARKS_PM[] =
    "SELECT project_id, max(updated_at) FROM project_months "
    "WHERE project_id >= $1 AND project_id <= $2 GROUP BY project_id ORDER BY project_id";
static const char SQL_MARKS_DIRTY[] =
    "SELECT project_id FROM scan_dirty WHERE project_id >= $1 AND project_id <= $2 "
    "ORDER BY project_id";
static const char SQL_DIGEST_PUT[] =
    "INSERT INTO scan_digests (project_id, province, as_of, max_date, settings, data, "
    "computed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (project_id) DO UPDATE SET "
    "province = excluded.province, as_of = excluded.as_of, max_date = excluded.max_date, "
    "settings = excluded.settings, data = excluded.data, computed_at = excluded.computed_at";
static const char SQL_MARKS_CLEAR[] = "DELETE FROM scan_dirty WHERE marked_at <= $1";

int
store_scan_digests(struct store *st, struct sf_chunk *c, struct zq_err *err)
{
    struct store_stmt *s;
    size_t hint = 0;
    int rc;

    for (size_t i = 0; i < c->np; i++)
        c->p[i].digest = NULL, c->p[i].digest_len = 0;
    if (c->np == 0)
        return 0;
    if ((rc = store_prepare(st, SQL_DIGESTS, &s, err)) < 0)
        return rc;
    if ((rc = bind_range(st, s, c->p[0].id, c->p[c->np - 1].id, err)) < 0)
        return rc;
    while ((rc = store_step(s, err)) == STORE_ROW) {
        struct sf_project *p = chunk_project(c, store_column_int(s, 0), &hint);
        const void *b;
        size_t n = 0;
        void *copy;

        if (p == NULL)
            continue;
        b = store_column_blob(s, 3, &n);
        copy = arena_alloc(c->text, n ? n : 1);
        if (n)
            memcpy(copy, b, n);
        p->digest = copy;
        p->digest_len = n;
        p->digest_as_of = sf_parse_date(store_column_text(s, 1, NULL));
        p->digest_settings = store_column_int(s, 2);
        p->digest_at = store_column_int(s, 4);
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

int
store_scan_marks(struct store *st, struct sf_chunk *c, struct zq_err *err)
{
    struct store_stmt *s;
    size_t hint = 0;
    int rc;

    for (size_t i = 0; i < c->np; i++)
        c->p[i].pm_updated = 0, c->p[i].marked = false;
    if (c->np == 0)
        return 0;
    if ((rc = store_prepare(st, SQL_MARKS_PM, &s, err)) < 0)
        return rc;
    if ((rc = bind_range(st, s, c->p[0].id, c->p[c->np - 1].id, err)) < 0)
        return rc;
    while ((rc = store_step(s, err)) == STORE_ROW) {
        struct sf_project *p = chunk_project(c, store_column_int(s, 0), &hint);
        if (p != NULL)
            p->pm_updated = store_column_int(s, 1);
    }
    store_stmt_done(s);
    if (rc < 0)
        return rc;
    hint = 0;
    if ((rc = store_prepare(st, SQL_MARKS_DIRTY, &s, err)) < 0)
        return rc;
    if ((rc = bind_range(st, s, c->p[0].id, c->p[c->np - 1].id, err)) < 0)
        return rc;
    while ((rc = store_step(s, err)) == STORE_ROW) {
        struct sf_project *p = chunk_project(c, store_column_int(s, 0), &hint);
        if (p != NULL)
            p->marked = true;
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

int
store_scan_digest_put(struct store *st, const struct sf_project *p, zq_date as_of, zq_date max_date,
                      int64_t settings, const void *data, size_t n, int64_t now, struct zq_err *err)
{
    char a[DATE_STR_LEN], m[DATE_STR_LEN];
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, SQL_DIGEST_PUT, &s, err)) < 0)
        return rc;
    date_format(as_of, a);
    date_format(max_date == SF_NO_DATE ? as_of : max_date, m);
    if (store_bind_int(s, 1, p->id) < 0 || store_bind_text(s, 2, p->province, (size_t)-1) < 0 ||
        store_bind_text(s, 3, a, (size_t)-1) < 0 || store_bind_text(s, 4, m, (size_t)-1) < 0 ||
        store_bind_int(s, 5, settings) < 0 || store_bind_blob(s, 6, data ? data : "", n) < 0 ||
        store_bind_int(s, 7, now) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    return store_run(s, err);
}

int
store_scan_marks_clear(struct store *st, int64_t until, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, SQL_MARKS_CLEAR, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, until) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    return store_run(s, err);
}

/* Enterprises whose record changed since $1: their cases, blacklist
 * entries, themselves, and as contractor their projects and deposits. */
static const char SQL_CHANGED_ENTS[] =
    "SELECT debtor_id FROM cases WHERE updated_at >= $1 AND debtor_id IS NOT NULL "
    "UNION SELECT e.id FROM cases c JOIN enterprises e ON e.uscc = c.debtor_uscc "
    "WHERE c.updated_at >= $1 "
    "UNION SELECT enterprise_id FROM blacklist WHERE updated_at >= $1 AND enterprise_id IS NOT "
    "NULL UNION SELECT e.id FROM blacklist b JOIN enterprises e ON e.uscc = b.uscc "
    "WHERE b.updated_at >= $1 "
    "UNION SELECT id FROM enterprises WHERE updated_at >= $1 "
    "UNION SELECT contractor_id FROM projects WHERE updated_at >= $1 "
    "UNION SELECT p.contractor_id FROM deposits d JOIN projects p ON p.id = d.project_id "
    "WHERE d.updated_at >= $1 "
    "UNION SELECT p.contractor_id FROM deposit_events v JOIN deposits d ON d.id = v.deposit_id "
    "JOIN projects p ON p.id = d.project_id WHERE v.created_at >= $1";
/* The projects of enterprise $1, through the indexes on each role. */
static const char SQL_PROJECTS_OF[] =
    "SELECT id FROM projects WHERE builder_id = $1 UNION ALL "
    "SELECT id FROM projects WHERE contractor_id = $1 UNION ALL "
    "SELECT project_id FROM subcontracts WHERE subcontractor_id = $1";

/* UNION ALL without ORDER BY: each branch then uses its own index (a merged,
 * ordered UNION made SQLite scan project_months whole); the ids are sorted
 * and made distinct in C. */
static const char SQL_CHANGED[] =
    "SELECT project_id FROM project_months WHERE updated_at >= $1 "
    "UNION ALL SELECT project_id FROM scan_dirty "
    "UNION ALL SELECT id FROM projects WHERE updated_at >= $1 "
    "UNION ALL SELECT project_id FROM wage_accounts WHERE updated_at >= $1 "
    "UNION ALL SELECT project_id FROM deposits WHERE updated_at >= $1 "
    "UNION ALL SELECT d.project_id FROM deposit_events v JOIN deposits d ON d.id = v.deposit_id "
    "WHERE v.created_at >= $1 "
    "UNION ALL SELECT project_id FROM subcontracts WHERE updated_at >= $1";

static int
cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

/* Append the ids sql yields for parameter v to *ids. */
static int
collect_ids(struct store *st, const char *sql, int64_t v, int64_t **ids, size_t *n, size_t *cap,
            struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, sql, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, v) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    while ((rc = store_step(s, err)) == STORE_ROW) {
        *ids = zq_grow(*ids, sizeof(**ids), *n + 1, cap);
        (*ids)[(*n)++] = store_column_int(s, 0);
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

int
store_scan_changed(struct store *st, int64_t since, int64_t **ids, size_t *n, struct zq_err *err)
{
    int64_t *ents = NULL;
    size_t nents = 0, ecap = 0, cap = 0;
    int rc;

    *ids = NULL;
    *n = 0;
    rc = collect_ids(st, SQL_CHANGED, since, ids, n, &cap, err);
    if (rc == 0)
        rc = collect_ids(st, SQL_CHANGED_ENTS, since, &ents, &nents, &ecap, err);
    for (size_t i = 0; i < nents && rc == 0; i++)
        rc = collect_ids(st, SQL_PROJECTS_OF, ents[i], ids, n, &cap, err);
    zq_free(ents);
    if (rc < 0) {
        zq_free(*ids);
        *ids = NULL;
        *n = 0;
        return rc;
    }
    if (*n > 1) {
        size_t k = 1;
        qsort(*ids, *n, sizeof(**ids), cmp_id);
        for (size_t i = 1; i < *n; i++)
            if ((*ids)[i] != (*ids)[k - 1])
                (*ids)[k++] = (*ids)[i];
        *n = k;
    }
    return 0;
}

/* ------------------------------------------------------------ one project's changed months */

static const char SQL_PM_MONTHS[] = "SELECT month FROM project_months WHERE project_id = $1 AND "
                                    "updated_at >= $2 ORDER BY month";
static const char SQL_EMP_ONE[] =
    "SELECT project_id, worker_id, name, contract_signed, entered_on, left_on FROM employment "
    "WHERE project_id = $1 ORDER BY worker_id";
static const char SQL_ATT_MONTH[] = "SELECT project_id, month, worker_id, days FROM attendance "
                                    "WHERE project_id = $1 AND month = $2 ORDER BY worker_id";
static const char SQL_PAY_MONTH[] =
    "SELECT project_id, month, worker_id, employer_id, name, days_worked, wage_due_fen, "
    "deductions_fen, wage_paid_fen, paid_on, channel FROM payroll WHERE project_id = $1 AND "
    "month = $2 ORDER BY employer_id, worker_id";
static const char SQL_TXN_MONTH[] =
    "SELECT project_id, txn_date, direction, kind, amount_fen FROM account_txns "
    "WHERE project_id = $1 AND txn_date >= $2 AND txn_date <= $3 ORDER BY txn_date";
static const char SQL_DISB_FROM[] =
    "SELECT project_id, worker_id, amount_fen, paid_on, status FROM disbursements "
    "WHERE project_id = $1 AND paid_on >= $2 ORDER BY paid_on";

int
store_scan_pm_months(struct store *st, int64_t project_id, int64_t since, zq_month *out, size_t cap,
                     size_t *n, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    *n = 0;
    if ((rc = store_prepare(st, SQL_PM_MONTHS, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, project_id) < 0 || store_bind_int(s, 2, since) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    while ((rc = store_step(s, err)) == STORE_ROW) {
        if (*n < cap)
            out[*n] = sf_parse_month(store_column_text(s, 0, NULL));
        (*n)++;
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

/* Rows of table d for project p from sql with parameters v[0..nv). */
static int
load_one(struct store *st, enum detail d, const char *sql, struct sf_chunk *c, struct sf_project *p,
         const struct store_val *v, int nv, struct zq_err *err)
{
    struct store_stmt *s;
    size_t *x0, *nx, *count = detail_count(d, c);
    int rc;

    if ((rc = store_prepare(st, sql, &s, err)) < 0)
        return rc;
    for (int i = 0; i < nv; i++)
        if (store_bind_val(s, i + 1, &v[i]) < 0) {
            store_stmt_done(s);
            return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
        }
    detail_span(d, p, &x0, &nx);
    while ((rc = store_step(s, err)) == STORE_ROW) {
        if (*nx == 0)
            *x0 = *count;
        read_detail(d, s, c);
        (*nx)++;
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

int
store_scan_detail_months(struct store *st, struct sf_chunk *c, size_t i, const zq_month *months,
                         size_t n, int disb_days, struct zq_err *err)
{
    struct sf_project *p = &c->p[i];
    struct store_val v[3] = { { .t = STORE_INT, .i = p->id } };
    zq_date first_paid = SF_NO_DATE;
    char a[MONTH_STR_LEN], b[DATE_STR_LEN], e[DATE_STR_LEN];
    int rc;

    if (p->detail)
        return 0;
    p->nemp = p->natt = p->npay = p->ndisb = p->ntxn = 0;
    if ((rc = load_one(st, D_EMP, SQL_EMP_ONE, c, p, v, 1, err)) < 0)
        return rc;
    for (size_t k = 0; k < n; k++) {
        v[1] = (struct store_val){ .t = STORE_TEXT, .p = month_format(months[k], a), .n = 7 };
        if ((rc = load_one(st, D_ATT, SQL_ATT_MONTH, c, p, v, 2, err)) < 0 ||
            (rc = load_one(st, D_PAY, SQL_PAY_MONTH, c, p, v, 2, err)) < 0)
            return rc;
        v[1] = (struct store_val){ .t = STORE_TEXT,
                                   .p = date_format(month_first_day(months[k]), b),
                                   .n = 10 };
        v[2] = (struct store_val){ .t = STORE_TEXT,
                                   .p = date_format(month_last_day(months[k]), e),
                                   .n = 10 };
        if ((rc = load_one(st, D_TXN, SQL_TXN_MONTH, c, p, v, 3, err)) < 0)
            return rc;
    }
    for (size_t k = p->pay0; k < p->pay0 + p->npay; k++)
        if (c->pay[k].paid_on != SF_NO_DATE &&
            (first_paid == SF_NO_DATE || c->pay[k].paid_on < first_paid))
            first_paid = c->pay[k].paid_on;
    if (first_paid != SF_NO_DATE) {
        v[1] = (struct store_val){ .t = STORE_TEXT,
                                   .p = date_format(first_paid - disb_days, b),
                                   .n = 10 };
        if ((rc = load_one(st, D_DISB, SQL_DISB_FROM, c, p, v, 2, err)) < 0)
            return rc;
    }
    p->detail = true;
    if (p->npay > 1)
        qsort(c->pay + p->pay0, p->npay, sizeof(*c->pay), cmp_pay);
    if (p->ndisb > 1)
        qsort(c->disb + p->disb0, p->ndisb, sizeof(*c->disb), cmp_disb);
    return load_names(st, c, p, err);
}
