/*
 * heap.c - see heap.h.  The period is kept in an atomic so that the pool
 * threads need no lock: the one whose compare-and-swap moves last_trim
 * forward does the trim, after its answer has gone out.
 */
#include "http/heap.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void
http_heap_init(struct http_heap *h, int64_t now)
{
    atomic_store(&h->last_trim, now);
#if defined(__GLIBC__)
    /* setting it also stops glibc from moving it (and the trim threshold) */
    mallopt(M_MMAP_THRESHOLD, HTTP_HEAP_MMAP_MIN);
#endif
}

bool
http_heap_tick(struct http_heap *h, int64_t now)
{
    int64_t last = atomic_load(&h->last_trim);

    if (now < last) {
        /* the clock went back: count the period from now */
        atomic_compare_exchange_strong(&h->last_trim, &last, now);
        return false;
    }
    if (now - last < HTTP_HEAP_TRIM_EVERY ||
        !atomic_compare_exchange_strong(&h->last_trim, &last, now))
        return false;
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
    return true;
}

int64_t
http_heap_in_use(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 mi = mallinfo2();

    return (int64_t)(mi.uordblks + mi.hblkhd);
#else
    return -1;
#endif
}
