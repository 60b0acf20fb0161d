/*
 * demo_credit.h - the demo county's credit and follow-through data: an
 * enterprise taken through the whole blacklist workflow to a listing (so
 * that W15 fires on its projects), incidents, a week of zero reports with
 * one county missing, and a supervision round.  Called by demo_run() after
 * its own steps; running it again changes nothing.
 */
#ifndef ZQ_SVC_DEMO_CREDIT_H
#define ZQ_SVC_DEMO_CREDIT_H

#include <stddef.h>

#include "core/date.h"
#include "core/err.h"
#include "svc/app.h"

/* note (may be NULL) gets one Chinese line of what was done. */
int demo_credit(struct app *a, zq_date today, const char *actor, char *note, size_t cap,
                struct zq_err *err) ZQ_WUR;

#endif
