/*
 * clue_project.c - registering a project from a clue (SPEC §7: "a project
 * can be created from it").  The project's fields go through the projects
 * import itself, as one CSV row with strict validation, so a project made
 * here meets every rule of SPEC §4; the clue is then linked to it, in the
 * same transaction, with an event and an audit entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/str.h"
#include "core/table.h"
#include "svc/audit.h"
#include "svc/clue.h"
#include "svc/import.h"

/* The projects columns of SPEC §4, and the clue's value used when the body
 * leaves one out. */
static const char *const cols[] = { "code",
                                    "name",
                                    "region_code",
                                    "industry",
                                    "funding",
                                    "builder_uscc",
                                    "contractor_uscc",
                                    "contract_amount",
                                    "labor_cost_ratio",
                                    "contract_signed_on",
                                    "start_date",
                                    "planned_end",
                                    "status",
                                    "wage_clerk",
                                    "notice_board" };
#define NCOLS (sizeof cols / sizeof cols[0])

static const char *
fallback(const struct store_clue *c, const char *col)
{
    if (strcmp(col, "name") == 0)
        return c->project_name;
    if (strcmp(col, "region_code") == 0)
        return c->region;
    if (strcmp(col, "contractor_uscc") == 0)
        return c->respondent_uscc;
    if (strcmp(col, "code") == 0)
        return c->project_code;
    if (strcmp(col, "status") == 0)
        return "在建";
    return "";
}

static int
csv_cell(struct buf *b, const char *v)
{
    int rc = buf_putc(b, '"');

    for (; rc == 0 && *v != '\0'; v++)
        rc = *v == '"' ? buf_puts(b, "\"\"") : buf_putc(b, *v);
    return rc == 0 ? buf_putc(b, '"') : rc;
}

/* One header line and one row, from the body with the clue's defaults. */
static int
build_csv(const json_t *body, const struct store_clue *c, struct buf *b, struct zq_err *err)
{
    int rc = 0;

    for (size_t i = 0; rc == 0 && i < NCOLS; i++)
        rc = buf_printf(b, "%s%s", i ? "," : "", cols[i]);
    rc = rc == 0 ? buf_putc(b, '\n') : rc;
    for (size_t i = 0; rc == 0 && i < NCOLS; i++) {
        const json_t *v = json_object_get(body, cols[i]);
        if (v != NULL && !json_is_null(v) && !json_is_string(v)) {
            zq_err_set(err, ZQ_EINVAL, "字段“%s”应为字符串", cols[i]);
            zq_err_field(err, cols[i]);
            return ZQ_EINVAL;
        }
        if (i > 0)
            rc = buf_putc(b, ',');
        if (rc == 0)
            rc = csv_cell(b, json_is_string(v) ? json_string_value(v) : fallback(c, cols[i]));
    }
    if (rc == 0)
        rc = buf_putc(b, '\n');
    return rc < 0 ? zq_err_set(err, ZQ_ETOOBIG, "项目信息过长") : 0;
}

struct first_reject {
    char msg[600];
    char field[64];
};

static void
on_reject(void *ctx, const struct import_reject *r)
{
    struct first_reject *f = ctx;

    if (f->msg[0] != '\0')
        return;
    snprintf(f->msg, sizeof f->msg, "%s%s%s", r->column[0] ? r->column : "",
             r->column[0] ? "：" : "", r->reason);
    snprintf(f->field, sizeof f->field, "%.*s", (int)strcspn(r->column, "（"), r->column);
}

static int
import_one(struct app *a, const char *actor, struct buf *csv, struct zq_err *err)
{
    struct first_reject f = { "", "" };
    struct import_opts o = { .strict = true,
                             .actor = actor,
                             .source = "api",
                             .file_name = "clue-project",
                             .ctx = &f,
                             .on_reject = on_reject };
    struct import_result res;
    struct tbl_reader *r = NULL;
    int rc;

    if ((rc = tbl_open_mem(csv->p, csv->len, "clue-project.csv", NULL, &r, err)) < 0)
        return rc;
    rc = import_run(a, "projects", r, &o, &res, err);
    tbl_close(r);
    if ((rc == 0 || rc == ZQ_EREJECTED) && res.rejected > 0) {
        zq_err_clear(err);
        zq_err_set(err, ZQ_EINVAL, "项目信息有误：%s", f.msg);
        zq_err_field(err, f.field);
        return ZQ_EINVAL;
    }
    return rc;
}

static int
link(struct app *a, const char *actor, int64_t actor_id, struct store_clue *c, const char *code,
     struct zq_err *err)
{
    struct store_clue_route facts;
    char after[256];
    int rc;

    if ((rc = store_clue_route_facts(a->st, code, NULL, &facts, err)) < 0)
        return rc;
    if (facts.project_id == 0)
        return zq_err_set(err, ZQ_EINTERNAL, "项目 %s 未能登记", code);
    if ((rc = store_clue_set_project(a->st, c->id, facts.project_id, code, err)) < 0 ||
        (rc = store_clue_event(a->st, c->id, ts_now(), actor_id, actor, "project", c->status,
                               c->status, code, err)) < 0)
        return rc;
    snprintf(after, sizeof after, "{\"project_code\":\"%s\"}", code);
    return audit_append(a, actor, "clue.project", "clue", c->ticket, NULL, after, err);
}

int
clue_make_project(struct app *a, const struct principal *p, const char *ticket, const json_t *body,
                  struct zq_err *err)
{
    struct store_clue *c = zq_calloc(1, sizeof *c);
    struct store_clue_scope sc;
    struct buf csv;
    const char *code;
    bool found;
    int rc;

    buf_init(&csv, 64 * 1024);
    clue_scope(p, &sc);
    if (!json_is_object(body)) {
        rc = zq_err_set(err, ZQ_ESYNTAX, "请求体应为 JSON 对象");
        goto out;
    }
    if ((rc = store_begin(a->st, err)) < 0)
        goto out;
    if ((rc = store_clue_get(a->st, p ? &sc : NULL, ticket, c, &found, err)) < 0)
        goto fail;
    if (!found) {
        rc = zq_err_set(err, ZQ_ENOTFOUND, "线索 %.60s 不存在或不在您的管辖范围内", ticket);
        goto fail;
    }
    if (c->project_id > 0) {
        rc = zq_err_set(err, ZQ_ECONFLICT, "线索 %s 已关联项目 %s", c->ticket, c->project_code);
        goto fail;
    }
    {
        const char *region = json_string_value(json_object_get(body, "region_code"));
        if (region != NULL &&
            (strcmp(region, sc.region_lo) < 0 || strcmp(region, sc.region_hi) > 0)) {
            rc = zq_err_set(err, ZQ_EINVAL, "项目所在地区不在您的管辖范围内");
            zq_err_field(err, "region_code");
            goto fail;
        }
    }
    code = json_string_value(json_object_get(body, "code"));
    if (code == NULL)
        code = c->project_code;
    if ((rc = build_csv(body, c, &csv, err)) < 0 ||
        (rc = import_one(a, p ? p->actor : "cli", &csv, err)) < 0 ||
        (rc = link(a, p ? p->actor : "cli", p ? p->id : 0, c, code, err)) < 0)
        goto fail;
    rc = store_commit(a->st, err);
    goto out;
fail:
    store_rollback(a->st);
out:
    buf_fini(&csv);
    zq_free(c);
    return rc;
}
