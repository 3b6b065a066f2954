/*
 * run_dist.h — MPI ranks that keep only their own block of replicates
 * (issue 18; every scenario of a fixed-length run on more than one rank:
 * a run to a target and the parameter draws still gather): the collectives
 * (par.h) that let the results room compute every table across the ranks
 * (results/dist.h).
 */
#ifndef ML_RUN_DIST_H
#define ML_RUN_DIST_H

#include "dist.h"

#include <stddef.h>

/* This rank's share of n replicates (the block the engine and the writer
 * take, par.h) and the collectives of par.h. */
ml_dist ml_run_dist(size_t n);

#endif
