/*
 * run_dist.h — MPI ranks that keep only their own block of replicates
 * (issue 18): which scenarios can, and the collectives (par.h) that let
 * the results room compute every table across the ranks (results/dist.h).
 */
#ifndef ML_RUN_DIST_H
#define ML_RUN_DIST_H

#include "dist.h"
#include "scenario.h"

#include <stddef.h>

/* Whether scenario s keeps each rank's block alone: every scenario of a
 * fixed-length run on more than one rank (a run to a target standard
 * error and the parameter draws still gather every replicate). */
int ml_run_dist_local(const ml_scenario *s);
/* This rank's share of n replicates (the block the engine and the writer
 * take, par.h) and the collectives of par.h. */
ml_dist ml_run_dist(size_t n);

#endif
