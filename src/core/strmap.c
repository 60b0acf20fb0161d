/*
 * strmap.c - see strmap.h.  Keys live in an arena owned by the map; the slot
 * array holds the hash, the key and the value, and doubles at 50% load.
 */
#include "core/strmap.h"

#include <string.h>

#include "core/alloc.h"

struct slot {
    uint64_t hash;
    const char *key; /* NULL = empty */
    size_t len;
    uint64_t val;
};

struct strmap {
    struct slot *slots;
    size_t cap; /* power of two */
    size_t n;
    struct arena *keys;
};

uint64_t
strmap_hash(const void *p, size_t len)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ULL;

    for (size_t i = 0; i < len; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

struct strmap *
strmap_new(void)
{
    struct strmap *m = zq_calloc(1, sizeof(*m));

    m->cap = 1024;
    m->slots = zq_calloc(m->cap, sizeof(struct slot));
    m->keys = arena_new(0);
    return m;
}

void
strmap_free(struct strmap *m)
{
    if (m == NULL)
        return;
    zq_free(m->slots);
    arena_free(m->keys);
    zq_free(m);
}

void
strmap_clear(struct strmap *m)
{
    memset(m->slots, 0, m->cap * sizeof(struct slot));
    m->n = 0;
    arena_reset(m->keys);
}

size_t
strmap_count(const struct strmap *m)
{
    return m->n;
}

static struct slot *
find(const struct strmap *m, uint64_t h, const void *key, size_t len)
{
    size_t i = (size_t)h & (m->cap - 1);

    for (;;) {
        struct slot *s = &m->slots[i];
        if (s->key == NULL || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
        i = (i + 1) & (m->cap - 1);
    }
}

bool
strmap_get(const struct strmap *m, const void *key, size_t len, uint64_t *val)
{
    struct slot *s = find(m, strmap_hash(key, len), key, len);

    if (s->key == NULL)
        return false;
    *val = s->val;
    return true;
}

static void
grow(struct strmap *m)
{
    struct slot *old = m->slots;
    size_t oldcap = m->cap;

    m->cap *= 2;
    m->slots = zq_calloc(m->cap, sizeof(struct slot));
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key != NULL)
            *find(m, old[i].hash, old[i].key, old[i].len) = old[i];
    zq_free(old);
}

void
strmap_put(struct strmap *m, const void *key, size_t len, uint64_t val)
{
    uint64_t h = strmap_hash(key, len);
    struct slot *s = find(m, h, key, len);

    if (s->key == NULL) {
        if ((m->n + 1) * 2 > m->cap) {
            grow(m);
            s = find(m, h, key, len);
        }
        s->hash = h;
        s->key = arena_strndup(m->keys, key, len);
        s->len = len;
        m->n++;
    }
    s->val = val;
}
