/*
 * liability.c — draw a liability share from its discrete distribution.
 */
#include "liability.h"
#include "rng_state.h"

unsigned ml_liability_draw(const ml_liability *l, gsl_rng *r)
{
    if (l->n <= 1)
        return 0; /* nothing random: no draw, so no stream is consumed */
    double u = ml_rng_uniform(r), c = 0.0;
    for (unsigned i = 0; i + 1 < l->n; i++) {
        c += l->prob[i];
        if (u < c)
            return i;
    }
    return l->n - 1;
}

double ml_liability_mean(const ml_liability *l)
{
    double m = 0.0;
    for (unsigned i = 0; i < l->n; i++)
        m += l->share[i] * l->prob[i];
    return m;
}
