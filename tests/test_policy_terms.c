/*
 * test_policy_terms.c — the insurance terms of models/policy.h, the
 * reinsurance layer of models/reinsurance.h and the price index of
 * models/price_index.h on worked examples whose every number is computed
 * by hand in the comments, and the identities the terms must keep for any
 * claim (what the insurer, the hospital and the excess above the limit take
 * adds up to the claim; stacked layers take what one wide layer takes).
 * (Single-term checks and the aggregate retention against its claim-by-
 * claim definition are in test_models.c; layers by hand in test_pricing.c.)
 *
 * Tolerances: exact where every intermediate is exact in binary (integers
 * below 2^53, halves, quarters); otherwise a few ulps of the largest
 * amount, from the rounding of the few additions involved, as each says.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "policy.h"
#include "price_index.h"
#include "reinsurance.h"

#include <float.h>
#include <math.h>
#include <string.h>

static ml_policy policy(double d, double L, double c, double A, double R)
{
    ml_policy p = {d, L, c, A, R, ML_INDEMNIFIER_INSURER};
    return p;
}

/* A hospital-year under one programme, worked by hand.
 * Terms: deductible (SIR) d = 25,000 per claim; limit L = 975,000 per
 * claim above it; coinsurance c = 0.9; aggregate retention R = 100,000;
 * aggregate limit A = 2,000,000.
 *   claim        retained min(x, d)   per claim c min(max(x - d, 0), L)
 *   10,000       10,000               0
 *   25,000       25,000               0
 *   60,000       25,000               0.9 x 35,000  =  31,500
 *   1,500,000    25,000               0.9 x 975,000 = 877,500
 *   400,000      25,000               0.9 x 375,000 = 337,500
 *   sums t = 110,000                 s = 1,246,500
 * The retentions exceed R by 10,000, of which the insurer takes 0.9:
 * 9,000; the year's insured total is 1,255,500 (below A).
 * The hospital keeps the rest of 1,995,000: 739,500 = the excess above
 * the limit (1,500,000 - 25,000 - 975,000 = 500,000) + its 10% share of
 * every payment above d (3,500 + 97,500 + 37,500 = 138,500) + its
 * retentions up to R (100,000) + 10% of the retention beyond R (1,000). */
static const double claims[] = {10000, 25000, 60000, 1500000, 400000};
enum { N_CLAIMS = sizeof claims / sizeof claims[0] };

static void year_sums(const ml_policy *p, double *s, double *t, double *x)
{
    *s = *t = *x = 0.0;
    for (int i = 0; i < N_CLAIMS; i++) {
        *s += ml_policy_per_claim(p, claims[i]);
        *t += ml_policy_retained(p, claims[i]);
        *x += claims[i];
    }
}

static void test_hospital_programme_year_worked_by_hand(void **state)
{
    (void)state;
    ml_policy p = policy(25000, 975000, 0.9, 2e6, 100000);
    const double per[] = {0, 0, 31500, 877500, 337500};
    const double ret[] = {10000, 25000, 25000, 25000, 25000};
    for (int i = 0; i < N_CLAIMS; i++) {
        /* 0.9 x an integer: within one ulp of the decimal product */
        ml_assert_double_abs(ml_policy_per_claim(&p, claims[i]), per[i], 1e-9,
                             "0.9 is not exact in binary: one rounding");
        ml_assert_double_exact(ml_policy_retained(&p, claims[i]), ret[i]);
    }
    double s, t, x;
    year_sums(&p, &s, &t, &x);
    ml_assert_double_exact(t, 110000.0);
    ml_assert_double_abs(s, 1246500.0, 1e-9, "sum of three roundings of 0.9 x");
    double ins = ml_policy_annual(&p, s, t);
    ml_assert_double_abs(ins, 1255500.0, 1e-9, "sum of four roundings of 0.9 x");
    ml_assert_double_abs(x - ins, 739500.0, 1e-9, "the same, subtracted from an integer");
    /* ... and the hospital's part broken down as in the comment */
    ml_assert_double_abs(500000.0 + 138500.0 + 100000.0 + 1000.0, x - ins, 1e-9,
                         "the same roundings");
}

/* The same year under an aggregate limit of 1,000,000: the insurer pays
 * exactly A; without the aggregate retention (R = inf) it pays
 * min(1,246,500, A); with R = 150,000 (above t) the retentions add nothing. */
static void test_aggregate_limit_and_retention_bind_on_the_worked_year(void **state)
{
    (void)state;
    double s, t, x;
    ml_policy capped = policy(25000, 975000, 0.9, 1e6, 100000);
    year_sums(&capped, &s, &t, &x);
    ml_assert_double_exact(ml_policy_annual(&capped, s, t), 1e6);
    ml_policy no_r = policy(25000, 975000, 0.9, 2e6, INFINITY);
    year_sums(&no_r, &s, &t, &x);
    ml_assert_double_exact(ml_policy_annual(&no_r, s, t), s);
    ml_assert_double_exact(ml_policy_aggregate(&no_r, s), s);
    ml_policy high_r = policy(25000, 975000, 0.9, 2e6, 150000);
    year_sums(&high_r, &s, &t, &x);
    ml_assert_double_exact(ml_policy_annual(&high_r, s, t), s);
    /* R exactly at t: nothing over it, nothing added */
    ml_policy at_r = policy(25000, 975000, 0.9, 2e6, 110000);
    ml_assert_double_exact(ml_policy_annual(&at_r, s, t), s);
}

/* For any claim x >= 0 and finite L the claim splits into what the
 * hospital retains under the deductible, the insured layer and the excess
 * above d + L:  x = min(x, d) + min(max(x - d, 0), L) + max(x - d - L, 0),
 * and the insurer pays c times the middle term.  Checked on a grid of
 * claims across every boundary, to the rounding of three terms. */
static void test_claim_splits_into_retention_insured_layer_and_excess(void **state)
{
    (void)state;
    const ml_policy terms[] = {policy(25000, 975000, 0.9, INFINITY, INFINITY),
                               policy(0, 1e6, 1.0, INFINITY, INFINITY),
                               policy(1e5, 0, 0.5, INFINITY, INFINITY),
                               policy(5000, 20000, 0.0, INFINITY, INFINITY)};
    for (unsigned k = 0; k < sizeof terms / sizeof terms[0]; k++) {
        const ml_policy *p = &terms[k];
        double probes[] = {0.0, 1.0, p->deductible, p->deductible + 1,
                           p->deductible + p->limit, p->deductible + p->limit + 1, 3e6};
        for (double x = 0.5; x < 5e6; x *= 1.31)
            for (int j = 0; j < 8; j++) {
                double v = j < 7 ? probes[j] : x;
                double ret = ml_policy_retained(p, v);
                double layer = fmin(fmax(v - p->deductible, 0.0), p->limit);
                double excess = fmax(v - p->deductible - p->limit, 0.0);
                ml_assert_double_abs(ret + layer + excess, v, 4 * DBL_EPSILON * (v + 1),
                                     "three non-negative terms: a few ulps of x");
                ml_assert_double_abs(ml_policy_per_claim(p, v), p->coinsurance * layer,
                                     2 * DBL_EPSILON * (v + 1), "one product, one ulp");
            }
    }
}

/* The insurer's payment grows with the claim, never faster than c per
 * unit, and never beyond c L; the retention grows to d and stays there. */
static void test_per_claim_payment_is_monotone_and_c_lipschitz(void **state)
{
    (void)state;
    ml_policy p = policy(10000, 250000, 0.8, INFINITY, INFINITY);
    double prev_x = 0.0, prev_y = 0.0, prev_r = 0.0;
    for (double x = 1.0; x < 1e7; x *= 1.05) {
        double y = ml_policy_per_claim(&p, x), r = ml_policy_retained(&p, x);
        assert_true(y >= prev_y && r >= prev_r);
        assert_true(y - prev_y <= 0.8 * (x - prev_x) * (1 + 1e-12));
        assert_true(y <= 0.8 * 250000 && r <= 10000);
        prev_x = x, prev_y = y, prev_r = r;
    }
    ml_assert_double_exact(prev_y, 200000.0); /* exhausted: 0.8 x 250,000 */
    ml_assert_double_exact(prev_r, 10000.0);
}

/* A claim of no amount, a negative or a NaN one, pays and retains nothing
 * (the engine passes x = damages x share, which is 0 for an unpaid claim);
 * an unlimited policy with no deductible passes the claim through. */
static void test_empty_negative_and_nan_claims_pay_and_retain_nothing(void **state)
{
    (void)state;
    ml_policy p = policy(1000, INFINITY, 1.0, INFINITY, INFINITY);
    const double bad[] = {0.0, -0.0, -5.0, NAN, -INFINITY};
    for (int i = 0; i < 5; i++) {
        ml_assert_double_exact(ml_policy_per_claim(&p, bad[i]), 0.0);
        ml_assert_double_exact(ml_policy_retained(&p, bad[i]), 0.0);
    }
    ml_policy open = policy(0, INFINITY, 1.0, INFINITY, INFINITY);
    ml_assert_double_exact(ml_policy_per_claim(&open, 123456.75), 123456.75);
    ml_assert_double_exact(ml_policy_retained(&open, 123456.75), 0.0);
    /* a claim exactly at the deductible: retained in full, nothing paid */
    ml_assert_double_exact(ml_policy_per_claim(&p, 1000.0), 0.0);
    ml_assert_double_exact(ml_policy_retained(&p, 1000.0), 1000.0);
}

/* The aggregate retention with coinsurance c = 0.75 and R = 50,000, by
 * hand: retentions t = 80,000 exceed R by 30,000, of which the insurer
 * takes 0.75 x 30,000 = 22,500 on top of s = 40,000: 62,500; capped by
 * A = 60,000 it is 60,000.  The result is never below min(s, A) nor above
 * A, for any s and t. */
static void test_aggregate_retention_adds_c_times_the_excess_up_to_the_limit(void **state)
{
    (void)state;
    ml_policy p = policy(20000, INFINITY, 0.75, INFINITY, 50000);
    ml_assert_double_exact(ml_policy_annual(&p, 40000, 80000), 62500.0);
    ml_policy q = policy(20000, INFINITY, 0.75, 60000, 50000);
    ml_assert_double_exact(ml_policy_annual(&q, 40000, 80000), 60000.0);
    for (double s = 0.0; s < 2e5; s += 7919.5)
        for (double t = 0.0; t < 2e5; t += 6007.25) {
            double a = ml_policy_annual(&q, s, t);
            assert_true(a >= fmin(s, 60000.0) && a <= 60000.0);
            /* below R the retentions change nothing */
            if (t <= 50000)
                ml_assert_double_exact(a, fmin(s, 60000.0));
        }
}

/* ---- reinsurance layers ---------------------------------------------------- */

/* Any amount splits into what lies below the attachment, what the layer
 * takes and what lies above it: x = min(x, a) + ceded + max(x - a - l, 0).
 * Worked: 300k xs 200k of a 1M claim: 200k below, 300k ceded, 500k above. */
static void test_layer_splits_an_amount_into_below_ceded_and_above(void **state)
{
    (void)state;
    ml_layer l = {"xl_300k_xs_200k", ML_LAYER_XL, 200000, 300000};
    ml_assert_double_exact(ml_layer_ceded(&l, 1e6), 300000.0);
    ml_assert_double_exact(ml_layer_ceded(&l, 350000.0), 150000.0);
    ml_assert_double_exact(ml_layer_ceded(&l, 200000.0), 0.0);
    ml_assert_double_exact(ml_layer_ceded(&l, NAN), 0.0);
    for (double x = 0.25; x < 1e8; x *= 1.17) {
        double sum = fmin(x, 200000) + ml_layer_ceded(&l, x) + fmax(x - 500000, 0.0);
        ml_assert_double_abs(sum, x, 4 * DBL_EPSILON * x, "three terms: a few ulps of x");
    }
}

/* Layers stacked end to end (a programme 1M xs 0, 4M xs 1M, 5M xs 5M,
 * unlimited xs 10M) cede together exactly what one layer from the bottom
 * to the top cedes: the whole amount.  And two adjacent layers of widths
 * w1, w2 cede what one layer of width w1 + w2 cedes. */
static void test_stacked_layers_cede_what_one_layer_of_their_joint_width_cedes(void **state)
{
    (void)state;
    const ml_layer prog[] = {{"a", ML_LAYER_XL, 0, 1e6},
                             {"b", ML_LAYER_XL, 1e6, 4e6},
                             {"c", ML_LAYER_XL, 5e6, 5e6},
                             {"d", ML_LAYER_XL, 1e7, INFINITY}};
    ml_layer lo = {"lo", ML_LAYER_STOP_LOSS, 2e7, 3e6}, hi = {"hi", ML_LAYER_STOP_LOSS, 2.3e7, 5e6},
             both = {"both", ML_LAYER_STOP_LOSS, 2e7, 8e6};
    for (double x = 1.0; x < 1e9; x *= 1.23) {
        double sum = 0.0;
        for (int k = 0; k < 4; k++)
            sum += ml_layer_ceded(&prog[k], x);
        ml_assert_double_abs(sum, x, 4 * DBL_EPSILON * x, "four terms: a few ulps of x");
        ml_assert_double_abs(ml_layer_ceded(&lo, x) + ml_layer_ceded(&hi, x),
                             ml_layer_ceded(&both, x), 4 * DBL_EPSILON * x,
                             "two terms: a few ulps of x");
    }
}

/* ---- price index ------------------------------------------------------------- */

/* An index of levels 2019: 80, 2020: 100, 2021: 104, 2023: 115 (2022: 110)
 * and price year 2023.  Factors by hand: from 2019, 115 / 80 = 1.4375 (exact
 * in binary); from 2020, 1.15; the years outside [2019, 2023] have none.
 * Trending through an intermediate year is the direct factor:
 * f(2019) = f(2021) x I(2021) / I(2019). */
static void test_price_factors_are_level_ratios_within_the_index_years(void **state)
{
    (void)state;
    ml_price p;
    memset(&p, 0, sizeof p);
    p.year = 2023;
    p.first = 2019;
    p.last = 2023;
    const double lv[] = {80, 100, 104, 110, 115};
    memcpy(p.level, lv, sizeof lv);
    double f;
    assert_int_equal(ml_price_factor(&p, 2019, &f), 0);
    ml_assert_double_exact(f, 1.4375);
    assert_int_equal(ml_price_factor(&p, 2020, &f), 0);
    ml_assert_double_exact(f, 115.0 / 100.0);
    double f21;
    assert_int_equal(ml_price_factor(&p, 2021, &f21), 0);
    ml_assert_double_abs(f21 * 104.0 / 80.0, 1.4375, 4 * DBL_EPSILON, "two roundings");
    assert_true(ml_price_has(&p, 2019) && ml_price_has(&p, 2023));
    assert_true(!ml_price_has(&p, 2018) && !ml_price_has(&p, 2024));
    assert_int_equal(ml_price_factor(&p, 2018, &f), -1);
    assert_int_equal(ml_price_factor(&p, 2024, &f), -1);
    /* a price year outside its own index: nothing can be trended to it */
    p.year = 2030;
    assert_int_equal(ml_price_factor(&p, 2020, &f), -1);
    f = 0.0;
    assert_int_equal(ml_price_factor(&p, 2030, &f), 0); /* but its own year is 1 */
    ml_assert_double_exact(f, 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hospital_programme_year_worked_by_hand),
        cmocka_unit_test(test_aggregate_limit_and_retention_bind_on_the_worked_year),
        cmocka_unit_test(test_claim_splits_into_retention_insured_layer_and_excess),
        cmocka_unit_test(test_per_claim_payment_is_monotone_and_c_lipschitz),
        cmocka_unit_test(test_empty_negative_and_nan_claims_pay_and_retain_nothing),
        cmocka_unit_test(test_aggregate_retention_adds_c_times_the_excess_up_to_the_limit),
        cmocka_unit_test(test_layer_splits_an_amount_into_below_ceded_and_above),
        cmocka_unit_test(test_stacked_layers_cede_what_one_layer_of_their_joint_width_cedes),
        cmocka_unit_test(test_price_factors_are_level_ratios_within_the_index_years),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
