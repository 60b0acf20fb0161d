/*
 * backends.h - the databases a unit test runs its cases on: a SQLite file in
 * a temporary directory, and, when ZHIQIAN_TEST_PG holds a URI, a schema of
 * this process on that PostgreSQL server.
 *
 *     static struct t_backends env;
 *     tb_setup(&env, "audit");          // /tmp/zq-audit-XXXXXX/audit.db, zq_audit_PID
 *     for (int i = 0; i < env.n; i++) {
 *         struct store *st = tb_fresh(&env, &env.b[i], true);  // empty and migrated
 *         ...
 *     }
 *     tb_teardown(&env);
 *
 * A fixture that cannot be made ends the run (exit 1) with the reason.
 */
#ifndef ZQ_TESTS_BACKENDS_H
#define ZQ_TESTS_BACKENDS_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/err.h"
#include "store/store.h"

struct t_backend {
    const char *name; /* "sqlite", "postgresql" */
    char uri[1024];   /* what the cases open */
    char path[512];   /* SQLite: the file */
    char schema[64];  /* PostgreSQL: this run's schema ("" on SQLite) */
};

struct t_backends {
    struct t_backend b[2];
    int n;
    char dir[64];        /* the SQLite files live here */
    struct store *admin; /* PostgreSQL: creates and drops the schema */
};

/* The SQLite file and everything beside it: journals and the key file. */
static inline void
tb_remove_files(const char *path)
{
    static const char *const sfx[] = { "", "-wal", "-shm", "-journal", ".key" };
    char p[600];

    for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, sfx[i]);
        unlink(p);
    }
}

static inline struct store *
tb_open(const char *uri)
{
    struct store *st = NULL;
    struct zq_err e;

    zq_err_clear(&e);
    if (store_open(uri, &st, &e) < 0) {
        fprintf(stderr, "cannot open %s: %s\n", uri, e.msg);
        exit(1);
    }
    return st;
}

/* Empty b's database: no file, or an empty schema. */
static inline void
tb_reset(const struct t_backends *env, const struct t_backend *b)
{
    char sql[256];
    struct zq_err e;

    if (b->schema[0] == '\0') {
        tb_remove_files(b->path);
        return;
    }
    zq_err_clear(&e);
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s", b->schema,
             b->schema);
    if (store_exec(env->admin, sql, &e) < 0) {
        fprintf(stderr, "cannot reset schema %s: %s\n", b->schema, e.msg);
        exit(1);
    }
}

/* An empty database on b, opened, and migrated when asked. */
static inline struct store *
tb_fresh(const struct t_backends *env, const struct t_backend *b, bool migrate)
{
    struct store *st;
    struct zq_err e;
    int v;

    tb_reset(env, b);
    st = tb_open(b->uri);
    zq_err_clear(&e);
    if (migrate && store_migrate(st, &v, &e) < 0) {
        fprintf(stderr, "cannot migrate %s: %s\n", b->uri, e.msg);
        exit(1);
    }
    return st;
}

/* SQLite always; PostgreSQL when ZHIQIAN_TEST_PG is set.  tag names the
 * directory, the file and the schema. */
static inline void
tb_setup(struct t_backends *env, const char *tag)
{
    const char *pg = getenv("ZHIQIAN_TEST_PG");
    struct t_backend *b = &env->b[env->n++];
    /* built in locals: the compiler cannot tell b's fields from env's */
    char path[512], schema[64], uri[1024];

    snprintf(env->dir, sizeof env->dir, "/tmp/zq-%.20s-XXXXXX", tag);
    if (mkdtemp(env->dir) == NULL) {
        perror("mkdtemp");
        exit(1);
    }
    b->name = "sqlite";
    snprintf(path, sizeof path, "%.60s/%.20s.db", env->dir, tag);
    memcpy(b->path, path, sizeof path);
    memcpy(b->uri, path, sizeof path);
    if (pg == NULL || *pg == '\0')
        return;
    b = &env->b[env->n++];
    b->name = "postgresql";
    snprintf(schema, sizeof schema, "zq_%.20s_%ld", tag, (long)getpid());
    snprintf(uri, sizeof uri, "%.900s%soptions=-csearch_path%%3D%s", pg,
             strchr(pg, '?') ? "&" : "?", schema);
    memcpy(b->schema, schema, sizeof schema);
    memcpy(b->uri, uri, sizeof uri);
    env->admin = tb_open(pg);
}

static inline void
tb_teardown(struct t_backends *env)
{
    for (int i = 0; i < env->n; i++) {
        const struct t_backend *b = &env->b[i];
        char sql[128];
        struct zq_err e;

        zq_err_clear(&e);
        if (b->schema[0] == '\0') {
            tb_remove_files(b->path);
            continue;
        }
        snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", b->schema);
        if (store_exec(env->admin, sql, &e) < 0)
            fprintf(stderr, "cannot drop schema %s: %s\n", b->schema, e.msg);
    }
    store_close(env->admin);
    env->admin = NULL;
    rmdir(env->dir);
}

#endif
