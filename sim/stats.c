/*
 * stats.c — see stats.h.  Sums run in index order, so a summary is
 * bit-for-bit the same however the samples were produced.
 */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const unsigned ml_level_permille[ML_N_LEVELS] = {900, 950, 990, 995, 999};
const unsigned ml_return_periods[ML_N_RETURN_PERIODS] = {2, 5, 10, 20, 50,
                                                          100, 200, 250, 500, 1000};

size_t ml_quantile_rank(size_t n, unsigned long num, unsigned long den)
{
    unsigned long long k = ((unsigned long long)n * num + den - 1) / den;
    return k < 1 ? 1 : (size_t)k;
}

double ml_var_sorted(const double *sorted, size_t n, unsigned long num, unsigned long den)
{
    if (n == 0)
        return NAN;
    return sorted[ml_quantile_rank(n, num, den) - 1];
}

double ml_tvar_sorted(const double *sorted, size_t n, unsigned long num, unsigned long den)
{
    if (n == 0)
        return NAN;
    double v = ml_var_sorted(sorted, n, num, den);
    double excess = 0.0;
    for (size_t i = n; i-- > 0 && sorted[i] > v;)
        excess += sorted[i] - v;
    double tail = (double)(den - num) / (double)den; /* 1 - P */
    return v + excess / ((double)n * tail);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void ml_sort_copy(const double *x, size_t n, double *out)
{
    memcpy(out, x, n * sizeof *x);
    qsort(out, n, sizeof *out, cmp_double);
}

void ml_summary_compute(const double *x, size_t n, double *scratch, ml_summary *out)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += x[i];
    double mean = n ? sum / (double)n : NAN;
    double ss = 0.0;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    out->mean = mean;
    out->sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0.0;
    out->se = n > 0 ? out->sd / sqrt((double)n) : NAN;
    ml_sort_copy(x, n, scratch);
    for (int l = 0; l < ML_N_LEVELS; l++) {
        out->var[l] = ml_var_sorted(scratch, n, ml_level_permille[l], 1000);
        out->tvar[l] = ml_tvar_sorted(scratch, n, ml_level_permille[l], 1000);
    }
}
