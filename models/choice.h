/*
 * choice.h — the claimant's choice of channel: which stage a claim enters
 * first, and where it goes after a stage that did not resolve it, as a
 * multinomial logit over candidate stages (README, "Channel choice").
 *
 * The utility of candidate stage c is
 *   U_c = a_c + court_c (size ln(D / ref_damages) + liability x)
 *         - cost (cost_c / D) - months months_c + validity valid_c
 * where
 *   a_c      the constant of the stage (its own, else its kind's, else 0);
 *   court_c  1 for an adjudicating stage (a court), else 0;
 *   D        the damages as the parties know them: an estimate (lognormal
 *            noise of sdlog estimate_sdlog around the assessed damages)
 *            until an appraisal states them, the assessed damages after;
 *   x        the strength of liability: the share the last appraisal
 *            found, or before any appraisal the negligence of the injury
 *            (1 or 0), which the parties are taken to sense;
 *   cost_c   the claimant's outlay at c: its own costs and the appraisal
 *            fee of c's route, which it advances (Decree 701 Art. 34);
 *   months_c the stage's mean months plus its route's appraisal delay;
 *   valid_c  the probability that the outcome at c is enforceable: 1 at an
 *            adjudicating stage (a judgment), p_confirm at another (an
 *            agreement the court confirms), 0 at a dropped stage.
 * The attributes are the stages' own numbers, so a lever that changes a
 * stage's months, costs or confirmation changes its take-up.
 *
 * A candidate is not available when the claim has already visited it, or
 * when an appraisal found no liability and the candidate can pay only by
 * agreement (neither adjudicating nor dropped): the walk never lets such a
 * stage agree.  The pathway check makes every choice of a next stage hold
 * a dropped or adjudicating stage, which is never visited before the
 * claim ends, so a choice always has a candidate.
 */
#ifndef ML_CHOICE_H
#define ML_CHOICE_H

#include "lifecycle.h"

/* What the claimant weighs at stage i. */
typedef struct {
    int court;     /* adjudicating */
    double months; /* mean months at the stage plus its appraisal delay */
    double cost;   /* claimant's costs plus its route's appraisal fee */
    double valid;  /* probability the outcome is enforceable */
} ml_channel;

void ml_choice_channel(const ml_lifecycle *L, int i, ml_channel *c);

/* U_i for a claim with damages d (> 0) and liability strength x. */
double ml_choice_utility(const ml_lifecycle *L, int i, double d, double x);

/* Whether candidate i is available (see above): visited is the walk's bit
 * mask of stages passed, no_liability 1 when an appraisal found none. */
int ml_choice_available(const ml_lifecycle *L, int i, unsigned visited, int no_liability);

/* The logit's probabilities over the n candidates cand[] (0 for those not
 * available); returns how many are available.  p needs n entries. */
unsigned ml_choice_probs(const ml_lifecycle *L, const int *cand, unsigned n, double d,
                         double x, unsigned visited, int no_liability, double *p);

/* The candidate chosen by the uniform u in [0, 1), by inversion of
 * ml_choice_probs in candidate order; -1 when none is available. */
int ml_choice_pick(const ml_lifecycle *L, const int *cand, unsigned n, double d, double x,
                   unsigned visited, int no_liability, double u);

#endif
