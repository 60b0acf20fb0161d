/*
 * credit.h - the credit use cases: the blacklist workflow of 失信办法 and
 * 条例 48 (eligibility, proposal, prior notice with a 陈述申辩 window,
 * decision, public listing, expiry after 3 years, early removal by 信用修复),
 * local watch lists (重点关注), and the annual 守法诚信 rating A/B/C.
 *
 * Every change is written with a blacklist_events row and an audit entry in
 * one transaction.  Results are JSON objects owned by the caller
 * (json_decref); errors are negative ZQ_E* codes with a Chinese message in
 * err.  States, dates and decisions are described in docs/credit.md.
 */
#ifndef ZQ_SVC_CREDIT_H
#define ZQ_SVC_CREDIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "store/store_query.h"
#include "svc/app.h"
#include "svc/auth.h"

/* Who acts and what they may see: the region range of their scope. */
struct credit_who {
    char actor[96];      /* for the audit log: "user:zhang", "cli:root", "system" */
    int64_t user_id;     /* 0: none (the command line, tokens, the system) */
    char lo[10], hi[10]; /* region range */
    char region[10];     /* the caller's region; "" for the whole database */
};

/* The command line and the system: the whole database. */
void credit_who_all(struct credit_who *w, const char *actor);
/* An API caller: the region range of p's scope. */
void credit_who_principal(struct credit_who *w, const struct principal *p);

/* ---------------------------------------------------------------- dates */

/* d plus n years on the same month and day (29 February gives 28 February
 * in a common year). */
zq_date credit_add_years(zq_date d, int n);
/* d plus n months on the same day, or the month's last day when it is
 * shorter (31 August + 6 months = 28/29 February). */
zq_date credit_add_months(zq_date d, int n);
/* The day a listing decided on `decided` ends: 3 years later (in force while
 * the date is before it). */
zq_date credit_listing_expires(zq_date decided, int years);
/* Whether an application for 信用修复 on `applied` comes at least 6 months
 * after the correction on `corrected`. */
bool credit_repair_due(zq_date corrected, zq_date applied);

/* ---------------------------------------------------------------- blacklist */

/* Whether the enterprise may be proposed on a given day: for 失信联合惩戒 an
 * order past its deadline and either unpaid >= config
 * "credit.criminal_threshold_yuan" or the incident incident_id (0: none)
 * linked to it and of serious impact; for 重点关注 any order past its
 * deadline.  Only orders of cases in w's region range count (w NULL: all).  *out: {"uscc",
 * "eligible", "watch_eligible", "threshold", "unpaid", "orders": [...], "incident": ..., "reasons":
 * [...]}. */
int credit_eligibility(struct app *a, const struct credit_who *w, const char *uscc,
                       int64_t incident_id, zq_date today, json_t **out, struct zq_err *err) ZQ_WUR;

struct credit_person {
    const char *name, *role; /* 法定代表人, 主要负责人, 直接责任人 */
    const char *idcard;      /* NULL: not given; sealed at rest, masked in answers */
};

struct credit_proposal {
    const char *uscc;
    const char *list;    /* "失信联合惩戒" or "重点关注" */
    const char *reason;  /* the facts */
    int64_t incident_id; /* 0: none */
    const struct credit_person *persons;
    int npersons;
};
/* Propose (拟列入) after checking eligibility on `today`.  *id: the entry.
 * ZQ_EINVAL when not eligible (the message says why), ZQ_ECONFLICT when the
 * enterprise already has an entry on that list in progress or in force. */
int credit_propose(struct app *a, const struct credit_who *w, const struct credit_proposal *p,
                   zq_date today, int64_t *id, struct zq_err *err) ZQ_WUR;

enum credit_step {
    CREDIT_NOTICE,  /* 告知 on `on`; the 陈述申辩 window ends credit.defense_workdays later */
    CREDIT_DEFENSE, /* record the party's 陈述申辩 (text) */
    CREDIT_DECIDE,  /* 列入, decided on `on` after the window closed; by = the authority */
    CREDIT_REJECT,  /* 不予列入 on `on` (text: why) */
    CREDIT_REPAIR,  /* 信用修复: corrected on `corrected`, applied on `on`, text: the pledge */
    CREDIT_REVOKE,  /* 撤销 on `on` (text: why) */
};
struct credit_change {
    enum credit_step step;
    zq_date on;
    zq_date corrected; /* CREDIT_REPAIR */
    const char *by;    /* CREDIT_DECIDE and CREDIT_REJECT: the deciding authority */
    const char *text;
};
/* Apply one step to entry id.  ZQ_ENOTFOUND when out of scope, ZQ_ECONFLICT
 * when the entry is not in the state the step needs, ZQ_EINVAL when a date
 * rule is not met. */
int credit_step(struct app *a, const struct credit_who *w, int64_t id,
                const struct credit_change *c, struct zq_err *err) ZQ_WUR;

/* Remove every listing whose term ended on or before today (届满); *n: how
 * many. */
int credit_expire(struct app *a, const struct credit_who *w, zq_date today, int64_t *n,
                  struct zq_err *err) ZQ_WUR;

struct credit_filter {
    const char *status, *list, *q; /* NULL or "": any */
    int64_t after_id;
    int limit;
};
/* {"items": [...], "next_cursor": "ID" or null} */
int credit_list(struct app *a, const struct credit_who *w, const struct credit_filter *f,
                json_t **out, struct zq_err *err) ZQ_WUR;
/* One entry with its persons and events. */
int credit_get(struct app *a, const struct credit_who *w, int64_t id, json_t **out,
               struct zq_err *err) ZQ_WUR;
/* The public query: listings in force of 失信联合惩戒 whose USCC is q or
 * whose name contains q (at least 2 characters); persons by name and role.
 * {"items": [...]}, at most 50. */
int credit_public(struct app *a, const char *q, zq_date today, json_t **out,
                  struct zq_err *err) ZQ_WUR;

/* Whether q may be searched publicly: 2 to 100 bytes' worth of at least 2
 * characters, without LIKE's wildcards or its escape. */
bool credit_public_query_ok(const char *q);

/* ---------------------------------------------------------------- rating */

/* The 守法诚信 grade from a year's facts (SPEC §7): C for an ignored order, a
 * police transfer, 3 or more penalties or a mass incident; B for any other
 * violation (a verified case, a penalty, an incident); A otherwise.  reasons
 * gets the Chinese reasons, "；"-separated ("无违法记录" for A). */
struct credit_facts {
    int64_t cases, ignored_orders, police, penalties, incidents, mass;
};
char credit_grade(const struct credit_facts *f, char *reasons, size_t cap);

/* Rate every enterprise in scope for year; *n: how many. */
int credit_rate(struct app *a, const struct credit_who *w, int year, int64_t *n,
                struct zq_err *err) ZQ_WUR;
/* {"items": [...], "next_cursor": USCC or null} */
int credit_ratings(struct app *a, const struct credit_who *w, int year, const char *grade,
                   const char *after, int limit, json_t **out, struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- shared */

/* Rows of q as a JSON array appended to arr (owned by the caller). */
int credit_rows(struct app *a, int q, const struct store_val *params, int n, json_t *arr,
                struct zq_err *err) ZQ_WUR;

#endif
