/*
 * import_batch.c - staged imports (PostgreSQL): rows are validated as usual,
 * then queued with copies of their values and of the line as read; every
 * IMP_BATCH_ROWS rows (and at the end) the queue goes to the store in one
 * bulk load and a few set-based statements (store_stage.c).  Workers not yet
 * known get placeholder ids (-1, -2, ...) that are resolved in bulk before
 * the rows that use them are written.  A batch owns an arena that is reset
 * after each flush.
 */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "svc/import_int.h"

#define IMP_BATCH_ROWS 20000

struct saved_row {
    long line;
    size_t n;
    struct str *f;
};

struct imp_batch {
    struct arena *mem;
    struct store_val *vals; /* n * ncols */
    struct saved_row *rows;
    size_t n, cap, capvals;
    /* Workers waiting to be resolved. */
    struct store_val *wvals; /* nw * WK__N */
    bool *wauth;
    char (*wid)[IMP_ID_LEN]; /* their ID numbers, for the cache */
    size_t nw, capw, capwv, capwa, capwid;
    struct strmap *wpending; /* ID number -> k + 1 */
    int64_t *wids;           /* resolved ids of the last flush */
    size_t capwids;
    enum simp_outcome *out;
    size_t capout;
};

struct imp_batch *
imp_batch_new(void)
{
    struct imp_batch *b = zq_calloc(1, sizeof(*b));

    b->mem = arena_new(1024 * 1024);
    b->wpending = strmap_new();
    return b;
}

void
imp_batch_free(struct imp_batch *b)
{
    if (b == NULL)
        return;
    arena_free(b->mem);
    strmap_free(b->wpending);
    zq_free(b->vals);
    zq_free(b->rows);
    zq_free(b->wvals);
    zq_free(b->wauth);
    zq_free(b->wid);
    zq_free(b->wids);
    zq_free(b->out);
    zq_free(b);
}

static struct store_val
copy_val(struct arena *a, const struct store_val *v)
{
    struct store_val c = *v;

    if ((v->t == STORE_TEXT || v->t == STORE_BLOB) && v->n > 0) {
        void *p = arena_alloc(a, v->n);
        memcpy(p, v->p, v->n);
        c.p = p;
    }
    return c;
}

void
imp_batch_worker(struct imp *im, struct str idnum, const struct store_val *w, bool auth,
                 int64_t *id)
{
    struct imp_batch *b = im->batch;
    uint64_t k;

    if (strmap_get(b->wpending, idnum.p, idnum.len, &k)) {
        *id = -(int64_t)k;
        return;
    }
    b->wvals = zq_grow(b->wvals, sizeof(*b->wvals), (b->nw + 1) * WK__N, &b->capwv);
    b->wauth = zq_grow(b->wauth, sizeof(*b->wauth), b->nw + 1, &b->capwa);
    b->wid = zq_grow(b->wid, sizeof(*b->wid), b->nw + 1, &b->capwid);
    for (int c = 0; c < WK__N; c++)
        b->wvals[b->nw * WK__N + (size_t)c] = copy_val(b->mem, &w[c]);
    b->wauth[b->nw] = auth;
    memset(b->wid[b->nw], 0, IMP_ID_LEN);
    memcpy(b->wid[b->nw], idnum.p, idnum.len < IMP_ID_LEN ? idnum.len : IMP_ID_LEN - 1);
    b->nw++;
    strmap_put(b->wpending, idnum.p, idnum.len, b->nw);
    *id = -(int64_t)b->nw;
}

bool
imp_batch_pending(struct imp *im, struct str idnum, int64_t *id)
{
    uint64_t k;

    if (!strmap_get(im->batch->wpending, idnum.p, idnum.len, &k))
        return false;
    *id = -(int64_t)k;
    return true;
}

int
imp_batch_resolve(struct imp *im, const int64_t **ids, size_t *n, struct zq_err *err)
{
    struct imp_batch *b = im->batch;
    int rc;

    *ids = b->wids;
    *n = 0;
    if (b->nw == 0)
        return 0;
    b->wids = zq_grow(b->wids, sizeof(*b->wids), b->nw, &b->capwids);
    *ids = b->wids;
    rc = store_stage_workers(im->st, b->wvals, b->wauth, b->nw, im->now, b->wids, err);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < b->nw; i++)
        strmap_put(im->workers, b->wid[i], strlen(b->wid[i]), (uint64_t)b->wids[i]);
    *n = b->nw;
    b->nw = 0;
    strmap_clear(b->wpending);
    return 0;
}

int
imp_batch_add(struct imp *im, const struct store_val *vals, struct zq_err *err)
{
    struct imp_batch *b = im->batch;
    size_t nc = (size_t)store_simp_ncols((enum simp_table)im->k->table);
    struct saved_row *r;

    b->vals = zq_grow(b->vals, sizeof(*b->vals), (b->n + 1) * nc, &b->capvals);
    b->rows = zq_grow(b->rows, sizeof(*b->rows), b->n + 1, &b->cap);
    for (size_t c = 0; c < nc; c++)
        b->vals[b->n * nc + c] = copy_val(b->mem, &vals[c]);
    r = &b->rows[b->n];
    r->line = im->cur.line;
    r->n = im->cur.n;
    r->f = arena_alloc(b->mem, (r->n ? r->n : 1) * sizeof(struct str));
    for (size_t i = 0; i < r->n; i++)
        r->f[i] = (struct str){ arena_strndup(b->mem, im->cur.f[i].p, im->cur.f[i].len),
                                im->cur.f[i].len };
    b->n++;
    return b->n >= (im->staged ? IMP_BATCH_ROWS : SIMP_CHUNK) ? imp_batch_flush(im, err) : 0;
}

/* Append the bytes of a key value, length-prefixed so that values cannot run
 * into each other. */
static int
key_bytes(struct buf *k, const struct store_val *v)
{
    char tag = (char)('0' + v->t);
    int rc = buf_putc(k, tag);

    if (rc == 0 && v->t == STORE_INT)
        rc = buf_append(k, &v->i, sizeof v->i);
    if (rc == 0 && (v->t == STORE_TEXT || v->t == STORE_BLOB))
        rc = buf_append(k, &v->n, sizeof v->n) < 0 ? -1 : buf_append(k, v->p, v->n);
    return rc;
}

/* Mark the later lines of the batch that repeat a key as SIMP_DUP, and send
 * the others, compacted, to the store. */
static int
stage_distinct(struct imp *im, struct imp_batch *b, size_t nc, struct zq_err *err)
{
    enum simp_table t = (enum simp_table)im->k->table;
    size_t nk = (size_t)store_simp_nkeys(t), m = 0;
    struct strmap *keys = strmap_new();
    struct store_val *rows = zq_malloc(b->n * nc * sizeof(*rows));
    enum simp_outcome *out = zq_malloc(b->n * sizeof(*out));
    size_t *pos = zq_malloc(b->n * sizeof(*pos));
    struct buf k;
    uint64_t seen;
    int rc = 0;

    buf_init(&k, 4096);
    for (size_t i = 0; i < b->n && rc == 0; i++) {
        buf_reset(&k);
        for (size_t c = 0; c < nk && rc == 0; c++)
            rc = key_bytes(&k, &b->vals[i * nc + c]);
        if (rc < 0) {
            rc = zq_err_set(err, ZQ_EINTERNAL, "业务主键过长");
            break;
        }
        if (strmap_get(keys, k.p, k.len, &seen)) {
            b->out[i] = SIMP_DUP;
            continue;
        }
        strmap_put(keys, k.p, k.len, i);
        memcpy(rows + m * nc, b->vals + i * nc, nc * sizeof(*rows));
        pos[m++] = i;
    }
    if (rc == 0)
        rc = store_stage_upsert(im->st, t, rows, m, im->now, &im->seen, out, err);
    for (size_t j = 0; j < m && rc == 0; j++)
        b->out[pos[j]] = out[j];
    buf_fini(&k);
    strmap_free(keys);
    zq_free(rows);
    zq_free(out);
    zq_free(pos);
    return rc;
}

int
imp_batch_flush(struct imp *im, struct zq_err *err)
{
    struct imp_batch *b = im->batch;
    size_t nc, nids;
    const int64_t *ids;
    int rc;

    if (b == NULL)
        return 0;
    if ((rc = imp_batch_resolve(im, &ids, &nids, err)) < 0)
        return rc;
    if (b->n == 0)
        goto done;
    nc = (size_t)store_simp_ncols((enum simp_table)im->k->table);
    if (im->k->worker_col >= 0)
        for (size_t i = 0; i < b->n; i++) {
            struct store_val *v = &b->vals[i * nc + (size_t)im->k->worker_col];
            if (v->i < 0) {
                size_t k = (size_t)(-v->i - 1);
                if (k >= nids)
                    return zq_err_set(err, ZQ_EINTERNAL, "导入批次中的工人没有解析");
                v->i = ids[k];
            }
        }
    b->out = zq_grow(b->out, sizeof(*b->out), b->n, &b->capout);
    if (im->staged)
        rc = stage_distinct(im, b, nc, err);
    else
        rc = store_simp_upsert_many(im->st, (enum simp_table)im->k->table, b->vals, b->n, im->now,
                                    &im->seen, b->out, err);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < b->n; i++) {
        if (b->out[i] == SIMP_DUP) {
            struct imp_row_ref ref = { b->rows[i].line, b->rows[i].n, b->rows[i].f };
            char reason[256];
            snprintf(reason, sizeof reason, "文件中已有业务主键（%s）相同的行", im->k->key_title);
            imp_report_saved(im, &ref, reason);
        } else {
            imp_count(im, b->out[i]);
        }
    }
done:
    b->n = 0;
    arena_reset(b->mem);
    return 0;
}
