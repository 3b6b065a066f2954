/*
 * rng.c — Philox4x32-10 exposed as a gsl_rng_type with stream addressing.
 *
 * The state holds the counter, the key and a buffer of computed blocks.
 * max = 0xffffffff and min = 0 so that GSL's ziggurat Gaussian takes its fast
 * path.  get_double combines two words into 53 bits.
 */
#include "rng.h"
#include "rng_state.h"
#include "philox_vec.h"

#include <Random123/philox.h>
#include <string.h>

/* A stream's blocks: most streams are short (a claim's severity takes one
 * block, its pathway one or two), and the scalar function computes those
 * one at a time; a stream that reads on past ML_RNG_SCALAR_BLOCKS gets its
 * next sixteen blocks from one call of the vector unit (philox_vec.h).
 * Both give the very words the counter defines, so this changes no draw.
 * The threshold was measured (bench: streams of 1 to 200 uniforms): below
 * it a vector call costs more than the blocks it saves. */
#define ML_RNG_SCALAR_BLOCKS 4


static void philox_set(void *vstate, unsigned long seed)
{
    /* gsl_rng_set gives a plain sequential stream from seed; medliab itself
     * always uses ml_rng_stream, this only keeps the gsl_rng contract. */
    ml_philox_state *s = vstate;
    memset(s, 0, sizeof *s);
    s->key[0] = (uint32_t)seed;
    s->key[1] = (uint32_t)((uint64_t)seed >> 32);
    s->used = 4;
    s->vnext = ML_PHILOX_LANES;
}

void ml_rng_next_block(ml_philox_state *s)
{
    if (s->ipre < s->npre) {
        /* A block computed in a vector call with others: the words the
         * counter gives, so it is the stream's next block. */
        memcpy(s->out, s->pre[s->ipre++], sizeof s->out);
        s->blocks++;
        s->ctr[3]++;
        s->used = 0;
        return;
    }
    if (s->blocks++ < ML_RNG_SCALAR_BLOCKS || s->scalar) {
        philox4x32_ctr_t c = {{s->ctr[0], s->ctr[1], s->ctr[2], s->ctr[3]}};
        philox4x32_key_t k = {{s->key[0], s->key[1]}};
        philox4x32_ctr_t o = philox4x32(c, k);
        memcpy(s->out, o.v, sizeof s->out);
        s->ctr[3]++;
    } else {
        if (s->vnext == ML_PHILOX_LANES) {
            /* Counters made in registers (philox_vec.h): the next
             * sixteen of the stream. */
            static const uint32_t zero[ML_PHILOX_LANES] = {0},
                                  step[ML_PHILOX_LANES] = {0, 1, 2,  3,  4,  5,  6,  7,
                                                           8, 9, 10, 11, 12, 13, 14, 15};
            ml_philox16_blocks_affine(s->key, s->ctr[0], s->ctr[1], s->ctr[2], zero, s->ctr[3],
                                      step, &s->vbuf);
            s->ctr[3] += ML_PHILOX_LANES;
            s->vnext = 0;
        }
        for (int w = 0; w < 4; w++)
            s->out[w] = s->vbuf.w[w][s->vnext];
        s->vnext++;
    }
    s->used = 0;
}

static unsigned long philox_get(void *vstate)
{
    return ml_rng_state_word(vstate);
}

static double philox_get_double(void *vstate)
{
    return ml_rng_state_double(vstate);
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

/* A stream's key and first counter, at block `block`. */
static inline void set_counter(ml_philox_state *s, uint64_t seed, uint32_t replicate,
                               uint32_t hospital, uint32_t item, unsigned purpose, unsigned year,
                               uint32_t block)
{
    s->key[0] = (uint32_t)seed;
    s->key[1] = (uint32_t)(seed >> 32);
    s->ctr[0] = replicate;
    s->ctr[1] = hospital;
    s->ctr[2] = ml_rng_ctr_item(item, purpose);
    s->ctr[3] = ml_rng_ctr_year(year) + block;
}

void ml_rng_stream_year(gsl_rng *r, uint64_t seed, uint32_t replicate, uint32_t hospital,
                        uint32_t item, unsigned purpose, unsigned year)
{
    ml_philox_state *s = r->state;
    set_counter(s, seed, replicate, hospital, item, purpose, year, 0);
    s->used = 4;
    s->blocks = 0;
    s->vnext = ML_PHILOX_LANES;
    s->npre = s->ipre = 0;
}

void ml_rng_philox_block(const uint32_t ctr[4], const uint32_t key[2],
                         uint32_t out[4])
{
    philox4x32_ctr_t c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
    philox4x32_key_t k = {{key[0], key[1]}};
    philox4x32_ctr_t o = philox4x32(c, k);
    memcpy(out, o.v, sizeof o.v);
}

void ml_rng_set_scalar(gsl_rng *r, int scalar)
{
    ((ml_philox_state *)r->state)->scalar = scalar != 0;
}

int ml_rng_is_scalar(const gsl_rng *r)
{
    return (int)((const ml_philox_state *)r->state)->scalar;
}

void ml_rng_first_blocks(uint64_t seed, uint32_t replicate, uint32_t hospital, unsigned year,
                         unsigned n, const uint32_t *ctr2, ml_philox16 *out)
{
    const uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    ml_philox16 c;
    for (unsigned l = 0; l < ML_PHILOX_LANES; l++) {
        c.w[0][l] = replicate;
        c.w[1][l] = hospital;
        c.w[2][l] = ctr2[l < n ? l : 0]; /* spare lanes repeat the first */
        c.w[3][l] = ml_rng_ctr_year(year);
    }
    ml_philox16_blocks(key, &c, out);
}

void ml_rng_stream_year_lanes(gsl_rng *r, uint64_t seed, uint32_t replicate, uint32_t hospital,
                              uint32_t item, unsigned purpose, unsigned year,
                              const ml_philox16 *b, unsigned lane, const signed char *more)
{
    /* ml_rng_stream_year_from's state written once, field by field (a
     * lifecycle claim sets seven to nine streams so). */
    ml_philox_state *s = r->state;
    set_counter(s, seed, replicate, hospital, item, purpose, year, 1);
    for (int w = 0; w < 4; w++)
        s->out[w] = b->w[w][lane];
    s->used = 0;
    s->blocks = 1;
    s->vnext = ML_PHILOX_LANES;
    s->ipre = 0;
    unsigned k = 0;
    for (; k < ML_RNG_PRE_MAX && more[k] >= 0; k++)
        for (int w = 0; w < 4; w++)
            s->pre[k][w] = b->w[w][more[k]];
    s->npre = k;
}

void ml_rng_stream_year_first(gsl_rng *r, uint64_t seed, uint32_t replicate, uint32_t hospital,
                              uint32_t item, unsigned purpose, unsigned year,
                              const uint32_t first[4])
{
    ml_rng_stream_year(r, seed, replicate, hospital, item, purpose, year);
    ml_philox_state *s = r->state;
    memcpy(s->out, first, sizeof s->out);
    s->used = 0;
    s->blocks = 1;
    s->ctr[3]++;
}

void ml_rng_stream_year_from(gsl_rng *r, uint64_t seed, uint32_t replicate, uint32_t hospital,
                             uint32_t item, unsigned purpose, unsigned year,
                             const ml_philox16 *first, unsigned lane)
{
    const uint32_t b[4] = {first->w[0][lane], first->w[1][lane], first->w[2][lane],
                           first->w[3][lane]};
    ml_rng_stream_year_first(r, seed, replicate, hospital, item, purpose, year, b);
}
