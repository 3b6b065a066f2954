/*
 * test_poisson_inv.c — Poisson counts by inversion (poisson_inv.h): the
 * memo and the fresh sums give the same count for every mean and uniform;
 * each count is where the uniform falls in GSL's Poisson distribution
 * function; means above the inversion limit are GSL's draws unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "frequency.h"
#include "poisson_inv.h"
#include "rng.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

static const double means[] = {1e-6, 0.01, 0.5, 1.0, 2.75, 9.99, 10.0, 20.0,
                               33.3, 50.0, 63.99, ML_POISSON_INV_MAX};
#define N_MEANS (sizeof means / sizeof means[0])

/* Uniforms: a grid, the ends of [0, 1), and a pseudo-random spread. */
static double uniform_at(unsigned i)
{
    if (i == 0)
        return 0.0;
    if (i == 1)
        return 1.0 - 0x1p-53;
    if (i < 20002)
        return (double)(i - 2) / 20000.0;
    uint64_t x = (uint64_t)i * 0x9e3779b97f4a7c15ull;
    x ^= x >> 31;
    return (double)(x >> 11) * 0x1p-53;
}
#define N_U 40000u

static void test_memo_equals_fresh_sums(void **state)
{
    (void)state;
    ml_poisson_memo memo;
    ml_poisson_memo_init(&memo);
    for (unsigned j = 0; j < N_MEANS; j++)
        for (unsigned i = 0; i < N_U; i++) {
            double u = uniform_at(i);
            /* Means alternate so the memo's slots are refilled too; the
             * first mean comes twice, so that its table is built (a table
             * waits for a mean's second miss in a row at its slot). */
            unsigned a = ml_poisson_inv(means[j], u, &memo);
            unsigned a2 = ml_poisson_inv(means[j], u, &memo);
            unsigned b = ml_poisson_inv(means[j], u, NULL);
            unsigned c = ml_poisson_inv(means[(j + 5) % N_MEANS], u, &memo);
            assert_int_equal(a, b);
            assert_int_equal(a2, b);
            assert_int_equal(c, ml_poisson_inv(means[(j + 5) % N_MEANS], u, NULL));
        }
}

/* The uniforms where the guided search could go wrong: each bucket's
 * edge b / G and its neighbours, and each sum of the table and its
 * neighbours (u == F[k] must give k + 1). */
static void test_guide_edges_equal_fresh_sums(void **state)
{
    (void)state;
    ml_poisson_memo memo;
    ml_poisson_memo_init(&memo);
    for (unsigned j = 0; j < N_MEANS; j++) {
        const double mean = means[j];
        (void)ml_poisson_inv(mean, 0.5, &memo);
        (void)ml_poisson_inv(mean, 0.5, &memo); /* the second miss builds the table */
        double F[ML_POISSON_TABLE];
        unsigned last = 0, held = 0;
        for (unsigned s = 0; s < ML_POISSON_MEMO; s++)
            if (memo.mean[s] == mean) {
                held = 1;
                last = memo.last[s];
                for (unsigned k = 0; k <= last; k++)
                    F[k] = memo.F[s][k];
            }
        assert_true(held);
        double u[3 * (ML_POISSON_GUIDE + ML_POISSON_TABLE)];
        unsigned n = 0;
        for (unsigned b = 0; b < ML_POISSON_GUIDE; b++) {
            double e = (double)b / ML_POISSON_GUIDE;
            u[n++] = e;
            u[n++] = nextafter(e, 1.0);
            u[n++] = b ? nextafter(e, 0.0) : 0.0;
        }
        for (unsigned k = 0; k <= last; k++) {
            const double f = F[k] < 1.0 ? F[k] : 1.0 - 0x1p-53, up = nextafter(f, 1.0);
            u[n++] = f;
            u[n++] = nextafter(f, 0.0);
            u[n++] = up < 1.0 ? up : f;
        }
        for (unsigned i = 0; i < n; i++)
            assert_int_equal(ml_poisson_inv(mean, u[i], &memo),
                             ml_poisson_inv(mean, u[i], NULL));
    }
}

static void test_largest_mean_fits_the_memo(void **state)
{
    (void)state;
    ml_poisson_memo memo;
    ml_poisson_memo_init(&memo);
    (void)ml_poisson_inv(ML_POISSON_INV_MAX, 0.5, &memo);
    (void)ml_poisson_inv(ML_POISSON_INV_MAX, 0.5, &memo);
    int held = 0;
    for (unsigned j = 0; j < ML_POISSON_MEMO; j++)
        if (memo.mean[j] == ML_POISSON_INV_MAX) {
            held = 1;
            assert_true(memo.last[j] < ML_POISSON_TABLE);
        }
    assert_true(held);
}

static int held_in(const ml_poisson_memo *m, double mean)
{
    for (unsigned j = 0; j < ML_POISSON_MEMO; j++)
        if (m->mean[j] == mean)
            return 1;
    return 0;
}

/* When a table is built: not at a mean's first count, at its second in a
 * row; never for means that each come once (a portfolio of random effects,
 * or of more means than slots, where a table per count was 79% of
 * national_scale's run), and a held table stays while other means miss. */
static void test_table_built_for_recurring_means_only(void **state)
{
    (void)state;
    ml_poisson_memo memo;
    ml_poisson_memo_init(&memo);
    (void)ml_poisson_inv(2.75, 0.3, &memo);
    assert_false(held_in(&memo, 2.75));
    (void)ml_poisson_inv(2.75, 0.7, &memo);
    assert_true(held_in(&memo, 2.75));
    /* 10,000 means, each once: none gets a table; 2.75's table stays
     * unless a fill took its slot, which takes a mean twice in a row. */
    for (unsigned i = 0; i < 10000; i++) {
        const double mean = 0.5 + i * 1e-4;
        (void)ml_poisson_inv(mean, uniform_at(30000 + i), &memo);
        assert_false(held_in(&memo, mean));
    }
    assert_true(held_in(&memo, 2.75));
}

/* The count k of u satisfies P(k - 1) <= u < P(k) with GSL's distribution
 * function, within 1e-13: the inversion's sums carry at most one rounding
 * (2^-53) per term over at most ML_POISSON_TABLE terms, about 3e-14, and
 * GSL's incomplete gamma is accurate to about 1e-15 here; judgment bound
 * above both. */
static void test_counts_invert_gsl_cdf(void **state)
{
    (void)state;
    for (unsigned j = 0; j < N_MEANS; j++)
        for (unsigned i = 0; i < N_U; i++) {
            double u = uniform_at(i);
            unsigned k = ml_poisson_inv(means[j], u, NULL);
            double below = k ? gsl_cdf_poisson_P(k - 1, means[j]) : 0.0;
            double at = gsl_cdf_poisson_P(k, means[j]);
            assert_true(below <= u + 1e-13);
            /* The top of [0, 1) may lie past the last sum (the final k). */
            assert_true(u < at + 1e-13 || gsl_cdf_poisson_Q(k, means[j]) < 1e-15);
        }
}

/* Above the limit, and at 0, the draw is GSL's on the same stream. */
static void test_large_means_are_gsl(void **state)
{
    (void)state;
    gsl_rng *a = gsl_rng_alloc(ml_rng_philox), *b = gsl_rng_alloc(ml_rng_philox);
    const double big[] = {0.0, 64.000001, 100.0, 1e4, 3e6};
    for (unsigned j = 0; j < sizeof big / sizeof big[0]; j++)
        for (uint32_t r = 0; r < 200; r++) {
            ml_rng_stream(a, 7, r, 0, 0, ML_P_COUNT);
            ml_rng_stream(b, 7, r, 0, 0, ML_P_COUNT);
            assert_int_equal(ml_poisson_draw(big[j], a, NULL), ml_frequency_draw(big[j], b));
        }
    /* At and below the limit, the first uniform of the stream. */
    ml_rng_stream(a, 7, 3, 0, 0, ML_P_COUNT);
    ml_rng_stream(b, 7, 3, 0, 0, ML_P_COUNT);
    assert_int_equal(ml_poisson_draw(20.0, a, NULL),
                     ml_poisson_inv(20.0, gsl_rng_uniform(b), NULL));
    gsl_rng_free(a);
    gsl_rng_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memo_equals_fresh_sums),
        cmocka_unit_test(test_guide_edges_equal_fresh_sums),
        cmocka_unit_test(test_largest_mean_fits_the_memo),
        cmocka_unit_test(test_table_built_for_recurring_means_only),
        cmocka_unit_test(test_counts_invert_gsl_cdf),
        cmocka_unit_test(test_large_means_are_gsl),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
