/*
 * test_param_mixture.c — second-order Monte Carlo against exact answers
 * (issue 14, point 6).  A Poisson frequency whose rate is drawn from a
 * gamma distribution, with lognormal severities, run as `medliab run
 * --parameter-draws K` does (ml_run), read back from its uncertainty/
 * group, and each draw re-simulated from the drawn rate to get the pooled
 * K x R sample of annual insured losses:
 *  - every draw's figures are exactly the run at its drawn rate;
 *  - the pooled sample follows the compound negative binomial (exact
 *    method, Panjer) within a bound derived below, and is farther than that
 *    bound from the compound Poisson at the mean rate (the test can fail);
 *  - the drawn rates follow the gamma (KS, mean, variance within se);
 *  - process + parameter = total, equal to the pooled sample's variance,
 *    and each part matches its analytic value within derived errors;
 *  - the figures table's quantiles and parameter share are those of the
 *    draws.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine.h"
#include "exact.h"
#include "measures.h"
#include "params.h"
#include "rng.h"
#include "run.h"
#include "scenario.h"
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml_assert.h"
#include "tmp_files.h"

/* K draws x R replicates: the bound on the KS distance below is about
 * 0.87 / sqrt(K) + sqrt(ln(2K / alpha) / (2R)) ~ 0.1, against a distance of
 * 0.226 between the negative binomial and the Poisson compound (medliab
 * exact on both), and the run takes a few seconds. */
enum { K = 500, R = 2000 };
#define SEED 20261123u
#define SHAPE 4.0 /* rate ~ gamma(shape 4, scale 5): mean 20, variance 100 */
#define SCALE 5.0
#define MU 10.0 /* severity lognormal(10, 0.5) */
#define SIGMA 0.5
#define ALPHA 1e-3
#define NAME "mix"

static const char mix_yaml[] =
    "name: " NAME "\n"
    "portfolio:\n"
    "  name: p\n"
    "  specialties: [{name: all, incident_rate: {value: 20, dist: gamma, shape: 4, scale: 5, name: rate}}]\n"
    "  hospitals: [{name: H1, exposure: {all: 1}}]\n"
    "regime:\n"
    "  name: r\n"
    "  currency: USD\n"
    "  severity: {model: lognormal, meanlog: 10, sdlog: 0.5}\n";
/* The mixture's exact law: a gamma(size 4) hospital effect on rate 20 is a
 * gamma(4, 5) rate; and the plain Poisson at the mean rate. */
static const char nb_yaml[] =
    "name: nb\n"
    "portfolio:\n"
    "  name: p\n"
    "  specialties: [{name: all, incident_rate: 20}]\n"
    "  hospitals: [{name: H1, exposure: {all: 1}}]\n"
    "  hospital_effect: {model: gamma, size: 4}\n"
    "regime:\n"
    "  name: r\n"
    "  currency: USD\n"
    "  severity: {model: lognormal, meanlog: 10, sdlog: 0.5}\n";
static const char po_yaml[] =
    "name: po\n"
    "portfolio:\n"
    "  name: p\n"
    "  specialties: [{name: all, incident_rate: 20}]\n"
    "  hospitals: [{name: H1, exposure: {all: 1}}]\n"
    "regime:\n"
    "  name: r\n"
    "  currency: USD\n"
    "  severity: {model: lognormal, meanlog: 10, sdlog: 0.5}\n";

/* What the run wrote and what the re-simulation gives, shared by the tests. */
static struct {
    double lam[K];              /* parameter_values */
    double pp[K];               /* draws: pure_premium */
    double process, parameter, total; /* variance table, insured */
    double value, mc_se, p05, p50, p95, share, defined; /* figures: pure_premium */
    double point_mean, point_se; /* the point run (ml_run's outcome) */
    double *pooled;             /* [K][R] annual insured, re-simulated */
    double mean[K], var[K];     /* per draw, divisor R */
    size_t n_figures, pp_col;
} g;

static char *path_in(const char *name)
{
    static char p[4][256];
    static int i;
    i = (i + 1) % 4;
    snprintf(p[i], sizeof p[i], "%s/%s", dir, name);
    return p[i];
}

/* --- reading the uncertainty group (HDF5 C API) --- */

static void read_matrix(hid_t f, const char *name, double *out, size_t rows, size_t cols)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t sp = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    assert_int_equal(H5Sget_simple_extent_ndims(sp), 2);
    H5Sget_simple_extent_dims(sp, dims, NULL);
    ml_assert_size_eq(dims[0], rows);
    if (cols)
        ml_assert_size_eq(dims[1], cols);
    assert_true(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) >= 0);
    H5Sclose(sp);
    H5Dclose(d);
}

static size_t matrix_cols(hid_t f, const char *name)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    hid_t sp = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    H5Sget_simple_extent_dims(sp, dims, NULL);
    H5Sclose(sp);
    H5Dclose(d);
    return (size_t)dims[1];
}

/* The dataset's `columns` attribute (comma-joined names). */
static void read_columns(hid_t f, const char *name, char *buf, size_t cap)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    hid_t a = H5Aopen(d, "columns", H5P_DEFAULT);
    hid_t t = H5Aget_type(a);
    size_t n = H5Tget_size(t);
    assert_true(n < cap);
    assert_true(H5Aread(a, t, buf) >= 0);
    buf[n] = '\0';
    H5Tclose(t);
    H5Aclose(a);
    H5Dclose(d);
}

/* Field `field` (a double) of every row of compound table `name`. */
static size_t read_field(hid_t f, const char *name, const char *field, double *out, size_t cap)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t sp = H5Dget_space(d);
    hsize_t n = 0;
    H5Sget_simple_extent_dims(sp, &n, NULL);
    assert_true(n <= cap);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(double));
    H5Tinsert(t, field, 0, H5T_NATIVE_DOUBLE);
    assert_true(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) >= 0);
    H5Tclose(t);
    H5Sclose(sp);
    H5Dclose(d);
    return (size_t)n;
}

/* The row of compound table `name` whose string field `field` is `want`. */
static size_t find_row(hid_t f, const char *name, const char *field, const char *want)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    hid_t ft = H5Dget_type(d);
    int idx = H5Tget_member_index(ft, field);
    assert_true(idx >= 0);
    hid_t st = H5Tget_member_type(ft, (unsigned)idx);
    size_t w = H5Tget_size(st);
    hid_t sp = H5Dget_space(d);
    hsize_t n = 0;
    H5Sget_simple_extent_dims(sp, &n, NULL);
    hid_t t = H5Tcreate(H5T_COMPOUND, w);
    H5Tinsert(t, field, 0, st);
    char *buf = calloc((size_t)n, w);
    assert_true(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0);
    size_t row = (size_t)-1;
    for (size_t i = 0; i < n; i++)
        if (!strncmp(buf + i * w, want, w))
            row = i;
    free(buf);
    H5Tclose(t);
    H5Tclose(st);
    H5Tclose(ft);
    H5Sclose(sp);
    H5Dclose(d);
    assert_true(row != (size_t)-1);
    return row;
}

/* --- the run, the read-back and the re-simulation --- */

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ml_mixture_XXXXXX");
    assert_non_null(mkdtemp(dir));
    put("mix.yaml", mix_yaml);
    put("nb.yaml", nb_yaml);
    put("po.yaml", po_yaml);
    const char *files[] = {path_in("mix.yaml")};
    ml_run_request q = {.files = files, .n_files = 1, .output = path_in("mix.h5"),
                        .replicates = R, .have_seed = 1, .seed = SEED, .threads = 1,
                        .parameter_draws = K};
    ml_run_outcome out;
    ml_err err = {0};
    int rc = ml_run(&q, &out, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, ML_OK);
    g.point_mean = out.results[0].summary[ML_M_INSURED].mean;
    g.point_se = out.results[0].summary[ML_M_INSURED].se;
    ml_run_outcome_free(&out);

    hid_t f = H5Fopen(path_in("mix.h5"), H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    const char *u = "/scenarios/" NAME "/uncertainty/";
    char name[256], cols[8192];
    snprintf(name, sizeof name, "%sparameter_values", u);
    read_matrix(f, name, g.lam, K, 1);
    read_columns(f, name, cols, sizeof cols);
    /* Named, so that the key (hence the draws) does not depend on the
     * scratch folder's random name (a key is DIR/FILE:FIELD otherwise). */
    assert_string_equal(cols, "rate");
    snprintf(name, sizeof name, "%sdraws", u);
    g.n_figures = matrix_cols(f, name);
    double *dr = malloc(K * g.n_figures * sizeof *dr);
    read_matrix(f, name, dr, K, g.n_figures);
    read_columns(f, name, cols, sizeof cols);
    /* pure_premium's column: count the commas before it. */
    const char *at = strstr(cols, "pure_premium");
    assert_non_null(at);
    for (const char *c = cols; c < at; c++)
        g.pp_col += *c == ',';
    for (size_t k = 0; k < K; k++)
        g.pp[k] = dr[k * g.n_figures + g.pp_col];
    free(dr);
    double col[64];
    snprintf(name, sizeof name, "%svariance", u);
    size_t row = find_row(f, name, "measure", "insured");
    read_field(f, name, "process", col, 64);
    g.process = col[row];
    read_field(f, name, "parameter", col, 64);
    g.parameter = col[row];
    read_field(f, name, "total", col, 64);
    g.total = col[row];
    snprintf(name, sizeof name, "%sfigures", u);
    row = find_row(f, name, "figure", "pure_premium");
    double *fields[] = {&g.value, &g.mc_se, &g.p05, &g.p50, &g.p95, &g.share, &g.defined};
    const char *fnames[] = {"value", "mc_se", "p05", "p50", "p95", "parameter_share",
                            "defined"};
    for (size_t i = 0; i < 7; i++) {
        read_field(f, name, fnames[i], col, 64);
        *fields[i] = col[row];
    }
    H5Fclose(f);

    /* Re-simulate each draw as the run loads it: the file with the draw's
     * value set by parameter key (params.h), at the run's seed. */
    ml_params ps = {0};
    ml_load_opts co = {.collect = &ps};
    ml_scenario s;
    assert_int_equal(ml_scenario_load_opts(files[0], &co, &s, &err), ML_OK);
    ml_scenario_free(&s);
    ml_assert_size_eq(ps.n, 1);
    g.pooled = malloc((size_t)K * R * sizeof *g.pooled);
    ml_results res;
    assert_int_equal(ml_results_alloc(&res, R), ML_OK);
    for (size_t k = 0; k < K; k++) {
        ml_override ov = {.key = ps.p[0].key, .value = g.lam[k]};
        ml_load_opts o = {.set = &ov, .n_set = 1};
        assert_int_equal(ml_scenario_load_opts(files[0], &o, &s, &err), ML_OK);
        ml_run_opts ro = {SEED, R, 0, 1, NULL, 0, NULL};
        assert_int_equal(ml_engine_run(&s, &ro, &res, &err), ML_OK);
        ml_scenario_free(&s);
        double *x = g.pooled + k * R;
        memcpy(x, res.annual[ML_M_INSURED], R * sizeof *x);
        g.mean[k] = ml_mean(x, R);
        double sd = ml_sd(x, R, g.mean[k]);
        g.var[k] = sd * sd * (R - 1.0) / R;
    }
    ml_results_free(&res);
    ml_params_free(&ps);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(g.pooled);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    int rc = system(cmd);
    (void)rc;
    return 0;
}

/* Moments of the mixture's pieces. */
static double ex1(void) { return exp(MU + SIGMA * SIGMA / 2); }
static double ex2(void) { return exp(2 * MU + 2 * SIGMA * SIGMA); }
static double ex4(void) { return exp(4 * MU + 8 * SIGMA * SIGMA); }
static const double lam_mean = SHAPE * SCALE, lam_var = SHAPE * SCALE * SCALE;
/* Kurtosis (not excess) of the gamma: 3 + 6 / shape. */
static const double lam_kurt = 3.0 + 6.0 / SHAPE;

static double sample_var(const double *x, size_t n, double divisor_minus)
{
    double m = ml_mean(x, n), s = ml_sd(x, n, m);
    return s * s * (n - 1.0) / (n - divisor_minus);
}

/* Each draw's figure is the run at its drawn rate, and the variance table
 * is made of those runs' moments: what ties the re-simulation below to the
 * product's own draws. */
static void test_draws_are_runs_at_drawn_values(void **state)
{
    (void)state;
    double within = 0.0, grand = 0.0;
    for (size_t k = 0; k < K; k++) {
        ml_assert_double_rel(g.pp[k], g.mean[k], 1e-13,
                             "the same samples, averaged by the same function");
        within += g.var[k];
        grand += g.mean[k];
    }
    grand /= K;
    double between = 0.0;
    for (size_t k = 0; k < K; k++)
        between += (g.mean[k] - grand) * (g.mean[k] - grand);
    ml_assert_double_rel(g.process, within / K, 1e-12, "sum of K terms, rounding");
    ml_assert_double_rel(g.parameter, between / K, 1e-9, "sum of K squared deviations");
    ml_assert_double_rel(g.total, g.process + g.parameter, 1e-15, "one addition");
    /* The point run (at the written values) is the figures' value. */
    ml_assert_double_exact(g.value, g.point_mean);
    ml_assert_double_exact(g.mc_se, g.point_se);
}

/* Draw k is the truncated gamma's quantile at the first uniform of the
 * stream (seed; replicate k, hospital hash(key), item 0, ML_P_PARAM_DRAW),
 * as run_draws.h states: a number's draws depend on its key and the seed
 * only. */
static void test_draw_address(void **state)
{
    (void)state;
    ml_param p;
    memset(&p, 0, sizeof p);
    p.kind = ML_DIST_GAMMA;
    p.a = SHAPE;
    p.b = SCALE;
    p.lo = 0.0;
    p.hi = 1e7; /* incident_rate's range */
    gsl_rng *r = gsl_rng_alloc(ml_rng_philox);
    for (size_t k = 0; k < K; k++) {
        ml_rng_stream(r, SEED, (uint32_t)k, ml_param_hash("rate"), 0, ML_P_PARAM_DRAW);
        ml_assert_double_exact(g.lam[k], ml_param_quantile(&p, gsl_rng_uniform_pos(r)));
    }
    gsl_rng_free(r);
}

/* Law of total variance, as an identity on the pooled sample: its variance
 * (divisor K R) is process + parameter (divisors R and K). */
static void test_total_is_pooled_variance(void **state)
{
    (void)state;
    double v = sample_var(g.pooled, (size_t)K * R, 0.0);
    ml_assert_double_rel(g.total, v, 1e-9, "1e6 terms summed two ways, rounding");
}

/* The drawn rates follow the gamma: KS with K draws at the DKW bound,
 * and mean and variance within 4 se (the variance's se from the gamma's
 * kurtosis: Var(s^2) ~ sigma^4 (kurt - 1) / K). */
static void test_drawn_rates_are_gamma(void **state)
{
    (void)state;
    double s[K];
    memcpy(s, g.lam, sizeof s);
    ml_sort_copy(g.lam, K, s);
    double d = 0.0;
    for (size_t k = 0; k < K; k++) {
        double F = gsl_cdf_gamma_P(s[k], SHAPE, SCALE);
        d = fmax(d, fmax((k + 1.0) / K - F, F - (double)k / K));
        assert_true(s[k] > 0.0);
    }
    double eps = sqrt(log(2.0 / ALPHA) / (2.0 * K));
    printf("  drawn rates: KS %.4f (DKW bound %.4f), mean %.3f, variance %.2f\n", d, eps,
           ml_mean(g.lam, K), sample_var(g.lam, K, 1.0));
    assert_true(d <= eps);
    ml_assert_within_se(ml_mean(g.lam, K), lam_mean, sqrt(lam_var / K), 4,
                        "se of a mean of K gamma draws");
    ml_assert_within_se(sample_var(g.lam, K, 1.0), lam_var,
                        lam_var * sqrt((lam_kurt - 1.0) / K), 4,
                        "se of a sample variance: sigma^2 sqrt((kurtosis - 1) / K)");
}

/* The pooled sample against the compound negative binomial.
 *
 * Let F(x|l) be the compound Poisson(l) CDF, G the gamma and G_K the
 * empirical CDF of the K drawn rates, F_k the empirical CDF of draw k's R
 * replicates and F_pool = (1/K) sum_k F_k.  F_NB(x) = int F(x|l) dG(l), so
 *   |F_pool - F_NB| <= (1/K) sum_k |F_k - F(.|l_k)|
 *                      + |int F(x|l) d(G_K - G)(l)|.
 * The first term is at most max_k D_R(l_k), D_R the KS distance of draw k's
 * replicates from F(.|l_k).  Integrating the second by parts (the boundary
 * terms vanish: G_K - G is 0 at 0 and at infinity),
 *   |int (G_K - G)(l) dF(x|l)/dl dl| <= D_l int |dF(x|l)/dl| dl <= D_l,
 * where D_l = sup |G_K - G|, computed exactly from the drawn rates, because
 * F(x|l) is monotone (non-increasing) in l, from F(x|0) <= 1 to >= 0.
 * Common random numbers make the K draws reuse the same replicate streams,
 * so the K R pooled values are not independent and no DKW bound applies to
 * them; but for one draw, the R replicates are independent given l_k (their
 * streams do not depend on the rate), and DKW (Massart) gives
 * P(D_R(l_k) > e) <= 2 exp(-2 R e^2) for any F, atoms included.  A union
 * bound over the K draws (Bonferroni, valid whatever their dependence)
 * with e = sqrt(ln(2K / alpha) / (2R)) makes max_k D_R <= e with
 * probability >= 1 - alpha.  So sup |F_pool - F_NB| <= D_l + e; the exact
 * method's bracket only lowers the distance measured (ml_exact_ks).
 *
 * Negative control: the same pooled sample is farther than D_l + e from the
 * compound Poisson at the mean rate (ml_exact_ks is a lower bound on the
 * true distance, so "farther" is certain), so the test tells the two apart. */
static void test_pooled_is_negative_binomial(void **state)
{
    (void)state;
    size_t n = (size_t)K * R;
    double *sorted = malloc(n * sizeof *sorted);
    ml_sort_copy(g.pooled, n, sorted);
    double s[K], d_lam = 0.0;
    ml_sort_copy(g.lam, K, s);
    for (size_t k = 0; k < K; k++) {
        double F = gsl_cdf_gamma_P(s[k], SHAPE, SCALE);
        d_lam = fmax(d_lam, fmax((k + 1.0) / K - F, F - (double)k / K));
    }
    double e = sqrt(log(2.0 * K / ALPHA) / (2.0 * R)), bound = d_lam + e;
    ml_scenario nb, po;
    ml_err err = {0};
    assert_int_equal(ml_scenario_load(path_in("nb.yaml"), &nb, &err), ML_OK);
    assert_int_equal(ml_scenario_load(path_in("po.yaml"), &po, &err), ML_OK);
    ml_exact xnb, xpo;
    /* A coarse grid keeps Panjer's O(m^2) short; the bracket it gives only
     * lowers both measured distances (the control's, by at most its width,
     * printed). */
    assert_int_equal(ml_exact_compute(&nb, 8192, &xnb, &err), ML_OK);
    assert_int_equal(ml_exact_compute(&po, 8192, &xpo, &err), ML_OK);
    assert_true(xnb.negbin && !xpo.negbin);
    double width = 0.0;
    for (size_t k = 0; k < xpo.m; k++)
        width = fmax(width, xpo.cdf_dn[k] - xpo.cdf_up[k]);
    double ks_nb = ml_exact_ks(&xnb, sorted, n), ks_po = ml_exact_ks(&xpo, sorted, n);
    printf("  pooled %zu: KS to the negative binomial %.4f <= D_lambda %.4f + e %.4f = "
           "%.4f; to the Poisson at the mean rate %.4f (bracket width %.4f)\n",
           n, ks_nb, d_lam, e, bound, ks_po, width);
    assert_true(ks_nb <= bound);
    assert_true(ks_po > bound);
    /* The reference is the right one: its mean is E[lambda] E[X]. */
    ml_assert_double_rel(xnb.mean, lam_mean * ex1(), 1e-9, "Panjer's exact mean");
    ml_exact_free(&xnb);
    ml_exact_free(&xpo);
    ml_scenario_free(&nb);
    ml_scenario_free(&po);
    free(sorted);
}

/* Process and parameter variance against their analytic values, for the
 * gamma-mixed compound Poisson(lambda)-lognormal:
 *   process   = E[Var(S|lambda)] = E[lambda] E[X^2],
 *   parameter = Var(E[S|lambda]) = Var(lambda) E[X]^2.
 * Errors:
 *  - process = (1/K) sum_k v_k, v_k draw k's variance (divisor R).  From
 *    the rates: sd sqrt(Var(lambda) / K) E[X^2].  From the replicates:
 *    Var(v_k | lambda) ~ (mu4 - sigma^4) / R with, for a compound Poisson
 *    (cumulants lambda E[X^j]), mu4 - sigma^4 = lambda E[X^4] + 2 lambda^2
 *    E[X^2]^2; the draws share their replicates, so these errors do not
 *    average out: their mean's sd is bounded by the mean of their sds
 *    (Minkowski).  The two parts are uncorrelated (the second has mean 0
 *    given the rates): variances add.  Divisor R's bias, E[lambda] E[X^2] /
 *    R, is added to the tolerance.
 *  - parameter = (1/K) sum_k (m_k - mean m)^2, m_k = lambda_k E[X] + e_k.
 *    Its main error is the K draws': s^2 of K gamma rates has sd
 *    Var(lambda) sqrt((kurtosis - 1) / K) and bias -Var(lambda) / K.  The
 *    replicates' e_k add 2 E[X] cov(lambda, e) + s^2(e), at most (Cauchy-
 *    Schwarz) 2 E[X] s(lambda) s(e) + s^2(e), with s^2(e) <= (1/K) sum e_k^2
 *    <= B = 16 (1/K) sum_k lambda_k E[X^2] / R: each e_k / sd_k is about
 *    N(0, 1) (R = 2000 replicates), a mean of K such chi-square(1) terms is
 *    below a single one in convex order (Jensen) whatever their
 *    correlation, and the Chernoff bound puts P(chi2_1 mean > 16) below
 *    4 exp(-7.5) = 0.002.
 * The second check of each part uses the drawn rates themselves, so that
 * only the replicates' error is left: much tighter. */
static void test_variance_parts_analytic(void **state)
{
    (void)state;
    double EX = ex1(), EX2 = ex2(), EX4 = ex4();
    double sum_sd = 0.0, sum_lam = 0.0;
    for (size_t k = 0; k < K; k++) {
        double l = g.lam[k];
        sum_sd += sqrt((l * EX4 + 2 * l * l * EX2 * EX2) / R);
        sum_lam += l;
    }
    double sd_r = sum_sd / K, sd_k = sqrt(lam_var / K) * EX2;
    double bias = lam_mean * EX2 / R;
    double proc = lam_mean * EX2;
    printf("  process %.6g (analytic %.6g, sd from draws %.3g, from replicates <= %.3g)\n",
           g.process, proc, sd_k, sd_r);
    ml_assert_double_abs(g.process, proc, 4 * sqrt(sd_k * sd_k + sd_r * sd_r) + bias,
                         "4 sd: K draws' rates and R replicates' (Minkowski), + bias");
    ml_assert_double_abs(g.process, sum_lam / K * EX2, 4 * sd_r + bias,
                         "4 sd of the replicates' error at the drawn rates, + bias");

    double s2_lam = sample_var(g.lam, K, 0.0); /* divisor K, as the table */
    double B = 16.0 * (sum_lam / K) * EX2 / R;
    double e_part = 2 * EX * sqrt(s2_lam * B) + B;
    double par = lam_var * EX * EX;
    double sd_par = par * sqrt((lam_kurt - 1.0) / K);
    printf("  parameter %.6g (analytic %.6g, sd from draws %.3g; at the drawn rates %.6g, "
           "replicates' share <= %.3g)\n",
           g.parameter, par, sd_par, s2_lam * EX * EX, e_part);
    ml_assert_double_abs(g.parameter, par, 4 * sd_par + par / K + e_part,
                         "4 sd of s^2 of K gamma rates, its bias, + the replicates' bound");
    ml_assert_double_abs(g.parameter, s2_lam * EX * EX, e_part,
                         "Cauchy-Schwarz with the chi-square bound on the replicates' error");
}

/* The figures table summarises the draws: order statistics of rank
 * ceil(P K) and V / (V + mc_se^2), V the draws' variance (divisor K - 1). */
static void test_figures_row(void **state)
{
    (void)state;
    double s[K];
    ml_sort_copy(g.pp, K, s);
    ml_assert_double_exact(g.p05, s[(size_t)ceil(0.05 * K) - 1]);
    ml_assert_double_exact(g.p50, s[(size_t)ceil(0.50 * K) - 1]);
    ml_assert_double_exact(g.p95, s[(size_t)ceil(0.95 * K) - 1]);
    double v = sample_var(g.pp, K, 1.0);
    ml_assert_double_rel(g.share, v / (v + g.mc_se * g.mc_se), 1e-12, "rounding");
    ml_assert_double_exact(g.defined, (double)K);
    /* In size: the pure premium of draw k is E[X] lambda_k + e_k, so its 5%
     * and 95% points are E[X] times the gamma's, within the K draws' error
     * of a quantile, sqrt(p (1-p) / K) / density (4 se), and max_k |e_k|
     * (an order statistic moves by at most the largest shift): e_k / sd_k
     * is about N(0, 1), sd_k = sqrt(lambda_k E[X^2] / R), and a union bound
     * over the K draws at alpha puts every |e_k| below z sd_k with z the
     * normal's 1 - alpha / (2K) point. */
    double z = gsl_cdf_ugaussian_Qinv(ALPHA / (2.0 * K)), sd_max = 0.0;
    for (size_t k = 0; k < K; k++)
        sd_max = fmax(sd_max, sqrt(g.lam[k] * ex2() / R));
    for (int i = 0; i < 2; i++) {
        double p = i ? 0.95 : 0.05, q = gsl_cdf_gamma_Pinv(p, SHAPE, SCALE);
        double se_q = sqrt(p * (1 - p) / K) / gsl_ran_gamma_pdf(q, SHAPE, SCALE);
        double got = i ? g.p95 : g.p05;
        double tol = 4 * se_q * ex1() + z * sd_max;
        printf("  pure premium p%02d %.6g, E[X] x gamma quantile %.6g (tolerance %.3g)\n",
               i ? 95 : 5, got, q * ex1(), tol);
        ml_assert_double_abs(got, q * ex1(), tol,
                             "4 se of a quantile of K draws + union bound on the replicates'");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_draw_address),
        cmocka_unit_test(test_draws_are_runs_at_drawn_values),
        cmocka_unit_test(test_total_is_pooled_variance),
        cmocka_unit_test(test_drawn_rates_are_gamma),
        cmocka_unit_test(test_pooled_is_negative_binomial),
        cmocka_unit_test(test_variance_parts_analytic),
        cmocka_unit_test(test_figures_row),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
