/*
 * sortkey.h — the unsigned key that orders doubles as the comparison
 * (x > y) - (x < y) does, for the radix sort (sort.c) and the selection
 * of order statistics (order_view.c): every bit of a negative number
 * flipped, only the sign bit of a positive one, -0.0 given +0.0's key
 * (the two compare equal).  Results never hold a NaN.
 */
#ifndef ML_SORTKEY_H
#define ML_SORTKEY_H

#include <stdint.h>
#include <string.h>

static inline uint64_t ml_sort_key(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    if (u == UINT64_C(0x8000000000000000))
        u = 0;
    return (u >> 63) ? ~u : u ^ UINT64_C(0x8000000000000000);
}

#endif
