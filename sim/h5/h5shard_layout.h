/*
 * h5shard_layout.h — which arrays of a results structure a shard stores,
 * and under which names: one list, walked by the writer (h5shard.c) and
 * the reader (h5shard_read.c) alike, so that the two cannot disagree.
 */
#ifndef ML_H5SHARD_LAYOUT_H
#define ML_H5SHARD_LAYOUT_H

#include "measures.h"

#include <stddef.h>

/* Enough for every measure and its maximum, every stage statistic of
 * every channel, every pricing group and the ledger. */
#define ML_SHARD_ARRAYS_MAX                                                                \
    (2 * ML_N_MEASURES + ML_STAGE_STATS * ML_CHANNELS_MAX + ML_PRICE_SPEC_MAX +          \
     ML_HOSP_GRADES_MAX + ML_XL_MAX + 1)

typedef struct {
    char name[48]; /* the dataset's path under the scenario's group */
    double *x;     /* its first value in res */
    size_t len;    /* its values: n, or n dev_stride for the ledger */
} ml_shard_array;

/* Fills a with the arrays of res that a shard stores, from replicate index
 * `at` of res on, n replicates of each; returns how many. */
size_t ml_shard_arrays(const ml_results *res, size_t at, size_t n,
                       ml_shard_array a[ML_SHARD_ARRAYS_MAX]);

/* The series (ml_series_ptr) array a of ml_shard_arrays(res, at, ...)
 * is, or -1 (stage statistics, the ledger). */
int ml_shard_series(const ml_results *res, const ml_shard_array *a, size_t at);

#endif
