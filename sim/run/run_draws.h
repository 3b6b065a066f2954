/*
 * run_draws.h — second-order Monte Carlo (`medliab run --parameter-draws
 * K`): K parameter sets drawn from the run files' distributions, each
 * simulated with the run's seed and replicates, summarised per scenario
 * (sim/results/uncertainty.h) and written to its uncertainty/ group.
 *
 * Draw k of parameter p is the inverse of its distribution at one uniform
 * of the stream (seed; replicate k, hospital hash(key), item 0,
 * ML_P_PARAM_DRAW): a number shared by two scenarios (one key) gets the
 * same draw in both, and the draws do not depend on which parameters the
 * other files have, on thread or rank counts, or on the order of files.
 */
#ifndef ML_RUN_DRAWS_H
#define ML_RUN_DRAWS_H

#include "h5out.h"
#include "run.h"

/* point[i]: scenario i's results at the point values (the run's own). */
int ml_run_draws(const ml_run_request *q, ml_h5 *h5, const ml_scenario_results *point,
                 ml_err *err);

#endif
