/*
 * cases_view.c - reading cases: the list with search, one case with every
 * part (the liable chain with the builder's cap, workers with what each is
 * still owed, documents, settlements, history, clues, fund advances,
 * deposit draws) and whether it may close; and the 两清零 view.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/str.h"
#include "svc/cases_int.h"
#include "svc/query.h"
#include "svc/query_int.h"

struct many {
    const struct region_table *rt;
    json_t *arr;
};

static int
many_row(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct many *m = ctx;

    json_array_append_new(m->arr, query_row_json(m->rt, cols, v, n));
    return 0;
}

static int
one_row(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct many *m = ctx;

    if (m->arr == NULL)
        m->arr = query_row_json(m->rt, cols, v, n);
    return 1;
}

static const struct {
    const char *key;
    enum sc_part part;
} case_parts[] = {
    { "chain", SC_PART_PARTIES },
    { "workers", SC_PART_WORKERS },
    { "handlers", SC_PART_HANDLERS },
    { "documents", SC_PART_DOCUMENTS },
    { "settlements", SC_PART_SETTLEMENTS },
    { "history", SC_PART_EVENTS },
    { "clues", SC_PART_CLUES },
    { "advances", SC_PART_ADVANCES },
    { "deposit_draws", SC_PART_DRAWS },
};

/* The builder's cap on 建设单位垫付, beside the chain. */
static int
add_cap(struct app *a, const struct sc_case *c, json_t *o, struct zq_err *err)
{
    char m1[MONEY_STR_LEN], m2[MONEY_STR_LEN];
    int64_t unpaid = 0, advanced = 0;
    int rc;

    if (c->builder_id == 0 || c->illegal_sub) {
        json_object_set_new(o, "builder_cap", json_null());
        return 0;
    }
    if ((rc = store_case_builder_cap(a->st, c->project_id, c->builder_id, &unpaid, &advanced,
                                     err)) < 0)
        return rc;
    json_object_set_new(o, "builder_cap",
                        json_pack("{s:s, s:s}", "unpaid_project_payments", money_format(unpaid, m1),
                                  "advanced", money_format(advanced, m2)));
    return 0;
}

int
case_get(struct app *a, const struct principal *p, const char *case_no, json_t **out,
         struct zq_err *err)
{
    struct many m = { query_regions(a), NULL };
    struct store_scope sc;
    struct sc_case c;
    json_t *why = NULL;
    char rem[MONEY_STR_LEN];
    bool found;
    int rc;

    *out = NULL;
    case_scope_p(p, &sc);
    if ((rc = store_case_find(a->st, &sc, case_no, &c, &found, err)) < 0)
        return rc;
    if (!found)
        return zq_err_set(err, ZQ_ENOTFOUND, "案件 %s 不存在或不在您的管辖范围内", case_no);
    if ((rc = store_case_row(a->st, c.id, one_row, &m, err)) < 0 || m.arr == NULL)
        goto fail;
    for (size_t i = 0; i < sizeof case_parts / sizeof case_parts[0]; i++) {
        struct many part = { m.rt, json_array() };
        json_object_set_new(m.arr, case_parts[i].key, part.arr);
        if ((rc = store_case_part(a->st, case_parts[i].part, c.id, many_row, &part, err)) < 0)
            goto fail;
    }
    if ((rc = add_cap(a, &c, m.arr, err)) < 0)
        goto fail;
    json_object_set_new(m.arr, "remaining", json_string(money_format(c.amount - c.paid, rem)));
    if (strcmp(c.status, "办理中") == 0) {
        if ((rc = case_close_blockers(a, &c, &why, err)) < 0)
            goto fail;
        json_object_set_new(m.arr, "closable", json_boolean(json_array_size(why) == 0));
        json_object_set_new(m.arr, "close_blockers", why);
    }
    *out = m.arr;
    return 0;
fail:
    json_decref(m.arr);
    return rc < 0 ? rc : zq_err_set(err, ZQ_EINTERNAL, "读取案件失败");
}

int
case_list(struct app *a, const struct principal *p, const struct case_list_args *f, json_t **out,
          struct zq_err *err)
{
    struct query_page qp = { f->cursor, f->limit };
    struct sc_filter sf = { "", "", f->q, f->status, f->supervision };
    char lo[10] = "", hi[10] = "";
    struct store_scope sc;
    struct cursor_buf cb;
    struct collect c;
    struct sq_page sp;
    int rc;

    *out = NULL;
    if (f->region != NULL && f->region[0]) {
        auth_region_range(f->region, lo, hi);
        if (lo[0] == '\0')
            return cj_bad(err, "region", "地区代码（region）应为 6 位或 9 位数字");
        sf.region_lo = lo;
        sf.region_hi = hi;
    }
    if (f->status != NULL && f->status[0] && strcmp(f->status, "办理中") != 0 &&
        strcmp(f->status, "已结案") != 0)
        return cj_bad(err, "status", "状态（status）应为“办理中”或“已结案”");
    if (f->q != NULL && strlen(f->q) > 200)
        return cj_bad(err, "q", "检索词过长");
    if ((rc = page_from(&qp, CURSOR_ID, false, &sp, &cb, err)) < 0)
        return rc;
    collect_init(&c, query_regions(a), sp.limit, CURSOR_ID, 0);
    case_scope_p(p, &sc);
    rc = store_case_list(a->st, &sc, &sf, &sp, collect_row, &c, err);
    if (rc == 0)
        *out = collect_page(&c);
    collect_fini(&c);
    return rc;
}

/* ---------------------------------------------------------------- 两清零 */

enum { Z_GOV, Z_OTHER };

struct zero_region {
    char code[10];
    int64_t cases[2], owed[2], workers[2];
};

struct zero {
    struct zero_region r[512];
    size_t n;
    bool truncated;
};

static int
zero_add(void *ctx, const struct sc_open *o)
{
    struct zero *z = ctx;
    char county[10];
    int k = strcmp(o->funding, "政府投资") == 0 || strcmp(o->funding, "国有企业投资") == 0
                ? Z_GOV
                : Z_OTHER;
    size_t i;

    snprintf(county, sizeof county, "%.6s", o->region);
    for (i = 0; i < z->n && strcmp(z->r[i].code, county) != 0; i++)
        ;
    if (i == z->n) {
        if (z->n == sizeof z->r / sizeof z->r[0]) {
            z->truncated = true;
            return 0;
        }
        memset(&z->r[i], 0, sizeof z->r[i]);
        snprintf(z->r[i].code, sizeof z->r[i].code, "%s", county);
        z->n++;
    }
    z->r[i].cases[k]++;
    z->r[i].owed[k] += o->owed - o->paid;
    z->r[i].workers[k] += o->workers_owed;
    return 0;
}

static json_t *
zero_part(int64_t cases, int64_t owed, int64_t workers, zq_date target, zq_date as_of)
{
    char m[MONEY_STR_LEN], t[DATE_STR_LEN];

    return json_pack("{s:I, s:s, s:I, s:s, s:I}", "cases", (json_int_t)cases, "amount",
                     money_format(owed, m), "workers", (json_int_t)workers, "target",
                     date_format(target, t), "days_left", (json_int_t)(target - as_of));
}

static int
zero_targets(struct app *a, zq_date *gov, zq_date *chuxi, struct zq_err *err)
{
    const char *cx = config_get(a->cfg, "zero.chuxi"), *ye = config_get(a->cfg, "zero.year_end");
    int y, m, d;

    if (cx == NULL || date_parse(str_from(cx), chuxi, NULL) < 0)
        return zq_err_set(err, ZQ_EINVAL, "配置项 zero.chuxi 应为 YYYY-MM-DD");
    if (ye != NULL && ye[0]) {
        if (date_parse(str_from(ye), gov, NULL) < 0)
            return zq_err_set(err, ZQ_EINVAL, "配置项 zero.year_end 应为 YYYY-MM-DD");
        return 0;
    }
    /* the winter action runs from mid-November to 除夕: its year end is the
     * 31 December before the 除夕 of the coming Spring Festival */
    date_to_ymd(*chuxi, &y, &m, &d);
    *gov = date_from_ymd(m == 12 ? y : y - 1, 12, 31);
    return 0;
}

int
case_zero(struct app *a, const struct principal *p, const char *region, const char *as_of,
          json_t **out, struct zq_err *err)
{
    const struct region_table *rt = query_regions(a);
    struct store_scope sc;
    struct zero *z = NULL;
    zq_date asof = date_today(), gov = 0, chuxi = 0;
    char d[DATE_STR_LEN], lo[10], hi[10];
    int64_t tot[2][3] = { { 0 } };
    json_t *arr;
    int rc;

    *out = NULL;
    if (as_of != NULL && as_of[0] && date_parse(str_from(as_of), &asof, NULL) < 0)
        return cj_bad(err, "as_of", "日期（as_of）应为 YYYY-MM-DD");
    if ((rc = zero_targets(a, &gov, &chuxi, err)) < 0)
        return rc;
    case_scope_p(p, &sc);
    if (region != NULL && region[0]) {
        auth_region_range(region, lo, hi);
        if (lo[0] == '\0')
            return cj_bad(err, "region", "地区代码（region）应为 6 位或 9 位数字");
        if (strcmp(lo, sc.region_lo) > 0)
            snprintf(sc.region_lo, sizeof sc.region_lo, "%s", lo);
        if (strcmp(hi, sc.region_hi) < 0)
            snprintf(sc.region_hi, sizeof sc.region_hi, "%s", hi);
    }
    z = calloc(1, sizeof *z);
    if (z == NULL)
        return zq_err_set(err, ZQ_EINTERNAL, "内存不足");
    date_format(asof, d); /* also answered when the region range is empty */
    if (strcmp(sc.region_lo, sc.region_hi) <= 0 &&
        (rc = store_case_open_arrears(a->st, &sc, d, zero_add, z, err)) < 0) {
        free(z);
        return rc;
    }
    arr = json_array();
    for (size_t i = 0; i < z->n; i++) {
        const struct zero_region *r = &z->r[i];
        const struct region *rg = rt != NULL ? region_find(rt, r->code) : NULL;
        json_array_append_new(
            arr,
            json_pack(
                "{s:s, s:s?, s:o, s:o}", "region_code", r->code, "region_name",
                rg != NULL ? rg->name : NULL, "gov_soe",
                zero_part(r->cases[Z_GOV], r->owed[Z_GOV], r->workers[Z_GOV], gov, asof), "others",
                zero_part(r->cases[Z_OTHER], r->owed[Z_OTHER], r->workers[Z_OTHER], chuxi, asof)));
        for (int k = 0; k < 2; k++) {
            tot[k][0] += r->cases[k];
            tot[k][1] += r->owed[k];
            tot[k][2] += r->workers[k];
        }
    }
    *out = json_pack(
        "{s:s, s:o, s:o, s:o, s:b}", "as_of", d, "regions", arr, "total",
        json_pack("{s:o, s:o}", "gov_soe", zero_part(tot[0][0], tot[0][1], tot[0][2], gov, asof),
                  "others", zero_part(tot[1][0], tot[1][1], tot[1][2], chuxi, asof)),
        "basis",
        json_string("政府投资和国有企业投资项目欠薪年底前清零，其他欠薪春节（除夕）前动态清零"),
        "truncated", z->truncated);
    free(z);
    return 0;
}
