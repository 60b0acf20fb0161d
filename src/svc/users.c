/*
 * users.c - creating and changing accounts, with validation, scope checks
 * and an audit entry per change.  The password itself (and its hash) never
 * reaches the audit log.
 */
#include "svc/users.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/region.h"
#include "core/str.h"
#include "core/uscc.h"
#include "store/store_auth.h"
#include "svc/audit.h"

bool
users_name_valid(const char *s)
{
    size_t n = s != NULL ? strlen(s) : 0;

    if (n < 1 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-' || c == '@'))
            return false;
    }
    return true;
}

static int
field_err(struct zq_err *err, const char *field, const char *msg)
{
    zq_err_set(err, ZQ_EINVAL, "%s", msg);
    zq_err_field(err, field);
    return ZQ_EINVAL;
}

static bool
empty(const char *s)
{
    return s == NULL || s[0] == '\0';
}

/* Display names: printable UTF-8 text of at most 64 bytes... in characters
 * that a list can show on one line. */
static bool
display_ok(const char *s)
{
    size_t n = strlen(s);

    if (n > 128 || !utf8_valid(s, n))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return false;
    return true;
}

/* Check role, region, dept and enterprise of u (a whole account after a
 * change), resolving the enterprise's id. */
static int
check_account(struct app *a, struct store_user *u, const char *uscc_in, const struct principal *by,
              struct zq_err *err)
{
    const struct region_table *rt;
    enum auth_role role = auth_role_parse(u->role);
    char lo[10], hi[10], uscc[USCC_LEN + 1];
    int rc;

    if (role == ROLE_NONE || role == ROLE_BANK)
        return field_err(err, "role",
                         "角色无效：应为 admin、leader、inspector、dept_officer 或 enterprise"
                         "（银行通过 API 令牌接入）");
    if ((rc = app_regions(a, &rt, err)) < 0)
        return rc;
    {
        const struct region *r = region_find(rt, u->region);
        if (r == NULL || strcmp(r->code, u->region) != 0)
            return field_err(err, "region_code", "地区代码无效：应为已知的行政区划代码");
    }
    if (by != NULL) {
        auth_region_range(by->region, lo, hi);
        if (strcmp(u->region, lo) < 0 || strcmp(u->region, hi) > 0)
            return field_err(err, "region_code", "只能在本人管辖的地区内设置账号");
    }
    if (role == ROLE_DEPT_OFFICER && empty(u->dept))
        return field_err(err, "dept", "行业主管部门的账号必须指定部门（dept）");
    if (!empty(u->dept) && !auth_dept_valid(u->dept))
        return field_err(err, "dept", "部门代码无效（如 housing、transport、water、agri）");
    if (role == ROLE_ENTERPRISE && !empty(u->dept))
        return field_err(err, "dept", "企业账号不属于任何部门");
    if (role != ROLE_ENTERPRISE) {
        if (!empty(uscc_in))
            return field_err(err, "enterprise_uscc", "只有企业账号才绑定企业");
        u->enterprise_id = 0;
        return 0;
    }
    if (empty(uscc_in))
        return field_err(err, "enterprise_uscc", "企业账号必须绑定企业的统一社会信用代码");
    if (uscc_parse(str_from(uscc_in), uscc, err) < 0) {
        zq_err_field(err, "enterprise_uscc");
        return ZQ_EINVAL;
    }
    if ((rc = store_auth_enterprise_id(a->st, uscc, &u->enterprise_id, err)) < 0)
        return rc;
    if (u->enterprise_id == 0)
        return field_err(err, "enterprise_uscc", "该统一社会信用代码的企业尚未登记，请先导入企业");
    snprintf(u->enterprise_uscc, sizeof u->enterprise_uscc, "%s", uscc);
    return 0;
}

/* The account as the audit log shows it (no password). */
static char *
user_json(const struct store_user *u)
{
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s, s:b}", "username", u->username, "role", u->role,
                  "region_code", u->region, "dept", empty(u->dept) ? NULL : u->dept,
                  "enterprise_uscc", empty(u->enterprise_uscc) ? NULL : u->enterprise_uscc,
                  "display_name", u->display_name, "disabled", u->disabled);
    char *s = o != NULL ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

    json_decref(o);
    return s;
}

static void
set_str(char *dst, size_t cap, const char *src)
{
    size_t n = src != NULL ? strlen(src) : 0;

    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src != NULL ? src : "", n);
    dst[n] = '\0';
}

/* Run change(ctx) and the audit entry in one transaction. */
static int
commit_audited(struct app *a, int rc, const char *actor, const char *action, const char *entity_id,
               const char *before, const char *after, struct zq_err *err)
{
    if (rc == 0)
        rc = audit_append(a, actor, action, "user", entity_id, before, after, err);
    if (rc < 0) {
        store_rollback(a->st);
        return rc;
    }
    return store_commit(a->st, err);
}

int
users_add(struct app *a, struct auth_gate *g, const struct user_spec *spec,
          const struct principal *by, const char *actor, int64_t *id, struct zq_err *err)
{
    struct store_user u;
    char *after = NULL;
    int rc;

    *id = 0;
    memset(&u, 0, sizeof u);
    if (!users_name_valid(spec->username))
        return field_err(err, "username", "用户名应为 1–64 个字母、数字或 . _ - @ 字符");
    if (empty(spec->role) || strlen(spec->role) >= sizeof u.role)
        return field_err(err, "role", "缺少角色（role）");
    if (empty(spec->region) || strlen(spec->region) >= sizeof u.region)
        return field_err(err, "region_code", "缺少地区代码（region_code）");
    if (!empty(spec->dept) && strlen(spec->dept) >= sizeof u.dept)
        return field_err(err, "dept", "部门代码无效");
    if (!empty(spec->display_name) && !display_ok(spec->display_name))
        return field_err(err, "display_name", "姓名应为不超过 128 字节的文字");
    if ((rc = auth_password_check(spec->password, err)) < 0) {
        zq_err_field(err, "password");
        return rc;
    }
    set_str(u.username, sizeof u.username, spec->username);
    set_str(u.role, sizeof u.role, spec->role);
    set_str(u.region, sizeof u.region, spec->region);
    set_str(u.dept, sizeof u.dept, spec->dept);
    set_str(u.display_name, sizeof u.display_name,
            empty(spec->display_name) ? spec->username : spec->display_name);
    if ((rc = check_account(a, &u, spec->enterprise_uscc, by, err)) < 0)
        return rc;
    if ((rc = auth_password_hash(a->cfg, g, spec->password, u.password_hash, err)) < 0)
        return rc;
    if ((after = user_json(&u)) == NULL)
        return zq_err_set(err, ZQ_EINTERNAL, "无法生成审计记录");
    if ((rc = store_begin(a->st, err)) == 0) {
        rc = store_user_insert(a->st, &u, ts_now(), id, err);
        rc = commit_audited(a, rc, actor, "create", u.username, NULL, after, err);
    }
    free(after);
    return rc;
}

/* Apply c to u; *ends_sessions tells whether the change must log the user
 * out everywhere. */
static int
apply_change(struct app *a, struct auth_gate *g, struct store_user *u, const struct user_change *c,
             const struct principal *by, bool *ends_sessions, struct zq_err *err)
{
    const char *uscc = u->enterprise_uscc[0] ? u->enterprise_uscc : NULL;
    char keep[19];
    int rc;

    *ends_sessions = false;
    if (c->display_name != NULL) {
        if (!display_ok(c->display_name))
            return field_err(err, "display_name", "姓名应为不超过 128 字节的文字");
        set_str(u->display_name, sizeof u->display_name, c->display_name);
    }
    if (c->role != NULL)
        set_str(u->role, sizeof u->role, c->role);
    if (c->region != NULL)
        set_str(u->region, sizeof u->region, c->region);
    if (c->dept != NULL)
        set_str(u->dept, sizeof u->dept, c->dept);
    set_str(keep, sizeof keep, uscc);
    if (c->enterprise_uscc != NULL)
        set_str(keep, sizeof keep, c->enterprise_uscc);
    if (c->disabled >= 0) {
        *ends_sessions = *ends_sessions || (c->disabled == 1 && !u->disabled);
        u->disabled = c->disabled == 1;
    }
    if ((rc = check_account(a, u, keep, by, err)) < 0)
        return rc;
    if (c->password != NULL) {
        if ((rc = auth_password_check(c->password, err)) < 0) {
            zq_err_field(err, "password");
            return rc;
        }
        if ((rc = auth_password_hash(a->cfg, g, c->password, u->password_hash, err)) < 0)
            return rc;
        *ends_sessions = true;
    }
    /* a change of role or reach also ends the sessions cached with the old one */
    *ends_sessions = *ends_sessions || c->role != NULL || c->region != NULL || c->dept != NULL ||
                     c->enterprise_uscc != NULL;
    return 0;
}

int
users_id(struct app *a, const char *username, int64_t *id, struct zq_err *err)
{
    struct store_user u = { 0 };
    bool found = false;
    int rc;

    *id = 0;
    if ((rc = store_user_by_name(a->st, username, &u, &found, err)) < 0)
        return rc;
    if (!found)
        return zq_err_set(err, ZQ_ENOTFOUND, "没有用户“%s”", username);
    *id = u.id;
    return 0;
}

int
users_update(struct app *a, struct auth_gate *g, int64_t id, const struct user_change *c,
             const struct principal *by, const char *actor, struct zq_err *err)
{
    struct store_user u = { 0 };
    char *before = NULL, *after = NULL, lo[10], hi[10], idtext[72];
    bool found, ends = false;
    int64_t now = ts_now();
    int rc;

    if ((rc = store_user_by_id(a->st, id, &u, &found, err)) < 0)
        return rc;
    if (by != NULL)
        auth_region_range(by->region, lo, hi);
    if (!found || (by != NULL && (strcmp(u.region, lo) < 0 || strcmp(u.region, hi) > 0)))
        return zq_err_set(err, ZQ_ENOTFOUND, "用户不存在或不在您的管辖范围内");
    if (by != NULL && id == by->id && c->disabled == 1)
        return field_err(err, "disabled", "不能停用自己的账号");
    before = user_json(&u);
    rc = apply_change(a, g, &u, c, by, &ends, err);
    if (rc == 0 && (after = user_json(&u)) == NULL)
        rc = zq_err_set(err, ZQ_EINTERNAL, "无法生成审计记录");
    snprintf(idtext, sizeof idtext, "%s", u.username);
    if (rc == 0 && (rc = store_begin(a->st, err)) == 0) {
        rc = store_user_update(a->st, &u, now, err);
        if (rc == 0 && c->password != NULL)
            rc = store_user_set_password(a->st, u.id, u.password_hash, now, err);
        if (rc == 0 && ends)
            rc = store_session_delete_user(a->st, u.id, 0, err);
        rc = commit_audited(a, rc, actor, c->password != NULL ? "update_password" : "update",
                            idtext, before, after, err);
    }
    free(before);
    free(after);
    return rc;
}

int
users_change_password(struct app *a, struct auth_gate *g, const struct principal *who,
                      const char *current, const char *next, struct zq_err *err)
{
    struct store_user u = { 0 };
    bool found, ok = false;
    int rc;

    if (who->via != AUTH_SESSION)
        return zq_err_set(err, ZQ_EFORBIDDEN, "API 令牌没有密码");
    if ((rc = store_user_by_id(a->st, who->id, &u, &found, err)) < 0)
        return rc;
    if (!found)
        return zq_err_set(err, ZQ_EAUTH, "账号不存在");
    if ((rc = auth_password_verify(g, u.password_hash, current, &ok, err)) < 0)
        return rc;
    if (!ok)
        return field_err(err, "current_password", "当前密码不正确");
    if ((rc = auth_password_check(next, err)) < 0) {
        zq_err_field(err, "new_password");
        return rc;
    }
    if ((rc = auth_password_hash(a->cfg, g, next, u.password_hash, err)) < 0)
        return rc;
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    rc = store_user_set_password(a->st, u.id, u.password_hash, ts_now(), err);
    if (rc == 0)
        rc = store_session_delete_user(a->st, u.id, who->session_id, err);
    return commit_audited(a, rc, who->actor, "update_password", u.username, NULL, NULL, err);
}
