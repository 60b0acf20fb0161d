/*
 * gen_int.h - private to the generator (src/svc/gen*.c): the derived model
 * (projects, enterprises, workers, payroll lines), the tables of names and
 * places, the random streams and the CSV output buffer.
 *
 * Everything is a function of (seed, indices): a project of (seed, project
 * index), a worker of (project seed, worker index), a worker's month of
 * (worker seed, month).  Nothing here allocates per row.
 */
#ifndef ZQ_SVC_GEN_INT_H
#define ZQ_SVC_GEN_INT_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/idcard.h"
#include "core/uscc.h"
#include "svc/gen.h"

#define GEN_MAX_WORKERS                                                                       \
    480                 /* registered workers of a project: ID sequence numbers stay distinct \
                         */
#define GEN_NMONTHS  13 /* the window: 12 full months and the as-of month */
#define GEN_MAX_SUBS 4
#define GEN_NRULES   22 /* W01-W19 and W21-W23 */
#define GEN_OUTBUF   (1u << 20)
#define GEN_NO_DATE  INT32_MIN
#define GEN_NDATES   4096 /* preformatted dates from wstart - 40 months on */
#define GEN_YUAN     100  /* fen */

/* ---- random streams (splitmix64) ---- */

static inline uint64_t
gen_fmix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static inline uint64_t
gen_hash(uint64_t a, uint64_t b)
{
    return gen_fmix(a ^ gen_fmix(b + 0x9E3779B97F4A7C15ULL));
}

struct gen_rng {
    uint64_t s;
};

static inline uint64_t
rng_next(struct gen_rng *r)
{
    r->s += 0x9E3779B97F4A7C15ULL;
    return gen_fmix(r->s);
}

/* Uniform in [0, n), n < 2^32. */
static inline uint32_t
rng_below(struct gen_rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi] (hi >= lo). */
static inline int64_t
rng_range(struct gen_rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* True with probability pct/100. */
static inline bool
rng_pct(struct gen_rng *r, uint32_t pct)
{
    return rng_below(r, 100) < pct;
}

/* Index drawn from weights[0..n) summing to total. */
int gen_pick(struct gen_rng *r, const uint8_t *weights, int n);

/* ---- places, names, identifiers (gen_names.c) ---- */

struct gen_city {
    const char *code, *name, *shortname, *area; /* "330200", "宁波市", "宁波", "574" */
};

struct gen_county {
    const char *code, *name, *shortname; /* "330282", "慈溪市", "慈溪" */
    uint8_t city;                        /* index into gen_cities */
    uint8_t weight;                      /* share of the scale's projects */
};

struct gen_scale_def {
    const char *name;
    uint32_t projects;
    const struct gen_county *counties;
    int ncounties;
    uint32_t total_weight;
};

extern const struct gen_city gen_cities[];
extern const struct gen_scale_def gen_scales[];

const struct gen_county *gen_pick_county(const struct gen_scale_def *sc, struct gen_rng *r);
/* A real county code for a worker's ID: local (the scale's region) or a
 * county that sends many construction workers. */
const char *gen_id_prefix(const struct gen_scale_def *sc, struct gen_rng *r);
/* Append-only string builder over a caller's array (never overflows; cuts). */
struct sb {
    char *p;
    size_t len, cap;
};
void sb_init(struct sb *b, char *p, size_t cap);
void sb_put(struct sb *b, const char *s);
void sb_putn(struct sb *b, const char *s, size_t n);
void sb_num(struct sb *b, uint64_t v, int width); /* zero-padded to width */

void gen_person_name(struct gen_rng *r, bool male, char *out, size_t cap);
/* prefix6 + birth date + 3-digit sequence + check character (core/idcard). */
void gen_idcard(const char *prefix6, zq_date birth, int seq, char out[IDCARD_LEN + 1]);
void gen_mobile(struct gen_rng *r, char out[12]);
void gen_landline(struct gen_rng *r, const char *area, char out[16]);
void gen_bankcard(struct gen_rng *r, char out[20]);
/* type2 ("91" enterprise, "11" government body) + region6 + an organisation
 * code unique to (salt, id) with its GB 11714 check + the GB 32100 check. */
void gen_uscc(uint64_t salt, uint32_t id, const char *type2, const char *region6,
              char out[USCC_LEN + 1]);
/* A two-character brand unique to k within a pool (up to 1,600 per pool). */
const char *gen_brand(uint32_t k, uint64_t salt, char out[8]);
/* 住建 projects funded by government or SOEs get public works' names. */
void gen_project_name(struct gen_rng *r, const struct gen_county *c, int industry,
                      bool public_funds, int phase, char *out, size_t cap);

enum { TRADE_NCOUNT = 12 };
struct gen_trade {
    const char *name, *team;
    uint16_t lo, hi; /* yuan per day */
};
extern const struct gen_trade gen_trades[TRADE_NCOUNT];
extern const uint8_t gen_trade_weights[TRADE_NCOUNT];
extern const char *const gen_banks[];
extern const int gen_nbanks;
extern const char *const gen_industry_names[];
extern const char *const gen_funding_names[];
extern const char *const gen_status_names[];

/* ---- the model (gen_model.c) ---- */

enum { IND_HOUSING, IND_TRANSPORT, IND_WATER, IND_AGRI, IND_OTHER };
enum { FUND_GOV, FUND_SOE, FUND_SOCIAL };
enum { ST_ACTIVE, ST_DONE, ST_STOPPED };
enum { SUB_SPECIALTY, SUB_LABOUR };
enum { CH_ACCOUNT, CH_BANK, CH_CASH };

/* Enterprise pools, in id order. */
enum {
    POOL_GOV,   /* 5 bodies per county: 住建, 交通, 水利, 农业农村, 机关事务 */
    POOL_SOE,   /* 3 state-owned platforms per county */
    POOL_DEV,   /* private developers (建设单位) */
    POOL_CON,   /* 施工总承包 */
    POOL_SPEC,  /* 专业分包 */
    POOL_LAB,   /* 劳务分包 */
    POOL_OTHER, /* factories and services: clues, closed cases, blacklist */
    POOL_DED,   /* one per plant slot, emitted only where the plant needs it */
    GEN_NPOOLS
};

struct gen_ent {
    uint32_t id;
    int pool;
    uint32_t k; /* index within the pool */
    char uscc[USCC_LEN + 1];
    char name[128];
    const char *kind; /* 建设单位, 施工总承包, 专业分包, 劳务分包, 其他 */
    char region[8];
    char rep[16];
    char phone[16];
};

struct gen_sub {
    uint32_t ent;
    int kind; /* SUB_* */
    int64_t amount;
    zq_date start;
    char uscc[USCC_LEN + 1];
    char name[128];
};

struct gen_project {
    uint32_t idx;
    uint64_t seed;
    uint32_t serial; /* 6 digits, unique */
    char code[32];
    char name[160];
    const struct gen_county *county;
    int industry, funding, status;
    zq_date signed_on, start, planned_end, last_day; /* last_day: last site day */
    int64_t contract;                                /* fen */
    int ratio;                                       /* labour cost, percent */
    uint32_t builder, contractor;
    char builder_uscc[USCC_LEN + 1], builder_name[128];
    char con_uscc[USCC_LEN + 1];
    int nsubs;
    struct gen_sub subs[GEN_MAX_SUBS];
    int nworkers, ncore; /* registered; the first ncore never leave */
    int plant;           /* rule number 1-23, 0 = clean */
    int risk;            /* GEN_RISK_*: a planted future default or a decoy (gen_risk.c) */
    int risk_profile;    /* how its indicators move (GEN_RP_*) */
    int variant;         /* occurrence of that rule among the plants */
    uint32_t slot;
    int bank;
    char account[24];
    bool has_account, notice_board;
    char clerk[16];
};

struct gen_worker {
    uint64_t seed;
    char id[IDCARD_LEN + 1];
    char name[16];
    char phone[12];
    char card[20];
    int trade;
    int employer; /* index into subs, -1 = the contractor */
    bool male, signed_contract, registered;
    zq_date entered, left; /* left = GEN_NO_DATE while on site */
    int64_t daily;         /* fen */
    uint8_t absent_ands;   /* absence 1 / 2^n per working day */
};

struct gen_line {
    int days;
    int64_t due, ded, paid;
    zq_date paid_on; /* GEN_NO_DATE: unpaid */
    int channel;
    bool disb_failed;
};

struct gen_out {
    FILE *f;
    char *buf;
    size_t len, cap;
    uint64_t bytes, rows;
    int err; /* errno of the first failed write, 0 */
};

struct gen {
    struct gen_opts o;
    struct calendar *own_cal;
    const struct calendar *cal;
    const struct gen_scale_def *sc;
    uint32_t nprojects, nplants;
    uint64_t salt;
    zq_date as_of, wstart;      /* wstart: first day of the window */
    zq_month amonth, m0;        /* as-of month, first window month */
    zq_month mpaid;             /* latest month whose payroll is paid before as_of */
    zq_month mplant;            /* the month planted payroll violations use */
    uint32_t site[GEN_NMONTHS]; /* site days (bit d-1) of each window month */
    zq_date pay[GEN_NMONTHS];   /* pay day of the payroll of each window month */
    zq_date due[GEN_NMONTHS];   /* statutory due date of each window month */
    uint32_t ent_base[GEN_NPOOLS + 1];
    zq_date dfirst;
    char (*dates)[10];    /* GEN_NDATES preformatted dates from dfirst */
    char *obuf;           /* GEN_OUTBUF */
    struct gen_worker *w; /* GEN_MAX_WORKERS + 1 scratch */
    char (*prefix)[48];   /* attendance row prefixes, one per scratch worker */
    uint8_t *prefix_len;
    struct gen_out out;
};

/* Window month index of m, or -1 outside the window. */
static inline int
gen_kidx(const struct gen *g, zq_month m)
{
    return m >= g->m0 && m <= g->amonth ? (int)(m - g->m0) : -1;
}

zq_date gen_pay_day(const struct gen *g, zq_month m);
zq_date gen_due_day(const struct gen *g, zq_month m);
bool gen_site_day(const struct gen *g, zq_date d);

uint32_t gen_slot_project(const struct gen *g, uint32_t slot);
/* Rule planted in slot (1-23) and its occurrence number. */
int gen_slot_rule(uint32_t slot, int *variant);
void gen_project_make(const struct gen *g, uint32_t idx, struct gen_project *p);
void gen_ent_make(const struct gen *g, uint32_t id, struct gen_ent *e);
bool gen_ent_used(const struct gen *g, uint32_t id);
/* Fills g->w; returns the number of workers, the unregistered one of a W07
 * plant included (last). */
int gen_workers_make(struct gen *g, const struct gen_project *p);
/* Attended days (bit d-1) of worker w in window month k; *hours gets two
 * bits a day (8, 8, 9, 10 hours). */
uint32_t gen_days(const struct gen *g, const struct gen_project *p, int w, int k, uint64_t *hours);
/* The payroll line of worker w for window month k; false when there is none. */
bool gen_line(const struct gen *g, const struct gen_project *p, int w, int k, uint32_t days,
              struct gen_line *l);
/* Date the account pays month k's payroll (GEN_NO_DATE: no payroll yet). */
zq_date gen_batch_day(const struct gen *g, const struct gen_project *p, int k);
int64_t gen_required_deposit(const struct gen_project *p);

/* ---- planted future defaults (gen_risk.c, --defaults) ---- */

enum { GEN_RISK_NONE, GEN_RISK_DEFAULT, GEN_RISK_DECOY };
enum {
    GEN_RP_BOTH,     /* default: 人工费 falls and the wages come later */
    GEN_RP_FUNDS,    /* default: 人工费 falls, wages still on time (the contractor advances) */
    GEN_RP_LAG,      /* default: fully funded, wages later every month */
    GEN_RP_ONE_LOW,  /* decoy: one month's 人工费 short, made good the next month */
    GEN_RP_ONE_LATE, /* decoy: one month's wages paid late (still before the due date) */
    GEN_RP_MILD,     /* decoy: 人工费 at 80-90 % for three months, the contractor advances */
};

/* Decide whether project p (made up to its plant) carries a future default
 * or a decoy, and shape it (active, old enough, big enough). */
void gen_risk_pick(const struct gen *g, struct gen_project *p);
/* Pay day of window month k of a risk project (its usual pay day otherwise). */
zq_date gen_risk_pay_day(const struct gen *g, const struct gen_project *p, int k, zq_date usual);
/* The month's 人工费 inflow of a risk project from the usual amount; *carry
 * holds a shortfall to be made good next month. */
int64_t gen_risk_inflow(const struct gen *g, const struct gen_project *p, zq_month m, int64_t usual,
                        int64_t *carry);
/* Whether worker w's line of month m is left unpaid (the default month). */
bool gen_risk_unpaid(const struct gen *g, const struct gen_project *p, int w, zq_month m);
/* The rows of defaults.csv. */
void gen_w_defaults(struct gen *g);

/* ---- output (gen_out.c) ---- */

void out_start(struct gen_out *o, FILE *f, char *buf, size_t cap);
void out_flush(struct gen_out *o);

static inline char *
out_reserve(struct gen_out *o, size_t n)
{
    if (o->cap - o->len < n)
        out_flush(o);
    return o->buf + o->len;
}

static inline void
out_mem(struct gen_out *o, const void *p, size_t n)
{
    if (n > o->cap) {
        out_flush(o);
        if (fwrite(p, 1, n, o->f) != n && o->err == 0)
            o->err = errno ? errno : EIO;
        o->bytes += n;
        return;
    }
    memcpy(out_reserve(o, n), p, n);
    o->len += n;
}

static inline void
out_str(struct gen_out *o, const char *s)
{
    out_mem(o, s, strlen(s));
}

static inline void
out_c(struct gen_out *o, char c)
{
    *out_reserve(o, 1) = c;
    o->len++;
}

static inline void
out_end_row(struct gen_out *o)
{
    out_c(o, '\n');
    o->rows++;
}

/* A text field, quoted per RFC 4180 when it holds , " CR or LF. */
void out_csv(struct gen_out *o, const char *s);
void out_u64(struct gen_out *o, uint64_t v);
/* Yuan with two decimals from fen. */
void out_money(struct gen_out *o, int64_t fen);
/* YYYY-MM-DD; nothing for GEN_NO_DATE. */
void out_date(const struct gen *g, struct gen_out *o, zq_date d);
void out_month(struct gen_out *o, zq_month m);
void out_datetime(const struct gen *g, struct gen_out *o, zq_date d, int secs);
/* Writes "YYYY-MM-DD" (10 bytes, no NUL). */
void gen_fmt_date(zq_date d, char out[10]);

/* ---- the writers (gen_kinds.c, gen_money.c, gen_cases.c) ---- */

void gen_w_enterprises(struct gen *g);
void gen_w_projects(struct gen *g);
void gen_w_subcontracts(struct gen *g);
void gen_w_accounts(struct gen *g);
void gen_w_deposits(struct gen *g);
void gen_w_employment(struct gen *g);
void gen_w_attendance(struct gen *g);
void gen_w_payroll(struct gen *g);
void gen_w_txns(struct gen *g);
void gen_w_disbursements(struct gen *g);
void gen_w_payments(struct gen *g);
void gen_w_clues(struct gen *g);
void gen_w_cases(struct gen *g);
void gen_w_blacklist(struct gen *g);
void gen_w_manifest(struct gen *g);

#endif
