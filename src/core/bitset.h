/*
 * bitset.h - a growable set of small non-negative integers (row ids), one bit
 * each.  An import marks the id of every row it has written, so that a second
 * line with the same natural key is recognised as a duplicate inside the file
 * whatever the file size: 1 bit per row of the table, not per line read.
 */
#ifndef ZQ_CORE_BITSET_H
#define ZQ_CORE_BITSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BITSET_MAX ((uint64_t)1 << 34) /* ids beyond this (2 GiB of bits) are refused */

struct bitset {
    uint64_t *w; /* owned */
    size_t nw;
};

void bitset_init(struct bitset *b);
void bitset_fini(struct bitset *b);
/* Set bit i; returns whether it was set before.  Aborts when i >= BITSET_MAX
 * (no table reaches 17 billion rows). */
bool bitset_test_set(struct bitset *b, uint64_t i);
bool bitset_test(const struct bitset *b, uint64_t i);

#endif
