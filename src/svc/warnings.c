/*
 * warnings.c - the lifecycle steps of a warning: which step is allowed in
 * which status, what it requires, and the event and audit entry it leaves.
 */
#include "svc/warnings.h"

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "svc/audit.h"
#include "svc/notify.h"

static const char *const depts[] = { "hrss",    "housing", "transport", "water",    "agri",
                                     "ndrc",    "finance", "police",    "petition", "cac",
                                     "justice", "market",  "tax",       "sasac" };

bool
warn_dept_valid(const char *dept)
{
    for (size_t i = 0; i < sizeof(depts) / sizeof(depts[0]); i++)
        if (strcmp(dept, depts[i]) == 0)
            return true;
    return false;
}

const char *
warn_status_zh(const char *status)
{
    static const char *const map[][2] = {
        { "open", "待处置" },           { "acknowledged", "已签收" }, { "assigned", "已交办" },
        { "notified", "已发整改通知" }, { "replied", "企业已回复" },  { "reviewed", "已复核" },
        { "resolved", "已解除" },       { "dismissed", "已排除" },
    };

    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(status, map[i][0]) == 0)
            return map[i][1];
    return status;
}

struct step_def {
    const char *name;    /* event action */
    const char *from[6]; /* allowed current statuses */
    const char *to;
};

static const struct step_def steps[] = {
    [WARN_ACK] = { "ack", { "open" }, "acknowledged" },
    [WARN_ASSIGN] = { "assign", { "open", "acknowledged", "assigned" }, "assigned" },
    [WARN_NOTIFY] = { "notify", { "assigned" }, "notified" },
    [WARN_REPLY] = { "reply", { "notified" }, "replied" },
    [WARN_REVIEW_PASS] = { "review", { "replied" }, "reviewed" },
    [WARN_REVIEW_REJECT] = { "review_reject", { "replied" }, "notified" },
    [WARN_RESOLVE] = { "resolve", { "reviewed" }, "resolved" },
    [WARN_DISMISS] = { "dismiss",
                       { "open", "acknowledged", "assigned", "notified", "replied", "reviewed" },
                       "dismissed" },
};

struct current {
    char status[16];
    char rule[4];
    char subject[96];
};

static int
got_row(void *ctx, const struct sw_row *r)
{
    struct current *c = ctx;

    snprintf(c->status, sizeof c->status, "%s", r->status);
    snprintf(c->rule, sizeof c->rule, "%s", r->rule);
    snprintf(c->subject, sizeof c->subject, "%s %s %s", r->subject_type, r->subject_code, r->month);
    return 0;
}

static int
check_fields(const struct warn_step *s, struct zq_err *err)
{
    zq_date d;

    switch (s->action) {
    case WARN_ASSIGN:
        if (s->dept == NULL || !warn_dept_valid(s->dept))
            return zq_err_set(err, ZQ_EINVAL,
                              "交办须指定部门（--dept hrss、housing、transport、"
                              "water、agri 等）");
        if (s->officer == NULL || s->officer[0] == '\0')
            return zq_err_set(err, ZQ_EINVAL, "交办须指定承办人（--officer 用户名）");
        if (s->deadline == NULL || date_parse(str_from(s->deadline), &d, err) < 0)
            return zq_err_set(err, ZQ_EINVAL, "交办须指定办理期限（--deadline YYYY-MM-DD）");
        return 0;
    case WARN_REPLY:
        if (s->text == NULL || s->text[0] == '\0')
            return zq_err_set(err, ZQ_EINVAL, "请填写企业的整改回复（--text）");
        return 0;
    case WARN_DISMISS:
        if (s->text == NULL || s->text[0] == '\0')
            return zq_err_set(err, ZQ_EINVAL, "排除预警须说明理由（--reason）");
        return 0;
    default:
        return 0;
    }
}

static bool
allowed(const struct step_def *d, const char *status)
{
    for (int i = 0; i < 6 && d->from[i] != NULL; i++)
        if (strcmp(d->from[i], status) == 0)
            return true;
    return false;
}

bool
warn_step_allowed(enum warn_action action, const char *status)
{
    return allowed(&steps[action], status);
}

static int
apply_locked(struct app *a, int64_t id, const struct warn_step *s, const struct current *cur,
             struct zq_err *err)
{
    const struct step_def *d = &steps[s->action];
    struct sw_change c = { .to_status = d->to, .actor_id = s->actor_id, .action = d->name };
    char before[160], after[512], idtxt[24];
    int rc;

    switch (s->action) {
    case WARN_ASSIGN:
        c.assigned_dept = s->dept;
        c.deadline_on = s->deadline;
        if ((rc = store_warn_user_id(a->st, s->officer, &c.assignee_id, err)) < 0)
            return rc;
        if (c.assignee_id == 0)
            return zq_err_set(err, ZQ_EINVAL, "没有用户名为“%s”的用户", s->officer);
        break;
    case WARN_NOTIFY:
        c.set_notified = true;
        break;
    case WARN_REPLY:
        c.reply = s->text;
        c.set_replied = true;
        break;
    case WARN_REVIEW_PASS:
    case WARN_REVIEW_REJECT:
        c.set_reviewed = true;
        break;
    case WARN_RESOLVE:
        c.set_resolved = true;
        break;
    case WARN_DISMISS:
        c.dismiss_reason = s->text;
        break;
    default:
        break;
    }
    c.note = s->text ? s->text : "";
    if ((rc = store_warn_change(a->st, id, cur->status, &c, ts_now(), err)) < 0)
        return rc;
    snprintf(idtxt, sizeof idtxt, "%lld", (long long)id);
    if (s->action == WARN_ASSIGN) {
        /* the officer is always a user (checked above), so the notice goes to
         * that person alone, written with the assignment it announces */
        char msg[512];
        struct notice n = { "assignment", "warning", idtxt, msg, NULL };
        snprintf(msg, sizeof msg, "预警 %s（%s，规则 %s）已交办给您（%s），请于 %s 前办理", idtxt,
                 cur->subject, cur->rule, s->dept, s->deadline);
        if ((rc = notify_user(a, c.assignee_id, &n, err)) < 0)
            return rc;
    }
    snprintf(before, sizeof before, "{\"status\":\"%s\"}", cur->status);
    snprintf(after, sizeof after, "{\"status\":\"%s\",\"action\":\"%s\"%s%s%s%s%s%s}", d->to,
             d->name, s->dept ? ",\"dept\":\"" : "", s->dept ? s->dept : "", s->dept ? "\"" : "",
             s->deadline ? ",\"deadline\":\"" : "", s->deadline ? s->deadline : "",
             s->deadline ? "\"" : "");
    return audit_append(a, s->actor ? s->actor : "system", d->name, "warning", idtxt, before, after,
                        err);
}

int
warn_apply(struct app *a, int64_t id, const struct warn_step *s, const char **new_status,
           struct zq_err *err)
{
    const struct step_def *d = &steps[s->action];
    struct current cur;
    bool found;
    int rc;

    memset(&cur, 0, sizeof(cur));
    if ((rc = check_fields(s, err)) < 0)
        return rc;
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = store_warn_get(a->st, id, got_row, &cur, &found, err)) < 0)
        goto fail;
    if (!found) {
        rc = zq_err_set(err, ZQ_ENOTFOUND, "没有编号为 %lld 的预警", (long long)id);
        goto fail;
    }
    if (!allowed(d, cur.status)) {
        rc = zq_err_set(err, ZQ_ECONFLICT, "预警 %lld 当前状态为“%s”，不能执行此操作",
                        (long long)id, warn_status_zh(cur.status));
        goto fail;
    }
    if ((rc = apply_locked(a, id, s, &cur, err)) < 0)
        goto fail;
    if ((rc = store_commit(a->st, err)) < 0)
        return rc;
    *new_status = d->to;
    return 0;
fail:
    store_rollback(a->st);
    return rc;
}
