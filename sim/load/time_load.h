/*
 * time_load.h — the time settings of a scenario (README, "Time"): a
 * regime's severity trend, periodical payments and (textbook regimes) report
 * and settlement lags; a run file's `time:` block (accident years,
 * development years, policy year, yield curve).
 */
#ifndef ML_TIME_LOAD_H
#define ML_TIME_LOAD_H

#include "scenario.h"
#include "yamlread.h"

/* Reads trend, periodical and (textbook only) timing of regime mapping m. */
int ml_timing_read(ml_yr *y, yaml_node_t *m, const ml_fp *at, int textbook, ml_timing *t);
/* Reads the run file's time: block (root of run file y) into s->time once
 * the regime is loaded, checks the curve's currency against the regime's and
 * builds the factor tables.  Without the block, s->time.on is 0. */
int ml_time_load(ml_yr *y, yaml_node_t *root, ml_scenario *s);

#endif
