/*
 * claim.h — one claim from notification to closure: the pathway walk,
 * appraisal, award and who bears which cost.
 *
 * Draws come from separate streams (one per purpose), so that a change in
 * one rule (say, a higher mediation success rate) does not shift the
 * damages or durations drawn for the same claim under another regime.
 * The claimant's choice of channel and the validity of agreements (models/
 * pathway.h) have streams of their own, used only by pathways that have
 * them (ml_pathway_draws_choice, ml_pathway_draws_validity): a regime
 * without them draws exactly what it drew before they existed.
 */
#ifndef ML_CLAIM_H
#define ML_CLAIM_H

#include "lifecycle.h"

#include <gsl/gsl_rng.h>

typedef struct {
    gsl_rng *path, *appraisal, *timing, *damages;
    gsl_rng *choice;   /* the damages estimate and each choice; NULL if never chosen */
    gsl_rng *validity; /* confirmation, challenge of confirmed, non-performance */
} ml_claim_rngs;

/* ml_claim_walk's entry for a claimant who chooses the first channel
 * (pathway.choice.entry). */
#define ML_ENTRY_CHOOSE (-1)

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
    int entry;        /* the stage the claim started at */
    unsigned agreements; /* agreements reached at stages with a challenge_to */
    unsigned challenges; /* of those, challenged (the claim moved on to court) */
    unsigned confirmed;  /* agreements judicially confirmed */
    unsigned unperformed; /* agreements not performed (litigated, or enforced) */
    unsigned enforced;   /* of those, confirmed ones enforced by a court */
    double stage_months[ML_STAGES_MAX]; /* time spent at each stage visited */
    /* When the defendant-side costs (defence and admin) fall: ev_cost[k] at
     * ev_months[k] months from notification, one event per stage visited
     * (at its end), in the order visited; they sum to defence + admin. */
    unsigned n_ev;
    double ev_months[ML_STAGES_MAX + 2], ev_cost[ML_STAGES_MAX + 2];
} ml_claim_out;

/* The multiplier of a side's stage costs for a claim of assessed damages
 * `damages` (1 where the side's costs do not grow with the claim). */
double ml_cost_size_factor(const ml_cost_size *z, double damages);

/* Walks a claim of injury class cls and true negligence neg from stage
 * `entry` (ML_ENTRY_CHOOSE: the claimant chooses it); spec is the claim's
 * specialty among the regime's damages specialties
 * (ml_compensation.spec_name), -1 for the class defaults.  Never fails
 * for a pathway that passed ml_pathway_check. */
void ml_claim_walk(const ml_lifecycle *L, int spec, int cls, int neg, int entry,
                   const ml_claim_rngs *g, ml_claim_out *o);

/* A gamma duration with mean m and coefficient of variation cv (m when
 * cv = 0, 0 when m = 0). */
double ml_duration_draw(double m, double cv, gsl_rng *g);

#endif
