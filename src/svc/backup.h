/*
 * backup.h - `zhiqian backup FILE` and `zhiqian restore FILE` (SPEC §10,
 * §15; docs/backup.md).
 *
 * SQLite: an online, consistent copy taken with the backup API while the
 * server keeps answering, checked (integrity_check, audit chain) before it is
 * renamed into place, with the personal-data key file copied beside it as
 * FILE.key (mode 0600) unless asked not to.  Restore checks the file, copies
 * it beside the database, verifies its audit chain and key, records the
 * restore in its audit log and then replaces the database's content in one
 * write transaction.  PostgreSQL: pg_dump -Fc and pg_restore
 * --single-transaction (backup_pg.c).
 */
#ifndef ZQ_SVC_BACKUP_H
#define ZQ_SVC_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/err.h"

struct backup_opts {
    const char *file;  /* the backup file (borrowed) */
    bool no_key;       /* backup: do not copy the key file beside FILE */
    bool force;        /* restore: overwrite a database that has data */
    const char *actor; /* restore: who, for the audit entry ("cli:root") */
};

struct backup_result {
    int64_t bytes;         /* size of the backup file */
    int version;           /* schema version in it */
    int64_t audit_entries; /* entries of its audit chain */
    bool audit_ok;         /* the chain verified intact */
    double seconds;
    int restarts;     /* SQLite backup: copies restarted by concurrent writes */
    char notes[1024]; /* lines for the operator (the key), Chinese; may be "" */
};

/* Back up the database named by config "db" into o->file.  The file is
 * written as o->file + ".tmp" and renamed only when complete and checked, so
 * a failure leaves no partial file.  A broken audit chain does not stop the
 * backup (it is evidence) but r->audit_ok is false.  cfg is modified during
 * the call (its "db" points at the copy while it is checked) and put back. */
int backup_run(struct config *cfg, const struct backup_opts *o, struct backup_result *r,
               struct zq_err *err) ZQ_WUR;

/* Replace the content of the database named by config "db" with o->file
 * after checking it (see above).  ZQ_ECONFLICT when a server or another
 * process holds the database, or it has data and !o->force; ZQ_EINVAL when
 * the file is not a usable zhiqian backup.  cfg as for backup_run. */
int backup_restore(struct config *cfg, const struct backup_opts *o, struct backup_result *r,
                   struct zq_err *err) ZQ_WUR;

/* For `serve`: a shared lock on the SQLite database file that restore tests
 * for; *fd -1 for PostgreSQL.  Close *fd after the server's connections are
 * closed. */
int backup_serve_lock(const struct config *cfg, int *fd, struct zq_err *err) ZQ_WUR;

/* PostgreSQL halves (backup_pg.c), called by the two above for a
 * postgresql:// URI. */
int backup_pg_dump(struct config *cfg, const struct backup_opts *o, struct backup_result *r,
                   struct zq_err *err) ZQ_WUR;
int backup_pg_restore(struct config *cfg, const struct backup_opts *o, struct backup_result *r,
                      struct zq_err *err) ZQ_WUR;

/* Shared by both halves: verify the audit chain of the open database, and
 * append the restore entry (in backup.c). */
struct app;
int backup_verify_chain(struct app *a, struct backup_result *r, struct zq_err *err) ZQ_WUR;
int backup_audit_restore(struct app *a, const struct backup_opts *o, const struct backup_result *r,
                         struct zq_err *err) ZQ_WUR;

#endif
