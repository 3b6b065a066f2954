/*
 * stats.c — see stats.h.  Sums run in index order with compensation
 * (ksum.h), so a summary is bit-for-bit the same however the samples were
 * produced, and within a few ulp of the exact value.
 */
#include "stats.h"
#include "ksum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const unsigned ml_level_permille[ML_N_LEVELS] = {900, 950, 990, 995, 999};
const char *const ml_level_tag[ML_N_LEVELS] = {"90", "95", "99", "995", "999"};
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
    ml_ksum excess = {0, 0};
    for (size_t i = n; i-- > 0 && sorted[i] > v;)
        ml_ksum_add(&excess, sorted[i] - v);
    double tail = (double)(den - num) / (double)den; /* 1 - P */
    return v + ml_ksum_value(&excess) / ((double)n * tail);
}



double ml_mean(const double *x, size_t n)
{
    if (n == 0)
        return NAN;
    ml_ksum s = {0, 0};
    for (size_t i = 0; i < n; i++)
        ml_ksum_add(&s, x[i]);
    return ml_ksum_value(&s) / (double)n;
}

double ml_sd(const double *x, size_t n, double mean)
{
    ml_ksum ss = {0, 0};
    for (size_t i = 0; i < n; i++)
        ml_ksum_add(&ss, (x[i] - mean) * (x[i] - mean));
    return n > 1 ? sqrt(ml_ksum_value(&ss) / (double)(n - 1)) : 0.0;
}

void ml_summary_compute(const double *x, size_t n, double *scratch, ml_summary *out)
{
    double mean = ml_mean(x, n);
    out->mean = mean;
    out->sd = ml_sd(x, n, mean);
    out->se = n > 0 ? out->sd / sqrt((double)n) : NAN;
    ml_sort_copy(x, n, scratch);
    for (int l = 0; l < ML_N_LEVELS; l++) {
        unsigned long num = ml_level_permille[l];
        out->var[l] = ml_var_sorted(scratch, n, num, 1000);
        out->tvar[l] = ml_tvar_sorted(scratch, n, num, 1000);
        ml_var_ci_sorted(scratch, n, num, 1000, &out->var_lo[l], &out->var_hi[l]);
        out->var_se[l] = ml_var_se_from_ci(out->var_lo[l], out->var_hi[l]);
        out->tvar_se[l] = ml_tvar_se_sorted(scratch, n, num, 1000);
    }
}

void ml_ep_compute(const double *annual, const double *annual_max, size_t n,
                   double *scratch, ml_ep_row out[ML_N_RETURN_PERIODS])
{
    ml_sort_copy(annual, n, scratch);
    ml_ep_compute_sorted(scratch, annual_max, n, scratch, out);
}

void ml_ep_compute_sorted(const double *sorted, const double *annual_max, size_t n,
                          double *scratch, ml_ep_row out[ML_N_RETURN_PERIODS])
{
    for (int i = 0; i < ML_N_RETURN_PERIODS; i++) {
        unsigned T = ml_return_periods[i];
        out[i].return_period = T;
        out[i].aep = ml_var_sorted(sorted, n, T - 1, T);
        ml_var_ci_sorted(sorted, n, T - 1, T, &out[i].aep_lo, &out[i].aep_hi);
    }
    ml_sort_copy(annual_max, n, scratch);
    for (int i = 0; i < ML_N_RETURN_PERIODS; i++) {
        unsigned T = ml_return_periods[i];
        out[i].oep = ml_var_sorted(scratch, n, T - 1, T);
        ml_var_ci_sorted(scratch, n, T - 1, T, &out[i].oep_lo, &out[i].oep_hi);
    }
}
