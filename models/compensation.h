/*
 * compensation.h — how much a claim is worth: assessed damages by
 * specialty and injury class, statutory schedules and caps.
 *
 * Assessed damages of a claim of class c in specialty s are
 *     D = X + base * years * coefficient
 * where X follows the damages law of the cell (s, c): the regime's law of
 * class c unless the regime gives specialty s its own (by_specialty), and
 * the second term is a statutory schedule (mainland China's disability and
 * death compensation: a number of years of per-capita disposable income
 * times a disability-grade coefficient drawn from the class's grade mix),
 * absent when years = 0.
 *
 * A damages law is a lognormal(meanlog, sdlog), or, with a tail, a spliced
 * lognormal-Pareto: with probability 1 - w the lognormal conditioned to lie
 * below the threshold u, with probability w a Pareto above it,
 * P(X > x) = w (u / x)^shape for x >= u.  The tail is how a few
 * catastrophic injuries (a brain-injured baby's lifetime care) carry much of
 * the value.  The weight w is stated, or the lognormal's own mass above u
 * (the body is then exactly the lognormal below u), or the one that makes
 * the density continuous at u.
 *
 * The award applies the caps: the non-economic part (a fixed share of D)
 * is capped at cap_noneconomic and the whole at cap_total.  The amount
 * actually paid is the capped award times the liability share found and
 * any settlement discount (pathway.h).
 */
#ifndef ML_COMPENSATION_H
#define ML_COMPENSATION_H

#include "appraisal.h"
#include "injury.h"

#include <gsl/gsl_rng.h>

#define ML_GRADES_MAX 10
#define ML_DMG_SPEC_MAX 8 /* specialties with damages of their own */

typedef struct {
    unsigned n;
    double coef[ML_GRADES_MAX]; /* fraction of the full schedule amount */
    double prob[ML_GRADES_MAX];
} ml_grade_mix;

typedef struct {
    double meanlog, sdlog; /* lognormal body, log currency */
    double threshold;      /* currency; 0 = no tail (a plain lognormal) */
    double shape;          /* Pareto shape above the threshold, > 1 */
    double weight;         /* probability of the tail, in [0, 1) */
} ml_dmg_law;

typedef struct {
    ml_dmg_law law[ML_N_INJ];                 /* by injury class, currency */
    /* Specialties with a law of their own for some classes: own[k][c] says
     * the regime named class c for specialty k; law of a class not named
     * is the class default (resolved when the regime is finished). */
    unsigned n_spec;
    char spec_name[ML_DMG_SPEC_MAX][ML_LABEL_MAX];
    unsigned char own[ML_DMG_SPEC_MAX][ML_N_INJ];
    ml_dmg_law spec[ML_DMG_SPEC_MAX][ML_N_INJ];
    double sched_base;                        /* currency per year */
    double sched_years;                       /* 0 = no schedule */
    ml_grade_mix grades[ML_N_INJ];            /* schedule coefficient by class */
    double noneconomic_share;                 /* share of D that is non-economic */
    double cap_noneconomic, cap_total;        /* currency; +INFINITY = none */
} ml_compensation;

/* The damages law of specialty spec (an index into spec_name, or -1 for
 * the class defaults) and class cls. */
const ml_dmg_law *ml_damages_law(const ml_compensation *c, int spec, int cls);
/* Assessed damages of one claim of specialty spec and injury class cls. */
double ml_damages_draw(const ml_compensation *c, int spec, int cls, gsl_rng *g);
/* The award for assessed damages d once the caps apply. */
double ml_damages_capped(const ml_compensation *c, double d);
/* Mean of the schedule coefficient of class cls (0 without a schedule). */
double ml_grade_mean(const ml_grade_mix *m);

/* The law: one draw, mean, survival P(X > x) and quantile (0 < p < 1).
 * The mean is finite because the loader requires shape > 1. */
double ml_dmg_draw(const ml_dmg_law *l, gsl_rng *g);
double ml_dmg_mean(const ml_dmg_law *l);
double ml_dmg_sf(const ml_dmg_law *l, double x);
double ml_dmg_quantile(const ml_dmg_law *l, double p);
/* Tail weights: the lognormal's own mass above the threshold, and the
 * weight that makes the density continuous there. */
double ml_dmg_weight_own(double meanlog, double sdlog, double threshold);
double ml_dmg_weight_continuous(double meanlog, double sdlog, double threshold,
                                double shape);

#endif
