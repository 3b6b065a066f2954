/*
 * exact.h — the distribution of the annual `insured` measure by Panjer
 * recursion, for scenarios where it is a compound Poisson or compound
 * negative binomial sum: one hospital (or several, all Poisson, without an
 * aggregate limit), no year effect, a gamma or no hospital effect.
 *
 * The per-claim payment Y = c * min(max(s D - d, 0), L) (s the liability
 * share, a discrete mixture) is discretized on a grid of step h three ways:
 * rounded down, rounded up and rounded to the nearest point.  Rounding down
 * gives a sum S_dn <= S and rounding up S_up >= S claim by claim, so
 *   P(S_up <= x) <= F(x) <= P(S_dn <= x)
 * holds exactly: the true CDF is bracketed, and a test against the bracket
 * keeps its stated level however coarse the grid.  The nearest-point version
 * gives the reported figures.  The aggregate limit A is applied last,
 * min(S, A), which preserves the bracket.
 */
#ifndef ML_EXACT_H
#define ML_EXACT_H

#include "scenario.h"

typedef struct {
    int negbin;        /* 0: Poisson(lambda); 1: NB(size, beta), mean size*beta */
    double lambda, size, beta; /* claim counts after claiming and settlement */
    double h;          /* grid step, currency */
    size_t m;          /* grid points 0, h, ..., (m-1) h */
    double *cdf_dn;    /* P(S_dn <= k h): upper bound of F(k h) */
    double *cdf_up;    /* P(S_up <= k h): lower bound of F(k h) */
    double *cdf_mid;   /* nearest-point rounding: the estimate */
    double mean;       /* exact when there is no aggregate limit, else midpoint */
    double mean_lo, mean_hi; /* bracket of the mean (lo = hi when exact) */
    double sd;         /* from the nearest-point distribution */
    double tail_mass;  /* P(S > (m-1) h) in the nearest-point distribution */
} ml_exact;

/* Compute the distribution with m grid points (0 = default 32768). */
int ml_exact_compute(const ml_scenario *s, size_t m, ml_exact *ex, ml_err *err);
void ml_exact_free(ml_exact *ex);

/* Bounds on F(x) and on F(x-) at any x. */
void ml_exact_bounds(const ml_exact *ex, double x, double *f_lo, double *f_hi,
                     double *fminus_lo);
/* Quantile of the nearest-point distribution: smallest grid x with CDF >= p. */
double ml_exact_quantile(const ml_exact *ex, double p);
/* Bounds on the true p-quantile inf{x: F(x) >= p}: lo is the smallest grid
 * x with cdf_dn >= p (below it F <= cdf_dn < p), hi the smallest with
 * cdf_up >= p (there F >= cdf_up >= p); +inf where the grid ends first. */
void ml_exact_quantile_bounds(const ml_exact *ex, double p, double *lo, double *hi);

/* Panjer recursion for the (a, b, 0) class: g[k] = P(S = k h) given the
 * (possibly defective) severity pmf f[0..m-1]. Exposed for unit tests. */
int ml_panjer(int negbin, double lambda, double size, double beta, const double *f,
              size_t m, size_t f_support, double *g, ml_err *err);

/* KS-type distance of sorted samples from the bracket [cdf_up, cdf_dn]:
 * a lower bound on the true sup |F_n - F|, so it exceeds the DKW bound with
 * probability at most alpha when the samples come from F. */
double ml_exact_ks(const ml_exact *ex, const double *sorted, size_t n);

#endif
