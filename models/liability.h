/*
 * liability.h — the liability share found by damage identification, as a
 * discrete distribution over shares in [0, 1] (for mainland China the
 * degrees none / minor / secondary / equal / primary / full).
 */
#ifndef ML_LIABILITY_H
#define ML_LIABILITY_H

#include <gsl/gsl_rng.h>

#define ML_LIABILITY_MAX 8

typedef struct {
    unsigned n;
    double share[ML_LIABILITY_MAX]; /* fraction of damages owed, in [0, 1] */
    double prob[ML_LIABILITY_MAX];  /* probabilities, summing to 1 */
} ml_liability;

/* Index of the outcome drawn. */
unsigned ml_liability_draw(const ml_liability *l, gsl_rng *r);
double ml_liability_mean(const ml_liability *l);

#endif
