/*
 * test_cases.c - case handling (svc/cases.h) on a temporary SQLite
 * database loaded with the examples of docs/formats.md: the 限时办结
 * deadline across the 2026 National Day holiday and the 2026 Spring
 * Festival make-up days, the liable chain, every action refused in a state
 * that does not allow it (with its message), the closing rule (三不放过),
 * the builder's cap, the 保证金 draw, and an emergency fund that never goes
 * below zero.  The same service runs on PostgreSQL in tests/e2e/cases_test.py.
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
#include "svc/cases.h"
#include "svc/import.h"
#include "t.h"

#define T_OK(call) T_CHECK((call) == 0)

static const char CSV_ENTERPRISES[] =
    "uscc,name,kind,legal_rep,region_code,phone\n"
    "91330106MA2GL7N1B6,杭州市西湖区城市建设发展有限公司,建设单位,陈国华,330106,0571-87961234\n"
    "91330109MA2B0RRC4J,杭州萧山交通投资集团有限公司,建设单位,沈立新,330109,0571-82756610\n"
    "91330102143095287F,浙江宏远建设集团有限公司,施工总承包,周志强,330102,13905712345\n"
    "91330109MA27WK5A1Q,杭州恒信建筑劳务有限公司,劳务分包,李春生,330109,13857161234\n"
    "91330110704211093P,浙江精工幕墙装饰工程有限公司,专业分包,吴海峰,330110,\n"
    "91330105MA2H3KQ8P5,杭州顺安建筑劳务有限公司,劳务分包,钱永福,330105,15990187723\n";

static const char CSV_PROJECTS[] =
    "项目编号,项目名称,项目所在地区代码,行业主管部门,投资类型,建设单位统一社会信用代码,"
    "施工总承包单位统一社会信用代码,合同金额,人工费占比,合同签订日期,开工日期,计划竣工日期,"
    "项目状态,劳资专管员,维权告示牌\n"
    "XH-2025-0018,西湖区文新单元R21-12地块安置房工程,330106,住建,政府投资,91330106MA2GL7N1B6,"
    "91330102143095287F,128600000.00,20,2025-02-18,2025-03-01,2027-06-30,在建,王建平,是\n"
    "XS-JT-2025-0007,萧山区时代大道南延（二期）道路工程,330109,交通,国有企业投资,"
    "91330109MA2B0RRC4J,91330102143095287F,56800000.00,18.5,,2025-05-10,2026-12-31,在建,,否\n";

static const char CSV_SUBCONTRACTS[] =
    "project_code,subcontractor_uscc,kind,amount,start_date\n"
    "XH-2025-0018,91330109MA27WK5A1Q,劳务分包,18500000.00,2025-03-15\n"
    "XH-2025-0018,91330110704211093P,专业分包,6200000.00,2025-09-01\n"
    "XS-JT-2025-0007,91330109MA27WK5A1Q,劳务分包,9800000.00,2025-05-20\n";

static const char CSV_PAYMENTS[] =
    "project_code,payer_uscc,payee_uscc,kind,amount,due_on,paid_on,ref\n"
    "XH-2025-0018,91330106MA2GL7N1B6,91330102143095287F,预付款,12860000.00,2025-03-15,2025-03-12,"
    "XHAZ-YF-001\n"
    "XH-2025-0018,91330106MA2GL7N1B6,91330102143095287F,进度款,8600000.00,2026-10-31,2026-11-04,"
    "XHAZ-JD-2026-10\n"
    "XH-2025-0018,91330102143095287F,91330109MA27WK5A1Q,进度款,1250000.00,2026-11-10,2026-11-08,HY-"
    "LW-2026-11\n"
    "XS-JT-2025-0007,91330109MA2B0RRC4J,91330102143095287F,进度款,3200000.00,2026-10-15,,XSJT-JD-"
    "2026-09\n";

static const char CSV_DEPOSITS[] =
    "project_code,contractor_uscc,form,amount,deposited_on,expires_on\n"
    "XH-2025-0018,91330102143095287F,现金,2572000.00,2025-03-05,\n"
    "XS-JT-2025-0007,91330102143095287F,银行保函,1136000.00,2025-05-12,2027-06-30\n"
    "XH-2025-0018,91330102143095287F,现金,-86000.00,2026-09-15,\n";

#define PROJECT "XH-2025-0018"
#define SUB     "91330109MA27WK5A1Q"

static char dir[64];
static struct config *cfg;

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

static void
add_user(struct app *a, const char *name)
{
    struct store_user u;
    struct zq_err e;
    int64_t id;

    memset(&u, 0, sizeof u);
    snprintf(u.username, sizeof u.username, "%s", name);
    snprintf(u.password_hash, sizeof u.password_hash, "x");
    snprintf(u.role, sizeof u.role, "inspector");
    snprintf(u.region, sizeof u.region, "330100");
    T_OK(store_user_insert(a->st, &u, 1, &id, &e));
}

static struct app *
fresh(void)
{
    static int n;
    struct app *a = NULL;
    struct zq_err e;
    char path[128];
    int v;

    zq_err_clear(&e);
    snprintf(path, sizeof path, "%s/cases%d.db", dir, n++);
    if (config_set(cfg, "db", path, &e) < 0 || app_open(cfg, APP_DB, &a, &e) < 0 ||
        store_migrate(a->st, &v, &e) < 0) {
        fprintf(stderr, "open %s: %s\n", path, e.msg);
        exit(1);
    }
    load(a, "enterprises", CSV_ENTERPRISES);
    load(a, "projects", CSV_PROJECTS);
    load(a, "subcontracts", CSV_SUBCONTRACTS);
    load(a, "payments", CSV_PAYMENTS);
    load(a, "deposits", CSV_DEPOSITS);
    add_user(a, "insp1");
    add_user(a, "insp2");
    return a;
}

static const struct case_who cli = { NULL, "test", 0 };

/* Run a JSON request; returns the code, fills *out (may be NULL). */
static int
act(struct app *a, const char *case_no, const char *json, json_t **out, struct zq_err *e)
{
    json_t *req = json_loads(json, 0, NULL), *o = NULL;
    int rc;

    zq_err_clear(e);
    if (req == NULL) {
        fprintf(stderr, "bad test JSON: %s\n", json);
        exit(1);
    }
    rc =
        case_no != NULL ? case_act(a, &cli, case_no, req, &o, e) : case_create(a, &cli, req, &o, e);
    json_decref(req);
    if (out != NULL)
        *out = o;
    else
        json_decref(o);
    return rc;
}

static const char *
s_of(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);

    return json_is_string(v) ? json_string_value(v) : "";
}

/* A new case from an inspection of the sub on the project, with two workers. */
static void
open_case(struct app *a, char no[48], bool workers)
{
    struct zq_err e;
    json_t *c = NULL;

    T_OK(act(a, NULL,
             workers
                 ? "{\"origin\":\"检查\",\"project_code\":\"" PROJECT "\",\"debtor_uscc\":\"" SUB
                   "\",\"filed_on\":\"2026-11-02\",\"workers\":[{\"id_number\":"
                   "\"510322198503142715\",\"name\":\"张建军\",\"owed\":\"25000\"},"
                   "{\"id_number\":\"412726199007225626\",\"name\":\"李红梅\",\"owed\":"
                   "\"15000.50\"}]}"
                 : "{\"origin\":\"检查\",\"project_code\":\"" PROJECT "\",\"debtor_uscc\":\"" SUB
                   "\",\"filed_on\":\"2026-11-02\",\"amount\":\"1000\",\"people\":1}",
             &c, &e));
    snprintf(no, 48, "%s", s_of(c, "case_no"));
    json_decref(c);
}

/* ---------------------------------------------------------------- deadlines */

static void
test_deadlines(void)
{
    const struct calendar *cal = NULL;
    struct app *a = fresh();
    struct zq_err e;

    T_OK(app_calendar(a, &cal, &e));
    /* 60 working days from 2026-09-25 step over 国庆 (Oct 1-7 off) and count
     * the make-up Saturday 2026-10-10 */
    T_EQ_INT(case_deadline(cal, cfg, date_from_ymd(2026, 9, 25)), date_from_ymd(2026, 12, 24));
    T_EQ_INT(calendar_workdays(cal, date_from_ymd(2026, 9, 25), date_from_ymd(2026, 12, 24), NULL),
             60);
    T_OK(config_set(cfg, "cases.deadline_workdays", "5", &e));
    T_EQ_INT(case_deadline(cal, cfg, date_from_ymd(2026, 9, 28)), date_from_ymd(2026, 10, 10));
    /* Spring Festival 2026: Feb 14 is a make-up working day, Feb 15-23 off */
    T_OK(config_set(cfg, "cases.extension_workdays", "3", &e));
    T_EQ_INT(case_extended_deadline(cal, cfg, date_from_ymd(2026, 2, 12)),
             date_from_ymd(2026, 2, 24));
    T_EQ_INT(case_extended_deadline(cal, cfg, date_from_ymd(2026, 2, 13)),
             date_from_ymd(2026, 2, 25));
    T_OK(config_set(cfg, "cases.deadline_workdays", "60", &e));
    T_OK(config_set(cfg, "cases.extension_workdays", "30", &e));
    app_free(a);
}

static void
test_extend(void)
{
    struct app *a = fresh();
    char no[48];
    json_t *c = NULL;
    struct zq_err e;

    open_case(a, no, true);
    T_OK(case_get(a, NULL, no, &c, &e));
    T_EQ_STR(s_of(c, "deadline_on"), "2027-01-26"); /* 60 working days from 2026-11-02 */
    json_decref(c);
    T_EQ_INT(act(a, no, "{\"action\":\"extend\"}", NULL, &e), ZQ_EINVAL);
    T_EQ_STR(e.field, "approver");
    T_OK(act(a, no, "{\"action\":\"extend\",\"approver\":\"局长\",\"reason\":\"案情复杂\"}", &c,
             &e));
    T_EQ_STR(s_of(c, "deadline_on"),
             "2027-03-11"); /* +30 across the 2027 Spring Festival (provisional) */
    T_EQ_STR(s_of(c, "extension_approver"), "局长");
    json_decref(c);
    T_EQ_INT(act(a, no, "{\"action\":\"extend\",\"approver\":\"x\",\"reason\":\"y\"}", NULL, &e),
             ZQ_ECONFLICT);
    T_CONTAINS(e.msg, "已延长过一次");
    app_free(a);
}

/* ---------------------------------------------------------------- chain */

static void
test_chain(void)
{
    struct app *a = fresh();
    const json_t *chain;
    char no[48];
    json_t *c = NULL;
    struct zq_err e;

    open_case(a, no, true);
    T_CHECK(strncmp(no, "AJ330106-2026-", 14) == 0);
    T_OK(case_get(a, NULL, no, &c, &e));
    chain = json_object_get(c, "chain");
    T_EQ_INT(json_array_size(chain), 3);
    T_EQ_STR(s_of(json_array_get(chain, 0), "role"), "分包单位");
    T_EQ_STR(s_of(json_array_get(chain, 1), "role"), "施工总承包");
    T_CONTAINS(s_of(json_array_get(chain, 1), "liability"), "条例第三十条");
    T_EQ_STR(s_of(json_array_get(chain, 2), "role"), "建设单位");
    T_CONTAINS(s_of(json_array_get(chain, 2), "liability"), "以未结清的工程款为限");
    T_EQ_STR(s_of(c, "amount"), "40000.50");
    T_EQ_INT(json_integer_value(json_object_get(c, "people")), 2);
    json_decref(c);
    /* the builder paid all its 工程款 on this project: nothing to advance */
    T_EQ_INT(act(a, no,
                 "{\"action\":\"settle\",\"payer_role\":\"建设单位垫付\",\"lines\":"
                 "[{\"worker_id\":1,\"amount\":\"100\"}]}",
                 NULL, &e),
             ZQ_ECONFLICT);
    T_CONTAINS(e.msg, "未结清的工程款为限");
    /* 总包先行清偿 is paid by the general contractor */
    T_OK(act(a, no,
             "{\"action\":\"settle\",\"payer_role\":\"总包先行清偿\",\"lines\":"
             "[{\"worker_id\":1,\"amount\":\"100\"}]}",
             &c, &e));
    T_EQ_STR(s_of(json_array_get(json_object_get(c, "settlements"), 0), "payer_uscc"),
             "91330102143095287F");
    json_decref(c);
    /* illegal subcontracting: the chain names 条例 36 */
    T_OK(act(a, NULL,
             "{\"origin\":\"检查\",\"project_code\":\"" PROJECT "\",\"debtor_name\":\"包工头王某\","
             "\"illegal_sub\":true,\"amount\":\"5000\"}",
             &c, &e));
    chain = json_object_get(c, "chain");
    T_EQ_INT(json_array_size(chain), 2);
    T_CONTAINS(s_of(json_array_get(chain, 0), "liability"), "第三十六条");
    T_CONTAINS(s_of(json_array_get(chain, 1), "liability"), "第三十六条");
    json_decref(c);
    app_free(a);
}

/* ---------------------------------------------------------------- transitions */

static void
test_transitions(void)
{
    struct app *a = fresh();
    char no[48], bare[48];
    struct zq_err e;

    open_case(a, no, true);
    open_case(a, bare, false);
    T_EQ_INT(act(a, no, "{\"action\":\"fly\"}", NULL, &e), ZQ_EINVAL);
    T_EQ_STR(e.field, "action");
    T_EQ_INT(act(a, "AJ000000-2026-999999", "{\"action\":\"plan\"}", NULL, &e), ZQ_ENOTFOUND);
    /* documents need two handlers */
    T_EQ_INT(act(a, no,
                 "{\"action\":\"document\",\"kind\":\"限期整改指令书\",\"deadline_on\":"
                 "\"2026-11-10\"}",
                 NULL, &e),
             ZQ_ECONFLICT);
    T_CONTAINS(e.msg, "两名承办人");
    T_EQ_INT(act(a, no, "{\"action\":\"assign\",\"handlers\":[\"insp1\"]}", NULL, &e), ZQ_EINVAL);
    T_OK(act(a, no,
             "{\"action\":\"assign\",\"handlers\":[\"insp1\",\"insp2\"],\"leader\":\"insp1\","
             "\"plan\":\"约谈总包\"}",
             NULL, &e));
    T_EQ_INT(act(a, no, "{\"action\":\"document\",\"kind\":\"限期整改指令书\"}", NULL, &e),
             ZQ_EINVAL);
    T_EQ_STR(e.field, "deadline_on");
    /* police: no overdue order yet */
    T_EQ_INT(act(a, no, "{\"action\":\"police\",\"on\":\"2026-11-20\"}", NULL, &e), ZQ_ECONFLICT);
    T_CONTAINS(e.msg, "逾期未履行");
    T_OK(act(a, no,
             "{\"action\":\"document\",\"kind\":\"责令支付通知\",\"issued_on\":"
             "\"2026-11-03\",\"deadline_on\":\"2026-11-10\"}",
             NULL, &e));
    /* overdue, and 40000.50 ≥ 30000 yuan: transferred */
    T_OK(act(a, no, "{\"action\":\"police\",\"on\":\"2026-11-20\"}", NULL, &e));
    T_EQ_INT(act(a, no, "{\"action\":\"police\"}", NULL, &e), ZQ_ECONFLICT);
    /* under the threshold: refused */
    T_OK(config_set(cfg, "cases.criminal_threshold_yuan", "50000", &e));
    T_OK(act(a, bare, "{\"action\":\"assign\",\"handlers\":[\"insp1\",\"insp2\"]}", NULL, &e));
    T_OK(act(a, bare,
             "{\"action\":\"document\",\"kind\":\"责令支付通知\",\"issued_on\":"
             "\"2026-11-03\",\"deadline_on\":\"2026-11-10\"}",
             NULL, &e));
    T_EQ_INT(act(a, bare, "{\"action\":\"police\",\"on\":\"2026-11-20\"}", NULL, &e), ZQ_ECONFLICT);
    T_CONTAINS(e.msg, "未达到");
    T_OK(config_set(cfg, "cases.criminal_threshold_yuan", "30000", &e));
    /* settling needs listed workers */
    T_EQ_INT(
        act(a, bare, "{\"action\":\"settle\",\"payer_role\":\"用人单位\",\"lines\":[]}", NULL, &e),
        ZQ_ECONFLICT);
    T_CONTAINS(e.msg, "尚未列明劳动者");
    T_EQ_INT(act(a, no,
                 "{\"action\":\"settle\",\"payer_role\":\"应急周转金\",\"lines\":"
                 "[{\"worker_id\":1,\"amount\":\"1\"}]}",
                 NULL, &e),
             ZQ_EINVAL);
    T_EQ_INT(act(a, no,
                 "{\"action\":\"settle\",\"payer_role\":\"用人单位\",\"lines\":"
                 "[{\"worker_id\":1,\"amount\":\"25000.01\"}]}",
                 NULL, &e),
             ZQ_EINVAL);
    T_CONTAINS(e.msg, "超出尚欠金额");
    T_EQ_INT(act(a, no, "{\"action\":\"supervise\",\"level\":\"none\"}", NULL, &e), ZQ_ECONFLICT);
    T_OK(act(a, no, "{\"action\":\"supervise\",\"level\":\"city\"}", NULL, &e));
    T_EQ_INT(act(a, no, "{\"action\":\"escalate\",\"region_code\":\"330109\",\"reason\":\"x\"}",
                 NULL, &e),
             ZQ_EINVAL);
    /* closing by police transfer is allowed now; afterwards nothing is */
    T_EQ_INT(act(a, no, "{\"action\":\"close\",\"kind\":\"移送法院\",\"result\":\"x\"}", NULL, &e),
             ZQ_ECONFLICT);
    T_OK(act(a, no,
             "{\"action\":\"close\",\"kind\":\"移送公安\",\"result\":\"已移送公安机关立案侦查\"}",
             NULL, &e));
    {
        static const char *const after[] = {
            "{\"action\":\"plan\",\"plan\":\"x\"}",
            "{\"action\":\"settle\",\"payer_role\":\"用人单位\",\"lines\":[{\"worker_id\":1,"
            "\"amount\":\"1\"}]}",
            "{\"action\":\"advance\",\"lines\":[{\"worker_id\":1,\"amount\":\"1\"}]}",
            "{\"action\":\"close\",\"result\":\"x\"}",
            "{\"action\":\"extend\",\"approver\":\"x\",\"reason\":\"y\"}",
        };
        for (size_t i = 0; i < sizeof after / sizeof after[0]; i++) {
            T_EQ_INT(act(a, no, after[i], NULL, &e), ZQ_ECONFLICT);
            T_CONTAINS(e.msg, "已于");
        }
    }
    app_free(a);
}

/* ---------------------------------------------------------------- closing rule */

static void
test_closing(void)
{
    struct app *a = fresh();
    char no[48];
    json_t *c = NULL;
    struct zq_err e;

    open_case(a, no, true);
    T_EQ_INT(act(a, no, "{\"action\":\"close\",\"result\":\"x\"}", NULL, &e), ZQ_ECONFLICT);
    T_CONTAINS(e.msg, "处理到位");
    T_OK(act(a, no, "{\"action\":\"assign\",\"handlers\":[\"insp1\",\"insp2\"],\"plan\":\"p\"}",
             NULL, &e));
    T_OK(act(a, no,
             "{\"action\":\"settle\",\"payer_role\":\"用人单位\",\"lines\":"
             "[{\"worker_id\":1,\"amount\":\"25000\"},{\"worker_id\":2,\"amount\":"
             "\"15000\"}]}",
             NULL, &e));
    /* 0.50 short for one worker: still refused */
    T_EQ_INT(act(a, no, "{\"action\":\"close\",\"result\":\"x\"}", NULL, &e), ZQ_ECONFLICT);
    T_CONTAINS(e.msg, "1 名劳动者未结清，合计 0.50 元");
    T_EQ_INT(act(a, no, "{\"action\":\"close\"}", NULL, &e), ZQ_EINVAL);
    /* the 保证金 pays the rest: a draw tied to the case */
    T_OK(act(a, no,
             "{\"action\":\"settle\",\"payer_role\":\"保证金\",\"paid_on\":\"2026-11-20\","
             "\"lines\":[{\"worker_id\":2,\"amount\":\"0.50\"}]}",
             &c, &e));
    T_EQ_INT(json_array_size(json_object_get(c, "deposit_draws")), 1);
    T_EQ_STR(s_of(json_array_get(json_object_get(c, "deposit_draws"), 0), "amount"), "0.50");
    T_CHECK(json_is_true(json_object_get(c, "closable")));
    json_decref(c);
    T_OK(act(a, no, "{\"action\":\"close\",\"result\":\"已全额清偿\",\"closed_on\":\"2026-11-21\"}",
             &c, &e));
    T_EQ_STR(s_of(c, "status"), "已结案");
    T_EQ_STR(s_of(c, "close_kind"), "全额清偿");
    json_decref(c);
    app_free(a);
}

/* ---------------------------------------------------------------- fund */

static void
test_fund(void)
{
    struct app *a = fresh();
    char no[48];
    json_t *c = NULL, *req;
    struct zq_err e;

    open_case(a, no, true);
    T_EQ_INT(act(a, no, "{\"action\":\"advance\",\"lines\":[{\"worker_id\":2,\"amount\":\"100\"}]}",
                 NULL, &e),
             ZQ_ECONFLICT);
    T_CONTAINS(e.msg, "没有设立应急周转金");
    req = json_pack("{s:s}", "amount", "100.00");
    T_OK(fund_topup(a, &cli, "330100", req, &c, &e)); /* the city's fund serves its counties */
    json_decref(c);
    json_decref(req);
    T_EQ_INT(act(a, no,
                 "{\"action\":\"advance\",\"lines\":[{\"worker_id\":2,\"amount\":\"100.01\"}]}",
                 NULL, &e),
             ZQ_ECONFLICT);
    T_CONTAINS(e.msg, "余额 100.00 元，不足以垫付 100.01 元");
    T_OK(act(a, no,
             "{\"action\":\"advance\",\"lines\":[{\"worker_id\":2,\"amount\":\"60\"},"
             "{\"worker_id\":1,\"amount\":\"40\"}]}",
             &c, &e));
    T_EQ_INT(json_array_size(json_object_get(c, "advances")), 1);
    T_EQ_STR(s_of(json_array_get(json_object_get(c, "advances"), 0), "outstanding"), "100.00");
    json_decref(c);
    T_EQ_INT(act(a, no,
                 "{\"action\":\"advance\",\"lines\":[{\"worker_id\":2,\"amount\":\"0.01\"}]}", NULL,
                 &e),
             ZQ_ECONFLICT);
    T_OK(fund_get(a, NULL, "330100", &c, &e));
    T_EQ_STR(s_of(c, "balance"), "0.00");
    T_EQ_STR(s_of(c, "outstanding"), "100.00");
    json_decref(c);
    /* recoveries: never beyond what is outstanding */
    req = json_pack("{s:i, s:s}", "advance_id", 1, "amount", "100.01");
    T_EQ_INT(fund_recover(a, &cli, "330100", req, &c, &e), ZQ_ECONFLICT);
    json_decref(req);
    req = json_pack("{s:i, s:s}", "advance_id", 1, "amount", "30");
    T_OK(fund_recover(a, &cli, "330100", req, &c, &e));
    T_EQ_STR(s_of(c, "balance"), "30.00");
    T_EQ_STR(s_of(c, "outstanding"), "70.00");
    json_decref(c);
    json_decref(req);
    app_free(a);
}

static const struct t_case t_cases[] = {
    { "deadlines", test_deadlines },
    { "extend", test_extend },
    { "chain", test_chain },
    { "transitions", test_transitions },
    { "closing rule", test_closing },
    { "fund", test_fund },
    { 0 },
};

int
main(int argc, char **argv)
{
    struct zq_err e;
    int rc;

    snprintf(dir, sizeof dir, "/tmp/zq-cases-XXXXXX");
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    cfg = config_new();
    zq_err_clear(&e);
    if (config_set(cfg, "secret_key", "unit-test-secret-key-of-32-characters!", &e) < 0)
        return 1;
    rc = t_main(t_cases, argc, argv);
    config_free(cfg);
    {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", dir);
    }
    return rc;
}
