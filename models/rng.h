/*
 * rng.h — Philox4x32-10 (Random123) as a GSL generator, addressed by what a
 * draw is about.
 *
 * A stream is fixed by key = the run seed (64 bits) and a counter prefix of
 * (replicate, hospital, item, purpose) and the accident year.  The last
 * counter word holds the accident year in its top 8 bits and counts blocks
 * of four 32-bit outputs inside the stream below them, so one stream yields
 * up to 2^26 32-bit words (far more than any claim draws).  Because a stream never depends on which thread or process
 * draws it, results are identical for any thread or rank count, and two
 * regimes run on the same portfolio and seed see the same incidents.
 *
 * Doubles have 53 random bits (two 32-bit words), so tails of heavy
 * distributions are not truncated at 2^-32.
 */
#ifndef ML_RNG_H
#define ML_RNG_H

#include "philox_vec.h"

#include <gsl/gsl_rng.h>
#include <stdint.h>

/* What a draw is for: one stream per (replicate, hospital, item, purpose). */
enum ml_purpose {
    ML_P_YEAR_EFFECT = 1,   /* year-level random effect (item 0, hospital ML_ALL) */
    ML_P_HOSP_EFFECT = 2,   /* hospital-year random effect */
    ML_P_COUNT = 3,         /* incident counts (item = specialty index) */
    ML_P_CLAIMING = 4,      /* does an incident become a claim */
    ML_P_PATHWAY = 5,       /* resolution pathway */
    ML_P_SEVERITY = 6,      /* damages */
    ML_P_LIABILITY = 7,     /* liability share found */
    ML_P_EXPENSE = 8,       /* defence and other expenses */
    ML_P_CLASS = 9,         /* injury class and negligence of an incident */
    ML_P_TIMING = 10,       /* report lag and durations */
    ML_P_PARTICIPATION = 11, /* is a hospital insured this year */
    ML_P_NOFAULT = 12,      /* applications to a no-fault scheme (item = cell) */
    ML_P_ENTRY = 13,        /* where a claim enters the pathway, enforcement */
    ML_P_CHOICE = 14,       /* the claimant's choice of channel and damages estimate */
    ML_P_VALIDITY = 15,     /* an agreement's confirmation, challenge if confirmed, performance */
    ML_P_DATE = 16,         /* an incident's date within its accident year (item = claim) */
    /* The insurance part's own streams (numbered apart from the pathway's
     * so that additions there and here do not collide). */
    ML_P_PREVENTION = 40,   /* negligent adverse events prevented (item = cell) */
    ML_P_RECOGNITION = 41,  /* does the insurer recognise a settlement (item = claim) */
    /* Draws about the model, not about a year: replicate = the draw's or the
     * design row's index, hospital = what is drawn (below). */
    ML_P_PARAM_DRAW = 60,   /* a parameter draw: hospital = 32-bit hash of the parameter key */
    ML_P_SENSITIVITY = 61,  /* a Sobol design row: hospital = matrix (0 A, 1 B), item = parameter */
    ML_P_BOOTSTRAP = 62,    /* bootstrap resamples: replicate = resample index */
    ML_P_MAX = 255
};

#define ML_RNG_ALL_HOSPITALS 0xffffffffu
#define ML_RNG_MAX_ITEM ((1u << 24) - 1u)

extern const gsl_rng_type *ml_rng_philox;

/* Points r (allocated with gsl_rng_alloc(ml_rng_philox)) at the start of the
 * stream for (seed; replicate, hospital, item, purpose).  item must not
 * exceed ML_RNG_MAX_ITEM; purpose must not exceed ML_P_MAX. */
void ml_rng_stream(gsl_rng *r, uint64_t seed, uint32_t replicate,
                   uint32_t hospital, uint32_t item, unsigned purpose);

/* The same stream of accident year `year` (0 .. 255; year 0 is
 * ml_rng_stream's). */
void ml_rng_stream_year(gsl_rng *r, uint64_t seed, uint32_t replicate, uint32_t hospital,
                        uint32_t item, unsigned purpose, unsigned year);

/* The counter words a stream of (item, purpose) and accident year starts
 * at (words 2 and 3; words 0 and 1 are the replicate and the hospital). */
static inline uint32_t ml_rng_ctr_item(uint32_t item, unsigned purpose)
{
    return (item << 8) | (purpose & 0xffu);
}
static inline uint32_t ml_rng_ctr_year(unsigned year)
{
    /* The accident year takes the block counter's top 8 bits: year 0 is
     * the stream of a one-year run, so adding years changes no draw of the
     * policy year. */
    return (uint32_t)(year & 0xffu) << 24;
}

/* The generator's double from two consecutive words: 53 random bits in
 * [0, 1). */
static inline double ml_rng_u01(uint32_t w0, uint32_t w1)
{
    uint32_t a = w0 >> 5; /* 27 bits */
    uint32_t b = w1 >> 6; /* 26 bits */
    return ((double)a * 67108864.0 + (double)b) * (1.0 / 9007199254740992.0);
}

/* 1: g computes every block by the scalar function, none by the vector
 * unit (the same words; the benchmark's baseline). */
void ml_rng_set_scalar(gsl_rng *g, int scalar);
int ml_rng_is_scalar(const gsl_rng *g);

/* The first blocks of up to 16 streams of one replicate, hospital and
 * accident year in one vector call: stream l has counter word 2 ctr2[l]
 * (ml_rng_ctr_item), its block is out->w[0..3][l]. */
void ml_rng_first_blocks(uint64_t seed, uint32_t replicate, uint32_t hospital, unsigned year,
                         unsigned n, const uint32_t *ctr2, ml_philox16 *out);

/* ml_rng_stream_year, given the stream's first block (its four words in
 * first): the same words, one block computed sooner. */
void ml_rng_stream_year_first(gsl_rng *g, uint64_t seed, uint32_t replicate, uint32_t hospital,
                              uint32_t item, unsigned purpose, unsigned year,
                              const uint32_t first[4]);

/* ml_rng_stream_year, given the stream's first block (lane `lane` of
 * ml_rng_first_blocks): the same words, one block computed sooner. */
void ml_rng_stream_year_from(gsl_rng *g, uint64_t seed, uint32_t replicate, uint32_t hospital,
                             uint32_t item, unsigned purpose, unsigned year,
                             const ml_philox16 *first, unsigned lane);

/* Blocks after its first that a stream may be given ahead. */
#define ML_RNG_PRE_MAX 2

/* ml_rng_stream_year_from, given also the stream's next blocks: lanes
 * more[0], more[1] of b, up to the first negative one (at most
 * ML_RNG_PRE_MAX).  The same words, those blocks computed sooner. */
void ml_rng_stream_year_lanes(gsl_rng *g, uint64_t seed, uint32_t replicate, uint32_t hospital,
                              uint32_t item, unsigned purpose, unsigned year,
                              const ml_philox16 *b, unsigned lane, const signed char *more);

/* The raw block function, for known-answer tests: out = philox4x32-10(ctr, key). */
void ml_rng_philox_block(const uint32_t ctr[4], const uint32_t key[2],
                         uint32_t out[4]);

#endif
