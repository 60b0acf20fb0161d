/*
 * cases_act.c - the actions on an open case (docs/cases.md): handlers and
 * plan, workers owed, documents and compliance, the approved extension,
 * 督办 and 提级, settlements by payer role (with the 保证金 draw), the police
 * and court transfers, joining clues, and closing under 三不放过.
 *
 * One table row per action: its name, the handler, and the Chinese verb
 * used in messages.  Every action first requires the case to be 办理中
 * (409), then checks its own state, then its fields (422).
 */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/money.h"
#include "core/str.h"
#include "core/uscc.h"
#include "store/store_import.h"
#include "svc/cases_int.h"

typedef int (*act_fn)(struct app *a, const struct case_who *w, const struct sc_case *c,
                      const json_t *req, json_t **detail, struct zq_err *err);

#define V_INT(x)  ((struct store_val){ .t = STORE_INT, .i = (x) })
#define V_TXT(s)  ((struct store_val){ .t = STORE_TEXT, .p = (s), .n = strlen(s) })
#define V_NULL    ((struct store_val){ .t = STORE_NULL })
#define V_INTN(x) ((x) != 0 ? V_INT(x) : V_NULL)

#define conflict(err, ...) zq_err_set(err, ZQ_ECONFLICT, __VA_ARGS__)

/* ---------------------------------------------------------------- people and plan */

static int
act_assign(struct app *a, const struct case_who *w, const struct sc_case *c, const json_t *req,
           json_t **detail, struct zq_err *err)
{
    (void)w;
    *detail = json_pack("{s:O?, s:O?}", "handlers", json_object_get(req, "handlers"), "leader",
                        json_object_get(req, "leader"));
    return case_set_handlers(a, c->id, c->case_no, req, true, err);
}

static int
act_plan(struct app *a, const struct case_who *w, const struct sc_case *c, const json_t *req,
         json_t **detail, struct zq_err *err)
{
    const char *plan = NULL;
    int rc;

    (void)w;
    if ((rc = cj_text(req, "plan", true, 4000, &plan, err)) < 0)
        return rc;
    *detail = json_pack("{s:s}", "plan", plan);
    return case_set_handlers(a, c->id, c->case_no, req, false, err);
}

static int
act_workers(struct app *a, const struct case_who *w, const struct sc_case *c, const json_t *req,
            json_t **detail, struct zq_err *err)
{
    (void)w;
    *detail =
        json_pack("{s:I}", "count", (json_int_t)json_array_size(json_object_get(req, "workers")));
    return case_set_workers(a, c->id, json_object_get(req, "workers"), err);
}

/* ---------------------------------------------------------------- documents */

static bool
is_order(const char *kind)
{
    return strcmp(kind, "限期整改指令书") == 0 || strcmp(kind, "责令支付通知") == 0;
}

static int
act_document(struct app *a, const struct case_who *w, const struct sc_case *c, const json_t *req,
             json_t **detail, struct zq_err *err)
{
    static const char *const kinds[] = { "限期整改指令书", "责令支付通知", "行政处罚决定书",
                                         "其他" };
    const char *kind = NULL, *no = NULL;
    char issued_s[DATE_STR_LEN], dl_s[DATE_STR_LEN], auto_no[80];
    zq_date issued, dl;
    bool known = false;
    int rc;

    (void)w;
    /* 监察条例 16: an investigation is done by at least two inspectors */
    if (c->handlers < 2)
        return conflict(err, "案件%s尚未指定至少两名承办人，不能制发执法文书", c->case_no);
    if ((rc = cj_text(req, "kind", true, 64, &kind, err)) < 0 ||
        (rc = cj_text(req, "doc_no", false, 64, &no, err)) < 0 ||
        (rc = cj_date(req, "issued_on", date_today(), &issued, err)) < 0 ||
        (rc = cj_date(req, "deadline_on", 0, &dl, err)) < 0)
        return rc;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        known = known || strcmp(kind, kinds[i]) == 0;
    if (!known)
        return cj_bad(err, "kind",
                      "文书种类应为限期整改指令书、责令支付通知、行政处罚决定书或其他");
    if (is_order(kind) && dl == 0)
        return cj_bad(err, "deadline_on", "%s须载明整改（支付）期限 deadline_on", kind);
    if (dl != 0 && dl < issued)
        return cj_bad(err, "deadline_on", "期限早于制发日期");
    if (no == NULL || !no[0]) {
        char counter[80];
        int64_t seq = 0;
        snprintf(counter, sizeof counter, "doc:%s", c->case_no);
        if ((rc = store_simp_counter_next(a->st, counter, &seq, err)) < 0)
            return rc;
        snprintf(auto_no, sizeof auto_no, "%s-%s-%02lld", c->case_no,
                 strcmp(kind, "限期整改指令书") == 0   ? "ZL"
                 : strcmp(kind, "责令支付通知") == 0   ? "ZF"
                 : strcmp(kind, "行政处罚决定书") == 0 ? "CF"
                                                       : "QT",
                 (long long)seq);
        no = auto_no;
    }
    date_format(issued, issued_s);
    struct store_val p[6] = { V_INT(c->id),
                              V_TXT(kind),
                              V_TXT(no),
                              V_TXT(issued_s),
                              dl ? V_TXT(date_format(dl, dl_s)) : V_NULL,
                              V_INT(ts_now()) };
    if ((rc = store_case_write(a->st, SCW_DOCUMENT, p, 6, NULL, NULL, err)) < 0) {
        if (rc == ZQ_ECONFLICT || rc == ZQ_EDB)
            zq_err_set(err, ZQ_ECONFLICT, "文书编号 %s 已在本案使用", no);
        return ZQ_ECONFLICT;
    }
    *detail = json_pack("{s:s, s:s, s:s, s:s?}", "kind", kind, "doc_no", no, "issued_on", issued_s,
                        "deadline_on", dl ? dl_s : NULL);
    return 0;
}

static int
act_comply(struct app *a, const struct case_who *w, const struct sc_case *c, const json_t *req,
           json_t **detail, struct zq_err *err)
{
    const char *no = NULL;
    char d[DATE_STR_LEN];
    zq_date on;
    int64_t changes = 0;
    int rc;

    (void)w;
    if ((rc = cj_text(req, "doc_no", true, 64, &no, err)) < 0 ||
        (rc = cj_date(req, "complied_on", date_today(), &on, err)) < 0)
        return rc;
    struct store_val p[3] = { V_INT(c->id), V_TXT(no), V_TXT(date_format(on, d)) };
    if ((rc = store_case_write(a->st, SCW_COMPLY, p, 3, NULL, &changes, err)) < 0)
        return rc;
    if (changes == 0)
        return conflict(err, "本案没有编号为 %s 的未履行文书", no);
    *detail = json_pack("{s:s, s:s}", "doc_no", no, "complied_on", d);
    return 0;
}

/* ---------------------------------------------------------------- deadline, 督办, 提级 */

static int
act_extend(struct app *a, const struct case_who *w, const struct sc_case *c, const json_t *req,
           json_t **detail, struct zq_err *err)
{
    const char *approver = NULL, *reason = NULL;
    char dl_s[DATE_STR_LEN], on_s[DATE_STR_LEN];
    const struct calendar *cal;
    zq_date on, dl;
    int rc;

    (void)w;
    if (c->extended)
        return conflict(err, "案件%s已延长过一次办结期限，不能再延长", c->case_no);
    if ((rc = cj_text(req, "approver", true, 128, &approver, err)) < 0 ||
        (rc = cj_text(req, "reason", true, 2000, &reason, err)) < 0 ||
        (rc = cj_date(req, "approved_on", date_today(), &on, err)) < 0 ||
        (rc = app_calendar(a, &cal, err)) < 0)
        return rc;
    if (date_parse(str_from(c->deadline_on), &dl, NULL) < 0)
        dl = case_deadline(cal, a->cfg, on);
    dl = case_extended_deadline(cal, a->cfg, dl);
    date_format(dl, dl_s);
    date_format(on, on_s);
    struct store_val p[5] = { V_INT(c->id), V_TXT(dl_s), V_TXT(approver), V_TXT(on_s),
                              V_INT(ts_now()) };
    if ((rc = store_case_write(a->st, SCW_EXTEND, p, 5, NULL, NULL, err)) < 0)
        return rc;
    *detail = json_pack("{s:s, s:s, s:s, s:s, s:s}", "from", c->deadline_on, "to", dl_s, "approver",
                        approver, "approved_on", on_s, "reason", reason);
    return 0;
}

static int
level_rank(const char *l)
{
    static const char *const levels[] = { "none", "county", "city", "province", "national" };

    for (int i = 0; i < 5; i++)
        if (strcmp(l, levels[i]) == 0)
            return i;
    return -1;
}

static int
act_supervise(struct app *a, const struct case_who *w, const struct sc_case *c, const json_t *req,
              json_t **detail, struct zq_err *err)
{
    const char *level = NULL, *note = NULL;
    int rc;

    (void)w;
    if ((rc = cj_text(req, "level", true, 16, &level, err)) < 0 ||
        (rc = cj_text(req, "note", false, 2000, &note, err)) < 0)
        return rc;
    if (level_rank(level) < 0)
        return cj_bad(err, "level", "督办级别应为 none、county、city、province 或 national");
    if (strcmp(level, c->supervision) == 0)
        return conflict(err, "案件已是该督办级别（%s）", level);
    struct store_val p[3] = { V_INT(c->id), V_TXT(level), V_INT(ts_now()) };
    if ((rc = store_case_write(a->st, SCW_SUPERVISE, p, 3, NULL, NULL, err)) < 0)
        return rc;
    *detail = json_pack("{s:s, s:s, s:s?}", "from", c->supervision, "to", level, "note", note);
    return 0;
}

/* 提级办理: a higher region (an ancestor of the case's) takes the case over. */
static int
act_escalate(struct app *a, const struct case_who *w, const struct sc_case *c, const json_t *req,
             json_t **detail, struct zq_err *err)
{
    const char *to = NULL, *reason = NULL;
    const struct region_table *rt;
    const struct region *r;
    bool above = false;
    int rc;

    (void)w;
    if ((rc = cj_text(req, "region_code", true, 9, &to, err)) < 0 ||
        (rc = cj_text(req, "reason", true, 2000, &reason, err)) < 0 ||
        (rc = app_regions(a, &rt, err)) < 0)
        return rc;
    for (r = region_find(rt, c->region); r != NULL && !above; r = region_parent(rt, r))
        above = strcmp(r->code, to) == 0 && strcmp(to, c->region) != 0;
    if (!above)
        return cj_bad(err, "region_code", "提级办理的地区应为案件所在地区（%s）的上级", c->region);
    struct store_val p[3] = { V_INT(c->id), V_TXT(to), V_INT(ts_now()) };
    if ((rc = store_case_write(a->st, SCW_REGION, p, 3, NULL, NULL, err)) < 0)
        return rc;
    *detail = json_pack("{s:s, s:s, s:s}", "from", c->region, "to", to, "reason", reason);
    return 0;
}

/* ---------------------------------------------------------------- settlements */

static const char *const payer_roles[] = { "用人单位", "总包先行清偿", "建设单位垫付",
                                           "保证金",   "应急周转金",   "其他" };

/* The payer of a settlement by role, along the liable chain. */
static int
settle_payer(struct app *a, const struct sc_case *c, const char *role, const char *uscc,
             int64_t total, int64_t *payer, struct zq_err *err)
{
    char name[256], m1[MONEY_STR_LEN], m2[MONEY_STR_LEN], norm[USCC_LEN + 1];
    int64_t unpaid, advanced;
    int rc;

    *payer = 0;
    if (uscc != NULL && uscc[0]) {
        if (uscc_parse(str_from(uscc), norm, err) < 0) {
            zq_err_field(err, "payer_uscc");
            return ZQ_EINVAL;
        }
        if ((rc = store_case_enterprise(a->st, norm, payer, name, err)) < 0)
            return rc;
        if (*payer == 0)
            return cj_bad(err, "payer_uscc", "付款单位 %s 未登记", norm);
    }
    if (strcmp(role, "用人单位") == 0 && *payer == 0)
        *payer = c->debtor_id;
    if (strcmp(role, "总包先行清偿") == 0) {
        if (c->contractor_id == 0)
            return conflict(err, "案件%s没有关联工程项目，没有施工总承包单位可先行清偿",
                            c->case_no);
        *payer = c->contractor_id;
    }
    if (strcmp(role, "建设单位垫付") == 0) {
        if (c->builder_id == 0)
            return conflict(err, "案件%s没有关联工程项目，没有建设单位可垫付", c->case_no);
        *payer = c->builder_id;
        if (c->illegal_sub)
            return 0; /* 条例 36: liable in full, no cap */
        if ((rc = store_case_builder_cap(a->st, c->project_id, c->builder_id, &unpaid, &advanced,
                                         err)) < 0)
            return rc;
        if (advanced + total > unpaid)
            return zq_err_set(err, ZQ_ECONFLICT,
                              "建设单位垫付以未结清的工程款为限（条例第二十九条）：未结清工程款 %s "
                              "元，已垫付 %s 元，本次不能超过尚可垫付的余额",
                              money_format(unpaid, m1), money_format(advanced, m2));
    }
    return 0;
}

/* 保证金: draw the project's cash deposit (an 动用 event tied to the case);
 * W21 then watches the top-up within the configured working days. */
static int
settle_deposit(struct app *a, const struct case_who *w, const struct sc_case *c, zq_date on,
               int64_t total, int64_t *event, json_t *detail, struct zq_err *err)
{
    char d[DATE_STR_LEN], m1[MONEY_STR_LEN], due[DATE_STR_LEN];
    const struct calendar *cal;
    int64_t dep, avail, wd = 10;
    int rc;

    if (c->project_id == 0)
        return conflict(err, "案件%s没有关联工程项目，不能动用工资保证金", c->case_no);
    date_format(on, d);
    if ((rc = store_case_deposit(a->st, c->project_id, d, &dep, &avail, err)) < 0)
        return rc;
    if (dep == 0)
        return conflict(err, "项目 %s 没有可动用的现金保证金", c->project_code);
    if (avail < total)
        return zq_err_set(err, ZQ_ECONFLICT, "项目 %s 的现金保证金余额 %s 元，不足以支付本次清偿",
                          c->project_code, money_format(avail, m1));
    struct store_val p[7] = { V_INT(dep),        V_INT(total),    V_TXT(d),          V_INT(c->id),
                              V_TXT("清偿欠薪"), V_INT(ts_now()), V_INTN(w->user_id) };
    if ((rc = store_case_write(a->st, SCW_DEPOSIT_DRAW, p, 7, event, NULL, err)) < 0 ||
        (rc = app_calendar(a, &cal, err)) < 0)
        return rc;
    if (config_get_int(a->cfg, "rules.w21_workdays", &wd, NULL) < 0 || wd < 0 || wd > 3650)
        wd = 10;
    date_format(calendar_add_workdays(cal, on, (int)wd, NULL), due);
    json_object_set_new(detail, "deposit_event_id", json_integer(*event));
    json_object_set_new(detail, "top_up_by", json_string(due));
    return 0;
}

static int
act_settle(struct app *a, const struct case_who *w, const struct sc_case *c, const json_t *req,
           json_t **detail, struct zq_err *err)
{
    const char *role = NULL, *note = NULL, *uscc = cj_str(req, "payer_uscc");
    struct case_line *lines = NULL;
    struct case_owed o = { 0 };
    char d[DATE_STR_LEN], m[MONEY_STR_LEN];
    int64_t total, payer = 0, event = 0;
    bool known = false;
    size_t n = 0;
    zq_date on;
    int rc;

    if (c->workers == 0)
        return conflict(err, "案件%s尚未列明劳动者及欠薪金额，请先登记 workers", c->case_no);
    if ((rc = cj_text(req, "payer_role", true, 32, &role, err)) < 0 ||
        (rc = cj_text(req, "note", false, 2000, &note, err)) < 0 ||
        (rc = cj_date(req, "paid_on", date_today(), &on, err)) < 0)
        return rc;
    for (size_t i = 0; i < sizeof payer_roles / sizeof payer_roles[0]; i++)
        known = known || strcmp(role, payer_roles[i]) == 0;
    if (!known)
        return cj_bad(err, "payer_role",
                      "付款方应为用人单位、总包先行清偿、建设单位垫付、保证金、应急周转金或其他");
    if (strcmp(role, "应急周转金") == 0)
        return cj_bad(err, "payer_role",
                      "应急周转金垫付请使用 advance 操作（从本地区周转金中支出）");
    if ((rc = case_owed_load(a, c->id, &o, err)) < 0 ||
        (rc = case_lines(a, req, &o, &lines, &n, &total, err)) < 0)
        goto out;
    *detail = json_pack("{s:s, s:s, s:s}", "payer_role", role, "paid_on", date_format(on, d),
                        "amount", money_format(total, m));
    if ((rc = settle_payer(a, c, role, uscc, total, &payer, err)) < 0)
        goto out;
    if (strcmp(role, "保证金") == 0 &&
        (rc = settle_deposit(a, w, c, on, total, &event, *detail, err)) < 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        struct store_val p[12] = { V_INT(c->id),
                                   V_TXT(c->province),
                                   V_TXT(role),
                                   V_INTN(payer),
                                   V_INT(lines[i].worker_id),
                                   V_INT(lines[i].amount),
                                   V_TXT(d),
                                   V_NULL,
                                   V_INTN(event),
                                   V_TXT(note ? note : ""),
                                   V_INT(ts_now()),
                                   V_INTN(w->user_id) };
        if ((rc = store_case_write(a->st, SCW_SETTLE, p, 12, NULL, NULL, err)) < 0)
            goto out;
    }
out:
    zq_free(lines);
    case_owed_free(&o);
    return rc;
}

/* ---------------------------------------------------------------- transfers */

static int64_t
threshold_fen(const struct config *cfg)
{
    int64_t yuan = 30000;

    if (config_get_int(cfg, "cases.criminal_threshold_yuan", &yuan, NULL) < 0 || yuan < 0 ||
        yuan > INT64_MAX / 100)
        yuan = 30000;
    return yuan * 100;
}

/* 移送公安: an order's deadline passed unpaid, and what is unpaid reaches
 * the province's threshold for 拒不支付劳动报酬罪 (刑法 276 条之一). */
static int
act_police(struct app *a, const struct case_who *w, const struct sc_case *c, const json_t *req,
           json_t **detail, struct zq_err *err)
{
    char d[DATE_STR_LEN], first[11], m1[MONEY_STR_LEN], m2[MONEY_STR_LEN];
    const char *note = NULL;
    int64_t n = 0, unpaid = c->amount - c->paid;
    zq_date on;
    int rc;

    (void)w;
    if (c->police_on[0])
        return conflict(err, "案件已于 %s 移送公安机关", c->police_on);
    if ((rc = cj_date(req, "on", date_today(), &on, err)) < 0 ||
        (rc = cj_text(req, "note", false, 2000, &note, err)) < 0)
        return rc;
    date_format(on, d);
    if ((rc = store_case_orders_overdue(a->st, c->id, d, &n, first, err)) < 0)
        return rc;
    if (n == 0)
        return conflict(err, "案件%s没有逾期未履行的限期整改指令书或责令支付通知，不能移送公安",
                        c->case_no);
    if (unpaid < threshold_fen(a->cfg))
        return zq_err_set(err, ZQ_ECONFLICT,
                          "尚欠 %s 元，未达到本省拒不支付劳动报酬罪的数额标准 %s 元，不能移送公安",
                          money_format(unpaid, m1), money_format(threshold_fen(a->cfg), m2));
    struct store_val p[3] = { V_INT(c->id), V_TXT(d), V_INT(ts_now()) };
    if ((rc = store_case_write(a->st, SCW_POLICE, p, 3, NULL, NULL, err)) < 0)
        return rc;
    *detail = json_pack("{s:s, s:s, s:s, s:s, s:s?}", "on", d, "unpaid", money_format(unpaid, m1),
                        "threshold", money_format(threshold_fen(a->cfg), m2), "order_deadline",
                        first, "note", note);
    return 0;
}

static int
act_court(struct app *a, const struct case_who *w, const struct sc_case *c, const json_t *req,
          json_t **detail, struct zq_err *err)
{
    const char *note = NULL;
    char d[DATE_STR_LEN];
    zq_date on;
    int rc;

    (void)w;
    if (c->court_on[0])
        return conflict(err, "案件已于 %s 移送法院", c->court_on);
    if ((rc = cj_date(req, "on", date_today(), &on, err)) < 0 ||
        (rc = cj_text(req, "note", true, 2000, &note, err)) < 0)
        return rc;
    struct store_val p[3] = { V_INT(c->id), V_TXT(date_format(on, d)), V_INT(ts_now()) };
    if ((rc = store_case_write(a->st, SCW_COURT, p, 3, NULL, NULL, err)) < 0)
        return rc;
    *detail = json_pack("{s:s, s:s}", "on", d, "note", note);
    return 0;
}

/* ---------------------------------------------------------------- clues */

static int
act_join(struct app *a, const struct case_who *w, const struct sc_case *c, const json_t *req,
         json_t **detail, struct zq_err *err)
{
    const json_t *arr = json_object_get(req, "clues"), *it;
    struct store_scope sc;
    size_t i;
    int rc;

    case_scope(w, &sc);
    if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > 64)
        return cj_bad(err, "clues", "clues 应为 1 到 64 个线索编号");
    for (i = 0; (it = json_array_get(arr, i)) != NULL; i++) {
        struct sc_clue k;
        int64_t changes = 0;
        bool found;
        if (!json_is_string(it))
            return cj_bad(err, "clues", "线索编号应为字符串");
        if ((rc = store_case_clue(a->st, &sc, json_string_value(it), &k, &found, err)) < 0)
            return rc;
        if (!found)
            return zq_err_set(err, ZQ_ENOTFOUND, "线索 %s 不存在或不在您的管辖范围内",
                              json_string_value(it));
        struct store_val p[3] = { V_INT(k.id), V_INT(c->id), V_INT(ts_now()) };
        if ((rc = store_case_write(a->st, SCW_CLUE_LINK, p, 3, NULL, &changes, err)) < 0)
            return rc;
        if (changes != 1)
            return zq_err_set(err, ZQ_ECONFLICT,
                              "线索 %s 的状态为“%s”%s，只有未并案的“查实”线索可以并入", k.ticket,
                              k.status, k.case_id ? "且已并入案件" : "");
    }
    *detail = json_pack("{s:O}", "clues", arr);
    return 0;
}

/* ---------------------------------------------------------------- closing */

static int
act_close(struct app *a, const struct case_who *w, const struct sc_case *c, const json_t *req,
          json_t **detail, struct zq_err *err)
{
    const char *kind = "全额清偿", *result = NULL;
    char d[DATE_STR_LEN];
    json_t *why = NULL;
    int64_t changes = 0;
    zq_date on;
    int rc;

    if ((rc = cj_text(req, "kind", false, 32, &kind, err)) < 0 ||
        (rc = cj_text(req, "result", true, 4000, &result, err)) < 0 ||
        (rc = cj_date(req, "closed_on", date_today(), &on, err)) < 0)
        return rc;
    if (strcmp(kind, "全额清偿") == 0) {
        if ((rc = case_close_blockers(a, c, &why, err)) < 0)
            return rc;
        if (json_array_size(why) > 0) {
            zq_err_set(err, ZQ_ECONFLICT, "案件%s不能结案（三不放过）：%s", c->case_no,
                       json_string_value(json_array_get(why, 0)));
            json_decref(why);
            return ZQ_ECONFLICT;
        }
        json_decref(why);
    } else if (strcmp(kind, "移送公安") == 0) {
        if (!c->police_on[0])
            return conflict(err, "案件%s未移送公安机关，不能以“移送公安”结案", c->case_no);
    } else if (strcmp(kind, "移送法院") == 0) {
        if (!c->court_on[0])
            return conflict(err, "案件%s未移送法院，不能以“移送法院”结案", c->case_no);
    } else {
        return cj_bad(err, "kind", "结案方式应为全额清偿、移送公安或移送法院");
    }
    date_format(on, d);
    if (strcmp(d, c->filed_on) < 0)
        return cj_bad(err, "closed_on", "结案日期早于立案日期 %s", c->filed_on);
    struct store_val p[5] = { V_INT(c->id), V_TXT(d), V_TXT(kind), V_TXT(result), V_INT(ts_now()) };
    if ((rc = store_case_write(a->st, SCW_CLOSE, p, 5, NULL, &changes, err)) < 0)
        return rc;
    if (changes != 1)
        return conflict(err, "案件%s已结案", c->case_no);
    /* a paid case has met its orders; the linked 查实 clues close with it */
    struct store_val q[4] = { V_INT(c->id), V_TXT(d), V_TXT(result), V_INT(ts_now()) };
    struct store_val e[4] = { V_INT(c->id), V_INT(ts_now()), V_INTN(w->user_id),
                              V_TXT("案件结案") };
    if ((strcmp(kind, "全额清偿") == 0 &&
         (rc = store_case_write(a->st, SCW_COMPLY_ALL, q, 2, NULL, NULL, err)) < 0) ||
        (rc = store_case_write(a->st, SCW_CLUES_EVENT, e, 4, NULL, NULL, err)) < 0 ||
        (rc = store_case_write(a->st, SCW_CLUES_CLOSE, q, 4, NULL, NULL, err)) < 0)
        return rc;
    *detail = json_pack("{s:s, s:s, s:s}", "kind", kind, "closed_on", d, "result", result);
    return 0;
}

struct close_walk {
    json_t *why;
    int short_workers;
    int64_t short_fen;
};

static int
close_worker(void *ctx, const struct sc_worker *w)
{
    struct close_walk *cw = ctx;

    if (w->paid < w->owed) {
        cw->short_workers++;
        cw->short_fen += w->owed - w->paid;
    }
    return 0;
}

int
case_close_blockers(struct app *a, const struct sc_case *c, json_t **out, struct zq_err *err)
{
    struct close_walk cw = { json_array(), 0, 0 };
    char m[MONEY_STR_LEN], b[200];
    int rc;

    *out = NULL;
    if (!c->verified)
        json_array_append_new(cw.why, json_string("欠薪事实未经查实"));
    if (c->handlers < 2 || !c->has_plan)
        json_array_append_new(cw.why, json_string("未处理到位：须有一案一策方案和至少两名承办人"));
    if (c->workers == 0)
        json_array_append_new(cw.why, json_string("未列明劳动者及欠薪金额，无法核对是否逐人清偿"));
    if ((rc = store_case_workers(a->st, c->id, close_worker, &cw, err)) < 0) {
        json_decref(cw.why);
        return rc;
    }
    if (cw.short_workers > 0) {
        snprintf(b, sizeof b, "未足额清偿：尚有 %d 名劳动者未结清，合计 %s 元", cw.short_workers,
                 money_format(cw.short_fen, m));
        json_array_append_new(cw.why, json_string(b));
    }
    *out = cw.why;
    return 0;
}

/* ---------------------------------------------------------------- dispatch */

static const struct {
    const char *name;
    act_fn fn;
    const char *event; /* case_events.action and the audit action */
} actions[] = {
    { "assign", act_assign, "指定承办" },   { "plan", act_plan, "一案一策" },
    { "workers", act_workers, "登记欠薪" }, { "document", act_document, "制发文书" },
    { "comply", act_comply, "文书履行" },   { "extend", act_extend, "延长期限" },
    { "supervise", act_supervise, "督办" }, { "escalate", act_escalate, "提级办理" },
    { "settle", act_settle, "清偿" },       { "advance", case_advance, "周转金垫付" },
    { "police", act_police, "移送公安" },   { "court", act_court, "移送法院" },
    { "join", act_join, "并入线索" },       { "close", act_close, "结案" },
};

static int
act_in_tx(struct app *a, const struct case_who *w, const char *case_no, const json_t *req,
          struct zq_err *err)
{
    const char *name = cj_str(req, "action");
    struct store_scope sc;
    struct sc_case c;
    json_t *detail = NULL;
    bool found;
    int rc, i, n = (int)(sizeof actions / sizeof actions[0]);

    char key[80];

    case_scope(w, &sc);
    /* before the case is read: what it reads is then what the last action left */
    snprintf(key, sizeof key, "case:%.60s", case_no);
    if ((rc = store_case_lock(a->st, key, err)) < 0 ||
        (rc = store_case_find(a->st, &sc, case_no, &c, &found, err)) < 0)
        return rc;
    if (!found)
        return zq_err_set(err, ZQ_ENOTFOUND, "案件 %s 不存在或不在您的管辖范围内", case_no);
    for (i = 0; name != NULL && i < n; i++)
        if (strcmp(name, actions[i].name) == 0)
            break;
    if (name == NULL || i == n)
        return cj_bad(err, "action",
                      "action 应为 assign、plan、workers、document、comply、extend、supervise、"
                      "escalate、settle、advance、police、court、join 或 close");
    if (strcmp(c.status, "办理中") != 0)
        return zq_err_set(err, ZQ_ECONFLICT, "案件%s已于 %s 结案，不能再%s", c.case_no, c.closed_on,
                          actions[i].event);
    if ((rc = actions[i].fn(a, w, &c, req, &detail, err)) < 0) {
        json_decref(detail);
        return rc;
    }
    rc = case_record(a, w, &c, c.id, actions[i].event, name, detail, err);
    json_decref(detail);
    return rc;
}

int
case_act(struct app *a, const struct case_who *w, const char *case_no, const json_t *req,
         json_t **out, struct zq_err *err)
{
    int rc;

    *out = NULL;
    if (!json_is_object(req))
        return cj_bad(err, NULL, "请求体应为 JSON 对象");
    if ((rc = store_begin(a->st, err)) < 0)
        return rc;
    if ((rc = act_in_tx(a, w, case_no, req, err)) < 0) {
        store_rollback(a->st);
        return rc;
    }
    if ((rc = store_commit(a->st, err)) < 0)
        return rc;
    return case_get(a, w->p, case_no, out, err);
}
