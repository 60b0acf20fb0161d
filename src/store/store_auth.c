/*
 * store_auth.c - users, sessions, API tokens and rate-limit counters
 * (tables users, sessions, api_tokens, rate_limits).
 *
 * The caller owns every argument; rows come back copied into the caller's
 * structs.  Nothing here begins or commits a transaction.
 */
#include "store/store_auth.h"

#include <string.h>

#include "store/store_query_int.h"

static int64_t
ival(const struct store_val *v)
{
    return v->t == STORE_INT ? v->i : 0;
}

static void
blob_copy(unsigned char *out, size_t cap, const struct store_val *v, bool *present)
{
    bool ok = v->t == STORE_BLOB && v->n == cap;

    if (ok)
        memcpy(out, v->p, cap);
    else
        memset(out, 0, cap);
    if (present != NULL)
        *present = ok;
}

/* ---------------------------------------------------------------- users */

#define USER_COLS                                                                         \
    "u.id, u.username, u.password_hash, u.role, u.region_code, u.dept, u.enterprise_id, " \
    "e.uscc, u.display_name, u.disabled, u.failed_logins, u.lock_expires_at, "            \
    "u.last_login_at, u.created_at, u.updated_at"
#define USER_NCOLS 15

static const char SQL_USER_BY_NAME[] = "SELECT " USER_COLS " FROM users u LEFT JOIN enterprises e "
                                       "ON e.id = u.enterprise_id WHERE u.username = $1";
static const char SQL_USER_BY_ID[] = "SELECT " USER_COLS " FROM users u LEFT JOIN enterprises e "
                                     "ON e.id = u.enterprise_id WHERE u.id = $1";
static const char SQL_USER_INSERT[] =
    "INSERT INTO users (username, password_hash, role, region_code, dept, enterprise_id, "
    "display_name, disabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
    "$9, $9) RETURNING id";
static const char SQL_USER_UPDATE[] =
    "UPDATE users SET role = $2, region_code = $3, dept = $4, enterprise_id = $5, "
    "display_name = $6, disabled = $7, updated_at = $8 WHERE id = $1";
static const char SQL_USER_PASSWORD[] =
    "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1";
static const char SQL_USER_LOGIN_OK[] =
    "UPDATE users SET failed_logins = 0, lock_expires_at = NULL, last_login_at = $2 WHERE id = $1";
static const char SQL_USER_LOGIN_FAIL[] =
    "UPDATE users SET failed_logins = failed_logins + 1, lock_expires_at = CASE WHEN "
    "CAST($2 AS BIGINT) > 0 THEN $2 ELSE lock_expires_at END WHERE id = $1";
static const char SQL_ENTERPRISE_ID[] = "SELECT id FROM enterprises WHERE uscc = $1";

/* Columns from offset `o` of a row in USER_COLS order. */
static void
read_user(const struct store_val *v, int o, struct store_user *u)
{
    memset(u, 0, sizeof *u);
    u->id = ival(&v[o + 0]);
    sq_copy(u->username, sizeof u->username, &v[o + 1]);
    sq_copy(u->password_hash, sizeof u->password_hash, &v[o + 2]);
    sq_copy(u->role, sizeof u->role, &v[o + 3]);
    sq_copy(u->region, sizeof u->region, &v[o + 4]);
    sq_copy(u->dept, sizeof u->dept, &v[o + 5]);
    u->enterprise_id = ival(&v[o + 6]);
    sq_copy(u->enterprise_uscc, sizeof u->enterprise_uscc, &v[o + 7]);
    sq_copy(u->display_name, sizeof u->display_name, &v[o + 8]);
    u->disabled = ival(&v[o + 9]) != 0;
    u->failed_logins = ival(&v[o + 10]);
    u->lock_expires_at = ival(&v[o + 11]);
    u->last_login_at = ival(&v[o + 12]);
    u->created_at = ival(&v[o + 13]);
    u->updated_at = ival(&v[o + 14]);
}

struct one_user {
    struct store_user *u;
    bool found;
};

static int
user_row(void *ctx, const struct store_val *v, int n)
{
    struct one_user *o = ctx;

    if (n < USER_NCOLS)
        return 1;
    read_user(v, 0, o->u);
    o->found = true;
    return 1;
}

int
store_user_by_name(struct store *st, const char *username, struct store_user *u, bool *found,
                   struct zq_err *err)
{
    struct store_val p[1] = { sq_text(username) };
    struct one_user o = { u, false };
    int rc = sq_run(st, SQL_USER_BY_NAME, p, 1, user_row, &o, NULL, err);

    *found = o.found;
    return rc;
}

int
store_user_by_id(struct store *st, int64_t id, struct store_user *u, bool *found,
                 struct zq_err *err)
{
    struct store_val p[1] = { sq_int(id) };
    struct one_user o = { u, false };
    int rc = sq_run(st, SQL_USER_BY_ID, p, 1, user_row, &o, NULL, err);

    *found = o.found;
    return rc;
}

static int
first_int(void *ctx, const struct store_val *v, int n)
{
    int64_t *out = ctx;

    if (n > 0)
        *out = ival(&v[0]);
    return 1;
}

static struct store_val
opt_text(const char *s)
{
    return s == NULL || s[0] == '\0' ? sq_text(NULL) : sq_text(s);
}

static struct store_val
opt_int(int64_t v)
{
    return v > 0 ? sq_int(v) : (struct store_val){ .t = STORE_NULL };
}

int
store_user_insert(struct store *st, const struct store_user *u, int64_t now, int64_t *id,
                  struct zq_err *err)
{
    struct store_val p[9] = {
        sq_text(u->username),     sq_text(u->password_hash),   sq_text(u->role),
        sq_text(u->region),       opt_text(u->dept),           opt_int(u->enterprise_id),
        sq_text(u->display_name), sq_int(u->disabled ? 1 : 0), sq_int(now),
    };
    bool taken = false;
    struct store_user tmp = { 0 };
    int rc;

    *id = 0;
    /* A clear message for the common case; the UNIQUE constraint still
     * settles a race between two inserts. */
    if ((rc = store_user_by_name(st, u->username, &tmp, &taken, err)) < 0)
        return rc;
    if (taken)
        return zq_err_set(err, ZQ_ECONFLICT, "用户名“%s”已被使用", u->username);
    if ((rc = sq_run(st, SQL_USER_INSERT, p, 9, first_int, id, NULL, err)) < 0)
        return rc;
    return 0;
}

int
store_user_update(struct store *st, const struct store_user *u, int64_t now, struct zq_err *err)
{
    struct store_val p[8] = {
        sq_int(u->id),
        sq_text(u->role),
        sq_text(u->region),
        opt_text(u->dept),
        opt_int(u->enterprise_id),
        sq_text(u->display_name),
        sq_int(u->disabled ? 1 : 0),
        sq_int(now),
    };

    return sq_run(st, SQL_USER_UPDATE, p, 8, NULL, NULL, NULL, err);
}

int
store_user_set_password(struct store *st, int64_t id, const char *hash, int64_t now,
                        struct zq_err *err)
{
    struct store_val p[3] = { sq_int(id), sq_text(hash), sq_int(now) };

    return sq_run(st, SQL_USER_PASSWORD, p, 3, NULL, NULL, NULL, err);
}

int
store_user_login_result(struct store *st, int64_t id, bool ok, int64_t now, int64_t lock_until,
                        struct zq_err *err)
{
    struct store_val p[2] = { sq_int(id), sq_int(ok ? now : lock_until) };

    return sq_run(st, ok ? SQL_USER_LOGIN_OK : SQL_USER_LOGIN_FAIL, p, 2, NULL, NULL, NULL, err);
}

int
store_auth_enterprise_id(struct store *st, const char *uscc, int64_t *id, struct zq_err *err)
{
    struct store_val p[1] = { sq_text(uscc) };

    *id = 0;
    return sq_run(st, SQL_ENTERPRISE_ID, p, 1, first_int, id, NULL, err);
}

/* ---------------------------------------------------------------- sessions */

static const char SQL_SESSION_INSERT[] =
    "INSERT INTO sessions (token_hash, user_id, csrf_hash, created_at, expires_at, "
    "last_seen_at) VALUES ($1, $2, $3, $4, $5, $4) RETURNING id";
static const char SQL_SESSION_LOOKUP[] =
    "SELECT s.id, s.created_at, s.expires_at, s.last_seen_at, s.csrf_hash, " USER_COLS
    " FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN enterprises e ON "
    "e.id = u.enterprise_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0";
static const char SQL_SESSION_TOUCH[] = "UPDATE sessions SET last_seen_at = $2 WHERE id = $1";
static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE token_hash = $1";
static const char SQL_SESSION_DELETE_USER[] =
    "DELETE FROM sessions WHERE user_id = $1 AND id <> $2";
static const char SQL_SESSION_PURGE[] = "DELETE FROM sessions WHERE expires_at <= $1";

int
store_session_insert(struct store *st, const unsigned char token_hash[STORE_SECRET_HASH_LEN],
                     int64_t user_id, const unsigned char csrf_hash[STORE_SECRET_HASH_LEN],
                     int64_t now, int64_t expires_at, int64_t *id, struct zq_err *err)
{
    struct store_val p[5] = {
        sq_blob(token_hash, STORE_SECRET_HASH_LEN),
        sq_int(user_id),
        sq_blob(csrf_hash, STORE_SECRET_HASH_LEN),
        sq_int(now),
        sq_int(expires_at),
    };

    *id = 0;
    return sq_run(st, SQL_SESSION_INSERT, p, 5, first_int, id, NULL, err);
}

struct one_session {
    struct store_session *s;
    bool found;
};

static int
session_row(void *ctx, const struct store_val *v, int n)
{
    struct one_session *o = ctx;

    if (n < 5 + USER_NCOLS)
        return 1;
    memset(o->s, 0, sizeof *o->s);
    o->s->id = ival(&v[0]);
    o->s->created_at = ival(&v[1]);
    o->s->expires_at = ival(&v[2]);
    o->s->last_seen_at = ival(&v[3]);
    blob_copy(o->s->csrf_hash, STORE_SECRET_HASH_LEN, &v[4], NULL);
    read_user(v, 5, &o->s->user);
    /* the password hash has no business outside the login path */
    memset(o->s->user.password_hash, 0, sizeof o->s->user.password_hash);
    o->found = true;
    return 1;
}

int
store_session_lookup(struct store *st, const unsigned char token_hash[STORE_SECRET_HASH_LEN],
                     int64_t now, struct store_session *s, bool *found, struct zq_err *err)
{
    struct store_val p[2] = { sq_blob(token_hash, STORE_SECRET_HASH_LEN), sq_int(now) };
    struct one_session o = { s, false };
    int rc = sq_run(st, SQL_SESSION_LOOKUP, p, 2, session_row, &o, NULL, err);

    *found = o.found;
    return rc;
}

int
store_session_touch(struct store *st, int64_t id, int64_t now, struct zq_err *err)
{
    struct store_val p[2] = { sq_int(id), sq_int(now) };

    return sq_run(st, SQL_SESSION_TOUCH, p, 2, NULL, NULL, NULL, err);
}

int
store_session_delete(struct store *st, const unsigned char token_hash[STORE_SECRET_HASH_LEN],
                     struct zq_err *err)
{
    struct store_val p[1] = { sq_blob(token_hash, STORE_SECRET_HASH_LEN) };

    return sq_run(st, SQL_SESSION_DELETE, p, 1, NULL, NULL, NULL, err);
}

int
store_session_delete_user(struct store *st, int64_t user_id, int64_t except, struct zq_err *err)
{
    struct store_val p[2] = { sq_int(user_id), sq_int(except) };

    return sq_run(st, SQL_SESSION_DELETE_USER, p, 2, NULL, NULL, NULL, err);
}

int
store_session_purge(struct store *st, int64_t now, struct zq_err *err)
{
    struct store_val p[1] = { sq_int(now) };

    return sq_run(st, SQL_SESSION_PURGE, p, 1, NULL, NULL, NULL, err);
}

/* ---------------------------------------------------------------- API tokens */

#define TOKEN_COLS                                                                        \
    "t.id, t.role, t.subject, coalesce(e.id, 0), t.label, t.account_hash, t.created_at, " \
    "t.created_by, t.last_used_at, t.revoked_at"
static const char SQL_TOKEN_INSERT[] =
    "INSERT INTO api_tokens (token_hash, role, subject, enterprise_id, label, created_at, "
    "created_by, account_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
static const char SQL_TOKEN_LOOKUP[] =
    "SELECT " TOKEN_COLS " FROM api_tokens t LEFT JOIN enterprises e ON t.role = 'enterprise' "
    "AND e.uscc = t.subject WHERE t.token_hash = $1 AND t.revoked_at IS NULL";
static const char SQL_TOKEN_BY_ID[] =
    "SELECT " TOKEN_COLS " FROM api_tokens t LEFT JOIN enterprises e ON t.role = 'enterprise' "
    "AND e.uscc = t.subject WHERE t.id = $1";
static const char SQL_TOKEN_TOUCH[] = "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1";
static const char SQL_TOKEN_REVOKE[] =
    "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";

int
store_token_insert(struct store *st, const unsigned char token_hash[STORE_SECRET_HASH_LEN],
                   const struct store_token *t, int64_t *id, struct zq_err *err)
{
    struct store_val p[8] = {
        sq_blob(token_hash, STORE_SECRET_HASH_LEN),
        sq_text(t->role),
        sq_text(t->subject),
        opt_int(t->enterprise_id),
        sq_text(t->label),
        sq_int(t->created_at),
        opt_int(t->created_by),
        t->has_account ? sq_blob(t->account_hash, STORE_PII_HASH_LEN) : sq_blob(NULL, 0),
    };

    *id = 0;
    return sq_run(st, SQL_TOKEN_INSERT, p, 8, first_int, id, NULL, err);
}

struct one_token {
    struct store_token *t;
    bool found;
};

static int
token_row(void *ctx, const struct store_val *v, int n)
{
    struct one_token *o = ctx;
    struct store_token *t = o->t;

    if (n < 10)
        return 1;
    memset(t, 0, sizeof *t);
    t->id = ival(&v[0]);
    sq_copy(t->role, sizeof t->role, &v[1]);
    sq_copy(t->subject, sizeof t->subject, &v[2]);
    t->enterprise_id = ival(&v[3]);
    sq_copy(t->label, sizeof t->label, &v[4]);
    blob_copy(t->account_hash, STORE_PII_HASH_LEN, &v[5], &t->has_account);
    t->created_at = ival(&v[6]);
    t->created_by = ival(&v[7]);
    t->last_used_at = ival(&v[8]);
    t->revoked_at = ival(&v[9]);
    o->found = true;
    return 1;
}

int
store_token_lookup(struct store *st, const unsigned char token_hash[STORE_SECRET_HASH_LEN],
                   struct store_token *t, bool *found, struct zq_err *err)
{
    struct store_val p[1] = { sq_blob(token_hash, STORE_SECRET_HASH_LEN) };
    struct one_token o = { t, false };
    int rc = sq_run(st, SQL_TOKEN_LOOKUP, p, 1, token_row, &o, NULL, err);

    *found = o.found;
    return rc;
}

int
store_token_by_id(struct store *st, int64_t id, struct store_token *t, bool *found,
                  struct zq_err *err)
{
    struct store_val p[1] = { sq_int(id) };
    struct one_token o = { t, false };
    int rc = sq_run(st, SQL_TOKEN_BY_ID, p, 1, token_row, &o, NULL, err);

    *found = o.found;
    return rc;
}

int
store_token_touch(struct store *st, int64_t id, int64_t now, struct zq_err *err)
{
    struct store_val p[2] = { sq_int(id), sq_int(now) };

    return sq_run(st, SQL_TOKEN_TOUCH, p, 2, NULL, NULL, NULL, err);
}

int
store_token_revoke(struct store *st, int64_t id, int64_t now, bool *changed, struct zq_err *err)
{
    struct store_val p[2] = { sq_int(id), sq_int(now) };
    int rc = sq_run(st, SQL_TOKEN_REVOKE, p, 2, NULL, NULL, NULL, err);

    *changed = rc == 0 && store_changes(st) > 0;
    return rc;
}

static const char SQL_ACCOUNT[] =
    "SELECT CASE WHEN ($5 <> '' AND substr(w.bank, 1, length($5)) = $5) OR "
    "w.account_no_hash = $6 THEN 1 ELSE 0 END, CASE WHEN EXISTS (SELECT 1 FROM projects p "
    "WHERE p.id = w.project_id AND " SCOPE_P("p") ") THEN 1 ELSE 0 END FROM wage_accounts w "
                                                  "WHERE w.account_no_hash = $7";

static int
account_row(void *ctx, const struct store_val *v, int n)
{
    struct store_account_access *a = ctx;

    if (n >= 2) {
        a->exists = true;
        a->bank_ok = ival(&v[0]) == 1;
        a->in_scope = ival(&v[1]) == 1;
    }
    return 1;
}

int
store_auth_account(struct store *st, const struct store_scope *sc, const unsigned char *hash,
                   size_t hlen, const char *bank, const unsigned char *only_hash,
                   struct store_account_access *out, struct zq_err *err)
{
    static const unsigned char none[1] = { 0 };
    struct store_val p[7];

    memset(out, 0, sizeof *out);
    sq_scope_params(sc, p);
    p[4] = sq_text(sq_nz(bank));
    p[5] = only_hash != NULL ? sq_blob(only_hash, STORE_PII_HASH_LEN) : sq_blob(none, 1);
    p[6] = sq_blob(hash, hlen);
    return sq_run(st, SQL_ACCOUNT, p, 7, account_row, out, NULL, err);
}

/* ---------------------------------------------------------------- rate limits */

/* A window that started at or before $3 (now - window) is over: restart it. */
static const char SQL_RATE_HIT[] =
    "INSERT INTO rate_limits (bucket, window_started_at, hits) VALUES ($1, $2, 1) "
    "ON CONFLICT (bucket) DO UPDATE SET "
    "hits = CASE WHEN rate_limits.window_started_at <= $3 THEN 1 ELSE rate_limits.hits + 1 END, "
    "window_started_at = CASE WHEN rate_limits.window_started_at <= $3 THEN $2 ELSE "
    "rate_limits.window_started_at END RETURNING hits";
static const char SQL_RATE_PEEK[] =
    "SELECT CASE WHEN window_started_at <= $2 THEN 0 ELSE hits END FROM rate_limits "
    "WHERE bucket = $1";
static const char SQL_RATE_CLEAR[] = "DELETE FROM rate_limits WHERE bucket = $1";
static const char SQL_RATE_PURGE[] = "DELETE FROM rate_limits WHERE window_started_at < $1";

int
store_rate_hit(struct store *st, const char *bucket, int64_t window, int64_t now, int64_t *hits,
               struct zq_err *err)
{
    struct store_val p[3] = { sq_text(bucket), sq_int(now), sq_int(now - window) };

    *hits = 0;
    return sq_run(st, SQL_RATE_HIT, p, 3, first_int, hits, NULL, err);
}

int
store_rate_peek(struct store *st, const char *bucket, int64_t window, int64_t now, int64_t *hits,
                struct zq_err *err)
{
    struct store_val p[2] = { sq_text(bucket), sq_int(now - window) };

    *hits = 0;
    return sq_run(st, SQL_RATE_PEEK, p, 2, first_int, hits, NULL, err);
}

int
store_rate_clear(struct store *st, const char *bucket, struct zq_err *err)
{
    struct store_val p[1] = { sq_text(bucket) };

    return sq_run(st, SQL_RATE_CLEAR, p, 1, NULL, NULL, NULL, err);
}

int
store_rate_purge(struct store *st, int64_t before, struct zq_err *err)
{
    struct store_val p[1] = { sq_int(before) };

    return sq_run(st, SQL_RATE_PURGE, p, 1, NULL, NULL, NULL, err);
}
