/*
 * portfolio.h — hospitals, their exposure by specialty and the incident
 * rates of each specialty: the medicine half of a scenario.
 */
#ifndef ML_PORTFOLIO_H
#define ML_PORTFOLIO_H

#include "frequency.h"
#include "injury.h"
#include <stddef.h>

#define ML_NAME_MAX 64

typedef struct {
    char name[ML_NAME_MAX];
    double incident_rate; /* incidents per unit of exposure per year */
    int has_mix;          /* injury_mix given for this specialty */
    double injury_mix[ML_N_INJ]; /* share of its incidents in each injury class */
} ml_specialty;

typedef struct {
    char name[ML_NAME_MAX];
    double *exposure; /* [n_specialties], units of exposure (e.g. 1,000 admissions) */
    double beds;      /* for pricing per bed; 0 = not given */
    char grade[ML_NAME_MAX]; /* e.g. tertiary / secondary; "" = not given */
    unsigned count;   /* the identical hospitals an entry stands for; after the
                       * loader expands them, n on the first (NAME-1) and 0 on
                       * the n-1 that follow, so the resolved scenario can be
                       * written back as one entry with count: n */
} ml_hospital;

typedef struct {
    char name[ML_NAME_MAX];
    char exposure_unit[ML_NAME_MAX];
    size_t n_specialties;
    ml_specialty *specialties;
    size_t n_hospitals;
    ml_hospital *hospitals;
    ml_random_effect hospital_effect; /* per hospital-year */
    ml_random_effect year_effect;     /* per year, shared by all hospitals */
    /* The medicine a lifecycle regime needs (DESIGN section 3, step 1). */
    int has_medicine;
    double injury_mix[ML_N_INJ];      /* default share of incidents per class */
    double negligent_share[ML_N_INJ]; /* share of incidents of a class that are negligent */
} ml_portfolio;

/* Frees what the loader allocated inside p (not p itself). */
void ml_portfolio_free(ml_portfolio *p);
/* Expected incidents of hospital h per year before random effects. */
double ml_portfolio_hospital_rate(const ml_portfolio *p, size_t h);

#endif
