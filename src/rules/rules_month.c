/*
 * rules_month.c - the digest of one project's detail rows, month by month,
 * as they stood on the scan date (struct rf_month, struct rf_project).
 *
 * Everything the wage rules need is counted here in one merge of the
 * project's attendance (by month and worker), payroll (by month, worker and
 * employer) and account transactions (by date): who attended and for how
 * many days, who has a payroll line, what was paid, when and how, which bank
 * line proves it.  "As of D" means: attendance days after D are ignored,
 * lines paid after D are unpaid, transactions after D did not happen, and
 * months after D's month do not exist yet.
 *
 * The digest owns its arrays; names are borrowed from the chunk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "rules/rules.h"

#define EX_SHOWN 3 /* names quoted in a message */

static int
cmp_leaver(const void *a, const void *b)
{
    const struct rf_leaver *x = a, *y = b;

    return (x->worker_id > y->worker_id) - (x->worker_id < y->worker_id);
}

void
rf_project_init(struct rf_project *r)
{
    memset(r, 0, sizeof(*r));
}

void
rf_project_fini(struct rf_project *r)
{
    zq_free(r->m);
    zq_free(r->lv);
    zq_free(r->lvm);
    memset(r, 0, sizeof(*r));
}

const struct rf_month *
rf_month_find(const struct rf_project *r, zq_month m)
{
    size_t lo = 0, hi = r->nm;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->m[mid].month < m)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->nm && r->m[lo].month == m ? &r->m[lo] : NULL;
}

/* Add a name to a "张三、李四、王五等" list; *n counts the names offered. */
static void
add_name(char *buf, int *n, const char *name)
{
    size_t len = strlen(buf), nl;

    (*n)++;
    if (*n > EX_SHOWN) {
        if (*n == EX_SHOWN + 1 && len + 4 <= RF_NAMES)
            memcpy(buf + len, "等", 4); /* with its NUL */
        return;
    }
    if (name == NULL || name[0] == '\0')
        name = "（未具名）";
    nl = strlen(name);
    if (len > 0) {
        if (len + 3 + 1 > RF_NAMES)
            return;
        memcpy(buf + len, "、", 3);
        len += 3;
    }
    /* keep room for "等"; cut at a character boundary */
    if (len + nl + 4 > RF_NAMES) {
        nl = RF_NAMES > len + 4 ? RF_NAMES - len - 4 : 0;
        while (nl > 0 && ((unsigned char)name[nl] & 0xC0) == 0x80)
            nl--;
    }
    memcpy(buf + len, name, nl);
    buf[len + nl] = '\0';
}

static const struct sf_emp *
emp_find(const struct sf_chunk *c, const struct sf_project *p, int64_t worker)
{
    size_t lo = p->emp0, hi = p->emp0 + p->nemp;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->emp[mid].worker_id < worker)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->emp0 + p->nemp && c->emp[lo].worker_id == worker ? &c->emp[lo] : NULL;
}

static const char *
worker_name(const struct sf_chunk *c, const struct sf_project *p, int64_t worker)
{
    const struct sf_emp *e = emp_find(c, p, worker);

    if (e != NULL)
        return e->name;
    for (size_t i = p->pay0; i < p->pay0 + p->npay; i++)
        if (c->pay[i].worker_id == worker)
            return c->pay[i].name;
    for (size_t i = p->name0; i < p->name0 + p->nname; i++)
        if (c->names[i].worker_id == worker)
            return c->names[i].name;
    return "";
}

/* Is there a successful bank line for this paid 专户代发 line? */
static bool
disbursed(const struct rule_env *env, const struct sf_chunk *c, const struct sf_project *p,
          const struct sf_pay *l)
{
    size_t lo = p->disb0, hi = p->disb0 + p->ndisb;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->disb[mid].worker_id < l->worker_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < p->disb0 + p->ndisb && c->disb[lo].worker_id == l->worker_id; lo++) {
        const struct sf_disb *d = &c->disb[lo];
        int64_t gap = (int64_t)d->paid_on - l->paid_on;
        if (d->ok && d->paid_on <= env->as_of && gap <= env->cfg->w23_days &&
            -gap <= env->cfg->w23_days && d->amount >= l->paid - env->cfg->w23_tolerance_fen)
            return true;
    }
    return false;
}

/* Days of month m that lie on or before the scan date. */
static uint32_t
month_mask(const struct rule_env *env, zq_month m)
{
    zq_month dm = date_month(env->as_of);
    int day;

    if (m < dm)
        return 0x7FFFFFFFu;
    if (m > dm)
        return 0;
    day = (int)(env->as_of - month_first_day(m)) + 1;
    return day >= 31 ? 0x7FFFFFFFu : ((1u << day) - 1);
}

static struct rf_month *
new_month(struct rf_project *r, const struct rule_env *env, zq_month m)
{
    struct rf_month *x;

    r->m = zq_grow(r->m, sizeof(*r->m), r->nm + 1, &r->m_cap);
    x = &r->m[r->nm++];
    memset(x, 0, sizeof(*x));
    x->month = m;
    x->due_on = rule_due_date(env->cfg, env->cal, m);
    x->late_last = SF_NO_DATE;
    return x;
}

/* Name counters of one month (how many names each list was offered). */
struct ex_counts {
    int unpaid, noline, mismatch, unreg, undisb;
};

/* Record that a leaver had something owed in month m (W22): one rf_lvm
 * entry per leaver and month, and the leaver in lv.  Months are digested in
 * order and workers within a month too, so lvm stays sorted. */
static void
mark_leaver(struct rf_project *r, const struct rule_env *env, const struct sf_chunk *c,
            const struct sf_project *p, int64_t worker, zq_month m, bool unpaid)
{
    const struct sf_emp *e = emp_find(c, p, worker);
    struct rf_lvm *x;
    size_t i;

    if (e == NULL || e->left == SF_NO_DATE || e->left > env->as_of || m > date_month(e->left))
        return;
    r->lvm = zq_grow(r->lvm, sizeof(*r->lvm), r->nlvm + 1, &r->lvm_cap);
    x = &r->lvm[r->nlvm++];
    *x = (struct rf_lvm){ m, worker, unpaid, !unpaid };
    for (i = 0; i < r->nlv && r->lv[i].worker_id != worker; i++)
        ;
    if (i == r->nlv) {
        r->lv = zq_grow(r->lv, sizeof(*r->lv), r->nlv + 1, &r->lv_cap);
        r->lv[r->nlv++] = (struct rf_leaver){ worker, e->left, e->name };
    }
}

/* The payroll lines of one worker in month x (pay[a..b)): paid status,
 * channel, bank proof.  Returns the days worked they declare. */
static int
digest_lines(struct rf_project *r, const struct rule_env *env, const struct sf_chunk *c,
             const struct sf_project *p, struct rf_month *x, size_t a, size_t b,
             struct ex_counts *ex, int64_t *due_sum)
{
    bool unpaid = false;
    int days = 0;

    *due_sum = 0;
    for (size_t i = a; i < b; i++) {
        const struct sf_pay *l = &c->pay[i];
        bool paid = l->paid_on != SF_NO_DATE && l->paid_on <= env->as_of;
        int64_t owed = l->due - l->deductions - (paid ? l->paid : 0);

        x->pay_lines++;
        x->due_fen += l->due;
        *due_sum += l->due;
        days += l->days;
        if (!paid || owed > 0) {
            x->unpaid_lines++;
            x->unpaid_fen += owed > 0 ? owed : 0;
            unpaid = true;
        } else if (l->paid_on > x->due_on) {
            x->late_lines++;
            if (x->late_last == SF_NO_DATE || l->paid_on > x->late_last)
                x->late_last = l->paid_on;
        }
        if (!paid)
            continue;
        /* how long after the month's end the wages arrive (default risk) */
        x->lag_days += l->paid_on > month_last_day(x->month)
                           ? (int64_t)(l->paid_on - month_last_day(x->month))
                           : 0;
        x->lag_lines++;
        if (l->channel == SF_CASH)
            x->cash_lines++;
        else if (l->channel == SF_BANK)
            x->bank_lines++;
        else if (l->channel == SF_OTHER)
            x->other_lines++;
        else {
            x->daifa_lines++;
            if (!disbursed(env, c, p, l)) {
                x->undisbursed_lines++;
                add_name(x->ex_undisb, &ex->undisb, l->name);
            }
        }
    }
    if (unpaid) {
        x->unpaid_workers++;
        add_name(x->ex_unpaid, &ex->unpaid, c->pay[a].name);
        mark_leaver(r, env, c, p, c->pay[a].worker_id, x->month, true);
    }
    return days;
}

/* One worker in month x: attendance days (0 when none) and lines pay[a..b)
 * (a == b when none). */
static void
digest_worker(struct rf_project *r, const struct rule_env *env, const struct sf_chunk *c,
              const struct sf_project *p, struct rf_month *x, int64_t worker, int att_days,
              size_t a, size_t b, bool sends_attendance, struct ex_counts *ex)
{
    int64_t due_sum = 0;
    int paid_days;

    if (emp_find(c, p, worker) == NULL) {
        x->unregistered++;
        add_name(x->ex_unreg, &ex->unreg, a < b ? c->pay[a].name : worker_name(c, p, worker));
    }
    if (a == b) { /* attended, no line */
        x->noline_workers++;
        add_name(x->ex_noline, &ex->noline, worker_name(c, p, worker));
        mark_leaver(r, env, c, p, worker, x->month, false);
        return;
    }
    x->pay_workers++;
    paid_days = digest_lines(r, env, c, p, x, a, b, ex, &due_sum);
    if (due_sum > x->max_worker_fen) {
        x->max_worker_fen = due_sum;
        snprintf(x->ex_max, sizeof x->ex_max, "%s", c->pay[a].name);
    }
    if (sends_attendance) {
        int diff = paid_days > att_days ? paid_days - att_days : att_days - paid_days;
        if (diff > env->cfg->w05_days) {
            if (x->mismatch_workers == 0) {
                x->mismatch_days_paid = paid_days;
                x->mismatch_days_att = att_days;
            }
            x->mismatch_workers++;
            add_name(x->ex_mismatch, &ex->mismatch, c->pay[a].name);
        }
    }
}

/* Merge the attendance att[a0..a1) and lines pay[b0..b1) of month x by
 * worker. */
static void
digest_people(struct rf_project *r, const struct rule_env *env, const struct sf_chunk *c,
              const struct sf_project *p, struct rf_month *x, size_t a0, size_t a1, size_t b0,
              size_t b1)
{
    uint32_t mask = month_mask(env, x->month);
    struct ex_counts ex = { 0 };
    bool sends = false;
    size_t i = a0, j = b0;

    for (size_t k = a0; k < a1; k++)
        if (c->att[k].days & mask) {
            x->attendees++;
            sends = true;
        }
    while (i < a1 || j < b1) {
        int64_t wi = i < a1 ? c->att[i].worker_id : INT64_MAX;
        int64_t wj = j < b1 ? c->pay[j].worker_id : INT64_MAX;
        int64_t w = wi < wj ? wi : wj;
        int days = 0;
        size_t j0 = j;

        if (wi == w) {
            days = __builtin_popcount(c->att[i].days & mask);
            i++;
        }
        while (j < b1 && c->pay[j].worker_id == w)
            j++;
        if (days == 0 && j == j0)
            continue; /* attendance only after the scan date */
        digest_worker(r, env, c, p, x, w, days, j0, j, sends, &ex);
    }
}

static void
digest_txns(const struct rule_env *env, struct rf_month *x, const struct sf_txn *t, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (t[k].date > env->as_of)
            continue;
        if (t[k].in) {
            x->in_fen += t[k].amount;
            if (t[k].kind == SF_TX_RG)
                x->rg_fen += t[k].amount;
        } else {
            x->out_fen += t[k].amount;
        }
    }
}

static void
digest_registrations(struct rf_project *r, const struct rule_env *env, const struct sf_chunk *c,
                     const struct sf_project *p)
{
    for (size_t i = p->emp0; i < p->emp0 + p->nemp; i++) {
        if (c->emp[i].entered != SF_NO_DATE && c->emp[i].entered > env->as_of)
            continue;
        r->registered++;
        if (!c->emp[i].contract)
            r->no_contract++;
    }
    for (size_t i = p->disb0; i < p->disb0 + p->ndisb && !r->has_disb; i++)
        r->has_disb = c->disb[i].paid_on <= env->as_of;
}

static void
later(zq_date *max, zq_date d)
{
    if (d != SF_NO_DATE && (*max == SF_NO_DATE || d > *max))
        *max = d;
}

/* The latest business date among the project's detail rows: a digest made
 * for any date on or after it holds every row. */
static zq_date
latest_date(const struct sf_chunk *c, const struct sf_project *p)
{
    zq_date max = SF_NO_DATE;

    for (size_t i = p->emp0; i < p->emp0 + p->nemp; i++) {
        later(&max, c->emp[i].entered);
        later(&max, c->emp[i].left);
    }
    for (size_t i = p->att0; i < p->att0 + p->natt; i++)
        if (c->att[i].days != 0)
            later(&max, month_first_day(c->att[i].month) + 31 - __builtin_clz(c->att[i].days) - 1);
    for (size_t i = p->pay0; i < p->pay0 + p->npay; i++) {
        later(&max, month_first_day(c->pay[i].month));
        later(&max, c->pay[i].paid_on);
    }
    for (size_t i = p->disb0; i < p->disb0 + p->ndisb; i++)
        later(&max, c->disb[i].paid_on);
    for (size_t i = p->txn0; i < p->txn0 + p->ntxn; i++)
        later(&max, c->txn[i].date);
    return max;
}

void
rf_digest(const struct rule_env *env, const struct sf_chunk *c, const struct sf_project *p,
          struct rf_project *r)
{
    zq_month last = date_month(env->as_of);
    size_t ia = p->att0, ea = p->att0 + p->natt;
    size_t ip = p->pay0, ep = p->pay0 + p->npay;
    size_t it = p->txn0, et = p->txn0 + p->ntxn;

    r->p = p;
    r->nm = r->nlv = r->nlvm = 0;
    r->registered = r->no_contract = 0;
    r->has_disb = false;
    r->max_date = latest_date(c, p);
    digest_registrations(r, env, c, p);
    for (;;) {
        zq_month ma = ia < ea ? c->att[ia].month : INT32_MAX;
        zq_month mp = ip < ep ? c->pay[ip].month : INT32_MAX;
        zq_month mt = it < et ? date_month(c->txn[it].date) : INT32_MAX;
        zq_month m = ma < mp ? ma : mp;
        size_t a0 = ia, p0 = ip, t0 = it;
        struct rf_month *x;

        if (mt < m)
            m = mt;
        if (m == INT32_MAX || m > last)
            break;
        while (ia < ea && c->att[ia].month == m)
            ia++;
        while (ip < ep && c->pay[ip].month == m)
            ip++;
        while (it < et && date_month(c->txn[it].date) == m)
            it++;
        x = new_month(r, env, m);
        digest_people(r, env, c, p, x, a0, ia, p0, ip);
        digest_txns(env, x, &c->txn[t0], it - t0);
    }
    if (r->nlv > 1)
        qsort(r->lv, r->nlv, sizeof(*r->lv), cmp_leaver);
}

/* ------------------------------------------------------------ merging */

static bool
in_months(const zq_month *months, size_t n, zq_month m)
{
    for (size_t i = 0; i < n; i++)
        if (months[i] == m)
            return true;
    return false;
}

static int
cmp_rf_month(const void *a, const void *b)
{
    const struct rf_month *x = a, *y = b;

    return (x->month > y->month) - (x->month < y->month);
}

static int
cmp_lvm(const void *a, const void *b)
{
    const struct rf_lvm *x = a, *y = b;

    if (x->month != y->month)
        return x->month < y->month ? -1 : 1;
    return (x->worker_id > y->worker_id) - (x->worker_id < y->worker_id);
}

static const struct rf_leaver *
leaver_of(const struct rf_project *r, int64_t worker)
{
    for (size_t i = 0; i < r->nlv; i++)
        if (r->lv[i].worker_id == worker)
            return &r->lv[i];
    return NULL;
}

void
rf_digest_merge(struct rf_project *d, const struct rf_project *f, const zq_month *months, size_t n)
{
    struct rf_leaver *lv = NULL;
    size_t k = 0, nlv = 0, cap = 0;

    for (size_t i = 0; i < d->nm; i++)
        if (!in_months(months, n, d->m[i].month))
            d->m[k++] = d->m[i];
    d->nm = k;
    for (size_t i = 0; i < f->nm; i++) {
        d->m = zq_grow(d->m, sizeof(*d->m), d->nm + 1, &d->m_cap);
        d->m[d->nm++] = f->m[i];
    }
    if (d->nm > 1)
        qsort(d->m, d->nm, sizeof(*d->m), cmp_rf_month);
    k = 0;
    for (size_t i = 0; i < d->nlvm; i++)
        if (!in_months(months, n, d->lvm[i].month))
            d->lvm[k++] = d->lvm[i];
    d->nlvm = k;
    for (size_t i = 0; i < f->nlvm; i++) {
        d->lvm = zq_grow(d->lvm, sizeof(*d->lvm), d->nlvm + 1, &d->lvm_cap);
        d->lvm[d->nlvm++] = f->lvm[i];
    }
    if (d->nlvm > 1)
        qsort(d->lvm, d->nlvm, sizeof(*d->lvm), cmp_lvm);
    /* the leavers still named, fresh details first */
    for (size_t i = 0; i < d->nlvm; i++) {
        const struct rf_leaver *x = leaver_of(f, d->lvm[i].worker_id);
        bool seen = false;
        if (x == NULL)
            x = leaver_of(d, d->lvm[i].worker_id);
        for (size_t j = 0; j < nlv && !seen; j++)
            seen = lv[j].worker_id == d->lvm[i].worker_id;
        if (x == NULL || seen)
            continue;
        lv = zq_grow(lv, sizeof(*lv), nlv + 1, &cap);
        lv[nlv++] = *x;
    }
    zq_free(d->lv);
    d->lv = lv;
    d->nlv = nlv;
    d->lv_cap = cap;
    if (d->nlv > 1)
        qsort(d->lv, d->nlv, sizeof(*d->lv), cmp_leaver);
    d->registered = f->registered;
    d->no_contract = f->no_contract;
    d->has_disb = d->has_disb || f->has_disb;
    if (f->max_date != SF_NO_DATE && (d->max_date == SF_NO_DATE || f->max_date > d->max_date))
        d->max_date = f->max_date;
}
