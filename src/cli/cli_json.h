/*
 * cli_json.h - printing the JSON results of the services as a table, CSV or
 * JSON (the commands blacklist, rating, incident, zero-report, supervision),
 * and the small option scanner those commands share.
 */
#ifndef ZQ_CLI_CLI_JSON_H
#define ZQ_CLI_CLI_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "svc/credit.h"

/* Print an array of flat objects: a table (columns from the first object's
 * keys, or cols when not NULL), CSV with a header row, or a JSON array.
 * Nested values print as compact JSON. */
void cli_json_items(const json_t *items, int format, const char *const *cols);
/* Print one object: "key: value" lines, or JSON. */
void cli_json_object(const json_t *o, int format);

/* The value of option name ("--region") in argv[from..argc), or NULL.  A flag
 * (has_value false) gives "" when present. */
const char *cli_opt(int argc, char **argv, int from, const char *name);
/* Check that every "--x" in argv[from..argc) is one of the space-separated
 * names in allowed ("--a --b"), and that each takes a value unless listed in
 * flags; returns the offending argument or NULL. */
const char *cli_opt_check(int argc, char **argv, int from, const char *allowed, const char *flags);

/* cli_opt_check from argv[2], or from argv[3] when argv[2] is a positional
 * argument (an ID, a query). */
const char *cli_opt_check_sub(int argc, char **argv, const char *allowed, const char *flags);

/* The actor of the command line ("cli:" and the login name) and, with
 * region not NULL, the scope narrowed to it. */
void cli_who(struct credit_who *w, const char *region);

#endif
