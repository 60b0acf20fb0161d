/*
 * clue.c - receiving clues (SPEC §7): settings, routing, ticket numbers,
 * deadlines, duplicates, the duty roster's notification, and the public and
 * staff submission bodies.  The imports of the `clues` kind share the
 * routing, ticket, duplicate and index steps (clue_route, clue_ticket_next,
 * clue_after_write).  Actions are in clue_act.c, reads in clue_read.c.
 */
#include "svc/clue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/date.h"
#include "core/idcard.h"
#include "core/log.h"
#include "core/money.h"
#include "core/phone.h"
#include "core/region.h"
#include "core/uscc.h"
#include "store/store_auth.h"
#include "store/store_import.h"
#include "svc/audit.h"

/* Money above this is a typing error (100 billion yuan), as in the imports. */
#define CLUE_MONEY_MAX ((int64_t)10000000000000)

static const char *const channels[] = { "国家平台", "12345热线", "12333热线", "网上投诉", "来访",
                                        "来信",     "信访转办",  "网络舆情",  "督查交办", "其他" };
static const char *const natures[] = { "工资", "工程款", "混合", "待核实" };

static bool
in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; s != NULL && i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}
#define IN(s, a) in_list((s), (a), sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- settings */

static int
get_int(const struct config *cfg, const char *key, int lo, int hi, int *out, struct zq_err *err)
{
    int64_t v;
    int rc;

    if ((rc = config_get_int(cfg, key, &v, err)) < 0)
        return rc;
    if (v < lo || v > hi)
        return zq_err_set(err, ZQ_EINVAL, "配置项 %s 应在 %d 到 %d 之间", key, lo, hi);
    *out = (int)v;
    return 0;
}

/* "HH:MM" into minutes after midnight; -1 when malformed. */
static int
hhmm(const char *s, size_t n)
{
    int64_t h, m;

    if (n != 5 || s[2] != ':' || str_to_i64((struct str){ s, 2 }, &h) < 0 ||
        str_to_i64((struct str){ s + 3, 2 }, &m) < 0 || h > 23 || m > 59)
        return -1;
    return (int)(h * 60 + m);
}

int
clue_settings_load(const struct config *cfg, struct clue_settings *out, struct zq_err *err)
{
    const char *hours = config_get(cfg, "clues.office_hours");
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = get_int(cfg, "clues.accept_workdays", 1, 60, &out->accept_workdays, err)) < 0 ||
        (rc = get_int(cfg, "clues.close_workdays", 1, 250, &out->close_workdays, err)) < 0 ||
        (rc = get_int(cfg, "clues.dup_days", 0, 366, &out->dup_days, err)) < 0 ||
        (rc = get_int(cfg, "clues.rate_phone_hour", 1, 1000000, &out->rate_phone, err)) < 0 ||
        (rc = get_int(cfg, "clues.rate_ip_hour", 1, 1000000, &out->rate_ip, err)) < 0 ||
        (rc = get_int(cfg, "clues.rate_query_hour", 1, 1000000, &out->rate_query, err)) < 0)
        return rc;
    if (hours == NULL || strlen(hours) != 11 || hours[5] != '-' ||
        (out->office_start = hhmm(hours, 5)) < 0 || (out->office_end = hhmm(hours + 6, 5)) < 0 ||
        out->office_end <= out->office_start)
        return zq_err_set(err, ZQ_EINVAL, "配置项 clues.office_hours 应形如 08:30-17:30");
    return 0;
}

/* ---------------------------------------------------------------- pure parts */

const char *
clue_industry_dept(const char *industry)
{
    static const char *const map[][2] = {
        { "住建", "housing" },
        { "交通", "transport" },
        { "水利", "water" },
        { "农业农村", "agri" },
    };
    for (size_t i = 0; industry != NULL && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(industry, map[i][0]) == 0)
            return map[i][1];
    return "hrss";
}

void
clue_route(const struct store_clue_route *facts, const char *stated_region, char region[10],
           char dept[16])
{
    const char *r = stated_region != NULL ? stated_region : "";

    if (facts->project_id > 0 && facts->project_region[0] != '\0')
        r = facts->project_region;
    else if (facts->ent_id > 0 && facts->ent_region[0] != '\0')
        r = facts->ent_region;
    snprintf(region, 10, "%s", r);
    snprintf(dept, 16, "%s",
             facts->project_id > 0 ? clue_industry_dept(facts->project_industry) : "hrss");
}

void
clue_ticket_format(const char *region, zq_date day, int64_t seq, char out[CLUE_TICKET_MAX])
{
    char d[DATE_STR_LEN];

    date_format(day, d);
    snprintf(out, CLUE_TICKET_MAX, "XS%s%.4s%.2s%.2s%04lld", region, d, d + 5, d + 8,
             (long long)seq);
}

bool
clue_off_hours(const struct calendar *cal, const struct clue_settings *s, int64_t ts)
{
    int64_t local = ts + 8 * 3600;
    int minute = (int)(((local % 86400) + 86400) % 86400 / 60);

    if (!calendar_is_workday(cal, ts_date(ts), NULL))
        return true;
    return minute < s->office_start || minute >= s->office_end;
}

int64_t
clue_now(void)
{
    int64_t now = ts_now();

    return now + (int64_t)(date_today() - ts_date(now)) * 86400;
}

/* ---------------------------------------------------------------- shared with imports */

int
clue_ticket_next(struct store *st, const char *region, zq_date day, char out[CLUE_TICKET_MAX],
                 struct zq_err *err)
{
    char counter[64], d[DATE_STR_LEN];
    int64_t seq;
    int rc;

    date_format(day, d);
    snprintf(counter, sizeof counter, "clue:%s:%.4s%.2s%.2s", region, d, d + 5, d + 8);
    if ((rc = store_simp_counter_next(st, counter, &seq, err)) < 0)
        return rc;
    clue_ticket_format(region, day, seq, out);
    return 0;
}

int
clue_after_write(struct store *st, const struct clue_settings *s, int64_t id,
                 const struct store_clue_dup_key *k, bool new_clue, const char *const texts[4],
                 int64_t *root, struct zq_err *err)
{
    struct store_clue_dup_key key = *k;
    int rc;

    *root = 0;
    if (new_clue && s->dup_days > 0) {
        key.except = id;
        key.until = k->until;
        key.since = k->until - (int64_t)s->dup_days * 86400;
        if ((rc = store_clue_find_dup(st, &key, root, err)) < 0)
            return rc;
        if (*root > 0 && (rc = store_clue_set_link(st, id, *root, err)) < 0)
            return rc;
    }
    return store_clue_index(st, id, texts, 4, err);
}

/* ---------------------------------------------------------------- validation */

struct clue_norm {
    char cid[IDCARD_LEN + 1], cid_masked[IDCARD_LEN + 1];
    char phone[PHONE_MAX + 1], phone_masked[PHONE_MAX + 1];
    char uscc[USCC_LEN + 1];
    char from[MONTH_STR_LEN], to[MONTH_STR_LEN];
};

static size_t
chars(const char *s)
{
    size_t n = 0;

    for (; s != NULL && *s != '\0'; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int
bad(struct zq_err *err, const char *field, const char *fmt, const char *what)
{
    zq_err_set(err, ZQ_EINVAL, fmt, what);
    zq_err_field(err, field);
    return ZQ_EINVAL;
}

static int
need_text(const char *v, const char *field, const char *title, size_t max, struct zq_err *err)
{
    if (v == NULL || str_trim(str_from(v)).len == 0)
        return bad(err, field, "缺少%s", title);
    if (chars(v) > max) {
        zq_err_set(err, ZQ_EINVAL, "%s过长（最多 %zu 个字）", title, max);
        zq_err_field(err, field);
        return ZQ_EINVAL;
    }
    return 0;
}

static int
opt_month(const char *v, const char *field, char out[MONTH_STR_LEN], zq_month *m,
          struct zq_err *err)
{
    struct zq_err e;

    out[0] = '\0';
    if (v == NULL || v[0] == '\0')
        return 0;
    zq_err_clear(&e);
    if (month_parse(str_from(v), m, &e) < 0)
        return bad(err, field, "%s", e.msg);
    month_format(*m, out);
    return 0;
}

static int
validate_ids(const struct clue_input *in, struct clue_norm *n, struct zq_err *err)
{
    struct zq_err e;

    zq_err_clear(&e);
    if (in->complainant_id != NULL && in->complainant_id[0] != '\0') {
        if (idcard_parse(str_from(in->complainant_id), n->cid, &e) < 0)
            return bad(err, "complainant_id", "反映人身份证号有误：%s", e.msg);
        idcard_mask(n->cid, n->cid_masked);
    }
    if (in->phone == NULL || in->phone[0] == '\0')
        return bad(err, "phone", "缺少%s", "联系电话");
    if (phone_parse(str_from(in->phone), n->phone, &e) < 0)
        return bad(err, "phone", "联系电话有误：%s", e.msg);
    phone_mask(n->phone, n->phone_masked);
    if (in->respondent_uscc != NULL && in->respondent_uscc[0] != '\0' &&
        uscc_parse(str_from(in->respondent_uscc), n->uscc, &e) < 0)
        return bad(err, "respondent_uscc", "被反映单位统一社会信用代码有误：%s", e.msg);
    return 0;
}

static int
validate(struct app *a, const struct clue_input *in, struct clue_norm *n, struct zq_err *err)
{
    const struct region_table *rt;
    zq_month m1 = 0, m2 = 0;
    int rc;

    memset(n, 0, sizeof *n);
    if (!IN(in->channel, channels))
        return bad(err, "channel", "来源渠道应为国家平台、12345热线、12333热线、网上投诉等%s",
                   "（见 SPEC §4）");
    if ((rc = need_text(in->complainant, "complainant", "反映人", 50, err)) < 0 ||
        (rc = validate_ids(in, n, err)) < 0 ||
        (rc = need_text(in->respondent, "respondent", "被反映单位", 100, err)) < 0 ||
        (rc = need_text(in->description, "description", "情况描述", 2000, err)) < 0)
        return rc;
    if (in->project_name != NULL && chars(in->project_name) > 200)
        return bad(err, "project_name", "%s过长（最多 200 个字）", "项目名称");
    if (in->project_code != NULL && strlen(in->project_code) > 64)
        return bad(err, "project_code", "%s过长（最多 64 个字符）", "项目编号");
    if ((rc = app_regions(a, &rt, err)) < 0)
        return rc;
    if (in->region_code == NULL || region_find(rt, in->region_code) == NULL)
        return bad(err, "region_code", "%s不是有效的行政区划代码（GB/T 2260）", "地区代码");
    if (!IN(in->nature, natures))
        return bad(err, "nature", "诉求性质应为工资、工程款、混合或待核实%s", "");
    if (in->people < 0 || in->people > 1000000)
        return bad(err, "people", "%s应为 0 到 1000000 之间的整数", "涉及人数");
    if (in->amount < 0 || in->amount > CLUE_MONEY_MAX)
        return bad(err, "amount", "%s超出范围", "涉及金额");
    if ((rc = opt_month(in->period_from, "period_from", n->from, &m1, err)) < 0 ||
        (rc = opt_month(in->period_to, "period_to", n->to, &m2, err)) < 0)
        return rc;
    if (n->from[0] && n->to[0] && m2 < m1)
        return bad(err, "period_to", "%s早于欠薪起始月份", "欠薪截止月份");
    if (in->received_at > clue_now() + 300)
        return bad(err, "received_at", "%s不能晚于当前时间", "接收时间");
    return 0;
}

/* ---------------------------------------------------------------- intake */

struct duty_note {
    struct store *st;
    const char *ticket, *message;
    int64_t now;
    int count;
    struct zq_err *err;
};

static int
notify_one(void *ctx, int64_t user_id, const char *username)
{
    struct duty_note *d = ctx;
    int rc;

    (void)username;
    if ((rc = store_notify(d->st, user_id, "clue_duty", "clue", d->ticket, d->message, d->now,
                           d->err)) < 0)
        return rc;
    d->count++;
    return 0;
}

/* Notify whoever is on duty for the clue's region, or for the nearest
 * region above it that has someone ("有人接、有人管"). */
static int
notify_duty(struct app *a, const struct store_clue *c, int64_t at, int *count, struct zq_err *err)
{
    const struct region_table *rt;
    const struct region *r;
    char msg[600];
    struct duty_note d = { a->st, c->ticket, msg, at, 0, err };
    int rc;

    *count = 0;
    if ((rc = app_regions(a, &rt, err)) < 0)
        return rc;
    snprintf(msg, sizeof msg, "非工作时间收到欠薪投诉 %s（被反映单位：%.300s），请及时处置",
             c->ticket, c->respondent);
    for (r = region_find(rt, c->region); r != NULL && d.count == 0; r = region_parent(rt, r))
        if ((rc = store_duty_on(a->st, r->code, at, notify_one, &d, err)) < 0)
            return rc;
    if (d.count == 0)
        log_warn("线索 %s 在非工作时间收到，但地区 %s 无人值班", c->ticket, c->region);
    *count = d.count;
    return 0;
}

static void
seal(const struct pii_keys *k, const char *v, unsigned char *buf, unsigned char hash[PII_HASH_LEN],
     struct store_val *enc, struct store_val *h, struct store_val *masked, const char *m)
{
    size_t n = strlen(v);

    pii_hash(k, v, n, hash);
    *enc = (struct store_val){ .t = STORE_BLOB, .p = buf, .n = pii_seal(k, v, n, buf) };
    *h = (struct store_val){ .t = STORE_BLOB, .p = hash, .n = PII_HASH_LEN };
    *masked = (struct store_val){ .t = STORE_TEXT, .p = m, .n = strlen(m) };
}

static struct store_val
vtext(const char *s)
{
    if (s == NULL || s[0] == '\0')
        return (struct store_val){ .t = STORE_NULL };
    return (struct store_val){ .t = STORE_TEXT, .p = s, .n = strlen(s) };
}

static struct store_val
vint(int64_t i)
{
    return (struct store_val){ .t = STORE_INT, .i = i };
}

struct intake {
    struct clue_norm n;
    struct store_clue_route facts;
    char province[REGION_PROVINCE_LEN];
    unsigned char cbuf[64 + PII_SEAL_OVERHEAD], pbuf[64 + PII_SEAL_OVERHEAD];
    unsigned char ch[PII_HASH_LEN], ph[PII_HASH_LEN];
    struct store_val v[SCI__N];
};

static void
fill_values(struct intake *t, const struct pii_keys *k, const struct clue_input *in,
            const struct clue_receipt *r)
{
    struct store_val *v = t->v;

    v[SCI_TICKET] = vtext(r->ticket);
    v[SCI_CHANNEL] = vtext(in->channel);
    v[SCI_EXTERNAL_ID] = vtext(in->external_id);
    v[SCI_RECEIVED_AT] = vint(in->received_at);
    v[SCI_PROVINCE] = vtext(t->province);
    v[SCI_REGION] = vtext(r->region);
    v[SCI_DEPT] = vtext(r->dept);
    v[SCI_FIRST_REGION] = vtext(r->region);
    v[SCI_COMPLAINANT] = vtext(in->complainant);
    v[SCI_CID_ENC] = v[SCI_CID_HASH] = v[SCI_CID_MASKED] = vtext(NULL);
    if (t->n.cid[0] != '\0')
        seal(k, t->n.cid, t->cbuf, t->ch, &v[SCI_CID_ENC], &v[SCI_CID_HASH], &v[SCI_CID_MASKED],
             t->n.cid_masked);
    seal(k, t->n.phone, t->pbuf, t->ph, &v[SCI_PHONE_ENC], &v[SCI_PHONE_HASH], &v[SCI_PHONE_MASKED],
         t->n.phone_masked);
    v[SCI_RESPONDENT] = vtext(in->respondent);
    v[SCI_RESPONDENT_USCC] = vtext(t->n.uscc);
    v[SCI_RESPONDENT_ID] = t->facts.ent_id ? vint(t->facts.ent_id) : vtext(NULL);
    v[SCI_PROJECT] = t->facts.project_id ? vint(t->facts.project_id) : vtext(NULL);
    v[SCI_PROJECT_CODE] = vtext(in->project_code);
    v[SCI_PROJECT_NAME] = vtext(in->project_name);
    v[SCI_NATURE] = vtext(in->nature);
    v[SCI_PEOPLE] = vint(in->people);
    v[SCI_AMOUNT] = vint(in->amount);
    v[SCI_PERIOD_FROM] = vtext(t->n.from);
    v[SCI_PERIOD_TO] = vtext(t->n.to);
    v[SCI_DESCRIPTION] = vtext(in->description);
    v[SCI_STATUS] = vtext(CLUE_PENDING);
    v[SCI_ACCEPT_BY] = vtext(r->accept_by);
    v[SCI_LINKED_TO] = vtext(NULL);
    v[SCI_NOW] = vint(ts_now());
}

static int
audit_receipt(struct app *a, const char *actor, const struct clue_input *in,
              const struct clue_receipt *r, struct zq_err *err)
{
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "status", CLUE_PENDING, "channel",
                          in->channel, "region_code", r->region, "dept", r->dept, "accept_by",
                          r->accept_by, "nature", in->nature, "linked_to", r->linked_ticket);
    char *after = j ? json_dumps(j, JSON_COMPACT) : NULL;
    int rc = audit_append(a, actor, "clue.receive", "clue", r->ticket, NULL, after, err);

    free(after);
    json_decref(j);
    return rc;
}

static int
write_clue(struct app *a, struct intake *t, const struct clue_input *in, struct clue_receipt *out,
           struct zq_err *err)
{
    const struct pii_keys *k;
    const struct calendar *cal;
    struct clue_settings s;
    struct store_clue_dup_key key = { 0 };
    const char *texts[4] = { in->complainant, in->respondent, in->project_name,
                             t->facts.project_name };
    zq_date day = ts_date(in->received_at);
    int64_t root;
    int rc;

    if ((rc = app_pii(a, &k, err)) < 0 || (rc = app_calendar(a, &cal, err)) < 0 ||
        (rc = clue_settings_load(a->cfg, &s, err)) < 0)
        return rc;
    date_format(calendar_add_workdays(cal, day, s.accept_workdays, NULL), out->accept_by);
    if ((rc = clue_ticket_next(a->st, out->region, day, out->ticket, err)) < 0)
        return rc;
    fill_values(t, k, in, out);
    if ((rc = store_clue_insert(a->st, t->v, &out->id, err)) < 0)
        return rc;
    key.cid_hash = t->n.cid[0] ? t->ch : NULL;
    key.phone_hash = t->ph;
    key.hash_len = PII_HASH_LEN;
    key.project_id = t->facts.project_id;
    key.respondent = in->respondent;
    key.respondent_uscc = t->n.uscc;
    key.until = in->received_at;
    if ((rc = clue_after_write(a->st, &s, out->id, &key, true, texts, &root, err)) < 0)
        return rc;
    if (root > 0) {
        struct store_clue c;
        bool found;
        if ((rc = store_clue_get(a->st, NULL, out->ticket, &c, &found, err)) < 0)
            return rc;
        snprintf(out->linked_ticket, sizeof out->linked_ticket, "%s", c.linked_ticket);
    }
    return 0;
}

int
clue_receive(struct app *a, const char *actor, int64_t actor_id, const struct clue_input *in,
             bool notify, struct clue_receipt *out, struct zq_err *err)
{
    struct intake *t = zq_calloc(1, sizeof *t);
    const struct calendar *cal;
    struct clue_settings s;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = validate(a, in, &t->n, err)) < 0 || (rc = app_calendar(a, &cal, err)) < 0 ||
        (rc = clue_settings_load(a->cfg, &s, err)) < 0)
        goto done;
    if ((rc = store_begin(a->st, err)) < 0)
        goto done;
    if ((rc = store_clue_route_facts(a->st, in->project_code, t->n.uscc, &t->facts, err)) < 0)
        goto fail;
    clue_route(&t->facts, in->region_code, out->region, out->dept);
    if (!region_province_code(out->region, t->province)) {
        rc = bad(err, "region_code", "%s无法确定所属省份", "地区代码");
        goto fail;
    }
    if ((rc = write_clue(a, t, in, out, err)) < 0 ||
        (rc = store_clue_event(a->st, out->id, ts_now(), actor_id, actor, "receive", NULL,
                               CLUE_PENDING, out->linked_ticket[0] ? out->linked_ticket : "",
                               err)) < 0)
        goto fail;
    if (notify && clue_off_hours(cal, &s, in->received_at)) {
        struct store_clue c;
        bool found;
        if ((rc = store_clue_get(a->st, NULL, out->ticket, &c, &found, err)) < 0 ||
            (rc = notify_duty(a, &c, in->received_at, &out->notified, err)) < 0 ||
            (out->notified > 0 &&
             (rc = store_clue_event(a->st, out->id, ts_now(), 0, "system", "notify_duty", NULL,
                                    NULL, "已通知值班人员", err)) < 0))
            goto fail;
    }
    if ((rc = audit_receipt(a, actor, in, out, err)) < 0)
        goto fail;
    rc = store_commit(a->st, err);
    goto done;
fail:
    store_rollback(a->st);
done:
    zq_free(t);
    return rc;
}

/* ---------------------------------------------------------------- bodies */

static int
jstr(const json_t *body, const char *key, const char **out, struct zq_err *err)
{
    const json_t *v = json_object_get(body, key);

    *out = NULL;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return bad(err, key, "字段“%s”应为字符串", key);
    *out = json_string_value(v);
    return 0;
}

static int
body_input(const json_t *body, struct clue_input *in, struct zq_err *err)
{
    static const char *const keys[] = { "complainant",  "complainant_id",  "phone",
                                        "respondent",   "respondent_uscc", "project_name",
                                        "project_code", "region_code",     "nature",
                                        "period_from",  "period_to",       "description",
                                        "amount" };
    const char **slots[] = { &in->complainant,
                             &in->complainant_id,
                             &in->phone,
                             &in->respondent,
                             &in->respondent_uscc,
                             &in->project_name,
                             &in->project_code,
                             &in->region_code,
                             &in->nature,
                             &in->period_from,
                             &in->period_to,
                             &in->description,
                             NULL };
    const char *amount = NULL;
    const json_t *people;
    struct zq_err e;
    int rc;

    if (!json_is_object(body))
        return zq_err_set(err, ZQ_ESYNTAX, "请求体应为 JSON 对象");
    slots[12] = &amount;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if ((rc = jstr(body, keys[i], slots[i], err)) < 0)
            return rc;
    people = json_object_get(body, "people");
    if (people == NULL || json_is_null(people))
        return bad(err, "people", "缺少%s", "涉及人数");
    if (!json_is_integer(people))
        return bad(err, "people", "字段“%s”应为整数", "people");
    in->people = json_integer_value(people);
    if (amount == NULL)
        return bad(err, "amount", "缺少%s（以元为单位的字符串，如 \"12345.67\"）", "涉及金额");
    zq_err_clear(&e);
    if (money_parse(str_from(amount), &in->amount, &e) < 0 || in->amount < 0)
        return bad(err, "amount", "涉及金额有误：%s", e.msg[0] ? e.msg : "不能为负数");
    return 0;
}

int
clue_check_body(struct app *a, const json_t *body, struct zq_err *err)
{
    struct clue_input in = { .channel = "网上投诉" };
    struct clue_norm n;
    int rc;

    if ((rc = body_input(body, &in, err)) < 0)
        return rc;
    in.received_at = clue_now();
    return validate(a, &in, &n, err);
}

int
clue_public_submit(struct app *a, const json_t *body, const char *client, struct clue_receipt *out,
                   struct zq_err *err)
{
    struct clue_input in = { .channel = "网上投诉" };
    struct clue_settings s;
    char bucket[128], phone[PHONE_MAX + 1];
    unsigned char h[PII_HASH_LEN];
    const struct pii_keys *k;
    int64_t hits, now = ts_now();
    struct zq_err e;
    int rc;

    if ((rc = clue_settings_load(a->cfg, &s, err)) < 0 || (rc = app_pii(a, &k, err)) < 0)
        return rc;
    snprintf(bucket, sizeof bucket, "clue-ip:%.100s", client ? client : "");
    if ((rc = store_rate_hit(a->st, bucket, 3600, now, &hits, err)) < 0)
        return rc;
    if (hits > s.rate_ip)
        return zq_err_set(err, ZQ_ELIMIT, "提交过于频繁，请一小时后再试");
    if ((rc = body_input(body, &in, err)) < 0)
        return rc;
    /* the same phone, however written, is one bucket (its keyed hash); only
     * complaints received count against it */
    zq_err_clear(&e);
    bucket[0] = '\0';
    if (in.phone != NULL && phone_parse(str_from(in.phone), phone, &e) == 0) {
        char hex[2 * PII_HASH_LEN + 1];
        pii_hash(k, phone, strlen(phone), h);
        for (size_t i = 0; i < PII_HASH_LEN; i++)
            snprintf(hex + 2 * i, 3, "%02x", h[i]);
        snprintf(bucket, sizeof bucket, "clue-phone:%s", hex);
        if ((rc = store_rate_peek(a->st, bucket, 3600, now, &hits, err)) < 0)
            return rc;
        if (hits >= s.rate_phone)
            return zq_err_set(err, ZQ_ELIMIT, "该手机号提交过于频繁，请一小时后再试");
    }
    in.received_at = clue_now();
    if ((rc = clue_receive(a, "public", 0, &in, true, out, err)) < 0 || bucket[0] == '\0')
        return rc;
    return store_rate_hit(a->st, bucket, 3600, now, &hits, err);
}

int
clue_staff_submit(struct app *a, const struct principal *p, const json_t *body,
                  struct clue_receipt *out, struct zq_err *err)
{
    struct clue_input in = { 0 };
    const char *received = NULL;
    struct zq_err e;
    int rc;

    if ((rc = body_input(body, &in, err)) < 0 ||
        (rc = jstr(body, "channel", &in.channel, err)) < 0 ||
        (rc = jstr(body, "external_id", &in.external_id, err)) < 0 ||
        (rc = jstr(body, "received_at", &received, err)) < 0)
        return rc;
    if (in.channel == NULL)
        return bad(err, "channel", "缺少%s", "来源渠道");
    in.received_at = clue_now();
    zq_err_clear(&e);
    if (received != NULL && ts_parse(str_from(received), &in.received_at, &e) < 0)
        return bad(err, "received_at", "接收时间有误：%s", e.msg);
    if (in.external_id != NULL && strlen(in.external_id) > 64)
        return bad(err, "external_id", "%s过长（最多 64 个字符）", "外部编号");
    /* a staff member enters clues for the region of the scope only */
    if (p != NULL && in.region_code != NULL) {
        struct store_clue_scope sc;
        clue_scope(p, &sc);
        if (sc.none || strcmp(in.region_code, sc.region_lo) < 0 ||
            strcmp(in.region_code, sc.region_hi) > 0)
            return bad(err, "region_code", "%s不在您的管辖范围内", "地区代码");
    }
    return clue_receive(a, p != NULL ? p->actor : "cli", p != NULL ? p->id : 0, &in, false, out,
                        err);
}
