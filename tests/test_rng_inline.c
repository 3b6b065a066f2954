/*
 * test_rng_inline.c — the engine's inline draws are GSL's, bit for bit:
 * ml_rng_uniform and ml_rng_uniform_pos (rng_state.h) against
 * gsl_rng_uniform and gsl_rng_uniform_pos on medliab's generator, at every
 * word offset of a block and past the scalar and vector stretches of a
 * stream, and on a generator of GSL's own; ml_ran_lognormal (polar.h)
 * against gsl_ran_lognormal; ml_zig_normal and ml_ran_gamma
 * (gamma_inline.h) against GSL's ziggurat and gamma; streams given blocks ahead
 * (ml_rng_stream_year_lanes) against streams from their counters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "gamma_inline.h"
#include "polar.h"
#include "rng.h"
#include "rng_state.h"

#include <gsl/gsl_randist.h>
#include <string.h>

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* Streams of many lengths, each begun at a word offset 0-3 (a 32-bit word
 * drawn first, as the ziggurat does), drawn far enough to leave the scalar
 * blocks and use the vector buffer twice. */
static void test_uniform_is_gsl(void **state)
{
    (void)state;
    gsl_rng *a = gsl_rng_alloc(ml_rng_philox), *b = gsl_rng_alloc(ml_rng_philox);
    for (uint32_t item = 0; item < 40; item++)
        for (unsigned skip = 0; skip < 4; skip++) {
            ml_rng_stream_year(a, 99, item, 3, item, ML_P_TIMING, item % 3);
            ml_rng_stream_year(b, 99, item, 3, item, ML_P_TIMING, item % 3);
            for (unsigned k = 0; k < skip; k++)
                assert_int_equal(gsl_rng_get(a), gsl_rng_get(b));
            for (int i = 0; i < 90; i++) {
                double x = i % 3 ? ml_rng_uniform(a) : ml_rng_uniform_pos(a);
                double y = i % 3 ? gsl_rng_uniform(b) : gsl_rng_uniform_pos(b);
                if (!same_bits(x, y))
                    fail_msg("item %u, skip %u, draw %d: %.17g against %.17g", item, skip, i,
                             x, y);
                if (i % 7 == 0) /* words between doubles, as GSL's callers mix them */
                    assert_int_equal(gsl_rng_get(a), gsl_rng_get(b));
            }
        }
    gsl_rng_free(a);
    gsl_rng_free(b);
    /* A generator of GSL's own goes through GSL. */
    gsl_rng *m = gsl_rng_alloc(gsl_rng_mt19937), *n = gsl_rng_alloc(gsl_rng_mt19937);
    for (int i = 0; i < 1000; i++)
        assert_true(same_bits(ml_rng_uniform(m), gsl_rng_uniform(n)));
    gsl_rng_free(m);
    gsl_rng_free(n);
}

/* A generator whose first double is 0: uniform_pos draws again, as GSL's. */
static double zero_first(void *st)
{
    unsigned *k = st;
    return (*k)++ == 0 ? 0.0 : 0.25;
}
static unsigned long zero_get(void *st)
{
    (void)st;
    return 0;
}
static void zero_set(void *st, unsigned long seed)
{
    (void)seed;
    *(unsigned *)st = 0;
}
static const gsl_rng_type zero_type = {"zero-first", 1, 0, sizeof(unsigned), zero_set, zero_get,
                                       zero_first};

static void test_uniform_pos_skips_zero(void **state)
{
    (void)state;
    gsl_rng *z = gsl_rng_alloc(&zero_type), *w = gsl_rng_alloc(&zero_type);
    assert_true(ml_rng_uniform_pos(z) == 0.25);
    assert_true(gsl_rng_uniform_pos(w) == 0.25);
    assert_int_equal(*(unsigned *)z->state, 2);
    gsl_rng_free(z);
    gsl_rng_free(w);
}

/* 2 x 10^5 lognormals at parameters from a point mass to a wide spread,
 * each from its own stream, and the generators left at the same word. */
static void test_lognormal_is_gsl(void **state)
{
    (void)state;
    static const double par[][2] = {{0.0, 1.0}, {11.3, 1.6}, {-2.0, 0.05}, {9.0, 0.0},
                                    {13.0, 3.5}};
    gsl_rng *a = gsl_rng_alloc(ml_rng_philox), *b = gsl_rng_alloc(ml_rng_philox);
    for (size_t p = 0; p < sizeof par / sizeof par[0]; p++)
        for (uint32_t item = 0; item < 40000; item++) {
            ml_rng_stream(a, 5, (uint32_t)p, 1, item, ML_P_SEVERITY);
            ml_rng_stream(b, 5, (uint32_t)p, 1, item, ML_P_SEVERITY);
            double x = ml_ran_lognormal(a, par[p][0], par[p][1]);
            double y = gsl_ran_lognormal(b, par[p][0], par[p][1]);
            if (!same_bits(x, y))
                fail_msg("zeta %g sigma %g item %u: %.17g against %.17g", par[p][0], par[p][1],
                         item, x, y);
            assert_int_equal(gsl_rng_get(a), gsl_rng_get(b));
        }
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* Normals and gammas from streams begun at every word offset (the
 * ziggurat's fast path inside a block and at its end, the slow path
 * stepping back), 4 x 10^5 normals: every strip, both signs and about 1%
 * slow paths are met.  Shapes from 1 (a cv of 1) to 400, and below 1
 * (GSL's own). */
static void test_gamma_is_gsl(void **state)
{
    (void)state;
    const ml_zig_tables *t = ml_zig_tables_cached();
    assert_true(t->known);
    gsl_rng *a = gsl_rng_alloc(ml_rng_philox), *b = gsl_rng_alloc(ml_rng_philox);
    unsigned slow = 0;
    for (uint32_t item = 0; item < 100000; item++) {
        ml_rng_stream(a, 8, 1, 2, item, ML_P_TIMING);
        ml_rng_stream(b, 8, 1, 2, item, ML_P_TIMING);
        for (unsigned k = 0; k < item % 4; k++)
            assert_int_equal(gsl_rng_get(a), gsl_rng_get(b));
        ml_philox_state *s = a->state;
        uint32_t w = s->used < 4 ? s->out[s->used] : 0;
        slow += s->used < 4 && (w >> 8) >= t->k[w & 0x7fu];
        for (int i = 0; i < 4; i++) {
            double x = ml_zig_normal(a, t), y = gsl_ran_gaussian_ziggurat(b, 1.0);
            if (!same_bits(x, y))
                fail_msg("normal, item %u draw %d: %.17g against %.17g", item, i, x, y);
        }
    }
    assert_true(slow > 200); /* about 1% of the 75000 first words inside a block */
    /* Every strip's edge, both signs: j = k_i - 1 (the fast path's last)
     * and j = k_i (the slow path's first), as the word of a block. */
    ml_rng_stream(a, 10, 0, 0, 0, ML_P_TIMING);
    (void)gsl_rng_get(a);
    for (uint32_t i = 0; i < 128; i++)
        for (uint32_t d = 0; d < 2; d++)
            for (uint32_t sign = 0; sign < 2; sign++) {
                if (t->k[i] == 0 && d == 0)
                    continue;
                uint32_t j = t->k[i] - 1 + d;
                if (j >= (1u << 24))
                    continue;
                ((ml_philox_state *)a->state)->out[1] = j << 8 | sign << 7 | i;
                ((ml_philox_state *)a->state)->used = 1;
                gsl_rng_memcpy(b, a);
                double x = ml_zig_normal(a, t), y = gsl_ran_gaussian_ziggurat(b, 1.0);
                if (!same_bits(x, y))
                    fail_msg("strip %u j %u sign %u: %.17g against %.17g", i, j, sign, x, y);
                ml_rng_stream(a, 10, 0, 0, 0, ML_P_TIMING);
                (void)gsl_rng_get(a);
            }
    static const double shape[] = {1.0, 1.5625, 2.7777777777777777, 4.0, 25.0, 400.0, 0.6};
    for (size_t p = 0; p < sizeof shape / sizeof shape[0]; p++)
        for (uint32_t item = 0; item < 60000; item++) {
            ml_rng_stream(a, 9, (uint32_t)p, 2, item, ML_P_TIMING);
            ml_rng_stream(b, 9, (uint32_t)p, 2, item, ML_P_TIMING);
            for (int i = 0; i < 3; i++) {
                double x = ml_ran_gamma(a, shape[p], 7.5), y = gsl_ran_gamma(b, shape[p], 7.5);
                if (!same_bits(x, y))
                    fail_msg("gamma shape %g, item %u draw %d: %.17g against %.17g", shape[p],
                             item, i, x, y);
            }
            assert_int_equal(gsl_rng_get(a), gsl_rng_get(b));
        }
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* A stream given its first block and 0, 1 or 2 more from one vector call
 * reads on exactly as the stream from its counter. */
static void test_blocks_ahead(void **state)
{
    (void)state;
    gsl_rng *a = gsl_rng_alloc(ml_rng_philox), *b = gsl_rng_alloc(ml_rng_philox);
    uint32_t c2[ML_PHILOX_LANES], c3[ML_PHILOX_LANES];
    for (unsigned l = 0; l < ML_PHILOX_LANES; l++) {
        c2[l] = ml_rng_ctr_item(7 + l / 3, ML_P_PATHWAY);
        c3[l] = l % 3; /* blocks 0, 1, 2 of five streams */
    }
    const uint32_t key[2] = {31, 0};
    ml_philox16 fb;
    ml_philox16_blocks_affine(key, 4, 6, 0, c2, ml_rng_ctr_year(2), c3, &fb);
    for (unsigned s = 0; s < 5; s++)
        for (int more = 0; more <= ML_RNG_PRE_MAX; more++) {
            signed char lanes[ML_RNG_PRE_MAX];
            for (int k = 0; k < ML_RNG_PRE_MAX; k++)
                lanes[k] = (signed char)(k < more ? (int)(3 * s + 1) + k : -1);
            ml_rng_stream_year_lanes(a, 31, 4, 6, 7 + s, ML_P_PATHWAY, 2, &fb, 3 * s, lanes);
            ml_rng_stream_year(b, 31, 4, 6, 7 + s, ML_P_PATHWAY, 2);
            for (int i = 0; i < 150; i++)
                assert_int_equal(gsl_rng_get(a), gsl_rng_get(b));
        }
    gsl_rng_free(a);
    gsl_rng_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uniform_is_gsl),
        cmocka_unit_test(test_uniform_pos_skips_zero),
        cmocka_unit_test(test_lognormal_is_gsl),
        cmocka_unit_test(test_gamma_is_gsl),
        cmocka_unit_test(test_blocks_ahead),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
