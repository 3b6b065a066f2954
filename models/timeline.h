/*
 * timeline.h — time in a run (DESIGN section 5a): accident years, the
 * development years a claim's payments fall in, severity trend to the
 * payment date and discounting by a yield curve.
 *
 * Months are counted from the start of the policy year (accident year 0);
 * accident year a runs over months [12a, 12a + 12).  A payment at month t
 * of a claim of accident year a falls in development year
 * floor(t / 12) - a (0 = the accident year itself), the last development
 * year holding everything later.
 *
 * Each replicate keeps a ledger (ML_DV_ROWS triangles of [years][dev_years]
 * incremental values, then ML_DS_ROWS values per accident year), filled by
 * the engine and read by sim/results.  Counts are integers held in doubles.
 */
#ifndef ML_TIMELINE_H
#define ML_TIMELINE_H

#include <stddef.h>

#define ML_YEARS_MAX 40     /* accident years in one run */
#define ML_DEV_YEARS_MAX 80 /* development years kept */
#define ML_CURVE_MAX 64     /* tenor points of a yield curve */
#define ML_TREND_YEARS 64   /* calendar years of a trend given year by year */

/* The triangles of a ledger: [accident year][development year], incremental. */
enum ml_dev_row {
    ML_DV_REPORTED,    /* claims reported (notified), count, by report year */
    ML_DV_PAID_COUNT,  /* claims closed with a payment, count, by closing year */
    ML_DV_PAID,        /* the indemnifier's payments (insured), trended, by payment year */
    ML_DV_INCURRED,    /* the indemnifier's ultimate cost of the claims reported that
                        * year, trended: case reserves set at report to the claim's
                        * ultimate cost (assumption: perfect case estimates), so
                        * paid + outstanding case reserves = incurred */
    ML_DV_PV_REPORTED, /* the same claims' insured payments, trended and discounted
                        * to the start of the calendar year they were reported in
                        * (the price of claims-made cover) */
    ML_DV_COMP_PAID,   /* compensation paid to patients, trended, by payment year */
    ML_DV_ROWS
};
/* One value per accident year. */
enum ml_dev_scalar {
    ML_DS_PV_OCC,      /* insured payments, trended and discounted to the start of
                        * the accident year (the price of occurrence cover) */
    ML_DS_COMP_MONTHS, /* sum over compensation payments of amount x months from
                        * the incident to the payment (the payment pattern's mean);
                        * amounts before trend */
    ML_DS_COMP,        /* compensation of the accident year, before trend */
    ML_DS_ROWS
};

/* Values per replicate of a ledger for years x dev_years. */
static inline size_t ml_dev_stride(unsigned years, unsigned dev_years)
{
    return (size_t)ML_DV_ROWS * years * dev_years + (size_t)ML_DS_ROWS * years;
}
/* Offset of triangle row r, accident year a, development year d in a ledger. */
static inline size_t ml_dev_at(unsigned years, unsigned dev_years, int r, unsigned a,
                               unsigned d)
{
    return ((size_t)r * years + a) * dev_years + d;
}
/* Offset of per-accident-year value s of accident year a in a ledger. */
static inline size_t ml_dev_scalar_at(unsigned years, unsigned dev_years, int s, unsigned a)
{
    return (size_t)ML_DV_ROWS * years * dev_years + (size_t)s * years + a;
}

/* A yield curve: spot rates (annual compounding) at tenors in years,
 * interpolated linearly between tenors and flat beyond the ends; one point
 * is a flat rate.  n = 0: no discounting. */
typedef struct {
    unsigned n;
    double tenor[ML_CURVE_MAX], rate[ML_CURVE_MAX];
    char name[64];
    char source[400];
} ml_curve;

/* The spot rate at t years and the discount factor (1 + s(t))^-t. */
double ml_curve_spot(const ml_curve *c, double t_years);
double ml_curve_discount(const ml_curve *c, double t_years);

/* A regime's own timing rules (the regime file's `trend`, `periodical`
 * and, for a textbook regime, `timing`). */
typedef struct {
    double trend; /* severity trend, fraction per year, from the price year on */
    /* Or year by year (trend_by_year): the rate of calendar year
     * trend_year[k] (increasing) holds until the next listed year; years
     * before the first take the first's rate. */
    unsigned n_trend;
    int trend_year[ML_TREND_YEARS];
    double trend_rate[ML_TREND_YEARS];
    /* Periodical payments: of an award of at least ppo_threshold, the
     * share ppo_share is paid in ppo_years equal yearly instalments, the
     * first a year after settlement; the nominal total is the award, so
     * the annual measures do not change, only when they are paid. */
    double ppo_threshold, ppo_share;
    unsigned ppo_years;
    /* A textbook regime's claims: months from incident to report and from
     * report to payment, gamma with these means and cvs (0: fixed). */
    double report_months, report_cv, settle_months, settle_cv;
} ml_timing;

/* A run's time settings (the run file's `time:` block and the regime's
 * trend), with the factor tables the engine reads. */
typedef struct {
    int on;                   /* the run keeps ledgers */
    unsigned years, dev_years;
    int policy_year;          /* calendar year of accident year 0 */
    int price_year;           /* the year the regime's amounts are stated in */
    double trend;             /* severity trend, fraction per year (with a table:
                               * the policy year's rate, which the steady-state
                               * claims-made prices deflate by) */
    unsigned n_trend;         /* the regime's year-by-year table (ml_timing), 0: flat */
    int trend_year[ML_TREND_YEARS];
    double trend_rate[ML_TREND_YEARS];
    ml_curve curve;
    /* trend_f[m] = (1 + trend)^(policy_year - price_year + m / 12) and
     * disc_f[m] = the curve's discount factor at m months, m = 0 .. n_months;
     * ml_time_build allocates them, ml_time_free frees them. */
    unsigned n_months;
    double *trend_f, *disc_f;
} ml_time;

/* Builds the tables for months 0 .. n_months = 12 (years + dev_years), so
 * n_months + 1 entries each; trend_f and disc_f are overwritten (call
 * ml_time_free first to rebuild).  0, ML_EINVAL (years or dev_years 0 or
 * above their maxima, trend <= -1) or ML_ENOMEM; on failure both are NULL. */
int ml_time_build(ml_time *t);
void ml_time_free(ml_time *t);
/* The tables at month m (linear between whole months, clamped to the ends);
 * t must have been built. */
double ml_time_trend(const ml_time *t, double m);
double ml_time_discount(const ml_time *t, double m);
/* The development year of a payment at month m of accident year a,
 * clamped to [0, dev_years - 1]. */
unsigned ml_time_dev_year(const ml_time *t, unsigned a, double m);

#endif
