/*
 * test_target_se_rule.c — the stopping rule of `medliab run --target-se`
 * (target_se.h): which figure is meant by NAME[:STAT], its relative
 * standard error on constructed samples, and where the next checkpoint
 * lies (the 1/sqrt(n) law's n plus 10%, at least 1.25 n, at most 4 n,
 * rounded up to a multiple of 1000, capped at max).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"

#include "stats.h"
#include "target_se.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parsing --------------------------------------------------------- */

static void test_parse_insured_alone_means_insured_mean(void **state)
{
    (void)state;
    ml_target t;
    char msg[512];
    assert_int_equal(ml_target_parse("insured", &t, msg, sizeof msg), 0);
    ml_assert_int_eq(t.measure, ML_M_INSURED);
    ml_assert_int_eq(t.stat, -1);
    assert_string_equal(t.text, "insured:mean");
    assert_int_equal(ml_target_parse("insured:mean", &t, msg, sizeof msg), 0);
    ml_assert_int_eq(t.stat, -1);
}

/* Each level's tag names one statistic: varT is index l, tvarT is
 * ML_N_LEVELS + l, for the tags 90 95 99 995 999. */
static void test_parse_var995_is_level_3_and_tvar999_is_level_5_plus_4(void **state)
{
    (void)state;
    ml_target t;
    char msg[512], spec[64];
    assert_int_equal(ml_target_parse("claims:var995", &t, msg, sizeof msg), 0);
    ml_assert_int_eq(t.measure, ML_M_CLAIMS);
    ml_assert_int_eq(t.stat, 3);
    assert_string_equal(t.text, "claims:var995");
    assert_int_equal(ml_target_parse("compensation:tvar999", &t, msg, sizeof msg), 0);
    ml_assert_int_eq(t.stat, ML_N_LEVELS + 4);
    for (int l = 0; l < ML_N_LEVELS; l++) {
        snprintf(spec, sizeof spec, "insured:var%s", ml_level_tag[l]);
        assert_int_equal(ml_target_parse(spec, &t, msg, sizeof msg), 0);
        ml_assert_int_eq(t.stat, l);
        snprintf(spec, sizeof spec, "insured:tvar%s", ml_level_tag[l]);
        assert_int_equal(ml_target_parse(spec, &t, msg, sizeof msg), 0);
        ml_assert_int_eq(t.stat, ML_N_LEVELS + l);
    }
    /* Every measure's name is accepted. */
    for (int m = 0; m < ML_N_MEASURES; m++) {
        assert_int_equal(ml_target_parse(ml_measure_name[m], &t, msg, sizeof msg), 0);
        ml_assert_int_eq(t.measure, m);
    }
}

static void test_parse_refuses_empty_name_unknown_measure_and_unknown_statistic(void **state)
{
    (void)state;
    ml_target t;
    char msg[1024];
    assert_int_equal(ml_target_parse("", &t, msg, sizeof msg), -1);
    assert_string_equal(msg, "--measure: '' is not NAME or NAME:STAT");
    assert_int_equal(ml_target_parse(":mean", &t, msg, sizeof msg), -1);
    assert_string_equal(msg, "--measure: ':mean' is not NAME or NAME:STAT");
    /* 48 characters do not fit a measure name (47 at most). */
    char longname[64];
    memset(longname, 'a', 48);
    longname[48] = '\0';
    assert_int_equal(ml_target_parse(longname, &t, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "is not NAME or NAME:STAT"));
    /* An unknown measure lists them all, in the table's order. */
    assert_int_equal(ml_target_parse("insurd:mean", &t, msg, sizeof msg), -1);
    const char *head = "--measure: unknown measure 'insurd'; one of: incidents claims "
                       "paid_claims damages";
    assert_memory_equal(msg, head, strlen(head));
    assert_non_null(strstr(msg, " insured "));
    assert_non_null(strstr(msg, " state_paid"));
    /* An unknown statistic (var97 is no level; the empty one neither). */
    assert_int_equal(ml_target_parse("insured:var97", &t, msg, sizeof msg), -1);
    assert_string_equal(msg, "--measure: unknown statistic 'var97'; one of mean, var90, var95, "
                             "var99, var995, var999, tvar90, ..., tvar999");
    assert_int_equal(ml_target_parse("insured:", &t, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "unknown statistic ''"));
    assert_int_equal(ml_target_parse("insured:Mean", &t, msg, sizeof msg), -1);
    /* A short buffer truncates, never overflows: the message is cut at
     * the buffer's end. */
    char small[24];
    memset(small, 'x', sizeof small);
    assert_int_equal(ml_target_parse("nope", &t, small, sizeof small), -1);
    ml_assert_size_eq(strlen(small), sizeof small - 1);
}

/* ---- the relative standard error ------------------------------------- */

static ml_target target(const char *spec)
{
    ml_target t;
    char msg[512];
    if (ml_target_parse(spec, &t, msg, sizeof msg)) fail_msg("%s", msg);
    return t;
}

/* {1, 2, 3, 4}: mean 2.5, sd sqrt(5/3), se sqrt(5/3) / 2: relative se
 * sqrt(5/3) / 5 = 0.2582. */
static void test_rel_se_of_mean_of_1_2_3_4_is_sqrt_5_over_3_over_5(void **state)
{
    (void)state;
    double x[4] = {4, 1, 3, 2}, scratch[4], v;
    ml_target t = target("insured");
    double rel = ml_target_rel_se(&t, x, 4, scratch, &v);
    ml_assert_double_exact(v, 2.5);
    ml_assert_double_abs(rel, sqrt(5.0 / 3.0) / 5.0, 1e-15, "a few roundings");
}

/* 1..10, tvar90: v = 9, tvar = 9 + 1 / (10 * 0.1) = 10; Y = (0, ..., 0, 1),
 * mean 0.1, sample variance (9 * 0.01 + 0.81) / 9 = 0.1, se =
 * sqrt(0.1 / 10) / 0.1 = 1: relative 0.1. */
static void test_rel_se_of_tvar90_of_1_to_10_is_0_1(void **state)
{
    (void)state;
    double x[10], scratch[10], v;
    for (int i = 0; i < 10; i++) x[i] = 10 - i;
    ml_target t = target("insured:tvar90");
    double rel = ml_target_rel_se(&t, x, 10, scratch, &v);
    ml_assert_double_abs(v, 10.0, 1e-14, "9 + 1 / (10 * 0.1)");
    ml_assert_double_abs(rel, 0.1, 1e-14, "se 1 over the figure 10");
}

/* 1..1000, var90: v = 900; the interval is [X_(l), X_(u)] = [l, u] for
 * these samples, so se = (u - l) / (2 z) and the relative se that over 900
 * (the ranks as stats_ci.c gives them, checked by hand there). */
static void test_rel_se_of_var90_of_1_to_1000_is_the_rank_width_over_2z_900(void **state)
{
    (void)state;
    enum { N = 1000 };
    double x[N], scratch[N], v;
    for (int i = 0; i < N; i++) x[i] = i + 1;
    size_t lo, hi;
    ml_quantile_ci_ranks(N, 900, 1000, ML_CI_LEVEL, &lo, &hi);
    ml_target t = target("insured:var90");
    double rel = ml_target_rel_se(&t, x, N, scratch, &v);
    ml_assert_double_exact(v, 900.0);
    ml_assert_double_abs(rel, ((double)hi - (double)lo) / (2.0 * ML_CI_Z) / 900.0, 1e-15,
                         "one subtraction and two divisions");
    /* The width is about 2 z sqrt(n P (1 - P)) = 37 ranks. */
    assert_true(hi - lo >= 35 && hi - lo <= 40);
}

/* A constant figure is known exactly (0, even if the figure is 0); a
 * figure of 0 with a non-zero se, or one n cannot bound, or no sample at
 * all, has an infinite relative se: the rule never stops on it. */
static void test_rel_se_is_0_for_constants_and_inf_for_zero_mean_unbounded_or_empty(
    void **state)
{
    (void)state;
    double c[5] = {7, 7, 7, 7, 7}, z[5] = {0}, pm[2] = {-1, 1}, scratch[5], v;
    ml_target mean = target("insured"), v999 = target("insured:var999");
    ml_target t999 = target("insured:tvar999");
    ml_assert_double_exact(ml_target_rel_se(&mean, c, 5, scratch, &v), 0.0);
    ml_assert_double_exact(v, 7.0);
    ml_assert_double_exact(ml_target_rel_se(&mean, z, 5, scratch, &v), 0.0);
    /* {-1, 1}: mean 0, se = sqrt(2) / sqrt(2) = 1. */
    ml_assert_double_exact(ml_target_rel_se(&mean, pm, 2, scratch, &v), INFINITY);
    ml_assert_double_exact(v, 0.0);
    /* Five samples cannot bound the 99.9% quantile: var_se is +inf. */
    double x[5] = {1, 2, 3, 4, 5};
    ml_assert_double_exact(ml_target_rel_se(&v999, x, 5, scratch, &v), INFINITY);
    ml_assert_double_exact(v, 5.0);
    /* One sample: TVaR's se is +inf. */
    ml_assert_double_exact(ml_target_rel_se(&t999, x, 1, scratch, &v), INFINITY);
    /* No sample: the se is NaN, read as +inf. */
    ml_assert_double_exact(ml_target_rel_se(&mean, x, 0, scratch, &v), INFINITY);
    assert_true(isnan(v));
}

/* ---- the next checkpoint --------------------------------------------- */

/* n = 1000, target 1%:
 *   rel 2%:    1.1 * 1000 * 4 = 4400, above 4 n: 4000;
 *   rel 1.2%:  1.1 * 1000 * 1.44 = 1584, up to a multiple of 1000: 2000;
 *   rel 1.05%: 1.1 * 1000 * 1.1025 = 1212.75, below 1.25 n: 1250: 2000;
 *   rel 0.5%:  275, raised to 1250: 2000;
 *   rel inf:   4 n = 4000.
 * n = 10000, rel 1.5%: 1.1 * 10000 * 2.25 = 24750: 25000. */
static void test_next_after_1000_at_twice_the_target_is_4000(void **state)
{
    (void)state;
    const size_t big = 1000000000;
    ml_assert_size_eq(ml_target_next(1000, 0.02, 0.01, big), 4000);
    ml_assert_size_eq(ml_target_next(1000, 0.012, 0.01, big), 2000);
    ml_assert_size_eq(ml_target_next(1000, 0.0105, 0.01, big), 2000);
    ml_assert_size_eq(ml_target_next(1000, 0.005, 0.01, big), 2000);
    ml_assert_size_eq(ml_target_next(1000, INFINITY, 0.01, big), 4000);
    ml_assert_size_eq(ml_target_next(10000, 0.015, 0.01, big), 25000);
    /* 1.25 n is itself rounded up: n = 4000 -> 5000; n = 3000 -> 3750 -> 4000. */
    ml_assert_size_eq(ml_target_next(4000, 0.0, 0.01, big), 5000);
    ml_assert_size_eq(ml_target_next(3000, 0.0, 0.01, big), 4000);
}

/* The cap: never beyond max, and max itself once the rule would pass it. */
static void test_next_is_capped_at_max_replicates(void **state)
{
    (void)state;
    ml_assert_size_eq(ml_target_next(1000, 0.02, 0.01, 3000), 3000);
    ml_assert_size_eq(ml_target_next(1000, 0.02, 0.01, 4000), 4000);
    ml_assert_size_eq(ml_target_next(1000, 0.02, 0.01, 3999), 3999);
    ml_assert_size_eq(ml_target_next(2000, INFINITY, 0.01, 2500), 2500);
}

/* By the 1/sqrt(n) law a checkpoint that is not clamped (by 4 n or the
 * cap) reaches the target with 10% to spare: rel sqrt(n / next) <= target
 * / sqrt(1.1).  Over rel / target from 1.01 to 1.99 and n from 1000 to
 * 100000; and every checkpoint is a multiple of 1000 within [1.25 n, 4 n]. */
static void test_unclamped_next_reaches_the_target_by_the_root_n_law(void **state)
{
    (void)state;
    const double target = 0.01;
    for (size_t n = 1000; n <= 100000; n += 3000)
        for (int k = 1; k < 100; k++) {
            double rel = target * (1.0 + k / 100.0);
            size_t next = ml_target_next(n, rel, target, 1000000000);
            ml_assert_size_eq(next % 1000, 0);
            assert_true((double)next >= 1.25 * (double)n);
            assert_true((double)next <= 4.0 * (double)n + 1000.0);
            if (next < 4 * n) /* not clamped above */
                assert_true(rel * sqrt((double)n / (double)next) <=
                            target / sqrt(1.1) * (1 + 1e-12));
        }
}

/* The rule end to end on Exp(1) years (sd 1): the mean's relative se is
 * 1 / sqrt(n), so a 1% target needs n = 10000; starting from 1000 the
 * checkpoints must stop at the first n whose estimated relative se is at
 * most 1%, which the 1/sqrt(n) law plus 10% puts at about 11000.  The
 * estimate uses sd-hat, whose relative SE is sqrt((kurtosis - 1) / (4 n))
 * = sqrt(2 / n) for the exponential (kurtosis 9), 4.5% at n = 1000; the
 * final n is checked within 4 of those, squared: [10000 (1 - 0.18)^2,
 * 11000 (1 + 0.18)^2 + 1000]. */
static void test_checkpoints_on_exponential_years_stop_near_11000_for_1_percent(void **state)
{
    (void)state;
    enum { MAX = 60000 };
    double *x = malloc(MAX * sizeof *x), *scratch = malloc(MAX * sizeof *scratch);
    assert_non_null(x);
    assert_non_null(scratch);
    uint64_t s = 424242;
    for (int i = 0; i < MAX; i++) {
        uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        x[i] = -log(((double)(z >> 11) + 0.5) / 9007199254740992.0);
    }
    ml_target t = target("insured");
    size_t n = ML_TARGET_FIRST, steps = 0;
    double rel, v;
    while ((rel = ml_target_rel_se(&t, x, n, scratch, &v)) > 0.01 && n < MAX) {
        size_t next = ml_target_next(n, rel, 0.01, MAX);
        assert_true(next > n);
        n = next;
        steps++;
    }
    print_message("stopped at n = %zu after %zu checkpoints, rel se %.5f\n", n, steps, rel);
    assert_true(rel <= 0.01);
    assert_true(n >= 6724 && n <= 16316);
    assert_true(steps >= 1 && steps <= 4);
    free(x);
    free(scratch);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_insured_alone_means_insured_mean),
        cmocka_unit_test(test_parse_var995_is_level_3_and_tvar999_is_level_5_plus_4),
        cmocka_unit_test(test_parse_refuses_empty_name_unknown_measure_and_unknown_statistic),
        cmocka_unit_test(test_rel_se_of_mean_of_1_2_3_4_is_sqrt_5_over_3_over_5),
        cmocka_unit_test(test_rel_se_of_tvar90_of_1_to_10_is_0_1),
        cmocka_unit_test(test_rel_se_of_var90_of_1_to_1000_is_the_rank_width_over_2z_900),
        cmocka_unit_test(
            test_rel_se_is_0_for_constants_and_inf_for_zero_mean_unbounded_or_empty),
        cmocka_unit_test(test_next_after_1000_at_twice_the_target_is_4000),
        cmocka_unit_test(test_next_is_capped_at_max_replicates),
        cmocka_unit_test(test_unclamped_next_reaches_the_target_by_the_root_n_law),
        cmocka_unit_test(test_checkpoints_on_exponential_years_stop_near_11000_for_1_percent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
