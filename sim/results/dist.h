/*
 * dist.h — the figures of arrays whose replicates are split over processes
 * (issue 18: MPI ranks that keep only their own block of replicates).
 *
 * Each process holds x[lo .. hi) of a full-length array (the rest never
 * written, so never resident: calloc'd pages cost nothing until touched).
 * The functions here give, on every process, the very numbers the one-
 * process functions give on the whole array, bit for bit, for any split:
 *  - sums in replicate order (ml_mean_total, ml_sd, the policy metrics'
 *    squares) are one chain of additions handed from process to process
 *    in rank order (`chain_in`, `chain_pass`): the same additions in the
 *    same order, so the same compensated sum — not a sum of partial sums,
 *    which would round differently;
 *  - order statistics by distributed selection: each key of the sort
 *    (sortkey.h) is found bit by bit from the top, counting on every
 *    process how many of its sorted keys lie below a candidate; ties of
 *    -0.0 and +0.0 (one key) are resolved in replicate order, as the
 *    stable sort does; the tail a summary reads (about a tenth of n) is
 *    gathered in replicate order and sorted stably.
 * The collectives come from the run (sim/run/run_dist.c, on par.h), so
 * this room stays free of MPI.  Every process calls the same functions in
 * the same order (they are collective); OpenMP threads never call them.
 */
#ifndef ML_DIST_H
#define ML_DIST_H

#include "order_view.h"

#include <stddef.h>
#include <stdint.h>

typedef struct ml_dist {
    size_t lo, hi; /* this process's replicates [lo, hi) of [0, n) */
    int rank;      /* this process's place in the order of the blocks */
    /* The state of a chain of additions after replicates [0, lo): rank 0
     * keeps st as given, every other receives its predecessor's. */
    void (*chain_in)(double *st, size_t k);
    /* Hands st to the next rank (the last keeps it); a process may hand
     * on several chains in turn before their ends are shared. */
    void (*chain_pass)(double *st, size_t k);
    /* Gives every rank the last rank's st[k]: the chains' ends. */
    void (*chain_share)(double *st, size_t k);
    /* v summed over the processes, in place (integers: exact). */
    void (*sum_u64)(uint64_t *v, size_t k);
    /* Every process's k doubles, in rank order, into a new array (free());
     * *total set; NULL on every process if any process is out of memory. */
    double *(*allgather)(const double *mine, size_t k, size_t *total);
} ml_dist;

/* chain_pass then chain_share: one chain's end on every process. */
void ml_dist_chain_out(const ml_dist *d, double *st, size_t k);
/* For k arrays x[j][0 .. n): mean[j] and total[j] as ml_mean_total gives
 * them and, where sd is not NULL, sd[j] as ml_sd about that mean. */
void ml_dist_moments(const ml_dist *d, const double *const *x, size_t k, size_t n,
                     double *mean, double *total, double *sd);
/* ml_mean_total of x[0 .. n), from each process's x[lo .. hi). */
double ml_dist_mean_total(const ml_dist *d, const double *x, size_t n, double *total);
/* ml_sd of x[0 .. n) about mean. */
double ml_dist_sd(const ml_dist *d, const double *x, size_t n, double mean);
/* ml_all_zero_bits of x[0 .. n). */
int ml_dist_all_zero_bits(const ml_dist *d, const double *x, size_t n);
/* An array of n doubles (new, zeroed, *buf to free) equal to the ascending
 * order of x[0 .. n) at every position w names, as ml_order_view gives it,
 * the same on every process; only those positions' pages are touched.
 * NULL (on every process) when out of memory. */
const double *ml_dist_view(const ml_dist *d, const double *x, size_t n,
                           const ml_order_need *w, double **buf);

/* A series whose processes hold consecutive pieces in rank order, this
 * one xl[0 .. nl) of n in all (a subset of the replicates kept in order):
 * its moments (ml_dist_moments of one array) and view (ml_dist_view). */
void ml_dist_moments_local(const ml_dist *d, const double *xl, size_t nl, size_t n,
                           double *mean, double *total, double *sd);
const double *ml_dist_view_local(const ml_dist *d, const double *xl, size_t nl, size_t n,
                                 const ml_order_need *w, double **buf);

/* One pass over the replicates in their order that carries a state of k
 * doubles (compensated sums, plain sums): st zeroed, then fn(ctx, lo, hi,
 * st) over this process's replicates, chained over the processes, so that
 * st ends as one pass over [0, n) would leave it, on every process.
 * d NULL: fn(ctx, 0, n, st), one process. */
typedef void (*ml_dist_pass_fn)(void *ctx, size_t lo, size_t hi, double *st);
void ml_dist_pass(const ml_dist *d, size_t n, double *st, size_t k, ml_dist_pass_fn fn,
                  void *ctx);
/* mine summed over the processes (d NULL: mine). */
uint64_t ml_dist_count(const ml_dist *d, uint64_t mine);

#endif
