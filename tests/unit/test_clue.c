/*
 * test_clue.c - clue handling (svc/clue*.c, store/store_clue.c): ticket
 * numbers, routing, bigrams, every legal and illegal transition of the
 * action table, deadlines across the 2026 National Day holiday and the
 * Spring Festival make-up days, office hours, and a flow on a temporary
 * SQLite database (duplicates linked, imported clues numbered and linked the
 * same way, 409 before 422, transfer and receipt, reopening once, search by
 * two-character names).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/table.h"
#include "svc/clue.h"
#include "svc/import.h"
#include "t.h"

#define T_OK(call) T_CHECK((call) == 0)

static zq_date
d(const char *s)
{
    zq_date z = 0;

    if (date_parse(str_from(s), &z, NULL) < 0)
        abort();
    return z;
}

static void
t_ticket(void)
{
    char t[CLUE_TICKET_MAX];

    clue_ticket_format("330281", d("2026-11-23"), 1, t);
    T_EQ_STR(t, "XS330281202611230001");
    clue_ticket_format("330281001", d("2026-01-05"), 12345, t);
    T_EQ_STR(t, "XS3302810012026010512345");
}

static void
t_route(void)
{
    struct store_clue_route f;
    char region[10], dept[16];

    memset(&f, 0, sizeof f);
    clue_route(&f, "330282", region, dept);
    T_EQ_STR(region, "330282");
    T_EQ_STR(dept, "hrss");
    f.ent_id = 7;
    snprintf(f.ent_region, sizeof f.ent_region, "330106");
    clue_route(&f, "330282", region, dept);
    T_EQ_STR(region, "330106"); /* the respondent's region when no project */
    T_EQ_STR(dept, "hrss");
    f.project_id = 3;
    snprintf(f.project_region, sizeof f.project_region, "330281");
    snprintf(f.project_industry, sizeof f.project_industry, "水利");
    clue_route(&f, "330282", region, dept);
    T_EQ_STR(region, "330281"); /* the project's region first */
    T_EQ_STR(dept, "water");    /* and its industry department */
    T_EQ_STR(clue_industry_dept("住建"), "housing");
    T_EQ_STR(clue_industry_dept("其他"), "hrss");
}

static void
t_bigrams(void)
{
    char g[16][SC_GRAM_MAX];
    size_t n = store_clue_bigrams("王五", strlen("王五"), g, 0, 16);

    T_EQ_INT((int)n, 1);
    T_EQ_STR(g[0], "王五");
    n = store_clue_bigrams("张 三丰丰丰", strlen("张 三丰丰丰"), g, 0, 16);
    T_EQ_INT((int)n, 2); /* 三丰, 丰丰: the space breaks 张 off, duplicates once */
    T_EQ_STR(g[0], "三丰");
    T_EQ_STR(g[1], "丰丰");
    n = store_clue_bigrams("李", 3, g, 0, 16);
    T_EQ_INT((int)n, 0);
    n = store_clue_bigrams("\xe4\xb8", 2, g, 0, 16); /* a cut character */
    T_EQ_INT((int)n, 0);
}

/* Every action × every state: allowed exactly where the table says. */
static void
t_transitions(void)
{
    static const char *const states[] = { CLUE_PENDING,     CLUE_ACCEPTED, CLUE_REJECTED,
                                          CLUE_TRANSFERRED, CLUE_CHECKING, CLUE_VERIFIED,
                                          CLUE_UNFOUNDED,   CLUE_PAYMENT,  CLUE_CLOSED,
                                          CLUE_VISITED };
    static const struct {
        const char *action;
        const char *from;
    } legal[] = {
        { "accept", CLUE_PENDING },           { "reject", CLUE_PENDING },
        { "transfer", CLUE_PENDING },         { "transfer", CLUE_ACCEPTED },
        { "receive", CLUE_TRANSFERRED },      { "verify", CLUE_ACCEPTED },
        { "confirm", CLUE_CHECKING },         { "unfounded", CLUE_CHECKING },
        { "project_payment", CLUE_CHECKING }, { "close", CLUE_VERIFIED },
        { "close", CLUE_UNFOUNDED },          { "close", CLUE_PAYMENT },
        { "feedback", CLUE_CLOSED },
    };
    static const char *const actions[] = { "accept", "reject",  "transfer",  "receive",
                                           "verify", "confirm", "unfounded", "project_payment",
                                           "close",  "feedback" };
    int nlegal = 0;

    for (size_t a = 0; a < sizeof actions / sizeof actions[0]; a++) {
        T_CHECK(clue_action_known(actions[a]));
        for (size_t s = 0; s < sizeof states / sizeof states[0]; s++) {
            bool want = false;
            for (size_t l = 0; l < sizeof legal / sizeof legal[0]; l++)
                want |= strcmp(legal[l].action, actions[a]) == 0 &&
                        strcmp(legal[l].from, states[s]) == 0;
            nlegal += want;
            if (!T_CHECK(clue_action_allowed(actions[a], states[s]) == want))
                fprintf(stderr, "     %s from %s\n", actions[a], states[s]);
        }
    }
    T_EQ_INT(nlegal, 13);
    T_CHECK(!clue_action_known("delete"));
    T_CHECK(!clue_action_allowed("delete", CLUE_PENDING));
}

static void
t_deadlines(void)
{
    struct calendar *cal = NULL;
    struct zq_err e;
    char out[DATE_STR_LEN];

    zq_err_clear(&e);
    T_OK(calendar_new_builtin(&cal, &e));
    /* National Day 2026: 10-01..10-07 off, 10-10 (Saturday) a working day */
    T_EQ_STR(date_format(calendar_add_workdays(cal, d("2026-09-28"), 5, NULL), out), "2026-10-10");
    T_EQ_STR(date_format(calendar_add_workdays(cal, d("2026-09-30"), 5, NULL), out), "2026-10-13");
    /* accepted on 09-30: closure within 15 working days */
    T_EQ_STR(date_format(calendar_add_workdays(cal, d("2026-09-30"), 15, NULL), out), "2026-10-27");
    /* received on National Day itself */
    T_EQ_STR(date_format(calendar_add_workdays(cal, d("2026-10-03"), 5, NULL), out), "2026-10-13");
    /* Spring Festival 2026: 02-14 (Saturday) works, 02-15..02-23 off, 02-28 works */
    T_EQ_STR(date_format(calendar_add_workdays(cal, d("2026-02-13"), 5, NULL), out), "2026-02-27");
    T_EQ_STR(date_format(calendar_add_workdays(cal, d("2026-02-24"), 5, NULL), out), "2026-03-02");
    T_EQ_STR(date_format(calendar_add_workdays(cal, d("2026-02-12"), 1, NULL), out), "2026-02-13");
    T_EQ_STR(date_format(calendar_add_workdays(cal, d("2026-02-13"), 1, NULL), out), "2026-02-14");
    /* office hours: a Saturday make-up day is a working day */
    {
        struct clue_settings s = { .office_start = 8 * 60 + 30, .office_end = 17 * 60 + 30 };
        int64_t sat = (int64_t)d("2026-02-14") * 86400 - 8 * 3600; /* 00:00 +08:00 */
        T_CHECK(clue_off_hours(cal, &s, sat + 7 * 3600));          /* 07:00 */
        T_CHECK(!clue_off_hours(cal, &s, sat + 9 * 3600));         /* 09:00 */
        T_CHECK(clue_off_hours(cal, &s, sat + 17 * 3600 + 1800));  /* 17:30 */
        T_CHECK(clue_off_hours(cal, &s, sat + 86400 + 10 * 3600)); /* Sunday 02-15 */
        T_CHECK(clue_off_hours(cal, &s, (int64_t)d("2026-10-08") * 86400 - 8 * 3600 + 23 * 3600));
        T_CHECK(!clue_off_hours(cal, &s, (int64_t)d("2026-10-08") * 86400 - 8 * 3600 + 10 * 3600));
    }
    calendar_free(cal);
}

static void
t_settings(void)
{
    struct config *cfg = config_new();
    struct clue_settings s;
    struct zq_err e;

    zq_err_clear(&e);
    T_OK(clue_settings_load(cfg, &s, &e));
    T_EQ_INT(s.accept_workdays, 5);
    T_EQ_INT(s.close_workdays, 15);
    T_EQ_INT(s.dup_days, 30);
    T_EQ_INT(s.office_start, 510);
    T_EQ_INT(s.office_end, 1050);
    T_OK(config_set(cfg, "clues.office_hours", "9:00-17:00", &e));
    T_EQ_INT(clue_settings_load(cfg, &s, &e), ZQ_EINVAL);
    config_free(cfg);
}

/* ---------------------------------------------------------------- a flow on SQLite */

#define USCC_B "91330281MA2B00001P"
#define USCC_A "91330106MA2A00003J"
static const char CSV_ENT[] =
    "uscc,name,kind,legal_rep,region_code,phone\n" USCC_B ",建设单位B,建设单位,甲,330281,"
    "0574-62001001\n" USCC_A ",总包A,施工总承包,乙,330106,0574-62001002\n";
static const char CSV_PROJ[] =
    "code,name,region_code,industry,funding,builder_uscc,contractor_uscc,contract_amount,"
    "labor_cost_ratio,start_date,planned_end,status\n"
    "P1,余姚安置房项目,330281,住建,政府投资," USCC_B "," USCC_A
    ",1000000,20,2025-01-01,2027-01-01,在建\n";
static const char CSV_CLUES[] =
    "external_id,channel,received_at,complainant,phone,respondent,project_code,region_code,"
    "nature,people,amount,description\n"
    "E1,12345热线,2026-11-20 09:00,李四,13900000001,总包A,P1,330282,工资,5,50000,欠薪\n"
    "E2,12333热线,2026-11-21 10:00,李四,13900000001,总包A,P1,330282,工资,5,50000,再次反映\n";

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

static int
count_rows(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    (void)cols, (void)v, (void)n;
    (*(int *)ctx)++;
    return 0;
}

static int
list_count(struct app *a, const char *q)
{
    struct store_clue_scope sc;
    struct store_clue_filter f = { .today = "2026-11-23", .q = q, .limit = 100 };
    struct zq_err e;
    int n = 0;

    clue_scope(NULL, &sc);
    if (store_clue_list(a->st, &sc, &f, count_rows, &n, &e) < 0)
        return -1;
    return n;
}

static int
act(struct app *a, const char *ticket, const char *action, const char *k, const char *v,
    struct zq_err *e)
{
    struct clue_act_args g = { .action = action, .people = -1 };
    char status[24];

    if (k != NULL && strcmp(k, "reason") == 0)
        g.reason = v;
    if (k != NULL && strcmp(k, "result") == 0)
        g.result = v;
    if (k != NULL && strcmp(k, "satisfaction") == 0)
        g.satisfaction = v;
    zq_err_clear(e);
    return clue_act(a, NULL, "test", ticket, &g, status, e);
}

static void
t_flow(void)
{
    char dir[] = "/tmp/zq-clue-XXXXXX", path[128];
    struct config *cfg = config_new();
    struct app *a = NULL;
    struct clue_receipt r1, r2, r3;
    struct clue_input in = {
        .channel = "来访",
        .complainant = "王五",
        .phone = "138 0000 0009",
        .respondent = "某某劳务公司",
        .region_code = "330281",
        .nature = "待核实",
        .people = 3,
        .amount = 1200000,
        .description = "欠三个月工资",
    };
    struct store_clue c;
    struct zq_err e;
    bool found;
    int v;

    zq_err_clear(&e);
    if (mkdtemp(dir) == NULL)
        abort();
    snprintf(path, sizeof path, "%s/c.db", dir);
    T_OK(config_set(cfg, "db", path, &e));
    T_OK(config_set(cfg, "secret_key", "unit-test-secret-key-of-32-characters!", &e));
    if (!T_OK(app_open(cfg, APP_DB, &a, &e)) || !T_OK(store_migrate(a->st, &v, &e)))
        goto out;
    load(a, "enterprises", CSV_ENT);
    load(a, "projects", CSV_PROJ);
    load(a, "clues", CSV_CLUES);
    /* the imported clues: routed to the project's county and dept, linked */
    T_OK(store_clue_get(a->st, NULL, "XS330281202611200001", &c, &found, &e));
    T_CHECK(found && strcmp(c.dept, "housing") == 0 && strcmp(c.accept_by, "2026-11-27") == 0);
    T_OK(store_clue_get(a->st, NULL, "XS330281202611210001", &c, &found, &e));
    T_CHECK(found && strcmp(c.linked_ticket, "XS330281202611200001") == 0);
    load(a, "clues", CSV_CLUES); /* re-import: nothing new, links kept */
    T_EQ_INT(list_count(a, ""), 2);

    in.received_at = clue_now();
    T_OK(clue_receive(a, "test", 0, &in, false, &r1, &e));
    in.phone = "13800000009";
    in.description = "又来反映";
    T_OK(clue_receive(a, "test", 0, &in, false, &r2, &e));
    T_EQ_STR(r2.linked_ticket, r1.ticket); /* a duplicate is linked, not lost */
    T_EQ_INT(list_count(a, ""), 4);
    T_EQ_INT(list_count(a, "王五"), 2); /* two characters: the bigram index */
    T_EQ_INT(list_count(a, "王"), 2);   /* one: the LIKE fallback */
    T_EQ_INT(list_count(a, "李四"), 2);
    T_EQ_INT(list_count(a, "安置房"), 2);
    T_EQ_INT(list_count(a, "P1"), 2);
    T_EQ_INT(list_count(a, r1.ticket), 1);
    T_EQ_INT(list_count(a, "赵六"), 0);
    in.phone = "12345";
    T_EQ_INT(clue_receive(a, "test", 0, &in, false, &r3, &e), ZQ_EINVAL);
    T_EQ_STR(e.field, "phone");

    /* the state before the fields: 409 for verify on 待受理 even without handlers */
    T_EQ_INT(act(a, r1.ticket, "verify", NULL, NULL, &e), ZQ_ECONFLICT);
    T_CONTAINS(e.msg, "受理（accept）");
    T_EQ_INT(act(a, r1.ticket, "reject", NULL, NULL, &e), ZQ_EINVAL);
    T_EQ_STR(e.field, "reason");
    T_EQ_INT(act(a, r1.ticket, "nonsense", NULL, NULL, &e), ZQ_EINVAL);
    T_OK(act(a, r1.ticket, "accept", NULL, NULL, &e));
    T_EQ_INT(act(a, r1.ticket, "accept", NULL, NULL, &e), ZQ_ECONFLICT);
    T_EQ_INT(act(a, r1.ticket, "transfer", "reason", "属地", &e), ZQ_EINVAL);
    T_EQ_STR(e.field, "region_code");
    T_EQ_INT(act(a, "XS000", "accept", NULL, NULL, &e), ZQ_ENOTFOUND);
    /* reject a different clue, then closing it is a conflict */
    T_OK(act(a, r2.ticket, "reject", "reason", "重复投诉，已并案", &e));
    T_EQ_INT(act(a, r2.ticket, "close", "result", "x", &e), ZQ_ECONFLICT);
    T_OK(store_clue_get(a->st, NULL, r1.ticket, &c, &found, &e));
    T_CHECK(c.accepted_on[0] != '\0' && c.close_by[0] != '\0');
out:
    app_free(a);
    config_free(cfg);
    snprintf(path, sizeof path, "rm -rf %s", dir);
    if (system(path) != 0)
        fprintf(stderr, "cleanup failed\n");
}

static const struct t_case t_cases[] = {
    { "ticket numbers", t_ticket }, { "routing", t_route },
    { "bigrams", t_bigrams },       { "transitions", t_transitions },
    { "deadlines", t_deadlines },   { "settings", t_settings },
    { "flow on sqlite", t_flow },   { NULL, NULL },
};
T_MAIN(t_cases)
