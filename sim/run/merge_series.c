/*
 * merge_series.c — see merge_series.h.
 *
 * Why: a shard stores a copy as a hard link and zeros as nothing
 * (h5shard.c); reading each into its own array, as the merge did, held
 * every measure of the whole run (v1 at 10^6 replicates in four shards:
 * 426 MiB against the run's 44).
 */
#include "merge_series.h"

#include <string.h>

void ml_merge_settle(ml_results *res, const ml_shard_head *h, size_t np, const int *held,
                     unsigned char *clean)
{
    ml_shard_array a[ML_SHARD_ARRAYS_MAX];
    size_t k = ml_shard_arrays(res, 0, res->n, a);
    unsigned char uniform_zero[ML_SERIES] = {0};
    memset(res->same, 0, sizeof res->same);
    for (size_t j = 0; j < k; j++) {
        const int s = ml_shard_series(res, &a[j], 0);
        const int first = held[j];
        int uniform = np > 0;
        for (size_t p = 1; p < np; p++)
            uniform &= held[p * ML_SHARD_ARRAYS_MAX + j] == first;
        if (s >= 0 && uniform && first >= 0) {
            /* The target was read in every shard: a series of its own. */
            int t = ml_shard_series(res, &a[first], 0);
            if (t >= 0) {
                res->same[s] = (unsigned char)(t + 1);
                continue;
            }
        }
        if (s >= 0 && uniform && first == ML_SHARD_ZERO) {
            if (!clean[s])
                memset(a[j].x, 0, a[j].len * sizeof *a[j].x);
            clean[s] = 1;
            uniform_zero[s] = 1;
            continue;
        }
        /* Values a replicate: 1, or the ledger's stride. */
        const size_t per = res->n ? a[j].len / res->n : 1;
        for (size_t p = 0; p < np; p++) {
            const int hj = held[p * ML_SHARD_ARRAYS_MAX + j];
            const size_t at = (size_t)h[p].first * per, len = (size_t)(h[p].end - h[p].first) * per;
            if (hj == ML_SHARD_ZERO && (s < 0 || !clean[s]))
                memset(a[j].x + at, 0, len * sizeof *a[j].x);
            else if (hj >= 0)
                memcpy(a[j].x + at, a[hj].x + at, len * sizeof *a[j].x);
        }
        if (s >= 0)
            clean[s] = 0;
    }
    /* A measure's flag covers its annual and maximum arrays alike. */
    for (int m = 0; m < ML_N_MEASURES; m++)
        res->zero[m] = (unsigned char)(uniform_zero[m] &&
                                       (!res->annual_max[m] || uniform_zero[ML_N_MEASURES + m]));
}
