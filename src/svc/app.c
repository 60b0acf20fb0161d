/*
 * app.c - opening the application context.
 */
#include "svc/app.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/str.h"
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

/* db.cache_mib: the page cache of this connection.  A server holds one
 * connection per pool thread, so this bounds what SQLite keeps in memory. */
static int
cache_limit(struct app *a, struct zq_err *err)
{
    const char *v = config_get(a->cfg, "db.cache_mib");
    int64_t mib = 64;

    if (v != NULL && v[0] != '\0' && (str_to_i64(str_from(v), &mib) < 0 || mib < 1 || mib > 4096)) {
        zq_err_set(err, ZQ_EINVAL, "配置 db.cache_mib 应为 1 到 4096 之间的整数（MiB），而不是“%s”",
                   v);
        zq_err_field(err, "db.cache_mib");
        return ZQ_EINVAL;
    }
    return store_cache_limit(a->st, mib, err);
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
        if ((rc = cache_limit(a, err)) < 0)
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
    if (a->pii != NULL)
        pii_keys_fini(a->pii);
    zq_free(a->pii);
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

/* Read the key file at path, creating it with a new secret if it does not
 * exist.  O_EXCL makes two first users agree on one secret. */
static int
key_file_secret(const char *path, char secret[PII_SECRET_GEN + 1], struct zq_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n;

    if (fd < 0 && errno == ENOENT) {
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            pii_secret_generate(secret);
            n = write(fd, secret, PII_SECRET_GEN);
            if (n != PII_SECRET_GEN || fsync(fd) != 0) {
                close(fd);
                unlink(path);
                return zq_err_set(err, ZQ_EIO, "无法写入密钥文件 %s：%s", path, strerror(errno));
            }
            close(fd);
            return 0;
        }
        if (errno == EEXIST)
            fd = open(path, O_RDONLY | O_CLOEXEC);
    }
    if (fd < 0)
        return zq_err_set(err, ZQ_EIO, "无法打开密钥文件 %s：%s", path, strerror(errno));
    n = read(fd, secret, PII_SECRET_GEN);
    close(fd);
    if (n != PII_SECRET_GEN)
        return zq_err_set(err, ZQ_EIO, "密钥文件 %s 已损坏（应为 %d 个十六进制字符）", path,
                          PII_SECRET_GEN);
    secret[PII_SECRET_GEN] = '\0';
    return 0;
}

int
app_pii(struct app *a, const struct pii_keys **out, struct zq_err *err)
{
    const char *secret = config_get(a->cfg, "secret_key");
    const char *db = config_get(a->cfg, "db");
    char buf[PII_SECRET_GEN + 1];
    char path[4096];
    int rc;

    if (a->pii != NULL) {
        *out = a->pii;
        return 0;
    }
    if (secret == NULL || secret[0] == '\0') {
        if (strncmp(db, "fault:", 6) == 0) {
            const char *p = strchr(db + 6, ':');
            db = p != NULL ? p + 1 : db;
        }
        if (is_pg_uri(db))
            return zq_err_set(err, ZQ_EINVAL,
                              "使用 PostgreSQL 时必须配置主密钥 secret_key（或环境变量 "
                              "ZHIQIAN_SECRET_KEY），至少 %d 个字符",
                              PII_SECRET_MIN);
        if ((size_t)snprintf(path, sizeof path, "%s.key", db) >= sizeof path)
            return zq_err_set(err, ZQ_EINVAL, "数据库路径太长");
        if (key_file_secret(path, buf, err) < 0)
            return ZQ_EIO;
        secret = buf;
    }
    a->pii = zq_malloc(sizeof(*a->pii));
    rc = pii_keys_init(a->pii, secret, strlen(secret), err);
    memset(buf, 0, sizeof buf);
    if (rc < 0) {
        zq_free(a->pii);
        a->pii = NULL;
        return rc;
    }
    *out = a->pii;
    return 0;
}
