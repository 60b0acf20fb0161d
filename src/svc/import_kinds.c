/*
 * import_kinds.c - what each import kind does with a valid row: the checks
 * that need the database (referenced projects and enterprises, accounts),
 * the cross-column checks, and the upsert.  Column indexes follow the tables
 * of import_cols.c.
 */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/calendar.h"
#include "core/idcard.h"
#include "core/phone.h"
#include "core/region.h"
#include "svc/clue.h"
#include "svc/import_int.h"

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define CASE_DEADLINE_WORKDAYS 60 /* 限时办结 from filing (监察条例 17) */

static int
upserted(struct imp *im, enum simp_outcome out)
{
    if (out == SIMP_DUP)
        return imp_reject(im, -1, "文件中已有业务主键（%s）相同的行", im->k->key_title);
    imp_count(im, out);
    return 0;
}

static int
upsert(struct imp *im, enum simp_table t, const struct store_val *v, int64_t *id,
       struct zq_err *err)
{
    enum simp_outcome out;
    int64_t tmp;
    int rc;

    if ((im->staged || im->chunked) && t == (enum simp_table)im->k->table)
        return imp_batch_add(im, v, err);
    rc = store_simp_upsert(im->st, t, v, im->now, &im->seen, id ? id : &tmp, &out, err);
    return rc < 0 ? rc : upserted(im, out);
}

static struct store_val
txt(struct str s)
{
    return (struct store_val){ .t = STORE_TEXT, .p = s.p, .n = s.len };
}

/* "" rather than NULL for an absent optional text stored NOT NULL. */
static struct store_val
txt0(const struct imp_cell *c)
{
    return (struct store_val){ .t = STORE_TEXT, .p = c->s.p, .n = c->present ? c->s.len : 0 };
}

/* The project of column 0 and the enterprise of column 1, the first two
 * columns of most kinds: 0, 1 (rejected) or < 0. */
static int
project_and_party(struct imp *im, const struct imp_cell *c, const struct simp_project **p,
                  int64_t *enterprise, struct zq_err *err)
{
    int rc = imp_project(im, 0, c[0].s, p, err);

    return rc != 0 ? rc : imp_enterprise(im, 1, c[1].s, enterprise, err);
}

/* ------------------------------------------------------------ enterprises */

static int
apply_enterprises(struct imp *im, struct imp_cell *c, struct zq_err *err)
{
    struct store_val v[EN__N];
    unsigned char ph[PII_HASH_LEN];
    char masked[PHONE_MAX + 1];

    v[EN_USCC] = txt(c[0].s);
    v[EN_NAME] = txt(c[1].s);
    v[EN_KIND] = txt(c[2].s);
    v[EN_LEGAL_REP] = txt0(&c[3]);
    v[EN_REGION] = txt(c[4].s);
    if (c[5].present) {
        phone_mask(c[5].norm, masked);
        imp_protect(im, c[5].s, masked, im->seal, ph, &v[EN_PHONE_ENC], &v[EN_PHONE_HASH],
                    &v[EN_PHONE_MASKED]);
    } else {
        v[EN_PHONE_ENC] = v[EN_PHONE_HASH] = v[EN_PHONE_MASKED] = imp_null();
    }
    return upsert(im, SIMP_ENTERPRISES, v, NULL, err);
}

/* ------------------------------------------------------------ projects */

static int
apply_projects(struct imp *im, struct imp_cell *c, struct zq_err *err)
{
    struct store_val v[PJ__N];
    char province[REGION_PROVINCE_LEN], d1[DATE_STR_LEN], d2[DATE_STR_LEN], d3[DATE_STR_LEN];
    int64_t builder, contractor;
    int rc;

    if ((rc = imp_enterprise(im, 5, c[5].s, &builder, err)) != 0)
        return rc;
    if ((rc = imp_enterprise(im, 6, c[6].s, &contractor, err)) != 0)
        return rc;
    if (c[11].i < c[10].i)
        return imp_reject(im, 11, "计划竣工日期早于开工日期");
    /* An Excel cell formatted as 20% holds 0.2: a ratio under 1% is that
     * mistake, not a project. */
    if (c[8].i > 0 && c[8].i < 100)
        return imp_reject(im, 8, "人工费占比不足 1%%，像是把 20%% 写成了 0.2：请填百分数（如 20）");
    if (!region_province_code(c[2].norm, province))
        return imp_reject(im, 2, "无法确定所属省份");
    v[PJ_CODE] = txt(c[0].s);
    v[PJ_NAME] = txt(c[1].s);
    v[PJ_PROVINCE] = imp_cstr(province);
    v[PJ_REGION] = txt(c[2].s);
    v[PJ_INDUSTRY] = txt(c[3].s);
    v[PJ_FUNDING] = txt(c[4].s);
    v[PJ_BUILDER] = imp_i64(builder);
    v[PJ_CONTRACTOR] = imp_i64(contractor);
    v[PJ_AMOUNT] = imp_i64(c[7].i);
    v[PJ_LABOR_BP] = imp_i64(c[8].i);
    v[PJ_SIGNED_ON] = imp_date(&c[9], d1);
    v[PJ_START] = imp_date(&c[10], d2);
    v[PJ_PLANNED_END] = imp_date(&c[11], d3);
    v[PJ_STATUS] = txt(c[12].s);
    v[PJ_WAGE_CLERK] = imp_text(&c[13]);
    v[PJ_NOTICE_BOARD] = imp_int(&c[14]);
    return upsert(im, SIMP_PROJECTS, v, NULL, err);
}

/* ------------------------------------------------------------ subcontracts */

static int
apply_subcontracts(struct imp *im, struct imp_cell *c, struct zq_err *err)
{
    const struct simp_project *p;
    struct store_val v[SC__N];
    char d[DATE_STR_LEN];
    int64_t sub;
    int rc;

    if ((rc = project_and_party(im, c, &p, &sub, err)) != 0)
        return rc;
    v[SC_PROJECT] = imp_i64(p->id);
    v[SC_SUB] = imp_i64(sub);
    v[SC_PROVINCE] = imp_cstr(p->province);
    v[SC_KIND] = txt(c[2].s);
    v[SC_AMOUNT] = imp_i64(c[3].i);
    v[SC_START] = imp_date(&c[4], d);
    return upsert(im, SIMP_SUBCONTRACTS, v, NULL, err);
}

/* ------------------------------------------------------------ accounts */

/* The wage account with that number: 0 (found), 1 (rejected), < 0. */
static int
account(struct imp *im, int col, struct str no, struct simp_account *a, struct zq_err *err)
{
    unsigned char h[PII_HASH_LEN];
    uint64_t v;
    int rc;

    if (!strmap_get(im->accounts, no.p, no.len, &v)) {
        pii_hash(im->pii, no.p, no.len, h);
        if ((rc = store_simp_account(im->st, h, sizeof h, a, err)) < 0)
            return rc;
        v = 0;
        if (a->id != 0) {
            im->acct = zq_grow(im->acct, sizeof(*im->acct), im->nacct + 1, &im->capacct);
            im->acct[im->nacct] = *a;
            v = ++im->nacct;
        }
        strmap_put(im->accounts, no.p, no.len, v);
    }
    if (v == 0)
        return imp_reject(im, col, "专户账号未登记：请先导入工资专户（accounts）");
    *a = im->acct[v - 1];
    return 0;
}

static int
apply_accounts(struct imp *im, struct imp_cell *c, struct zq_err *err)
{
    const struct simp_project *p;
    struct store_val v[AC__N];
    unsigned char h[PII_HASH_LEN];
    char masked[BANKCARD_MASK_LEN + 8], d[DATE_STR_LEN];
    struct simp_account other;
    int rc;

    if ((rc = imp_project(im, 0, c[0].s, &p, err)) != 0)
        return rc;
    pii_hash(im->pii, c[2].s.p, c[2].s.len, h);
    if ((rc = store_simp_account(im->st, h, sizeof h, &other, err)) < 0)
        return rc;
    if (other.id != 0 && other.project_id != p->id)
        return imp_reject(im, 2, "该专户账号已登记在另一个项目上");
    v[AC_PROJECT] = imp_i64(p->id);
    v[AC_PROVINCE] = imp_cstr(p->province);
    v[AC_BANK] = txt(c[1].s);
    imp_protect(im, c[2].s, bankcard_mask(c[2].norm, masked, sizeof masked), im->seal, h,
                &v[AC_NO_ENC], &v[AC_NO_HASH], &v[AC_NO_MASKED]);
    v[AC_OPENED_ON] = imp_date(&c[3], d);
    return upsert(im, SIMP_ACCOUNTS, v, NULL, err);
}

/* ------------------------------------------------------------ deposits */

static int
apply_deposits(struct imp *im, struct imp_cell *c, struct zq_err *err)
{
    const struct simp_project *p;
    struct store_val v[DP__N];
    char d1[DATE_STR_LEN], d2[DATE_STR_LEN];
    bool cash = c[2].i == 0, found;
    enum simp_outcome out;
    int64_t contractor;
    int rc;

    if ((rc = project_and_party(im, c, &p, &contractor, err)) != 0)
        return rc;
    if (c[3].i < 0) {
        /* A negative cash amount is a draw (动用) to pay workers. */
        if (!cash)
            return imp_reject(im, 3, "只有现金方式可填负数金额（表示动用保证金）");
        if ((rc = store_simp_deposit_draw(im->st, p->id, date_format((zq_date)c[4].i, d1), -c[3].i,
                                          im->now, &found, &out, err)) < 0)
            return rc;
        if (!found)
            return imp_reject(im, 3, "负数金额表示动用保证金，但该项目在此日期之前没有现金保证金");
        imp_count(im, out);
        return 0;
    }
    if (!cash && !c[5].present)
        return imp_reject(im, 5, "保函或保证保险必须填写到期日");
    if (c[5].present && c[5].i <= c[4].i)
        return imp_reject(im, 5, "到期日应晚于存储日期");
    v[DP_PROJECT] = imp_i64(p->id);
    v[DP_FORM] = txt(c[2].s);
    v[DP_ON] = imp_date(&c[4], d1);
    v[DP_CONTRACTOR] = imp_i64(contractor);
    v[DP_PROVINCE] = imp_cstr(p->province);
    v[DP_AMOUNT] = imp_i64(c[3].i);
    v[DP_EXPIRES] = imp_date(&c[5], d2);
    return upsert(im, SIMP_DEPOSITS, v, NULL, err);
}

/* ------------------------------------------------------------ employment */

static int
apply_employment(struct imp *im, struct imp_cell *c, struct zq_err *err)
{
    const struct simp_project *p;
    struct store_val v[EM__N];
    char d1[DATE_STR_LEN], d2[DATE_STR_LEN];
    int64_t employer, worker;
    int rc;

    if ((rc = project_and_party(im, c, &p, &employer, err)) != 0)
        return rc;
    if (c[9].present && c[9].i < c[8].i)
        return imp_reject(im, 9, "退场日期早于进场日期");
    if ((rc = imp_worker(im, c[2].s, c[3].s, &c[4], true, &worker, err)) < 0)
        return rc;
    v[EM_PROJECT] = imp_i64(p->id);
    v[EM_WORKER] = imp_i64(worker);
    v[EM_EMPLOYER] = imp_i64(employer);
    v[EM_PROVINCE] = imp_cstr(p->province);
    v[EM_NAME] = txt(c[3].s);
    v[EM_TEAM] = imp_text(&c[5]);
    v[EM_TRADE] = imp_text(&c[6]);
    v[EM_CONTRACT] = imp_i64(c[7].i);
    v[EM_ENTERED] = imp_date(&c[8], d1);
    v[EM_LEFT] = imp_date(&c[9], d2);
    return upsert(im, SIMP_EMPLOYMENT, v, NULL, err);
}

/* ------------------------------------------------------------ attendance */

static int
apply_attendance(struct imp *im, struct imp_cell *c, struct zq_err *err)
{
    const struct simp_project *p;
    int64_t worker;
    int rc;

    if ((rc = imp_project(im, 0, c[0].s, &p, err)) != 0)
        return rc;
    if ((rc = imp_worker(im, c[1].s, (struct str){ "", 0 }, NULL, false, &worker, err)) < 0)
        return rc;
    return att_agg_add(im, p->id, p->province, worker, (zq_date)c[2].i,
                       c[3].present ? (int)c[3].i : -1, err);
}

static int
finish_attendance(struct imp *im, struct zq_err *err)
{
    return att_agg_flush(im, err);
}

/* ------------------------------------------------------------ payroll */

static int
apply_payroll(struct imp *im, struct imp_cell *c, struct zq_err *err)
{
    const struct simp_project *p;
    struct store_val v[PR__N];
    char m[MONTH_STR_LEN], d[DATE_STR_LEN];
    zq_month month = (zq_month)c[2].i;
    int64_t employer, worker;
    int rc;

    if ((rc = project_and_party(im, c, &p, &employer, err)) != 0)
        return rc;
    if (month > date_month(im->today))
        return imp_reject(im, 2, "工资月份晚于本月，不能是将来的月份");
    if (c[5].i > date_days_in_month(month_year(month), month_num(month)))
        return imp_reject(im, 5, "出勤天数超过该月的天数");
    if (c[7].present && c[7].i > c[6].i)
        return imp_reject(im, 7, "代扣金额大于应发工资");
    if (!c[9].present && c[8].i != 0)
        return imp_reject(im, 8, "发放日期为空（表示未发放）时实发工资应为 0");
    if ((rc = imp_worker(im, c[3].s, c[4].s, NULL, false, &worker, err)) < 0)
        return rc;
    v[PR_PROJECT] = imp_i64(p->id);
    v[PR_MONTH] = imp_month(&c[2], m);
    v[PR_EMPLOYER] = imp_i64(employer);
    v[PR_WORKER] = imp_i64(worker);
    v[PR_PROVINCE] = imp_cstr(p->province);
    v[PR_NAME] = txt(c[4].s);
    v[PR_DAYS] = imp_i64(c[5].i);
    v[PR_DUE] = imp_i64(c[6].i);
    v[PR_DEDUCT] = imp_i64(c[7].present ? c[7].i : 0);
    v[PR_PAID] = imp_i64(c[8].i);
    v[PR_PAID_ON] = imp_date(&c[9], d);
    v[PR_CHANNEL] = txt(c[10].s);
    v[PR_CONFIRMED] = imp_i64(c[11].i);
    rc = upsert(im, SIMP_PAYROLL, v, NULL, err);
    if (rc == 0)
        imp_touch(im, p->id, month, SIMP_TOT_PAYROLL);
    return rc;
}

/* ------------------------------------------------------------ txns */

static int
apply_txns(struct imp *im, struct imp_cell *c, struct zq_err *err)
{
    const struct simp_project *p;
    struct store_val v[TX__N];
    char d[DATE_STR_LEN];
    struct simp_account acct = { 0 };
    int rc;

    if ((rc = imp_project(im, 0, c[0].s, &p, err)) != 0)
        return rc;
    if ((rc = account(im, 1, c[1].s, &acct, err)) != 0)
        return rc;
    if (acct.project_id != p->id)
        return imp_reject(im, 1, "该专户不属于此项目编号所指的项目");
    v[TX_ACCOUNT] = imp_i64(acct.id);
    v[TX_REF] = txt(c[7].s);
    v[TX_PROJECT] = imp_i64(p->id);
    v[TX_PROVINCE] = imp_cstr(p->province);
    v[TX_DATE] = imp_date(&c[2], d);
    v[TX_DIRECTION] = txt(c[3].s);
    v[TX_KIND] = txt(c[4].s);
    v[TX_AMOUNT] = imp_i64(c[5].i);
    v[TX_COUNTERPARTY] = imp_text(&c[6]);
    rc = upsert(im, SIMP_TXNS, v, NULL, err);
    if (rc == 0)
        imp_touch(im, p->id, date_month((zq_date)c[2].i), SIMP_TOT_TXNS);
    return rc;
}

/* ------------------------------------------------------------ disbursements */

static int
apply_disbursements(struct imp *im, struct imp_cell *c, struct zq_err *err)
{
    struct store_val v[DB__N];
    unsigned char h[PII_HASH_LEN];
    char masked[BANKCARD_MASK_LEN + 8], d[DATE_STR_LEN];
    struct simp_account acct = { 0 };
    int64_t worker;
    int rc;

    if ((rc = account(im, 0, c[0].s, &acct, err)) != 0)
        return rc;
    if ((rc = imp_worker(im, c[2].s, c[3].s, NULL, false, &worker, err)) < 0)
        return rc;
    v[DB_ACCOUNT] = imp_i64(acct.id);
    v[DB_REF] = txt(c[1].s);
    v[DB_WORKER] = imp_i64(worker);
    v[DB_PROJECT] = imp_i64(acct.project_id);
    v[DB_PROVINCE] = imp_cstr(acct.province);
    v[DB_NAME] = txt(c[3].s);
    imp_protect(im, c[4].s, bankcard_mask(c[4].norm, masked, sizeof masked), im->seal, h,
                &v[DB_CARD_ENC], &v[DB_CARD_HASH], &v[DB_CARD_MASKED]);
    v[DB_AMOUNT] = imp_i64(c[5].i);
    v[DB_PAID_ON] = imp_date(&c[6], d);
    v[DB_STATUS] = txt(c[7].s);
    return upsert(im, SIMP_DISBURSEMENTS, v, NULL, err);
}

/* ------------------------------------------------------------ payments */

static int
apply_payments(struct imp *im, struct imp_cell *c, struct zq_err *err)
{
    const struct simp_project *p;
    struct store_val v[PM__N];
    char d1[DATE_STR_LEN], d2[DATE_STR_LEN];
    int64_t payer, payee;
    int rc;

    if ((rc = project_and_party(im, c, &p, &payer, err)) != 0)
        return rc;
    if ((rc = imp_enterprise(im, 2, c[2].s, &payee, err)) != 0)
        return rc;
    if (payer == payee)
        return imp_reject(im, 2, "付款单位与收款单位相同");
    v[PM_PROJECT] = imp_i64(p->id);
    v[PM_REF] = txt(c[7].s);
    v[PM_PROVINCE] = imp_cstr(p->province);
    v[PM_PAYER] = imp_i64(payer);
    v[PM_PAYEE] = imp_i64(payee);
    v[PM_KIND] = txt(c[3].s);
    v[PM_AMOUNT] = imp_i64(c[4].i);
    v[PM_DUE_ON] = imp_date(&c[5], d1);
    v[PM_PAID_ON] = imp_date(&c[6], d2);
    return upsert(im, SIMP_PAYMENTS, v, NULL, err);
}

/* ------------------------------------------------------------ cases */

static int
apply_cases(struct imp *im, struct imp_cell *c, struct zq_err *err)
{
    const struct simp_project *p = NULL;
    struct store_val v[CS__N];
    char province[REGION_PROVINCE_LEN], d1[DATE_STR_LEN], d2[DATE_STR_LEN], d3[DATE_STR_LEN];
    char m[MONTH_STR_LEN];
    int64_t debtor;
    int rc;

    if (c[4].present && (rc = imp_project(im, 4, c[4].s, &p, err)) != 0)
        return rc;
    if ((rc = imp_enterprise_opt(im, c[2].s, &debtor, err)) < 0)
        return rc;
    if (c[6].present && c[6].i < c[5].i)
        return imp_reject(im, 6, "结案日期早于立案日期");
    if (c[9].present && month_first_day((zq_month)c[9].i) > (zq_date)c[5].i)
        return imp_reject(im, 9, "欠薪起始月份晚于立案日期");
    if (!region_province_code(c[1].norm, province))
        return imp_reject(im, 1, "无法确定所属省份");
    date_format(calendar_add_workdays(im->cal, (zq_date)c[5].i, CASE_DEADLINE_WORKDAYS, NULL), d3);
    v[CS_CASE_NO] = txt(c[0].s);
    v[CS_ORIGIN] = imp_cstr("导入");
    v[CS_DEADLINE] = imp_cstr(d3);
    v[CS_PROVINCE] = imp_cstr(province);
    v[CS_REGION] = txt(c[1].s);
    v[CS_DEBTOR] = debtor ? imp_i64(debtor) : imp_null();
    v[CS_DEBTOR_USCC] = txt(c[2].s);
    v[CS_DEBTOR_NAME] = txt(c[3].s);
    v[CS_PROJECT] = p ? imp_i64(p->id) : imp_null();
    v[CS_STATUS] = imp_cstr(c[6].present ? "已结案" : "办理中");
    v[CS_FILED_ON] = imp_date(&c[5], d1);
    v[CS_PEOPLE] = imp_i64(c[7].i);
    v[CS_AMOUNT] = imp_i64(c[8].i);
    v[CS_PERIOD_FROM] = imp_month(&c[9], m);
    v[CS_CLOSED_ON] = imp_date(&c[6], d2);
    v[CS_RESULT] = imp_text(&c[10]);
    return upsert(im, SIMP_CASES, v, NULL, err);
}

/* ------------------------------------------------------------ blacklist */

static int
apply_blacklist(struct imp *im, struct imp_cell *c, struct zq_err *err)
{
    struct store_val v[BL__N];
    char d1[DATE_STR_LEN], d2[DATE_STR_LEN];
    int64_t ent;
    int rc;

    if ((rc = imp_enterprise_opt(im, c[0].s, &ent, err)) < 0)
        return rc;
    if (c[5].present && c[5].i <= c[3].i)
        return imp_reject(im, 5, "届满日期应晚于认定日期");
    v[BL_USCC] = txt(c[0].s);
    v[BL_LIST] = txt(c[2].s);
    v[BL_DECIDED_ON] = imp_date(&c[3], d1);
    v[BL_SOURCE] = imp_cstr("导入");
    v[BL_STATUS] = imp_cstr("已列入");
    v[BL_ENTERPRISE] = ent ? imp_i64(ent) : imp_null();
    v[BL_NAME] = txt(c[1].s);
    v[BL_DECIDED_BY] = txt(c[4].s);
    v[BL_EXPIRES] = imp_date(&c[5], d2);
    v[BL_REASON] = txt(c[6].s);
    return upsert(im, SIMP_BLACKLIST, v, NULL, err);
}

/* ------------------------------------------------------------ clues */

/* masked and idm receive the masked values that v points to. */
static void
clue_pii(struct imp *im, struct imp_cell *c, struct store_val *v, unsigned char *h1,
         unsigned char *h2, char masked[PHONE_MAX + 1], char idm[IDCARD_LEN + 1])
{
    if (c[4].present) {
        idcard_mask(c[4].norm, idm);
        imp_protect(im, c[4].s, idm, im->seal, h1, &v[CL_CID_ENC], &v[CL_CID_HASH],
                    &v[CL_CID_MASKED]);
    } else {
        v[CL_CID_ENC] = v[CL_CID_HASH] = v[CL_CID_MASKED] = imp_null();
    }
    phone_mask(c[5].norm, masked);
    imp_protect(im, c[5].s, masked, im->seal2, h2, &v[CL_PHONE_ENC], &v[CL_PHONE_HASH],
                &v[CL_PHONE_MASKED]);
}

/* The routing, ticket, deadline, duplicate and index steps are those of
 * every other channel (svc/clue.c): an imported clue is handled like one
 * received at the counter. */
static int
clue_place(struct imp *im, struct imp_cell *c, const struct simp_project *p,
           struct store_clue_route *facts, char region[10], char dept[16], struct zq_err *err)
{
    int rc;

    char code[80];

    memset(facts, 0, sizeof *facts);
    snprintf(code, sizeof code, "%.*s", (int)c[9].s.len, c[9].s.p);
    if ((p != NULL || c[7].present) &&
        (rc = store_clue_route_facts(im->st, p != NULL ? code : NULL,
                                     p == NULL && c[7].present ? c[7].norm : NULL, facts, err)) < 0)
        return rc;
    clue_route(facts, c[10].norm, region, dept);
    return 0;
}

static int
clue_written(struct imp *im, struct imp_cell *c, const struct clue_settings *cs, int64_t id,
             bool new_clue, const unsigned char *h1, const unsigned char *h2,
             const struct simp_project *p, const struct store_clue_route *facts, struct zq_err *err)
{
    struct store_clue_dup_key k = { 0 };
    char r[400], n[600], pn[600];
    const char *texts[4] = { r, n, c[8].present ? pn : NULL, facts->project_name };
    int64_t root;

    snprintf(r, sizeof r, "%.*s", (int)c[3].s.len, c[3].s.p);
    snprintf(n, sizeof n, "%.*s", (int)c[6].s.len, c[6].s.p);
    snprintf(pn, sizeof pn, "%.*s", (int)c[8].s.len, c[8].s.p);
    k.cid_hash = c[4].present ? h1 : NULL;
    k.phone_hash = h2;
    k.hash_len = PII_HASH_LEN;
    k.project_id = p != NULL ? p->id : 0;
    k.respondent = n;
    k.respondent_uscc = c[7].present ? c[7].norm : "";
    k.until = c[2].i;
    return clue_after_write(im->st, cs, id, &k, new_clue, texts, &root, err);
}

static int
apply_clues(struct imp *im, struct imp_cell *c, struct zq_err *err)
{
    const struct simp_project *p = NULL;
    struct store_clue_route facts;
    struct clue_settings cs;
    struct store_val v[CL__N];
    unsigned char h1[PII_HASH_LEN], h2[PII_HASH_LEN];
    char province[REGION_PROVINCE_LEN], region[REGION_CODE_LEN], ticket[48] = "";
    char accept[DATE_STR_LEN], m1[MONTH_STR_LEN], m2[MONTH_STR_LEN], dept[16];
    char pmask[PHONE_MAX + 1], idmask[IDCARD_LEN + 1];
    zq_date day = ts_date(c[2].i);
    int64_t respondent = 0, existing, id = 0;
    int rc;

    /* A complaint is never dropped for a wrong project code: it is kept as
     * written and routed by the respondent or the region instead. */
    if (c[9].present && (rc = imp_project_opt(im, c[9].s, &p, err)) < 0)
        return rc;
    if (c[7].present && (rc = imp_enterprise_opt(im, c[7].s, &respondent, err)) < 0)
        return rc;
    if (c[14].present && c[15].present && c[15].i < c[14].i)
        return imp_reject(im, 15, "欠薪截止月份早于起始月份");
    if ((rc = clue_settings_load(im->a->cfg, &cs, err)) < 0 ||
        (rc = clue_place(im, c, p, &facts, region, dept, err)) < 0)
        return rc;
    if (!region_province_code(region, province))
        return imp_reject(im, 10, "无法确定所属省份");

    v[CL_CHANNEL] = txt(c[1].s);
    v[CL_EXTERNAL_ID] = txt(c[0].s);
    if ((rc = store_simp_find(im->st, SIMP_CLUES, v, &existing, err)) < 0)
        return rc;
    /* Insert-only columns are bound either way (the CHECKs see them); the
     * ticket is drawn only for a clue not seen before. */
    date_format(calendar_add_workdays(im->cal, day, cs.accept_workdays, NULL), accept);
    if (existing == 0 && (rc = clue_ticket_next(im->st, region, day, ticket, err)) < 0)
        return rc;
    v[CL_TICKET] = imp_cstr(ticket);
    v[CL_FIRST_REGION] = imp_cstr(region);
    v[CL_STATUS] = imp_cstr(CLUE_PENDING);
    v[CL_ACCEPT_BY] = imp_cstr(accept);
    v[CL_RECEIVED_AT] = imp_i64(c[2].i);
    v[CL_PROVINCE] = imp_cstr(province);
    v[CL_REGION] = imp_cstr(region);
    v[CL_DEPT] = imp_cstr(dept);
    v[CL_COMPLAINANT] = txt(c[3].s);
    clue_pii(im, c, v, h1, h2, pmask, idmask);
    v[CL_RESPONDENT] = txt(c[6].s);
    v[CL_RESPONDENT_USCC] = imp_text(&c[7]);
    v[CL_RESPONDENT_ID] = respondent ? imp_i64(respondent) : imp_null();
    v[CL_PROJECT] = p ? imp_i64(p->id) : imp_null();
    v[CL_PROJECT_CODE] = imp_text(&c[9]);
    v[CL_PROJECT_NAME] = imp_text(&c[8]);
    v[CL_NATURE] = txt(c[11].s);
    v[CL_PEOPLE] = imp_i64(c[12].i);
    v[CL_AMOUNT] = imp_i64(c[13].i);
    v[CL_PERIOD_FROM] = imp_month(&c[14], m1);
    v[CL_PERIOD_TO] = imp_month(&c[15], m2);
    v[CL_DESCRIPTION] = txt(c[16].s);
    if ((rc = upsert(im, SIMP_CLUES, v, &id, err)) != 0)
        return rc;
    /* the upsert does not return a new row's id */
    if (id == 0 && (rc = store_simp_find(im->st, SIMP_CLUES, v, &id, err)) < 0)
        return rc;
    if (id <= 0)
        return 0;
    return clue_written(im, c, &cs, id, existing == 0, h1, h2, p, &facts, err);
}

/* ------------------------------------------------------------ the table */

#define KIND(n, t, key, tab, wcol, batch_, cols_, apply_, finish_)   \
    static const struct imp_kind kind_##n = { .name = #n,            \
                                              .title = (t),          \
                                              .key_title = (key),    \
                                              .table = (tab),        \
                                              .worker_col = (wcol),  \
                                              .batch = (batch_),     \
                                              .cols = (cols_),       \
                                              .ncols = NCOLS(cols_), \
                                              .apply = (apply_),     \
                                              .finish = (finish_) }

KIND(enterprises, "企业", "统一社会信用代码", SIMP_ENTERPRISES, -1, false, imp_cols_enterprises,
     apply_enterprises, NULL);
KIND(projects, "项目", "项目编号", SIMP_PROJECTS, -1, false, imp_cols_projects, apply_projects,
     NULL);
KIND(subcontracts, "分包", "项目编号+分包单位", SIMP_SUBCONTRACTS, -1, true, imp_cols_subcontracts,
     apply_subcontracts, NULL);
KIND(accounts, "工资专户", "项目编号", SIMP_ACCOUNTS, -1, false, imp_cols_accounts, apply_accounts,
     NULL);
KIND(deposits, "工资保证金", "项目编号+存储方式+存储日期", SIMP_DEPOSITS, -1, false,
     imp_cols_deposits, apply_deposits, NULL);
KIND(employment, "实名登记", "项目编号+身份证号", SIMP_EMPLOYMENT, EM_WORKER, true,
     imp_cols_employment, apply_employment, NULL);
KIND(attendance, "考勤", "项目编号+身份证号+考勤日期", -1, -1, true, imp_cols_attendance,
     apply_attendance, finish_attendance);
KIND(payroll, "工资表", "项目编号+用工单位+工资月份+身份证号", SIMP_PAYROLL, PR_WORKER, true,
     imp_cols_payroll, apply_payroll, NULL);
KIND(txns, "专户流水", "专户账号+银行流水号", SIMP_TXNS, -1, true, imp_cols_txns, apply_txns, NULL);
KIND(disbursements, "代发明细", "专户账号+银行流水号+身份证号", SIMP_DISBURSEMENTS, DB_WORKER, true,
     imp_cols_disbursements, apply_disbursements, NULL);
KIND(payments, "工程款支付", "项目编号+凭证号", SIMP_PAYMENTS, -1, true, imp_cols_payments,
     apply_payments, NULL);
KIND(cases, "历史案件", "案件编号", SIMP_CASES, -1, false, imp_cols_cases, apply_cases, NULL);
KIND(blacklist, "名单", "统一社会信用代码+名单类型+认定日期", SIMP_BLACKLIST, -1, false,
     imp_cols_blacklist, apply_blacklist, NULL);
KIND(clues, "线索", "来源渠道+外部编号", SIMP_CLUES, -1, false, imp_cols_clues, apply_clues, NULL);

const struct imp_kind *const imp_kinds[] = {
    &kind_enterprises, &kind_projects,   &kind_subcontracts, &kind_accounts, &kind_deposits,
    &kind_employment,  &kind_attendance, &kind_payroll,      &kind_txns,     &kind_disbursements,
    &kind_payments,    &kind_cases,      &kind_blacklist,    &kind_clues,
};
const size_t imp_nkinds = sizeof imp_kinds / sizeof imp_kinds[0];
