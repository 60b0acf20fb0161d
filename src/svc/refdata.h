/*
 * refdata.h - use cases over the reference data: database initialisation
 * (schema + regions + calendar) and calendar imports.
 */
#ifndef ZQ_SVC_REFDATA_H
#define ZQ_SVC_REFDATA_H

#include "svc/app.h"

struct refdata_summary {
    int schema_version;
    int migrations_applied;
    int regions;
    int calendar_days;
};

/* Migrate the schema and (re)load built-in regions and calendar days, in one
 * transaction per step; running it again changes nothing. */
int svc_init(struct app *a, struct refdata_summary *sum, struct zq_err *err) ZQ_WUR;

/* Validate a calendar CSV (date,kind,name) completely, then store its days as
 * imported official entries in one transaction.  Nothing is stored when any
 * line is invalid.  *added = days in the file. */
int svc_calendar_import(struct app *a, const char *path, int *added, struct zq_err *err) ZQ_WUR;

#endif
