/*
 * stats_ci.c — the Monte Carlo error of quantiles and of expected shortfall
 * (stats.h states the methods; the README gives them to users).
 *
 * Quantile interval.  Let B = #{i : X_i <= q_P}.  For any F, B is Binomial
 * (n, F(q_P)) with F(q_P) >= P, and #{i : X_i < q_P} is Binomial(n, F(q_P-))
 * with F(q_P-) <= P.  Hence, with B ~ Binomial(n, P) and a = (1 - conf)/2,
 *   P(X_(l) > q_P) = P(#{X_i <= q_P} < l) <= P(B <= l - 1) <= a   and
 *   P(X_(u) < q_P) = P(#{X_i < q_P} >= u) <= P(B >= u)     <= a
 * for l - 1 = max{k : P(B <= k) <= a} and u - 1 = min{k : P(B > k) <= a}.
 * The interval [X_(l), X_(u)] therefore covers q_P with probability at
 * least conf, atoms or not, and the ranks depend on n and P only.
 *
 * Expected shortfall.  tvarP = v + mean((X - v)+) / (1 - P) with v = varP;
 * its derivative in v vanishes at the true quantile, so to first order its
 * variance is that of the mean of Y = (X - v)+ divided by (1 - P)^2.  This
 * is the influence-function standard error (Manistre and Hancock, 2005); it
 * needs only the tail of the full sample, unlike batch means, whose batches
 * at P = 0.999 would hold too few tail points.
 */
#include "stats.h"
#include "ksum.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

void ml_quantile_ci_ranks(size_t n, unsigned long num, unsigned long den, double conf,
                          size_t *lo, size_t *hi)
{
    double p = (double)num / (double)den;
    double a = (1.0 - conf) / 2.0;
    unsigned nn = (unsigned)n; /* n < 2^32: the engine's replicate limit */
    /* Invariants: P(B <= klo) <= a < P(B <= khi), with P(B <= -1) = 0. */
    long long klo = -1, khi = (long long)n;
    while (khi - klo > 1) {
        long long mid = klo + (khi - klo) / 2;
        if (gsl_cdf_binomial_P((unsigned)mid, p, nn) <= a)
            klo = mid;
        else
            khi = mid;
    }
    *lo = (size_t)(klo + 1);
    /* Invariants: P(B > klo) > a >= P(B > khi); P(B > n) = 0.  The upper
     * tail comes from Q directly, which keeps its relative accuracy. */
    klo = -1;
    khi = (long long)n;
    while (khi - klo > 1) {
        long long mid = klo + (khi - klo) / 2;
        if (gsl_cdf_binomial_Q((unsigned)mid, p, nn) <= a)
            khi = mid;
        else
            klo = mid;
    }
    *hi = (size_t)(khi + 1);
}

void ml_var_ci_sorted(const double *sorted, size_t n, unsigned long num,
                      unsigned long den, double *lo, double *hi)
{
    ml_q_ranks r = {0, 0, 0};
    if (n > 0)
        ml_quantile_ci_ranks(n, num, den, ML_CI_LEVEL, &r.lo, &r.hi);
    ml_var_ci_at(sorted, n, &r, lo, hi);
}

void ml_var_ci_at(const double *sorted, size_t n, const ml_q_ranks *r, double *lo,
                  double *hi)
{
    if (n == 0) {
        *lo = *hi = NAN;
        return;
    }
    *lo = r->lo == 0 ? -INFINITY : sorted[r->lo - 1];
    *hi = r->hi > n ? INFINITY : sorted[r->hi - 1];
}

double ml_var_se_from_ci(double lo, double hi)
{
    if (isnan(lo) || isnan(hi))
        return NAN;
    if (isinf(lo) || isinf(hi))
        return INFINITY;
    return (hi - lo) / (2.0 * ML_CI_Z);
}

double ml_tvar_se_sorted(const double *sorted, size_t n, unsigned long num,
                         unsigned long den)
{
    /* One sample has no spread to estimate an error from: the error is
     * unbounded, written +inf like a VaR interval n cannot bound (a NaN
     * would be no number at all). */
    if (n < 2)
        return INFINITY;
    double v = ml_var_sorted(sorted, n, num, den);
    /* Y_i = (X_i - v)+ is zero below the tail: sum the tail only, then add
     * the (n - tail) zeros' squared deviations in one term. */
    ml_ksum sy = {0, 0};
    size_t tail = 0;
    for (size_t i = n; i-- > 0 && sorted[i] > v; tail++)
        ml_ksum_add(&sy, sorted[i] - v);
    double my = ml_ksum_value(&sy) / (double)n;
    ml_ksum ss = {0, 0};
    for (size_t i = n; i-- > n - tail;)
        ml_ksum_add(&ss, (sorted[i] - v - my) * (sorted[i] - v - my));
    ml_ksum_add(&ss, (double)(n - tail) * my * my);
    double var_y = ml_ksum_value(&ss) / (double)(n - 1);
    double q = (double)(den - num) / (double)den; /* 1 - P */
    return sqrt(var_y / (double)n) / q;
}
