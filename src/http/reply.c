/*
 * reply.c - the error table (ZQ_E* code -> HTTP status and stable JSON
 * code), answers with the security headers every response carries, and the
 * small readers of query parameters, headers and JSON members.
 *
 * Error answers are {"error":{"code":"…","message":"中文说明","field":"…"}}
 * with the request id, so that a user's screenshot leads to the log line.
 */
#include "http/http_int.h"
#include "http/ratelimit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "svc/query.h"

/* ---------------------------------------------------------------- errors */

static const struct {
    int code;
    unsigned status;
    const char *name;
    const char *message;
} err_table[] = {
    { ZQ_EINVAL, 422, "invalid", "请求中的数据不合规范" },
    { ZQ_ESYNTAX, 400, "bad_request", "请求格式错误" },
    { ZQ_ENOTFOUND, 404, "not_found", "对象不存在或不在您的管辖范围内" },
    { ZQ_ECONFLICT, 409, "conflict", "当前状态不允许此操作" },
    { ZQ_EAUTH, 401, "unauthenticated", "请先登录" },
    { ZQ_EFORBIDDEN, 403, "forbidden", "无权进行此操作" },
    { ZQ_ETOOBIG, 413, "too_large", "请求体超过上限" },
    { ZQ_ELIMIT, 429, "rate_limited", "请求过于频繁，请稍后再试" },
    { ZQ_EIO, 500, "io_error", "服务器读写失败" },
    { ZQ_EDB, 503, "database_unavailable", "数据库暂时不可用，请稍后再试" },
    { ZQ_EUSAGE, 400, "bad_request", "请求格式错误" },
    { ZQ_EINTERNAL, 500, "internal", "服务器内部错误" },
    { ZQ_EREJECTED, 422, "rejected", "有数据行被拒绝" },
};

/* Codes whose status is more precise than their ZQ_E* family. */
static const struct {
    const char *name;
    unsigned status;
} err_status_override[] = {
    { "method_not_allowed", 405 },
    { "unsupported_media_type", 415 },
    { "uri_too_long", 414 },
    { "request_timeout", 408 },
};

unsigned
http_err_status(int code)
{
    for (size_t i = 0; i < sizeof err_table / sizeof err_table[0]; i++)
        if (err_table[i].code == code)
            return err_table[i].status;
    return 500;
}

const char *
http_err_code(int code)
{
    for (size_t i = 0; i < sizeof err_table / sizeof err_table[0]; i++)
        if (err_table[i].code == code)
            return err_table[i].name;
    return "internal";
}

static const char *
err_default_message(int code)
{
    for (size_t i = 0; i < sizeof err_table / sizeof err_table[0]; i++)
        if (err_table[i].code == code)
            return err_table[i].message;
    return "服务器内部错误";
}

int
http_fail(struct hreq *r, int code, const char *ecode, const char *field, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    zq_err_vset(&r->err, code, fmt, ap);
    va_end(ap);
    zq_err_field(&r->err, field);
    r->ecode = ecode;
    return code;
}

int
http_reply_error(struct hreq *r, int code)
{
    const char *name = r->ecode != NULL ? r->ecode : http_err_code(code);
    unsigned status = http_err_status(code);
    json_t *e, *body;

    for (size_t i = 0; i < sizeof err_status_override / sizeof err_status_override[0]; i++)
        if (r->ecode != NULL && strcmp(r->ecode, err_status_override[i].name) == 0)
            status = err_status_override[i].status;
    /* database and internal failures are logged; their detail stays here */
    if (status >= 500) {
        log_msg(LOG_ERROR, __FILE__, __LINE__, "请求 %s %s %s 失败：%s", r->id, r->method, r->path,
                r->err.msg);
    }
    e = json_object();
    json_object_set_new(e, "code", json_string(name));
    json_object_set_new(e, "message",
                        json_string(status >= 500 || r->err.msg[0] == '\0'
                                        ? err_default_message(code)
                                        : r->err.msg));
    if (r->err.field[0] != '\0')
        json_object_set_new(e, "field", json_string(r->err.field));
    json_object_set_new(e, "request_id", json_string(r->id));
    body = json_object();
    json_object_set_new(body, "error", e);
    if (r->extra != NULL) {
        json_object_update(body, r->extra);
        json_decref(r->extra);
        r->extra = NULL;
    }
    return http_reply_json(r, status, body);
}

/* ---------------------------------------------------------------- answers */

static const char CSP_API[] = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
static const char CSP_HTML[] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

static bool
secure_cookies(struct hreq *r)
{
    const char *proto;

    if (r->srv->cookie_secure != 2)
        return r->srv->cookie_secure == 1;
    proto = http_header(r, "X-Forwarded-Proto");
    return proto != NULL && strcmp(proto, "https") == 0;
}

void
http_cookie(struct hreq *r, const char *name, const char *value, int64_t max_age, bool http_only)
{
    if (r->ncookies >= 2)
        return;
    snprintf(r->cookies[r->ncookies++], sizeof r->cookies[0],
             "%s=%s; Path=/; Max-Age=%lld; SameSite=Strict%s%s", name, value, (long long)max_age,
             http_only ? "; HttpOnly" : "", secure_cookies(r) ? "; Secure" : "");
}

int
http_queue(struct hreq *r, unsigned status, struct MHD_Response *resp, bool html)
{
    enum MHD_Result ok;

    if (resp == NULL)
        return ZQ_EINTERNAL;
    MHD_add_response_header(resp, "X-Request-Id", r->id);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    MHD_add_response_header(resp, "Content-Security-Policy", html ? CSP_HTML : CSP_API);
    if (!html && MHD_get_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL) == NULL)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (r->allow[0] != '\0')
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
    if (r->location[0] != '\0')
        MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
    for (int i = 0; i < r->ncookies; i++)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->cookies[i]);
    ok = MHD_queue_response(r->conn, status, resp);
    MHD_destroy_response(resp);
    if (ok != MHD_YES)
        return ZQ_EIO;
    r->status = status;
    r->answered = true;
    return 0;
}

int
http_reply_json(struct hreq *r, unsigned status, json_t *body)
{
    char *text = body != NULL ? json_dumps(body, JSON_COMPACT) : NULL;
    size_t len = text != NULL ? strlen(text) : 0;
    struct MHD_Response *resp;

    json_decref(body);
    if (text == NULL)
        return http_reply_text(r, 500, "application/json; charset=utf-8",
                               "{\"error\":{\"code\":\"internal\",\"message\":\"服务器内部错误\"}}",
                               (size_t)-1);
    resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    if (resp == NULL) {
        free(text);
        return ZQ_EINTERNAL;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
    r->bytes = len;
    return http_queue(r, status, resp, false);
}

int
http_reply_text(struct hreq *r, unsigned status, const char *ctype, const char *text, size_t len)
{
    struct MHD_Response *resp;

    if (len == (size_t)-1)
        len = strlen(text);
    resp = MHD_create_response_from_buffer(len, (void *)(uintptr_t)text, MHD_RESPMEM_MUST_COPY);
    if (resp == NULL)
        return ZQ_EINTERNAL;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    r->bytes = len;
    return http_queue(r, status, resp, false);
}

int
http_reply_empty(struct hreq *r, unsigned status)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);

    return http_queue(r, status, resp, false);
}

/* ---------------------------------------------------------------- input */

const char *
http_query(struct hreq *r, const char *key)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *
http_header(struct hreq *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

int
http_page(struct hreq *r, int *limit, const char **cursor)
{
    const char *l = http_query(r, "limit");
    int64_t v = 0;

    *limit = 0;
    *cursor = http_query(r, "cursor");
    if (l != NULL && l[0] != '\0') {
        if (str_to_i64(str_from(l), &v) < 0 || v < 1 || v > QUERY_LIMIT_MAX)
            return http_fail(r, ZQ_EINVAL, NULL, "limit", "每页条数（limit）应为 1 到 %d 的整数",
                             QUERY_LIMIT_MAX);
        *limit = (int)v;
    }
    return 0;
}

int
http_json_str(struct hreq *r, const char *key, bool required, size_t max, const char **out)
{
    json_t *v = r->json != NULL ? json_object_get(r->json, key) : NULL;

    *out = NULL;
    if (v == NULL || json_is_null(v)) {
        if (required)
            return http_fail(r, ZQ_EINVAL, "missing_field", key, "缺少字段“%s”", key);
        return 0;
    }
    if (!json_is_string(v))
        return http_fail(r, ZQ_EINVAL, "wrong_type", key, "字段“%s”应为字符串", key);
    if (json_string_length(v) > max)
        return http_fail(r, ZQ_EINVAL, "too_long", key, "字段“%s”过长（上限 %zu 字节）", key, max);
    if (strlen(json_string_value(v)) != json_string_length(v))
        return http_fail(r, ZQ_EINVAL, "invalid", key, "字段“%s”含有空字符", key);
    *out = json_string_value(v);
    if (required && (*out)[0] == '\0')
        return http_fail(r, ZQ_EINVAL, "missing_field", key, "字段“%s”不能为空", key);
    return 0;
}

int
http_json_bool(struct hreq *r, const char *key, int *out)
{
    json_t *v = r->json != NULL ? json_object_get(r->json, key) : NULL;

    *out = -1;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_boolean(v))
        return http_fail(r, ZQ_EINVAL, "wrong_type", key, "字段“%s”应为 true 或 false", key);
    *out = json_is_true(v) ? 1 : 0;
    return 0;
}

int
http_public_read(struct hreq *r)
{
    if (ratelimit_allow(r->srv->public_rl, r->client, ts_now()))
        return 0;
    return http_fail(r, ZQ_ELIMIT, NULL, NULL, "查询过于频繁，请稍后再试");
}

int
http_answer(struct hreq *r, int rc, unsigned status, json_t **out)
{
    if (rc < 0) {
        json_decref(*out);
        return rc;
    }
    return http_reply_json(r, status, *out);
}
