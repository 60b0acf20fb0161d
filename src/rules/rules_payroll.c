/*
 * rules_payroll.c - the wage rules over a project's month digests: W03
 * (unpaid or late wages), W04 (attendance without payroll), W05 (days that do
 * not match), W06 (not paid through the wage account), W07 (unregistered
 * workers), W14 (W03/W04 on a government or SOE project), W19 (implausible
 * wages), W22 (leavers not settled), W23 (paid lines the bank does not
 * confirm).  One hit per project and month, however many lines.
 */
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "rules/rules.h"

static void
emit(const struct rule_sink *out, const struct rule_hit *h)
{
    out->emit(out->ctx, h);
}

static void
start(struct rule_hit *h, const struct rule_env *env, enum rule_id id, enum rule_level l,
      const struct sf_project *p, zq_month m)
{
    rule_hit_init(h, env, id, l, SUBJ_PROJECT, p->code, m);
    rule_hit_project(h, p);
}

/* W03: 条例第十二条至第十五条 — wages of month M are paid in full by the due
 * date.  Unpaid lines (as of D) are orange, red at w03_red_workers workers or
 * w03_red_fen owed that month; lines paid in full but late are yellow. */
static bool
w03(const struct rule_env *env, const struct sf_project *p, const struct rf_month *x,
    const struct rule_sink *out)
{
    char mz[16], due[DATE_STR_LEN], last[DATE_STR_LEN], y[MONEY_GROUPED_LEN];
    struct rule_hit h;
    enum rule_level l;

    if (x->unpaid_lines > 0) {
        l = x->unpaid_workers >= env->cfg->w03_red_workers || x->unpaid_fen >= env->cfg->w03_red_fen
                ? LEVEL_RED
                : LEVEL_ORANGE;
        start(&h, env, W03, l, p, x->month);
        rule_msg(&h, "%s工资应于 %s 前发放，截至 %s 仍有 %d 人 %d 行未足额发放，欠发 %s 元（%s）",
                 rule_month_zh(x->month, mz), date_format(x->due_on, due),
                 date_format(env->as_of, last), x->unpaid_workers, x->unpaid_lines,
                 money_format_grouped(x->unpaid_fen, y), x->ex_unpaid);
        if (x->late_lines > 0)
            rule_msg(&h, "；另有 %d 行逾期发放", x->late_lines);
        rule_evid(&h, "{\"due_on\":\"%s\",\"workers\":%d,\"lines\":%d,\"unpaid_fen\":%lld}", due,
                  x->unpaid_workers, x->unpaid_lines, (long long)x->unpaid_fen);
    } else if (x->late_lines > 0) {
        start(&h, env, W03, LEVEL_YELLOW, p, x->month);
        rule_msg(&h, "%s工资应于 %s 前发放，%d 行逾期发放（最晚 %s）", rule_month_zh(x->month, mz),
                 date_format(x->due_on, due), x->late_lines, date_format(x->late_last, last));
        rule_evid(&h, "{\"due_on\":\"%s\",\"late_lines\":%d,\"last_paid_on\":\"%s\"}", due,
                  x->late_lines, last);
    } else {
        return false;
    }
    emit(out, &h);
    return true;
}

/* W04: 条例第十五条、第三十一条 — a worker who attended in M needs a payroll
 * line for M once M's wages are due; red when more than w04_red_pct of the
 * month's attendees have none. */
static bool
w04(const struct rule_env *env, const struct sf_project *p, const struct rf_month *x,
    const struct rule_sink *out)
{
    char mz[16], due[DATE_STR_LEN];
    struct rule_hit h;
    bool red;

    if (x->noline_workers == 0)
        return false;
    red = (int64_t)x->noline_workers * 100 > (int64_t)env->cfg->w04_red_pct * x->attendees;
    start(&h, env, W04, red ? LEVEL_RED : LEVEL_ORANGE, p, x->month);
    rule_msg(&h, "%s有考勤的 %d 人中 %d 人没有工资记录（支付期限 %s 已过）：%s",
             rule_month_zh(x->month, mz), x->attendees, x->noline_workers,
             date_format(x->due_on, due), x->ex_noline);
    rule_evid(&h, "{\"attendees\":%d,\"without_payroll\":%d}", x->attendees, x->noline_workers);
    emit(out, &h);
    return true;
}

static void
w05(const struct rule_env *env, const struct sf_project *p, const struct rf_month *x,
    const struct rule_sink *out)
{
    char mz[16];
    struct rule_hit h;

    if (x->mismatch_workers == 0)
        return;
    start(&h, env, W05, LEVEL_YELLOW, p, x->month);
    rule_msg(&h, "%s有 %d 人工资表出勤天数与考勤相差超过 %d 天（如 %s：工资表 %d 天，考勤 %d 天）",
             rule_month_zh(x->month, mz), x->mismatch_workers, env->cfg->w05_days, x->ex_mismatch,
             x->mismatch_days_paid, x->mismatch_days_att);
    rule_evid(&h, "{\"workers\":%d}", x->mismatch_workers);
    emit(out, &h);
}

static void
w06(const struct rule_env *env, const struct sf_project *p, const struct rf_month *x,
    const struct rule_sink *out)
{
    char mz[16];
    struct rule_hit h;
    int n = x->cash_lines + x->bank_lines + x->other_lines;

    if (n == 0)
        return;
    start(&h, env, W06, LEVEL_YELLOW, p, x->month);
    rule_msg(&h, "%s有 %d 行工资未通过工资专户代发（现金 %d 行，银行代发 %d 行，其他 %d 行）",
             rule_month_zh(x->month, mz), n, x->cash_lines, x->bank_lines, x->other_lines);
    rule_evid(&h, "{\"cash\":%d,\"bank\":%d,\"other\":%d}", x->cash_lines, x->bank_lines,
              x->other_lines);
    emit(out, &h);
}

static void
w07(const struct rule_env *env, const struct sf_project *p, const struct rf_month *x,
    const struct rule_sink *out)
{
    char mz[16];
    struct rule_hit h;

    if (x->unregistered == 0)
        return;
    start(&h, env, W07, LEVEL_ORANGE, p, x->month);
    rule_msg(&h, "%s有 %d 名工人有考勤或工资记录但未在本项目实名登记：%s",
             rule_month_zh(x->month, mz), x->unregistered, x->ex_unreg);
    rule_evid(&h, "{\"workers\":%d}", x->unregistered);
    emit(out, &h);
}

/* The minimum monthly wage of the project's region: the longest matching
 * code of rules.min_wage_regions ("330100:2490,330200:2280"), else the
 * default.  Codes match by their significant digits (330100 covers 3301xx). */
static int64_t
min_wage(const struct rule_cfg *c, const char *region)
{
    struct str rest = str_from(c->w19_min_wage_regions), item, code, val;
    int64_t best = c->w19_min_wage_fen, v;
    size_t best_len = 0;

    while (rest.p != NULL && rest.len > 0) {
        str_split(rest, ',', &item, &rest);
        if (!str_split(str_trim(item), ':', &code, &val))
            continue;
        code = str_trim(code);
        while (code.len > 2 && code.p[code.len - 1] == '0' && code.p[code.len - 2] == '0')
            code.len -= 2;
        if (code.len > best_len && strncmp(region, code.p, code.len) == 0 &&
            money_parse(str_trim(val), &v, NULL) == 0) {
            best = v;
            best_len = code.len;
        }
    }
    return best;
}

static void
w19(const struct rule_env *env, const struct sf_project *p, const struct rf_month *x,
    const struct rule_sink *out)
{
    char mz[16], a[MONEY_GROUPED_LEN], b[MONEY_GROUPED_LEN];
    int64_t floor = min_wage(env->cfg, p->region);
    bool low = x->pay_workers > 0 && x->month < date_month(env->as_of) &&
               x->due_fen < floor * x->pay_workers;
    bool high = x->max_worker_fen > env->cfg->w19_max_worker_fen;
    struct rule_hit h;

    if (!low && !high)
        return;
    start(&h, env, W19, LEVEL_YELLOW, p, x->month);
    rule_msg(&h, "%s", rule_month_zh(x->month, mz));
    if (low)
        rule_msg(&h, "人均应发工资 %s 元，低于当地月最低工资标准 %s 元",
                 money_format_grouped(x->due_fen / x->pay_workers, a),
                 money_format_grouped(floor, b));
    if (high)
        rule_msg(&h, "%s%s当月应发 %s 元，超过 %s 元", low ? "；" : "", x->ex_max,
                 money_format_grouped(x->max_worker_fen, a),
                 money_format_grouped(env->cfg->w19_max_worker_fen, b));
    rule_evid(&h, "{\"workers\":%d,\"due_fen\":%lld,\"max_worker_fen\":%lld}", x->pay_workers,
              (long long)x->due_fen, (long long)x->max_worker_fen);
    emit(out, &h);
}

static void
w23(const struct rule_env *env, const struct sf_project *p, const struct rf_project *r,
    const struct rf_month *x, const struct rule_sink *out)
{
    char mz[16];
    struct rule_hit h;
    bool red;

    if (!r->has_disb || x->undisbursed_lines == 0)
        return;
    red = (int64_t)x->undisbursed_lines * 100 > (int64_t)env->cfg->w23_red_pct * x->pay_lines;
    start(&h, env, W23, red ? LEVEL_RED : LEVEL_ORANGE, p, x->month);
    rule_msg(&h, "%s有 %d 行工资标为专户代发并已发放，但银行代发明细中没有到卡成功记录：%s",
             rule_month_zh(x->month, mz), x->undisbursed_lines, x->ex_undisb);
    rule_evid(&h, "{\"lines\":%d,\"month_lines\":%d}", x->undisbursed_lines, x->pay_lines);
    emit(out, &h);
}

static void
w14(const struct rule_env *env, const struct sf_project *p, const struct rf_month *x, bool h03,
    bool h04, const struct rule_sink *out)
{
    char mz[16];
    struct rule_hit h;

    if (p->funding == SF_PRIVATE || (!h03 && !h04))
        return;
    start(&h, env, W14, LEVEL_RED, p, x->month);
    rule_msg(&h, "%s项目%s出现%s%s%s（“两清零”对象）",
             p->funding == SF_GOV ? "政府投资" : "国有企业投资", rule_month_zh(x->month, mz),
             h03 ? "未按时足额支付工资（W03）" : "", h03 && h04 ? "、" : "",
             h04 ? "有考勤无工资（W04）" : "");
    rule_evid(&h, "{\"w03\":%s,\"w04\":%s}", h03 ? "true" : "false", h04 ? "true" : "false");
    emit(out, &h);
}

/* W22: 《工资支付暂行规定》第九条 — a worker who left more than w22_workdays
 * working days before D is settled: nothing unpaid up to the exit month, no
 * attended month without a line. */
static void
w22(const struct rule_env *env, const struct sf_project *p, const struct rf_project *r,
    const struct rule_sink *out)
{
    char names[640] = "";
    struct rule_hit h;
    int n = 0, shown = 0;

    for (size_t i = 0; i < r->nlv; i++) {
        const struct rf_leaver *lv = &r->lv[i];
        bool unpaid = false;
        if (calendar_workdays(env->cal, lv->left, env->as_of, NULL) <= env->cfg->w22_workdays)
            continue;
        for (size_t k = 0; k < r->nlvm; k++)
            unpaid = unpaid || (r->lvm[k].worker_id == lv->worker_id && r->lvm[k].unpaid);
        n++;
        if (shown < 3) {
            char d[DATE_STR_LEN];
            size_t len = strlen(names);
            snprintf(names + len, sizeof names - len, "%s%s（%s 退场，%s）", shown ? "、" : "",
                     lv->name[0] ? lv->name : "（未具名）", date_format(lv->left, d),
                     unpaid ? "工资未结清" : "有考勤无工资");
            shown++;
        }
    }
    if (n == 0)
        return;
    start(&h, env, W22, n >= env->cfg->w22_red_workers ? LEVEL_RED : LEVEL_ORANGE, p, SF_NO_MONTH);
    rule_msg(&h, "%d 名已退场工人未结清工资：%s%s", n, names, n > shown ? "等" : "");
    rule_evid(&h, "{\"workers\":%d}", n);
    emit(out, &h);
}

void
rules_wages(const struct rule_env *env, const struct sf_project *p, const struct rf_project *r,
            const struct rule_sink *out)
{
    for (size_t i = 0; i < r->nm; i++) {
        const struct rf_month *x = &r->m[i];
        bool h03 = false, h04 = false;

        if (x->due_on < env->as_of) {
            h03 = w03(env, p, x, out);
            h04 = w04(env, p, x, out);
        }
        w05(env, p, x, out);
        w06(env, p, x, out);
        w07(env, p, x, out);
        w14(env, p, x, h03, h04, out);
        w19(env, p, x, out);
        w23(env, p, r, x, out);
    }
    w22(env, p, r, out);
}
