/*
 * alloc.c - aborting allocation wrappers and a chunked arena.
 *
 * The arena owns its chunks; callers own nothing they got from it and must not
 * free individual blocks.
 */
#include "core/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
oom(size_t n)
{
    fprintf(stderr, "zhiqian: 内存不足 (out of memory allocating %zu bytes)\n", n);
    abort();
}

void *
zq_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        oom(n);
    return p;
}

void *
zq_calloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (p == NULL)
        oom(count * size);
    return p;
}

void *
zq_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL)
        oom(n);
    return q;
}

char *
zq_strndup(const char *s, size_t n)
{
    char *d = zq_malloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *
zq_strdup(const char *s)
{
    return zq_strndup(s, strlen(s));
}

void
zq_free(void *p)
{
    free(p);
}

void *
zq_grow(void *p, size_t elem, size_t need, size_t *cap)
{
    size_t n = *cap ? *cap : 8;

    if (need <= *cap)
        return p;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            oom(SIZE_MAX);
        n *= 2;
    }
    if (elem && n > SIZE_MAX / elem)
        oom(SIZE_MAX);
    p = zq_realloc(p, n * elem);
    *cap = n;
    return p;
}

struct chunk {
    struct chunk *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
};

struct arena {
    struct chunk *head;
    size_t chunk;
    size_t total;
};

static struct chunk *
chunk_new(size_t size)
{
    struct chunk *c = zq_malloc(sizeof(*c) + size);
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

struct arena *
arena_new(size_t chunk)
{
    struct arena *a = zq_calloc(1, sizeof(*a));
    a->chunk = chunk ? chunk : 64 * 1024;
    a->head = chunk_new(a->chunk);
    return a;
}

void
arena_free(struct arena *a)
{
    struct chunk *c, *next;

    if (a == NULL)
        return;
    for (c = a->head; c != NULL; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

void
arena_reset(struct arena *a)
{
    struct chunk *c = a->head, *next;

    /* keep the last chunk in the list: it is the first one allocated */
    while (c->next != NULL) {
        next = c->next;
        free(c);
        c = next;
    }
    a->head = c;
    if (c->size > a->chunk) {
        free(c);
        a->head = chunk_new(a->chunk);
    }
    a->head->used = 0;
    a->total = 0;
}

void *
arena_alloc(struct arena *a, size_t n)
{
    struct chunk *c = a->head;
    size_t need = (n + 15) & ~(size_t)15;
    void *p;

    if (need < n)
        oom(n);
    if (c->size - c->used < need) {
        struct chunk *nc = chunk_new(need > a->chunk ? need : a->chunk);
        if (need > a->chunk) {
            /* a big block: keep the current chunk as head so its space stays usable */
            nc->next = c->next;
            c->next = nc;
            nc->used = need;
            a->total += need;
            return nc->data;
        }
        nc->next = c;
        a->head = c = nc;
    }
    p = c->data + c->used;
    c->used += need;
    a->total += need;
    return p;
}

void *
arena_calloc(struct arena *a, size_t n)
{
    void *p = arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *
arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

size_t
arena_used(const struct arena *a)
{
    return a->total;
}
