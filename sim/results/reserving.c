/*
 * reserving.c — see reserving.h.  The chain ladder is written from Mack's
 * (1993) formulas; the check over replicates runs the same fit on every
 * replicate's triangle and compares it with what the simulation says was
 * still to come.  Everything is a deterministic function of the ledgers,
 * reduced in replicate order, so the figures do not depend on threads.
 */
#include "reserving.h"
#include "dist.h"
#include "stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Mack's extrapolation for a factor whose variance the data cannot
 * estimate: no larger than either of the two before it, and shrunk by
 * their ratio when they are falling (Mack 1993, section 5).  s1 is the
 * factor just before, s2 the one before that. */
static double mack_extrapolate(double s1, double s2)
{
    double v = s1 < s2 ? s1 : s2;
    /* s2 = 0 makes the min 0 already; the ratio would be 0/0 or x/0. */
    if (s2 > 0.0 && s1 * s1 / s2 < v)
        v = s1 * s1 / s2;
    return v;
}

int ml_chain_ladder_fit(const double *cum, unsigned years, unsigned dev_years,
                        ml_chain_ladder *out)
{
    if (!cum || !out || years < 2 || years > ML_YEARS_MAX || dev_years < years)
        return ML_EINVAL;
    const unsigned Y = years, D = dev_years;
#define C(a, d) cum[(size_t)(a) * D + (d)]
    for (unsigned a = 0; a < Y; a++)
        for (unsigned d = 0; d + a <= Y - 1; d++)
            if (!isfinite(C(a, d)))
                return ML_EINVAL;
    memset(out, 0, sizeof *out);
    out->years = Y;

    /* Factors and their variances, k = 0 .. Y-2: factor k takes column k to
     * k + 1, seen in the accident years a <= Y-2-k. */
    double S[ML_YEARS_MAX];
    int estimated[ML_YEARS_MAX];
    for (unsigned k = 0; k + 1 < Y; k++) {
        double s = 0.0, t = 0.0;
        for (unsigned a = 0; a + k + 2 <= Y; a++) {
            s += C(a, k);
            t += C(a, k + 1);
        }
        S[k] = s;
        out->f[k] = s != 0.0 ? t / s : 1.0;
        double q = 0.0;
        unsigned m = 0;
        for (unsigned a = 0; a + k + 2 <= Y; a++) {
            double c = C(a, k);
            if (!(c > 0.0))
                continue; /* no ratio to weigh */
            double r = C(a, k + 1) / c - out->f[k];
            q += c * r * r;
            m++;
        }
        /* The divisor m - 1: f_k was fitted from the same pairs. */
        estimated[k] = m >= 2;
        out->sigma2[k] = m >= 2 ? q / (double)(m - 1) : 0.0;
    }
    /* In increasing k, so an extrapolated value can feed the next one. */
    for (unsigned k = 0; k + 1 < Y; k++)
        if (!estimated[k])
            out->sigma2[k] = k >= 2 ? mack_extrapolate(out->sigma2[k - 1], out->sigma2[k - 2])
                                    : 0.0;

    /* Ultimates and the accident years' mean squared errors.  g[a] holds
     * sum_k sigma2_k / f_k^2 / S_k over accident year a's future factors,
     * the parameter-error part that years share (total's cross terms). */
    double g[ML_YEARS_MAX], mse_total = 0.0;
    for (unsigned a = 0; a < Y; a++) {
        unsigned k0 = Y - 1 - a; /* the latest column of accident year a */
        double c = C(a, k0), proc_par = 0.0, shared = 0.0;
        out->latest[a] = c;
        for (unsigned k = k0; k + 1 < Y; k++) {
            double f = out->f[k];
            /* Chat = 0 or f = 0 makes the ultimate, and so the term, 0. */
            if (c != 0.0 && f != 0.0) {
                double w = out->sigma2[k] / (f * f);
                double inv_s = S[k] != 0.0 ? 1.0 / S[k] : 0.0;
                proc_par += w * (1.0 / c + inv_s);
                shared += w * inv_s;
            }
            c *= f;
        }
        out->ult[a] = c;
        out->reserve[a] = c - out->latest[a];
        double mse = c * c * proc_par;
        out->se[a] = sqrt(mse);
        g[a] = shared;
        mse_total += mse;
        out->total_reserve += out->reserve[a];
    }
    /* Cross terms: the estimated factors are common to the accident years,
     * so their errors add up rather than partly cancel (Mack's Corollary):
     * 2 sum_a ult_a (sum_{b > a} ult_b) g_a, accident year a (the older)
     * sharing only its own future factors with every younger one. */
    double younger = 0.0;
    for (unsigned a = Y; a-- > 0;) {
        mse_total += 2.0 * out->ult[a] * younger * g[a];
        younger += out->ult[a];
    }
    out->total_se = sqrt(mse_total);
#undef C
    return ML_OK;
}

int ml_reserve_check_ledgers(const double *ledger, size_t n, size_t stride, unsigned years,
                             unsigned dev_years, int row, ml_reserve_check *out)
{
    return ml_reserve_check_ledgers_dist(NULL, ledger, n, stride, years, dev_years, row, out);
}

/* mean of x[0 .. n) (this process's x[lo .. hi) where dist is given). */
static double mean_of(const ml_dist *dist, const double *x, size_t n)
{
    double t;
    return dist ? ml_dist_mean_total(dist, x, n, &t) : ml_mean(x, n);
}

int ml_reserve_check_ledgers_dist(const ml_dist *dist, const double *ledger, size_t n,
                                  size_t stride, unsigned years, unsigned dev_years, int row,
                                  ml_reserve_check *out)
{
    if (!ledger || !out || n == 0 || years < 2 || years > ML_YEARS_MAX ||
        dev_years < years || dev_years > ML_DEV_YEARS_MAX || row < 0 || row >= ML_DV_ROWS ||
        stride < ml_dev_stride(years, dev_years))
        return ML_EINVAL;
    const unsigned Y = years, D = dev_years;
    const size_t tri = (size_t)Y * Y, per = 6;
    if (n > (SIZE_MAX / sizeof(double) - tri) / per)
        return ML_ENOMEM;
    /* One block: the cumulative triangle, then six series over replicates. */
    double *buf = malloc((tri + per * n) * sizeof *buf);
    if (!buf)
        return ML_ENOMEM;
    double *cum = buf, *est = cum + tri, *truth = est + n, *err = truth + n, *se = err + n,
           *rel = se + n, *work = rel + n;

    int rc = ML_OK;
    size_t n_rel = 0, covered = 0, lo = dist ? dist->lo : 0, hi = dist ? dist->hi : n;
    for (size_t r = lo; r < hi; r++) {
        const double *l = ledger + r * stride;
        double t = 0.0;
        for (unsigned a = 0; a < Y; a++) {
            /* Observed through column Y-1-a; cumulated there only, the fit
             * reads nothing below the diagonal. */
            double c = 0.0;
            for (unsigned d = 0; d + a <= Y - 1; d++) {
                c += l[ml_dev_at(Y, D, row, a, d)];
                cum[(size_t)a * Y + d] = c;
            }
            for (unsigned d = Y - a; d < D; d++)
                t += l[ml_dev_at(Y, D, row, a, d)];
        }
        ml_chain_ladder cl;
        if (!isfinite(t) || ml_chain_ladder_fit(cum, Y, Y, &cl) != ML_OK) {
            rc = ML_EINVAL;
            break;
        }
        est[r] = cl.total_reserve;
        truth[r] = t;
        err[r] = est[r] - t;
        se[r] = cl.total_se;
        if (fabs(err[r]) <= ML_CI_Z * se[r])
            covered++;
        if (t > 0.0)
            rel[n_rel++] = err[r] / t;
    }
    /* Every process learns whether any replicate failed, and the counts. */
    if (ml_dist_count(dist, rc != ML_OK) > 0) {
        free(buf);
        return ML_EINVAL;
    }
    size_t rel_here = n_rel;
    n_rel = (size_t)ml_dist_count(dist, n_rel);
    covered = (size_t)ml_dist_count(dist, covered);

    memset(out, 0, sizeof *out);
    out->n = n;
    out->n_rel = n_rel;
    out->mean_truth = mean_of(dist, truth, n);
    out->mean_estimate = mean_of(dist, est, n);
    out->mean_error = mean_of(dist, err, n);
    out->sd_error = dist ? ml_dist_sd(dist, err, n, out->mean_error)
                         : ml_sd(err, n, out->mean_error);
    out->se_error = out->sd_error / sqrt((double)n);
    for (size_t r = lo; r < hi; r++)
        work[r] = err[r] * err[r];
    out->rmse = sqrt(mean_of(dist, work, n));
    out->mean_mack_se = mean_of(dist, se, n);
    out->coverage95 = (double)covered / (double)n;
    if (n_rel > 0) {
        /* rel holds this process's relative errors in replicate order: the
         * processes' pieces follow one another (dist.h, the _local forms). */
        ml_order_need w;
        ml_order_need_init(&w, n_rel);
        static const unsigned q[3] = {50, 500, 950};
        for (int k = 0; k < 3; k++)
            ml_order_need_at(&w, ml_quantile_rank(n_rel, q[k], 1000) - 1);
        double *vbuf = NULL, t;
        const double *sorted;
        if (dist) {
            ml_dist_moments_local(dist, rel, rel_here, n_rel, &out->mean_rel_error, &t, NULL);
            sorted = ml_dist_view_local(dist, rel, rel_here, n_rel, &w, &vbuf);
        } else {
            out->mean_rel_error = ml_mean(rel, n_rel);
            ml_sort_copy(rel, n_rel, work);
            sorted = work;
        }
        if (!sorted) {
            free(buf);
            return ML_ENOMEM;
        }
        out->rel_q05 = ml_var_sorted(sorted, n_rel, 50, 1000);
        out->rel_q50 = ml_var_sorted(sorted, n_rel, 500, 1000);
        out->rel_q95 = ml_var_sorted(sorted, n_rel, 950, 1000);
        free(vbuf);
    } else {
        out->mean_rel_error = out->rel_q05 = out->rel_q50 = out->rel_q95 = NAN;
    }
    free(buf);
    return ML_OK;
}
