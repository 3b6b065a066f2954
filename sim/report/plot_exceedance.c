/*
 * plot_exceedance.c — see plot_exceedance.h (the estimator, its band and
 * the support rule are stated there).
 */
#include "plot_exceedance.h"
#include "stats.h"

#include <math.h>

void ml_plot_ep_point(const double *sorted, size_t n, size_t j, ml_ep_point *out)
{
    /* P = (n - j) / n exactly: the ranks are computed in integers. */
    unsigned long num = (unsigned long)(n - j), den = (unsigned long)n;
    out->return_period = (double)n / (double)j;
    out->j = j;
    out->rank = ml_quantile_rank(n, num, den);
    out->loss = sorted[out->rank - 1];
    ml_quantile_ci_ranks(n, num, den, ML_CI_LEVEL, &out->rank_lo, &out->rank_hi);
    out->lo = out->rank_lo == 0 ? -INFINITY : sorted[out->rank_lo - 1];
    out->hi = out->rank_hi > n ? INFINITY : sorted[out->rank_hi - 1];
    out->supported = j >= ML_PLOT_MIN_EXCEEDANCES;
}

size_t ml_plot_ep_curve(const double *sorted, size_t n, ml_ep_point *out)
{
    size_t k = 0, last = 0;
    for (int p = 0; p < ML_PLOT_CURVE_POINTS && n >= 2; p++) {
        size_t j = (size_t)llround(pow((double)n, (double)p / (ML_PLOT_CURVE_POINTS - 1)));
        if (j <= last || j >= n)
            continue;
        last = j;
        ml_plot_ep_point(sorted, n, j, &out[k++]);
    }
    return k;
}
