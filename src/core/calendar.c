/*
 * calendar.c - the working-day calendar: entries (official, imported,
 * statutory) and a per-day table for 1900-2199 derived from them.
 *
 * For each day the table keeps what the entries say about it, whether it is a
 * working day and whether its year is provisional (one byte), and how many
 * working days its year has had up to it (cum); with the count of working days
 * before each year (ybase) this gives W(d), the working days since 1900-01-01,
 * so is_workday and workdays are O(1) and add_workdays is a binary search on
 * W.  Outside 1900-2199 W continues with weekends as the only rest days.
 * Adding an entry recomputes only its year (and ybase).
 *
 * The calendar owns its arrays and an arena with the entries' names.
 */
#include "core/calendar.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/embed.h"
#include "core/str.h"

#define CAL_NYEARS   (DATE_MAX_YEAR - DATE_MIN_YEAR + 1)
#define CAL_MAX_ROWS 120000 /* more than every day of 1900-2199 */
#define CAL_MAX_LINE 1024
#define CAL_NFIELDS  3
#define CAL_CLIP     40 /* bytes of an offending value quoted in a message */

/* Per-day flags. */
enum {
    K_OFF = 1,   /* an official entry says 放假 */
    K_WORK = 2,  /* an official entry says 上班 */
    K_STAT = 4,  /* a statutory rest day */
    F_WORK = 8,  /* derived: a working day */
    F_PROV = 16, /* derived: the year is not official */
};

struct calendar {
    zq_date d0;                     /* 1900-01-01 */
    int32_t ndays;                  /* through 2199-12-31 */
    uint8_t *flags;                 /* [ndays] */
    uint16_t *cum;                  /* [ndays]: working days of its year through the day */
    int32_t ystart[CAL_NYEARS + 1]; /* day index of each Jan 1; [CAL_NYEARS] = ndays */
    int32_t ybase[CAL_NYEARS + 1];  /* working days from d0 to each Jan 1 */
    int32_t official[CAL_NYEARS];   /* official entries per year */
    struct calendar_entry *e;       /* sorted by date, official before statutory */
    size_t ne, cap;
    struct arena *names;
};

/* ---- the per-day table ---- */

static int
year_index(const struct calendar *cal, int32_t i)
{
    int y = (int)((int64_t)i * 400 / 146097);

    while (y + 1 <= CAL_NYEARS && cal->ystart[y + 1] <= i)
        y++;
    while (y > 0 && cal->ystart[y] > i)
        y--;
    return y;
}

static void
recompute_year(struct calendar *cal, int y)
{
    bool official = cal->official[y] > 0;
    uint16_t c = 0;
    int wd = date_weekday(cal->d0 + cal->ystart[y]);

    for (int32_t i = cal->ystart[y]; i < cal->ystart[y + 1]; i++, wd = wd % 7 + 1) {
        uint8_t k = cal->flags[i] & (K_OFF | K_WORK | K_STAT);
        bool weekday = wd <= 5;
        bool work = official ? (k & K_WORK) || (weekday && !(k & K_OFF)) : weekday && !(k & K_STAT);

        cal->flags[i] = (uint8_t)(k | (work ? F_WORK : 0) | (official ? 0 : F_PROV));
        c = (uint16_t)(c + work);
        cal->cum[i] = c;
    }
}

static void
rebuild_base(struct calendar *cal)
{
    cal->ybase[0] = 0;
    for (int y = 0; y < CAL_NYEARS; y++)
        cal->ybase[y + 1] = cal->ybase[y] + cal->cum[cal->ystart[y + 1] - 1];
}

struct calendar *
calendar_new_empty(void)
{
    struct calendar *cal = zq_calloc(1, sizeof(*cal));

    cal->d0 = date_from_ymd(DATE_MIN_YEAR, 1, 1);
    for (int y = 0; y <= CAL_NYEARS; y++)
        cal->ystart[y] = date_from_ymd(DATE_MIN_YEAR + y, 1, 1) - cal->d0;
    cal->ndays = cal->ystart[CAL_NYEARS];
    cal->flags = zq_calloc((size_t)cal->ndays, sizeof(*cal->flags));
    cal->cum = zq_calloc((size_t)cal->ndays, sizeof(*cal->cum));
    cal->names = arena_new(0);
    for (int y = 0; y < CAL_NYEARS; y++)
        recompute_year(cal, y);
    rebuild_base(cal);
    return cal;
}

void
calendar_free(struct calendar *cal)
{
    if (cal == NULL)
        return;
    zq_free(cal->flags);
    zq_free(cal->cum);
    zq_free(cal->e);
    arena_free(cal->names);
    zq_free(cal);
}

/* Mon-Fri days from a fixed Monday through day x (any integer, floor). */
static int64_t
weekdays_through(int64_t x)
{
    int64_t t = x - 4; /* day 4 = 1970-01-05, a Monday */
    int64_t w = t >= 0 ? t / 7 : -((-t + 6) / 7);
    int64_t r = t - 7 * w;

    return 5 * w + (r + 1 < 5 ? r + 1 : 5);
}

/* W(d): working days in [1900-01-01, d]; negative before 1900. */
static int64_t
wcount(const struct calendar *cal, int64_t d)
{
    int64_t i = d - cal->d0;

    if (i < 0)
        return -(weekdays_through(cal->d0 - 1) - weekdays_through(d));
    if (i >= cal->ndays)
        return cal->ybase[CAL_NYEARS] + weekdays_through(d) -
               weekdays_through((int64_t)cal->d0 + cal->ndays - 1);
    return cal->ybase[year_index(cal, (int32_t)i)] + cal->cum[i];
}

/* Does [lo, hi] touch a non-official year or the outside of 1900-2199? */
static bool
range_provisional(const struct calendar *cal, int64_t lo, int64_t hi)
{
    int64_t a = lo - cal->d0, b = hi - cal->d0;

    if (a < 0 || b >= cal->ndays)
        return true;
    for (int y = year_index(cal, (int32_t)a), ylast = year_index(cal, (int32_t)b); y <= ylast; y++)
        if (cal->official[y] == 0)
            return true;
    return false;
}

static void
mark(bool *provisional, bool p)
{
    if (p && provisional != NULL)
        *provisional = true;
}

/* ---- queries ---- */

bool
calendar_is_workday(const struct calendar *cal, zq_date d, bool *provisional)
{
    int64_t i = (int64_t)d - cal->d0;

    if (i < 0 || i >= cal->ndays) {
        mark(provisional, true);
        return date_weekday(d) <= 5;
    }
    mark(provisional, (cal->flags[i] & F_PROV) != 0);
    return (cal->flags[i] & F_WORK) != 0;
}

zq_date
calendar_add_workdays(const struct calendar *cal, zq_date d, int n, bool *provisional)
{
    int64_t target, lo = d, hi, step;

    if (n <= 0)
        return d;
    if (n > CALENDAR_MAX_WORKDAYS)
        n = CALENDAR_MAX_WORKDAYS;
    target = wcount(cal, d) + n;
    /* W is non-decreasing: find the first day after d with W >= target */
    for (step = (int64_t)n + 16, hi = d + step; wcount(cal, hi) < target; hi = d + step)
        step *= 2;
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;

        if (wcount(cal, mid) >= target)
            hi = mid;
        else
            lo = mid;
    }
    mark(provisional, range_provisional(cal, (int64_t)d + 1, hi));
    return (zq_date)hi;
}

int
calendar_workdays(const struct calendar *cal, zq_date a, zq_date b, bool *provisional)
{
    if (b <= a)
        return 0;
    mark(provisional, range_provisional(cal, (int64_t)a + 1, b));
    return (int)(wcount(cal, b) - wcount(cal, a));
}

zq_date
calendar_last_workday_on_or_before(const struct calendar *cal, zq_date d, bool *provisional)
{
    int64_t target = wcount(cal, d), hi = d, lo, step = 16;

    if (calendar_is_workday(cal, d, provisional))
        return d;
    /* the last working day e <= d is the first day with W(e) == W(d) */
    for (lo = (int64_t)d - step; wcount(cal, lo) >= target; lo = (int64_t)d - step)
        step *= 2;
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;

        if (wcount(cal, mid) >= target)
            hi = mid;
        else
            lo = mid;
    }
    mark(provisional, range_provisional(cal, hi, d));
    return (zq_date)hi;
}

bool
calendar_year_official(const struct calendar *cal, int year)
{
    return year >= DATE_MIN_YEAR && year <= DATE_MAX_YEAR &&
           cal->official[year - DATE_MIN_YEAR] > 0;
}

/* ---- entries ---- */

static int
tier(enum calendar_source s)
{
    return s == CALENDAR_STATUTORY;
}

/* Index of the first of the first n entries not before (d, t). */
static size_t
entry_lower_bound(const struct calendar *cal, size_t n, zq_date d, int t)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct calendar_entry *e = &cal->e[mid];

        if (e->date < d || (e->date == d && tier(e->source) < t))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static struct calendar_entry *
entry_find(const struct calendar *cal, size_t n, zq_date d, int t)
{
    size_t i = entry_lower_bound(cal, n, d, t);

    if (i < n && cal->e[i].date == d && tier(cal->e[i].source) == t)
        return &cal->e[i];
    return NULL;
}

static int
cmp_entry(const void *a, const void *b)
{
    const struct calendar_entry *x = a, *y = b;

    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    return tier(x->source) - tier(y->source);
}

/*
 * Record an entry for an in-range date: update the entry for (d, tier) among
 * the first `sorted` entries (which are in order), or append a new one (the
 * caller restores the order).  Returns the year index, which the caller
 * recomputes.
 */
static int
set_entry(struct calendar *cal, size_t sorted, zq_date d, bool workday, enum calendar_source src,
          struct str name)
{
    int32_t i = d - cal->d0;
    int y = year_index(cal, i);
    int t = tier(src);
    struct calendar_entry *e = entry_find(cal, sorted, d, t);

    if (e == NULL) {
        cal->e = zq_grow(cal->e, sizeof(*cal->e), cal->ne + 1, &cal->cap);
        e = &cal->e[cal->ne++];
        if (t == 0)
            cal->official[y]++;
    }
    e->date = d;
    e->workday = workday;
    e->source = src;
    e->name = arena_strndup(cal->names, name.p != NULL ? name.p : "", name.len);
    if (t == 0)
        cal->flags[i] = (uint8_t)((cal->flags[i] & ~(K_OFF | K_WORK)) | (workday ? K_WORK : K_OFF));
    else
        cal->flags[i] |= K_STAT;
    return y;
}

static bool
name_ok(struct str s)
{
    if (s.len > CALENDAR_MAX_NAME || (s.len > 0 && !utf8_valid(s.p, s.len)))
        return false;
    for (size_t i = 0; i < s.len; i++)
        if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7F)
            return false;
    return true;
}

int
calendar_add(struct calendar *cal, zq_date d, bool workday, const char *name, struct zq_err *err)
{
    struct str nm = str_from(name);
    char buf[DATE_STR_LEN];
    size_t n = cal->ne;
    int y;

    if ((int64_t)d < cal->d0 || (int64_t)d - cal->d0 >= cal->ndays)
        return zq_err_set(err, ZQ_EINVAL, "节假日安排的日期超出范围（%d–%d 年）", DATE_MIN_YEAR,
                          DATE_MAX_YEAR);
    if (!name_ok(nm))
        return zq_err_set(err, ZQ_EINVAL, "%s 的节假日名称过长、不是有效的 UTF-8 文本或含控制字符",
                          date_format(d, buf));
    y = set_entry(cal, n, d, workday, CALENDAR_IMPORTED, nm);
    if (cal->ne > n) { /* appended: move it to its place */
        struct calendar_entry e = cal->e[n];
        size_t at = entry_lower_bound(cal, n, e.date, tier(e.source));

        memmove(cal->e + at + 1, cal->e + at, (n - at) * sizeof(*cal->e));
        cal->e[at] = e;
    }
    recompute_year(cal, y);
    rebuild_base(cal);
    return 0;
}

const char *
calendar_day_name(const struct calendar *cal, zq_date d)
{
    const struct calendar_entry *e;
    int64_t i = (int64_t)d - cal->d0;

    if (i < 0 || i >= cal->ndays)
        return NULL;
    e = entry_find(cal, cal->ne, d, cal->official[year_index(cal, (int32_t)i)] > 0 ? 0 : 1);
    return e != NULL && e->name[0] != '\0' ? e->name : NULL;
}

size_t
calendar_entry_count(const struct calendar *cal)
{
    return cal->ne;
}

const struct calendar_entry *
calendar_entry_at(const struct calendar *cal, size_t i)
{
    return i < cal->ne ? &cal->e[i] : NULL;
}

/* ---- CSV ---- */

struct crow {
    zq_date date;
    bool workday;
    long line;
    struct str name; /* in the parse's arena */
};

struct cparse {
    const char *file;
    struct zq_err *err;
    int nfields; /* 2 or 3, from the header */
    struct crow *rows;
    size_t n, cap;
    struct arena *tmp;
};

static int cerr(struct cparse *ps, int code, long line, long col, const char *fmt, ...)
    ZQ_PRINTF(5, 6);

static int
cerr(struct cparse *ps, int code, long line, long col, const char *fmt, ...)
{
    char why[sizeof(ps->err->msg)];
    va_list ap;

    if (ps->err == NULL)
        return code;
    va_start(ap, fmt);
    zq_err_vset(ps->err, code, fmt, ap); /* the reason, then prefixed below */
    va_end(ap);
    memcpy(why, ps->err->msg, sizeof(why));
    zq_err_where(ps->err, ps->file, line, col);
    if (col > 0)
        zq_err_field(ps->err, col == 1 ? "date" : col == 2 ? "kind" : "name");
    return zq_err_set(ps->err, code, "%s 第 %ld 行：%s", ps->file, line, why);
}

static bool
ascii_ieq(struct str s, const char *lit)
{
    size_t n = strlen(lit);

    if (s.len != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s.p[i];

        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lit[i])
            return false;
    }
    return true;
}

static int
parse_header(struct cparse *ps, struct str line)
{
    static const char *const en[CAL_NFIELDS] = { "date", "kind", "name" };
    static const char *const zh[CAL_NFIELDS] = { "日期", "类型", "名称" };
    char scratch[CAL_MAX_LINE];
    struct str f[CAL_NFIELDS];
    int n;

    if (line.len >= 3 && memcmp(line.p, "\xEF\xBB\xBF", 3) == 0) {
        line.p += 3;
        line.len -= 3;
    }
    n = line.len < sizeof(scratch) ? str_split_csv(line, f, CAL_NFIELDS, scratch) : -1;
    if (n < 2 || n > CAL_NFIELDS)
        n = -1;
    for (int i = 0; i < n; i++)
        if (!ascii_ieq(f[i], en[i]) && !str_eq_cstr(f[i], zh[i]))
            n = -1;
    if (n < 0)
        return cerr(ps, ZQ_ESYNTAX, 1, 0, "表头应为“date,kind,name”（kind 为 off 或 work）");
    ps->nfields = n;
    return 0;
}

static int
parse_kind(struct str s, bool *workday)
{
    if (ascii_ieq(s, "off") || str_eq_cstr(s, "放假"))
        *workday = false;
    else if (ascii_ieq(s, "work") || str_eq_cstr(s, "上班"))
        *workday = true;
    else
        return -1;
    return 0;
}

static int
parse_row(struct cparse *ps, long line, const struct str *f)
{
    struct zq_err derr;
    struct crow *r;
    zq_date d;
    bool workday;
    struct str name = ps->nfields > 2 ? f[2] : (struct str){ "", 0 };

    zq_err_clear(&derr);
    if (date_parse(f[0], &d, &derr) < 0)
        return cerr(ps, ZQ_EINVAL, line, 1, "%s", derr.msg);
    if (parse_kind(f[1], &workday) < 0)
        return cerr(ps, ZQ_EINVAL, line, 2, "类型“%.*s”无效，应为 off（放假）或 work（上班）",
                    str_clip(f[1], CAL_CLIP), f[1].p);
    if (!name_ok(name))
        return cerr(ps, ZQ_EINVAL, line, 3, "名称过长（最多 %d 字节）或含控制字符",
                    CALENDAR_MAX_NAME);
    if (ps->n >= CAL_MAX_ROWS)
        return cerr(ps, ZQ_ETOOBIG, line, 0, "日期超过 %d 个", CAL_MAX_ROWS);
    ps->rows = zq_grow(ps->rows, sizeof(*ps->rows), ps->n + 1, &ps->cap);
    r = &ps->rows[ps->n++];
    r->date = d;
    r->workday = workday;
    r->line = line;
    r->name.p = arena_strndup(ps->tmp, name.p, name.len);
    r->name.len = name.len;
    return 0;
}

static int
parse_lines(struct cparse *ps, const char *data, size_t len)
{
    size_t pos = 0;
    long lineno = 1;
    struct str line, f[CAL_NFIELDS];
    char scratch[CAL_MAX_LINE];
    int n, rc;

    if (!str_next_line(data, len, &pos, &line))
        return cerr(ps, ZQ_ESYNTAX, 1, 0, "文件为空，应有表头“date,kind,name”");
    if ((rc = parse_header(ps, line)) < 0)
        return rc;
    while (str_next_line(data, len, &pos, &line)) {
        lineno++;
        if (str_trim(line).len == 0)
            continue;
        if (line.len >= sizeof(scratch))
            return cerr(ps, ZQ_ETOOBIG, lineno, 0, "行过长（超过 %d 字节）", CAL_MAX_LINE);
        if (!utf8_valid(line.p, line.len))
            return cerr(ps, ZQ_EINVAL, lineno, 0, "不是有效的 UTF-8 文本（请以 UTF-8 编码保存）");
        n = str_split_csv(line, f, ps->nfields, scratch);
        if (n < 0)
            return cerr(ps, ZQ_ESYNTAX, lineno, 0, "引号不配对");
        if (n > ps->nfields)
            return cerr(ps, ZQ_ESYNTAX, lineno, 0, "列数多于表头的 %d 列", ps->nfields);
        if (n != ps->nfields)
            return cerr(ps, ZQ_ESYNTAX, lineno, 0, "应有 %d 列（与表头相同），实际 %d 列",
                        ps->nfields, n);
        if ((rc = parse_row(ps, lineno, f)) < 0)
            return rc;
    }
    return 0;
}

static int
cmp_crow(const void *a, const void *b)
{
    const struct crow *x = a, *y = b;

    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Parse all rows of a CSV into ps (sorted by date, each date once). */
static int
parse_csv(struct cparse *ps, const char *data, size_t len)
{
    char buf[DATE_STR_LEN];
    int rc = parse_lines(ps, data, len);

    if (rc < 0)
        return rc;
    if (ps->n > 1)
        qsort(ps->rows, ps->n, sizeof(*ps->rows), cmp_crow);
    for (size_t i = 1; i < ps->n; i++)
        if (ps->rows[i].date == ps->rows[i - 1].date)
            return cerr(ps, ZQ_ECONFLICT, ps->rows[i].line, 1, "日期 %s 重复（第 %ld 行已出现）",
                        date_format(ps->rows[i].date, buf), ps->rows[i - 1].line);
    return 0;
}

/* Add every parsed row with source src and recompute the years touched. */
static void
apply_rows(struct calendar *cal, const struct cparse *ps, enum calendar_source src)
{
    bool touched[CAL_NYEARS] = { false };
    size_t sorted = cal->ne;

    for (size_t i = 0; i < ps->n; i++)
        touched[set_entry(cal, sorted, ps->rows[i].date, ps->rows[i].workday, src,
                          ps->rows[i].name)] = true;
    if (cal->ne > sorted)
        qsort(cal->e, cal->ne, sizeof(*cal->e), cmp_entry);
    for (int y = 0; y < CAL_NYEARS; y++)
        if (touched[y])
            recompute_year(cal, y);
    rebuild_base(cal);
}

static int
load_csv(struct calendar *cal, const char *data, size_t len, const char *filename,
         enum calendar_source src, int *added, struct zq_err *err)
{
    struct cparse ps = { filename != NULL ? filename : "", err, 0, NULL, 0, 0, arena_new(0) };
    int rc = parse_csv(&ps, data, len);

    if (rc == 0 && src == CALENDAR_STATUTORY) {
        for (size_t i = 0; i < ps.n && rc == 0; i++)
            if (ps.rows[i].workday)
                rc = cerr(&ps, ZQ_EINTERNAL, ps.rows[i].line, 2, "法定节假日表只能列出放假日");
    }
    if (rc == 0) {
        apply_rows(cal, &ps, src);
        if (added != NULL)
            *added = (int)ps.n;
    }
    zq_free(ps.rows);
    arena_free(ps.tmp);
    return rc;
}

int
calendar_parse_csv(struct calendar *cal, const char *data, size_t len, const char *filename,
                   int *added, struct zq_err *err)
{
    return load_csv(cal, data, len, filename, CALENDAR_IMPORTED, added, err);
}

static int
load_builtin(struct calendar *cal, const char *name, enum calendar_source src, struct zq_err *err)
{
    const struct embedded_file *f = embed_find(name);

    if (f == NULL)
        return zq_err_set(err, ZQ_EINTERNAL, "程序内置的节假日数据（%s）缺失", name);
    if (load_csv(cal, (const char *)f->data, f->len, name, src, NULL, err) < 0) {
        if (err != NULL)
            err->code = ZQ_EINTERNAL;
        return ZQ_EINTERNAL;
    }
    return 0;
}

int
calendar_new_builtin(struct calendar **out, struct zq_err *err)
{
    struct calendar *cal = calendar_new_empty();

    if (load_builtin(cal, "data/holidays.csv", CALENDAR_OFFICIAL, err) < 0 ||
        load_builtin(cal, "data/lunar-holidays.csv", CALENDAR_STATUTORY, err) < 0) {
        calendar_free(cal);
        return ZQ_EINTERNAL;
    }
    *out = cal;
    return 0;
}
