/*
 * h_sys.c - liveness, Prometheus metrics and the region list: routes that
 * need no account.
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/region.h"
#include "http/handlers.h"

int
h_healthz(struct hreq *r)
{
    return http_reply_text(r, 200, "text/plain; charset=utf-8", "ok\n", 3);
}

int
h_metrics(struct hreq *r)
{
    struct app *a = http_app(r);
    size_t len = 0;
    char *text = metrics_render(&r->srv->m, a, &len);
    int rc;

    rc = http_reply_text(r, 200, "text/plain; version=0.0.4; charset=utf-8",
                         text != NULL ? text : "", text != NULL ? len : 0);
    zq_free(text);
    return rc;
}

/* GET /api/v1/regions?parent=CODE: the regions directly under CODE (the
 * provinces without it).  Public data, needed by the complaint form. */
int
h_regions(struct hreq *r)
{
    const char *parent = http_query(r, "parent");
    const struct region_table *rt = NULL;
    struct app *a = http_app(r);
    json_t *items;

    if (a == NULL || app_regions(a, &rt, &r->err) < 0)
        return ZQ_EINTERNAL;
    if (parent != NULL && parent[0] != '\0' && region_find(rt, parent) == NULL)
        return http_fail(r, ZQ_ENOTFOUND, NULL, "parent", "没有这个地区：%s", parent);
    items = json_array();
    for (size_t i = 0; i < region_table_count(rt); i++) {
        const struct region *g = region_table_at(rt, i);
        if (parent != NULL && parent[0] != '\0' ? strcmp(g->parent, parent) != 0
                                                : g->level != REGION_PROVINCE)
            continue;
        json_array_append_new(items, json_pack("{s:s, s:s, s:i, s:s?}", "code", g->code, "name",
                                               g->name, "level", g->level, "parent",
                                               g->parent[0] ? g->parent : NULL));
    }
    return http_reply_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}
