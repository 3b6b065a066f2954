/*
 * draw_batch.c — first draws of sixteen streams per vector call
 * (draw_batch.h).
 */
#include "draw_batch.h"
#include "philox_vec.h"
#include "ziggurat_probe.h"

#include <gsl/gsl_randist.h>
#include <string.h>

/* The first blocks of streams item0 .. item0 + m - 1 of one purpose. */
static void first_blocks(uint64_t seed, uint32_t rep, uint32_t hosp, uint32_t item0,
                         unsigned m, unsigned purpose, unsigned year, ml_philox16 *out)
{
    uint32_t c2[ML_PHILOX_LANES];
    for (unsigned l = 0; l < m; l++)
        c2[l] = ml_rng_ctr_item(item0 + l, purpose);
    ml_rng_first_blocks(seed, rep, hosp, year, m, c2, out);
}

void ml_draw_uniforms(uint64_t seed, uint32_t rep, uint32_t hosp, uint32_t item0,
                      unsigned n, unsigned purpose, unsigned year, double *u)
{
    ml_philox16 b;
    for (unsigned k0 = 0; k0 < n; k0 += ML_PHILOX_LANES) {
        unsigned m = n - k0 < ML_PHILOX_LANES ? n - k0 : ML_PHILOX_LANES;
        first_blocks(seed, rep, hosp, item0 + k0, m, purpose, year, &b);
        for (unsigned l = 0; l < m; l++)
            u[k0 + l] = ml_rng_u01(b.w[0][l], b.w[1][l]);
    }
}

void ml_draw_severity_normals(uint64_t seed, uint32_t rep, uint32_t hosp, uint32_t item0,
                              unsigned n, unsigned year, gsl_rng *g, double *z)
{
    const ml_zig_tables *t = ml_zig_tables_get();
    ml_philox16 b;
    for (unsigned k0 = 0; k0 < n; k0 += ML_PHILOX_LANES) {
        unsigned m = n - k0 < ML_PHILOX_LANES ? n - k0 : ML_PHILOX_LANES;
        first_blocks(seed, rep, hosp, item0 + k0, m, ML_P_SEVERITY, year, &b);
        /* The fast path for every lane without a branch (the sign is a
         * coin toss, which a branch mispredicts half the time): bit 7 of
         * the word clear gives -x, set as the sign bit.  Lanes that leave
         * it are marked and drawn again after. */
        uint32_t slow = 0;
        for (unsigned l = 0; l < m; l++) {
            uint32_t k = b.w[0][l], i = k & 0x7fu, j = k >> 8;
            double x = (double)j * t->w[i];
            uint64_t bits;
            memcpy(&bits, &x, sizeof bits);
            bits |= (uint64_t)(~k & 0x80u) << 56;
            memcpy(&z[k0 + l], &bits, sizeof bits);
            slow |= (uint32_t)(j >= t->k[i]) << l;
        }
        if (!t->known)
            slow = (1u << m) - 1u;
        for (unsigned l = 0; slow; l++, slow >>= 1)
            if (slow & 1u) {
                ml_rng_stream_year(g, seed, rep, hosp, item0 + k0 + l, ML_P_SEVERITY, year);
                z[k0 + l] = gsl_ran_gaussian_ziggurat(g, 1.0);
            }
    }
}
