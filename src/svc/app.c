/*
 * app.c - opening the application context.
 */
#include "svc/app.h"

#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "store/store_ref.h"

static bool
is_pg_uri(const char *uri)
{
    return strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0;
}

static int
check_schema(struct app *a, unsigned flags, bool *present, struct zq_err *err)
{
    int version = 0;

    if (store_schema_version(a->st, &version, err) < 0)
        return ZQ_EDB;
    *present = version > 0;
    if ((flags & APP_SCHEMA) && version == 0)
        return zq_err_set(err, ZQ_EINVAL, "数据库 %s 尚未初始化，请先运行“zhiqian init”",
                          store_uri_safe(a->st));
    if ((flags & APP_SCHEMA) && version < store_schema_latest())
        return zq_err_set(err, ZQ_EINVAL,
                          "数据库结构版本为 %d，程序需要版本 %d，请先运行“zhiqian init”升级",
                          version, store_schema_latest());
    if (version > store_schema_latest())
        return zq_err_set(err, ZQ_EINVAL, "数据库结构版本 %d 比本程序（%d）新，请升级 zhiqian",
                          version, store_schema_latest());
    return 0;
}

int
app_open(const struct config *cfg, unsigned flags, struct app **out, struct zq_err *err)
{
    struct app *a = zq_calloc(1, sizeof(*a));
    const char *uri = config_get(cfg, "db");
    bool present = false;
    int rc;

    a->cfg = cfg;
    if (flags & (APP_DB | APP_DB_IF_EXISTS)) {
        if ((flags & APP_DB_IF_EXISTS) && !(flags & APP_DB) && !is_pg_uri(uri) &&
            strncmp(uri, "fault:", 6) != 0 && access(uri, F_OK) != 0)
            goto done; /* no database: reference data only */
        rc = store_open(uri, &a->st, err);
        if (rc < 0)
            goto fail;
        rc = check_schema(a, flags, &present, err);
        if (rc < 0)
            goto fail;
        if (!present && !(flags & APP_DB)) {
            store_close(a->st);
            a->st = NULL;
        }
    }
done:
    *out = a;
    return 0;
fail:
    app_free(a);
    return rc;
}

void
app_free(struct app *a)
{
    if (a == NULL)
        return;
    store_close(a->st);
    region_table_free(a->regions);
    calendar_free(a->cal);
    zq_free(a);
}

int
app_regions(struct app *a, const struct region_table **out, struct zq_err *err)
{
    if (a->regions == NULL && region_table_load_builtin(&a->regions, err) < 0)
        return ZQ_EINTERNAL;
    *out = a->regions;
    return 0;
}

struct cal_load {
    struct calendar *cal;
    struct zq_err *err;
};

static int
add_imported(void *ctx, const char *date, bool is_work, const char *name, const char *source)
{
    struct cal_load *cl = ctx;
    zq_date d;

    if (strcmp(source, "import") != 0)
        return 0; /* built-in days come from the binary, which may be newer */
    if (date_parse(str_from(date), &d, cl->err) < 0)
        return ZQ_EINVAL;
    return calendar_add(cl->cal, d, is_work, name, cl->err);
}

int
app_calendar(struct app *a, const struct calendar **out, struct zq_err *err)
{
    if (a->cal == NULL) {
        struct calendar *cal;

        if (calendar_new_builtin(&cal, err) < 0)
            return ZQ_EINTERNAL;
        if (a->st != NULL) {
            struct cal_load cl = { cal, err };
            if (store_calendar_each(a->st, add_imported, &cl, err) < 0) {
                calendar_free(cal);
                return ZQ_EDB;
            }
        }
        a->cal = cal;
    }
    *out = a->cal;
    return 0;
}
