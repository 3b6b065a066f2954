/*
 * severity.c — draws, CDFs and limited expected values of claim sizes.
 *
 * The limited expected value E[min(X,u)] is what layer pricing and the exact
 * method's mean need; the closed forms are the standard ones (Klugman, Panjer
 * and Willmot, Loss Models, appendix A).
 */
#include "severity.h"
#include "vexp.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>

const char *ml_severity_name(ml_sev_kind kind)
{
    switch (kind) {
    case ML_SEV_LOGNORMAL: return "lognormal";
    case ML_SEV_GAMMA: return "gamma";
    case ML_SEV_PARETO: return "pareto";
    }
    return "?";
}

double ml_severity_draw(const ml_severity *s, gsl_rng *r)
{
    switch (s->kind) {
    case ML_SEV_LOGNORMAL:
        return ml_severity_lognormal_at(s, gsl_ran_gaussian_ziggurat(r, 1.0));
    case ML_SEV_GAMMA:
        return gsl_ran_gamma(r, s->p1, s->p2);
    case ML_SEV_PARETO: {
        /* Inversion; 1 - U is in (0, 1] so the power is finite. */
        double u = 1.0 - gsl_rng_uniform(r);
        return s->p2 * (pow(u, -1.0 / s->p1) - 1.0);
    }
    }
    return NAN;
}

double ml_severity_draw_tb(const ml_severity *s, gsl_rng *r)
{
    if (s->kind == ML_SEV_LOGNORMAL)
        return ml_exp_affine1(s->p1, s->p2, gsl_ran_gaussian_ziggurat(r, 1.0));
    return ml_severity_draw(s, r);
}

double ml_severity_cdf(const ml_severity *s, double x)
{
    if (x <= 0.0)
        return 0.0;
    if (isinf(x))
        return 1.0;
    switch (s->kind) {
    case ML_SEV_LOGNORMAL:
        return gsl_cdf_lognormal_P(x, s->p1, s->p2);
    case ML_SEV_GAMMA:
        return gsl_cdf_gamma_P(x, s->p1, s->p2);
    case ML_SEV_PARETO:
        return -expm1(-s->p1 * log1p(x / s->p2));
    }
    return NAN;
}

double ml_severity_lev(const ml_severity *s, double u)
{
    if (u <= 0.0)
        return 0.0;
    switch (s->kind) {
    case ML_SEV_LOGNORMAL: {
        double mean = exp(s->p1 + 0.5 * s->p2 * s->p2);
        if (isinf(u))
            return mean;
        double lu = log(u);
        return mean * gsl_cdf_ugaussian_P((lu - s->p1 - s->p2 * s->p2) / s->p2)
               + u * gsl_cdf_ugaussian_Q((lu - s->p1) / s->p2);
    }
    case ML_SEV_GAMMA: {
        double k = s->p1, th = s->p2;
        if (isinf(u))
            return k * th;
        return k * th * gsl_sf_gamma_inc_P(k + 1.0, u / th)
               + u * gsl_sf_gamma_inc_Q(k, u / th);
    }
    case ML_SEV_PARETO: {
        double a = s->p1, th = s->p2;
        if (isinf(u))
            return a > 1.0 ? th / (a - 1.0) : INFINITY;
        if (fabs(a - 1.0) < 1e-12)
            return th * log1p(u / th);
        return th / (a - 1.0) * (1.0 - pow(th / (th + u), a - 1.0));
    }
    }
    return NAN;
}
