/*
 * claim_pool.h — the incident counts and the first draws of the claims of
 * several replicates, taken before their years are simulated.
 *
 * A textbook claim reads one block from each of its streams (claiming,
 * pathway, severity).  Taken claim by claim, or hospital by hospital, the
 * vector unit's lanes go part empty (v1's Poisson(20) a year fills one
 * register of sixteen and a quarter of a second) and each call waits on its
 * own chain of rounds.  The pool first draws every count of a group of
 * replicates (their own streams, as the year loop would), lists the claims'
 * stream counters, and takes each purpose's first blocks for all of them in
 * long vector calls (philox_vec.h) with their transforms (draw_batch.h,
 * vexp.h).  The year loop then reads the counts and draws in the order it
 * meets them.  Every draw is still the one its stream's address gives, so
 * the results do not depend on how replicates are grouped.
 */
#ifndef ML_CLAIM_POOL_H
#define ML_CLAIM_POOL_H

#include "poisson_inv.h"
#include "scenario.h"

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    /* Counts: one per (replicate, accident year, hospital, specialty) in
     * that order, 0 where the mean is not positive. */
    unsigned *count;
    size_t n_count, cap_count;
    /* Each count's mean, stream counters (draw_batch.h) and first uniform. */
    double *mean, *cu;
    uint32_t *crep, *chosp, *citem8, *cyear;
    /* Claims (incidents): the stream counters of each (draw_batch.h), in
     * the order the year loop meets them. */
    uint32_t *rep, *hosp, *item8, *year;
    size_t n, cap;
    /* The first draws of the purposes the year loop batches (NULL when it
     * does not): claiming and pathway uniforms, the damages. */
    double *u_claim, *u_settle, *dam;
    /* Which purposes: decided once for the scenario. */
    int want_claim, want_settle, want_sev;
} ml_claim_pool;

/* An empty pool for s; batch = 0 draws the counts only (every claim's draws
 * one stream at a time: the benchmark's baseline). */
void ml_claim_pool_init(ml_claim_pool *p, const ml_scenario *s, int batch);
void ml_claim_pool_free(ml_claim_pool *p);

/* Replicates whose expected claims together make a good batch (about a
 * thousand; at least 1). */
size_t ml_claim_pool_group(const ml_scenario *s, unsigned years);

/* Fills the pool for replicates rep0 .. rep0 + nrep - 1, accident years
 * 0 .. years - 1 each: counts from their streams (scalar: GSL's Poisson,
 * the baseline; otherwise inversion, poisson_inv.h, with memo), then the
 * batched first draws.  g is scratch.  ML_EUNSUPPORTED when a hospital-year
 * has more incidents than the stream layout can address, ML_ENOMEM. */
int ml_claim_pool_fill(ml_claim_pool *p, const ml_scenario *s, uint64_t seed, uint32_t rep0,
                       size_t nrep, unsigned years, gsl_rng *g, int scalar,
                       ml_poisson_memo *memo, ml_err *err);

#endif
