/*
 * deposit.c - the deposit calculation of one project: load its facts and
 * the enterprises' history as the scan does, then run the rules' pure
 * calculation (rules/deposit.h).
 */
#include "svc/deposit.h"

#include <stdio.h>
#include <string.h>

#include "store/store_scan.h"

static int
calc_loaded(struct app *a, const struct rule_cfg *cfg, zq_date as_of, const struct sf_chunk *c,
            struct deposit_report *r, struct zq_err *err)
{
    const struct sf_project *p = &c->p[0];
    const struct sf_enterprise *e;
    struct rule_env env = { .cfg = cfg, .as_of = as_of };
    struct sf_globals g;
    struct rf_history h;
    struct rf_project d;
    int rc;

    if ((rc = app_calendar(a, &env.cal, err)) < 0)
        return rc;
    if ((rc = store_scan_globals(a->st, as_of, cfg->w11_days, cfg->dep_city_area, &c->p[0].id, 1,
                                 &g, err)) < 0)
        return rc;
    rf_history_build(&h, &g, cfg->dep_city_area);
    env.g = &g;
    env.hist = &h;
    snprintf(r->code, sizeof r->code, "%s", p->code);
    snprintf(r->name, sizeof r->name, "%s", p->name);
    if ((e = sf_enterprise_find(&g, p->contractor_id)) != NULL) {
        snprintf(r->contractor, sizeof r->contractor, "%s", e->name);
        snprintf(r->contractor_uscc, sizeof r->contractor_uscc, "%s", e->uscc);
    }
    r->contract_fen = p->contract_fen;
    rf_project_init(&d);
    rf_digest(&env, c, p, &d);
    dep_facts_of(&env, c, p, &d, &r->facts);
    rf_project_fini(&d);
    r->facts.black_name = NULL; /* points into g: copy what is printed instead */
    if (rf_blacklisted(&h, p->contractor_id, as_of) != NULL)
        r->facts.black_name = "失信联合惩戒对象名单";
    snprintf(r->area, sizeof r->area, "%s", r->facts.area);
    dep_required(cfg, as_of, &r->facts, &r->req);
    dep_valid_on(c, p, as_of, &r->valid);
    r->shortfall_fen =
        r->valid.valid_fen < r->req.required_fen ? r->req.required_fen - r->valid.valid_fen : 0;
    rf_history_fini(&h);
    store_scan_globals_free(&g);
    return 0;
}

int
deposit_calc(struct app *a, const char *code, zq_date as_of, struct deposit_report *r,
             struct zq_err *err)
{
    struct rule_cfg cfg;
    struct sf_chunk c;
    int64_t id, next;
    int rc;

    memset(r, 0, sizeof(*r));
    if ((rc = rule_cfg_load(&cfg, a->cfg, err)) < 0)
        return rc;
    if ((rc = store_scan_project_id(a->st, code, &id, err)) < 0)
        return rc;
    if (id == 0)
        return zq_err_set(err, ZQ_ENOTFOUND, "没有项目编号为“%s”的项目", code);
    sf_chunk_init(&c);
    rc = store_scan_chunk(a->st, id, id, 1, true, &c, &next, err);
    if (rc == 0 && c.np != 1)
        rc = zq_err_set(err, ZQ_ENOTFOUND, "没有项目编号为“%s”的项目", code);
    if (rc == 0)
        rc = calc_loaded(a, &cfg, as_of, &c, r, err);
    sf_chunk_fini(&c);
    return rc;
}
