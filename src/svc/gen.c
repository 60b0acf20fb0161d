/*
 * gen.c - the generator's public face (svc/gen.h): options, the window and
 * calendar of the as-of date, the plant slots and enterprise pools, and the
 * dispatch of one kind (or all of them into a directory) to its writer.
 *
 * The generator owns its scratch space (workers of the current project, the
 * output buffer, preformatted dates) and, when the caller gave none, its
 * calendar; callers own the FILEs and the directory.
 */
#include "svc/gen.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/alloc.h"
#include "svc/gen_int.h"

#define GEN_MAX_PROJECTS 1000000 /* 6-digit project serials */

static const char *const kind_names[GEN_NKINDS] = {
    [GEN_ENTERPRISES] = "enterprises",
    [GEN_PROJECTS] = "projects",
    [GEN_SUBCONTRACTS] = "subcontracts",
    [GEN_ACCOUNTS] = "accounts",
    [GEN_DEPOSITS] = "deposits",
    [GEN_EMPLOYMENT] = "employment",
    [GEN_ATTENDANCE] = "attendance",
    [GEN_PAYROLL] = "payroll",
    [GEN_TXNS] = "txns",
    [GEN_DISBURSEMENTS] = "disbursements",
    [GEN_PAYMENTS] = "payments",
    [GEN_CLUES] = "clues",
    [GEN_CASES] = "cases",
    [GEN_BLACKLIST] = "blacklist",
    [GEN_MANIFEST] = "manifest",
};

static void (*const writers[GEN_NKINDS])(struct gen *) = {
    [GEN_ENTERPRISES] = gen_w_enterprises,
    [GEN_PROJECTS] = gen_w_projects,
    [GEN_SUBCONTRACTS] = gen_w_subcontracts,
    [GEN_ACCOUNTS] = gen_w_accounts,
    [GEN_DEPOSITS] = gen_w_deposits,
    [GEN_EMPLOYMENT] = gen_w_employment,
    [GEN_ATTENDANCE] = gen_w_attendance,
    [GEN_PAYROLL] = gen_w_payroll,
    [GEN_TXNS] = gen_w_txns,
    [GEN_DISBURSEMENTS] = gen_w_disbursements,
    [GEN_PAYMENTS] = gen_w_payments,
    [GEN_CLUES] = gen_w_clues,
    [GEN_CASES] = gen_w_cases,
    [GEN_BLACKLIST] = gen_w_blacklist,
    [GEN_MANIFEST] = gen_w_manifest,
};

void
gen_opts_default(struct gen_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->scale = GEN_SCALE_COUNTY;
    o->seed = GEN_DEFAULT_SEED;
    o->as_of = date_from_ymd(2026, 11, 23); /* GEN_DEFAULT_AS_OF */
    o->violations_pct = GEN_DEFAULT_VIOLATIONS;
}

int
gen_scale_parse(const char *s, enum gen_scale *out, struct zq_err *err)
{
    for (int i = GEN_SCALE_COUNTY; i <= GEN_SCALE_PROVINCE; i++) {
        if (strcmp(s, gen_scales[i].name) == 0) {
            *out = (enum gen_scale)i;
            return 0;
        }
    }
    return zq_err_set(err, ZQ_EINVAL, "未知的规模“%s”（可用：county、city、province）", s);
}

int
gen_kind_parse(const char *s, enum gen_kind *out, struct zq_err *err)
{
    for (int i = 0; i < GEN_NKINDS; i++) {
        if (strcmp(s, kind_names[i]) == 0) {
            *out = (enum gen_kind)i;
            return 0;
        }
    }
    return zq_err_set(err, ZQ_EINVAL,
                      "未知的数据类型“%s”（可用：enterprises、projects、subcontracts、accounts、"
                      "deposits、employment、attendance、payroll、txns、disbursements、payments、"
                      "clues、cases、blacklist、manifest）",
                      s);
}

const char *
gen_kind_name(enum gen_kind k)
{
    return (int)k >= 0 && k < GEN_NKINDS ? kind_names[k] : "?";
}

/* The window, its site days and pay days, and the plant month. */
static void
setup_time(struct gen *g)
{
    g->as_of = g->o.as_of;
    g->amonth = date_month(g->as_of);
    g->m0 = g->amonth - (GEN_NMONTHS - 1);
    g->wstart = month_first_day(g->m0);
    for (int k = 0; k < GEN_NMONTHS; k++) {
        zq_month m = g->m0 + k;
        zq_date first = month_first_day(m), last = month_last_day(m);

        g->site[k] = 0;
        for (zq_date d = first; d <= last && d < g->as_of; d++)
            if (gen_site_day(g, d))
                g->site[k] |= 1u << (d - first);
        g->pay[k] = gen_pay_day(g, m);
        g->due[k] = gen_due_day(g, m);
    }
    g->mpaid = g->m0;
    g->mplant = g->m0;
    for (int k = GEN_NMONTHS - 1; k >= 0; k--) {
        if (g->pay[k] < g->as_of && g->mpaid == g->m0)
            g->mpaid = g->m0 + k;
        /* late pay of a planted W03 (due + 5) must fall before the as-of date */
        if (g->due[k] + 14 < g->as_of && g->mplant == g->m0)
            g->mplant = g->m0 + k;
    }
    g->dfirst = g->wstart - 40 * 31;
    for (int i = 0; i < GEN_NDATES; i++)
        gen_fmt_date(g->dfirst + i, g->dates[i]);
}

static void
setup_plants_and_pools(struct gen *g)
{
    uint32_t p = g->nprojects, n = 0, floor_n, size[GEN_NPOOLS];
    uint32_t nc = (uint32_t)g->sc->ncounties;

    if (g->o.violations_pct > 0) {
        n = (uint32_t)(((uint64_t)p * (uint32_t)g->o.violations_pct + 99) / 100);
        /* at least one plant of every rule, as long as half the projects stay clean */
        floor_n = p / 2 < GEN_NRULES ? p / 2 : GEN_NRULES;
        n = n < floor_n ? floor_n : n;
        n = n > p ? p : n;
    }
    g->nplants = n;
    size[POOL_GOV] = nc * 5;
    size[POOL_SOE] = nc * 3;
    size[POOL_DEV] = p / 5 + 4;
    size[POOL_CON] = p / 4 + 4;
    size[POOL_SPEC] = p / 6 + 3;
    size[POOL_LAB] = p / 3 + 4;
    size[POOL_OTHER] = p / 10 > 40 ? p / 10 : 40;
    size[POOL_DED] = n;
    g->ent_base[0] = 0;
    for (int i = 0; i < GEN_NPOOLS; i++)
        g->ent_base[i + 1] = g->ent_base[i] + size[i];
}

int
gen_new(const struct gen_opts *opts, struct gen **out, struct zq_err *err)
{
    struct gen *g;
    int y = month_year(date_month(opts->as_of)), rc;

    if ((int)opts->scale < GEN_SCALE_COUNTY || opts->scale > GEN_SCALE_PROVINCE)
        return zq_err_set(err, ZQ_EINVAL, "未知的规模 %d", (int)opts->scale);
    if (opts->violations_pct < 0 || opts->violations_pct > 100)
        return zq_err_set(err, ZQ_EINVAL, "违规比例 %d%% 超出范围（0–100）", opts->violations_pct);
    if (opts->defaults_pct < 0 || opts->defaults_pct > 25)
        return zq_err_set(err, ZQ_EINVAL, "违约预埋比例 %d%% 超出范围（0–25）", opts->defaults_pct);
    if (opts->projects > GEN_MAX_PROJECTS)
        return zq_err_set(err, ZQ_EINVAL, "项目数 %u 超出范围（最多 %d）", opts->projects,
                          GEN_MAX_PROJECTS);
    if (y < 1910 || y > 2180)
        return zq_err_set(err, ZQ_EINVAL, "基准日期的年份 %d 超出范围（1910–2180）", y);
    g = zq_calloc(1, sizeof(*g));
    g->o = *opts;
    g->cal = opts->cal;
    if (g->cal == NULL) {
        rc = calendar_new_builtin(&g->own_cal, err);
        if (rc < 0) {
            zq_free(g);
            return rc;
        }
        g->cal = g->own_cal;
    }
    g->sc = &gen_scales[opts->scale];
    g->nprojects = opts->projects > 0 ? opts->projects : g->sc->projects;
    g->salt = gen_hash(opts->seed, 0x7A6869716961ULL);
    g->dates = zq_malloc(GEN_NDATES * sizeof(*g->dates));
    g->obuf = zq_malloc(GEN_OUTBUF);
    g->w = zq_calloc(GEN_MAX_WORKERS + 1, sizeof(*g->w));
    g->prefix = zq_calloc(GEN_MAX_WORKERS + 1, sizeof(*g->prefix));
    g->prefix_len = zq_calloc(GEN_MAX_WORKERS + 1, 1);
    setup_time(g);
    setup_plants_and_pools(g);
    *out = g;
    return 0;
}

void
gen_free(struct gen *g)
{
    if (g == NULL)
        return;
    calendar_free(g->own_cal);
    zq_free(g->dates);
    zq_free(g->obuf);
    zq_free(g->w);
    zq_free(g->prefix);
    zq_free(g->prefix_len);
    zq_free(g);
}

uint32_t
gen_project_count(const struct gen *g)
{
    return g->nprojects;
}

uint32_t
gen_plant_count(const struct gen *g)
{
    return g->nplants;
}

size_t
gen_state_bytes(const struct gen *g)
{
    (void)g;
    return sizeof(struct gen) + GEN_OUTBUF + GEN_NDATES * 10 +
           (GEN_MAX_WORKERS + 1) * (sizeof(struct gen_worker) + 48 + 1);
}

int
gen_write(struct gen *g, enum gen_kind k, FILE *f, struct gen_stats *st, struct zq_err *err)
{
    if ((int)k < 0 || k >= GEN_NKINDS)
        return zq_err_set(err, ZQ_EINVAL, "未知的数据类型 %d", (int)k);
    out_start(&g->out, f, g->obuf, GEN_OUTBUF);
    errno = 0;
    writers[k](g);
    out_flush(&g->out);
    if (g->out.err == 0 && fflush(f) != 0)
        g->out.err = errno != 0 ? errno : EIO;
    if (st != NULL) {
        st->rows = g->out.rows;
        st->bytes = g->out.bytes;
    }
    if (g->out.err != 0)
        return zq_err_set(err, ZQ_EIO, "写出 %s 数据失败：%s", kind_names[k], strerror(g->out.err));
    return 0;
}

int
gen_write_defaults(struct gen *g, FILE *f, struct gen_stats *st, struct zq_err *err)
{
    out_start(&g->out, f, g->obuf, GEN_OUTBUF);
    errno = 0;
    gen_w_defaults(g);
    out_flush(&g->out);
    if (g->out.err == 0 && fflush(f) != 0)
        g->out.err = errno != 0 ? errno : EIO;
    if (st != NULL) {
        st->rows = g->out.rows;
        st->bytes = g->out.bytes;
    }
    if (g->out.err != 0)
        return zq_err_set(err, ZQ_EIO, "写出 defaults 数据失败：%s", strerror(g->out.err));
    return 0;
}

static uint64_t
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int
gen_write_dir(struct gen *g, const char *dir, struct gen_stats *st, uint64_t *ns,
              struct zq_err *err)
{
    char path[4096];
    int rc;

    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return zq_err_set(err, ZQ_EIO, "无法创建目录 %s：%s", dir, strerror(errno));
    for (int k = 0; k < GEN_NKINDS; k++) {
        uint64_t t0 = now_ns();
        FILE *f;

        if ((size_t)snprintf(path, sizeof(path), "%s/%s.csv", dir, kind_names[k]) >= sizeof(path))
            return zq_err_set(err, ZQ_EINVAL, "目录名过长：%s", dir);
        f = fopen(path, "wb");
        if (f == NULL)
            return zq_err_set(err, ZQ_EIO, "无法写入 %s：%s", path, strerror(errno));
        rc = gen_write(g, (enum gen_kind)k, f, st != NULL ? &st[k] : NULL, err);
        if (fclose(f) != 0 && rc == 0)
            rc = zq_err_set(err, ZQ_EIO, "无法写入 %s：%s", path, strerror(errno));
        if (ns != NULL)
            ns[k] = now_ns() - t0;
        if (rc < 0)
            return rc;
    }
    if (g->o.defaults_pct > 0) {
        FILE *f;

        if ((size_t)snprintf(path, sizeof(path), "%s/defaults.csv", dir) >= sizeof(path))
            return zq_err_set(err, ZQ_EINVAL, "目录名过长：%s", dir);
        if ((f = fopen(path, "wb")) == NULL)
            return zq_err_set(err, ZQ_EIO, "无法写入 %s：%s", path, strerror(errno));
        rc = gen_write_defaults(g, f, NULL, err);
        if (fclose(f) != 0 && rc == 0)
            rc = zq_err_set(err, ZQ_EIO, "无法写入 %s：%s", path, strerror(errno));
        return rc;
    }
    return 0;
}
