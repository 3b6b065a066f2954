/*
 * compensation.c — assessed damages and caps.
 */
#include "compensation.h"

#include <gsl/gsl_randist.h>
#include <math.h>

double ml_grade_mean(const ml_grade_mix *m)
{
    double s = 0.0;
    for (unsigned i = 0; i < m->n; i++)
        s += m->coef[i] * m->prob[i];
    return s;
}

double ml_damages_draw(const ml_compensation *c, int cls, gsl_rng *g)
{
    double d = gsl_ran_lognormal(g, c->meanlog[cls], c->sdlog[cls]);
    if (c->sched_years > 0.0 && c->grades[cls].n > 0) {
        const ml_grade_mix *m = &c->grades[cls];
        double u = gsl_rng_uniform(g), acc = 0.0;
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
