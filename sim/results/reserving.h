/*
 * reserving.h — how well the chain-ladder method, applied at a valuation
 * date to the triangles a run's ledgers hold (models/timeline.h), estimates
 * the claims still to come, and how honest Mack's standard error of that
 * estimate is.  The simulation knows the truth (every replicate's later
 * payments), so the method's error can be measured rather than assumed.
 *
 * Chain ladder with Mack's (1993) standard error: T. Mack, "Distribution-free
 * calculation of the standard error of chain ladder reserve estimates",
 * ASTIN Bulletin 23(2), 213-225.  Notation, 0-based: C[a][d] cumulative,
 * Y accident years, the valuation at the end of accident year Y - 1, so
 * C[a][d] is observed where a + d <= Y - 1.
 *
 *   f_k      = sum_{a <= Y-2-k} C[a][k+1] / S_k,  S_k = sum_{a <= Y-2-k} C[a][k]
 *              (k = 0 .. Y-2; f_k = 1 when S_k = 0: nothing to develop from)
 *   sigma2_k = 1 / (m_k - 1) sum_a C[a][k] (C[a][k+1] / C[a][k] - f_k)^2
 *              over the m_k pairs with C[a][k] > 0 (a pair with C[a][k] = 0
 *              has no ratio; Mack's variance sigma2 C[a][k] says that its
 *              next value must be 0 too), estimated where m_k >= 2;
 *              a factor with m_k < 2 (always the last, k = Y-2) takes Mack's
 *              extrapolation min(s_{k-1}^4 / s_{k-2}^2, s_{k-2}^2, s_{k-1}^2)
 *              from the two factors before it, and 0 where there are fewer
 *              than two before it (Y <= 3 for the last factor: no data to
 *              say how variable it is; the se then understates).
 *   ult_a    = C[a][Y-1-a] prod_{k >= Y-1-a} f_k   (no tail beyond column Y-1)
 *   mse(R_a) = ult_a^2 sum_{k = Y-1-a}^{Y-2} sigma2_k / f_k^2 (1 / Chat[a][k] + 1 / S_k)
 *   mse(R)   = sum_a mse(R_a) + 2 sum_a ult_a (sum_{b > a} ult_b)
 *                              sum_{k = Y-1-a}^{Y-2} sigma2_k / f_k^2 / S_k
 * (Mack 1993, Theorem 3 and Corollary; Chat is the projected cumulative).
 * A term whose Chat[a][k] or f_k is 0 is 0 (the ultimate it scales is 0),
 * and 1 / S_k is left out where S_k = 0 (f_k = 1 was set, not estimated).
 */
#ifndef ML_RESERVING_H
#define ML_RESERVING_H

#include "status.h"
#include "timeline.h"

#include <stddef.h>

typedef struct {
    unsigned years;
    double f[ML_YEARS_MAX], sigma2[ML_YEARS_MAX]; /* [k], k = 0 .. years - 2 */
    double latest[ML_YEARS_MAX], ult[ML_YEARS_MAX], reserve[ML_YEARS_MAX], se[ML_YEARS_MAX];
    double total_reserve, total_se;
} ml_chain_ladder;

/* Chain ladder on a cumulative triangle cum[a * dev_years + d]; only the
 * cells with a + d <= years - 1 are read.  ML_EINVAL for years < 2,
 * years > ML_YEARS_MAX, dev_years < years, a NULL pointer or a non-finite
 * observed cell. */
int ml_chain_ladder_fit(const double *cum, unsigned years, unsigned dev_years,
                        ml_chain_ladder *out);

/* The method's error over replicates (see ml_reserve_check_ledgers).
 * Relative errors (est - truth) / truth are taken over the n_rel replicates
 * with truth > 0; their mean and quantiles are NaN when there are none.
 * Quantiles are order statistics of rank ceil(P n_rel), as var is
 * (DESIGN section 5, stats.h).  coverage95 is the share of replicates with
 * |est - truth| <= ML_CI_Z (1.95996) x Mack's se, ties included, so a
 * replicate with no error and se 0 counts as covered. */
typedef struct {
    size_t n, n_rel;
    double mean_truth, mean_estimate, mean_error, se_error, sd_error, rmse;
    double mean_rel_error, rel_q05, rel_q50, rel_q95;
    double mean_mack_se, coverage95;
} ml_reserve_check;

/* ledger: n replicates of stride doubles (replicate r at ledger + r *
 * stride), each a ledger of years x dev_years (models/timeline.h); row is
 * the triangle judged (ML_DV_PAID: outstanding payments; ML_DV_INCURRED:
 * incurred after the valuation, IBNR in that sense).  For each replicate:
 * the estimate is the chain-ladder total reserve on the row's cumulative
 * triangle over columns 0 .. years - 1; the truth is the row's incremental
 * values after the valuation, over all dev_years columns (so it includes the
 * development beyond column years - 1 the method cannot see).  Scratch is
 * allocated once per call.  ML_EINVAL for n = 0, a NULL pointer, years < 2,
 * years > ML_YEARS_MAX, dev_years < years, dev_years > ML_DEV_YEARS_MAX,
 * stride < ml_dev_stride(years, dev_years), row outside the triangles, or
 * a non-finite cell; ML_ENOMEM. */
int ml_reserve_check_ledgers(const double *ledger, size_t n, size_t stride, unsigned years,
                             unsigned dev_years, int row, ml_reserve_check *out);
/* The same where the replicates are split over processes (dist.h; NULL:
 * one process holds them all): collective. */
struct ml_dist;
int ml_reserve_check_ledgers_dist(const struct ml_dist *dist, const double *ledger, size_t n,
                                  size_t stride, unsigned years, unsigned dev_years, int row,
                                  ml_reserve_check *out);

#endif
