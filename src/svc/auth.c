/*
 * auth.c - roles and scopes, password hashing behind a gate, login with
 * throttling, sessions and API tokens with a short per-thread cache.
 *
 * Ownership: a struct auth_gate is shared by all server threads (it has
 * its own lock); a struct auth_cache belongs to one thread.  Principals
 * are values copied into the caller's struct.
 */
#include "svc/auth.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/date.h"
#include "core/log.h"
#include "core/str.h"
#include "svc/audit.h"

/* Copy src (NULL as "") into dst[cap], cut at a character boundary. */
static void
copy_str(char *dst, size_t cap, const char *src)
{
    size_t n = src != NULL ? strlen(src) : 0;

    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    if (n > 0)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

/* ---------------------------------------------------------------- roles */

static const struct {
    const char *name, *title;
} roles[ROLE__N] = {
    [ROLE_NONE] = { "", "匿名" },
    [ROLE_ADMIN] = { "admin", "系统管理员" },
    [ROLE_LEADER] = { "leader", "治欠办" },
    [ROLE_INSPECTOR] = { "inspector", "劳动保障监察" },
    [ROLE_DEPT_OFFICER] = { "dept_officer", "行业主管部门" },
    [ROLE_ENTERPRISE] = { "enterprise", "企业" },
    [ROLE_BANK] = { "bank", "银行" },
};

const char *
auth_role_name(enum auth_role r)
{
    return r > ROLE_NONE && r < ROLE__N ? roles[r].name : "";
}

const char *
auth_role_title(enum auth_role r)
{
    return r >= ROLE_NONE && r < ROLE__N ? roles[r].title : "";
}

enum auth_role
auth_role_parse(const char *name)
{
    for (int r = ROLE_NONE + 1; r < ROLE__N; r++)
        if (name != NULL && strcmp(name, roles[r].name) == 0)
            return (enum auth_role)r;
    return ROLE_NONE;
}

/* The departments of SPEC §2 and the industries (projects.industry) they
 * supervise. */
static const struct {
    const char *code, *industry;
} depts[] = {
    { "hrss", NULL },       { "housing", "住建" }, { "transport", "交通" }, { "water", "水利" },
    { "agri", "农业农村" }, { "ndrc", NULL },      { "finance", NULL },     { "police", NULL },
    { "petition", NULL },   { "cac", NULL },       { "justice", NULL },     { "market", NULL },
    { "tax", NULL },        { "sasac", NULL },
};

bool
auth_dept_valid(const char *dept)
{
    for (size_t i = 0; i < sizeof depts / sizeof depts[0]; i++)
        if (dept != NULL && strcmp(dept, depts[i].code) == 0)
            return true;
    return false;
}

const char *
auth_dept_industry(const char *dept)
{
    for (size_t i = 0; i < sizeof depts / sizeof depts[0]; i++)
        if (dept != NULL && strcmp(dept, depts[i].code) == 0)
            return depts[i].industry;
    return NULL;
}

/* ---------------------------------------------------------------- scopes */

void
auth_region_range(const char *code, char lo[10], char hi[10])
{
    size_t n = code != NULL ? strlen(code) : 0, k;

    lo[0] = hi[0] = '\0';
    if (n != 6 && n != 9)
        return;
    for (size_t i = 0; i < n; i++)
        if (code[i] < '0' || code[i] > '9')
            return;
    /* the significant prefix: a 6-digit code without its trailing "00"
     * pairs (330000 -> 33, 330200 -> 3302), a 9-digit code whole */
    k = n;
    if (n == 6)
        while (k > 2 && code[k - 1] == '0' && code[k - 2] == '0')
            k -= 2;
    memcpy(lo, code, k);
    memcpy(hi, code, k);
    for (size_t i = k; i < 6; i++)
        lo[i] = '0';
    lo[k > 6 ? k : 6] = '\0';
    for (size_t i = k; i < 9; i++)
        hi[i] = '9';
    hi[9] = '\0';
}

void
auth_scope(const struct principal *p, struct store_scope *sc)
{
    memset(sc, 0, sizeof *sc);
    switch (p->role) {
    case ROLE_ADMIN:
    case ROLE_LEADER:
    case ROLE_INSPECTOR:
        auth_region_range(p->region, sc->region_lo, sc->region_hi);
        break;
    case ROLE_DEPT_OFFICER: {
        const char *ind = auth_dept_industry(p->dept);
        auth_region_range(p->region, sc->region_lo, sc->region_hi);
        if (ind != NULL)
            copy_str(sc->industry, sizeof sc->industry, ind);
        else
            sc->enterprise_id = -1; /* a department without projects */
        break;
    }
    case ROLE_ENTERPRISE:
        snprintf(sc->region_lo, sizeof sc->region_lo, "0");
        snprintf(sc->region_hi, sizeof sc->region_hi, "999999999");
        sc->enterprise_id = p->enterprise_id > 0 ? p->enterprise_id : -1;
        break;
    default:
        sc->enterprise_id = -1; /* banks and anonymous callers read no project */
        break;
    }
    if (sc->region_lo[0] == '\0' && sc->enterprise_id == 0)
        sc->enterprise_id = -1; /* a staff account with a broken region sees nothing */
}

/* ---------------------------------------------------------------- gate */

struct auth_gate {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int active, max;
    char dummy[160]; /* set once, under mu */
};

struct auth_gate *
auth_gate_new(int max)
{
    struct auth_gate *g = zq_calloc(1, sizeof *g);

    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->cv, NULL);
    g->max = max < 1 ? 1 : max;
    return g;
}

void
auth_gate_free(struct auth_gate *g)
{
    if (g == NULL)
        return;
    pthread_cond_destroy(&g->cv);
    pthread_mutex_destroy(&g->mu);
    zq_free(g);
}

static int
gate_enter(struct auth_gate *g, struct zq_err *err)
{
    struct timespec until;
    int rc = 0;

    if (g == NULL)
        return 0;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 10;
    pthread_mutex_lock(&g->mu);
    while (g->active >= g->max && rc == 0)
        rc = pthread_cond_timedwait(&g->cv, &g->mu, &until);
    if (g->active < g->max) {
        g->active++;
        rc = 0;
    }
    pthread_mutex_unlock(&g->mu);
    if (rc != 0)
        return zq_err_set(err, ZQ_ELIMIT, "服务器正忙，请稍后再试");
    return 0;
}

static void
gate_leave(struct auth_gate *g)
{
    if (g == NULL)
        return;
    pthread_mutex_lock(&g->mu);
    g->active--;
    pthread_cond_signal(&g->cv);
    pthread_mutex_unlock(&g->mu);
}

/* ---------------------------------------------------------------- passwords */

int
auth_password_check(const char *pw, struct zq_err *err)
{
    size_t n = pw != NULL ? strlen(pw) : 0;
    bool same = true;

    if (n < 8)
        return zq_err_set(err, ZQ_EINVAL, "密码至少要有 8 个字符");
    if (n > 128)
        return zq_err_set(err, ZQ_EINVAL, "密码不能超过 128 个字节");
    if (!utf8_valid(pw, n))
        return zq_err_set(err, ZQ_EINVAL, "密码不是有效的 UTF-8 文本");
    for (size_t i = 1; i < n; i++)
        same = same && pw[i] == pw[0];
    if (same)
        return zq_err_set(err, ZQ_EINVAL, "密码不能由同一个字符重复组成");
    return 0;
}

int
auth_password_hash(const struct config *cfg, struct auth_gate *g, const char *pw, char out[160],
                   struct zq_err *err)
{
    const char *level = config_get(cfg, "auth.pwhash");
    unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    char h[crypto_pwhash_STRBYTES];
    int rc;

    if (level != NULL && strcmp(level, "moderate") == 0) {
        ops = crypto_pwhash_OPSLIMIT_MODERATE;
        mem = crypto_pwhash_MEMLIMIT_MODERATE;
    } else if (level != NULL && strcmp(level, "test") == 0) {
        /* the smallest cost libsodium allows: test databases only */
        ops = crypto_pwhash_OPSLIMIT_MIN;
        mem = crypto_pwhash_MEMLIMIT_MIN;
    } else if (level != NULL && strcmp(level, "interactive") != 0) {
        return zq_err_set(err, ZQ_EINVAL,
                          "配置项 auth.pwhash 的值“%s”无效（interactive、moderate 或 test）",
                          level);
    }
    if (sodium_init() < 0)
        return zq_err_set(err, ZQ_EINTERNAL, "libsodium 初始化失败");
    if ((rc = gate_enter(g, err)) < 0)
        return rc;
    rc = crypto_pwhash_str_alg(h, pw, strlen(pw), ops, mem, crypto_pwhash_ALG_ARGON2ID13);
    gate_leave(g);
    if (rc != 0)
        return zq_err_set(err, ZQ_EINTERNAL, "密码哈希失败（内存不足？）");
    snprintf(out, 160, "%s", h);
    return 0;
}

int
auth_password_verify(struct auth_gate *g, const char *hash, const char *pw, bool *ok,
                     struct zq_err *err)
{
    int rc;

    *ok = false;
    if (sodium_init() < 0)
        return zq_err_set(err, ZQ_EINTERNAL, "libsodium 初始化失败");
    if ((rc = gate_enter(g, err)) < 0)
        return rc;
    *ok = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
    gate_leave(g);
    return 0;
}

/* ---------------------------------------------------------------- secrets */

void
auth_secret_new(const char *prefix, char *out, size_t cap)
{
    unsigned char raw[32];
    char b64[AUTH_SECRET_LEN + 4];

    if (sodium_init() < 0)
        log_fatal("libsodium 初始化失败");
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    snprintf(out, cap, "%s%s", prefix, b64);
    sodium_memzero(b64, sizeof b64);
}

void
auth_secret_hash(const char *secret, unsigned char out[STORE_SECRET_HASH_LEN])
{
    crypto_generichash(out, STORE_SECRET_HASH_LEN, (const unsigned char *)secret, strlen(secret),
                       NULL, 0);
}

/* A secret as it may come from a client: base64url characters after the
 * prefix, of plausible length.  Anything else is refused before hashing. */
static bool
secret_shape_ok(const char *s, const char *prefix)
{
    size_t pl = strlen(prefix), n = s != NULL ? strlen(s) : 0;

    if (n < pl + 40 || n > pl + 48 || strncmp(s, prefix, pl) != 0)
        return false;
    for (size_t i = pl; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return true;
}

bool
auth_csrf_ok(const struct principal *p, const char *header)
{
    unsigned char h[STORE_SECRET_HASH_LEN];

    if (p->via != AUTH_SESSION || !secret_shape_ok(header, ""))
        return false;
    auth_secret_hash(header, h);
    return sodium_memcmp(h, p->csrf_hash, sizeof h) == 0;
}

/* ---------------------------------------------------------------- config */

static int64_t
cfg_int(const struct config *cfg, const char *key, int64_t def, int64_t min, int64_t max)
{
    int64_t v;

    if (cfg == NULL || config_get_int(cfg, key, &v, NULL) < 0)
        return def;
    return v < min ? min : v > max ? max : v;
}

/* ---------------------------------------------------------------- principals */

static void
from_user(struct principal *p, const struct store_user *u)
{
    p->role = auth_role_parse(u->role);
    p->id = u->id;
    copy_str(p->name, sizeof p->name, u->username);
    copy_str(p->display_name, sizeof p->display_name, u->display_name);
    copy_str(p->region, sizeof p->region, u->region);
    copy_str(p->dept, sizeof p->dept, u->dept);
    p->enterprise_id = u->enterprise_id;
    copy_str(p->uscc, sizeof p->uscc, u->enterprise_uscc);
    snprintf(p->actor, sizeof p->actor, "user:%s", u->username);
}

static void
from_token(struct principal *p, const struct store_token *t)
{
    memset(p, 0, sizeof *p);
    p->via = AUTH_TOKEN;
    p->role = auth_role_parse(t->role);
    p->id = t->id;
    copy_str(p->name, sizeof p->name, t->label);
    copy_str(p->subject, sizeof p->subject, t->subject);
    snprintf(p->actor, sizeof p->actor, "token:%lld", (long long)t->id);
    if (p->role == ROLE_ENTERPRISE) {
        copy_str(p->uscc, sizeof p->uscc, t->subject);
        p->enterprise_id = t->enterprise_id;
    } else if (p->role == ROLE_BANK) {
        p->has_account = t->has_account;
        memcpy(p->account_hash, t->account_hash, sizeof p->account_hash);
        if (!t->has_account)
            copy_str(p->bank, sizeof p->bank, t->subject);
    }
}

/* ---------------------------------------------------------------- cache */

#define CACHE_SLOTS 256

struct cache_slot {
    bool used;
    unsigned char key[STORE_SECRET_HASH_LEN];
    int64_t at;
    struct principal p;
};

struct auth_cache {
    int64_t ttl, idle;
    struct cache_slot slot[CACHE_SLOTS];
};

struct auth_cache *
auth_cache_new(const struct config *cfg)
{
    struct auth_cache *c = zq_calloc(1, sizeof *c);

    /* SPEC §9: a session may be cached for at most 5 seconds */
    c->ttl = cfg_int(cfg, "auth.cache_seconds", 5, 0, 5);
    c->idle = 60 * cfg_int(cfg, "auth.idle_minutes", 120, 1, 60 * 24 * 30);
    return c;
}

void
auth_cache_free(struct auth_cache *c)
{
    if (c == NULL)
        return;
    sodium_memzero(c, sizeof *c);
    zq_free(c);
}

static struct cache_slot *
cache_find(struct auth_cache *c, const unsigned char key[STORE_SECRET_HASH_LEN], int64_t now)
{
    struct cache_slot *s;

    if (c == NULL || c->ttl <= 0)
        return NULL;
    s = &c->slot[key[0]];
    if (s->used && now - s->at < c->ttl && now >= s->at && memcmp(s->key, key, sizeof s->key) == 0)
        return s;
    return NULL;
}

static void
cache_put(struct auth_cache *c, const unsigned char key[STORE_SECRET_HASH_LEN], int64_t now,
          const struct principal *p)
{
    struct cache_slot *s;

    if (c == NULL || c->ttl <= 0)
        return;
    s = &c->slot[key[0]];
    s->used = true;
    memcpy(s->key, key, sizeof s->key);
    s->at = now;
    s->p = *p;
}

void
auth_cache_forget(struct auth_cache *c, const char *secret)
{
    unsigned char h[STORE_SECRET_HASH_LEN];
    struct cache_slot *s;

    if (c == NULL || secret == NULL)
        return;
    auth_secret_hash(secret, h);
    s = &c->slot[h[0]];
    if (s->used && memcmp(s->key, h, sizeof h) == 0)
        memset(s, 0, sizeof *s);
}

/* ---------------------------------------------------------------- sessions */

int
auth_session(struct app *a, struct auth_cache *c, const char *cookie, struct principal *out,
             struct zq_err *err)
{
    unsigned char h[STORE_SECRET_HASH_LEN];
    struct store_session s = { 0 };
    const struct cache_slot *hit;
    int64_t now = ts_now(), idle = c != NULL ? c->idle : 7200;
    bool found;
    int rc;

    if (!secret_shape_ok(cookie, ""))
        return zq_err_set(err, ZQ_EAUTH, "登录已失效，请重新登录");
    auth_secret_hash(cookie, h);
    if ((hit = cache_find(c, h, now)) != NULL) {
        *out = hit->p;
        return 0;
    }
    if ((rc = store_session_lookup(a->st, h, now, &s, &found, err)) < 0)
        return rc;
    if (!found)
        return zq_err_set(err, ZQ_EAUTH, "登录已失效，请重新登录");
    if (now - s.last_seen_at > idle)
        return zq_err_set(err, ZQ_EAUTH, "长时间未操作，登录已失效，请重新登录");
    /* last_seen_at moves at most once a minute: no write per request */
    if (now - s.last_seen_at >= 60 && store_session_touch(a->st, s.id, now, err) < 0)
        return ZQ_EDB;
    memset(out, 0, sizeof *out);
    out->via = AUTH_SESSION;
    from_user(out, &s.user);
    out->session_id = s.id;
    memcpy(out->csrf_hash, s.csrf_hash, sizeof out->csrf_hash);
    if (out->role == ROLE_NONE)
        return zq_err_set(err, ZQ_EAUTH, "账号角色无效，请联系管理员");
    cache_put(c, h, now, out);
    return 0;
}

int
auth_token(struct app *a, struct auth_cache *c, const char *bearer, struct principal *out,
           struct zq_err *err)
{
    unsigned char h[STORE_SECRET_HASH_LEN];
    struct store_token t = { 0 };
    const struct cache_slot *hit;
    int64_t now = ts_now();
    bool found;
    int rc;

    if (!secret_shape_ok(bearer, "zqt_"))
        return zq_err_set(err, ZQ_EAUTH, "API 令牌无效");
    auth_secret_hash(bearer, h);
    if ((hit = cache_find(c, h, now)) != NULL) {
        *out = hit->p;
        return 0;
    }
    if ((rc = store_token_lookup(a->st, h, &t, &found, err)) < 0)
        return rc;
    if (!found)
        return zq_err_set(err, ZQ_EAUTH, "API 令牌无效或已被吊销");
    if (now - t.last_used_at >= 60 && store_token_touch(a->st, t.id, now, err) < 0)
        return ZQ_EDB;
    from_token(out, &t);
    if (out->role != ROLE_ENTERPRISE && out->role != ROLE_BANK)
        return zq_err_set(err, ZQ_EAUTH, "API 令牌的角色无效");
    cache_put(c, h, now, out);
    return 0;
}

/* ---------------------------------------------------------------- login */

/* The throttling buckets of a login attempt. */
static void
buckets(struct app *a, const char *username, const char *client, char ubucket[96], char ibucket[96])
{
    const struct pii_keys *k;
    unsigned char h[PII_HASH_LEN];
    char hex[2 * PII_HASH_LEN + 1];

    snprintf(ubucket, 96, "login:u:%s", username);
    /* the client's address is personal data: keep only a keyed hash */
    if (app_pii(a, &k, NULL) == 0)
        pii_hash(k, client, strlen(client), h);
    else
        crypto_generichash(h, sizeof h, (const unsigned char *)client, strlen(client), NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    snprintf(ibucket, 96, "login:ip:%s", hex);
}

/* An argon2id string (of no password anyone knows) to verify against when
 * the user does not exist, so that the answer takes as long as for a wrong
 * password.  The gate keeps one made with the configured cost. */
static const char DUMMY_HASH[] = "$argon2id$v=19$m=65536,t=2,p=1$Lx4L9wWVmtzlUCwz2hTS4A$"
                                 "65vExDA7w+BIYPHgMTsWA9ktkIPAeMO3QCPUaxAPQ4k";

static const char *
dummy_hash(struct app *a, struct auth_gate *g)
{
    char h[160];
    const char *out = DUMMY_HASH;

    if (g == NULL)
        return out;
    pthread_mutex_lock(&g->mu);
    out = g->dummy[0] != '\0' ? g->dummy : NULL;
    pthread_mutex_unlock(&g->mu);
    if (out != NULL)
        return out;
    if (auth_password_hash(a->cfg, g, "zhiqian-no-such-user", h, NULL) < 0)
        return DUMMY_HASH;
    pthread_mutex_lock(&g->mu);
    if (g->dummy[0] == '\0')
        memcpy(g->dummy, h, sizeof g->dummy);
    pthread_mutex_unlock(&g->mu);
    return g->dummy;
}

static int
record_failure(struct app *a, const struct store_user *u, bool found, const char *ub,
               const char *ib, int64_t window, int64_t ulimit, struct zq_err *err)
{
    int64_t now = ts_now(), hits = 0, ihits = 0;
    int rc;

    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    rc = store_rate_hit(a->st, ub, window, now, &hits, err);
    if (rc == 0)
        rc = store_rate_hit(a->st, ib, window, now, &ihits, err);
    if (rc == 0 && found)
        rc = store_user_login_result(a->st, u->id, false, now, hits >= ulimit ? now + window : 0,
                                     err);
    if (rc < 0) {
        store_rollback(a->st);
        return rc;
    }
    return store_commit(a->st, err);
}

static int
open_session(struct app *a, const struct store_user *u, const char *ub, struct auth_login *out,
             struct zq_err *err)
{
    unsigned char th[STORE_SECRET_HASH_LEN], ch[STORE_SECRET_HASH_LEN];
    int64_t now = ts_now(), id = 0;
    char after[160];
    int rc;

    out->max_age = 3600 * cfg_int(a->cfg, "auth.session_hours", 12, 1, 24 * 30);
    out->expires_at = now + out->max_age;
    auth_secret_new("", out->token, sizeof out->token);
    auth_secret_new("", out->csrf, sizeof out->csrf);
    auth_secret_hash(out->token, th);
    auth_secret_hash(out->csrf, ch);
    snprintf(after, sizeof after, "{\"expires_at\":%lld}", (long long)out->expires_at);
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    rc = store_session_insert(a->st, th, u->id, ch, now, out->expires_at, &id, err);
    if (rc == 0)
        rc = store_user_login_result(a->st, u->id, true, now, 0, err);
    if (rc == 0)
        rc = store_rate_clear(a->st, ub, err);
    if (rc == 0)
        rc = audit_append(a, out->who.actor, "login", "user", u->username, NULL, after, err);
    if (rc < 0) {
        store_rollback(a->st);
        return rc;
    }
    if ((rc = store_commit(a->st, err)) < 0)
        return rc;
    out->who.session_id = id;
    memcpy(out->who.csrf_hash, ch, sizeof ch);
    return 0;
}

/* Now and then, drop expired sessions and old throttling windows. */
static void
housekeeping(struct app *a)
{
    int64_t now = ts_now();
    struct zq_err e;

    zq_err_clear(&e);
    if (store_session_purge(a->st, now, &e) < 0 || store_rate_purge(a->st, now - 86400, &e) < 0)
        log_warn("清理过期会话失败：%s", e.msg);
}

int
auth_login(struct app *a, struct auth_gate *g, const char *username, const char *password,
           const char *client_key, struct auth_login *out, struct zq_err *err)
{
    int64_t window = 60 * cfg_int(a->cfg, "auth.login_window_minutes", 15, 1, 24 * 60);
    int64_t ulimit = cfg_int(a->cfg, "auth.login_user_limit", 5, 1, 1000);
    int64_t ilimit = cfg_int(a->cfg, "auth.login_ip_limit", 30, 1, 100000);
    int64_t now = ts_now(), uhits = 0, ihits = 0;
    char ub[96], ib[96];
    struct store_user u = { 0 };
    bool found = false, ok = false;
    int rc;

    memset(out, 0, sizeof *out);
    buckets(a, username, client_key, ub, ib);
    if ((rc = store_rate_peek(a->st, ub, window, now, &uhits, err)) < 0 ||
        (rc = store_rate_peek(a->st, ib, window, now, &ihits, err)) < 0)
        return rc;
    if (uhits >= ulimit || ihits >= ilimit)
        return zq_err_set(err, ZQ_ELIMIT, "登录失败次数过多，请 %lld 分钟后再试",
                          (long long)(window / 60));
    if ((rc = store_user_by_name(a->st, username, &u, &found, err)) < 0)
        return rc;
    rc = auth_password_verify(g, found ? u.password_hash : dummy_hash(a, g), password, &ok, err);
    sodium_memzero(u.password_hash, sizeof u.password_hash);
    if (rc < 0)
        return rc;
    if (!found || !ok) {
        if ((rc = record_failure(a, &u, found, ub, ib, window, ulimit, err)) < 0)
            return rc;
        log_info("登录失败：用户名 %s", username);
        return zq_err_set(err, ZQ_EAUTH, "用户名或密码错误");
    }
    if (u.disabled)
        return zq_err_set(err, ZQ_EFORBIDDEN, "该账号已停用，请联系管理员");
    out->who.via = AUTH_SESSION;
    from_user(&out->who, &u);
    if (out->who.role == ROLE_NONE || out->who.role == ROLE_BANK)
        return zq_err_set(err, ZQ_EFORBIDDEN, "该账号的角色不能登录");
    if ((rc = open_session(a, &u, ub, out, err)) < 0)
        return rc;
    if (out->who.session_id % 64 == 0)
        housekeeping(a);
    return 0;
}

int
auth_logout(struct app *a, struct auth_cache *c, const char *cookie, const struct principal *p,
            struct zq_err *err)
{
    unsigned char h[STORE_SECRET_HASH_LEN];
    int rc;

    if (!secret_shape_ok(cookie, ""))
        return zq_err_set(err, ZQ_EAUTH, "没有登录");
    auth_secret_hash(cookie, h);
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    rc = store_session_delete(a->st, h, err);
    if (rc == 0)
        rc = audit_append(a, p->actor, "logout", "user", p->name, NULL, NULL, err);
    if (rc < 0) {
        store_rollback(a->st);
        return rc;
    }
    if ((rc = store_commit(a->st, err)) < 0)
        return rc;
    auth_cache_forget(c, cookie);
    return 0;
}
