/*
 * audit.c - appending to and verifying the hash-chained audit log.
 *
 * Entry n's hash is BLAKE2b-256 (unkeyed) over
 *
 *     prev_hash (32 bytes: entry n-1's hash, or 32 zero bytes for n = 1)
 *     seq, at                      each as 8 bytes, big-endian two's complement
 *     province, actor, action, entity, entity_id, before_json, after_json
 *                                  each as an 8-byte big-endian length and its
 *                                  UTF-8 bytes; NULL as the length 2^64-1
 *
 * Length prefixes make the encoding unambiguous (no two rows encode alike),
 * and seq is inside the hash so renumbering shows.  The chain is unkeyed on
 * purpose: anyone holding a copy of the database can check it without a
 * secret.  It shows any entry edited, deleted or inserted after the fact,
 * unless every hash from that entry to the end was recomputed, which whoever
 * can write the database is able to do (with a key too, if the key lives on
 * the same server).  Anchors close that gap: see audit_verify_anchored() and
 * docs/audit.md.
 *
 * The store serialises appenders (store_audit.c says how); nothing here keeps
 * state between calls.
 */
#include "svc/audit.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/str.h"

static void
put_u64(crypto_generichash_state *h, uint64_t v)
{
    unsigned char b[8];

    for (int i = 7; i >= 0; i--, v >>= 8)
        b[i] = (unsigned char)(v & 0xff);
    crypto_generichash_update(h, b, sizeof(b));
}

static void
put_str(crypto_generichash_state *h, struct str s)
{
    if (s.p == NULL) {
        put_u64(h, UINT64_MAX);
        return;
    }
    put_u64(h, (uint64_t)s.len);
    crypto_generichash_update(h, (const unsigned char *)s.p, s.len);
}

void
audit_entry_hash(const struct store_audit_row *r, unsigned char out[AUDIT_HASH_LEN])
{
    crypto_generichash_state h;

    /* sodium_init is idempotent and thread-safe; it only picks the fastest
     * implementation here (hashing needs no random numbers). */
    if (sodium_init() < 0)
        abort();
    crypto_generichash_init(&h, NULL, 0, AUDIT_HASH_LEN);
    crypto_generichash_update(&h, r->prev_hash, r->prev_len);
    put_u64(&h, (uint64_t)r->seq);
    put_u64(&h, (uint64_t)r->at);
    put_str(&h, r->province);
    put_str(&h, r->actor);
    put_str(&h, r->action);
    put_str(&h, r->entity);
    put_str(&h, r->entity_id);
    put_str(&h, r->before_json);
    put_str(&h, r->after_json);
    crypto_generichash_final(&h, out, AUDIT_HASH_LEN);
}

const char *
audit_hex(const unsigned char h[AUDIT_HASH_LEN], char out[AUDIT_HEX_LEN])
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < AUDIT_HASH_LEN; i++) {
        out[2 * i] = digits[h[i] >> 4];
        out[2 * i + 1] = digits[h[i] & 15];
    }
    out[2 * AUDIT_HASH_LEN] = '\0';
    return out;
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int
audit_parse_hex(const char *s, unsigned char out[AUDIT_HASH_LEN], struct zq_err *err)
{
    char ex[STR_EXCERPT_LEN];

    if (strlen(s) == 2 * AUDIT_HASH_LEN) {
        size_t i;
        for (i = 0; i < AUDIT_HASH_LEN; i++) {
            int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
            if (hi < 0 || lo < 0)
                break;
            out[i] = (unsigned char)(hi << 4 | lo);
        }
        if (i == AUDIT_HASH_LEN)
            return 0;
    }
    return zq_err_set(err, ZQ_EINVAL, "哈希“%s”无效：应为 %d 个十六进制数字",
                      str_excerpt(str_from(s), ex), 2 * AUDIT_HASH_LEN);
}

/* ---- append ---- */

/* A required field: non-empty UTF-8; an optional one may also be NULL. */
static int
check_field(const char *name, const char *v, bool required, struct zq_err *err)
{
    if (v == NULL && !required)
        return 0;
    if (v == NULL || (required && *v == '\0'))
        return zq_err_set(err, ZQ_EINVAL, "审计记录缺少“%s”", name);
    if (!utf8_valid(v, strlen(v)))
        return zq_err_set(err, ZQ_EINVAL, "审计记录的“%s”不是有效的 UTF-8 文本", name);
    return 0;
}

static int
check_args(struct app *a, const char *const req[3], const char *const opt[3], struct zq_err *err)
{
    static const char *const req_names[3] = { "actor", "action", "entity" };
    static const char *const opt_names[3] = { "entity_id", "before_json", "after_json" };
    const char *prov = config_get(a->cfg, "province");
    int rc;

    if (a->st == NULL)
        return zq_err_set(err, ZQ_EINTERNAL, "追加审计日志需要打开的数据库");
    for (int i = 0; i < 3; i++)
        if ((rc = check_field(req_names[i], req[i], true, err)) < 0 ||
            (rc = check_field(opt_names[i], opt[i], false, err)) < 0)
            return rc;
    if (prov == NULL || strlen(prov) != 6 || strspn(prov, "0123456789") != 6)
        return zq_err_set(err, ZQ_EINVAL, "配置项 province 应为 6 位行政区划代码");
    return 0;
}

static struct str
opt_str(const char *s)
{
    struct str v = { NULL, 0 };

    if (s != NULL)
        v = str_from(s);
    return v;
}

int
audit_append(struct app *a, const char *actor, const char *action, const char *entity,
             const char *entity_id, const char *before_json, const char *after_json,
             struct zq_err *err)
{
    const char *const req[3] = { actor, action, entity };
    const char *const opt[3] = { entity_id, before_json, after_json };
    unsigned char prev[AUDIT_HASH_LEN], hash[AUDIT_HASH_LEN];
    struct store_audit_row r;
    int64_t last;
    int rc;

    if ((rc = check_args(a, req, opt, err)) < 0)
        return rc;
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = store_audit_tail(a->st, &last, prev, err)) < 0)
        goto fail;
    memset(&r, 0, sizeof(r));
    r.seq = last + 1;
    r.at = ts_now();
    r.province = str_from(config_get(a->cfg, "province"));
    r.actor = str_from(actor);
    r.action = str_from(action);
    r.entity = str_from(entity);
    r.entity_id = opt_str(entity_id);
    r.before_json = opt_str(before_json);
    r.after_json = opt_str(after_json);
    r.prev_hash = prev;
    r.prev_len = sizeof(prev);
    audit_entry_hash(&r, hash);
    r.hash = hash;
    r.hash_len = sizeof(hash);
    if ((rc = store_audit_insert(a->st, &r, err)) < 0)
        goto fail;
    return store_commit(a->st, err);
fail:
    store_rollback(a->st);
    return rc;
}

/* ---- verify ---- */

struct walk {
    struct audit_verify_result *res;
    const unsigned char *anchor; /* NULL: none */
    bool anchor_seen;
};

static int broken(struct walk *w, enum audit_break why, int64_t seq, const char *fmt, ...)
    ZQ_PRINTF(4, 5);

/* Record the first broken link and stop the walk. */
static int
broken(struct walk *w, enum audit_break why, int64_t seq, const char *fmt, ...)
{
    va_list ap;

    w->res->broken = why;
    w->res->broken_seq = seq;
    va_start(ap, fmt);
    vsnprintf(w->res->reason, sizeof(w->res->reason), fmt, ap);
    va_end(ap);
    return 1;
}

static int
check_entry(void *ctx, const struct store_audit_row *r)
{
    struct walk *w = ctx;
    struct audit_verify_result *res = w->res;
    int64_t want = res->head_seq + 1;
    unsigned char h[AUDIT_HASH_LEN];

    if (r->seq < want) /* only before seq 1: the walk is in seq order */
        return broken(w, AUDIT_UNLINKED, r->seq, "序号应从 1 开始：该条是插入的");
    if (r->seq != want) {
        if (want == 1)
            return broken(w, AUDIT_MISSING, want, "该条缺失（被删除）：日志从第 %lld 条开始",
                          (long long)r->seq);
        return broken(w, AUDIT_MISSING, want, "该条缺失（被删除）：第 %lld 条之后是第 %lld 条",
                      (long long)res->head_seq, (long long)r->seq);
    }
    if (r->prev_len != AUDIT_HASH_LEN || memcmp(r->prev_hash, res->head, AUDIT_HASH_LEN) != 0) {
        if (want == 1)
            return broken(w, AUDIT_UNLINKED, want,
                          "prev_hash 不是链的起点（32 个零字节）：其前的条目被删除，"
                          "或该条被替换");
        return broken(w, AUDIT_UNLINKED, want,
                      "prev_hash 与第 %lld 条的哈希不符：第 %lld 条被改写并重算了哈希，"
                      "或该条被替换，或其间的条目被删除后重新编号",
                      (long long)res->head_seq, (long long)res->head_seq);
    }
    audit_entry_hash(r, h);
    if (r->hash_len != AUDIT_HASH_LEN || memcmp(r->hash, h, AUDIT_HASH_LEN) != 0)
        return broken(w, AUDIT_EDITED, want,
                      "内容与哈希不符，该条被修改过（操作者、时间、对象或前后内容）或是伪造的");
    if (w->anchor != NULL && memcmp(h, w->anchor, AUDIT_HASH_LEN) == 0)
        w->anchor_seen = true;
    res->entries++;
    res->head_seq = r->seq;
    memcpy(res->head, h, AUDIT_HASH_LEN);
    return 0;
}

int
audit_verify_anchored(struct app *a, const unsigned char *expect_head,
                      struct audit_verify_result *res, struct zq_err *err)
{
    static const unsigned char genesis[AUDIT_HASH_LEN];
    struct walk w = { res, expect_head, false };
    char hex[AUDIT_HEX_LEN];
    int rc;

    memset(res, 0, sizeof(*res));
    if (a->st == NULL)
        return zq_err_set(err, ZQ_EINTERNAL, "核验审计日志需要打开的数据库");
    /* the empty chain's head is the genesis value, so anchoring it always holds */
    if (expect_head != NULL && memcmp(expect_head, genesis, AUDIT_HASH_LEN) == 0)
        w.anchor_seen = true;
    if ((rc = store_audit_each(a->st, INT64_MIN, check_entry, &w, err)) < 0)
        return rc;
    if (res->broken == AUDIT_INTACT && expect_head != NULL && !w.anchor_seen)
        broken(&w, AUDIT_ANCHOR_MISSING, 0,
               "链中没有哈希为 %s 的条目：记下该链头之后，链尾被删除或被整段改写",
               audit_hex(expect_head, hex));
    return 0;
}

int
audit_verify(struct app *a, struct audit_verify_result *res, struct zq_err *err)
{
    return audit_verify_anchored(a, NULL, res, err);
}
