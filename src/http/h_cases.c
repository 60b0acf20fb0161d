/*
 * h_cases.c - cases, the emergency fund and the 两清零 view over HTTP:
 * parse, call svc/cases.h, answer.  Scope is applied by the store queries
 * the services call (a case out of scope is 404); every write is audited
 * by the service.
 */
#include <string.h>

#include "http/handlers.h"
#include "svc/cases.h"

static void
who_of(struct hreq *r, struct case_who *w)
{
    w->p = &r->who;
    w->actor = r->who.actor;
    w->user_id = r->who.via == AUTH_SESSION ? r->who.id : 0;
}

int
h_cases(struct hreq *r)
{
    struct case_list_args f = {
        .q = http_query(r, "q"),
        .status = http_query(r, "status"),
        .region = http_query(r, "region"),
        .supervision = http_query(r, "supervision"),
    };
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = http_page(r, &f.limit, &f.cursor)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    rc = case_list(a, &r->who, &f, &out, &r->err);
    return http_answer(r, rc, 200, &out);
}

int
h_case(struct hreq *r)
{
    struct app *a = http_app(r);
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    return http_answer(r, case_get(a, &r->who, r->params[0], &out, &r->err), 200, &out);
}

int
h_case_create(struct hreq *r)
{
    struct app *a = http_app(r);
    struct case_who w;
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    who_of(r, &w);
    return http_answer(r, case_create(a, &w, r->json, &out, &r->err), 201, &out);
}

int
h_case_action(struct hreq *r)
{
    struct app *a = http_app(r);
    struct case_who w;
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    who_of(r, &w);
    return http_answer(r, case_act(a, &w, r->params[0], r->json, &out, &r->err), 200, &out);
}

int
h_funds(struct hreq *r)
{
    struct app *a = http_app(r);
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    return http_answer(r, fund_list(a, &r->who, &out, &r->err), 200, &out);
}

int
h_fund(struct hreq *r)
{
    struct app *a = http_app(r);
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    return http_answer(r, fund_get(a, &r->who, r->params[0], &out, &r->err), 200, &out);
}

int
h_fund_topup(struct hreq *r)
{
    struct app *a = http_app(r);
    struct case_who w;
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    who_of(r, &w);
    return http_answer(r, fund_topup(a, &w, r->params[0], r->json, &out, &r->err), 201, &out);
}

int
h_fund_recover(struct hreq *r)
{
    struct app *a = http_app(r);
    struct case_who w;
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    who_of(r, &w);
    return http_answer(r, fund_recover(a, &w, r->params[0], r->json, &out, &r->err), 201, &out);
}

int
h_zero(struct hreq *r)
{
    struct app *a = http_app(r);
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    return http_answer(
        r, case_zero(a, &r->who, http_query(r, "region"), http_query(r, "as_of"), &out, &r->err),
        200, &out);
}
