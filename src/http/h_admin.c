/*
 * h_admin.c - administration: users, API tokens and the audit log.  Only
 * administrators reach these routes (routes.c); users are further limited
 * to the administrator's region by the services.
 */
#include <string.h>

#include "http/handlers.h"
#include "svc/query.h"
#include "svc/tokens.h"
#include "svc/users.h"

/* out is read after rc is computed: pass its address, so that the order in
 * which arguments are evaluated does not matter. */
static int
id_param(struct hreq *r, int64_t *id, const char *what)
{
    if (str_to_i64(str_from(r->params[0]), id) < 0 || *id < 1)
        return http_fail(r, ZQ_ENOTFOUND, NULL, NULL, "没有这个%s", what);
    return 0;
}

int
h_users(struct hreq *r)
{
    struct query_page pg;
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = http_page(r, &pg.limit, &pg.cursor)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    return http_answer(r, query_users(a, &r->who, &pg, &out, &r->err), 200, &out);
}

int
h_user_add(struct hreq *r)
{
    struct user_spec u;
    struct app *a;
    int64_t id = 0;
    json_t *out;
    int rc;

    memset(&u, 0, sizeof u);
    if ((rc = http_json_str(r, "username", true, 64, &u.username)) < 0 ||
        (rc = http_json_str(r, "password", true, 128, &u.password)) < 0 ||
        (rc = http_json_str(r, "role", true, 16, &u.role)) < 0 ||
        (rc = http_json_str(r, "region_code", true, 9, &u.region)) < 0 ||
        (rc = http_json_str(r, "dept", false, 15, &u.dept)) < 0 ||
        (rc = http_json_str(r, "enterprise_uscc", false, 40, &u.enterprise_uscc)) < 0 ||
        (rc = http_json_str(r, "display_name", false, 128, &u.display_name)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    if ((rc = users_add(a, r->srv->gate, &u, &r->who, r->who.actor, &id, &r->err)) < 0)
        return rc;
    out = json_pack("{s:I, s:s}", "id", (json_int_t)id, "username", u.username);
    return http_reply_json(r, 201, out);
}

int
h_user_update(struct hreq *r)
{
    struct user_change c = { .disabled = -1 };
    struct app *a;
    int64_t id;
    int rc;

    if ((rc = id_param(r, &id, "用户")) < 0)
        return rc;
    if ((rc = http_json_str(r, "display_name", false, 128, &c.display_name)) < 0 ||
        (rc = http_json_str(r, "role", false, 16, &c.role)) < 0 ||
        (rc = http_json_str(r, "region_code", false, 9, &c.region)) < 0 ||
        (rc = http_json_str(r, "dept", false, 15, &c.dept)) < 0 ||
        (rc = http_json_str(r, "enterprise_uscc", false, 40, &c.enterprise_uscc)) < 0 ||
        (rc = http_json_str(r, "password", false, 128, &c.password)) < 0 ||
        (rc = http_json_bool(r, "disabled", &c.disabled)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    if ((rc = users_update(a, r->srv->gate, id, &c, &r->who, r->who.actor, &r->err)) < 0)
        return rc;
    return http_reply_json(r, 200, json_pack("{s:I}", "id", (json_int_t)id));
}

int
h_tokens(struct hreq *r)
{
    struct query_page pg;
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = http_page(r, &pg.limit, &pg.cursor)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    return http_answer(r, query_tokens(a, &pg, &out, &r->err), 200, &out);
}

int
h_token_add(struct hreq *r)
{
    const char *role, *subject, *label;
    char secret[TOKEN_SECRET_LEN], subj[129];
    struct app *a;
    int64_t id = 0;
    json_t *out;
    int rc;

    if ((rc = http_json_str(r, "role", true, 16, &role)) < 0 ||
        (rc = http_json_str(r, "subject", true, 128, &subject)) < 0 ||
        (rc = http_json_str(r, "label", false, 128, &label)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    if ((rc = tokens_add(a, role, subject, label, r->who.id, r->who.actor, secret, &id, subj,
                         &r->err)) < 0)
        return rc;
    out = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)id, "token", secret, "role",
                    role, "subject", subj, "label", label != NULL ? label : "");
    memset(secret, 0, sizeof secret);
    return http_reply_json(r, 201, out);
}

int
h_token_revoke(struct hreq *r)
{
    struct app *a;
    int64_t id;
    int rc;

    if ((rc = id_param(r, &id, "令牌")) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    if ((rc = tokens_revoke(a, id, r->who.actor, &r->err)) < 0)
        return rc;
    return http_reply_empty(r, 204);
}

int
h_audit(struct hreq *r)
{
    struct query_page pg;
    struct app *a;
    json_t *out = NULL;
    int rc;

    if ((rc = http_page(r, &pg.limit, &pg.cursor)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    rc = query_audit(a, http_query(r, "entity"), http_query(r, "entity_id"), http_query(r, "actor"),
                     &pg, &out, &r->err);
    return http_answer(r, rc, 200, &out);
}
