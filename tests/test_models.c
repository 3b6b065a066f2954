/*
 * test_models.c — first-cut models: severities (CDF, limited expected value,
 * draws), random effects, liability draws and the policy terms.
 *
 * Statistical checks use a fixed stream and a tolerance of 5 standard
 * errors of the quantity checked (a false alarm about once in 1.7 million
 * runs for a normal statistic), never a number tuned to pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "frequency.h"
#include "liability.h"
#include "policy.h"
#include "rng.h"
#include "severity.h"

#include <gsl/gsl_randist.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_integration.h>
#include <limits.h>
#include <math.h>

static double survival(double x, void *p)
{
    return 1.0 - ml_severity_cdf(p, x);
}

/* E[min(X,u)] = integral_0^u (1 - F(x)) dx: checks each closed form
 * against adaptive quadrature to 1e-7 relative. */
static void test_lev_matches_quadrature(void **state)
{
    (void)state;
    const ml_severity sv[] = {{ML_SEV_LOGNORMAL, 10, 1.2},
                              {ML_SEV_GAMMA, 2, 50000},
                              {ML_SEV_PARETO, 2.5, 100000},
                              {ML_SEV_PARETO, 1.0, 100000},
                              {ML_SEV_PARETO, 0.7, 100000}};
    const double us[] = {1000, 50000, 250000, 3e6};
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    for (size_t i = 0; i < sizeof sv / sizeof sv[0]; i++)
        for (size_t j = 0; j < sizeof us / sizeof us[0]; j++) {
            gsl_function f = {survival, (void *)&sv[i]};
            double val, abserr;
            gsl_integration_qag(&f, 0, us[j], 0, 1e-10, 1000, GSL_INTEG_GAUSS61, w, &val,
                                &abserr);
            double lev = ml_severity_lev(&sv[i], us[j]);
            assert_true(fabs(lev - val) <= 1e-7 * val);
        }
    gsl_integration_workspace_free(w);
}

static void test_lev_unlimited(void **state)
{
    (void)state;
    ml_severity ln = {ML_SEV_LOGNORMAL, 10, 1.2}, ga = {ML_SEV_GAMMA, 2, 50000},
                pa = {ML_SEV_PARETO, 3, 200000}, heavy = {ML_SEV_PARETO, 1, 1};
    assert_true(fabs(ml_severity_lev(&ln, INFINITY) - exp(10.72)) < 1e-9 * exp(10.72));
    assert_true(ml_severity_lev(&ga, INFINITY) == 100000.0);
    assert_true(fabs(ml_severity_lev(&pa, INFINITY) - 100000.0) < 1e-6);
    assert_true(isinf(ml_severity_lev(&heavy, INFINITY)));
    assert_true(ml_severity_lev(&ln, 0.0) == 0.0);
}

/* Sample means of 10^6 draws within 5 standard errors of the exact mean;
 * for the sd of each law: lognormal mean*sqrt(e^{s^2}-1), gamma sqrt(k) theta,
 * Pareto (alpha > 2) theta sqrt(alpha/(alpha-2))/(alpha-1). */
static void test_draw_means_match_model_means(void **state)
{
    (void)state;
    const ml_severity sv[] = {{ML_SEV_LOGNORMAL, 10, 1.2},
                              {ML_SEV_GAMMA, 2, 50000},
                              {ML_SEV_PARETO, 4, 300000}};
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    const int n = 1000000;
    for (size_t i = 0; i < 3; i++) {
        ml_rng_stream(g, 5, 0, 0, (uint32_t)i, ML_P_SEVERITY);
        double sum = 0.0;
        for (int k = 0; k < n; k++) {
            double x = ml_severity_draw(&sv[i], g);
            assert_true(x >= 0.0 && isfinite(x));
            sum += x;
        }
        double mean = ml_severity_lev(&sv[i], INFINITY), sd;
        if (sv[i].kind == ML_SEV_LOGNORMAL)
            sd = mean * sqrt(expm1(sv[i].p2 * sv[i].p2));
        else if (sv[i].kind == ML_SEV_GAMMA)
            sd = sqrt(sv[i].p1) * sv[i].p2;
        else
            sd = sv[i].p2 * sqrt(sv[i].p1 / (sv[i].p1 - 2)) / (sv[i].p1 - 1);
        assert_true(fabs(sum / n - mean) < 5.0 * sd / sqrt(n));
    }
    gsl_rng_free(g);
}

/* A gamma effect of size r has mean 1 and variance 1/r; the lognormal one
 * the same moments.  Checked on 10^6 draws: mean within 5 se (se = sd/sqrt n),
 * variance within 5 se of the sample variance, estimated from the fourth
 * central moment. */
static void test_random_effects_have_mean_one(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    const int n = 1000000;
    const ml_random_effect res[] = {{ML_RE_GAMMA, 4}, {ML_RE_LOGNORMAL, 4}};
    static double x[1000000];
    for (int j = 0; j < 2; j++) {
        ml_rng_stream(g, 9, 0, 0, (uint32_t)j, ML_P_HOSP_EFFECT);
        double s = 0.0;
        for (int i = 0; i < n; i++) s += (x[i] = ml_re_draw(&res[j], g));
        double m = s / n, m2 = 0.0, m4 = 0.0;
        for (int i = 0; i < n; i++) {
            double d = (x[i] - m) * (x[i] - m);
            m2 += d;
            m4 += d * d;
        }
        m2 /= n;
        m4 /= n;
        assert_true(fabs(m - 1.0) < 5.0 * sqrt(0.25 / n));
        assert_true(fabs(m2 - 0.25) < 5.0 * sqrt((m4 - m2 * m2) / n));
    }
    ml_random_effect none = {ML_RE_NONE, INFINITY};
    assert_true(ml_re_draw(&none, g) == 1.0);
    assert_int_equal(ml_frequency_draw(0.0, g), 0);
    gsl_rng_free(g);
}

/* Each liability outcome's frequency within 5 binomial standard errors. */
/* Poisson means GSL cannot draw (its unsigned result wraps from about
 * 4.29e9, and converting 7/8 of the mean to unsigned is undefined from
 * about 4.91e9) give UINT_MAX, which every engine limit refuses; up to the
 * limit the draw is an ordinary Poisson count. */
static void test_poisson_mean_limit(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, 9, 0, 0, 0, ML_P_COUNT);
    assert_int_equal(ml_frequency_draw(5e9, g), UINT_MAX);
    assert_int_equal(ml_frequency_draw(INFINITY, g), UINT_MAX);
    assert_int_equal(ml_frequency_draw(ML_POISSON_MEAN_MAX * 1.0000001, g), UINT_MAX);
    /* At the limit: within 6 sd (sqrt(2^31) = 46341) of the mean. */
    unsigned n = ml_frequency_draw(ML_POISSON_MEAN_MAX, g);
    assert_true(fabs((double)n - ML_POISSON_MEAN_MAX) < 6.0 * sqrt(ML_POISSON_MEAN_MAX));
    gsl_rng_free(g);
}

/* The effects' upper quantiles: Q(q) = eps by the CDF, for shapes where
 * GSL's inverse alone fails (large size) as well as heavy ones. */
static void test_effect_upper_quantile(void **state)
{
    (void)state;
    const double sizes[] = {1e-6, 1e-3, 0.1, 1, 10, 1e3, 1e4, 1e5, 1e6, 1e9};
    for (int i = 0; i < 10; i++) {
        ml_random_effect ga = {ML_RE_GAMMA, sizes[i]}, ln = {ML_RE_LOGNORMAL, sizes[i]};
        double q = ml_re_upper(&ga, 1e-9);
        assert_true(q > 1.0);
        /* GSL's survival function itself loses accuracy beyond shape 1e6:
         * there the quantile is 1 + z/sqrt(a) to within (z^2 - 1)/(3a). */
        if (sizes[i] <= 1e6)
            assert_true(fabs(gsl_cdf_gamma_Q(q, sizes[i], 1.0 / sizes[i]) / 1e-9 - 1.0) <
                        1e-3);
        else
            assert_true(fabs(q - 1.0 - gsl_cdf_ugaussian_Qinv(1e-9) / sqrt(sizes[i])) <
                        1e-7);
        double s2 = log1p(1.0 / sizes[i]);
        double ql = ml_re_upper(&ln, 1e-9);
        assert_true(fabs(gsl_cdf_ugaussian_Q((log(ql) + 0.5 * s2) / sqrt(s2)) / 1e-9 - 1.0) <
                    1e-6);
    }
    ml_random_effect none = {ML_RE_NONE, INFINITY};
    assert_true(ml_re_upper(&none, 1e-9) == 1.0);
}

static void test_liability_draws(void **state)
{
    (void)state;
    ml_liability l = {4, {0, 0.3, 0.6, 1}, {0.1, 0.2, 0.3, 0.4}};
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, 3, 0, 0, 0, ML_P_LIABILITY);
    const int n = 1000000;
    int count[4] = {0};
    for (int i = 0; i < n; i++) count[ml_liability_draw(&l, g)]++;
    for (int j = 0; j < 4; j++) {
        double p = l.prob[j];
        assert_true(fabs((double)count[j] / n - p) < 5.0 * sqrt(p * (1 - p) / n));
    }
    assert_true(fabs(ml_liability_mean(&l) - 0.64) < 1e-15);
    gsl_rng_free(g);
}

/* c * min(max(x - d, 0), L), then the annual cap A. */
static void test_policy_terms_deductible_limit_share_aggregate(void **state)
{
    (void)state;
    ml_policy p = {10000, 100000, 0.8, 150000, INFINITY, ML_INDEMNIFIER_INSURER};
    assert_true(ml_policy_per_claim(&p, 5000) == 0.0);
    assert_true(ml_policy_per_claim(&p, 10000) == 0.0);
    assert_true(ml_policy_per_claim(&p, 60000) == 0.8 * 50000);
    assert_true(ml_policy_per_claim(&p, 110000) == 0.8 * 100000);
    assert_true(ml_policy_per_claim(&p, 1e9) == 0.8 * 100000);
    assert_true(ml_policy_aggregate(&p, 120000) == 120000);
    assert_true(ml_policy_aggregate(&p, 400000) == 150000);
    ml_policy open = {0, INFINITY, 1, INFINITY, INFINITY, ML_INDEMNIFIER_INSURER};
    assert_true(ml_policy_per_claim(&open, 1e12) == 1e12);
    assert_true(ml_policy_aggregate(&open, 1e15) == 1e15);
    ml_policy zero = {0, 0, 1, INFINITY, INFINITY, ML_INDEMNIFIER_INSURER};
    assert_true(ml_policy_per_claim(&zero, 5e5) == 0.0);
}

/* The aggregate retention, against its definition claim by claim: the
 * hospital pays each claim's retention until what it has paid in the
 * year reaches R; from then on the insurer pays c of the rest of each
 * retention as well.  The closed form must agree for any claims in any
 * order, with and without the annual aggregate limit A. */
static double annual_by_claims(const ml_policy *p, const double *x, int n)
{
    double paid = 0.0, ins = 0.0;
    for (int i = 0; i < n; i++) {
        double r = ml_policy_retained(p, x[i]);
        double keep = p->aggregate_retention - paid;
        if (keep < 0.0) keep = 0.0;
        double hosp = r < keep ? r : keep;
        paid += hosp;
        ins += ml_policy_per_claim(p, x[i]) + p->coinsurance * (r - hosp);
    }
    return ins < p->aggregate_limit ? ins : p->aggregate_limit;
}

static void test_policy_aggregate_retention(void **state)
{
    (void)state;
    /* By hand: SIR 1M per claim, 3M in aggregate, limit 10M, c = 1. */
    ml_policy p = {1e6, 1e7, 1.0, INFINITY, 3e6, ML_INDEMNIFIER_INSURER};
    assert_true(ml_policy_retained(&p, 4e5) == 4e5);
    assert_true(ml_policy_retained(&p, 2.5e6) == 1e6);
    assert_true(ml_policy_retained(&p, -1.0) == 0.0);
    /* Claims 2.5M, 0.4M, 1.2M, 0.9M, 3M: retentions 1, 0.4, 1, 0.9, 1 = 4.3M;
     * per-claim payments 1.5, 0, 0.2, 0, 2 = 3.7M; the insurer also takes
     * 4.3 - 3 = 1.3M of retentions: 5.0M in all. */
    double t = 1e6 + 4e5 + 1e6 + 9e5 + 1e6, s = 1.5e6 + 0 + 2e5 + 0 + 2e6;
    assert_true(fabs(ml_policy_annual(&p, s, t) - 5.0e6) < 1e-6);
    /* Under the aggregate retention nothing changes. */
    assert_true(ml_policy_annual(&p, 7e5, 2.9e6) == 7e5);
    /* No aggregate retention: the old annual cap alone. */
    ml_policy q = {1e6, 1e7, 0.8, 5e6, INFINITY, ML_INDEMNIFIER_INSURER};
    assert_true(ml_policy_annual(&q, 4e6, 1e9) == 4e6);
    assert_true(ml_policy_annual(&q, 6e6, 1e9) == ml_policy_aggregate(&q, 6e6));

    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 11);
    double x[40];
    for (int trial = 0; trial < 2000; trial++) {
        ml_policy r = {gsl_rng_uniform(g) * 2e6, 1e5 + gsl_rng_uniform(g) * 1e7,
                       0.5 + 0.5 * gsl_rng_uniform(g),
                       trial % 3 ? INFINITY : 1e6 + gsl_rng_uniform(g) * 2e7,
                       trial % 5 ? gsl_rng_uniform(g) * 8e6 : INFINITY, ML_INDEMNIFIER_INSURER};
        int n = 1 + (int)gsl_rng_uniform_int(g, 40);
        double ss = 0.0, tt = 0.0;
        for (int i = 0; i < n; i++) {
            x[i] = gsl_ran_lognormal(g, 13.0, 1.5);
            ss += ml_policy_per_claim(&r, x[i]);
            tt += ml_policy_retained(&r, x[i]);
        }
        double want = annual_by_claims(&r, x, n);
        assert_true(fabs(ml_policy_annual(&r, ss, tt) - want) <= 1e-9 * (1.0 + want));
        /* Reversed order: the same total. */
        for (int i = 0; i < n / 2; i++) {
            double v = x[i]; x[i] = x[n - 1 - i]; x[n - 1 - i] = v;
        }
        assert_true(fabs(annual_by_claims(&r, x, n) - want) <= 1e-9 * (1.0 + want));
    }
    gsl_rng_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lev_matches_quadrature),
        cmocka_unit_test(test_lev_unlimited),
        cmocka_unit_test(test_draw_means_match_model_means),
        cmocka_unit_test(test_random_effects_have_mean_one),
        cmocka_unit_test(test_poisson_mean_limit),
        cmocka_unit_test(test_effect_upper_quantile),
        cmocka_unit_test(test_liability_draws),
        cmocka_unit_test(test_policy_terms_deductible_limit_share_aggregate),
        cmocka_unit_test(test_policy_aggregate_retention),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
