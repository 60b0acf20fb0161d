/*
 * config.h - configuration: built-in defaults, an INI file, environment.
 *
 * Every option is a row of the const table in config.c (key, environment
 * variable, default, description).  Precedence: default < file < environment
 * < command line (the CLI calls config_set).  The file is INI:
 *
 *     # comment            ; comment
 *     db = /var/lib/zhiqian/zhiqian.db
 *     [rules]
 *     w11_min_clues = 3    -> key "rules.w11_min_clues"
 *
 * Unknown keys are an error so that a typo never silently keeps a default.
 * A struct config is owned by its creator; values returned by config_get are
 * owned by the config and valid until the next config_set of that key.
 */
#ifndef ZQ_CORE_CONFIG_H
#define ZQ_CORE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct config;

struct config_option {
    const char *key;  /* "db", "server.listen", "rules.w11_min_clues" */
    const char *env;  /* "ZHIQIAN_DB" */
    const char *def;  /* default value as text */
    const char *help; /* Chinese description */
};

/* The table of options, terminated by a row whose key is NULL. */
extern const struct config_option config_options[];

struct config *config_new(void);
void config_free(struct config *c);
/* Parse INI text (from a file called `name`, for messages).  Errors name the
 * line.  On error nothing is changed. */
int config_parse(struct config *c, const char *text, size_t len, const char *name,
                 struct zq_err *err) ZQ_WUR;
/* Read and parse a file. */
int config_load_file(struct config *c, const char *path, struct zq_err *err) ZQ_WUR;
/* Apply ZHIQIAN_* environment variables. */
int config_load_env(struct config *c, struct zq_err *err) ZQ_WUR;
int config_set(struct config *c, const char *key, const char *value, struct zq_err *err) ZQ_WUR;
/* Never NULL for a known key (the default); NULL for an unknown key. */
const char *config_get(const struct config *c, const char *key);
/* Integer option; err when the value is not an integer. */
int config_get_int(const struct config *c, const char *key, int64_t *out,
                   struct zq_err *err) ZQ_WUR;

#endif
