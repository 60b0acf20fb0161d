/*
 * server.c - the libmicrohttpd daemon: start-up, the access handler that
 * drives each request through its stages, per-thread contexts, the access
 * log and graceful shutdown.
 *
 * Stages of a request (all on the pool thread that owns the connection):
 *   1st call   headers only: allocate the struct hreq, match the route,
 *              refuse at once what is certain to fail (oversize body).
 *   next calls body bytes, appended to a capped buffer.
 *   last call  (upload size 0) authenticate, authorise, parse, run the
 *              handler, queue the answer.  Answering here, never on the
 *              first call, is what keeps keep-alive connections open.
 *   completed  access-log line, metrics, free.
 *
 * The server owns: the daemon, the hashing gate, the metrics, and through
 * a thread-specific key one struct hworker per pool thread (its app, i.e.
 * its database connection and prepared statements, and its session cache),
 * released when the thread ends.
 */
#include "http/http_int.h"
#include "http/deadline.h"
#include "http/ratelimit.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/date.h"
#include "core/log.h"
#include "store/store_job.h"

/* ---------------------------------------------------------------- workers */

static void
worker_free(void *p)
{
    struct hworker *w = p;

    if (w == NULL)
        return;
    atomic_fetch_sub(&w->srv->m.workers, 1);
    app_free(w->app);
    auth_cache_free(w->cache);
    zq_free(w);
}

static struct hworker *
worker_of(struct http_server *s)
{
    struct hworker *w = pthread_getspecific(s->key);

    if (w == NULL) {
        w = zq_calloc(1, sizeof *w);
        w->srv = s;
        w->cache = auth_cache_new(s->cfg);
        pthread_setspecific(s->key, w);
        atomic_fetch_add(&s->m.workers, 1);
    }
    return w;
}

struct app *
http_app(struct hreq *r)
{
    struct hworker *w = r->w;

    if (w->app == NULL && app_open(r->srv->cfg, APP_DB | APP_SCHEMA, &w->app, &r->err) < 0) {
        w->app = NULL;
        log_error("打开数据库失败：%s", r->err.msg);
        r->err.code = ZQ_EDB;
        return NULL;
    }
    return w->app;
}

/* ---------------------------------------------------------------- stages */

static int64_t
micros_since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)(t.tv_sec - t0->tv_sec) * 1000000 + (t.tv_nsec - t0->tv_nsec) / 1000;
}

static void
client_addr(struct hreq *r)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;
    const char *fwd;

    snprintf(r->client, sizeof r->client, "-");
    if (sa != NULL && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, r->client,
                  sizeof r->client);
    else if (sa != NULL && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, r->client,
                  sizeof r->client);
    /* behind a reverse proxy (nginx) the client is the last hop it added */
    if (r->srv->trust_proxy &&
        (fwd = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Forwarded-For")) != NULL) {
        const char *last = strrchr(fwd, ',');
        last = last != NULL ? last + 1 : fwd;
        while (*last == ' ')
            last++;
        if (strlen(last) < sizeof r->client &&
            strspn(last, "0123456789abcdefABCDEF.:") == strlen(last) && last[0] != '\0')
            snprintf(r->client, sizeof r->client, "%s", last);
    }
}

static struct hreq *
req_new(struct http_server *s, struct MHD_Connection *conn, const char *url, const char *method)
{
    struct hreq *r = zq_calloc(1, sizeof *r);
    unsigned char rnd[8];

    r->srv = s;
    r->w = worker_of(s);
    r->conn = conn;
    r->method = method;
    r->route_index = http_nroutes; /* unmatched until matched */
    clock_gettime(CLOCK_MONOTONIC, &r->t0);
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(r->id, sizeof r->id, rnd, sizeof rnd);
    if (strlen(url) < sizeof r->path)
        snprintf(r->path, sizeof r->path, "%s", url);
    zq_err_clear(&r->err);
    client_addr(r);
    atomic_fetch_add(&s->m.active, 1);
    return r;
}

static void
req_free(struct hreq *r)
{
    atomic_fetch_sub(&r->srv->m.active, 1);
    buf_fini(&r->body);
    json_decref(r->json);
    json_decref(r->extra);
    json_decref(r->async_body);
    sodium_memzero(&r->who, sizeof r->who);
    zq_free(r);
}

/* Bytes below 0x20 and DEL: never part of a path or a query value; %00
 * arrives here as UNESCAPED_NUL (see unescape()). */
#define UNESCAPED_NUL '\x01'

static bool
has_control(const char *s)
{
    for (; *s != '\0'; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

/* The first call: decide what can be decided from the headers alone. */
static int
begin(struct hreq *r, const char *url)
{
    const char *cl;
    int64_t len = 0;
    const char *m = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;

    if (strlen(url) >= sizeof r->path)
        return http_fail(r, ZQ_ESYNTAX, "uri_too_long", NULL, "请求地址过长");
    if (!utf8_valid(r->path, strlen(r->path)))
        return http_fail(r, ZQ_ESYNTAX, "invalid_utf8", NULL, "请求地址不是有效的 UTF-8");
    if (has_control(r->path))
        return http_fail(r, ZQ_ESYNTAX, "bad_request", NULL, "请求地址含有控制字符（如 %%00）");
    r->route = http_route_match(m, r->path, r->params, &r->nparams, &r->path_known);
    if (r->route != NULL)
        r->route_index = (size_t)(r->route - http_routes);
    r->body_max = r->route != NULL && (r->route->flags & ROUTE_UPLOAD) ? r->srv->max_upload
                                                                       : r->srv->max_body;
    cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl != NULL && (str_to_i64(str_from(cl), &len) < 0 || len < 0))
        return http_fail(r, ZQ_ESYNTAX, "bad_request", NULL, "Content-Length 无效");
    if ((uint64_t)len > r->body_max)
        return http_fail(r, ZQ_ETOOBIG, NULL, NULL, "请求体超过上限（%zu 字节）", r->body_max);
    buf_init(&r->body, r->body_max);
    return 0;
}

/* server.request_timeout is kept by the watchdog (deadline.c): an answer
 * cannot be queued here, in the middle of the body. */
static int
take_body(struct hreq *r, const char *data, size_t n)
{
    if (r->body_over)
        return 0;
    if (buf_append(&r->body, data, n) < 0) {
        r->body_over = true;
        buf_fini(&r->body);
    }
    return 0;
}

static enum MHD_Result
check_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    struct hreq *r = cls;

    (void)kind;
    if (!utf8_valid(key, strlen(key)) || (value != NULL && !utf8_valid(value, strlen(value))) ||
        (value != NULL && strlen(value) > 1024)) {
        r->bad_query = true;
        return MHD_NO;
    }
    if (has_control(key) || (value != NULL && has_control(value))) {
        r->bad_query_ctl = true;
        return MHD_NO;
    }
    return MHD_YES;
}

static bool
is_state_changing(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

static int
authenticate(struct hreq *r)
{
    const char *authz = http_header(r, MHD_HTTP_HEADER_AUTHORIZATION), *cookie;
    struct app *a = http_app(r);
    int rc;

    if (a == NULL)
        return ZQ_EDB;
    if (authz != NULL && strncasecmp(authz, "Bearer ", 7) == 0) {
        rc = auth_token(a, r->w->cache, authz + 7, &r->who, &r->err);
    } else if (authz != NULL) {
        return http_fail(r, ZQ_EAUTH, NULL, NULL, "不支持的认证方式：请使用 Bearer 令牌或登录");
    } else {
        cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "zq_session");
        if (cookie == NULL)
            return http_fail(r, ZQ_EAUTH, NULL, NULL, "请先登录");
        rc = auth_session(a, r->w->cache, cookie, &r->who, &r->err);
    }
    if (rc < 0)
        return rc;
    r->authed = true;
    if (!(r->route->roles & ROLE_BIT(r->who.role)))
        return http_fail(r, ZQ_EFORBIDDEN, NULL, NULL, "您的角色（%s）无权进行此操作",
                         auth_role_title(r->who.role));
    if ((r->route->flags & ROUTE_SESSION_ONLY) && r->who.via != AUTH_SESSION)
        return http_fail(r, ZQ_EFORBIDDEN, NULL, NULL, "此操作需要登录，不能使用 API 令牌");
    if (is_state_changing(r->method) && r->who.via == AUTH_SESSION &&
        !auth_csrf_ok(&r->who, http_header(r, "X-CSRF-Token")))
        return http_fail(r, ZQ_EFORBIDDEN, "csrf", NULL,
                         "缺少或错误的 X-CSRF-Token 请求头（防跨站请求伪造）");
    return 0;
}

/* jansson's reasons are English: the usual ones in words a user reads. */
static const char *
json_reason(const json_error_t *je)
{
    static const struct {
        enum json_error_code code;
        const char *text;
    } reasons[] = {
        { json_error_premature_end_of_input, "内容不完整（缺少结尾）" },
        { json_error_end_of_input_expected, "JSON 值之后还有多余的内容" },
        { json_error_duplicate_key, "对象中有重复的成员名" },
        { json_error_null_character, "含有 NUL 字符" },
        { json_error_null_byte_in_key, "成员名中含有 NUL 字符" },
        { json_error_invalid_utf8, "不是有效的 UTF-8" },
        { json_error_numeric_overflow, "数字超出范围" },
        { json_error_item_not_found, "缺少成员" },
        { json_error_invalid_syntax, "语法错误" },
        { json_error_invalid_format, "格式无效" },
        { json_error_wrong_type, "类型不符" },
        { json_error_out_of_memory, "内容过大" },
        { json_error_stack_overflow, "嵌套层数过多" },
    };
    enum json_error_code c = json_error_code(je);

    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
        if (reasons[i].code == c)
            return reasons[i].text;
    return "无法解析";
}

static int
parse_json(struct hreq *r)
{
    const char *ct = http_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    json_error_t je;

    if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0)
        return http_fail(r, ZQ_ESYNTAX, "unsupported_media_type", NULL,
                         "请求体应为 JSON（Content-Type: application/json）");
    if (r->body.len == 0)
        return http_fail(r, ZQ_ESYNTAX, "malformed_json", NULL, "请求体为空，应为 JSON 对象");
    if (!utf8_valid(r->body.p, r->body.len))
        return http_fail(r, ZQ_ESYNTAX, "invalid_utf8", NULL, "请求体不是有效的 UTF-8");
    /* any value parses, so that a well-formed "3" or null is told apart
     * (422, not an object) from broken JSON (400) */
    r->json = json_loadb(r->body.p, r->body.len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
    if (r->json == NULL)
        return http_fail(r, ZQ_ESYNTAX, "malformed_json", NULL,
                         "JSON 格式错误（第 %d 行第 %d 列）：%s", je.line, je.column,
                         json_reason(&je));
    if (!json_is_object(r->json))
        return http_fail(r, ZQ_EINVAL, "invalid", NULL, "请求体应为 JSON 对象（{…}）");
    return 0;
}

static bool
is_api(const char *path)
{
    return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
}

static int
run(struct hreq *r)
{
    int rc;

    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_arg, r);
    if (r->bad_query)
        return http_fail(r, ZQ_ESYNTAX, "invalid_utf8", NULL,
                         "查询参数不是有效的 UTF-8 或过长（上限 1024 字节）");
    if (r->bad_query_ctl)
        return http_fail(r, ZQ_ESYNTAX, "bad_request", NULL, "查询参数含有控制字符（如 %%00）");
    if (r->route == NULL) {
        if (r->path_known) {
            http_route_allow(r->path, r->allow, sizeof r->allow);
            return http_fail(r, ZQ_ECONFLICT, "method_not_allowed", NULL, "不支持的请求方法 %s",
                             r->method);
        }
        if (!is_api(r->path) && (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0))
            return http_static(r);
        return http_fail(r, ZQ_ENOTFOUND, "no_route", NULL, "没有这个接口：%s %s", r->method,
                         r->path);
    }
    if (r->body_over)
        return http_fail(r, ZQ_ETOOBIG, NULL, NULL, "请求体超过上限（%zu 字节）", r->body_max);
    if (r->route->roles != 0 && (rc = authenticate(r)) < 0)
        return rc;
    if ((r->route->flags & ROUTE_JSON) && (rc = parse_json(r)) < 0)
        return rc;
    return r->route->fn(r);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
           const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    struct http_server *s = cls;
    struct hreq *r = *con_cls;
    int rc;

    (void)version;
    if (r == NULL) {
        r = req_new(s, conn, url, method);
        *con_cls = r;
        if ((rc = begin(r, url)) < 0)
            http_reply_error(r, rc);
        if (r->answered)
            deadline_received(s->dl, conn); /* the answer is on its way */
        return MHD_YES;
    }
    if (r->answered) {
        *upload_size = 0; /* answered early: the rest of the body is dropped */
        return MHD_YES;
    }
    if (r->async) {
        /* resumed: the thread has left its answer */
        if (!r->async_done)
            return MHD_YES;
        if (r->async_rc < 0)
            http_reply_error(r, r->async_rc);
        else
            http_reply_json(r, r->async_status, r->async_body);
        r->async_body = NULL;
        return r->answered ? MHD_YES : MHD_NO;
    }
    if (*upload_size > 0) {
        rc = take_body(r, upload, *upload_size);
        *upload_size = 0;
        if (rc < 0)
            http_reply_error(r, rc);
        return MHD_YES;
    }
    deadline_received(s->dl, conn);
    rc = run(r);
    if (rc == 0 && r->async)
        return MHD_YES; /* suspended until its thread resumes it */
    if (rc < 0 && !r->answered)
        http_reply_error(r, rc);
    if (!r->answered)
        http_reply_error(r, http_fail(r, ZQ_EINTERNAL, NULL, NULL, "服务器没有给出应答"));
    if (r->err.code == ZQ_EDB && r->w->app != NULL) {
        /* a broken connection is not repaired in place: reopen next time */
        app_free(r->w->app);
        r->w->app = NULL;
    }
    return r->answered ? MHD_YES : MHD_NO;
}

/* PostgreSQL: `serve` settles the jobs a killed server left `running` when it
 * starts, but a server killed while its database session was still busy
 * keeps the job's advisory lock until that statement ends, so the job can
 * outlive the start-up sweep (and several servers may share one database).
 * So every job_sweep_seconds one pool thread, after its answer has gone out,
 * sweeps again on its own connection: a job whose lock nobody holds is left
 * behind (store_job_sweep() in store/store_job.c).  Not on SQLite: an import
 * there holds the write lock for its whole transaction, the sweep would wait
 * on it, and a killed process leaves no session behind. */
static void
sweep_tick(struct http_server *s, int64_t now)
{
    int64_t last = atomic_load(&s->last_job_sweep);
    struct hworker *w;
    struct store_job_swept sw;
    struct zq_err e;

    /* the period first: every answered request comes here */
    if (s->job_sweep_seconds <= 0 || (now >= last && now - last < s->job_sweep_seconds))
        return;
    w = worker_of(s); /* this thread's connection */
    if (w->app == NULL || store_dialect(w->app->st) != STORE_PG)
        return;
    if (!atomic_compare_exchange_strong(&s->last_job_sweep, &last, now))
        return; /* another thread sweeps (a clock that went back counts as due) */
    zq_err_clear(&e);
    if (store_job_sweep(w->app->st,
                        "导入未完成：执行导入的服务进程已停止，未写入任何数据，请重新导入", now,
                        &sw, &e) < 0) {
        log_warn("检查中断的导入任务失败：%s", e.msg);
        if (e.code == ZQ_EDB) {
            app_free(w->app); /* reopened by the next request */
            w->app = NULL;
        }
        return;
    }
    if (sw.failed > 0 || sw.adopted > 0)
        log_warn("发现 %lld 个执行进程已停止的导入任务（已标为失败），%lld 个已完成（已登记）",
                 (long long)sw.failed, (long long)sw.adopted);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
             enum MHD_RequestTerminationCode toe)
{
    struct http_server *s = cls;
    struct hreq *r = *con_cls;

    deadline_restart(s->dl, conn);
    if (r == NULL)
        return;
    *con_cls = NULL;
    if (!r->answered || toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
        r->status = toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? 408
                    : r->answered                                 ? r->status
                                                                  : 499;
    metrics_observe(&s->m, r->route_index, r->status, (uint64_t)micros_since(&r->t0));
    http_access_log(r);
    req_free(r);
    http_heap_tick(&s->heap, ts_now());
    sweep_tick(s, ts_now());
}

/* ---------------------------------------------------------------- access log */

void
http_access_log(struct hreq *r)
{
    char line[1400], ts[TS_STR_LEN];
    int64_t us = micros_since(&r->t0);
    int n;

    if (r->srv->access_fd < 0)
        return;
    ts_format(ts_now(), ts);
    /* the path only: query strings may carry personal data (a phone filter) */
    n = snprintf(line, sizeof line, "%s req=%s %s %s %s %.512s %u %llu %lld.%03lldms\n", ts, r->id,
                 r->client, r->authed ? r->who.actor : "-", r->method, r->path[0] ? r->path : "-",
                 r->status, (unsigned long long)r->bytes, (long long)(us / 1000),
                 (long long)(us % 1000));
    if (n > 0 &&
        write(r->srv->access_fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1) < 0)
        return;
}

/* ---------------------------------------------------------------- start and stop */

/* libmicrohttpd's own %XX decoding, except that a decoded NUL (which would
 * silently cut "/projects/P-1%00x" down to "/projects/P-1") becomes a
 * control character that begin() and check_arg() refuse. */
static size_t
unescape(void *cls, struct MHD_Connection *c, char *s)
{
    size_t n = MHD_http_unescape(s);

    (void)cls;
    (void)c;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\0')
            s[i] = UNESCAPED_NUL;
    return n;
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512];

    (void)cls;
    vsnprintf(msg, sizeof msg, fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    log_warn("HTTP：%s", msg);
}

/* "ADDR:PORT", "[V6]:PORT" or ":PORT" into ss. */
static int
parse_listen(const char *listen, struct sockaddr_storage *ss, bool *v6, struct zq_err *err)
{
    char host[128];
    const char *colon = strrchr(listen, ':');
    int64_t port;
    size_t hl;

    memset(ss, 0, sizeof *ss);
    if (colon == NULL || str_to_i64(str_from(colon + 1), &port) < 0 || port < 0 || port > 65535)
        return zq_err_set(err, ZQ_EINVAL, "监听地址“%s”无效，应为 地址:端口（如 127.0.0.1:8080）",
                          listen);
    hl = (size_t)(colon - listen);
    if (hl >= sizeof host)
        return zq_err_set(err, ZQ_EINVAL, "监听地址“%s”无效", listen);
    memcpy(host, listen, hl);
    host[hl] = '\0';
    if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)(void *)ss;
        host[hl - 1] = '\0';
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        *v6 = true;
        if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
            return zq_err_set(err, ZQ_EINVAL, "监听地址“%s”无效", listen);
        return 0;
    }
    {
        struct sockaddr_in *a4 = (struct sockaddr_in *)(void *)ss;
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        *v6 = false;
        if (hl == 0)
            a4->sin_addr.s_addr = htonl(INADDR_ANY);
        else if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
            return zq_err_set(err, ZQ_EINVAL, "监听地址“%s”无效（IPv6 地址请写成 [::1]:8080）",
                              listen);
    }
    return 0;
}

static int64_t
cfg_int(const struct config *cfg, const char *key, int64_t def, int64_t min, int64_t max,
        struct zq_err *err, int *rc)
{
    int64_t v;

    if (config_get_int(cfg, key, &v, err) < 0) {
        *rc = ZQ_EINVAL;
        return def;
    }
    if (v < min || v > max) {
        *rc = zq_err_set(err, ZQ_EINVAL, "配置项 %s 的值 %lld 超出范围 %lld–%lld", key,
                         (long long)v, (long long)min, (long long)max);
        return def;
    }
    return v;
}

static int
open_access_log(struct http_server *s, struct zq_err *err)
{
    const char *path = config_get(s->cfg, "server.access_log");

    s->access_fd = -1;
    if (path == NULL || strcmp(path, "off") == 0 || path[0] == '\0')
        return 0;
    if (strcmp(path, "-") == 0) {
        s->access_fd = STDERR_FILENO;
        return 0;
    }
    s->access_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (s->access_fd < 0)
        return zq_err_set(err, ZQ_EIO, "无法打开访问日志 %s：%s", path, strerror(errno));
    return 0;
}

static int
configure(struct http_server *s, int64_t *threads, int64_t *conns, int64_t *timeout, int64_t *hdr,
          struct zq_err *err)
{
    const struct config *cfg = s->cfg;
    const char *secure = config_get(cfg, "server.cookie_secure");
    const char *web = config_get(cfg, "server.web_dir");
    int rc = 0;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

    *threads = cfg_int(cfg, "server.threads", 0, 0, 256, err, &rc);
    if (*threads == 0)
        *threads = ncpu > 0 ? (ncpu < 4 ? 4 : ncpu) : 4;
    *conns = cfg_int(cfg, "server.max_connections", 1000, 1, 100000, err, &rc);
    *timeout = cfg_int(cfg, "server.idle_timeout", 30, 1, 3600, err, &rc);
    *hdr = cfg_int(cfg, "server.max_header", 32768, 4096, 1048576, err, &rc);
    s->request_timeout = cfg_int(cfg, "server.request_timeout", 120, 1, 86400, err, &rc);
    s->max_body = (size_t)cfg_int(cfg, "server.max_body", 1048576, 1024, 64 << 20, err, &rc);
    s->max_upload =
        (size_t)cfg_int(cfg, "server.max_upload", 64 << 20, 1024, (int64_t)1 << 32, err, &rc);
    s->trust_proxy = cfg_int(cfg, "server.trust_proxy", 0, 0, 1, err, &rc) == 1;
    s->max_imports = cfg_int(cfg, "server.max_imports", 2, 1, 64, err, &rc);
    s->job_sweep_seconds = cfg_int(cfg, "server.job_sweep_seconds", 60, 0, 86400, err, &rc);
    if (rc < 0)
        return rc;
    if (secure == NULL || strcmp(secure, "auto") == 0)
        s->cookie_secure = 2;
    else if (strcmp(secure, "1") == 0 || strcmp(secure, "0") == 0)
        s->cookie_secure = secure[0] - '0';
    else
        return zq_err_set(err, ZQ_EINVAL, "配置项 server.cookie_secure 应为 auto、0 或 1");
    if (web != NULL && web[0] != '\0') {
        if (realpath(web, s->web_real) == NULL)
            log_warn("网页目录 %s 不存在，只提供 API", web);
        else
            snprintf(s->web_dir, sizeof s->web_dir, "%s", web);
    }
    return open_access_log(s, err);
}

int
http_server_start(const struct config *cfg, struct http_server **out, struct zq_err *err)
{
    struct http_server *s = zq_calloc(1, sizeof *s);
    struct sockaddr_storage ss;
    int64_t threads, conns, timeout, hdr, hash_max = 2;
    const union MHD_DaemonInfo *di;
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME;
    bool v6 = false;
    sigset_t set;
    int rc;

    *out = NULL;
    s->cfg = cfg;
    s->access_fd = -1;
    s->started_at = ts_now();
    http_heap_init(&s->heap, s->started_at);
    atomic_store(&s->last_job_sweep, s->started_at);
    metrics_init(&s->m);
    s->live = jobs_live_new();
    if ((rc = configure(s, &threads, &conns, &timeout, &hdr, err)) < 0 ||
        (rc = parse_listen(config_get(cfg, "server.listen"), &ss, &v6, err)) < 0)
        goto fail;
    if (config_get_int(cfg, "auth.hash_concurrency", &hash_max, NULL) < 0 || hash_max < 1)
        hash_max = 2;
    s->gate = auth_gate_new((int)hash_max);
    s->dl = deadline_new(s->request_timeout);
    s->public_rl = ratelimit_new(30, 60);
    if (pthread_key_create(&s->key, worker_free) != 0) {
        rc = zq_err_set(err, ZQ_EINTERNAL, "pthread_key_create 失败");
        goto fail;
    }
    s->key_made = true;
    /* the pool threads inherit this mask: only http_server_wait() takes them */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (v6)
        flags |= MHD_USE_IPv6;
    s->d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)conns, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)hdr, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
        s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024U,
        MHD_OPTION_NOTIFY_CONNECTION, deadline_notify, s->dl, MHD_OPTION_UNESCAPE_CALLBACK,
        unescape, NULL, MHD_OPTION_END);
    if (s->d == NULL) {
        rc = zq_err_set(err, ZQ_EIO, "无法在 %s 上监听（端口被占用或地址无效？）",
                        config_get(cfg, "server.listen"));
        goto fail;
    }
    di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di != NULL ? di->port : 0;
    *out = s;
    return 0;
fail:
    http_server_free(s);
    return rc;
}

uint16_t
http_server_port(const struct http_server *s)
{
    return s->port;
}

void
http_server_wait(struct http_server *s)
{
    int64_t grace = 10;
    sigset_t set;
    MHD_socket fd;
    int sig = 0;

    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    while (sigwait(&set, &sig) == 0 && sig == SIGHUP)
        log_info("收到 SIGHUP：忽略（重新加载配置请重启服务）");
    log_info("收到信号 %d：停止接受新连接，等待进行中的请求完成", sig);
    if (config_get_int(s->cfg, "server.shutdown_seconds", &grace, NULL) < 0)
        grace = 10;
    fd = MHD_quiesce_daemon(s->d);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
    for (int64_t waited = 0; atomic_load(&s->m.active) > 0 && waited < grace * 100; waited++)
        usleep(10000);
    /* an import is one transaction: let it end (committed or not) rather
     * than stop the daemon under its suspended connection */
    if (atomic_load(&s->m.imports_running) > 0)
        log_warn("等待 %lld 个进行中的导入完成", (long long)atomic_load(&s->m.imports_running));
    while (atomic_load(&s->m.imports_running) > 0)
        usleep(10000);
    MHD_stop_daemon(s->d);
    s->d = NULL;
}

void
http_server_free(struct http_server *s)
{
    if (s == NULL)
        return;
    while (s->d != NULL && atomic_load(&s->m.imports_running) > 0)
        usleep(10000);
    if (s->d != NULL)
        MHD_stop_daemon(s->d);
    deadline_free(s->dl);
    if (s->key_made)
        pthread_key_delete(s->key);
    auth_gate_free(s->gate);
    ratelimit_free(s->public_rl);
    metrics_fini(&s->m);
    jobs_live_free(s->live);
    if (s->access_fd > STDERR_FILENO)
        close(s->access_fd);
    zq_free(s);
}
