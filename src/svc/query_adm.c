/*
 * query_adm.c - the audited reveal of personal data, and the lists of the
 * administration API: users, API tokens, the audit log and import jobs.
 *
 * A reveal writes its audit entry (who, which field of which object, why)
 * and commits it before the clear value leaves this module: an access that
 * could not be recorded does not happen.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "core/uscc.h"
#include "svc/audit.h"
#include "svc/query.h"
#include "svc/query_int.h"

/* ---------------------------------------------------------------- reveal */

static const struct {
    const char *entity, *field;
    enum sq_sealed what;
} reveal_fields[] = {
    { "worker", "id_number", SQ_SEALED_WORKER_ID },
    { "worker", "phone", SQ_SEALED_WORKER_PHONE },
    { "enterprise", "phone", SQ_SEALED_ENTERPRISE_PHONE },
    { "project", "account_no", SQ_SEALED_PROJECT_ACCOUNT },
};

static int
bad_field(struct zq_err *err, const char *field, const char *msg)
{
    zq_err_set(err, ZQ_EINVAL, "%s", msg);
    zq_err_field(err, field);
    return ZQ_EINVAL;
}

static int
reveal_audit(struct app *a, const struct principal *p, const char *entity, const char *key,
             const char *field, const char *reason, const char *masked, struct zq_err *err)
{
    json_t *o = json_pack("{s:s, s:s, s:s}", "field", field, "reason", reason, "masked", masked);
    char *after = o != NULL ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int rc;

    json_decref(o);
    if (after == NULL)
        return zq_err_set(err, ZQ_EINTERNAL, "无法生成审计记录");
    if ((rc = store_begin(a->st, err)) == 0) {
        rc = audit_append(a, p->actor, "reveal", entity, key, NULL, after, err);
        if (rc < 0)
            store_rollback(a->st);
        else
            rc = store_commit(a->st, err);
    }
    free(after);
    return rc;
}

int
query_reveal(struct app *a, const struct principal *p, const char *entity, const char *key,
             const char *field, const char *reason, json_t **out, struct zq_err *err)
{
    unsigned char sealed[256];
    char clear[200], masked[48], keybuf[80];
    const struct pii_keys *k;
    struct store_scope sc;
    size_t len = 0, clen = 0, rlen;
    int64_t id = 0;
    int what = -1, rc;

    if (p->role != ROLE_ADMIN && p->role != ROLE_INSPECTOR)
        return zq_err_set(err, ZQ_EFORBIDDEN, "您的角色不能查看未脱敏的个人信息");
    for (size_t i = 0; i < sizeof reveal_fields / sizeof reveal_fields[0]; i++)
        if (field != NULL && strcmp(entity, reveal_fields[i].entity) == 0 &&
            strcmp(field, reveal_fields[i].field) == 0)
            what = (int)reveal_fields[i].what;
    if (what < 0)
        return bad_field(err, "field",
                         "不能查看该字段：劳动者可查看 id_number 或 phone，"
                         "企业可查看 phone，项目可查看 account_no");
    rlen = reason != NULL ? strlen(reason) : 0;
    if (rlen < 2 || rlen > 500)
        return bad_field(err, "reason", "请填写查看原因（reason），2–500 字节");
    snprintf(keybuf, sizeof keybuf, "%s", key);
    if (strcmp(entity, "worker") == 0 && str_to_i64(str_from(key), &id) < 0)
        return zq_err_set(err, ZQ_ENOTFOUND, "劳动者不存在或不在您的管辖范围内");
    if (strcmp(entity, "enterprise") == 0 && uscc_parse(str_from(key), keybuf, NULL) < 0)
        return zq_err_set(err, ZQ_ENOTFOUND, "企业不存在或不在您的管辖范围内");
    auth_scope(p, &sc);
    if ((rc = store_q_sealed(a->st, &sc, (enum sq_sealed)what, id, keybuf, sealed, sizeof sealed,
                             &len, masked, err)) < 0)
        return rc;
    if (len == 0)
        return zq_err_set(err, ZQ_ENOTFOUND, "该对象没有登记此项信息");
    if ((rc = app_pii(a, &k, err)) < 0 ||
        (rc = pii_open(k, sealed, len, clear, sizeof clear, &clen, err)) < 0)
        return rc;
    if ((rc = reveal_audit(a, p, entity, keybuf, field, reason, masked, err)) < 0) {
        sodium_memzero(clear, sizeof clear);
        return rc;
    }
    *out = json_pack("{s:s, s:s, s:s, s:s}", "entity", entity, "field", field, "value", clear,
                     "masked", masked);
    sodium_memzero(clear, sizeof clear);
    return *out != NULL ? 0 : zq_err_set(err, ZQ_EINTERNAL, "无法生成应答");
}

/* ---------------------------------------------------------------- lists */

typedef int (*id_list_fn)(struct app *a, const void *arg, const struct sq_page *sp,
                          struct collect *c, struct zq_err *err);

/* A list ordered by an integer column (column 0), with an id cursor. */
static int
id_list(struct app *a, const struct query_page *pg, id_list_fn fn, const void *arg, json_t **out,
        struct zq_err *err)
{
    struct cursor_buf cb;
    struct collect c;
    struct sq_page sp;
    int rc;

    if ((rc = page_from(pg, CURSOR_ID, false, &sp, &cb, err)) < 0)
        return rc;
    collect_init(&c, query_regions(a), sp.limit, CURSOR_ID, 0);
    rc = fn(a, arg, &sp, &c, err);
    if (rc == 0)
        *out = collect_page(&c);
    collect_fini(&c);
    return rc;
}

static int
users_fn(struct app *a, const void *arg, const struct sq_page *sp, struct collect *c,
         struct zq_err *err)
{
    const struct principal *p = arg;
    char lo[10], hi[10];

    auth_region_range(p->region, lo, hi);
    return store_q_users(a->st, lo, hi, sp, collect_row, c, err);
}

int
query_users(struct app *a, const struct principal *p, const struct query_page *pg, json_t **out,
            struct zq_err *err)
{
    return id_list(a, pg, users_fn, p, out, err);
}

static int
tokens_fn(struct app *a, const void *arg, const struct sq_page *sp, struct collect *c,
          struct zq_err *err)
{
    (void)arg;
    return store_q_tokens(a->st, sp, collect_row, c, err);
}

int
query_tokens(struct app *a, const struct query_page *pg, json_t **out, struct zq_err *err)
{
    return id_list(a, pg, tokens_fn, NULL, out, err);
}

struct audit_args {
    const char *entity, *entity_id, *actor;
};

static int
audit_fn(struct app *a, const void *arg, const struct sq_page *sp, struct collect *c,
         struct zq_err *err)
{
    const struct audit_args *f = arg;

    return store_q_audit(a->st, f->entity, f->entity_id, f->actor, sp, collect_row, c, err);
}

int
query_audit(struct app *a, const char *entity, const char *entity_id, const char *actor,
            const struct query_page *pg, json_t **out, struct zq_err *err)
{
    struct audit_args f = { entity, entity_id, actor };

    return id_list(a, pg, audit_fn, &f, out, err);
}

/* ---------------------------------------------------------------- import jobs */

static const char *
job_actor(const struct principal *p)
{
    return p->role == ROLE_ADMIN ? "" : p->actor;
}

static int
jobs_fn(struct app *a, const void *arg, const struct sq_page *sp, struct collect *c,
        struct zq_err *err)
{
    return store_q_jobs(a->st, job_actor(arg), sp, collect_row, c, err);
}

int
query_jobs(struct app *a, const struct principal *p, const struct query_page *pg, json_t **out,
           struct zq_err *err)
{
    return id_list(a, pg, jobs_fn, p, out, err);
}

struct job_errors {
    int64_t id;
};

static int
job_errors_fn(struct app *a, const void *arg, const struct sq_page *sp, struct collect *c,
              struct zq_err *err)
{
    const struct job_errors *j = arg;

    return store_q_job_errors(a->st, j->id, sp, collect_row, c, err);
}

struct one_job {
    const struct region_table *rt;
    json_t *obj;
};

static int
job_row(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct one_job *o = ctx;

    if (o->obj == NULL)
        o->obj = query_row_json(o->rt, cols, v, n);
    return 1;
}

int
query_job(struct app *a, const struct principal *p, int64_t id, const struct query_page *pg,
          json_t **out, struct zq_err *err)
{
    struct one_job o = { query_regions(a), NULL };
    struct job_errors je = { id };
    json_t *errors = NULL;
    bool found = false;
    int rc;

    if ((rc = store_q_job(a->st, id, job_actor(p), job_row, &o, &found, err)) < 0)
        return rc;
    if (!found || o.obj == NULL) {
        json_decref(o.obj);
        return zq_err_set(err, ZQ_ENOTFOUND, "导入任务不存在");
    }
    if ((rc = id_list(a, pg, job_errors_fn, &je, &errors, err)) < 0) {
        json_decref(o.obj);
        return rc;
    }
    json_object_set_new(o.obj, "errors", errors);
    *out = o.obj;
    return 0;
}
