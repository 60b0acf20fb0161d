/*
 * rules_table.c - the rule table (code, Chinese name, level logic, legal
 * basis), thresholds from configuration with the SPEC §5/§6 defaults, and
 * the small helpers every rule family uses to build a hit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "core/str.h"
#include "rules/rules.h"

/* The legal sources, abbreviated as in SPEC §1. */
#define TIAOLI "《保障农民工工资支付条例》"
#define BZJ    "《工程建设领域农民工工资保证金规定》"
#define ZHB    "《工程建设领域农民工工资专用账户管理暂行办法》"
#define SXB    "《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》"
#define JCTL   "《劳动保障监察条例》"
#define RGGD   "劳社部令第25号《关于实施〈劳动保障监察条例〉若干规定》"

const struct rule_def rule_defs[RULE_COUNT] = {
    [0] = { .code = "" },
    [W01] = { W01, "W01", "未开设工资专户",
              "橙：在建项目自合同签订（无则开工）之日起超过 30 日仍未开设工资专户",
              TIAOLI "第二十六条；" ZHB, PASS_PROJECT, false },
    [W02] = { W02, "W02", "人工费未按月拨付",
              "橙：某个完整月份没有人工费拨付入账；连续 2 个月及以上为红",
              TIAOLI "第二十四条、第二十九条", PASS_PROJECT, true },
    [W03] = { W03, "W03", "未按时足额支付工资",
              "橙：已过支付期限仍有工资未足额发放；该月欠薪 10 人及以上或 10 万元及以上为红；"
              "仅逾期发放（已足额）为黄",
              TIAOLI "第十二条至第十五条", PASS_PROJECT, true },
    [W04] = { W04, "W04", "有考勤无工资",
              "橙：已过支付期限，有考勤的工人没有该月工资记录；超过当月出勤人数 10% 为红",
              TIAOLI "第十五条、第三十一条", PASS_PROJECT, true },
    [W05] = { W05, "W05", "考勤与工资不符", "黄：工资表出勤天数与考勤天数相差超过 2 天",
              TIAOLI "第二十八条、第三十一条", PASS_PROJECT, true },
    [W06] = { W06, "W06", "未通过专户代发", "黄：工资未通过工资专户代发（现金、其他账户等）",
              TIAOLI "第三十一条", PASS_PROJECT, true },
    [W07] = { W07, "W07", "未实名登记", "橙：有考勤或工资记录的工人未在该项目实名登记",
              TIAOLI "第二十八条", PASS_PROJECT, true },
    [W08] = { W08, "W08", "未签劳动合同", "黄：未签订劳动合同的工人超过已登记工人的 10%",
              TIAOLI "第二十八条", PASS_PROJECT, false },
    [W09] = { W09, "W09", "工资保证金未足额存储", "橙：有效保证金低于应存金额",
              BZJ "第十一条、第十二条", PASS_PROJECT, false },
    [W10] = { W10, "W10", "保函即将到期", "黄：保函在 30 日内到期", BZJ "第十七条", PASS_PROJECT,
              false },
    [W11] = { W11, "W11", "重复投诉",
              "橙：30 日内同一项目（或被反映单位）收到 3 件及以上线索；5 件及以上为红",
              "重复反映（冬季专项行动部署）", PASS_GLOBAL, false },
    [W12] = { W12, "W12", "涉及人数多/金额大",
              "橙：未办结的线索或案件涉及 10 人及以上或 30 万元及以上；30 人或 100 万元及以上为红",
              "人数较多、金额较大（冬季专项行动部署）", PASS_GLOBAL, false },
    [W13] = { W13, "W13", "陈年积欠", "橙：未结案件的欠薪起始月份早于 12 个月以前",
              "陈年积欠（冬季专项行动部署）", PASS_GLOBAL, false },
    [W14] = { W14, "W14", "政府投资/国企项目欠薪",
              "红：政府投资或国有企业投资项目出现 W03/W04 或有未结的查实案件",
              "“两清零”；" TIAOLI "第二十三条", PASS_PROJECT, true },
    [W15] = { W15, "W15", "失信主体参建",
              "橙：失信联合惩戒名单上的单位为在建项目的建设单位、施工总承包或分包单位", SXB,
              PASS_PROJECT, false },
    [W16] = { W16, "W16", "专户余额不足", "橙：工资专户余额低于已到期未发放的工资总额",
              TIAOLI "第二十七条", PASS_PROJECT, false },
    [W17] = { W17, "W17", "线索/案件超期",
              "橙：线索受理、办结，案件限时办结，整改或处置期限已过而未办理；逾期超过 5 "
              "个工作日为红",
              RGGD "第十八条；" JCTL "第十七条", PASS_GLOBAL, false },
    [W18] = { W18, "W18", "未设维权告示牌/劳资专管员", "黄：在建项目未设维权信息告示牌或劳资专管员",
              TIAOLI "第二十八条、第三十四条", PASS_PROJECT, false },
    [W19] = { W19, "W19", "人均工资异常",
              "黄：某月人均应发工资低于当地月最低工资标准，或单人月应发超过 5 万元", "行业惯例",
              PASS_PROJECT, true },
    [W20] = { W20, "W20", "节前未清零",
              "调整：除夕前 30 日起，W03、W04、W12、W13 的等级提高一级（黄→橙→红）",
              "春节前欠薪清零（冬季专项行动部署）", PASS_MODIFIER, false },
    [W21] = { W21, "W21", "保证金动用后未补足", "橙：保证金动用后 10 个工作日内未补足",
              BZJ "第十九条", PASS_PROJECT, false },
    [W22] = { W22, "W22", "退场未结清",
              "橙：工人退场超过 3 个工作日，退场当月及以前仍有未发工资或有考勤无工资；10 "
              "人及以上为红",
              "《工资支付暂行规定》第九条；“离场未确认结清”", PASS_PROJECT, false },
    [W23] = { W23, "W23", "代发未到卡",
              "橙：标为专户代发且已发放的工资，银行代发明细中没有对应的成功到账记录；超过当月工资行"
              " "
              "10% 为红",
              TIAOLI "第三十一条（“实卡”）", PASS_PROJECT, true },
};

const struct rule_def *
rule_by_code(const char *code)
{
    for (int i = 1; i < RULE_COUNT; i++)
        if (strcmp(rule_defs[i].code, code) == 0)
            return &rule_defs[i];
    return NULL;
}

const char *
rule_level_name(enum rule_level l)
{
    return l == LEVEL_RED      ? "red"
           : l == LEVEL_ORANGE ? "orange"
           : l == LEVEL_YELLOW ? "yellow"
                               : "";
}

const char *
rule_level_zh(enum rule_level l)
{
    return l == LEVEL_RED ? "红" : l == LEVEL_ORANGE ? "橙" : l == LEVEL_YELLOW ? "黄" : "";
}

int
rule_level_parse(const char *s)
{
    for (int l = LEVEL_YELLOW; l <= LEVEL_RED; l++)
        if (strcmp(s, rule_level_name((enum rule_level)l)) == 0)
            return l;
    return -1;
}

static const char *const subject_names[] = { "project", "enterprise", "clue", "case", "region" };

const char *
rule_subject_name(enum rule_subject s)
{
    return (unsigned)s < 5 ? subject_names[s] : "";
}

int
rule_subject_parse(const char *s)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(s, subject_names[i]) == 0)
            return i;
    return -1;
}

/* ------------------------------------------------------------ configuration */

void
rule_cfg_default(struct rule_cfg *c)
{
    memset(c, 0, sizeof(*c));
    c->due_months = 1;
    c->due_day = 0;
    c->w01_days = 30;
    c->w02_lookback = 0;
    c->w03_red_workers = 10;
    c->w03_red_fen = 10000000;
    c->w04_red_pct = 10;
    c->w05_days = 2;
    c->w08_pct = 10;
    c->w10_days = 30;
    c->w11_days = 30;
    c->w11_min = 3;
    c->w11_red = 5;
    c->w12_people = 10;
    c->w12_fen = 30000000;
    c->w12_red_people = 30;
    c->w12_red_fen = 100000000;
    c->w13_months = 12;
    c->w17_red_workdays = 5;
    c->w19_min_wage_fen = 249000;
    c->w19_min_wage_regions = "";
    c->w19_max_worker_fen = 5000000;
    c->w20_days = 30;
    c->w21_workdays = 10;
    c->w22_workdays = 3;
    c->w22_red_workers = 10;
    c->w23_days = 10;
    c->w23_tolerance_fen = 100;
    c->w23_red_pct = 10;
    c->dep_ratio_bp = 200;
    c->dep_multi_ratio_bp = 200;
    c->dep_city_area = false;
    c->dep_cap_fen = 500000000;
    c->dep_clean2_pct = 50;
    c->dep_arrears_pct = 150;
    c->dep_black_pct = 200;
    c->dep_small_exempt = false;
    c->dep_small_fen = 300000000;
    c->ledger_high = 10;
    c->ledger_mid = 4;
    c->risk_months = 3;
    c->risk_cov_ok_pct = 90;
    c->risk_cov_bad_pct = 40;
    c->risk_lag_ok_days = 20;
    c->risk_lag_bad_days = 30;
    c->risk_lag_rise_days = 7;
    c->risk_w_coverage = 35;
    c->risk_w_lag = 25;
    c->risk_w_lag_rise = 15;
    c->risk_w_unpaid = 25;
    c->risk_high = 50;
    c->risk_mid = 25;
}

enum opt_kind { OPT_INT, OPT_YUAN, OPT_PCT2, OPT_BOOL };

struct opt {
    const char *key;
    int64_t lo, hi; /* allowed range, in the stored unit */
    size_t off;     /* offsetof in struct rule_cfg */
    enum opt_kind kind;
    bool wide; /* int64_t field (else int) */
};

/* clang-format off */
#define OI(k, f, lo, hi) { k, lo, hi, offsetof(struct rule_cfg, f), OPT_INT, false }
#define OL(k, f, lo, hi) { k, lo, hi, offsetof(struct rule_cfg, f), OPT_INT, true }
#define OY(k, f, lo, hi) { k, lo, hi, offsetof(struct rule_cfg, f), OPT_YUAN, true }
#define OP(k, f, lo, hi) { k, lo, hi, offsetof(struct rule_cfg, f), OPT_PCT2, false }
#define OB(k, f)         { k, 0, 1, offsetof(struct rule_cfg, f), OPT_BOOL, false }
/* clang-format on */
#define YUAN(y) ((int64_t)(y)*100)

static const struct opt opts[] = {
    OI("rules.due_months", due_months, 0, 12),
    OI("rules.due_day", due_day, 0, 31),
    OI("rules.w01_days", w01_days, 0, 3650),
    OL("rules.w02_lookback_months", w02_lookback, 0, 1200),
    OI("rules.w03_red_workers", w03_red_workers, 1, 1000000),
    OY("rules.w03_red_yuan", w03_red_fen, 0, YUAN(1000000000)),
    OI("rules.w04_red_pct", w04_red_pct, 0, 100),
    OI("rules.w05_days", w05_days, 0, 31),
    OI("rules.w08_pct", w08_pct, 0, 100),
    OI("rules.w10_days", w10_days, 0, 3650),
    OI("rules.w11_days", w11_days, 1, 3650),
    OI("rules.w11_min_clues", w11_min, 1, 1000000),
    OI("rules.w11_red_clues", w11_red, 1, 1000000),
    OL("rules.w12_people", w12_people, 1, 1000000),
    OY("rules.w12_yuan", w12_fen, 0, YUAN(1000000000)),
    OL("rules.w12_red_people", w12_red_people, 1, 1000000),
    OY("rules.w12_red_yuan", w12_red_fen, 0, YUAN(1000000000)),
    OI("rules.w13_months", w13_months, 0, 1200),
    OI("rules.w17_red_workdays", w17_red_workdays, 0, 3650),
    OY("rules.min_wage_yuan", w19_min_wage_fen, 0, YUAN(1000000)),
    OY("rules.w19_max_worker_yuan", w19_max_worker_fen, 0, YUAN(1000000000)),
    OI("rules.w20_days", w20_days, 0, 365),
    OI("rules.w21_workdays", w21_workdays, 0, 3650),
    OI("rules.w22_workdays", w22_workdays, 0, 3650),
    OI("rules.w22_red_workers", w22_red_workers, 1, 1000000),
    OI("rules.w23_days", w23_days, 0, 3650),
    OY("rules.w23_tolerance_yuan", w23_tolerance_fen, 0, YUAN(1000000)),
    OI("rules.w23_red_pct", w23_red_pct, 0, 100),
    OP("deposit.ratio", dep_ratio_bp, 100, 300),
    OP("deposit.multi_ratio", dep_multi_ratio_bp, 50, 300),
    OY("deposit.cap_yuan", dep_cap_fen, 0, YUAN(1000000000)),
    OI("deposit.clean_factor_pct", dep_clean2_pct, 0, 100),
    OI("deposit.arrears_factor_pct", dep_arrears_pct, 100, 1000),
    OI("deposit.blacklist_factor_pct", dep_black_pct, 100, 1000),
    OB("deposit.small_exempt", dep_small_exempt),
    OY("deposit.small_contract_yuan", dep_small_fen, 0, YUAN(1000000000)),
    OI("ledger.high_score", ledger_high, 1, 1000000),
    OI("ledger.mid_score", ledger_mid, 1, 1000000),
    OI("rules.risk_months", risk_months, 1, 12),
    OI("rules.risk_coverage_ok_pct", risk_cov_ok_pct, 1, 1000),
    OI("rules.risk_coverage_bad_pct", risk_cov_bad_pct, 0, 999),
    OI("rules.risk_lag_ok_days", risk_lag_ok_days, 0, 365),
    OI("rules.risk_lag_bad_days", risk_lag_bad_days, 1, 366),
    OI("rules.risk_lag_rise_days", risk_lag_rise_days, 1, 365),
    OI("rules.risk_weight_coverage", risk_w_coverage, 0, 100),
    OI("rules.risk_weight_lag", risk_w_lag, 0, 100),
    OI("rules.risk_weight_lag_rise", risk_w_lag_rise, 0, 100),
    OI("rules.risk_weight_unpaid", risk_w_unpaid, 0, 100),
    OI("rules.risk_high_score", risk_high, 1, 100),
    OI("rules.risk_mid_score", risk_mid, 1, 100),
};

static int
parse_opt(const struct opt *o, const char *v, struct rule_cfg *c, struct zq_err *err)
{
    struct str s = str_trim(str_from(v));
    int64_t x = 0;

    switch (o->kind) {
    case OPT_INT:
        if (str_to_i64(s, &x) < 0)
            return zq_err_set(err, ZQ_EINVAL, "配置项 %s 的值“%s”不是整数", o->key, v);
        break;
    case OPT_YUAN:
    case OPT_PCT2: /* hundredths: yuan to fen, percent to basis points */
        if (money_parse(s, &x, NULL) < 0)
            return zq_err_set(err, ZQ_EINVAL, "配置项 %s 的值“%s”不是数（最多两位小数）", o->key,
                              v);
        break;
    case OPT_BOOL:
        if (str_eq_cstr(s, "1") || str_eq_cstr(s, "true") || str_eq_cstr(s, "yes") ||
            str_eq_cstr(s, "是"))
            x = 1;
        else if (str_eq_cstr(s, "0") || str_eq_cstr(s, "false") || str_eq_cstr(s, "no") ||
                 str_eq_cstr(s, "否"))
            x = 0;
        else
            return zq_err_set(err, ZQ_EINVAL, "配置项 %s 的值“%s”应为 true 或 false", o->key, v);
        *(bool *)((char *)c + o->off) = x != 0;
        return 0;
    }
    if (x < o->lo || x > o->hi)
        return zq_err_set(err, ZQ_EINVAL, "配置项 %s 的值“%s”超出允许范围", o->key, v);
    if (o->wide)
        *(int64_t *)((char *)c + o->off) = x;
    else
        *(int *)((char *)c + o->off) = (int)x;
    return 0;
}

static int
parse_chuxi(struct rule_cfg *c, const char *v, struct zq_err *err)
{
    struct str rest = str_from(v), item;

    c->nchuxi = 0;
    while (rest.p != NULL && rest.len > 0) {
        zq_date d;
        str_split(rest, ',', &item, &rest);
        item = str_trim(item);
        if (item.len == 0)
            continue;
        if (date_parse(item, &d, NULL) < 0 ||
            c->nchuxi >= (int)(sizeof c->chuxi / sizeof c->chuxi[0]))
            return zq_err_set(err, ZQ_EINVAL,
                              "配置项 rules.chuxi 的值“%s”应为逗号分隔的日期（最多 32 个）", v);
        c->chuxi[c->nchuxi++] = d;
    }
    return 0;
}

int
rule_cfg_load(struct rule_cfg *c, const struct config *cfg, struct zq_err *err)
{
    const char *v;
    int rc;

    rule_cfg_default(c);
    for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
        v = config_get(cfg, opts[i].key);
        if (v == NULL)
            return zq_err_set(err, ZQ_EINTERNAL, "缺少配置项 %s 的定义", opts[i].key);
        if ((rc = parse_opt(&opts[i], v, c, err)) < 0)
            return rc;
    }
    v = config_get(cfg, "deposit.area");
    if (v == NULL || (strcmp(v, "province") != 0 && strcmp(v, "city") != 0))
        return zq_err_set(err, ZQ_EINVAL, "配置项 deposit.area 的值应为 province 或 city");
    c->dep_city_area = strcmp(v, "city") == 0;
    v = config_get(cfg, "rules.min_wage_regions");
    c->w19_min_wage_regions = v ? v : "";
    v = config_get(cfg, "rules.chuxi");
    if (v != NULL && (rc = parse_chuxi(c, v, err)) < 0)
        return rc;
    if (c->risk_cov_bad_pct >= c->risk_cov_ok_pct || c->risk_lag_ok_days >= c->risk_lag_bad_days ||
        c->risk_mid > c->risk_high)
        return zq_err_set(err, ZQ_EINVAL,
                          "配置项 rules.risk_coverage_bad_pct 应小于 risk_coverage_ok_pct，"
                          "risk_lag_ok_days 应小于 risk_lag_bad_days，"
                          "risk_mid_score 应不大于 risk_high_score");
    if (c->w11_red < c->w11_min || c->ledger_mid > c->ledger_high)
        return zq_err_set(err, ZQ_EINVAL,
                          "配置项 rules.w11_red_clues 应不小于 w11_min_clues，"
                          "ledger.mid_score 应不大于 high_score");
    return 0;
}

zq_date
rule_due_date(const struct rule_cfg *c, const struct calendar *cal, zq_month m)
{
    zq_month dm = m + c->due_months;
    int y = month_year(dm), mo = month_num(dm), last = date_days_in_month(y, mo);
    int day = c->due_day == 0 || c->due_day > last ? last : c->due_day;

    return calendar_last_workday_on_or_before(cal, date_from_ymd(y, mo, day), NULL);
}

/* ------------------------------------------------------------ W20 */

/* 除夕 (the eve of the lunar new year) of 2020-2040; later years come from
 * the statutory holidays of the calendar, whose 春节 block starts on 除夕.
 * Official arrangements cannot be used: their block often starts a day
 * earlier (2026: 02-15, 除夕 02-16). */
static const char *const chuxi_table[] = {
    "2020-01-24", "2021-02-11", "2022-01-31", "2023-01-21", "2024-02-09", "2025-01-28",
    "2026-02-16", "2027-02-05", "2028-01-25", "2029-02-12", "2030-02-02", "2031-01-22",
    "2032-02-10", "2033-01-30", "2034-02-18", "2035-02-07", "2036-01-27", "2037-02-14",
    "2038-02-03", "2039-01-23", "2040-02-11",
};

zq_date
rule_chuxi_builtin(size_t i)
{
    zq_date d;

    if (i >= sizeof(chuxi_table) / sizeof(chuxi_table[0]) ||
        date_parse(str_from(chuxi_table[i]), &d, NULL) < 0)
        return SF_NO_DATE;
    return d;
}

static zq_date
next_chuxi(const struct rule_env *env)
{
    const struct calendar *cal = env->cal;
    zq_date best = SF_NO_DATE, prev = SF_NO_DATE, d;

    for (int i = 0; i < env->cfg->nchuxi; i++)
        if (env->cfg->chuxi[i] >= env->as_of && (best == SF_NO_DATE || env->cfg->chuxi[i] < best))
            best = env->cfg->chuxi[i];
    if (env->cfg->nchuxi > 0)
        return best;
    for (size_t i = 0; (d = rule_chuxi_builtin(i)) != SF_NO_DATE; i++)
        if (d >= env->as_of)
            return d;
    for (size_t i = 0; cal != NULL && i < calendar_entry_count(cal); i++) {
        const struct calendar_entry *e = calendar_entry_at(cal, i);
        if (e->source != CALENDAR_STATUTORY || strcmp(e->name, "春节") != 0)
            continue;
        if ((prev == SF_NO_DATE || e->date != prev + 1) && e->date >= env->as_of)
            return e->date;
        prev = e->date;
    }
    return SF_NO_DATE;
}

void
rule_env_festival(struct rule_env *env)
{
    env->chuxi = next_chuxi(env);
    env->festival = env->chuxi != SF_NO_DATE && env->as_of >= env->chuxi - env->cfg->w20_days;
}

enum rule_level
rule_raise(const struct rule_env *env, enum rule_id id, enum rule_level base)
{
    if (!env->festival || (id != W03 && id != W04 && id != W12 && id != W13))
        return base;
    return base >= LEVEL_RED ? LEVEL_RED : (enum rule_level)(base + 1);
}

/* ------------------------------------------------------------ hits */

/* Append to a fixed buffer, cutting at a UTF-8 character boundary. */
static void
append(char *buf, size_t cap, const char *fmt, va_list ap)
{
    size_t len = strlen(buf);
    int n;

    if (len + 1 >= cap)
        return;
    n = vsnprintf(buf + len, cap - len, fmt, ap);
    if (n >= 0 && (size_t)n >= cap - len) {
        size_t end = cap - 1;
        while (end > len && ((unsigned char)buf[end] & 0xC0) == 0x80)
            end--;
        buf[end] = '\0';
    }
}

void
rule_msg(struct rule_hit *h, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    append(h->message, sizeof h->message, fmt, ap);
    va_end(ap);
}

void
rule_evid(struct rule_hit *h, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    append(h->evidence, sizeof h->evidence, fmt, ap);
    va_end(ap);
}

void
rule_hit_init(struct rule_hit *h, const struct rule_env *env, enum rule_id id, enum rule_level base,
              enum rule_subject subj, const char *code, zq_month month)
{
    memset(h, 0, sizeof(*h));
    h->rule = id;
    h->base_level = base;
    h->level = rule_raise(env, id, base);
    h->subject = subj;
    snprintf(h->code, sizeof h->code, "%s", code);
    if (month != SF_NO_MONTH)
        month_format(month, h->month);
    h->province = h->region = "";
    h->dept = "hrss";
}

const char *
rule_industry_dept(const char *industry)
{
    static const char *const map[][2] = {
        { "住建", "housing" },
        { "交通", "transport" },
        { "水利", "water" },
        { "农业农村", "agri" },
    };

    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(industry, map[i][0]) == 0)
            return map[i][1];
    return "hrss";
}

void
rule_hit_project(struct rule_hit *h, const struct sf_project *p)
{
    h->project_id = p->id;
    h->province = p->province;
    h->region = p->region;
    h->dept = rule_industry_dept(p->industry);
}

char *
rule_month_zh(zq_month m, char out[16])
{
    snprintf(out, 16, "%04d年%02d月", month_year(m), month_num(m));
    return out;
}

int64_t
rule_score(int64_t red, int64_t orange, int64_t yellow)
{
    return 10 * red + 4 * orange + yellow;
}

const char *
rule_class(const struct rule_cfg *c, int64_t score)
{
    if (score >= c->ledger_high)
        return "高";
    if (score >= c->ledger_mid)
        return "中";
    return score > 0 ? "低" : "";
}
