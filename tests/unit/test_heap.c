/*
 * test_heap.c - the server's malloc hygiene (src/http/heap.c): the trim
 * period shared by the pool threads, and on glibc (not under ASan, which
 * brings its own allocator) that a big block freed does not make the next
 * one land in an arena, where it would stay after its free.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "http/heap.h"
#include "t.h"

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#include <malloc.h>
#define GLIBC_MALLOC 1
#endif

static void
test_period(void)
{
    struct http_heap h;

    http_heap_init(&h, 1000);
    T_CHECK(!http_heap_tick(&h, 1000));
    T_CHECK(!http_heap_tick(&h, 1000 + HTTP_HEAP_TRIM_EVERY - 1));
    T_CHECK(http_heap_tick(&h, 1000 + HTTP_HEAP_TRIM_EVERY));
    /* the period starts again from the trim */
    T_CHECK(!http_heap_tick(&h, 1000 + HTTP_HEAP_TRIM_EVERY + 1));
    T_CHECK(http_heap_tick(&h, 1000 + 2 * HTTP_HEAP_TRIM_EVERY));
    /* a clock that went back restarts the period rather than stopping the trims */
    T_CHECK(!http_heap_tick(&h, 500));
    T_CHECK(!http_heap_tick(&h, 500 + HTTP_HEAP_TRIM_EVERY - 1));
    T_CHECK(http_heap_tick(&h, 500 + HTTP_HEAP_TRIM_EVERY));
}

struct racer {
    struct http_heap *h;
    pthread_barrier_t *go;
    int trims;
};

static void *
race(void *p)
{
    struct racer *r = p;

    pthread_barrier_wait(r->go);
    for (int i = 0; i < 1000; i++)
        r->trims += http_heap_tick(r->h, 2000 + HTTP_HEAP_TRIM_EVERY);
    return NULL;
}

static void
test_one_trim_per_period(void)
{
    struct http_heap h;
    struct racer r[4];
    pthread_t th[4];
    pthread_barrier_t go;
    int trims = 0;

    http_heap_init(&h, 2000);
    pthread_barrier_init(&go, NULL, 4);
    for (int i = 0; i < 4; i++) {
        r[i] = (struct racer){ .h = &h, .go = &go };
        T_CHECK(pthread_create(&th[i], NULL, race, &r[i]) == 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        trims += r[i].trims;
    }
    pthread_barrier_destroy(&go);
    T_EQ_INT(trims, 1);
}

static void
test_big_blocks_mapped(void)
{
#ifdef GLIBC_MALLOC
    struct http_heap h;
    size_t big = (size_t)4 << 20;
    size_t mapped0;
    /* volatile: the compiler may drop a malloc and free around unread bytes */
    unsigned char *volatile p;
    unsigned char *volatile q;

    http_heap_init(&h, 0);
    mapped0 = mallinfo2().hblkhd;
    p = malloc(big);
    memset(p, 1, big);
    T_CHECK(mallinfo2().hblkhd >= mapped0 + big);
    free(p);
    T_CHECK(mallinfo2().hblkhd < mapped0 + big);
    /* glibc left alone would now serve this from an arena and keep it there */
    q = malloc(big);
    memset(q, 2, big);
    T_CHECK(mallinfo2().hblkhd >= mapped0 + big);
    free(q);
    T_CHECK(mallinfo2().hblkhd < mapped0 + big);
    /* just under the pinned threshold stays in the arena, as before */
    p = malloc(HTTP_HEAP_MMAP_MIN / 2);
    T_CHECK(mallinfo2().hblkhd < mapped0 + HTTP_HEAP_MMAP_MIN / 2);
    free(p);
#endif
}

static void
test_in_use(void)
{
#ifdef GLIBC_MALLOC
    int64_t before = http_heap_in_use();
    char *volatile p = malloc((size_t)1 << 20);

    memset(p, 0, (size_t)1 << 20);
    T_CHECK(before > 0);
    T_CHECK(http_heap_in_use() >= before + ((int64_t)1 << 20));
    free(p);
    T_CHECK(http_heap_in_use() < before + ((int64_t)1 << 20));
#else
    T_CHECK(http_heap_in_use() >= -1);
#endif
}

static const struct t_case t_cases[] = {
    { "trim period", test_period },
    { "one trim per period across threads", test_one_trim_per_period },
    { "big blocks are mapped and unmapped", test_big_blocks_mapped },
    { "bytes in use", test_in_use },
    { 0 },
};
T_MAIN(t_cases)
