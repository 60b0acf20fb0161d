/*
 * bitset.c - see bitset.h.  The words array grows by doubling.
 */
#include "core/bitset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

void
bitset_init(struct bitset *b)
{
    b->w = NULL;
    b->nw = 0;
}

void
bitset_fini(struct bitset *b)
{
    zq_free(b->w);
    b->w = NULL;
    b->nw = 0;
}

bool
bitset_test_set(struct bitset *b, uint64_t i)
{
    size_t wi = (size_t)(i >> 6);
    uint64_t m = (uint64_t)1 << (i & 63);
    bool was;

    if (i >= BITSET_MAX) {
        fprintf(stderr, "zhiqian: bitset index %llu out of range\n", (unsigned long long)i);
        abort();
    }
    if (wi >= b->nw) {
        size_t n = b->nw ? b->nw : 1024;
        while (n <= wi)
            n *= 2;
        b->w = zq_realloc(b->w, n * sizeof(uint64_t));
        memset(b->w + b->nw, 0, (n - b->nw) * sizeof(uint64_t));
        b->nw = n;
    }
    was = (b->w[wi] & m) != 0;
    b->w[wi] |= m;
    return was;
}

bool
bitset_test(const struct bitset *b, uint64_t i)
{
    size_t wi = (size_t)(i >> 6);
    return wi < b->nw && (b->w[wi] & ((uint64_t)1 << (i & 63))) != 0;
}
