/*
 * cmd_gen.c - `zhiqian gen`: synthetic data in the interchange formats with
 * planted violations (svc/gen.h, docs/gen.md), written to a directory or, for
 * one kind, to standard output to pipe into `zhiqian import KIND -`.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "svc/gen.h"

/* Also in cli_int.h once the command is in the table. */
extern const struct cli_command cmd_gen;

struct gen_args {
    struct gen_opts opts;
    bool has_scale;
    const char *out_dir;
    const char *kind;
};

static int
parse_uint(const char *s, int64_t max, int64_t *v)
{
    return str_to_i64(str_from(s), v) == 0 && *v >= 0 && *v <= max ? 0 : -1;
}

/* One option with its value; returns 0, or a CLI exit code after a message. */
static int
parse_opt(struct gen_args *a, const char *name, const char *val)
{
    struct zq_err err;
    int64_t v;

    zq_err_clear(&err);
    if (strcmp(name, "--scale") == 0) {
        if (gen_scale_parse(val, &a->opts.scale, &err) < 0)
            return cli_usage(&cmd_gen, "%s", err.msg);
        a->has_scale = true;
    } else if (strcmp(name, "--seed") == 0) {
        if (parse_uint(val, INT64_MAX, &v) < 0)
            return cli_usage(&cmd_gen, "种子“%s”不是非负整数", val);
        a->opts.seed = (uint64_t)v;
    } else if (strcmp(name, "--as-of") == 0) {
        if (date_parse(str_from(val), &a->opts.as_of, &err) < 0)
            return cli_usage(&cmd_gen, "基准日期无效：%s", err.msg);
    } else if (strcmp(name, "--violations") == 0) {
        if (parse_uint(val, 100, &v) < 0)
            return cli_usage(&cmd_gen, "违规比例“%s”应为 0–100 的整数", val);
        a->opts.violations_pct = (int)v;
    } else if (strcmp(name, "--defaults") == 0) {
        if (parse_uint(val, 25, &v) < 0)
            return cli_usage(&cmd_gen, "违约预埋比例“%s”应为 0–25 的整数", val);
        a->opts.defaults_pct = (int)v;
    } else if (strcmp(name, "--projects") == 0) {
        if (parse_uint(val, 1000000, &v) < 0 || v == 0)
            return cli_usage(&cmd_gen, "项目数“%s”应为 1–1000000 的整数", val);
        a->opts.projects = (uint32_t)v;
    } else if (strcmp(name, "--out") == 0) {
        a->out_dir = val;
    } else if (strcmp(name, "--kind") == 0) {
        a->kind = val;
    } else {
        return cli_usage(&cmd_gen, "未知选项 %s", name);
    }
    return 0;
}

static int
parse_args(int argc, char **argv, struct gen_args *a)
{
    int rc;

    gen_opts_default(&a->opts);
    for (int i = 1; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        char name[32];

        if (strncmp(argv[i], "--", 2) != 0)
            return cli_usage(&cmd_gen, "多余的参数“%s”", argv[i]);
        if (eq != NULL && (size_t)(eq - argv[i]) < sizeof(name)) {
            memcpy(name, argv[i], (size_t)(eq - argv[i]));
            name[eq - argv[i]] = '\0';
            rc = parse_opt(a, name, eq + 1);
        } else if (i + 1 < argc) {
            rc = parse_opt(a, argv[i], argv[i + 1]);
            i++;
        } else {
            return cli_usage(&cmd_gen, "选项 %s 缺少取值", argv[i]);
        }
        if (rc != 0)
            return rc;
    }
    if (!a->has_scale)
        return cli_usage(&cmd_gen, "缺少 --scale county|city|province");
    if ((a->out_dir == NULL) == (a->kind == NULL))
        return cli_usage(&cmd_gen, "请给出 --out DIR 或 --kind KIND 之一");
    return 0;
}

static void
print_summary(const struct gen *g, const struct gen_args *a, const struct gen_stats *st,
              const uint64_t *ns)
{
    char day[DATE_STR_LEN];

    for (int k = 0; k < GEN_NKINDS; k++) {
        unsigned long long rows = st[k].rows, dmb = st[k].bytes / 100000, cs = ns[k] / 10000000;

        printf("%-14s %12llu 行 %7llu.%llu MB %5llu.%02llu s", gen_kind_name((enum gen_kind)k),
               rows, dmb / 10, dmb % 10, cs / 100, cs % 100);
        if (ns[k] > 0 && rows >= 100000)
            printf(" %12llu 行/秒", (unsigned long long)(rows * 1000000000ULL / ns[k]));
        putchar('\n');
    }
    printf("%u 个项目，%u 个预埋违规（见 %s/manifest.csv），基准日期 %s\n", gen_project_count(g),
           gen_plant_count(g), a->out_dir, date_format(a->opts.as_of, day));
    if (a->opts.defaults_pct > 0)
        printf("预埋未来违约及干扰项目见 %s/defaults.csv\n", a->out_dir);
}

static int
run_gen(struct cli_ctx *ctx, int argc, char **argv)
{
    struct gen_stats st[GEN_NKINDS];
    uint64_t ns[GEN_NKINDS];
    struct gen_args a = { 0 };
    struct gen *g = NULL;
    enum gen_kind kind = GEN_MANIFEST;
    struct zq_err err;
    int rc;

    (void)ctx;
    zq_err_clear(&err);
    if (cli_wants_help(argc, argv))
        return cli_help(&cmd_gen);
    rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc;
    if (a.kind != NULL && strcmp(a.kind, "defaults") == 0) {
        if (gen_new(&a.opts, &g, &err) < 0)
            return cli_fail(&err);
        rc = gen_write_defaults(g, stdout, NULL, &err);
        gen_free(g);
        return rc < 0 ? cli_fail(&err) : CLI_OK;
    }
    if (a.kind != NULL && gen_kind_parse(a.kind, &kind, &err) < 0)
        return cli_usage(&cmd_gen, "%s", err.msg);
    if (gen_new(&a.opts, &g, &err) < 0)
        return cli_fail(&err);
    if (a.kind != NULL)
        rc = gen_write(g, kind, stdout, NULL, &err);
    else
        rc = gen_write_dir(g, a.out_dir, st, ns, &err);
    if (rc == 0 && a.kind == NULL)
        print_summary(g, &a, st, ns);
    gen_free(g);
    return rc < 0 ? cli_fail(&err) : CLI_OK;
}

const struct cli_command cmd_gen = {
    .name = "gen",
    .summary = "生成带预埋违规的模拟数据（测试与性能基准用）",
    .usage = "用法: zhiqian gen --scale county|city|province [--seed N] [--as-of YYYY-MM-DD]\n"
             "                  [--violations PERCENT] [--defaults PERCENT] [--projects N]\n"
             "                  (--out DIR | --kind KIND)\n"
             "\n"
             "按 SPEC §4 的交换格式生成模拟数据：企业、项目、分包、专户、保证金、实名登记、考勤、\n"
             "工资、专户流水、代发明细、工程款、线索、案件、失信名单，并在部分项目中预埋违规，\n"
             "清单写入 manifest.csv（rule,subject_type,subject_code,month），对基准日期有效。\n"
             "同样的种子和基准日期总是生成逐字节相同的数据。详见 docs/gen.md。\n"
             "\n"
             "  --scale S         county（慈溪市及周边，200 个项目）、city（宁波市，5,000 个）、\n"
             "                    province（浙江省，50,000 个）\n"
             "  --seed N          随机种子（默认 1）\n"
             "  --as-of DATE      基准日期，即扫描日期（默认 2026-11-23）；数据覆盖其前 12 个\n"
             "                    整月和当月 1 日至基准日期前一日\n"
             "  --violations P    预埋违规的项目比例，百分数（默认 5；至少每条规则一个，0 为无）\n"
             "  --defaults P      另选约 P% 的项目预埋“未来违约”（人工费拨付下降、发放滞后，\n"
             "                    随后一个月欠薪），并选同样多的干扰项目；清单写入 defaults.csv\n"
             "                    （默认 0，此时其余文件不变；用于检验违约风险评分）\n"
             "  --projects N      改变项目数（测试用）\n"
             "  --out DIR         写出 DIR/<类型>.csv 和 DIR/manifest.csv\n"
             "  --kind KIND       只把一种数据写到标准输出（可接 zhiqian import KIND -）\n"
             "\n"
             "示例:\n"
             "  zhiqian gen --scale county --out /tmp/cixi\n"
             "  zhiqian gen --scale city --kind attendance | zhiqian import attendance -\n",
    .run = run_gen,
};
