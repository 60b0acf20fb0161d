/*
 * rules.h - the warning rules W01-W23 of SPEC §5: one const table of rules
 * (code, Chinese name, level logic, legal basis), their thresholds (struct
 * rule_cfg, from configuration with the SPEC defaults), and pure functions
 * from loaded facts (store/store_scan.h) to hits.  Nothing here does I/O.
 *
 * The families, one file each:
 *   rules_month.c    digest of a project's detail rows per month (struct rf_month)
 *   rules_project.c  W01 W02 W08 W18          project set-up
 *   rules_payroll.c  W03-W07 W14 W19 W22 W23  wages, attendance, payroll
 *   rules_money.c    W09 W10 W16 W21          deposits and the wage account
 *   rules_deposit.c  SPEC §6: the required deposit, step by step
 *   rules_cases.c    W11-W13 W14 W15 W17      clues, cases, blacklist, deadlines
 *   rules_level.c    W20 and the risk ledger's score and class
 *
 * A hit is identified by (rule, subject type, subject code, month): one per
 * project and month for the monthly rules, however many lines are affected.
 */
#ifndef ZQ_RULES_RULES_H
#define ZQ_RULES_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/config.h"
#include "core/date.h"
#include "core/err.h"
#include "store/store_scan.h"

enum rule_id {
    W01 = 1,
    W02,
    W03,
    W04,
    W05,
    W06,
    W07,
    W08,
    W09,
    W10,
    W11,
    W12,
    W13,
    W14,
    W15,
    W16,
    W17,
    W18,
    W19,
    W20,
    W21,
    W22,
    W23,
    RULE_COUNT /* 24: ids are 1..23 */
};

enum rule_level { LEVEL_NONE = 0, LEVEL_YELLOW = 1, LEVEL_ORANGE = 2, LEVEL_RED = 3 };

enum rule_subject { SUBJ_PROJECT, SUBJ_ENTERPRISE, SUBJ_CLUE, SUBJ_CASE, SUBJ_REGION };

/* How a rule is evaluated: on each project's facts (incremental scans
 * re-evaluate only changed projects), over the global facts every time, or
 * as a modifier of other rules' levels. */
enum rule_pass { PASS_PROJECT, PASS_GLOBAL, PASS_MODIFIER };

struct rule_def {
    enum rule_id id;
    const char *code;   /* "W01" */
    const char *name;   /* 未开设工资专户 */
    const char *levels; /* level logic, Chinese */
    const char *basis;  /* legal basis, Chinese */
    enum rule_pass pass;
    bool monthly; /* identity carries a month */
};

/* rule_defs[id] for id in 1..23; rule_defs[0] is a placeholder. */
extern const struct rule_def rule_defs[RULE_COUNT];
/* NULL when code is not W01..W23. */
const struct rule_def *rule_by_code(const char *code);

const char *rule_level_name(enum rule_level l);     /* red, orange, yellow */
const char *rule_level_zh(enum rule_level l);       /* 红, 橙, 黄 */
int rule_level_parse(const char *s);                /* LEVEL_* or -1 */
const char *rule_subject_name(enum rule_subject s); /* project, enterprise, ... */
int rule_subject_parse(const char *s);              /* SUBJ_* or -1 */

/* Thresholds and settings; money in fen, percentages in whole percent. */
struct rule_cfg {
    int due_months;       /* wages of month M are due in month M + due_months */
    int due_day;          /* on that day of the month; 0 = its last day */
    int w01_days;         /* account required within this many days of signing */
    int64_t w02_lookback; /* months checked back from D (0: from the start month) */
    int w03_red_workers;
    int64_t w03_red_fen;
    int w04_red_pct;
    int w05_days; /* tolerated difference in days */
    int w08_pct;
    int w10_days;
    int w11_days, w11_min, w11_red;
    int64_t w12_people, w12_fen, w12_red_people, w12_red_fen;
    int w13_months;
    int w17_red_workdays;
    int64_t w19_min_wage_fen;
    const char *w19_min_wage_regions; /* "330100:2490,330200:2280"; borrowed from config */
    int64_t w19_max_worker_fen;
    int w20_days;
    zq_date chuxi[32]; /* configured 除夕 dates (rules.chuxi); empty: from the calendar */
    int nchuxi;
    int w21_workdays;
    int w22_workdays, w22_red_workers;
    int w23_days;
    int64_t w23_tolerance_fen;
    int w23_red_pct;
    /* deposits (SPEC §6) */
    int dep_ratio_bp;       /* base ratio in basis points: 200 = 2% */
    int dep_multi_ratio_bp; /* with deposits on other projects in the area */
    bool dep_city_area;
    int64_t dep_cap_fen;
    int dep_clean2_pct, dep_arrears_pct, dep_black_pct; /* 50, 150, 200 */
    bool dep_small_exempt;
    int64_t dep_small_fen;
    /* risk ledger */
    int ledger_high, ledger_mid;
    /* default risk (rules_risk.c, risk.h) */
    int risk_months;                         /* the window: this many months before D's month */
    int risk_cov_ok_pct, risk_cov_bad_pct;   /* 人工费 coverage: no points / all points */
    int risk_lag_ok_days, risk_lag_bad_days; /* average lag: no points / all points */
    int risk_lag_rise_days;                  /* lag rise over the baseline for all points */
    int risk_w_coverage, risk_w_lag, risk_w_lag_rise, risk_w_unpaid; /* weights */
    int risk_high, risk_mid; /* band 高 / 中 from these scores */
};

/* The SPEC defaults. */
void rule_cfg_default(struct rule_cfg *c);
/* Defaults overridden by the "rules.*", "deposit.*" and "ledger.*" options of
 * cfg; err names the key and value of a bad one.  c borrows strings of cfg. */
int rule_cfg_load(struct rule_cfg *c, const struct config *cfg, struct zq_err *err) ZQ_WUR;

/* Due date of the wages of month m (SPEC §5, 条例 12-14): day due_day of
 * month m + due_months (its last day when 0 or beyond it), brought forward to
 * the last working day on or before it. */
zq_date rule_due_date(const struct rule_cfg *c, const struct calendar *cal, zq_month m);

/* ------------------------------------------------------------ hits */

#define RULE_MSG_MAX  640
#define RULE_EVID_MAX 480
#define RULE_CODE_MAX 80

struct rule_hit {
    enum rule_id rule;
    enum rule_level level, base_level; /* base_level: before W20 */
    enum rule_subject subject;
    char code[RULE_CODE_MAX];             /* project code, USCC, ticket, case number */
    char month[MONTH_STR_LEN];            /* "" when the rule is not monthly */
    int64_t project_id;                   /* 0 when the subject is not a project's */
    const char *province, *region, *dept; /* borrowed from the facts */
    char message[RULE_MSG_MAX];           /* Chinese, with the evidence figures */
    char evidence[RULE_EVID_MAX];         /* JSON object of the figures */
};

/* Where rules send their hits; the hit is valid during the call only. */
struct rule_sink {
    void (*emit)(void *ctx, const struct rule_hit *h);
    void *ctx;
};

/* Enterprises' records, indexed for the project rules: verified cases
 * against an enterprise per area (deposits, SPEC §6) and statutory blacklist
 * entries (W15, deposits).  Built from the globals; names borrowed. */
struct rf_arrears {
    int64_t enterprise_id;
    char area[7];
    zq_date filed;
};
struct rf_black {
    int64_t enterprise_id;
    const char *name;
    zq_date decided, expires, removed; /* in force on D: decided <= D < expires, removed */
};
struct rf_history {
    struct rf_arrears *arr; /* sorted by (enterprise_id, area, filed) */
    size_t narr, arr_cap;
    struct rf_black *black; /* sorted by enterprise_id */
    size_t nblack, black_cap;
};
void rf_history_build(struct rf_history *h, const struct sf_globals *g, bool city_area);
void rf_history_fini(struct rf_history *h);
/* The statutory entry in force on d for the enterprise, or NULL. */
const struct rf_black *rf_blacklisted(const struct rf_history *h, int64_t enterprise_id, zq_date d);
/* The area code of a region ("330282" -> "330000", or "330200" by city). */
void rf_area_of(const char *region, bool city, char out[7]);

/* Everything a rule may consult besides its facts. */
struct rule_env {
    const struct rule_cfg *cfg;
    const struct calendar *cal;
    zq_date as_of;
    const struct sf_globals *g;    /* may be NULL in unit tests of project rules */
    const struct rf_history *hist; /* may be NULL likewise */
    bool festival;                 /* W20 in force on as_of */
    zq_date chuxi;                 /* the 除夕 W20 counts towards (SF_NO_DATE: none) */
};

/* Fill env->festival and env->chuxi for env->as_of: the first 除夕 on or
 * after it (rules.chuxi when configured, else the built-in dates, else the
 * calendar's statutory 春节). */
void rule_env_festival(struct rule_env *env);
/* The i-th built-in 除夕 (from 2020), SF_NO_DATE past the table. */
zq_date rule_chuxi_builtin(size_t i);

/* ------------------------------------------------------------ month digests */

#define RF_NAMES 64 /* "张三、李四、王五等" */

/* One project-month, digested from the detail rows as they stood on the scan
 * date: attendance days after it and payments made after it do not count. */
struct rf_month {
    zq_month month;
    zq_date due_on;
    int attendees; /* workers with attendance in the month */
    int pay_lines, pay_workers;
    int64_t due_fen; /* Σ wage_due */
    int unpaid_lines, unpaid_workers;
    int64_t unpaid_fen;                        /* owed and not paid */
    int late_lines;                            /* paid in full, after due_on */
    zq_date late_last;                         /* the latest such payment */
    int noline_workers;                        /* attended, no payroll line (W04) */
    int mismatch_workers;                      /* |days_worked - attended| > tolerance (W05) */
    int mismatch_days_paid, mismatch_days_att; /* of the first one */
    int cash_lines, bank_lines, other_lines;   /* paid other than 专户代发 (W06) */
    int unregistered;                          /* workers not registered on the project (W07) */
    int64_t max_worker_fen;                    /* the largest wage_due of one worker (W19) */
    int daifa_lines, undisbursed_lines;        /* paid 专户代发; without a bank line (W23) */
    int64_t rg_fen;                            /* 人工费拨付 received in the month (W02) */
    int64_t in_fen, out_fen;                   /* every receipt and payment of the account */
    int64_t lag_days; /* Σ days from the month's end to paid_on, over lines paid by D (risk) */
    int lag_lines;    /* the lines counted in lag_days */
    char ex_unpaid[RF_NAMES], ex_noline[RF_NAMES], ex_mismatch[RF_NAMES];
    char ex_unreg[RF_NAMES], ex_max[RF_NAMES], ex_undisb[RF_NAMES];
};

/* A worker who has left the project by the scan date and was owed something
 * in a month up to his exit month (W22 candidates; whether the exit is old
 * enough is decided on the scan date). */
struct rf_leaver {
    int64_t worker_id;
    zq_date left;
    const char *name; /* borrowed from the chunk, or the decoder's arena */
};

/* What a leaver was owed in one month up to his exit month: an unpaid line,
 * or attendance without a line.  Kept per month so that the digest of one
 * month can be replaced (rf_digest_merge). */
struct rf_lvm {
    zq_month month;
    int64_t worker_id;
    bool unpaid, noline;
};

/* The digest of one project. */
struct rf_project {
    const struct sf_project *p;
    struct rf_month *m; /* sorted by month */
    size_t nm, m_cap;
    struct rf_leaver *lv; /* the leavers named by lvm, sorted by worker */
    size_t nlv, lv_cap;
    struct rf_lvm *lvm; /* sorted by (month, worker) */
    size_t nlvm, lvm_cap;
    int registered, no_contract; /* registered on or before the scan date (W08) */
    bool has_disb;               /* the bank sends per-worker lines (W23) */
    zq_date max_date;            /* the latest business date of the project's detail rows
                                    (SF_NO_DATE: none), after the scan date too */
};

void rf_project_init(struct rf_project *r);
void rf_project_fini(struct rf_project *r);
/* Digest project p of chunk c as of env->as_of into r (its previous content
 * is dropped). */
void rf_digest(const struct rule_env *env, const struct sf_chunk *c, const struct sf_project *p,
               struct rf_project *r);
/* The digest of month m, or NULL when the project has no rows that month. */
const struct rf_month *rf_month_find(const struct rf_project *r, zq_month m);

/* Replace the months months[0..n) (sorted) of a stored digest by those of
 * fresh, a digest of the same project made from its rows of those months
 * only (with all its registrations and the bank lines those months' payments
 * can match): the result, in stored, is the digest of all its rows.  Leaver
 * names are borrowed from fresh where it has them. */
void rf_digest_merge(struct rf_project *stored, const struct rf_project *fresh,
                     const zq_month *months, size_t n);

/*
 * Digests are kept between scans (scan_digests).  rf_encode appends the
 * digest to out (a compact varint form); rf_decode reads one back into r,
 * leaver names into `names` (the caller's arena; r->p is left NULL).
 * ZQ_EINVAL when the bytes are not a digest of this version.  A stored
 * digest made for date `made` is the digest for date d when nothing it was
 * made from changed and either d == made or every row is dated on or before
 * both; rf_digest_reusable() checks the dates and that the due dates it used
 * are still those of the configuration and calendar.
 */
struct arena;
struct buf;
int rf_encode(const struct rf_project *r, struct buf *out) ZQ_WUR;
int rf_decode(const void *p, size_t n, struct rf_project *r, struct arena *names) ZQ_WUR;
bool rf_digest_reusable(const struct rule_env *env, const struct rf_project *r, zq_date made);
/* A hash of the settings a digest depends on (besides due dates). */
uint64_t rf_settings_hash(const struct rule_cfg *c);

/* ------------------------------------------------------------ evaluation */

/* Every project-pass rule on one project (W01-W10, W14 from W03/W04, W15,
 * W16, W18, W19, W21-W23), with W20 applied. */
void rules_project(const struct rule_env *env, const struct sf_chunk *c, const struct sf_project *p,
                   const struct rf_project *r, const struct rule_sink *out);
/* Every global rule (W11-W13, W14 from open cases, W17), with W20 applied. */
void rules_global(const struct rule_env *env, const struct rule_sink *out);

/* The families, for tests. */
void rules_setup(const struct rule_env *env, const struct sf_project *p, const struct rf_project *r,
                 const struct rule_sink *out);
void rules_wages(const struct rule_env *env, const struct sf_project *p, const struct rf_project *r,
                 const struct rule_sink *out);
void rules_money(const struct rule_env *env, const struct sf_chunk *c, const struct sf_project *p,
                 const struct rf_project *r, const struct rule_sink *out);
void rules_blacklist(const struct rule_env *env, const struct sf_chunk *c,
                     const struct sf_project *p, const struct rule_sink *out);

/* W20: the level of a hit of rule id on env's date (one step up when in force
 * and the rule is W03, W04, W12 or W13). */
enum rule_level rule_raise(const struct rule_env *env, enum rule_id id, enum rule_level base);

/* ------------------------------------------------------------ helpers */

/* Start a hit: rule, level (base level; W20 applied), subject, month
 * (SF_NO_MONTH for none) and the project's or case's place. */
void rule_hit_init(struct rule_hit *h, const struct rule_env *env, enum rule_id id,
                   enum rule_level base, enum rule_subject subj, const char *code, zq_month month);
void rule_hit_project(struct rule_hit *h, const struct sf_project *p);
/* Append formatted text to the message / the evidence (truncated, always
 * valid UTF-8). */
void rule_msg(struct rule_hit *h, const char *fmt, ...) ZQ_PRINTF(2, 3);
void rule_evid(struct rule_hit *h, const char *fmt, ...) ZQ_PRINTF(2, 3);
/* The department code of a project's industry (住建 housing ...; hrss). */
const char *rule_industry_dept(const char *industry);
/* "2026年09月" */
char *rule_month_zh(zq_month m, char out[16]);

/* The risk ledger: score = 10·red + 4·orange + 1·yellow; class 高 (score >=
 * cfg->ledger_high), 中 (>= ledger_mid), 低 (> 0), "" for 0. */
int64_t rule_score(int64_t red, int64_t orange, int64_t yellow);
const char *rule_class(const struct rule_cfg *c, int64_t score);

#endif
