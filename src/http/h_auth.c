/*
 * h_auth.c - log in and out, who am I, change my password (SPEC §11).
 *
 * The session cookie (zq_session) is HttpOnly and SameSite=Strict; the
 * CSRF token comes back in the login answer and, for a page reloaded
 * later, in the zq_csrf cookie that the web UI may read (SameSite=Strict as
 * well).  State-changing requests made with the session must echo it in
 * X-CSRF-Token (checked in server.c before any handler runs).
 */
#include <string.h>

#include "http/handlers.h"
#include "svc/query.h"
#include "svc/users.h"

int
h_login(struct hreq *r)
{
    const char *user, *pass;
    struct auth_login lg;
    struct app *a;
    json_t *body;
    int rc;

    if ((rc = http_json_str(r, "username", true, 64, &user)) < 0 ||
        (rc = http_json_str(r, "password", true, 1024, &pass)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    if ((rc = auth_login(a, r->srv->gate, user, pass, r->client, &lg, &r->err)) < 0)
        return rc;
    r->who = lg.who;
    r->authed = true;
    http_cookie(r, "zq_session", lg.token, lg.max_age, true);
    http_cookie(r, "zq_csrf", lg.csrf, lg.max_age, false);
    body = json_object();
    json_object_set_new(body, "user", query_user_json(a, &lg.who));
    json_object_set_new(body, "csrf_token", json_string(lg.csrf));
    json_object_set_new(body, "expires_at", query_ts_json(lg.expires_at));
    memset(&lg, 0, sizeof lg);
    return http_reply_json(r, 200, body);
}

int
h_logout(struct hreq *r)
{
    const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "zq_session");
    struct app *a = http_app(r);
    int rc;

    if (a == NULL)
        return ZQ_EDB;
    if ((rc = auth_logout(a, r->w->cache, cookie, &r->who, &r->err)) < 0)
        return rc;
    http_cookie(r, "zq_session", "", 0, true);
    http_cookie(r, "zq_csrf", "", 0, false);
    return http_reply_empty(r, 204);
}

int
h_me(struct hreq *r)
{
    struct app *a = http_app(r);
    json_t *out = NULL;
    int rc;

    if (a == NULL)
        return ZQ_EDB;
    if ((rc = query_me(a, &r->who, &out, &r->err)) < 0)
        return rc;
    return http_reply_json(r, 200, out);
}

int
h_password(struct hreq *r)
{
    const char *cur, *next;
    struct app *a;
    int rc;

    if ((rc = http_json_str(r, "current_password", true, 1024, &cur)) < 0 ||
        (rc = http_json_str(r, "new_password", true, 1024, &next)) < 0)
        return rc;
    if ((a = http_app(r)) == NULL)
        return ZQ_EDB;
    if ((rc = users_change_password(a, r->srv->gate, &r->who, cur, next, &r->err)) < 0)
        return rc;
    return http_reply_empty(r, 204);
}
