/*
 * gamma_inline.h — gamma durations by Marsaglia and Tsang's method, inline.
 *
 * GSL's gsl_ran_gamma draws a shape a >= 1 by Marsaglia and Tsang (ACM
 * TOMS 26(3), 2000): with d = a - 1/3 and c = 1 / (3 sqrt d), a normal x
 * (GSL's ziggurat) gives v = (1 + c x)^3, taken with a uniform u when u <
 * 1 - 0.0331 x^4 or log u < x^2 / 2 + d (1 - v + log v); the draw is b d
 * v.  Every stage of a lifecycle claim takes a duration so, three calls
 * through GSL's generator interface each.  This is the same method on the
 * same words with the same operations: the ziggurat's fast path from
 * GSL's tables as read off its function (ziggurat_probe.h), and where a
 * word leaves it, the stream stepped back one word and GSL's own ziggurat
 * called; so the same doubles (test_rng_inline checks against GSL).
 * Shapes below 1, other generators and tables that did not read right go
 * to GSL.
 */
#ifndef ML_GAMMA_INLINE_H
#define ML_GAMMA_INLINE_H

#include "rng_state.h"
#include "ziggurat_probe.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

/* gsl_ran_gaussian_ziggurat(g, 1.0) for medliab's generator, tables t. */
static inline double ml_zig_normal(gsl_rng *g, const ml_zig_tables *t)
{
    ml_philox_state *s = g->state;
    if (s->used < 4) {
        uint32_t k = s->out[s->used++], i = k & 0x7fu, j = k >> 8;
        if (j < t->k[i]) {
            double x = (double)j * t->w[i];
            return k & 0x80u ? x : -x;
        }
        s->used--; /* GSL's slow path reads this word again */
    }
    return gsl_ran_gaussian_ziggurat(g, 1.0);
}

/* The tables, once read (a race stores the same pointer). */
static inline const ml_zig_tables *ml_zig_tables_cached(void)
{
    static const ml_zig_tables *t;
    if (!t)
        t = ml_zig_tables_get();
    return t;
}

/* gsl_ran_gamma(g, a, b). */
static inline double ml_ran_gamma(gsl_rng *g, double a, double b)
{
    const ml_zig_tables *t = ml_zig_tables_cached();
    if (!(a >= 1.0) || g->type != ml_rng_philox || !t->known)
        return gsl_ran_gamma(g, a, b);
    double d = a - 1.0 / 3.0, c = (1.0 / 3.0) / sqrt(d), v;
    for (;;) {
        double x;
        do {
            x = ml_zig_normal(g, t);
            v = 1.0 + c * x;
        } while (v <= 0);
        v = v * v * v;
        double u = ml_rng_uniform_pos(g);
        if (u < 1 - 0.0331 * x * x * x * x)
            break;
        if (log(u) < 0.5 * x * x + d * (1 - v + log(v)))
            break;
    }
    return b * d * v;
}

#endif
