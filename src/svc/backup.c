/*
 * backup.c - backup and restore of an SQLite database (see backup.h and
 * docs/backup.md); PostgreSQL is in backup_pg.c.
 *
 * Every file this module writes is first written under a temporary name
 * (FILE.tmp, DB.restore, *.key.tmp) and renamed or copied in only after it
 * has been checked, so an error or a crash leaves either the old state or the
 * new one, plus at most a temporary file that the next run removes.
 */
#include "svc/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/crypto.h"
#include "store/store_backup.h"
#include "svc/app.h"
#include "svc/audit.h"

#define STEP_PAGES 256 /* 1 MiB of 4 KiB pages per backup step */
#define PATH_CAP   4096

static bool
is_pg(const char *uri)
{
    return strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0;
}

static double
now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void note(struct backup_result *r, const char *fmt, ...) ZQ_PRINTF(2, 3);

static void
note(struct backup_result *r, const char *fmt, ...)
{
    size_t n = strlen(r->notes);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(r->notes + n, sizeof r->notes - n, fmt, ap);
    va_end(ap);
}

static int
path_with(char out[PATH_CAP], const char *base, const char *suffix, struct zq_err *err)
{
    if ((size_t)snprintf(out, PATH_CAP, "%s%s", base, suffix) >= PATH_CAP)
        return zq_err_set(err, ZQ_EINVAL, "路径太长：%s", base);
    return 0;
}

/* Remove path and the files SQLite may have left beside it. */
static void
unlink_db(const char *path)
{
    static const char *const sfx[] = { "", "-journal", "-wal", "-shm" };
    char p[PATH_CAP];

    for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++)
        if ((size_t)snprintf(p, sizeof p, "%s%s", path, sfx[i]) < sizeof p)
            unlink(p);
}

/* fsync the directory holding path, so a rename survives a power cut. */
static void
sync_dir(const char *path)
{
    char dir[PATH_CAP];
    const char *slash = strrchr(path, '/');
    int fd;

    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

static bool
same_file(const char *a, const char *b)
{
    struct stat sa, sb;

    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* Read a key file: PII_SECRET_GEN hex characters.  1 when read, 0 when it
 * does not exist. */
static int
read_key(const char *path, char key[PII_SECRET_GEN + 1], struct zq_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n;

    if (fd < 0 && errno == ENOENT)
        return 0;
    if (fd < 0)
        return zq_err_set(err, ZQ_EIO, "无法读取密钥文件 %s：%s", path, strerror(errno));
    n = read(fd, key, PII_SECRET_GEN);
    close(fd);
    if (n != PII_SECRET_GEN)
        return zq_err_set(err, ZQ_EINVAL, "密钥文件 %s 已损坏（应为 %d 个十六进制字符）", path,
                          PII_SECRET_GEN);
    key[PII_SECRET_GEN] = '\0';
    return 1;
}

/* Write key into path + ".tmp" (mode 0600) and fsync it; the caller renames. */
static int
write_key_tmp(const char *path, const char *key, struct zq_err *err)
{
    char tmp[PATH_CAP];
    int fd;

    if (path_with(tmp, path, ".tmp", err) < 0)
        return ZQ_EINVAL;
    unlink(tmp);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return zq_err_set(err, ZQ_EIO, "无法写入密钥文件 %s：%s", tmp, strerror(errno));
    if (write(fd, key, PII_SECRET_GEN) != PII_SECRET_GEN || fsync(fd) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return zq_err_set(err, ZQ_EIO, "无法写入密钥文件 %s：%s", tmp, strerror(e));
    }
    close(fd);
    return 0;
}

static int
rename_key_tmp(const char *path, struct zq_err *err)
{
    char tmp[PATH_CAP];

    if (path_with(tmp, path, ".tmp", err) < 0)
        return ZQ_EINVAL;
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return zq_err_set(err, ZQ_EIO, "无法写入密钥文件 %s：%s", path, strerror(e));
    }
    sync_dir(path);
    return 0;
}

int
backup_verify_chain(struct app *a, struct backup_result *r, struct zq_err *err)
{
    struct audit_verify_result res = { 0 };
    int rc = audit_verify(a, &res, err);

    if (rc < 0)
        return rc;
    r->audit_entries = res.entries;
    r->audit_ok = res.broken == AUDIT_INTACT;
    if (!r->audit_ok)
        note(r, "zhiqian: 警告：审计日志%s：%s\n",
             res.broken == AUDIT_MISSING ? "缺少条目" : "被篡改", res.reason);
    return 0;
}

int
backup_audit_restore(struct app *a, const struct backup_opts *o, const struct backup_result *r,
                     struct zq_err *err)
{
    json_t *after =
        json_pack("{s:s, s:i, s:I, s:I}", "file", o->file, "schema_version", r->version,
                  "audit_entries", (json_int_t)r->audit_entries, "bytes", (json_int_t)r->bytes);
    char *text = after != NULL ? json_dumps(after, JSON_COMPACT) : NULL;
    int rc;

    json_decref(after);
    if (text == NULL)
        return zq_err_set(err, ZQ_EINVAL, "备份文件名不是有效的 UTF-8");
    rc = audit_append(a, o->actor, "restore", "database", NULL, NULL, text, err);
    free(text);
    return rc;
}

/* Open an app on path with cfg's other settings: cfg "db" is pointed at path
 * and put back by the caller with put_db(). */
static int
open_at(struct config *cfg, const char *path, unsigned flags, struct app **a, struct zq_err *err)
{
    if (config_set(cfg, "db", path, err) < 0)
        return ZQ_EINVAL;
    return app_open(cfg, flags, a, err);
}

static void
put_db(struct config *cfg, const char *db)
{
    struct zq_err e;

    zq_err_clear(&e);
    if (config_set(cfg, "db", db, &e) < 0)
        abort(); /* it held this very value a moment ago */
}

/* The key file beside the database, when personal data is sealed with one
 * (no secret_key configured); "" otherwise. */
static void
key_path(const struct config *cfg, const char *db, char out[PATH_CAP])
{
    const char *secret = config_get(cfg, "secret_key");

    out[0] = '\0';
    if (secret == NULL || secret[0] == '\0')
        snprintf(out, PATH_CAP, "%s.key", db);
}

static int
backup_key(const struct config *cfg, const char *db, const struct backup_opts *o,
           struct backup_result *r, bool *wrote, struct zq_err *err)
{
    char kp[PATH_CAP], dst[PATH_CAP], key[PII_SECRET_GEN + 1];
    int rc;

    *wrote = false;
    key_path(cfg, db, kp);
    if (kp[0] == '\0') {
        note(r, "zhiqian: 提示：个人信息用配置项 secret_key 加密，恢复时须配置同一个 secret_key"
                "；请把它与备份分开、妥善保管\n");
        return 0;
    }
    if (o->no_key) {
        note(r,
             "zhiqian: 提示：未复制密钥；没有密钥文件 %s，备份中的身份证号、手机号、银行卡号"
             "无法解密：请把它与备份%s分开、妥善保管\n",
             kp, o->file);
        return 0;
    }
    if ((rc = read_key(kp, key, err)) < 0)
        return rc;
    if (rc == 0)
        return 0; /* no personal data was ever sealed */
    if (path_with(dst, o->file, ".key", err) < 0 || write_key_tmp(dst, key, err) < 0) {
        memset(key, 0, sizeof key);
        return err->code;
    }
    memset(key, 0, sizeof key);
    *wrote = true;
    note(r,
         "zhiqian: 提示：密钥已复制到 %s（权限 0600），没有它备份中的个人信息无法解密；"
         "备份离开本机时，请把 %s 与密钥分开存放\n",
         dst, o->file);
    return 0;
}

static int
check_target(const char *db, const char *file, struct zq_err *err)
{
    if (access(db, F_OK) != 0)
        return zq_err_set(err, ZQ_EINVAL, "数据库 %s 不存在", db);
    if (same_file(db, file))
        return zq_err_set(err, ZQ_EINVAL, "备份文件 %s 就是数据库本身", file);
    return 0;
}

/* Create FILE.tmp exclusively: proves the place is writable before any work. */
static int
claim_tmp(const char *tmp, const char *file, struct zq_err *err)
{
    int fd;

    unlink_db(tmp);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return zq_err_set(err, ZQ_EIO, "无法写入备份文件 %s：%s", file, strerror(errno));
    close(fd);
    return 0;
}

int
backup_run(struct config *cfg, const struct backup_opts *o, struct backup_result *r,
           struct zq_err *err)
{
    char *db = zq_strdup(config_get(cfg, "db"));
    char tmp[PATH_CAP], keydst[PATH_CAP];
    struct store_copy_stats cs;
    struct app *a = NULL;
    double t0 = now_s();
    bool key_written = false, claimed = false;
    int rc;

    memset(r, 0, sizeof *r);
    if (is_pg(db)) {
        zq_free(db);
        return backup_pg_dump(cfg, o, r, err);
    }
    if ((rc = check_target(db, o->file, err)) < 0 ||
        (rc = path_with(tmp, o->file, ".tmp", err)) < 0)
        goto out;
    if ((rc = app_open(cfg, APP_DB_IF_EXISTS, &a, err)) < 0)
        goto out;
    if (a->st == NULL) {
        rc = zq_err_set(err, ZQ_EINVAL, "数据库 %s 尚未初始化，没有可备份的内容", db);
        goto out;
    }
    app_free(a);
    a = NULL;
    if ((rc = claim_tmp(tmp, o->file, err)) < 0)
        goto out;
    claimed = true;
    if ((rc = store_sqlite_copy(db, false, tmp, STEP_PAGES, &cs, err)) < 0)
        goto out;
    r->restarts = cs.restarts;
    rc = open_at(cfg, tmp, APP_DB_IF_EXISTS, &a, err);
    if (rc == 0 && (a->st == NULL || store_schema_version(a->st, &r->version, err) < 0))
        rc = a->st == NULL ? zq_err_set(err, ZQ_EINVAL, "备份副本中没有数据库结构") : ZQ_EDB;
    if (rc == 0)
        rc = backup_verify_chain(a, r, err);
    app_free(a);
    a = NULL;
    put_db(cfg, db);
    if (rc < 0 || (rc = store_sqlite_finish_file(tmp, &r->bytes, err)) < 0)
        goto out;
    if ((rc = backup_key(cfg, db, o, r, &key_written, err)) < 0)
        goto out;
    if (rename(tmp, o->file) != 0) {
        rc = zq_err_set(err, ZQ_EIO, "无法写入备份文件 %s：%s", o->file, strerror(errno));
        goto out;
    }
    claimed = false;
    if (key_written && path_with(keydst, o->file, ".key", err) == 0)
        rc = rename_key_tmp(keydst, err);
    sync_dir(o->file);
    r->seconds = now_s() - t0;
out:
    app_free(a);
    put_db(cfg, db);
    if (claimed) {
        unlink_db(tmp);
        if (key_written && path_with(keydst, o->file, ".key.tmp", err) == 0)
            unlink(keydst);
    }
    zq_free(db);
    return rc;
}

int
backup_serve_lock(const struct config *cfg, int *fd, struct zq_err *err)
{
    const char *db = config_get(cfg, "db");
    int rc;

    *fd = -1;
    if (is_pg(db) || strncmp(db, "fault:", 6) == 0)
        return 0;
    rc = store_sqlite_flock(db, false, fd, err);
    if (rc == ZQ_ECONFLICT)
        return zq_err_set(err, ZQ_ECONFLICT,
                          "数据库 %s 正在恢复（zhiqian restore），请等恢复完成后再启动服务", db);
    return rc;
}

/* ---------------------------------------------------------------- restore */

struct restore_ctx {
    char *db;           /* the target database (owned) */
    char tmp[PATH_CAP]; /* the checked copy, DB.restore */
    char kp[PATH_CAP];  /* the target's key file, "" with secret_key */
    char key[PII_SECRET_GEN + 1];
    bool install_key; /* write key to kp after the content is replaced */
};

/* Refuse while another process holds the target; *lock gets the descriptor
 * of the exclusive lock (-1 when the target does not exist yet). */
static int
restore_lock(const char *db, int *lock, struct zq_err *err)
{
    bool busy = false;
    int rc;

    *lock = -1;
    if (access(db, F_OK) != 0)
        return 0;
    rc = store_sqlite_flock(db, true, lock, err);
    if (rc == ZQ_ECONFLICT)
        return zq_err_set(err, ZQ_ECONFLICT,
                          "服务（zhiqian serve）正在使用数据库 %s，恢复前请先停止服务", db);
    if (rc < 0)
        return rc;
    if ((rc = store_sqlite_in_use(db, &busy, err)) < 0)
        return rc;
    if (busy)
        return zq_err_set(err, ZQ_ECONFLICT,
                          "另一个进程正在使用数据库 %s（导入、扫描或其他命令），请等它结束后再恢复",
                          db);
    return 0;
}

static int
refuse_if_data(struct config *cfg, const char *db, bool force, struct zq_err *err)
{
    struct app *a = NULL;
    bool has = false;
    int rc;

    if (access(db, F_OK) != 0)
        return 0;
    if ((rc = app_open(cfg, APP_DB_IF_EXISTS, &a, err)) < 0)
        return rc;
    if (a->st != NULL)
        rc = store_backup_has_data(a->st, &has, err);
    app_free(a);
    if (rc == 0 && has && !force)
        rc = zq_err_set(err, ZQ_ECONFLICT,
                        "数据库 %s 已有数据，恢复将覆盖其全部内容；确认无误请加 --force", db);
    return rc;
}

/* Which secret opens the backup's personal data, and whether it must be
 * installed beside the target: the configured secret_key, else FILE.key,
 * else the target's own key file.  A sealed sample must open with it. */
static int
restore_key(struct app *a, const struct backup_opts *o, struct restore_ctx *c,
            struct backup_result *r, struct zq_err *err)
{
    unsigned char sample[512];
    char plain[512], fk[PATH_CAP], cur[PII_SECRET_GEN + 1];
    const char *secret = config_get(a->cfg, "secret_key");
    struct pii_keys k;
    size_t n = 0, pn;
    int rc, have = 0;

    if ((rc = store_backup_sealed_sample(a->st, sample, sizeof sample, &n, err)) < 0)
        return rc;
    if (c->kp[0] != '\0') {
        if (path_with(fk, o->file, ".key", err) < 0)
            return ZQ_EINVAL;
        if ((have = read_key(fk, c->key, err)) < 0)
            return have;
        if ((rc = read_key(c->kp, cur, err)) < 0)
            return rc;
        if (have)
            c->install_key = rc == 0 || strcmp(cur, c->key) != 0;
        else if (rc == 1)
            memcpy(c->key, cur, sizeof cur), have = 1;
        memset(cur, 0, sizeof cur);
        secret = have ? c->key : NULL;
        if (!have && n > 0)
            return zq_err_set(err, ZQ_EINVAL,
                              "备份中有加密的个人信息，但找不到密钥：请把备份时一同生成的 %s "
                              "放在备份旁边，或配置 secret_key",
                              fk);
        if (c->install_key)
            note(r, "zhiqian: 提示：已把 %s 复制为密钥文件 %s\n", fk, c->kp);
    }
    if (n == 0 || secret == NULL)
        return 0;
    if ((rc = pii_keys_init(&k, secret, strlen(secret), err)) < 0)
        return rc;
    rc = pii_open(&k, sample, n, plain, sizeof plain, &pn, err);
    pii_keys_fini(&k);
    memset(plain, 0, sizeof plain);
    if (rc < 0)
        return zq_err_set(err, ZQ_EINVAL,
                          "密钥与备份不符：用%s解不开备份中的个人信息，恢复后将无法读取",
                          c->kp[0] == '\0' ? "配置的 secret_key"
                          : c->install_key ? "备份旁的密钥文件"
                                           : "数据库现有的密钥文件");
    return 0;
}

/* Check the copy at c->tmp: schema (upgraded if older), audit chain, key;
 * then record the restore in its audit log. */
static int
restore_check_copy(struct config *cfg, const struct backup_opts *o, struct restore_ctx *c,
                   struct backup_result *r, struct zq_err *err)
{
    struct app *a = NULL;
    int rc, v = 0;

    rc = open_at(cfg, c->tmp, APP_DB, &a, err);
    if (rc == 0 && r->version < store_schema_latest())
        rc = store_migrate(a->st, &v, err);
    if (rc == 0)
        rc = backup_verify_chain(a, r, err);
    if (rc == 0 && !r->audit_ok)
        rc = zq_err_set(err, ZQ_EINVAL, "备份 %s 的审计日志未通过核验（见上），不予恢复", o->file);
    if (rc == 0)
        rc = restore_key(a, o, c, r, err);
    if (rc == 0)
        rc = backup_audit_restore(a, o, r, err);
    app_free(a);
    return rc;
}

static int
restore_sqlite(struct config *cfg, const struct backup_opts *o, struct restore_ctx *c,
               struct backup_result *r, struct zq_err *err)
{
    struct store_file_info info;
    struct store_copy_stats cs;
    int rc;

    if ((rc = store_sqlite_inspect(o->file, &info, err)) < 0)
        return rc;
    r->version = info.version;
    r->bytes = info.bytes;
    if (info.version > store_schema_latest())
        return zq_err_set(err, ZQ_EINVAL,
                          "备份 %s 的结构版本 %d 比本程序（%d）新，请先升级 zhiqian 再恢复",
                          o->file, info.version, store_schema_latest());
    if ((rc = refuse_if_data(cfg, c->db, o->force, err)) < 0)
        return rc;
    unlink_db(c->tmp);
    if ((rc = store_sqlite_copy(o->file, true, c->tmp, 0, &cs, err)) < 0)
        return rc;
    rc = restore_check_copy(cfg, o, c, r, err);
    put_db(cfg, c->db);
    if (rc < 0)
        return rc;
    if (c->install_key && (rc = write_key_tmp(c->kp, c->key, err)) < 0)
        return rc;
    /* one write transaction on the target: readers see all old or all new */
    if ((rc = store_sqlite_copy(c->tmp, false, c->db, 0, &cs, err)) < 0)
        return rc;
    if (c->install_key && (rc = rename_key_tmp(c->kp, err)) < 0)
        return rc;
    return 0;
}

int
backup_restore(struct config *cfg, const struct backup_opts *o, struct backup_result *r,
               struct zq_err *err)
{
    struct restore_ctx c;
    double t0 = now_s();
    int lock = -1, rc;

    memset(r, 0, sizeof *r);
    memset(&c, 0, sizeof c);
    c.db = zq_strdup(config_get(cfg, "db"));
    if (is_pg(c.db)) {
        zq_free(c.db);
        return backup_pg_restore(cfg, o, r, err);
    }
    if (access(o->file, F_OK) != 0) {
        rc = zq_err_set(err, ZQ_EIO, "备份文件 %s 不存在", o->file);
        goto out;
    }
    if (same_file(o->file, c.db)) {
        rc = zq_err_set(err, ZQ_EINVAL, "备份文件 %s 就是数据库本身", o->file);
        goto out;
    }
    key_path(cfg, c.db, c.kp);
    if ((rc = path_with(c.tmp, c.db, ".restore", err)) < 0 ||
        (rc = restore_lock(c.db, &lock, err)) < 0)
        goto out;
    rc = restore_sqlite(cfg, o, &c, r, err);
    r->seconds = now_s() - t0;
out:
    put_db(cfg, c.db);
    unlink_db(c.tmp);
    if (c.kp[0] != '\0' && path_with(c.tmp, c.kp, ".tmp", err) == 0 && rc < 0)
        unlink(c.tmp);
    memset(c.key, 0, sizeof c.key);
    if (lock >= 0)
        close(lock); /* after every SQLite connection to the target is closed */
    zq_free(c.db);
    return rc;
}
