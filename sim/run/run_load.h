/*
 * run_load.h — a run's files to scenarios (ml_run, ml_eval): each run
 * file loaded with the request's --set overrides and, for a parameter
 * draw, the draw's values; one seed and replicate count for all.
 */
#ifndef ML_RUN_LOAD_H
#define ML_RUN_LOAD_H

#include "params.h"
#include "run.h"

/* Loads every run file of q into sc (*loaded counts the scenarios to
 * free), with q's overrides and those of extra (may be NULL: its collect
 * list receives the files' uncertain numbers, its set the draw's values).
 * own, when not NULL, is [q->n_files] lists: file i's own uncertain
 * numbers, in the order that file reads them (whatever the other files).
 * A --set that matches no number of any file is an error naming it. */
int ml_run_load(const ml_run_request *q, const ml_load_opts *extra, ml_params *own,
                ml_scenario *sc, size_t *loaded, ml_err *err);
/* One seed and replicate count for the whole run: the request's, else the
 * run files' run section (every file that has one must agree), else the
 * defaults. */
int ml_run_settle(const ml_run_request *q, const ml_scenario *sc, uint64_t *seed,
                  uint64_t *reps, ml_err *err);

#endif
