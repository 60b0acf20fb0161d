/*
 * import_att.c - attendance aggregation.  Gates and vendors send one line per
 * punch; zhiqian stores one row per project, month and worker with a day
 * bitmap (SPEC §4: several punches of a day are one day).  Lines are merged
 * in memory first, and the merged worker-months are written in key order
 * when the map is full and at the end, so memory stays bounded whatever the
 * file size and the database sees one write per worker-month.
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "svc/import_int.h"

#define AGG_SLOTS   (1u << 20)
#define AGG_ENTRIES (AGG_SLOTS / 2)

struct agg_entry {
    int64_t project_id, worker_id;
    zq_month month;
    uint32_t days, hours_mask;
    uint8_t hours[31];
    char province[7];
};

struct att_agg {
    uint32_t *slots; /* index into e[] + 1, 0 = empty */
    struct agg_entry *e;
    size_t n;
};

struct att_agg *
att_agg_new(void)
{
    struct att_agg *g = zq_calloc(1, sizeof(*g));

    g->slots = zq_calloc(AGG_SLOTS, sizeof(uint32_t));
    g->e = zq_malloc(AGG_ENTRIES * sizeof(struct agg_entry));
    return g;
}

void
att_agg_free(struct att_agg *g)
{
    if (g == NULL)
        return;
    zq_free(g->slots);
    zq_free(g->e);
    zq_free(g);
}

static uint32_t
agg_hash(int64_t p, int64_t w, zq_month m)
{
    uint64_t h = (uint64_t)p * 0x9E3779B97F4A7C15ULL;
    h ^= (uint64_t)w * 0xC2B2AE3D27D4EB4FULL;
    h ^= (uint64_t)(uint32_t)m * 0x165667B19E3779F9ULL;
    h ^= h >> 31;
    return (uint32_t)h;
}

static int
entry_cmp(const void *x, const void *y)
{
    const struct agg_entry *a = x, *b = y;

    if (a->project_id != b->project_id)
        return a->project_id < b->project_id ? -1 : 1;
    if (a->month != b->month)
        return a->month < b->month ? -1 : 1;
    if (a->worker_id != b->worker_id)
        return a->worker_id < b->worker_id ? -1 : 1;
    return 0;
}

/* PostgreSQL: resolve the new workers, then merge every worker-month in
 * one staged batch. */
static int
flush_staged(struct imp *im, struct zq_err *err)
{
    struct att_agg *g = im->att;
    const int64_t *ids;
    size_t nids;
    struct simp_att *a;
    char(*months)[MONTH_STR_LEN];
    int64_t nd, ud;
    int rc;

    if ((rc = imp_batch_resolve(im, &ids, &nids, err)) < 0)
        return rc;
    for (size_t i = 0; i < g->n; i++)
        if (g->e[i].worker_id < 0) {
            size_t k = (size_t)(-g->e[i].worker_id - 1);
            if (k >= nids)
                return zq_err_set(err, ZQ_EINTERNAL, "考勤中的工人没有解析");
            g->e[i].worker_id = ids[k];
        }
    qsort(g->e, g->n, sizeof(*g->e), entry_cmp);
    a = zq_malloc(g->n * sizeof(*a));
    months = zq_malloc(g->n * sizeof(*months));
    for (size_t i = 0; i < g->n; i++) {
        struct agg_entry *e = &g->e[i];
        month_format(e->month, months[i]);
        if (i == 0 || e->month != g->e[i - 1].month || e->project_id != g->e[i - 1].project_id)
            imp_touch(im, e->project_id, e->month, SIMP_TOT_ATTENDANCE);
        a[i] = (struct simp_att){ .project_id = e->project_id,
                                  .worker_id = e->worker_id,
                                  .month = months[i],
                                  .province = e->province,
                                  .days = e->days,
                                  .hours_mask = e->hours_mask };
        memcpy(a[i].hours, e->hours, sizeof a[i].hours);
    }
    rc = store_stage_attendance(im->st, a, g->n, &nd, &ud, err);
    zq_free(a);
    zq_free(months);
    if (rc < 0)
        return rc;
    im->res->added += nd;
    im->res->updated += ud;
    memset(g->slots, 0, AGG_SLOTS * sizeof(uint32_t));
    g->n = 0;
    return imp_refresh_totals(im, err);
}

int
att_agg_flush(struct imp *im, struct zq_err *err)
{
    struct att_agg *g = im->att;
    char mbuf[MONTH_STR_LEN];
    zq_month last_m = -1;
    int64_t last_p = -1;
    int rc;

    if (g == NULL || g->n == 0)
        return 0;
    if (im->staged)
        return flush_staged(im, err);
    qsort(g->e, g->n, sizeof(*g->e), entry_cmp);
    for (size_t i = 0; i < g->n; i++) {
        struct agg_entry *e = &g->e[i];
        struct simp_att a;
        int nd, ud;

        if (e->month != last_m || e->project_id != last_p) {
            month_format(e->month, mbuf);
            imp_touch(im, e->project_id, e->month, SIMP_TOT_ATTENDANCE);
            last_m = e->month;
            last_p = e->project_id;
        }
        a = (struct simp_att){ .project_id = e->project_id,
                               .worker_id = e->worker_id,
                               .month = mbuf,
                               .province = e->province,
                               .days = e->days,
                               .hours_mask = e->hours_mask };
        memcpy(a.hours, e->hours, sizeof a.hours);
        if ((rc = store_simp_attendance(im->st, &a, &nd, &ud, err)) < 0)
            return rc;
        im->res->added += nd;
        im->res->updated += ud;
    }
    memset(g->slots, 0, AGG_SLOTS * sizeof(uint32_t));
    g->n = 0;
    return imp_refresh_totals(im, err);
}

int
att_agg_add(struct imp *im, int64_t project_id, const char *province, int64_t worker_id,
            zq_date day, int hours_x10, struct zq_err *err)
{
    struct att_agg *g;
    int y, mo, dd;
    zq_month m;
    int d;

    date_to_ymd(day, &y, &mo, &dd);
    m = (zq_month)(y * 12 + mo - 1);
    d = dd - 1; /* 0-based day of month */
    uint32_t i;
    struct agg_entry *e;
    int rc;

    if (im->att == NULL)
        im->att = att_agg_new();
    g = im->att;
    i = agg_hash(project_id, worker_id, m) & (AGG_SLOTS - 1);
    for (;;) {
        uint32_t s = g->slots[i];
        if (s == 0)
            break;
        e = &g->e[s - 1];
        if (e->project_id == project_id && e->worker_id == worker_id && e->month == m)
            goto found;
        i = (i + 1) & (AGG_SLOTS - 1);
    }
    if (g->n == AGG_ENTRIES) {
        if ((rc = att_agg_flush(im, err)) < 0)
            return rc;
        return att_agg_add(im, project_id, province, worker_id, day, hours_x10, err);
    }
    e = &g->e[g->n++];
    g->slots[i] = (uint32_t)g->n;
    memset(e, 0, sizeof *e);
    e->project_id = project_id;
    e->worker_id = worker_id;
    e->month = m;
    memcpy(e->province, province, 7);
found:
    e->days |= 1u << d;
    if (hours_x10 >= 0) {
        /* Punches of one day: the largest reported hours stand. */
        if (!(e->hours_mask & (1u << d)) || e->hours[d] < hours_x10)
            e->hours[d] = (uint8_t)hours_x10;
        e->hours_mask |= 1u << d;
    }
    return 0;
}
