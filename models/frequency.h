/*
 * frequency.h — claim and incident counts: Poisson given a mean, with an
 * optional multiplicative random effect of mean 1.
 *
 * A gamma random effect with shape `size` (variance 1/size) per
 * hospital-year turns Poisson(m) counts into negative binomial counts with
 * mean m and variance m + m^2/size.  A lognormal effect with the same
 * variance is offered for heavier over-dispersion.
 */
#ifndef ML_FREQUENCY_H
#define ML_FREQUENCY_H

#include <gsl/gsl_rng.h>

typedef enum { ML_RE_NONE, ML_RE_GAMMA, ML_RE_LOGNORMAL } ml_re_kind;

typedef struct {
    ml_re_kind kind;
    double size; /* gamma shape; the effect's variance is 1/size */
} ml_random_effect;

const char *ml_re_name(ml_re_kind kind);
/* A draw of the effect, mean 1 (1 exactly when kind is ML_RE_NONE). */
double ml_re_draw(const ml_random_effect *re, gsl_rng *r);
/* Poisson count with the given mean (0 for a mean of 0). */
unsigned ml_frequency_draw(double mean, gsl_rng *r);

#endif
