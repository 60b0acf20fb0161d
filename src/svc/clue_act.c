/*
 * clue_act.c - the action table of SPEC §7 over a clue:
 *
 *   accept          待受理 → 已受理
 *   reject          待受理 → 不予受理          reason
 *   transfer        待受理, 已受理 → 转办      region_code and/or dept, reason
 *   receive         转办 → 已受理 (at the target)   caller belongs to the target
 *   verify          已受理 → 核查中            handlers
 *   confirm         核查中 → 查实              nature (工资/混合), amount, people
 *   unfounded       核查中 → 不属实            result
 *   project_payment 核查中 → 工程款纠纷        result; routed to the industry dept
 *   close           查实, 不属实, 工程款纠纷 → 办结   result; nature decided
 *   feedback        办结 → 已回访 | 核查中 (不满意, once)   satisfaction
 *
 * The state is checked before the fields (409, then 422).  首问负责: while a
 * transfer waits the clue stays with the unit that transferred it (its
 * region_code and dept, which the deadlines and W17 follow); the receiving
 * unit takes it over by `receive`.
 */
#include "svc/clue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/date.h"
#include "core/money.h"
#include "core/phone.h"
#include "core/region.h"
#include "store/store_auth.h"
#include "svc/audit.h"
#include "svc/notify.h"

struct act_def {
    const char *name, *title;
    const char *from[3];
    const char *to; /* NULL: decided by the action (feedback) */
};

static const struct act_def acts[] = {
    { "accept", "受理", { CLUE_PENDING }, CLUE_ACCEPTED },
    { "reject", "不予受理", { CLUE_PENDING }, CLUE_REJECTED },
    { "transfer", "转办", { CLUE_PENDING, CLUE_ACCEPTED }, CLUE_TRANSFERRED },
    { "receive", "接收转办", { CLUE_TRANSFERRED }, CLUE_ACCEPTED },
    { "verify", "核查", { CLUE_ACCEPTED }, CLUE_CHECKING },
    { "confirm", "查实", { CLUE_CHECKING }, CLUE_VERIFIED },
    { "unfounded", "认定不属实", { CLUE_CHECKING }, CLUE_UNFOUNDED },
    { "project_payment", "认定为工程款纠纷", { CLUE_CHECKING }, CLUE_PAYMENT },
    { "close", "办结", { CLUE_VERIFIED, CLUE_UNFOUNDED, CLUE_PAYMENT }, CLUE_CLOSED },
    { "feedback", "回访", { CLUE_CLOSED }, NULL },
};
#define NACTS (sizeof acts / sizeof acts[0])

static const struct act_def *
act_find(const char *name)
{
    for (size_t i = 0; name != NULL && i < NACTS; i++)
        if (strcmp(acts[i].name, name) == 0)
            return &acts[i];
    return NULL;
}

static bool
def_allows(const struct act_def *d, const char *status)
{
    for (size_t i = 0; i < 3 && d->from[i] != NULL; i++)
        if (strcmp(d->from[i], status) == 0)
            return true;
    return false;
}

bool
clue_action_known(const char *name)
{
    return act_find(name) != NULL;
}

bool
clue_action_allowed(const char *name, const char *status)
{
    const struct act_def *d = act_find(name);

    return d != NULL && def_allows(d, status);
}

/* "受理（accept）、转办（transfer）" for the 409 message. */
static void
allowed_list(const char *status, char *out, size_t cap)
{
    size_t n = 0;

    out[0] = '\0';
    for (size_t i = 0; i < NACTS; i++) {
        if (!def_allows(&acts[i], status))
            continue;
        int w =
            snprintf(out + n, cap - n, "%s%s（%s）", n ? "、" : "", acts[i].title, acts[i].name);
        if (w < 0 || (size_t)w >= cap - n)
            break;
        n += (size_t)w;
    }
    if (n == 0)
        snprintf(out, cap, "无（已是终结状态）");
}

/* ---------------------------------------------------------------- parsing */

static int
field_err(struct zq_err *err, const char *field, const char *msg)
{
    zq_err_set(err, ZQ_EINVAL, "%s", msg);
    zq_err_field(err, field);
    return ZQ_EINVAL;
}

/* A wrong type is noted, not refused here: the state is checked first. */
static void
defer(struct clue_act_args *a, const char *key, const char *msg)
{
    if (a->bad_field == NULL) {
        a->bad_field = key;
        a->bad_msg = msg;
    }
}

static void
opt_str(const json_t *body, const char *key, const char **out, struct clue_act_args *a)
{
    const json_t *v = json_object_get(body, key);

    *out = NULL;
    if (v == NULL || json_is_null(v))
        return;
    if (!json_is_string(v))
        defer(a, key, "字段类型应为字符串");
    else
        *out = json_string_value(v);
}

int
clue_act_parse(const json_t *body, struct clue_act_args *a, const char **handlers, size_t cap,
               struct zq_err *err)
{
    static const char *const keys[] = { "action", "reason", "result",       "region_code",
                                        "dept",   "nature", "satisfaction", "amount" };
    const char **slots[] = { &a->action, &a->reason, &a->result,       &a->region_code,
                             &a->dept,   &a->nature, &a->satisfaction, &a->amount };
    const json_t *v;

    (void)err;
    memset(a, 0, sizeof *a);
    a->people = -1;
    if (!json_is_object(body))
        return zq_err_set(err, ZQ_ESYNTAX, "请求体应为 JSON 对象");
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        opt_str(body, keys[i], slots[i], a);
    if (a->action == NULL)
        return field_err(err, "action", "缺少操作（action，字符串）");
    if ((v = json_object_get(body, "people")) != NULL && !json_is_null(v)) {
        if (!json_is_integer(v))
            defer(a, "people", "涉及人数应为整数");
        else
            a->people = json_integer_value(v);
    }
    if ((v = json_object_get(body, "handlers")) != NULL && !json_is_null(v)) {
        size_t i;
        const json_t *h;
        if (!json_is_array(v) || json_array_size(v) > cap) {
            defer(a, "handlers", "承办人应为用户名数组（至多 10 人）");
            return 0;
        }
        json_array_foreach(v, i, h)
        {
            if (!json_is_string(h)) {
                defer(a, "handlers", "承办人应为用户名");
                return 0;
            }
            handlers[a->nhandlers++] = json_string_value(h);
        }
        a->handlers = handlers;
    }
    return 0;
}

/* ---------------------------------------------------------------- fields */

static bool
empty(const char *s)
{
    return s == NULL || str_trim(str_from(s)).len == 0;
}

static int
need(const char *v, const char *field, const char *title, size_t max, struct zq_err *err)
{
    char msg[200];

    if (empty(v)) {
        snprintf(msg, sizeof msg, "此操作须填写%s（%s）", title, field);
        return field_err(err, field, msg);
    }
    if (strlen(v) > max) {
        snprintf(msg, sizeof msg, "%s过长", title);
        return field_err(err, field, msg);
    }
    return 0;
}

struct act_ctx {
    struct app *a;
    const struct principal *p;
    const char *actor;
    const struct clue_act_args *args;
    struct store_clue *c;
    struct clue_settings s;
    const struct calendar *cal;
    char today[DATE_STR_LEN];
    char note[600];
    int64_t handler_ids[16];
    size_t nh;
};

static void
set_close_by(struct act_ctx *x)
{
    date_format(calendar_add_workdays(x->cal, date_today(), x->s.close_workdays, NULL),
                x->c->close_by);
}

static int
do_transfer(struct act_ctx *x, struct zq_err *err)
{
    const struct clue_act_args *g = x->args;
    const struct region_table *rt;
    int rc;

    if (empty(g->region_code) && empty(g->dept))
        return field_err(err, "region_code", "转办须指定接收地区（region_code）或部门（dept）");
    if ((rc = need(g->reason, "reason", "转办理由", 4000, err)) < 0 ||
        (rc = app_regions(x->a, &rt, err)) < 0)
        return rc;
    if (!empty(g->region_code) && region_find(rt, g->region_code) == NULL)
        return field_err(err, "region_code", "接收地区不是有效的行政区划代码");
    if (!empty(g->dept) && !auth_dept_valid(g->dept))
        return field_err(err, "dept", "接收部门应为 hrss、housing、transport 等部门代码");
    snprintf(x->c->transfer_region, sizeof x->c->transfer_region, "%s",
             empty(g->region_code) ? x->c->region : g->region_code);
    snprintf(x->c->transfer_dept, sizeof x->c->transfer_dept, "%s",
             empty(g->dept) ? x->c->dept : g->dept);
    if (strcmp(x->c->transfer_region, x->c->region) == 0 &&
        strcmp(x->c->transfer_dept, x->c->dept) == 0)
        return field_err(err, "region_code", "接收单位与当前承办单位相同，无需转办");
    snprintf(x->c->reason, sizeof x->c->reason, "%s", g->reason);
    snprintf(x->note, sizeof x->note, "转至 %s/%s：%.400s", x->c->transfer_region,
             x->c->transfer_dept, g->reason);
    return 0;
}

/* The receiving unit: the caller's scope holds the target region, and a
 * department officer belongs to the target department. */
static int
do_receive(struct act_ctx *x, struct zq_err *err)
{
    struct store_clue *c = x->c;

    if (x->p != NULL) {
        char lo[10], hi[10];
        auth_region_range(x->p->region, lo, hi);
        if (strcmp(c->transfer_region, lo) < 0 || strcmp(c->transfer_region, hi) > 0 ||
            (x->p->role == ROLE_DEPT_OFFICER && strcmp(x->p->dept, c->transfer_dept) != 0))
            return zq_err_set(err, ZQ_EFORBIDDEN,
                              "只有接收单位（%s/%s）可以接收此转办线索；在接收前由首办单位负责",
                              c->transfer_region, c->transfer_dept);
    }
    snprintf(x->note, sizeof x->note, "由 %s/%s 接收（原承办 %s/%s）", c->transfer_region,
             c->transfer_dept, c->region, c->dept);
    snprintf(c->region, sizeof c->region, "%s", c->transfer_region);
    snprintf(c->dept, sizeof c->dept, "%s", c->transfer_dept);
    snprintf(c->accepted_on, sizeof c->accepted_on, "%s", x->today);
    set_close_by(x);
    return 0;
}

static int
do_verify(struct act_ctx *x, struct zq_err *err)
{
    const struct clue_act_args *g = x->args;
    size_t n = 0;
    int rc;

    if (g->nhandlers == 0)
        return field_err(err, "handlers", "核查须指定承办人（handlers，用户名数组）");
    for (size_t i = 0; i < g->nhandlers && i < 16; i++) {
        struct store_user u = { 0 };
        bool found;
        char msg[200];
        if ((rc = store_user_by_name(x->a->st, g->handlers[i], &u, &found, err)) < 0)
            return rc;
        if (!found || u.disabled || strcmp(u.role, "enterprise") == 0 ||
            strcmp(u.role, "bank") == 0) {
            snprintf(msg, sizeof msg, "承办人“%.60s”不存在或不是工作人员", g->handlers[i]);
            return field_err(err, "handlers", msg);
        }
        x->handler_ids[x->nh++] = u.id;
        n += (size_t)snprintf(x->note + n, n < sizeof x->note ? sizeof x->note - n : 0, "%s%s",
                              n ? "、" : "承办人：", u.username);
        if (n >= sizeof x->note)
            n = sizeof x->note - 1;
    }
    return 0;
}

static int
do_confirm(struct act_ctx *x, struct zq_err *err)
{
    const struct clue_act_args *g = x->args;
    int64_t fen;

    if (empty(g->nature) || (strcmp(g->nature, "工资") != 0 && strcmp(g->nature, "混合") != 0))
        return field_err(err, "nature",
                         "查实须认定诉求性质为“工资”或“混合”（工程款纠纷用 "
                         "project_payment）");
    if (empty(g->amount) || money_parse(str_from(g->amount), &fen, NULL) < 0 || fen <= 0)
        return field_err(err, "amount", "查实须填写欠薪金额（amount，元，如 \"12345.67\"）");
    if (g->people < 1 || g->people > 1000000)
        return field_err(err, "people", "查实须填写涉及人数（people，至少 1）");
    snprintf(x->c->nature, sizeof x->c->nature, "%s", g->nature);
    x->c->amount = fen;
    x->c->people = g->people;
    snprintf(x->note, sizeof x->note, "%s，%lld 人，%s 元", g->nature, (long long)g->people,
             g->amount);
    return 0;
}

/* 条例 35: a dispute over project payments goes to the industry department
 * of the project (住建 when the clue names no registered project). */
static int
do_project_payment(struct act_ctx *x, struct zq_err *err)
{
    const char *dept;
    int rc;

    if ((rc = need(x->args->result, "result", "核查结果", 4000, err)) < 0)
        return rc;
    dept = x->c->project_industry[0] ? clue_industry_dept(x->c->project_industry) : "housing";
    if (strcmp(dept, "hrss") == 0)
        dept = "housing";
    snprintf(x->c->dept, sizeof x->c->dept, "%s", dept);
    snprintf(x->c->nature, sizeof x->c->nature, "工程款");
    snprintf(x->c->result, sizeof x->c->result, "%s", x->args->result);
    snprintf(x->note, sizeof x->note, "移交行业主管部门 %s（条例第三十五条）", dept);
    return 0;
}

static int
do_close(struct act_ctx *x, struct zq_err *err)
{
    const char *nature = x->args->nature;
    int rc;

    if ((rc = need(x->args->result, "result", "办结结果", 4000, err)) < 0)
        return rc;
    if (!empty(nature)) {
        if (strcmp(nature, "工资") != 0 && strcmp(nature, "工程款") != 0 &&
            strcmp(nature, "混合") != 0)
            return field_err(err, "nature", "诉求性质应为工资、工程款或混合");
        snprintf(x->c->nature, sizeof x->c->nature, "%s", nature);
    }
    if (strcmp(x->c->nature, "待核实") == 0)
        return field_err(err, "nature", "办结前须认定诉求性质：工资、工程款或混合（nature）");
    snprintf(x->c->result, sizeof x->c->result, "%s", x->args->result);
    snprintf(x->c->closed_on, sizeof x->c->closed_on, "%s", x->today);
    return 0;
}

/* 不满意 reopens the clue once (back to 核查中 with a new closing deadline);
 * a second 不满意 is recorded and the clue stays visited. */
static int
do_feedback(struct act_ctx *x, struct zq_err *err)
{
    const char *sat = x->args->satisfaction;
    struct store_clue *c = x->c;

    if (empty(sat) ||
        (strcmp(sat, "满意") != 0 && strcmp(sat, "基本满意") != 0 && strcmp(sat, "不满意") != 0))
        return field_err(err, "satisfaction", "回访结果应为满意、基本满意或不满意");
    snprintf(c->satisfaction, sizeof c->satisfaction, "%s", sat);
    if (strcmp(sat, "不满意") == 0 && !c->reopened) {
        c->reopened = true;
        snprintf(c->status, sizeof c->status, "%s", CLUE_CHECKING);
        c->closed_on[0] = '\0';
        set_close_by(x);
        snprintf(x->note, sizeof x->note, "不满意，重新核查（限 %s 前办结）", c->close_by);
    } else {
        snprintf(c->status, sizeof c->status, "%s", CLUE_VISITED);
        snprintf(x->note, sizeof x->note, "%s", sat);
    }
    return 0;
}

static int
apply_fields(struct act_ctx *x, const struct act_def *d, struct zq_err *err)
{
    const struct clue_act_args *g = x->args;
    struct store_clue *c = x->c;
    int rc = 0;

    if (d->to != NULL)
        snprintf(c->status, sizeof c->status, "%s", d->to);
    if (strcmp(d->name, "accept") == 0) {
        snprintf(c->accepted_on, sizeof c->accepted_on, "%s", x->today);
        set_close_by(x);
    } else if (strcmp(d->name, "reject") == 0) {
        if ((rc = need(g->reason, "reason", "不予受理理由", 4000, err)) < 0)
            return rc;
        snprintf(c->reason, sizeof c->reason, "%s", g->reason);
        snprintf(c->closed_on, sizeof c->closed_on, "%s", x->today);
        snprintf(x->note, sizeof x->note, "%.500s", g->reason);
    } else if (strcmp(d->name, "transfer") == 0) {
        rc = do_transfer(x, err);
    } else if (strcmp(d->name, "receive") == 0) {
        rc = do_receive(x, err);
    } else if (strcmp(d->name, "verify") == 0) {
        rc = do_verify(x, err);
    } else if (strcmp(d->name, "confirm") == 0) {
        rc = do_confirm(x, err);
    } else if (strcmp(d->name, "unfounded") == 0) {
        if ((rc = need(g->result, "result", "核查结果", 4000, err)) < 0)
            return rc;
        snprintf(c->result, sizeof c->result, "%s", g->result);
    } else if (strcmp(d->name, "project_payment") == 0) {
        rc = do_project_payment(x, err);
    } else if (strcmp(d->name, "close") == 0) {
        rc = do_close(x, err);
    } else if (strcmp(d->name, "feedback") == 0) {
        rc = do_feedback(x, err);
    }
    if (rc == 0 && x->note[0] == '\0' && !empty(c->result) &&
        (strcmp(d->name, "unfounded") == 0 || strcmp(d->name, "close") == 0))
        snprintf(x->note, sizeof x->note, "%.500s", c->result);
    return rc;
}

static char *
state_json(const struct store_clue *c)
{
    json_t *j =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "status", c->status,
                  "region_code", c->region, "dept", c->dept, "nature", c->nature, "accepted_on",
                  c->accepted_on, "close_by", c->close_by, "closed_on", c->closed_on,
                  "transfer_region_code", c->transfer_region, "satisfaction", c->satisfaction);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;

    json_decref(j);
    return s;
}

/* Tell the receiving unit, in the transaction of the transfer.  A clue sent
 * to an industry department goes to that department's officers of the
 * target region only (never another department's); sent to the labour
 * inspection (hrss), or to a department with no officer there, it goes to
 * the inspectors of the target region, who may receive it for the unit. */
static int
notify_transfer(struct act_ctx *x, struct zq_err *err)
{
    const struct store_clue *c = x->c;
    char msg[600];
    struct notice n = { "transfer", "clue", c->ticket, msg, NULL };
    int64_t k = 0;
    int rc;

    snprintf(msg, sizeof msg, "线索 %s 由 %s/%s 转至 %s/%s，请接收办理：%.400s", c->ticket,
             c->region, c->dept, c->transfer_region, c->transfer_dept, c->reason);
    if (strcmp(c->transfer_dept, "hrss") != 0 &&
        (rc = notify_region_role_dept(x->a, c->transfer_region, "dept_officer", c->transfer_dept,
                                      &n, &k, err)) < 0)
        return rc;
    if (k > 0)
        return 0;
    return notify_region_role(x->a, c->transfer_region, "inspector", &n, NULL, err);
}

static int
record(struct act_ctx *x, const struct act_def *d, const char *old_status, char *before,
       struct zq_err *err)
{
    char action[40], *after;
    int rc;

    for (size_t i = 0; i < x->nh; i++)
        if ((rc = store_clue_add_handler(x->a->st, x->c->id, x->handler_ids[i], err)) < 0)
            return rc;
    if ((rc = store_clue_update(x->a->st, x->c, old_status, ts_now(), err)) < 0 ||
        (rc = store_clue_event(x->a->st, x->c->id, ts_now(), x->p ? x->p->id : 0, x->actor, d->name,
                               old_status, x->c->status, x->note, err)) < 0)
        return rc;
    if (strcmp(d->name, "transfer") == 0 && (rc = notify_transfer(x, err)) < 0)
        return rc;
    snprintf(action, sizeof action, "clue.%s", d->name);
    after = state_json(x->c);
    rc = audit_append(x->a, x->actor, action, "clue", x->c->ticket, before, after, err);
    free(after);
    return rc;
}

static int
act_locked(struct act_ctx *x, const char *ticket, struct zq_err *err)
{
    const struct act_def *d = act_find(x->args->action);
    struct store_clue_scope sc;
    char old_status[24], allowed[400], *before = NULL;
    bool found;
    int rc;

    clue_scope(x->p, &sc);
    if ((rc = store_clue_get(x->a->st, x->p ? &sc : NULL, ticket, x->c, &found, err)) < 0)
        return rc;
    if (!found)
        return zq_err_set(err, ZQ_ENOTFOUND, "线索 %.60s 不存在或不在您的管辖范围内", ticket);
    if (d == NULL)
        return field_err(err, "action",
                         "未知的操作；可用：accept、reject、transfer、receive、verify、confirm、"
                         "unfounded、project_payment、close、feedback");
    /* the state first (409), then the fields (422) */
    if (!def_allows(d, x->c->status)) {
        allowed_list(x->c->status, allowed, sizeof allowed);
        return zq_err_set(err, ZQ_ECONFLICT, "线索 %s 当前状态为“%s”，不能%s；当前可执行：%s",
                          x->c->ticket, x->c->status, d->title, allowed);
    }
    if (x->args->bad_field != NULL)
        return field_err(err, x->args->bad_field, x->args->bad_msg);
    snprintf(old_status, sizeof old_status, "%s", x->c->status);
    before = state_json(x->c);
    if ((rc = apply_fields(x, d, err)) == 0)
        rc = record(x, d, old_status, before, err);
    free(before);
    return rc;
}

static int
act_run(struct app *a, const struct principal *p, const char *actor, const char *ticket,
        const struct clue_act_args *args, char new_status[24], struct zq_err *err)
{
    struct act_ctx *x = zq_calloc(1, sizeof *x);
    int rc;

    x->a = a;
    x->p = p;
    x->actor = actor != NULL ? actor : (p != NULL ? p->actor : "system");
    x->args = args;
    x->c = zq_calloc(1, sizeof *x->c);
    date_format(date_today(), x->today);
    if ((rc = clue_settings_load(a->cfg, &x->s, err)) < 0 ||
        (rc = app_calendar(a, &x->cal, err)) < 0 || (rc = store_begin(a->st, err)) < 0)
        goto out;
    if ((rc = act_locked(x, ticket, err)) < 0) {
        store_rollback(a->st);
        goto out;
    }
    if ((rc = store_commit(a->st, err)) == 0)
        snprintf(new_status, 24, "%s", x->c->status);
out:
    zq_free(x->c);
    zq_free(x);
    return rc;
}

int
clue_act(struct app *a, const struct principal *p, const char *actor, const char *ticket,
         const struct clue_act_args *args, char new_status[24], struct zq_err *err)
{
    return act_run(a, p, actor, ticket, args, new_status, err);
}

int
clue_public_feedback(struct app *a, const char *ticket, const char *phone, const char *satisfaction,
                     char new_status[24], struct zq_err *err)
{
    struct clue_act_args args = { .action = "feedback",
                                  .satisfaction = satisfaction,
                                  .people = -1 };
    const struct pii_keys *k;
    struct store_clue *c = zq_calloc(1, sizeof *c);
    unsigned char h[PII_HASH_LEN];
    char norm[PHONE_MAX + 1];
    bool found = false;
    int rc;

    if ((rc = app_pii(a, &k, err)) < 0 ||
        (rc = store_clue_get(a->st, NULL, ticket, c, &found, err)) < 0)
        goto out;
    rc = ZQ_ENOTFOUND;
    if (found && phone != NULL && phone_parse(str_from(phone), norm, NULL) == 0) {
        pii_hash(k, norm, strlen(norm), h);
        if (c->phone_hash_len == PII_HASH_LEN && memcmp(h, c->phone_hash, PII_HASH_LEN) == 0)
            rc = 0;
    }
    if (rc < 0) {
        zq_err_set(err, ZQ_ENOTFOUND, "未找到该受理编号，或手机号不符");
        goto out;
    }
    rc = act_run(a, NULL, "public", ticket, &args, new_status, err);
out:
    zq_free(c);
    return rc;
}
