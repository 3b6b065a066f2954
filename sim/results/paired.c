/*
 * paired.c — see paired.h.  Sums run in replicate order with Neumaier's
 * compensation, so the errors are the same bit for bit on every run.
 */
#include "paired.h"
#include "ksum.h"
#include "stats.h"

#include <math.h>
#include <stdlib.h>

/* sd(d)/sqrt(n) of d_r = x_r - c y_r (divisor n - 1); +inf below 2
 * replicates, which give no spread. */
static double se_of_combination(const double *x, const double *y, double c, size_t n)
{
    if (n < 2)
        return INFINITY;
    ml_ksum s = {0}, ss = {0};
    for (size_t r = 0; r < n; r++)
        ml_ksum_add(&s, x[r] - c * y[r]);
    double m = ml_ksum_value(&s) / (double)n;
    for (size_t r = 0; r < n; r++) {
        double d = x[r] - c * y[r] - m;
        ml_ksum_add(&ss, d * d);
    }
    return sqrt(ml_ksum_value(&ss) / (double)(n - 1) / (double)n);
}

void ml_paired_influence(double base, const double *psi_base, double value,
                         const double *psi_value, size_t n, ml_paired *out)
{
    out->diff = value - base;
    out->diff_se = se_of_combination(psi_value, psi_base, 1.0, n);
    if (base != 0.0 && isfinite(base)) {
        out->ratio = value / base;
        out->ratio_se = se_of_combination(psi_value, psi_base, out->ratio, n) / fabs(base);
    } else
        out->ratio = out->ratio_se = NAN;
}

void ml_paired_unpaired(double base, double se_base, double value, double se_value,
                        ml_paired *out)
{
    out->diff = value - base;
    out->diff_se = sqrt(se_value * se_value + se_base * se_base);
    if (base != 0.0 && isfinite(base)) {
        out->ratio = value / base;
        double rs = out->ratio * se_base;
        out->ratio_se = sqrt(se_value * se_value + rs * rs) / fabs(base);
    } else
        out->ratio = out->ratio_se = NAN;
}

void ml_influence_mean(const double *x, size_t n, double m, double *psi)
{
    for (size_t r = 0; r < n; r++)
        psi[r] = x[r] - m;
}

void ml_influence_tvar(const double *x, size_t n, double p, double v, double tvar,
                       double *psi)
{
    for (size_t r = 0; r < n; r++)
        psi[r] = v + fmax(x[r] - v, 0.0) / (1.0 - p) - tvar;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The 5% and 95% order statistics of w[m] (sorted here). */
static void ends(double *w, size_t m, double *p05, double *p95)
{
    if (m == 0) {
        *p05 = *p95 = NAN;
        return;
    }
    qsort(w, m, sizeof *w, cmp_double);
    *p05 = w[ml_quantile_rank(m, 50, 1000) - 1];
    *p95 = w[ml_quantile_rank(m, 950, 1000) - 1];
}

size_t ml_paired_draws(const double *base, const double *value, size_t k, double *work,
                       double *ratio_p05, double *ratio_p95, double *diff_p05,
                       double *diff_p95)
{
    size_t m = 0;
    for (size_t i = 0; i < k; i++)
        if (isfinite(base[i]) && isfinite(value[i]) && base[i] != 0.0)
            work[m++] = value[i] / base[i];
    ends(work, m, ratio_p05, ratio_p95);
    m = 0;
    for (size_t i = 0; i < k; i++)
        if (isfinite(base[i]) && isfinite(value[i]))
            work[m++] = value[i] - base[i];
    ends(work, m, diff_p05, diff_p95);
    return m;
}
