/*
 * region.c - the region table: CSV rows parsed into an array sorted by code,
 * binary-search look-ups and containment.
 *
 * A struct region_table owns its array and an arena holding the names; the
 * const pointers it hands out stay valid until region_table_free.  Nothing is
 * shared between tables and nothing is global.
 */
#include "core/region.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/embed.h"

#define REGION_MAX_ROWS   200000 /* all towns of China are about 41,000 */
#define REGION_MAX_LINE   1024
#define REGION_MAX_NAME   150 /* bytes: 50 Chinese characters */
#define REGION_NFIELDS    4
#define REGION_MAX_DEPTH  8 /* containment walks; a real chain has at most 4 steps */
#define REGION_VALUE_CLIP 40

struct region_table {
    struct region *v; /* sorted by code */
    size_t n;
    struct arena *names;
};

/* A row while parsing: the region and the line it came from. */
struct rrow {
    struct region r;
    long line;
};

struct rparse {
    const char *file;
    struct zq_err *err;
    struct rrow *rows;
    size_t n, cap;
    struct arena *names;
};

/* ---- syntax ---- */

static bool
digits_only(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9')
            return false;
    return true;
}

static bool
code_syntax(struct str s)
{
    return (s.len == 6 || s.len == 9) && digits_only(s.p, s.len) && s.p[0] >= '1' && s.p[0] <= '8';
}

bool
region_code_valid_syntax(const char *code)
{
    return code != NULL && code_syntax(str_from(code));
}

bool
region_province_code(const char *code, char out[REGION_PROVINCE_LEN])
{
    if (!region_code_valid_syntax(code)) {
        out[0] = '\0';
        return false;
    }
    memcpy(out, code, 2);
    memcpy(out + 2, "0000", 5);
    return true;
}

static int rerr(struct rparse *ps, int code, long line, long col, const char *fmt, ...)
    ZQ_PRINTF(5, 6);

static int
rerr(struct rparse *ps, int code, long line, long col, const char *fmt, ...)
{
    static const char *const fields[REGION_NFIELDS] = { "code", "name", "parent", "level" };
    char why[sizeof(ps->err->msg)];
    va_list ap;

    if (ps->err == NULL)
        return code;
    va_start(ap, fmt);
    zq_err_vset(ps->err, code, fmt, ap); /* the reason, then prefixed below */
    va_end(ap);
    memcpy(why, ps->err->msg, sizeof(why));
    zq_err_where(ps->err, ps->file, line, col);
    if (col >= 1 && col <= REGION_NFIELDS)
        zq_err_field(ps->err, fields[col - 1]);
    return zq_err_set(ps->err, code, "%s 第 %ld 行：%s", ps->file, line, why);
}

/* ---- rows ---- */

static int
parse_level(struct str s, int *level)
{
    if (s.len != 1 || s.p[0] < '1' || s.p[0] > '4')
        return -1;
    *level = s.p[0] - '0';
    return 0;
}

static bool
name_ok(struct str s)
{
    if (s.len == 0 || s.len > REGION_MAX_NAME)
        return false;
    for (size_t i = 0; i < s.len; i++)
        if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7F)
            return false;
    return true;
}

/* Validate one data row's fields and append it. */
static int
add_row(struct rparse *ps, long line, const struct str *f)
{
    struct rrow *rw;
    int level;

    if (!code_syntax(f[0]))
        return rerr(ps, ZQ_EINVAL, line, 1, "地区代码“%.*s”格式不正确，应为 6 位或 9 位数字",
                    str_clip(f[0], REGION_VALUE_CLIP), f[0].p);
    if (parse_level(f[3], &level) < 0)
        return rerr(ps, ZQ_EINVAL, line, 4, "级别“%.*s”无效，应为 1（省）到 4（乡镇）",
                    str_clip(f[3], REGION_VALUE_CLIP), f[3].p);
    if ((level == REGION_TOWN) != (f[0].len == 9))
        return rerr(ps, ZQ_EINVAL, line, 1,
                    "地区代码“%.*s”与级别 %d 不符：乡镇级为 9 位，其余为 6 位",
                    str_clip(f[0], REGION_VALUE_CLIP), f[0].p, level);
    if (!name_ok(f[1]))
        return rerr(ps, ZQ_EINVAL, line, 2, "地区 %.*s 的名称为空、过长或含控制字符", (int)f[0].len,
                    f[0].p);
    if (level == REGION_PROVINCE ? f[2].len != 0 : !code_syntax(f[2]))
        return rerr(ps, ZQ_EINVAL, line, 3, "地区 %.*s 的上级代码“%.*s”无效%s", (int)f[0].len,
                    f[0].p, str_clip(f[2], REGION_VALUE_CLIP), f[2].p,
                    level == REGION_PROVINCE ? "：省级地区没有上级" : "");
    if (ps->n >= REGION_MAX_ROWS)
        return rerr(ps, ZQ_ETOOBIG, line, 0, "地区超过 %d 个", REGION_MAX_ROWS);
    ps->rows = zq_grow(ps->rows, sizeof(*ps->rows), ps->n + 1, &ps->cap);
    rw = &ps->rows[ps->n++];
    memset(rw, 0, sizeof(*rw));
    memcpy(rw->r.code, f[0].p, f[0].len);
    memcpy(rw->r.parent, f[2].p, f[2].len);
    rw->r.level = level;
    rw->r.name = arena_strndup(ps->names, f[1].p, f[1].len);
    rw->line = line;
    return 0;
}

static int
parse_header(struct rparse *ps, struct str line)
{
    static const char *const want[REGION_NFIELDS] = { "code", "name", "parent", "level" };
    char scratch[REGION_MAX_LINE];
    struct str f[REGION_NFIELDS];
    int n;

    if (line.len >= 3 && memcmp(line.p, "\xEF\xBB\xBF", 3) == 0) {
        line.p += 3;
        line.len -= 3;
    }
    n = line.len < sizeof(scratch) ? str_split_csv(line, f, REGION_NFIELDS, scratch) : -1;
    for (int i = 0; n == REGION_NFIELDS && i < REGION_NFIELDS; i++)
        if (!str_eq_cstr(f[i], want[i]))
            n = -1;
    if (n != REGION_NFIELDS)
        return rerr(ps, ZQ_ESYNTAX, 1, 1, "表头应为“code,name,parent,level”");
    return 0;
}

static int
parse_rows(struct rparse *ps, const char *data, size_t len)
{
    size_t pos = 0;
    long lineno = 0;
    struct str line, f[REGION_NFIELDS];
    char scratch[REGION_MAX_LINE];
    int n, rc;

    if (!str_next_line(data, len, &pos, &line))
        return rerr(ps, ZQ_ESYNTAX, 1, 1, "文件为空，应有表头“code,name,parent,level”");
    lineno = 1;
    if ((rc = parse_header(ps, line)) < 0)
        return rc;
    while (str_next_line(data, len, &pos, &line)) {
        lineno++;
        if (str_trim(line).len == 0)
            continue;
        if (line.len >= sizeof(scratch))
            return rerr(ps, ZQ_ETOOBIG, lineno, 0, "行过长（超过 %d 字节）", REGION_MAX_LINE);
        if (!utf8_valid(line.p, line.len))
            return rerr(ps, ZQ_EINVAL, lineno, 0, "不是有效的 UTF-8 文本");
        n = str_split_csv(line, f, REGION_NFIELDS, scratch);
        if (n < 0)
            return rerr(ps, ZQ_ESYNTAX, lineno, 0, "引号不配对");
        if (n > REGION_NFIELDS)
            return rerr(ps, ZQ_ESYNTAX, lineno, 0, "列数多于 4 列（code,name,parent,level）");
        if (n != REGION_NFIELDS)
            return rerr(ps, ZQ_ESYNTAX, lineno, 0,
                        "应有 4 列（code,name,parent,level），实际 %d 列", n);
        if ((rc = add_row(ps, lineno, f)) < 0)
            return rc;
    }
    return 0;
}

static int
cmp_rrow(const void *a, const void *b)
{
    const struct rrow *x = a, *y = b;
    int c = strcmp(x->r.code, y->r.code);

    return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

static int
cmp_code(const void *key, const void *elem)
{
    return strcmp(key, ((const struct region *)elem)->code);
}

static const struct region *
exact(const struct region_table *t, const char *code)
{
    if (t == NULL || t->n == 0)
        return NULL;
    return bsearch(code, t->v, t->n, sizeof(*t->v), cmp_code);
}

/* Sorted rows: unique codes, parents present and of a lower level. */
static int
check_rows(struct rparse *ps, struct region_table *t)
{
    for (size_t i = 1; i < ps->n; i++)
        if (strcmp(ps->rows[i].r.code, ps->rows[i - 1].r.code) == 0)
            return rerr(ps, ZQ_ECONFLICT, ps->rows[i].line, 1,
                        "地区代码 %s 重复（第 %ld 行已出现）", ps->rows[i].r.code,
                        ps->rows[i - 1].line);
    for (size_t i = 0; i < ps->n; i++) {
        const struct rrow *rw = &ps->rows[i];
        const struct region *p;

        if (rw->r.parent[0] == '\0')
            continue;
        p = exact(t, rw->r.parent);
        if (p == NULL)
            return rerr(ps, ZQ_EINVAL, rw->line, 3, "地区 %s 的上级 %s 不在文件中", rw->r.code,
                        rw->r.parent);
        if (p->level >= rw->r.level)
            return rerr(ps, ZQ_EINVAL, rw->line, 3, "地区 %s（级别 %d）的上级 %s 级别为 %d，应更高",
                        rw->r.code, rw->r.level, p->code, p->level);
    }
    return 0;
}

int
region_table_parse(const char *data, size_t len, const char *filename, struct region_table **out,
                   struct zq_err *err)
{
    struct rparse ps = { filename != NULL ? filename : "", err, NULL, 0, 0, arena_new(0) };
    struct region_table *t = zq_calloc(1, sizeof(*t));
    int rc;

    t->names = ps.names;
    rc = parse_rows(&ps, data, len);
    if (rc < 0)
        goto out;
    if (ps.n > 0)
        qsort(ps.rows, ps.n, sizeof(*ps.rows), cmp_rrow);
    t->v = zq_calloc(ps.n, sizeof(*t->v));
    for (size_t i = 0; i < ps.n; i++)
        t->v[i] = ps.rows[i].r;
    t->n = ps.n;
    rc = check_rows(&ps, t);
out:
    zq_free(ps.rows);
    if (rc < 0) {
        region_table_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

int
region_table_load_builtin(struct region_table **out, struct zq_err *err)
{
    const struct embedded_file *f = embed_find("data/regions.csv");

    if (f == NULL)
        return zq_err_set(err, ZQ_EINTERNAL, "程序内置的行政区划数据（data/regions.csv）缺失");
    return region_table_parse((const char *)f->data, f->len, "data/regions.csv", out, err);
}

void
region_table_free(struct region_table *t)
{
    if (t == NULL)
        return;
    zq_free(t->v);
    arena_free(t->names);
    zq_free(t);
}

size_t
region_table_count(const struct region_table *t)
{
    return t->n;
}

const struct region *
region_table_at(const struct region_table *t, size_t i)
{
    return i < t->n ? &t->v[i] : NULL;
}

/* ---- look-ups ---- */

const struct region *
region_find_str(const struct region_table *t, struct str code)
{
    char key[REGION_CODE_LEN];
    const struct region *r;

    if (!code_syntax(code))
        return NULL;
    memcpy(key, code.p, code.len);
    key[code.len] = '\0';
    if ((r = exact(t, key)) != NULL || code.len == 6)
        return r;
    key[6] = '\0'; /* a town not in the table: its county, else its city */
    if ((r = exact(t, key)) != NULL)
        return r;
    memcpy(key + 4, "00", 3);
    return exact(t, key);
}

const struct region *
region_find(const struct region_table *t, const char *code)
{
    return code != NULL ? region_find_str(t, str_from(code)) : NULL;
}

const struct region *
region_parent(const struct region_table *t, const struct region *r)
{
    return r->parent[0] != '\0' ? exact(t, r->parent) : NULL;
}

/* Replace code by its parent: the table's where known, else by structure. */
static bool
step_up(const struct region_table *t, char code[REGION_CODE_LEN])
{
    const struct region *r = exact(t, code);

    if (r != NULL) {
        if (r->parent[0] == '\0')
            return false;
        memcpy(code, r->parent, REGION_CODE_LEN);
        return true;
    }
    if (strlen(code) == 9)
        code[6] = '\0';
    else if (memcmp(code + 4, "00", 2) != 0)
        memcpy(code + 4, "00", 2);
    else if (memcmp(code + 2, "00", 2) != 0)
        memcpy(code + 2, "00", 2);
    else
        return false;
    return true;
}

bool
region_within(const struct region_table *t, const char *x, const char *y)
{
    char cur[REGION_CODE_LEN];

    if (!region_code_valid_syntax(x) || !region_code_valid_syntax(y))
        return false;
    memcpy(cur, x, strlen(x) + 1);
    for (int i = 0; i <= REGION_MAX_DEPTH; i++) {
        if (strcmp(cur, y) == 0)
            return true;
        if (!step_up(t, cur))
            return false;
    }
    return false;
}
