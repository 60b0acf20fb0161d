/*
 * backup_pg.c - backup and restore of a PostgreSQL database with Debian's
 * pg_dump and pg_restore (package postgresql-client), run directly (no shell)
 * with the --db URI.  A backup is pg_dump's custom format (-Fc), written to
 * FILE.tmp and renamed when pg_dump succeeded; a restore checks the archive's
 * table of contents and schema version, refuses while other sessions use the
 * database, then runs pg_restore --clean --if-exists --single-transaction so
 * that a failure changes nothing.  The tools write their own messages to our
 * standard error.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "store/store_backup.h"
#include "svc/app.h"
#include "svc/backup.h"

#define OUT_CAP  (8u << 20) /* a zhiqian archive's table of contents is ~100 KiB */
#define PATH_CAP 4096

extern char **environ;

static double
now_s(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Read fd to its end into *out (NUL-terminated, capped at OUT_CAP). */
static void
slurp(int fd, char **out)
{
    size_t n = 0, cap = 0;
    char *b = NULL;
    char chunk[65536];
    ssize_t got;

    while ((got = read(fd, chunk, sizeof chunk)) > 0 || (got < 0 && errno == EINTR)) {
        if (got < 0 || n + (size_t)got >= OUT_CAP)
            continue; /* keep draining so the child does not block */
        b = zq_grow(b, 1, n + (size_t)got + 1, &cap);
        memcpy(b + n, chunk, (size_t)got);
        n += (size_t)got;
    }
    if (b == NULL)
        b = zq_strdup("");
    else
        b[n] = '\0';
    *out = b;
}

/* Run argv[0] (found on PATH) with argv; its standard output goes to *out
 * when out is not NULL (owned by the caller), else to our standard error.
 * 0 when it exited 0. */
static int
run_tool(const char *const argv[], char **out, struct zq_err *err)
{
    posix_spawn_file_actions_t fa;
    int pipefd[2] = { -1, -1 };
    int rc, status = 0;
    pid_t pid;

    if (out != NULL && pipe(pipefd) != 0)
        return zq_err_set(err, ZQ_EIO, "无法运行 %s：%s", argv[0], strerror(errno));
    posix_spawn_file_actions_init(&fa);
    if (out != NULL) {
        posix_spawn_file_actions_addclose(&fa, pipefd[0]);
        posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&fa, pipefd[1]);
    } else {
        posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO, STDOUT_FILENO);
    }
    /* posix_spawnp does not write to argv; its prototype predates const */
    rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (out != NULL)
        close(pipefd[1]);
    if (rc != 0) {
        if (out != NULL)
            close(pipefd[0]);
        if (rc == ENOENT)
            return zq_err_set(err, ZQ_EIO,
                              "找不到 %s：请安装 PostgreSQL 客户端（Debian：apt-get install "
                              "postgresql-client）",
                              argv[0]);
        return zq_err_set(err, ZQ_EIO, "无法运行 %s：%s", argv[0], strerror(rc));
    }
    if (out != NULL) {
        slurp(pipefd[0], out);
        close(pipefd[0]);
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFEXITED(status))
        return zq_err_set(err, ZQ_EIO, "%s 失败（退出状态 %d），原因见上", argv[0],
                          WEXITSTATUS(status));
    return zq_err_set(err, ZQ_EIO, "%s 异常终止（信号 %d）", argv[0],
                      WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

static int
open_checked(struct config *cfg, struct app **a, struct backup_result *r, struct zq_err *err)
{
    int rc = app_open(cfg, APP_DB_IF_EXISTS, a, err);

    if (rc < 0)
        return rc;
    if ((*a)->st == NULL)
        return zq_err_set(err, ZQ_EINVAL, "数据库 %s 尚未初始化，没有可备份的内容",
                          config_get(cfg, "db"));
    if ((rc = store_schema_version((*a)->st, &r->version, err)) < 0)
        return rc;
    return backup_verify_chain(*a, r, err);
}

int
backup_pg_dump(struct config *cfg, const struct backup_opts *o, struct backup_result *r,
               struct zq_err *err)
{
    char tmp[PATH_CAP], dbarg[PATH_CAP + 16], farg[PATH_CAP + 8];
    const char *uri = config_get(cfg, "db");
    const char *argv[] = { "pg_dump", "-Fc", "--no-owner", farg, dbarg, NULL };
    struct app *a = NULL;
    struct stat sb;
    double t0 = now_s();
    int fd, rc;

    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", o->file) >= sizeof tmp ||
        (size_t)snprintf(dbarg, sizeof dbarg, "--dbname=%s", uri) >= sizeof dbarg)
        return zq_err_set(err, ZQ_EINVAL, "路径或 URI 太长");
    snprintf(farg, sizeof farg, "--file=%s", tmp);
    rc = open_checked(cfg, &a, r, err);
    app_free(a);
    if (rc < 0)
        return rc;
    unlink(tmp);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return zq_err_set(err, ZQ_EIO, "无法写入备份文件 %s：%s", o->file, strerror(errno));
    close(fd);
    fd = -1;
    memset(&sb, 0, sizeof sb);
    rc = run_tool(argv, NULL, err);
    if (rc == 0 &&
        ((fd = open(tmp, O_RDONLY | O_CLOEXEC)) < 0 || fsync(fd) != 0 || fstat(fd, &sb) != 0))
        rc = zq_err_set(err, ZQ_EIO, "无法把备份文件 %s 写入磁盘：%s", o->file, strerror(errno));
    if (fd >= 0)
        close(fd);
    if (rc == 0 && rename(tmp, o->file) != 0)
        rc = zq_err_set(err, ZQ_EIO, "无法写入备份文件 %s：%s", o->file, strerror(errno));
    if (rc < 0) {
        unlink(tmp);
        return rc;
    }
    r->bytes = (int64_t)sb.st_size;
    r->seconds = now_s() - t0;
    snprintf(r->notes + strlen(r->notes), sizeof r->notes - strlen(r->notes),
             "zhiqian: 提示：个人信息用配置项 secret_key 加密，恢复时须配置同一个 secret_key；"
             "请把它与备份分开、妥善保管\n");
    return 0;
}

/* The archive's schema version: the largest first field of the COPY data
 * of schema_migrations, which pg_restore prints as plain SQL. */
static int
archive_version(const char *file, int *version, struct zq_err *err)
{
    char farg[PATH_CAP];
    const char *argv[] = { "pg_restore", "--data-only", "--table=schema_migrations",
                           "--file=-",   farg,          NULL };
    char *out = NULL, *line, *end;
    bool in_copy = false;
    int rc;

    *version = 0;
    snprintf(farg, sizeof farg, "%s", file);
    if ((rc = run_tool(argv, &out, err)) < 0 || out == NULL)
        goto out;
    for (line = out; *line != '\0'; line = *end ? end + 1 : end) {
        end = strchr(line, '\n');
        if (end == NULL)
            end = line + strlen(line);
        if (strncmp(line, "COPY ", 5) == 0)
            in_copy = true;
        else if (strncmp(line, "\\.", 2) == 0)
            in_copy = false;
        else if (in_copy) {
            long v = strtol(line, NULL, 10);
            if (v > *version && v < 100000)
                *version = (int)v;
        }
    }
out:
    zq_free(out);
    return rc;
}

/* The archive must be pg_dump's custom format holding zhiqian's tables. */
static int
check_archive(const char *file, struct backup_result *r, struct zq_err *err)
{
    char farg[PATH_CAP];
    const char *argv[] = { "pg_restore", "--list", farg, NULL };
    char *out = NULL;
    struct stat sb;
    int rc;

    if (stat(file, &sb) != 0)
        return zq_err_set(err, ZQ_EIO, "备份文件 %s 不存在", file);
    r->bytes = (int64_t)sb.st_size;
    if ((size_t)snprintf(farg, sizeof farg, "%s", file) >= sizeof farg)
        return zq_err_set(err, ZQ_EINVAL, "路径太长：%s", file);
    rc = run_tool(argv, &out, err);
    if (rc < 0)
        rc = zq_err_set(err, ZQ_EINVAL, "%s 不是 pg_dump 自定义格式（-Fc）的备份，或已损坏", file);
    else if (out == NULL || strstr(out, " TABLE public schema_migrations ") == NULL ||
             strstr(out, " TABLE public audit_log ") == NULL)
        rc = zq_err_set(err, ZQ_EINVAL, "%s 不是 zhiqian 数据库的备份", file);
    zq_free(out);
    if (rc == 0)
        rc = archive_version(file, &r->version, err);
    if (rc == 0 && r->version <= 0)
        rc = zq_err_set(err, ZQ_EINVAL, "%s 不是 zhiqian 数据库的备份（没有结构版本）", file);
    if (rc == 0 && r->version > store_schema_latest())
        rc = zq_err_set(err, ZQ_EINVAL,
                        "备份 %s 的结构版本 %d 比本程序（%d）新，请先升级 zhiqian 再恢复", file,
                        r->version, store_schema_latest());
    return rc;
}

/* Refuse while other sessions use the database, or when it has data and
 * force is not given. */
static int
check_target(const char *uri, bool force, struct zq_err *err)
{
    struct store *st = NULL;
    int64_t others = 0;
    bool has = false;
    int rc, v = 0;

    if ((rc = store_open(uri, &st, err)) < 0)
        return rc;
    rc = store_pg_other_sessions(st, &others, err);
    if (rc == 0 && others > 0)
        rc = zq_err_set(err, ZQ_ECONFLICT,
                        "数据库 %s 还有 %lld 个其他连接（服务 zhiqian serve 或其他命令），"
                        "恢复前请先停止它们",
                        store_uri_safe(st), (long long)others);
    if (rc == 0)
        rc = store_schema_version(st, &v, err);
    if (rc == 0 && v > 0)
        rc = store_backup_has_data(st, &has, err);
    if (rc == 0 && has && !force)
        rc = zq_err_set(err, ZQ_ECONFLICT,
                        "数据库 %s 已有数据，恢复将覆盖其全部内容；确认无误请加 --force",
                        store_uri_safe(st));
    store_close(st);
    return rc;
}

int
backup_pg_restore(struct config *cfg, const struct backup_opts *o, struct backup_result *r,
                  struct zq_err *err)
{
    char dbarg[PATH_CAP + 16], farg[PATH_CAP];
    const char *uri = config_get(cfg, "db");
    const char *argv[] = { "pg_restore",
                           "--clean",
                           "--if-exists",
                           "--single-transaction",
                           "--exit-on-error",
                           "--no-owner",
                           "--no-privileges",
                           dbarg,
                           farg,
                           NULL };
    struct app *a = NULL;
    double t0 = now_s();
    int rc, v = 0;

    if ((size_t)snprintf(dbarg, sizeof dbarg, "--dbname=%s", uri) >= sizeof dbarg ||
        (size_t)snprintf(farg, sizeof farg, "%s", o->file) >= sizeof farg)
        return zq_err_set(err, ZQ_EINVAL, "路径或 URI 太长");
    if ((rc = check_archive(o->file, r, err)) < 0 || (rc = check_target(uri, o->force, err)) < 0)
        return rc;
    if ((rc = run_tool(argv, NULL, err)) < 0)
        return rc;
    rc = app_open(cfg, APP_DB, &a, err);
    if (rc == 0 && r->version < store_schema_latest())
        rc = store_migrate(a->st, &v, err);
    if (rc == 0)
        rc = backup_verify_chain(a, r, err);
    if (rc == 0 && !r->audit_ok)
        rc = zq_err_set(err, ZQ_EINVAL,
                        "已恢复，但恢复后的审计日志未通过核验（见上）：请核查备份 %s 的来源",
                        o->file);
    if (rc == 0)
        rc = backup_audit_restore(a, o, r, err);
    app_free(a);
    r->seconds = now_s() - t0;
    return rc;
}
