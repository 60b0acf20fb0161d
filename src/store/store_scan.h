/*
 * store_scan.h - the facts the warning scan reads, and where it writes.
 *
 * Reading is streamed by project: store_scan_chunk() loads the next few
 * hundred projects with everything the project rules look at (registrations,
 * attendance bitmaps, payroll lines, the bank's per-worker disbursements,
 * wage-account transactions, deposits and draws, subcontractors) into a
 * struct sf_chunk the caller reuses, so memory is bounded by the chunk, not by
 * the province.  Each detail query is one range query per chunk over an index
 * that starts with project_id; nothing is queried per row.  The facts that
 * are not per project (cases, clues, the blacklist, enterprises' history)
 * are loaded once per scan by store_scan_globals().
 *
 * The types are plain C values: dates are zq_date day numbers (SF_NO_DATE
 * when absent), months zq_month, money int64 fen.  Text is owned by the
 * chunk's or the globals' arena and valid until the next load / free.
 */
#ifndef ZQ_STORE_STORE_SCAN_H
#define ZQ_STORE_STORE_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "store/store.h"

#define SF_NO_DATE  INT32_MIN /* an absent date */
#define SF_NO_MONTH INT32_MIN /* an absent month */

enum sf_status { SF_ACTIVE, SF_STOPPED, SF_DONE }; /* 在建, 停工, 完工 */
enum sf_funding { SF_GOV, SF_SOE, SF_PRIVATE }; /* 政府投资, 国有企业投资, 社会投资 */
enum sf_channel { SF_DAIFA, SF_BANK, SF_CASH, SF_OTHER }; /* 专户代发, 银行代发, 现金, 其他 */
enum sf_txn_kind { SF_TX_RG, SF_TX_DAIFA, SF_TX_RETURN, SF_TX_OTHER };
enum sf_dep_kind { SF_DEP_DRAW, SF_DEP_REFILL, SF_DEP_RETURN }; /* 动用, 补足, 退还 */

struct sf_emp {
    int64_t worker_id;
    zq_date entered, left; /* left SF_NO_DATE while on site */
    bool contract;
    const char *name;
};

/* One worker-month of attendance: bit d-1 of days = present on day d. */
struct sf_att {
    zq_month month;
    int64_t worker_id;
    uint32_t days;
};

struct sf_pay {
    zq_month month;
    int64_t worker_id, employer_id;
    int days;
    int64_t due, deductions, paid;
    zq_date paid_on; /* SF_NO_DATE: not paid */
    enum sf_channel channel;
    const char *name;
};

struct sf_disb {
    int64_t worker_id;
    int64_t amount;
    zq_date paid_on;
    bool ok; /* 成功 */
};

struct sf_txn {
    zq_date date;
    bool in; /* 收入 */
    enum sf_txn_kind kind;
    int64_t amount;
};

struct sf_deposit {
    int64_t id;
    bool cash;
    const char *form;
    int64_t amount;
    zq_date on, expires, returned;
};

struct sf_dep_event {
    int64_t deposit_id;
    enum sf_dep_kind kind;
    int64_t amount;
    zq_date on;
};

/* A worker seen on the project (attendance, payroll, registration) whose
 * name the detail rows do not carry: from the worker register. */
struct sf_name {
    int64_t worker_id;
    const char *name;
};

struct sf_project {
    int64_t id;
    const char *code, *name, *province, *region, *industry;
    enum sf_funding funding;
    enum sf_status status;
    int64_t builder_id, contractor_id;
    int64_t contract_fen;
    zq_date signed_on, start, planned_end;
    bool has_clerk;
    int notice_board;   /* 1 是, 0 否, -1 not given */
    zq_date account_on; /* wage account opened; SF_NO_DATE: none */
    /* the project's detail rows: [x0, x0 + nx) of the chunk's arrays, each
     * sorted as documented in struct sf_chunk; the first five (and names)
     * only after store_scan_detail() */
    size_t emp0, nemp, att0, natt, pay0, npay, disb0, ndisb, txn0, ntxn;
    size_t dep0, ndep, ev0, nev, sub0, nsub, name0, nname;
    bool detail; /* the detail rows are loaded */
    /* what the scan kept (store_scan_digests): the stored digest, if any */
    const void *digest;
    size_t digest_len;
    zq_date digest_as_of;
    int64_t digest_settings, digest_at;
    /* changes since then (store_scan_marks) */
    int64_t pm_updated; /* latest project_months.updated_at, 0 when none */
    bool marked;        /* in scan_dirty */
};

/* Sort orders: emp by worker; att by (month, worker); pay by (month, worker,
 * employer); disb by (worker, paid_on); txn by date; names by worker. */
struct sf_chunk {
    struct sf_project *p;
    size_t np, p_cap;
    struct sf_emp *emp;
    size_t nemp, emp_cap;
    struct sf_att *att;
    size_t natt, att_cap;
    struct sf_pay *pay;
    size_t npay, pay_cap;
    struct sf_disb *disb;
    size_t ndisb, disb_cap;
    struct sf_txn *txn;
    size_t ntxn, txn_cap;
    struct sf_deposit *dep;
    size_t ndep, dep_cap;
    struct sf_dep_event *ev;
    size_t nev, ev_cap;
    int64_t *sub; /* subcontractor enterprise ids */
    size_t nsub, sub_cap;
    struct sf_name *names;
    size_t nnames, names_cap;
    struct arena *text;
};

void sf_chunk_init(struct sf_chunk *c);
void sf_chunk_fini(struct sf_chunk *c);

/*
 * Load the projects with from <= id <= to, at most max of them, in id order,
 * with their deposits, deposit events and subcontractors, and (detail true)
 * their detail rows.  *next gets the id to continue from (to + 1 when the
 * range is exhausted, else the id after the last project loaded).  Rows
 * dated after as_of are loaded too: the rules decide what "as of" means.
 * The chunk's previous content is dropped.
 */
int store_scan_chunk(struct store *st, int64_t from, int64_t to, size_t max, bool detail,
                     struct sf_chunk *c, int64_t *next, struct zq_err *err) ZQ_WUR;
/* Load the detail rows of the chunk's projects i..j (indexes, i <= j) that
 * do not have them yet. */
int store_scan_detail(struct store *st, struct sf_chunk *c, size_t i, size_t j,
                      struct zq_err *err) ZQ_WUR;
/* The months of a project whose project_months totals changed since
 * `since`: up to cap of them into out, *n gets how many there are. */
int store_scan_pm_months(struct store *st, int64_t project_id, int64_t since, zq_month *out,
                         size_t cap, size_t *n, struct zq_err *err) ZQ_WUR;
/* Load, for the chunk's project i (which has no detail rows yet), its
 * registrations, its attendance, payroll and transactions of the given
 * months, and the bank lines from disb_days days before the first payment
 * of those months on: what the digest of those months needs (see
 * rf_digest_merge). */
int store_scan_detail_months(struct store *st, struct sf_chunk *c, size_t i, const zq_month *months,
                             size_t n, int disb_days, struct zq_err *err) ZQ_WUR;
/* The stored digests and the change marks of the chunk's projects. */
int store_scan_digests(struct store *st, struct sf_chunk *c, struct zq_err *err) ZQ_WUR;
int store_scan_marks(struct store *st, struct sf_chunk *c, struct zq_err *err) ZQ_WUR;
/* Keep a project's digest (made for as_of). */
int store_scan_digest_put(struct store *st, const struct sf_project *p, zq_date as_of,
                          zq_date max_date, int64_t settings, const void *data, size_t n,
                          int64_t now, struct zq_err *err) ZQ_WUR;
/* Forget the change marks made at or before `until` (unix seconds). */
int store_scan_marks_clear(struct store *st, int64_t until, struct zq_err *err) ZQ_WUR;
/*
 * The projects whose facts may have changed since `since` (unix seconds):
 * detail rows (project_months, scan_dirty), the project, its account,
 * deposits and subcontracts, and every project of an enterprise whose record
 * changed (cases, blacklist, the enterprise itself, its projects and
 * deposits as contractor).  *ids (sorted, distinct; the caller frees it with
 * zq_free) and *n.
 */
int store_scan_changed(struct store *st, int64_t since, int64_t **ids, size_t *n,
                       struct zq_err *err) ZQ_WUR;

/* The id of the project with this code; 0 when there is none. */
int store_scan_project_id(struct store *st, const char *code, int64_t *id,
                          struct zq_err *err) ZQ_WUR;

/* ------------------------------------------------------------ globals */

struct sf_case {
    int64_t id;
    const char *case_no, *province, *region, *dept, *debtor_uscc, *debtor_name;
    int64_t debtor_id;  /* 0 when the debtor is not a registered enterprise */
    int64_t project_id; /* 0 when none */
    const char *project_code;
    int funding; /* enum sf_funding of its project; -1 when none */
    bool verified;
    zq_date filed, deadline, closed;
    int64_t people, amount;
    zq_month period_from;
};

struct sf_clue {
    int64_t id;
    const char *ticket, *external_id, *province, *region, *dept, *respondent, *respondent_uscc;
    const char *project_code; /* of the linked project, else as written, else "" */
    const char *status;
    int64_t project_id; /* 0 when not linked to a registered project */
    int64_t respondent_id;
    zq_date received;
    int64_t people, amount;
    zq_date accept_by, accepted, close_by, closed;
    int64_t case_id;
};

struct sf_blacklisting {
    int64_t enterprise_id; /* 0 when not a registered enterprise */
    const char *uscc, *name;
    bool statutory; /* 失信联合惩戒 (else 重点关注) */
    bool listed;    /* status 已列入 */
    zq_date decided, expires, removed;
};

/* A case document with a deadline (限期整改指令书, 责令支付通知 ...). */
struct sf_doc {
    int64_t case_id;
    const char *kind, *doc_no;
    zq_date deadline, complied;
};

/* A warning being handled with an assignment deadline (feeds W17). */
struct sf_assigned {
    int64_t id;
    const char *rule, *subject_type, *subject_code, *month, *status, *province, *region, *dept;
    int64_t project_id;
    zq_date deadline;
};

/* An enterprise in an area (province, or city when deposits are managed per
 * city): its first project there and how many of its projects there hold a
 * deposit row dated on or before the scan date. */
struct sf_ent_area {
    int64_t enterprise_id;
    const char *area;
    zq_date first_start;
    int64_t projects, with_deposit;
};

struct sf_enterprise {
    int64_t id;
    const char *uscc, *name, *region;
};

struct sf_globals {
    struct sf_case *cases; /* sorted by id */
    size_t ncases, cases_cap;
    struct sf_clue *clues; /* sorted by id */
    size_t nclues, clues_cap;
    struct sf_blacklisting *black;
    size_t nblack, black_cap;
    struct sf_doc *docs; /* sorted by case_id */
    size_t ndocs, docs_cap;
    struct sf_assigned *assigned;
    size_t nassigned, assigned_cap;
    struct sf_ent_area *areas; /* sorted by (enterprise_id, area) */
    size_t nareas, areas_cap;
    struct sf_enterprise *ents; /* sorted by id */
    size_t nents, ents_cap;
    struct arena *text;
};

/*
 * Load every case, every clue that could matter as of as_of (received in the
 * last `clue_days` days, or not closed as of as_of), the blacklist, case
 * documents with deadlines, warnings being handled with a deadline, the
 * enterprises, and the enterprises' project and deposit history per area
 * (city_area: areas are cities, else provinces) — of every contractor, or
 * (only != NULL) of the contractors of the nonly projects listed.  *g is
 * owned by the caller: store_scan_globals_free().
 */
int store_scan_globals(struct store *st, zq_date as_of, int clue_days, bool city_area,
                       const int64_t *only, size_t nonly, struct sf_globals *g,
                       struct zq_err *err) ZQ_WUR;
void store_scan_globals_free(struct sf_globals *g);

/* Binary searches over the globals' sorted arrays; NULL when absent. */
const struct sf_enterprise *sf_enterprise_find(const struct sf_globals *g, int64_t id);
const struct sf_ent_area *sf_ent_area_find(const struct sf_globals *g, int64_t id,
                                           const char *area);

/* Helpers shared with the rules: text dates of the store. */
zq_date sf_parse_date(const char *s);   /* 'YYYY-MM-DD'; SF_NO_DATE for NULL/"" or bad */
zq_month sf_parse_month(const char *s); /* 'YYYY-MM'; SF_NO_MONTH for NULL/"" or bad */

#endif
