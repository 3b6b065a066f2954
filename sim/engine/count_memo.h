/*
 * count_memo.h — a job's incident counts, drawn once for the regimes that
 * share them.
 *
 * The regimes of one job (the main job's six, a reform and its base) run
 * on one portfolio at one seed, so they draw the same incidents: common
 * random numbers, by design (DESIGN section 3).  A lifecycle replicate's
 * incident count of a cell is a function of its Poisson mean and of the
 * stream (seed; replicate, hospital, cell, ML_P_COUNT; accident year)
 * alone, and GSL's Poisson method for the means of a portfolio (up to a
 * few thousand) is about a quarter of a regime's time.  The memo keeps, for
 * each replicate, year, hospital and cell, the mean drawn at and the
 * count; a later regime whose mean there is the same to the bit takes the
 * count, any other draws it and keeps its own.  So a count never depends
 * on whether the memo held it: the results are those of the regimes run
 * apart, bit for bit.
 *
 * A replicate is simulated by one thread at a time and the scenarios of a
 * job one after another, so an entry is never read while another thread
 * writes it.
 */
#ifndef ML_COUNT_MEMO_H
#define ML_COUNT_MEMO_H

#include <stddef.h>
#include <stdint.h>

/* Entries kept at most (judgment: 12 bytes each, so 48 MB of memory, which
 * holds the main job's 2000 replicates of 1200 cells twice over); the
 * replicates past it are drawn every time. */
#define ML_COUNT_MEMO_MAX ((size_t)1 << 22)

typedef struct {
    size_t first;             /* the replicate at index 0 (a shard's first) */
    uint64_t seed;
    uint32_t n_hosp, n_cells; /* cells of a hospital: specialties x 8 */
    unsigned years;
    size_t reps;              /* replicates [first, first + reps) are kept */
    double *mean;             /* [rep][year][hospital][cell]; 0: no entry */
    uint32_t *count;
    /* [rep][year]: 1 once a run wrote the year's entries.  Until then they
     * are not read: a fresh page of the arrays read first and written
     * after is mapped twice, the second time with every thread's TLB
     * flushed (perf: 3% of the main job on two threads). */
    unsigned char *written;
} ml_count_memo;

/* An empty memo whose replicates start at first. */
void ml_count_memo_init(ml_count_memo *m, size_t first);

/* Shapes m for a run at seed of n_hosp hospitals, n_cells cells each and
 * years accident years: what m holds is kept when the shape and seed are
 * the same, else dropped.  Returns 0, or -1 when memory is short (m is
 * then empty and ml_count_memo_at finds nothing). */
int ml_count_memo_shape(ml_count_memo *m, uint64_t seed, uint32_t n_hosp, uint32_t n_cells,
                        unsigned years);

/* Frees what m holds (m itself is the caller's); m is then empty. */
void ml_count_memo_free(ml_count_memo *m);

/* 1 when m holds entries of (rep, year); marks them held from now on
 * (the caller writes every one).  0 when m does not keep rep. */
static inline int ml_count_memo_begin(ml_count_memo *m, uint32_t rep, unsigned year)
{
    if (!m || rep < m->first || rep - m->first >= m->reps)
        return 0;
    unsigned char *w = &m->written[(size_t)(rep - m->first) * m->years + year];
    int was = *w;
    if (!was)
        *w = 1;
    return was;
}

/* The index of (rep, year, hospital, cell) in m, or -1 when m does not
 * keep rep (or m is NULL). */
static inline ptrdiff_t ml_count_memo_at(const ml_count_memo *m, uint32_t rep, unsigned year,
                                         uint32_t h, uint32_t cell)
{
    if (!m || rep < m->first || rep - m->first >= m->reps)
        return -1;
    size_t r = rep - m->first;
    return (ptrdiff_t)(((r * m->years + year) * m->n_hosp + h) * m->n_cells + cell);
}

#endif
