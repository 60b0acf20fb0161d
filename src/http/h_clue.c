/*
 * h_clue.c - clue routes (SPEC §7, §11): the public complaint form and
 * progress query (no account, rate-limited), the staff list, detail, entry
 * and actions, the duty roster and the caller's notifications.  Scope is
 * applied by the store queries the services call.
 */
#include <string.h>

#include "http/handlers.h"
#include "svc/clue.h"

static json_t *
receipt_json(const struct clue_receipt *c)
{
    json_t *o = json_pack("{s:s, s:s}", "ticket", c->ticket, "accept_by", c->accept_by);

    if (c->linked_ticket[0] != '\0')
        json_object_set_new(o, "linked_to", json_string(c->linked_ticket));
    return o;
}

int
h_public_clue_add(struct hreq *r)
{
    struct clue_receipt c;
    struct app *a;
    int rc;

    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    if ((rc = clue_public_submit(a, r->json, r->client, &c, &r->err)) < 0)
        return rc;
    snprintf(r->location, sizeof r->location, "/api/v1/public/clues/%s", c.ticket);
    return http_reply_json(r, 201, receipt_json(&c));
}

int
h_public_clue(struct hreq *r)
{
    struct app *a = http_app(r);
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    return http_answer(
        r, clue_public_get(a, r->params[0], http_query(r, "phone"), r->client, &out, &r->err), 200,
        &out);
}

int
h_public_clue_feedback(struct hreq *r)
{
    const char *phone, *sat;
    char status[24];
    struct app *a;
    int rc;

    if ((rc = http_json_str(r, "phone", true, 40, &phone)) < 0 ||
        (rc = http_json_str(r, "satisfaction", true, 32, &sat)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    if ((rc = clue_public_feedback(a, r->params[0], phone, sat, status, &r->err)) < 0)
        return rc;
    return http_reply_json(r, 200,
                           json_pack("{s:s, s:s}", "ticket", r->params[0], "status", status));
}

int
h_clues(struct hreq *r)
{
    const char *overdue = http_query(r, "overdue");
    struct clue_list_args f = {
        .q = http_query(r, "q"),
        .status = http_query(r, "status"),
        .nature = http_query(r, "nature"),
        .channel = http_query(r, "channel"),
        .region = http_query(r, "region"),
        .overdue = overdue != NULL && (strcmp(overdue, "1") == 0 || strcmp(overdue, "true") == 0),
    };
    struct query_page pg;
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = http_page(r, &pg.limit, &pg.cursor)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    return http_answer(r, clue_list(a, &r->who, &f, &pg, &out, &r->err), 200, &out);
}

int
h_clue(struct hreq *r)
{
    struct app *a = http_app(r);
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    return http_answer(r, clue_get(a, &r->who, r->params[0], &out, &r->err), 200, &out);
}

int
h_clue_add(struct hreq *r)
{
    struct clue_receipt c;
    struct app *a;
    int rc;

    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    if ((rc = clue_staff_submit(a, &r->who, r->json, &c, &r->err)) < 0)
        return rc;
    snprintf(r->location, sizeof r->location, "/api/v1/clues/%s", c.ticket);
    return http_reply_json(r, 201, receipt_json(&c));
}

int
h_clue_action(struct hreq *r)
{
    const char *handlers[10];
    struct clue_act_args args;
    char status[24];
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = clue_act_parse(r->json, &args, handlers, 10, &r->err)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    if ((rc = clue_act(a, &r->who, r->who.actor, r->params[0], &args, status, &r->err)) < 0)
        return rc;
    return http_answer(r, clue_get(a, &r->who, r->params[0], &out, &r->err), 200, &out);
}

int
h_clue_project(struct hreq *r)
{
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    if ((rc = clue_make_project(a, &r->who, r->params[0], r->json, &r->err)) < 0)
        return rc;
    return http_answer(r, clue_get(a, &r->who, r->params[0], &out, &r->err), 201, &out);
}

int
h_duty(struct hreq *r)
{
    struct app *a = http_app(r);
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    return http_answer(r, clue_duty_list(a, &r->who, http_query(r, "region"), &out, &r->err), 200,
                       &out);
}

int
h_duty_put(struct hreq *r)
{
    struct app *a = http_app(r);
    json_t *out = NULL;

    if (a == NULL)
        return ZQ_EDB;
    return http_answer(r, clue_duty_put(a, &r->who, r->who.actor, r->json, &out, &r->err), 200,
                       &out);
}
