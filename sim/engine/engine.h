/*
 * engine.h — the replicate loop.  Each replicate is one simulated year of the
 * whole portfolio; replicates run in parallel under OpenMP and write their
 * measures at their own index, so the result never depends on the thread
 * count or the schedule.
 */
#ifndef ML_ENGINE_H
#define ML_ENGINE_H

#include "count_memo.h"
#include "ledger.h"
#include "measures.h"
#include "scenario.h"

#include <signal.h>
#include <stdint.h>

typedef struct {
    uint64_t seed;
    size_t replicates;
    size_t first_replicate; /* index of results[0]; lets a run grow in blocks */
    int threads;            /* 0 = OpenMP's default */
    volatile sig_atomic_t *stop; /* set asynchronously to interrupt; may be NULL */
    int scalar_draws;       /* 1: every draw from its own stream in turn, none in
                             * batches (the same numbers; the benchmark's baseline) */
    ml_count_memo *counts;  /* the job's incident counts (count_memo.h); may be NULL */
} ml_run_opts;

/* Simulates replicates [first, first + replicates) into res (allocated by
 * the caller with at least `replicates` entries). */
int ml_engine_run(const ml_scenario *s, const ml_run_opts *o, ml_results *res,
                  ml_err *err);

/* One replicate, single-threaded: used by the engine and by tests. acc and
 * mx receive ML_N_MEASURES values each, pa the insured loss by specialty
 * and grade and the per-claim layers' recoveries (see ml_price_scale). */
int ml_engine_replicate(const ml_scenario *s, uint64_t seed, uint32_t rep,
                        gsl_rng *g, double *acc, double *mx, ml_price_acc *pa,
                        ml_err *err);

/* The same, keeping the replicate's ledger in lg (NULL: none): every
 * accident year of s->time, the later ones filling the ledger only. */
int ml_engine_replicate_t(const ml_scenario *s, uint64_t seed, uint32_t rep, gsl_rng *g,
                          double *acc, double *mx, ml_price_acc *pa, ml_ledger *lg,
                          ml_err *err);

#endif
