/*
 * risk.c - reading the default risk of projects: the command line's scope
 * (the whole province, or one region) and the scoped calls of the store.
 * The HTTP layer passes the principal's scope (svc/auth.h) instead.
 */
#include "svc/risk.h"

#include <stdio.h>
#include <string.h>

#include "svc/auth.h"

void
risk_scope_all(struct store_scope *sc, const char *region)
{
    memset(sc, 0, sizeof(*sc));
    if (region != NULL && region[0] != '\0') {
        auth_region_range(region, sc->region_lo, sc->region_hi);
        return;
    }
    snprintf(sc->region_lo, sizeof sc->region_lo, "0");
    snprintf(sc->region_hi, sizeof sc->region_hi, "999999999");
}

int
risk_list(struct app *a, const struct store_scope *sc, const char *band, pr_row_fn fn, void *ctx,
          struct zq_err *err)
{
    return store_risk_each(a->st, sc, band, fn, ctx, err);
}

int
risk_show(struct app *a, const struct store_scope *sc, const char *code, pr_row_fn fn, void *ctx,
          struct zq_err *err)
{
    bool found = false;
    int rc = store_risk_get(a->st, sc, code, fn, ctx, &found, err);

    if (rc < 0)
        return rc;
    if (!found)
        return zq_err_set(err, ZQ_ENOTFOUND,
                          "项目 %s 没有违约风险评估（没有该项目，或未扫描，或扫描日不在建）", code);
    return 0;
}
