/*
 * compensation.h — how much a claim is worth: assessed damages by injury
 * class, statutory schedules and caps.
 *
 * Assessed damages of a claim of class c are
 *     D = lognormal(meanlog[c], sdlog[c]) + base * years * coefficient
 * where the second term is a statutory schedule (mainland China's
 * disability and death compensation: a number of years of per-capita
 * disposable income times a disability-grade coefficient drawn from the
 * class's grade mix) and is absent when years = 0.
 * The award applies the caps: the non-economic part (a fixed share of D)
 * is capped at cap_noneconomic and the whole at cap_total.  The amount
 * actually paid is the capped award times the liability share found and
 * any settlement discount (pathway.h).
 */
#ifndef ML_COMPENSATION_H
#define ML_COMPENSATION_H

#include "injury.h"

#include <gsl/gsl_rng.h>

#define ML_GRADES_MAX 10

typedef struct {
    unsigned n;
    double coef[ML_GRADES_MAX]; /* fraction of the full schedule amount */
    double prob[ML_GRADES_MAX];
} ml_grade_mix;

typedef struct {
    double meanlog[ML_N_INJ], sdlog[ML_N_INJ]; /* lognormal part, currency */
    double sched_base;                        /* currency per year */
    double sched_years;                       /* 0 = no schedule */
    ml_grade_mix grades[ML_N_INJ];            /* schedule coefficient by class */
    double noneconomic_share;                 /* share of D that is non-economic */
    double cap_noneconomic, cap_total;        /* currency; +INFINITY = none */
} ml_compensation;

/* Assessed damages of one claim of injury class cls. */
double ml_damages_draw(const ml_compensation *c, int cls, gsl_rng *g);
/* The award for assessed damages d once the caps apply. */
double ml_damages_capped(const ml_compensation *c, double d);
/* Mean of the schedule coefficient of class cls (0 without a schedule). */
double ml_grade_mean(const ml_grade_mix *m);

#endif
