/*
 * run_eval.h — the scenarios of a run as a function of their numbers: load
 * the run files with overrides, simulate every scenario at the run's seed
 * and replicate count (common random numbers: every evaluation sees the
 * same incidents), and hand back the headline figures, writing nothing.
 * What `--parameter-draws` (run_draws.c) and `medliab sensitivity` call
 * once per parameter set.
 */
#ifndef ML_RUN_EVAL_H
#define ML_RUN_EVAL_H

#include "figures.h"
#include "measures.h"
#include "params.h"
#include "run.h"

typedef struct ml_evaluator ml_evaluator;

/* Loads q's run files at their point values (and q's overrides), settles
 * seed and replicates as ml_run does, and lists every uncertain number of
 * every file in *params (one entry per key).  q->output is not used. */
int ml_eval_open(const ml_run_request *q, ml_evaluator **ev, ml_params *params, ml_err *err);
/* The headline figures (headline.h) of every scenario with the numbers of
 * ov[n] set on top of the request's own overrides: names
 * "SCENARIO/FIGURE", in scenario order, then headline order.  out is
 * emptied first. */
int ml_eval_at(ml_evaluator *ev, const ml_override *ov, size_t n, ml_figures *out,
               ml_err *err);
/* Scenario i's own uncertain numbers (those its files carry), in the order
 * its files read them: a subset of ml_eval_open's list, the same whatever
 * the other files of the run. */
const ml_params *ml_eval_own(const ml_evaluator *ev, size_t i);
/* The seed and replicate count every evaluation uses. */
void ml_eval_settings(const ml_evaluator *ev, uint64_t *seed, uint64_t *replicates);
/* Scenario i's measures in the last evaluation: the mean and the variance
 * (divisor R) of each over the replicates. */
void ml_eval_moments(const ml_evaluator *ev, size_t i, double mean[ML_N_MEASURES],
                     double var[ML_N_MEASURES]);
/* Progress: the number of evaluations expected in all (0: one at a time)
 * and a tag said with each scenario's name ("draw 3/100"). */
void ml_eval_progress(ml_evaluator *ev, size_t evals, const char *tag);
void ml_eval_close(ml_evaluator *ev);

#endif
