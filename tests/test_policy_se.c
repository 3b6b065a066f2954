/*
 * test_policy_se.c — every policy metric's Monte Carlo standard error
 * (policy_metrics.h: mc_se) is the spread of the metric itself.
 *
 * Many independent synthetic runs (ml_results filled here from known
 * distributions, no engine) give the metric's empirical sd across runs;
 * the mean of the se each run reports must match it.  If the metric is
 * close to normal with sd sigma, the sample variance s^2 of S runs has
 * (S - 1) s^2 / sigma^2 ~ chi-square(S - 1), so (s / se)^2 (S - 1) must lie
 * between the chi-square's 0.0005 and 0.9995 quantiles (a two-sided test at
 * level 0.001; the seed is fixed, so it passes or fails the same way every
 * time).  The mean reported se is treated as sigma: its own relative error
 * is about 1/sqrt(2 n S) < 0.3%, and the delta method's bias is O(1/n) =
 * 1%, both small against the band (about +-10% on s/se at S = 1,000).
 *
 * The runs have a gamma year effect (claims over-dispersed against the
 * Poisson), so a se that ignored it (the Poisson se of a rate) would be 3
 * times too small: the test checks that such a se fails the same band, so
 * the band can tell a wrong se from a right one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "ksum.h"
#include "metric_defs.h"
#include "policy_metrics.h"
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S 1000   /* independent synthetic runs */
#define N 100    /* replicates (years) per run */
#define EXPO 50.0 /* exposure units of the one hospital */
#define LAMBDA 40.0 /* mean claims a year */
#define SHAPE 5.0   /* of the gamma year effect (mean 1): Var(claims) = L + L^2/SHAPE */
#define MONTHS_MEAN 18.0 /* exponential time to resolution */

static ml_lifecycle life; /* only its presence matters: a lifecycle regime's metrics */

static void scenario(ml_scenario *s, ml_hospital *h, double *expo)
{
    memset(s, 0, sizeof *s);
    snprintf(s->regime.currency, sizeof s->regime.currency, "USD");
    snprintf(s->portfolio.exposure_unit, sizeof s->portfolio.exposure_unit, "bed-year");
    memset(h, 0, sizeof *h);
    *expo = EXPO;
    h->exposure = expo;
    s->portfolio.n_specialties = 1;
    s->portfolio.n_hospitals = 1;
    s->portfolio.hospitals = h;
    s->regime.life = &life;
}

/* One synthetic run: per year a gamma year effect G, claims ~ Poisson(L G),
 * each paid with probability 0.4 and then paid Gamma(2, 5000), expenses
 * Gamma(1, 1000) per claim; incidents = claims + Poisson(60 G), of which
 * Binomial(0.3) negligent and of those Binomial(0.25) compensated; every
 * claim's months to closure exponential (mean 18), into the histogram. */
static void synthetic_run(gsl_rng *g, ml_results *res)
{
    memset(res->months_hist, 0, sizeof res->months_hist);
    for (size_t r = 0; r < res->n; r++) {
        double G = gsl_ran_gamma(g, SHAPE, 1.0 / SHAPE);
        unsigned c = gsl_ran_poisson(g, LAMBDA * G);
        unsigned p = gsl_ran_binomial(g, 0.4, c);
        unsigned inc = c + gsl_ran_poisson(g, 60.0 * G);
        unsigned neg = gsl_ran_binomial(g, 0.3, inc);
        double comp = p ? gsl_ran_gamma(g, 2.0 * p, 5000.0) : 0.0;
        double exp_ = c ? gsl_ran_gamma(g, 1.0 * c, 1000.0) : 0.0;
        double months = 0.0;
        for (unsigned k = 0; k < c; k++) {
            double m = gsl_ran_exponential(g, MONTHS_MEAN);
            months += m;
            int b = (int)m;
            res->months_hist[b < ML_MONTHS_BINS ? b : ML_MONTHS_BINS] += 1.0;
        }
        res->annual[ML_M_CLAIMS][r] = c;
        res->annual[ML_M_PAID_CLAIMS][r] = p;
        res->annual[ML_M_INCIDENTS][r] = inc;
        res->annual[ML_M_NEGLIGENT][r] = neg;
        res->annual[ML_M_NEGLIGENT_PAID][r] = gsl_ran_binomial(g, 0.25, neg);
        res->annual[ML_M_COMPENSATION][r] = comp;
        res->annual[ML_M_EXPENSES][r] = exp_;
        res->annual[ML_M_CLAIM_MONTHS][r] = months;
    }
}

static const ml_metric *find(const ml_metric *m, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(m[i].name, name))
            return &m[i];
    fail_msg("no metric %s", name);
    return NULL;
}

/* Whether sd, from S runs, is what se says at level 0.001 (chi-square). */
static int chi2_consistent(double sd, double se)
{
    double x = (sd / se) * (sd / se) * (S - 1);
    return x >= gsl_cdf_chisq_Pinv(0.0005, S - 1) && x <= gsl_cdf_chisq_Pinv(0.9995, S - 1);
}

static const char *const checked[] = {
    "paid_share",            /* ratio of two counts */
    "overhead_ratio",        /* ratio of two amounts */
    "mean_payment",          /* compound denominator: paid less fund awards */
    "cost_per_year",         /* per year: a mean */
    "claims_per_exposure",   /* per exposure unit: a scaled mean */
    "negligent_compensated_share",
    "mean_months",
    "p90_months",            /* a pooled quantile: the asymptotic error */
};
#define N_CHECKED (sizeof checked / sizeof checked[0])

static void test_reported_se_is_the_spread_across_independent_runs(void **state)
{
    (void)state;
    ml_scenario s;
    ml_hospital h;
    double expo;
    scenario(&s, &h, &expo);
    ml_results res;
    assert_int_equal(ml_results_alloc(&res, N), ML_OK);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 20261202);
    static double value[N_CHECKED][S], se[N_CHECKED][S], naive[S];
    for (int k = 0; k < S; k++) {
        synthetic_run(g, &res);
        ml_metric m[ML_METRICS_MAX];
        size_t nm = ml_policy_metrics(&s, &res, m);
        for (size_t i = 0; i < N_CHECKED; i++) {
            const ml_metric *x = find(m, nm, checked[i]);
            value[i][k] = x->value;
            se[i][k] = x->mc_se;
        }
        /* The Poisson se of the claim rate, blind to the year effect. */
        double claims = 0.0;
        for (size_t r = 0; r < N; r++)
            claims += res.annual[ML_M_CLAIMS][r];
        naive[k] = sqrt(claims) / (EXPO * N);
    }
    for (size_t i = 0; i < N_CHECKED; i++) {
        double mean = 0.0, ss = 0.0, mse = 0.0, mnaive = 0.0;
        for (int k = 0; k < S; k++) {
            mean += value[i][k] / S;
            mse += se[i][k] / S;
            mnaive += naive[k] / S;
        }
        for (int k = 0; k < S; k++)
            ss += (value[i][k] - mean) * (value[i][k] - mean);
        double sd = sqrt(ss / (S - 1));
        print_message("%-28s mean %-10.5g sd across runs %-10.4g mean se %-10.4g ratio %.3f\n",
                      checked[i], mean, sd, mse, sd / mse);
        if (!chi2_consistent(sd, mse))
            fail_msg("%s: sd across %d runs %.6g vs mean reported se %.6g (ratio %.4f): "
                     "outside the chi-square(%d) band at level 0.001", checked[i], S, sd, mse,
                     sd / mse, S - 1);
        if (!strcmp(checked[i], "claims_per_exposure")) {
            /* The band has power: the over-dispersion-blind se is refused. */
            assert_false(chi2_consistent(sd, mnaive));
            /* And the size is the known one: Var = L + L^2/SHAPE per year. */
            double want = sqrt((LAMBDA + LAMBDA * LAMBDA / SHAPE) / N) / EXPO;
            ml_assert_double_rel(mse, want, 0.05, "se of a sample sd of 100 years, ~7%, "
                                 "averaged over 1,000 runs");
        }
    }
    gsl_rng_free(g);
    ml_results_free(&res);
}

/* A ratio over nothing stays undefined (NaN value and se, left out of the
 * file as before); one replicate gives no spread: se +inf. */
static void test_undefined_and_single_replicate(void **state)
{
    (void)state;
    ml_scenario s;
    ml_hospital h;
    double expo;
    scenario(&s, &h, &expo);
    ml_results res;
    assert_int_equal(ml_results_alloc(&res, 1), ML_OK);
    ml_metric m[ML_METRICS_MAX];
    size_t nm = ml_policy_metrics(&s, &res, m);
    const ml_metric *ps = find(m, nm, "paid_share");
    assert_true(isnan(ps->value) && isnan(ps->mc_se));
    assert_true(isnan(find(m, nm, "p90_months")->mc_se));
    res.annual[ML_M_CLAIMS][0] = 4;
    res.annual[ML_M_PAID_CLAIMS][0] = 1;
    nm = ml_policy_metrics(&s, &res, m);
    ps = find(m, nm, "paid_share");
    ml_assert_double_exact(ps->value, 0.25);
    ml_assert_double_exact(ps->mc_se, INFINITY);
    ml_assert_double_exact(find(m, nm, "cost_per_year")->mc_se, INFINITY);
    ml_results_free(&res);
}

/* The delta method on a case worked by hand: a = {1, 3}, b = {2, 2}:
 * R = 4/4 = 1, residuals a - R b = {-1, 1}, sum of squares 2, n (n-1) = 2,
 * mean(b) = 2: se = sqrt(2/2)/2 = 0.5; psi = {-0.5, 0.5}. */
static void test_delta_method_by_hand(void **state)
{
    (void)state;
    double num[2] = {1, 3}, den[2] = {2, 2};
    const double *annual[ML_N_MEASURES] = {0};
    annual[ML_M_PAID_CLAIMS] = num;
    annual[ML_M_CLAIMS] = den;
    const ml_metric_def *d = ml_metric_def_find("paid_share");
    assert_non_null(d);
    assert_true(ml_metric_def_readable(d, annual));
    assert_false(ml_metric_def_readable(ml_metric_def_find("overhead_ratio"), annual));
    double v, se, psi[2];
    ml_metric_ratio(d, annual, 2, 1.0, &v, &se);
    ml_assert_double_exact(v, 1.0);
    ml_assert_double_abs(se, 0.5, 1e-15, "rounding of a few operations");
    ml_metric_influence(d, annual, 2, 1.0, v, psi);
    ml_assert_double_exact(psi[0], -0.5);
    ml_assert_double_exact(psi[1], 0.5);
    /* Per year (constant denominator 1): a mean and its sd/sqrt(n). */
    const ml_metric_def *py = ml_metric_def_find("patient_net_per_year");
    annual[ML_M_PATIENT_NET] = num;
    ml_metric_ratio(py, annual, 2, 1.0, &v, &se);
    ml_assert_double_exact(v, 2.0);
    ml_assert_double_abs(se, 1.0, 1e-15, "sd sqrt(2) over sqrt(2)");
}

/* The policy table as issue 16 computes it (totals made once, four
 * metrics' sums side by side, in threads) holds the bits of the formula
 * summed the plain way, metric by metric, replicate by replicate. */
static void reference_ratio(const ml_metric_def *d, const double *const *annual, size_t n,
                            double den_const, double *value, double *se)
{
    double a = 0.0, b = 0.0;
    for (int k = 0; k < ML_METRIC_TERMS && d->num[k].w != 0.0; k++) {
        double t = 0.0;
        for (size_t r = 0; r < n; r++)
            t += annual[d->num[k].m][r];
        a += d->num[k].w * t;
    }
    if (d->den_kind == ML_DEN_MEASURES)
        for (int k = 0; k < ML_METRIC_TERMS && d->den[k].w != 0.0; k++) {
            double t = 0.0;
            for (size_t r = 0; r < n; r++)
                t += annual[d->den[k].m][r];
            b += d->den[k].w * t;
        }
    else
        b = den_const * (double)n;
    *value = b > 0.0 ? a / b : NAN;
    if (!(b > 0.0)) {
        *se = NAN;
        return;
    }
    if (n < 2) {
        *se = INFINITY;
        return;
    }
    ml_ksum ss = {0, 0};
    for (size_t r = 0; r < n; r++) {
        double e = ml_metric_num(d, annual, r) - *value * ml_metric_den(d, annual, r, den_const);
        ml_ksum_add(&ss, e * e);
    }
    *se = sqrt(ml_ksum_value(&ss) / ((double)n * (double)(n - 1))) / (b / (double)n);
}

static void test_fast_paths_are_the_reference_bits(void **state)
{
    (void)state;
    ml_scenario s;
    ml_hospital h;
    double expo;
    scenario(&s, &h, &expo);
    const size_t n = 3001; /* blocks of squares, and a partial one */
    ml_results res;
    assert_int_equal(ml_results_alloc(&res, n), ML_OK);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 16);
    for (int m = 0; m < ML_N_MEASURES; m++)
        for (size_t r = 0; r < n; r++) /* counts, amounts, negatives, zeros */
            res.annual[m][r] = m % 3 == 0   ? (double)gsl_ran_poisson(g, 3.0)
                               : m % 3 == 1 ? gsl_ran_lognormal(g, 8.0, 1.5)
                                            : (r % 7 ? gsl_ran_gaussian(g, 1e4) : 0.0);
    double totals[ML_N_MEASURES];
    for (int m = 0; m < ML_N_MEASURES; m++)
        ml_mean_total(res.annual[m], n, &totals[m]);
    ml_metric fast[3][ML_METRICS_MAX];
    size_t nf = ml_policy_metrics(&s, &res, fast[0]);
    assert_int_equal(ml_policy_metrics_totals(&s, &res, totals, 1, fast[1]), nf);
    assert_int_equal(ml_policy_metrics_totals(&s, &res, totals, 2, fast[2]), nf);
    const double *const *annual = (const double *const *)res.annual;
    for (size_t i = 0; i < nf; i++) {
        const ml_metric_def *d = ml_metric_def_find(fast[0][i].name);
        assert_non_null(d);
        if (d->kind != ML_MK_RATIO)
            continue;
        double v, se;
        reference_ratio(d, annual, n, d->den_kind == ML_DEN_EXPOSURE ? expo : 1.0, &v, &se);
        for (int k = 0; k < 3; k++)
            if (memcmp(&fast[k][i].value, &v, sizeof v) ||
                memcmp(&fast[k][i].mc_se, &se, sizeof se))
                fail_msg("%s (way %d): %.17g +- %.17g, the reference %.17g +- %.17g",
                         d->name, k, fast[k][i].value, fast[k][i].mc_se, v, se);
    }
    gsl_rng_free(g);
    ml_results_free(&res);
}

/* Every metric ml_policy_metrics writes has a definition, in table order. */
static void test_every_metric_is_defined_as_data(void **state)
{
    (void)state;
    ml_scenario s;
    ml_hospital h;
    double expo;
    scenario(&s, &h, &expo);
    ml_results res;
    assert_int_equal(ml_results_alloc(&res, 2), ML_OK);
    ml_metric m[ML_METRICS_MAX];
    size_t nm = ml_policy_metrics(&s, &res, m);
    ml_assert_size_eq(nm, ml_n_metric_defs);
    for (size_t i = 0; i < nm; i++)
        assert_string_equal(m[i].name, ml_metric_defs[i].name);
    s.regime.life = NULL; /* a textbook regime: the lifecycle metrics go */
    size_t nt = ml_policy_metrics(&s, &res, m);
    ml_assert_size_eq(nt, 17);
    ml_results_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delta_method_by_hand),
        cmocka_unit_test(test_fast_paths_are_the_reference_bits),
        cmocka_unit_test(test_undefined_and_single_replicate),
        cmocka_unit_test(test_every_metric_is_defined_as_data),
        cmocka_unit_test(test_reported_se_is_the_spread_across_independent_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
