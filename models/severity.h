/*
 * severity.h — claim size distributions: lognormal, gamma and Pareto
 * (type II / Lomax, the form actuaries and R's actuar use), with draws,
 * distribution functions and limited expected values.
 *
 * Parameters are in the scenario's currency.  Lognormal: meanlog, sdlog of
 * log(X).  Gamma: shape k, scale theta.  Pareto: shape alpha, scale theta,
 * F(x) = 1 - (theta / (theta + x))^alpha.
 */
#ifndef ML_SEVERITY_H
#define ML_SEVERITY_H

#include <gsl/gsl_rng.h>
#include <math.h>

typedef enum { ML_SEV_LOGNORMAL, ML_SEV_GAMMA, ML_SEV_PARETO } ml_sev_kind;

typedef struct {
    ml_sev_kind kind;
    double p1; /* meanlog | shape | shape alpha */
    double p2; /* sdlog   | scale | scale theta */
} ml_severity;

const char *ml_severity_name(ml_sev_kind kind);
/* A lognormal damage from its standard normal z: one expression for the
 * draw and the batch draws (draw_batch.h), so both round alike. */
static inline double ml_severity_lognormal_at(const ml_severity *s, double z)
{
    return exp(s->p1 + s->p2 * z);
}
double ml_severity_draw(const ml_severity *s, gsl_rng *r);
/* The textbook engine's draw (since issue 16): a lognormal's exponential
 * is vexp.h's (the same bits on every machine, and in a batch); the other
 * kinds are ml_severity_draw's. */
double ml_severity_draw_tb(const ml_severity *s, gsl_rng *r);
/* P(X <= x). */
double ml_severity_cdf(const ml_severity *s, double x);
/* E[min(X, u)]; u may be +INFINITY, in which case this is E[X] (and
 * +INFINITY for a Pareto with alpha <= 1). */
double ml_severity_lev(const ml_severity *s, double u);

#endif
