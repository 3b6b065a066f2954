/*
 * series_store.h — the engine's per-replicate measures stored a group of
 * replicates at a time, where the caller reads the results through
 * ml_results_resolve (ml_results.lazy).
 *
 * Why: at a million replicates every array the engine writes is 8 MB of
 * pages the kernel must zero on first touch, and in a textbook regime most
 * of them hold nothing new: v1 writes 17 series of which 3 differ
 * (compensation, insured and patient_net are damages again, claims and
 * paid claims are incidents, retained and state_paid are 0).  Touching
 * them was about a third of `medliab run`'s time (perf: clear_page_erms).
 * The pricing series take part too (one specialty, one grade: the insured
 * loss again), as copies only.
 *
 * So each group's figures go to a small buffer first, and per series and
 * group:
 *   - a series +0.0 (all bits) throughout the group, whose array held zeros
 *     before this run, is not written (the zeros are there);
 *   - a series equal bit for bit to a series stored in this group is not
 *     written either (its target, recorded), whatever its array held;
 *   - any other is copied to its array.
 * After the last group a series that copied one target in every group
 * (and was zero only where its target was) stays untouched and
 * ml_results.same names the target; the rest have their copied groups
 * filled from their targets, so their arrays hold their samples.  Without
 * lazy every array is filled.  The samples are the same numbers either
 * way; only which pages are touched changes.
 */
#ifndef ML_SERIES_STORE_H
#define ML_SERIES_STORE_H

#include "measures.h"

#include <stddef.h>

typedef struct {
    int n;                          /* series held: the engine's measures, annual then max */
    int id[ML_SERIES];              /* their ids (ml_series_ptr) */
    unsigned char fresh[ML_SERIES]; /* the series' array held +0.0 when the run began */
    size_t group, n_groups, reps;
    unsigned char *rec;             /* rec[g * n + k]: what group g did with series k */
} ml_series_plan;

/* The plan for the nw measures in which (their annual series, then the
 * annual_max ones that exist) over reps replicates in groups of `group`;
 * fresh from res->zero.  ML_ENOMEM when the records cannot be had. */
int ml_series_plan_init(ml_series_plan *p, const ml_results *res, const int *which, int nw,
                        size_t reps, size_t group);
void ml_series_plan_free(ml_series_plan *p);

/* Where replicate r (0 <= r < group) of series k of a group goes in a buffer
 * of p->n * p->group values. */
static inline size_t ml_series_at(const ml_series_plan *p, int k, size_t r)
{
    return (size_t)k * p->group + r;
}

/* One group's figures, buf as ml_series_at says, for replicates
 * i0 .. i0 + ng - 1 of res: stores what must be stored.  pred (p->n
 * entries, one set per thread, 0xff at first) is each series' target in
 * the thread's previous group, tried first. */
void ml_series_flush(const ml_series_plan *p, ml_results *res, const double *buf, size_t i0,
                     size_t ng, unsigned char *pred);

/* After every group: fills the copied groups of the series that are not
 * copies throughout (all of them unless res->lazy), sets res->same for the
 * rest, and clears res->zero of the measures whose arrays were written. */
void ml_series_finish(const ml_series_plan *p, ml_results *res);

#endif
