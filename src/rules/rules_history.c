/*
 * rules_history.c - enterprises' records indexed for the project rules
 * (verified cases per enterprise and area, statutory blacklist entries) and
 * W15: a blacklisted enterprise building an active project.
 *
 * Cases and entries that name an enterprise only by USCC (imported before
 * the enterprise was) are matched by USCC here.  struct rf_history owns its
 * arrays; names are borrowed from the globals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/strmap.h"
#include "rules/rules.h"

void
rf_area_of(const char *region, bool city, char out[7])
{
    snprintf(out, 7, "%.2s%s", region, "0000");
    if (city && strlen(region) >= 4)
        snprintf(out, 7, "%.4s00", region);
}

static int
cmp_arr(const void *a, const void *b)
{
    const struct rf_arrears *x = a, *y = b;
    int c;

    if (x->enterprise_id != y->enterprise_id)
        return x->enterprise_id < y->enterprise_id ? -1 : 1;
    if ((c = strcmp(x->area, y->area)) != 0)
        return c;
    return (x->filed > y->filed) - (x->filed < y->filed);
}

static int
cmp_black(const void *a, const void *b)
{
    const struct rf_black *x = a, *y = b;

    return (x->enterprise_id > y->enterprise_id) - (x->enterprise_id < y->enterprise_id);
}

static int64_t
by_uscc(const struct strmap *m, int64_t id, const char *uscc)
{
    uint64_t v;

    if (id != 0 || uscc == NULL || uscc[0] == '\0')
        return id;
    return strmap_get(m, uscc, strlen(uscc), &v) ? (int64_t)v : 0;
}

void
rf_history_build(struct rf_history *h, const struct sf_globals *g, bool city_area)
{
    struct strmap *m = strmap_new();

    memset(h, 0, sizeof(*h));
    for (size_t i = 0; i < g->nents; i++)
        strmap_put(m, g->ents[i].uscc, strlen(g->ents[i].uscc), (uint64_t)g->ents[i].id);
    for (size_t i = 0; i < g->ncases; i++) {
        const struct sf_case *c = &g->cases[i];
        int64_t id = by_uscc(m, c->debtor_id, c->debtor_uscc);
        struct rf_arrears *a;

        if (id == 0 || !c->verified || c->filed == SF_NO_DATE)
            continue;
        h->arr = zq_grow(h->arr, sizeof(*h->arr), h->narr + 1, &h->arr_cap);
        a = &h->arr[h->narr++];
        a->enterprise_id = id;
        rf_area_of(c->region, city_area, a->area);
        a->filed = c->filed;
    }
    for (size_t i = 0; i < g->nblack; i++) {
        const struct sf_blacklisting *b = &g->black[i];
        int64_t id = by_uscc(m, b->enterprise_id, b->uscc);
        struct rf_black *x;

        if (id == 0 || !b->statutory || !b->listed)
            continue;
        h->black = zq_grow(h->black, sizeof(*h->black), h->nblack + 1, &h->black_cap);
        x = &h->black[h->nblack++];
        x->enterprise_id = id;
        x->name = b->name;
        x->decided = b->decided;
        x->expires = b->expires;
        x->removed = b->removed;
    }
    strmap_free(m);
    if (h->narr > 1)
        qsort(h->arr, h->narr, sizeof(*h->arr), cmp_arr);
    if (h->nblack > 1)
        qsort(h->black, h->nblack, sizeof(*h->black), cmp_black);
}

void
rf_history_fini(struct rf_history *h)
{
    zq_free(h->arr);
    zq_free(h->black);
    memset(h, 0, sizeof(*h));
}

const struct rf_black *
rf_blacklisted(const struct rf_history *h, int64_t id, zq_date d)
{
    size_t lo = 0, hi = h->nblack;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->black[mid].enterprise_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < h->nblack && h->black[lo].enterprise_id == id; lo++) {
        const struct rf_black *b = &h->black[lo];
        if ((b->decided == SF_NO_DATE || b->decided <= d) &&
            (b->expires == SF_NO_DATE || b->expires > d) &&
            (b->removed == SF_NO_DATE || b->removed > d))
            return b;
    }
    return NULL;
}

/* W15: 失信办法 — an enterprise on the statutory list on D is the builder,
 * general contractor or a subcontractor of an active project. */
void
rules_blacklist(const struct rule_env *env, const struct sf_chunk *c, const struct sf_project *p,
                const struct rule_sink *out)
{
    const struct rf_black *found[8];
    const char *role[8];
    struct rule_hit h;
    int n = 0;

    if (env->hist == NULL || p->status != SF_ACTIVE || p->start > env->as_of)
        return;
    if ((found[n] = rf_blacklisted(env->hist, p->builder_id, env->as_of)) != NULL)
        role[n++] = "建设单位";
    if ((found[n] = rf_blacklisted(env->hist, p->contractor_id, env->as_of)) != NULL)
        role[n++] = "施工总承包单位";
    for (size_t i = p->sub0; i < p->sub0 + p->nsub && n < 8; i++)
        if ((found[n] = rf_blacklisted(env->hist, c->sub[i], env->as_of)) != NULL)
            role[n++] = "分包单位";
    if (n == 0)
        return;
    rule_hit_init(&h, env, W15, LEVEL_ORANGE, SUBJ_PROJECT, p->code, SF_NO_MONTH);
    rule_hit_project(&h, p);
    rule_msg(&h, "失信联合惩戒对象参建在建项目：");
    for (int i = 0; i < n; i++) {
        char d[DATE_STR_LEN];
        rule_msg(&h, "%s%s（%s，%s 列入）", i ? "；" : "", found[i]->name, role[i],
                 found[i]->decided == SF_NO_DATE ? "—" : date_format(found[i]->decided, d));
    }
    rule_evid(&h, "{\"enterprises\":%d}", n);
    out->emit(out->ctx, &h);
}
