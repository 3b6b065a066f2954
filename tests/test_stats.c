/*
 * test_stats.c — VaR as the order statistic of rank ceil(P n), TVaR as
 * Acerbi-Tasche expected shortfall, on samples small enough to do by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"
#include "stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static void test_rank_is_ceil_pn_in_integers(void **state)
{
    (void)state;
    /* 0.9 * 100000 is 90000.000000000015 in floating point; the rank must be 90000. */
    assert_int_equal(ml_quantile_rank(100000, 900, 1000), 90000);
    assert_int_equal(ml_quantile_rank(10, 900, 1000), 9);
    assert_int_equal(ml_quantile_rank(11, 900, 1000), 10); /* ceil(9.9) */
    assert_int_equal(ml_quantile_rank(1000, 999, 1000), 999);
    assert_int_equal(ml_quantile_rank(3, 1, 2), 2);
    assert_int_equal(ml_quantile_rank(5, 0, 1), 1);
}

static void test_var_tvar_of_ten_by_hand(void **state)
{
    (void)state;
    double x[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 100};
    const char *why = "a few exact terms over a power-of-ten divisor";
    /* P = 0.9: rank 9 -> 9; excess over 9 is 91; tvar = 9 + 91 / (10 * 0.1) = 100 */
    ml_assert_double_exact(ml_var_sorted(x, 10, 900, 1000), 9.0);
    ml_assert_double_abs(ml_tvar_sorted(x, 10, 900, 1000), 100.0, 1e-12, why);
    /* P = 0.95: rank ceil(9.5) = 10 -> 100; no excess; tvar = 100 */
    ml_assert_double_exact(ml_var_sorted(x, 10, 950, 1000), 100.0);
    ml_assert_double_exact(ml_tvar_sorted(x, 10, 950, 1000), 100.0);
    /* P = 0.5: rank 5 -> 5; excess 1+2+3+4+95 = 105; tvar = 5 + 105/5 = 26 */
    ml_assert_double_exact(ml_var_sorted(x, 10, 1, 2), 5.0);
    ml_assert_double_abs(ml_tvar_sorted(x, 10, 1, 2), 26.0, 1e-12, why);
    /* P = 0.7: rank 7 -> 7; excess 1+2+93 = 96; tvar = 7 + 96/3 = 39 */
    ml_assert_double_exact(ml_var_sorted(x, 10, 7, 10), 7.0);
    ml_assert_double_abs(ml_tvar_sorted(x, 10, 7, 10), 39.0, 1e-12, why);
}

static void test_summary_of_four_by_hand(void **state)
{
    (void)state;
    double x[4] = {4, 1, 3, 2}, scratch[4];
    ml_summary s;
    ml_summary_compute(x, 4, scratch, &s);
    ml_assert_double_exact(s.mean, 2.5);
    /* squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, over n - 1 = 3 */
    ml_assert_double_abs(s.sd, sqrt(5.0 / 3.0), 1e-15, "one rounding of each of 4 terms");
    ml_assert_double_abs(s.se, sqrt(5.0 / 3.0) / 2.0, 1e-15, "se = sd / sqrt(4)");
    /* Every level's rank is ceil(P 4) = 4: VaR and TVaR are the maximum. */
    for (int l = 0; l < ML_N_LEVELS; l++) {
        ml_assert_double_exact(s.var[l], 4.0);
        ml_assert_double_exact(s.tvar[l], 4.0);
    }
    /* The sorted copy lands in scratch. */
    for (int i = 0; i < 4; i++) ml_assert_double_exact(scratch[i], (double)(i + 1));
}

/* Samples 1, 2, ..., n: the order statistic of rank k is k itself, so VaR
 * must equal ceil(P n), computed here in integers independently of the
 * library, for every n up to 300 and every reported level plus 1/2 and 1/3. */
static void test_var_is_order_statistic_of_rank_ceil_pn(void **state)
{
    (void)state;
    enum { NMAX = 300 };
    double x[NMAX];
    for (int i = 0; i < NMAX; i++) x[i] = i + 1;
    const unsigned long nums[] = {900, 950, 990, 995, 999, 500, 1, 333};
    const unsigned long dens[] = {1000, 1000, 1000, 1000, 1000, 1000, 3, 1000};
    for (size_t n = 1; n <= NMAX; n++)
        for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) {
            unsigned long long rank = (nums[k] * (unsigned long long)n + dens[k] - 1) / dens[k];
            if (rank == 0) rank = 1;
            ml_assert_size_eq(ml_quantile_rank(n, nums[k], dens[k]), rank);
            ml_assert_double_exact(ml_var_sorted(x, n, nums[k], dens[k]), (double)rank);
        }
}

/* A fixed pseudo-random stream (splitmix64): the tests need reproducible
 * samples, not the engine's generator. */
static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static double unit_open(uint64_t *s) /* in (0, 1) */
{
    return ((double)(splitmix(s) >> 11) + 0.5) / 9007199254740992.0;
}
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* TVaR is DESIGN section 5's Acerbi-Tasche form varP + E[(X - varP)+] / (1 - P)
 * with the empirical E: recomputed here term by term, on small samples with
 * ties and atoms (integers 0..4) and continuous ones, sizes 1 to 60. */
static void test_tvar_is_acerbi_tasche_formula(void **state)
{
    (void)state;
    uint64_t seed = 12;
    double x[60];
    for (size_t n = 1; n <= 60; n++)
        for (int atoms = 0; atoms < 2; atoms++) {
            for (size_t i = 0; i < n; i++)
                x[i] = atoms ? (double)(splitmix(&seed) % 5) : -log(unit_open(&seed)) * 1e5;
            qsort(x, n, sizeof x[0], cmp_double);
            for (int l = 0; l < ML_N_LEVELS; l++) {
                unsigned long num = ml_level_permille[l];
                size_t rank = (num * n + 999) / 1000;
                double v = x[rank - 1], excess = 0.0;
                for (size_t i = 0; i < n; i++) excess += x[i] > v ? x[i] - v : 0.0;
                double want = v + excess / ((double)n * (1000 - num) / 1000.0);
                ml_assert_double_exact(ml_var_sorted(x, n, num, 1000), v);
                ml_assert_double_rel(ml_tvar_sorted(x, n, num, 1000), want, 1e-12,
                                     "same sum of at most 60 terms, another order");
                /* TVaR is never below VaR. */
                assert_true(ml_tvar_sorted(x, n, num, 1000) >= v);
            }
        }
}

/* A million Exp(1) draws against the closed forms: mean 1, sd 1,
 * varP = -ln(1 - P), tvarP = varP + 1 (memorylessness).  Each estimate must
 * lie within 4 of its own reported standard errors, and the reported
 * standard errors must match their asymptotic values:
 *   se(mean) = 1 / sqrt(n);
 *   se(varP) = sqrt(P (1 - P) / n) / f(varP) = sqrt(P / ((1 - P) n));
 *   se(tvarP) = sd((X - varP)+) / ((1 - P) sqrt n), var((X - v)+) = 2(1-P) - (1-P)^2. */
static void test_exponential_summary_matches_closed_form(void **state)
{
    (void)state;
    const size_t n = 1000000;
    double *x = malloc(n * sizeof *x), *scratch = malloc(n * sizeof *scratch);
    assert_non_null(x);
    assert_non_null(scratch);
    uint64_t seed = 20261201;
    for (size_t i = 0; i < n; i++) x[i] = -log(unit_open(&seed));
    ml_summary s;
    ml_summary_compute(x, n, scratch, &s);
    const double rn = sqrt((double)n);
    ml_assert_within_se(s.mean, 1.0, s.se, 4, "Exp(1) mean; CLT");
    ml_assert_double_rel(s.sd, 1.0, 0.01, "sd of sd-hat is sqrt((kurt-1)/4n) = 0.0011 at n=1e6");
    ml_assert_double_rel(s.se, 1.0 / rn, 0.01, "se = sd / sqrt(n), sd within 1%");
    for (int l = 0; l < ML_N_LEVELS; l++) {
        double p = ml_level_permille[l] / 1000.0, q = 1.0 - p;
        double v = -log(q);
        ml_assert_within_se(s.var[l], v, s.var_se[l], 4, "quantile; binomial CI half width");
        ml_assert_within_se(s.tvar[l], v + 1.0, s.tvar_se[l], 4,
                            "expected shortfall; influence-function SE");
        ml_assert_double_rel(s.var_se[l], sqrt(p / (q * (double)n)), 0.15,
                             "CI width in ranks is discrete; 1000 tail points at P=0.999");
        ml_assert_double_rel(s.tvar_se[l], sqrt(2 * q - q * q) / (q * rn), 0.15,
                             "sd of the excess estimated from n(1-P) >= 1000 points");
        assert_true(s.var_lo[l] <= s.var[l] && s.var[l] <= s.var_hi[l]);
    }
    free(x);
    free(scratch);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rank_is_ceil_pn_in_integers),
        cmocka_unit_test(test_var_tvar_of_ten_by_hand),
        cmocka_unit_test(test_summary_of_four_by_hand),
        cmocka_unit_test(test_var_is_order_statistic_of_rank_ceil_pn),
        cmocka_unit_test(test_tvar_is_acerbi_tasche_formula),
        cmocka_unit_test(test_exponential_summary_matches_closed_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
