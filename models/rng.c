/*
 * rng.c — Philox4x32-10 exposed as a gsl_rng_type with stream addressing.
 *
 * The state holds the counter, the key and the current block of four outputs.
 * max = 0xffffffff and min = 0 so that GSL's ziggurat Gaussian takes its fast
 * path.  get_double combines two words into 53 bits.
 */
#include "rng.h"

#include <Random123/philox.h>
#include <string.h>

typedef struct {
    philox4x32_ctr_t ctr;
    philox4x32_key_t key;
    philox4x32_ctr_t out;
    unsigned used; /* outputs of `out` already consumed (4 = empty) */
} ml_philox_state;

static void philox_set(void *vstate, unsigned long seed)
{
    /* gsl_rng_set gives a plain sequential stream from seed; medliab itself
     * always uses ml_rng_stream, this only keeps the gsl_rng contract. */
    ml_philox_state *s = vstate;
    memset(s, 0, sizeof *s);
    s->key.v[0] = (uint32_t)seed;
    s->key.v[1] = (uint32_t)((uint64_t)seed >> 32);
    s->used = 4;
}

static inline uint32_t philox_next(ml_philox_state *s)
{
    if (s->used == 4) {
        s->out = philox4x32(s->ctr, s->key);
        s->ctr.v[3]++;
        s->used = 0;
    }
    return s->out.v[s->used++];
}

static unsigned long philox_get(void *vstate)
{
    return philox_next(vstate);
}

static double philox_get_double(void *vstate)
{
    ml_philox_state *s = vstate;
    uint32_t a = philox_next(s) >> 5; /* 27 bits */
    uint32_t b = philox_next(s) >> 6; /* 26 bits */
    return ((double)a * 67108864.0 + (double)b) * (1.0 / 9007199254740992.0);
}

static const gsl_rng_type philox_type = {
    "ml-philox4x32-10", 0xffffffffUL, 0, sizeof(ml_philox_state),
    philox_set, philox_get, philox_get_double};

const gsl_rng_type *ml_rng_philox = &philox_type;

void ml_rng_stream(gsl_rng *r, uint64_t seed, uint32_t replicate,
                   uint32_t hospital, uint32_t item, unsigned purpose)
{
    ml_rng_stream_year(r, seed, replicate, hospital, item, purpose, 0);
}

void ml_rng_stream_year(gsl_rng *r, uint64_t seed, uint32_t replicate, uint32_t hospital,
                        uint32_t item, unsigned purpose, unsigned year)
{
    ml_philox_state *s = r->state;
    s->key.v[0] = (uint32_t)seed;
    s->key.v[1] = (uint32_t)(seed >> 32);
    s->ctr.v[0] = replicate;
    s->ctr.v[1] = hospital;
    s->ctr.v[2] = (item << 8) | (purpose & 0xffu);
    /* The accident year takes the block counter's top 8 bits: year 0 is
     * the stream of a one-year run, so adding years changes no draw of
     * the policy year. */
    s->ctr.v[3] = (uint32_t)(year & 0xffu) << 24;
    s->used = 4;
}

void ml_rng_philox_block(const uint32_t ctr[4], const uint32_t key[2],
                         uint32_t out[4])
{
    philox4x32_ctr_t c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
    philox4x32_key_t k = {{key[0], key[1]}};
    philox4x32_ctr_t o = philox4x32(c, k);
    memcpy(out, o.v, sizeof o.v);
}
