/*
 * auth_upload.c - what a principal may import through the API (SPEC §9):
 * enterprise tokens and users write data only for projects where their
 * enterprise is builder, contractor or subcontractor; bank tokens write
 * only transactions and disbursements of accounts at their bank; county or
 * city inspectors only what lies in their region.
 *
 * The check reads the upload once before the importer does and refuses the
 * whole file when any row reaches outside the caller's reach, naming every
 * such row.  Refusing the file (rather than the rows) means an import never
 * half-applies because of permissions, and the importer itself needs no
 * knowledge of principals.  Unknown projects and accounts are refused like
 * foreign ones, so that the answer does not tell whether they exist.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/strmap.h"
#include "core/table.h"
#include "core/uscc.h"
#include "store/store_import.h"
#include "svc/auth.h"
#include "svc/import.h"

enum up_check {
    UC_NONE,        /* nothing row by row */
    UC_PROJECT,     /* the project named by the column must be visible */
    UC_PROJECT_DEF, /* the projects kind: visible, or new and the caller's */
    UC_ACCOUNT,     /* the wage account named by the column */
    UC_REGION,      /* the region code must lie in the caller's region */
};

#define IMPORT_STAFF (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_INSPECTOR))
#define IMPORT_ENT   (IMPORT_STAFF | ROLE_BIT(ROLE_ENTERPRISE))
#define IMPORT_BANK  (IMPORT_STAFF | ROLE_BIT(ROLE_BANK))

static const struct kind_rule {
    const char *kind;
    unsigned roles;
    enum up_check check;
    const char *col; /* English name of the column checked */
} kind_rules[] = {
    { "enterprises", IMPORT_STAFF, UC_NONE, NULL },
    { "projects", IMPORT_ENT, UC_PROJECT_DEF, "code" },
    { "subcontracts", IMPORT_ENT, UC_PROJECT, "project_code" },
    { "accounts", IMPORT_ENT, UC_PROJECT, "project_code" },
    { "deposits", IMPORT_ENT, UC_PROJECT, "project_code" },
    { "employment", IMPORT_ENT, UC_PROJECT, "project_code" },
    { "attendance", IMPORT_ENT, UC_PROJECT, "project_code" },
    { "payroll", IMPORT_ENT, UC_PROJECT, "project_code" },
    { "payments", IMPORT_ENT, UC_PROJECT, "project_code" },
    { "txns", IMPORT_BANK, UC_ACCOUNT, "account_no" },
    { "disbursements", IMPORT_BANK, UC_ACCOUNT, "account_no" },
    { "cases", IMPORT_STAFF, UC_REGION, "region_code" },
    { "blacklist", IMPORT_STAFF, UC_NONE, NULL },
    { "clues", IMPORT_STAFF, UC_REGION, "region_code" },
};

static const struct kind_rule *
rule_of(const char *kind)
{
    for (size_t i = 0; i < sizeof kind_rules / sizeof kind_rules[0]; i++)
        if (strcmp(kind_rules[i].kind, kind) == 0)
            return &kind_rules[i];
    return NULL;
}

int
auth_import_allowed(const struct principal *p, const char *kind, struct zq_err *err)
{
    const struct kind_rule *r = rule_of(kind);

    if (r == NULL)
        return zq_err_set(err, ZQ_ENOTFOUND, "不认识的导入类型“%s”", kind);
    if (r->roles & ROLE_BIT(p->role))
        return 0;
    if (p->role == ROLE_BANK)
        return zq_err_set(err, ZQ_EFORBIDDEN,
                          "银行只能上传专户流水（txns）和代发明细（disbursements），不能上传“%s”",
                          import_kind_title(kind));
    if (p->role == ROLE_ENTERPRISE)
        return zq_err_set(err, ZQ_EFORBIDDEN, "企业不能上传“%s”数据", import_kind_title(kind));
    return zq_err_set(err, ZQ_EFORBIDDEN, "您的角色（%s）不能导入数据“%s”",
                      auth_role_title(p->role), import_kind_title(kind));
}

/* ---------------------------------------------------------------- rows */

struct upcheck {
    struct app *a;
    const struct principal *p;
    const struct kind_rule *rule;
    struct store_scope sc;
    const struct pii_keys *pii;
    struct strmap *seen; /* key -> 1 allowed, 2 refused */
    int col, col_region, col_builder, col_contractor;
    char colname[96];
    auth_deny_fn fn;
    void *ctx;
    long denied;
};

static bool
header_is(struct str h, const char *en, const char *zh)
{
    return (h.len == strlen(en) && strncasecmp(h.p, en, h.len) == 0) || str_eq_cstr(h, zh);
}

/* The index in the header of the kind's column `en`, or -1. */
static int
find_col(const char *kind, const struct tbl_row *hdr, const char *en)
{
    const struct import_column *c = NULL;

    for (size_t i = 0; i < import_column_count(kind); i++)
        if (strcmp(import_column_at(kind, i)->en, en) == 0)
            c = import_column_at(kind, i);
    if (c == NULL)
        return -1;
    for (size_t f = 0; f < hdr->n; f++)
        if (header_is(str_trim(hdr->f[f]), c->en, c->zh))
            return (int)f;
    return -1;
}

static struct str
cell(const struct tbl_row *row, int col)
{
    if (col < 0 || (size_t)col >= row->n)
        return (struct str){ "", 0 };
    return str_trim(row->f[col]);
}

static void
deny(struct upcheck *u, long line, struct str value, const char *reason)
{
    char v[STR_EXCERPT_LEN];

    u->denied++;
    if (u->fn != NULL)
        u->fn(u->ctx, line, u->colname, str_excerpt(value, v), reason);
}

/* Whether value v of the row is the principal's own USCC. */
static bool
is_own(const struct upcheck *u, struct str v)
{
    char code[USCC_LEN + 1];

    return u->p->uscc[0] != '\0' && uscc_parse(v, code, NULL) == 0 && strcmp(code, u->p->uscc) == 0;
}

static bool
region_in_scope(const struct upcheck *u, struct str rc)
{
    char code[10];

    if (rc.len != 6 && rc.len != 9)
        return false;
    memcpy(code, rc.p, rc.len);
    code[rc.len] = '\0';
    return strcmp(code, u->sc.region_lo) >= 0 && strcmp(code, u->sc.region_hi) <= 0;
}

/* 1 allowed, 2 refused, < 0 error; *why gets the reason of a refusal. */
static int
project_verdict(struct upcheck *u, struct str code, const struct tbl_row *row, const char **why,
                struct zq_err *err)
{
    struct simp_project sp;
    char buf[80];
    bool exists = false;
    int64_t id = 0;
    int rc;

    *why = "项目不存在，或本单位不是该项目的建设单位、施工总承包单位或分包单位";
    if (u->p->role != ROLE_ENTERPRISE)
        *why = "项目不存在或不在您的管辖范围内";
    if (code.len == 0 || code.len >= sizeof buf)
        return 1; /* malformed: the importer rejects the row with the precise reason */
    memcpy(buf, code.p, code.len);
    buf[code.len] = '\0';
    if ((rc = store_simp_project(u->a->st, buf, code.len, &sp, &exists, err)) < 0)
        return rc;
    if (exists) {
        rc = store_q_project_id(u->a->st, &u->sc, buf, &id, err);
        if (rc < 0 && rc != ZQ_ENOTFOUND)
            return rc;
    }
    if (u->rule->check == UC_PROJECT)
        return id > 0 ? 1 : 2;
    /* the projects kind: the row must keep the caller a party */
    if (exists && id == 0) {
        *why = "该项目编号已由其他单位登记，您无权修改";
        return 2;
    }
    if (u->p->role == ROLE_ENTERPRISE) {
        *why = "企业只能登记本单位作为建设单位或施工总承包单位的项目";
        return is_own(u, cell(row, u->col_builder)) || is_own(u, cell(row, u->col_contractor)) ? 1
                                                                                               : 2;
    }
    *why = "项目所在地区不在您的管辖范围内";
    return exists || region_in_scope(u, cell(row, u->col_region)) ? 1 : 2;
}

/* Account numbers as the importer normalises them: spaces and '-' dropped. */
static bool
account_norm(struct str v, char out[40], size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < v.len; i++) {
        if (v.p[i] == ' ' || v.p[i] == '-')
            continue;
        if (v.p[i] < '0' || v.p[i] > '9' || *n >= 32)
            return false;
        out[(*n)++] = v.p[i];
    }
    out[*n] = '\0';
    return *n >= 8;
}

static int
account_verdict(struct upcheck *u, struct str v, const char **why, struct zq_err *err)
{
    unsigned char h[PII_HASH_LEN];
    struct store_account_access acc;
    char no[40];
    size_t n;
    int rc;

    *why = u->p->role == ROLE_BANK ? "专户账号未登记，或该专户不在本银行开立"
                                   : "专户账号未登记，或其项目不在您的管辖范围内";
    if (!account_norm(v, no, &n))
        return 1; /* malformed: the importer says why */
    pii_hash(u->pii, no, n, h);
    rc = store_auth_account(u->a->st, &u->sc, h, sizeof h, u->p->bank,
                            u->p->has_account ? u->p->account_hash : NULL, &acc, err);
    if (rc < 0)
        return rc;
    if (u->p->role == ROLE_BANK)
        return acc.exists && acc.bank_ok ? 1 : 2;
    return acc.exists && acc.in_scope ? 1 : 2;
}

static int
check_row(struct upcheck *u, const struct tbl_row *row, struct zq_err *err)
{
    struct str v = cell(row, u->col);
    const char *why = "";
    uint64_t verdict = 0;
    int rc;

    if (u->rule->check == UC_REGION) {
        if (v.len > 0 && !region_in_scope(u, v))
            deny(u, row->line, v, "地区代码不在您的管辖范围内");
        return 0;
    }
    /* the projects kind depends on more than the code: no memo */
    if (u->rule->check == UC_PROJECT_DEF || !strmap_get(u->seen, v.p, v.len, &verdict)) {
        rc = u->rule->check == UC_ACCOUNT ? account_verdict(u, v, &why, err)
                                          : project_verdict(u, v, row, &why, err);
        if (rc < 0)
            return rc;
        verdict = (uint64_t)rc;
        if (u->rule->check != UC_PROJECT_DEF && strmap_count(u->seen) < 100000)
            strmap_put(u->seen, v.p, v.len, verdict);
    }
    if (verdict == 2) {
        if (why[0] == '\0')
            why = u->rule->check == UC_ACCOUNT ? "专户账号未登记，或不在您的权限范围内"
                                               : "项目不存在或不在您的权限范围内";
        deny(u, row->line, v, why);
    }
    return 0;
}

static void
column_name(struct upcheck *u, const char *kind)
{
    for (size_t i = 0; i < import_column_count(kind); i++) {
        const struct import_column *c = import_column_at(kind, i);
        if (strcmp(c->en, u->rule->col) == 0)
            snprintf(u->colname, sizeof u->colname, "%s（%s）", c->en, c->zh);
    }
}

static int
read_rows(struct upcheck *u, struct tbl_reader *r, const char *kind, struct zq_err *err)
{
    struct tbl_row row;
    int rc;

    if (tbl_next(r, &row, NULL) <= 0)
        return 0; /* empty or unreadable: the importer reports it */
    u->col = find_col(kind, &row, u->rule->col);
    u->col_region = find_col(kind, &row, "region_code");
    u->col_builder = find_col(kind, &row, "builder_uscc");
    u->col_contractor = find_col(kind, &row, "contractor_uscc");
    if (u->col < 0)
        return 0; /* a missing column: the importer refuses the file */
    while ((rc = tbl_next(r, &row, NULL)) != 0) {
        if (rc == ZQ_EINVAL)
            continue;
        if (rc < 0)
            return 0;
        if ((rc = check_row(u, &row, err)) < 0)
            return rc;
    }
    return 0;
}

int
auth_upload_check(struct app *a, const struct principal *p, const char *kind, const void *body,
                  size_t len, auth_deny_fn fn, void *ctx, long *denied, struct zq_err *err)
{
    struct upcheck u = { .a = a, .p = p, .rule = rule_of(kind), .fn = fn, .ctx = ctx };
    struct tbl_reader *r = NULL;
    int rc;

    *denied = 0;
    if ((rc = auth_import_allowed(p, kind, err)) < 0)
        return rc;
    /* administrators may import anything; other roles row by row */
    if (p->role == ROLE_ADMIN || u.rule->check == UC_NONE)
        return 0;
    auth_scope(p, &u.sc);
    column_name(&u, kind);
    if (u.rule->check == UC_ACCOUNT && (rc = app_pii(a, &u.pii, err)) < 0)
        return rc;
    if (tbl_open_mem(body, len, "upload", NULL, &r, NULL) < 0)
        return 0; /* the importer reports why the file cannot be read */
    u.seen = strmap_new();
    rc = read_rows(&u, r, kind, err);
    strmap_free(u.seen);
    tbl_close(r);
    *denied = u.denied;
    if (rc == 0 && u.denied > 0)
        rc = zq_err_set(err, ZQ_EFORBIDDEN,
                        "文件中有 %ld 行超出您的权限范围，整个文件未导入（详见 rejected）",
                        u.denied);
    return rc;
}
