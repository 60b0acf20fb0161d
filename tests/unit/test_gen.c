/*
 * Unit tests for the synthetic data generator (svc/gen): determinism,
 * `--kind` output equal to the `--out` files, county row counts, valid
 * identifiers, manifest subjects that exist, clean projects that are clean
 * for the payroll rules, and state that does not grow with the data.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "core/date.h"
#include "core/idcard.h"
#include "core/money.h"
#include "core/phone.h"
#include "core/region.h"
#include "core/uscc.h"
#include "svc/gen.h"
#include "t.h"

#define MAXF 20

/* ---- helpers ---- */

struct hsink {
    uint64_t h, n;
};

static ssize_t
hs_write(void *cookie, const char *buf, size_t n)
{
    struct hsink *s = cookie;

    for (size_t i = 0; i < n; i++)
        s->h = (s->h ^ (unsigned char)buf[i]) * 0x100000001B3ULL; /* FNV-1a */
    s->n += n;
    return (ssize_t)n;
}

/* Hash of what gen_write produces for kind k. */
static uint64_t
hash_kind(struct gen *g, enum gen_kind k, struct gen_stats *st)
{
    struct hsink s = { 0xCBF29CE484222325ULL, 0 };
    cookie_io_functions_t io = { .write = hs_write };
    FILE *f = fopencookie(&s, "w", io);
    struct zq_err err;

    T_CHECK(f != NULL);
    T_EQ_INT(gen_write(g, k, f, st, &err), 0);
    fclose(f);
    return s.h ^ s.n;
}

static uint64_t
hash_file(const char *path)
{
    struct hsink s = { 0xCBF29CE484222325ULL, 0 };
    char buf[65536];
    size_t n;
    FILE *f = fopen(path, "rb");

    if (f == NULL)
        return 0;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        hs_write(&s, buf, n);
    fclose(f);
    return s.h ^ s.n;
}

static struct gen *
make_gen(enum gen_scale scale, uint64_t seed, uint32_t projects, int pct)
{
    struct gen_opts o;
    struct gen *g = NULL;

    gen_opts_default(&o);
    o.scale = scale;
    o.seed = seed;
    o.projects = projects;
    o.violations_pct = pct;
    if (gen_new(&o, &g, NULL) != 0)
        abort();
    return g;
}

static void
path_of(char *out, size_t cap, const char *dir, const char *kind)
{
    snprintf(out, cap, "%s/%s.csv", dir, kind);
}

static void
remove_dir(const char *dir)
{
    char p[512];

    for (int k = 0; k < GEN_NKINDS; k++) {
        path_of(p, sizeof(p), dir, gen_kind_name((enum gen_kind)k));
        unlink(p);
    }
    rmdir(dir);
}

/* A reader of our own CSV: fields split at commas, quotes honoured. */
struct rd {
    FILE *f;
    char *line;
    size_t cap;
    char *f_[MAXF];
    int n;
};

static bool
rd_open(struct rd *r, const char *dir, const char *kind)
{
    char p[512];

    memset(r, 0, sizeof(*r));
    path_of(p, sizeof(p), dir, kind);
    r->f = fopen(p, "rb");
    return r->f != NULL;
}

static bool
rd_next(struct rd *r)
{
    ssize_t len = getline(&r->line, &r->cap, r->f);
    char *s, *w;
    bool q = false;

    if (len <= 0)
        return false;
    if (r->line[len - 1] == '\n')
        r->line[len - 1] = '\0';
    r->n = 0;
    r->f_[r->n++] = w = s = r->line;
    for (; *s != '\0'; s++) {
        if (*s == '"') {
            if (q && s[1] == '"')
                *w++ = *s++;
            else
                q = !q;
        } else if (*s == ',' && !q && r->n < MAXF) {
            *w++ = '\0';
            r->f_[r->n++] = w;
        } else {
            *w++ = *s;
        }
    }
    *w = '\0';
    return true;
}

static void
rd_close(struct rd *r)
{
    free(r->line);
    if (r->f != NULL)
        fclose(r->f);
}

/* A map of strings to longs (open addressing), enough for a county. */
struct map {
    char **k;
    long *v;
    size_t cap, n;
};

static uint64_t
shash(const char *s)
{
    uint64_t h = 0xCBF29CE484222325ULL;

    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001B3ULL;
    return h;
}

static size_t
map_slot(const struct map *m, const char *key)
{
    size_t i = shash(key) & (m->cap - 1);

    while (m->k[i] != NULL && strcmp(m->k[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void
map_put(struct map *m, const char *key, long v)
{
    size_t i;

    if (m->cap == 0) {
        m->cap = 1 << 18;
        m->k = calloc(m->cap, sizeof(char *));
        m->v = calloc(m->cap, sizeof(long));
    }
    if (m->n * 2 >= m->cap)
        abort(); /* county-sized data only */
    i = map_slot(m, key);
    if (m->k[i] == NULL) {
        m->k[i] = strdup(key);
        m->n++;
    }
    m->v[i] = v;
}

static bool
map_get(const struct map *m, const char *key, long *v)
{
    size_t i;

    if (m->cap == 0)
        return false;
    i = map_slot(m, key);
    if (m->k[i] == NULL)
        return false;
    if (v != NULL)
        *v = m->v[i];
    return true;
}

static void
map_free(struct map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->k[i]);
    free(m->k);
    free(m->v);
}

static bool
money_ok(const char *s)
{
    size_t n = strlen(s);

    if (*s == '-')
        s++, n--;
    if (n < 4 || s[n - 3] != '.')
        return false;
    for (size_t i = 0; i < n; i++)
        if (i != n - 3 && (s[i] < '0' || s[i] > '9'))
            return false;
    return true;
}

/* The full county data set, written on first use; test_cleanup removes it. */
static char county_dir[64];

static void
county(void)
{
    struct gen *g;
    struct zq_err err;

    if (county_dir[0] != '\0')
        return;
    g = make_gen(GEN_SCALE_COUNTY, 1, 0, 5);
    snprintf(county_dir, sizeof(county_dir), "/tmp/zq-gen-test-XXXXXX");
    if (mkdtemp(county_dir) == NULL)
        abort();
    T_EQ_INT(gen_write_dir(g, county_dir, NULL, NULL, &err), 0);
    gen_free(g);
}

/* ---- tests ---- */

static void
test_parse_names(void)
{
    enum gen_scale s;
    enum gen_kind k;
    struct zq_err err;

    T_EQ_INT(gen_scale_parse("city", &s, &err), 0);
    T_EQ_INT(s, GEN_SCALE_CITY);
    T_EQ_INT(gen_scale_parse("town", &s, &err), ZQ_EINVAL);
    T_CONTAINS(err.msg, "town");
    for (int i = 0; i < GEN_NKINDS; i++) {
        T_EQ_INT(gen_kind_parse(gen_kind_name((enum gen_kind)i), &k, &err), 0);
        T_EQ_INT(k, i);
    }
    T_EQ_INT(gen_kind_parse("workers", &k, &err), ZQ_EINVAL);
    T_EQ_STR(gen_kind_name(GEN_ATTENDANCE), "attendance");
}

static void
test_bad_options(void)
{
    struct gen_opts o;
    struct gen *g = NULL;
    struct zq_err err;

    gen_opts_default(&o);
    o.violations_pct = 101;
    T_EQ_INT(gen_new(&o, &g, &err), ZQ_EINVAL);
    gen_opts_default(&o);
    o.projects = 2000000;
    T_EQ_INT(gen_new(&o, &g, &err), ZQ_EINVAL);
    T_CHECK(g == NULL);
}

static void
test_determinism(void)
{
    struct gen *a = make_gen(GEN_SCALE_COUNTY, 7, 40, 30);
    struct gen *b = make_gen(GEN_SCALE_COUNTY, 7, 40, 30);
    struct gen *c = make_gen(GEN_SCALE_COUNTY, 8, 40, 30);

    for (int k = 0; k < GEN_NKINDS; k++) {
        uint64_t ha = hash_kind(a, (enum gen_kind)k, NULL);

        T_CHECK(ha == hash_kind(b, (enum gen_kind)k, NULL));
        T_CHECK(ha != hash_kind(c, (enum gen_kind)k, NULL));
        /* a generator writes the same bytes every time it is asked */
        T_CHECK(ha == hash_kind(a, (enum gen_kind)k, NULL));
    }
    gen_free(a);
    gen_free(b);
    gen_free(c);
}

static void
test_kind_equals_dir(void)
{
    struct gen *g = make_gen(GEN_SCALE_CITY, 3, 30, 50);
    char dir[] = "/tmp/zq-gen-test-XXXXXX", p[512];
    struct gen_stats st[GEN_NKINDS], one;
    struct zq_err err;

    T_CHECK(mkdtemp(dir) != NULL);
    T_EQ_INT(gen_write_dir(g, dir, st, NULL, &err), 0);
    for (int k = 0; k < GEN_NKINDS; k++) {
        path_of(p, sizeof(p), dir, gen_kind_name((enum gen_kind)k));
        T_CHECK(hash_file(p) == hash_kind(g, (enum gen_kind)k, &one));
        T_CHECK(one.rows == st[k].rows && one.bytes == st[k].bytes);
    }
    remove_dir(dir);
    gen_free(g);
}

static void
test_county_counts(void)
{
    struct gen *g = make_gen(GEN_SCALE_COUNTY, 1, 0, 5);
    static const struct {
        enum gen_kind k;
        uint64_t lo, hi;
    } want[] = {
        { GEN_PROJECTS, 200, 200 },
        { GEN_ENTERPRISES, 200, 400 },
        { GEN_SUBCONTRACTS, 300, 700 },
        { GEN_ACCOUNTS, 199, 200 },
        { GEN_DEPOSITS, 195, 205 },
        { GEN_EMPLOYMENT, 10000, 15000 },
        { GEN_ATTENDANCE, 1500000, 3000000 },
        { GEN_PAYROLL, 60000, 130000 },
        { GEN_TXNS, 4000, 10000 },
        { GEN_DISBURSEMENTS, 60000, 130000 },
        { GEN_PAYMENTS, 3000, 10000 },
        { GEN_CLUES, 3, 20 },
        { GEN_CASES, 5, 20 },
        { GEN_BLACKLIST, 5, 20 },
        { GEN_MANIFEST, 22, 40 },
    };
    struct gen_stats st;

    T_EQ_INT(gen_project_count(g), 200);
    T_EQ_INT(gen_plant_count(g), 22); /* 5% is 10: raised to one per rule */
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        hash_kind(g, want[i].k, &st);
        if (!T_CHECK(st.rows >= want[i].lo && st.rows <= want[i].hi))
            fprintf(stderr, "     %s: %llu rows\n", gen_kind_name(want[i].k),
                    (unsigned long long)st.rows);
    }
    gen_free(g);
}

/* Employment: IDs, phones; every attendance ID valid (one in 17 checked). */
static void
check_people(const char *dir)
{
    struct rd r;
    char out[32];
    long bad = 0, n = 0;

    T_CHECK(rd_open(&r, dir, "employment") && rd_next(&r));
    T_EQ_STR(r.f_[2], "id_number");
    while (rd_next(&r)) {
        bad += idcard_parse(str_from(r.f_[2]), out, NULL) != 0;
        bad += phone_parse(str_from(r.f_[4]), out, NULL) != 0;
        bad += strcmp(r.f_[7], "是") != 0 && strcmp(r.f_[7], "否") != 0;
        n++;
    }
    rd_close(&r);
    T_EQ_INT(bad, 0);
    T_CHECK(n > 0);
    T_CHECK(rd_open(&r, dir, "attendance") && rd_next(&r));
    for (n = 0; rd_next(&r); n++)
        if (n % 17 == 0)
            bad += idcard_parse(str_from(r.f_[1]), out, NULL) != 0;
    rd_close(&r);
    T_EQ_INT(bad, 0);
}

static void
check_enterprises(const char *dir, struct map *ents)
{
    const struct region_table *t = NULL;
    struct region_table *rt = NULL;
    struct rd r;
    char out[32];
    long bad = 0;

    T_EQ_INT(region_table_load_builtin(&rt, NULL), 0);
    t = rt;
    T_CHECK(rd_open(&r, dir, "enterprises") && rd_next(&r));
    while (rd_next(&r)) {
        bad += uscc_parse(str_from(r.f_[0]), out, NULL) != 0;
        bad += strcmp(out, r.f_[0]) != 0;
        bad += region_find(t, r.f_[4]) == NULL;
        bad += phone_parse(str_from(r.f_[5]), out, NULL) != 0;
        map_put(ents, r.f_[0], 1);
    }
    rd_close(&r);
    T_EQ_INT(bad, 0);
    T_CHECK(rd_open(&r, dir, "projects") && rd_next(&r));
    while (rd_next(&r)) {
        bad += region_find(t, r.f_[2]) == NULL;
        bad += !map_get(ents, r.f_[5], NULL) || !map_get(ents, r.f_[6], NULL);
        bad += !money_ok(r.f_[7]);
    }
    rd_close(&r);
    T_EQ_INT(bad, 0);
    region_table_free(rt);
}

static void
test_county_valid(void)
{
    struct map ents = { 0 };
    struct rd r;
    long bad = 0;

    county();
    check_people(county_dir);
    check_enterprises(county_dir, &ents);
    /* every referenced enterprise exists; money has two decimals */
    T_CHECK(rd_open(&r, county_dir, "subcontracts") && rd_next(&r));
    while (rd_next(&r))
        bad += !map_get(&ents, r.f_[1], NULL) || !money_ok(r.f_[3]);
    rd_close(&r);
    T_CHECK(rd_open(&r, county_dir, "deposits") && rd_next(&r));
    while (rd_next(&r))
        bad += !map_get(&ents, r.f_[1], NULL) || !money_ok(r.f_[3]);
    rd_close(&r);
    T_CHECK(rd_open(&r, county_dir, "payroll") && rd_next(&r));
    while (rd_next(&r))
        bad += !map_get(&ents, r.f_[1], NULL) || !money_ok(r.f_[6]) || !money_ok(r.f_[7]) ||
               !money_ok(r.f_[8]);
    rd_close(&r);
    T_EQ_INT(bad, 0);
    map_free(&ents);
}

static void
test_manifest_subjects(void)
{
    struct map subjects = { 0 }, rules = { 0 };
    struct rd r;
    long rows = 0, missing = 0;

    county();
    T_CHECK(rd_open(&r, county_dir, "projects") && rd_next(&r));
    while (rd_next(&r))
        map_put(&subjects, r.f_[0], 1);
    rd_close(&r);
    T_CHECK(rd_open(&r, county_dir, "cases") && rd_next(&r));
    while (rd_next(&r))
        map_put(&subjects, r.f_[0], 1);
    rd_close(&r);
    T_CHECK(rd_open(&r, county_dir, "manifest") && rd_next(&r));
    T_EQ_STR(r.f_[0], "rule");
    while (rd_next(&r)) {
        rows++;
        T_EQ_INT(r.n, 4);
        missing += !map_get(&subjects, r.f_[2], NULL);
        T_CHECK(strcmp(r.f_[1], "project") == 0 || strcmp(r.f_[1], "case") == 0);
        T_CHECK(r.f_[3][0] == '\0' || strlen(r.f_[3]) == 7);
        map_put(&rules, r.f_[0], 1);
    }
    rd_close(&r);
    T_EQ_INT(missing, 0);
    T_CHECK(rows >= 22);
    T_EQ_INT(rules.n, 22); /* W01-W19, W21-W23 (W14 through W03/W04) */
    T_CHECK(!map_get(&rules, "W20", NULL));
    map_free(&subjects);
    map_free(&rules);
}

/* The month after m ("YYYY-MM"). */
static void
next_month(const char *m, char out[MONTH_STR_LEN])
{
    zq_month v = 0;

    if (month_parse(str_from(m), &v, NULL) != 0)
        v = 0;
    month_format(v + 1, out);
}

/* A clean payroll line: paid in full through the account by the 15th of
 * the next month and confirmed.  Returns the number of faults. */
static long
check_line(struct rd *p)
{
    int64_t due, ded, paid;
    char nm[MONTH_STR_LEN];
    long bad = 0;

    bad += money_parse(str_from(p->f_[6]), &due, NULL) != 0;
    bad += money_parse(str_from(p->f_[7]), &ded, NULL) != 0;
    bad += money_parse(str_from(p->f_[8]), &paid, NULL) != 0;
    bad += paid != due - ded;
    next_month(p->f_[2], nm);
    bad += strncmp(p->f_[9], nm, 7) != 0 || strcmp(p->f_[9] + 8, "15") > 0;
    bad += strcmp(p->f_[10], "专户代发") != 0 || strcmp(p->f_[11], "是") != 0;
    return bad;
}

/* Check one attendance group (project,month,id with count days) of a clean
 * project against the payroll lines. */
static long
check_group(const char *key, long count, const struct map *lines, struct map *seen)
{
    /* as of 2026-11-23 the last paid month is 2026-10 */
    bool paid_month = strncmp(key + strcspn(key, ",") + 1, "2026-11", 7) != 0;
    long days;

    if (!map_get(lines, key, &days))
        return paid_month;
    map_put(seen, key, 1);
    return !paid_month || days != count;
}

/* On a project with no planted violation every attended month that is paid
 * has a line with the attended days, and no line lacks attendance.
 * Attendance comes grouped by project, month and worker. */
static void
test_clean_payroll(void)
{
    struct map planted = { 0 }, lines = { 0 }, seen = { 0 };
    long bad = 0, groups = 0, count = 0;
    char key[96] = "", proj[40];
    struct rd r;

    county();
    T_CHECK(rd_open(&r, county_dir, "manifest") && rd_next(&r));
    while (rd_next(&r))
        map_put(&planted, r.f_[2], 1);
    rd_close(&r);
    T_CHECK(rd_open(&r, county_dir, "payroll") && rd_next(&r));
    while (rd_next(&r)) {
        if (map_get(&planted, r.f_[0], NULL))
            continue;
        bad += check_line(&r);
        snprintf(key, sizeof(key), "%s,%s,%s", r.f_[0], r.f_[2], r.f_[3]);
        map_put(&lines, key, strtol(r.f_[5], NULL, 10));
    }
    rd_close(&r);
    T_EQ_INT(bad, 0);
    T_CHECK(lines.n > 50000);
    key[0] = '\0';
    T_CHECK(rd_open(&r, county_dir, "attendance") && rd_next(&r));
    for (bool more = rd_next(&r);; more = rd_next(&r)) {
        char k2[96] = "";

        if (more)
            snprintf(k2, sizeof(k2), "%s,%.7s,%s", r.f_[0], r.f_[2], r.f_[1]);
        if (key[0] != '\0' && strcmp(k2, key) != 0) {
            snprintf(proj, sizeof(proj), "%.*s", (int)strcspn(key, ","), key);
            if (!map_get(&planted, proj, NULL))
                bad += check_group(key, count, &lines, &seen);
            groups++;
            count = 0;
        }
        if (!more)
            break;
        memcpy(key, k2, sizeof(key));
        count++;
    }
    rd_close(&r);
    T_EQ_INT(bad, 0);
    T_CHECK(groups > 50000);
    T_EQ_INT(seen.n, lines.n);
    map_free(&planted);
    map_free(&lines);
    map_free(&seen);
}

/* Resident pages (second field of /proc/self/statm). */
static long
resident_pages(void)
{
    char buf[128] = "";
    FILE *f = fopen("/proc/self/statm", "r");
    char *end;

    if (f == NULL)
        return 0;
    if (fgets(buf, sizeof(buf), f) == NULL)
        buf[0] = '\0';
    fclose(f);
    strtol(buf, &end, 10);
    return strtol(end, NULL, 10);
}

static void
test_memory_bounded(void)
{
    struct gen *c = make_gen(GEN_SCALE_COUNTY, 1, 0, 5);
    struct gen *p = make_gen(GEN_SCALE_PROVINCE, 1, 0, 5);
    struct gen *g = make_gen(GEN_SCALE_CITY, 1, 400, 5);
    long before, after, pages = sysconf(_SC_PAGESIZE);

    /* the state does not depend on the number of projects */
    T_CHECK(gen_state_bytes(c) == gen_state_bytes(p));
    T_CHECK(gen_state_bytes(p) < 4 * 1024 * 1024);
    T_EQ_INT(gen_project_count(p), 50000);
    hash_kind(g, GEN_ATTENDANCE, NULL); /* warm up: buffers touched once */
    before = resident_pages();
    for (int k = 0; k < GEN_NKINDS; k++)
        hash_kind(g, (enum gen_kind)k, NULL);
    after = resident_pages();
    T_CHECK((after - before) * pages < 16L * 1024 * 1024);
    gen_free(c);
    gen_free(p);
    gen_free(g);
}

static void
test_cleanup(void)
{
    if (county_dir[0] != '\0')
        remove_dir(county_dir);
}

static const struct t_case t_cases[] = {
    { "gen names", test_parse_names },
    { "gen bad options", test_bad_options },
    { "gen determinism", test_determinism },
    { "gen kind equals dir", test_kind_equals_dir },
    { "gen county counts", test_county_counts },
    { "gen county valid", test_county_valid },
    { "gen manifest subjects", test_manifest_subjects },
    { "gen clean payroll", test_clean_payroll },
    { "gen memory bounded", test_memory_bounded },
    { "gen cleanup", test_cleanup },
    { 0 },
};
T_MAIN(t_cases)
