/*
 * series_same.c — series that copy others (measures.h, ml_results.same):
 * views that read them, and making them real where arrays must hold them.
 */
#include "measures.h"

#include <string.h>

static double **slot(ml_results *res, int s)
{
    return s < ML_N_MEASURES    ? &res->annual[s]
           : s < ML_SERIES_SPEC ? &res->annual_max[s - ML_N_MEASURES]
           : s < ML_SERIES_GRADE ? &res->spec_insured[s - ML_SERIES_SPEC]
                                 : &res->grade_insured[s - ML_SERIES_GRADE];
}

double *ml_series_ptr(const ml_results *res, int s)
{
    return *slot((ml_results *)res, s);
}

/* Series s's array now holds written values: its measure is not known zero. */
static void written(ml_results *res, int s)
{
    int m = ml_series_measure(s);
    if (m >= 0)
        res->zero[m] = 0;
}

ml_results ml_results_resolve(const ml_results *res)
{
    ml_results v = *res;
    for (int s = 0; s < ML_SERIES; s++)
        if (res->same[s]) {
            /* A target is never a copy itself (series_store.h), and holds
             * some nonzero bits (a series zero throughout is not a copy). */
            *slot(&v, s) = ml_series_ptr(res, res->same[s] - 1);
            written(&v, s);
        }
    memset(v.same, 0, sizeof v.same);
    v.lazy = 0;
    return v;
}

void ml_results_copy_range(ml_results *res, int s, int t, size_t at, size_t len)
{
    memcpy(ml_series_ptr(res, s) + at, ml_series_ptr(res, t) + at, len * sizeof(double));
    written(res, s);
}

void ml_results_merge_same(ml_results *res, const unsigned char *blk_same, size_t from,
                           size_t at, size_t len, int first)
{
    for (int s = 0; s < ML_SERIES; s++) {
        unsigned a = res->same[s], b = blk_same[s];
        if (first) {
            res->same[s] = (unsigned char)b;
            continue;
        }
        if (a == b)
            continue;
        /* Each target was a real series in the blocks where it was copied,
         * so its samples are there to copy. */
        if (a)
            ml_results_copy_range(res, s, (int)a - 1, from, at - from);
        if (b)
            ml_results_copy_range(res, s, (int)b - 1, at, len);
        res->same[s] = 0;
    }
}

void ml_results_fill_same(ml_results *res)
{
    for (int s = 0; s < ML_SERIES; s++)
        if (res->same[s]) {
            ml_results_copy_range(res, s, res->same[s] - 1, 0, res->n);
            res->same[s] = 0;
        }
}
