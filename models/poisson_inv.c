/*
 * poisson_inv.c — Poisson counts by inversion (poisson_inv.h).
 */
#include "poisson_inv.h"
#include "frequency.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* Where the sums stop: past the mean, once a term is below 2^-60 (the
 * uniform has 53 bits, so a later k could be reached with probability
 * below 2^-53 only through the sums' own rounding).  A u at or above the
 * final sum returns that final k. */
static inline int at_end(double mean, unsigned k, double p)
{
    return (double)k > mean && p <= 0x1p-60;
}

static inline double next_term(double p, double mean, unsigned k)
{
    return p * (mean / (double)k);
}

void ml_poisson_memo_init(ml_poisson_memo *m)
{
    memset(m->mean, 0, sizeof m->mean);
    memset(m->seen, 0, sizeof m->seen);
}

/* Slot of mean in the memo: its bits, mixed (means that recur are few). */
static unsigned slot_of(double mean)
{
    uint64_t b;
    memcpy(&b, &mean, sizeof b);
    b ^= b >> 29;
    b *= 0xbf58476d1ce4e5b9ull;
    return (unsigned)(b >> 62) % ML_POISSON_MEMO;
}

/* Fills slot j with mean's sums; 0 if they would not fit (then the caller
 * sums afresh, the same additions). */
static int fill(ml_poisson_memo *m, unsigned j, double mean)
{
    double p = exp(-mean), F = p;
    unsigned k = 0;
    m->F[j][0] = F;
    while (!at_end(mean, k, p)) {
        if (++k >= ML_POISSON_TABLE) {
            m->mean[j] = 0.0;
            return 0;
        }
        p = next_term(p, mean, k);
        F += p;
        m->F[j][k] = F;
    }
    m->mean[j] = mean;
    m->last[j] = k;
    /* b / G is exact (G a power of two); the last k where no sum exceeds
     * it, as a search that finds none returns. */
    unsigned i = 0;
    for (unsigned b = 0; b < ML_POISSON_GUIDE; b++) {
        const double v = (double)b / ML_POISSON_GUIDE;
        while (i < k && !(m->F[j][i] > v))
            i++;
        m->guide[j][b] = (unsigned short)i;
    }
    return 1;
}

unsigned ml_poisson_inv(double mean, double u, ml_poisson_memo *m)
{
    if (m) {
        unsigned j = slot_of(mean);
        int hit = m->mean[j] == mean;
        if (!hit) {
            /* A table for a mean that missed twice in a row here (poisson_inv.h). */
            hit = m->seen[j] == mean && fill(m, j, mean);
            m->seen[j] = mean;
        }
        if (hit) {
            /* The smallest k with u < F[k]; the final k if none.  Every k
             * below the guide of u's bucket has F[k] <= b / G <= u (u G is
             * exact), so the search may start there. */
            const double *F = m->F[j];
            const unsigned last = m->last[j];
            const double su = u * ML_POISSON_GUIDE;
            const unsigned b = su < ML_POISSON_GUIDE ? (su >= 0.0 ? (unsigned)su : 0u)
                                                     : ML_POISSON_GUIDE - 1u; /* u >= 1 */
            unsigned k = m->guide[j][b];
            while (k < last && !(u < F[k]))
                k++;
            return k;
        }
    }
    double p = exp(-mean), F = p;
    unsigned k = 0;
    while (!(u < F) && !at_end(mean, k, p)) {
        k++;
        p = next_term(p, mean, k);
        F += p;
    }
    return k;
}

unsigned ml_poisson_draw(double mean, gsl_rng *g, ml_poisson_memo *m)
{
    if (!(mean > 0.0) || mean > ML_POISSON_INV_MAX)
        return ml_frequency_draw(mean, g);
    return ml_poisson_inv(mean, gsl_rng_uniform(g), m);
}
