/*
 * risk.h - the default risk of projects as the front doors read it (the scan
 * computes and keeps it: svc/scan.c, rules/risk.h): a scoped listing and one
 * project's explanation.
 */
#ifndef ZQ_SVC_RISK_H
#define ZQ_SVC_RISK_H

#include <stdbool.h>

#include "store/store_risk.h"
#include "svc/app.h"

/* The whole province, optionally narrowed to a region code (6 or 9 digits;
 * prefixes like "330282" cover their towns): the scope of the command line. */
void risk_scope_all(struct store_scope *sc, const char *region);

/* Projects in scope with band (高, 中, 低; NULL all), highest score first. */
int risk_list(struct app *a, const struct store_scope *sc, const char *band, pr_row_fn fn,
              void *ctx, struct zq_err *err) ZQ_WUR;
/* One project's risk; ZQ_ENOTFOUND (Chinese message) when the project is out
 * of scope or has none (not scanned, or not active on the scan date). */
int risk_show(struct app *a, const struct store_scope *sc, const char *code, pr_row_fn fn,
              void *ctx, struct zq_err *err) ZQ_WUR;

#endif
