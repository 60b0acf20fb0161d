/*
 * heap.h - private to http/: keeping the server's heap from ratcheting up
 * over a long run (SPEC §15: flat RSS under a 10-minute soak).
 *
 * glibc's malloc keeps what a thread frees in that thread's arena, and hands
 * pages back to the system only from the top of an arena.  A server whose
 * pool threads interleave long-lived allocations (SQLite's page cache and
 * statements) with each request's garbage, and whose import threads use
 * multi-megabyte maps for a moment, ends up with arenas full of free pages
 * pinned under a live allocation: RSS grows in steps and never comes back,
 * while the bytes in use stay flat (docs/reliability-soak.md has the
 * figures).  Two measures, both process-wide because malloc is:
 *
 *   - the threshold above which malloc maps a block of its own (and unmaps
 *     it at free) is pinned at HTTP_HEAP_MMAP_MIN.  By default glibc raises
 *     it to the size of any mapped block freed (up to 32 MiB), after which
 *     every such block lands in an arena and stays there;
 *   - every HTTP_HEAP_TRIM_EVERY seconds one request, once answered, hands
 *     the free pages of every arena back (malloc_trim).
 *
 * Elsewhere than glibc both are no-ops.
 */
#ifndef ZQ_HTTP_HEAP_H
#define ZQ_HTTP_HEAP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* Blocks of this size or more are mapped on their own and unmapped at free. */
#define HTTP_HEAP_MMAP_MIN (256 * 1024)
/* Seconds between two trims. */
#define HTTP_HEAP_TRIM_EVERY 30

/* Embedded in the server; fields private. */
struct http_heap {
    _Atomic int64_t last_trim; /* the time (seconds) of the last trim */
};

/* Pin malloc's mapping threshold; the first trim comes one period after now. */
void http_heap_init(struct http_heap *h, int64_t now);
/* Called after each answered request: trims when the period has passed since
 * the last trim.  True for the one caller that trimmed (several threads may
 * call at once; a clock that went back restarts the period). */
bool http_heap_tick(struct http_heap *h, int64_t now);
/* Bytes malloc has handed out and not taken back (arenas and mapped
 * blocks); -1 when the C library does not say. */
int64_t http_heap_in_use(void);

#endif
