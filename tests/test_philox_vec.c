/*
 * test_philox_vec.c — the vector Philox and the batched first draws are
 * the scalar generator's numbers, bit for bit.
 *
 * Each vector unit this processor has (portable C always; AVX2 and AVX-512
 * where present) against Random123's scalar philox4x32 on Random123's
 * known-answer vectors and on counters with every word varying; streams
 * long enough to reach the vector buffer against the scalar generator;
 * batched uniforms and ziggurat normals against GSL's functions on their
 * own streams, over enough draws that every strip of the ziggurat and its
 * slow path are met.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "draw_batch.h"
#include "philox_vec.h"
#include "rng.h"

#include <gsl/gsl_randist.h>
#include <string.h>

static const ml_philox_unit units[] = {ML_PHILOX_PORTABLE, ML_PHILOX_AVX2, ML_PHILOX_AVX512};

/* A mixing step so the test counters cover every bit pattern. */
static uint32_t mix(uint32_t x)
{
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    return x ^ (x >> 16);
}

static void test_units_match_random123(void **state)
{
    (void)state;
    ml_philox_unit was = ml_philox_unit_in_use();
    int tried = 0;
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        if (!ml_philox_use(units[u]))
            continue; /* this processor lacks it */
        tried++;
        /* Random123's kat_vectors (philox4x32, 10 rounds) in lanes 0-2. */
        ml_philox16 c, o;
        const uint32_t key[2] = {0xa4093822, 0x299f31d0};
        memset(&c, 0, sizeof c);
        for (int w = 0; w < 4; w++)
            c.w[w][1] = 0xffffffffu;
        const uint32_t pi[4] = {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344};
        for (int w = 0; w < 4; w++)
            c.w[w][2] = pi[w];
        ml_philox16_blocks(key, &c, &o);
        const uint32_t want_pi[4] = {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1};
        for (int w = 0; w < 4; w++)
            assert_int_equal(o.w[w][2], want_pi[w]);
        /* Every lane, many keys and counters, against the scalar function. */
        for (uint32_t t = 0; t < 4096; t++) {
            uint32_t k[2] = {mix(t), mix(t ^ 0x55555555u)};
            for (int l = 0; l < ML_PHILOX_LANES; l++)
                for (int w = 0; w < 4; w++)
                    c.w[w][l] = mix(t * 64u + (uint32_t)l * 4u + (uint32_t)w);
            ml_philox16_blocks(k, &c, &o);
            for (int l = 0; l < ML_PHILOX_LANES; l++) {
                uint32_t cc[4] = {c.w[0][l], c.w[1][l], c.w[2][l], c.w[3][l]}, want[4];
                ml_rng_philox_block(cc, k, want);
                for (int w = 0; w < 4; w++)
                    assert_int_equal(o.w[w][l], want[w]);
            }
        }
        /* Output may alias the counters. */
        ml_philox16 a = c;
        ml_philox16_blocks(key, &a, &a);
        ml_philox16_blocks(key, &c, &o);
        assert_memory_equal(&a, &o, sizeof a);
    }
    assert_true(tried >= 1);
    assert_true(ml_philox_use(was));
}

/* A stream read far past its first blocks (into the vector buffer) gives
 * the words of the scalar function block by block; so does the generator
 * set to the scalar baseline, and a stream preset from its first block. */
static void test_long_streams_match_scalar(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox), *s = gsl_rng_alloc(ml_rng_philox);
    ml_rng_set_scalar(s, 1);
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        if (!ml_philox_use(units[u]))
            continue;
        for (unsigned yr = 0; yr < 3; yr++) {
            ml_rng_stream_year(g, 20261202, 9, 4, 77, ML_P_COUNT, yr);
            ml_rng_stream_year(s, 20261202, 9, 4, 77, ML_P_COUNT, yr);
            const uint32_t key[2] = {20261202, 0};
            for (uint32_t b = 0; b < 300; b++) {
                uint32_t c[4] = {9, 4, ml_rng_ctr_item(77, ML_P_COUNT), ml_rng_ctr_year(yr) + b};
                uint32_t want[4];
                ml_rng_philox_block(c, key, want);
                for (int w = 0; w < 4; w++) {
                    assert_int_equal(gsl_rng_get(g), want[w]);
                    assert_int_equal(gsl_rng_get(s), want[w]);
                }
            }
        }
    }
    /* Preset from a batch of first blocks. */
    uint32_t c2[3] = {ml_rng_ctr_item(5, ML_P_SEVERITY), ml_rng_ctr_item(5, ML_P_TIMING),
                      ml_rng_ctr_item(6, ML_P_SEVERITY)};
    ml_philox16 fb;
    ml_rng_first_blocks(7, 3, 2, 1, 3, c2, &fb);
    const unsigned items[3] = {5, 5, 6}, purposes[3] = {ML_P_SEVERITY, ML_P_TIMING, ML_P_SEVERITY};
    for (unsigned l = 0; l < 3; l++) {
        ml_rng_stream_year_from(g, 7, 3, 2, items[l], purposes[l], 1, &fb, l);
        ml_rng_stream_year(s, 7, 3, 2, items[l], purposes[l], 1);
        for (int i = 0; i < 200; i++)
            assert_int_equal(gsl_rng_get(g), gsl_rng_get(s));
    }
    gsl_rng_free(g);
    gsl_rng_free(s);
}

/* Batched uniforms and normals: GSL's gsl_rng_uniform and
 * gsl_ran_gaussian_ziggurat on each stream, exactly.  Over 60,000 normals meet
 * every one of the 256 strip-and-sign cases and about 1% slow paths
 * (strip 0 always), for counts from 1 to well over a vector. */
static void test_batches_match_gsl(void **state)
{
    (void)state;
    assert_true(ml_draw_ziggurat_known());
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox), *h = gsl_rng_alloc(ml_rng_philox);
    enum { N = 1000 };
    double u[N], z[N];
    unsigned slow = 0, total = 0;
    for (uint32_t rep = 0; rep < 81; rep++) {
        unsigned n = rep == 0 ? 1 : rep < 20 ? rep : N;
        uint32_t item0 = rep * 131u;
        ml_draw_uniforms(11, rep, 3, item0, n, ML_P_CLAIMING, rep % 4, u);
        ml_draw_severity_normals(11, rep, 3, item0, n, rep % 4, g, z);
        for (unsigned k = 0; k < n; k++) {
            ml_rng_stream_year(h, 11, rep, 3, item0 + k, ML_P_CLAIMING, rep % 4);
            assert_true(u[k] == gsl_rng_uniform(h));
            ml_rng_stream_year(h, 11, rep, 3, item0 + k, ML_P_SEVERITY, rep % 4);
            double want = gsl_ran_gaussian_ziggurat(h, 1.0);
            assert_memory_equal(&z[k], &want, sizeof want); /* -0.0 too */
            ml_rng_stream_year(h, 11, rep, 3, item0 + k, ML_P_SEVERITY, rep % 4);
            uint32_t w = (uint32_t)gsl_rng_get(h);
            slow += (w & 0x7fu) == 0; /* strip 0: GSL's slow path */
            total++;
        }
    }
    assert_true(total > 60000 && slow > 0);
    gsl_rng_free(g);
    gsl_rng_free(h);
}

/* Many blocks of arbitrary counters (the n-block kernels and their tails):
 * every unit, every length from 0 to past four registers' worth and a
 * long one, against Random123 block by block; the output may alias. */
static void test_blocks_n_match_random123(void **state)
{
    (void)state;
    ml_philox_unit was = ml_philox_unit_in_use();
    enum { NMAX = 1000 };
    static uint32_t c[4][NMAX], o[4][NMAX], a[4][NMAX];
    const uint32_t *const in[4] = {c[0], c[1], c[2], c[3]};
    uint32_t *const out[4] = {o[0], o[1], o[2], o[3]};
    uint32_t *const al[4] = {a[0], a[1], a[2], a[3]};
    int tried = 0;
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        if (!ml_philox_use(units[u]))
            continue;
        tried++;
        for (size_t n = 0; n <= NMAX; n = n < 140 ? n + 1 : n + 429) {
            const uint32_t key[2] = {mix((uint32_t)n), mix((uint32_t)n + 7u)};
            for (size_t i = 0; i < n; i++)
                for (int w = 0; w < 4; w++)
                    c[w][i] = a[w][i] = mix((uint32_t)(n * 4099u + i * 4u + (size_t)w));
            /* A marker past the end: not written. */
            o[0][n < NMAX ? n : 0] = n < NMAX ? 0x5eedu : o[0][0];
            ml_philox_blocks_n(key, n, in, out);
            ml_philox_blocks_n(key, n, (const uint32_t *const *)al, al);
            for (size_t i = 0; i < n; i++) {
                uint32_t cc[4] = {c[0][i], c[1][i], c[2][i], c[3][i]}, want[4];
                ml_rng_philox_block(cc, key, want);
                for (int w = 0; w < 4; w++) {
                    assert_int_equal(o[w][i], want[w]);
                    assert_int_equal(a[w][i], want[w]);
                }
            }
            if (n < NMAX)
                assert_int_equal(o[0][n], 0x5eedu);
        }
    }
    assert_true(tried >= 1);
    assert_true(ml_philox_use(was));
}

/* Streams of many replicates, hospitals, items and years in one batch
 * (claim_pool.h): each uniform and normal is GSL's on its own stream. */
static void test_batches_at_match_gsl(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox), *h = gsl_rng_alloc(ml_rng_philox);
    ml_philox_unit was = ml_philox_unit_in_use();
    enum { N = 5000 };
    static uint32_t rep[N], hosp[N], item8[N], year[N];
    static double u[N], z[N];
    for (size_t i = 0; i < N; i++) {
        rep[i] = mix((uint32_t)i) % 1000u;
        hosp[i] = mix((uint32_t)i + 1u) % 50u;
        item8[i] = ml_rng_ctr_item(mix((uint32_t)i + 2u) % ML_RNG_MAX_ITEM, 0);
        year[i] = ml_rng_ctr_year(mix((uint32_t)i + 3u) % 256u);
    }
    /* Every unit: the normals' fast path has its own AVX-512 loop. */
    for (size_t un = 0; un < sizeof units / sizeof units[0]; un++)
    for (size_t n = 1; n <= N && ml_philox_use(units[un]); n = n * 3 + 1) {
        const ml_draw_ctrs c = {n, rep, hosp, item8, year};
        ml_draw_uniforms_at(0x1234567890abull, &c, ML_P_PATHWAY, u);
        ml_draw_severity_normals_at(0x1234567890abull, &c, g, z);
        for (size_t i = 0; i < n; i++) {
            ml_rng_stream_year(h, 0x1234567890abull, rep[i], hosp[i], item8[i] >> 8,
                               ML_P_PATHWAY, year[i] >> 24);
            assert_true(u[i] == gsl_rng_uniform(h));
            ml_rng_stream_year(h, 0x1234567890abull, rep[i], hosp[i], item8[i] >> 8,
                               ML_P_SEVERITY, year[i] >> 24);
            double want = gsl_ran_gaussian_ziggurat(h, 1.0);
            assert_memory_equal(&z[i], &want, sizeof want);
        }
    }
    assert_true(ml_philox_use(was));
    gsl_rng_free(g);
    gsl_rng_free(h);
}

/* Counters made from a pattern in registers, on every unit, against
 * Random123 on the counters written out: patterns and offsets over every
 * bit, sums that wrap at 2^32 included. */
static void test_affine_match_random123(void **state)
{
    (void)state;
    ml_philox_unit was = ml_philox_unit_in_use();
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        if (!ml_philox_use(units[u]))
            continue;
        for (uint32_t t = 0; t < 300; t++) {
            const uint32_t key[2] = {mix(t), mix(t + 7777)};
            uint32_t c0 = mix(3 * t), c1 = mix(3 * t + 1), a2 = mix(3 * t + 2),
                     a3 = t % 3 ? mix(t ^ 0x5555) : 0xfffffff0u;
            uint32_t p2[ML_PHILOX_LANES], p3[ML_PHILOX_LANES];
            for (unsigned l = 0; l < ML_PHILOX_LANES; l++) {
                p2[l] = mix(t * 16 + l);
                p3[l] = t % 2 ? l : mix(~(t * 16 + l));
            }
            ml_philox16 o;
            ml_philox16_blocks_affine(key, c0, c1, a2, p2, a3, p3, &o);
            for (unsigned l = 0; l < ML_PHILOX_LANES; l++) {
                const uint32_t c[4] = {c0, c1, a2 + p2[l], a3 + p3[l]};
                uint32_t want[4];
                ml_rng_philox_block(c, key, want);
                for (int w = 0; w < 4; w++)
                    if (o.w[w][l] != want[w])
                        fail_msg("%s: case %u lane %u word %d", ml_philox_unit_name(units[u]),
                                 t, l, w);
            }
        }
    }
    ml_philox_use(was);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units_match_random123),
        cmocka_unit_test(test_long_streams_match_scalar),
        cmocka_unit_test(test_batches_match_gsl),
        cmocka_unit_test(test_blocks_n_match_random123),
        cmocka_unit_test(test_batches_at_match_gsl),
        cmocka_unit_test(test_affine_match_random123),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
