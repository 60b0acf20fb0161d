/*
 * copy_speed - how fast the store's bulk load (store_copy_*) puts rows into a
 * staging table, the path imports take before their one-statement merge.
 *
 *   copy_speed [ROWS [URI...]]     (default 1,000,000 rows)
 *
 * Without URIs it loads a new SQLite file in a temporary directory and, when
 * ZHIQIAN_TEST_PG holds a URI (scripts/pg-cluster start prints one), that
 * PostgreSQL database too.  Each row has 4 columns like an import's: two
 * integers, a Chinese name (about 20 bytes) and an 18-character code.  The rows
 * go into a TEMP table in one transaction; each line is the median of 3 runs,
 * timed from CREATE to COMMIT.  For scale, the same rows by one prepared
 * INSERT each (ROWS/10 of them) follow.  Build (from the repository root,
 * after `make`):
 *
 *   cc -O2 -std=c11 -D_GNU_SOURCE -Isrc -o build/copy_speed bench/copy_speed.c \
 *      build/libzhiqian.a $(pkg-config --libs sqlite3 libpq libsodium) -lm -lpthread
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/str.h"
#include "store/store.h"

static const char SQL_TABLE_SQLITE[] =
    "CREATE TEMP TABLE speed (k INTEGER NOT NULL, n INTEGER, name TEXT, code TEXT) STRICT";
static const char SQL_TABLE_PG[] =
    "CREATE TEMP TABLE speed (k bigint NOT NULL, n bigint, name text, code text)";
static const char SQL_DROP[] = "DROP TABLE speed";
static const char SQL_INSERT[] = "INSERT INTO speed (k, n, name, code) VALUES ($1, $2, $3, $4)";
static const char *const cols[] = { "k", "n", "name", "code" };

struct row {
    struct store_val v[4];
    char name[64], code[32];
};

static const struct store_val *
make_row(struct row *r, int64_t j)
{
    int nl = snprintf(r->name, sizeof(r->name), "建筑工人%lld号", (long long)j);
    int cl = snprintf(r->code, sizeof(r->code), "91330100MA%08lld", (long long)j);

    r->v[0] = (struct store_val){ .t = STORE_INT, .i = j };
    r->v[1] = (struct store_val){ .t = STORE_INT, .i = j * 37 % 1000000 };
    r->v[2] = (struct store_val){ .t = STORE_TEXT, .p = r->name, .n = (size_t)nl };
    r->v[3] = (struct store_val){ .t = STORE_TEXT, .p = r->code, .n = (size_t)cl };
    return r->v;
}

static int
load_copy(struct store *st, int64_t n, struct zq_err *e)
{
    struct row r;
    int64_t rows = 0;
    int rc = store_copy_begin(st, "speed", cols, 4, e);

    for (int64_t j = 0; j < n && rc == 0; j++)
        rc = store_copy_row(st, make_row(&r, j), e);
    if (rc == 0 && (rc = store_copy_end(st, &rows, e)) == 0 && rows != n)
        rc = zq_err_set(e, ZQ_EINTERNAL, "loaded %lld rows of %lld", (long long)rows, (long long)n);
    return rc;
}

static int
load_insert(struct store *st, int64_t n, struct zq_err *e)
{
    struct row r;
    int rc = 0;

    for (int64_t j = 0; j < n && rc == 0; j++) {
        struct store_stmt *s;
        const struct store_val *v = make_row(&r, j);
        if ((rc = store_prepare(st, SQL_INSERT, &s, e)) < 0)
            break;
        for (int c = 0; c < 4 && rc == 0; c++)
            rc = store_bind_val(s, c + 1, &v[c]);
        rc = rc < 0 ? (store_stmt_done(s), rc) : store_run(s, e);
    }
    return rc;
}

/* One timed run in microseconds, or a negative error. */
static int64_t
run(struct store *st, int64_t n, bool copy, struct zq_err *e)
{
    struct timespec t0, t1;
    int rc;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    if ((rc = store_begin(st, e)) < 0)
        return rc;
    rc = store_exec(st, store_dialect(st) == STORE_PG ? SQL_TABLE_PG : SQL_TABLE_SQLITE, e);
    if (rc == 0)
        rc = copy ? load_copy(st, n, e) : load_insert(st, n, e);
    if (rc < 0) {
        store_rollback(st);
        return rc;
    }
    if ((rc = store_commit(st, e)) < 0)
        return rc;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if ((rc = store_exec(st, SQL_DROP, e)) < 0)
        return rc;
    return (t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000 + 1;
}

static int
bench(const char *uri, int64_t n)
{
    static const char *const how[] = { "INSERT per row", "bulk load" };
    struct store *st;
    struct zq_err e;

    zq_err_clear(&e);
    if (store_open(uri, &st, &e) < 0) {
        fprintf(stderr, "copy_speed: %s\n", e.msg);
        return 1;
    }
    for (int copy = 1; copy >= 0; copy--) {
        int64_t rows = copy ? n : n / 10, t[3];
        for (int k = 0; k < 3; k++)
            if ((t[k] = run(st, rows, copy, &e)) < 0) {
                fprintf(stderr, "copy_speed: %s\n", e.msg);
                store_close(st);
                return 1;
            }
        for (int a = 0; a < 3; a++) /* sort 3 */
            for (int b = a + 1; b < 3; b++)
                if (t[b] < t[a]) {
                    int64_t x = t[a];
                    t[a] = t[b];
                    t[b] = x;
                }
        printf("%-10s %-14s %9lld rows %7lld ms %9lld rows/s\n", store_driver_name(st), how[copy],
               (long long)rows, (long long)(t[1] / 1000), (long long)(rows * 1000000 / t[1]));
    }
    store_close(st);
    return 0;
}

int
main(int argc, char **argv)
{
    const char *pg = getenv("ZHIQIAN_TEST_PG");
    char dir[] = "/tmp/zq-copy-XXXXXX", path[64];
    int64_t n = 1000000;
    int rc = 0;

    if (argc > 1 && (str_to_i64((struct str){ argv[1], strlen(argv[1]) }, &n) < 0 || n < 10)) {
        fprintf(stderr, "usage: copy_speed [ROWS [URI...]]\n");
        return 2;
    }
    if (argc > 2) {
        for (int i = 2; i < argc; i++)
            rc |= bench(argv[i], n);
        return rc;
    }
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(path, sizeof(path), "%s/speed.db", dir);
    rc |= bench(path, n);
    for (const char *sfx = ""; sfx != NULL; sfx = *sfx ? NULL : "-wal") {
        char p[80];
        snprintf(p, sizeof(p), "%s%s", path, sfx);
        unlink(p);
    }
    snprintf(path, sizeof(path), "%s/speed.db-shm", dir);
    unlink(path);
    rmdir(dir);
    if (pg != NULL && *pg != '\0')
        rc |= bench(pg, n);
    return rc;
}
