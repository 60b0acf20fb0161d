/*
 * metrics.c - request counters and latency histograms per route, and their
 * Prometheus text exposition at GET /metrics (SPEC §11).
 *
 * Counters are relaxed atomics updated by every pool thread; the exposition
 * reads them without a lock (a scrape may see one request counted in the
 * total and not yet in a bucket, which Prometheus tolerates).
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/log.h"
#include "http/http_int.h"
#include "store/store_query.h"

static const unsigned statuses[METRIC_STATUSES] = {
    200, 201, 204, 304, 400, 401, 403, 404, 405, 408, 409, 413, 414, 415, 422, 429, 500, 503,
};
/* Upper bounds of the latency buckets, in microseconds and as printed. */
static const uint64_t bucket_us[METRIC_BUCKETS] = {
    500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 5000000,
};
static const char *const bucket_le[METRIC_BUCKETS] = {
    "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "5",
};

#define NSTATUS (METRIC_STATUSES + 1) /* and "other" */

void
metrics_init(struct metrics *m)
{
    memset(m, 0, sizeof *m);
    m->nroutes = http_nroutes + 2;
    m->count = zq_calloc(m->nroutes * NSTATUS, sizeof *m->count);
    m->buckets = zq_calloc(m->nroutes * METRIC_BUCKETS, sizeof *m->buckets);
    m->sum_us = zq_calloc(m->nroutes, sizeof *m->sum_us);
}

void
metrics_fini(struct metrics *m)
{
    zq_free((void *)m->count);
    zq_free((void *)m->buckets);
    zq_free((void *)m->sum_us);
    m->count = m->buckets = m->sum_us = NULL;
}

void
metrics_observe(struct metrics *m, size_t ri, unsigned status, uint64_t micros)
{
    size_t si = METRIC_STATUSES;

    if (m->count == NULL)
        return;
    if (ri >= m->nroutes)
        ri = http_nroutes;
    for (size_t i = 0; i < METRIC_STATUSES; i++)
        if (statuses[i] == status)
            si = i;
    atomic_fetch_add_explicit(&m->count[ri * NSTATUS + si], 1, memory_order_relaxed);
    for (size_t b = 0; b < METRIC_BUCKETS; b++)
        if (micros <= bucket_us[b])
            atomic_fetch_add_explicit(&m->buckets[ri * METRIC_BUCKETS + b], 1,
                                      memory_order_relaxed);
    atomic_fetch_add_explicit(&m->sum_us[ri], micros, memory_order_relaxed);
}

static const char *
route_name(size_t ri)
{
    if (ri < http_nroutes)
        return http_routes[ri].name;
    return ri == http_nroutes ? "unmatched" : "static";
}

static int
render_requests(struct metrics *m, struct buf *b)
{
    int rc = buf_puts(b, "# HELP zhiqian_http_requests_total HTTP requests answered, by route "
                         "and status.\n# TYPE zhiqian_http_requests_total counter\n");

    for (size_t ri = 0; ri < m->nroutes && rc == 0; ri++) {
        for (size_t si = 0; si < NSTATUS && rc == 0; si++) {
            uint64_t n = atomic_load_explicit(&m->count[ri * NSTATUS + si], memory_order_relaxed);
            char st[8] = "other";
            if (n == 0)
                continue;
            if (si < METRIC_STATUSES)
                snprintf(st, sizeof st, "%u", statuses[si]);
            rc = buf_printf(b, "zhiqian_http_requests_total{route=\"%s\",status=\"%s\"} %llu\n",
                            route_name(ri), st, (unsigned long long)n);
        }
    }
    return rc;
}

static int
render_latency(struct metrics *m, struct buf *b)
{
    int rc = buf_puts(b, "# HELP zhiqian_http_request_duration_seconds Time from the first byte "
                         "of a request to its answer.\n"
                         "# TYPE zhiqian_http_request_duration_seconds histogram\n");

    for (size_t ri = 0; ri < m->nroutes && rc == 0; ri++) {
        uint64_t total = 0, sum = atomic_load_explicit(&m->sum_us[ri], memory_order_relaxed);
        for (size_t si = 0; si < NSTATUS; si++)
            total += atomic_load_explicit(&m->count[ri * NSTATUS + si], memory_order_relaxed);
        if (total == 0)
            continue;
        for (size_t k = 0; k < METRIC_BUCKETS && rc == 0; k++)
            rc = buf_printf(b,
                            "zhiqian_http_request_duration_seconds_bucket{route=\"%s\",le=\"%s\"} "
                            "%llu\n",
                            route_name(ri), bucket_le[k],
                            (unsigned long long)atomic_load_explicit(
                                &m->buckets[ri * METRIC_BUCKETS + k], memory_order_relaxed));
        if (rc == 0)
            rc =
                buf_printf(b,
                           "zhiqian_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} "
                           "%llu\n"
                           "zhiqian_http_request_duration_seconds_sum{route=\"%s\"} %llu.%06llu\n"
                           "zhiqian_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
                           route_name(ri), (unsigned long long)total, route_name(ri),
                           (unsigned long long)(sum / 1000000), (unsigned long long)(sum % 1000000),
                           route_name(ri), (unsigned long long)total);
    }
    return rc;
}

static int
render_gauges(struct metrics *m, struct app *a, struct buf *b)
{
    static const char *const levels[3] = { "red", "orange", "yellow" };
    int64_t w[3] = { 0, 0, 0 };
    struct zq_err e;
    int rc;

    rc = buf_printf(
        b,
        "# HELP zhiqian_http_active_requests Requests being served.\n"
        "# TYPE zhiqian_http_active_requests gauge\nzhiqian_http_active_requests %lld\n"
        "# HELP zhiqian_db_connections Database connections held by the server's threads.\n"
        "# TYPE zhiqian_db_connections gauge\nzhiqian_db_connections %lld\n"
        "# HELP zhiqian_imports_running Imports running now.\n"
        "# TYPE zhiqian_imports_running gauge\nzhiqian_imports_running %lld\n"
        "# HELP zhiqian_imports_total Imports run through the API.\n"
        "# TYPE zhiqian_imports_total counter\nzhiqian_imports_total %llu\n"
        "# HELP zhiqian_import_rows_total Rows read by imports through the API.\n"
        "# TYPE zhiqian_import_rows_total counter\nzhiqian_import_rows_total %llu\n"
        "# HELP zhiqian_import_rejected_rows_total Rows rejected by imports through the API.\n"
        "# TYPE zhiqian_import_rejected_rows_total counter\n"
        "zhiqian_import_rejected_rows_total %llu\n"
        "# HELP zhiqian_heap_in_use_bytes Bytes malloc has handed out (-1: unknown).\n"
        "# TYPE zhiqian_heap_in_use_bytes gauge\nzhiqian_heap_in_use_bytes %lld\n"
        "# HELP zhiqian_sqlite_memory_bytes Bytes SQLite holds: page caches, statements.\n"
        "# TYPE zhiqian_sqlite_memory_bytes gauge\nzhiqian_sqlite_memory_bytes %lld\n",
        (long long)atomic_load(&m->active), (long long)atomic_load(&m->workers),
        (long long)atomic_load(&m->imports_running), (unsigned long long)atomic_load(&m->imports),
        (unsigned long long)atomic_load(&m->import_rows),
        (unsigned long long)atomic_load(&m->import_rejected), (long long)http_heap_in_use(),
        (long long)store_sqlite_memory_used());
    if (rc < 0 || a == NULL)
        return rc;
    zq_err_clear(&e);
    if (store_q_warning_levels(a->st, w, &e) < 0) {
        log_warn("读取预警统计失败：%s", e.msg);
        return 0;
    }
    rc = buf_puts(b, "# HELP zhiqian_warnings_open Open warnings by level.\n"
                     "# TYPE zhiqian_warnings_open gauge\n");
    for (int i = 0; i < 3 && rc == 0; i++)
        rc =
            buf_printf(b, "zhiqian_warnings_open{level=\"%s\"} %lld\n", levels[i], (long long)w[i]);
    return rc;
}

char *
metrics_render(struct metrics *m, struct app *a, size_t *len)
{
    struct buf b;
    char *out;

    buf_init(&b, (size_t)4 << 20);
    if (render_requests(m, &b) < 0 || render_latency(m, &b) < 0 || render_gauges(m, a, &b) < 0)
        log_warn("指标输出超过上限，已截断");
    *len = b.len;
    out = buf_steal(&b);
    return out;
}
