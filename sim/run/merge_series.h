/*
 * merge_series.h — a scenario's arrays once every shard is read: what the
 * shards did not store (copies, zeros) made as the engine would leave it.
 */
#ifndef ML_MERGE_SERIES_H
#define ML_MERGE_SERIES_H

#include "h5shard.h"
#include "h5shard_layout.h"
#include "measures.h"

/* held[p * ML_SHARD_ARRAYS_MAX + j]: what shard p (h[p]) held for array
 * j (ml_shard_read_scenario).  A series that every shard stored as a
 * second name of one series becomes a copy of it (res->same, read through
 * ml_results_resolve), and one that no shard stored anything of stays
 * untouched where its array still holds +0.0 (clean[s]); a measure whose
 * arrays are so is known zero (res->zero).  Every other array gets its
 * shards' copies copied and their zeros written.  clean[ML_SERIES] lasts
 * the merge: series s's array holds +0.0 throughout (1 for a fresh
 * ml_results), kept up to date here. */
void ml_merge_settle(ml_results *res, const ml_shard_head *h, size_t np, const int *held,
                     unsigned char *clean);

#endif
