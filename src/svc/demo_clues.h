/*
 * demo_clues.h - the clue part of `zhiqian demo`: complaints at every stage
 * of the action table, a duplicate, and the duty roster of the demo county.
 */
#ifndef ZQ_SVC_DEMO_CLUES_H
#define ZQ_SVC_DEMO_CLUES_H

#include "core/date.h"
#include "svc/app.h"

/* Add the demo clues of region as of today (once: a second run finds them
 * and changes nothing); *added gets how many were made. */
int demo_clues(struct app *a, const char *region, zq_date today, const char *actor, int *added,
               struct zq_err *err) ZQ_WUR;

#endif
