/*
 * test_timeline.c — the yield curve and the month tables of models/timeline.h
 * on cases worked by hand: present values of fixed cash flows under a flat
 * rate and a three-point curve, interpolation and flat ends, the trend and
 * discount tables at whole and fractional months, development years.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "status.h"
#include "timeline.h"

#include <math.h>
#include <string.h>

/* A handful of roundings in pow and one interpolation. */
#define REL 1e-13
#define WHY "a few roundings of pow and one interpolation"

static ml_curve flat(double r)
{
    ml_curve c;
    memset(&c, 0, sizeof c);
    c.n = 1;
    c.tenor[0] = 1.0;
    c.rate[0] = r;
    return c;
}

/* Tenors 1, 2, 5 years at 2%, 3%, 4%. */
static ml_curve three_point(void)
{
    ml_curve c;
    memset(&c, 0, sizeof c);
    c.n = 3;
    c.tenor[0] = 1.0, c.rate[0] = 0.02;
    c.tenor[1] = 2.0, c.rate[1] = 0.03;
    c.tenor[2] = 5.0, c.rate[2] = 0.04;
    return c;
}

/* 100 at 1 year and 100 at 2 years at a flat 3%: 100 / 1.03 + 100 / 1.03^2
 * = 97.0873786... + 94.2595909... = 191.3469695... */
static void test_pv_flat_rate(void **state)
{
    (void)state;
    ml_curve c = flat(0.03);
    double pv = 100.0 * ml_curve_discount(&c, 1.0) + 100.0 * ml_curve_discount(&c, 2.0);
    ml_assert_double_rel(pv, 100.0 / 1.03 + 100.0 / (1.03 * 1.03), REL, WHY);
    ml_assert_double_rel(pv, 191.3469695541521, REL, WHY);
    /* A one-point curve is flat at every tenor, before and after its point. */
    ml_assert_double_exact(ml_curve_spot(&c, 0.25), 0.03);
    ml_assert_double_exact(ml_curve_spot(&c, 30.0), 0.03);
}

/* On the curve 2% / 3% / 4% at 1 / 2 / 5 years: s(1.5) = 2.5%,
 * s(3.5) = 3% + (1.5 / 3) 1% = 3.5%.  100 at 1, 2 and 3.5 years:
 * 100 / 1.02 + 100 / 1.03^2 + 100 / 1.035^3.5. */
static void test_pv_three_point_curve(void **state)
{
    (void)state;
    ml_curve c = three_point();
    ml_assert_double_rel(ml_curve_spot(&c, 1.5), 0.025, 1e-15, "one interpolation");
    ml_assert_double_rel(ml_curve_spot(&c, 3.5), 0.035, 1e-15, "one interpolation");
    ml_assert_double_exact(ml_curve_spot(&c, 2.0), 0.03); /* on a tenor: its rate */
    double pv = 100.0 * (ml_curve_discount(&c, 1.0) + ml_curve_discount(&c, 2.0) +
                         ml_curve_discount(&c, 3.5));
    double want = 100.0 / 1.02 + 100.0 / (1.03 * 1.03) + 100.0 / pow(1.035, 3.5);
    ml_assert_double_rel(pv, want, REL, WHY);
    /* By hand: 98.0392157 + 94.2595909 + 88.6561312 = 280.9549378. */
    ml_assert_double_abs(pv, 280.9549378, 1e-7, "hand value to 10 figures");
}

/* Flat beyond the ends: the first rate before the first tenor, the last
 * after the last; discounting of t <= 0 gives 1; no curve gives rate 0. */
static void test_curve_clamps_and_edges(void **state)
{
    (void)state;
    ml_curve c = three_point();
    ml_assert_double_exact(ml_curve_spot(&c, 0.5), 0.02);
    ml_assert_double_exact(ml_curve_spot(&c, 0.0), 0.02);
    ml_assert_double_exact(ml_curve_spot(&c, 10.0), 0.04);
    ml_assert_double_rel(ml_curve_discount(&c, 0.5), pow(1.02, -0.5), 1e-15, "pow");
    ml_assert_double_rel(ml_curve_discount(&c, 10.0), pow(1.04, -10.0), 1e-15, "pow");
    ml_assert_double_exact(ml_curve_discount(&c, 0.0), 1.0);
    ml_assert_double_exact(ml_curve_discount(&c, -2.0), 1.0);
    ml_curve none;
    memset(&none, 0, sizeof none);
    ml_assert_double_exact(ml_curve_spot(&none, 3.0), 0.0);
    ml_assert_double_exact(ml_curve_discount(&none, 3.0), 1.0);
    ml_assert_double_exact(ml_curve_discount(NULL, 3.0), 1.0);
}

static ml_time time_2x3(void)
{
    ml_time t;
    memset(&t, 0, sizeof t);
    t.on = 1;
    t.years = 2;
    t.dev_years = 3;
    t.policy_year = 2025;
    t.price_year = 2020;
    t.trend = 0.04;
    t.curve = flat(0.03);
    return t;
}

/* 2 accident years + 3 development years: 60 months, 61 entries.
 * trend_f[m] = 1.04^(5 + m / 12): 1.04^5 at 0, 1.04^6 at 12, 1.04^10 at 60;
 * disc_f[m] = 1.03^(-m / 12). */
static void test_tables_at_whole_months(void **state)
{
    (void)state;
    ml_time t = time_2x3();
    ml_assert_int_eq(ml_time_build(&t), ML_OK);
    ml_assert_int_eq(t.n_months, 60);
    ml_assert_double_rel(t.trend_f[0], pow(1.04, 5.0), 1e-15, "pow");
    ml_assert_double_rel(t.trend_f[12], pow(1.04, 6.0), 1e-15, "pow");
    ml_assert_double_rel(t.trend_f[60], pow(1.04, 10.0), 1e-15, "pow");
    ml_assert_double_rel(ml_time_trend(&t, 6.0), pow(1.04, 5.5), 1e-15, "pow");
    ml_assert_double_exact(t.disc_f[0], 1.0);
    ml_assert_double_rel(t.disc_f[24], 1.0 / (1.03 * 1.03), 1e-15, "pow");
    ml_assert_double_rel(ml_time_discount(&t, 12.0), 1.0 / 1.03, 1e-15, "pow");
    ml_assert_double_rel(ml_time_discount(&t, 60.0), pow(1.03, -5.0), 1e-15, "pow");
    ml_time_free(&t);
    assert_null(t.trend_f);
    assert_null(t.disc_f);
}

/* Between whole months the tables are linear: at 6.5 the mean of months 6
 * and 7, at 18.25 a quarter of the way from 18 to 19; outside [0, 60] the
 * end values. */
static void test_tables_at_fractional_months(void **state)
{
    (void)state;
    ml_time t = time_2x3();
    ml_assert_int_eq(ml_time_build(&t), ML_OK);
    double f6 = pow(1.04, 5.0 + 6.0 / 12.0), f7 = pow(1.04, 5.0 + 7.0 / 12.0);
    ml_assert_double_rel(ml_time_trend(&t, 6.5), 0.5 * (f6 + f7), REL, WHY);
    double d18 = pow(1.03, -18.0 / 12.0), d19 = pow(1.03, -19.0 / 12.0);
    ml_assert_double_rel(ml_time_discount(&t, 18.25), d18 + 0.25 * (d19 - d18), REL, WHY);
    /* The linear value is not the exact one, but within the curvature over
     * a month: |f''| / 8 per month^2, about 1e-6 relative here. */
    ml_assert_double_rel(ml_time_discount(&t, 18.25), pow(1.03, -18.25 / 12.0), 1e-6,
                         "linear between months: curvature of 1.03^-t over one month");
    ml_assert_double_exact(ml_time_trend(&t, -3.0), t.trend_f[0]);
    ml_assert_double_exact(ml_time_trend(&t, 100.0), t.trend_f[60]);
    ml_assert_double_exact(ml_time_discount(&t, 61.0), t.disc_f[60]);
    ml_assert_double_exact(ml_time_discount(&t, -1.0), 1.0);
    ml_time_free(&t);
}

/* Accident year a runs over months [12a, 12a + 12); development year =
 * floor(m / 12) - a, clamped to [0, dev_years - 1]. */
static void test_dev_year(void **state)
{
    (void)state;
    ml_time t = time_2x3();
    ml_assert_int_eq(ml_time_dev_year(&t, 0, 0.0), 0);
    ml_assert_int_eq(ml_time_dev_year(&t, 0, 11.999), 0);
    ml_assert_int_eq(ml_time_dev_year(&t, 0, 12.0), 1);
    ml_assert_int_eq(ml_time_dev_year(&t, 0, 35.5), 2);
    ml_assert_int_eq(ml_time_dev_year(&t, 0, 36.0), 2); /* the last holds the rest */
    ml_assert_int_eq(ml_time_dev_year(&t, 0, 1e9), 2);
    ml_assert_int_eq(ml_time_dev_year(&t, 1, 12.0), 0);
    ml_assert_int_eq(ml_time_dev_year(&t, 1, 5.0), 0); /* before its year: clamped */
    ml_assert_int_eq(ml_time_dev_year(&t, 1, 24.0), 1);
    ml_assert_int_eq(ml_time_dev_year(&t, 1, -4.0), 0);
}

static void test_build_refuses(void **state)
{
    (void)state;
    ml_time t = time_2x3();
    t.years = 0;
    ml_assert_int_eq(ml_time_build(&t), ML_EINVAL);
    assert_null(t.trend_f);
    t = time_2x3();
    t.dev_years = ML_DEV_YEARS_MAX + 1;
    ml_assert_int_eq(ml_time_build(&t), ML_EINVAL);
    t = time_2x3();
    t.trend = -1.0;
    ml_assert_int_eq(ml_time_build(&t), ML_EINVAL);
    ml_time_free(&t); /* harmless on an unbuilt struct */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pv_flat_rate),
        cmocka_unit_test(test_pv_three_point_curve),
        cmocka_unit_test(test_curve_clamps_and_edges),
        cmocka_unit_test(test_tables_at_whole_months),
        cmocka_unit_test(test_tables_at_fractional_months),
        cmocka_unit_test(test_dev_year),
        cmocka_unit_test(test_build_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
