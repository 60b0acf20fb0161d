/*
 * import_cols.c - the columns of every import kind (SPEC §4) and the parsing
 * and validation of one cell.  The tables are the contract with vendors and
 * banks: docs/formats.md lists the same columns.
 */
#include <stdio.h>
#include <string.h>

#include "core/idcard.h"
#include "core/money.h"
#include "core/phone.h"
#include "core/region.h"
#include "core/uscc.h"
#include "svc/import_int.h"

static const char *const v_ent_kind[] = { "建设单位", "施工总承包", "专业分包",
                                          "劳务分包", "其他",       NULL };
static const char *const v_industry[] = { "住建", "交通", "水利", "农业农村", "其他", NULL };
static const char *const v_funding[] = { "政府投资", "国有企业投资", "社会投资", NULL };
static const char *const v_pstatus[] = { "在建", "停工", "完工", NULL };
static const char *const v_sub_kind[] = { "专业分包", "劳务分包", NULL };
static const char *const v_dep_form[] = { "现金", "银行保函", "担保公司保函", "保证保险", NULL };
static const char *const v_channel[] = { "专户代发", "银行代发", "现金", "其他", NULL };
static const char *const v_direction[] = { "收入", "支出", NULL };
static const char *const v_txn_kind[] = { "人工费拨付", "工资代发", "退回", "其他", NULL };
static const char *const v_disb_status[] = { "成功", "失败", "退回", NULL };
static const char *const v_pay_kind[] = { "预付款", "进度款", "结算款", "质保金", "其他", NULL };
static const char *const v_list[] = { "失信联合惩戒", "重点关注", NULL };
static const char *const v_clue_channel[] = { "国家平台", "12345热线", "12333热线", "网上投诉",
                                              "来访",     "来信",      "信访转办",  "网络舆情",
                                              "督查交办", "其他",      NULL };
static const char *const v_nature[] = { "工资", "工程款", "混合", "待核实", NULL };

#define TXT(e, z, n)                  \
    {                                 \
        e, z, IT_TEXT, false, n, NULL \
    }
#define OTXT(e, z, n)                \
    {                                \
        e, z, IT_TEXT, true, n, NULL \
    }
#define CODE(e, z)                     \
    {                                  \
        e, z, IT_CODE, false, 64, NULL \
    }
#define OCODE(e, z)                   \
    {                                 \
        e, z, IT_CODE, true, 64, NULL \
    }
#define T(e, z, t)              \
    {                           \
        e, z, t, false, 0, NULL \
    }
#define OPT(e, z, t)           \
    {                          \
        e, z, t, true, 0, NULL \
    }
#define ENUM(e, z, v)              \
    {                              \
        e, z, IT_ENUM, false, 0, v \
    }
#define COUNT(e, z, m)                 \
    {                                  \
        e, z, IT_COUNT, false, m, NULL \
    }

const struct imp_col imp_cols_enterprises[] = {
    T("uscc", "统一社会信用代码", IT_USCC),      TXT("name", "企业名称", 100),
    ENUM("kind", "企业类型", v_ent_kind),        OTXT("legal_rep", "法定代表人", 50),
    T("region_code", "所在地区代码", IT_REGION), OPT("phone", "联系电话", IT_PHONE),
};
const struct imp_col imp_cols_projects[] = {
    CODE("code", "项目编号"),
    TXT("name", "项目名称", 200),
    T("region_code", "项目所在地区代码", IT_REGION),
    ENUM("industry", "行业主管部门", v_industry),
    ENUM("funding", "投资类型", v_funding),
    T("builder_uscc", "建设单位统一社会信用代码", IT_USCC),
    T("contractor_uscc", "施工总承包单位统一社会信用代码", IT_USCC),
    T("contract_amount", "合同金额", IT_MONEY),
    T("labor_cost_ratio", "人工费占比", IT_PERCENT),
    OPT("contract_signed_on", "合同签订日期", IT_DATE),
    T("start_date", "开工日期", IT_DATE),
    T("planned_end", "计划竣工日期", IT_DATE),
    ENUM("status", "项目状态", v_pstatus),
    OTXT("wage_clerk", "劳资专管员", 50),
    OPT("notice_board", "维权告示牌", IT_BOOL),
};
const struct imp_col imp_cols_subcontracts[] = {
    CODE("project_code", "项目编号"),
    T("subcontractor_uscc", "分包单位统一社会信用代码", IT_USCC),
    ENUM("kind", "分包类型", v_sub_kind),
    T("amount", "分包合同金额", IT_MONEY),
    T("start_date", "进场日期", IT_DATE),
};
const struct imp_col imp_cols_accounts[] = {
    CODE("project_code", "项目编号"),
    TXT("bank", "开户银行", 100),
    T("account_no", "专户账号", IT_CARD),
    T("opened_on", "开户日期", IT_PASTDATE),
};
const struct imp_col imp_cols_deposits[] = {
    CODE("project_code", "项目编号"),
    T("contractor_uscc", "施工总承包单位统一社会信用代码", IT_USCC),
    ENUM("form", "存储方式", v_dep_form),
    T("amount", "金额", IT_SMONEY),
    T("deposited_on", "存储日期", IT_PASTDATE),
    OPT("expires_on", "保函到期日", IT_DATE),
};
const struct imp_col imp_cols_employment[] = {
    CODE("project_code", "项目编号"),
    T("employer_uscc", "用工单位统一社会信用代码", IT_USCC),
    T("id_number", "身份证号", IT_IDCARD),
    TXT("name", "姓名", 50),
    T("phone", "手机号", IT_PHONE),
    OTXT("team", "班组", 50),
    OTXT("trade", "工种", 50),
    T("contract_signed", "是否签订劳动合同", IT_BOOL),
    T("entered_on", "进场日期", IT_PASTDATE),
    OPT("left_on", "退场日期", IT_PASTDATE),
};
const struct imp_col imp_cols_attendance[] = {
    CODE("project_code", "项目编号"),
    T("id_number", "身份证号", IT_IDCARD),
    T("date", "考勤日期", IT_PASTDATE),
    OPT("hours", "工时", IT_HOURS),
};
const struct imp_col imp_cols_payroll[] = {
    CODE("project_code", "项目编号"),
    T("employer_uscc", "用工单位统一社会信用代码", IT_USCC),
    T("month", "工资月份", IT_MONTH),
    T("id_number", "身份证号", IT_IDCARD),
    TXT("name", "姓名", 50),
    COUNT("days_worked", "出勤天数", 31),
    T("wage_due", "应发工资", IT_MONEY),
    OPT("deductions", "代扣金额", IT_MONEY),
    T("wage_paid", "实发工资", IT_MONEY),
    OPT("paid_on", "发放日期", IT_PASTDATE),
    ENUM("channel", "发放方式", v_channel),
    T("confirmed", "本人确认", IT_BOOL),
};
const struct imp_col imp_cols_txns[] = {
    CODE("project_code", "项目编号"),       T("account_no", "专户账号", IT_CARD),
    T("txn_date", "交易日期", IT_PASTDATE), ENUM("direction", "收支", v_direction),
    ENUM("kind", "类型", v_txn_kind),       T("amount", "金额", IT_MONEY),
    OTXT("counterparty", "对方户名", 100),  CODE("ref", "银行流水号"),
};
const struct imp_col imp_cols_disbursements[] = {
    T("account_no", "专户账号", IT_CARD),  CODE("ref", "银行流水号"),
    T("id_number", "身份证号", IT_IDCARD), TXT("name", "姓名", 50),
    T("card_no", "收款卡号", IT_CARD),     T("amount", "金额", IT_MONEY),
    T("paid_on", "到账日期", IT_PASTDATE), ENUM("status", "状态", v_disb_status),
};
const struct imp_col imp_cols_payments[] = {
    CODE("project_code", "项目编号"),
    T("payer_uscc", "付款单位统一社会信用代码", IT_USCC),
    T("payee_uscc", "收款单位统一社会信用代码", IT_USCC),
    ENUM("kind", "款项类型", v_pay_kind),
    T("amount", "金额", IT_MONEY),
    OPT("due_on", "应付日期", IT_DATE),
    OPT("paid_on", "实付日期", IT_PASTDATE),
    CODE("ref", "凭证号"),
};
const struct imp_col imp_cols_cases[] = {
    CODE("case_no", "案件编号"),
    T("region_code", "地区代码", IT_REGION),
    T("debtor_uscc", "欠薪单位统一社会信用代码", IT_USCC),
    TXT("debtor_name", "欠薪单位名称", 100),
    OCODE("project_code", "项目编号"),
    T("filed_on", "立案日期", IT_PASTDATE),
    OPT("closed_on", "结案日期", IT_PASTDATE),
    COUNT("people", "涉及人数", 1000000),
    T("amount", "欠薪金额", IT_MONEY),
    OPT("period_from", "欠薪起始月份", IT_MONTH),
    OTXT("result", "处理结果", 1000),
};
const struct imp_col imp_cols_blacklist[] = {
    T("uscc", "统一社会信用代码", IT_USCC),
    TXT("name", "名称", 100),
    ENUM("list", "名单类型", v_list),
    T("decided_on", "认定日期", IT_PASTDATE),
    TXT("decided_by", "认定机关", 100),
    OPT("expires_on", "届满日期", IT_DATE),
    TXT("reason", "事由", 1000),
};
const struct imp_col imp_cols_clues[] = {
    CODE("external_id", "外部编号"),
    ENUM("channel", "来源渠道", v_clue_channel),
    T("received_at", "接收时间", IT_DATETIME),
    TXT("complainant", "反映人", 50),
    OPT("complainant_id", "反映人身份证号", IT_IDCARD),
    T("phone", "联系电话", IT_PHONE),
    TXT("respondent", "被反映单位", 100),
    OPT("respondent_uscc", "被反映单位统一社会信用代码", IT_USCC),
    OTXT("project_name", "项目名称", 200),
    OCODE("project_code", "项目编号"),
    T("region_code", "地区代码", IT_REGION),
    ENUM("nature", "诉求性质", v_nature),
    COUNT("people", "涉及人数", 1000000),
    T("amount", "涉及金额", IT_MONEY),
    OPT("period_from", "欠薪起始月份", IT_MONTH),
    OPT("period_to", "欠薪截止月份", IT_MONTH),
    TXT("description", "情况描述", 2000),
};

/* Money above this is a typing error, not a contract (100 billion yuan). */
#define MONEY_MAX ((int64_t)10000000000000)

static size_t
utf8_chars(struct str s)
{
    size_t n = 0;
    for (size_t i = 0; i < s.len; i++)
        n += ((unsigned char)s.p[i] & 0xC0) != 0x80;
    return n;
}

static int
fail(char *reason, size_t cap, const char *msg)
{
    snprintf(reason, cap, "%s", msg);
    return ZQ_EINVAL;
}

static int
parse_bool(struct str s, int64_t *out)
{
    static const char *const yes[] = { "是", "Y", "y", "1", "true", "TRUE", "True", "yes", "YES" };
    static const char *const no[] = { "否", "N", "n", "0", "false", "FALSE", "False", "no", "NO" };

    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (str_eq_cstr(s, yes[i])) {
            *out = 1;
            return 0;
        }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (str_eq_cstr(s, no[i])) {
            *out = 0;
            return 0;
        }
    return -1;
}

/* A decimal with at most `places` decimals, scaled by 10^places. */
static int
parse_decimal(struct str s, int places, int64_t max, int64_t *out)
{
    int64_t v = 0;
    int frac = -1;

    if (s.len == 0 || s.len > 18)
        return -1;
    for (size_t i = 0; i < s.len; i++) {
        char ch = s.p[i];
        if (ch == '.' && frac < 0 && i > 0 && i + 1 < s.len) {
            frac = 0;
            continue;
        }
        if (ch < '0' || ch > '9')
            return -1;
        if (frac >= 0 && ++frac > places)
            return -1;
        v = v * 10 + (ch - '0');
    }
    for (int f = frac < 0 ? 0 : frac; f < places; f++)
        v *= 10;
    if (v > max)
        return -1;
    *out = v;
    return 0;
}

static int
parse_enum(const struct imp_col *c, struct str s, struct imp_cell *cell, char *reason, size_t cap)
{
    char list[400] = "";
    size_t len = 0;

    for (int i = 0; c->values[i] != NULL; i++)
        if (str_eq_cstr(s, c->values[i])) {
            cell->i = i;
            cell->s = str_from(c->values[i]);
            return 0;
        }
    for (int i = 0; c->values[i] != NULL && len < sizeof list; i++) {
        int n = snprintf(list + len, sizeof list - len, "%s%s", i ? "、" : "", c->values[i]);
        if (n < 0)
            break;
        len += (size_t)n;
    }
    snprintf(reason, cap, "不是可选值之一（%s）", list);
    return ZQ_EINVAL;
}

static int
parse_date_cell(struct imp *im, enum imp_type t, struct str s, struct imp_cell *cell, char *reason,
                size_t cap)
{
    struct zq_err e;
    /* 2000-01-01 and 2099-12-31 as day numbers. */
    enum { FIRST_DAY = 10957, LAST_DAY = 47481 };
    zq_date d;

    zq_err_clear(&e);
    if (date_parse(s, &d, &e) < 0)
        return fail(reason, cap, e.msg);
    if (d < FIRST_DAY || d > LAST_DAY)
        return fail(reason, cap, "日期超出范围（2000–2099 年）");
    if (t == IT_PASTDATE && d > im->today) {
        char buf[DATE_STR_LEN];
        snprintf(reason, cap, "日期晚于今天（%s），不能是将来的日期", date_format(im->today, buf));
        return ZQ_EINVAL;
    }
    cell->i = d;
    return 0;
}

static int
parse_code(const struct imp_col *c, struct str s, char *reason, size_t cap)
{
    if ((int64_t)s.len > c->max) {
        snprintf(reason, cap, "太长（最多 %lld 个字符）", (long long)c->max);
        return ZQ_EINVAL;
    }
    for (size_t i = 0; i < s.len; i++)
        if ((unsigned char)s.p[i] <= ' ' || (unsigned char)s.p[i] >= 0x7f)
            return fail(reason, cap, "只能由字母、数字和符号组成，不能含空格或汉字");
    return 0;
}

static int
parse_card(struct str s, struct imp_cell *cell, char *reason, size_t cap)
{
    size_t n = 0;

    for (size_t i = 0; i < s.len; i++) {
        char ch = s.p[i];
        if (ch == ' ' || ch == '-')
            continue;
        if (ch < '0' || ch > '9' || n >= 32)
            return fail(reason, cap, "账号/卡号只能由 8–32 位数字组成");
        cell->norm[n++] = ch;
    }
    if (n < 8)
        return fail(reason, cap, "账号/卡号只能由 8–32 位数字组成");
    cell->norm[n] = '\0';
    cell->s = (struct str){ cell->norm, n };
    return 0;
}

static int
parse_number(const struct imp_col *c, struct str s, struct imp_cell *cell, char *reason, size_t cap)
{
    struct zq_err e;

    zq_err_clear(&e);
    switch (c->type) {
    case IT_MONEY:
    case IT_SMONEY:
        if (money_parse(s, &cell->i, &e) < 0)
            return fail(reason, cap, e.msg);
        if (c->type == IT_MONEY && cell->i < 0)
            return fail(reason, cap, "金额不能为负数");
        if (cell->i > MONEY_MAX || cell->i < -MONEY_MAX)
            return fail(reason, cap, "金额超出范围（不超过 1000 亿元）");
        return 0;
    case IT_COUNT:
        if (str_to_i64(s, &cell->i) < 0 || cell->i < 0 || cell->i > c->max) {
            snprintf(reason, cap, "应为 0 到 %lld 之间的整数", (long long)c->max);
            return ZQ_EINVAL;
        }
        return 0;
    case IT_PERCENT:
        if (parse_decimal(s, 2, 10000, &cell->i) < 0)
            return fail(reason, cap, "应为 0 到 100 之间的百分数（如 20 或 22.5），不带 % 号");
        return 0;
    case IT_HOURS:
        if (parse_decimal(s, 1, 240, &cell->i) < 0)
            return fail(reason, cap, "工时应为 0 到 24 之间的数，最多 1 位小数");
        return 0;
    default:
        return fail(reason, cap, "内部错误：未知的数值类型");
    }
}

static int
parse_ident(struct imp *im, const struct imp_col *c, struct str s, struct imp_cell *cell,
            char *reason, size_t cap)
{
    struct zq_err e;
    int rc = 0;

    zq_err_clear(&e);
    switch (c->type) {
    case IT_USCC:
        rc = uscc_parse(s, cell->norm, &e);
        break;
    case IT_IDCARD:
        if (s.len == im->last_id_len && memcmp(s.p, im->last_id_raw, s.len) == 0) {
            memcpy(cell->norm, im->last_id_norm, IDCARD_LEN + 1);
            break;
        }
        rc = idcard_parse(s, cell->norm, &e);
        if (rc == 0 && s.len <= sizeof im->last_id_raw) {
            memcpy(im->last_id_raw, s.p, s.len);
            im->last_id_len = s.len;
            memcpy(im->last_id_norm, cell->norm, IDCARD_LEN + 1);
        }
        break;
    case IT_PHONE:
        rc = phone_parse(s, cell->norm, &e);
        break;
    case IT_REGION:
        if (s.len >= sizeof cell->norm || region_find_str(im->regions, s) == NULL)
            return fail(reason, cap, "不是有效的行政区划代码（GB/T 2260）");
        memcpy(cell->norm, s.p, s.len);
        cell->norm[s.len] = '\0';
        break;
    default:
        return fail(reason, cap, "内部错误：未知的代码类型");
    }
    if (rc < 0)
        return fail(reason, cap, e.msg);
    cell->s = str_from(cell->norm);
    return 0;
}

int
imp_parse_cell(struct imp *im, const struct imp_col *c, struct str raw, struct imp_cell *cell,
               char *reason, size_t cap)
{
    struct str s = str_trim(raw);
    struct zq_err e;

    cell->present = s.len > 0;
    cell->i = 0;
    cell->s = s;
    if (!cell->present)
        return c->opt ? 0 : fail(reason, cap, "必填，不能为空");
    switch (c->type) {
    case IT_TEXT:
        if ((int64_t)utf8_chars(s) > c->max) {
            snprintf(reason, cap, "太长（最多 %lld 个字）", (long long)c->max);
            return ZQ_EINVAL;
        }
        return 0;
    case IT_CODE:
        return parse_code(c, s, reason, cap);
    case IT_USCC:
    case IT_IDCARD:
    case IT_PHONE:
    case IT_REGION:
        return parse_ident(im, c, s, cell, reason, cap);
    case IT_DATE:
    case IT_PASTDATE:
        return parse_date_cell(im, c->type, s, cell, reason, cap);
    case IT_MONTH: {
        zq_month m;
        zq_err_clear(&e);
        if (month_parse(s, &m, &e) < 0)
            return fail(reason, cap, e.msg);
        if (month_year(m) < 2000 || month_year(m) > 2099)
            return fail(reason, cap, "月份超出范围（2000–2099 年）");
        cell->i = m;
        return 0;
    }
    case IT_DATETIME: {
        zq_date d;
        int y, mo, dd;
        zq_err_clear(&e);
        /* An Excel date-time cell at midnight comes out as a bare date. */
        if (s.len == 10 && date_parse(s, &d, &e) == 0)
            cell->i = ((int64_t)d * 86400) - 8 * 3600;
        else if (ts_parse(s, &cell->i, &e) < 0)
            return fail(reason, cap, e.msg);
        date_to_ymd(ts_date(cell->i), &y, &mo, &dd);
        if (y < 2000 || y > 2099)
            return fail(reason, cap, "时间超出范围（2000–2099 年）");
        if (ts_date(cell->i) > im->today)
            return fail(reason, cap, "时间晚于今天，不能是将来的时间");
        return 0;
    }
    case IT_MONEY:
    case IT_SMONEY:
    case IT_COUNT:
    case IT_PERCENT:
    case IT_HOURS:
        return parse_number(c, s, cell, reason, cap);
    case IT_BOOL:
        if (parse_bool(s, &cell->i) < 0)
            return fail(reason, cap, "应为 是/否（也可写 Y/N、1/0、true/false）");
        return 0;
    case IT_ENUM:
        return parse_enum(c, s, cell, reason, cap);
    case IT_CARD:
        return parse_card(s, cell, reason, cap);
    }
    return fail(reason, cap, "内部错误：未知的列类型");
}
