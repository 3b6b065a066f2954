/*
 * poisson_inv.h — Poisson counts by inversion of one uniform, with a
 * per-thread memo of the distribution function for the means that recur.
 *
 * GSL's gsl_ran_poisson draws a gamma and then a binomial for a mean from
 * 10 (a tangent, logarithms and exponentials per count, about 15% of a
 * textbook regime's time at a mean of 20).  Inversion reads one uniform u
 * and returns the smallest k with u < F(k), F summed from p(0) = exp(-mean)
 * by p(k) = p(k-1) * (mean / k), in that order.  Where the same mean comes
 * back (a portfolio without random effects: every replicate's hospital and
 * specialty has the same mean) the sums are kept in a memo and searched;
 * where it does not (random effects) they are summed afresh.  A table is
 * built only for a mean seen twice in a row at its slot: building one
 * (the sums and the guide's 256 buckets) costs several afresh sums, and a
 * portfolio of random effects, or of more hospital and specialty means
 * than slots (national_scale: 12,000 hospitals), would build one for every
 * count and use none (79% of its run).  Both paths are the same additions
 * in the same order, so a count never depends on whether the memo held
 * its mean.
 *
 * Means above ML_POISSON_INV_MAX are left to GSL (the search would grow
 * with the mean, and exp(-mean) underflows from about 745).
 */
#ifndef ML_POISSON_INV_H
#define ML_POISSON_INV_H

#include <gsl/gsl_rng.h>

/* Largest mean drawn by inversion (judgment: the table of a mean of 64
 * ends near 150 entries; above, GSL's method costs about what a search
 * does). */
#define ML_POISSON_INV_MAX 64.0
/* Entries of one memo table: more than the table of ML_POISSON_INV_MAX
 * needs (test_poisson_inv checks). */
#define ML_POISSON_TABLE 256
#define ML_POISSON_MEMO 4
/* Buckets of a table's guide: guide[b] is the first k with F[k] > b / G,
 * so a uniform in bucket b starts its search there (a step or two at a
 * mean of 20, where a bisection of the table took five mispredicted
 * branches: 7% of v1's run). */
#define ML_POISSON_GUIDE 256

typedef struct {
    double mean[ML_POISSON_MEMO];    /* 0: the slot is empty */
    double seen[ML_POISSON_MEMO];    /* the last mean that missed at the slot */
    unsigned last[ML_POISSON_MEMO];  /* index of the table's final entry */
    double F[ML_POISSON_MEMO][ML_POISSON_TABLE];
    unsigned short guide[ML_POISSON_MEMO][ML_POISSON_GUIDE];
} ml_poisson_memo;

/* Empties the memo (before first use). */
void ml_poisson_memo_init(ml_poisson_memo *m);

/* The count for uniform u in [0, 1) and 0 < mean <= ML_POISSON_INV_MAX;
 * memo may be NULL (then the sums are made afresh). */
unsigned ml_poisson_inv(double mean, double u, ml_poisson_memo *m);

/* The count of the stream g was just set to: by inversion of its first
 * uniform for a mean up to ML_POISSON_INV_MAX, otherwise GSL's method
 * (ml_frequency_draw, the same limits). */
unsigned ml_poisson_draw(double mean, gsl_rng *g, ml_poisson_memo *m);

#endif
