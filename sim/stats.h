/*
 * stats.h — summaries of per-replicate samples: mean, standard deviation,
 * standard error of the mean, VaR and TVaR, exceedance probabilities.
 *
 * Definitions (DESIGN section 5): varP is the order statistic of rank
 * ceil(P n); tvarP = varP + E[(X - varP)+] / (1 - P).  Levels are exact
 * fractions (per mille), so the rank is computed in integers and never
 * suffers from 0.9 * n rounding up.
 */
#ifndef ML_STATS_H
#define ML_STATS_H

#include <stddef.h>

#define ML_N_LEVELS 5
extern const unsigned ml_level_permille[ML_N_LEVELS]; /* 900 950 990 995 999 */

#define ML_N_RETURN_PERIODS 10
extern const unsigned ml_return_periods[ML_N_RETURN_PERIODS];

typedef struct {
    double mean, sd, se;
    double var[ML_N_LEVELS], tvar[ML_N_LEVELS];
} ml_summary;

/* Rank (1-based) of the P-quantile with P = num/den among n samples. */
size_t ml_quantile_rank(size_t n, unsigned long num, unsigned long den);
/* varP and tvarP of ascending samples, P = num/den. */
double ml_var_sorted(const double *sorted, size_t n, unsigned long num, unsigned long den);
double ml_tvar_sorted(const double *sorted, size_t n, unsigned long num, unsigned long den);
/* Summary of x[n]; scratch must hold n doubles (it receives the sorted copy). */
void ml_summary_compute(const double *x, size_t n, double *scratch, ml_summary *out);
/* Ascending copy of x into out. */
void ml_sort_copy(const double *x, size_t n, double *out);

#endif
