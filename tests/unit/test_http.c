/*
 * The HTTP layer: the route table and matcher, the error table, rendering
 * of store rows as JSON (money, booleans, timestamps, regions), cursors,
 * and a real server on a loopback port (keep-alive, error bodies, limits,
 * security headers) with a temporary SQLite database.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/config.h"
#include "http/http.h"
#include "http/http_int.h"
#include "store/store.h"
#include "svc/app.h"
#include "svc/query.h"
#include "svc/query_int.h"
#include "t.h"

/* ---------------------------------------------------------------- routes */

static void
test_routes(void)
{
    char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX];
    const struct route *r;
    bool known;
    int np;

    r = http_route_match("GET", "/api/v1/projects", params, &np, &known);
    T_CHECK(r != NULL && strcmp(r->name, "projects.list") == 0 && np == 0);
    r = http_route_match("GET", "/api/v1/projects/XH-2025-0018", params, &np, &known);
    T_CHECK(r != NULL && strcmp(r->name, "projects.get") == 0 && np == 1);
    T_EQ_STR(params[0], "XH-2025-0018");
    r = http_route_match("GET", "/api/v1/projects/P1/workers", params, &np, &known);
    T_CHECK(r != NULL && strcmp(r->name, "projects.workers") == 0);
    T_EQ_STR(params[0], "P1");
    r = http_route_match("POST", "/api/v1/imports/payroll", params, &np, &known);
    T_CHECK(r != NULL && (r->flags & ROUTE_UPLOAD));
    T_EQ_STR(params[0], "payroll");
    /* another method on a known path: 405, not 404 */
    r = http_route_match("PUT", "/api/v1/projects", params, &np, &known);
    T_CHECK(r == NULL && known);
    r = http_route_match("GET", "/api/v1/nothing", params, &np, &known);
    T_CHECK(r == NULL && !known);
    /* no empty segments, no trailing slash, no prefix matches */
    T_CHECK(http_route_match("GET", "/api/v1/projects/", params, &np, &known) == NULL);
    T_CHECK(http_route_match("GET", "/api/v1/projects//workers", params, &np, &known) == NULL);
    T_CHECK(http_route_match("GET", "/api/v1/projectsX", params, &np, &known) == NULL);
    T_CHECK(http_route_match("GET", "/api/v1/me/extra", params, &np, &known) == NULL);
    {
        char longseg[400];
        memset(longseg, 'a', sizeof longseg);
        memcpy(longseg, "/api/v1/projects/", 17);
        longseg[sizeof longseg - 1] = '\0';
        T_CHECK(http_route_match("GET", longseg, params, &np, &known) == NULL);
    }
    {
        char allow[64];
        http_route_allow("/api/v1/session", allow, sizeof allow);
        T_EQ_STR(allow, "POST, DELETE");
    }
}

static void
test_route_table(void)
{
    for (size_t i = 0; i < http_nroutes; i++) {
        const struct route *r = &http_routes[i];
        T_CHECK(r->pattern[0] == '/' && r->name != NULL && r->fn != NULL);
        T_CHECK(strcmp(r->method, "GET") == 0 || strcmp(r->method, "POST") == 0 ||
                strcmp(r->method, "PUT") == 0 || strcmp(r->method, "PATCH") == 0 ||
                strcmp(r->method, "DELETE") == 0);
        /* every state-changing API route needs an account, except logging in and the
         * public routes of SPEC §11 (the complaint form) */
        if (strcmp(r->method, "GET") != 0 && strcmp(r->name, "session.create") != 0 &&
            strncmp(r->pattern, "/api/v1/public/", 15) != 0)
            T_CHECK(r->roles != 0);
        /* personal data in clear only for inspectors and administrators */
        if (strstr(r->pattern, "reveal") != NULL)
            T_CHECK(r->roles == (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_INSPECTOR)));
        for (size_t j = 0; j < i; j++)
            T_CHECK(strcmp(http_routes[j].method, r->method) != 0 ||
                    strcmp(http_routes[j].pattern, r->pattern) != 0);
    }
}

static void
test_err_table(void)
{
    static const struct {
        int code;
        unsigned status;
        const char *name;
    } cases[] = {
        { ZQ_EINVAL, 422, "invalid" },
        { ZQ_ESYNTAX, 400, "bad_request" },
        { ZQ_ENOTFOUND, 404, "not_found" },
        { ZQ_ECONFLICT, 409, "conflict" },
        { ZQ_EAUTH, 401, "unauthenticated" },
        { ZQ_EFORBIDDEN, 403, "forbidden" },
        { ZQ_ETOOBIG, 413, "too_large" },
        { ZQ_ELIMIT, 429, "rate_limited" },
        { ZQ_EDB, 503, "database_unavailable" },
        { ZQ_EINTERNAL, 500, "internal" },
        { -99, 500, "internal" },
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        T_EQ_INT(http_err_status(cases[i].code), cases[i].status);
        T_EQ_STR(http_err_code(cases[i].code), cases[i].name);
    }
}

/* ---------------------------------------------------------------- rows and cursors */

static void
test_row_json(void)
{
    static const struct sq_col cols[] = {
        { "id", SQ_HIDDEN },  { "name", SQ_TEXT },          { "amount", SQ_MONEY },
        { "ratio", SQ_BP },   { "flag", SQ_BOOL },          { "at", SQ_TS },
        { "count", SQ_INT },  { "region_code", SQ_REGION }, { "doc", SQ_JSON },
        { "none", SQ_MONEY },
    };
    struct store_val v[10] = {
        { .t = STORE_INT, .i = 7 },
        { .t = STORE_TEXT, .p = "张三", .n = 6 },
        { .t = STORE_INT, .i = 177231 },
        { .t = STORE_INT, .i = 1850 },
        { .t = STORE_INT, .i = 1 },
        { .t = STORE_INT, .i = 1795400000 },
        { .t = STORE_TEXT, .p = "42", .n = 2 },
        { .t = STORE_TEXT, .p = "330282", .n = 6 },
        { .t = STORE_TEXT, .p = "{\"a\":[1,2]}", .n = 11 },
        { .t = STORE_NULL },
    };
    struct region_table *rt = NULL;
    struct zq_err e;
    json_t *o;
    char *s;

    zq_err_clear(&e);
    T_CHECK(region_table_load_builtin(&rt, &e) == 0);
    o = query_row_json(rt, cols, v, 10);
    s = json_dumps(o, JSON_COMPACT);
    T_EQ_STR(s, "{\"name\":\"张三\",\"amount\":\"1772.31\",\"ratio\":\"18.50\",\"flag\":true,"
                "\"at\":\"2026-11-23T10:13:20+08:00\",\"count\":42,\"region_code\":\"330282\","
                "\"region_name\":\"慈溪市\",\"doc\":{\"a\":[1,2]},\"none\":null}");
    free(s);
    json_decref(o);
    region_table_free(rt);
}

static void
test_cursors(void)
{
    static const struct sq_col cols[] = { { "code", SQ_TEXT }, { "n", SQ_INT } };
    struct store_val v[2] = { { .t = STORE_TEXT, .p = "P-0001", .n = 6 },
                              { .t = STORE_INT, .i = 5 } };
    struct query_page in = { NULL, 0 };
    struct cursor_buf cb;
    struct sq_page sp;
    struct collect c;
    struct zq_err e;
    json_t *page;
    const char *cur;

    zq_err_clear(&e);
    /* a page of one row out of two: a cursor after "P-0001" */
    collect_init(&c, NULL, 1, CURSOR_KEY, 0);
    c.key_col = c.code_col = 0;
    T_EQ_INT(collect_row(&c, cols, v, 2), 0);
    T_EQ_INT(collect_row(&c, cols, v, 2), 1);
    page = collect_page(&c);
    collect_fini(&c);
    cur = json_string_value(json_object_get(page, "next_cursor"));
    T_CHECK(cur != NULL && strchr(cur, '=') == NULL);
    in.cursor = cur;
    T_EQ_INT(page_from(&in, CURSOR_KEY, false, &sp, &cb, &e), 0);
    T_CHECK(sp.after && sp.limit == QUERY_LIMIT_DEFAULT);
    T_EQ_STR(sp.key, "P-0001");
    T_EQ_STR(sp.code, "P-0001");
    /* the same cursor read as an id cursor is refused */
    T_EQ_INT(page_from(&in, CURSOR_ID, false, &sp, &cb, &e), ZQ_EINVAL);
    T_EQ_STR(e.field, "cursor");
    json_decref(page);
    /* an id cursor */
    collect_init(&c, NULL, 1, CURSOR_ID, 1);
    T_EQ_INT(collect_row(&c, cols, v, 2), 0);
    T_EQ_INT(collect_row(&c, cols, v, 2), 1);
    page = collect_page(&c);
    collect_fini(&c);
    in.cursor = json_string_value(json_object_get(page, "next_cursor"));
    T_EQ_INT(page_from(&in, CURSOR_ID, false, &sp, &cb, &e), 0);
    T_EQ_INT(sp.after_id, 5);
    json_decref(page);
    /* garbage, and limits */
    static const char *const bad[] = { "!!!", "aQ", "a2FiYw", "", "aTEyYWI" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        in.cursor = bad[i];
        int rc = page_from(&in, CURSOR_ID, false, &sp, &cb, &e);
        T_CHECK(bad[i][0] == '\0' ? rc == 0 : rc == ZQ_EINVAL);
    }
    in.cursor = NULL;
    in.limit = QUERY_LIMIT_MAX + 1;
    T_EQ_INT(page_from(&in, CURSOR_ID, false, &sp, &cb, &e), ZQ_EINVAL);
    T_EQ_STR(e.field, "limit");
    in.limit = -1;
    T_EQ_INT(page_from(&in, CURSOR_ID, false, &sp, &cb, &e), ZQ_EINVAL);
}

/* ---------------------------------------------------------------- a live server */

static char dir[64];
static char dbpath[128];

/* Send req on a new connection (or on *fd when it is open) and read one
 * answer into out; returns the status. */
static int
exchange(uint16_t port, int *fd, const char *req, size_t len, char *out, size_t cap)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
    struct timeval tv = { 60, 0 }; /* long enough for a password hash under valgrind */
    size_t got = 0;
    int status = 0;

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (*fd < 0) {
        *fd = socket(AF_INET, SOCK_STREAM, 0);
        setsockopt(*fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        if (connect(*fd, (struct sockaddr *)&sa, sizeof sa) != 0)
            return -1;
    }
    if (write(*fd, req, len) != (ssize_t)len)
        return -1;
    out[0] = '\0';
    while (got + 1 < cap) {
        ssize_t n = read(*fd, out + got, cap - 1 - got);
        const char *hdr_end, *cl;
        if (n <= 0)
            break;
        got += (size_t)n;
        out[got] = '\0';
        hdr_end = strstr(out, "\r\n\r\n");
        cl = strstr(out, "Content-Length: ");
        if (hdr_end != NULL && cl != NULL && cl < hdr_end) {
            long want = strtol(cl + 16, NULL, 10);
            if ((long)(got - (size_t)(hdr_end + 4 - out)) >= want)
                break;
        }
    }
    if (strncmp(out, "HTTP/1.1 ", 9) == 0)
        status = (int)strtol(out + 9, NULL, 10);
    return status;
}

static void
test_server(void)
{
    struct config *cfg = config_new();
    struct http_server *srv = NULL;
    struct app *a = NULL;
    struct zq_err e;
    char out[8192], req[512];
    int fd = -1, v = 0;
    uint16_t port;

    zq_err_clear(&e);
    snprintf(dir, sizeof dir, "/tmp/zq-http-XXXXXX");
    T_CHECK(mkdtemp(dir) != NULL);
    snprintf(dbpath, sizeof dbpath, "%s/t.db", dir);
    T_CHECK(config_set(cfg, "db", dbpath, &e) == 0);
    T_CHECK(config_set(cfg, "server.listen", "127.0.0.1:0", &e) == 0);
    T_CHECK(config_set(cfg, "server.access_log", "off", &e) == 0);
    T_CHECK(config_set(cfg, "server.max_body", "2048", &e) == 0);
    T_CHECK(config_set(cfg, "server.threads", "2", &e) == 0);
    T_CHECK(app_open(cfg, APP_DB, &a, &e) == 0 && store_migrate(a->st, &v, &e) == 0);
    app_free(a);
    if (!T_CHECK(http_server_start(cfg, &srv, &e) == 0)) {
        fprintf(stderr, "     %s\n", e.msg);
        config_free(cfg);
        return;
    }
    port = http_server_port(srv);
    T_CHECK(port > 0);
    /* two requests on one keep-alive connection */
    snprintf(req, sizeof req, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    T_EQ_INT(exchange(port, &fd, req, strlen(req), out, sizeof out), 200);
    T_CONTAINS(out, "X-Content-Type-Options: nosniff");
    T_CONTAINS(out, "X-Request-Id: ");
    snprintf(req, sizeof req, "GET /api/v1/nope HTTP/1.1\r\nHost: x\r\n\r\n");
    T_EQ_INT(exchange(port, &fd, req, strlen(req), out, sizeof out), 404);
    T_CONTAINS(out, "\"code\":\"no_route\"");
    T_CONTAINS(out, "没有这个接口");
    snprintf(req, sizeof req, "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n");
    T_EQ_INT(exchange(port, &fd, req, strlen(req), out, sizeof out), 401);
    /* login with a wrong password: 401; malformed: 400; wrong type: 422 */
    static const struct {
        const char *body;
        int status;
        const char *needle;
    } logins[] = {
        { "{\"username\":\"nobody\",\"password\":\"whatever1\"}", 401, "用户名或密码错误" },
        { "{\"username\":", 400, "malformed_json" },
        { "{\"username\":1,\"password\":\"x\"}", 422, "\"field\":\"username\"" },
        { "{\"username\":\"a\",\"username\":\"b\",\"password\":\"x\"}", 400, "malformed_json" },
    };
    for (size_t i = 0; i < sizeof logins / sizeof logins[0]; i++) {
        snprintf(req, sizeof req,
                 "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "Content-Length: %zu\r\n\r\n%s",
                 strlen(logins[i].body), logins[i].body);
        T_EQ_INT(exchange(port, &fd, req, strlen(req), out, sizeof out), logins[i].status);
        T_CONTAINS(out, logins[i].needle);
    }
    close(fd);
    fd = -1;
    /* over server.max_body: refused from the headers alone */
    snprintf(req, sizeof req,
             "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
             "Content-Length: 4096\r\n\r\n");
    T_EQ_INT(exchange(port, &fd, req, strlen(req), out, sizeof out), 413);
    close(fd);
    fd = -1;
    snprintf(req, sizeof req, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    T_EQ_INT(exchange(port, &fd, req, strlen(req), out, sizeof out), 200);
    T_CONTAINS(out, "zhiqian_http_requests_total{route=\"session.create\",status=\"401\"} 1");
    T_CONTAINS(out, "zhiqian_heap_in_use_bytes ");
    T_CONTAINS(out, "zhiqian_sqlite_memory_bytes ");
    close(fd);
    http_server_free(srv);
    config_free(cfg);
    snprintf(out, sizeof out, "%s-wal", dbpath);
    unlink(out);
    snprintf(out, sizeof out, "%s-shm", dbpath);
    unlink(out);
    unlink(dbpath);
    rmdir(dir);
}

static const struct t_case t_cases[] = {
    { "routes", test_routes },
    { "route table", test_route_table },
    { "error table", test_err_table },
    { "row json", test_row_json },
    { "cursors", test_cursors },
    { "server", test_server },
    { 0 },
};

T_MAIN(t_cases)
