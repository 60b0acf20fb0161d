/*
 * alloc.h - allocation wrappers that abort on out-of-memory, and the arena.
 *
 * zhiqian is an application, not a library: running out of memory is not a
 * condition any caller can repair, so the wrappers print where it happened and
 * abort.  Each request, import batch and scan owns an arena that is released in
 * one call at its end; what must outlive it is copied out by its new owner.
 */
#ifndef ZQ_CORE_ALLOC_H
#define ZQ_CORE_ALLOC_H

#include <stddef.h>

/* Never return NULL.  zq_free(NULL) does nothing. */
void *zq_malloc(size_t n);
void *zq_calloc(size_t count, size_t size);
void *zq_realloc(void *p, size_t n);
char *zq_strdup(const char *s);
char *zq_strndup(const char *s, size_t n);
void zq_free(void *p);

/* Grow an array of elements of size `elem` so that it holds at least `need`
 * elements; *cap is updated.  Aborts on overflow. */
void *zq_grow(void *p, size_t elem, size_t need, size_t *cap);

struct arena;

/* An arena allocates from chunks of `chunk` bytes (0 = default 64 KiB); blocks
 * larger than a chunk get a chunk of their own.  arena_free(NULL) does nothing. */
struct arena *arena_new(size_t chunk);
void arena_free(struct arena *a);
/* Releases everything allocated so far but keeps the first chunk for reuse. */
void arena_reset(struct arena *a);
/* 16-byte aligned, uninitialised memory owned by the arena. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_calloc(struct arena *a, size_t n);
/* NUL-terminated copy of n bytes of s, owned by the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Bytes handed out since creation or the last reset. */
size_t arena_used(const struct arena *a);

#endif
