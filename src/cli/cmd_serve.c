/*
 * cmd_serve.c - `zhiqian serve [--listen ADDR:PORT] [--web DIR]`: run the
 * HTTP server until SIGTERM or SIGINT.
 *
 * The database must exist with a current schema (`zhiqian init`); that and
 * the personal-data key are checked before listening, so a misconfigured
 * server fails at once instead of on its first request.  Once listening,
 * one line "listening on http://ADDR:PORT" goes to standard output (scripts
 * and tests read the port from it; with --listen 127.0.0.1:0 the system
 * picks a free one).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "core/log.h"
#include "http/http.h"
#include "store/store_job.h"
#include "svc/app.h"
#include "svc/backup.h"

/* Also declared in cli_int.h with the other commands of the table. */
extern const struct cli_command cmd_serve;

/* build/web beside the binary, when it exists. */
static void
default_web(struct cli_ctx *ctx)
{
    char exe[PATH_MAX], dir[PATH_MAX + 8];
    ssize_t n;
    char *slash;
    struct zq_err err;

    if (config_get(ctx->cfg, "server.web_dir")[0] != '\0')
        return;
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return;
    exe[n] = '\0';
    if ((slash = strrchr(exe, '/')) == NULL)
        return;
    *slash = '\0';
    snprintf(dir, sizeof dir, "%s/web", exe);
    zq_err_clear(&err);
    if (access(dir, R_OK | X_OK) == 0 && config_set(ctx->cfg, "server.web_dir", dir, &err) < 0)
        return;
}

/* An API import whose server process was killed left its job `running`
 * (the import itself rolled back, or committed before the hand-over): settle
 * such jobs, so that no client waits on them.  A failure here only costs a
 * warning: the server starts all the same. */
static void
sweep_jobs(struct app *app)
{
    struct store_job_swept sw;
    struct zq_err e;

    zq_err_clear(&e);
    if (store_job_sweep(app->st, "导入未完成：服务在导入过程中停止，未写入任何数据，请重新导入",
                        ts_now(), &sw, &e) < 0) {
        log_warn("检查中断的导入任务失败（服务照常启动）：%s", e.msg);
        return;
    }
    if (sw.failed > 0 || sw.adopted > 0)
        log_warn("上次服务停止时有 %lld 个导入未完成（已标为失败），%lld 个已完成（已登记）",
                 (long long)sw.failed, (long long)sw.adopted);
}

static int
check_database(struct cli_ctx *ctx, struct zq_err *err)
{
    const struct pii_keys *k;
    struct app *app = NULL;
    int rc;

    if ((rc = app_open(ctx->cfg, APP_DB_IF_EXISTS | APP_SCHEMA, &app, err)) < 0)
        return rc;
    if (app->st == NULL) {
        app_free(app);
        return zq_err_set(err, ZQ_EINVAL, "数据库 %s 不存在，请先运行“zhiqian init”",
                          config_get(ctx->cfg, "db"));
    }
    if ((rc = app_pii(app, &k, err)) == 0)
        sweep_jobs(app);
    app_free(app);
    return rc;
}

static int
run_serve(struct cli_ctx *ctx, int argc, char **argv)
{
    struct http_server *srv = NULL;
    struct zq_err err;
    int lock = -1; /* shared lock that `restore` tests for (svc/backup.h) */

    zq_err_clear(&err);
    for (int i = 1; i < argc; i++) {
        const char *key = NULL;
        if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc)
            key = "server.listen";
        else if (strcmp(argv[i], "--web") == 0 && i + 1 < argc)
            key = "server.web_dir";
        else
            return cli_usage(&cmd_serve, "不认识的参数“%s”（或缺少参数）", argv[i]);
        if (config_set(ctx->cfg, key, argv[++i], &err) < 0)
            return cli_fail(&err);
    }
    default_web(ctx);
    if (check_database(ctx, &err) < 0 || backup_serve_lock(ctx->cfg, &lock, &err) < 0 ||
        http_server_start(ctx->cfg, &srv, &err) < 0) {
        if (lock >= 0)
            close(lock);
        return cli_fail(&err);
    }
    {
        const char *listen = config_get(ctx->cfg, "server.listen");
        const char *colon = strrchr(listen, ':');
        int hl = colon != NULL ? (int)(colon - listen) : 0;
        printf("listening on http://%.*s:%u\n", hl > 0 ? hl : 7, hl > 0 ? listen : "0.0.0.0",
               (unsigned)http_server_port(srv));
        fflush(stdout);
    }
    http_server_wait(srv);
    http_server_free(srv);
    if (lock >= 0)
        close(lock); /* after the server's connections are closed */
    fputs("zhiqian: 服务已停止\n", stderr);
    return CLI_OK;
}

const struct cli_command cmd_serve = {
    .name = "serve",
    .summary = "运行 HTTP 服务（API 与网页前端）",
    .usage = "用法: zhiqian serve [--listen ADDR:PORT] [--web DIR]\n"
             "\n"
             "运行 HTTP/JSON 服务（/api/v1/…，见 docs/api.md）和网页前端，直到收到 SIGTERM 或\n"
             "SIGINT：此后不再接受新连接，等进行中的请求完成（最多 server.shutdown_seconds 秒）\n"
             "后退出。数据库须已初始化（zhiqian init）。\n"
             "\n"
             "  --listen ADDR:PORT  监听地址（默认配置项 server.listen，127.0.0.1:8080）；\n"
             "                      端口 0 表示由系统选一个空闲端口\n"
             "  --web DIR           网页前端目录（默认程序旁的 web 目录）\n"
             "\n"
             "开始监听后在标准输出打印一行：listening on http://ADDR:PORT\n"
             "其他设置（线程数、超时、请求体上限、访问日志……）见 docs/configuration.md。\n",
    .run = run_serve,
};
