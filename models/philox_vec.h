/*
 * philox_vec.h — Philox4x32-10 for sixteen counters at once.
 *
 * The same function as Random123's philox4x32 (10 rounds), computed on
 * vector units: AVX-512 (one register of sixteen 32-bit lanes), AVX2 (two of
 * eight) or, on any other machine, portable C over the lanes.  The unit is
 * chosen once, from what the processor reports; every unit gives the same
 * bits as the scalar generator (integer arithmetic only; test_philox_vec
 * checks each one the machine has against Random123).
 */
#ifndef ML_PHILOX_VEC_H
#define ML_PHILOX_VEC_H

#include <stddef.h>
#include <stdint.h>

#define ML_PHILOX_LANES 16

/* A group of sixteen blocks: c[w][l] is word w of block l's counter. */
typedef struct {
    uint32_t w[4][ML_PHILOX_LANES];
} ml_philox16;

typedef enum { ML_PHILOX_PORTABLE = 0, ML_PHILOX_AVX2 = 1, ML_PHILOX_AVX512 = 2 } ml_philox_unit;

/* out = philox4x32-10(ctr lane by lane, key); out may alias ctr. */
void ml_philox16_blocks(const uint32_t key[2], const ml_philox16 *ctr, ml_philox16 *out);

/* ml_philox16_blocks of the counters (c0, c1, a2 + pat2[l], a3 + pat3[l])
 * in lane l (32-bit sums): a call's counters made from a pattern (the
 * streams of a claim, the cells of a specialty) in registers. */
void ml_philox16_blocks_affine(const uint32_t key[2], uint32_t c0, uint32_t c1, uint32_t a2,
                               const uint32_t pat2[ML_PHILOX_LANES], uint32_t a3,
                               const uint32_t pat3[ML_PHILOX_LANES], ml_philox16 *out);

/* n blocks of arbitrary counters, structure of arrays: block i's counter
 * is ctr[0..3][i], its output out[0..3][i]; out may alias ctr (then word
 * by word the same arrays).  Several vector registers are kept in flight
 * (the one-register kernel waits on its own results), so a long call costs
 * a fraction of n / 16 calls of ml_philox16_blocks. */
void ml_philox_blocks_n(const uint32_t key[2], size_t n, const uint32_t *const ctr[4],
                        uint32_t *const out[4]);

/* The unit in use, and a way to choose another (tests and benchmarks):
 * returns 0, changing nothing, when this processor lacks it. */
ml_philox_unit ml_philox_unit_in_use(void);
int ml_philox_use(ml_philox_unit u);
const char *ml_philox_unit_name(ml_philox_unit u);

#endif
