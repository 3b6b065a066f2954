/*
 * lifecycle.h — the law-and-insurance rules of a claim's life under one
 * regime (DESIGN section 3): who claims, the pathway, damage
 * identification, compensation, who pays legal costs, and insurance
 * participation.  Plain data, filled by the loader and then read-only.
 */
#ifndef ML_LIFECYCLE_H
#define ML_LIFECYCLE_H

#include "appraisal.h"
#include "compensation.h"
#include "injury.h"
#include "pathway.h"

typedef struct {
    double p_claim[2][ML_N_INJ];   /* [negligent][class]: an incident becomes a claim */
    double lag_mean, lag_cv;       /* months from incident to claim */
} ml_claiming;

/* A side's stage costs grow with the claim's size: multiplied by
 * (D / ref)^elasticity for a claim of assessed damages D, growing up to
 * D = up_to (0: no ceiling) and flat above.  elasticity 0 (the default):
 * costs as stated. */
typedef struct {
    double ref, elasticity, up_to;
} ml_cost_size;

/* Fixed recoverable costs: on a claim paid more than `from` and at most
 * `up_to`, the claimant's side recovers, and spends, at most
 * fixed + share x payment (a success fee apart).  up_to 0 (the default):
 * no such scheme. */
typedef struct {
    double from, up_to, fixed, share;
} ml_fixed_costs;

/* Who pays legal costs. */
typedef struct {
    int duty_to_defend;         /* the insurer pays and runs the defence */
    int defence_inside_limits;  /* defence costs erode the per-claim limit */
    int loser_pays;             /* a paid claimant's costs are paid by the defendant */
    double contingency_fee;     /* claimant lawyer's share of a paid award */
    /* How each side's stage costs grow with the claim (the stages'
     * admin costs, court and appraisal fees, do not). */
    ml_cost_size claimant_size, defence_size;
    ml_fixed_costs fixed_costs;
} ml_legal;

/* Size bands of paid claims (by the payment) for the small_*, medium_* and
 * large_* measures, in the regime's currency; 0: that band is not
 * counted. */
typedef struct {
    double small;  /* paid claims paying at most this */
    double medium; /* paid claims paying more than small and at most this */
    double large;  /* paid claims paying at least this */
} ml_size_bands;

#define ML_PART_GRADES_MAX 8

/* Compulsory insurance by a rule (a State Council regulation, a local
 * rule): the share of each grade's hospitals the rule requires to be
 * insured (target), and its enforcement: the share of the hospitals it
 * requires that would not insure of their own accord that it brings in.
 * A hospital of participation p and target t > p is insured with
 * probability p + (t - p) x enforcement; with t <= p the rule changes
 * nothing.  No mandate: n_grades 0 and target 0. */
typedef struct {
    unsigned n_grades;
    char grade[ML_PART_GRADES_MAX][ML_LABEL_MAX];
    double grade_target[ML_PART_GRADES_MAX];
    double target;          /* grades not listed (other), or every hospital */
    int has_other;
    double enforcement;     /* [0, 1] */
    char where[700];        /* "file:line: field" of the target, for messages */
} ml_mandate;

typedef struct {
    /* Probability a hospital is insured in a year: one value for every
     * hospital, or by hospital grade (n_grades > 0), with participation
     * then the value of grades not listed when has_other is set. */
    double participation;
    unsigned n_grades;
    char grade[ML_PART_GRADES_MAX][ML_LABEL_MAX];
    double grade_participation[ML_PART_GRADES_MAX];
    int has_other;
    char where[700];        /* "file:line: field" of participation, for messages */
    int direct_claim;       /* the patient may claim against the insurer */
    double p_unpaid;        /* an award owed by the hospital itself is never paid */
    double enforce_months;  /* extra time to collect from the hospital itself */
    /* A direct claim is paid by the insurer this long after the agreement
     * or judgment (advance payment of the whole award; 0: at once). */
    double payment_months;
    /* [stage kind]: share of settlements reached at a stage of that kind
     * that the insurer does not recognise: it pays no part of them, and
     * the hospital bears the whole award.  An insurer that conducts the
     * defence (duty to defend) or faces a direct claim is a party to every
     * settlement and recognises it.  0 (the default): every one recognised. */
    double unrecognised[ML_N_STAGE_KINDS];
    ml_mandate mandate;
} ml_insurance;

/* Prevention: a share of the negligent adverse events the portfolio's
 * medicine would give no longer happens (a safety programme the regime
 * has run long enough to reach it).  Drawn as a binomial thinning of
 * each negligent cell's count, so the events that remain are a subset of
 * the base's (common random numbers). */
typedef struct {
    double negligent;       /* share of negligent adverse events prevented, [0, 1] */
} ml_prevention;

typedef struct {
    ml_claiming claiming;
    ml_pathway pathway;
    ml_degrees degrees;
    unsigned n_routes;
    ml_route route[ML_ROUTES_MAX];
    ml_compensation comp;
    ml_legal legal;
    ml_insurance ins;
    ml_prevention prevention;
    ml_size_bands bands;
} ml_lifecycle;

#endif
