/*
 * cmd_case.c - `zhiqian case`: list and show cases, open one from verified
 * clues or an inspection, and every action on it (docs/cases.md).  Options
 * become the fields of the same JSON request the API takes (--paid-on D is
 * "paid_on"), so the command line and the API cannot drift apart.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "cli/cli_out.h"
#include "svc/app.h"
#include "svc/cases.h"

extern const struct cli_command cmd_case;

void
case_cli_actor(char out[96])
{
    const struct passwd *pw = getpwuid(getuid());

    snprintf(out, 96, "cli:%s", pw && pw->pw_name ? pw->pw_name : "unknown");
}

/* "a:b:c" split at ':' into at most 3 parts (in place). */
static int
split3(char *s, char *part[3])
{
    int n = 0;

    part[0] = part[1] = part[2] = NULL;
    while (n < 3) {
        part[n++] = s;
        s = strchr(s, ':');
        if (s == NULL)
            break;
        *s++ = '\0';
    }
    return n;
}

/* A worker item from --worker: ID_NUMBER:NAME:AMOUNT, or WORKER:AMOUNT
 * (WORKER a worker id or an ID number). */
static json_t *
worker_item(const char *arg, const char *money_key)
{
    char buf[256], *part[3];
    json_t *o = json_object();
    int n;

    snprintf(buf, sizeof buf, "%s", arg);
    n = split3(buf, part);
    if (n == 3) {
        json_object_set_new(o, "id_number", json_string(part[0]));
        json_object_set_new(o, "name", json_string(part[1]));
        json_object_set_new(o, money_key, json_string(part[2]));
    } else if (n == 2) {
        json_object_set_new(o, strlen(part[0]) == 18 ? "id_number" : "worker_id",
                            json_string(part[0]));
        json_object_set_new(o, money_key, json_string(part[1]));
    }
    return o;
}

static int
cli_args_json(const struct cli_command *cmd, int argc, char **argv, int from, const char *action,
              json_t **out)
{
    bool lines =
        action != NULL && (strcmp(action, "settle") == 0 || strcmp(action, "advance") == 0);
    json_t *o = json_object();

    for (int i = from; i < argc; i++) {
        const char *opt = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char key[64];
        size_t k = 0;
        if (strcmp(opt, "--illegal-sub") == 0) {
            json_object_set_new(o, "illegal_sub", json_true());
            continue;
        }
        if (strncmp(opt, "--", 2) != 0 || v == NULL) {
            json_decref(o);
            return cli_usage(cmd, "选项“%s”缺少参数（或未知）", opt);
        }
        for (const char *p = opt + 2; *p && k + 1 < sizeof key; p++)
            key[k++] = *p == '-' ? '_' : *p;
        key[k] = '\0';
        i++;
        if (strcmp(key, "worker") == 0) {
            const char *arr = lines ? "lines" : "workers";
            if (json_object_get(o, arr) == NULL)
                json_object_set_new(o, arr, json_array());
            json_array_append_new(json_object_get(o, arr),
                                  worker_item(v, lines ? "amount" : "owed"));
        } else if (strcmp(key, "handler") == 0 || strcmp(key, "clue") == 0) {
            const char *arr = key[0] == 'h' ? "handlers" : "clues";
            if (json_object_get(o, arr) == NULL)
                json_object_set_new(o, arr, json_array());
            json_array_append_new(json_object_get(o, arr), json_string(v));
        } else {
            json_object_set_new(o, key, json_string(v));
        }
    }
    if (action != NULL)
        json_object_set_new(o, "action", json_string(action));
    *out = o;
    return CLI_OK;
}

/* ---------------------------------------------------------------- output */

static const char *
js(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);

    return json_is_string(v) ? json_string_value(v) : "";
}

static void
print_case(const json_t *c)
{
    const json_t *it;
    size_t i;

    printf("案件 %s  %s  %s\n", js(c, "case_no"), js(c, "status"), js(c, "region_name"));
    printf("欠薪单位：%s %s  项目：%s %s\n", js(c, "debtor_name"), js(c, "debtor_uscc"),
           js(c, "project_code"), js(c, "project_name"));
    printf("立案 %s  限时办结 %s%s  督办 %s\n", js(c, "filed_on"), js(c, "deadline_on"),
           json_is_true(json_object_get(c, "extended")) ? "（已延长）" : "",
           js(c, "supervision_level"));
    printf("欠薪 %s 元  已清偿 %s 元  尚欠 %s 元\n", js(c, "amount"), js(c, "paid"),
           js(c, "remaining"));
    puts("责任链：");
    for (i = 0; (it = json_array_get(json_object_get(c, "chain"), i)) != NULL; i++)
        printf("  %lld. %s %s %s：%s\n", (long long)json_integer_value(json_object_get(it, "seq")),
               js(it, "role"), js(it, "name"), js(it, "uscc"), js(it, "liability"));
    puts("劳动者：");
    for (i = 0; (it = json_array_get(json_object_get(c, "workers"), i)) != NULL; i++)
        printf("  %lld %s %s 欠 %s 已付 %s 尚欠 %s\n",
               (long long)json_integer_value(json_object_get(it, "worker_id")), js(it, "name"),
               js(it, "id_number_masked"), js(it, "owed"), js(it, "paid"), js(it, "remaining"));
    for (i = 0; (it = json_array_get(json_object_get(c, "documents"), i)) != NULL; i++)
        printf("文书：%s %s 制发 %s 期限 %s%s%s\n", js(it, "kind"), js(it, "doc_no"),
               js(it, "issued_on"), js(it, "deadline_on"), js(it, "complied_on")[0] ? " 履行 " : "",
               js(it, "complied_on"));
    for (i = 0; (it = json_array_get(json_object_get(c, "settlements"), i)) != NULL; i++)
        printf("清偿：%s %s %s 元 %s\n", js(it, "paid_on"), js(it, "payer_role"), js(it, "amount"),
               js(it, "worker_name"));
    if (js(c, "closed_on")[0])
        printf("结案：%s %s %s\n", js(c, "closed_on"), js(c, "close_kind"), js(c, "result"));
    for (i = 0; (it = json_array_get(json_object_get(c, "close_blockers"), i)) != NULL; i++)
        printf("暂不能结案：%s\n", json_string_value(it));
}

static int
emit(const json_t *o, int format, bool is_case)
{
    if (format == CLI_JSON || !is_case) {
        char *t = json_dumps(o, JSON_INDENT(2));
        if (t != NULL)
            puts(t);
        free(t);
    } else {
        print_case(o);
    }
    return CLI_OK;
}

static int
open_app(struct cli_ctx *ctx, struct app **app, struct zq_err *err)
{
    return app_open(ctx->cfg, APP_DB | APP_SCHEMA, app, err);
}

/* ---------------------------------------------------------------- list */

static const char *const list_fields[] = { "case_no",     "status",           "region_code",
                                           "debtor_name", "project_code",     "filed_on",
                                           "deadline_on", "people",           "amount",
                                           "paid",        "supervision_level" };
#define NLIST (sizeof list_fields / sizeof list_fields[0])

/* Table column widths: the case number, the debtor and the project code are wide. */
static int
col_width(size_t k)
{
    return k == 0 ? 24 : k == 3 ? 30 : k == 4 ? 26 : 12;
}

static void
field_text(const json_t *o, const char *k, char *buf, size_t cap)
{
    const json_t *v = json_object_get(o, k);

    if (json_is_string(v))
        snprintf(buf, cap, "%s", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
    else
        buf[0] = '\0';
}

static int
list(struct cli_ctx *ctx, int argc, char **argv)
{
    struct case_list_args f = { .limit = 500 };
    int format = CLI_TABLE;
    struct app *app = NULL;
    struct zq_err err;
    json_t *out = NULL, *it;
    size_t i;

    zq_err_clear(&err);
    for (int k = 2; k < argc; k += 2) { /* option, value */
        const char *o = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;
        if (v == NULL)
            return cli_usage(&cmd_case, "选项“%s”缺少参数（或未知）", o);
        if (strcmp(o, "--q") == 0)
            f.q = v;
        else if (strcmp(o, "--status") == 0)
            f.status = v;
        else if (strcmp(o, "--region") == 0)
            f.region = v;
        else if (strcmp(o, "--format") == 0 && (format = cli_format_parse(v)) >= 0)
            ;
        else
            return cli_usage(&cmd_case, "未知的参数“%s”", o);
    }
    if (open_app(ctx, &app, &err) < 0 || case_list(app, NULL, &f, &out, &err) < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    if (format == CLI_JSON) {
        emit(json_object_get(out, "items"), format, false);
    } else {
        static const char *const head[] = { "案件编号", "状态",     "地区",     "欠薪单位",
                                            "项目",     "立案日期", "限时办结", "人数",
                                            "欠薪金额", "已清偿",   "督办" };
        for (i = 0; i < NLIST; i++) {
            if (format == CLI_CSV)
                printf("%s%s", i ? "," : "", list_fields[i]);
            else
                cli_pad(stdout, head[i], col_width(i));
        }
        putchar('\n');
        for (i = 0; (it = json_array_get(json_object_get(out, "items"), i)) != NULL; i++) {
            char b[300];
            for (size_t k = 0; k < NLIST; k++) {
                field_text(it, list_fields[k], b, sizeof b);
                if (format == CLI_CSV) {
                    if (k)
                        putchar(',');
                    cli_csv_field(stdout, b);
                } else {
                    cli_pad(stdout, b, col_width(k));
                }
            }
            putchar('\n');
        }
        if (format == CLI_TABLE)
            printf("共 %zu 件\n", json_array_size(json_object_get(out, "items")));
    }
    json_decref(out);
    app_free(app);
    return CLI_OK;
}

/* ---------------------------------------------------------------- run */

static int
run_case(struct cli_ctx *ctx, int argc, char **argv)
{
    const char *sub = argc >= 2 ? argv[1] : "list";
    struct case_who w = { NULL, NULL, 0 };
    char actor[96];
    struct app *app = NULL;
    struct zq_err err;
    json_t *req = NULL, *out = NULL;
    int format = CLI_TABLE, rc;

    zq_err_clear(&err);
    if (strcmp(sub, "list") == 0 || sub[0] == '-')
        return list(ctx, argc, argv);
    for (int i = 2; i + 1 < argc; i++)
        if (strcmp(argv[i], "--format") == 0 && (format = cli_format_parse(argv[i + 1])) < 0)
            return cli_usage(&cmd_case, "--format 应为 table 或 json");
    case_cli_actor(actor);
    w.actor = actor;
    if (strcmp(sub, "show") == 0) {
        if (argc < 3)
            return cli_usage(&cmd_case, "用法：case show 案件编号");
        rc = open_app(ctx, &app, &err) < 0 ? -1 : case_get(app, NULL, argv[2], &out, &err);
    } else if (strcmp(sub, "create") == 0) {
        if ((rc = cli_args_json(&cmd_case, argc, argv, 2, NULL, &req)) != CLI_OK)
            return rc;
        json_object_del(req, "format");
        rc = open_app(ctx, &app, &err) < 0 ? -1 : case_create(app, &w, req, &out, &err);
    } else {
        if (argc < 3 || argv[2][0] == '-')
            return cli_usage(&cmd_case, "用法：case %s 案件编号 [--字段 值]…", sub);
        if ((rc = cli_args_json(&cmd_case, argc, argv, 3, sub, &req)) != CLI_OK)
            return rc;
        json_object_del(req, "format");
        rc = open_app(ctx, &app, &err) < 0 ? -1 : case_act(app, &w, argv[2], req, &out, &err);
    }
    json_decref(req);
    if (rc < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    emit(out, format, true);
    json_decref(out);
    app_free(app);
    return CLI_OK;
}

const struct cli_command cmd_case = {
    .name = "case",
    .summary = "案件：立案、一案一策、文书、清偿、垫付、移送、结案",
    .usage =
        "用法: zhiqian case [list] [--q 检索词] [--status 办理中|已结案] [--region CODE]\n"
        "                   [--format table|csv|json]\n"
        "       zhiqian case show 案件编号 [--format json]\n"
        "       zhiqian case create --clue XS… [--clue …] [--worker 身份证号:姓名:欠薪金额]…\n"
        "                   [--handler 用户名 --handler 用户名] [--leader 用户名] [--plan 方案]\n"
        "       zhiqian case create --origin 检查 --region-code CODE --debtor-uscc USCC\n"
        "                   [--debtor-name 名称] [--project-code 项目编号] [--illegal-sub] …\n"
        "       zhiqian case 操作 案件编号 [--字段 值]…\n"
        "\n"
        "操作：assign（--handler 至少两名，--leader，--plan）、plan（--plan）、workers\n"
        "（--worker 身份证号:姓名:金额）、document（--kind 限期整改指令书|责令支付通知 "
        "--deadline-on\n"
        "日期）、comply（--doc-no）、extend（--approver 批准人 --reason "
        "理由）、supervise（--level\n"
        "county|city|province|national）、escalate（--region-code 上级地区 --reason）、settle\n"
        "（--payer-role 用人单位|总包先行清偿|建设单位垫付|保证金|其他 --worker "
        "劳动者编号:金额）、\n"
        "advance（应急周转金垫付，--worker 劳动者编号:金额）、police、court（--note）、join\n"
        "（--clue）、close（--result 结果 [--kind 全额清偿|移送公安|移送法院]）。\n"
        "日期选项默认今天（--paid-on、--issued-on、--closed-on …）。结案须查实、处理到位并逐人\n"
        "足额清偿，或已移送公安、法院（三不放过）。详见 docs/cases.md。\n",
    .run = run_case,
};
