/*
 * auth.h - who is calling and what they may see (SPEC §9).
 *
 * A request is made by a principal: a staff or enterprise user through a
 * login session (cookie), or an enterprise or bank system through an API
 * token (Authorization: Bearer).  The principal's role, region and
 * department (or bound enterprise, or bank) give its scope, a
 * struct store_scope that every read query applies in SQL.
 *
 * Passwords are argon2id strings (libsodium crypto_pwhash); a gate caps how
 * many are hashed at once, since one hash takes ~64 MiB and ~80 ms.
 * Session and token secrets are random, shown once, and stored only as
 * BLAKE2b hashes.  A per-thread cache keeps a resolved principal for at most
 * auth.cache_seconds (never more than 5 s) so that most requests do not
 * touch the database, while a logout or a disabled user takes effect within
 * that time on every server.
 */
#ifndef ZQ_SVC_AUTH_H
#define ZQ_SVC_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store_auth.h"
#include "store/store_query.h"
#include "svc/app.h"

enum auth_role {
    ROLE_NONE = 0, /* anonymous */
    ROLE_ADMIN,
    ROLE_LEADER,
    ROLE_INSPECTOR,
    ROLE_DEPT_OFFICER,
    ROLE_ENTERPRISE,
    ROLE_BANK,
    ROLE__N
};
#define ROLE_BIT(r) (1u << (r))
#define ROLES_STAFF                                                            \
    (ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_LEADER) | ROLE_BIT(ROLE_INSPECTOR) | \
     ROLE_BIT(ROLE_DEPT_OFFICER))
#define ROLES_ANY (ROLES_STAFF | ROLE_BIT(ROLE_ENTERPRISE) | ROLE_BIT(ROLE_BANK))

enum auth_via { AUTH_ANON = 0, AUTH_SESSION, AUTH_TOKEN };

/* The caller of a request.  Owned by whoever fills it (a value type). */
struct principal {
    enum auth_via via;
    enum auth_role role;
    int64_t id;         /* user id (sessions) or token id */
    int64_t session_id; /* sessions only */
    char name[65];      /* username, or the token's label */
    char display_name[129];
    char region[10];       /* staff: the region of the scope */
    char dept[16];         /* dept officers: the department */
    int64_t enterprise_id; /* enterprise role: its enterprise (0 when not imported yet) */
    char uscc[19];         /* enterprise role: its USCC */
    char
        bank[129]; /* bank tokens: the bank (prefix of account banks); "" if bound to one account */
    bool has_account; /* bank tokens bound to one account */
    unsigned char account_hash[STORE_PII_HASH_LEN];
    char subject[129]; /* tokens: the subject as created */
    char actor[96];    /* "user:NAME" or "token:ID", for the audit log */
    unsigned char csrf_hash[STORE_SECRET_HASH_LEN];
};

/* "admin", "leader", ... ; "" for ROLE_NONE. */
const char *auth_role_name(enum auth_role r);
/* ROLE_NONE when the name is unknown. */
enum auth_role auth_role_parse(const char *name);
/* The Chinese name of a role ("劳动保障监察"). */
const char *auth_role_title(enum auth_role r);
/* Whether dept is one of the department codes of SPEC §2. */
bool auth_dept_valid(const char *dept);
/* The project industry a department supervises ("住建" for housing), or NULL
 * when it supervises none. */
const char *auth_dept_industry(const char *dept);

/* The text range [lo, hi] of the region codes within region `code` (6 or 9
 * digits; anything else gives an empty range). */
void auth_region_range(const char *code, char lo[10], char hi[10]);
/* The scope of p (see store_query.h).  Roles that see no project get a scope
 * matching nothing. */
void auth_scope(const struct principal *p, struct store_scope *sc);

/* ---------------------------------------------------------------- passwords */

struct auth_gate;
/* A gate letting at most max hashes run at once (max < 1 means 1). */
struct auth_gate *auth_gate_new(int max);
void auth_gate_free(struct auth_gate *g);

/* Length and content rules for a new password (8-128 bytes of UTF-8 text,
 * not all one character).  ZQ_EINVAL with a reason. */
int auth_password_check(const char *pw, struct zq_err *err) ZQ_WUR;
/* Hash pw with the cost of config "auth.pwhash" into out (NUL-terminated).
 * g may be NULL (no cap: the command line).  ZQ_ELIMIT when the gate stays
 * full for 10 s. */
int auth_password_hash(const struct config *cfg, struct auth_gate *g, const char *pw, char out[160],
                       struct zq_err *err) ZQ_WUR;
/* *ok tells whether pw matches hash. */
int auth_password_verify(struct auth_gate *g, const char *hash, const char *pw, bool *ok,
                         struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- sessions */

#define AUTH_SECRET_LEN 44 /* base64url of 32 random bytes, and a NUL */

struct auth_login {
    char token[AUTH_SECRET_LEN]; /* the session cookie's value */
    char csrf[AUTH_SECRET_LEN];  /* for the X-CSRF-Token header */
    int64_t expires_at;
    int64_t max_age; /* seconds */
    struct principal who;
};

/*
 * Log in: throttled per user and per client (client_key: the client's
 * address, hashed before it is stored), then the password is checked and a
 * session created (and audited).  ZQ_EAUTH for a wrong username or password
 * (one message for both), ZQ_ELIMIT when throttled, ZQ_EFORBIDDEN for a
 * disabled account.
 */
int auth_login(struct app *a, struct auth_gate *g, const char *username, const char *password,
               const char *client_key, struct auth_login *out, struct zq_err *err) ZQ_WUR;

struct auth_cache;
/* A cache of resolved principals for one thread. */
struct auth_cache *auth_cache_new(const struct config *cfg);
void auth_cache_free(struct auth_cache *c);
/* Forget one secret's entry (after a logout, say). */
void auth_cache_forget(struct auth_cache *c, const char *secret);

/* The principal of a session cookie or a bearer token; ZQ_EAUTH when it is
 * unknown, expired, revoked or its user disabled.  c may be NULL. */
int auth_session(struct app *a, struct auth_cache *c, const char *cookie, struct principal *out,
                 struct zq_err *err) ZQ_WUR;
int auth_token(struct app *a, struct auth_cache *c, const char *bearer, struct principal *out,
               struct zq_err *err) ZQ_WUR;
/* Whether header is the CSRF token of p's session (constant time). */
bool auth_csrf_ok(const struct principal *p, const char *header);
/* End p's session (audited). */
int auth_logout(struct app *a, struct auth_cache *c, const char *cookie, const struct principal *p,
                struct zq_err *err) ZQ_WUR;

/* A new random secret: prefix followed by base64url of 32 random bytes. */
void auth_secret_new(const char *prefix, char *out, size_t cap);
/* BLAKE2b-256 of a secret as stored. */
void auth_secret_hash(const char *secret, unsigned char out[STORE_SECRET_HASH_LEN]);

/* ---------------------------------------------------------------- uploads */

/* Whether p may import kind at all: ZQ_EFORBIDDEN with a reason if not. */
int auth_import_allowed(const struct principal *p, const char *kind, struct zq_err *err) ZQ_WUR;

/* One row of an upload that p may not import. */
typedef void (*auth_deny_fn)(void *ctx, long line, const char *column, const char *value,
                             const char *reason);
/*
 * Read the upload (len bytes at body: CSV or XLSX) and check that every row
 * concerns only what p may write: projects p can see (enterprises: where it
 * is builder, contractor or subcontractor), accounts of p's bank, regions of
 * p's scope.  *denied gets the number of rows refused, each reported to fn.
 * A file that cannot be read is left to the importer to report (0 returned).
 */
int auth_upload_check(struct app *a, const struct principal *p, const char *kind, const void *body,
                      size_t len, auth_deny_fn fn, void *ctx, long *denied,
                      struct zq_err *err) ZQ_WUR;

#endif
