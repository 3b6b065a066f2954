/*
 * test_rng.c — Philox4x32-10 against Random123's known-answer vectors, and
 * the stream-addressing contract of the GSL generator.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rng.h"

#include <math.h>

static void kat(const uint32_t ctr[4], const uint32_t key[2], const uint32_t want[4])
{
    uint32_t out[4];
    ml_rng_philox_block(ctr, key, out);
    for (int i = 0; i < 4; i++)
        assert_int_equal(out[i], want[i]);
}

/* Known answers from Random123's kat_vectors (philox4x32, 10 rounds). */
static void test_philox_matches_known_answer_zero(void **state)
{
    (void)state;
    const uint32_t c[4] = {0, 0, 0, 0}, k[2] = {0, 0};
    const uint32_t w[4] = {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8};
    kat(c, k, w);
}

static void test_philox_matches_known_answer_ones(void **state)
{
    (void)state;
    const uint32_t c[4] = {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff};
    const uint32_t k[2] = {0xffffffff, 0xffffffff};
    const uint32_t w[4] = {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd};
    kat(c, k, w);
}

static void test_philox_matches_known_answer_pi(void **state)
{
    (void)state;
    const uint32_t c[4] = {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344};
    const uint32_t k[2] = {0xa4093822, 0x299f31d0};
    const uint32_t w[4] = {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1};
    kat(c, k, w);
}

/* The generator's first words for seed 0 and stream (0,0,0,0) are the
 * zero-counter block: the gsl_rng wraps the block function without
 * reordering. */
static void test_stream_matches_block(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, 0, 0, 0, 0, 0);
    assert_int_equal(gsl_rng_get(g), 0x6627e8d5);
    assert_int_equal(gsl_rng_get(g), 0xe169c58d);
    assert_int_equal(gsl_rng_get(g), 0xbc57ac4c);
    assert_int_equal(gsl_rng_get(g), 0x9b00dbd8);
    /* The fifth word comes from the next counter block. */
    const uint32_t c[4] = {0, 0, 0, 1}, k[2] = {0, 0};
    uint32_t out[4];
    ml_rng_philox_block(c, k, out);
    assert_int_equal(gsl_rng_get(g), out[0]);
    gsl_rng_free(g);
}

/* A stream is a pure function of its address; any change of address moves it. */
static void test_stream_addressing(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    double a[8], b[8];
    ml_rng_stream(g, 42, 7, 3, 11, ML_P_SEVERITY);
    for (int i = 0; i < 8; i++) a[i] = gsl_rng_uniform(g);
    ml_rng_stream(g, 99, 1, 1, 1, ML_P_COUNT); /* something else in between */
    (void)gsl_rng_uniform(g);
    ml_rng_stream(g, 42, 7, 3, 11, ML_P_SEVERITY);
    for (int i = 0; i < 8; i++) b[i] = gsl_rng_uniform(g);
    for (int i = 0; i < 8; i++) assert_true(a[i] == b[i]);
    const uint32_t alt[5][5] = {{43, 7, 3, 11, ML_P_SEVERITY}, {42, 8, 3, 11, ML_P_SEVERITY},
                                {42, 7, 4, 11, ML_P_SEVERITY}, {42, 7, 3, 12, ML_P_SEVERITY},
                                {42, 7, 3, 11, ML_P_LIABILITY}};
    for (int j = 0; j < 5; j++) {
        ml_rng_stream(g, alt[j][0], alt[j][1], alt[j][2], alt[j][3], alt[j][4]);
        assert_true(gsl_rng_uniform(g) != a[0]);
    }
    gsl_rng_free(g);
}

/* Uniforms: in [0, 1), 53-bit resolution, mean 1/2 within 5 standard errors
 * (sd of U is 1/sqrt(12); n = 10^6 gives se = 2.9e-4). */
static void test_uniform_moments(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, 1, 0, 0, 0, 0);
    const int n = 1000000;
    double sum = 0.0;
    int fine = 0;
    for (int i = 0; i < n; i++) {
        double u = gsl_rng_uniform(g);
        assert_true(u >= 0.0 && u < 1.0);
        sum += u;
        /* a 32-bit uniform is a multiple of 2^-32; a 53-bit one rarely is */
        if (fmod(u * 4294967296.0, 1.0) != 0.0) fine++;
    }
    double se = 1.0 / sqrt(12.0 * n);
    assert_true(fabs(sum / n - 0.5) < 5.0 * se);
    assert_true(fine > n / 2);
    assert_int_equal(gsl_rng_max(g), 0xffffffffUL);
    assert_int_equal(gsl_rng_min(g), 0);
    gsl_rng_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_philox_matches_known_answer_zero),
        cmocka_unit_test(test_philox_matches_known_answer_ones),
        cmocka_unit_test(test_philox_matches_known_answer_pi),
        cmocka_unit_test(test_stream_matches_block),
        cmocka_unit_test(test_stream_addressing),
        cmocka_unit_test(test_uniform_moments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
