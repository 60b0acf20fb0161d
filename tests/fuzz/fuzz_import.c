/*
 * Fuzz target: the import engine (header matching, cell parsing, the per-kind
 * checks and upserts) on CSV or XLSX input, against a real SQLite database.
 *
 * The first call opens an in-memory database (config db ":memory:", a fixed
 * secret_key so that no key file is written), migrates it and imports a small
 * reference dataset taken from docs/examples: the enterprises, both projects,
 * their wage accounts, a cash deposit and the worker register, so that rows
 * naming them reach the database code.  "Today" is pinned to 2026-11-23.
 *
 * Each input: the first byte picks the kind (byte % 14, in the order of
 * import_kind_name) and, in its higher values, --ignore-unknown and --strict;
 * the rest is the file.  Every import is a dry run, so the database never
 * changes between inputs.
 *
 * Checks beyond "no crash, no leak, no UB": every rejected row has a line
 * number > 0, a non-empty reason, and column, value, reason and fields in
 * valid UTF-8; the callback count equals res.rejected; counts are consistent;
 * nothing was applied and no transaction is left open; a refused file carries
 * a message; the kind's table has no new row after the dry run.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/str.h"
#include "core/table.h"
#include "store/store_import.h"
#include "svc/app.h"
#include "svc/import.h"
#include "svc/refdata.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 40 characters: pii keys without a key file beside the database. */
#define FUZZ_SECRET "fuzz-import-secret-0123456789abcdefghijk"

static const char ref_enterprises[] =
    "uscc,name,kind,legal_rep,region_code,phone\n"
    "91330106MA2GL7N1B6,杭州市西湖区城市建设发展有限公司,建设单位,陈国华,330106,0571-87961234\n"
    "91330109MA2B0RRC4J,杭州萧山交通投资集团有限公司,建设单位,沈立新,330109,0571-82756610\n"
    "91330102143095287F,浙江宏远建设集团有限公司,施工总承包,周志强,330102,13905712345\n"
    "91330109MA27WK5A1Q,杭州恒信建筑劳务有限公司,劳务分包,李春生,330109,13857161234\n"
    "91330110704211093P,浙江精工幕墙装饰工程有限公司,专业分包,吴海峰,330110,\n";

static const char ref_projects[] =
    "code,name,region_code,industry,funding,builder_uscc,contractor_uscc,contract_amount,"
    "labor_cost_ratio,contract_signed_on,start_date,planned_end,status,wage_clerk,notice_board\n"
    "XH-2025-0018,西湖区文新单元R21-12地块安置房工程,330106,住建,政府投资,91330106MA2GL7N1B6,"
    "91330102143095287F,128600000.00,20,2025-02-18,2025-03-01,2027-06-30,在建,王建平,是\n"
    "XS-JT-2025-0007,萧山区时代大道南延（二期）道路工程,330109,交通,国有企业投资,"
    "91330109MA2B0RRC4J,91330102143095287F,56800000.00,18.5,,2025-05-10,2026-12-31,在建,,否\n";

static const char ref_accounts[] =
    "project_code,bank,account_no,opened_on\n"
    "XH-2025-0018,中国农业银行杭州西湖支行,19045101040023456,2025-03-10\n"
    "XS-JT-2025-0007,中国建设银行杭州萧山支行,33050161672700001234,2025-05-15\n";

static const char ref_deposits[] =
    "project_code,contractor_uscc,form,amount,deposited_on,expires_on\n"
    "XH-2025-0018,91330102143095287F,现金,2572000.00,2025-03-05,\n";

static const char ref_employment[] =
    "project_code,employer_uscc,id_number,name,phone,team,trade,contract_signed,entered_on,"
    "left_on\n"
    "XH-2025-0018,91330109MA27WK5A1Q,510322198503142715,张建军,13958112306,木工班,木工,是,"
    "2025-03-20,\n"
    "XS-JT-2025-0007,91330109MA27WK5A1Q,130627197606128310,赵永刚,13736152289,路基班,机械操作工,"
    "是,2025-05-22,\n";

static const struct {
    const char *kind, *csv;
} reference[] = {
    { "enterprises", ref_enterprises }, { "projects", ref_projects },
    { "accounts", ref_accounts },       { "deposits", ref_deposits },
    { "employment", ref_employment },
};

/* The table each kind writes, to see that a dry run left no row behind. */
static const int kind_table[] = {
    SIMP_ENTERPRISES,
    SIMP_PROJECTS,
    SIMP_SUBCONTRACTS,
    SIMP_ACCOUNTS,
    SIMP_DEPOSITS,
    SIMP_EMPLOYMENT,
    -1,
    SIMP_PAYROLL,
    SIMP_TXNS,
    SIMP_DISBURSEMENTS,
    SIMP_PAYMENTS,
    SIMP_CASES,
    SIMP_BLACKLIST,
    SIMP_CLUES,
};

static struct config *cfg;
static struct app *app;
static int64_t max_before[SIMP__TABLES];

struct seen {
    int64_t rejects;
};

static void
check_utf8(const char *s)
{
    if (s == NULL || !utf8_valid(s, strlen(s)))
        abort();
}

static void
on_reject(void *ctx, const struct import_reject *r)
{
    struct seen *s = ctx;

    s->rejects++;
    if (r->line <= 0 || r->reason == NULL || r->reason[0] == '\0')
        abort();
    check_utf8(r->reason);
    check_utf8(r->column);
    check_utf8(r->value);
    if (r->nfields > 0 && r->fields == NULL)
        abort();
    for (size_t i = 0; i < r->nfields; i++)
        if (!utf8_valid(r->fields[i].p, r->fields[i].len))
            abort();
}

static void
load(const char *kind, const char *csv)
{
    struct import_opts o = { .source = "cli", .actor = "fuzz", .file_name = kind };
    struct import_result res;
    struct tbl_reader *r;
    struct zq_err err;

    if (tbl_open_mem(csv, strlen(csv), kind, NULL, &r, &err) < 0 ||
        import_run(app, kind, r, &o, &res, &err) < 0 || res.rejected != 0 || !res.applied)
        abort(); /* the reference data must load cleanly */
    tbl_close(r);
}

static void
setup(void)
{
    struct refdata_summary sum;
    struct zq_err err;

    if (import_kind_count() != sizeof kind_table / sizeof kind_table[0])
        abort();
    setenv("ZHIQIAN_TODAY", "2026-11-23", 1);
    cfg = config_new();
    if (config_set(cfg, "db", ":memory:", &err) < 0 ||
        config_set(cfg, "secret_key", FUZZ_SECRET, &err) < 0 ||
        app_open(cfg, APP_DB, &app, &err) < 0 || svc_init(app, &sum, &err) < 0)
        abort();
    for (size_t i = 0; i < sizeof reference / sizeof reference[0]; i++)
        load(reference[i].kind, reference[i].csv);
    for (int t = 0; t < SIMP__TABLES; t++)
        if (store_simp_max_id(app->st, (enum simp_table)t, &max_before[t], &err) < 0)
            abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct seen seen = { 0 };
    struct import_opts o = {
        .dry_run = true, .source = "cli", .actor = "fuzz", .ctx = &seen, .on_reject = on_reject
    };
    struct import_result res;
    struct tbl_reader *r = NULL;
    struct zq_err err;
    size_t k;
    int64_t max;
    int rc;

    if (app == NULL)
        setup();
    if (size < 1 || size > (1 << 20))
        return 0;
    k = data[0] % import_kind_count();
    o.ignore_unknown = data[0] / import_kind_count() % 2 == 1;
    o.strict = data[0] / import_kind_count() / 2 % 2 == 1;
    o.file_name = "fuzz.csv";
    zq_err_clear(&err);
    if (tbl_open_mem(data + 1, size - 1, "fuzz.csv", NULL, &r, &err) < 0) {
        check_utf8(err.msg);
        return 0;
    }
    rc = import_run(app, import_kind_name(k), r, &o, &res, &err);
    tbl_close(r);
    if (rc < 0) {
        if (err.msg[0] == '\0')
            abort(); /* a refused file says why */
        check_utf8(err.msg);
    }
    if (res.applied || seen.rejects != res.rejected || res.rejected > res.rows || res.added < 0 ||
        res.updated < 0)
        abort();
    if (kind_table[k] >= 0 && res.added + res.updated + res.rejected > res.rows)
        abort(); /* one outcome per row at most, except attendance's days */
    if (app->st->tx_depth != 0 || app->st->copy_ncols != 0)
        abort(); /* the import left a transaction or a load open */
    if (kind_table[k] >= 0) {
        if (store_simp_max_id(app->st, (enum simp_table)kind_table[k], &max, &err) < 0 ||
            max != max_before[kind_table[k]])
            abort(); /* the dry run wrote a row */
    }
    return 0;
}
