/*
 * http_int.h - private to http/: the server, a request being served, the
 * route table and the helpers handlers use to read input and write
 * answers.
 *
 * A struct hreq lives from the first access-handler call of a request to
 * libmicrohttpd's completion callback; it is used by one pool thread only.
 * Handlers return 0 after queuing an answer (http_reply_*), or a negative
 * ZQ_E* code with r->err filled, which the dispatcher renders through the
 * error table (http_err.c).
 */
#ifndef ZQ_HTTP_HTTP_INT_H
#define ZQ_HTTP_HTTP_INT_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/err.h"
#include "core/str.h"
#include "http/heap.h"
#include "http/http.h"
#include "svc/app.h"
#include "svc/auth.h"

#define HTTP_MAX_PARAMS 3
#define HTTP_PARAM_MAX  256
#define HTTP_PATH_MAX   2048

/* ---------------------------------------------------------------- routes */

enum route_flags {
    ROUTE_JSON = 1,         /* the body is a JSON object (Content-Type application/json) */
    ROUTE_UPLOAD = 2,       /* the body is a file (CSV or XLSX), up to server.max_upload */
    ROUTE_SESSION_ONLY = 4, /* a login session, not an API token */
};

struct hreq;

struct route {
    const char *method;  /* "GET", "POST", ... (HEAD is served as GET) */
    const char *pattern; /* "/api/v1/projects/{code}": {x} matches one path segment */
    int (*fn)(struct hreq *r);
    unsigned roles;   /* ROLE_BIT()s allowed; 0 = public (no authentication) */
    unsigned flags;   /* enum route_flags */
    const char *name; /* for metrics: "projects.list" */
};

extern const struct route http_routes[];
extern const size_t http_nroutes;

/* The route for method and path; params[] get the {x} segments.  NULL with
 * *path_known true when the path exists for another method (405). */
const struct route *http_route_match(const char *method, const char *path,
                                     char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX], int *nparams,
                                     bool *path_known);
/* The methods allowed on a path, for an Allow header ("GET, POST"). */
void http_route_allow(const char *path, char *out, size_t cap);

/* ---------------------------------------------------------------- metrics */

#define METRIC_BUCKETS 12
/* Statuses counted one by one; anything else is counted as "other". */
#define METRIC_STATUSES 18

struct metrics {
    size_t nroutes;            /* http_nroutes + 2: unmatched (404/405) and static files */
    _Atomic uint64_t *count;   /* [route][status] */
    _Atomic uint64_t *buckets; /* [route][bucket]: cumulative by le */
    _Atomic uint64_t *sum_us;  /* [route] */
    _Atomic uint64_t imports, import_rows, import_rejected;
    /* imports_running: threads still alive (shutdown waits for them);
     * import_slots: imports counted against server.max_imports, given back
     * before the answer is sent so that a client's next upload is admitted. */
    _Atomic int64_t active, workers, imports_running, import_slots;
};

void metrics_init(struct metrics *m);
void metrics_fini(struct metrics *m);
/* Count one answered request of route index ri (http_nroutes: unmatched,
 * + 1: static). */
void metrics_observe(struct metrics *m, size_t ri, unsigned status, uint64_t micros);
/* The Prometheus text exposition (owned by the caller: free()). */
char *metrics_render(struct metrics *m, struct app *a, size_t *len);

/* ---------------------------------------------------------------- running imports */

/* The progress of this process' running API imports (jobs_live.c). */
struct jobs_live;
struct jobs_live *jobs_live_new(void);
void jobs_live_free(struct jobs_live *l);
/* Record the progress of running job id (bytes done of total, rows read). */
void jobs_live_set(struct jobs_live *l, int64_t id, uint64_t done, uint64_t total, int64_t rows);
void jobs_live_end(struct jobs_live *l, int64_t id);
/* Lay the progress of a running job over its JSON (rows_total, bytes_done,
 * bytes_total, progress); nothing when it is not running here. */
void jobs_live_overlay(struct jobs_live *l, json_t *job);

/* ---------------------------------------------------------------- server */

struct http_server {
    const struct config *cfg;
    struct MHD_Daemon *d;
    uint16_t port;
    pthread_key_t key; /* -> struct hworker of the calling pool thread */
    bool key_made;
    struct auth_gate *gate;
    struct ratelimit *public_rl; /* the public routes that read the database */
    struct metrics m;
    char web_dir[1024]; /* "" for none */
    char web_real[4096];
    int access_fd; /* -1: off */
    bool trust_proxy;
    int cookie_secure; /* 0 never, 1 always, 2 when X-Forwarded-Proto is https */
    size_t max_body, max_upload;
    int64_t request_timeout;
    int64_t max_imports; /* imports running at once, each on a thread of its own */
    int64_t started_at;
    struct jobs_live *live; /* progress of the running imports */
    struct deadline *dl;    /* request-head watchdog (http/deadline.c); NULL: none */
    struct http_heap heap;  /* trims of malloc's arenas (heap.h) */
    /* PostgreSQL: seconds between two sweeps of the import jobs that a
     * killed server process left `running` (0: only at start-up), and the
     * time of the last one (sweep_tick() in server.c) */
    int64_t job_sweep_seconds;
    _Atomic int64_t last_job_sweep;
};

/* One pool thread's context, made on its first request. */
struct hworker {
    struct http_server *srv;
    struct app *app;
    struct auth_cache *cache;
};

struct hreq {
    struct http_server *srv;
    struct hworker *w;
    struct MHD_Connection *conn;
    const char *method;
    char path[HTTP_PATH_MAX];
    const struct route *route;
    size_t route_index;
    bool path_known;
    char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX];
    int nparams;
    char id[17];
    struct timespec t0;
    char client[64];
    /* the body */
    struct buf body;
    size_t body_max;
    bool body_over, bad_query, bad_query_ctl;
    json_t *json; /* ROUTE_JSON: the parsed object */
    /* who */
    struct principal who;
    bool authed;
    /* the answer */
    unsigned status;
    uint64_t bytes;
    bool answered;
    struct zq_err err;
    const char *ecode; /* overrides the error table's code */
    json_t *extra;     /* members added to an error answer */
    char cookies[2][256];
    int ncookies;
    char location[128]; /* a Location header when not "" */
    char allow[64];     /* an Allow header (405) when not "" */
    /* work handed to a thread of its own (imports): the connection is
     * suspended meanwhile, and resumed with the answer ready */
    bool async, async_done;
    int async_rc;
    unsigned async_status;
    json_t *async_body;
};

struct app;
/* The thread's app (opened on first use); NULL with r->err filled when the
 * database cannot be opened. */
struct app *http_app(struct hreq *r);

/* ---------------------------------------------------------------- input */

/* A query parameter (UTF-8 checked), or NULL. */
const char *http_query(struct hreq *r, const char *key);
/* A request header, or NULL. */
const char *http_header(struct hreq *r, const char *name);
/* The limit and cursor parameters. */
int http_page(struct hreq *r, int *limit, const char **cursor) ZQ_WUR;

/* Members of the JSON body.  Missing and not required: *out NULL (or the
 * default left alone).  Wrong type or too long: ZQ_EINVAL naming the field. */
int http_json_str(struct hreq *r, const char *key, bool required, size_t max,
                  const char **out) ZQ_WUR;
int http_json_bool(struct hreq *r, const char *key, int *out) ZQ_WUR; /* -1 when absent */

/* ---------------------------------------------------------------- output */

/* Queue a JSON answer (takes body). */
int http_reply_json(struct hreq *r, unsigned status, json_t *body);
/* A service's result: with rc < 0 drop *out and return rc (the error is in
 * r->err), else answer *out with status. */
int http_answer(struct hreq *r, int rc, unsigned status, json_t **out);
/* Queue a text answer (copies text). */
int http_reply_text(struct hreq *r, unsigned status, const char *ctype, const char *text,
                    size_t len);
/* Queue an empty answer (204). */
int http_reply_empty(struct hreq *r, unsigned status);
/* Queue the error answer for r->err (code < 0). */
int http_reply_error(struct hreq *r, int code);
/* Record an error: returns code for `return http_fail(...)`. */
int http_fail(struct hreq *r, int code, const char *ecode, const char *field, const char *fmt, ...)
    ZQ_PRINTF(5, 6);
/* The public routes that read the database share one limit per client
 * (public_rl): 0 while the client is under it, else the 429 to return. */
int http_public_read(struct hreq *r);
/* Queue a response made elsewhere (static files) with the common headers. */
int http_queue(struct hreq *r, unsigned status, struct MHD_Response *resp, bool html);
/* Add a Set-Cookie to the answer about to be queued. */
void http_cookie(struct hreq *r, const char *name, const char *value, int64_t max_age,
                 bool http_only);

/* The HTTP status and stable JSON code of an error code (http_err.c). */
unsigned http_err_status(int code);
const char *http_err_code(int code);

/* ---------------------------------------------------------------- static files */

/* Serve path from the web directory, index.html for unknown paths without
 * an extension (the SPA's own routes).  ZQ_ENOTFOUND when there is none. */
int http_static(struct hreq *r);

/* Access log line for a finished request. */
void http_access_log(struct hreq *r);

#endif
