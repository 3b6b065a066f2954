/*
 * tasks.h — independent pieces of the results of a scenario (one measure's
 * summary, one policy metric, one pricing group) computed in OpenMP
 * threads.  Each piece writes only its own slot of the results and sums
 * its own samples in their fixed order, so the results are bit for bit
 * the same for any thread count.  Only OpenMP pragmas (omp.h belongs to
 * sim/engine): without OpenMP the pieces run in turn.
 */
#ifndef ML_TASKS_H
#define ML_TASKS_H

#include <stddef.h>

typedef void (*ml_task_fn)(void *ctx, size_t i);

/* fn(ctx, i) for every i in [0, n), on `threads` threads (0: OpenMP's
 * default, all cores; 1: in turn, in this thread), in any order. */
void ml_tasks_run(int threads, size_t n, ml_task_fn fn, void *ctx);

#endif
