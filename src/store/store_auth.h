/*
 * store_auth.h - persistence of access control: users, login sessions, API
 * tokens and the shared rate-limit counters (tables users, sessions,
 * api_tokens, rate_limits of migrations 0001-0002).
 *
 * Secrets never reach the store in clear: sessions and tokens are looked up
 * by a hash of the secret, passwords are argon2id strings made by
 * svc/auth.c.  Every function works inside the caller's transaction, if one
 * is open.
 */
#ifndef ZQ_STORE_STORE_AUTH_H
#define ZQ_STORE_STORE_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"
#include "store/store_query.h"

#define STORE_SECRET_HASH_LEN 32 /* hashes of session, CSRF and API token secrets */
#define STORE_PII_HASH_LEN    16 /* keyed look-up hashes of personal data */

struct store_user {
    int64_t id;
    char username[65];
    char password_hash[160];
    char role[16];
    char region[10];
    char dept[16];            /* "" when none */
    int64_t enterprise_id;    /* 0 when none */
    char enterprise_uscc[19]; /* "" when none */
    char display_name[129];
    bool disabled;
    int64_t failed_logins;
    int64_t lock_expires_at; /* 0 when none */
    int64_t last_login_at;   /* 0 when never */
    int64_t created_at, updated_at;
};

/* Insert u (id and timestamps ignored); *id gets the new id.  ZQ_ECONFLICT
 * (with a message) when the username is taken. */
int store_user_insert(struct store *st, const struct store_user *u, int64_t now, int64_t *id,
                      struct zq_err *err) ZQ_WUR;
/* Look up by username or by id; *found false when there is none. */
int store_user_by_name(struct store *st, const char *username, struct store_user *u, bool *found,
                       struct zq_err *err) ZQ_WUR;
int store_user_by_id(struct store *st, int64_t id, struct store_user *u, bool *found,
                     struct zq_err *err) ZQ_WUR;
/* Write back role, region, dept, enterprise_id, display_name and disabled of
 * u (by u->id). */
int store_user_update(struct store *st, const struct store_user *u, int64_t now,
                      struct zq_err *err) ZQ_WUR;
int store_user_set_password(struct store *st, int64_t id, const char *hash, int64_t now,
                            struct zq_err *err) ZQ_WUR;
/* After a login attempt: success clears the failure count and sets
 * last_login_at; failure adds one and, when lock_until > 0, locks. */
int store_user_login_result(struct store *st, int64_t id, bool ok, int64_t now, int64_t lock_until,
                            struct zq_err *err) ZQ_WUR;
/* The enterprise id of a USCC; 0 when unknown. */
int store_auth_enterprise_id(struct store *st, const char *uscc, int64_t *id,
                             struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- sessions */

struct store_session {
    int64_t id;
    int64_t created_at, expires_at, last_seen_at;
    unsigned char csrf_hash[STORE_SECRET_HASH_LEN];
    struct store_user user; /* password_hash left empty */
};

int store_session_insert(struct store *st, const unsigned char token_hash[STORE_SECRET_HASH_LEN],
                         int64_t user_id, const unsigned char csrf_hash[STORE_SECRET_HASH_LEN],
                         int64_t now, int64_t expires_at, int64_t *id, struct zq_err *err) ZQ_WUR;
/* The live session with that token hash: not expired at now, its user not
 * disabled.  *found false otherwise. */
int store_session_lookup(struct store *st, const unsigned char token_hash[STORE_SECRET_HASH_LEN],
                         int64_t now, struct store_session *s, bool *found,
                         struct zq_err *err) ZQ_WUR;
int store_session_touch(struct store *st, int64_t id, int64_t now, struct zq_err *err) ZQ_WUR;
/* Delete one session (by token hash), every session of a user but the one
 * with id `except` (0: all), or the expired ones. */
int store_session_delete(struct store *st, const unsigned char token_hash[STORE_SECRET_HASH_LEN],
                         struct zq_err *err) ZQ_WUR;
int store_session_delete_user(struct store *st, int64_t user_id, int64_t except,
                              struct zq_err *err) ZQ_WUR;
int store_session_purge(struct store *st, int64_t now, struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- API tokens */

struct store_token {
    int64_t id;
    char role[16];         /* "enterprise" or "bank" */
    char subject[129];     /* USCC, bank name, or masked account number */
    int64_t enterprise_id; /* enterprise tokens: the enterprise with that USCC, 0 if unknown */
    char label[129];
    bool has_account; /* bank token bound to one account (account_hash) */
    unsigned char account_hash[STORE_PII_HASH_LEN];
    int64_t created_at, created_by, last_used_at, revoked_at;
};

/* Insert t (id, timestamps other than created_at ignored); *id gets the id. */
int store_token_insert(struct store *st, const unsigned char token_hash[STORE_SECRET_HASH_LEN],
                       const struct store_token *t, int64_t *id, struct zq_err *err) ZQ_WUR;
/* The unrevoked token with that hash; *found false otherwise. */
int store_token_lookup(struct store *st, const unsigned char token_hash[STORE_SECRET_HASH_LEN],
                       struct store_token *t, bool *found, struct zq_err *err) ZQ_WUR;
int store_token_by_id(struct store *st, int64_t id, struct store_token *t, bool *found,
                      struct zq_err *err) ZQ_WUR;
int store_token_touch(struct store *st, int64_t id, int64_t now, struct zq_err *err) ZQ_WUR;
/* *changed false when it was revoked already or does not exist. */
int store_token_revoke(struct store *st, int64_t id, int64_t now, bool *changed,
                       struct zq_err *err) ZQ_WUR;

/* The wage account with that number hash, as an import of bank data sees
 * it: whether it exists, whether it is held at a bank whose name starts
 * with `bank` (when bank is not "") or is the account only_hash (when not
 * NULL), and whether its project is within scope sc. */
struct store_account_access {
    bool exists, bank_ok, in_scope;
};
int store_auth_account(struct store *st, const struct store_scope *sc, const unsigned char *hash,
                       size_t hlen, const char *bank, const unsigned char *only_hash,
                       struct store_account_access *out, struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- rate limits */

/* Count one hit in the fixed window of `window` seconds of bucket; *hits
 * gets the hits in the current window, this one included.  Shared by every
 * server on the database. */
int store_rate_hit(struct store *st, const char *bucket, int64_t window, int64_t now, int64_t *hits,
                   struct zq_err *err) ZQ_WUR;
/* The hits in the current window, without counting one. */
int store_rate_peek(struct store *st, const char *bucket, int64_t window, int64_t now,
                    int64_t *hits, struct zq_err *err) ZQ_WUR;
int store_rate_clear(struct store *st, const char *bucket, struct zq_err *err) ZQ_WUR;
/* Forget windows that started before `before`. */
int store_rate_purge(struct store *st, int64_t before, struct zq_err *err) ZQ_WUR;

#endif
