/*
 * frequency.c — Poisson counts and mean-one random effects.
 */
#include "frequency.h"

#include <gsl/gsl_randist.h>
#include <math.h>

const char *ml_re_name(ml_re_kind kind)
{
    switch (kind) {
    case ML_RE_NONE: return "none";
    case ML_RE_GAMMA: return "gamma";
    case ML_RE_LOGNORMAL: return "lognormal";
    }
    return "?";
}

double ml_re_draw(const ml_random_effect *re, gsl_rng *r)
{
    switch (re->kind) {
    case ML_RE_NONE:
        return 1.0;
    case ML_RE_GAMMA:
        return gsl_ran_gamma(r, re->size, 1.0 / re->size);
    case ML_RE_LOGNORMAL: {
        /* Variance 1/size and mean 1: sigma^2 = log(1 + 1/size). */
        double s2 = log1p(1.0 / re->size);
        return exp(-0.5 * s2 + sqrt(s2) * gsl_ran_gaussian_ziggurat(r, 1.0));
    }
    }
    return NAN;
}

unsigned ml_frequency_draw(double mean, gsl_rng *r)
{
    if (!(mean > 0.0))
        return 0;
    return gsl_ran_poisson(r, mean);
}
