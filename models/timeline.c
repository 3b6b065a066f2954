/*
 * timeline.c — the yield curve and the month tables of a run (see
 * timeline.h).  The engine books every payment at a month from the start of
 * the policy year; rather than call pow() for each payment it reads the
 * trend and discount factors from tables built once per run, interpolating
 * linearly between whole months.  The tables are computed entry by entry
 * from their closed forms (never by repeated multiplication), so entry m
 * carries one rounding, not m of them.
 */
#include "timeline.h"
#include "status.h"

#include <math.h>
#include <stdlib.h>

double ml_curve_spot(const ml_curve *c, double t_years)
{
    /* No curve (or an empty one) means no discounting: a zero rate. */
    if (c == NULL || c->n == 0)
        return 0.0;
    unsigned n = c->n > ML_CURVE_MAX ? ML_CURVE_MAX : c->n;
    /* Flat beyond the ends: extrapolating a slope past the last quoted tenor
     * would invent rates the curve's source never gave.  The negated test
     * also sends NaN to the first rate rather than into the search. */
    if (n == 1 || !(t_years > c->tenor[0]))
        return c->rate[0];
    if (t_years >= c->tenor[n - 1])
        return c->rate[n - 1];
    /* Tenors ascend (the loader checks it): bisect for tenor[lo] <= t < tenor[hi]. */
    unsigned lo = 0, hi = n - 1;
    while (hi - lo > 1) {
        unsigned mid = lo + (hi - lo) / 2;
        if (c->tenor[mid] <= t_years)
            lo = mid;
        else
            hi = mid;
    }
    double w = (t_years - c->tenor[lo]) / (c->tenor[hi] - c->tenor[lo]);
    return c->rate[lo] + w * (c->rate[hi] - c->rate[lo]);
}

double ml_curve_discount(const ml_curve *c, double t_years)
{
    /* A payment now (or one booked before the valuation date) is worth
     * itself: it is not accumulated forward. */
    if (!(t_years > 0.0))
        return 1.0;
    return pow(1.0 + ml_curve_spot(c, t_years), -t_years);
}

/* The rate of calendar year y under a year-by-year trend. */
static double rate_of(const ml_time *t, int y)
{
    double g = t->trend_rate[0];
    for (unsigned k = 0; k < t->n_trend && t->trend_year[k] <= y; k++)
        g = t->trend_rate[k];
    return g;
}

/* F(c) = the integral from the first listed year to calendar time c of
 * ln(1 + g(floor(s))) ds, so that exp(F(c) - F(P)) trends an amount of
 * year P's money to time c (each year's rate compounding through it). */
static double trend_integral(const ml_time *t, double c)
{
    double a = (double)t->trend_year[0], f = 0.0;
    if (c < a)
        return (c - a) * log1p(t->trend_rate[0]);
    for (int y = t->trend_year[0]; (double)y < c; y++) {
        double span = c - y < 1.0 ? c - y : 1.0;
        f += span * log1p(rate_of(t, y));
    }
    return f;
}

int ml_time_build(ml_time *t)
{
    t->trend_f = NULL;
    t->disc_f = NULL;
    t->n_months = 0;
    if (t->years == 0 || t->dev_years == 0 || t->years > ML_YEARS_MAX ||
        t->dev_years > ML_DEV_YEARS_MAX || !(t->trend > -1.0) || t->n_trend > ML_TREND_YEARS)
        return ML_EINVAL;
    for (unsigned k = 0; k < t->n_trend; k++)
        if (!(t->trend_rate[k] > -1.0) || (k && t->trend_year[k] <= t->trend_year[k - 1]))
            return ML_EINVAL;
    unsigned n_months = 12u * (t->years + t->dev_years);
    double *tr = malloc(((size_t)n_months + 1) * sizeof *tr);
    double *di = malloc(((size_t)n_months + 1) * sizeof *di);
    if (tr == NULL || di == NULL) {
        free(tr);
        free(di);
        return ML_ENOMEM;
    }
    /* The regime's amounts are stated in price_year's money; a payment at
     * month m of the policy year is policy_year - price_year + m / 12 years
     * later. */
    double base = (double)t->policy_year - (double)t->price_year;
    double f0 = t->n_trend ? trend_integral(t, (double)t->price_year) : 0.0;
    for (unsigned m = 0; m <= n_months; m++) {
        if (t->n_trend)
            tr[m] = exp(trend_integral(t, (double)t->policy_year + (double)m / 12.0) - f0);
        else
            tr[m] = pow(1.0 + t->trend, base + (double)m / 12.0);
        di[m] = ml_curve_discount(&t->curve, (double)m / 12.0);
    }
    t->trend_f = tr;
    t->disc_f = di;
    t->n_months = n_months;
    return ML_OK;
}

void ml_time_free(ml_time *t)
{
    if (t == NULL)
        return;
    free(t->trend_f);
    free(t->disc_f);
    t->trend_f = NULL;
    t->disc_f = NULL;
    t->n_months = 0;
}

/* f at month m of a table f[0 .. n]: linear between whole months, the end
 * values outside (a payment past the last tabled month is rare and the
 * factor there changes slowly). */
static double table_at(const double *f, unsigned n, double m)
{
    if (!(m > 0.0))
        return f[0];
    if (m >= (double)n)
        return f[n];
    double i = floor(m);
    size_t k = (size_t)i;
    double w = m - i;
    return w == 0.0 ? f[k] : f[k] + w * (f[k + 1] - f[k]);
}

double ml_time_trend(const ml_time *t, double m)
{
    return table_at(t->trend_f, t->n_months, m);
}

double ml_time_discount(const ml_time *t, double m)
{
    return table_at(t->disc_f, t->n_months, m);
}

unsigned ml_time_dev_year(const ml_time *t, unsigned a, double m)
{
    if (t->dev_years == 0 || !(m > 0.0))
        return 0;
    /* Compare in doubles: a payment far beyond the ledger would overflow an
     * unsigned month count. */
    double d = floor(m / 12.0) - (double)a;
    if (d <= 0.0)
        return 0;
    if (d >= (double)(t->dev_years - 1))
        return t->dev_years - 1;
    return (unsigned)d;
}
