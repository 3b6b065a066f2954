/*
 * test_stats_exact_values.c — the conventions of stats.c and stats_ci.c on
 * the samples where they are easiest to get wrong: one sample, two, ties at
 * the quantile, all equal, negative values, no sample at all; the
 * compensated sums of ksum.h where a naive sum loses digits; the
 * distribution-free interval's ranks worked from the binomial by hand; and
 * the reported standard errors of VaR99 and TVaR99 against the spread of
 * those estimates over many seeded samples.
 *
 * Conventions under test (stats.h): varP = X_(ceil(P n)) with the rank
 * computed in integers and at least 1; tvarP = varP + sum (X - varP)+ /
 * (n (1 - P)); sd with divisor n - 1 (0 when n < 2); sums in index order
 * with Neumaier's compensation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "ksum.h"
#include "stats.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A fixed pseudo-random stream (splitmix64), independent of the engine. */
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
static void shuffle(double *x, size_t n, uint64_t *s)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(splitmix(s) % i);
        double t = x[i - 1];
        x[i - 1] = x[j];
        x[j] = t;
    }
}

/* ---- quantile rank and VaR/TVaR conventions ------------------------- */

/* n = 1: every level's rank is ceil(P) = 1, so VaR = TVaR = the sample;
 * sd is 0 by the n < 2 rule, so se is 0; TVaR's se is +inf (stats_ci.c:
 * one sample has no spread to estimate an error from).  The interval's
 * ends, from B ~ Binomial(1, P), are worked out per level below. */
static void test_one_sample_gives_var_and_tvar_equal_to_it_and_infinite_tvar_se(void **state)
{
    (void)state;
    double x[1] = {7.25}, scratch[1];
    ml_summary s;
    ml_summary_compute(x, 1, scratch, &s);
    ml_assert_double_exact(s.mean, 7.25);
    ml_assert_double_exact(s.sd, 0.0);
    ml_assert_double_exact(s.se, 0.0);
    for (int l = 0; l < ML_N_LEVELS; l++) {
        double p = ml_level_permille[l] / 1000.0;
        ml_assert_double_exact(s.var[l], 7.25);
        ml_assert_double_exact(s.tvar[l], 7.25);
        /* Lower end: l - 1 = max{k : P(B <= k) <= a}; P(B <= 0) = 1 - P.
         * 1 - P <= 0.025 only at P = 0.99, 0.995, 0.999: then l = 1, the
         * sample itself; else l = 0, -inf.  Upper end: P(B > 0) = P >
         * 0.025 always, so u = 2 > n: +inf. */
        if (1.0 - p <= 0.025)
            ml_assert_double_exact(s.var_lo[l], 7.25);
        else
            ml_assert_double_exact(s.var_lo[l], -INFINITY);
        ml_assert_double_exact(s.var_hi[l], INFINITY);
        ml_assert_double_exact(s.var_se[l], INFINITY);
        ml_assert_double_exact(s.tvar_se[l], INFINITY);
    }
}

/* n = 2, x = {3, 1}: at P = 0.5 the rank is ceil(1) = 1, the smaller;
 * tvar50 = 1 + (3 - 1) / (2 * 0.5) = 3, the mean of the upper half.  At
 * every reported level (P >= 0.9) the rank is ceil(2 P) = 2: the larger. */
static void test_two_samples_var50_is_the_smaller_and_tvar50_the_larger(void **state)
{
    (void)state;
    double x[2] = {1, 3};
    ml_assert_size_eq(ml_quantile_rank(2, 1, 2), 1);
    ml_assert_double_exact(ml_var_sorted(x, 2, 1, 2), 1.0);
    ml_assert_double_exact(ml_tvar_sorted(x, 2, 1, 2), 3.0);
    for (int l = 0; l < ML_N_LEVELS; l++) {
        ml_assert_size_eq(ml_quantile_rank(2, ml_level_permille[l], 1000), 2);
        ml_assert_double_exact(ml_var_sorted(x, 2, ml_level_permille[l], 1000), 3.0);
        ml_assert_double_exact(ml_tvar_sorted(x, 2, ml_level_permille[l], 1000), 3.0);
    }
    /* P = 0.51: rank ceil(1.02) = 2 — just above one half jumps to the larger. */
    ml_assert_double_exact(ml_var_sorted(x, 2, 51, 100), 3.0);
}

/* x = {1, 2, 2, 2, 5}: the values tied with VaR add no excess.
 *  P = 0.5: rank ceil(2.5) = 3 -> 2; excess 3; tvar = 2 + 3 / 2.5 = 3.2;
 *  P = 0.7: rank ceil(3.5) = 4 -> 2; tvar = 2 + 3 / 1.5 = 4;
 *  P = 0.8: rank 4 -> 2; tvar = 2 + 3 / 1 = 5, the mean of the top 20%;
 *  P = 0.9: rank ceil(4.5) = 5 -> 5; no excess; tvar = 5. */
static void test_ties_at_var_add_no_excess_tvar50_of_1_2_2_2_5_is_3_2(void **state)
{
    (void)state;
    double x[5] = {1, 2, 2, 2, 5};
    const char *why = "one division of small integers";
    ml_assert_double_exact(ml_var_sorted(x, 5, 1, 2), 2.0);
    ml_assert_double_abs(ml_tvar_sorted(x, 5, 1, 2), 3.2, 1e-15, why);
    ml_assert_double_exact(ml_var_sorted(x, 5, 7, 10), 2.0);
    ml_assert_double_abs(ml_tvar_sorted(x, 5, 7, 10), 4.0, 1e-14, why);
    ml_assert_double_exact(ml_var_sorted(x, 5, 8, 10), 2.0);
    ml_assert_double_abs(ml_tvar_sorted(x, 5, 8, 10), 5.0, 1e-14, why);
    ml_assert_double_exact(ml_var_sorted(x, 5, 9, 10), 5.0);
    ml_assert_double_exact(ml_tvar_sorted(x, 5, 9, 10), 5.0);
}

/* x = {-4, -3, -2, -1}: VaR50 is rank 2, -3; TVaR50 = -3 + (1 + 2) / 2 =
 * -1.5, the mean of the upper half; losses below zero (a recovery year)
 * follow the same rule. */
static void test_negative_sample_tvar50_of_minus_4_to_minus_1_is_minus_1_5(void **state)
{
    (void)state;
    double x[4] = {-4, -3, -2, -1};
    ml_assert_double_exact(ml_var_sorted(x, 4, 1, 2), -3.0);
    ml_assert_double_exact(ml_tvar_sorted(x, 4, 1, 2), -1.5);
    ml_assert_double_exact(ml_mean(x, 4), -2.5);
}

/* When n (1 - P) is a whole number k, TVaR is the mean of the k largest:
 * 1..1000 shuffled, P = 0.99: the mean of 991..1000 is 995.5; P = 0.9:
 * the mean of 901..1000 is 950.5; P = 0.999: the maximum.  Integers below
 * 2^53: every sum is exact. */
static void test_tvar99_of_1_to_1000_is_mean_of_top_ten_995_5(void **state)
{
    (void)state;
    enum { N = 1000 };
    double x[N], sorted[N];
    uint64_t seed = 99;
    for (int i = 0; i < N; i++) x[i] = i + 1;
    shuffle(x, N, &seed);
    ml_sort_copy(x, N, sorted);
    for (int i = 0; i < N; i++) ml_assert_double_exact(sorted[i], (double)(i + 1));
    ml_assert_double_exact(ml_var_sorted(sorted, N, 990, 1000), 990.0);
    ml_assert_double_abs(ml_tvar_sorted(sorted, N, 990, 1000), 995.5, 1e-12,
                         "55 over 0.01 * 1000: the tail fraction 10/1000 is inexact in binary");
    ml_assert_double_abs(ml_tvar_sorted(sorted, N, 900, 1000), 950.5, 1e-12,
                         "5050 over 0.1 * 1000, 0.1 inexact in binary");
    ml_assert_double_exact(ml_tvar_sorted(sorted, N, 999, 1000), 1000.0);
}

/* The rank is at least 1 and at most n; P = 1 is the maximum, P = 0 the
 * minimum; and n P is formed in 64-bit integers: at n = 2^40, P = 0.999,
 * 2^40 * 0.999 = 1099511627776 - 1099511627.776 = 1098412116148.224, so
 * the rank is 1098412116149 (n * 999 = 1.1e15 would overflow 32 bits). */
static void test_rank_of_p_0_999_at_2_pow_40_is_1098412116149(void **state)
{
    (void)state;
    ml_assert_size_eq(ml_quantile_rank(7, 0, 1), 1);
    ml_assert_size_eq(ml_quantile_rank(7, 1, 1), 7);
    ml_assert_size_eq(ml_quantile_rank(7, 999, 1000), 7); /* ceil(6.993) */
    ml_assert_size_eq(ml_quantile_rank(1000, 1, 1000), 1);
    ml_assert_size_eq(ml_quantile_rank(1001, 1, 1000), 2); /* ceil(1.001) */
    ml_assert_size_eq(ml_quantile_rank((size_t)1 << 40, 999, 1000), 1098412116149ull);
}

/* 100 equal samples: sd 0 and TVaR's se 0; VaR is the value, and its
 * interval is [5, 5] where n bounds it above (the upper end is finite when
 * P(B = n) = P^n <= 0.025: 0.9^100 = 2.7e-5 and 0.95^100 = 0.0059 yes;
 * 0.99^100 = 0.37, 0.995^100 = 0.61, 0.999^100 = 0.90 no), so var_se is 0
 * there and +inf elsewhere. */
static void test_hundred_equal_samples_have_zero_sd_and_zero_tvar_se(void **state)
{
    (void)state;
    enum { N = 100 };
    double x[N], scratch[N];
    for (int i = 0; i < N; i++) x[i] = 5.0;
    ml_summary s;
    ml_summary_compute(x, N, scratch, &s);
    ml_assert_double_exact(s.mean, 5.0);
    ml_assert_double_exact(s.sd, 0.0);
    ml_assert_double_exact(s.se, 0.0);
    for (int l = 0; l < ML_N_LEVELS; l++) {
        double p = ml_level_permille[l] / 1000.0;
        int bounded = pow(p, N) <= 0.025;
        ml_assert_int_eq(bounded, l < 2);
        ml_assert_double_exact(s.var[l], 5.0);
        ml_assert_double_exact(s.tvar[l], 5.0);
        ml_assert_double_exact(s.tvar_se[l], 0.0);
        ml_assert_double_exact(s.var_lo[l], 5.0);
        ml_assert_double_exact(s.var_hi[l], bounded ? 5.0 : INFINITY);
        ml_assert_double_exact(s.var_se[l], bounded ? 0.0 : INFINITY);
    }
}

/* No sample: the mean, VaR, TVaR and the interval are NaN (no number at
 * all), sd is 0 by the n < 2 rule, se NaN, TVaR's se +inf. */
static void test_empty_sample_gives_nan_mean_var_tvar(void **state)
{
    (void)state;
    double x[1] = {1}, scratch[1];
    ml_summary s;
    ml_summary_compute(x, 0, scratch, &s);
    assert_true(isnan(s.mean));
    ml_assert_double_exact(s.sd, 0.0);
    assert_true(isnan(s.se));
    for (int l = 0; l < ML_N_LEVELS; l++) {
        assert_true(isnan(s.var[l]));
        assert_true(isnan(s.tvar[l]));
        assert_true(isnan(s.var_lo[l]) && isnan(s.var_hi[l]) && isnan(s.var_se[l]));
        ml_assert_double_exact(s.tvar_se[l], INFINITY);
    }
}

/* {2, 4, 4, 4, 5, 5, 7, 9}: mean 5, squared deviations 9+1+1+1+0+0+4+16 =
 * 32; sd with divisor n - 1 is sqrt(32/7) = 2.138 (the population sd,
 * divisor n, would be exactly 2). */
static void test_sd_of_textbook_eight_is_sqrt_32_over_7_not_2(void **state)
{
    (void)state;
    double x[8] = {2, 4, 4, 4, 5, 5, 7, 9};
    ml_assert_double_exact(ml_mean(x, 8), 5.0);
    ml_assert_double_abs(ml_sd(x, 8, 5.0), sqrt(32.0 / 7.0), 1e-15,
                         "sum of 8 exact squares, one division, one sqrt");
    ml_assert_double_exact(ml_sd(x, 1, x[0]), 0.0);
    ml_assert_double_exact(ml_sd(x, 0, 0.0), 0.0);
}

/* ---- compensated summation (ksum.h) ---------------------------------- */

/* 1e16 + 1 rounds back to 1e16 in a naive sum, so {1e16, 1, -1e16} sums
 * to 0; Neumaier's correction keeps the 1.  {1, 1e100, 1, -1e100} is the
 * case Kahan's original form gets wrong (0) and Neumaier's right (2). */
static void test_ksum_of_1e16_1_minus_1e16_is_1_and_naive_is_0(void **state)
{
    (void)state;
    volatile double big = 1e16; /* keep the compiler from folding the naive sum */
    double a[3] = {big, 1.0, -big}, b[4] = {1.0, 1e100, 1.0, -1e100};
    double naive = 0.0;
    ml_ksum k = {0, 0};
    for (int i = 0; i < 3; i++) {
        naive += a[i];
        ml_ksum_add(&k, a[i]);
    }
    ml_assert_double_exact(naive, 0.0); /* the loss the compensation repairs */
    ml_assert_double_exact(ml_ksum_value(&k), 1.0);
    ml_assert_double_abs(ml_mean(a, 3), 1.0 / 3.0, 0.0, "one division of an exact 1");
    ml_ksum k2 = {0, 0};
    for (int i = 0; i < 4; i++) ml_ksum_add(&k2, b[i]);
    ml_assert_double_exact(ml_ksum_value(&k2), 2.0);
}

/* A million copies of 0.1: the naive running sum drifts to
 * 100000.00000133288 (a relative error of 1.3e-11), the compensated one
 * is 100000 exactly (the true sum of the doubles, 100000.0000000000055,
 * rounded), so the mean is the double 0.1 itself. */
static void test_mean_of_a_million_tenths_is_exactly_0_1(void **state)
{
    (void)state;
    enum { N = 1000000 };
    double *x = malloc(N * sizeof *x);
    assert_non_null(x);
    double naive = 0.0;
    for (int i = 0; i < N; i++) {
        x[i] = 0.1;
        naive += x[i];
    }
    assert_true(fabs(naive - 100000.0) > 1e-6); /* a naive sum would fail below */
    ml_assert_double_exact(ml_mean(x, N), 0.1);
    /* The squared deviations are all 0: sd exactly 0, not rounding residue. */
    ml_assert_double_exact(ml_sd(x, N, 0.1), 0.0);
    free(x);
}

/* ksum.h's claim: a few ulp instead of n ulp.  10^4 doubles m 2^s (m a
 * random 53-bit integer, s in [-60, -10]) are whole multiples of 2^-60,
 * m 2^(s + 60) < 2^103 of them each, so their exact sum is an integer
 * below 2^117 units of 2^-60: it fits in 128 bits.  The compensated sum
 * must be within 2 ulp of it (Neumaier's bound for positive terms is
 * eps |S| + n eps^2 |S|, about 1 ulp at n = 10^4; the exact sum's own
 * conversion to double may add half an ulp). */
static void test_ksum_of_ten_thousand_mixed_magnitudes_is_within_2_ulp(void **state)
{
    (void)state;
    enum { N = 10000 };
    static double x[N];
    uint64_t seed = 314159;
    unsigned __int128 exact = 0; /* in units of 2^-60 */
    for (int i = 0; i < N; i++) {
        uint64_t m = (splitmix(&seed) >> 11) | (1ull << 52); /* 53 bits */
        int s = -60 + (int)(splitmix(&seed) % 51);           /* -60 .. -10 */
        x[i] = ldexp((double)m, s);
        exact += (unsigned __int128)m << (s + 60);
    }
    /* The exact sum as a double: split into two 64-bit halves, each exact
     * in long double's 64-bit mantissa, and combine once. */
    long double hi = ldexpl((long double)(uint64_t)(exact >> 64), 64 - 60);
    long double lo = ldexpl((long double)(uint64_t)exact, -60);
    double want = (double)(hi + lo);
    ml_ksum k = {0, 0};
    double naive = 0.0;
    for (int i = 0; i < N; i++) {
        ml_ksum_add(&k, x[i]);
        naive += x[i];
    }
    double ulp = nextafter(want, INFINITY) - want;
    ml_assert_double_abs(ml_ksum_value(&k), want, 2.0 * ulp,
                         "Neumaier's bound for positive terms, ~1 ulp at n = 1e4");
    print_message("ksum error %.3g ulp, naive sum error %.3g ulp\n",
                  (ml_ksum_value(&k) - want) / ulp, (naive - want) / ulp);
}

/* The quantile figures are functions of the sorted sample: reversing or
 * shuffling the input changes none of their bits. */
static void test_quantile_figures_do_not_depend_on_sample_order(void **state)
{
    (void)state;
    enum { N = 3001 };
    static double x[N], y[N], s1[N], s2[N];
    uint64_t seed = 2718;
    for (int i = 0; i < N; i++) x[i] = y[i] = -log(unit_open(&seed)) * 1e6;
    shuffle(y, N, &seed);
    ml_summary a, b;
    ml_summary_compute(x, N, s1, &a);
    ml_summary_compute(y, N, s2, &b);
    for (int l = 0; l < ML_N_LEVELS; l++) {
        ml_assert_double_exact(a.var[l], b.var[l]);
        ml_assert_double_exact(a.tvar[l], b.tvar[l]);
        ml_assert_double_exact(a.var_lo[l], b.var_lo[l]);
        ml_assert_double_exact(a.var_hi[l], b.var_hi[l]);
        ml_assert_double_exact(a.tvar_se[l], b.tvar_se[l]);
    }
    /* The mean is summed in index order: another order may differ, but
     * only in the last bits (compensated sums of 3001 positive terms). */
    ml_assert_double_rel(b.mean, a.mean, 4 * DBL_EPSILON, "two compensated sums, ~1 ulp each");
}

/* ---- exceedance table ------------------------------------------------ */

/* annual = 1..1000 shuffled, annual_max = annual / 2: the AEP at return
 * period T is rank ceil(1000 (T - 1) / T): T = 2 -> 500, 5 -> 800,
 * 10 -> 900, 20 -> 950, 50 -> 980, 100 -> 990, 200 -> 995, 250 -> 996,
 * 500 -> 998, 1000 -> 999; the OEP is half of it. */
static void test_aep_at_100_years_of_1_to_1000_is_990(void **state)
{
    (void)state;
    enum { N = 1000 };
    static const double want[ML_N_RETURN_PERIODS] = {500, 800, 900, 950, 980,
                                                     990, 995, 996, 998, 999};
    double annual[N], amax[N], scratch[N];
    uint64_t seed = 1000;
    for (int i = 0; i < N; i++) annual[i] = i + 1;
    shuffle(annual, N, &seed);
    for (int i = 0; i < N; i++) amax[i] = annual[i] / 2;
    ml_ep_row ep[ML_N_RETURN_PERIODS];
    ml_ep_compute(annual, amax, N, scratch, ep);
    for (int i = 0; i < ML_N_RETURN_PERIODS; i++) {
        ml_assert_double_exact(ep[i].return_period, (double)ml_return_periods[i]);
        ml_assert_double_exact(ep[i].aep, want[i]);
        ml_assert_double_exact(ep[i].oep, want[i] / 2);
        assert_true(ep[i].aep_lo <= ep[i].aep && ep[i].aep <= ep[i].aep_hi);
        ml_assert_double_exact(ep[i].oep_lo, ep[i].aep_lo / 2);
    }
    /* The upper end is finite when P^n <= 0.025, i.e. P <= 0.99632 at
     * n = 1000: up to T = 250 (0.996^1000 = 0.018); T = 500 (0.998^1000 =
     * 0.135) and T = 1000 (0.37) are unbounded. */
    for (int i = 0; i < ML_N_RETURN_PERIODS; i++) {
        int bounded = ml_return_periods[i] <= 250;
        assert_true(bounded ? isfinite(ep[i].aep_hi) : ep[i].aep_hi == INFINITY);
        assert_true(bounded ? isfinite(ep[i].oep_hi) : ep[i].oep_hi == INFINITY);
    }
}

/* ---- the distribution-free interval's ranks, by hand ----------------- */

/* Median of 10: B ~ Binomial(10, 1/2), P(B <= 1) = 11/1024 = 0.0107 <=
 * 0.025 < P(B <= 2) = 56/1024 = 0.0547, so l - 1 = 1, l = 2; by symmetry
 * P(B > 8) = 11/1024 <= 0.025 < P(B > 7), u - 1 = 8, u = 9: [X_(2), X_(9)]. */
static void test_ci_of_median_of_ten_is_second_to_ninth(void **state)
{
    (void)state;
    size_t lo, hi;
    ml_quantile_ci_ranks(10, 1, 2, 0.95, &lo, &hi);
    ml_assert_size_eq(lo, 2);
    ml_assert_size_eq(hi, 9);
    double x[10] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, a, b;
    ml_var_ci_sorted(x, 10, 1, 2, &a, &b);
    ml_assert_double_exact(a, 20.0);
    ml_assert_double_exact(b, 90.0);
    /* Normal-equivalent se: (90 - 20) / (2 * 1.959963984540054). */
    ml_assert_double_rel(ml_var_se_from_ci(a, b), 70.0 / 3.919927969080108, 1e-15,
                         "one subtraction and one division");
}

/* Median of 5: P(B <= 0) = P(B = 5) = 1/32 = 0.031 > 0.025, so neither end
 * is bounded (l = 0, u = 6).  Median of 6: 1/64 = 0.016 <= 0.025 <
 * P(B <= 1) = 7/64, so [X_(1), X_(6)], the range. */
static void test_ci_of_median_needs_six_samples_to_be_bounded(void **state)
{
    (void)state;
    size_t lo, hi;
    ml_quantile_ci_ranks(5, 1, 2, 0.95, &lo, &hi);
    ml_assert_size_eq(lo, 0);
    ml_assert_size_eq(hi, 6);
    ml_quantile_ci_ranks(6, 1, 2, 0.95, &lo, &hi);
    ml_assert_size_eq(lo, 1);
    ml_assert_size_eq(hi, 6);
    double x[6] = {1, 2, 3, 4, 5, 6}, a, b;
    ml_var_ci_sorted(x, 5, 1, 2, &a, &b);
    ml_assert_double_exact(a, -INFINITY);
    ml_assert_double_exact(b, INFINITY);
    ml_assert_double_exact(ml_var_se_from_ci(a, b), INFINITY);
}

/* The 95% quantile's upper end is finite once P(all n below q) = 0.95^n
 * <= 0.025: 0.95^71 = 0.02621 > 0.025 >= 0.95^72 = 0.02490, so 71 samples
 * leave it at +inf and 72 bound it by their maximum. */
static void test_var95_upper_end_needs_72_samples(void **state)
{
    (void)state;
    size_t lo, hi;
    ml_quantile_ci_ranks(71, 950, 1000, 0.95, &lo, &hi);
    ml_assert_size_eq(hi, 72);
    ml_quantile_ci_ranks(72, 950, 1000, 0.95, &lo, &hi);
    ml_assert_size_eq(hi, 72);
    assert_true(lo >= 1 && lo <= ml_quantile_rank(72, 950, 1000));
    /* A wider level widens the interval: 99% at n = 72 is unbounded
     * (0.95^72 = 0.0249 > 0.005). */
    ml_quantile_ci_ranks(72, 950, 1000, 0.99, &lo, &hi);
    ml_assert_size_eq(hi, 73);
}

static void test_var_se_from_ci_is_nan_for_nan_and_inf_for_unbounded(void **state)
{
    (void)state;
    assert_true(isnan(ml_var_se_from_ci(NAN, 1.0)));
    assert_true(isnan(ml_var_se_from_ci(0.0, NAN)));
    ml_assert_double_exact(ml_var_se_from_ci(-INFINITY, 1.0), INFINITY);
    ml_assert_double_exact(ml_var_se_from_ci(0.0, INFINITY), INFINITY);
    ml_assert_double_exact(ml_var_se_from_ci(3.0, 3.0), 0.0);
    ml_assert_double_rel(ml_var_se_from_ci(0.0, 2.0 * ML_CI_Z), 1.0, 1e-15, "z / z");
}

/* x = {0, 0, 0, 0, 10}, P = 0.8: v = X_(4) = 0, Y = (X - v)+ = (0, 0, 0,
 * 0, 10), mean 2, sample variance (4 * 4 + 64) / 4 = 20; se = sqrt(20 / 5)
 * / 0.2 = 10. */
static void test_tvar80_se_of_four_zeros_and_ten_is_10(void **state)
{
    (void)state;
    double x[5] = {0, 0, 0, 0, 10};
    ml_assert_double_exact(ml_tvar_sorted(x, 5, 8, 10), 10.0);
    ml_assert_double_abs(ml_tvar_se_sorted(x, 5, 8, 10), 10.0, 1e-13,
                         "sqrt of an exact 4 over 0.2, inexact in binary");
    double c[3] = {4, 4, 4};
    ml_assert_double_exact(ml_tvar_se_sorted(c, 3, 1, 2), 0.0);
}

/* ---- standard errors against the spread they estimate ---------------- */

/* The reported standard errors of VaR99 and TVaR99 must match the actual
 * spread of those estimates: R = 400 independent samples of n = 20000
 * Exp(1) draws (200 tail points at P = 0.99), seeds 1..R.  The sample sd of
 * R nearly normal estimates has a relative standard error of
 * 1 / sqrt(2 (R - 1)) = 3.5%; the check allows 4 of those (14%) between
 * the mean reported se and the observed spread.  Known bias at this n: the
 * order-statistic interval of an exponential tail is about 1% wider than
 * the normal one (its spacings grow like 1/(n - k)), well inside that.  A
 * factor error (z = 1 for 1.96, 1 - P for its square root, a missing
 * sqrt(n)) is 40% or more, and fails. */
static void test_var99_and_tvar99_se_match_their_spread_over_400_samples(void **state)
{
    (void)state;
    enum { R = 400, N = 20000 };
    double *x = malloc(N * sizeof *x), *scratch = malloc(N * sizeof *scratch);
    assert_non_null(x);
    assert_non_null(scratch);
    const int l99 = 2; /* ml_level_permille[2] == 990 */
    ml_assert_int_eq(ml_level_permille[l99], 990);
    double sv = 0, svv = 0, st = 0, stt = 0, se_v = 0, se_t = 0;
    for (int r = 0; r < R; r++) {
        uint64_t seed = 1000003u * (uint64_t)(r + 1);
        for (int i = 0; i < N; i++) x[i] = -log(unit_open(&seed));
        ml_summary s;
        ml_summary_compute(x, N, scratch, &s);
        sv += s.var[l99];
        svv += s.var[l99] * s.var[l99];
        st += s.tvar[l99];
        stt += s.tvar[l99] * s.tvar[l99];
        se_v += s.var_se[l99];
        se_t += s.tvar_se[l99];
    }
    double mv = sv / R, mt = st / R;
    double sd_v = sqrt((svv - R * mv * mv) / (R - 1));
    double sd_t = sqrt((stt - R * mt * mt) / (R - 1));
    se_v /= R;
    se_t /= R;
    double tol = 4.0 / sqrt(2.0 * (R - 1));
    print_message("VaR99: spread %.5f, mean reported se %.5f; TVaR99: spread %.5f, "
                  "reported %.5f (allowed %.1f%%)\n", sd_v, se_v, sd_t, se_t, 100 * tol);
    ml_assert_double_rel(se_v, sd_v, tol, "4 relative SEs of a sample sd over R = 400");
    ml_assert_double_rel(se_t, sd_t, tol, "4 relative SEs of a sample sd over R = 400");
    /* And the estimates centre on the truth: VaR99 = ln 100, TVaR99 =
     * ln 100 + 1; the mean of R estimates has se spread / sqrt(R). */
    ml_assert_within_se(mv, log(100.0), sd_v / sqrt((double)R), 4, "mean of 400 estimates");
    ml_assert_within_se(mt, log(100.0) + 1.0, sd_t / sqrt((double)R), 4,
                        "mean of 400 estimates");
    free(x);
    free(scratch);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_sample_gives_var_and_tvar_equal_to_it_and_infinite_tvar_se),
        cmocka_unit_test(test_two_samples_var50_is_the_smaller_and_tvar50_the_larger),
        cmocka_unit_test(test_ties_at_var_add_no_excess_tvar50_of_1_2_2_2_5_is_3_2),
        cmocka_unit_test(test_negative_sample_tvar50_of_minus_4_to_minus_1_is_minus_1_5),
        cmocka_unit_test(test_tvar99_of_1_to_1000_is_mean_of_top_ten_995_5),
        cmocka_unit_test(test_rank_of_p_0_999_at_2_pow_40_is_1098412116149),
        cmocka_unit_test(test_hundred_equal_samples_have_zero_sd_and_zero_tvar_se),
        cmocka_unit_test(test_empty_sample_gives_nan_mean_var_tvar),
        cmocka_unit_test(test_sd_of_textbook_eight_is_sqrt_32_over_7_not_2),
        cmocka_unit_test(test_ksum_of_1e16_1_minus_1e16_is_1_and_naive_is_0),
        cmocka_unit_test(test_mean_of_a_million_tenths_is_exactly_0_1),
        cmocka_unit_test(test_ksum_of_ten_thousand_mixed_magnitudes_is_within_2_ulp),
        cmocka_unit_test(test_quantile_figures_do_not_depend_on_sample_order),
        cmocka_unit_test(test_aep_at_100_years_of_1_to_1000_is_990),
        cmocka_unit_test(test_ci_of_median_of_ten_is_second_to_ninth),
        cmocka_unit_test(test_ci_of_median_needs_six_samples_to_be_bounded),
        cmocka_unit_test(test_var95_upper_end_needs_72_samples),
        cmocka_unit_test(test_var_se_from_ci_is_nan_for_nan_and_inf_for_unbounded),
        cmocka_unit_test(test_tvar80_se_of_four_zeros_and_ten_is_10),
        cmocka_unit_test(test_var99_and_tvar99_se_match_their_spread_over_400_samples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
