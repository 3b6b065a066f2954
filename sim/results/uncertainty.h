/*
 * uncertainty.h — what a run's parameter draws say about each headline
 * figure of a scenario (second-order Monte Carlo, issue 14).
 *
 * Every draw k of the K parameter sets is simulated with the run's seed
 * and replicates, so every draw sees the same incidents (common random
 * numbers): the spread of a figure over the draws is due to the parameters,
 * its Monte Carlo error (mc_se, from the run at the point values) is the
 * rest.  parameter_share = V / (V + mc_se^2), V the variance of the figure
 * over the draws (divisor K - 1): the share of the figure's variance that
 * is due to the parameters, the rest being process (Monte Carlo) variance.
 * p05, p50, p95 are order statistics over the draws in which the figure is
 * defined, of rank ceil(P K) as for VaR (stats.h).
 *
 * For each measure, the law of total variance over the draws' annual
 * samples (divisors K and R, so that the parts add up exactly):
 *   total = process + parameter,
 *   process = the mean over draws of the variance within a draw,
 *   parameter = the variance over draws of a draw's mean.
 */
#ifndef ML_UNCERTAINTY_H
#define ML_UNCERTAINTY_H

#include "figures.h"
#include "measures.h"
#include "params.h"
#include "status.h"

#include <stddef.h>

typedef struct {
    char figure[ML_FIGURE_NAME_MAX];
    double value, mc_se, p05, p50, p95, parameter_share;
    double defined; /* draws in which the figure was defined */
} ml_unc_row;

typedef struct {
    char measure[32];
    double process, parameter, total;
} ml_var_row;

typedef struct {
    size_t k, nf;      /* draws; headline figures (those of the point run) */
    ml_unc_row *rows;  /* [nf] */
    double *draws;     /* [k][nf]: figure f in draw k (NaN: undefined in that draw) */
    double *mean, *var; /* [k][ML_N_MEASURES]: each draw's mean and variance (divisor R) */
    ml_var_row variance[ML_N_MEASURES];
} ml_uncertainty;

/* Sets u up for k draws of the figures named in point (values at the
 * point values) with standard errors se (same names, same order). */
int ml_uncertainty_init(ml_uncertainty *u, size_t k, const ml_figures *point,
                        const ml_figures *se, ml_err *err);
/* Records draw d: its figures (looked up by name; a figure absent from
 * fig is undefined in this draw) and its measures' means and variances. */
void ml_uncertainty_put(ml_uncertainty *u, size_t d, const ml_figures *fig,
                        const double mean[ML_N_MEASURES], const double var[ML_N_MEASURES]);
/* Fills the rows' quantiles and shares and the variance table. */
void ml_uncertainty_summarise(ml_uncertainty *u);
void ml_uncertainty_free(ml_uncertainty *u);

#endif
