/*
 * notify.c - the notification inbox and its producers for deadlines (see
 * notify.h).  Reading the inbox and marking it read are not audited (they
 * change nothing but the reader's own inbox state); the notices themselves
 * are written inside the audited change that produces them.
 */
#include "svc/notify.h"

#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "store/store_credit.h"
#include "svc/credit.h"

static struct store_val
vt(const char *s)
{
    if (s == NULL)
        return (struct store_val){ .t = STORE_NULL };
    return (struct store_val){ .t = STORE_TEXT, .p = s, .n = strlen(s) };
}

static struct store_val
vi(int64_t i)
{
    return (struct store_val){ .t = STORE_INT, .i = i };
}

/* As notify_user; *written tells whether a row was added (a used once key
 * adds none). */
static int
notify_one(struct app *a, int64_t user_id, const struct notice *n, bool *written,
           struct zq_err *err)
{
    struct store_val p[7] = { vi(user_id),         vt(n->kind),    vt(n->subject_type),
                              vt(n->subject_code), vt(n->message), vi(ts_now()),
                              vt(n->once_key) };
    int64_t id;

    int rc;

    *written = false;
    if (n->kind == NULL || n->message == NULL || user_id <= 0)
        return zq_err_set(err, ZQ_EINTERNAL, "通知缺少接收人、类别或内容");
    rc = store_credit_id(a->st, SC_NT_ADD, p, 7, &id, err);
    *written = rc == 0 && id > 0;
    return rc;
}

int
notify_user(struct app *a, int64_t user_id, const struct notice *n, struct zq_err *err)
{
    bool w;

    return notify_one(a, user_id, n, &w, err);
}

struct fan {
    struct app *a;
    const struct notice *n;
    int64_t count;
    struct zq_err *err;
};

static int
fan_row(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct fan *f = ctx;
    bool written;
    int rc;

    (void)cols;
    (void)n;
    rc = notify_one(f->a, v[0].i, f->n, &written, f->err);
    f->count += written;
    return rc;
}

/* Collect the users first: writing while the read is open would nest
 * statements on one SQLite connection needlessly. */
static int
fan_out(struct app *a, enum sc_stmt q, const struct store_val *p, int np, const struct notice *n,
        int64_t *count, struct zq_err *err)
{
    json_t *users = json_array();
    struct fan f = { a, n, 0, err };
    int rc = credit_rows(a, q, p, np, users, err);

    for (size_t i = 0; rc == 0 && i < json_array_size(users); i++) {
        struct store_val v =
            vi(json_integer_value(json_object_get(json_array_get(users, i), "id")));
        rc = fan_row(&f, NULL, &v, 1);
    }
    json_decref(users);
    if (count != NULL)
        *count = rc == 0 ? f.count : 0;
    return rc;
}

int
notify_region_role(struct app *a, const char *region, const char *role, const struct notice *n,
                   int64_t *count, struct zq_err *err)
{
    struct store_val p[2] = { vt(region), vt(role ? role : "") };

    return fan_out(a, SC_NT_REGION, p, 2, n, count, err);
}

int
notify_region_role_dept(struct app *a, const char *region, const char *role, const char *dept,
                        const struct notice *n, int64_t *count, struct zq_err *err)
{
    struct store_val p[3] = { vt(region), vt(role), vt(dept) };

    if (region == NULL || role == NULL || dept == NULL || role[0] == '\0' || dept[0] == '\0')
        return zq_err_set(err, ZQ_EINTERNAL, "通知缺少地区、角色或部门");
    return fan_out(a, SC_NT_REGION_DEPT, p, 3, n, count, err);
}

int
notify_up_chain(struct app *a, const char *region, const struct notice *n, int64_t *count,
                struct zq_err *err)
{
    struct store_val p[1] = { vt(region) };

    return fan_out(a, SC_NT_UP_CHAIN, p, 1, n, count, err);
}

int
notify_deadlines(struct app *a, zq_date today, int64_t *count, struct zq_err *err)
{
    char d0[DATE_STR_LEN], d1[DATE_STR_LEN];
    const struct calendar *cal;
    json_t *due = json_array();
    bool prov;
    int rc;

    *count = 0;
    if ((rc = app_calendar(a, &cal, err)) < 0)
        goto out;
    {
        struct store_val p[2] = { vt(date_format(today, d0)),
                                  vt(date_format(calendar_add_workdays(cal, today, 2, &prov),
                                                 d1)) };
        if ((rc = credit_rows(a, SC_NT_DUE_DOCS, p, 2, due, err)) < 0)
            goto out;
    }
    if ((rc = store_begin(a->st, err)) < 0)
        goto out;
    for (size_t i = 0; rc == 0 && i < json_array_size(due); i++) {
        const json_t *r = json_array_get(due, i);
        const char *st = json_string_value(json_object_get(r, "subject_type"));
        const char *code = json_string_value(json_object_get(r, "subject_code"));
        const char *what = json_string_value(json_object_get(r, "what"));
        const char *dl = json_string_value(json_object_get(r, "deadline_on"));
        const char *region = json_string_value(json_object_get(r, "region_code"));
        int64_t uid = json_integer_value(json_object_get(r, "user_id")), k = 0;
        char msg[512], key[256];
        struct notice n = { "deadline", st, code, msg, key };

        snprintf(msg, sizeof msg, "%s %s（%s）将于 %s 到期，请在期限内办理",
                 strcmp(st, "case") == 0      ? "案件"
                 : strcmp(st, "warning") == 0 ? "预警"
                                              : "督查整改",
                 code, what ? what : "", dl);
        snprintf(key, sizeof key, "deadline:%s:%s:%s:%s", st, code, what ? what : "", dl);
        if (uid > 0) {
            bool written;
            rc = notify_one(a, uid, &n, &written, err);
            k = written;
        } else {
            rc = notify_region_role(a, region, "inspector", &n, &k, err);
        }
        *count += k;
    }
    if (rc < 0) {
        store_rollback(a->st);
        goto out;
    }
    rc = store_commit(a->st, err);
out:
    json_decref(due);
    return rc;
}

int
notify_list(struct app *a, int64_t user_id, bool unread_only, int64_t before_id, int limit,
            json_t **out, struct zq_err *err)
{
    int lim = limit > 0 && limit <= 500 ? limit : 50;
    struct store_val p[4] = { vi(user_id), vi(unread_only), vi(before_id), vi(lim + 1) };
    struct store_val u[1] = { vi(user_id) };
    json_t *arr = json_array(), *res;
    int64_t unread = 0;
    char cur[24];
    int rc;

    if ((rc = credit_rows(a, SC_NT_LIST, p, 4, arr, err)) < 0 ||
        (rc = store_credit_id(a->st, SC_NT_UNREAD, u, 1, &unread, err)) < 0) {
        json_decref(arr);
        return rc;
    }
    res = json_object();
    if ((int)json_array_size(arr) > lim) {
        json_array_remove(arr, (size_t)lim);
        snprintf(cur, sizeof cur, "%lld",
                 (long long)json_integer_value(
                     json_object_get(json_array_get(arr, (size_t)lim - 1), "id")));
        json_object_set_new(res, "next_cursor", json_string(cur));
    } else {
        json_object_set_new(res, "next_cursor", json_null());
    }
    json_object_set_new(res, "items", arr);
    json_object_set_new(res, "unread", json_integer(unread));
    *out = res;
    return 0;
}

int
notify_read(struct app *a, int64_t user_id, int64_t id, int64_t *n, struct zq_err *err)
{
    struct store_val p[3] = { vi(user_id), vi(id), vi(ts_now()) };
    long rows = 0;
    int rc;

    *n = 0;
    if ((rc = store_credit_run(a->st, SC_NT_READ, p, 3, NULL, NULL, &rows, err)) < 0)
        return rc;
    *n = rows;
    if (id > 0 && rows == 0) {
        /* already read, or not this user's: tell them apart without leaking */
        json_t *arr = json_array();
        struct store_val q[4] = { vi(user_id), vi(0), vi(id + 1), vi(1) };
        rc = credit_rows(a, SC_NT_LIST, q, 4, arr, err);
        if (rc == 0 && (json_array_size(arr) == 0 ||
                        json_integer_value(json_object_get(json_array_get(arr, 0), "id")) != id))
            rc = zq_err_set(err, ZQ_ENOTFOUND, "通知 %lld 不存在", (long long)id);
        json_decref(arr);
    }
    return rc;
}
