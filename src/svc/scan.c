/*
 * scan.c - the warning scan: load the global facts, stream the projects in
 * chunks (digest each one, run the project rules), run the global rules,
 * and write the hits through store_warn_scan, all in one transaction; then
 * refresh the risk ledger, record the run and append one audit entry.
 *
 * Digests.  A project's digest (rules.h: its attendance, payroll, bank lines
 * and transactions, month by month) is kept in scan_digests and reused while
 * nothing it was made from has changed: no project_months total updated
 * since (inserts of attendance and payroll), no scan_dirty mark (other
 * changes of detail rows, set by triggers), the same settings, and the dates
 * allow it (rf_digest_reusable).  Only the other projects' detail rows are
 * read, so a scan reads one row per project for the unchanged ones.
 *
 * Incremental scans.  When the previous run was for the same date with the
 * same settings, only the projects whose facts changed since it started
 * (store_scan_changed) are evaluated; the global rules always run in full.
 * Warnings are resolved only within what was evaluated, so the outcome is
 * that of a full scan.
 *
 * Memory is bounded by one chunk of projects, the globals (cases, open
 * clues, the blacklist, enterprises), the index of stored warnings and the
 * set of changed project ids.
 */
#include "svc/scan.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/bitset.h"
#include "core/log.h"
#include "core/strmap.h"
#include "rules/risk.h"
#include "store/store_risk.h"
#include "store/store_scan.h"
#include "svc/audit.h"

#define CHUNK      256  /* projects per chunk */
#define PG_SKEW    3600 /* seconds: an import committing during a PostgreSQL scan */
#define DIGEST_MAX (64u << 20)

struct scan {
    struct app *a;
    const struct scan_opts *o;
    struct rule_env env;
    struct scan_result *r;
    struct zq_err *err;
    struct store_warn_scan *ws;
    int rc;           /* the first error of the sink; later hits are dropped */
    int64_t settings; /* rf_settings_hash */
    int64_t skew;     /* allowance for concurrent writers (PostgreSQL) */
    int64_t now;
    struct bitset done;  /* projects evaluated (incremental scans) */
    struct buf enc;      /* a digest being written */
    struct arena *names; /* leaver names of decoded digests, per chunk */
};

static void
emit(void *ctx, const struct rule_hit *h)
{
    struct scan *s = ctx;
    const struct rule_def *d = &rule_defs[h->rule];
    struct sw_hit w;

    if (s->rc < 0)
        return;
    w.rule = d->code;
    w.level = rule_level_name(h->level);
    w.base_level = rule_level_name(h->base_level);
    w.subject_type = rule_subject_name(h->subject);
    w.subject_code = h->code;
    w.month = h->month;
    w.province = h->province;
    w.region = h->region;
    w.dept = h->dept;
    w.project_id = h->project_id;
    w.message = h->message;
    w.basis = d->basis;
    w.evidence = h->evidence[0] ? h->evidence : "{}";
    s->rc = store_warn_scan_hit(s->ws, &w, s->err);
    s->r->counts[h->rule][h->level]++;
}

/* ------------------------------------------------------------ one chunk */

/* Is the stored digest of p still its digest on the scan date?  Decodes it
 * into d when it is. */
static bool
cached(struct scan *s, const struct sf_project *p, struct rf_project *d)
{
    if (rf_decode(p->digest, p->digest_len, d, s->names) < 0)
        return false;
    d->p = p;
    return rf_digest_reusable(&s->env, d, p->digest_as_of);
}

static int
keep_digest(struct scan *s, const struct sf_project *p, const struct rf_project *d)
{
    buf_reset(&s->enc);
    if (rf_encode(d, &s->enc) < 0)
        return 0; /* too large to keep: it is recomputed next time */
    return store_scan_digest_put(s->a->st, p, s->env.as_of, d->max_date, s->settings, s->enc.p,
                                 s->enc.len, s->now, s->err);
}

/* The default risk of p on the scan date (rules/risk.h), kept in
 * project_risk; a project not judged (not active) has none. */
static int
keep_risk(struct scan *s, const struct sf_project *p, const struct rf_project *d)
{
    struct risk_result r;
    char asof[DATE_STR_LEN], factors[4096];

    rule_risk(&s->env, d, &r);
    if (!r.judged)
        return store_risk_delete(s->a->st, p->id, s->err);
    if (risk_factors_json(&r, factors, sizeof factors) < 0)
        return zq_err_set(s->err, ZQ_EINTERNAL, "违约风险说明过长（项目 %s）", p->code);
    s->r->risk[r.band]++;
    return store_risk_put(s->a->st, p->id, p->province, date_format(s->env.as_of, asof), r.score,
                          risk_band_zh(r.band), factors, s->now, s->err);
}

/* Without decoding: can the stored digest of p hold? */
static bool
maybe_cached(const struct scan *s, const struct sf_project *p)
{
    return !s->o->rebuild && p->digest != NULL && !p->marked && p->digest_settings == s->settings &&
           (p->pm_updated == 0 || p->pm_updated + s->skew < p->digest_at);
}

/* Can the stored digest of p be brought up to date month by month: made for
 * the same date, and changed only through project_months (new attendance and
 * payroll), not through the other detail rows (scan_dirty)? */
static bool
maybe_partial(const struct scan *s, const struct sf_project *p)
{
    return !s->o->rebuild && p->digest != NULL && !p->marked && p->digest_settings == s->settings &&
           p->digest_as_of == s->env.as_of && p->pm_updated + s->skew >= p->digest_at;
}

#define PARTIAL_MONTHS 3 /* more changed months than this: digest it whole */

/* Refresh the changed months of p's stored digest into d; false when that is
 * not possible (then the caller digests the project whole).  fresh: scratch. */
static int
partial(struct scan *s, struct sf_chunk *c, size_t i, struct rf_project *d,
        struct rf_project *fresh, bool *done)
{
    const struct sf_project *p = &c->p[i];
    zq_month months[PARTIAL_MONTHS];
    size_t n = 0;
    int rc;

    *done = false;
    if (p->detail || rf_decode(p->digest, p->digest_len, d, s->names) < 0 ||
        !rf_digest_reusable(&s->env, d, p->digest_as_of))
        return 0;
    if ((rc = store_scan_pm_months(s->a->st, p->id, p->digest_at - s->skew, months, PARTIAL_MONTHS,
                                   &n, s->err)) < 0)
        return rc;
    if (n == 0 || n > PARTIAL_MONTHS || months[n - 1] > date_month(s->env.as_of))
        return 0;
    if ((rc = store_scan_detail_months(s->a->st, c, i, months, n, s->env.cfg->w23_days, s->err)) <
        0)
        return rc;
    rf_digest(&s->env, c, p, fresh);
    rf_digest_merge(d, fresh, months, n);
    d->p = p;
    *done = true;
    return 0;
}

static int
eval_chunk(struct scan *s, struct sf_chunk *c, struct rf_project *d, struct rf_project *fresh,
           const struct rule_sink *out)
{
    size_t whole = 0;
    int rc;

    arena_reset(s->names);
    if ((rc = store_scan_digests(s->a->st, c, s->err)) < 0 ||
        (rc = store_scan_marks(s->a->st, c, s->err)) < 0)
        return rc;
    /* many to digest whole (a first scan, a large import): one range query
     * per table for the chunk; a few: one per project */
    for (size_t i = 0; i < c->np; i++)
        whole += !maybe_cached(s, &c->p[i]) && !maybe_partial(s, &c->p[i]);
    if (whole * 4 > c->np && (rc = store_scan_detail(s->a->st, c, 0, c->np - 1, s->err)) < 0)
        return rc;
    for (size_t i = 0; i < c->np && s->rc == 0; i++) {
        const struct sf_project *p = &c->p[i];
        bool done = maybe_cached(s, p) && cached(s, p, d);

        s->r->reused += done;
        if (!done && maybe_partial(s, p)) {
            if ((rc = partial(s, c, i, d, fresh, &done)) < 0)
                return rc;
            if (done && (rc = keep_digest(s, p, d)) < 0)
                return rc;
            s->r->refreshed += done;
        }
        if (!done) {
            s->r->digested++;
            if (!p->detail && (rc = store_scan_detail(s->a->st, c, i, i, s->err)) < 0)
                return rc;
            rf_digest(&s->env, c, p, d);
            if ((rc = keep_digest(s, p, d)) < 0)
                return rc;
        }
        rules_project(&s->env, c, p, d, out);
        if ((rc = keep_risk(s, p, d)) < 0)
            return rc;
        bitset_test_set(&s->done, (uint64_t)p->id);
        s->r->projects++;
    }
    return s->rc;
}

/* Every project with from <= id <= to. */
static int
pass_range(struct scan *s, int64_t from, int64_t to, const struct rule_sink *out)
{
    struct sf_chunk c;
    struct rf_project d, fresh;
    int rc = 0;

    sf_chunk_init(&c);
    rf_project_init(&d);
    rf_project_init(&fresh);
    while (from <= to) {
        int64_t next;
        if ((rc = store_scan_chunk(s->a->st, from, to, CHUNK, false, &c, &next, s->err)) < 0 ||
            (rc = eval_chunk(s, &c, &d, &fresh, out)) < 0 || c.np < CHUNK)
            break;
        from = next;
    }
    rf_project_fini(&fresh);
    rf_project_fini(&d);
    sf_chunk_fini(&c);
    return rc;
}

/* The changed projects: runs of ids at least half dense (at most CHUNK of
 * them) are loaded as one range, so that sparse changes load no unchanged
 * project and dense ones (a large import) few queries.  run_end(ids, n, k)
 * is the end of the run starting at k. */
static size_t
run_end(const int64_t *ids, size_t n, size_t k)
{
    size_t m = k + 1;

    while (m < n && m - k < CHUNK && ids[m] - ids[k] < 2 * (int64_t)(m - k + 1))
        m++;
    return m;
}

static int
pass_changed(struct scan *s, const int64_t *ids, size_t n, const struct rule_sink *out)
{
    int rc = 0;

    for (size_t k = 0; k < n && rc == 0;) {
        size_t m = run_end(ids, n, k);
        rc = pass_range(s, ids[k], ids[m - 1], out);
        k = m;
    }
    return rc;
}

/* Every id the runs of pass_changed() cover (the changed ones and those
 * between them in a dense run): the projects whose contractors' history the
 * scan needs.  *out owned by the caller. */
static size_t
covered_ids(const int64_t *ids, size_t n, int64_t **out)
{
    size_t cap = 0, len = 0;

    *out = NULL;
    for (size_t k = 0; k < n;) {
        size_t m = run_end(ids, n, k);
        for (int64_t id = ids[k]; id <= ids[m - 1]; id++) {
            *out = zq_grow(*out, sizeof(**out), len + 1, &cap);
            (*out)[len++] = id;
        }
        k = m;
    }
    return len;
}

/* ------------------------------------------------------------ the run */

static double now_secs(void);

/* Phase timings at log level debug (ZHIQIAN_LOG=debug). */
static void
phase(const char *what, double *t)
{
    double n = now_secs();

    log_debug("scan: %s %.3f s", what, n - *t);
    *t = n;
}

/* A hash of every setting the results depend on: the rule configuration
 * and the calendar. */
static void
settings_text(const struct rule_env *env, char out[40])
{
    struct rule_cfg c = *env->cfg;
    uint64_t h;

    c.w19_min_wage_regions = NULL;
    h = strmap_hash(&c, sizeof c);
    h ^= strmap_hash(env->cfg->w19_min_wage_regions, strlen(env->cfg->w19_min_wage_regions)) * 3;
    for (size_t i = 0; i < calendar_entry_count(env->cal); i++) {
        const struct calendar_entry *e = calendar_entry_at(env->cal, i);
        int64_t v = (int64_t)e->date * 4 + (e->workday ? 2 : 0) + (int)e->source;
        h = h * 1099511628211ull ^ strmap_hash(&v, sizeof v);
    }
    snprintf(out, 40, "%016llx", (unsigned long long)h);
}

static bool
scope(void *ctx, const char *rule, const char *month, int64_t project_id)
{
    const struct scan *s = ctx;
    const struct rule_def *d = rule_by_code(rule);

    if (d == NULL || d->pass != PASS_PROJECT || (d->id == W14 && month[0] == '\0'))
        return true; /* global rules (W14 without a month comes from cases) */
    return project_id > 0 && bitset_test(&s->done, (uint64_t)project_id);
}

/* {"W03":{"red":1,"orange":2,"yellow":0},...} for the rules that hit. */
static void
counts_json(const struct scan_result *r, char *out, size_t cap)
{
    size_t len = (size_t)snprintf(out, cap, "{");

    for (int i = 1; i < RULE_COUNT && len < cap; i++) {
        const int64_t *c = r->counts[i];
        if (c[LEVEL_RED] + c[LEVEL_ORANGE] + c[LEVEL_YELLOW] == 0)
            continue;
        len += (size_t)snprintf(out + len, cap - len,
                                "%s\"%s\":{\"red\":%lld,\"orange\":%lld,\"yellow\":%lld}",
                                len > 1 ? "," : "", rule_defs[i].code, (long long)c[LEVEL_RED],
                                (long long)c[LEVEL_ORANGE], (long long)c[LEVEL_YELLOW]);
    }
    if (len < cap)
        snprintf(out + len, cap - len, "}");
}

/* Decide full or incremental; *since gets the previous run's start. */
static int
choose_mode(struct scan *s, const char *asof, const char *settings, int64_t *since)
{
    struct sw_run last;
    bool found;
    int rc;

    s->r->incremental = false;
    if (s->o->mode == SCAN_FULL || s->o->rebuild)
        return 0;
    if ((rc = store_scan_run_last(s->a->st, &last, &found, s->err)) < 0)
        return rc;
    if (found && strcmp(last.as_of, asof) == 0 && strcmp(last.settings, settings) == 0) {
        s->r->incremental = true;
        *since = last.started_at - s->skew;
    } else if (s->o->mode == SCAN_INCREMENTAL) {
        snprintf(s->r->note, sizeof s->r->note, "%s",
                 !found                          ? "此前没有扫描记录，改为全量扫描"
                 : strcmp(last.as_of, asof) != 0 ? "扫描日期与上次不同，改为全量扫描"
                                                 : "规则配置或节假日安排已变化，改为全量扫描");
    }
    return 0;
}

static int
write_end(struct scan *s, const char *asof, const char *settings)
{
    char json[4096], after[4600], id[32];
    struct scan_result *r = s->r;
    int rc;

    if ((rc = store_warn_scan_finish(s->ws, r->incremental ? scope : NULL, s, &r->c, s->err)) < 0 ||
        (rc = store_ledger_refresh(s->a->st, s->env.cfg->ledger_high, s->env.cfg->ledger_mid,
                                   s->now, s->err)) < 0 ||
        (rc = store_scan_marks_clear(s->a->st, s->now - s->skew, s->err)) < 0)
        return rc;
    counts_json(r, json, sizeof json);
    if ((rc = store_scan_run_end(s->a->st, r->run_id, ts_now(), &r->c, json, settings, s->err)) < 0)
        return rc;
    snprintf(id, sizeof id, "%lld", (long long)r->run_id);
    snprintf(after, sizeof after,
             "{\"as_of\":\"%s\",\"incremental\":%s,\"projects\":%lld,\"found\":%lld,"
             "\"opened\":%lld,\"reopened\":%lld,\"resolved\":%lld,\"counts\":%s}",
             asof, r->incremental ? "true" : "false", (long long)r->projects, (long long)r->c.found,
             (long long)r->c.opened, (long long)r->c.reopened, (long long)r->c.resolved, json);
    return audit_append(s->a, s->o->actor ? s->o->actor : "system", "scan", "scan_run", id, NULL,
                        after, s->err);
}

static int
run_locked(struct scan *s)
{
    char asof[DATE_STR_LEN], settings[40];
    const struct rule_cfg *cfg = s->env.cfg;
    struct sf_globals g;
    struct rf_history hist;
    struct rule_sink out = { emit, s };
    int64_t since = 0, *ids = NULL, *cov = NULL;
    size_t nids = 0, ncov = 0;
    int rc;

    double t = now_secs();

    date_format(s->o->as_of, asof);
    settings_text(&s->env, settings);
    if ((rc = choose_mode(s, asof, settings, &since)) < 0 ||
        (rc = store_scan_run_begin(s->a->st, asof, s->r->incremental, s->now, &s->r->run_id,
                                   s->err)) < 0)
        return rc;
    if (s->r->incremental && (rc = store_scan_changed(s->a->st, since, &ids, &nids, s->err)) < 0)
        return rc;
    phase("changed projects", &t);
    static const int64_t none = 0;

    if (s->r->incremental)
        ncov = covered_ids(ids, nids, &cov);
    rc = store_scan_globals(s->a->st, s->o->as_of, cfg->w11_days, cfg->dep_city_area,
                            !s->r->incremental ? NULL
                            : cov              ? cov
                                               : &none,
                            ncov, &g, s->err);
    zq_free(cov);
    if (rc < 0) {
        zq_free(ids);
        return rc;
    }
    rf_history_build(&hist, &g, cfg->dep_city_area);
    s->env.g = &g;
    s->env.hist = &hist;
    phase("globals", &t);
    if ((rc = store_warn_scan_begin(s->a->st, asof, s->now, &s->ws, s->err)) < 0)
        goto out;
    phase("warning index", &t);
    rc = s->r->incremental ? pass_changed(s, ids, nids, &out)
                           : pass_range(s, 1, INT64_MAX - 1, &out);
    if (rc < 0)
        goto out;
    phase("projects", &t);
    rules_global(&s->env, &out);
    phase("global rules", &t);
    if ((rc = s->rc) == 0)
        rc = write_end(s, asof, settings);
    phase("resolve, ledger, run record, audit", &t);
out:
    store_warn_scan_free(s->ws);
    s->ws = NULL;
    rf_history_fini(&hist);
    store_scan_globals_free(&g);
    zq_free(ids);
    return rc;
}

static double
now_secs(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int
scan_run(struct app *a, const struct scan_opts *o, struct scan_result *r, struct zq_err *err)
{
    struct rule_cfg cfg;
    struct scan s;
    double t0 = now_secs();
    int rc;

    memset(r, 0, sizeof(*r));
    memset(&s, 0, sizeof(s));
    if ((rc = rule_cfg_load(&cfg, a->cfg, err)) < 0)
        return rc;
    s.a = a;
    s.o = o;
    s.r = r;
    s.err = err;
    s.env.cfg = &cfg;
    s.env.as_of = o->as_of;
    if ((rc = app_calendar(a, &s.env.cal, err)) < 0)
        return rc;
    rule_env_festival(&s.env);
    s.settings = (int64_t)rf_settings_hash(&cfg);
    s.skew = store_dialect(a->st) == STORE_PG ? PG_SKEW : 0;
    s.now = ts_now();
    bitset_init(&s.done);
    buf_init(&s.enc, DIGEST_MAX);
    s.names = arena_new(64 * 1024);
    if ((rc = store_begin(a->st, err)) == 0) {
        rc = run_locked(&s);
        if (rc < 0)
            store_rollback(a->st);
        else
            rc = store_commit(a->st, err);
    }
    arena_free(s.names);
    buf_fini(&s.enc);
    bitset_fini(&s.done);
    r->seconds = now_secs() - t0;
    return rc;
}
