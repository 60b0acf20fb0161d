/*
 * query.c - rendering store rows as JSON, keyset cursors, and the project,
 * enterprise and worker reads of the API.
 *
 * Every JSON value built here is owned by the caller it is returned to.
 * Money never passes through a floating-point number: fen are formatted by
 * money_format().
 */
#include "svc/query.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/idcard.h"
#include "core/money.h"
#include "core/phone.h"
#include "core/str.h"
#include "core/uscc.h"
#include "svc/query_int.h"

/* ---------------------------------------------------------------- rows */

static json_t *
text_json(const struct store_val *v)
{
    if (v->t == STORE_TEXT) {
        json_t *s = json_stringn(v->p, v->n);
        return s != NULL ? s : json_string("?");
    }
    if (v->t == STORE_INT) {
        char b[24];
        snprintf(b, sizeof b, "%lld", (long long)v->i);
        return json_string(b);
    }
    return json_null();
}

static bool
int_of(const struct store_val *v, int64_t *out)
{
    if (v->t == STORE_INT) {
        *out = v->i;
        return true;
    }
    if (v->t == STORE_TEXT)
        return str_to_i64((struct str){ v->p, v->n }, out) == 0;
    return false;
}

json_t *
query_ts_json(int64_t ts)
{
    char b[TS_STR_LEN], iso[40];

    ts_format(ts, b);
    if (strlen(b) >= 19)
        b[10] = 'T';
    snprintf(iso, sizeof iso, "%s+08:00", b);
    return json_string_nocheck(iso);
}

static void
add_region(json_t *o, const struct region_table *rt, const char *name, const struct store_val *v)
{
    char key[64], code[16];
    size_t n = strlen(name);
    const struct region *r = NULL;

    json_object_set_new_nocheck(o, name, text_json(v));
    if (n > 5 && strcmp(name + n - 5, "_code") == 0)
        snprintf(key, sizeof key, "%.*s_name", (int)(n - 5), name);
    else
        snprintf(key, sizeof key, "%s_name", name);
    if (v->t == STORE_TEXT && v->n < sizeof code) {
        memcpy(code, v->p, v->n);
        code[v->n] = '\0';
        r = rt != NULL ? region_find(rt, code) : NULL;
    }
    json_object_set_new_nocheck(o, key, r != NULL ? json_string_nocheck(r->name) : json_null());
}

static json_t *
value_json(enum sq_type t, const struct store_val *v)
{
    char b[MONEY_STR_LEN];
    int64_t i;

    if (v->t == STORE_NULL)
        return json_null();
    switch (t) {
    case SQ_INT:
        return int_of(v, &i) ? json_integer(i) : json_null();
    case SQ_MONEY:
    case SQ_BP:
        return int_of(v, &i) ? json_string_nocheck(money_format(i, b)) : json_null();
    case SQ_BOOL:
        return int_of(v, &i) ? json_boolean(i != 0) : json_null();
    case SQ_TS:
        return int_of(v, &i) && i > 0 ? query_ts_json(i) : json_null();
    case SQ_JSON: {
        json_t *j = v->t == STORE_TEXT ? json_loadb(v->p, v->n, JSON_DECODE_ANY, NULL) : NULL;
        return j != NULL ? j : text_json(v);
    }
    default:
        return text_json(v);
    }
}

json_t *
query_row_json(const struct region_table *rt, const struct sq_col *cols, const struct store_val *v,
               int n)
{
    json_t *o = json_object();

    for (int i = 0; i < n; i++) {
        if (cols[i].type == SQ_HIDDEN)
            continue;
        if (cols[i].type == SQ_REGION)
            add_region(o, rt, cols[i].name, &v[i]);
        else
            json_object_set_new_nocheck(o, cols[i].name, value_json(cols[i].type, &v[i]));
    }
    return o;
}

const struct region_table *
query_regions(struct app *a)
{
    const struct region_table *rt = NULL;

    if (app_regions(a, &rt, NULL) < 0)
        return NULL;
    return rt;
}

/* ---------------------------------------------------------------- pages */

void
collect_init(struct collect *c, const struct region_table *rt, int limit, enum cursor_kind kind,
             int id_col)
{
    memset(c, 0, sizeof *c);
    c->rt = rt;
    c->items = json_array();
    c->limit = limit;
    c->kind = kind;
    c->id_col = id_col;
}

static void
copy_val(char *out, size_t cap, const struct store_val *v)
{
    size_t n = v->t == STORE_TEXT ? (v->n < cap - 1 ? v->n : cap - 1) : 0;

    if (n > 0)
        memcpy(out, v->p, n);
    out[n] = '\0';
}

int
collect_row(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct collect *c = ctx;

    if (c->count >= c->limit) {
        c->more = true;
        return 1;
    }
    json_array_append_new(c->items, query_row_json(c->rt, cols, v, n));
    c->count++;
    if (c->kind == CURSOR_ID && c->id_col < n)
        (void)int_of(&v[c->id_col], &c->last_id);
    if (c->kind == CURSOR_KEY && c->key_col < n && c->code_col < n) {
        if (c->key_int)
            (void)int_of(&v[c->key_col], &c->last_key_int);
        else
            copy_val(c->last_key, sizeof c->last_key, &v[c->key_col]);
        copy_val(c->last_code, sizeof c->last_code, &v[c->code_col]);
    }
    return 0;
}

static json_t *
cursor_json(const struct collect *c)
{
    char raw[600], b64[820];
    int n;

    if (!c->more)
        return json_null();
    if (c->kind == CURSOR_ID)
        n = snprintf(raw, sizeof raw, "i%lld", (long long)c->last_id);
    else if (c->key_int)
        n = snprintf(raw, sizeof raw, "k%lld\x1f%s", (long long)c->last_key_int, c->last_code);
    else
        n = snprintf(raw, sizeof raw, "k%s\x1f%s", c->last_key, c->last_code);
    if (n < 0 || (size_t)n >= sizeof raw)
        return json_null();
    sodium_bin2base64(b64, sizeof b64, (const unsigned char *)raw, (size_t)n,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return json_string(b64);
}

json_t *
collect_page(struct collect *c)
{
    json_t *o = json_object();

    json_object_set_new(o, "items", c->items);
    c->items = NULL;
    json_object_set_new(o, "next_cursor", cursor_json(c));
    return o;
}

void
collect_fini(struct collect *c)
{
    json_decref(c->items);
    c->items = NULL;
}

static int
bad_param(struct zq_err *err, const char *field, const char *msg)
{
    zq_err_set(err, ZQ_EINVAL, "%s", msg);
    zq_err_field(err, field);
    return ZQ_EINVAL;
}

static int
cursor_decode(const char *cursor, enum cursor_kind kind, bool key_int, struct sq_page *out,
              struct cursor_buf *buf, struct zq_err *err)
{
    unsigned char raw[600];
    size_t n = 0;
    const char *end = NULL;
    char *sep;

    if (strlen(cursor) > 800 ||
        sodium_base642bin(raw, sizeof raw - 1, cursor, strlen(cursor), NULL, &n, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        *end != '\0' || n < 2 || !utf8_valid((const char *)raw, n) || memchr(raw, '\0', n) != NULL)
        return bad_param(err, "cursor", "分页游标（cursor）无效");
    raw[n] = '\0';
    out->after = true;
    if (kind == CURSOR_ID) {
        if (raw[0] != 'i' || str_to_i64(str_from((const char *)raw + 1), &out->after_id) < 0)
            return bad_param(err, "cursor", "分页游标（cursor）无效");
        return 0;
    }
    sep = strchr((char *)raw, '\x1f');
    if (raw[0] != 'k' || sep == NULL || (size_t)(sep - (char *)raw) >= sizeof buf->key ||
        strlen(sep + 1) >= sizeof buf->code)
        return bad_param(err, "cursor", "分页游标（cursor）无效");
    *sep = '\0';
    memcpy(buf->key, raw + 1, (size_t)(sep - (char *)raw)); /* with the NUL at sep */
    memcpy(buf->code, sep + 1, strlen(sep + 1) + 1);
    if (key_int && str_to_i64(str_from(buf->key), &out->key_int) < 0)
        return bad_param(err, "cursor", "分页游标（cursor）无效");
    out->key = buf->key;
    out->code = buf->code;
    return 0;
}

int
page_from(const struct query_page *in, enum cursor_kind kind, bool key_int, struct sq_page *out,
          struct cursor_buf *buf, struct zq_err *err)
{
    memset(out, 0, sizeof *out);
    out->limit = in != NULL && in->limit != 0 ? in->limit : QUERY_LIMIT_DEFAULT;
    if (out->limit < 1 || out->limit > QUERY_LIMIT_MAX)
        return bad_param(err, "limit", "每页条数（limit）应在 1 到 500 之间");
    if (in == NULL || in->cursor == NULL || in->cursor[0] == '\0')
        return 0;
    return cursor_decode(in->cursor, kind, key_int, out, buf, err);
}

/* ---------------------------------------------------------------- who */

json_t *
query_user_json(struct app *a, const struct principal *p)
{
    const struct region_table *rt = query_regions(a);
    const struct region *r = rt != NULL && p->region[0] ? region_find(rt, p->region) : NULL;
    json_t *o = json_object();

    json_object_set_new(o, "id", json_integer(p->id));
    json_object_set_new(o, "username", json_string(p->name));
    json_object_set_new(o, "display_name", json_string(p->display_name));
    json_object_set_new(o, "role", json_string(auth_role_name(p->role)));
    json_object_set_new(o, "role_name", json_string(auth_role_title(p->role)));
    json_object_set_new(o, "region_code", p->region[0] ? json_string(p->region) : json_null());
    json_object_set_new(o, "region_name", r != NULL ? json_string(r->name) : json_null());
    json_object_set_new(o, "dept", p->dept[0] ? json_string(p->dept) : json_null());
    json_object_set_new(o, "enterprise_uscc", p->uscc[0] ? json_string(p->uscc) : json_null());
    return o;
}

int
query_me(struct app *a, const struct principal *p, json_t **out, struct zq_err *err)
{
    json_t *o = json_object(), *t;

    (void)err;
    if (p->via == AUTH_SESSION) {
        json_object_set_new(o, "auth", json_string("session"));
        json_object_set_new(o, "user", query_user_json(a, p));
    } else {
        t = json_object();
        json_object_set_new(o, "auth", json_string("token"));
        json_object_set_new(t, "id", json_integer(p->id));
        json_object_set_new(t, "role", json_string(auth_role_name(p->role)));
        json_object_set_new(t, "role_name", json_string(auth_role_title(p->role)));
        json_object_set_new(t, "subject", json_string(p->subject));
        json_object_set_new(t, "label", json_string(p->name));
        if (p->role == ROLE_ENTERPRISE)
            json_object_set_new(t, "enterprise_uscc", json_string(p->uscc));
        json_object_set_new(o, "token", t);
    }
    *out = o;
    return 0;
}

/* ---------------------------------------------------------------- projects */

static const struct {
    const char *name;
    enum sq_project_sort sort;
} project_sorts[] = {
    { "code", SQ_PSORT_CODE },
    { "-code", SQ_PSORT_CODE_DESC },
    { "start_date", SQ_PSORT_START },
    { "-start_date", SQ_PSORT_START_DESC },
    { "contract_amount", SQ_PSORT_AMOUNT },
    { "-contract_amount", SQ_PSORT_AMOUNT_DESC },
};

static int
region_filter(const char *region, char lo[10], char hi[10], struct zq_err *err)
{
    lo[0] = hi[0] = '\0';
    if (region == NULL || region[0] == '\0')
        return 0;
    auth_region_range(region, lo, hi);
    if (lo[0] == '\0')
        return bad_param(err, "region", "地区代码（region）应为 6 位或 9 位数字");
    return 0;
}

int
query_projects(struct app *a, const struct principal *p, const struct query_projects_args *f,
               const struct query_page *pg, json_t **out, struct zq_err *err)
{
    struct sq_project_filter sf = {
        .q = f->q, .status = f->status, .industry = f->industry, .funding = f->funding
    };
    char lo[10], hi[10], uscc[USCC_LEN + 1] = "";
    struct store_scope sc;
    struct cursor_buf cb;
    struct collect c;
    struct sq_page sp;
    bool key_int = false, known = f->sort == NULL || f->sort[0] == '\0';
    int rc;

    for (size_t i = 0; i < sizeof project_sorts / sizeof project_sorts[0] && !known; i++)
        if (strcmp(f->sort, project_sorts[i].name) == 0) {
            sf.sort = project_sorts[i].sort;
            known = true;
        }
    if (!known)
        return bad_param(err, "sort",
                         "排序（sort）应为 code、start_date 或 contract_amount，前加 - 为倒序");
    if ((rc = region_filter(f->region, lo, hi, err)) < 0)
        return rc;
    if (f->enterprise != NULL && f->enterprise[0] != '\0' &&
        uscc_parse(str_from(f->enterprise), uscc, err) < 0) {
        zq_err_field(err, "enterprise");
        return ZQ_EINVAL;
    }
    sf.region_lo = lo;
    sf.region_hi = hi;
    sf.party_uscc = uscc;
    collect_init(&c, query_regions(a), 0, CURSOR_KEY, 0);
    c.key_col = store_q_project_sort_col(sf.sort, &key_int);
    c.key_int = key_int;
    c.code_col = SQ_PROJECT_CODE_COL;
    if ((rc = page_from(pg, CURSOR_KEY, key_int, &sp, &cb, err)) == 0) {
        c.limit = sp.limit;
        auth_scope(p, &sc);
        rc = store_q_projects(a->st, &sc, &sf, &sp, collect_row, &c, err);
    }
    if (rc == 0)
        *out = collect_page(&c);
    collect_fini(&c);
    return rc;
}

/* One row into an object (and its hidden id, column 0). */
struct one {
    const struct region_table *rt;
    json_t *obj;
    int64_t id;
};

static int
one_row(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct one *o = ctx;

    if (o->obj == NULL) {
        o->obj = query_row_json(o->rt, cols, v, n);
        if (n > 0)
            (void)int_of(&v[0], &o->id);
    }
    return 1;
}

/* Every row into an array. */
struct many {
    const struct region_table *rt;
    json_t *arr;
};

static int
many_row(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    struct many *m = ctx;

    json_array_append_new(m->arr, query_row_json(m->rt, cols, v, n));
    return 0;
}

/* obj[key] = all rows of one part of project id (an object for the
 * account: null when there is none). */
static int
add_part(struct app *a, json_t *obj, const char *key, enum sq_project_part part, int64_t id,
         struct zq_err *err)
{
    struct many m = { query_regions(a), json_array() };
    int rc = store_q_project_part(a->st, part, id, NULL, NULL, many_row, &m, err);

    if (rc < 0) {
        json_decref(m.arr);
        return rc;
    }
    if (part == SQ_PART_ACCOUNT) {
        json_t *first = json_array_get(m.arr, 0);
        json_object_set(obj, key, first != NULL ? first : json_null());
        json_decref(m.arr);
    } else {
        json_object_set_new(obj, key, m.arr);
    }
    return 0;
}

int
query_project(struct app *a, const struct principal *p, const char *code, json_t **out,
              struct zq_err *err)
{
    struct one o = { query_regions(a), NULL, 0 };
    struct store_scope sc;
    bool found = false;
    int rc;

    auth_scope(p, &sc);
    if ((rc = store_q_project(a->st, &sc, code, one_row, &o, &found, err)) < 0)
        goto fail;
    if (!found || o.obj == NULL) {
        rc = zq_err_set(err, ZQ_ENOTFOUND, "项目不存在或不在您的管辖范围内");
        goto fail;
    }
    if ((rc = add_part(a, o.obj, "subcontracts", SQ_PART_SUBCONTRACTS, o.id, err)) < 0 ||
        (rc = add_part(a, o.obj, "account", SQ_PART_ACCOUNT, o.id, err)) < 0 ||
        (rc = add_part(a, o.obj, "deposits", SQ_PART_DEPOSITS, o.id, err)) < 0 ||
        (rc = add_part(a, o.obj, "months", SQ_PART_MONTHS, o.id, err)) < 0)
        goto fail;
    *out = o.obj;
    return 0;
fail:
    json_decref(o.obj);
    return rc;
}

int
query_project_part(struct app *a, const struct principal *p, const char *code,
                   enum sq_project_part part, const char *month, const struct query_page *pg,
                   json_t **out, struct zq_err *err)
{
    struct store_scope sc;
    struct cursor_buf cb;
    struct collect c;
    struct sq_page sp;
    int64_t id;
    zq_month m;
    int rc;

    if (month != NULL && month[0] != '\0' &&
        (strlen(month) != 7 || month_parse(str_from(month), &m, NULL) < 0))
        return bad_param(err, "month", "月份（month）应为 YYYY-MM");
    if ((rc = page_from(pg, CURSOR_ID, false, &sp, &cb, err)) < 0)
        return rc;
    auth_scope(p, &sc);
    if ((rc = store_q_project_id(a->st, &sc, code, &id, err)) < 0)
        return rc;
    collect_init(&c, query_regions(a), sp.limit, CURSOR_ID, 0);
    rc = store_q_project_part(a->st, part, id, month, &sp, collect_row, &c, err);
    if (rc == 0)
        *out = collect_page(&c);
    collect_fini(&c);
    return rc;
}

/* ---------------------------------------------------------------- enterprises */

int
query_enterprises(struct app *a, const struct principal *p, const struct query_enterprises_args *f,
                  const struct query_page *pg, json_t **out, struct zq_err *err)
{
    struct sq_enterprise_filter sf = { .q = f->q, .kind = f->kind };
    char lo[10], hi[10];
    struct store_scope sc;
    struct cursor_buf cb;
    struct collect c;
    struct sq_page sp;
    int rc;

    if ((rc = region_filter(f->region, lo, hi, err)) < 0)
        return rc;
    sf.region_lo = lo;
    sf.region_hi = hi;
    if ((rc = page_from(pg, CURSOR_KEY, false, &sp, &cb, err)) < 0)
        return rc;
    collect_init(&c, query_regions(a), sp.limit, CURSOR_KEY, 0);
    c.key_col = c.code_col = 0; /* ordered by USCC alone */
    auth_scope(p, &sc);
    rc = store_q_enterprises(a->st, &sc, &sf, &sp, collect_row, &c, err);
    if (rc == 0)
        *out = collect_page(&c);
    collect_fini(&c);
    return rc;
}

int
query_enterprise(struct app *a, const struct principal *p, const char *uscc_in, json_t **out,
                 struct zq_err *err)
{
    struct one o = { query_regions(a), NULL, 0 };
    struct many m = { o.rt, NULL };
    char uscc[USCC_LEN + 1];
    struct store_scope sc;
    bool found = false;
    int rc;

    if (uscc_parse(str_from(uscc_in), uscc, NULL) < 0)
        return zq_err_set(err, ZQ_ENOTFOUND, "企业不存在或不在您的管辖范围内");
    auth_scope(p, &sc);
    if ((rc = store_q_enterprise(a->st, &sc, uscc, one_row, &o, &found, err)) < 0)
        goto fail;
    if (!found || o.obj == NULL) {
        rc = zq_err_set(err, ZQ_ENOTFOUND, "企业不存在或不在您的管辖范围内");
        goto fail;
    }
    m.arr = json_array();
    json_object_set_new(o.obj, "projects", m.arr);
    if ((rc = store_q_enterprise_projects(a->st, &sc, o.id, many_row, &m, err)) < 0)
        goto fail;
    *out = o.obj;
    return 0;
fail:
    json_decref(o.obj);
    return rc;
}

/* ---------------------------------------------------------------- workers */

int
query_workers(struct app *a, const struct principal *p, const struct query_workers_args *f,
              const struct query_page *pg, json_t **out, struct zq_err *err)
{
    unsigned char idh[PII_HASH_LEN], ph[PII_HASH_LEN];
    struct sq_worker_filter sf = { .name = f->name, .hash_len = PII_HASH_LEN };
    char id[IDCARD_LEN + 1], phone[PHONE_MAX + 1];
    const struct pii_keys *k = NULL;
    struct store_scope sc;
    struct cursor_buf cb;
    struct collect c;
    struct sq_page sp;
    int rc;

    auth_scope(p, &sc);
    if ((f->id_number != NULL && f->id_number[0]) || (f->phone != NULL && f->phone[0])) {
        if ((rc = app_pii(a, &k, err)) < 0)
            return rc;
    }
    if (f->id_number != NULL && f->id_number[0] != '\0') {
        if (idcard_parse(str_from(f->id_number), id, err) < 0) {
            zq_err_field(err, "id_number");
            return ZQ_EINVAL;
        }
        pii_hash(k, id, strlen(id), idh);
        sf.id_hash = idh;
    } else if (f->phone != NULL && f->phone[0] != '\0') {
        if (phone_parse(str_from(f->phone), phone, err) < 0) {
            zq_err_field(err, "phone");
            return ZQ_EINVAL;
        }
        pii_hash(k, phone, strlen(phone), ph);
        sf.phone_hash = ph;
    } else if (f->project != NULL && f->project[0] != '\0') {
        if ((rc = store_q_project_id(a->st, &sc, f->project, &sf.project_id, err)) < 0)
            return rc;
    } else if (f->name == NULL || f->name[0] == '\0') {
        return bad_param(err, "name",
                         "请按姓名（name）、身份证号（id_number）、手机号（phone）或项目编号"
                         "（project）查询劳动者");
    }
    if ((rc = page_from(pg, CURSOR_ID, false, &sp, &cb, err)) < 0)
        return rc;
    collect_init(&c, query_regions(a), sp.limit, CURSOR_ID, 0);
    rc = store_q_workers(a->st, &sc, &sf, &sp, collect_row, &c, err);
    if (rc == 0)
        *out = collect_page(&c);
    collect_fini(&c);
    return rc;
}

int
query_worker(struct app *a, const struct principal *p, int64_t id, json_t **out, struct zq_err *err)
{
    struct one o = { query_regions(a), NULL, 0 };
    struct many jobs = { o.rt, NULL }, pay = { o.rt, NULL };
    struct store_scope sc;
    bool found = false;
    int rc;

    auth_scope(p, &sc);
    if ((rc = store_q_worker(a->st, &sc, id, one_row, &o, &found, err)) < 0)
        goto fail;
    if (!found || o.obj == NULL) {
        rc = zq_err_set(err, ZQ_ENOTFOUND, "劳动者不存在或不在您的管辖范围内");
        goto fail;
    }
    jobs.arr = json_array();
    pay.arr = json_array();
    json_object_set_new(o.obj, "employment", jobs.arr);
    json_object_set_new(o.obj, "payroll", pay.arr);
    if ((rc = store_q_worker_jobs(a->st, &sc, id, many_row, &jobs, err)) < 0 ||
        (rc = store_q_worker_payroll(a->st, &sc, id, many_row, &pay, err)) < 0)
        goto fail;
    *out = o.obj;
    return 0;
fail:
    json_decref(o.obj);
    return rc;
}
