/*
 * The audit log: appending builds a hash chain, verification accepts it, and
 * every way an attacker with write access to the database could tamper with
 * it directly (edit, delete, insert, renumber, rewrite the tail) is caught —
 * the last one only with an anchor.  Runs on SQLite in a temporary file and,
 * when ZHIQIAN_TEST_PG holds a URI, on PostgreSQL in a schema of its own
 * (zq_audit_<pid>), as test_store does.
 *
 * Tampering uses SQL straight on the connection, after removing the
 * append-only triggers the way someone with the database's owner rights
 * would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/config.h"
#include "core/date.h"
#include "store/store.h"
#include "store/store_audit.h"
#include "svc/app.h"
#include "svc/audit.h"
#include "backends.h"
#include "t.h"

/* A call that returns 0 on success. */
#define T_OK(call) T_CHECK((call) == 0)

static struct t_backends env;
static struct config *base_cfg; /* province 330000 (the default) */

/* A new, migrated database on backend b, wrapped in an app. */
static struct app
fresh(const struct t_backend *b)
{
    struct app a = { .cfg = base_cfg };

    a.st = tb_fresh(&env, b, true);
    return a;
}

/* ---- helpers ---- */

static int
append_n(struct app *a, int n, const char *actor)
{
    struct zq_err e;
    char id[32], after[64];

    zq_err_clear(&e);
    for (int i = 0; i < n; i++) {
        snprintf(id, sizeof(id), "P-%04d", i + 1);
        snprintf(after, sizeof(after), "{\"status\":\"在建\",\"n\":%d}", i);
        if (audit_append(a, actor, "create", "project", id, NULL, after, &e) < 0) {
            fprintf(stderr, "     append: %s\n", e.msg);
            return -1;
        }
    }
    return 0;
}

static struct audit_verify_result
verify(struct app *a, const unsigned char *anchor)
{
    struct audit_verify_result res;
    struct zq_err e;

    zq_err_clear(&e);
    memset(&res, 0, sizeof(res));
    if (!T_OK(audit_verify_anchored(a, anchor, &res, &e)))
        fprintf(stderr, "     verify: %s\n", e.msg);
    return res;
}

/* SQL run as the attacker: straight on the connection, no hashing. */
static void
attack(struct app *a, const char *sql)
{
    struct zq_err e;

    zq_err_clear(&e);
    if (!T_CHECK(store_exec(a->st, sql, &e) == 0))
        fprintf(stderr, "     %s: %s\n", sql, e.msg);
}

/* Remove the append-only guard as the database owner can. */
static void
drop_guard(struct app *a)
{
    attack(a, store_dialect(a->st) == STORE_SQLITE
                  ? "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete"
                  : "ALTER TABLE audit_log DISABLE TRIGGER USER");
}

/* An owned copy of one entry. */
struct entry {
    int64_t seq, at;
    char *f[7]; /* province ... after_json; NULL for SQL NULL */
    unsigned char prev[AUDIT_HASH_LEN], hash[AUDIT_HASH_LEN];
};

struct log {
    struct entry e[16];
    int n;
};

static char *
dup_str(struct str s)
{
    return s.p ? zq_strndup(s.p, s.len) : NULL;
}

static int
copy_entry(void *ctx, const struct store_audit_row *r)
{
    struct log *l = ctx;
    struct entry *x;

    if (l->n == (int)(sizeof(l->e) / sizeof(l->e[0])))
        return 1;
    x = &l->e[l->n++];
    x->seq = r->seq;
    x->at = r->at;
    x->f[0] = dup_str(r->province);
    x->f[1] = dup_str(r->actor);
    x->f[2] = dup_str(r->action);
    x->f[3] = dup_str(r->entity);
    x->f[4] = dup_str(r->entity_id);
    x->f[5] = dup_str(r->before_json);
    x->f[6] = dup_str(r->after_json);
    memcpy(x->prev, r->prev_hash, r->prev_len < AUDIT_HASH_LEN ? r->prev_len : AUDIT_HASH_LEN);
    memcpy(x->hash, r->hash, r->hash_len < AUDIT_HASH_LEN ? r->hash_len : AUDIT_HASH_LEN);
    return 0;
}

static void
log_read(struct app *a, struct log *l)
{
    struct zq_err e;

    memset(l, 0, sizeof(*l));
    zq_err_clear(&e);
    T_EQ_INT(store_audit_each(a->st, INT64_MIN, copy_entry, l, &e), 0);
}

static void
log_free(struct log *l)
{
    for (int i = 0; i < l->n; i++)
        for (int j = 0; j < 7; j++)
            zq_free(l->e[i].f[j]);
}

static struct str
opt(const char *s)
{
    struct str v = { s, s ? strlen(s) : 0 };
    return v;
}

/* The entry as a row; with rehash, its hash recomputed from its fields. */
static struct store_audit_row
as_row(struct entry *x, bool rehash)
{
    struct store_audit_row r = {
        .seq = x->seq,
        .at = x->at,
        .province = opt(x->f[0]),
        .actor = opt(x->f[1]),
        .action = opt(x->f[2]),
        .entity = opt(x->f[3]),
        .entity_id = opt(x->f[4]),
        .before_json = opt(x->f[5]),
        .after_json = opt(x->f[6]),
        .prev_hash = x->prev,
        .prev_len = AUDIT_HASH_LEN,
        .hash = x->hash,
        .hash_len = AUDIT_HASH_LEN,
    };
    if (rehash)
        audit_entry_hash(&r, x->hash);
    return r;
}

/* Insert an entry as the attacker would, bypassing audit_append. */
static void
forge(struct app *a, struct entry *x, bool rehash)
{
    struct store_audit_row r = as_row(x, rehash);
    struct zq_err e;

    zq_err_clear(&e);
    if (!T_OK(store_audit_insert(a->st, &r, &e)))
        fprintf(stderr, "     forge: %s\n", e.msg);
}

static void
set_field(struct entry *x, int f, const char *v)
{
    zq_free(x->f[f]);
    x->f[f] = v ? zq_strdup(v) : NULL;
}

/* ---- cases ---- */

/* A fixed entry pins the encoding documented in docs/audit.md; the expected
 * hashes were computed independently with Python's hashlib.blake2b. */
static void
test_known_answer(void)
{
    static const unsigned char zero[AUDIT_HASH_LEN];
    unsigned char h1[AUDIT_HASH_LEN], h2[AUDIT_HASH_LEN], back[AUDIT_HASH_LEN];
    char hex[AUDIT_HEX_LEN];
    struct zq_err e;
    struct store_audit_row r = {
        .seq = 1,
        .at = 1767225600,
        .province = STR_LIT("330000"),
        .actor = STR_LIT("user:zhang"),
        .action = STR_LIT("update"),
        .entity = STR_LIT("project"),
        .entity_id = STR_LIT("P-2026-001"),
        .before_json = STR_LIT("{\"status\":\"在建\"}"),
        .after_json = { NULL, 0 },
        .prev_hash = zero,
        .prev_len = sizeof(zero),
    };

    zq_err_clear(&e);
    audit_entry_hash(&r, h1);
    T_EQ_STR(audit_hex(h1, hex),
             "f9e5d77ffa842e5e906c35c9f1172634fbf1104f85c2e5cef74e6bd6fdeada07");
    r = (struct store_audit_row){
        .seq = 2,
        .at = 1767225601,
        .province = STR_LIT("330000"),
        .actor = STR_LIT("system"),
        .action = STR_LIT("delete"),
        .entity = STR_LIT("project"),
        .entity_id = STR_LIT("P-2026-001"),
        .before_json = { NULL, 0 },
        .after_json = STR_LIT(""), /* "" and NULL hash differently */
        .prev_hash = h1,
        .prev_len = sizeof(h1),
    };
    audit_entry_hash(&r, h2);
    T_EQ_STR(audit_hex(h2, hex),
             "3b455d2352748b1a96d34004cba61051742533c440b629821d20f924aaf45ab4");
    /* hex round trip, either case; bad input refused */
    T_EQ_INT(audit_parse_hex("3B455D2352748B1A96D34004CBA61051742533C440B629821D20F924AAF45AB4",
                             back, &e),
             0);
    T_CHECK(memcmp(back, h2, sizeof(back)) == 0);
    T_EQ_INT(audit_parse_hex("3b455d", back, &e), ZQ_EINVAL);
    T_CONTAINS(e.msg, "64 个十六进制数字");
    T_EQ_INT(audit_parse_hex("zz455d2352748b1a96d34004cba61051742533c440b629821d20f924aaf45ab4",
                             back, &e),
             ZQ_EINVAL);
}

static void
test_append_chain(void)
{
    static const unsigned char zero[AUDIT_HASH_LEN];

    for (int i = 0; i < env.n; i++) {
        struct app a = fresh(&env.b[i]);
        struct audit_verify_result res;
        struct log l;
        struct zq_err e;
        int64_t t0 = ts_now();

        t_name = env.b[i].name;
        zq_err_clear(&e);
        res = verify(&a, NULL);
        T_EQ_INT(res.broken, AUDIT_INTACT);
        T_EQ_INT(res.entries, 0);
        T_CHECK(memcmp(res.head, zero, sizeof(zero)) == 0);
        T_OK(audit_append(&a, "user:zhang", "create", "project", "P-1", NULL,
                          "{\"name\":\"某安置房项目\"}", &e));
        T_OK(audit_append(&a, "user:li", "update", "project", "P-1", "{\"name\":\"某安置房项目\"}",
                          "{\"name\":\"某安置房二期\"}", &e));
        T_OK(audit_append(&a, "system", "login", "session", NULL, NULL, NULL, &e));
        res = verify(&a, NULL);
        T_EQ_INT(res.broken, AUDIT_INTACT);
        T_EQ_INT(res.entries, 3);
        T_EQ_INT(res.head_seq, 3);
        T_EQ_STR(res.reason, "");
        log_read(&a, &l);
        T_EQ_INT(l.n, 3);
        T_CHECK(memcmp(l.e[0].prev, zero, sizeof(zero)) == 0);
        T_CHECK(memcmp(l.e[1].prev, l.e[0].hash, AUDIT_HASH_LEN) == 0);
        T_CHECK(memcmp(l.e[2].prev, l.e[1].hash, AUDIT_HASH_LEN) == 0);
        T_CHECK(memcmp(res.head, l.e[2].hash, AUDIT_HASH_LEN) == 0);
        for (int k = 0; k < l.n; k++) {
            T_EQ_INT(l.e[k].seq, k + 1);
            T_CHECK(l.e[k].at >= t0 && l.e[k].at <= ts_now());
            T_EQ_STR(l.e[k].f[0], "330000");
        }
        T_EQ_STR(l.e[1].f[1], "user:li");
        T_EQ_STR(l.e[1].f[5], "{\"name\":\"某安置房项目\"}");
        T_CHECK(l.e[0].f[5] == NULL); /* NULL stays NULL, not "" */
        T_CHECK(l.e[2].f[4] == NULL && l.e[2].f[6] == NULL);
        /* anchoring the current head, an earlier one or the genesis holds */
        T_EQ_INT(verify(&a, l.e[2].hash).broken, AUDIT_INTACT);
        T_EQ_INT(verify(&a, l.e[0].hash).broken, AUDIT_INTACT);
        T_EQ_INT(verify(&a, zero).broken, AUDIT_INTACT);
        log_free(&l);
        store_close(a.st);
    }
}

/* The entry goes with the caller's transaction: rolled back with it,
 * committed with it, nested in it. */
static void
test_caller_transaction(void)
{
    for (int i = 0; i < env.n; i++) {
        struct app a = fresh(&env.b[i]);
        struct zq_err e;

        t_name = env.b[i].name;
        zq_err_clear(&e);
        T_OK(store_begin(a.st, &e));
        T_OK(append_n(&a, 2, "user:zhang"));
        store_rollback(a.st);
        T_EQ_INT(verify(&a, NULL).entries, 0);
        T_OK(store_begin(a.st, &e));
        T_OK(append_n(&a, 2, "user:zhang"));
        T_OK(store_begin(a.st, &e)); /* an inner level that fails */
        T_OK(append_n(&a, 1, "user:wang"));
        store_rollback(a.st);
        T_OK(append_n(&a, 1, "user:zhao"));
        T_OK(store_commit(a.st, &e));
        struct audit_verify_result res = verify(&a, NULL);
        T_EQ_INT(res.broken, AUDIT_INTACT);
        T_EQ_INT(res.entries, 3);
        store_close(a.st);
    }
}

static void
test_bad_arguments(void)
{
    struct app a = fresh(&env.b[0]);
    struct config *cfg = config_new();
    struct zq_err e;

    zq_err_clear(&e);
    T_EQ_INT(audit_append(&a, "", "create", "project", NULL, NULL, NULL, &e), ZQ_EINVAL);
    T_CONTAINS(e.msg, "actor");
    T_EQ_INT(audit_append(&a, "system", NULL, "project", NULL, NULL, NULL, &e), ZQ_EINVAL);
    T_EQ_INT(audit_append(&a, "system", "create", "project", "P\xff", NULL, NULL, &e), ZQ_EINVAL);
    T_CONTAINS(e.msg, "UTF-8");
    T_EQ_INT(config_set(cfg, "province", "33", &e), 0);
    a.cfg = cfg;
    T_EQ_INT(audit_append(&a, "system", "create", "project", NULL, NULL, NULL, &e), ZQ_EINVAL);
    T_CONTAINS(e.msg, "province");
    a.cfg = base_cfg;
    T_EQ_INT(verify(&a, NULL).entries, 0);
    /* appending to a log whose tail is damaged would hide the damage */
    T_OK(append_n(&a, 2, "system"));
    drop_guard(&a);
    attack(&a, "UPDATE audit_log SET hash = substr(hash, 1, 16) WHERE seq = 2");
    T_EQ_INT(audit_append(&a, "system", "create", "project", NULL, NULL, NULL, &e), ZQ_EINVAL);
    T_CONTAINS(e.msg, "audit verify");
    config_free(cfg);
    store_close(a.st);
}

/* Each attack runs in a transaction that is rolled back afterwards, so one
 * database serves them all; the rollback must restore an intact log. */
static void
attack_begin(struct app *a)
{
    struct zq_err e;

    zq_err_clear(&e);
    T_OK(store_begin(a->st, &e));
    drop_guard(a);
}

static void
attack_end(struct app *a)
{
    store_rollback(a->st);
    T_EQ_INT(verify(a, NULL).broken, AUDIT_INTACT);
}

static void
test_edit_detected(void)
{
    static const struct {
        const char *sql;
        int64_t seq;
    } edits[] = {
        { "UPDATE audit_log SET actor = 'user:mallory' WHERE seq = 3", 3 },
        { "UPDATE audit_log SET at = at - 86400 WHERE seq = 1", 1 },
        { "UPDATE audit_log SET after_json = '{\"status\":\"停工\",\"n\":4}' WHERE seq = 5", 5 },
        { "UPDATE audit_log SET entity_id = NULL WHERE seq = 2", 2 },
        { "UPDATE audit_log SET before_json = '' WHERE seq = 2", 2 },
        { "UPDATE audit_log SET province = '110000' WHERE seq = 4", 4 },
        { "UPDATE audit_log SET hash = prev_hash WHERE seq = 4", 4 },
    };

    for (int i = 0; i < env.n; i++) {
        struct app a = fresh(&env.b[i]);
        struct audit_verify_result res;
        unsigned char honest[AUDIT_HASH_LEN];
        struct log l;
        char sql[64];

        t_name = env.b[i].name;
        T_OK(append_n(&a, 5, "user:zhang"));
        memcpy(honest, verify(&a, NULL).head, sizeof(honest));
        for (size_t k = 0; k < sizeof(edits) / sizeof(edits[0]); k++) {
            attack_begin(&a);
            attack(&a, edits[k].sql);
            res = verify(&a, NULL);
            T_EQ_INT(res.broken, AUDIT_EDITED);
            T_EQ_INT(res.broken_seq, edits[k].seq);
            T_EQ_INT(res.entries, edits[k].seq - 1);
            T_EQ_INT(res.head_seq, edits[k].seq - 1);
            T_CONTAINS(res.reason, "被修改");
            attack_end(&a);
        }
        /* an editor who knows the format recomputes the edited entry's hash:
         * the next entry no longer links to it */
        attack_begin(&a);
        log_read(&a, &l);
        set_field(&l.e[2], 1, "user:mallory");
        attack(&a, "DELETE FROM audit_log WHERE seq = 3");
        forge(&a, &l.e[2], true);
        res = verify(&a, NULL);
        T_EQ_INT(res.broken, AUDIT_UNLINKED);
        T_EQ_INT(res.broken_seq, 4);
        T_CONTAINS(res.reason, "第 3 条");
        /* ... and only rewriting the whole tail from there hides it, except
         * from an anchor taken before */
        for (int k = 3; k < l.n; k++) {
            memcpy(l.e[k].prev, l.e[k - 1].hash, AUDIT_HASH_LEN);
            snprintf(sql, sizeof(sql), "DELETE FROM audit_log WHERE seq = %d", k + 1);
            attack(&a, sql);
            forge(&a, &l.e[k], true);
        }
        res = verify(&a, NULL);
        T_EQ_INT(res.broken, AUDIT_INTACT);
        T_EQ_INT(res.entries, 5);
        res = verify(&a, honest);
        T_EQ_INT(res.broken, AUDIT_ANCHOR_MISSING);
        T_EQ_INT(res.broken_seq, 0);
        attack_end(&a);
        log_free(&l);
        store_close(a.st);
    }
}

static void
test_delete_detected(void)
{
    for (int i = 0; i < env.n; i++) {
        struct app a = fresh(&env.b[i]);
        struct audit_verify_result res;
        unsigned char head[AUDIT_HASH_LEN];

        t_name = env.b[i].name;
        T_OK(append_n(&a, 5, "user:zhang"));
        memcpy(head, verify(&a, NULL).head, sizeof(head));
        /* from the middle */
        attack_begin(&a);
        attack(&a, "DELETE FROM audit_log WHERE seq = 3");
        res = verify(&a, NULL);
        T_EQ_INT(res.broken, AUDIT_MISSING);
        T_EQ_INT(res.broken_seq, 3);
        T_EQ_INT(res.entries, 2);
        T_CONTAINS(res.reason, "第 2 条之后是第 4 条");
        attack_end(&a);
        /* the first one */
        attack_begin(&a);
        attack(&a, "DELETE FROM audit_log WHERE seq = 1");
        res = verify(&a, NULL);
        T_EQ_INT(res.broken, AUDIT_MISSING);
        T_EQ_INT(res.broken_seq, 1);
        T_EQ_INT(res.entries, 0);
        attack_end(&a);
        /* from the middle, renumbering the rest to close the gap */
        attack_begin(&a);
        attack(&a, "DELETE FROM audit_log WHERE seq = 2");
        attack(&a, "UPDATE audit_log SET seq = seq - 1 WHERE seq = 3");
        attack(&a, "UPDATE audit_log SET seq = seq - 1 WHERE seq = 4");
        attack(&a, "UPDATE audit_log SET seq = seq - 1 WHERE seq = 5");
        res = verify(&a, NULL);
        T_EQ_INT(res.broken, AUDIT_UNLINKED);
        T_EQ_INT(res.broken_seq, 2);
        attack_end(&a);
        /* the tail: the chain alone cannot tell, the anchor can */
        attack_begin(&a);
        attack(&a, "DELETE FROM audit_log WHERE seq >= 4");
        res = verify(&a, NULL);
        T_EQ_INT(res.broken, AUDIT_INTACT);
        T_EQ_INT(res.entries, 3);
        res = verify(&a, head);
        T_EQ_INT(res.broken, AUDIT_ANCHOR_MISSING);
        T_EQ_INT(res.entries, 3);
        T_CONTAINS(res.reason, "链尾");
        /* the whole log */
        attack(&a, "DELETE FROM audit_log");
        res = verify(&a, head);
        T_EQ_INT(res.broken, AUDIT_ANCHOR_MISSING);
        T_EQ_INT(res.entries, 0);
        attack_end(&a);
        store_close(a.st);
    }
}

/* Turn entry x into a new one by someone else. */
static void
rewrite(struct entry *x, int64_t seq)
{
    x->seq = seq;
    set_field(x, 1, "user:mallory");
    set_field(x, 2, "approve");
    set_field(x, 3, "case");
}

static void
test_forged_insert_detected(void)
{
    for (int i = 0; i < env.n; i++) {
        struct app a = fresh(&env.b[i]);
        struct audit_verify_result res;
        struct log l;

        t_name = env.b[i].name;
        T_OK(append_n(&a, 4, "user:zhang"));
        log_read(&a, &l);
        /* at the end, by someone who does not know the format (the guard
         * does not stop inserts) */
        attack_begin(&a);
        rewrite(&l.e[3], 5);
        memcpy(l.e[3].prev, l.e[3].hash, AUDIT_HASH_LEN);
        memset(l.e[3].hash, 0x5a, AUDIT_HASH_LEN);
        forge(&a, &l.e[3], false);
        res = verify(&a, NULL);
        T_EQ_INT(res.broken, AUDIT_EDITED);
        T_EQ_INT(res.broken_seq, 5);
        T_EQ_INT(res.entries, 4);
        T_CONTAINS(res.reason, "伪造");
        attack_end(&a);
        /* with a gap in the numbers */
        attack_begin(&a);
        l.e[3].seq = 9;
        forge(&a, &l.e[3], true);
        res = verify(&a, NULL);
        T_EQ_INT(res.broken, AUDIT_MISSING);
        T_EQ_INT(res.broken_seq, 5);
        T_CONTAINS(res.reason, "第 4 条之后是第 9 条");
        attack_end(&a);
        /* before the first entry */
        attack_begin(&a);
        l.e[3].seq = 0;
        memset(l.e[3].prev, 0, AUDIT_HASH_LEN);
        forge(&a, &l.e[3], true);
        res = verify(&a, NULL);
        T_EQ_INT(res.broken, AUDIT_UNLINKED);
        T_EQ_INT(res.broken_seq, 0);
        T_CONTAINS(res.reason, "插入");
        attack_end(&a);
        /* in the middle, well-formed and correctly hashed, replacing entry 2 */
        attack_begin(&a);
        attack(&a, "DELETE FROM audit_log WHERE seq = 2");
        rewrite(&l.e[1], 2);
        forge(&a, &l.e[1], true);
        res = verify(&a, NULL);
        T_EQ_INT(res.broken, AUDIT_UNLINKED);
        T_EQ_INT(res.broken_seq, 3);
        T_EQ_INT(res.entries, 2);
        attack_end(&a);
        log_free(&l);
        store_close(a.st);
    }
}

/* Many appenders in separate processes, each with its own connection:
 * the chain stays linear (no two entries claim the same predecessor). */
static void
test_concurrent_appenders(void)
{
    enum { PROCS = 4, EACH = 25 };

    for (int i = 0; i < env.n; i++) {
        struct app a = fresh(&env.b[i]);
        pid_t pids[PROCS];
        int ok = 0;

        t_name = env.b[i].name;
        for (int p = 0; p < PROCS; p++) {
            pids[p] = fork();
            if (pids[p] == 0) {
                struct app c = { .cfg = base_cfg, .st = tb_open(env.b[i].uri) };
                char actor[32];
                int rc;
                snprintf(actor, sizeof(actor), "proc:%d", p);
                rc = append_n(&c, EACH, actor);
                store_close(c.st);
                _exit(rc == 0 ? 0 : 1);
            }
        }
        for (int p = 0; p < PROCS; p++) {
            int status = 0;
            if (pids[p] > 0 && waitpid(pids[p], &status, 0) == pids[p] && WIFEXITED(status) &&
                WEXITSTATUS(status) == 0)
                ok++;
        }
        T_EQ_INT(ok, PROCS);
        struct audit_verify_result res = verify(&a, NULL);
        T_EQ_INT(res.broken, AUDIT_INTACT);
        T_EQ_INT(res.entries, PROCS * EACH);
        store_close(a.st);
    }
}

/* More entries than one page of the walk. */
static void
test_long_log(void)
{
    for (int i = 0; i < env.n; i++) {
        struct app a = fresh(&env.b[i]);
        struct audit_verify_result res;
        struct zq_err e;

        t_name = env.b[i].name;
        zq_err_clear(&e);
        T_OK(store_begin(a.st, &e));
        T_OK(append_n(&a, 600, "import:17"));
        T_OK(store_commit(a.st, &e));
        res = verify(&a, NULL);
        T_EQ_INT(res.broken, AUDIT_INTACT);
        T_EQ_INT(res.entries, 600);
        drop_guard(&a);
        attack(&a, "UPDATE audit_log SET action = 'delete' WHERE seq = 513");
        res = verify(&a, NULL);
        T_EQ_INT(res.broken, AUDIT_EDITED);
        T_EQ_INT(res.broken_seq, 513);
        store_close(a.st);
    }
}

/* A store failing at its N-th call leaves either no entry or a whole one,
 * and the chain intact either way. */
static void
test_fault_injection(void)
{
    for (int i = 0; i < env.n; i++) {
        struct app a = fresh(&env.b[i]);
        char uri[1100];
        int n, done = 0;

        t_name = env.b[i].name;
        T_OK(append_n(&a, 2, "system"));
        for (n = 1; n < 40 && !done; n++) {
            struct app f = { .cfg = base_cfg };
            struct zq_err e;
            int64_t before = verify(&a, NULL).entries;
            int rc;

            zq_err_clear(&e);
            snprintf(uri, sizeof(uri), "fault:%d:%s", n, env.b[i].uri);
            f.st = tb_open(uri);
            rc = store_begin(f.st, &e);
            if (rc == 0) {
                rc = audit_append(&f, "user:zhang", "create", "project", "P-1", NULL, "{}", &e);
                if (rc == 0)
                    rc = audit_append(&f, "user:zhang", "delete", "project", "P-1", "{}", NULL, &e);
                if (rc == 0)
                    rc = store_commit(f.st, &e); /* rolls back itself when it fails */
                else
                    store_rollback(f.st);
            }
            store_close(f.st);
            struct audit_verify_result res = verify(&a, NULL);
            T_EQ_INT(res.broken, AUDIT_INTACT);
            T_EQ_INT(res.entries, rc == 0 ? before + 2 : before);
            done = rc == 0;
        }
        T_CHECK(done);
        T_CHECK(n > 5); /* the fault did hit the append's own calls */
        store_close(a.st);
    }
}

static const struct t_case t_cases[] = {
    { "known answer", test_known_answer },
    { "append chain", test_append_chain },
    { "caller transaction", test_caller_transaction },
    { "bad arguments", test_bad_arguments },
    { "edit detected", test_edit_detected },
    { "delete detected", test_delete_detected },
    { "forged insert detected", test_forged_insert_detected },
    { "concurrent appenders", test_concurrent_appenders },
    { "long log", test_long_log },
    { "fault injection", test_fault_injection },
    { 0 },
};

int
main(int argc, char **argv)
{
    int rc;

    base_cfg = config_new();
    tb_setup(&env, "audit");
    rc = t_main(t_cases, argc, argv);
    tb_teardown(&env);
    config_free(base_cfg);
    return rc;
}
