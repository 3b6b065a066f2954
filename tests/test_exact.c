/*
 * test_exact.c — the Panjer recursion on cases with known answers, and each
 * validation scenario's simulated annual `insured` distribution against it.
 *
 * KS bound: the Dvoretzky-Kiefer-Wolfowitz inequality with Massart's
 * constant, P(sup|F_n - F| > e) <= 2 exp(-2 n e^2), holds for any F,
 * including ones with atoms (v3 has atoms at 0 and at the aggregate
 * limit).  At level alpha = 0.001, e = sqrt(ln(2/alpha) / (2n)); for
 * n = 100,000 that is 0.00617.  The statistic compared with it is the
 * distance from the empirical CDF to the exact bracket of F (exact.h), a
 * lower bound on sup|F_n - F|, so the test keeps its level.
 * Mean: |simulated - exact| <= 4 standard errors of the simulated mean,
 * widened by half the exact bracket when the mean is only bracketed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine.h"
#include "exact.h"
#include "stats.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALPHA 0.001

/* Y = 1 always: the compound sum is the count itself. */
static void test_panjer_poisson_degenerate(void **state)
{
    (void)state;
    enum { M = 80 };
    double f[M] = {0}, g[M];
    f[1] = 1.0;
    assert_int_equal(ml_panjer(0, 7.5, 0, 0, f, M, M, g, NULL), ML_OK);
    for (int k = 0; k < M; k++)
        assert_true(fabs(g[k] - gsl_ran_poisson_pdf(k, 7.5)) < 1e-14);
}

static void test_panjer_negbin_degenerate(void **state)
{
    (void)state;
    enum { M = 200 };
    double f[M] = {0}, g[M];
    f[1] = 1.0;
    double r = 4.0, beta = 5.0; /* mean 20, variance 120 */
    assert_int_equal(ml_panjer(1, 0, r, beta, f, M, M, g, NULL), ML_OK);
    for (int k = 0; k < M; k++)
        assert_true(fabs(g[k] - gsl_ran_negative_binomial_pdf(k, 1.0 / (1.0 + beta), r)) <
                    1e-13);
}

/* Y in {0, 1, 2} with probabilities {0.2, 0.5, 0.3}, N ~ Poisson(2): the
 * pmf of S by brute force over n = 0..60 with convolution powers. */
static void test_panjer_poisson_mixed(void **state)
{
    (void)state;
    enum { M = 40, NMAX = 60 };
    double f[M] = {0.2, 0.5, 0.3}, g[M], want[M] = {0}, conv[M] = {1.0}, next[M];
    assert_int_equal(ml_panjer(0, 2.0, 0, 0, f, M, 3, g, NULL), ML_OK);
    for (int n = 0; n <= NMAX; n++) {
        double pn = gsl_ran_poisson_pdf(n, 2.0);
        for (int k = 0; k < M; k++) want[k] += pn * conv[k];
        for (int k = 0; k < M; k++) {
            next[k] = 0.0;
            for (int j = 0; j <= 2 && j <= k; j++) next[k] += f[j] * conv[k - j];
        }
        for (int k = 0; k < M; k++) conv[k] = next[k];
    }
    for (int k = 0; k < M; k++) assert_true(fabs(g[k] - want[k]) < 1e-14);
}

static void test_panjer_underflow_is_an_error(void **state)
{
    (void)state;
    double f[4] = {0, 1, 0, 0}, g[4];
    ml_err e = {0};
    assert_int_equal(ml_panjer(0, 1e6, 0, 0, f, 4, 4, g, &e), ML_EUNSUPPORTED);
    assert_non_null(strstr(e.msg, "underflow"));
}

/* The bracket really brackets: lower <= estimate <= upper everywhere. */
static void check_bracket(const ml_exact *ex)
{
    for (size_t k = 0; k < ex->m; k++) {
        assert_true(ex->cdf_up[k] <= ex->cdf_mid[k] + 1e-12);
        assert_true(ex->cdf_mid[k] <= ex->cdf_dn[k] + 1e-12);
    }
}

static void compare(const char *rel, double *ks_out)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/validation/%s", ML_SOURCE_DIR, rel);
    ml_scenario s;
    ml_err err = {0};
    int rc = ml_scenario_load(path, &s, &err);
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, ML_OK);
    size_t n = s.replicates;
    ml_results res;
    assert_int_equal(ml_results_alloc(&res, n), ML_OK);
    ml_run_opts o = {s.seed, n, 0, 0, NULL, 0, NULL};
    assert_int_equal(ml_engine_run(&s, &o, &res, &err), ML_OK);
    ml_exact ex;
    rc = ml_exact_compute(&s, 65536, &ex, &err); /* a finer grid narrows the bracket */
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, ML_OK);
    check_bracket(&ex);

    double *sorted = malloc(n * sizeof *sorted);
    ml_summary sm;
    ml_summary_compute(res.annual[ML_M_INSURED], n, sorted, &sm);
    double ks = ml_exact_ks(&ex, sorted, n);
    double bound = sqrt(log(2.0 / ALPHA) / (2.0 * (double)n));
    double band = 0.0;
    for (size_t k = 0; k < ex.m; k++) band = fmax(band, ex.cdf_dn[k] - ex.cdf_up[k]);
    double tol = 4.0 * sm.se + 0.5 * (ex.mean_hi - ex.mean_lo);
    printf("  %-32s n=%zu KS=%.5f (DKW bound %.5f at alpha %.3g; bracket width %.5f) "
           "mean sim %.1f exact %.1f diff/se %.2f\n",
           s.name, n, ks, bound, ALPHA, band, sm.mean, ex.mean,
           (sm.mean - ex.mean) / sm.se);
    assert_true(ks <= bound);
    assert_true(fabs(sm.mean - ex.mean) <= tol);
    if (ks_out) *ks_out = ks;
    free(sorted);
    ml_exact_free(&ex);
    ml_results_free(&res);
    ml_scenario_free(&s);
}

static void test_exact_matches_sim_v1_poisson_lognormal(void **state) { (void)state; compare("v1_poisson_lognormal.yaml", NULL); }
static void test_exact_matches_sim_v2_negbin_lognormal_layer(void **state) { (void)state; compare("v2_negbin_lognormal_layer.yaml", NULL); }
static void test_exact_matches_sim_v3_poisson_gamma_agglimit(void **state) { (void)state; compare("v3_poisson_gamma_agglimit.yaml", NULL); }

/* The test can fail: a simulation whose severity is 5% too large is caught. */
static void test_detects_wrong_severity(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/validation/v1_poisson_lognormal.yaml",
             ML_SOURCE_DIR);
    ml_scenario s;
    assert_int_equal(ml_scenario_load(path, &s, NULL), ML_OK);
    ml_exact ex;
    assert_int_equal(ml_exact_compute(&s, 0, &ex, NULL), ML_OK);
    s.regime.severity.p1 += log(1.05); /* simulate from the wrong law */
    size_t n = s.replicates;
    ml_results res;
    assert_int_equal(ml_results_alloc(&res, n), ML_OK);
    ml_run_opts o = {s.seed, n, 0, 0, NULL, 0, NULL};
    assert_int_equal(ml_engine_run(&s, &o, &res, NULL), ML_OK);
    double *sorted = malloc(n * sizeof *sorted);
    ml_sort_copy(res.annual[ML_M_INSURED], n, sorted);
    assert_true(ml_exact_ks(&ex, sorted, n) > sqrt(log(2.0 / ALPHA) / (2.0 * (double)n)));
    free(sorted);
    ml_exact_free(&ex);
    ml_results_free(&res);
    ml_scenario_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_panjer_poisson_degenerate),
        cmocka_unit_test(test_panjer_negbin_degenerate),
        cmocka_unit_test(test_panjer_poisson_mixed),
        cmocka_unit_test(test_panjer_underflow_is_an_error),
        cmocka_unit_test(test_exact_matches_sim_v1_poisson_lognormal),
        cmocka_unit_test(test_exact_matches_sim_v2_negbin_lognormal_layer),
        cmocka_unit_test(test_exact_matches_sim_v3_poisson_gamma_agglimit),
        cmocka_unit_test(test_detects_wrong_severity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
