/*
 * store_backup.c - whole-database copies for backup and restore (see
 * store_backup.h).  SQLite files are copied with the backup API on
 * connections of their own; the caller (svc/backup.c) decides the file names,
 * the order of the steps and what to tell the user.
 */
#include "store/store_backup.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_RESTARTS 3
#define BUSY_MS      5000

static int
sq_fail(sqlite3 *db, int rc, const char *what, const char *path, struct zq_err *err)
{
    const char *msg = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    int code = (rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_IOERR ||
                       (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_FULL
                   ? ZQ_EIO
                   : ZQ_EDB;

    return zq_err_set(err, code, "%s %s 失败：%s", what, path, msg);
}

static int
sq_open(const char *path, int flags, sqlite3 **out, struct zq_err *err)
{
    int rc = sqlite3_open_v2(path, out, flags, NULL);

    if (rc != SQLITE_OK) {
        sq_fail(*out, rc, "打开", path, err);
        sqlite3_close(*out);
        *out = NULL;
        return err->code;
    }
    sqlite3_extended_result_codes(*out, 1);
    sqlite3_busy_timeout(*out, BUSY_MS);
    return 0;
}

/* Step b to the end; a remaining count that grows means the copy restarted. */
static int
run_backup(sqlite3_backup *b, int step_pages, struct store_copy_stats *stats)
{
    int last = -1, rc;
    int busy = 0;

    for (;;) {
        int n = step_pages > 0 && stats->restarts < MAX_RESTARTS ? step_pages : -1;
        rc = sqlite3_backup_step(b, n);
        stats->steps++;
        if (rc == SQLITE_DONE)
            return SQLITE_OK;
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            if (++busy * 10 > BUSY_MS)
                return rc;
            sqlite3_sleep(10);
            continue;
        }
        if (rc != SQLITE_OK)
            return rc;
        busy = 0;
        if (last >= 0 && sqlite3_backup_remaining(b) > last)
            stats->restarts++;
        last = sqlite3_backup_remaining(b);
    }
}

int
store_sqlite_copy(const char *src, bool src_ro, const char *dst, int step_pages,
                  struct store_copy_stats *stats, struct zq_err *err)
{
    sqlite3 *s = NULL, *d = NULL;
    sqlite3_backup *b;
    int rc, ret;

    memset(stats, 0, sizeof *stats);
    if ((ret = sq_open(src, src_ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, &s, err)) < 0)
        return ret;
    if ((ret = sq_open(dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &d, err)) < 0)
        goto out;
    b = sqlite3_backup_init(d, "main", s, "main");
    if (b == NULL) {
        ret = sq_fail(d, sqlite3_errcode(d), "复制数据库到", dst, err);
        goto out;
    }
    rc = run_backup(b, step_pages, stats);
    stats->pages = sqlite3_backup_pagecount(b);
    if (rc == SQLITE_OK)
        rc = sqlite3_backup_finish(b);
    else
        sqlite3_backup_finish(b);
    if (rc != SQLITE_OK)
        ret = sq_fail(NULL, rc, "复制数据库到", dst, err);
out:
    sqlite3_close(d);
    sqlite3_close(s);
    return ret;
}

/* Run a PRAGMA returning rows of text; "ok" alone is a pass. */
static int
integrity(sqlite3 *db, const char *path, struct zq_err *err)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL);
    const char *first = NULL;
    char msg[200] = "";

    if (rc != SQLITE_OK)
        return zq_err_set(err, ZQ_EINVAL, "%s 不是完好的 SQLite 数据库：%s", path,
                          sqlite3_errmsg(db));
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        first = (const char *)sqlite3_column_text(q, 0);
        if (first != NULL && strcmp(first, "ok") != 0 && msg[0] == '\0')
            snprintf(msg, sizeof msg, "%s", first);
    }
    if (rc != SQLITE_DONE && msg[0] == '\0')
        snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(db));
    sqlite3_finalize(q);
    if (msg[0] != '\0')
        return zq_err_set(err, ZQ_EINVAL, "%s 未通过完整性检查（integrity_check）：%s", path, msg);
    return 0;
}

static int
fsync_path(const char *path, struct zq_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0 || fsync(fd) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return zq_err_set(err, ZQ_EIO, "无法把 %s 写入磁盘：%s", path, strerror(e));
    }
    close(fd);
    return 0;
}

int
store_sqlite_finish_file(const char *path, int64_t *bytes, struct zq_err *err)
{
    sqlite3 *db = NULL;
    struct stat sb;
    char *msg = NULL;
    int rc;

    if (sq_open(path, SQLITE_OPEN_READWRITE, &db, err) < 0)
        return err->code;
    rc = sqlite3_exec(db, "PRAGMA journal_mode = DELETE", NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        zq_err_set(err, ZQ_EIO, "无法整理备份文件 %s：%s", path, msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        sqlite3_close(db);
        return ZQ_EIO;
    }
    rc = integrity(db, path, err);
    sqlite3_close(db);
    if (rc < 0)
        return rc;
    if (stat(path, &sb) != 0)
        return zq_err_set(err, ZQ_EIO, "无法读取 %s：%s", path, strerror(errno));
    *bytes = (int64_t)sb.st_size;
    return fsync_path(path, err);
}

static int
read_version(sqlite3 *db, const char *path, int *version, struct zq_err *err)
{
    sqlite3_stmt *q = NULL;
    int rc;

    rc = sqlite3_prepare_v2(db, "SELECT coalesce(max(version), 0) FROM schema_migrations", -1, &q,
                            NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(q);
        return zq_err_set(err, ZQ_EINVAL, "%s 不是 zhiqian 数据库（没有 schema_migrations 表）",
                          path);
    }
    rc = sqlite3_step(q);
    *version = rc == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW)
        return zq_err_set(err, ZQ_EINVAL, "无法读取 %s 的结构版本：%s", path, sqlite3_errmsg(db));
    if (*version <= 0)
        return zq_err_set(err, ZQ_EINVAL, "%s 不是 zhiqian 数据库（结构版本为空）", path);
    return 0;
}

int
store_sqlite_inspect(const char *path, struct store_file_info *info, struct zq_err *err)
{
    static const char magic[16] = "SQLite format 3";
    char head[16];
    sqlite3 *db = NULL;
    struct stat sb;
    ssize_t n;
    int fd, rc;

    memset(info, 0, sizeof *info);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return zq_err_set(err, ZQ_EIO, "无法打开 %s：%s", path, strerror(errno));
    n = read(fd, head, sizeof head);
    rc = fstat(fd, &sb);
    close(fd);
    if (n != (ssize_t)sizeof head || memcmp(head, magic, sizeof head) != 0)
        return zq_err_set(err, ZQ_EINVAL, "%s 不是 SQLite 数据库文件，更不是 zhiqian 的备份", path);
    if (rc != 0 || !S_ISREG(sb.st_mode))
        return zq_err_set(err, ZQ_EINVAL, "%s 不是普通文件", path);
    info->bytes = (int64_t)sb.st_size;
    if (sq_open(path, SQLITE_OPEN_READONLY, &db, err) < 0)
        return err->code;
    rc = integrity(db, path, err);
    if (rc == 0)
        rc = read_version(db, path, &info->version, err);
    sqlite3_close(db);
    return rc;
}

int
store_sqlite_flock(const char *path, bool exclusive, int *fd, struct zq_err *err)
{
    int f = open(path, O_RDONLY | O_CLOEXEC);

    *fd = -1;
    if (f < 0)
        return zq_err_set(err, ZQ_EIO, "无法打开数据库 %s：%s", path, strerror(errno));
    if (flock(f, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
        int e = errno;
        close(f);
        if (e == EWOULDBLOCK)
            return zq_err_set(err, ZQ_ECONFLICT, "数据库 %s 正被%s占用", path,
                              exclusive ? "运行中的服务（zhiqian serve）"
                                        : "恢复操作（zhiqian restore）");
        return zq_err_set(err, ZQ_EIO, "无法锁定数据库 %s：%s", path, strerror(e));
    }
    *fd = f;
    return 0;
}

int
store_sqlite_in_use(const char *path, bool *in_use, struct zq_err *err)
{
    /* The DMS byte: after the 120-byte header and the 8 WAL locks. */
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 128, .l_len = 1 };
    char shm[4096];
    int fd;

    *in_use = false;
    if ((size_t)snprintf(shm, sizeof shm, "%s-shm", path) >= sizeof shm)
        return zq_err_set(err, ZQ_EINVAL, "数据库路径太长");
    fd = open(shm, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0; /* no -shm: nobody has it open in WAL mode */
    if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
        *in_use = true;
    close(fd);
    return 0;
}

static const char SQL_HAS_DATA[] =
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM enterprises) OR EXISTS (SELECT 1 FROM projects) "
    "OR EXISTS (SELECT 1 FROM workers) OR EXISTS (SELECT 1 FROM users) "
    "OR EXISTS (SELECT 1 FROM clues) OR EXISTS (SELECT 1 FROM cases) THEN 1 ELSE 0 END";

int
store_backup_has_data(struct store *st, bool *has, struct zq_err *err)
{
    struct store_stmt *q;
    int rc;

    *has = false;
    if ((rc = store_prepare(st, SQL_HAS_DATA, &q, err)) < 0)
        return rc;
    rc = store_step(q, err);
    if (rc == STORE_ROW)
        *has = store_column_int(q, 0) != 0;
    store_stmt_done(q);
    return rc < 0 ? rc : 0;
}

static const char SQL_SEALED[] =
    "SELECT s FROM (SELECT id_enc AS s FROM workers LIMIT 1) w "
    "UNION ALL SELECT s FROM (SELECT phone_enc AS s FROM clues WHERE phone_enc IS NOT NULL "
    "LIMIT 1) c LIMIT 1";

int
store_backup_sealed_sample(struct store *st, unsigned char *buf, size_t cap, size_t *len,
                           struct zq_err *err)
{
    struct store_stmt *q;
    int rc;

    *len = 0;
    if ((rc = store_prepare(st, SQL_SEALED, &q, err)) < 0)
        return rc;
    rc = store_step(q, err);
    if (rc == STORE_ROW) {
        size_t n = 0;
        const void *p = store_column_blob(q, 0, &n);
        if (p != NULL && n <= cap) {
            memcpy(buf, p, n);
            *len = n;
        }
    }
    store_stmt_done(q);
    return rc < 0 ? rc : 0;
}

static const char SQL_SESSIONS[] =
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
    "AND pid <> pg_backend_pid() AND backend_type = 'client backend'";

int
store_pg_other_sessions(struct store *st, int64_t *n, struct zq_err *err)
{
    struct store_stmt *q;
    int rc;

    *n = 0;
    if ((rc = store_prepare(st, SQL_SESSIONS, &q, err)) < 0)
        return rc;
    rc = store_step(q, err);
    if (rc == STORE_ROW)
        *n = store_column_int(q, 0);
    store_stmt_done(q);
    return rc < 0 ? rc : 0;
}
