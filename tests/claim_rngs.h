/*
 * claim_rngs.h — the six generators a claim's walk draws from
 * (ml_claim_rngs, models/claim.h), pointed at claim `item`'s streams the
 * way the engine addresses them; and the binomial check the walk tests
 * make of a share.  Include after <cmocka.h>.
 */
#ifndef ML_CLAIM_RNGS_H
#define ML_CLAIM_RNGS_H

#include "claim.h"
#include "rng.h"

#include <math.h>

typedef struct {
    gsl_rng *g[6];
    ml_claim_rngs r;
} rngs;

static inline void rngs_alloc(rngs *x)
{
    for (int i = 0; i < 6; i++) {
        x->g[i] = gsl_rng_alloc(ml_rng_philox);
        assert_non_null(x->g[i]);
    }
    x->r = (ml_claim_rngs){x->g[0], x->g[1], x->g[2], x->g[3], x->g[4], x->g[5]};
}

static inline void rngs_free(rngs *x)
{
    for (int i = 0; i < 6; i++)
        gsl_rng_free(x->g[i]);
}

/* The streams of claim `item` of hospital 0, replicate 0, under seed. */
static inline void rngs_at(rngs *x, uint64_t seed, uint32_t item)
{
    ml_rng_stream(x->r.path, seed, 0, 0, item, ML_P_PATHWAY);
    ml_rng_stream(x->r.appraisal, seed, 0, 0, item, ML_P_LIABILITY);
    ml_rng_stream(x->r.timing, seed, 0, 0, item, ML_P_TIMING);
    ml_rng_stream(x->r.damages, seed, 0, 0, item, ML_P_SEVERITY);
    ml_rng_stream(x->r.choice, seed, 0, 0, item, ML_P_CHOICE);
    ml_rng_stream(x->r.validity, seed, 0, 0, item, ML_P_VALIDITY);
}

/* hits of n trials against probability p: within 4 binomial standard
 * errors (a chance failure about once in 16000; the seeds are fixed). */
static inline void within_4se(double hits, double n, double p, const char *what)
{
    double se = sqrt(p * (1.0 - p) / n);
    if (!(fabs(hits / n - p) <= 4.0 * se))
        fail_msg("%s: %.5f observed over %.0f trials, %.5f expected (4 se = %.5f)", what,
                 hits / n, n, p, 4.0 * se);
}

#endif
