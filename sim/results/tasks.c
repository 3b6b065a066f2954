/*
 * tasks.c — see tasks.h.
 */
#include "tasks.h"

void ml_tasks_run(int threads, size_t n, ml_task_fn fn, void *ctx)
{
    if (threads == 1 || n < 2) {
        for (size_t i = 0; i < n; i++)
            fn(ctx, i);
    } else if (threads > 0) {
        /* One piece at a time: they differ in cost by orders of magnitude
         * (a measure that is 0 every year against one that is not). */
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
        for (size_t i = 0; i < n; i++)
            fn(ctx, i);
    } else {
#pragma omp parallel for schedule(dynamic, 1)
        for (size_t i = 0; i < n; i++)
            fn(ctx, i);
    }
}
