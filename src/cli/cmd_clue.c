/*
 * cmd_clue.c - `zhiqian clue`: list, show, add and act on clues, and the
 * duty roster, through the same services as the API (svc/clue.h).  With
 * --as USERNAME a command runs with that user's scope and name; without it
 * the command line acts with no scope as "cli:<login>".
 */
#include <jansson.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "cli/cli_out.h"
#include "svc/app.h"
#include "svc/clue.h"

extern const struct cli_command cmd_clue;

static const char *const list_fields[] = { "ticket",      "status",    "received_at", "region_code",
                                           "nature",      "people",    "amount",      "respondent",
                                           "complainant", "accept_by", "close_by",    "linked_to",
                                           "overdue" };
#define NLF (sizeof list_fields / sizeof list_fields[0])

struct opts {
    const char *as;
    int format;
    struct principal who;
    bool have_who;
    char actor[96];
};

static int
open_app(struct cli_ctx *ctx, struct opts *o, struct app **app, struct zq_err *err)
{
    const struct passwd *pw = getpwuid(getuid());
    int rc;

    snprintf(o->actor, sizeof o->actor, "cli:%s", pw && pw->pw_name ? pw->pw_name : "unknown");
    if ((rc = app_open(ctx->cfg, APP_DB | APP_SCHEMA, app, err)) < 0)
        return rc;
    if (o->as != NULL) {
        if ((rc = clue_principal(*app, o->as, &o->who, err)) < 0)
            return rc;
        o->have_who = true;
        snprintf(o->actor, sizeof o->actor, "%s", o->who.actor);
    }
    return 0;
}

static const struct principal *
who(const struct opts *o)
{
    return o->have_who ? &o->who : NULL;
}

/* A value of a list item as text ("" for null). */
static const char *
val(const json_t *item, const char *key, char *buf, size_t cap)
{
    const json_t *v = json_object_get(item, key);

    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    if (json_is_boolean(v))
        return json_is_true(v) ? "1" : "0";
    return "";
}

static void
print_item(const json_t *it, int format, long n)
{
    char buf[32];

    if (format == CLI_CSV) {
        for (size_t i = 0; i < NLF; i++) {
            if (i)
                fputc(',', stdout);
            cli_csv_field(stdout, val(it, list_fields[i], buf, sizeof buf));
        }
        fputc('\n', stdout);
    } else if (format == CLI_JSON) {
        char *s = json_dumps(it, JSON_COMPACT);
        printf("%s\n  %s", n ? "," : "", s ? s : "{}");
        free(s);
    } else {
        static const int w[] = { 22, 11, 26, 8, 8, 6, 14, 24, 10, 12, 12 };
        static const char *const k[] = { "ticket",      "status",    "received_at", "region_code",
                                         "nature",      "people",    "amount",      "respondent",
                                         "complainant", "accept_by", "close_by" };
        static const char *const head[] = { "受理编号", "状态",     "收到时间", "地区",
                                            "性质",     "人数",     "金额",     "被投诉单位",
                                            "投诉人",   "受理时限", "办结时限" };
        if (n == 0) {
            for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
                cli_pad(stdout, head[i], w[i]);
            puts("超期、重复线索");
        }
        for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
            cli_pad(stdout, val(it, k[i], buf, sizeof buf), w[i]);
        printf("%s%s\n", json_is_true(json_object_get(it, "overdue")) ? "超期 " : "",
               val(it, "linked_to", buf, sizeof buf)[0] ? val(it, "linked_to", buf, sizeof buf)
                                                        : "");
    }
}

static int
list(struct cli_ctx *ctx, int argc, char **argv)
{
    struct clue_list_args f = { 0 };
    struct opts o = { .format = CLI_TABLE };
    struct query_page pg = { .limit = 500 };
    struct app *app = NULL;
    char cursor[1024] = "";
    struct zq_err err;
    long n = 0;

    zq_err_clear(&err);
    for (int i = 2; i < argc; i += 2) {
        const char *opt = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(opt, "--overdue") == 0) {
            f.overdue = true;
            i--; /* a flag without a value */
            continue;
        }
        if (v == NULL)
            return cli_usage(&cmd_clue, "选项“%s”缺少参数（或未知）", opt);
        if (strcmp(opt, "--q") == 0 || strcmp(opt, "-q") == 0)
            f.q = v;
        else if (strcmp(opt, "--status") == 0)
            f.status = v;
        else if (strcmp(opt, "--region") == 0)
            f.region = v;
        else if (strcmp(opt, "--nature") == 0)
            f.nature = v;
        else if (strcmp(opt, "--as") == 0)
            o.as = v;
        else if (strcmp(opt, "--format") == 0 && (o.format = cli_format_parse(v)) < 0)
            return cli_usage(&cmd_clue, "--format 应为 table、csv 或 json");
        else if (strcmp(opt, "--format") != 0)
            return cli_usage(&cmd_clue, "未知的参数“%s”", opt);
    }
    if (open_app(ctx, &o, &app, &err) < 0)
        goto fail;
    if (o.format == CLI_CSV) {
        for (size_t i = 0; i < NLF; i++)
            printf("%s%s", i ? "," : "", list_fields[i]);
        fputc('\n', stdout);
    } else if (o.format == CLI_JSON) {
        fputs("[", stdout);
    }
    for (;;) {
        json_t *page = NULL, *items, *it;
        const json_t *next;
        size_t i;
        pg.cursor = cursor[0] ? cursor : NULL;
        if (clue_list(app, who(&o), &f, &pg, &page, &err) < 0)
            goto fail;
        items = json_object_get(page, "items");
        json_array_foreach(items, i, it)
        {
            print_item(it, o.format, n++);
        }
        next = json_object_get(page, "next_cursor");
        snprintf(cursor, sizeof cursor, "%s", json_is_string(next) ? json_string_value(next) : "");
        json_decref(page);
        if (cursor[0] == '\0')
            break;
    }
    if (o.format == CLI_JSON)
        fputs(n ? "\n]\n" : "]\n", stdout);
    else if (o.format == CLI_TABLE)
        printf("共 %ld 条\n", n);
    app_free(app);
    return CLI_OK;
fail:
    app_free(app);
    return cli_fail(&err);
}

static int
show(struct cli_ctx *ctx, int argc, char **argv)
{
    struct opts o = { .format = CLI_JSON };
    struct app *app = NULL;
    json_t *out = NULL;
    struct zq_err err;
    char *s;

    zq_err_clear(&err);
    if (argc < 3)
        return cli_usage(&cmd_clue, "用法：clue show 受理编号 [--as 用户名]");
    for (int i = 3; i + 1 < argc; i += 2)
        if (strcmp(argv[i], "--as") == 0)
            o.as = argv[i + 1];
    if (open_app(ctx, &o, &app, &err) < 0 || clue_get(app, who(&o), argv[2], &out, &err) < 0) {
        app_free(app);
        return cli_fail(&err);
    }
    s = json_dumps(out, JSON_INDENT(2));
    printf("%s\n", s ? s : "{}");
    free(s);
    json_decref(out);
    app_free(app);
    return CLI_OK;
}

/* key=value arguments into a JSON object: people as an integer, handlers
 * as an array (comma-separated). */
static int
kv_body(int argc, char **argv, int from, struct opts *o, json_t *body)
{
    bool value = false; /* argv[i] is the value of --as */

    for (int i = from; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        char key[64];
        if (value) {
            value = false;
            continue;
        }
        if (strcmp(argv[i], "--as") == 0 && i + 1 < argc) {
            o->as = argv[i + 1];
            value = true;
            continue;
        }
        if (eq == NULL || eq == argv[i] || (size_t)(eq - argv[i]) >= sizeof key)
            return cli_usage(&cmd_clue, "参数应为 字段=值：“%s”", argv[i]);
        snprintf(key, sizeof key, "%.*s", (int)(eq - argv[i]), argv[i]);
        if (strcmp(key, "people") == 0) {
            int64_t n;
            if (str_to_i64(str_from(eq + 1), &n) < 0)
                return cli_usage(&cmd_clue, "people 应为整数");
            json_object_set_new(body, key, json_integer(n));
        } else if (strcmp(key, "handlers") == 0) {
            json_t *arr = json_array();
            char tmp[512];
            struct str rest, head;
            snprintf(tmp, sizeof tmp, "%s", eq + 1);
            rest = str_from(tmp);
            for (bool more = true; more;) {
                more = str_split(rest, ',', &head, &rest);
                if (head.len > 0)
                    json_array_append_new(arr, json_stringn(head.p, head.len));
            }
            json_object_set_new(body, key, arr);
        } else {
            json_object_set_new(body, key, json_string(eq + 1));
        }
    }
    return CLI_OK;
}

static int
add(struct cli_ctx *ctx, int argc, char **argv)
{
    struct opts o = { 0 };
    struct clue_receipt r;
    struct app *app = NULL;
    json_t *body = json_object();
    struct zq_err err;
    int rc;

    zq_err_clear(&err);
    if ((rc = kv_body(argc, argv, 2, &o, body)) != CLI_OK)
        goto out;
    if (json_object_get(body, "channel") == NULL)
        json_object_set_new(body, "channel", json_string("来访"));
    if (open_app(ctx, &o, &app, &err) < 0 || clue_staff_submit(app, who(&o), body, &r, &err) < 0) {
        rc = cli_fail(&err);
        goto out;
    }
    printf("受理编号 %s，应于 %s 前决定是否受理%s%s\n", r.ticket, r.accept_by,
           r.linked_ticket[0] ? "；重复投诉，已关联 " : "", r.linked_ticket);
    rc = CLI_OK;
out:
    json_decref(body);
    app_free(app);
    return rc;
}

static int
act(struct cli_ctx *ctx, int argc, char **argv)
{
    struct opts o = { 0 };
    struct clue_act_args args;
    const char *handlers[10];
    char status[24];
    struct app *app = NULL;
    json_t *body = json_object();
    struct zq_err err;
    int rc;

    zq_err_clear(&err);
    if (argc < 4) {
        rc = cli_usage(&cmd_clue, "用法：clue act 受理编号 操作 [字段=值 …] [--as 用户名]");
        goto out;
    }
    json_object_set_new(body, "action", json_string(argv[3]));
    if ((rc = kv_body(argc, argv, 4, &o, body)) != CLI_OK)
        goto out;
    if (clue_act_parse(body, &args, handlers, 10, &err) < 0 || open_app(ctx, &o, &app, &err) < 0 ||
        clue_act(app, who(&o), o.actor, argv[2], &args, status, &err) < 0) {
        rc = cli_fail(&err);
        goto out;
    }
    printf("线索 %s：%s\n", argv[2], status);
    rc = CLI_OK;
out:
    json_decref(body);
    app_free(app);
    return rc;
}

static int
duty(struct cli_ctx *ctx, int argc, char **argv)
{
    struct opts o = { 0 };
    struct app *app = NULL;
    json_t *out = NULL, *body = NULL, *it;
    struct zq_err err;
    size_t i;
    int rc = CLI_OK;

    zq_err_clear(&err);
    if (argc >= 4 && strcmp(argv[2], "set") == 0 && (argc - 4) % 3 == 0) {
        json_t *entries = json_array();
        for (int k = 4; k + 2 < argc; k += 3)
            json_array_append_new(entries,
                                  json_pack("{s:s, s:s, s:s}", "username", argv[k], "starts_at",
                                            argv[k + 1], "ends_at", argv[k + 2]));
        body = json_pack("{s:s, s:o}", "region_code", argv[3], "entries", entries);
        if (open_app(ctx, &o, &app, &err) < 0 ||
            clue_duty_put(app, NULL, o.actor, body, &out, &err) < 0)
            rc = cli_fail(&err);
    } else if (argc >= 3 && strcmp(argv[2], "list") == 0) {
        if (open_app(ctx, &o, &app, &err) < 0 ||
            clue_duty_list(app, NULL, argc > 3 ? argv[3] : NULL, &out, &err) < 0)
            rc = cli_fail(&err);
    } else {
        return cli_usage(&cmd_clue, "用法：clue duty list [地区] | clue duty set 地区 [用户名 开始 "
                                    "结束] …");
    }
    if (rc == CLI_OK) {
        json_array_foreach(json_object_get(out, "items"), i, it)
        {
            char b[32];
            printf("%s  %s  %s — %s\n", val(it, "region_code", b, sizeof b),
                   val(it, "username", b, sizeof b), val(it, "starts_at", b, sizeof b),
                   val(it, "ends_at", b, sizeof b));
        }
    }
    json_decref(out);
    json_decref(body);
    app_free(app);
    return rc;
}

static int
run_clue(struct cli_ctx *ctx, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "list") == 0)
        return list(ctx, argc, argv);
    if (strcmp(argv[1], "show") == 0)
        return show(ctx, argc, argv);
    if (strcmp(argv[1], "add") == 0)
        return add(ctx, argc, argv);
    if (strcmp(argv[1], "act") == 0)
        return act(ctx, argc, argv);
    if (strcmp(argv[1], "duty") == 0)
        return duty(ctx, argc, argv);
    return cli_usage(&cmd_clue, "未知的子命令“%s”", argv[1]);
}

const struct cli_command cmd_clue = {
    .name = "clue",
    .summary = "线索：列表、详情、登记、办理（受理、转办、核查、办结、回访）、值班表",
    .usage =
        "用法: zhiqian clue list [--q 检索词] [--status 状态] [--region CODE] [--nature 性质]\n"
        "                        [--overdue] [--format table|csv|json] [--as 用户名]\n"
        "       zhiqian clue show 受理编号 [--as 用户名]\n"
        "       zhiqian clue add 字段=值 … [--as 用户名]\n"
        "       zhiqian clue act 受理编号 操作 [字段=值 …] [--as 用户名]\n"
        "       zhiqian clue duty list [地区]\n"
        "       zhiqian clue duty set 地区 [用户名 \"开始时间\" \"结束时间\"] …\n"
        "\n"
        "add 的字段同网上投诉（SPEC §4 clues 的英文列名）：complainant、phone、respondent、\n"
        "region_code、nature、people、amount、description，可选 complainant_id、respondent_uscc、\n"
        "project_name、project_code、period_from、period_to、channel（默认 来访）、external_id、\n"
        "received_at（YYYY-MM-DD HH:MM）。\n"
        "\n"
        "操作：accept、reject reason=…、transfer region_code=… dept=… reason=…、receive、\n"
        "verify handlers=用户1,用户2、confirm nature=工资 amount=… people=…、unfounded result=…、\n"
        "project_payment result=…、close result=… [nature=…]、feedback satisfaction=满意。\n"
        "状态不允许时报错并列出当前可执行的操作；每一步记入办理记录和审计日志。\n"
        "list 的 csv/json 字段：ticket,status,received_at,region_code,nature,people,amount,\n"
        "respondent,complainant,accept_by,close_by,linked_to,overdue\n",
    .run = run_clue,
};
