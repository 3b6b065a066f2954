/*
 * run_blocks.h — simulating in blocks of replicates (ml_run's engine
 * loop, run_blocks.c).  A draw is addressed by its replicate index, so
 * blocks give exactly the samples of one long run; they let a run report
 * progress and, with a target, grow until a figure is precise enough.
 */
#ifndef ML_RUN_BLOCKS_H
#define ML_RUN_BLOCKS_H

#include "count_memo.h"
#include "measures.h"
#include "run.h"
#include "scenario.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

/* What the blocks of one run share. */
typedef struct {
    const ml_scenario *sc;
    size_t nsc;
    uint64_t seed;
    int threads;
    volatile sig_atomic_t *stop; /* may be NULL */
    const ml_run_progress *prog;
    uint64_t job_done, job_total; /* replicates over all scenarios */
    double busy;                  /* seconds spent in the engine */
    size_t block;                 /* adapted to about a quarter second per block */
    const char *tag;              /* said after the scenario's name ("draw 3/100"); may be NULL */
    size_t base;                  /* the replicate at res's index 0: a shard's first, else 0 */
    int keep_local;               /* MPI: each rank keeps its own block only (run_dist.h) */
    ml_count_memo *counts;        /* the scenarios' shared incident counts; may be NULL */
} ml_blocks;

/* Simulates replicates [from, to) of scenario i into res, whose index 0 is
 * replicate c->base (res holds at least `to - base` replicates).  From
 * base, the stage and pricing arrays start afresh.  Under MPI each rank
 * runs its block of the range and all hold the whole range afterwards,
 * or, with c->keep_local, each its own block alone. */
int ml_blocks_range(ml_blocks *c, size_t i, ml_results *res, size_t from, size_t to,
                    ml_err *err);
/* Shapes res's stage, pricing and ledger arrays (zeroed) and clears its
 * histogram for scenario s: what a scenario's first block does, and what
 * `medliab merge` does before reading the shards into res. */
int ml_blocks_prepare(ml_results *res, const ml_scenario *s);
/* Grows every array of res to n replicates, keeping what is there. */
int ml_blocks_grow(ml_results *res, size_t n);
/* Precision on demand: every scenario runs to the same checkpoints (one
 * replicate count for the whole file keeps common random numbers) until
 * the worst scenario's relative se is at most t->rel or max is reached.
 * res holds c->nsc results; writes the final count into *final_n and the
 * stopping rule into rule. */
int ml_blocks_to_target(ml_blocks *c, const ml_target *t, size_t max, ml_results *res,
                        size_t *final_n, char *rule, size_t cap, ml_err *err);
/* Seconds on the monotonic clock. */
double ml_blocks_now(void);

#endif
