/*
 * cmd_user.c - accounts from the command line (SPEC §10):
 *
 *   zhiqian user add NAME --role ROLE --region CODE [--dept DEPT]
 *                    [--enterprise USCC] [--display-name TEXT] [--password-stdin]
 *   zhiqian user passwd NAME [--password-stdin]
 *   zhiqian user disable NAME | zhiqian user enable NAME
 *
 * The password is read from standard input with --password-stdin (first
 * line), else asked twice on the terminal without echo.  It is never taken
 * from the command line, where other users could read it (ps).
 */
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "svc/app.h"
#include "svc/users.h"

/* Also declared in cli_int.h with the other commands of the table. */
extern const struct cli_command cmd_user;

#define PW_MAX 256

static void
actor_of(char *out, size_t cap)
{
    const struct passwd *pw = getpwuid(geteuid());

    snprintf(out, cap, "cli:%s", pw != NULL ? pw->pw_name : "?");
}

/* One line of f without its line end; false at end of file or when too long. */
static bool
read_line(FILE *f, char *out, size_t cap)
{
    size_t n;

    if (fgets(out, (int)cap, f) == NULL)
        return false;
    n = strlen(out);
    if (n > 0 && out[n - 1] != '\n' && !feof(f))
        return false;
    while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
    return true;
}

static bool
prompt(const char *text, char *out, size_t cap)
{
    struct termios old, quiet;
    bool ok;

    fputs(text, stderr);
    fflush(stderr);
    if (tcgetattr(STDIN_FILENO, &old) != 0)
        return false;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    ok = read_line(stdin, out, cap);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    return ok;
}

static int
get_password(bool from_stdin, char pw[PW_MAX])
{
    char again[PW_MAX];

    if (from_stdin) {
        if (!read_line(stdin, pw, PW_MAX)) {
            fputs("zhiqian: 没能从标准输入读到密码（第一行）\n", stderr);
            return CLI_FAIL;
        }
        return 0;
    }
    if (!isatty(STDIN_FILENO)) {
        fputs("zhiqian: 标准输入不是终端：请用 --password-stdin 从标准输入读取密码\n", stderr);
        return CLI_USAGE;
    }
    if (!prompt("新密码：", pw, PW_MAX) || !prompt("再输一次：", again, sizeof again))
        return CLI_FAIL;
    if (strcmp(pw, again) != 0) {
        fputs("zhiqian: 两次输入的密码不一致\n", stderr);
        memset(again, 0, sizeof again);
        return CLI_FAIL;
    }
    memset(again, 0, sizeof again);
    return 0;
}

static int
open_app(struct cli_ctx *ctx, struct app **app, struct zq_err *err)
{
    return app_open(ctx->cfg, APP_DB | APP_SCHEMA, app, err);
}

static int
user_add(struct cli_ctx *ctx, int argc, char **argv)
{
    struct user_spec u = { 0 };
    char pw[PW_MAX] = "", actor[80];
    bool from_stdin = false;
    struct app *app = NULL;
    struct zq_err err;
    int64_t id = 0;
    int rc;

    for (int i = 2; i < argc; i++) {
        const char **dst = NULL;
        if (strcmp(argv[i], "--password-stdin") == 0) {
            from_stdin = true;
            continue;
        }
        if (strcmp(argv[i], "--role") == 0)
            dst = &u.role;
        else if (strcmp(argv[i], "--region") == 0)
            dst = &u.region;
        else if (strcmp(argv[i], "--dept") == 0)
            dst = &u.dept;
        else if (strcmp(argv[i], "--enterprise") == 0)
            dst = &u.enterprise_uscc;
        else if (strcmp(argv[i], "--display-name") == 0)
            dst = &u.display_name;
        if (dst != NULL && i + 1 < argc) {
            *dst = argv[++i];
        } else if (argv[i][0] != '-' && u.username == NULL) {
            u.username = argv[i];
        } else {
            return cli_usage(&cmd_user, "不认识的参数“%s”（或缺少参数）", argv[i]);
        }
    }
    if (u.username == NULL || u.role == NULL || u.region == NULL)
        return cli_usage(&cmd_user, "用法: zhiqian user add NAME --role ROLE --region CODE "
                                    "[--dept DEPT] [--enterprise USCC] [--password-stdin]");
    if ((rc = get_password(from_stdin, pw)) != 0)
        return rc;
    u.password = pw;
    actor_of(actor, sizeof actor);
    zq_err_clear(&err);
    if (open_app(ctx, &app, &err) < 0 || users_add(app, NULL, &u, NULL, actor, &id, &err) < 0) {
        memset(pw, 0, sizeof pw);
        app_free(app);
        if (err.field[0] != '\0' && strstr(err.msg, err.field) == NULL)
            fprintf(stderr, "zhiqian: %s：", err.field);
        return cli_fail(&err);
    }
    memset(pw, 0, sizeof pw);
    app_free(app);
    printf("user %s added (id %lld, role %s, region %s)\n", u.username, (long long)id, u.role,
           u.region);
    return CLI_OK;
}

/* passwd, disable, enable: one change to the user NAME. */
static int
user_change(struct cli_ctx *ctx, int argc, char **argv)
{
    struct user_change c = { .disabled = -1 };
    const char *name = NULL, *verb = argv[1];
    char pw[PW_MAX] = "", actor[80];
    bool from_stdin = false;
    struct app *app = NULL;
    struct zq_err err;
    int64_t id;
    int rc;

    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--password-stdin") == 0 && strcmp(verb, "passwd") == 0)
            from_stdin = true;
        else if (argv[i][0] != '-' && name == NULL)
            name = argv[i];
        else
            return cli_usage(&cmd_user, "不认识的参数“%s”", argv[i]);
    }
    if (name == NULL)
        return cli_usage(&cmd_user, "缺少用户名：zhiqian user %s NAME", verb);
    if (strcmp(verb, "passwd") == 0) {
        if ((rc = get_password(from_stdin, pw)) != 0)
            return rc;
        c.password = pw;
    } else {
        c.disabled = strcmp(verb, "disable") == 0 ? 1 : 0;
    }
    actor_of(actor, sizeof actor);
    zq_err_clear(&err);
    rc = open_app(ctx, &app, &err);
    if (rc == 0)
        rc = users_id(app, name, &id, &err);
    if (rc == 0)
        rc = users_update(app, NULL, id, &c, NULL, actor, &err);
    memset(pw, 0, sizeof pw);
    app_free(app);
    if (rc < 0)
        return cli_fail(&err);
    printf("user %s: %s done\n", name, verb);
    return CLI_OK;
}

static int
run_user(struct cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage(&cmd_user, "缺少子命令：add、passwd、disable 或 enable");
    if (strcmp(argv[1], "add") == 0)
        return user_add(ctx, argc, argv);
    if (strcmp(argv[1], "passwd") == 0 || strcmp(argv[1], "disable") == 0 ||
        strcmp(argv[1], "enable") == 0)
        return user_change(ctx, argc, argv);
    return cli_usage(&cmd_user, "不认识的子命令“%s”", argv[1]);
}

const struct cli_command cmd_user = {
    .name = "user",
    .summary = "管理用户账号（add、passwd、disable、enable）",
    .usage =
        "用法: zhiqian user add NAME --role ROLE --region CODE [--dept DEPT]\n"
        "                        [--enterprise USCC] [--display-name 姓名] [--password-stdin]\n"
        "       zhiqian user passwd NAME [--password-stdin]\n"
        "       zhiqian user disable NAME | zhiqian user enable NAME\n"
        "\n"
        "ROLE: admin（系统管理员）、leader（治欠办）、inspector（劳动保障监察）、\n"
        "      dept_officer（行业主管部门，须 --dept）、enterprise（企业，须 --enterprise）\n"
        "CODE: 账号管辖的行政区划代码（该地区及其下级）\n"
        "DEPT: housing 住建、transport 交通、water 水利、agri 农业农村、hrss、ndrc …\n"
        "\n"
        "密码用 --password-stdin 从标准输入第一行读取，否则在终端上输入两次（不回显）。\n"
        "密码至少 8 个字符，以 argon2id 哈希保存。停用账号或重设密码会使其已登录的会话失效。\n"
        "\n"
        "例: echo 'S3cure-pass' | zhiqian user add zhang --role inspector --region 330282 "
        "--password-stdin\n",
    .run = run_user,
};
