/*
 * strmap.h - a hash map from short byte strings to 64-bit values, for the
 * look-up caches of imports (project codes, USCCs, ID numbers).  Keys are
 * copied into the map.  Open addressing with linear probing; the caller caps
 * its size with strmap_count() and strmap_clear().
 */
#ifndef ZQ_CORE_STRMAP_H
#define ZQ_CORE_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap;

struct strmap *strmap_new(void);
void strmap_free(struct strmap *m); /* NULL does nothing */
/* Remove every entry (keeps the table's memory). */
void strmap_clear(struct strmap *m);
size_t strmap_count(const struct strmap *m);
/* *val gets the value when the key is present. */
bool strmap_get(const struct strmap *m, const void *key, size_t len, uint64_t *val);
/* Insert or replace. */
void strmap_put(struct strmap *m, const void *key, size_t len, uint64_t val);
/* 64-bit FNV-1a, also used for other import hash tables. */
uint64_t strmap_hash(const void *p, size_t len);

#endif
