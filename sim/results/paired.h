/*
 * paired.h — the difference and ratio of one figure between two scenarios,
 * with their Monte Carlo standard errors.
 *
 * Two scenarios run with one seed and replicate count share their random
 * numbers: replicate r of both saw the same incidents (common random
 * numbers, DESIGN section 4), so their errors are correlated and the error
 * of a difference is far below the two errors combined.  An estimate T of
 * n replicates that is a smooth function of means has an influence
 * function psi_r, with T - E[T] ~ mean(psi) and se(T) = sd(psi) / sqrt(n);
 * for the pair (base, value), replicate by replicate,
 *   difference: psi_value_r - psi_base_r,
 *   ratio:      (psi_value_r - ratio psi_base_r) / base
 * (the delta method: for value != 0 this is ratio times the log-ratio's
 * influence psi_value/value - psi_base/base), and the paired se is the sd
 * of that over r, over sqrt(n).  Without pairing (different seeds, or a
 * figure without per-replicate influence) the two errors are independent:
 * se^2 = se_value^2 + se_base^2, and the ratio's by the same delta method.
 */
#ifndef ML_PAIRED_H
#define ML_PAIRED_H

#include <stddef.h>

typedef struct {
    double diff, diff_se;   /* value - base */
    double ratio, ratio_se; /* value / base; NaN where base is 0 */
} ml_paired;

/* From the two estimates and their influence functions over the same n
 * replicates (psi_base[r] and psi_value[r] from replicate r of each). */
void ml_paired_influence(double base, const double *psi_base, double value,
                         const double *psi_value, size_t n, ml_paired *out);
/* Independent estimates with standard errors se_base, se_value. */
void ml_paired_unpaired(double base, double se_base, double value, double se_value,
                        ml_paired *out);

/* Influence of the mean m of x[n]: psi_r = x_r - m. */
void ml_influence_mean(const double *x, size_t n, double m, double *psi);
/* Influence of tvarP = v + E[(X - v)+]/(1 - P) at v = varP (Manistre and
 * Hancock, 2005; its derivative in v vanishes at the quantile):
 * psi_r = v + (x_r - v)+ / (1 - p) - tvar.  sd(psi)/sqrt(n) is the
 * summary's tvarP_se. */
void ml_influence_tvar(const double *x, size_t n, double p, double v, double tvar,
                       double *psi);

/* The 5% and 95% points, order statistics of rank ceil(P k) as for VaR
 * (stats.h), of the per-draw ratio value_k / base_k and difference
 * value_k - base_k over the draws k where both are finite (and, for the
 * ratio, base_k != 0); work holds k doubles.  Returns the draws used for
 * the difference; the p's are NaN where no draw is usable. */
size_t ml_paired_draws(const double *base, const double *value, size_t k, double *work,
                       double *ratio_p05, double *ratio_p95, double *diff_p05,
                       double *diff_p95);

#endif
