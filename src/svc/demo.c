/*
 * demo.c - the demo county: gen's data imported kind by kind (through a
 * temporary file each, in import order), a scan, the accounts, and disposal
 * already under way.  Each step is a row of steps[]; a feature that brings
 * its own demo data adds a row.
 */
#include "svc/demo.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/table.h"
#include "store/store_demo.h"
#include "svc/cases.h"
#include "svc/demo_clues.h"
#include "svc/demo_credit.h"
#include "svc/gen.h"
#include "svc/import.h"
#include "svc/ledger.h"
#include "svc/warnings.h"

#define DEMO_REGION "330282" /* 慈溪市, the county gen builds */

struct demo {
    struct app *a;
    zq_date today;
    const char *actor;
    struct demo_result *r;
};

static void note(struct demo_result *r, const char *fmt, ...) ZQ_PRINTF(2, 3);

static void
note(struct demo_result *r, const char *fmt, ...)
{
    size_t len = strlen(r->steps);
    va_list ap;

    if (len + 1 >= sizeof r->steps)
        return;
    va_start(ap, fmt);
    vsnprintf(r->steps + len, sizeof r->steps - len, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------ data */

static int
import_kind(struct demo *d, struct gen *g, const char *kind, struct zq_err *err)
{
    struct import_opts o = { .actor = d->actor, .source = "cli", .file_name = "demo" };
    struct import_result res;
    struct tbl_reader *rd = NULL;
    enum gen_kind k;
    FILE *f;
    int rc;

    if (gen_kind_parse(kind, &k, err) < 0)
        return 0; /* a kind gen does not make */
    if ((f = tmpfile()) == NULL)
        return zq_err_set(err, ZQ_EIO, "无法创建临时文件");
    if ((rc = gen_write(g, k, f, NULL, err)) == 0 && fflush(f) == 0 && fseek(f, 0, SEEK_SET) == 0)
        rc = tbl_open_fd(fileno(f), kind, NULL, &rd, err);
    if (rc == 0)
        rc = import_run(d->a, kind, rd, &o, &res, err);
    if (rc == 0)
        d->r->rows_imported += res.rows;
    tbl_close(rd);
    fclose(f);
    return rc;
}

static int
step_data(struct demo *d, struct zq_err *err)
{
    const struct calendar *cal;
    struct gen_opts o;
    struct gen *g = NULL;
    int rc;

    if ((rc = app_calendar(d->a, &cal, err)) < 0)
        return rc;
    gen_opts_default(&o);
    o.as_of = d->today;
    o.cal = cal;
    if ((rc = gen_new(&o, &g, err)) < 0)
        return rc;
    d->r->projects = gen_project_count(g);
    for (size_t i = 0; i < import_kind_count() && rc == 0; i++)
        rc = import_kind(d, g, import_kind_name(i), err);
    gen_free(g);
    if (rc == 0)
        note(d->r, "导入演示县（慈溪市等）数据：%lld 个项目，%lld 行\n", (long long)d->r->projects,
             (long long)d->r->rows_imported);
    return rc;
}

/* ------------------------------------------------------------ scan */

static int
step_scan(struct demo *d, struct zq_err *err)
{
    struct scan_opts o = { .as_of = d->today, .mode = SCAN_FULL, .actor = d->actor };
    int rc;

    if ((rc = scan_run(d->a, &o, &d->r->scan, err)) < 0)
        return rc;
    note(d->r, "扫描：%lld 条预警\n", (long long)d->r->scan.c.found);
    return 0;
}

/* ------------------------------------------------------------ accounts */

static void
random_password(char out[13])
{
    static const char set[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";

    for (int i = 0; i < 12; i++)
        out[i] = set[randombytes_uniform(sizeof set - 1)];
    out[12] = '\0';
}

static int
add_user(struct demo *d, const char *username, const char *role, const char *region,
         const char *dept, const char *uscc, const char *what, struct zq_err *err)
{
    struct demo_login *l = &d->r->logins[d->r->nlogins];
    char hash[crypto_pwhash_STRBYTES];
    int rc;

    if (d->r->nlogins >= DEMO_MAX_LOGINS)
        return 0;
    snprintf(l->username, sizeof l->username, "%s", username);
    snprintf(l->role, sizeof l->role, "%s", role);
    snprintf(l->what, sizeof l->what, "%s", what);
    random_password(l->password);
    if (crypto_pwhash_str(hash, l->password, strlen(l->password),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return zq_err_set(err, ZQ_EINTERNAL, "无法计算口令哈希（内存不足）");
    if ((rc = store_demo_user(d->a->st, username, hash, role, region, dept, uscc, what, ts_now(),
                              &l->created, err)) < 0)
        return rc;
    if (!l->created)
        l->password[0] = '\0';
    d->r->nlogins++;
    return 0;
}

static int
step_users(struct demo *d, struct zq_err *err)
{
    char uscc[19];
    int rc;

    if (sodium_init() < 0)
        return zq_err_set(err, ZQ_EINTERNAL, "libsodium 初始化失败");
    if ((rc = store_demo_contractor(d->a->st, uscc, err)) < 0 ||
        (rc = store_begin(d->a->st, err)) < 0)
        return rc;
    if ((rc = add_user(d, "admin", "admin", "330000", NULL, NULL, "系统管理员（全省）", err)) < 0 ||
        (rc = add_user(d, "leader", "leader", DEMO_REGION, NULL, NULL, "治欠办（慈溪市）", err)) <
            0 ||
        (rc = add_user(d, "inspector", "inspector", DEMO_REGION, "hrss", NULL,
                       "劳动保障监察员（慈溪市人社局）", err)) < 0 ||
        (rc = add_user(d, "housing", "dept_officer", DEMO_REGION, "housing", NULL,
                       "行业主管部门（慈溪市住建局）", err)) < 0 ||
        (uscc[0] && (rc = add_user(d, "contractor", "enterprise", DEMO_REGION, NULL, uscc,
                                   "施工总承包单位劳资专管员", err)) < 0)) {
        store_rollback(d->a->st);
        return rc;
    }
    if ((rc = store_commit(d->a->st, err)) < 0)
        return rc;
    note(d->r, "账号：%d 个\n", d->r->nlogins);
    return 0;
}

/* ------------------------------------------------------------ disposal */

struct pick {
    int64_t red, yellow;
    char project[80];
};

static int
pick_row(void *ctx, const struct sw_row *w)
{
    struct pick *p = ctx;

    if (p->red == 0 && strcmp(w->level, "red") == 0 && strcmp(w->status, "open") == 0)
        p->red = w->id;
    if (p->yellow == 0 && strcmp(w->rule, "W18") == 0 && strcmp(w->status, "open") == 0)
        p->yellow = w->id;
    return 0;
}

static int
pick_ledger(void *ctx, const struct sl_row *l)
{
    struct pick *p = ctx;

    if (p->project[0] == '\0' && strcmp(l->subject_type, "project") == 0 && l->followup_id == 0)
        snprintf(p->project, sizeof p->project, "%s", l->subject_code);
    return 0;
}

static int
ignore_recheck(void *ctx, const struct sr_row *r)
{
    (void)r;
    ++*(int *)ctx;
    return 0;
}

static int
count_row(void *ctx, const struct sw_row *w)
{
    (void)w;
    ++*(int *)ctx;
    return 0;
}

static int
step_disposal(struct demo *d, struct zq_err *err)
{
    struct sw_filter f = { .status = "open" }, handled = { .status = "notified" };
    struct sl_filter lf = { .subject_type = "project", .klass = "高" };
    struct pick p = { 0 };
    char deadline[DATE_STR_LEN];
    const char *to;
    int64_t fu = 0;
    int n = 0, rc;

    date_format(calendar_add_workdays(d->a->cal, d->today, 5, NULL), deadline);
    /* a second run leaves the disposal of the first as it is */
    if ((rc = store_warn_each(d->a->st, &handled, count_row, &n, err)) < 0)
        return rc;
    if (n > 0) {
        note(d->r, "处置：已有 %d 条预警在处置中，未再改动\n", n);
        return 0;
    }
    if ((rc = store_warn_each(d->a->st, &f, pick_row, &p, err)) < 0 ||
        (rc = store_ledger_each(d->a->st, &lf, pick_ledger, &p, err)) < 0)
        return rc;
    if (p.red) {
        struct warn_step s = { .action = WARN_ACK, .actor = d->actor };
        if ((rc = warn_apply(d->a, p.red, &s, &to, err)) < 0)
            return rc;
        s = (struct warn_step){ .action = WARN_ASSIGN,
                                .actor = d->actor,
                                .dept = "hrss",
                                .officer = "inspector",
                                .deadline = deadline };
        if ((rc = warn_apply(d->a, p.red, &s, &to, err)) < 0)
            return rc;
        s = (struct warn_step){ .action = WARN_NOTIFY,
                                .actor = d->actor,
                                .text = "已向责任企业发出限期整改通知" };
        if ((rc = warn_apply(d->a, p.red, &s, &to, err)) < 0)
            return rc;
        n++;
    }
    if (p.yellow) {
        struct warn_step s = { .action = WARN_ACK, .actor = d->actor };
        if ((rc = warn_apply(d->a, p.yellow, &s, &to, err)) < 0)
            return rc;
        n++;
    }
    if (p.project[0] &&
        (rc = ledger_followup(d->a, d->actor, "project", p.project, "inspector",
                              "约谈施工总承包单位，督促 5 个工作日内清偿拖欠工资并补足专户资金",
                              deadline, &fu, err)) < 0 &&
        rc != ZQ_ECONFLICT)
        return rc;
    rc = ledger_rechecks(d->a, d->today, NULL, ignore_recheck, &n, err);
    if (rc < 0)
        return rc;
    note(d->r, "处置：%d 条预警已签收或交办，%s\n", p.red ? 2 : (p.yellow ? 1 : 0),
         fu ? "1 个高风险项目已落实包保" : "没有需要包保的高风险项目");
    return 0;
}

/* Cases at every stage (svc/demo_cases.c). */
static int
step_cases(struct demo *d, struct zq_err *err)
{
    char line[512];
    int rc = case_demo(d->a, DEMO_REGION, d->today, d->actor, line, sizeof line, err);

    if (rc == 0)
        note(d->r, "%s", line[0] ? line : "案件：演示案件已存在，未再改动\n");
    return rc;
}

/* Clues at every stage and the duty roster (svc/demo_clues.c). */
static int
step_clues(struct demo *d, struct zq_err *err)
{
    int added, rc;

    if ((rc = demo_clues(d->a, DEMO_REGION, d->today, d->actor, &added, err)) < 0)
        return rc;
    note(d->r, "线索：新增 %d 条（各办理阶段），值班表已排\n", added);
    return 0;
}

/* A listing through the whole blacklist workflow, incidents, zero reports
 * and a supervision round (svc/demo_credit.c). */
static int
step_credit(struct demo *d, struct zq_err *err)
{
    char line[512] = "";
    int rc = demo_credit(d->a, d->today, d->actor, line, sizeof line, err);

    if (rc == 0 && line[0])
        note(d->r, "%s%s", line, line[strlen(line) - 1] == '\n' ? "" : "\n");
    return rc;
}

static const struct {
    const char *name;
    int (*run)(struct demo *d, struct zq_err *err);
} steps[] = {
    /* clang-format off */
    { "data", step_data },
    { "scan", step_scan },      /* the enterprise login is a contractor with warnings */
    { "users", step_users },
    { "clues", step_clues },
    { "cases", step_cases },
    { "credit", step_credit },
    { "rescan", step_scan },    /* W11-W17 on the clues and cases just made */
    { "disposal", step_disposal },
    /* clang-format on */
};

int
demo_run(struct app *a, zq_date today, const char *actor, struct demo_result *r, struct zq_err *err)
{
    const struct calendar *cal;
    struct demo d;
    int rc;

    memset(r, 0, sizeof(*r));
    r->as_of = today;
    d = (struct demo){ a, today, actor, r };
    if ((rc = app_calendar(a, &cal, err)) < 0)
        return rc;
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
        if ((rc = steps[i].run(&d, err)) < 0)
            return rc;
    return 0;
}
