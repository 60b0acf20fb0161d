/*
 * store_warn.c - warnings as a scan writes them (insert, refresh, reopen,
 * resolve), scan runs, listing, and the lifecycle steps of a warning.
 *
 * struct store_warn_scan owns an index of the stored warnings that are not
 * resolved (identity, status, level, a hash of its text), so that a scan
 * writes only what changed: one entry per warning, a few dozen bytes each.
 * Resolved warnings, most of the history, are looked up one by one when a
 * scan finds their condition again.
 */
#include "store/store_warn.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/strmap.h"
#include "store/store_int.h"

#define PAGE 4096

enum { ST_OPEN, ST_HANDLED, ST_RESOLVED, ST_DISMISSED };

struct entry {
    int64_t id;
    int64_t project_id;
    uint64_t text_hash;
    char rule[4];
    char month[8];
    char level[8], base_level[8];
    char first_seen[11], last_seen[11];
    char status[16];
    int state;
    bool seen;      /* hit by this scan */
    int seen_level; /* rank of that hit's level */
};

struct store_warn_scan {
    struct store *st;
    char as_of[11];
    int64_t now;
    struct entry *e;
    size_t n, cap;
    struct strmap *idx; /* identity -> index + 1 */
    struct sw_counts c;
};

static int
rank(const char *level)
{
    return strcmp(level, "red") == 0 ? 3 : strcmp(level, "orange") == 0 ? 2 : 1;
}

static int
state_of(const char *status)
{
    if (strcmp(status, "open") == 0)
        return ST_OPEN;
    if (strcmp(status, "resolved") == 0)
        return ST_RESOLVED;
    if (strcmp(status, "dismissed") == 0)
        return ST_DISMISSED;
    return ST_HANDLED;
}

static size_t
identity(char *out, size_t cap, const char *rule, const char *stype, const char *code,
         const char *month)
{
    int n = snprintf(out, cap, "%s\x1f%s\x1f%s\x1f%s", rule, stype, code, month);

    return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

static uint64_t
text_hash(const char *message, const char *evidence, const char *region)
{
    uint64_t h = strmap_hash(message, strlen(message));

    h ^= strmap_hash(evidence, strlen(evidence)) * 31;
    return h ^ strmap_hash(region, strlen(region)) * 131;
}

static void
copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

static int
bind_fail(struct store_stmt *s, struct zq_err *err)
{
    store_stmt_done(s);
    return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
}

/* ------------------------------------------------------------ loading */

#define ENTRY_COLS                                                                      \
    "id, rule, subject_type, subject_code, month, status, level, base_level, message, " \
    "coalesce(evidence, ''), first_seen, last_seen, coalesce(project_id, 0), region_code "
/* Resolved warnings are not loaded (they are most of the history): a hit that
 * is not in the index is looked up by its identity before it is inserted. */
static const char SQL_LOAD[] = "SELECT " ENTRY_COLS "FROM warnings WHERE id > $1 "
                               "AND status <> 'resolved' ORDER BY id LIMIT $2";
static const char SQL_FIND[] = "SELECT " ENTRY_COLS "FROM warnings WHERE rule = $1 AND "
                               "subject_type = $2 AND subject_code = $3 AND month = $4";

static void
add_entry(struct store_warn_scan *ws, struct store_stmt *s)
{
    char key[512];
    struct entry *e;
    size_t kl;

    ws->e = zq_grow(ws->e, sizeof(*ws->e), ws->n + 1, &ws->cap);
    e = &ws->e[ws->n];
    memset(e, 0, sizeof(*e));
    e->id = store_column_int(s, 0);
    copy(e->rule, sizeof e->rule, store_column_text(s, 1, NULL));
    copy(e->month, sizeof e->month, store_column_text(s, 4, NULL));
    copy(e->status, sizeof e->status, store_column_text(s, 5, NULL));
    e->state = state_of(e->status);
    copy(e->level, sizeof e->level, store_column_text(s, 6, NULL));
    copy(e->base_level, sizeof e->base_level, store_column_text(s, 7, NULL));
    e->text_hash = text_hash(store_column_text(s, 8, NULL), store_column_text(s, 9, NULL),
                             store_column_text(s, 13, NULL));
    copy(e->first_seen, sizeof e->first_seen, store_column_text(s, 10, NULL));
    copy(e->last_seen, sizeof e->last_seen, store_column_text(s, 11, NULL));
    e->project_id = store_column_int(s, 12);
    kl = identity(key, sizeof key, e->rule, store_column_text(s, 2, NULL),
                  store_column_text(s, 3, NULL), e->month);
    strmap_put(ws->idx, key, kl, (uint64_t)++ws->n);
}

int
store_warn_scan_begin(struct store *st, const char *as_of, int64_t now,
                      struct store_warn_scan **out, struct zq_err *err)
{
    struct store_warn_scan *ws = zq_calloc(1, sizeof(*ws));
    int64_t last = -1;
    int rc = 0;

    ws->st = st;
    ws->now = now;
    copy(ws->as_of, sizeof ws->as_of, as_of);
    ws->idx = strmap_new();
    for (;;) {
        struct store_stmt *s;
        int64_t rows = 0;

        if ((rc = store_prepare(st, SQL_LOAD, &s, err)) < 0)
            break;
        if (store_bind_int(s, 1, last) < 0 || store_bind_int(s, 2, PAGE) < 0) {
            rc = bind_fail(s, err);
            break;
        }
        while ((rc = store_step(s, err)) == STORE_ROW) {
            add_entry(ws, s);
            last = ws->e[ws->n - 1].id;
            rows++;
        }
        store_stmt_done(s);
        if (rc < 0 || rows < PAGE)
            break;
    }
    if (rc < 0) {
        store_warn_scan_free(ws);
        return rc;
    }
    *out = ws;
    return 0;
}

void
store_warn_scan_free(struct store_warn_scan *ws)
{
    if (ws == NULL)
        return;
    zq_free(ws->e);
    strmap_free(ws->idx);
    zq_free(ws);
}

/* ------------------------------------------------------------ events */

static const char SQL_EVENT[] =
    "INSERT INTO warning_events (warning_id, at, actor_id, action, from_status, to_status, note) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)";

static int
event(struct store *st, int64_t id, int64_t now, int64_t actor, const char *action,
      const char *from, const char *to, const char *note, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, SQL_EVENT, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, id) < 0 || store_bind_int(s, 2, now) < 0 ||
        (actor ? store_bind_int(s, 3, actor) : store_bind_null(s, 3)) < 0 ||
        store_bind_text(s, 4, action, (size_t)-1) < 0 ||
        store_bind_text(s, 5, from, (size_t)-1) < 0 || store_bind_text(s, 6, to, (size_t)-1) < 0 ||
        store_bind_text(s, 7, note ? note : "", (size_t)-1) < 0)
        return bind_fail(s, err);
    return store_run(s, err);
}

/* ------------------------------------------------------------ writing hits */

static const char SQL_INSERT[] =
    "INSERT INTO warnings (rule, level, base_level, subject_type, subject_code, month, province, "
    "region_code, dept, project_id, status, first_seen, last_seen, message, basis, evidence, "
    "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $11, "
    "$12, $13, $14, $15, $15) RETURNING id";

/* Refresh a known warning; $8 1 reopens it (status open, reopen_count + 1). */
static const char SQL_REFRESH[] =
    "UPDATE warnings SET level = $2, base_level = $3, message = $4, evidence = $5, "
    "region_code = $6, dept = $7, "
    "status = CASE WHEN $8 = 1 THEN 'open' ELSE status END, "
    "reopen_count = reopen_count + $8, "
    "resolved_at = CASE WHEN $8 = 1 THEN NULL ELSE resolved_at END, "
    "first_seen = CASE WHEN first_seen > $9 THEN $9 ELSE first_seen END, "
    "last_seen = CASE WHEN last_seen < $9 THEN $9 ELSE last_seen END, updated_at = $10 "
    "WHERE id = $1";

static int
bind_texts(struct store_stmt *s, int first, const char *const *v, int n)
{
    for (int i = 0; i < n; i++)
        if (store_bind_text(s, first + i, v[i] ? v[i] : "", (size_t)-1) < 0)
            return -1;
    return 0;
}

static int
insert_hit(struct store_warn_scan *ws, const struct sw_hit *h, const char *key, size_t kl,
           struct zq_err *err)
{
    const char *t1[] = { h->rule,         h->level, h->base_level, h->subject_type,
                         h->subject_code, h->month, h->province,   h->region };
    const char *t2[] = { ws->as_of, h->message, h->basis, h->evidence };
    struct store_stmt *s;
    struct entry *e;
    int rc;

    if ((rc = store_prepare(ws->st, SQL_INSERT, &s, err)) < 0)
        return rc;
    if (bind_texts(s, 1, t1, 8) < 0 || store_bind_text(s, 9, h->dept, (size_t)-1) < 0 ||
        (h->project_id ? store_bind_int(s, 10, h->project_id) : store_bind_null(s, 10)) < 0 ||
        bind_texts(s, 11, t2, 4) < 0 || store_bind_int(s, 15, ws->now) < 0)
        return bind_fail(s, err);
    rc = store_step(s, err);
    if (rc != STORE_ROW) {
        store_stmt_done(s);
        return rc < 0 ? rc : zq_err_set(err, ZQ_EDB, "写入预警失败");
    }
    ws->e = zq_grow(ws->e, sizeof(*ws->e), ws->n + 1, &ws->cap);
    e = &ws->e[ws->n];
    memset(e, 0, sizeof(*e));
    e->id = store_column_int(s, 0);
    store_stmt_done(s);
    copy(e->rule, sizeof e->rule, h->rule);
    copy(e->month, sizeof e->month, h->month);
    copy(e->status, sizeof e->status, "open");
    e->state = ST_OPEN;
    copy(e->level, sizeof e->level, h->level);
    copy(e->base_level, sizeof e->base_level, h->base_level);
    copy(e->first_seen, sizeof e->first_seen, ws->as_of);
    copy(e->last_seen, sizeof e->last_seen, ws->as_of);
    e->project_id = h->project_id;
    e->text_hash = text_hash(h->message, h->evidence, h->region);
    e->seen = true;
    e->seen_level = rank(h->level);
    strmap_put(ws->idx, key, kl, (uint64_t)++ws->n);
    ws->c.found++;
    ws->c.opened++;
    return event(ws->st, e->id, ws->now, 0, "open", "", "open", "扫描发现", err);
}

static int
refresh(struct store_warn_scan *ws, struct entry *e, const struct sw_hit *h, bool reopen,
        struct zq_err *err)
{
    const char *t[] = { h->level, h->base_level, h->message, h->evidence, h->region, h->dept };
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(ws->st, SQL_REFRESH, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, e->id) < 0 || bind_texts(s, 2, t, 6) < 0 ||
        store_bind_int(s, 8, reopen ? 1 : 0) < 0 ||
        store_bind_text(s, 9, ws->as_of, (size_t)-1) < 0 || store_bind_int(s, 10, ws->now) < 0)
        return bind_fail(s, err);
    if ((rc = store_run(s, err)) < 0)
        return rc;
    if (reopen) {
        rc = event(ws->st, e->id, ws->now, 0, "reopen", e->status, "open", "再次发现", err);
        copy(e->status, sizeof e->status, "open");
        e->state = ST_OPEN;
    } else if (strcmp(e->level, h->level) != 0) {
        char note[64];
        snprintf(note, sizeof note, "等级 %s → %s", e->level, h->level);
        rc = event(ws->st, e->id, ws->now, 0, "level", e->status, e->status, note, err);
    }
    copy(e->level, sizeof e->level, h->level);
    copy(e->base_level, sizeof e->base_level, h->base_level);
    e->text_hash = text_hash(h->message, h->evidence, h->region);
    if (strcmp(e->last_seen, ws->as_of) < 0)
        copy(e->last_seen, sizeof e->last_seen, ws->as_of);
    if (strcmp(e->first_seen, ws->as_of) > 0)
        copy(e->first_seen, sizeof e->first_seen, ws->as_of);
    return rc;
}

/* A warning with the hit's identity that the index does not hold (a
 * resolved one): add it to the index. */
static int
find_resolved(struct store_warn_scan *ws, const struct sw_hit *h, struct zq_err *err)
{
    const char *t[] = { h->rule, h->subject_type, h->subject_code, h->month };
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(ws->st, SQL_FIND, &s, err)) < 0)
        return rc;
    if (bind_texts(s, 1, t, 4) < 0)
        return bind_fail(s, err);
    rc = store_step(s, err);
    if (rc == STORE_ROW)
        add_entry(ws, s);
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

int
store_warn_scan_hit(struct store_warn_scan *ws, const struct sw_hit *h, struct zq_err *err)
{
    char key[512];
    size_t kl = identity(key, sizeof key, h->rule, h->subject_type, h->subject_code, h->month);
    struct entry *e;
    uint64_t v;
    bool same;

    if (!strmap_get(ws->idx, key, kl, &v)) {
        int rc = find_resolved(ws, h, err);
        if (rc < 0)
            return rc;
        if (!strmap_get(ws->idx, key, kl, &v))
            return insert_hit(ws, h, key, kl, err);
    }
    e = &ws->e[v - 1];
    if (e->seen) { /* the same identity twice in one scan: keep the higher level */
        if (rank(h->level) <= e->seen_level)
            return 0;
        e->seen_level = rank(h->level);
        return refresh(ws, e, h, false, err);
    }
    e->seen = true;
    e->seen_level = rank(h->level);
    ws->c.found++;
    if (e->state == ST_RESOLVED) {
        ws->c.reopened++;
        return refresh(ws, e, h, true, err);
    }
    same = strcmp(e->level, h->level) == 0 && strcmp(e->base_level, h->base_level) == 0 &&
           e->text_hash == text_hash(h->message, h->evidence, h->region);
    if (!same)
        ws->c.changed++;
    if (same && strcmp(e->last_seen, ws->as_of) >= 0 && strcmp(e->first_seen, ws->as_of) <= 0)
        return 0;
    return refresh(ws, e, h, false, err);
}

static const char SQL_RESOLVE[] =
    "UPDATE warnings SET status = 'resolved', resolved_at = $2, updated_at = $2 WHERE id = $1";

int
store_warn_scan_finish(struct store_warn_scan *ws, sw_scope_fn in_scope, void *ctx,
                       struct sw_counts *c, struct zq_err *err)
{
    for (size_t i = 0; i < ws->n; i++) {
        struct entry *e = &ws->e[i];
        struct store_stmt *s;
        int rc;

        if (e->seen || e->state == ST_RESOLVED || e->state == ST_DISMISSED)
            continue;
        if (in_scope != NULL && !in_scope(ctx, e->rule, e->month, e->project_id))
            continue;
        if ((rc = store_prepare(ws->st, SQL_RESOLVE, &s, err)) < 0)
            return rc;
        if (store_bind_int(s, 1, e->id) < 0 || store_bind_int(s, 2, ws->now) < 0)
            return bind_fail(s, err);
        if ((rc = store_run(s, err)) < 0 ||
            (rc = event(ws->st, e->id, ws->now, 0, "auto_resolve", e->status, "resolved",
                        "扫描未再发现", err)) < 0)
            return rc;
        copy(e->status, sizeof e->status, "resolved");
        e->state = ST_RESOLVED;
        ws->c.resolved++;
    }
    *c = ws->c;
    return 0;
}

/* ------------------------------------------------------------ scan runs */

static const char SQL_RUN_BEGIN[] =
    "INSERT INTO scan_runs (as_of, incremental, started_at) VALUES ($1, $2, $3) RETURNING id";
static const char SQL_RUN_END[] =
    "UPDATE scan_runs SET finished_at = $2, found = $3, opened = $4, resolved = $5, counts = $6, "
    "settings = $7 WHERE id = $1";
static const char SQL_RUN_LAST[] =
    "SELECT id, as_of, incremental, started_at, finished_at, coalesce(settings, '') FROM scan_runs "
    "WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1";

int
store_scan_run_begin(struct store *st, const char *as_of, bool incremental, int64_t now,
                     int64_t *id, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, SQL_RUN_BEGIN, &s, err)) < 0)
        return rc;
    if (store_bind_text(s, 1, as_of, (size_t)-1) < 0 || store_bind_int(s, 2, incremental) < 0 ||
        store_bind_int(s, 3, now) < 0)
        return bind_fail(s, err);
    rc = store_step(s, err);
    *id = rc == STORE_ROW ? store_column_int(s, 0) : 0;
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

int
store_scan_run_end(struct store *st, int64_t id, int64_t now, const struct sw_counts *c,
                   const char *counts_json, const char *settings, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    if ((rc = store_prepare(st, SQL_RUN_END, &s, err)) < 0)
        return rc;
    if (store_bind_int(s, 1, id) < 0 || store_bind_int(s, 2, now) < 0 ||
        store_bind_int(s, 3, c->found) < 0 || store_bind_int(s, 4, c->opened + c->reopened) < 0 ||
        store_bind_int(s, 5, c->resolved) < 0 ||
        store_bind_text(s, 6, counts_json, (size_t)-1) < 0 ||
        store_bind_text(s, 7, settings, (size_t)-1) < 0)
        return bind_fail(s, err);
    return store_run(s, err);
}

int
store_scan_run_last(struct store *st, struct sw_run *r, bool *found, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    *found = false;
    memset(r, 0, sizeof(*r));
    if ((rc = store_prepare(st, SQL_RUN_LAST, &s, err)) < 0)
        return rc;
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
        *found = true;
        r->id = store_column_int(s, 0);
        copy(r->as_of, sizeof r->as_of, store_column_text(s, 1, NULL));
        r->incremental = store_column_int(s, 2) != 0;
        r->started_at = store_column_int(s, 3);
        r->finished_at = store_column_int(s, 4);
        copy(r->settings, sizeof r->settings, store_column_text(s, 5, NULL));
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}
