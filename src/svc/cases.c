/*
 * cases.c - opening a case (from verified clues or an inspection), the
 * liable chain, the case number, the 限时办结 deadline, and the helpers the
 * other case files share (request fields, events and audit entries,
 * workers owed).  The actions on an open case are in cases_act.c, the reads
 * in cases_view.c, the emergency fund in fund.c.
 */
#include "svc/cases.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/idcard.h"
#include "core/money.h"
#include "core/str.h"
#include "core/uscc.h"
#include "store/store_auth.h"
#include "store/store_import.h"
#include "svc/audit.h"
#include "svc/cases_int.h"
#include "svc/notify.h"

/* ---------------------------------------------------------------- scope */

void
case_scope_p(const struct principal *p, struct store_scope *sc)
{
    if (p != NULL) {
        auth_scope(p, sc);
        return;
    }
    memset(sc, 0, sizeof *sc);
    snprintf(sc->region_lo, sizeof sc->region_lo, "0");
    snprintf(sc->region_hi, sizeof sc->region_hi, "999999999");
}

void
case_scope(const struct case_who *w, struct store_scope *sc)
{
    case_scope_p(w->p, sc);
}

/* ---------------------------------------------------------------- fields */

int
cj_bad(struct zq_err *err, const char *field, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    zq_err_vset(err, ZQ_EINVAL, fmt, ap);
    va_end(ap);
    zq_err_field(err, field);
    return ZQ_EINVAL;
}

const char *
cj_str(const json_t *req, const char *key)
{
    const json_t *v = json_object_get(req, key);

    return json_is_string(v) ? json_string_value(v) : NULL;
}

int
cj_text(const json_t *req, const char *key, bool required, size_t max, const char **out,
        struct zq_err *err)
{
    const json_t *v = json_object_get(req, key);

    if (v == NULL || json_is_null(v)) {
        if (required)
            return cj_bad(err, key, "缺少字段“%s”", key);
        return 0;
    }
    if (!json_is_string(v))
        return cj_bad(err, key, "字段“%s”应为字符串", key);
    if (json_string_length(v) > max)
        return cj_bad(err, key, "字段“%s”过长（上限 %zu 字节）", key, max);
    if (required && json_string_length(v) == 0)
        return cj_bad(err, key, "字段“%s”不能为空", key);
    *out = json_string_value(v);
    return 0;
}

int
cj_money(const json_t *req, const char *key, bool required, int64_t *fen, struct zq_err *err)
{
    const json_t *v = json_object_get(req, key);

    if (v == NULL || json_is_null(v)) {
        if (required)
            return cj_bad(err, key, "缺少金额“%s”", key);
        return 0;
    }
    if (json_is_integer(v) && json_integer_value(v) >= 0 &&
        json_integer_value(v) <= INT64_MAX / 100) {
        *fen = json_integer_value(v) * 100;
        return 0;
    }
    if (!json_is_string(v) || money_parse(str_from(json_string_value(v)), fen, NULL) < 0 ||
        *fen < 0)
        return cj_bad(err, key, "金额“%s”应为不超过两位小数的元数，如“1234.50”", key);
    return 0;
}

int
cj_date(const json_t *req, const char *key, zq_date def, zq_date *out, struct zq_err *err)
{
    const json_t *v = json_object_get(req, key);

    *out = def;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_string(v) || json_string_length(v) != 10 ||
        date_parse(str_from(json_string_value(v)), out, NULL) < 0)
        return cj_bad(err, key, "日期“%s”应为 YYYY-MM-DD", key);
    return 0;
}

int
cj_int(const json_t *req, const char *key, int64_t *out, struct zq_err *err)
{
    const json_t *v = json_object_get(req, key);

    if (v == NULL || json_is_null(v))
        return 0;
    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        *out = json_integer_value(v);
        return 0;
    }
    if (json_is_string(v) && str_to_i64(str_from(json_string_value(v)), out) == 0 && *out >= 0)
        return 0;
    return cj_bad(err, key, "字段“%s”应为非负整数", key);
}

/* ---------------------------------------------------------------- events */

json_t *
case_facts_json(const struct sc_case *c)
{
    char a[MONEY_STR_LEN], b[MONEY_STR_LEN];

    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "status", c->status,
                     "region_code", c->region, "amount", money_format(c->amount, a), "paid",
                     money_format(c->paid, b), "deadline_on", c->deadline_on, "supervision_level",
                     c->supervision, "police_on", c->police_on, "court_on", c->court_on,
                     "closed_on", c->closed_on, "handlers", (json_int_t)c->handlers, "workers",
                     (json_int_t)c->workers);
}

int
case_record(struct app *a, const struct case_who *w, const struct sc_case *before, int64_t case_id,
            const char *action, const char *note, const json_t *detail, struct zq_err *err)
{
    struct sc_case after;
    json_t *d = detail != NULL ? json_deep_copy(detail) : json_object();
    json_t *bj = before != NULL ? case_facts_json(before) : NULL, *aj = NULL;
    char *dtext = NULL, *btext = NULL, *atext = NULL;
    struct store_val p[6];
    bool found;
    int rc;

    json_object_set_new(d, "actor", json_string(w->actor));
    dtext = json_dumps(d, JSON_COMPACT);
    p[0] = (struct store_val){ .t = STORE_INT, .i = case_id };
    p[1] = (struct store_val){ .t = STORE_INT, .i = ts_now() };
    p[2] = w->user_id > 0 ? (struct store_val){ .t = STORE_INT, .i = w->user_id }
                          : (struct store_val){ .t = STORE_NULL };
    p[3] = (struct store_val){ .t = STORE_TEXT, .p = action, .n = strlen(action) };
    p[4] =
        (struct store_val){ .t = STORE_TEXT, .p = note ? note : "", .n = note ? strlen(note) : 0 };
    p[5] = (struct store_val){ .t = STORE_TEXT, .p = dtext, .n = strlen(dtext) };
    if ((rc = store_case_write(a->st, SCW_EVENT, p, 6, NULL, NULL, err)) < 0 ||
        (rc = store_case_by_id(a->st, case_id, &after, &found, err)) < 0)
        goto out;
    aj = case_facts_json(&after);
    json_object_set_new(aj, "action", json_string(action));
    json_object_set(aj, "request", d);
    btext = bj != NULL ? json_dumps(bj, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    atext = json_dumps(aj, JSON_COMPACT | JSON_SORT_KEYS);
    rc = audit_append(a, w->actor, action, "case", after.case_no, btext, atext, err);
out:
    free(dtext);
    free(btext);
    free(atext);
    json_decref(d);
    json_decref(bj);
    json_decref(aj);
    return rc;
}

/* ---------------------------------------------------------------- workers */

int
case_worker_ref(struct app *a, const json_t *item, const char *field, int64_t *worker_id,
                struct zq_err *err)
{
    const struct pii_keys *k = NULL;
    unsigned char hash[PII_HASH_LEN], sealed[IDCARD_LEN + PII_SEAL_OVERHEAD];
    char id[IDCARD_LEN + 1], masked[IDCARD_LEN + 1];
    struct store_val w[WK__N];
    const char *idn = cj_str(item, "id_number"), *name = cj_str(item, "name");
    int64_t wid = 0;
    size_t n;
    int rc;

    if (cj_int(item, "worker_id", &wid, err) < 0)
        return ZQ_EINVAL;
    if (wid > 0) {
        *worker_id = wid;
        return 0;
    }
    if (idn == NULL)
        return cj_bad(err, field, "请为每名劳动者提供 worker_id 或身份证号 id_number");
    if (idcard_parse(str_from(idn), id, err) < 0) {
        zq_err_field(err, field);
        return ZQ_EINVAL;
    }
    if ((rc = app_pii(a, &k, err)) < 0)
        return rc;
    pii_hash(k, id, strlen(id), hash);
    n = pii_seal(k, id, strlen(id), sealed);
    idcard_mask(id, masked);
    memset(w, 0, sizeof w);
    w[WK_HASH] = (struct store_val){ .t = STORE_BLOB, .p = hash, .n = PII_HASH_LEN };
    w[WK_ENC] = (struct store_val){ .t = STORE_BLOB, .p = sealed, .n = n };
    w[WK_MASKED] = (struct store_val){ .t = STORE_TEXT, .p = masked, .n = strlen(masked) };
    w[WK_NAME] =
        (struct store_val){ .t = STORE_TEXT, .p = name ? name : "", .n = name ? strlen(name) : 0 };
    w[WK_PHONE_ENC] = w[WK_PHONE_HASH] = w[WK_PHONE_MASKED] = (struct store_val){ .t = STORE_NULL };
    return store_simp_worker(a->st, w, false, ts_now(), worker_id, err);
}

static int
owed_add(void *ctx, const struct sc_worker *w)
{
    struct case_owed *o = ctx;

    o->w = zq_grow(o->w, sizeof *o->w, o->n + 1, &o->cap);
    o->w[o->n++] = *w;
    return 0;
}

int
case_owed_load(struct app *a, int64_t case_id, struct case_owed *o, struct zq_err *err)
{
    memset(o, 0, sizeof *o);
    return store_case_workers(a->st, case_id, owed_add, o, err);
}

void
case_owed_free(struct case_owed *o)
{
    zq_free(o->w);
    memset(o, 0, sizeof *o);
}

struct sc_worker *
case_owed_find(struct case_owed *o, int64_t worker_id)
{
    for (size_t i = 0; i < o->n; i++)
        if (o->w[i].worker_id == worker_id)
            return &o->w[i];
    return NULL;
}

int
case_lines(struct app *a, const json_t *req, struct case_owed *o, struct case_line **lines,
           size_t *n, int64_t *total, struct zq_err *err)
{
    const json_t *arr = json_object_get(req, "lines"), *it;
    char m1[MONEY_STR_LEN], m2[MONEY_STR_LEN];
    size_t i, cap = 0;
    int rc;

    *lines = NULL;
    *n = 0;
    *total = 0;
    if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > 10000)
        return cj_bad(err, "lines", "请按劳动者列出清偿明细 lines：[{\"worker_id\", \"amount\"}]");
    for (i = 0; (it = json_array_get(arr, i)) != NULL; i++) {
        struct case_line l = { 0, 0 };
        struct sc_worker *w;
        if (!json_is_object(it))
            return cj_bad(err, "lines", "清偿明细第 %zu 项应为对象", i + 1);
        if ((rc = case_worker_ref(a, it, "lines", &l.worker_id, err)) < 0 ||
            (rc = cj_money(it, "amount", true, &l.amount, err)) < 0)
            return rc;
        if (l.amount <= 0)
            return cj_bad(err, "lines", "清偿明细第 %zu 项的金额应大于零", i + 1);
        if ((w = case_owed_find(o, l.worker_id)) == NULL)
            return cj_bad(err, "lines", "清偿明细第 %zu 项的劳动者不在本案的欠薪名单中", i + 1);
        if (w->paid + l.amount > w->owed)
            return cj_bad(err, "lines", "%s 尚欠 %s 元，本次清偿 %s 元超出尚欠金额", w->name,
                          money_format(w->owed - w->paid, m1), money_format(l.amount, m2));
        w->paid += l.amount; /* a worker listed twice is checked against the sum */
        *lines = zq_grow(*lines, sizeof **lines, *n + 1, &cap);
        (*lines)[(*n)++] = l;
        *total += l.amount;
    }
    return 0;
}

/* ---------------------------------------------------------------- deadlines */

static int
cfg_int(const struct config *cfg, const char *key, int def)
{
    int64_t v = def;

    if (config_get_int(cfg, key, &v, NULL) < 0 || v < 0 || v > 1000)
        return def;
    return (int)v;
}

zq_date
case_deadline(const struct calendar *cal, const struct config *cfg, zq_date filed)
{
    return calendar_add_workdays(cal, filed, cfg_int(cfg, "cases.deadline_workdays", 60), NULL);
}

zq_date
case_extended_deadline(const struct calendar *cal, const struct config *cfg, zq_date deadline)
{
    return calendar_add_workdays(cal, deadline, cfg_int(cfg, "cases.extension_workdays", 30), NULL);
}

/* ---------------------------------------------------------------- create */

/* What a new case is made of, gathered before anything is written. */
struct new_case {
    int64_t project_id, debtor_id, builder_id, contractor_id, leader_id, people, amount;
    char region[10], province[8], debtor_uscc[20], debtor_name[256], period_from[8];
    const char *origin, *plan;
    zq_date filed;
    bool illegal_sub;
    int64_t clue_ids[64];
    size_t nclues;
};

static int
take_clues(struct app *a, const struct case_who *w, const json_t *arr, struct new_case *nc,
           struct zq_err *err)
{
    struct store_scope sc;
    const json_t *it;
    size_t i;
    int rc;

    case_scope(w, &sc);
    if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > 64)
        return cj_bad(err, "clues", "clues 应为 1 到 64 个线索编号");
    for (i = 0; (it = json_array_get(arr, i)) != NULL; i++) {
        struct sc_clue c;
        bool found;
        if (!json_is_string(it))
            return cj_bad(err, "clues", "线索编号应为字符串");
        if ((rc = store_case_clue(a->st, &sc, json_string_value(it), &c, &found, err)) < 0)
            return rc;
        if (!found)
            return zq_err_set(err, ZQ_ENOTFOUND, "线索 %s 不存在或不在您的管辖范围内",
                              json_string_value(it));
        if (strcmp(c.status, "查实") != 0)
            return zq_err_set(err, ZQ_ECONFLICT, "线索 %s 的状态为“%s”，只有“查实”的线索可以立案",
                              c.ticket, c.status);
        if (c.case_id != 0)
            return zq_err_set(err, ZQ_ECONFLICT, "线索 %s 已并入案件，不能重复立案", c.ticket);
        if (i == 0) {
            nc->project_id = c.project_id;
            nc->debtor_id = c.respondent_id;
            snprintf(nc->region, sizeof nc->region, "%s", c.region);
            snprintf(nc->province, sizeof nc->province, "%s", c.province);
            snprintf(nc->debtor_uscc, sizeof nc->debtor_uscc, "%s", c.respondent_uscc);
            snprintf(nc->debtor_name, sizeof nc->debtor_name, "%s", c.respondent);
        } else if (c.project_id != nc->project_id ||
                   (c.project_id == 0 && strcmp(c.respondent, nc->debtor_name) != 0)) {
            return cj_bad(err, "clues", "合并立案的线索应反映同一项目（无项目时同一单位）：%s 不同",
                          c.ticket);
        }
        if (c.period_from[0] && (!nc->period_from[0] || strcmp(c.period_from, nc->period_from) < 0))
            snprintf(nc->period_from, sizeof nc->period_from, "%s", c.period_from);
        nc->people += c.people;
        nc->amount += c.amount;
        nc->clue_ids[nc->nclues++] = c.id;
    }
    nc->origin = "线索";
    return 0;
}

static int
from_inspection(struct app *a, const struct case_who *w, const json_t *req, struct new_case *nc,
                struct zq_err *err)
{
    const char *region = cj_str(req, "region_code"), *uscc = cj_str(req, "debtor_uscc");
    const char *name = cj_str(req, "debtor_name"), *project = cj_str(req, "project_code");
    char lo[10], hi[10], norm[USCC_LEN + 1], pregion[10];
    struct store_scope sc;
    int rc;

    nc->origin = "检查";
    if (project != NULL && project[0]) {
        case_scope(w, &sc);
        if ((rc = store_q_project_id(a->st, &sc, project, &nc->project_id, err)) < 0) {
            zq_err_field(err, "project_code");
            return rc;
        }
        if ((rc = store_case_project_by_code(a->st, project, &nc->project_id, pregion, err)) < 0)
            return rc;
        if (region == NULL || !region[0])
            region = pregion;
    }
    if (region == NULL || (strlen(region) != 6 && strlen(region) != 9) ||
        strspn(region, "0123456789") != strlen(region))
        return cj_bad(err, "region_code", "缺少或错误的地区代码 region_code（6 位或 9 位）");
    case_scope(w, &sc);
    auth_region_range(region, lo, hi);
    if (strcmp(region, sc.region_lo) < 0 || strcmp(region, sc.region_hi) > 0)
        return zq_err_set(err, ZQ_ENOTFOUND, "地区 %s 不在您的管辖范围内", region);
    snprintf(nc->region, sizeof nc->region, "%s", region);
    snprintf(nc->province, sizeof nc->province, "%.2s0000", region);
    if (uscc != NULL && uscc[0]) {
        if (uscc_parse(str_from(uscc), norm, err) < 0) {
            zq_err_field(err, "debtor_uscc");
            return ZQ_EINVAL;
        }
        snprintf(nc->debtor_uscc, sizeof nc->debtor_uscc, "%s", norm);
        if ((rc = store_case_enterprise(a->st, norm, &nc->debtor_id, nc->debtor_name, err)) < 0)
            return rc;
    }
    if (name != NULL && name[0])
        snprintf(nc->debtor_name, sizeof nc->debtor_name, "%s", name);
    if (!nc->debtor_name[0])
        return cj_bad(err, "debtor_name",
                      "请填写欠薪单位名称 debtor_name 或已登记企业的 debtor_uscc");
    return 0;
}

struct link {
    int64_t id;
    const char *role, *liability;
};

/* The liable chain of SPEC §7: the employer, then the general contractor
 * (条例 30: 先行清偿; 条例 36: 违法分包), then the builder (条例 29: 垫付 up to
 * the 工程款 it has not paid; 条例 36: 违法发包). */
static int
write_chain(struct app *a, int64_t case_id, const struct new_case *nc, struct zq_err *err)
{
    struct link chain[3];
    bool sub = false;
    int n = 0, rc;

    if (nc->project_id != 0 && nc->debtor_id != 0 &&
        (rc = store_case_is_sub(a->st, nc->project_id, nc->debtor_id, &sub, err)) < 0)
        return rc;
    if (nc->debtor_id != 0)
        chain[n++] = (struct link){ nc->debtor_id,
                                    nc->debtor_id == nc->contractor_id ? "施工总承包"
                                    : sub                              ? "分包单位"
                                                                       : "用人单位",
                                    "用人单位：直接清偿拖欠的工资（条例第十六条）" };
    if (nc->contractor_id != 0 && nc->contractor_id != nc->debtor_id)
        chain[n++] = (struct link){
            nc->contractor_id, "施工总承包",
            nc->illegal_sub ? "违法分包、转包或允许挂靠的，由施工总承包单位清偿（条例第三十六条）"
                            : "分包单位拖欠的，由施工总承包单位先行清偿，再依法追偿（条例第三十条）"
        };
    if (nc->builder_id != 0 && nc->builder_id != nc->debtor_id)
        chain[n++] = (struct link){
            nc->builder_id, "建设单位",
            nc->illegal_sub ? "违法发包给不具备资质的单位或个人的，由建设单位清偿（条例第三十六条）"
                            : "未按约定及时足额支付工程款导致欠薪的，以未结清的工程款为限先行垫付（"
                              "条例第二十九条）"
        };
    for (int i = 0; i < n; i++) {
        struct store_val p[5] = {
            { .t = STORE_INT, .i = case_id },
            { .t = STORE_INT, .i = chain[i].id },
            { .t = STORE_TEXT, .p = chain[i].role, .n = strlen(chain[i].role) },
            { .t = STORE_TEXT, .p = chain[i].liability, .n = strlen(chain[i].liability) },
            { .t = STORE_INT, .i = i + 1 },
        };
        if ((rc = store_case_write(a->st, SCW_PARTY, p, 5, NULL, NULL, err)) < 0)
            return rc;
    }
    return 0;
}

static int
next_case_no(struct app *a, const struct new_case *nc, char out[48], struct zq_err *err)
{
    char counter[48];
    int y, m, d;
    bool taken = true;
    int64_t seq;
    int rc;

    date_to_ymd(nc->filed, &y, &m, &d);
    snprintf(counter, sizeof counter, "case:%.6s:%04d", nc->region, y);
    /* numbers imported from an earlier system may already use the sequence */
    for (int tries = 0; taken && tries < 1000; tries++) {
        if ((rc = store_simp_counter_next(a->st, counter, &seq, err)) < 0)
            return rc;
        snprintf(out, 48, "AJ%.6s-%04d-%06lld", nc->region, y, (long long)seq);
        if ((rc = store_case_no_taken(a->st, out, &taken, err)) < 0)
            return rc;
    }
    return taken ? zq_err_set(err, ZQ_EINTERNAL, "无法分配案件编号") : 0;
}

static int
parse_new(struct app *a, const struct case_who *w, const json_t *req, struct new_case *nc,
          struct zq_err *err)
{
    const json_t *clues = json_object_get(req, "clues");
    const char *pf = NULL;
    int64_t people = -1, amount = -1;
    zq_month m;
    int rc;

    memset(nc, 0, sizeof *nc);
    rc = clues != NULL ? take_clues(a, w, clues, nc, err) : from_inspection(a, w, req, nc, err);
    if (rc < 0)
        return rc;
    if ((rc = cj_date(req, "filed_on", date_today(), &nc->filed, err)) < 0 ||
        (rc = cj_text(req, "plan", false, 4000, &nc->plan, err)) < 0 ||
        (rc = cj_text(req, "period_from", false, 7, &pf, err)) < 0 ||
        (rc = cj_int(req, "people", &people, err)) < 0 ||
        (rc = cj_money(req, "amount", false, &amount, err)) < 0)
        return rc;
    if (pf != NULL && pf[0]) {
        if (month_parse(str_from(pf), &m, NULL) < 0)
            return cj_bad(err, "period_from", "欠薪起始月份 period_from 应为 YYYY-MM");
        snprintf(nc->period_from, sizeof nc->period_from, "%s", pf);
    }
    if (people >= 0)
        nc->people = people;
    if (amount >= 0)
        nc->amount = amount;
    nc->illegal_sub = json_is_true(json_object_get(req, "illegal_sub"));
    if (nc->project_id != 0 && (rc = store_case_project(a->st, nc->project_id, &nc->builder_id,
                                                        &nc->contractor_id, err)) < 0)
        return rc;
    return 0;
}

static int
insert_case(struct app *a, const struct new_case *nc, const char *no, int64_t *id,
            struct zq_err *err)
{
    char filed[DATE_STR_LEN], dl[DATE_STR_LEN];
    const struct calendar *cal;
    struct store_val p[18];
    int rc;

#define T(s)                                                                                 \
    ((s) != NULL && (s)[0] ? (struct store_val){ .t = STORE_TEXT, .p = (s), .n = strlen(s) } \
                           : (struct store_val){ .t = STORE_NULL })
#define I(v)  ((struct store_val){ .t = STORE_INT, .i = (v) })
#define IN(v) ((v) != 0 ? I(v) : (struct store_val){ .t = STORE_NULL })
    if ((rc = app_calendar(a, &cal, err)) < 0)
        return rc;
    date_format(nc->filed, filed);
    date_format(case_deadline(cal, a->cfg, nc->filed), dl);
    p[0] = T(no);
    p[1] = T(nc->province);
    p[2] = T(nc->region);
    p[3] = T(nc->origin);
    p[4] = IN(nc->debtor_id);
    p[5] = T(nc->debtor_uscc);
    p[6] =
        (struct store_val){ .t = STORE_TEXT, .p = nc->debtor_name, .n = strlen(nc->debtor_name) };
    p[7] = IN(nc->project_id);
    p[8] = T(filed);
    p[9] = T(dl);
    p[10] = I(nc->people);
    p[11] = I(nc->amount);
    p[12] = T(nc->period_from);
    p[13] = T(nc->plan);
    p[14] = IN(nc->leader_id);
    p[15] = I(nc->illegal_sub ? 1 : 0);
    p[16] = I(ts_now());
    p[17] = (struct store_val){ .t = STORE_TEXT, .p = "hrss", .n = 4 };
#undef T
#undef I
#undef IN
    return store_case_write(a->st, SCW_CASE_INSERT, p, 18, id, NULL, err);
}

int
case_set_workers(struct app *a, int64_t case_id, const json_t *arr, struct zq_err *err)
{
    const json_t *it;
    size_t i;
    int rc;

    if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > 10000)
        return cj_bad(err, "workers",
                      "workers 应为劳动者及欠薪金额的列表：[{\"id_number\", \"name\", \"owed\"}]");
    for (i = 0; (it = json_array_get(arr, i)) != NULL; i++) {
        int64_t wid = 0, owed = 0;
        if (!json_is_object(it))
            return cj_bad(err, "workers", "workers 第 %zu 项应为对象", i + 1);
        if ((rc = case_worker_ref(a, it, "workers", &wid, err)) < 0 ||
            (rc = cj_money(it, "owed", true, &owed, err)) < 0)
            return rc;
        struct store_val p[3] = { { .t = STORE_INT, .i = case_id },
                                  { .t = STORE_INT, .i = wid },
                                  { .t = STORE_INT, .i = owed } };
        if ((rc = store_case_write(a->st, SCW_WORKER, p, 3, NULL, NULL, err)) < 0)
            return rc;
    }
    struct store_val q[2] = { { .t = STORE_INT, .i = case_id }, { .t = STORE_INT, .i = ts_now() } };
    return store_case_write(a->st, SCW_TOTALS, q, 2, NULL, NULL, err);
}

int
case_set_handlers(struct app *a, int64_t case_id, const char *case_no, const json_t *req,
                  bool required, struct zq_err *err)
{
    const json_t *arr = json_object_get(req, "handlers"), *it;
    const char *leader = cj_str(req, "leader"), *plan = NULL;
    struct store_user u;
    struct store_val p[4];
    bool found;
    size_t i;
    int rc;

    if (arr == NULL && !required)
        goto leader;
    if (!json_is_array(arr) || json_array_size(arr) < 2 || json_array_size(arr) > 20)
        return cj_bad(err, "handlers",
                      "立案调查须指定至少两名承办人（handlers：用户名列表，监察条例第十六条）");
    p[0] = (struct store_val){ .t = STORE_INT, .i = case_id };
    if ((rc = store_case_write(a->st, SCW_HANDLERS_CLEAR, p, 1, NULL, NULL, err)) < 0)
        return rc;
    for (i = 0; (it = json_array_get(arr, i)) != NULL; i++) {
        const char *role = i == 0 ? "承办" : "协办";
        if (!json_is_string(it))
            return cj_bad(err, "handlers", "承办人应为用户名");
        if ((rc = store_user_by_name(a->st, json_string_value(it), &u, &found, err)) < 0)
            return rc;
        if (!found || u.disabled ||
            (strcmp(u.role, "inspector") != 0 && strcmp(u.role, "dept_officer") != 0 &&
             strcmp(u.role, "leader") != 0 && strcmp(u.role, "admin") != 0))
            return cj_bad(err, "handlers", "承办人“%s”不是可用的工作人员账号",
                          json_string_value(it));
        p[1] = (struct store_val){ .t = STORE_INT, .i = u.id };
        p[2] = (struct store_val){ .t = STORE_TEXT, .p = role, .n = strlen(role) };
        if ((rc = store_case_write(a->st, SCW_HANDLER, p, 3, NULL, NULL, err)) < 0)
            return rc;
        {
            char msg[256];
            struct notice n = { "assignment", "case", case_no, msg, NULL };
            snprintf(msg, sizeof msg, "您被指定为案件 %s 的%s人，请及时办理", case_no, role);
            if ((rc = notify_user(a, u.id, &n, err)) < 0)
                return rc;
        }
    }
leader:
    if ((rc = cj_text(req, "plan", false, 4000, &plan, err)) < 0)
        return rc;
    if (leader == NULL && plan == NULL)
        return 0;
    u.id = 0;
    if (leader != NULL) {
        if ((rc = store_user_by_name(a->st, leader, &u, &found, err)) < 0)
            return rc;
        if (!found || u.disabled)
            return cj_bad(err, "leader", "包案领导“%s”不是可用的账号", leader);
    }
    p[0] = (struct store_val){ .t = STORE_INT, .i = case_id };
    p[1] = plan != NULL ? (struct store_val){ .t = STORE_TEXT, .p = plan, .n = strlen(plan) }
                        : (struct store_val){ .t = STORE_NULL };
    p[2] = u.id ? (struct store_val){ .t = STORE_INT, .i = u.id }
                : (struct store_val){ .t = STORE_NULL };
    p[3] = (struct store_val){ .t = STORE_INT, .i = ts_now() };
    return store_case_write(a->st, SCW_PLAN, p, 4, NULL, NULL, err);
}

static int
create_in_tx(struct app *a, const struct case_who *w, const json_t *req, char no[48],
             struct zq_err *err)
{
    struct new_case nc;
    json_t *detail;
    int64_t id = 0, changes;
    int rc;

    if ((rc = parse_new(a, w, req, &nc, err)) < 0 || (rc = next_case_no(a, &nc, no, err)) < 0 ||
        (rc = insert_case(a, &nc, no, &id, err)) < 0 || (rc = write_chain(a, id, &nc, err)) < 0)
        return rc;
    for (size_t i = 0; i < nc.nclues; i++) {
        struct store_val p[3] = { { .t = STORE_INT, .i = nc.clue_ids[i] },
                                  { .t = STORE_INT, .i = id },
                                  { .t = STORE_INT, .i = ts_now() } };
        if ((rc = store_case_write(a->st, SCW_CLUE_LINK, p, 3, NULL, &changes, err)) < 0)
            return rc;
        if (changes != 1)
            return zq_err_set(err, ZQ_ECONFLICT, "线索已被其他操作并入案件或改变状态，请重试");
    }
    if (json_object_get(req, "workers") != NULL &&
        (rc = case_set_workers(a, id, json_object_get(req, "workers"), err)) < 0)
        return rc;
    if ((json_object_get(req, "handlers") != NULL || json_object_get(req, "leader") != NULL) &&
        (rc = case_set_handlers(a, id, no, req, false, err)) < 0)
        return rc;
    detail = json_pack("{s:s, s:O?}", "origin", nc.origin, "clues", json_object_get(req, "clues"));
    rc = case_record(a, w, NULL, id, "立案", nc.origin, detail, err);
    json_decref(detail);
    return rc;
}

int
case_create(struct app *a, const struct case_who *w, const json_t *req, json_t **out,
            struct zq_err *err)
{
    char no[48] = "";
    int rc;

    *out = NULL;
    if (!json_is_object(req))
        return cj_bad(err, NULL, "请求体应为 JSON 对象");
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = create_in_tx(a, w, req, no, err)) < 0) {
        store_rollback(a->st);
        return rc;
    }
    if ((rc = store_commit(a->st, err)) < 0)
        return rc;
    return case_get(a, w->p, no, out, err);
}
