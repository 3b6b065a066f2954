/*
 * compensation.c — assessed damages (lognormal or spliced
 * lognormal-Pareto) and caps.
 */
#include "compensation.h"
#include "polar.h"
#include "rng_state.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>

double ml_grade_mean(const ml_grade_mix *m)
{
    double s = 0.0;
    for (unsigned i = 0; i < m->n; i++)
        s += m->coef[i] * m->prob[i];
    return s;
}

/* P(body lognormal < threshold): the mass the body is conditioned to. */
static double body_mass(double meanlog, double sdlog, double u)
{
    if (!(sdlog > 0.0))
        return log(u) > meanlog ? 1.0 : 0.0;
    return gsl_cdf_ugaussian_P((log(u) - meanlog) / sdlog);
}

double ml_dmg_weight_own(double meanlog, double sdlog, double threshold)
{
    return 1.0 - body_mass(meanlog, sdlog, threshold);
}

double ml_dmg_weight_continuous(double meanlog, double sdlog, double threshold,
                                double shape)
{
    if (!(sdlog > 0.0))
        return 0.0; /* a point body has no density to meet */
    double z = (log(threshold) - meanlog) / sdlog;
    /* Body density just below u is (1 - w) phi(z) / (sdlog u Fu), the
     * tail's just above is w shape / u: equal when w = a / (a + shape). */
    double a = gsl_ran_ugaussian_pdf(z) / (sdlog * gsl_cdf_ugaussian_P(z));
    return a / (a + shape);
}

double ml_dmg_quantile(const ml_dmg_law *l, double p)
{
    if (!(l->threshold > 0.0))
        return l->sdlog > 0.0 ? exp(l->meanlog + l->sdlog * gsl_cdf_ugaussian_Pinv(p))
                              : exp(l->meanlog);
    double w = l->weight;
    if (p < 1.0 - w) {
        if (!(l->sdlog > 0.0))
            return exp(l->meanlog);
        double fu = body_mass(l->meanlog, l->sdlog, l->threshold);
        return exp(l->meanlog + l->sdlog * gsl_cdf_ugaussian_Pinv(p / (1.0 - w) * fu));
    }
    return l->threshold * pow((1.0 - p) / w, -1.0 / l->shape);
}

double ml_dmg_draw(const ml_dmg_law *l, gsl_rng *g)
{
    /* A plain lognormal keeps GSL's own draw (polar.h: the same method
     * inline), so regimes without a tail draw exactly what they drew
     * before tails existed. */
    if (!(l->threshold > 0.0))
        return ml_ran_lognormal(g, l->meanlog, l->sdlog);
    return ml_dmg_quantile(l, ml_rng_uniform_pos(g));
}

double ml_dmg_mean(const ml_dmg_law *l)
{
    double s2 = l->sdlog * l->sdlog;
    if (!(l->threshold > 0.0))
        return exp(l->meanlog + 0.5 * s2);
    double w = l->weight, u = l->threshold, body;
    if (!(l->sdlog > 0.0)) {
        body = exp(l->meanlog);
    } else {
        double z = (log(u) - l->meanlog) / l->sdlog;
        /* E[X | X < u] of a lognormal */
        body = exp(l->meanlog + 0.5 * s2) * gsl_cdf_ugaussian_P(z - l->sdlog) /
               gsl_cdf_ugaussian_P(z);
    }
    return (1.0 - w) * body + w * l->shape * u / (l->shape - 1.0);
}

double ml_dmg_sf(const ml_dmg_law *l, double x)
{
    if (!(x > 0.0))
        return 1.0;
    double fx = l->sdlog > 0.0 ? gsl_cdf_ugaussian_P((log(x) - l->meanlog) / l->sdlog)
                               : (log(x) >= l->meanlog ? 1.0 : 0.0);
    if (!(l->threshold > 0.0))
        return 1.0 - fx;
    double w = l->weight, u = l->threshold;
    if (x >= u)
        return w * pow(u / x, l->shape);
    return (1.0 - w) * (1.0 - fx / body_mass(l->meanlog, l->sdlog, u)) + w;
}

const ml_dmg_law *ml_damages_law(const ml_compensation *c, int spec, int cls)
{
    return spec >= 0 && (unsigned)spec < c->n_spec ? &c->spec[spec][cls] : &c->law[cls];
}

double ml_damages_draw(const ml_compensation *c, int spec, int cls, gsl_rng *g)
{
    double d = ml_dmg_draw(ml_damages_law(c, spec, cls), g);
    if (c->sched_years > 0.0 && c->grades[cls].n > 0) {
        const ml_grade_mix *m = &c->grades[cls];
        double u = ml_rng_uniform(g), acc = 0.0;
        unsigned k = 0;
        while (k + 1 < m->n && u >= (acc += m->prob[k]))
            k++;
        d += c->sched_base * c->sched_years * m->coef[k];
    }
    return d;
}

double ml_damages_capped(const ml_compensation *c, double d)
{
    double ne = d * c->noneconomic_share;
    double award = d - ne + fmin(ne, c->cap_noneconomic);
    return fmin(award, c->cap_total);
}
