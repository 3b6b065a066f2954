/* TEMPORARY (lead's stand-in until the helper's version lands). */
#include "timeline.h"
#include "status.h"
#include <math.h>
#include <stdlib.h>
double ml_curve_spot(const ml_curve *c, double t)
{
    if (c->n == 0) return 0.0;
    if (t <= c->tenor[0]) return c->rate[0];
    for (unsigned i = 1; i < c->n; i++)
        if (t <= c->tenor[i]) {
            double w = (t - c->tenor[i - 1]) / (c->tenor[i] - c->tenor[i - 1]);
            return c->rate[i - 1] + w * (c->rate[i] - c->rate[i - 1]);
        }
    return c->rate[c->n - 1];
}
double ml_curve_discount(const ml_curve *c, double t)
{
    return t <= 0.0 ? 1.0 : pow(1.0 + ml_curve_spot(c, t), -t);
}
int ml_time_build(ml_time *t)
{
    t->n_months = 12u * (t->years + t->dev_years) + 1u;
    t->trend_f = malloc((t->n_months) * sizeof *t->trend_f);
    t->disc_f = malloc((t->n_months) * sizeof *t->disc_f);
    if (!t->trend_f || !t->disc_f) return ML_ENOMEM;
    for (unsigned m = 0; m < t->n_months; m++) {
        t->trend_f[m] = pow(1.0 + t->trend, (t->policy_year - t->price_year) + m / 12.0);
        t->disc_f[m] = ml_curve_discount(&t->curve, m / 12.0);
    }
    return ML_OK;
}
void ml_time_free(ml_time *t) { free(t->trend_f); free(t->disc_f); t->trend_f = t->disc_f = NULL; }
static double interp(const double *f, unsigned n, double m)
{
    if (!(m > 0.0)) return f[0];
    if (m >= n - 1) return f[n - 1];
    unsigned i = (unsigned)m; double w = m - i;
    return f[i] + w * (f[i + 1] - f[i]);
}
double ml_time_trend(const ml_time *t, double m) { return interp(t->trend_f, t->n_months, m); }
double ml_time_discount(const ml_time *t, double m) { return interp(t->disc_f, t->n_months, m); }
unsigned ml_time_dev_year(const ml_time *t, unsigned a, double m)
{
    double y = floor(m / 12.0) - a;
    if (!(y > 0.0)) return 0;
    return y >= t->dev_years - 1 ? t->dev_years - 1 : (unsigned)y;
}
