/*
 * count_memo.c — see count_memo.h.
 */
#include "count_memo.h"

#include <stdlib.h>
#include <string.h>

void ml_count_memo_init(ml_count_memo *m, size_t first)
{
    memset(m, 0, sizeof *m);
    m->first = first;
}

void ml_count_memo_free(ml_count_memo *m)
{
    free(m->mean);
    free(m->count);
    free(m->written);
    ml_count_memo_init(m, m->first);
}

int ml_count_memo_shape(ml_count_memo *m, uint64_t seed, uint32_t n_hosp, uint32_t n_cells,
                        unsigned years)
{
    if (m->mean && m->seed == seed && m->n_hosp == n_hosp && m->n_cells == n_cells &&
        m->years == years)
        return 0;
    ml_count_memo_free(m);
    size_t per = (size_t)n_hosp * n_cells * years;
    if (per == 0 || per > ML_COUNT_MEMO_MAX)
        return 0; /* keeps nothing: not even one replicate fits */
    size_t reps = ML_COUNT_MEMO_MAX / per;
    /* calloc: a mean of 0 is no entry (a count is drawn only at a mean
     * above 0), and the pages of replicates never run are never touched. */
    m->mean = calloc(reps * per, sizeof *m->mean);
    m->count = malloc(reps * per * sizeof *m->count);
    m->written = calloc(reps * years, 1);
    if (!m->mean || !m->count || !m->written) {
        ml_count_memo_free(m);
        return -1;
    }
    m->seed = seed;
    m->n_hosp = n_hosp;
    m->n_cells = n_cells;
    m->years = years;
    m->reps = reps;
    return 0;
}
