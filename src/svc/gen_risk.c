/*
 * gen_risk.c - planted future defaults (`gen --defaults PCT`, docs/gen.md):
 * projects whose leading indicators deteriorate in the two months before a
 * default month M* (the plant month), whose wages then go unpaid past their
 * due date, and as many decoys whose indicators blip once or dip mildly and
 * recover.  defaults.csv lists both, so that the default risk of the rules
 * (rules/risk.h) can be measured as of a date before any arrears show.
 *
 * Only projects without a planted violation are chosen, by a hash of the
 * seed and the project index, so with --defaults 0 (the default) nothing here
 * changes a byte of the other files.  Everything is a pure function of the
 * generator and the project, like the rest of the model.
 */
#include "core/calendar.h"
#include "svc/gen_int.h"

static const char *const profile_names[] = {
    [GEN_RP_BOTH] = "both",       [GEN_RP_FUNDS] = "funds",       [GEN_RP_LAG] = "lag",
    [GEN_RP_ONE_LOW] = "one_low", [GEN_RP_ONE_LATE] = "one_late", [GEN_RP_MILD] = "mild",
};

void
gen_risk_pick(const struct gen *g, struct gen_project *p)
{
    uint32_t pct = (uint32_t)g->o.defaults_pct, u, v;
    uint64_t h;

    p->risk = GEN_RISK_NONE;
    if (pct == 0 || p->plant != 0)
        return;
    h = gen_hash(g->salt ^ 0xDEFA0175ULL, (uint64_t)p->idx + 1);
    u = (uint32_t)(h % 10000);
    v = (uint32_t)((h >> 32) % 100);
    if (u < pct * 100) {
        p->risk = GEN_RISK_DEFAULT;
        p->risk_profile = v < 70 ? GEN_RP_BOTH : v < 85 ? GEN_RP_FUNDS : GEN_RP_LAG;
    } else if (u < 2 * pct * 100) {
        p->risk = GEN_RISK_DECOY;
        p->risk_profile = v < 40 ? GEN_RP_ONE_LOW : v < 70 ? GEN_RP_ONE_LATE : GEN_RP_MILD;
    } else {
        return;
    }
    /* active, with a few months of normal history before the window, and
     * big enough that one worker is not the whole payroll */
    p->status = ST_ACTIVE;
    if (p->nworkers < 12)
        p->nworkers += 12;
}

/* The month (offset from M*: -2 or -1) of a decoy's single blip. */
static int
blip_offset(const struct gen_project *p)
{
    return (gen_hash(p->seed, 0xD0F) & 1) ? -1 : -2;
}

static struct gen_rng
month_rng(const struct gen_project *p, zq_month m, uint64_t salt)
{
    struct gen_rng r = { gen_hash(p->seed, salt + (uint64_t)m) };

    return r;
}

zq_date
gen_risk_pay_day(const struct gen *g, const struct gen_project *p, int k, zq_date usual)
{
    zq_month m = g->m0 + k;
    int off = (int)(m - g->mplant), prof = p->risk_profile;
    struct gen_rng r = month_rng(p, m, 0xD100);
    bool lagged;
    zq_date d;

    if (p->risk == GEN_RISK_NONE)
        return usual;
    if (p->risk == GEN_RISK_DEFAULT)
        lagged = (prof == GEN_RP_BOTH || prof == GEN_RP_LAG) && (off == -2 || off == -1);
    else
        lagged = prof == GEN_RP_ONE_LATE && off == blip_offset(p);
    if (!lagged)
        return usual;
    /* later and later, but never past the due date (no W03 before M*) */
    if (off == -2 || p->risk == GEN_RISK_DECOY)
        d = month_first_day(m + 1) + (zq_date)rng_range(&r, 19, 24);
    else
        d = g->due[k] - (zq_date)rng_range(&r, 0, 3);
    return calendar_last_workday_on_or_before(g->cal, d, NULL);
}

static int64_t
share(int64_t fen, int64_t pct)
{
    int64_t v = (fen * pct / 100 + 9999) / 10000 * 10000; /* up to 100 yuan */

    return v > 0 ? v : 10000;
}

int64_t
gen_risk_inflow(const struct gen *g, const struct gen_project *p, zq_month m, int64_t usual,
                int64_t *carry)
{
    int off = (int)(m - g->mplant), prof = p->risk_profile;
    struct gen_rng r = month_rng(p, m, 0xD200);
    int64_t v;

    if (p->risk == GEN_RISK_NONE || usual <= 0)
        return usual;
    if (p->risk == GEN_RISK_DEFAULT && prof != GEN_RP_LAG) {
        if (off == -2)
            return share(usual, rng_range(&r, 55, 75));
        if (off == -1)
            return share(usual, rng_range(&r, 25, 50));
        if (off == 0)
            return share(usual, rng_range(&r, 5, 20));
        return usual;
    }
    if (prof == GEN_RP_MILD && off >= -2 && off <= 0)
        return share(usual, rng_range(&r, 80, 90));
    if (prof == GEN_RP_ONE_LOW && off == blip_offset(p)) {
        v = share(usual, rng_range(&r, 40, 60));
        *carry = usual > v ? usual - v : 0;
        return v;
    }
    if (prof == GEN_RP_ONE_LOW && off == blip_offset(p) + 1) {
        v = usual + *carry; /* made good with the next month's */
        *carry = 0;
        return v;
    }
    return usual;
}

bool
gen_risk_unpaid(const struct gen *g, const struct gen_project *p, int w, zq_month m)
{
    /* the default: half the core workers (on site all month, never leaving)
     * are not paid for M* */
    return p->risk == GEN_RISK_DEFAULT && m == g->mplant && w < (p->ncore + 1) / 2;
}

void
gen_w_defaults(struct gen *g)
{
    struct gen_out *o = &g->out;
    struct gen_project p;
    int kd = gen_kidx(g, g->mplant);
    zq_date eval = month_first_day(g->mplant + 1) + 7;

    out_str(o, "project_code,outcome,profile,default_month,due_on,evaluate_on\n");
    if (g->o.defaults_pct == 0)
        return;
    for (uint32_t i = 0; i < g->nprojects; i++) {
        gen_project_make(g, i, &p);
        if (p.risk == GEN_RISK_NONE)
            continue;
        out_str(o, p.code);
        out_str(o, p.risk == GEN_RISK_DEFAULT ? ",default," : ",decoy,");
        out_str(o, profile_names[p.risk_profile]);
        out_c(o, ',');
        if (p.risk == GEN_RISK_DEFAULT)
            out_month(o, g->mplant);
        out_c(o, ',');
        if (p.risk == GEN_RISK_DEFAULT && kd >= 0)
            out_date(g, o, g->due[kd]);
        out_c(o, ',');
        out_date(g, o, eval);
        out_end_row(o);
    }
}
