/*
 * rng_state.h — the state of medliab's Philox generator (rng.h), for the
 * inline draws of the engine's hot loops.
 *
 * GSL reaches a generator through a function pointer: a uniform drawn in a
 * claim's walk costs a call that cannot be inlined, about as much as the
 * uniform itself.  ml_rng_uniform reads the current block in place when
 * the generator is medliab's and calls GSL otherwise, so every caller gets
 * the very double gsl_rng_uniform would return (test_rng_inline checks).
 */
#ifndef ML_RNG_STATE_H
#define ML_RNG_STATE_H

#include "philox_vec.h"
#include "rng.h"

#include <gsl/gsl_rng.h>
#include <stdint.h>

typedef struct {
    uint32_t key[2];
    uint32_t ctr[4];  /* counter of the next block not yet computed */
    uint32_t out[4];  /* the current block */
    unsigned used;    /* words of out consumed (4: take the next block) */
    unsigned blocks;  /* blocks of the stream taken so far */
    unsigned vnext;   /* next block of vbuf to take (16: vbuf is spent) */
    unsigned npre, ipre; /* blocks given ahead (ml_rng_stream_year_lanes), next to take */
    uint32_t pre[ML_RNG_PRE_MAX][4];
    unsigned scalar;  /* 1: every block by the scalar function (a baseline) */
    ml_philox16 vbuf; /* word w of the vector call's block l in vbuf.w[w][l] */
} ml_philox_state;

/* Makes the stream's next block current (rng.c). */
void ml_rng_next_block(ml_philox_state *s);

static inline uint32_t ml_rng_state_word(ml_philox_state *s)
{
    if (s->used == 4)
        ml_rng_next_block(s);
    return s->out[s->used++];
}

/* The generator's double: two words, most often both of the current
 * block (one test). */
static inline double ml_rng_state_double(ml_philox_state *s)
{
    unsigned u = s->used;
    if (u <= 2) {
        s->used = u + 2;
        return ml_rng_u01(s->out[u], s->out[u + 1]);
    }
    uint32_t w0 = ml_rng_state_word(s);
    return ml_rng_u01(w0, ml_rng_state_word(s));
}

/* gsl_rng_uniform(g), inline for medliab's generator. */
static inline double ml_rng_uniform(gsl_rng *g)
{
    if (g->type == ml_rng_philox)
        return ml_rng_state_double(g->state);
    return gsl_rng_uniform(g);
}

/* gsl_rng_uniform_pos(g): GSL's rule, a uniform drawn again while it is 0. */
static inline double ml_rng_uniform_pos(gsl_rng *g)
{
    double x;
    do
        x = ml_rng_uniform(g);
    while (x == 0);
    return x;
}

#endif
