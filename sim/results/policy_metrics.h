/*
 * policy_metrics.h — the figures a policy researcher compares across
 * regimes, computed from a run's per-replicate results: share of negligent
 * injuries compensated, overhead, patients' net compensation, time to
 * resolution, litigation, who bears the cost (insurers, hospitals, no-fault
 * funds, patients), and the share of claims each channel resolves.
 *
 * Ratios are ratios of totals over all replicates (not means of yearly
 * ratios, which a year with no claims would make undefined); totals are
 * summed in replicate order, so the figures are identical for any thread
 * count.  The 90th percentile of time to resolution comes from one-month
 * bins, interpolated linearly inside the bin.
 *
 * Each metric carries its Monte Carlo standard error, mc_se: the delta
 * method's for a ratio of totals (metric_defs.h), an asymptotic quantile
 * error for p90_months (policy_metrics.c says what it ignores); +inf where
 * the run gives no spread to estimate it from (one replicate).
 *
 * Undefined ratios (a zero denominator over the whole run, e.g. the mean
 * payment when nothing was paid) are never written as NaN: a policy metric
 * is NaN here and left out of the file's policy table (its name goes to the
 * table's `undefined` attribute); a stage ratio is 0 and its row carries
 * the zero denominator (visits, closed or paid per year).
 */
#ifndef ML_POLICY_METRICS_H
#define ML_POLICY_METRICS_H

#include "measures.h"
#include "scenario.h"

#define ML_METRICS_MAX 48 /* room for the metrics every regime may add */

typedef struct {
    char name[48];
    double value;
    char unit[40];
    double mc_se; /* Monte Carlo standard error of value; NaN when value is */
} ml_metric;

typedef struct {
    char stage[32], kind[16];
    double visits_per_year; /* claims passing through the stage, per year */
    double closed_per_year; /* claims closed at it, per year */
    double paid_per_year;   /* of those, closed with a payment, per year */
    double closed_share;  /* of all claims, closed at this stage */
    double visit_share;   /* of all claims, passed through it */
    double paid_share;    /* of those closed here, with a payment */
    double mean_payment;  /* per paid claim closed here, currency */
    double mean_months;   /* time spent here per visit */
    double entered_per_year; /* claims that started here (pathway entry), per year */
    double entry_share;      /* of all claims, started here */
} ml_stage_metric;

/* Fills out (at most ML_METRICS_MAX) and returns how many; value is NaN
 * where the metric is undefined. */
size_t ml_policy_metrics(const ml_scenario *s, const ml_results *res, ml_metric *out);
/* The same from totals[m], the plain sum of res->annual[m] in replicate
 * order (ml_mean_total; NULL: summed here), the metrics computed on
 * `threads` threads (tasks.h): the same numbers, bit for bit. */
size_t ml_policy_metrics_totals(const ml_scenario *s, const ml_results *res,
                                const double *totals, int threads, ml_metric *out);
/* The same where the replicates are split over processes (dist.h; NULL:
 * one process holds them all): collective, totals given. */
struct ml_dist;
size_t ml_policy_metrics_dist(const ml_scenario *s, const ml_results *res,
                              const double *totals, int threads, const struct ml_dist *dist,
                              ml_metric *out);
/* The same knowing which measures are +0.0 in every replicate (blank[m];
 * NULL: none known) and which are copies of others (copy_of, as in
 * ml_scenario_results; NULL: none known): where one process holds every
 * replicate, a metric whose pass over the replicates is another's, or
 * sums to +0.0 by construction, makes none (metric_defs.h,
 * ml_metric_pass); the same numbers, bit for bit. */
size_t ml_policy_metrics_copies(const ml_scenario *s, const ml_results *res,
                                const double *totals, int threads, const struct ml_dist *dist,
                                const unsigned char *blank, const unsigned char *copy_of,
                                ml_metric *out);
/* The portfolio's exposure (summed over hospitals and specialties): the
 * denominator, per replicate, of the figures per exposure unit. */
double ml_policy_exposure(const ml_scenario *s);
/* One row per pathway stage (0 rows for a textbook regime). */
size_t ml_stage_metrics(const ml_scenario *s, const ml_results *res,
                        ml_stage_metric *out);
/* The same where the replicates are split over processes (dist.h; NULL:
 * one process holds them all): collective. */
size_t ml_stage_metrics_dist(const ml_scenario *s, const ml_results *res,
                             const struct ml_dist *dist, ml_stage_metric *out);

#endif
