/*
 * report.c - builds the dispatch table, the bulletin and the assessment:
 * resolves the period, picks the rows (the sub-regions of the region, or its
 * industry departments when it has none), reads each row's figures for the
 * period and the previous one from the store, scores and ranks them.
 * The report owns its rows; report_free() releases both.
 */
#include "svc/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/str.h"
#include "svc/auth.h"

#define MAX_ROWS 512

static const char *const ind_keys[RI__N] = { "ontime", "recovery", "satisfaction", "incidents",
                                             "zero" };

/* Departments that get a row when the region has no sub-regions: the
 * department code, its name, the project industry its incidents come from. */
static const struct {
    const char *dept, *name, *industry;
} depts[] = {
    { "housing", "住建部门", "住建" }, { "transport", "交通运输部门", "交通" },
    { "water", "水利部门", "水利" },   { "agri", "农业农村部门", "农业农村" },
    { "hrss", "人社部门", "其他" },    { "-", "尚未分派", "-" },
};
#define NDEPTS (sizeof depts / sizeof depts[0])

int
report_kind_parse(const char *s)
{
    if (s == NULL)
        return -1;
    if (strcmp(s, "weekly") == 0)
        return REPORT_WEEKLY;
    if (strcmp(s, "monthly") == 0)
        return REPORT_MONTHLY;
    if (strcmp(s, "assessment") == 0)
        return REPORT_ASSESSMENT;
    return -1;
}

const char *
report_kind_title(enum report_kind k)
{
    switch (k) {
    case REPORT_WEEKLY:
        return "根治欠薪工作周调度表";
    case REPORT_MONTHLY:
        return "根治欠薪工作月通报";
    case REPORT_ASSESSMENT:
        return "根治欠薪工作年度考核";
    }
    return "";
}

/* ------------------------------------------------------------ periods */

/* ISO 8601 week of d: *year and *week. */
static void
iso_week(zq_date d, int *year, int *week)
{
    zq_date thu = d - (date_weekday(d) - 1) + 3;
    int y, m, dd;

    date_to_ymd(thu, &y, &m, &dd);
    *year = y;
    *week = (int)((thu - date_from_ymd(y, 1, 1)) / 7) + 1;
}

static void
label_period(enum report_kind k, zq_date from, zq_date to, char *out, size_t cap)
{
    int y, m, d, y2, m2, d2, wy, wk;

    date_to_ymd(from, &y, &m, &d);
    date_to_ymd(to, &y2, &m2, &d2);
    if (k == REPORT_WEEKLY) {
        iso_week(from, &wy, &wk);
        snprintf(out, cap, "%d 年第 %d 周（%d 月 %d 日至 %d 月 %d 日）", wy, wk, m, d, m2, d2);
    } else if (k == REPORT_MONTHLY) {
        snprintf(out, cap, "%d 年 %d 月", y, m);
    } else {
        snprintf(out, cap, "%d 年度", y);
    }
}

static int
parse_int_range(struct str s, int lo, int hi, int *out)
{
    int64_t v;

    if (str_to_i64(s, &v) < 0 || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* [from, to] of the period named by p (NULL: the last complete one before
 * today). */
static int
resolve_period(enum report_kind k, const char *p, zq_date today, zq_date *from, zq_date *to,
               struct zq_err *err)
{
    struct zq_err e2;
    int y, w;

    if (k == REPORT_WEEKLY) {
        zq_date d = today - 7;
        if (p != NULL && strlen(p) >= 7 && (p[5] == 'W' || p[5] == 'w') && p[4] == '-') {
            if (parse_int_range((struct str){ p, 4 }, DATE_MIN_YEAR, DATE_MAX_YEAR, &y) < 0 ||
                parse_int_range((struct str){ p + 6, strlen(p) - 6 }, 1, 53, &w) < 0)
                return zq_err_set(err, ZQ_EINVAL, "周次“%s”无效，应为 YYYY-Www（如 2026-W47）", p);
            /* Monday of ISO week 1 is the Monday of the week holding 4 January. */
            zq_date jan4 = date_from_ymd(y, 1, 4);
            d = jan4 - (date_weekday(jan4) - 1) + (zq_date)(w - 1) * 7;
        } else if (p != NULL && date_parse(str_from(p), &d, &e2) < 0) {
            return zq_err_set(err, ZQ_EINVAL, "周次“%s”无效，应为 YYYY-Www 或该周内的一个日期", p);
        }
        *from = d - (date_weekday(d) - 1);
        *to = *from + 6;
    } else if (k == REPORT_MONTHLY) {
        zq_month m = date_month(today) - 1;
        if (p != NULL && month_parse(str_from(p), &m, &e2) < 0)
            return zq_err_set(err, ZQ_EINVAL, "月份“%s”无效，应为 YYYY-MM", p);
        *from = month_first_day(m);
        *to = month_last_day(m);
    } else {
        int yy, mm, dd;
        date_to_ymd(today, &yy, &mm, &dd);
        y = yy - 1;
        if (p != NULL && parse_int_range(str_from(p), DATE_MIN_YEAR + 1, DATE_MAX_YEAR, &y) < 0)
            return zq_err_set(err, ZQ_EINVAL, "年度“%s”无效，应为 YYYY", p);
        *from = date_from_ymd(y, 1, 1);
        *to = date_from_ymd(y, 12, 31);
    }
    return 0;
}

static void
previous_period(enum report_kind k, zq_date from, zq_date *pf, zq_date *pt)
{
    *pt = from - 1;
    if (k == REPORT_WEEKLY) {
        *pf = from - 7;
    } else if (k == REPORT_MONTHLY) {
        *pf = month_first_day(date_month(*pt));
    } else {
        int y, m, d;
        date_to_ymd(*pt, &y, &m, &d);
        *pf = date_from_ymd(y, 1, 1);
    }
}

/* ------------------------------------------------------------ settings */

static int
get_int(struct app *a, const char *key, int *out, struct zq_err *err)
{
    int64_t v;
    int rc;

    if ((rc = config_get_int(a->cfg, key, &v, err)) < 0)
        return rc;
    if (v < 0 || v > 1000000)
        return zq_err_set(err, ZQ_EINVAL, "配置项 %s 超出范围", key);
    *out = (int)v;
    return 0;
}

/* "ontime:30,recovery:30,…" into w[RI__N]; the weights must sum to 100. */
static int
parse_weights(const char *text, int w[RI__N], struct zq_err *err)
{
    struct str rest = str_from(text), item;
    int sum = 0;

    memset(w, 0, sizeof(int) * RI__N);
    while (rest.len > 0) {
        struct str key, val;
        int v, i;
        (void)str_split(rest, ',', &item, &rest); /* the last item: all of rest */
        if (!str_split(str_trim(item), ':', &key, &val) ||
            parse_int_range(str_trim(val), 0, 100, &v) < 0)
            return zq_err_set(err, ZQ_EINVAL, "report.weights 格式应为“指标:权重,…”");
        for (i = 0; i < RI__N; i++)
            if (str_eq_cstr(str_trim(key), ind_keys[i]))
                break;
        if (i == RI__N)
            return zq_err_set(err, ZQ_EINVAL,
                              "report.weights 的指标应为 ontime、recovery、satisfaction、"
                              "incidents、zero");
        w[i] = v;
        sum += v;
    }
    if (sum != 100)
        return zq_err_set(err, ZQ_EINVAL, "report.weights 的权重合计应为 100（现为 %d）", sum);
    return 0;
}

/* ------------------------------------------------------------ figures */

struct unit {
    char code[16], name[64];
    char lo[10], hi[10];
    const char *dept, *industry;
    int counties; /* county-level regions that file zero reports; 0 none */
};

static int
count_counties(const struct region_table *t, const char *lo, const char *hi)
{
    int n = 0;

    for (size_t i = 0; i < region_table_count(t); i++) {
        const struct region *r = region_table_at(t, i);
        if (r->level == REGION_COUNTY && strcmp(r->code, lo) >= 0 && strcmp(r->code, hi) <= 0)
            n++;
    }
    return n;
}

static int64_t
ts_of(zq_date d)
{
    return (int64_t)d * 86400 - 8 * 3600; /* 00:00 in +08:00 */
}

static double
ratio(int64_t num, int64_t den)
{
    if (den <= 0)
        return 1.0; /* nothing due, nothing late */
    return num >= den ? 1.0 : (double)num / (double)den;
}

static void
score(const struct report *r, struct report_figs *g)
{
    const int64_t *f = g->f;
    double s = 0;

    g->rate[RI_ONTIME] = ratio(f[SREP_CLUES_ON_TIME], f[SREP_CLUES_CLOSED]);
    g->rate[RI_RECOVERY] = ratio(f[SREP_RECOVERED], f[SREP_RECOVERED] + f[SREP_OPEN_ARREARS]);
    g->rate[RI_SATISFACTION] = ratio(f[SREP_CLUES_SATISFIED], f[SREP_CLUES_RATED]);
    g->rate[RI_INCIDENTS] = f[SREP_INCIDENTS] >= 4 ? 0.0 : 1.0 - 0.25 * (double)f[SREP_INCIDENTS];
    g->rate[RI_ZERO] = g->zero_expected > 0 ? ratio(f[SREP_ZERO_FILED], g->zero_expected) : 1.0;
    for (int i = 0; i < RI__N; i++)
        s += r->weights[i] * g->rate[i];
    g->score = (double)(int64_t)(s * 100.0 + 0.5) / 100.0; /* two decimals, as printed */
}

static int
figures(struct app *a, const struct report *r, const struct unit *u, zq_date from, zq_date to,
        zq_date today, struct report_figs *g, struct zq_err *err)
{
    struct srep_unit su = { u->lo, u->hi, u->dept, u->industry };
    char f[DATE_STR_LEN], t[DATE_STR_LEN];
    int rc;

    if ((rc = store_report_figures(a->st, &su, date_format(from, f), date_format(to, t),
                                   ts_of(from), ts_of(to + 1), g->f, err)) < 0)
        return rc;
    g->zero_expected = -1;
    if (u->counties > 0 && (u->dept == NULL || u->dept[0] == '\0')) {
        zq_date last = to < today ? to : today - 1; /* today's report is due tomorrow */
        g->zero_expected = last >= from ? (int64_t)u->counties * (last - from + 1) : 0;
    }
    score(r, g);
    return 0;
}

static void
grade(const struct report *r, struct report_row *row)
{
    const struct report_figs *g = &row->cur;

    if (g->f[SREP_INCIDENT_MAX] >= r->incident_people) {
        snprintf(row->grade, sizeof row->grade, "C");
        snprintf(row->grade_reason, sizeof row->grade_reason, "发生 %lld 人的突发事件",
                 (long long)g->f[SREP_INCIDENT_MAX]);
    } else if (g->score < r->grade_c) {
        snprintf(row->grade, sizeof row->grade, "C");
        snprintf(row->grade_reason, sizeof row->grade_reason, "得分低于 %d", r->grade_c);
    } else if (g->score >= r->grade_a) {
        snprintf(row->grade, sizeof row->grade, "A");
        snprintf(row->grade_reason, sizeof row->grade_reason, "得分不低于 %d", r->grade_a);
    } else {
        snprintf(row->grade, sizeof row->grade, "B");
        row->grade_reason[0] = '\0';
    }
}

static int
by_cur(const void *x, const void *y)
{
    const struct report_row *a = x, *b = y;

    if (a->cur.score != b->cur.score)
        return a->cur.score > b->cur.score ? -1 : 1;
    return strcmp(a->code, b->code);
}

static int
by_prev(const void *x, const void *y)
{
    const struct report_row *const *a = x, *const *b = y;

    if ((*a)->prev.score != (*b)->prev.score)
        return (*a)->prev.score > (*b)->prev.score ? -1 : 1;
    return strcmp((*a)->code, (*b)->code);
}

/* Competition ranking (1, 2, 2, 4) by score: cur when prev is false. */
static void
rank_rows(struct report *r)
{
    struct report_row **v;

    qsort(r->rows, (size_t)r->nrows, sizeof *r->rows, by_cur);
    for (int i = 0; i < r->nrows; i++)
        r->rows[i].cur.rank = i > 0 && r->rows[i].cur.score == r->rows[i - 1].cur.score
                                  ? r->rows[i - 1].cur.rank
                                  : i + 1;
    v = zq_calloc((size_t)r->nrows + 1, sizeof(struct report_row *));
    for (int i = 0; i < r->nrows; i++)
        v[i] = &r->rows[i];
    qsort(v, (size_t)r->nrows, sizeof(struct report_row *), by_prev);
    for (int i = 0; i < r->nrows; i++)
        v[i]->prev.rank =
            i > 0 && v[i]->prev.score == v[i - 1]->prev.score ? v[i - 1]->prev.rank : i + 1;
    free(v);
}

/* ------------------------------------------------------------ rows */

static int
pick_units(struct app *a, struct report *r, const struct report_req *req, struct unit **out, int *n,
           struct zq_err *err)
{
    const struct region_table *t;
    struct unit *u;
    int rc, k = 0;

    if ((rc = app_regions(a, &t, err)) < 0)
        return rc;
    u = zq_calloc(MAX_ROWS, sizeof *u);
    for (size_t i = 0; i < region_table_count(t) && k < MAX_ROWS; i++) {
        const struct region *c = region_table_at(t, i);
        if (strcmp(c->parent, r->region) != 0)
            continue;
        snprintf(u[k].code, sizeof u[k].code, "%s", c->code);
        snprintf(u[k].name, sizeof u[k].name, "%s", c->name);
        auth_region_range(c->code, u[k].lo, u[k].hi);
        u[k].dept = req->dept != NULL ? req->dept : "";
        u[k].industry = req->dept != NULL ? auth_dept_industry(req->dept) : "";
        if (u[k].industry == NULL)
            u[k].industry = "-";
        u[k].counties = count_counties(t, u[k].lo, u[k].hi);
        k++;
    }
    snprintf(r->by, sizeof r->by, "%s", k > 0 ? "region" : "dept");
    if (k == 0) { /* a county: its departments */
        for (size_t i = 0; i < NDEPTS; i++) {
            if (req->dept != NULL && strcmp(req->dept, depts[i].dept) != 0)
                continue;
            snprintf(u[k].code, sizeof u[k].code, "%s", depts[i].dept);
            snprintf(u[k].name, sizeof u[k].name, "%s", depts[i].name);
            auth_region_range(r->region, u[k].lo, u[k].hi);
            u[k].dept = depts[i].dept;
            u[k].industry = depts[i].industry;
            k++;
        }
    }
    *out = u;
    *n = k;
    return 0;
}

static int
setup(struct app *a, const struct report_req *req, zq_date today, struct report *r,
      struct zq_err *err)
{
    const struct region_table *t;
    const struct region *reg;
    const char *w = config_get(a->cfg, "report.weights");
    int rc;

    r->kind = req->kind;
    r->made_on = today;
    if ((rc = resolve_period(req->kind, req->period, today, &r->from, &r->to, err)) < 0)
        return rc;
    previous_period(req->kind, r->from, &r->prev_from, &r->prev_to);
    label_period(r->kind, r->from, r->to, r->label, sizeof r->label);
    label_period(r->kind, r->prev_from, r->prev_to, r->prev_label, sizeof r->prev_label);
    if ((rc = parse_weights(w != NULL ? w : "", r->weights, err)) < 0 ||
        (rc = get_int(a, "report.grade_a", &r->grade_a, err)) < 0 ||
        (rc = get_int(a, "report.grade_c", &r->grade_c, err)) < 0 ||
        (rc = get_int(a, "report.incident_people", &r->incident_people, err)) < 0 ||
        (rc = app_regions(a, &t, err)) < 0)
        return rc;
    /* The whole database is the province this system serves. */
    snprintf(r->region, sizeof r->region, "%s",
             req->region != NULL && req->region[0] ? req->region : config_get(a->cfg, "province"));
    if ((reg = region_find(t, r->region)) == NULL)
        return zq_err_set(err, ZQ_ENOTFOUND, "地区代码 %s 不存在", r->region);
    if (req->scope_lo != NULL) {
        char lo[10], hi[10];
        auth_region_range(r->region, lo, hi);
        if (strcmp(lo, req->scope_lo) < 0 || strcmp(hi, req->scope_hi) > 0)
            return zq_err_set(err, ZQ_ENOTFOUND, "地区 %s 不在权限范围内", r->region);
    }
    snprintf(r->region_name, sizeof r->region_name, "%s", reg->name);
    snprintf(r->unit, sizeof r->unit, "%s%s", reg->name, config_get(a->cfg, "report.unit"));
    return 0;
}

static int
fill_row(struct app *a, struct report *r, const struct unit *u, struct report_row *row,
         zq_date today, struct zq_err *err)
{
    int rc;

    snprintf(row->code, sizeof row->code, "%s", u->code);
    snprintf(row->name, sizeof row->name, "%s", u->name);
    if ((rc = figures(a, r, u, r->from, r->to, today, &row->cur, err)) < 0 ||
        (rc = figures(a, r, u, r->prev_from, r->prev_to, today, &row->prev, err)) < 0)
        return rc;
    grade(r, row);
    return 0;
}

int
report_build(struct app *a, const struct report_req *req, zq_date today, struct report **out,
             struct zq_err *err)
{
    struct report *r = zq_calloc(1, sizeof *r);
    struct unit *units = NULL, all = { 0 };
    const struct region_table *t;
    int rc, n = 0;

    *out = NULL;
    if ((rc = setup(a, req, today, r, err)) < 0 || (rc = app_regions(a, &t, err)) < 0 ||
        (rc = pick_units(a, r, req, &units, &n, err)) < 0)
        goto fail;
    snprintf(all.code, sizeof all.code, "%s", r->region);
    snprintf(all.name, sizeof all.name, "合计");
    auth_region_range(r->region, all.lo, all.hi);
    all.dept = req->dept != NULL ? req->dept : "";
    all.industry = req->dept != NULL ? auth_dept_industry(req->dept) : "";
    if (all.industry == NULL)
        all.industry = "-";
    all.counties = count_counties(t, all.lo, all.hi);
    if ((rc = fill_row(a, r, &all, &r->total, today, err)) < 0)
        goto fail;
    r->rows = zq_calloc((size_t)n + 1, sizeof *r->rows);
    for (int i = 0; i < n; i++)
        if ((rc = fill_row(a, r, &units[i], &r->rows[i], today, err)) < 0)
            goto fail;
    r->nrows = n;
    rank_rows(r);
    free(units);
    *out = r;
    return 0;
fail:
    free(units);
    report_free(r);
    return rc;
}

void
report_free(struct report *r)
{
    if (r == NULL)
        return;
    free(r->rows);
    free(r);
}
