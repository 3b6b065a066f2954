/*
 * metric_defs.h — the policy metrics restated as data, so that a metric's
 * value, its Monte Carlo standard error and its per-replicate influence
 * function (for paired comparisons, sim/report/) come from one definition.
 *
 * Every policy metric but p90_months is a ratio of totals over replicates,
 * R = sum_r a_r / sum_r b_r, where a_r is a linear combination of the
 * per-replicate measures (annual[m][r]) and b_r is either another such
 * combination or a constant: 1 for a figure per year, the portfolio's
 * exposure for a figure per exposure unit and year.  Its standard error is
 * the delta method's (ratio estimator):
 *     se = sqrt(sum_r (a_r - R b_r)^2 / (n (n - 1))) / mean(b),
 * which for a constant b is sd(a) / (sqrt(n) b): a mean's.  Its influence
 * function psi_r = (a_r - R b_r) / mean(b) has mean 0 and sd(psi)/sqrt(n)
 * = se; two scenarios run with common random numbers have correlated
 * psi, and sd(psiA - psiB)/sqrt(n) is their difference's paired se.
 *
 * p90_months is a quantile of the pooled time to resolution (one-month
 * bins): ML_MK_P90_MONTHS, with its own error (policy_metrics.c).
 */
#ifndef ML_METRIC_DEFS_H
#define ML_METRIC_DEFS_H

#include "measures.h"

#include <stddef.h>

#define ML_METRIC_TERMS 4

typedef struct {
    int m;    /* enum ml_measure */
    double w; /* weight; 0 ends the list */
} ml_metric_term;

typedef enum {
    ML_MK_RATIO,     /* a ratio of totals */
    ML_MK_P90_MONTHS /* the 90th percentile of months from claim to closure */
} ml_metric_kind;

typedef enum {
    ML_DEN_MEASURES, /* b_r = the den terms */
    ML_DEN_YEAR,     /* b_r = 1: a figure per year */
    ML_DEN_EXPOSURE  /* b_r = the portfolio's exposure: per exposure unit and year */
} ml_den_kind;

typedef enum {
    ML_U_TEXT,        /* unit is the text as it stands */
    ML_U_PER_EXPOSURE,/* "per <exposure unit>" */
    ML_U_CUR_CLAIM,   /* "<currency> per paid claim" */
    ML_U_CUR_YEAR,    /* "<currency> per year" */
    ML_U_CUR_AWARD    /* "<currency> per fund award (nominal)" */
} ml_unit_kind;

typedef struct {
    const char *name;
    ml_metric_kind kind;
    int lifecycle; /* defined for lifecycle regimes only */
    ml_metric_term num[ML_METRIC_TERMS];
    ml_den_kind den_kind;
    ml_metric_term den[ML_METRIC_TERMS];
    ml_unit_kind unit_kind;
    const char *unit; /* for ML_U_TEXT */
} ml_metric_def;

/* Every policy metric, in the order of the policy table. */
extern const ml_metric_def ml_metric_defs[];
extern const size_t ml_n_metric_defs;

/* The definition called name, or NULL. */
const ml_metric_def *ml_metric_def_find(const char *name);

/* Whether every measure d reads is present (annual[m] != NULL): a file
 * written before a measure existed cannot give the metric's influence. */
int ml_metric_def_readable(const ml_metric_def *d, const double *const *annual);

/* a_r and b_r of a ratio metric at replicate r; den_const is b_r when the
 * denominator is a constant (1 per year, the exposure per exposure unit). */
double ml_metric_num(const ml_metric_def *d, const double *const *annual, size_t r);
double ml_metric_den(const ml_metric_def *d, const double *const *annual, size_t r,
                     double den_const);

/* The ratio estimate over n replicates and its delta-method standard error
 * (+inf with fewer than 2 replicates, which give no spread); *value is NaN
 * where sum b is not positive (undefined, as in the policy table). */
void ml_metric_ratio(const ml_metric_def *d, const double *const *annual, size_t n,
                     double den_const, double *value, double *se);
/* The same in two steps, for many metrics at a time.  totals[m], where
 * given, is the plain sum of annual[m] in replicate order (ml_mean_total;
 * NULL: summed here).  ml_metric_ratio_value sets *value, and *se where it
 * needs no pass over the replicates (NaN, +inf), and returns 1 where it
 * does; ml_metric_ratio_se_group makes that pass for k <= ML_METRIC_GROUP
 * such metrics d[j] (den_const[j], value[j]) at once, into se[j]: their
 * replicates summed side by side, four chains of additions at a time
 * instead of one, the same sums in the same order, so the same numbers
 * bit for bit. */
#define ML_METRIC_GROUP 4
int ml_metric_ratio_value(const ml_metric_def *d, const double *const *annual,
                          const double *totals, size_t n, double den_const, double *value,
                          double *se);
void ml_metric_ratio_se_group(const ml_metric_def *const *d, size_t k,
                              const double *const *annual, const double *totals, size_t n,
                              const double *den_const, const double *value, double *se);
/* The same where the replicates are split over processes (dist.h; NULL:
 * one process holds them all); totals must be given. */
struct ml_dist;
void ml_metric_ratio_se_group_dist(const struct ml_dist *dist, const ml_metric_def *const *d,
                                   size_t k, const double *const *annual,
                                   const double *totals, size_t n, const double *den_const,
                                   const double *value, double *se);

/* A ratio metric's pass over the replicates, reduced to what decides its
 * sum of squares: the terms of a_r and b_r with every measure known to be
 * +0.0 in every replicate left out (adding it changes no bit of the
 * combination, which starts at +0.0) and every copy of a measure
 * (scenario_results.h, copy_of) read as the measure it copies (the same
 * bits), R and b_r's constant.  Two metrics whose passes are the same make
 * the same sums, bit for bit; a pass whose every e_r = a_r - R b_r is
 * +0.0 (no terms and R = 0; a_r and b_r the same terms and R = 1; a_r = x
 * - x) sums to +0.0, so its standard error is +0.0.  Those zeros are
 * claimed only where every term's total is finite, so that no replicate
 * holds an infinity or a NaN. */
typedef struct {
    int nn, nd; /* terms of a_r, of b_r (-1: b_r = dc) */
    int mn[ML_METRIC_TERMS], md[ML_METRIC_TERMS];
    double wn[ML_METRIC_TERMS], wd[ML_METRIC_TERMS];
    double R, dc;
    int zero; /* every e_r is +0.0 */
} ml_metric_pass;

/* zero[m]: measure m is +0.0 throughout (the results' blank flags); copy_of[m]: as
 * in ml_scenario_results (NULL: none known); totals[m] the measures'
 * plain sums. */
void ml_metric_pass_of(const ml_metric_def *d, const unsigned char *zero,
                       const unsigned char *copy_of, const double *totals, double den_const,
                       double R, ml_metric_pass *p);
int ml_metric_pass_same(const ml_metric_pass *a, const ml_metric_pass *b);

/* psi[r] = (a_r - R b_r) / mean(b), for the estimate R (from
 * ml_metric_ratio, or as stored in a file).  All 0 when mean(b) is not
 * positive. */
void ml_metric_influence(const ml_metric_def *d, const double *const *annual, size_t n,
                         double den_const, double R, double *psi);

#endif
