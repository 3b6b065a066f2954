/*
 * plot_exceedance.h — the points of the exceedance (AEP) figure of
 * `medliab report --plots`: the annual loss exceeded once in T years, with
 * a 95% confidence band, from one scenario's sorted annual samples.
 *
 * Estimator.  At T = n / j (j = 1 .. n - 1; T = 1 would be P = 0, no
 * quantile) the curve is the quantile at P = 1 - 1/T = (n - j) / n, the
 * order statistic of rank ceil(n P) = n - j: the same estimator as the
 * file's exceedance table and VaR (stats.h), so a point of the figure at a
 * tabulated return period is the table's number.
 *
 * Band.  The distribution-free 95% interval of that quantile,
 * [X_(l), X_(u)], with ranks from the Binomial(n, P) distribution:
 * l - 1 = max{k : P(B <= k) <= 0.025}, u - 1 = min{k : P(B > k) <= 0.025}
 * (ml_quantile_ci_ranks, stats_ci.c, which proves the coverage; it is the
 * file's VaR interval).  It covers the true quantile with probability at
 * least 95% at each T separately (a pointwise band, not a simultaneous
 * one).  l = 0 or u = n + 1 means that n cannot bound that side: -inf or
 * +inf.
 *
 * Support.  A point is marked supported when at least
 * ML_PLOT_MIN_EXCEEDANCES simulated years lie above it (j >= 10, that is
 * T <= n / 10); the figure draws only those.  The number 10 is a judgment:
 * the band's upper end is unbounded below j = 4 (at 95%), and at j = 10
 * it is about the 4th largest year (n = 1,000: ranks 983 and 997 about the
 * point's 990), so the band still rests on several years beyond its upper
 * end; 10 exceedances is also the common rule of thumb for an empirical
 * tail quantile.
 */
#ifndef ML_PLOT_EXCEEDANCE_H
#define ML_PLOT_EXCEEDANCE_H

#include <stddef.h>

#define ML_PLOT_MIN_EXCEEDANCES 10
/* The curve's points are spread evenly in log j; at most this many. */
#define ML_PLOT_CURVE_POINTS 300

typedef struct {
    double return_period; /* n / j */
    double loss;          /* X_(rank) */
    double lo, hi;        /* the 95% band: X_(rank_lo), X_(rank_hi); -inf / +inf */
    size_t j;             /* years above the point: n - rank */
    size_t rank, rank_lo, rank_hi; /* 1-based; rank_lo 0 or rank_hi n + 1: unbounded */
    int supported;        /* j >= ML_PLOT_MIN_EXCEEDANCES */
} ml_ep_point;

/* The point at T = n / j of ascending samples sorted[n] (1 <= j < n). */
void ml_plot_ep_point(const double *sorted, size_t n, size_t j, ml_ep_point *out);
/* The curve: the points for j = round(n^(p / (ML_PLOT_CURVE_POINTS - 1))),
 * p = 0, 1, ..., each j once and j < n, largest T first, into out (room
 * for ML_PLOT_CURVE_POINTS); returns how many (0 when n < 2). */
size_t ml_plot_ep_curve(const double *sorted, size_t n, ml_ep_point *out);

#endif
