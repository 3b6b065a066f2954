/*
 * frequency.c — Poisson counts and mean-one random effects.
 */
#include "frequency.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <limits.h>
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
    if (mean > ML_POISSON_MEAN_MAX)
        return UINT_MAX;
    return gsl_ran_poisson(r, mean);
}

double ml_re_upper(const ml_random_effect *re, double eps)
{
    double z = gsl_cdf_ugaussian_Qinv(eps);
    switch (re->kind) {
    case ML_RE_NONE:
        return 1.0;
    case ML_RE_GAMMA: {
        /* GSL's inversion is exact to 1e-12 up to shape 1e4 (checked on a
         * grid from 1e-6 at eps = 1e-9) but goes astray above (at shape
         * 1e6 it returns 0.58, below the mean, and its survival function
         * reports a loss of accuracy from 1e7); there the Wilson-Hilferty
         * cube-root normal approximation is accurate to 1e-4 in eps. */
        double a = re->size;
        if (a <= 1e4)
            return gsl_cdf_gamma_Qinv(eps, a, 1.0 / a);
        double c = 1.0 / (9.0 * a), w = 1.0 - c + z * sqrt(c);
        return w * w * w;
    }
    case ML_RE_LOGNORMAL: {
        double s2 = log1p(1.0 / re->size);
        return exp(-0.5 * s2 + sqrt(s2) * z);
    }
    }
    return INFINITY;
}
