/*
 * embed.h - data files compiled into the binary (see tools/embed.c and the
 * Makefile): data/regions.csv, data/holidays.csv, data/lunar-holidays.csv and
 * the schema migrations src/store/migrations/<dialect>/NNNN_*.sql, named by
 * their path relative to the repository root with src/store/ dropped
 * ("migrations/sqlite/0001_init.sql").
 */
#ifndef ZQ_CORE_EMBED_H
#define ZQ_CORE_EMBED_H

#include <stddef.h>

struct embedded_file {
    const char *name;
    const unsigned char *data; /* NUL-terminated */
    size_t len;                /* without the NUL */
};

/* Terminated by an entry whose name is NULL; sorted by name. */
extern const struct embedded_file embedded_files[];

/* NULL when absent. */
const struct embedded_file *embed_find(const char *name);

#endif
