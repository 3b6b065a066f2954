/*
 * draw_batch.c — first draws of many streams per vector call
 * (draw_batch.h).
 */
#include "draw_batch.h"
#include "philox_vec.h"
#include "ziggurat_probe.h"

#include <gsl/gsl_randist.h>
#include <string.h>

/* Streams a tile: the counters, blocks and normals of one tile stay in the
 * first-level cache (judgment: 256 lanes are 7 KiB). */
#define TILE 256

/* The blocks of streams i0 .. i0 + m - 1 of c for one purpose. */
static void tile_blocks(uint64_t seed, const ml_draw_ctrs *c, size_t i0, size_t m,
                        unsigned purpose, uint32_t out[4][TILE])
{
    const uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    uint32_t w2[TILE];
    for (size_t l = 0; l < m; l++)
        w2[l] = c->item8[i0 + l] | (purpose & 0xffu);
    const uint32_t *const in[4] = {c->rep + i0, c->hosp + i0, w2, c->year + i0};
    uint32_t *const o[4] = {out[0], out[1], out[2], out[3]};
    ml_philox_blocks_n(key, m, in, o);
}

void ml_draw_uniforms_at(uint64_t seed, const ml_draw_ctrs *c, unsigned purpose, double *u)
{
    uint32_t b[4][TILE];
    for (size_t i0 = 0; i0 < c->n; i0 += TILE) {
        size_t m = c->n - i0 < TILE ? c->n - i0 : TILE;
        tile_blocks(seed, c, i0, m, purpose, b);
        for (size_t l = 0; l < m; l++)
            u[i0 + l] = ml_rng_u01(b[0][l], b[1][l]);
    }
}

/* The fast path for every lane without a branch (the sign is a coin toss,
 * which a branch mispredicts half the time): bit 7 of the word clear gives
 * -x, set as the sign bit.  Lanes that leave it are flagged.  Exact
 * integer-to-double conversion and one product: the same bits for every
 * variant the clones compile. */
__attribute__((target_clones("avx2", "default"))) static unsigned
zig_fast_c(const ml_zig_tables *t, const uint32_t *w, size_t m, double *z, unsigned char *slow)
{
    unsigned any = 0;
    for (size_t l = 0; l < m; l++) {
        uint32_t k = w[l], i = k & 0x7fu, j = k >> 8;
        double x = (double)j * t->w[i];
        uint64_t bits;
        memcpy(&bits, &x, sizeof bits);
        bits |= (uint64_t)(~k & 0x80u) << 56;
        memcpy(&z[l], &bits, sizeof bits);
        slow[l] = (unsigned char)(j >= t->k[i]);
        any |= slow[l];
    }
    return any;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
/* zig_fast_c sixteen lanes at a time with AVX-512F (GCC 12 leaves the C
 * loop scalar: its table reads are gathers of mixed widths; perf put it at
 * 6% of v1's run).  The same integer-to-double conversion and product, so
 * the same bits; the tail by zig_fast_c. */
__attribute__((target("avx512f"))) static unsigned
zig_fast_avx512(const ml_zig_tables *t, const uint32_t *w, size_t m, double *z,
                unsigned char *slow)
{
    const __m512i low7 = _mm512_set1_epi32(0x7f), bit7 = _mm512_set1_epi32(0x80);
    const __m512i sign = _mm512_set1_epi64((long long)0x8000000000000000ull);
    const __m512i one = _mm512_set1_epi32(1);
    __mmask16 any = 0;
    size_t l = 0;
    for (; l + 16 <= m; l += 16) {
        const __m512i k = _mm512_loadu_si512((const void *)(w + l));
        const __m512i i = _mm512_and_si512(k, low7), j = _mm512_srli_epi32(k, 8);
        const __m512i ki = _mm512_i32gather_epi32(i, (const void *)t->k, 4);
        const __mmask16 s = _mm512_cmpge_epu32_mask(j, ki);
        const __mmask16 neg = _mm512_testn_epi32_mask(k, bit7); /* bit 7 clear: -x */
        for (int h = 0; h < 2; h++) {
            const __m256i ih = h ? _mm512_extracti64x4_epi64(i, 1) : _mm512_castsi512_si256(i);
            const __m256i jh = h ? _mm512_extracti64x4_epi64(j, 1) : _mm512_castsi512_si256(j);
            __m512d x = _mm512_mul_pd(_mm512_cvtepu32_pd(jh), _mm512_i32gather_pd(ih, t->w, 8));
            __m512i xb = _mm512_castpd_si512(x);
            xb = _mm512_mask_or_epi64(xb, (__mmask8)(neg >> (8 * h)), xb, sign);
            _mm512_storeu_si512((void *)(z + l + 8 * h), xb);
        }
        _mm_storeu_si128((__m128i *)(slow + l),
                         _mm512_cvtepi32_epi8(_mm512_maskz_mov_epi32(s, one)));
        any |= s;
    }
    return (any != 0) | (l < m ? zig_fast_c(t, w + l, m - l, z + l, slow + l) : 0u);
}
#endif

/* The fast path's lanes, by the vector unit the generator uses (so that
 * a test choosing a unit checks both). */
static unsigned zig_fast(const ml_zig_tables *t, const uint32_t *w, size_t m, double *z,
                         unsigned char *slow)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (ml_philox_unit_in_use() == ML_PHILOX_AVX512)
        return zig_fast_avx512(t, w, m, z, slow);
#endif
    return zig_fast_c(t, w, m, z, slow);
}

void ml_draw_severity_normals_at(uint64_t seed, const ml_draw_ctrs *c, gsl_rng *g, double *z)
{
    const ml_zig_tables *t = ml_zig_tables_get();
    uint32_t b[4][TILE];
    unsigned char slow[TILE]; /* 0 or 1 a lane (zig_fast), read as words */
    for (size_t i0 = 0; i0 < c->n; i0 += TILE) {
        size_t m = c->n - i0 < TILE ? c->n - i0 : TILE;
        tile_blocks(seed, c, i0, m, ML_P_SEVERITY, b);
        unsigned any = zig_fast(t, b[0], m, z + i0, slow);
        if (!t->known) {
            memset(slow, 1, m);
            any = 1;
        }
        /* The flagged lanes, eight flags a word (about one lane in a
         * hundred is flagged: a test a lane cost more than their draws). */
        memset(slow + m, 0, (8 - m % 8) % 8);
        for (size_t l8 = 0; any && l8 < m; l8 += 8) {
            uint64_t f;
            memcpy(&f, slow + l8, sizeof f);
            for (; f; f &= f - 1) {
                const size_t l = l8 + (size_t)__builtin_ctzll(f) / 8, i = i0 + l;
                /* The stream from its first block, computed already. */
                const uint32_t first[4] = {b[0][l], b[1][l], b[2][l], b[3][l]};
                ml_rng_stream_year_first(g, seed, c->rep[i], c->hosp[i], c->item8[i] >> 8,
                                         ML_P_SEVERITY, c->year[i] >> 24, first);
                z[i] = gsl_ran_gaussian_ziggurat(g, 1.0);
            }
        }
    }
}

/* Streams item0 .. item0 + n - 1 of one replicate, hospital and year as
 * counters (n <= ML_DRAW_ONE_MAX). */
#define ML_DRAW_ONE_MAX 64
static void one_hospital(uint32_t rep, uint32_t hosp, uint32_t item0, unsigned n, unsigned year,
                         uint32_t w[4][ML_DRAW_ONE_MAX], ml_draw_ctrs *c)
{
    for (unsigned l = 0; l < n; l++) {
        w[0][l] = rep;
        w[1][l] = hosp;
        w[2][l] = ml_rng_ctr_item(item0 + l, 0);
        w[3][l] = ml_rng_ctr_year(year);
    }
    *c = (ml_draw_ctrs){n, w[0], w[1], w[2], w[3]};
}

/* One hospital's streams item0 .. item0 + n - 1, ML_DRAW_ONE_MAX at a
 * time: uniforms of `purpose` into out, or (normals) severity normals
 * with g for their slow path. */
static void one_hospital_draws(uint64_t seed, uint32_t rep, uint32_t hosp, uint32_t item0,
                               unsigned n, unsigned purpose, unsigned year, int normals,
                               gsl_rng *g, double *out)
{
    uint32_t w[4][ML_DRAW_ONE_MAX];
    ml_draw_ctrs c;
    for (unsigned k0 = 0; k0 < n; k0 += ML_DRAW_ONE_MAX) {
        unsigned m = n - k0 < ML_DRAW_ONE_MAX ? n - k0 : ML_DRAW_ONE_MAX;
        one_hospital(rep, hosp, item0 + k0, m, year, w, &c);
        if (normals)
            ml_draw_severity_normals_at(seed, &c, g, out + k0);
        else
            ml_draw_uniforms_at(seed, &c, purpose, out + k0);
    }
}

void ml_draw_uniforms(uint64_t seed, uint32_t rep, uint32_t hosp, uint32_t item0,
                      unsigned n, unsigned purpose, unsigned year, double *u)
{
    one_hospital_draws(seed, rep, hosp, item0, n, purpose, year, 0, NULL, u);
}

void ml_draw_severity_normals(uint64_t seed, uint32_t rep, uint32_t hosp, uint32_t item0,
                              unsigned n, unsigned year, gsl_rng *g, double *z)
{
    one_hospital_draws(seed, rep, hosp, item0, n, ML_P_SEVERITY, year, 1, g, z);
}
