/*
 * polar.h — the lognormal by Marsaglia's polar method, inline.
 *
 * GSL's gsl_ran_lognormal draws a normal by the polar method (Marsaglia
 * and Bray 1964): a point (u, v) uniform in the square [-1, 1)^2, taken
 * again while it falls outside the unit disc or at its centre, gives
 * u * sqrt(-2 ln r2 / r2), with r2 = u^2 + v^2.  A claim's damages are one
 * such draw (about a tenth of a lifecycle regime's time, a third of it the
 * calls through GSL's generator interface); this is the same method on
 * the same uniforms with the same operations, so the same doubles
 * (test_rng_inline checks against GSL bit for bit).
 */
#ifndef ML_POLAR_H
#define ML_POLAR_H

#include "rng_state.h"

#include <math.h>

/* exp(zeta + sigma * N), N standard normal. */
static inline double ml_ran_lognormal(gsl_rng *g, double zeta, double sigma)
{
    double u, v, r2;
    do {
        u = -1 + 2 * ml_rng_uniform(g);
        v = -1 + 2 * ml_rng_uniform(g);
        r2 = u * u + v * v;
    } while (r2 > 1.0 || r2 == 0);
    double normal = u * sqrt(-2.0 * log(r2) / r2);
    return exp(sigma * normal + zeta);
}

#endif
