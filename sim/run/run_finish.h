/*
 * run_finish.h — a scenario's complete arrays to its results and its group
 * of the results file: what `medliab run` does after simulating and what
 * `medliab merge` does after reading the shards, one function, so that a
 * merged file is the whole run's bit for bit.
 */
#ifndef ML_RUN_FINISH_H
#define ML_RUN_FINISH_H

#include "h5out.h"
#include "measures.h"
#include "scenario.h"
#include "scenario_results.h"

#include <stddef.h>

/* Computes scenario s's results from res into r (in `threads` threads) and
 * writes both to h5; *filled counts the results to free.  d: each MPI
 * rank holds only its block of res (results/dist.h; NULL: every replicate
 * is here).  The pricing series, written, are let go: a run's outcome
 * holds tables (run.h). */
struct ml_dist;
int ml_run_finish_scenario(ml_h5 *h5, const ml_scenario *s, const ml_results *res,
                           int threads, const struct ml_dist *d, ml_scenario_results *r,
                           size_t *filled, ml_err *err);

#endif
