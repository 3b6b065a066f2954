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

/* Who pays legal costs. */
typedef struct {
    int duty_to_defend;         /* the insurer pays and runs the defence */
    int defence_inside_limits;  /* defence costs erode the per-claim limit */
    int loser_pays;             /* a paid claimant's costs are paid by the defendant */
    double contingency_fee;     /* claimant lawyer's share of a paid award */
} ml_legal;

#define ML_PART_GRADES_MAX 8

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
} ml_insurance;

typedef struct {
    ml_claiming claiming;
    ml_pathway pathway;
    ml_degrees degrees;
    unsigned n_routes;
    ml_route route[ML_ROUTES_MAX];
    ml_compensation comp;
    ml_legal legal;
    ml_insurance ins;
} ml_lifecycle;

#endif
