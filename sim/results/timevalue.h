/*
 * timevalue.h — time value of a policy year's claims, read from the
 * per-replicate development ledgers (models/timeline.h): the payment
 * pattern, the Solvency II risk margin by the cost-of-capital method, and
 * the expected cost of cover on each basis (occurrence, claims-made in its
 * first five years and mature, the tail), with per-replicate samples that
 * premium principles can be applied to.  Pure: the same ledgers give the
 * same numbers bit for bit (sums run in replicate order, compensated).
 *
 * Ledgers: n replicates, replicate r at ledger + r * stride, stride at
 * least ml_dev_stride(years, dev_years).  The run's policy year is
 * accident year 0; only accident year 0 is read here.
 *
 * Claims-made and tail prices assume a steady portfolio: every earlier
 * accident year had the same exposure, regime and claim process as the
 * policy year, its amounts lower only by the severity trend (an accident
 * year d years older pays each claim d years earlier, so (1 + trend)^-d of
 * accident year 0's amount at the same development lag), and the yield
 * curve is the same at every valuation date.  A claim of accident year -d
 * reported in calendar year 0 is then, in expectation, accident year 0's
 * development year d deflated by (1 + trend)^-d; its PV_REPORTED value is
 * already discounted to the start of its report year, which is calendar
 * year 0 for both.
 */
#ifndef ML_TIMEVALUE_H
#define ML_TIMEVALUE_H

#include "status.h"
#include "timeline.h"

#include <stddef.h>

/* --- the payment pattern --- */

/* Payment pattern of ledger row `row` (an ml_dev_row) over accident year 0:
 * mean_incr[d] = the mean over the n replicates of the incremental value of
 * development year d (d < dev_years), share[d] = mean_incr[d] / sum of them
 * (all 0 when the sum is 0).  Either output may be NULL.  ML_OK, or
 * ML_EINVAL on n = 0, years = 0, dev_years outside [1, ML_DEV_YEARS_MAX],
 * a row outside the triangles or a stride below ml_dev_stride. */
int ml_dev_pattern(const double *ledger, size_t n, size_t stride, unsigned years,
                   unsigned dev_years, int row, double *mean_incr, double *share);
/* cum[d] = share[0] + ... + share[d], d < dev_years (cum may be share). */
void ml_dev_cum_share(const double *share, unsigned dev_years, double *cum);

/* --- the risk margin --- */

/*
 * Solvency II risk margin by the cost-of-capital method (Directive
 * 2009/138/EC Art. 77(5); Delegated Regulation (EU) 2015/35 Art. 37:
 * RM = CoC sum_{t>=0} SCR(t) / (1 + r(t+1))^(t+1); Art. 39 sets CoC at 6%,
 * passed here as coc) with the proportional simplification of the EIOPA
 * Guidelines on valuation of technical provisions (EIOPA-BoS-14/166,
 * hierarchy of methods for the risk margin, level 3: "approximate the
 * whole SCR for each future year" in proportion to the run-off of the
 * obligations; first set out in CEIOPS-DOC-72/10, para 3.276):
 *
 *   SCR_0 = VaR99.5(pv) - mean(pv), floored at 0 (a capital requirement is
 *           not negative), VaR the order statistic of rank ceil(0.995 n)
 *           (Art. 101(3) of the Directive: one-year 99.5%);
 *   O_t   = sum_{d>=t} mean_paid[d], the expected payments still to come at
 *           the start of development year t;
 *   SCR_t = SCR_0 O_t / O_0;
 *   RM    = coc sum_{t=0}^{D-1} SCR_t v(t+1), v = ml_curve_discount(curve).
 *
 * Simplifications, stated: the whole capital requirement is taken as the
 * reserve risk of this policy year's claims (no market, counterparty or
 * operational risk); it runs off with the undiscounted expected payments
 * where the guideline's proxy is the best estimate (the discounted
 * amount), which differs little for short patterns or low rates; SCR_0 is
 * the ultimate 99.5% deviation of the claims' present value, not a one-year
 * view of it, so it is prudent for long-tailed business.  When O_0 = 0 only
 * SCR_0 is held, for one year.
 *
 * pv[n]: per-replicate present values; mean_paid[dev_years]: the mean paid
 * pattern of accident year 0 (ml_dev_pattern of ML_DV_PAID); curve may be
 * NULL (no discounting); scratch holds n doubles.  rm and scr0 (either may
 * be NULL) receive the margin and SCR_0.  ML_OK or ML_EINVAL.
 */
int ml_risk_margin(const double *pv, size_t n, const double *mean_paid, unsigned dev_years,
                   double coc, const ml_curve *curve, double *scratch, double *rm,
                   double *scr0);

/* --- cost by basis --- */

#define ML_CM_YEARS 5 /* claims-made years priced before maturity */

/* The bases priced.  claims_made_k is the k-th year since the retroactive
 * date; tail is the extended reporting period after five claims-made
 * years (tail_k for every k is in ml_basis_prices). */
enum ml_basis {
    ML_BASIS_OCCURRENCE,
    ML_BASIS_CM_1, /* ML_BASIS_CM_1 + k - 1: claims_made_k, k = 1 .. ML_CM_YEARS */
    ML_BASIS_CM_MATURE = ML_BASIS_CM_1 + ML_CM_YEARS,
    ML_BASIS_TAIL,
    ML_BASIS_N
};
/* "occurrence", "claims_made_1" .. "claims_made_5", "claims_made_mature", "tail". */
extern const char *const ml_basis_name[ML_BASIS_N];

/*
 * The weight of accident year 0's PV_REPORTED[d] in each claims-made and
 * tail price (g = trend, v = the curve's discount factor, D = dev_years):
 *
 *   claims_made_k: the policy year is the k-th since the retroactive date,
 *     so it covers the claims of accident years -(k-1) .. 0 reported in it,
 *     i.e. accident year -d's development year d for d < k:
 *       cm[k][d] = (1 + g)^-d for d < min(k, D), else 0.
 *   mature: every lag, mature[d] = (1 + g)^-d for d < D (k >= D is mature).
 *   tail_k: bought at the end of the k-th claims-made year (= the policy
 *     year), it pays the claims of the k accident years covered, -j for
 *     j = 0 .. k-1, reported after the policy ends, i.e. in calendar year 1
 *     or later: accident year -j's development years d > j.  Their value
 *     discounted to the start of report year d - j is PV_REPORTED[0][d]
 *     (1 + g)^-j; the start of that year is d - j - 1 years after the end
 *     of the policy year, where the tail is priced, so
 *       tail[k][d] = sum_{j=0}^{min(k, d)-1} (1 + g)^-j v(d - j - 1).
 *     Chaining v(d - j - 1) with the discounting inside PV_REPORTED is
 *     exact for a flat curve; for a sloping one it applies the same curve
 *     from each report year's start (the steady-state curve above).
 *
 * Check (g = 0, a zero rate, p_d = E[PV_REPORTED[0][d]], occurrence
 * = sum_d p_d): a buyer who holds claims-made cover for K years from the
 * retroactive date and then the tail pays, over the K years,
 *   sum_{k=1}^{K} sum_{d<k} p_d + sum_{j<K} sum_{d>j} p_d
 *   = sum_{j<K} (sum_{d<=j} p_d + sum_{d>j} p_d) = K occurrence,
 * the cost of K occurrence policies: each accident year's claims are
 * covered once.  With trend and interest the sum differs by the timing of
 * the payments, as it should.  The tail is a price at the end of the
 * policy year and the claims-made prices at its start; the tail multiple
 * is their plain ratio.
 */
typedef struct {
    unsigned dev_years;
    double cm[ML_CM_YEARS][ML_DEV_YEARS_MAX];
    double mature[ML_DEV_YEARS_MAX];
    double tail[ML_CM_YEARS][ML_DEV_YEARS_MAX];
} ml_basis_weights;
/* ML_OK, or ML_EINVAL for dev_years outside [1, ML_DEV_YEARS_MAX] or
 * trend <= -1.  curve may be NULL (no discounting). */
int ml_basis_weights_init(ml_basis_weights *w, unsigned dev_years, double trend,
                          const ml_curve *curve);

/* Expected cost of the policy year on each basis, in money of the policy
 * year (its start; the tail at its end), with the Monte Carlo standard
 * error of each mean (sd of the per-replicate samples / sqrt(n), 0 when
 * n < 2).  mean[b] is exactly ml_mean of ml_basis_samples' column b. */
typedef struct {
    size_t n;
    unsigned dev_years;
    double trend;
    double mean[ML_BASIS_N], se[ML_BASIS_N];
    double tail[ML_CM_YEARS], tail_se[ML_CM_YEARS]; /* tail_k at k - 1; tail[4] = mean[TAIL] */
    double step[ML_CM_YEARS];           /* claims_made_k / claims_made_mature */
    double tail_multiple[ML_CM_YEARS];  /* tail_k / claims_made_mature */
} ml_basis_prices;

/* Fills out from n ledgers.  Ratios are 0 when the mature price is 0.
 * ML_OK or ML_EINVAL (as ml_dev_pattern, or trend <= -1). */
int ml_basis_prices_compute(const double *ledger, size_t n, size_t stride, unsigned years,
                            unsigned dev_years, double trend, const ml_curve *curve,
                            ml_basis_prices *out);

/*
 * Per-replicate samples of each basis: out[b][r] for every b whose out[b]
 * is not NULL (n doubles each).  occurrence is replicate r's PV_OCC of
 * accident year 0; the others are sum_d w_b[d] PV_REPORTED[0][d] of the
 * same replicate.  These are exact in mean.  Their spread is not that of a
 * calendar year of several accident years, which is not modelled: here one
 * replicate's accident year 0 stands in for all the accident years
 * reporting in the policy year, so whatever an accident year's claims
 * share (its year effect, the mixing of its claim count, an aggregate
 * limit) is shared across the lags, where a real calendar year would draw
 * it once per accident year (too wide a spread when such effects are drawn
 * yearly), and dependence that persists from year to year is not seen
 * either.  Premium principles applied to them carry that caveat.
 */
int ml_basis_samples(const double *ledger, size_t n, size_t stride, unsigned years,
                     unsigned dev_years, double trend, const ml_curve *curve,
                     double *const out[ML_BASIS_N]);

/* The same where the replicates are split over processes (results/dist.h;
 * NULL: one process holds them all): collective, the same numbers on
 * every process; the ledger and pv hold this process's replicates at
 * their places.  ml_basis_samples_range fills replicates [lo, hi) only. */
struct ml_dist;
int ml_dev_pattern_dist(const struct ml_dist *dist, const double *ledger, size_t n,
                        size_t stride, unsigned years, unsigned dev_years, int row,
                        double *mean_incr, double *share);
int ml_risk_margin_dist(const struct ml_dist *dist, const double *pv, size_t n,
                        const double *mean_paid, unsigned dev_years, double coc,
                        const ml_curve *curve, double *scratch, double *rm, double *scr0);
int ml_basis_prices_compute_dist(const struct ml_dist *dist, const double *ledger, size_t n,
                                 size_t stride, unsigned years, unsigned dev_years,
                                 double trend, const ml_curve *curve, ml_basis_prices *out);
int ml_basis_samples_range(const double *ledger, size_t n, size_t lo, size_t hi, size_t stride,
                           unsigned years, unsigned dev_years, double trend,
                           const ml_curve *curve, double *const out[ML_BASIS_N]);

#endif
