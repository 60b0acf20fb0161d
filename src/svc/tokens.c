/*
 * tokens.c - making and revoking API tokens.  The secret is random (32
 * bytes, base64url, prefix "zqt_" so that it is recognisable in a leak
 * scanner); only its BLAKE2b hash is stored.
 */
#include "svc/tokens.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/phone.h"
#include "core/str.h"
#include "core/uscc.h"
#include "store/store_auth.h"
#include "svc/audit.h"
#include "svc/auth.h"

static int
field_err(struct zq_err *err, const char *field, const char *msg)
{
    zq_err_set(err, ZQ_EINVAL, "%s", msg);
    zq_err_field(err, field);
    return ZQ_EINVAL;
}

/* An account number as the importer normalises it (spaces and '-' dropped),
 * or false when s is not one. */
static bool
account_number(const char *s, char out[40])
{
    size_t n = 0;

    for (; *s != '\0'; s++) {
        if (*s == ' ' || *s == '-')
            continue;
        if (*s < '0' || *s > '9' || n >= 32)
            return false;
        out[n++] = *s;
    }
    out[n] = '\0';
    return n >= 8;
}

/* Fill t's subject (and account hash) from the caller's subject. */
static int
subject_of(struct app *a, struct store_token *t, const char *subject, struct zq_err *err)
{
    char uscc[USCC_LEN + 1], no[40];
    struct str s = str_trim(str_from(subject != NULL ? subject : ""));
    const struct pii_keys *k;
    int rc;

    if (strcmp(t->role, "enterprise") == 0) {
        if (uscc_parse(s, uscc, err) < 0) {
            zq_err_field(err, "subject");
            return ZQ_EINVAL;
        }
        snprintf(t->subject, sizeof t->subject, "%s", uscc);
        return store_auth_enterprise_id(a->st, uscc, &t->enterprise_id, err);
    }
    if (s.len == 0 || s.len >= sizeof t->subject || !utf8_valid(s.p, s.len))
        return field_err(err, "subject", "银行令牌须指定银行名称或专户账号（subject）");
    memcpy(t->subject, s.p, s.len);
    t->subject[s.len] = '\0';
    if (account_number(t->subject, no)) {
        if ((rc = app_pii(a, &k, err)) < 0)
            return rc;
        pii_hash(k, no, strlen(no), t->account_hash);
        t->has_account = true;
        bankcard_mask(no, t->subject, sizeof t->subject);
    }
    return 0;
}

int
tokens_add(struct app *a, const char *role, const char *subject, const char *label,
           int64_t created_by, const char *actor, char secret[TOKEN_SECRET_LEN], int64_t *id,
           char subject_out[129], struct zq_err *err)
{
    unsigned char h[STORE_SECRET_HASH_LEN];
    struct store_token t;
    char idtext[24], *after = NULL;
    json_t *o;
    int rc;

    *id = 0;
    secret[0] = '\0';
    memset(&t, 0, sizeof t);
    if (role == NULL || (strcmp(role, "enterprise") != 0 && strcmp(role, "bank") != 0))
        return field_err(err, "role", "令牌的角色应为 enterprise 或 bank");
    snprintf(t.role, sizeof t.role, "%s", role);
    if (label != NULL && (strlen(label) >= sizeof t.label || !utf8_valid(label, strlen(label))))
        return field_err(err, "label", "备注应为不超过 128 字节的文字");
    snprintf(t.label, sizeof t.label, "%s", label != NULL ? label : "");
    if ((rc = subject_of(a, &t, subject, err)) < 0)
        return rc;
    t.created_at = ts_now();
    t.created_by = created_by;
    auth_secret_new("zqt_", secret, TOKEN_SECRET_LEN);
    auth_secret_hash(secret, h);
    o = json_pack("{s:s, s:s, s:s}", "role", t.role, "subject", t.subject, "label", t.label);
    after = o != NULL ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    if (after == NULL)
        return zq_err_set(err, ZQ_EINTERNAL, "无法生成审计记录");
    if ((rc = store_begin(a->st, err)) == 0) {
        rc = store_token_insert(a->st, h, &t, id, err);
        snprintf(idtext, sizeof idtext, "%lld", (long long)*id);
        if (rc == 0)
            rc = audit_append(a, actor, "create", "api_token", idtext, NULL, after, err);
        if (rc < 0)
            store_rollback(a->st);
        else
            rc = store_commit(a->st, err);
    }
    free(after);
    if (rc < 0) {
        sodium_memzero(secret, TOKEN_SECRET_LEN);
        *id = 0;
        return rc;
    }
    snprintf(subject_out, 129, "%s", t.subject);
    return 0;
}

int
tokens_revoke(struct app *a, int64_t id, const char *actor, struct zq_err *err)
{
    struct store_token t = { 0 };
    bool found = false, changed = false;
    char idtext[24], before[64];
    int rc;

    if ((rc = store_token_by_id(a->st, id, &t, &found, err)) < 0)
        return rc;
    if (!found)
        return zq_err_set(err, ZQ_ENOTFOUND, "没有编号为 %lld 的令牌", (long long)id);
    if (t.revoked_at != 0)
        return zq_err_set(err, ZQ_ECONFLICT, "令牌 %lld 已被吊销", (long long)id);
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    snprintf(before, sizeof before, "{\"revoked\":false}");
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    rc = store_token_revoke(a->st, id, ts_now(), &changed, err);
    if (rc == 0 && !changed)
        rc = zq_err_set(err, ZQ_ECONFLICT, "令牌 %lld 已被吊销", (long long)id);
    if (rc == 0)
        rc = audit_append(a, actor, "revoke", "api_token", idtext, before, "{\"revoked\":true}",
                          err);
    if (rc < 0) {
        store_rollback(a->st);
        return rc;
    }
    return store_commit(a->st, err);
}
