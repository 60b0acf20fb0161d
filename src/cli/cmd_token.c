/*
 * cmd_token.c - API tokens from the command line (SPEC §10):
 *
 *   zhiqian token add --role enterprise|bank --subject USCC|BANK|ACCOUNT [--label TEXT]
 *   zhiqian token revoke ID
 *   zhiqian token list
 *
 * `add` prints the new token alone on the first line of standard output
 * (it is shown this once: only its hash is kept) and what it is bound to on
 * standard error.
 */
#include <jansson.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "core/str.h"
#include "svc/app.h"
#include "svc/query.h"
#include "svc/tokens.h"

/* Also declared in cli_int.h with the other commands of the table. */
extern const struct cli_command cmd_token;

static void
actor_of(char *out, size_t cap)
{
    const struct passwd *pw = getpwuid(geteuid());

    snprintf(out, cap, "cli:%s", pw != NULL ? pw->pw_name : "?");
}

static int
token_add(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *role = NULL, *subject = NULL, *label = NULL;
    char secret[TOKEN_SECRET_LEN], subj[129], actor[80];
    struct app *app = NULL;
    struct zq_err err;
    int64_t id = 0;

    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
            role = argv[++i];
        else if (strcmp(argv[i], "--subject") == 0 && i + 1 < argc)
            subject = argv[++i];
        else if (strcmp(argv[i], "--label") == 0 && i + 1 < argc)
            label = argv[++i];
        else
            return cli_usage(&cmd_token, "不认识的参数“%s”（或缺少参数）", argv[i]);
    }
    if (role == NULL || subject == NULL)
        return cli_usage(&cmd_token, "用法: zhiqian token add --role enterprise|bank --subject "
                                     "USCC|BANK|ACCOUNT [--label TEXT]");
    actor_of(actor, sizeof actor);
    zq_err_clear(&err);
    if (app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err) < 0 ||
        tokens_add(app, role, subject, label, 0, actor, secret, &id, subj, &err) < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    app_free(app);
    printf("%s\n", secret);
    fflush(stdout);
    memset(secret, 0, sizeof secret);
    fprintf(stderr, "zhiqian: 令牌 %lld（%s，%s）只显示这一次，请妥善保存\n", (long long)id, role,
            subj);
    return CLI_OK;
}

static int
token_revoke(struct cli_ctx *ctx, int argc, char **argv)
{
    struct app *app = NULL;
    struct zq_err err;
    char actor[80];
    int64_t id;
    int rc;

    if (argc != 3 || str_to_i64(str_from(argv[2]), &id) < 0)
        return cli_usage(&cmd_token, "用法: zhiqian token revoke ID");
    actor_of(actor, sizeof actor);
    zq_err_clear(&err);
    rc = app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err);
    if (rc == 0)
        rc = tokens_revoke(app, id, actor, &err);
    app_free(app);
    if (rc < 0)
        return cli_fail(&err);
    printf("token %lld revoked\n", (long long)id);
    return CLI_OK;
}

static const char *
str_or(json_t *o, const char *key, const char *def)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s != NULL ? s : def;
}

static int
token_list(struct cli_ctx *ctx)
{
    struct query_page pg = { NULL, QUERY_LIMIT_MAX };
    struct app *app = NULL;
    json_t *out = NULL, *items, *it;
    struct zq_err err;
    size_t i;
    int rc;

    zq_err_clear(&err);
    rc = app_open(ctx->cfg, APP_DB | APP_SCHEMA, &app, &err);
    if (rc == 0)
        rc = query_tokens(app, &pg, &out, &err);
    app_free(app);
    if (rc < 0)
        return cli_fail(&err);
    printf("id\trole\tsubject\tlabel\tcreated_at\trevoked_at\n");
    items = json_object_get(out, "items");
    for (i = 0; i < json_array_size(items); i++) {
        it = json_array_get(items, i);
        printf("%lld\t%s\t%s\t%s\t%s\t%s\n",
               (long long)json_integer_value(json_object_get(it, "id")), str_or(it, "role", ""),
               str_or(it, "subject", ""), str_or(it, "label", ""), str_or(it, "created_at", ""),
               str_or(it, "revoked_at", "-"));
    }
    json_decref(out);
    return CLI_OK;
}

static int
run_token(struct cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage(&cmd_token, "缺少子命令：add、revoke 或 list");
    if (strcmp(argv[1], "add") == 0)
        return token_add(ctx, argc, argv);
    if (strcmp(argv[1], "revoke") == 0)
        return token_revoke(ctx, argc, argv);
    if (strcmp(argv[1], "list") == 0 && argc == 2)
        return token_list(ctx);
    return cli_usage(&cmd_token, "不认识的子命令“%s”", argv[1]);
}

const struct cli_command cmd_token = {
    .name = "token",
    .summary = "管理企业和银行的 API 令牌（add、revoke、list）",
    .usage = "用法: zhiqian token add --role enterprise|bank --subject USCC|BANK|ACCOUNT "
             "[--label 备注]\n"
             "       zhiqian token revoke ID\n"
             "       zhiqian token list\n"
             "\n"
             "企业令牌（--role enterprise）绑定一个统一社会信用代码：只能为该企业作为建设单位、\n"
             "施工总承包单位或分包单位的项目上传数据。\n"
             "银行令牌（--role bank）绑定一家银行（--subject 为开户银行名称，前缀匹配其各支行，\n"
             "如“中国农业银行”）或一个专户账号（8–32 位数字）：只能上传这些专户的流水（txns）\n"
             "和代发明细（disbursements）。\n"
             "\n"
             "新令牌只在标准输出第一行显示这一次，数据库只保存其哈希。调用时放在请求头\n"
             "Authorization: Bearer <令牌>。\n",
    .run = run_token,
};
