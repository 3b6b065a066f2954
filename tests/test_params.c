/*
 * test_params.c — uncertain numbers (sim/load/params.h, param_read.c): the
 * quantile, the sensitivity ends and the truncated mass of every
 * distribution against closed forms written here (libm's erfc, logs and
 * roots, not the GSL inverses the code calls), truncation to the field's
 * range, the parameter list (dedupe, conflict, hash clash, growth), the
 * FNV-1a hash against its published vectors, --set parsing, and what a
 * load collects and overrides (keys, lines, ranges, precedence, used[]).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "params.h"
#include "scenario.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ml_assert.h"
#include "tmp_files.h"

/* Closed forms are evaluated in double: a few ulps of libm each, so 1e-12
 * relative leaves room for the inverse's own rounding (GSL's inverses are
 * refined to about 1e-14). */
#define TIGHT 1e-12
#define WHY "closed form, double rounding (GSL inverses good to ~1e-14)"

static double Phi(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

static ml_param dist(ml_dist_kind k, double value, double a, double b, double lo, double hi)
{
    ml_param p;
    memset(&p, 0, sizeof p);
    p.kind = k;
    p.value = value;
    p.a = a;
    p.b = b;
    p.lo = lo;
    p.hi = hi;
    snprintf(p.key, sizeof p.key, "k");
    return p;
}

static const double us[] = {1e-9, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99,
                            1 - 1e-9};
#define NU (sizeof us / sizeof us[0])

static void test_uniform(void **state)
{
    (void)state;
    ml_param p = dist(ML_DIST_UNIFORM, 3, 2, 6, 0, 10);
    for (size_t i = 0; i < NU; i++)
        ml_assert_double_rel(ml_param_quantile(&p, us[i]), 2 + 4 * us[i], TIGHT, WHY);
    ml_assert_double_exact(ml_param_low(&p), 2.0);
    ml_assert_double_exact(ml_param_high(&p), 6.0);
    ml_assert_double_exact(ml_param_mass(&p), 1.0);
}

/* Triangular (a, c, b) = (1, 2, 5): F(c) = 1/4; below it x = a + sqrt(u (b-a)(c-a)),
 * above it x = b - sqrt((1-u)(b-a)(b-c)). */
static void test_triangular(void **state)
{
    (void)state;
    ml_param p = dist(ML_DIST_TRIANGULAR, 2, 1, 5, 0, 10);
    ml_assert_double_rel(ml_param_quantile(&p, 0.1), 1 + sqrt(0.4), TIGHT, WHY);
    ml_assert_double_rel(ml_param_quantile(&p, 0.25), 2.0, TIGHT, "the mode at F = 1/4");
    ml_assert_double_rel(ml_param_quantile(&p, 0.7), 5 - sqrt(3.6), TIGHT, WHY);
    ml_assert_double_exact(ml_param_low(&p), 1.0);
    ml_assert_double_exact(ml_param_high(&p), 5.0);
    /* Mode at an end: the density is a right triangle. */
    ml_param q = dist(ML_DIST_TRIANGULAR, 1, 1, 5, 0, 10);
    ml_assert_double_rel(ml_param_quantile(&q, 0.64), 5 - 4 * sqrt(0.36), TIGHT, WHY);
    ml_param r = dist(ML_DIST_TRIANGULAR, 5, 1, 5, 0, 10);
    ml_assert_double_rel(ml_param_quantile(&r, 0.36), 1 + 4 * sqrt(0.36), TIGHT, WHY);
}

/* Beta with closed-form quantiles: (1,1) uniform, (2,1) CDF x^2, (1,3) CDF
 * 1 - (1-x)^3; and (2,5) by its polynomial CDF (integer parameters). */
static double beta25_cdf(double x)
{
    /* I_x(2, 5) = 1 - sum_{j<2} C(6, j) x^j (1-x)^(6-j) */
    double y = 1 - x;
    return 1 - pow(y, 6) - 6 * x * pow(y, 5);
}

static void test_beta(void **state)
{
    (void)state;
    ml_param u = dist(ML_DIST_BETA, 0.5, 1, 1, 0, 1);
    ml_param sq = dist(ML_DIST_BETA, 0.5, 2, 1, 0, 1);
    ml_param cu = dist(ML_DIST_BETA, 0.5, 1, 3, 0, 1);
    ml_param b25 = dist(ML_DIST_BETA, 0.3, 2, 5, 0, 1);
    for (size_t i = 1; i + 1 < NU; i++) {
        ml_assert_double_rel(ml_param_quantile(&u, us[i]), us[i], TIGHT, WHY);
        ml_assert_double_rel(ml_param_quantile(&sq, us[i]), sqrt(us[i]), TIGHT, WHY);
        ml_assert_double_rel(ml_param_quantile(&cu, us[i]), 1 - cbrt(1 - us[i]), TIGHT, WHY);
        ml_assert_double_abs(beta25_cdf(ml_param_quantile(&b25, us[i])), us[i], 1e-12,
                             "round trip through the polynomial CDF");
    }
    ml_assert_double_rel(ml_param_low(&sq), sqrt(0.05), TIGHT, "5% quantile");
    ml_assert_double_rel(ml_param_high(&sq), sqrt(0.95), TIGHT, "95% quantile");
    ml_assert_double_exact(ml_param_mass(&b25), 1.0);
}

/* Gamma: shape 1 is exponential, x = -scale log(1 - u); shape 2 by its CDF
 * 1 - e^(-t)(1 + t), t = x / scale. */
static void test_gamma(void **state)
{
    (void)state;
    ml_param e = dist(ML_DIST_GAMMA, 3, 1, 3, 0, INFINITY);
    ml_param g2 = dist(ML_DIST_GAMMA, 20, 2, 5, 0, INFINITY);
    for (size_t i = 1; i + 1 < NU; i++) {
        ml_assert_double_rel(ml_param_quantile(&e, us[i]), -3 * log1p(-us[i]), TIGHT, WHY);
        double t = ml_param_quantile(&g2, us[i]) / 5;
        ml_assert_double_abs(1 - exp(-t) * (1 + t), us[i], 1e-12, "round trip, closed CDF");
    }
    ml_assert_double_rel(ml_param_low(&e), -3 * log(0.95), TIGHT, "5% quantile");
    ml_assert_double_rel(ml_param_high(&e), -3 * log(0.05), TIGHT, "95% quantile");
    ml_assert_double_exact(ml_param_mass(&e), 1.0);
}

/* Lognormal and normal through published normal quantiles. */
static void test_lognormal_normal(void **state)
{
    (void)state;
    const double z95 = 1.6448536269514722, z975 = 1.959963984540054;
    ml_param ln = dist(ML_DIST_LOGNORMAL, 20, 3, 0.5, 0, 1e7);
    ml_assert_double_rel(ml_param_quantile(&ln, 0.5), exp(3), TIGHT, "median e^meanlog");
    /* The field's range [0, 1e7] holds all but e^-340 of it: no truncation
     * visible in double. */
    ml_assert_double_rel(ml_param_quantile(&ln, 0.975), exp(3 + 0.5 * z975), TIGHT,
                         "z(0.975) published to 16 digits");
    ml_assert_double_rel(ml_param_low(&ln), exp(3 - 0.5 * z95), TIGHT, "z(0.95)");
    ml_assert_double_rel(ml_param_high(&ln), exp(3 + 0.5 * z95), TIGHT, "z(0.95)");
    ml_param n = dist(ML_DIST_NORMAL, 1, 1, 2, -INFINITY, INFINITY);
    ml_assert_double_rel(ml_param_quantile(&n, 0.5), 1.0, TIGHT, "the mean");
    ml_assert_double_rel(ml_param_quantile(&n, 0.975), 1 + 2 * z975, 1e-12, "z(0.975)");
    ml_assert_double_rel(ml_param_low(&n), 1 - 2 * z95, 1e-12, "z(0.95)");
    ml_assert_double_rel(ml_param_high(&n), 1 + 2 * z95, 1e-12, "z(0.95)");
    ml_assert_double_exact(ml_param_mass(&n), 1.0);
}

/* Truncation to the field's range: u is spread over [F(lo), F(hi)]. */
static void test_truncated_normal(void **state)
{
    (void)state;
    /* normal(0.9, 0.2) on a probability: Phi(0.5) - Phi(-4.5) of it lies in [0, 1]. */
    ml_param p = dist(ML_DIST_NORMAL, 0.9, 0.9, 0.2, 0, 1);
    double flo = Phi(-4.5), fhi = Phi(0.5);
    ml_assert_double_rel(ml_param_mass(&p), fhi - flo, 1e-13, "erfc, double rounding");
    for (size_t i = 0; i < NU; i++) {
        double x = ml_param_quantile(&p, us[i]);
        assert_true(x >= 0.0 && x <= 1.0);
        ml_assert_double_abs(Phi((x - 0.9) / 0.2), flo + us[i] * (fhi - flo), 1e-13,
                             "round trip: Phi(x) = F(lo) + u (F(hi) - F(lo))");
    }
    /* The ends of the unit interval map onto the field's ends. */
    ml_assert_double_abs(ml_param_quantile(&p, 1e-300), 0.0, 1e-9, "u -> 0 gives lo");
    ml_assert_double_abs(ml_param_quantile(&p, 1 - 1e-16), 1.0, 1e-9, "u -> 1 gives hi");
    double lo5 = ml_param_low(&p), hi95 = ml_param_high(&p);
    ml_assert_double_abs(Phi((lo5 - 0.9) / 0.2), flo + 0.05 * (fhi - flo), 1e-13,
                         "low = the truncated 5% quantile");
    ml_assert_double_abs(Phi((hi95 - 0.9) / 0.2), flo + 0.95 * (fhi - flo), 1e-13,
                         "high = the truncated 95% quantile");
    assert_true(hi95 < 1.0 && hi95 > 0.9);
}

static void test_truncated_gamma_beta(void **state)
{
    (void)state;
    /* exponential(scale 10) truncated to [0, 30]: x = -10 log(1 - u (1 - e^-3)). */
    ml_param g = dist(ML_DIST_GAMMA, 10, 1, 10, 0, 30);
    ml_assert_double_rel(ml_param_mass(&g), 1 - exp(-3), 1e-13, "closed form");
    for (size_t i = 0; i < NU; i++)
        ml_assert_double_rel(ml_param_quantile(&g, us[i]),
                             -10 * log1p(-us[i] * (1 - exp(-3))), 1e-11, WHY);
    /* beta(2, 1) (CDF x^2) on a field [0.5, 1]: mass 3/4, x = sqrt(1/4 + 3u/4). */
    ml_param b = dist(ML_DIST_BETA, 0.7, 2, 1, 0.5, 1);
    ml_assert_double_rel(ml_param_mass(&b), 0.75, 1e-14, "1 - 0.5^2");
    for (size_t i = 0; i < NU; i++)
        ml_assert_double_rel(ml_param_quantile(&b, us[i]), sqrt(0.25 + 0.75 * us[i]), TIGHT,
                             WHY);
    /* The loader keeps a range inside the field's, but the functions are
     * general: uniform [2, 6] and triangular (1, 2, 5) cut at 3 or 5. */
    ml_param u = dist(ML_DIST_UNIFORM, 3, 2, 6, 0, 5);
    ml_assert_double_rel(ml_param_mass(&u), 0.75, 1e-15, "(5 - 2) / 4");
    ml_assert_double_rel(ml_param_quantile(&u, 0.5), 3.5, 1e-15, "2 + 0.5 * 3");
    ml_param t = dist(ML_DIST_TRIANGULAR, 2, 1, 5, 0, 3);
    ml_assert_double_rel(ml_param_mass(&t), 2.0 / 3.0, 1e-15, "1 - (5-3)^2 / (4 * 3)");
    ml_param t2 = dist(ML_DIST_TRIANGULAR, 2, 1, 5, 1.5, 10);
    ml_assert_double_rel(ml_param_mass(&t2), 1 - 0.25 / 4, 1e-15, "1 - (1.5-1)^2 / (4 * 1)");
    /* lognormal(0, 1) on [1, e]: mass Phi(1) - Phi(0); median of the rest at Phi^-1(.67..). */
    ml_param l = dist(ML_DIST_LOGNORMAL, 2, 0, 1, 1, exp(1));
    ml_assert_double_rel(ml_param_mass(&l), Phi(1) - 0.5, 1e-13, "erfc");
    double x = ml_param_quantile(&l, 0.5);
    ml_assert_double_abs(Phi(log(x)), 0.5 + 0.5 * (Phi(1) - 0.5), 1e-13, "round trip");
}

/* Draws are monotone in u (common random numbers and Sobol designs rely on
 * it) and never leave [lo, hi], for every kind. */
static void test_monotone_inside(void **state)
{
    (void)state;
    ml_param ps[] = {dist(ML_DIST_UNIFORM, 0.3, 0.2, 0.45, 0, 1),
                     dist(ML_DIST_TRIANGULAR, 0.3, 0.2, 0.45, 0, 1),
                     dist(ML_DIST_BETA, 0.3, 0.5, 0.5, 0, 1),
                     dist(ML_DIST_GAMMA, 0.3, 0.7, 1.0, 0, 1),
                     dist(ML_DIST_LOGNORMAL, 0.3, -1, 2, 0, 1),
                     dist(ML_DIST_NORMAL, 0.3, 0.3, 5, 0, 1)};
    for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++) {
        double prev = -INFINITY;
        for (int i = 1; i < 4096; i++) {
            double x = ml_param_quantile(&ps[k], i / 4096.0);
            if (!(x >= prev && x >= 0.0 && x <= 1.0))
                fail_msg("%s: quantile at %d/4096 is %.17g after %.17g", ml_dist_name[k], i,
                         x, prev);
            prev = x;
        }
    }
}

/* FNV-1a, 32 bits: the published test vectors, and a clash the loader must
 * refuse (found by search; used in tests/bad_input/param_hash_collision.yaml). */
static void test_hash(void **state)
{
    (void)state;
    ml_assert_int_eq(ml_param_hash(""), 0x811c9dc5u);
    ml_assert_int_eq(ml_param_hash("a"), 0xe40c292cu);
    ml_assert_int_eq(ml_param_hash("foobar"), 0xbf9cf968u);
    ml_assert_int_eq(ml_param_hash("p2039599"), ml_param_hash("p2222382"));
}

static ml_param named(const char *key, double value, double a, double b)
{
    ml_param p = dist(ML_DIST_UNIFORM, value, a, b, 0, 1);
    snprintf(p.key, sizeof p.key, "%s", key);
    snprintf(p.field, sizeof p.field, "regime.x");
    snprintf(p.where, sizeof p.where, "r.yaml:%d", (int)(100 * value));
    return p;
}

static void test_params_add(void **state)
{
    (void)state;
    ml_params l = {0};
    ml_err err = {0};
    ml_param a = named("gap", 0.5, 0.4, 0.6);
    assert_int_equal(ml_params_add(&l, &a, &err), ML_OK);
    /* The same number read again (a regime used by two run files): one entry. */
    assert_int_equal(ml_params_add(&l, &a, &err), ML_OK);
    ml_assert_size_eq(l.n, 1);
    /* Same name, another range or value: refused, naming both places. */
    ml_param b = named("gap", 0.5, 0.3, 0.6);
    assert_int_equal(ml_params_add(&l, &b, &err), ML_EINVAL);
    assert_non_null(strstr(err.msg, "parameter 'gap' is also given at r.yaml:50"));
    ml_param c = named("gap", 0.45, 0.4, 0.6);
    assert_int_equal(ml_params_add(&l, &c, &err), ML_EINVAL);
    ml_param d = a;
    d.kind = ML_DIST_TRIANGULAR;
    assert_int_equal(ml_params_add(&l, &d, &err), ML_EINVAL);
    /* Same distribution on a field of another range: one draw cannot be
     * truncated to both. */
    ml_param wide = a;
    wide.hi = 1e7;
    assert_int_equal(ml_params_add(&l, &wide, &err), ML_EINVAL);
    assert_non_null(strstr(err.msg, "a field of range [0, 1], and this one's is [0, 1e+07]"));
    ml_assert_size_eq(l.n, 1);
    /* Keys whose hashes clash would share a stream. */
    ml_param h1 = named("p2039599", 0.5, 0.4, 0.6), h2 = named("p2222382", 0.5, 0.4, 0.6);
    assert_int_equal(ml_params_add(&l, &h1, &err), ML_OK);
    assert_int_equal(ml_params_add(&l, &h2, &err), ML_EINVAL);
    assert_non_null(strstr(err.msg, "would share a random stream"));
    /* Growth past the first allocation keeps every entry findable. */
    for (int i = 0; i < 40; i++) {
        char k[32];
        snprintf(k, sizeof k, "n%d", i);
        ml_param p = named(k, 0.5, 0.4, 0.6);
        assert_int_equal(ml_params_add(&l, &p, &err), ML_OK);
    }
    ml_assert_size_eq(l.n, 42);
    for (int i = 0; i < 40; i++) {
        char k[32];
        snprintf(k, sizeof k, "n%d", i);
        const ml_param *f = ml_params_find(&l, k);
        assert_non_null(f);
        assert_string_equal(f->key, k);
    }
    assert_ptr_equal(ml_params_find(&l, "gap"), &l.p[0]);
    assert_null(ml_params_find(&l, "nope"));
    assert_null(ml_params_find(NULL, "gap"));
    ml_params_free(&l);
    ml_assert_size_eq(l.n, 0);
    assert_null(l.p);
}

static void test_override_parse(void **state)
{
    (void)state;
    ml_override o;
    ml_err err = {0};
    const char *arg = "regime.lifecycle.insurance.participation=0.8";
    assert_int_equal(ml_override_parse(arg, &o, &err), ML_OK);
    assert_ptr_equal(o.path, arg);
    ml_assert_size_eq(o.path_len, strlen("regime.lifecycle.insurance.participation"));
    assert_string_equal(o.text, "0.8");
    assert_null(o.key);
    /* The first '=' splits: a value is never a path. */
    assert_int_equal(ml_override_parse("a.b[2].c=1=2", &o, &err), ML_OK);
    ml_assert_size_eq(o.path_len, 8);
    assert_string_equal(o.text, "1=2");
    const char *bad[] = {"no_equals", "=0.8", "path=", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&err, 0, sizeof err);
        assert_int_equal(ml_override_parse(bad[i], &o, &err), ML_EINVAL);
        char want[64];
        snprintf(want, sizeof want, "--set %s: expected PATH=VALUE", bad[i]);
        assert_non_null(strstr(err.msg, want));
    }
}

/* A run file with two uncertain numbers, in dir/sub/run.yaml. */
static const char run_yaml[] =
    "name: t\n"
    "portfolio:\n"
    "  name: p\n"
    "  specialties: [{name: all, incident_rate: {value: 5, range: [2, 9], dist: triangular}}]\n"
    "  hospitals: [{name: H1, exposure: {all: 1}}]\n"
    "regime:\n"
    "  name: r\n"
    "  currency: USD\n"
    "  claiming: {p_claim: {value: 0.7, dist: beta, alpha: 7, beta: 3, name: claim_gap}}\n"
    "  severity: {model: lognormal, meanlog: 10, sdlog: 1}\n";

static void test_load_collects(void **state)
{
    (void)state;
    char sub[128], file[160];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    mkdir(sub, 0700);
    put("sub/run.yaml", run_yaml);
    snprintf(file, sizeof file, "%s/run.yaml", sub);
    ml_params l = {0};
    ml_load_opts o = {.collect = &l};
    ml_scenario s;
    ml_err err = {0};
    assert_int_equal(ml_scenario_load_opts(file, &o, &s, &err), ML_OK);
    ml_assert_size_eq(l.n, 2);
    const ml_param *r = ml_params_find(&l, "sub/run.yaml:portfolio.specialties[0].incident_rate");
    assert_non_null(r);
    assert_int_equal(r->kind, ML_DIST_TRIANGULAR);
    ml_assert_double_exact(r->value, 5.0);
    ml_assert_double_exact(r->a, 2.0);
    ml_assert_double_exact(r->b, 9.0);
    ml_assert_double_exact(r->lo, 0.0);
    assert_true(r->hi >= 1e6); /* a rate's range: [0, ML's largest rate] */
    assert_string_equal(r->field, "portfolio.specialties[0].incident_rate");
    char where[200];
    snprintf(where, sizeof where, "%s:4", file);
    assert_string_equal(r->where, where);
    const ml_param *g = ml_params_find(&l, "claim_gap");
    assert_non_null(g);
    assert_int_equal(g->kind, ML_DIST_BETA);
    ml_assert_double_exact(g->lo, 0.0);
    ml_assert_double_exact(g->hi, 1.0);
    /* The scenario is built at the point values. */
    ml_assert_double_exact(s.regime.p_claim, 0.7);
    ml_scenario_free(&s);

    /* The same file by another relative path gives the same keys. */
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(sub), 0);
    ml_params l2 = {0};
    ml_load_opts o2 = {.collect = &l2};
    assert_int_equal(ml_scenario_load_opts("./../sub/run.yaml", &o2, &s, &err), ML_OK);
    assert_int_equal(chdir(cwd), 0);
    ml_assert_size_eq(l2.n, 2);
    for (size_t i = 0; i < 2; i++)
        assert_string_equal(l2.p[i].key, l.p[i].key);
    ml_scenario_free(&s);
    ml_params_free(&l2);
    ml_params_free(&l);
}

/* Overrides: by key (a draw), by path (--set, which wins and reaches a
 * defaulted number), used[] raised only for those that matched. */
static void test_load_overrides(void **state)
{
    (void)state;
    put("ov.yaml", run_yaml);
    char file[160];
    snprintf(file, sizeof file, "%s/ov.yaml", dir);
    const char *p_path = "regime.claiming.p_claim", *e_path = "regime.expenses.per_claim";
    ml_override ov[] = {
        {.key = "claim_gap", .value = 0.61},
        {.path = p_path, .path_len = strlen(p_path), .text = "0.55"},
        {.path = e_path, .path_len = strlen(e_path), .text = "1500"},
        {.path = "regime.nothing", .path_len = 14, .text = "1"},
        {.key = "no_such_key", .value = 3},
    };
    int used[5] = {0};
    ml_load_opts o = {.set = ov, .n_set = 1, .used = used};
    ml_scenario s;
    ml_err err = {0};
    /* The draw alone. */
    assert_int_equal(ml_scenario_load_opts(file, &o, &s, &err), ML_OK);
    ml_assert_double_exact(s.regime.p_claim, 0.61);
    assert_int_equal(used[0], 1);
    ml_scenario_free(&s);
    /* With --set on the same number: the --set stays set in every draw,
     * and the draw does not reach it (nor is it collected: below). */
    memset(used, 0, sizeof used);
    o.n_set = 5;
    ml_params l = {0};
    o.collect = &l;
    assert_int_equal(ml_scenario_load_opts(file, &o, &s, &err), ML_OK);
    ml_assert_double_exact(s.regime.p_claim, 0.55);
    ml_assert_double_exact(s.regime.expense_per_claim, 1500.0);
    ml_assert_size_eq(l.n, 1);
    assert_null(ml_params_find(&l, "claim_gap"));
    ml_params_free(&l);
    o.collect = NULL;
    assert_int_equal(used[0], 0);
    assert_int_equal(used[1], 1);
    assert_int_equal(used[2], 1);
    assert_int_equal(used[3], 0);
    assert_int_equal(used[4], 0);
    ml_scenario_free(&s);
    /* A value by key outside the field's range is refused, naming it (a
     * draw never is: it is truncated to the range). */
    ml_override far = {.key = "claim_gap", .value = 1.5};
    ml_load_opts of = {.set = &far, .n_set = 1};
    assert_int_equal(ml_scenario_load_opts(file, &of, &s, &err), ML_EINVAL);
    assert_non_null(strstr(err.msg, "parameter 'claim_gap' set to 1.5, outside the field's "
                                    "range [0, 1]"));
    /* A --set is validated like the file's value, and names the field's line. */
    ml_override bad = {.path = p_path, .path_len = strlen(p_path), .text = "1.5"};
    ml_load_opts ob = {.set = &bad, .n_set = 1};
    assert_int_equal(ml_scenario_load_opts(file, &ob, &s, &err), ML_EINVAL);
    char want[256];
    snprintf(want, sizeof want, "--set regime.claiming.p_claim=1.5: 1.5 is not a probability "
             "in [0, 1] (the field read at %s:9)", file);
    assert_non_null(strstr(err.msg, want));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uniform),
        cmocka_unit_test(test_triangular),
        cmocka_unit_test(test_beta),
        cmocka_unit_test(test_gamma),
        cmocka_unit_test(test_lognormal_normal),
        cmocka_unit_test(test_truncated_normal),
        cmocka_unit_test(test_truncated_gamma_beta),
        cmocka_unit_test(test_monotone_inside),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_params_add),
        cmocka_unit_test(test_override_parse),
        cmocka_unit_test(test_load_collects),
        cmocka_unit_test(test_load_overrides),
    };
    snprintf(dir, sizeof dir, "/tmp/ml_params_XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd)) {
    }
    return rc;
}
