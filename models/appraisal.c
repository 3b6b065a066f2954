/*
 * appraisal.c — drawing a liability degree from a route's confusion matrix.
 */
#include "appraisal.h"
#include "rng_state.h"

unsigned ml_appraisal_draw(const ml_route *r, const ml_degrees *d, int negligent,
                           gsl_rng *g)
{
    const double *p = r->prob[negligent ? 1 : 0];
    double u = ml_rng_uniform(g), c = 0.0;
    for (unsigned k = 0; k + 1 < d->n; k++) {
        c += p[k];
        if (u < c)
            return k;
    }
    /* The last degree takes the remainder, so rounding in the sum never
     * sends a draw past the table. */
    return d->n - 1;
}

double ml_appraisal_p_liable(const ml_route *r, const ml_degrees *d, int negligent)
{
    double s = 0.0;
    for (unsigned k = 0; k < d->n; k++)
        if (d->share[k] > 0.0)
            s += r->prob[negligent ? 1 : 0][k];
    return s;
}
