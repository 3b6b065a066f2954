/*
 * scenario_results.h — everything a scenario's results file and `medliab
 * run`'s printed summary show, computed once from the per-replicate arrays
 * (ml_results) by ml_scenario_results_fill: the summary row of every
 * measure with its Monte Carlo errors, the exceedance table of every amount
 * measure, the policy and stage tables, and the pricing tables with the
 * annual series behind them.
 *
 * The writer (sim/h5) only lays these numbers out in the file and the
 * command line (sim/cli) only prints them, so the two can never disagree
 * and nothing is computed twice.  The per-replicate samples themselves
 * stay in ml_results, which the writer stores as they are.
 */
#ifndef ML_SCENARIO_RESULTS_H
#define ML_SCENARIO_RESULTS_H

#include "development.h"
#include "measures.h"
#include "policy_metrics.h"
#include "pricing.h"
#include "scenario.h"
#include "stats.h"
#include "status.h"

#include <stddef.h>

typedef struct {
    /* Labels, copied from the scenario, for whoever shows the tables. */
    char name[ML_NAME_MAX];
    char portfolio[ML_NAME_MAX];
    char regime[ML_NAME_MAX];
    char currency[8];
    char exposure_unit[ML_NAME_MAX];
    size_t n; /* replicates */

    /* The summary table: one row per measure, in ml_measure_name order. */
    ml_summary summary[ML_N_MEASURES];
    /* Exceedance tables, for the measures with annual_max samples (the
     * amounts); aal is the mean annual loss, stored with the curve. */
    int has_ep[ML_N_MEASURES];
    /* Which per-replicate arrays hold +0.0 alone, bit for bit ([m][0]
     * annual[m], [m][1] annual_max[m]): a measure that is 0 every year,
     * which the writer stores as zeros without reading it again. */
    unsigned char blank[ML_N_MEASURES][2];
    /* copy_of[m] = k + 1: measure m's samples (annual and annual_max) are
     * measure k's bit for bit, k < m, and so are its figures; the writer
     * stores them once, m a hard link to k.  0: not known to be a copy
     * (always 0 where the replicates are split over processes). */
    unsigned char copy_of[ML_N_MEASURES];
    ml_ep_row ep[ML_N_MEASURES][ML_N_RETURN_PERIODS];
    double aal[ML_N_MEASURES];

    /* The policy table holds the defined metrics only, in order; the names
     * of the undefined ones (a ratio over nothing), comma-separated, go to
     * policy_undefined, never a NaN into a table a reader sums over. */
    size_t n_policy;
    ml_metric policy[ML_METRICS_MAX];
    char policy_undefined[ML_METRICS_MAX * sizeof(((ml_metric *)0)->name)];

    /* Lifecycle regimes: one row per pathway stage (0 rows otherwise). */
    int lifecycle;
    size_t n_stages;
    ml_stage_metric stages[ML_CHANNELS_MAX];

    /* Pure premiums, principles, layers, and the ceded and net series
     * (owned: freed by ml_scenario_results_free, the series alone by
     * ml_scenario_results_drop_series). */
    ml_pricing_result pricing;

    /* With timing (dev.on): triangles, valuation, owned. */
    ml_development dev;
} ml_scenario_results;

/* Fills out from the arrays of res, simulated under s, on `threads`
 * threads (0: OpenMP's default, all cores).  Pure: no I/O, and the same
 * arrays give the same numbers bit for bit, whatever the thread count.
 * ML_OK, or ML_ENOMEM (out then holds nothing to free). */
int ml_scenario_results_fill(const ml_scenario *s, const ml_results *res, int threads,
                             ml_scenario_results *out, ml_err *err);
/* The same where each process holds only its replicates [d->lo, d->hi)
 * of res's arrays (dist.h: MPI ranks that keep their own block): the same
 * numbers on every process, bit for bit, as ml_scenario_results_fill
 * gives from the whole arrays; the pricing series hold this process's
 * block.  Collective. */
struct ml_dist;
int ml_scenario_results_fill_dist(const ml_scenario *s, const ml_results *res,
                                  const struct ml_dist *d, ml_scenario_results *out,
                                  ml_err *err);
/* Only what the headline figures (headline.h) need, the same numbers as
 * ml_scenario_results_fill gives them: the summary row of `insured` and
 * the policy table; every other table is left empty (nothing to free).
 * What a parameter draw or a sensitivity run computes, many times. */
int ml_scenario_results_fill_headline(const ml_scenario *s, const ml_results *res,
                                      ml_scenario_results *out, ml_err *err);
void ml_scenario_results_free(ml_scenario_results *r);
/* Frees the per-replicate series of the pricing (ceded, net; NULL after)
 * and keeps every table: once the file holds the series, what is left to
 * show is tables, and a run of many long scenarios need not keep them all. */
void ml_scenario_results_drop_series(ml_scenario_results *r);

/* Moves the rows of m[n] with a finite value to the front, in order, zeroes
 * the rest and writes the others' names, comma-separated, into undefined
 * (cap bytes).  Returns how many rows are defined. */
size_t ml_policy_keep_defined(ml_metric *m, size_t n, char *undefined, size_t cap);

#endif
