/*
 * Authentication and authorisation: roles, region ranges and scopes,
 * passwords, users, logins with throttling, sessions and their cache, API
 * tokens, the upload check that keeps enterprise and bank tokens to their
 * own projects and accounts, and the audited reveal.  Runs on SQLite in a
 * temporary file and, when ZHIQIAN_TEST_PG holds a URI, on PostgreSQL in a
 * schema of its own (zq_auth_<pid>).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "core/table.h"
#include "store/store.h"
#include "store/store_auth.h"
#include "svc/app.h"
#include "svc/audit.h"
#include "svc/auth.h"
#include "svc/import.h"
#include "svc/query.h"
#include "svc/tokens.h"
#include "svc/users.h"
#include "backends.h"
#include "t.h"

#define T_OK(call) T_CHECK((call) == 0)

/* ---------------------------------------------------------------- pure parts */

static void
test_roles(void)
{
    for (int r = ROLE_NONE + 1; r < ROLE__N; r++)
        T_EQ_INT(auth_role_parse(auth_role_name((enum auth_role)r)), r);
    T_EQ_INT(auth_role_parse("root"), ROLE_NONE);
    T_EQ_INT(auth_role_parse(NULL), ROLE_NONE);
    T_EQ_STR(auth_dept_industry("housing"), "住建");
    T_EQ_STR(auth_dept_industry("water"), "水利");
    T_CHECK(auth_dept_industry("police") == NULL);
    T_CHECK(auth_dept_valid("agri") && !auth_dept_valid("army") && !auth_dept_valid(NULL));
}

static void
test_region_range(void)
{
    static const struct {
        const char *code, *lo, *hi;
    } cases[] = {
        { "330000", "330000", "339999999" },
        { "330200", "330200", "330299999" },
        { "330282", "330282", "330282999" },
        { "330282001", "330282001", "330282001" },
        { "110100", "110100", "110199999" },
        { "3302", "", "" },
        { "33020a", "", "" },
        { "", "", "" },
    };
    char lo[10], hi[10];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        auth_region_range(cases[i].code, lo, hi);
        T_EQ_STR(lo, cases[i].lo);
        T_EQ_STR(hi, cases[i].hi);
    }
    /* a county is inside its city, a neighbour is not */
    auth_region_range("330200", lo, hi);
    T_CHECK(strcmp("330282", lo) >= 0 && strcmp("330282", hi) <= 0);
    T_CHECK(strcmp("330282105", lo) >= 0 && strcmp("330282105", hi) <= 0);
    T_CHECK(strcmp("330106", lo) < 0 || strcmp("330106", hi) > 0);
    T_CHECK(strcmp("330300", lo) < 0 || strcmp("330300", hi) > 0);
}

static void
test_scope(void)
{
    struct principal p;
    struct store_scope sc;

    memset(&p, 0, sizeof p);
    p.role = ROLE_INSPECTOR;
    snprintf(p.region, sizeof p.region, "330282");
    auth_scope(&p, &sc);
    T_EQ_STR(sc.region_lo, "330282");
    T_EQ_STR(sc.industry, "");
    T_EQ_INT(sc.enterprise_id, 0);
    p.role = ROLE_DEPT_OFFICER;
    snprintf(p.dept, sizeof p.dept, "water");
    auth_scope(&p, &sc);
    T_EQ_STR(sc.industry, "水利");
    T_EQ_INT(sc.enterprise_id, 0);
    snprintf(p.dept, sizeof p.dept, "police"); /* supervises no project */
    auth_scope(&p, &sc);
    T_EQ_INT(sc.enterprise_id, -1);
    p.role = ROLE_ENTERPRISE;
    p.enterprise_id = 42;
    auth_scope(&p, &sc);
    T_EQ_INT(sc.enterprise_id, 42);
    T_EQ_STR(sc.region_lo, "0");
    p.enterprise_id = 0; /* not imported yet: sees nothing */
    auth_scope(&p, &sc);
    T_EQ_INT(sc.enterprise_id, -1);
    p.role = ROLE_BANK;
    auth_scope(&p, &sc);
    T_EQ_INT(sc.enterprise_id, -1);
    p.role = ROLE_LEADER;
    snprintf(p.region, sizeof p.region, "bogus");
    auth_scope(&p, &sc);
    T_EQ_INT(sc.enterprise_id, -1);
}

static void
test_passwords(void)
{
    struct config *cfg = config_new();
    struct auth_gate *g = auth_gate_new(1);
    struct zq_err e;
    char h[160];
    bool ok = false;

    zq_err_clear(&e);
    T_EQ_INT(auth_password_check("short", &e), ZQ_EINVAL);
    T_EQ_INT(auth_password_check("aaaaaaaaaa", &e), ZQ_EINVAL);
    T_EQ_INT(auth_password_check("abc\xff\xfe\x01xyz", &e), ZQ_EINVAL);
    T_OK(auth_password_check("正确的密码口令", &e));
    T_OK(config_set(cfg, "auth.pwhash", "test", &e));
    T_OK(auth_password_hash(cfg, g, "Correct-horse-1", h, &e));
    T_CHECK(strncmp(h, "$argon2id$", 10) == 0);
    T_OK(auth_password_verify(g, h, "Correct-horse-1", &ok, &e));
    T_CHECK(ok);
    T_OK(auth_password_verify(g, h, "Correct-horse-2", &ok, &e));
    T_CHECK(!ok);
    T_OK(config_set(cfg, "auth.pwhash", "fast", &e));
    T_EQ_INT(auth_password_hash(cfg, g, "Correct-horse-1", h, &e), ZQ_EINVAL);
    auth_gate_free(g);
    config_free(cfg);
}

static void
test_secrets(void)
{
    char a[64], b[64];
    unsigned char ha[STORE_SECRET_HASH_LEN], hb[STORE_SECRET_HASH_LEN];
    struct principal p;

    auth_secret_new("zqt_", a, sizeof a);
    auth_secret_new("zqt_", b, sizeof b);
    T_CHECK(strlen(a) == 47 && strncmp(a, "zqt_", 4) == 0 && strcmp(a, b) != 0);
    auth_secret_hash(a, ha);
    auth_secret_hash(a, hb);
    T_CHECK(memcmp(ha, hb, sizeof ha) == 0);
    memset(&p, 0, sizeof p);
    p.via = AUTH_SESSION;
    auth_secret_new("", a, sizeof a);
    auth_secret_hash(a, p.csrf_hash);
    T_CHECK(auth_csrf_ok(&p, a));
    T_CHECK(!auth_csrf_ok(&p, b + 4));
    T_CHECK(!auth_csrf_ok(&p, NULL));
    T_CHECK(!auth_csrf_ok(&p, "x"));
    p.via = AUTH_TOKEN;
    T_CHECK(!auth_csrf_ok(&p, a));
}

/* ---------------------------------------------------------------- database fixture */

static struct t_backends env;

/* Enterprises: builder B (余姚), contractor A, subcontractor S, outsider X. */
#define USCC_B "91330281MA2B00001P"
#define USCC_A "91330106MA2A00003J"
#define USCC_S "91330281MA2R000058"
#define USCC_X "91330106MA2X00006W"

static const char CSV_ENT[] =
    "uscc,name,kind,legal_rep,region_code,phone\n" USCC_B ",建设单位B,建设单位,甲,330281,"
    "0574-62001001\n" USCC_A ",总包A,施工总承包,乙,330106,0574-62001002\n" USCC_S
    ",分包S,劳务分包,丙,330281,0574-62001003\n" USCC_X ",无关X,其他,丁,330106,0574-62001004\n";
static const char CSV_PROJ[] =
    "code,name,region_code,industry,funding,builder_uscc,contractor_uscc,contract_amount,"
    "labor_cost_ratio,start_date,planned_end,status\n"
    "P1,余姚项目,330281,住建,政府投资," USCC_B "," USCC_A ",1000000,20,2025-01-01,2027-01-01,在建\n"
    "P2,慈溪项目,330282,水利,政府投资," USCC_B "," USCC_X
    ",1000000,20,2025-01-01,2027-01-01,在建\n";
static const char CSV_SUB[] = "project_code,subcontractor_uscc,kind,amount,start_date\n"
                              "P1," USCC_S ",劳务分包,100000,2025-02-01\n";
static const char CSV_ACC[] = "project_code,bank,account_no,opened_on\n"
                              "P1,中国工商银行余姚支行,3901100000000001,2025-01-05\n"
                              "P2,中国农业银行慈溪支行,1921000000000002,2025-01-05\n";
static const char CSV_EMP[] = "project_code,employer_uscc,id_number,name,phone,contract_signed,"
                              "entered_on\n"
                              "P1," USCC_S ",330281198503141238,王一,13800000001,是,2025-03-10\n";

static void
load(struct app *a, const char *kind, const char *csv)
{
    struct import_opts o = { .actor = "test", .source = "cli", .file_name = kind };
    struct import_result res;
    struct tbl_reader *r = NULL;
    struct zq_err e;

    zq_err_clear(&e);
    if (!T_OK(tbl_open_mem(csv, strlen(csv), kind, NULL, &r, &e)) ||
        !T_OK(import_run(a, kind, r, &o, &res, &e)) || !T_CHECK(res.rejected == 0))
        fprintf(stderr, "     load %s: %s\n", kind, e.msg);
    tbl_close(r);
}

static struct config *
backend_cfg(const struct t_backend *b)
{
    struct config *cfg = config_new();
    struct zq_err e;

    zq_err_clear(&e);
    if (config_set(cfg, "db", b->uri, &e) < 0 ||
        config_set(cfg, "secret_key", "unit-test-secret-key-of-32-characters!", &e) < 0 ||
        config_set(cfg, "auth.pwhash", "test", &e) < 0 ||
        config_set(cfg, "auth.login_user_limit", "3", &e) < 0 ||
        config_set(cfg, "auth.login_ip_limit", "5", &e) < 0) {
        fprintf(stderr, "config: %s\n", e.msg);
        exit(1);
    }
    return cfg;
}

/* A fresh, migrated and loaded database on b. */
static struct app *
fresh(const struct t_backend *b, struct config *cfg)
{
    struct app *a = NULL;
    struct zq_err e;
    int v;

    zq_err_clear(&e);
    tb_reset(&env, b);
    if (app_open(cfg, APP_DB, &a, &e) < 0 || store_migrate(a->st, &v, &e) < 0) {
        fprintf(stderr, "open %s: %s\n", b->uri, e.msg);
        exit(1);
    }
    load(a, "enterprises", CSV_ENT);
    load(a, "projects", CSV_PROJ);
    load(a, "subcontracts", CSV_SUB);
    load(a, "accounts", CSV_ACC);
    load(a, "employment", CSV_EMP);
    return a;
}

static int
add_user(struct app *a, const char *name, const char *role, const char *region, const char *dept,
         const char *uscc, struct zq_err *e)
{
    struct user_spec u = { .username = name,
                           .password = "Good-pass-2026",
                           .role = role,
                           .region = region,
                           .dept = dept,
                           .enterprise_uscc = uscc };
    int64_t id;

    return users_add(a, NULL, &u, NULL, "test", &id, e);
}

/* ---------------------------------------------------------------- per backend */

static void
check_users(struct app *a)
{
    struct zq_err e;

    zq_err_clear(&e);
    T_OK(add_user(a, "admin", "admin", "330000", NULL, NULL, &e));
    T_OK(add_user(a, "insp", "inspector", "330281", NULL, NULL, &e));
    T_OK(add_user(a, "water", "dept_officer", "330200", "water", NULL, &e));
    T_OK(add_user(a, "ent_a", "enterprise", "330106", NULL, USCC_A, &e));
    T_EQ_INT(add_user(a, "admin", "leader", "330000", NULL, NULL, &e), ZQ_ECONFLICT);
    T_EQ_INT(add_user(a, "b1", "bank", "330000", NULL, NULL, &e), ZQ_EINVAL);
    T_EQ_STR(e.field, "role");
    T_EQ_INT(add_user(a, "b2", "leader", "999999", NULL, NULL, &e), ZQ_EINVAL);
    T_EQ_STR(e.field, "region_code");
    T_EQ_INT(add_user(a, "b3", "dept_officer", "330000", NULL, NULL, &e), ZQ_EINVAL);
    T_EQ_STR(e.field, "dept");
    T_EQ_INT(add_user(a, "b4", "enterprise", "330000", NULL, NULL, &e), ZQ_EINVAL);
    T_EQ_STR(e.field, "enterprise_uscc");
    T_EQ_INT(add_user(a, "b5", "enterprise", "330000", NULL, "91330106MA2Y00009Q", &e), ZQ_EINVAL);
    T_EQ_INT(add_user(a, "bad name", "leader", "330000", NULL, NULL, &e), ZQ_EINVAL);
    T_EQ_STR(e.field, "username");
    /* an administrator of a county creates accounts only in it */
    {
        struct principal by;
        struct user_spec u = {
            .username = "far", .password = "Good-pass-2026", .role = "leader", .region = "330106"
        };
        int64_t id;
        memset(&by, 0, sizeof by);
        by.role = ROLE_ADMIN;
        snprintf(by.region, sizeof by.region, "330281");
        snprintf(by.actor, sizeof by.actor, "user:countyadmin");
        T_EQ_INT(users_add(a, NULL, &u, &by, by.actor, &id, &e), ZQ_EINVAL);
        u.region = "330281";
        T_OK(users_add(a, NULL, &u, &by, by.actor, &id, &e));
    }
}

static void
check_login(struct app *a, struct config *cfg)
{
    struct auth_gate *g = auth_gate_new(2);
    struct auth_cache *c = auth_cache_new(cfg);
    struct auth_login lg;
    struct principal p;
    struct zq_err e;
    int64_t id;

    zq_err_clear(&e);
    T_EQ_INT(auth_login(a, g, "insp", "wrong-pass-1", "10.0.0.1", &lg, &e), ZQ_EAUTH);
    T_CONTAINS(e.msg, "用户名或密码错误");
    T_EQ_INT(auth_login(a, g, "nobody", "wrong-pass-1", "10.0.0.1", &lg, &e), ZQ_EAUTH);
    T_CONTAINS(e.msg, "用户名或密码错误");
    T_OK(auth_login(a, g, "insp", "Good-pass-2026", "10.0.0.1", &lg, &e));
    T_EQ_INT(lg.who.role, ROLE_INSPECTOR);
    T_EQ_STR(lg.who.actor, "user:insp");
    /* the cookie resolves to the principal, with its CSRF token */
    T_OK(auth_session(a, c, lg.token, &p, &e));
    T_EQ_STR(p.region, "330281");
    T_CHECK(auth_csrf_ok(&p, lg.csrf));
    T_EQ_INT(auth_session(a, c, "not-a-session", &p, &e), ZQ_EAUTH);
    T_EQ_INT(auth_token(a, c, lg.token, &p, &e), ZQ_EAUTH);
    /* logout ends it (this thread's cache at once) */
    T_OK(auth_logout(a, c, lg.token, &lg.who, &e));
    T_EQ_INT(auth_session(a, c, lg.token, &p, &e), ZQ_EAUTH);
    /* throttling per user: 3 failures (config), then even the right password waits */
    for (int i = 0; i < 3; i++)
        T_EQ_INT(auth_login(a, g, "water", "wrong-pass-1", "10.0.0.2", &lg, &e), ZQ_EAUTH);
    T_EQ_INT(auth_login(a, g, "water", "Good-pass-2026", "10.0.0.3", &lg, &e), ZQ_ELIMIT);
    T_CONTAINS(e.msg, "分钟");
    /* per client address: 5 failures over any names */
    for (int i = 0; i < 5; i++)
        T_EQ_INT(auth_login(a, g, i % 2 ? "x1" : "x2", "wrong-pass-1", "10.0.0.9", &lg, &e),
                 ZQ_EAUTH);
    T_EQ_INT(auth_login(a, g, "ent_a", "Good-pass-2026", "10.0.0.9", &lg, &e), ZQ_ELIMIT);
    T_OK(auth_login(a, g, "ent_a", "Good-pass-2026", "10.0.0.10", &lg, &e));
    T_EQ_INT(lg.who.role, ROLE_ENTERPRISE);
    T_CHECK(lg.who.enterprise_id > 0);
    T_EQ_STR(lg.who.uscc, USCC_A);
    /* a disabled user's session ends, and it cannot log in */
    T_OK(users_id(a, "ent_a", &id, &e));
    {
        struct user_change ch = { .disabled = 1 };
        struct auth_cache *fresh_cache = auth_cache_new(cfg);
        T_OK(auth_session(a, fresh_cache, lg.token, &p, &e));
        T_OK(users_update(a, NULL, id, &ch, NULL, "test", &e));
        T_EQ_INT(auth_session(a, NULL, lg.token, &p, &e), ZQ_EAUTH);
        auth_cache_free(fresh_cache);
    }
    T_EQ_INT(auth_login(a, g, "ent_a", "Good-pass-2026", "10.0.0.11", &lg, &e), ZQ_EFORBIDDEN);
    /* password change keeps the current session, ends the others */
    {
        struct auth_login l2, l3;
        T_OK(auth_login(a, g, "admin", "Good-pass-2026", "10.1.0.1", &l2, &e));
        T_OK(auth_login(a, g, "admin", "Good-pass-2026", "10.1.0.1", &l3, &e));
        T_OK(users_change_password(a, g, &l2.who, "Good-pass-2026", "Newer-pass-2027", &e));
        T_OK(auth_session(a, NULL, l2.token, &p, &e));
        T_EQ_INT(auth_session(a, NULL, l3.token, &p, &e), ZQ_EAUTH);
        T_EQ_INT(users_change_password(a, g, &l2.who, "bad-current", "Other-pass-2028", &e),
                 ZQ_EINVAL);
        T_EQ_STR(e.field, "current_password");
        T_OK(auth_login(a, g, "admin", "Newer-pass-2027", "10.1.0.1", &l3, &e));
    }
    auth_cache_free(c);
    auth_gate_free(g);
}

/* The cache keeps a principal at most auth.cache_seconds. */
static void
check_cache(struct app *a, struct config *cfg)
{
    struct auth_cache *mine, *other;
    struct auth_login lg;
    struct principal p;
    struct zq_err e;

    zq_err_clear(&e);
    T_OK(config_set(cfg, "auth.cache_seconds", "1", &e));
    mine = auth_cache_new(cfg);
    other = auth_cache_new(cfg);
    T_OK(auth_login(a, NULL, "insp", "Good-pass-2026", "10.2.0.1", &lg, &e));
    T_OK(auth_session(a, other, lg.token, &p, &e));
    T_OK(auth_logout(a, mine, lg.token, &lg.who, &e));
    /* another thread may still answer from its cache, for at most a second */
    T_OK(auth_session(a, other, lg.token, &p, &e));
    sleep(2);
    T_EQ_INT(auth_session(a, other, lg.token, &p, &e), ZQ_EAUTH);
    auth_cache_free(mine);
    auth_cache_free(other);
    T_OK(config_set(cfg, "auth.cache_seconds", "99", &e));
    mine = auth_cache_new(cfg); /* capped at 5 s whatever the configuration says */
    auth_cache_free(mine);
}

static void
check_tokens(struct app *a, struct principal *tok_a, struct principal *tok_x,
             struct principal *bank, struct principal *acct)
{
    char secret[TOKEN_SECRET_LEN], subj[129];
    struct principal p;
    struct zq_err e;
    int64_t id;

    zq_err_clear(&e);
    T_OK(
        tokens_add(a, "enterprise", " 91330106ma2a00003j ", "A", 0, "test", secret, &id, subj, &e));
    T_EQ_STR(subj, USCC_A);
    T_OK(auth_token(a, NULL, secret, tok_a, &e));
    T_EQ_INT(tok_a->role, ROLE_ENTERPRISE);
    T_CHECK(tok_a->enterprise_id > 0);
    T_OK(tokens_add(a, "enterprise", USCC_X, "X", 0, "test", secret, &id, subj, &e));
    T_OK(auth_token(a, NULL, secret, tok_x, &e));
    T_OK(tokens_add(a, "bank", "中国工商银行", "ICBC", 0, "test", secret, &id, subj, &e));
    T_OK(auth_token(a, NULL, secret, bank, &e));
    T_EQ_STR(bank->bank, "中国工商银行");
    T_OK(tokens_add(a, "bank", "1921-0000-0000-0002", "one account", 0, "test", secret, &id, subj,
                    &e));
    T_EQ_STR(subj, "1921****0002");
    T_OK(auth_token(a, NULL, secret, acct, &e));
    T_CHECK(acct->has_account && acct->bank[0] == '\0');
    /* revoked: refused; twice: conflict; unknown: not found */
    T_OK(tokens_revoke(a, id, "test", &e));
    T_EQ_INT(auth_token(a, NULL, secret, &p, &e), ZQ_EAUTH);
    T_EQ_INT(tokens_revoke(a, id, "test", &e), ZQ_ECONFLICT);
    T_EQ_INT(tokens_revoke(a, 99999, "test", &e), ZQ_ENOTFOUND);
    acct->has_account = true; /* keep using it below as a bound token */
    T_EQ_INT(tokens_add(a, "admin", USCC_A, NULL, 0, "test", secret, &id, subj, &e), ZQ_EINVAL);
    T_EQ_INT(tokens_add(a, "enterprise", "123", NULL, 0, "test", secret, &id, subj, &e), ZQ_EINVAL);
    T_EQ_INT(tokens_add(a, "bank", "", NULL, 0, "test", secret, &id, subj, &e), ZQ_EINVAL);
}

struct denials {
    long n;
    long first_line;
};

static void
on_deny(void *ctx, long line, const char *col, const char *value, const char *reason)
{
    struct denials *d = ctx;

    (void)col;
    (void)value;
    (void)reason;
    if (d->n++ == 0)
        d->first_line = line;
}

static long
denied(struct app *a, const struct principal *p, const char *kind, const char *csv, int *rc)
{
    struct denials d = { 0, 0 };
    struct zq_err e;
    long n = 0;

    zq_err_clear(&e);
    *rc = auth_upload_check(a, p, kind, csv, strlen(csv), on_deny, &d, &n, &e);
    return n == d.n ? n : -1;
}

static void
check_uploads(struct app *a, const struct principal *tok_a, const struct principal *tok_x,
              const struct principal *bank, const struct principal *acct)
{
    static const char pay_p1[] =
        "project_code,employer_uscc,month,id_number,name,days_worked,"
        "wage_due,wage_paid,channel,confirmed\n"
        "P1," USCC_S ",2026-10,330281198503141238,王一,20,100,100,现金,是\n";
    static const char pay_mixed[] =
        "项目编号,用工单位统一社会信用代码,工资月份,身份证号,姓名,出勤天数,应发工资,实发工资,"
        "发放方式,"
        "本人确认\n"
        "P1," USCC_S ",2026-10,330281198503141238,王一,20,100,100,现金,是\n"
        "P2," USCC_S ",2026-10,330281198503141238,王一,20,100,100,现金,是\n"
        "P9," USCC_S ",2026-10,330281198503141238,王一,20,100,100,现金,是\n";
    static const char txn_icbc[] = "project_code,account_no,txn_date,direction,kind,amount,ref\n"
                                   "P1,3901 1000 0000 0001,2026-11-01,收入,人工费拨付,100,R1\n";
    static const char txn_abc[] = "project_code,account_no,txn_date,direction,kind,amount,ref\n"
                                  "P2,1921000000000002,2026-11-01,收入,人工费拨付,100,R2\n";
    static const char proj_new[] =
        "code,name,region_code,industry,funding,builder_uscc,contractor_uscc,contract_amount,"
        "labor_cost_ratio,start_date,planned_end,status\n"
        "P3,新项目,330281,住建,政府投资," USCC_B "," USCC_A ",1,20,2025-01-01,2027-01-01,在建\n";
    static const char proj_steal[] =
        "code,name,region_code,industry,funding,builder_uscc,contractor_uscc,contract_amount,"
        "labor_cost_ratio,start_date,planned_end,status\n"
        "P2,慈溪项目,330282,水利,政府投资," USCC_B "," USCC_A ",1,20,2025-01-01,2027-01-01,在建\n";
    struct principal insp;
    struct zq_err e;
    int rc;

    zq_err_clear(&e);
    T_EQ_INT(denied(a, tok_a, "payroll", pay_p1, &rc), 0);
    T_EQ_INT(rc, 0);
    T_EQ_INT(denied(a, tok_x, "payroll", pay_p1, &rc), 1);
    T_EQ_INT(rc, ZQ_EFORBIDDEN);
    /* Chinese headers; a foreign (P2) and an unknown (P9) project both refused */
    T_EQ_INT(denied(a, tok_a, "payroll", pay_mixed, &rc), 2);
    T_EQ_INT(rc, ZQ_EFORBIDDEN);
    T_EQ_INT(denied(a, bank, "txns", txn_icbc, &rc), 0);
    T_EQ_INT(denied(a, bank, "txns", txn_abc, &rc), 1);
    T_EQ_INT(denied(a, acct, "txns", txn_abc, &rc), 0);
    T_EQ_INT(denied(a, acct, "txns", txn_icbc, &rc), 1);
    T_EQ_INT(denied(a, bank, "payroll", pay_p1, &rc), 0);
    T_EQ_INT(rc, ZQ_EFORBIDDEN); /* the kind itself */
    T_EQ_INT(denied(a, tok_a, "txns", txn_icbc, &rc), 0);
    T_EQ_INT(rc, ZQ_EFORBIDDEN);
    T_EQ_INT(denied(a, tok_a, "projects", proj_new, &rc), 0);
    T_EQ_INT(rc, 0);
    T_EQ_INT(denied(a, tok_a, "projects", proj_steal, &rc), 1);
    T_EQ_INT(denied(a, tok_x, "projects", proj_new, &rc), 1);
    memset(&insp, 0, sizeof insp);
    insp.role = ROLE_INSPECTOR;
    snprintf(insp.region, sizeof insp.region, "330281");
    T_EQ_INT(denied(a, &insp, "payroll", pay_mixed, &rc), 2);
    T_EQ_INT(denied(a, &insp, "txns", txn_abc, &rc), 1);
    T_EQ_INT(denied(a, &insp, "projects", proj_new, &rc), 0);
    T_EQ_INT(denied(a, &insp, "enterprises", CSV_ENT, &rc), 0);
    /* an unreadable file is left to the importer */
    T_EQ_INT(denied(a, tok_x, "payroll", "\"unterminated", &rc), 0);
    T_EQ_INT(rc, 0);
}

static void
check_reveal(struct app *a, const struct principal *tok_a)
{
    struct principal insp, far;
    struct zq_err e;
    json_t *out = NULL;

    zq_err_clear(&e);
    memset(&insp, 0, sizeof insp);
    insp.role = ROLE_INSPECTOR;
    snprintf(insp.region, sizeof insp.region, "330281");
    snprintf(insp.actor, sizeof insp.actor, "user:insp");
    far = insp;
    snprintf(far.region, sizeof far.region, "330282");
    T_OK(query_reveal(a, &insp, "worker", "1", "id_number", "核实身份", &out, &e));
    T_EQ_STR(json_string_value(json_object_get(out, "value")), "330281198503141238");
    T_EQ_STR(json_string_value(json_object_get(out, "masked")), "330281********1238");
    json_decref(out);
    out = NULL;
    T_OK(query_reveal(a, &insp, "project", "P1", "account_no", "核对专户", &out, &e));
    T_EQ_STR(json_string_value(json_object_get(out, "value")), "3901100000000001");
    json_decref(out);
    out = NULL;
    T_EQ_INT(query_reveal(a, &far, "worker", "1", "id_number", "核实身份", &out, &e), ZQ_ENOTFOUND);
    T_EQ_INT(query_reveal(a, tok_a, "worker", "1", "id_number", "核实身份", &out, &e),
             ZQ_EFORBIDDEN);
    T_EQ_INT(query_reveal(a, &insp, "worker", "1", "salary", "核实身份", &out, &e), ZQ_EINVAL);
    T_EQ_INT(query_reveal(a, &insp, "worker", "1", "phone", "", &out, &e), ZQ_EINVAL);
    T_EQ_INT(query_reveal(a, &insp, "worker", "abc", "phone", "核实身份", &out, &e), ZQ_ENOTFOUND);
    /* each reveal is in the audit log, and the log still verifies */
    {
        struct audit_verify_result res;
        T_OK(query_audit(a, "worker", "1", "user:insp", NULL, &out, &e));
        T_EQ_INT(json_array_size(json_object_get(out, "items")), 1);
        json_decref(out);
        out = NULL;
        T_OK(audit_verify(a, &res, &e));
        T_EQ_INT(res.broken, AUDIT_INTACT);
    }
}

static void
test_backends(void)
{
    for (int i = 0; i < env.n; i++) {
        struct config *cfg = backend_cfg(&env.b[i]);
        struct app *a = fresh(&env.b[i], cfg);
        struct principal tok_a, tok_x, bank, acct;

        fprintf(stderr, "backend %s\n", env.b[i].name);
        check_users(a);
        check_login(a, cfg);
        check_cache(a, cfg);
        check_tokens(a, &tok_a, &tok_x, &bank, &acct);
        check_uploads(a, &tok_a, &tok_x, &bank, &acct);
        check_reveal(a, &tok_a);
        app_free(a);
        config_free(cfg);
    }
}

static const struct t_case t_cases[] = {
    { "roles", test_roles },
    { "region range", test_region_range },
    { "scope", test_scope },
    { "passwords", test_passwords },
    { "secrets", test_secrets },
    { "backends", test_backends },
    { 0 },
};

int
main(int argc, char **argv)
{
    int rc;

    tb_setup(&env, "auth");
    rc = t_main(t_cases, argc, argv);
    tb_teardown(&env);
    return rc;
}
