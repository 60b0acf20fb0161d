/*
 * rules_codec.c - a project digest in bytes, to keep it between scans.
 *
 * Layout: a version byte, then unsigned LEB128 varints (signed values
 * zigzag-encoded): registered, no_contract, has_disb, max_date, the number of
 * months, of leavers and of leaver-months; each month's numbers in the order
 * of MONTH_FIELDS and its six name lists (length, bytes); each leaver's
 * worker id, exit date and name; each leaver-month's month, worker and flags.
 * Most counts are zero, so a month takes a few dozen bytes.
 */
#include <string.h>

#include "core/alloc.h"
#include "core/str.h"
#include "rules/rules.h"

#define CODEC_VERSION 3 /* 3: lag_days, lag_lines */

/* every number of struct rf_month, in stored order */
/* clang-format off */
#define MONTH_FIELDS(X) \
    X(month) X(due_on) X(attendees) X(pay_lines) X(pay_workers) X(due_fen) \
    X(unpaid_lines) X(unpaid_workers) X(unpaid_fen) X(late_lines) X(late_last) \
    X(noline_workers) X(mismatch_workers) X(mismatch_days_paid) X(mismatch_days_att) \
    X(cash_lines) X(bank_lines) X(other_lines) X(unregistered) X(max_worker_fen) \
    X(daifa_lines) X(undisbursed_lines) X(rg_fen) X(in_fen) X(out_fen) X(lag_days) X(lag_lines)
#define MONTH_NAMES(X) X(ex_unpaid) X(ex_noline) X(ex_mismatch) X(ex_unreg) X(ex_max) X(ex_undisb)
/* clang-format on */

static int
put_u(struct buf *b, uint64_t v)
{
    unsigned char tmp[10];
    size_t n = 0;

    do {
        tmp[n] = (unsigned char)(v & 0x7F);
        v >>= 7;
        if (v)
            tmp[n] |= 0x80;
        n++;
    } while (v);
    return buf_append(b, tmp, n);
}

static int
put_i(struct buf *b, int64_t v)
{
    return put_u(b, v < 0 ? ~((uint64_t)v << 1) : (uint64_t)v << 1);
}

static int
put_s(struct buf *b, const char *s)
{
    size_t n = strlen(s);

    return put_u(b, n) < 0 ? -1 : buf_append(b, s, n);
}

int
rf_encode(const struct rf_project *r, struct buf *out)
{
    unsigned char v = CODEC_VERSION;
    int rc = buf_append(out, &v, 1);

    rc |= put_i(out, r->registered);
    rc |= put_i(out, r->no_contract);
    rc |= put_i(out, r->has_disb);
    rc |= put_i(out, r->max_date);
    rc |= put_u(out, r->nm);
    rc |= put_u(out, r->nlv);
    rc |= put_u(out, r->nlvm);
    for (size_t i = 0; i < r->nm && rc == 0; i++) {
        const struct rf_month *m = &r->m[i];
#define PUT(f) rc |= put_i(out, (int64_t)m->f);
        MONTH_FIELDS(PUT)
#undef PUT
#define PUTS(f) rc |= put_s(out, m->f);
        MONTH_NAMES(PUTS)
#undef PUTS
    }
    for (size_t i = 0; i < r->nlv && rc == 0; i++) {
        const struct rf_leaver *l = &r->lv[i];
        rc |= put_i(out, l->worker_id);
        rc |= put_i(out, l->left);
        rc |= put_s(out, l->name ? l->name : "");
    }
    for (size_t i = 0; i < r->nlvm && rc == 0; i++) {
        const struct rf_lvm *l = &r->lvm[i];
        rc |= put_i(out, l->month);
        rc |= put_i(out, l->worker_id);
        rc |= put_u(out, (l->unpaid ? 1u : 0u) | (l->noline ? 2u : 0u));
    }
    return rc < 0 ? ZQ_ETOOBIG : 0;
}

struct rd {
    const unsigned char *p, *end;
    bool bad;
};

static uint64_t
get_u(struct rd *r)
{
    uint64_t v = 0;

    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) {
            r->bad = true;
            return 0;
        }
        v |= (uint64_t)(*r->p & 0x7F) << shift;
        if (!(*r->p++ & 0x80))
            return v;
    }
    r->bad = true;
    return 0;
}

static int64_t
get_i(struct rd *r)
{
    uint64_t u = get_u(r);

    return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

/* A string into a fixed buffer (cut to fit) or, with a, into the arena. */
static const char *
get_s(struct rd *r, char *fixed, size_t cap, struct arena *a)
{
    uint64_t n = get_u(r);

    if (r->bad || n > (uint64_t)(r->end - r->p)) {
        r->bad = true;
        return "";
    }
    if (fixed != NULL) {
        size_t k = n < cap ? (size_t)n : cap - 1;
        memcpy(fixed, r->p, k);
        fixed[k] = '\0';
        r->p += n;
        return fixed;
    }
    r->p += n;
    return arena_strndup(a, (const char *)r->p - n, (size_t)n);
}

int
rf_decode(const void *data, size_t n, struct rf_project *r, struct arena *names)
{
    struct rd rd = { data, (const unsigned char *)data + n, false };
    uint64_t nm, nlv, nlvm;

    r->p = NULL;
    r->nm = r->nlv = r->nlvm = 0;
    if (n < 1 || rd.p[0] != CODEC_VERSION)
        return ZQ_EINVAL;
    rd.p++;
    r->registered = (int)get_i(&rd);
    r->no_contract = (int)get_i(&rd);
    r->has_disb = get_i(&rd) != 0;
    r->max_date = (zq_date)get_i(&rd);
    nm = get_u(&rd);
    nlv = get_u(&rd);
    nlvm = get_u(&rd);
    if (rd.bad || nm > n || nlv > n || nlvm > n)
        return ZQ_EINVAL;
    for (uint64_t i = 0; i < nm && !rd.bad; i++) {
        struct rf_month *m;
        r->m = zq_grow(r->m, sizeof(*r->m), r->nm + 1, &r->m_cap);
        m = &r->m[r->nm++];
        memset(m, 0, sizeof(*m));
#define GET(f) m->f = (__typeof__(m->f))get_i(&rd);
        MONTH_FIELDS(GET)
#undef GET
#define GETS(f) get_s(&rd, m->f, sizeof m->f, NULL);
        MONTH_NAMES(GETS)
#undef GETS
    }
    for (uint64_t i = 0; i < nlv && !rd.bad; i++) {
        struct rf_leaver *l;
        r->lv = zq_grow(r->lv, sizeof(*r->lv), r->nlv + 1, &r->lv_cap);
        l = &r->lv[r->nlv++];
        memset(l, 0, sizeof(*l));
        l->worker_id = get_i(&rd);
        l->left = (zq_date)get_i(&rd);
        l->name = get_s(&rd, NULL, 0, names);
    }
    for (uint64_t i = 0; i < nlvm && !rd.bad; i++) {
        struct rf_lvm *l;
        unsigned flags;
        r->lvm = zq_grow(r->lvm, sizeof(*r->lvm), r->nlvm + 1, &r->lvm_cap);
        l = &r->lvm[r->nlvm++];
        memset(l, 0, sizeof(*l)); /* padding too: a decoded digest compares equal to its source */
        l->month = (zq_month)get_i(&rd);
        l->worker_id = get_i(&rd);
        flags = (unsigned)get_u(&rd);
        l->unpaid = (flags & 1) != 0;
        l->noline = (flags & 2) != 0;
    }
    if (rd.bad || rd.p != rd.end) {
        r->nm = r->nlv = r->nlvm = 0;
        return ZQ_EINVAL;
    }
    return 0;
}

bool
rf_digest_reusable(const struct rule_env *env, const struct rf_project *r, zq_date made)
{
    if (made != env->as_of &&
        (r->max_date != SF_NO_DATE && (r->max_date > env->as_of || r->max_date > made)))
        return false;
    for (size_t i = 0; i < r->nm; i++)
        if (r->m[i].due_on != rule_due_date(env->cfg, env->cal, r->m[i].month))
            return false;
    return true;
}

uint64_t
rf_settings_hash(const struct rule_cfg *c)
{
    int64_t v[] = { CODEC_VERSION, c->w05_days, c->w23_days, c->w23_tolerance_fen };
    uint64_t h = 1469598103934665603ull;

    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        for (int k = 0; k < 8; k++) {
            h ^= (uint64_t)((v[i] >> (8 * k)) & 0xFF);
            h *= 1099511628211ull;
        }
    return h & 0x7FFFFFFFFFFFFFFFull; /* a positive BIGINT */
}
