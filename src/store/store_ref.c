/*
 * store_ref.c - regions, calendar days and configuration in the database
 * (tables regions, calendar_days, config of migration 0001).
 *
 * The caller owns every string it passes; values handed back are copies the
 * caller frees (store_config_get) or are valid for one callback only
 * (store_calendar_each).
 */
#include "store/store_ref.h"

#include <string.h>
#include <time.h>

#include "core/alloc.h"

static const char SQL_REGION_UPSERT[] =
    "INSERT INTO regions (code, name, parent, level) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent = excluded.parent, "
    "level = excluded.level "
    "WHERE regions.name IS DISTINCT FROM excluded.name "
    "OR regions.parent IS DISTINCT FROM excluded.parent "
    "OR regions.level IS DISTINCT FROM excluded.level";
static const char SQL_REGION_COUNT[] = "SELECT count(*) FROM regions";
static const char SQL_CALENDAR_UPSERT[] =
    "INSERT INTO calendar_days (date, kind, name, source) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
    "source = excluded.source "
    "WHERE (calendar_days.source = 'builtin' OR excluded.source = 'import') "
    "AND (calendar_days.kind IS DISTINCT FROM excluded.kind "
    "OR calendar_days.name IS DISTINCT FROM excluded.name "
    "OR calendar_days.source IS DISTINCT FROM excluded.source)";
static const char SQL_CALENDAR_ALL[] =
    "SELECT date, kind, name, source FROM calendar_days ORDER BY date";
static const char SQL_CONFIG_GET[] = "SELECT value FROM config WHERE key = $1";
static const char SQL_CONFIG_SET[] =
    "INSERT INTO config (key, value, updated_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";

static int
bind_failed(struct store *st, struct store_stmt *s, struct zq_err *err)
{
    store_stmt_done(s);
    return zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：绑定参数失败", store_uri_safe(st));
}

int
store_region_upsert(struct store *st, const char *code, const char *name, const char *parent,
                    int level, struct zq_err *err)
{
    struct store_stmt *s;
    int rc = store_prepare(st, SQL_REGION_UPSERT, &s, err);

    if (rc < 0)
        return rc;
    if (store_bind_text(s, 1, code, (size_t)-1) < 0 ||
        store_bind_text(s, 2, name, (size_t)-1) < 0 ||
        store_bind_text(s, 3, parent, (size_t)-1) < 0 || store_bind_int(s, 4, level) < 0)
        return bind_failed(st, s, err);
    return store_run(s, err);
}

int
store_region_count(struct store *st, int *count, struct zq_err *err)
{
    struct store_stmt *s;
    int rc = store_prepare(st, SQL_REGION_COUNT, &s, err);

    *count = 0;
    if (rc < 0)
        return rc;
    rc = store_step(s, err);
    if (rc == STORE_ROW)
        *count = (int)store_column_int(s, 0);
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

int
store_calendar_upsert(struct store *st, const char *date, bool is_work, const char *name,
                      const char *source, struct zq_err *err)
{
    struct store_stmt *s;
    int rc = store_prepare(st, SQL_CALENDAR_UPSERT, &s, err);

    if (rc < 0)
        return rc;
    if (store_bind_text(s, 1, date, (size_t)-1) < 0 ||
        store_bind_text(s, 2, is_work ? "work" : "off", (size_t)-1) < 0 ||
        store_bind_text(s, 3, name ? name : "", (size_t)-1) < 0 ||
        store_bind_text(s, 4, source, (size_t)-1) < 0)
        return bind_failed(st, s, err);
    return store_run(s, err);
}

int
store_calendar_each(struct store *st, store_calendar_fn fn, void *ctx, struct zq_err *err)
{
    struct store_stmt *s;
    int rc = store_prepare(st, SQL_CALENDAR_ALL, &s, err);

    if (rc < 0)
        return rc;
    while ((rc = store_step(s, err)) == STORE_ROW) {
        const char *kind = store_column_text(s, 1, NULL);
        rc = fn(ctx, store_column_text(s, 0, NULL), strcmp(kind, "work") == 0,
                store_column_text(s, 2, NULL), store_column_text(s, 3, NULL));
        if (rc < 0)
            break;
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

int
store_config_get(struct store *st, const char *key, char **value, struct zq_err *err)
{
    struct store_stmt *s;
    int rc = store_prepare(st, SQL_CONFIG_GET, &s, err);

    *value = NULL;
    if (rc < 0)
        return rc;
    if (store_bind_text(s, 1, key, (size_t)-1) < 0)
        return bind_failed(st, s, err);
    rc = store_step(s, err);
    if (rc == STORE_ROW) {
        size_t len;
        const char *v = store_column_text(s, 0, &len);
        *value = zq_strndup(v, len);
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}

int
store_config_set(struct store *st, const char *key, const char *value, struct zq_err *err)
{
    struct store_stmt *s;
    int rc = store_prepare(st, SQL_CONFIG_SET, &s, err);

    if (rc < 0)
        return rc;
    if (store_bind_text(s, 1, key, (size_t)-1) < 0 ||
        store_bind_text(s, 2, value, (size_t)-1) < 0 ||
        store_bind_int(s, 3, (int64_t)time(NULL)) < 0)
        return bind_failed(st, s, err);
    return store_run(s, err);
}
