/*
 * clue.h - clue handling (SPEC §7 线索): intake from every channel, routing,
 * de-duplication, ticket numbers, legal deadlines, the action table with
 * 首问负责, the public progress query and satisfaction follow-up, and the
 * duty roster that answers the 7×24 channel.  docs/clues.md is the manual.
 *
 * States (the names are the contract with cases and rules; see
 * docs/clues.md): 待受理 已受理 不予受理 转办 核查中 查实 不属实 工程款纠纷 办结
 * 已回访.  A case is made from a clue in 查实 (clues.case_id links it).
 *
 * Every change runs in one transaction with a clue_events row and an audit
 * entry.  Staff calls carry the caller (struct principal; NULL for the
 * command line, which acts with no scope); reads and writes are scoped in
 * the store's SQL.
 */
#ifndef ZQ_SVC_CLUE_H
#define ZQ_SVC_CLUE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/config.h"
#include "store/store.h"
#include "store/store_clue.h"
#include "svc/app.h"
#include "svc/auth.h"
#include "svc/query.h"

#define CLUE_TICKET_MAX SC_TICKET_MAX

/* The state names of SPEC §7. */
#define CLUE_PENDING     "待受理"
#define CLUE_ACCEPTED    "已受理"
#define CLUE_REJECTED    "不予受理"
#define CLUE_TRANSFERRED "转办"
#define CLUE_CHECKING    "核查中"
#define CLUE_VERIFIED    "查实"
#define CLUE_UNFOUNDED   "不属实"
#define CLUE_PAYMENT     "工程款纠纷"
#define CLUE_CLOSED      "办结"
#define CLUE_VISITED     "已回访"

/* Configuration "clues.*" (docs/configuration.md). */
struct clue_settings {
    int accept_workdays; /* accept or refuse within N working days of receipt (5) */
    int close_workdays;  /* close within N working days of acceptance (15) */
    int dup_days;        /* duplicates within N days (30) */
    int office_start;    /* minutes after midnight (+08:00): 8:30 */
    int office_end;      /* 17:30 */
    int rate_phone;      /* public submissions per phone per hour (5) */
    int rate_ip;         /* per client address per hour (20) */
    int rate_query;      /* public look-ups per client address per hour (60) */
};
int clue_settings_load(const struct config *cfg, struct clue_settings *out,
                       struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- pure parts */

/* The department for a project industry (住建 housing, 交通 transport, 水利
 * water, 农业农村 agri; anything else hrss). */
const char *clue_industry_dept(const char *industry);
/* Routing (SPEC §7): the project's region, else the respondent's (a known
 * enterprise), else the region stated with the clue; the project's industry
 * department, else labour inspection (hrss). */
void clue_route(const struct store_clue_route *facts, const char *stated_region, char region[10],
                char dept[16]);
/* "XS" + region + YYYYMMDD + 4-digit sequence into out. */
void clue_ticket_format(const char *region, zq_date day, int64_t seq, char out[CLUE_TICKET_MAX]);
/* Whether a timestamp lies outside office hours or on a rest day. */
bool clue_off_hours(const struct calendar *cal, const struct clue_settings *s, int64_t ts);
/* Now, moved to the day ZHIQIAN_TODAY names (keeping the time of day), so
 * that receipt dates agree with "today" when it is overridden. */
int64_t clue_now(void);
/* Whether action `name` is allowed in state `status` (the table of SPEC §7). */
bool clue_action_allowed(const char *name, const char *status);
/* Whether name is an action of the table. */
bool clue_action_known(const char *name);

/* ---------------------------------------------------------------- shared with imports */

/* Draw the next ticket of region and day (counters table). */
int clue_ticket_next(struct store *st, const char *region, zq_date day, char out[CLUE_TICKET_MAX],
                     struct zq_err *err) ZQ_WUR;
/* After a clue with id was written: link it to an earlier duplicate (if
 * any; *root gets it, 0 when none) and write its search index.  texts:
 * complainant, respondent, project name as written, registered project name
 * (NULL entries skipped). */
int clue_after_write(struct store *st, const struct clue_settings *s, int64_t id,
                     const struct store_clue_dup_key *k, bool new_clue, const char *const texts[4],
                     int64_t *root, struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- intake */

struct clue_input {
    const char *channel;     /* one of §4's; the public form sets 网上投诉 */
    const char *external_id; /* NULL or "" when none */
    int64_t received_at;
    const char *complainant, *complainant_id, *phone;
    const char *respondent, *respondent_uscc;
    const char *project_name, *project_code;
    const char *region_code, *nature;
    int64_t people, amount; /* amount in fen */
    const char *period_from, *period_to, *description;
};

struct clue_receipt {
    int64_t id;
    char ticket[CLUE_TICKET_MAX];
    char accept_by[11];
    char region[10], dept[16];
    char linked_ticket[CLUE_TICKET_MAX]; /* "" when not a duplicate */
    int notified;                        /* officers on duty notified */
};

/* Receive one clue: validate (ZQ_EINVAL naming the field), route, number,
 * compute the acceptance deadline, link a duplicate, notify the officer on
 * duty when notify_duty and the receipt is outside office hours, audit. */
int clue_receive(struct app *a, const char *actor, int64_t actor_id, const struct clue_input *in,
                 bool notify_duty, struct clue_receipt *out, struct zq_err *err) ZQ_WUR;

/* The public form (SPEC §11): the JSON body, the client address for the
 * rate limit.  ZQ_ESYNTAX/ZQ_EINVAL/ZQ_ELIMIT as the route answers. */
int clue_public_submit(struct app *a, const json_t *body, const char *client,
                       struct clue_receipt *out, struct zq_err *err) ZQ_WUR;
/* Read and validate a public body without storing anything (the fuzzer's
 * entry; needs no database). */
int clue_check_body(struct app *a, const json_t *body, struct zq_err *err) ZQ_WUR;
/* Staff entry: the same body plus channel, external_id and received_at. */
int clue_staff_submit(struct app *a, const struct principal *p, const json_t *body,
                      struct clue_receipt *out, struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- actions */

struct clue_act_args {
    const char *action;
    const char *reason, *result, *region_code, *dept, *nature, *satisfaction, *amount;
    int64_t people; /* -1 when absent */
    const char *const *handlers;
    size_t nhandlers;
    /* a member of the wrong type, reported (422) after the state check */
    const char *bad_field, *bad_msg;
};
/* Parse the body of POST /clues/{ticket}/actions into args (strings
 * borrowed from body).  ZQ_EINVAL for wrong types. */
int clue_act_parse(const json_t *body, struct clue_act_args *args, const char **handlers,
                   size_t cap, struct zq_err *err) ZQ_WUR;
/* Apply an action: ZQ_ENOTFOUND (not in scope), ZQ_ECONFLICT (the state does
 * not allow it: checked first), ZQ_EINVAL (fields), ZQ_EFORBIDDEN (receive by
 * someone else).  p NULL: the command line (actor names it).  new_status
 * gets the resulting state. */
int clue_act(struct app *a, const struct principal *p, const char *actor, const char *ticket,
             const struct clue_act_args *args, char new_status[24], struct zq_err *err) ZQ_WUR;
/* The public satisfaction follow-up by ticket + phone (feedback action). */
int clue_public_feedback(struct app *a, const char *ticket, const char *phone,
                         const char *satisfaction, char new_status[24], struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- reads */

/* The scope of p over clues (p NULL: everything). */
void clue_scope(const struct principal *p, struct store_clue_scope *sc);

struct clue_list_args {
    const char *q, *status, *nature, *channel, *region;
    bool overdue;
};
int clue_list(struct app *a, const struct principal *p, const struct clue_list_args *f,
              const struct query_page *pg, json_t **out, struct zq_err *err) ZQ_WUR;
/* A clue with its handlers, history and duplicates. */
int clue_get(struct app *a, const struct principal *p, const char *ticket, json_t **out,
             struct zq_err *err) ZQ_WUR;
/* The public progress view: status, dates and the result only; a wrong
 * phone is ZQ_ENOTFOUND, as an unknown ticket. */
int clue_public_get(struct app *a, const char *ticket, const char *phone, const char *client,
                    json_t **out, struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- duty roster */

/* The roster of regions within the caller's (region "" for all of it). */
int clue_duty_list(struct app *a, const struct principal *p, const char *region, json_t **out,
                   struct zq_err *err) ZQ_WUR;
/* Replace the coming roster of a region: body {"region_code", "entries":
 * [{"username", "starts_at", "ends_at"}]} with times "YYYY-MM-DD HH:MM". */
int clue_duty_put(struct app *a, const struct principal *p, const char *actor, const json_t *body,
                  json_t **out, struct zq_err *err) ZQ_WUR;

/* Register a project from a clue that has none: body holds the projects
 * columns of SPEC §4 (strings; name, region_code, contractor_uscc, code and
 * status default to the clue's project name, region, respondent USCC,
 * project code and 在建), validated by the projects import; the clue is
 * then linked to it.  ZQ_ECONFLICT when the clue has a project already,
 * ZQ_EINVAL naming the column when a value is refused. */
int clue_make_project(struct app *a, const struct principal *p, const char *ticket,
                      const json_t *body, struct zq_err *err) ZQ_WUR;

/* The principal of a user by name, for the command line's --as. */
int clue_principal(struct app *a, const char *username, struct principal *out,
                   struct zq_err *err) ZQ_WUR;

#endif
