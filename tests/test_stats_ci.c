/*
 * test_stats_ci.c — the Monte Carlo error methods of stats_ci.c on
 * distributions whose quantiles and expected shortfalls are known.
 *
 * Coverage is estimated over R independent samples (seeds 1..R).  Each
 * check allows 4 binomial standard errors of the estimated coverage,
 * sqrt(c (1 - c) / R), around its target, so a correct method fails with
 * probability below 1e-4 per check:
 *  - the quantile interval's coverage for a continuous F is exactly
 *    c = P(l <= B <= u - 1), B ~ Binomial(n, P), and at least 0.95 by
 *    construction: the estimate must lie within 4 SE of that c;
 *  - with atoms (Poisson) the interval is only conservative: the estimate
 *    must not fall more than 4 SE below 0.95;
 *  - the mean's and TVaR's intervals (estimate +- 1.96 se) are asymptotic:
 *    checked within 4 SE of 0.95 where the tail holds at least 1000
 *    points.  With 100 to 1000 tail points TVaR's interval under-covers by
 *    2 to 3 points (0.92-0.93 seen here, the estimator is skewed): that is
 *    a property of the method, printed and guarded at 0.90 - 4 SE so that a
 *    regression still fails; below 100 tail points it is only printed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define R 1000 /* samples per coverage estimate */

static double binom_cdf_by_sum(unsigned k, double p, unsigned n)
{
    /* Direct summation in long double, independent of GSL's beta route. */
    long double s = 0;
    for (unsigned j = 0; j <= k && j <= n; j++)
        s += expl(lgammal(n + 1.0L) - lgammal(j + 1.0L) - lgammal(n - j + 1.0L) +
                  j * logl(p) + (n - j) * log1pl(-(long double)p));
    return (double)s;
}

static void test_ranks_follow_their_definition(void **state)
{
    (void)state;
    const unsigned ns[] = {20, 137, 1000, 5003};
    const unsigned long nums[] = {500, 900, 950, 990, 995, 999};
    const double a = 0.025, slack = 1e-9; /* GSL vs direct sum */
    for (size_t i = 0; i < sizeof ns / sizeof *ns; i++)
        for (size_t j = 0; j < sizeof nums / sizeof *nums; j++) {
            unsigned n = ns[i];
            double p = nums[j] / 1000.0;
            size_t l, u;
            ml_quantile_ci_ranks(n, nums[j], 1000, 0.95, &l, &u);
            assert_true(l <= ml_quantile_rank(n, nums[j], 1000));
            assert_true(u >= ml_quantile_rank(n, nums[j], 1000));
            /* l - 1 is the largest k with P(B <= k) <= a. */
            if (l >= 1)
                assert_true(binom_cdf_by_sum((unsigned)l - 1, p, n) <= a + slack);
            assert_true(binom_cdf_by_sum((unsigned)l, p, n) > a - slack);
            /* u - 1 is the smallest k with P(B > k) <= a. */
            assert_true(1.0 - binom_cdf_by_sum((unsigned)u - 1, p, n) <= a + slack);
            if (u >= 2)
                assert_true(1.0 - binom_cdf_by_sum((unsigned)u - 2, p, n) > a - slack);
        }
    /* 1000 samples cannot bound the 0.999 quantile from above
     * (P(all below) = 0.999^1000 = 0.37 > a). */
    size_t l, u;
    ml_quantile_ci_ranks(1000, 999, 1000, 0.95, &l, &u);
    assert_int_equal(u, 1001);
    double x[3] = {1, 2, 3}, lo, hi;
    ml_var_ci_sorted(x, 3, 999, 1000, &lo, &hi);
    assert_true(isinf(hi) && hi > 0 && isinf(ml_var_se_from_ci(lo, hi)));
}

static void test_ranks_for_large_n(void **state)
{
    (void)state;
    /* At n = 4e9 the interval is the normal one: rank P n +- 1.96 sqrt(n P (1 - P)). */
    size_t n = 4000000000u, l, u;
    ml_quantile_ci_ranks(n, 995, 1000, 0.95, &l, &u);
    double mid = 0.995 * (double)n, hw = ML_CI_Z * sqrt((double)n * 0.995 * 0.005);
    assert_true(fabs((double)l - (mid - hw)) < 3.0);
    assert_true(fabs((double)u - (mid + hw)) < 3.0);
}

typedef double (*draw_fn)(const gsl_rng *g);
static double draw_exp(const gsl_rng *g) { return gsl_ran_exponential(g, 1.0); }
static double draw_lnorm(const gsl_rng *g) { return gsl_ran_lognormal(g, 0.0, 1.0); }
static double draw_pois(const gsl_rng *g) { return gsl_ran_poisson(g, 3.0); }

static double q_exp(double p) { return -log1p(-p); }
static double es_exp(double p) { return -log1p(-p) + 1.0; }
static double q_lnorm(double p) { return exp(gsl_cdf_ugaussian_Pinv(p)); }
static double es_lnorm(double p)
{
    return exp(0.5) * gsl_cdf_ugaussian_P(1.0 - gsl_cdf_ugaussian_Pinv(p)) / (1.0 - p);
}
static double q_pois(double p)
{
    unsigned k = 0;
    while (gsl_cdf_poisson_P(k, 3.0) < p)
        k++;
    return k;
}

typedef struct {
    int var_hits[ML_N_LEVELS], tvar_hits[ML_N_LEVELS], mean_hits;
} hits;

static void coverage(draw_fn draw, double (*q)(double), double (*es)(double), double mu,
                     size_t n, hits *h)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    double *x = malloc(n * sizeof *x), *s = malloc(n * sizeof *s);
    assert_non_null(g);
    assert_non_null(x);
    assert_non_null(s);
    memset(h, 0, sizeof *h);
    for (int r = 0; r < R; r++) {
        gsl_rng_set(g, 1u + (unsigned long)r);
        for (size_t i = 0; i < n; i++)
            x[i] = draw(g);
        ml_summary sm;
        ml_summary_compute(x, n, s, &sm);
        h->mean_hits += fabs(sm.mean - mu) <= ML_CI_Z * sm.se;
        for (int l = 0; l < ML_N_LEVELS; l++) {
            double p = ml_level_permille[l] / 1000.0;
            h->var_hits[l] += sm.var_lo[l] <= q(p) && q(p) <= sm.var_hi[l];
            if (es)
                h->tvar_hits[l] += fabs(sm.tvar[l] - es(p)) <= ML_CI_Z * sm.tvar_se[l];
        }
    }
    free(x);
    free(s);
    gsl_rng_free(g);
}

static double tol(double c)
{
    return 4.0 * sqrt(c * (1.0 - c) / R);
}

static void check_continuous(const char *name, draw_fn draw, double (*q)(double),
                             double (*es)(double), double mu, size_t n)
{
    hits h;
    coverage(draw, q, es, mu, n, &h);
    double cm = (double)h.mean_hits / R;
    print_message("%s, n = %zu, R = %d: mean coverage %.3f (4 SE = %.3f)\n", name, n, R,
                  cm, tol(0.95));
    assert_true(fabs(cm - 0.95) <= tol(0.95));
    for (int l = 0; l < ML_N_LEVELS; l++) {
        unsigned long num = ml_level_permille[l];
        size_t lo, hi;
        ml_quantile_ci_ranks(n, num, 1000, ML_CI_LEVEL, &lo, &hi);
        /* Exact coverage P(lo <= B <= hi - 1) of the order-statistic interval. */
        double p = num / 1000.0;
        double below = lo >= 1 ? gsl_cdf_binomial_P((unsigned)lo - 1, p, (unsigned)n) : 0.0;
        double c = gsl_cdf_binomial_P((unsigned)hi - 1, p, (unsigned)n) - below;
        double cv = (double)h.var_hits[l] / R, ct = (double)h.tvar_hits[l] / R;
        double tail = (double)n * (1.0 - p);
        print_message("  P = %.3f: VaR coverage %.3f (exact %.4f, 4 SE %.3f); TVaR "
                      "coverage %.3f over %.0f tail points (%s)\n", p, cv, c, tol(c), ct,
                      tail, tail >= 1000 ? "0.95 +- 4 SE" : tail >= 100 ? ">= 0.90 - 4 SE"
                                                                        : "not checked");
        assert_true(c >= 0.95);
        assert_true(fabs(cv - c) <= tol(c));
        if (tail >= 1000)
            assert_true(fabs(ct - 0.95) <= tol(0.95));
        else if (tail >= 100)
            assert_true(ct >= 0.90 - tol(0.90));
    }
}

static void test_coverage_exponential(void **state)
{
    (void)state;
    check_continuous("exponential(1)", draw_exp, q_exp, es_exp, 1.0, 20000);
}

static void test_coverage_lognormal(void **state)
{
    (void)state;
    check_continuous("lognormal(0, 1)", draw_lnorm, q_lnorm, es_lnorm, exp(0.5), 20000);
}

static void test_coverage_with_atoms(void **state)
{
    (void)state;
    hits h;
    coverage(draw_pois, q_pois, NULL, 3.0, 2000, &h);
    for (int l = 0; l < ML_N_LEVELS; l++) {
        double cv = (double)h.var_hits[l] / R;
        print_message("Poisson(3), n = 2000: P = %.3f VaR coverage %.3f (>= 0.95 - %.3f)\n",
                      ml_level_permille[l] / 1000.0, cv, tol(0.95));
        assert_true(cv >= 0.95 - tol(0.95));
    }
}

static void test_tvar_se_by_hand(void **state)
{
    (void)state;
    /* P = 0.5, n = 4: v = x_(2) = 2; Y = (0, 0, 1, 3), mean 1, sample
     * variance (1 + 1 + 0 + 4) / 3 = 2; se = sqrt(2 / 4) / 0.5. */
    double x[4] = {1, 2, 3, 5};
    assert_true(fabs(ml_tvar_se_sorted(x, 4, 1, 2) - sqrt(0.5) / 0.5) < 1e-15);
    /* One sample bounds nothing: +inf, never NaN (README, summary columns). */
    double se1 = ml_tvar_se_sorted(x, 1, 1, 2);
    assert_true(isinf(se1) && se1 > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranks_follow_their_definition),
        cmocka_unit_test(test_ranks_for_large_n),
        cmocka_unit_test(test_tvar_se_by_hand),
        cmocka_unit_test(test_coverage_with_atoms),
        cmocka_unit_test(test_coverage_exponential),
        cmocka_unit_test(test_coverage_lognormal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
