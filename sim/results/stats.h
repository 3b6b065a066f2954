/*
 * stats.h — summaries of per-replicate samples: mean, standard deviation,
 * standard error of the mean, VaR and TVaR with their Monte Carlo error,
 * exceedance curves.
 *
 * Definitions (DESIGN section 5): varP is the order statistic of rank
 * ceil(P n); tvarP = varP + E[(X - varP)+] / (1 - P).  Levels are exact
 * fractions (per mille), so the rank is computed in integers and never
 * suffers from 0.9 * n rounding up.
 *
 * Monte Carlo error (README, "Output format"):
 *  - mean: se = sd / sqrt(n);
 *  - varP: a distribution-free 95% confidence interval [X_(l), X_(u)] whose
 *    ranks come from the Binomial(n, P) distribution (stats_ci.c); it is
 *    conservative for any F, atoms included.  var_se = (X_(u) - X_(l)) /
 *    (2 z_0.975), the normal-equivalent half width, is what --target-se uses;
 *  - tvarP: the asymptotic (influence-function) standard error
 *    sd((X - varP)+) / ((1 - P) sqrt(n)).
 * All of them are deterministic functions of the samples.
 */
#ifndef ML_STATS_H
#define ML_STATS_H

#include <stddef.h>

#define ML_N_LEVELS 5
extern const unsigned ml_level_permille[ML_N_LEVELS]; /* 900 950 990 995 999 */
extern const char *const ml_level_tag[ML_N_LEVELS];   /* "90" ... "999" */

#define ML_N_RETURN_PERIODS 10
extern const unsigned ml_return_periods[ML_N_RETURN_PERIODS];

/* Confidence level of every interval medliab reports, and its z value. */
#define ML_CI_LEVEL 0.95
#define ML_CI_Z 1.959963984540054

typedef struct {
    double mean, sd, se;
    double var[ML_N_LEVELS], tvar[ML_N_LEVELS];
    double var_lo[ML_N_LEVELS], var_hi[ML_N_LEVELS]; /* 95% CI; may be -inf/+inf */
    double var_se[ML_N_LEVELS], tvar_se[ML_N_LEVELS];
} ml_summary;

/* One row of an exceedance table: the quantile at P = 1 - 1/T of the annual
 * total (aep) and of the largest single claim (oep), with 95% CIs. */
typedef struct {
    double return_period, aep, oep, aep_lo, aep_hi, oep_lo, oep_hi;
} ml_ep_row;

/* Rank (1-based) of the P-quantile with P = num/den among n samples. */
size_t ml_quantile_rank(size_t n, unsigned long num, unsigned long den);
/* varP and tvarP of ascending samples, P = num/den. */
double ml_var_sorted(const double *sorted, size_t n, unsigned long num, unsigned long den);
double ml_tvar_sorted(const double *sorted, size_t n, unsigned long num, unsigned long den);
/* Mean of x[n], summed with Neumaier's compensation in index order. */
double ml_mean(const double *x, size_t n);
/* Sample standard deviation of x[n] about its mean (divisor n - 1, 0 when
 * n < 2), squared deviations summed with compensation in index order. */
double ml_sd(const double *x, size_t n, double mean);
/* Summary of x[n]; scratch must hold n doubles (it receives the sorted copy). */
void ml_summary_compute(const double *x, size_t n, double *scratch, ml_summary *out);
/* Exceedance table at ml_return_periods; scratch holds n doubles. */
void ml_ep_compute(const double *annual, const double *annual_max, size_t n,
                   double *scratch, ml_ep_row out[ML_N_RETURN_PERIODS]);
/* The same from the annual samples already sorted (sorted, as
 * ml_summary_compute leaves them in its scratch); scratch (n doubles) may
 * be sorted itself: the aep rows are read before annual_max is sorted
 * into it. */
void ml_ep_compute_sorted(const double *sorted, const double *annual_max, size_t n,
                          double *scratch, ml_ep_row out[ML_N_RETURN_PERIODS]);
/* Ascending copy of x into out. */
void ml_sort_copy(const double *x, size_t n, double *out);
/* a sorted in place, the same order as ml_sort_copy gives. */
void ml_sort_inplace(double *a, size_t n);

/* --- the ranks a summary reads, computed once for n (issue 16) --- */

/* The rank of varP (k = ceil(P n), 1-based) and of its interval's ends
 * (ml_quantile_ci_ranks: lo in [0, n], hi in [1, n + 1]). */
typedef struct {
    size_t k, lo, hi;
} ml_q_ranks;

/* The ranks at every level (ml_level_permille) and return period. */
typedef struct {
    size_t n;
    ml_q_ranks level[ML_N_LEVELS], rp[ML_N_RETURN_PERIODS];
} ml_rank_table;

void ml_q_ranks_of(size_t n, unsigned long num, unsigned long den, ml_q_ranks *r);
void ml_rank_table_init(ml_rank_table *t, size_t n);
/* The positions of the ascending order that the summary's quantiles
 * (ml_summary_quantiles) and an exceedance column (ml_ep_column) read,
 * added to w (order_view.h). */
struct ml_order_need;
void ml_summary_need(const ml_rank_table *t, struct ml_order_need *w);
void ml_ep_need(const ml_rank_table *t, struct ml_order_need *w);
/* The quantile columns of a summary (var, tvar, their intervals and
 * errors) from `sorted`, the ascending order of its n samples at every
 * position ml_summary_need names. */
void ml_summary_quantiles(const double *sorted, size_t n, const ml_rank_table *t,
                          ml_summary *out);
/* mean, sd and se of a summary; zero: every x[i] is known to be +-0.0
 * (then all three are 0 without a pass, what the passes give). */
void ml_summary_moments(const double *x, size_t n, int zero, ml_summary *out);
/* The same from the mean and sd of the n samples already made (as
 * ml_mean and ml_sd make them). */
void ml_summary_set_moments(ml_summary *out, size_t n, double mean, double sd);
/* One exceedance column, aep (oep = 0) or oep (oep = 1), of rows, from
 * the ascending order at every position ml_ep_need names. */
void ml_ep_column(const double *sorted, size_t n, const ml_rank_table *t, int oep,
                  ml_ep_row rows[ML_N_RETURN_PERIODS]);
/* Whether every x[i] is +0.0, bit for bit (n = 0: yes). */
int ml_all_zero_bits(const double *x, size_t n);
/* The mean of x as ml_mean, and *total the plain sum of x in index order
 * (0.0 + x[0] + x[1] + ...), from the same pass. */
double ml_mean_total(const double *x, size_t n, double *total);

/* --- stats_ci.c: Monte Carlo error of quantiles and expected shortfall --- */

/* Ranks of the distribution-free confidence interval, level conf, for the
 * P-quantile: *lo in [0, n], *hi in [1, n + 1].  A rank of 0 or n + 1
 * means the bound is unbounded (n is too small to exclude the tail). */
void ml_quantile_ci_ranks(size_t n, unsigned long num, unsigned long den, double conf,
                          size_t *lo, size_t *hi);
/* The 95% interval's end points from ascending samples (-inf/+inf where
 * unbounded). */
void ml_var_ci_sorted(const double *sorted, size_t n, unsigned long num,
                      unsigned long den, double *lo, double *hi);
/* The same from the interval's ranks r (ml_q_ranks_of). */
void ml_var_ci_at(const double *sorted, size_t n, const ml_q_ranks *r, double *lo,
                  double *hi);
/* Normal-equivalent standard error of a quantile from its 95% interval. */
double ml_var_se_from_ci(double lo, double hi);
/* Asymptotic standard error of tvarP from ascending samples. */
double ml_tvar_se_sorted(const double *sorted, size_t n, unsigned long num,
                         unsigned long den);

#endif
