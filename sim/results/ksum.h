/*
 * ksum.h — Neumaier's compensated summation.  Sums of up to 2^32 samples
 * then carry an error of a few ulp instead of n ulp, so a reader that sums
 * exactly (Python's math.fsum) agrees with the file to about 1e-15; the
 * order is still fixed, so results stay bit-for-bit reproducible.
 */
#ifndef ML_KSUM_H
#define ML_KSUM_H

#include <math.h>

typedef struct {
    double sum, comp;
} ml_ksum;

static inline void ml_ksum_add(ml_ksum *k, double x)
{
    double t = k->sum + x;
    if (fabs(k->sum) >= fabs(x))
        k->comp += (k->sum - t) + x;
    else
        k->comp += (x - t) + k->sum;
    k->sum = t;
}

static inline double ml_ksum_value(const ml_ksum *k)
{
    return k->sum + k->comp;
}

#endif
