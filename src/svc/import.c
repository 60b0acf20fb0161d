/*
 * import.c - the import engine: header matching, the row loop, the
 * transaction, the caches shared by the kinds, and the job record.  The kinds
 * themselves are in import_kinds.c, the columns in import_cols.c.
 *
 * Ownership: import_run owns struct imp and everything hanging off it; the
 * reader stays the caller's.  Row slices are valid until the next tbl_next.
 */
#include "svc/import.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "core/alloc.h"
#include "core/idcard.h"
#include "core/log.h"
#include "core/phone.h"
#include "svc/audit.h"
#include "svc/import_int.h"

/* rows between progress reports (the CLI on a terminal, GET /api/v1/jobs/{id}) */
#define PROGRESS_EVERY 4096
#define WORKER_CACHE   (1u << 18) /* ID numbers remembered before the cache restarts */

/* Columns of an errors file written by `import --errors`, accepted and
 * skipped so that a corrected errors file can be imported as it is. */
static const char *const error_columns[] = { "行号", "错误列", "错误值", "错误原因", NULL };

size_t
import_kind_count(void)
{
    return imp_nkinds;
}

const char *
import_kind_name(size_t i)
{
    return i < imp_nkinds ? imp_kinds[i]->name : NULL;
}

static const struct imp_kind *
kind_find(const char *name)
{
    for (size_t i = 0; i < imp_nkinds; i++)
        if (strcmp(imp_kinds[i]->name, name) == 0)
            return imp_kinds[i];
    return NULL;
}

const char *
import_kind_title(const char *kind)
{
    const struct imp_kind *k = kind_find(kind);
    return k ? k->title : NULL;
}

bool
import_kind_valid(const char *kind)
{
    return kind_find(kind) != NULL;
}

static const char *
type_title(enum imp_type t)
{
    switch (t) {
    case IT_TEXT:
        return "文本";
    case IT_CODE:
        return "编号（字母、数字、符号）";
    case IT_USCC:
        return "统一社会信用代码（18 位）";
    case IT_IDCARD:
        return "居民身份证号（18 位）";
    case IT_PHONE:
        return "电话号码";
    case IT_REGION:
        return "行政区划代码（6 位）";
    case IT_DATE:
        return "日期 YYYY-MM-DD";
    case IT_PASTDATE:
        return "日期 YYYY-MM-DD（不晚于今天）";
    case IT_MONTH:
        return "月份 YYYY-MM";
    case IT_DATETIME:
        return "时间 YYYY-MM-DD HH:MM[:SS]";
    case IT_MONEY:
        return "金额（元，最多 2 位小数）";
    case IT_SMONEY:
        return "金额（元，最多 2 位小数，可为负）";
    case IT_COUNT:
        return "整数";
    case IT_PERCENT:
        return "百分数（如 20）";
    case IT_BOOL:
        return "是/否";
    case IT_ENUM:
        return "可选值";
    case IT_HOURS:
        return "小时（最多 1 位小数）";
    case IT_CARD:
        return "账号（数字）";
    }
    return "";
}

size_t
import_column_count(const char *kind)
{
    const struct imp_kind *k = kind_find(kind);
    return k ? (size_t)k->ncols : 0;
}

const struct import_column *
import_column_at(const char *kind, size_t i)
{
    /* One static description per column, built on demand; the tables are
     * constant so concurrent callers write the same bytes. */
    static struct import_column cols[IMP_MAX_COLS];
    const struct imp_kind *k = kind_find(kind);

    if (k == NULL || i >= (size_t)k->ncols)
        return NULL;
    cols[i] = (struct import_column){ k->cols[i].en, k->cols[i].zh, k->cols[i].opt,
                                      type_title(k->cols[i].type), k->cols[i].values };
    return &cols[i];
}

/* ------------------------------------------------------------ helpers */

int
imp_reject(struct imp *im, int col, const char *fmt, ...)
{
    va_list ap;

    im->re.col = col;
    va_start(ap, fmt);
    vsnprintf(im->re.reason, sizeof im->re.reason, fmt, ap);
    va_end(ap);
    return 1;
}

void
imp_count(struct imp *im, enum simp_outcome out)
{
    if (out == SIMP_NEW)
        im->res->added++;
    else if (out == SIMP_UPDATED)
        im->res->updated++;
}

struct store_val
imp_text(const struct imp_cell *c)
{
    if (!c->present)
        return (struct store_val){ .t = STORE_NULL };
    return (struct store_val){ .t = STORE_TEXT, .p = c->s.p, .n = c->s.len };
}

struct store_val
imp_int(const struct imp_cell *c)
{
    if (!c->present)
        return (struct store_val){ .t = STORE_NULL };
    return (struct store_val){ .t = STORE_INT, .i = c->i };
}

struct store_val
imp_date(const struct imp_cell *c, char buf[DATE_STR_LEN])
{
    if (!c->present)
        return (struct store_val){ .t = STORE_NULL };
    date_format((zq_date)c->i, buf);
    return (struct store_val){ .t = STORE_TEXT, .p = buf, .n = 10 };
}

struct store_val
imp_month(const struct imp_cell *c, char buf[MONTH_STR_LEN])
{
    if (!c->present)
        return (struct store_val){ .t = STORE_NULL };
    month_format((zq_month)c->i, buf);
    return (struct store_val){ .t = STORE_TEXT, .p = buf, .n = 7 };
}

struct store_val
imp_cstr(const char *s)
{
    if (s == NULL)
        return (struct store_val){ .t = STORE_NULL };
    return (struct store_val){ .t = STORE_TEXT, .p = s, .n = strlen(s) };
}

struct store_val
imp_i64(int64_t v)
{
    return (struct store_val){ .t = STORE_INT, .i = v };
}

struct store_val
imp_null(void)
{
    return (struct store_val){ .t = STORE_NULL };
}

int
imp_project_opt(struct imp *im, struct str code, const struct simp_project **p, struct zq_err *err)
{
    uint64_t v;
    bool found;
    int rc;

    if (im->last_proj != NULL && code.len == im->last_code_len &&
        memcmp(code.p, im->last_code, code.len) == 0) {
        *p = im->last_proj;
        return 0;
    }
    if (!strmap_get(im->projects, code.p, code.len, &v)) {
        struct simp_project sp;
        if ((rc = store_simp_project(im->st, code.p, code.len, &sp, &found, err)) < 0)
            return rc;
        v = 0;
        if (found) {
            im->last_proj = NULL; /* proj[] may move */
            im->proj = zq_grow(im->proj, sizeof(*im->proj), im->nproj + 1, &im->capproj);
            im->proj[im->nproj++] = sp;
            v = im->nproj;
        }
        strmap_put(im->projects, code.p, code.len, v);
    }
    *p = NULL;
    if (v == 0)
        return 0;
    *p = &im->proj[v - 1];
    if (code.len <= sizeof im->last_code) {
        memcpy(im->last_code, code.p, code.len);
        im->last_code_len = code.len;
        im->last_proj = *p;
    }
    return 0;
}

int
imp_project(struct imp *im, int col, struct str code, const struct simp_project **p,
            struct zq_err *err)
{
    int rc = imp_project_opt(im, code, p, err);

    if (rc < 0)
        return rc;
    if (*p == NULL)
        return imp_reject(im, col, "项目编号不存在：请先导入该项目（projects）");
    return 0;
}

int
imp_enterprise_opt(struct imp *im, struct str uscc, int64_t *id, struct zq_err *err)
{
    uint64_t v;
    char buf[24];
    int rc;

    if (strmap_get(im->enterprises, uscc.p, uscc.len, &v)) {
        *id = (int64_t)v;
        return 0;
    }
    if (uscc.len >= sizeof buf)
        return zq_err_set(err, ZQ_EINTERNAL, "统一社会信用代码过长");
    memcpy(buf, uscc.p, uscc.len);
    buf[uscc.len] = '\0';
    if ((rc = store_simp_enterprise(im->st, buf, id, err)) < 0)
        return rc;
    strmap_put(im->enterprises, uscc.p, uscc.len, (uint64_t)*id);
    return 0;
}

int
imp_enterprise(struct imp *im, int col, struct str uscc, int64_t *id, struct zq_err *err)
{
    int rc = imp_enterprise_opt(im, uscc, id, err);

    if (rc < 0)
        return rc;
    if (*id == 0)
        return imp_reject(im, col, "该统一社会信用代码的企业不存在：请先导入企业（enterprises）");
    return 0;
}

void
imp_protect(struct imp *im, struct str v, const char *masked, unsigned char *scratch,
            unsigned char hashbuf[PII_HASH_LEN], struct store_val *enc, struct store_val *hash,
            struct store_val *mask)
{
    size_t n = v.len < 256 - PII_SEAL_OVERHEAD ? v.len : 256 - PII_SEAL_OVERHEAD;

    pii_hash(im->pii, v.p, n, hashbuf);
    *enc = (struct store_val){ .t = STORE_BLOB,
                               .p = scratch,
                               .n = pii_seal(im->pii, v.p, n, scratch) };
    *hash = (struct store_val){ .t = STORE_BLOB, .p = hashbuf, .n = PII_HASH_LEN };
    *mask = imp_cstr(masked);
}

int
imp_worker(struct imp *im, struct str idnum, struct str name, const struct imp_cell *phone,
           bool authoritative, int64_t *id, struct zq_err *err)
{
    struct store_val w[WK__N];
    unsigned char h[PII_HASH_LEN], ph[PII_HASH_LEN];
    char masked[IDCARD_LEN + 1], pmasked[PHONE_MAX + 1];
    uint64_t v;
    int rc;

    /* Non-authoritative sources (attendance, payroll, bank lines) only need
     * the id once the worker is known (or queued, in a staged import). */
    if (!authoritative && im->last_wid != 0 && idnum.len == IDCARD_LEN &&
        memcmp(idnum.p, im->last_wid_num, IDCARD_LEN) == 0) {
        *id = im->last_wid;
        return 0;
    }
    if (!authoritative && strmap_get(im->workers, idnum.p, idnum.len, &v)) {
        *id = (int64_t)v;
        if (idnum.len == IDCARD_LEN) {
            memcpy(im->last_wid_num, idnum.p, IDCARD_LEN);
            im->last_wid = *id;
        }
        return 0;
    }
    if (im->staged && imp_batch_pending(im, idnum, id))
        return 0;
    idcard_mask(idnum.p, masked);
    imp_protect(im, idnum, masked, im->seal, h, &w[WK_ENC], &w[WK_HASH], &w[WK_MASKED]);
    w[WK_NAME] = (struct store_val){ .t = STORE_TEXT, .p = name.p, .n = name.len };
    if (phone != NULL && phone->present) {
        phone_mask(phone->norm, pmasked);
        imp_protect(im, phone->s, pmasked, im->seal2, ph, &w[WK_PHONE_ENC], &w[WK_PHONE_HASH],
                    &w[WK_PHONE_MASKED]);
    } else {
        w[WK_PHONE_ENC] = w[WK_PHONE_HASH] = w[WK_PHONE_MASKED] = imp_null();
    }
    if (im->staged) {
        imp_batch_worker(im, idnum, w, authoritative, id);
        return 0;
    }
    if ((rc = store_simp_worker(im->st, w, authoritative, im->now, id, err)) < 0)
        return rc;
    if (strmap_count(im->workers) >= WORKER_CACHE)
        strmap_clear(im->workers);
    strmap_put(im->workers, idnum.p, idnum.len, (uint64_t)*id);
    return 0;
}

struct touch {
    int64_t project_id;
    zq_month month;
    unsigned families;
};

struct touched {
    struct touch *t;
    size_t n, cap;
};

void
imp_touch(struct imp *im, int64_t project_id, zq_month month, enum simp_totals which)
{
    struct touched *tt = im->touched_list;
    unsigned char key[12];
    uint64_t v;

    memcpy(key, &project_id, 8);
    memcpy(key + 8, &month, 4);
    if (!strmap_get(im->touched, key, sizeof key, &v)) {
        tt->t = zq_grow(tt->t, sizeof(*tt->t), tt->n + 1, &tt->cap);
        tt->t[tt->n] = (struct touch){ project_id, month, 0 };
        v = ++tt->n;
        strmap_put(im->touched, key, sizeof key, v);
    }
    tt->t[v - 1].families |= 1u << which;
}

int
imp_refresh_totals(struct imp *im, struct zq_err *err)
{
    struct touched *tt = im->touched_list;
    struct simp_pair *p;
    int rc;

    if (tt->n == 0)
        return 0;
    p = zq_malloc(tt->n * sizeof(*p));
    for (size_t i = 0; i < tt->n; i++) {
        p[i].project_id = tt->t[i].project_id;
        p[i].families = tt->t[i].families;
        month_format(tt->t[i].month, p[i].month);
    }
    rc = store_stage_totals(im->st, p, tt->n, im->now, err);
    zq_free(p);
    tt->n = 0;
    strmap_clear(im->touched);
    return rc;
}

/* ------------------------------------------------------------ header */

static bool
header_is(struct str h, const char *en, const char *zh)
{
    return (h.len == strlen(en) && strncasecmp(h.p, en, h.len) == 0) || str_eq_cstr(h, zh);
}

static int
match_header(struct imp *im, const struct tbl_row *row, int *map, const char *file,
             struct zq_err *err)
{
    const struct imp_kind *k = im->k;
    char unknown[400] = "", missing[400] = "";
    size_t ulen = 0, mlen = 0;

    for (int c = 0; c < k->ncols; c++)
        map[c] = -1;
    for (size_t f = 0; f < row->n; f++) {
        struct str h = str_trim(row->f[f]);
        bool known = false;
        for (int c = 0; c < k->ncols && !known; c++) {
            if (!header_is(h, k->cols[c].en, k->cols[c].zh))
                continue;
            known = true;
            if (map[c] >= 0) {
                return zq_err_set(err, ZQ_EINVAL, "文件 %s 表头第 %zu 列“%.*s”与第 %d 列重复", file,
                                  f + 1, (int)h.len, h.p, map[c] + 1);
            }
            map[c] = (int)f;
        }
        for (int e = 0; error_columns[e] != NULL && !known; e++)
            known = str_eq_cstr(h, error_columns[e]);
        if (!known && h.len == 0)
            known = true; /* an unnamed empty column, as Excel leaves */
        if (!known && !im->o->ignore_unknown && ulen < sizeof unknown - 80) {
            char ex[STR_EXCERPT_LEN];
            int n = snprintf(unknown + ulen, sizeof unknown - ulen, "%s第 %zu 列“%s”",
                             ulen ? "、" : "", f + 1, str_excerpt(h, ex));
            ulen += n > 0 ? (size_t)n : 0;
        }
    }
    for (int c = 0; c < k->ncols; c++) {
        if (map[c] >= 0 || k->cols[c].opt || mlen >= sizeof missing - 80)
            continue;
        int n = snprintf(missing + mlen, sizeof missing - mlen, "%s%s（%s）", mlen ? "、" : "",
                         k->cols[c].en, k->cols[c].zh);
        mlen += n > 0 ? (size_t)n : 0;
    }
    /* The messages name the file themselves: no position, so that it is not
     * printed twice. */
    if (ulen > 0)
        return zq_err_set(err, ZQ_EINVAL,
                          "文件 %s 表头有不认识的列：%s（%s 的列见 docs/formats.md；"
                          "要忽略这些列请加 --ignore-unknown）",
                          file, unknown, k->name);
    if (mlen > 0)
        return zq_err_set(err, ZQ_EINVAL, "文件 %s 缺少必填列：%s", file, missing);
    return 0;
}

/* ------------------------------------------------------------ the run */

static void
report(struct imp *im, const struct tbl_row *row, long line, int col, struct str value,
       const char *reason)
{
    char colname[160] = "";
    char val[256];
    size_t n = value.len < sizeof val - 1 ? value.len : sizeof val - 1;

    im->res->rejected++;
    if (im->o->on_reject == NULL)
        return;
    if (col >= 0)
        snprintf(colname, sizeof colname, "%s（%s）", im->k->cols[col].en, im->k->cols[col].zh);
    /* Cut at a character boundary. */
    while (n > 0 && n < value.len && ((unsigned char)value.p[n] & 0xC0) == 0x80)
        n--;
    memcpy(val, value.p, n);
    val[n] = '\0';
    im->o->on_reject(im->o->ctx, &(struct import_reject){ .line = line,
                                                          .column = colname,
                                                          .value = val,
                                                          .reason = reason,
                                                          .nfields = row ? row->n : 0,
                                                          .fields = row ? row->f : NULL });
}

void
imp_report_saved(struct imp *im, const struct imp_row_ref *ref, const char *reason)
{
    struct tbl_row row = { .n = ref->n, .f = ref->f, .line = ref->line };

    report(im, &row, ref->line, -1, (struct str){ "", 0 }, reason);
}

/* Validate and apply one data row.  < 0 only for fatal errors. */
static int
one_row(struct imp *im, const struct tbl_row *row, const int *map, size_t hdr_n, struct zq_err *err)
{
    const struct imp_kind *k = im->k;
    struct imp_cell cells[IMP_MAX_COLS];
    static const struct str empty = { "", 0 };
    int rc;

    if (row->n > hdr_n) {
        for (size_t f = hdr_n; f < row->n; f++)
            if (str_trim(row->f[f]).len > 0) {
                char reason[128];
                snprintf(reason, sizeof reason, "这一行有 %zu 列，多于表头的 %zu 列", row->n,
                         hdr_n);
                report(im, row, row->line, -1, row->f[f], reason);
                return 0;
            }
    }
    for (int c = 0; c < k->ncols; c++) {
        struct str raw = map[c] >= 0 && (size_t)map[c] < row->n ? row->f[map[c]] : empty;
        if (imp_parse_cell(im, &k->cols[c], raw, &cells[c], im->re.reason, sizeof im->re.reason) <
            0) {
            report(im, row, row->line, c, str_trim(raw), im->re.reason);
            return 0;
        }
    }
    im->re.col = -1;
    im->re.reason[0] = '\0';
    im->cur = (struct imp_row_ref){ row->line, row->n, row->f };
    rc = k->apply(im, cells, err);
    if (rc < 0)
        return rc;
    if (rc > 0) {
        int c = im->re.col;
        struct str raw =
            c >= 0 && map[c] >= 0 && (size_t)map[c] < row->n ? str_trim(row->f[map[c]]) : empty;
        report(im, row, row->line, c, raw, im->re.reason);
    }
    return 0;
}

static int
read_rows(struct imp *im, struct tbl_reader *r, const int *map, size_t hdr_n, struct zq_err *err)
{
    struct tbl_row row;
    struct zq_err rowerr;
    uint64_t done, total;
    int rc;

    for (;;) {
        zq_err_clear(&rowerr);
        rc = tbl_next(r, &row, &rowerr);
        if (rc == 0)
            break;
        if (rc == ZQ_EINVAL) {
            im->res->rows++;
            report(im, NULL, rowerr.line, -1, (struct str){ "", 0 }, rowerr.msg);
            continue;
        }
        if (rc < 0) {
            *err = rowerr;
            return rc;
        }
        im->res->rows++;
        if ((rc = one_row(im, &row, map, hdr_n, err)) < 0)
            return rc;
        if (im->o->on_progress != NULL && im->res->rows % PROGRESS_EVERY == 0) {
            tbl_progress(r, &done, &total);
            im->o->on_progress(im->o->ctx, done, total, im->res->rows);
        }
    }
    return 0;
}

static int
imp_setup(struct imp *im, struct app *a, const struct imp_kind *k, const struct import_opts *o,
          struct import_result *res, struct zq_err *err)
{
    memset(im, 0, sizeof *im);
    im->a = a;
    im->st = a->st;
    im->k = k;
    im->o = o;
    im->res = res;
    im->now = ts_now();
    im->today = date_today();
    if (a->st == NULL)
        return zq_err_set(err, ZQ_EINVAL, "没有打开数据库");
    if (app_pii(a, &im->pii, err) < 0 || app_regions(a, &im->regions, err) < 0 ||
        app_calendar(a, &im->cal, err) < 0)
        return err->code ? err->code : ZQ_EINTERNAL;
    im->projects = strmap_new();
    im->enterprises = strmap_new();
    im->workers = strmap_new();
    im->accounts = strmap_new();
    im->touched = strmap_new();
    im->touched_list = zq_calloc(1, sizeof(struct touched));
    bitset_init(&im->seen.ids);
    im->staged = k->batch && store_simp_staged(im->st);
    /* SQLite: the batch kinds write SIMP_CHUNK rows per statement. */
    im->chunked = k->batch && k->table >= 0 && !im->staged;
    if (im->staged || im->chunked)
        im->batch = imp_batch_new();
    if (k->table >= 0)
        return store_simp_max_id(im->st, (enum simp_table)k->table, &im->seen.max_before, err);
    return 0;
}

static void
imp_teardown(struct imp *im)
{
    struct touched *tt = im->touched_list;

    strmap_free(im->projects);
    strmap_free(im->enterprises);
    strmap_free(im->workers);
    strmap_free(im->accounts);
    strmap_free(im->touched);
    if (tt != NULL)
        zq_free(tt->t);
    zq_free(tt);
    zq_free(im->proj);
    zq_free(im->acct);
    bitset_fini(&im->seen.ids);
    att_agg_free(im->att);
    imp_batch_free(im->batch);
}

/* One audit entry per import: who loaded which file and what it changed
 * (the rows themselves are in the job record and the tables). */
static int
audit_import(struct imp *im, const struct simp_job *job, struct zq_err *err)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:b}", "kind", job->kind, "file",
                          job->file_name, "source", job->source, "rows", (json_int_t)job->rows,
                          "new", (json_int_t)job->added, "updated", (json_int_t)job->updated,
                          "rejected", (json_int_t)job->rejected, "strict", job->strict);
    char *after = o ? json_dumps(o, JSON_COMPACT) : NULL;
    int rc;

    json_decref(o);
    if (after == NULL)
        return zq_err_set(err, ZQ_EINTERNAL, "无法生成审计记录");
    rc = audit_append(im->a, job->actor, "import", "import", job->kind, NULL, after, err);
    free(after);
    return rc;
}

static int
finish(struct imp *im, struct zq_err *err)
{
    struct simp_job job = {
        .kind = im->k->name,
        .source = im->o->source ? im->o->source : "cli",
        .actor = im->o->actor ? im->o->actor : "",
        .file_name = im->o->file_name ? im->o->file_name : "",
        .strict = im->o->strict,
        .started_at = im->now,
    };
    int rc;

    /* The kind's own flush first: it resolves the workers its rows wait for. */
    if (im->k->finish != NULL && (rc = im->k->finish(im, err)) < 0)
        return rc;
    if ((im->staged || im->chunked) && (rc = imp_batch_flush(im, err)) < 0)
        return rc;
    if ((rc = imp_refresh_totals(im, err)) < 0)
        return rc;
    /* The counts are final only now: the flushes above add to them. */
    job.rows = im->res->rows;
    job.added = im->res->added;
    job.updated = im->res->updated;
    job.rejected = im->res->rejected;
    job.finished_at = ts_now();
    if ((rc = store_simp_job(im->st, &job, err)) < 0)
        return rc;
    return im->o->dry_run ? 0 : audit_import(im, &job, err);
}

int
import_run(struct app *a, const char *kind, struct tbl_reader *r, const struct import_opts *o,
           struct import_result *res, struct zq_err *err)
{
    const struct imp_kind *k = kind_find(kind);
    const char *file = o->file_name ? o->file_name : "";
    struct imp im;
    struct tbl_row hdr;
    int map[IMP_MAX_COLS];
    size_t hdr_n;
    int rc;

    memset(res, 0, sizeof *res);
    if (k == NULL)
        return zq_err_set(err, ZQ_EUSAGE, "不认识的导入类型“%s”", kind);
    rc = imp_setup(&im, a, k, o, res, err);
    if (rc < 0)
        goto out;
    rc = tbl_next(r, &hdr, err);
    if (rc == 0) {
        rc = zq_err_set(err, ZQ_EINVAL, "文件 %s 是空的：第一行应是表头", file);
        goto out;
    }
    if (rc < 0)
        goto out;
    if ((rc = match_header(&im, &hdr, map, file, err)) < 0)
        goto out;
    hdr_n = hdr.n;
    if (o->on_header != NULL)
        o->on_header(o->ctx, hdr.n, hdr.f);
    zq_err_clear(err);

    if ((rc = store_simp_bulk(im.st, true, err)) < 0)
        goto out;
    if ((rc = store_begin(im.st, err)) < 0)
        goto bulk;
    rc = read_rows(&im, r, map, hdr_n, err);
    if (rc == 0)
        rc = finish(&im, err);
    if (rc < 0 || o->dry_run || (o->strict && res->rejected > 0)) {
        store_rollback(im.st);
    } else {
        rc = store_commit(im.st, err);
        res->applied = rc == 0;
    }
bulk:
    /* Keep the first error: leaving bulk mode after a failure only logs. */
    if (rc < 0) {
        struct zq_err ignored;
        zq_err_clear(&ignored);
        if (store_simp_bulk(im.st, false, &ignored) < 0)
            log_warn("导入失败后恢复外键检查失败：%s", ignored.msg);
    } else if (store_simp_bulk(im.st, false, err) < 0) {
        rc = ZQ_EDB;
    }
out:
    imp_teardown(&im);
    return rc < 0 ? rc : 0;
}
