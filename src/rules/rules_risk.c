/*
 * rules_risk.c - the default risk of a project (risk.h): four leading
 * indicators read from the month digests, each scored linearly between two
 * configured thresholds and explained in Chinese with its figures.
 *
 * The indicators are what precedes arrears on a site: the builder's 人工费
 * no longer covers the payroll, the wages arrive later every month, and
 * unpaid wages pile up.  Everything is integer arithmetic; the result owns
 * no memory.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "rules/risk.h"

static const char *const factor_codes[RISK_NFACTORS] = { "coverage", "lag", "lag_rise", "unpaid" };
static const char *const factor_names[RISK_NFACTORS] = { "人工费拨付覆盖率", "工资发放滞后",
                                                         "发放滞后上升", "未付工资余额连增" };

const char *
risk_factor_code(enum risk_factor_id id)
{
    return (int)id >= 0 && id < RISK_NFACTORS ? factor_codes[id] : "?";
}

const char *
risk_factor_name(enum risk_factor_id id)
{
    return (int)id >= 0 && id < RISK_NFACTORS ? factor_names[id] : "?";
}

enum risk_band
risk_band_of(const struct rule_cfg *c, int score)
{
    return score >= c->risk_high ? RISK_HIGH : score >= c->risk_mid ? RISK_MID : RISK_LOW;
}

const char *
risk_band_zh(enum risk_band b)
{
    return b == RISK_HIGH ? "高" : b == RISK_MID ? "中" : "低";
}

int
risk_band_parse(const char *s)
{
    if (strcmp(s, "高") == 0 || strcmp(s, "high") == 0)
        return RISK_HIGH;
    if (strcmp(s, "中") == 0 || strcmp(s, "mid") == 0)
        return RISK_MID;
    if (strcmp(s, "低") == 0 || strcmp(s, "low") == 0)
        return RISK_LOW;
    return -1;
}

static void ZQ_PRINTF(2, 3) detail(struct risk_factor *f, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(f->detail, sizeof f->detail, fmt, ap);
    va_end(ap);
}

/* Points rising linearly from 0 at `ok` to w at `bad` (ok < bad), floor. */
static int
linear_up(int64_t v, int64_t ok, int64_t bad, int w)
{
    if (v <= ok)
        return 0;
    if (v >= bad)
        return w;
    return (int)((v - ok) * w / (bad - ok));
}

/* "4.2" from tenths */
static const char *
tenths(int64_t v, char out[24])
{
    snprintf(out, 24, "%s%lld.%lld", v < 0 ? "-" : "", (long long)(v < 0 ? -v : v) / 10,
             (long long)(v < 0 ? -v : v) % 10);
    return out;
}

/* Sums of a run of months [from, to] of the digest. */
struct span {
    int64_t rg, due, lag, lines, unpaid;
};

static void
sum_span(const struct rf_project *r, zq_month from, zq_month to, struct span *s)
{
    memset(s, 0, sizeof(*s));
    for (size_t i = 0; i < r->nm; i++) {
        const struct rf_month *m = &r->m[i];
        if (m->month < from || m->month > to)
            continue;
        s->rg += m->rg_fen;
        s->due += m->due_fen;
        s->lag += m->lag_days;
        s->lines += m->lag_lines;
    }
}

static void
f_coverage(const struct rule_env *env, const struct span *w, struct risk_factor *f)
{
    const struct rule_cfg *c = env->cfg;
    char rg[MONEY_GROUPED_LEN], due[MONEY_GROUPED_LEN];
    int64_t cov;

    f->weight = c->risk_w_coverage;
    if (w->due <= 0) {
        detail(f, "近%d个月没有工资表，无法计算", c->risk_months);
        return;
    }
    f->applies = true;
    cov = w->rg * 1000 / w->due;
    f->value = cov;
    /* fewer points the better the coverage: measure the shortfall */
    f->points = linear_up(-cov, -(int64_t)c->risk_cov_ok_pct * 10,
                          -(int64_t)c->risk_cov_bad_pct * 10, f->weight);
    detail(f, "近%d个月 %lld%%（人工费拨付 %s 元，应发工资 %s 元）", c->risk_months,
           (long long)(cov / 10), money_format_grouped(w->rg, rg),
           money_format_grouped(w->due, due));
}

static void
f_lag(const struct rule_env *env, const struct span *w, struct risk_factor *f)
{
    const struct rule_cfg *c = env->cfg;
    char t[24];

    f->weight = c->risk_w_lag;
    if (w->lines <= 0) {
        detail(f, "近%d个月没有已发放的工资", c->risk_months);
        return;
    }
    f->applies = true;
    f->value = w->lag * 10 / w->lines;
    f->points = linear_up(f->value, (int64_t)c->risk_lag_ok_days * 10,
                          (int64_t)c->risk_lag_bad_days * 10, f->weight);
    detail(f, "近%d个月平均在月末后 %s 天发放（%lld 行）", c->risk_months, tenths(f->value, t),
           (long long)w->lines);
}

/* The latest month of [from, to] with paid lines, or NULL. */
static const struct rf_month *
latest_paid(const struct rf_project *r, zq_month from, zq_month to)
{
    for (size_t i = r->nm; i-- > 0;)
        if (r->m[i].month >= from && r->m[i].month <= to && r->m[i].lag_lines > 0)
            return &r->m[i];
    return NULL;
}

static void
f_lag_rise(const struct rule_env *env, const struct rf_project *r, zq_month w0, zq_month w1,
           struct risk_factor *f)
{
    const struct rule_cfg *c = env->cfg;
    const struct rf_month *last = latest_paid(r, w0, w1);
    struct span base;
    char t1[24], t2[24], t3[24], mz[16];
    int64_t now10, base10;

    f->weight = c->risk_w_lag_rise;
    sum_span(r, w0 - c->risk_months, w0 - 1, &base);
    if (last == NULL || base.lines <= 0) {
        detail(f, "没有可比较的此前%d个月发放记录", c->risk_months);
        return;
    }
    f->applies = true;
    now10 = last->lag_days * 10 / last->lag_lines;
    base10 = base.lag * 10 / base.lines;
    f->value = now10 - base10;
    f->points = linear_up(f->value, 0, (int64_t)c->risk_lag_rise_days * 10, f->weight);
    detail(f, "%s工资在月末后 %s 天发放，此前%d个月平均 %s 天，%s %s 天",
           rule_month_zh(last->month, mz), tenths(now10, t1), c->risk_months, tenths(base10, t2),
           f->value >= 0 ? "上升" : "缩短", tenths(f->value >= 0 ? f->value : -f->value, t3));
}

static void
f_unpaid(const struct rule_env *env, const struct rf_project *r, zq_month w1, struct risk_factor *f)
{
    const struct rule_cfg *c = env->cfg;
    char sum[MONEY_GROUPED_LEN], mz[16];
    int64_t total = 0;
    int run = 0, due = 0;
    zq_month first = SF_NO_MONTH;

    f->weight = c->risk_w_unpaid;
    /* the latest risk_months months already due, newest first */
    for (size_t i = r->nm; i-- > 0 && due < c->risk_months;) {
        const struct rf_month *m = &r->m[i];
        if (m->month > w1 || m->due_on >= env->as_of || m->pay_lines == 0)
            continue;
        due++;
        if (m->unpaid_fen <= 0 || run < due - 1)
            continue;
        run++;
        total += m->unpaid_fen;
        first = m->month;
    }
    if (due == 0) {
        detail(f, "没有已到支付期限的工资月份");
        return;
    }
    f->applies = true;
    f->value = run;
    f->points = (int)((int64_t)f->weight * run / c->risk_months);
    if (run == 0)
        detail(f, "最近已到期的月份工资均已足额发放");
    else
        detail(f, "自%s起连续 %d 个已到期月份有未付工资，共 %s 元", rule_month_zh(first, mz), run,
               money_format_grouped(total, sum));
}

void
rule_risk(const struct rule_env *env, const struct rf_project *r, struct risk_result *out)
{
    const struct sf_project *p = r->p;
    zq_month w1 = date_month(env->as_of) - 1, w0 = w1 - (env->cfg->risk_months - 1);
    struct span w;
    int sum = 0;

    memset(out, 0, sizeof(*out));
    for (int i = 0; i < RISK_NFACTORS; i++)
        out->f[i].id = (enum risk_factor_id)i;
    out->band = RISK_LOW;
    if (p == NULL || p->status != SF_ACTIVE || p->start == SF_NO_DATE || p->start > env->as_of)
        return;
    out->judged = true;
    sum_span(r, w0, w1, &w);
    f_coverage(env, &w, &out->f[RISK_COVERAGE]);
    f_lag(env, &w, &out->f[RISK_LAG]);
    f_lag_rise(env, r, w0, w1, &out->f[RISK_LAG_RISE]);
    f_unpaid(env, r, w1, &out->f[RISK_UNPAID]);
    for (int i = 0; i < RISK_NFACTORS; i++)
        sum += out->f[i].points;
    out->score = sum > 100 ? 100 : sum;
    out->band = risk_band_of(env->cfg, out->score);
}

/* ------------------------------------------------------------ output */

static size_t
put(char *out, size_t cap, size_t len, const char *s)
{
    size_t n = strlen(s);

    if (len < cap) {
        size_t k = len + n < cap ? n : cap - len - 1;
        memcpy(out + len, s, k);
        out[len + k] = '\0';
    }
    return len + n;
}

/* A JSON string of text without control characters (the details are ours). */
static size_t
put_json_str(char *out, size_t cap, size_t len, const char *s)
{
    char one[2] = { 0, 0 };

    len = put(out, cap, len, "\"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            len = put(out, cap, len, "\\");
        one[0] = (unsigned char)*s < 0x20 ? ' ' : *s;
        len = put(out, cap, len, one);
    }
    return put(out, cap, len, "\"");
}

int
risk_factors_json(const struct risk_result *r, char *out, size_t cap)
{
    size_t len = 0;
    char num[160];

    if (cap == 0)
        return ZQ_ETOOBIG;
    out[0] = '\0';
    len = put(out, cap, len, "[");
    for (int i = 0; i < RISK_NFACTORS && r->judged; i++) {
        const struct risk_factor *f = &r->f[i];
        len = put(out, cap, len, i ? ",{\"code\":" : "{\"code\":");
        len = put_json_str(out, cap, len, factor_codes[i]);
        len = put(out, cap, len, ",\"name\":");
        len = put_json_str(out, cap, len, factor_names[i]);
        snprintf(num, sizeof num, ",\"applies\":%s,\"points\":%d,\"weight\":%d,\"value\":%lld,",
                 f->applies ? "true" : "false", f->points, f->weight, (long long)f->value);
        len = put(out, cap, len, num);
        len = put(out, cap, len, "\"detail\":");
        len = put_json_str(out, cap, len, f->detail);
        len = put(out, cap, len, "}");
    }
    len = put(out, cap, len, "]");
    return len < cap ? 0 : ZQ_ETOOBIG;
}

void
risk_factor_line(const struct risk_factor *f, char *out, size_t cap)
{
    snprintf(out, cap, "%s %d/%d：%s", risk_factor_name(f->id), f->points, f->weight, f->detail);
}
