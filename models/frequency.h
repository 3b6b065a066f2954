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
/* The largest Poisson mean drawn.  GSL's gsl_ran_poisson returns an
 * unsigned int, which wraps for counts from 2^32 (means from about
 * 4.29e9), and converts 7/8 of the mean to unsigned int, which is undefined
 * behaviour from about 4.91e9.  2^31 keeps the mean plus 40 standard
 * deviations below 2^32; every engine refuses far fewer incidents (2^24 a
 * hospital-year), so nothing representable is lost. */
#define ML_POISSON_MEAN_MAX 2147483648.0

/* Poisson count with the given mean (0 for a mean of 0).  A mean above
 * ML_POISSON_MEAN_MAX (+inf included) is not drawn: the result is
 * UINT_MAX, more incidents than any engine accepts, so the run reports
 * the year as over its limit instead of handing GSL a mean it cannot draw. */
unsigned ml_frequency_draw(double mean, gsl_rng *r);
/* The (1 - eps) quantile of the effect: how far a one-in-1/eps draw
 * multiplies the mean (1 when kind is ML_RE_NONE). */
double ml_re_upper(const ml_random_effect *re, double eps);

#endif
