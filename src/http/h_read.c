/*
 * h_read.c - projects, enterprises and workers: lists with filters and
 * cursor pagination, details, and the audited reveal of personal data.
 * Scope is applied by the store queries the services call.
 */
#include <string.h>

#include "http/handlers.h"
#include "svc/query.h"

/* Run a list or detail service and answer 200 with its JSON. */
/* out is read after rc is computed: pass its address, so that the order in
 * which arguments are evaluated does not matter. */
static int
page(struct hreq *r, struct query_page *pg)
{
    return http_page(r, &pg->limit, &pg->cursor);
}

int
h_projects(struct hreq *r)
{
    struct query_projects_args f = {
        .region = http_query(r, "region"),
        .q = http_query(r, "q"),
        .status = http_query(r, "status"),
        .industry = http_query(r, "industry"),
        .funding = http_query(r, "funding"),
        .enterprise = http_query(r, "enterprise"),
        .sort = http_query(r, "sort"),
    };
    struct query_page pg;
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = page(r, &pg)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    rc = query_projects(a, &r->who, &f, &pg, &out, &r->err);
    return http_answer(r, rc, 200, &out);
}

int
h_project(struct hreq *r)
{
    struct app *a = http_app(r);
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    return http_answer(r, query_project(a, &r->who, r->params[0], &out, &r->err), 200, &out);
}

static int
project_part(struct hreq *r, enum sq_project_part part)
{
    struct query_page pg;
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = page(r, &pg)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    rc = query_project_part(a, &r->who, r->params[0], part, http_query(r, "month"), &pg, &out,
                            &r->err);
    return http_answer(r, rc, 200, &out);
}

int
h_project_workers(struct hreq *r)
{
    return project_part(r, SQ_PART_ROSTER);
}

int
h_project_txns(struct hreq *r)
{
    return project_part(r, SQ_PART_TXNS);
}

int
h_project_payroll(struct hreq *r)
{
    return project_part(r, SQ_PART_PAYROLL);
}

static int
reveal(struct hreq *r, const char *entity)
{
    const char *field, *reason;
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = http_json_str(r, "field", true, 32, &field)) < 0 ||
        (rc = http_json_str(r, "reason", true, 500, &reason)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    rc = query_reveal(a, &r->who, entity, r->params[0], field, reason, &out, &r->err);
    return http_answer(r, rc, 200, &out);
}

int
h_project_reveal(struct hreq *r)
{
    return reveal(r, "project");
}

int
h_enterprise_reveal(struct hreq *r)
{
    return reveal(r, "enterprise");
}

int
h_worker_reveal(struct hreq *r)
{
    return reveal(r, "worker");
}

int
h_enterprises(struct hreq *r)
{
    struct query_enterprises_args f = {
        .q = http_query(r, "q"),
        .kind = http_query(r, "kind"),
        .region = http_query(r, "region"),
    };
    struct query_page pg;
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = page(r, &pg)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    rc = query_enterprises(a, &r->who, &f, &pg, &out, &r->err);
    return http_answer(r, rc, 200, &out);
}

int
h_enterprise(struct hreq *r)
{
    struct app *a = http_app(r);
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    return http_answer(r, query_enterprise(a, &r->who, r->params[0], &out, &r->err), 200, &out);
}

int
h_workers(struct hreq *r)
{
    struct query_workers_args f = {
        .name = http_query(r, "name"),
        .id_number = http_query(r, "id_number"),
        .phone = http_query(r, "phone"),
        .project = http_query(r, "project"),
    };
    struct query_page pg;
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = page(r, &pg)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    rc = query_workers(a, &r->who, &f, &pg, &out, &r->err);
    return http_answer(r, rc, 200, &out);
}

int
h_worker(struct hreq *r)
{
    struct app *a;
    json_t *out = NULL;
    int64_t id;

    if (str_to_i64(str_from(r->params[0]), &id) < 0 || id < 1)
        return http_fail(r, ZQ_ENOTFOUND, NULL, NULL, "劳动者不存在或不在您的管辖范围内");
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    return http_answer(r, query_worker(a, &r->who, id, &out, &r->err), 200, &out);
}
