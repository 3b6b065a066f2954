/*
 * test_rng_streams.c — the stream addressing of models/rng.h as the
 * engines rely on it: a stream is a pure function of (seed; replicate,
 * hospital, item, purpose), so any order of visiting addresses, any
 * interleaving, and any number of threads drawing them give the same
 * draws; every field of the address (both halves of the 64-bit seed, the
 * 24 bits of item, the 8 of purpose, the all-hospitals sentinel) moves the
 * stream; word k of a stream is word k mod 4 of the Philox block at counter
 * k / 4; a double is two words with 53 bits; and neighbouring streams are
 * uncorrelated.  (Known-answer vectors and the first-words contract are in
 * test_rng.c.)
 *
 * Statistical tolerances: a correlation of n independent pairs has SE
 * 1/sqrt(n) (4 SE); a chi-square goodness of fit is held to its 1 - 1e-4
 * quantile (gsl_cdf_chisq_Pinv), a false alarm once in 10^4 runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ml_assert.h"
#include "rng.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* An address, and the first words its stream yields. */
typedef struct {
    uint64_t seed;
    uint32_t rep, hosp, item;
    unsigned purpose;
} address;

enum { N_ADDR = 3000, N_WORDS = 11 }; /* 11 words: across the block boundaries at 4 and 8 */

static address addr[N_ADDR];
static unsigned long serial[N_ADDR][N_WORDS];

static void make_addresses(void)
{
    /* A mix of what engines address: replicates, hospitals, items and the
     * purposes of rng.h, from a fixed seed of addresses (not a stream). */
    uint64_t z = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < N_ADDR; i++) {
        z = z * 6364136223846793005ull + 1442695040888963407ull;
        addr[i].seed = i % 3 ? 20261123u : z;
        addr[i].rep = (uint32_t)(z >> 40) % 5000u;
        addr[i].hosp = i % 7 ? (uint32_t)(z >> 20) % 300u : ML_RNG_ALL_HOSPITALS;
        addr[i].item = (uint32_t)(z >> 8) % (ML_RNG_MAX_ITEM + 1u);
        addr[i].purpose = 1u + (unsigned)(i % ML_P_ENTRY);
    }
}

static void draw_words(gsl_rng *g, const address *a, unsigned long *out, int n)
{
    ml_rng_stream(g, a->seed, a->rep, a->hosp, a->item, a->purpose);
    for (int k = 0; k < n; k++)
        out[k] = gsl_rng_get(g);
}

static int setup(void **state)
{
    (void)state;
    make_addresses();
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    if (!g)
        return -1;
    for (int i = 0; i < N_ADDR; i++)
        draw_words(g, &addr[i], serial[i], N_WORDS);
    gsl_rng_free(g);
    return 0;
}

/* Visiting the addresses backwards, or jumping to another stream after a
 * few words and back (ml_rng_stream always restarts a stream), gives each
 * address the words it gave in order. */
static void test_any_visiting_order_gives_each_address_its_own_words(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox), *other = gsl_rng_alloc(ml_rng_philox);
    unsigned long w[N_WORDS];
    for (int i = N_ADDR - 1; i >= 0; i--) {
        draw_words(g, &addr[i], w, N_WORDS);
        assert_memory_equal(w, serial[i], sizeof w);
    }
    /* interleaved: 3 words of i, then 5 of i + 1 on the same generator,
     * then i again from its start */
    for (int i = 0; i + 1 < N_ADDR; i += 2) {
        draw_words(g, &addr[i], w, 3);
        draw_words(g, &addr[i + 1], w, 5);
        draw_words(g, &addr[i], w, N_WORDS);
        assert_memory_equal(w, serial[i], sizeof w);
        /* two generators on the same address never disturb each other */
        draw_words(other, &addr[i + 1], w, N_WORDS);
        assert_memory_equal(w, serial[i + 1], sizeof w);
    }
    gsl_rng_free(g);
    gsl_rng_free(other);
}

/* Four threads, each with its own generator, draw interleaved slices of
 * the addresses in a thread-specific order (thread t takes i = t mod 4,
 * going backwards for odd t): the words are the serial ones, so results do
 * not depend on which thread draws what or when. */
typedef struct {
    int t;
    unsigned long (*out)[N_WORDS];
} job;

static void *draw_slice(void *arg)
{
    job *j = arg;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    if (!g)
        return NULL;
    for (int k = 0; k < N_ADDR / 4 + 1; k++) {
        int step = j->t % 2 ? (N_ADDR / 4 - k) : k;
        int i = step * 4 + j->t;
        if (i >= 0 && i < N_ADDR)
            draw_words(g, &addr[i], j->out[i], N_WORDS);
    }
    gsl_rng_free(g);
    return j; /* non-NULL: it had its generator */
}

static void test_threads_drawing_in_any_order_get_the_serial_words(void **state)
{
    (void)state;
    static unsigned long par[N_ADDR][N_WORDS];
    memset(par, 0, sizeof par);
    pthread_t th[4];
    job jobs[4];
    for (int t = 0; t < 4; t++) {
        jobs[t].t = t;
        jobs[t].out = par;
        assert_int_equal(pthread_create(&th[t], NULL, draw_slice, &jobs[t]), 0);
    }
    for (int t = 0; t < 4; t++) {
        void *ok;
        assert_int_equal(pthread_join(th[t], &ok), 0);
        assert_non_null(ok); /* the thread had its generator */
    }
    for (int i = 0; i < N_ADDR; i++)
        if (memcmp(par[i], serial[i], sizeof par[i]))
            fail_msg("address %d: the threads drew other words than the serial run", i);
}

/* Every field of the address moves the stream: the seed's low and high
 * words (bits 0 and 63), replicate, hospital (and the all-hospitals
 * sentinel against hospital 0), each end of item's 24 bits, and purpose
 * (ML_P_MAX against 0): the first 64 bits differ from the base stream's. */
static uint64_t first64(uint64_t seed, uint32_t rep, uint32_t hosp, uint32_t item,
                        unsigned purpose)
{
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, seed, rep, hosp, item, purpose);
    uint64_t a = gsl_rng_get(g);
    uint64_t b = gsl_rng_get(g);
    gsl_rng_free(g);
    return a << 32 | b;
}

static void test_every_address_field_moves_the_stream(void **state)
{
    (void)state;
    uint64_t base = first64(0x0123456789abcdefull, 7, 0, 0, 0);
    const uint64_t alt[] = {
        first64(0x0123456789abcdeeull, 7, 0, 0, 0),          /* seed bit 0 */
        first64(0x8123456789abcdefull, 7, 0, 0, 0),          /* seed bit 63 */
        first64(0x0123456789abcdefull, 8, 0, 0, 0),          /* replicate */
        first64(0x0123456789abcdefull, 7, 1, 0, 0),          /* hospital */
        first64(0x0123456789abcdefull, 7, ML_RNG_ALL_HOSPITALS, 0, 0),
        first64(0x0123456789abcdefull, 7, 0, 1, 0),          /* item bit 0 */
        first64(0x0123456789abcdefull, 7, 0, 1u << 23, 0),   /* item bit 23 */
        first64(0x0123456789abcdefull, 7, 0, ML_RNG_MAX_ITEM, 0),
        first64(0x0123456789abcdefull, 7, 0, 0, 1),          /* purpose bit 0 */
        first64(0x0123456789abcdefull, 7, 0, 0, ML_P_MAX),   /* purpose, all 8 bits */
    };
    for (unsigned k = 0; k < sizeof alt / sizeof alt[0]; k++) {
        if (alt[k] == base)
            fail_msg("change %u of the address left the stream as it was", k);
        for (unsigned j = 0; j < k; j++)
            if (alt[j] == alt[k])
                fail_msg("changes %u and %u of the address give the same stream", j, k);
    }
}

/* Item and purpose share one counter word (item << 8 | purpose): every
 * (item, purpose) pair with item < 2^24 and purpose <= ML_P_MAX is a
 * different counter, so no two of them start alike.  Checked on 4096 items
 * (both ends of the range) x every purpose of rng.h: all first 64-bit
 * outputs distinct. */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void test_item_and_purpose_never_collide(void **state)
{
    (void)state;
    enum { NI = 4096, NP = ML_P_ENTRY + 1 };
    static uint64_t v[NI * NP];
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    size_t n = 0;
    for (uint32_t i = 0; i < NI; i++) {
        uint32_t item = i < NI / 2 ? i : ML_RNG_MAX_ITEM - (i - NI / 2);
        for (unsigned p = 0; p < NP; p++) {
            ml_rng_stream(g, 42, 3, 5, item, p);
            uint64_t a = gsl_rng_get(g);
            v[n++] = a << 32 | gsl_rng_get(g);
        }
    }
    qsort(v, n, sizeof v[0], cmp_u64);
    for (size_t k = 1; k < n; k++)
        if (v[k] == v[k - 1])
            fail_msg("two (item, purpose) streams start with the same 64 bits");
    gsl_rng_free(g);
}

/* Word k of a stream is word k mod 4 of philox4x32-10 at counter
 * (replicate, hospital, item << 8 | purpose, k / 4) under key (seed low,
 * seed high), far into the stream too (k up to 40003). */
static void test_word_k_is_word_k_mod_4_of_block_k_div_4(void **state)
{
    (void)state;
    const uint64_t seed = 0xfedcba9876543210ull;
    const uint32_t rep = 11, hosp = 222, item = 333;
    const unsigned purpose = ML_P_SEVERITY;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, seed, rep, hosp, item, purpose);
    const uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    for (uint32_t k = 0; k <= 40003; k++) {
        uint32_t got = (uint32_t)gsl_rng_get(g);
        if (k % 997 != 0 && k < 40000)
            continue; /* every word is drawn, a sample of them checked */
        const uint32_t ctr[4] = {rep, hosp, item << 8 | purpose, k / 4};
        uint32_t out[4];
        ml_rng_philox_block(ctr, key, out);
        if (got != out[k % 4])
            fail_msg("word %u: 0x%08x, the block gives 0x%08x", k, got, out[k % 4]);
    }
    gsl_rng_free(g);
}

/* A double is ((w0 >> 5) 2^26 + (w1 >> 6)) / 2^53 of two consecutive
 * words: exactly, for the first 1000 doubles of a stream. */
static void test_uniform_double_is_two_words_with_53_bits(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox), *w = gsl_rng_alloc(ml_rng_philox);
    ml_rng_stream(g, 5, 6, 7, 8, ML_P_TIMING);
    ml_rng_stream(w, 5, 6, 7, 8, ML_P_TIMING);
    for (int i = 0; i < 1000; i++) {
        double a = (double)(gsl_rng_get(w) >> 5), b = (double)(gsl_rng_get(w) >> 6);
        ml_assert_double_exact(gsl_rng_uniform(g), (a * 67108864.0 + b) / 9007199254740992.0);
    }
    gsl_rng_free(g);
    gsl_rng_free(w);
}

/* gsl_rng_set(g, s) gives the stream of (s; 0, 0, 0, 0): the gsl_rng
 * contract kept on the same addressing. */
static void test_gsl_rng_set_is_the_zero_address_of_its_seed(void **state)
{
    (void)state;
    gsl_rng *a = gsl_rng_alloc(ml_rng_philox), *b = gsl_rng_alloc(ml_rng_philox);
    const unsigned long seeds[] = {0, 1, 20261123, 0xffffffffUL};
    for (int k = 0; k < 4; k++) {
        gsl_rng_set(a, seeds[k]);
        ml_rng_stream(b, seeds[k], 0, 0, 0, 0);
        for (int i = 0; i < 9; i++)
            ml_assert_int_eq(gsl_rng_get(a), gsl_rng_get(b));
    }
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* Neighbouring streams are uncorrelated: the first uniforms of replicates
 * r and r + 1 (same hospital, item, purpose), of items i and i + 1, and of
 * purposes ML_P_SEVERITY and ML_P_LIABILITY of one claim, over n = 100000
 * pairs: each correlation within 4 / sqrt(n) of 0. */
static double corr(const double *x, const double *y, int n)
{
    double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < n; i++)
        mx += x[i], my += y[i];
    mx /= n, my /= n;
    for (int i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / sqrt(sxx * syy);
}

static void test_neighbouring_streams_are_uncorrelated(void **state)
{
    (void)state;
    enum { N = 100000 };
    static double x[N], y[N];
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    for (int kind = 0; kind < 3; kind++) {
        for (uint32_t i = 0; i < N; i++) {
            if (kind == 0) {
                ml_rng_stream(g, 7, i, 3, 0, ML_P_COUNT);
                x[i] = gsl_rng_uniform(g);
                ml_rng_stream(g, 7, i + 1, 3, 0, ML_P_COUNT);
            } else if (kind == 1) {
                ml_rng_stream(g, 7, 2, 3, i, ML_P_CLAIMING);
                x[i] = gsl_rng_uniform(g);
                ml_rng_stream(g, 7, 2, 3, i + 1, ML_P_CLAIMING);
            } else {
                ml_rng_stream(g, 7, 2, 3, i, ML_P_SEVERITY);
                x[i] = gsl_rng_uniform(g);
                ml_rng_stream(g, 7, 2, 3, i, ML_P_LIABILITY);
            }
            y[i] = gsl_rng_uniform(g);
        }
        ml_assert_within_se(corr(x, y, N), 0.0, 1.0 / sqrt((double)N), 4,
                            "se of a correlation of independent pairs: 1/sqrt(n)");
    }
    gsl_rng_free(g);
}

/* The first uniform of each of 200000 item streams (how the engine draws
 * a claim's first decision) falls into 20 equal bins uniformly: the
 * chi-square statistic (19 degrees of freedom) below its 1 - 1e-4
 * quantile.  A counter that leaked into the output would crowd the bins. */
static void test_first_draws_across_items_are_uniform(void **state)
{
    (void)state;
    enum { N = 200000, B = 20 };
    double count[B] = {0};
    gsl_rng *g = gsl_rng_alloc(ml_rng_philox);
    for (uint32_t i = 0; i < N; i++) {
        ml_rng_stream(g, 20261123, 0, 0, i, ML_P_CLAIMING);
        count[(int)(gsl_rng_uniform(g) * B)] += 1.0;
    }
    double chi2 = 0.0, e = (double)N / B;
    for (int b = 0; b < B; b++)
        chi2 += (count[b] - e) * (count[b] - e) / e;
    double limit = gsl_cdf_chisq_Pinv(1.0 - 1e-4, B - 1);
    if (!(chi2 < limit))
        fail_msg("chi-square %.2f over %d bins, beyond the 1 - 1e-4 quantile %.2f", chi2, B,
                 limit);
    gsl_rng_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_any_visiting_order_gives_each_address_its_own_words),
        cmocka_unit_test(test_threads_drawing_in_any_order_get_the_serial_words),
        cmocka_unit_test(test_every_address_field_moves_the_stream),
        cmocka_unit_test(test_item_and_purpose_never_collide),
        cmocka_unit_test(test_word_k_is_word_k_mod_4_of_block_k_div_4),
        cmocka_unit_test(test_uniform_double_is_two_words_with_53_bits),
        cmocka_unit_test(test_gsl_rng_set_is_the_zero_address_of_its_seed),
        cmocka_unit_test(test_neighbouring_streams_are_uncorrelated),
        cmocka_unit_test(test_first_draws_across_items_are_uniform),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
