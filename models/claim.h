/*
 * claim.h — one claim from notification to closure: the pathway walk,
 * appraisal, award and who bears which cost.
 *
 * Draws come from four separate streams (one per purpose), so that a
 * change in one rule (say, a higher mediation success rate) does not shift
 * the damages or durations drawn for the same claim under another regime.
 */
#ifndef ML_CLAIM_H
#define ML_CLAIM_H

#include "lifecycle.h"

#include <gsl/gsl_rng.h>

typedef struct {
    gsl_rng *path, *appraisal, *timing, *damages;
} ml_claim_rngs;

typedef struct {
    double damages;   /* assessed damages, before caps, liability and terms */
    double award;     /* owed by the hospital after caps, share and discount */
    /* A claim on a no-fault fund (the walk started at the no-fault stage):
     * what the fund pays if it approves, the lump sum and the nominal sum
     * of the yearly instalments; award stays 0. */
    double fund_lump, fund_instalments;
    int then;         /* after a no-fault stage: the stage where a separate
                       * claim against the hospital starts, -1 = none */
    double defence;   /* defence costs */
    double claimant;  /* the claimant's legal costs (a contingency fee included) */
    double admin;     /* mediation, court and appraisal fees */
    double months;    /* notification to closure, months */
    int final_stage;  /* the stage that closed the claim */
    int litigated;    /* 1 if it ever reached a litigation stage */
    unsigned visited; /* bit s set: the claim passed through stage s */
    unsigned agreements; /* agreements reached at stages with a challenge_to */
    unsigned challenges; /* of those, challenged (the claim moved on to court) */
    double stage_months[ML_STAGES_MAX]; /* time spent at each stage visited */
} ml_claim_out;

/* Walks a claim of injury class cls and true negligence neg from stage
 * `entry`; spec is the claim's specialty among the regime's damages
 * specialties (ml_compensation.spec_name), -1 for the class defaults.
 * Never fails for a pathway that passed ml_pathway_check. */
void ml_claim_walk(const ml_lifecycle *L, int spec, int cls, int neg, int entry,
                   const ml_claim_rngs *g, ml_claim_out *o);

/* A gamma duration with mean m and coefficient of variation cv (m when
 * cv = 0, 0 when m = 0). */
double ml_duration_draw(double m, double cv, gsl_rng *g);

#endif
