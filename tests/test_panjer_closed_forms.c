/*
 * test_panjer_closed_forms.c — exact.c against distributions known in
 * closed form (test_exact.c covers the degenerate severity Y = 1, one
 * brute-force convolution and the validation scenarios by simulation):
 *
 *  - thinning: a severity that is 0 with probability 1 - q and 1 with
 *    probability q turns Poisson(lambda) into Poisson(q lambda) and
 *    NB(r, beta) into NB(r, q beta), exactly;
 *  - a geometric count of geometric claims is a zero-modified geometric
 *    sum, whose pmf follows from its generating function;
 *  - moments: E[S] = E[N] E[X] and Var S = E[N] Var X + Var N E[X]^2 for
 *    any severity on the grid, to rounding when the grid holds the mass;
 *  - the continuous compound geometric-exponential, P(S > x) = w exp(-x /
 *    (theta (1 + beta))) with w = beta / (1 + beta), through
 *    ml_exact_compute: the bracket must contain it at every grid point, the
 *    mean must be exact, and the sd within the discretisation bound derived
 *    at test_geometric_exponential_sd_within_discretisation_bound;
 *  - ml_exact_bounds, ml_exact_quantile and ml_exact_ks on brackets small
 *    enough to read by hand, and the scenarios the method refuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "exact.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- ml_panjer on discrete severities ------------------------------- */

/* f = {1 - q, q}: each claim is paid 1 with probability q, else nothing.
 * The number of payments is a q-thinned Poisson(lambda): Poisson(q lambda). */
static void test_poisson_12_thinned_by_0_3_is_poisson_3_6(void **state)
{
    (void)state;
    enum { M = 60 };
    double f[M] = {0.7, 0.3}, g[M];
    assert_int_equal(ml_panjer(0, 12.0, 0, 0, f, M, 2, g, NULL), ML_OK);
    for (int k = 0; k < M; k++)
        ml_assert_double_abs(g[k], gsl_ran_poisson_pdf((unsigned)k, 3.6), 1e-15,
                             "a recursion of k terms near 1e-2 each, rounding only");
}

/* The negative binomial thinned: its generating function (1 - beta (z - 1))^-r
 * at z = 1 - q + q t is (1 - q beta (t - 1))^-r, NB(r, q beta).  r = 2.5,
 * beta = 4, q = 0.25: NB(2.5, 1), mean 2.5.  GSL's parametrisation is
 * (p, n) with p = 1 / (1 + beta). */
static void test_negbin_2_5_4_thinned_by_quarter_is_negbin_2_5_1(void **state)
{
    (void)state;
    enum { M = 80 };
    double f[M] = {0.75, 0.25}, g[M];
    assert_int_equal(ml_panjer(1, 0, 2.5, 4.0, f, M, 2, g, NULL), ML_OK);
    for (int k = 0; k < M; k++)
        ml_assert_double_abs(g[k], gsl_ran_negative_binomial_pdf((unsigned)k, 0.5, 2.5),
                             1e-14, "k recursion steps, each a few roundings");
}

/* N ~ NB(1, beta) (geometric, P(N = n) = (1/(1+beta)) (beta/(1+beta))^n),
 * X on {1, 2, ...} with P(X = k) = (1 - rho) rho^(k-1).  Then
 * P_S(z) = 1 / (1 - beta (P_X(z) - 1)) = (1 - rho z) / ((1 + beta)(1 - c z))
 * with c = (rho + beta) / (1 + beta), so
 *   g_0 = 1 / (1 + beta),  g_k = beta (1 - rho) c^(k-1) / (1 + beta)^2.
 * beta = 3, rho = 0.6: g_0 = 0.25, c = 0.9, g_k = 0.075 * 0.9^(k-1). */
static void test_geometric_sum_of_geometric_claims_has_g_k_0_075_times_0_9_pow_k_minus_1(
    void **state)
{
    (void)state;
    enum { M = 400 };
    static double f[M], g[M];
    for (int k = 1; k < M; k++) f[k] = 0.4 * pow(0.6, k - 1);
    assert_int_equal(ml_panjer(1, 0, 1.0, 3.0, f, M, M, g, NULL), ML_OK);
    ml_assert_double_abs(g[0], 0.25, 1e-16, "(1 + beta)^-1 with f_0 = 0: one pow");
    for (int k = 1; k < M; k++) {
        double want = 0.075 * pow(0.9, k - 1);
        ml_assert_double_rel(g[k], want, 1e-12 * (1.0 + k / 100.0),
                             "relative rounding growing slowly with the recursion depth");
    }
}

/* Moments of a compound sum on the grid: N ~ Poisson(3) or NB(2, 1.5),
 * X in {0, 1, 2, 3, 4} with pmf {0.1, 0.2, 0.3, 0.25, 0.15}:
 * E X = 0.2 + 0.6 + 0.75 + 0.6 = 2.15, E X^2 = 0.2 + 1.2 + 2.25 + 2.4 = 6.05,
 * Var X = 6.05 - 4.6225 = 1.4275.
 *   Poisson(3): E S = 6.45, Var S = 3 E X^2 = 18.15.
 *   NB(2, 1.5): E N = 3, Var N = 3 (1 + 1.5) = 7.5;
 *               E S = 6.45, Var S = 3 * 1.4275 + 7.5 * 4.6225 = 38.95125.
 * The grid (600 points, S up to 599) holds all but < 1e-100 of the mass. */
static void moments(const double *g, size_t m, double *mean, double *var)
{
    long double m0 = 0, m1 = 0, m2 = 0;
    for (size_t k = 0; k < m; k++) {
        m0 += g[k];
        m1 += (long double)k * g[k];
        m2 += (long double)k * k * g[k];
    }
    *mean = (double)(m1 / m0);
    *var = (double)(m2 / m0 - (m1 / m0) * (m1 / m0));
}

static void test_compound_moments_are_en_ex_and_en_varx_plus_varn_ex2(void **state)
{
    (void)state;
    enum { M = 600 };
    static double f[M] = {0.1, 0.2, 0.3, 0.25, 0.15}, g[M];
    double mean, var, total = 0;
    assert_int_equal(ml_panjer(0, 3.0, 0, 0, f, M, 5, g, NULL), ML_OK);
    for (int k = 0; k < M; k++) total += g[k];
    ml_assert_double_abs(total, 1.0, 1e-13, "probabilities of 600 points, rounding only");
    moments(g, M, &mean, &var);
    ml_assert_double_rel(mean, 6.45, 1e-13, "rounding of the recursion");
    ml_assert_double_rel(var, 18.15, 1e-12, "rounding of the recursion");
    assert_int_equal(ml_panjer(1, 0, 2.0, 1.5, f, M, 5, g, NULL), ML_OK);
    moments(g, M, &mean, &var);
    ml_assert_double_rel(mean, 6.45, 1e-13, "rounding of the recursion");
    ml_assert_double_rel(var, 38.95125, 1e-12, "rounding of the recursion");
}

/* A defective severity (sum f < 1: mass beyond the grid, exact.c's atom at
 * infinity) leaves the recursion valid: for Poisson(lambda) the grid then
 * holds P(no claim lands beyond it) = exp(-lambda (1 - sum f)) in total.
 * lambda = 2, f = {0.5, 0.3} (0.2 beyond): the grid's mass is exp(-0.4)
 * once it holds every sum of the finite claims (their count is Poisson(1.6),
 * at most 1 each: S <= 200 on 200 points misses < 1e-100). */
static void test_defective_severity_leaves_exp_minus_0_4_on_the_grid(void **state)
{
    (void)state;
    enum { M = 200 };
    static double f[M] = {0.5, 0.3}, g[M];
    assert_int_equal(ml_panjer(0, 2.0, 0, 0, f, M, 2, g, NULL), ML_OK);
    double total = 0;
    for (int k = 0; k < M; k++) total += g[k];
    ml_assert_double_abs(total, exp(-0.4), 1e-14, "sum of 200 terms, rounding only");
    /* And its shape is that of the finite claims alone: Poisson(0.6) for
     * the ones, times the chance none went beyond. */
    for (int k = 0; k < 30; k++)
        ml_assert_double_abs(g[k], exp(-0.4) * gsl_ran_poisson_pdf((unsigned)k, 0.6), 1e-15,
                             "rounding of the recursion");
}

/* ---- ml_exact_compute on the compound geometric-exponential ---------- */

static void load(const char *rel, ml_scenario *s)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/validation/%s", ML_SOURCE_DIR, rel);
    ml_err err = {0};
    int rc = ml_scenario_load(path, s, &err);
    if (rc) print_error("%s\n", err.msg);
    assert_int_equal(rc, ML_OK);
}

/* v2 (one hospital, 20 claims a year, gamma hospital effect) made into the
 * textbook case: shape 1 effect (geometric counts, beta = 20), exponential
 * damages of mean theta, every claim paid in full, no terms. */
static void geometric_exponential(ml_scenario *s, double theta)
{
    load("v2_negbin_lognormal_layer.yaml", s);
    s->portfolio.hospital_effect.kind = ML_RE_GAMMA;
    s->portfolio.hospital_effect.size = 1.0;
    s->regime.severity = (ml_severity){ML_SEV_GAMMA, 1.0, theta};
    s->regime.liability.n = 1;
    s->regime.liability.share[0] = 1.0;
    s->regime.liability.prob[0] = 1.0;
    s->regime.policy.deductible = 0.0;
    s->regime.policy.limit = INFINITY;
    s->regime.policy.coinsurance = 1.0;
    s->regime.policy.aggregate_limit = INFINITY;
    s->regime.policy.aggregate_retention = INFINITY;
}

#define BETA 20.0
#define THETA 1000.0

/* F(x) = 1 - w exp(-x / sc), w = beta / (1 + beta), sc = theta (1 + beta). */
static double geo_exp_cdf(double x)
{
    return x < 0 ? 0.0 : 1.0 - BETA / (1.0 + BETA) * exp(-x / (THETA * (1.0 + BETA)));
}

static void test_geometric_exponential_cdf_lies_in_the_bracket_at_every_point(void **state)
{
    (void)state;
    ml_scenario s;
    geometric_exponential(&s, THETA);
    ml_exact ex;
    ml_err err = {0};
    int rc = ml_exact_compute(&s, 8192, &ex, &err);
    if (rc) print_error("%s\n", err.msg);
    assert_int_equal(rc, ML_OK);
    assert_int_equal(ex.negbin, 1);
    ml_assert_double_exact(ex.size, 1.0);
    ml_assert_double_abs(ex.beta, BETA, 1e-12, "rate 20 times p_claim 1, p_settle 1");
    /* At zero: rounding up sends only Y = 0 to 0, so P(S_up = 0) = P(N = 0)
     * = 1 / 21; to the nearest point also sends Y < h/2 there, so
     * P(S_mid = 0) = P_N(f_0) = 1 / (1 + beta exp(-h / (2 theta))). */
    ml_assert_double_abs(ex.cdf_up[0], 1.0 / 21.0, 1e-15, "one pow");
    ml_assert_double_abs(ex.cdf_mid[0], 1.0 / (1.0 + BETA * exp(-ex.h / (2.0 * THETA))), 1e-15,
                         "one pow of GSL's gamma cdf");
    double widest = 0.0;
    for (size_t k = 0; k < ex.m; k++) {
        double x = (double)k * ex.h, F = geo_exp_cdf(x);
        /* 1e-12: rounding of the recursion, far below the bracket's width. */
        if (!(ex.cdf_up[k] <= F + 1e-12 && F <= ex.cdf_dn[k] + 1e-12))
            fail_msg("at x = %g: F = %.12g outside [%.12g, %.12g]", x, F, ex.cdf_up[k],
                     ex.cdf_dn[k]);
        widest = fmax(widest, ex.cdf_dn[k] - ex.cdf_up[k]);
    }
    /* S_up - S_dn = N h claim by claim, so the width at x is at most
     * P(x - N h < S_dn <= x) <= E[N] h max f_S = 20 h (w / sc): at this
     * grid that is a few per cent; the bracket must be that narrow. */
    double bound = BETA * ex.h * (BETA / (1.0 + BETA)) / (THETA * (1.0 + BETA));
    print_message("h = %.3f, widest bracket %.5f, bound %.5f\n", ex.h, widest, bound);
    assert_true(widest <= bound);
    /* The mean needs no grid: E[N] E[X] = 20 * 1000. */
    ml_assert_double_rel(ex.mean, BETA * THETA, 1e-15, "lev of the exponential at infinity");
    ml_assert_double_exact(ex.mean_lo, ex.mean);
    ml_assert_double_exact(ex.mean_hi, ex.mean);
    ml_exact_free(&ex);
    ml_scenario_free(&s);
}

/* sd of the nearest-point distribution against the closed form
 * Var S = E[N] Var X + Var N E[X]^2 = 20 theta^2 + 420 theta^2 = 440 theta^2.
 * Bound: rounding moves each claim by |e| <= d = h/2, so
 * |E Y_mid - mu| <= d and |E Y_mid^2 - E Y^2| <= 2 d mu + d^2, and with
 * Var S = E[N] E[Y^2] + (Var N - E N) mu^2 the variance moves by at most
 * Var N (2 d mu + d^2) (Var N >= E N here).  The sd also leaves out the
 * mass beyond the grid's end c: at most E[S^2; S > c] + 2 E[S] E[S; S > c]
 * in the variance, both in closed form for the exponential tail. */
static void test_geometric_exponential_sd_within_discretisation_bound(void **state)
{
    (void)state;
    ml_scenario s;
    geometric_exponential(&s, THETA);
    ml_exact ex;
    assert_int_equal(ml_exact_compute(&s, 8192, &ex, NULL), ML_OK);
    double var = 440.0 * THETA * THETA, d = ex.h / 2.0, var_n = BETA * (1.0 + BETA);
    double sc = THETA * (1.0 + BETA), w = BETA / (1.0 + BETA), c = (double)(ex.m - 1) * ex.h;
    double tail0 = w * exp(-c / sc);
    double tail1 = tail0 * (c + sc), tail2 = tail0 * (c * c + 2 * c * sc + 2 * sc * sc);
    double dvar = var_n * (2.0 * d * THETA + d * d) + tail2 + 2.0 * BETA * THETA * tail1;
    double got = ex.sd * ex.sd;
    print_message("var %.6g, nearest-point %.6g, bound on the difference %.4g (tail mass %.2g)\n",
                  var, got, dvar, ex.tail_mass);
    ml_assert_double_abs(got, var, dvar, "rounding of each claim by h/2, and the tail");
    ml_assert_double_abs(ex.tail_mass, tail0, 1e-6, "the grid ends near the 1 - 1e-6 quantile");
    ml_exact_free(&ex);
    ml_scenario_free(&s);
}

/* The p-quantile of F is sc ln(w / (1 - p)) for p > 1/21.  The quantile of
 * the nearest-point distribution lies between those of the bracket's ends
 * (its CDF does), and so does the true one, up to one step h: their
 * distance is at most q(cdf_up) - q(cdf_dn) + h. */
static double grid_quantile(const double *cdf, size_t m, double h, double p)
{
    for (size_t k = 0; k < m; k++)
        if (cdf[k] >= p) return (double)k * h;
    return INFINITY;
}

static void test_geometric_exponential_quantile_995_within_the_bracket_quantiles(void **state)
{
    (void)state;
    ml_scenario s;
    geometric_exponential(&s, THETA);
    ml_exact ex;
    assert_int_equal(ml_exact_compute(&s, 8192, &ex, NULL), ML_OK);
    const double ps[] = {0.5, 0.9, 0.99, 0.995, 0.999};
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
        double p = ps[i];
        double truth = THETA * (1.0 + BETA) * log((BETA / (1.0 + BETA)) / (1.0 - p));
        double q = ml_exact_quantile(&ex, p);
        double qa = grid_quantile(ex.cdf_dn, ex.m, ex.h, p);
        double qb = grid_quantile(ex.cdf_up, ex.m, ex.h, p);
        assert_true(qa <= q && q <= qb);
        ml_assert_double_abs(q, truth, qb - qa + ex.h, "the bracket's quantiles plus one step");
        /* The printed bounds are the bracket's quantiles, and hold the
         * true quantile with no step to spare (F <= cdf_dn < p below qa,
         * F >= cdf_up >= p at qb). */
        double lo, hi;
        ml_exact_quantile_bounds(&ex, p, &lo, &hi);
        ml_assert_double_exact(lo, qa);
        ml_assert_double_exact(hi, qb);
        assert_true(lo <= truth && truth <= hi);
    }
    /* Below the atom at zero the quantile is 0; beyond the grid, +inf. */
    ml_assert_double_exact(ml_exact_quantile(&ex, 0.01), 0.0);
    ml_assert_double_exact(ml_exact_quantile(&ex, 1.0), INFINITY);
    ml_exact_free(&ex);
    ml_scenario_free(&s);
}

/* With an aggregate limit A the mean is bracketed: E[min(S, A)] =
 * int_0^A P(S > x) dx = w sc (1 - exp(-A / sc)) must lie in
 * [mean_lo, mean_hi], whose width is at most E[N] h (S_up - S_dn = N h and
 * min(., A) moves by no more than its argument). */
static void test_aggregate_limit_mean_brackets_w_sc_one_minus_exp_minus_a_over_sc(void **state)
{
    (void)state;
    ml_scenario s;
    geometric_exponential(&s, THETA);
    const double A = 50000.0;
    s.regime.policy.aggregate_limit = A;
    ml_exact ex;
    assert_int_equal(ml_exact_compute(&s, 4096, &ex, NULL), ML_OK);
    double sc = THETA * (1.0 + BETA), w = BETA / (1.0 + BETA);
    double truth = w * sc * (1.0 - exp(-A / sc));
    ml_assert_double_abs(ex.h, A / 4095.0, 0.0, "A / (m - 1), the limit on the last point");
    assert_true(ex.mean_lo <= truth && truth <= ex.mean_hi);
    assert_true(ex.mean_hi - ex.mean_lo <= BETA * ex.h);
    assert_true(ex.mean_lo <= ex.mean && ex.mean <= ex.mean_hi);
    /* All the mass at or beyond A sits at A: the last point's CDF is 1. */
    ml_assert_double_exact(ex.cdf_dn[ex.m - 1], 1.0);
    ml_assert_double_exact(ex.cdf_up[ex.m - 1], 1.0);
    ml_assert_double_exact(ex.tail_mass, 0.0);
    /* Below A, min(S, A) has the CDF of S: the bracket holds it there. */
    for (size_t k = 0; k + 1 < ex.m; k++) {
        double F = geo_exp_cdf((double)k * ex.h);
        assert_true(ex.cdf_up[k] <= F + 1e-12 && F <= ex.cdf_dn[k] + 1e-12);
    }
    ml_exact_free(&ex);
    ml_scenario_free(&s);
}

/* Poisson(20) (v1) with an exponential severity under a deductible d,
 * limit L and coinsurance c: E[Y] = c theta (exp(-d/theta) -
 * exp(-(d + L)/theta)), and the mean is 20 E[Y] with no grid. d = 500,
 * L = 2000, c = 0.8, theta = 1000: E[Y] = 800 (e^-0.5 - e^-2.5) = 419.56. */
static void test_poisson_layer_mean_is_20_c_theta_exp_minus_d_minus_exp_minus_d_plus_l(
    void **state)
{
    (void)state;
    ml_scenario s;
    load("v1_poisson_lognormal.yaml", &s);
    s.regime.severity = (ml_severity){ML_SEV_GAMMA, 1.0, 1000.0};
    s.regime.policy.deductible = 500.0;
    s.regime.policy.limit = 2000.0;
    s.regime.policy.coinsurance = 0.8;
    ml_exact ex; /* 2048 points, fewer than the pilot's 4096: see the 64-point test */
    assert_int_equal(ml_exact_compute(&s, 2048, &ex, NULL), ML_OK);
    assert_int_equal(ex.negbin, 0);
    ml_assert_double_abs(ex.lambda, 20.0, 1e-12, "rate 20 with p_claim = p_settle = 1");
    double ey = 800.0 * (exp(-0.5) - exp(-2.5));
    ml_assert_double_rel(ex.mean, 20.0 * ey, 1e-12, "GSL's incomplete gamma at shape 1, 2");
    /* Var S = 20 E[Y^2]; with Z = (X - d)+ ~ Exp(theta) w.p. e^(-d/theta):
     * E[min(Z, L)^2] = 2 theta^2 (1 - e^(-L/theta) (1 + L/theta)).  The
     * grid (set by the pilot) rounds each payment by at most h/2: with
     * Var N = E N = 20 the geometric case's bound is 20 (2 d E[Y] + d^2).
     * The sd also leaves out S beyond the grid's end c, which moves the
     * variance by at most E[S^2; S > c] + 2 E[S] E[S; S > c]; by
     * Cauchy-Schwarz these are at most sqrt(E[S^4] p) and sqrt(E[S^2] p)
     * with p = P(S > c) <= 1 - cdf_up[m - 1] (the bracket's lower end).
     * E[S^4] = k4 + 4 k3 k1 + 3 k2^2 + 6 k2 k1^2 + k1^4 from the compound
     * Poisson cumulants k_j = 20 E[Y^j], bounded above with E[Y^j] <=
     * (c L)^(j-2) E[Y^2] since 0 <= Y <= c L = 1600. */
    double ey2 = 0.64 * exp(-0.5) * 2e6 * (1.0 - exp(-2.0) * 3.0);
    double d = ex.h / 2.0, var = 20.0 * ey2;
    double k1 = 20.0 * ey, k2 = 20.0 * ey2, k3 = 1600.0 * k2, k4 = 1600.0 * k3;
    double es4 = k4 + 4 * k3 * k1 + 3 * k2 * k2 + 6 * k2 * k1 * k1 + k1 * k1 * k1 * k1;
    double p = 1.0 - ex.cdf_up[ex.m - 1];
    double dvar = 20.0 * (2.0 * d * ey + d * d) + sqrt(es4 * p) +
                  2.0 * k1 * sqrt((k2 + k1 * k1) * p);
    print_message("var %.6g, nearest-point %.6g, bound %.4g (h = %.3f)\n", var,
                  ex.sd * ex.sd, dvar, ex.h);
    ml_assert_double_abs(ex.sd * ex.sd, var, dvar,
                         "rounding of each payment by h/2, and the tail beyond the grid");
    /* P(S = 0) = exp(-20 P(Y > 0)) = exp(-20 e^-0.5), in the grid's first
     * point of the rounded-up bracket end exactly (Y_up = 0 iff Y = 0). */
    ml_assert_double_rel(ex.cdf_up[0], exp(-20.0 * exp(-0.5)), 1e-12, "one exp of a cdf");
    ml_exact_free(&ex);
    ml_scenario_free(&s);
}

/* The smallest grid the method accepts, 64 points, with no aggregate
 * limit: the pilot that places the grid runs on 4096 points of its own,
 * and before this test it wrote them into buffers of m (a heap overflow
 * for any --grid below 4096; fixed in exact.c).  The mean needs no grid
 * (20 E[Y] as above, here E[Y] = 1000 with no terms), and the bracket
 * still holds the truth at its coarse points: F(x) >= P(S_up <= x). */
static void test_grid_of_64_points_without_limit_runs_and_keeps_the_exact_mean(void **state)
{
    (void)state;
    ml_scenario s;
    geometric_exponential(&s, THETA);
    ml_exact ex;
    assert_int_equal(ml_exact_compute(&s, 64, &ex, NULL), ML_OK);
    ml_assert_size_eq(ex.m, 64);
    ml_assert_double_rel(ex.mean, BETA * THETA, 1e-15, "lev of the exponential at infinity");
    for (size_t k = 0; k < ex.m; k++) {
        double F = geo_exp_cdf((double)k * ex.h);
        assert_true(ex.cdf_up[k] <= F + 1e-12 && F <= ex.cdf_dn[k] + 1e-12);
    }
    ml_exact_free(&ex);
    ml_scenario_free(&s);
}

/* ---- what the method refuses ---------------------------------------- */

static void refused(ml_scenario *s, size_t m, int code, const char *text)
{
    ml_exact ex;
    ml_err err = {0};
    assert_int_equal(ml_exact_compute(s, m, &ex, &err), code);
    if (!strstr(err.msg, text))
        fail_msg("message '%s' lacks '%s'", err.msg, text);
    assert_null(ex.cdf_mid);
}

static void test_exact_refuses_year_effect_lognormal_effect_retention_and_infinite_mean(
    void **state)
{
    (void)state;
    ml_scenario s;
    load("v1_poisson_lognormal.yaml", &s);
    char want[700];
    /* The message names the scenario file, then why. */
    s.portfolio.year_effect.kind = ML_RE_GAMMA;
    s.portfolio.year_effect.size = 2.0;
    snprintf(want, sizeof want, "%s: the exact method does not cover a year effect",
             s.source_file);
    refused(&s, 0, ML_EUNSUPPORTED, want);
    s.portfolio.year_effect.kind = ML_RE_NONE;

    s.portfolio.hospital_effect.kind = ML_RE_LOGNORMAL;
    s.portfolio.hospital_effect.size = 2.0;
    refused(&s, 0, ML_EUNSUPPORTED, "covers a gamma hospital effect only");
    s.portfolio.hospital_effect.kind = ML_RE_NONE;

    s.regime.policy.deductible = 100.0;
    s.regime.policy.aggregate_retention = 1000.0;
    refused(&s, 0, ML_EUNSUPPORTED, "does not cover an aggregate retention");
    s.regime.policy.aggregate_retention = INFINITY;
    s.regime.policy.deductible = 0.0;

    refused(&s, 63, ML_EINVAL, "at least 64 grid points");

    /* Pareto alpha = 1 has an infinite mean; without a limit, so has S. */
    s.regime.severity = (ml_severity){ML_SEV_PARETO, 1.0, 1000.0};
    refused(&s, 0, ML_EUNSUPPORTED, "infinite mean");
    /* A per-claim limit makes the payment bounded: then it runs. */
    s.regime.policy.limit = 1e6;
    ml_exact ex;
    assert_int_equal(ml_exact_compute(&s, 256, &ex, NULL), ML_OK);
    assert_true(isfinite(ex.mean) && ex.mean > 0);
    ml_exact_free(&ex);
    ml_scenario_free(&s);
}

/* ---- bounds, quantile and KS distance on a bracket by hand ----------- */

/* Four grid points 0, 10, 20, 30 (h = 10):
 *   cdf_dn  = 0.3 0.6 0.9 1.0   (upper bound of F)
 *   cdf_up  = 0.1 0.4 0.7 0.9   (lower bound of F)
 *   cdf_mid = 0.2 0.5 0.8 0.95                                        */
static double dn4[4] = {0.3, 0.6, 0.9, 1.0}, up4[4] = {0.1, 0.4, 0.7, 0.9},
              mid4[4] = {0.2, 0.5, 0.8, 0.95};
static ml_exact hand4(void)
{
    ml_exact ex;
    memset(&ex, 0, sizeof ex);
    ex.h = 10.0;
    ex.m = 4;
    ex.cdf_dn = dn4;
    ex.cdf_up = up4;
    ex.cdf_mid = mid4;
    return ex;
}

static void test_bounds_at_15_are_cdf_up_of_10_and_cdf_dn_of_10(void **state)
{
    (void)state;
    ml_exact ex = hand4();
    double lo, hi, fm;
    /* x = 15, between grid points 10 and 20: F(15) <= P(S_dn <= 15) =
     * cdf_dn[1] = 0.6, F(15) >= P(S_up <= 15) = cdf_up[1] = 0.4, and
     * F(15-) >= P(S_up <= 10) = 0.4. */
    ml_exact_bounds(&ex, 15.0, &lo, &hi, &fm);
    ml_assert_double_exact(lo, 0.4);
    ml_assert_double_exact(hi, 0.6);
    ml_assert_double_exact(fm, 0.4);
    /* On a grid point x = 20 the index is rounded outward (exact.c: x / h
     * may land a hair below a grid point x sits on): the lower bound comes
     * from the point below, 0.4 rather than 0.7 — looser, still valid —
     * and the upper from the point itself; F(20-) >= P(S_up <= 10). */
    ml_exact_bounds(&ex, 20.0, &lo, &hi, &fm);
    ml_assert_double_exact(lo, 0.4);
    ml_assert_double_exact(hi, 0.9);
    ml_assert_double_exact(fm, 0.4);
    /* Below zero nothing; at 0, F(0-) = 0. */
    ml_exact_bounds(&ex, -1.0, &lo, &hi, &fm);
    assert_true(lo == 0.0 && hi == 0.0 && fm == 0.0);
    ml_exact_bounds(&ex, 0.0, &lo, &hi, &fm);
    assert_true(lo == 0.1 && hi == 0.3 && fm == 0.0);
    /* At or beyond the last point the upper bound is 1 (mass beyond the
     * grid sits there or at infinity), the lower the last cdf_up. */
    ml_exact_bounds(&ex, 1e9, &lo, &hi, &fm);
    ml_assert_double_exact(hi, 1.0);
    ml_assert_double_exact(lo, 0.9);
    ml_assert_double_exact(fm, 0.9);
}

static void test_quantile_is_the_smallest_grid_point_with_mid_cdf_at_least_p(void **state)
{
    (void)state;
    ml_exact ex = hand4();
    ml_assert_double_exact(ml_exact_quantile(&ex, 0.2), 0.0);  /* 0.2 >= 0.2 */
    ml_assert_double_exact(ml_exact_quantile(&ex, 0.21), 10.0);
    ml_assert_double_exact(ml_exact_quantile(&ex, 0.8), 20.0);
    ml_assert_double_exact(ml_exact_quantile(&ex, 0.95), 30.0);
    ml_assert_double_exact(ml_exact_quantile(&ex, 0.96), INFINITY); /* beyond the grid */
}

static void test_quantile_bounds_are_the_first_grid_points_where_cdf_dn_and_cdf_up_reach_p(
    void **state)
{
    (void)state;
    ml_exact ex = hand4();
    double lo, hi;
    ml_exact_quantile_bounds(&ex, 0.5, &lo, &hi); /* cdf_dn 0.6 at 10; cdf_up 0.7 at 20 */
    ml_assert_double_exact(lo, 10.0);
    ml_assert_double_exact(hi, 20.0);
    ml_exact_quantile_bounds(&ex, 0.3, &lo, &hi); /* cdf_dn 0.3 at 0 (>=); cdf_up 0.4 at 10 */
    ml_assert_double_exact(lo, 0.0);
    ml_assert_double_exact(hi, 10.0);
    ml_exact_quantile_bounds(&ex, 0.95, &lo, &hi); /* cdf_dn 1 at 30; cdf_up never: +inf */
    ml_assert_double_exact(lo, 30.0);
    ml_assert_double_exact(hi, INFINITY);
}

/* Samples {0, 0, 15, 30} (n = 4):
 *   at 0:  F_n(0) = 0.5, upper bound 0.3: 0.5 - 0.3 = 0.2;
 *          F(0-) >= 0, F_n(0-) = 0: 0;
 *   at 15: F_n - upper = 0.75 - 0.6 = 0.15; F(15-) >= 0.4 vs F_n(15-) = 0.5;
 *   at 30: F_n = 1 - 1 = 0; F(30-) >= cdf_up[2] = 0.7 vs 0.75: -0.05.
 * The distance is 0.2.  Samples {20, 20, 20, 20}: F(20-) >= 0.4 against
 * F_n(20-) = 0: 0.4; F_n(20) = 1 against 0.9: 0.1; the distance is 0.4. */
static void test_ks_distance_of_0_0_15_30_from_the_bracket_is_0_2(void **state)
{
    (void)state;
    ml_exact ex = hand4();
    double a[4] = {0, 0, 15, 30}, b[4] = {20, 20, 20, 20};
    ml_assert_double_abs(ml_exact_ks(&ex, a, 4), 0.2, 1e-15, "0.5 - 0.3 in binary");
    ml_assert_double_abs(ml_exact_ks(&ex, b, 4), 0.4, 1e-15, "0.4 - 0");
    /* {10, 20}: F_n(10) = 0.5 is inside [0.4, 0.6], but F(10-) >= 0.1
     * against F_n(10-) = 0 gives 0.1, and F_n(20) = 1 against 0.9 gives
     * 0.1 too: the distance is 0.1. */
    double c[2] = {10, 20};
    ml_assert_double_abs(ml_exact_ks(&ex, c, 2), 0.1, 1e-15, "1 - 0.9");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_poisson_12_thinned_by_0_3_is_poisson_3_6),
        cmocka_unit_test(test_negbin_2_5_4_thinned_by_quarter_is_negbin_2_5_1),
        cmocka_unit_test(
            test_geometric_sum_of_geometric_claims_has_g_k_0_075_times_0_9_pow_k_minus_1),
        cmocka_unit_test(test_compound_moments_are_en_ex_and_en_varx_plus_varn_ex2),
        cmocka_unit_test(test_defective_severity_leaves_exp_minus_0_4_on_the_grid),
        cmocka_unit_test(test_geometric_exponential_cdf_lies_in_the_bracket_at_every_point),
        cmocka_unit_test(test_geometric_exponential_sd_within_discretisation_bound),
        cmocka_unit_test(test_geometric_exponential_quantile_995_within_the_bracket_quantiles),
        cmocka_unit_test(test_aggregate_limit_mean_brackets_w_sc_one_minus_exp_minus_a_over_sc),
        cmocka_unit_test(
            test_poisson_layer_mean_is_20_c_theta_exp_minus_d_minus_exp_minus_d_plus_l),
        cmocka_unit_test(test_grid_of_64_points_without_limit_runs_and_keeps_the_exact_mean),
        cmocka_unit_test(
            test_exact_refuses_year_effect_lognormal_effect_retention_and_infinite_mean),
        cmocka_unit_test(test_bounds_at_15_are_cdf_up_of_10_and_cdf_dn_of_10),
        cmocka_unit_test(test_quantile_is_the_smallest_grid_point_with_mid_cdf_at_least_p),
        cmocka_unit_test(test_quantile_bounds_are_the_first_grid_points_where_cdf_dn_and_cdf_up_reach_p),
        cmocka_unit_test(test_ks_distance_of_0_0_15_30_from_the_bracket_is_0_2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
