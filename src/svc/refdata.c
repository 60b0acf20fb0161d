/*
 * refdata.c - database initialisation (schema, regions, calendar) and
 * calendar imports.  Each step runs in one transaction, so a failure leaves
 * the previous state.
 */
#include "svc/refdata.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/str.h"
#include "store/store_ref.h"

#define CALENDAR_FILE_MAX (4 * 1024 * 1024)

static int
load_regions(struct app *a, int *count, struct zq_err *err)
{
    const struct region_table *rt;
    size_t n;
    int rc;

    if ((rc = app_regions(a, &rt, err)) < 0)
        return rc;
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    n = region_table_count(rt);
    for (size_t i = 0; i < n; i++) {
        const struct region *r = region_table_at(rt, i);
        rc = store_region_upsert(a->st, r->code, r->name, r->parent[0] ? r->parent : NULL, r->level,
                                 err);
        if (rc < 0)
            goto fail;
    }
    if ((rc = store_commit(a->st, err)) < 0)
        return rc;
    return store_region_count(a->st, count, err);
fail:
    store_rollback(a->st);
    return rc;
}

/* Writes the calendar entries of `source` kind into the database. */
static int
store_entries(struct app *a, const struct calendar *cal, enum calendar_source want,
              const char *source, int *count, struct zq_err *err)
{
    size_t n = calendar_entry_count(cal);
    char date[DATE_STR_LEN];
    int rc;

    *count = 0;
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct calendar_entry *e = calendar_entry_at(cal, i);
        if (e->source != want)
            continue;
        rc = store_calendar_upsert(a->st, date_format(e->date, date), e->workday,
                                   e->name ? e->name : "", source, err);
        if (rc < 0) {
            store_rollback(a->st);
            return rc;
        }
        (*count)++;
    }
    return store_commit(a->st, err);
}

int
svc_init(struct app *a, struct refdata_summary *sum, struct zq_err *err)
{
    const struct calendar *cal;
    int before = 0, rc;

    memset(sum, 0, sizeof(*sum));
    if ((rc = store_schema_version(a->st, &before, err)) < 0 ||
        (rc = store_migrate(a->st, &sum->schema_version, err)) < 0)
        return rc;
    sum->migrations_applied = sum->schema_version - before;
    if ((rc = load_regions(a, &sum->regions, err)) < 0 || (rc = app_calendar(a, &cal, err)) < 0)
        return rc;
    return store_entries(a, cal, CALENDAR_OFFICIAL, "builtin", &sum->calendar_days, err);
}

static int
read_file(const char *path, struct buf *b, struct zq_err *err)
{
    FILE *f = fopen(path, "rb");
    char chunk[16384];
    size_t n;
    int rc = 0;

    if (f == NULL)
        return zq_err_set(err, ZQ_EIO, "无法打开文件 %s：%s", path, strerror(errno));
    while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (buf_append(b, chunk, n) < 0)
            rc = zq_err_set(err, ZQ_ETOOBIG, "文件 %s 超过 %d MiB", path,
                            CALENDAR_FILE_MAX / (1024 * 1024));
    if (rc == 0 && ferror(f))
        rc = zq_err_set(err, ZQ_EIO, "读取文件 %s 失败", path);
    fclose(f);
    return rc;
}

int
svc_calendar_import(struct app *a, const char *path, int *added, struct zq_err *err)
{
    struct calendar *cal = calendar_new_empty();
    struct buf b;
    int rc, stored = 0;

    buf_init(&b, CALENDAR_FILE_MAX);
    rc = read_file(path, &b, err);
    if (rc == 0)
        rc = calendar_parse_csv(cal, b.p ? b.p : "", b.len, path, added, err);
    if (rc == 0)
        rc = store_entries(a, cal, CALENDAR_IMPORTED, "import", &stored, err);
    buf_fini(&b);
    calendar_free(cal);
    return rc;
}
