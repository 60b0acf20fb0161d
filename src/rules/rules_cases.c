/*
 * rules_cases.c - the global rules over clues, cases and handled warnings:
 * W11 (repeated complaints), W12 (many people or a large amount), W13 (old
 * arrears), W14 (an open verified case on a government or SOE project), W17
 * (deadlines passed).  Evaluated over every clue and case on each scan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/money.h"
#include "rules/rules.h"

static void
emit(const struct rule_sink *out, const struct rule_hit *h)
{
    out->emit(out->ctx, h);
}

static void
place(struct rule_hit *h, int64_t project_id, const char *province, const char *region,
      const char *dept)
{
    h->project_id = project_id;
    h->province = province;
    h->region = region;
    h->dept = dept;
}

/* ------------------------------------------------------------ open as of D */

static bool
clue_received(const struct rule_env *env, const struct sf_clue *c)
{
    return c->received != SF_NO_DATE && c->received <= env->as_of;
}

/* A clue still being handled on D: not finished (办结, 已回访), not refused
 * or found unfounded, not a 工程款 dispute (not wages), not closed by D. */
static bool
clue_open(const struct rule_env *env, const struct sf_clue *c)
{
    static const char *const done[] = { "不予受理", "不属实", "工程款纠纷", "办结", "已回访" };

    if (!clue_received(env, c) || (c->closed != SF_NO_DATE && c->closed <= env->as_of))
        return false;
    for (size_t i = 0; i < sizeof(done) / sizeof(done[0]); i++)
        if (strcmp(c->status, done[i]) == 0)
            return false;
    return true;
}

static bool
case_open(const struct rule_env *env, const struct sf_case *c)
{
    return c->filed != SF_NO_DATE && c->filed <= env->as_of &&
           (c->closed == SF_NO_DATE || c->closed > env->as_of);
}

/* ------------------------------------------------------------ W11 */

struct w11_key {
    const struct sf_clue *c;
    const char *key; /* project code or respondent */
    bool project;
};

static int
cmp_w11(const void *a, const void *b)
{
    const struct w11_key *x = a, *y = b;

    if (x->project != y->project)
        return x->project ? -1 : 1;
    return strcmp(x->key, y->key);
}

static void
w11_group(const struct rule_env *env, const struct w11_key *k, size_t n,
          const struct rule_sink *out)
{
    const struct sf_clue *c = k[0].c;
    struct rule_hit h;
    char d[DATE_STR_LEN];

    if ((int)n < env->cfg->w11_min)
        return;
    rule_hit_init(&h, env, W11, (int)n >= env->cfg->w11_red ? LEVEL_RED : LEVEL_ORANGE,
                  k[0].project ? SUBJ_PROJECT : SUBJ_ENTERPRISE, k[0].key, SF_NO_MONTH);
    place(&h, k[0].project ? c->project_id : 0, c->province, c->region, c->dept);
    rule_msg(&h, "%d 日内（截至 %s）收到 %zu 件反映%s的线索：", env->cfg->w11_days,
             date_format(env->as_of, d), n, k[0].project ? "该项目" : c->respondent);
    for (size_t i = 0; i < n && i < 5; i++)
        rule_msg(&h, "%s%s", i ? "、" : "", k[i].c->ticket);
    if (n > 5)
        rule_msg(&h, "等");
    rule_evid(&h, "{\"clues\":%zu,\"days\":%d}", n, env->cfg->w11_days);
    emit(out, &h);
}

/* W11: ≥ w11_min clues received in the w11_days days up to D (D - days + 1
 * .. D) on the same project, or on the same respondent when a clue names no
 * registered project (by USCC when given, else by name). */
static void
w11(const struct rule_env *env, const struct sf_globals *g, const struct rule_sink *out)
{
    struct w11_key *k = NULL;
    size_t n = 0, cap = 0;
    zq_date from = env->as_of - env->cfg->w11_days + 1;

    for (size_t i = 0; i < g->nclues; i++) {
        const struct sf_clue *c = &g->clues[i];
        if (!clue_received(env, c) || c->received < from)
            continue;
        k = zq_grow(k, sizeof(*k), n + 1, &cap);
        k[n].c = c;
        k[n].project = c->project_id != 0;
        k[n].key = k[n].project ? c->project_code
                                : (c->respondent_uscc[0] ? c->respondent_uscc : c->respondent);
        n++;
    }
    if (n > 1)
        qsort(k, n, sizeof(*k), cmp_w11);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && cmp_w11(&k[i], &k[j]) == 0)
            j++;
        w11_group(env, k + i, j - i, out);
        i = j;
    }
    zq_free(k);
}

/* ------------------------------------------------------------ W12, W13, W14 */

static enum rule_level
w12_level(const struct rule_cfg *cfg, int64_t people, int64_t amount)
{
    if (people >= cfg->w12_red_people || amount >= cfg->w12_red_fen)
        return LEVEL_RED;
    if (people >= cfg->w12_people || amount >= cfg->w12_fen)
        return LEVEL_ORANGE;
    return LEVEL_NONE;
}

static void
w12_clues(const struct rule_env *env, const struct sf_globals *g, const struct rule_sink *out)
{
    for (size_t i = 0; i < g->nclues; i++) {
        const struct sf_clue *c = &g->clues[i];
        enum rule_level l;
        struct rule_hit h;
        char a[MONEY_GROUPED_LEN];

        /* a clue joined to a case is judged through its case */
        if (!clue_open(env, c) || c->case_id != 0)
            continue;
        if ((l = w12_level(env->cfg, c->people, c->amount)) == LEVEL_NONE)
            continue;
        rule_hit_init(&h, env, W12, l, SUBJ_CLUE, c->ticket, SF_NO_MONTH);
        place(&h, c->project_id, c->province, c->region, c->dept);
        rule_msg(&h, "未办结线索反映 %s 拖欠 %lld 人工资 %s 元", c->respondent,
                 (long long)c->people, money_format_grouped(c->amount, a));
        rule_evid(&h, "{\"people\":%lld,\"amount_fen\":%lld}", (long long)c->people,
                  (long long)c->amount);
        emit(out, &h);
    }
}

static void
case_hits(const struct rule_env *env, const struct sf_case *c, const struct rule_sink *out)
{
    char a[MONEY_GROUPED_LEN], mz[16];
    enum rule_level l = w12_level(env->cfg, c->people, c->amount);
    struct rule_hit h;

    if (l != LEVEL_NONE) {
        rule_hit_init(&h, env, W12, l, SUBJ_CASE, c->case_no, SF_NO_MONTH);
        place(&h, c->project_id, c->province, c->region, c->dept);
        rule_msg(&h, "未结案件：%s 拖欠 %lld 人工资 %s 元", c->debtor_name, (long long)c->people,
                 money_format_grouped(c->amount, a));
        rule_evid(&h, "{\"people\":%lld,\"amount_fen\":%lld}", (long long)c->people,
                  (long long)c->amount);
        emit(out, &h);
    }
    if (c->period_from != SF_NO_MONTH &&
        c->period_from < date_month(env->as_of) - env->cfg->w13_months) {
        rule_hit_init(&h, env, W13, LEVEL_ORANGE, SUBJ_CASE, c->case_no, SF_NO_MONTH);
        place(&h, c->project_id, c->province, c->region, c->dept);
        rule_msg(&h, "未结案件的欠薪自 %s 起，已超过 %d 个月（%s，%lld 人，%s 元）",
                 rule_month_zh(c->period_from, mz), env->cfg->w13_months, c->debtor_name,
                 (long long)c->people, money_format_grouped(c->amount, a));
        rule_evid(&h, "{\"months\":%d}", (int)(date_month(env->as_of) - c->period_from));
        emit(out, &h);
    }
}

/* W14 from cases: an open verified case on a 政府投资 or 国有企业投资
 * project, one hit per project (month ""), naming its cases. */
static bool
w14_case(const struct rule_env *env, const struct sf_case *c)
{
    return case_open(env, c) && c->verified && c->project_id != 0 &&
           (c->funding == SF_GOV || c->funding == SF_SOE);
}

static int
cmp_case_project(const void *a, const void *b)
{
    const struct sf_case *x = *(const struct sf_case *const *)a;
    const struct sf_case *y = *(const struct sf_case *const *)b;

    if (x->project_id != y->project_id)
        return x->project_id < y->project_id ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static void
w14_cases(const struct rule_env *env, const struct sf_globals *g, const struct rule_sink *out)
{
    const struct sf_case **v = NULL;
    size_t n = 0, cap = 0;

    for (size_t i = 0; i < g->ncases; i++)
        if (w14_case(env, &g->cases[i])) {
            v = zq_grow(v, sizeof(const struct sf_case *), n + 1, &cap);
            v[n++] = &g->cases[i];
        }
    if (n > 1)
        qsort(v, n, sizeof(const struct sf_case *), cmp_case_project);
    for (size_t i = 0; i < n;) {
        const struct sf_case *c = v[i];
        struct rule_hit h;
        size_t j = i;

        rule_hit_init(&h, env, W14, LEVEL_RED, SUBJ_PROJECT, c->project_code, SF_NO_MONTH);
        place(&h, c->project_id, c->province, c->region, c->dept);
        rule_msg(&h, "%s项目有未结的欠薪案件：",
                 c->funding == SF_GOV ? "政府投资" : "国有企业投资");
        for (; j < n && v[j]->project_id == c->project_id; j++)
            rule_msg(&h, "%s%s", j > i ? "、" : "", v[j]->case_no);
        rule_evid(&h, "{\"cases\":%zu}", j - i);
        emit(out, &h);
        i = j;
    }
    zq_free(v);
}

/* ------------------------------------------------------------ W17 */

static void
w17_emit(const struct rule_env *env, enum rule_subject subj, const char *code,
         const struct rule_hit *place_from, zq_date deadline, const char *what,
         const struct rule_sink *out)
{
    char d[DATE_STR_LEN];
    int late = calendar_workdays(env->cal, deadline, env->as_of, NULL);
    struct rule_hit h;

    rule_hit_init(&h, env, W17, late > env->cfg->w17_red_workdays ? LEVEL_RED : LEVEL_ORANGE, subj,
                  code, SF_NO_MONTH);
    place(&h, place_from->project_id, place_from->province, place_from->region, place_from->dept);
    rule_msg(&h, "%s期限 %s 已过，逾期 %d 个工作日", what, date_format(deadline, d), late);
    rule_evid(&h, "{\"deadline\":\"%s\",\"late_workdays\":%d}", d, late);
    emit(out, &h);
}

static void
w17_clues(const struct rule_env *env, const struct sf_globals *g, const struct rule_sink *out)
{
    for (size_t i = 0; i < g->nclues; i++) {
        const struct sf_clue *c = &g->clues[i];
        struct rule_hit where;
        bool waiting = strcmp(c->status, "待受理") == 0 || strcmp(c->status, "转办") == 0;

        if (!clue_received(env, c))
            continue;
        memset(&where, 0, sizeof(where));
        place(&where, c->project_id, c->province, c->region, c->dept);
        if (waiting && c->accept_by != SF_NO_DATE && c->accept_by < env->as_of &&
            (c->accepted == SF_NO_DATE || c->accepted > env->as_of))
            w17_emit(env, SUBJ_CLUE, c->ticket, &where, c->accept_by, "线索受理", out);
        else if (!waiting && clue_open(env, c) && c->close_by != SF_NO_DATE &&
                 c->close_by < env->as_of)
            w17_emit(env, SUBJ_CLUE, c->ticket, &where, c->close_by, "线索办结", out);
    }
}

static void
w17_cases(const struct rule_env *env, const struct sf_globals *g, const struct rule_sink *out)
{
    size_t k = 0;

    for (size_t i = 0; i < g->ncases; i++) {
        const struct sf_case *c = &g->cases[i];
        const char *what = "案件限时办结";
        zq_date worst = SF_NO_DATE;
        struct rule_hit where;

        if (!case_open(env, c))
            continue;
        if (c->deadline != SF_NO_DATE && c->deadline < env->as_of)
            worst = c->deadline;
        /* documents of this case (sorted by case) whose deadline passed unmet */
        while (k < g->ndocs && g->docs[k].case_id < c->id)
            k++;
        for (size_t j = k; j < g->ndocs && g->docs[j].case_id == c->id; j++) {
            const struct sf_doc *d = &g->docs[j];
            if (d->deadline < env->as_of &&
                (d->complied == SF_NO_DATE || d->complied > env->as_of) &&
                (worst == SF_NO_DATE || d->deadline < worst)) {
                worst = d->deadline;
                what = d->kind;
            }
        }
        if (worst == SF_NO_DATE)
            continue;
        memset(&where, 0, sizeof(where));
        place(&where, c->project_id, c->province, c->region, c->dept);
        w17_emit(env, SUBJ_CASE, c->case_no, &where, worst, what, out);
    }
}

/* Warnings assigned with a deadline that passed before they were resolved:
 * one W17 per subject, on the earliest such deadline. */
static bool
overdue(const struct rule_env *env, const struct sf_assigned *w)
{
    return w->deadline != SF_NO_DATE && w->deadline < env->as_of && strcmp(w->rule, "W17") != 0 &&
           rule_subject_parse(w->subject_type) >= 0;
}

/* Is a (the i-th) the one to report for its subject: the earliest overdue
 * deadline, the first of equal ones? */
static bool
first_of_subject(const struct rule_env *env, const struct sf_globals *g, size_t i)
{
    const struct sf_assigned *a = &g->assigned[i];

    for (size_t j = 0; j < g->nassigned; j++) {
        const struct sf_assigned *b = &g->assigned[j];
        bool before = j < i;
        if (j == i || !overdue(env, b) || strcmp(b->subject_type, a->subject_type) != 0 ||
            strcmp(b->subject_code, a->subject_code) != 0)
            continue;
        if (b->deadline < a->deadline || (b->deadline == a->deadline && before))
            return false;
    }
    return true;
}

static void
w17_assigned(const struct rule_env *env, const struct sf_globals *g, const struct rule_sink *out)
{
    for (size_t i = 0; i < g->nassigned; i++) {
        const struct sf_assigned *w = &g->assigned[i];
        struct rule_hit where;
        char what[64];

        if (!overdue(env, w) || !first_of_subject(env, g, i))
            continue;
        memset(&where, 0, sizeof(where));
        place(&where, w->project_id, w->province, w->region, w->dept);
        snprintf(what, sizeof what, "预警 %s（编号 %lld）处置", w->rule, (long long)w->id);
        w17_emit(env, (enum rule_subject)rule_subject_parse(w->subject_type), w->subject_code,
                 &where, w->deadline, what, out);
    }
}

void
rules_global(const struct rule_env *env, const struct rule_sink *out)
{
    const struct sf_globals *g = env->g;

    if (g == NULL)
        return;
    w11(env, g, out);
    w12_clues(env, g, out);
    for (size_t i = 0; i < g->ncases; i++)
        if (case_open(env, &g->cases[i]))
            case_hits(env, &g->cases[i], out);
    w14_cases(env, g, out);
    w17_clues(env, g, out);
    w17_cases(env, g, out);
    w17_assigned(env, g, out);
}
