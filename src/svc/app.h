/*
 * app.h - the application context passed explicitly to every use case:
 * configuration, the store connection, and the immutable reference data
 * (regions, working-day calendar).  There is no global state: the CLI makes
 * one app per run, the server one per worker thread (sharing the config).
 */
#ifndef ZQ_SVC_APP_H
#define ZQ_SVC_APP_H

#include "core/calendar.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/err.h"
#include "core/region.h"
#include "store/store.h"

struct app {
    const struct config *cfg;     /* borrowed from the caller */
    struct store *st;             /* owned; NULL when opened without a database */
    struct region_table *regions; /* owned; loaded on first use */
    struct calendar *cal;         /* owned; loaded on first use */
    struct pii_keys *pii;         /* owned; derived on first use */
};

enum app_flags {
    APP_DB = 1,           /* open the database named by config "db" (creating SQLite) */
    APP_DB_IF_EXISTS = 2, /* open it only if it already exists and has a schema */
    APP_SCHEMA = 4,       /* require an initialised, current schema (else ask for init) */
};

/* *out owned by the caller: app_free().  cfg must outlive the app. */
int app_open(const struct config *cfg, unsigned flags, struct app **out, struct zq_err *err) ZQ_WUR;
void app_free(struct app *a);

/* Reference data, loaded on first use and owned by the app. */
int app_regions(struct app *a, const struct region_table **out, struct zq_err *err) ZQ_WUR;
/* The built-in calendar plus the days imported into the database (if open). */
int app_calendar(struct app *a, const struct calendar **out, struct zq_err *err) ZQ_WUR;

/*
 * The keys protecting personal data, derived on first use from config
 * "secret_key".  When that is empty and the database is an SQLite file, the
 * secret lives in a key file beside it ("<db>.key", mode 0600), created on
 * first use; keep it with the database (a backup without it cannot be read).
 * PostgreSQL requires secret_key.  Owned by the app.
 */
int app_pii(struct app *a, const struct pii_keys **out, struct zq_err *err) ZQ_WUR;

#endif
