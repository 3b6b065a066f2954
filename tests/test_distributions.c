/*
 * test_distributions.c — the frequency and severity laws of models/ against
 * their formulas: mean AND variance of every count and claim-size law, the
 * negative binomial made by a gamma effect (variance m + m^2 / size, and
 * its zero probability), the lognormal effect's equal variance, the
 * distribution functions at quantiles known in closed form, draws at
 * scripted uniforms (the inversion formulas exactly), and the spliced
 * lognormal-Pareto law at its splice.  (Means of the severities, the
 * effects' mean 1 and the LEV against quadrature are in test_models.c; the
 * spliced law's mean and tail frequencies in test_compensation.c.)
 *
 * Statistical tolerances are 4 standard errors (a false alarm about once
 * in 16000 runs of a normal statistic; the seeds are fixed, so a build
 * passes or fails every time).  A sample mean's SE is sqrt(var / n) with
 * the law's known variance; a sample variance's SE is sqrt((mu4 - s^4) / n)
 * with the fourth central moment mu4 estimated from the same sample
 * (asymptotically normal whenever the fourth moment is finite, which is why
 * the Pareto and spliced laws here have shapes above 4).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "compensation.h"
#include "frequency.h"
#include "liability.h"
#include "rng.h"
#include "severity.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- sample moments ---------------------------------------------------- */

typedef struct {
    double n, mean, var, mu4; /* var and mu4 are central, divided by n */
} moments;

static moments moments_of(const double *x, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    moments m = {(double)n, s / (double)n, 0.0, 0.0};
    for (size_t i = 0; i < n; i++) {
        double d2 = (x[i] - m.mean) * (x[i] - m.mean);
        m.var += d2;
        m.mu4 += d2 * d2;
    }
    m.var /= (double)n;
    m.mu4 /= (double)n;
    return m;
}

/* SE of the sample variance, from the sample's own fourth central moment. */
static double se_var(const moments *m)
{
    return sqrt((m->mu4 - m->var * m->var) / m->n);
}

enum { N_DRAWS = 400000 };
static double sample[N_DRAWS];

/* ---- a scripted generator ------------------------------------------------
 * A gsl_rng whose uniforms are the values a test lists, so the inversion
 * formulas can be checked at chosen points exactly. */
typedef struct {
    const double *u;
    size_t n, at;
} scripted_state;

static void scripted_set(void *st, unsigned long seed)
{
    (void)seed;
    ((scripted_state *)st)->at = 0;
}

static double scripted_double(void *st)
{
    scripted_state *s = st;
    assert_true(s->at < s->n); /* the code drew more than the test scripted */
    return s->u[s->at++];
}

static unsigned long scripted_get(void *st)
{
    return (unsigned long)(scripted_double(st) * 4294967296.0);
}

static const gsl_rng_type scripted_type = {"scripted", 0xffffffffUL, 0,
                                           sizeof(scripted_state), scripted_set,
                                           scripted_get, scripted_double};

static gsl_rng *scripted(const double *u, size_t n)
{
    gsl_rng *g = gsl_rng_alloc(&scripted_type);
    assert_non_null(g);
    scripted_state *s = g->state;
    s->u = u;
    s->n = n;
    s->at = 0;
    return g;
}

static size_t scripted_used(const gsl_rng *g)
{
    return ((const scripted_state *)g->state)->at;
}

/* ---- counts -------------------------------------------------------------- */

/* Poisson(m): mean m within 4 sqrt(m / n); sample variance within 4 SE of m
 * (its SE from the Poisson fourth central moment m (1 + 3m):
 * sqrt((m + 2 m^2) / n)). */
static void test_poisson_counts_have_variance_equal_to_mean(void **state)
{
    (void)state;
    const double means[] = {0.3, 4.0, 75.0, 5000.0};
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    for (unsigned k = 0; k < sizeof means / sizeof means[0]; k++) {
        double m = means[k];
        ml_rng_stream(g, 101, 0, 0, k, ML_P_COUNT);
        for (size_t i = 0; i < N_DRAWS; i++)
            sample[i] = ml_frequency_draw(m, g);
        moments s = moments_of(sample, N_DRAWS);
        ml_assert_within_se(s.mean, m, sqrt(m / N_DRAWS), 4, "Poisson: se = sqrt(m / n)");
        ml_assert_within_se(s.var, m, sqrt((m + 2 * m * m) / N_DRAWS), 4,
                            "Poisson mu4 = m (1 + 3m): se of the variance sqrt((m + 2m^2) / n)");
    }
    gsl_rng_free(g);
}

/* Poisson(m G) with G ~ gamma(size k, scale 1/k) (what the engine draws
 * for a hospital-year with a gamma effect) is negative binomial: mean m,
 * variance m + m^2 / k, and P(N = 0) = (k / (k + m))^k. */
static void test_negbin_counts_have_variance_mean_plus_mean_squared_over_size(void **state)
{
    (void)state;
    const struct { double m, k; } cases[] = {{10.0, 2.0}, {3.0, 0.5}, {40.0, 10.0}};
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    for (unsigned c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double m = cases[c].m, k = cases[c].k;
        ml_random_effect re = {ML_RE_GAMMA, k};
        size_t zeros = 0;
        for (size_t i = 0; i < N_DRAWS; i++) {
            ml_rng_stream(g, 102, (uint32_t)i, c, 0, ML_P_HOSP_EFFECT);
            double mult = ml_re_draw(&re, g);
            ml_rng_stream(g, 102, (uint32_t)i, c, 0, ML_P_COUNT);
            sample[i] = ml_frequency_draw(m * mult, g);
            zeros += sample[i] == 0.0;
        }
        moments s = moments_of(sample, N_DRAWS);
        double var = m + m * m / k;
        ml_assert_within_se(s.mean, m, sqrt(var / N_DRAWS), 4, "se = sqrt((m + m^2/k) / n)");
        ml_assert_within_se(s.var, var, se_var(&s), 4, "se of the variance from the sample mu4");
        double p0 = pow(k / (k + m), k);
        ml_assert_within_se((double)zeros / N_DRAWS, p0, sqrt(p0 * (1 - p0) / N_DRAWS), 4,
                            "binomial se of a frequency");
    }
    gsl_rng_free(g);
}

/* The lognormal effect is offered with the gamma's variance 1/size: its
 * mixed Poisson counts have the same mean m and variance m + m^2 / size,
 * but a heavier upper tail (its effect's 1 - 1e-6 quantile is larger). */
static void test_lognormal_effect_counts_have_the_gamma_variance(void **state)
{
    (void)state;
    const double m = 8.0, k = 3.0;
    ml_random_effect re = {ML_RE_LOGNORMAL, k}, ga = {ML_RE_GAMMA, k};
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    for (size_t i = 0; i < N_DRAWS; i++) {
        ml_rng_stream(g, 103, (uint32_t)i, 0, 0, ML_P_YEAR_EFFECT);
        double mult = ml_re_draw(&re, g);
        ml_rng_stream(g, 103, (uint32_t)i, 0, 0, ML_P_COUNT);
        sample[i] = ml_frequency_draw(m * mult, g);
    }
    moments s = moments_of(sample, N_DRAWS);
    double var = m + m * m / k;
    ml_assert_within_se(s.mean, m, sqrt(var / N_DRAWS), 4, "se = sqrt((m + m^2/k) / n)");
    ml_assert_within_se(s.var, var, se_var(&s), 4, "se of the variance from the sample mu4");
    assert_true(ml_re_upper(&re, 1e-6) > ml_re_upper(&ga, 1e-6));
    gsl_rng_free(g);
}

/* The effect itself: variance exactly 1/size for both kinds, here also
 * for an over-dispersed size (2: variance 0.5, where a lognormal with the
 * wrong sigma^2 = 1/size instead of log(1 + 1/size) would have variance
 * e^0.5 - 1 = 0.65) and a gamma of shape 0.5 (variance 2). */
static void test_effects_have_variance_one_over_size_when_overdispersed(void **state)
{
    (void)state;
    const ml_random_effect res[] = {{ML_RE_GAMMA, 0.5}, {ML_RE_LOGNORMAL, 2.0},
                                    {ML_RE_GAMMA, 50.0}, {ML_RE_LOGNORMAL, 50.0}};
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    for (unsigned j = 0; j < sizeof res / sizeof res[0]; j++) {
        ml_rng_stream(g, 104, 0, 0, j, ML_P_HOSP_EFFECT);
        for (size_t i = 0; i < N_DRAWS; i++)
            sample[i] = ml_re_draw(&res[j], g);
        moments s = moments_of(sample, N_DRAWS);
        double var = 1.0 / res[j].size;
        ml_assert_within_se(s.mean, 1.0, sqrt(var / N_DRAWS), 4, "se = sqrt(1/size / n)");
        ml_assert_within_se(s.var, var, se_var(&s), 4, "se of the variance from the sample mu4");
    }
    gsl_rng_free(g);
}

/* A mean that is not positive (0, negative, NaN) gives 0 incidents and
 * consumes no draw: the stream's next word is still its first. */
static void test_nonpositive_poisson_mean_gives_zero_without_a_draw(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox), *fresh = gsl_rng_alloc(ml_rng_philox);
    const double bad[] = {0.0, -0.0, -3.0, NAN, -INFINITY};
    for (unsigned k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ml_rng_stream(g, 105, k, 0, 0, ML_P_COUNT);
        ml_rng_stream(fresh, 105, k, 0, 0, ML_P_COUNT);
        ml_assert_int_eq(ml_frequency_draw(bad[k], g), 0);
        ml_assert_int_eq(gsl_rng_get(g), gsl_rng_get(fresh));
    }
    /* no effect: exactly 1 and no draw either */
    ml_random_effect none = {ML_RE_NONE, INFINITY};
    ml_rng_stream(g, 105, 9, 0, 0, ML_P_HOSP_EFFECT);
    ml_rng_stream(fresh, 105, 9, 0, 0, ML_P_HOSP_EFFECT);
    ml_assert_double_exact(ml_re_draw(&none, g), 1.0);
    ml_assert_int_eq(gsl_rng_get(g), gsl_rng_get(fresh));
    gsl_rng_free(g);
    gsl_rng_free(fresh);
}

/* ---- claim sizes ----------------------------------------------------------- */

/* Variance of each law, its formula written out here:
 *   lognormal(mu, s)  (e^{s^2} - 1) e^{2 mu + s^2}
 *   gamma(k, theta)   k theta^2
 *   Pareto(a, theta)  theta^2 a / ((a - 1)^2 (a - 2))   (a > 2)
 * Each sample variance within 4 SE (from the sample mu4; Pareto shapes
 * above 4 so mu4 is finite), and the mean within 4 sqrt(var / n). */
static void test_severity_draws_have_the_formula_variance(void **state)
{
    (void)state;
    const ml_severity sv[] = {{ML_SEV_LOGNORMAL, 9.0, 0.6},
                              {ML_SEV_LOGNORMAL, 11.0, 0.25},
                              {ML_SEV_GAMMA, 0.7, 40000.0},
                              {ML_SEV_GAMMA, 9.0, 2000.0},
                              {ML_SEV_PARETO, 6.0, 250000.0},
                              {ML_SEV_PARETO, 9.0, 80000.0}};
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    for (unsigned j = 0; j < sizeof sv / sizeof sv[0]; j++) {
        double a = sv[j].p1, b = sv[j].p2, mean, var;
        if (sv[j].kind == ML_SEV_LOGNORMAL) {
            mean = exp(a + 0.5 * b * b);
            var = expm1(b * b) * exp(2 * a + b * b);
        } else if (sv[j].kind == ML_SEV_GAMMA) {
            mean = a * b;
            var = a * b * b;
        } else {
            mean = b / (a - 1);
            var = b * b * a / ((a - 1) * (a - 1) * (a - 2));
        }
        ml_assert_double_rel(ml_severity_lev(&sv[j], INFINITY), mean, 1e-14,
                             "closed forms, a few roundings");
        ml_rng_stream(g, 106, 0, 0, j, ML_P_SEVERITY);
        for (size_t i = 0; i < N_DRAWS; i++)
            sample[i] = ml_severity_draw(&sv[j], g);
        moments s = moments_of(sample, N_DRAWS);
        ml_assert_within_se(s.mean, mean, sqrt(var / N_DRAWS), 4, "se = sd / sqrt(n)");
        ml_assert_within_se(s.var, var, se_var(&s), 4, "se of the variance from the sample mu4");
    }
    gsl_rng_free(g);
}

/* Distribution functions at quantiles known in closed form:
 * lognormal median e^mu; exponential (gamma shape 1) median theta ln 2;
 * Pareto F(theta (2^{1/a} - 1)) = 1/2 and F(theta (10^{1/a} - 1)) = 0.9;
 * and P(X <= 0) = 0, P(X <= inf) = 1 for every law. */
static void test_severity_cdf_at_closed_form_quantiles(void **state)
{
    (void)state;
    ml_severity ln = {ML_SEV_LOGNORMAL, 10.0, 1.3}, ex = {ML_SEV_GAMMA, 1.0, 5000.0},
                pa = {ML_SEV_PARETO, 2.5, 1e5};
    ml_assert_double_abs(ml_severity_cdf(&ln, exp(10.0)), 0.5, 1e-15, "Phi(0) = 1/2 to rounding");
    ml_assert_double_abs(ml_severity_cdf(&ex, 5000.0 * M_LN2), 0.5, 1e-15,
                         "1 - e^{-ln 2} to rounding");
    ml_assert_double_abs(ml_severity_cdf(&pa, 1e5 * (pow(2.0, 1 / 2.5) - 1)), 0.5, 1e-14,
                         "a power and a log1p to rounding");
    ml_assert_double_abs(ml_severity_cdf(&pa, 1e5 * (pow(10.0, 1 / 2.5) - 1)), 0.9, 1e-14,
                         "a power and a log1p to rounding");
    /* Pareto by hand: a = 2, theta = 100, x = 100: 1 - (100/200)^2 = 0.75 */
    ml_severity p2 = {ML_SEV_PARETO, 2.0, 100.0};
    ml_assert_double_abs(ml_severity_cdf(&p2, 100.0), 0.75, 1e-15, "exact in binary to rounding");
    const ml_severity *all[] = {&ln, &ex, &pa, &p2};
    for (int k = 0; k < 4; k++) {
        ml_assert_double_exact(ml_severity_cdf(all[k], 0.0), 0.0);
        ml_assert_double_exact(ml_severity_cdf(all[k], -7.0), 0.0);
        ml_assert_double_exact(ml_severity_cdf(all[k], INFINITY), 1.0);
    }
}

/* Draws agree with the CDF: the share of 400000 draws at or below each
 * x_p = F^{-1}(p) (found here by bisection on ml_severity_cdf) is p within
 * 4 binomial SE sqrt(p (1 - p) / n), out to p = 0.999 in the tails. */
static double cdf_inverse(const ml_severity *s, double p)
{
    double lo = 0.0, hi = 1.0;
    while (ml_severity_cdf(s, hi) < p)
        hi *= 2.0;
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        if (ml_severity_cdf(s, mid) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

static void test_severity_draws_follow_their_cdf_into_the_tail(void **state)
{
    (void)state;
    const ml_severity sv[] = {{ML_SEV_LOGNORMAL, 10.0, 1.2},
                              {ML_SEV_GAMMA, 0.4, 1e5},
                              {ML_SEV_PARETO, 1.2, 3e5}};
    const double ps[] = {0.01, 0.25, 0.5, 0.9, 0.99, 0.999};
    enum { NP = sizeof ps / sizeof ps[0] };
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    for (unsigned j = 0; j < sizeof sv / sizeof sv[0]; j++) {
        double q[NP];
        size_t below[NP] = {0};
        for (int k = 0; k < NP; k++)
            q[k] = cdf_inverse(&sv[j], ps[k]);
        ml_rng_stream(g, 107, 0, 0, j, ML_P_SEVERITY);
        for (size_t i = 0; i < N_DRAWS; i++) {
            double x = ml_severity_draw(&sv[j], g);
            for (int k = 0; k < NP; k++)
                below[k] += x <= q[k];
        }
        for (int k = 0; k < NP; k++)
            ml_assert_within_se((double)below[k] / N_DRAWS, ps[k],
                                sqrt(ps[k] * (1 - ps[k]) / N_DRAWS), 4,
                                "binomial se of a frequency");
    }
    gsl_rng_free(g);
}

/* The Pareto draw is the inversion x = theta ((1 - U)^{-1/a} - 1), one
 * uniform per claim: at U = 0 it is 0, at U = 3/4 with a = 2 it is theta
 * (0.25^{-1/2} = 2), at U = 7/8 with a = 3 it is theta (0.125^{-1/3} = 2),
 * and at the largest uniform below 1 it is finite. */
static void test_pareto_draw_inverts_the_cdf_at_scripted_uniforms(void **state)
{
    (void)state;
    const double u[] = {0.0, 0.75, 0.875, 1.0 - 0x1p-53};
    gsl_rng *g = scripted(u, 4);
    ml_severity a2 = {ML_SEV_PARETO, 2.0, 1000.0}, a3 = {ML_SEV_PARETO, 3.0, 1000.0};
    ml_assert_double_exact(ml_severity_draw(&a2, g), 0.0);
    ml_assert_double_abs(ml_severity_draw(&a2, g), 1000.0, 1e-12, "pow(0.25, -0.5) to rounding");
    ml_assert_double_abs(ml_severity_draw(&a3, g), 1000.0, 1e-12, "pow(0.125, -1/3) to rounding");
    double far = ml_severity_draw(&a2, g);
    assert_true(isfinite(far));
    /* (2^-53)^(-1/2) - 1 = 2^26.5 - 1 */
    ml_assert_double_rel(far, 1000.0 * (pow(2.0, 26.5) - 1.0), 1e-12, "pow to rounding");
    ml_assert_size_eq(scripted_used(g), 4); /* one uniform a claim */
    gsl_rng_free(g);
}

/* Limited expected values worked by hand:
 *   Pareto a = 2, theta = 100: E[min(X, u)] = 100 (1 - 100 / (100 + u)):
 *     u = 100 -> 50, u = 300 -> 75;
 *   Pareto a = 1, theta = 100: 100 ln(1 + u / 100): u = 100 (e - 1) -> 100;
 *   exponential (gamma k = 1) theta = 1000: 1000 (1 - e^{-u/1000}):
 *     u = 1000 ln 2 -> 500;
 *   lognormal with sdlog tiny (1e-6): nearly the point e^mu, so
 *     E[min(X, u)] = u below it and e^{mu + s^2/2} above it. */
static void test_limited_expected_values_worked_by_hand(void **state)
{
    (void)state;
    ml_severity p2 = {ML_SEV_PARETO, 2.0, 100.0}, p1 = {ML_SEV_PARETO, 1.0, 100.0},
                ex = {ML_SEV_GAMMA, 1.0, 1000.0}, pt = {ML_SEV_LOGNORMAL, log(5000.0), 1e-6};
    ml_assert_double_abs(ml_severity_lev(&p2, 100.0), 50.0, 1e-12, "closed form to rounding");
    ml_assert_double_abs(ml_severity_lev(&p2, 300.0), 75.0, 1e-12, "closed form to rounding");
    ml_assert_double_abs(ml_severity_lev(&p1, 100.0 * (M_E - 1.0)), 100.0, 1e-12,
                         "log1p to rounding");
    ml_assert_double_abs(ml_severity_lev(&ex, 1000.0 * M_LN2), 500.0, 1e-9,
                         "incomplete gamma to 1e-12 relative");
    ml_assert_double_rel(ml_severity_lev(&pt, 4000.0), 4000.0, 1e-12,
                         "P(X < 4000) is 0 to double precision at sdlog 1e-6");
    ml_assert_double_rel(ml_severity_lev(&pt, 6000.0), 5000.0, 1e-11,
                         "e^{s^2/2} - 1 = 5e-13 at s = 1e-6");
    /* E[min(X, u)] never exceeds u nor the mean, and grows with u. */
    const ml_severity *all[] = {&p2, &ex, &pt};
    for (int k = 0; k < 3; k++) {
        double prev = 0.0, mean = ml_severity_lev(all[k], INFINITY);
        for (double x = 10.0; x < 1e7; x *= 1.7) {
            double l = ml_severity_lev(all[k], x);
            assert_true(l <= x * (1 + 1e-15) && l <= mean * (1 + 1e-12) && l >= prev);
            prev = l;
        }
    }
}

/* ---- liability shares ------------------------------------------------------ */

/* Outcome i is drawn for U in [c_{i-1}, c_i) (c the cumulative
 * probabilities), the last one for anything above: U = 0 -> 0, U just
 * below 0.25 -> 0, U = 0.25 -> 1, U = 0.5 -> 2 (0.25 + 0.25), U = 0.999 ->
 * 3; a one-outcome law takes no uniform at all. */
static void test_liability_intervals_are_half_open_at_scripted_uniforms(void **state)
{
    (void)state;
    ml_liability l = {4, {0.0, 0.4, 0.7, 1.0}, {0.25, 0.25, 0.25, 0.25}};
    const double u[] = {0.0, 0.25 - 0x1p-53, 0.25, 0.5, 0.75 - 0x1p-53, 0.999};
    const unsigned want[] = {0, 0, 1, 2, 2, 3};
    gsl_rng *g = scripted(u, 6);
    for (int i = 0; i < 6; i++)
        ml_assert_int_eq(ml_liability_draw(&l, g), want[i]);
    ml_liability one = {1, {0.6}, {1.0}};
    ml_assert_int_eq(ml_liability_draw(&one, g), 0);
    ml_assert_size_eq(scripted_used(g), 6); /* the one-outcome law drew nothing */
    gsl_rng_free(g);
    /* mean share: 0.25 (0 + 0.4 + 0.7 + 1) = 0.525 */
    ml_assert_double_abs(ml_liability_mean(&l), 0.525, 1e-15, "four products to rounding");
    ml_assert_double_exact(ml_liability_mean(&one), 0.6);
}

/* The share drawn has mean sum p s and variance sum p s^2 - mean^2:
 * China-like degrees {0, 0.1, 0.3, 0.5, 0.75, 1}. */
static void test_liability_share_has_the_discrete_law_variance(void **state)
{
    (void)state;
    ml_liability l = {6, {0.0, 0.1, 0.3, 0.5, 0.75, 1.0}, {0.3, 0.1, 0.15, 0.2, 0.15, 0.1}};
    double mean = ml_liability_mean(&l), m2 = 0.0;
    for (unsigned i = 0; i < l.n; i++)
        m2 += l.prob[i] * l.share[i] * l.share[i];
    double var = m2 - mean * mean;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, 108, 0, 0, 0, ML_P_LIABILITY);
    for (size_t i = 0; i < N_DRAWS; i++)
        sample[i] = l.share[ml_liability_draw(&l, g)];
    moments s = moments_of(sample, N_DRAWS);
    ml_assert_within_se(s.mean, mean, sqrt(var / N_DRAWS), 4, "se = sd / sqrt(n)");
    ml_assert_within_se(s.var, var, se_var(&s), 4, "se of the variance from the sample mu4");
    gsl_rng_free(g);
}

/* ---- the spliced lognormal-Pareto law at its splice --------------------- */

/* At the threshold u: P(X > u) = w exactly, q(1 - w) = u, the quantile
 * just below 1 - w approaches u from below (the body conditioned to lie
 * under u), and the survival is continuous there (P(X > u - h) -> w). */
static void test_spliced_quantile_at_the_splice_is_the_threshold(void **state)
{
    (void)state;
    const ml_dmg_law laws[] = {{12.0, 1.4, 6.72e6, 2.5, 0.25},
                               {10.0, 1.0, 1e5, 3.0, 0.125},
                               {11.0, 0.6, 3e5, 4.5, 0.5}};
    for (unsigned k = 0; k < sizeof laws / sizeof laws[0]; k++) {
        const ml_dmg_law *l = &laws[k];
        double u = l->threshold, w = l->weight;
        ml_assert_double_abs(ml_dmg_sf(l, u), w, 1e-15, "w (u/u)^a = w");
        /* w is a power of two, so 1 - w and 1 - (1 - w) are exact: q is u */
        ml_assert_double_exact(ml_dmg_quantile(l, 1.0 - w), u);
        double below = ml_dmg_quantile(l, (1.0 - w) * (1 - 1e-12));
        assert_true(below < u);
        ml_assert_double_rel(below, u, 1e-9, "the body quantile at F(u) (1 - 1e-12)");
        ml_assert_double_abs(ml_dmg_sf(l, u * (1 - 1e-12)), w, 1e-9,
                             "the body survival tends to w at the threshold");
        /* a draw at U = 1 - w is the threshold (the tail's bottom) */
        const double uu[] = {1.0 - w};
        gsl_rng *g = scripted(uu, 1);
        ml_assert_double_exact(ml_dmg_draw(l, g), u);
        gsl_rng_free(g);
    }
}

/* The spliced law's variance: E[X^2] = (1 - w) e^{2m + 2s^2} Phi(z - 2s) /
 * Phi(z) + w a u^2 / (a - 2), with z = (ln u - m) / s.  Shapes above 4, so
 * the sample variance's SE (from its sample mu4) is finite. */
static void test_spliced_variance_within_se(void **state)
{
    (void)state;
    const ml_dmg_law laws[] = {{11.0, 0.8, 2e5, 5.0, 0.05}, {9.5, 1.0, 4e4, 6.0, 0.2}};
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    for (unsigned k = 0; k < sizeof laws / sizeof laws[0]; k++) {
        const ml_dmg_law *l = &laws[k];
        double m = l->meanlog, s = l->sdlog, u = l->threshold, a = l->shape, w = l->weight;
        double z = (log(u) - m) / s, F = gsl_cdf_ugaussian_P(z);
        double m2 = (1 - w) * exp(2 * m + 2 * s * s) * gsl_cdf_ugaussian_P(z - 2 * s) / F +
                    w * a * u * u / (a - 2);
        double mean = ml_dmg_mean(l), var = m2 - mean * mean;
        ml_rng_stream(g, 109, 0, 0, k, ML_P_SEVERITY);
        for (size_t i = 0; i < N_DRAWS; i++)
            sample[i] = ml_dmg_draw(l, g);
        moments sm = moments_of(sample, N_DRAWS);
        ml_assert_within_se(sm.mean, mean, sqrt(var / N_DRAWS), 4, "se = sd / sqrt(n)");
        ml_assert_within_se(sm.var, var, se_var(&sm), 4, "se of the variance from the sample mu4");
    }
    gsl_rng_free(g);
}

/* Names of the kinds, as written in scenario files and results. */
static void test_law_kind_names_are_the_schema_words(void **state)
{
    (void)state;
    assert_string_equal(ml_re_name(ML_RE_NONE), "none");
    assert_string_equal(ml_re_name(ML_RE_GAMMA), "gamma");
    assert_string_equal(ml_re_name(ML_RE_LOGNORMAL), "lognormal");
    assert_string_equal(ml_re_name((ml_re_kind)99), "?");
    assert_string_equal(ml_severity_name(ML_SEV_LOGNORMAL), "lognormal");
    assert_string_equal(ml_severity_name(ML_SEV_GAMMA), "gamma");
    assert_string_equal(ml_severity_name(ML_SEV_PARETO), "pareto");
    assert_string_equal(ml_severity_name((ml_sev_kind)99), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_poisson_counts_have_variance_equal_to_mean),
        cmocka_unit_test(test_negbin_counts_have_variance_mean_plus_mean_squared_over_size),
        cmocka_unit_test(test_lognormal_effect_counts_have_the_gamma_variance),
        cmocka_unit_test(test_effects_have_variance_one_over_size_when_overdispersed),
        cmocka_unit_test(test_nonpositive_poisson_mean_gives_zero_without_a_draw),
        cmocka_unit_test(test_severity_draws_have_the_formula_variance),
        cmocka_unit_test(test_severity_cdf_at_closed_form_quantiles),
        cmocka_unit_test(test_severity_draws_follow_their_cdf_into_the_tail),
        cmocka_unit_test(test_pareto_draw_inverts_the_cdf_at_scripted_uniforms),
        cmocka_unit_test(test_limited_expected_values_worked_by_hand),
        cmocka_unit_test(test_liability_intervals_are_half_open_at_scripted_uniforms),
        cmocka_unit_test(test_liability_share_has_the_discrete_law_variance),
        cmocka_unit_test(test_spliced_quantile_at_the_splice_is_the_threshold),
        cmocka_unit_test(test_spliced_variance_within_se),
        cmocka_unit_test(test_law_kind_names_are_the_schema_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
