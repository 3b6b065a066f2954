/*
 * test_reserving.c — the chain ladder and Mack's standard error against
 * the published Taylor & Ashe figures, triangles whose answers are exact by
 * construction, and the method's error measured on synthetic ledgers whose
 * truth is worked out by hand in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "reserving.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-12

/* Taylor & Ashe (1983) cumulative paid claims, 10 accident years (the
 * 'GenIns' triangle of R's ChainLadder), as analysed in Mack (1993), ASTIN
 * Bulletin 23(2) 213-225; 0 below the diagonal. */
static const double genins[10][10] = {
    {357848, 1124788, 1735330, 2218270, 2745596, 3319994, 3466336, 3606286, 3833515, 3901463},
    {352118, 1236139, 2170033, 3353322, 3799067, 4120063, 4647867, 4914039, 5339085},
    {290507, 1292306, 2218525, 3235179, 3985995, 4132918, 4628910, 4909315},
    {310608, 1418858, 2195047, 3757447, 4029929, 4381982, 4588268},
    {443160, 1136350, 2128333, 2897821, 3402672, 3873311},
    {396132, 1333217, 2180715, 2985752, 3691712},
    {440832, 1288463, 2419861, 3483130},
    {359480, 1421128, 2864498},
    {376686, 1363294},
    {344014},
};

/* Mack (1993), the Taylor & Ashe example: reserves and their standard
 * errors by accident year and in total, printed to the unit; the factors
 * to three decimals. */
static const double mack_reserve[10] = {0,       94634,   469511,  709638,  984889,
                                        1419459, 2177641, 3920301, 4278972, 4625811};
static const double mack_se[10] = {0,      75535,  121699, 133549, 261406,
                                   411010, 558317, 875328, 971258, 1363155};
static const double mack_f[9] = {3.491, 1.747, 1.457, 1.174, 1.104, 1.086, 1.054, 1.077, 1.018};
#define MACK_TOTAL_RESERVE 18680856.0
#define MACK_TOTAL_SE 2447095.0

static void test_taylor_ashe_matches_mack_1993(void **state)
{
    (void)state;
    ml_chain_ladder cl;
    assert_int_equal(ml_chain_ladder_fit(&genins[0][0], 10, 10, &cl), ML_OK);
    assert_int_equal(cl.years, 10);
    for (int k = 0; k < 9; k++)
        ml_assert_double_abs(cl.f[k], mack_f[k], 5e-4, "printed to 3 decimals");
    for (int a = 0; a < 10; a++) {
        ml_assert_double_exact(cl.latest[a], genins[a][9 - a]);
        ml_assert_double_abs(cl.reserve[a], mack_reserve[a], 0.5, "printed to the unit");
        ml_assert_double_abs(cl.se[a], mack_se[a], 0.5, "printed to the unit");
        assert_true(fabs(cl.ult[a] - cl.latest[a] - cl.reserve[a]) <= EPS * cl.ult[a]);
    }
    ml_assert_double_abs(cl.total_reserve, MACK_TOTAL_RESERVE, 0.5, "printed to the unit");
    ml_assert_double_abs(cl.total_se, MACK_TOTAL_SE, 0.5, "printed to the unit");
    /* The last factor has one pair; Mack's rule gives min(s7^4/s6^2, s6^2,
     * s7^2) = s6^2 here (s6^2 = 447 < s7^2 = 1147 < s7^4/s6^2 = 2943),
     * copied, so exactly equal. */
    ml_assert_double_exact(cl.sigma2[8], cl.sigma2[6]);
    assert_true(cl.sigma2[7] > cl.sigma2[6]);
    /* The common factors make the years' errors add up: the total's se
     * exceeds that of independent years. */
    double ind = 0.0;
    for (int a = 0; a < 10; a++)
        ind += cl.se[a] * cl.se[a];
    assert_true(cl.total_se > sqrt(ind) * 1.1);
}

/* Cells below the diagonal and columns past years - 1 are never read:
 * NaN there changes nothing, to the bit. */
static void test_unobserved_cells_are_ignored(void **state)
{
    (void)state;
    enum { D = 13 };
    double wide[10 * D];
    for (int a = 0; a < 10; a++)
        for (int d = 0; d < D; d++)
            wide[a * D + d] = a + d <= 9 ? genins[a][d] : NAN;
    ml_chain_ladder dense, sparse;
    assert_int_equal(ml_chain_ladder_fit(&genins[0][0], 10, 10, &dense), ML_OK);
    assert_int_equal(ml_chain_ladder_fit(wide, 10, D, &sparse), ML_OK);
    assert_memory_equal(&dense, &sparse, sizeof dense);
}

/* Every accident year develops by 2, 1.5, 1.25, 1.125 from C0 = 16 (a + 1):
 * the factors are found exactly, the ratios show no spread, so every
 * sigma^2 (the extrapolated last one too: min of zeros) and every se is 0.
 * Ultimates 16 (a + 1) x 4.21875 = 67.5 (a + 1); latest: 67.5, 32 x 3.75 =
 * 120, 48 x 3 = 144, 64 x 2 = 128, 80; reserves 0, 15, 58.5, 142, 257.5,
 * total 473.  All dyadic, so exact. */
static void test_constant_factors_exact(void **state)
{
    (void)state;
    enum { Y = 5 };
    const double g[Y - 1] = {2.0, 1.5, 1.25, 1.125};
    double c[Y * Y];
    memset(c, 0, sizeof c);
    for (int a = 0; a < Y; a++) {
        c[a * Y] = 16.0 * (a + 1);
        for (int d = 1; a + d <= Y - 1; d++)
            c[a * Y + d] = c[a * Y + d - 1] * g[d - 1];
    }
    ml_chain_ladder cl;
    assert_int_equal(ml_chain_ladder_fit(c, Y, Y, &cl), ML_OK);
    const double latest[Y] = {67.5, 120, 144, 128, 80}, reserve[Y] = {0, 15, 58.5, 142, 257.5};
    for (int k = 0; k < Y - 1; k++) {
        ml_assert_double_exact(cl.f[k], g[k]);
        ml_assert_double_exact(cl.sigma2[k], 0.0);
    }
    for (int a = 0; a < Y; a++) {
        ml_assert_double_exact(cl.latest[a], latest[a]);
        ml_assert_double_exact(cl.ult[a], 67.5 * (a + 1));
        ml_assert_double_exact(cl.reserve[a], reserve[a]);
        ml_assert_double_exact(cl.se[a], 0.0);
    }
    ml_assert_double_exact(cl.total_reserve, 473.0);
    ml_assert_double_exact(cl.total_se, 0.0);
}

/* Two accident years: one factor with one pair, nothing to estimate its
 * variance from, so sigma^2 = 0.  C = [[1, 3], [2]]: f = 3, ult 6,
 * reserve 4.  Three years: the last factor has only one factor before it,
 * fewer than Mack's rule needs, so its sigma^2 is 0 as well. */
static void test_too_few_years_for_sigma(void **state)
{
    (void)state;
    double c2[4] = {1, 3, 2, 0};
    ml_chain_ladder cl;
    assert_int_equal(ml_chain_ladder_fit(c2, 2, 2, &cl), ML_OK);
    ml_assert_double_exact(cl.f[0], 3.0);
    ml_assert_double_exact(cl.sigma2[0], 0.0);
    ml_assert_double_exact(cl.reserve[1], 4.0);
    ml_assert_double_exact(cl.total_se, 0.0);
    /* f0 = (3 + 5) / (1 + 2) = 8/3 from ratios 3 and 2.5:
     * sigma0^2 = 1 (3 - 8/3)^2 + 2 (2.5 - 8/3)^2 = 1/9 + 2/36 = 1/6. */
    double c3[9] = {1, 3, 4, 2, 5, 0, 4, 0, 0};
    assert_int_equal(ml_chain_ladder_fit(c3, 3, 3, &cl), ML_OK);
    ml_assert_double_rel(cl.f[0], 8.0 / 3.0, EPS, "one division");
    ml_assert_double_rel(cl.sigma2[0], 1.0 / 6.0, EPS, "a few roundings");
    ml_assert_double_exact(cl.sigma2[1], 0.0);
    assert_true(cl.se[2] > 0.0); /* sigma0 still reaches the youngest year */
}

/* A column that sums to 0 has nothing to develop from: f = 1 there.
 * C = [[0, 5, 6], [0, 4], [7]]: f0 = 1, f1 = 6/5; ult 6, 4.8, 8.4. */
static void test_zero_column_gives_factor_one(void **state)
{
    (void)state;
    double c[9] = {0, 5, 6, 0, 4, 0, 7, 0, 0};
    ml_chain_ladder cl;
    assert_int_equal(ml_chain_ladder_fit(c, 3, 3, &cl), ML_OK);
    ml_assert_double_exact(cl.f[0], 1.0);
    ml_assert_double_rel(cl.f[1], 1.2, EPS, "one division");
    ml_assert_double_rel(cl.ult[1], 4.8, EPS, "one product");
    ml_assert_double_rel(cl.ult[2], 8.4, EPS, "two products");
    assert_true(isfinite(cl.total_se));
}

/* --- the method's error over replicates --- */

enum { LY = 4, PAD = 3 };

/* n replicates of a LY x d ledger, stride the minimum + PAD; every cell NaN
 * (so reading a wrong row or the padding shows), then the paid and incurred
 * rows set to w[r][a] x pattern[d]. */
static double *make_ledger(size_t n, unsigned d_years, const double *w, const double *paid,
                           const double *incurred, size_t *stride)
{
    *stride = ml_dev_stride(LY, d_years) + PAD;
    double *l = malloc(n * *stride * sizeof *l);
    assert_non_null(l);
    for (size_t i = 0; i < n * *stride; i++)
        l[i] = NAN;
    for (size_t r = 0; r < n; r++)
        for (unsigned a = 0; a < LY; a++)
            for (unsigned d = 0; d < d_years; d++) {
                double *x = l + r * *stride;
                x[ml_dev_at(LY, d_years, ML_DV_PAID, a, d)] = w[r * LY + a] * paid[d];
                x[ml_dev_at(LY, d_years, ML_DV_INCURRED, a, d)] = w[r * LY + a] * incurred[d];
            }
    return l;
}

/* D = Y = 4, payments 1, 1, 2, 4 a unit of exposure (cumulative 1, 2, 4, 8:
 * every factor 2, exact), w = r + 1 in every accident year, r = 0 .. 3.
 * Still to pay, a unit: 0, 8 - 4, 8 - 2, 8 - 1 = 17; truth 17 (r + 1),
 * mean 42.5; the chain ladder sees the whole pattern, so the error is 0,
 * sigma^2 0, coverage 1.  Incurred 4, 2, 1, 1 (factors 1.5, 7/6, 8/7, not
 * exact in binary): still to come 0 + 1 + 2 + 4 = 7 a unit, mean 17.5. */
static void test_check_exact_when_all_development_is_seen(void **state)
{
    (void)state;
    const double paid[4] = {1, 1, 2, 4}, inc[4] = {4, 2, 1, 1};
    double w[4 * LY];
    for (int r = 0; r < 4; r++)
        for (int a = 0; a < LY; a++)
            w[r * LY + a] = r + 1;
    size_t stride;
    double *l = make_ledger(4, 4, w, paid, inc, &stride);
    ml_reserve_check ck;
    assert_int_equal(ml_reserve_check_ledgers(l, 4, stride, LY, 4, ML_DV_PAID, &ck), ML_OK);
    ml_assert_size_eq(ck.n, 4);
    ml_assert_size_eq(ck.n_rel, 4);
    ml_assert_double_exact(ck.mean_truth, 42.5);
    ml_assert_double_exact(ck.mean_estimate, 42.5);
    ml_assert_double_exact(ck.mean_error, 0.0);
    ml_assert_double_exact(ck.sd_error, 0.0);
    ml_assert_double_exact(ck.se_error, 0.0);
    ml_assert_double_exact(ck.rmse, 0.0);
    ml_assert_double_exact(ck.mean_rel_error, 0.0);
    ml_assert_double_exact(ck.rel_q05, 0.0);
    ml_assert_double_exact(ck.rel_q95, 0.0);
    ml_assert_double_exact(ck.mean_mack_se, 0.0);
    ml_assert_double_exact(ck.coverage95, 1.0);

    assert_int_equal(ml_reserve_check_ledgers(l, 4, stride, LY, 4, ML_DV_INCURRED, &ck),
                     ML_OK);
    ml_assert_double_exact(ck.mean_truth, 17.5);
    ml_assert_double_rel(ck.mean_estimate, 17.5, EPS, "products of inexact factors");
    ml_assert_double_abs(ck.mean_error, 0.0, 17.5 * EPS, "products of inexact factors");
    /* Coverage is not asserted here: error and se are both rounding noise. */
    ml_assert_double_abs(ck.mean_mack_se, 0.0, 1e-6, "sigma^2 of ratios equal to rounding");
    free(l);
}

/* D = 6 > Y = 4: payments 1, 1, 2, 4, 3, 1 a unit.  The chain ladder sees
 * columns 0 .. 3 only (factors 2, 2, 2 as before) and still estimates
 * 0, 4, 6, 7 a unit; the truth is 3 + 1 = 4, 4 + 4 = 8, 6 + 4 = 10,
 * 7 + 4 = 11 a unit: every accident year misses the 4 paid in columns 4
 * and 5.  Exposure w = (1, 1, 1, w3), w3 = r + 1, r = 0 .. 19, then one
 * replicate with no claims (w = 0: truth 0, left out of the relative
 * errors, error 0 within 0 x se, covered).
 *   error = -4 (3 + w3), truth = 22 + 11 w3,
 *   rel = -(12 + 4 w3) / (22 + 11 w3), increasing in w3 (d/dw3 = 44 / (..)^2),
 * so the order statistics are those of w3: rank ceil(0.05 x 20) = 1: w3 = 1,
 * -16/33; rank 10: w3 = 10, -52/132; rank ceil(0.95 x 20) = 19: w3 = 19,
 * -88/231.  mean error = -4 (20 x 3 + 210) / 21 = -1080 / 21; Mack's se is
 * 0 (no spread), so only the empty replicate is covered: 1/21. */
static void test_check_misses_development_beyond_the_triangle(void **state)
{
    (void)state;
    enum { N = 21, D = 6 };
    const double paid[D] = {1, 1, 2, 4, 3, 1}, inc[D] = {1, 1, 1, 1, 1, 1};
    double w[N * LY];
    memset(w, 0, sizeof w);
    for (int r = 0; r < 20; r++) {
        w[r * LY + 0] = w[r * LY + 1] = w[r * LY + 2] = 1;
        w[r * LY + 3] = r + 1;
    }
    size_t stride;
    double *l = make_ledger(N, D, w, paid, inc, &stride);
    ml_reserve_check ck;
    assert_int_equal(ml_reserve_check_ledgers(l, N, stride, LY, D, ML_DV_PAID, &ck), ML_OK);
    ml_assert_size_eq(ck.n, N);
    ml_assert_size_eq(ck.n_rel, 20);

    double err[N], truth[N], est[N], rel_sum = 0.0;
    for (int r = 0; r < N; r++) {
        double w3 = r < 20 ? r + 1 : 0, on = r < 20;
        err[r] = -4.0 * (3 * on + w3);
        truth[r] = 22 * on + 11 * w3;
        est[r] = truth[r] + err[r];
        if (r < 20)
            rel_sum += err[r] / truth[r];
    }
    double mt = 0, me = 0, sq = 0;
    for (int r = 0; r < N; r++) {
        mt += truth[r] / N;
        me += est[r] / N;
        sq += err[r] * err[r] / N;
    }
    double mean_err = -1080.0 / 21.0, ss = 0.0;
    for (int r = 0; r < N; r++)
        ss += (err[r] - mean_err) * (err[r] - mean_err);
    double sd = sqrt(ss / (N - 1));
    ml_assert_double_rel(ck.mean_truth, mt, EPS, "sum of 21 integers / 21");
    ml_assert_double_rel(ck.mean_estimate, me, EPS, "sum of 21 integers / 21");
    ml_assert_double_rel(ck.mean_error, mean_err, EPS, "sum of 21 integers / 21");
    ml_assert_double_rel(ck.sd_error, sd, EPS, "sum of 21 squares");
    ml_assert_double_rel(ck.se_error, sd / sqrt(21.0), EPS, "sum of 21 squares");
    ml_assert_double_rel(ck.rmse, sqrt(sq), EPS, "sum of 21 squares");
    ml_assert_double_rel(ck.mean_rel_error, rel_sum / 20, EPS, "sum of 20 ratios");
    ml_assert_double_exact(ck.rel_q05, -16.0 / 33.0);
    ml_assert_double_exact(ck.rel_q50, -52.0 / 132.0);
    ml_assert_double_exact(ck.rel_q95, -88.0 / 231.0);
    ml_assert_double_exact(ck.mean_mack_se, 0.0);
    ml_assert_double_exact(ck.coverage95, 1.0 / 21.0);
    free(l);
}

/* No replicate with anything to come: relative errors undefined. */
static void test_check_relative_error_undefined_without_truth(void **state)
{
    (void)state;
    const double paid[4] = {1, 0, 0, 0}, inc[4] = {1, 0, 0, 0};
    double w[2 * LY] = {1, 2, 3, 4, 5, 6, 7, 8};
    size_t stride;
    double *l = make_ledger(2, 4, w, paid, inc, &stride);
    ml_reserve_check ck;
    assert_int_equal(ml_reserve_check_ledgers(l, 2, stride, LY, 4, ML_DV_PAID, &ck), ML_OK);
    ml_assert_size_eq(ck.n_rel, 0);
    ml_assert_double_exact(ck.mean_truth, 0.0);
    ml_assert_double_exact(ck.mean_error, 0.0);
    assert_true(isnan(ck.mean_rel_error) && isnan(ck.rel_q05) && isnan(ck.rel_q50) &&
                isnan(ck.rel_q95));
    ml_assert_double_exact(ck.coverage95, 1.0);
    free(l);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    ml_chain_ladder cl;
    const double *c = &genins[0][0];
    assert_int_equal(ml_chain_ladder_fit(c, 1, 10, &cl), ML_EINVAL);
    assert_int_equal(ml_chain_ladder_fit(c, 0, 10, &cl), ML_EINVAL);
    assert_int_equal(ml_chain_ladder_fit(c, ML_YEARS_MAX + 1, ML_YEARS_MAX + 1, &cl),
                     ML_EINVAL);
    assert_int_equal(ml_chain_ladder_fit(c, 10, 9, &cl), ML_EINVAL);
    assert_int_equal(ml_chain_ladder_fit(NULL, 10, 10, &cl), ML_EINVAL);
    assert_int_equal(ml_chain_ladder_fit(c, 10, 10, NULL), ML_EINVAL);
    double bad[4] = {1, NAN, 2, 0}; /* an observed cell */
    assert_int_equal(ml_chain_ladder_fit(bad, 2, 2, &cl), ML_EINVAL);

    const double p[4] = {1, 1, 2, 4};
    double w[LY] = {1, 1, 1, 1};
    size_t s;
    double *l = make_ledger(1, 4, w, p, p, &s);
    ml_reserve_check ck;
    assert_int_equal(ml_reserve_check_ledgers(l, 1, s, LY, 4, ML_DV_PAID, &ck), ML_OK);
    assert_int_equal(ml_reserve_check_ledgers(l, 0, s, LY, 4, ML_DV_PAID, &ck), ML_EINVAL);
    assert_int_equal(ml_reserve_check_ledgers(NULL, 1, s, LY, 4, ML_DV_PAID, &ck), ML_EINVAL);
    assert_int_equal(ml_reserve_check_ledgers(l, 1, s, LY, 4, ML_DV_PAID, NULL), ML_EINVAL);
    assert_int_equal(ml_reserve_check_ledgers(l, 1, s, 1, 4, ML_DV_PAID, &ck), ML_EINVAL);
    assert_int_equal(ml_reserve_check_ledgers(l, 1, s, LY, 3, ML_DV_PAID, &ck), ML_EINVAL);
    assert_int_equal(ml_reserve_check_ledgers(l, 1, s, ML_YEARS_MAX + 1, ML_YEARS_MAX + 1,
                                              ML_DV_PAID, &ck),
                     ML_EINVAL);
    assert_int_equal(ml_reserve_check_ledgers(l, 1, (size_t)-1, LY, ML_DEV_YEARS_MAX + 1,
                                              ML_DV_PAID, &ck),
                     ML_EINVAL);
    assert_int_equal(ml_reserve_check_ledgers(l, 1, ml_dev_stride(LY, 4) - 1, LY, 4,
                                              ML_DV_PAID, &ck),
                     ML_EINVAL);
    assert_int_equal(ml_reserve_check_ledgers(l, 1, s, LY, 4, -1, &ck), ML_EINVAL);
    assert_int_equal(ml_reserve_check_ledgers(l, 1, s, LY, 4, ML_DV_ROWS, &ck), ML_EINVAL);
    /* A row left NaN (make_ledger fills only paid and incurred). */
    assert_int_equal(ml_reserve_check_ledgers(l, 1, s, LY, 4, ML_DV_REPORTED, &ck), ML_EINVAL);
    free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_taylor_ashe_matches_mack_1993),
        cmocka_unit_test(test_unobserved_cells_are_ignored),
        cmocka_unit_test(test_constant_factors_exact),
        cmocka_unit_test(test_too_few_years_for_sigma),
        cmocka_unit_test(test_zero_column_gives_factor_one),
        cmocka_unit_test(test_check_exact_when_all_development_is_seen),
        cmocka_unit_test(test_check_misses_development_beyond_the_triangle),
        cmocka_unit_test(test_check_relative_error_undefined_without_truth),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
